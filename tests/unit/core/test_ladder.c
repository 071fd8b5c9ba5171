/* test_ladder.c — the ladder of assistance (core/ladder): the facts'
 * identifiers and checks, each rung's test and payment at its edges, the
 * order of the rungs, exclusion from the count, months averaged with one
 * missing, the five households of issue 19, and properties over generated
 * households (exactly one class; support never falls as income rises). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/demo.h"
#include "core/ladder.h"
#include "core/policy.h"
#include "hhbuild.h"
#include "policies.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define CAT(c) (1u << CORE_CAT_##c)
#define S_GZ 116500 /* Guangzhou's S in the default policy */

static core_assessment A; /* large: kept out of the stack */
static core_ladder L;
static core_policy DEF;

static int setup(void **state)
{
	(void)state;
	policy_default(&DEF);
	core_policy_ladder_defaults(&DEF);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	core_policy_free(&DEF);
	return 0;
}

static core_date ON(void) { return hb_day(2026, 11, 27); }

static void ladder_ok(const core_household *h, const core_policy *p,
                      const core_case_now *now)
{
	ds_error err;
	ds_status st;
	hb_valid(h, ON());
	st = core_ladder_assess(h, p, ON(), now, &A, &L, &err);
	if (st != DS_OK)
		fail_msg("ladder failed: %s: %s %s %s", err.where, err.fmt,
		         err.arg[0], err.arg[1]);
	assert_false(A.truncated);
	/* the last step names the class */
	assert_int_equal(A.steps[A.n_steps - 1].code, CORE_STEP_CLASS);
	assert_string_equal(core_step_value(&A, &A.steps[A.n_steps - 1], 0),
	                    core_class_id(L.cls));
}

/* An adult of working age with wages of H fen, a household of n. */
static void working(core_household *h, int n, core_fen H)
{
	hb_simple(h, "440106", n, CORE_INCOME_WAGES, H);
	for (size_t i = 0; i < h->n_members; i++)
		h->members[i].able_to_work = true;
}

/* ---- identifiers --------------------------------------------------------------- */

static void test_ids(void **state)
{
	(void)state;
	assert_string_equal(core_class_id(CORE_CLASS_DESTITUTE), "destitute");
	assert_string_equal(core_class_id(CORE_CLASS_DIBAO_SINGLE), "dibao_single");
	assert_string_equal(core_class_id(CORE_CLASS_NONE), "none");
	assert_string_equal(core_class_id(CORE_CLASS_COUNT), "?");
	assert_int_equal(core_class_lookup("rigid_hardship"), CORE_CLASS_RIGID_HARDSHIP);
	assert_int_equal(core_class_lookup("Dibao"), -1);
	assert_true(core_class_pays(CORE_CLASS_DIBAO));
	assert_false(core_class_pays(CORE_CLASS_MARGINAL));
	assert_false(core_class_pays(CORE_CLASS_RIGID_HARDSHIP));
	assert_false(core_class_pays(CORE_CLASS_NONE));
	assert_int_equal(core_disability_lookup("mental"), CORE_DISABILITY_MENTAL);
	assert_int_equal(core_disability_lookup(""), -1);
	assert_int_equal(core_disability_lookup("blind"), -1);
	assert_string_equal(core_disability_id(CORE_DISABILITY_NOT_GIVEN), "");
	assert_string_equal(core_disability_allowed(),
	                    "physical, visual, hearing, speech, intellectual, mental, multiple");
	assert_int_equal(core_self_care_lookup("none"), CORE_SELF_CARE_NONE);
	assert_string_equal(core_self_care_allowed(), "full, partial, none");
	assert_int_equal(core_exclusion_lookup("prison"), CORE_EXCLUSION_PRISON);
	assert_string_equal(core_exclusion_allowed(),
	                    "clergy_apart, prison, rehabilitation, missing");
	assert_int_equal(core_expense_lookup("education"), CORE_EXPENSE_EDUCATION);
	assert_int_equal(core_basis_lookup("declared"), CORE_BASIS_DECLARED);
	assert_int_equal(core_single_mode_lookup("fixed"), CORE_SINGLE_FIXED);
	/* severe: grade 1-2, or grade 3 intellectual or mental */
	assert_true(core_disability_severe(1, CORE_DISABILITY_PHYSICAL));
	assert_true(core_disability_severe(2, CORE_DISABILITY_HEARING));
	assert_true(core_disability_severe(3, CORE_DISABILITY_INTELLECTUAL));
	assert_true(core_disability_severe(3, CORE_DISABILITY_MENTAL));
	assert_false(core_disability_severe(3, CORE_DISABILITY_PHYSICAL));
	assert_false(core_disability_severe(3, CORE_DISABILITY_MULTIPLE));
	assert_false(core_disability_severe(4, CORE_DISABILITY_MENTAL));
	assert_false(core_disability_severe(0, CORE_DISABILITY_NOT_GIVEN));
}

/* ---- bad input: one line naming the JSON path, nothing accepted ------------- */

typedef enum {
	B_GRADE_5, B_GRADE_NEG, B_TYPE_NO_GRADE, B_GRADE_NO_TYPE, B_TYPE_UNKNOWN,
	B_SELF_CARE, B_EXCLUDED, B_ALL_EXCLUDED, B_SUPPORTER_RELATION,
	B_SUPPORTER_NAME, B_RIGID_STRANGER, B_RIGID_NEG, B_RIGID_KIND,
	B_MONTH_FUTURE, B_MONTH_NEG, B_MONTH_TWICE, B_MONTH_NO_INCOME,
	B_ANNUAL_NEG, B_DECLARED_SEVERE, B_COUNT
} bad_case;

