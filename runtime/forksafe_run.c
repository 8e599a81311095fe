/* forksafe-run PROGRAM [ARGS...]: runs PROGRAM with forksafe-rt preloaded.
 *
 * The library is the one next to this program, ../lib/libforksafe-rt.so
 * from the directory of /proc/self/exe, put first in LD_PRELOAD (whatever
 * was there stays, after it). The exit status is the program's (which the
 * library makes 66 when it reported anything), or 127 when it cannot be
 * run.
 *
 * The library writes its frames as module+offset: a child must not read
 * debug information. When the reports are text on stderr, this program
 * names them after the fact: it has the library append its reports to a
 * temporary file, runs PROGRAM as its child, and copies each report to
 * stderr as it arrives, with the function, file and line of each frame
 * from llvm-symbolizer (or addr2line). Otherwise it execs PROGRAM.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: forksafe-run PROGRAM [ARGS...]\n"
    "Runs PROGRAM with the forksafe-rt library preloaded, which reports\n"
    "fork-safety bugs as they happen (see docs/runtime.md).\n"
    "  FORKSAFE_RT_FORMAT=json   one JSON object per report and line\n"
    "  FORKSAFE_RT_LOG=FILE      append the reports to FILE, not stderr\n"
    "  FORKSAFE_RT_ABORT=1       abort at the first report\n"
    "  FORKSAFE_RT_EXITCODE=N    exit with N (default 66) when anything was\n"
    "                            reported; 0 keeps the program's status\n"
    "  FORKSAFE_RT_FOLLOW_EXEC=0 watch PROGRAM alone, not what it execs\n"
    "  FORKSAFE_RT_SYMBOLIZER=P  name the frames of text reports on stderr\n"
    "                            with P (llvm-symbolizer or addr2line;\n"
    "                            default: the first found; 'none': do not)\n";

/* The library's path, from this program's own. */
static int find_library(char *path, size_t size) {
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    return 0;
  self[n] = 0;
  char *slash = strrchr(self, '/');
  if (!slash)
    return 0;
  *slash = 0;
  char relative[PATH_MAX + 32];
  snprintf(relative, sizeof relative, "%s/../lib/libforksafe-rt.so", self);
  if (!realpath(relative, path) || strlen(path) >= size)
    return 0;
  return access(path, R_OK) == 0;
}

static int put_library_first(const char *library) {
  const char *old = getenv("LD_PRELOAD");
  size_t size = strlen(library) + (old ? strlen(old) : 0) + 2;
  char *preload = malloc(size);
  if (!preload) {
    perror("forksafe-run");
    return 0;
  }
  if (old && old[0])
    snprintf(preload, size, "%s:%s", library, old);
  else
    snprintf(preload, size, "%s", library);
  if (setenv("LD_PRELOAD", preload, 1) != 0) {
    perror("forksafe-run: setenv");
    return 0;
  }
  free(preload);
  return 1;
}

static int run_program(char **argv) {
  execvp(argv[0], argv);
  fprintf(stderr, "forksafe-run: error: cannot run '%s': %s\n", argv[0],
          strerror(errno));
  return 127;
}

/* ---- the symbolizer -------------------------------------------------- */

enum symbolizer_kind { SYMBOLIZER_NONE, SYMBOLIZER_LLVM, SYMBOLIZER_ADDR2LINE };

static struct {
  enum symbolizer_kind kind;
  char path[PATH_MAX];
  /* llvm-symbolizer runs once, answering a query per line. */
  pid_t pid;
  FILE *queries;
  FILE *answers;
} symbolizer;

static int find_in_path(const char *name, char *found, size_t size) {
  if (strchr(name, '/')) {
    snprintf(found, size, "%s", name);
    return access(found, X_OK) == 0;
  }
  const char *path = getenv("PATH");
  if (!path)
    path = "/usr/bin:/bin";
  while (*path) {
    size_t length = strcspn(path, ":");
    snprintf(found, size, "%.*s/%s", (int)length, path, name);
    if (length && access(found, X_OK) == 0)
      return 1;
    path += length + (path[length] == ':');
  }
  return 0;
}

static enum symbolizer_kind kind_of(const char *path) {
  const char *name = strrchr(path, '/');
  name = name ? name + 1 : path;
  return strstr(name, "addr2line") ? SYMBOLIZER_ADDR2LINE : SYMBOLIZER_LLVM;
}

