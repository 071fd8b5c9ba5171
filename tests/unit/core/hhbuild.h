/* hhbuild.h — households built by hand, and look-ups in an assessment's
 * steps, for the policy engine's tests (test_assess.c, test_transition.c).
 * Include <cmocka.h> first. */
#ifndef TESTS_UNIT_CORE_HHBUILD_H
#define TESTS_UNIT_CORE_HHBUILD_H

#include <stdio.h>
#include <string.h>

#include "core/assess.h"
#include "core/date.h"
#include "core/household.h"
#include "core/idnum.h"

static inline core_date hb_day(int y, int m, int d)
{
	return core_date_from_ymd(y, m, d);
}

static inline void hb_init(core_household *h, const char *region)
{
	core_household_init(h);
	snprintf(h->region, sizeof(h->region), "%s", region);
	snprintf(h->address, sizeof(h->address), "测试路 1 号 Test Road 1");
}

/* A member born on y-m-d with a valid ID number (distinct within the
 * household); the first one added is the head. */
static inline core_member *hb_member(core_household *h, const char *name,
                                     int y, int m, int d, unsigned categories)
{
	core_member *mem = core_household_add_member(h, NULL);
	char id[64];
	assert_non_null(mem);
	snprintf(mem->name, sizeof(mem->name), "%s", name);
	snprintf(id, sizeof(id), "440106%04d%02d%02d%03zu", y % 10000, m % 100,
	         d % 100, (100 + h->n_members) % 1000);
	id[17] = core_idnum_check_char(id);
	id[18] = '\0';
	memcpy(mem->id_number, id, CORE_IDNUM_BUF);
	mem->relation = h->n_members == 1 ? CORE_REL_HEAD : CORE_REL_CHILD;
	mem->categories = categories;
	return mem;
}

static inline void hb_income(core_member *m, core_income_source s,
                             core_fen monthly, core_month since)
{
	assert_true(m->n_incomes < CORE_INCOMES_MAX);
	m->incomes[m->n_incomes].source = s;
	m->incomes[m->n_incomes].monthly = monthly;
	m->incomes[m->n_incomes].since = since;
	m->n_incomes++;
}

static inline void hb_vehicle(core_household *h, const char *what,
                              bool exempt)
{
	core_vehicle *v = core_household_add_vehicle(h, NULL);
	assert_non_null(v);
	snprintf(v->description, sizeof(v->description), "%s", what);
	v->exempt = exempt;
}

/* n members (adults born 1970), the head with `source` of H fen a month. */
static inline void hb_simple(core_household *h, const char *region, int n,
                             core_income_source source, core_fen H)
{
	char name[32];
	hb_init(h, region);
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "成员%d", i + 1);
		hb_member(h, name, 1970, 1 + i % 12, 1 + i, 0);
	}
	if (H)
		hb_income(&h->members[0], source, H, 0);
}

/* A test household must be one the store would accept. */
static inline void hb_valid(const core_household *h, core_date today)
{
	ds_error err;
	ds_status st = core_household_validate(h, today, &err);
	if (st != DS_OK)
		fail_msg("test household refused: %s: %s", err.where, err.fmt);
}

/* The nth (0-based) step with code c, or NULL. */
static inline const core_step *hb_step(const core_assessment *a,
                                       core_step_code c, int nth)
{
	for (size_t i = 0; i < a->n_steps; i++)
		if (a->steps[i].code == c && nth-- == 0)
			return &a->steps[i];
	return NULL;
}

static inline int hb_count(const core_assessment *a, core_step_code c)
{
	int n = 0;
	for (size_t i = 0; i < a->n_steps; i++)
		n += a->steps[i].code == c;
	return n;
}

/* A step's figure by its name in the template ("" when it has none). */
static inline const char *hb_fig(const core_assessment *a,
                                 const core_step *st, const char *name)
{
	int n;
	const char *const *names = core_step_figures(st->code, &n);
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return core_step_value(a, st, i);
	fail_msg("step %s has no figure %s", core_step_id(st->code), name);
	return "";
}

/* Figure `name` of the nth step with code c, failing when there is none. */
static inline const char *hb_value(const core_assessment *a, core_step_code c,
                                   int nth, const char *name)
{
	const core_step *st = hb_step(a, c, nth);
	if (!st)
		fail_msg("no step %s #%d", core_step_id(c), nth);
	return hb_fig(a, st, name);
}

/* The sequence of step codes, as identifiers joined by spaces. */
static inline const char *hb_codes(const core_assessment *a, char *buf,
                                   size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < a->n_steps && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? " " : "",
		                      core_step_id(a->steps[i].code));
	return buf;
}

/* The money figure of a step as fen. */
static inline core_fen hb_fen(const char *yuan)
{
	core_fen f = -1;
	ds_error err;
	if (core_money_parse(yuan, false, &f, "figure", &err) != DS_OK)
		fail_msg("not an amount: \"%s\"", yuan);
	return f;
}

#endif
