/* test_due.c — the due rule (core/due): the kinds' ids and words, a first
 * visit to a new application, a visit after a return or a reopening (by
 * an objection or an overturned appeal), the other kinds, re-verification
 * from a visit, a recorded verification or the allowance's cycle; edge
 * dates: the due day itself, month and year ends, leap days. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/due.h"
#include "tests/unit/core/policies.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define D(y, m, d) core_date_from_ymd((y), (m), (d))
#define NONE (-1)

static core_policy pol;

static int setup(void **state)
{
	(void)state;
	policy_default(&pol);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	core_policy_free(&pol);
	return 0;
}

/* A case in a state with nothing known. */
static core_due_case blank(core_state st)
{
	core_due_case c;
	memset(&c, 0, sizeof(c));
	c.c.state = st;
	c.c.before = st;
	c.c.notice_ends = -1;
	c.appeal_deadline = c.referral_date = -1;
	c.applied = c.opened = -1;
	c.last_visit = c.last_verified = c.began = -1;
	return c;
}

/* The item of a kind, or NULL. */
static const core_due_item *find(const core_due_item *items, size_t n,
                                 core_due_kind k)
{
	for (size_t i = 0; i < n; i++)
		if (items[i].kind == k)
			return &items[i];
	return NULL;
}

static void fmt(core_date d, char out[11])
{
	if (d < 0)
		snprintf(out, 11, "none");
	else
		core_date_format(d, out);
}

/* ---- identifiers ----------------------------------------------------------- */

static void test_ids(void **state)
{
	static const struct {
		core_due_kind k;
		const char *id;
	} table[] = {
		{CORE_DUE_FIRST_VISIT, "first_visit"},
		{CORE_DUE_RETURNED, "returned"},
		{CORE_DUE_REOPENED, "reopened"},
		{CORE_DUE_REVERIFY, "reverification"},
		{CORE_DUE_NOTICE_ENDS, "notice_ends"},
		{CORE_DUE_TRANSITION_WARNING, "transition_warning"},
		{CORE_DUE_TRANSITION_ENDS, "transition_ends"},
		{CORE_DUE_APPEAL, "appeal"},
		{CORE_DUE_FOLLOWUP, "followup"},
		{CORE_DUE_REVIEW, "review"},
		{CORE_DUE_RELIEF, "relief"},
		{CORE_DUE_RELIEF_PAPERWORK, "relief_paperwork"},
	};
	(void)state;
	assert_int_equal(N(table), CORE_DUE_COUNT);
	for (size_t i = 0; i < N(table); i++) {
		assert_string_equal(core_due_id(table[i].k), table[i].id);
		assert_int_equal(core_due_lookup(table[i].id), (int)table[i].k);
		assert_true(strlen(core_due_words(table[i].k)) > 0);
		assert_string_not_equal(core_due_words(table[i].k), "?");
	}
	assert_string_equal(core_due_id(CORE_DUE_COUNT), "?");
	assert_string_equal(core_due_words((core_due_kind)-1), "?");
	assert_int_equal(core_due_lookup("reverify"), -1);
	assert_int_equal(core_due_lookup(""), -1);
	assert_int_equal(core_due_lookup(NULL), -1);
	/* the words of the visit kinds say what to do */
	assert_non_null(strstr(core_due_words(CORE_DUE_FIRST_VISIT), "visit"));
	assert_non_null(strstr(core_due_words(CORE_DUE_RETURNED), "returned"));
	assert_non_null(strstr(core_due_words(CORE_DUE_REOPENED), "reopened"));
}

/* ---- a visit to a case open for investigation -------------------------------- */

typedef struct {
	const char *name;
	core_state state;
	bool visited;
	core_date applied, opened;
	const char *opened_by;
	core_date today;
	/* wanted: the kind (CORE_DUE_COUNT: no visit due), date, from, overdue */
	core_due_kind kind;
	core_date date, from;
	bool overdue;
	const char *detail;
} visit_case;

