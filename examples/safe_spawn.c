/* How to do it: fork and exec with nothing but async-signal-safe calls in
 * between, _exit if the exec fails; or let posix_spawn do it all. forksafe
 * is silent here, threads and all.
 */
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void *heartbeat(void *arg) {
  for (;;)
    sleep(1);
  return arg;
}

static void write_str(int fd, const char *s) { write(fd, s, strlen(s)); }

static pid_t spawn_with_log(char *const argv[], const char *log) {
  int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
  pid_t pid = fork();
  if (pid == 0) {
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
    execve(argv[0], argv, environ);
    write_str(STDERR_FILENO, "exec failed\n");
    _exit(127);
  }
  if (fd >= 0)
    close(fd);
  return pid;
}

static pid_t spawn_simply(char *const argv[]) {
  pid_t pid;
  if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) != 0)
    return -1;
  return pid;
}

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, heartbeat, NULL);
  if (argc > 1) {
    waitpid(spawn_with_log(argv + 1, "child.log"), NULL, 0);
    waitpid(spawn_simply(argv + 1), NULL, 0);
  }
  return 0;
}
