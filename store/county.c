/* county.c — the county server's bookkeeping (county.h): enrolled devices
 * and the bundles held aside. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "store/county.h"
#include "store/internal.h"

static void blob(sqlite3_stmt *q, int col, unsigned char *out, size_t n)
{
	if ((size_t)sqlite3_column_bytes(q, col) == n)
		memcpy(out, sqlite3_column_blob(q, col), n);
	else
		memset(out, 0, n);
}

static void text(sqlite3_stmt *q, int col, char *out, size_t n)
{
	const char *t = (const char *)sqlite3_column_text(q, col);
	snprintf(out, n, "%s", t ? t : "");
}

#define CDEV_COLS "device, user, role, area, sign_pk, box_pk, enrolled, revoked"

static void row_cdev(sqlite3_stmt *q, store_cdev *d)
{
	memset(d, 0, sizeof(*d));
	blob(q, 0, d->device, STORE_DEVICE_BYTES);
	text(q, 1, d->user, sizeof(d->user));
	text(q, 2, d->role, sizeof(d->role));
	text(q, 3, d->area, sizeof(d->area));
	blob(q, 4, d->sign_pk, STORE_SIGN_PK_BYTES);
	blob(q, 5, d->box_pk, STORE_BOX_PK_BYTES);
	d->enrolled_ms = sqlite3_column_int64(q, 6);
	d->revoked_ms = sqlite3_column_int64(q, 7);
}

/* A person on an enrolled laptop, with a role; *already when they are
 * there with that role. */
