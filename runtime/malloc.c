/* The allocator's wrappers.
 *
 * Looking up the next malloc with dlsym may itself allocate (dlsym's error
 * state): while a thread is in dlsym, its allocations are served from a
 * static buffer, and freeing them does nothing. The fast path is two loads
 * and two tests (three for free) before a tail call.
 */
#include "rt.h"

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#define RT_BOOT_SIZE (64 * 1024)
#define RT_BOOT_ALIGN 16

static _Alignas(RT_BOOT_ALIGN) char rt_boot[RT_BOOT_SIZE];
static atomic_size_t rt_boot_used;

/* Each block is preceded by its size, for realloc. */
static void *rt_boot_alloc(size_t size, size_t align) {
  if (align < RT_BOOT_ALIGN)
    align = RT_BOOT_ALIGN;
  size_t need = size + RT_BOOT_ALIGN + align;
  if (need < size)
    return NULL;
  size_t start = atomic_fetch_add(&rt_boot_used, need);
  if (start + need > RT_BOOT_SIZE)
    return NULL;
  uintptr_t base = (uintptr_t)rt_boot + start + RT_BOOT_ALIGN;
  uintptr_t block = (base + align - 1) & ~(uintptr_t)(align - 1);
  ((size_t *)block)[-1] = size;
  return (void *)block;
}

static int rt_is_boot(const void *p) {
  return (const char *)p >= rt_boot && (const char *)p < rt_boot + RT_BOOT_SIZE;
}

/* The next definition, or NULL while this thread is in dlsym (then the
 * static buffer serves). */
static void *rt_real_alloc(enum rt_fn fn) {
  void *p = atomic_load_explicit(&rt_real[fn], memory_order_relaxed);
  if (RT_LIKELY(p))
    return p;
  if (rt_resolving)
    return NULL;
  return rt_resolve(fn);
}
#define RT_REAL_ALLOC(name) ((__typeof__(&name))rt_real_alloc(RT_FN_##name))

/* The slow path's call: checked in a watched child. */
#define RT_ALLOC_CALL(name, call)                                            \
  do {                                                                       \
    if (rt_watching()) {                                                     \
      rt_unsafe_enter(RT_FN_##name);                                         \
      __typeof__(call) result_ = (call);                                     \
      rt_unsafe_leave();                                                     \
      return result_;                                                        \
    }                                                                        \
    return (call);                                                           \
  } while (0)

RT_SLOW_PATH void *rt_slow_malloc(size_t size) {
  __typeof__(&malloc) real = RT_REAL_ALLOC(malloc);
  if (!real)
    return rt_boot_alloc(size, 0);
  RT_ALLOC_CALL(malloc, real(size));
}

RT_EXPORT void *malloc(size_t size) {
  RT_FAST_PATH(malloc, (size));
  return rt_slow_malloc(size);
}

RT_SLOW_PATH void *rt_slow_calloc(size_t n, size_t size) {
  __typeof__(&calloc) real = RT_REAL_ALLOC(calloc);
  if (!real) {
    if (size && n > (size_t)-1 / size)
      return NULL;
    return rt_boot_alloc(n * size, 0); /* static memory is zero */
  }
  RT_ALLOC_CALL(calloc, real(n, size));
}

RT_EXPORT void *calloc(size_t n, size_t size) {
  RT_FAST_PATH(calloc, (n, size));
  return rt_slow_calloc(n, size);
}

RT_SLOW_PATH void rt_slow_free(void *p) {
  if (rt_is_boot(p))
    return;
  __typeof__(&free) real = RT_REAL_ALLOC(free);
  if (!real)
    return; /* only the static buffer was handed out so far */
  if (rt_watching()) {
    rt_unsafe_enter(RT_FN_free);
    real(p);
    rt_unsafe_leave();
    return;
  }
  real(p);
}

RT_EXPORT void free(void *p) {
  if (RT_LIKELY(!rt_is_boot(p)))
    RT_FAST_PATH_VOID(free, (p));
  rt_slow_free(p);
}

RT_SLOW_PATH void *rt_slow_realloc(void *p, size_t size) {
  __typeof__(&realloc) real = RT_REAL_ALLOC(realloc);
  if (rt_is_boot(p) || !real) {
    void *q = real ? malloc(size) : rt_boot_alloc(size, 0);
    if (q && p) {
      size_t old = rt_is_boot(p) ? ((size_t *)p)[-1] : 0;
      memcpy(q, p, old < size ? old : size);
    }
    return q;
  }
  RT_ALLOC_CALL(realloc, real(p, size));
}

RT_EXPORT void *realloc(void *p, size_t size) {
  if (RT_LIKELY(!rt_is_boot(p)))
    RT_FAST_PATH(realloc, (p, size));
  return rt_slow_realloc(p, size);
}

RT_SLOW_PATH int rt_slow_posix_memalign(void **out, size_t align,
                                        size_t size) {
  __typeof__(&posix_memalign) real = RT_REAL_ALLOC(posix_memalign);
  if (!real) {
    *out = rt_boot_alloc(size, align);
    return *out ? 0 : ENOMEM;
  }
  RT_ALLOC_CALL(posix_memalign, real(out, align, size));
}

RT_EXPORT int posix_memalign(void **out, size_t align, size_t size) {
  RT_FAST_PATH(posix_memalign, (out, align, size));
  return rt_slow_posix_memalign(out, align, size);
}

/* The aligned forms: served from the static buffer, or forwarded. */
#define RT_ALIGNED_ALLOC(name, params, args, boot)                           \
  RT_SLOW_PATH void *rt_slow_##name params {                                 \
    __typeof__(&name) real = RT_REAL_ALLOC(name);                            \
    if (!real)                                                               \
      return boot;                                                           \
    RT_ALLOC_CALL(name, real args);                                          \
  }                                                                          \
  RT_EXPORT void *name params {                                              \
    RT_FAST_PATH(name, args);                                                \
    return rt_slow_##name args;                                              \
  }

RT_ALIGNED_ALLOC(aligned_alloc, (size_t align, size_t size), (align, size),
                 rt_boot_alloc(size, align))
RT_ALIGNED_ALLOC(memalign, (size_t align, size_t size), (align, size),
                 rt_boot_alloc(size, align))
RT_ALIGNED_ALLOC(valloc, (size_t size), (size), rt_boot_alloc(size, 4096))
RT_ALIGNED_ALLOC(pvalloc, (size_t size), (size),
                 rt_boot_alloc((size + 4095) & ~(size_t)4095, 4096))
