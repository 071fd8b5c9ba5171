/* assess.c — assessing stored households: the policy in force on the date,
 * what the case receives now, the computation (core/assess.c), and the
 * result recorded as an event with its derivation and policy version. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/ladder.h"
#include "core/text.h"
#include "store/assessjson.h"
#include "store/casework.h"
#include "store/classes.h"
#include "store/crosscheck.h"
#include "store/internal.h"

static json_t *money_json(core_fen f)
{
	char b[CORE_MONEY_BUF];
	core_money_format(f, b);
	return json_string(b);
}

static json_t *month_json(core_month m)
{
	char b[8];
	core_month_format(m, b);
	return json_string(b);
}

static json_t *date_json(core_date d)
{
	char b[11];
	core_date_format(d, b);
	return json_string(b);
}

json_t *store_transition_to_json(const core_transition *t)
{
	json_t *j = json_object(), *pay = json_array();
	if (!j || !pay) {
		json_decref(j);
		json_decref(pay);
		return NULL;
	}
	json_object_set_new(j, "months", json_integer(t->months));
	json_object_set_new(j, "taper", json_string(core_taper_id(t->taper)));
	json_object_set_new(j, "previous_allowance", money_json(t->previous));
	json_object_set_new(j, "first", month_json(t->first));
	json_object_set_new(j, "last", month_json(t->last));
	json_object_set_new(j, "warning_date", date_json(t->warning));
	json_object_set_new(j, "referral",
	                    json_pack("{s:o, s:s}", "date", date_json(t->referral),
	                              "to", "employment_assistance_and_training"));
	for (int k = 0; k < t->months; k++)
		json_array_append_new(pay, json_pack("{s:o, s:o}", "month",
		                                     month_json(t->first + k),
		                                     "amount",
		                                     money_json(t->payments[k])));
	json_object_set_new(j, "payments", pay);
	if (t->relief_excess100) {
		/* kept longer at a band's edge: by how much it is above it */
		json_object_set_new(j, "relief_excess_hundredths_fen",
		                    json_integer(t->relief_excess100));
		json_object_set_new(j, "relief_band_percent",
		                    json_integer(t->relief_band_percent));
	}
	return j;
}

ds_status store_transition_from_json(json_t *j, core_transition *t,
                                     ds_error *err)
{
	json_t *pay = json_object_get(j, "payments"), *p;
	const char *taper = json_string_value(json_object_get(j, "taper"));
	ds_status st = DS_OK;
	size_t i;
	int tp;
	memset(t, 0, sizeof(*t));
	t->months = (int)json_integer_value(json_object_get(j, "months"));
	if (t->months < 1 || t->months > CORE_SCHEDULE_MAX ||
	    !json_is_array(pay) || json_array_size(pay) != (size_t)t->months ||
	    (tp = core_taper_lookup(taper)) < 0)
		return ds_fail(err, DS_EDAMAGED, "transition",
		               N_("a recorded withdrawal schedule cannot be read"));
	t->taper = (core_taper)tp;
	if ((st = core_money_parse(json_string_value(json_object_get(j, "previous_allowance")),
	                           false, &t->previous, "transition", err)) ||
	    (st = core_month_parse(json_string_value(json_object_get(j, "first")),
	                           &t->first, "transition", err)) ||
	    (st = core_month_parse(json_string_value(json_object_get(j, "last")),
	                           &t->last, "transition", err)) ||
	    (st = core_date_parse(json_string_value(json_object_get(j, "warning_date")),
	                          &t->warning, "transition", err)) ||
	    (st = core_date_parse(json_string_value(json_object_get(
	                                  json_object_get(j, "referral"), "date")),
	                          &t->referral, "transition", err)))
		return ds_fail(err, DS_EDAMAGED, "transition",
		               N_("a recorded withdrawal schedule cannot be read"));
	t->relief_excess100 = (core_fen)json_integer_value(
	        json_object_get(j, "relief_excess_hundredths_fen"));
	t->relief_band_percent = (int)json_integer_value(
	        json_object_get(j, "relief_band_percent"));
	if (t->relief_excess100 < 0 || t->relief_band_percent < 0 ||
	    t->relief_band_percent > 1000)
		return ds_fail(err, DS_EDAMAGED, "transition",
		               N_("a recorded withdrawal schedule cannot be read"));
	json_array_foreach(pay, i, p) {
		if (core_money_parse(json_string_value(json_object_get(p, "amount")),
		                     false, &t->payments[i], "transition", err))
			return ds_fail(err, DS_EDAMAGED, "transition",
			               N_("a recorded withdrawal schedule cannot be read"));
	}
	return DS_OK;
}

/* Index of a figure name in a step's list, or -1. */
static int figure_index(const char *const *names, int n, const char *name)
{
	for (int k = 0; k < n; k++)
		if (!strcmp(names[k], name))
			return k;
	return -1;
}

/* The assessment as JSON. With p (the policy it was worked out under),
 * a step's source and source_zh that are the words of one of p's parts
 * are written as that part's key ("source": "assets") instead of copied:
 * the policy version names the policy, which the store holds. */
