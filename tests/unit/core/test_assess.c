/* test_assess.c — the assessment (core/assess): standards by region,
 * the allowance in fen, top-ups, counted and disregarded incomes, the
 * deduction, the earnings disregard, imputed income, asset rules, early
 * warning, the steps and their sentences; and properties over generated
 * households and income sweeps. Withdrawal schedules: test_transition.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/assess.h"
#include "core/demo.h"
#include "core/policy.h"
#include "hhbuild.h"
#include "policies.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define CAT(c) (1u << CORE_CAT_##c)

static core_assessment A, B; /* large: kept out of the stack */
static core_policy DEF, SAM;

static int setup(void **state)
{
	(void)state;
	policy_default(&DEF);
	policy_sample(&SAM);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	core_policy_free(&DEF);
	core_policy_free(&SAM);
	return 0;
}

static core_date ON(void) { return hb_day(2026, 11, 27); }
/* in the sample, 4401 is 1205.00 and 44 is 887.00 on this day */
static core_date SON(void) { return hb_day(2025, 1, 15); }

static void assess_ok(const core_household *h, const core_policy *p,
                      core_date on, const core_case_now *now,
                      core_assessment *a)
{
	ds_error err;
	ds_status st = core_assess(h, p, on, now, a, &err);
	if (st != DS_OK)
		fail_msg("assessment failed: %s: %s %s %s", err.where, err.fmt,
		         err.arg[0], err.arg[1]);
	assert_false(a->truncated);
}

/* ---- step and reason tables ------------------------------------------------- */

static void test_step_tables(void **state)
{
	(void)state;
	for (int c = 0; c < CORE_STEP_COUNT; c++) {
		int n;
		const char *const *names = core_step_figures((core_step_code)c, &n);
		const char *tpl = core_step_template((core_step_code)c);
		assert_true(strlen(core_step_id((core_step_code)c)) > 0);
		assert_true(n >= 1 && n <= CORE_STEP_FIGURES);
		assert_non_null(names);
		assert_null(names[n]);
		for (int k = 0; k < c; k++)
			assert_string_not_equal(core_step_id((core_step_code)c),
			                        core_step_id((core_step_code)k));
		/* every {name} of the template is one of the step's figures */
		for (const char *o = strchr(tpl, '{'); o; o = strchr(o + 1, '{')) {
			const char *e = strchr(o, '}');
			bool found = false;
			assert_non_null(e);
			for (int i = 0; i < n; i++)
				found |= strlen(names[i]) == (size_t)(e - o - 1) &&
				         strncmp(names[i], o + 1, (size_t)(e - o - 1)) == 0;
			if (!found)
				fail_msg("step %s: {%.*s} is not a figure",
				         core_step_id((core_step_code)c), (int)(e - o - 1),
				         o + 1);
		}
	}
	{
		int n = 5;
		assert_string_equal(core_step_id(CORE_STEP_COUNT), "?");
		assert_string_equal(core_step_id((core_step_code)-1), "?");
		assert_string_equal(core_step_template(CORE_STEP_COUNT), "");
		assert_null(core_step_figures(CORE_STEP_COUNT, &n));
		assert_int_equal(n, 0);
	}
	assert_string_equal(core_step_id(CORE_STEP_ALLOWANCE), "allowance");
	assert_string_equal(core_step_id(CORE_STEP_DISREGARDED), "income_disregarded");
	assert_string_equal(core_reason_id(CORE_REASON_INCOME), "income_not_below_standard");
	assert_string_equal(core_reason_id(CORE_REASON_FINANCIAL), "financial_assets_above_limit");
	assert_string_equal(core_reason_id(CORE_REASON_VEHICLE), "vehicle_owned");
	assert_string_equal(core_reason_id(CORE_REASON_COUNT), "?");
	assert_string_equal(core_reason_text(CORE_REASON_COUNT), "");
	assert_true(strlen(core_reason_text(CORE_REASON_FINANCIAL)) > 0);
}

/* ---- the worked example of the issue ------------------------------------------ */

/* Three members in 440106 with 1,200.00 of business income a month:
 * 3 x 1165 - 1200 = 2,295.00. */
static void test_worked_example(void **state)
{
	core_household h;
	char codes[512], out[512];
	const core_step *st;
	(void)state;
	hb_init(&h, "440106");
	hb_member(&h, "张伟", 1975, 3, 14, 0);
	hb_member(&h, "李娜", 1978, 8, 2, 0);
	hb_member(&h, "张小明", 2012, 5, 20, CAT(MINOR) | CAT(STUDENT));
	hb_income(&h.members[0], CORE_INCOME_BUSINESS, 120000, 0);
	hb_valid(&h, ON());
	assess_ok(&h, &DEF, ON(), NULL, &A);

	assert_true(A.eligible);
	assert_int_equal(A.n_reasons, 0);
	assert_string_equal(A.policy_version, "cn-default-2023.1");
	assert_int_equal(A.date, ON());
	assert_int_equal(A.standard, 116500);
	assert_int_equal(A.members, 3);
	assert_int_equal(A.counted_income, 120000);
	assert_int_equal(A.per_capita, 40000);
	assert_int_equal(A.allowance, 229500);
	assert_int_equal(A.topups, 0);
	assert_int_equal(A.payment, 229500);
	assert_false(A.warning);
	assert_false(A.has_transition);
	assert_int_equal(A.n_flags, 0);

	/* the derivation, in order */
	assert_string_equal(hb_codes(&A, codes, sizeof(codes)),
	                    "standard members income_window income_counted "
	                    "household_income per_capita_income income_test_passed "
	                    "financial_assets_passed allowance aged_minor payment");
	assert_string_equal(hb_value(&A, CORE_STEP_STANDARD, 0, "region"), "440106");
	/* the minor is one by the ID number, on the assessment date */
	assert_string_equal(hb_value(&A, CORE_STEP_AGED_MINOR, 0, "name"), "张小明");
	assert_string_equal(hb_value(&A, CORE_STEP_AGED_MINOR, 0, "age"), "18");
	assert_string_equal(hb_value(&A, CORE_STEP_AGED_MINOR, 0, "born"), "2012-05-20");
	assert_string_equal(hb_value(&A, CORE_STEP_STANDARD, 0, "date"), "2026-11-27");
	assert_string_equal(hb_value(&A, CORE_STEP_STANDARD, 0, "standard"), "1165.00");
	assert_string_equal(hb_value(&A, CORE_STEP_STANDARD, 0, "source"),
	                    DEF.standards[7].source);
	assert_string_equal(hb_value(&A, CORE_STEP_MEMBERS, 0, "members"), "3");
	assert_string_equal(hb_value(&A, CORE_STEP_WINDOW, 0, "months"), "6");
	assert_string_equal(hb_value(&A, CORE_STEP_WINDOW, 0, "source"), "Guangdong 2019 practice");
	assert_string_equal(hb_value(&A, CORE_STEP_COUNTED, 0, "name"), "张伟");
	assert_string_equal(hb_value(&A, CORE_STEP_COUNTED, 0, "source_name"), "business");
	assert_string_equal(hb_value(&A, CORE_STEP_COUNTED, 0, "amount"), "1200.00");
	assert_string_equal(hb_value(&A, CORE_STEP_COUNTED, 0, "income_source"), "business");
	assert_string_equal(hb_value(&A, CORE_STEP_INCOME, 0, "income"), "1200.00");
	assert_string_equal(hb_value(&A, CORE_STEP_PER_CAPITA, 0, "per_capita"), "400.00");
	assert_string_equal(hb_value(&A, CORE_STEP_INCOME_BELOW, 0, "standard"), "1165.00");
	assert_string_equal(hb_value(&A, CORE_STEP_FINANCIAL_OK, 0, "limit"), "83880.00");
	assert_string_equal(hb_value(&A, CORE_STEP_ALLOWANCE, 0, "exact"), "2295.00");
	assert_string_equal(hb_value(&A, CORE_STEP_ALLOWANCE, 0, "allowance"), "2295.00");
	assert_string_equal(hb_value(&A, CORE_STEP_PAYMENT, 0, "topups"), "0.00");
	assert_string_equal(hb_value(&A, CORE_STEP_PAYMENT, 0, "payment"), "2295.00");

	st = hb_step(&A, CORE_STEP_ALLOWANCE, 0);
	core_step_render(&A, st, core_step_template(st->code), NULL, out, sizeof(out));
	assert_string_equal(out, "Allowance: 1165.00 × 3 − 1200.00 = 2295.00, "
	                         "rounded up to a whole yuan: 2295.00 yuan a month.");
	st = hb_step(&A, CORE_STEP_STANDARD, 0);
	core_step_render(&A, st, core_step_template(st->code), NULL, out, sizeof(out));
	assert_string_equal(out, "The standard for region 440106 on 2026-11-27 is 1165.00 "
	                         "yuan a month for each person (Reform paper §3.2: Guangdong "
	                         "class I (Guangzhou, Shenzhen) 1,165 yuan a month (2023)).");
	core_household_free(&h);
}

