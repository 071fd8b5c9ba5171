/* test_casework.c — cases through the store (store/casework.c): visits
 * read from JSON and recorded (the household's events, its version and the
 * blind index following the members, refusals that change nothing), the
 * whole path of a case with four local users on one store (the assistant
 * wang, the supervisor li, the reviewers zhao and sun), the public notice
 * and what the calendar brings (catch-up), appeals and their four eyes,
 * tampered case files, rebuilds, visit drafts and the work that is due.
 * One store serves the whole group (each user unlocks it once); every test
 * adds its own households. The tests run in order: the calendar moves in
 * some of them and is put back to TODAY. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/assessjson.h"
#include "store/casework.h"
#include "store/internal.h"
#include "store/policyjson.h"
#include "tests/unit/store/storetest.h"

#define TODAY core_date_from_ymd(2026, 11, 27)
#define S_FEN 116500 /* Guangzhou's standard in the default policy */

static char root[PATH_MAX], dir[PATH_MAX + 32];
static store_secret *pw_wang, *pw_li, *pw_zhao, *pw_sun;
static ds_store *wang, *li, *zhao, *sun; /* assistant, supervisor, reviewers */
static unsigned serial = 4000;            /* ID numbers not used yet */
static char hh_transition[STORE_ID_BUF];  /* for the due list */

/* ---- the store and its users ------------------------------------------------ */

static void set_day(core_date d)
{
	store_set_today(wang, d);
	store_set_today(li, d);
	store_set_today(zhao, d);
	store_set_today(sun, d);
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
	pw_wang = pass_new(TEST_PASS);
	pw_li = pass_new("li's own passphrase");
	pw_zhao = pass_new("zhao reviews appeals");
	pw_sun = pass_new("sun also reviews");
	if (store_init(dir, &o, pw_wang, &err) != DS_OK ||
	    store_open(dir, "wang", pw_wang, &wang, &err) != DS_OK ||
	    store_user_add(wang, "li", CORE_ROLE_SUPERVISOR, pw_li, &err) != DS_OK ||
	    store_user_add(wang, "zhao", CORE_ROLE_REVIEWER, pw_zhao, &err) != DS_OK ||
	    store_user_add(wang, "sun", CORE_ROLE_REVIEWER, pw_sun, &err) != DS_OK ||
	    store_open(dir, "li", pw_li, &li, &err) != DS_OK ||
	    store_open(dir, "zhao", pw_zhao, &zhao, &err) != DS_OK ||
	    store_open(dir, "sun", pw_sun, &sun, &err) != DS_OK)
		return -1;
	set_day(TODAY);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	store_close(&wang);
	store_close(&li);
	store_close(&zhao);
	store_close(&sun);
	store_secret_free(&pw_wang);
	store_secret_free(&pw_li);
	store_secret_free(&pw_zhao);
	store_secret_free(&pw_sun);
	tmpdir_remove(root);
	return 0;
}

/* ---- households ---------------------------------------------------------------- */

/* A household of n members from hh_make (the head has a pension of about
 * 1,200 yuan; member 1, when there is one, is able to work), receiving
 * allowance fen since a month when since is not 0. */
static void add_hh(size_t n, core_month since, core_fen allowance,
                   char id[STORE_ID_BUF])
{
	core_household h;
	ds_error err;
	hh_make(&h, n, serial);
	serial += (unsigned)n;
	if (since) {
		h.receiving = true;
		h.allowance = allowance;
		h.since = since;
	}
	assert_ok(store_household_add(wang, &h, id, &err), &err);
	core_household_free(&h);
}

static void get_row(const char *id, store_household_row *row)
{
	ds_error err;
	assert_ok(store_household_get(wang, id, row, &err), &err);
}

static void head_of(const char *id, char out[CORE_IDNUM_BUF])
{
	store_household_row row;
	get_row(id, &row);
	memcpy(out, row.h.members[0].id_number, CORE_IDNUM_BUF);
	store_row_free(&row);
}

static store_case case_of(const char *id)
{
	store_case k;
	ds_error err;
	assert_ok(store_case_get(wang, id, &k, &err), &err);
	return k;
}

static int64_t max_seq(void)
{
	return sql_int(wang->db, "SELECT max(seq) FROM event");
}

