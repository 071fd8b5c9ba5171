/* test_transition.c — gradual withdrawal (core/assess): the monthly
 * payment under both tapers, the schedule with its dates, a transition
 * started, continued and left by a re-assessment; and the properties over
 * generated households: no cliff, schedules that sum to their steps,
 * linear payments falling and hold payments equal. The edges (issue 13):
 * exactly S withdraws, a withdrawal at exactly S goes on, an asset
 * failure stops at once with its step, the band step, and no drop in
 * total support fen by fen around S; around 1.5 x S the band edge. */
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

static core_assessment A;
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

static void assess_ok(const core_household *h, const core_policy *p,
                      core_date on, const core_case_now *now)
{
	ds_error err;
	ds_status st = core_assess(h, p, on, now, &A, &err);
	if (st != DS_OK)
		fail_msg("assessment failed: %s: %s %s %s", err.where, err.fmt,
		         err.arg[0], err.arg[1]);
	assert_false(A.truncated);
}

static core_month month(int y, int m)
{
	return core_month_make(y, m);
}

static const char *fmt_month(core_month m, char buf[8])
{
	core_month_format(m, buf);
	return buf;
}

/* ---- one month's payment --------------------------------------------------------- */

static void test_payment(void **state)
{
	static const struct {
		core_fen a0;
		int n;
		core_taper taper;
		core_fen want[8];
	} table[] = {
		/* DOMAIN.md's example */
		{119500, 6, CORE_TAPER_LINEAR, {119500, 99600, 79700, 59800, 39900, 20000}},
		{119500, 6, CORE_TAPER_HOLD, {119500, 119500, 119500, 119500, 119500, 119500}},
		/* 1195 x 2/3 = 796.67 -> 797; x 1/3 = 398.33 -> 399 */
		{119500, 3, CORE_TAPER_LINEAR, {119500, 79700, 39900}},
		{100000, 4, CORE_TAPER_LINEAR, {100000, 75000, 50000, 25000}},
		{100000, 1, CORE_TAPER_LINEAR, {100000}},
		/* a yuan a month: every fraction rounds up to the yuan */
		{100, 6, CORE_TAPER_LINEAR, {100, 100, 100, 100, 100, 100}},
		{500, 6, CORE_TAPER_LINEAR, {500, 500, 400, 300, 200, 100}},
		{0, 3, CORE_TAPER_LINEAR, {0, 0, 0}},
		/* A0 x (n - k + 1) / n exactly, then up: 1,000.01 x 1/2 = 500.005 */
		{100001, 2, CORE_TAPER_LINEAR, {100100, 50100}},
		{100001, 2, CORE_TAPER_HOLD, {100001, 100001}},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++)
		for (int k = 1; k <= table[i].n; k++) {
			core_fen got = core_transition_payment(table[i].a0, k, table[i].n,
			                                       table[i].taper);
			if (got != table[i].want[k - 1])
				fail_msg("case %zu month %d: %lld, want %lld", i, k,
				         (long long)got, (long long)table[i].want[k - 1]);
		}
	/* no months: A0 as it is */
	assert_int_equal(core_transition_payment(119500, 1, 0, CORE_TAPER_LINEAR), 119500);
	assert_int_equal(core_transition_payment(119500, 1, -2, CORE_TAPER_LINEAR), 119500);
	/* the largest amounts do not overflow */
	assert_int_equal(core_transition_payment(CORE_MONEY_MAX, 1, 36, CORE_TAPER_LINEAR),
	                 CORE_MONEY_MAX);
	assert_int_equal(core_transition_payment(CORE_MONEY_MAX, 36, 36, CORE_TAPER_LINEAR),
	                 core_money_ceil_yuan((CORE_MONEY_MAX + 35) / 36));
}

/* ---- the schedule and its dates --------------------------------------------------- */

static void test_plan(void **state)
{
	static const struct {
		bool sample;
		core_fen a0, S, H;
		int n;
		int sy, sm;
		int taper; /* -1: the policy's */
		int months;
		int ly, lm;             /* last month */
		int wy, wm, wd;         /* warning date */
		int ry, rm, rd;         /* referral */
		core_fen pay[6];
	} table[] = {
		/* default: exactly 1.5 x S: 6 months; warning 30 days before
		 * the last month; referral the day after it */
		{false, 119500, 116500, 174750, 1, 2026, 12, -1, 6, 2027, 5,
		 2027, 4, 1, 2027, 6, 1, {119500, 99600, 79700, 59800, 39900, 20000}},
		/* a fen above: the same 6 months (the excess is less than a
		 * yuan): no drop at the band's edge */
		{false, 119500, 116500, 174751, 1, 2026, 12, -1, 6, 2027, 5,
		 2027, 4, 1, 2027, 6, 1, {119500, 99600, 79700, 59800, 39900, 20000}},
		/* 200 yuan above: each month 200 less, the sixth nothing, so 5
		 * months; 2,985 in all, more than the 3 months' 2,391 */
		{false, 119500, 116500, 194750, 1, 2026, 12, -1, 5, 2027, 4,
		 2027, 3, 2, 2027, 5, 1, {99500, 79600, 59700, 39800, 19900}},
		/* 1,252.50 above: nothing left of the 6: its own 3 months */
		{false, 119500, 116500, 300000, 1, 2026, 12, -1, 3, 2027, 2,
		 2027, 1, 2, 2027, 3, 1, {119500, 79700, 39900}},
		/* per person, for 3 */
		{false, 229500, 116500, 524250, 3, 2026, 12, -1, 6, 2027, 5,
		 2027, 4, 1, 2027, 6, 1, {229500, 191300, 153000, 114750 + 50, 76500, 38300}},
		/* across a year and a leap February */
		{false, 60000, 85700, 90000, 1, 2027, 10, -1, 6, 2028, 3,
		 2028, 1, 31, 2028, 4, 1, {60000, 50000, 40000, 30000, 20000, 10000}},
		{false, 60000, 85700, 90000, 1, 2027, 11, -1, 6, 2028, 4,
		 2028, 3, 2, 2028, 5, 1, {60000, 50000, 40000, 30000, 20000, 10000}},
		/* the calculator's --taper hold under the default */
		{false, 119500, 116500, 174750, 1, 2026, 12, CORE_TAPER_HOLD, 6, 2027, 5,
		 2027, 4, 1, 2027, 6, 1, {119500, 119500, 119500, 119500, 119500, 119500}},
		/* sample: hold, bands 125% / 150%, warning 15 days before */
		{true, 50000, 120500, 150625, 1, 2025, 2, -1, 6, 2025, 7,
		 2025, 6, 16, 2025, 8, 1, {50000, 50000, 50000, 50000, 50000, 50000}},
		/* a fen above 125%: the 6 months kept, less the excess (none
		 * in whole yuan): no drop at the band's edge */
		{true, 50000, 120500, 150626, 1, 2025, 2, -1, 6, 2025, 7,
		 2025, 6, 16, 2025, 8, 1, {50000, 50000, 50000, 50000, 50000, 50000}},
		/* 166.66 yuan above: 6 x 334 = 2,004 still more than 4 x 500 */
		{true, 50000, 120500, 167291, 1, 2025, 2, -1, 6, 2025, 7,
		 2025, 6, 16, 2025, 8, 1, {33400, 33400, 33400, 33400, 33400, 33400}},
		/* 166.67 above: 6 x 334 would still be 2,004... one yuan more
		 * is 6 x 333 = 1,998, less than 4 x 500: its own 4 months */
		{true, 50000, 120500, 167325, 1, 2025, 2, -1, 4, 2025, 5,
		 2025, 4, 16, 2025, 6, 1, {50000, 50000, 50000, 50000}},
		{true, 50000, 120500, 180750, 1, 2025, 2, -1, 4, 2025, 5,
		 2025, 4, 16, 2025, 6, 1, {50000, 50000, 50000, 50000}},
		/* a fen above 150%: the 4 months of the band below, kept */
		{true, 50000, 120500, 180751, 1, 2025, 2, -1, 4, 2025, 5,
		 2025, 4, 16, 2025, 6, 1, {50000, 50000, 50000, 50000}},
		{true, 50000, 120500, 180751, 1, 2025, 2, CORE_TAPER_LINEAR, 4, 2025, 5,
		 2025, 4, 16, 2025, 6, 1, {50000, 37500, 25000, 12500}},
		/* far above: its own 3 months */
		{true, 50000, 120500, 250000, 1, 2025, 2, -1, 3, 2025, 4,
		 2025, 3, 17, 2025, 5, 1, {50000, 50000, 50000}},
		{true, 50000, 120500, 250000, 1, 2025, 2, CORE_TAPER_LINEAR, 3, 2025, 4,
		 2025, 3, 17, 2025, 5, 1, {50000, 33400, 16700}},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_transition t;
		const core_policy *p = table[i].sample ? &SAM : &DEF;
		core_taper taper = table[i].taper < 0 ? p->transition.taper
		                                      : (core_taper)table[i].taper;
		memset(&t, 0x5a, sizeof(t));
		core_transition_plan(p, table[i].a0, table[i].S, table[i].H, table[i].n,
		                     month(table[i].sy, table[i].sm), taper, &t);
		if (t.months != table[i].months)
			fail_msg("case %zu: %d months, want %d", i, t.months, table[i].months);
		assert_int_equal(t.taper, taper);
		assert_int_equal(t.previous, table[i].a0);
		assert_int_equal(t.first, month(table[i].sy, table[i].sm));
		assert_int_equal(t.last, month(table[i].ly, table[i].lm));
		assert_int_equal(t.warning, hb_day(table[i].wy, table[i].wm, table[i].wd));
		assert_int_equal(t.referral, hb_day(table[i].ry, table[i].rm, table[i].rd));
		for (int k = 0; k < t.months; k++)
			if (t.payments[k] != table[i].pay[k])
				fail_msg("case %zu month %d: %lld, want %lld", i, k + 1,
				         (long long)t.payments[k], (long long)table[i].pay[k]);
		for (int k = t.months; k < CORE_SCHEDULE_MAX; k++)
			assert_int_equal(t.payments[k], 0); /* the rest cleared */
	}
}

