/* A GNU C nested function: GCC compiles it, Clang does not. */
int apply(int (*f)(int), int x) { return f(x); }

int twice_plus(int y) {
  int add(int x) { return x + y; }
  return apply(add, y);
}
