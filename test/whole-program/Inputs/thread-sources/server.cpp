#include <cstdio>
#include <unistd.h>

void serve() {
  if (fork() == 0) {
    std::puts("child");
    _exit(0);
  }
}

int main() { serve(); }
