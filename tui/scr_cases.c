/* scr_cases.c — the review queue (a supervisor's desk) and the appeals
 * (a reviewer's): the cases on top, oldest or nearest deadline first; the
 * proposal, why the case came back (or the refusal appealed against and
 * the household's reason), the evidence of the latest visit (who came,
 * who was there, consent, notes, what changed) and what changed at the
 * visits before it, the flags and the derivation of the chosen one below;
 * the
 * decisions as keys, the reasons asked for on the message line, and the
 * four-eyes refusal said in words. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "store/assessjson.h"
#include "store/casework.h"
#include "store/crosscheck.h"
#include "tui/evidence.h"
#include "tui/explain.h"
#include "tui/i18n.h"
#include "tui/labels.h"
#include "tui/list.h"
#include "tui/scr_text.h"
#include "tui/text.h"
#include "tui/ui.h"
#include "tui/wipe.h"

typedef struct {
	char id[STORE_ID_BUF];
	int64_t order;
	core_date deadline;
} case_item;

typedef struct {
	bool appeals;
	case_item *items;
	size_t n;
	ui_list l;          /* the cursor on the cases, the first shown */
	text_page detail;   /* of the chosen case */
	int detail_rows;    /* rows the detail had at the last draw */
	size_t detail_for;  /* index the detail was built for, or (size_t)-1 */
	core_action pending;
	char asked[STORE_ID_BUF]; /* the case the question is about: the
	                             cursor may move under it (a sync) */
	bool overturn;      /* with pending APPEAL_DECIDE */
	ui *u;
	unsigned generation; /* of u->rows when the list was made */
	size_t locked_top;   /* the detail's first line when locked, + 1 */
} cases;

