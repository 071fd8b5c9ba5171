/* casework.c — cases through the store. The case file of a household is a
 * sealed JSON row (table casefile) written by the projection of each case
 * event, whose body carries the case as it is after the step; the rules
 * that allow a step are core/workflow.c's. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/event.h"
#include "core/ladder.h"
#include "store/assessjson.h"
#include "store/casework.h"
#include "store/classes.h"
#include "store/internal.h"
#include "store/relief.h"

ds_status store_event_json(ds_store *s, int64_t seq, json_t **out,
                           ds_error *err)
{
	return store_event_body(s, seq, out, err);
}

/* ---- the case file as JSON --------------------------------------------- */

static json_t *date_or_null(core_date d)
{
	char b[11];
	if (d < 0)
		return json_null();
	core_date_format(d, b);
	return json_string(b);
}

static core_date date_of(json_t *j)
{
	core_date d;
	const char *s = json_string_value(j);
	if (!s || core_date_parse(s, &d, "", NULL))
		return -1;
	return d;
}

static void str_of(json_t *j, char *out, size_t len)
{
	const char *s = json_string_value(j);
	snprintf(out, len, "%s", s ? s : "");
}

static json_t *month_or_empty(core_month m)
{
	char b[8] = "";
	if (m)
		core_month_format(m, b);
	return json_string(b);
}

static json_t *case_to_json(const store_case *k)
{
	const core_case *c = &k->c;
	json_t *j = json_pack(
	        "{s:s, s:s, s:b, s:b, s:s, s:o, s:b, s:s, s:s, s:b, s:s,"
	        " s:I, s:o, s:o, s:s, s:o, s:o, s:o, s:I, s:I, s:I, s:I, s:b, s:o,"
	        " s:s}",
	        "state", core_state_id(c->state), "before", core_state_id(c->before),
	        "visited", c->visited, "assessed", c->assessed, "submitted_by",
	        c->submitted_by, "notice_ends", date_or_null(c->notice_ends),
	        "appealable", c->appealable, "decision_proposer",
	        c->decision_proposer, "decision_approver", c->decision_approver,
	        "appeal_open", c->appeal_open, "appeal_reviewer", c->appeal_reviewer,
	        "proposal_seq", (json_int_t)k->proposal_seq, "last_visit",
	        date_or_null(c->last_visit), "decided", date_or_null(c->decided),
	        "outcome", core_outcome_id(c->outcome), "transition_last",
	        month_or_empty(c->transition_last), "appeal_received",
	        date_or_null(c->appeal_received), "appeal_deadline",
	        date_or_null(c->appeal_deadline), "appeal_seq",
	        (json_int_t)k->appeal_seq, "decision_seq",
	        (json_int_t)k->decision_seq, "previous_allowance",
	        (json_int_t)c->previous_allowance, "previous_since",
	        (json_int_t)c->previous_since, "referral_due", c->referral_due,
	        "referral_date", date_or_null(c->referral_date), "decision_reason",
	        c->decision_reason);
	/* later additions, absent from older case files */
	if (j && c->opened >= 0) {
		json_object_set_new(j, "opened", date_or_null(c->opened));
		json_object_set_new(j, "opened_by", json_string(c->opened_by));
	}
	if (j && c->pay_from)
		json_object_set_new(j, "pay_from", month_or_empty(c->pay_from));
	if (j && c->delivered >= 0) {
		json_object_set_new(j, "delivered", date_or_null(c->delivered));
		json_object_set_new(j, "delivery_method",
		                    json_string(c->delivery_method));
	}
	if (j && c->appeal_late) {
		json_object_set_new(j, "appeal_late", json_true());
		json_object_set_new(j, "appeal_late_reason",
		                    json_string(c->appeal_late_reason));
	}
	return j;
}

static bool month_of(json_t *j, core_month *m)
{
	const char *t = json_string_value(j);
	*m = 0;
	return !t || !*t || !core_month_parse(t, m, "", NULL);
}

static bool case_from_json(json_t *j, const char *household, store_case *k)
{
	core_case *c = &k->c;
	int st1, st2, o;
	memset(k, 0, sizeof(*k));
	snprintf(k->household, sizeof(k->household), "%s", household);
	core_case_init(c, false);
	st1 = core_state_lookup(json_string_value(json_object_get(j, "state")));
	st2 = core_state_lookup(json_string_value(json_object_get(j, "before")));
	o = json_object_get(j, "outcome")
	            ? core_outcome_lookup(json_string_value(json_object_get(j, "outcome")))
	            : CORE_OUTCOME_NONE;
	if (st1 < 0 || st2 < 0 || o < 0)
		return false;
	c->state = (core_state)st1;
	c->before = (core_state)st2;
	c->outcome = (core_outcome)o;
	c->visited = json_is_true(json_object_get(j, "visited"));
	c->assessed = json_is_true(json_object_get(j, "assessed"));
	str_of(json_object_get(j, "submitted_by"), c->submitted_by,
	       sizeof(c->submitted_by));
	c->notice_ends = date_of(json_object_get(j, "notice_ends"));
	c->appealable = json_is_true(json_object_get(j, "appealable"));
	str_of(json_object_get(j, "decision_proposer"), c->decision_proposer,
	       sizeof(c->decision_proposer));
	str_of(json_object_get(j, "decision_approver"), c->decision_approver,
	       sizeof(c->decision_approver));
	c->appeal_open = json_is_true(json_object_get(j, "appeal_open"));
	str_of(json_object_get(j, "appeal_reviewer"), c->appeal_reviewer,
	       sizeof(c->appeal_reviewer));
	k->proposal_seq = json_integer_value(json_object_get(j, "proposal_seq"));
	c->last_visit = date_of(json_object_get(j, "last_visit"));
	c->decided = date_of(json_object_get(j, "decided"));
	if (!month_of(json_object_get(j, "transition_last"), &c->transition_last) ||
	    !month_of(json_object_get(j, "pay_from"), &c->pay_from))
		return false;
	c->appeal_received = date_of(json_object_get(j, "appeal_received"));
	c->appeal_deadline = date_of(json_object_get(j, "appeal_deadline"));
	k->appeal_seq = json_integer_value(json_object_get(j, "appeal_seq"));
	k->decision_seq = json_integer_value(json_object_get(j, "decision_seq"));
	c->previous_allowance =
	        json_integer_value(json_object_get(j, "previous_allowance"));
	c->previous_since =
	        (core_month)json_integer_value(json_object_get(j, "previous_since"));
	c->referral_due = json_is_true(json_object_get(j, "referral_due"));
	c->referral_date = date_of(json_object_get(j, "referral_date"));
	str_of(json_object_get(j, "decision_reason"), c->decision_reason,
	       sizeof(c->decision_reason));
	c->opened = date_of(json_object_get(j, "opened"));
	str_of(json_object_get(j, "opened_by"), c->opened_by, sizeof(c->opened_by));
	c->delivered = date_of(json_object_get(j, "delivered"));
	str_of(json_object_get(j, "delivery_method"), c->delivery_method,
	       sizeof(c->delivery_method));
	c->appeal_late = json_is_true(json_object_get(j, "appeal_late"));
	str_of(json_object_get(j, "appeal_late_reason"), c->appeal_late_reason,
	       sizeof(c->appeal_late_reason));
	return true;
}

static void case_ad(char *buf, size_t len, const char *id)
{
	snprintf(buf, len, "casefile|%s|data|1", id);
}

