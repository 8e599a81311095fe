/* forksafe-rt: what the parts of the runtime share.
 *
 * Everything that can run in a fork child (the wrappers' slow paths, the
 * report path, the backtrace) is async-signal-safe: no allocation, no stdio,
 * no lock; only system calls, stack buffers and atomics.
 */
#ifndef FORKSAFE_RT_H
#define FORKSAFE_RT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

#define RT_LIKELY(x) __builtin_expect(!!(x), 1)
#define RT_UNLIKELY(x) __builtin_expect(!!(x), 0)
/* The library is built with hidden visibility: only the wrappers are seen. */
#define RT_EXPORT __attribute__((visibility("default")))

/* ---- the functions in functions.def -------------------------------------- */

enum rt_fn {
#define RT_UNSAFE(ret, name, params, args) RT_FN_##name,
#define RT_UNSAFE_VOID(name, params, args) RT_FN_##name,
#define RT_UNSAFE_OTHER(name) RT_FN_##name,
#define RT_NOTE(name) RT_FN_##name,
#define RT_MAIN(name) RT_FN_##name,
#define RT_PASS(name) RT_FN_##name,
#include "functions.def"
  RT_FN_COUNT
};

extern const char *const rt_fn_names[RT_FN_COUNT];
extern _Atomic(void *) rt_real[RT_FN_COUNT];

/* The next definition of a function (the C library's, usually), looked up
 * once with dlsym(RTLD_NEXT), when first called; rt_init looks up every one
 * before the first fork, so that a child never calls dlsym. */
void *rt_resolve(enum rt_fn fn);
void rt_resolve_all(void);
/* The forks, execs and exits (RT_PASS), looked up at load time: a vfork
 * child, which no wrapper sees begin, calls them, and must not enter
 * dlsym either. */
void rt_resolve_pass(void);
/* Nonzero while this thread is in dlsym, which may allocate: the allocator
 * wrappers then serve from a static buffer (malloc.c). */
extern __thread int rt_resolving __attribute__((tls_model("initial-exec")));

static inline void *rt_real_fn(enum rt_fn fn) {
  void *p = atomic_load_explicit(&rt_real[fn], memory_order_relaxed);
  if (RT_UNLIKELY(!p))
    p = rt_resolve(fn);
  return p;
}
#define RT_REAL(name) ((__typeof__(&name))rt_real_fn(RT_FN_##name))

/* A wrapper's fast path: outside a watched child, with the next definition
 * known, a tail call to it, and nothing else (no frame: the callee sees the
 * program's return address). Otherwise the wrapper goes on to its slow path,
 * which is a function of its own, so that its frame holds the program's
 * return address for the backtrace. */
