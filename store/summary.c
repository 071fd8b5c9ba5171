/* summary.c — the sealed caseload summary of each household (table
 * summary): head, address, member count, state, appeal and warning, the
 * ladder's class of the latest assessment (table household_class) where
 * the due rule needs it (a marginal or rigid-hardship status held once
 * the case is refused or exited; the caseload reads every household's
 * class from its table when it shows them, so that an assessment giving
 * a paid household its class leaves its summary as it was), the
 * household's allowance and the withdrawal schedule in force, the due
 * rule's inputs, and the text a search looks in, sealed under the data key
 * and bound to the household's id. The projection makes a household's
 * summary again whenever an event changes the household or its case
 * (project.c), so `store rebuild` makes them all; the caseload reads only
 * these (caseload.c).
 *
 * What depends on the day or on the policy in force is kept as inputs and
 * worked out when the summary is read: the month's payment from the
 * schedule, the next thing due from the due rule (core_due_items). The
 * plaintext column due holds the date of the next thing due as worked out
 * when the row was written, under the policy then in force, only to order
 * the caseload by an index; every summary's key is worked out again when a
 * policy lands (store_summary_redue), and a reader re-sorts the few rows
 * whose date has moved with the calendar since (scr_caseload.c).
 *
 * A county's store keeps none (store_summary_kept): nothing at the county
 * reads them, and making one for every household it takes in was most of
 * what its ingest spent beyond the rows it must write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/assessjson.h"
#include "store/internal.h"
#include "store/summary.h"

/* 2: the ladder's class after the flags (the migration to schema 10
 * made every summary again) */
#define SUMMARY_VERSION 2
/* the due column of a household with nothing due: after every date */
#define DUE_NONE_KEY "9999-99-99"

void store_summary_ad(char *buf, size_t len, const char *household,
                      const char *due, int64_t seq)
{
	snprintf(buf, len, "summary|%s|%s|%lld|1", household, due ? due : "",
	         (long long)seq);
}

/* ---- the plaintext: little-endian fields, then the three texts ------ */

typedef struct {
	unsigned char *b;
	size_t n, cap;
	bool failed;
} buf;

static void put(buf *o, const void *p, size_t len)
{
	if (o->failed)
		return;
	if (o->n + len > o->cap) {
		size_t nc = o->cap ? o->cap * 2 : 512;
		unsigned char *nb;
		while (nc < o->n + len)
			nc *= 2;
		if (!(nb = malloc(nc))) {
			o->failed = true;
			return;
		}
		if (o->b) {
			memcpy(nb, o->b, o->n);
			store_wipe(o->b, o->n);
			free(o->b);
		}
		o->b = nb;
		o->cap = nc;
	}
	memcpy(o->b + o->n, p, len);
	o->n += len;
}

static void put_i64(buf *o, int64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)v >> (8 * i));
	put(o, b, 8);
}

static void put_i32(buf *o, int32_t v)
{
	unsigned char b[4];
	for (int i = 0; i < 4; i++)
		b[i] = (unsigned char)((uint32_t)v >> (8 * i));
	put(o, b, 4);
}

static void put_u8(buf *o, unsigned v)
{
	unsigned char b = (unsigned char)v;
	put(o, &b, 1);
}

static void put_text(buf *o, const char *t, size_t len)
{
	put_i32(o, (int32_t)len);
	put(o, t, len);
	put_u8(o, 0);
}

typedef struct {
	const unsigned char *p;
	size_t n;
	bool bad;
} rd;

static const unsigned char *take(rd *r, size_t len)
{
	const unsigned char *p = r->p;
	if (r->bad || r->n < len) {
		r->bad = true;
		return NULL;
	}
	r->p += len;
	r->n -= len;
	return p;
}

static int64_t get_i64(rd *r)
{
	const unsigned char *b = take(r, 8);
	uint64_t v = 0;
	for (int i = 7; b && i >= 0; i--)
		v = (v << 8) | b[i];
	return (int64_t)v;
}

static int32_t get_i32(rd *r)
{
	const unsigned char *b = take(r, 4);
	uint32_t v = 0;
	for (int i = 3; b && i >= 0; i--)
		v = (v << 8) | b[i];
	return (int32_t)v;
}

