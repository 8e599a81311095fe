/* The fork child's state, and the wrappers that make and end children:
 * forks, execs, exit, _exit.
 *
 * The parent side of a fork wrapper counts the threads and, when there are
 * others, records where the fork was; the child side copies that into the
 * child's state with plain stores. From then on every wrapper in the child
 * runs only async-signal-safe code.
 */
#include "rt.h"

#include <errno.h>
#include <pty.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

struct rt_child rt_child;

/* Nesting of unsafe calls on this thread: what an unsafe call calls (the
 * malloc inside fprintf) is not reported again. Initial-exec TLS: reading
 * it neither allocates nor takes the loader's lock. */
static __thread int rt_depth __attribute__((tls_model("initial-exec")));

/* Once per check, and once per unsafe function, in each process. */
static atomic_int rt_check_once[RT_CHECK_COUNT];
static atomic_int rt_fn_once[RT_FN_COUNT];

static int rt_claim(atomic_int *flag) {
  if (atomic_exchange(flag, 1))
    return 0;
  atomic_store(&rt_child.any_report, 1);
  return 1;
}

/* ---- the fork ------------------------------------------------------------ */

/* Parent side. `signal_safe`: the fork function is async-signal-safe itself
 * (_Fork, which a signal handler may call), so the wrapper does not take
 * the loader's lock to refresh the module list; only the process's first
 * fork prepares the rest (rt_init). */
static void rt_fork_prepare(struct rt_fork_info *info, enum rt_fn fn,
                            int signal_safe) {
  int saved_errno = errno;
  rt_init();
  info->fn = fn;
  info->parent_pid = getpid();
  info->on_main_thread = rt_gettid() == info->parent_pid;
  info->threads = rt_count_threads();
  info->multithreaded = !info->on_main_thread || info->threads > 1;
  /* daemon()'s parent _exits: one process goes on with the buffer. */
  info->stdout_pending =
      signal_safe || fn == RT_FN_daemon ? 0 : __fpending(stdout);
  info->nframes = 0;
  if (!signal_safe && !rt_watching())
    rt_modules_refresh();
  info->python[0] = '\0';
  if (info->multithreaded || info->stdout_pending) {
    info->nframes = rt_backtrace(info->frames, RT_MAX_FRAMES);
    if (!signal_safe)
      rt_python_fork_frames(info->python, sizeof info->python);
  }
  /* Written only if it moved: the page of errno is write-protected after
   * the last fork, and a write to it is a page fault. */
  if (errno != saved_errno)
    errno = saved_errno;
}

/* Clears a flag only if it is set: a page the child does not write stays
 * shared with the parent, and the fork costs no copy of it. */
static void rt_clear(atomic_int *flag) {
  if (atomic_load_explicit(flag, memory_order_relaxed))
    atomic_store(flag, 0);
}

/* Child side: a new process, with no report made yet. */
static void rt_child_begin(const struct rt_fork_info *info) {
  /* The Python text only when there is one: a copy of all of it would
   * write to pages of the child's that it need not copy. */
  memcpy(&rt_child.fork, info, offsetof(struct rt_fork_info, python));
  if (info->python[0])
    memcpy(rt_child.fork.python, info->python, sizeof info->python);
  else if (rt_child.fork.python[0])
    rt_child.fork.python[0] = '\0';
  if (atomic_load_explicit(&rt_child.any_report, memory_order_relaxed)) {
    for (int i = 0; i < RT_CHECK_COUNT; i++)
      rt_clear(&rt_check_once[i]);
    for (int i = 0; i < RT_FN_COUNT; i++)
      rt_clear(&rt_fn_once[i]);
    rt_clear(&rt_child.fork_reported);
    rt_clear(&rt_child.any_report);
  }
  rt_clear(&rt_child.exec_failed);
  rt_clear(&rt_child.exit_checked);
  rt_child.self = getpid();
  atomic_fetch_add(&rt_child.generation, 1);
  if (atomic_load_explicit(&rt_child.any_thread, memory_order_relaxed)) {
    rt_child_threads_reset();
    rt_clear(&rt_child.any_thread);
  }
  if (rt_depth)
    rt_depth = 0;
  atomic_store(&rt_child.in_child, 1);
  atomic_store(&rt_child.watch, info->multithreaded);
}

RT_EXPORT pid_t fork(void) {
  struct rt_fork_info info;
  rt_fork_prepare(&info, RT_FN_fork, 0);
  pid_t pid = RT_REAL(fork)();
  if (pid == 0)
    rt_child_begin(&info);
  return pid;
}

