/* exec-with-inherited-signals at run time. The program's calls that ignore
 * a signal of checks/knowledge/SignalApis.def, or block signals, are noted
 * as they pass; at an exec in a fork child, the signals so noted that are
 * still ignored, or a mask that still blocks, are reported: an exec keeps
 * both. What the program was started with it passes on as it got it
 * (nohup's children), and is not reported. A program that calls none of
 * these functions pays nothing at its execs.
 */
#include "rt.h"

#include <errno.h>
#include <signal.h>

struct rt_signal {
  int number;
  const char *name;
  const char *consequence;
};

static const struct rt_signal rt_reported_signals[] = {
#define FORKSAFE_INHERITED_SIGNAL(Name, Consequence) {Name, #Name, Consequence},
#include "SignalApis.def"
};
#define RT_NSIGNALS (sizeof rt_reported_signals / sizeof *rt_reported_signals)

/* A bit per entry of the table that the program set to SIG_IGN; whether
 * it blocked signals. Kept, not cleared: the exec looks at the state then. */
static atomic_uint rt_ignored_by_program;
static atomic_int rt_blocked_by_program;

static void rt_note_disposition(int sig, int ignores) {
  if (!ignores)
    return;
  for (unsigned i = 0; i < RT_NSIGNALS; i++)
    if (rt_reported_signals[i].number == sig)
      atomic_fetch_or(&rt_ignored_by_program, 1u << i);
}

static void rt_note_mask(int how, const sigset_t *set) {
  if (set && how != SIG_UNBLOCK && !sigisemptyset(set) &&
      !atomic_load_explicit(&rt_blocked_by_program, memory_order_relaxed))
    atomic_store(&rt_blocked_by_program, 1);
}

RT_EXPORT sighandler_t signal(int sig, sighandler_t handler) {
  rt_note_disposition(sig, handler == SIG_IGN);
  return RT_REAL(signal)(sig, handler);
}

RT_EXPORT int sigaction(int sig, const struct sigaction *restrict act,
                        struct sigaction *restrict old) {
  if (act)
    rt_note_disposition(sig, !(act->sa_flags & SA_SIGINFO) &&
                                 act->sa_handler == SIG_IGN);
  return RT_REAL(sigaction)(sig, act, old);
}

RT_EXPORT int sigprocmask(int how, const sigset_t *restrict set,
                          sigset_t *restrict old) {
  rt_note_mask(how, set);
  return RT_REAL(sigprocmask)(how, set, old);
}

RT_EXPORT int pthread_sigmask(int how, const sigset_t *restrict set,
                              sigset_t *restrict old) {
  rt_note_mask(how, set);
  return RT_REAL(pthread_sigmask)(how, set, old);
}

/* The first noted signal that is still ignored, or -1. */
static int rt_still_ignored(void) {
  unsigned noted = atomic_load(&rt_ignored_by_program);
  for (unsigned i = 0; noted && i < RT_NSIGNALS; i++) {
    struct sigaction now;
    if ((noted & 1u << i) &&
        RT_REAL(sigaction)(rt_reported_signals[i].number, NULL, &now) == 0 &&
        now.sa_handler == SIG_IGN)
      return (int)i;
  }
  return -1;
}

static int rt_still_blocked(void) {
  sigset_t now;
  return atomic_load(&rt_blocked_by_program) &&
         RT_REAL(sigprocmask)(SIG_BLOCK, NULL, &now) == 0 &&
         !sigisemptyset(&now);
}

int rt_inherited_signals(const char *fn, char *text, size_t size) {
  int saved_errno = errno;
  int ignored = rt_still_ignored();
  int blocked = ignored < 0 && rt_still_blocked();
  errno = saved_errno;
  if (ignored < 0 && !blocked)
    return 0;
  struct rt_buf b = {text, 0, size};
  rt_put(&b, "'");
  rt_put(&b, fn);
  if (ignored >= 0) {
    rt_put(&b, "' runs the new program with ");
    rt_put(&b, rt_reported_signals[ignored].name);
    rt_put(&b, " ignored, as this program set it: it ");
    rt_put(&b, rt_reported_signals[ignored].consequence);
    rt_put(&b, "; restore the default in the child before the exec");
  } else {
    rt_put(&b, "' runs the new program with signals blocked that this "
               "program blocked: they stay pending instead of reaching it; "
               "restore the mask in the child before the exec");
  }
  return 1;
}
