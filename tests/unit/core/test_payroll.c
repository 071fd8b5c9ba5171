/* test_payroll.c — what a household is owed month by month from its pay
 * facts, and a roll's lines with the corrections of issued months
 * (core/payroll). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/payroll.h"
#include "core/workflow.h"
#include "tests/unit/core/policies.h"

#define M(y, mo) core_month_make(y, mo)
#define D(y, mo, d) core_date_from_ymd(y, mo, d)

static core_payfact set(core_month from, core_date on, int64_t seq,
                        core_fen allowance, core_fen topups, const char *ref)
{
	core_payfact f;
	memset(&f, 0, sizeof(f));
	f.kind = CORE_PAYFACT_SET;
	f.from = from;
	f.on = on;
	f.order = f.seq = seq;
	f.allowance = allowance;
	f.topups = topups;
	snprintf(f.ref, sizeof(f.ref), "%s", ref);
	return f;
}

static core_payfact other(core_payfact_kind k, core_month from, core_date on,
                          int64_t seq, const char *ref)
{
	core_payfact f = set(from, on, seq, 0, 0, ref);
	f.kind = k;
	return f;
}

static core_fen due_in(const core_payfact *f, size_t n, core_month m)
{
	core_due d;
	core_pay_due(f, n, m, INT64_MAX, &d);
	return d.paid ? d.amount : 0;
}

/* A grant from March, a reduction from June, a suspension in August and
 * its end in October, a stop from December. */
static void test_due_month_by_month(void **state)
{
	core_payfact f[5];
	(void)state;
	f[0] = set(M(2026, 3), D(2026, 2, 20), 1, 100000, 5000, "grant");
	f[1] = set(M(2026, 6), D(2026, 5, 20), 2, 60000, 5000, "reduce");
	f[2] = other(CORE_PAYFACT_SUSPEND, M(2026, 8), D(2026, 7, 10), 3, "susp");
	f[3] = other(CORE_PAYFACT_RESUME, M(2026, 10), D(2026, 9, 10), 4, "res");
	f[4] = other(CORE_PAYFACT_STOP, M(2026, 12), D(2026, 11, 30), 5, "stop");
	core_payfacts_sort(f, 5);
	assert_int_equal(due_in(f, 5, M(2026, 2)), 0);
	assert_int_equal(due_in(f, 5, M(2026, 3)), 105000);
	assert_int_equal(due_in(f, 5, M(2026, 5)), 105000);
	assert_int_equal(due_in(f, 5, M(2026, 6)), 65000);
	assert_int_equal(due_in(f, 5, M(2026, 8)), 0);
	assert_int_equal(due_in(f, 5, M(2026, 9)), 0);
	assert_int_equal(due_in(f, 5, M(2026, 10)), 65000);
	assert_int_equal(due_in(f, 5, M(2026, 12)), 0);
	{
		core_due d;
		core_pay_due(f, 5, M(2026, 9), INT64_MAX, &d);
		assert_true(d.suspended);
		assert_string_equal(d.rests_on->ref, "reduce");
	}
}

/* A decision that reached the log late still lands in its month: the
 * order is the month it governs, not the order of arrival. */
static void test_due_order_by_month(void **state)
{
	core_payfact f[2];
	(void)state;
	/* the stop from May arrived after the resume-less grant from July */
	f[0] = set(M(2026, 7), D(2026, 6, 20), 1, 50000, 0, "regrant");
	f[1] = other(CORE_PAYFACT_STOP, M(2026, 5), D(2026, 4, 20), 2, "stop");
	core_payfacts_sort(f, 2);
	assert_int_equal(due_in(f, 2, M(2026, 6)), 0);
	assert_int_equal(due_in(f, 2, M(2026, 7)), 50000);
}

