/* test_policy.c — policy versions in the store (store/policy.c) and policy
 * files (store/policyjson.c): the built-in policy every store starts with,
 * importing a new version, the same version again (already there, or
 * refused when its rules differ), every JSON path a broken file is named
 * by, the version in force on a date, and policies through a rebuild, an
 * audit and a reopen. One store serves the group; the tests run in order
 * (the versions imported by one are used by the next). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/internal.h"
#include "store/policyjson.h"
#include "tests/unit/store/storetest.h"

#define DEFAULT_VERSION "cn-default-2023.1"

static char root[PATH_MAX], dir[PATH_MAX + 32];
static store_secret *pass;
static ds_store *s;

static int64_t count_rows(const char *table)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	return sql_int(s->db, sql);
}

/* The built-in policy as a JSON object (the caller decrefs). */
static json_t *default_json(void)
{
	json_error_t je;
	json_t *j = json_loadb((const char *)store_policy_default,
	                       store_policy_default_len, JSON_REJECT_DUPLICATES,
	                       &je);
	if (!j)
		fail_msg("the built-in policy does not parse: %s", je.text);
	return j;
}

/* j as text (the caller frees). */
static char *text_of(json_t *j)
{
	char *t = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	assert_non_null(t);
	return t;
}

/* Imports text; *already and the version are returned. */
static ds_status import(const char *text, const char *name, char *version,
                        bool *already, ds_error *err)
{
	char v[CORE_POLICY_VERSION_MAX];
	bool a = false;
	ds_status st;
	memset(err, 0, sizeof(*err));
	st = store_policy_import(s, text, strlen(text), name, version ? version : v,
	                         CORE_POLICY_VERSION_MAX, &a, err);
	if (already)
		*already = a;
	return st;
}

/* ---- editing a policy by JSON path ------------------------------------------------ */

/* One edit: the value (JSON text) put at path, NULL to delete what is
 * there. A path is keys and [index]es, e.g. "standards[0].to"; "[]" at its
 * end appends to the list. */
typedef struct {
	const char *path;
	const char *value;
} edit;

static json_t *value_of(const char *text)
{
	json_error_t je;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &je);
	if (!v)
		fail_msg("test value does not parse: %s: %s", je.text, text);
	return v;
}

static void apply(json_t *root_j, const edit *e)
{
	json_t *cur = root_j;
	const char *p = e->path;
	for (;;) {
		char key[64];
		size_t n;
		long idx = -1;
		bool append = false, last;
		if (*p == '[') {
			if (p[1] == ']') {
				append = true;
				p += 2;
			} else {
				char *end;
				idx = strtol(p + 1, &end, 10);
				assert_true(*end == ']');
				p = end + 1;
			}
			key[0] = '\0';
		} else {
			n = strcspn(p, ".[");
			assert_true(n > 0 && n < sizeof(key));
			memcpy(key, p, n);
			key[n] = '\0';
			p += n;
		}
		if (*p == '.')
			p++;
		last = !*p;
		if (!last) {
			cur = key[0] ? json_object_get(cur, key)
			             : json_array_get(cur, (size_t)idx);
			if (!cur)
				fail_msg("no %s in the policy", e->path);
			continue;
		}
		if (append) {
			assert_true(json_is_array(cur));
			assert_int_equal(json_array_append_new(cur, value_of(e->value)),
			                 0);
		} else if (key[0]) {
			assert_true(json_is_object(cur));
			if (e->value)
				assert_int_equal(json_object_set_new(cur, key,
				                                     value_of(e->value)),
				                 0);
			else if (json_object_del(cur, key) != 0)
				fail_msg("nothing to delete at %s", e->path);
		} else {
			assert_true(json_is_array(cur));
			if (e->value)
				assert_int_equal(json_array_set_new(cur, (size_t)idx,
				                                    value_of(e->value)),
				                 0);
			else
				assert_int_equal(json_array_remove(cur, (size_t)idx), 0);
		}
		return;
	}
}

/* The default policy with edits, as text (the caller frees). */
static char *edited(const edit *edits, size_t n)
{
	json_t *j = default_json();
	char *t;
	for (size_t i = 0; i < n && edits[i].path; i++)
		apply(j, &edits[i]);
	t = text_of(j);
	json_decref(j);
	return t;
}

/* ---- set-up --------------------------------------------------------------------------- */

static int group_setup(void **state)
{
	store_init_opts o = {"wang", CORE_ROLE_ASSISTANT, "440106", NULL};
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	tmpdir_new(root);
	snprintf(dir, sizeof(dir), "%s/store", root);
	pass = pass_new(TEST_PASS);
	if (store_init(dir, &o, pass, NULL) != DS_OK ||
	    store_open(dir, "wang", pass, &s, NULL) != DS_OK)
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	store_close(&s);
	store_secret_free(&pass);
	tmpdir_remove(root);
	return 0;
}

/* ---- the built-in policy ------------------------------------------------------------------ */

