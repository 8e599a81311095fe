/* The next definitions of the functions forksafe-rt interposes, each looked
 * up with dlsym(RTLD_NEXT) when first needed; all of them before the first
 * fork (rt_init), so that a child never calls dlsym, which takes the
 * loader's lock. A program that never forks (every program a fork child
 * execs, say) looks up only what it calls.
 */
#include "rt.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

const char *const rt_fn_names[RT_FN_COUNT] = {
#define RT_UNSAFE(ret, name, params, args) #name,
#define RT_UNSAFE_VOID(name, params, args) #name,
#define RT_UNSAFE_OTHER(name) #name,
#define RT_NOTE(name) #name,
#define RT_MAIN(name) #name,
#define RT_PASS(name) #name,
#include "functions.def"
};

_Atomic(void *) rt_real[RT_FN_COUNT];
__thread int rt_resolving __attribute__((tls_model("initial-exec")));

static void rt_no_next_definition(void) {
  static const char text[] =
      "forksafe-rt: error: a function it wraps has no next definition\n";
  write(2, text, sizeof text - 1);
  abort();
}

void *rt_resolve(enum rt_fn fn) {
  void *p = atomic_load_explicit(&rt_real[fn], memory_order_acquire);
  if (p)
    return p;
  rt_resolving++;
  p = dlsym(RTLD_NEXT, rt_fn_names[fn]);
  rt_resolving--;
  /* A symbol the C library lacks (an older glibc) can only be called by a
   * program that links against another definition: fail loudly then. */
  if (!p)
    p = (void *)rt_no_next_definition;
  atomic_store_explicit(&rt_real[fn], p, memory_order_release);
  return p;
}

void rt_resolve_pass(void) {
#define RT_PASS(name) rt_resolve(RT_FN_##name);
#include "functions.def"
}

void rt_resolve_all(void) {
  for (int fn = 0; fn < RT_FN_COUNT; fn++)
    rt_resolve((enum rt_fn)fn);
}