/* A withdrawal: its months k of n at their amounts, nothing after. */
static void test_due_withdrawal(void **state)
{
	core_payfact f[2];
	core_due d;
	(void)state;
	f[0] = set(M(2026, 1), D(2025, 12, 1), 1, 90000, 0, "grant");
	f[1] = other(CORE_PAYFACT_SCHEDULE, M(2026, 4), D(2026, 3, 20), 2, "wd");
	f[1].schedule.months = 3;
	f[1].schedule.previous = 90000;
	f[1].schedule.first = M(2026, 5);
	f[1].schedule.last = M(2026, 7);
	f[1].schedule.payments[0] = 90000;
	f[1].schedule.payments[1] = 60000;
	f[1].schedule.payments[2] = 30000;
	core_payfacts_sort(f, 2);
	/* in force from April, its first month May: April pays A0 */
	core_pay_due(f, 2, M(2026, 4), INT64_MAX, &d);
	assert_int_equal(d.kind, CORE_PAYLINE_REGULAR);
	assert_int_equal(d.amount, 90000);
	assert_string_equal(d.rests_on->ref, "wd");
	core_pay_due(f, 2, M(2026, 6), INT64_MAX, &d);
	assert_int_equal(d.kind, CORE_PAYLINE_WITHDRAWAL);
	assert_int_equal(d.amount, 60000);
	assert_int_equal(d.k, 2);
	assert_int_equal(d.n, 3);
	assert_int_equal(due_in(f, 2, M(2026, 8)), 0);
}

/* Facts logged after upto are not known; an overturn after upto does not
 * void yet. */
static void test_due_upto_and_void(void **state)
{
	core_payfact f[2];
	(void)state;
	f[0] = set(M(2026, 1), D(2025, 12, 1), 1, 80000, 0, "grant");
	f[1] = set(M(2026, 3), D(2026, 2, 20), 5, 40000, 0, "reduce");
	f[1].void_ = true;
	f[1].void_seq = 9;
	f[1].void_on = D(2026, 5, 3);
	snprintf(f[1].void_ref, sizeof(f[1].void_ref), "overturn");
	core_payfacts_sort(f, 2);
	{
		core_due d;
		core_pay_due(f, 2, M(2026, 4), 4, &d);
		assert_int_equal(d.amount, 80000); /* the reduction unknown */
		core_pay_due(f, 2, M(2026, 4), 5, &d);
		assert_int_equal(d.amount, 40000); /* known, not yet overturned */
		core_pay_due(f, 2, M(2026, 4), 9, &d);
		assert_int_equal(d.amount, 80000); /* overturned */
	}
}

/* Issued months are corrected in the first open month: back pay for an
 * overturn made after the month, an adjustment for a decision that
 * arrived late. */
static void test_lines_corrections(void **state)
{
	core_payfact f[3];
	core_pay_paid paid;
	core_payline lines[8];
	core_pay_status stt;
	size_t n;
	(void)state;
	f[0] = set(M(2026, 1), D(2025, 12, 1), 1, 80000, 0, "grant");
	f[1] = set(M(2026, 3), D(2026, 2, 20), 2, 40000, 0, "reduce");
	f[1].void_ = true;
	f[1].void_seq = 20;
	f[1].void_on = D(2026, 5, 3);
	snprintf(f[1].void_ref, sizeof(f[1].void_ref), "overturn");
	/* a stop from July, reaching the log after June was issued */
	f[2] = other(CORE_PAYFACT_STOP, M(2026, 7), D(2026, 6, 2), 21, "stop");
	core_payfacts_sort(f, 3);
	core_pay_paid_init(&paid);
	/* March and April issued when the log ended at 10: 40000 each */
	for (core_month m = M(2026, 3); m <= M(2026, 4); m++) {
		assert_int_equal(core_pay_lines(f, 3, m, 10, &paid, true, lines, 8,
		                                &n, &stt, NULL), DS_OK);
		assert_int_equal(n, 1);
		assert_int_equal(lines[0].amount, 40000);
		assert_int_equal(core_pay_issue(&paid, m, 10, lines, n, NULL), DS_OK);
	}
	/* May, with the overturn known: 80000 and back pay of 40000 for
	 * March and for April */
	assert_int_equal(core_pay_lines(f, 3, M(2026, 5), 20, &paid, true, lines,
	                                8, &n, &stt, NULL), DS_OK);
	assert_int_equal(n, 3);
	assert_int_equal(lines[0].kind, CORE_PAYLINE_REGULAR);
	assert_int_equal(lines[0].amount, 80000);
	assert_string_equal(lines[0].ref, "grant");
	assert_int_equal(lines[1].kind, CORE_PAYLINE_BACK_PAY);
	assert_int_equal(lines[1].month, M(2026, 3));
	assert_int_equal(lines[1].amount, 40000);
	assert_string_equal(lines[1].ref, "overturn");
	assert_int_equal(lines[2].month, M(2026, 4));
	/* issued: nothing more to correct in June */
	assert_int_equal(core_pay_issue(&paid, M(2026, 5), 20, lines, n, NULL), DS_OK);
	assert_int_equal(core_pay_lines(f, 3, M(2026, 6), 20, &paid, true, lines,
	                                8, &n, &stt, NULL), DS_OK);
	assert_int_equal(n, 1);
	/* June issued at 20; the stop from July arrives: July pays nothing */
	assert_int_equal(core_pay_issue(&paid, M(2026, 6), 20, lines, n, NULL), DS_OK);
	assert_int_equal(core_pay_lines(f, 3, M(2026, 7), 21, &paid, true, lines,
	                                8, &n, &stt, NULL), DS_OK);
	assert_int_equal(n, 0);
	assert_true(stt.stopped);
}

