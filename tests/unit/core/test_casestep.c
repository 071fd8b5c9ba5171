/* test_casestep.c — the whole case step (core_case_act), without a store:
 * every state × action × role agrees with the transition table and changes
 * no date but the ones the step owns; then the dates a decision is given
 * (the notice's last day, the month payment starts), its letter's
 * delivery, appeals in and out of time, the referral after a withdrawal,
 * and the allowance each step leaves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/workflow.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define ST(s) CORE_STATE_##s
#define AC(a) CORE_ACTION_##a
#define RO(r) CORE_ROLE_##r

#define ME "zhang"

static core_date day(int y, int m, int d)
{
	return core_date_from_ymd(y, m, d);
}

static void policy(core_policy *p, bool same_month)
{
	core_policy_init(p);
	p->casework.notice_days = 7;
	p->casework.appeal_days = 30;
	p->casework.filing_days = 60;
	p->casework.pay_same_month = same_month;
}

/* A case a decision was made on: proposed by li, approved by chen. */
static void decided_case(core_case *c, core_state s, core_date decided)
{
	core_case_init(c, false);
	c->state = s;
	c->before = ST(INVESTIGATING);
	strcpy(c->submitted_by, "li");
	strcpy(c->decision_proposer, "li");
	strcpy(c->decision_approver, "chen");
	c->decided = decided;
	c->outcome = CORE_OUTCOME_REFUSE;
	c->appealable = true;
}

/* Arguments that satisfy every step that needs some. */
static void full_args(core_step_args *a, core_date today)
{
	core_step_args_init(a);
	a->reason = "the reason given";
	a->late_reason = "the letter was not understood";
	a->on = today;
	a->method = CORE_DELIVERY_IN_PERSON;
	a->to = "wu";
	a->to_role = RO(REVIEWER);
	a->has_proposal = true;
	a->eligible = true;
	a->payment = 80000;
}

static void expect_error(ds_status st, const ds_error *err, ds_status want,
                         const char *where)
{
	if (st != want)
		fail_msg("status %d, want %d (%s: %s)", (int)st, (int)want,
		         err->where, err->fmt ? err->fmt : "");
	assert_string_equal(err->where, where);
}

/* ---- every state × action × role -------------------------------------------- */

static void test_every_combination(void **state)
{
	core_policy p;
	int allowed = 0, refused = 0;
	(void)state;
	policy(&p, false);
	for (int s = 0; s < CORE_STATE_COUNT; s++)
		for (int a = 0; a < CORE_ACTION_COUNT; a++)
			for (int r = 0; r < CORE_ROLE_COUNT; r++)
				for (int open = 0; open < 2; open++) {
					core_case in, out;
					core_step_args args;
					core_effects fx;
					core_step_result step;
					core_date today = day(2027, 6, 20);
					ds_error err;
					ds_status st;
					decided_case(&in, (core_state)s, day(2027, 6, 9));
					in.visited = in.assessed = true;
					in.notice_ends = day(2027, 6, 9);
					in.appeal_open = open;
					in.before = ST(RECEIVING);
					in.previous_allowance = 50000;
					full_args(&args, today);
					memset(&err, 0, sizeof(err));
					st = core_case_act(&in, (core_action)a, &args, ME,
					                   (core_role)r, today, &p, &out, &fx,
					                   &err);
					step = core_case_step(&in, (core_action)a, ME,
					                      (core_role)r, today,
					                      in.state);
					if (step.refusal) {
						/* refused as the table refuses it */
						assert_int_not_equal(st, DS_OK);
						refused++;
						continue;
					}
					if (st)
						fail_msg("%s %s by %s: %s: %s",
						         core_state_id((core_state)s),
						         core_action_id((core_action)a),
						         core_role_id((core_role)r), err.where,
						         err.fmt);
					allowed++;
					/* dates: only the ones the step owns, and
					 * never a day other than the notice's end,
					 * today or the one given */
					if (out.decided != in.decided)
						assert_true(out.decided == in.notice_ends ||
						            out.decided == today);
					if (out.delivered != in.delivered)
						assert_int_equal(out.delivered, args.on);
					if (out.notice_ends != in.notice_ends)
						assert_int_equal(out.notice_ends, today + 7);
					if (out.appeal_received != in.appeal_received)
						assert_int_equal(out.appeal_deadline,
						                 out.appeal_received + 30);
					if (a != AC(REFUSE) && a != AC(FINALIZE) &&
					    a != AC(END_TRANSITION) &&
					    a != AC(APPEAL_DECIDE))
						assert_int_equal(fx.pay, CORE_PAY_KEEP);
				}
	print_message("%d allowed, %d refused\n", allowed, refused);
	assert_true(allowed > 50);
	assert_true(refused > 300);
}

