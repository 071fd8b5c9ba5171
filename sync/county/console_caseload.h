/* console_caseload.h — what the dashboard counts and the household list
 * filters by, loaded once per request with the loads and rules of
 * `doorstep-county report` (store/report.h, store_due, core/report.h), so
 * the console's figures are the report's. */
#ifndef SYNC_COUNTY_CONSOLE_CASELOAD_H
#define SYNC_COUNTY_CONSOLE_CASELOAD_H

#include "core/report.h"
#include "store/casework.h"
#include "store/report.h"
#include "sync/county/console_int.h"

/* What links a dashboard count to its list (?list=...). */
#define CONSOLE_LIST_LIST(X)                                   \
	X(ALL, "all")                                          \
	X(PAID, "paid")                                        \
	X(ENDING, "ending")         /* withdrawal ends within CORE_REPORT_DAYS_DEFAULT days */ \
	X(REVIEW_OVERDUE, "review_overdue")                    \
	X(APPEAL_OVERDUE, "appeal_overdue")                    \
	X(CONFLICT, "conflict")

typedef enum {
#define X(e, id) CONSOLE_LIST_##e,
	CONSOLE_LIST_LIST(X)
#undef X
	CONSOLE_LIST_COUNT
} console_list;

typedef struct {
	store_report_household *hh; /* sorted by id */
	size_t n;
	unsigned *in;               /* per household: bits (1 << console_list) */
	core_date today;
	core_month month;
	int64_t counts[CONSOLE_LIST_COUNT];
} console_caseload;

/* Loads the caseload (call under the store lock). */
ds_status console_caseload_load(ds_store *s, console_caseload *c, ds_error *err);
void console_caseload_free(console_caseload *c);
/* The list named id, or -1. */
int console_list_lookup(const char *id);
const char *console_list_id(console_list l);

#endif
