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
// BAD-VALUE: error: forksafe: {{.*}}bad-value.yaml:1:10: invalid value 'sometimes' for option 'threads'; accepted values are 'auto', 'assume' and 'none'
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-flag.yaml %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=BAD-FLAG
// BAD-FLAG: error: forksafe: {{.*}}bad-flag.yaml:1:19: expected 'true' or 'false' for 'WarningsAsErrors'
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-check.yaml %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=BAD-CHECK
// BAD-CHECK: error: forksafe: {{.*}}bad-check.yaml:1:9: unknown check 'exit-in-childs' in option 'checks'
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-yaml.yaml %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=BAD-YAML
// BAD-YAML: error: forksafe: {{.*}}bad-yaml.yaml:1:{{[0-9]+}}: {{.*}}
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/list.yaml %t/project/src/x.c 2>&1 | FileCheck %s --check-prefix=LIST
// LIST: error: forksafe: {{.*}}list.yaml:1:1: expected the settings as 'Key: value' lines
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