/* The kinds of the events after seq, joined by spaces. */
static const char *kinds_since(int64_t seq)
{
	static char buf[1024];
	sqlite3_stmt *q;
	size_t o = 0;
	buf[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(wang->db,
	                                    "SELECT kind FROM event WHERE seq > ?"
	                                    " ORDER BY seq",
	                                    -1, &q, NULL),
	                 SQLITE_OK);
	sqlite3_bind_int64(q, 1, seq);
	while (sqlite3_step(q) == SQLITE_ROW && o < sizeof(buf))
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", o ? " " : "",
		                      (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return buf;
}

static int64_t casefile_rows(const char *id)
{
	char sql[128];
	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM casefile WHERE household = '%s'", id);
	return sql_int(wang->db, sql);
}

/* ---- visits ---------------------------------------------------------------------- */

/* A complete visit on date that changes nothing: two staff, the head
 * there and signing. */
static json_t *visit_j(const char *id, core_date date)
{
	char head[CORE_IDNUM_BUF], d[11];
	json_t *j;
	head_of(id, head);
	core_date_format(date, d);
	j = json_pack("{s:s, s:[s, s], s:[s], s:{s:s, s:s}, s:s, s:s}", "date", d,
	              "staff", "wang", "陈芳", "present", head, "consent",
	              "signed_by", head, "at", d, "observations",
	              "家中整洁; 冰箱一台", "housing", "两室一厅 rented");
	assert_non_null(j);
	return j;
}

/* Reads the visit j (stolen) against the household as stored and records
 * it as the user of s. */
static ds_status record(ds_store *s, const char *id, json_t *j,
                        store_visit_result *r, ds_error *err)
{
	store_household_row row;
	core_visit v;
	ds_status st;
	get_row(id, &row);
	st = store_visit_from_json(j, &row.h, &v, err);
	store_row_free(&row);
	if (!st)
		st = store_visit_record(s, id, &v, r, err);
	core_visit_free(&v);
	json_decref(j);
	return st;
}

static void visit_ok(const char *id)
{
	store_visit_result r;
	ds_error err;
	assert_ok(record(wang, id, visit_j(id, store_today(wang)), &r, &err), &err);
	store_visit_result_free(&r);
	/* the caseload's summary follows the visit */
	summaries_agree(li);
}

/* ---- actions --------------------------------------------------------------------- */

static core_step_args with_reason(const char *reason)
{
	core_step_args a;
	core_step_args_init(&a);
	a.reason = reason;
	return a;
}

static ds_status act(ds_store *s, const char *id, core_action a,
                     const char *reason, ds_error *err)
{
	core_step_args args = with_reason(reason);
	core_state next = CORE_STATE_COUNT;
	return store_case_act(s, id, a, &args, &next, err);
}

static void act_ok(ds_store *s, const char *id, core_action a,
                   const char *reason, core_state want)
{
	core_step_args args = with_reason(reason);
	core_state next = CORE_STATE_COUNT;
	ds_error err;
	assert_ok(store_case_act(s, id, a, &args, &next, &err), &err);
	assert_string_equal(core_state_id(next), core_state_id(want));
	assert_int_equal(case_of(id).c.state, want);
	/* the caseload's summary follows every step of the case */
	summaries_agree(li);
	summaries_agree(wang);
}

/* A refused action: its status, the message, and nothing written. */
static void act_refused(ds_store *s, const char *id, core_action a,
                        const core_step_args *args, ds_status want,
                        const char *fmt)
{
	int64_t seq = max_seq();
	store_case before = case_of(id), after;
	core_state next = CORE_STATE_COUNT;
	ds_error err;
	memset(&err, 0, sizeof(err));
	assert_status(store_case_act(s, id, a, args, &next, &err), want, &err);
	if (fmt && (!err.fmt || strcmp(err.fmt, fmt) != 0))
		fail_msg("%s: message \"%s\", wanted \"%s\"", core_action_id(a),
		         err.fmt ? err.fmt : "", fmt);
	assert_int_equal(next, CORE_STATE_COUNT);
	assert_int_equal(max_seq(), seq);
	after = case_of(id);
	assert_int_equal(after.c.state, before.c.state);
	assert_int_equal(after.c.appeal_open, before.c.appeal_open);
	assert_string_equal(after.c.appeal_reviewer, before.c.appeal_reviewer);
}

static void refused(ds_store *s, const char *id, core_action a,
                    const char *reason, ds_status want, const char *fmt)
{
	core_step_args args = with_reason(reason);
	act_refused(s, id, a, &args, want, fmt);
}

/* The payment, and the last withdrawal month (0 without one), of the
 * assessment submitted. */
static core_fen proposal_payment(const store_case *k, core_month *last)
{
	json_t *body, *a, *t;
	core_fen pay = -1;
	ds_error err;
	assert_true(k->proposal_seq > 0);
	assert_ok(store_event_json(wang, k->proposal_seq, &body, &err), &err);
	a = json_object_get(body, "assessment");
	assert_non_null(a);
	assert_ok(core_money_parse(json_string_value(json_object_get(a, "payment")),
	                           false, &pay, "payment", &err),
	          &err);
	t = json_object_get(a, "transition");
	if (last) {
		*last = 0;
		if (json_is_object(t))
			assert_ok(core_month_parse(json_string_value(json_object_get(t, "last")),
			                           last, "last", &err),
			          &err);
	}
	json_decref(body);
	return pay;
}

/* visit, submit, approve: the case in its public notice. */
static void to_notice(const char *id)
{
	visit_ok(id);
	act_ok(wang, id, CORE_ACTION_SUBMIT, NULL, CORE_STATE_SUBMITTED);
	act_ok(li, id, CORE_ACTION_APPROVE, NULL, CORE_STATE_NOTICE);
}

/* ---- messages --------------------------------------------------------------------- */

static const char ROLE_MSG[] = "as %s you cannot %s; it needs: %s";
static const char STATE_MSG[] = "the case is %s; \"%s\" cannot be done now";
static const char NO_VISIT_MSG[] =
	"there has been no visit since the last decision; visit the household first";
static const char NOTICE_RUNNING_MSG[] =
	"the public notice runs until %s; the decision takes effect after it";
static const char NOTICE_OVER_MSG[] =
	"the public notice ended on %s; an objection can no longer be recorded";
static const char NOT_APPEALABLE_MSG[] =
	"there is no refusal, reduction, stop or withdrawal to appeal";
static const char APPEAL_OPEN_MSG[] = "an appeal is already open for this case";
static const char NO_APPEAL_MSG[] = "there is no open appeal for this case";
static const char NOT_ASSIGNED_MSG[] = "the appeal is assigned to %s";
static const char FOUR_EYES_MSG[] =
	"%s submitted this case; four eyes: someone else must approve or refuse it";
static const char APPEAL_EYES_MSG[] =
	"%s proposed or decided the decision under appeal; another person must review it";
static const char REASON_MSG[] =
	"a reason is needed for this step; it goes into the record and the letter to the household";
static const char DAMAGED_CASE[] =
	"its case file is damaged or was altered; doorstep store rebuild restores it from the log";
static const char PERSON_TAKEN[] = "this person already belongs to household %s";

/* ---- store_visit_from_json ------------------------------------------------------- */

typedef struct {
	const char *name;
	const char *key;   /* the field replaced (or removed) */
	const char *value; /* JSON text; NULL removes the field */
	const char *where;
} json_case;

static void test_visit_from_json_errors(void **state)
{
	static const json_case table[] = {
		{"unknown field", "note", "\"x\"", "note"},
		{"unknown field (a typo)", "observation", "\"x\"", "observation"},
		{"no date", "date", NULL, "date"},
		{"date as a number", "date", "20261126", "date"},
		{"no such date", "date", "\"2026-02-30\"", "date"},
		{"no staff", "staff", NULL, "staff"},
		{"one staff", "staff", "[\"wang\"]", "staff"},
		{"three staff", "staff", "[\"wang\", \"li\", \"zhao\"]", "staff"},
		{"staff as text", "staff", "\"wang, li\"", "staff"},
		{"second staff a number", "staff", "[\"wang\", 7]", "staff[1]"},
		{"first staff null", "staff", "[null, \"li\"]", "staff[0]"},
		{"staff too long", "staff",
		 "[\"wang\", \"0123456789012345678901234567890123456789012345678901234567890123\"]",
		 "staff[1]"},
		{"no one present", "present", NULL, "present"},
		{"present as text", "present", "\"{HEAD}\"", "present"},
		{"present[1] bad check character", "present",
		 "[\"{HEAD}\", \"110105194912310021\"]", "present[1]"},
		{"present[1] a number", "present", "[\"{HEAD}\", 3]", "present[1]"},
		{"present[0] too short", "present", "[\"11010519491231\"]", "present[0]"},
		{"no consent", "consent", NULL, "consent"},
		{"consent as text", "consent", "\"yes\"", "consent"},
		{"consent without signer", "consent", "{\"at\": \"2026-11-26\"}",
		 "consent.signed_by"},
		{"consent signer bad", "consent",
		 "{\"signed_by\": \"11010519491231002\", \"at\": \"2026-11-26\"}",
		 "consent.signed_by"},
		{"consent without a date", "consent", "{\"signed_by\": \"{HEAD}\"}",
		 "consent.at"},
		{"consent date bad", "consent",
		 "{\"signed_by\": \"{HEAD}\", \"at\": \"26-11-2026\"}", "consent.at"},
		{"observations a number", "observations", "12", "observations"},
		{"housing too long", "housing", "\"{LONG256}\"", "housing"},
		{"assets sighted a list", "assets_sighted", "[]", "assets_sighted"},
		{"utilities too long", "utilities_seen", "\"{LONG256}\"", "utilities_seen"},
		{"bank statements too long", "bank_statements_seen", "\"{LONG256}\"",
		 "bank_statements_seen"},
		{"observations too long", "observations", "\"{LONG2048}\"", "observations"},
		{"changes not a list", "changes", "{\"change\": \"died\"}", "changes"},
		{"unknown change", "changes",
		 "[{\"change\": \"moved\", \"id_number\": \"{HEAD}\"}]", "changes[0].change"},
		{"change missing", "changes", "[{\"id_number\": \"{HEAD}\"}]",
		 "changes[0].change"},
		{"change not an object", "changes", "[\"died\"]", "changes[0].change"},
		{"change id bad", "changes",
		 "[{\"change\": \"left\", \"id_number\": \"{WORKER}\"},"
		 " {\"change\": \"died\", \"id_number\": \"110105194912310021\"}]",
		 "changes[1].id_number"},
		{"change date bad", "changes",
		 "[{\"change\": \"died\", \"id_number\": \"{WORKER}\", \"date\": \"2026-10\"}]",
		 "changes[0].date"},
		{"members not a list", "members", "{}", "members"},
		{"members[1].id_number bad", "members", "{MEMBERS_BAD_ID}",
		 "members[1].id_number"},
		{"members[0] unknown relation", "members", "{MEMBERS_BAD_RELATION}",
		 "members[0].relation"},
		{"assets not an object", "assets", "[]", "assets"},
		{"assets, unknown field", "assets", "{\"cars\": 1}", "assets.cars"},
		{"assets, homes negative", "assets", "{\"homes\": -1}", "assets.homes"},
		{"assets, financial with decimals", "assets", "{\"financial\": 100.5}",
		 "assets.financial"},
		{"assets, financial below zero", "assets", "{\"financial\": -1}",
		 "assets.financial"},
	};
	core_household before;
	char head[CORE_IDNUM_BUF], worker[CORE_IDNUM_BUF];
	char long256[CORE_TEXT_MAX + 1], long2048[CORE_VISIT_TEXT_MAX + 1];
	(void)state;
	hh_make(&before, 3, serial);
	serial += 3;
	memcpy(head, before.members[0].id_number, CORE_IDNUM_BUF);
	memcpy(worker, before.members[1].id_number, CORE_IDNUM_BUF);
	memset(long256, 'h', CORE_TEXT_MAX);
	long256[CORE_TEXT_MAX] = '\0';
	memset(long2048, 'o', CORE_VISIT_TEXT_MAX);
	long2048[CORE_VISIT_TEXT_MAX] = '\0';

	/* not an object */
	{
		core_visit v;
		ds_error err;
		json_t *a = json_array();
		assert_status(store_visit_from_json(a, &before, &v, &err), DS_EINPUT,
		              &err);
		assert_string_equal(err.where, "");
		assert_status(store_visit_from_json(NULL, &before, &v, &err),
		              DS_EINPUT, &err);
		json_decref(a);
		core_visit_free(&v);
	}
	for (size_t i = 0; i < N(table); i++) {
		json_t *j = json_pack("{s:s, s:[s, s], s:[s], s:{s:s, s:s}}", "date",
		                      "2026-11-26", "staff", "wang", "陈芳",
		                      "present", head, "consent", "signed_by",
		                      head, "at", "2026-11-26"), *val = NULL;
		core_visit v;
		ds_error err;
		ds_status st;
		assert_non_null(j);
		if (table[i].value && !strcmp(table[i].value, "{MEMBERS_BAD_ID}")) {
			json_t *h = store_household_to_json(&before);
			val = json_incref(json_object_get(h, "members"));
			json_object_set_new(json_array_get(val, 1), "id_number",
			                    json_string("110105194912310021"));
			json_decref(h);
		} else if (table[i].value &&
		           !strcmp(table[i].value, "{MEMBERS_BAD_RELATION}")) {
			json_t *h = store_household_to_json(&before);
			val = json_incref(json_object_get(h, "members"));
			json_object_set_new(json_array_get(val, 0), "relation",
			                    json_string("boss"));
			json_decref(h);
		} else if (table[i].value) {
			/* placeholders: {HEAD}, {WORKER}, {LONG256}, {LONG2048} */
			char text[4096], *o = text;
			for (const char *p = table[i].value; *p;) {
				const char *sub = NULL;
				size_t skip = 0;
				if (!strncmp(p, "{HEAD}", 6))
					sub = head, skip = 6;
				else if (!strncmp(p, "{WORKER}", 8))
					sub = worker, skip = 8;
				else if (!strncmp(p, "{LONG256}", 9))
					sub = long256, skip = 9;
				else if (!strncmp(p, "{LONG2048}", 10))
					sub = long2048, skip = 10;
				if (sub) {
					o += snprintf(o, sizeof(text) - (size_t)(o - text), "%s", sub);
					p += skip;
				} else {
					*o++ = *p++;
				}
			}
			*o = '\0';
			val = json_loads(text, JSON_DECODE_ANY, NULL);
			if (!val)
				fail_msg("%s: bad test JSON %s", table[i].name, text);
		}
		if (val)
			json_object_set_new(j, table[i].key, val);
		else
			json_object_del(j, table[i].key);
		memset(&err, 0, sizeof(err));
		st = store_visit_from_json(j, &before, &v, &err);
		if (st != DS_EINPUT || strcmp(err.where, table[i].where) != 0)
			fail_msg("%s: status %d at \"%s\" (%s), wanted \"%s\"",
			         table[i].name, (int)st, err.where, err_text(&err),
			         table[i].where);
		core_visit_free(&v);
		json_decref(j);
	}
	core_household_free(&before);
}

static void test_visit_from_json_reads(void **state)
{
	core_household before;
	char head[CORE_IDNUM_BUF], worker[CORE_IDNUM_BUF], lower[CORE_IDNUM_BUF];
	core_visit v;
	ds_error err;
	json_t *j, *h;
	(void)state;
	hh_make(&before, 3, serial);
	serial += 3;
	memcpy(head, before.members[0].id_number, CORE_IDNUM_BUF);
	memcpy(worker, before.members[1].id_number, CORE_IDNUM_BUF);
	memcpy(lower, head, CORE_IDNUM_BUF);
	if (lower[17] == 'X')
		lower[17] = 'x';

	/* the least: members and assets unchanged, texts empty */
	j = json_pack("{s:s, s:[s, s], s:[s, s], s:{s:s, s:s}, s:n, s:n, s:n}",
	              "date", "2026-11-26", "staff", "wang", "陈芳", "present",
	              lower, worker, "consent", "signed_by", lower, "at",
	              "2026-11-27", "members", "assets", "observations");
	assert_ok(store_visit_from_json(j, &before, &v, &err), &err);
	json_decref(j);
	assert_int_equal(v.date, core_date_from_ymd(2026, 11, 26));
	assert_string_equal(v.staff[0], "wang");
	assert_string_equal(v.staff[1], "陈芳");
	assert_int_equal(v.n_present, 2);
	assert_string_equal(v.present[0], head); /* normalised */
	assert_string_equal(v.present[1], worker);
	assert_string_equal(v.consent_by, head);
	assert_int_equal(v.consent_at, core_date_from_ymd(2026, 11, 27));
	assert_string_equal(v.observations, "");
	assert_int_equal(v.n_changes, 0);
	assert_false(v.has_members);
	assert_false(v.has_assets);
	core_visit_free(&v);

	/* everything: texts, changes (a date, none, null), members, assets */
	h = store_household_to_json(&before);
	json_array_remove(json_object_get(h, "members"), 1);
	j = json_pack("{s:s, s:[s, s], s:[s], s:{s:s, s:s}, s:s, s:s, s:s, s:s,"
	              " s:s, s:[{s:s, s:s, s:s}, {s:s, s:s}, {s:s, s:s, s:n}],"
	              " s:O, s:{s:s, s:i, s:[{s:s}]}}",
	              "date", "2026-11-26", "staff", "wang", "陈芳", "present",
	              head, "consent", "signed_by", head, "at", "2026-11-26",
	              "observations", "看到 saw", "housing", "平房",
	              "assets_sighted", "电视机", "utilities_seen", "电费单 3 months",
	              "bank_statements_seen", "工商银行 ICBC", "changes", "change",
	              "left", "id_number", worker, "date", "2026-10-02", "change",
	              "died", "id_number", worker, "change", "joined", "id_number",
	              head, "date", "members", json_object_get(h, "members"),
	              "assets", "financial", "1234.56", "homes", 2, "vehicles",
	              "description", "摩托车");
	assert_non_null(j);
	json_decref(h);
	assert_ok(store_visit_from_json(j, &before, &v, &err), &err);
	json_decref(j);
	assert_string_equal(v.housing, "平房");
	assert_string_equal(v.assets_sighted, "电视机");
	assert_string_equal(v.utilities_seen, "电费单 3 months");
	assert_string_equal(v.bank_seen, "工商银行 ICBC");
	assert_int_equal(v.n_changes, 3);
	assert_int_equal(v.changes[0].kind, CORE_CHANGE_LEFT);
	assert_string_equal(v.changes[0].id_number, worker);
	assert_int_equal(v.changes[0].date, core_date_from_ymd(2026, 10, 2));
	assert_int_equal(v.changes[1].kind, CORE_CHANGE_DIED);
	assert_int_equal(v.changes[1].date, -1); /* not known */
	assert_int_equal(v.changes[2].kind, CORE_CHANGE_JOINED);
	assert_int_equal(v.changes[2].date, -1); /* null: not known */
	assert_true(v.has_members);
	assert_true(v.has_assets);
	assert_int_equal(v.found.n_members, 2);
	assert_string_equal(v.found.members[1].id_number,
	                    before.members[2].id_number);
	assert_int_equal(v.found.financial, 123456);
	assert_int_equal(v.found.homes, 2);
	assert_int_equal(v.found.n_vehicles, 1);
	assert_string_equal(v.found.vehicles[0].description, "摩托车");
	assert_string_equal(v.found.region, before.region);
	core_visit_free(&v);

	/* assets alone: the members found are those before, not replaced */
	j = json_pack("{s:s, s:[s, s], s:[s], s:{s:s, s:s}, s:{s:s}}", "date",
	              "2026-11-26", "staff", "wang", "li", "present", head,
	              "consent", "signed_by", head, "at", "2026-11-26", "assets",
	              "financial", "0.00");
	assert_ok(store_visit_from_json(j, &before, &v, &err), &err);
	json_decref(j);
	assert_false(v.has_members);
	assert_true(v.has_assets);
	assert_false(v.has_supporters);
	assert_int_equal(v.found.financial, 0);
	assert_int_equal(v.found.n_members, 3);
	core_visit_free(&v);

	/* the facts at the door: the members' (as a household's) and the
	 * supporters as found */
	h = store_household_to_json(&before);
	json_object_set_new(json_array_get(json_object_get(h, "members"), 1),
	                    "disability",
	                    json_pack("{s:i, s:s}", "grade", 1, "type", "physical"));
	json_object_set_new(json_array_get(json_object_get(h, "members"), 1),
	                    "self_care", json_string("none"));
	j = json_pack("{s:s, s:[s, s], s:[s], s:{s:s, s:s}, s:O,"
	              " s:[{s:s, s:s, s:b, s:s}, {s:s, s:s, s:b}],"
	              " s:[{s:s, s:s, s:s, s:s}]}",
	              "date", "2026-11-26", "staff", "wang", "li", "present", head,
	              "consent", "signed_by", head, "at", "2026-11-26", "members",
	              json_object_get(h, "members"), "supporters", "name", "陈二军",
	              "relation", "son", "able", 0, "reason", "本人一级肢体残疾",
	              "name", "陈小红", "relation", "daughter", "able", 1,
	              "rigid_expenses", "member", worker, "kind", "medical",
	              "annual", "30000", "evidence", "透析票据");
	assert_non_null(j);
	json_decref(h);
	assert_ok(store_visit_from_json(j, &before, &v, &err), &err);
	json_decref(j);
	assert_true(v.has_members);
	assert_true(v.has_supporters);
	assert_false(v.has_assets);
	assert_int_equal(v.found.members[1].disability_grade, 1);
	assert_int_equal(v.found.members[1].disability_type, CORE_DISABILITY_PHYSICAL);
	assert_int_equal(v.found.members[1].self_care, CORE_SELF_CARE_NONE);
	assert_int_equal(v.found.n_supporters, 2);
	assert_string_equal(v.found.supporters[0].name, "陈二军");
	assert_false(v.found.supporters[0].able);
	assert_string_equal(v.found.supporters[0].reason, "本人一级肢体残疾");
	assert_true(v.found.supporters[1].able);
	assert_true(v.has_rigid);
	assert_int_equal(v.found.n_rigid, 1);
	assert_string_equal(v.found.rigid[0].id_number, worker);
	assert_int_equal(v.found.rigid[0].kind, CORE_EXPENSE_MEDICAL);
	assert_int_equal(v.found.rigid[0].annual, 3000000);
	assert_string_equal(v.found.rigid[0].evidence, "透析票据");
	core_visit_free(&v);

	/* an empty list is given (it clears them); a wrong one is refused
	 * naming its path */
	j = json_pack("{s:s, s:[s, s], s:[s], s:{s:s, s:s}, s:[]}", "date",
	              "2026-11-26", "staff", "wang", "li", "present", head,
	              "consent", "signed_by", head, "at", "2026-11-26",
	              "supporters");
	assert_ok(store_visit_from_json(j, &before, &v, &err), &err);
	json_decref(j);
	assert_true(v.has_supporters);
	assert_false(v.has_rigid);
	assert_int_equal(v.found.n_supporters, 0);
	core_visit_free(&v);
	j = json_pack("{s:s, s:[s, s], s:[s], s:{s:s, s:s}, s:[{s:s, s:s}]}",
	              "date", "2026-11-26", "staff", "wang", "li", "present", head,
	              "consent", "signed_by", head, "at", "2026-11-26",
	              "supporters", "name", "陈二军", "relation", "son");
	assert_int_equal(store_visit_from_json(j, &before, &v, &err), DS_EINPUT);
	assert_string_equal(err.where, "supporters[0].able");
	json_decref(j);
	core_visit_free(&v);
	core_household_free(&before);
}

/* ---- store_visit_record ----------------------------------------------------------- */

static void test_visit_record_changes(void **state)
{
	char id[STORE_ID_BUF], other[STORE_ID_BUF], found[STORE_ID_BUF];
	char worker[CORE_IDNUM_BUF], newcomer[CORE_IDNUM_BUF];
	store_household_row row;
	store_visit_result r;
	store_case k;
	int64_t seq, version;
	core_fen first_payment;
	ds_error err;
	json_t *j, *h, *m;
	(void)state;

	add_hh(3, 0, 0, id);
	get_row(id, &row);
	version = row.version;
	memcpy(worker, row.h.members[1].id_number, CORE_IDNUM_BUF);
	store_row_free(&row);
	idnum_make(newcomer, serial++);
	assert_int_equal(casefile_rows(id), 0);
	assert_int_equal(case_of(id).c.state, CORE_STATE_APPLYING);

	/* A visit that finds nothing new: no household.changed. */
	seq = max_seq();
	assert_ok(record(wang, id, visit_j(id, TODAY - 1), &r, &err), &err);
	assert_string_equal(kinds_since(seq), "visit.recorded household.assessed");
	assert_int_equal(r.n_diff, 0);
	assert_false(r.had_assessment);
	assert_non_null(r.assessment);
	assert_true(r.assessment->eligible);
	first_payment = r.assessment->payment;
	assert_true(first_payment > 0);
	assert_int_equal(r.before.n_members, 3);
	assert_int_equal(r.after.n_members, 3);
	store_visit_result_free(&r);
	store_visit_result_free(&r); /* twice: harmless */
	get_row(id, &row);
	assert_int_equal(row.version, version);
	assert_string_equal(row.status, "investigating");
	store_row_free(&row);
	k = case_of(id);
	assert_int_equal(k.c.state, CORE_STATE_INVESTIGATING);
	assert_true(k.c.visited);
	assert_true(k.c.assessed);
	assert_int_equal(k.c.last_visit, TODAY - 1);
	assert_int_equal(k.proposal_seq, max_seq());
	assert_int_equal(casefile_rows(id), 1);

	/* The next visit: the worker left, a newcomer joined with wages, the
	 * head's pension went up, one more home. */
	get_row(id, &row);
	h = store_household_to_json(&row.h);
	store_row_free(&row);
	m = json_object_get(h, "members");
	json_array_remove(m, 1);
	json_array_append_new(m, json_pack("{s:s, s:s, s:s, s:b, s:[{s:s, s:s}]}",
	                                   "name", "刘芳", "id_number", newcomer,
	                                   "relation", "spouse", "able_to_work", 1,
	                                   "incomes", "source", "wages", "monthly",
	                                   "300.00"));
	json_object_set_new(json_array_get(m, 0), "incomes",
	                    json_pack("[{s:s, s:s}]", "source", "pension",
	                              "monthly", "1300.00"));
	j = visit_j(id, TODAY);
	json_object_set(j, "members", m);
	json_object_set_new(j, "assets",
	                    json_pack("{s:s, s:i}", "financial", "5000.00", "homes", 2));
	json_object_set_new(j, "changes",
	                    json_pack("[{s:s, s:s}, {s:s, s:s, s:s}]", "change",
	                              "left", "id_number", worker, "change",
	                              "joined", "id_number", newcomer, "date",
	                              "2026-11-01"));
	json_decref(h);
	seq = max_seq();
	assert_ok(record(wang, id, j, &r, &err), &err);
	assert_string_equal(kinds_since(seq),
	                    "household.changed visit.recorded household.assessed");
	assert_true(r.had_assessment);
	assert_int_equal(r.previous_payment, first_payment);
	assert_true(r.previous_eligible);
	assert_int_equal(r.after.n_members, 3);
	/* head's pension, the newcomer joined, the worker left, homes */
	assert_int_equal(r.n_diff, 4);
	assert_int_equal(r.diff[0].kind, CORE_DIFF_INCOME);
	assert_int_equal(r.diff[0].source, CORE_INCOME_PENSION);
	assert_int_equal(r.diff[0].after, 130000);
	assert_int_equal(r.diff[1].kind, CORE_DIFF_JOINED);
	assert_string_equal(r.diff[1].id_number, newcomer);
	assert_int_equal(r.diff[2].kind, CORE_DIFF_LEFT);
	assert_string_equal(r.diff[2].id_number, worker);
	assert_int_equal(r.diff[3].kind, CORE_DIFF_HOMES);
	store_visit_result_free(&r);
	get_row(id, &row);
	assert_int_equal(row.version, version + 1);
	assert_int_equal(row.h.n_members, 3);
	assert_string_equal(row.h.members[2].id_number, newcomer);
	assert_int_equal(row.h.homes, 2);
	assert_string_equal(row.status, "investigating");
	store_row_free(&row);
	assert_int_equal(case_of(id).c.last_visit, TODAY);

	/* The blind index follows: the newcomer is found here, the worker in
	 * no household, and can be added to another one. */
	assert_ok(store_person_find(wang, newcomer, found, &err), &err);
	assert_string_equal(found, id);
	assert_status(store_person_find(wang, worker, found, &err), DS_EINPUT, &err);
	{
		core_household nh;
		hh_make(&nh, 1, serial++);
		memcpy(nh.members[0].id_number, worker, CORE_IDNUM_BUF);
		assert_ok(store_household_add(wang, &nh, other, &err), &err);
		core_household_free(&nh);
	}
	assert_ok(store_person_find(wang, worker, found, &err), &err);
	assert_string_equal(found, other);

	/* ... and now cannot join this one again: refused, nothing written. */
	get_row(id, &row);
	h = store_household_to_json(&row.h);
	store_row_free(&row);
	json_array_append_new(json_object_get(h, "members"),
	                      json_pack("{s:s, s:s, s:s}", "name", "李建国",
	                                "id_number", worker, "relation", "child"));
	j = visit_j(id, TODAY);
	json_object_set(j, "members", json_object_get(h, "members"));
	json_decref(h);
	seq = max_seq();
	memset(&err, 0, sizeof(err));
	assert_status(record(wang, id, j, &r, &err), DS_EINPUT, &err);
	assert_string_equal(err.where, "members[3].id_number");
	assert_string_equal(err.fmt, PERSON_TAKEN);
	assert_string_equal(err.arg[0], other);
	assert_int_equal(max_seq(), seq);
	get_row(id, &row);
	assert_int_equal(row.version, version + 1);
	assert_int_equal(row.h.n_members, 3);
	store_row_free(&row);
	assert_ok(store_person_find(wang, worker, found, &err), &err);
	assert_string_equal(found, other);
}

static void test_visit_record_refusals(void **state)
{
	char id[STORE_ID_BUF], bj[STORE_ID_BUF], found[STORE_ID_BUF];
	store_household_row row;
	store_visit_result r;
	int64_t seq;
	ds_error err;
	json_t *j, *h;
	(void)state;

	/* no such household */
	{
		core_visit v;
		core_visit_init(&v);
		assert_status(store_visit_record(wang, "nosuchhouse0", &v, &r, &err),
		              DS_EINPUT, &err);
		assert_string_equal(err.where, "ID");
	}

	add_hh(2, 0, 0, id);
	/* the supervisor does not visit (exit 5); nothing is written */
	seq = max_seq();
	assert_status(record(li, id, visit_j(id, TODAY), &r, &err), DS_EPERM, &err);
	assert_string_equal(err.fmt, ROLE_MSG);
	assert_status(record(zhao, id, visit_j(id, TODAY), &r, &err), DS_EPERM,
	              &err);
	assert_int_equal(max_seq(), seq);
	assert_int_equal(casefile_rows(id), 0);

	/* a visit that breaks a rule: refused with its field, nothing written */
	j = visit_j(id, TODAY + 1);
	json_object_set_new(json_object_get(j, "consent"), "at",
	                    json_string("2026-11-28"));
	assert_status(record(wang, id, j, &r, &err), DS_EINPUT, &err);
	assert_string_equal(err.where, "date");
	j = visit_j(id, TODAY);
	json_object_set_new(j, "staff", json_pack("[s, s]", "wang", "wang"));
	assert_status(record(wang, id, j, &r, &err), DS_EINPUT, &err);
	assert_string_equal(err.where, "staff[1]");
	/* the household found must be a household: here, no head */
	get_row(id, &row);
	h = store_household_to_json(&row.h);
	store_row_free(&row);
	json_object_set_new(json_array_get(json_object_get(h, "members"), 0),
	                    "relation", json_string("spouse"));
	j = visit_j(id, TODAY);
	json_object_set(j, "members", json_object_get(h, "members"));
	json_decref(h);
	assert_status(record(wang, id, j, &r, &err), DS_EINPUT, &err);
	assert_string_equal(err.where, "members");
	assert_int_equal(max_seq(), seq);
	assert_int_equal(casefile_rows(id), 0);

	/* submitted: no visit until a decision (refused, state) */
	visit_ok(id);
	act_ok(wang, id, CORE_ACTION_SUBMIT, NULL, CORE_STATE_SUBMITTED);
	seq = max_seq();
	assert_status(record(wang, id, visit_j(id, TODAY), &r, &err), DS_EINPUT,
	              &err);
	assert_string_equal(err.fmt, STATE_MSG);
	assert_string_equal(err.arg[0], "submitted");
	assert_int_equal(max_seq(), seq);
	/* ... nor during the notice */
	act_ok(li, id, CORE_ACTION_APPROVE, NULL, CORE_STATE_NOTICE);
	assert_status(record(wang, id, visit_j(id, TODAY), &r, &err), DS_EINPUT,
	              &err);
	assert_string_equal(err.arg[0], "notice");
	/* the objection ends the notice (leaves no case in notice behind) */
	act_ok(wang, id, CORE_ACTION_OBJECT, "邻居反映有收入 neighbours object",
	       CORE_STATE_INVESTIGATING);

	/* A rollback leaves nothing: a household in a region with no standard
	 * in the default policy gets as far as its assessment, after the
	 * household and the visit were written in the transaction. */
	{
		core_household nh;
		hh_make(&nh, 2, serial);
		serial += 2;
		snprintf(nh.region, sizeof(nh.region), "110105");
		assert_ok(store_household_add(wang, &nh, bj, &err), &err);
		core_household_free(&nh);
	}
	get_row(bj, &row);
	h = store_household_to_json(&row.h);
	store_row_free(&row);
	json_array_remove(json_object_get(h, "members"), 1);
	j = visit_j(bj, TODAY);
	json_object_set(j, "members", json_object_get(h, "members"));
	json_decref(h);
	seq = max_seq();
	get_row(bj, &row);
	assert_status(record(wang, bj, j, &r, &err), DS_EINPUT, &err);
	assert_int_equal(max_seq(), seq);
	assert_int_equal(casefile_rows(bj), 0);
	{
		store_household_row now;
		get_row(bj, &now);
		assert_int_equal(now.version, row.version);
		assert_int_equal(now.updated_seq, row.updated_seq);
		assert_string_equal(now.status, row.status);
		assert_int_equal(now.h.n_members, 2);
		/* the member the visit dropped still belongs here */
		assert_ok(store_person_find(wang, row.h.members[1].id_number, found,
		                            &err),
		          &err);
		assert_string_equal(found, bj);
		store_row_free(&now);
	}
	store_row_free(&row);
	assert_int_equal(case_of(bj).c.state, CORE_STATE_APPLYING);
	/* and the store goes on: the next transaction commits */
	visit_ok(id);
	assert_int_equal(max_seq(), seq + 2);
}

/* ---- the path of a case ---------------------------------------------------------- */

static void test_grant_path(void **state)
{
	char id[STORE_ID_BUF];
	store_household_row row;
	store_case k;
	core_fen pay;
	core_date ends;
	int changed = -1;
	ds_error err;
	(void)state;
	add_hh(2, 0, 0, id);

	/* nothing before a visit */
	refused(wang, id, CORE_ACTION_SUBMIT, NULL, DS_EINPUT, STATE_MSG);
	refused(li, id, CORE_ACTION_APPROVE, NULL, DS_EINPUT, STATE_MSG);
	visit_ok(id);
	/* submit is the assistant's */
	refused(li, id, CORE_ACTION_SUBMIT, NULL, DS_EPERM, ROLE_MSG);
	refused(zhao, id, CORE_ACTION_SUBMIT, NULL, DS_EPERM, ROLE_MSG);
	act_ok(wang, id, CORE_ACTION_SUBMIT, NULL, CORE_STATE_SUBMITTED);
	k = case_of(id);
	assert_string_equal(k.c.submitted_by, "wang");
	assert_string_equal(core_outcome_id(k.c.outcome), "grant");
	assert_int_equal(k.c.before, CORE_STATE_INVESTIGATING);
	pay = proposal_payment(&k, NULL);
	assert_true(pay > 0);
	get_row(id, &row);
	assert_string_equal(row.status, "submitted");
	store_row_free(&row);
	/* twice: refused */
	refused(wang, id, CORE_ACTION_SUBMIT, NULL, DS_EINPUT, STATE_MSG);
	/* whoever submitted cannot approve or refuse it (exit 5, saying
	 * why), nor can a reviewer */
	refused(wang, id, CORE_ACTION_APPROVE, NULL, DS_EPERM, FOUR_EYES_MSG);
	refused(wang, id, CORE_ACTION_REFUSE, "no", DS_EPERM, FOUR_EYES_MSG);
	refused(zhao, id, CORE_ACTION_APPROVE, NULL, DS_EPERM, ROLE_MSG);
	/* no objection before the notice */
	refused(wang, id, CORE_ACTION_OBJECT, "x", DS_EINPUT, STATE_MSG);
	{
		core_step_args a = with_reason(NULL);
		a.note = "核实无误 checked";
		core_state next;
		assert_ok(store_case_act(li, id, CORE_ACTION_APPROVE, &a, &next, &err),
		          &err);
		assert_int_equal(next, CORE_STATE_NOTICE);
	}
	k = case_of(id);
	ends = TODAY + 7;
	assert_int_equal(k.c.notice_ends, ends);
	assert_string_equal(k.c.decision_approver, "li");
	assert_string_equal(k.c.decision_proposer, "wang");
	get_row(id, &row);
	assert_string_equal(row.status, "notice");
	assert_string_equal(row.due, "2026-12-05"); /* the day it is finalized */
	assert_false(row.h.receiving);
	store_row_free(&row);

	/* the notice runs: no finalizing, not even on its last day */
	refused(li, id, CORE_ACTION_FINALIZE, NULL, DS_EINPUT, NOTICE_RUNNING_MSG);
	set_day(ends);
	refused(li, id, CORE_ACTION_FINALIZE, NULL, DS_EINPUT, NOTICE_RUNNING_MSG);
	assert_ok(store_case_catch_up(zhao, &changed, &err), &err);
	assert_int_equal(changed, 0);
	assert_int_equal(case_of(id).c.state, CORE_STATE_NOTICE);

	/* the day after: catch-up grants it */
	set_day(ends + 1);
	assert_ok(store_case_catch_up(zhao, &changed, &err), &err);
	assert_int_equal(changed, 1);
	k = case_of(id);
	assert_int_equal(k.c.state, CORE_STATE_RECEIVING);
	/* in effect, and dated, on the notice's last day — not the day the
	 * catch-up ran; paid from the month after (the default policy) */
	assert_int_equal(k.c.decided, ends);
	assert_int_equal(k.c.pay_from, core_month_of_date(ends) + 1);
	assert_false(k.c.appealable);
	assert_false(k.c.visited);
	assert_int_equal(k.c.previous_allowance, 0);
	get_row(id, &row);
	assert_true(row.h.receiving);
	assert_int_equal(row.h.allowance, pay);
	assert_int_equal(row.h.since, core_month_make(2027, 1));
	assert_string_equal(row.status, "receiving");
	store_row_free(&row);
	/* nothing more to catch up */
	assert_ok(store_case_catch_up(zhao, &changed, &err), &err);
	assert_int_equal(changed, 0);
	/* a grant cannot be appealed; a new submission needs a new visit */
	refused(wang, id, CORE_ACTION_APPEAL_FILE, "x", DS_EINPUT, NOT_APPEALABLE_MSG);
	refused(wang, id, CORE_ACTION_SUBMIT, NULL, DS_EINPUT, NO_VISIT_MSG);
	set_day(TODAY);
	/* the decision took effect by the calendar, through whoever ran the
	 * catch-up: the allowance first, then the case */
	{
		char sql[200], got[128];
		snprintf(sql, sizeof(sql),
		         "SELECT group_concat(x, ' ') FROM (SELECT kind || '/' || author"
		         " AS x FROM event WHERE entity = '%s' ORDER BY seq DESC LIMIT 2)",
		         id);
		sql_text(wang->db, sql, got, sizeof(got));
		assert_string_equal(got, "case.finalized/zhao household.changed/zhao");
	}
}

static void test_return_object_path(void **state)
{
	char id[STORE_ID_BUF];
	store_case k;
	core_date ends;
	(void)state;
	add_hh(2, 0, 0, id);
	visit_ok(id);
	act_ok(wang, id, CORE_ACTION_SUBMIT, NULL, CORE_STATE_SUBMITTED);
	/* return needs a reason and a supervisor */
	refused(li, id, CORE_ACTION_RETURN, NULL, DS_EUSAGE, REASON_MSG);
	refused(li, id, CORE_ACTION_RETURN, "", DS_EUSAGE, REASON_MSG);
	refused(li, id, CORE_ACTION_RETURN, "bad\x01reason", DS_EINPUT, NULL);
	refused(wang, id, CORE_ACTION_RETURN, "x", DS_EPERM, ROLE_MSG);
	act_ok(li, id, CORE_ACTION_RETURN, "请补充银行流水 bank statements",
	       CORE_STATE_RETURNED);
	/* returned: the visit still counts, so it can be submitted again */
	act_ok(wang, id, CORE_ACTION_SUBMIT, NULL, CORE_STATE_SUBMITTED);
	act_ok(li, id, CORE_ACTION_APPROVE, NULL, CORE_STATE_NOTICE);
	/* an objection needs a reason; a reviewer cannot record one */
	refused(wang, id, CORE_ACTION_OBJECT, NULL, DS_EUSAGE, REASON_MSG);
	refused(zhao, id, CORE_ACTION_OBJECT, "x", DS_EPERM, ROLE_MSG);
	act_ok(wang, id, CORE_ACTION_OBJECT, "邻居反映 a neighbour objects",
	       CORE_STATE_INVESTIGATING);
	k = case_of(id);
	assert_false(k.c.visited);
	assert_false(k.c.assessed);
	/* back to investigation: a new visit before a new submission */
	refused(wang, id, CORE_ACTION_SUBMIT, NULL, DS_EINPUT, NO_VISIT_MSG);
	visit_ok(id);
	act_ok(wang, id, CORE_ACTION_SUBMIT, NULL, CORE_STATE_SUBMITTED);
	act_ok(li, id, CORE_ACTION_APPROVE, NULL, CORE_STATE_NOTICE);
	ends = case_of(id).c.notice_ends;
	/* objections end with the notice; the supervisor finalizes */
	set_day(ends);
	act_ok(li, id, CORE_ACTION_OBJECT, "last day", CORE_STATE_INVESTIGATING);
	visit_ok(id);
	act_ok(wang, id, CORE_ACTION_SUBMIT, NULL, CORE_STATE_SUBMITTED);
	act_ok(li, id, CORE_ACTION_APPROVE, NULL, CORE_STATE_NOTICE);
	ends = case_of(id).c.notice_ends;
	set_day(ends + 1);
	refused(wang, id, CORE_ACTION_OBJECT, "too late", DS_EINPUT, NOTICE_OVER_MSG);
	act_ok(li, id, CORE_ACTION_FINALIZE, NULL, CORE_STATE_RECEIVING);
	set_day(TODAY);
}

/* The proposal a supervisor approved is the one that takes effect, even if
 * the household is assessed again meanwhile (a new policy, an assessment
 * at another date). */
static void test_proposal_fixed(void **state)
{
	char id[STORE_ID_BUF];
	store_household_row row;
	core_policy *versions = NULL;
	const core_policy *p;
	core_assessment *a;
	store_case k;
	core_fen pay;
	int64_t proposal;
	size_t nv = 0;
	ds_error err;
	(void)state;
	{
		/* two elderly members with a son outside the household able to
		 * support them: not destitute at the raised standard either, so
		 * the allowance follows the standard */
		core_household h;
		core_supporter *sp;
		hh_make(&h, 2, serial);
		serial += 2;
		assert_non_null(sp = core_household_add_supporter(&h, &err));
		snprintf(sp->name, sizeof(sp->name), "%s", "王强");
		snprintf(sp->relation, sizeof(sp->relation), "%s", "son");
		sp->able = true;
		assert_ok(store_household_add(wang, &h, id, &err), &err);
		core_household_free(&h);
	}
	visit_ok(id);
	act_ok(wang, id, CORE_ACTION_SUBMIT, NULL, CORE_STATE_SUBMITTED);
	k = case_of(id);
	proposal = k.proposal_seq;
	pay = proposal_payment(&k, NULL);

	/* assessed again under a standard raised by 100 yuan */
	assert_ok(store_policy_at(wang, TODAY, &versions, &nv, &p, &err), &err);
	for (size_t i = 0; i < p->n_standards; i++)
		if (!strcmp(p->standards[i].prefix, "4401"))
			p->standards[i].monthly += 10000;
	assert_non_null(a = malloc(sizeof(*a)));
	get_row(id, &row);
	assert_ok(store_assess_row(wang, &row, p, TODAY, true, a, &err), &err);
	assert_int_equal(a->payment, pay + 20000);
	/* an assessment recorded (not projected from its body read back)
	 * keeps the caseload's summary too */
	summaries_agree(wang);
	/* while submitted ... */
	assert_int_equal(case_of(id).proposal_seq, proposal);
	act_ok(li, id, CORE_ACTION_APPROVE, NULL, CORE_STATE_NOTICE);
	/* ... and during the notice */
	assert_ok(store_assess_row(wang, &row, p, TODAY, true, a, &err), &err);
	store_row_free(&row);
	assert_int_equal(case_of(id).proposal_seq, proposal);
	set_day(TODAY + 8);
	act_ok(li, id, CORE_ACTION_FINALIZE, NULL, CORE_STATE_RECEIVING);
	get_row(id, &row);
	assert_int_equal(row.h.allowance, pay);
	/* assessed while receiving under a policy whose early warning is at
	 * 0% of S: the warning recorded is on the caseload's summary too */
	((core_policy *)p)->warning.percent = 0; /* p is one of versions */
	assert_ok(store_assess_row(wang, &row, p, TODAY + 8, true, a, &err), &err);
	assert_true(a->warning);
	store_row_free(&row);
	summaries_agree(wang);
	set_day(TODAY);
	free(a);
	store_policies_free(versions, nv);
}

static void test_refuse_and_appeal(void **state)
{
	char id[STORE_ID_BUF];
	store_household_row row;
	core_step_args a;
	store_case k;
	core_state next;
	ds_error err;
	(void)state;
	add_hh(2, 0, 0, id);
	/* nothing to appeal yet */
	refused(wang, id, CORE_ACTION_APPEAL_FILE, "x", DS_EINPUT, NOT_APPEALABLE_MSG);
	/* refused ten days ago */
	set_day(TODAY - 10);
	visit_ok(id);
	act_ok(wang, id, CORE_ACTION_SUBMIT, NULL, CORE_STATE_SUBMITTED);
	refused(li, id, CORE_ACTION_REFUSE, NULL, DS_EUSAGE, REASON_MSG);
	act_ok(li, id, CORE_ACTION_REFUSE, "家庭财产超标 assets", CORE_STATE_REFUSED);
	set_day(TODAY);
	k = case_of(id);
	assert_string_equal(core_outcome_id(k.c.outcome), "refuse");
	assert_string_equal(k.c.decision_reason, "家庭财产超标 assets");
	assert_string_equal(k.c.decision_proposer, "wang");
	assert_string_equal(k.c.decision_approver, "li");
	assert_true(k.c.appealable);
	assert_int_equal(k.c.decided, TODAY - 10);
	get_row(id, &row);
	assert_false(row.h.receiving);
	assert_string_equal(row.status, "refused");
	store_row_free(&row);

	/* assigning or deciding before an appeal is filed */
	a = with_reason(NULL);
	a.to = "zhao";
	act_refused(li, id, CORE_ACTION_APPEAL_ASSIGN, &a, DS_EINPUT, NO_APPEAL_MSG);
	refused(zhao, id, CORE_ACTION_APPEAL_DECIDE, "x", DS_EINPUT, NO_APPEAL_MSG);

	/* filing: a reason, received not in the future nor before the
	 * decision */
	refused(wang, id, CORE_ACTION_APPEAL_FILE, NULL, DS_EUSAGE, REASON_MSG);
	a = with_reason("不服 the family disagrees");
	a.received = TODAY + 1;
	act_refused(wang, id, CORE_ACTION_APPEAL_FILE, &a, DS_EINPUT, NULL);
	a.received = TODAY - 11;
	act_refused(wang, id, CORE_ACTION_APPEAL_FILE, &a, DS_EINPUT, NULL);
	a.received = TODAY - 5;
	assert_ok(store_case_act(wang, id, CORE_ACTION_APPEAL_FILE, &a, &next, &err),
	          &err);
	assert_int_equal(next, CORE_STATE_REFUSED);
	k = case_of(id);
	assert_true(k.c.appeal_open);
	assert_int_equal(k.c.appeal_received, TODAY - 5);
	assert_int_equal(k.c.appeal_deadline, TODAY - 5 + 30);
	assert_string_equal(k.c.appeal_reviewer, "");
	refused(li, id, CORE_ACTION_APPEAL_FILE, "again", DS_EINPUT, APPEAL_OPEN_MSG);

	/* assigning: by a supervisor or reviewer, to a reviewer of this store */
	a = with_reason(NULL);
	a.to = "zhao";
	act_refused(wang, id, CORE_ACTION_APPEAL_ASSIGN, &a, DS_EPERM, ROLE_MSG);
	a.to = "";
	act_refused(li, id, CORE_ACTION_APPEAL_ASSIGN, &a, DS_EUSAGE, NULL);
	a.to = NULL;
	act_refused(li, id, CORE_ACTION_APPEAL_ASSIGN, &a, DS_EUSAGE, NULL);
	a.to = "nobody";
	act_refused(li, id, CORE_ACTION_APPEAL_ASSIGN, &a, DS_EINPUT, NULL);
	a.to = "sun2"; /* a prefix is not a name */
	act_refused(li, id, CORE_ACTION_APPEAL_ASSIGN, &a, DS_EINPUT, NULL);
	/* the approver and the proposer: four eyes (exit 5), saying why */
	a.to = "li";
	act_refused(li, id, CORE_ACTION_APPEAL_ASSIGN, &a, DS_EPERM, APPEAL_EYES_MSG);
	a.to = "wang";
	act_refused(zhao, id, CORE_ACTION_APPEAL_ASSIGN, &a, DS_EPERM,
	            APPEAL_EYES_MSG);
	a.to = "zhao";
	assert_ok(store_case_act(li, id, CORE_ACTION_APPEAL_ASSIGN, &a, &next, &err),
	          &err);
	assert_string_equal(case_of(id).c.appeal_reviewer, "zhao");

	/* deciding: only the reviewer assigned; never the proposer or approver */
	refused(sun, id, CORE_ACTION_APPEAL_DECIDE, "x", DS_EPERM, NOT_ASSIGNED_MSG);
	refused(li, id, CORE_ACTION_APPEAL_DECIDE, "x", DS_EPERM, ROLE_MSG);
	refused(wang, id, CORE_ACTION_APPEAL_DECIDE, "x", DS_EPERM, ROLE_MSG);
	refused(zhao, id, CORE_ACTION_APPEAL_DECIDE, NULL, DS_EUSAGE, REASON_MSG);
	/* an overturn restores receiving, in_transition or investigating */
	a = with_reason("x");
	a.overturn = true;
	a.restore = CORE_STATE_NOTICE;
	act_refused(zhao, id, CORE_ACTION_APPEAL_DECIDE, &a, DS_EUSAGE, NULL);
	a.restore = CORE_STATE_REFUSED;
	act_refused(zhao, id, CORE_ACTION_APPEAL_DECIDE, &a, DS_EUSAGE, NULL);
	/* upheld: the refusal stands, the appeal is closed */
	a = with_reason("维持 the refusal stands");
	assert_ok(store_case_act(zhao, id, CORE_ACTION_APPEAL_DECIDE, &a, &next, &err),
	          &err);
	assert_int_equal(next, CORE_STATE_REFUSED);
	k = case_of(id);
	assert_false(k.c.appeal_open);
	assert_int_equal(k.c.state, CORE_STATE_REFUSED);
	refused(zhao, id, CORE_ACTION_APPEAL_DECIDE, "x", DS_EINPUT, NO_APPEAL_MSG);
	/* the events name their authors */
	{
		char sql[160], who[64];
		snprintf(sql, sizeof(sql),
		         "SELECT group_concat(author, ' ') FROM (SELECT author FROM event"
		         " WHERE entity = '%s' AND kind LIKE 'appeal.%%' ORDER BY seq)",
		         id);
		sql_text(wang->db, sql, who, sizeof(who));
		assert_string_equal(who, "wang li zhao");
	}
}

static void test_stop_and_overturn(void **state)
{
	char id[STORE_ID_BUF];
	store_household_row row;
	core_step_args a;
	store_case k;
	core_state next;
	ds_error err;
	(void)state;
	add_hh(2, core_month_make(2024, 3), 80000, id);
	assert_int_equal(case_of(id).c.state, CORE_STATE_RECEIVING);
	/* a re-verification visit leaves it receiving */
	visit_ok(id);
	assert_int_equal(case_of(id).c.state, CORE_STATE_RECEIVING);
	act_ok(wang, id, CORE_ACTION_SUBMIT, NULL, CORE_STATE_SUBMITTED);
	assert_int_equal(case_of(id).c.before, CORE_STATE_RECEIVING);
	/* refusing a receiving case stops it */
	act_ok(li, id, CORE_ACTION_REFUSE, "外出务工 works away", CORE_STATE_EXITED);
	k = case_of(id);
	assert_string_equal(core_outcome_id(k.c.outcome), "stop");
	assert_true(k.c.appealable);
	assert_int_equal(k.c.previous_allowance, 80000);
	assert_int_equal(k.c.previous_since, core_month_make(2024, 3));
	get_row(id, &row);
	assert_false(row.h.receiving);
	assert_int_equal(row.h.allowance, 0);
	assert_string_equal(row.status, "exited");
	store_row_free(&row);


	/* the stop is appealed; a reviewer takes it on and overturns it */
	a = with_reason("申诉 the family appeals");
	assert_ok(store_case_act(wang, id, CORE_ACTION_APPEAL_FILE, &a, &next, &err),
	          &err);
	assert_int_equal(next, CORE_STATE_EXITED);
	k = case_of(id);
	assert_int_equal(k.c.appeal_received, TODAY); /* received: today */
	assert_int_equal(k.c.appeal_deadline, TODAY + 30);
	a = with_reason(NULL);
	a.to = "zhao";
	assert_ok(store_case_act(zhao, id, CORE_ACTION_APPEAL_ASSIGN, &a, &next,
	                         &err),
	          &err);
	a = with_reason("仍在本地居住 still lives here");
	a.overturn = true;
	a.restore = CORE_STATE_RECEIVING;
	assert_ok(store_case_act(zhao, id, CORE_ACTION_APPEAL_DECIDE, &a, &next,
	                         &err),
	          &err);
	assert_int_equal(next, CORE_STATE_RECEIVING);
	k = case_of(id);
	assert_int_equal(k.c.state, CORE_STATE_RECEIVING);
	assert_false(k.c.appeal_open);
	assert_false(k.c.appealable);
	get_row(id, &row);
	assert_true(row.h.receiving);
	assert_int_equal(row.h.allowance, 80000);
	assert_int_equal(row.h.since, core_month_make(2024, 3));
	assert_string_equal(row.status, "receiving");
	store_row_free(&row);
	/* nothing left to appeal */
	refused(wang, id, CORE_ACTION_APPEAL_FILE, "x", DS_EINPUT, NOT_APPEALABLE_MSG);
}

/* A receiving household whose income now exceeds the standard: a
 * withdrawal, and at its end the exit with a referral. */
static void test_transition_path(void **state)
{
	char id[STORE_ID_BUF];
	store_household_row row;
	store_due_item *items;
	store_case k;
	core_month last;
	core_date day;
	size_t n;
	int changed;
	bool seen;
	ds_error err;
	(void)state;
	/* one member with a pension of about 1,200 yuan: above S = 1,165,
	 * below 1.5 x S (six months) */
	add_hh(1, core_month_make(2025, 5), 30000, hh_transition);
	snprintf(id, sizeof(id), "%s", hh_transition);
	get_row(id, &row);
	assert_true(row.h.members[0].incomes[0].monthly > S_FEN);
	assert_true(row.h.members[0].incomes[0].monthly <= S_FEN * 3 / 2);
	store_row_free(&row);
	to_notice(id);
	k = case_of(id);
	assert_string_equal(core_outcome_id(k.c.outcome), "transition");
	proposal_payment(&k, &last);
	assert_int_equal(last, core_month_make(2026, 12) + 5);

	day = k.c.notice_ends + 1;
	set_day(day);
	assert_ok(store_case_catch_up(li, &changed, &err), &err);
	assert_int_equal(changed, 1);
	k = case_of(id);
	assert_int_equal(k.c.state, CORE_STATE_IN_TRANSITION);
	assert_int_equal(k.c.transition_last, last);
	assert_true(k.c.appealable);
	assert_false(k.c.referral_due);
	get_row(id, &row);
	assert_true(row.h.receiving); /* the withdrawal months are paid */
	assert_int_equal(row.h.allowance, 30000);
	assert_string_equal(row.status, "in_transition");
	store_row_free(&row);
	/* due: the end of the withdrawal, on the last day of its last month */
	assert_ok(store_due(wang, 366, &items, &n, &err), &err);
	seen = false;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(items[i].household, id) &&
		    items[i].kind == CORE_DUE_TRANSITION_ENDS) {
			assert_int_equal(items[i].date, core_month_last_day(last));
			assert_false(items[i].overdue);
			seen = true;
		}
	free(items);
	assert_true(seen);

	/* in its last month: nothing yet */
	set_day(core_month_first_day(last) + 20);
	assert_ok(store_case_catch_up(li, &changed, &err), &err);
	assert_int_equal(changed, 0);
	assert_int_equal(case_of(id).c.state, CORE_STATE_IN_TRANSITION);
	/* the month after: the household exits with the referral */
	day = core_month_first_day(last + 1);
	set_day(day);
	assert_ok(store_case_catch_up(wang, &changed, &err), &err);
	assert_int_equal(changed, 1);
	k = case_of(id);
	assert_int_equal(k.c.state, CORE_STATE_EXITED);
	assert_true(k.c.referral_due);
	assert_int_equal(k.c.referral_date, day);
	assert_int_equal(k.c.transition_last, 0);
	assert_false(k.c.appealable);
	get_row(id, &row);
	assert_false(row.h.receiving);
	assert_int_equal(row.h.allowance, 0);
	assert_string_equal(row.status, "exited");
	store_row_free(&row);
	set_day(TODAY);
}

