/* office.c — the office accounts and the office log in the county's store
 * (office.h): every row written with its MAC, read through the checking
 * views (rowauth.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "store/office.h"

#define USER_COLS "name, role, hash, created, disabled"
#define LOG_COLS "seq, at, user, peer, kind, what, outcome"

static void copy(char *out, size_t len, const unsigned char *t)
{
	snprintf(out, len, "%s", t ? (const char *)t : "");
}

static void row_user(sqlite3_stmt *q, store_office_user *u)
{
	memset(u, 0, sizeof(*u));
	copy(u->name, sizeof(u->name), sqlite3_column_text(q, 0));
	copy(u->role, sizeof(u->role), sqlite3_column_text(q, 1));
	u->created_ms = sqlite3_column_int64(q, 3);
	u->disabled_ms = sqlite3_column_int64(q, 4);
}

ds_status store_office_user_get(ds_store *s, const char *name,
                                store_office_user *u,
                                char hash[STORE_OFFICE_HASH_MAX], bool *found,
                                ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*found = false;
	if ((st = store_prep(s, "SELECT " USER_COLS " FROM office_user WHERE name = ?",
	                     &q, err)))
		return st;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		row_user(q, u);
		if (hash)
			copy(hash, STORE_OFFICE_HASH_MAX, sqlite3_column_text(q, 2));
		*found = true;
	}
	return store_done(s, q, rc, err);
}

ds_status store_office_user_add(ds_store *s, const store_office_user *u,
                                const char *hash, ds_error *err)
{
	store_office_user have;
	sqlite3_stmt *q;
	bool found;
	ds_status st;
	if ((st = store_office_user_get(s, u->name, &have, NULL, &found, err)))
		return st;
	if (found)
		return ds_fail(err, DS_EINPUT, "name", N_("there is an office account of that name already"));
	if ((st = store_prep(s, "INSERT INTO main.office_user(" USER_COLS ", mac)"
	                        " VALUES (?1,?2,?3,?4,NULL,"
	                        " ds_mac('office_user', ?1,?2,?3,?4,NULL))", &q, err)))
		return st;
	sqlite3_bind_text(q, 1, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, u->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, u->created_ms ? u->created_ms : (int64_t)store_now_ms());
	return store_done(s, q, sqlite3_step(q), err);
}

ds_status store_office_user_list(ds_store *s, store_office_user **list,
                                 size_t *n, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*list = NULL;
	*n = 0;
	if ((st = store_prep(s, "SELECT " USER_COLS " FROM office_user ORDER BY name",
	                     &q, err)))
		return st;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_office_user *nl = realloc(*list, (*n + 1) * sizeof(**list));
		if (!nl) {
			sqlite3_finalize(q);
			free(*list);
			*list = NULL;
			*n = 0;
			return ds_fail(err, DS_ESYSTEM, "office_user", N_("out of memory"));
		}
		*list = nl;
		row_user(q, &nl[(*n)++]);
	}
	if ((st = store_done(s, q, rc, err))) {
		free(*list);
		*list = NULL;
		*n = 0;
	}
	return st;
}

/* Rewrites an account's row with a new hash or disabled time. */
static ds_status user_put(ds_store *s, const char *name, const char *hash,
                          bool disable, ds_error *err)
{
	store_office_user u;
	char old[STORE_OFFICE_HASH_MAX];
	sqlite3_stmt *q;
	bool found;
	ds_status st;
	if ((st = store_office_user_get(s, name, &u, old, &found, err)))
		return st;
	if (!found)
		return ds_fail(err, DS_EINPUT, "name", N_("there is no office account of that name"));
	if (disable && u.disabled_ms)
		return DS_OK;
	if (disable)
		u.disabled_ms = (int64_t)store_now_ms();
	if ((st = store_prep(s, "UPDATE main.office_user SET hash = ?2, disabled = ?3,"
	                        " mac = ds_mac('office_user', name, role, ?2, created, ?3)"
	                        " WHERE name = ?1", &q, err)))
		return st;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, hash ? hash : old, -1, SQLITE_TRANSIENT);
	if (u.disabled_ms)
		sqlite3_bind_int64(q, 3, u.disabled_ms);
	else
		sqlite3_bind_null(q, 3);
	return store_done(s, q, sqlite3_step(q), err);
}