static void test_visits(void **state)
{
	const visit_case table[] = {
		{"a new application, 10 days on", CORE_STATE_APPLYING, false,
		 D(2026, 11, 20), NONE, "", D(2026, 11, 27), CORE_DUE_FIRST_VISIT,
		 D(2026, 11, 30), D(2026, 11, 20), false, "application"},
		{"a new application on its due day is not overdue",
		 CORE_STATE_APPLYING, false, D(2026, 11, 20), NONE, "",
		 D(2026, 11, 30), CORE_DUE_FIRST_VISIT, D(2026, 11, 30),
		 D(2026, 11, 20), false, "application"},
		{"... and the day after it is", CORE_STATE_APPLYING, false,
		 D(2026, 11, 20), NONE, "", D(2026, 12, 1), CORE_DUE_FIRST_VISIT,
		 D(2026, 11, 30), D(2026, 11, 20), true, "application"},
		{"applied today", CORE_STATE_APPLYING, false, D(2026, 11, 27), NONE,
		 "", D(2026, 11, 27), CORE_DUE_FIRST_VISIT, D(2026, 12, 7),
		 D(2026, 11, 27), false, "application"},
		{"across the end of January", CORE_STATE_APPLYING, false,
		 D(2026, 1, 25), NONE, "", D(2026, 1, 25), CORE_DUE_FIRST_VISIT,
		 D(2026, 2, 4), D(2026, 1, 25), false, "application"},
		{"across a leap February", CORE_STATE_APPLYING, false,
		 D(2024, 2, 25), NONE, "", D(2024, 2, 25), CORE_DUE_FIRST_VISIT,
		 D(2024, 3, 6), D(2024, 2, 25), false, "application"},
		{"across a common February", CORE_STATE_APPLYING, false,
		 D(2026, 2, 25), NONE, "", D(2026, 2, 25), CORE_DUE_FIRST_VISIT,
		 D(2026, 3, 7), D(2026, 2, 25), false, "application"},
		{"on a leap day", CORE_STATE_APPLYING, false, D(2028, 2, 29), NONE,
		 "", D(2028, 2, 29), CORE_DUE_FIRST_VISIT, D(2028, 3, 10),
		 D(2028, 2, 29), false, "application"},
		{"across the end of the year", CORE_STATE_APPLYING, false,
		 D(2026, 12, 28), NONE, "", D(2026, 12, 28), CORE_DUE_FIRST_VISIT,
		 D(2027, 1, 7), D(2026, 12, 28), false, "application"},
		{"from the 31st", CORE_STATE_APPLYING, false, D(2026, 10, 31), NONE,
		 "", D(2026, 10, 31), CORE_DUE_FIRST_VISIT, D(2026, 11, 10),
		 D(2026, 10, 31), false, "application"},
		{"an application of unknown date is due today", CORE_STATE_APPLYING,
		 false, NONE, NONE, "", D(2026, 11, 27), CORE_DUE_FIRST_VISIT,
		 D(2026, 11, 27), NONE, false, "application"},
		{"returned for more investigation", CORE_STATE_RETURNED, true, NONE,
		 D(2026, 11, 27), "return", D(2026, 11, 27), CORE_DUE_RETURNED,
		 D(2026, 12, 7), D(2026, 11, 27), false, "return"},
		{"returned a month ago: overdue", CORE_STATE_RETURNED, true, NONE,
		 D(2026, 10, 27), "return", D(2026, 11, 27), CORE_DUE_RETURNED,
		 D(2026, 11, 6), D(2026, 10, 27), true, "return"},
		{"returned, the reason not kept", CORE_STATE_RETURNED, true, NONE,
		 D(2026, 11, 21), "", D(2026, 11, 27), CORE_DUE_RETURNED,
		 D(2026, 12, 1), D(2026, 11, 21), false, "return"},
		{"returned on an unknown day", CORE_STATE_RETURNED, true, NONE, NONE,
		 "", D(2026, 11, 27), CORE_DUE_RETURNED, D(2026, 11, 27), NONE,
		 false, "return"},
		{"reopened by an overturned appeal", CORE_STATE_INVESTIGATING, false,
		 NONE, D(2026, 11, 24), "appeal", D(2026, 11, 27), CORE_DUE_REOPENED,
		 D(2026, 12, 4), D(2026, 11, 24), false, "appeal"},
		{"reopened by an objection, at the end of the year",
		 CORE_STATE_INVESTIGATING, false, NONE, D(2026, 12, 31), "objection",
		 D(2027, 1, 15), CORE_DUE_REOPENED, D(2027, 1, 10), D(2026, 12, 31),
		 true, "objection"},
		{"investigating, visited since: no visit due",
		 CORE_STATE_INVESTIGATING, true, NONE, D(2026, 11, 24), "appeal",
		 D(2026, 11, 27), CORE_DUE_COUNT, 0, 0, false, ""},
		{"refused: nothing open", CORE_STATE_REFUSED, false, D(2026, 1, 1),
		 NONE, "", D(2026, 11, 27), CORE_DUE_COUNT, 0, 0, false, ""},
		{"exited: nothing open", CORE_STATE_EXITED, false, NONE,
		 D(2026, 1, 1), "appeal", D(2026, 11, 27), CORE_DUE_COUNT, 0, 0,
		 false, ""},
		{"receiving: no first visit", CORE_STATE_RECEIVING, false,
		 D(2026, 1, 1), D(2026, 1, 1), "appeal", D(2026, 11, 27),
		 CORE_DUE_COUNT, 0, 0, false, ""},
		{"submitted: no first visit", CORE_STATE_SUBMITTED, true,
		 D(2026, 1, 1), D(2026, 1, 1), "return", D(2026, 11, 27),
		 CORE_DUE_COUNT, 0, 0, false, ""},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		const visit_case *t = &table[i];
		core_due_case c = blank(t->state);
		core_due_item items[CORE_DUE_MAX];
		const core_due_item *it;
		size_t n;
		c.c.visited = t->visited;
		c.applied = t->applied;
		c.opened = t->opened;
		snprintf(c.opened_by, sizeof(c.opened_by), "%s", t->opened_by);
		n = core_due_items(&c, &pol, t->today, items);
		assert_true(n <= CORE_DUE_MAX);
		if (t->kind == CORE_DUE_COUNT) {
			if (find(items, n, CORE_DUE_FIRST_VISIT) ||
			    find(items, n, CORE_DUE_RETURNED) ||
			    find(items, n, CORE_DUE_REOPENED))
				fail_msg("%s: a visit is due", t->name);
			continue;
		}
		if (!(it = find(items, n, t->kind)))
			fail_msg("%s: no %s item", t->name, core_due_id(t->kind));
		if (it->date != t->date || it->from != t->from ||
		    it->overdue != t->overdue || strcmp(it->detail, t->detail)) {
			char gd[11], gf[11], wd[11], wf[11];
			fmt(it->date, gd);
			fmt(it->from, gf);
			fmt(t->date, wd);
			fmt(t->from, wf);
			fail_msg("%s: %s from %s%s \"%s\", wanted %s from %s%s \"%s\"",
			         t->name, gd, gf, it->overdue ? " overdue" : "",
			         it->detail, wd, wf, t->overdue ? " overdue" : "",
			         t->detail);
		}
		/* one visit item at most, and it comes first */
		assert_int_equal(items[0].kind, t->kind);
		for (size_t k = 1; k < n; k++)
			assert_true(items[k].kind != CORE_DUE_FIRST_VISIT &&
			            items[k].kind != CORE_DUE_RETURNED &&
			            items[k].kind != CORE_DUE_REOPENED);
	}
}

