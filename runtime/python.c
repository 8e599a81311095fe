/* forksafe-rt: where in a CPython program the fork was.
 *
 * A Python program forks in os.fork(), and the C frames of a report end in
 * libpython's os_fork: the place in the program is in the interpreter's
 * frames. They are read in the parent, just before the fork, by the thread
 * that forks, which holds the GIL there (os.fork keeps it across fork()),
 * through the Python C API (public since Python 3.9), looked up in the
 * process: a caller of the API like any other, at a point where any call is
 * allowed. Nothing here runs in a child.
 */
#include "rt.h"

#include <dlfcn.h>
#include <stddef.h>

typedef struct rt_pyobject rt_pyobject;

/* The functions used, in the order of rt_python_names. */
static struct {
  int (*gil_check)(void);
  rt_pyobject *(*current_frame)(void);
  rt_pyobject *(*frame_back)(rt_pyobject *);
  rt_pyobject *(*frame_code)(rt_pyobject *);
  int (*frame_line)(rt_pyobject *);
  rt_pyobject *(*get_attr)(rt_pyobject *, const char *);
  const char *(*utf8)(rt_pyobject *);
  void (*decref)(rt_pyobject *);
  void (*clear_error)(void);
} api;

static const char *const rt_python_names[] = {
    "PyGILState_Check",      "PyEval_GetFrame",  "PyFrame_GetBack",
    "PyFrame_GetCode",       "PyFrame_GetLineNumber",
    "PyObject_GetAttrString", "PyUnicode_AsUTF8", "Py_DecRef",
    "PyErr_Clear",
};

/* -1: not looked up yet; 0: not a CPython process; 1: ready. */
static atomic_int rt_python_state = -1;

static int rt_python_ready(void) {
  int state = atomic_load_explicit(&rt_python_state, memory_order_acquire);
  if (state >= 0)
    return state;
  void **slots = (void **)&api;
  int found = 1;
  rt_resolving++;
  for (size_t i = 0; i < sizeof rt_python_names / sizeof *rt_python_names;
       i++)
    found &= (slots[i] = dlsym(RTLD_DEFAULT, rt_python_names[i])) != NULL;
  rt_resolving--;
  atomic_store_explicit(&rt_python_state, found, memory_order_release);
  return found;
}

static void rt_python_put(char *out, size_t cap, size_t *len, const char *s) {
  while (*s && *len + 1 < cap)
    out[(*len)++] = *s++;
  out[*len] = '\0';
}

/* "FILE:LINE in NAME" of a code object's frame; its parts as the API gives
 * them, "?" where it gives none. */
static void rt_python_frame(rt_pyobject *frame, char *out, size_t cap,
                            size_t *len) {
  rt_pyobject *code = api.frame_code(frame);
  rt_pyobject *file = code ? api.get_attr(code, "co_filename") : NULL;
  rt_pyobject *name = code ? api.get_attr(code, "co_name") : NULL;
  const char *file_text = file ? api.utf8(file) : NULL;
  const char *name_text = name ? api.utf8(name) : NULL;
  char line[16];
  int n = api.frame_line(frame), i = sizeof line - 1;
  line[i] = '\0';
  do
    line[--i] = (char)('0' + (n < 0 ? 0 : n % 10));
  while ((n /= 10) > 0 && i > 0);
  rt_python_put(out, cap, len, file_text ? file_text : "?");
  rt_python_put(out, cap, len, ":");
  rt_python_put(out, cap, len, line + i);
  rt_python_put(out, cap, len, " in ");
  rt_python_put(out, cap, len, name_text ? name_text : "?");
  rt_python_put(out, cap, len, "\n");
  if (name)
    api.decref(name);
  if (file)
    api.decref(file);
  if (code)
    api.decref(code);
  api.clear_error();
}

void rt_python_fork_frames(char *out, size_t cap) {
  out[0] = '\0';
  if (!rt_python_ready() || !api.gil_check())
    return;
  /* The child reads its own frames without the API: what that needs is
   * looked up here, where dlsym may be called. */
  rt_python_child_prepare();
  size_t len = 0;
  /* PyEval_GetFrame's frame is borrowed; each PyFrame_GetBack is owned. */
  rt_pyobject *frame = api.current_frame();
  for (int depth = 0; frame && depth < RT_MAX_PYTHON_FRAMES; depth++) {
    rt_python_frame(frame, out, cap, &len);
    rt_pyobject *back = api.frame_back(frame);
    if (depth > 0)
      api.decref(frame);
    frame = back;
  }
  if (frame)
    api.decref(frame);
}
