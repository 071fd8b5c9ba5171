/* budget.c — the year's projected outlay, case by case and month by month,
 * the what-if of a proposed policy, and the stale standards (budget.h). */
#include "budget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

core_fen core_budget_allowance(core_fen standard, int members,
                               core_fen income)
{
	core_fen exact = standard * members - income;
	return exact > 0 ? core_money_ceil_yuan(exact) : 0;
}

core_fen core_budget_case_month(const core_budget_case *c, core_month m,
                                core_fen s_m, core_budget_kind *kind)
{
	core_fen v;
	*kind = CORE_BUDGET_NONE;
	if (!c->receiving)
		return 0;
	if (c->in_transition) {
		if (m < c->transition.first)
			v = c->payment;
		else
			v = core_transition_paid_in(&c->transition, m, NULL);
		if (v > 0)
			*kind = CORE_BUDGET_WITHDRAWAL;
		return v;
	}
	v = c->payment + core_budget_allowance(s_m, c->members, c->income) -
	    core_budget_allowance(c->standard, c->members, c->income);
	if (v < 0)
		v = 0;
	if (v > 0)
		*kind = CORE_BUDGET_REGULAR;
	return v;
}

ds_status core_budget_standard_make(const core_policy *const *policy,
                                    int year, const char *region,
                                    core_budget_standard *out, ds_error *err)
{
	ds_status st;
	memset(out, 0, sizeof(*out));
	snprintf(out->region, sizeof(out->region), "%s", region);
	for (int i = 0; i < CORE_BUDGET_MONTHS; i++) {
		core_date d = core_month_first_day(core_month_make(year, i + 1));
		if ((st = core_policy_project(policy[i], region, d, &out->monthly[i],
		                              &out->base[i], &out->years[i], err)))
			return st;
	}
	return DS_OK;
}

void core_budget_init(core_budget_year *y, int year,
                      const core_policy *const *policy)
{
	memset(y, 0, sizeof(*y));
	y->year = year;
	for (int i = 0; i < CORE_BUDGET_MONTHS; i++)
		y->policy[i] = policy[i];
}

void core_budget_free(core_budget_year *y)
{
	free(y->standards);
	y->standards = NULL;
	y->n_standards = y->cap_standards = 0;
}

static const core_budget_standard *region_standard(core_budget_year *y,
                                                   const char *region,
                                                   ds_error *err)
{
	core_budget_standard *s;
	/* few regions in a county: the last one found first, then a walk */
	for (size_t i = y->n_standards; i-- > 0;)
		if (!strcmp(y->standards[i].region, region))
			return &y->standards[i];
	if (y->n_standards == y->cap_standards) {
		size_t cap = y->cap_standards ? y->cap_standards * 2 : 8;
		core_budget_standard *n = realloc(y->standards, cap * sizeof(*n));
		if (!n) {
			ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			return NULL;
		}
		y->standards = n;
		y->cap_standards = cap;
	}
	s = &y->standards[y->n_standards];
	if (core_budget_standard_make(y->policy, y->year, region, s, err))
		return NULL;
	y->n_standards++;
	return s;
}

ds_status core_budget_add(core_budget_year *y, const core_budget_case *c,
                          ds_error *err)
{
	const core_budget_standard *s = NULL;
	y->cases++;
	if (!c->receiving)
		return DS_OK;
	if (!c->in_transition && !(s = region_standard(y, c->region, err)))
		return err ? err->status : DS_EINPUT;
	for (int i = 0; i < CORE_BUDGET_MONTHS; i++) {
		core_budget_kind k;
		core_fen v = core_budget_case_month(
		        c, core_month_make(y->year, i + 1), s ? s->monthly[i] : 0, &k);
		y->amount[i] += v;
		if (k != CORE_BUDGET_NONE)
			y->households[i]++;
		if (k == CORE_BUDGET_REGULAR)
			y->regular[i]++;
		else if (k == CORE_BUDGET_WITHDRAWAL)
			y->withdrawal[i]++;
	}
	return DS_OK;
}

core_fen core_budget_total(const core_budget_year *y)
{
	core_fen t = 0;
	for (int i = 0; i < CORE_BUDGET_MONTHS; i++)
		t += y->amount[i];
	return t;
}

void core_budget_case_from(const core_assessment *a, const char *region,
                           bool suspended, core_budget_case *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->region, sizeof(out->region), "%s", region);
	out->members = a->members;
	out->income = a->counted_income;
	out->standard = a->standard;
	if (suspended)
		return;
	if (a->eligible) {
		out->receiving = true;
		out->payment = a->payment;
	} else if (a->has_transition) {
		out->receiving = true;
		out->in_transition = true;
		out->transition = a->transition;
		out->payment = a->transition.previous;
	}
}

bool core_budget_is_stale(const core_standard *std, core_date on)
{
	return std->adjust_permille > 0 &&
	       core_date_add_months(std->from, 12) <= on;
}

size_t core_budget_stale_list(const core_budget_year *y, core_budget_stale *out,
                              size_t max)
{
	size_t n = 0;
	for (size_t r = 0; r < y->n_standards; r++) {
		const core_budget_standard *bs = &y->standards[r];
		const char *region = bs->region;
		for (int i = 0; i < CORE_BUDGET_MONTHS; i++) {
			core_month m = core_month_make(y->year, i + 1);
			core_date d = core_month_first_day(m);
			const core_standard *std;
			bool seen = false;
			if (!(std = core_policy_standard(y->policy[i], region, d, NULL)) ||
			    !core_budget_is_stale(std, d))
				continue;
			for (size_t k = 0; k < n && k < max; k++)
				seen = seen || out[k].standard == std;
			if (seen)
				continue;
			if (n < max) {
				out[n].standard = std;
				snprintf(out[n].region, sizeof(out[n].region), "%s", region);
				out[n].month = m;
				out[n].projected = std->monthly;
				out[n].years = 0;
				/* the month's projection, made once with the year */
				if (bs->base[i] == std) {
					out[n].projected = bs->monthly[i];
					out[n].years = bs->years[i];
				}
			}
			n++;
		}
	}
	return n;
}

void core_budget_whatif_init(core_budget_whatif *w, int year,
                             const core_policy *const *current,
                             const core_policy *const *proposed)
{
	memset(w, 0, sizeof(*w));
	core_budget_init(&w->current, year, current);
	core_budget_init(&w->proposed, year, proposed);
}

ds_status core_budget_whatif_add(core_budget_whatif *w,
                                 const core_assessment *cur,
                                 const core_assessment *prop,
                                 const char *region, bool suspended,
                                 ds_error *err)
{
	core_budget_case c;
	ds_status st;
	w->households++;
	if (!cur->eligible && prop->eligible)
		w->enter++;
	else if (cur->eligible && !prop->eligible)
		w->leave++;
	else if (cur->eligible && prop->payment > cur->payment)
		w->up++;
	else if (cur->eligible && prop->payment < cur->payment)
		w->down++;
	else if (cur->eligible)
		w->same++;
	core_budget_case_from(cur, region, suspended, &c);
	if ((st = core_budget_add(&w->current, &c, err)))
		return st;
	core_budget_case_from(prop, region, suspended, &c);
	return core_budget_add(&w->proposed, &c, err);
}

void core_budget_whatif_free(core_budget_whatif *w)
{
	core_budget_free(&w->current);
	core_budget_free(&w->proposed);
}
