/* Start-up: the settings, every next definition looked up, the module
 * list, and the hook that sees a child return from main.
 */
#include "rt.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct rt_config rt_config;
static atomic_int rt_initialized;

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

void rt_init(void) {
  int expected = 0;
  if (!atomic_compare_exchange_strong(&rt_initialized, &expected, 1))
    return;
  rt_resolve_all();
  ssize_t n = readlink("/proc/self/exe", rt_config.exe_path,
                       sizeof rt_config.exe_path - 1);
  rt_config.exe_path[n > 0 ? n : 0] = 0;
  rt_read_settings();
  rt_modules_refresh();
  atexit(rt_at_exit);
}

__attribute__((constructor)) static void rt_constructor(void) { rt_init(); }