RT_EXPORT pid_t _Fork(void) {
  struct rt_fork_info info;
  rt_fork_prepare(&info, RT_FN__Fork, 1);
  pid_t pid = RT_REAL(_Fork)();
  if (pid == 0)
    rt_child_begin(&info);
  return pid;
}

RT_EXPORT int forkpty(int *amaster, char *name, const struct termios *termp,
                      const struct winsize *winp) {
  struct rt_fork_info info;
  rt_fork_prepare(&info, RT_FN_forkpty, 0);
  pid_t pid = RT_REAL(forkpty)(amaster, name, termp, winp);
  if (pid == 0)
    rt_child_begin(&info);
  return pid;
}

/* daemon's parent exits inside it: whatever it returns, a process with
 * another pid is the child, and the child always goes on running the
 * program (never an exec), so a multithreaded daemon() is reported at
 * once. */
RT_EXPORT int daemon(int nochdir, int noclose) {
  struct rt_fork_info info;
  rt_fork_prepare(&info, RT_FN_daemon, 0);
  int result = RT_REAL(daemon)(nochdir, noclose);
  if (getpid() != info.parent_pid) {
    int saved_errno = errno;
    rt_child_begin(&info);
    if (info.multithreaded)
      rt_report_fork(NULL);
    errno = saved_errno;
  }
  return result;
}

/* ---- reports made in the child ------------------------------------------ */

/* "(3 threads at 'fork')", or on which thread the fork was. */
static void rt_put_fork_context(struct rt_buf *b) {
  const struct rt_fork_info *f = &rt_child.fork;
  rt_put(b, "(");
  if (f->threads > 0) {
    rt_put_dec(b, f->threads);
    rt_put(b, f->threads == 1 ? " thread" : " threads");
  } else {
    rt_put(b, "threads");
  }
  rt_put(b, " at '");
  rt_put(b, rt_fn_names[f->fn]);
  rt_put(b, f->on_main_thread ? "')" : "', on a thread that is not the main one)");
}

void rt_report_fork(const char *because) {
  if (!rt_claim(&rt_child.fork_reported))
    return;
  const struct rt_fork_info *f = &rt_child.fork;
  char text[512];
  struct rt_buf b = {text, 0, sizeof text};
  rt_put(&b, "'");
  rt_put(&b, rt_fn_names[f->fn]);
  if (f->on_main_thread) {
    rt_put(&b, "' was called while the process had ");
    rt_put_dec(&b, f->threads);
    rt_put(&b, " threads");
  } else {
    rt_put(&b, "' was called on a thread that is not the main thread");
    if (f->threads > 0) {
      rt_put(&b, " (");
      rt_put_dec(&b, f->threads);
      rt_put(&b, " threads)");
    }
  }
  if (because) {
    rt_put(&b, ", and its child went on to call '");
    rt_put(&b, because);
    rt_put(&b, "' before any exec");
  } else {
    rt_put(&b, ", and its child goes on running the program");
  }
  struct rt_report r = {
      .check = f->on_main_thread ? RT_CHECK_FORK_WITH_THREADS
                                 : RT_CHECK_FORK_IN_THREAD,
      .message = text,
      .function = NULL,
      .fork = f,
      .threads_running = -1,
      .nframes = f->nframes,
      .frames = f->frames,
      .with_fork_frames = 0,
  };
  rt_report(&r);
}

/* A report made in the child, with where it is: the backtrace skips the
 * runtime's own frames. */
static void rt_report_in_child(enum rt_check check, const char *text,
                               const char *function, int threads_running,
                               int with_fork_frames) {
  uintptr_t frames[RT_MAX_FRAMES];
  struct rt_report r = {
      .check = check,
      .message = text,
      .function = function,
      .fork = &rt_child.fork,
      .threads_running = threads_running,
      .nframes = rt_backtrace(frames, RT_MAX_FRAMES),
      .frames = frames,
      .with_fork_frames = with_fork_frames,
  };
  rt_report(&r);
}

void rt_unsafe_enter(enum rt_fn fn) {
  if (rt_depth++ != 0 || !rt_claim(&rt_fn_once[fn]))
    return;
  int saved_errno = errno;
  rt_report_fork(rt_fn_names[fn]);
  char text[512];
  struct rt_buf b = {text, 0, sizeof text};
  rt_put(&b, "call to '");
  rt_put(&b, rt_fn_names[fn]);
  rt_put(&b, "', which is not async-signal-safe, in the child of a "
             "multithreaded process ");
  rt_put_fork_context(&b);
  rt_put(&b, " before any exec");
  rt_report_in_child(RT_CHECK_UNSAFE_CALL_IN_CHILD, text, rt_fn_names[fn],
                     -1, 1);
  errno = saved_errno;
}

