/* workdays.h — counting working days (工作日) as Chinese offices do: Monday
 * to Friday, less the public holidays of the official schedule, plus the
 * make-up working days (调休) it moves onto weekends. The schedule is
 * policy data (one per year it covers, with its source); for a year with
 * none, weekends alone are skipped and the count says so. Pure. */
#ifndef CORE_WORKDAYS_H
#define CORE_WORKDAYS_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "status.h"

#define CORE_CALENDAR_YEARS 8      /* years one policy's schedule covers */
#define CORE_CALENDAR_DAYS 128     /* holidays and make-up days, all years */
#define CORE_CALENDAR_SOURCE 512

/* The official schedule of the years a policy covers. holidays and
 * makeup are sorted, without repeats; each lies in a covered year. */
typedef struct {
	size_t n_years;
	int years[CORE_CALENDAR_YEARS];
	size_t n_holidays, n_makeup;
	core_date holidays[CORE_CALENDAR_DAYS]; /* days off, weekdays or not */
	core_date makeup[CORE_CALENDAR_DAYS];   /* weekend days worked */
	char source[CORE_CALENDAR_SOURCE];
	char source_zh[CORE_CALENDAR_SOURCE];
} core_calendar;

void core_calendar_init(core_calendar *c);
/* Adds a covered year, a holiday or a make-up working day. Errors name
 * the field ("years", "holidays[3]", "makeup[0]") and say what is wrong: a
 * day outside every covered year, a make-up day that is not a Saturday or
 * a Sunday, a day both a holiday and a make-up day, one given twice, too
 * many. Add the years first. */
ds_status core_calendar_add_year(core_calendar *c, int year, ds_error *err);
ds_status core_calendar_add_holiday(core_calendar *c, core_date d,
                                    const char *field, ds_error *err);
ds_status core_calendar_add_makeup(core_calendar *c, core_date d,
                                   const char *field, ds_error *err);

/* 0 Monday .. 6 Sunday */
int core_weekday(core_date d);
bool core_calendar_covers(const core_calendar *c, int year);
/* Whether d is a working day: a make-up day is; a holiday is not; else
 * Monday to Friday. */
bool core_workday(const core_calendar *c, core_date d);

/* The n-th working day after from (from itself is day 0, whatever it is;
 * n >= 1). *covered is false when a year it passes through has no
 * schedule: the count then skipped weekends only there. */
core_date core_workdays_add(const core_calendar *c, core_date from, int n,
                            bool *covered);

#endif