static ds_status member_put(ds_store *s, const unsigned char *device,
                            const char *user, const char *role, bool *already,
                            ds_error *err)
{
	char have[16];
	bool found;
	sqlite3_stmt *q;
	ds_status st;
	*already = false;
	if ((st = store_cmember_role(s, device, user, have, &found, err)))
		return st;
	if (found && !strcmp(have, role)) {
		*already = true;
		return DS_OK;
	}
	if ((st = store_prep(s, "INSERT OR REPLACE INTO main.county_member(device, user, role,"
	                        " enrolled, revoked, mac) VALUES (?1, ?2, ?3, ?4, NULL,"
	                        " ds_mac('county_member', ?1, ?2, ?3, ?4, NULL))", &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, (sqlite3_int64)store_now_ms());
	return store_done(s, q, sqlite3_step(q), err);
}

ds_status store_cdev_get(ds_store *s, const unsigned char *device,
                         store_cdev *d, bool *found, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*found = false;
	if ((st = store_prep(s, "SELECT " CDEV_COLS " FROM county_device WHERE device = ?",
	               &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		row_cdev(q, d);
		*found = true;
	}
	return store_done(s, q, rc, err);
}

ds_status store_cdev_put(ds_store *s, const store_cdev *d, bool *already,
                         ds_error *err)
{
	store_cdev have;
	sqlite3_stmt *q;
	bool found;
	ds_status st;
	*already = false;
	if ((st = store_cdev_get(s, d->device, &have, &found, err)))
		return st;
	if (found) {
		if (sodium_memcmp(have.sign_pk, d->sign_pk, STORE_SIGN_PK_BYTES) ||
		    sodium_memcmp(have.box_pk, d->box_pk, STORE_BOX_PK_BYTES))
			return ds_fail(err, DS_EINPUT, "device",
			               N_("this device is enrolled already, with other keys"));
		if (strcmp(have.area, d->area))
			return ds_fail(err, DS_EINPUT, "device",
			               N_("this device is enrolled already, for area %s"), have.area);
		/* another person on the same laptop (a township's shared one),
		 * or the same person with another role */
		return member_put(s, d->device, d->user, d->role, already, err);
	}
	if ((st = store_prep(s, "INSERT INTO main.county_device(" CDEV_COLS ", mac)"
	                  " VALUES (?1,?2,?3,?4,?5,?6,?7,NULL,"
	                  " ds_mac('county_device', ?1,?2,?3,?4,?5,?6,?7,NULL))", &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, d->device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, d->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, d->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, d->area, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 5, d->sign_pk, STORE_SIGN_PK_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(q, 6, d->box_pk, STORE_BOX_PK_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 7, (sqlite3_int64)store_now_ms());
	if ((st = store_done(s, q, sqlite3_step(q), err)))
		return st;
	s->sum_kind_known = false; /* a county's store now: no summaries */
	return member_put(s, d->device, d->user, d->role, already, err);
}

ds_status store_cmember_role(ds_store *s, const unsigned char *device,
                             const char *user, char role[16], bool *found,
                             ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*found = false;
	role[0] = '\0';
	if ((st = store_prep(s, "SELECT role FROM county_member WHERE device = ? AND user = ?"
	                        " AND revoked IS NULL", &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, user, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		text(q, 0, role, 16);
		*found = true;
	}
	return store_done(s, q, rc, err);
}

ds_status store_county_cache(ds_store *s, ds_error *err)
{
	/* a bundle of 4,000 events dirties about 8 MiB of pages (its events,
	 * its households and their index); past SQLite's default 2 MiB they
	 * are spilled to the write-ahead log before the commit and read back.
	 * Memory is taken as pages are, so an idle county holds none of it. */
	return store_exec(s, "PRAGMA cache_size = -32768", err);
}

ds_status store_cmember_list(ds_store *s, const unsigned char *device,
                             store_cmember **list, size_t *n, ds_error *err)
{
	sqlite3_stmt *q;
	store_cmember *l = NULL;
	ds_status st;
	int rc;
	*list = NULL;
	*n = 0;
	if ((st = store_prep(s, "SELECT user, role FROM county_member WHERE device = ?"
	                        " AND revoked IS NULL ORDER BY user", &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_cmember *nl = realloc(l, (*n + 1) * sizeof(*l));
		if (!nl) {
			free(l);
			sqlite3_finalize(q);
			*n = 0;
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
		l = nl;
		text(q, 0, l[*n].user, sizeof(l[*n].user));
		text(q, 1, l[*n].role, sizeof(l[*n].role));
		(*n)++;
	}
	if ((st = store_done(s, q, rc, err))) {
		free(l);
		*n = 0;
		return st;
	}
	*list = l;
	return DS_OK;
}

ds_status store_cmember_any(ds_store *s, const unsigned char *device,
                            const char *role, bool *found, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*found = false;
	if ((st = store_prep(s, "SELECT 1 FROM county_member WHERE device = ? AND role = ?"
	                        " AND revoked IS NULL", &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, role, -1, SQLITE_STATIC);
	*found = (rc = sqlite3_step(q)) == SQLITE_ROW;
	return store_done(s, q, rc, err);
}

ds_status store_cdev_revoke(ds_store *s, const unsigned char *device,
                            ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	if ((st = store_prep(s, "UPDATE main.county_device SET revoked = ?1,"
	                  " mac = ds_mac('county_device', device, user, role, area, sign_pk,"
	                  " box_pk, enrolled, ?1) WHERE device = ?2"
	                  " AND revoked IS NULL", &q, err)))
		return st;
	sqlite3_bind_int64(q, 1, (sqlite3_int64)store_now_ms());
	sqlite3_bind_blob(q, 2, device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	if ((st = store_done(s, q, sqlite3_step(q), err)))
		return st;
	return sqlite3_changes(s->db) ? DS_OK
	                              : ds_fail(err, DS_EINPUT, "device",
	                                        N_("no such device enrolled, or revoked already"));
}

ds_status store_cdev_list(ds_store *s, store_cdev **list, size_t *n,
                          ds_error *err)
{
	sqlite3_stmt *q;
	store_cdev *l = NULL;
	ds_status st;
	int rc;
	*list = NULL;
	*n = 0;
	if ((st = store_prep(s, "SELECT " CDEV_COLS " FROM county_device ORDER BY enrolled,"
	                  " user", &q, err)))
		return st;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_cdev *nl = realloc(l, (*n + 1) * sizeof(*l));
		if (!nl) {
			free(l);
			sqlite3_finalize(q);
			*n = 0;
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
		l = nl;
		row_cdev(q, &l[(*n)++]);
	}
	if ((st = store_done(s, q, rc, err))) {
		free(l);
		*n = 0;
		return st;
	}
	*list = l;
	return DS_OK;
}

/* ---- bundles held aside ------------------------------------------------------------ */

ds_status store_aside_put(ds_store *s, const store_aside *a,
                          const unsigned char *bytes, size_t len,
                          ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	if ((st = store_prep(s, "INSERT OR IGNORE INTO main.county_quarantine(hash, sender,"
	                  " epoch, number, reason, received, bundle, mac)"
	                  " VALUES (?1,?2,?3,?4,?5,?6,?7,"
	                  " ds_mac('county_quarantine', ?1,?2,?3,?4,?5,?6))", &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, a->hash, STORE_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(q, 2, a->sender, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, a->epoch);
	sqlite3_bind_int64(q, 4, a->number);
	/* "held:" marks a bundle waiting for an earlier one */
	{
		char reason[300];
		snprintf(reason, sizeof(reason), "%s%s", a->held ? "held:" : "",
		         a->reason);
		sqlite3_bind_text(q, 5, reason, -1, SQLITE_TRANSIENT);
	}
	sqlite3_bind_int64(q, 6, (sqlite3_int64)store_now_ms());
	sqlite3_bind_blob64(q, 7, bytes, len, SQLITE_STATIC);
	return store_done(s, q, sqlite3_step(q), err);
}

static void row_aside(sqlite3_stmt *q, store_aside *a)
{
	const char *r = (const char *)sqlite3_column_text(q, 4);
	memset(a, 0, sizeof(*a));
	blob(q, 0, a->hash, STORE_HASH_BYTES);
	blob(q, 1, a->sender, STORE_DEVICE_BYTES);
	a->epoch = sqlite3_column_int64(q, 2);
	a->number = sqlite3_column_int64(q, 3);
	r = r ? r : "";
	if (!strncmp(r, "held:", 5)) {
		a->held = true;
		r += 5;
	}
	snprintf(a->reason, sizeof(a->reason), "%s", r);
	a->received_ms = sqlite3_column_int64(q, 5);
}

ds_status store_aside_list(ds_store *s, store_aside **list, size_t *n,
                           ds_error *err)
{
	sqlite3_stmt *q;
	store_aside *l = NULL;
	ds_status st;
	int rc;
	*list = NULL;
	*n = 0;
	if ((st = store_prep(s, "SELECT hash, sender, epoch, number, reason, received"
	                  " FROM county_quarantine ORDER BY received, hash", &q, err)))
		return st;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_aside *nl = realloc(l, (*n + 1) * sizeof(*l));
		if (!nl) {
			free(l);
			sqlite3_finalize(q);
			*n = 0;
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
		l = nl;
		row_aside(q, &l[(*n)++]);
	}
	if ((st = store_done(s, q, rc, err))) {
		free(l);
		*n = 0;
		return st;
	}
	*list = l;
	return DS_OK;
}

ds_status store_aside_held(ds_store *s, const unsigned char *sender,
                           int64_t epoch, int64_t number,
                           unsigned char **bytes, size_t *len, bool *found,
                           ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*found = false;
	*bytes = NULL;
	*len = 0;
	if ((st = store_prep(s, "SELECT bundle, hash FROM county_quarantine WHERE sender = ?"
	                  " AND epoch = ? AND number = ? AND reason LIKE 'held:%'"
	                  " LIMIT 1", &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, sender, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, epoch);
	sqlite3_bind_int64(q, 3, number);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((st = store_blob_checked(q, 0, 1, "county_quarantine", bytes,
		                             len, err))) {
			sqlite3_finalize(q);
			return st;
		}
		*found = true;
	}
	return store_done(s, q, rc, err);
}

ds_status store_aside_drop(ds_store *s, const unsigned char hash[STORE_HASH_BYTES],
                           ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	if ((st = store_prep(s, "DELETE FROM main.county_quarantine WHERE hash = ?", &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, hash, STORE_HASH_BYTES, SQLITE_STATIC);
	return store_done(s, q, sqlite3_step(q), err);
}

ds_status store_aside_usage_of(ds_store *s, const unsigned char *sender,
                               const unsigned char hash[STORE_HASH_BYTES],
                               store_aside_usage *u, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	memset(u, 0, sizeof(*u));
	/* length() of a blob is read from the record header, not the blob */
	if ((st = store_prep(s, "SELECT count(*) FILTER (WHERE sender = ?1),"
	                  " coalesce(sum(length(bundle)) FILTER (WHERE sender = ?1), 0),"
	                  " count(*), coalesce(sum(length(bundle)), 0),"
	                  " count(*) FILTER (WHERE hash = ?2)"
	                  " FROM county_quarantine", &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, sender, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(q, 2, hash, STORE_HASH_BYTES, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		u->device_count = sqlite3_column_int64(q, 0);
		u->device_bytes = sqlite3_column_int64(q, 1);
		u->total_count = sqlite3_column_int64(q, 2);
		u->total_bytes = sqlite3_column_int64(q, 3);
		u->present = sqlite3_column_int64(q, 4) > 0;
	}
	return store_done(s, q, rc, err);
}

ds_status store_events_of(ds_store *s, const unsigned char *device,
                          int64_t *count, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*count = 0;
	if ((st = store_prep(s, "SELECT count(*) FROM event WHERE device = ?", &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*count = sqlite3_column_int64(q, 0);
	return store_done(s, q, rc, err);
}

/* ---- downlink ------------------------------------------------------------------ */

ds_status store_down_last(ds_store *s, const unsigned char *device,
                          store_down *d, bool *found, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*found = false;
	memset(d, 0, sizeof(*d));
	if ((st = store_prep(s, "SELECT number, last_seq, hash FROM county_down WHERE"
	                  " device = ? ORDER BY number DESC LIMIT 1", &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		d->number = sqlite3_column_int64(q, 0);
		d->last_seq = sqlite3_column_int64(q, 1);
		blob(q, 2, d->hash, STORE_HASH_BYTES);
		*found = true;
	}
	return store_done(s, q, rc, err);
}

ds_status store_down_get(ds_store *s, const unsigned char *device,
                         int64_t number, unsigned char **bytes, size_t *len,
                         bool *found, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*found = false;
	*bytes = NULL;
	*len = 0;
	if ((st = store_prep(s, "SELECT bundle, hash FROM county_down WHERE device = ? AND"
	                  " number = ?", &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, number);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((st = store_blob_checked(q, 0, 1, "county_down", bytes, len,
		                             err))) {
			sqlite3_finalize(q);
			return st;
		}
		*found = true;
	}
	return store_done(s, q, rc, err);
}

ds_status store_down_add(ds_store *s, const unsigned char *device,
                         const store_down *d, const unsigned char *bytes,
                         size_t len, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	if ((st = store_prep(s, "INSERT INTO main.county_down(device, number, last_seq, hash,"
	                  " made, bundle, mac) VALUES (?1,?2,?3,?4,?5,?6,"
	                  " ds_mac('county_down', ?1,?2,?3,?4,?5))", &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, d->number);
	sqlite3_bind_int64(q, 3, d->last_seq);
	sqlite3_bind_blob(q, 4, d->hash, STORE_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, (sqlite3_int64)store_now_ms());
	sqlite3_bind_blob64(q, 6, bytes, len, SQLITE_STATIC);
	return store_done(s, q, sqlite3_step(q), err);
}

/* The first column of every row of q (a statement ready to step) as a
 * list of ids (free *list); q is done with either way. */
static ds_status id_rows(ds_store *s, sqlite3_stmt *q, char (**list)[STORE_ID_BUF],
                         size_t *n, ds_error *err)
{
	char (*l)[STORE_ID_BUF] = NULL;
	ds_status st;
	int rc;
	*list = NULL;
	*n = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		char (*nl)[STORE_ID_BUF] = realloc(l, (*n + 1) * sizeof(*l));
		if (!nl) {
			free(l);
			sqlite3_finalize(q);
			*n = 0;
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
		l = nl;
		text(q, 0, l[(*n)++], STORE_ID_BUF);
	}
	if ((st = store_done(s, q, rc, err))) {
		free(l);
		*n = 0;
		return st;
	}
	*list = l;
	return DS_OK;
}

ds_status store_entities(ds_store *s, const unsigned char *device,
                         const char *kind, char (**list)[STORE_ID_BUF],
                         size_t *n, ds_error *err)
{
	return store_entities_new(s, device, kind, 0, list, n, err);
}

ds_status store_entities_new(ds_store *s, const unsigned char *device,
                             const char *kind, int64_t after_seq,
                             char (**list)[STORE_ID_BUF], size_t *n,
                             ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	*list = NULL;
	*n = 0;
	if ((st = store_prep(s, "SELECT entity FROM event WHERE entity != ''"
	                  " AND (?1 IS NULL OR device = ?1) AND (?2 IS NULL OR kind = ?2)"
	                  " GROUP BY entity HAVING MIN(seq) > ?3 ORDER BY entity", &q, err)))
		return st;
	if (device)
		sqlite3_bind_blob(q, 1, device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	if (kind)
		sqlite3_bind_text(q, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, after_seq);
	return id_rows(s, q, list, n, err);
}

ds_status store_conflicts(ds_store *s, const char *household,
                          store_conflict **list, size_t *n, ds_error *err)
{
	sqlite3_stmt *q;
	store_conflict *l = NULL;
	ds_status st;
	int rc;
	*list = NULL;
	*n = 0;
	if ((st = store_prep(s, "SELECT c.household, c.fields, c.winner, c.loser, w.author,"
	                  " w.hlc, x.author, x.hlc FROM conflict c"
	                  " JOIN event w ON w.seq = c.winner JOIN event x ON x.seq = c.loser"
	                  " WHERE ?1 IS NULL OR c.household = ?1 ORDER BY c.loser", &q, err)))
		return st;
	if (household)
		sqlite3_bind_text(q, 1, household, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_conflict *nl = realloc(l, (*n + 1) * sizeof(*l)), *c;
		if (!nl) {
			free(l);
			sqlite3_finalize(q);
			*n = 0;
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
		l = nl;
		c = &l[(*n)++];
		memset(c, 0, sizeof(*c));
		text(q, 0, c->household, sizeof(c->household));
		text(q, 1, c->fields, sizeof(c->fields));
		c->winner = sqlite3_column_int64(q, 2);
		c->loser = sqlite3_column_int64(q, 3);
		text(q, 4, c->winner_author, sizeof(c->winner_author));
		c->winner_hlc = (uint64_t)sqlite3_column_int64(q, 5);
		text(q, 6, c->loser_author, sizeof(c->loser_author));
		c->loser_hlc = (uint64_t)sqlite3_column_int64(q, 7);
	}
	if ((st = store_done(s, q, rc, err))) {
		free(l);
		*n = 0;
		return st;
	}
	*list = l;
	return DS_OK;
}

ds_status store_cdev_assistant(ds_store *s, const char *user, bool *found,
                               ds_error *err)
{
	store_cdev *devs = NULL;
	size_t n = 0;
	ds_status st = store_cdev_list(s, &devs, &n, err);
	*found = false;
	for (size_t i = 0; !st && i < n; i++)
		*found = *found || (!strcmp(devs[i].user, user) && !devs[i].revoked_ms &&
		                    !strcmp(devs[i].role, "assistant"));
	free(devs);
	return st;
}

ds_status store_household_reassign(ds_store *s, const char *household,
                                   const char *to_user, bool *already,
                                   ds_error *err)
{
	sqlite3_stmt *q;
	json_t *body;
	ds_status st;
	int rc;
	*already = false;
	if (!(q = store_stmt(s, STMT_HH_EXISTS)))
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	sqlite3_bind_text(q, 1, household, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return ds_fail(err, DS_EINPUT, "household",
		               N_("the county has no household %s"), household);
	if (rc != SQLITE_ROW)
		return store_sql_fail(s, err, rc);
	if ((st = store_prep(s, "SELECT user FROM assignment WHERE household = ?", &q, err)))
		return st;
	sqlite3_bind_text(q, 1, household, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	*already = rc == SQLITE_ROW &&
	           !strcmp((const char *)sqlite3_column_text(q, 0), to_user);
	if ((st = store_done(s, q, rc, err)) || *already)
		return st;
	if (!(body = json_pack("{s:s}", "to", to_user)))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	st = store_emit(s, core_event_id(CORE_EVENT_HOUSEHOLD_REASSIGNED), household, body, NULL, err);
	json_decref(body);
	return st;
}

ds_status store_assigned(ds_store *s, const char *user, int64_t after_seq,
                         char (**list)[STORE_ID_BUF], size_t *n,
                         ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	*list = NULL;
	*n = 0;
	if ((st = store_prep(s, "SELECT household FROM assignment WHERE user = ?"
	                        " AND seq > ? ORDER BY household", &q, err)))
		return st;
	sqlite3_bind_text(q, 1, user, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, after_seq);
	return id_rows(s, q, list, n, err);
}

ds_status store_assignee(ds_store *s, const char *household,
                         char user[STORE_USER_MAX], bool *found, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*found = false;
	user[0] = '\0';
	if ((st = store_prep(s, "SELECT user FROM assignment WHERE household = ?", &q, err)))
		return st;
	sqlite3_bind_text(q, 1, household, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		text(q, 0, user, STORE_USER_MAX);
		*found = true;
	}
	return store_done(s, q, rc, err);
}