ds_status store_office_user_passwd(ds_store *s, const char *name,
                                   const char *hash, ds_error *err)
{
	return user_put(s, name, hash, false, err);
}

ds_status store_office_user_disable(ds_store *s, const char *name,
                                    ds_error *err)
{
	return user_put(s, name, NULL, true, err);
}

ds_status store_office_log_add(ds_store *s, store_office_log *e, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	if (!e->at_ms)
		e->at_ms = (int64_t)store_now_ms();
	if ((st = store_prep(s, "SELECT COALESCE(MAX(seq), 0) + 1 FROM main.office_log", &q, err)))
		return st;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		e->seq = sqlite3_column_int64(q, 0);
	if ((st = store_done(s, q, rc, err)))
		return st;
	if ((st = store_prep(s, "INSERT INTO main.office_log(" LOG_COLS ", mac)"
	                        " VALUES (?1,?2,?3,?4,?5,?6,?7,"
	                        " ds_mac('office_log', ?1,?2,?3,?4,?5,?6,?7))", &q, err)))
		return st;
	sqlite3_bind_int64(q, 1, e->seq);
	sqlite3_bind_int64(q, 2, e->at_ms);
	sqlite3_bind_text(q, 3, e->user[0] ? e->user : "-", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, e->peer, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, e->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, e->what, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, e->outcome, -1, SQLITE_STATIC);
	return store_done(s, q, sqlite3_step(q), err);
}

ds_status store_office_log_list(ds_store *s, const store_office_log_filter *f,
                                store_office_log **list, size_t *n,
                                ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	size_t limit = f && f->limit ? f->limit : 1000;
	*list = NULL;
	*n = 0;
	if ((st = store_prep(s, "SELECT " LOG_COLS " FROM office_log"
	                        " WHERE (?1 IS NULL OR user = ?1) AND (?2 IS NULL OR kind = ?2)"
	                        " AND (?3 = 0 OR at >= ?3) AND (?4 = 0 OR at < ?4)"
	                        " ORDER BY seq DESC LIMIT ?5", &q, err)))
		return st;
	if (f && f->user && *f->user)
		sqlite3_bind_text(q, 1, f->user, -1, SQLITE_STATIC);
	if (f && f->kind && *f->kind)
		sqlite3_bind_text(q, 2, f->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, f ? f->from_ms : 0);
	sqlite3_bind_int64(q, 4, f ? f->to_ms : 0);
	sqlite3_bind_int64(q, 5, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_office_log *nl = realloc(*list, (*n + 1) * sizeof(**list)), *e;
		if (!nl) {
			sqlite3_finalize(q);
			free(*list);
			*list = NULL;
			*n = 0;
			return ds_fail(err, DS_ESYSTEM, "office_log", N_("out of memory"));
		}
		*list = nl;
		e = &nl[(*n)++];
		memset(e, 0, sizeof(*e));
		e->seq = sqlite3_column_int64(q, 0);
		e->at_ms = sqlite3_column_int64(q, 1);
		copy(e->user, sizeof(e->user), sqlite3_column_text(q, 2));
		copy(e->peer, sizeof(e->peer), sqlite3_column_text(q, 3));
		copy(e->kind, sizeof(e->kind), sqlite3_column_text(q, 4));
		copy(e->what, sizeof(e->what), sqlite3_column_text(q, 5));
		copy(e->outcome, sizeof(e->outcome), sqlite3_column_text(q, 6));
	}
	if ((st = store_done(s, q, rc, err))) {
		free(*list);
		*list = NULL;
		*n = 0;
	}
	return st;
}