static void bad_household(core_household *h, bad_case c)
{
	core_member *m;
	working(h, 3, 200000);
	m = &h->members[2];
	switch (c) {
	case B_GRADE_5: m->disability_grade = 5; m->disability_type = CORE_DISABILITY_PHYSICAL; break;
	case B_GRADE_NEG: m->disability_grade = -1; break;
	case B_TYPE_NO_GRADE: m->disability_type = CORE_DISABILITY_MENTAL; break;
	case B_GRADE_NO_TYPE: m->disability_grade = 2; break;
	case B_TYPE_UNKNOWN: m->disability_grade = 2; m->disability_type = CORE_DISABILITY_END; break;
	case B_SELF_CARE: m->self_care = CORE_SELF_CARE_END; break;
	case B_EXCLUDED: m->excluded = CORE_EXCLUSION_END; break;
	case B_ALL_EXCLUDED:
		for (size_t i = 0; i < h->n_members; i++)
			h->members[i].excluded = CORE_EXCLUSION_MISSING;
		break;
	case B_SUPPORTER_RELATION: {
		core_supporter *s = core_household_add_supporter(h, NULL);
		snprintf(s->name, sizeof(s->name), "王大");
		break;
	}
	case B_SUPPORTER_NAME: {
		core_supporter *s = core_household_add_supporter(h, NULL);
		snprintf(s->relation, sizeof(s->relation), "son");
		break;
	}
	case B_RIGID_STRANGER: {
		core_rigid_expense *r = core_household_add_rigid(h, NULL);
		snprintf(r->id_number, sizeof(r->id_number), "11010519491231002X");
		r->kind = CORE_EXPENSE_MEDICAL;
		r->annual = 100;
		break;
	}
	case B_RIGID_NEG: {
		core_rigid_expense *r = core_household_add_rigid(h, NULL);
		memcpy(r->id_number, m->id_number, CORE_IDNUM_BUF);
		r->kind = CORE_EXPENSE_MEDICAL;
		r->annual = -1;
		break;
	}
	case B_RIGID_KIND: {
		core_rigid_expense *r = core_household_add_rigid(h, NULL);
		memcpy(r->id_number, m->id_number, CORE_IDNUM_BUF);
		r->annual = 100;
		break;
	}
	case B_MONTH_FUTURE:
	case B_MONTH_NEG:
	case B_MONTH_TWICE:
	case B_MONTH_NO_INCOME: {
		core_income_month *x;
		hb_income(m, CORE_INCOME_FLEXIBLE_WORK, 0, 0);
		m->incomes[0].basis = c == B_MONTH_NO_INCOME ? CORE_BASIS_DECLARED
		                                               : CORE_BASIS_MONTHS;
		x = core_household_add_income_month(h, NULL);
		memcpy(x->id_number, m->id_number, CORE_IDNUM_BUF);
		x->source = CORE_INCOME_FLEXIBLE_WORK;
		x->month = core_month_make(2026, c == B_MONTH_FUTURE ? 12 : 6);
		x->amount = c == B_MONTH_NEG ? -100 : 120000;
		if (c == B_MONTH_TWICE) {
			core_income_month *y = core_household_add_income_month(h, NULL);
			*y = h->income_months[0];
		}
		break;
	}
	case B_ANNUAL_NEG:
		hb_income(m, CORE_INCOME_AGRICULTURE, 0, 0);
		m->incomes[0].basis = CORE_BASIS_ANNUAL;
		m->incomes[0].annual = -5;
		break;
	case B_DECLARED_SEVERE:
		m->disability_grade = 3;
		m->disability_type = CORE_DISABILITY_PHYSICAL;
		m->categories = CAT(SEVERE_DISABILITY);
		break;
	case B_COUNT:
		break;
	}
}

static void test_bad_input(void **state)
{
	static const char *const where[B_COUNT] = {
		"members[2].disability.grade", "members[2].disability.grade",
		"members[2].disability.grade", "members[2].disability.type",
		"members[2].disability.type", "members[2].self_care",
		"members[2].excluded", "members", "supporters[0].relation",
		"supporters[0].name", "rigid_expenses[0].member",
		"rigid_expenses[0].annual", "rigid_expenses[0].kind",
		"members[2].incomes[0].months.2026-12",
		"members[2].incomes[0].months.2026-06",
		"members[2].incomes[0].months.2026-06", "members",
		"members[2].incomes[0].annual", "members[2].categories",
	};
	(void)state;
	for (int c = 0; c < B_COUNT; c++) {
		core_household h;
		ds_error err;
		memset(&err, 0, sizeof(err));
		bad_household(&h, (bad_case)c);
		assert_int_equal(core_household_validate(&h, ON(), &err), DS_EINPUT);
		if (strcmp(err.where, where[c]))
			fail_msg("case %d: where %s, wanted %s (%s)", c, err.where,
			         where[c], err.fmt);
		/* the assessment refuses it just the same */
		core_household_free(&h);
	}
	/* the message for the grade, as the issue words it */
	{
		core_household h;
		ds_error err;
		char line[256];
		bad_household(&h, B_GRADE_5);
		core_household_validate(&h, ON(), &err);
		ds_error_format(&err, line, sizeof(line), NULL);
		assert_string_equal(line, "members[2].disability.grade: must be 1 to 4");
		core_household_free(&h);
	}
}

/* What needs the policy and the date: an illness off the list, a month
 * outside the window, an income by months with none in it. */
static void test_bad_input_policy(void **state)
{
	core_household h;
	core_policy p;
	ds_error err;
	core_income_month *x;
	(void)state;
	policy_default(&p);
	core_policy_ladder_defaults(&p);
	working(&h, 2, 100000);
	snprintf(h.members[1].illness, CORE_ILLNESS_MAX, "uremia");
	hb_valid(&h, ON());
	assert_int_equal(core_ladder_validate(&h, &p, ON(), &err), DS_EINPUT);
	assert_string_equal(err.where, "members[1].illness");
	assert_int_equal(core_ladder_assess(&h, &p, ON(), NULL, &A, &L, &err),
	                 DS_EINPUT);
	/* on the list, it is accepted and makes the member severely ill */
	p.ladder.illnesses.names = calloc(1, sizeof(*p.ladder.illnesses.names));
	snprintf(p.ladder.illnesses.names[0], CORE_ILLNESS_MAX, "uremia");
	p.ladder.illnesses.n = 1;
	assert_int_equal(core_ladder_validate(&h, &p, ON(), &err), DS_OK);
	assert_true(core_member_categories(&h.members[1], ON()) &
	            CAT(SEVERE_ILLNESS));
	h.members[1].illness[0] = '\0';
	/* the window of the default policy on 2026-11-27: 2026-05 to 2026-10 */
	hb_income(&h.members[1], CORE_INCOME_FLEXIBLE_WORK, 0, 0);
	h.members[1].incomes[0].basis = CORE_BASIS_MONTHS;
	x = core_household_add_income_month(&h, NULL);
	memcpy(x->id_number, h.members[1].id_number, CORE_IDNUM_BUF);
	x->source = CORE_INCOME_FLEXIBLE_WORK;
	x->month = core_month_make(2026, 11);
	x->amount = 1000;
	hb_valid(&h, ON());
	assert_int_equal(core_ladder_validate(&h, &p, ON(), &err), DS_EINPUT);
	assert_string_equal(err.where, "members[1].incomes[0].months.2026-11");
	x->month = core_month_make(2026, 4);
	assert_int_equal(core_ladder_validate(&h, &p, ON(), &err), DS_EINPUT);
	assert_string_equal(err.where, "members[1].incomes[0].months.2026-04");
	x->month = core_month_make(2026, 5);
	assert_int_equal(core_ladder_validate(&h, &p, ON(), &err), DS_OK);
	h.n_income_months = 0;
	assert_int_equal(core_ladder_validate(&h, &p, ON(), &err), DS_EINPUT);
	assert_string_equal(err.where, "members[1].incomes[0].months");
	h.n_income_months = 1;
	core_household_free(&h);
	core_policy_free(&p);
}

/* ---- dibao and the marginal band at their edges -------------------------------- */

