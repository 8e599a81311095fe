// C that stretches a CFG: K&R definitions, _Generic, statement expressions,
// computed goto, setjmp/longjmp, switch ranges, macros that hide fork().
// Each is analysed without a crash, and the forks in them are still found.
// RUN: %forksafe_cc -std=gnu11 -Wno-deprecated-non-prototype -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define SPAWN() fork()
#define IN_CHILD(pid) ((pid) == 0)

static void *spin(void *arg) { for (;;) pause(); }
static jmp_buf again;

int knr(a, b)
int a;
char *b;
{
  if (SPAWN() == 0) {
    puts(b); // expected-warning {{call to 'puts'}}
    _exit(a);
  }
  return 0;
}

void generic(int x) {
  pid_t pid = _Generic(x, int: fork(), default: 0);
  if (IN_CHILD(pid)) {
    printf("generic\n"); // expected-warning {{call to 'printf'}}
    _exit(0);
  }
}

void statement_expression(void) {
  pid_t pid = ({ pid_t p = fork(); p; });
  if (pid == 0) {
    puts("stmt expr"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
}

void computed_goto(int i) {
  static void *targets[] = {&&child, &&parent};
  pid_t pid = fork(); // expected-warning {{[forksafe-fork-with-threads]}}
  goto *targets[pid != 0];
child:
  puts("child");
  _exit(0);
parent:
  if (i)
    goto *targets[1];
}

void jumps(void) {
  if (setjmp(again))
    return;
  if (fork() == 0) {
    puts("jump"); // expected-warning {{call to 'puts'}}
    longjmp(again, 1);
  }
}

void ranges(void) {
  switch (fork()) {
  case -1:
    abort();
  case 0:
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  case 1 ... 100:
  default:
    break;
  }
}

void nested_functions_in_structs(void) {
  struct ops {
    pid_t (*spawn)(void);
  } ops = {fork};
  if (ops.spawn() == 0)
    _exit(0);
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  knr(1, "knr");
  generic(1);
  statement_expression();
  computed_goto(0);
  jumps();
  ranges();
  nested_functions_in_structs();
  return 0;
}