/* The policy's figure is what counts, not a constant. */
static void test_visit_days_from_policy(void **state)
{
	core_due_case c = blank(CORE_STATE_APPLYING);
	core_due_item items[CORE_DUE_MAX];
	int saved = pol.investigation.visit_days;
	(void)state;
	c.applied = D(2026, 1, 31);
	pol.investigation.visit_days = 1;
	assert_int_equal(core_due_visit_date(&pol, c.applied), D(2026, 2, 1));
	assert_int_equal(core_due_items(&c, &pol, D(2026, 2, 1), items), 1);
	assert_int_equal(items[0].date, D(2026, 2, 1));
	assert_false(items[0].overdue);
	pol.investigation.visit_days = 90;
	assert_int_equal(core_due_items(&c, &pol, D(2026, 2, 1), items), 1);
	assert_int_equal(items[0].date, D(2026, 5, 1));
	pol.investigation.visit_days = saved;
	assert_int_equal(core_due_visit_date(&pol, c.applied), D(2026, 2, 10));
}

/* ---- relief cases ------------------------------------------------------------ */

static void test_relief(void **state)
{
	core_due_item items[2];
	core_relief r;
	core_date today = D(2026, 11, 27);
	size_t n;
	(void)state;
	memset(&r, 0, sizeof(r));
	r.state = CORE_RELIEF_FILED;
	r.received = D(2026, 11, 20);
	r.deadline = D(2026, 11, 26);
	r.paid_first_on = r.paperwork_due = r.decided = -1;

	/* filed, past its deadline: overdue, counted from its receipt */
	n = core_due_relief(&r, "abcd1234", today, items);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].kind, CORE_DUE_RELIEF);
	assert_int_equal(items[0].date, D(2026, 11, 26));
	assert_int_equal(items[0].from, D(2026, 11, 20));
	assert_true(items[0].overdue);
	assert_string_equal(items[0].detail, "abcd1234");

	/* proposed, due on today itself: not overdue */
	r.state = CORE_RELIEF_PROPOSED;
	r.deadline = today;
	n = core_due_relief(&r, "abcd1234", today, items);
	assert_int_equal(n, 1);
	assert_false(items[0].overdue);

	/* paid first, with the county: the decision and its paperwork */
	r.state = CORE_RELIEF_AT_COUNTY;
	r.paid_first = 50000;
	r.paid_first_on = D(2026, 11, 23);
	r.paperwork_due = D(2026, 11, 30);
	n = core_due_relief(&r, "abcd1234", today, items);
	assert_int_equal(n, 2);
	assert_int_equal(items[1].kind, CORE_DUE_RELIEF_PAPERWORK);
	assert_int_equal(items[1].date, D(2026, 11, 30));
	assert_int_equal(items[1].from, D(2026, 11, 23));
	assert_false(items[1].overdue);

	/* decided either way: nothing is due */
	r.state = CORE_RELIEF_APPROVED;
	assert_int_equal(core_due_relief(&r, "abcd1234", today, items), 0);
	r.state = CORE_RELIEF_REFUSED;
	assert_int_equal(core_due_relief(&r, "abcd1234", today, items), 0);
}

