// C++ thread idioms: std::async's thread and its future, containers of
// threads (joined by range-for, by index, by std::for_each, by clear() of
// jthreads), a thread handle returned by value.
// RUN: %forksafe_cxx -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <algorithm>
#include <future>
#include <thread>
#include <unistd.h>
#include <vector>

void run_job(int);

// std::async with std::launch::async starts a thread; get(), wait() and
// the future's destructor wait for it.
void async_future() {
  auto f = std::async(std::launch::async, [] { run_job(1); });
  fork(); // expected-warning {{'fork' is called while other threads may be running}}
  f.get();
  fork();
}

void async_wait() {
  {
    std::future<void> f = std::async(std::launch::async, run_job, 2);
    f.wait();
  }
  fork();
  {
    auto f = std::async(std::launch::async, run_job, 3);
  } // the destructor waits
  fork();
}

// A pool in a vector: joined element by element, in a range-for or by index.
void pool_range_for() {
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back([i] { run_job(i); });
  fork(); // expected-warning {{'fork' is called while other threads may be running}}
  for (auto &t : pool)
    t.join();
  fork();
}

void pool_by_index() {
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.push_back(std::thread(run_job, i));
  for (size_t i = 0; i < pool.size(); ++i)
    pool[i].join();
  fork();
}

// std::for_each with a callback that joins its argument joins the pool; one
// that detaches does not.
void pool_for_each() {
  std::vector<std::thread> pool;
  pool.emplace_back(run_job, 1);
  std::for_each(pool.begin(), pool.end(), [](std::thread &t) { t.join(); });
  fork();
}

void pool_for_each_detached() {
  std::vector<std::thread> pool;
  pool.emplace_back(run_job, 1);
  std::for_each(std::begin(pool), std::end(pool),
                [](std::thread &t) { t.detach(); });
  fork(); // expected-warning {{'fork' is called while other threads may be running}}
}

// Joining one element's variable is no join of the pool.
void pool_not_joined() {
  std::vector<std::thread> pool;
  pool.emplace_back(run_job, 1);
  std::thread other(run_job, 2);
  other.join();
  fork(); // expected-warning {{'fork' is called while other threads may be running}}
  for (auto &t : pool)
    t.join();
}

// Moving a thread into the pool starts nothing.
void pool_of_moved() {
  std::vector<std::thread> pool;
  std::thread t(run_job, 1);
  t.join();
  pool.emplace_back(std::move(t));
  fork();
}

// jthreads join when their container is cleared.
void jthread_pool() {
  std::vector<std::jthread> pool;
  pool.emplace_back(run_job, 1);
  fork(); // expected-warning {{'fork' is called while other threads may be running}}
  pool.clear();
  fork();
}

// A handle returned by value is the caller's to join.
std::thread make_worker() { return std::thread(run_job, 9); }
std::thread make_named_worker() {
  std::thread t(run_job, 10);
  return t;
}
void returned_handles() {
  std::thread a = make_worker();
  std::thread b = make_named_worker();
  fork(); // expected-warning {{'fork' is called while other threads may be running}}
  a.join();
  b.join();
  fork();
}