/* ---- regions ----------------------------------------------------------------------- */

/* Every region of DOMAIN.md's table through core_assess: one person with
 * no income gets exactly S; no standard is an error naming both. */
static void test_regions(void **state)
{
	static const struct {
		bool sample;
		const char *region;
		int y, m, d;
		core_fen S; /* 0: no standard */
	} table[] = {
		{false, "440106", 2026, 11, 27, 116500},
		{false, "440304", 2026, 11, 27, 116500},
		{false, "440402", 2026, 11, 27, 103700},
		{false, "440604", 2026, 11, 27, 103700},
		{false, "441900", 2026, 11, 27, 103700},
		{false, "442000", 2026, 11, 27, 103700},
		{false, "445102", 2026, 11, 27, 85700},
		{false, "620102", 2026, 11, 27, 92000},
		{false, "620103", 2026, 11, 27, 92000},
		{false, "620104", 2026, 11, 27, 92000},
		{false, "620105", 2026, 11, 27, 92000},
		{false, "620111", 2026, 11, 27, 92000},
		{false, "620121", 2026, 11, 27, 0},
		{false, "310115", 2023, 7, 1, 151000},
		{false, "310115", 2023, 6, 30, 0},
		{false, "330106", 2026, 11, 27, 114900},
		{false, "110105", 2026, 11, 27, 0},
		{true, "440106", 2024, 6, 30, 116500},
		{true, "440106", 2024, 7, 1, 120500},
		{true, "445102", 2024, 6, 30, 85700},
		{true, "445102", 2024, 7, 1, 88700},
		{true, "620102", 2024, 7, 1, 92000},
		{true, "330106", 2024, 7, 1, 0},
		{true, "440106", 2023, 12, 31, 0},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_household h;
		ds_error err;
		ds_status st;
		char date[11];
		core_date on = hb_day(table[i].y, table[i].m, table[i].d);
		hb_simple(&h, table[i].region, 1, CORE_INCOME_WAGES, 0);
		ds_error_clear(&err);
		st = core_assess(&h, table[i].sample ? &SAM : &DEF, on, NULL, &A, &err);
		core_date_format(on, date);
		if (!table[i].S) {
			if (st != DS_EINPUT)
				fail_msg("%s on %s: status %d, want DS_EINPUT", table[i].region,
				         date, st);
			assert_string_equal(err.where, "region");
			assert_string_equal(err.arg[0], table[i].region);
			assert_string_equal(err.arg[1], date);
			assert_false(A.eligible);
			assert_int_equal(A.allowance, 0);
		} else {
			if (st != DS_OK)
				fail_msg("%s on %s: %s", table[i].region, date, err.fmt);
			assert_int_equal(A.standard, table[i].S);
			assert_true(A.eligible);
			assert_int_equal(A.allowance, table[i].S);
			assert_int_equal(A.payment, table[i].S);
		}
		core_household_free(&h);
	}
}

/* ---- rounding ------------------------------------------------------------------------- */

static void test_rounding(void **state)
{
	static const struct {
		const char *region;
		int n;
		core_fen H;
		core_fen exact, allowance; /* allowance 0: not eligible */
		bool naive_differs; /* (S - H/n) x n would round differently */
	} table[] = {
		/* S x n - H an exact yuan; the income a fen below, a fen above */
		{"440106", 3, 120000, 229500, 229500, false},
		{"440106", 3, 119999, 229501, 229600, false},
		{"440106", 3, 120001, 229499, 229500, false},
		/* S x n - H a fen below and a fen above a whole yuan */
		{"440106", 1, 16501, 99999, 100000, false},
		{"440106", 1, 16499, 100001, 100100, false},
		/* H / n loses fen: (1165.00 - 333.33) x 3 = 2495.01 -> 2496,
		 * but 3495.00 - 1000.00 = 2495.00 */
		{"440106", 3, 100000, 249500, 249500, true},
		{"440106", 3, 100001, 249499, 249500, true},
		{"440604", 7, 100000, 625900, 625900, true},
		{"620102", 6, 100001, 451999, 452000, true},
		/* down to the last fen */
		{"445102", 1, 85699, 1, 100, false},
		{"445102", 1, 85600, 100, 100, false},
		{"445102", 1, 85599, 101, 200, false},
		{"445102", 2, 171399, 1, 100, false},
		{"445102", 1, 0, 85700, 85700, false},
		/* nothing left to fill */
		{"445102", 1, 85700, 0, 0, false},
		{"445102", 1, 85701, -1, 0, false},
		{"440106", 3, 349500, 0, 0, false},
		{"440106", 3, 349501, -1, 0, false},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_household h;
		core_fen S, naive;
		char want[CORE_MONEY_BUF];
		hb_simple(&h, table[i].region, table[i].n, CORE_INCOME_BUSINESS,
		          table[i].H);
		assess_ok(&h, &DEF, ON(), NULL, &A);
		S = A.standard;
		assert_int_equal(A.counted_income, table[i].H);
		assert_int_equal(A.per_capita, table[i].H / table[i].n);
		assert_int_equal(S * table[i].n - table[i].H, table[i].exact);
		core_money_format(table[i].exact, want);
		if (table[i].allowance) {
			if (!A.eligible || A.allowance != table[i].allowance)
				fail_msg("case %zu: allowance %lld, want %lld", i,
				         (long long)A.allowance, (long long)table[i].allowance);
			assert_string_equal(hb_value(&A, CORE_STEP_ALLOWANCE, 0, "exact"), want);
			assert_int_equal(hb_count(&A, CORE_STEP_NO_ALLOWANCE), 0);
		} else {
			assert_false(A.eligible);
			assert_int_equal(A.allowance, 0);
			assert_int_equal(A.payment, 0);
			assert_int_equal(A.n_reasons, 1);
			assert_int_equal(A.reasons[0], CORE_REASON_INCOME);
			assert_int_equal(hb_count(&A, CORE_STEP_ALLOWANCE), 0);
			assert_string_equal(hb_value(&A, CORE_STEP_NO_ALLOWANCE, 0, "exact"), want);
			assert_non_null(hb_step(&A, CORE_STEP_INCOME_ABOVE, 0));
		}
		/* the case is what it says about the wrong formula */
		naive = core_money_ceil_yuan((S - table[i].H / table[i].n) * table[i].n);
		if (table[i].allowance && (naive != table[i].allowance) != table[i].naive_differs)
			fail_msg("case %zu: the naive formula gives %lld", i, (long long)naive);
		core_household_free(&h);
	}
}

/* ---- 1 to 8 members ----------------------------------------------------------------- */

static void test_members_1_to_8(void **state)
{
	static const char *const regions[] = {"440106", "440604", "445102",
	                                      "620105", "330106", "310115"};
	(void)state;
	for (int n = 1; n <= 8; n++) {
		for (size_t r = 0; r < N(regions); r++) {
			core_household h;
			core_fen H = 0, S;
			hb_simple(&h, regions[r], n, CORE_INCOME_WAGES, 0);
			/* each member earns something odd in fen */
			for (int i = 0; i < n; i++) {
				core_fen x = 23457 + 1111 * i + (core_fen)r;
				hb_income(&h.members[i], i % 2 ? CORE_INCOME_PENSION
				                               : CORE_INCOME_WAGES, x, 0);
				H += x;
			}
			hb_valid(&h, ON());
			assess_ok(&h, &DEF, ON(), NULL, &A);
			S = A.standard;
			assert_int_equal(A.members, n);
			assert_int_equal(A.counted_income, H);
			assert_int_equal(A.per_capita, H / n);
			assert_int_equal(hb_count(&A, CORE_STEP_COUNTED), n);
			assert_true(H < S * n);
			assert_true(A.eligible);
			assert_int_equal(A.allowance, (S * n - H + 99) / 100 * 100);
			assert_int_equal(A.payment, A.allowance);
			{
				char want[12];
				snprintf(want, sizeof(want), "%d", n);
				assert_string_equal(hb_value(&A, CORE_STEP_MEMBERS, 0, "members"), want);
				assert_string_equal(hb_value(&A, CORE_STEP_ALLOWANCE, 0, "members"), want);
			}
			core_household_free(&h);
		}
	}
}