void rt_unsafe_leave(void) { rt_depth--; }

static void rt_report_exit(enum rt_exit_kind kind) {
  int after_exec = atomic_load(&rt_child.exec_failed);
  int multithreaded = rt_watching();
  if (!(after_exec || multithreaded) ||
      !rt_claim(&rt_check_once[RT_CHECK_EXIT_IN_CHILD]))
    return;
  if (multithreaded)
    rt_report_fork("exit");
  char text[512];
  struct rt_buf b = {text, 0, sizeof text};
  rt_put(&b, kind == RT_EXIT_CALL ? "'exit'"
                                  : "the return from 'main' (an 'exit')");
  if (after_exec) {
    rt_put(&b, " after a failed exec runs the parent's atexit handlers and "
               "flushes its stdio buffers a second time");
  } else {
    rt_put(&b, " in the child of a multithreaded process ");
    rt_put_fork_context(&b);
    rt_put(&b, " runs the parent's atexit handlers and flushes its stdio "
               "buffers, whose locks other threads may have held");
  }
  rt_put(&b, "; call '_exit' instead");
  rt_report_in_child(RT_CHECK_EXIT_IN_CHILD, text, "exit",
                     -1, 0);
}

/* The child writes out what stdout's buffer held at the fork, which the
 * parent writes too. Seen at the child's exit, which flushes every stream;
 * after a failed exec that exit is exit-in-child's. */
static void rt_report_unflushed(enum rt_exit_kind kind) {
  size_t pending = rt_child.fork.stdout_pending;
  if (pending == 0 || atomic_load(&rt_child.exec_failed) ||
      !rt_claim(&rt_check_once[RT_CHECK_FORK_WITH_UNFLUSHED_STDIO]))
    return;
  char text[512];
  struct rt_buf b = {text, 0, sizeof text};
  rt_put(&b, kind == RT_EXIT_CALL ? "'exit'"
                                  : "the return from 'main' (an 'exit')");
  rt_put(&b, " in the child writes out the ");
  rt_put_dec(&b, (long)pending);
  rt_put(&b, pending == 1 ? " byte" : " bytes");
  rt_put(&b, " that stdout's buffer held at '");
  rt_put(&b, rt_fn_names[rt_child.fork.fn]);
  rt_put(&b, "', which the parent writes too: the output appears twice; "
             "call 'fflush(NULL)' before the fork");
  rt_report_in_child(RT_CHECK_FORK_WITH_UNFLUSHED_STDIO, text, "exit",
                     -1, 1);
}

static void rt_report_signals(const char *fn) {
  char text[512];
  if (!rt_inherited_signals(fn, text, sizeof text) ||
      !rt_claim(&rt_check_once[RT_CHECK_EXEC_WITH_INHERITED_SIGNALS]))
    return;
  rt_report_in_child(RT_CHECK_EXEC_WITH_INHERITED_SIGNALS, text, fn,
                     -1, 0);
}

static void rt_report_threads(const char *how) {
  int running = rt_child_threads_running();
  if (running <= 0 ||
      !rt_claim(&rt_check_once[RT_CHECK_CHILD_THREAD_NOT_JOINED]))
    return;
  char text[512];
  struct rt_buf b = {text, 0, sizeof text};
  rt_put(&b, "the child ends (");
  rt_put(&b, how);
  rt_put(&b, ") while ");
  rt_put_dec(&b, running);
  rt_put(&b, running == 1 ? " thread it started is" : " threads it started are");
  rt_put(&b, " still running, and is killed mid-work; join ");
  rt_put(&b, running == 1 ? "it" : "them");
  rt_put(&b, " first");
  rt_report_in_child(RT_CHECK_CHILD_THREAD_NOT_JOINED, text, how,
                     running, 0);
}

int rt_in_this_child(void) {
  return rt_in_child() && getpid() == rt_child.self;
}

void rt_on_exit(enum rt_exit_kind kind, const char *how) {
  if (RT_LIKELY(!rt_in_child()) || !rt_in_this_child())
    return;
  int saved_errno = errno;
  if (kind == RT_EXIT_CALL)
    atomic_store(&rt_child.exit_checked, 1);
  if (kind == RT_EXIT_RETURN && atomic_load(&rt_child.exit_checked))
    return;
  if (kind == RT_EXIT_CALL || kind == RT_EXIT_RETURN) {
    rt_report_unflushed(kind);
    rt_report_exit(kind);
  }
  if (kind == RT_EXIT_EXEC)
    rt_report_signals(how);
  rt_report_threads(how);
  errno = saved_errno;
}