static unsigned get_u8(rd *r)
{
	const unsigned char *b = take(r, 1);
	return b ? *b : 0;
}

static const char *get_text(rd *r, size_t *len)
{
	int32_t n = get_i32(r);
	const unsigned char *t;
	if (n < 0 || (size_t)n >= r->n) {
		r->bad = true;
		return NULL;
	}
	t = take(r, (size_t)n + 1);
	if (!t || t[n] != '\0' || memchr(t, '\0', (size_t)n)) {
		r->bad = true;
		return NULL;
	}
	*len = (size_t)n;
	return (const char *)t;
}

enum {
	F_APPEAL = 1, F_WARNING = 2, F_RECEIVING = 4, F_VISITED = 8,
	F_APPEAL_OPEN = 16, F_REFERRAL = 32, F_WATCHED = 64
};

static void encode(buf *o, const store_summary *m)
{
	const core_due_case *d = &m->due;
	put_u8(o, SUMMARY_VERSION);
	put_u8(o, (unsigned)m->state);
	put_u8(o, (m->appeal ? F_APPEAL : 0) | (m->warning ? F_WARNING : 0) |
	                  (m->receiving ? F_RECEIVING : 0) |
	                  (d->c.visited ? F_VISITED : 0) |
	                  (d->c.appeal_open ? F_APPEAL_OPEN : 0) |
	                  (d->referral_due ? F_REFERRAL : 0) |
	                  (d->watched ? F_WATCHED : 0));
	/* the class: 0 not known, else its number + 1 */
	put_u8(o, m->class_known ? (unsigned)m->cls + 1 : 0);
	put_i32(o, m->members);
	put_i64(o, m->allowance);
	put_i32(o, m->t_first);
	put_i32(o, m->t_months);
	put_i32(o, m->s_months);
	put_i32(o, m->s_first);
	for (int i = 0; i < m->s_months; i++)
		put_i64(o, m->s_pay[i]);
	put_u8(o, (unsigned)d->c.state);
	put_i32(o, d->c.notice_ends);
	put_i32(o, d->transition_last);
	put_i32(o, d->appeal_deadline);
	put_i32(o, d->referral_date);
	put_i32(o, d->applied);
	put_i32(o, d->opened);
	put_i32(o, d->last_visit);
	put_i32(o, d->last_verified);
	put_i32(o, d->began);
	put_u8(o, (m->applied_event ? 1 : 0) | (m->opened_event ? 2 : 0) |
	                  (m->began_event ? 4 : 0));
	put_text(o, m->head, m->head_len);
	put_text(o, m->address, m->address_len);
	put_text(o, m->search, m->search_len);
}

bool store_summary_decode(const unsigned char *plain, size_t len,
                          store_summary *m)
{
	rd r = {plain, len, false};
	unsigned flags, st, dst, cls;
	core_due_case *d = &m->due;
	memset(m, 0, sizeof(*m));
	if (get_u8(&r) != SUMMARY_VERSION)
		return false;
	st = get_u8(&r);
	flags = get_u8(&r);
	cls = get_u8(&r);
	if (cls > CORE_CLASS_COUNT)
		return false;
	m->class_known = cls != 0;
	m->cls = cls ? (core_class)(cls - 1) : (core_class)0;
	m->members = get_i32(&r);
	m->allowance = get_i64(&r);
	m->t_first = get_i32(&r);
	m->t_months = get_i32(&r);
	m->s_months = get_i32(&r);
	m->s_first = get_i32(&r);
	if (r.bad || st >= CORE_STATE_COUNT || m->s_months < 0 ||
	    m->s_months > CORE_SCHEDULE_MAX)
		return false;
	for (int i = 0; i < m->s_months; i++)
		m->s_pay[i] = get_i64(&r);
	dst = get_u8(&r);
	if (dst >= CORE_STATE_COUNT)
		return false;
	core_case_init(&d->c, false);
	d->c.state = (core_state)dst;
	d->c.visited = flags & F_VISITED;
	d->c.appeal_open = flags & F_APPEAL_OPEN;
	d->c.notice_ends = get_i32(&r);
	d->transition_last = get_i32(&r);
	d->appeal_deadline = get_i32(&r);
	d->c.appeal_deadline = d->appeal_deadline;
	d->referral_date = get_i32(&r);
	d->referral_due = flags & F_REFERRAL;
	d->applied = get_i32(&r);
	d->opened = get_i32(&r);
	d->watched = flags & F_WATCHED;
	d->last_visit = get_i32(&r);
	d->last_verified = get_i32(&r);
	d->began = get_i32(&r);
	{
		unsigned ev = get_u8(&r);
		m->applied_event = ev & 1;
		m->opened_event = ev & 2;
		m->began_event = ev & 4;
	}
	m->state = (core_state)st;
	m->appeal = flags & F_APPEAL;
	m->warning = flags & F_WARNING;
	m->receiving = flags & F_RECEIVING;
	m->head = get_text(&r, &m->head_len);
	m->address = get_text(&r, &m->address_len);
	m->search = get_text(&r, &m->search_len);
	return !r.bad && !r.n;
}

