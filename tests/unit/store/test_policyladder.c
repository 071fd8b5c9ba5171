/* test_policyladder.c — the ladder section of policy files
 * (store/policyjson.c): the figures of the built-in policy and of
 * tests/policy/sample.json, a file written before the section existed
 * (DOMAIN.md's defaults, each source saying so), lines out of order and
 * other broken figures named by their JSON path, and the sample's
 * figures at work in a classification (core/ladder). Run from the top of
 * the tree, as make unit does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/idnum.h"
#include "core/ladder.h"
#include "store/policyjson.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define SAMPLE "tests/policy/sample.json"

static core_assessment A;

static json_t *load_default(void)
{
	json_error_t je;
	json_t *j = json_loadb((const char *)store_policy_default,
	                       store_policy_default_len, JSON_REJECT_DUPLICATES,
	                       &je);
	assert_non_null(j);
	return j;
}

static json_t *load_sample(void)
{
	json_error_t je;
	json_t *j = json_load_file(SAMPLE, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		fail_msg("%s: %s (run from the top of the tree)", SAMPLE, je.text);
	return j;
}

static ds_status parse(json_t *j, core_policy *p, ds_error *err)
{
	memset(err, 0, sizeof(*err));
	return store_policy_from_json(j, p, err);
}

static void test_default(void **state)
{
	json_t *j = load_default();
	core_policy p;
	ds_error err;
	const core_ladder_policy *l = &p.ladder;
	(void)state;
	assert_int_equal(parse(j, &p, &err), DS_OK);
	assert_true(l->set);
	assert_int_equal(l->marginal.percent, 150);
	assert_int_equal(l->marginal.financial_months, 24);
	assert_int_equal(l->rigid.percent, 200);
	assert_int_equal(l->rigid.share_percent, 50);
	assert_int_equal(l->single.mode, CORE_SINGLE_AS_ONE_PERSON);
	assert_int_equal(l->single.n_fixed, 0);
	assert_int_equal(l->destitute.percent, 130);
	assert_int_equal(l->destitute.n_standards, 0);
	assert_int_equal(l->care.n, 0);
	assert_int_equal(l->illnesses.n, 0);
	assert_false(l->deduction.enabled);
	assert_true(l->deduction.kinds[CORE_EXPENSE_MEDICAL]);
	assert_true(l->deduction.kinds[CORE_EXPENSE_REHABILITATION]);
	assert_false(l->deduction.kinds[CORE_EXPENSE_EDUCATION]);
	assert_int_equal(l->deduction.cap, 0);
	assert_int_equal(l->reverify.months[CORE_CLASS_MARGINAL], 12);
	assert_int_equal(l->reverify.months[CORE_CLASS_RIGID_HARDSHIP], 12);
	assert_int_equal(l->reverify.months[CORE_CLASS_DIBAO], 0);
	/* every figure with its own source, in both languages */
	assert_non_null(strstr(l->destitute.source, "common provincial minimum"));
	assert_non_null(strstr(l->marginal.source, "NewCosmos"));
	assert_non_null(strstr(l->care.source, "flagged"));
	assert_true(strlen(l->single.source_zh) > 0);
	assert_null(strstr(l->rigid.source, "Not set in this policy file"));
	core_policy_free(&p);
	assert_null(p.ladder.single.fixed);
	json_decref(j);
}

static void test_sample(void **state)
{
	json_t *j = load_sample();
	core_policy p;
	ds_error err;
	const core_ladder_policy *l = &p.ladder;
	const core_ladder_figure *f;
	static const core_fen care[] = {19100, 31900, 47800};
	(void)state;
	if (parse(j, &p, &err))
		fail_msg("%s: %s %s", err.where, err.fmt, err.arg[0]);
	assert_int_equal(l->marginal.percent, 180);
	assert_int_equal(l->marginal.financial_months, 36);
	assert_int_equal(l->rigid.percent, 250);
	assert_int_equal(l->rigid.share_percent, 40);
	assert_int_equal(l->single.mode, CORE_SINGLE_FIXED);
	assert_int_equal(l->single.n_fixed, 1);
	assert_int_equal(l->single.fixed[0].monthly, 31300);
	assert_int_equal(l->single.fixed[0].from, core_date_from_ymd(2026, 4, 1));
	assert_int_equal(l->single.fixed[0].to, CORE_DATE_NONE);
	assert_int_equal(l->destitute.n_standards, 1);
	assert_string_equal(l->destitute.standards[0].prefix, "620102");
	assert_int_equal(l->destitute.standards[0].monthly, 130000);
	assert_int_equal(l->care.n, 3);
	for (int lv = 0; lv < 3; lv++) {
		f = core_policy_ladder_figure(l->care.allowances, l->care.n,
		                              (core_self_care)(CORE_SELF_CARE_FULL + lv),
		                              "440106", core_date_from_ymd(2026, 1, 1));
		assert_non_null(f);
		assert_int_equal(f->monthly, care[lv]);
		assert_non_null(strstr(f->source, "Heilongjiang"));
	}
	/* none before they start */
	assert_null(core_policy_ladder_figure(l->care.allowances, l->care.n,
	                                      CORE_SELF_CARE_NONE, "440106",
	                                      core_date_from_ymd(2024, 12, 31)));
	assert_int_equal(l->illnesses.n, 3);
	assert_true(core_policy_illness_listed(&p, "uremia"));
	assert_false(core_policy_illness_listed(&p, "flu"));
	assert_true(l->deduction.enabled);
	assert_int_equal(l->deduction.cap, 100000);
	assert_int_equal(l->reverify.months[CORE_CLASS_RIGID_HARDSHIP], 6);
	/* a recorded assessment cites them by key */
	{
		char key[CORE_SOURCE_KEY_MAX];
		const char *src, *zh;
		assert_true(core_policy_source_key(&p, l->care.allowances[2].source,
		                                   l->care.allowances[2].source_zh,
		                                   key));
		assert_string_equal(key, "ladder.care.2");
		assert_true(core_policy_source_of(&p, "ladder.single.0", &src, &zh));
		assert_string_equal(src, l->single.fixed[0].source);
		assert_true(core_policy_source_key(&p, l->rigid.source,
		                                   l->rigid.source_zh, key));
		assert_string_equal(key, "ladder.rigid_hardship");
		assert_false(core_policy_source_of(&p, "ladder.care.3", &src, &zh));
		assert_false(core_policy_source_of(&p, "ladder.destitute.x", &src, &zh));
	}
	core_policy_free(&p);
	json_decref(j);
}

