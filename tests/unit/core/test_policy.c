/* test_policy.c — the policy as data (core/policy): checking a policy,
 * standards by region and date, top-ups, transition bands, projections,
 * picking a version; over the default policy and the test sample. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/policy.h"
#include "policies.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char NO_STANDARD[] =
	"no standard is in force for region %s on %s in this policy";

/* ---- taper identifiers ---------------------------------------------------- */

static void test_taper_ids(void **state)
{
	(void)state;
	assert_string_equal(core_taper_id(CORE_TAPER_LINEAR), "linear");
	assert_string_equal(core_taper_id(CORE_TAPER_HOLD), "hold");
	assert_string_equal(core_taper_id((core_taper)2), "?");
	assert_string_equal(core_taper_id((core_taper)-1), "?");
	assert_int_equal(core_taper_lookup("linear"), CORE_TAPER_LINEAR);
	assert_int_equal(core_taper_lookup("hold"), CORE_TAPER_HOLD);
	assert_int_equal(core_taper_lookup(NULL), -1);
	assert_int_equal(core_taper_lookup(""), -1);
	assert_int_equal(core_taper_lookup("Linear"), -1);
	assert_int_equal(core_taper_lookup("holds"), -1);
}

/* ---- init and free ---------------------------------------------------------- */

static void test_init_free(void **state)
{
	core_policy p;
	(void)state;
	core_policy_free(NULL); /* accepted */
	policy_sample(&p);
	assert_int_equal(p.n_standards, 5);
	core_policy_free(&p);
	assert_null(p.standards);
	assert_null(p.topups);
	assert_int_equal(p.n_standards, 0);
	assert_int_equal(p.n_topups, 0);
	core_policy_free(&p); /* twice is harmless */
	core_policy_init(&p);
	assert_int_equal(p.n_standards, 0);
	assert_null(p.standards);
}

/* ---- validate ------------------------------------------------------------------ */

static void test_validate_shipped(void **state)
{
	core_policy p;
	ds_error err;
	(void)state;
	policy_default(&p);
	assert_int_equal(core_policy_validate(&p, &err), DS_OK);
	core_policy_free(&p);
	policy_sample(&p);
	assert_int_equal(core_policy_validate(&p, &err), DS_OK);
	core_policy_free(&p);
}

/* One change to the sample each; the error names the JSON path. */
enum {
	V_NO_VERSION, V_NO_EFFECTIVE, V_NO_STANDARDS, V_PREFIX_SHORT,
	V_PREFIX_EMPTY, V_PREFIX_LETTER, V_MONTHLY_ZERO, V_MONTHLY_NEG,
	V_MONTHLY_HUGE, V_TO_BEFORE_FROM, V_NO_SOURCE, V_ADJUST_NEG,
	V_ADJUST_HIGH, V_OVERLAP, V_OVERLAP_OPEN, V_TOPUP_PREFIX,
	V_TOPUP_ZERO, V_TOPUP_SOURCE, V_WINDOW_0, V_WINDOW_25, V_DEDUCT_0,
	V_DEDUCT_101, V_DISREGARD_0, V_DISREGARD_25, V_IMPUTED_ZERO,
	V_IMPUTED_AGE_FROM, V_IMPUTED_AGE_ORDER, V_IMPUTED_AGE_TO,
	V_FINANCIAL_0, V_FINANCIAL_601, V_HOMES_0, V_HOMES_100, V_NO_BANDS,
	V_BAND_MONTHS_0, V_BAND_MONTHS_37, V_LAST_BAND_LIMIT,
	V_BAND_AT_100, V_BAND_NOT_RISING, V_WARNING_DAYS_NEG,
	V_WARNING_DAYS_366, V_WARNING_0, V_WARNING_101, V_REVERIFY_0,
	V_REVERIFY_WATCH_LONGER, V_REVERIFY_37, V_NOTICE_0, V_APPEAL_366,
	V_VISIT_0, V_VISIT_91,
};

