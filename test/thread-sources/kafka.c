// librdkafka: rd_kafka_new starts the handle's main and broker threads.
// REQUIRES: rdkafka
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <unistd.h>

void producer(rd_kafka_conf_t *conf) {
  char err[512];
  fork();
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err); // expected-note {{'rd_kafka_new' leaves librdkafka's threads running}}
  pid_t pid = fork();
  if (pid == 0) {
    fprintf(stderr, "child\n"); // expected-warning {{call to 'fprintf' in the child of a multithreaded process, which is not async-signal-safe}}
    _exit(1);
  }
  rd_kafka_destroy(rk);
}
