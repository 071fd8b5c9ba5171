/* test_relief.c — temporary assistance (core/relief, core/workdays):
 * working days across weekends, a holiday, a make-up working day and a
 * year with no schedule; the guidance; every limit at its edge (limit,
 * limit + 1 fen); who decides; four eyes; paying first; refusals that
 * name their field; the names declared once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/relief.h"
#include "core/workdays.h"

/* The error as one line, in English. */
static const char *text(const ds_error *err)
{
	static char b[512];
	ds_error_format(err, b, sizeof(b), NULL);
	return b;
}

static core_date ymd(int y, int m, int d)
{
	return core_date_from_ymd(y, m, d);
}

static char *fmt(core_date d)
{
	static char b[4][11];
	static int k;
	k = (k + 1) % 4;
	core_date_format(d, b[k]);
	return b[k];
}

/* 2026's schedule, as the State Council published it for the days used
 * here: National Day 2026-10-01..07 off, Saturday 2026-10-10 worked;
 * 2026-09-28 (a Monday) off is invented for the test. */
static void calendar_2026(core_calendar *c)
{
	ds_error err;
	core_calendar_init(c);
	assert_int_equal(core_calendar_add_year(c, 2026, &err), DS_OK);
	for (int d = 1; d <= 7; d++)
		assert_int_equal(core_calendar_add_holiday(c, ymd(2026, 10, d), "holidays", &err), DS_OK);
	assert_int_equal(core_calendar_add_makeup(c, ymd(2026, 10, 10), "makeup[0]", &err), DS_OK);
	assert_int_equal(core_calendar_add_holiday(c, ymd(2026, 9, 28), "holidays", &err), DS_OK);
}

/* ---- working days -------------------------------------------------------------- */

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(core_weekday(ymd(1970, 1, 1)), 3); /* Thursday */
	assert_int_equal(core_weekday(ymd(2026, 12, 4)), 4); /* Friday */
	assert_int_equal(core_weekday(ymd(2026, 12, 6)), 6); /* Sunday */
	assert_int_equal(core_weekday(ymd(1969, 12, 29)), 0); /* Monday, before 1970 */
}

static void test_workdays_weekends(void **state)
{
	core_calendar c;
	bool covered;
	(void)state;
	calendar_2026(&c);
	/* a Friday + 5 working days: the next Friday */
	assert_string_equal(fmt(core_workdays_add(&c, ymd(2026, 12, 4), 5, &covered)), "2026-12-11");
	assert_true(covered);
	/* + 10: two weeks on */
	assert_string_equal(fmt(core_workdays_add(&c, ymd(2026, 12, 4), 10, &covered)), "2026-12-18");
	/* received on a Saturday: Monday is the first */
	assert_string_equal(fmt(core_workdays_add(&c, ymd(2026, 12, 5), 1, &covered)), "2026-12-07");
	/* no schedule at all: weekends only */
	assert_string_equal(fmt(core_workdays_add(NULL, ymd(2026, 12, 4), 5, &covered)), "2026-12-11");
	assert_false(covered);
}

static void test_workdays_holidays(void **state)
{
	core_calendar c;
	bool covered;
	(void)state;
	calendar_2026(&c);
	/* Friday 2026-09-25: Mon 28 is a holiday; 29, 30 work; 1–7 Oct off;
	 * Thu 8, Fri 9, Sat 10 (made up) work */
	assert_string_equal(fmt(core_workdays_add(&c, ymd(2026, 9, 25), 1, &covered)), "2026-09-29");
	assert_string_equal(fmt(core_workdays_add(&c, ymd(2026, 9, 25), 2, &covered)), "2026-09-30");
	assert_string_equal(fmt(core_workdays_add(&c, ymd(2026, 9, 25), 3, &covered)), "2026-10-08");
	assert_string_equal(fmt(core_workdays_add(&c, ymd(2026, 9, 25), 5, &covered)), "2026-10-10");
	assert_true(covered);
	assert_true(core_workday(&c, ymd(2026, 10, 10)));
	assert_false(core_workday(&c, ymd(2026, 10, 1)));
	assert_false(core_workday(&c, ymd(2026, 10, 11)));
	/* the same count without the schedule: weekends only, and said so */
	assert_string_equal(fmt(core_workdays_add(NULL, ymd(2026, 9, 25), 5, &covered)), "2026-10-02");
	/* into a year with no schedule: counted on weekends there, said so */
	assert_string_equal(fmt(core_workdays_add(&c, ymd(2026, 12, 30), 3, &covered)), "2027-01-04");
	assert_false(covered);
	/* within the covered year it is covered */
	assert_string_equal(fmt(core_workdays_add(&c, ymd(2026, 12, 28), 3, &covered)), "2026-12-31");
	assert_true(covered);
}

