#include "logger.h"
#include <thread>
#include <unistd.h>

void app::run_child(Logger &L) {
  std::thread t([] { pause(); });
  t.detach();
  if (fork() == 0) {
    L.line("child");
    _exit(0);
  }
}
