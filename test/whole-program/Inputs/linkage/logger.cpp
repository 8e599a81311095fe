#include "logger.h"
#include <cstdio>

void app::Logger::line(const char *s) { std::printf("%s\n", s); }