/* ---- top-ups ----------------------------------------------------------------------------- */

static void topup_household(core_household *h, const char *region)
{
	hb_init(h, region);
	hb_member(h, "王奶奶", 1940, 2, 3, CAT(ELDERLY) | CAT(SEVERE_DISABILITY));
	hb_member(h, "王强", 1975, 6, 7, CAT(SEVERE_ILLNESS));
	hb_member(h, "王小红", 2015, 9, 9, CAT(MINOR) | CAT(STUDENT));
	hb_member(h, "王小兵", 2006, 1, 1, CAT(STUDENT));
	hb_member(h, "刘芳", 1976, 4, 5, 0);
	/* pension: no deduction, so H is as given */
	hb_income(&h->members[1], CORE_INCOME_PENSION, 80000, 0);
}

/* Elderly and minor come from the ID number on the assessment date, not
 * from what is declared. */
static void test_topups_from_id(void **state)
{
	core_household h;
	(void)state;
	/* born 1950, nothing declared: the elderly top-up, and a step why */
	hb_init(&h, "440106");
	hb_member(&h, "赵老汉", 1950, 6, 1, 0);
	hb_valid(&h, SON());
	assess_ok(&h, &SAM, SON(), NULL, &A);
	assert_true(A.eligible);
	assert_int_equal(A.topups, 14200);
	assert_string_equal(hb_value(&A, CORE_STEP_TOPUP, 0, "category"), "elderly");
	assert_int_equal(hb_count(&A, CORE_STEP_AGED_ELDERLY), 1);
	assert_string_equal(hb_value(&A, CORE_STEP_AGED_ELDERLY, 0, "name"), "赵老汉");
	assert_string_equal(hb_value(&A, CORE_STEP_AGED_ELDERLY, 0, "age"), "60");
	assert_string_equal(hb_value(&A, CORE_STEP_AGED_ELDERLY, 0, "date"), "2025-01-15");
	assert_string_equal(hb_value(&A, CORE_STEP_AGED_ELDERLY, 0, "born"), "1950-06-01");
	core_household_free(&h);

	/* born 1996 and marked elderly (a household validate refuses):
	 * the assessment takes the ID number's word, no top-up */
	hb_init(&h, "440106");
	hb_member(&h, "钱小姐", 1996, 3, 1, CAT(ELDERLY));
	assess_ok(&h, &SAM, SON(), NULL, &A);
	assert_true(A.eligible);
	assert_int_equal(A.topups, 0);
	assert_int_equal(hb_count(&A, CORE_STEP_AGED_ELDERLY), 0);
	assert_int_equal(hb_count(&A, CORE_STEP_TOPUP), 0);
	core_household_free(&h);

	/* 60 the day after SON(): entered before, assessed on either day */
	hb_init(&h, "440106");
	hb_member(&h, "孙大爷", 1965, 1, 16, 0);
	hb_valid(&h, SON());
	assess_ok(&h, &SAM, SON(), NULL, &A);
	assert_int_equal(A.topups, 0);
	assert_int_equal(hb_count(&A, CORE_STEP_AGED_ELDERLY), 0);
	assess_ok(&h, &SAM, SON() + 1, NULL, &A);
	assert_int_equal(A.topups, 14200);
	assert_string_equal(hb_value(&A, CORE_STEP_AGED_ELDERLY, 0, "date"), "2025-01-16");
	core_household_free(&h);

	/* 18 the day after SON(): the minor's top-up in 620102 stops then */
	hb_init(&h, "620102");
	hb_member(&h, "周母", 1980, 1, 1, 0);
	hb_member(&h, "周女", 2007, 1, 16, 0);
	hb_valid(&h, SON());
	assess_ok(&h, &SAM, SON(), NULL, &A);
	assert_int_equal(A.topups, 6000);
	assert_string_equal(hb_value(&A, CORE_STEP_AGED_MINOR, 0, "name"), "周女");
	assert_string_equal(hb_value(&A, CORE_STEP_TOPUP, 0, "category"), "minor");
	assess_ok(&h, &SAM, SON() + 1, NULL, &A);
	assert_int_equal(A.topups, 0);
	assert_int_equal(hb_count(&A, CORE_STEP_AGED_MINOR), 0);
	core_household_free(&h);
}

static void test_topups(void **state)
{
	static const struct {
		const char *region;
		core_fen S, topups;
		int steps;
		const char *cat0, *amount0;
	} table[] = {
		/* 142 (elderly in 4401: higher than 130 for the disability) + 120 */
		{"440106", 120500, 26200, 2, "elderly", "142.00"},
		/* elsewhere 104 < 130: the disability top-up, + 120 */
		{"445102", 88700, 25000, 2, "severe_disability", "130.00"},
		/* and a minor's 60 in 620102 */
		{"620102", 92000, 31000, 3, "severe_disability", "130.00"},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_household h;
		topup_household(&h, table[i].region);
		hb_valid(&h, SON());
		assess_ok(&h, &SAM, SON(), NULL, &A);
		assert_int_equal(A.standard, table[i].S);
		assert_true(A.eligible);
		assert_int_equal(A.counted_income, 80000);
		assert_int_equal(A.allowance, core_money_ceil_yuan(table[i].S * 5 - 80000));
		assert_int_equal(A.topups, table[i].topups);
		assert_int_equal(A.payment, A.allowance + table[i].topups);
		/* one step a person at most: the first member once, not twice */
		assert_int_equal(hb_count(&A, CORE_STEP_TOPUP), table[i].steps);
		assert_string_equal(hb_value(&A, CORE_STEP_TOPUP, 0, "name"), "王奶奶");
		assert_string_equal(hb_value(&A, CORE_STEP_TOPUP, 0, "category"), table[i].cat0);
		assert_string_equal(hb_value(&A, CORE_STEP_TOPUP, 0, "amount"), table[i].amount0);
		assert_string_equal(hb_value(&A, CORE_STEP_TOPUP, 1, "name"), "王强");
		assert_string_equal(hb_value(&A, CORE_STEP_TOPUP, 1, "category"), "severe_illness");
		assert_string_equal(hb_value(&A, CORE_STEP_TOPUP, 1, "amount"), "120.00");
		assert_string_equal(hb_value(&A, CORE_STEP_TOPUP, 1, "source"), SAM.topups[3].source);
		if (table[i].steps == 3) {
			assert_string_equal(hb_value(&A, CORE_STEP_TOPUP, 2, "name"), "王小红");
			assert_string_equal(hb_value(&A, CORE_STEP_TOPUP, 2, "amount"), "60.00");
		}
		{
			char want[CORE_MONEY_BUF];
			core_money_format(table[i].topups, want);
			assert_string_equal(hb_value(&A, CORE_STEP_PAYMENT, 0, "topups"), want);
		}
		/* top-ups come after the allowance and before the payment */
		assert_true(hb_step(&A, CORE_STEP_ALLOWANCE, 0) < hb_step(&A, CORE_STEP_TOPUP, 0));
		assert_true(hb_step(&A, CORE_STEP_TOPUP, table[i].steps - 1) <
		            hb_step(&A, CORE_STEP_PAYMENT, 0));

		/* not eligible: no top-ups either */
		hb_income(&h.members[4], CORE_INCOME_PENSION, table[i].S * 5, 0);
		assess_ok(&h, &SAM, SON(), NULL, &A);
		assert_false(A.eligible);
		assert_int_equal(A.topups, 0);
		assert_int_equal(A.payment, 0);
		assert_int_equal(hb_count(&A, CORE_STEP_TOPUP), 0);
		core_household_free(&h);
	}
	/* the default policy has none */
	{
		core_household h;
		topup_household(&h, "440106");
		assess_ok(&h, &DEF, ON(), NULL, &A);
		assert_true(A.eligible);
		assert_int_equal(A.topups, 0);
		assert_int_equal(A.payment, A.allowance);
		assert_int_equal(hb_count(&A, CORE_STEP_TOPUP), 0);
		core_household_free(&h);
	}
	/* refused on assets: no top-ups */
	{
		core_household h;
		topup_household(&h, "440106");
		h.financial = 24 * 120500 * 5 + 1;
		assess_ok(&h, &SAM, SON(), NULL, &A);
		assert_false(A.eligible);
		assert_int_equal(A.topups, 0);
		assert_int_equal(A.payment, 0);
		assert_int_equal(hb_count(&A, CORE_STEP_TOPUP), 0);
		core_household_free(&h);
	}
}

/* ---- incomes counted and not counted ------------------------------------------------ */

