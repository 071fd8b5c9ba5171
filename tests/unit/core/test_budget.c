/* test_budget.c — the year's projected outlay (core/budget): a standard
 * of 857.00 from 2025-07-01 with a 3.5% rule becomes 887.00 (857 × 1.035
 * = 886.995, up to the yuan) from 2026-07-01; a few households, their
 * monthly totals computed by hand across that anniversary; the stale
 * standard; and the what-if counts against the assessments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/assess.h"
#include "core/budget.h"
#include "core/policy.h"
#include "hhbuild.h"
#include "policies.h"

static core_policy P;
static const core_policy *PP[CORE_BUDGET_MONTHS];

static core_standard *find_std(core_policy *p, const char *prefix)
{
	for (size_t i = 0; i < p->n_standards; i++)
		if (!strcmp(p->standards[i].prefix, prefix))
			return &p->standards[i];
	fail_msg("no standard %s", prefix);
	return NULL;
}

static int setup(void **state)
{
	core_standard *gz;
	(void)state;
	policy_default(&P);
	/* Guangzhou: 857.00 from 2025-07-01, +3.5% a year */
	gz = find_std(&P, "4401");
	gz->monthly = 85700;
	gz->from = core_date_from_ymd(2025, 7, 1);
	assert_int_equal(gz->adjust_permille, 35);
	for (int i = 0; i < CORE_BUDGET_MONTHS; i++)
		PP[i] = &P;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	core_policy_free(&P);
	return 0;
}

static void regular(core_budget_case *c, int n, core_fen H, core_fen pay)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->region, sizeof(c->region), "440106");
	c->members = n;
	c->income = H;
	c->standard = 85700;
	c->receiving = true;
	c->payment = pay;
}

static void test_allowance_rounds_as_assess(void **state)
{
	(void)state;
	/* 857 × 2 − 333.33 = 1380.67, up to 1381.00 */
	assert_int_equal(core_budget_allowance(85700, 2, 33333), 138100);
	assert_int_equal(core_budget_allowance(85700, 1, 85700), 0);
	assert_int_equal(core_budget_allowance(85700, 1, 90000), 0);
	assert_int_equal(core_budget_allowance(85700, 3, 120000), 137100);
}

static void test_standard_projected_across_anniversary(void **state)
{
	core_budget_standard s;
	ds_error err;
	(void)state;
	assert_int_equal(core_budget_standard_make(PP, 2026, "440106", &s, &err),
	                 DS_OK);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(s.monthly[i], 85700);
		assert_int_equal(s.years[i], 0);
	}
	for (int i = 6; i < 12; i++) {
		assert_int_equal(s.monthly[i], 88700); /* 886.995 up to 887 */
		assert_int_equal(s.years[i], 1);
	}
	assert_string_equal(s.base[0]->prefix, "4401");
	/* a region with no standard is an error naming it */
	assert_int_not_equal(core_budget_standard_make(PP, 2026, "110101", &s, &err),
	                     DS_OK);
	assert_string_equal(err.where, "region");
}

static void test_year_by_hand(void **state)
{
	core_budget_year y;
	core_budget_case c;
	ds_error err;
	/* hand-computed: see the comments per case; totals per month */
	static const core_fen want[12] = {
	        409700, 409700, 409700, 389800, 369900, 350000,
	        346800, 326900, 306900, 306900, 306900, 306900};
	static const int64_t want_hh[12] = {4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3};
	static const core_fen sched[6] = {119500, 99600, 79700, 59800, 39900, 20000};
	(void)state;
	core_budget_init(&y, 2026, PP);
	/* 3 members, H 1200.00, a top-up of 100: A(857) = 2571 − 1200 = 1371,
	 * paid 1471; from July A(887) = 2661 − 1200 = 1461, paid 1561 */
	regular(&c, 3, 120000, 147100);
	assert_int_equal(core_budget_add(&y, &c, &err), DS_OK);
	/* 2 members, H 333.33: A(857) = ⌈1380.67⌉ = 1381; A(887) =
	 * ⌈1440.67⌉ = 1441 */
	regular(&c, 2, 33333, 138100);
	assert_int_equal(core_budget_add(&y, &c, &err), DS_OK);
	/* 1 member, H 870.00 (above 857: nothing left), still paid 50.00 as
	 * decided; from July A(887) = 17: paid 67.00 */
	regular(&c, 1, 87000, 5000);
	assert_int_equal(core_budget_add(&y, &c, &err), DS_OK);
	/* withdrawing: 1195.00 until its schedule starts in March, then 1195,
	 * 996, 797, 598, 399, 200, then nothing */
	memset(&c, 0, sizeof(c));
	snprintf(c.region, sizeof(c.region), "440106");
	c.members = 1;
	c.receiving = true;
	c.payment = 119500;
	c.in_transition = true;
	c.transition.months = 6;
	c.transition.previous = 119500;
	c.transition.first = core_month_make(2026, 3);
	c.transition.last = core_month_make(2026, 8);
	memcpy(c.transition.payments, sched, sizeof(sched));
	assert_int_equal(core_budget_add(&y, &c, &err), DS_OK);
	/* not receiving: nothing */
	regular(&c, 2, 0, 0);
	c.receiving = false;
	assert_int_equal(core_budget_add(&y, &c, &err), DS_OK);

	assert_int_equal(y.cases, 5);
	for (int i = 0; i < 12; i++) {
		assert_int_equal(y.amount[i], want[i]);
		assert_int_equal(y.households[i], want_hh[i]);
		assert_int_equal(y.withdrawal[i], i < 8 ? 1 : 0);
		assert_int_equal(y.regular[i], 3);
	}
	assert_int_equal(core_budget_total(&y), 4240100);
	assert_int_equal(y.n_standards, 1);
	core_budget_free(&y);
}

