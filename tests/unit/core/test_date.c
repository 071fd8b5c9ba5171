/* test_date.c — civil dates and months (core/date). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Written here from the calendar rules, not taken from core/date.c. */
static int ref_leap(int y)
{
	if (y % 400 == 0)
		return 1;
	if (y % 100 == 0)
		return 0;
	return y % 4 == 0;
}

static int ref_dim(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 ? 28 + ref_leap(y) : d[m - 1];
}

/* ---- leap years, month lengths, validity --------------------------------- */

static void test_leap(void **state)
{
	static const struct {
		int y;
		bool leap;
	} table[] = {
		{1800, false}, {1900, false}, {2100, false}, {2200, false},
		{1600, true},  {2000, true},  {2400, true},
		{2024, true},  {2020, true},  {1804, true},  {1996, true},
		{2023, false}, {2025, false}, {2026, false}, {1801, false},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++)
		assert_int_equal(core_is_leap(table[i].y), table[i].leap);
	for (int y = 1800; y <= 9999; y++)
		assert_int_equal(core_is_leap(y), ref_leap(y));
}

static void test_days_in_month(void **state)
{
	static const struct {
		int y, m, want;
	} table[] = {
		{2024, 0, 0},   {2024, 13, 0},  {2024, -1, 0},
		{2024, 2, 29},  {2023, 2, 28},  {1900, 2, 28},  {2000, 2, 29},
		{2023, 1, 31},  {2023, 4, 30},  {2023, 6, 30},  {2023, 7, 31},
		{2023, 8, 31},  {2023, 9, 30},  {2023, 11, 30}, {2023, 12, 31},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++)
		assert_int_equal(core_days_in_month(table[i].y, table[i].m),
		                 table[i].want);
}

static void test_date_valid(void **state)
{
	static const struct {
		int y, m, d;
		bool want;
	} table[] = {
		{2024, 2, 29, true},   {2023, 2, 29, false}, {1900, 2, 29, false},
		{2000, 2, 29, true},   {2024, 0, 10, false}, {2024, 13, 1, false},
		{2024, 1, 0, false},   {2024, 1, 32, false}, {2024, 4, 31, false},
		{2024, 4, 30, true},   {2024, 1, -1, false}, {1800, 1, 1, true},
		{1799, 12, 31, false}, {9999, 12, 31, true}, {10000, 1, 1, false},
		{0, 1, 1, false},      {-1, 1, 1, false},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++)
		assert_int_equal(core_date_valid(table[i].y, table[i].m, table[i].d),
		                 table[i].want);
}

/* ---- day numbers ----------------------------------------------------------- */

static void test_known_day_numbers(void **state)
{
	/* Day numbers from Python's datetime.date subtraction. */
	static const struct {
		int y, m, d;
		core_date days;
	} table[] = {
		{1970, 1, 1, 0},         {1969, 12, 31, -1},
		{2000, 3, 1, 11017},     {2024, 2, 29, 19782},
		{1949, 12, 31, -7306},   {1800, 1, 1, -62091},
		{2200, 12, 31, 84370},   {9999, 12, 31, 2932896},
		{2026, 3, 1, 20513},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		int y, m, d;
		assert_int_equal(core_date_from_ymd(table[i].y, table[i].m,
		                                    table[i].d),
		                 table[i].days);
		core_date_to_ymd(table[i].days, &y, &m, &d);
		assert_int_equal(y, table[i].y);
		assert_int_equal(m, table[i].m);
		assert_int_equal(d, table[i].d);
	}
}

