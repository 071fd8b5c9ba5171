/* schema.c — the file's schema is the one this program made: no table,
 * index, view or trigger added, none missing, none altered. Checked at
 * every open before anything runs (a trigger added to the file would run
 * inside doorstep's own writes), and by audit verify; `store rebuild`
 * drops what is foreign and makes the case-file tables afresh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

typedef struct {
	char *type, *name, *tbl, *sql; /* sql normalised */
} object;

typedef struct {
	object *o;
	size_t n;
} objects;

static void objects_free(objects *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->o[i].type);
		free(l->o[i].name);
		free(l->o[i].tbl);
		free(l->o[i].sql);
	}
	free(l->o);
	memset(l, 0, sizeof(*l));
}

/* The statement's text without quotes and with runs of white space as one
 * space: SQLite quotes a renamed table's name, and versions of SQLite
 * have written that differently. */
static char *normalise(const char *sql)
{
	size_t n = sql ? strlen(sql) : 0, o = 0;
	char *out = malloc(n + 1);
	bool space = false;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = sql[i];
		if (c == '"' || c == '`' || c == '[' || c == ']')
			continue;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = true;
			continue;
		}
		if (space && o)
			out[o++] = ' ';
		space = false;
		out[o++] = c;
	}
	out[o] = '\0';
	return out;
}

static char *dup(const unsigned char *t)
{
	return strdup(t ? (const char *)t : "");
}

static int read_objects(sqlite3 *db, objects *l)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(db,
	                            "SELECT type, name, tbl_name, sql FROM main.sqlite_master"
	                            " ORDER BY type, name",
	                            -1, &q, NULL);
	memset(l, 0, sizeof(*l));
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		object *no = realloc(l->o, (l->n + 1) * sizeof(*no)), *o;
		if (!no) {
			rc = SQLITE_NOMEM;
			break;
		}
		l->o = no;
		o = &l->o[l->n++];
		o->type = dup(sqlite3_column_text(q, 0));
		o->name = dup(sqlite3_column_text(q, 1));
		o->tbl = dup(sqlite3_column_text(q, 2));
		o->sql = normalise((const char *)sqlite3_column_text(q, 3));
		if (!o->type || !o->name || !o->tbl || !o->sql) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The schema this program makes at version: the migrations run on a
 * database in memory. */
static int expected(int64_t version, objects *l)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(":memory:", &db,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL);
	memset(l, 0, sizeof(*l));
	for (int64_t v = 0; rc == SQLITE_OK && v < version &&
	                    (size_t)v < store_n_migrations; v++)
		rc = sqlite3_exec(db, store_migrations[v], NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = read_objects(db, l);
	sqlite3_close(db);
	return rc;
}

static int cmp_object(const object *a, const object *b)
{
	int c = strcmp(a->type, b->type);
	return c ? c : strcmp(a->name, b->name);
}

typedef enum { D_NONE, D_FOREIGN, D_MISSING, D_ALTERED } diff_kind;

/* The first difference between have and want (both sorted), from *i, *j. */
static diff_kind next_diff(const objects *have, const objects *want, size_t *i,
                           size_t *j, const object **which)
{
	while (*i < have->n || *j < want->n) {
		int c = *i >= have->n   ? 1
		        : *j >= want->n ? -1
		                        : cmp_object(&have->o[*i], &want->o[*j]);
		if (c < 0) {
			*which = &have->o[(*i)++];
			return D_FOREIGN;
		}
		if (c > 0) {
			*which = &want->o[(*j)++];
			return D_MISSING;
		}
		if (strcmp(have->o[*i].sql, want->o[*j].sql) ||
		    strcmp(have->o[*i].tbl, want->o[*j].tbl)) {
			*which = &have->o[*i];
			(*i)++, (*j)++;
			return D_ALTERED;
		}
		(*i)++, (*j)++;
	}
	return D_NONE;
}

static ds_status report(ds_error *err, diff_kind k, const object *o)
{
	char where[160];
	snprintf(where, sizeof(where), "schema: %s %.100s", o->type, o->name);
	switch (k) {
	case D_FOREIGN:
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("doorstep did not make it: something was added to the store without the key; doorstep store rebuild removes it"));
	case D_MISSING:
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("it is missing from the store; doorstep store rebuild makes it again"));
	default:
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("it was altered without the key; doorstep store rebuild restores the case-file tables, other tables need a backup"));
	}
}

