// The witness: when a call reaches several functions that are not
// async-signal-safe, the warning names the most hazardous (one that takes a
// lock or allocates, before one the hazard table does not know, before one
// that does neither), the first in the order of the calls among equals, and
// a note at the callee lists up to three of the others.
// RUN: %forksafe_cc -fplugin-arg-forksafe-profile=posix -Xclang -verify %s

#include <assert.h>
#include <dirent.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }

// sysconf and snprintf come first, but take no lock and allocate nothing:
// opendir, which allocates, is the one named. closedir ties with it and
// comes later.
static void close_fds(void) { // expected-note {{'close_fds' also reaches 'closedir', 'sysconf', 'snprintf'}}
  long max = sysconf(_SC_OPEN_MAX);
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/fd", max);
  DIR *d = opendir(path); // expected-note {{'close_fds' calls 'opendir' here}}
  if (d)
    closedir(d);
}

// Through a helper: the helper reaches sysconf only; getpwnam, called
// after it, is named, and the note names sysconf through the helper.
static long page_size(void) { return sysconf(_SC_PAGESIZE); }
static void drop_privileges(void) { // expected-note {{'drop_privileges' also reaches 'sysconf'}}
  long size = page_size();
  struct passwd *pw = getpwnam("nobody"); // expected-note {{'drop_privileges' calls 'getpwnam' here}}
  if (pw && size > 0)
    setuid(pw->pw_uid);
}

// Ties: both take a lock or allocate; the first is named.
static void set_up_env(void) { // expected-note {{'set_up_env' also reaches 'malloc'}}
  setenv("LANG", "C", 1); // expected-note {{'set_up_env' calls 'setenv' here}}
  free(malloc(16));
}

// More than three others: the note names the three most hazardous.
static void busy(void) { // expected-note {{'busy' also reaches 'fclose', 'sysconf', 'getenv'}}
  sysconf(_SC_CLK_TCK);
  getenv("HOME");
  FILE *f = fopen("/dev/null", "w"); // expected-note {{'busy' calls 'fopen' here}}
  if (f)
    fclose(f);
  char buf[8];
  snprintf(buf, sizeof buf, "%d", 1);
}

// An assertion's failure path never returns: the call beside it is named.
static void checked(long n) { // expected-note {{'checked' also reaches '__assert_fail'}}
  assert(n > 0);
  sysconf(_SC_OPEN_MAX); // expected-note {{'checked' calls 'sysconf' here}}
}

// A function the hazard table does not list may take a lock: it is named
// before one that is known to take none.
static void config(void) { // expected-note {{'config' also reaches 'sysconf'}}
  sysconf(_SC_ARG_MAX);
  char buf[64];
  confstr(_CS_PATH, buf, sizeof buf); // expected-note {{'config' calls 'confstr' here}}
}

// One unsafe function: no note of others.
static void just_one(void) {
  sysconf(_SC_OPEN_MAX); // expected-note {{'just_one' calls 'sysconf' here}}
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL); // expected-note 7 {{a thread started here may still be running}}
  if (fork() == 0) { // expected-note 7 {{the child of 'fork' starts here}}
    close_fds(); // expected-warning {{call to 'close_fds' in the child of a multithreaded process reaches 'opendir', which is not async-signal-safe}} \
                 // expected-note {{do this before the fork, or use posix_spawn}}
    drop_privileges(); // expected-warning {{call to 'drop_privileges' in the child of a multithreaded process reaches 'getpwnam'}} \
                       // expected-note {{do this before the fork, or use posix_spawn}}
    set_up_env(); // expected-warning {{call to 'set_up_env' in the child of a multithreaded process reaches 'setenv'}} \
                  // expected-note {{do this before the fork, or use posix_spawn}}
    busy(); // expected-warning {{call to 'busy' in the child of a multithreaded process reaches 'fopen'}} \
            // expected-note {{do this before the fork, or use posix_spawn}}
    checked(1); // expected-warning {{call to 'checked' in the child of a multithreaded process reaches 'sysconf'}} \
                // expected-note {{do this before the fork, or use posix_spawn}}
    config(); // expected-warning {{call to 'config' in the child of a multithreaded process reaches 'confstr'}} \
              // expected-note {{do this before the fork, or use posix_spawn}}
    just_one(); // expected-warning {{call to 'just_one' in the child of a multithreaded process reaches 'sysconf'}} \
                // expected-note {{do this before the fork, or use posix_spawn}}
    _exit(0);
  }
  return 0;
}
