/* policies.h — the shipped default policy and the test sample as
 * core_policy structs, for core tests that link no JSON reader.
 *
 * The values mirror store/policy-default.json and tests/policy/sample.json
 * exactly, field by field, sources included: change a file, change this
 * header with it (the two were compared field by field through
 * store_policy_parse when this was written). */
#ifndef TESTS_UNIT_CORE_POLICIES_H
#define TESTS_UNIT_CORE_POLICIES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/household.h"
#include "core/policy.h"

typedef struct {
	const char *prefix, *name;
	core_fen monthly;
	int from[3], to[3]; /* year, month, day; to {0}: open */
	const char *source;
	int adjust_permille;
	const char *adjust_source;
} pol_standard_row;

typedef struct {
	core_category category;
	const char *prefix; /* "" for every region */
	core_fen monthly;
	const char *source;
} pol_topup_row;

#define POL_COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))
#define POL_N(a) (sizeof(a) / sizeof((a)[0]))

static inline core_date pol_date(const int ymd[3])
{
	return ymd[0] ? core_date_from_ymd(ymd[0], ymd[1], ymd[2])
	              : CORE_DATE_NONE;
}

/* Fills the lists of p (heap copies, so core_policy_free works and a test
 * may change them). */
static inline void pol_fill(core_policy *p, const pol_standard_row *s,
                            size_t ns, const pol_topup_row *t, size_t nt)
{
	p->n_standards = ns;
	p->standards = calloc(ns + 1, sizeof(*p->standards));
	for (size_t i = 0; i < ns; i++) {
		core_standard *d = &p->standards[i];
		POL_COPY(d->prefix, s[i].prefix);
		POL_COPY(d->name, s[i].name);
		d->monthly = s[i].monthly;
		d->from = pol_date(s[i].from);
		d->to = pol_date(s[i].to);
		POL_COPY(d->source, s[i].source);
		d->adjust_permille = s[i].adjust_permille;
		POL_COPY(d->adjust_source, s[i].adjust_source);
	}
	p->n_topups = nt;
	p->topups = calloc(nt + 1, sizeof(*p->topups));
	for (size_t i = 0; i < nt; i++) {
		p->topups[i].category = t[i].category;
		POL_COPY(p->topups[i].prefix, t[i].prefix);
		p->topups[i].monthly = t[i].monthly;
		POL_COPY(p->topups[i].source, t[i].source);
	}
}

/* The national list: counted and earned sources, as both files give them. */
static inline void pol_income_lists(core_policy *p)
{
	static const core_income_source counted[] = {
		CORE_INCOME_WAGES, CORE_INCOME_FLEXIBLE_WORK, CORE_INCOME_BUSINESS,
		CORE_INCOME_AGRICULTURE, CORE_INCOME_PROPERTY,
		CORE_INCOME_FAMILY_SUPPORT, CORE_INCOME_PENSION,
		CORE_INCOME_UNEMPLOYMENT, CORE_INCOME_COMPENSATION,
		CORE_INCOME_OTHER_COUNTED,
	};
	static const core_income_source earned[] = {
		CORE_INCOME_WAGES, CORE_INCOME_FLEXIBLE_WORK, CORE_INCOME_BUSINESS,
		CORE_INCOME_AGRICULTURE,
	};
	for (size_t i = 0; i < POL_N(counted); i++)
		p->income.counted[counted[i]] = true;
	for (size_t i = 0; i < POL_N(earned); i++)
		p->income.earned[earned[i]] = true;
}

/* ---- store/policy-default.json ------------------------------------------ */

#define POL_GD_ADJUST 35, "Reform paper: Guangdong raises its standards by at least 3.5% a year"
#define POL_GD_I "Reform paper §3.2: Guangdong class I (Guangzhou, Shenzhen) 1,165 yuan a month (2023)"
#define POL_GD_II "Reform paper §3.2: Guangdong class II (Zhuhai, Foshan, Dongguan, Zhongshan) 1,037 yuan a month (2023)"
#define POL_LANZHOU "Reform paper §3.2: Lanzhou, five districts, 920 yuan a month (2023)"

