#include "plugins.h"
#include <stddef.h>
#include <unistd.h>

static void restart_helper(void) {
  if (fork() == 0)
    sleep(1);
}

static const struct plugin helper = {"helper", restart_helper};
const struct plugin *plugins[] = {&helper, NULL};
