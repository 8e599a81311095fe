/* The few declarations test/options/profile-auto.c needs, the same on
 * every target: the C library of the machine running the tests has headers
 * for its own target only. */
#ifndef FORKSAFE_TEST_PTHREAD_H
#define FORKSAFE_TEST_PTHREAD_H
typedef unsigned long pthread_t;
typedef struct pthread_attr pthread_attr_t;
int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
                   void *(*routine)(void *), void *arg);
#endif
