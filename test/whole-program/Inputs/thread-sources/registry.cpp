#include <thread>
#include <unistd.h>

struct Registry {
  std::thread flusher;
  Registry() : flusher([] { pause(); }) {}
};

Registry registry;