static void test_default_parses(void **state)
{
	core_policy p;
	ds_error err;
	(void)state;
	assert_ok(store_policy_parse((const char *)store_policy_default,
	                             store_policy_default_len, "built-in", &p,
	                             &err),
	          &err);
	assert_string_equal(p.version, DEFAULT_VERSION);
	assert_int_equal(p.effective, core_date_from_ymd(2023, 1, 1));
	/* DOMAIN.md's table: Shanghai, Zhejiang, five Lanzhou districts, two
	 * class I cities, four class II cities, the rest of Guangdong. */
	assert_int_equal(p.n_standards, 14);
	assert_string_equal(p.standards[0].prefix, "31");
	assert_int_equal(p.standards[0].monthly, 151000);
	assert_int_equal(p.standards[0].from, core_date_from_ymd(2023, 7, 1));
	assert_int_equal(p.standards[0].to, CORE_DATE_NONE);
	assert_string_equal(p.standards[7].prefix, "4401");
	assert_int_equal(p.standards[7].monthly, 116500);
	assert_int_equal(p.standards[7].adjust_permille, 35);
	assert_string_equal(p.standards[13].prefix, "44");
	assert_int_equal(p.standards[13].monthly, 85700);
	assert_non_null(strstr(p.standards[13].source, "class IV"));
	assert_non_null(strstr(p.standards[13].source, "class III"));
	assert_int_equal(p.n_topups, 0);
	assert_true(p.income.counted[CORE_INCOME_WAGES]);
	assert_false(p.income.counted[CORE_INCOME_RESIDENT_PENSION]);
	assert_int_equal(p.income.window_months, 6);
	assert_false(p.deduction.enabled);
	assert_false(p.disregard.enabled);
	assert_false(p.imputed.enabled);
	assert_int_equal(p.assets.financial_months, 24);
	assert_true(p.assets.vehicle_refuses);
	assert_int_equal(p.assets.homes_flag_at, 2);
	assert_int_equal(p.transition.n_bands, 2);
	assert_int_equal(p.transition.bands[0].up_to_percent, 150);
	assert_int_equal(p.transition.bands[0].months, 6);
	assert_int_equal(p.transition.bands[1].up_to_percent, 0);
	assert_int_equal(p.transition.bands[1].months, 3);
	assert_int_equal(p.transition.taper, CORE_TAPER_LINEAR);
	assert_int_equal(p.transition.warning_days, 30);
	assert_int_equal(p.warning.percent, 90);
	assert_int_equal(p.reverify.stable_months, 12);
	assert_int_equal(p.reverify.watch_months, 6);
	assert_int_equal(p.casework.notice_days, 7);
	assert_int_equal(p.casework.appeal_days, 30);
	assert_int_equal(p.investigation.visit_days, 10);
	assert_non_null(strstr(p.investigation.source, "Local practice"));
	/* temporary assistance: 1 × S a person for illness, limits of 3 and
	 * 12 × S, 5 and 10 working days, 2026's official schedule */
	assert_int_equal(p.relief.guide[CORE_RELIEF_CAUSE_ILLNESS].multiple, 100);
	assert_true(p.relief.guide[CORE_RELIEF_CAUSE_ILLNESS].per_person);
	assert_false(p.relief.guide[CORE_RELIEF_CAUSE_INCOME_LOSS].per_person);
	assert_int_equal(p.relief.township_max, 300);
	assert_int_equal(p.relief.county_max, 1200);
	assert_int_equal(p.relief.pay_first_max, 100);
	assert_int_equal(p.relief.days_on_ladder, 5);
	assert_int_equal(p.relief.days_other, 10);
	assert_true(core_calendar_covers(&p.relief.calendar, 2026));
	assert_false(core_calendar_covers(&p.relief.calendar, 2027));
	assert_int_equal(p.relief.calendar.n_holidays, 33);
	assert_int_equal(p.relief.calendar.n_makeup, 6);
	assert_false(core_workday(&p.relief.calendar, core_date_from_ymd(2026, 10, 1)));
	assert_true(core_workday(&p.relief.calendar, core_date_from_ymd(2026, 9, 20)));
	assert_non_null(strstr(p.relief.calendar.source_zh, "2026年部分节假日安排"));
	core_policy_free(&p);
}

/* store_init recorded the built-in policy: one event in its commit, one
 * row in the policy table, the file's rules in the event body. */
static void test_default_in_new_store(void **state)
{
	core_policy *list = NULL;
	size_t n = 0;
	json_t *body = NULL, *want = default_json();
	int64_t seq;
	char eff[16];
	ds_error err;
	(void)state;
	assert_int_equal(count_rows("policy"), 1);
	assert_int_equal(sql_int(s->db, "SELECT count(*) FROM event"
	                                " WHERE kind = 'policy.imported'"),
	                 1);
	seq = sql_int(s->db, "SELECT seq FROM policy WHERE version = '"
	                     DEFAULT_VERSION "'");
	assert_int_equal(sql_int(s->db, "SELECT seq FROM event"
	                                " WHERE kind = 'policy.imported'"),
	                 seq);
	sql_text(s->db, "SELECT effective FROM policy", eff, sizeof(eff));
	assert_string_equal(eff, "2023-01-01");
	/* In store_init's commit, under its one checkpoint. */
	assert_int_equal(sql_int(s->db, "SELECT min(dseq) FROM checkpoint"), seq);
	assert_ok(store_event_body(s, seq, &body, &err), &err);
	assert_string_equal(json_string_value(json_object_get(body, "version")),
	                    DEFAULT_VERSION);
	assert_string_equal(json_string_value(json_object_get(body,
	                                                      "effective_from")),
	                    "2023-01-01");
	assert_string_equal(json_string_value(json_object_get(body, "origin")),
	                    "built-in");
	assert_true(json_equal(json_object_get(body, "policy"), want));
	json_decref(body);
	json_decref(want);

	assert_ok(store_policies(s, &list, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].version, DEFAULT_VERSION);
	assert_int_equal(list[0].n_standards, 14);
	store_policies_free(list, n);
}

/* The same version with the same rules: already there, nothing written —
 * whatever the layout of the file. */
static void test_reimport_same(void **state)
{
	int64_t events = count_rows("event"), cps = count_rows("checkpoint");
	char version[CORE_POLICY_VERSION_MAX], *text;
	bool already = false;
	json_t *j;
	ds_error err;
	(void)state;
	assert_ok(import((const char *)store_policy_default, "again.json",
	                 version, &already, &err),
	          &err);
	assert_true(already);
	assert_string_equal(version, DEFAULT_VERSION);
	assert_int_equal(count_rows("event"), events);
	assert_int_equal(count_rows("checkpoint"), cps);
	assert_int_equal(count_rows("policy"), 1);
	assert_false(store_in_transaction(s));

	/* Compact, keys sorted: the same rules. */
	j = default_json();
	text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	already = false;
	assert_ok(import(text, "compact.json", version, &already, &err), &err);
	free(text);
	assert_true(already);
	assert_int_equal(count_rows("event"), events);
	assert_int_equal(count_rows("checkpoint"), cps);
}

/* The same version with other rules is refused, naming "version". */
static void test_same_version_other_rules(void **state)
{
	static const edit changes[][1] = {
		{{"standards[7].monthly", "\"1200.00\""}},
		{{"title", "\"another title\""}},
		{{"standards[0].source", "\"another source\""}},
		{{"topups",
		  "[{\"category\": \"elderly\", \"monthly\": \"100\", \"source\": \"s\"}]"}},
		{{"transition.taper", "\"hold\""}},
	};
	int64_t events = count_rows("event"), cps = count_rows("checkpoint");
	(void)state;
	for (size_t i = 0; i < N(changes); i++) {
		char *text = edited(changes[i], 1), version[CORE_POLICY_VERSION_MAX];
		bool already = true;
		ds_error err;
		ds_status st = import(text, "changed.json", version, &already, &err);
		free(text);
		if (st != DS_EINPUT || strcmp(err.where, "version") != 0)
			fail_msg("change %zu (%s): status %d at \"%s\", wanted DS_EINPUT"
			         " at \"version\" (%s)",
			         i, changes[i][0].path, (int)st, err.where, err_text(&err));
		assert_string_equal(err.arg[0], DEFAULT_VERSION);
		assert_false(already);
		assert_int_equal(count_rows("event"), events);
		assert_int_equal(count_rows("checkpoint"), cps);
		assert_false(store_in_transaction(s));
	}
	assert_int_equal(count_rows("policy"), 1);
}

