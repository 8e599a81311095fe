// C++ that stretches the model: templates instantiated several times,
// dependent and variadic calls, C++20 coroutines, lambdas in lambdas and
// generic lambdas, exceptions around and in the child, overloaded
// operators, destructors that run in the child, placement new, virtual
// calls, constexpr/consteval and default arguments. Each is analysed
// without a crash, and the forks in them are still found.
// RUN: %forksafe_cxx -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <stdexcept>
#include <thread>
#include <unistd.h>

void run_job(int);

// Templates --------------------------------------------------------------

// Instantiated three times: one warning at the call, not three.
template <typename T> void spawn_and_print(T v) {
  if (fork() == 0) {
    std::printf("%d\n", (int)v); // expected-warning {{call to 'printf' in the child of a multithreaded process}}
    _exit(0);
  }
}

// A member of a class template: only the instantiation whose T is unsafe.
template <typename T> struct Launcher {
  T value;
  void launch() {
    pid_t pid = fork();
    if (pid == 0) {
      value.report(); // expected-warning {{call to 'Loud::report' in the child of a multithreaded process reaches 'puts'}}
      _exit(0);
    }
  }
};
struct Loud {
  void report() { std::puts("loud"); }
};
struct Quiet {
  void report() { write(1, "quiet\n", 6); }
};

// A dependent call, resolved by argument-dependent lookup at instantiation.
namespace kinds {
struct Noisy {};
struct Still {};
void describe(Noisy) { std::puts("noisy"); }
void describe(Still) { write(1, "still\n", 6); }
} // namespace kinds

template <typename T> void dependent(T t) {
  if (fork() == 0) {
    describe(t); // expected-warning {{call to 'kinds::describe' in the child of a multithreaded process reaches 'puts'}}
    _exit(0);
  }
}

template <typename... Args> void variadic(Args... args) {
  if (fork() == 0) {
    std::printf("%d\n", (args + ... + 0)); // expected-warning {{call to 'printf'}}
    _exit(0);
  }
}

// Two instantiations, one fork site in the source: one warning.
template <typename T> void escaping() {
  fork(); // expected-warning {{'fork' is called while other threads may be running, and its result is never tested}}
}

// A function template and a member of a class template as thread routines.
template <typename T> void worker(T n) {
  if (fork() == 0) // expected-warning {{'fork' is called from a thread other than the main thread, and its child returns from 'worker'}}
    run_job(n);
}
template <typename T> struct Pool {
  T id;
  void loop() {
    pid_t pid = fork(); // expected-warning {{[forksafe-fork-in-thread]}}
    if (pid == 0)
      run_job(id);
  }
};

void templates() {
  std::thread t([] { run_job(0); });
  spawn_and_print(1);
  spawn_and_print(2.0);
  spawn_and_print('c');
  Launcher<Loud>{}.launch();
  Launcher<Quiet>{}.launch();
  dependent(kinds::Noisy{});
  dependent(kinds::Still{});
  variadic(1, 2, 3);
  variadic();
  escaping<int>();
  escaping<char>();
  t.join();

  std::thread a(worker<int>, 1);
  std::thread b(&worker<long>, 2L);
  Pool<int> p{3};
  std::thread c(&Pool<int>::loop, &p);
  a.join();
  b.join();
  c.join();
}

// Coroutines -------------------------------------------------------------

struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

