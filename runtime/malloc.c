/* The allocator's wrappers.
 *
 * Looking up the next malloc with dlsym may itself allocate (dlsym's error
 * state): while the runtime resolves its functions, allocations are served
 * from a static buffer, and freeing them does nothing. The fast path is one
 * load and one test more than the call it forwards.
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
  size_t start = atomic_fetch_add(&rt_boot_used, need);
  if (start + need > RT_BOOT_SIZE || need < size)
    return NULL;
  uintptr_t base = (uintptr_t)rt_boot + start + RT_BOOT_ALIGN;
  uintptr_t block = (base + align - 1) & ~(uintptr_t)(align - 1);
  ((size_t *)block)[-1] = size;
  return (void *)block;
}

static int rt_is_boot(const void *p) {
  return (const char *)p >= rt_boot && (const char *)p < rt_boot + RT_BOOT_SIZE;
}

/* The next definition, or NULL while the runtime is resolving (then the
 * static buffer serves). */
static void *rt_real_alloc(enum rt_fn fn) {
  void *p = atomic_load_explicit(&rt_real[fn], memory_order_relaxed);
  if (RT_LIKELY(p))
    return p;
  if (atomic_load(&rt_resolving))
    return NULL;
  rt_resolve_all();
  return atomic_load(&rt_real[fn]);
}
#define RT_REAL_ALLOC(name) ((__typeof__(&name))rt_real_alloc(RT_FN_##name))

/* The wrapper's body: the call, checked in a watched child. */
#define RT_ALLOC_CALL(name, call)                                            \
  do {                                                                       \
    if (RT_UNLIKELY(rt_watching())) {                                        \
      rt_unsafe_enter(RT_FN_##name);                                         \
      __typeof__(call) result_ = (call);                                     \
      rt_unsafe_leave();                                                     \
      return result_;                                                        \
    }                                                                        \
    return (call);                                                           \
  } while (0)

RT_EXPORT void *malloc(size_t size) {
  __typeof__(&malloc) real = RT_REAL_ALLOC(malloc);
  if (RT_UNLIKELY(!real))
    return rt_boot_alloc(size, 0);
  RT_ALLOC_CALL(malloc, real(size));
}

RT_EXPORT void *calloc(size_t n, size_t size) {
  __typeof__(&calloc) real = RT_REAL_ALLOC(calloc);
  if (RT_UNLIKELY(!real)) {
    if (size && n > (size_t)-1 / size)
      return NULL;
    return rt_boot_alloc(n * size, 0); /* static memory is zero */
  }
  RT_ALLOC_CALL(calloc, real(n, size));
}

RT_EXPORT void free(void *p) {
  if (RT_UNLIKELY(rt_is_boot(p)))
    return;
  __typeof__(&free) real = RT_REAL_ALLOC(free);
  if (RT_UNLIKELY(!real))
    return; /* only the static buffer was handed out so far */
  if (RT_UNLIKELY(rt_watching())) {
    rt_unsafe_enter(RT_FN_free);
    real(p);
    rt_unsafe_leave();
    return;
  }
  real(p);
}

RT_EXPORT void *realloc(void *p, size_t size) {
  __typeof__(&realloc) real = RT_REAL_ALLOC(realloc);
  if (RT_UNLIKELY(rt_is_boot(p) || !real)) {
    void *q = real ? malloc(size) : rt_boot_alloc(size, 0);
    if (q && p) {
      size_t old = rt_is_boot(p) ? ((size_t *)p)[-1] : 0;
      memcpy(q, p, old < size ? old : size);
    }
    return q;
  }
  RT_ALLOC_CALL(realloc, real(p, size));
}

RT_EXPORT int posix_memalign(void **out, size_t align, size_t size) {
  __typeof__(&posix_memalign) real = RT_REAL_ALLOC(posix_memalign);
  if (RT_UNLIKELY(!real)) {
    *out = rt_boot_alloc(size, align);
    return *out ? 0 : ENOMEM;
  }
  RT_ALLOC_CALL(posix_memalign, real(out, align, size));
}

RT_EXPORT void *aligned_alloc(size_t align, size_t size) {
  __typeof__(&aligned_alloc) real = RT_REAL_ALLOC(aligned_alloc);
  if (RT_UNLIKELY(!real))
    return rt_boot_alloc(size, align);
  RT_ALLOC_CALL(aligned_alloc, real(align, size));
}

RT_EXPORT void *memalign(size_t align, size_t size) {
  __typeof__(&memalign) real = RT_REAL_ALLOC(memalign);
  if (RT_UNLIKELY(!real))
    return rt_boot_alloc(size, align);
  RT_ALLOC_CALL(memalign, real(align, size));
}

RT_EXPORT void *valloc(size_t size) {
  __typeof__(&valloc) real = RT_REAL_ALLOC(valloc);
  if (RT_UNLIKELY(!real))
    return rt_boot_alloc(size, 4096);
  RT_ALLOC_CALL(valloc, real(size));
}

RT_EXPORT void *pvalloc(size_t size) {
  __typeof__(&pvalloc) real = RT_REAL_ALLOC(pvalloc);
  if (RT_UNLIKELY(!real))
    return rt_boot_alloc((size + 4095) & ~(size_t)4095, 4096);
  RT_ALLOC_CALL(pvalloc, real(size));
}
