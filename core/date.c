/* date.c — civil date arithmetic (Howard Hinnant's days_from_civil). */
#include "date.h"

#include <stdio.h>
#include <string.h>

bool core_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int core_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
	                           31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && core_is_leap(y) ? 29 : days[m - 1];
}

bool core_date_valid(int y, int m, int d)
{
	return y >= CORE_DATE_MIN_YEAR && y <= CORE_DATE_MAX_YEAR && m >= 1 &&
	       m <= 12 && d >= 1 && d <= core_days_in_month(y, m);
}

core_date core_date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void core_date_to_ymd(core_date z, int *py, int *pm, int *pd)
{
	int era, doe, yoe, y, doy, mp, d, m;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	if (py)
		*py = y + (m <= 2);
	if (pm)
		*pm = m;
	if (pd)
		*pd = d;
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

ds_status core_date_parse(const char *s, core_date *out, const char *field,
                          ds_error *err)
{
	int y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return ds_fail(err, DS_EINPUT, field,
		               N_("not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"));
	if (m < 1 || m > 12) {
		/* Only the two month digits, not the "-DD" after them. */
		char mm[3] = {s[5], s[6], '\0'};
		return ds_fail(err, DS_EINPUT, field,
		               N_("%s has no month %s"), s, mm);
	}
	if (!core_date_valid(y, m, d)) {
		if (y < CORE_DATE_MIN_YEAR || y > CORE_DATE_MAX_YEAR)
			return ds_fail(err, DS_EINPUT, field,
			               N_("%s is outside the years 1800 to 9999"), s);
		return ds_fail(err, DS_EINPUT, field,
		               N_("%s is not a real date"), s);
	}
	*out = core_date_from_ymd(y, m, d);
	return DS_OK;
}

void core_date_format(core_date d, char *buf)
{
	int y, m, dd;
	core_date_to_ymd(d, &y, &m, &dd);
	/* Reduced so that it fits in 11 bytes (values in range print
	 * unchanged); by hand, not snprintf, as assess --all formats dates
	 * for every household. */
	unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u,
	         ud = (unsigned)dd % 100u;
	buf[0] = (char)('0' + uy / 1000);
	buf[1] = (char)('0' + uy / 100 % 10);
	buf[2] = (char)('0' + uy / 10 % 10);
	buf[3] = (char)('0' + uy % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + um / 10);
	buf[6] = (char)('0' + um % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + ud / 10);
	buf[9] = (char)('0' + ud % 10);
	buf[10] = '\0';
}

core_month core_month_make(int y, int m)
{
	return y * 12 + (m - 1);
}

int core_month_year(core_month m)
{
	return m / 12;
}

int core_month_of(core_month m)
{
	return m % 12 + 1;
}

core_month core_month_of_date(core_date d)
{
	int y, m;
	core_date_to_ymd(d, &y, &m, NULL);
	return core_month_make(y, m);
}

core_date core_month_first_day(core_month m)
{
	return core_date_from_ymd(core_month_year(m), core_month_of(m), 1);
}

core_date core_month_last_day(core_month m)
{
	int y = core_month_year(m), mo = core_month_of(m);
	return core_date_from_ymd(y, mo, core_days_in_month(y, mo));
}

ds_status core_month_parse(const char *s, core_month *out, const char *field,
                           ds_error *err)
{
	int y, m;
	if (!s || strlen(s) != 7 || s[4] != '-' || !digits(s, 4, &y) ||
	    !digits(s + 5, 2, &m))
		return ds_fail(err, DS_EINPUT, field,
		               N_("not a month; write it as YYYY-MM, e.g. 2026-03"));
	if (m < 1 || m > 12)
		return ds_fail(err, DS_EINPUT, field,
		               N_("%s has no month %s"), s, s + 5);
	if (y < CORE_DATE_MIN_YEAR || y > CORE_DATE_MAX_YEAR)
		return ds_fail(err, DS_EINPUT, field,
		               N_("%s is outside the years 1800 to 9999"), s);
	*out = core_month_make(y, m);
	return DS_OK;
}

void core_month_format(core_month m, char *buf)
{
	snprintf(buf, 8, "%04u-%02u", (unsigned)core_month_year(m) % 10000u,
	         (unsigned)core_month_of(m) % 100u);
}

core_date core_date_add_months(core_date d, int months)
{
	int y, m, dd, dim;
	core_month mo;
	core_date_to_ymd(d, &y, &m, &dd);
	mo = core_month_make(y, m) + months;
	y = core_month_year(mo);
	m = core_month_of(mo);
	dim = core_days_in_month(y, m);
	return core_date_from_ymd(y, m, dd > dim ? dim : dd);
}
