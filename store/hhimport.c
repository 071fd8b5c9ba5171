/* hhimport.c — imports that can be run again: whether a household on a line
 * is in the store already (the same people with the same data), so a re-run
 * after an interruption, or the same file imported twice at once, adds
 * each household exactly once; and telling a full disk from other failures,
 * so the import can say exactly what it kept. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

/* The household a prepared household's people belong to: "" when none of
 * them belongs to any; DS_EINPUT, naming the first who does, when they
 * are not all in the same one. */
static ds_status people_of(ds_store *s, const store_prepared *p,
                           char id[STORE_ID_BUF], ds_error *err)
{
	size_t first = 0;
	bool apart = false;
	ds_status st;
	id[0] = '\0';
	for (size_t i = 0; i < p->n_members; i++) {
		char other[STORE_ID_BUF];
		if ((st = store_blind_lookup(s, p->blind[i], other, err)))
			return st;
		if (!id[0] && other[0]) {
			memcpy(id, other, STORE_ID_BUF);
			first = i;
			apart = i > 0; /* someone before is in no household */
		} else if (strcmp(other, id) != 0) {
			apart = true;
		}
	}
	if (id[0] && apart) {
		char where[48];
		snprintf(where, sizeof(where), "members[%zu].id_number", first);
		return ds_fail(err, DS_EINPUT, where,
		               N_("this person already belongs to household %s, which does not hold the same people as this line"),
		               id);
	}
	return DS_OK;
}

static ds_status match(ds_store *s, const store_prepared *p,
                       store_import_found *found, char id[STORE_ID_BUF],
                       ds_error *err)
{
	store_household_row row;
	core_household line;
	json_t *j;
	char where[DS_ERR_WHERE];
	bool same;
	ds_status st;

	*found = STORE_IMPORT_NEW;
	if ((st = people_of(s, p, id, err)) || !id[0])
		return st;
	/* all its people make up household id: is it this line's data? */
	if (!store_household_from_text(p->json, p->len, &line)) {
		/* escapes in its text: the long way */
		j = json_loadb(p->json, p->len, 0, NULL);
		if (!j || store_household_from_json(j, &line, NULL)) {
			json_decref(j);
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
		json_decref(j);
	}
	if ((st = store_household_get(s, id, &row, err))) {
		core_household_free(&line);
		return st;
	}
	same = core_household_same(&line, &row.h, where, sizeof(where));
	core_household_free(&line);
	store_row_free(&row);
	if (!same)
		return ds_fail(err, DS_EINPUT, where,
		               N_("differs from household %s, which already holds the people of this line"),
		               id);
	*found = STORE_IMPORT_SAME;
	return DS_OK;
}

ds_status store_import_prepare(ds_store *s, const core_household *h,
                               store_prepared **out, store_import_found *found,
                               char id_out[STORE_ID_BUF], ds_error *err)
{
	ds_status st;
	*out = NULL;
	if ((st = store_prepare_any(s, h, true, out, err)))
		return st;
	if ((st = store_import_match(s, out, found, id_out, err)) ||
	    *found == STORE_IMPORT_SAME)
		store_prepared_free(out);
	return st;
}

ds_status store_import_match(ds_store *s, store_prepared **pp,
                             store_import_found *found,
                             char id_out[STORE_ID_BUF], ds_error *err)
{
	ds_status st;
	bool snap;
	/* one read snapshot for all the line's people: another doorstep
	 * importing the same file commits between two lookups otherwise,
	 * and the line's people seem to be split between two households */
	snap = sqlite3_get_autocommit(s->db) && /* not in store_import_begin's */
	       sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
	st = match(s, *pp, found, id_out, err);
	if (snap)
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	return st;
}

ds_status store_import_add(ds_store *s, const store_prepared *p,
                           store_import_found *found,
                           char id_out[STORE_ID_BUF], ds_error *err)
{
	ds_status st;
	/* looked at again: another doorstep may have added it since the
	 * prepare (the same file imported twice at once) */
	if ((st = match(s, p, found, id_out, err)) ||
	    *found == STORE_IMPORT_SAME)
		return st;
	return store_household_add_prepared(s, p, id_out, err);
}

/* While an import writes, SQLite's page cache (KiB) and the WAL's length
 * (pages) at which a commit copies it into the database. Every batch
 * inserts at random places of the random-keyed tables (summaries and
 * people, household ids, events by household): a county's 100,000
 * households make about 60 MB of them, which a cache of 32 MB could not
 * hold, so pages were thrown out mid-batch and read back (1.5 GB of reads
 * at 100,000). And each batch dirties most of those pages again: copying
 * the WAL into the file after every batch copied the same pages batch
 * after batch, with three fsyncs each time; copied when the WAL has grown
 * to 64 MB, a page dirtied by several batches is copied once. */
#define IMPORT_CACHE_KIB 131072
#define IMPORT_CHECKPOINT_PAGES 16384

ds_status store_import_begin(ds_store *s, bool *empty, ds_error *err)
{
	sqlite3_stmt *q;
	int rc;
	*empty = false;
	if (!sqlite3_get_autocommit(s->db))
		return ds_fail(err, DS_ESYSTEM, "", N_("internal error: nested transaction"));
	store_set_cache(s, IMPORT_CACHE_KIB, IMPORT_CHECKPOINT_PAGES);
	if ((rc = sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL)) != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	/* through the view that checks rows, like every read of people */
	if ((rc = sqlite3_prepare_v2(s->db, "SELECT 1 FROM person LIMIT 1", -1,
	                             &q, NULL)) != SQLITE_OK) {
		store_import_end(s);
		return store_sql_fail(s, err, rc);
	}
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_import_end(s);
		return store_sql_fail(s, err, rc);
	}
	*empty = rc == SQLITE_DONE;
	return DS_OK;
}

