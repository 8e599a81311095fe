// A C++ class whose member is defined in one file and called in another:
// one function by its mangled name.
namespace app {
struct Logger {
  void line(const char *s);
};
void run_child(Logger &L);
}
