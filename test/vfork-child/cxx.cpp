// C++: a throw and a constructor that allocates are reported; so is an
// object built in the child's frame, which the parent shares.
// RUN: %forksafe_cxx -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <string>
#include <unistd.h>

struct Noop {
  Noop() {}
};

void spawn(const char *path) {
  if (vfork() == 0) {
    Noop fine; // expected-warning {{write to memory in a vfork child}}
    std::string copy(path); // expected-warning {{call to 'std::basic_string<char>::basic_string' in a vfork child reaches}}
    if (copy.empty())
      throw 1; // expected-warning {{throwing an exception in a vfork child, which may only call an exec function or '_exit'}}
    execl(path, path, (char *)nullptr);
    _exit(127);
  }
}
