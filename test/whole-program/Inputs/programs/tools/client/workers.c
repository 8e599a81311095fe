void start_workers(void) {}