/* ---- the work that is due ----------------------------------------------------------- */

typedef struct {
	const char *name;
	char id[STORE_ID_BUF];
	core_due_kind kind;
	core_date date;
	bool overdue;
	const char *detail;
} due_want;

static ssize_t due_find(const store_due_item *items, size_t n,
                        const due_want *w)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(items[i].household, w->id) && items[i].kind == w->kind)
			return (ssize_t)i;
	return -1;
}

static void test_due(void **state)
{
	enum { OLD, WATCH, APPEAL_LATE, REVIEW, IRREGULAR, NOTICE, APPEAL,
	       STABLE, FOLLOWUP, VISITED, N_WANT };
	due_want w[N_WANT] = {
		[OLD] = {"never visited, since 2020", "", CORE_DUE_REVERIFY,
		         core_date_from_ymd(2026, 1, 1), true, "stable"},
		[WATCH] = {"someone able to work", "", CORE_DUE_REVERIFY,
		           core_date_from_ymd(2026, 9, 1), true, "watch"},
		[APPEAL_LATE] = {"appeal past its deadline", "", CORE_DUE_APPEAL,
		                 TODAY - 10, true, "zhao"},
		[REVIEW] = {"waiting for review", "", CORE_DUE_REVIEW, TODAY, false,
		            "wang"},
		[IRREGULAR] = {"irregular income", "", CORE_DUE_REVERIFY,
		               core_date_from_ymd(2026, 12, 1), false, "watch"},
		[NOTICE] = {"notice", "", CORE_DUE_NOTICE_ENDS, TODAY + 7, false, ""},
		[APPEAL] = {"appeal", "", CORE_DUE_APPEAL, TODAY + 30, false, ""},
		[STABLE] = {"stable", "", CORE_DUE_REVERIFY,
		            core_date_from_ymd(2027, 6, 1), false, "stable"},
		[FOLLOWUP] = {"referral after the withdrawal", "", CORE_DUE_FOLLOWUP,
		              core_date_from_ymd(2027, 6, 1), false,
		              "employment_referral"},
		[VISITED] = {"visited three days ago", "", CORE_DUE_REVERIFY,
		             core_date_from_ymd(2027, 11, 24), false, "stable"},
	};
	store_due_item *items;
	core_step_args a;
	core_state next;
	size_t n;
	ssize_t prev = -1;
	ds_error err;
	(void)state;

	assert_true(hh_transition[0]);
	snprintf(w[FOLLOWUP].id, STORE_ID_BUF, "%s", hh_transition);
	add_hh(1, core_month_make(2020, 1), 50000, w[OLD].id);
	add_hh(2, core_month_make(2026, 3), 50000, w[WATCH].id);
	add_hh(1, core_month_make(2026, 6), 50000, w[STABLE].id);
	{
		core_household h;
		hh_make(&h, 1, serial++);
		h.members[0].incomes[0].irregular = true;
		h.receiving = true;
		h.allowance = 50000;
		h.since = core_month_make(2026, 6);
		assert_ok(store_household_add(wang, &h, w[IRREGULAR].id, &err), &err);
		core_household_free(&h);
	}
	add_hh(1, core_month_make(2025, 1), 50000, w[VISITED].id);
	{
		store_visit_result r;
		assert_ok(record(wang, w[VISITED].id, visit_j(w[VISITED].id, TODAY - 3),
		                 &r, &err),
		          &err);
		store_visit_result_free(&r);
	}
	add_hh(2, 0, 0, w[REVIEW].id);
	visit_ok(w[REVIEW].id);
	act_ok(wang, w[REVIEW].id, CORE_ACTION_SUBMIT, NULL, CORE_STATE_SUBMITTED);
	add_hh(2, 0, 0, w[NOTICE].id);
	to_notice(w[NOTICE].id);
	add_hh(2, 0, 0, w[APPEAL_LATE].id);
	add_hh(2, 0, 0, w[APPEAL].id);
	for (int i = APPEAL_LATE; i <= APPEAL; i += APPEAL - APPEAL_LATE) {
		/* the late one was refused 45 days ago */
		set_day(i == APPEAL_LATE ? TODAY - 45 : TODAY);
		visit_ok(w[i].id);
		act_ok(wang, w[i].id, CORE_ACTION_SUBMIT, NULL, CORE_STATE_SUBMITTED);
		act_ok(li, w[i].id, CORE_ACTION_REFUSE, "不符合 not eligible",
		       CORE_STATE_REFUSED);
		set_day(TODAY);
		a = with_reason("不服 appeal");
		a.received = i == APPEAL_LATE ? TODAY - 40 : -1;
		assert_ok(store_case_act(wang, w[i].id, CORE_ACTION_APPEAL_FILE, &a,
		                         &next, &err),
		          &err);
	}
	a = with_reason(NULL);
	a.to = "zhao";
	assert_ok(store_case_act(li, w[APPEAL_LATE].id, CORE_ACTION_APPEAL_ASSIGN,
	                         &a, &next, &err),
	          &err);

	/* within 400 days: all of them, overdue first, then by date */
	assert_ok(store_due(wang, 400, &items, &n, &err), &err);
	for (int i = 0; i < N_WANT; i++) {
		ssize_t at = due_find(items, n, &w[i]);
		if (at < 0)
			fail_msg("%s: not due", w[i].name);
		if (items[at].date != w[i].date || items[at].overdue != w[i].overdue ||
		    strcmp(items[at].detail, w[i].detail) != 0) {
			char got[11], want[11];
			core_date_format(items[at].date, got);
			core_date_format(w[i].date, want);
			fail_msg("%s: %s%s \"%s\", wanted %s%s \"%s\"", w[i].name, got,
			         items[at].overdue ? " overdue" : "", items[at].detail,
			         want, w[i].overdue ? " overdue" : "", w[i].detail);
		}
		if (at <= prev)
			fail_msg("%s: listed before the one above it", w[i].name);
		prev = at;
	}
	/* ... and the whole list in that order, each item within the window */
	for (size_t i = 0; i < n; i++) {
		assert_true(items[i].date <= TODAY + 400);
		assert_int_equal(items[i].overdue, items[i].date < TODAY);
		if (i && items[i - 1].overdue == items[i].overdue)
			assert_true(items[i - 1].date <= items[i].date);
		if (i)
			assert_true(items[i - 1].overdue >= items[i].overdue);
	}
	free(items);

	/* within 0 days: what is due today or overdue */
	assert_ok(store_due(wang, 0, &items, &n, &err), &err);
	for (int i = 0; i < N_WANT; i++) {
		bool want = w[i].date <= TODAY;
		if ((due_find(items, n, &w[i]) >= 0) != want)
			fail_msg("within 0: %s %s", w[i].name,
			         want ? "missing" : "listed");
	}
	for (size_t i = 0; i < n; i++)
		assert_true(items[i].date <= TODAY);
	free(items);
	/* a negative window is today's */
	{
		store_due_item *neg;
		size_t nn;
		assert_ok(store_due(wang, 0, &items, &n, &err), &err);
		assert_ok(store_due(wang, -5, &neg, &nn, &err), &err);
		assert_int_equal(nn, n);
		free(items);
		free(neg);
	}
}