static json_t *assessment_json(const core_assessment *a, const core_policy *p)
{
	json_t *j = json_object(), *reasons = json_array(), *steps = json_array(),
	       *flags = json_array();
	if (!j || !reasons || !steps || !flags)
		goto oom;
	json_object_set_new(j, "date", date_json(a->date));
	json_object_set_new(j, "policy_version", json_string(a->policy_version));
	json_object_set_new(j, "eligible", json_boolean(a->eligible));
	for (size_t i = 0; i < a->n_reasons; i++)
		json_array_append_new(
		        reasons, json_pack("{s:s}", "code", core_reason_id(a->reasons[i])));
	json_object_set_new(j, "reasons", reasons);
	reasons = NULL;
	json_object_set_new(j, "standard", money_json(a->standard));
	json_object_set_new(j, "members", json_integer(a->members));
	json_object_set_new(j, "counted_income", money_json(a->counted_income));
	json_object_set_new(j, "per_capita_income", money_json(a->per_capita));
	json_object_set_new(j, "allowance", money_json(a->allowance));
	json_object_set_new(j, "topups", money_json(a->topups));
	json_object_set_new(j, "payment", money_json(a->payment));
	if (a->classified) {
		json_t *cov = json_array();
		json_object_set_new(j, "class", json_string(core_class_id(a->cls)));
		for (size_t i = 0; cov && i < a->n_covered; i++)
			json_array_append_new(cov, json_pack("{s:I, s:o}", "member",
			                                     (json_int_t)a->covered[i],
			                                     "payment",
			                                     money_json(a->covered_pay[i])));
		json_object_set_new(j, "covered_members", cov);
		json_object_set_new(j, "reverify_months",
		                    json_integer(a->reverify_months));
		json_object_set_new(j, "class_payment", money_json(a->class_payment));
	}
	for (size_t i = 0; i < a->n_steps; i++) {
		const core_step *st = &a->steps[i];
		int nfig;
		const char *const *names = core_step_figures(st->code, &nfig);
		json_t *fig = json_object(), *sj;
		int ks = figure_index(names, nfig, "source"),
		    kz = figure_index(names, nfig, "source_zh");
		char key[CORE_SOURCE_KEY_MAX];
		bool by_key = p && ks >= 0 && kz >= 0 && ks < st->n &&
		              kz < st->n &&
		              core_policy_source_key(p, core_step_value(a, st, ks),
		                                     core_step_value(a, st, kz), key);
		for (int k = 0; k < nfig && k < st->n; k++)
			if (!by_key || (k != ks && k != kz))
				json_object_set_new(fig, names[k],
				                    json_string(core_step_value(a, st, k)));
		sj = json_pack("{s:s, s:o}", "code", core_step_id(st->code),
		               "figures", fig);
		if (by_key)
			json_object_set_new(sj, "source", json_string(key));
		json_array_append_new(steps, sj);
	}
	json_object_set_new(j, "steps", steps);
	steps = NULL;
	for (size_t i = 0; i < a->n_flags; i++)
		json_array_append_new(flags, json_pack("{s:s, s:s}", "rule",
		                                       a->flags[i].rule, "detail",
		                                       a->flags[i].detail));
	json_object_set_new(j, "flags", flags);
	flags = NULL;
	json_object_set_new(j, "warning",
	                    a->warning ? json_pack("{s:i, s:o}", "percent_of_standard",
	                                           a->warning_percent, "threshold",
	                                           money_json(a->warning_threshold))
	                               : json_null());
	json_object_set_new(j, "transition",
	                    a->has_transition ? store_transition_to_json(&a->transition)
	                                      : json_null());
	if (a->has_transition)
		json_object_set_new(j, "transition_continues",
		                    json_boolean(a->transition_continues));
	json_object_set_new(j, "returned_from_transition",
	                    json_boolean(a->returned_from_transition));
	return j;
oom:
	json_decref(j);
	json_decref(reasons);
	json_decref(steps);
	json_decref(flags);
	return NULL;
}

json_t *store_assessment_to_json(const core_assessment *a)
{
	return assessment_json(a, NULL);
}

json_t *store_assessment_body(const core_assessment *a, const core_policy *p)
{
	json_t *aj = assessment_json(a, p);
	return aj ? json_pack("{s:o}", "assessment", aj) : NULL;
}

/* ---- the recorded body written straight as text ------------------------
 * What json_dumps(store_assessment_body(a, p), JSON_COMPACT) writes, byte
 * for byte, without building the tree first: keys in the same order,
 * strings escaped as jansson escapes them, and, as there, a string that
 * is not UTF-8 leaves out its key (or its flag). */

typedef struct {
	char *p;
	size_t len, cap;
	bool oom;
} text_buf;

static bool tb_grow(text_buf *b, size_t n)
{
	size_t cap = b->cap ? b->cap : 4096;
	char *np;
	if (b->oom)
		return false;
	while (b->len + n + 1 > cap)
		cap *= 2;
	if (!(np = realloc(b->p, cap))) {
		b->oom = true;
		return false;
	}
	b->p = np;
	b->cap = cap;
	return true;
}