/* A stop that arrives after its month was paid: a negative adjustment. */
static void test_lines_late_stop(void **state)
{
	core_payfact f[2];
	core_pay_paid paid;
	core_payline lines[8];
	core_pay_status stt;
	size_t n;
	(void)state;
	f[0] = set(M(2026, 1), D(2025, 12, 1), 1, 50000, 0, "grant");
	f[1] = other(CORE_PAYFACT_STOP, M(2026, 3), D(2026, 3, 2), 30, "stop");
	core_payfacts_sort(f, 2);
	core_pay_paid_init(&paid);
	assert_int_equal(core_pay_lines(f, 2, M(2026, 3), 10, &paid, true, lines,
	                                8, &n, &stt, NULL), DS_OK);
	assert_int_equal(core_pay_issue(&paid, M(2026, 3), 10, lines, n, NULL), DS_OK);
	assert_int_equal(core_pay_lines(f, 2, M(2026, 4), 30, &paid, true, lines,
	                                8, &n, &stt, NULL), DS_OK);
	assert_int_equal(n, 1);
	assert_int_equal(lines[0].kind, CORE_PAYLINE_ADJUSTMENT);
	assert_int_equal(lines[0].month, M(2026, 3));
	assert_int_equal(lines[0].amount, -50000);
	assert_string_equal(lines[0].ref, "stop");
	/* without corrections (a later month's preview) there is none */
	assert_int_equal(core_pay_lines(f, 2, M(2026, 5), 30, &paid, false, lines,
	                                8, &n, &stt, NULL), DS_OK);
	assert_int_equal(n, 0);
}

static void test_issue_in_order(void **state)
{
	core_pay_paid paid;
	ds_error err;
	(void)state;
	core_pay_paid_init(&paid);
	assert_int_equal(core_pay_issue(&paid, M(2026, 3), 1, NULL, 0, &err), DS_OK);
	assert_int_equal(core_pay_issue(&paid, M(2026, 5), 1, NULL, 0, &err), DS_EINPUT);
	assert_string_equal(err.where, "month");
	assert_int_equal(core_pay_issue(&paid, M(2026, 4), 1, NULL, 0, &err), DS_OK);
}

/* The month a step changes payment from: a decision's by its outcome and
 * the policy's payment_starts, a suspension's and resumption's from the
 * day made, a withdrawal's end after its last month or, ended early, as
 * the rule gives. */
static void test_case_pays_from(void **state)
{
	core_policy p;
	core_case in, after;
	core_date d = D(2027, 3, 10);
	(void)state;
	policy_default(&p);
	core_case_init(&in, true);
	after = in;
	p.casework.pay_same_month = false;
	after.outcome = CORE_OUTCOME_GRANT;
	after.pay_from = M(2027, 4);
	after.decided = D(2027, 3, 9);
	assert_int_equal(core_case_pays_from(&in, &after, CORE_ACTION_FINALIZE, &p, d),
	                 M(2027, 4));
	after.outcome = CORE_OUTCOME_STOP;
	after.pay_from = 0;
	assert_int_equal(core_case_pays_from(&in, &after, CORE_ACTION_REFUSE, &p, d),
	                 M(2027, 4));
	p.casework.pay_same_month = true;
	assert_int_equal(core_case_pays_from(&in, &after, CORE_ACTION_REFUSE, &p, d),
	                 M(2027, 3));
	assert_int_equal(core_case_pays_from(&in, &after, CORE_ACTION_SUSPEND, &p, d),
	                 M(2027, 3));
	p.casework.pay_same_month = false;
	assert_int_equal(core_case_pays_from(&in, &after, CORE_ACTION_RESUME, &p, d),
	                 M(2027, 4));
	/* a withdrawal ending with its schedule: the month after its last */
	in.transition_last = M(2027, 2);
	assert_int_equal(core_case_pays_from(&in, &after, CORE_ACTION_END_TRANSITION,
	                                     &p, d), M(2027, 3));
	/* ended early, in its third month of six: from next month */
	in.transition_last = M(2027, 6);
	assert_int_equal(core_case_pays_from(&in, &after, CORE_ACTION_END_TRANSITION,
	                                     &p, d), M(2027, 4));
	assert_int_equal(core_case_pays_from(&in, &after, CORE_ACTION_VISIT, &p, d), 0);
	core_policy_free(&p);
}