/* ---- broken policies: the JSON path of the first problem ----------------------------------- */

typedef struct {
	edit edits[3];
	const char *where;
	const char *arg0; /* when not NULL, err.arg[0] exactly */
} broken_case;

#define E1(p, v) {{p, v}}
#define E2(p1, v1, p2, v2) {{p1, v1}, {p2, v2}}
#define DEL(p) E1(p, NULL)

static const char LONG_VERSION[] =
        "\"v-0123456789012345678901234567890123456789012345678901234567890123\"";

static const broken_case broken[] = {
	/* missing fields */
	{DEL("format"), "format", NULL},
	{DEL("version"), "version", NULL},
	{DEL("title"), "title", NULL},
	{DEL("effective_from"), "effective_from", NULL},
	{DEL("source"), "source", NULL},
	{DEL("standards"), "standards", NULL},
	{DEL("standards[0].region"), "standards[0].region", NULL},
	{DEL("standards[3].monthly"), "standards[3].monthly", NULL},
	{DEL("standards[0].from"), "standards[0].from", NULL},
	{DEL("standards[13].source"), "standards[13].source", NULL},
	{DEL("standards[7].adjust.yearly_percent"),
	 "standards[7].adjust.yearly_percent", NULL},
	{DEL("standards[7].adjust.source"), "standards[7].adjust.source", NULL},
	{DEL("income"), "income", NULL},
	{DEL("income.counted"), "income.counted", NULL},
	{DEL("income.disregarded"), "income.disregarded", NULL},
	{DEL("income.earned"), "income.earned", NULL},
	{DEL("income.source"), "income.source", NULL},
	{DEL("income.window_months"), "income.window_months", NULL},
	{DEL("income.window_source"), "income.window_source", NULL},
	{DEL("income.employment_cost_deduction"),
	 "income.employment_cost_deduction", NULL},
	{DEL("income.employment_cost_deduction.enabled"),
	 "income.employment_cost_deduction.enabled", NULL},
	{DEL("income.earnings_disregard"), "income.earnings_disregard", NULL},
	{DEL("income.earnings_disregard.months"),
	 "income.earnings_disregard.months", NULL},
	{DEL("income.imputed_income"), "income.imputed_income", NULL},
	{DEL("income.imputed_income.monthly"), "income.imputed_income.monthly",
	 NULL},
	{DEL("income.imputed_income.working_age"),
	 "income.imputed_income.working_age", NULL},
	{DEL("income.imputed_income.working_age.to"),
	 "income.imputed_income.working_age.to", NULL},
	{DEL("assets"), "assets", NULL},
	{DEL("assets.vehicle_refuses"), "assets.vehicle_refuses", NULL},
	{DEL("assets.source"), "assets.source", NULL},
	{DEL("transition"), "transition", NULL},
	{DEL("transition.bands"), "transition.bands", NULL},
	{DEL("transition.taper"), "transition.taper", NULL},
	{DEL("transition.warning_days"), "transition.warning_days", NULL},
	{DEL("transition.bands[1].months"), "transition.bands[1].months", NULL},
	{DEL("early_warning"), "early_warning", NULL},
	{DEL("early_warning.source"), "early_warning.source", NULL},
	{DEL("reverification"), "reverification", NULL},
	{DEL("reverification.watch_months"), "reverification.watch_months", NULL},
	{DEL("investigation.visit_days"), "investigation.visit_days", NULL},
	{DEL("investigation.source"), "investigation.source", NULL},
	{DEL("casework"), "casework", NULL},
	{DEL("casework.appeal_days"), "casework.appeal_days", NULL},
	{DEL("crosscheck"), "crosscheck", NULL},
	{DEL("crosscheck.utility_per_person_per_month"),
	 "crosscheck.utility_per_person_per_month", NULL},
	{DEL("crosscheck.utility_per_person_per_month.gas"),
	 "crosscheck.utility_per_person_per_month.gas", NULL},

	/* wrong types and values */
	{E1("format", "1"), "format", NULL},
	{E1("format", "\"doorstep-policy-2\""), "format", "doorstep-policy-2"},
	{E1("version", "2023"), "version", NULL},
	{E1("version", "\"\""), "version", NULL},
	{E1("version", LONG_VERSION), "version", NULL},
	{E1("title", "[]"), "title", NULL},
	{E1("standards", "{}"), "standards", NULL},
	{E1("standards", "[]"), "standards", NULL},
	{E1("standards[2]", "\"620102\""), "standards[2]", NULL},
	{E1("standards[0].region", "31"), "standards[0].region", NULL},
	{E1("standards[0].region", "\"3\""), "standards[0].region", NULL},
	{E1("standards[0].region", "\"3101010\""), "standards[0].region", NULL},
	{E1("standards[0].region", "\"31a\""), "standards[0].region", NULL},
	{E1("standards[0].name", "5"), "standards[0].name", NULL},
	{E1("standards[0].monthly", "1510"), "standards[0].monthly", NULL},
	{E1("standards[0].monthly", "\"1,510.001\""), "standards[0].monthly",
	 NULL},
	{E1("standards[0].monthly", "\"-1510\""), "standards[0].monthly", NULL},
	{E1("standards[0].monthly", "\"0\""), "standards[0].monthly", NULL},
	{E1("standards[0].source", "\"\""), "standards[0].source", NULL},
	{E1("standards[7].adjust", "\"3.5\""), "standards[7].adjust", NULL},
	{E1("standards[7].adjust.yearly_percent", "3.5"),
	 "standards[7].adjust.yearly_percent", NULL},
	{E1("standards[7].adjust.yearly_percent", "\"3.55\""),
	 "standards[7].adjust.yearly_percent", NULL},
	{E1("standards[7].adjust.yearly_percent", "\"3,5\""),
	 "standards[7].adjust.yearly_percent", NULL},
	{E1("standards[7].adjust.yearly_percent", "\"60\""), "standards[7].adjust",
	 NULL},
	{E1("topups", "{}"), "topups", NULL},
	{E1("topups", "[1]"), "topups[0]", NULL},
	{E1("topups",
	    "[{\"category\": \"veteran\", \"monthly\": \"100\", \"source\": \"s\"}]"),
	 "topups[0].category", NULL},
	{E1("topups", "[{\"category\": \"elderly\", \"monthly\": \"100\"}]"),
	 "topups[0].source", NULL},
	{E1("topups",
	    "[{\"category\": \"elderly\", \"monthly\": \"100\", \"source\": \"s\"},"
	    " {\"category\": \"minor\", \"monthly\": \"0\", \"source\": \"s\"}]"),
	 "topups[1].monthly", NULL},
	{E1("topups",
	    "[{\"category\": \"elderly\", \"region\": \"2\", \"monthly\": \"100\","
	    " \"source\": \"s\"}]"),
	 "topups[0].region", NULL},
	{E1("income", "[]"), "income", NULL},
	{E1("income.counted", "\"wages\""), "income.counted", NULL},
	{E1("income.counted[0]", "\"salary\""), "income.counted[0]", NULL},
	{E1("income.counted[2]", "3"), "income.counted[2]", NULL},
	{E1("income.earned[1]", "\"tips\""), "income.earned[1]", NULL},
	{E1("income.window_months", "\"6\""), "income.window_months", NULL},
	{E1("income.window_months", "0"), "income.window_months", NULL},
	{E1("income.window_months", "25"), "income.window_months", NULL},
	{E1("income.window_months", "6.0"), "income.window_months", NULL},
	{E1("income.employment_cost_deduction", "true"),
	 "income.employment_cost_deduction", NULL},
	{E1("income.employment_cost_deduction.enabled", "\"yes\""),
	 "income.employment_cost_deduction.enabled", NULL},
	{E1("income.employment_cost_deduction.percent_of_standard", "0"),
	 "income.employment_cost_deduction.percent_of_standard", NULL},
	{E1("income.earnings_disregard.enabled", "1"),
	 "income.earnings_disregard.enabled", NULL},
	{E1("income.earnings_disregard.months", "25"),
	 "income.earnings_disregard.months", NULL},
	{E1("income.imputed_income.monthly", "2300"),
	 "income.imputed_income.monthly", NULL},
	{E1("income.imputed_income.working_age", "[16, 60]"),
	 "income.imputed_income.working_age", NULL},
	{E1("income.imputed_income.working_age.from", "10"),
	 "income.imputed_income.working_age.from", NULL},
	{E1("income.imputed_income.working_age.to", "\"60\""),
	 "income.imputed_income.working_age.to", NULL},
	{E2("income.imputed_income.enabled", "true",
	    "income.imputed_income.working_age.to", "16"),
	 "income.imputed_income", NULL},
	{E1("assets", "null"), "assets", NULL},
	{E1("assets.financial_months_of_standard", "0"),
	 "assets.financial_months_of_standard", NULL},
	{E1("assets.vehicle_refuses", "\"true\""), "assets.vehicle_refuses", NULL},
	{E1("assets.homes_flag_at", "0"), "assets.homes_flag_at", NULL},
	{E1("transition.taper", "\"steep\""), "transition.taper", NULL},
	{E1("transition.taper", "1"), "transition.taper", NULL},
	{E1("transition.warning_days", "-1"), "transition.warning_days", NULL},
	{E1("transition.bands", "[]"), "transition.bands", NULL},
	{E1("transition.bands", "{\"months\": 3}"), "transition.bands", NULL},
	{E1("transition.bands",
	    "[{\"months\": 1}, {\"months\": 1}, {\"months\": 1}, {\"months\": 1},"
	    " {\"months\": 1}, {\"months\": 1}, {\"months\": 1}, {\"months\": 1},"
	    " {\"months\": 1}]"),
	 "transition.bands", NULL},
	{E1("transition.bands[0]", "6"), "transition.bands[0]", NULL},
	{E1("transition.bands[0].months", "0"), "transition.bands[0].months",
	 NULL},
	{E1("transition.bands[1].months", "37"), "transition.bands[1].months",
	 NULL},
	{E1("transition.bands[0].up_to_percent", "100"),
	 "transition.bands[0].up_to_percent", NULL},
	{E1("transition.bands[0].up_to_percent", "\"150\""),
	 "transition.bands[0].up_to_percent", NULL},
	{E1("transition.bands[1].up_to_percent", "null"),
	 "transition.bands[1].up_to_percent", NULL},
	/* a band list without a final band */
	{E1("transition.bands", "[{\"up_to_percent\": 150, \"months\": 6}]"),
	 "transition.bands[0].up_to_percent", NULL},
	{E1("transition.bands",
	    "[{\"up_to_percent\": 150, \"months\": 6},"
	    " {\"up_to_percent\": 200, \"months\": 3}]"),
	 "transition.bands[1].up_to_percent", NULL},
	/* bands that do not rise */
	{E1("transition.bands",
	    "[{\"up_to_percent\": 200, \"months\": 6},"
	    " {\"up_to_percent\": 150, \"months\": 4}, {\"months\": 3}]"),
	 "transition.bands[1].up_to_percent", NULL},
	{E1("transition.bands",
	    "[{\"months\": 6}, {\"up_to_percent\": 150, \"months\": 3}]"),
	 "transition.bands[0].up_to_percent", NULL},
	{E1("early_warning.percent_of_standard", "101"),
	 "early_warning.percent_of_standard", NULL},
	{E1("early_warning.percent_of_standard", "\"90\""),
	 "early_warning.percent_of_standard", NULL},
	{E1("reverification.stable_months", "0"), "reverification.stable_months",
	 NULL},
	{E1("reverification.watch_months", "13"), "reverification", NULL},
	{E1("investigation", "10"), "investigation", NULL},
	{E1("investigation.visit_days", "0"), "investigation.visit_days", NULL},
	{E1("investigation.visit_days", "91"), "investigation.visit_days", NULL},
	{E1("investigation.visit_days", "\"10\""), "investigation.visit_days",
	 NULL},
	{E1("casework.notice_days", "0"), "casework.notice_days", NULL},
	{E1("casework.appeal_days", "366"), "casework.appeal_days", NULL},
	{E1("crosscheck.utility_per_person_per_month", "5"),
	 "crosscheck.utility_per_person_per_month", NULL},
	{E1("crosscheck.utility_per_person_per_month.electricity", "-1"),
	 "crosscheck.utility_per_person_per_month.electricity", NULL},
	{E1("crosscheck.utility_per_person_per_month.water", "2.5"),
	 "crosscheck.utility_per_person_per_month.water", NULL},

	{E1("relief.township_max", "\"13\""), "relief.township_max", NULL},
	{E1("relief.pay_first_max", "\"4\""), "relief.pay_first_max", NULL},
	{E1("relief.county_max", "\"1.234\""), "relief.county_max", NULL},
	{E1("relief.county_max", "-1"), "relief.county_max", NULL},
	{E1("relief.days_other", "0"), "relief.days_other", NULL},
	{DEL("relief.guidance.other"), "relief.guidance.other", NULL},
	{E1("relief.guidance.illness.per_person", "\"yes\""),
	 "relief.guidance.illness.per_person", NULL},
	{E1("relief.guidance.illness.multiple", "\"\""), "relief.guidance.illness.multiple", NULL},
	{E1("relief.calendar.makeup[0]", "\"2026-01-05\""), "relief.calendar.makeup[0]", NULL},
	{E1("relief.calendar.holidays[0]", "\"2027-01-01\""), "relief.calendar.holidays[0]", NULL},
	{E1("relief.calendar.holidays[1]", "\"2026-02-30\""), "relief.calendar.holidays[1]", NULL},
	{E1("relief.calendar.holidays[1]", "\"2026-01-01\""), "relief.calendar.holidays[1]", NULL},
	{E1("relief.calendar.years", "[]"), "relief.calendar.years", NULL},

	/* unknown fields */
	{E1("signature", "\"abc\""), "signature", "format, version, title, effective_from, source, source_zh, standards, topups, income, assets, transition, early_warning, reverification, investigation, casework, crosscheck, ladder, relief"},
	{E1("relief.guidance.fire", "{}"), "relief.guidance.fire",
	 "illness, accident, disaster, income_loss, other"},
	{E1("standards[0].note", "\"x\""), "standards[0].note",
	 "region, name, monthly, from, to, source, source_zh, adjust"},
	{E1("standards[7].adjust.cap", "\"5\""), "standards[7].adjust.cap",
	 "yearly_percent, source, source_zh"},
	{E1("topups",
	    "[{\"category\": \"elderly\", \"monthly\": \"100\", \"source\": \"s\","
	    " \"rural\": true}]"),
	 "topups[0].rural", "category, region, monthly, source, source_zh"},
	{E1("income.note", "\"x\""), "income.note", NULL},
	{E1("income.employment_cost_deduction.cap", "1"),
	 "income.employment_cost_deduction.cap", "enabled, percent_of_standard, source, source_zh"},
	{E1("income.earnings_disregard.note", "1"), "income.earnings_disregard.note",
	 "enabled, months, source, source_zh"},
	{E1("income.imputed_income.working_age.retire", "60"),
	 "income.imputed_income.working_age.retire", "from, to"},
	{E1("assets.cars", "1"), "assets.cars",
	 "financial_months_of_standard, vehicle_refuses, homes_flag_at, source, source_zh"},
	{E1("transition.bands[1].note", "\"x\""), "transition.bands[1].note",
	 "up_to_percent, months"},
	{E1("transition.referral", "true"), "transition.referral",
	 "bands, taper, warning_days, source, source_zh"},
	{E1("early_warning.days", "30"), "early_warning.days",
	 "percent_of_standard, source, source_zh"},
	{E1("reverification.note", "1"), "reverification.note", NULL},
	{E1("investigation.note", "1"), "investigation.note",
	 "visit_days, source, source_zh"},
	{E1("casework.note", "1"), "casework.note", NULL},
	{E1("crosscheck.utility_per_person_per_month.heating", "0"),
	 "crosscheck.utility_per_person_per_month.heating", "electricity, water, gas"},

	/* bad dates */
	{E1("effective_from", "\"2023-02-30\""), "effective_from", "2023-02-30"},
	{E1("effective_from", "20230101"), "effective_from", NULL},
	{E1("effective_from", "null"), "effective_from", NULL},
	{E1("standards[0].from", "\"2023/07/01\""), "standards[0].from", NULL},
	{E1("standards[1].from", "null"), "standards[1].from", NULL},
	{E1("standards[0].to", "\"2023-13-01\""), "standards[0].to", "2023-13-01"},
	{E1("standards[0].to", "\"2023-06-30\""), "standards[0].to", NULL},
	{E1("standards[5].to", "2030"), "standards[5].to", NULL},

	/* overlapping standards for one region */
	{E1("standards[]",
	    "{\"region\": \"33\", \"monthly\": \"1200.00\", \"from\": \"2024-01-01\","
	    " \"to\": null, \"source\": \"s\"}"),
	 "standards[14].from", "standards[1]"},
	{E2("standards[1].to", "\"2023-12-31\"", "standards[]",
	    "{\"region\": \"33\", \"monthly\": \"1200.00\", \"from\": \"2023-12-31\","
	    " \"to\": null, \"source\": \"s\"}"),
	 "standards[14].from", "standards[1]"},
	{E1("standards[]",
	    "{\"region\": \"31\", \"monthly\": \"1400.00\", \"from\": \"2023-01-01\","
	    " \"to\": \"2023-07-01\", \"source\": \"s\"}"),
	 "standards[14].from", "standards[0]"},

	/* every income source in exactly one list */
	{E1("income.disregarded[]", "\"wages\""), "income.disregarded[7]", "wages"},
	{E1("income.counted[]", "\"scholarship\""), "income.disregarded[2]",
	 "scholarship"},
	{E1("income.counted[]", "\"business\""), "income.counted[10]", "business"},
	{DEL("income.disregarded[6]"), "income.counted", "other_exempt"},
	{DEL("income.counted[0]"), "income.counted", "wages"},
};

