#include <stdio.h>

void child_log(const char *text) { fputs(text, stderr); }
