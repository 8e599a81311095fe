// C++ calls that do not look like calls: constructors and destructors that
// allocate, operator new and delete, and throw.
// RUN: %forksafe_cxx -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <cstring>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

void run_job(int);

struct Plain {
  int fd;
  Plain(int fd) : fd(fd) {}
  ~Plain() { close(fd); }
};

struct Buffer {
  char *data;
  Buffer() : data(new char[64]) {}
  ~Buffer() { delete[] data; }
};

void child(int fd) {
  std::thread background([] { run_job(0); });
  if (fork() == 0) {
    std::string name = "child"; // expected-warning {{call to 'std::basic_string<char>::basic_string' in the child of a multithreaded process reaches 'operator }}
    const char *raw = name.c_str();
    write(1, raw, std::strlen(raw));
    int *n = new int(3); // expected-warning {{call to 'operator new'}}
    delete n; // expected-warning {{call to 'operator delete'}}
    Plain p(fd);
    Buffer b; // expected-warning {{call to 'Buffer::Buffer' in the child of a multithreaded process reaches 'operator new[]'}}
    std::vector<int> v;
    v.push_back(1); // expected-warning {{call to 'std::vector<int>::push_back'}}
    try {
      if (fd < 0)
        throw 1; // expected-warning {{throwing an exception in the child of a multithreaded process is not async-signal-safe}}
    } catch (...) {
      _exit(2);
    }
    auto quiet = [fd] { close(fd); };
    quiet();
    auto loud = [] { run_job(1); };
    loud();
    _exit(0);
  }
  background.join();
}