static void test_broken_policies(void **state)
{
	int64_t events = count_rows("event"), cps = count_rows("checkpoint");
	(void)state;
	for (size_t i = 0; i < N(broken); i++) {
		const broken_case *c = &broken[i];
		char *text = edited(c->edits, N(c->edits)),
		     version[CORE_POLICY_VERSION_MAX];
		bool already = true;
		core_policy p;
		ds_error err;
		ds_status st = import(text, "broken.json", version, &already, &err);
		if (st != DS_EINPUT || strcmp(err.where, c->where) != 0)
			fail_msg("case %zu (%s): status %d at \"%s\", wanted DS_EINPUT"
			         " at \"%s\" (%s)",
			         i, c->edits[0].path, (int)st, err.where, c->where,
			         err_text(&err));
		if (c->arg0 && strcmp(err.arg[0], c->arg0) != 0)
			fail_msg("case %zu (%s): first argument \"%s\", wanted \"%s\"",
			         i, c->edits[0].path, err.arg[0], c->arg0);
		assert_false(already);
		assert_non_null(err.fmt);
		/* Parsing alone gives the same error, and leaves p empty. */
		memset(&err, 0, sizeof(err));
		assert_status(store_policy_parse(text, strlen(text), "broken.json",
		                                 &p, &err),
		              DS_EINPUT, &err);
		assert_string_equal(err.where, c->where);
		assert_null(p.standards);
		assert_null(p.topups);
		free(text);
		/* Nothing was written. */
		if (count_rows("event") != events ||
		    count_rows("checkpoint") != cps)
			fail_msg("case %zu (%s) wrote to the log", i, c->edits[0].path);
		assert_false(store_in_transaction(s));
	}
	assert_int_equal(count_rows("policy"), 1);
}