static void test_calendar_errors(void **state)
{
	core_calendar c;
	ds_error err;
	(void)state;
	calendar_2026(&c);
	assert_int_equal(core_calendar_add_holiday(&c, ymd(2027, 1, 1), "holidays[9]", &err), DS_EINPUT);
	assert_string_equal(err.where, "holidays[9]");
	assert_int_equal(core_calendar_add_holiday(&c, ymd(2026, 10, 1), "holidays[10]", &err), DS_EINPUT);
	assert_string_equal(err.where, "holidays[10]");
	/* a make-up day on a weekday, or one that is a holiday */
	assert_int_equal(core_calendar_add_makeup(&c, ymd(2026, 10, 9), "makeup[1]", &err), DS_EINPUT);
	assert_string_equal(err.where, "makeup[1]");
	assert_int_equal(core_calendar_add_makeup(&c, ymd(2026, 10, 3), "makeup[2]", &err), DS_EINPUT);
	assert_int_equal(core_calendar_add_year(&c, 2026, &err), DS_EINPUT);
	assert_string_equal(err.where, "years");
	/* kept in order whatever order they come in */
	for (size_t i = 1; i < c.n_holidays; i++)
		assert_true(c.holidays[i - 1] < c.holidays[i]);
}

/* ---- names and the policy ------------------------------------------------------ */

static void test_names(void **state)
{
	static const char *const causes[] = {"illness", "accident", "disaster", "income_loss", "other"};
	static const char *const states[] = {"filed", "proposed", "at_county", "approved", "refused"};
	(void)state;
	assert_int_equal(sizeof(causes) / sizeof(causes[0]), CORE_RELIEF_CAUSE_COUNT);
	for (int i = 0; i < CORE_RELIEF_CAUSE_COUNT; i++) {
		assert_string_equal(core_relief_cause_id((core_relief_cause)i), causes[i]);
		assert_int_equal(core_relief_cause_lookup(causes[i]), i);
		assert_true(core_relief_cause_words((core_relief_cause)i)[0] != '\0');
	}
	for (int i = 0; i < CORE_RELIEF_STATE_COUNT; i++) {
		assert_string_equal(core_relief_state_id((core_relief_state)i), states[i]);
		assert_int_equal(core_relief_state_lookup(states[i]), i);
	}
	assert_int_equal(core_relief_cause_lookup("fire"), -1);
	assert_int_equal(core_relief_cause_lookup(NULL), -1);
	assert_string_equal(core_relief_cause_allowed(), "illness, accident, disaster, income_loss, other");
	assert_int_equal(core_relief_action_lookup("pay_first"), CORE_RELIEF_ACT_PAY_FIRST);
	assert_string_equal(core_relief_line_id(CORE_RELIEF_LINE_YEAR), "year_cap");
}

/* What the county checks of relief steps arriving from laptops: the
 * decisions and payments, never the filing or the proposal; the county's
 * own only from the county; what state each step may leave a case in. */
