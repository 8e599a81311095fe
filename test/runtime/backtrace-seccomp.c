// Where process_vm_readv is not allowed (a container's seccomp profile),
// the backtrace walk checks its reads with mincore, and the frames are the
// same.
// RUN: %clang -g -O0 -fno-omit-frame-pointer -pthread %s -o %t
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t 2> %t.json
// RUN: %python %S/Inputs/symbolize.py %llvm_symbolizer < %t.json | FileCheck %s
// CHECK: denied: 1
// CHECK: fork-with-threads: spawn_worker <- main
// CHECK-NEXT: unsafe-call-in-child: spawn_worker <- main; fork: spawn_worker <- main

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

/* process_vm_readv fails with EPERM, as under Docker's default profile. */
static void deny_process_vm_readv(void) {
  struct sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_process_vm_readv, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog program = {sizeof filter / sizeof *filter, filter};
  prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program);
  char byte = 0, copy;
  struct iovec local = {&copy, 1}, remote = {&byte, 1};
  long n = syscall(SYS_process_vm_readv, getpid(), &local, 1, &remote, 1, 0);
  fprintf(stderr, "denied: %d\n", n < 0 && errno == EPERM);
}

static void *idle(void *arg) {
  for (;;)
    pause();
  return arg;
}

__attribute__((noinline)) static pid_t spawn_worker(void) {
  pid_t pid = fork();
  if (pid == 0)
    _exit(malloc(8) == NULL);
  return pid;
}

int main(void) {
  deny_process_vm_readv();
  pthread_t t;
  pthread_create(&t, NULL, idle, NULL);
  waitpid(spawn_worker(), NULL, 0);
  return 0;
}