static void test_dibao_edges(void **state)
{
	core_household h;
	(void)state;
	/* two people, S x n - 1 fen: dibao, one yuan */
	working(&h, 2, 2 * S_GZ - 1);
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DIBAO);
	assert_int_equal(L.payment, 100);
	assert_non_null(hb_step(&A, CORE_STEP_DIBAO_MET, 0));
	/* exactly S: the marginal band, no cash */
	h.members[0].incomes[0].monthly = 2 * S_GZ;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_MARGINAL);
	assert_int_equal(L.payment, 0);
	assert_non_null(hb_step(&A, CORE_STEP_MARGINAL_BAND, 0));
	assert_string_equal(hb_value(&A, CORE_STEP_MARGINAL_BAND, 0, "line"), "1747.50");
	assert_string_equal(hb_value(&A, CORE_STEP_MARGINAL_BAND, 0, "limit"), "3495.00");
	assert_string_equal(hb_value(&A, CORE_STEP_MARGINAL_MET, 0, "months"), "12");
	assert_int_equal(L.reverify_months, 12);
	/* the marginal line, 1.5 x S x n = 3,495.00: one fen below is in the
	 * band, the line itself is not */
	h.members[0].incomes[0].monthly = 3 * S_GZ - 1;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_MARGINAL);
	h.members[0].incomes[0].monthly = 3 * S_GZ;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_NONE);
	assert_non_null(hb_step(&A, CORE_STEP_MARGINAL_ABOVE, 0));
	assert_string_equal(hb_value(&A, CORE_STEP_RIGID_NOT, 0, "why"), "no_rigid_spending");
	h.members[0].incomes[0].monthly = 3 * S_GZ + 1;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_NONE);
	/* the marginal asset test: 24 x S x n exactly passes, a fen more not */
	h.members[0].incomes[0].monthly = 2 * S_GZ;
	h.financial = 24 * S_GZ * 2;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_MARGINAL);
	h.financial++;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_NONE);
	assert_non_null(hb_step(&A, CORE_STEP_MARGINAL_ASSETS_OVER, 0));
	/* a vehicle refused by the dibao rules fails the marginal test too */
	h.financial = 0;
	hb_vehicle(&h, "小轿车", false);
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_NONE);
	assert_non_null(hb_step(&A, CORE_STEP_MARGINAL_VEHICLE, 0));
	core_household_free(&h);
}

/* ---- rigid-expenditure hardship at its share ------------------------------------ */

static void add_rigid(core_household *h, size_t member, core_expense_kind k,
                      core_fen annual)
{
	core_rigid_expense *r = core_household_add_rigid(h, NULL);
	assert_non_null(r);
	memcpy(r->id_number, h->members[member].id_number, CORE_IDNUM_BUF);
	r->kind = k;
	r->annual = annual;
}

static void test_rigid_edges(void **state)
{
	core_household h;
	core_fen H = 400000; /* two people, 2,000 each: above 1.5 x S */
	(void)state;
	working(&h, 2, H);
	/* 50 % of 12 x H = 24,000.00: exactly qualifies */
	add_rigid(&h, 1, CORE_EXPENSE_MEDICAL, 12 * H / 2);
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_RIGID_HARDSHIP);
	assert_int_equal(L.payment, 0);
	assert_string_equal(hb_value(&A, CORE_STEP_RIGID_MET, 0, "threshold"), "24000.00");
	assert_string_equal(hb_value(&A, CORE_STEP_RIGID_MET, 0, "rigid"), "24000.00");
	assert_int_equal(L.reverify_months, 12);
	h.rigid[0].annual--;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_NONE);
	assert_string_equal(hb_value(&A, CORE_STEP_RIGID_NOT, 0, "why"), "share_not_reached");
	h.rigid[0].annual += 2;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_RIGID_HARDSHIP);
	/* all kinds count: half medical, half education */
	h.rigid[0].annual = 12 * H / 4;
	add_rigid(&h, 0, CORE_EXPENSE_EDUCATION, 12 * H / 4);
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_RIGID_HARDSHIP);
	/* the line, 2 x S x n: one fen below qualifies, the line not */
	h.rigid[0].annual = h.rigid[1].annual = 100000000;
	h.members[0].incomes[0].monthly = 4 * S_GZ - 1;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_RIGID_HARDSHIP);
	h.members[0].incomes[0].monthly = 4 * S_GZ;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_NONE);
	assert_string_equal(hb_value(&A, CORE_STEP_RIGID_NOT, 0, "why"), "income_not_below_line");
	/* the dibao asset rules too */
	h.members[0].incomes[0].monthly = H;
	h.financial = 24 * S_GZ * 2 + 1;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_NONE);
	assert_string_equal(hb_value(&A, CORE_STEP_RIGID_NOT, 0, "why"), "assets_fail");
	core_household_free(&h);
}

/* ---- destitute --------------------------------------------------------------------- */

/* One person born 1946 (80 on ON), with own income; a supporter. */
static void elderly_alone(core_household *h, core_fen own, bool supporter_able)
{
	core_supporter *s;
	hb_init(h, "440106");
	hb_member(h, "李奶奶", 1946, 3, 1, 0);
	if (own)
		hb_income(&h->members[0], CORE_INCOME_PENSION, own, 0);
	s = core_household_add_supporter(h, NULL);
	snprintf(s->name, sizeof(s->name), "李强");
	snprintf(s->relation, sizeof(s->relation), "son");
	s->able = supporter_able;
	if (!supporter_able)
		snprintf(s->reason, sizeof(s->reason), "grade-1 disabled himself");
}