static void test_stale_standard(void **state)
{
	core_budget_year y;
	core_budget_case c;
	core_budget_stale st[4];
	core_standard *gz = find_std(&P, "4401");
	ds_error err;
	(void)state;
	/* 857.00 from 2025-07-01 deciding 2026 cases: stale from July */
	assert_false(core_budget_is_stale(gz, core_date_from_ymd(2026, 6, 30)));
	assert_true(core_budget_is_stale(gz, core_date_from_ymd(2026, 7, 1)));
	core_budget_init(&y, 2026, PP);
	regular(&c, 1, 0, 85700);
	assert_int_equal(core_budget_add(&y, &c, &err), DS_OK);
	regular(&c, 1, 0, 85700); /* the same region again: once */
	assert_int_equal(core_budget_add(&y, &c, &err), DS_OK);
	assert_int_equal(core_budget_stale_list(&y, st, 4), 1);
	assert_ptr_equal(st[0].standard, gz);
	assert_int_equal(st[0].month, core_month_make(2026, 7));
	assert_int_equal(st[0].projected, 88700);
	assert_int_equal(st[0].years, 1);
	core_budget_free(&y);
	/* a year earlier, before Guangzhou's figure, the province's 857.00
	 * of 2023-01-01 decides 440106 until June: stale from January, its
	 * rule making it 887.00 in 2024 and ⌈918.045⌉ = 919.00 in 2025 */
	core_budget_init(&y, 2025, PP);
	assert_int_equal(core_budget_add(&y, &c, &err), DS_OK);
	assert_int_equal(core_budget_stale_list(&y, st, 4), 1);
	assert_string_equal(st[0].standard->prefix, "44");
	assert_int_equal(st[0].month, core_month_make(2025, 1));
	assert_int_equal(st[0].projected, 91900);
	assert_int_equal(st[0].years, 2);
	core_budget_free(&y);
	/* a standard without a rule is never stale */
	assert_false(core_budget_is_stale(find_std(&P, "31"),
	                                  core_date_from_ymd(2030, 1, 1)));
}

static core_assessment A1, A2;

static void assess_ok(const core_household *h, const core_policy *p,
                      core_date on, core_assessment *a)
{
	ds_error err;
	if (core_assess(h, p, on, NULL, a, &err) != DS_OK)
		fail_msg("assessment failed: %s", err.where);
}