/* The next date something is due on the case, for the caseload's column. */
static void case_due(const store_case *k, char out[11])
{
	core_date d = -1;
	if (k->c.state == CORE_STATE_NOTICE && k->c.notice_ends >= 0)
		d = k->c.notice_ends + 1;
	if (k->c.appeal_open && k->c.appeal_deadline >= 0 &&
	    (d < 0 || k->c.appeal_deadline < d))
		d = k->c.appeal_deadline;
	if (d < 0)
		out[0] = '\0';
	else
		core_date_format(d, out);
}

static ds_status case_write(ds_store *s, const store_case *k, int64_t seq,
                            ds_error *err)
{
	json_t *j = case_to_json(k);
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL, ad[96], due[11];
	unsigned char *sealed = NULL;
	size_t slen = 0;
	sqlite3_stmt *q = NULL;
	ds_status st;
	int rc;
	json_decref(j);
	if (!text)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	case_ad(ad, sizeof(ad), k->household);
	if (store_seal(&sealed, &slen, text, strlen(text), ad, SEAL_KEY(s))) {
		free(text);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	free(text);
	rc = sqlite3_prepare_v2(s->db,
	                        "INSERT OR REPLACE INTO main.casefile(household, state,"
	                        " seq, data, mac) VALUES (?1,?2,?3,?4,"
	                        " ds_mac('casefile', ?1, ?2, ?3, ?4))",
	                        -1, &q, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(q, 1, k->household, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, core_state_id(k->c.state), -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 3, seq);
		sqlite3_bind_blob(q, 4, sealed, (int)slen, SQLITE_STATIC);
		rc = sqlite3_step(q);
	}
	sqlite3_finalize(q);
	free(sealed);
	if (rc != SQLITE_DONE)
		return store_sql_fail(s, err, rc);
	case_due(k, due);
	st = store_household_set_status(s, k->household, core_state_id(k->c.state),
	                                due, seq, err);
	return st;
}

/* The case as a household with no case events starts it. */
/* The case of a household with no case events, from its row. */
static ds_status case_from_row(const store_household_row *row, store_case *k,
                               ds_error *err)
{
	/* Only a case step changes the status (under the row's MAC): one
	 * that moved on means its case file was deleted. */
	if (strcmp(row->status, store_initial_status(row->h.receiving)) != 0) {
		char where[64];
		snprintf(where, sizeof(where), "household %s", row->id);
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("its case file is damaged or was altered; doorstep store rebuild restores it from the log"));
	}
	memset(k, 0, sizeof(*k));
	snprintf(k->household, sizeof(k->household), "%s", row->id);
	core_case_init(&k->c, row->h.receiving);
	return DS_OK;
}

static ds_status case_initial(ds_store *s, const char *household,
                              store_case *k, const store_household_row *known,
                              ds_error *err)
{
	store_household_row row;
	ds_status st;
	if (known)
		return case_from_row(known, k, err);
	if ((st = store_household_get(s, household, &row, err)))
		return st;
	st = case_from_row(&row, k, err);
	store_row_free(&row);
	return st;
}

static ds_status case_get(ds_store *s, const char *household,
                          const store_household_row *known, store_case *out,
                          ds_error *err);

ds_status store_case_get(ds_store *s, const char *household, store_case *out,
                         ds_error *err)
{
	return case_get(s, household, NULL, out, err);
}

ds_status store_case_of_row(ds_store *s, const store_household_row *row,
                            store_case *out, ds_error *err)
{
	return case_get(s, row->id, row, out, err);
}

