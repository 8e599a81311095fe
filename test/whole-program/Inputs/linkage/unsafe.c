// Another static helper of the same name, which is not safe: it is this
// file's own, and says nothing of safe.c's.
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void say(const char *s) { fputs(s, stderr); }
static void *spin(void *arg) { for (;;) pause(); }

void shout(const char *s) { say(s); }

void start_threads(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  say("started\n");
}
