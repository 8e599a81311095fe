// Every form of fork-result test that docs/semantics.md lists finds the child
// region: the unsafe call in the child is reported, the one in the parent is
// not.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

void start_threads(void);
void threaded_helpers(void);
void tested_once(void);
void conditional(int ok);
static void *spin(void *arg) { for (;;) pause(); }
static pthread_t background;

void if_equal_zero(void) {
  pid_t pid = fork();
  if (pid == 0) {
    puts("child"); // expected-warning {{call to 'puts' in the child of a multithreaded process}}
    _exit(0);
  }
  puts("parent");
}

void if_not_pid(void) {
  pid_t pid = fork();
  if (!pid) {
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
  puts("parent");
}

void early_return_of_parent(void) {
  pid_t pid = fork();
  if (pid != 0)
    return;
  puts("child"); // expected-warning {{call to 'puts'}}
  _exit(0);
}

void parent_then_child(void) {
  pid_t pid = fork();
  if (pid > 0) {
    puts("parent");
  } else if (pid == 0) {
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  } else {
    perror("fork");
  }
}

void switch_on_pid(void) {
  pid_t pid = fork();
  switch (pid) {
  case -1:
    perror("fork");
    break;
  case 0:
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  default:
    puts("parent");
  }
}

void switch_on_assignment(void) {
  pid_t pid;
  switch (pid = fork()) {
  case 0:
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  case -1:
    perror("fork");
  }
  puts("parent or error");
}

void assignment_in_condition(void) {
  pid_t pid;
  if ((pid = fork()) == 0) {
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
  puts("parent");
}

void not_fork(void) {
  if (!fork()) {
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
  puts("parent");
}

void fork_equal_zero(void) {
  if (fork() == 0) {
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
  puts("parent");
}

void zero_equal_fork(void) {
  if (0 == fork()) {
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
  puts("parent");
}

// `else` holds the child and the error: only the child's value is reported,
// and the error path (which returns) is no escape.
void if_pid_parent_else_child(void) {
  pid_t pid = fork();
  if (pid) {
    puts("parent");
  } else {
    puts("child or error"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
}

void error_first(void) {
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return;
  }
  if (pid == 0) {
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
  puts("parent");
}

void likely_child(void) {
  pid_t pid = fork();
  if (__builtin_expect(pid == 0, 0)) {
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
  puts("parent");
}

void both_conditions(int verbose) {
  pid_t pid = fork();
  if (pid == 0 && verbose) {
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
  if (pid == 0)
    _exit(1);
  puts("parent");
}

// Before the test, both processes run the code.
void before_the_test(void) {
  pid_t pid = fork();
  puts("both"); // expected-warning {{call to 'puts'}}
  if (pid == 0)
    _exit(0);
}

int main(void) {
  pthread_create(&background, NULL, spin, NULL);
  if_equal_zero();
  if_not_pid();
  early_return_of_parent();
  parent_then_child();
  switch_on_pid();
  switch_on_assignment();
  assignment_in_condition();
  not_fork();
  fork_equal_zero();
  zero_equal_fork();
  if_pid_parent_else_child();
  error_first();
  likely_child();
  both_conditions(1);
  before_the_test();
  threaded_helpers();
  tested_once();
  conditional(1);
  return 0;
}

// The result kept through a pointer or in a struct field.
struct child_process {
  pid_t pid;
};

void through_pointer(pid_t *pid) {
  *pid = fork();
  if (*pid == 0) {
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
}

void in_a_field(struct child_process *proc) {
  proc->pid = fork();
  if (proc->pid == 0) {
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
}

void copied(void) {
  pid_t pid = fork();
  pid_t copy = pid;
  if (copy == 0) {
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
}

void threaded_helpers(void) {
  pid_t pid;
  struct child_process proc;
  through_pointer(&pid);
  in_a_field(&proc);
  copied();
}

// The test kept in a variable, then tested.
void tested_once(void) {
  int is_child = (fork() == 0);
  if (is_child) {
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
  int in_parent = fork() != 0;
  if (!in_parent) {
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
}

// Through a conditional expression.
void conditional(int ok) {
  pid_t pid = ok ? fork() : -1;
  if (pid == 0) {
    puts("child"); // expected-warning {{call to 'puts'}}
    _exit(0);
  }
}