static inline void policy_default(core_policy *p)
{
	static const pol_standard_row standards[] = {
		{"31", "上海 Shanghai", 151000, {2023, 7, 1}, {0},
		 "Reform paper §3.2: Shanghai 1,510 yuan a month from July 2023 (adjusted with per-capita consumer spending growth; no figure for that growth is given, so no projection rule)",
		 0, ""},
		{"33", "浙江 Zhejiang (province-unified)", 114900, {2023, 1, 1}, {0},
		 "Reform paper §3.2: Zhejiang, unified across the province, 1,149 yuan a month (2023)",
		 0, ""},
		{"620102", "兰州 城关区 Lanzhou Chengguan", 92000, {2023, 1, 1}, {0}, POL_LANZHOU, 0, ""},
		{"620103", "兰州 七里河区 Lanzhou Qilihe", 92000, {2023, 1, 1}, {0}, POL_LANZHOU, 0, ""},
		{"620104", "兰州 西固区 Lanzhou Xigu", 92000, {2023, 1, 1}, {0}, POL_LANZHOU, 0, ""},
		{"620105", "兰州 安宁区 Lanzhou Anning", 92000, {2023, 1, 1}, {0}, POL_LANZHOU, 0, ""},
		{"620111", "兰州 红古区 Lanzhou Honggu", 92000, {2023, 1, 1}, {0}, POL_LANZHOU, 0, ""},
		{"4401", "广州 Guangzhou (Guangdong class I)", 116500, {2023, 1, 1}, {0}, POL_GD_I, POL_GD_ADJUST},
		{"4403", "深圳 Shenzhen (Guangdong class I)", 116500, {2023, 1, 1}, {0}, POL_GD_I, POL_GD_ADJUST},
		{"4404", "珠海 Zhuhai (Guangdong class II)", 103700, {2023, 1, 1}, {0}, POL_GD_II, POL_GD_ADJUST},
		{"4406", "佛山 Foshan (Guangdong class II)", 103700, {2023, 1, 1}, {0}, POL_GD_II, POL_GD_ADJUST},
		{"4419", "东莞 Dongguan (Guangdong class II)", 103700, {2023, 1, 1}, {0}, POL_GD_II, POL_GD_ADJUST},
		{"4420", "中山 Zhongshan (Guangdong class II)", 103700, {2023, 1, 1}, {0}, POL_GD_II, POL_GD_ADJUST},
		{"44", "广东 其他地区 Guangdong, other areas", 85700, {2023, 1, 1}, {0},
		 "Reform paper: 857 yuan a month (2023); the paper calls this class IV in §3.2 and class III in §4.2",
		 POL_GD_ADJUST},
	};
	core_policy_init(p);
	POL_COPY(p->version, "cn-default-2023.1");
	POL_COPY(p->title, "National rules with the 2023 local standards of the reform paper");
	p->effective = core_date_from_ymd(2023, 1, 1);
	POL_COPY(p->source, "Interim Measures on Social Assistance (State Council Decree 649, arts. 9-10); Wang, Precision-Oriented Reform of the Social Security System (the reform paper), 2023 figures; local practices as named");
	pol_fill(p, standards, POL_N(standards), NULL, 0);

	pol_income_lists(p);
	POL_COPY(p->income.source, "national list of incomes not counted (special-care payments, family-planning rewards, scholarships, bravery awards, social assistance, the residents' basic pension, others named by the city)");
	p->income.window_months = 6;
	POL_COPY(p->income.window_source, "Guangdong 2019 practice");
	p->deduction.enabled = false;
	p->deduction.percent_of_standard = 30;
	POL_COPY(p->deduction.source, "Ganzhou practice: a deduction for the cost of working, 30% of the standard per employed member (off by default)");
	p->disregard.enabled = false;
	p->disregard.months = 3;
	POL_COPY(p->disregard.source, "Weifang practice: earnings not counted in the first 3 months after a member starts work (off by default)");
	p->imputed.enabled = false;
	p->imputed.monthly = 230000;
	p->imputed.age_from = 16;
	p->imputed.age_to = 60;
	POL_COPY(p->imputed.source, "Guangdong practice: the minimum wage (Guangzhou, 2,300 yuan) counted for working-age members able to work who refuse work (off by default)");

	p->assets.financial_months = 24;
	p->assets.vehicle_refuses = true;
	p->assets.homes_flag_at = 2;
	POL_COPY(p->assets.source, "Weifang 2017 practice");

	p->transition.n_bands = 2;
	p->transition.bands[0] = (core_band){150, 6};
	p->transition.bands[1] = (core_band){0, 3};
	p->transition.taper = CORE_TAPER_LINEAR;
	p->transition.warning_days = 30;
	POL_COPY(p->transition.source, "reform paper: a 3 to 6 month gradual withdrawal (渐退)");
	p->warning.percent = 90;
	POL_COPY(p->warning.source, "exit early-warning practice");
	p->reverify.stable_months = 12;
	p->reverify.watch_months = 6;
	POL_COPY(p->reverify.source, "DOMAIN.md re-verification practice");
	p->investigation.visit_days = 10;
	POL_COPY(p->investigation.source, "Local practice, not a national figure: a home visit (入户调查) within 10 days of an application, and again within 10 days of a return for more investigation or a reopening (an objection, an overturned appeal). DOMAIN.md names no such deadline for the minimum living guarantee; 10 follows its local practice for temporary assistance (investigated within 10 working days), counted here in calendar days. A county sets its own.");
	p->casework.notice_days = 7;
	p->casework.appeal_days = 30;
	POL_COPY(p->casework.source, "7-day public notice (公示); appeals within 30 days of receipt");
	p->crosscheck.electricity = 0;
	p->crosscheck.water = 0;
	p->crosscheck.gas = 0;
	POL_COPY(p->crosscheck.source, "No national threshold for utility use; 0 means not checked until a county sets one");
}

