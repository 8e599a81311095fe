// A bad option is one clear error that names it and what is accepted, and
// the compile fails.
// RUN: not %forksafe_cc -fplugin-arg-forksafe-profile=bsd %s 2>&1 | FileCheck %s --check-prefix=PROFILE
// RUN: not %forksafe_cc -fplugin-arg-forksafe-threads=maybe %s 2>&1 | FileCheck %s --check-prefix=THREADS
// RUN: not %forksafe_cc -fplugin-arg-forksafe-unknown=warn %s 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not %forksafe_cc -fplugin-arg-forksafe-checks=fork-in-threads %s 2>&1 | FileCheck %s --check-prefix=CHECK-NAME
// RUN: not %forksafe_cc -fplugin-arg-forksafe-bogus %s 2>&1 | FileCheck %s --check-prefix=UNKNOWN-OPTION
// RUN: not %forksafe_cc -fplugin-arg-forksafe-profile %s 2>&1 | FileCheck %s --check-prefix=NEEDS-VALUE
// RUN: not %forksafe_cc -fplugin-arg-forksafe-werror=yes %s 2>&1 | FileCheck %s --check-prefix=NO-VALUE

// PROFILE: error: forksafe: invalid value 'bsd' for option 'profile'; accepted values are 'auto', 'posix' and 'glibc'
// THREADS: error: forksafe: invalid value 'maybe' for option 'threads'; accepted values are 'auto', 'assume', 'none' and 'program'
// UNKNOWN: error: forksafe: invalid value 'warn' for option 'unknown'; accepted values are 'ignore' and 'unsafe'
// CHECK-NAME: error: forksafe: unknown check 'fork-in-threads' in option 'checks'; known checks are fork-in-thread, fork-with-threads, child-thread-not-joined, exit-in-child, child-fallthrough, child-escapes, fork-with-unflushed-stdio, lock-held-across-fork, unsafe-call-in-child, atfork-handler-unsafe, fork-in-signal-handler, vfork-child, exec-with-inherited-signals, cloexec-race, reinit-after-fork, prefer-posix-spawn
// UNKNOWN-OPTION: error: forksafe: unknown option 'bogus'; accepted options are 'checks=', 'profile=', 'threads=', 'unknown=', 'werror', 'summary-dir=', 'config=' and 'dump-model'
// NEEDS-VALUE: error: forksafe: option 'profile' needs a value ('profile=...')
// NO-VALUE: error: forksafe: option 'werror' takes no value

int main(void) { return 0; }