static void mutate(core_policy *p, int k)
{
	switch (k) {
	case V_NO_VERSION: p->version[0] = '\0'; break;
	case V_NO_EFFECTIVE: p->effective = -1; break;
	case V_NO_STANDARDS: p->n_standards = 0; break;
	case V_PREFIX_SHORT: strcpy(p->standards[2].prefix, "4"); break;
	case V_PREFIX_EMPTY: p->standards[2].prefix[0] = '\0'; break;
	case V_PREFIX_LETTER: strcpy(p->standards[2].prefix, "4a"); break;
	case V_MONTHLY_ZERO: p->standards[1].monthly = 0; break;
	case V_MONTHLY_NEG: p->standards[1].monthly = -100; break;
	case V_MONTHLY_HUGE: p->standards[1].monthly = 100000001; break;
	case V_TO_BEFORE_FROM: p->standards[0].to = p->standards[0].from - 1; break;
	case V_NO_SOURCE: p->standards[4].source[0] = '\0'; break;
	case V_ADJUST_NEG: p->standards[1].adjust_permille = -1; break;
	case V_ADJUST_HIGH: p->standards[1].adjust_permille = 501; break;
	/* 4401's second standard starting on the last day of the first */
	case V_OVERLAP: p->standards[1].from = p->standards[0].to; break;
	/* an open first standard swallows the second */
	case V_OVERLAP_OPEN: p->standards[0].to = CORE_DATE_NONE; break;
	case V_TOPUP_PREFIX: strcpy(p->topups[4].prefix, "6"); break;
	case V_TOPUP_ZERO: p->topups[1].monthly = 0; break;
	case V_TOPUP_SOURCE: p->topups[3].source[0] = '\0'; break;
	case V_WINDOW_0: p->income.window_months = 0; break;
	case V_WINDOW_25: p->income.window_months = 25; break;
	case V_DEDUCT_0: p->deduction.percent_of_standard = 0; break;
	case V_DEDUCT_101: p->deduction.percent_of_standard = 101; break;
	case V_DISREGARD_0: p->disregard.months = 0; break;
	case V_DISREGARD_25: p->disregard.months = 25; break;
	case V_IMPUTED_ZERO: p->imputed.monthly = 0; break;
	case V_IMPUTED_AGE_FROM: p->imputed.age_from = 13; break;
	case V_IMPUTED_AGE_ORDER: p->imputed.age_to = p->imputed.age_from; break;
	case V_IMPUTED_AGE_TO: p->imputed.age_to = 81; break;
	case V_FINANCIAL_0: p->assets.financial_months = 0; break;
	case V_FINANCIAL_601: p->assets.financial_months = 601; break;
	case V_HOMES_0: p->assets.homes_flag_at = 0; break;
	case V_HOMES_100: p->assets.homes_flag_at = 100; break;
	case V_NO_BANDS: p->transition.n_bands = 0; break;
	case V_BAND_MONTHS_0: p->transition.bands[1].months = 0; break;
	case V_BAND_MONTHS_37: p->transition.bands[2].months = 37; break;
	case V_LAST_BAND_LIMIT: p->transition.bands[2].up_to_percent = 200; break;
	case V_BAND_AT_100: p->transition.bands[0].up_to_percent = 100; break;
	case V_BAND_NOT_RISING: p->transition.bands[1].up_to_percent = 125; break;
	case V_WARNING_DAYS_NEG: p->transition.warning_days = -1; break;
	case V_WARNING_DAYS_366: p->transition.warning_days = 366; break;
	case V_WARNING_0: p->warning.percent = 0; break;
	case V_WARNING_101: p->warning.percent = 101; break;
	case V_REVERIFY_0: p->reverify.watch_months = 0; break;
	case V_REVERIFY_WATCH_LONGER: p->reverify.watch_months = 13; break;
	case V_REVERIFY_37: p->reverify.stable_months = 37; break;
	case V_NOTICE_0: p->casework.notice_days = 0; break;
	case V_APPEAL_366: p->casework.appeal_days = 366; break;
	case V_VISIT_0: p->investigation.visit_days = 0; break;
	case V_VISIT_91: p->investigation.visit_days = 91; break;
	default: fail_msg("no mutation %d", k);
	}
}

