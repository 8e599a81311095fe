// A library forksafe sees only the declarations of, in a system header.
#include <pthread.h>
#include <sys/types.h>
pid_t core_fork(void);
int core_spawn_thread(void *(*routine)(void *), void *arg);
int core_spawn_joinable(pthread_t *handle, void *(*routine)(void *), void *arg);
void core_log_raw(const char *text);
void core_lock(void);
void core_die_in_child(int status);
struct core_loop;
struct core_loop *core_loop_new(void);
int core_loop_run(struct core_loop *loop);
int core_loop_poll(struct core_loop *loop);
void core_loop_after_fork(struct core_loop *loop);
