/* The program's exit status: FORKSAFE_RT_EXITCODE (66 by default, as
 * ThreadSanitizer's) when anything was reported, by the program or by the
 * fork children it made, so that a CI job that runs it fails.
 *
 * Most reports come from children, whose own exit statuses stay as they
 * were (the program may read them): the count lives in a shared page,
 * mapped before the first fork, that every fork child writes into. A
 * program the program execs is a program of its own, with its own count.
 * The status changes where the program ends: a return from main (this
 * wrapper of __libc_start_main sees it) or a call of exit (child.c).
 */
#include "rt.h"

#include <stddef.h>
#include <sys/mman.h>

int __libc_start_main(int (*main)(int, char **, char **), int argc,
                      char **argv, void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end);

/* What a program and its fork children share. */
struct rt_family {
  atomic_int reports;
  atomic_int log_failure_said;
};

static struct rt_family rt_own_family;
static struct rt_family *rt_family = &rt_own_family;

void rt_share_report_count(void) {
  void *page = mmap(NULL, sizeof(struct rt_family), PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED)
    return;
  struct rt_family *shared = page;
  atomic_store(&shared->reports, atomic_load(&rt_own_family.reports));
  atomic_store(&shared->log_failure_said,
               atomic_load(&rt_own_family.log_failure_said));
  rt_family = shared;
}

void rt_count_report(void) { atomic_fetch_add(&rt_family->reports, 1); }

int rt_first_log_failure(void) {
  return atomic_exchange(&rt_family->log_failure_said, 1) == 0;
}

int rt_exit_status(int status) {
  if (rt_in_child() || rt_config.exitcode == 0 ||
      atomic_load(&rt_family->reports) == 0)
    return status;
  return rt_config.exitcode;
}

static int (*rt_program_main)(int, char **, char **);

static int rt_main(int argc, char **argv, char **envp) {
  return rt_exit_status(rt_program_main(argc, argv, envp));
}

RT_EXPORT int __libc_start_main(int (*main)(int, char **, char **), int argc,
                                char **argv, void (*init)(void),
                                void (*fini)(void), void (*rtld_fini)(void),
                                void *stack_end) {
  rt_program_main = main;
  return RT_REAL(__libc_start_main)(rt_main, argc, argv, init, fini,
                                    rtld_fini, stack_end);
}