/* The province is sent each step's appeal dates, not the case's flag:
 * core_appeal_open_after tells the flag from the step and the dates after
 * it, and must agree with core_case_act for every step allowed, with no
 * appeal, one open and one decided. */
static void test_appeal_open_told_from_the_step(void **state)
{
	core_policy p;
	int allowed = 0;
	(void)state;
	policy(&p, false);
	for (int s = 0; s < CORE_STATE_COUNT; s++)
		for (int a = 0; a < CORE_ACTION_COUNT; a++)
			for (int r = 0; r < CORE_ROLE_COUNT; r++)
				for (int appeal = 0; appeal < 3; appeal++) {
					core_case in, out;
					core_step_args args;
					core_effects fx;
					core_date today = day(2027, 6, 20);
					ds_error err;
					int told;
					decided_case(&in, (core_state)s, day(2027, 6, 9));
					in.visited = in.assessed = true;
					in.notice_ends = day(2027, 6, 9);
					in.before = ST(RECEIVING);
					in.previous_allowance = 50000;
					if (appeal) { /* 1: open, 2: decided */
						in.appeal_open = appeal == 1;
						in.appeal_received = day(2027, 6, 12);
						in.appeal_deadline = day(2027, 7, 12);
					}
					full_args(&args, today);
					memset(&err, 0, sizeof(err));
					if (core_case_act(&in, (core_action)a, &args, ME, (core_role)r,
					                  today, &p, &out, &fx, &err))
						continue;
					allowed++;
					told = core_appeal_open_after((core_action)a,
					                              out.appeal_received >= 0);
					if ((told < 0 ? in.appeal_open : told == 1) != out.appeal_open)
						fail_msg("%s %s with appeal %d: told %d, the case says %d",
						         core_state_id((core_state)s),
						         core_action_id((core_action)a), appeal, told,
						         (int)out.appeal_open);
				}
	assert_true(allowed > 50);
}

/* ---- true dates --------------------------------------------------------------- */

/* Approved on D with a 7-day notice, finalized whenever the program next
 * runs: in effect on D + 7, paid from the month the policy says. */
static void test_decision_dated_by_notice(void **state)
{
	static const struct {
		bool same_month;
		int run_after; /* days after the notice's end */
		int pay_y, pay_m;
	} table[] = {
		{false, 1, 2027, 7},  /* the month after 2027-06-09 */
		{false, 41, 2027, 7}, /* run 2027-07-20: still dated 06-09 */
		{true, 41, 2027, 6},  /* the same month, when the policy says */
		{true, 400, 2027, 6},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_policy p;
		core_case c, after, done;
		core_step_args args;
		core_effects fx;
		ds_error err;
		core_date d = day(2027, 6, 2);
		policy(&p, table[i].same_month);
		core_case_init(&c, false);
		c.state = ST(SUBMITTED);
		c.before = ST(INVESTIGATING);
		c.outcome = CORE_OUTCOME_GRANT;
		strcpy(c.submitted_by, "li");
		full_args(&args, d);
		assert_int_equal(core_case_act(&c, AC(APPROVE), &args, ME,
		                               RO(SUPERVISOR), d, &p, &after, &fx,
		                               &err),
		                 DS_OK);
		assert_int_equal(after.state, ST(NOTICE));
		assert_int_equal(after.notice_ends, day(2027, 6, 9));
		assert_int_equal(fx.pay, CORE_PAY_KEEP);
		assert_int_equal(core_case_act(&after, AC(FINALIZE), &args, NULL,
		                               RO(ASSISTANT),
		                               after.notice_ends + table[i].run_after,
		                               &p, &done, &fx, &err),
		                 DS_OK);
		assert_int_equal(done.state, ST(RECEIVING));
		assert_int_equal(done.decided, day(2027, 6, 9));
		assert_int_equal(done.pay_from,
		                 core_month_make(table[i].pay_y, table[i].pay_m));
		assert_int_equal(fx.pay, CORE_PAY_SET);
		assert_int_equal(fx.allowance, 80000);
		assert_int_equal(fx.since, done.pay_from);
		assert_int_equal(done.delivered, -1);
		assert_false(done.appealable);
		/* an appeal received on 2027-08-01 is after the decision */
		done.appealable = true;
		args.received = day(2027, 8, 1);
		assert_int_equal(core_case_act(&done, AC(APPEAL_FILE), &args, ME,
		                               RO(ASSISTANT), day(2027, 8, 2), &p,
		                               &after, &fx, &err),
		                 DS_OK);
		assert_false(after.appeal_late); /* the letter was never delivered */
	}
}