/* ---- tests/policy/sample.json ------------------------------------------- */

static inline void policy_sample(core_policy *p)
{
	static const pol_standard_row standards[] = {
		{"4401", "广州 Guangzhou (test sample, to June 2024)", 116500,
		 {2024, 1, 1}, {2024, 6, 30},
		 "Test sample: the reform paper's 2023 Guangdong class I figure, 1,165 yuan, kept until 2024-06-30",
		 0, ""},
		{"4401", "广州 Guangzhou (test sample, from July 2024)", 120500,
		 {2024, 7, 1}, {0},
		 "Test sample, made up: 1,165 raised by 3.5% (1,205.78) and rounded down to 1,205 yuan from 2024-07-01",
		 35, "Test sample: Guangdong raises its standards by at least 3.5% a year (reform paper)"},
		{"44", "广东 其他地区 Guangdong other areas (test, to 2024-06)", 85700,
		 {2024, 1, 1}, {2024, 6, 30},
		 "Test sample: the reform paper's 2023 figure for Guangdong's other areas, 857 yuan (class IV in §3.2, class III in §4.2), kept until 2024-06-30",
		 0, ""},
		{"44", "广东 其他地区 Guangdong other areas (test, 2024-07 on)", 88700,
		 {2024, 7, 1}, {0},
		 "Test sample, made up: 857 raised by 3.5% (886.995) and rounded up to 887 yuan from 2024-07-01",
		 0, ""},
		{"620102", "兰州 城关区 Lanzhou Chengguan (test sample)", 92000,
		 {2024, 1, 1}, {0},
		 "Test sample: the reform paper's 2023 figure for Lanzhou's five districts, 920 yuan",
		 0, ""},
	};
	static const pol_topup_row topups[] = {
		{CORE_CAT_ELDERLY, "4401", 14200,
		 "Test sample: the 142-yuan urban top-up of a Heilongjiang county (DOMAIN.md), placed in prefix 4401 for the test"},
		{CORE_CAT_ELDERLY, "", 10400,
		 "Test sample: the 104-yuan rural top-up of a Heilongjiang county (DOMAIN.md), for every other region"},
		{CORE_CAT_SEVERE_DISABILITY, "", 13000,
		 "Test sample, made up: a severely disabled person's top-up of 130 yuan, every region"},
		{CORE_CAT_SEVERE_ILLNESS, "", 12000,
		 "Test sample, made up: a severely ill person's top-up of 120 yuan, every region"},
		{CORE_CAT_MINOR, "620102", 6000,
		 "Test sample, made up: a minor's top-up of 60 yuan in Lanzhou Chengguan only"},
	};
	core_policy_init(p);
	POL_COPY(p->version, "test-sample-2024.1");
	POL_COPY(p->title, "TEST SAMPLE: the options the default policy leaves off (top-ups, employment-cost deduction, earnings disregard, imputed income, hold taper, dated standards)");
	p->effective = core_date_from_ymd(2024, 1, 1);
	POL_COPY(p->source, "Test sample for doorstep's tests, not a real policy: figures follow DOMAIN.md's examples where it gives them and are made up where it does not (said so in each source); mirrored by tests/unit/core/policies.h");
	pol_fill(p, standards, POL_N(standards), topups, POL_N(topups));

	pol_income_lists(p);
	POL_COPY(p->income.source, "Test sample: the national list of incomes not counted, as in the default policy");
	p->income.window_months = 12;
	POL_COPY(p->income.window_source, "Test sample, made up: a 12-month income window");
	p->deduction.enabled = true;
	p->deduction.percent_of_standard = 30;
	POL_COPY(p->deduction.source, "Test sample: the Ganzhou practice in DOMAIN.md, 30% of the standard per employed member, never more than the member's earnings");
	p->disregard.enabled = true;
	p->disregard.months = 3;
	POL_COPY(p->disregard.source, "Test sample: the Weifang practice in DOMAIN.md, earnings not counted in the first 3 months after a member starts work");
	p->imputed.enabled = true;
	p->imputed.monthly = 230000;
	p->imputed.age_from = 16;
	p->imputed.age_to = 60;
	POL_COPY(p->imputed.source, "Test sample: the Guangdong practice in DOMAIN.md, the minimum wage (Guangzhou, 2,300 yuan) counted for working-age members able to work who refuse work");

	p->assets.financial_months = 24;
	p->assets.vehicle_refuses = true;
	p->assets.homes_flag_at = 2;
	POL_COPY(p->assets.source, "Test sample: the Weifang 2017 practice, as in the default policy");

	p->transition.n_bands = 3;
	p->transition.bands[0] = (core_band){125, 6};
	p->transition.bands[1] = (core_band){150, 4};
	p->transition.bands[2] = (core_band){0, 3};
	p->transition.taper = CORE_TAPER_HOLD;
	p->transition.warning_days = 15;
	POL_COPY(p->transition.source, "Test sample, made up: three bands within the reform paper's 3 to 6 months, the hold taper, a warning 15 days before the last month");
	p->warning.percent = 85;
	POL_COPY(p->warning.source, "Test sample, made up: early warning at 85% of the standard");
	p->reverify.stable_months = 12;
	p->reverify.watch_months = 3;
	POL_COPY(p->reverify.source, "Test sample, made up: every 12 months, every 3 months when watched");
	/* the sample has no investigation section: the default applies */
	p->investigation.visit_days = CORE_VISIT_DAYS_DEFAULT;
	POL_COPY(p->investigation.source, CORE_VISIT_DAYS_SOURCE);
	p->casework.notice_days = 7;
	p->casework.appeal_days = 60;
	POL_COPY(p->casework.source, "Test sample: the 7-day public notice (公示); made up: appeals within 60 days of receipt");
	p->crosscheck.electricity = 150;
	p->crosscheck.water = 8;
	p->crosscheck.gas = 10;
	POL_COPY(p->crosscheck.source, "Test sample, made up: flag use above 150 kWh of electricity, 8 m³ of water or 10 m³ of gas per person per month");
}

#endif