static void test_destitute(void **state)
{
	core_household h;
	core_policy p;
	(void)state;
	elderly_alone(&h, 0, false);
	h.members[0].self_care = CORE_SELF_CARE_PARTIAL;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DESTITUTE);
	/* 130 % of 1,165.00 = 1,514.50, up to 1,515 yuan; no care allowance
	 * in the default policy: paid the basic standard and flagged */
	assert_int_equal(L.basic, 151500);
	assert_int_equal(L.payment, 151500);
	assert_true(L.care_missing);
	assert_non_null(hb_step(&A, CORE_STEP_CARE_MISSING, 0));
	assert_int_equal(A.n_flags, 1);
	assert_string_equal(A.flags[0].rule, "no_care_allowance");
	assert_string_equal(hb_value(&A, CORE_STEP_DESTITUTE_BASIC_PERCENT, 0, "basic"), "1515.00");
	/* no difference-filling in its derivation */
	assert_true(A.eligible);
	assert_int_equal(hb_count(&A, CORE_STEP_ALLOWANCE), 0);
	assert_int_equal(hb_count(&A, CORE_STEP_PAYMENT), 0);
	assert_non_null(hb_step(&A, CORE_STEP_DESTITUTE_PAYMENT, 0));
	/* full self-care and no allowance: no flag */
	h.members[0].self_care = CORE_SELF_CARE_FULL;
	ladder_ok(&h, &DEF, NULL);
	assert_false(L.care_missing);
	/* own income S - 1 fen: still destitute, no difference-filling */
	h.members[0].self_care = CORE_SELF_CARE_NOT_GIVEN;
	hb_income(&h.members[0], CORE_INCOME_PENSION, S_GZ - 1, 0);
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DESTITUTE);
	assert_int_equal(L.payment, 151500);
	/* own income S: not destitute, and not below S: the marginal band */
	h.members[0].incomes[0].monthly = S_GZ;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_MARGINAL);
	assert_string_equal(hb_value(&A, CORE_STEP_DESTITUTE_NOT, 0, "why"),
	                    "own_income_not_below_standard");
	/* a supporter able to support her: dibao instead */
	h.members[0].incomes[0].monthly = 0;
	h.supporters[0].able = true;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DIBAO);
	assert_string_equal(hb_value(&A, CORE_STEP_DESTITUTE_NOT, 0, "why"), "supporter_able");
	assert_string_equal(hb_value(&A, CORE_STEP_DESTITUTE_NOT, 0, "name"), "李强");
	/* the sample's figures: care allowances by level (Heilongjiang) */
	h.supporters[0].able = false;
	policy_default(&p);
	core_policy_ladder_defaults(&p);
	p.ladder.care.allowances = calloc(3, sizeof(core_ladder_figure));
	for (int lv = 0; lv < 3; lv++) {
		core_ladder_figure *f = &p.ladder.care.allowances[lv];
		static const core_fen sums[] = {19100, 31900, 47800};
		f->level = (core_self_care)(CORE_SELF_CARE_FULL + lv);
		f->monthly = sums[lv];
		f->from = hb_day(2025, 1, 1);
		f->to = CORE_DATE_NONE;
		snprintf(f->source, sizeof(f->source), "Heilongjiang 2025-26");
	}
	p.ladder.care.n = 3;
	h.members[0].self_care = CORE_SELF_CARE_NONE;
	ladder_ok(&h, &p, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DESTITUTE);
	assert_int_equal(L.care, 47800);
	assert_int_equal(L.payment, 151500 + 47800);
	assert_false(L.care_missing);
	/* a listed standard wins over the percentage */
	p.ladder.destitute.standards = calloc(1, sizeof(core_ladder_figure));
	snprintf(p.ladder.destitute.standards[0].prefix, CORE_PREFIX_MAX, "4401");
	p.ladder.destitute.standards[0].monthly = 160000;
	p.ladder.destitute.standards[0].from = hb_day(2026, 1, 1);
	p.ladder.destitute.standards[0].to = CORE_DATE_NONE;
	snprintf(p.ladder.destitute.standards[0].source, CORE_SOURCE_MAX, "local");
	p.ladder.destitute.n_standards = 1;
	ladder_ok(&h, &p, NULL);
	assert_int_equal(L.basic, 160000);
	assert_non_null(hb_step(&A, CORE_STEP_DESTITUTE_BASIC_LISTED, 0));
	/* no figure at all for the region: an error naming it, no fallback */
	p.ladder.destitute.n_standards = 0;
	p.ladder.destitute.percent = 0;
	{
		ds_error err;
		assert_int_equal(core_ladder_assess(&h, &p, ON(), NULL, &A, &L, &err),
		                 DS_EINPUT);
		assert_string_equal(err.where, "ladder.destitute");
		assert_string_equal(err.arg[0], "440106");
	}
	core_policy_free(&p);
	/* someone who can work: not destitute */
	hb_member(&h, "李明", 1990, 1, 1, 0);
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DIBAO);
	assert_string_equal(hb_value(&A, CORE_STEP_DESTITUTE_NOT, 0, "why"), "can_work");
	/* unless severely disabled: grade 3 mental is, grade 3 physical not */
	h.members[1].disability_grade = 3;
	h.members[1].disability_type = CORE_DISABILITY_PHYSICAL;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DIBAO);
	h.members[1].disability_type = CORE_DISABILITY_MENTAL;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DESTITUTE);
	assert_int_equal(L.payment, 2 * 151500);
	/* a grandchild of 17 (born 2009-06-01): able to work, unless a
	 * student (the support is kept to 18) */
	h.members[1].disability_grade = 0;
	h.members[1].disability_type = CORE_DISABILITY_NOT_GIVEN;
	core_household_remove_member(&h, 1);
	hb_member(&h, "李小", 2009, 6, 1, 0);
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DIBAO);
	h.members[1].categories = CAT(STUDENT);
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DESTITUTE);
	core_household_free(&h);
}

/* ---- 单人保 ------------------------------------------------------------------------- */

static void test_single(void **state)
{
	core_household h;
	core_policy p;
	(void)state;
	/* three people at 1,333.00 each; the adult son grade-1 disabled */
	working(&h, 3, 399900);
	h.members[2].able_to_work = false;
	h.members[2].disability_grade = 1;
	h.members[2].disability_type = CORE_DISABILITY_PHYSICAL;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DIBAO_SINGLE);
	assert_int_equal(L.n_covered, 1);
	assert_int_equal(L.covered[0], 2);
	assert_int_equal(L.payment, 116500);
	assert_int_equal(L.members, 3); /* the household stays n */
	assert_string_equal(hb_value(&A, CORE_STEP_SINGLE_MEMBER, 0, "why"), "severe_disability");
	/* with own income: S - own, rounded up */
	hb_income(&h.members[2], CORE_INCOME_PENSION, 50050, 0);
	h.members[0].incomes[0].monthly = 399900 - 50050;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DIBAO_SINGLE);
	assert_int_equal(L.payment, 66500); /* 1165 - 500.50 = 664.50 -> 665 */
	/* own income at S: nothing to fill, not covered: marginal */
	h.members[2].incomes[0].monthly = S_GZ;
	h.members[0].incomes[0].monthly = 399900 - S_GZ;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_MARGINAL);
	assert_non_null(hb_step(&A, CORE_STEP_SINGLE_NONE, 0));
	/* earnings above zero: not covered */
	h.members[2].n_incomes = 0;
	hb_income(&h.members[2], CORE_INCOME_WAGES, 1, 0);
	h.members[0].incomes[0].monthly = 399900 - 1;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_MARGINAL);
	/* a minor is not covered alone */
	h.members[2].n_incomes = 0;
	h.members[0].incomes[0].monthly = 399900;
	hb_member(&h, "小明", 2015, 1, 1, 0);
	h.members[3].disability_grade = 1;
	h.members[3].disability_type = CORE_DISABILITY_MENTAL;
	h.members[0].incomes[0].monthly = 4 * 133300;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DIBAO_SINGLE);
	assert_int_equal(L.n_covered, 1);
	/* two who qualify: both covered, the payment their sum */
	core_household_remove_member(&h, 3);
	h.members[1].able_to_work = false;
	snprintf(h.members[1].illness, CORE_ILLNESS_MAX, "uremia");
	policy_default(&p);
	core_policy_ladder_defaults(&p);
	p.ladder.illnesses.names = calloc(1, sizeof(*p.ladder.illnesses.names));
	snprintf(p.ladder.illnesses.names[0], CORE_ILLNESS_MAX, "uremia");
	p.ladder.illnesses.n = 1;
	h.members[0].incomes[0].monthly = 399900;
	ladder_ok(&h, &p, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DIBAO_SINGLE);
	assert_int_equal(L.n_covered, 2);
	assert_int_equal(L.payment, 2 * 116500);
	/* the fixed mode (Heilongjiang: 313 yuan from 2026-04) */
	p.ladder.single.mode = CORE_SINGLE_FIXED;
	p.ladder.single.fixed = calloc(1, sizeof(core_ladder_figure));
	p.ladder.single.fixed[0].monthly = 31300;
	p.ladder.single.fixed[0].from = hb_day(2026, 4, 1);
	p.ladder.single.fixed[0].to = CORE_DATE_NONE;
	snprintf(p.ladder.single.fixed[0].source, CORE_SOURCE_MAX, "Heilongjiang");
	p.ladder.single.n_fixed = 1;
	ladder_ok(&h, &p, NULL);
	assert_int_equal(L.payment, 2 * 31300);
	/* before 2026-04 there is no sum: an error naming region and date */
	{
		ds_error err;
		p.ladder.single.fixed[0].from = hb_day(2027, 1, 1);
		assert_int_equal(core_ladder_assess(&h, &p, ON(), NULL, &A, &L, &err),
		                 DS_EINPUT);
		assert_string_equal(err.where, "ladder.single.fixed");
		assert_string_equal(err.arg[0], "440106");
		assert_string_equal(err.arg[1], "2026-11-27");
	}
	core_policy_free(&p);
	core_household_free(&h);
}

/* A dibao household receiving 2,000 yuan whose income rises into the band
 * with a member who can be covered alone: the withdrawal from 2,000 is
 * paid while it gives more than the member's sum; a household already
 * 单人保 gets its member's sum. */
static void test_single_after_dibao(void **state)
{
	core_household h;
	core_case_now now;
	(void)state;
	working(&h, 3, 399900);
	h.members[2].able_to_work = false;
	h.members[2].disability_grade = 1;
	h.members[2].disability_type = CORE_DISABILITY_PHYSICAL;
	memset(&now, 0, sizeof(now));
	now.receiving = true;
	now.allowance = 200000;
	ladder_ok(&h, &DEF, &now); /* its class not known: it was dibao */
	assert_int_equal(L.cls, CORE_CLASS_DIBAO_SINGLE);
	assert_true(L.in_withdrawal);
	assert_int_equal(L.payment, 200000);
	assert_true(A.has_transition);
	now.class_known = true;
	now.class_now = CORE_CLASS_DIBAO;
	ladder_ok(&h, &DEF, &now);
	assert_int_equal(L.payment, 200000);
	now.class_now = CORE_CLASS_DIBAO_SINGLE;
	now.allowance = 116500;
	ladder_ok(&h, &DEF, &now);
	assert_false(L.in_withdrawal);
	assert_int_equal(L.payment, 116500);
	/* its member starts earning: it leaves 单人保 and steps down from
	 * what it received */
	hb_income(&h.members[2], CORE_INCOME_WAGES, 100, 0);
	h.members[0].incomes[0].monthly -= 100;
	ladder_ok(&h, &DEF, &now);
	assert_int_equal(L.cls, CORE_CLASS_MARGINAL);
	assert_true(L.in_withdrawal);
	assert_int_equal(L.payment, 116500);
	core_household_free(&h);
}

/* ---- order of the rungs ----------------------------------------------------------- */

static void test_order(void **state)
{
	core_household h;
	(void)state;
	/* destitute before dibao: an old couple with nothing */
	elderly_alone(&h, 0, false);
	hb_member(&h, "李爷爷", 1944, 5, 5, 0);
	ladder_ok(&h, &DEF, NULL);
	assert_true(A.eligible); /* it would be dibao too */
	assert_int_equal(L.cls, CORE_CLASS_DESTITUTE);
	assert_int_equal(L.payment, 2 * 151500);
	core_household_free(&h);
	/* 单人保 before marginal before rigid hardship: a household in the
	 * band, with a qualifying member and heavy rigid spending */
	working(&h, 2, 2 * 130000);
	h.members[1].able_to_work = false;
	h.members[1].disability_grade = 2;
	h.members[1].disability_type = CORE_DISABILITY_VISUAL;
	add_rigid(&h, 1, CORE_EXPENSE_MEDICAL, 10000000);
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DIBAO_SINGLE);
	h.members[1].disability_grade = 4;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_MARGINAL);
	/* rigid hardship only below the band's assets... above the band */
	h.members[0].incomes[0].monthly = 2 * 200000;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_RIGID_HARDSHIP);
	/* the steps come in the ladder's order */
	{
		size_t d = 0, m = 0, r = 0;
		for (size_t i = 0; i < A.n_steps; i++) {
			if (A.steps[i].code == CORE_STEP_DESTITUTE_NOT)
				d = i;
			if (A.steps[i].code == CORE_STEP_MARGINAL_ABOVE)
				m = i;
			if (A.steps[i].code == CORE_STEP_RIGID_MET)
				r = i;
		}
		assert_true(d > 0 && d < m && m < r);
	}
	core_household_free(&h);
}

/* ---- exclusion, months, years ------------------------------------------------------ */

static void test_exclusion(void **state)
{
	core_household h;
	(void)state;
	/* three people, 2,000.00 a month: dibao 3 x 1165 - 2000 = 1,495 */
	working(&h, 3, 200000);
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DIBAO);
	assert_int_equal(L.payment, 149500);
	/* the third in prison, with an income and rigid spending: left out */
	h.members[2].excluded = CORE_EXCLUSION_PRISON;
	hb_income(&h.members[2], CORE_INCOME_PROPERTY, 50000, 0);
	add_rigid(&h, 2, CORE_EXPENSE_MEDICAL, 5000000);
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.members, 2);
	assert_int_equal(L.income, 200000);
	assert_int_equal(L.rigid_annual, 0);
	assert_int_equal(L.cls, CORE_CLASS_DIBAO);
	assert_int_equal(L.payment, 33000);
	assert_string_equal(hb_value(&A, CORE_STEP_MEMBERS, 0, "members"), "2");
	assert_string_equal(hb_value(&A, CORE_STEP_EXCLUDED, 0, "reason"), "prison");
	/* the facts follow the standard, before the members */
	assert_int_equal(A.steps[0].code, CORE_STEP_STANDARD);
	assert_int_equal(A.steps[1].code, CORE_STEP_EXCLUDED);
	assert_int_equal(A.steps[2].code, CORE_STEP_MEMBERS);
	/* the asset test at the counted size */
	h.financial = 24 * S_GZ * 2 + 1;
	ladder_ok(&h, &DEF, NULL);
	assert_false(A.eligible);
	core_household_free(&h);
}

static void add_month(core_household *h, size_t member, core_income_source s,
                      int y, int m, core_fen amount)
{
	core_income_month *x = core_household_add_income_month(h, NULL);
	assert_non_null(x);
	memcpy(x->id_number, h->members[member].id_number, CORE_IDNUM_BUF);
	x->source = s;
	x->month = core_month_make(y, m);
	x->amount = amount;
}

static void test_months(void **state)
{
	core_household h;
	(void)state;
	working(&h, 2, 0);
	hb_income(&h.members[0], CORE_INCOME_FLEXIBLE_WORK, 0, 0);
	h.members[0].incomes[0].basis = CORE_BASIS_MONTHS;
	/* the window 2026-05 to 2026-10; 2026-08 missing; sum 5,000.01 over
	 * 5 months = 1,000.002, rounded half up to 1,000.00 */
	add_month(&h, 0, CORE_INCOME_FLEXIBLE_WORK, 2026, 5, 100000);
	add_month(&h, 0, CORE_INCOME_FLEXIBLE_WORK, 2026, 6, 100001);
	add_month(&h, 0, CORE_INCOME_FLEXIBLE_WORK, 2026, 7, 100000);
	add_month(&h, 0, CORE_INCOME_FLEXIBLE_WORK, 2026, 9, 100000);
	add_month(&h, 0, CORE_INCOME_FLEXIBLE_WORK, 2026, 10, 100000);
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.income, 100000);
	assert_int_equal(hb_count(&A, CORE_STEP_MONTH_MISSING), 1);
	assert_string_equal(hb_value(&A, CORE_STEP_MONTH_MISSING, 0, "month"), "2026-08");
	assert_string_equal(hb_value(&A, CORE_STEP_INCOME_MONTHS, 0, "present"), "5");
	assert_string_equal(hb_value(&A, CORE_STEP_INCOME_MONTHS, 0, "total"), "5000.01");
	assert_string_equal(hb_value(&A, CORE_STEP_INCOME_MONTHS, 0, "amount"), "1000.00");
	assert_string_equal(hb_value(&A, CORE_STEP_INCOME_MONTHS, 0, "first"), "2026-05");
	assert_string_equal(hb_value(&A, CORE_STEP_INCOME_MONTHS, 0, "last"), "2026-10");
	/* never read as zero: with a zero the average would be 833.34 */
	assert_int_equal(L.cls, CORE_CLASS_DIBAO);
	assert_int_equal(L.payment, core_money_ceil_yuan(2 * S_GZ - 100000));
	/* half up: 5,000.03 / 5 = 1,000.006 -> 1,000.01 */
	h.income_months[1].amount = 100003;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.income, 100001);
	/* seasonal income by the year: 12,000.06 / 12 = 1,000.005 -> 1,000.01 */
	hb_income(&h.members[1], CORE_INCOME_AGRICULTURE, 0, 0);
	h.members[1].incomes[0].basis = CORE_BASIS_ANNUAL;
	h.members[1].incomes[0].annual = 1200006;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.income, 100001 + 100001);
	assert_string_equal(hb_value(&A, CORE_STEP_INCOME_ANNUAL, 0, "amount"), "1000.01");
	core_household_free(&h);
}

/* The assessment alone (before the ladder is applied to it) reads an
 * income by months or by the year the same way: never as zero. */
static void test_assess_reads_months(void **state)
{
	core_household h;
	ds_error err;
	(void)state;
	working(&h, 2, 0);
	hb_income(&h.members[0], CORE_INCOME_FLEXIBLE_WORK, 0, 0);
	h.members[0].incomes[0].basis = CORE_BASIS_MONTHS;
	add_month(&h, 0, CORE_INCOME_FLEXIBLE_WORK, 2026, 5, 100000);
	add_month(&h, 0, CORE_INCOME_FLEXIBLE_WORK, 2026, 6, 100001);
	add_month(&h, 0, CORE_INCOME_FLEXIBLE_WORK, 2026, 7, 100000);
	add_month(&h, 0, CORE_INCOME_FLEXIBLE_WORK, 2026, 9, 100000);
	add_month(&h, 0, CORE_INCOME_FLEXIBLE_WORK, 2026, 10, 100000);
	hb_income(&h.members[1], CORE_INCOME_AGRICULTURE, 0, 0);
	h.members[1].incomes[0].basis = CORE_BASIS_ANNUAL;
	h.members[1].incomes[0].annual = 1200006;
	assert_int_equal(core_assess(&h, &DEF, ON(), NULL, &A, &err), DS_OK);
	assert_int_equal(A.counted_income, 100000 + 100001);
	assert_int_equal(hb_count(&A, CORE_STEP_MONTH_MISSING), 1);
	assert_string_equal(hb_value(&A, CORE_STEP_MONTH_MISSING, 0, "month"), "2026-08");
	assert_string_equal(hb_value(&A, CORE_STEP_INCOME_MONTHS, 0, "amount"), "1000.00");
	assert_string_equal(hb_value(&A, CORE_STEP_INCOME_ANNUAL, 0, "amount"), "1000.01");
	assert_int_equal(A.allowance, core_money_ceil_yuan(2 * S_GZ - 200001));
	/* months all before the window: not averaged as zero, refused naming them */
	for (size_t k = 0; k < h.n_income_months; k++)
		h.income_months[k].month -= 12;
	assert_int_equal(core_assess(&h, &DEF, ON(), NULL, &A, &err), DS_EINPUT);
	assert_string_equal(err.where, "members[0].incomes[0].months");
	core_household_free(&h);
}

/* ---- the rigid-expenditure deduction ------------------------------------------------ */

static void test_deduction(void **state)
{
	core_household h;
	core_policy p;
	(void)state;
	/* issue 19: 2,500 a month of a child's dialysis, 2,000 a person */
	working(&h, 2, 400000);
	add_rigid(&h, 1, CORE_EXPENSE_MEDICAL, 3000000);
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_RIGID_HARDSHIP);
	/* where the county deducts it: 4,000 - 2,500 = 1,500, dibao */
	policy_default(&p);
	core_policy_ladder_defaults(&p);
	p.ladder.deduction.enabled = true;
	p.ladder.deduction.kinds[CORE_EXPENSE_MEDICAL] = true;
	ladder_ok(&h, &p, NULL);
	assert_int_equal(L.deducted, 250000);
	assert_int_equal(L.income, 150000);
	assert_int_equal(L.cls, CORE_CLASS_DIBAO);
	assert_int_equal(L.payment, 2 * S_GZ - 150000);
	assert_string_equal(hb_value(&A, CORE_STEP_RIGID_DEDUCTION, 0, "before"), "4000.00");
	assert_string_equal(hb_value(&A, CORE_STEP_RIGID_DEDUCTION, 0, "after"), "1500.00");
	/* a cap of 1,000 a month */
	p.ladder.deduction.cap = 100000;
	ladder_ok(&h, &p, NULL);
	assert_int_equal(L.income, 300000);
	/* 1,500 a person after the deduction: the marginal band, tried
	 * before rigid hardship */
	assert_int_equal(L.cls, CORE_CLASS_MARGINAL);
	/* a kind the policy does not deduct */
	p.ladder.deduction.cap = 0;
	h.rigid[0].kind = CORE_EXPENSE_EDUCATION;
	ladder_ok(&h, &p, NULL);
	assert_int_equal(L.deducted, 0);
	assert_int_equal(hb_count(&A, CORE_STEP_RIGID_DEDUCTION), 0);
	core_policy_free(&p);
	core_household_free(&h);
}

/* ---- the five households of issue 19 ----------------------------------------------- */

static void test_issue_households(void **state)
{
	core_household h;
	(void)state;
	/* 1. two people at 1,400 a person (S = 1,165): marginal */
	working(&h, 2, 280000);
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_MARGINAL);
	assert_int_equal(L.payment, 0);
	core_household_free(&h);
	/* 2. 1,333 a person, the adult son grade-1 disabled: his 1,165 alone */
	working(&h, 3, 399900);
	h.members[2].able_to_work = false;
	h.members[2].disability_grade = 1;
	h.members[2].disability_type = CORE_DISABILITY_MULTIPLE;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DIBAO_SINGLE);
	assert_int_equal(L.payment, 116500);
	core_household_free(&h);
	/* 3. 80, alone, no income, her son severely disabled: destitute, the
	 * basic standard, no difference-filling */
	elderly_alone(&h, 0, false);
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_DESTITUTE);
	assert_int_equal(L.payment, 151500);
	core_household_free(&h);
	/* 4. dialysis of 2,500 a month, 2,000 a person: rigid hardship (and
	 * dibao where the county deducts: test_deduction) */
	working(&h, 2, 400000);
	add_rigid(&h, 1, CORE_EXPENSE_MEDICAL, 3000000);
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.cls, CORE_CLASS_RIGID_HARDSHIP);
	core_household_free(&h);
	/* 5. a member in prison is not counted: test_exclusion */
	working(&h, 3, 200000);
	h.members[2].excluded = CORE_EXCLUSION_PRISON;
	ladder_ok(&h, &DEF, NULL);
	assert_int_equal(L.members, 2);
	assert_int_equal(L.payment, 33000);
	core_household_free(&h);
}

/* ---- the facts through copy, comparison and a member leaving ---------------------- */

static void test_facts_copy_same_remove(void **state)
{
	core_household h, c;
	core_supporter *sp;
	char where[64];
	(void)state;
	working(&h, 3, 200000);
	h.members[1].disability_grade = 2;
	h.members[1].disability_type = CORE_DISABILITY_VISUAL;
	h.members[2].excluded = CORE_EXCLUSION_MISSING;
	sp = core_household_add_supporter(&h, NULL);
	snprintf(sp->name, sizeof(sp->name), "周大");
	snprintf(sp->relation, sizeof(sp->relation), "brother");
	add_rigid(&h, 1, CORE_EXPENSE_REHABILITATION, 120000);
	hb_income(&h.members[2], CORE_INCOME_WAGES, 0, 0);
	h.members[2].incomes[0].basis = CORE_BASIS_MONTHS;
	add_month(&h, 2, CORE_INCOME_WAGES, 2026, 9, 50000);
	add_month(&h, 2, CORE_INCOME_WAGES, 2026, 10, 60000);
	hb_valid(&h, ON());
	assert_int_equal(core_household_copy(&c, &h), DS_OK);
	assert_true(c.supporters != h.supporters && c.rigid != h.rigid &&
	            c.income_months != h.income_months);
	assert_true(core_household_same(&h, &c, where, sizeof(where)));
	/* months as a set: the order does not matter */
	{
		core_income_month t = c.income_months[0];
		c.income_months[0] = c.income_months[1];
		c.income_months[1] = t;
	}
	assert_true(core_household_same(&h, &c, where, sizeof(where)));
	c.income_months[0].amount++;
	assert_false(core_household_same(&h, &c, where, sizeof(where)));
	assert_string_equal(where, "members");
	c.income_months[0].amount--;
	c.supporters[0].able = true;
	assert_false(core_household_same(&h, &c, where, sizeof(where)));
	assert_string_equal(where, "supporters[0]");
	c.supporters[0].able = false;
	c.rigid[0].annual = 1;
	assert_false(core_household_same(&h, &c, where, sizeof(where)));
	assert_string_equal(where, "rigid_expenses[0]");
	c.rigid[0].annual = 120000;
	c.members[1].disability_grade = 1;
	assert_false(core_household_same(&h, &c, where, sizeof(where)));
	assert_string_equal(where, "members[1].disability.grade");
	c.members[1].disability_grade = 2;
	c.members[2].incomes[0].basis = CORE_BASIS_DECLARED;
	assert_false(core_household_same(&h, &c, where, sizeof(where)));
	assert_string_equal(where, "members[2].incomes[0].basis");
	core_household_free(&c);
	/* a member who leaves takes their months and rigid spending along */
	core_household_remove_member(&h, 2);
	assert_int_equal(h.n_income_months, 0);
	assert_int_equal(h.n_rigid, 1);
	core_household_remove_member(&h, 1);
	assert_int_equal(h.n_rigid, 0);
	hb_valid(&h, ON());
	core_household_free(&h);
	assert_null(h.supporters);
	assert_int_equal(h.n_supporters, 0);
}

/* ---- properties over generated households ------------------------------------------- */

/* A household of 1 to 5 with random facts: ages, disabilities, illness,
 * self-care, an exclusion, supporters, rigid spending, assets; income on
 * member 0 (pension, so that earnings do not decide 单人保) of H. */
