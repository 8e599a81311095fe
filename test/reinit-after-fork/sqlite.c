// SQLite: a connection (or a statement of one) opened before fork() must
// not be used in the child at all; there is no re-init, so no fix-it.
// REQUIRES: sqlite3
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note -DONE_MORE_FUNCTION %s
// RUN: %forksafe_cc -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s --implicit-check-not=fix-it:

#include <sqlite3.h>
#include <unistd.h>

void carried(const char *path) {
  sqlite3 *db;
  sqlite3_stmt *stmt;
  sqlite3_open(path, &db);
  sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, NULL);
  if (fork() == 0) {
    sqlite3_exec(db, "DELETE FROM jobs", NULL, NULL, NULL); // expected-warning {{call to 'sqlite3_exec' in the child uses the SQLite connection 'db' from before the fork; an SQLite connection must not be carried across fork(); open a new connection in the child [forksafe-reinit-after-fork]}}
    sqlite3_step(stmt); // expected-warning {{call to 'sqlite3_step' in the child uses the SQLite statement 'stmt' from before the fork; a statement belongs to a connection that must not be carried across fork(); prepare it again on a connection the child opens}}
    _exit(0);
  }
  sqlite3_close(db);
}
// CHECK: note: it is created here, before the fork

// The child's own connection is fine.
void own_connection(const char *path) {
  if (fork() == 0) {
    sqlite3 *mine;
    sqlite3_open(path, &mine);
    sqlite3_exec(mine, "SELECT 1", NULL, NULL, NULL);
    sqlite3_close(mine);
    _exit(0);
  }
}

// A child that execs at once uses nothing.
void exec_only(const char *path, char **argv) {
  sqlite3 *db;
  sqlite3_open(path, &db);
  if (fork() == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
  sqlite3_close(db);
}

// Through functions that call each other: the chain stops where it would go
// round, whatever else the unit holds (it went round as many times as the
// unit had functions).
void walk_a(sqlite3 *db, int depth);
void walk_b(sqlite3 *db, int depth) {
  if (depth)
    walk_a(db, depth - 1);
}
void walk_a(sqlite3 *db, int depth) {
  walk_b(db, depth);
  sqlite3_exec(db, "SELECT 1", NULL, NULL, NULL);
}
void recursive_helpers(sqlite3 *db) {
  if (fork() == 0) {
    walk_a(db, 3); // expected-warning {{call to 'walk_a' in the child reaches 'walk_b', which uses the SQLite connection from before the fork}}
    _exit(0);
  }
}
#ifdef ONE_MORE_FUNCTION
void serve(sqlite3 *db) { recursive_helpers(db); }
#endif
