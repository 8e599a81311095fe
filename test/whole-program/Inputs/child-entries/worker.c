void log_line(const char *text);
void bgworker_main(int arg) {
  log_line("worker up");
}