/* ---- the other kinds ---------------------------------------------------------- */

static void test_other_kinds(void **state)
{
	core_due_item items[CORE_DUE_MAX];
	const core_due_item *it;
	core_due_case c;
	core_date today = D(2026, 11, 27);
	size_t n;
	(void)state;

	c = blank(CORE_STATE_SUBMITTED);
	snprintf(c.c.submitted_by, sizeof(c.c.submitted_by), "wang");
	n = core_due_items(&c, &pol, today, items);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].kind, CORE_DUE_REVIEW);
	assert_int_equal(items[0].date, today);
	assert_int_equal(items[0].from, -1);
	assert_false(items[0].overdue);
	assert_string_equal(items[0].detail, "wang");

	c = blank(CORE_STATE_NOTICE);
	c.c.notice_ends = D(2026, 12, 4);
	n = core_due_items(&c, &pol, today, items);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].kind, CORE_DUE_NOTICE_ENDS);
	assert_int_equal(items[0].date, D(2026, 12, 4));

	/* a refused case with an appeal past its deadline */
	c = blank(CORE_STATE_REFUSED);
	c.c.appeal_open = true;
	snprintf(c.c.appeal_reviewer, sizeof(c.c.appeal_reviewer), "zhao");
	c.appeal_deadline = D(2026, 11, 26);
	n = core_due_items(&c, &pol, today, items);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].kind, CORE_DUE_APPEAL);
	assert_true(items[0].overdue);
	assert_string_equal(items[0].detail, "zhao");

	/* an exit with its referral */
	c = blank(CORE_STATE_EXITED);
	c.referral_due = true;
	c.referral_date = D(2026, 12, 1);
	n = core_due_items(&c, &pol, today, items);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].kind, CORE_DUE_FOLLOWUP);
	assert_string_equal(items[0].detail, "employment_referral");

	/* a withdrawal: its warning, its end on the last day of its last
	 * month (a leap February), and its re-verification */
	c = blank(CORE_STATE_IN_TRANSITION);
	c.transition_last = core_month_make(2028, 2);
	c.last_visit = D(2026, 8, 31);
	n = core_due_items(&c, &pol, today, items);
	assert_int_equal(n, 3);
	it = find(items, n, CORE_DUE_TRANSITION_ENDS);
	assert_non_null(it);
	assert_int_equal(it->date, D(2028, 2, 29));
	it = find(items, n, CORE_DUE_REVERIFY);
	assert_non_null(it);
	assert_int_equal(it->date, D(2027, 8, 31));

	/* a withdrawal of unknown end: only the re-verification */
	c.transition_last = 0;
	assert_int_equal(core_due_items(&c, &pol, today, items), 1);
	assert_int_equal(items[0].kind, CORE_DUE_REVERIFY);

	/* a reopened case with an appeal still open elsewhere in its life:
	 * the visit first, the appeal after it */
	c = blank(CORE_STATE_INVESTIGATING);
	c.opened = today;
	snprintf(c.opened_by, sizeof(c.opened_by), "objection");
	c.c.appeal_open = true;
	c.appeal_deadline = today + 30;
	n = core_due_items(&c, &pol, today, items);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].kind, CORE_DUE_REOPENED);
	assert_int_equal(items[1].kind, CORE_DUE_APPEAL);

	/* every state, visited, nothing else known: what it has due by
	 * itself (a visit, a review, a notice, a re-verification) */
	for (int s = 0; s < CORE_STATE_COUNT; s++) {
		c = blank((core_state)s);
		c.c.visited = true;
		n = core_due_items(&c, &pol, today, items);
		switch (s) {
		case CORE_STATE_APPLYING:
		case CORE_STATE_RETURNED:
		case CORE_STATE_SUBMITTED:
		case CORE_STATE_NOTICE:
		case CORE_STATE_RECEIVING:
		case CORE_STATE_IN_TRANSITION:
		case CORE_STATE_SUSPENDED:
			assert_int_equal(n, 1);
			break;
		default:
			if (n)
				fail_msg("%s: %zu items due", core_state_id((core_state)s), n);
		}
	}
}