/* A policy written before the ladder section existed still loads, with
 * DOMAIN.md's defaults, each source saying the file did not set it. */
static void test_older_file(void **state)
{
	json_t *j = load_default();
	core_policy p;
	ds_error err;
	const core_ladder_policy *l = &p.ladder;
	(void)state;
	json_object_del(j, "ladder");
	assert_int_equal(parse(j, &p, &err), DS_OK);
	assert_true(l->set);
	assert_int_equal(l->marginal.percent, 150);
	assert_int_equal(l->marginal.financial_months, 24);
	assert_int_equal(l->rigid.percent, 200);
	assert_int_equal(l->rigid.share_percent, 50);
	assert_int_equal(l->single.mode, CORE_SINGLE_AS_ONE_PERSON);
	assert_int_equal(l->destitute.percent, 130);
	assert_int_equal(l->care.n, 0);
	assert_false(l->deduction.enabled);
	assert_int_equal(l->reverify.months[CORE_CLASS_MARGINAL], 12);
	assert_string_equal(l->marginal.source, CORE_LADDER_DEFAULT_SOURCE);
	assert_string_equal(l->destitute.source_zh, CORE_LADDER_DEFAULT_SOURCE_ZH);
	core_policy_free(&p);
	/* a section that gives one part keeps the defaults of the others */
	assert_int_equal(json_object_set_new(j, "ladder", json_pack(
	        "{s:{s:i, s:s}}", "marginal", "line_percent_of_standard", 200,
	        "source", "county rule")), 0);
	assert_int_equal(parse(j, &p, &err), DS_OK);
	assert_int_equal(l->marginal.percent, 200);
	assert_int_equal(l->marginal.financial_months, 24);
	assert_string_equal(l->marginal.source, "county rule");
	assert_int_equal(l->rigid.percent, 200);
	assert_string_equal(l->rigid.source, CORE_LADDER_DEFAULT_SOURCE);
	core_policy_free(&p);
	json_decref(j);
}

