/* What a child will need, prepared by the parent before its first fork:
 * the settings, every next definition, the module list, and the hook that
 * sees a child return from main. At load time, only the forks, execs and
 * exits are looked up: a program that never forks pays for little more
 * than the wrappers it calls.
 */
#include "rt.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct rt_config rt_config;

enum { RT_INIT_NOT, RT_INIT_RUNNING, RT_INIT_DONE };
static atomic_int rt_init_state;
static __thread int rt_initializing __attribute__((tls_model("initial-exec")));

static void rt_warn(const char *a, const char *b, const char *c) {
  char text[512];
  struct rt_buf buf = {text, 0, sizeof text};
  rt_put(&buf, "forksafe-rt: warning: ");
  rt_put(&buf, a);
  rt_put(&buf, b);
  rt_put(&buf, c);
  rt_put(&buf, "\n");
  write(2, text, buf.len);
}

static void rt_read_settings(void) {
  /* The next getenv: the wrapper would only forward to it. */
  __typeof__(&getenv) real_getenv = RT_REAL(getenv);
  const char *format = real_getenv("FORKSAFE_RT_FORMAT");
  if (format && strcmp(format, "json") == 0)
    rt_config.json = 1;
  else if (format && format[0] && strcmp(format, "text") != 0)
    rt_warn("FORKSAFE_RT_FORMAT='", format, "' is neither 'text' nor 'json'; "
                                            "writing text");
  const char *abort_setting = real_getenv("FORKSAFE_RT_ABORT");
  rt_config.abort_on_report = abort_setting && strcmp(abort_setting, "1") == 0;
  const char *log = real_getenv("FORKSAFE_RT_LOG");
  if (log && log[0]) {
    if (strlen(log) < sizeof rt_config.log_path)
      strcpy(rt_config.log_path, log);
    else
      rt_warn("FORKSAFE_RT_LOG is too long; writing to stderr", "", "");
  }
}

__attribute__((constructor)) static void rt_load(void) { rt_resolve_pass(); }

void rt_init(void) {
  if (RT_LIKELY(atomic_load_explicit(&rt_init_state, memory_order_acquire) ==
                RT_INIT_DONE) ||
      rt_initializing)
    return;
  int expected = RT_INIT_NOT;
  if (!atomic_compare_exchange_strong(&rt_init_state, &expected,
                                      RT_INIT_RUNNING)) {
    /* Another thread is at it: its fork, and this one, wait for it. */
    while (atomic_load(&rt_init_state) != RT_INIT_DONE)
      sched_yield();
    return;
  }
  rt_initializing = 1;
  rt_resolve_all();
  ssize_t n = readlink("/proc/self/exe", rt_config.exe_path,
                       sizeof rt_config.exe_path - 1);
  rt_config.exe_path[n > 0 ? n : 0] = 0;
  rt_read_settings();
  rt_modules_refresh();
  atexit(rt_at_exit);
  rt_initializing = 0;
  atomic_store_explicit(&rt_init_state, RT_INIT_DONE, memory_order_release);
}