/* Open cases nobody has visited yet: a new application, a case returned
 * for more investigation, one reopened by an objection and one by an
 * overturned appeal, each with a visit due 10 days (the default policy)
 * after the day it was opened, returned or reopened; a visit since
 * takes it off the list. */
static const store_due_item *due_of(const store_due_item *items, size_t n,
                                    const char *id, core_due_kind k)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(items[i].household, id) && items[i].kind == k)
			return &items[i];
	return NULL;
}

static void test_due_open_cases(void **state)
{
	char fresh[STORE_ID_BUF], ret[STORE_ID_BUF], obj[STORE_ID_BUF],
	        app[STORE_ID_BUF];
	const store_due_item *it;
	store_due_item *items;
	core_step_args a;
	core_state next;
	size_t n;
	ds_error err;
	(void)state;

	add_hh(2, 0, 0, fresh);
	/* returned 12 days ago: 2 days overdue */
	add_hh(2, 0, 0, ret);
	set_day(TODAY - 12);
	visit_ok(ret);
	act_ok(wang, ret, CORE_ACTION_SUBMIT, NULL, CORE_STATE_SUBMITTED);
	act_ok(li, ret, CORE_ACTION_RETURN, "ask for the payslips",
	       CORE_STATE_RETURNED);
	set_day(TODAY);
	assert_int_equal(case_of(ret).c.opened, TODAY - 12);
	assert_string_equal(case_of(ret).c.opened_by, "return");
	/* an objection during the notice, today */
	add_hh(2, 0, 0, obj);
	to_notice(obj);
	act_ok(wang, obj, CORE_ACTION_OBJECT, "a neighbour says he works",
	       CORE_STATE_INVESTIGATING);
	/* refused 20 days ago, appealed, overturned 3 days ago */
	add_hh(2, 0, 0, app);
	set_day(TODAY - 20);
	visit_ok(app);
	act_ok(wang, app, CORE_ACTION_SUBMIT, NULL, CORE_STATE_SUBMITTED);
	act_ok(li, app, CORE_ACTION_REFUSE, "income above", CORE_STATE_REFUSED);
	set_day(TODAY - 3);
	a = with_reason("the wages stopped");
	assert_ok(store_case_act(wang, app, CORE_ACTION_APPEAL_FILE, &a, &next,
	                         &err),
	          &err);
	a = with_reason("investigate again");
	a.overturn = true;
	a.restore = CORE_STATE_INVESTIGATING;
	assert_ok(store_case_act(zhao, app, CORE_ACTION_APPEAL_DECIDE, &a, &next,
	                         &err),
	          &err);
	assert_int_equal(next, CORE_STATE_INVESTIGATING);
	set_day(TODAY);

	assert_ok(store_due(wang, 30, &items, &n, &err), &err);
	/* the new application: from the day it was entered (no later than
	 * today, which tests pin) */
	it = due_of(items, n, fresh, CORE_DUE_FIRST_VISIT);
	assert_non_null(it);
	assert_true(it->from >= 0 && it->from <= TODAY);
	assert_int_equal(it->date, it->from + 10);
	assert_int_equal(it->overdue, it->date < TODAY);
	assert_string_equal(it->detail, "application");
	it = due_of(items, n, ret, CORE_DUE_RETURNED);
	assert_non_null(it);
	assert_int_equal(it->from, TODAY - 12);
	assert_int_equal(it->date, TODAY - 2);
	assert_true(it->overdue);
	assert_string_equal(it->detail, "return");
	it = due_of(items, n, obj, CORE_DUE_REOPENED);
	assert_non_null(it);
	assert_int_equal(it->from, TODAY);
	assert_int_equal(it->date, TODAY + 10);
	assert_false(it->overdue);
	assert_string_equal(it->detail, "objection");
	it = due_of(items, n, app, CORE_DUE_REOPENED);
	assert_non_null(it);
	assert_int_equal(it->from, TODAY - 3);
	assert_int_equal(it->date, TODAY + 7);
	assert_string_equal(it->detail, "appeal");
	/* the overdue return comes before the items that are not */
	for (size_t i = 0; i < n; i++)
		if (!items[i].overdue)
			assert_true(due_of(items, i, ret, CORE_DUE_RETURNED) != NULL);
	free(items);

	/* the first item of each household is what the caseload shows */
	{
		store_household_row row;
		store_case k;
		store_due_item first;
		bool any;
		core_policy *versions = NULL;
		const core_policy *p;
		size_t nv = 0;
		assert_ok(store_policy_at(wang, TODAY, &versions, &nv, &p, &err), &err);
		get_row(ret, &row);
		k = case_of(ret);
		assert_ok(store_due_household(wang, p, &row, &k, &first, &any, &err),
		          &err);
		assert_true(any);
		assert_int_equal(first.kind, CORE_DUE_RETURNED);
		assert_int_equal(first.date, TODAY - 2);
		store_row_free(&row);
		store_policies_free(versions, nv);
	}

	/* visited since: nothing due for them any more */
	visit_ok(ret);
	visit_ok(app);
	assert_ok(store_due(wang, 30, &items, &n, &err), &err);
	assert_null(due_of(items, n, ret, CORE_DUE_RETURNED));
	assert_null(due_of(items, n, app, CORE_DUE_REOPENED));
	assert_non_null(due_of(items, n, obj, CORE_DUE_REOPENED));
	free(items);
}

