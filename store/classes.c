/* classes.c — the ladder's class of each household's latest assessment
 * (classes.h): one plaintext row a household (ids, a class code, two
 * counts: no personal data) under a row MAC, written where the assessment
 * row is (assessed_put, store/assess.c), so a rebuild makes the same rows;
 * read by the caseload's summaries, `household list` and the county's
 * status without opening an assessment event. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/classes.h"
#include "core/event.h"
#include "store/internal.h"

ds_status store_class_put(ds_store *s, const char *household, int64_t seq,
                          bool known, core_class cls, int members,
                          int covered, ds_error *err)
{
	sqlite3_stmt *q = store_stmt(s, known ? STMT_CLASS_PUT : STMT_CLASS_DELETE);
	int rc;
	if (!q)
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	sqlite3_bind_text(q, 1, household, -1, SQLITE_STATIC);
	if (known) {
		sqlite3_bind_int64(q, 2, seq);
		sqlite3_bind_text(q, 3, core_class_id(cls), -1, SQLITE_STATIC);
		sqlite3_bind_int(q, 4, members);
		sqlite3_bind_int(q, 5, covered);
	}
	rc = sqlite3_step(q);
	sqlite3_reset(q); /* a statement kept by the handle */
	return rc == SQLITE_DONE ? DS_OK : store_sql_fail(s, err, rc);
}

void store_class_from_body(json_t *assessment, store_class *out)
{
	const char *id = json_string_value(json_object_get(assessment, "class"));
	int c = id ? core_class_lookup(id) : -1;
	json_t *cov = json_object_get(assessment, "covered_members");
	memset(out, 0, sizeof(*out));
	/* no class: recorded before the ladder; one this program does not
	 * know: a newer one's, which it cannot count either */
	if (c < 0)
		return;
	out->known = true;
	out->cls = (core_class)c;
	out->members = (int)json_integer_value(json_object_get(assessment, "members"));
	out->covered = json_is_array(cov) ? (int)json_array_size(cov) : 0;
}

/* A class code read back: its class, or false when the row holds none
 * this program knows (a row altered keeps its MAC's complaint; this is
 * only a code the MAC vouches for that a newer program wrote). */
static bool class_code(sqlite3_stmt *q, int col, core_class *out)
{
	const char *id = (const char *)sqlite3_column_text(q, col);
	int c = id ? core_class_lookup(id) : -1;
	if (c < 0)
		return false;
	*out = (core_class)c;
	return true;
}

ds_status store_class_of(ds_store *s, const char *household, store_class *out,
                         ds_error *err)
{
	sqlite3_stmt *q = store_stmt(s, STMT_CLASS_GET);
	ds_status st = DS_OK;
	int rc;
	memset(out, 0, sizeof(*out));
	/* the household just assessed: what was written a moment ago; one
	 * just added: none */
	if (s->assessed_hint.set && !strcmp(s->assessed_hint.household, household)) {
		*out = s->assessed_hint.cls;
		return DS_OK;
	}
	if (s->created_hint.set && !strcmp(s->created_hint.household, household))
		return DS_OK;
	if (!q)
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	sqlite3_bind_text(q, 1, household, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && class_code(q, 1, &out->cls)) {
		out->known = true;
		out->seq = sqlite3_column_int64(q, 0);
		out->members = sqlite3_column_int(q, 2);
		out->covered = sqlite3_column_int(q, 3);
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		st = store_sql_fail(s, err, rc);
	}
	sqlite3_reset(q); /* a statement kept by the handle */
	return st;
}

