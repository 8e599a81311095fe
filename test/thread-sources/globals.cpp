// A namespace-scope object whose construction starts a thread makes the
// program multithreaded before main: every fork is a fork with threads.
// RUN: %forksafe_cxx -DTHREAD_OBJECT -Xclang -verify=thread -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cxx -DFLUSHER -Xclang -verify=flusher -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cxx -DLIBRARY -Xclang -verify=library -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cxx -Xclang -verify=quiet %s
// quiet-no-diagnostics

#include <pthread.h>
#include <stdio.h>
#include <string>
#include <thread>
#include <unistd.h>

static void spin() {
  for (;;)
    pause();
}

#ifdef THREAD_OBJECT
std::thread background(spin); // thread-note {{a thread started here, before 'main', may still be running}}
#endif

#ifdef FLUSHER
namespace metrics {
struct Flusher {
  pthread_t thread;
  Flusher() {
    pthread_create(&thread, nullptr, [](void *) -> void * { return nullptr; }, // flusher-note {{that thread is started here}}
                   nullptr);
  }
};
Flusher flusher; // flusher-note {{'metrics::Flusher::Flusher' runs here before 'main' and may return with a thread still running}}
} // namespace metrics
#endif

#ifdef LIBRARY
extern "C" void grpc_init(void);
struct Rpc {
  Rpc() { grpc_init(); } // library-note {{'grpc_init' leaves gRPC's threads running}}
};
static Rpc rpc; // library-note {{'Rpc::Rpc' runs here before 'main' and may return with a thread still running}}
#endif

// An object whose construction starts no thread changes nothing.
std::string name = "worker";

static void respawn() {
  if (fork() == 0) { // thread-warning {{'fork' is called while other threads may be running, and its child returns from 'respawn'}} \
                     // flusher-warning {{'fork' is called while other threads may be running, and its child returns from 'respawn'}} \
                     // library-warning {{'fork' is called while other threads may be running, and its child returns from 'respawn'}}
    puts("child");
  }
}

// Not called from main: still after the initialisation.
void later() {
  pid_t pid = fork();
  if (pid == 0) {
    puts("child"); // thread-warning {{call to 'puts' in the child of a multithreaded process}} \
                   // flusher-warning {{call to 'puts' in the child of a multithreaded process}} \
                   // library-warning {{call to 'puts' in the child of a multithreaded process}}
    _exit(0);
  }
}

int main() {
  respawn();
  return 0;
}
