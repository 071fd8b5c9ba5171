/* date.h — civil dates (days since 1970-01-01) and months (year*12 + month-1),
 * proleptic Gregorian, no time zones: a date is what the calendar says. */
#ifndef CORE_DATE_H
#define CORE_DATE_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"

typedef int32_t core_date;  /* days since 1970-01-01 */
typedef int32_t core_month; /* year * 12 + (month - 1) */

#define CORE_DATE_MIN_YEAR 1800
#define CORE_DATE_MAX_YEAR 9999

bool core_is_leap(int year);
int core_days_in_month(int year, int month); /* month 1..12; 0 if invalid */
bool core_date_valid(int year, int month, int day);

core_date core_date_from_ymd(int year, int month, int day); /* must be valid */
void core_date_to_ymd(core_date d, int *year, int *month, int *day);

/* "YYYY-MM-DD", exactly; field names the input in errors. */
ds_status core_date_parse(const char *s, core_date *out, const char *field,
                          ds_error *err);
/* buf of at least 11 bytes */
void core_date_format(core_date d, char *buf);

core_month core_month_make(int year, int month);
int core_month_year(core_month m);
int core_month_of(core_month m); /* 1..12 */
core_month core_month_of_date(core_date d);
core_date core_month_first_day(core_month m);
core_date core_month_last_day(core_month m);
/* "YYYY-MM" */
ds_status core_month_parse(const char *s, core_month *out, const char *field,
                           ds_error *err);
void core_month_format(core_month m, char *buf); /* 8 bytes */

/* Adds months to a date; the day is clamped to the end of the new month
 * (2024-01-31 + 1 month = 2024-02-29). */
core_date core_date_add_months(core_date d, int months);
#endif
