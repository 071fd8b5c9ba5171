/* cmd.h — what the county's commands share, so that a command can live in
 * a file of its own (payroll, reports, budget): the parsed command line,
 * its options, failing with one line, and opening the county's store. */
#ifndef SYNC_COUNTY_CMD_H
#define SYNC_COUNTY_CMD_H

#include "core/status.h"
#include "store/budget.h"
#include "store/store.h"
#include "tui/opts.h"

#define MAX_OPTS 16

typedef struct {
	const char *cmd;
	const char *pos[4];   /* the words after the command */
	int npos;
	opts_given opt[MAX_OPTS]; /* as the command table names them */
	int nopt;
	int pass_fd;
} county_args;

/* The option's value ("" for a flag given), NULL when not given; the last
 * one given when it was given twice. name without "--" or "=" ("month"). */
const char *county_opt(const county_args *a, const char *name);
/* Prints err in one line on stderr; the exit status it means. */
int county_fail(const ds_error *err);
int county_usage_fail(const char *where, const char *what);
/* Opens the county's store in --data with the passphrase. */
ds_status county_open(const county_args *a, ds_store **s, ds_error *err);

/* Commands in their own files. */
int county_cmd_payroll(const county_args *a); /* payroll.c */
int county_cmd_report(const county_args *a);  /* report.c */
int county_cmd_budget(const county_args *a);  /* budget.c */
int county_cmd_user(const county_args *a);    /* user.c */
int county_cmd_backup(const county_args *a);  /* backup.c */
int county_cmd_restore(const county_args *a); /* backup.c */
int county_cmd_feed(const county_args *a);    /* feed.c */
int county_cmd_province_key(const county_args *a); /* feed.c */
int county_cmd_relief(const county_args *a);  /* relief.c */

/* feedbudget.c: the year's budget as the budget command (budget.c) makes
 * it and the feed sends it to the province: the cases as they stand on
 * the county's today (on the year's first day when the year is still to
 * come), the months up to today's actual (their rolls). *this_month:
 * today's month. Free out with store_budget_free. (Here rather than in
 * budget.c, so that the feed links without the command.) */
ds_status county_budget_year(ds_store *s, int year, const core_policy *proposed,
                             store_budget *out, core_month *this_month, ds_error *err);
/* "actual" or "projected": month i (0 to 11) of year, as budget --json
 * says it. */
const char *county_budget_kind(int year, core_month this_month, int i);

/* feedbudget.c: after a round of the feed, the county's budget for the
 * year of its day, as county_budget_year makes it, sent to the province at
 * url, a row a month signed with the county's signing key, in place of
 * the rows the province holds for that year, unless those were made at
 * the same log position on the same day and verify (then nothing is
 * made). Says on stdout when it sent them. */
ds_status county_feed_budget(ds_store *s, const char *url, ds_error *err);

#endif
