/* caseload.c — the caseload at a glance, for the terminal interface: one
 * row per household with what a list shows and what a search looks in,
 * read from the sealed summaries (summary.c) in the order of the next
 * thing due, by an index; the same rows worked out the old way from every
 * household and its case (store_caseload_full), which the tests hold the
 * summaries to. The rows hold plaintext in memory only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/assessjson.h"
#include "store/caseload.h"
#include "store/classes.h"
#include "store/internal.h"
#include "store/summary.h"

typedef struct {
	char id[STORE_ID_BUF];
	bool warning;
	core_month t_first;
	int t_months;
	bool class_known;
	core_class cls;
} glance;

static int glance_cmp(const void *a, const void *b)
{
	return strcmp(((const glance *)a)->id, ((const glance *)b)->id);
}

static ds_status load_glances(ds_store *s, glance **out, size_t *n,
                              ds_error *err)
{
	sqlite3_stmt *q;
	glance *g = NULL;
	size_t c = 0, cap = 0;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT a.household, a.warning, a.t_first,"
	                            " a.t_months, c.class FROM assessment a"
	                            " LEFT JOIN household_class c"
	                            " ON c.household = a.household"
	                            " ORDER BY a.household",
	                            -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *tf = (const char *)sqlite3_column_text(q, 2);
		const char *cls = (const char *)sqlite3_column_text(q, 4);
		int k = cls ? core_class_lookup(cls) : -1;
		if (c == cap) {
			glance *ng;
			cap = cap ? cap * 2 : 256;
			ng = realloc(g, cap * sizeof(*g));
			if (!ng) {
				free(g);
				sqlite3_finalize(q);
				return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			}
			g = ng;
		}
		memset(&g[c], 0, sizeof(g[c]));
		snprintf(g[c].id, sizeof(g[c].id), "%s",
		         (const char *)sqlite3_column_text(q, 0));
		g[c].warning = sqlite3_column_int(q, 1) != 0;
		if (tf && !core_month_parse(tf, &g[c].t_first, "", NULL))
			g[c].t_months = sqlite3_column_int(q, 3);
		if (k >= 0) {
			g[c].class_known = true;
			g[c].cls = (core_class)k;
		}
		c++;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		free(g);
		return store_sql_fail(s, err, rc);
	}
	*out = g;
	*n = c;
	return DS_OK;
}

typedef struct {
	ds_store *s;
	const core_policy *p;
	glance *g;
	size_t ng;
	store_caseload_row *rows;
	size_t n, cap;
	ds_error *err;
} load_ctx;

/* The row's text in one block: the head's name, the address, and the
 * text a search looks in (names, ID numbers, address; lower-cased ASCII,
 * Chinese matched as typed). */
