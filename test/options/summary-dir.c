// summary-dir=DIR: the plugin writes the translation unit's summary there,
// named after the file, as it compiles; a directory it cannot write is a
// warning (the compile goes on: the object file is not at fault), an error
// under werror.
// RUN: rm -rf %t && %forksafe_cc -fplugin-arg-forksafe-summary-dir=%t/summaries %s
// RUN: ls %t/summaries | FileCheck %s
// CHECK: summary-dir.c.{{[0-9A-F]+}}.fss
// CHECK-NOT: tmp
// RUN: head -c 17 %t/summaries/summary-dir.c.*.fss | FileCheck %s --check-prefix=MAGIC
// MAGIC: forksafe summary
//
// RUN: %forksafe_cc -fplugin-arg-forksafe-summary-dir=%s/below-a-file %s 2>&1 | FileCheck %s --check-prefix=CANNOT
// CANNOT: warning: forksafe: no summary of this unit: cannot create '{{.*}}below-a-file': Not a directory
// RUN: not %forksafe_cc -fplugin-arg-forksafe-werror -fplugin-arg-forksafe-summary-dir=%s/below-a-file %s 2>&1 | FileCheck %s --check-prefix=CANNOT-ERROR
// CANNOT-ERROR: error: forksafe: no summary of this unit: cannot create
// RUN: not %forksafe_cc -fplugin-arg-forksafe-summary-dir= %s 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: error: forksafe: option 'summary-dir' needs a directory

int main(void) { return 0; }
