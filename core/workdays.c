/* workdays.c — working days under an official holiday schedule. */
#include "workdays.h"

#include <stdio.h>
#include <string.h>

void core_calendar_init(core_calendar *c)
{
	memset(c, 0, sizeof(*c));
}

int core_weekday(core_date d)
{
	/* 1970-01-01 was a Thursday (3) */
	int w = (int)((d % 7 + 7) % 7);
	return (w + 3) % 7;
}

bool core_calendar_covers(const core_calendar *c, int year)
{
	for (size_t i = 0; i < c->n_years; i++)
		if (c->years[i] == year)
			return true;
	return false;
}

static bool listed(const core_date *days, size_t n, core_date d)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (days[mid] == d)
			return true;
		if (days[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static int year_of(core_date d)
{
	int y, m, day;
	core_date_to_ymd(d, &y, &m, &day);
	return y;
}

ds_status core_calendar_add_year(core_calendar *c, int year, ds_error *err)
{
	char y[16];
	snprintf(y, sizeof(y), "%d", year);
	if (year < CORE_DATE_MIN_YEAR || year > CORE_DATE_MAX_YEAR)
		return ds_fail(err, DS_EINPUT, "years", N_("%s is not a year"), y);
	if (core_calendar_covers(c, year))
		return ds_fail(err, DS_EINPUT, "years", N_("%s is given twice"), y);
	if (c->n_years >= CORE_CALENDAR_YEARS)
		return ds_fail(err, DS_EINPUT, "years", N_("more years than a policy can hold"));
	c->years[c->n_years++] = year;
	return DS_OK;
}

/* Inserts d in order into days (n of them). */
static ds_status add_day(core_calendar *c, core_date *days, size_t *n, core_date d,
                         const char *field, ds_error *err)
{
	char ds[11];
	size_t i;
	core_date_format(d, ds);
	if (!core_calendar_covers(c, year_of(d)))
		return ds_fail(err, DS_EINPUT, field,
		               N_("%s is in a year the schedule does not cover"), ds);
	if (listed(c->holidays, c->n_holidays, d) || listed(c->makeup, c->n_makeup, d))
		return ds_fail(err, DS_EINPUT, field, N_("%s is given twice"), ds);
	if (*n >= CORE_CALENDAR_DAYS)
		return ds_fail(err, DS_EINPUT, field, N_("more days than a policy can hold"));
	for (i = *n; i > 0 && days[i - 1] > d; i--)
		days[i] = days[i - 1];
	days[i] = d;
	(*n)++;
	return DS_OK;
}

ds_status core_calendar_add_holiday(core_calendar *c, core_date d,
                                    const char *field, ds_error *err)
{
	return add_day(c, c->holidays, &c->n_holidays, d, field, err);
}

ds_status core_calendar_add_makeup(core_calendar *c, core_date d,
                                   const char *field, ds_error *err)
{
	if (core_weekday(d) < 5) {
		char ds[11];
		core_date_format(d, ds);
		return ds_fail(err, DS_EINPUT, field,
		               N_("%s is a weekday: a make-up working day is a Saturday or a Sunday"), ds);
	}
	return add_day(c, c->makeup, &c->n_makeup, d, field, err);
}

bool core_workday(const core_calendar *c, core_date d)
{
	if (c && listed(c->makeup, c->n_makeup, d))
		return true;
	if (c && listed(c->holidays, c->n_holidays, d))
		return false;
	return core_weekday(d) < 5;
}

core_date core_workdays_add(const core_calendar *c, core_date from, int n,
                            bool *covered)
{
	core_date d = from;
	*covered = true;
	while (n > 0) {
		d++;
		if (!c || !core_calendar_covers(c, year_of(d)))
			*covered = false;
		if (core_workday(c, d))
			n--;
	}
	return d;
}
