/* test_office.c — the office roles and the one table of what each may see
 * and do (core/office): roles and rights by name and back; officers see
 * the caseload and may not issue, manage laptops, users or policy;
 * approvers issue; the admin may do everything; anything out of range is
 * refused; the lockout's delay: none for two failures, then doubling,
 * capped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/office.h"

static void names(void **state)
{
	(void)state;
	assert_int_equal(core_office_role_lookup("officer"), CORE_OFFICE_OFFICER);
	assert_int_equal(core_office_role_lookup("approver"), CORE_OFFICE_APPROVER);
	assert_int_equal(core_office_role_lookup("admin"), CORE_OFFICE_ADMIN);
	assert_int_equal(core_office_role_lookup("Admin"), -1);
	assert_int_equal(core_office_role_lookup("assistant"), -1);
	assert_int_equal(core_office_role_lookup(NULL), -1);
	for (int r = 0; r < CORE_OFFICE_ROLE_COUNT; r++)
		assert_int_equal(core_office_role_lookup(core_office_role_id((core_office_role)r)), r);
	for (int r = 0; r < CORE_OFFICE_RIGHT_COUNT; r++)
		assert_int_equal(core_office_right_lookup(core_office_right_id((core_office_right)r)), r);
	assert_int_equal(core_office_right_lookup("household"), CORE_OFFICE_RIGHT_HOUSEHOLD);
	assert_int_equal(core_office_right_lookup("nothing"), -1);
	assert_string_equal(core_office_role_id((core_office_role)99), "?");
	assert_string_equal(core_office_role_words(CORE_OFFICE_ADMIN), "administrator");
}

static void table(void **state)
{
	(void)state;
	/* everyone sees the caseload */
	for (int r = 0; r < CORE_OFFICE_ROLE_COUNT; r++) {
		assert_true(core_office_may(r, CORE_OFFICE_RIGHT_DASHBOARD));
		assert_true(core_office_may(r, CORE_OFFICE_RIGHT_HOUSEHOLD));
		assert_true(core_office_may(r, CORE_OFFICE_RIGHT_HOUSEHOLDS));
		assert_true(core_office_may(r, CORE_OFFICE_RIGHT_ROLL));
	}
	/* the officer only looks */
	assert_false(core_office_may(CORE_OFFICE_OFFICER, CORE_OFFICE_RIGHT_ROLL_ISSUE));
	assert_false(core_office_may(CORE_OFFICE_OFFICER, CORE_OFFICE_RIGHT_USERS));
	assert_false(core_office_may(CORE_OFFICE_OFFICER, CORE_OFFICE_RIGHT_LAPTOPS));
	assert_false(core_office_may(CORE_OFFICE_OFFICER, CORE_OFFICE_RIGHT_AUDIT));
	assert_false(core_office_may(CORE_OFFICE_OFFICER, CORE_OFFICE_RIGHT_POLICY_IMPORT));
	/* a household's address and payee: not for the officer */
	assert_false(core_office_may(CORE_OFFICE_OFFICER, CORE_OFFICE_RIGHT_HOUSEHOLD_CONTACT));
	assert_true(core_office_may(CORE_OFFICE_APPROVER, CORE_OFFICE_RIGHT_HOUSEHOLD_CONTACT));
	/* the approver issues, but does not manage */
	assert_true(core_office_may(CORE_OFFICE_APPROVER, CORE_OFFICE_RIGHT_ROLL_ISSUE));
	assert_false(core_office_may(CORE_OFFICE_APPROVER, CORE_OFFICE_RIGHT_USERS));
	assert_false(core_office_may(CORE_OFFICE_APPROVER, CORE_OFFICE_RIGHT_USER_ADD));
	assert_false(core_office_may(CORE_OFFICE_APPROVER, CORE_OFFICE_RIGHT_LAPTOP_REVOKE));
	/* the admin may do everything, and each role at least what the one
	 * below it may */
	for (int k = 0; k < CORE_OFFICE_RIGHT_COUNT; k++) {
		assert_true(core_office_may(CORE_OFFICE_ADMIN, k));
		if (core_office_may(CORE_OFFICE_OFFICER, k))
			assert_true(core_office_may(CORE_OFFICE_APPROVER, k));
	}
	/* out of range: no */
	assert_false(core_office_may(-1, CORE_OFFICE_RIGHT_DASHBOARD));
	assert_false(core_office_may(CORE_OFFICE_ROLE_COUNT, CORE_OFFICE_RIGHT_DASHBOARD));
	assert_false(core_office_may(CORE_OFFICE_ADMIN, -1));
	assert_false(core_office_may(CORE_OFFICE_ADMIN, CORE_OFFICE_RIGHT_COUNT));
}

static void lockout(void **state)
{
	(void)state;
	assert_int_equal(core_office_lockout_seconds(0), 0);
	assert_int_equal(core_office_lockout_seconds(1), 0);
	assert_int_equal(core_office_lockout_seconds(2), 0);
	assert_int_equal(core_office_lockout_seconds(3), 1);
	assert_int_equal(core_office_lockout_seconds(4), 2);
	assert_int_equal(core_office_lockout_seconds(5), 4);
	assert_int_equal(core_office_lockout_seconds(12), 512);
	assert_int_equal(core_office_lockout_seconds(13), CORE_OFFICE_LOCKOUT_MAX);
	assert_int_equal(core_office_lockout_seconds(4000000000u), CORE_OFFICE_LOCKOUT_MAX);
	for (unsigned f = 1; f < 40; f++)
		assert_true(core_office_lockout_seconds(f + 1) >= core_office_lockout_seconds(f));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names),
		cmocka_unit_test(table),
		cmocka_unit_test(lockout),
	};
	return cmocka_run_group_tests_name("core_office", tests, NULL, NULL);
}
