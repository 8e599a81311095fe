// An inline function of a header that no one calls: its fork is seen all
// the same, without a look at who calls it.
#include <unistd.h>
static inline pid_t restart(void) { return fork(); }
