// C++: a virtual call calls every overrider the program defines; a
// std::function, a std::bind and a lambda kept in a variable or a member are
// followed like function pointers.
// RUN: %forksafe_cxx -Xclang -verify %s

#include <functional>
#include <thread>
#include <unistd.h>
#include <vector>

struct Task {
  virtual ~Task() = default;
  virtual void run() = 0;
};

struct SpawnTask : Task {
  void run() override {
    fork(); // expected-warning {{'fork' is called from a thread other than the main thread}} expected-note {{fork from the main thread}}
  }
};

struct IdleTask final : Task {
  void run() override {}
};

// The pool's thread runs each task through the base class.
void pool_loop(std::vector<Task *> *tasks) {
  for (Task *t : *tasks)
    t->run(); // expected-note {{called through 'Task::run' here, which may be 'SpawnTask::run'}}
}

struct Timer {
  std::function<void()> on_fire;
  explicit Timer(std::function<void()> f) : on_fire(std::move(f)) {}
  void fire() { on_fire(); } // expected-note {{called through 'on_fire' here, which may be 'reexec'}}
};

static void reexec(const char *path) {
  pid_t pid = fork(); // expected-warning {{'fork' is called from a thread other than the main thread}} expected-note {{fork from the main thread}} expected-note {{the child of 'fork' starts here}}
  if (pid == 0)
    execl(path, path, (char *)nullptr); // expected-warning {{if 'execl' fails, the child returns from 'reexec'}}
} // expected-note 2 {{the child returns from here}}

void timers() {
  Timer t(std::bind(reexec, "/proc/self/exe"));
  std::thread th([&t] { t.fire(); }); // expected-note {{a thread started here runs 'lambda at cxx.cpp:46:18'}} expected-note {{in that thread, 'lambda at cxx.cpp:46:18' calls 'Timer::fire' here}}
  th.join();
}

void pool() {
  std::vector<Task *> tasks;
  std::thread th(pool_loop, &tasks); // expected-note {{a thread started here runs 'pool_loop'}}
  th.join();
}

// A lambda kept in a std::function local, handed to std::thread.
void stored_lambda() {
  std::function<void()> body = [] {
    fork(); // expected-warning {{'fork' is called from a thread other than the main thread}} expected-note {{fork from the main thread}}
  };
  std::thread th(body); // expected-note {{a thread started here runs 'lambda at cxx.cpp:58:32'}}
  th.join();
}

// Nothing stored in a value runs anything that forks: no diagnostic.
static void quiet() {}
void harmless() {
  void (*cb)() = quiet;
  std::thread th(cb);
  th.join();
}
