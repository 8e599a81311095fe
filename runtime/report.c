/* Reports: formatted into a stack buffer, written with one write(2), so that
 * the lines of two processes never mix and nothing allocates.
 *
 * text:  forksafe-rt: warning: pid 42: <message> [forksafe-<check>]
 *        forksafe-rt: note: pid 42: called from
 *            #0 /path/prog+0x1234
 * json:  {"tool":"forksafe-rt","check":"...","pid":42,...} on one line
 */
#include "rt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const rt_check_names[] = {
    [RT_CHECK_FORK_IN_THREAD] = "fork-in-thread",
    [RT_CHECK_FORK_WITH_THREADS] = "fork-with-threads",
    [RT_CHECK_CHILD_THREAD_NOT_JOINED] = "child-thread-not-joined",
    [RT_CHECK_EXIT_IN_CHILD] = "exit-in-child",
    [RT_CHECK_UNSAFE_CALL_IN_CHILD] = "unsafe-call-in-child",
    [RT_CHECK_FORK_WITH_UNFLUSHED_STDIO] = "fork-with-unflushed-stdio",
    [RT_CHECK_EXEC_WITH_INHERITED_SIGNALS] = "exec-with-inherited-signals",
};

/* ---- the buffer ----------------------------------------------------------- */

/* The text stays terminated: a buffer of cap bytes holds cap - 1. */
static void rt_putn(struct rt_buf *b, const char *s, size_t n) {
  if (n > b->cap - 1 - b->len)
    n = b->cap - 1 - b->len;
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}

void rt_put(struct rt_buf *b, const char *s) { rt_putn(b, s, strlen(s)); }

void rt_put_dec(struct rt_buf *b, long v) {
  char digits[24];
  int i = sizeof digits;
  unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
  do
    digits[--i] = (char)('0' + u % 10);
  while (u /= 10);
  if (v < 0)
    digits[--i] = '-';
  rt_putn(b, digits + i, sizeof digits - i);
}

void rt_put_hex(struct rt_buf *b, uintptr_t v) {
  char digits[2 + 2 * sizeof v];
  int i = sizeof digits;
  do
    digits[--i] = "0123456789abcdef"[v & 15];
  while (v >>= 4);
  digits[--i] = 'x';
  digits[--i] = '0';
  rt_putn(b, digits + i, sizeof digits - i);
}

void rt_put_json(struct rt_buf *b, const char *s) {
  rt_putn(b, "\"", 1);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      char escaped[2] = {'\\', (char)c};
      rt_putn(b, escaped, 2);
    } else if (c < 0x20) {
      char escaped[6] = {'\\', 'u', '0', '0', "0123456789abcdef"[c >> 4],
                         "0123456789abcdef"[c & 15]};
      rt_putn(b, escaped, 6);
    } else {
      rt_putn(b, (const char *)&c, 1);
    }
  }
  rt_putn(b, "\"", 1);
}

/* ---- the two formats ------------------------------------------------------ */

/* What the closing of a record needs, kept free while frames are added. */
#define RT_RESERVE 64

static void rt_put_json_frames(struct rt_buf *b, const char *key,
                               const uintptr_t *frames, int n) {
  rt_put(b, ",\"");
  rt_put(b, key);
  rt_put(b, "\":[");
  for (int i = 0; i < n; i++) {
    char frame[512];
    struct rt_buf f = {frame, 0, sizeof frame};
    rt_put_frame(&f, frames[i]);
    /* Escaped, a character takes at most six. */
    if (b->cap - b->len < 6 * f.len + 8 + RT_RESERVE)
      break;
    if (i)
      rt_put(b, ",");
    rt_put_json(b, frame);
  }
  rt_put(b, "]");
}

/* Whether the report says where the fork was: the fork's own report, or
 * one made in its child that says so. */
static int rt_shows_fork(const struct rt_report *r) {
  return r->fork && (r->with_fork_frames || r->frames == r->fork->frames);
}

