/* budget_svg.h — the budget's chart as SVG, for the budget command's
 * --svg file and the console's budget page alike. */
#ifndef SYNC_COUNTY_BUDGET_SVG_H
#define SYNC_COUNTY_BUDGET_SVG_H

#include <stdio.h>

#include "core/budget.h"
#include "store/payroll.h"

/* The chart of year's months in y (those up to this_month actual, the
 * rest projected) as an <svg> element to f (no XML declaration), its
 * words through tr. */
void county_budget_svg(FILE *f, const core_budget_year *y, int year,
                       core_month this_month, store_tr_fn tr);

#endif
