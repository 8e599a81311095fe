// ZeroMQ: a context starts its I/O and reaper threads with its first socket
// (zmq_ctx_new alone starts none).
// REQUIRES: zmq
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <unistd.h>
#include <zmq.h>

void sockets(void) {
  void *context = zmq_ctx_new();
  fork();
  void *socket = zmq_socket(context, ZMQ_PUSH); // expected-note {{'zmq_socket' leaves the ZeroMQ context's I/O threads running}}
  if (fork() == 0) { // expected-warning {{'fork' is called while other threads may be running, and its child goes on into code the parent also runs}}
    zmq_close(socket);
  }
  zmq_ctx_term(context);
}