/* Calls put for each line of a text of Python frames, while it fits. */
static void rt_put_python_lines(struct rt_buf *b, const char *text,
                                void (*put)(struct rt_buf *, const char *,
                                            int first)) {
  char line[512];
  int first = 1;
  while (*text) {
    size_t n = 0;
    while (text[n] && text[n] != '\n' && n + 1 < sizeof line) {
      line[n] = text[n];
      n++;
    }
    line[n] = '\0';
    text += n;
    while (*text && *text != '\n')
      text++;
    if (*text)
      text++;
    if (b->cap - b->len < 6 * n + 16 + RT_RESERVE)
      return;
    put(b, line, first);
    first = 0;
  }
}

static void rt_put_json_python_line(struct rt_buf *b, const char *line,
                                    int first) {
  if (!first)
    rt_put(b, ",");
  rt_put_json(b, line);
}

static void rt_put_text_python_line(struct rt_buf *b, const char *line,
                                    int first) {
  (void)first;
  rt_put(b, "    ");
  rt_put(b, line);
  rt_put(b, "\n");
}

static void rt_format_json(struct rt_buf *b, const struct rt_report *r,
                           pid_t pid, const char *python_here) {
  rt_put(b, "{\"tool\":\"forksafe-rt\",\"check\":\"");
  rt_put(b, rt_check_names[r->check]);
  rt_put(b, "\",\"pid\":");
  rt_put_dec(b, pid);
  rt_put(b, ",\"message\":");
  rt_put_json(b, r->message);
  if (r->function) {
    rt_put(b, ",\"function\":");
    rt_put_json(b, r->function);
  }
  if (r->threads_running >= 0) {
    rt_put(b, ",\"threads_running\":");
    rt_put_dec(b, r->threads_running);
  }
  if (r->fork) {
    rt_put(b, ",\"fork\":{\"function\":\"");
    rt_put(b, rt_fn_names[r->fork->fn]);
    rt_put(b, "\",\"parent_pid\":");
    rt_put_dec(b, r->fork->parent_pid);
    rt_put(b, ",\"threads\":");
    rt_put_dec(b, r->fork->threads);
    rt_put(b, ",\"main_thread\":");
    rt_put(b, r->fork->on_main_thread ? "true" : "false");
    rt_put(b, "}");
  }
  rt_put_json_frames(b, "backtrace", r->frames, r->nframes);
  if (r->with_fork_frames && r->fork)
    rt_put_json_frames(b, "fork_backtrace", r->fork->frames,
                       r->fork->nframes);
  if (rt_shows_fork(r) && r->fork->python[0]) {
    rt_put(b, ",\"fork_python_frames\":[");
    rt_put_python_lines(b, r->fork->python, rt_put_json_python_line);
    rt_put(b, "]");
  }
  if (python_here[0]) {
    rt_put(b, ",\"python_frames\":[");
    rt_put_python_lines(b, python_here, rt_put_json_python_line);
    rt_put(b, "]");
  }
  rt_put(b, "}\n");
}

static void rt_put_note(struct rt_buf *b, pid_t pid, const char *text) {
  rt_put(b, "forksafe-rt: note: pid ");
  rt_put_dec(b, pid);
  rt_put(b, ": ");
  rt_put(b, text);
  rt_put(b, "\n");
}

static void rt_put_text_frames(struct rt_buf *b, const uintptr_t *frames,
                               int n) {
  for (int i = 0; i < n; i++) {
    if (b->cap - b->len < 512 + RT_RESERVE)
      break;
    rt_put(b, "    #");
    rt_put_dec(b, i);
    rt_put(b, " ");
    rt_put_frame(b, frames[i]);
    rt_put(b, "\n");
  }
}