/* Two facts of the same month and day are ordered by their clocks, then
 * their names: the same in every store, whatever order its log holds
 * them in. */
static void test_ties_same_everywhere(void **state)
{
	core_payfact a[2], b[2];
	(void)state;
	a[0] = set(M(2027, 3), D(2027, 2, 10), 1, 50000, 0, "dev1:1:9");
	a[0].order = 200;
	a[1] = other(CORE_PAYFACT_SUSPEND, M(2027, 3), D(2027, 2, 10), 2, "dev2:1:4");
	a[1].order = 100;
	b[0] = a[1];
	b[1] = a[0];
	b[0].seq = 1; /* another store's log holds them the other way round */
	b[1].seq = 2;
	core_payfacts_sort(a, 2);
	core_payfacts_sort(b, 2);
	assert_int_equal(due_in(a, 2, M(2027, 3)), due_in(b, 2, M(2027, 3)));
	assert_int_equal(due_in(a, 2, M(2027, 3)), 50000); /* suspended, then set */
}

static void test_ids(void **state)
{
	(void)state;
	assert_int_equal(core_payline_lookup("back_pay"), CORE_PAYLINE_BACK_PAY);
	assert_int_equal(core_payline_lookup("nonsense"), -1);
	assert_string_equal(core_payline_id(CORE_PAYLINE_WITHDRAWAL), "withdrawal");
}

/* One-off payments: one kind per cause, never owed for a month, and each
 * on exactly one roll. */
static void test_oneoff_kinds(void **state)
{
	(void)state;
	for (int c = 0; c < CORE_RELIEF_CAUSE_COUNT; c++) {
		core_payline_kind k = core_payline_of_relief((core_relief_cause)c);
		char want[64];
		assert_true(core_payline_oneoff(k));
		snprintf(want, sizeof(want), "relief_%s",
		         core_relief_cause_id((core_relief_cause)c));
		assert_string_equal(core_payline_id(k), want);
		assert_int_equal(core_payline_lookup(want), k);
	}
	assert_false(core_payline_oneoff(CORE_PAYLINE_REGULAR));
	assert_false(core_payline_oneoff(CORE_PAYLINE_ADJUSTMENT));
}

static void test_oneoff_not_owed(void **state)
{
	core_pay_paid *paid = malloc(sizeof(*paid));
	core_payline lines[2];
	ds_error err = {0};
	(void)state;
	assert_non_null(paid);
	memset(lines, 0, sizeof(lines));
	lines[0].kind = CORE_PAYLINE_REGULAR;
	lines[0].month = M(2027, 3);
	lines[0].amount = 50000;
	lines[1].kind = core_payline_of_relief(CORE_RELIEF_CAUSE_DISASTER);
	lines[1].month = M(2027, 3);
	lines[1].amount = 200000;
	core_pay_paid_init(paid);
	assert_int_equal(core_pay_issue(paid, M(2027, 3), 10, lines, 2, &err), DS_OK);
	/* what the month paid as owed is the allowance alone: the relief
	 * makes no adjustment next month */
	assert_int_equal(paid->paid[0], 50000);
	free(paid);
}

static int pick1(const core_pay_issued *iss, size_t n, core_month m, int64_t seq,
                 core_month *roll, bool *issued)
{
	core_oneoff c = {m, seq, 0};
	return core_pay_oneoff_pick(iss, n, &c, 1, INT64_MAX, roll, issued);
}