static void test_county_checked(void **state)
{
	(void)state;
	assert_false(core_relief_action_county_checked(CORE_RELIEF_ACT_FILE));
	assert_false(core_relief_action_county_checked(CORE_RELIEF_ACT_PROPOSE));
	assert_true(core_relief_action_county_checked(CORE_RELIEF_ACT_APPROVE));
	assert_true(core_relief_action_county_checked(CORE_RELIEF_ACT_REFUSE));
	assert_true(core_relief_action_county_checked(CORE_RELIEF_ACT_PAY_FIRST));
	assert_true(core_relief_action_county_checked(CORE_RELIEF_ACT_COUNTY_APPROVE));
	assert_true(core_relief_action_county_checked(CORE_RELIEF_ACT_COUNTY_REFUSE));
	assert_false(core_relief_action_county_checked(CORE_RELIEF_ACTION_COUNT));
	assert_int_equal(core_relief_action_who(CORE_RELIEF_ACT_APPROVE),
	                 CORE_RELIEF_BY(CORE_ROLE_SUPERVISOR));
	assert_int_equal(core_relief_action_who(CORE_RELIEF_ACT_COUNTY_REFUSE),
	                 CORE_RELIEF_BY_COUNTY);
	assert_int_equal(core_relief_action_who(CORE_RELIEF_ACTION_COUNT), 0);
	assert_true(core_relief_action_leaves(CORE_RELIEF_ACT_PROPOSE, CORE_RELIEF_AT_COUNTY));
	assert_false(core_relief_action_leaves(CORE_RELIEF_ACT_PROPOSE, CORE_RELIEF_APPROVED));
	assert_false(core_relief_action_leaves(CORE_RELIEF_ACT_FILE, CORE_RELIEF_REFUSED));
	assert_true(core_relief_action_leaves(CORE_RELIEF_ACT_PAY_FIRST, CORE_RELIEF_PROPOSED));
	assert_false(core_relief_action_leaves(CORE_RELIEF_ACT_PAY_FIRST, CORE_RELIEF_APPROVED));
	assert_true(core_relief_action_leaves(CORE_RELIEF_ACT_COUNTY_APPROVE, CORE_RELIEF_APPROVED));
	assert_false(core_relief_action_leaves(CORE_RELIEF_ACT_COUNTY_APPROVE, CORE_RELIEF_REFUSED));
	assert_true(core_relief_action_leaves(CORE_RELIEF_ACT_REFUSE, CORE_RELIEF_REFUSED));
}

static void test_policy_check(void **state)
{
	core_relief_policy p;
	ds_error err;
	(void)state;
	core_relief_policy_default(&p);
	assert_int_equal(core_relief_policy_check(&p, &err), DS_OK);
	p.township_max = p.county_max + 1;
	assert_int_equal(core_relief_policy_check(&p, &err), DS_EINPUT);
	assert_string_equal(err.where, "relief.township_max");
	core_relief_policy_default(&p);
	p.pay_first_max = p.township_max + 1;
	assert_int_equal(core_relief_policy_check(&p, &err), DS_EINPUT);
	assert_string_equal(err.where, "relief.pay_first_max");
	core_relief_policy_default(&p);
	p.guide[CORE_RELIEF_CAUSE_DISASTER].multiple = -1;
	assert_int_equal(core_relief_policy_check(&p, &err), DS_EINPUT);
	assert_string_equal(err.where, "relief.guidance.disaster.multiple");
	core_relief_policy_default(&p);
	p.days_other = 0;
	assert_int_equal(core_relief_policy_check(&p, &err), DS_EINPUT);
	assert_string_equal(err.where, "relief.days_other");
}

/* ---- amounts ---------------------------------------------------------------------- */

#define S 116500 /* 1,165.00 yuan a month */

static const char *figure(const core_relief_derivation *d, core_relief_line_code c,
                          const char *name)
{
	for (size_t i = 0; i < d->n; i++)
		for (int k = 0; d->line[i].code == c && k < d->line[i].n; k++)
			if (!strcmp(d->line[i].fig[k].name, name))
				return d->line[i].fig[k].value;
	return NULL;
}

