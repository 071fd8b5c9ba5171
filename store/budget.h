/* budget.h — the county's budget for a year read out of the store: every
 * household as it stands on a day (its payment, its withdrawal schedule,
 * its counted income from an assessment on that day), projected month by
 * month by core/budget.h under the policy in force in each month; and,
 * given a proposed policy, the same caseload assessed under both. */
#ifndef STORE_BUDGET_H
#define STORE_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

#include "core/budget.h"
#include "store/payroll.h"
#include "store/store.h"

typedef struct {
	core_date on;                 /* the day the cases are taken */
	const core_policy *current;   /* the version in force on that day */
	core_budget_year year;        /* the projection */
	int64_t households;           /* households read */
	int64_t receiving;            /* paid something on that day */
	int64_t in_transition;        /* of them, in withdrawal months */
	int64_t suspended;            /* suspended: nothing projected */
	bool has_whatif;
	core_budget_whatif whatif;    /* when a proposed policy was given */
	core_policy *versions;        /* owned: every version in the store */
	size_t n_versions;
} store_budget;

/* The budget of year with the cases as they stand on day on (the
 * assessments and the standards they rest on are those of that day).
 * proposed, when not NULL, is assessed beside the policy in force for the
 * what-if; it must outlive out. actual (n_actual of them, may be none):
 * months of the year that are actual: their payment rolls' totals
 * (store_roll_totals), summed in the same read of the households, stand
 * in the year in place of the projection's. */
ds_status store_budget_make(ds_store *s, int year, core_date on,
                            const core_policy *proposed,
                            store_roll_total *actual, size_t n_actual,
                            store_budget *out, ds_error *err);
void store_budget_free(store_budget *b);

#endif