static void test_round_trip_every_day(void **state)
{
	/* Walk the calendar day by day with the reference rules. */
	core_date want = -62091; /* 1800-01-01 */
	int days = 0;
	(void)state;
	for (int y = 1800; y <= 2200; y++) {
		for (int m = 1; m <= 12; m++) {
			for (int d = 1; d <= ref_dim(y, m); d++, want++, days++) {
				int yy = 0, mm = 0, dd = 0;
				core_date got = core_date_from_ymd(y, m, d);
				if (got != want)
					fail_msg("%04d-%02d-%02d: %d, want %d", y, m, d,
					         (int)got, (int)want);
				core_date_to_ymd(got, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					fail_msg("%d -> %04d-%02d-%02d, want %04d-%02d-%02d",
					         (int)got, yy, mm, dd, y, m, d);
				assert_true(core_date_valid(y, m, d));
			}
		}
	}
	assert_int_equal(want - 1, 84370); /* 2200-12-31 */
	assert_int_equal(days, 84370 + 62091 + 1);
}

static void test_to_ymd_null_outputs(void **state)
{
	int y = 0, m = 0, d = 0;
	(void)state;
	core_date_to_ymd(19782, NULL, NULL, &d);
	assert_int_equal(d, 29);
	core_date_to_ymd(19782, &y, NULL, NULL);
	assert_int_equal(y, 2024);
	core_date_to_ymd(19782, NULL, &m, NULL);
	assert_int_equal(m, 2);
}

/* ---- parse and format ---------------------------------------------------- */

static void test_parse_ok(void **state)
{
	static const struct {
		const char *s;
		core_date want;
	} table[] = {
		{"1970-01-01", 0},       {"2024-02-29", 19782},
		{"2000-03-01", 11017},   {"1800-01-01", -62091},
		{"9999-12-31", 2932896}, {"1949-12-31", -7306},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_date d = 12345;
		ds_error err;
		char buf[11];
		ds_error_clear(&err);
		assert_int_equal(core_date_parse(table[i].s, &d, "f", &err), DS_OK);
		assert_int_equal(d, table[i].want);
		assert_int_equal(err.status, DS_OK);
		core_date_format(d, buf);
		assert_string_equal(buf, table[i].s);
	}
}

static void test_parse_errors(void **state)
{
	static const char not_date[] =
		"not a date; write it as YYYY-MM-DD, e.g. 2026-03-01";
	static const struct {
		const char *s, *fmt, *arg0, *arg1;
	} table[] = {
		{NULL, not_date, "", ""},
		{"", not_date, "", ""},
		{"2024-1-01", not_date, "", ""},
		{"2024-01-1", not_date, "", ""},
		{"24-01-01", not_date, "", ""},
		{"2024-01-01x", not_date, "", ""},
		{"2024-01-01 ", not_date, "", ""},
		{" 2024-01-01", not_date, "", ""},
		{"2024/01/01", not_date, "", ""},
		{"20240101", not_date, "", ""},
		{"2024-0a-01", not_date, "", ""},
		{"+024-01-01", not_date, "", ""},
		{"2024-01--1", not_date, "", ""},
		{"２０２４-01-01", not_date, "", ""},
		{"2024-13-01", "%s has no month %s", "2024-13-01", "13"},
		{"2024-00-10", "%s has no month %s", "2024-00-10", "00"},
		{"2024-99-99", "%s has no month %s", "2024-99-99", "99"},
		{"2023-02-29", "%s is not a real date", "2023-02-29", ""},
		{"1900-02-29", "%s is not a real date", "1900-02-29", ""},
		{"2024-04-31", "%s is not a real date", "2024-04-31", ""},
		{"2024-01-00", "%s is not a real date", "2024-01-00", ""},
		{"2024-01-32", "%s is not a real date", "2024-01-32", ""},
		{"1799-12-31", "%s is outside the years 1800 to 9999", "1799-12-31", ""},
		{"0000-01-01", "%s is outside the years 1800 to 9999", "0000-01-01", ""},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_date d = 777;
		ds_error err;
		char buf[256];
		assert_int_equal(core_date_parse(table[i].s, &d, "birth", &err),
		                 DS_EINPUT);
		assert_int_equal(d, 777); /* output untouched */
		assert_int_equal(err.status, DS_EINPUT);
		assert_string_equal(err.where, "birth");
		assert_string_equal(err.fmt, table[i].fmt);
		assert_string_equal(err.arg[0], table[i].arg0);
		assert_string_equal(err.arg[1], table[i].arg1);
		ds_error_format(&err, buf, sizeof(buf), NULL);
		assert_memory_equal(buf, "birth: ", 7);
	}
	/* A NULL err is allowed. */
	{
		core_date d;
		assert_int_equal(core_date_parse("2024-13-01", &d, "f", NULL),
		                 DS_EINPUT);
	}
}

static void test_parse_month_message(void **state)
{
	ds_error err;
	core_date d;
	char buf[256];
	(void)state;
	core_date_parse("2024-13-01", &d, "visit.date", &err);
	ds_error_format(&err, buf, sizeof(buf), NULL);
	assert_string_equal(buf, "visit.date: 2024-13-01 has no month 13");
}

static void test_format(void **state)
{
	static const struct {
		core_date d;
		const char *want;
	} table[] = {
		{0, "1970-01-01"},      {-1, "1969-12-31"},
		{19782, "2024-02-29"},  {-62091, "1800-01-01"},
		{2932896, "9999-12-31"}, {84370, "2200-12-31"},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		char buf[16];
		memset(buf, 'Z', sizeof(buf));
		core_date_format(table[i].d, buf);
		assert_string_equal(buf, table[i].want);
		assert_int_equal(buf[11], 'Z'); /* 11 bytes, no more */
	}
}

/* ---- months -------------------------------------------------------------- */

static void test_month_basics(void **state)
{
	static const struct {
		int y, m;
		core_date first, last;
	} table[] = {
		{1970, 1, 0, 30},
		{2024, 2, 19754, 19782},
		{2023, 2, 19389, 19416},
		{1900, 2, -25536, -25509},
		{2000, 2, 10988, 11016},
		{2025, 12, 20423, 20453},
		{1800, 1, -62091, -62061},
		{9999, 12, 2932866, 2932896},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_month mo = core_month_make(table[i].y, table[i].m);
		assert_int_equal(mo, table[i].y * 12 + table[i].m - 1);
		assert_int_equal(core_month_year(mo), table[i].y);
		assert_int_equal(core_month_of(mo), table[i].m);
		assert_int_equal(core_month_first_day(mo), table[i].first);
		assert_int_equal(core_month_last_day(mo), table[i].last);
		assert_int_equal(core_month_of_date(table[i].first), mo);
		assert_int_equal(core_month_of_date(table[i].last), mo);
		assert_int_equal(core_month_of_date(table[i].first - 1), mo - 1);
		assert_int_equal(core_month_of_date(table[i].last + 1), mo + 1);
	}
}

static void test_month_arithmetic(void **state)
{
	static const struct {
		int y, m, add, want_y, want_m;
	} table[] = {
		{2025, 12, 1, 2026, 1},
		{2026, 1, -1, 2025, 12},
		{2025, 11, 2, 2026, 1},
		{2024, 6, 12, 2025, 6},
		{2024, 6, -12, 2023, 6},
		{2024, 6, 30, 2026, 12},
		{2024, 6, -18, 2022, 12},
		{2024, 1, 0, 2024, 1},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_month mo = core_month_make(table[i].y, table[i].m) + table[i].add;
		assert_int_equal(core_month_year(mo), table[i].want_y);
		assert_int_equal(core_month_of(mo), table[i].want_m);
	}
}

static void test_month_parse_format(void **state)
{
	static const struct {
		const char *s;
		int y, m;
	} table[] = {
		{"2026-12", 2026, 12}, {"2026-01", 2026, 1}, {"1800-01", 1800, 1},
		{"9999-12", 9999, 12}, {"2024-02", 2024, 2},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_month mo = -1;
		char buf[16];
		assert_int_equal(core_month_parse(table[i].s, &mo, "f", NULL), DS_OK);
		assert_int_equal(mo, core_month_make(table[i].y, table[i].m));
		memset(buf, 'Z', sizeof(buf));
		core_month_format(mo, buf);
		assert_string_equal(buf, table[i].s);
		assert_int_equal(buf[8], 'Z'); /* 8 bytes, no more */
	}
}

static void test_month_parse_errors(void **state)
{
	static const char not_month[] =
		"not a month; write it as YYYY-MM, e.g. 2026-03";
	static const struct {
		const char *s, *fmt, *arg0, *arg1;
	} table[] = {
		{NULL, not_month, "", ""},
		{"", not_month, "", ""},
		{"2026-1", not_month, "", ""},
		{"2026-012", not_month, "", ""},
		{"26-12", not_month, "", ""},
		{"2026/12", not_month, "", ""},
		{"2026-12-01", not_month, "", ""},
		{"2026-1a", not_month, "", ""},
		{"2026-13", "%s has no month %s", "2026-13", "13"},
		{"2026-00", "%s has no month %s", "2026-00", "00"},
		{"1799-12", "%s is outside the years 1800 to 9999", "1799-12", ""},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_month mo = 4242;
		ds_error err;
		assert_int_equal(core_month_parse(table[i].s, &mo, "since", &err),
		                 DS_EINPUT);
		assert_int_equal(mo, 4242);
		assert_string_equal(err.where, "since");
		assert_string_equal(err.fmt, table[i].fmt);
		assert_string_equal(err.arg[0], table[i].arg0);
		assert_string_equal(err.arg[1], table[i].arg1);
	}
}

/* ---- add_months ---------------------------------------------------------- */

static void test_add_months(void **state)
{
	static const struct {
		const char *from;
		int months;
		const char *want;
	} table[] = {
		{"2024-01-31", 1, "2024-02-29"},
		{"2023-01-31", 1, "2023-02-28"},
		{"1900-01-31", 1, "1900-02-28"},
		{"2000-01-31", 1, "2000-02-29"},
		{"2024-01-31", 2, "2024-03-31"},
		{"2024-01-31", 3, "2024-04-30"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-02-29", 48, "2028-02-29"},
		{"2024-03-31", -1, "2024-02-29"},
		{"2023-03-31", -1, "2023-02-28"},
		{"2024-01-15", -1, "2023-12-15"},
		{"2024-01-31", -2, "2023-11-30"},
		{"2024-05-31", -13, "2023-04-30"},
		{"2025-12-31", 1, "2026-01-31"},
		{"2025-11-30", 3, "2026-02-28"},
		{"2024-06-15", 0, "2024-06-15"},
		{"2024-06-15", 120, "2034-06-15"},
		{"2024-06-15", -120, "2014-06-15"},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_date d, got;
		char buf[11];
		assert_int_equal(core_date_parse(table[i].from, &d, "f", NULL), DS_OK);
		got = core_date_add_months(d, table[i].months);
		core_date_format(got, buf);
		if (strcmp(buf, table[i].want) != 0)
			fail_msg("%s %+d months: %s, want %s", table[i].from,
			         table[i].months, buf, table[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leap),
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test(test_known_day_numbers),
		cmocka_unit_test(test_round_trip_every_day),
		cmocka_unit_test(test_to_ymd_null_outputs),
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_month_message),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_month_basics),
		cmocka_unit_test(test_month_arithmetic),
		cmocka_unit_test(test_month_parse_format),
		cmocka_unit_test(test_month_parse_errors),
		cmocka_unit_test(test_add_months),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