static bool row_text(store_caseload_row *r, const core_household *h)
{
	const char *head = h->n_members ? h->members[core_household_head(h)].name
	                                 : "";
	size_t len = strlen(head) + 1 + 2 * (strlen(h->address) + 1);
	char *t, *p;
	for (size_t i = 0; i < h->n_members; i++)
		len += strlen(h->members[i].name) + CORE_IDNUM_LEN + 2;
	if (!(t = malloc(len)))
		return false;
	r->head = t;
	p = t + sprintf(t, "%s", head) + 1;
	r->address = p;
	p += sprintf(p, "%s", h->address) + 1;
	r->search = p;
	for (size_t i = 0; i < h->n_members; i++)
		p += sprintf(p, "%s\t%s\t", h->members[i].name,
		             h->members[i].id_number);
	p += sprintf(p, "%s", h->address);
	for (p = r->search; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return true;
}

static ds_status load_one(const store_household_row *row, void *vctx)
{
	load_ctx *x = vctx;
	store_caseload_row *r;
	store_case k;
	store_due_item first;
	bool any;
	glance key, *g;
	ds_status st;
	core_month now = core_month_of_date(store_today(x->s));

	if ((st = store_case_of_row(x->s, row, &k, x->err)))
		return st;
	if (x->n == x->cap) {
		size_t nc = x->cap ? x->cap * 2 : 512;
		store_caseload_row *nr = realloc(x->rows, nc * sizeof(*nr));
		if (!nr)
			return ds_fail(x->err, DS_ESYSTEM, "", N_("out of memory"));
		x->rows = nr;
		x->cap = nc;
	}
	r = &x->rows[x->n];
	memset(r, 0, sizeof(*r));
	snprintf(r->id, sizeof(r->id), "%s", row->id);
	r->members = (int)row->h.n_members;
	r->state = k.c.state;
	r->appeal = k.c.appeal_open;
	r->receiving = row->h.receiving;
	r->allowance = row->h.receiving ? row->h.allowance : 0;
	snprintf(key.id, sizeof(key.id), "%s", row->id);
	g = x->ng ? bsearch(&key, x->g, x->ng, sizeof(*x->g), glance_cmp) : NULL;
	if (g) {
		r->class_known = g->class_known;
		r->cls = g->cls;
		r->warning = g->warning && k.c.state == CORE_STATE_RECEIVING;
		if (g->t_months && k.c.state == CORE_STATE_IN_TRANSITION) {
			int tk, tn;
			r->t_n = g->t_months;
			r->t_k = (int)(now - g->t_first) + 1;
			if (r->t_k < 1)
				r->t_k = 1;
			if (r->t_k > r->t_n)
				r->t_k = r->t_n;
			/* the amount paid this month, from the schedule, not
			 * the allowance it steps down from */
			if ((st = store_paid_in(x->s, row, k.c.state, now,
			                        &r->allowance, &tk, &tn, x->err)))
				return st;
			r->receiving = true;
		}
	}
	r->due = -1;
	if ((st = store_due_household(x->s, x->p, row, &k, &first, &any, x->err)))
		return st;
	if (any) {
		r->due = first.date;
		r->due_kind = first.kind;
		r->reverify_due = first.kind == CORE_DUE_REVERIFY &&
		                  first.date <= store_today(x->s);
	}
	if (!row_text(r, &row->h))
		return ds_fail(x->err, DS_ESYSTEM, "", N_("out of memory"));
	x->n++;
	return DS_OK;
}

ds_status store_caseload_classes(ds_store *s, store_caseload_row *rows,
                                 size_t n, ds_error *err)
{
	store_class_row *cl = NULL;
	size_t ncl = 0;
	ds_status st = store_class_list(s, &cl, &ncl, err);
	if (st)
		return st;
	for (size_t i = 0; i < n; i++) {
		const store_class *c = store_class_find(cl, ncl, rows[i].id);
		rows[i].class_known = c && c->known;
		rows[i].cls = c ? c->cls : (core_class)0;
	}
	free(cl);
	return DS_OK;
}

void store_caseload_free(store_caseload_row *rows, size_t n)
{
	if (rows && n && rows[0].block) {
		/* two blocks: the search texts, the heads and addresses */
		const store_caseload_row *last = &rows[n - 1];
		char *t = rows[0].search, *h = (char *)rows[0].head;
		store_wipe(t, (size_t)(last->search - t) + strlen(last->search));
		store_wipe(h, (size_t)(last->address - h) + strlen(last->address));
		free(t);
		free(h);
	} else {
		for (size_t i = 0; rows && i < n; i++) {
			if (rows[i].head) {
				char *t = (char *)rows[i].head;
				store_wipe(t, (size_t)(rows[i].search - t) +
				                      strlen(rows[i].search));
				free(t);
			}
		}
	}
	if (rows)
		store_wipe(rows, n * sizeof(*rows));
	free(rows);
}

ds_status store_caseload_full(ds_store *s, store_caseload_row **rows,
                              size_t *n, ds_error *err)
{
	load_ctx x;
	core_policy *versions = NULL;
	size_t nv = 0;
	ds_status st;
	memset(&x, 0, sizeof(x));
	x.s = s;
	x.err = err;
	*rows = NULL;
	*n = 0;
	if ((st = store_policy_at(s, store_today(s), &versions, &nv, &x.p, err)))
		return st;
	if ((st = load_glances(s, &x.g, &x.ng, err)))
		goto out;
	st = store_household_each(s, load_one, NULL, &x, err);
	if (st) {
		store_caseload_free(x.rows, x.n);
		goto out;
	}
	*rows = x.rows;
	*n = x.n;
out:
	free(x.g);
	store_policies_free(versions, nv);
	return st;
}

/* ---- from the summaries ------------------------------------------------ */

/* A block of text sized once for everything it will hold (no copy as it
 * grows: the pages not written are not resident); pieces by offset. */
typedef struct {
	char *b;
	size_t n, cap;
} block;

static bool block_add(block *k, const char *t, size_t len, size_t *at)
{
	if (k->n + len + 1 > k->cap)
		return false;
	*at = k->n;
	memcpy(k->b + k->n, t, len);
	k->b[k->n + len] = '\0';
	k->n += len + 1;
	return true;
}

static void block_drop(block *k)
{
	if (k->b) {
		store_wipe(k->b, k->n);
		free(k->b);
	}
	memset(k, 0, sizeof(*k));
}

ds_status store_caseload(ds_store *s, store_caseload_row **rows, size_t *n,
                         ds_error *err)
{
	core_policy *versions = NULL;
	const core_policy *p = NULL;
	size_t nv = 0, c = 0, cap = 0, bytes = 0;
	store_caseload_row *r = NULL;
	/* the search texts one after another; the heads and addresses */
	block search = {NULL, 0, 0}, names = {NULL, 0, 0};
	sqlite3_stmt *q = NULL;
	core_date today = store_today(s);
	bool kept;
	ds_status st;
	int rc;
	*rows = NULL;
	*n = 0;
	/* a county's store keeps no summaries: its households read whole */
	if ((st = store_summary_kept(s, &kept, err)))
		return st;
	if (!kept)
		return store_caseload_full(s, rows, n, err);
	if ((st = store_policy_at(s, today, &versions, &nv, &p, err)))
		return st;
	/* how many rows at most, and how many bytes their texts take at
	 * most (the sealed rows' lengths) */
	if ((st = store_prep(s, "SELECT count(*), total(length(data)) FROM main.summary",
	                     &q, err)))
		goto out;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		cap = (size_t)sqlite3_column_int64(q, 0);
		bytes = (size_t)sqlite3_column_double(q, 1);
	}
	if ((st = store_done(s, q, rc, err)))
		goto out;
	q = NULL;
	if (!cap)
		goto out;
	r = malloc(cap * sizeof(*r));
	search.b = malloc(bytes + 1);
	names.b = malloc(bytes + 1);
	search.cap = names.cap = bytes + 1;
	if (!r || !search.b || !names.b) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto fail;
	}
	/* an assistant's households are the ones not moved to someone else
	 * by the county; the order is the index's (summary_due) */
	if ((st = store_prep(s, "SELECT household, due, seq, data FROM main.summary s"
	                        " WHERE ?1 IS NULL"
	                        " OR NOT EXISTS (SELECT 1 FROM assignment a WHERE"
	                        " a.household = s.household AND a.user != ?1)"
	                        " ORDER BY due, household", &q, err)))
		goto fail;
	if (s->role == CORE_ROLE_ASSISTANT)
		sqlite3_bind_text(q, 1, s->user, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(q, 0);
		unsigned char *plain = NULL;
		size_t plen = 0, at_s, at_h, at_a;
		store_summary m;
		store_summary_now v;
		store_caseload_row *x;
		bool ok;
		if (c == cap) {
			st = ds_fail(err, DS_EDAMAGED, "summary",
			             N_("its rows changed while they were read"));
			break;
		}
		/* the seal binds the row's columns: opening it checks them */
		if ((st = store_summary_open(s, q, 0, &plain, &plen, &m, err)))
			break;
		x = &r[c];
		memset(x, 0, sizeof(*x));
		snprintf(x->id, sizeof(x->id), "%s", id);
		store_summary_view(&m, p, today, &v);
		x->members = m.members;
		x->state = m.state;
		x->appeal = m.appeal;
		x->warning = v.warning;
		/* the class: store_caseload_classes, when it is shown */
		x->reverify_due = v.reverify_due;
		x->t_k = v.t_k;
		x->t_n = v.t_n;
		x->receiving = v.receiving;
		x->allowance = v.allowance;
		x->due = v.due;
		x->due_kind = v.due_kind;
		ok = block_add(&search, m.search, m.search_len, &at_s) &&
		     block_add(&names, m.head, m.head_len, &at_h) &&
		     block_add(&names, m.address, m.address_len, &at_a);
		store_wipe(plain, plen);
		free(plain);
		if (!ok) {
			st = ds_fail(err, DS_EDAMAGED, "summary",
			             N_("its rows changed while they were read"));
			break;
		}
		x->search = search.b + at_s;
		x->head = names.b + at_h;
		x->address = names.b + at_a;
		c++;
	}
	if (!st && rc != SQLITE_DONE)
		st = store_sql_fail(s, err, rc);
	sqlite3_finalize(q);
	if (st)
		goto fail;
	if (!c) {
		block_drop(&search);
		block_drop(&names);
		free(r);
		goto out;
	}
	/* the search texts lie one after another from rows[0].search; the
	 * heads and addresses from rows[0].head */
	r[0].block = true;
	*rows = r;
	*n = c;
	goto out;
fail:
	block_drop(&search);
	block_drop(&names);
	if (r)
		store_wipe(r, c * sizeof(*r));
	free(r);
out:
	store_policies_free(versions, nv);
	return st;
}
