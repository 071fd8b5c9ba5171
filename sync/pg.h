/* pg.h — the province's PostgreSQL as the county's feed and the province's
 * program both reach it (libpq): connecting to an address that holds no
 * password (a password belongs in PGPASSFILE or a service file, never in
 * a command line), and a failed statement as a status that names it. */
#ifndef SYNC_PG_H
#define SYNC_PG_H

#include <libpq-fe.h>

#include "core/status.h"

/* Connects to url (a libpq URI or key=value string). DS_EUSAGE naming
 * where when it holds a password; DS_EUNREACH with libpq's reason when
 * the server cannot be reached or refuses us. The session speaks UTF-8
 * (whatever PGCLIENTENCODING says), its time zone is UTC and its messages
 * terse. */
ds_status sync_pg_connect(const char *url, const char *where, PGconn **out,
                          ds_error *err);
/* Whether res is what a statement should give (tuples or a command
 * done); otherwise fills err (DS_ESYSTEM, naming what with the server's
 * first line) and clears res. */
ds_status sync_pg_ok(PGresult **res, const char *what, ds_error *err);
/* Runs sql with no parameters and no rows wanted. */
ds_status sync_pg_exec(PGconn *c, const char *sql, const char *what, ds_error *err);
/* The hex of bytes as PostgreSQL's bytea text ("\x" and hex): out needs
 * 2 * n + 3 bytes. */
void sync_pg_bytea(char *out, const unsigned char *b, size_t n);
/* A bytea's text back into exactly n bytes. */
int sync_pg_unbytea(unsigned char *out, size_t n, const char *text);

#endif