static void test_guidance(void **state)
{
	core_relief_policy p;
	core_relief_derivation d;
	(void)state;
	core_relief_policy_default(&p);
	d.n = 0;
	/* illness: 1 × S a person, three people */
	assert_int_equal(core_relief_guidance(&p, CORE_RELIEF_CAUSE_ILLNESS, S, 3, &d), 3 * S);
	assert_string_equal(figure(&d, CORE_RELIEF_LINE_GUIDANCE, "amount"), "3495.00");
	assert_string_equal(figure(&d, CORE_RELIEF_LINE_GUIDANCE, "per_person"), "yes");
	assert_string_equal(figure(&d, CORE_RELIEF_LINE_GUIDANCE, "multiple"), "1.00");
	assert_string_equal(figure(&d, CORE_RELIEF_LINE_STANDARD, "standard"), "1165.00");
	assert_string_equal(figure(&d, CORE_RELIEF_LINE_CAUSE, "cause"), "illness");
	/* loss of income: for the household */
	d.n = 0;
	assert_int_equal(core_relief_guidance(&p, CORE_RELIEF_CAUSE_INCOME_LOSS, S, 3, &d), S);
	/* 2.5 × S: rounded down to the fen */
	p.guide[CORE_RELIEF_CAUSE_OTHER].multiple = 250;
	assert_int_equal(core_relief_guidance(&p, CORE_RELIEF_CAUSE_OTHER, 116501, 1, NULL),
	                 291252);
}

static void test_limits_at_edges(void **state)
{
	core_relief_policy p;
	core_relief_derivation d;
	core_relief_level level;
	bool over;
	ds_error err;
	(void)state;
	core_relief_policy_default(&p);
	/* the township's limit, 3 × S: at it the township decides, a fen
	 * above it the county */
	d.n = 0;
	assert_int_equal(core_relief_check_amount(&p, 3 * S, S, 0, &level, &over, &d, &err), DS_OK);
	assert_int_equal(level, CORE_RELIEF_TOWNSHIP);
	assert_string_equal(figure(&d, CORE_RELIEF_LINE_TOWNSHIP, "limit"), "3495.00");
	assert_string_equal(figure(&d, CORE_RELIEF_LINE_TOWNSHIP, "within"), "yes");
	assert_null(figure(&d, CORE_RELIEF_LINE_COUNTY, "limit"));
	d.n = 0;
	assert_int_equal(core_relief_check_amount(&p, 3 * S + 1, S, 0, &level, &over, &d, &err), DS_OK);
	assert_int_equal(level, CORE_RELIEF_COUNTY);
	assert_string_equal(figure(&d, CORE_RELIEF_LINE_COUNTY, "limit"), "13980.00");
	/* the county's, 12 × S: at it allowed, a fen above refused, naming it */
	assert_int_equal(core_relief_check_amount(&p, 12 * S, S, 0, &level, &over, NULL, &err), DS_OK);
	assert_int_equal(core_relief_check_amount(&p, 12 * S + 1, S, 0, &level, &over, NULL, &err),
	                 DS_EINPUT);
	assert_string_equal(err.where, "amount");
	assert_non_null(strstr(text(&err), "13980.00"));
	/* zero and below */
	assert_int_equal(core_relief_check_amount(&p, 0, S, 0, &level, &over, NULL, &err), DS_EINPUT);
	assert_int_equal(core_relief_check_amount(&p, -1, S, 0, &level, &over, NULL, &err), DS_EINPUT);
	/* the year's cap, 12 × S: reached exactly is not over, a fen more is
	 * (flagged, not refused) */
	d.n = 0;
	assert_int_equal(core_relief_check_amount(&p, S, S, 11 * S, &level, &over, &d, &err), DS_OK);
	assert_false(over);
	assert_string_equal(figure(&d, CORE_RELIEF_LINE_YEAR, "with_this"), "13980.00");
	assert_int_equal(core_relief_check_amount(&p, S + 1, S, 11 * S, &level, &over, NULL, &err), DS_OK);
	assert_true(over);
}

/* ---- the case ------------------------------------------------------------------------ */