/* ---- reading: what shows today ---------------------------------------- */

void store_summary_view(const store_summary *m, const core_policy *p,
                        core_date today, store_summary_now *out)
{
	core_month now = core_month_of_date(today);
	core_due_item items[CORE_DUE_MAX];
	core_due_case d = m->due;
	size_t n;
	memset(out, 0, sizeof(*out));
	/* the class re-verifies a status that pays nothing on its own cycle */
	d.classified = m->class_known;
	d.cls = m->cls;
	out->receiving = m->receiving;
	out->allowance = m->receiving ? m->allowance : 0;
	out->warning = m->warning && m->state == CORE_STATE_RECEIVING;
	if (m->t_months && m->state == CORE_STATE_IN_TRANSITION) {
		out->t_n = m->t_months;
		out->t_k = (int)(now - m->t_first) + 1;
		if (out->t_k < 1)
			out->t_k = 1;
		if (out->t_k > out->t_n)
			out->t_k = out->t_n;
		/* the amount paid this month, from the schedule, not the
		 * allowance it steps down from (store_paid_in) */
		if (m->receiving && m->s_months && now >= m->s_first) {
			int i = (int)(now - m->s_first);
			out->allowance = i < m->s_months ? m->s_pay[i] : 0;
		}
		out->receiving = true;
	}
	out->due = -1;
	if (!p)
		return;
	/* an event's day is no later than the day taken as today */
	if (m->applied_event && d.applied > today)
		d.applied = today;
	if (m->opened_event && d.opened > today)
		d.opened = today;
	if (m->began_event && d.began > today)
		d.began = today;
	n = core_due_items(&d, p, today, items);
	for (size_t i = 0; i < n; i++)
		if (out->due < 0 || items[i].date < out->due) {
			out->due = items[i].date;
			out->due_kind = items[i].kind;
		}
	out->reverify_due = out->due >= 0 && out->due_kind == CORE_DUE_REVERIFY &&
	                    out->due <= today;
}

/* ---- the policy the keys are worked out under ------------------------- */

void store_summary_forget(ds_store *s)
{
	store_policies_free(s->sum_versions, s->sum_nv);
	s->sum_versions = NULL;
	s->sum_nv = 0;
	s->sum_p = NULL;
	s->sum_p_known = false;
}

/* The policy in force today, or NULL when the store holds none yet (the
 * keys are worked out again when one lands). */
static const core_policy *policy_now(ds_store *s)
{
	ds_error ignored;
	if (s->sum_p_known && s->sum_on == store_today(s))
		return s->sum_p;
	store_summary_forget(s);
	if (store_policy_at(s, store_today(s), &s->sum_versions, &s->sum_nv,
	                    &s->sum_p, &ignored)) {
		s->sum_versions = NULL;
		s->sum_nv = 0;
		s->sum_p = NULL;
	}
	s->sum_on = store_today(s);
	s->sum_p_known = true;
	return s->sum_p;
}