static void test_validate_errors(void **state)
{
	static const struct {
		int k;
		const char *where;
		const char *fmt_part; /* a piece of the message */
		const char *arg0;
	} table[] = {
		{V_NO_VERSION, "version", "is missing", ""},
		{V_NO_EFFECTIVE, "effective_from", "is missing", ""},
		{V_NO_STANDARDS, "standards", "at least one standard", ""},
		{V_PREFIX_SHORT, "standards[2].region", "2 to 6 digits", ""},
		{V_PREFIX_EMPTY, "standards[2].region", "2 to 6 digits", ""},
		{V_PREFIX_LETTER, "standards[2].region", "2 to 6 digits", ""},
		{V_MONTHLY_ZERO, "standards[1].monthly", "above zero", ""},
		{V_MONTHLY_NEG, "standards[1].monthly", "above zero", ""},
		{V_MONTHLY_HUGE, "standards[1].monthly", "above zero", ""},
		{V_TO_BEFORE_FROM, "standards[0].to", "ends before it starts", ""},
		{V_NO_SOURCE, "standards[4].source", "needs its source", ""},
		{V_ADJUST_NEG, "standards[1].adjust", "yearly adjustment", ""},
		{V_ADJUST_HIGH, "standards[1].adjust", "yearly adjustment", ""},
		{V_OVERLAP, "standards[1].from", "overlaps %s", "standards[0]"},
		{V_OVERLAP_OPEN, "standards[1].from", "overlaps %s", "standards[0]"},
		{V_TOPUP_PREFIX, "topups[4].region", "2 to 6 digits", ""},
		{V_TOPUP_ZERO, "topups[1].monthly", "above zero", ""},
		{V_TOPUP_SOURCE, "topups[3].source", "needs its source", ""},
		{V_WINDOW_0, "income.window_months", "between 1 and 24", ""},
		{V_WINDOW_25, "income.window_months", "between 1 and 24", ""},
		{V_DEDUCT_0, "income.employment_cost_deduction.percent_of_standard", "between 1 and 100", ""},
		{V_DEDUCT_101, "income.employment_cost_deduction.percent_of_standard", "between 1 and 100", ""},
		{V_DISREGARD_0, "income.earnings_disregard.months", "between 1 and 24", ""},
		{V_DISREGARD_25, "income.earnings_disregard.months", "between 1 and 24", ""},
		{V_IMPUTED_ZERO, "income.imputed_income", "working age", ""},
		{V_IMPUTED_AGE_FROM, "income.imputed_income", "working age", ""},
		{V_IMPUTED_AGE_ORDER, "income.imputed_income", "working age", ""},
		{V_IMPUTED_AGE_TO, "income.imputed_income", "working age", ""},
		{V_FINANCIAL_0, "assets.financial_months_of_standard", "between 1 and 600", ""},
		{V_FINANCIAL_601, "assets.financial_months_of_standard", "between 1 and 600", ""},
		{V_HOMES_0, "assets.homes_flag_at", "between 1 and 99", ""},
		{V_HOMES_100, "assets.homes_flag_at", "between 1 and 99", ""},
		{V_NO_BANDS, "transition.bands", "at least one band", ""},
		{V_BAND_MONTHS_0, "transition.bands[1].months", "between 1 and 36", ""},
		{V_BAND_MONTHS_37, "transition.bands[2].months", "between 1 and 36", ""},
		{V_LAST_BAND_LIMIT, "transition.bands[2].up_to_percent", "the last band", ""},
		{V_BAND_AT_100, "transition.bands[0].up_to_percent", "above 100%", ""},
		{V_BAND_NOT_RISING, "transition.bands[1].up_to_percent", "each above the one before", ""},
		{V_WARNING_DAYS_NEG, "transition.warning_days", "between 0 and 365", ""},
		{V_WARNING_DAYS_366, "transition.warning_days", "between 0 and 365", ""},
		{V_WARNING_0, "early_warning.percent_of_standard", "between 1 and 100", ""},
		{V_WARNING_101, "early_warning.percent_of_standard", "between 1 and 100", ""},
		{V_REVERIFY_0, "reverification", "between 1 and 36", ""},
		{V_REVERIFY_WATCH_LONGER, "reverification", "no longer than the stable", ""},
		{V_REVERIFY_37, "reverification", "between 1 and 36", ""},
		{V_NOTICE_0, "casework", "notice days", ""},
		{V_APPEAL_366, "casework", "appeal days", ""},
		{V_VISIT_0, "investigation.visit_days", "between 1 and 90", ""},
		{V_VISIT_91, "investigation.visit_days", "between 1 and 90", ""},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_policy p;
		ds_error err;
		ds_status st;
		policy_sample(&p);
		mutate(&p, table[i].k);
		ds_error_clear(&err);
		st = core_policy_validate(&p, &err);
		if (st != DS_EINPUT)
			fail_msg("case %zu (%s): status %d, not DS_EINPUT", i,
			         table[i].where, st);
		if (strcmp(err.where, table[i].where) != 0)
			fail_msg("case %zu: where \"%s\", want \"%s\"", i, err.where,
			         table[i].where);
		if (!strstr(err.fmt, table[i].fmt_part))
			fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, err.fmt,
			         table[i].fmt_part);
		assert_string_equal(err.arg[0], table[i].arg0);
		core_policy_free(&p);
	}
}

