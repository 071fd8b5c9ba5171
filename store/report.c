/* report.c — what the county's reports read (report.h): households with
 * their case, assistant, area and month's payment; laptops' people, last
 * contact and events not yet fetched. Only figures, ids, user and area
 * names leave here: no person's name, ID number or account. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/report.h"
#include "store/assessjson.h"
#include "store/casework.h"
#include "store/internal.h"
#include "store/report.h"

static void col_text(sqlite3_stmt *q, int col, char *out, size_t n)
{
	const char *t = (const char *)sqlite3_column_text(q, col);
	snprintf(out, n, "%s", t ? t : "");
}

/* ---- households ----------------------------------------------------------------- */

typedef struct {
	ds_store *s;
	core_month month;
	sqlite3_stmt *author;
	store_report_household *list;
	size_t n, cap;
	ds_error *err;
} hh_ctx;

static ds_status author_of(hh_ctx *x, int64_t seq, char out[STORE_USER_MAX])
{
	int rc;
	out[0] = '\0';
	sqlite3_reset(x->author);
	sqlite3_bind_int64(x->author, 1, seq);
	if ((rc = sqlite3_step(x->author)) == SQLITE_ROW)
		col_text(x->author, 0, out, STORE_USER_MAX);
	else if (rc != SQLITE_DONE)
		return store_sql_fail(x->s, x->err, rc);
	return DS_OK;
}

static ds_status hh_one(const store_household_row *row, void *vctx)
{
	hh_ctx *x = vctx;
	store_report_household *r;
	store_case k;
	bool found;
	ds_status st;
	if ((st = store_case_of_row(x->s, row, &k, x->err)))
		return st;
	if (x->n == x->cap) {
		size_t nc = x->cap ? x->cap * 2 : 256;
		store_report_household *nl = realloc(x->list, nc * sizeof(*nl));
		if (!nl)
			return ds_fail(x->err, DS_ESYSTEM, "", N_("out of memory"));
		x->list = nl;
		x->cap = nc;
	}
	r = &x->list[x->n];
	memset(r, 0, sizeof(*r));
	snprintf(r->id, sizeof(r->id), "%s", row->id);
	r->state = k.c.state;
	if ((st = store_assignee(x->s, row->id, r->assistant, &found, x->err)))
		return st;
	if (!found && (st = author_of(x, row->created_seq, r->assistant)))
		return st;
	r->township = row->h.township;
	r->village = row->h.village;
	if (core_report_paid(k.c.state) &&
	    (st = store_paid_in(x->s, row, k.c.state, x->month, &r->paid,
	                        &r->t_k, &r->t_n, x->err)))
		return st;
	r->transition_last = k.c.transition_last;
	r->referral_due = k.c.referral_due;
	r->referral_date = k.c.referral_due ? k.c.referral_date : -1;
	r->appeal_open = k.c.appeal_open;
	r->appeal_received = k.c.appeal_open ? k.c.appeal_received : -1;
	r->appeal_deadline = k.c.appeal_open ? k.c.appeal_deadline : -1;
	snprintf(r->appeal_reviewer, sizeof(r->appeal_reviewer), "%s",
	         k.c.appeal_open ? k.c.appeal_reviewer : "");
	snprintf(r->submitted_by, sizeof(r->submitted_by), "%s",
	         k.c.state == CORE_STATE_SUBMITTED ? k.c.submitted_by : "");
	x->n++;
	return DS_OK;
}

ds_status store_report_households(ds_store *s, core_month month,
                                  store_report_household **list, size_t *n,
                                  ds_error *err)
{
	hh_ctx x;
	ds_status st;
	memset(&x, 0, sizeof(x));
	x.s = s;
	x.month = month;
	x.err = err;
	*list = NULL;
	*n = 0;
	if ((st = store_prep(s, "SELECT author FROM event WHERE seq = ?", &x.author,
	                     err)))
		return st;
	st = store_household_each(s, hh_one, NULL, &x, err);
	sqlite3_finalize(x.author);
	if (st) {
		free(x.list);
		return st;
	}
	*list = x.list;
	*n = x.n;
	return DS_OK;
}

/* ---- laptops -------------------------------------------------------------------- */

ds_status store_report_members(ds_store *s, const unsigned char *device,
                               store_report_member **list, size_t *n,
                               ds_error *err)
{
	sqlite3_stmt *q;
	store_report_member *l = NULL;
	size_t c = 0, cap = 0;
	ds_status st;
	int rc;
	*list = NULL;
	*n = 0;
	if ((st = store_prep(s, "SELECT user, role FROM county_member"
	                        " WHERE device = ? ORDER BY enrolled, user",
	                     &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (c == cap) {
			size_t nc = cap ? cap * 2 : 4;
			store_report_member *nl = realloc(l, nc * sizeof(*nl));
			if (!nl) {
				free(l);
				sqlite3_finalize(q);
				return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			}
			l = nl;
			cap = nc;
		}
		memset(&l[c], 0, sizeof(l[c]));
		col_text(q, 0, l[c].user, sizeof(l[c].user));
		col_text(q, 1, l[c].role, sizeof(l[c].role));
		c++;
	}
	if ((st = store_done(s, q, rc, err))) {
		free(l);
		return st;
	}
	*list = l;
	*n = c;
	return DS_OK;
}

ds_status store_report_contact(ds_store *s, const unsigned char *device,
                               int64_t *last_ms, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*last_ms = 0;
	if ((st = store_prep(s, "SELECT max(coalesce((SELECT max(received) FROM sync_in"
	                        " WHERE sender = ?1), 0), coalesce((SELECT max(made)"
	                        " FROM county_down WHERE device = ?1), 0))",
	                     &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*last_ms = sqlite3_column_int64(q, 0);
	return store_done(s, q, rc, err);
}

ds_status store_report_count_since(ds_store *s, int64_t after_seq,
                                   store_want_fn want, void *ctx,
                                   int64_t *count, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*count = 0;
	if ((st = store_prep(s, "SELECT seq, device, epoch, dseq, author, kind, entity"
	                        " FROM event WHERE seq > ? ORDER BY seq",
	                     &q, err)))
		return st;
	sqlite3_bind_int64(q, 1, after_seq);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_event_info info;
		if (sqlite3_column_bytes(q, 1) != STORE_DEVICE_BYTES) {
			sqlite3_finalize(q);
			return ds_fail(err, DS_EDAMAGED, "event",
			               N_("the event record is malformed"));
		}
		info.seq = sqlite3_column_int64(q, 0);
		info.device = sqlite3_column_blob(q, 1);
		info.epoch = sqlite3_column_int64(q, 2);
		info.dseq = sqlite3_column_int64(q, 3);
		info.author = (const char *)sqlite3_column_text(q, 4);
		info.kind = (const char *)sqlite3_column_text(q, 5);
		info.entity = (const char *)sqlite3_column_text(q, 6);
		if (!info.author || !info.kind || !info.entity) {
			sqlite3_finalize(q);
			return ds_fail(err, DS_EDAMAGED, "event",
			               N_("the event record is malformed"));
		}
		if (!want || want(ctx, &info))
			(*count)++;
	}
	return store_done(s, q, rc, err);
}
