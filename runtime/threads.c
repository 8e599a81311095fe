/* Thread accounting: how many threads the process has at a fork, and which
 * threads a child started and are still running when it ends.
 */
#include "rt.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

pid_t rt_gettid(void) { return (pid_t)syscall(SYS_gettid); }

/* Entries of /proc/self/task, read with getdents64 into a stack buffer
 * (opendir would allocate). */
int rt_count_threads(void) {
  int fd = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  _Alignas(8) char buf[512]; /* small: the parent's stack after a fork */
  int threads = 0;
  for (;;) {
    long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
    if (n <= 0)
      break;
    for (long off = 0; off < n;) {
      struct dirent64 *entry = (struct dirent64 *)(buf + off);
      if (entry->d_name[0] != '.')
        threads++;
      off += entry->d_reclen;
    }
  }
  close(fd);
  return threads;
}

/* ---- threads a child starts ---------------------------------------------- */

/* A fixed table: the child cannot allocate. A thread started when it is
 * full runs untracked. */
#define RT_MAX_CHILD_THREADS 64

enum { RT_SLOT_FREE, RT_SLOT_RUNNING, RT_SLOT_DONE };

struct rt_slot {
  atomic_int state;
  unsigned generation; /* the child that started it */
  pthread_t thread;
  void *(*routine)(void *);
  void *arg;
};

static struct rt_slot rt_slots[RT_MAX_CHILD_THREADS];

void rt_child_threads_reset(void) {
  for (int i = 0; i < RT_MAX_CHILD_THREADS; i++)
    if (atomic_load_explicit(&rt_slots[i].state, memory_order_relaxed))
      atomic_store(&rt_slots[i].state, RT_SLOT_FREE);
}

static struct rt_slot *rt_slot_claim(void) {
  for (int i = 0; i < RT_MAX_CHILD_THREADS; i++) {
    for (int from = RT_SLOT_FREE; from <= RT_SLOT_DONE; from += RT_SLOT_DONE) {
      int expected = from;
      if (atomic_compare_exchange_strong(&rt_slots[i].state, &expected,
                                         RT_SLOT_RUNNING))
        return &rt_slots[i];
    }
  }
  return NULL;
}

/* Runs when the routine returns, calls pthread_exit, or is cancelled. A
 * thread of an earlier child that forked again finds a slot that is no
 * longer its own. */
static void rt_slot_done(void *p) {
  struct rt_slot *slot = p;
  if (slot->generation == atomic_load(&rt_child.generation))
    atomic_store(&slot->state, RT_SLOT_DONE);
}

static void *rt_thread_start(void *p) {
  struct rt_slot *slot = p;
  void *(*routine)(void *) = slot->routine;
  void *arg = slot->arg;
  slot->thread = pthread_self();
  void *result;
  pthread_cleanup_push(rt_slot_done, slot);
  result = routine(arg);
  pthread_cleanup_pop(1);
  return result;
}

/* The next pthread_create, in a watched child reported as an unsafe call
 * (it allocates the thread's stack and thread-local storage). */
static int rt_start_thread(pthread_t *thread, const pthread_attr_t *attr,
                           void *(*routine)(void *), void *arg) {
  int watching = rt_watching();
  if (watching)
    rt_unsafe_enter(RT_FN_pthread_create);
  int result = RT_REAL(pthread_create)(thread, attr, routine, arg);
  if (watching)
    rt_unsafe_leave();
  return result;
}

RT_EXPORT int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
                             void *(*routine)(void *), void *arg) {
  if (RT_LIKELY(!rt_in_child()))
    return RT_REAL(pthread_create)(thread, attr, routine, arg);
  atomic_store(&rt_child.any_thread, 1);
  struct rt_slot *slot = rt_slot_claim();
  if (!slot)
    return rt_start_thread(thread, attr, routine, arg);
  slot->generation = atomic_load(&rt_child.generation);
  slot->routine = routine;
  slot->arg = arg;
  slot->thread = 0;
  int result = rt_start_thread(thread, attr, rt_thread_start, slot);
  if (result != 0)
    atomic_store(&slot->state, RT_SLOT_FREE);
  return result;
}

int rt_child_threads_running(void) {
  if (!atomic_load(&rt_child.any_thread))
    return 0;
  unsigned generation = atomic_load(&rt_child.generation);
  pthread_t self = pthread_self();
  int running = 0;
  for (int i = 0; i < RT_MAX_CHILD_THREADS; i++) {
    struct rt_slot *slot = &rt_slots[i];
    if (atomic_load(&slot->state) == RT_SLOT_RUNNING &&
        slot->generation == generation && !pthread_equal(slot->thread, self))
      running++;
  }
  return running;
}