/* Boundaries that are allowed, and options off need no figures. */
static void test_validate_accepts_edges(void **state)
{
	core_policy p;
	ds_error err;
	(void)state;
	policy_default(&p);
	/* off: their figures are not checked */
	p.deduction.percent_of_standard = 0;
	p.disregard.months = 0;
	p.imputed.monthly = 0;
	p.imputed.age_from = p.imputed.age_to = 0;
	/* one band only, the catch-all */
	p.transition.n_bands = 1;
	p.transition.bands[0] = (core_band){0, 4};
	p.transition.warning_days = 0;
	p.warning.percent = 100;
	p.reverify.stable_months = p.reverify.watch_months = 36;
	p.assets.financial_months = 600;
	p.standards[0].adjust_permille = 500;
	/* the same region in adjoining periods: no overlap */
	p.standards[1].from = core_date_from_ymd(2023, 1, 1);
	p.standards[1].to = core_date_from_ymd(2023, 12, 31);
	strcpy(p.standards[2].prefix, "33");
	p.standards[2].from = core_date_from_ymd(2024, 1, 1);
	assert_int_equal(core_policy_validate(&p, &err), DS_OK);
	core_policy_free(&p);

	/* a top-up with no region is for every region */
	policy_sample(&p);
	p.topups[0].prefix[0] = '\0';
	assert_int_equal(core_policy_validate(&p, &err), DS_OK);
	core_policy_free(&p);
}

/* ---- standards by region and date ------------------------------------------- */

typedef struct {
	const char *region;
	int y, m, d;
	const char *prefix; /* NULL: no standard, an error */
	core_fen monthly;
} lookup_case;

static void check_lookups(const core_policy *p, const lookup_case *t,
                          size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ds_error err;
		core_date on = core_date_from_ymd(t[i].y, t[i].m, t[i].d);
		const core_standard *s;
		char date[11];
		ds_error_clear(&err);
		s = core_policy_standard(p, t[i].region, on, &err);
		core_date_format(on, date);
		if (!t[i].prefix) {
			if (s)
				fail_msg("%s on %s: standard %s, want none", t[i].region,
				         date, s->prefix);
			/* never a fallback: an error naming the region and the date */
			assert_int_equal(err.status, DS_EINPUT);
			assert_string_equal(err.where, "region");
			assert_string_equal(err.fmt, NO_STANDARD);
			assert_string_equal(err.arg[0], t[i].region);
			assert_string_equal(err.arg[1], date);
			continue;
		}
		if (!s)
			fail_msg("%s on %s: no standard, want %s", t[i].region, date,
			         t[i].prefix);
		if (strcmp(s->prefix, t[i].prefix) != 0 || s->monthly != t[i].monthly)
			fail_msg("%s on %s: %s %lld, want %s %lld", t[i].region, date,
			         s->prefix, (long long)s->monthly, t[i].prefix,
			         (long long)t[i].monthly);
		assert_true(s->from <= on && on <= s->to);
		assert_int_equal(err.status, DS_OK);
	}
}