/* (the text is ended with its NUL once, when it is done) */
static inline void tb_put(text_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap && !tb_grow(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void tb_raw(text_buf *b, const char *s)
{
	tb_put(b, s, strlen(s));
}

/* A JSON string as jansson writes it (\uXXXX in capitals for other
 * control characters; / and non-ASCII as they are). */
static void tb_string(text_buf *b, const char *s)
{
	const char *run = s;
	tb_put(b, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		const char *esc = NULL;
		char u[8];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		tb_put(b, run, (size_t)(s - run));
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			snprintf(u, sizeof(u), "\\u%04X", c);
			esc = u;
		}
		tb_raw(b, esc);
		run = s + 1;
	}
	tb_put(b, run, (size_t)(s - run));
	tb_put(b, "\"", 1);
}

static bool utf8(const char *s)
{
	return s && core_utf8_valid(s, strlen(s));
}

/* ,"key":  (sep: the comma, or nothing for an object's first member) */
static void tb_key(text_buf *b, bool *first, const char *key)
{
	size_t n = strlen(key);
	bool plain = true;
	for (size_t i = 0; i < n && plain; i++)
		plain = (unsigned char)key[i] >= 0x20 && key[i] != '"' &&
		        key[i] != '\\';
	if (!*first)
		tb_put(b, ",", 1);
	*first = false;
	if (!plain) {
		tb_string(b, key);
		tb_put(b, ":", 1);
		return;
	}
	/* a name as it is: "name": */
	if (b->len + n + 4 > b->cap && !tb_grow(b, n + 3))
		return;
	b->p[b->len++] = '"';
	memcpy(b->p + b->len, key, n);
	b->len += n;
	b->p[b->len++] = '"';
	b->p[b->len++] = ':';
}

static void tb_str_member(text_buf *b, bool *first, const char *key,
                          const char *v)
{
	if (!utf8(v))
		return; /* json_string refuses it: the key is left out */
	tb_key(b, first, key);
	tb_string(b, v);
}

static void tb_int(text_buf *b, long long v)
{
	char n[24];
	snprintf(n, sizeof(n), "%lld", v);
	tb_raw(b, n);
}

static void tb_money(text_buf *b, bool *first, const char *key, core_fen f)
{
	char m[CORE_MONEY_BUF];
	core_money_format(f, m);
	tb_str_member(b, first, key, m);
}

static void tb_month(text_buf *b, bool *first, const char *key, core_month mo)
{
	char m[8];
	core_month_format(mo, m);
	tb_str_member(b, first, key, m);
}

static void tb_date(text_buf *b, bool *first, const char *key, core_date d)
{
	char m[11];
	core_date_format(d, m);
	tb_str_member(b, first, key, m);
}

static void tb_transition(text_buf *b, const core_transition *t)
{
	bool first = true, f2;
	char d[11];
	tb_put(b, "{", 1);
	tb_key(b, &first, "months");
	tb_int(b, t->months);
	tb_str_member(b, &first, "taper", core_taper_id(t->taper));
	tb_money(b, &first, "previous_allowance", t->previous);
	tb_month(b, &first, "first", t->first);
	tb_month(b, &first, "last", t->last);
	tb_date(b, &first, "warning_date", t->warning);
	core_date_format(t->referral, d);
	tb_key(b, &first, "referral");
	tb_raw(b, "{\"date\":");
	tb_string(b, d);
	tb_raw(b, ",\"to\":\"employment_assistance_and_training\"}");
	tb_key(b, &first, "payments");
	tb_put(b, "[", 1);
	for (int k = 0; k < t->months; k++) {
		f2 = true;
		if (k)
			tb_put(b, ",", 1);
		tb_put(b, "{", 1);
		tb_month(b, &f2, "month", t->first + k);
		tb_money(b, &f2, "amount", t->payments[k]);
		tb_put(b, "}", 1);
	}
	tb_put(b, "]", 1);
	if (t->relief_excess100) {
		tb_key(b, &first, "relief_excess_hundredths_fen");
		tb_int(b, t->relief_excess100);
		tb_key(b, &first, "relief_band_percent");
		tb_int(b, t->relief_band_percent);
	}
	tb_put(b, "}", 1);
}

char *store_assessment_body_text(const core_assessment *a,
                                 const core_policy *p, size_t *len)
{
	text_buf b = {NULL, 0, 0, false};
	bool first = true, any;
	tb_raw(&b, "{\"assessment\":{");
	tb_date(&b, &first, "date", a->date);
	tb_str_member(&b, &first, "policy_version", a->policy_version);
	tb_key(&b, &first, "eligible");
	tb_raw(&b, a->eligible ? "true" : "false");
	tb_key(&b, &first, "reasons");
	tb_put(&b, "[", 1);
	for (size_t i = 0; i < a->n_reasons; i++) {
		if (i)
			tb_put(&b, ",", 1);
		tb_raw(&b, "{\"code\":");
		tb_string(&b, core_reason_id(a->reasons[i]));
		tb_put(&b, "}", 1);
	}
	tb_put(&b, "]", 1);
	tb_money(&b, &first, "standard", a->standard);
	tb_key(&b, &first, "members");
	tb_int(&b, a->members);
	tb_money(&b, &first, "counted_income", a->counted_income);
	tb_money(&b, &first, "per_capita_income", a->per_capita);
	tb_money(&b, &first, "allowance", a->allowance);
	tb_money(&b, &first, "topups", a->topups);
	tb_money(&b, &first, "payment", a->payment);
	if (a->classified) {
		tb_str_member(&b, &first, "class", core_class_id(a->cls));
		tb_key(&b, &first, "covered_members");
		tb_put(&b, "[", 1);
		for (size_t i = 0; i < a->n_covered; i++) {
			bool f2 = true;
			if (i)
				tb_put(&b, ",", 1);
			tb_raw(&b, "{\"member\":");
			tb_int(&b, (long long)a->covered[i]);
			f2 = false;
			tb_money(&b, &f2, "payment", a->covered_pay[i]);
			tb_put(&b, "}", 1);
		}
		tb_put(&b, "]", 1);
		tb_key(&b, &first, "reverify_months");
		tb_int(&b, a->reverify_months);
		tb_money(&b, &first, "class_payment", a->class_payment);
	}
	tb_key(&b, &first, "steps");
	tb_put(&b, "[", 1);
	for (size_t i = 0; i < a->n_steps; i++) {
		const core_step *st = &a->steps[i];
		int nfig;
		const char *const *names = core_step_figures(st->code, &nfig);
		int ks = figure_index(names, nfig, "source"),
		    kz = figure_index(names, nfig, "source_zh");
		char key[CORE_SOURCE_KEY_MAX];
		bool by_key = p && ks >= 0 && kz >= 0 && ks < st->n &&
		              kz < st->n &&
		              core_policy_source_key(p, core_step_value(a, st, ks),
		                                     core_step_value(a, st, kz), key),
		     ff = true;
		if (i)
			tb_put(&b, ",", 1);
		tb_raw(&b, "{\"code\":");
		tb_string(&b, core_step_id(st->code));
		tb_raw(&b, ",\"figures\":{");
		for (int k = 0; k < nfig && k < st->n; k++)
			if (!by_key || (k != ks && k != kz))
				tb_str_member(&b, &ff, names[k],
				              core_step_value(a, st, k));
		tb_put(&b, "}", 1);
		if (by_key && utf8(key)) {
			tb_raw(&b, ",\"source\":");
			tb_string(&b, key);
		}
		tb_put(&b, "}", 1);
	}
	tb_put(&b, "]", 1);
	tb_key(&b, &first, "flags");
	tb_put(&b, "[", 1);
	any = false;
	for (size_t i = 0; i < a->n_flags; i++) {
		if (!utf8(a->flags[i].rule) || !utf8(a->flags[i].detail))
			continue; /* json_pack refuses it: the flag is left out */
		if (any)
			tb_put(&b, ",", 1);
		any = true;
		tb_raw(&b, "{\"rule\":");
		tb_string(&b, a->flags[i].rule);
		tb_raw(&b, ",\"detail\":");
		tb_string(&b, a->flags[i].detail);
		tb_put(&b, "}", 1);
	}
	tb_put(&b, "]", 1);
	tb_key(&b, &first, "warning");
	if (a->warning) {
		char m[CORE_MONEY_BUF];
		core_money_format(a->warning_threshold, m);
		tb_raw(&b, "{\"percent_of_standard\":");
		tb_int(&b, a->warning_percent);
		tb_raw(&b, ",\"threshold\":");
		tb_string(&b, m);
		tb_put(&b, "}", 1);
	} else {
		tb_raw(&b, "null");
	}
	tb_key(&b, &first, "transition");
	if (a->has_transition)
		tb_transition(&b, &a->transition);
	else
		tb_raw(&b, "null");
	if (a->has_transition) {
		tb_key(&b, &first, "transition_continues");
		tb_raw(&b, a->transition_continues ? "true" : "false");
	}
	tb_key(&b, &first, "returned_from_transition");
	tb_raw(&b, a->returned_from_transition ? "true" : "false");
	tb_raw(&b, "}}");
	if (!b.oom)
		b.p[b.len] = '\0';
	if (b.oom) {
		if (b.p)
			store_wipe(b.p, b.len);
		free(b.p);
		return NULL;
	}
	*len = b.len;
	return b.p;
}

/* The plaintext assessment row (codes and dates only, for the caseload at
 * a glance and assess --all) and the case's proposal: what projecting a
 * household.assessed event writes, from the body read back (rebuild,
 * sync) or straight from the assessment being recorded. has_t: the
 * assessment sets a withdrawal schedule (its first month and length). */
static ds_status assessed_put(ds_store *s, const char *household, int64_t seq,
                              const char *date, bool warning, bool has_t,
                              const char *t_first, int64_t t_months,
                              const store_class *cls, ds_error *err)
{
	sqlite3_stmt *q = store_stmt(s, STMT_ASSESSMENT_PUT);
	ds_status st;
	int rc;
	if (!q)
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	sqlite3_bind_text(q, 1, household, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, seq);
	sqlite3_bind_text(q, 3, date, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 4, warning);
	if (has_t) {
		sqlite3_bind_text(q, 5, t_first, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 6, t_months);
	}
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_sql_fail(s, err, rc);
	/* the ladder's class of this, the latest assessment (none: an
	 * older one's row goes) */
	if ((st = store_class_put(s, household, seq, cls->known, cls->cls,
	                          cls->members, cls->covered, err)))
		return st;
	/* An assessment after a visit is what a submission needs. */
	return store_case_mark_assessed(s, household, seq, err);
}

ds_status store_project_assessed(ds_store *s, const store_event *ev,
                                 json_t *body, ds_error *err)
{
	json_t *a = json_object_get(body, "assessment");
	json_t *t = json_object_get(a, "transition");
	const char *date = json_string_value(json_object_get(a, "date"));
	store_class cls;
	if (!date)
		return store_bad_body(ev, err);
	store_class_from_body(a, &cls);
	return assessed_put(s, ev->entity, ev->seq, date,
	                    json_is_object(json_object_get(a, "warning")),
	                    json_is_object(t),
	                    json_string_value(json_object_get(t, "first")),
	                    json_is_object(t) ? json_integer_value(json_object_get(t, "months"))
	                                      : 0,
	                    &cls, err);
}

ds_status store_last_assessment(ds_store *s, const char *id, json_t **out,
                                ds_error *err)
{
	sqlite3_stmt *q = store_stmt(s, STMT_ASSESSMENT_GET);
	json_t *body = NULL;
	ds_status st = DS_OK;
	int64_t seq;
	int rc;
	*out = NULL;
	if (!q)
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	seq = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	if (rc == SQLITE_ROW) {
		st = store_event_body(s, seq, &body, err);
		if (!st)
			*out = json_incref(json_object_get(body, "assessment"));
		json_decref(body);
	} else if (rc != SQLITE_DONE) {
		st = store_sql_fail(s, err, rc);
	}
	return st;
}

/* Is the case in its withdrawal months (also while a re-verification is
 * under review or payments are suspended)? */
static bool withdrawing(const core_case *c)
{
	return c->state == CORE_STATE_IN_TRANSITION ||
	       ((c->state == CORE_STATE_SUBMITTED || c->state == CORE_STATE_NOTICE ||
	         c->state == CORE_STATE_SUSPENDED) &&
	        c->before == CORE_STATE_IN_TRANSITION);
}

/* The withdrawal schedule the decision in force set, while the case is in
 * it: the assessment that decision rests on, never a later one (a visit
 * or an assessment proposes; only a decision changes what is paid). */
static ds_status running_schedule(ds_store *s, const store_household_row *row,
                                  core_transition *t, bool *found,
                                  ds_error *err)
{
	store_case k;
	json_t *body = NULL, *tj;
	ds_status st;
	int state = core_state_lookup(row->status);
	*found = false;
	/* the row's status is the case's state: most are not withdrawing */
	if (state != CORE_STATE_IN_TRANSITION && state != CORE_STATE_SUBMITTED &&
	    state != CORE_STATE_NOTICE && state != CORE_STATE_SUSPENDED)
		return DS_OK;
	if ((st = store_case_of_row(s, row, &k, err)))
		return st;
	if (!withdrawing(&k.c) || !k.decision_seq)
		return DS_OK;
	if ((st = store_event_body(s, k.decision_seq, &body, err)))
		return st;
	tj = json_object_get(json_object_get(body, "assessment"), "transition");
	if (json_is_object(tj)) {
		st = store_transition_from_json(tj, t, err);
		*found = !st;
	}
	json_decref(body);
	return st;
}

/* The class of the assessment the case's decision in force rests on (the
 * decision's event holds it); cl->known false when there is none, or the
 * decision was made before the ladder. */
static ds_status decided_class(ds_store *s, const store_household_row *row,
                               store_class *cl, ds_error *err)
{
	store_case k;
	json_t *body = NULL;
	ds_status st;
	cl->known = false;
	if ((st = store_case_of_row(s, row, &k, err)) || !k.decision_seq)
		return st;
	if ((st = store_event_body(s, k.decision_seq, &body, err)))
		return st;
	store_class_from_body(json_object_get(body, "assessment"), cl);
	json_decref(body);
	return DS_OK;
}

ds_status store_case_now(ds_store *s, const store_household_row *row,
                         core_date on, core_case_now *now, ds_error *err)
{
	core_transition t;
	bool found;
	ds_status st;
	memset(now, 0, sizeof(*now));
	now->receiving = row->h.receiving;
	now->allowance = row->h.receiving ? row->h.allowance : 0;
	if (row->h.receiving) {
		/* the class it is paid in, as its latest recorded assessment
		 * gave it (a destitute household leaving that class is
		 * withdrawn gradually; a 单人保 household staying one is paid
		 * its members' sums, not a withdrawal): read only for those
		 * receiving, the only ones it changes */
		store_class cl;
		if (s->class_cached) {
			const store_class *c = store_class_find(s->class_cache,
			                                        s->n_class_cache, row->id);
			memset(&cl, 0, sizeof(cl));
			if (c)
				cl = *c;
		} else if ((st = store_class_of(s, row->id, &cl, err))) {
			return st;
		}
		/* a class that changes what the ladder pays (destitute,
		 * 单人保) is taken only from the assessment the decision in
		 * force rests on: an assessment recorded since, with no
		 * decision, pays nothing and must not change the next one */
		if (cl.known && (cl.cls == CORE_CLASS_DESTITUTE ||
		                 cl.cls == CORE_CLASS_DIBAO_SINGLE) &&
		    (st = decided_class(s, row, &cl, err)))
			return st;
		now->class_known = cl.known;
		now->class_now = cl.cls;
	}
	if ((st = running_schedule(s, row, &t, &found, err)))
		return st;
	if (found) {
		core_month m = core_month_of_date(on);
		/* A schedule running on the date: the case is in its withdrawal
		 * months, receiving A0's steps. One that has ended: the household
		 * has left the allowance (the household file still shows the old
		 * amount, but it is no longer paid). A schedule that starts after
		 * the date (an assessment --at an earlier day) says nothing. */
		if (t.first <= m + 1 && t.last >= m) {
			now->in_transition = true;
			now->transition = t;
			now->receiving = true;
			now->allowance = t.previous;
		} else if (t.last < m) {
			now->receiving = false;
			now->allowance = 0;
		}
	}
	return DS_OK;
}

ds_status store_paid_in(ds_store *s, const store_household_row *row,
                        core_state state, core_month m, core_fen *amount,
                        int *k, int *n, ds_error *err)
{
	core_transition t;
	bool found;
	ds_status st;
	(void)state; /* the case says whether it is withdrawing */
	*amount = row->h.receiving ? row->h.allowance : 0;
	*k = *n = 0;
	if (!row->h.receiving)
		return DS_OK;
	if ((st = running_schedule(s, row, &t, &found, err)))
		return st;
	if (found && m >= t.first) {
		*amount = core_transition_paid_in(&t, m, k);
		*n = *k ? t.months : 0;
	}
	return DS_OK;
}

ds_status store_assess_row(ds_store *s, const store_household_row *row,
                           const core_policy *p, core_date on, bool record,
                           core_assessment *out, ds_error *err)
{
	core_case_now now;
	store_event ev;
	char *text, t_first[8] = "";
	size_t tlen = 0, nx = 0;
	bool own_tx;
	ds_status st;
	if ((st = store_case_now(s, row, on, &now, err)) ||
	    (st = core_assess_ladder(&row->h, p, on, &now, out, err)))
		return st;
	/* Cross-check flags go to the person reviewing, never to the sum. */
	if ((st = store_crosscheck_flags(s, row->id, out->flags + out->n_flags,
	                                 CORE_FLAGS_MAX - out->n_flags, &nx, err)))
		return st;
	out->n_flags += nx;
	if (!record)
		return DS_OK;
	/* The body written straight from the assessment, and the event
	 * projected from the same assessment (what projecting the body read
	 * back writes: store_project_assessed), with no tree in between. */
	if (!(text = store_assessment_body_text(out, p, &tlen)))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	if (out->has_transition)
		core_month_format(out->transition.first, t_first);
	own_tx = !store_in_transaction(s);
	if (!own_tx || !(st = store_begin(s, err))) {
		char date[11];
		/* what store_class_from_body reads back from the body */
		store_class cls = {out->classified, out->cls, out->members,
		                   out->classified ? (int)out->n_covered : 0, 0};
		core_date_format(out->date, date);
		if (!(st = store_emit_text(s, core_event_id(CORE_EVENT_HOUSEHOLD_ASSESSED),
		                           row->id, text, tlen, &ev, err)))
			st = assessed_put(s, row->id, ev.seq, date, out->warning,
			                  out->has_transition, t_first,
			                  out->transition.months, &cls, err);
		/* and the caseload's summary, as store_project would make it
		 * again, from the household in hand */
		if (!st) {
			/* the rows just written, handed to the summary rather
			 * than read back */
			s->assessed_hint.set = true;
			snprintf(s->assessed_hint.household,
			         sizeof(s->assessed_hint.household), "%s", row->id);
			s->assessed_hint.warning = out->warning;
			s->assessed_hint.has_t = out->has_transition;
			s->assessed_hint.t_first = out->transition.first;
			s->assessed_hint.t_months = (int)out->transition.months;
			s->assessed_hint.cls = cls;
			s->assessed_hint.cls.seq = ev.seq;
			s->assessed_hint.no_case =
			        s->sets_loaded &&
			        !store_idset_has(&s->with_case, row->id);
			st = store_summary_refresh_row(s, row, ev.seq, err);
			s->assessed_hint.set = false;
		}
		if (own_tx) {
			st = st ? st : store_commit(s, err);
			if (st)
				store_rollback(s);
		}
	}
	store_wipe(text, tlen);
	free(text);
	return st;
}

/* The policy a recorded assessment cites its sources from: loaded at the
 * first source cited by key, NULL when the store has no such version. */
typedef struct {
	ds_store *s;
	core_policy *p;
	bool tried;
} cited_policy;

static ds_status assessment_read(cited_policy *cp, json_t *j,
                                 core_assessment *a, ds_error *err)
{
	json_t *steps = json_object_get(j, "steps"), *st, *flags, *f, *t;
	size_t i;
	memset(a, 0, offsetof(core_assessment, text));
	if (!json_is_object(j) || !json_is_array(steps))
		return ds_fail(err, DS_EDAMAGED, "assessment",
		               N_("a recorded assessment cannot be read"));
	snprintf(a->policy_version, sizeof(a->policy_version), "%s",
	         json_string_value(json_object_get(j, "policy_version"))
	                 ? json_string_value(json_object_get(j, "policy_version"))
	                 : "");
	if (core_date_parse(json_string_value(json_object_get(j, "date")),
	                    &a->date, "date", NULL))
		return ds_fail(err, DS_EDAMAGED, "assessment",
		               N_("a recorded assessment cannot be read"));
	a->eligible = json_is_true(json_object_get(j, "eligible"));
	a->members = (int)json_integer_value(json_object_get(j, "members"));
	core_money_parse(json_string_value(json_object_get(j, "standard")), false,
	                 &a->standard, "", NULL);
	core_money_parse(json_string_value(json_object_get(j, "counted_income")),
	                 false, &a->counted_income, "", NULL);
	core_money_parse(json_string_value(json_object_get(j, "per_capita_income")),
	                 false, &a->per_capita, "", NULL);
	core_money_parse(json_string_value(json_object_get(j, "allowance")), false,
	                 &a->allowance, "", NULL);
	core_money_parse(json_string_value(json_object_get(j, "topups")), false,
	                 &a->topups, "", NULL);
	core_money_parse(json_string_value(json_object_get(j, "payment")), false,
	                 &a->payment, "", NULL);
	{
		/* the ladder's class, in assessments recorded since it */
		const char *cls = json_string_value(json_object_get(j, "class"));
		int c = cls ? core_class_lookup(cls) : -1;
		if (c >= 0) {
			a->classified = true;
			a->cls = (core_class)c;
			a->reverify_months = (int)json_integer_value(
			        json_object_get(j, "reverify_months"));
			core_money_parse(json_string_value(json_object_get(j, "class_payment")),
			                 false, &a->class_payment, "", NULL);
			json_array_foreach(json_object_get(j, "covered_members"), i, st) {
				json_int_t m = json_integer_value(json_object_get(st, "member"));
				if (a->n_covered >= CORE_MEMBERS_MAX || m < 0 ||
				    m >= CORE_MEMBERS_MAX)
					break;
				a->covered[a->n_covered] = (size_t)m;
				core_money_parse(json_string_value(json_object_get(st, "payment")),
				                 false, &a->covered_pay[a->n_covered], "", NULL);
				a->n_covered++;
			}
		}
	}
	json_array_foreach(json_object_get(j, "reasons"), i, st) {
		const char *code = json_string_value(json_object_get(st, "code"));
		for (int r = 0; code && r < CORE_REASON_COUNT &&
		                a->n_reasons < CORE_REASON_COUNT; r++)
			if (!strcmp(code, core_reason_id((core_reason)r)))
				a->reasons[a->n_reasons++] = (core_reason)r;
	}
	json_array_foreach(steps, i, st) {
		const char *code = json_string_value(json_object_get(st, "code"));
		const char *key = json_string_value(json_object_get(st, "source"));
		const char *src = "", *src_zh = "";
		json_t *fig = json_object_get(st, "figures");
		core_step *s;
		int nfig, c = -1;
		const char *const *names;
		if (a->n_steps >= CORE_STEPS_MAX)
			break;
		for (int k = 0; code && k < CORE_STEP_COUNT; k++)
			if (!strcmp(code, core_step_id((core_step_code)k)))
				c = k;
		if (c < 0)
			continue; /* a step this doorstep does not know: skipped */
		if (key) {
			/* its source cited by key under the policy version */
			ds_status ps;
			if (!cp->tried && cp->s) {
				bool found = false;
				cp->tried = true;
				if (!(cp->p = malloc(sizeof(*cp->p))))
					return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
				if ((ps = store_policy_get(cp->s, a->policy_version,
				                           cp->p, &found, err)) ||
				    !found) {
					free(cp->p);
					cp->p = NULL;
					if (ps)
						return ps;
				}
			}
			if (!cp->p ||
			    !core_policy_source_of(cp->p, key, &src, &src_zh))
				src = src_zh = "";
		}
		s = &a->steps[a->n_steps++];
		s->code = (core_step_code)c;
		s->n = 0;
		names = core_step_figures(s->code, &nfig);
		for (int k = 0; k < nfig && k < CORE_STEP_FIGURES; k++) {
			const char *v = json_string_value(json_object_get(fig, names[k]));
			if (key && !strcmp(names[k], "source"))
				v = src;
			else if (key && !strcmp(names[k], "source_zh"))
				v = src_zh;
			size_t len = strlen(v ? v : "");
			if (a->text_len + len + 1 > sizeof(a->text))
				break;
			s->off[k] = (uint32_t)a->text_len;
			memcpy(a->text + a->text_len, v ? v : "", len + 1);
			a->text_len += len + 1;
			s->n = k + 1;
		}
	}
	flags = json_object_get(j, "flags");
	json_array_foreach(flags, i, f) {
		if (a->n_flags >= CORE_FLAGS_MAX)
			break;
		snprintf(a->flags[a->n_flags].rule, sizeof(a->flags[0].rule), "%s",
		         json_string_value(json_object_get(f, "rule"))
		                 ? json_string_value(json_object_get(f, "rule"))
		                 : "");
		snprintf(a->flags[a->n_flags].detail, sizeof(a->flags[0].detail),
		         "%s",
		         json_string_value(json_object_get(f, "detail"))
		                 ? json_string_value(json_object_get(f, "detail"))
		                 : "");
		a->n_flags++;
	}
	t = json_object_get(j, "transition");
	if (json_is_object(t)) {
		ds_status ts = store_transition_from_json(t, &a->transition, err);
		if (ts)
			return ts;
		a->has_transition = true;
	}
	a->warning = json_is_object(json_object_get(j, "warning"));
	return DS_OK;
}

ds_status store_assessment_from_json(ds_store *s, json_t *j,
                                     core_assessment *a, ds_error *err)
{
	cited_policy cp = {s, NULL, false};
	ds_status st = assessment_read(&cp, j, a, err);
	if (cp.p) {
		core_policy_free(cp.p);
		free(cp.p);
	}
	return st;
}

typedef struct {
	ds_store *s;
	const core_policy *p;
	core_date on;
	bool record;
	long done;
	core_assessment *a;
	store_assessed_cb cb;
	void *ctx;
	ds_error *err;
} assess_all_ctx;

static ds_status assess_each(const store_household_row *row, void *vctx)
{
	assess_all_ctx *x = vctx;
	ds_status st = store_assess_row(x->s, row, x->p, x->on, x->record, x->a,
	                                x->err);
	if (st == DS_EINPUT)
		return x->cb(row, x->a, st, x->err, x->ctx);
	if (st || (st = x->cb(row, x->a, st, x->err, x->ctx)))
		return st;
	if (x->record && ++x->done % STORE_ASSESS_BATCH == 0) {
		if ((st = store_commit(x->s, x->err)))
			return st;
		return store_begin(x->s, x->err);
	}
	return DS_OK;
}

/* SQLite's page cache while every household is assessed (KiB): the
 * events and the assessment rows written stay in memory instead of being
 * read again from the file. */
#define ASSESS_ALL_CACHE_KIB 32768

ds_status store_assess_all(ds_store *s, const core_policy *p, core_date on,
                           bool record, core_assessment *a,
                           store_assessed_cb cb, store_damaged_cb damaged,
                           void *ctx, ds_error *err)
{
	assess_all_ctx x = {s, p, on, record, 0, a, cb, ctx, err};
	ds_status st;
	store_set_cache(s, ASSESS_ALL_CACHE_KIB, STORE_CHECKPOINT_USUAL_PAGES);
	if (record && (st = store_begin(s, err)))
		goto out;
	/* the classes the households are paid in, read in one pass rather
	 * than one look-up a household (each before its own assessment is
	 * recorded: what store_case_now wants) */
	if (!(st = store_class_list(s, &s->class_cache, &s->n_class_cache, err)) &&
	    !(st = store_idset_load(s, "SELECT DISTINCT household FROM main.flag"
	                               " ORDER BY household",
	                            &s->flagged, err)) &&
	    !(st = store_idset_load(s, "SELECT household FROM main.casefile"
	                               " ORDER BY household",
	                            &s->with_case, err))) {
		s->class_cached = true;
		s->sets_loaded = true;
		st = store_household_walk(s, record, assess_each, damaged, &x, err);
	}
	s->sets_loaded = false;
	store_idset_free(&s->flagged);
	store_idset_free(&s->with_case);
	s->class_cached = false;
	free(s->class_cache);
	s->class_cache = NULL;
	s->n_class_cache = 0;
	if (record) {
		if (st)
			store_rollback(s);
		else if ((st = store_commit(s, err)))
			store_rollback(s);
	}
out:
	store_set_cache(s, STORE_CACHE_USUAL_KIB, STORE_CHECKPOINT_USUAL_PAGES);
	return st;
}
