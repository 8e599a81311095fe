struct my_loop;
struct my_loop *my_loop_new(void);
int my_loop_run(struct my_loop *loop);
void my_loop_after_fork(struct my_loop *loop);
void serve(struct my_loop *loop);
void child_log(const char *text);
