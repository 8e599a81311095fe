// The options of every host are CheckOptions here: local to a check
// (forksafe-unsafe-call-in-child.Profile) or global (Profile). They win over
// the project's .forksafe.yaml, which sets the defaults. A bad value is one
// configuration error, however many checks read it.
// profile=auto, the default, is glibc on this GNU/Linux host.
// RUN: rm -rf %t && mkdir -p %t/src && cp %s %t/src/x.c
// RUN: %clang_tidy -checks='-*,forksafe-*' %t/src/x.c -- 2>&1 \
// RUN:   | FileCheck %s --check-prefix=GLIBC --allow-empty --implicit-check-not=warning:
// POSIX: x.c:[[#LINE_DUP3:]]:5: warning: call to 'dup3' in the child {{.*}}[forksafe-unsafe-call-in-child]
//
// RUN: %clang_tidy -checks='-*,forksafe-*' %t/src/x.c \
// RUN:   -config='{CheckOptions: {forksafe-unsafe-call-in-child.Profile: glibc}}' -- 2>&1 \
// RUN:   | FileCheck %s --check-prefix=GLIBC --allow-empty --implicit-check-not=warning:
// RUN: %clang_tidy -checks='-*,forksafe-*' %t/src/x.c \
// RUN:   -config='{CheckOptions: {Profile: glibc}}' -- 2>&1 \
// RUN:   | FileCheck %s --check-prefix=GLIBC --allow-empty --implicit-check-not=warning:
// GLIBC-NOT: dup3
//
// The project's file sets the default; a CheckOption wins over it.
// RUN: printf 'Profile: glibc\n' > %t/.forksafe.yaml
// RUN: %clang_tidy -checks='-*,forksafe-*' %t/src/x.c -- 2>&1 \
// RUN:   | FileCheck %s --check-prefix=GLIBC --allow-empty --implicit-check-not=warning:
// RUN: %clang_tidy -checks='-*,forksafe-*' %t/src/x.c \
// RUN:   -config='{CheckOptions: {Profile: posix}}' -- 2>&1 \
// RUN:   | FileCheck %s --check-prefix=POSIX --implicit-check-not=warning:
//
// Threads: assume finds what auto cannot see (no thread in this file).
// RUN: %clang_tidy -checks='-*,forksafe-*' %t/src/x.c \
// RUN:   -config='{CheckOptions: {Threads: assume}}' -- 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ASSUME
// ASSUME: warning: call to 'printf' in the child of a multithreaded process
//
// Only explicit values are dumped: a default written back into a
// .clang-tidy would override the project's .forksafe.yaml.
// RUN: %clang_tidy -checks='-*,forksafe-*' --dump-config \
// RUN:   -config='{CheckOptions: {forksafe-exit-in-child.Threads: none}}' %t/src/x.c -- \
// RUN:   | FileCheck %s --check-prefix=DUMP
// DUMP: CheckOptions:
// DUMP-NOT: forksafe-{{.*}}Profile
// DUMP: forksafe-exit-in-child.Threads: none
// DUMP-NOT: forksafe-{{.*}}Profile
//
// RUN: not %clang_tidy -checks='-*,forksafe-*' %t/src/x.c \
// RUN:   -config='{CheckOptions: {Threads: sometimes}}' -- 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD-VALUE --implicit-check-not=forksafe-unsafe
// BAD-VALUE: error: invalid value for option 'Threads': invalid value 'sometimes' for option 'threads'; accepted values are 'auto', 'assume', 'none' and 'program' [clang-tidy-config]
// BAD-VALUE-NOT: invalid value
//
// RUN: printf 'Threads: [\n' > %t/.forksafe.yaml
// RUN: not %clang_tidy -checks='-*,forksafe-*' %t/src/x.c -- 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD-FILE --implicit-check-not=forksafe-unsafe
// BAD-FILE: error: {{.*}}.forksafe.yaml:2:1: expected a value for 'Threads'
// BAD-FILE-NOT: .forksafe.yaml

#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *work(void *arg) { return arg; }

void start(void) {
  pthread_t t;
  pthread_create(&t, NULL, work, NULL);
}

void spawn(int fd, char **argv) {
  if (fork() == 0) {
    dup3(fd, 1, O_CLOEXEC);
    execv(argv[0], argv);
    _exit(127);
  }
}

void report(void) {
  if (fork() == 0) {
    printf("child\n");
    _exit(0);
  }
}

int main(int argc, char **argv) {
  start();
  spawn(1, argv);
  return argc;
}
