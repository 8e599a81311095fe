int spawn_helper(const char *path);

int main(void) { return spawn_helper("/bin/false") < 0; }