/* A smaller allowance for a household already receiving: paid from the
 * month it began, appealable, the old amount kept for an overturn. */
static void test_reduction(void **state)
{
	core_policy p;
	core_case c, done, back;
	core_step_args args;
	core_effects fx;
	ds_error err;
	(void)state;
	policy(&p, false);
	core_case_init(&c, true);
	c.state = ST(NOTICE);
	c.before = ST(RECEIVING);
	c.outcome = CORE_OUTCOME_GRANT;
	c.notice_ends = day(2027, 3, 10);
	strcpy(c.submitted_by, "li");
	strcpy(c.decision_proposer, "li");
	strcpy(c.decision_approver, "chen");
	full_args(&args, day(2027, 3, 11));
	args.payment = 36500;
	args.receiving = true;
	args.allowance = 119500;
	args.since = core_month_make(2024, 1);
	assert_int_equal(core_case_act(&c, AC(FINALIZE), &args, NULL, RO(REVIEWER),
	                               day(2027, 3, 11), &p, &done, &fx, &err),
	                 DS_OK);
	assert_true(done.appealable);
	assert_int_equal(done.previous_allowance, 119500);
	assert_int_equal(fx.allowance, 36500);
	assert_int_equal(fx.since, core_month_make(2024, 1));
	assert_int_equal(done.pay_from, core_month_make(2027, 4));
	/* an appeal, assigned, overturned: the old allowance back */
	full_args(&args, day(2027, 3, 20));
	assert_int_equal(core_case_act(&done, AC(APPEAL_FILE), &args, ME,
	                               RO(ASSISTANT), day(2027, 3, 20), &p, &back,
	                               &fx, &err),
	                 DS_OK);
	done = back;
	args.to = "wu";
	assert_int_equal(core_case_act(&done, AC(APPEAL_ASSIGN), &args, "chen",
	                               RO(SUPERVISOR), day(2027, 3, 21), &p, &back,
	                               &fx, &err),
	                 DS_OK);
	done = back;
	args.overturn = true;
	args.restore = ST(RECEIVING);
	assert_int_equal(core_case_act(&done, AC(APPEAL_DECIDE), &args, "wu",
	                               RO(REVIEWER), day(2027, 4, 1), &p, &back,
	                               &fx, &err),
	                 DS_OK);
	assert_int_equal(back.state, ST(RECEIVING));
	assert_int_equal(fx.pay, CORE_PAY_SET);
	assert_int_equal(fx.allowance, 119500);
	assert_int_equal(fx.since, core_month_make(2024, 1));
}

/* A refusal is decided at once, dated the day refused; a stop for a
 * household that was receiving. */
