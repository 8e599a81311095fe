// Closing descriptors: sysconf first, then opendir and closedir.
#include <dirent.h>
#include <unistd.h>

void close_fds(void) {
  long max = sysconf(_SC_OPEN_MAX);
  DIR *d = opendir("/proc/self/fd");
  if (d)
    closedir(d);
  for (long fd = 3; !d && fd < max; ++fd)
    close((int)fd);
}