/* ---- re-verification ---------------------------------------------------------- */

typedef struct {
	const char *name;
	core_state state;
	bool watched;
	core_date last_visit, last_verified, began, today;
	core_date date, from;
	bool overdue;
} reverify_case;

static void test_reverify(void **state)
{
	const reverify_case table[] = {
		{"stable: 12 months after the visit", CORE_STATE_RECEIVING, false,
		 D(2026, 1, 15), NONE, NONE, D(2026, 11, 27), D(2027, 1, 15),
		 D(2026, 1, 15), false},
		{"watched: 6 months after the visit", CORE_STATE_RECEIVING, true,
		 D(2026, 6, 10), NONE, NONE, D(2026, 11, 27), D(2026, 12, 10),
		 D(2026, 6, 10), false},
		{"from the 31st of August: the end of February",
		 CORE_STATE_RECEIVING, true, D(2025, 8, 31), NONE, NONE,
		 D(2026, 11, 27), D(2026, 2, 28), D(2025, 8, 31), true},
		{"from a leap day: the 28th a year on", CORE_STATE_SUSPENDED, false,
		 D(2024, 2, 29), NONE, NONE, D(2024, 3, 1), D(2025, 2, 28),
		 D(2024, 2, 29), false},
		{"from the 31st of January, watched: the 31st of July",
		 CORE_STATE_IN_TRANSITION, true, D(2026, 1, 31), NONE, NONE,
		 D(2026, 3, 1), D(2026, 7, 31), D(2026, 1, 31), false},
		{"a visit here counts before the file's verification",
		 CORE_STATE_RECEIVING, false, D(2026, 3, 1), D(2026, 6, 1), NONE,
		 D(2026, 11, 27), D(2027, 3, 1), D(2026, 3, 1), false},
		{"no visit here: the file's verification", CORE_STATE_RECEIVING,
		 false, NONE, D(2025, 10, 1), NONE, D(2026, 11, 27), D(2026, 10, 1),
		 D(2025, 10, 1), true},
		{"on its due day: not overdue", CORE_STATE_RECEIVING, false, NONE,
		 D(2025, 11, 27), NONE, D(2026, 11, 27), D(2026, 11, 27),
		 D(2025, 11, 27), false},
		{"nothing known: the cycle from 2020-01, no more than a year behind",
		 CORE_STATE_RECEIVING, false, NONE, NONE, D(2020, 1, 1),
		 D(2026, 11, 27), D(2026, 1, 1), NONE, true},
		{"the cycle from the 31st keeps the 31st (no drift to the 29th)",
		 CORE_STATE_RECEIVING, true, NONE, NONE, D(2019, 8, 31),
		 D(2026, 8, 20), D(2025, 8, 31), NONE, true},
		{"a cycle that began this year", CORE_STATE_RECEIVING, false, NONE,
		 NONE, D(2026, 6, 1), D(2026, 11, 27), D(2027, 6, 1), NONE, false},
		{"nothing known at all: one interval from today",
		 CORE_STATE_RECEIVING, true, NONE, NONE, NONE, D(2026, 11, 27),
		 D(2027, 5, 27), NONE, false},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		const reverify_case *t = &table[i];
		core_due_case c = blank(t->state);
		core_due_item items[CORE_DUE_MAX];
		const core_due_item *it;
		size_t n;
		c.watched = t->watched;
		c.last_visit = t->last_visit;
		c.last_verified = t->last_verified;
		c.began = t->began;
		n = core_due_items(&c, &pol, t->today, items);
		if (!(it = find(items, n, CORE_DUE_REVERIFY)))
			fail_msg("%s: no re-verification", t->name);
		if (it->date != t->date || it->from != t->from ||
		    it->overdue != t->overdue ||
		    strcmp(it->detail, t->watched ? "watch" : "stable")) {
			char gd[11], gf[11], wd[11], wf[11];
			fmt(it->date, gd);
			fmt(it->from, gf);
			fmt(t->date, wd);
			fmt(t->from, wf);
			fail_msg("%s: %s from %s%s, wanted %s from %s%s", t->name, gd,
			         gf, it->overdue ? " overdue" : "", wd, wf,
			         t->overdue ? " overdue" : "");
		}
	}
}