static void test_income_sources(void **state)
{
	(void)state;
	for (int s = 0; s < CORE_INCOME_COUNT; s++) {
		core_household h;
		bool counted = core_income_counted_nationally((core_income_source)s);
		const char *id = core_income_id((core_income_source)s);
		hb_simple(&h, "440106", 2, CORE_INCOME_WAGES, 0);
		hb_income(&h.members[0], CORE_INCOME_PENSION, 50000, 0);
		hb_income(&h.members[1], (core_income_source)s, 30012, 0);
		hb_valid(&h, ON());
		assess_ok(&h, &DEF, ON(), NULL, &A);
		assert_int_equal(A.counted_income, counted ? 80012 : 50000);
		assert_int_equal(A.allowance, core_money_ceil_yuan(116500 * 2 - A.counted_income));
		if (counted) {
			assert_int_equal(hb_count(&A, CORE_STEP_COUNTED), 2);
			assert_int_equal(hb_count(&A, CORE_STEP_DISREGARDED), 0);
			assert_string_equal(hb_value(&A, CORE_STEP_COUNTED, 1, "income_source"), id);
			assert_string_equal(hb_value(&A, CORE_STEP_COUNTED, 1, "amount"), "300.12");
		} else {
			/* listed as disregarded, with the rule, and not counted */
			assert_int_equal(hb_count(&A, CORE_STEP_COUNTED), 1);
			assert_int_equal(hb_count(&A, CORE_STEP_DISREGARDED), 1);
			assert_string_equal(hb_value(&A, CORE_STEP_DISREGARDED, 0, "name"), "成员2");
			assert_string_equal(hb_value(&A, CORE_STEP_DISREGARDED, 0, "source_name"), id);
			assert_string_equal(hb_value(&A, CORE_STEP_DISREGARDED, 0, "income_source"), id);
			assert_string_equal(hb_value(&A, CORE_STEP_DISREGARDED, 0, "amount"), "300.12");
			assert_string_equal(hb_value(&A, CORE_STEP_DISREGARDED, 0, "source"), DEF.income.source);
		}
		core_household_free(&h);
	}
}

/* All sources at once, disregarded ones between counted ones. */
static void test_disregarded_mixed(void **state)
{
	core_household h;
	core_fen counted = 0;
	(void)state;
	hb_simple(&h, "445102", 3, CORE_INCOME_WAGES, 0);
	for (int s = 0; s < CORE_INCOME_COUNT; s++) {
		core_fen x = 1000 * (s + 1) + s;
		hb_income(&h.members[s % 3], (core_income_source)(CORE_INCOME_COUNT - 1 - s), x, 0);
		if (core_income_counted_nationally((core_income_source)(CORE_INCOME_COUNT - 1 - s)))
			counted += x;
	}
	hb_valid(&h, ON());
	assess_ok(&h, &DEF, ON(), NULL, &A);
	assert_int_equal(A.counted_income, counted);
	assert_int_equal(hb_count(&A, CORE_STEP_COUNTED), 10);
	assert_int_equal(hb_count(&A, CORE_STEP_DISREGARDED), 7);
	assert_int_equal(A.allowance, core_money_ceil_yuan(85700 * 3 - counted));
	/* the sample disregards the same list */
	assess_ok(&h, &SAM, SON(), NULL, &B);
	assert_int_equal(hb_count(&B, CORE_STEP_DISREGARDED), 7);
	core_household_free(&h);
}

/* ---- the employment-cost deduction (sample: 30% of S) -------------------------------- */

typedef struct {
	core_income_source s;
	core_fen monthly;
} inc;

static void test_deduction(void **state)
{
	static const struct {
		const char *region;
		inc in[3];
		core_fen counted;
		const char *deduction; /* NULL: none */
	} table[] = {
		/* S 1205.00: 30% is 361.50 */
		{"440106", {{CORE_INCOME_WAGES, 200000}}, 163850, "361.50"},
		/* never more than the earnings */
		{"440106", {{CORE_INCOME_WAGES, 30000}}, 0, "300.00"},
		{"440106", {{CORE_INCOME_WAGES, 36150}}, 0, "361.50"},
		{"440106", {{CORE_INCOME_WAGES, 36151}}, 1, "361.50"},
		{"440106", {{CORE_INCOME_WAGES, 1}}, 0, "0.01"},
		/* earnings from work only: wages, flexible work, business, farming */
		{"440106", {{CORE_INCOME_FLEXIBLE_WORK, 50000}}, 13850, "361.50"},
		{"440106", {{CORE_INCOME_BUSINESS, 50000}}, 13850, "361.50"},
		{"440106", {{CORE_INCOME_AGRICULTURE, 50000}}, 13850, "361.50"},
		{"440106", {{CORE_INCOME_PENSION, 150000}}, 150000, NULL},
		{"440106", {{CORE_INCOME_PROPERTY, 150000}}, 150000, NULL},
		{"440106", {{CORE_INCOME_WAGES, 0}}, 0, NULL},
		/* capped by the earnings, not by all income */
		{"440106", {{CORE_INCOME_WAGES, 10000}, {CORE_INCOME_PENSION, 50000}}, 50000, "100.00"},
		{"440106", {{CORE_INCOME_WAGES, 10000}, {CORE_INCOME_FLEXIBLE_WORK, 20000}, {CORE_INCOME_PENSION, 5000}}, 5000, "300.00"},
		/* one deduction per member however many jobs */
		{"440106", {{CORE_INCOME_WAGES, 100000}, {CORE_INCOME_FLEXIBLE_WORK, 100000}}, 163850, "361.50"},
		/* S 887.00: 266.10 */
		{"445102", {{CORE_INCOME_WAGES, 100000}}, 73390, "266.10"},
		/* S 920.00: 276.00 */
		{"620102", {{CORE_INCOME_WAGES, 100000}}, 72400, "276.00"},
		/* a disregarded income is no earning */
		{"440106", {{CORE_INCOME_SCHOLARSHIP, 100000}}, 0, NULL},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_household h;
		hb_simple(&h, table[i].region, 2, CORE_INCOME_WAGES, 0);
		for (size_t k = 0; k < 3 && (k == 0 || table[i].in[k].monthly); k++)
			hb_income(&h.members[0], table[i].in[k].s, table[i].in[k].monthly, 0);
		hb_valid(&h, SON());
		assess_ok(&h, &SAM, SON(), NULL, &A);
		if (A.counted_income != table[i].counted)
			fail_msg("case %zu: counted %lld, want %lld", i,
			         (long long)A.counted_income, (long long)table[i].counted);
		if (!table[i].deduction) {
			assert_int_equal(hb_count(&A, CORE_STEP_DEDUCTION), 0);
		} else {
			assert_int_equal(hb_count(&A, CORE_STEP_DEDUCTION), 1);
			assert_string_equal(hb_value(&A, CORE_STEP_DEDUCTION, 0, "deduction"), table[i].deduction);
			assert_string_equal(hb_value(&A, CORE_STEP_DEDUCTION, 0, "percent"), "30");
			assert_string_equal(hb_value(&A, CORE_STEP_DEDUCTION, 0, "name"), "成员1");
			assert_string_equal(hb_value(&A, CORE_STEP_DEDUCTION, 0, "source"), SAM.deduction.source);
		}
		/* off in the default: everything counted */
		assess_ok(&h, &DEF, ON(), NULL, &B);
		assert_int_equal(hb_count(&B, CORE_STEP_DEDUCTION), 0);
		core_household_free(&h);
	}
	/* each employed member has one; the others none */
	{
		core_household h;
		hb_simple(&h, "440106", 3, CORE_INCOME_WAGES, 100000);
		hb_income(&h.members[1], CORE_INCOME_FLEXIBLE_WORK, 20000, 0);
		hb_income(&h.members[2], CORE_INCOME_PENSION, 70000, 0);
		assess_ok(&h, &SAM, SON(), NULL, &A);
		assert_int_equal(hb_count(&A, CORE_STEP_DEDUCTION), 2);
		assert_string_equal(hb_value(&A, CORE_STEP_DEDUCTION, 0, "name"), "成员1");
		assert_string_equal(hb_value(&A, CORE_STEP_DEDUCTION, 1, "name"), "成员2");
		assert_string_equal(hb_value(&A, CORE_STEP_DEDUCTION, 1, "deduction"), "200.00");
		assert_int_equal(A.counted_income, 100000 - 36150 + 0 + 70000);
		assert_int_equal(A.allowance, core_money_ceil_yuan(120500 * 3 - A.counted_income));
		core_household_free(&h);
	}
}

/* ---- the earnings disregard (sample: 3 months) ----------------------------------------- */

