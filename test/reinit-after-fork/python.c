// The Python C API: a child that keeps running Python calls
// PyOS_AfterFork_Child() first.
// REQUIRES: python3
// RUN: %forksafe_cc %python3_cflags -Wno-deprecated-declarations -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <Python.h>
#include <signal.h>
#include <unistd.h>

static void run_script(const char *code) { PyRun_SimpleString(code); }

int embed(void) {
  Py_Initialize();
  pid_t pid = fork();
  if (pid == 0) {
    PyRun_SimpleString("print('child')"); // expected-warning {{call to 'PyRun_SimpleStringFlags' in the child uses the Python interpreter from before the fork without calling 'PyOS_AfterFork_Child' first [forksafe-reinit-after-fork]}}
    _exit(0);
  }
  return Py_FinalizeEx();
}

int embed_properly(void) {
  Py_Initialize();
  if (fork() == 0) {
    PyOS_AfterFork_Child();
    run_script("print('child')");
    _exit(0);
  }
  return Py_FinalizeEx();
}

// Extension code: the interpreter is there already.
PyObject *spawn(PyObject *self, PyObject *args) {
  if (fork() == 0) {
    run_script("import os"); // expected-warning {{call to 'run_script' in the child reaches 'PyRun_SimpleStringFlags', which uses the Python interpreter from before the fork}}
    _exit(0);
  }
  Py_RETURN_NONE;
}

// PyOS_AfterFork(), the name Python 2 and 3.6 had, re-initialises too.
int embed_python2_style(void) {
  Py_Initialize();
  if (fork() == 0) {
    PyOS_AfterFork();
    run_script("print('child')");
    _exit(0);
  }
  return Py_FinalizeEx();
}

// PyOS_setsig() installs a signal handler; the interpreter is not touched.
static void on_term(int sig) { _exit(0); }
int child_signals(void) {
  Py_Initialize();
  if (fork() == 0) {
    PyOS_setsig(SIGTERM, on_term);
    pause();
    _exit(0);
  }
  return Py_FinalizeEx();
}