/* Longer bands, and no warning days. */
static void test_plan_long(void **state)
{
	core_policy p;
	core_transition t;
	(void)state;
	policy_default(&p);
	p.transition.bands[0].months = 36;
	p.transition.warning_days = 0;
	core_transition_plan(&p, 360000, 100000, 100001, 1, month(2026, 1),
	                     CORE_TAPER_LINEAR, &t);
	assert_int_equal(t.months, 36);
	assert_int_equal(t.last, month(2028, 12));
	assert_int_equal(t.warning, hb_day(2028, 12, 1));
	assert_int_equal(t.referral, hb_day(2029, 1, 1));
	for (int k = 0; k < 36; k++)
		assert_int_equal(t.payments[k], 360000 - 10000 * k);
	core_policy_free(&p);
}

/* ---- a transition through the assessment ----------------------------------------- */

static core_case_now receiving(core_fen a0)
{
	core_case_now now;
	memset(&now, 0, sizeof(now));
	now.receiving = true;
	now.allowance = a0;
	return now;
}

static void test_assess_starts_transition(void **state)
{
	static const struct {
		bool sample;
		const char *region;
		int n;
		core_fen a0, H;
		int y, m, d;       /* assessed */
		int months;
		int fy, fm;        /* first month */
		const char *taper;
		core_fen pay[6];
		/* the band step: within or above percent% of S, the threshold
		 * a person and for the household */
		bool above;
		const char *percent, *threshold, *limit;
	} table[] = {
		{false, "440106", 1, 119500, 174750, 2026, 11, 27, 6, 2026, 12, "linear",
		 {119500, 99600, 79700, 59800, 39900, 20000}, false, "150", "1747.50", "1747.50"},
		/* a fen above 1.5 x S: its band is the 3 months, but it keeps
		 * the 6 (no drop at the edge), less nothing in whole yuan */
		{false, "440106", 1, 119500, 174751, 2026, 11, 27, 6, 2026, 12, "linear",
		 {119500, 99600, 79700, 59800, 39900, 20000}, true, "150", "1747.50", "1747.50"},
		{false, "440106", 1, 119500, 300000, 2026, 11, 27, 3, 2026, 12, "linear",
		 {119500, 79700, 39900}, true, "150", "1747.50", "1747.50"},
		{false, "440106", 1, 119500, 116501, 2026, 11, 27, 6, 2026, 12, "linear",
		 {119500, 99600, 79700, 59800, 39900, 20000}, false, "150", "1747.50", "1747.50"},
		/* exactly S: no longer eligible on income, so it withdraws
		 * gradually (no cliff at the standard) */
		{false, "440106", 1, 119500, 116500, 2026, 11, 27, 6, 2026, 12, "linear",
		 {119500, 99600, 79700, 59800, 39900, 20000}, false, "150", "1747.50", "1747.50"},
		{false, "440106", 3, 119500, 349500, 2026, 11, 27, 6, 2026, 12, "linear",
		 {119500, 99600, 79700, 59800, 39900, 20000}, false, "150", "1747.50", "5242.50"},
		/* the first month after the assessment, whatever its day */
		{false, "440106", 1, 119500, 174750, 2026, 12, 31, 6, 2027, 1, "linear",
		 {119500, 99600, 79700, 59800, 39900, 20000}, false, "150", "1747.50", "1747.50"},
		{false, "440106", 1, 119500, 174750, 2026, 1, 1, 6, 2026, 2, "linear",
		 {119500, 99600, 79700, 59800, 39900, 20000}, false, "150", "1747.50", "1747.50"},
		{false, "620102", 4, 80000, 368001, 2026, 11, 27, 6, 2026, 12, "linear",
		 {80000, 66700, 53400, 40000, 26700, 13400}, false, "150", "1380.00", "5520.00"},
		/* the sample: hold; 125% of 887.00 x 2 = 2,217.50 */
		{true, "445102", 2, 80000, 221750, 2025, 1, 15, 6, 2025, 2, "hold",
		 {80000, 80000, 80000, 80000, 80000, 80000}, false, "125", "1108.75", "2217.50"},
		/* a fen above each limit: the longer band's months kept */
		{true, "445102", 2, 80000, 221751, 2025, 1, 15, 6, 2025, 2, "hold",
		 {80000, 80000, 80000, 80000, 80000, 80000}, false, "150", "1330.50", "2661.00"},
		{true, "445102", 2, 80000, 266101, 2025, 1, 15, 4, 2025, 2, "hold",
		 {80000, 80000, 80000, 80000}, true, "150", "1330.50", "2661.00"},
		/* well above 150%: its own 3 months */
		{true, "445102", 2, 80000, 400000, 2025, 1, 15, 3, 2025, 2, "hold",
		 {80000, 80000, 80000}, true, "150", "1330.50", "2661.00"},
		/* exactly S under the sample: 6 months of A0 */
		{true, "445102", 2, 80000, 177400, 2025, 1, 15, 6, 2025, 2, "hold",
		 {80000, 80000, 80000, 80000, 80000, 80000}, false, "125", "1108.75", "2217.50"},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_household h;
		core_case_now now = receiving(table[i].a0);
		const core_policy *p = table[i].sample ? &SAM : &DEF;
		core_date on = hb_day(table[i].y, table[i].m, table[i].d);
		char codes[1024], want[1024], b[16], b2[16], money[CORE_MONEY_BUF];
		size_t o;
		int months = table[i].months;
		core_month first = month(table[i].fy, table[i].fm);
		/* pension: no deduction under the sample */
		hb_simple(&h, table[i].region, table[i].n, CORE_INCOME_PENSION, table[i].H);
		assess_ok(&h, p, on, &now);
		assert_false(A.eligible);
		assert_int_equal(A.reasons[0], CORE_REASON_INCOME);
		assert_int_equal(A.allowance, 0);
		assert_true(A.has_transition);
		assert_false(A.transition_continues);
		assert_false(A.returned_from_transition);
		assert_false(A.warning);
		assert_int_equal(A.transition.months, months);
		assert_int_equal(A.transition.first, first);
		assert_int_equal(A.transition.last, first + months - 1);
		assert_int_equal(A.transition.previous, table[i].a0);
		assert_int_equal(A.transition.warning,
		                 core_month_first_day(first + months - 1) - p->transition.warning_days);
		assert_int_equal(A.transition.referral, core_month_first_day(first + months));
		for (int k = 0; k < months; k++)
			assert_int_equal(A.transition.payments[k], table[i].pay[k]);
		/* paid for the month after the assessment: the first */
		assert_int_equal(A.payment, table[i].pay[0]);

		/* the steps, in order, with their figures */
		{
			/* kept longer than its band at the band's edge: the
			 * relief step says so */
			size_t band = core_policy_transition_band(p, A.standard,
			                                          table[i].H, table[i].n);
			bool relief = months > p->transition.bands[band].months;
			assert_int_equal(A.transition.relief_excess100 != 0, relief);
			o = (size_t)snprintf(want, sizeof(want),
			                     "standard members income_window income_counted "
			                     "household_income per_capita_income income_test_failed "
			                     "financial_assets_passed no_allowance %s%s transition",
			                     table[i].above ? "transition_band_above"
			                                    : "transition_band_within",
			                     relief ? " transition_band_relief" : "");
		}
		for (int k = 0; k < months; k++)
			o += (size_t)snprintf(want + o, sizeof(want) - o, " transition_month");
		snprintf(want + o, sizeof(want) - o, " referral");
		assert_string_equal(hb_codes(&A, codes, sizeof(codes)), want);
		{
			core_step_code bc = table[i].above ? CORE_STEP_BAND_ABOVE
			                                   : CORE_STEP_BAND_WITHIN;
			core_money_format(table[i].H, money);
			assert_string_equal(hb_value(&A, bc, 0, "income"), money);
			core_money_format(table[i].H / table[i].n, money);
			assert_string_equal(hb_value(&A, bc, 0, "per_capita"), money);
			snprintf(b, sizeof(b), "%d", table[i].n);
			assert_string_equal(hb_value(&A, bc, 0, "members"), b);
			assert_string_equal(hb_value(&A, bc, 0, "percent"), table[i].percent);
			assert_string_equal(hb_value(&A, bc, 0, "threshold"), table[i].threshold);
			assert_string_equal(hb_value(&A, bc, 0, "limit"), table[i].limit);
			/* the band's own months (the relief step says why more) */
			snprintf(b, sizeof(b), "%d",
			         p->transition.bands[core_policy_transition_band(
			                 p, A.standard, table[i].H, table[i].n)].months);
			assert_string_equal(hb_value(&A, bc, 0, "months"), b);
			assert_string_equal(hb_value(&A, bc, 0, "source"), p->transition.source);
		}
		core_money_format(table[i].a0, money);
		assert_string_equal(hb_value(&A, CORE_STEP_TRANSITION, 0, "previous"), money);
		snprintf(b, sizeof(b), "%d", months);
		assert_string_equal(hb_value(&A, CORE_STEP_TRANSITION, 0, "months"), b);
		assert_string_equal(hb_value(&A, CORE_STEP_TRANSITION, 0, "first"), fmt_month(first, b));
		assert_string_equal(hb_value(&A, CORE_STEP_TRANSITION, 0, "last"),
		                    fmt_month(first + months - 1, b));
		assert_string_equal(hb_value(&A, CORE_STEP_TRANSITION, 0, "taper"), table[i].taper);
		assert_string_equal(hb_value(&A, CORE_STEP_TRANSITION, 0, "source"), p->transition.source);
		for (int k = 0; k < months; k++) {
			core_money_format(table[i].pay[k], money);
			assert_string_equal(hb_value(&A, CORE_STEP_TRANSITION_MONTH, k, "month"),
			                    fmt_month(first + k, b));
			assert_string_equal(hb_value(&A, CORE_STEP_TRANSITION_MONTH, k, "amount"), money);
			snprintf(b, sizeof(b), "%d", k + 1);
			assert_string_equal(hb_value(&A, CORE_STEP_TRANSITION_MONTH, k, "k"), b);
			snprintf(b2, sizeof(b2), "%d", months);
			assert_string_equal(hb_value(&A, CORE_STEP_TRANSITION_MONTH, k, "n"), b2);
		}
		assert_string_equal(hb_value(&A, CORE_STEP_REFERRAL, 0, "last"),
		                    fmt_month(first + months - 1, b));
		core_household_free(&h);
	}
}

