void plugin_load(const char *path);

int main(int argc, char **argv) {
  plugin_load(argv[1]);
  return 0;
}