/* One change to the default's ladder each; the path of the problem. */
static void test_broken(void **state)
{
	static const struct {
		const char *part, *json, *where;
	} cases[] = {
		/* lines out of order */
		{"marginal", "{\"line_percent_of_standard\": 100, \"source\": \"s\"}",
		 "ladder.marginal.line_percent_of_standard"},
		{"rigid_hardship", "{\"line_percent_of_standard\": 140, \"share_percent\": 50, \"source\": \"s\"}",
		 "ladder.rigid_hardship.line_percent_of_standard"},
		{"rigid_hardship", "{\"line_percent_of_standard\": 200, \"share_percent\": 0, \"source\": \"s\"}",
		 "ladder.rigid_hardship.share_percent"},
		{"marginal", "{\"line_percent_of_standard\": 150, \"source\": \"s\", \"note\": 1}",
		 "ladder.marginal.note"},
		{"marginal", "{\"line_percent_of_standard\": 150}", "ladder.marginal.source"},
		{"single", "{\"mode\": \"fixed\", \"source\": \"s\"}", "ladder.single.fixed"},
		{"single", "{\"mode\": \"both\", \"source\": \"s\"}", "ladder.single.mode"},
		{"single", "{\"mode\": \"fixed\", \"source\": \"s\", \"fixed\": [{\"monthly\": \"313\", \"from\": \"2026-04-01\", \"to\": \"2026-01-01\", \"source\": \"s\"}]}",
		 "ladder.single.fixed[0].to"},
		{"destitute", "{\"basic_percent_of_standard\": 0, \"source\": \"s\"}",
		 "ladder.destitute.standards"},
		{"destitute", "{\"basic_percent_of_standard\": 130, \"source\": \"s\", \"standards\": [{\"region\": \"4\", \"monthly\": \"1500\", \"from\": \"2026-01-01\", \"source\": \"s\"}]}",
		 "ladder.destitute.standards[0].region"},
		{"care_allowances", "{\"source\": \"s\", \"list\": [{\"self_care\": \"some\", \"monthly\": \"191\", \"from\": \"2025-01-01\", \"source\": \"s\"}]}",
		 "ladder.care_allowances.list[0].self_care"},
		{"care_allowances", "{\"source\": \"s\", \"list\": [{\"self_care\": \"full\", \"monthly\": \"-191\", \"from\": \"2025-01-01\", \"source\": \"s\"}]}",
		 "ladder.care_allowances.list[0].monthly"},
		{"illnesses", "{\"source\": \"s\", \"list\": [\"uremia\", \"uremia\"]}",
		 "ladder.illnesses.list[1]"},
		{"illnesses", "{\"source\": \"s\", \"list\": [1]}", "ladder.illnesses.list[0]"},
		{"rigid_deduction", "{\"enabled\": true, \"kinds\": [\"food\"], \"source\": \"s\"}",
		 "ladder.rigid_deduction.kinds[0]"},
		{"reverification", "{\"marginal_months\": 0, \"rigid_hardship_months\": 12, \"source\": \"s\"}",
		 "ladder.reverification.marginal_months"},
		{"colour", "{}", "ladder.colour"},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		json_t *j = load_default(), *v;
		json_error_t je;
		core_policy p;
		ds_error err;
		ds_status st;
		assert_non_null(v = json_loads(cases[i].json, 0, &je));
		json_object_set_new(json_object_get(j, "ladder"), cases[i].part, v);
		st = parse(j, &p, &err);
		if (st != DS_EINPUT || strcmp(err.where, cases[i].where))
			fail_msg("case %zu: status %d at %s, wanted %s", i, (int)st,
			         err.where, cases[i].where);
		assert_null(p.ladder.single.fixed);
		assert_null(p.ladder.care.allowances);
		json_decref(j);
	}
}

/* The sample's figures at work: a household of three in Guangzhou
 * (S 1,205.00 on this day in the sample), 1,400.00 a person, its adult
 * son grade-1 disabled: covered alone with the fixed 313 yuan and the
 * sample's 130-yuan top-up for a severe disability. */
static void test_sample_classifies(void **state)
{
	json_t *j = load_sample();
	core_policy p;
	core_household h;
	core_ladder l;
	ds_error err;
	core_date on = core_date_from_ymd(2026, 11, 27);
	static const char *const ids[] = {"440106197001010013", "440106197202020010",
	                                  "440106199803030016"};
	(void)state;
	assert_int_equal(parse(j, &p, &err), DS_OK);
	core_household_init(&h);
	snprintf(h.region, sizeof(h.region), "440106");
	snprintf(h.address, sizeof(h.address), "测试路 1 号");
	for (size_t i = 0; i < N(ids); i++) {
		core_member *m = core_household_add_member(&h, NULL);
		char id[CORE_IDNUM_BUF];
		memcpy(id, ids[i], CORE_IDNUM_BUF);
		id[17] = core_idnum_check_char(id);
		memcpy(m->id_number, id, CORE_IDNUM_BUF);
		snprintf(m->name, sizeof(m->name), "成员%zu", i + 1);
		m->relation = i ? CORE_REL_CHILD : CORE_REL_HEAD;
	}
	h.members[0].n_incomes = 1;
	h.members[0].incomes[0].source = CORE_INCOME_PENSION;
	h.members[0].incomes[0].monthly = 420000;
	h.members[2].disability_grade = 1;
	h.members[2].disability_type = CORE_DISABILITY_PHYSICAL;
	if (core_household_validate(&h, on, &err))
		fail_msg("%s: %s", err.where, err.fmt);
	if (core_ladder_assess(&h, &p, on, NULL, &A, &l, &err))
		fail_msg("%s: %s %s", err.where, err.fmt, err.arg[0]);
	assert_int_equal(l.standard, 120500);
	assert_int_equal(l.cls, CORE_CLASS_DIBAO_SINGLE);
	assert_int_equal(l.payment, 31300 + 13000);
	/* before 2026-04 the sample has no fixed sum: said by name */
	assert_int_equal(core_ladder_assess(&h, &p, core_date_from_ymd(2026, 3, 31),
	                                    NULL, &A, &l, &err),
	                 DS_EINPUT);
	assert_string_equal(err.where, "ladder.single.fixed");
	core_household_free(&h);
	core_policy_free(&p);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_older_file),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_sample_classifies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
