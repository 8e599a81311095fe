// .forksafe.yaml: found upward from the source file, or named with
// config=; the plugin's own arguments win over it; a bad file is one error
// with its file, line and column.
// RUN: rm -rf %t && mkdir -p %t/project/src && cp %s %t/project/src/x.c
// RUN: %forksafe_cc %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=ALL
// ALL-DAG: warning: call to 'printf' in the child
// ALL-DAG: warning: 'exit' in the child of a multithreaded process
//
// RUN: cp %S/Inputs/configs/only-exit.yaml %t/project/.forksafe.yaml
// RUN: %forksafe_cc %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=ONLY-EXIT
// ONLY-EXIT-NOT: printf
// ONLY-EXIT: warning: 'exit' in the child of a multithreaded process
// ONLY-EXIT-NOT: printf
//
// Arguments win: the check list goes on from the file's.
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=unsafe-call-in-child %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=ALL
//
// A file named with config= instead of the one found.
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/werror.yaml %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=WERROR
// WERROR: error: call to 'printf' in the child
//
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/unknown-key.yaml %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=UNKNOWN-KEY
// UNKNOWN-KEY: error: forksafe: {{.*}}unknown-key.yaml:2:1: unknown setting 'Profil'; the settings are Checks, Profile, Threads, Unknown, WarningsAsErrors, ThreadStartWrappers, ThreadSources, ForkWrappers, SignalSafe, Unsafe, ChildEnds, Reinit
// UNKNOWN-KEY-NEXT: Profil: glibc
// UNKNOWN-KEY-NEXT: ^
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-value.yaml %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=BAD-VALUE
// BAD-VALUE: error: forksafe: {{.*}}bad-value.yaml:1:10: invalid value 'sometimes' for option 'threads'; accepted values are 'auto', 'assume', 'none' and 'program'
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-flag.yaml %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=BAD-FLAG
// BAD-FLAG: error: forksafe: {{.*}}bad-flag.yaml:1:19: expected 'true' or 'false' for 'WarningsAsErrors'
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-check.yaml %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=BAD-CHECK
// BAD-CHECK: error: forksafe: {{.*}}bad-check.yaml:1:9: unknown check 'exit-in-childs' in option 'checks'
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-yaml.yaml %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=BAD-YAML
// BAD-YAML: error: forksafe: {{.*}}bad-yaml.yaml:1:{{[0-9]+}}: {{.*}}
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/list.yaml %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=LIST
// LIST: error: forksafe: {{.*}}list.yaml:1:1: expected the settings as 'Key: value' lines
// A setting given twice is an error; a block scalar is a value.
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/duplicate.yaml %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=DUPLICATE
// DUPLICATE: error: forksafe: {{.*}}duplicate.yaml:3:1: 'Threads' is set twice; it was set on line 1
// RUN: %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/block.yaml %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=ONLY-EXIT
//
// A long bad value is quoted in part, its line around the caret.
// RUN: %python -c "print('Checks: exit-in-child\nThreads: ' + 'x' * 1000000)" > %t/long.yaml
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%t/long.yaml %t/project/src/x.c 2> %t/long.err
// RUN: FileCheck %s --check-prefix=LONG < %t/long.err
// RUN: %python -c "import sys; sys.exit(max(map(len, open(sys.argv[1]))) > 400)" %t/long.err
// LONG: error: forksafe: {{.*}}long.yaml:2:10: invalid value 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' for option 'threads'; accepted values are 'auto', 'assume', 'none' and 'program'
// LONG-NEXT: Threads: xxxx{{x+}}...
// LONG-NEXT: {{^ +}}^
//
// Only a regular file of at most 1 MiB: a FIFO would block, /dev/zero
// never end.
// RUN: rm -f %t/fifo.yaml && mkfifo %t/fifo.yaml
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%t/fifo.yaml %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=FIFO
// FIFO: error: forksafe: cannot read '{{.*}}fifo.yaml': not a regular file
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=/dev/zero %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=ZERO
// ZERO: error: forksafe: cannot read '/dev/zero': not a regular file
// RUN: %python -c "print('# padding\n' * 200000)" > %t/large.yaml
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%t/large.yaml %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=LARGE
// LARGE: error: forksafe: cannot read '{{.*}}large.yaml': 2000001 bytes, larger than the 1048576 a settings file may have
//
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%t/absent.yaml %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=ABSENT
// ABSENT: error: forksafe: cannot read '{{.*}}absent.yaml': No such file or directory

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  if (fork() == 0) {
    printf("child\n");
    exit(0);
  }
  return 0;
}
