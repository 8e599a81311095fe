// What reaches a function without a call, each in a function that no fork
// reaches and that reaches none, which the C unit's plan keeps
// (FunctionTriage.h): the diagnostics are those of the whole model, which a
// summary directory (for the whole-program run) forces.
// DEFINE: %{case} =
// DEFINE: %{check} = %forksafe_cc %{case} %s 2> %t.triaged && \
// DEFINE:   %forksafe_cc %{case} -fplugin-arg-forksafe-summary-dir=%t.dir %s 2> %t.whole && \
// DEFINE:   diff %t.triaged %t.whole && FileCheck %s < %t.triaged
// RUN: rm -rf %t.dir
//
// A body that moves a function value: the routine a thread runs.
// REDEFINE: %{case} = -DVALUE
// RUN: %{check} --check-prefix=VALUE
// VALUE: warning: call to 'printf' in the child of a multithreaded process
// VALUE: note: a thread started here runs 'job_run'
//
// A call's result: a function value too, passed on (the child execs) or
// stored in a field.
// REDEFINE: %{case} = -DRESULT -fPIC
// RUN: %{check} --check-prefix=RESULT --allow-empty
// RESULT-NOT: warning
// REDEFINE: %{case} = -DRESULT_IN_FIELD -fplugin-arg-forksafe-threads=assume
// RUN: %{check} --check-prefix=RESULT_IN_FIELD
// RESULT_IN_FIELD: warning: call to 'ops->run' in the child of a multithreaded process reaches 'exit'
//
// A thread start: it makes its routine run on a thread, called or not.
// REDEFINE: %{case} = -DSTART
// RUN: %{check} --check-prefix=START
// START: warning: call to 'printf' in the child of a multithreaded process
// START: note: a thread started here runs 'worker'
//
// A handler registration: the handler is named in an initialiser only.
// REDEFINE: %{case} = -DSIGACTION
// RUN: %{check} --check-prefix=SIGACTION
// SIGACTION: warning: call to 'fork' in the signal handler 'on_child'
// SIGACTION: note: 'on_child' is installed as a signal handler here
//
// A gnu_inline function defined again: the body that is lowered is the
// second, which forks.
// REDEFINE: %{case} = -DGNU_INLINE -fplugin-arg-forksafe-threads=assume
// RUN: %{check} --check-prefix=GNU_INLINE
// GNU_INLINE: warning: call to 'printf' in the child

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifdef VALUE
static void *job_run(void *arg) {
  if (fork() == 0) {
    printf("child\n");
    _exit(0);
  }
  return arg;
}
static void *(*const default_routine)(void *) = job_run;
static void *(*routine)(void *);
void use_default(void) { routine = default_routine; }
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, routine, 0);
  return pthread_join(t, 0);
}
#endif

#ifdef RESULT
typedef void (*child_main)(void);
static child_main chosen_child_main;
static void run_child(void) {
  execl("/bin/true", "true", (char *)0);
  _exit(127);
}
static child_main lookup_child_main(void) { return run_child; }
static void set_child_main(child_main fn) { chosen_child_main = fn; }
void configure(void) { set_child_main(lookup_child_main()); }
int spawn(void) {
  pid_t pid = fork();
  if (pid == 0)
    chosen_child_main();
  printf("parent %d\n", (int)pid);
  return 0;
}
#endif

#ifdef RESULT_IN_FIELD
struct child_ops {
  void (*run)(void);
};
struct child_ops *ops;
static void child_work(void) { exit(1); }
static void (*get_child_work(void))(void) { return child_work; }
void setup(void) {
  struct child_ops local = {get_child_work()};
  (void)local;
}
int main(void) {
  if (fork() == 0) {
    ops->run();
    _exit(0);
  }
  return 0;
}
#endif

#ifdef START
static void *worker(void *arg) {
  if (fork() == 0) {
    printf("child\n");
    exit(0);
  }
  return arg;
}
static void *(*const routine)(void *) = worker;
void start_worker(void) {
  pthread_t t;
  pthread_create(&t, 0, routine, 0);
}
#endif

#ifdef SIGACTION
static void on_child(int sig) {
  (void)sig;
  if (fork() == 0)
    _exit(0);
}
static struct sigaction on_child_action = {.sa_handler = on_child};
void install(void) { sigaction(SIGCHLD, &on_child_action, 0); }
#endif

#ifdef GNU_INLINE
int spawn(void);
extern inline __attribute__((gnu_inline)) int spawn(void) { return -1; }
int spawn(void) {
  pid_t pid = fork();
  if (pid == 0) {
    printf("child\n");
    _exit(0);
  }
  return pid;
}
#endif