#define RT_FAST_PATH(name, args)                                             \
  do {                                                                       \
    __typeof__(&name) real_ = (__typeof__(&name))atomic_load_explicit(       \
        &rt_real[RT_FN_##name], memory_order_relaxed);                       \
    if (RT_LIKELY(real_ != NULL && !rt_watching()))                          \
      return real_ args;                                                     \
  } while (0)
#define RT_FAST_PATH_VOID(name, args)                                        \
  do {                                                                       \
    __typeof__(&name) real_ = (__typeof__(&name))atomic_load_explicit(       \
        &rt_real[RT_FN_##name], memory_order_relaxed);                       \
    if (RT_LIKELY(real_ != NULL && !rt_watching())) {                        \
      real_ args;                                                            \
      return;                                                                \
    }                                                                        \
  } while (0)
#define RT_SLOW_PATH __attribute__((noinline)) static

/* ---- configuration (init.c) --------------------------------------------- */

struct rt_config {
  int json;            /* FORKSAFE_RT_FORMAT=json */
  int abort_on_report; /* FORKSAFE_RT_ABORT=1 */
  int exitcode;        /* FORKSAFE_RT_EXITCODE, 66 by default; 0: keep */
  char log_path[4096]; /* FORKSAFE_RT_LOG, or empty for stderr */
  char exe_path[4096]; /* /proc/self/exe, to name the program's frames */
};
extern struct rt_config rt_config;
/* Everything a child will need, done in the parent before its first fork:
 * the settings, every next definition, the module list, the exit hook. */
void rt_init(void);

/* ---- backtraces (backtrace.c) ------------------------------------------- */

#define RT_MAX_FRAMES 16
#define RT_MAX_PYTHON_FRAMES 16
#define RT_PYTHON_TEXT 2048

/* Call sites (return addresses minus one) of the caller's callers, skipping
 * the runtime's own frames, found by walking frame pointers; every read is
 * checked with process_vm_readv, so a program built without frame pointers
 * gives a short trace, never a crash. */
int rt_backtrace(uintptr_t *pcs, int max);
/* Re-reads the list of loaded modules when the program's dlopen or dlclose
 * was called since (rt_modules_generation). Takes the loader's lock: parent
 * side of a fork only. */
void rt_modules_refresh(void);
extern atomic_uint rt_modules_generation;
/* "module+0xoffset" for a call site, or "0xaddress". */
struct rt_buf;
void rt_put_frame(struct rt_buf *b, uintptr_t pc);

/* ---- threads (threads.c) ------------------------------------------------ */

/* Threads of this process, from /proc/self/task; -1 if unreadable. */
int rt_count_threads(void);
pid_t rt_gettid(void);
/* Threads started in this child (by pthread_create) that are still running,
 * not counting the calling thread. */
int rt_child_threads_running(void);
void rt_child_threads_reset(void);

/* ---- CPython (python.c) ------------------------------------------------- */

/* The Python frames of the calling thread into out, when it runs Python code
 * and holds the GIL; "" otherwise. Not async-signal-safe: the parent, just
 * before a fork, only. */
void rt_python_fork_frames(char *out, size_t cap);

/* The Python frames of the calling thread, innermost first, one
 * "FILE:LINE in NAME" a line, read from the interpreter's memory: for a
 * report in a fork child. Async-signal-safe. "" when the process is not the
 * CPython the runtime was built against (python_child.c), or when
 * rt_python_child_prepare did not run in the parent at the fork. */
#ifdef RT_NO_PYTHON_LAYOUT
/* Built without the CPython headers that describe the frames. */
static inline void rt_python_child_prepare(void) {}
static inline void rt_python_child_frames(char *out, size_t cap) {
  (void)cap;
  out[0] = '\0';
}
#else
void rt_python_child_prepare(void);
void rt_python_child_frames(char *out, size_t cap);
#endif

/* ---- the child (child.c) ------------------------------------------------ */

/* What the parent knew at the fork, kept on the forking thread's stack and
 * copied into the child's state. */
struct rt_fork_info {
  enum rt_fn fn;      /* fork, _Fork, daemon, forkpty */
  pid_t parent_pid;
  int threads;        /* in the parent, just before the fork; -1: unknown */
  int on_main_thread;
  int multithreaded;  /* threads > 1, or not on the main thread */
  size_t stdout_pending; /* bytes in stdout's buffer, which both will flush */
  int nframes;
  uintptr_t frames[RT_MAX_FRAMES];
  /* In a CPython program, the Python frames that forked, innermost first,
   * one "FILE:LINE in NAME" a line (python.c); empty otherwise. */
  char python[RT_PYTHON_TEXT];
};

struct rt_child {
  atomic_int in_child;      /* this process is a fork child, before exec */
  atomic_int watch;         /* ... of a multithreaded parent: check calls */
  atomic_int exec_failed;   /* an exec returned */
  atomic_int exit_checked;  /* exit() was seen; the atexit hook stays quiet */
  atomic_uint generation;   /* bumped at each fork, for the thread slots */
  atomic_int fork_reported; /* fork-with-threads / fork-in-thread said */
  /* Whether the once-flags and the thread table were written in this
   * process: a child clears them only then, so that a fork does not make
   * it touch (and copy) pages it does not need. */
  atomic_int any_report;
  atomic_int any_thread;
  pid_t self; /* this child's pid: a vfork child shares the state */
  struct rt_fork_info fork;
};
extern struct rt_child rt_child;

static inline int rt_watching(void) {
  return atomic_load_explicit(&rt_child.watch, memory_order_relaxed);
}
static inline int rt_in_child(void) {
  return atomic_load_explicit(&rt_child.in_child, memory_order_relaxed);
}
/* In the child itself, not in a vfork child of it, which shares its
 * memory: for the state an exec or an exit changes or reads. */
int rt_in_this_child(void);

/* A call to an unsafe function in a watched child: reports it (once per
 * function) unless it comes from inside another unsafe call, and keeps the
 * nesting depth until rt_unsafe_leave. Keeps errno. */
void rt_unsafe_enter(enum rt_fn fn);
void rt_unsafe_leave(void);
/* The child of a multithreaded fork goes on running: report the fork once. */
void rt_report_fork(const char *because);

/* ---- signals (signals.c) ------------------------------------------------ */

/* Whether the exec fn would pass on a signal the program ignored or
 * signals it blocked; if so, writes the report's message into text.
 * Async-signal-safe. */
int rt_inherited_signals(const char *fn, char *text, size_t size);

enum rt_exit_kind { RT_EXIT_CALL, RT_EXIT_RETURN, RT_EXIT_UNDERSCORE, RT_EXIT_EXEC };
/* A child ends (kind, and `how`, for the report): exit-in-child and
 * child-thread-not-joined. */
void rt_on_exit(enum rt_exit_kind kind, const char *how);
void rt_at_exit(void);

/* ---- reports (report.c) ------------------------------------------------- */

enum rt_check {
  RT_CHECK_FORK_IN_THREAD,
  RT_CHECK_FORK_WITH_THREADS,
  RT_CHECK_CHILD_THREAD_NOT_JOINED,
  RT_CHECK_EXIT_IN_CHILD,
  RT_CHECK_UNSAFE_CALL_IN_CHILD,
  RT_CHECK_FORK_WITH_UNFLUSHED_STDIO,
  RT_CHECK_EXEC_WITH_INHERITED_SIGNALS,
  RT_CHECK_COUNT,
};

struct rt_report {
  enum rt_check check;
  const char *message;
  const char *function;              /* the call reported, or NULL */
  const struct rt_fork_info *fork;   /* the fork, or NULL */
  int threads_running;               /* child-thread-not-joined, else -1 */
  int nframes;
  const uintptr_t *frames;
  int with_fork_frames;              /* print where the fork was */
};

/* Formats into a stack buffer and writes it with one write(2); keeps
 * errno. With FORKSAFE_RT_ABORT=1, aborts afterwards. */
void rt_report(const struct rt_report *r);

/* ---- the exit status (status.c) ------------------------------------------ */

/* Counts a report, in this process and for the program that forked it. */
void rt_count_report(void);
/* Makes the count one that the fork children to come write into. */
void rt_share_report_count(void);
/* 1 the first time the program or one of its fork children finds that it
 * cannot write to FORKSAFE_RT_LOG, so that it is said once. */
int rt_first_log_failure(void);
/* The status a program ending with status exits with: FORKSAFE_RT_EXITCODE
 * if anything was reported; a fork child's stays its own. */
int rt_exit_status(int status);

/* A fixed buffer that never overflows: what does not fit is dropped, and
 * the text is always NUL-terminated. */
struct rt_buf {
  char *data;
  size_t len, cap;
};
void rt_put(struct rt_buf *b, const char *s);
void rt_put_dec(struct rt_buf *b, long v);
void rt_put_hex(struct rt_buf *b, uintptr_t v);
void rt_put_json(struct rt_buf *b, const char *s);

#endif