/* Every region of DOMAIN.md's table, longest prefix first. */
static void test_standard_default_regions(void **state)
{
	static const lookup_case table[] = {
		/* Guangdong class I */
		{"440106", 2026, 11, 27, "4401", 116500},
		{"440100", 2023, 1, 1, "4401", 116500},
		{"440304", 2026, 11, 27, "4403", 116500},
		/* class II */
		{"440402", 2026, 11, 27, "4404", 103700},
		{"440604", 2026, 11, 27, "4406", 103700},
		{"441900", 2026, 11, 27, "4419", 103700},
		{"442000", 2026, 11, 27, "4420", 103700},
		/* other areas: the province prefix */
		{"445102", 2026, 11, 27, "44", 85700},
		{"440203", 2026, 11, 27, "44", 85700}, /* Shaoguan */
		{"440501", 2024, 5, 5, "44", 85700},   /* Shantou: not 4404 */
		/* Lanzhou, the five districts, each its own prefix */
		{"620102", 2026, 11, 27, "620102", 92000},
		{"620103", 2026, 11, 27, "620103", 92000},
		{"620104", 2026, 11, 27, "620104", 92000},
		{"620105", 2026, 11, 27, "620105", 92000},
		{"620111", 2026, 11, 27, "620111", 92000},
		/* Lanzhou's counties and other districts have no standard */
		{"620121", 2026, 11, 27, NULL, 0},
		{"620106", 2026, 11, 27, NULL, 0},
		{"620101", 2026, 11, 27, NULL, 0},
		{"620200", 2026, 11, 27, NULL, 0},
		/* Shanghai from July 2023 only */
		{"310115", 2023, 7, 1, "31", 151000},
		{"310101", 2026, 11, 27, "31", 151000},
		{"310115", 2023, 6, 30, NULL, 0},
		{"310115", 2023, 1, 1, NULL, 0},
		/* Zhejiang, province-unified */
		{"330106", 2026, 11, 27, "33", 114900},
		{"331002", 2023, 1, 1, "33", 114900},
		/* regions not in the table */
		{"110105", 2026, 11, 27, NULL, 0},
		{"450102", 2026, 11, 27, NULL, 0},
		{"340104", 2026, 11, 27, NULL, 0}, /* shares "3" with 31 and 33 only */
		/* before the default's standards begin */
		{"440106", 2022, 12, 31, NULL, 0},
		{"445102", 2022, 12, 31, NULL, 0},
		/* far future: open ends */
		{"440106", 9999, 12, 31, "4401", 116500},
	};
	core_policy p;
	(void)state;
	policy_default(&p);
	check_lookups(&p, table, N(table));
	core_policy_free(&p);
}

/* The sample's dated standards: 4401 at 1165 until 2024-06-30, then 1205;
 * 44 at 857 then 887. */
static void test_standard_sample_dates(void **state)
{
	static const lookup_case table[] = {
		{"440106", 2024, 1, 1, "4401", 116500},
		{"440106", 2024, 6, 30, "4401", 116500},
		{"440106", 2024, 7, 1, "4401", 120500},
		{"440106", 2026, 11, 27, "4401", 120500},
		{"445102", 2024, 6, 30, "44", 85700},
		{"445102", 2024, 7, 1, "44", 88700},
		/* no 4403 or 4406 in the sample: the province prefix applies */
		{"440304", 2024, 7, 1, "44", 88700},
		{"440604", 2024, 3, 1, "44", 85700},
		{"620102", 2024, 1, 1, "620102", 92000},
		{"620103", 2024, 1, 1, NULL, 0},
		{"330106", 2025, 1, 1, NULL, 0},
		{"310115", 2025, 1, 1, NULL, 0},
		{"440106", 2023, 12, 31, NULL, 0},
		{"620102", 2023, 12, 31, NULL, 0},
	};
	core_policy p;
	(void)state;
	policy_sample(&p);
	check_lookups(&p, table, N(table));
	core_policy_free(&p);
}

/* The longest prefix wins whatever the order of the list. */
static void test_standard_order_does_not_matter(void **state)
{
	static const lookup_case table[] = {
		{"440106", 2026, 11, 27, "4401", 116500},
		{"440604", 2026, 11, 27, "4406", 103700},
		{"445102", 2026, 11, 27, "44", 85700},
		{"620105", 2026, 11, 27, "620105", 92000},
	};
	core_policy p;
	(void)state;
	policy_default(&p);
	for (size_t i = 0; i < p.n_standards / 2; i++) {
		core_standard t = p.standards[i];
		p.standards[i] = p.standards[p.n_standards - 1 - i];
		p.standards[p.n_standards - 1 - i] = t;
	}
	assert_string_equal(p.standards[0].prefix, "44");
	check_lookups(&p, table, N(table));
	core_policy_free(&p);
}

/* As the header says: the longest prefix among the standards in force on
 * the date. A city whose own standard starts later is under the province's
 * until then; once a city standard ends with nothing after it the
 * province's applies again. */