/* The edits the table makes to the default are the only problem: the
 * default with a harmless edit of each kind imports (here only parsed). */
static void test_edits_alone_are_harmless(void **state)
{
	static const edit ok_edits[] = {
		{"standards[1].to", "\"2023-12-31\""},
		{"standards[]", "{\"region\": \"33\", \"monthly\": \"1200.00\","
		                " \"from\": \"2024-01-01\", \"to\": null,"
		                " \"source\": \"s\"}"},
		{"topups", "[{\"category\": \"elderly\", \"region\": \"23\","
		           " \"monthly\": \"104\", \"source\": \"s\"}]"},
	};
	char *text = edited(ok_edits, N(ok_edits));
	core_policy p;
	ds_error err;
	(void)state;
	assert_ok(store_policy_parse(text, strlen(text), "ok.json", &p, &err),
	          &err);
	assert_int_equal(p.n_standards, 15);
	assert_int_equal(p.n_topups, 1);
	assert_int_equal(p.topups[0].monthly, 10400);
	core_policy_free(&p);
	free(text);
}

/* A policy written before the investigation section existed still loads,
 * with the default visit days and a source that says it is the default;
 * a file that sets it is read as written. */
static void test_investigation_optional(void **state)
{
	static const edit older[] = {{"investigation", NULL}};
	static const edit local[] = {
		{"investigation", "{\"visit_days\": 15, \"source\": \"county rule\"}"}};
	char *text = edited(older, N(older));
	core_policy p;
	ds_error err;
	(void)state;
	assert_ok(store_policy_parse(text, strlen(text), "old.json", &p, &err),
	          &err);
	assert_int_equal(p.investigation.visit_days, CORE_VISIT_DAYS_DEFAULT);
	assert_string_equal(p.investigation.source, CORE_VISIT_DAYS_SOURCE);
	assert_non_null(strstr(p.investigation.source, "Not set in this policy file"));
	core_policy_free(&p);
	free(text);
	text = edited(local, N(local));
	assert_ok(store_policy_parse(text, strlen(text), "local.json", &p, &err),
	          &err);
	assert_int_equal(p.investigation.visit_days, 15);
	assert_string_equal(p.investigation.source, "county rule");
	core_policy_free(&p);
	free(text);
}