static void test_refusal_dated_today(void **state)
{
	core_policy p;
	core_case c, done;
	core_step_args args;
	core_effects fx;
	ds_error err;
	(void)state;
	policy(&p, false);
	for (int receiving = 0; receiving < 2; receiving++) {
		core_case_init(&c, receiving);
		c.state = ST(SUBMITTED);
		c.before = receiving ? ST(RECEIVING) : ST(INVESTIGATING);
		strcpy(c.submitted_by, "li");
		full_args(&args, day(2027, 5, 5));
		args.reason = "";
		expect_error(core_case_act(&c, AC(REFUSE), &args, ME, RO(SUPERVISOR),
		                           day(2027, 5, 5), &p, &done, &fx, &err),
		             &err, DS_EUSAGE, "reason");
		args.reason = "assets above the limit";
		assert_int_equal(core_case_act(&c, AC(REFUSE), &args, ME,
		                               RO(SUPERVISOR), day(2027, 5, 5), &p,
		                               &done, &fx, &err),
		                 DS_OK);
		assert_int_equal(done.decided, day(2027, 5, 5));
		assert_int_equal(done.outcome, receiving ? CORE_OUTCOME_STOP
		                                         : CORE_OUTCOME_REFUSE);
		assert_int_equal(done.state, receiving ? ST(EXITED) : ST(REFUSED));
		assert_string_equal(done.decision_reason, "assets above the limit");
		assert_string_equal(done.decision_approver, ME);
		assert_string_equal(done.decision_proposer, "li");
		assert_true(done.appealable);
		assert_int_equal(fx.pay, CORE_PAY_STOP);
		assert_int_equal(done.pay_from, 0);
	}
}

/* ---- delivery and appeals --------------------------------------------------------- */

static void test_delivery(void **state)
{
	core_policy p;
	core_case c, done, again;
	core_step_args args;
	core_effects fx;
	ds_error err;
	core_date today = day(2027, 6, 20);
	(void)state;
	policy(&p, false);
	decided_case(&c, ST(REFUSED), day(2027, 6, 9));
	full_args(&args, today);
	args.on = today + 1;
	expect_error(core_case_act(&c, AC(DELIVER), &args, ME, RO(ASSISTANT), today,
	                           &p, &done, &fx, &err),
	             &err, DS_EINPUT, "on");
	args.on = day(2027, 6, 8);
	expect_error(core_case_act(&c, AC(DELIVER), &args, ME, RO(ASSISTANT), today,
	                           &p, &done, &fx, &err),
	             &err, DS_EINPUT, "on");
	args.on = -1;
	expect_error(core_case_act(&c, AC(DELIVER), &args, ME, RO(ASSISTANT), today,
	                           &p, &done, &fx, &err),
	             &err, DS_EUSAGE, "on");
	args.on = day(2027, 6, 12);
	args.method = 99;
	expect_error(core_case_act(&c, AC(DELIVER), &args, ME, RO(ASSISTANT), today,
	                           &p, &done, &fx, &err),
	             &err, DS_EUSAGE, "method");
	args.method = CORE_DELIVERY_POST;
	expect_error(core_case_act(&c, AC(DELIVER), &args, ME, RO(REVIEWER), today,
	                           &p, &done, &fx, &err),
	             &err, DS_EPERM, "deliver");
	assert_int_equal(core_case_act(&c, AC(DELIVER), &args, ME, RO(ASSISTANT),
	                               today, &p, &done, &fx, &err),
	                 DS_OK);
	assert_int_equal(done.delivered, day(2027, 6, 12));
	assert_string_equal(done.delivery_method, "post");
	assert_int_equal(done.state, ST(REFUSED));
	assert_int_equal(fx.pay, CORE_PAY_KEEP);
	assert_int_equal(core_appeal_filing_ends(&done, &p), day(2027, 8, 11));
	/* once */
	expect_error(core_case_act(&done, AC(DELIVER), &args, ME, RO(ASSISTANT),
	                           today, &p, &again, &fx, &err),
	             &err, DS_EINPUT, "deliver");
	/* before any decision */
	core_case_init(&c, false);
	expect_error(core_case_act(&c, AC(DELIVER), &args, ME, RO(ASSISTANT), today,
	                           &p, &done, &fx, &err),
	             &err, DS_EINPUT, "deliver");
	for (int m = 0; m < CORE_DELIVERY_COUNT; m++)
		assert_int_equal(core_delivery_lookup(core_delivery_id((core_delivery)m)), m);
	assert_int_equal(core_delivery_lookup("fax"), -1);
}

/* Delivered 2027-06-12, 60 days to appeal: in time to 2027-08-11; the
 * day after it needs the recorded reason, and is marked. */
