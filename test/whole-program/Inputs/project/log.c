// Logging: stdio, not async-signal-safe.
#include <stdio.h>

void log_line(const char *msg) { fprintf(stderr, "%s\n", msg); }
