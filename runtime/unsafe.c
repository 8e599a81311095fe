/* Wrappers of the functions that are not async-signal-safe
 * (functions.def): in the parent, and in a child of a single-threaded
 * parent, each forwards to the next definition after two loads and two
 * tests; in the child of a multithreaded parent it is reported first.
 */
#include "rt.h"

#include <dlfcn.h>
#include <grp.h>
#include <locale.h>
#include <netdb.h>
#include <pthread.h>
#include <pwd.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

/* What _FORTIFY_SOURCE calls; the headers declare them only under it. */
int __printf_chk(int flag, const char *fmt, ...);
int __fprintf_chk(FILE *stream, int flag, const char *fmt, ...);
int __sprintf_chk(char *s, int flag, size_t len, const char *fmt, ...);
int __snprintf_chk(char *s, size_t n, int flag, size_t len, const char *fmt, ...);
int __vprintf_chk(int flag, const char *fmt, va_list ap);
int __vfprintf_chk(FILE *stream, int flag, const char *fmt, va_list ap);
int __vsprintf_chk(char *s, int flag, size_t len, const char *fmt, va_list ap);
int __vsnprintf_chk(char *s, size_t n, int flag, size_t len, const char *fmt,
                    va_list ap);
void __syslog_chk(int priority, int flag, const char *fmt, ...);
void __vsyslog_chk(int priority, int flag, const char *fmt, va_list ap);

#define RT_UNSAFE(ret, name, params, args)                                   \
  RT_SLOW_PATH ret rt_slow_##name params {                                   \
    if (!rt_watching())                                                      \
      return RT_REAL(name) args;                                             \
    rt_unsafe_enter(RT_FN_##name);                                           \
    ret result = RT_REAL(name) args;                                         \
    rt_unsafe_leave();                                                       \
    return result;                                                           \
  }                                                                          \
  RT_EXPORT ret name params {                                                \
    RT_FAST_PATH(name, args);                                                \
    return rt_slow_##name args;                                              \
  }
#define RT_UNSAFE_VOID(name, params, args)                                   \
  RT_SLOW_PATH void rt_slow_##name params {                                  \
    if (!rt_watching()) {                                                    \
      RT_REAL(name) args;                                                    \
      return;                                                                \
    }                                                                        \
    rt_unsafe_enter(RT_FN_##name);                                           \
    RT_REAL(name) args;                                                      \
    rt_unsafe_leave();                                                       \
  }                                                                          \
  RT_EXPORT void name params {                                               \
    RT_FAST_PATH_VOID(name, args);                                           \
    rt_slow_##name args;                                                     \
  }
#include "functions.def"

/* A variadic function, forwarded to the next definition of its va_list
 * twin. */
#define RT_VARIADIC(ret, name, params, last, vname, vargs)                   \
  RT_EXPORT ret name params {                                                \
    va_list ap;                                                              \
    va_start(ap, last);                                                      \
    ret result;                                                              \
    if (RT_UNLIKELY(rt_watching())) {                                        \
      rt_unsafe_enter(RT_FN_##name);                                         \
      result = RT_REAL(vname) vargs;                                         \
      rt_unsafe_leave();                                                     \
    } else {                                                                 \
      result = RT_REAL(vname) vargs;                                         \
    }                                                                        \
    va_end(ap);                                                              \
    return result;                                                           \
  }
#define RT_VARIADIC_VOID(name, params, last, vname, vargs)                   \
  RT_EXPORT void name params {                                               \
    va_list ap;                                                              \
    va_start(ap, last);                                                      \
    if (RT_UNLIKELY(rt_watching())) {                                        \
      rt_unsafe_enter(RT_FN_##name);                                         \
      RT_REAL(vname) vargs;                                                  \
      rt_unsafe_leave();                                                     \
    } else {                                                                 \
      RT_REAL(vname) vargs;                                                  \
    }                                                                        \
    va_end(ap);                                                              \
  }

RT_VARIADIC(int, printf, (const char *fmt, ...), fmt, vprintf, (fmt, ap))
RT_VARIADIC(int, fprintf, (FILE *stream, const char *fmt, ...), fmt, vfprintf,
            (stream, fmt, ap))
RT_VARIADIC(int, sprintf, (char *s, const char *fmt, ...), fmt, vsprintf,
            (s, fmt, ap))
RT_VARIADIC(int, snprintf, (char *s, size_t n, const char *fmt, ...), fmt,
            vsnprintf, (s, n, fmt, ap))
RT_VARIADIC(int, dprintf, (int fd, const char *fmt, ...), fmt, vdprintf,
            (fd, fmt, ap))
RT_VARIADIC(int, __printf_chk, (int flag, const char *fmt, ...), fmt,
            __vprintf_chk, (flag, fmt, ap))
RT_VARIADIC(int, __fprintf_chk, (FILE *stream, int flag, const char *fmt, ...),
            fmt, __vfprintf_chk, (stream, flag, fmt, ap))
RT_VARIADIC(int, __sprintf_chk,
            (char *s, int flag, size_t len, const char *fmt, ...), fmt,
            __vsprintf_chk, (s, flag, len, fmt, ap))
RT_VARIADIC(int, __snprintf_chk,
            (char *s, size_t n, int flag, size_t len, const char *fmt, ...),
            fmt, __vsnprintf_chk, (s, n, flag, len, fmt, ap))
RT_VARIADIC_VOID(syslog, (int priority, const char *fmt, ...), fmt, vsyslog,
                 (priority, fmt, ap))
RT_VARIADIC_VOID(__syslog_chk, (int priority, int flag, const char *fmt, ...),
                 fmt, __vsyslog_chk, (priority, flag, fmt, ap))

RT_SLOW_PATH int rt_slow_dlclose(void *handle) {
  rt_unsafe_enter(RT_FN_dlclose);
  int result = RT_REAL(dlclose)(handle);
  rt_unsafe_leave();
  return result;
}

RT_EXPORT int dlclose(void *handle) {
  atomic_fetch_add(&rt_modules_generation, 1);
  if (RT_UNLIKELY(rt_watching()))
    return rt_slow_dlclose(handle);
  return RT_REAL(dlclose)(handle);
}

/* dlopen finds the libraries its caller's RUNPATH names by its return
 * address: the call to the next definition is a tail call, so that the
 * caller stays the program's. In a watched child the call is reported
 * first; what dlopen itself then calls is not told apart from the
 * program's calls. The module list is read again at the next fork. */
RT_EXPORT void *dlopen(const char *file, int mode) {
  if (RT_UNLIKELY(rt_watching())) {
    rt_unsafe_enter(RT_FN_dlopen);
    rt_unsafe_leave();
  }
  atomic_fetch_add(&rt_modules_generation, 1);
  return RT_REAL(dlopen)(file, mode);
}