/* A policy file from before temporary assistance: the core's defaults,
 * and no holiday schedule (deadlines counted on weekends alone). */
static void test_relief_optional(void **state)
{
	static const edit older[] = {{"relief", NULL}};
	char *text = edited(older, N(older));
	core_policy p;
	core_relief_policy d;
	ds_error err;
	(void)state;
	assert_ok(store_policy_parse(text, strlen(text), "old.json", &p, &err), &err);
	core_relief_policy_default(&d);
	assert_int_equal(p.relief.township_max, d.township_max);
	assert_int_equal(p.relief.county_max, d.county_max);
	assert_int_equal(p.relief.days_other, d.days_other);
	assert_int_equal(p.relief.calendar.n_years, 0);
	assert_string_equal(p.relief.source, d.source);
	core_policy_free(&p);
	free(text);
}

/* Not JSON, or JSON that is not a policy object. */
static void test_not_json(void **state)
{
	static const struct {
		const char *text, *where;
	} cases[] = {
		{"", "f.json:1:0"},
		{"{", "f.json:1:1"},
		{"{\"format\": \"doorstep-policy-1\",\n \"format\": \"x\"}",
		 "f.json:2:9"},
		{"{\"format\": \"doorstep-policy-1\"}\n,", "f.json:2:1"},
		{"[]", ""},
		{"\"doorstep-policy-1\"", "f.json:1:19"},
	};
	int64_t events = count_rows("event");
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		ds_error err;
		ds_status st = import(cases[i].text, "f.json", NULL, NULL, &err);
		if (st != DS_EINPUT || strcmp(err.where, cases[i].where) != 0)
			fail_msg("case %zu: status %d at \"%s\", wanted DS_EINPUT at"
			         " \"%s\" (%s)",
			         i, (int)st, err.where, cases[i].where, err_text(&err));
	}
	assert_int_equal(count_rows("event"), events);
}

/* ---- new versions ----------------------------------------------------------------------------- */

/* A modified copy of the default: a new version from 2026 with a higher
 * Guangzhou standard. */
static const edit v2026[] = {
	{"version", "\"cn-2026.1\""},
	{"effective_from", "\"2026-01-01\""},
	{"standards[7].to", "\"2025-12-31\""},
	{"standards[]", "{\"region\": \"4401\", \"name\": \"广州 Guangzhou\","
	                " \"monthly\": \"1210.00\", \"from\": \"2026-01-01\","
	                " \"to\": null, \"source\": \"test: a 2026 standard\"}"},
};