static int by_order(const void *a, const void *b)
{
	const case_item *x = a, *y = b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* The cases from the caseload rows; the cursor stays on its case. */
static void load(cases *c)
{
	ui *u = c->u;
	char was[STORE_ID_BUF] = "";
	if (c->items && c->l.cursor < c->n)
		snprintf(was, sizeof(was), "%s", c->items[c->l.cursor].id);
	free(c->items);
	c->items = calloc(u->n_rows ? u->n_rows : 1, sizeof(*c->items));
	c->n = 0;
	for (size_t i = 0; c->items && i < u->n_rows; i++) {
		store_case k;
		ds_error err;
		bool want = c->appeals ? u->rows[i].appeal
		                       : u->rows[i].state == CORE_STATE_SUBMITTED;
		if (!want || store_case_get(u->store, u->rows[i].id, &k, &err))
			continue;
		snprintf(c->items[c->n].id, STORE_ID_BUF, "%s", u->rows[i].id);
		c->items[c->n].order = c->appeals ? k.c.appeal_deadline : k.proposal_seq;
		c->items[c->n].deadline = k.c.appeal_deadline;
		c->n++;
	}
	if (c->n)
		qsort(c->items, c->n, sizeof(*c->items), by_order);
	for (size_t i = 0; was[0] && i < c->n; i++)
		if (!strcmp(c->items[i].id, was))
			c->l.cursor = i;
	list_set_count(&c->l, c->n);
	c->detail_for = (size_t)-1;
	c->generation = u->generation;
}

/* The event of the last decision on the household's case (refused,
 * took effect, appeal decided, withdrawal ended), or 0. */
static int64_t decided_seq(ui *u, const char *id)
{
	store_timeline_item *tl = NULL;
	size_t n = 0;
	int64_t seq = 0;
	ds_error err;
	if (store_timeline(u->store, id, &tl, &n, &err))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (core_event_is(tl[i].kind, CORE_EVENT_CASE_REFUSED) ||
		    core_event_is(tl[i].kind, CORE_EVENT_CASE_FINALIZED) ||
		    core_event_is(tl[i].kind, CORE_EVENT_APPEAL_DECIDED) ||
		    core_event_is(tl[i].kind, CORE_EVENT_CASE_TRANSITION_ENDED))
			seq = tl[i].seq;
	free(tl);
	return seq;
}

static void build_detail(cases *c)
{
	ui *u = c->u;
	const char *id;
	store_case k;
	json_t *body = NULL;
	core_assessment *a = malloc(sizeof(*a));
	core_flag flags[CORE_FLAGS_MAX];
	size_t nflags = 0;
	int64_t since; /* the event of the last decision, 0 when none */
	ds_error err;
	text_clear(&c->detail);
	/* scrolled as it was before the lock, or from its start */
	c->detail.top = c->locked_top ? c->locked_top - 1 : 0;
	c->locked_top = 0;
	c->detail_for = c->l.cursor;
	if (!c->n || !a) {
		wipe_free(a);
		return;
	}
	id = c->items[c->l.cursor].id;
	if (store_case_get(u->store, id, &k, &err)) {
		ui_error(u, &err);
		wipe_free(a);
		return;
	}
	if (c->appeals) {
		char d[11];
		core_date_format(k.c.appeal_deadline, d);
		text_add(&c->detail, _("Appeal against: %s (proposed by %s, decided by %s); answer by %s; reviewer: %s"),
		         label_outcome(core_outcome_id(k.c.outcome)), k.c.decision_proposer, k.c.decision_approver, d,
		         k.c.appeal_reviewer[0] ? k.c.appeal_reviewer : _("not assigned"));
		if (k.c.appeal_late)
			text_add(&c->detail, _("Received after the time to appeal; accepted because: %s"),
			         k.c.appeal_late_reason);
	} else {
		text_add(&c->detail, _("Proposal: %s, submitted by %s"),
		         label_outcome(core_outcome_id(k.c.outcome)),
		         k.c.submitted_by);
	}
	/* why the case is here again (the returns and objections since the
	 * last decision), or the refusal under appeal and what the household
	 * says against it */
	since = c->appeals ? 0 : decided_seq(u, id);
	{
		store_reason *rs = NULL;
		size_t nr = 0;
		if (store_reasons(u->store, id, &rs, &nr, &err))
			ui_error(u, &err);
		else {
			size_t i, ap = nr, rf = nr;
			if (c->appeals) {
				for (i = nr; i-- > 0;)
					if (!strcmp(rs[i].kind, core_event_id(CORE_EVENT_APPEAL_FILED))) {
						ap = i;
						break;
					}
				for (i = ap; k.c.outcome == CORE_OUTCOME_REFUSE && i-- > 0;)
					if (!strcmp(rs[i].kind, core_event_id(CORE_EVENT_CASE_REFUSED))) {
						rf = i;
						break;
					}
				if (rf < nr)
					evidence_reason(&c->detail, &rs[rf], 0);
				if (ap < nr)
					evidence_reason(&c->detail, &rs[ap], 0);
			} else {
				for (i = 0; i < nr; i++)
					if (rs[i].seq > since &&
					    (!strcmp(rs[i].kind, core_event_id(CORE_EVENT_CASE_RETURNED)) ||
					     !strcmp(rs[i].kind, core_event_id(CORE_EVENT_CASE_OBJECTED))))
						evidence_reason(&c->detail, &rs[i], 0);
			}
		}
		store_reasons_free(&rs, nr);
	}
	/* the latest visit; on the review queue, what changed at the visits
	 * before it since the last decision too */
	{
		store_visit_item *vs = NULL;
		size_t nv = 0;
		if (store_visits(u->store, id, &vs, &nv, &err)) {
			ui_error(u, &err);
		} else {
			if (nv) {
				text_add(&c->detail, "%s", _("The latest visit:"));
				evidence_visit(&c->detail, &vs[0], 0, false);
			} else {
				text_add(&c->detail, "%s", _("No visit is recorded for this household."));
			}
			if (!c->appeals && nv > 1) {
				bool any = false;
				for (size_t i = 1; i < nv && vs[i].seq > since; i++) {
					char d[11];
					if (!any)
						text_add(&c->detail, "%s",
						         _("Earlier visits since the last decision:"));
					any = true;
					core_date_format(vs[i].visit.date, d);
					text_add(&c->detail, _("%s: visited by %s and %s"), d,
					         vs[i].visit.staff[0], vs[i].visit.staff[1]);
					evidence_changes(&c->detail, &vs[i], 0);
				}
			}
			store_visits_free(&vs, nv);
		}
	}
	if (store_crosscheck_flags(u->store, id, flags, CORE_FLAGS_MAX, &nflags,
	                           &err) == DS_OK)
		for (size_t i = 0; i < nflags; i++)
			text_add(&c->detail, _("Flag: %s — %s"),
			         explain_flag(flags[i].rule), flags[i].detail);
	{
		int64_t seq = c->appeals ? k.decision_seq : k.proposal_seq;
		if (seq && !store_event_json(u->store, seq, &body, &err) &&
		    !store_assessment_from_json(u->store, json_object_get(body, "assessment"),
		                                a, &err)) {
			char line[2048];
			int num = 0;
			for (size_t i = 0; i < a->n_steps; i++) {
				explain_step(a, &a->steps[i], line, sizeof(line));
				if (a->steps[i].code == CORE_STEP_TRANSITION_MONTH)
					text_add(&c->detail, "      %s", line);
				else
					text_add(&c->detail, "%2d. %s", ++num, line);
			}
			for (size_t i = 0; i < a->n_flags; i++)
				text_add(&c->detail, _("To review by a person: %s (%s)"),
				         explain_flag(a->flags[i].rule), a->flags[i].detail);
		}
	}
	json_decref(body);
	wipe_free(a); /* its text arena holds names */
}

static void draw(ui *u, screen *s, int top, int rows, int cols)
{
	cases *c = s->data;
	/* the list takes what its cases need, up to a third of the screen */
	int list = rows / 3 < 3 ? 3 : rows / 3, y;
	if (c->generation != u->generation)
		load(c);
	if ((size_t)list > c->n)
		list = c->n ? (int)c->n : 1;
	if (c->detail_for != c->l.cursor)
		build_detail(c);
	list_set_count(&c->l, c->n);
	list_show(&c->l, (size_t)list);
	for (int i = 0; i < list && c->l.top + (size_t)i < c->n; i++) {
		const case_item *it = &c->items[c->l.top + (size_t)i];
		const store_caseload_row *r = ui_row(u, it->id);
		int attr = c->l.top + (size_t)i == c->l.cursor ? A_REVERSE : A_NORMAL;
		int w_when = c->appeals ? 20 : 0;
		char when[32] = "";
		if (c->appeals) {
			core_date_format(it->deadline, when);
			if (it->deadline < u->today)
				snprintf(when + strlen(when), sizeof(when) - strlen(when),
				         " %s", _("OVERDUE"));
		}
		ui_put(top + i, 0, r ? r->head : "", 11, attr);
		ui_put(top + i, 11, when, w_when, attr);
		ui_put(top + i, 11 + w_when, r ? r->address : it->id,
		       cols - 11 - w_when, attr);
	}
	if (!c->n)
		ui_put(top + 1, 2, c->appeals ? _("No open appeals.")
		                              : _("No case waits for review."),
		       cols - 4, A_NORMAL);
	y = top + list;
	mvhline(y, 0, '-', cols);
	c->detail_rows = top + rows - y - 1;
	if (y + 1 < top + rows)
		text_page_paint(&c->detail, y + 1, top + rows - y - 1, cols);
}

static void title(ui *u, screen *s, char *out, size_t len)
{
	cases *c = s->data;
	snprintf(out, len,
	         c->appeals ? _("Appeals: %zu open, nearest deadline first — %s")
	                    : _("Review queue: %zu cases, oldest first — %s"),
	         c->n, u->user);
}

/* The answer to the question ask() put: a refusal (no reason, four
 * eyes) keeps the question open with what was typed. */
static bool decided(ui *u, void *ctx, const char *reason)
{
	cases *c = ctx;
	core_step_args args;
	core_state next;
	ds_error err;
	core_action a = c->pending;
	if (!reason) {
		ui_message(u, false, "%s", _("Put away: nothing was decided."));
		return true;
	}
	if (!c->asked[0])
		return true;
	core_step_args_init(&args);
	if (a == CORE_ACTION_APPEAL_ASSIGN)
		args.to = reason;
	else if (a == CORE_ACTION_APPROVE && *reason)
		args.note = reason;
	else if (*reason)
		args.reason = reason;
	args.overturn = a == CORE_ACTION_APPEAL_DECIDE && c->overturn;
	if (store_case_act(u->store, c->asked, a, &args, &next, &err)) {
		ui_error(u, &err); /* four eyes and roles, in words */
		return false;
	}
	ui_message(u, false, _("%s: done; the case is now: %s"), c->asked,
	           label_status(core_state_id(next)));
	ui_reload(u);
	load(c);
	return true;
}

static void ask(ui *u, cases *c, core_action a, bool overturn,
                const char *question)
{
	ds_error err;
	c->pending = a;
	c->overturn = overturn;
	snprintf(c->asked, sizeof(c->asked), "%s",
	         c->n && c->l.cursor < c->n ? c->items[c->l.cursor].id : "");
	/* not allowed: said now, before a reason is typed for nothing */
	if (c->n && store_case_may(u->store, c->items[c->l.cursor].id, a, &err)) {
		ui_error(u, &err);
		return;
	}
	ui_prompt(u, question, decided, c);
}

static unsigned key(ui *u, screen *s, ui_action a, int ch)
{
	cases *c = s->data;
	(void)ch;
	size_t page = c->detail_rows > 2 ? (size_t)c->detail_rows - 1 : 1;
	list_set_count(&c->l, c->n);
	switch (a) {
	case UI_UP:
	case UI_DOWN:
	case UI_HOME:
	case UI_END:
		ui_list_move(&c->l, a);
		return UI_DIRTY_BODY;
	/* the case's file below the list: a page at a time, or by section */
	case UI_PGDN:
		/* lines wrap: the page's painting keeps its last screenful full */
		if (c->detail.n)
			c->detail.top = c->detail.top + page < c->detail.n
			                ? c->detail.top + page : c->detail.n - 1;
		return UI_DIRTY_BODY;
	case UI_PGUP:
		c->detail.top = c->detail.top > page ? c->detail.top - page : 0;
		return UI_DIRTY_BODY;
	case UI_NEXT_SECTION:
		for (size_t i = c->detail.top + 1; i < c->detail.n; i++)
			if (c->detail.lines[i][0] == '\1') {
				c->detail.top = i;
				break;
			}
		return UI_DIRTY_BODY;
	case UI_PREV_SECTION:
		for (size_t i = c->detail.top; i-- > 0;)
			if (c->detail.lines[i][0] == '\1') {
				c->detail.top = i;
				break;
			}
		return UI_DIRTY_BODY;
	case UI_OPEN:
		if (c->n)
			ui_push(u, scr_household_new(u, c->items[c->l.cursor].id));
		return UI_DIRTY_ALL;
	case UI_APPROVE:
		ask(u, c, CORE_ACTION_APPROVE, false,
		    _("Approve? Enter approves (a note may be typed first); Esc puts away: "));
		return UI_DIRTY_ALL;
	case UI_RETURN:
		ask(u, c, CORE_ACTION_RETURN, false, _("Why return it? "));
		return UI_DIRTY_ALL;
	case UI_REFUSE:
		ask(u, c, CORE_ACTION_REFUSE, false, _("Why refuse? (it goes into the letter) "));
		return UI_DIRTY_ALL;
	case UI_ASSIGN:
		ask(u, c, CORE_ACTION_APPEAL_ASSIGN, false, _("Give it to (a reviewer's user name): "));
		return UI_DIRTY_ALL;
	case UI_UPHOLD:
		ask(u, c, CORE_ACTION_APPEAL_DECIDE, false, _("Why uphold the decision? "));
		return UI_DIRTY_ALL;
	case UI_OVERTURN:
		ask(u, c, CORE_ACTION_APPEAL_DECIDE, true, _("Why overturn it? "));
		return UI_DIRTY_ALL;
	default:
		return UI_DIRTY_NONE;
	}
}

/* The list holds ids and dates only; the case shown below it (the
 * proposal, its derivation, the flags) is wiped and built again after the
 * unlock, for the same case. */
static bool lock_(ui *u, screen *s)
{
	cases *c = s->data;
	(void)u;
	text_clear(&c->detail);
	c->locked_top = c->detail.top + 1;
	c->detail_for = (size_t)-1;
	return false;
}

static void close_(screen *s)
{
	cases *c = s->data;
	text_clear(&c->detail);
	free(c->detail.lines);
	free(c->items);
	free(c);
}

/* Every key of every screen but search: a queue is read case by case. */
static bool handles(const screen *s, ui_action a)
{
	(void)s;
	return a != UI_SEARCH && a != UI_NEXT && a != UI_PREV;
}

static const screen_ops review_ops = {
	.name = "reviews",
	.draw = draw,
	.key = key,
	.close = close_,
	.title = title,
	.lock = lock_,
	.handles = handles,
};
static const screen_ops appeal_ops = {
	.name = "appeals",
	.draw = draw,
	.key = key,
	.close = close_,
	.title = title,
	.lock = lock_,
	.handles = handles,
};

screen *scr_cases_new(ui *u, bool appeals)
{
	screen *s = calloc(1, sizeof(*s));
	cases *c = calloc(1, sizeof(*c));
	if (!s || !c) {
		free(s);
		free(c);
		return NULL;
	}
	c->u = u;
	c->appeals = appeals;
	load(c);
	s->ops = appeals ? &appeal_ops : &review_ops;
	s->data = c;
	return s;
}
