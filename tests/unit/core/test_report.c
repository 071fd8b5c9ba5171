/* test_report.c — the county reports' rules (core/report): which states a
 * month's outlay counts, "within N days" at its edge, and the --days a
 * report accepts (whole days from 0 to 3660, the field named otherwise). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/report.h"

#define D(y, m, d) core_date_from_ymd((y), (m), (d))

static void paid_states(void **state)
{
	(void)state;
	for (int s = 0; s < CORE_STATE_COUNT; s++)
		assert_int_equal(core_report_paid((core_state)s),
		                 s == CORE_STATE_RECEIVING || s == CORE_STATE_IN_TRANSITION);
}

static void within_edge(void **state)
{
	core_date today = D(2026, 11, 27);
	(void)state;
	assert_true(core_report_within(D(2026, 11, 30), today, 3));
	assert_false(core_report_within(D(2026, 11, 30), today, 2));
	assert_true(core_report_within(today, today, 0));
	assert_true(core_report_within(D(2026, 8, 1), today, 0)); /* overdue */
	assert_false(core_report_within(D(2026, 12, 28), today, 30));
	assert_true(core_report_within(D(2026, 12, 27), today, 30));
	assert_true(core_report_within(D(2036, 11, 1), today, CORE_REPORT_DAYS_MAX));
}

static void days_text(void **state)
{
	static const char *const bad[] = {"", "x", "-1", "3661", "12a", " 5", "100000", "1.5"};
	ds_error err;
	int d = -7;
	(void)state;
	assert_int_equal(core_report_days("30", "days", &d, &err), DS_OK);
	assert_int_equal(d, 30);
	assert_int_equal(core_report_days("0", "days", &d, &err), DS_OK);
	assert_int_equal(d, 0);
	assert_int_equal(core_report_days("3660", "days", &d, &err), DS_OK);
	assert_int_equal(d, 3660);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		d = -7;
		memset(&err, 0, sizeof(err));
		assert_int_equal(core_report_days(bad[i], "days", &d, &err), DS_EINPUT);
		assert_string_equal(err.where, "days");
		assert_int_equal(d, -7);
	}
	assert_int_equal(core_report_days(NULL, "days", &d, &err), DS_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paid_states),
		cmocka_unit_test(within_edge),
		cmocka_unit_test(days_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
