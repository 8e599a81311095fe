// OpenMP: a parallel or teams construct leaves the runtime's team of
// threads alive; a fork after it is a fork with threads. Without -fopenmp
// the pragmas are not OpenMP, and nothing is reported.
// REQUIRES: openmp
// RUN: %forksafe_cc -fopenmp -Xclang -verify=omp -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cc -Wno-source-uses-openmp -Xclang -verify=none %s
// none-no-diagnostics

#include <omp.h>
#include <stdio.h>
#include <unistd.h>

void work(int i);

void parallel_region(void) {
  fork();
#pragma omp parallel // omp-note {{'#pragma omp parallel' leaves its OpenMP thread pool running}}
  work(0);
  fork(); // omp-warning {{'fork' is called while other threads may be running, and its result is never tested, so the child runs all that follows}}
}

void parallel_for(int n) {
#pragma omp parallel for // omp-note {{'#pragma omp parallel for' leaves its OpenMP thread pool running}}
  for (int i = 0; i < n; i++)
    work(i);
  if (fork() == 0) { // omp-note {{the child of 'fork' starts here}}
    printf("child\n"); // omp-warning {{call to 'printf' in the child of a multithreaded process, which is not async-signal-safe}}
    _exit(0);
  }
}

void sections(void) {
#pragma omp parallel sections // omp-note {{'#pragma omp parallel sections' leaves its OpenMP thread pool running}}
  {
#pragma omp section
    work(1);
#pragma omp section
    work(2);
  }
  fork(); // omp-warning {{'fork' is called while other threads may be running}}
}

// The API's calls start no team: only a construct does.
void api(void) {
  omp_set_num_threads(4);
  fork();
}

void teams(void) {
#pragma omp teams // omp-note {{'#pragma omp teams' leaves its OpenMP thread pool running}}
  work(3);
  fork(); // omp-warning {{'fork' is called while other threads may be running}}
}

// A task or a loop construct outside a parallel region runs on the
// encountering thread; a target region without an offload device too.
void serial_constructs(int n) {
#pragma omp task
  work(4);
#pragma omp for
  for (int i = 0; i < n; i++)
    work(i);
#pragma omp target
  work(5);
  fork();
}