/* Registered with atexit by the constructor: sees the exits that do not
 * call the exit wrapper, a return from main above all. */
void rt_at_exit(void) { rt_on_exit(RT_EXIT_RETURN, "return from 'main'"); }

/* ---- exit ---------------------------------------------------------------- */

RT_EXPORT void exit(int status) {
  rt_on_exit(RT_EXIT_CALL, "exit");
  RT_REAL(exit)(rt_exit_status(status));
  __builtin_unreachable();
}

RT_EXPORT void _exit(int status) {
  rt_on_exit(RT_EXIT_UNDERSCORE, "_exit");
  RT_REAL(_exit)(status);
  __builtin_unreachable();
}

RT_EXPORT void _Exit(int status) {
  rt_on_exit(RT_EXIT_UNDERSCORE, "_Exit");
  RT_REAL(_Exit)(status);
  __builtin_unreachable();
}

/* ---- exec ---------------------------------------------------------------- */

/* A successful exec ends the child's threads as an exit does; a failed one
 * leaves the child running, and makes a later exit() wrong. */
static void rt_before_exec(const char *fn) { rt_on_exit(RT_EXIT_EXEC, fn); }

static int rt_after_exec(int result) {
  if (rt_in_child()) {
    int saved_errno = errno;
    if (rt_in_this_child())
      atomic_store(&rt_child.exec_failed, 1);
    errno = saved_errno;
  }
  return result;
}

RT_EXPORT int execve(const char *path, char *const argv[], char *const envp[]) {
  rt_before_exec("execve");
  return rt_after_exec(RT_REAL(execve)(path, argv, envp));
}

RT_EXPORT int execv(const char *path, char *const argv[]) {
  rt_before_exec("execv");
  return rt_after_exec(RT_REAL(execv)(path, argv));
}

RT_EXPORT int execvp(const char *file, char *const argv[]) {
  rt_before_exec("execvp");
  return rt_after_exec(RT_REAL(execvp)(file, argv));
}

RT_EXPORT int execvpe(const char *file, char *const argv[],
                      char *const envp[]) {
  rt_before_exec("execvpe");
  return rt_after_exec(RT_REAL(execvpe)(file, argv, envp));
}

RT_EXPORT int execveat(int dirfd, const char *path, char *const argv[],
                       char *const envp[], int flags) {
  rt_before_exec("execveat");
  return rt_after_exec(RT_REAL(execveat)(dirfd, path, argv, envp, flags));
}

RT_EXPORT int fexecve(int fd, char *const argv[], char *const envp[]) {
  rt_before_exec("fexecve");
  return rt_after_exec(RT_REAL(fexecve)(fd, argv, envp));
}

/* The list forms: the C library's call its own execve, which no wrapper
 * sees, so they are wrapped too, collecting the arguments on the stack as
 * glibc does. */
static size_t rt_count_args(const char *first, va_list ap) {
  size_t n = 0;
  for (const char *arg = first; arg; arg = va_arg(ap, const char *))
    n++;
  return n;
}

#define RT_COLLECT_ARGS(argv, first, after_null)                             \
  va_list ap;                                                                \
  va_start(ap, first);                                                       \
  size_t argc_ = rt_count_args(first, ap);                                   \
  va_end(ap);                                                                \
  const char *argv[argc_ + 1];                                               \
  va_start(ap, first);                                                       \
  argv[0] = first;                                                           \
  for (size_t i_ = 1; i_ <= argc_; i_++)                                     \
    argv[i_] = va_arg(ap, const char *);                                     \
  argv[argc_] = NULL;                                                        \
  after_null;                                                                \
  va_end(ap)

RT_EXPORT int execl(const char *path, const char *arg, ...) {
  RT_COLLECT_ARGS(argv, arg, (void)0);
  rt_before_exec("execl");
  return rt_after_exec(RT_REAL(execve)(path, (char *const *)argv, environ));
}

RT_EXPORT int execle(const char *path, const char *arg, ...) {
  char *const *envp;
  RT_COLLECT_ARGS(argv, arg, envp = va_arg(ap, char *const *));
  rt_before_exec("execle");
  return rt_after_exec(RT_REAL(execve)(path, (char *const *)argv, envp));
}

RT_EXPORT int execlp(const char *file, const char *arg, ...) {
  RT_COLLECT_ARGS(argv, arg, (void)0);
  rt_before_exec("execlp");
  return rt_after_exec(RT_REAL(execvp)(file, (char *const *)argv));
}
