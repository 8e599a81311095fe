/* See pthread.h. */
#ifndef FORKSAFE_TEST_UNISTD_H
#define FORKSAFE_TEST_UNISTD_H
typedef int pid_t;
pid_t fork(void);
int execvp(const char *file, char *const argv[]);
void _exit(int status) __attribute__((noreturn));
#endif