static void test_earnings_disregard(void **state)
{
	static const struct {
		core_income_source s;
		int y, m; /* since; 0: not known */
		bool disregarded;
		const char *since;
	} table[] = {
		/* assessed 2025-01-15: the start month is the first of three */
		{CORE_INCOME_WAGES, 2025, 1, true, "2025-01"},
		{CORE_INCOME_WAGES, 2024, 12, true, "2024-12"},
		{CORE_INCOME_WAGES, 2024, 11, true, "2024-11"},
		{CORE_INCOME_WAGES, 2024, 10, false, NULL}, /* exactly 3 months ago */
		{CORE_INCOME_WAGES, 2024, 1, false, NULL},
		{CORE_INCOME_WAGES, 0, 0, false, NULL},
		{CORE_INCOME_FLEXIBLE_WORK, 2024, 12, true, "2024-12"},
		{CORE_INCOME_BUSINESS, 2024, 11, true, "2024-11"},
		{CORE_INCOME_AGRICULTURE, 2025, 1, true, "2025-01"},
		/* not earnings: counted whenever it began */
		{CORE_INCOME_PENSION, 2025, 1, false, NULL},
		{CORE_INCOME_UNEMPLOYMENT, 2024, 12, false, NULL},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_household h;
		core_month since = table[i].y ? core_month_make(table[i].y, table[i].m) : 0;
		bool earned = SAM.income.earned[table[i].s];
		hb_simple(&h, "440106", 2, CORE_INCOME_WAGES, 0);
		hb_income(&h.members[1], table[i].s, 150000, since);
		hb_valid(&h, SON());
		assess_ok(&h, &SAM, SON(), NULL, &A);
		if (table[i].disregarded) {
			assert_int_equal(A.counted_income, 0);
			assert_int_equal(hb_count(&A, CORE_STEP_NEW_WORK), 1);
			assert_int_equal(hb_count(&A, CORE_STEP_COUNTED), 0);
			/* nothing counted from work: nothing to deduct */
			assert_int_equal(hb_count(&A, CORE_STEP_DEDUCTION), 0);
			assert_string_equal(hb_value(&A, CORE_STEP_NEW_WORK, 0, "since"), table[i].since);
			assert_string_equal(hb_value(&A, CORE_STEP_NEW_WORK, 0, "months"), "3");
			assert_string_equal(hb_value(&A, CORE_STEP_NEW_WORK, 0, "amount"), "1500.00");
			assert_string_equal(hb_value(&A, CORE_STEP_NEW_WORK, 0, "income_source"),
			                    core_income_id(table[i].s));
			assert_string_equal(hb_value(&A, CORE_STEP_NEW_WORK, 0, "source"), SAM.disregard.source);
			assert_int_equal(A.allowance, 241000);
		} else {
			if (A.counted_income != 150000 - (earned ? 36150 : 0))
				fail_msg("case %zu: counted %lld", i, (long long)A.counted_income);
			assert_int_equal(hb_count(&A, CORE_STEP_NEW_WORK), 0);
			assert_int_equal(hb_count(&A, CORE_STEP_COUNTED), 1);
		}
		/* off in the default policy */
		assess_ok(&h, &DEF, ON(), NULL, &B);
		assert_int_equal(B.counted_income, 150000);
		assert_int_equal(hb_count(&B, CORE_STEP_NEW_WORK), 0);
		core_household_free(&h);
	}
	/* a new job beside an old one: the old one counts, with the deduction */
	{
		core_household h;
		hb_simple(&h, "440106", 1, CORE_INCOME_WAGES, 0);
		hb_income(&h.members[0], CORE_INCOME_WAGES, 100000, core_month_make(2023, 5));
		hb_income(&h.members[0], CORE_INCOME_FLEXIBLE_WORK, 50000, core_month_make(2025, 1));
		assess_ok(&h, &SAM, SON(), NULL, &A);
		assert_int_equal(A.counted_income, 100000 - 36150);
		assert_int_equal(hb_count(&A, CORE_STEP_NEW_WORK), 1);
		assert_string_equal(hb_value(&A, CORE_STEP_DEDUCTION, 0, "deduction"), "361.50");
		core_household_free(&h);
	}
}

/* ---- imputed income (sample: 2,300.00 for ages 16 to 59) -------------------------------- */

static void test_imputed_income(void **state)
{
	static const struct {
		int by, bm, bd;
		bool able, refuses;
		inc in;
		core_fen counted;
		const char *declared; /* NULL: not imputed */
	} table[] = {
		/* assessed 2025-01-15 */
		{2009, 1, 15, true, true, {CORE_INCOME_WAGES, 0}, 230000, "0.00"},  /* 16 today */
		{2009, 1, 16, true, true, {CORE_INCOME_WAGES, 0}, 0, NULL},         /* 15 */
		{1965, 1, 16, true, true, {CORE_INCOME_WAGES, 0}, 230000, "0.00"},  /* 59 */
		{1965, 1, 15, true, true, {CORE_INCOME_WAGES, 0}, 0, NULL},         /* 60 today */
		{1990, 6, 1, true, false, {CORE_INCOME_WAGES, 0}, 0, NULL},         /* works or seeks work */
		{1990, 6, 1, false, false, {CORE_INCOME_WAGES, 0}, 0, NULL},
		/* earnings below the minimum wage: the minimum wage instead; not
		 * an employed member, so no deduction (never more than earnings) */
		{1990, 6, 1, true, true, {CORE_INCOME_WAGES, 100000}, 230000, "1000.00"},
		{1990, 6, 1, true, true, {CORE_INCOME_WAGES, 1}, 230000, "0.01"},
		{1990, 6, 1, true, true, {CORE_INCOME_WAGES, 229999}, 230000, "2299.99"},
		/* earnings at or above it: as declared, with the deduction */
		{1990, 6, 1, true, true, {CORE_INCOME_WAGES, 230000}, 230000 - 36150, NULL},
		{1990, 6, 1, true, true, {CORE_INCOME_WAGES, 300000}, 300000 - 36150, NULL},
		/* other income stays; no earnings, no deduction */
		{1990, 6, 1, true, true, {CORE_INCOME_PENSION, 50000}, 280000, "0.00"},
		{1990, 6, 1, true, true, {CORE_INCOME_SCHOLARSHIP, 50000}, 230000, "0.00"},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_household h;
		core_member *m;
		hb_init(&h, "440106");
		hb_member(&h, "户主", 1950, 1, 1, CAT(ELDERLY));
		m = hb_member(&h, "儿子", table[i].by, table[i].bm, table[i].bd, 0);
		m->able_to_work = table[i].able;
		m->refuses_work = table[i].refuses;
		if (table[i].in.monthly)
			hb_income(m, table[i].in.s, table[i].in.monthly, 0);
		hb_valid(&h, SON());
		assess_ok(&h, &SAM, SON(), NULL, &A);
		if (A.counted_income != table[i].counted)
			fail_msg("case %zu: counted %lld, want %lld", i,
			         (long long)A.counted_income, (long long)table[i].counted);
		if (!table[i].declared) {
			assert_int_equal(hb_count(&A, CORE_STEP_IMPUTED), 0);
		} else {
			assert_int_equal(hb_count(&A, CORE_STEP_IMPUTED), 1);
			assert_string_equal(hb_value(&A, CORE_STEP_IMPUTED, 0, "name"), "儿子");
			assert_string_equal(hb_value(&A, CORE_STEP_IMPUTED, 0, "imputed"), "2300.00");
			assert_string_equal(hb_value(&A, CORE_STEP_IMPUTED, 0, "declared"), table[i].declared);
			assert_string_equal(hb_value(&A, CORE_STEP_IMPUTED, 0, "source"), SAM.imputed.source);
			assert_int_equal(hb_count(&A, CORE_STEP_DEDUCTION), 0);
		}
		/* off in the default policy */
		assess_ok(&h, &DEF, ON(), NULL, &B);
		assert_int_equal(hb_count(&B, CORE_STEP_IMPUTED), 0);
		core_household_free(&h);
	}
}

/* ---- assets (the default: 24 x S a person, vehicles, homes) -------------------------------- */