/* The symbolizer FORKSAFE_RT_SYMBOLIZER names, or the first one found. */
static enum symbolizer_kind choose_symbolizer(void) {
  const char *chosen = getenv("FORKSAFE_RT_SYMBOLIZER");
  if (chosen && strcmp(chosen, "none") == 0)
    return SYMBOLIZER_NONE;
  if (chosen && chosen[0]) {
    if (find_in_path(chosen, symbolizer.path, sizeof symbolizer.path))
      return kind_of(symbolizer.path);
    fprintf(stderr,
            "forksafe-run: warning: FORKSAFE_RT_SYMBOLIZER='%s' is not a "
            "program; the frames stay module+offset\n",
            chosen);
    return SYMBOLIZER_NONE;
  }
  static const char *const candidates[] = {
      "llvm-symbolizer", "llvm-symbolizer-" FORKSAFE_LLVM_MAJOR, "addr2line"};
  for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++)
    if (find_in_path(candidates[i], symbolizer.path, sizeof symbolizer.path))
      return kind_of(symbolizer.path);
  return SYMBOLIZER_NONE;
}

/* Runs command with its stdin and stdout on pipes; 0 if it cannot. */
static pid_t start_coprocess(char *const command[], FILE **in, FILE **out) {
  int to[2], from[2];
  if (pipe2(to, O_CLOEXEC) != 0)
    return 0;
  if (pipe2(from, O_CLOEXEC) != 0) {
    close(to[0]);
    close(to[1]);
    return 0;
  }
  pid_t pid = fork();
  if (pid == 0) {
    dup2(to[0], 0);
    dup2(from[1], 1);
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0)
      dup2(null, 2);
    execv(command[0], command);
    _exit(127);
  }
  close(to[0]);
  close(from[1]);
  if (pid < 0) {
    close(to[1]);
    close(from[0]);
    return 0;
  }
  *in = fdopen(to[1], "w");
  *out = fdopen(from[0], "r");
  return pid;
}

/* Reads a line without its newline; 0 at the end. */
static int read_line(FILE *from, char *line, size_t size) {
  if (!fgets(line, (int)size, from))
    return 0;
  line[strcspn(line, "\n")] = 0;
  return 1;
}

/* Appends " in FUNCTION FILE:LINE" from the two lines a symbolizer gives
 * for an address; nothing when it knows neither. */
static void describe(char *out, size_t size, const char *function,
                     const char *where) {
  int known_function = function[0] && strcmp(function, "??") != 0;
  int known_place = where[0] && strncmp(where, "??", 2) != 0;
  if (known_function || known_place)
    snprintf(out, size, " in %s %s", known_function ? function : "??",
             known_place ? where : "");
  size_t length = strlen(out);
  while (length && out[length - 1] == ' ')
    out[--length] = 0;
}

static void symbolize_with_llvm(const char *module, const char *offset,
                                char *out, size_t size) {
  if (!symbolizer.pid) {
    char *command[] = {symbolizer.path, "--no-inlines", NULL};
    symbolizer.pid =
        start_coprocess(command, &symbolizer.queries, &symbolizer.answers);
    if (!symbolizer.pid) {
      symbolizer.kind = SYMBOLIZER_NONE;
      return;
    }
  }
  fprintf(symbolizer.queries, "\"%s\" %s\n", module, offset);
  fflush(symbolizer.queries);
  char function[1024] = "", where[PATH_MAX + 32] = "", line[PATH_MAX + 32];
  /* One frame, then an empty line. */
  if (!read_line(symbolizer.answers, function, sizeof function) ||
      !read_line(symbolizer.answers, where, sizeof where)) {
    symbolizer.kind = SYMBOLIZER_NONE;
    return;
  }
  while (read_line(symbolizer.answers, line, sizeof line) && line[0])
    ;
  describe(out, size, function, where);
}

static void symbolize_with_addr2line(const char *module, const char *offset,
                                     char *out, size_t size) {
  char *command[] = {symbolizer.path, "-f", "-C", "-e", (char *)module,
                     (char *)offset, NULL};
  FILE *in, *answers;
  pid_t pid = start_coprocess(command, &in, &answers);
  if (!pid)
    return;
  fclose(in);
  char function[1024] = "", where[PATH_MAX + 32] = "";
  if (read_line(answers, function, sizeof function))
    read_line(answers, where, sizeof where);
  fclose(answers);
  waitpid(pid, NULL, 0);
  describe(out, size, function, where);
}

/* A frame line of a text report, "    #N MODULE+0xOFFSET", with where it
 * is appended; other lines as they are. */
static void write_report_line(const char *line) {
  char module[PATH_MAX], offset[32], named[PATH_MAX + 1100] = "";
  int prefix = 0;
  const char *plus = strrchr(line, '+');
  if (symbolizer.kind != SYMBOLIZER_NONE && plus &&
      sscanf(line, " #%*d %n", &prefix) == 0 && prefix > 0 &&
      (size_t)(plus - line - prefix) < sizeof module &&
      sscanf(plus + 1, "%31[0-9a-fx]", offset) == 1 &&
      strlen(plus + 1) == strlen(offset)) {
    memcpy(module, line + prefix, (size_t)(plus - line - prefix));
    module[plus - line - prefix] = 0;
    if (symbolizer.kind == SYMBOLIZER_LLVM)
      symbolize_with_llvm(module, offset, named, sizeof named);
    else
      symbolize_with_addr2line(module, offset, named, sizeof named);
  }
  fprintf(stderr, "%s%s\n", line, named);
}

