#include "loop.h"

void serve(struct my_loop *loop) { my_loop_run(loop); }