static void due_key(ds_store *s, const store_summary *m, char out[11])
{
	store_summary_now v;
	store_summary_view(m, policy_now(s), store_today(s), &v);
	if (v.due < 0)
		snprintf(out, 11, "%s", DUE_NONE_KEY);
	else
		core_date_format(v.due, out);
}

/* ---- which stores keep them ------------------------------------------- */

ds_status store_summary_kept(ds_store *s, bool *kept, ds_error *err)
{
	sqlite3_stmt *q;
	bool county = false, stale = false;
	ds_status st;
	int rc;
	if (s->sum_kind_known && store_in_transaction(s)) {
		*kept = !s->sum_county;
		return DS_OK;
	}
	/* a county's store is one with laptops enrolled (their rows are
	 * never deleted, only marked revoked) */
	if ((st = store_prep(s, "SELECT EXISTS (SELECT 1 FROM main.county_device),"
	                        " EXISTS (SELECT 1 FROM main.summary)", &q, err)))
		return st;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		county = sqlite3_column_int(q, 0) != 0;
		stale = county && sqlite3_column_int(q, 1) != 0;
	}
	if ((st = store_done(s, q, rc, err)))
		return st;
	*kept = !county;
	/* outside a transaction (a reader) the answer is not kept: the next
	 * transaction may see a laptop enrolled meanwhile */
	if (!store_in_transaction(s))
		return DS_OK;
	/* the summaries it made before it stopped (schema 6 made them at
	 * the county too): deleted with the row counts kept, not left to
	 * go stale */
	if (stale) {
		s->walk_sum.set = false;
		if ((st = store_exec(s, "DELETE FROM main.summary"
		                        " WHERE household IS NOT NULL", err)))
			return st;
	}
	s->sum_county = county;
	s->sum_kind_known = true;
	return DS_OK;
}

/* ---- writing ---------------------------------------------------------- */

/* The search text: names and ID numbers, tab-separated, then the
 * address; ASCII lower-cased (Chinese is matched as typed). */
static char *search_text(const core_household *h, size_t *len)
{
	size_t n = strlen(h->address) + 1;
	char *t, *p;
	for (size_t i = 0; i < h->n_members; i++)
		n += strlen(h->members[i].name) + strlen(h->members[i].id_number) + 2;
	if (!(t = malloc(n)))
		return NULL;
	p = t;
	for (size_t i = 0; i < h->n_members; i++)
		p += sprintf(p, "%s\t%s\t", h->members[i].name,
		             h->members[i].id_number);
	p += sprintf(p, "%s", h->address);
	*len = (size_t)(p - t);
	for (p = t; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return t;
}

/* The latest assessment's row: its warning, its schedule's months and
 * its class. */
static ds_status glance(ds_store *s, const char *id, store_summary *m,
                        ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	/* a household just added has no assessment */
	if (s->created_hint.set && !strcmp(s->created_hint.household, id))
		return DS_OK;
	/* the household just assessed: what was written a moment ago */
	if (s->assessed_hint.set && !strcmp(s->assessed_hint.household, id)) {
		m->warning = s->assessed_hint.warning;
		if (s->assessed_hint.has_t) {
			m->t_first = s->assessed_hint.t_first;
			m->t_months = s->assessed_hint.t_months;
		}
		if (s->assessed_hint.cls.known) {
			m->class_known = true;
			m->cls = s->assessed_hint.cls.cls;
		}
		return DS_OK;
	}
	if (!(q = store_stmt(s, STMT_SUMMARY_GLANCE)))
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *tf = (const char *)sqlite3_column_text(q, 1);
		const char *cls = (const char *)sqlite3_column_text(q, 3);
		int c = cls ? core_class_lookup(cls) : -1;
		core_month f;
		m->warning = sqlite3_column_int(q, 0) != 0;
		if (tf && !core_month_parse(tf, &f, "", NULL)) {
			m->t_first = f;
			m->t_months = sqlite3_column_int(q, 2);
		}
		if (c >= 0) {
			m->class_known = true;
			m->cls = (core_class)c;
		}
	}
	st = rc == SQLITE_DONE || rc == SQLITE_ROW ? DS_OK
	                                          : store_sql_fail(s, err, rc);
	sqlite3_reset(q); /* a statement kept by the handle */
	return st;
}

