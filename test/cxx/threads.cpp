// std::thread and std::jthread start threads; their callable (a lambda, a
// function, a member function, a functor) is the routine.
// RUN: %forksafe_cxx -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <cstdio>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

void run_job(int);

struct Worker {
  void loop() {
    if (fork() == 0) // expected-warning {{'fork' is called from a thread other than the main thread}}
      run_job(1);
  }
};

struct Reaper {
  void operator()() const {
    fork(); // expected-warning {{[forksafe-fork-in-thread]}}
  }
};

static void plain_routine(int n) {
  pid_t pid = fork(); // expected-warning {{[forksafe-fork-in-thread]}}
  if (pid == 0)
    run_job(n);
}

void start_all() {
  std::thread lambda([] {
    if (fork() == 0) // expected-warning {{[forksafe-fork-in-thread]}}
      run_job(0);
  });
  Worker w;
  std::thread member(&Worker::loop, &w);
  std::thread functor{Reaper()};
  std::thread function(plain_routine, 2);
  lambda.join();
  member.join();
  functor.join();
  function.join();
}

// Rule 2 with std::thread: until join().
void fork_while_running() {
  std::thread t([] { run_job(3); });
  fork(); // expected-warning {{'fork' is called while other threads may be running}}
  t.join();
  fork();
}

// A jthread joins when it goes out of scope.
void jthread_scope() {
  {
    std::jthread t([] { run_job(4); });
    fork(); // expected-warning {{'fork' is called while other threads may be running}}
  }
  fork();
}

// In the child: std::thread must be joined before the child exits.
void child_threads() {
  if (fork() == 0) {
    std::thread t([] { run_job(5); }); // expected-warning {{thread started in the child of 'fork' is not joined before the child exits}}
    _exit(0);
  }
  if (fork() == 0) {
    std::thread t([] { run_job(6); });
    t.join();
    _exit(0);
  }
  if (fork() == 0) {
    std::thread([] { run_job(7); }).detach(); // expected-warning {{is detached}}
    _exit(0);
  }
}
