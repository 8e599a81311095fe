// A static helper that is async-signal-safe, and the child that calls it.
#include <pthread.h>
#include <string.h>
#include <unistd.h>

static void say(const char *s) { write(2, s, strlen(s)); }
void start_threads(void);
void shout(const char *s);

int main(void) {
  start_threads();
  if (fork() == 0) {
    say("child\n");
    shout("child\n");
    _exit(0);
  }
  return 0;
}
