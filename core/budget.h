/* budget.h — the county's budget for a year: each case's payment month by
 * month from what it receives now, its withdrawal schedule running out and
 * the standard projected by its own adjustment rule; a what-if comparing
 * the same caseload assessed under two policies; and the standards in
 * force that are older than their rule allows. Pure: the store reads the
 * cases, the front end prints.
 *
 * The projection of a regular case (one receiving an allowance, not in
 * withdrawal months), in month m whose first day has the projected
 * standard S' (core_policy_project under the policy for that month):
 *
 *   payment now + A(S') − A(S),   A(x) = ⌈x × n − H⌉ to a whole yuan
 *                                        (0 when x × n ≤ H)
 *
 * where S is the standard its payment rests on (in force on the day the
 * cases are taken), n its members and H its counted income: the decided
 * payment moves by exactly what an assessment at the new standard would
 * add to the allowance, rounded as core_assess rounds; top-ups do not
 * move. For a case whose payment is what an assessment gives (the usual
 * one) this is the assessment at S': A(S') + top-ups. A case in its
 * withdrawal months is paid its schedule (the payment now before its
 * first month, nothing after its last); a case not receiving, nothing. */
#ifndef CORE_BUDGET_H
#define CORE_BUDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "assess.h"
#include "date.h"
#include "household.h"
#include "money.h"
#include "policy.h"
#include "status.h"

#define CORE_BUDGET_MONTHS 12

/* One case as the budget takes it. */
typedef struct {
	char region[CORE_REGION_LEN + 1];
	int members;
	core_fen income;        /* H: counted household income a month */
	core_fen standard;      /* S: the standard the payment rests on */
	bool receiving;         /* paid anything now (suspended: false) */
	core_fen payment;       /* a month now, top-ups included */
	bool in_transition;     /* paid by the schedule below */
	core_transition transition;
} core_budget_case;

/* What a case is paid in a month. */
typedef enum {
	CORE_BUDGET_NONE,
	CORE_BUDGET_REGULAR,
	CORE_BUDGET_WITHDRAWAL,
} core_budget_kind;

/* A region's projected standard through the year: for month i (January
 * = 0) the figure, the standard it is projected from and how many yearly
 * raises were applied. */
typedef struct {
	char region[CORE_REGION_LEN + 1];
	core_fen monthly[CORE_BUDGET_MONTHS];
	const core_standard *base[CORE_BUDGET_MONTHS];
	int years[CORE_BUDGET_MONTHS];
} core_budget_standard;

/* A year's projected outlay. */
typedef struct {
	int year;
	const core_policy *policy[CORE_BUDGET_MONTHS]; /* in force each month */
	core_fen amount[CORE_BUDGET_MONTHS];
	int64_t households[CORE_BUDGET_MONTHS];  /* paid anything */
	int64_t regular[CORE_BUDGET_MONTHS];
	int64_t withdrawal[CORE_BUDGET_MONTHS];
	int64_t cases;                           /* cases added */
	size_t n_standards;                      /* one per region seen */
	core_budget_standard *standards;         /* owned */
	size_t cap_standards;
} core_budget_year;

/* A(x): the allowance a household of n with counted income H would have
 * at standard x, ⌈x × n − H⌉ to a whole yuan, 0 when nothing is left. */
core_fen core_budget_allowance(core_fen standard, int members,
                               core_fen income);

/* The payment of case c in month m whose projected standard is s_m. */
core_fen core_budget_case_month(const core_budget_case *c, core_month m,
                                core_fen s_m, core_budget_kind *kind);

/* The region's standard for each month of year under policy[i] (the
 * policy in force on the month's first day), projected to that day. */
ds_status core_budget_standard_make(const core_policy *const *policy,
                                    int year, const char *region,
                                    core_budget_standard *out, ds_error *err);

/* policy: twelve pointers, the policy in force in each month (the same
 * one twelve times is fine); they must outlive y. */
void core_budget_init(core_budget_year *y, int year,
                      const core_policy *const *policy);
/* Adds a case's twelve months. Fails only when a region has no standard
 * (err names it). */
ds_status core_budget_add(core_budget_year *y, const core_budget_case *c,
                          ds_error *err);
core_fen core_budget_total(const core_budget_year *y);
void core_budget_free(core_budget_year *y);

/* A case from an assessment of it (a what-if): receiving when eligible
 * (the payment assessed) or withdrawing (the schedule, and before it the
 * allowance received, A0). suspended: paid nothing. */
void core_budget_case_from(const core_assessment *a, const char *region,
                           bool suspended, core_budget_case *out);

/* A standard in force whose own rule would have raised it by a day it
 * still decides: its adjustment rule is yearly, and the day is a year or
 * more after it took effect. */
typedef struct {
	const core_standard *standard;
	char region[CORE_REGION_LEN + 1]; /* a region it decides */
	core_month month;   /* the first month of the year it is stale in */
	core_fen projected; /* what its rule makes it by that month */
	int years;          /* raises its rule has missed by then */
} core_budget_stale;

/* Whether std, in force on day on, is older than its rule allows. */
bool core_budget_is_stale(const core_standard *std, core_date on);
/* The stale standards deciding the regions of y in its months, once per
 * standard, in the order first met (regions in the order seen). Returns
 * how many there are; at most max are written. */
size_t core_budget_stale_list(const core_budget_year *y, core_budget_stale *out,
                              size_t max);

/* The same caseload assessed under the policy in force and a proposed
 * one: households that enter (eligible under the proposed policy, not
 * now), leave (the other way), whose payment goes up or down (eligible
 * under both), and the projected outlay under each. */
typedef struct {
	int64_t households;
	int64_t enter, leave, up, down, same;
	core_budget_year current, proposed;
} core_budget_whatif;

void core_budget_whatif_init(core_budget_whatif *w, int year,
                             const core_policy *const *current,
                             const core_policy *const *proposed);
/* One household's two assessments (on the same day, with the same case
 * now). */
ds_status core_budget_whatif_add(core_budget_whatif *w,
                                 const core_assessment *cur,
                                 const core_assessment *prop,
                                 const char *region, bool suspended,
                                 ds_error *err);
void core_budget_whatif_free(core_budget_whatif *w);

#endif