static core_relief_args args(core_fen amount, const char *reason)
{
	core_relief_args a;
	core_relief_args_init(&a);
	a.cause = CORE_RELIEF_CAUSE_DISASTER;
	a.amount = amount;
	a.reason = reason;
	a.standard = S;
	return a;
}

/* Filed on Friday 2026-12-04 by wang (an assistant), urgent or not. */
static core_relief filed(const core_relief_policy *p, bool urgent, bool on_ladder)
{
	core_relief c;
	core_relief_args a = args(2 * S, NULL);
	ds_error err;
	a.urgent = urgent;
	a.on_ladder = on_ladder;
	assert_int_equal(core_relief_act(NULL, CORE_RELIEF_ACT_FILE, &a, "wang",
	                                 CORE_ROLE_ASSISTANT, false, ymd(2026, 12, 4), p, &c,
	                                 NULL, &err),
	                 DS_OK);
	return c;
}

static void test_file_and_deadline(void **state)
{
	core_relief_policy p;
	core_relief c;
	core_relief_args a;
	ds_error err;
	(void)state;
	core_relief_policy_default(&p);
	calendar_2026(&p.calendar);
	c = filed(&p, false, true);
	assert_int_equal(c.state, CORE_RELIEF_FILED);
	assert_string_equal(fmt(c.received), "2026-12-04");
	assert_string_equal(fmt(c.deadline), "2026-12-11"); /* on the ladder: 5 */
	assert_true(c.deadline_covered);
	assert_string_equal(c.filed_by, "wang");
	c = filed(&p, false, false);
	assert_string_equal(fmt(c.deadline), "2026-12-18"); /* off it: 10 */

	/* received earlier than today counts from then; after today refused */
	a = args(S, NULL);
	a.received = ymd(2026, 12, 1);
	assert_int_equal(core_relief_act(NULL, CORE_RELIEF_ACT_FILE, &a, "wang", CORE_ROLE_ASSISTANT,
	                                 false, ymd(2026, 12, 4), &p, &c, NULL, &err),
	                 DS_OK);
	assert_string_equal(fmt(c.deadline), "2026-12-15");
	a.received = ymd(2026, 12, 5);
	assert_int_equal(core_relief_act(NULL, CORE_RELIEF_ACT_FILE, &a, "wang", CORE_ROLE_ASSISTANT,
	                                 false, ymd(2026, 12, 4), &p, &c, NULL, &err),
	                 DS_EINPUT);
	assert_string_equal(err.where, "received");
	/* an unknown cause, an amount above every limit or not above zero */
	a = args(S, NULL);
	a.cause = CORE_RELIEF_CAUSE_COUNT;
	assert_int_equal(core_relief_act(NULL, CORE_RELIEF_ACT_FILE, &a, "wang", CORE_ROLE_ASSISTANT,
	                                 false, ymd(2026, 12, 4), &p, &c, NULL, &err),
	                 DS_EINPUT);
	assert_string_equal(err.where, "cause");
	a = args(12 * S + 1, NULL);
	assert_int_equal(core_relief_act(NULL, CORE_RELIEF_ACT_FILE, &a, "wang", CORE_ROLE_ASSISTANT,
	                                 false, ymd(2026, 12, 4), &p, &c, NULL, &err),
	                 DS_EINPUT);
	assert_string_equal(err.where, "amount");
	a = args(0, NULL);
	assert_int_equal(core_relief_act(NULL, CORE_RELIEF_ACT_FILE, &a, "wang", CORE_ROLE_ASSISTANT,
	                                 false, ymd(2026, 12, 4), &p, &c, NULL, &err),
	                 DS_EINPUT);
	/* the county does not file */
	a = args(S, NULL);
	assert_int_equal(core_relief_act(NULL, CORE_RELIEF_ACT_FILE, &a, "county", CORE_ROLE_ASSISTANT,
	                                 true, ymd(2026, 12, 4), &p, &c, NULL, &err),
	                 DS_EPERM);
}