ds_status store_schema_check(sqlite3 *db, int64_t version, const char *dir,
                             ds_error *err)
{
	objects have, want;
	size_t i = 0, j = 0;
	const object *which = NULL;
	diff_kind k;
	int rc = read_objects(db, &have);
	ds_status st = DS_OK;
	if (rc != SQLITE_OK) {
		objects_free(&have);
		return ds_fail(err, rc == SQLITE_NOMEM ? DS_ESYSTEM : DS_EDAMAGED, dir,
		               N_("the store's schema cannot be read: %s"),
		               sqlite3_errstr(rc));
	}
	if ((rc = expected(version, &want)) != SQLITE_OK) {
		objects_free(&have);
		objects_free(&want);
		return ds_fail(err, DS_ESYSTEM, dir, N_("out of memory"));
	}
	if ((k = next_diff(&have, &want, &i, &j, &which)) != D_NONE)
		st = report(err, k, which);
	objects_free(&have);
	objects_free(&want);
	return st;
}

static bool rebuilt_table(const char *name)
{
	for (size_t i = 0; i < store_n_tables; i++)
		if (!strcmp(store_tables[i].name, name))
			return store_tables[i].projection;
	return false;
}

static const object *find(const objects *l, const char *type, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->o[i].type, type) && !strcmp(l->o[i].name, name))
			return &l->o[i];
	return NULL;
}

/* The original statement of an expected object (normalised text is not
 * meant to be run, though it would be: run the migration's own). */
static ds_status make(ds_store *s, const object *o, ds_error *err)
{
	char sql[4096];
	snprintf(sql, sizeof(sql), "%s", o->sql);
	/* names in the statement were unquoted by normalise(); every name
	 * doorstep uses is a plain identifier, so the text runs as it is */
	return store_exec(s, sql, err);
}

ds_status store_schema_repair(ds_store *s, int64_t version, int *repaired,
                              ds_error *err)
{
	objects have, want;
	size_t i = 0, j = 0;
	const object *which;
	diff_kind k;
	ds_status st = DS_OK;
	int rc;
	*repaired = 0;
	if ((rc = read_objects(s->db, &have)) != SQLITE_OK ||
	    (rc = expected(version, &want)) != SQLITE_OK) {
		objects_free(&have);
		return ds_fail(err, DS_ESYSTEM, s->dir, N_("out of memory"));
	}
	/* first everything foreign goes (a trigger must not run inside the
	 * repair), then what is missing or altered is made */
	while (!st && (k = next_diff(&have, &want, &i, &j, &which)) != D_NONE) {
		char sql[300];
		if (k != D_FOREIGN)
			continue;
		if (!strncmp(which->name, "sqlite_", 7) &&
		    strcmp(which->type, "table")) {
			st = report(err, k, which); /* an internal index: not ours to drop */
			break;
		}
		snprintf(sql, sizeof(sql), "DROP %s IF EXISTS main.\"%s\"",
		         !strcmp(which->type, "table")   ? "TABLE"
		         : !strcmp(which->type, "index") ? "INDEX"
		         : !strcmp(which->type, "view")  ? "VIEW"
		                                         : "TRIGGER",
		         which->name);
		if (strchr(which->name, '"'))
			st = report(err, k, which);
		else if (!(st = store_exec(s, sql, err)))
			(*repaired)++;
	}
	/* then the tables: one the log rebuilds is made afresh */
	for (i = j = 0; !st && (k = next_diff(&have, &want, &i, &j, &which)) != D_NONE;) {
		char sql[300];
		const object *w;
		if (k == D_FOREIGN || strcmp(which->type, "table"))
			continue;
		if (!rebuilt_table(which->name)) {
			st = report(err, k, which);
			break;
		}
		w = find(&want, "table", which->name);
		if (k == D_ALTERED) {
			snprintf(sql, sizeof(sql), "DROP TABLE main.%s", which->name);
			if ((st = store_exec(s, sql, err)))
				break;
		}
		if (w && !(st = make(s, w, err)))
			(*repaired)++;
	}
	/* then, the tables as they should be, their indexes */
	if (!st) {
		objects_free(&have);
		if (read_objects(s->db, &have) != SQLITE_OK)
			st = ds_fail(err, DS_ESYSTEM, s->dir, N_("out of memory"));
	}
	for (i = j = 0; !st && (k = next_diff(&have, &want, &i, &j, &which)) != D_NONE;) {
		char sql[300];
		const object *w;
		if (k == D_FOREIGN)
			continue;
		if (!strcmp(which->type, "table") || !(w = find(&want, which->type, which->name)) ||
		    !w->sql[0]) {
			st = report(err, k, which);
			break;
		}
		if (k == D_ALTERED) {
			snprintf(sql, sizeof(sql), "DROP INDEX main.%s", which->name);
			if ((st = store_exec(s, sql, err)))
				break;
		}
		if (!(st = make(s, w, err)))
			(*repaired)++;
	}
	objects_free(&have);
	objects_free(&want);
	if (!st && *repaired)
		st = store_schema_check(s->db, version, s->dir, err);
	return st;
}
