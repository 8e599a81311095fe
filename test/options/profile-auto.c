// profile=auto, the default, takes the target's C library: glibc's list of
// async-signal-safe functions for GNU/Linux (*-linux-gnu*), where glibc's
// execvp is safe; POSIX's for musl, Android, the BSDs and macOS, where it
// is not. An explicit profile, or .forksafe.yaml's, wins.
//
// RUN: %forksafe_cc -nostdinc -isystem %S/Inputs/libc -target x86_64-linux-gnu %s 2>&1 | count 0
// RUN: %forksafe_cc -nostdinc -isystem %S/Inputs/libc -target aarch64-linux-gnu %s 2>&1 | count 0
// RUN: %forksafe_cc -nostdinc -isystem %S/Inputs/libc -target arm-linux-gnueabihf %s 2>&1 | count 0
// RUN: %forksafe_cc -nostdinc -isystem %S/Inputs/libc -target x86_64-linux-musl %s 2>&1 | FileCheck %s --check-prefix=POSIX
// RUN: %forksafe_cc -nostdinc -isystem %S/Inputs/libc -target aarch64-linux-android %s 2>&1 | FileCheck %s --check-prefix=POSIX
// RUN: %forksafe_cc -nostdinc -isystem %S/Inputs/libc -target x86_64-unknown-freebsd %s 2>&1 | FileCheck %s --check-prefix=POSIX
// RUN: %forksafe_cc -nostdinc -isystem %S/Inputs/libc -target arm64-apple-macosx %s 2>&1 | FileCheck %s --check-prefix=POSIX
// POSIX: warning: call to 'execvp' in the child of a multithreaded process, which is not async-signal-safe{{.*}}[forksafe-unsafe-call-in-child]
//
// RUN: %forksafe_cc -nostdinc -isystem %S/Inputs/libc -target x86_64-linux-gnu -fplugin-arg-forksafe-profile=posix %s 2>&1 | FileCheck %s --check-prefix=POSIX
// RUN: %forksafe_cc -nostdinc -isystem %S/Inputs/libc -target x86_64-linux-musl -fplugin-arg-forksafe-profile=glibc %s 2>&1 | count 0
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/main.c && printf 'Profile: posix\n' > %t/.forksafe.yaml
// RUN: %forksafe_cc -nostdinc -isystem %S/Inputs/libc -target x86_64-linux-gnu %t/main.c 2>&1 | FileCheck %s --check-prefix=POSIX
// RUN: %forksafe_cc -nostdinc -isystem %S/Inputs/libc -target x86_64-linux-gnu -fplugin-arg-forksafe-profile=auto %t/main.c 2>&1 | count 0
//
// The chosen profile is in the model's dump.
// RUN: %forksafe_cc -nostdinc -isystem %S/Inputs/libc -target x86_64-linux-gnu -fplugin-arg-forksafe-dump-model %s | FileCheck %s --check-prefix=DUMP-GLIBC
// RUN: %forksafe_cc -nostdinc -isystem %S/Inputs/libc -target x86_64-linux-musl -fplugin-arg-forksafe-dump-model %s 2>/dev/null | FileCheck %s --check-prefix=DUMP-POSIX
// RUN: %forksafe_cc -nostdinc -isystem %S/Inputs/libc -target x86_64-linux-musl -fplugin-arg-forksafe-dump-model -fplugin-arg-forksafe-profile=glibc %s | FileCheck %s --check-prefix=DUMP-CHOSEN
// DUMP-GLIBC: profile: glibc (auto)
// DUMP-POSIX: profile: posix (auto)
// DUMP-CHOSEN: profile: glibc{{$}}

#include <pthread.h>
#include <unistd.h>

static void *work(void *arg) { return arg; }

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, 0, work, 0);
  if (fork() == 0) {
    execvp(argv[1], argv + 1);
    _exit(127);
  }
  return 0;
}
