// gRPC core: grpc_init starts the timer manager's and the executor's
// threads, which run until the last grpc_shutdown.
// REQUIRES: grpc
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <grpc/grpc.h>
#include <unistd.h>

void server(void) {
  fork();
  grpc_init(); // expected-note {{'grpc_init' leaves gRPC's threads running}}
  fork(); // expected-warning {{'fork' is called while other threads may be running}}
  grpc_shutdown();
}