static void test_late_appeal(void **state)
{
	core_policy p;
	core_case c, done;
	core_step_args args;
	core_effects fx;
	ds_error err;
	(void)state;
	policy(&p, false);
	decided_case(&c, ST(REFUSED), day(2027, 6, 9));
	c.delivered = day(2027, 6, 12);
	strcpy(c.delivery_method, "in_person");
	full_args(&args, day(2027, 9, 1));
	args.late_reason = NULL;

	args.received = day(2027, 8, 11);
	assert_int_equal(core_case_act(&c, AC(APPEAL_FILE), &args, ME,
	                               RO(ASSISTANT), day(2027, 9, 1), &p, &done,
	                               &fx, &err),
	                 DS_OK);
	assert_false(done.appeal_late);
	assert_int_equal(done.appeal_received, day(2027, 8, 11));
	assert_int_equal(done.appeal_deadline, day(2027, 9, 10));

	args.received = day(2027, 8, 12);
	expect_error(core_case_act(&c, AC(APPEAL_FILE), &args, ME, RO(ASSISTANT),
	                           day(2027, 9, 1), &p, &done, &fx, &err),
	             &err, DS_EINPUT, "late_reason");
	args.late_reason = "";
	expect_error(core_case_act(&c, AC(APPEAL_FILE), &args, ME, RO(ASSISTANT),
	                           day(2027, 9, 1), &p, &done, &fx, &err),
	             &err, DS_EINPUT, "late_reason");
	args.late_reason = "in hospital from July to August";
	assert_int_equal(core_case_act(&c, AC(APPEAL_FILE), &args, ME,
	                               RO(ASSISTANT), day(2027, 9, 1), &p, &done,
	                               &fx, &err),
	                 DS_OK);
	assert_true(done.appeal_late);
	assert_string_equal(done.appeal_late_reason,
	                    "in hospital from July to August");
	assert_true(done.appeal_open);

	/* before the decision, or in the future */
	args.received = day(2027, 6, 8);
	expect_error(core_case_act(&c, AC(APPEAL_FILE), &args, ME, RO(ASSISTANT),
	                           day(2027, 9, 1), &p, &done, &fx, &err),
	             &err, DS_EINPUT, "received");
	args.received = day(2027, 9, 2);
	expect_error(core_case_act(&c, AC(APPEAL_FILE), &args, ME, RO(ASSISTANT),
	                           day(2027, 9, 1), &p, &done, &fx, &err),
	             &err, DS_EINPUT, "received");
}

/* Review findings: with no delivery recorded the time counts from the
 * decision (the earliest the letter can have come), so a late appeal
 * cannot pass unmarked; a delivery cannot be recorded after the day an
 * appeal of the decision was received; an overturn cannot restore a
 * withdrawal that the decision appealed did not set. */
static void test_review_findings(void **state)
{
	core_policy p;
	core_case c, done, again;
	core_step_args args;
	core_effects fx;
	ds_error err;
	(void)state;
	policy(&p, false);
	decided_case(&c, ST(REFUSED), day(2027, 6, 9));
	assert_int_equal(core_appeal_filing_ends(&c, &p), day(2027, 8, 8));
	full_args(&args, day(2027, 9, 1));
	args.late_reason = NULL;
	args.received = day(2027, 8, 8);
	assert_int_equal(core_case_act(&c, AC(APPEAL_FILE), &args, ME,
	                               RO(ASSISTANT), day(2027, 9, 1), &p, &done,
	                               &fx, &err),
	                 DS_OK);
	assert_false(done.appeal_late);
	args.received = day(2027, 8, 9);
	expect_error(core_case_act(&c, AC(APPEAL_FILE), &args, ME, RO(ASSISTANT),
	                           day(2027, 9, 1), &p, &done, &fx, &err),
	             &err, DS_EINPUT, "late_reason");
	args.late_reason = "the letter came in August";
	assert_int_equal(core_case_act(&c, AC(APPEAL_FILE), &args, ME,
	                               RO(ASSISTANT), day(2027, 9, 1), &p, &done,
	                               &fx, &err),
	                 DS_OK);
	assert_true(done.appeal_late);
	/* then the delivery: not after the appeal came */
	args.method = CORE_DELIVERY_POST;
	args.on = day(2027, 8, 10);
	expect_error(core_case_act(&done, AC(DELIVER), &args, ME, RO(ASSISTANT),
	                           day(2027, 9, 1), &p, &again, &fx, &err),
	             &err, DS_EINPUT, "on");
	args.on = day(2027, 8, 1);
	assert_int_equal(core_case_act(&done, AC(DELIVER), &args, ME,
	                               RO(ASSISTANT), day(2027, 9, 1), &p, &again,
	                               &fx, &err),
	                 DS_OK);
	assert_true(again.appeal_late); /* marked as it was received */
	/* a stop overturned: no schedule to go back to */
	decided_case(&c, ST(EXITED), day(2027, 6, 9));
	c.outcome = CORE_OUTCOME_STOP;
	c.previous_allowance = 50000;
	c.appeal_open = true;
	strcpy(c.appeal_reviewer, "wu");
	full_args(&args, day(2027, 7, 1));
	args.overturn = true;
	args.restore = ST(IN_TRANSITION);
	expect_error(core_case_act(&c, AC(APPEAL_DECIDE), &args, "wu",
	                           RO(REVIEWER), day(2027, 7, 1), &p, &done, &fx,
	                           &err),
	             &err, DS_EINPUT, "restore");
	args.restore = ST(RECEIVING);
	assert_int_equal(core_case_act(&c, AC(APPEAL_DECIDE), &args, "wu",
	                               RO(REVIEWER), day(2027, 7, 1), &p, &done,
	                               &fx, &err),
	                 DS_OK);
	assert_int_equal(fx.allowance, 50000);
}

