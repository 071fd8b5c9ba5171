/* due.c — the due rule: what a case needs next and by when. */
#include "due.h"

#include <stdio.h>
#include <string.h>

static const char *const due_ids[] = {
#define X(e, id, words) id,
	CORE_DUE_LIST(X)
#undef X
};

static const char *const due_words[] = {
#define X(e, id, words) words,
	CORE_DUE_LIST(X)
#undef X
};

const char *core_due_id(core_due_kind k)
{
	return (unsigned)k < CORE_DUE_COUNT ? due_ids[k] : "?";
}

const char *core_due_words(core_due_kind k)
{
	return (unsigned)k < CORE_DUE_COUNT ? due_words[k] : "?";
}

int core_due_lookup(const char *id)
{
	for (int i = 0; id && i < CORE_DUE_COUNT; i++)
		if (!strcmp(due_ids[i], id))
			return i;
	return -1;
}

core_date core_due_visit_date(const core_policy *p, core_date from)
{
	return from + p->investigation.visit_days;
}

typedef struct {
	core_due_item *out;
	size_t n;
	core_date today;
} acc;

static void add(acc *a, core_due_kind kind, core_date date, core_date from,
                const char *detail)
{
	core_due_item *it;
	if (a->n >= CORE_DUE_MAX)
		return;
	it = &a->out[a->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->date = date;
	it->from = from;
	it->overdue = date < a->today;
	snprintf(it->detail, sizeof(it->detail), "%s", detail ? detail : "");
}

/* A visit counted from a known day; with none known, due today. */
static void visit(acc *a, const core_policy *p, core_due_kind kind,
                  core_date from, const char *detail)
{
	if (from < 0)
		add(a, kind, a->today, -1, detail);
	else
		add(a, kind, core_due_visit_date(p, from), from, detail);
}

static core_date reverify_date(const core_due_case *c, int months,
                               core_date today, core_date *from)
{
	core_date base;
	*from = c->last_visit >= 0 ? c->last_visit : c->last_verified;
	if (*from >= 0)
		return core_date_add_months(*from, months);
	/* nothing known: the cycle from when the allowance began, the latest
	 * cycle no more than a year behind. Each step counts from the start,
	 * so a cycle from the 31st does not drift to the 28th. */
	base = c->began >= 0 ? c->began : today;
	for (int k = 1; k < 12 * (CORE_DATE_MAX_YEAR - CORE_DATE_MIN_YEAR); k++) {
		core_date d = core_date_add_months(base, k * months);
		if (d + 366 >= today)
			return d;
	}
	return today;
}

/* A marginal or rigid-hardship household holds a status that is paid
 * nothing and reviewed on its own cycle: its case decided (refused or
 * exited from the allowance), not open for a visit (then the visit is
 * what is due). */
static bool holds_status(const core_due_case *c)
{
	core_state st = c->c.state;
	return c->classified &&
	       (c->cls == CORE_CLASS_MARGINAL || c->cls == CORE_CLASS_RIGID_HARDSHIP) &&
	       (st == CORE_STATE_REFUSED || st == CORE_STATE_EXITED);
}

size_t core_due_items(const core_due_case *c, const core_policy *p,
                      core_date today, core_due_item out[CORE_DUE_MAX])
{
	acc a = {out, 0, today};
	core_state st = c->c.state;

	/* a case open for investigation that nobody has visited since it
	 * was opened, returned or reopened */
	if (st == CORE_STATE_APPLYING)
		visit(&a, p, CORE_DUE_FIRST_VISIT, c->applied, "application");
	else if (st == CORE_STATE_RETURNED)
		visit(&a, p, CORE_DUE_RETURNED, c->opened,
		      c->opened_by[0] ? c->opened_by : "return");
	else if (st == CORE_STATE_INVESTIGATING && !c->c.visited)
		visit(&a, p, CORE_DUE_REOPENED, c->opened, c->opened_by);

	switch (st) {
	case CORE_STATE_SUBMITTED:
		add(&a, CORE_DUE_REVIEW, today, -1, c->c.submitted_by);
		break;
	case CORE_STATE_NOTICE:
		add(&a, CORE_DUE_NOTICE_ENDS, c->c.notice_ends, -1, NULL);
		break;
	case CORE_STATE_IN_TRANSITION:
		if (c->transition_last) {
			char last[8];
			core_month_format(c->transition_last, last);
			add(&a, CORE_DUE_TRANSITION_WARNING,
			    core_policy_transition_warning(p, c->transition_last),
			    -1, last);
			add(&a, CORE_DUE_TRANSITION_ENDS,
			    core_month_last_day(c->transition_last), -1, NULL);
		}
		break;
	default:
		break;
	}
	if (c->c.appeal_open)
		add(&a, CORE_DUE_APPEAL, c->appeal_deadline, -1,
		    c->c.appeal_reviewer);
	if (c->referral_due)
		add(&a, CORE_DUE_FOLLOWUP, c->referral_date, -1,
		    "employment_referral");
	if (st == CORE_STATE_RECEIVING || st == CORE_STATE_IN_TRANSITION ||
	    st == CORE_STATE_SUSPENDED || holds_status(c)) {
		int months = c->watched ? p->reverify.watch_months
		                        : p->reverify.stable_months;
		const char *why = c->watched ? "watch" : "stable";
		core_date from, d;
		if (holds_status(c) && p->ladder.set &&
		    p->ladder.reverify.months[c->cls] > 0) {
			months = p->ladder.reverify.months[c->cls];
			why = core_class_id(c->cls);
		}
		d = reverify_date(c, months, today, &from);
		add(&a, CORE_DUE_REVERIFY, d, from, why);
	}
	return a.n;
}

size_t core_due_relief(const core_relief *r, const char *id, core_date today,
                       core_due_item out[2])
{
	acc a = {out, 0, today};
	if (r->state == CORE_RELIEF_APPROVED || r->state == CORE_RELIEF_REFUSED)
		return 0;
	add(&a, CORE_DUE_RELIEF, r->deadline, r->received, id);
	if (r->paid_first && r->paperwork_due >= 0)
		add(&a, CORE_DUE_RELIEF_PAPERWORK, r->paperwork_due,
		    r->paid_first_on, id);
	return a.n;
}