static void test_standard_in_force_only(void **state)
{
	static const lookup_case table[] = {
		{"440106", 2023, 6, 1, "44", 85700},
		{"440106", 2024, 1, 1, "4401", 116500},
		{"440106", 2024, 12, 31, "4401", 116500},
		{"440106", 2025, 1, 1, "44", 85700},
		{"445102", 2024, 6, 1, "44", 85700},
	};
	core_policy p;
	(void)state;
	policy_default(&p);
	p.standards[7].from = core_date_from_ymd(2024, 1, 1); /* 4401 */
	p.standards[7].to = core_date_from_ymd(2024, 12, 31);
	assert_string_equal(p.standards[7].prefix, "4401");
	check_lookups(&p, table, N(table));
	core_policy_free(&p);
}

/* The error without err, and with a region longer than any prefix. */
static void test_standard_null_err(void **state)
{
	core_policy p;
	(void)state;
	policy_default(&p);
	assert_null(core_policy_standard(&p, "620121",
	                                 core_date_from_ymd(2026, 1, 1), NULL));
	assert_non_null(core_policy_standard(&p, "620111",
	                                     core_date_from_ymd(2026, 1, 1), NULL));
	core_policy_free(&p);
}

/* ---- top-ups ------------------------------------------------------------------- */

#define CAT(c) (1u << CORE_CAT_##c)

static void test_topup(void **state)
{
	static const struct {
		const char *region;
		unsigned categories;
		core_fen want;
		core_category which;
		const char *which_prefix;
	} table[] = {
		{"440106", 0, 0, 0, NULL},
		{"440106", CAT(STUDENT), 0, 0, NULL},
		/* region-specific: 142 in 4401, 104 elsewhere */
		{"440106", CAT(ELDERLY), 14200, CORE_CAT_ELDERLY, "4401"},
		{"440113", CAT(ELDERLY), 14200, CORE_CAT_ELDERLY, "4401"},
		{"445102", CAT(ELDERLY), 10400, CORE_CAT_ELDERLY, ""},
		{"620102", CAT(ELDERLY), 10400, CORE_CAT_ELDERLY, ""},
		{"310115", CAT(ELDERLY), 10400, CORE_CAT_ELDERLY, ""},
		/* one person, several categories: the highest, once */
		{"440106", CAT(ELDERLY) | CAT(SEVERE_DISABILITY), 14200, CORE_CAT_ELDERLY, "4401"},
		{"445102", CAT(ELDERLY) | CAT(SEVERE_DISABILITY), 13000, CORE_CAT_SEVERE_DISABILITY, ""},
		{"445102", CAT(ELDERLY) | CAT(SEVERE_ILLNESS), 12000, CORE_CAT_SEVERE_ILLNESS, ""},
		{"445102", CAT(SEVERE_DISABILITY) | CAT(SEVERE_ILLNESS), 13000, CORE_CAT_SEVERE_DISABILITY, ""},
		{"445102", CAT(ELDERLY) | CAT(SEVERE_DISABILITY) | CAT(SEVERE_ILLNESS) | CAT(STUDENT), 13000, CORE_CAT_SEVERE_DISABILITY, ""},
		{"440106", CAT(ELDERLY) | CAT(SEVERE_DISABILITY) | CAT(SEVERE_ILLNESS), 14200, CORE_CAT_ELDERLY, "4401"},
		/* a minor: only in 620102 */
		{"620102", CAT(MINOR), 6000, CORE_CAT_MINOR, "620102"},
		{"620103", CAT(MINOR), 0, 0, NULL},
		{"440106", CAT(MINOR) | CAT(STUDENT), 0, 0, NULL},
		{"620102", CAT(MINOR) | CAT(SEVERE_ILLNESS), 12000, CORE_CAT_SEVERE_ILLNESS, ""},
	};
	core_policy p;
	(void)state;
	policy_sample(&p);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < N(table); i++) {
			const core_topup *t = (const core_topup *)1;
			core_fen got = core_policy_topup(&p, table[i].region,
			                                 table[i].categories, &t);
			if (got != table[i].want)
				fail_msg("pass %d case %zu: %lld, want %lld", pass, i,
				         (long long)got, (long long)table[i].want);
			if (!table[i].which_prefix) {
				assert_null(t);
				continue;
			}
			assert_non_null(t);
			assert_int_equal(t->category, table[i].which);
			assert_string_equal(t->prefix, table[i].which_prefix);
			assert_int_equal(t->monthly, got);
		}
		/* the same answers with the list reversed */
		for (size_t i = 0; i < p.n_topups / 2; i++) {
			core_topup t = p.topups[i];
			p.topups[i] = p.topups[p.n_topups - 1 - i];
			p.topups[p.n_topups - 1 - i] = t;
		}
	}
	core_policy_free(&p);

	/* the default has none */
	policy_default(&p);
	{
		const core_topup *t = (const core_topup *)1;
		assert_int_equal(core_policy_topup(&p, "440106",
		                                   (1u << CORE_CAT_COUNT) - 1, &t),
		                 0);
		assert_null(t);
	}
	core_policy_free(&p);
}