/* The schedule of the decision in force, while the case withdraws and
 * the caseload shows month k of n (as store_paid_in finds it). */
static ds_status schedule(ds_store *s, const store_household_row *row,
                          const store_case *k, store_summary *m,
                          ds_error *err)
{
	json_t *body = NULL, *tj;
	core_transition t;
	ds_status st = DS_OK;
	if (k->c.state != CORE_STATE_IN_TRANSITION || !m->t_months ||
	    !row->h.receiving || !k->decision_seq)
		return DS_OK;
	if ((st = store_event_body(s, k->decision_seq, &body, err)))
		return st;
	tj = json_object_get(json_object_get(body, "assessment"), "transition");
	if (json_is_object(tj) && !(st = store_transition_from_json(tj, &t, err)) &&
	    t.months > 0) {
		m->s_first = t.first;
		m->s_months = t.months < CORE_SCHEDULE_MAX ? t.months : CORE_SCHEDULE_MAX;
		for (int i = 0; i < m->s_months; i++)
			m->s_pay[i] = t.payments[i];
	}
	json_decref(body);
	return st;
}

/* Does the household's summary row hold this already (plaintext o, due
 * key due)? A row that does not open is not the same. */
static bool unchanged(ds_store *s, const char *id, const char *due,
                      const buf *o)
{
	sqlite3_stmt *q = store_stmt(s, STMT_SUMMARY_GET);
	unsigned char *plain = NULL;
	size_t plen = 0;
	char ad[96];
	bool same = false;
	/* the summary the walk read and opened for this household */
	if (s->walk_sum.set && !strcmp(s->walk_sum.household, id))
		return s->walk_sum.found && !strcmp(s->walk_sum.due, due) &&
		       s->walk_sum.plen == o->n &&
		       !memcmp(s->walk_sum.plain, o->b, o->n);
	if (!q)
		return false;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW &&
	    !strcmp((const char *)sqlite3_column_text(q, 0), due)) {
		store_summary_ad(ad, sizeof(ad), id, due, sqlite3_column_int64(q, 1));
		if (!store_unseal(&plain, &plen, sqlite3_column_blob(q, 2),
		                  (size_t)sqlite3_column_bytes(q, 2), ad,
		                  SEAL_KEY(s))) {
			same = plen == o->n && !memcmp(plain, o->b, plen);
			store_wipe(plain, plen);
			free(plain);
		}
	}
	sqlite3_reset(q); /* a statement kept by the handle */
	return same;
}

/* Seals and writes a summary, unless the row holds it already: a
 * summary is rewritten only when what it holds changes (an assessment
 * that finds what the last one found leaves it as it is), so its seq is
 * the event that last changed it, in the case files as in a rebuild. */
static ds_status put_row(ds_store *s, const char *id, int64_t seq,
                         const store_summary *m, bool look, ds_error *err)
{
	buf o = {NULL, 0, 0, false};
	unsigned char *sealed = NULL;
	size_t slen = 0;
	char ad[64], due[11];
	sqlite3_stmt *q;
	ds_status st;
	encode(&o, m);
	if (o.failed) {
		free(o.b);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	/* the seal binds the row's other columns: a row read is checked by
	 * opening it */
	due_key(s, m, due);
	if (look && unchanged(s, id, due, &o)) {
		store_wipe(o.b, o.n);
		free(o.b);
		return DS_OK;
	}
	store_summary_ad(ad, sizeof(ad), id, due, seq);
	st = store_seal(&sealed, &slen, o.b, o.n, ad, SEAL_KEY(s));
	store_wipe(o.b, o.n);
	free(o.b);
	if (st)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	if (!(q = store_stmt(s, STMT_SUMMARY_PUT))) {
		free(sealed);
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	}
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, due, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, seq);
	sqlite3_bind_blob(q, 4, sealed, (int)slen, SQLITE_STATIC);
	{
		int rc = sqlite3_step(q);
		st = rc == SQLITE_DONE ? DS_OK : store_sql_fail(s, err, rc);
	}
	sqlite3_reset(q); /* a statement kept by the handle */
	free(sealed);
	/* what the walk read of it is old now */
	if (s->walk_sum.set && !strcmp(s->walk_sum.household, id))
		s->walk_sum.set = false;
	return st;
}