/* The sentences of a schedule. */
static void test_transition_render(void **state)
{
	core_household h;
	core_case_now now = receiving(119500);
	char out[512];
	(void)state;
	hb_simple(&h, "440106", 1, CORE_INCOME_WAGES, 174750);
	assess_ok(&h, &DEF, hb_day(2026, 11, 27), &now);
	core_step_render(&A, hb_step(&A, CORE_STEP_TRANSITION, 0),
	                 core_step_template(CORE_STEP_TRANSITION), NULL, out, sizeof(out));
	assert_string_equal(out,
	                    "The household received 1195.00 yuan a month and its income per "
	                    "person is now at or above the standard: instead of stopping at once the "
	                    "allowance steps down over 6 months, 2026-12 to 2027-05 (linear) "
	                    "(reform paper: a 3 to 6 month gradual withdrawal (渐退)).");
	core_step_render(&A, hb_step(&A, CORE_STEP_TRANSITION_MONTH, 1),
	                 core_step_template(CORE_STEP_TRANSITION_MONTH), NULL, out, sizeof(out));
	assert_string_equal(out, "2027-01: 996.00 yuan.");
	core_step_render(&A, hb_step(&A, CORE_STEP_REFERRAL, 0),
	                 core_step_template(CORE_STEP_REFERRAL), NULL, out, sizeof(out));
	assert_string_equal(out, "After 2027-05 the household leaves the allowance and is "
	                         "referred to employment assistance and skills training.");
	core_household_free(&h);
}

