struct plugin {
  const char *name;
  void (*reload)(void);
};
extern const struct plugin *plugins[];
void *reloader(void *);
int start_thread(void *t, void *(*routine)(void *), void *arg);