/* look: whether the row may be there already (not for a household just
 * created: it is written without looking). */
static ds_status refresh_row(ds_store *s, const store_household_row *row,
                             int64_t seq, bool look, ds_error *err)
{
	store_summary m;
	store_case k;
	store_due_days days;
	char *search = NULL;
	const char *head;
	ds_status st;
	memset(&m, 0, sizeof(m));
	if ((st = store_case_of_row(s, row, &k, err)) ||
	    (st = store_due_case(s, row, &k, &m.due, &days, err)) ||
	    (st = glance(s, row->id, &m, err)) ||
	    (st = schedule(s, row, &k, &m, err)))
		return st;
	/* the class is kept only where the due rule needs it — a status that
	 * pays nothing, held once the case is decided — so that an assessment
	 * that gives a paid household its class does not write every summary
	 * again; the caseload reads the classes themselves from their table
	 * when it shows them (store_caseload_classes) */
	if (m.class_known && k.c.state != CORE_STATE_REFUSED &&
	    k.c.state != CORE_STATE_EXITED)
		m.class_known = false;
	m.applied_event = days.applied;
	m.opened_event = days.opened;
	m.began_event = days.began;
	m.members = (int)row->h.n_members;
	m.state = k.c.state;
	m.appeal = k.c.appeal_open;
	m.receiving = row->h.receiving;
	m.allowance = row->h.receiving ? row->h.allowance : 0;
	head = row->h.n_members ? row->h.members[core_household_head(&row->h)].name
	                        : "";
	m.head = head;
	m.head_len = strlen(head);
	m.address = row->h.address;
	m.address_len = strlen(row->h.address);
	if (!(search = search_text(&row->h, &m.search_len)))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	m.search = search;
	st = put_row(s, row->id, seq, &m, look, err);
	store_wipe(search, m.search_len);
	free(search);
	return st;
}

ds_status store_summary_refresh(ds_store *s, const char *household,
                                int64_t seq, ds_error *err)
{
	store_household_row row;
	bool kept;
	ds_status st;
	if ((st = store_summary_kept(s, &kept, err)) || !kept)
		return st;
	if ((st = store_household_get(s, household, &row, err)))
		return st;
	st = refresh_row(s, &row, seq, true, err);
	store_row_free(&row);
	return st;
}

ds_status store_summary_refresh_row(ds_store *s, const store_household_row *row,
                                    int64_t seq, ds_error *err)
{
	bool kept;
	ds_status st;
	if ((st = store_summary_kept(s, &kept, err)) || !kept)
		return st;
	return refresh_row(s, row, seq, true, err);
}

ds_status store_summary_created(ds_store *s, const char *household,
                                int64_t seq, const char *status,
                                const core_household *h, ds_error *err)
{
	/* the row as store_household_get would read it back: created and
	 * last changed by this event, the household borrowed, not owned */
	store_household_row row;
	bool kept;
	ds_status st;
	if ((st = store_summary_kept(s, &kept, err)) || !kept)
		return st;
	memset(&row, 0, sizeof(row));
	snprintf(row.id, sizeof(row.id), "%s", household);
	snprintf(row.status, sizeof(row.status), "%s", status);
	row.version = 1;
	row.created_seq = row.updated_seq = seq;
	row.h = *h;
	return refresh_row(s, &row, seq, false, err);
}

ds_status store_summary_build_all(ds_store *s, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st = DS_OK;
	bool kept;
	int rc;
	if ((st = store_summary_kept(s, &kept, err)) || !kept)
		return st;
	/* every household, not only this user's: another's may come back */
	if ((st = store_prep(s, "SELECT id FROM household ORDER BY created_seq",
	                     &q, err)))
		return st;
	while (!st && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_household_row row;
		char id[STORE_ID_BUF];
		snprintf(id, sizeof(id), "%s", (const char *)sqlite3_column_text(q, 0));
		if ((st = store_household_get(s, id, &row, err)))
			break;
		st = refresh_row(s, &row, row.updated_seq, true, err);
		store_row_free(&row);
	}
	if (!st && rc != SQLITE_DONE)
		st = store_sql_fail(s, err, rc);
	sqlite3_finalize(q);
	return st;
}

