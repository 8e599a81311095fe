/* forksafe-rt: where in Python a fork child is when it breaks the rule.
 *
 * The child of a multithreaded CPython program breaks the rule in C (a
 * lock's sem_wait, a malloc), mostly with the interpreter's lock released
 * around the call: the Python C API may not be called there, and in a
 * child it would allocate. The interpreter's frames are read instead as
 * memory: the calling thread's state (from thread-specific storage), its
 * current frame and the ones before it, each frame's code object, the line
 * from the code's line table (PyCode_Addr2Line, which only reads), and the
 * names' characters. No allocation, no lock, no call that is not
 * async-signal-safe.
 *
 * The layout of those structures is the interpreter's own and changes
 * between versions (3.11 has _PyInterpreterFrame and _PyCFrame; 3.12 moved
 * the current frame): this file is built against the CPython headers the
 * build found, and reads an interpreter of that minor version only. The two
 * functions it calls are looked up in the parent, at the fork.
 */
#define PY_SSIZE_T_CLEAN
#define Py_BUILD_CORE 1
#include <Python.h>
#include <internal/pycore_frame.h>

#include "rt.h"

#include <dlfcn.h>

#if PY_VERSION_HEX < 0x030B0000 || PY_VERSION_HEX >= 0x030C0000
#error "python_child.c reads the frames of CPython 3.11"
#endif

static struct {
  PyThreadState *(*this_thread_state)(void);
  int (*addr2line)(PyCodeObject *, int);
} rt_py;

/* 1 when the process runs the interpreter these headers describe. */
static atomic_int rt_py_readable = -1;

void rt_python_child_prepare(void) {
  if (atomic_load_explicit(&rt_py_readable, memory_order_acquire) >= 0)
    return;
  rt_resolving++;
  const unsigned long *version = dlsym(RTLD_DEFAULT, "Py_Version");
  rt_py.this_thread_state = (PyThreadState * (*)(void))
      dlsym(RTLD_DEFAULT, "PyGILState_GetThisThreadState");
  rt_py.addr2line =
      (int (*)(PyCodeObject *, int))dlsym(RTLD_DEFAULT, "PyCode_Addr2Line");
  rt_resolving--;
  int readable = version && (*version >> 16) == (PY_VERSION_HEX >> 16) &&
                 rt_py.this_thread_state && rt_py.addr2line;
  atomic_store_explicit(&rt_py_readable, readable, memory_order_release);
}

static void rt_py_put(char *out, size_t cap, size_t *len, char c) {
  if (*len + 1 < cap)
    out[(*len)++] = c;
  out[*len] = '\0';
}

/* The characters of a str object, those beyond ASCII as '?' unless its
 * UTF-8 form is already there. */
static void rt_py_put_str(char *out, size_t cap, size_t *len, PyObject *s) {
  if (!s || !PyUnicode_Check(s)) {
    rt_py_put(out, cap, len, '?');
    return;
  }
  const char *utf8 = NULL;
  if (PyUnicode_IS_COMPACT_ASCII(s))
    utf8 = (const char *)PyUnicode_DATA(s);
  else if (PyUnicode_IS_COMPACT(s))
    utf8 = ((PyCompactUnicodeObject *)s)->utf8;
  if (utf8) {
    for (; *utf8; utf8++)
      rt_py_put(out, cap, len, *utf8);
    return;
  }
  Py_ssize_t n = PyUnicode_GET_LENGTH(s);
  int kind = PyUnicode_KIND(s);
  const void *data = PyUnicode_DATA(s);
  for (Py_ssize_t i = 0; i < n; i++) {
    Py_UCS4 c = PyUnicode_READ(kind, data, i);
    rt_py_put(out, cap, len, c < 128 ? (char)c : '?');
  }
}

static void rt_py_put_dec(char *out, size_t cap, size_t *len, int n) {
  char digits[16];
  int i = 0;
  if (n < 0)
    n = 0;
  do
    digits[i++] = (char)('0' + n % 10);
  while ((n /= 10) > 0 && i < (int)sizeof digits);
  while (i > 0)
    rt_py_put(out, cap, len, digits[--i]);
}

void rt_python_child_frames(char *out, size_t cap) {
  out[0] = '\0';
  if (atomic_load_explicit(&rt_py_readable, memory_order_acquire) != 1)
    return;
  PyThreadState *tstate = rt_py.this_thread_state();
  if (!tstate || !tstate->cframe)
    return;
  size_t len = 0;
  int depth = 0;
  for (_PyInterpreterFrame *f = tstate->cframe->current_frame;
       f && depth < RT_MAX_PYTHON_FRAMES; f = f->previous) {
    /* A frame being set up has no line yet. */
    if (_PyFrame_IsIncomplete(f))
      continue;
    PyCodeObject *code = f->f_code;
    int line = rt_py.addr2line(code, _PyInterpreterFrame_LASTI(f) *
                                         (int)sizeof(_Py_CODEUNIT));
    rt_py_put_str(out, cap, &len, code->co_filename);
    rt_py_put(out, cap, &len, ':');
    rt_py_put_dec(out, cap, &len, line);
    for (const char *s = " in "; *s; s++)
      rt_py_put(out, cap, &len, *s);
    rt_py_put_str(out, cap, &len, code->co_name);
    rt_py_put(out, cap, &len, '\n');
    depth++;
  }
}
