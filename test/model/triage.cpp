// The triage of a C++ unit: the functions a finding can start from are C
// functions (or the project's), looked up by name in the global namespace
// and among the extern "C" functions declared elsewhere; a unit in which
// none is referenced or defined gets no model. Whatever calls it (a member,
// a template, a lambda), a reference marks it.
// DEFINE: %{trace} = -Xclang -ftime-trace-granularity=0 -Xclang -ftime-trace=%t
// DEFINE: %{traced_cxx} = %forksafe_cxx %{trace}/
// RUN: rm -rf %t && mkdir %t
// RUN: %{traced_cxx}none.json %s
// RUN: grep -q '"name":"forksafe triage"' %t/none.json
// RUN: not grep -q '"name":"forksafe model"' %t/none.json
//
// RUN: %{traced_cxx}member.json -DMEMBER %s
// RUN: grep -q '"name":"forksafe model"' %t/member.json
// RUN: %{traced_cxx}template.json -DTEMPLATE %s
// RUN: grep -q '"name":"forksafe model"' %t/template.json
// RUN: %{traced_cxx}lambda.json -DLAMBDA %s
// RUN: grep -q '"name":"forksafe model"' %t/lambda.json
// RUN: %{traced_cxx}argument.json -DTEMPLATE_ARGUMENT %s
// RUN: grep -q '"name":"forksafe model"' %t/argument.json
// RUN: %{traced_cxx}block.json -DBLOCK_SCOPE %s
// RUN: grep -q '"name":"forksafe model"' %t/block.json
// RUN: %{traced_cxx}namespace.json -DNAMESPACE_EXTERN_C %s
// RUN: grep -q '"name":"forksafe model"' %t/namespace.json
// RUN: %{traced_cxx}system.json -DSTD_SYSTEM %s
// RUN: grep -q '"name":"forksafe model"' %t/system.json
// RUN: %{traced_cxx}chk.json -DBUILTIN_CHK %s
// RUN: grep -q '"name":"forksafe model"' %t/chk.json
// RUN: %{traced_cxx}wrapper.json -DWRAPPER -fplugin-arg-forksafe-config=%S/Inputs/fork-wrapper.yaml %s
// RUN: grep -q '"name":"forksafe model"' %t/wrapper.json
//
// Without the project's word, the wrapper is any function.
// RUN: %{traced_cxx}no-wrapper.json -DWRAPPER %s
// RUN: not grep -q '"name":"forksafe model"' %t/no-wrapper.json
//
// A function of a namespace is not the C function of its name: ADL finds
// n::fork, and ::fork stays unused.
// RUN: %{traced_cxx}adl.json -DADL %s
// RUN: not grep -q '"name":"forksafe model"' %t/adl.json
//
// Nor is an overloadable extern "C" function of a namespace, whose symbol
// is mangled: the model does not take it for the C function either.
// RUN: %{traced_cxx}overloadable.json -DOVERLOADABLE %s
// RUN: not grep -q '"name":"forksafe model"' %t/overloadable.json
// RUN: %forksafe_cxx -DOVERLOADABLE -fplugin-arg-forksafe-summary-dir=%t/summaries %s 2>&1 | FileCheck %s --check-prefix=NOT-FORK --allow-empty
// NOT-FORK-NOT: forksafe
//
// A name the project qualifies is a member or a namespace's function,
// which the triage does not look for: every unit is modelled.
// RUN: %{traced_cxx}qualified.json -fplugin-arg-forksafe-config=%S/Inputs/qualified-wrapper.yaml %s
// RUN: grep -q '"name":"forksafe model"' %t/qualified.json
//
// clang-tidy's checks share the triage.
// RUN: %clang_tidy -checks='-*,forksafe-*' %s -- -std=c++20 -fsyntax-only 2>&1 | FileCheck %s --check-prefix=TIDY-NONE --allow-empty
// TIDY-NONE-NOT: forksafe
// RUN: %clang_tidy -checks='-*,forksafe-*' %s -- -DMEMBER -std=c++20 -fsyntax-only 2>&1 | FileCheck %s --check-prefix=TIDY
// TIDY: warning: 'fork' is called while other threads may be running{{.*}}[forksafe-fork-with-threads]

#include <pthread.h>
#include <stdio.h>

static void *work(void *arg) {
  puts("working");
  return arg;
}

static void startWorker() {
  pthread_t t;
  pthread_create(&t, nullptr, work, nullptr);
}

// Threads and output: nothing a finding starts from.
int main() {
  startWorker();
  return 0;
}

#if defined(MEMBER)
#include <unistd.h>
struct Spawner {
  virtual ~Spawner() = default;
  virtual void run() {
    startWorker();
    if (fork() == 0)
      puts("in the child");
  }
};
#elif defined(TEMPLATE)
#include <unistd.h>
template <typename T> void spawn(T Tag) {
  startWorker();
  if (fork() == 0)
    puts("in the child");
}
void spawnAll() { spawn(1); }
#elif defined(LAMBDA)
#include <unistd.h>
auto Spawn = [] {
  startWorker();
  if (fork() == 0)
    puts("in the child");
};
#elif defined(TEMPLATE_ARGUMENT)
#include <unistd.h>
template <pid_t (*Fork)()> void spawn() {
  startWorker();
  if (Fork() == 0)
    puts("in the child");
}
void spawnAll() { spawn<fork>(); }
#elif defined(BLOCK_SCOPE)
// Declared in the block alone (no header here declares forkpty).
void startTerminal() {
  int forkpty(int *, char *, void *, void *);
  startWorker();
  if (forkpty(nullptr, nullptr, nullptr, nullptr) == 0)
    puts("in the child");
}
#elif defined(NAMESPACE_EXTERN_C)
// The C function, declared in a namespace alone.
namespace sys {
extern "C" int forkpty(int *, char *, void *, void *);
}
void startTerminal() {
  startWorker();
  if (sys::forkpty(nullptr, nullptr, nullptr, nullptr) == 0)
    puts("in the child");
}
#elif defined(STD_SYSTEM)
#include <cstdlib>
void run() { std::system("true"); }
#elif defined(BUILTIN_CHK)
#include "Inputs/builtin-chk.h"
void closeOnExec(int Fd) { __builtin___fcntl_chk(Fd, 2, 1); }
#elif defined(WRAPPER)
int spawn_worker();
void run() { spawn_worker(); }
#elif defined(ADL)
#include <unistd.h>
namespace n {
struct Job {};
int fork(Job);
} // namespace n
template <typename T> void spawn(T Job) { fork(Job); }
void spawnAll() { spawn(n::Job{}); }
#elif defined(OVERLOADABLE)
namespace n {
extern "C" __attribute__((overloadable)) int fork();
}
void spawn() {
  startWorker();
  if (n::fork() == 0)
    puts("in the child");
}
#endif