static void test_oneoff_month(void **state)
{
	core_pay_issued iss[3] = {
	        {M(2027, 1), 100, false}, /* issued before one-offs existed */
	        {M(2027, 2), 200, true},
	        {M(2027, 3), 300, true},
	};
	core_month roll;
	bool issued;
	(void)state;
	/* none issued: its own month */
	assert_int_equal(pick1(iss, 0, M(2027, 5), 7, &roll, &issued), 0);
	assert_int_equal(roll, M(2027, 5));
	assert_false(issued);
	/* a roll that never carries one-offs does not take it: the next one
	 * that does, made after it */
	pick1(iss, 3, M(2027, 1), 50, &roll, &issued);
	assert_int_equal(roll, M(2027, 2));
	assert_true(issued);
	/* made after February's roll was issued: March's */
	pick1(iss, 3, M(2027, 2), 201, &roll, &issued);
	assert_int_equal(roll, M(2027, 3));
	assert_true(issued);
	/* at the edge: the roll made when the log ended at its seq has it */
	pick1(iss, 3, M(2027, 3), 300, &roll, &issued);
	assert_int_equal(roll, M(2027, 3));
	assert_true(issued);
	/* after every issued roll: the first open month, April */
	pick1(iss, 3, M(2027, 2), 301, &roll, &issued);
	assert_int_equal(roll, M(2027, 4));
	assert_false(issued);
	/* a month not yet reached: its own */
	pick1(iss, 3, M(2027, 6), 301, &roll, &issued);
	assert_int_equal(roll, M(2027, 6));
	assert_false(issued);
	/* a month after a roll issued early never goes back on it */
	pick1(iss, 3, M(2027, 4), 150, &roll, &issued);
	assert_int_equal(roll, M(2027, 4));
	assert_false(issued);
}

/* Two approvals of one case made at the same time on two laptops: paid
 * once — the one not set aside, or the one an issued roll paid already. */
static void test_oneoff_concurrent(void **state)
{
	core_pay_issued iss[1] = {{M(2027, 2), 200, true}};
	core_oneoff c[2] = {
	        {M(2027, 2), 150, 0},
	        {M(2027, 2), 250, 0},
	};
	core_month roll;
	bool issued;
	(void)state;
	/* neither set aside: the first, on February's roll */
	assert_int_equal(core_pay_oneoff_pick(iss, 1, c, 2, INT64_MAX, &roll, &issued), 0);
	assert_int_equal(roll, M(2027, 2));
	assert_true(issued);
	/* the first set aside by the second after February was issued: it
	 * stays paid there, and the second is not paid again */
	c[0].void_seq = 250;
	assert_int_equal(core_pay_oneoff_pick(iss, 1, c, 2, INT64_MAX, &roll, &issued), 0);
	assert_int_equal(roll, M(2027, 2));
	/* ... and February made again as it stood pays the first */
	assert_int_equal(core_pay_oneoff_pick(iss, 1, c, 2, 200, &roll, &issued), 0);
	/* set aside before February was issued: not paid; the second, made
	 * after it, goes on March's roll */
	c[0].void_seq = 180;
	c[1].seq = 170;
	c[1].month = M(2027, 2);
	assert_int_equal(core_pay_oneoff_pick(iss, 1, c, 2, INT64_MAX, &roll, &issued), 1);
	assert_int_equal(roll, M(2027, 2));
	assert_true(issued);
	/* nothing issued: the one standing, on its month's roll */
	c[1].seq = 250;
	assert_int_equal(core_pay_oneoff_pick(iss, 0, c, 2, INT64_MAX, &roll, &issued), 1);
	assert_false(issued);
	/* both set aside (a refusal stands): nothing paid */
	c[1].void_seq = 260;
	assert_int_equal(core_pay_oneoff_pick(iss, 0, c, 2, INT64_MAX, &roll, &issued), -1);
	/* ... but as the log stood before the refusal arrived, the second */
	assert_int_equal(core_pay_oneoff_pick(iss, 0, c, 2, 255, &roll, &issued), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_due_month_by_month),
	        cmocka_unit_test(test_due_order_by_month),
	        cmocka_unit_test(test_due_withdrawal),
	        cmocka_unit_test(test_due_upto_and_void),
	        cmocka_unit_test(test_lines_corrections),
	        cmocka_unit_test(test_lines_late_stop),
	        cmocka_unit_test(test_issue_in_order),
	        cmocka_unit_test(test_case_pays_from),
	        cmocka_unit_test(test_ties_same_everywhere),
	        cmocka_unit_test(test_ids),
	        cmocka_unit_test(test_oneoff_kinds),
	        cmocka_unit_test(test_oneoff_not_owed),
	        cmocka_unit_test(test_oneoff_month),
	        cmocka_unit_test(test_oneoff_concurrent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
