// A malformed project-knowledge key in .forksafe.yaml is one error that
// names the file, the line and column, and what was expected there.
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-thread-key.yaml %s 2>&1 | FileCheck %s --check-prefix=THREAD-KEY
// THREAD-KEY: error: forksafe: {{.*}}bad-thread-key.yaml:2:31: unknown key 'Argument' in an entry of 'ThreadStartWrappers'; the keys are Name, Routine, Handle
// THREAD-KEY-NEXT:   - {Name: spawn, Routine: 1, Argument: 2}
// THREAD-KEY-NEXT:                               ^
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-thread-routine.yaml %s 2>&1 | FileCheck %s --check-prefix=ROUTINE
// ROUTINE: error: forksafe: {{.*}}bad-thread-routine.yaml:2:28: expected an argument position (1, 2, ...) for 'Routine'
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/missing-routine.yaml %s 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: forksafe: {{.*}}missing-routine.yaml:2:6: an entry of 'ThreadStartWrappers' needs 'Routine'
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-names.yaml %s 2>&1 | FileCheck %s --check-prefix=NAMES
// NAMES: error: forksafe: {{.*}}bad-names.yaml:1:15: expected a list of function names for 'ForkWrappers'
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-name-item.yaml %s 2>&1 | FileCheck %s --check-prefix=NAME-ITEM
// NAME-ITEM: error: forksafe: {{.*}}bad-name-item.yaml:1:24: expected a function name in 'SignalSafe'
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-thread-sources.yaml %s 2>&1 | FileCheck %s --check-prefix=SOURCES
// SOURCES: error: forksafe: {{.*}}bad-thread-sources.yaml:1:16: expected a list of function names for 'ThreadSources'
// SOURCES-NEXT: ThreadSources: metrics_init
// SOURCES-NEXT:                ^
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-thread-source-item.yaml %s 2>&1 | FileCheck %s --check-prefix=SOURCE-ITEM
// SOURCE-ITEM: error: forksafe: {{.*}}bad-thread-source-item.yaml:1:32: expected a function name in 'ThreadSources'
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-reinit-missing.yaml %s 2>&1 | FileCheck %s --check-prefix=REINIT-MISSING
// REINIT-MISSING: error: forksafe: {{.*}}bad-reinit-missing.yaml:2:5: an entry of 'Reinit' needs 'Reinit'
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-reinit-type.yaml %s 2>&1 | FileCheck %s --check-prefix=REINIT-TYPE
// REINIT-TYPE: error: forksafe: {{.*}}bad-reinit-type.yaml:2:12: expected the handle's type for 'Type'
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-entry.yaml %s 2>&1 | FileCheck %s --check-prefix=ENTRY
// ENTRY: error: forksafe: {{.*}}bad-entry.yaml:2:10: expected an entry of 'Reinit' with Type, Reinit, Uses, Create
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-child-entry-key.yaml %s 2>&1 | FileCheck %s --check-prefix=CHILD-KEY
// CHILD-KEY: error: forksafe: {{.*}}bad-child-entry-key.yaml:2:27: unknown key 'Threads' in an entry of 'ChildEntries'; the keys are Name, Multithreaded
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-child-entry-threads.yaml %s 2>&1 | FileCheck %s --check-prefix=CHILD-THREADS
// CHILD-THREADS: error: forksafe: {{.*}}bad-child-entry-threads.yaml:2:42: expected 'true' or 'false' for 'Multithreaded'
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/bad-child-entries.yaml %s 2>&1 | FileCheck %s --check-prefix=CHILD-LIST
// CHILD-LIST: error: forksafe: {{.*}}bad-child-entries.yaml:1:15: expected a list of function names or entries for 'ChildEntries', each with Name, Multithreaded
// RUN: not %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/configs/missing-child-entry-name.yaml %s 2>&1 | FileCheck %s --check-prefix=CHILD-NAME
// CHILD-NAME: error: forksafe: {{.*}}missing-child-entry-name.yaml:2:6: an entry of 'ChildEntries' needs 'Name'
// The forksafe command says the same.
// RUN: rm -rf %t && mkdir -p %t && echo '[]' > %t/compile_commands.json
// RUN: not %forksafe_cli -p %t --config %S/Inputs/configs/bad-thread-routine.yaml 2>&1 | FileCheck %s --check-prefix=CLI
// CLI: forksafe: error: {{.*}}bad-thread-routine.yaml:2:28: expected an argument position (1, 2, ...) for 'Routine'

int main(void) { return 0; }