static void test_whatif_counts(void **state)
{
	core_policy Q;
	const core_policy *QQ[CORE_BUDGET_MONTHS];
	core_budget_whatif w;
	core_household h;
	core_date on = core_date_from_ymd(2026, 1, 15);
	ds_error err;
	(void)state;
	/* proposed: Guangzhou 1000.00 from 2025-07-01, savings up to 6
	 * months of the standard (24 now) */
	policy_default(&Q);
	find_std(&Q, "4401")->monthly = 100000;
	find_std(&Q, "4401")->from = core_date_from_ymd(2025, 7, 1);
	Q.assets.financial_months = 6;
	for (int i = 0; i < CORE_BUDGET_MONTHS; i++)
		QQ[i] = &Q;
	core_budget_whatif_init(&w, 2026, PP, QQ);
	/* pension 900 a month alone: not eligible at 857, eligible at 1000
	 * (100.00 a month): enters */
	hb_simple(&h, "440106", 1, CORE_INCOME_PENSION, 90000);
	assess_ok(&h, &P, on, &A1);
	assess_ok(&h, &Q, on, &A2);
	assert_false(A1.eligible);
	assert_true(A2.eligible);
	assert_int_equal(A2.payment, 10000);
	assert_int_equal(core_budget_whatif_add(&w, &A1, &A2, h.region, false, &err), DS_OK);
	core_household_free(&h);
	/* two with nothing: 1714 → 2000: up */
	hb_simple(&h, "440106", 2, CORE_INCOME_PENSION, 0);
	assess_ok(&h, &P, on, &A1);
	assess_ok(&h, &Q, on, &A2);
	assert_int_equal(core_budget_whatif_add(&w, &A1, &A2, h.region, false, &err), DS_OK);
	core_household_free(&h);
	/* one with savings of 10,000: within 24 × 857, above 6 × 1000: leaves */
	hb_simple(&h, "440106", 1, CORE_INCOME_PENSION, 0);
	h.financial = 1000000;
	assess_ok(&h, &P, on, &A1);
	assess_ok(&h, &Q, on, &A2);
	assert_true(A1.eligible);
	assert_false(A2.eligible);
	assert_int_equal(core_budget_whatif_add(&w, &A1, &A2, h.region, false, &err), DS_OK);
	core_household_free(&h);

	assert_int_equal(w.households, 3);
	assert_int_equal(w.enter, 1);
	assert_int_equal(w.leave, 1);
	assert_int_equal(w.up, 1);
	assert_int_equal(w.down, 0);
	/* January: now 1714 + 857 = 2571; proposed 100 + 2000 = 2100.
	 * July: now 1774 + 887 = 2661; proposed, 1000 raised by 3.5% is
	 * 1035: 1035 − 900 = 135, and 2070 */
	assert_int_equal(w.current.amount[0], 257100);
	assert_int_equal(w.proposed.amount[0], 210000);
	assert_int_equal(w.current.amount[6], 266100);
	assert_int_equal(w.proposed.amount[6], 13500 + 207000);
	core_budget_whatif_free(&w);
	core_policy_free(&Q);
}

/* A case taken from an assessment: a receiving household whose income
 * rose to 900 (above 857) withdraws over the policy's months from the
 * month after the assessment; eligible, it is paid its assessment at the
 * projected standard; suspended, nothing. */
static void test_case_from_assessment(void **state)
{
	core_household h;
	core_case_now now;
	core_budget_case c;
	core_budget_kind k;
	core_date on = core_date_from_ymd(2026, 1, 15);
	ds_error err;
	(void)state;
	hb_simple(&h, "440106", 1, CORE_INCOME_PENSION, 90000);
	memset(&now, 0, sizeof(now));
	now.receiving = true;
	now.allowance = 40000;
	assert_int_equal(core_assess(&h, &P, on, &now, &A1, &err), DS_OK);
	assert_true(A1.has_transition);
	core_budget_case_from(&A1, h.region, false, &c);
	assert_true(c.receiving && c.in_transition);
	/* January: the allowance received; February on: the schedule */
	assert_int_equal(core_budget_case_month(&c, core_month_make(2026, 1), 88700, &k), 40000);
	assert_int_equal(k, CORE_BUDGET_WITHDRAWAL);
	assert_int_equal(A1.transition.first, core_month_make(2026, 2));
	for (int i = 0; i < A1.transition.months; i++)
		assert_int_equal(core_budget_case_month(&c, core_month_make(2026, 2) + i,
		                                        88700, &k),
		                 A1.transition.payments[i]);
	assert_int_equal(core_budget_case_month(&c, A1.transition.last + 1, 88700, &k), 0);
	assert_int_equal(k, CORE_BUDGET_NONE);
	core_household_free(&h);
	/* eligible: pension 500, 357.00 now; at 887, 387.00 */
	hb_simple(&h, "440106", 1, CORE_INCOME_PENSION, 50000);
	assert_int_equal(core_assess(&h, &P, on, NULL, &A1, &err), DS_OK);
	core_budget_case_from(&A1, h.region, false, &c);
	assert_int_equal(c.payment, 35700);
	assert_int_equal(core_budget_case_month(&c, core_month_make(2026, 7), 88700, &k), 38700);
	assert_int_equal(k, CORE_BUDGET_REGULAR);
	core_budget_case_from(&A1, h.region, true, &c);
	assert_false(c.receiving);
	assert_int_equal(core_budget_case_month(&c, core_month_make(2026, 7), 88700, &k), 0);
	core_household_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_allowance_rounds_as_assess),
	        cmocka_unit_test(test_standard_projected_across_anniversary),
	        cmocka_unit_test(test_year_by_hand),
	        cmocka_unit_test(test_stale_standard),
	        cmocka_unit_test(test_whatif_counts),
	        cmocka_unit_test(test_case_from_assessment),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