static void test_assets(void **state)
{
	enum { V_NONE, V_EXEMPT, V_CAR, V_TWO_CARS, V_BOTH };
	static const struct {
		int n;
		core_fen H, financial;
		int vehicles, homes;
		bool refuses_vehicle;
		bool eligible;
		core_reason reasons[3];
		size_t n_reasons;
		bool homes_flag;
	} table[] = {
		/* 24 x 1165.00 x 2 = 55,920.00: at the limit is within it */
		{2, 0, 5592000, V_NONE, 1, true, true, {0}, 0, false},
		{2, 0, 5592001, V_NONE, 1, true, false, {CORE_REASON_FINANCIAL}, 1, false},
		{1, 0, 2796000, V_NONE, 0, true, true, {0}, 0, false},
		{1, 0, 2796001, V_NONE, 0, true, false, {CORE_REASON_FINANCIAL}, 1, false},
		{1, 0, 0, V_EXEMPT, 0, true, true, {0}, 0, false},
		{1, 0, 0, V_CAR, 0, true, false, {CORE_REASON_VEHICLE}, 1, false},
		{1, 0, 0, V_TWO_CARS, 0, true, false, {CORE_REASON_VEHICLE}, 1, false},
		{1, 0, 0, V_BOTH, 0, true, false, {CORE_REASON_VEHICLE}, 1, false},
		/* homes: a flag for a person, never a refusal */
		{2, 0, 0, V_NONE, 2, true, true, {0}, 0, true},
		{2, 0, 0, V_NONE, 3, true, true, {0}, 0, true},
		{2, 0, 0, V_NONE, 0, true, true, {0}, 0, false},
		/* everything at once, reasons in order */
		{1, 116500, 2796001, V_TWO_CARS, 2, true, false,
		 {CORE_REASON_INCOME, CORE_REASON_FINANCIAL, CORE_REASON_VEHICLE}, 3, true},
		/* a policy where vehicles do not refuse */
		{1, 0, 0, V_TWO_CARS, 0, false, true, {0}, 0, false},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_household h;
		core_policy *p = &DEF;
		char want[CORE_MONEY_BUF];
		int cars = 0, exempt = 0;
		hb_simple(&h, "440106", table[i].n, CORE_INCOME_WAGES, table[i].H);
		h.financial = table[i].financial;
		h.homes = table[i].homes;
		switch (table[i].vehicles) {
		case V_EXEMPT: hb_vehicle(&h, "电动三轮车 for a livelihood", true); exempt = 1; break;
		case V_CAR: hb_vehicle(&h, "小汽车 粤A12345", false); cars = 1; break;
		case V_TWO_CARS:
			hb_vehicle(&h, "小汽车 粤A12345", false);
			hb_vehicle(&h, "摩托车", false);
			cars = 2;
			break;
		case V_BOTH:
			hb_vehicle(&h, "残疾人代步车", true);
			hb_vehicle(&h, "小汽车 粤A12345", false);
			cars = exempt = 1;
			break;
		}
		hb_valid(&h, ON());
		DEF.assets.vehicle_refuses = table[i].refuses_vehicle;
		assess_ok(&h, p, ON(), NULL, &A);
		DEF.assets.vehicle_refuses = true;
		if (A.eligible != table[i].eligible)
			fail_msg("case %zu: eligible %d", i, A.eligible);
		assert_int_equal(A.n_reasons, table[i].n_reasons);
		for (size_t r = 0; r < table[i].n_reasons; r++)
			assert_int_equal(A.reasons[r], table[i].reasons[r]);
		if (!table[i].eligible) {
			assert_int_equal(A.allowance, 0);
			assert_int_equal(A.payment, 0);
			assert_int_equal(hb_count(&A, CORE_STEP_ALLOWANCE), 0);
		} else {
			assert_int_equal(A.allowance, 116500 * table[i].n);
		}
		/* the financial step, with the limit */
		core_money_format(24 * 116500 * (core_fen)table[i].n, want);
		if (table[i].financial > 24 * 116500 * (core_fen)table[i].n) {
			assert_string_equal(hb_value(&A, CORE_STEP_FINANCIAL_OVER, 0, "limit"), want);
			assert_int_equal(hb_count(&A, CORE_STEP_FINANCIAL_OK), 0);
		} else {
			assert_string_equal(hb_value(&A, CORE_STEP_FINANCIAL_OK, 0, "limit"), want);
			assert_string_equal(hb_value(&A, CORE_STEP_FINANCIAL_OK, 0, "months"), "24");
			assert_int_equal(hb_count(&A, CORE_STEP_FINANCIAL_OVER), 0);
		}
		/* one step a vehicle */
		if (table[i].refuses_vehicle) {
			assert_int_equal(hb_count(&A, CORE_STEP_VEHICLE), cars);
			assert_int_equal(hb_count(&A, CORE_STEP_VEHICLE_EXEMPT), exempt);
		} else {
			assert_int_equal(hb_count(&A, CORE_STEP_VEHICLE), 0);
		}
		if (cars && table[i].refuses_vehicle)
			assert_string_equal(hb_value(&A, CORE_STEP_VEHICLE, 0, "vehicle"),
			                    "小汽车 粤A12345");
		if (table[i].homes_flag) {
			char homes[8];
			snprintf(homes, sizeof(homes), "%d", table[i].homes);
			assert_int_equal(A.n_flags, 1);
			assert_string_equal(A.flags[0].rule, "homes");
			assert_string_equal(A.flags[0].detail, homes);
			assert_string_equal(hb_value(&A, CORE_STEP_HOMES, 0, "homes"), homes);
		} else {
			assert_int_equal(A.n_flags, 0);
			assert_int_equal(hb_count(&A, CORE_STEP_HOMES), 0);
		}
		core_household_free(&h);
	}
}

/* ---- early warning -------------------------------------------------------------------- */

static void test_early_warning(void **state)
{
	enum { NOT, RECEIVING, IN_TRANSITION, NO_CASE };
	static const struct {
		bool sample;
		int n;
		core_fen H;
		int now;
		bool warning;
	} table[] = {
		/* default 90% of 1165.00 = 1048.50 */
		{false, 1, 104850, RECEIVING, true},
		{false, 1, 104849, RECEIVING, false},
		{false, 1, 104838, RECEIVING, false},  /* 89.99% */
		{false, 1, 116499, RECEIVING, true},
		{false, 1, 104850, NOT, false},
		{false, 1, 116499, NOT, false},
		{false, 1, 104850, NO_CASE, false},
		{false, 1, 110000, IN_TRANSITION, true},
		{false, 3, 314550, RECEIVING, true},
		{false, 3, 314549, RECEIVING, false},
		{false, 3, 0, RECEIVING, false},
		/* the sample: 85% of 1205.00 = 1024.25 */
		{true, 1, 102425, RECEIVING, true},
		{true, 1, 102424, RECEIVING, false},
		{true, 2, 204850, RECEIVING, true},
		{true, 2, 204849, RECEIVING, false},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_household h;
		core_case_now now;
		const core_policy *p = table[i].sample ? &SAM : &DEF;
		core_date on = table[i].sample ? SON() : ON();
		memset(&now, 0, sizeof(now));
		now.receiving = table[i].now == RECEIVING;
		now.allowance = 50000;
		if (table[i].now == IN_TRANSITION) {
			now.in_transition = true;
			core_transition_plan(p, 50000, 116500, 130000, 1,
			                     core_month_of_date(on) - 1,
			                     p->transition.taper, &now.transition);
		}
		/* pension: no deduction in the sample */
		hb_simple(&h, "440106", table[i].n, CORE_INCOME_PENSION, table[i].H);
		assess_ok(&h, p, on, table[i].now == NO_CASE ? NULL : &now, &A);
		if (A.warning != table[i].warning)
			fail_msg("case %zu: warning %d", i, A.warning);
		assert_int_equal(hb_count(&A, CORE_STEP_WARNING), table[i].warning);
		if (table[i].warning) {
			assert_true(A.eligible);
			assert_int_equal(A.warning_percent, p->warning.percent);
			assert_int_equal(A.warning_threshold, table[i].sample ? 102425 : 104850);
			assert_string_equal(hb_value(&A, CORE_STEP_WARNING, 0, "percent"),
			                    table[i].sample ? "85" : "90");
			assert_string_equal(hb_value(&A, CORE_STEP_WARNING, 0, "threshold"),
			                    table[i].sample ? "1024.25" : "1048.50");
			assert_string_equal(hb_value(&A, CORE_STEP_WARNING, 0, "source"), p->warning.source);
			/* a flag for a visit does not change the allowance */
			assert_int_equal(A.allowance, core_money_ceil_yuan(A.standard * table[i].n - table[i].H));
			assert_true(hb_step(&A, CORE_STEP_PAYMENT, 0) < hb_step(&A, CORE_STEP_WARNING, 0));
		} else {
			assert_int_equal(A.warning_percent, 0);
		}
		core_household_free(&h);
	}
}

/* ---- steps: values and sentences -------------------------------------------------------- */