struct generator {
  struct promise_type {
    int current = 0;
    generator get_return_object() {
      return generator{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int v) {
      current = v;
      return {};
    }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
  explicit generator(std::coroutine_handle<promise_type> h) : handle(h) {}
  ~generator() {
    if (handle)
      handle.destroy();
  }
};

task forking_task() {
  if (fork() == 0) {
    std::puts("child in a coroutine"); // expected-warning {{call to 'puts' in the child of a multithreaded process}}
    _exit(0);
  }
  co_return;
}

task escaping_task() {
  fork(); // expected-warning {{[forksafe-fork-with-threads]}}
  co_await std::suspend_never{};
  co_return;
}

generator forking_generator() {
  pid_t pid = fork();
  if (pid == 0) {
    std::printf("generator\n"); // expected-warning {{call to 'printf'}}
    _exit(0);
  }
  co_yield pid;
}

task safe_task() {
  if (fork() == 0) {
    write(1, "ok\n", 3);
    _exit(0);
  }
  co_return;
}

task forks_in_thread() {
  if (fork() == 0) // expected-warning {{'fork' is called from a thread other than the main thread, and its child goes on into code the parent also runs}}
    run_job(1);
  co_return;
}

void coroutines() {
  std::thread t([] { run_job(0); });
  forking_task();
  escaping_task();
  forking_generator().handle.resume();
  safe_task();
  t.join();
  std::thread u(forks_in_thread);
  u.join();
}

// Lambdas ----------------------------------------------------------------

void lambda_in_lambda_in_thread() {
  std::thread t([] {
    auto inner = [] {
      if (fork() == 0) // expected-warning {{'fork' is called from a thread other than the main thread, and its child returns from 'lambda at}}
        run_job(1);
    };
    inner();
  });
  t.join();
}

void bounded_child_in_nested_lambda() {
  std::thread t([] {
    auto inner = [] {
      if (fork() == 0) {
        std::puts("inner"); // expected-warning {{call to 'puts' in the child of a multithreaded process}}
        _exit(0);
      }
    };
    inner();
  });
  t.join();
}

void lambda_started_as_thread() {
  auto forker = [] { fork(); }; // expected-warning {{'fork' is called from a thread other than the main thread, and its result is never tested}}
  std::thread t(forker);
  t.join();
}

void immediately_invoked_in_thread() {
  std::thread t([] {
    [] {
      pid_t pid = fork(); // expected-warning {{[forksafe-fork-in-thread]}}
      if (pid == 0)
        run_job(2);
    }();
  });
  t.join();
}

// A generic lambda called twice with two types: one warning.
void generic_lambda() {
  std::thread t([] { run_job(0); });
  auto spawn = [](auto code) {
    if (fork() == 0) {
      std::printf("%d\n", (int)code); // expected-warning {{call to 'printf'}}
      _exit((int)code);
    }
  };
  spawn(1);
  spawn(2L);
  t.join();
}

// Exceptions -------------------------------------------------------------

void try_around_fork() {
  std::thread t([] { run_job(0); });
  try {
    pid_t pid = fork();
    if (pid < 0)
      throw std::runtime_error("fork");
    if (pid == 0) {
      std::puts("child"); // expected-warning {{call to 'puts'}}
      _exit(0);
    }
  } catch (const std::exception &e) {
    std::puts(e.what());
  }
  t.join();
}

// The child throws out of the function: it escapes.
void throw_leaves_child() {
  std::thread t([] { run_job(0); });
  if (fork() == 0) { // expected-warning {{'fork' is called while other threads may be running, and its child returns from 'throw_leaves_child'}}
    throw std::runtime_error("child");
  }
  t.join();
}

// Caught outside the child branch: the child runs the parent's handler.
void caught_outside_child() {
  std::thread t([] { run_job(0); });
  try {
    if (fork() == 0) // expected-warning {{'fork' is called while other threads may be running, and its child goes on into code the parent also runs}}
      throw 1;
  } catch (...) {
    std::puts("caught");
  }
  t.join();
}

// Caught inside the child branch, which then ends: bounded, the throw is
// unsafe.
void caught_in_child() {
  std::thread t([] { run_job(0); });
  if (fork() == 0) {
    try {
      throw 42; // expected-warning {{throwing an exception in the child of a multithreaded process is not async-signal-safe}}
    } catch (int) {
      _exit(1);
    }
  }
  t.join();
}

// Operators --------------------------------------------------------------

static unsigned char arena[1024];
static std::size_t used;

struct Pooled {
  int v;
  // A class's own operator new with a visible, safe body.
  static void *operator new(std::size_t n) {
    void *p = arena + used;
    used += n;
    return p;
  }
  static void operator delete(void *) {}
};

struct Vec {
  int x, y;
  Vec operator+(const Vec &o) const { return {x + o.x, y + o.y}; }
  friend Vec operator-(const Vec &a, const Vec &b) {
    std::puts("minus");
    return {a.x - b.x, a.y - b.y};
  }
  explicit operator bool() const { return x != 0; }
  operator int() const {
    std::printf("conv\n");
    return x;
  }
};

void operators() {
  std::thread t([] { run_job(0); });
  if (fork() == 0) {
    Pooled *p = new Pooled{1};
    delete p;
    Vec a{1, 2}, b{3, 4};
    Vec c = a + b;
    Vec d = a - b; // expected-warning {{call to 'operator-' in the child of a multithreaded process reaches 'puts'}}
    if (c)
      _exit(0);
    int n = d; // expected-warning {{call to 'Vec::operator int' in the child of a multithreaded process reaches 'printf'}}
    _exit(n);
  }
  t.join();
}

// Destructors and placement new ------------------------------------------

struct Logger {
  ~Logger() { std::puts("bye"); }
};
struct Closer {
  int fd;
  ~Closer() { close(fd); }
};

void destructors() {
  std::thread t([] { run_job(0); });
  // Destroyed at the end of its scope, in the child: reported there.
  if (fork() == 0) {
    {
      Logger l;
    } // expected-warning {{call to 'Logger::~Logger' in the child of a multithreaded process reaches 'puts'}}
    _exit(0);
  }
  // A temporary, destroyed at the end of the full expression.
  if (fork() == 0) {
    (void)Logger{}; // expected-warning {{call to 'Logger::~Logger'}}
    _exit(0);
  }
  // _exit() runs no destructor.
  if (fork() == 0) {
    Logger l;
    _exit(0);
  }
  // A destructor that is safe.
  if (fork() == 0) {
    {
      Closer c{3};
    }
    _exit(0);
  }
  // Placement new allocates nothing; the explicit destructor call is judged
  // by its body.
  if (fork() == 0) {
    alignas(Logger) unsigned char buf[sizeof(Logger)];
    Logger *p = new (buf) Logger;
    p->~Logger(); // expected-warning {{call to 'Logger::~Logger' in the child of a multithreaded process reaches 'puts'}}
    _exit(0);
  }
  if (fork() == 0) {
    alignas(Closer) unsigned char buf[sizeof(Closer)];
    Closer *p = new (buf) Closer{4};
    p->~Closer();
    _exit(0);
  }
  t.join();
}

// Virtual calls ----------------------------------------------------------

struct Shape {
  virtual ~Shape() = default;
  virtual void draw() = 0;
  virtual void name() { std::puts("shape"); }
};
struct Circle final : Shape {
  void draw() override { std::puts("circle"); }
};

void virtual_calls(Shape &s, Circle &c) {
  std::thread t([] { run_job(0); });
  if (fork() == 0) {
    s.draw(); // expected-warning {{call to 'Shape::draw' in the child of a multithreaded process reaches 'puts'}}
    s.name(); // expected-warning {{call to 'Shape::name' in the child of a multithreaded process reaches 'puts'}}
    c.draw(); // expected-warning {{call to 'Circle::draw' in the child of a multithreaded process reaches 'puts'}}
    Shape *heap = new Circle; // expected-warning {{call to 'operator new'}}
    _exit(0);
  }
  t.join();
}

// constexpr, consteval, default arguments --------------------------------

constexpr int twice(int n) { return n * 2 + 1; }
consteval int fixed_code() { return 7; }
void log_line(const char *s = "default") { std::puts(s); }
int close_fd(int fd = -1) { return close(fd); }

void compile_time_and_defaults() {
  std::thread t([] { run_job(0); });
  if (fork() == 0) {
    constexpr int code = twice(3);
    _exit(code + fixed_code() + twice(close_fd()));
  }
  if (fork() == 0) {
    log_line(); // expected-warning {{call to 'log_line' in the child of a multithreaded process reaches 'puts'}}
    _exit(0);
  }
  t.join();
}

// A coroutine that flows off its end returns, though its promise's
// unhandled_exception() (which runs only after a throw) never does.
task falls_off() { co_await std::suspend_never{}; }
void after_falls_off() {
  std::thread t([] { run_job(0); });
  falls_off();
  fork(); // expected-warning {{'fork' is called while other threads may be running, and its result is never tested}}
  t.join();
}

// A generic lambda or a templated operator() as std::thread's routine: the
// instantiation the thread calls runs in it.
struct TemplatedFunctor {
  template <typename T> void operator()(T n) const {
    if (fork() == 0) // expected-warning {{'fork' is called from a thread other than the main thread}}
      run_job(n);
  }
};
void generic_routines() {
  std::thread a([](auto n) {
    if (fork() == 0) // expected-warning {{'fork' is called from a thread other than the main thread}}
      run_job(n);
  }, 1);
  std::thread b(TemplatedFunctor{}, 2);
  a.join();
  b.join();
}

// Calls in default arguments and default member initializers of aggregates
// run where they are used.
inline int random_code() { return std::rand(); }
void quiet(int code = random_code()) { (void)code; }
void untested(pid_t pid = fork()) { (void)pid; }
struct Aggregate {
  int x = random_code();
};
void defaults_in_child() {
  std::thread t([] { run_job(0); });
  if (fork() == 0) {
    quiet(); // expected-warning {{call to 'random_code' in the child of a multithreaded process reaches 'rand'}}
    _exit(0);
  }
  if (fork() == 0) {
    Aggregate b{}; // expected-warning {{call to 'random_code' in the child of a multithreaded process reaches 'rand'}}
    _exit(b.x);
  }
  untested(); // expected-warning {{'fork' is called while other threads may be running, and its result is never tested}}
  t.join();
}

// A virtual call calls every overrider the program defines: Derived::draw
// is looked at, though the static type names Base::draw.
struct Base {
  virtual ~Base() = default;
  virtual void draw() { write(1, "b", 1); }
};
struct Derived : Base {
  void draw() override { std::puts("derived"); }
};
void overrider(Base &b) {
  std::thread t([] { run_job(0); });
  if (fork() == 0) {
    b.draw(); // expected-warning {{call to 'Base::draw' in the child of a multithreaded process reaches 'puts'}}
    _exit(0);
  }
  t.join();
}
