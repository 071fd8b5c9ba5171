/* test_assess.c — assessing stored households (store/assess.c): a trial
 * writes nothing, a recorded assessment is one household.assessed event
 * and a row of the assessment table, what a case receives now (a running
 * withdrawal schedule from its last recorded assessment, and not after its
 * end), withdrawal schedules and assessments as JSON. One store serves the
 * group; every test adds its own households. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/event.h"
#include "store/assessjson.h"
#include "store/internal.h"
#include "store/policyjson.h"
#include "tests/unit/store/storetest.h"

static char root[PATH_MAX], dir[PATH_MAX + 32];
static store_secret *pass;
static ds_store *s;
static unsigned serial = 7000; /* ID numbers not used yet */
static core_assessment *a;     /* large: one for the group */
static core_policy *versions;  /* the store's policies */
static size_t n_versions;
static const core_policy *pol; /* the default, in force from 2023 */

#define TODAY core_date_from_ymd(2026, 11, 27)

static int64_t count_rows(const char *table)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	return sql_int(s->db, sql);
}

/* Adds a household of n members in region with no income and no
 * categories, the head's income given (source, fen), and reads it back
 * into row. */
static void add_hh(store_household_row *row, size_t n, const char *region,
                   core_income_source src, core_fen monthly)
{
	core_household h;
	char id[STORE_ID_BUF];
	ds_error err;
	hh_make(&h, n, serial);
	serial += (unsigned)n;
	snprintf(h.region, sizeof(h.region), "%s", region);
	for (size_t i = 0; i < n; i++) {
		h.members[i].categories = 0;
		h.members[i].n_incomes = 0;
	}
	h.members[0].n_incomes = 1;
	h.members[0].incomes[0].source = src;
	h.members[0].incomes[0].monthly = monthly;
	assert_ok(store_household_add(s, &h, id, &err), &err);
	core_household_free(&h);
	assert_ok(store_household_get(s, id, row, &err), &err);
}

/* Gives the member a birth year, keeping the ID number valid. */
static void born_in(core_member *m, const char *yyyy)
{
	memcpy(m->id_number + 6, yyyy, 4);
	m->id_number[17] = core_idnum_check_char(m->id_number);
}

/* A receiving household: one member with wages, receiving A0 since
 * 2024-03. */
static void add_receiving(store_household_row *row, core_fen wages,
                          core_fen a0)
{
	core_household h;
	char id[STORE_ID_BUF];
	ds_error err;
	hh_make(&h, 1, serial++);
	/* of working age: an older person alone with no one able to support
	 * them would be destitute (the ladder), not what these tests are of */
	born_in(&h.members[0], "1985");
	h.members[0].categories = 0;
	h.members[0].incomes[0].source = CORE_INCOME_WAGES;
	h.members[0].incomes[0].monthly = wages;
	h.receiving = true;
	h.allowance = a0;
	h.since = core_month_make(2024, 3);
	assert_ok(store_household_add(s, &h, id, &err), &err);
	core_household_free(&h);
	assert_ok(store_household_get(s, id, row, &err), &err);
}

static int group_setup(void **state)
{
	store_init_opts o = {"wang", CORE_ROLE_ASSISTANT, "440106", NULL};
	ds_error err;
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	tmpdir_new(root);
	snprintf(dir, sizeof(dir), "%s/store", root);
	pass = pass_new(TEST_PASS);
	if (!(a = malloc(sizeof(*a))))
		return -1;
	if (store_init(dir, &o, pass, NULL) != DS_OK ||
	    store_open(dir, "wang", pass, &s, NULL) != DS_OK)
		return -1;
	store_set_today(s, TODAY);
	if (store_policy_at(s, TODAY, &versions, &n_versions, &pol, &err) !=
	    DS_OK)
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	store_policies_free(versions, n_versions);
	store_close(&s);
	store_secret_free(&pass);
	tmpdir_remove(root);
	free(a);
	return 0;
}

/* ---- JSON helpers ------------------------------------------------------------------ */

static const char *str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_string(v))
		fail_msg("\"%s\" is not a string", key);
	return json_string_value(v);
}

/* The first step with code, or NULL. */
static json_t *step(json_t *j, const char *code)
{
	size_t i;
	json_t *st;
	json_array_foreach(json_object_get(j, "steps"), i, st) {
		if (strcmp(str(st, "code"), code) == 0)
			return st;
	}
	return NULL;
}

static const char *figure(json_t *st, const char *name)
{
	assert_non_null(st);
	return str(json_object_get(st, "figures"), name);
}

/* ---- trial and record ------------------------------------------------------------------ */

static void test_dry_run_writes_nothing(void **state)
{
	store_household_row row;
	int64_t events, cps, rows;
	json_t *last = (json_t *)1;
	ds_error err;
	(void)state;
	add_hh(&row, 3, "440106", CORE_INCOME_BUSINESS, 120000);
	events = count_rows("event");
	cps = count_rows("checkpoint");
	rows = count_rows("assessment");
	for (int i = 0; i < 3; i++) {
		assert_ok(store_assess_row(s, &row, pol, TODAY, false, a, &err), &err);
		assert_true(a->eligible);
		assert_int_equal(a->allowance, 229500);
	}
	assert_int_equal(count_rows("event"), events);
	assert_int_equal(count_rows("checkpoint"), cps);
	assert_int_equal(count_rows("assessment"), rows);
	assert_false(store_in_transaction(s));
	assert_ok(store_last_assessment(s, row.id, &last, &err), &err);
	assert_null(last);
	store_row_free(&row);
}