/* No transition for a household that is not receiving. */
static void test_no_transition_when_not_receiving(void **state)
{
	core_household h;
	core_case_now now = receiving(119500);
	(void)state;
	now.receiving = false;
	hb_simple(&h, "440106", 1, CORE_INCOME_WAGES, 150000);
	assess_ok(&h, &DEF, hb_day(2026, 11, 27), &now);
	assert_false(A.has_transition);
	assert_int_equal(A.payment, 0);
	assert_int_equal(hb_count(&A, CORE_STEP_TRANSITION), 0);
	assess_ok(&h, &DEF, hb_day(2026, 11, 27), NULL);
	assert_false(A.has_transition);
	assert_int_equal(A.payment, 0);
	core_household_free(&h);
}

/* ---- continuing and leaving a transition ----------------------------------------- */

static core_case_now in_transition(const core_policy *p, core_fen a0,
                                   core_fen S, core_fen H, int n,
                                   core_month first)
{
	core_case_now now;
	memset(&now, 0, sizeof(now));
	now.receiving = false; /* what the store says while in transition */
	now.allowance = a0;
	now.in_transition = true;
	core_transition_plan(p, a0, S, H, n, first, p->transition.taper,
	                     &now.transition);
	return now;
}

static void test_transition_continues(void **state)
{
	static const struct {
		core_fen H; /* still above S, even above 1.5 x S: unchanged */
		int y, m, d;
		core_fen payment;
	} table[] = {
		{150000, 2026, 11, 27, 119500}, /* before it began: month 1 next */
		{150000, 2026, 12, 20, 99600},
		{150000, 2027, 2, 10, 59800},   /* 2027-03 is month 4 */
		{500000, 2027, 2, 10, 59800},
		{116501, 2027, 4, 20, 20000},   /* the last month */
		{150000, 2027, 5, 15, 0},       /* past its end: nothing */
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_household h;
		core_case_now now = in_transition(&DEF, 119500, 116500, 150000, 1, month(2026, 12));
		char b[8];
		hb_simple(&h, "440106", 1, CORE_INCOME_WAGES, table[i].H);
		assess_ok(&h, &DEF, hb_day(table[i].y, table[i].m, table[i].d), &now);
		assert_true(A.has_transition);
		assert_true(A.transition_continues);
		assert_false(A.returned_from_transition);
		assert_false(A.eligible);
		assert_int_equal(A.allowance, 0);
		/* the schedule as it was */
		assert_memory_equal(&A.transition, &now.transition, sizeof(A.transition));
		if (A.payment != table[i].payment)
			fail_msg("case %zu: payment %lld, want %lld", i, (long long)A.payment,
			         (long long)table[i].payment);
		assert_int_equal(hb_count(&A, CORE_STEP_TRANSITION_GOES_ON), 1);
		assert_int_equal(hb_count(&A, CORE_STEP_TRANSITION), 0);
		assert_int_equal(hb_count(&A, CORE_STEP_TRANSITION_MONTH), 0);
		assert_int_equal(hb_count(&A, CORE_STEP_TRANSITION_ENDS), 0);
		assert_string_equal(hb_value(&A, CORE_STEP_TRANSITION_GOES_ON, 0, "first"),
		                    fmt_month(month(2026, 12), b));
		assert_string_equal(hb_value(&A, CORE_STEP_TRANSITION_GOES_ON, 0, "last"),
		                    fmt_month(month(2027, 5), b));
		core_household_free(&h);
	}
}

static void test_transition_returns(void **state)
{
	static const struct {
		bool sample;
		const char *region;
		core_fen S, H;
		bool elderly;
		bool eligible, warning;
		core_fen allowance, payment;
	} table[] = {
		/* back below S: the regular allowance, without a new application */
		{false, "440106", 116500, 100000, false, true, false, 16500, 16500},
		{false, "440106", 116500, 116499, false, true, true, 100, 100},
		{false, "440106", 116500, 0, false, true, false, 116500, 116500},
		/* at 90% of S: the early warning as well */
		{false, "440106", 116500, 110000, false, true, true, 6500, 6500},
		/* the sample, with a top-up */
		{true, "440106", 120500, 90000, true, true, false, 30500, 30500 + 14200},
		{true, "440106", 120500, 102425, true, true, true, 18100, 18100 + 14200},
		/* (exactly S is not a return: the schedule goes on, see
		 * test_transition_at_standard_goes_on) */
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_household h;
		const core_policy *p = table[i].sample ? &SAM : &DEF;
		core_date on = table[i].sample ? hb_day(2025, 1, 15) : hb_day(2027, 2, 10);
		core_case_now now = in_transition(p, 119500, table[i].S, 150000, 1,
		                                  core_month_of_date(on) - 2);
		char money[CORE_MONEY_BUF];
		hb_simple(&h, table[i].region, 1, CORE_INCOME_PENSION, table[i].H);
		if (table[i].elderly) {
			/* elderly by the ID number: born in 1950 */
			memcpy(h.members[0].id_number + 6, "1950", 4);
			h.members[0].id_number[17] =
			        core_idnum_check_char(h.members[0].id_number);
		}
		assess_ok(&h, p, on, &now);
		assert_true(A.returned_from_transition);
		assert_false(A.has_transition);
		assert_false(A.transition_continues);
		if (A.eligible != table[i].eligible || A.allowance != table[i].allowance ||
		    A.payment != table[i].payment)
			fail_msg("case %zu: eligible %d allowance %lld payment %lld", i,
			         A.eligible, (long long)A.allowance, (long long)A.payment);
		assert_int_equal(A.warning, table[i].warning);
		assert_int_equal(hb_count(&A, CORE_STEP_TRANSITION_ENDS), 1);
		assert_int_equal(hb_count(&A, CORE_STEP_TRANSITION_GOES_ON), 0);
		assert_int_equal(hb_count(&A, CORE_STEP_TRANSITION), 0);
		core_money_format(table[i].H, money);
		assert_string_equal(hb_value(&A, CORE_STEP_TRANSITION_ENDS, 0, "per_capita"), money);
		core_money_format(table[i].S, money);
		assert_string_equal(hb_value(&A, CORE_STEP_TRANSITION_ENDS, 0, "standard"), money);
		/* the last step */
		assert_int_equal(A.steps[A.n_steps - 1].code, CORE_STEP_TRANSITION_ENDS);
		if (table[i].eligible)
			assert_non_null(hb_step(&A, CORE_STEP_ALLOWANCE, 0));
		core_household_free(&h);
	}
}

