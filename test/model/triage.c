// A C translation unit that neither refers to nor defines a function a
// finding can start from (Knowledge::mayLeadToFindings) gets no model: the
// plugin's -ftime-trace shows its triage and no "forksafe model". Every
// other unit is modelled, however it names such a function.
// DEFINE: %{trace} = -Xclang -ftime-trace-granularity=0 -Xclang -ftime-trace=%t
// DEFINE: %{traced_cc} = %forksafe_cc %{trace}/
// RUN: rm -rf %t && mkdir %t
// RUN: %{traced_cc}none.json %s
// RUN: grep -q '"name":"forksafe triage"' %t/none.json
// RUN: not grep -q '"name":"forksafe model"' %t/none.json
//
// RUN: %{traced_cc}block.json -DBLOCK_SCOPE %s
// RUN: grep -q '"name":"forksafe model"' %t/block.json
// RUN: %{traced_cc}implicit.json -std=gnu89 -Wno-implicit-function-declaration -DIMPLICIT %s
// RUN: grep -q '"name":"forksafe model"' %t/implicit.json
// RUN: %{traced_cc}address.json -DADDRESS %s
// RUN: grep -q '"name":"forksafe model"' %t/address.json
// RUN: %{traced_cc}in-block.json -fblocks -DIN_BLOCK %s
// RUN: grep -q '"name":"forksafe model"' %t/in-block.json
// RUN: %{traced_cc}inline.json -DHEADER_INLINE %s
// RUN: grep -q '"name":"forksafe model"' %t/inline.json
// RUN: %{traced_cc}atfork.json -DATFORK %s
// RUN: grep -q '"name":"forksafe model"' %t/atfork.json
// RUN: %{traced_cc}system.json -DSYSTEM %s
// RUN: grep -q '"name":"forksafe model"' %t/system.json
// RUN: %{traced_cc}spawn.json -DSPAWN %s
// RUN: grep -q '"name":"forksafe model"' %t/spawn.json
// RUN: %{traced_cc}mark.json -DCLOEXEC_MARK %s
// RUN: grep -q '"name":"forksafe model"' %t/mark.json
// RUN: %{traced_cc}wrapper.json -DWRAPPER -fplugin-arg-forksafe-config=%S/Inputs/fork-wrapper.yaml %s
// RUN: grep -q '"name":"forksafe model"' %t/wrapper.json
//
// Without the project's word, the wrapper is any function.
// RUN: %{traced_cc}no-wrapper.json -DWRAPPER %s
// RUN: not grep -q '"name":"forksafe model"' %t/no-wrapper.json
//
// A model to dump, or to merge with other units' in a whole-program run,
// is built all the same.
// RUN: %forksafe_cc -fplugin-arg-forksafe-dump-model %s | FileCheck %s --check-prefix=DUMP
// DUMP: function main
// RUN: %forksafe_cc -fplugin-arg-forksafe-summary-dir=%t/summaries %s
// RUN: ls %t/summaries | count 1
//
// C++ units are triaged by their own rule (triage.cpp).
//
// clang-tidy's checks share the triage: a unit that leads has its findings,
// one that does not has none.
// RUN: %clang_tidy -checks='-*,forksafe-*' %s -- -fsyntax-only 2>&1 | FileCheck %s --check-prefix=TIDY-NONE --allow-empty
// TIDY-NONE-NOT: forksafe
// RUN: %clang_tidy -checks='-*,forksafe-*' %s -- -DBLOCK_SCOPE -fsyntax-only 2>&1 | FileCheck %s --check-prefix=TIDY
// TIDY: warning: 'forkpty' is called while other threads may be running{{.*}}[forksafe-fork-with-threads]

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *work(void *arg) {
  puts("working");
  return arg;
}

// Threads, output, descriptors: nothing a finding starts from.
int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, work, NULL);
  pthread_join(t, NULL);
  return write(1, "done\n", 5) == 5 ? 0 : 1;
}

#if defined(BLOCK_SCOPE)
// Declared in the block alone (no header here declares forkpty): no
// declaration at file scope names it.
void start_terminal(void) {
  extern int forkpty(int *, char *, void *, void *);
  pthread_t t;
  pthread_create(&t, NULL, work, NULL);
  if (forkpty(NULL, NULL, NULL, NULL) == 0)
    puts("in the child");
}
#elif defined(IMPLICIT)
// C89's implicit declaration.
void start_terminal(void) { forkpty(0, 0, 0, 0); }
#elif defined(ADDRESS)
pid_t (*const spawner)(void) = fork;
#elif defined(IN_BLOCK)
// The same, in a block literal that initialises a variable.
void (^later)(void) = ^{
  extern int forkpty(int *, char *, void *, void *);
  forkpty(NULL, NULL, NULL, NULL);
};
#elif defined(HEADER_INLINE)
#include "Inputs/forks-inline.h"
#elif defined(ATFORK)
static void in_child(void) { puts("child"); }
void install(void) { pthread_atfork(NULL, NULL, in_child); }
#elif defined(SYSTEM)
#include <stdlib.h>
void run(void) { system("true"); }
#elif defined(SPAWN)
#include <spawn.h>
void run(char **argv) { posix_spawn(NULL, argv[0], NULL, NULL, argv, NULL); }
#elif defined(CLOEXEC_MARK)
#include <fcntl.h>
void mark(int fd) { fcntl(fd, F_SETFD, FD_CLOEXEC); }
#elif defined(WRAPPER)
int spawn_worker(void);
void run(void) { spawn_worker(); }
#endif