static void test_township_decides(void **state)
{
	core_relief_policy p;
	core_relief c, d2;
	core_relief_args a;
	core_relief_derivation d;
	ds_error err;
	core_date mon = ymd(2026, 12, 7);
	(void)state;
	core_relief_policy_default(&p);
	c = filed(&p, false, true);
	/* a proposal needs a reason */
	a = args(2 * S, NULL);
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_PROPOSE, &a, "wang", CORE_ROLE_ASSISTANT,
	                                 false, mon, &p, &d2, &d, &err),
	                 DS_EINPUT);
	assert_string_equal(err.where, "reason");
	a = args(2 * S, "the house burned on 1 December; two rooms lost");
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_PROPOSE, &a, "wang", CORE_ROLE_ASSISTANT,
	                                 false, mon, &p, &c, &d, &err),
	                 DS_OK);
	assert_int_equal(c.state, CORE_RELIEF_PROPOSED);
	assert_int_equal(c.level, CORE_RELIEF_TOWNSHIP);
	assert_int_equal(c.proposed, 2 * S);
	assert_string_equal(figure(&d, CORE_RELIEF_LINE_PROPOSED, "amount"), "2330.00");
	/* an assistant cannot approve; the proposer cannot (four eyes) */
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_APPROVE, &a, "li", CORE_ROLE_ASSISTANT,
	                                 false, mon, &p, &d2, NULL, &err),
	                 DS_EPERM);
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_APPROVE, &a, "wang", CORE_ROLE_SUPERVISOR,
	                                 false, mon, &p, &d2, NULL, &err),
	                 DS_EPERM);
	assert_non_null(strstr(text(&err), "four eyes"));
	/* the county cannot decide what is within the township's limit */
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_COUNTY_APPROVE, &a, "county",
	                                 CORE_ROLE_SUPERVISOR, true, mon, &p, &d2, NULL, &err),
	                 DS_EINPUT);
	/* a second person approves */
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_APPROVE, &a, "li", CORE_ROLE_SUPERVISOR,
	                                 false, mon, &p, &c, NULL, &err),
	                 DS_OK);
	assert_int_equal(c.state, CORE_RELIEF_APPROVED);
	assert_int_equal(c.approved, 2 * S);
	assert_string_equal(fmt(c.decided), "2026-12-07");
	assert_string_equal(c.decided_by, "li");
	/* closed: nothing more */
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_REFUSE, &a, "zhao", CORE_ROLE_SUPERVISOR,
	                                 false, mon, &p, &d2, NULL, &err),
	                 DS_EINPUT);
	assert_non_null(strstr(text(&err), "approved"));
}

static void test_county_decides(void **state)
{
	core_relief_policy p;
	core_relief c, d2;
	core_relief_args a;
	ds_error err;
	core_date mon = ymd(2026, 12, 7);
	(void)state;
	core_relief_policy_default(&p);
	c = filed(&p, false, false);
	a = args(3 * S + 1, "the breadwinner is in hospital for months");
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_PROPOSE, &a, "wang", CORE_ROLE_ASSISTANT,
	                                 false, mon, &p, &c, NULL, &err),
	                 DS_OK);
	assert_int_equal(c.state, CORE_RELIEF_AT_COUNTY);
	/* the township supervisor is told the limit */
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_APPROVE, &a, "li", CORE_ROLE_SUPERVISOR,
	                                 false, mon, &p, &d2, NULL, &err),
	                 DS_EINPUT);
	assert_non_null(strstr(text(&err), "3495.00"));
	assert_non_null(strstr(text(&err), "county decides"));
	/* only the county decides it; a refusal needs its reason */
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_COUNTY_REFUSE, &a, "county",
	                                 CORE_ROLE_SUPERVISOR, true, mon, &p, &d2, NULL, &err),
	                 DS_OK);
	a.reason = NULL;
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_COUNTY_REFUSE, &a, "county",
	                                 CORE_ROLE_SUPERVISOR, true, mon, &p, &d2, NULL, &err),
	                 DS_EINPUT);
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_COUNTY_APPROVE, &a, "county",
	                                 CORE_ROLE_SUPERVISOR, true, mon, &p, &c, NULL, &err),
	                 DS_OK);
	assert_int_equal(c.state, CORE_RELIEF_APPROVED);
	assert_int_equal(c.approved, 3 * S + 1);
}

