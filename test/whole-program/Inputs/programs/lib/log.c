#include <stdio.h>

void log_msg(const char *text) { fprintf(stderr, "%s\n", text); }