static void rt_format_text(struct rt_buf *b, const struct rt_report *r,
                           pid_t pid, const char *python_here) {
  rt_put(b, "forksafe-rt: warning: pid ");
  rt_put_dec(b, pid);
  rt_put(b, ": ");
  rt_put(b, r->message);
  rt_put(b, " [forksafe-");
  rt_put(b, rt_check_names[r->check]);
  rt_put(b, "]\n");
  if (r->nframes > 0) {
    rt_put_note(b, pid, r->check <= RT_CHECK_FORK_WITH_THREADS
                            ? "the fork was called from"
                            : "called from");
    rt_put_text_frames(b, r->frames, r->nframes);
  }
  if (r->with_fork_frames && r->fork && r->fork->nframes > 0) {
    char text[64];
    struct rt_buf t = {text, 0, sizeof text};
    rt_put(&t, "the fork, in pid ");
    rt_put_dec(&t, r->fork->parent_pid);
    rt_put(&t, ", was called from");
    rt_put_note(b, pid, text);
    rt_put_text_frames(b, r->fork->frames, r->fork->nframes);
  }
  if (rt_shows_fork(r) && r->fork->python[0]) {
    rt_put_note(b, pid, "in Python, the fork was called from");
    rt_put_python_lines(b, r->fork->python, rt_put_text_python_line);
  }
  if (python_here[0]) {
    rt_put_note(b, pid, "in Python, this child was at");
    rt_put_python_lines(b, python_here, rt_put_text_python_line);
  }
}

/* ---- writing -------------------------------------------------------------- */

/* Whether all of data was written; errno says why not. */
static int rt_write_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return 0;
    data += n;
    len -= (size_t)n;
  }
  return 1;
}

/* strerror's text for the errors a log file meets (strerror itself may
 * translate, which is no business of a fork child). */
static const char *rt_error_text(int error) {
  switch (error) {
  case ENOENT:
    return "No such file or directory";
  case EACCES:
    return "Permission denied";
  case EISDIR:
    return "Is a directory";
  case ENOTDIR:
    return "Not a directory";
  case EROFS:
    return "Read-only file system";
  case ENOSPC:
    return "No space left on device";
  case EDQUOT:
    return "Disk quota exceeded";
  case EFBIG:
    return "File too large";
  default:
    return "cannot be written";
  }
}

static void rt_say_log_failure(int error) {
  if (!rt_first_log_failure())
    return;
  char text[4096 + 256];
  struct rt_buf b = {text, 0, sizeof text};
  rt_put(&b, "forksafe-rt: warning: cannot write the reports to "
             "FORKSAFE_RT_LOG '");
  rt_put(&b, rt_config.log_path);
  rt_put(&b, "': ");
  rt_put(&b, rt_error_text(error));
  rt_put(&b, "; writing them to stderr\n");
  rt_write_all(2, text, b.len);
}

/* The log is opened for each report, never kept open: a program that
 * closes every descriptor, or reuses the number, is not written into by
 * mistake. A report the log cannot take goes to stderr, whole. */
static void rt_emit(const char *data, size_t len) {
  if (rt_config.log_path[0]) {
    int fd = open(rt_config.log_path,
                  O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    int written = fd >= 0 && rt_write_all(fd, data, len);
    int error = errno;
    if (fd >= 0)
      close(fd);
    if (written)
      return;
    rt_say_log_failure(error);
  }
  rt_write_all(2, data, len);
}

void rt_report(const struct rt_report *r) {
  int saved_errno = errno;
  pid_t pid = getpid();
  char data[8192];
  /* Frames are added while RT_RESERVE bytes remain free: the closing
   * always fits, and a record is never cut. */
  struct rt_buf b = {data, 0, sizeof data};
  /* A fork child of a CPython program: where in Python it made the call. */
  char python_here[RT_PYTHON_TEXT];
  python_here[0] = '\0';
  if (rt_in_child())
    rt_python_child_frames(python_here, sizeof python_here);
  /* Still in the call that forked: the fork's frames say it. */
  if (r->fork && !strcmp(python_here, r->fork->python))
    python_here[0] = '\0';
  if (rt_config.json) {
    rt_format_json(&b, r, pid, python_here);
  } else {
    rt_format_text(&b, r, pid, python_here);
  }
  rt_emit(data, b.len);
  rt_count_report();
  if (rt_config.abort_on_report)
    abort();
  errno = saved_errno;
}
