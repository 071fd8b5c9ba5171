/* report.h — the rules of the county's reports, pure: which households a
 * month's outlay counts, what "within N days" means, the --days a report
 * accepts, and which way a month's figure moved from the month before. */
#ifndef CORE_REPORT_H
#define CORE_REPORT_H

#include <stdbool.h>

#include "date.h"
#include "money.h"
#include "status.h"
#include "workflow.h"

/* The longest look ahead a report takes (days): ten years. */
#define CORE_REPORT_DAYS_MAX 3660
/* The look ahead of `report ending` when none is given. */
#define CORE_REPORT_DAYS_DEFAULT 30

/* A household in this state is paid this month (receiving, or in the
 * months of its withdrawal); suspended and every other state is not. */
bool core_report_paid(core_state s);

/* A date on or before today + days: what falls due within the next days
 * (what is overdue included). */
bool core_report_within(core_date d, core_date today, int days);

/* The number of days a report looks ahead, from text: a whole number
 * from 0 to CORE_REPORT_DAYS_MAX; DS_EINPUT naming field otherwise. */
ds_status core_report_days(const char *text, const char *field, int *days,
                           ds_error *err);

#endif
