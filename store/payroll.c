/* payroll.c — the monthly payment roll out of the log: each household's
 * pay facts read from its decisions, the issued months (payroll.issued
 * events of this store), a roll made for a month (as issued, made again
 * from the log as it stood, or as it would be issued now), issuing and
 * checking. The arithmetic is core/payroll.c's; the files are
 * rollfile.c's; the formats are in ROLL.md. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/event.h"
#include "core/workflow.h"
#include "store/assessjson.h"
#include "store/hhjson.h"
#include "store/internal.h"
#include "store/payroll.h"
#include "store/replica.h"

/* ---- the issued months ---------------------------------------------------- */

typedef struct {
	core_month month;
	int64_t upto, seq;
	char hash_hex[65];
	char by[STORE_USER_MAX];
	core_date on;
	bool oneoffs; /* carries one-off payments (rolls issued since they
	                 existed say so) */
	json_t *body; /* owned */
} issued;

typedef struct {
	issued *v;
	size_t n;
} issued_list;

static void issued_free(issued_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		json_decref(l->v[i].body);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static ds_status bad_issue(int64_t seq, ds_error *err)
{
	char where[48];
	snprintf(where, sizeof(where), "event %lld", (long long)seq);
	return ds_fail(err, DS_EDAMAGED, where,
	               N_("a month's issued roll cannot be read"));
}

/* This store's payroll.issued events, in the order issued: only its own
 * (a roll is the county's, made here; one that came from elsewhere
 * would be no roll of this store's log). */
static ds_status read_issued(ds_store *s, issued_list *out, ds_error *err)
{
	store_device_pub me;
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((st = store_device(s, &me, NULL, NULL, err)))
		return st;
	rc = sqlite3_prepare_v2(s->db, "SELECT seq, author FROM event WHERE kind = ?1"
	                               " AND device = ?2 ORDER BY seq", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_text(q, 1, core_event_id(CORE_EVENT_PAYROLL_ISSUED), -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 2, me.device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	while (!st && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(q, 0);
		const char *author = (const char *)sqlite3_column_text(q, 1);
		json_t *body = NULL;
		issued *n, *it;
		const char *m, *h, *day;
		if ((st = store_event_body(s, seq, &body, err)))
			break;
		m = json_string_value(json_object_get(body, "month"));
		h = json_string_value(json_object_get(body, "hash"));
		day = json_string_value(json_object_get(body, "day"));
		if (!(n = realloc(out->v, (out->n + 1) * sizeof(*n)))) {
			json_decref(body);
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			break;
		}
		out->v = n;
		it = &out->v[out->n];
		memset(it, 0, sizeof(*it));
		it->body = body;
		it->seq = seq;
		it->upto = json_integer_value(json_object_get(body, "upto"));
		if (!m || core_month_parse(m, &it->month, "month", NULL) || !h ||
		    strlen(h) != 64 || !day || core_date_parse(day, &it->on, "day", NULL) ||
		    it->upto <= 0 || it->upto >= seq ||
		    (out->n && it->month != out->v[out->n - 1].month + 1)) {
			json_decref(body);
			st = bad_issue(seq, err);
			break;
		}
		snprintf(it->hash_hex, sizeof(it->hash_hex), "%s", h);
		it->oneoffs = json_is_true(json_object_get(body, "oneoffs"));
		snprintf(it->by, sizeof(it->by), "%s", author ? author : "");
		out->n++;
	}
	if (!st && rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = store_sql_fail(s, err, rc);
	sqlite3_finalize(q);
	if (st)
		issued_free(out);
	return st;
}

ds_status store_roll_issued(ds_store *s, core_month **months, size_t *n,
                            ds_error *err)
{
	issued_list l;
	ds_status st = read_issued(s, &l, err);
	*months = NULL;
	*n = 0;
	if (st)
		return st;
	if (l.n && !(*months = malloc(l.n * sizeof(**months)))) {
		issued_free(&l);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	for (size_t i = 0; i < l.n; i++)
		(*months)[i] = l.v[i].month;
	*n = l.n;
	issued_free(&l);
	return DS_OK;
}

/* ---- the decisions' events ------------------------------------------------ */

/* The kinds of event that change what is paid. */
static bool pays(const char *kind)
{
	return core_event_is(kind, CORE_EVENT_CASE_FINALIZED) ||
	       core_event_is(kind, CORE_EVENT_CASE_REFUSED) ||
	       core_event_is(kind, CORE_EVENT_CASE_SUSPENDED) ||
	       core_event_is(kind, CORE_EVENT_CASE_RESUMED) ||
	       core_event_is(kind, CORE_EVENT_CASE_TRANSITION_ENDED) ||
	       core_event_is(kind, CORE_EVENT_APPEAL_DECIDED);
}

typedef struct {
	char entity[STORE_ID_BUF];
	int64_t seq;
	uint64_t hlc;
	core_event_kind kind;
} pay_event;

typedef struct {
	pay_event *v;
	size_t n;
} pay_events;

/* The kinds of event that pay once: temporary assistance approved or
 * paid first. */
static bool pays_once(const char *kind)
{
	return core_event_is(kind, CORE_EVENT_RELIEF_DECIDED) ||
	       core_event_is(kind, CORE_EVENT_RELIEF_PAID_FIRST);
}

static bool pay_event_add(pay_events *l, size_t *cap, const char *entity,
                          int64_t seq, uint64_t hlc, const char *kind)
{
	pay_event *e;
	if (l->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		pay_event *nv = realloc(l->v, nc * sizeof(*nv));
		if (!nv)
			return false;
		l->v = nv;
		*cap = nc;
	}
	e = &l->v[l->n++];
	snprintf(e->entity, sizeof(e->entity), "%s", entity);
	e->seq = seq;
	e->hlc = hlc;
	e->kind = (core_event_kind)core_event_lookup(kind);
	return true;
}

/* Every event of the kinds that pay (out) and that pay once (once), by
 * household then log order: one pass over the log's plain columns;
 * bodies are read per household. */
static ds_status read_pay_events(ds_store *s, pay_events *out, pay_events *once,
                                 ds_error *err)
{
	sqlite3_stmt *q;
	size_t cap = 0, cap1 = 0;
	int rc = sqlite3_prepare_v2(s->db, "SELECT entity, seq, hlc, kind FROM event"
	                                   " WHERE kind LIKE 'case.%' OR kind LIKE 'appeal.%'"
	                                   " OR kind LIKE 'relief.%' ORDER BY entity, seq",
	                            -1, &q, NULL);
	memset(out, 0, sizeof(*out));
	memset(once, 0, sizeof(*once));
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(q, 3);
		const char *entity = (const char *)sqlite3_column_text(q, 0);
		pay_events *l;
		if (!kind || !entity || strlen(entity) >= STORE_ID_BUF)
			continue;
		l = pays(kind) ? out : pays_once(kind) ? once : NULL;
		if (l && !pay_event_add(l, l == out ? &cap : &cap1, entity,
		                        sqlite3_column_int64(q, 1),
		                        (uint64_t)sqlite3_column_int64(q, 2), kind)) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		free(out->v);
		free(once->v);
		out->v = once->v = NULL;
		out->n = once->n = 0;
		return rc == SQLITE_NOMEM ? ds_fail(err, DS_ESYSTEM, "", N_("out of memory"))
		                          : store_sql_fail(s, err, rc);
	}
	return DS_OK;
}

/* The first of the household's events in the list (they are sorted). */
static size_t first_of(const pay_events *l, const char *entity)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(l->v[mid].entity, entity) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static core_date day_of_hlc(uint64_t hlc)
{
	time_t t = (time_t)((hlc >> 16) / 1000);
	struct tm tm;
	if (!gmtime_r(&t, &tm) ||
	    !core_date_valid(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday))
		return 0;
	return core_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The day a step was taken: its "day" (events before it was recorded:
 * the day of its clock). */
static core_date step_day(json_t *body, uint64_t hlc)
{
	core_date d;
	const char *t = json_string_value(json_object_get(body, "day"));
	if (t && !core_date_parse(t, &d, "day", NULL))
		return d;
	return day_of_hlc(hlc);
}

typedef struct {
	core_policy *versions;
	int64_t *seqs;
	size_t n;
	const core_policy **ptrs;
} policies;

/* The month a payment change made on day takes effect: the step's event
 * says (pays_from); one written before it did, the policy in force that
 * day among those the log held when the step was made (a policy imported
 * later does not move a month already paid). */
static ds_status start_month(const policies *p, json_t *body, core_date day,
                             int64_t seq, core_month *m, ds_error *err)
{
	const char *pf = json_string_value(json_object_get(body, "pays_from"));
	size_t known = 0;
	int pick;
	if (pf && !core_month_parse(pf, m, "pays_from", NULL))
		return DS_OK;
	while (known < p->n && p->seqs[known] < seq)
		known++;
	pick = known ? core_policy_pick(p->ptrs, known, day) : -1;
	if (pick < 0) {
		char d[11], where[48];
		core_date_format(day, d);
		snprintf(where, sizeof(where), "event %lld", (long long)seq);
		return ds_fail(err, DS_EINPUT, where,
		               N_("no policy in this store is in force on %s"), d);
	}
	*m = core_pay_start(&p->versions[pick], day);
	return DS_OK;
}

typedef struct {
	core_payfact *v;
	size_t n, cap;
	sqlite3_stmt *ref; /* an event's name across stores, prepared once */
} fact_list;

/* The name of event seq across stores (store_event_ref's, with the
 * statement kept: a roll names an event for every household). */
static void ref_of(ds_store *s, fact_list *l, int64_t seq, char out[64])
{
	out[0] = '\0';
	if (!l->ref && sqlite3_prepare_v2(s->db, "SELECT device, epoch, dseq FROM event"
	                                         " WHERE seq = ?", -1, &l->ref, NULL) != SQLITE_OK) {
		l->ref = NULL;
		return;
	}
	sqlite3_reset(l->ref);
	sqlite3_bind_int64(l->ref, 1, seq);
	if (sqlite3_step(l->ref) == SQLITE_ROW &&
	    sqlite3_column_bytes(l->ref, 0) == STORE_DEVICE_BYTES) {
		char hex[2 * STORE_DEVICE_BYTES + 1];
		store_hex(hex, sqlite3_column_blob(l->ref, 0), STORE_DEVICE_BYTES);
		snprintf(out, 64, "%s:%lld:%lld", hex,
		         (long long)sqlite3_column_int64(l->ref, 1),
		         (long long)sqlite3_column_int64(l->ref, 2));
	}
	sqlite3_reset(l->ref);
}

static core_payfact *fact_new(fact_list *l, ds_error *err)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 8;
		core_payfact *nv = realloc(l->v, nc * sizeof(*nv));
		if (!nv) {
			ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			return NULL;
		}
		l->v = nv;
		l->cap = nc;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

/* The assessment a decision rests on (the case's refs.decision). */
static ds_status decision_assessment(ds_store *s, json_t *c, int64_t at,
                                     json_t **body, json_t **assessment,
                                     ds_error *err)
{
	const char *ref = json_string_value(
	        json_object_get(json_object_get(c, "refs"), "decision"));
	int64_t seq = ref && *ref ? store_ref_seq(s, ref) : 0;
	ds_status st;
	*body = *assessment = NULL;
	if (!seq) {
		char where[48];
		snprintf(where, sizeof(where), "event %lld", (long long)at);
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("the assessment this decision rests on is not in the log"));
	}
	if ((st = store_event_body(s, seq, body, err)))
		return st;
	*assessment = json_object_get(*body, "assessment");
	return DS_OK;
}

/* The ladder's class of a decision's assessment, when it has one. */
static void fact_class(core_payfact *f, json_t *a)
{
	store_class c;
	store_class_from_body(a, &c);
	f->classified = c.known;
	f->cls = c.cls;
}

/* A decision's fact: what its outcome pays from the month it takes
 * effect. */
static ds_status decision_fact(ds_store *s, const policies *p, json_t *body,
                               const pay_event *e, const char *ref,
                               fact_list *out, ds_error *err)
{
	json_t *c = json_object_get(body, "case"), *abody = NULL, *a;
	const char *outcome = json_string_value(json_object_get(c, "outcome"));
	const char *decided = json_string_value(json_object_get(c, "decided"));
	core_date on;
	core_payfact *f;
	ds_status st;
	if (!outcome || !decided || core_date_parse(decided, &on, "decided", NULL))
		return DS_OK; /* no decision in it */
	if (!strcmp(outcome, core_outcome_id(CORE_OUTCOME_GRANT))) {
		const char *pf = json_string_value(json_object_get(c, "pay_from"));
		core_assessment as;
		if ((st = decision_assessment(s, c, e->seq, &abody, &a, err)))
			return st;
		memset(&as, 0, sizeof(as));
		if (core_money_parse(json_string_value(json_object_get(a, "payment")),
		                     false, &as.payment, "", NULL) ||
		    core_money_parse(json_string_value(json_object_get(a, "topups")),
		                     false, &as.topups, "", NULL)) {
			char where[48];
			json_decref(abody);
			snprintf(where, sizeof(where), "event %lld", (long long)e->seq);
			return ds_fail(err, DS_EDAMAGED, where,
			               N_("the assessment this decision rests on cannot be read"));
		}
		if (!(f = fact_new(out, err))) {
			json_decref(abody);
			return DS_ESYSTEM;
		}
		fact_class(f, a);
		json_decref(abody);
		f->kind = CORE_PAYFACT_SET;
		if (!pf || !*pf || core_month_parse(pf, &f->from, "pay_from", NULL))
			st = start_month(p, body, on, e->seq, &f->from, err);
		f->topups = as.topups <= as.payment ? as.topups : 0;
		f->allowance = as.payment - f->topups;
	} else if (!strcmp(outcome, core_outcome_id(CORE_OUTCOME_TRANSITION))) {
		if ((st = decision_assessment(s, c, e->seq, &abody, &a, err)))
			return st;
		if (!(f = fact_new(out, err))) {
			json_decref(abody);
			return DS_ESYSTEM;
		}
		f->kind = CORE_PAYFACT_SCHEDULE;
		fact_class(f, a);
		st = store_transition_from_json(json_object_get(a, "transition"),
		                                &f->schedule, err);
		json_decref(abody);
		if (!st)
			st = start_month(p, body, on, e->seq, &f->from, err);
	} else if (!strcmp(outcome, core_outcome_id(CORE_OUTCOME_STOP)) ||
	           !strcmp(outcome, core_outcome_id(CORE_OUTCOME_REFUSE))) {
		if (!(f = fact_new(out, err)))
			return DS_ESYSTEM;
		f->kind = CORE_PAYFACT_STOP;
		st = start_month(p, body, on, e->seq, &f->from, err);
	} else {
		return DS_OK;
	}
	if (st)
		return st;
	f->on = on;
	f->seq = e->seq;
	f->order = (int64_t)(e->hlc >> 1);
	snprintf(f->ref, sizeof(f->ref), "%s", ref);
	{
		const char *basis = json_string_value(
		        json_object_get(json_object_get(c, "refs"), "decision"));
		snprintf(f->basis, sizeof(f->basis), "%s", basis ? basis : "");
	}
	return DS_OK;
}

/* The household's pay facts: what it received before doorstep (the
 * household as created, or as it is when no decision was made since)
 * from the first month the books were open when it came (months the
 * county had paid already, without it, were the old rolls' business),
 * then each decision, suspension, resumption, end of a withdrawal and
 * overturn, in log order. */
static ds_status household_facts(ds_store *s, const policies *p,
                                 const pay_events *evs,
                                 const store_household_row *row,
                                 core_month open, fact_list *out,
                                 ds_error *err)
{
	size_t i = first_of(evs, row->id);
	bool any = i < evs->n && !strcmp(evs->v[i].entity, row->id);
	int64_t last_decision = -1; /* index in out of the last decision */
	ds_status st = DS_OK;
	char ref[64];
	out->n = 0;
	/* before any decision: as created */
	{
		bool receiving = row->h.receiving;
		core_fen allowance = row->h.allowance;
		core_month since = row->h.since;
		if (any) {
			json_t *body = NULL, *rec;
			core_household h0;
			if ((st = store_event_body(s, row->created_seq, &body, err)))
				return st;
			rec = json_object_get(json_object_get(body, "household"), "receiving");
			receiving = false;
			if (json_is_object(rec)) {
				core_household_init(&h0);
				if (!store_household_from_json(json_object_get(body, "household"),
				                               &h0, NULL)) {
					receiving = h0.receiving;
					allowance = h0.allowance;
					since = h0.since;
				}
				core_household_free(&h0);
			}
			json_decref(body);
		}
		if (receiving && allowance > 0 && since) {
			core_payfact *f = fact_new(out, err);
			if (!f)
				return DS_ESYSTEM;
			f->kind = CORE_PAYFACT_SET;
			f->from = since > open ? since : open;
			f->on = core_month_first_day(since);
			f->seq = row->created_seq;
			f->order = 0; /* before any decision of the same day */
			f->allowance = allowance;
			ref_of(s, out, row->created_seq, ref);
			snprintf(f->ref, sizeof(f->ref), "%s", ref);
		}
	}
	for (; !st && i < evs->n && !strcmp(evs->v[i].entity, row->id); i++) {
		const pay_event *e = &evs->v[i];
		json_t *body = NULL, *c;
		core_date day;
		if ((st = store_event_body(s, e->seq, &body, err)))
			break;
		c = json_object_get(body, "case");
		day = step_day(body, e->hlc);
		ref_of(s, out, e->seq, ref);
		switch (e->kind) {
		case CORE_EVENT_CASE_FINALIZED:
		case CORE_EVENT_CASE_REFUSED: {
			size_t before = out->n;
			st = decision_fact(s, p, body, e, ref, out, err);
			if (!st && out->n > before)
				last_decision = (int64_t)out->n - 1;
			break;
		}
		case CORE_EVENT_CASE_SUSPENDED:
		case CORE_EVENT_CASE_RESUMED: {
			core_payfact *f = fact_new(out, err);
			if (!f) {
				st = DS_ESYSTEM;
				break;
			}
			f->kind = e->kind == CORE_EVENT_CASE_SUSPENDED ? CORE_PAYFACT_SUSPEND
			                                               : CORE_PAYFACT_RESUME;
			f->on = day;
			f->seq = e->seq;
			f->order = (int64_t)(e->hlc >> 1);
			snprintf(f->ref, sizeof(f->ref), "%s", ref);
			st = start_month(p, body, day, e->seq, &f->from, err);
			break;
		}
		case CORE_EVENT_CASE_TRANSITION_ENDED: {
			/* its event says from when (pays_from: an early end stops
			 * payment as the policy says); one written before it
			 * did ended with its schedule */
			const char *rd = json_string_value(json_object_get(c, "referral_date"));
			const char *pf = json_string_value(json_object_get(body, "pays_from"));
			core_date r;
			core_payfact *f;
			if (!(f = fact_new(out, err))) {
				st = DS_ESYSTEM;
				break;
			}
			f->kind = CORE_PAYFACT_STOP;
			if (!pf || core_month_parse(pf, &f->from, "pays_from", NULL)) {
				if (!rd || core_date_parse(rd, &r, "referral_date", NULL))
					r = day;
				f->from = core_month_of_date(r);
			}
			f->on = day;
			f->seq = e->seq;
			f->order = (int64_t)(e->hlc >> 1);
			snprintf(f->ref, sizeof(f->ref), "%s", ref);
			break;
		}
		case CORE_EVENT_APPEAL_DECIDED: {
			/* an overturn that gives back what was paid before the
			 * decision voids it: what stood before is owed again */
			const char *d = json_string_value(json_object_get(body, "decision"));
			const char *state = json_string_value(json_object_get(c, "state"));
			const char *basis = json_string_value(
			        json_object_get(json_object_get(c, "refs"), "decision"));
			int64_t which = last_decision;
			/* the decision appealed is the one the case rested on when
			 * the appeal was decided: by its assessment, whatever order
			 * the log holds the two laptops' events in */
			for (size_t k = 0; basis && *basis && k < out->n; k++)
				if (!strcmp(out->v[k].basis, basis) && !out->v[k].void_)
					which = (int64_t)k;
			if (d && !strcmp(d, "overturn") && which >= 0 && state &&
			    (!strcmp(state, core_state_id(CORE_STATE_RECEIVING)) ||
			     !strcmp(state, core_state_id(CORE_STATE_IN_TRANSITION)))) {
				core_payfact *f = &out->v[which];
				f->void_ = true;
				f->void_seq = e->seq;
				f->void_on = day;
				snprintf(f->void_ref, sizeof(f->void_ref), "%s", ref);
				last_decision = -1;
			}
			break;
		}
		default:
			break;
		}
		json_decref(body);
	}
	if (!st)
		core_payfacts_sort(out->v, out->n);
	return st;
}

/* The household as it stood when the log ended at upto, when something
 * changed it since (its row is as it stood otherwise): the latest
 * household event by then. */
static ds_status household_asof(ds_store *s, const store_household_row *row,
                                int64_t upto, core_household *h, bool *found,
                                ds_error *err)
{
	sqlite3_stmt *q;
	int rc;
	ds_status st = DS_OK;
	*found = false;
	if (row->created_seq > upto)
		return DS_OK;
	rc = sqlite3_prepare_v2(s->db, "SELECT seq FROM event WHERE entity = ?1 AND seq <= ?2"
	                               " AND kind IN (?3, ?4) ORDER BY seq DESC LIMIT 1",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_text(q, 1, row->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, upto);
	sqlite3_bind_text(q, 3, core_event_id(CORE_EVENT_HOUSEHOLD_CREATED), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, core_event_id(CORE_EVENT_HOUSEHOLD_CHANGED), -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		json_t *body = NULL;
		int64_t seq = sqlite3_column_int64(q, 0);
		if (!(st = store_event_body(s, seq, &body, err))) {
			st = store_household_from_json(json_object_get(body, "household"), h, err);
			if (st)
				st = store_bad_body(&(store_event){.seq = seq, .kind = "household"}, err);
			*found = !st;
		}
		json_decref(body);
	} else if (rc != SQLITE_DONE) {
		st = store_sql_fail(s, err, rc);
	}
	sqlite3_finalize(q);
	return st;
}

/* ---- making a roll ---------------------------------------------------------- */

typedef struct {
	ds_store *s;
	policies pol;
	pay_events evs;
	pay_events reliefs;  /* the events that pay once */
	issued_list iss;
	core_pay_issued *pi; /* iss as core_pay_oneoff_month sees it */
	size_t target;       /* index in iss of the month when issued; iss.n: not */
	core_month month;
	int64_t upto;
	bool corrections;
	fact_list facts;
	store_roll *roll;
	size_t cap;
	/* per household, for the areas' sums */
	struct hh {
		core_area township, village;
		size_t first, n; /* its rows */
		bool stopped, suspended;
		char id[STORE_ID_BUF];
	} *hh;
	size_t n_hh, cap_hh;
	ds_error *err;
} making;

static ds_status add_row(making *m, const store_household_row *row,
                         const core_household *h, const core_payline *line)
{
	store_rollrow *r;
	size_t head;
	if (m->roll->n == m->cap) {
		/* not realloc: the old block, names and accounts in it, is
		 * wiped before it goes */
		size_t nc = m->cap ? m->cap * 2 : 1024;
		store_rollrow *nv = malloc(nc * sizeof(*nv));
		if (!nv)
			return ds_fail(m->err, DS_ESYSTEM, "", N_("out of memory"));
		if (m->roll->n) {
			memcpy(nv, m->roll->rows, m->roll->n * sizeof(*nv));
			sodium_memzero(m->roll->rows, m->roll->n * sizeof(*nv));
		}
		free(m->roll->rows);
		m->roll->rows = nv;
		m->cap = nc;
	}
	r = &m->roll->rows[m->roll->n++];
	memset(r, 0, sizeof(*r));
	snprintf(r->household, sizeof(r->household), "%s", row->id);
	r->township = h->township;
	r->village = h->village;
	head = core_household_head(h);
	if (h->n_members) {
		snprintf(r->head, sizeof(r->head), "%s", h->members[head].name);
		snprintf(r->head_id, sizeof(r->head_id), "%s", h->members[head].id_number);
	}
	r->members = (int)h->n_members;
	r->payee = h->payee;
	r->line = *line;
	return DS_OK;
}

/* ---- one-off payments ------------------------------------------------------ */

typedef struct {
	core_payline line;   /* its month: the month it was paid or approved */
	int64_t seq;
	bool first;          /* paid first; else the approval */
	char relief[STORE_ID_BUF];
} oneoff;

/* A relief event's payment: paid first, its amount; decided, what is
 * left after any paid first when approved (a refusal pays nothing more:
 * what was paid first stays paid). o->line.amount is 0 when it pays
 * nothing. */
static ds_status oneoff_of(ds_store *s, const pay_event *e, oneoff *o,
                           ds_error *err)
{
	json_t *body = NULL, *c;
	const char *id, *cause, *state, *day;
	core_fen amount = 0, first = 0, approved = 0;
	core_date on;
	int ci;
	ds_status st;
	memset(o, 0, sizeof(*o));
	if ((st = store_event_body(s, e->seq, &body, err)))
		return st;
	c = json_object_get(body, "case");
	id = json_string_value(json_object_get(body, "relief"));
	cause = json_string_value(json_object_get(c, "cause"));
	state = json_string_value(json_object_get(c, "state"));
	o->first = e->kind == CORE_EVENT_RELIEF_PAID_FIRST;
	day = json_string_value(json_object_get(c, o->first ? "paid_first_on" : "decided"));
	if (!id || strlen(id) >= STORE_ID_BUF || !cause ||
	    (ci = core_relief_cause_lookup(cause)) < 0 || !state ||
	    core_money_parse(json_string_value(json_object_get(c, "paid_first")), true,
	                     &first, "paid_first", NULL) ||
	    core_money_parse(json_string_value(json_object_get(c, "approved")), true,
	                     &approved, "approved", NULL)) {
		char where[48];
		json_decref(body);
		snprintf(where, sizeof(where), "event %lld", (long long)e->seq);
		return ds_fail(err, DS_EDAMAGED, where, N_("a relief case's step cannot be read"));
	}
	o->seq = e->seq;
	snprintf(o->relief, sizeof(o->relief), "%s", id);
	if (o->first)
		amount = first;
	else if (!strcmp(state, core_relief_state_id(CORE_RELIEF_APPROVED)))
		amount = approved - first;
	if (amount > 0 && day && !core_date_parse(day, &on, "day", NULL)) {
		o->line.kind = core_payline_of_relief((core_relief_cause)ci);
		o->line.month = core_month_of_date(on);
		o->line.allowance = o->line.amount = amount;
		/* the line names its case: relief show ID */
		snprintf(o->line.ref, sizeof(o->line.ref), "%s", id);
	}
	json_decref(body);
	return DS_OK;
}

/* The step a step lost to, when two laptops made one each at the same
 * time and it was set aside (table conflict); 0 when it was not. */
static ds_status set_aside_by(making *m, int64_t seq, int64_t *winner)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*winner = 0;
	if ((st = store_prep(m->s, "SELECT winner FROM conflict WHERE loser = ?", &q, m->err)))
		return st;
	sqlite3_bind_int64(q, 1, seq);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*winner = sqlite3_column_int64(q, 0);
	return store_done(m->s, q, rc, m->err);
}

/* The household's one-off lines on the roll of month mo (upto: as the
 * log stood then): for each relief case, its sum paid first and what its
 * approval leaves, each paid once on the roll core_pay_oneoff_pick says —
 * of two made at the same time on two laptops, the one that was not set
 * aside (or the one an issued roll paid already). */
static ds_status household_oneoffs(making *m, const store_household_row *row,
                                   core_month mo, int64_t upto,
                                   core_payline *lines, size_t max, size_t *n)
{
	oneoff all[CORE_PAYLINES_MAX];
	core_oneoff c[CORE_PAYLINES_MAX];
	bool done[CORE_PAYLINES_MAX] = {false};
	size_t k = 0;
	ds_status st;
	*n = 0;
	for (size_t i = first_of(&m->reliefs, row->id);
	     i < m->reliefs.n && !strcmp(m->reliefs.v[i].entity, row->id); i++) {
		const pay_event *e = &m->reliefs.v[i];
		if (e->seq > upto)
			break;
		if (k == CORE_PAYLINES_MAX)
			return ds_fail(m->err, DS_EINPUT, "lines",
			               N_("more lines for one household than a roll holds"));
		if ((st = oneoff_of(m->s, e, &all[k], m->err)))
			return st;
		if (all[k].line.amount > 0)
			k++;
	}
	/* each case's payment of each kind (paid first, approved) in turn */
	for (size_t j = 0; j < k; j++) {
		size_t idx[CORE_PAYLINES_MAX], nc = 0;
		core_month roll;
		bool on_issued;
		int pick;
		if (done[j])
			continue;
		for (size_t i = j; i < k; i++)
			if (!done[i] && all[i].first == all[j].first &&
			    !strcmp(all[i].relief, all[j].relief)) {
				done[i] = true;
				c[nc].month = all[i].line.month;
				c[nc].seq = all[i].seq;
				if ((st = set_aside_by(m, all[i].seq, &c[nc].void_seq)))
					return st;
				idx[nc++] = i;
			}
		pick = core_pay_oneoff_pick(m->pi, m->iss.n, c, nc, upto, &roll, &on_issued);
		if (pick < 0 || roll != mo)
			continue;
		if (*n == max)
			return ds_fail(m->err, DS_EINPUT, "lines",
			               N_("more lines for one household than a roll holds"));
		lines[(*n)++] = all[idx[pick]].line;
	}
	return DS_OK;
}

/* The household's pay facts into m->facts, and what the first n issued
 * rolls paid it (*paid, malloc'd; NULL when it has no facts), each roll
 * made again as the log stood when it was issued. */
static ds_status household_paid(making *m, const store_household_row *row,
                                size_t n, core_pay_paid **out)
{
	core_payline lines[CORE_PAYLINES_MAX];
	core_pay_status stt;
	core_pay_paid *paid;
	size_t nl = 0;
	core_month open = 0;
	ds_status st = DS_OK;
	*out = NULL;
	/* the books' first open month when it came into the log */
	for (size_t i = 0; i < m->iss.n && m->iss.v[i].upto < row->created_seq; i++)
		open = m->iss.v[i].month + 1;
	if ((st = household_facts(m->s, &m->pol, &m->evs, row, open, &m->facts,
	                          m->err)) ||
	    !m->facts.n)
		return st;
	if (!(paid = malloc(sizeof(*paid))))
		return ds_fail(m->err, DS_ESYSTEM, "", N_("out of memory"));
	core_pay_paid_init(paid);
	for (size_t i = 0; !st && i < n && i < m->iss.n; i++)
		if (!(st = core_pay_lines(m->facts.v, m->facts.n, m->iss.v[i].month,
		                          m->iss.v[i].upto, paid, true, lines,
		                          CORE_PAYLINES_MAX, &nl, &stt, m->err)))
			st = core_pay_issue(paid, m->iss.v[i].month, m->iss.v[i].upto,
			                    lines, nl, m->err);
	if (st)
		free(paid);
	else
		*out = paid;
	return st;
}

static ds_status each_household(const store_household_row *row, void *ctx)
{
	making *m = ctx;
	core_pay_paid *paid = NULL;
	core_payline lines[CORE_PAYLINES_MAX];
	core_pay_status stt;
	size_t nl = 0, no = 0;
	ds_status st;
	if (row->created_seq > m->upto)
		return DS_OK;
	memset(&stt, 0, sizeof(stt));
	if ((st = household_paid(m, row, m->target, &paid)))
		return st;
	if (paid) {
		st = core_pay_lines(m->facts.v, m->facts.n, m->month, m->upto, paid,
		                    m->corrections, lines, CORE_PAYLINES_MAX, &nl, &stt,
		                    m->err);
		free(paid);
		if (st)
			return st;
	}
	/* then what is paid once: temporary assistance */
	if ((st = household_oneoffs(m, row, m->month, m->upto, lines + nl,
	                            CORE_PAYLINES_MAX - nl, &no)))
		return st;
	nl += no;
	if (!nl && !stt.stopped && !stt.suspended)
		return DS_OK;
	{
		core_household then;
		const core_household *hp = &row->h;
		bool found = false;
		struct hh *e;
		core_household_init(&then);
		if (row->updated_seq > m->upto) {
			if ((st = household_asof(m->s, row, m->upto, &then, &found, m->err))) {
				core_household_free(&then);
				return st;
			}
			if (found)
				hp = &then;
		}
		if (m->n_hh == m->cap_hh) {
			size_t nc = m->cap_hh ? m->cap_hh * 2 : 1024;
			struct hh *nv = realloc(m->hh, nc * sizeof(*nv));
			if (!nv) {
				core_household_free(&then);
				return ds_fail(m->err, DS_ESYSTEM, "", N_("out of memory"));
			}
			m->hh = nv;
			m->cap_hh = nc;
		}
		e = &m->hh[m->n_hh++];
		memset(e, 0, sizeof(*e));
		snprintf(e->id, sizeof(e->id), "%s", row->id);
		e->township = hp->township;
		e->village = hp->village;
		e->stopped = stt.stopped;
		e->suspended = stt.suspended;
		e->first = m->roll->n;
		e->n = nl;
		for (size_t i = 0; !st && i < nl; i++)
			st = add_row(m, row, hp, &lines[i]);
		core_household_free(&then);
		sodium_memzero(&then, sizeof(then));
	}
	return st;
}

static int cmp_hh(const void *x, const void *y)
{
	const struct hh *a = x, *b = y;
	int c = strcmp(a->township.code, b->township.code);
	if (!c)
		c = strcmp(a->village.code, b->village.code);
	return c ? c : strcmp(a->id, b->id);
}

/* A household's lines and its standing (stopped, suspended) in sum. */
static void sum_add(store_rollsum *sum, const struct hh *e,
                    const store_rollrow *rows)
{
	sum->stopped += e->stopped;
	sum->suspended += e->suspended;
	for (size_t i = 0; i < e->n; i++)
		store_roll_sum_add(sum, &rows[e->first + i], i == 0);
}

static store_rollarea *area_of(store_rollarea **list, size_t *n,
                               const core_area *a, const char *township)
{
	store_rollarea *nv;
	if (*n && !strcmp((*list)[*n - 1].area.code, a->code))
		return &(*list)[*n - 1];
	if (!(nv = realloc(*list, (*n + 1) * sizeof(*nv))))
		return NULL;
	*list = nv;
	memset(&nv[*n], 0, sizeof(nv[*n]));
	nv[*n].area = *a;
	snprintf(nv[*n].township, sizeof(nv[*n].township), "%s", township);
	return &nv[(*n)++];
}

static int cmp_area(const void *x, const void *y)
{
	return strcmp(((const store_rollarea *)x)->area.code,
	              ((const store_rollarea *)y)->area.code);
}

/* A line of the roll's canonical form (ROLL.md) into line, its length
 * returned (a line longer than the buffer is hashed cut, as it always
 * was). */
#define CANON_LINE_MAX 1024
#define CANON_TOTAL_MAX 128
static size_t canon_line(const store_rollrow *w, char line[CANON_LINE_MAX])
{
	char mo[8];
	int len;
	core_month_format(w->line.month, mo);
	len = snprintf(line, CANON_LINE_MAX,
	               "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%lld\t%lld\t%lld\t%s\n",
	               w->household, w->township.code, w->village.code,
	               w->payee.name, w->payee.bank, w->payee.account,
	               core_payline_id(w->line.kind), mo, w->line.k, w->line.n,
	               (long long)w->line.allowance, (long long)w->line.topups,
	               (long long)w->line.amount, w->line.ref);
	return (size_t)len < CANON_LINE_MAX ? (size_t)len : CANON_LINE_MAX - 1;
}

/* The canonical form's last line: the county's totals. */
static size_t canon_total(const store_rollsum *c, char line[CANON_TOTAL_MAX])
{
	int len = snprintf(line, CANON_TOTAL_MAX, "total\t%lld\t%lld\t%lld\t%lld\n",
	                   (long long)c->households, (long long)c->lines,
	                   (long long)c->stopped, (long long)c->total);
	return (size_t)len;
}

/* Rows in the order of their households (township, village, id), the
 * sums of each area and the county, and the hash of it all. */
static ds_status finish(making *m)
{
	store_roll *r = m->roll;
	store_rollrow *sorted = NULL;
	crypto_generichash_state hs;
	size_t k = 0;
	if (m->n_hh > 1)
		qsort(m->hh, m->n_hh, sizeof(*m->hh), cmp_hh);
	if (r->n && !(sorted = malloc(r->n * sizeof(*sorted))))
		return ds_fail(m->err, DS_ESYSTEM, "", N_("out of memory"));
	for (size_t i = 0; i < m->n_hh; i++) {
		struct hh *e = &m->hh[i];
		store_rollarea *t, *v;
		if (e->n)
			memcpy(&sorted[k], &r->rows[e->first], e->n * sizeof(*sorted));
		e->first = k;
		k += e->n;
		t = area_of(&r->townships, &r->n_townships, &e->township, "");
		v = area_of(&r->villages, &r->n_villages, &e->village, e->township.code);
		if (!t || !v) {
			free(sorted);
			return ds_fail(m->err, DS_ESYSTEM, "", N_("out of memory"));
		}
		sum_add(&t->sum, e, sorted);
		sum_add(&v->sum, e, sorted);
		sum_add(&r->county, e, sorted);
	}
	if (r->n)
		sodium_memzero(r->rows, r->n * sizeof(*r->rows));
	free(r->rows);
	r->rows = sorted;
	/* villages of one code under two townships' rows stay apart only
	 * if their codes differ; codes are unique by construction */
	if (r->n_villages > 1)
		qsort(r->villages, r->n_villages, sizeof(*r->villages), cmp_area);
	/* the hash of the canonical form (ROLL.md) */
	crypto_generichash_init(&hs, NULL, 0, sizeof(r->hash));
	for (size_t i = 0; i < r->n; i++) {
		char line[CANON_LINE_MAX];
		size_t len = canon_line(&r->rows[i], line);
		crypto_generichash_update(&hs, (const unsigned char *)line, len);
		sodium_memzero(line, sizeof(line));
	}
	{
		char line[CANON_TOTAL_MAX];
		size_t len = canon_total(&r->county, line);
		crypto_generichash_update(&hs, (const unsigned char *)line, len);
	}
	crypto_generichash_final(&hs, r->hash, sizeof(r->hash));
	return DS_OK;
}

/* ---- several months' totals at once ------------------------------------------ */

static void making_free(making *m)
{
	store_policies_free(m->pol.versions, m->pol.n);
	free(m->pol.seqs);
	free(m->pol.ptrs);
	free(m->evs.v);
	free(m->reliefs.v);
	free(m->pi);
	issued_free(&m->iss);
	free(m->facts.v);
	sqlite3_finalize(m->facts.ref);
	free(m->hh);
}


struct store_roll_totaller {
	making m;               /* its facts, policies, events, issued months */
	store_roll_total *t;
	size_t n;
	bool any_open;          /* a month not issued: households are read */
};
typedef struct store_roll_totaller totalling;

static ds_status total_household(const store_household_row *row, void *ctx)
{
	totalling *tt = ctx;
	making *m = &tt->m;
	core_pay_paid *paid;
	core_payline lines[CORE_PAYLINES_MAX];
	core_pay_status stt;
	size_t nl = 0;
	ds_status st;
	if ((st = household_paid(m, row, m->iss.n, &paid)))
		return st;
	for (size_t k = 0; !st && k < tt->n; k++) {
		store_roll_total *t = &tt->t[k];
		core_month mo = t->month;
		bool before_books = m->iss.n && mo < m->iss.v[0].month;
		bool corrections = !m->iss.n || mo == m->iss.v[m->iss.n - 1].month + 1;
		core_pay_paid none;
		store_rollrow r;
		size_t no = 0;
		if (t->issued)
			continue;
		if (before_books)
			core_pay_paid_init(&none);
		memset(&stt, 0, sizeof(stt));
		nl = 0;
		if (paid &&
		    (st = core_pay_lines(m->facts.v, m->facts.n, mo, INT64_MAX,
		                         before_books ? &none : paid, corrections,
		                         lines, CORE_PAYLINES_MAX, &nl, &stt, m->err)))
			break;
		if ((st = household_oneoffs(m, row, mo, INT64_MAX, lines + nl,
		                            CORE_PAYLINES_MAX - nl, &no)))
			break;
		nl += no;
		t->sum.stopped += stt.stopped;
		t->sum.suspended += stt.suspended;
		memset(&r, 0, sizeof(r));
		r.payee = row->h.payee;
		for (size_t i = 0; i < nl; i++) {
			r.line = lines[i];
			store_roll_sum_add(&t->sum, &r, i == 0);
		}
		sodium_memzero(&r, sizeof(r));
	}
	free(paid);
	return st;
}

/* An issued month's totals, as its event holds them. */
static ds_status issued_sum(const issued *it, store_rollsum *sum, ds_error *err)
{
	json_t *b = it->body, *kinds = json_object_get(b, "by_kind");
	memset(sum, 0, sizeof(*sum));
	sum->households = json_integer_value(json_object_get(b, "households"));
	sum->lines = json_integer_value(json_object_get(b, "lines"));
	sum->stopped = json_integer_value(json_object_get(b, "stopped"));
	sum->suspended = json_integer_value(json_object_get(b, "suspended"));
	if (core_money_parse(json_string_value(json_object_get(b, "total")), true,
	                     &sum->total, "total", NULL))
		return bad_issue(it->seq, err);
	for (int k = 0; k < CORE_PAYLINE_COUNT; k++) {
		json_t *kj = json_object_get(kinds, core_payline_id((core_payline_kind)k));
		sum->by_kind[k] = json_integer_value(json_object_get(kj, "lines"));
		if (kj && core_money_parse(json_string_value(json_object_get(kj, "amount")),
		                           true, &sum->amount_by_kind[k], "amount", NULL))
			return bad_issue(it->seq, err);
	}
	/* by class, in months issued since the ladder; before it, every line
	 * is not classified */
	if (!json_is_object(json_object_get(b, "by_class"))) {
		sum->households_by_class[CORE_CLASS_COUNT] = sum->households;
		sum->by_class[CORE_CLASS_COUNT] = sum->lines;
		sum->amount_by_class[CORE_CLASS_COUNT] = sum->total;
		return DS_OK;
	}
	for (int c = 0; c <= CORE_CLASS_COUNT; c++) {
		json_t *cj = json_object_get(json_object_get(b, "by_class"),
		                             store_rollsum_class_key(c));
		sum->households_by_class[c] = json_integer_value(json_object_get(cj, "households"));
		sum->by_class[c] = json_integer_value(json_object_get(cj, "lines"));
		if (cj && core_money_parse(json_string_value(json_object_get(cj, "amount")),
		                           true, &sum->amount_by_class[c], "amount", NULL))
			return bad_issue(it->seq, err);
	}
	return DS_OK;
}

static ds_status load_common(ds_store *s, making *m, ds_error *err)
{
	ds_status st;
	m->s = s;
	m->err = err;
	if ((st = store_policies_seq(s, &m->pol.versions, &m->pol.seqs, &m->pol.n,
	                             err)))
		return st;
	if (m->pol.n && !(m->pol.ptrs = malloc(m->pol.n * sizeof(*m->pol.ptrs))))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	for (size_t i = 0; i < m->pol.n; i++)
		m->pol.ptrs[i] = &m->pol.versions[i];
	if (m->iss.n && !(m->pi = malloc(m->iss.n * sizeof(*m->pi))))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	for (size_t i = 0; i < m->iss.n; i++)
		m->pi[i] = (core_pay_issued){m->iss.v[i].month, m->iss.v[i].upto,
		                             m->iss.v[i].oneoffs};
	return read_pay_events(s, &m->evs, &m->reliefs, err);
}

ds_status store_roll_totaller_new(ds_store *s, store_roll_total *months,
                                  size_t n, store_roll_totaller **out,
                                  ds_error *err)
{
	totalling *tt = calloc(1, sizeof(*tt));
	ds_status st = DS_OK;
	*out = NULL;
	if (!tt)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	tt->t = months;
	tt->n = n;
	tt->m.err = err;
	if ((st = read_issued(s, &tt->m.iss, err)))
		goto out;
	for (size_t k = 0; !st && k < n; k++) {
		memset(&months[k].sum, 0, sizeof(months[k].sum));
		months[k].issued = false;
		for (size_t i = 0; i < tt->m.iss.n; i++)
			if (tt->m.iss.v[i].month == months[k].month) {
				months[k].issued = true;
				st = issued_sum(&tt->m.iss.v[i], &months[k].sum, err);
			}
		tt->any_open = tt->any_open || !months[k].issued;
	}
	tt->m.upto = INT64_MAX;
	if (!st && tt->any_open)
		st = load_common(s, &tt->m, err);
out:
	if (st)
		store_roll_totaller_free(&tt);
	*out = tt;
	return st;
}

ds_status store_roll_totaller_add(store_roll_totaller *t,
                                  const store_household_row *row)
{
	return t && t->any_open ? total_household(row, t) : DS_OK;
}

void store_roll_totaller_free(store_roll_totaller **t)
{
	if (!*t)
		return;
	making_free(&(*t)->m);
	free(*t);
	*t = NULL;
}

static ds_status total_each(const store_household_row *row, void *ctx)
{
	return store_roll_totaller_add(ctx, row);
}

ds_status store_roll_totals(ds_store *s, store_roll_total *months, size_t n,
                            ds_error *err)
{
	store_roll_totaller *t;
	ds_status st = store_roll_totaller_new(s, months, n, &t, err);
	if (!st && t->any_open)
		st = store_household_each(s, total_each, NULL, t, err);
	store_roll_totaller_free(&t);
	return st;
}

void store_roll_free(store_roll *r)
{
	if (!r)
		return;
	if (r->rows)
		sodium_memzero(r->rows, r->n * sizeof(*r->rows));
	free(r->rows);
	free(r->townships);
	free(r->villages);
	memset(r, 0, sizeof(*r));
}

/* Makes the roll for month from what m->iss says was issued. */
static ds_status make(ds_store *s, core_month month, making *m,
                      store_roll *out, ds_error *err)
{
	ds_status st;
	out->month = month;
	m->s = s;
	m->roll = out;
	m->month = month;
	m->err = err;
	m->target = m->iss.n;
	for (size_t i = 0; i < m->iss.n; i++)
		if (m->iss.v[i].month == month)
			m->target = i;
	if (m->target < m->iss.n) {
		const issued *it = &m->iss.v[m->target];
		out->issued = true;
		m->upto = it->upto;
		m->corrections = true;
		snprintf(out->issued_by, sizeof(out->issued_by), "%s", it->by);
		out->issued_on = it->on;
	} else {
		m->upto = store_last_seq(s);
		/* corrections go into the month after the last issued */
		m->corrections = !m->iss.n || month == m->iss.v[m->iss.n - 1].month + 1;
		/* a month before the books began knows nothing of them */
		if (m->iss.n && month < m->iss.v[0].month)
			m->target = 0;
	}
	out->upto = m->upto;
	if ((st = load_common(s, m, err)) ||
	    (st = store_household_each(s, each_household, NULL, m, err)))
		return st;
	return finish(m);
}

ds_status store_roll_make(ds_store *s, core_month month, store_roll *out,
                          ds_error *err)
{
	making m;
	ds_status st;
	memset(&m, 0, sizeof(m));
	memset(out, 0, sizeof(*out));
	if (!(st = read_issued(s, &m.iss, err)))
		st = make(s, month, &m, out, err);
	making_free(&m);
	if (st)
		store_roll_free(out);
	return st;
}

static json_t *money(core_fen f)
{
	char b[32];
	core_money_format(f, b);
	return json_string(b);
}

/* What a payroll.issued event holds besides the month: the log position
 * the roll was made at, its hash and its totals. */
static json_t *issue_body(const store_roll *r, core_date day)
{
	char mo[8], d[11], hex[65];
	json_t *kinds = json_object(), *classes = store_rollsum_by_class_json(&r->county), *b;
	core_month_format(r->month, mo);
	core_date_format(day, d);
	store_hex(hex, r->hash, sizeof(r->hash));
	for (int k = 0; kinds && k < CORE_PAYLINE_COUNT; k++)
		json_object_set_new(kinds, core_payline_id((core_payline_kind)k),
		                    json_pack("{s:I, s:o}", "lines",
		                              (json_int_t)r->county.by_kind[k], "amount",
		                              money(r->county.amount_by_kind[k])));
	/* classes: the same lines by the ladder's class (a breakdown: not
	 * what the hash covers) */
	if (!kinds || !classes) {
		json_decref(kinds);
		json_decref(classes);
		return NULL;
	}
	b = json_pack("{s:s, s:s, s:I, s:s, s:I, s:I, s:I, s:I, s:o, s:o, s:b}",
	                         "month", mo, "day", d, "upto", (json_int_t)r->upto,
	                         "hash", hex, "households",
	                         (json_int_t)r->county.households, "lines",
	                         (json_int_t)r->county.lines, "stopped",
	                         (json_int_t)r->county.stopped, "suspended",
	                         (json_int_t)r->county.suspended, "total",
	                         money(r->county.total), "by_kind", kinds,
	                         "oneoffs", 1);
	if (b)
		json_object_set_new(b, "by_class", classes);
	else
		json_decref(classes);
	return b;
}

/* ---- the roll kept as issued (issued_roll, schema 8) ------------------------- */

/* The sealed row's associated data: the store, the month, the hash. */
static void kept_ad(ds_store *s, core_month month, const unsigned char hash[32],
                    char ad[160])
{
	char id[33], mo[8], hex[65];
	store_hex(id, s->store_id, sizeof(s->store_id));
	core_month_format(month, mo);
	store_hex(hex, hash, 32);
	snprintf(ad, 160, "issued_roll|%s|%s|%s|1", id, mo, hex);
}

typedef struct {
	char *p;
	size_t len, cap;
} kept_buf;

/* Grows b to hold need more bytes: a new block, the old one wiped before
 * it goes (names and accounts are in it). */
static bool kept_room(kept_buf *b, size_t need)
{
	char *nb;
	size_t nc;
	if (b->len + need <= b->cap)
		return true;
	nc = b->cap ? b->cap : 1 << 16;
	while (nc < b->len + need)
		nc *= 2;
	if (!(nb = malloc(nc)))
		return false;
	if (b->len) {
		memcpy(nb, b->p, b->len);
		sodium_memzero(b->p, b->len);
	}
	free(b->p);
	b->p = nb;
	b->cap = nc;
	return true;
}

/* The roll just issued, kept: for each line "<household size> <length>\n"
 * and the line of the canonical form, then the totals' line, sealed. A
 * roll with a line too long for the canonical form's buffer (hashed cut)
 * is not kept: the province's lines are read from whole lines. */
static ds_status keep_issued(ds_store *s, const store_roll *r, ds_error *err)
{
	kept_buf b = {0};
	unsigned char *sealed = NULL;
	size_t slen = 0;
	char ad[160], line[CANON_LINE_MAX];
	sqlite3_stmt *q = NULL;
	ds_status st = DS_OK;
	bool whole = true;
	for (size_t i = 0; whole && i < r->n; i++) {
		size_t len = canon_line(&r->rows[i], line);
		int hl;
		whole = len + 1 < CANON_LINE_MAX;
		if (!kept_room(&b, len + 48))
			goto oom;
		hl = snprintf(b.p + b.len, 48, "%d %zu\n", r->rows[i].members, len);
		b.len += (size_t)hl;
		memcpy(b.p + b.len, line, len);
		b.len += len;
	}
	if (!whole)
		goto out;
	if (!kept_room(&b, CANON_TOTAL_MAX))
		goto oom;
	b.len += canon_total(&r->county, b.p + b.len);
	kept_ad(s, r->month, r->hash, ad);
	if (store_seal(&sealed, &slen, b.p, b.len, ad, SEAL_KEY(s)))
		goto oom;
	if ((st = store_prep(s, "INSERT INTO main.issued_roll (month, hash, mac, sealed)"
	                        " VALUES (?1, ?2, ds_mac('issued_roll', ?1, ?2), ?3)", &q, err)))
		goto out;
	sqlite3_bind_int64(q, 1, r->month);
	sqlite3_bind_blob(q, 2, r->hash, sizeof(r->hash), SQLITE_STATIC);
	sqlite3_bind_blob(q, 3, sealed, (int)slen, SQLITE_STATIC);
	st = store_done(s, q, sqlite3_step(q), err);
	goto out;
oom:
	st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
out:
	sodium_memzero(line, sizeof(line));
	if (b.p)
		sodium_memzero(b.p, b.len);
	free(b.p);
	free(sealed);
	return st;
}

void store_keptroll_free(store_keptroll *r)
{
	if (!r)
		return;
	free(r->lines);
	memset(r, 0, sizeof(*r));
}

/* An integer written by "%lld" from p to end, nothing else. */
static bool kept_int(const char *p, const char *end, long long *v)
{
	char b[24], *e;
	size_t n = (size_t)(end - p);
	if (!n || n >= sizeof(b))
		return false;
	memcpy(b, p, n);
	b[n] = '\0';
	*v = strtoll(b, &e, 10);
	return *e == '\0' && (b[0] == '-' || (b[0] >= '0' && b[0] <= '9'));
}

/* A line of the canonical form (ROLL.md): its household, first, and from
 * its end the amount, the month and the kind (names, banks and accounts
 * in between are not read). */
static bool kept_line(const char *p, size_t len, store_keptline *l)
{
	const char *end = p + len, *tab[8], *t;
	size_t hl = strcspn(p, "\t");
	long long amount;
	int k = 0;
	char mo[8], kind[32];
	if (!len || end[-1] != '\n' || hl >= len || hl >= sizeof(l->household))
		return false;
	memcpy(l->household, p, hl);
	l->household[hl] = '\0';
	/* the tabs before ref, amount, top-ups, allowance, n, k, month, kind */
	for (t = end - 1; t > p + hl && k < 8; t--)
		if (*t == '\t')
			tab[k++] = t;
	if (k < 8 || (size_t)(tab[6] - tab[7] - 1) >= sizeof(kind) ||
	    tab[5] - tab[6] - 1 != 7 || !kept_int(tab[1] + 1, tab[0], &amount))
		return false;
	memcpy(kind, tab[7] + 1, (size_t)(tab[6] - tab[7] - 1));
	kind[tab[6] - tab[7] - 1] = '\0';
	memcpy(mo, tab[6] + 1, 7);
	mo[7] = '\0';
	if ((k = core_payline_lookup(kind)) < 0 ||
	    core_month_parse(mo, &l->month, "month", NULL))
		return false;
	l->kind = (core_payline_kind)k;
	l->amount = amount;
	return true;
}

/* The totals' line: "total", households, lines, stopped, total in fen. */
static bool kept_total(const char *p, size_t len, store_rollsum *sum)
{
	long long v[4];
	const char *at = p + 6, *end = p + len;
	if (len < 7 || memcmp(p, "total\t", 6) || end[-1] != '\n')
		return false;
	for (int i = 0; i < 4; i++) {
		const char *e = memchr(at, i < 3 ? '\t' : '\n', (size_t)(end - at));
		if (!e || !kept_int(at, e, &v[i]))
			return false;
		at = e + 1;
	}
	if (at != end)
		return false;
	sum->households = v[0];
	sum->lines = v[1];
	sum->stopped = v[2];
	sum->total = v[3];
	return true;
}

static ds_status kept_damaged(core_month month, ds_error *err)
{
	char where[32], mo[8];
	core_month_format(month, mo);
	snprintf(where, sizeof(where), "issued_roll %s", mo);
	return ds_fail(err, DS_EDAMAGED, where,
	               N_("the roll kept when it was issued is damaged"));
}

ds_status store_roll_kept(ds_store *s, core_month month, store_keptroll *out,
                          bool *found, ds_error *err)
{
	sqlite3_stmt *q;
	unsigned char *plain = NULL, made[32];
	size_t plen = 0, at = 0, cap = 0;
	crypto_generichash_state hs;
	char ad[160];
	ds_status st;
	int rc;
	memset(out, 0, sizeof(*out));
	*found = false;
	if ((st = store_prep(s, "SELECT hash, sealed FROM issued_roll WHERE month = ?1", &q, err)))
		return st;
	sqlite3_bind_int64(q, 1, month);
	if ((rc = sqlite3_step(q)) != SQLITE_ROW)
		return store_done(s, q, rc, err);
	out->month = month;
	if (sqlite3_column_bytes(q, 0) != (int)sizeof(out->hash)) {
		sqlite3_finalize(q);
		return kept_damaged(month, err);
	}
	memcpy(out->hash, sqlite3_column_blob(q, 0), sizeof(out->hash));
	kept_ad(s, month, out->hash, ad);
	if (store_unseal(&plain, &plen, sqlite3_column_blob(q, 1),
	                 (size_t)sqlite3_column_bytes(q, 1), ad, SEAL_KEY(s))) {
		sqlite3_finalize(q);
		return kept_damaged(month, err);
	}
	sqlite3_finalize(q);
	/* each line: its household's size and length, then its bytes; the
	 * hash over the lines' bytes and the totals' is the roll's */
	crypto_generichash_init(&hs, NULL, 0, sizeof(made));
	while (at < plen && plain[at] != 't') {
		const char *h = (const char *)plain + at, *nl = memchr(h, '\n', plen - at);
		char *e;
		long members;
		unsigned long long len;
		store_keptline *l;
		if (!nl || (members = strtol(h, &e, 10)) < 0 || *e != ' ' ||
		    (len = strtoull(e + 1, &e, 10)) == 0 || e != nl ||
		    len > plen - (size_t)(nl + 1 - (const char *)plain))
			goto bad;
		at = (size_t)(nl + 1 - (const char *)plain);
		if (out->n == cap) {
			size_t nc = cap ? 2 * cap : 1024;
			store_keptline *nv = realloc(out->lines, nc * sizeof(*nv));
			if (!nv) {
				st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
				goto out;
			}
			out->lines = nv;
			cap = nc;
		}
		l = &out->lines[out->n];
		memset(l, 0, sizeof(*l));
		if (!kept_line((const char *)plain + at, (size_t)len, l))
			goto bad;
		l->members = (int)members;
		out->n++;
		crypto_generichash_update(&hs, plain + at, (size_t)len);
		at += (size_t)len;
	}
	if (!kept_total((const char *)plain + at, plen - at, &out->county) ||
	    out->county.lines != (int64_t)out->n)
		goto bad;
	crypto_generichash_update(&hs, plain + at, plen - at);
	crypto_generichash_final(&hs, made, sizeof(made));
	if (sodium_memcmp(made, out->hash, sizeof(made)))
		goto bad;
	*found = true;
	goto out;
bad:
	st = kept_damaged(month, err);
out:
	sodium_memzero(&hs, sizeof(hs)); /* its buffer holds the last bytes hashed */
	store_wipe(plain, plen);
	free(plain);
	if (st)
		store_keptroll_free(out);
	return st;
}

ds_status store_roll_issue(ds_store *s, core_month month, store_roll *out,
                           bool *already, ds_error *err)
{
	making m;
	ds_status st;
	json_t *body = NULL;
	memset(&m, 0, sizeof(m));
	memset(out, 0, sizeof(*out));
	*already = false;
	if ((st = store_begin(s, err)))
		return st;
	if ((st = read_issued(s, &m.iss, err)))
		goto out;
	for (size_t i = 0; i < m.iss.n; i++)
		*already = *already || m.iss.v[i].month == month;
	/* a month is closed once it has begun: one issued early would be
	 * closed before its decisions are in, and the books could never go
	 * back to the months before it */
	if (!*already && store_today(s) >= 0 &&
	    month > core_month_of_date(store_today(s))) {
		char mo[8];
		core_month_format(month, mo);
		st = ds_fail(err, DS_EINPUT, "month",
		             N_("%s has not begun: a month's roll is issued once the month has begun"),
		             mo);
		goto out;
	}
	if (!*already && m.iss.n && month != m.iss.v[m.iss.n - 1].month + 1) {
		char next[8];
		core_month_format(m.iss.v[m.iss.n - 1].month + 1, next);
		st = ds_fail(err, DS_EINPUT, "month",
		             month < m.iss.v[0].month
		                     ? N_("is before the first month issued; the next month to issue is %s")
		                     : N_("months are issued in order; the next month to issue is %s"),
		             next);
		goto out;
	}
	if ((st = make(s, month, &m, out, err)) || *already)
		goto out;
	out->issued = true;
	snprintf(out->issued_by, sizeof(out->issued_by), "%s", store_user(s));
	out->issued_on = store_today(s);
	if (!(body = issue_body(out, store_today(s)))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	if ((st = store_emit(s, core_event_id(CORE_EVENT_PAYROLL_ISSUED), "", body,
	                     NULL, err)) ||
	    (st = keep_issued(s, out, err)))
		goto out;
	st = store_commit(s, err);
out:
	json_decref(body);
	if (st || *already)
		store_rollback(s);
	making_free(&m);
	if (st)
		store_roll_free(out);
	return st;
}

ds_status store_roll_check(ds_store *s, core_month month, store_roll *out,
                           ds_error *err)
{
	making m;
	ds_status st;
	char mo[8];
	memset(&m, 0, sizeof(m));
	memset(out, 0, sizeof(*out));
	core_month_format(month, mo);
	if ((st = read_issued(s, &m.iss, err)))
		goto out;
	{
		const issued *it = NULL;
		json_t *want;
		for (size_t i = 0; i < m.iss.n; i++)
			if (m.iss.v[i].month == month)
				it = &m.iss.v[i];
		if (!it) {
			st = ds_fail(err, DS_EINPUT, "month", N_("%s was never issued"), mo);
			goto out;
		}
		want = json_incref(it->body);
		if (!(st = make(s, month, &m, out, err))) {
			json_t *got = issue_body(out, it->on);
			/* the same roll: the same hash and totals (the day and
			 * the position are the event's own) */
			if (!got) {
				st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			} else {
				json_object_set(got, "upto", json_object_get(want, "upto"));
				if (!json_equal(got, want))
					st = ds_fail(err, DS_EDAMAGED, "month",
					             N_("the roll of %s made again from the log differs from the one issued: the log or the store was altered"),
					             mo);
			}
			json_decref(got);
		}
		/* and what the feed to the province sends of it, kept when it
		 * was issued (none before schema 8), is that roll */
		if (!st) {
			store_keptroll k;
			bool found = false;
			if (!(st = store_roll_kept(s, month, &k, &found, err)) && found &&
			    sodium_memcmp(k.hash, out->hash, sizeof(k.hash)))
				st = ds_fail(err, DS_EDAMAGED, "month",
				             N_("the roll of %s kept when it was issued differs from the one issued"),
				             mo);
			store_keptroll_free(&k);
		}
		json_decref(want);
	}
out:
	making_free(&m);
	if (st && st != DS_EDAMAGED)
		store_roll_free(out);
	return st;
}