static void test_assign_checks(void **state)
{
	core_policy p;
	core_case c, done;
	core_step_args args;
	core_effects fx;
	ds_error err;
	core_date today = day(2027, 7, 1);
	(void)state;
	policy(&p, false);
	decided_case(&c, ST(REFUSED), day(2027, 6, 9));
	c.appeal_open = true;
	full_args(&args, today);
	args.to = "";
	expect_error(core_case_act(&c, AC(APPEAL_ASSIGN), &args, ME, RO(SUPERVISOR),
	                           today, &p, &done, &fx, &err),
	             &err, DS_EUSAGE, "to");
	args.to = "chen";
	expect_error(core_case_act(&c, AC(APPEAL_ASSIGN), &args, ME, RO(SUPERVISOR),
	                           today, &p, &done, &fx, &err),
	             &err, DS_EPERM, "to");
	args.to = "wu";
	args.to_role = RO(ASSISTANT);
	expect_error(core_case_act(&c, AC(APPEAL_ASSIGN), &args, ME, RO(SUPERVISOR),
	                           today, &p, &done, &fx, &err),
	             &err, DS_EINPUT, "to");
	args.to_role = -1;
	expect_error(core_case_act(&c, AC(APPEAL_ASSIGN), &args, ME, RO(SUPERVISOR),
	                           today, &p, &done, &fx, &err),
	             &err, DS_EINPUT, "to");
	args.to_role = RO(REVIEWER);
	assert_int_equal(core_case_act(&c, AC(APPEAL_ASSIGN), &args, ME,
	                               RO(SUPERVISOR), today, &p, &done, &fx, &err),
	                 DS_OK);
	assert_string_equal(done.appeal_reviewer, "wu");
}

/* ---- the end of a withdrawal --------------------------------------------------------- */

/* Ended whenever the program next runs, the referral is dated by the
 * schedule: the first day after its last month. */
static void test_referral_dated_by_schedule(void **state)
{
	core_policy p;
	core_case c, done;
	core_step_args args;
	core_effects fx;
	ds_error err;
	(void)state;
	policy(&p, false);
	decided_case(&c, ST(IN_TRANSITION), day(2027, 1, 9));
	c.outcome = CORE_OUTCOME_TRANSITION;
	c.transition_last = core_month_make(2027, 7);
	full_args(&args, day(2027, 9, 15));
	assert_int_equal(core_case_act(&c, AC(END_TRANSITION), &args, NULL,
	                               RO(ASSISTANT), day(2027, 9, 15), &p, &done,
	                               &fx, &err),
	                 DS_OK);
	assert_int_equal(done.state, ST(EXITED));
	assert_true(done.referral_due);
	assert_int_equal(done.referral_date, day(2027, 8, 1));
	assert_int_equal(done.transition_last, 0);
	assert_false(done.appealable);
	assert_int_equal(fx.pay, CORE_PAY_STOP);
}