static const char *map_words(const char *name, const char *value)
{
	if (strcmp(name, "source_name") == 0 && strcmp(value, "business") == 0)
		return "经营净收入";
	if (strcmp(name, "amount") == 0)
		return "[amount]";
	return value;
}

static void test_step_render(void **state)
{
	core_household h;
	const core_step *st;
	char out[512], small[16];
	(void)state;
	hb_simple(&h, "440106", 3, CORE_INCOME_BUSINESS, 120000);
	assess_ok(&h, &DEF, ON(), NULL, &A);
	st = hb_step(&A, CORE_STEP_COUNTED, 0);
	assert_non_null(st);
	assert_int_equal(st->n, 4);
	assert_string_equal(core_step_value(&A, st, 0), "成员1");
	assert_string_equal(core_step_value(&A, st, 2), "1200.00");
	assert_string_equal(core_step_value(&A, st, 4), "");
	assert_string_equal(core_step_value(&A, st, -1), "");

	core_step_render(&A, st, core_step_template(st->code), NULL, out, sizeof(out));
	assert_string_equal(out, "成员1: business of 1200.00 yuan a month is counted.");
	/* a map replaces values for display */
	core_step_render(&A, st, core_step_template(st->code), map_words, out, sizeof(out));
	assert_string_equal(out, "成员1: 经营净收入 of [amount] yuan a month is counted.");
	/* a translated template in another order */
	core_step_render(&A, st, "{name}的{source_name}每月{amount}元，计入收入。", map_words,
	                 out, sizeof(out));
	assert_string_equal(out, "成员1的经营净收入每月[amount]元，计入收入。");
	/* unknown names and a lone brace are left as they are */
	core_step_render(&A, st, "{nosuch} {amount} {name {", NULL, out, sizeof(out));
	assert_string_equal(out, "{nosuch} 1200.00 {name {");
	core_step_render(&A, st, "{}{amount}}", NULL, out, sizeof(out));
	assert_string_equal(out, "{}1200.00}");
	/* cut short: never inside a character */
	memset(small, 'x', sizeof(small));
	core_step_render(&A, st, "{name}{name}{name}", NULL, small, 12);
	assert_string_equal(small, "成员1成"); /* 3 + 3 + 1 + 3 = 10 bytes */
	core_step_render(&A, st, "{name}", NULL, small, 4);
	assert_string_equal(small, "成");
	/* exactly filling the buffer cuts nothing */
	core_step_render(&A, st, "{name}成", NULL, small, 11);
	assert_string_equal(small, "成员1成");
	core_step_render(&A, st, "{name}成", NULL, small, 10);
	assert_string_equal(small, "成员1");
	core_step_render(&A, st, "{name}", NULL, small, 3);
	assert_string_equal(small, "");
	core_step_render(&A, st, "abc", NULL, small, 1);
	assert_string_equal(small, "");
	small[0] = 'z';
	core_step_render(&A, st, "abc", NULL, small, 0);
	assert_int_equal(small[0], 'z');
	core_household_free(&h);
}

/* The steps of a household that fails: income, then assets. */
static void test_steps_not_eligible(void **state)
{
	core_household h;
	char codes[512];
	(void)state;
	hb_simple(&h, "620102", 2, CORE_INCOME_PENSION, 184001);
	hb_income(&h.members[1], CORE_INCOME_SCHOLARSHIP, 30000, 0);
	h.financial = 10000;
	hb_vehicle(&h, "轮椅车", true);
	hb_vehicle(&h, "货车", false);
	h.homes = 2;
	assess_ok(&h, &DEF, ON(), NULL, &A);
	assert_string_equal(hb_codes(&A, codes, sizeof(codes)),
	                    "standard members income_window income_counted "
	                    "income_disregarded household_income per_capita_income "
	                    "income_test_failed financial_assets_passed vehicle_exempt "
	                    "vehicle_refused homes_flagged no_allowance");
	assert_string_equal(hb_value(&A, CORE_STEP_PER_CAPITA, 0, "per_capita"), "920.00");
	assert_string_equal(hb_value(&A, CORE_STEP_INCOME_ABOVE, 0, "per_capita"), "920.00");
	assert_string_equal(hb_value(&A, CORE_STEP_NO_ALLOWANCE, 0, "exact"), "-0.01");
	assert_string_equal(hb_value(&A, CORE_STEP_VEHICLE, 0, "vehicle"), "货车");
	assert_string_equal(hb_value(&A, CORE_STEP_VEHICLE_EXEMPT, 0, "vehicle"), "轮椅车");
	assert_int_equal(A.n_reasons, 2);
	assert_int_equal(A.reasons[0], CORE_REASON_INCOME);
	assert_int_equal(A.reasons[1], CORE_REASON_VEHICLE);
	core_household_free(&h);
}

/* The sample's steps for an employed member, a new job, a refusal. */
static void test_steps_sample_options(void **state)
{
	core_household h;
	core_member *m;
	char codes[768];
	(void)state;
	hb_init(&h, "440106");
	m = hb_member(&h, "陈一", 1980, 1, 1, 0);
	hb_income(m, CORE_INCOME_WAGES, 180000, core_month_make(2022, 3));
	m = hb_member(&h, "陈二", 1985, 1, 1, 0);
	hb_income(m, CORE_INCOME_FLEXIBLE_WORK, 90000, core_month_make(2024, 12));
	m = hb_member(&h, "陈三", 2000, 1, 1, 0);
	m->able_to_work = m->refuses_work = true;
	m = hb_member(&h, "陈奶奶", 1945, 1, 1, CAT(ELDERLY));
	hb_income(m, CORE_INCOME_RESIDENT_PENSION, 20000, 0);
	hb_valid(&h, SON());
	assess_ok(&h, &SAM, SON(), NULL, &A);
	assert_string_equal(hb_codes(&A, codes, sizeof(codes)),
	                    "standard members income_window income_counted "
	                    "employment_deduction earnings_disregard imputed_income "
	                    "income_disregarded household_income per_capita_income "
	                    "income_test_passed financial_assets_passed allowance "
	                    "aged_elderly topup payment");
	/* 1800 - 361.50 + 0 + 2300 + 0 = 3738.50; 4 x 1205 = 4820 */
	assert_int_equal(A.counted_income, 373850);
	assert_int_equal(A.allowance, 108200);
	assert_int_equal(A.topups, 14200);
	assert_int_equal(A.payment, 122400);
	assert_string_equal(hb_value(&A, CORE_STEP_WINDOW, 0, "months"), "12");
	assert_string_equal(hb_value(&A, CORE_STEP_STANDARD, 0, "standard"), "1205.00");
	assert_string_equal(hb_value(&A, CORE_STEP_ALLOWANCE, 0, "exact"), "1081.50");
	core_household_free(&h);
}

/* ---- properties ---------------------------------------------------------------------- */

/* Allowance from its rule, computed here independently. */
static core_fen rule_allowance(core_fen S, int n, core_fen H)
{
	core_fen gap = S * n - H;
	if (gap <= 0)
		return 0;
	return gap % 100 ? (gap / 100 + 1) * 100 : gap;
}

/* Fen by fen: the allowance never rises as counted income rises, and is
 * the rule's figure everywhere. */
static void test_property_monotone_sweep(void **state)
{
	size_t nreg;
	const core_demo_region *reg = core_demo_regions(&nreg);
	long checked = 0;
	(void)state;
	for (size_t r = 0; r < nreg; r++) {
		for (int n = 1; n <= 8; n += 3) {
			core_household h;
			core_fen prev = -1, S = reg[r].standard, top = S * n;
			hb_simple(&h, reg[r].region, n, CORE_INCOME_OTHER_COUNTED, 1);
			for (core_fen H = 0; H <= top + 300; H += H < top - 2500 ? 97 : 1) {
				h.members[0].incomes[0].monthly = H;
				assess_ok(&h, &DEF, ON(), NULL, &A);
				assert_int_equal(A.standard, S);
				assert_int_equal(A.counted_income, H);
				if (A.allowance != rule_allowance(S, n, H))
					fail_msg("%s n %d H %lld: %lld", reg[r].region, n,
					         (long long)H, (long long)A.allowance);
				assert_int_equal(A.eligible, H < top);
				if (A.eligible)
					assert_true(A.allowance - (top - H) >= 0 &&
					            A.allowance - (top - H) < 100);
				if (prev >= 0 && A.allowance > prev)
					fail_msg("%s n %d: allowance rose to %lld at H %lld", reg[r].region,
					         n, (long long)A.allowance, (long long)H);
				prev = A.allowance;
				checked++;
			}
			core_household_free(&h);
		}
	}
	print_message("monotone sweep: %ld assessments\n", checked);
}