/* ---- properties -------------------------------------------------------------------- */

static int64_t gcd(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* What a schedule from a whole-yuan A0 sums to, by a closed form rather
 * than month by month: sum over j = 1..n of ceil(a j / n) is
 * ((a - 1)(n - 1) + g - 1) / 2 + a + n - g with g = gcd(a, n). */
static core_fen schedule_sum(core_fen a0, int n, core_taper taper)
{
	int64_t a = a0 / 100, g;
	if (taper == CORE_TAPER_HOLD)
		return a0 * n;
	if (a == 0)
		return 0;
	g = gcd(a, n);
	return (((a - 1) * (n - 1) + g - 1) / 2 + a + n - g) * 100;
}

/* Checks a schedule on its own: shape, sum, and (when a is given) the
 * steps of the assessment that carries it. */
static void check_schedule(const core_transition *t, const core_assessment *a)
{
	core_fen sum = 0;
	assert_true(t->months >= 1 && t->months <= CORE_SCHEDULE_MAX);
	assert_int_equal(t->last, t->first + t->months - 1);
	/* month 1 pays A0 under both tapers (kept longer at a band's edge,
	 * A0 less the whole yuan of the income above it: counted income
	 * plus payment no less than at the edge) */
	core_fen cut = t->relief_excess100 / 10000 * 100;
	assert_int_equal(t->payments[0], t->previous - cut);
	for (int k = 0; k < t->months; k++) {
		sum += t->payments[k];
		assert_true(t->payments[k] > 0 || (!cut && !t->previous));
		if (t->taper == CORE_TAPER_HOLD)
			assert_int_equal(t->payments[k], t->previous - cut);
		else if (k)
			assert_true(t->payments[k] <= t->payments[k - 1]);
		assert_int_equal(t->payments[k] % 100, 0);
	}
	if (t->previous % 100 == 0 && !cut && !t->relief_excess100)
		assert_int_equal(sum, schedule_sum(t->previous, t->months, t->taper));
	if (a) {
		core_fen steps = 0;
		const core_step *st;
		int k = 0;
		char b[8];
		for (; (st = hb_step(a, CORE_STEP_TRANSITION_MONTH, k)); k++) {
			steps += hb_fen(hb_fig(a, st, "amount"));
			assert_string_equal(hb_fig(a, st, "month"), fmt_month(t->first + k, b));
		}
		assert_int_equal(k, t->months);
		assert_int_equal(steps, sum);
		assert_int_equal(atoi(hb_value(a, CORE_STEP_TRANSITION, 0, "months")), t->months);
		assert_int_equal(hb_fen(hb_value(a, CORE_STEP_TRANSITION, 0, "previous")), t->previous);
	}
}

/* Every schedule the calculator can make from whole-yuan amounts. */
static void test_property_schedules(void **state)
{
	long n_checked = 0;
	(void)state;
	for (core_fen a0 = 100; a0 <= 400000; a0 += a0 < 5000 ? 100 : 3700) {
		for (int band = 1; band <= CORE_SCHEDULE_MAX; band++) {
			for (int taper = 0; taper < 2; taper++) {
				core_policy p;
				core_transition t;
				policy_default(&p);
				p.transition.bands[0].months = band;
				core_transition_plan(&p, a0, 100000, 100001, 1, month(2026, 12),
				                     (core_taper)taper, &t);
				core_policy_free(&p);
				assert_int_equal(t.months, band);
				check_schedule(&t, NULL);
				/* the last month of a linear schedule pays A0 / n, rounded up */
				if (taper == CORE_TAPER_LINEAR)
					assert_int_equal(t.payments[band - 1],
					                 core_money_ceil_yuan((a0 + band - 1) / band));
				n_checked++;
			}
		}
	}
	print_message("schedules: %ld\n", n_checked);
}

/* Generated households that are receiving, given an income rise: counted
 * income plus the payment never falls below S x n in any month, and every
 * schedule sums to its steps. */
static void test_property_no_cliff(void **state)
{
	static const uint64_t seeds[] = {7, 8, 9, 20261127};
	static const core_demo_region sample_regions[] = {
		{"440106", 120500}, {"440304", 88700}, {"445102", 88700},
		{"620102", 92000},
	};
	size_t nreg;
	const core_demo_region *reg = core_demo_regions(&nreg);
	long receiving_n = 0, transitions = 0, months = 0;
	(void)state;
	for (size_t si = 0; si < N(seeds); si++) {
		for (int pol = 0; pol < 2; pol++) {
			core_rng rng, pick;
			core_household h;
			const core_policy *p = pol ? &SAM : &DEF;
			core_date on = pol ? hb_day(2025, 1, 15) : hb_day(2026, 11, 27);
			core_rng_seed(&rng, seeds[si]);
			core_rng_seed(&pick, ~seeds[si]);
			core_household_init(&h);
			for (int k = 0; k < 2500; k++) {
				ds_error err;
				core_case_now now;
				core_fen S, H, Sn;
				int n;
				assert_int_equal(core_demo_household(&rng, pol ? sample_regions : reg,
				                                     pol ? N(sample_regions) : nreg,
				                                     on, &h, &err),
				                 DS_OK);
				if (!h.receiving)
					continue;
				receiving_n++;
				memset(&now, 0, sizeof(now));
				now.receiving = true;
				now.allowance = h.allowance;
				n = (int)h.n_members;
				/* a rise of counted income (none for some: those the
				 * generator left above S already) */
				if (k % 4 && h.members[0].n_incomes < CORE_INCOMES_MAX) {
					bool had = false;
					for (size_t q = 0; q < h.members[0].n_incomes; q++)
						had |= h.members[0].incomes[q].source == CORE_INCOME_COMPENSATION;
					if (!had)
						hb_income(&h.members[0], CORE_INCOME_COMPENSATION,
						          core_rng_range(&pick, 1, 250000 * (core_fen)n), 0);
				}
				assess_ok(&h, p, on, &now);
				S = A.standard;
				H = A.counted_income;
				Sn = S * n;
				assert_true(H + A.payment >= Sn);
				if (A.has_transition) {
					transitions++;
					assert_true(H >= Sn);
					check_schedule(&A.transition, &A);
					assert_int_equal(A.transition.previous, h.allowance);
					/* its band's months, or kept longer at the
					 * band's edge (never longer than the band below) */
					if (A.transition.relief_excess100) {
						size_t b = core_policy_transition_band(p, S, H, n);
						assert_true(b > 0);
						assert_true(A.transition.months >
						            core_policy_transition_months(p, S, H, n));
						assert_true(A.transition.months <=
						            p->transition.bands[b - 1].months);
					} else {
						assert_int_equal(A.transition.months,
						                 core_policy_transition_months(p, S, H, n));
					}
					assert_int_equal(A.transition.first, core_month_of_date(on) + 1);
					assert_int_equal(A.payment, A.transition.payments[0]);
					for (int m = 0; m < A.transition.months; m++, months++)
						if (H + A.transition.payments[m] < Sn)
							fail_msg("cliff: month %d pays %lld, H %lld, S x n %lld", m + 1,
							         (long long)A.transition.payments[m], (long long)H,
							         (long long)Sn);
				} else if (A.eligible) {
					assert_true(H + A.allowance >= Sn);
					assert_true(H + A.payment >= Sn);
				} else if (H >= Sn) {
					/* at or above S without a schedule: only when the
					 * assets refuse, and a step says it stops */
					assert_true(A.n_reasons >= 2);
					assert_true(hb_count(&A, CORE_STEP_STOP_FINANCIAL) +
					                    hb_count(&A, CORE_STEP_STOP_VEHICLE) >=
					            1);
				}
			}
			core_household_free(&h);
		}
	}
	print_message("no cliff: %ld receiving, %ld transitions, %ld months\n",
	              receiving_n, transitions, months);
	assert_true(transitions > 500);
}

/* Fen by fen across S x n and 1.5 x S x n for a receiving household:
 * counted income plus the next month's payment never below S x n, the
 * bands switching exactly at 1.5 x S. */
static void test_property_no_cliff_sweep(void **state)
{
	static const struct {
		const char *region;
		int n;
		core_fen S;
	} table[] = {
		{"440106", 1, 116500},
		{"440106", 3, 116500},
		{"445102", 5, 85700},
		{"620111", 8, 92000},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_household h;
		core_fen Sn = table[i].S * table[i].n, a0 = core_money_ceil_yuan(Sn / 3);
		core_case_now now = receiving(a0);
		hb_simple(&h, table[i].region, table[i].n, CORE_INCOME_OTHER_COUNTED, 1);
		for (int part = 0; part < 2; part++) {
			core_fen mid = part ? Sn * 3 / 2 : Sn;
			for (core_fen H = mid - 600; H <= mid + 600; H++) {
				h.members[0].incomes[0].monthly = H;
				assess_ok(&h, &DEF, hb_day(2026, 11, 27), &now);
				if (H + A.payment < Sn)
					fail_msg("%s n %d H %lld: payment %lld", table[i].region,
					         table[i].n, (long long)H, (long long)A.payment);
				assert_int_equal(A.has_transition, H >= Sn);
				if (A.has_transition) {
					/* 6 months up to 1.5 x S; above it 3, or the 6
					 * less the excess while that gives more */
					if (H * 2 <= Sn * 3 || A.transition.relief_excess100)
						assert_true(A.transition.months > 3 &&
						            A.transition.months <= 6);
					else
						assert_int_equal(A.transition.months, 3);
					assert_int_equal(A.transition.relief_excess100 != 0,
					                 H * 2 > Sn * 3 && A.transition.months > 3);
					check_schedule(&A.transition, &A);
					for (int m = 0; m < A.transition.months; m++)
						assert_true(H + A.transition.payments[m] >= Sn);
				}
			}
		}
		core_household_free(&h);
	}
}

/* ---- the edges: exactly S, the asset test, total support ------------------------ */

/* A household in its withdrawal months whose income falls to exactly S
 * keeps its schedule (its payments and its referral); one fen a person
 * below S returns it to the regular allowance. Several sizes, both
 * tapers. */
static void test_transition_at_standard_goes_on(void **state)
{
	static const int sizes[] = {1, 2, 3, 5};
	(void)state;
	for (int pol = 0; pol < 2; pol++) {
		const core_policy *p = pol ? &SAM : &DEF;
		const char *region = pol ? "445102" : "440106";
		core_date on = pol ? hb_day(2025, 3, 10) : hb_day(2027, 2, 10);
		core_fen S = pol ? 88700 : 116500;
		for (size_t i = 0; i < N(sizes); i++) {
			int n = sizes[i];
			core_fen Sn = S * n;
			core_case_now now = in_transition(p, 119500, S, Sn * 14 / 10, n,
			                                  core_month_of_date(on) - 1);
			core_household h;
			hb_simple(&h, region, n, CORE_INCOME_PENSION, Sn);
			assess_ok(&h, p, on, &now);
			assert_false(A.eligible);
			assert_true(A.has_transition);
			assert_true(A.transition_continues);
			assert_false(A.returned_from_transition);
			assert_memory_equal(&A.transition, &now.transition, sizeof(A.transition));
			/* the month after the assessment is month 3 of the schedule */
			assert_int_equal(A.payment, now.transition.payments[2]);
			assert_int_equal(hb_count(&A, CORE_STEP_TRANSITION_GOES_ON), 1);
			assert_int_equal(hb_count(&A, CORE_STEP_TRANSITION_ENDS), 0);
			assert_int_equal(hb_count(&A, CORE_STEP_INCOME_ABOVE), 1);
			/* one fen a person below S: back to the regular allowance */
			h.members[0].incomes[0].monthly = Sn - n;
			assess_ok(&h, p, on, &now);
			assert_true(A.eligible);
			assert_true(A.returned_from_transition);
			assert_false(A.has_transition);
			assert_int_equal(hb_count(&A, CORE_STEP_TRANSITION_ENDS), 1);
			assert_int_equal(A.allowance, core_money_ceil_yuan(n));
			/* one fen a household below: below S as well (H < S x n) */
			h.members[0].incomes[0].monthly = Sn - 1;
			assess_ok(&h, p, on, &now);
			assert_true(A.returned_from_transition);
			core_household_free(&h);
		}
	}
}

/* A receiving household at or above S that also fails the asset test
 * stops at once: no schedule, and a step that says so with the figure
 * against its limit (or the vehicle). Below S the asset failure is a
 * plain refusal, with no such step. */
static void test_stop_when_assets_fail(void **state)
{
	static const struct {
		int n;
		core_fen H;        /* household income */
		bool in_withdrawal;
		bool vehicle;      /* else financial assets over the limit */
		bool stop_step;    /* at or above S: the stop step */
	} table[] = {
		{1, 116500, false, false, true},   /* exactly S */
		{1, 116501, false, false, true},
		{3, 349500, false, false, true},
		{2, 400000, false, true, true},
		{1, 174751, false, false, true},   /* above 1.5 x S */
		{2, 233000, true, false, true},    /* in withdrawal, at S */
		{2, 300000, true, true, true},
		{1, 116499, false, false, false},  /* below S: not the withdrawal's */
		{2, 200000, true, false, false},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_household h;
		core_fen S = 116500, limit = 24 * S * table[i].n;
		core_case_now now = table[i].in_withdrawal
		                            ? in_transition(&DEF, 90000, S, S * table[i].n * 13 / 10,
		                                            table[i].n, month(2027, 1))
		                            : receiving(90000);
		char money[CORE_MONEY_BUF];
		hb_simple(&h, "440106", table[i].n, CORE_INCOME_PENSION, table[i].H);
		if (table[i].vehicle)
			hb_vehicle(&h, "小汽车", false);
		else
			h.financial = limit + 1;
		assess_ok(&h, &DEF, hb_day(2027, 2, 10), &now);
		assert_false(A.eligible);
		assert_false(A.has_transition);
		assert_false(A.returned_from_transition);
		assert_int_equal(A.payment, 0);
		assert_int_equal(hb_count(&A, CORE_STEP_TRANSITION), 0);
		assert_int_equal(hb_count(&A, CORE_STEP_TRANSITION_GOES_ON), 0);
		if (!table[i].stop_step) {
			assert_int_equal(hb_count(&A, CORE_STEP_STOP_FINANCIAL) +
			                         hb_count(&A, CORE_STEP_STOP_VEHICLE),
			                 0);
		} else if (table[i].vehicle) {
			assert_int_equal(hb_count(&A, CORE_STEP_STOP_VEHICLE), 1);
			assert_int_equal(hb_count(&A, CORE_STEP_STOP_FINANCIAL), 0);
			assert_string_equal(hb_value(&A, CORE_STEP_STOP_VEHICLE, 0, "vehicle"), "小汽车");
			assert_string_equal(hb_value(&A, CORE_STEP_STOP_VEHICLE, 0, "previous"), "900.00");
			assert_string_equal(hb_value(&A, CORE_STEP_STOP_VEHICLE, 0, "source"),
			                    DEF.assets.source);
		} else {
			assert_int_equal(hb_count(&A, CORE_STEP_STOP_FINANCIAL), 1);
			assert_int_equal(hb_count(&A, CORE_STEP_STOP_VEHICLE), 0);
			assert_string_equal(hb_value(&A, CORE_STEP_STOP_FINANCIAL, 0, "previous"), "900.00");
			core_money_format(limit + 1, money);
			assert_string_equal(hb_value(&A, CORE_STEP_STOP_FINANCIAL, 0, "assets"), money);
			core_money_format(limit, money);
			assert_string_equal(hb_value(&A, CORE_STEP_STOP_FINANCIAL, 0, "limit"), money);
			/* the last step: nothing after it pays */
			assert_int_equal(A.steps[A.n_steps - 1].code, CORE_STEP_STOP_FINANCIAL);
		}
		core_household_free(&h);
	}
}

/* The total support an assessment gives a receiving household: the
 * regular monthly payment (allowance and top-ups) when eligible, all the
 * payments of its withdrawal when it withdraws, else nothing. */
static core_fen total_support(const core_assessment *a)
{
	core_fen t = 0;
	if (a->eligible)
		return a->payment;
	if (a->has_transition)
		for (int k = 0; k < a->transition.months; k++)
			t += a->transition.payments[k];
	return t;
}

/* Around S, as per-capita income rises by one fen (household income by
 * n fen), total support never drops by more than the difference-filling
 * itself takes away (the rise, rounded up to a yuan): no cliff at S.
 * Several sizes, both tapers, with top-ups (the sample) and without. At
 * exactly S the household withdraws over 6 months. */
static void test_property_no_drop_at_standard(void **state)
{
	static const int sizes[] = {1, 2, 3, 4, 7};
	(void)state;
	for (int pol = 0; pol < 2; pol++) {
		for (int taper = 0; taper < 2; taper++) {
			core_policy p;
			const char *region = pol ? "445102" : "440106";
			core_date on = pol ? hb_day(2025, 1, 15) : hb_day(2026, 11, 27);
			if (pol)
				policy_sample(&p);
			else
				policy_default(&p);
			p.transition.taper = (core_taper)taper;
			for (size_t i = 0; i < N(sizes); i++) {
				int n = sizes[i];
				core_household h;
				core_fen S, Sn, prev = -1;
				core_case_now now = receiving(0);
				hb_simple(&h, region, n, CORE_INCOME_PENSION, 1);
				if (pol) /* a top-up for the head */
					h.members[0].categories = CAT(ELDERLY);
				assess_ok(&h, &p, on, NULL);
				S = A.standard;
				Sn = S * n;
				/* A0: what the household received before its income rose */
				now.allowance = core_money_ceil_yuan(Sn / 4);
				for (core_fen pc = S - 300; pc <= S + 300; pc++) {
					core_fen t;
					h.members[0].incomes[0].monthly = pc * n;
					assess_ok(&h, &p, on, &now);
					t = total_support(&A);
					if (prev >= 0 && t + core_money_ceil_yuan(n) < prev)
						fail_msg("policy %d taper %d n %d: per person %lld: total %lld after %lld",
						         pol, taper, n, (long long)pc, (long long)t,
						         (long long)prev);
					if (pc == S) {
						/* exactly S: six months of withdrawal */
						assert_true(A.has_transition);
						assert_int_equal(A.transition.months, 6);
						assert_int_equal(A.payment, now.allowance);
						assert_true(t > prev);
					}
					prev = t;
				}
				core_household_free(&h);
			}
			core_policy_free(&p);
		}
	}
}

/* Around 1.5 x S, fen by fen a person (and on to where the shorter band
 * takes over): no drop in total support at the band's edge. Up to the
 * limit, the longer band's 6 months; above it, those 6 months each less
 * the income above the limit (in whole yuan), with the relief step, while
 * that gives more than the 3 months of its own band, which it then gets.
 * As income rises by a fen a person, counted income over the 6 months
 * plus the schedule never falls by more than the months' rounding to a
 * yuan; each month's income and payment stay at or above S x n; the
 * first month never pays more than A0. */
static void test_property_band_edge(void **state)
{
	static const int sizes[] = {1, 2, 3, 6};
	(void)state;
	for (int taper = 0; taper < 2; taper++) {
		core_policy p;
		policy_default(&p);
		p.transition.taper = (core_taper)taper;
		for (size_t i = 0; i < N(sizes); i++) {
			int n = sizes[i];
			core_household h;
			core_fen S = 116500, Sn = S * n, prev = -1, short_total = 0;
			core_case_now now = receiving(core_money_ceil_yuan(Sn / 4));
			bool seen_relief = false, seen_short = false;
			for (int k = 1; k <= 3; k++)
				short_total += core_transition_payment(now.allowance, k, 3,
				                                       (core_taper)taper);
			hb_simple(&h, "440106", n, CORE_INCOME_PENSION, 1);
			for (core_fen pc = S * 3 / 2 - 300; pc <= S * 3 / 2 + 40000; pc++) {
				core_fen H = pc * n, t = 0;
				bool within = H * 2 <= Sn * 3;
				h.members[0].incomes[0].monthly = H;
				assess_ok(&h, &p, hb_day(2026, 11, 27), &now);
				assert_true(A.has_transition);
				assert_int_equal(hb_count(&A, within ? CORE_STEP_BAND_WITHIN
				                                     : CORE_STEP_BAND_ABOVE),
				                 1);
				for (int k = 0; k < A.transition.months; k++) {
					assert_true(H + A.transition.payments[k] >= Sn);
					assert_true(A.transition.payments[k] <= now.allowance);
					t += A.transition.payments[k];
				}
				assert_int_equal(t, total_support(&A));
				if (within) {
					assert_int_equal(A.transition.months, 6);
					assert_int_equal(A.transition.relief_excess100, 0);
				} else if (A.transition.relief_excess100) {
					seen_relief = true;
					/* the sixth and fifth months may pay nothing,
					 * and go */
					assert_true(A.transition.months > 3 &&
					            A.transition.months <= 6);
					assert_true(t > short_total);
					assert_int_equal(hb_count(&A, CORE_STEP_BAND_RELIEF), 1);
				} else {
					seen_short = true;
					assert_int_equal(A.transition.months, 3);
					assert_int_equal(t, short_total);
					assert_int_equal(hb_count(&A, CORE_STEP_BAND_RELIEF), 0);
				}
				/* income over the 6 months plus the schedule: a fen a
				 * person more income never leaves less than the
				 * months' rounding to whole yuan */
				if (prev >= 0 && H * 6 + t + 6 * core_money_ceil_yuan(n) < prev)
					fail_msg("taper %d n %d: per person %lld: %lld after %lld",
					         taper, n, (long long)pc,
					         (long long)(H * 6 + t), (long long)prev);
				prev = H * 6 + t;
			}
			assert_true(seen_relief);
			assert_true(seen_short);
			core_household_free(&h);
		}
		core_policy_free(&p);
	}
}

/* The payments alone never drop at the edge itself: one fen a person
 * above 1.5 x S, the same 6 months as at it. */
static void test_band_edge_exact(void **state)
{
	(void)state;
	for (int n = 1; n <= 4; n++) {
		core_household h;
		core_fen S = 116500, Sn = S * n, at[CORE_SCHEDULE_MAX];
		core_case_now now = receiving(core_money_ceil_yuan(Sn / 4));
		int months;
		hb_simple(&h, "440106", n, CORE_INCOME_PENSION, Sn * 3 / 2);
		if ((Sn * 3) % 2)
			h.members[0].incomes[0].monthly = Sn * 3 / 2; /* just below */
		assess_ok(&h, &DEF, hb_day(2026, 11, 27), &now);
		months = A.transition.months;
		memcpy(at, A.transition.payments, sizeof(at));
		h.members[0].incomes[0].monthly += n;
		assess_ok(&h, &DEF, hb_day(2026, 11, 27), &now);
		assert_int_equal(A.transition.months, months);
		for (int k = 0; k < months; k++)
			assert_int_equal(A.transition.payments[k], at[k]);
		assert_int_equal(hb_count(&A, CORE_STEP_BAND_RELIEF), 1);
		core_household_free(&h);
	}
}

/* The band step in words, with the exact figures compared. */
static void test_band_render(void **state)
{
	core_household h;
	core_case_now now = receiving(119500);
	char out[512];
	(void)state;
	hb_simple(&h, "440106", 2, CORE_INCOME_PENSION, 349501);
	assess_ok(&h, &DEF, hb_day(2026, 11, 27), &now);
	core_step_render(&A, hb_step(&A, CORE_STEP_BAND_ABOVE, 0),
	                 core_step_template(CORE_STEP_BAND_ABOVE), NULL, out, sizeof(out));
	assert_string_equal(out,
	                    "Income per person, 1747.50 (3495.01 ÷ 2), is above 150% of the "
	                    "standard, 1747.50 yuan (3495.00 for the household): the withdrawal "
	                    "lasts 3 months (reform paper: a 3 to 6 month gradual withdrawal (渐退)).");
	/* a threshold that is not a whole fen a person: 150% of 887.01 */
	{
		core_policy p;
		policy_default(&p);
		p.standards[0].monthly = 88701;
		core_household_free(&h);
		hb_simple(&h, p.standards[0].prefix, 1, CORE_INCOME_PENSION, 100000);
		assess_ok(&h, &p, hb_day(2026, 11, 27), &now);
		assert_string_equal(hb_value(&A, CORE_STEP_BAND_WITHIN, 0, "threshold"),
		                    "1330.515");
		core_policy_free(&p);
	}
	core_household_free(&h);
}

/* What a schedule pays in a month, and which month of it that is: the
 * caseload's amount during a withdrawal. */
static void test_paid_in(void **state)
{
	core_transition t;
	int k;
	(void)state;
	core_transition_plan(&DEF, 119500, 116500, 150000, 1, month(2026, 12),
	                     CORE_TAPER_LINEAR, &t);
	assert_int_equal(core_transition_paid_in(&t, month(2026, 11), &k), 0);
	assert_int_equal(k, 0);
	assert_int_equal(core_transition_paid_in(&t, month(2026, 12), &k), 119500);
	assert_int_equal(k, 1);
	assert_int_equal(core_transition_paid_in(&t, month(2027, 2), &k), 79700);
	assert_int_equal(k, 3);
	assert_int_equal(core_transition_paid_in(&t, month(2027, 5), &k), 20000);
	assert_int_equal(k, 6);
	assert_int_equal(core_transition_paid_in(&t, month(2027, 6), &k), 0);
	assert_int_equal(k, 0);
	assert_int_equal(core_transition_paid_in(&t, month(2027, 3), NULL), 59800);
	/* far above 150%: its own 3 months (nothing left of the 4 below) */
	core_transition_plan(&SAM, 80000, 88700, 400000, 2, month(2025, 2),
	                     CORE_TAPER_HOLD, &t);
	assert_int_equal(core_transition_paid_in(&t, month(2025, 4), &k), 80000);
	assert_int_equal(k, 3);
	assert_int_equal(core_transition_paid_in(&t, month(2025, 5), &k), 0);
	/* the bands: the index the per-capita income falls in */
	assert_int_equal(core_policy_transition_band(&SAM, 88700, 221750, 2), 0);
	assert_int_equal(core_policy_transition_band(&SAM, 88700, 221751, 2), 1);
	assert_int_equal(core_policy_transition_band(&SAM, 88700, 266100, 2), 1);
	assert_int_equal(core_policy_transition_band(&SAM, 88700, 266101, 2), 2);
	assert_int_equal(core_policy_transition_band(&DEF, 116500, 174750, 1), 0);
	assert_int_equal(core_policy_transition_band(&DEF, 116500, 174751, 1), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_payment),
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_plan_long),
		cmocka_unit_test(test_assess_starts_transition),
		cmocka_unit_test(test_transition_render),
		cmocka_unit_test(test_no_transition_when_not_receiving),
		cmocka_unit_test(test_transition_continues),
		cmocka_unit_test(test_transition_returns),
		cmocka_unit_test(test_property_schedules),
		cmocka_unit_test(test_property_no_cliff),
		cmocka_unit_test(test_property_no_cliff_sweep),
		cmocka_unit_test(test_transition_at_standard_goes_on),
		cmocka_unit_test(test_stop_when_assets_fail),
		cmocka_unit_test(test_property_no_drop_at_standard),
		cmocka_unit_test(test_property_band_edge),
		cmocka_unit_test(test_band_edge_exact),
		cmocka_unit_test(test_band_render),
		cmocka_unit_test(test_paid_in),
	};
	return cmocka_run_group_tests_name("transition", tests, setup, teardown);
}
