// A child meant to exec (it execs on some path) that, on another path,
// returns into its caller, strays into the parent's code or loops back to
// the fork, before any exec or exit: a second copy of the parent.
// RUN: %forksafe_cc -Xclang -verify %s

#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int setup(void);
void serve(int fd);
void cleanup(void);
__attribute__((noreturn)) void run_child(char **argv);

pid_t spawn_in(const char *dir, char **argv) {
  pid_t pid = fork(); // expected-warning {{the child of 'fork' may return from 'spawn_in' and run its caller's code before it execs or exits, as a second copy of the parent [forksafe-child-escapes]}}
  if (pid < 0)
    return -1;
  if (pid == 0) {
    if (chdir(dir) < 0)
      return -1; // expected-note {{the child returns from here}}
    execv(argv[0], argv);
    _exit(127);
  }
  return pid;
}

int spawn_all(char **argv, int n) {
  for (int i = 0; i < n; i++) {
    pid_t pid = fork(); // expected-warning {{the child of 'fork' may go on into code the parent also runs before it execs or exits}}
    if (pid == 0) {
      if (setup() < 0)
        break;
      execv(argv[0], argv);
      _exit(127);
    }
  }
  cleanup(); // expected-note {{the child goes on here, in code the parent also runs}}
  return 0;
}

void handle_each(int listener, int ready) {
  for (;;) {
    pid_t pid = fork(); // expected-warning {{the child of 'fork' may loop back and fork again before it execs or exits}}
    if (pid == 0) {
      if (!ready)
        continue;
      dup2(accept(listener, 0, 0), 0);
      execl("/usr/sbin/handler", "handler", (char *)0);
      _exit(127);
    }
    waitpid(pid, 0, 0);
  }
}

// A child that does not exec, and ends only on some paths, is meant to go
// on in its caller on the others (forkpty, a test harness's fork).
int run(char **argv, int checked) {
  pid_t pid = fork();
  if (pid == 0) {
    if (!checked)
      return 1;
    run_child(argv);
  }
  return waitpid(pid, 0, 0) < 0;
}

int open_in_child(int fd) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    if (dup2(fd, 0) < 0)
      _exit(127);
    return 0;
  }
  return pid;
}

// The exec is in a function that may fail before it, and never returns
// (dropbear's execchild).
__attribute__((noreturn)) void die(const char *why);
static void exec_shell(char **argv) {
  if (chdir("/") < 0)
    die("chdir");
  execv(argv[0], argv);
  die("exec");
}

int pty_command(int slave, char **argv) {
  pid_t pid = fork(); // expected-warning {{the child of 'fork' may return from 'pty_command' and run its caller's code before it execs or exits}}
  if (pid == 0) {
    if (dup2(slave, 0) < 0)
      return -1; // expected-note {{the child returns from here}}
    exec_shell(argv);
  }
  return pid < 0 ? -1 : 0;
}

// Bounded children.
pid_t spawn(char **argv) {
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir("/") < 0)
      _exit(126);
    execv(argv[0], argv);
    _exit(127);
  }
  return pid;
}

// After a failed exec the child is child-fallthrough's.
int spawn_unchecked(char **argv) {
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    execv(argv[0], argv); // expected-warning {{if 'execv' fails, the child returns from 'spawn_unchecked' and runs its caller's code [forksafe-child-fallthrough]}}
    return -1; // expected-note {{the child returns from here}}
  }
  return 0;
}

// The parent ends here, and the child goes on by design: daemonize.
int daemonize(void) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid > 0)
    exit(0);
  if (setsid() < 0)
    _exit(1);
  return 0;
}

// A fork wrapper returns the fork's result in the child.
pid_t checked_fork(void) {
  pid_t pid = fork();
  if (pid < 0)
    abort();
  return pid;
}

// A fork whose result is not tested is run on by both processes.
void both(void) {
  fork();
  serve(0);
}

// A child with no end anywhere is meant to return (a test harness, a
// function that runs its caller in a child).
int in_child(void) {
  pid_t pid = fork();
  if (pid == 0) {
    serve(0);
    return 1;
  }
  return waitpid(pid, 0, 0) < 0 ? -1 : 0;
}

// Code both processes run that ends the process on every path.
int spawn_or_die(char **argv) {
  pid_t pid = fork();
  if (pid < 0)
    goto fail;
  if (pid == 0) {
    if (dup2(3, 0) < 0)
      goto fail;
    execv(argv[0], argv);
    _exit(127);
  }
  if (waitpid(pid, 0, 0) < 0)
    goto fail;
  return 0;
fail:
  cleanup();
  exit(1);
}

// The child marks itself and goes on in code that tests the mark: the
// branch ends nothing, the code after it is both processes'.
void marked(int n) {
  while (n--) {
    pid_t pid = fork();
    if (pid < 0)
      continue;
    if (pid == 0)
      pid--;
    if (pid > 0)
      continue;
    serve(0);
    if (pid)
      _exit(1);
  }
}

// The child is meant to go on into the shared code: it execs only past it,
// where the parent has ended (unshare --fork).
void run_in_namespace(int forkit, char **argv) {
  pid_t pid = 0;
  if (forkit) {
    pid = fork();
    switch (pid) {
    case -1:
      exit(1);
    case 0:
      if (setup() < 0)
        exit(1);
      break;
    default:
      break;
    }
  }
  if (pid || !forkit)
    cleanup();
  if (pid) {
    waitpid(pid, 0, 0);
    exit(0);
  }
  execvp(argv[0], argv);
  _exit(127);
}

// In main, a return ends the child as exit() does.
int main(int argc, char **argv) {
  if (fork() == 0) {
    if (argc < 2)
      return 2;
    execv(argv[1], argv + 1);
    _exit(127);
  }
  return 0;
}
