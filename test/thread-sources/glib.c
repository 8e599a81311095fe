// GLib's thread pools and the GDBus worker thread: a fork after them is a
// fork with threads, and the note names the call.
// REQUIRES: glib
// RUN: %forksafe_cc %glib_cflags -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <gio/gio.h>
#include <stdio.h>
#include <unistd.h>

static void work(gpointer data, gpointer user_data) {}

void pool_then_fork(void) {
  GThreadPool *pool = g_thread_pool_new(work, NULL, 4, FALSE, NULL); // expected-note {{'g_thread_pool_new' leaves pool threads running}}
  fork(); // expected-warning {{'fork' is called while other threads may be running, and its result is never tested, so the child runs all that follows [forksafe-fork-with-threads]}} \
          // expected-note {{fork before starting threads, or use posix_spawn}}
  g_thread_pool_free(pool, FALSE, TRUE);
}

// Before the pool, nothing runs yet.
void fork_then_pool(void) {
  if (fork() == 0) {
    g_print("child\n");
    _exit(0);
  }
  g_thread_pool_new(work, NULL, 4, FALSE, NULL);
}

void bus_then_child(void) {
  GDBusConnection *bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, NULL); // expected-note {{'g_bus_get_sync' leaves the GDBus worker thread running}}
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    printf("child\n"); // expected-warning {{call to 'printf' in the child of a multithreaded process, which is not async-signal-safe [forksafe-unsafe-call-in-child]}}
    _exit(0);
  }
  g_object_unref(bus);
}

// A function that owns a name returns with the worker running.
static void own_name(void) {
  g_bus_own_name(G_BUS_TYPE_SESSION, "org.example.Worker", // expected-note {{'g_bus_own_name' leaves the GDBus worker thread running}}
                 G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL, NULL, NULL);
}

void owner(void) {
  own_name(); // expected-note {{'own_name' may return with a thread still running}}
  fork(); // expected-warning {{'fork' is called while other threads may be running}} \
          // expected-note {{fork before starting threads, or use posix_spawn}}
}

// g_thread_new stays a thread start: its routine runs in the thread.
static gpointer routine(gpointer data) { return data; }
void thread_start(void) {
  GThread *t = g_thread_new("t", routine, NULL); // expected-note {{a thread started here may still be running}}
  fork(); // expected-warning {{'fork' is called while other threads may be running}} \
          // expected-note {{fork before starting threads, or use posix_spawn}}
  g_thread_join(t);
}
