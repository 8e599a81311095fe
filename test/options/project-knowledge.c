// A project's .forksafe.yaml tells forksafe what it cannot see: functions
// of another library that start threads or fork, its own async-signal-safe
// and unsafe functions, its child ends, and handles to re-initialise in a
// child. Without the file, this program is silent; with it, each key shows.
// RUN: rm -rf %t && mkdir -p %t/project && cp %s %t/project/x.c
// RUN: %forksafe_cc -isystem %S/Inputs/project/sys -fplugin-arg-forksafe-unknown=unsafe %t/project/x.c 2>&1 | FileCheck %s --check-prefix=NONE
// NONE: warning: if 'execv' fails, the child returns from 'die_after_exec' and runs its caller's code [forksafe-child-fallthrough]
// NONE: warning: if 'execv' fails, the child returns from 'die_after_local_end'
// NONE: warning: call to 'core_die_in_child' in a vfork child, which may only call an exec function or '_exit' [forksafe-vfork-child]
// NONE: warning: falling off the end of 'vfork_then_die' in a vfork child
// NONE-NOT: warning:
//
// RUN: cp %S/Inputs/project/knowledge.yaml %t/project/.forksafe.yaml
// RUN: %forksafe_cc -isystem %S/Inputs/project/sys -fplugin-arg-forksafe-unknown=unsafe -fdiagnostics-parseable-fixits %t/project/x.c 2>&1 | FileCheck %s
// Without Handle, the join names no known thread.
// RUN: %forksafe_cc -isystem %S/Inputs/project/sys -fplugin-arg-forksafe-config=%S/Inputs/project/no-handle.yaml %t/project/x.c 2>&1 | FileCheck %s --check-prefix=NO-HANDLE
// NO-HANDLE: x.c:53:5: warning: call to 'core_lock' in the child of a multithreaded process
// The same file named with config=, from elsewhere.
// RUN: rm %t/project/.forksafe.yaml
// RUN: %forksafe_cc -isystem %S/Inputs/project/sys -fplugin-arg-forksafe-unknown=unsafe -fdiagnostics-parseable-fixits -fplugin-arg-forksafe-config=%S/Inputs/project/knowledge.yaml %t/project/x.c 2>&1 | FileCheck %s

#include <corelib.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *work(void *arg) { for (;;) pause(); }

static void local_log(const char *text) { printf("%s\n", text); }

// ThreadStartWrappers (Routine): core_spawn_thread starts a thread that
// runs work, so what follows is multithreaded. SignalSafe: core_log_raw
// and local_log, whatever their bodies. Unsafe: core_lock.
void threads_then_fork(void) {
  core_spawn_thread(work, NULL);
  if (fork() == 0) {
    core_log_raw("child");
    local_log("child");
    core_lock();
    _exit(0);
  }
}
// CHECK: x.c:[[@LINE-4]]:5: warning: call to 'core_lock' in the child of a multithreaded process, which is not async-signal-safe [forksafe-unsafe-call-in-child]
// CHECK: note: a thread started here may still be running

// ThreadStartWrappers (Handle): the thread's handle is argument 1, so the
// join is seen and the fork is no longer multithreaded.
void joined_then_fork(void) {
  pthread_t handle;
  core_spawn_joinable(&handle, work, NULL);
  pthread_join(handle, NULL);
  if (fork() == 0) {
    core_lock();
    _exit(0);
  }
}

// ForkWrappers: core_fork's child is a child region, told apart by the
// test of its result; the extractor tracks it though its declaration is a
// system header's, and gathers the fix-it.
void wrapped_fork(char **argv) {
  if (core_fork() == 0) {
    execv(argv[0], argv);
    exit(127);
  }
}
// CHECK: x.c:[[@LINE-3]]:5: warning: 'exit' after a failed exec runs the parent's atexit handlers and flushes its stdio buffers a second time; call '_exit' instead [forksafe-exit-in-child]
// CHECK: fix-it:"{{.*}}x.c":{[[@LINE-4]]:5-[[@LINE-4]]:9}:"_exit"

// The extractor knows core_fork too: its result is tracked through the
// test, so this bounded child of a multithreaded process is not taken for
// one that escapes (fork-with-threads).
void wrapped_fork_in_threads(char **argv) {
  core_spawn_thread(work, NULL);
  pid_t pid = core_fork();
  if (pid == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
  printf("started %d\n", pid);
}

// ChildEnds: core_die_in_child ends the child, which falls through into
// the caller otherwise.
void die_after_exec(char **argv) {
  if (fork() == 0) {
    execv(argv[0], argv);
    core_die_in_child(127);
  }
}

// ChildEnds stands over a visible body too.
void local_end(int status) {
  if (status)
    _exit(status);
}
void die_after_local_end(char **argv) {
  if (fork() == 0) {
    execv(argv[0], argv);
    local_end(127);
  }
}

// A vfork child may end in a ChildEnds function, as it may in _exit.
void vfork_then_die(char **argv) {
  if (vfork() == 0) {
    execv(argv[0], argv);
    core_die_in_child(127);
  }
}

// Reinit: a core_loop made before the fork needs core_loop_after_fork in
// the child; core_loop_poll is a use by its pattern.
void loop_worker(void) {
  struct core_loop *loop = core_loop_new();
  if (fork() == 0) {
    core_loop_poll(loop);
    core_loop_run(loop);
    _exit(0);
  }
}
// CHECK: x.c:[[@LINE-5]]:5: warning: call to 'core_loop_poll' in the child uses the core_loop 'loop' from before the fork without calling 'core_loop_after_fork' first [forksafe-reinit-after-fork]
// CHECK: fix-it:"{{.*}}x.c":{[[@LINE-6]]:5-[[@LINE-6]]:5}:"core_loop_after_fork(loop);\n    "
// CHECK-NOT: warning:
