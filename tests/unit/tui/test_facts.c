/* test_facts.c — the facts at the door in words (tui/facts.c): nothing
 * given gives no line; each fact a line at the indent asked; incomes by the
 * month, the year and month by month (in order, only the member's own, a
 * source with no month gives its heading alone); supporters able, not able
 * with and without a reason; rigid spending with and without evidence, of
 * a number no longer among the members masked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "tui/facts.h"
#include "tui/i18n.h"

#define MAX_LINES 32

static char got[MAX_LINES][1100];
static size_t n_got;

static void sink(void *ctx, int indent, const char *line)
{
	assert_ptr_equal(ctx, got);
	assert_true(n_got < MAX_LINES);
	snprintf(got[n_got++], sizeof(got[0]), "%*s%s", indent, "", line);
}

static void expect(const char *const *want)
{
	size_t n = 0;
	for (; want[n]; n++) {
		assert_true(n < n_got);
		assert_string_equal(got[n], want[n]);
	}
	assert_int_equal(n_got, n);
	n_got = 0;
}

static core_member *member(core_household *h, const char *name,
                           const char *id)
{
	core_member *m = core_household_add_member(h, NULL);
	assert_non_null(m);
	snprintf(m->name, sizeof(m->name), "%s", name);
	snprintf(m->id_number, sizeof(m->id_number), "%s", id);
	return m;
}

static void month(core_household *h, const char *id, core_income_source s,
                  int m, core_fen amount)
{
	core_income_month *x = core_household_add_income_month(h, NULL);
	assert_non_null(x);
	snprintf(x->id_number, sizeof(x->id_number), "%s", id);
	x->source = s;
	x->month = core_month_make(2026, m);
	x->amount = amount;
}

static int setup(void **state)
{
	ds_error err;
	(void)state;
	return i18n_init("en", &err) != DS_OK;
}

static void test_nothing_given(void **state)
{
	core_household h;
	(void)state;
	core_household_init(&h);
	member(&h, "王", "440106194603151021");
	facts_member(&h.members[0], 5, sink, got);
	facts_household(&h, 0, sink, got);
	expect((const char *const[]){NULL});
	core_household_free(&h);
}

static void test_member(void **state)
{
	core_household h;
	core_member *m;
	(void)state;
	core_household_init(&h);
	m = member(&h, "陈大军", "440106198001011230");
	m->disability_grade = 1;
	m->disability_type = CORE_DISABILITY_INTELLECTUAL;
	snprintf(m->illness, sizeof(m->illness), "uremia");
	m->self_care = CORE_SELF_CARE_NONE;
	m->excluded = CORE_EXCLUSION_PRISON;
	facts_member(m, 6, sink, got);
	expect((const char *const[]){
	        "      Disability: grade 1, intellectual",
	        "      Serious illness: uremia",
	        "      Self-care: cannot look after themselves",
	        "      Left out of the household count: in prison", NULL});
	core_household_free(&h);
}

static void test_incomes(void **state)
{
	core_household h;
	core_member *m;
	core_income in = {0};
	(void)state;
	core_household_init(&h);
	member(&h, "陈桂兰", "440106194603151021");
	member(&h, "陈三军", "440106199005051349");
	m = &h.members[0]; /* adding the second may have moved the first */
	in.source = CORE_INCOME_WAGES;
	in.monthly = 200000;
	facts_income(&h, m, &in, 5, sink, got);
	in.basis = CORE_BASIS_ANNUAL;
	in.source = CORE_INCOME_PENSION;
	in.annual = 600000;
	facts_income(&h, m, &in, 5, sink, got);
	expect((const char *const[]){"     wages: 2,000.00 a month",
	                             "     employee pension: 6,000.00 a year",
	                             NULL});
	/* out of order, another member's and another source's months */
	month(&h, m->id_number, CORE_INCOME_AGRICULTURE, 10, 30000);
	month(&h, "440106199005051349", CORE_INCOME_AGRICULTURE, 7, 99);
	month(&h, m->id_number, CORE_INCOME_WAGES, 8, 77);
	month(&h, m->id_number, CORE_INCOME_AGRICULTURE, 6, 25050);
	month(&h, m->id_number, CORE_INCOME_AGRICULTURE, 8, 0);
	in.basis = CORE_BASIS_MONTHS;
	in.source = CORE_INCOME_AGRICULTURE;
	facts_income(&h, m, &in, 2, sink, got);
	expect((const char *const[]){"  farming, month by month:",
	                             "    2026-06  250.50", "    2026-08  0.00",
	                             "    2026-10  300.00", NULL});
	in.source = CORE_INCOME_PENSION;
	facts_income(&h, m, &in, 2, sink, got);
	expect((const char *const[]){"  employee pension, month by month:",
	                             NULL});
	core_household_free(&h);
}

static void test_household(void **state)
{
	core_household h;
	core_supporter *s;
	core_rigid_expense *r;
	(void)state;
	core_household_init(&h);
	member(&h, "陈大军", "440106198001011230");
	s = core_household_add_supporter(&h, NULL);
	snprintf(s->name, sizeof(s->name), "陈二军");
	snprintf(s->relation, sizeof(s->relation), "son");
	snprintf(s->reason, sizeof(s->reason), "disabled himself");
	s = core_household_add_supporter(&h, NULL);
	snprintf(s->name, sizeof(s->name), "Li");
	snprintf(s->relation, sizeof(s->relation), "daughter");
	s = core_household_add_supporter(&h, NULL);
	snprintf(s->name, sizeof(s->name), "陈小红");
	snprintf(s->relation, sizeof(s->relation), "daughter");
	s->able = true;
	r = core_household_add_rigid(&h, NULL);
	snprintf(r->id_number, sizeof(r->id_number), "440106198001011230");
	r->kind = CORE_EXPENSE_MEDICAL;
	r->annual = 3000000;
	snprintf(r->evidence, sizeof(r->evidence), "receipts");
	r = core_household_add_rigid(&h, NULL);
	snprintf(r->id_number, sizeof(r->id_number), "440106199005051349");
	r->kind = CORE_EXPENSE_EDUCATION;
	r->annual = 100;
	facts_household(&h, 2, sink, got);
	expect((const char *const[]){
	        "  Obliged to support the household (3):",
	        "    1. 陈二军     son; not able to support them: disabled himself",
	        "    2. Li         daughter; not able to support them",
	        "    3. 陈小红     daughter; able to support them",
	        "  Rigid spending over the last 12 months:",
	        "    陈大军     medical, 30,000.00 (evidence: receipts)",
	        "    **************1349 education, 1.00", NULL});
	core_household_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_given),
		cmocka_unit_test(test_member),
		cmocka_unit_test(test_incomes),
		cmocka_unit_test(test_household),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