/* Re-verification by class (the ladder): a marginal or rigid-hardship
 * household, paid nothing, is re-verified on its class's yearly cycle
 * once its case is decided (refused, exited), even a watched one; one
 * still paid (its withdrawal) as the watched or stable it is; while
 * its case is open for a visit, the visit is what is due; a class the
 * policy gives no interval of (dibao) keeps the watched or stable one; a
 * household refused with no status (none, or not classified) has no
 * re-verification. */
static void test_reverify_by_class(void **state)
{
	const struct {
		const char *name;
		core_state state;
		bool classified;
		core_class cls;
		bool watched;
		bool due;
		core_date date;
		const char *detail;
	} table[] = {
		{"marginal, refused dibao: a year after the visit",
		 CORE_STATE_REFUSED, true, CORE_CLASS_MARGINAL, true, true,
		 D(2027, 3, 1), "marginal"},
		{"rigid hardship, exited: a year after the visit",
		 CORE_STATE_EXITED, true, CORE_CLASS_RIGID_HARDSHIP, false, true,
		 D(2027, 3, 1), "rigid_hardship"},
		{"marginal, receiving its withdrawal: paid, so as watched",
		 CORE_STATE_IN_TRANSITION, true, CORE_CLASS_MARGINAL, true, true,
		 D(2026, 9, 1), "watch"},
		{"dibao, watched: the policy's watched interval",
		 CORE_STATE_RECEIVING, true, CORE_CLASS_DIBAO, true, true,
		 D(2026, 9, 1), "watch"},
		{"marginal, under investigation: no re-verification yet",
		 CORE_STATE_INVESTIGATING, true, CORE_CLASS_MARGINAL, false, false,
		 NONE, NULL},
		{"none, refused: nothing to re-verify", CORE_STATE_REFUSED, true,
		 CORE_CLASS_NONE, false, false, NONE, NULL},
		{"not classified, refused: nothing to re-verify", CORE_STATE_REFUSED,
		 false, CORE_CLASS_MARGINAL, false, false, NONE, NULL},
	};
	(void)state;
	core_policy_ladder_defaults(&pol); /* a file without a ladder has it */
	for (size_t i = 0; i < N(table); i++) {
		core_due_case c = blank(table[i].state);
		core_due_item items[CORE_DUE_MAX];
		const core_due_item *it;
		size_t n;
		c.c.visited = true;
		c.watched = table[i].watched;
		c.last_visit = D(2026, 3, 1);
		c.classified = table[i].classified;
		c.cls = table[i].cls;
		n = core_due_items(&c, &pol, D(2026, 11, 27), items);
		it = find(items, n, CORE_DUE_REVERIFY);
		if (!table[i].due) {
			if (it)
				fail_msg("%s: a re-verification is due", table[i].name);
			continue;
		}
		if (!it)
			fail_msg("%s: no re-verification", table[i].name);
		if (it->date != table[i].date || strcmp(it->detail, table[i].detail)) {
			char gd[11];
			fmt(it->date, gd);
			fail_msg("%s: due %s (%s)", table[i].name, gd, it->detail);
		}
	}
}