/* A withdrawal decided: its last month kept, no payment set (the schedule
 * pays), appealable. */
static void test_withdrawal_decided(void **state)
{
	core_policy p;
	core_case c, done;
	core_step_args args;
	core_effects fx;
	ds_error err;
	(void)state;
	policy(&p, false);
	core_case_init(&c, true);
	c.state = ST(NOTICE);
	c.before = ST(RECEIVING);
	c.outcome = CORE_OUTCOME_TRANSITION;
	c.notice_ends = day(2027, 2, 7);
	strcpy(c.submitted_by, "li");
	full_args(&args, day(2027, 2, 8));
	args.eligible = false;
	args.has_transition = true;
	args.transition_last = core_month_make(2027, 8);
	args.receiving = true;
	args.allowance = 119500;
	args.since = core_month_make(2025, 1);
	assert_int_equal(core_case_act(&c, AC(FINALIZE), &args, NULL,
	                               RO(ASSISTANT), day(2027, 3, 30), &p, &done,
	                               &fx, &err),
	                 DS_OK);
	assert_int_equal(done.state, ST(IN_TRANSITION));
	assert_int_equal(done.decided, day(2027, 2, 7));
	assert_int_equal(done.transition_last, core_month_make(2027, 8));
	assert_true(done.appealable);
	assert_int_equal(fx.pay, CORE_PAY_KEEP);
	/* finalizing without the assessment is refused, naming it */
	args.has_proposal = false;
	expect_error(core_case_act(&c, AC(FINALIZE), &args, NULL, RO(ASSISTANT),
	                           day(2027, 3, 30), &p, &done, &fx, &err),
	             &err, DS_EINPUT, "assessment");
}

/* ---- one list of event kinds ---------------------------------------------------------- */

static void test_event_kinds(void **state)
{
	(void)state;
	for (int k = 0; k < CORE_EVENT_COUNT; k++)
		assert_int_equal(core_event_lookup(core_event_id((core_event_kind)k)), k);
	assert_int_equal(core_event_lookup("case.approve"), -1);
	assert_int_equal(core_event_lookup(NULL), -1);
	/* every action writes a kind of its own, and is found from it */
	for (int a = 0; a < CORE_ACTION_COUNT; a++) {
		core_event_kind k = core_action_event((core_action)a);
		assert_true(k < CORE_EVENT_COUNT);
		assert_int_equal(core_action_of_event(k), a);
		assert_non_null(core_event_words(k));
	}
	assert_int_equal(core_action_of_event(CORE_EVENT_HOUSEHOLD_CREATED), -1);
	assert_true(core_event_is("case.delivered", CORE_EVENT_CASE_DELIVERED));
	assert_false(core_event_is("case.delivered", CORE_EVENT_CASE_FINALIZED));
	assert_false(core_event_is("case.delivere", CORE_EVENT_CASE_DELIVERED));
	assert_false(core_event_is(NULL, CORE_EVENT_CASE_DELIVERED));
	assert_false(core_event_is("case.delivered", CORE_EVENT_COUNT));
	assert_string_equal(core_event_id(core_action_event(AC(DELIVER))),
	                    "case.delivered");
	assert_true(core_action_needs_reason(AC(APPEAL_FILE)));
	assert_false(core_action_needs_reason(AC(APPROVE)));
	assert_true(core_action_county_checked(AC(APPROVE)));
	assert_false(core_action_county_checked(AC(VISIT)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_combination),
		cmocka_unit_test(test_appeal_open_told_from_the_step),
		cmocka_unit_test(test_decision_dated_by_notice),
		cmocka_unit_test(test_reduction),
		cmocka_unit_test(test_refusal_dated_today),
		cmocka_unit_test(test_delivery),
		cmocka_unit_test(test_late_appeal),
		cmocka_unit_test(test_review_findings),
		cmocka_unit_test(test_assign_checks),
		cmocka_unit_test(test_referral_dated_by_schedule),
		cmocka_unit_test(test_withdrawal_decided),
		cmocka_unit_test(test_event_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