/* ---- transition bands ------------------------------------------------------------ */

static void test_transition_months(void **state)
{
	static const struct {
		bool sample;
		core_fen S;
		int n;
		core_fen H;
		int want;
	} table[] = {
		/* default: 6 months up to 1.5 x S, then 3 */
		{false, 116500, 1, 116501, 6},
		{false, 116500, 1, 174750, 6},  /* exactly 1.5 x S */
		{false, 116500, 1, 174751, 3},  /* a fen above */
		{false, 116500, 3, 524250, 6},  /* 1.5 x S x 3 */
		{false, 116500, 3, 524251, 3},
		{false, 85700, 2, 257100, 6},
		{false, 85700, 2, 257101, 3},
		{false, 92000, 8, 1104000, 6},
		{false, 92000, 8, 1104001, 3},
		{false, 116500, 1, 10000000, 3},
		/* 1.5 x S not a whole fen: compared exactly, no division */
		{false, 100001, 1, 150001, 6},
		{false, 100001, 1, 150002, 3},
		{false, 100001, 2, 300003, 6},
		{false, 100001, 2, 300004, 3},
		/* the sample: 6 up to 125%, 4 up to 150%, else 3 */
		{true, 120500, 1, 120501, 6},
		{true, 120500, 1, 150625, 6},   /* exactly 1.25 x S */
		{true, 120500, 1, 150626, 4},
		{true, 120500, 1, 180750, 4},   /* exactly 1.5 x S */
		{true, 120500, 1, 180751, 3},
		{true, 88700, 4, 443500, 6},    /* 1.25 x 887 x 4 */
		{true, 88700, 4, 443501, 4},
		{true, 88700, 4, 532200, 4},
		{true, 88700, 4, 532201, 3},
	};
	core_policy d, s;
	(void)state;
	policy_default(&d);
	policy_sample(&s);
	for (size_t i = 0; i < N(table); i++) {
		int got = core_policy_transition_months(table[i].sample ? &s : &d,
		                                        table[i].S, table[i].H,
		                                        table[i].n);
		if (got != table[i].want)
			fail_msg("case %zu: S %lld n %d H %lld: %d months, want %d", i,
			         (long long)table[i].S, table[i].n,
			         (long long)table[i].H, got, table[i].want);
	}
	core_policy_free(&d);
	core_policy_free(&s);
}

/* ---- projections ---------------------------------------------------------------- */