static ds_status case_get(ds_store *s, const char *household,
                          const store_household_row *known, store_case *out,
                          ds_error *err)
{
	sqlite3_stmt *q;
	int rc;
	ds_status st = DS_OK;
	/* the household just assessed, found then without a case file, or
	 * one just added */
	if ((s->assessed_hint.set && s->assessed_hint.no_case &&
	     !strcmp(s->assessed_hint.household, household)) ||
	    (s->created_hint.set && !strcmp(s->created_hint.household, household)))
		return case_initial(s, household, out, known, err);
	if (!(q = store_stmt(s, STMT_CASE_GET)))
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	sqlite3_bind_text(q, 1, household, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		unsigned char *plain = NULL;
		size_t plen = 0;
		char ad[96], where[64];
		json_t *j;
		case_ad(ad, sizeof(ad), household);
		snprintf(where, sizeof(where), "household %s", household);
		if (store_unseal(&plain, &plen, sqlite3_column_blob(q, 1),
		                 (size_t)sqlite3_column_bytes(q, 1), ad, SEAL_KEY(s))) {
			st = ds_fail(err, DS_EDAMAGED, where,
			             N_("its case file is damaged or was altered; doorstep store rebuild restores it from the log"));
		} else {
			j = json_loadb((const char *)plain, plen, 0, NULL);
			if (!j || !case_from_json(j, household, out) ||
			    strcmp(core_state_id(out->c.state),
			           (const char *)sqlite3_column_text(q, 0)) != 0)
				st = ds_fail(err, DS_EDAMAGED, where,
				             N_("its case file is damaged or was altered; doorstep store rebuild restores it from the log"));
			json_decref(j);
			store_wipe(plain, plen);
			free(plain);
		}
		sqlite3_reset(q);
		return st;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_sql_fail(s, err, rc);
	return case_initial(s, household, out, known, err);
}

/* The projection of every case event: the case as its body says. */
/* ---- references between events, across stores ---------------------------------------
 * A case names the events it rests on (the proposal's assessment, the
 * appeal, the decision) by their place in the author's log; in another
 * store the same events have other local numbers. So a case event also
 * carries each reference as device:epoch:dseq, which every store turns
 * back into its own number when it projects the event. */

static json_t *case_refs(ds_store *s, const store_case *k)
{
	char p[64], a[64], d[64];
	store_event_ref(s, k->proposal_seq, p);
	store_event_ref(s, k->appeal_seq, a);
	store_event_ref(s, k->decision_seq, d);
	return json_pack("{s:s, s:s, s:s}", "proposal", p, "appeal", a, "decision", d);
}

/* The event that last wrote the household's case file (0: none). */
static ds_status case_head(ds_store *s, const char *household, int64_t *seq,
                           ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*seq = 0;
	if ((st = store_prep(s, "SELECT seq FROM casefile WHERE household = ?", &q, err)))
		return st;
	sqlite3_bind_text(q, 1, household, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*seq = sqlite3_column_int64(q, 0);
	return store_done(s, q, rc, err);
}

ds_status store_concurrent(ds_store *s, const store_event *ev, int64_t cur_seq,
                           const char *fields, bool *stands, ds_error *err)
{
	unsigned char cur_dev[STORE_DEVICE_BYTES] = {0};
	uint64_t cur_hlc = 0, in_hlc;
	sqlite3_stmt *q;
	ds_status st;
	if ((st = store_event_hlc(s, cur_seq, &cur_hlc, cur_dev, err)))
		return st;
	cur_hlc = store_bounded_hlc(s, cur_seq, cur_hlc, cur_dev);
	in_hlc = store_bounded_hlc(s, ev->seq, ev->hlc, ev->device);
	*stands = in_hlc > cur_hlc ||
	          (in_hlc == cur_hlc && memcmp(ev->device, cur_dev, STORE_DEVICE_BYTES) > 0);
	if ((st = store_prep(s, "INSERT OR REPLACE INTO main.conflict(household, winner,"
	                        " loser, fields, mac) VALUES (?1,?2,?3,?4,"
	                        " ds_mac('conflict', ?3, ?2, ?1, ?4))", &q, err)))
		return st;
	sqlite3_bind_text(q, 1, ev->entity, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, *stands ? ev->seq : cur_seq);
	sqlite3_bind_int64(q, 3, *stands ? cur_seq : ev->seq);
	sqlite3_bind_text(q, 4, fields, -1, SQLITE_STATIC);
	return store_done(s, q, sqlite3_step(q), err);
}

ds_status store_project_case(ds_store *s, const store_event *ev, json_t *body,
                             ds_error *err)
{
	store_case k;
	json_t *c = json_object_get(body, "case"), *refs;
	const char *base = json_string_value(json_object_get(body, "base"));
	ds_status st;
	if (!case_from_json(c, ev->entity, &k))
		return store_bad_body(ev, err);
	/* made on another laptop without seeing the latest step here? (A
	 * base this log does not hold cannot tell; the step is taken.) */
	if (base && *base) {
		int64_t base_seq = store_ref_seq(s, base), cur_seq;
		bool stands = true;
		if ((st = case_head(s, ev->entity, &cur_seq, err)))
			return st;
		if (base_seq && cur_seq && base_seq != cur_seq &&
		    (st = store_concurrent(s, ev, cur_seq, "[\"decision\"]", &stands, err)))
			return st;
		if (!stands)
			return DS_OK;
	}
	/* another store's numbers, turned into this one's */
	if (json_is_object(refs = json_object_get(c, "refs"))) {
		k.proposal_seq = store_ref_seq(s, json_string_value(json_object_get(refs, "proposal")));
		k.appeal_seq = store_ref_seq(s, json_string_value(json_object_get(refs, "appeal")));
		k.decision_seq = store_ref_seq(s, json_string_value(json_object_get(refs, "decision")));
	}
	return case_write(s, &k, ev->seq, err);
}

ds_status store_case_mark_assessed(ds_store *s, const char *household,
                                   int64_t seq, ds_error *err)
{
	store_case k;
	sqlite3_stmt *q;
	int rc;
	ds_status st;
	if (s->sets_loaded) /* assess --all: the households with one, in hand */
		rc = store_idset_has(&s->with_case, household) ? SQLITE_ROW
		                                                : SQLITE_DONE;
	else if (!(q = store_stmt(s, STMT_CASE_EXISTS)))
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	else {
		sqlite3_bind_text(q, 1, household, -1, SQLITE_STATIC);
		rc = sqlite3_step(q);
		sqlite3_reset(q);
	}
	if (rc == SQLITE_DONE)
		return DS_OK; /* no case events yet: nothing to mark */
	if (rc != SQLITE_ROW)
		return store_sql_fail(s, err, rc);
	if ((st = store_case_get(s, household, &k, err)))
		return st;
	/* Under review or in its notice, the proposal is the one submitted
	 * and approved: a later assessment does not replace it. */
	if (k.c.state == CORE_STATE_SUBMITTED || k.c.state == CORE_STATE_NOTICE)
		return DS_OK;
	k.proposal_seq = seq;
	if (!k.c.visited)
		return case_write(s, &k, seq, err);
	k.c.assessed = true;
	return case_write(s, &k, seq, err);
}

/* Emits a case event: who (the author), the role, the reason, and the case
 * after the step. */
static ds_status case_emit(ds_store *s, core_event_kind kind,
                           const store_case *k, json_t *extra, ds_error *err)
{
	json_t *body = extra ? extra : json_object();
	ds_status st;
	if (!body)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	json_object_set_new(body, "role", json_string(core_role_id(store_role(s))));
	/* the case as it stood here, so that a step made at the same time on
	 * another laptop is seen as such wherever both arrive */
	{
		int64_t head;
		char ref[64] = "";
		if ((st = case_head(s, k->household, &head, err))) {
			json_decref(body);
			return st;
		}
		if (head)
			store_event_ref(s, head, ref);
		json_object_set_new(body, "base", json_string(ref));
	}
	{
		json_t *c = case_to_json(k);
		json_object_set_new(c, "refs", case_refs(s, k));
		json_object_set_new(body, "case", c);
	}
	st = store_emit(s, core_event_id(kind), k->household, body, NULL, err);
	json_decref(body);
	return st;
}

/* ---- visits ---------------------------------------------------------------- */

static ds_status vtext(json_t *j, const char *key, char *out, size_t len,
                       ds_error *err)
{
	json_t *v = json_object_get(j, key);
	char num[16];
	if (!v || json_is_null(v)) {
		out[0] = '\0';
		return DS_OK;
	}
	if (!json_is_string(v))
		return ds_fail(err, DS_EINPUT, key, N_("should be text in quotes"));
	if (strlen(json_string_value(v)) >= len) {
		snprintf(num, sizeof(num), "%zu", len - 1);
		return ds_fail(err, DS_EINPUT, key,
		               N_("is too long (at most %s bytes)"), num);
	}
	snprintf(out, len, "%s", json_string_value(v));
	return DS_OK;
}

static ds_status vdate(json_t *j, const char *key, const char *where,
                       core_date *out, ds_error *err)
{
	json_t *v = json_object_get(j, key);
	if (!v)
		return ds_fail(err, DS_EINPUT, where, N_("is missing"));
	if (!json_is_string(v))
		return ds_fail(err, DS_EINPUT, where,
		               N_("not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"));
	return core_date_parse(json_string_value(v), out, where, err);
}

ds_status store_visit_from_json(json_t *j, const core_household *before,
                                core_visit *v, ds_error *err)
{
	static const char *const keys[] = {
	        "date", "staff", "present", "consent", "observations", "housing",
	        "assets_sighted", "utilities_seen", "bank_statements_seen",
	        "changes", "members", "assets", "township", "village", "payee",
	        "supporters", "rigid_expenses", NULL};
	const char *key;
	json_t *val, *staff, *present, *consent, *changes, *members, *assets,
	       *township, *village, *payee, *supporters, *rigid;
	ds_status st;
	size_t i;

	core_visit_init(v);
	if (!json_is_object(j))
		return ds_fail(err, DS_EINPUT, "",
		               N_("a visit is a JSON object with date, staff, present, consent and what was found"));
	json_object_foreach(j, key, val) {
		bool ok = false;
		(void)val;
		for (size_t k = 0; keys[k]; k++)
			ok = ok || !strcmp(keys[k], key);
		if (!ok)
			return ds_fail(err, DS_EINPUT, key,
			               N_("unknown field; the fields here are: %s"),
			               "date, staff, present, consent, observations, housing, assets_sighted, utilities_seen, bank_statements_seen, changes, members, assets, township, village, payee, supporters, rigid_expenses");
	}
	if ((st = vdate(j, "date", "date", &v->date, err)))
		return st;
	staff = json_object_get(j, "staff");
	if (!json_is_array(staff) || json_array_size(staff) != 2)
		return ds_fail(err, DS_EINPUT, "staff",
		               N_("give the two staff who made the visit, e.g. [\"wang\", \"li\"]"));
	for (i = 0; i < 2; i++) {
		const char *n = json_string_value(json_array_get(staff, i));
		char where[48];
		snprintf(where, sizeof(where), "staff[%zu]", i);
		if (!n)
			return ds_fail(err, DS_EINPUT, where, N_("should be text in quotes"));
		if (strlen(n) >= CORE_STAFF_MAX)
			return ds_fail(err, DS_EINPUT, where,
			               N_("is too long (at most %s bytes)"), "63");
		snprintf(v->staff[i], CORE_STAFF_MAX, "%s", n);
	}
	present = json_object_get(j, "present");
	if (!json_is_array(present))
		return ds_fail(err, DS_EINPUT, "present",
		               N_("should be a list of the ID numbers of the members who were there"));
	if (json_array_size(present) > CORE_MEMBERS_MAX)
		return ds_fail(err, DS_EINPUT, "present",
		               N_("a household can have at most 30 members"));
	json_array_foreach(present, i, val) {
		char where[48];
		snprintf(where, sizeof(where), "present[%zu]", i);
		if ((st = core_idnum_parse(json_string_value(val), -1,
		                           v->present[i], where, err)))
			return st;
		v->n_present = i + 1;
	}
	consent = json_object_get(j, "consent");
	if (!json_is_object(consent))
		return ds_fail(err, DS_EINPUT, "consent",
		               N_("should be {\"signed_by\": ID number, \"at\": date}"));
	if ((st = core_idnum_parse(json_string_value(json_object_get(consent, "signed_by")),
	                           -1, v->consent_by, "consent.signed_by", err)) ||
	    (st = vdate(consent, "at", "consent.at", &v->consent_at, err)))
		return st;
	if ((st = vtext(j, "observations", v->observations,
	                sizeof(v->observations), err)) ||
	    (st = vtext(j, "housing", v->housing, sizeof(v->housing), err)) ||
	    (st = vtext(j, "assets_sighted", v->assets_sighted,
	                sizeof(v->assets_sighted), err)) ||
	    (st = vtext(j, "utilities_seen", v->utilities_seen,
	                sizeof(v->utilities_seen), err)) ||
	    (st = vtext(j, "bank_statements_seen", v->bank_seen,
	                sizeof(v->bank_seen), err)))
		return st;
	changes = json_object_get(j, "changes");
	if (changes && !json_is_null(changes)) {
		if (!json_is_array(changes) ||
		    json_array_size(changes) > CORE_MEMBERS_MAX)
			return ds_fail(err, DS_EINPUT, "changes",
			               N_("should be a list like [{\"change\": \"died\", \"id_number\": \"...\", \"date\": \"2026-10-02\"}]"));
		json_array_foreach(changes, i, val) {
			core_composition *c = &v->changes[i];
			char where[48];
			int kind = core_change_lookup(json_string_value(json_object_get(val, "change")));
			snprintf(where, sizeof(where), "changes[%zu].change", i);
			if (kind < 0)
				return ds_fail(err, DS_EINPUT, where,
				               N_("the change is joined, left or died"));
			c->kind = (core_change_kind)kind;
			snprintf(where, sizeof(where), "changes[%zu].id_number", i);
			if ((st = core_idnum_parse(json_string_value(json_object_get(val, "id_number")),
			                           -1, c->id_number, where, err)))
				return st;
			c->date = -1;
			if (json_object_get(val, "date") &&
			    !json_is_null(json_object_get(val, "date"))) {
				snprintf(where, sizeof(where), "changes[%zu].date", i);
				if ((st = vdate(val, "date", where, &c->date, err)))
					return st;
			}
			v->n_changes = i + 1;
		}
	}
	members = json_object_get(j, "members");
	assets = json_object_get(j, "assets");
	township = json_object_get(j, "township");
	village = json_object_get(j, "village");
	payee = json_object_get(j, "payee");
	supporters = json_object_get(j, "supporters");
	rigid = json_object_get(j, "rigid_expenses");
	if ((members && !json_is_null(members)) ||
	    (assets && !json_is_null(assets)) || township || village || payee ||
	    supporters || rigid) {
		/* Read through the household reader, so members and assets
		 * are checked exactly as a household's are. */
		json_t *h = store_household_to_json(before);
		if (!h)
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		if (members && !json_is_null(members)) {
			json_object_set(h, "members", members);
			v->has_members = true;
		}
		if (assets && !json_is_null(assets)) {
			json_object_set(h, "assets", assets);
			v->has_assets = true;
		}
		/* the township, village and payee as found: given, they
		 * replace the household's (null or all "" clears them) */
		if (township || village) {
			if (township)
				json_object_set(h, "township", township);
			if (village)
				json_object_set(h, "village", village);
			v->has_area = true;
		}
		if (payee) {
			json_object_set(h, "payee", payee);
			v->has_payee = true;
		}
		/* those obliged to support the household, as found: given,
		 * the list replaces the household's (null or [] clears it) */
		if (supporters) {
			json_object_set(h, "supporters", supporters);
			v->has_supporters = true;
		}
		/* and the rigid spending (of the members as found) */
		if (rigid) {
			json_object_set(h, "rigid_expenses", rigid);
			v->has_rigid = true;
		}
		st = store_household_from_json(h, &v->found, err);
		json_decref(h);
		if (st)
			return st;
	}
	return DS_OK;
}

void store_visit_result_free(store_visit_result *r)
{
	if (!r)
		return;
	core_household_free(&r->before);
	core_household_free(&r->after);
	if (r->assessment) /* its steps name the members */
		store_wipe(r->assessment, sizeof(*r->assessment));
	free(r->assessment);
	r->assessment = NULL;
}

static json_t *visit_to_json(const core_visit *v)
{
	json_t *j = json_object(), *present = json_array(), *changes = json_array();
	char d[11];
	core_date_format(v->date, d);
	json_object_set_new(j, "date", json_string(d));
	json_object_set_new(j, "staff", json_pack("[s, s]", v->staff[0], v->staff[1]));
	for (size_t i = 0; i < v->n_present; i++)
		json_array_append_new(present, json_string(v->present[i]));
	json_object_set_new(j, "present", present);
	core_date_format(v->consent_at, d);
	json_object_set_new(j, "consent", json_pack("{s:s, s:s}", "signed_by",
	                                            v->consent_by, "at", d));
	json_object_set_new(j, "observations", json_string(v->observations));
	json_object_set_new(j, "housing", json_string(v->housing));
	json_object_set_new(j, "assets_sighted", json_string(v->assets_sighted));
	json_object_set_new(j, "utilities_seen", json_string(v->utilities_seen));
	json_object_set_new(j, "bank_statements_seen", json_string(v->bank_seen));
	for (size_t i = 0; i < v->n_changes; i++) {
		json_t *c = json_pack("{s:s, s:s}", "change",
		                      core_change_id(v->changes[i].kind), "id_number",
		                      v->changes[i].id_number);
		json_object_set_new(c, "date", date_or_null(v->changes[i].date));
		json_array_append_new(changes, c);
	}
	json_object_set_new(j, "changes", changes);
	return j;
}

static bool same_household(const core_household *a, const core_household *b)
{
	json_t *x = store_household_to_json(a), *y = store_household_to_json(b);
	bool same = x && y && json_equal(x, y);
	json_decref(x);
	json_decref(y);
	return same;
}

ds_status store_visit_record(ds_store *s, const char *household,
                             const core_visit *v, store_visit_result *out,
                             ds_error *err)
{
	store_household_row row;
	store_case k;
	core_step_args args;
	core_case after;
	core_effects fx;
	core_policy *versions = NULL;
	const core_policy *p = NULL;
	size_t nv = 0;
	json_t *last = NULL, *body;
	ds_status st;

	memset(out, 0, sizeof(*out));
	if ((st = store_begin(s, err)))
		return st;
	if ((st = store_household_get(s, household, &row, err)))
		goto fail;
	out->before = row.h; /* owned by out now */
	core_household_init(&row.h);
	if ((st = store_case_get(s, household, &k, err)))
		goto fail;
	core_step_args_init(&args);
	args.on = v->date;
	if ((st = store_policy_at(s, store_today(s), &versions, &nv, &p, err)) ||
	    (st = core_case_act(&k.c, CORE_ACTION_VISIT, &args, store_user(s),
	                        store_role(s), store_today(s), p, &after, &fx, err)))
		goto fail;
	if ((st = core_visit_apply(v, &out->before, &out->after, err)) ||
	    (st = core_visit_validate(v, &out->before, &out->after, store_today(s),
	                              err)) ||
	    (st = core_household_validate(&out->after, store_today(s), err)) ||
	    /* the members as found: their illnesses and months of income
	     * under the policy in force, as household add checks them */
	    (v->has_members &&
	     (st = core_ladder_validate(&out->after, p, store_today(s), err))))
		goto fail;
	for (size_t i = 0; i < out->after.n_members; i++)
		if ((st = store_person_free_for(s, out->after.members[i].id_number,
		                                household, i, err)))
			goto fail;
	if ((st = store_last_assessment(s, household, &last, err)))
		goto fail;
	if (last) {
		out->had_assessment = true;
		out->previous_eligible = json_is_true(json_object_get(last, "eligible"));
		core_money_parse(json_string_value(json_object_get(last, "payment")),
		                 false, &out->previous_payment, "", NULL);
		json_decref(last);
	}
	out->n_diff = core_household_diff(&out->before, &out->after, v,
	                                  out->diff, CORE_DIFF_MAX);
	if (out->n_diff > CORE_DIFF_MAX)
		out->n_diff = CORE_DIFF_MAX;

	/* The household as found, then the visit, then the assessment. */
	if (!same_household(&out->before, &out->after)) {
		json_t *hj = store_household_to_json(&out->after);
		char base[64];
		store_event_ref(s, row.updated_seq ? row.updated_seq : row.created_seq, base);
		body = hj ? json_pack("{s:o, s:s, s:s}", "household", hj, "cause", "visit",
		                      "base", base)
		          : NULL;
		if (!body) {
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			goto fail;
		}
		st = store_emit(s, core_event_id(CORE_EVENT_HOUSEHOLD_CHANGED), household, body, NULL, err);
		json_decref(body);
		if (st)
			goto fail;
	}
	k.c = after;
	if ((st = case_emit(s, CORE_EVENT_VISIT_RECORDED, &k,
	                    json_pack("{s:o}", "visit", visit_to_json(v)), err)))
		goto fail;
	if ((st = store_household_get(s, household, &row, err)))
		goto fail;
	if (!(out->assessment = malloc(sizeof(*out->assessment)))) {
		store_row_free(&row);
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto fail;
	}
	st = store_assess_row(s, &row, p, store_today(s), true, out->assessment,
	                      err);
	store_row_free(&row);
	if (st)
		goto fail;
	if ((st = store_commit(s, err)))
		goto fail;
	store_policies_free(versions, nv);
	return DS_OK;
fail:
	store_rollback(s);
	store_policies_free(versions, nv);
	store_visit_result_free(out);
	return st;
}

/* ---- review, notice, appeals ------------------------------------------------ */

/* The household's allowance as a decision leaves it. */
static ds_status set_receiving(ds_store *s, const char *household,
                               const core_effects *fx, ds_error *err)
{
	store_household_row row;
	json_t *hj, *body;
	char base[64];
	bool on = fx->pay == CORE_PAY_SET;
	ds_status st;
	if (fx->pay == CORE_PAY_KEEP)
		return DS_OK;
	if ((st = store_household_get(s, household, &row, err)))
		return st;
	if (row.h.receiving == on &&
	    (!on || (row.h.allowance == fx->allowance && row.h.since == fx->since))) {
		store_row_free(&row);
		return DS_OK;
	}
	row.h.receiving = on;
	row.h.allowance = on ? fx->allowance : 0;
	row.h.since = on ? fx->since : 0;
	hj = store_household_to_json(&row.h);
	store_event_ref(s, row.updated_seq ? row.updated_seq : row.created_seq, base);
	store_row_free(&row);
	body = hj ? json_pack("{s:o, s:s, s:s}", "household", hj, "cause", "decision",
	                      "base", base)
	          : NULL;
	if (!body)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	st = store_emit(s, core_event_id(CORE_EVENT_HOUSEHOLD_CHANGED), household,
	                body, NULL, err);
	json_decref(body);
	return st;
}

/* What the step needs that the store holds: the assessment submitted (its
 * outcome, payment and schedule), the household's allowance now and, for
 * an assignment, the role of the one it goes to. */
static ds_status read_for_step(ds_store *s, const store_case *k, core_action a,
                               core_step_args *args, ds_error *err)
{
	store_household_row row;
	ds_status st;
	if ((st = store_household_get(s, k->household, &row, err)))
		return st;
	args->receiving = row.h.receiving;
	args->allowance = row.h.allowance;
	args->since = row.h.since;
	store_row_free(&row);
	if (k->proposal_seq && (a == CORE_ACTION_SUBMIT || a == CORE_ACTION_FINALIZE)) {
		json_t *body = NULL, *as, *t;
		if ((st = store_event_body(s, k->proposal_seq, &body, err)))
			return st;
		as = json_object_get(body, "assessment");
		t = json_object_get(as, "transition");
		args->has_proposal = true;
		args->eligible = json_is_true(json_object_get(as, "eligible"));
		args->has_transition = json_is_object(t);
		core_money_parse(json_string_value(json_object_get(as, "payment")),
		                 false, &args->payment, "", NULL);
		if (args->has_transition)
			core_month_parse(json_string_value(json_object_get(t, "last")),
			                 &args->transition_last, "", NULL);
		json_decref(body);
	}
	if (a == CORE_ACTION_APPEAL_ASSIGN && args->to && *args->to) {
		store_user_info *users = NULL;
		size_t n = 0;
		if ((st = store_users(s, &users, &n, err)))
			return st;
		args->to_role = -1;
		for (size_t i = 0; i < n; i++)
			if (!strcmp(users[i].name, args->to))
				args->to_role = (int)users[i].role;
		free(users);
	}
	return DS_OK;
}

/* The step's words and dates in its event, beside the case after it. */
static json_t *step_extra(core_action a, const core_step_args *args,
                          core_date today, core_month pays_from,
                          const core_case *after)
{
	json_t *extra = json_object();
	if (!extra)
		return NULL;
	/* the month it changes what is paid from, by the policy it followed */
	if (pays_from) {
		char m[8];
		core_month_format(pays_from, m);
		json_object_set_new(extra, "pays_from", json_string(m));
	}
	/* the day the step was taken: what a payment change counts from */
	json_object_set_new(extra, "day", date_or_null(today));
	if (args->reason)
		json_object_set_new(extra, "reason", json_string(args->reason));
	if (args->note)
		json_object_set_new(extra, "note", json_string(args->note));
	if (a == CORE_ACTION_APPEAL_DECIDE)
		json_object_set_new(extra, "decision",
		                    json_string(args->overturn ? "overturn" : "uphold"));
	if (a == CORE_ACTION_APPEAL_ASSIGN)
		json_object_set_new(extra, "to", json_string(args->to));
	if (a == CORE_ACTION_APPEAL_FILE && after->appeal_late)
		json_object_set_new(extra, "late_reason",
		                    json_string(after->appeal_late_reason));
	if (a == CORE_ACTION_DELIVER) {
		json_object_set_new(extra, "on", date_or_null(after->delivered));
		json_object_set_new(extra, "method",
		                    json_string(after->delivery_method));
	}
	if (a == CORE_ACTION_SUBMIT || a == CORE_ACTION_FINALIZE ||
	    a == CORE_ACTION_REFUSE)
		json_object_set_new(extra, "outcome",
		                    json_string(core_outcome_id(after->outcome)));
	return extra;
}

/* The day whose policy a step follows: a decision taking effect, the day
 * it does; an appeal, the day of the decision appealed (its letter's
 * times); else the day of the step. */
static core_date policy_day(const core_case *c, core_action a, core_date today)
{
	if (a == CORE_ACTION_FINALIZE && c->notice_ends >= 0 && c->notice_ends < today)
		return c->notice_ends;
	if ((a == CORE_ACTION_APPEAL_FILE || a == CORE_ACTION_DELIVER) &&
	    c->decided >= 0 && c->decided <= today)
		return c->decided;
	return today;
}

/* Does the step, inside the caller's transaction: loads the case and what
 * the rules need, lets core_case_act decide, writes its effects, emits. */
static ds_status act(ds_store *s, const char *household, core_action a,
                     const core_step_args *given, core_state *next,
                     ds_error *err)
{
	store_case k;
	core_step_args args;
	core_case after;
	core_effects fx;
	core_date today = store_today(s);
	core_policy *versions = NULL;
	const core_policy *p = NULL;
	size_t nv = 0;
	json_t *extra;
	ds_status st;

	if (given)
		args = *given;
	else
		core_step_args_init(&args);
	if ((st = store_case_get(s, household, &k, err)) ||
	    (st = read_for_step(s, &k, a, &args, err)) ||
	    (st = store_policy_at(s, policy_day(&k.c, a, today), &versions, &nv,
	                          &p, err)))
		goto out;
	if ((st = core_case_act(&k.c, a, &args, store_user(s), store_role(s),
	                        today, p, &after, &fx, err)))
		goto out;
	if (a == CORE_ACTION_REFUSE || a == CORE_ACTION_FINALIZE)
		k.decision_seq = k.proposal_seq;
	if ((st = set_receiving(s, household, &fx, err)))
		goto out;
	if (!(extra = step_extra(a, &args, today,
	                         core_case_pays_from(&k.c, &after, a, p, today),
	                         &after))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	k.c = after;
	st = case_emit(s, core_action_event(a), &k, extra, err);
	if (!st && next)
		*next = k.c.state;
out:
	store_policies_free(versions, nv);
	return st;
}

ds_status store_case_may(ds_store *s, const char *household, core_action a,
                         ds_error *err)
{
	store_case k;
	core_step_result r;
	ds_status st;
	if ((st = store_case_get(s, household, &k, err)))
		return st;
	r = core_case_step(&k.c, a, store_user(s), store_role(s), store_today(s),
	                   k.c.state);
	return r.refusal ? core_refusal_error(&k.c, a, store_user(s), store_role(s),
	                                      r, err)
	                 : DS_OK;
}

ds_status store_case_act(ds_store *s, const char *household, core_action a,
                         const core_step_args *args, core_state *next,
                         ds_error *err)
{
	ds_status st;
	if ((st = store_begin(s, err)))
		return st;
	if ((st = act(s, household, a, args, next, err))) {
		store_rollback(s);
		return st;
	}
	return store_commit(s, err);
}

/* Whether a case's notice has ended or its withdrawal passed its last
 * month, and the step that follows. */
static bool catch_up_due(ds_store *s, const store_case *k, core_action *a)
{
	if (k->c.state == CORE_STATE_NOTICE && store_today(s) > k->c.notice_ends)
		*a = CORE_ACTION_FINALIZE;
	else if (k->c.state == CORE_STATE_IN_TRANSITION && k->c.transition_last &&
	         core_month_of_date(store_today(s)) > k->c.transition_last)
		*a = CORE_ACTION_END_TRANSITION;
	else
		return false;
	return true;
}

ds_status store_case_catch_up(ds_store *s, int *changed, ds_error *err)
{
	sqlite3_stmt *q;
	char (*ids)[STORE_ID_BUF] = NULL;
	size_t n = 0;
	ds_status st = DS_OK;
	int rc;
	*changed = 0;
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT household FROM casefile WHERE state IN"
	                        " ('notice', 'in_transition') ORDER BY household",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		char (*nl)[STORE_ID_BUF] = realloc(ids, (n + 1) * sizeof(*ids));
		if (!nl) {
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			break;
		}
		ids = nl;
		snprintf(ids[n++], STORE_ID_BUF, "%s",
		         (const char *)sqlite3_column_text(q, 0));
	}
	sqlite3_finalize(q);
	if (!st && rc != SQLITE_DONE)
		st = store_sql_fail(s, err, rc);
	/* Every command runs this: look before taking the write lock, which
	 * most runs do not need, so that a command does not wait behind
	 * another doorstep that is writing (an import) for nothing. */
	{
		bool any = false;
		for (size_t i = 0; !st && !any && i < n; i++) {
			store_case k;
			core_action a;
			if (!(st = store_case_get(s, ids[i], &k, err)))
				any = catch_up_due(s, &k, &a);
		}
		if (!st && !any) {
			free(ids);
			return DS_OK;
		}
	}
	if (!st)
		st = store_begin(s, err);
	for (size_t i = 0; !st && i < n; i++) {
		store_case k;
		core_action a;
		if ((st = store_case_get(s, ids[i], &k, err)))
			break;
		if (!catch_up_due(s, &k, &a))
			continue;
		if ((st = act(s, ids[i], a, NULL, NULL, err)))
			break;
		(*changed)++;
	}
	free(ids);
	if (st) {
		store_rollback(s);
		return st;
	}
	return store_commit(s, err);
}

/* ---- work that is due ------------------------------------------------------ */

typedef struct {
	ds_store *s;
	store_due_item *items;
	size_t n, cap;
	core_date until;
	const core_policy *p;
	ds_error *err;
} due_ctx;

static ds_status due_add(due_ctx *x, const char *hh, const core_due_item *d)
{
	store_due_item *it;
	if (d->date > x->until)
		return DS_OK;
	if (x->n == x->cap) {
		size_t nc = x->cap ? x->cap * 2 : 64;
		store_due_item *ni = realloc(x->items, nc * sizeof(*ni));
		if (!ni)
			return ds_fail(x->err, DS_ESYSTEM, "", N_("out of memory"));
		x->items = ni;
		x->cap = nc;
	}
	it = &x->items[x->n++];
	memset(it, 0, sizeof(*it));
	it->kind = d->kind;
	snprintf(it->household, sizeof(it->household), "%s", hh);
	it->date = d->date;
	it->from = d->from;
	it->overdue = d->overdue;
	snprintf(it->detail, sizeof(it->detail), "%s", d->detail);
	return DS_OK;
}

/* Someone who can work, or an income that varies: the shorter interval. */
static bool watched(const core_household *h)
{
	for (size_t i = 0; i < h->n_members; i++) {
		if (h->members[i].able_to_work)
			return true;
		for (size_t k = 0; k < h->members[i].n_incomes; k++)
			if (h->members[i].incomes[k].irregular)
				return true;
	}
	return false;
}

/* The day an event was written (its clock), no later than today: an
 * application cannot be made after the day the program takes as today
 * (DOORSTEP_TODAY in training, or a clock set wrong). -1 when the event
 * cannot be read. */
static core_date event_day_raw(ds_store *s, int64_t seq);

static core_date event_day(ds_store *s, int64_t seq)
{
	core_date d = event_day_raw(s, seq);
	return d > store_today(s) ? store_today(s) : d;
}

/* The day an event was written, as its clock says. */
static core_date event_day_raw(ds_store *s, int64_t seq)
{
	sqlite3_stmt *q;
	uint64_t hlc;
	time_t t;
	struct tm tm;
	if (seq <= 0)
		return -1;
	if (s->created_hint.set && s->created_hint.seq == seq) {
		hlc = s->created_hint.hlc; /* the event just written */
	} else {
		if (!(q = store_stmt(s, STMT_EVENT_HLC)))
			return -1;
		sqlite3_bind_int64(q, 1, seq);
		if (sqlite3_step(q) != SQLITE_ROW) {
			sqlite3_reset(q);
			return -1;
		}
		hlc = (uint64_t)sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
	}
	t = (time_t)((hlc >> 16) / 1000);
	localtime_r(&t, &tm);
	return core_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The case as the due rule sees it: its dates, the household's, and
 * for case files written before the day of a return was kept, the day
 * of the case file's last step. */
static ds_status due_case_as(ds_store *s, const store_household_row *row,
                             const store_case *k, core_due_case *d,
                             core_date (*day)(ds_store *, int64_t),
                             ds_error *err)
{
	memset(d, 0, sizeof(*d));
	d->c = k->c;
	d->transition_last = k->c.transition_last;
	d->appeal_deadline = k->c.appeal_deadline;
	d->referral_due = k->c.referral_due;
	d->referral_date = k->c.referral_date;
	d->applied = d->opened = -1;
	if (k->c.state == CORE_STATE_APPLYING)
		d->applied = day(s, row->created_seq);
	d->opened = k->c.opened;
	snprintf(d->opened_by, sizeof(d->opened_by), "%s", k->c.opened_by);
	if (d->opened < 0 && (k->c.state == CORE_STATE_RETURNED ||
	                      (k->c.state == CORE_STATE_INVESTIGATING &&
	                       !k->c.visited))) {
		int64_t head;
		ds_status st = case_head(s, row->id, &head, err);
		if (st)
			return st;
		d->opened = day(s, head);
	}
	d->watched = watched(&row->h);
	{
		store_class cl;
		ds_status st = store_class_of(s, row->id, &cl, err);
		if (st)
			return st;
		d->classified = cl.known;
		d->cls = cl.cls;
	}
	d->last_visit = k->c.last_visit;
	d->last_verified = row->h.last_verified ? row->h.last_verified : -1;
	d->began = row->h.receiving && row->h.since
	                   ? core_month_first_day(row->h.since)
	                   : day(s, row->created_seq);
	return DS_OK;
}

static ds_status due_case(ds_store *s, const store_household_row *row,
                          const store_case *k, core_due_case *d,
                          ds_error *err)
{
	return due_case_as(s, row, k, d, event_day, err);
}

ds_status store_due_case(ds_store *s, const store_household_row *row,
                         const store_case *k, core_due_case *d,
                         store_due_days *from_events, ds_error *err)
{
	ds_status st = due_case_as(s, row, k, d, event_day_raw, err);
	if (st)
		return st;
	/* which of its days are events' days, which are clamped to the day
	 * taken as today where the case is read */
	from_events->applied = d->applied >= 0;
	from_events->opened = d->opened >= 0 && k->c.opened < 0;
	from_events->began = !(row->h.receiving && row->h.since);
	return DS_OK;
}

static ds_status due_items(due_ctx *x, const store_household_row *row,
                           const store_case *k)
{
	core_due_case d;
	core_due_item items[CORE_DUE_MAX];
	size_t n;
	ds_status st;
	if ((st = due_case(x->s, row, k, &d, x->err)))
		return st;
	n = core_due_items(&d, x->p, store_today(x->s), items);
	for (size_t i = 0; i < n; i++)
		if ((st = due_add(x, row->id, &items[i])))
			return st;
	return DS_OK;
}

static ds_status due_one(const store_household_row *row, void *vctx)
{
	due_ctx *x = vctx;
	store_case k;
	ds_status st;
	if ((st = store_case_of_row(x->s, row, &k, x->err)))
		return st;
	return due_items(x, row, &k);
}

ds_status store_due_household(ds_store *s, const core_policy *p,
                              const store_household_row *row,
                              const store_case *k, store_due_item *first,
                              bool *any, ds_error *err)
{
	due_ctx x;
	ds_status st;
	memset(&x, 0, sizeof(x));
	x.s = s;
	x.p = p;
	x.err = err;
	x.until = CORE_DATE_NONE - 1;
	*any = false;
	if ((st = due_items(&x, row, k))) {
		free(x.items);
		return st;
	}
	for (size_t i = 0; i < x.n; i++)
		if (!*any || x.items[i].date < first->date) {
			*first = x.items[i];
			*any = true;
		}
	free(x.items);
	return DS_OK;
}

static int due_cmp(const void *a, const void *b)
{
	const store_due_item *x = a, *y = b;
	if (x->overdue != y->overdue)
		return x->overdue ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->household, y->household);
}

/* The relief cases' deadlines and paperwork (core_due_relief). */
static ds_status due_relief(due_ctx *x)
{
	store_relief *list = NULL;
	size_t n = 0;
	ds_status st = store_relief_list(x->s, &list, &n, x->err);
	for (size_t i = 0; !st && i < n; i++) {
		core_due_item items[2];
		size_t k = core_due_relief(&list[i].r, list[i].id,
		                           store_today(x->s), items);
		for (size_t j = 0; !st && j < k; j++)
			st = due_add(x, list[i].household, &items[j]);
	}
	if (list)
		sodium_memzero(list, n * sizeof(*list)); /* needs, reasons */
	free(list);
	return st;
}

ds_status store_due(ds_store *s, int within, store_due_item **items,
                    size_t *n, ds_error *err)
{
	due_ctx x;
	core_policy *versions = NULL;
	ds_status st;
	size_t nv = 0;
	memset(&x, 0, sizeof(x));
	x.s = s;
	x.err = err;
	x.until = store_today(s) + (within < 0 ? 0 : within);
	*items = NULL;
	*n = 0;
	if ((st = store_policy_at(s, store_today(s), &versions, &nv, &x.p, err)))
		return st;
	st = store_household_each(s, due_one, NULL, &x, err);
	store_policies_free(versions, nv);
	if (!st)
		st = due_relief(&x);
	if (st) {
		free(x.items);
		return st;
	}
	if (x.n)
		qsort(x.items, x.n, sizeof(*x.items), due_cmp);
	*items = x.items;
	*n = x.n;
	return DS_OK;
}

/* ---- drafts ------------------------------------------------------------------ */

static void draft_ad(char *buf, size_t len, const char *id,
                     const char *household)
{
	snprintf(buf, len, "draft|%s|%s|data|1", id, household);
}

ds_status store_draft_save(ds_store *s, char id[STORE_ID_BUF],
                           const char *household, int step, json_t *visit,
                           ds_error *err)
{
	static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
	char *text, ad[96];
	unsigned char *sealed = NULL;
	size_t slen = 0;
	sqlite3_stmt *q = NULL;
	bool own_tx = !store_in_transaction(s);
	ds_status st;
	int rc;
	if (!id[0]) {
		unsigned char r[8];
		store_random(r, sizeof(r));
		id[0] = 'd';
		for (int i = 0; i < 8; i++)
			id[i + 1] = alphabet[r[i] & 31];
		id[9] = '\0';
	}
	text = json_dumps(visit, JSON_COMPACT);
	if (!text)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	draft_ad(ad, sizeof(ad), id, household);
	if (store_seal(&sealed, &slen, text, strlen(text), ad, SEAL_KEY(s))) {
		free(text);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	store_wipe(text, strlen(text));
	free(text);
	/* One transaction, committed at once: a draft survives kill -9 as it
	 * was at its last step. */
	if (own_tx && (st = store_begin(s, err))) {
		free(sealed);
		return st;
	}
	rc = sqlite3_prepare_v2(s->db,
	                        "INSERT OR REPLACE INTO main.draft(id, household, author,"
	                        " updated, step, data, mac) VALUES (?1,?2,?3,?4,?5,?6,"
	                        " ds_mac('draft', ?1, ?2, ?3, ?4, ?5, ?6))",
	                        -1, &q, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, household, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, store_user(s), -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 4, (sqlite3_int64)(store_now_ms() / 1000));
		sqlite3_bind_int(q, 5, step);
		sqlite3_bind_blob(q, 6, sealed, (int)slen, SQLITE_STATIC);
		rc = sqlite3_step(q);
	}
	sqlite3_finalize(q);
	free(sealed);
	st = rc == SQLITE_DONE ? DS_OK : store_sql_fail(s, err, rc);
	if (own_tx && !st)
		st = store_commit(s, err);
	if (own_tx && st)
		store_rollback(s);
	return st;
}

static void fill_info(sqlite3_stmt *q, store_draft_info *d)
{
	time_t t = (time_t)sqlite3_column_int64(q, 3);
	struct tm tm;
	memset(d, 0, sizeof(*d));
	snprintf(d->id, sizeof(d->id), "%s", (const char *)sqlite3_column_text(q, 0));
	snprintf(d->household, sizeof(d->household), "%s",
	         (const char *)sqlite3_column_text(q, 1));
	snprintf(d->author, sizeof(d->author), "%s",
	         (const char *)sqlite3_column_text(q, 2));
	localtime_r(&t, &tm);
	strftime(d->updated, sizeof(d->updated), "%Y-%m-%d %H:%M", &tm);
	d->step = sqlite3_column_int(q, 4);
}

ds_status store_draft_list(ds_store *s, store_draft_info **list, size_t *n,
                           ds_error *err)
{
	sqlite3_stmt *q;
	store_draft_info *l = NULL;
	size_t c = 0;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT id, household, author, updated, step"
	                            " FROM draft ORDER BY updated DESC, id",
	                            -1, &q, NULL);
	*list = NULL;
	*n = 0;
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_draft_info *nl = realloc(l, (c + 1) * sizeof(*l));
		if (!nl) {
			free(l);
			sqlite3_finalize(q);
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
		l = nl;
		fill_info(q, &l[c++]);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		free(l);
		return store_sql_fail(s, err, rc);
	}
	*list = l;
	*n = c;
	return DS_OK;
}

ds_status store_draft_get(ds_store *s, const char *id, store_draft_info *info,
                          json_t **visit, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st = DS_OK;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT id, household, author, updated, step,"
	                            " data FROM draft WHERE id = ?",
	                            -1, &q, NULL);
	*visit = NULL;
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		unsigned char *plain = NULL;
		size_t plen = 0;
		char ad[96];
		fill_info(q, info);
		draft_ad(ad, sizeof(ad), id, info->household);
		if (store_unseal(&plain, &plen, sqlite3_column_blob(q, 5),
		                 (size_t)sqlite3_column_bytes(q, 5), ad, SEAL_KEY(s)) ||
		    !(*visit = json_loadb((const char *)plain, plen, 0, NULL)))
			st = ds_fail(err, DS_EDAMAGED, id,
			             N_("the draft is damaged or was altered"));
		if (plain) {
			store_wipe(plain, plen);
			free(plain);
		}
	} else {
		st = rc == SQLITE_DONE
		             ? ds_fail(err, DS_EINPUT, "DRAFT",
		                       N_("there is no draft %s"), id)
		             : store_sql_fail(s, err, rc);
	}
	sqlite3_finalize(q);
	return st;
}

