/* budget.c — the year's projected outlay from the households in the store,
 * and the what-if of a proposed policy (budget.h). */
#include "store/budget.h"

#include <stdlib.h>
#include <string.h>

#include "core/workflow.h"
#include "store/assessjson.h"

typedef struct {
	ds_store *s;
	store_budget *b;
	const core_policy *proposed;
	core_assessment *cur, *prop; /* large: allocated once */
	store_roll_totaller *rolls;  /* the actual months, or NULL */
	ds_error *err;               /* the caller's */
} walk;

/* core_assess fails only when the policy has no standard for the
 * household's region that day: said naming the household and the policy. */
static ds_status no_standard(ds_error *err, const store_household_row *row,
                             const core_policy *p, core_date on)
{
	char date[11];
	core_date_format(on, date);
	return ds_fail(err, DS_EINPUT, row->id,
	               N_("policy %s has no standard for this household's region %s on %s"),
	               p->version, row->h.region, date);
}

static ds_status one(const store_household_row *row, void *ctx)
{
	walk *w = ctx;
	store_budget *b = w->b;
	core_case_now now;
	core_budget_case c;
	ds_error *err = w->err;
	bool suspended = core_state_lookup(row->status) == CORE_STATE_SUSPENDED;
	ds_status st;
	b->households++;
	if ((st = store_roll_totaller_add(w->rolls, row)) ||
	    (st = store_case_now(w->s, row, b->on, &now, err)))
		return st;
	if (core_assess(&row->h, b->current, b->on, &now, w->cur, NULL))
		return no_standard(err, row, b->current, b->on);
	memset(&c, 0, sizeof(c));
	snprintf(c.region, sizeof(c.region), "%s", row->h.region);
	c.members = w->cur->members;
	c.income = w->cur->counted_income;
	c.standard = w->cur->standard;
	c.receiving = now.receiving && !suspended;
	c.payment = now.allowance;
	c.in_transition = now.in_transition;
	if (now.in_transition)
		c.transition = now.transition;
	if (suspended)
		b->suspended++;
	else if (now.receiving)
		b->receiving++;
	if (c.receiving && c.in_transition)
		b->in_transition++;
	if ((st = core_budget_add(&b->year, &c, err)))
		return st;
	if (w->proposed &&
	    core_assess(&row->h, w->proposed, b->on, &now, w->prop, NULL))
		return no_standard(err, row, w->proposed, b->on);
	if (w->proposed &&
	    (st = core_budget_whatif_add(&b->whatif, w->cur, w->prop,
	                                 row->h.region, suspended, err)))
		return st;
	return DS_OK;
}

ds_status store_budget_make(ds_store *s, int year, core_date on,
                            const core_policy *proposed,
                            store_roll_total *actual, size_t n_actual,
                            store_budget *out, ds_error *err)
{
	const core_policy *month[CORE_BUDGET_MONTHS], **ptrs = NULL;
	const core_policy *prop[CORE_BUDGET_MONTHS];
	walk w;
	ds_status st;
	memset(out, 0, sizeof(*out));
	out->on = on;
	if ((st = store_policy_at(s, on, &out->versions, &out->n_versions,
	                          &out->current, err)))
		return st;
	if (!(ptrs = malloc(out->n_versions * sizeof(*ptrs)))) {
		store_budget_free(out);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	for (size_t i = 0; i < out->n_versions; i++)
		ptrs[i] = &out->versions[i];
	/* each month under the version in force on its first day (one the
	 * store holds for later takes over when it begins) */
	for (int i = 0; i < CORE_BUDGET_MONTHS; i++) {
		int k = core_policy_pick(ptrs, out->n_versions,
		                         core_month_first_day(core_month_make(year, i + 1)));
		month[i] = k >= 0 ? ptrs[k] : out->current;
		prop[i] = proposed;
	}
	free(ptrs);
	core_budget_init(&out->year, year, month);
	if (proposed) {
		out->has_whatif = true;
		core_budget_whatif_init(&out->whatif, year, month, prop);
	}
	memset(&w, 0, sizeof(w));
	w.s = s;
	w.b = out;
	w.proposed = proposed;
	w.err = err;
	w.cur = malloc(sizeof(*w.cur));
	w.prop = malloc(sizeof(*w.prop));
	if (!w.cur || !w.prop) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	} else if (!(st = n_actual ? store_roll_totaller_new(s, actual, n_actual,
	                                                     &w.rolls, err)
	                           : DS_OK)) {
		st = store_household_each(s, one, NULL, &w, err);
	}
	store_roll_totaller_free(&w.rolls);
	free(w.cur);
	free(w.prop);
	/* an actual month is its payment roll's, not the projection's */
	for (size_t k = 0; !st && k < n_actual; k++) {
		int i = core_month_of(actual[k].month) - 1;
		if (core_month_year(actual[k].month) != year)
			continue;
		/* the dibao program's: what is paid once (temporary
		 * assistance) is no part of it */
		out->year.amount[i] = actual[k].sum.total;
		for (int kind = 0; kind < CORE_PAYLINE_COUNT; kind++)
			if (core_payline_oneoff((core_payline_kind)kind))
				out->year.amount[i] -= actual[k].sum.amount_by_kind[kind];
		out->year.households[i] = actual[k].sum.households;
		out->year.regular[i] = actual[k].sum.by_kind[CORE_PAYLINE_REGULAR];
		out->year.withdrawal[i] = actual[k].sum.by_kind[CORE_PAYLINE_WITHDRAWAL];
	}
	if (st)
		store_budget_free(out);
	return st;
}

void store_budget_free(store_budget *b)
{
	core_budget_free(&b->year);
	if (b->has_whatif)
		core_budget_whatif_free(&b->whatif);
	b->has_whatif = false;
	store_policies_free(b->versions, b->n_versions);
	b->versions = NULL;
	b->n_versions = 0;
}