/* ---- the program as a child ------------------------------------------ */

static pid_t program;

static void forward_signal(int sig) {
  if (program > 0)
    kill(program, sig);
}

/* Copies the complete lines the log holds past *done to stderr. */
static void copy_reports(int log, off_t *done, int final) {
  static char pending[65536];
  static size_t held;
  for (;;) {
    ssize_t n = pread(log, pending + held, sizeof pending - 1 - held, *done);
    if (n <= 0)
      break;
    *done += n;
    held += (size_t)n;
    pending[held] = 0;
    char *start = pending, *newline;
    while ((newline = memchr(start, '\n', held - (size_t)(start - pending)))) {
      *newline = 0;
      write_report_line(start);
      start = newline + 1;
    }
    held -= (size_t)(start - pending);
    memmove(pending, start, held);
    if (held == sizeof pending - 1) { /* a line longer than the buffer */
      pending[held] = 0;
      write_report_line(pending);
      held = 0;
    }
  }
  if (final && held) {
    pending[held] = 0;
    write_report_line(pending);
    held = 0;
  }
  fflush(stderr);
}

/* The status this program exits with for the child's: its exit status, or
 * the same death. */
static int pass_on(int status) {
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  /* Without a core of this program's own. */
  int sig = WTERMSIG(status);
  struct rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  signal(sig, SIG_DFL);
  raise(sig);
  return 128 + sig;
}

static int run_and_symbolize(char **argv) {
  const char *tmpdir = getenv("TMPDIR");
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/forksafe-run.XXXXXX",
           tmpdir && tmpdir[0] ? tmpdir : "/tmp");
  int log = mkostemp(path, O_CLOEXEC);
  if (log < 0)
    return run_program(argv);
  setenv("FORKSAFE_RT_LOG", path, 1);
  int failed_exec[2];
  if (pipe2(failed_exec, O_CLOEXEC) != 0) {
    unlink(path);
    unsetenv("FORKSAFE_RT_LOG");
    return run_program(argv);
  }
  /* The terminal's signals reach the program itself; a signal sent to
   * this process alone is passed on. */
  /* The program gets the dispositions this process was given (nohup's
   * ignored SIGHUP, a shell's ignored SIGINT), not these. */
  static const int handled[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP};
  struct sigaction given[4];
  struct sigaction ignore = {.sa_handler = SIG_IGN};
  struct sigaction forward = {.sa_handler = forward_signal};
  for (int i = 0; i < 4; i++)
    sigaction(handled[i], i < 2 ? &ignore : &forward, &given[i]);
  program = fork();
  if (program == 0) {
    for (int i = 0; i < 4; i++)
      sigaction(handled[i], &given[i], NULL);
    execvp(argv[0], argv);
    int error = errno;
    write(failed_exec[1], &error, sizeof error);
    _exit(127);
  }
  close(failed_exec[1]);
  int error;
  if (program < 0 || read(failed_exec[0], &error, sizeof error) ==
                         (ssize_t)sizeof error) {
    if (program < 0)
      error = errno;
    fprintf(stderr, "forksafe-run: error: cannot run '%s': %s\n", argv[0],
            strerror(error));
    if (program > 0)
      waitpid(program, NULL, 0);
    unlink(path);
    return 127;
  }
  off_t done = 0;
  int status = 0;
  for (;;) {
    pid_t ended = waitpid(program, &status, WNOHANG);
    copy_reports(log, &done, 0);
    if (ended == program || (ended < 0 && errno != EINTR))
      break;
    struct timespec pause = {0, 50 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
  copy_reports(log, &done, 1);
  unlink(path);
  return pass_on(status);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs("forksafe-run: error: no program to run\n", stderr);
    fputs(usage, stderr);
    return 2;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    fputs(usage, stdout);
    return 0;
  }
  char library[PATH_MAX];
  if (!find_library(library, sizeof library)) {
    fputs("forksafe-run: error: cannot find ../lib/libforksafe-rt.so next "
          "to this program\n",
          stderr);
    return 127;
  }
  if (!put_library_first(library))
    return 127;
  const char *log = getenv("FORKSAFE_RT_LOG");
  const char *format = getenv("FORKSAFE_RT_FORMAT");
  if ((log && log[0]) || (format && strcmp(format, "json") == 0))
    return run_program(argv + 1);
  symbolizer.kind = choose_symbolizer();
  if (symbolizer.kind == SYMBOLIZER_NONE)
    return run_program(argv + 1);
  return run_and_symbolize(argv + 1);
}
