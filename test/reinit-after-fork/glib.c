// GLib: a main context or loop does not survive fork(), and GLib has no call
// to re-initialise one.
// REQUIRES: glib
// RUN: %forksafe_cc %glib_cflags -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <glib.h>
#include <unistd.h>

void loop_in_child(void) {
  GMainContext *ctx = g_main_context_new();
  GMainLoop *loop = g_main_loop_new(ctx, FALSE);
  if (fork() == 0) {
    g_main_loop_run(loop); // expected-warning {{call to 'g_main_loop_run' in the child uses the GLib main loop 'loop' from before the fork; GLib cannot re-initialise a main loop after fork(); exec, or create a new context and loop in the child [forksafe-reinit-after-fork]}}
    _exit(0);
  }
}

void iterate_in_child(void) {
  GMainContext *ctx = g_main_context_new();
  if (fork() == 0) {
    while (g_main_context_iteration(ctx, TRUE)) // expected-warning {{call to 'g_main_context_iteration' in the child uses the GLib main context 'ctx' from before the fork; GLib cannot re-initialise a main context after fork()}}
      ;
    _exit(0);
  }
}

void fresh_in_child(void) {
  if (fork() == 0) {
    GMainContext *ctx = g_main_context_new();
    GMainLoop *loop = g_main_loop_new(ctx, FALSE);
    g_main_loop_run(loop);
    _exit(0);
  }
}
