/* A backup child that uploads in a background thread while it compresses,
 * then exits: the upload is killed mid-transfer.
 *
 *   forksafe: child-thread-not-joined (with a fix-it that joins the thread)
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void *upload(void *path) {
  sleep(5); /* ... send the archive somewhere: it takes a while ... */
  return path;
}

static void compress(const char *path) { (void)path; }

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "backup.tar";
  pid_t pid = fork();
  if (pid == 0) {
    pthread_t uploader;
    pthread_create(&uploader, NULL, upload, (void *)path);
    compress(path);
    _exit(0);
  }
  waitpid(pid, NULL, 0);
  return 0;
}