static void test_record_one_event(void **state)
{
	store_household_row row;
	int64_t events, cps, rows, seq;
	json_t *body = NULL, *want, *last = NULL;
	char sql[160], buf[32];
	ds_error err;
	(void)state;
	add_hh(&row, 3, "440106", CORE_INCOME_BUSINESS, 120000);
	events = count_rows("event");
	cps = count_rows("checkpoint");
	rows = count_rows("assessment");
	assert_ok(store_assess_row(s, &row, pol, TODAY, true, a, &err), &err);
	assert_false(store_in_transaction(s));
	/* One event, signed on its own; one row. */
	assert_int_equal(count_rows("event"), events + 1);
	assert_int_equal(count_rows("checkpoint"), cps + 1);
	assert_int_equal(count_rows("assessment"), rows + 1);
	seq = sql_int(s->db, "SELECT max(seq) FROM event");
	sql_text(s->db, "SELECT kind FROM event ORDER BY seq DESC LIMIT 1", buf,
	         sizeof(buf));
	assert_string_equal(buf, "household.assessed");
	sql_text(s->db, "SELECT entity FROM event ORDER BY seq DESC LIMIT 1", buf,
	         sizeof(buf));
	assert_string_equal(buf, row.id);
	snprintf(sql, sizeof(sql), "SELECT seq FROM assessment WHERE household = '%s'",
	         row.id);
	assert_int_equal(sql_int(s->db, sql), seq);
	snprintf(sql, sizeof(sql),
	         "SELECT date FROM assessment WHERE household = '%s'", row.id);
	sql_text(s->db, sql, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-27");
	/* The event holds the assessment as JSON, the policy version in it,
	 * its sources cited by key under that version. */
	assert_ok(store_event_body(s, seq, &body, &err), &err);
	{
		json_t *rec = store_assessment_body(a, pol);
		assert_non_null(rec);
		want = json_incref(json_object_get(rec, "assessment"));
		json_decref(rec);
	}
	assert_true(json_equal(json_object_get(body, "assessment"), want));
	assert_string_equal(str(json_object_get(body, "assessment"),
	                        "policy_version"),
	                    pol->version);
	/* read back, it explains as the assessment itself does (the sources'
	 * words from the policy) */
	{
		core_assessment *back = malloc(sizeof(*back));
		json_t *x, *y;
		assert_non_null(back);
		assert_ok(store_assessment_from_json(s, json_object_get(body, "assessment"),
		                                     back, &err),
		          &err);
		x = store_assessment_to_json(a);
		y = store_assessment_to_json(back);
		assert_true(json_equal(x, y));
		json_decref(x);
		json_decref(y);
		free(back);
	}
	json_decref(body);
	assert_ok(store_last_assessment(s, row.id, &last, &err), &err);
	assert_non_null(last);
	assert_true(json_equal(last, want));
	json_decref(last);
	json_decref(want);

	/* A second one replaces the row and adds one event more. */
	assert_ok(store_assess_row(s, &row, pol,
	                           core_date_from_ymd(2026, 12, 3), true, a, &err),
	          &err);
	assert_int_equal(count_rows("event"), events + 2);
	assert_int_equal(count_rows("assessment"), rows + 1);
	snprintf(sql, sizeof(sql),
	         "SELECT date FROM assessment WHERE household = '%s'", row.id);
	sql_text(s->db, sql, buf, sizeof(buf));
	assert_string_equal(buf, "2026-12-03");
	{
		store_audit_report rep;
		assert_ok(store_audit_verify(s, &rep, &err), &err);
		/* and the assessment table survives a rebuild */
		sql_text(s->db, sql, buf, sizeof(buf));
		assert_ok(store_rebuild(s, &err), &err);
		assert_int_equal(count_rows("assessment"), rows + 1);
		sql_text(s->db, sql, buf, sizeof(buf));
		assert_string_equal(buf, "2026-12-03");
		assert_ok(store_audit_verify(s, &rep, &err), &err);
		/* a row changed with SQL is found, and mended by a rebuild */
		{
			char upd[160];
			snprintf(upd, sizeof(upd),
			         "UPDATE assessment SET date = '2020-01-01'"
			         " WHERE household = '%s'",
			         row.id);
			sql_exec(s->db, upd);
		}
		memset(&err, 0, sizeof(err));
		assert_status(store_audit_verify(s, &rep, &err), DS_EDAMAGED, &err);
		{
			/* its row's MAC does not verify */
			char w[40];
			snprintf(w, sizeof(w), "household %s", row.id);
			assert_string_equal(err.where, w);
		}
		assert_ok(store_rebuild(s, &err), &err);
		assert_ok(store_audit_verify(s, &rep, &err), &err);
	}
	store_row_free(&row);
}

/* Inside the caller's transaction: written with it, gone when it is
 * rolled back. */
static void test_record_in_caller_transaction(void **state)
{
	store_household_row row;
	int64_t events, rows;
	ds_error err;
	(void)state;
	add_hh(&row, 2, "440106", CORE_INCOME_WAGES, 50000);
	events = count_rows("event");
	rows = count_rows("assessment");
	assert_ok(store_begin(s, &err), &err);
	assert_ok(store_assess_row(s, &row, pol, TODAY, true, a, &err), &err);
	assert_true(store_in_transaction(s));
	assert_int_equal(count_rows("event"), events + 1);
	assert_int_equal(count_rows("assessment"), rows + 1);
	store_rollback(s);
	assert_int_equal(count_rows("event"), events);
	assert_int_equal(count_rows("assessment"), rows);
	store_row_free(&row);
}

/* No standard for the region on the date: an error naming both, nothing
 * recorded. */
static void test_no_standard(void **state)
{
	store_household_row row;
	int64_t events;
	ds_error err;
	(void)state;
	add_hh(&row, 1, "620121", CORE_INCOME_WAGES, 10000);
	events = count_rows("event");
	memset(&err, 0, sizeof(err));
	assert_status(store_assess_row(s, &row, pol, TODAY, true, a, &err),
	              DS_EINPUT, &err);
	assert_string_equal(err.where, "region");
	assert_string_equal(err.arg[0], "620121");
	assert_string_equal(err.arg[1], "2026-11-27");
	assert_int_equal(count_rows("event"), events);
	assert_false(store_in_transaction(s));
	store_row_free(&row);
	/* Shanghai's standard starts on 2023-07-01. */
	add_hh(&row, 1, "310101", CORE_INCOME_WAGES, 10000);
	memset(&err, 0, sizeof(err));
	assert_status(store_assess_row(s, &row, pol,
	                               core_date_from_ymd(2023, 3, 1), true, a,
	                               &err),
	              DS_EINPUT, &err);
	assert_string_equal(err.arg[0], "310101");
	assert_string_equal(err.arg[1], "2023-03-01");
	assert_ok(store_assess_row(s, &row, pol, core_date_from_ymd(2023, 7, 1),
	                           false, a, &err),
	          &err);
	assert_int_equal(a->standard, 151000);
	store_row_free(&row);
}

/* ---- what the case receives now ---------------------------------------------------------------- */

static void expect_schedule(const core_transition *t, core_month first)
{
	static const core_fen pay[] = {119500, 99600, 79700, 59800, 39900, 20000};
	assert_int_equal(t->months, 6);
	assert_int_equal(t->taper, CORE_TAPER_LINEAR);
	assert_int_equal(t->previous, 119500);
	assert_int_equal(t->first, first);
	assert_int_equal(t->last, first + 5);
	for (int k = 0; k < 6; k++)
		assert_int_equal(t->payments[k], pay[k]);
}

/* The household's withdrawal decided on its last recorded assessment: a
 * case event (as a finalized decision writes) naming it. */
static void decide_withdrawal(store_household_row *row)
{
	sqlite3_stmt *q;
	store_event ev;
	json_t *body;
	int64_t seq;
	ds_error err;
	assert_int_equal(sqlite3_prepare_v2(s->db, "SELECT seq FROM assessment"
	                                    " WHERE household = ?", -1, &q, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(q, 1, row->id, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	seq = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	body = json_pack("{s:{s:s, s:s, s:s, s:I, s:I}}", "case", "state",
	                 "in_transition", "before", "receiving", "outcome",
	                 "transition", "decision_seq", (json_int_t)seq,
	                 "proposal_seq", (json_int_t)seq);
	memset(&ev, 0, sizeof(ev));
	ev.seq = seq;
	snprintf(ev.entity, sizeof(ev.entity), "%s", row->id);
	snprintf(ev.kind, sizeof(ev.kind), "case.finalized");
	assert_ok(store_begin(s, &err), &err);
	assert_ok(store_project_case(s, &ev, body, &err), &err);
	assert_ok(store_commit(s, &err), &err);
	json_decref(body);
	snprintf(row->status, sizeof(row->status), "in_transition");
}

static void test_case_now_transition(void **state)
{
	store_household_row row;
	core_case_now now;
	core_transition planned;
	ds_error err;
	(void)state;
	/* Receiving 1,195; wages now 1,300 a month, above S = 1,165. */
	add_receiving(&row, 130000, 119500);

	/* Nothing recorded yet: what the household file says. */
	assert_ok(store_case_now(s, &row, TODAY, &now, &err), &err);
	assert_true(now.receiving);
	assert_int_equal(now.allowance, 119500);
	assert_false(now.in_transition);

	/* A trial finds the schedule but records nothing. */
	assert_ok(store_assess_row(s, &row, pol, TODAY, false, a, &err), &err);
	assert_true(a->has_transition);
	assert_ok(store_case_now(s, &row, core_date_from_ymd(2026, 12, 15), &now,
	                         &err),
	          &err);
	assert_false(now.in_transition);

	/* Recorded: 2026-12 to 2027-05, a proposal: until a decision takes
	 * effect on it, the case is not in withdrawal. */
	assert_ok(store_assess_row(s, &row, pol, TODAY, true, a, &err), &err);
	assert_false(a->eligible);
	assert_true(a->has_transition);
	assert_false(a->transition_continues);
	expect_schedule(&a->transition, core_month_make(2026, 12));
	assert_int_equal(a->payment, 119500); /* December's */
	planned = a->transition;
	assert_ok(store_case_now(s, &row, core_date_from_ymd(2026, 12, 15), &now,
	                         &err),
	          &err);
	assert_false(now.in_transition);
	/* decided */
	decide_withdrawal(&row);

	/* In the month of the assessment the schedule is already the case's
	 * (it runs until its last month), and in every month of it. */
	{
		static const int days[][3] = {{2026, 11, 28}, {2026, 12, 1},
		                              {2027, 2, 14},  {2027, 5, 1},
		                              {2027, 5, 31}};
		for (size_t i = 0; i < N(days); i++) {
			assert_ok(store_case_now(s, &row,
			                         core_date_from_ymd(days[i][0], days[i][1],
			                                            days[i][2]),
			                         &now, &err),
			          &err);
			if (!now.in_transition)
				fail_msg("%d-%02d-%02d: not in transition", days[i][0],
				         days[i][1], days[i][2]);
			assert_true(now.receiving);
			assert_int_equal(now.allowance, 119500);
			expect_schedule(&now.transition, core_month_make(2026, 12));
			assert_int_equal(now.transition.warning, planned.warning);
			assert_int_equal(now.transition.referral, planned.referral);
		}
	}
	/* After its last month, no longer. */
	assert_ok(store_case_now(s, &row, core_date_from_ymd(2027, 6, 1), &now,
	                         &err),
	          &err);
	assert_false(now.in_transition);
	assert_ok(store_case_now(s, &row, core_date_from_ymd(2028, 1, 1), &now,
	                         &err),
	          &err);
	assert_false(now.in_transition);

	/* Assessed again during the schedule, income still above: the same
	 * schedule goes on, and February's payment is the third. */
	assert_ok(store_assess_row(s, &row, pol, core_date_from_ymd(2027, 1, 20),
	                           true, a, &err),
	          &err);
	assert_true(a->has_transition);
	assert_true(a->transition_continues);
	expect_schedule(&a->transition, core_month_make(2026, 12));
	assert_int_equal(a->payment, 79700);
	assert_ok(store_case_now(s, &row, core_date_from_ymd(2027, 3, 1), &now,
	                         &err),
	          &err);
	assert_true(now.in_transition);
	expect_schedule(&now.transition, core_month_make(2026, 12));

	/* What each month pays, for the caseload: the schedule's amount in
	 * its months, the allowance before them, nothing after; a case not
	 * in withdrawal is paid its allowance. */
	{
		static const struct {
			core_state state;
			int y, m;
			core_fen amount;
			int k, n;
		} table[] = {
			{CORE_STATE_IN_TRANSITION, 2026, 11, 119500, 0, 0},
			{CORE_STATE_IN_TRANSITION, 2026, 12, 119500, 1, 6},
			{CORE_STATE_IN_TRANSITION, 2027, 2, 79700, 3, 6},
			{CORE_STATE_IN_TRANSITION, 2027, 5, 20000, 6, 6},
			{CORE_STATE_IN_TRANSITION, 2027, 6, 0, 0, 0},
		};
		for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
			core_fen paid = -1;
			int k = -1, n = -1;
			assert_ok(store_paid_in(s, &row, table[i].state,
			                        core_month_make(table[i].y, table[i].m),
			                        &paid, &k, &n, &err),
			          &err);
			assert_int_equal(paid, table[i].amount);
			assert_int_equal(k, table[i].k);
			assert_int_equal(n, table[i].n);
		}
		/* a case that is not withdrawing (its row says so): its
		 * allowance, whatever was assessed */
		{
			store_household_row r2 = row;
			core_fen paid = -1;
			int k = -1, n = -1;
			snprintf(r2.status, sizeof(r2.status), "receiving");
			assert_ok(store_paid_in(s, &r2, CORE_STATE_RECEIVING,
			                        core_month_make(2027, 2), &paid, &k, &n,
			                        &err),
			          &err);
			assert_int_equal(paid, 119500);
			assert_int_equal(k, 0);
			assert_int_equal(n, 0);
		}
	}

	/* Income down to exactly S during the schedule: still not below S,
	 * so the schedule goes on (no cliff at the standard). */
	row.h.members[0].incomes[0].monthly = 116500;
	assert_ok(store_assess_row(s, &row, pol, core_date_from_ymd(2027, 2, 5),
	                           true, a, &err),
	          &err);
	assert_true(a->has_transition);
	assert_true(a->transition_continues);
	assert_false(a->returned_from_transition);
	expect_schedule(&a->transition, core_month_make(2026, 12));
	assert_int_equal(a->payment, 59800);

	/* Income back below S during the schedule (the row as a later version
	 * of the household would read): back to the regular allowance. */
	row.h.members[0].incomes[0].monthly = 100000;
	assert_ok(store_assess_row(s, &row, pol, core_date_from_ymd(2027, 2, 10),
	                           true, a, &err),
	          &err);
	assert_true(a->returned_from_transition);
	assert_false(a->has_transition);
	assert_true(a->eligible);
	assert_int_equal(a->allowance, 16500);
	/* an assessment proposes; until a decision takes effect on it, the
	 * decided schedule is what is paid (review finding: a visit must not
	 * restart or end a withdrawal by itself) */
	assert_ok(store_case_now(s, &row, core_date_from_ymd(2027, 3, 1), &now,
	                         &err),
	          &err);
	assert_true(now.in_transition);
	expect_schedule(&now.transition, core_month_make(2026, 12));
	store_row_free(&row);
}

/* A recorded schedule that cannot be read is damage, not a guess. */
static void test_case_now_damaged_schedule(void **state)
{
	store_household_row row;
	core_case_now now;
	json_t *body;
	ds_error err;
	(void)state;
	add_receiving(&row, 130000, 119500);
	body = json_pack("{s:{s:s, s:{s:i, s:s, s:[]}}}", "assessment", "date",
	                 "2026-11-27", "transition", "months", 0, "taper",
	                 "linear", "payments");
	assert_non_null(body);
	assert_ok(store_begin(s, &err), &err);
	assert_ok(store_emit(s, core_event_id(CORE_EVENT_HOUSEHOLD_ASSESSED), row.id, body, NULL, &err),
	          &err);
	assert_ok(store_commit(s, &err), &err);
	json_decref(body);
	decide_withdrawal(&row);
	memset(&err, 0, sizeof(err));
	assert_status(store_case_now(s, &row, TODAY, &now, &err), DS_EDAMAGED,
	              &err);
	assert_string_equal(err.where, "transition");
	memset(&err, 0, sizeof(err));
	assert_status(store_assess_row(s, &row, pol, TODAY, true, a, &err),
	              DS_EDAMAGED, &err);
	store_row_free(&row);
}

/* ---- early warning ---------------------------------------------------------------------------- */

static void test_early_warning(void **state)
{
	store_household_row row;
	json_t *j, *w;
	ds_error err;
	(void)state;
	/* 90% of 1,165 is 1,048.50: a receiving household at exactly that. */
	add_receiving(&row, 104850, 20000);
	assert_ok(store_assess_row(s, &row, pol, TODAY, false, a, &err), &err);
	assert_true(a->eligible);
	assert_true(a->warning);
	assert_int_equal(a->warning_percent, 90);
	assert_int_equal(a->warning_threshold, 104850);
	assert_int_equal(a->allowance, 11700); /* 116.50 up to a yuan */
	j = store_assessment_to_json(a);
	w = json_object_get(j, "warning");
	assert_true(json_is_object(w));
	assert_int_equal(json_integer_value(json_object_get(w,
	                                                    "percent_of_standard")),
	                 90);
	assert_string_equal(str(w, "threshold"), "1048.50");
	assert_non_null(step(j, "early_warning"));
	json_decref(j);
	/* One fen below: no warning. */
	row.h.members[0].incomes[0].monthly = 104849;
	assert_ok(store_assess_row(s, &row, pol, TODAY, false, a, &err), &err);
	assert_false(a->warning);
	/* Not receiving: no warning at any income. */
	row.h.members[0].incomes[0].monthly = 110000;
	row.h.receiving = false;
	assert_ok(store_assess_row(s, &row, pol, TODAY, false, a, &err), &err);
	assert_false(a->warning);
	j = store_assessment_to_json(a);
	assert_true(json_is_null(json_object_get(j, "warning")));
	json_decref(j);
	store_row_free(&row);
}

/* A recorded assessment that finds what the last one found leaves the
 * caseload's summary as it is (its seq the event that last changed it);
 * one that changes what the summary shows writes it again. */
static void test_summary_written_when_changed(void **state)
{
	store_household_row row;
	char sql[160];
	int64_t seq1, seq2, seq3;
	sqlite3_stmt *q;
	void *d1 = NULL;
	int n1 = 0;
	ds_error err;
	(void)state;
	add_receiving(&row, 104850, 20000); /* an early warning */
	snprintf(sql, sizeof(sql), "SELECT seq, data FROM summary WHERE household = '%s'",
	         row.id);
	assert_ok(store_assess_row(s, &row, pol, TODAY, true, a, &err), &err);
	assert_true(a->warning);
	seq1 = sql_int(s->db, "SELECT max(seq) FROM event");
	assert_int_equal(sqlite3_prepare_v2(s->db, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(q, 0), seq1);
	n1 = sqlite3_column_bytes(q, 1);
	d1 = malloc((size_t)n1);
	memcpy(d1, sqlite3_column_blob(q, 1), (size_t)n1);
	sqlite3_finalize(q);

	/* the same again: a new event, the summary as it was */
	assert_ok(store_assess_row(s, &row, pol, TODAY, true, a, &err), &err);
	seq2 = sql_int(s->db, "SELECT max(seq) FROM event");
	assert_true(seq2 > seq1);
	assert_int_equal(sqlite3_prepare_v2(s->db, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(q, 0), seq1);
	assert_int_equal(sqlite3_column_bytes(q, 1), n1);
	assert_memory_equal(sqlite3_column_blob(q, 1), d1, (size_t)n1);
	sqlite3_finalize(q);

	/* one fen less income: no warning now, and the summary says so */
	row.h.members[0].incomes[0].monthly = 104849;
	assert_ok(store_assess_row(s, &row, pol, TODAY, true, a, &err), &err);
	assert_false(a->warning);
	seq3 = sql_int(s->db, "SELECT max(seq) FROM event");
	assert_int_equal(sqlite3_prepare_v2(s->db, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(q, 0), seq3);
	sqlite3_finalize(q);
	{
		store_caseload_row *rows = NULL;
		size_t n = 0;
		bool found = false;
		assert_ok(store_caseload(s, &rows, &n, &err), &err);
		for (size_t i = 0; i < n; i++)
			if (!strcmp(rows[i].id, row.id)) {
				found = true;
				assert_false(rows[i].warning);
			}
		assert_true(found);
		store_caseload_free(rows, n);
	}
	free(d1);
	store_row_free(&row);
}

/* ---- schedules as JSON ----------------------------------------------------------------------------- */

static void plan(core_transition *t, core_fen a0, core_fen pc, core_taper taper)
{
	core_transition_plan(pol, a0, 116500, pc, 1, core_month_make(2026, 12),
	                     taper, t);
}

static void assert_same_schedule(const core_transition *x,
                                 const core_transition *y)
{
	assert_int_equal(x->months, y->months);
	assert_int_equal(x->taper, y->taper);
	assert_int_equal(x->previous, y->previous);
	assert_int_equal(x->first, y->first);
	assert_int_equal(x->last, y->last);
	assert_int_equal(x->warning, y->warning);
	assert_int_equal(x->referral, y->referral);
	assert_int_equal(x->relief_excess100, y->relief_excess100);
	assert_int_equal(x->relief_band_percent, y->relief_band_percent);
	for (int k = 0; k < x->months; k++)
		assert_int_equal(x->payments[k], y->payments[k]);
}

static void test_transition_json(void **state)
{
	static const char want[] =
	        "{\"months\": 6, \"taper\": \"linear\", \"previous_allowance\":"
	        " \"1195.00\", \"first\": \"2026-12\", \"last\": \"2027-05\","
	        " \"warning_date\": \"2027-04-01\", \"referral\": {\"date\":"
	        " \"2027-06-01\", \"to\": \"employment_assistance_and_training\"},"
	        " \"payments\": [{\"month\": \"2026-12\", \"amount\": \"1195.00\"},"
	        " {\"month\": \"2027-01\", \"amount\": \"996.00\"}, {\"month\":"
	        " \"2027-02\", \"amount\": \"797.00\"}, {\"month\": \"2027-03\","
	        " \"amount\": \"598.00\"}, {\"month\": \"2027-04\", \"amount\":"
	        " \"399.00\"}, {\"month\": \"2027-05\", \"amount\": \"200.00\"}]}";
	core_transition t, back;
	json_t *j;
	char *text;
	ds_error err;
	(void)state;
	plan(&t, 119500, 130000, CORE_TAPER_LINEAR);
	j = store_transition_to_json(&t);
	text = json_dumps(j, JSON_PRESERVE_ORDER);
	assert_string_equal(text, want);
	free(text);
	assert_ok(store_transition_from_json(j, &back, &err), &err);
	assert_same_schedule(&t, &back);
	json_decref(j);

	/* hold, 3 months (well above 1.5 x S), odd amounts */
	plan(&t, 12345, 300000, CORE_TAPER_HOLD);
	assert_int_equal(t.months, 3);
	j = store_transition_to_json(&t);
	assert_ok(store_transition_from_json(j, &back, &err), &err);
	assert_same_schedule(&t, &back);
	assert_int_equal(back.payments[2], 12345);
	assert_string_equal(str(j, "taper"), "hold");
	assert_null(json_object_get(j, "relief_excess_hundredths_fen"));
	json_decref(j);

	/* 2 yuan above 1.5 x S: the 6 months kept, each 2 yuan less; the
	 * excess and the limit travel with the schedule */
	plan(&t, 119500, 174950, CORE_TAPER_HOLD);
	assert_int_equal(t.months, 6);
	assert_int_equal(t.payments[5], 119300);
	j = store_transition_to_json(&t);
	assert_int_equal(json_integer_value(json_object_get(j, "relief_excess_hundredths_fen")),
	                 20000);
	assert_int_equal(json_integer_value(json_object_get(j, "relief_band_percent")), 150);
	assert_ok(store_transition_from_json(j, &back, &err), &err);
	assert_same_schedule(&t, &back);
	json_decref(j);

	/* exactly 1.5 x S: 6 months */
	plan(&t, 119500, 174750, CORE_TAPER_LINEAR);
	assert_int_equal(t.months, 6);
}

static void test_transition_json_damaged(void **state)
{
	static const struct {
		const char *key, *value; /* value NULL: deleted */
	} cases[] = {
		{"months", "0"},
		{"months", "7"},
		{"months", "\"6\""},
		{"months", "37"},
		{"months", NULL},
		{"payments", "{}"},
		{"payments", NULL},
		{"taper", "\"steep\""},
		{"taper", NULL},
		{"previous_allowance", "\"1195.001\""},
		{"previous_allowance", "1195"},
		{"first", "\"2026-13\""},
		{"last", NULL},
		{"warning_date", "\"2027-02-30\""},
		{"referral", "\"2027-06-01\""},
		{"referral", "{\"date\": \"June\"}"},
	};
	core_transition t, back;
	ds_error err;
	(void)state;
	plan(&t, 119500, 130000, CORE_TAPER_LINEAR);
	for (size_t i = 0; i < N(cases); i++) {
		json_t *j = store_transition_to_json(&t);
		json_error_t je;
		ds_status st;
		if (cases[i].value)
			json_object_set_new(j, cases[i].key,
			                    json_loads(cases[i].value, JSON_DECODE_ANY,
			                               &je));
		else
			json_object_del(j, cases[i].key);
		memset(&err, 0, sizeof(err));
		st = store_transition_from_json(j, &back, &err);
		json_decref(j);
		if (st != DS_EDAMAGED || strcmp(err.where, "transition") != 0)
			fail_msg("case %zu (%s): status %d at \"%s\", wanted DS_EDAMAGED"
			         " at \"transition\"",
			         i, cases[i].key, (int)st, err.where);
	}
	/* A payment that is not money. */
	{
		json_t *j = store_transition_to_json(&t);
		json_object_set_new(json_array_get(json_object_get(j, "payments"), 3),
		                    "amount", json_string("lots"));
		assert_status(store_transition_from_json(j, &back, &err), DS_EDAMAGED,
		              &err);
		assert_string_equal(err.where, "transition");
		json_decref(j);
	}
}

/* ---- assessments as JSON ------------------------------------------------------------------------------ */

/* The example: three members in 440106, 1,200.00 business income
 * a month; a second member has a scholarship, which is not counted. */
static void test_assessment_json_fields(void **state)
{
	static const char *const keys[] = {
		"eligible", "reasons", "standard", "members", "counted_income",
		"per_capita_income", "allowance", "topups", "policy_version", "steps",
		"flags", "warning", "transition"};
	store_household_row row;
	json_t *j, *st;
	size_t i;
	ds_error err;
	(void)state;
	add_hh(&row, 3, "440106", CORE_INCOME_BUSINESS, 120000);
	row.h.members[1].n_incomes = 1;
	row.h.members[1].incomes[0].source = CORE_INCOME_SCHOLARSHIP;
	row.h.members[1].incomes[0].monthly = 30000;
	assert_ok(store_assess_row(s, &row, pol, TODAY, false, a, &err), &err);
	j = store_assessment_to_json(a);
	assert_non_null(j);
	for (i = 0; i < N(keys); i++)
		if (!json_object_get(j, keys[i]))
			fail_msg("no \"%s\" in the assessment", keys[i]);
	assert_true(json_is_true(json_object_get(j, "eligible")));
	assert_true(json_is_array(json_object_get(j, "reasons")));
	assert_int_equal(json_array_size(json_object_get(j, "reasons")), 0);
	assert_string_equal(str(j, "standard"), "1165.00");
	assert_int_equal(json_integer_value(json_object_get(j, "members")), 3);
	assert_string_equal(str(j, "counted_income"), "1200.00");
	assert_string_equal(str(j, "per_capita_income"), "400.00");
	assert_string_equal(str(j, "allowance"), "2295.00");
	assert_string_equal(str(j, "topups"), "0.00");
	assert_string_equal(str(j, "payment"), "2295.00");
	assert_string_equal(str(j, "policy_version"), "cn-default-2023.1");
	assert_string_equal(str(j, "date"), "2026-11-27");
	assert_true(json_is_array(json_object_get(j, "flags")));
	assert_int_equal(json_array_size(json_object_get(j, "flags")), 0);
	assert_true(json_is_null(json_object_get(j, "warning")));
	assert_true(json_is_null(json_object_get(j, "transition")));
	assert_true(json_is_false(json_object_get(j, "returned_from_transition")));

	/* Every step has a code and its figures, all text. */
	assert_int_equal(json_array_size(json_object_get(j, "steps")), a->n_steps);
	json_array_foreach(json_object_get(j, "steps"), i, st) {
		const char *k;
		json_t *v, *fig = json_object_get(st, "figures");
		assert_true(json_is_string(json_object_get(st, "code")));
		assert_true(json_is_object(fig));
		json_object_foreach(fig, k, v) assert_true(json_is_string(v));
	}
	st = step(j, "standard");
	assert_string_equal(figure(st, "region"), "440106");
	assert_string_equal(figure(st, "date"), "2026-11-27");
	assert_string_equal(figure(st, "standard"), "1165.00");
	assert_non_null(strstr(figure(st, "source"), "Guangdong class I"));
	assert_string_equal(figure(step(j, "members"), "members"), "3");
	st = step(j, "income_counted");
	assert_string_equal(figure(st, "income_source"), "business");
	assert_string_equal(figure(st, "amount"), "1200.00");
	st = step(j, "income_disregarded");
	assert_non_null(st);
	assert_string_equal(figure(st, "income_source"), "scholarship");
	assert_string_equal(figure(st, "amount"), "300.00");
	assert_string_equal(figure(st, "source"), pol->income.source);
	assert_string_equal(figure(step(j, "household_income"), "income"),
	                    "1200.00");
	st = step(j, "per_capita_income");
	assert_string_equal(figure(st, "per_capita"), "400.00");
	assert_non_null(step(j, "income_test_passed"));
	assert_null(step(j, "income_test_failed"));
	assert_non_null(step(j, "financial_assets_passed"));
	st = step(j, "allowance");
	assert_string_equal(figure(st, "standard"), "1165.00");
	assert_string_equal(figure(st, "members"), "3");
	assert_string_equal(figure(st, "income"), "1200.00");
	assert_string_equal(figure(st, "exact"), "2295.00");
	assert_string_equal(figure(st, "allowance"), "2295.00");
	st = step(j, "payment");
	assert_string_equal(figure(st, "payment"), "2295.00");
	json_decref(j);
	store_row_free(&row);
}

/* Reasons, flags, top-ups and a transition, as JSON. */
static void test_assessment_json_more(void **state)
{
	static const char topups[] =
	        "{\"version\": \"t\", \"topups\": [{\"category\": \"elderly\","
	        " \"monthly\": \"142\", \"source\": \"a county\"}]}";
	store_household_row row;
	core_policy tp;
	json_t *j, *r, *f, *t, *def, *patch;
	json_error_t je;
	char *text;
	ds_error err;
	(void)state;
	/* Not eligible: income and a vehicle; two homes flagged. */
	add_hh(&row, 2, "440106", CORE_INCOME_WAGES, 300000);
	row.h.homes = 2;
	{
		core_vehicle *v = core_household_add_vehicle(&row.h, NULL);
		assert_non_null(v);
		snprintf(v->description, sizeof(v->description), "小轿车");
	}
	assert_ok(store_assess_row(s, &row, pol, TODAY, false, a, &err), &err);
	j = store_assessment_to_json(a);
	assert_true(json_is_false(json_object_get(j, "eligible")));
	r = json_object_get(j, "reasons");
	assert_int_equal(json_array_size(r), 2);
	assert_string_equal(str(json_array_get(r, 0), "code"),
	                    "income_not_below_standard");
	assert_string_equal(str(json_array_get(r, 1), "code"), "vehicle_owned");
	assert_string_equal(str(j, "allowance"), "0.00");
	f = json_object_get(j, "flags");
	assert_int_equal(json_array_size(f), 1);
	assert_string_equal(str(json_array_get(f, 0), "rule"), "homes");
	assert_string_equal(str(json_array_get(f, 0), "detail"), "2");
	assert_non_null(step(j, "income_test_failed"));
	assert_non_null(step(j, "no_allowance"));
	assert_string_equal(figure(step(j, "vehicle_refused"), "vehicle"),
	                    "小轿车");
	assert_non_null(step(j, "homes_flagged"));
	json_decref(j);
	store_row_free(&row);

	/* Top-ups under a policy that has them: the elderly head. */
	def = json_loadb((const char *)store_policy_default,
	                 store_policy_default_len, 0, &je);
	patch = json_loads(topups, 0, &je);
	assert_non_null(def);
	assert_non_null(patch);
	assert_int_equal(json_object_update(def, patch), 0);
	text = json_dumps(def, 0);
	assert_ok(store_policy_parse(text, strlen(text), "t.json", &tp, &err),
	          &err);
	free(text);
	json_decref(def);
	json_decref(patch);
	add_hh(&row, 3, "440106", CORE_INCOME_BUSINESS, 120000);
	/* elderly by their ID numbers: born in the 1950s */
	born_in(&row.h.members[0], "1950");
	born_in(&row.h.members[1], "1990");
	born_in(&row.h.members[2], "1955");
	assert_ok(store_assess_row(s, &row, &tp, TODAY, false, a, &err), &err);
	j = store_assessment_to_json(a);
	assert_string_equal(str(j, "policy_version"), "t");
	assert_string_equal(str(j, "allowance"), "2295.00");
	assert_string_equal(str(j, "topups"), "284.00");
	assert_string_equal(str(j, "payment"), "2579.00");
	{
		json_t *st = step(j, "topup");
		assert_string_equal(figure(st, "category"), "elderly");
		assert_string_equal(figure(st, "amount"), "142.00");
		assert_string_equal(figure(st, "source"), "a county");
	}
	json_decref(j);
	core_policy_free(&tp);
	store_row_free(&row);

	/* A transition: the calculator's object, with its steps. */
	add_receiving(&row, 130000, 119500);
	assert_ok(store_assess_row(s, &row, pol, TODAY, false, a, &err), &err);
	j = store_assessment_to_json(a);
	t = json_object_get(j, "transition");
	assert_true(json_is_object(t));
	{
		json_t *calc = store_transition_to_json(&a->transition);
		assert_true(json_equal(t, calc));
		json_decref(calc);
	}
	assert_int_equal(json_integer_value(json_object_get(t, "months")), 6);
	assert_string_equal(str(t, "first"), "2026-12");
	assert_string_equal(str(t, "last"), "2027-05");
	assert_string_equal(str(t, "warning_date"), "2027-04-01");
	assert_string_equal(str(json_object_get(t, "referral"), "to"),
	                    "employment_assistance_and_training");
	assert_string_equal(str(json_array_get(json_object_get(t, "payments"), 5),
	                        "amount"),
	                    "200.00");
	assert_true(json_is_false(json_object_get(j, "transition_continues")));
	assert_string_equal(str(j, "payment"), "1195.00");
	{
		json_t *st = step(j, "transition");
		assert_string_equal(figure(st, "previous"), "1195.00");
		assert_string_equal(figure(st, "months"), "6");
		assert_string_equal(figure(st, "first"), "2026-12");
		assert_string_equal(figure(st, "last"), "2027-05");
		assert_string_equal(figure(st, "taper"), "linear");
		assert_string_equal(figure(step(j, "referral"), "last"), "2027-05");
	}
	{
		size_t i, months = 0;
		json_t *st;
		json_array_foreach(json_object_get(j, "steps"), i, st) {
			if (strcmp(str(st, "code"), "transition_month"))
				continue;
			months++;
			assert_string_equal(figure(st, "n"), "6");
		}
		assert_int_equal(months, 6);
	}
	json_decref(j);
	store_row_free(&row);
}

/* The recorded body written straight as text is what json_dumps writes
 * of the same body as a tree, byte for byte. */
static void assert_same_text(const core_assessment *x, const core_policy *p)
{
	json_t *tree = store_assessment_body(x, p);
	char *want, *got;
	size_t len = 0;
	assert_non_null(tree);
	want = json_dumps(tree, JSON_COMPACT);
	got = store_assessment_body_text(x, p, &len);
	assert_non_null(want);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(len, strlen(want));
	free(want);
	free(got);
	json_decref(tree);
}

static void test_body_text_as_dumped(void **state)
{
	store_household_row row;
	ds_error err;
	(void)state;
	/* eligible, sources by key under pol, and copied without a policy */
	add_hh(&row, 3, "440106", CORE_INCOME_BUSINESS, 120000);
	assert_ok(store_assess_row(s, &row, pol, TODAY, false, a, &err), &err);
	assert_same_text(a, pol);
	assert_same_text(a, NULL);
	/* flags with quotes, a backslash, control characters and Chinese;
	 * one that is not UTF-8, left out as jansson leaves it out */
	snprintf(a->flags[0].rule, sizeof(a->flags[0].rule), "homes");
	snprintf(a->flags[0].detail, sizeof(a->flags[0].detail),
	         "\"2\" \\ a/b\t\n\r\b\f\x01\x1f 两套 \xe2\x80\xa8");
	snprintf(a->flags[1].rule, sizeof(a->flags[1].rule), "bad");
	snprintf(a->flags[1].detail, sizeof(a->flags[1].detail), "\xc3\x28");
	snprintf(a->flags[2].rule, sizeof(a->flags[2].rule), "civil_affairs");
	a->flags[2].detail[0] = '\0';
	a->n_flags = 3;
	assert_same_text(a, pol);
	store_row_free(&row);
	/* not eligible: income, a vehicle, two homes */
	add_hh(&row, 2, "440106", CORE_INCOME_WAGES, 300000);
	row.h.homes = 2;
	{
		core_vehicle *v = core_household_add_vehicle(&row.h, NULL);
		assert_non_null(v);
		snprintf(v->description, sizeof(v->description), "小轿车 \"旧\"");
	}
	assert_ok(store_assess_row(s, &row, pol, TODAY, false, a, &err), &err);
	assert_same_text(a, pol);
	store_row_free(&row);
	/* a withdrawal schedule, its months and payments */
	add_receiving(&row, 130000, 119500);
	assert_ok(store_assess_row(s, &row, pol, TODAY, false, a, &err), &err);
	assert_true(a->has_transition);
	assert_same_text(a, pol);
	/* kept longer at a band's edge */
	a->transition.relief_excess100 = 1234;
	a->transition.relief_band_percent = 15;
	a->transition_continues = true;
	a->returned_from_transition = true;
	assert_same_text(a, pol);
	store_row_free(&row);
	/* an early warning */
	add_receiving(&row, 40000, 119500);
	assert_ok(store_assess_row(s, &row, pol, TODAY, false, a, &err), &err);
	a->warning = true;
	a->warning_percent = 87;
	a->warning_threshold = 123456;
	assert_same_text(a, pol);
	/* the ladder: a class, two members covered alone, what it pays */
	assert_true(a->classified);
	a->cls = CORE_CLASS_DIBAO_SINGLE;
	a->n_covered = 2;
	a->covered[0] = 2;
	a->covered_pay[0] = 116500;
	a->covered[1] = 5;
	a->covered_pay[1] = 31300;
	a->class_payment = 147800;
	a->reverify_months = 6;
	assert_same_text(a, pol);
	a->classified = false; /* recorded before the ladder: none of it */
	assert_same_text(a, pol);
	store_row_free(&row);
}

/* A body recorded before issue 16 (every step's source words copied) and
 * one recorded now (sources cited by key under the policy version) read
 * back to the same assessment; under a version the store does not hold,
 * the cited sources read as empty and the rest as recorded. */
static void test_old_and_new_bodies_read_alike(void **state)
{
	store_household_row row;
	core_assessment *back = malloc(sizeof(*back));
	json_t *old, *cur, *want, *got, *st;
	size_t i, cited = 0;
	ds_error err;
	(void)state;
	assert_non_null(back);
	add_hh(&row, 3, "440106", CORE_INCOME_BUSINESS, 120000);
	assert_ok(store_assess_row(s, &row, pol, TODAY, false, a, &err), &err);
	want = store_assessment_to_json(a);
	old = store_assessment_to_json(a); /* as bodies were recorded before */
	{
		json_t *body = store_assessment_body(a, pol);
		assert_non_null(body);
		cur = json_incref(json_object_get(body, "assessment"));
		json_decref(body);
	}
	assert_non_null(cur);
	/* the new body cites by key and copies no source words */
	json_array_foreach(json_object_get(cur, "steps"), i, st) {
		json_t *fig = json_object_get(st, "figures");
		if (json_object_get(st, "source")) {
			cited++;
			assert_null(json_object_get(fig, "source"));
			assert_null(json_object_get(fig, "source_zh"));
		}
	}
	assert_true(cited >= 3);
	/* the old body copies them */
	assert_non_null(figure(step(old, "standard"), "source"));
	assert_non_null(figure(step(old, "standard"), "source_zh"));

	assert_ok(store_assessment_from_json(s, old, back, &err), &err);
	got = store_assessment_to_json(back);
	assert_true(json_equal(got, want));
	json_decref(got);
	assert_ok(store_assessment_from_json(s, cur, back, &err), &err);
	got = store_assessment_to_json(back);
	assert_true(json_equal(got, want));
	json_decref(got);

	/* a version this store does not hold: sources empty, the rest kept */
	json_object_set_new(cur, "policy_version", json_string("no-such-version"));
	assert_ok(store_assessment_from_json(s, cur, back, &err), &err);
	got = store_assessment_to_json(back);
	assert_string_equal(figure(step(got, "standard"), "source"), "");
	assert_string_equal(figure(step(got, "standard"), "standard"),
	                    figure(step(want, "standard"), "standard"));
	assert_string_equal(str(got, "payment"), str(want, "payment"));
	json_decref(got);

	json_decref(old);
	json_decref(cur);
	json_decref(want);
	free(back);
	store_row_free(&row);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dry_run_writes_nothing),
		cmocka_unit_test(test_record_one_event),
		cmocka_unit_test(test_record_in_caller_transaction),
		cmocka_unit_test(test_no_standard),
		cmocka_unit_test(test_case_now_transition),
		cmocka_unit_test(test_case_now_damaged_schedule),
		cmocka_unit_test(test_early_warning),
		cmocka_unit_test(test_summary_written_when_changed),
		cmocka_unit_test(test_transition_json),
		cmocka_unit_test(test_transition_json_damaged),
		cmocka_unit_test(test_assessment_json_fields),
		cmocka_unit_test(test_assessment_json_more),
		cmocka_unit_test(test_body_text_as_dumped),
		cmocka_unit_test(test_old_and_new_bodies_read_alike),
	};
	return cmocka_run_group_tests_name("store_assess", tests, group_setup,
	                                   group_teardown);
}