/* ---- tampering and rebuilding -------------------------------------------------------- */

static void blob_get(const char *sql_sel, const char *key, unsigned char **out,
                     size_t *len)
{
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(wang->db, sql_sel, -1, &q, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	*len = (size_t)sqlite3_column_bytes(q, 0);
	*out = malloc(*len ? *len : 1);
	assert_non_null(*out);
	memcpy(*out, sqlite3_column_blob(q, 0), *len);
	sqlite3_finalize(q);
}

static void blob_put(const char *sql_upd, const char *key,
                     const unsigned char *b, size_t len)
{
	sqlite3_stmt *q;
	sqlite3 *raw = sql_raw(wang->db);
	assert_int_equal(sqlite3_prepare_v2(raw, sql_upd, -1, &q, NULL),
	                 SQLITE_OK);
	sqlite3_bind_blob(q, 1, b, (int)len, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, key, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	assert_int_equal(sqlite3_changes(raw), 1);
	sqlite3_finalize(q);
}

#define CASE_SEL "SELECT data FROM casefile WHERE household = ?"
#define CASE_UPD "UPDATE casefile SET data = ? WHERE household = ?"

static void assert_same_case(const store_case *a, const store_case *b)
{
	assert_string_equal(a->household, b->household);
	assert_int_equal(a->c.state, b->c.state);
	assert_int_equal(a->c.before, b->c.before);
	assert_int_equal(a->c.visited, b->c.visited);
	assert_int_equal(a->c.assessed, b->c.assessed);
	assert_string_equal(a->c.submitted_by, b->c.submitted_by);
	assert_int_equal(a->c.notice_ends, b->c.notice_ends);
	assert_int_equal(a->c.appealable, b->c.appealable);
	assert_string_equal(a->c.decision_proposer, b->c.decision_proposer);
	assert_string_equal(a->c.decision_approver, b->c.decision_approver);
	assert_int_equal(a->c.appeal_open, b->c.appeal_open);
	assert_string_equal(a->c.appeal_reviewer, b->c.appeal_reviewer);
	assert_int_equal(a->proposal_seq, b->proposal_seq);
	assert_int_equal(a->c.last_visit, b->c.last_visit);
	assert_int_equal(a->c.decided, b->c.decided);
	assert_int_equal(a->c.outcome, b->c.outcome);
	assert_int_equal(a->c.transition_last, b->c.transition_last);
	assert_int_equal(a->c.appeal_received, b->c.appeal_received);
	assert_int_equal(a->c.appeal_deadline, b->c.appeal_deadline);
	assert_int_equal(a->appeal_seq, b->appeal_seq);
	assert_int_equal(a->decision_seq, b->decision_seq);
	assert_int_equal(a->c.previous_allowance, b->c.previous_allowance);
	assert_int_equal(a->c.previous_since, b->c.previous_since);
	assert_string_equal(a->c.decision_reason, b->c.decision_reason);
	assert_int_equal(a->c.referral_due, b->c.referral_due);
	assert_int_equal(a->c.referral_date, b->c.referral_date);
	assert_int_equal(a->c.pay_from, b->c.pay_from);
	assert_int_equal(a->c.delivered, b->c.delivered);
	assert_string_equal(a->c.delivery_method, b->c.delivery_method);
	assert_int_equal(a->c.appeal_late, b->c.appeal_late);
	assert_string_equal(a->c.appeal_late_reason, b->c.appeal_late_reason);
}

typedef struct {
	size_t n;
	char id[256][STORE_ID_BUF];
	store_case k[256];
	char status[256][24], due[256][11];
	int64_t version[256];
} snapshot;

static ds_status snap_one(const store_household_row *row, void *ctx)
{
	snapshot *x = ctx;
	ds_error err;
	assert_true(x->n < 256);
	snprintf(x->id[x->n], STORE_ID_BUF, "%s", row->id);
	assert_ok(store_case_get(wang, row->id, &x->k[x->n], &err), &err);
	snprintf(x->status[x->n], 24, "%s", row->status);
	snprintf(x->due[x->n], 11, "%s", row->due);
	x->version[x->n] = row->version;
	x->n++;
	return DS_OK;
}

static void snap(snapshot *x)
{
	ds_error err;
	x->n = 0;
	assert_ok(store_household_each(wang, snap_one, NULL, x, &err), &err);
}

static void test_tamper_and_rebuild(void **state)
{
	static snapshot before, after;
	char id[STORE_ID_BUF], other[STORE_ID_BUF], where[64];
	unsigned char *orig, *copy, *theirs;
	size_t len, tlen;
	store_case k;
	store_due_item *items;
	size_t n;
	store_audit_report rep;
	ds_error err;
	(void)state;

	add_hh(2, 0, 0, id);
	visit_ok(id);
	act_ok(wang, id, CORE_ACTION_SUBMIT, NULL, CORE_STATE_SUBMITTED);
	add_hh(1, 0, 0, other);
	visit_ok(other);
	snap(&before);
	assert_true(before.n > 10);
	snprintf(where, sizeof(where), "household %s", id);
	blob_get(CASE_SEL, id, &orig, &len);
	blob_get(CASE_SEL, other, &theirs, &tlen);

	/* a byte of the sealed data flipped, anywhere */
	{
		static const size_t at[] = {0, 1, 30, 40};
		assert_non_null(copy = malloc(len));
		for (size_t i = 0; i < N(at) + 1; i++) {
			size_t pos = i < N(at) ? at[i] : len - 1;
			memcpy(copy, orig, len);
			copy[pos] ^= 0x01;
			blob_put(CASE_UPD, id, copy, len);
			memset(&err, 0, sizeof(err));
			assert_status(store_case_get(wang, id, &k, &err), DS_EDAMAGED,
			              &err);
			assert_string_equal(err.where, where);
			/* its row's MAC is checked before its seal */
			assert_string_not_equal(err.fmt, DAMAGED_CASE);
		}
		free(copy);
	}
	/* ... then nothing can be done to the case, and due says so */
	assert_status(act(li, id, CORE_ACTION_APPROVE, NULL, &err), DS_EDAMAGED,
	              &err);
	assert_status(store_due(wang, 30, &items, &n, &err), DS_EDAMAGED, &err);
	/* another household's case file in its place */
	blob_put(CASE_UPD, id, theirs, tlen);
	assert_status(store_case_get(wang, id, &k, &err), DS_EDAMAGED, &err);
	assert_string_equal(err.where, where);
	/* put back: readable again */
	blob_put(CASE_UPD, id, orig, len);
	k = case_of(id);
	assert_int_equal(k.c.state, CORE_STATE_SUBMITTED);
	/* the state in the clear changed, the sealed one not */
	{
		char sql[128];
		snprintf(sql, sizeof(sql),
		         "UPDATE casefile SET state = 'notice' WHERE household = '%s'", id);
		sql_exec(wang->db, sql);
		assert_status(store_case_get(wang, id, &k, &err), DS_EDAMAGED, &err);
		assert_string_equal(err.where, where);
		snprintf(sql, sizeof(sql),
		         "UPDATE casefile SET state = 'submitted' WHERE household = '%s'",
		         id);
		sql_exec(wang->db, sql);
		k = case_of(id);
	}
	/* the case file deleted: the household's own status (under its MAC)
	 * says there was one, so the case does not start afresh */
	{
		char sql[128];
		store_visit_result r;
		snprintf(sql, sizeof(sql), "DELETE FROM casefile WHERE household = '%s'",
		         id);
		sql_exec(wang->db, sql);
		memset(&err, 0, sizeof(err));
		assert_status(store_case_get(wang, id, &k, &err), DS_EDAMAGED, &err);
		assert_string_equal(err.where, where);
		assert_status(record(wang, id, visit_j(id, TODAY), &r, &err),
		              DS_EDAMAGED, &err);
	}

	/* Four eyes go by name, whatever the roles: a case file saying li
	 * submitted it cannot be approved by li. */
	{
		store_event ev;
		json_t *body = json_pack("{s:{s:s, s:s, s:b, s:b, s:s, s:I}}", "case",
		                         "state", "submitted", "before",
		                         "investigating", "visited", 1, "assessed", 1,
		                         "submitted_by", "li", "proposal_seq",
		                         (json_int_t)before.k[0].proposal_seq);
		memset(&ev, 0, sizeof(ev));
		ev.seq = max_seq();
		snprintf(ev.entity, sizeof(ev.entity), "%s", other);
		snprintf(ev.kind, sizeof(ev.kind), "case.submitted");
		assert_ok(store_project_case(wang, &ev, body, &err), &err);
		json_decref(body);
		assert_string_equal(case_of(other).c.submitted_by, "li");
		refused(li, other, CORE_ACTION_APPROVE, NULL, DS_EPERM, FOUR_EYES_MSG);
		refused(li, other, CORE_ACTION_REFUSE, "x", DS_EPERM, FOUR_EYES_MSG);
	}

	/* the rebuild restores every case file, as it was */
	assert_ok(store_rebuild(sun, &err), &err);
	snap(&after);
	assert_int_equal(after.n, before.n);
	for (size_t i = 0; i < before.n; i++) {
		assert_string_equal(after.id[i], before.id[i]);
		assert_same_case(&after.k[i], &before.k[i]);
		assert_string_equal(after.status[i], before.status[i]);
		assert_string_equal(after.due[i], before.due[i]);
		assert_int_equal(after.version[i], before.version[i]);
	}
	assert_ok(store_audit_verify(wang, &rep, &err), &err);
	{
		bool w = false, l = false, z = false;
		for (size_t i = 0; i < rep.n_authors; i++) {
			w = w || !strcmp(rep.authors[i], "wang");
			l = l || !strcmp(rep.authors[i], "li");
			z = z || !strcmp(rep.authors[i], "zhao");
		}
		assert_true(w && l && z);
	}
	/* the case goes on */
	act_ok(li, id, CORE_ACTION_RETURN, "rebuilt", CORE_STATE_RETURNED);
	free(orig);
	free(theirs);
}

/* ---- drafts --------------------------------------------------------------------------- */

#define DRAFT_SEL "SELECT data FROM draft WHERE id = ?"
#define DRAFT_UPD "UPDATE draft SET data = ? WHERE id = ?"

static void test_drafts(void **state)
{
	char hh1[STORE_ID_BUF], hh2[STORE_ID_BUF], d1[STORE_ID_BUF] = "",
	        d2[STORE_ID_BUF] = "", keep[STORE_ID_BUF];
	store_draft_info info, *list;
	json_t *v1, *v2, *got;
	unsigned char *b1, *b2;
	size_t n, n0, l1, l2;
	ds_error err;
	(void)state;
	add_hh(2, 0, 0, hh1);
	add_hh(2, 0, 0, hh2);

	/* none yet */
	assert_status(store_draft_get(wang, "dnosuch00", &info, &got, &err),
	              DS_EINPUT, &err);
	assert_string_equal(err.where, "DRAFT");
	assert_null(got);
	assert_status(store_draft_delete(wang, "dnosuch00", &err), DS_EINPUT, &err);
	assert_ok(store_draft_list(wang, &list, &n0, &err), &err);
	free(list);

	/* saved: a new id */
	v1 = json_pack("{s:s, s:[s, s]}", "date", "2026-11-26", "staff", "wang",
	               "陈芳");
	assert_ok(store_draft_save(wang, d1, hh1, 1, v1, &err), &err);
	assert_int_equal(strlen(d1), 9);
	assert_int_equal(d1[0], 'd');
	for (size_t i = 1; i < 9; i++)
		assert_non_null(strchr("0123456789abcdefghjkmnpqrstvwxyz", d1[i]));
	snprintf(keep, sizeof(keep), "%s", d1);
	assert_ok(store_draft_get(wang, d1, &info, &got, &err), &err);
	assert_true(json_equal(got, v1));
	json_decref(got);
	assert_string_equal(info.id, d1);
	assert_string_equal(info.household, hh1);
	assert_string_equal(info.author, "wang");
	assert_int_equal(info.step, 1);
	assert_int_equal(strlen(info.updated), 16);

	/* saved again: the same draft, its next step */
	json_object_set_new(v1, "observations", json_string("第二步 step 2"));
	assert_ok(store_draft_save(wang, d1, hh1, 2, v1, &err), &err);
	assert_string_equal(d1, keep);
	assert_ok(store_draft_get(wang, d1, &info, &got, &err), &err);
	assert_true(json_equal(got, v1));
	assert_int_equal(info.step, 2);
	json_decref(got);

	/* another, by li */
	v2 = json_pack("{s:s}", "date", "2026-11-20");
	assert_ok(store_draft_save(li, d2, hh2, 5, v2, &err), &err);
	assert_string_not_equal(d2, d1);
	assert_ok(store_draft_list(wang, &list, &n, &err), &err);
	assert_int_equal(n, n0 + 2);
	free(list);

	/* the list: latest first, then by id (the times set with the key) */
#define DRAFT_WHEN                                                              \
	"UPDATE main.draft SET updated = %d, mac = ds_mac('draft', id, household," \
	" author, %d, step, data) WHERE id = '%s'"
	{
		char sql[256];
		int first;
		snprintf(sql, sizeof(sql), DRAFT_WHEN, 1000, 1000, d1);
		sql_keyed(wang, sql);
		snprintf(sql, sizeof(sql), DRAFT_WHEN, 2000, 2000, d2);
		sql_keyed(wang, sql);
		assert_ok(store_draft_list(wang, &list, &n, &err), &err);
		assert_string_equal(list[n - 2].id, d2);
		assert_string_equal(list[n - 1].id, d1);
		assert_string_equal(list[n - 2].author, "li");
		assert_string_equal(list[n - 2].household, hh2);
		assert_int_equal(list[n - 2].step, 5);
		assert_int_equal(list[n - 1].step, 2);
		free(list);
		snprintf(sql, sizeof(sql), DRAFT_WHEN, 2000, 2000, d1);
		sql_keyed(wang, sql);
		assert_ok(store_draft_list(wang, &list, &n, &err), &err);
		first = strcmp(d1, d2) < 0;
		assert_string_equal(list[n - 2].id, first ? d1 : d2);
		assert_string_equal(list[n - 1].id, first ? d2 : d1);
		free(list);
	}

	/* tampered: a flipped byte, another draft's data, another household */
	blob_get(DRAFT_SEL, d1, &b1, &l1);
	blob_get(DRAFT_SEL, d2, &b2, &l2);
	b1[l1 / 2] ^= 0x80;
	blob_put(DRAFT_UPD, d1, b1, l1);
	b1[l1 / 2] ^= 0x80;
	assert_status(store_draft_get(wang, d1, &info, &got, &err), DS_EDAMAGED,
	              &err);
	{
		char w[32];
		snprintf(w, sizeof(w), "draft %s", d1); /* its row's MAC, first */
		assert_string_equal(err.where, w);
	}
	assert_null(got);
	blob_put(DRAFT_UPD, d1, b2, l2);
	assert_status(store_draft_get(wang, d1, &info, &got, &err), DS_EDAMAGED,
	              &err);
	blob_put(DRAFT_UPD, d1, b1, l1);
	assert_ok(store_draft_get(wang, d1, &info, &got, &err), &err);
	json_decref(got);
	{
		char sql[128];
		snprintf(sql, sizeof(sql), "UPDATE draft SET household = '%s' WHERE id = '%s'",
		         hh2, d1);
		sql_exec(wang->db, sql);
		assert_status(store_draft_get(wang, d1, &info, &got, &err), DS_EDAMAGED,
		              &err);
		snprintf(sql, sizeof(sql), "UPDATE draft SET household = '%s' WHERE id = '%s'",
		         hh1, d1);
		sql_exec(wang->db, sql);
		assert_ok(store_draft_get(wang, d1, &info, &got, &err), &err);
		json_decref(got);
	}
	free(b1);
	free(b2);

	/* deleted: gone, and only it */
	assert_ok(store_draft_delete(wang, d1, &err), &err);
	assert_status(store_draft_get(wang, d1, &info, &got, &err), DS_EINPUT, &err);
	assert_status(store_draft_delete(wang, d1, &err), DS_EINPUT, &err);
	assert_ok(store_draft_list(wang, &list, &n, &err), &err);
	assert_int_equal(n, n0 + 1);
	assert_string_equal(list[n - 1].id, d2);
	free(list);
	/* drafts are not in the log, and a rebuild leaves them alone */
	assert_ok(store_rebuild(wang, &err), &err);
	assert_ok(store_draft_get(wang, d2, &info, &got, &err), &err);
	assert_true(json_equal(got, v2));
	json_decref(got);
	assert_ok(store_draft_delete(li, d2, &err), &err);
	json_decref(v1);
	json_decref(v2);
}

/* ---- the caseload's summaries ------------------------------------------------------- */

#define SUM_SEL "SELECT data FROM summary WHERE household = ?"
#define SUM_UPD "UPDATE summary SET data = ? WHERE household = ?"

/* The rows of the summary table but their sealed data (sealed afresh
 * each time), in household order, as one text. */
static char *summary_keys(void)
{
	sqlite3_stmt *q;
	size_t cap = 1 << 16, n = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	t[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(sql_raw(wang->db),
	                                    "SELECT household, due, seq FROM summary"
	                                    " ORDER BY household", -1, &q, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		assert_true(n + 64 < cap);
		n += (size_t)snprintf(t + n, cap - n, "%s %s %lld\n",
		                      (const char *)sqlite3_column_text(q, 0),
		                      (const char *)sqlite3_column_text(q, 1),
		                      (long long)sqlite3_column_int64(q, 2));
	}
	sqlite3_finalize(q);
	return t;
}

static ds_status count_assessed(const store_household_row *row,
                                const core_assessment *a, ds_status st,
                                const ds_error *err, void *ctx)
{
	(void)row;
	(void)a;
	(void)err;
	if (st == DS_EINPUT) /* one that cannot be assessed (a region with no
	                        standard): said, and the others go on */
		return DS_OK;
	if (st)
		return st;
	(*(long *)ctx)++;
	return DS_OK;
}

/* Every summary row as it stands: household, due, seq, one a line. */
static char *summary_rows(ds_store *st)
{
	sqlite3_stmt *q;
	size_t cap = 4096, n = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	t[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(sql_raw(st->db),
	                                    "SELECT household || ' ' || due || ' ' || seq"
	                                    " FROM summary ORDER BY household",
	                                    -1, &q, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(q, 0);
		size_t len = strlen(line);
		if (n + len + 2 > cap) {
			cap = 2 * (n + len + 2);
			assert_non_null(t = realloc(t, cap));
		}
		memcpy(t + n, line, len);
		n += len;
		t[n++] = '\n';
		t[n] = '\0';
	}
	sqlite3_finalize(q);
	return t;
}

/* Every kind of event that changes what the caseload shows has happened
 * in this store (the tests before, each step checked by act_ok and
 * visit_ok, each test by agree_after), and a policy is imported here: the
 * summaries agree with the households after each, and after a rebuild,
 * which makes the same rows. A summary altered in the file is refused,
 * naming its household, not shown; a store at schema 5 gets its
 * summaries at its open. */
static void test_summaries(void **state)
{
	static const core_event_kind kinds[] = {
		CORE_EVENT_HOUSEHOLD_CREATED, CORE_EVENT_HOUSEHOLD_ASSESSED,
		CORE_EVENT_HOUSEHOLD_CHANGED, CORE_EVENT_VISIT_RECORDED,
		CORE_EVENT_CASE_SUBMITTED, CORE_EVENT_CASE_APPROVED,
		CORE_EVENT_CASE_RETURNED, CORE_EVENT_CASE_REFUSED,
		CORE_EVENT_CASE_OBJECTED, CORE_EVENT_CASE_FINALIZED,
		CORE_EVENT_CASE_DELIVERED, CORE_EVENT_CASE_SUSPENDED,
		CORE_EVENT_CASE_RESUMED, CORE_EVENT_CASE_TRANSITION_ENDED,
		CORE_EVENT_APPEAL_FILED, CORE_EVENT_APPEAL_ASSIGNED,
		CORE_EVENT_APPEAL_DECIDED, CORE_EVENT_POLICY_IMPORTED,
	};
	char id[STORE_ID_BUF], other[STORE_ID_BUF], where[64], sql[160];
	char version[CORE_POLICY_VERSION_MAX], *before, *after;
	unsigned char *orig, *theirs, *copy;
	size_t len, tlen, n;
	store_caseload_row *rows;
	bool already = false;
	ds_error err;
	(void)state;
	set_day(TODAY);

	/* a policy with a shorter re-verification interval: every due date
	 * of a household receiving moves */
	{
		json_error_t je;
		json_t *j = json_loadb((const char *)store_policy_default,
		                       store_policy_default_len, 0, &je);
		char *text;
		assert_non_null(j);
		json_object_set_new(j, "version", json_string("test-2026.1"));
		json_object_set_new(j, "effective_from", json_string("2026-01-01"));
		json_object_set_new(json_object_get(j, "reverification"),
		                    "stable_months", json_integer(4));
		json_object_set_new(json_object_get(j, "reverification"),
		                    "watch_months", json_integer(2));
		assert_non_null(text = json_dumps(j, JSON_PRESERVE_ORDER));
		assert_ok(store_policy_import(li, text, strlen(text), "test.json",
		                              version, sizeof(version), &already, &err),
		          &err);
		assert_false(already);
		free(text);
		json_decref(j);
	}
	summaries_agree(li);
	summaries_agree(wang);

	/* a decision's letter delivered, on a case decided and not yet */
	{
		sqlite3_stmt *q;
		char hh[STORE_ID_BUF] = "";
		core_date decided = -1;
		assert_int_equal(sqlite3_prepare_v2(sql_raw(wang->db),
		                                    "SELECT household FROM casefile"
		                                    " ORDER BY household", -1, &q, NULL),
		                 SQLITE_OK);
		while (!hh[0] && sqlite3_step(q) == SQLITE_ROW) {
			const char *h = (const char *)sqlite3_column_text(q, 0);
			store_case k = case_of(h);
			if (k.c.decided >= 0 && k.c.delivered < 0 && k.c.decided <= TODAY) {
				snprintf(hh, sizeof(hh), "%s", h);
				decided = k.c.decided;
			}
		}
		sqlite3_finalize(q);
		assert_true(hh[0]);
		{
			core_step_args args;
			core_state next;
			core_step_args_init(&args);
			args.on = decided; /* the day of the decision */
			args.method = 0;
			assert_ok(store_case_act(wang, hh, CORE_ACTION_DELIVER, &args, &next,
			                         &err), &err);
		}
		summaries_agree(li);
		summaries_agree(wang);
	}

	/* a household receiving, suspended and resumed */
	{
		char hh[STORE_ID_BUF];
		add_hh(1, core_month_of_date(TODAY) - 14, 50000, hh);
		summaries_agree(wang);
		act_ok(li, hh, CORE_ACTION_SUSPEND, "moved away for a while",
		       CORE_STATE_SUSPENDED);
		act_ok(li, hh, CORE_ACTION_RESUME, NULL, CORE_STATE_RECEIVING);
	}

	/* a marginal family (one person, a pension of 1,200 against 1,165)
	 * refused: its class steers its due date (re-verified on the
	 * class's interval), which assess --all's summary takes from the
	 * class just written */
	{
		char mid[STORE_ID_BUF];
		add_hh(1, 0, 0, mid);
		set_day(TODAY - 30);
		visit_ok(mid);
		act_ok(wang, mid, CORE_ACTION_SUBMIT, NULL, CORE_STATE_SUBMITTED);
		act_ok(li, mid, CORE_ACTION_REFUSE, "income above the line",
		       CORE_STATE_REFUSED);
		set_day(TODAY);
		snprintf(sql, sizeof(sql),
		         "SELECT count(*) FROM household_class WHERE household = '%s'"
		         " AND class = 'marginal'",
		         mid);
		assert_int_equal(sql_int(wang->db, sql), 1);
	}

	/* assess --all, recorded, over households in every state: the walk
	 * hands each summary as it read and opened it, the assessment row
	 * and class just written, and the households with a case file in
	 * one set, instead of each read back; the summaries agree as when
	 * each is assessed alone, and twice over (the second run finds what
	 * the first did, and leaves every summary as it is) */
	{
		core_policy *versions = NULL;
		const core_policy *p;
		size_t nv = 0;
		core_assessment *a = malloc(sizeof(*a));
		long count = 0;
		char *first, *second;
		assert_non_null(a);
		assert_ok(store_policy_at(wang, TODAY, &versions, &nv, &p, &err), &err);
		assert_ok(store_assess_all(wang, p, TODAY, true, a, count_assessed,
		                           NULL, &count, &err),
		          &err);
		assert_true(count > 5);
		summaries_agree(wang);
		first = summary_rows(wang);
		assert_ok(store_assess_all(wang, p, TODAY, true, a, count_assessed,
		                           NULL, &count, &err),
		          &err);
		summaries_agree(wang);
		second = summary_rows(wang);
		assert_string_equal(first, second);
		free(first);
		free(second);
		store_policies_free(versions, nv);
		free(a);
	}

	/* every kind that changes a summary is in the log */
	for (size_t i = 0; i < N(kinds); i++) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM event WHERE kind = '%s'",
		         core_event_id(kinds[i]));
		if (sql_int(wang->db, sql) < 1)
			fail_msg("no %s event: the summaries were not checked after one",
			         core_event_id(kinds[i]));
	}

	/* the rebuild makes the same rows */
	before = summary_keys();
	assert_ok(store_rebuild(li, &err), &err);
	after = summary_keys();
	assert_string_equal(after, before);
	free(before);
	free(after);
	summaries_agree(li);
	summaries_agree(wang);

	/* a summary altered in the file */
	add_hh(2, 0, 0, id);
	add_hh(1, 0, 0, other);
	snprintf(where, sizeof(where), "household %s", id);
	blob_get(SUM_SEL, id, &orig, &len);
	blob_get(SUM_SEL, other, &theirs, &tlen);
	{
		static const size_t at[] = {0, 1, 30, 40};
		assert_non_null(copy = malloc(len));
		for (size_t i = 0; i < N(at) + 1; i++) {
			size_t pos = i < N(at) ? at[i] : len - 1;
			memcpy(copy, orig, len);
			copy[pos] ^= 0x01;
			blob_put(SUM_UPD, id, copy, len);
			memset(&err, 0, sizeof(err));
			assert_status(store_caseload(wang, &rows, &n, &err), DS_EDAMAGED,
			              &err);
			assert_string_equal(err.where, where);
			assert_null(rows);
		}
		free(copy);
	}
	/* another household's summary in its place */
	blob_put(SUM_UPD, id, theirs, tlen);
	assert_status(store_caseload(wang, &rows, &n, &err), DS_EDAMAGED, &err);
	assert_string_equal(err.where, where);
	blob_put(SUM_UPD, id, orig, len);
	summaries_agree(wang);
	/* its due date or its event in the clear changed, the sealed one not */
	{
		static const char *const edits[] = {
			"UPDATE summary SET due = '2000-01-01' WHERE household = '%s'",
			"UPDATE summary SET seq = seq + 1 WHERE household = '%s'",
		};
		for (size_t i = 0; i < N(edits); i++) {
			sqlite3 *raw = sql_raw(wang->db);
			sqlite3_stmt *q;
			char *keep;
			before = summary_keys();
			snprintf(sql, sizeof(sql), edits[i], id);
			assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
			memset(&err, 0, sizeof(err));
			assert_status(store_caseload(wang, &rows, &n, &err), DS_EDAMAGED,
			              &err);
			assert_string_equal(err.where, where);
			/* put back as it was */
			keep = strstr(before, id);
			assert_non_null(keep);
			assert_int_equal(sqlite3_prepare_v2(raw,
			                                    "UPDATE summary SET due = ?, seq = ?"
			                                    " WHERE household = ?",
			                                    -1, &q, NULL),
			                 SQLITE_OK);
			{
				char due[11];
				long long seq;
				assert_int_equal(sscanf(keep + strlen(id), " %10s %lld", due, &seq),
				                 2);
				sqlite3_bind_text(q, 1, due, -1, SQLITE_TRANSIENT);
				sqlite3_bind_int64(q, 2, seq);
				sqlite3_bind_text(q, 3, id, -1, SQLITE_TRANSIENT);
			}
			assert_int_equal(sqlite3_step(q), SQLITE_DONE);
			sqlite3_finalize(q);
			free(before);
			summaries_agree(wang);
		}
	}
	/* altered again, then mended by the rebuild */
	blob_put(SUM_UPD, id, theirs, tlen);
	assert_ok(store_rebuild(li, &err), &err);
	summaries_agree(wang);
	free(orig);
	free(theirs);

	/* a store at schema 5, before there were summaries: made at its open */
	{
		int64_t households = sql_int(wang->db, "SELECT count(*) FROM household");
		store_audit_report rep;
		sql_exec(wang->db, "DROP TABLE summary; DROP TABLE issued_roll; DROP TABLE relief;"
		                   " DROP TABLE household_class;"
		                   " DELETE FROM meta WHERE k IN ('rows:summary',"
		                   " 'rows:issued_roll', 'rows:relief', 'rows:household_class');"
		                   " DROP INDEX household_created;"
		                   " PRAGMA user_version = 5");
		store_close(&wang);
		assert_ok(store_open(dir, "wang", pw_wang, &wang, &err), &err);
		store_set_today(wang, TODAY);
		assert_int_equal(sql_int(wang->db, "PRAGMA user_version"),
		                 STORE_SCHEMA_VERSION);
		assert_int_equal(sql_int(wang->db, "SELECT count(*) FROM summary"),
		                 households);
		summaries_agree(wang);
		summaries_agree(li);
		assert_ok(store_audit_verify(wang, &rep, &err), &err);
	}
}

/* After every test, whatever events it recorded (appeals, suspensions,
 * transitions ended, the calendar's catch-up too): the caseload's
 * summaries agree with the households and their cases, for the
 * supervisor (every household) and the assistant. */
static int agree_after(void **state)
{
	(void)state;
	summaries_agree(li);
	summaries_agree(wang);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_visit_from_json_errors, agree_after),
		cmocka_unit_test_teardown(test_visit_from_json_reads, agree_after),
		cmocka_unit_test_teardown(test_visit_record_changes, agree_after),
		cmocka_unit_test_teardown(test_visit_record_refusals, agree_after),
		cmocka_unit_test_teardown(test_grant_path, agree_after),
		cmocka_unit_test_teardown(test_return_object_path, agree_after),
		cmocka_unit_test_teardown(test_proposal_fixed, agree_after),
		cmocka_unit_test_teardown(test_refuse_and_appeal, agree_after),
		cmocka_unit_test_teardown(test_stop_and_overturn, agree_after),
		cmocka_unit_test_teardown(test_transition_path, agree_after),
		cmocka_unit_test_teardown(test_due, agree_after),
		cmocka_unit_test_teardown(test_due_open_cases, agree_after),
		cmocka_unit_test_teardown(test_drafts, agree_after),
		cmocka_unit_test_teardown(test_tamper_and_rebuild, agree_after),
		cmocka_unit_test_teardown(test_summaries, agree_after),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