/* The sample's options, earnings swept fen by fen: counted income is what
 * the rules give (computed here apart), never falls as earnings rise for a
 * member who works (the deduction is capped by the earnings), and the
 * allowance follows counted income. A member who refuses work is counted
 * at the minimum wage until earning it, then as declared less the
 * deduction: counted income drops there by the deduction, by design. */
static void test_property_monotone_sample(void **state)
{
	static const struct {
		const char *region;
		bool refuses;
		core_fen S;
	} table[] = {
		{"440106", false, 120500},
		{"440106", true, 120500},
		{"445102", false, 88700},
		{"620102", true, 92000},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_household h;
		core_fen prev_allow = -1, prev_h = -1, D = table[i].S * 30 / 100;
		hb_simple(&h, table[i].region, 2, CORE_INCOME_WAGES, 1);
		h.members[0].able_to_work = h.members[0].refuses_work = table[i].refuses;
		hb_income(&h.members[1], CORE_INCOME_PENSION, 40000, 0);
		for (core_fen w = 0; w <= 300000; w += w < 40000 || (w > 225000 && w < 235000) ? 1 : 13) {
			core_fen want;
			h.members[0].incomes[0].monthly = w;
			assess_ok(&h, &SAM, SON(), NULL, &A);
			if (table[i].refuses && w < 230000)
				want = 40000 + 230000;
			else
				want = 40000 + w - (w < D ? w : D);
			if (A.counted_income != want)
				fail_msg("%s refuses %d w %lld: counted %lld, want %lld",
				         table[i].region, table[i].refuses, (long long)w,
				         (long long)A.counted_income, (long long)want);
			assert_int_equal(A.allowance, rule_allowance(A.standard, 2, A.counted_income));
			if (!(table[i].refuses && w == 230000)) {
				assert_true(A.counted_income >= prev_h);
				assert_true(prev_allow < 0 || A.allowance <= prev_allow);
			}
			prev_allow = A.allowance;
			prev_h = A.counted_income;
		}
		core_household_free(&h);
	}
}

/* The categories a member has on a date, worked out here from the
 * digits of the ID number: elderly at 60 or over, a minor under 18
 * (DOMAIN.md), and the declared others. */
static unsigned model_categories(const core_member *m, core_date on)
{
	const char *id = m->id_number;
	int by = atoi((char[]){id[6], id[7], id[8], id[9], 0});
	int bmd = atoi((char[]){id[10], id[11], id[12], id[13], 0});
	int y, mo, d, age;
	unsigned cats = m->categories & ~(CAT(ELDERLY) | CAT(MINOR));
	core_date_to_ymd(on, &y, &mo, &d);
	age = y - by - (mo * 100 + d < bmd ? 1 : 0);
	if (age >= 60)
		cats |= CAT(ELDERLY);
	if (age < 18)
		cats |= CAT(MINOR);
	return cats;
}

static core_fen national_counted(const core_household *h)
{
	core_fen H = 0;
	for (size_t i = 0; i < h->n_members; i++)
		for (size_t k = 0; k < h->members[i].n_incomes; k++)
			if (core_income_counted_nationally(h->members[i].incomes[k].source))
				H += h->members[i].incomes[k].monthly;
	return H;
}

/* Generated households under both policies: the income counted as the
 * rules say, allowance + top-ups = payment, each person's top-up once,
 * and a rise in income never raises the allowance. */
static void test_property_generated(void **state)
{
	static const uint64_t seeds[] = {1, 2, 3, 20241127};
	/* the demo regions, with the sample's standards on SON() */
	static const core_demo_region sample_regions[] = {
		{"440106", 120500}, {"440304", 88700}, {"440604", 88700},
		{"441900", 88700}, {"445102", 88700}, {"620102", 92000},
	};
	size_t nreg;
	const core_demo_region *reg = core_demo_regions(&nreg);
	long households = 0, eligible = 0, with_topups = 0, raises = 0;
	(void)state;
	for (size_t si = 0; si < N(seeds); si++) {
		for (int pol = 0; pol < 2; pol++) {
			core_rng rng, pick;
			core_household h;
			const core_policy *p = pol ? &SAM : &DEF;
			core_date on = pol ? SON() : ON();
			core_rng_seed(&rng, seeds[si]);
			core_rng_seed(&pick, seeds[si] ^ 0x5eed);
			core_household_init(&h);
			for (int k = 0; k < 1500; k++) {
				ds_error err;
				core_fen S, H0, topups = 0;
				int n;
				assert_int_equal(core_demo_household(&rng, pol ? sample_regions : reg,
				                                     pol ? N(sample_regions) : nreg,
				                                     on, &h, &err),
				                 DS_OK);
				assess_ok(&h, p, on, NULL, &A);
				households++;
				S = A.standard;
				n = (int)h.n_members;
				H0 = A.counted_income;
				if (!pol)
					assert_int_equal(H0, national_counted(&h));
				else
					assert_true(H0 <= national_counted(&h) + 230000 * n);
				assert_int_equal(A.members, n);
				assert_int_equal(A.per_capita, H0 / n);
				for (size_t i = 0; i < h.n_members; i++) {
					const core_topup *t;
					topups += core_policy_topup(p, h.region, model_categories(&h.members[i], on), &t);
				}
				if (A.eligible) {
					eligible++;
					assert_int_equal(A.allowance, rule_allowance(S, n, H0));
					assert_true(A.allowance > 0);
					assert_int_equal(A.topups, topups);
					assert_int_equal(A.payment, A.allowance + A.topups);
					assert_true(hb_count(&A, CORE_STEP_TOPUP) <= n);
					with_topups += topups > 0;
					{
						core_fen sum = 0;
						const core_step *st;
						for (int j = 0; (st = hb_step(&A, CORE_STEP_TOPUP, j)); j++)
							sum += hb_fen(hb_fig(&A, st, "amount"));
						assert_int_equal(sum, A.topups);
					}
				} else {
					assert_int_equal(A.allowance, 0);
					assert_int_equal(A.topups, 0);
					assert_int_equal(A.payment, 0);
					assert_true(A.n_reasons >= 1);
				}
				/* a rise of counted income: the allowance never rises */
				{
					core_fen rise = core_rng_range(&pick, 1, S * n);
					core_member *m = &h.members[core_rng_range(&pick, 0, n - 1)];
					if (m->n_incomes < CORE_INCOMES_MAX) {
						size_t j = m->n_incomes;
						bool had = false;
						for (size_t q = 0; q < m->n_incomes; q++)
							had |= m->incomes[q].source == CORE_INCOME_PROPERTY;
						if (!had) {
							hb_income(m, CORE_INCOME_PROPERTY, rise, 0);
							assess_ok(&h, p, on, NULL, &B);
							assert_int_equal(B.counted_income, H0 + rise);
							assert_true(B.allowance <= A.allowance);
							assert_true(!B.eligible || A.eligible);
							/* fen by fen for some */
							if (k % 25 == 0) {
								core_fen prev = B.allowance;
								for (core_fen f = 1; f <= 400; f++) {
									m->incomes[j].monthly = rise + f;
									assess_ok(&h, p, on, NULL, &B);
									assert_true(B.allowance <= prev);
									prev = B.allowance;
								}
							}
							raises++;
						}
					}
				}
			}
			core_household_free(&h);
		}
	}
	print_message("generated: %ld households, %ld eligible, %ld with top-ups, %ld raises\n",
	              households, eligible, with_topups, raises);
	assert_true(eligible > households / 2);
	assert_true(with_topups > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_step_tables),
		cmocka_unit_test(test_worked_example),
		cmocka_unit_test(test_regions),
		cmocka_unit_test(test_rounding),
		cmocka_unit_test(test_members_1_to_8),
		cmocka_unit_test(test_topups),
		cmocka_unit_test(test_topups_from_id),
		cmocka_unit_test(test_income_sources),
		cmocka_unit_test(test_disregarded_mixed),
		cmocka_unit_test(test_deduction),
		cmocka_unit_test(test_earnings_disregard),
		cmocka_unit_test(test_imputed_income),
		cmocka_unit_test(test_assets),
		cmocka_unit_test(test_early_warning),
		cmocka_unit_test(test_step_render),
		cmocka_unit_test(test_steps_not_eligible),
		cmocka_unit_test(test_steps_sample_options),
		cmocka_unit_test(test_property_monotone_sweep),
		cmocka_unit_test(test_property_monotone_sample),
		cmocka_unit_test(test_property_generated),
	};
	return cmocka_run_group_tests_name("assess", tests, setup, teardown);
}
