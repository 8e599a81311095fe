// Children that posix_spawn can make: run as written, then after
// prefer-posix-spawn's fix-its, the two must print the same. The programs
// print only the signals their children set: glibc's posix_spawn leaves its
// own internal signals ignored in the new program, where fork does not.
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int finish(pid_t pid, const char *what) {
  int status;
  if (pid < 0) {
    printf("%s: could not start\n", what);
    return -1;
  }
  if (waitpid(pid, &status, 0) != pid)
    return -1;
  printf("%s: exit %d\n", what, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  fflush(stdout);
  return 0;
}

// The new program's output to a file, opened in the child.
static void to_file(const char *path) {
  pid_t pid = fork();
  if (pid < 0)
    perror("fork");
  if (pid == 0) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, STDOUT_FILENO);
    close(fd);
    execl("/bin/sh", "sh", "-c",
          "echo to-file; ls /proc/self/fd | sort -n | tr '\\n' ' '; echo",
          (char *)NULL);
    _exit(127);
  }
  finish(pid, "to_file");
  char line[256];
  FILE *f = fopen(path, "r");
  while (f && fgets(line, sizeof line, f))
    printf("  %s", line);
  if (f)
    fclose(f);
}

// A pipe's write end as stdout, in another directory, SIGPIPE back to its
// default, a session and a process group of its own.
static void piped(char **argv) {
  int fds[2];
  if (pipe(fds) < 0)
    return;
  pid_t pid;
  pid = fork();
  if (pid == -1) {
    perror("fork");
    return;
  } else if (pid == 0) {
    if (dup2(fds[1], STDOUT_FILENO) < 0)
      _exit(126);
    close(fds[0]);
    close(fds[1]);
    chdir("/");
    signal(SIGPIPE, SIG_DFL);
    setsid();
    execv(argv[0], argv);
    perror("execv");
    _exit(127);
  }
  close(fds[1]);
  char buffer[512];
  ssize_t n;
  while ((n = read(fds[0], buffer, sizeof buffer)) > 0)
    fwrite(buffer, 1, n, stdout);
  close(fds[0]);
  finish(pid, "piped");
}

static void grouped(void) {
  sigset_t none;
  sigemptyset(&none);
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execlp("sh", "sh", "-c",
           "set -- $(cat /proc/$$/stat); [ \"$1\" = \"$5\" ] && echo "
           "group-leader; mask=$(grep SigBlk /proc/$$/status | cut -f2); "
           "[ $((0x$mask & 0x200)) -eq 0 ] && echo sigusr1-unblocked; exit 3",
           (char *)NULL);
    _exit(127);
  }
  finish(pid, "grouped");
}

// The fork in the test of its failure.
static void tested(void) {
  pid_t pid;
  if ((pid = fork()) < 0)
    return;
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", "echo tested; exit 4", (char *)NULL);
    _exit(127);
  }
  finish(pid, "tested");
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  sigset_t blocked;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGUSR1);
  sigprocmask(SIG_BLOCK, &blocked, NULL);
  char path[] = "/tmp/forksafe-spawn-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0)
    return 1;
  close(fd);
  to_file(path);
  unlink(path);
  char *argv[] = {"/bin/sh", "-c",
                  "pwd; set -- $(cat /proc/$$/stat); [ \"$1\" = \"$6\" ] && "
                  "echo session-leader; mask=$(grep SigIgn /proc/$$/status | "
                  "cut -f2); [ $((0x$mask & 0x1000)) -eq 0 ] && echo "
                  "sigpipe-default",
                  NULL};
  piped(argv);
  grouped();
  tested();
  return 0;
}
