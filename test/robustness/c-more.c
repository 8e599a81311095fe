// More C that stretches the front end and the CFG, beyond c-constructs.c:
// GCC nested functions (clang rejects them: the plugin must get through the
// broken functions), object-like and statement-like macros that hide fork()
// and its test, and C99 variable-length arrays around the fork. The forks
// in the functions that compiled are still found.
// RUN: %forksafe_cc -std=gnu99 -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define FORK fork()
#define CHILD_OF(p) (!(p))
#define IF_CHILD if (fork() == 0)

static void *spin(void *arg) { for (;;) pause(); }

// Nested functions: their bodies are dropped by clang with an error. The
// enclosing functions have nothing to report either way.
#ifndef KNOWN_GAPS
void nested_forks(void) {
  int helper(void) { // expected-error {{function definition is not allowed here}}
    if (fork() == 0) {
      puts("nested");
      _exit(0);
    }
    return 0;
  }
}

void nested_in_child(void) {
  if (fork() == 0) {
    void child_work(void) { puts("in nested"); } // expected-error {{function definition is not allowed here}}
    _exit(0);
  }
}
#endif

// After the broken functions, analysis goes on.
void after_nested(void) {
  if (fork() == 0) {
    puts("after"); // expected-warning {{call to 'puts' in the child of a multithreaded process}}
    _exit(0);
  }
}

// Macros: an object-like macro for the fork, a function-like one for the
// test, a statement-like one for both.
void object_like_macro(void) {
  pid_t pid = FORK;
  if (CHILD_OF(pid)) {
    puts("object-like"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
}

void statement_macro(void) {
  IF_CHILD {
    puts("statement macro"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
}

void untested_macro_fork(void) {
  FORK; // expected-warning {{'fork' is called while other threads may be running, and its result is never tested}}
}

// Variable-length arrays before the fork, in the child, in a loop, and in
// the exit status.
void vla(int n) {
  char buf[n];
  int matrix[n][n];
  if (fork() == 0) {
    char inner[n + 1];
    inner[0] = buf[0] = (char)matrix[0][0];
    write(1, inner, 1);
    _exit(0);
  }
  if (fork() == 0) {
    int local[n];
    printf("%d\n", local[0]); // expected-warning {{call to 'printf'}}
    _exit((int)sizeof local);
  }
}

void vla_loop(int n) {
  for (int i = 1; i < n; ++i) {
    int tmp[i];
    pid_t pid = fork();
    if (pid == 0) {
      tmp[0] = i;
      puts("loop"); // expected-warning {{call to 'puts'}}
      _exit(tmp[0]);
    }
  }
}

// A cleanup function runs where its variable's scope ends: here, in the
// child.
static void say_bye(int *p) { printf("bye %d\n", *p); }
void cleanup_in_child(void) {
  if (fork() == 0) {
    { int x __attribute__((cleanup(say_bye))) = 1; } // expected-warning {{call to 'say_bye' in the child of a multithreaded process reaches 'printf'}}
    _exit(0);
  }
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  nested_forks();
  nested_in_child();
  cleanup_in_child();
  after_nested();
  object_like_macro();
  statement_macro();
  untested_macro_fork();
  vla(3);
  vla_loop(3);
  return 0;
}