static void test_project(void **state)
{
	static const struct {
		bool sample;
		const char *region;
		int y, m, d;
		core_fen want;
		int years;
		const char *base_prefix;
		core_fen base;
	} table[] = {
		/* 1165 x 1.035 = 1205.775 -> 1206; 1248.21 -> 1249; 1292.715 -> 1293 */
		{false, "440106", 2023, 1, 1, 116500, 0, "4401", 116500},
		{false, "440106", 2023, 12, 31, 116500, 0, "4401", 116500},
		{false, "440106", 2024, 1, 1, 120600, 1, "4401", 116500},
		{false, "440106", 2025, 1, 1, 124900, 2, "4401", 116500},
		{false, "440106", 2026, 11, 27, 129300, 3, "4401", 116500},
		/* 857 x 1.035 = 886.995 -> 887 */
		{false, "445102", 2024, 6, 1, 88700, 1, "44", 85700},
		/* no rule: the years pass, the figure stays */
		{false, "310115", 2026, 11, 27, 151000, 3, "31", 151000},
		{false, "620102", 2030, 1, 1, 92000, 7, "620102", 92000},
		/* the sample: from the latest standard, 1205 from 2024-07-01 */
		{true, "440106", 2024, 6, 30, 116500, 0, "4401", 116500},
		{true, "440106", 2025, 6, 30, 120500, 0, "4401", 120500},
		{true, "440106", 2025, 7, 1, 124800, 1, "4401", 120500},
		{true, "440106", 2027, 8, 1, 133800, 3, "4401", 120500},
	};
	core_policy d, s;
	(void)state;
	policy_default(&d);
	policy_sample(&s);
	for (size_t i = 0; i < N(table); i++) {
		core_fen out = -1;
		const core_standard *base = NULL;
		int years = -1;
		ds_error err;
		ds_status st = core_policy_project(
		        table[i].sample ? &s : &d, table[i].region,
		        core_date_from_ymd(table[i].y, table[i].m, table[i].d),
		        &out, &base, &years, &err);
		assert_int_equal(st, DS_OK);
		if (out != table[i].want || years != table[i].years)
			fail_msg("case %zu: %lld after %d years, want %lld after %d", i,
			         (long long)out, years, (long long)table[i].want,
			         table[i].years);
		assert_non_null(base);
		assert_string_equal(base->prefix, table[i].base_prefix);
		assert_int_equal(base->monthly, table[i].base);
	}
	/* nothing to project from: the same error as a look-up */
	{
		core_fen out = 7;
		const core_standard *base = NULL;
		int years = 0;
		ds_error err;
		assert_int_equal(core_policy_project(&d, "310115",
		                                     core_date_from_ymd(2023, 6, 30),
		                                     &out, &base, &years, &err),
		                 DS_EINPUT);
		assert_string_equal(err.fmt, NO_STANDARD);
		assert_string_equal(err.arg[0], "310115");
		assert_string_equal(err.arg[1], "2023-06-30");
		assert_int_equal(core_policy_project(&d, "620121",
		                                     core_date_from_ymd(2026, 1, 1),
		                                     &out, &base, &years, &err),
		                 DS_EINPUT);
		assert_string_equal(err.arg[0], "620121");
		assert_int_equal(out, 7); /* untouched */
	}
	core_policy_free(&d);
	core_policy_free(&s);
}

/* ---- picking a version --------------------------------------------------------------- */

static void test_pick(void **state)
{
	core_policy d, s, s2;
	const core_policy *v[3];
	(void)state;
	policy_default(&d);
	policy_sample(&s);
	policy_sample(&s2);
	v[0] = &d;
	v[1] = &s;
	assert_int_equal(core_policy_pick(v, 0, core_date_from_ymd(2030, 1, 1)), -1);
	assert_int_equal(core_policy_pick(v, 2, core_date_from_ymd(2022, 12, 31)), -1);
	assert_int_equal(core_policy_pick(v, 2, core_date_from_ymd(2023, 1, 1)), 0);
	assert_int_equal(core_policy_pick(v, 2, core_date_from_ymd(2023, 12, 31)), 0);
	assert_int_equal(core_policy_pick(v, 2, core_date_from_ymd(2024, 1, 1)), 1);
	assert_int_equal(core_policy_pick(v, 2, core_date_from_ymd(2026, 11, 27)), 1);
	/* order given does not matter, except that of equal dates the later
	 * one given wins (a correction) */
	v[0] = &s;
	v[1] = &d;
	assert_int_equal(core_policy_pick(v, 2, core_date_from_ymd(2026, 11, 27)), 0);
	assert_int_equal(core_policy_pick(v, 2, core_date_from_ymd(2023, 5, 1)), 1);
	v[2] = &s2;
	assert_int_equal(core_policy_pick(v, 3, core_date_from_ymd(2026, 11, 27)), 2);
	core_policy_free(&d);
	core_policy_free(&s);
	core_policy_free(&s2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_taper_ids),
		cmocka_unit_test(test_init_free),
		cmocka_unit_test(test_validate_shipped),
		cmocka_unit_test(test_validate_errors),
		cmocka_unit_test(test_validate_accepts_edges),
		cmocka_unit_test(test_standard_default_regions),
		cmocka_unit_test(test_standard_sample_dates),
		cmocka_unit_test(test_standard_order_does_not_matter),
		cmocka_unit_test(test_standard_in_force_only),
		cmocka_unit_test(test_standard_null_err),
		cmocka_unit_test(test_topup),
		cmocka_unit_test(test_transition_months),
		cmocka_unit_test(test_project),
		cmocka_unit_test(test_pick),
	};
	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