static void generated(core_rng *r, core_household *h, const core_policy *p,
                      core_fen H)
{
	int n = (int)core_rng_range(r, 1, 5);
	char name[32];
	hb_init(h, "440106");
	for (int i = 0; i < n; i++) {
		core_member *m;
		int y = (int)core_rng_range(r, 1935, 2020);
		snprintf(name, sizeof(name), "成员%d", i + 1);
		m = hb_member(h, name, y, 1 + i % 12, 1 + i, 0);
		m->able_to_work = core_rng_range(r, 0, 1);
		if (!core_rng_range(r, 0, 3)) {
			m->disability_grade = (int)core_rng_range(r, 1, 4);
			m->disability_type = (core_disability)core_rng_range(
			        r, 1, CORE_DISABILITY_END - 1);
		}
		if (p->ladder.illnesses.n && !core_rng_range(r, 0, 6))
			snprintf(m->illness, CORE_ILLNESS_MAX, "%s",
			         p->ladder.illnesses.names[0]);
		m->self_care = (core_self_care)core_rng_range(r, 0, 3);
		if (i && !core_rng_range(r, 0, 8))
			m->excluded = (core_exclusion)core_rng_range(r, 1, 4);
		if (i && !core_rng_range(r, 0, 3))
			hb_income(m, CORE_INCOME_PENSION, core_rng_range(r, 0, 150000), 0);
	}
	hb_income(&h->members[0], CORE_INCOME_PENSION, H, 0);
	if (core_rng_range(r, 0, 1)) {
		core_supporter *s = core_household_add_supporter(h, NULL);
		snprintf(s->name, sizeof(s->name), "亲属");
		snprintf(s->relation, sizeof(s->relation), "son");
		s->able = core_rng_range(r, 0, 1);
	}
	if (!core_rng_range(r, 0, 2))
		add_rigid(h, (size_t)core_rng_range(r, 0, n - 1), CORE_EXPENSE_MEDICAL,
		          core_rng_range(r, 0, 8000000));
	h->financial = core_rng_range(r, 0, 3) ? 0 : core_rng_range(r, 0, 20000000);
}

/* Exactly one class each, and as income rises by one fen no household
 * lives on less: counted income plus next month's payment never falls
 * by more than the rounding of a payment to the yuan (99 fen for each
 * sum rounded), for a household receiving what it was paid a fen lower
 * (the withdrawal covers dibao, 单人保 and — as core/ladder.h reads
 * DOMAIN.md — destitute support). Marginal, rigid_hardship and none pay
 * no cash: a change among them is no cliff in money, and a household
 * entering one of them from a cash rung is the case the withdrawal
 * covers. Each household is tried at random incomes and at the edges
 * of its own rungs (S x n, the marginal line, its members' own S). */
static void test_property(void **state)
{
	static const uint64_t seeds[] = {19, 20261207, 77};
	static core_assessment A0;
	long tried = 0, classes[CORE_CLASS_COUNT] = {0}, withdrawals = 0;
	(void)state;
	for (size_t si = 0; si < N(seeds); si++) {
		for (int pol = 0; pol < 2; pol++) {
			core_policy p;
			core_rng r;
			policy_default(&p);
			core_policy_ladder_defaults(&p);
			if (pol) { /* the sample's options: illness, care, fixed single */
				p.ladder.illnesses.names = calloc(1, sizeof(*p.ladder.illnesses.names));
				snprintf(p.ladder.illnesses.names[0], CORE_ILLNESS_MAX, "uremia");
				p.ladder.illnesses.n = 1;
				p.ladder.care.allowances = calloc(1, sizeof(core_ladder_figure));
				p.ladder.care.allowances[0] = (core_ladder_figure){
				        "", CORE_SELF_CARE_NONE, 47800, 0, CORE_DATE_NONE,
				        "Heilongjiang", ""};
				p.ladder.care.n = 1;
				p.ladder.marginal.percent = 200;
				p.ladder.rigid.percent = 250;
			}
			core_rng_seed(&r, seeds[si]);
			for (int k = 0; k < 1500; k++) {
				core_household h;
				core_fen S = S_GZ, x;
				int n;
				core_fen edges[6];
				generated(&r, &h, &p, 0);
				n = 0;
				for (size_t i = 0; i < h.n_members; i++)
					n += !h.members[i].excluded;
				/* incomes around the member's own S and the
				 * household's edges, and one at random */
				{
					core_fen other = 0;
					for (size_t i = 1; i < h.n_members; i++)
						if (!h.members[i].excluded)
							other += core_member_income_total(&h.members[i]);
					edges[0] = S - 1;
					edges[1] = S * n - other - 1;
					edges[2] = (core_fen)p.ladder.marginal.percent * S * n / 100 - other - 1;
					edges[3] = (core_fen)p.ladder.rigid.percent * S * n / 100 - other - 1;
					edges[4] = core_rng_range(&r, 0, 5 * S * n);
					edges[5] = 0;
				}
				for (size_t e = 0; e < N(edges); e++) {
					core_case_now now;
					core_fen before, after;
					core_class c0;
					ds_error err;
					x = edges[e];
					if (x < 0)
						continue;
					h.members[0].incomes[0].monthly = x;
					hb_valid(&h, ON());
					if (core_ladder_assess(&h, &p, ON(), NULL, &A0, &L, &err))
						fail_msg("%s: %s", err.where, err.fmt);
					c0 = L.cls;
					assert_true((unsigned)c0 < CORE_CLASS_COUNT);
					classes[c0]++;
					/* exactly one class: the last step names it,
					 * and no other class step exists */
					assert_int_equal(hb_count(&A0, CORE_STEP_CLASS), 1);
					assert_int_equal(L.payment > 0 || !core_class_pays(c0) ||
					                 c0 == CORE_CLASS_DIBAO, true);
					if (!core_class_pays(c0))
						assert_int_equal(L.payment, 0);
					before = A0.counted_income + L.payment;
					/* a fen more, receiving what it was paid */
					memset(&now, 0, sizeof(now));
					now.receiving = L.payment > 0;
					now.allowance = L.payment;
					now.class_known = true;
					now.class_now = c0;
					h.members[0].incomes[0].monthly = x + 1;
					if (core_ladder_assess(&h, &p, ON(), &now, &A, &L, &err))
						fail_msg("%s: %s", err.where, err.fmt);
					after = A.counted_income + L.payment;
					withdrawals += L.in_withdrawal;
					/* 99 fen for each sum rounded to the yuan */
					if (after + 99 * (core_fen)(1 + L.n_covered) < before)
						fail_msg("support fell: %s -> %s, n %d, income %lld -> %lld, paid %lld -> %lld",
						         core_class_id(c0), core_class_id(L.cls), n,
						         (long long)A0.counted_income,
						         (long long)A.counted_income,
						         (long long)(before - A0.counted_income),
						         (long long)L.payment);
					tried++;
				}
				core_household_free(&h);
			}
			core_policy_free(&p);
		}
	}
	print_message("ladder: %ld tried; destitute %ld, dibao %ld, dibao_single %ld, marginal %ld, rigid_hardship %ld, none %ld; paid a withdrawal %ld\n",
	              tried, classes[0], classes[1], classes[2], classes[3],
	              classes[4], classes[5], withdrawals);
	for (int c = 0; c < CORE_CLASS_COUNT; c++)
		assert_true(classes[c] > 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_bad_input_policy),
		cmocka_unit_test(test_dibao_edges),
		cmocka_unit_test(test_rigid_edges),
		cmocka_unit_test(test_destitute),
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_single_after_dibao),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_exclusion),
		cmocka_unit_test(test_assess_reads_months),
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_deduction),
		cmocka_unit_test(test_issue_households),
		cmocka_unit_test(test_facts_copy_same_remove),
		cmocka_unit_test(test_property),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
