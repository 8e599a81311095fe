/* N rounds of allocating, touching and freeing blocks of mixed sizes, the
 * allocator's fast paths mostly, where a wrapper's cost shows most.
 * Usage: malloc_heavy N */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIVE 256

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 10000000;
  void *live[LIVE] = {0};
  unsigned x = 12345, sum = 0;
  for (long i = 0; i < n; i++) {
    x = x * 1103515245 + 12345;
    unsigned slot = (x >> 8) % LIVE;
    size_t size = 16 + (x >> 16) % 512;
    free(live[slot]);
    char *p = malloc(size);
    p[0] = (char)i;
    sum += (unsigned char)p[0];
    live[slot] = p;
    if (i % 64 == 0) {
      p = realloc(p, size * 2);
      live[slot] = p;
    }
  }
  for (int i = 0; i < LIVE; i++)
    free(live[i]);
  printf("%u\n", sum);
  return 0;
}