ds_status store_draft_delete(ds_store *s, const char *id, ds_error *err)
{
	sqlite3_stmt *q;
	bool own_tx = !store_in_transaction(s);
	ds_status st;
	int rc;
	if (own_tx && (st = store_begin(s, err)))
		return st;
	rc = sqlite3_prepare_v2(s->db, "DELETE FROM main.draft WHERE id = ?", -1,
	                        &q, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
		rc = sqlite3_step(q);
		sqlite3_finalize(q);
	}
	if (rc != SQLITE_DONE)
		st = store_sql_fail(s, err, rc);
	else if (!sqlite3_changes(s->db))
		st = ds_fail(err, DS_EINPUT, "DRAFT", N_("there is no draft %s"), id);
	else
		st = own_tx ? store_commit(s, err) : DS_OK;
	if (own_tx && st)
		store_rollback(s);
	return st;
}

/* ---- the timeline --------------------------------------------------------------- */

ds_status store_timeline(ds_store *s, const char *household,
                         store_timeline_item **items, size_t *n,
                         ds_error *err)
{
	sqlite3_stmt *q;
	store_timeline_item *l = NULL;
	size_t c = 0;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT seq, hlc, author, kind FROM event"
	                            " WHERE entity = ? ORDER BY seq",
	                            -1, &q, NULL);
	*items = NULL;
	*n = 0;
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_text(q, 1, household, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_timeline_item *nl = realloc(l, (c + 1) * sizeof(*l));
		time_t t;
		struct tm tm;
		if (!nl) {
			free(l);
			sqlite3_finalize(q);
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
		l = nl;
		memset(&l[c], 0, sizeof(l[c]));
		l[c].seq = sqlite3_column_int64(q, 0);
		t = (time_t)(((uint64_t)sqlite3_column_int64(q, 1) >> 16) / 1000);
		localtime_r(&t, &tm);
		strftime(l[c].when, sizeof(l[c].when), "%Y-%m-%d %H:%M", &tm);
		snprintf(l[c].author, sizeof(l[c].author), "%s",
		         (const char *)sqlite3_column_text(q, 2));
		snprintf(l[c].kind, sizeof(l[c].kind), "%s",
		         (const char *)sqlite3_column_text(q, 3));
		c++;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		free(l);
		return store_sql_fail(s, err, rc);
	}
	*items = l;
	*n = c;
	return DS_OK;
}