/* One summary opened: its row's columns checked by the seal. */
static ds_status open_row(ds_store *s, sqlite3_stmt *q, int col_id,
                          unsigned char **plain, size_t *plen,
                          store_summary *m, ds_error *err)
{
	const char *id = (const char *)sqlite3_column_text(q, col_id);
	char ad[96], where[64];
	*plain = NULL;
	*plen = 0;
	store_summary_ad(ad, sizeof(ad), id,
	                 (const char *)sqlite3_column_text(q, col_id + 1),
	                 sqlite3_column_int64(q, col_id + 2));
	if (!store_unseal(plain, plen, sqlite3_column_blob(q, col_id + 3),
	                  (size_t)sqlite3_column_bytes(q, col_id + 3), ad,
	                  SEAL_KEY(s)) &&
	    store_summary_decode(*plain, *plen, m))
		return DS_OK;
	if (*plain) {
		store_wipe(*plain, *plen);
		free(*plain);
		*plain = NULL;
	}
	snprintf(where, sizeof(where), "household %s", id ? id : "");
	return ds_fail(err, DS_EDAMAGED, where,
	               N_("its caseload summary is damaged or was altered; doorstep store rebuild restores it from the log"));
}

ds_status store_summary_open(ds_store *s, sqlite3_stmt *q, int col_id,
                             unsigned char **plain, size_t *plen,
                             store_summary *m, ds_error *err)
{
	return open_row(s, q, col_id, plain, plen, m, err);
}

/* Every summary whose next-due key the policy now in force moves: the
 * households first (the table is not written while it is read), then
 * each sealed again under its new key. */
ds_status store_summary_redue(ds_store *s, ds_error *err)
{
	sqlite3_stmt *q, *one = NULL;
	ds_status st = DS_OK;
	char (*ids)[STORE_ID_BUF] = NULL;
	size_t n = 0, cap = 0;
	bool kept;
	int rc;
	store_summary_forget(s);
	if ((st = store_summary_kept(s, &kept, err)) || !kept)
		return st;
	if ((st = store_prep(s, "SELECT household, due, seq, data FROM main.summary",
	                     &q, err)))
		return st;
	while (!st && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *old = (const char *)sqlite3_column_text(q, 1);
		unsigned char *plain;
		size_t plen;
		char due[11];
		store_summary m;
		if ((st = open_row(s, q, 0, &plain, &plen, &m, err)))
			break;
		due_key(s, &m, due);
		store_wipe(plain, plen);
		free(plain);
		if (old && !strcmp(old, due))
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			char (*ni)[STORE_ID_BUF] = realloc(ids, nc * sizeof(*ids));
			if (!ni) {
				st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
				break;
			}
			ids = ni;
			cap = nc;
		}
		snprintf(ids[n++], STORE_ID_BUF, "%s",
		         (const char *)sqlite3_column_text(q, 0));
	}
	if (!st && rc != SQLITE_DONE)
		st = store_sql_fail(s, err, rc);
	sqlite3_finalize(q);
	if (!st && n)
		st = store_prep(s, "SELECT household, due, seq, data FROM main.summary"
		                   " WHERE household = ?", &one, err);
	for (size_t i = 0; !st && i < n; i++) {
		unsigned char *plain;
		size_t plen;
		store_summary m;
		sqlite3_reset(one);
		sqlite3_bind_text(one, 1, ids[i], -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(one)) != SQLITE_ROW) {
			st = store_sql_fail(s, err, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc);
			break;
		}
		if ((st = open_row(s, one, 0, &plain, &plen, &m, err)))
			break;
		st = put_row(s, ids[i], sqlite3_column_int64(one, 2), &m, false, err);
		store_wipe(plain, plen);
		free(plain);
	}
	sqlite3_finalize(one);
	free(ids);
	return st;
}
