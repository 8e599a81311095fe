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

extern char **environ;

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

/* An exit status, 0 to 255, as FORKSAFE_RT_EXITCODE gives it; 66 when it is
 * unset, and when it is no such number (said once). */
static int rt_read_exitcode(const char *setting) {
  enum { RT_DEFAULT_EXITCODE = 66 };
  if (!setting || !setting[0])
    return RT_DEFAULT_EXITCODE;
  char *end;
  long value = strtol(setting, &end, 10);
  if (*end || value < 0 || value > 255) {
    rt_warn("FORKSAFE_RT_EXITCODE='", setting,
            "' is not an exit status from 0 to 255; exiting with 66");
    return RT_DEFAULT_EXITCODE;
  }
  return (int)value;
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
  rt_config.exitcode = rt_read_exitcode(real_getenv("FORKSAFE_RT_EXITCODE"));
  const char *log = real_getenv("FORKSAFE_RT_LOG");
  if (log && log[0]) {
    if (strlen(log) < sizeof rt_config.log_path)
      strcpy(rt_config.log_path, log);
    else
      rt_warn("FORKSAFE_RT_LOG is too long; writing to stderr", "", "");
  }
}

/* The environment's value of NAME, read without getenv, which is wrapped
 * and would be looked up for this alone. */
static const char *rt_env_value(const char *name) {
  size_t length = strlen(name);
  for (char **entry = environ; entry && *entry; entry++)
    if (strncmp(*entry, name, length) == 0 && (*entry)[length] == '=')
      return *entry + length + 1;
  return NULL;
}

/* Whether an LD_PRELOAD entry of that length names this library. */
static int rt_names_library(const char *entry, size_t length) {
  static const char file[] = "libforksafe-rt.so";
  size_t file_length = sizeof file - 1;
  return length >= file_length &&
         memcmp(entry + length - file_length, file, file_length) == 0 &&
         (length == file_length || entry[length - file_length - 1] == '/');
}

/* FORKSAFE_RT_FOLLOW_EXEC=0: this library leaves LD_PRELOAD, so that what
 * the program execs or spawns (system, popen, posix_spawn too) runs
 * without it. The value is edited in place, at load, before the program
 * can read it or start a thread; the other entries stay, in order. */
static void rt_stop_following(void) {
  const char *follow = rt_env_value("FORKSAFE_RT_FOLLOW_EXEC");
  if (!follow || strcmp(follow, "0") != 0)
    return;
  char *preload = (char *)rt_env_value("LD_PRELOAD");
  if (!preload)
    return;
  /* The loader separates entries by colons or spaces. */
  char *out = preload;
  for (char *in = preload; *in;) {
    size_t length = strcspn(in, ": ");
    if (length && !rt_names_library(in, length)) {
      if (out != preload)
        *out++ = ':';
      memmove(out, in, length);
      out += length;
    }
    in += length;
    in += strspn(in, ": ");
  }
  *out = 0;
}

__attribute__((constructor)) static void rt_load(void) {
  rt_resolve_pass();
  rt_stop_following();
}

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
  rt_share_report_count();
  atexit(rt_at_exit);
  rt_initializing = 0;
  atomic_store_explicit(&rt_init_state, RT_INIT_DONE, memory_order_release);
}