void store_import_looked(ds_store *s)
{
	if (!store_in_transaction(s) && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

void store_import_end(ds_store *s)
{
	store_import_looked(s);
	store_set_cache(s, STORE_CACHE_USUAL_KIB, STORE_CHECKPOINT_USUAL_PAGES);
	/* what the import left in the WAL copied now, as part of the import,
	 * not at some later commit or close; passive: a reader is not waited
	 * for (what it still reads is copied later) */
	sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL,
	                          NULL);
}

ds_status store_import_prepare_new(ds_store *s, const core_household *h,
                                   store_prepared **out, ds_error *err)
{
	return store_prepare_any(s, h, true, out, err);
}

ds_status store_import_add_new(ds_store *s, const store_prepared *p,
                               char id_out[STORE_ID_BUF], ds_error *err)
{
	return store_household_add_unlooked(s, p, id_out, err);
}

bool store_error_disk_full(const ds_error *err)
{
	/* the one message open.c gives for SQLITE_FULL (a unit test ties
	 * the two together) */
	return err && err->status == DS_ESYSTEM && err->fmt &&
	       !strcmp(err->fmt, "the disk is full; nothing was changed");
}

static void prepare_range(const ds_store *s, const core_policy *p,
                          store_import_line *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		l[i].prep = NULL;
		l[i].st = DS_OK;
		if (!(l[i].parsed = store_household_from_text(l[i].text, l[i].len,
		                                               &l[i].h)))
			continue;
		l[i].st = store_import_prepare_off(s, &l[i].h, p, &l[i].prep,
		                                   &l[i].err);
	}
}

typedef struct {
	const ds_store *s;
	const core_policy *p;
	store_import_line *l;
	size_t n;
} prepare_job;

static void *prepare_thread(void *v)
{
	prepare_job *j = v;
	prepare_range(j->s, j->p, j->l, j->n);
	return NULL;
}

void store_import_prepare_lines(const ds_store *s,
                                const core_policy *today_policy,
                                store_import_line *lines, size_t n)
{
	prepare_job j = {s, today_policy, lines + n / 2, n - n / 2};
	pthread_t th;
	bool threaded = n > 1 && store_two_cores() &&
	                pthread_create(&th, NULL, prepare_thread, &j) == 0;
	prepare_range(s, today_policy, lines, threaded ? n / 2 : n);
	if (threaded)
		pthread_join(th, NULL);
}