static void test_import_new_version(void **state)
{
	int64_t events = count_rows("event"), cps = count_rows("checkpoint");
	char *text = edited(v2026, N(v2026)), version[CORE_POLICY_VERSION_MAX];
	bool already = true;
	core_policy *list = NULL;
	size_t n = 0;
	json_t *body = NULL, *want;
	json_error_t je;
	int64_t seq;
	ds_error err;
	(void)state;
	assert_ok(import(text, "tests/cn-2026.json", version, &already, &err),
	          &err);
	assert_false(already);
	assert_string_equal(version, "cn-2026.1");
	/* One event, one checkpoint, one row. */
	assert_int_equal(count_rows("event"), events + 1);
	assert_int_equal(count_rows("checkpoint"), cps + 1);
	assert_int_equal(count_rows("policy"), 2);
	seq = sql_int(s->db, "SELECT max(seq) FROM event");
	assert_int_equal(sql_int(s->db, "SELECT seq FROM policy"
	                                " WHERE version = 'cn-2026.1'"),
	                 seq);
	{
		char kind[32], eff[16], entity[16];
		sql_text(s->db, "SELECT kind FROM event ORDER BY seq DESC LIMIT 1",
		         kind, sizeof(kind));
		assert_string_equal(kind, "policy.imported");
		sql_text(s->db, "SELECT entity FROM event ORDER BY seq DESC LIMIT 1",
		         entity, sizeof(entity));
		assert_string_equal(entity, "");
		sql_text(s->db, "SELECT effective FROM policy"
		                " WHERE version = 'cn-2026.1'",
		         eff, sizeof(eff));
		assert_string_equal(eff, "2026-01-01");
	}
	/* The event keeps the file's rules as they were. */
	assert_ok(store_event_body(s, seq, &body, &err), &err);
	assert_string_equal(json_string_value(json_object_get(body, "origin")),
	                    "tests/cn-2026.json");
	want = json_loads(text, 0, &je);
	assert_non_null(want);
	assert_true(json_equal(json_object_get(body, "policy"), want));
	json_decref(want);
	json_decref(body);

	/* Listed in the order imported. */
	assert_ok(store_policies(s, &list, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].version, DEFAULT_VERSION);
	assert_string_equal(list[1].version, "cn-2026.1");
	assert_int_equal(list[1].effective, core_date_from_ymd(2026, 1, 1));
	assert_int_equal(list[1].n_standards, 15);
	assert_int_equal(list[1].standards[14].monthly, 121000);
	store_policies_free(list, n);

	/* Again: already there. */
	already = false;
	assert_ok(import(text, "again.json", version, &already, &err), &err);
	assert_true(already);
	assert_int_equal(count_rows("event"), events + 1);
	free(text);
}

/* An import inside the caller's transaction goes when it is rolled back. */
static void test_import_in_caller_transaction(void **state)
{
	static const edit e[] = {{"version", "\"rolled-back\""}};
	int64_t events = count_rows("event"), cps = count_rows("checkpoint");
	char *text = edited(e, N(e));
	bool already = true;
	ds_error err;
	(void)state;
	assert_ok(store_begin(s, &err), &err);
	assert_ok(import(text, "rb.json", NULL, &already, &err), &err);
	assert_false(already);
	assert_true(store_in_transaction(s)); /* the caller's, still open */
	assert_int_equal(count_rows("policy"), 3);
	store_rollback(s);
	assert_int_equal(count_rows("policy"), 2);
	assert_int_equal(count_rows("event"), events);
	assert_int_equal(count_rows("checkpoint"), cps);
	free(text);
}

/* ---- the version in force ---------------------------------------------------------------------- */

/* The version in force on a date, and its standard for Guangzhou. */
static void expect_at(core_date on, const char *version, core_fen guangzhou)
{
	core_policy *versions = NULL;
	const core_policy *p = NULL;
	const core_standard *st;
	size_t n = 0;
	ds_error err;
	assert_ok(store_policy_at(s, on, &versions, &n, &p, &err), &err);
	assert_non_null(p);
	assert_true(p >= versions && p < versions + n);
	if (strcmp(p->version, version) != 0) {
		char d[11];
		core_date_format(on, d);
		fail_msg("on %s: version %s in force, wanted %s", d, p->version,
		         version);
	}
	st = core_policy_standard(p, "440106", on, &err);
	assert_non_null(st);
	assert_int_equal(st->monthly, guangzhou);
	store_policies_free(versions, n);
}

static void test_policy_at(void **state)
{
	static const edit v2024[] = {{"version", "\"cn-2024.7\""},
	                             {"effective_from", "\"2024-07-01\""},
	                             {"standards[7].monthly", "\"1180.00\""}};
	static const edit fix2026[] = {
		{"version", "\"cn-2026.1-fix\""},
		{"effective_from", "\"2026-01-01\""},
		{"standards[7].to", "\"2025-12-31\""},
		{"standards[]", "{\"region\": \"4401\", \"monthly\": \"1215.00\","
		                " \"from\": \"2026-01-01\", \"to\": null,"
		                " \"source\": \"test: a correction\"}"},
	};
	core_policy *versions = (core_policy *)1;
	const core_policy *p = (const core_policy *)1;
	size_t n = 99;
	char *text;
	ds_error err;
	(void)state;
	/* The default and cn-2026.1, by effective date. */
	expect_at(core_date_from_ymd(2023, 1, 1), DEFAULT_VERSION, 116500);
	expect_at(core_date_from_ymd(2025, 12, 31), DEFAULT_VERSION, 116500);
	expect_at(core_date_from_ymd(2026, 1, 1), "cn-2026.1", 121000);
	expect_at(core_date_from_ymd(2040, 6, 30), "cn-2026.1", 121000);

	/* A version imported later that took effect earlier. */
	text = edited(v2024, N(v2024));
	assert_ok(import(text, "v2024.json", NULL, NULL, &err), &err);
	free(text);
	expect_at(core_date_from_ymd(2024, 6, 30), DEFAULT_VERSION, 116500);
	expect_at(core_date_from_ymd(2024, 7, 1), "cn-2024.7", 118000);
	expect_at(core_date_from_ymd(2025, 12, 31), "cn-2024.7", 118000);
	expect_at(core_date_from_ymd(2026, 1, 1), "cn-2026.1", 121000);

	/* Two from the same day: the one imported later (a correction). */
	text = edited(fix2026, N(fix2026));
	assert_ok(import(text, "fix.json", NULL, NULL, &err), &err);
	free(text);
	expect_at(core_date_from_ymd(2026, 1, 1), "cn-2026.1-fix", 121500);
	expect_at(core_date_from_ymd(2025, 12, 31), "cn-2024.7", 118000);

	/* None in force before the first. */
	memset(&err, 0, sizeof(err));
	assert_status(store_policy_at(s, core_date_from_ymd(2022, 12, 31),
	                              &versions, &n, &p, &err),
	              DS_EINPUT, &err);
	assert_string_equal(err.where, "at");
	assert_string_equal(err.arg[0], "2022-12-31");
	assert_null(versions);
	assert_int_equal(n, 0);
	assert_null(p);
	assert_int_equal(count_rows("policy"), 4);
}

