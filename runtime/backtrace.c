/* Backtraces that are safe in a fork child: a walk of the frame-pointer
 * chain (a frame record is the caller's frame pointer, then the return
 * address, on x86-64 and AArch64 alike), every read checked by
 * process_vm_readv, which fails with EFAULT where a load would crash. Where
 * process_vm_readv is not allowed (a container's seccomp profile without
 * CAP_SYS_PTRACE), mincore says whether the record's pages are mapped.
 *
 * glibc's backtrace() is not used: it loads libgcc_s on first use (which
 * allocates) and takes the loader's lock through dl_iterate_phdr, which a
 * thread of the parent may have held at the fork.
 *
 * Frames are printed as module+offset, from a list of modules read with
 * dl_iterate_phdr in the parent, before its first fork and before a fork
 * that follows a dlopen or dlclose of the program's.
 */
#include "rt.h"

#include <errno.h>
#include <link.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define RT_MAX_MODULES 256

struct rt_module {
  uintptr_t start, end; /* the loaded segments */
  uintptr_t bias;       /* what offsets in the file are relative to */
  const char *name;     /* the loader's copy, alive while it is loaded */
};

static struct rt_module rt_modules[RT_MAX_MODULES];
static atomic_int rt_module_count;
static atomic_flag rt_refreshing = ATOMIC_FLAG_INIT;

/* Bumped by the dlopen and dlclose wrappers; the list is read again when it
 * moved. Asking the loader instead (dl_iterate_phdr's counters) would take
 * its lock at every fork, and write it: a page the parent writes after a
 * fork is a page fault. */
atomic_uint rt_modules_generation = 1;
static unsigned rt_modules_seen;

struct rt_refresh {
  int count;
};

static int rt_module_found(struct dl_phdr_info *info, size_t size,
                           void *data) {
  struct rt_refresh *refresh = data;
  if (refresh->count == RT_MAX_MODULES)
    return 1;
  uintptr_t start = UINTPTR_MAX, end = 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD)
      continue;
    uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
    if (lo < start)
      start = lo;
    if (lo + ph->p_memsz > end)
      end = lo + ph->p_memsz;
  }
  if (start >= end)
    return 0;
  struct rt_module *m = &rt_modules[refresh->count++];
  m->start = start;
  m->end = end;
  m->bias = info->dlpi_addr;
  m->name = info->dlpi_name && info->dlpi_name[0] ? info->dlpi_name
                                                  : rt_config.exe_path;
  return 0;
}

void rt_modules_refresh(void) {
  unsigned generation = atomic_load(&rt_modules_generation);
  /* Another thread refreshing: its list will do. */
  if (generation == rt_modules_seen ||
      atomic_flag_test_and_set(&rt_refreshing))
    return;
  rt_modules_seen = generation;
  struct rt_refresh refresh = {0};
  dl_iterate_phdr(rt_module_found, &refresh);
  if (refresh.count > 0)
    atomic_store(&rt_module_count, refresh.count);
  atomic_flag_clear(&rt_refreshing);
}

static const struct rt_module *rt_module_of(uintptr_t pc) {
  int count = atomic_load(&rt_module_count);
  for (int i = 0; i < count; i++)
    if (pc >= rt_modules[i].start && pc < rt_modules[i].end)
      return &rt_modules[i];
  return NULL;
}

void rt_put_frame(struct rt_buf *b, uintptr_t pc) {
  const struct rt_module *m = rt_module_of(pc);
  if (!m) {
    rt_put_hex(b, pc);
    return;
  }
  rt_put(b, m->name);
  rt_put(b, "+");
  rt_put_hex(b, pc - m->bias);
}

static atomic_int rt_vm_readv_denied;

/* Reads two words at `addr`, or says it cannot. */
static int rt_read_record(pid_t pid, uintptr_t addr, uintptr_t record[2]) {
  const size_t size = 2 * sizeof(uintptr_t);
  if (!atomic_load_explicit(&rt_vm_readv_denied, memory_order_relaxed)) {
    struct iovec local = {record, size};
    struct iovec remote = {(void *)addr, size};
    if (syscall(SYS_process_vm_readv, pid, &local, 1, &remote, 1, 0) ==
        (long)size)
      return 1;
    if (errno != EPERM && errno != ENOSYS)
      return 0;
    atomic_store(&rt_vm_readv_denied, 1);
  }
  uintptr_t page = addr & ~(uintptr_t)4095;
  unsigned char resident[2];
  if (mincore((void *)page, addr + size - page, resident) != 0)
    return 0;
  memcpy(record, (const void *)addr, size);
  return 1;
}

static int rt_is_own_code(uintptr_t pc) {
  const struct rt_module *own = rt_module_of((uintptr_t)&rt_backtrace);
  return own && pc >= own->start && pc < own->end;
}

/* Frames larger than this end the walk: a frame pointer that jumps further
 * is taken for a register used for something else. */
#define RT_MAX_FRAME_SIZE (1 << 20)

int rt_backtrace(uintptr_t *pcs, int max) {
  pid_t pid = getpid();
  uintptr_t fp = (uintptr_t)__builtin_frame_address(0);
  int n = 0;
  for (int depth = 0; depth < 64 && n < max; depth++) {
    uintptr_t record[2];
    if (!rt_read_record(pid, fp, record))
      break;
    uintptr_t next = record[0], ret = record[1];
    /* Stop at a return address outside every known module: without frame
     * pointers, the chain leads into garbage. */
    if (ret < 4096 || !rt_module_of(ret))
      break;
    /* The runtime's own frames: the wrappers' slow paths above the call,
     * and, below main, the wrapper of __libc_start_main that calls it. */
    if (!rt_is_own_code(ret))
      pcs[n++] = ret - 1;
    if (next <= fp || next - fp > RT_MAX_FRAME_SIZE ||
        (next & (sizeof(uintptr_t) - 1)))
      break;
    fp = next;
  }
  return n;
}