ds_status store_class_list(ds_store *s, store_class_row **out, size_t *n,
                           ds_error *err)
{
	sqlite3_stmt *q;
	store_class_row *rows = NULL;
	size_t c = 0, cap = 0;
	ds_status st;
	int rc;
	*out = NULL;
	*n = 0;
	if ((st = store_prep(s, "SELECT household, seq, class, members, covered"
	                        " FROM household_class ORDER BY household", &q, err)))
		return st;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_class_row *r;
		if (c == cap) {
			size_t nc = cap ? cap * 2 : 256;
			store_class_row *nr = realloc(rows, nc * sizeof(*nr));
			if (!nr) {
				sqlite3_finalize(q);
				free(rows);
				return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			}
			rows = nr;
			cap = nc;
		}
		r = &rows[c];
		memset(r, 0, sizeof(*r));
		if (!class_code(q, 2, &r->c.cls))
			continue; /* a newer program's class: not classified here */
		snprintf(r->household, sizeof(r->household), "%s",
		         (const char *)sqlite3_column_text(q, 0));
		r->c.known = true;
		r->c.seq = sqlite3_column_int64(q, 1);
		r->c.members = sqlite3_column_int(q, 3);
		r->c.covered = sqlite3_column_int(q, 4);
		c++;
	}
	if ((st = store_done(s, q, rc, err))) {
		free(rows);
		return st;
	}
	*out = rows;
	*n = c;
	return DS_OK;
}

static int row_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const store_class_row *)elem)->household);
}

const store_class *store_class_find(const store_class_row *rows, size_t n,
                                    const char *household)
{
	const store_class_row *r =
	        n ? bsearch(household, rows, n, sizeof(*rows), row_cmp) : NULL;
	return r ? &r->c : NULL;
}

ds_status store_class_counts(ds_store *s,
                             store_class_count out[CORE_CLASS_COUNT + 1],
                             ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	memset(out, 0, (CORE_CLASS_COUNT + 1) * sizeof(*out));
	/* the households store_household_each lists; a household not
	 * classified counts its members by the blind index (one row a
	 * member: every member has an ID number), read in one pass (the
	 * index has no order by household to look each one up by) */
	if ((st = store_prep(s, "SELECT c.class, count(*), total(coalesce(c.members, p.n)),"
	                        " total(c.covered) FROM household h"
	                        " LEFT JOIN household_class c ON c.household = h.id"
	                        " LEFT JOIN (SELECT household, count(*) AS n FROM person"
	                        " GROUP BY household) p ON p.household = h.id"
	                        " WHERE ?1 IS NULL OR NOT EXISTS (SELECT 1 FROM"
	                        " assignment a WHERE a.household = h.id AND a.user != ?1)"
	                        " GROUP BY c.class", &q, err)))
		return st;
	if (s->role == CORE_ROLE_ASSISTANT)
		sqlite3_bind_text(q, 1, s->user, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		core_class c;
		store_class_count *o = &out[class_code(q, 0, &c) ? (int)c
		                                                 : STORE_CLASS_UNKNOWN];
		o->households += sqlite3_column_int64(q, 1);
		o->people += (int64_t)sqlite3_column_double(q, 2);
		o->covered += (int64_t)sqlite3_column_double(q, 3);
	}
	return store_done(s, q, rc, err);
}

ds_status store_class_fill(ds_store *s, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	/* the latest assessment of each household, as the projection left
	 * it, read through its checks (a row altered without the key fails
	 * the migration rather than give a class), and only where its event
	 * is that household's assessment; its body read once, here, and
	 * never again for its class */
	if ((st = store_prep(s, "SELECT a.household, a.seq FROM assessment a"
	                        " JOIN main.event e ON e.seq = a.seq"
	                        " WHERE e.entity = a.household AND e.kind = ?1"
	                        " ORDER BY a.household", &q, err)))
		return st;
	sqlite3_bind_text(q, 1, core_event_id(CORE_EVENT_HOUSEHOLD_ASSESSED), -1,
	                  SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(q, 0);
		int64_t seq = sqlite3_column_int64(q, 1);
		json_t *body = NULL;
		store_class c;
		if ((st = store_event_body(s, seq, &body, err)))
			break;
		store_class_from_body(json_object_get(body, "assessment"), &c);
		json_decref(body);
		if (c.known && (st = store_class_put(s, id, seq, true, c.cls, c.members,
		                                     c.covered, err)))
			break;
	}
	if (st) {
		sqlite3_finalize(q);
		return st;
	}
	return store_done(s, q, rc, err);
}