/* ---- rebuild, audit, reopen ------------------------------------------------------------------------ */

/* The policy table as text, for comparing. */
static void policy_rows(char *buf, size_t len)
{
	sql_text(s->db, "SELECT group_concat(version || ' ' || effective || ' '"
	                " || seq, ';') FROM (SELECT * FROM policy ORDER BY seq)",
	         buf, len);
}

static void versions_in_order(const char *want)
{
	core_policy *list = NULL;
	size_t n = 0;
	char got[512] = "";
	ds_error err;
	assert_ok(store_policies(s, &list, &n, &err), &err);
	for (size_t i = 0; i < n; i++) {
		strcat(got, i ? "," : "");
		strcat(got, list[i].version);
	}
	store_policies_free(list, n);
	assert_string_equal(got, want);
}

static void test_rebuild_audit_reopen(void **state)
{
	static const char order[] =
	        DEFAULT_VERSION ",cn-2026.1,cn-2024.7,cn-2026.1-fix";
	char before[512], after[512];
	int64_t events = count_rows("event");
	store_audit_report rep;
	ds_error err;
	(void)state;
	policy_rows(before, sizeof(before));
	versions_in_order(order);
	assert_ok(store_audit_verify(s, &rep, &err), &err);
	assert_int_equal(rep.events, events);

	assert_ok(store_rebuild(s, &err), &err);
	policy_rows(after, sizeof(after));
	assert_string_equal(after, before);
	versions_in_order(order);
	assert_int_equal(count_rows("event"), events);
	assert_ok(store_audit_verify(s, &rep, &err), &err);

	/* The table changed with SQL: the audit names it, a rebuild mends it. */
	sql_exec(s->db, "UPDATE policy SET effective = '2020-01-01'"
	                " WHERE version = 'cn-2026.1'");
	memset(&err, 0, sizeof(err));
	assert_status(store_audit_verify(s, &rep, &err), DS_EDAMAGED, &err);
	assert_string_equal(err.where, "policy cn-2026.1"); /* its row's MAC */
	assert_ok(store_rebuild(s, &err), &err);
	policy_rows(after, sizeof(after));
	assert_string_equal(after, before);
	assert_ok(store_audit_verify(s, &rep, &err), &err);

	sql_exec(s->db, "DELETE FROM policy WHERE version = 'cn-2024.7'");
	memset(&err, 0, sizeof(err));
	assert_status(store_audit_verify(s, &rep, &err), DS_EDAMAGED, &err);
	assert_string_equal(err.where, "policy");
	/* With every row gone the store has no policy to assess with. */
	sql_exec(s->db, "DELETE FROM policy");
	{
		core_policy *versions = NULL;
		const core_policy *p = NULL;
		size_t n = 0;
		memset(&err, 0, sizeof(err));
		assert_status(store_policy_at(s, core_date_from_ymd(2026, 11, 27),
		                              &versions, &n, &p, &err),
		              DS_EINPUT, &err);
		assert_string_equal(err.where, "policy");
		assert_null(p);
		store_policies_free(versions, n);
	}
	assert_ok(store_rebuild(s, &err), &err);
	policy_rows(after, sizeof(after));
	assert_string_equal(after, before);
	assert_ok(store_audit_verify(s, &rep, &err), &err);

	/* And after closing and opening again. */
	store_close(&s);
	assert_ok(store_open(dir, "wang", pass, &s, &err), &err);
	versions_in_order(order);
	expect_at(core_date_from_ymd(2026, 1, 1), "cn-2026.1-fix", 121500);
	assert_ok(store_audit_verify(s, &rep, &err), &err);
}

/* A policy event whose body was replaced with SQL: the audit names it. */
static void test_policy_event_tampered(void **state)
{
	int64_t seq = sql_int(s->db, "SELECT seq FROM policy"
	                             " WHERE version = 'cn-2024.7'");
	char sql[256], want[48];
	store_audit_report rep;
	ds_error err;
	(void)state;
	sql_exec(s->db, "DROP TABLE IF EXISTS temp.b_event;"
	                "CREATE TEMP TABLE b_event AS SELECT * FROM event");
	snprintf(sql, sizeof(sql),
	         "UPDATE event SET body = (SELECT body FROM event WHERE seq = %lld)"
	         " WHERE seq = %lld",
	         (long long)seq - 1, (long long)seq);
	sql_exec(s->db, sql);
	memset(&err, 0, sizeof(err));
	assert_status(store_audit_verify(s, &rep, &err), DS_EDAMAGED, &err);
	snprintf(want, sizeof(want), "event %lld", (long long)seq);
	assert_string_equal(err.where, want);
	sql_exec(s->db, "BEGIN; DELETE FROM event;"
	                " INSERT INTO event SELECT * FROM b_event; COMMIT;"
	                " DROP TABLE temp.b_event");
	assert_ok(store_audit_verify(s, &rep, &err), &err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_parses),
		cmocka_unit_test(test_default_in_new_store),
		cmocka_unit_test(test_reimport_same),
		cmocka_unit_test(test_same_version_other_rules),
		cmocka_unit_test(test_broken_policies),
		cmocka_unit_test(test_edits_alone_are_harmless),
		cmocka_unit_test(test_investigation_optional),
		cmocka_unit_test(test_relief_optional),
		cmocka_unit_test(test_not_json),
		cmocka_unit_test(test_import_new_version),
		cmocka_unit_test(test_import_in_caller_transaction),
		cmocka_unit_test(test_policy_at),
		cmocka_unit_test(test_rebuild_audit_reopen),
		cmocka_unit_test(test_policy_event_tampered),
	};
	return cmocka_run_group_tests_name("store_policy", tests, group_setup,
	                                   group_teardown);
}