static void test_pay_first(void **state)
{
	core_relief_policy p;
	core_relief c, d2;
	core_relief_args a;
	ds_error err;
	core_date fri = ymd(2026, 12, 4);
	(void)state;
	core_relief_policy_default(&p);
	/* not urgent: refused */
	c = filed(&p, false, true);
	a = args(S, NULL);
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_PAY_FIRST, &a, "li", CORE_ROLE_SUPERVISOR,
	                                 false, fri, &p, &d2, NULL, &err),
	                 DS_EINPUT);
	assert_non_null(strstr(text(&err), "not urgent"));
	c = filed(&p, true, true);
	/* the cap, 1 × S: a fen above it refused, at it paid */
	a = args(S + 1, NULL);
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_PAY_FIRST, &a, "li", CORE_ROLE_SUPERVISOR,
	                                 false, fri, &p, &d2, NULL, &err),
	                 DS_EINPUT);
	assert_string_equal(err.where, "amount");
	/* whoever filed it does not pay it */
	a = args(S, NULL);
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_PAY_FIRST, &a, "wang", CORE_ROLE_SUPERVISOR,
	                                 false, fri, &p, &d2, NULL, &err),
	                 DS_EPERM);
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_PAY_FIRST, &a, "li", CORE_ROLE_SUPERVISOR,
	                                 false, fri, &p, &c, NULL, &err),
	                 DS_OK);
	assert_int_equal(c.paid_first, S);
	assert_string_equal(fmt(c.paperwork_due), "2026-12-11");
	assert_int_equal(c.state, CORE_RELIEF_FILED);
	/* once only */
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_PAY_FIRST, &a, "li", CORE_ROLE_SUPERVISOR,
	                                 false, fri, &p, &d2, NULL, &err),
	                 DS_EINPUT);
	/* a proposal below what was paid first is refused */
	a = args(S - 1, "less than paid");
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_PROPOSE, &a, "wang", CORE_ROLE_ASSISTANT,
	                                 false, fri, &p, &d2, NULL, &err),
	                 DS_EINPUT);
	assert_string_equal(err.where, "amount");
	a = args(S, "what was paid first is enough");
	assert_int_equal(core_relief_act(&c, CORE_RELIEF_ACT_PROPOSE, &a, "wang", CORE_ROLE_ASSISTANT,
	                                 false, fri, &p, &c, NULL, &err),
	                 DS_OK);
}

/* The ladder's classes that give the shorter deadline (DOMAIN.md). */
static void test_on_ladder(void **state)
{
	(void)state;
	assert_true(core_relief_on_ladder(CORE_CLASS_DIBAO));
	assert_true(core_relief_on_ladder(CORE_CLASS_DIBAO_SINGLE));
	assert_true(core_relief_on_ladder(CORE_CLASS_DESTITUTE));
	assert_true(core_relief_on_ladder(CORE_CLASS_MARGINAL));
	assert_false(core_relief_on_ladder(CORE_CLASS_RIGID_HARDSHIP));
	assert_false(core_relief_on_ladder(CORE_CLASS_NONE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_county_checked),
		cmocka_unit_test(test_workdays_weekends),
		cmocka_unit_test(test_workdays_holidays),
		cmocka_unit_test(test_calendar_errors),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_policy_check),
		cmocka_unit_test(test_guidance),
		cmocka_unit_test(test_limits_at_edges),
		cmocka_unit_test(test_file_and_deadline),
		cmocka_unit_test(test_township_decides),
		cmocka_unit_test(test_county_decides),
		cmocka_unit_test(test_pay_first),
		cmocka_unit_test(test_on_ladder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
