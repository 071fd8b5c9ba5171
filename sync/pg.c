/* pg.c — reaching the province's PostgreSQL (see pg.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/crypto.h"
#include "sync/pg.h"

/* libpq's message up to its first line's end, into out. */
static void first_line(char *out, size_t len, const char *msg)
{
	size_t n = msg ? strcspn(msg, "\n") : 0;
	if (n >= len)
		n = len - 1;
	memcpy(out, msg ? msg : "", n);
	out[n] = '\0';
	if (!n)
		snprintf(out, len, "%s", "?");
}

ds_status sync_pg_connect(const char *url, const char *where, PGconn **out,
                          ds_error *err)
{
	PQconninfoOption *opts;
	char *perr = NULL, line[256];
	PGconn *c;
	*out = NULL;
	if (!(opts = PQconninfoParse(url, &perr))) {
		first_line(line, sizeof(line), perr);
		PQfreemem(perr);
		return ds_fail(err, DS_EUSAGE, where, N_("is not a database address: %s"), line);
	}
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (!strcmp(o->keyword, "password") && o->val && *o->val) {
			PQconninfoFree(opts);
			return ds_fail(err, DS_EUSAGE, where,
			               N_("holds a password: put it in a password file (PGPASSFILE) or a service file instead"));
		}
	PQconninfoFree(opts);
	c = PQconnectdb(url);
	if (!c)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	if (PQstatus(c) != CONNECTION_OK) {
		first_line(line, sizeof(line), PQerrorMessage(c));
		PQfinish(c);
		return ds_fail(err, DS_EUNREACH, where,
		               N_("the province's database cannot be reached: %s"), line);
	}
	PQsetErrorVerbosity(c, PQERRORS_TERSE);
	{
		/* UTF-8 whatever PGCLIENTENCODING says: the records' fields are
		 * hashed as the bytes sent and read back */
		PGresult *r = PQexec(c, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"
		                        " SET client_min_messages = warning");
		ds_status st = sync_pg_ok(&r, "SET", err);
		PQclear(r);
		if (st) {
			PQfinish(c);
			return st;
		}
	}
	*out = c;
	return DS_OK;
}

ds_status sync_pg_ok(PGresult **res, const char *what, ds_error *err)
{
	ExecStatusType t = *res ? PQresultStatus(*res) : PGRES_FATAL_ERROR;
	char line[256];
	if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK || t == PGRES_COPY_IN)
		return DS_OK;
	first_line(line, sizeof(line), *res ? PQresultErrorMessage(*res) : NULL);
	PQclear(*res);
	*res = NULL;
	return ds_fail(err, DS_ESYSTEM, what, N_("the province's database refused it: %s"), line);
}

ds_status sync_pg_exec(PGconn *c, const char *sql, const char *what, ds_error *err)
{
	PGresult *r = PQexec(c, sql);
	ds_status st = sync_pg_ok(&r, what, err);
	PQclear(r);
	return st;
}

void sync_pg_bytea(char *out, const unsigned char *b, size_t n)
{
	out[0] = '\\';
	out[1] = 'x';
	store_hex(out + 2, b, n);
}

int sync_pg_unbytea(unsigned char *out, size_t n, const char *text)
{
	return text && text[0] == '\\' && text[1] == 'x' && strlen(text + 2) == 2 * n &&
	       store_unhex(out, n, text + 2);
}
