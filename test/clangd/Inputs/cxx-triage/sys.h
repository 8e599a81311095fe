// The C function, declared in a namespace alone: clangd reads it from the
// preamble.
namespace sys {
extern "C" int forkpty(int *, char *, void *, void *);
}