/* The withdrawal's warning: the policy's warning_days before the first
 * day of the last month (the schedule's own warning date), naming the
 * last month, before the end; overdue once its day has passed; none
 * outside a withdrawal. */
static void test_transition_warning(void **state)
{
	static const struct {
		int ly, lm;       /* the last month */
		int days;         /* warning_days */
		int wy, wm, wd;   /* the warning */
		const char *last;
	} table[] = {
		{2027, 5, 30, 2027, 4, 1, "2027-05"},   /* DOMAIN.md's example */
		{2027, 3, 30, 2027, 1, 30, "2027-03"},  /* back over February */
		{2028, 3, 30, 2028, 1, 31, "2028-03"},  /* a leap February */
		{2027, 1, 15, 2026, 12, 17, "2027-01"}, /* over a year end */
		{2027, 5, 0, 2027, 5, 1, "2027-05"},    /* on the month's first day */
	};
	core_date today = D(2026, 11, 27);
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_policy p;
		core_due_case c = blank(CORE_STATE_IN_TRANSITION);
		core_due_item items[CORE_DUE_MAX];
		const core_due_item *w, *e;
		size_t n;
		core_date want = D(table[i].wy, table[i].wm, table[i].wd);
		policy_default(&p);
		p.transition.warning_days = table[i].days;
		c.transition_last = core_month_make(table[i].ly, table[i].lm);
		assert_int_equal(core_policy_transition_warning(&p, c.transition_last), want);
		n = core_due_items(&c, &p, today, items);
		w = find(items, n, CORE_DUE_TRANSITION_WARNING);
		e = find(items, n, CORE_DUE_TRANSITION_ENDS);
		assert_non_null(w);
		assert_non_null(e);
		assert_int_equal(w->date, want);
		assert_true(w < e); /* listed before the end */
		assert_string_equal(w->detail, table[i].last);
		assert_int_equal(w->from, NONE);
		assert_int_equal(w->overdue, want < today);
		/* the day itself is not overdue, the day after is */
		n = core_due_items(&c, &p, want, items);
		assert_false(find(items, n, CORE_DUE_TRANSITION_WARNING)->overdue);
		n = core_due_items(&c, &p, want + 1, items);
		assert_true(find(items, n, CORE_DUE_TRANSITION_WARNING)->overdue);
		/* not in withdrawal: no warning */
		c.c.state = CORE_STATE_RECEIVING;
		n = core_due_items(&c, &p, today, items);
		assert_null(find(items, n, CORE_DUE_TRANSITION_WARNING));
		c.c.state = CORE_STATE_EXITED;
		n = core_due_items(&c, &p, today, items);
		assert_null(find(items, n, CORE_DUE_TRANSITION_WARNING));
		core_policy_free(&p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_visits),
		cmocka_unit_test(test_visit_days_from_policy),
		cmocka_unit_test(test_other_kinds),
		cmocka_unit_test(test_relief),
		cmocka_unit_test(test_transition_warning),
		cmocka_unit_test(test_reverify),
		cmocka_unit_test(test_reverify_by_class),
	};
	return cmocka_run_group_tests_name("due", tests, setup, teardown);
}
