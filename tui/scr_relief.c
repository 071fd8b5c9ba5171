/* scr_relief.c — temporary assistance (临时救助) in the interface: the
 * relief queue beside the review queue (every case, the open ones first by
 * deadline, overdue marked), a relief case's page (its facts and the
 * derivation in words, relief_words.c) with its steps as keys — propose,
 * approve, refuse, pay first — each asking what it needs question by
 * question on the message line, and filing a case from a household's page
 * (the cause chosen from the list, the need, the amount, urgent or not).
 * The rules are core/relief.c's, the store keeps the cases; a step the
 * user may not take is said in one line before anything is typed. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/relief.h"
#include "store/relief.h"
#include "tui/i18n.h"
#include "tui/relief_words.h"
#include "tui/scr_text.h"
#include "tui/text.h"
#include "tui/ui.h"
#include "tui/wipe.h"

static bool decided_state(core_relief_state s)
{
	return s == CORE_RELIEF_APPROVED || s == CORE_RELIEF_REFUSED;
}

/* "2026-12-11", or "2026-12-11 OVERDUE" for an open case past it. */
static void deadline_text(const core_relief *r, core_date today, char *out,
                          size_t len)
{
	char d[11];
	core_date_format(decided_state(r->state) ? r->decided : r->deadline, d);
	snprintf(out, len, "%s%s%s", d,
	         !decided_state(r->state) && r->deadline < today ? " " : "",
	         !decided_state(r->state) && r->deadline < today ? _("OVERDUE") : "");
}

/* ---- the queue ---------------------------------------------------------------- */

typedef struct {
	char id[STORE_ID_BUF];
	char household[STORE_ID_BUF];
	core_relief r; /* its reason is wiped: the list shows figures only */
} relief_item;

typedef struct {
	ui *u;
	relief_item *items;
	size_t n;
	ui_list l;
	unsigned generation; /* of the store when the list was read */
} relief_queue;

/* The cases as store_relief_list orders them; the cursor stays on its
 * case. */
static void load(relief_queue *q)
{
	ui *u = q->u;
	store_relief *list = NULL;
	size_t n = 0;
	ds_error err;
	char was[STORE_ID_BUF] = "";
	if (q->items && q->l.cursor < q->n)
		snprintf(was, sizeof(was), "%s", q->items[q->l.cursor].id);
	free(q->items);
	q->items = NULL;
	q->n = 0;
	q->generation = u->generation;
	if (store_relief_list(u->store, &list, &n, &err)) {
		ui_error(u, &err);
		list_set_count(&q->l, 0);
		return;
	}
	q->items = calloc(n ? n : 1, sizeof(*q->items));
	for (size_t i = 0; q->items && i < n; i++) {
		relief_item *it = &q->items[q->n++];
		snprintf(it->id, sizeof(it->id), "%s", list[i].id);
		snprintf(it->household, sizeof(it->household), "%s", list[i].household);
		it->r = list[i].r;
		sodium_memzero(it->r.reason, sizeof(it->r.reason));
	}
	if (list)
		sodium_memzero(list, n * sizeof(*list)); /* the needs, the reasons */
	free(list);
	for (size_t i = 0; was[0] && i < q->n; i++)
		if (!strcmp(q->items[i].id, was))
			q->l.cursor = i;
	list_set_count(&q->l, q->n);
}

static void queue_draw(ui *u, screen *s, int top, int rows, int cols)
{
	relief_queue *q = s->data;
	if (q->generation != u->generation)
		load(q);
	list_set_count(&q->l, q->n);
	list_show(&q->l, rows > 0 ? (size_t)rows : 1);
	for (int i = 0; i < rows && q->l.top + (size_t)i < q->n; i++) {
		const relief_item *it = &q->items[q->l.top + (size_t)i];
		const store_caseload_row *r = ui_row(u, it->household);
		int attr = q->l.top + (size_t)i == q->l.cursor ? A_REVERSE : A_NORMAL;
		char when[64], m[CORE_MONEY_BUF];
		bool over = !decided_state(it->r.state) && it->r.deadline < u->today;
		deadline_text(&it->r, u->today, when, sizeof(when));
		core_money_format(it->r.state == CORE_RELIEF_APPROVED ? it->r.approved
		                  : it->r.proposed ? it->r.proposed : it->r.requested,
		                  m);
		ui_put(top + i, 0, over ? "!" : " ", 2, attr | A_BOLD);
		ui_put(top + i, 2, when, 20, attr);
		ui_put(top + i, 22, r ? r->head : it->household, 11, attr);
		ui_put_right(top + i, 33, m, 10, attr);
		ui_put(top + i, 43, " ", 2, attr);
		ui_put(top + i, 45, relief_state_text(it->r.state), cols - 45, attr);
	}
	if (!q->n)
		ui_put(top + 1, 2, _("No relief case yet: file one from a household's page (E)."),
		       cols - 4, A_NORMAL);
}

static void queue_title(ui *u, screen *s, char *out, size_t len)
{
	relief_queue *q = s->data;
	size_t open = 0;
	for (size_t i = 0; i < q->n; i++)
		open += !decided_state(q->items[i].r.state);
	snprintf(out, len, _("Relief cases: %zu open, nearest deadline first — %s"),
	         open, u->user);
}

static unsigned queue_key(ui *u, screen *s, ui_action a, int ch)
{
	relief_queue *q = s->data;
	(void)ch;
	list_set_count(&q->l, q->n);
	if (ui_list_move(&q->l, a))
		return UI_DIRTY_BODY;
	if (a == UI_OPEN) {
		if (q->n)
			ui_push(u, scr_relief_new(u, q->items[q->l.cursor].id));
		return UI_DIRTY_ALL;
	}
	return UI_DIRTY_NONE;
}

/* A list read case by case: no search, no sections. */
static bool queue_handles(const screen *s, ui_action a)
{
	(void)s;
	return a != UI_SEARCH && a != UI_NEXT && a != UI_PREV &&
	       a != UI_NEXT_SECTION && a != UI_PREV_SECTION;
}

/* The list holds ids, dates and figures; nothing to wipe at the lock. */
static bool queue_lock(ui *u, screen *s)
{
	(void)u;
	(void)s;
	return false;
}

static void queue_close(screen *s)
{
	relief_queue *q = s->data;
	free(q->items);
	free(q);
}

static const screen_ops queue_ops = {
	.name = "reliefs",
	.draw = queue_draw,
	.key = queue_key,
	.close = queue_close,
	.title = queue_title,
	.lock = queue_lock,
	.handles = queue_handles,
};

screen *scr_reliefs_new(ui *u)
{
	screen *s = calloc(1, sizeof(*s));
	relief_queue *q = calloc(1, sizeof(*q));
	if (!s || !q) {
		free(s);
		free(q);
		return NULL;
	}
	q->u = u;
	load(q);
	s->ops = &queue_ops;
	s->data = q;
	return s;
}

/* ---- a case: its page and its steps ------------------------------------------------ */

typedef enum { ASK_AMOUNT, ASK_REASON, ASK_CONFIRM } asked;

typedef struct {
	char id[STORE_ID_BUF];
	text_page *t;
	core_relief_action pending;
	asked q;
	core_fen amount;   /* a proposal's, while its reason is asked */
	core_fen shown;    /* the amount on the case, for the questions */
	/* a proposal's reason, kept while its amount is asked again */
	char reason[CORE_RELIEF_REASON_MAX];
} case_ctx;

static void emit_line(void *ctx, const char *line)
{
	text_add(ctx, "%s", line);
}

static void case_build(ui *u, text_page *t)
{
	case_ctx *x = t->ctx;
	store_relief k;
	ds_error err;
	const store_caseload_row *r;
	text_clear(t);
	if (store_relief_get(u->store, x->id, &k, &err)) {
		ui_error(u, &err);
		snprintf(t->title, sizeof(t->title), _("Relief case %s"), x->id);
		text_add(t, "%s", _("This relief case cannot be read."));
		return;
	}
	r = ui_row(u, k.household);
	snprintf(t->title, sizeof(t->title), _("Relief case %s — %s"), k.id,
	         r ? r->head : k.household);
	if (r)
		text_add(t, _("Household: %s, %s"), r->head, r->address);
	relief_lines(&k, emit_line, t);
	if (!decided_state(k.r.state) && k.r.deadline < u->today)
		text_add(t, "%s", _("OVERDUE: the deadline to decide has passed."));
	if (k.r.state == CORE_RELIEF_FILED)
		text_add(t, "%s", _("Next: after the investigation, propose the amount (P)."));
	else if (k.r.state == CORE_RELIEF_PROPOSED)
		text_add(t, "%s", _("Next: a second person approves (A) or refuses (X)."));
	else if (decided_state(k.r.state))
		text_add(t, "%s", _("The written decision for the household: L (p prints it)."));
	x->shown = k.r.proposed ? k.r.proposed : k.r.requested;
	sodium_memzero(&k, sizeof(k));
}

/* Whether the user may take the step on the case now: core_relief_act on
 * the case as it is, with the figures it would be given (the household's
 * standard on the day received); what is typed next (an amount, a reason)
 * is checked when it is given. A refusal names why, in err. */
static ds_status may(ui *u, const char *id, core_relief_action a, ds_error *err)
{
	store_relief k;
	store_household_row row;
	core_policy *versions = NULL;
	const core_policy *p = NULL;
	const core_standard *sd;
	core_relief_args args;
	core_relief out;
	size_t nv = 0;
	ds_status st;
	memset(&row, 0, sizeof(row));
	core_relief_args_init(&args);
	if ((st = store_relief_get(u->store, id, &k, err)))
		return st;
	if ((st = store_policy_at(u->store, k.r.received, &versions, &nv, &p, err)) || !p ||
	    (st = store_household_get(u->store, k.household, &row, err)))
		goto out; /* no policy: the store says so at the step */
	if (!(sd = core_policy_standard(p, row.h.region, k.r.received, err))) {
		st = err->status;
		goto out;
	}
	args.standard = sd->monthly;
	args.amount = k.r.paid_first ? k.r.paid_first : 1;
	args.reason = "-";
	st = core_relief_act(&k.r, a, &args, store_user(u->store), store_role(u->store),
	                     false, store_today(u->store), &p->relief, &out, NULL, err);
	if (st && st != DS_EPERM &&
	    (!strcmp(err->where, "amount") || !strcmp(err->where, "reason")))
		st = DS_OK;
out:
	wipe_household(&row.h);
	store_row_free(&row);
	store_policies_free(versions, nv);
	sodium_memzero(&k, sizeof(k));
	return st;
}

static void ask(ui *u, case_ctx *x, asked q);

/* The step, with what was answered. */
static bool act(ui *u, case_ctx *x, const char *reason)
{
	core_relief_args args;
	store_relief k;
	ds_error err;
	core_relief_args_init(&args);
	args.amount = x->amount;
	args.reason = reason;
	if (store_relief_act(u->store, x->id, x->pending, &args, &k, &err)) {
		if (!strcmp(err.where, "amount") && x->q != ASK_AMOUNT) {
			/* back to the amount as typed, the refusal beside it; the
			 * reason is kept for when it is taken */
			char m[CORE_MONEY_BUF];
			if (reason != x->reason)
				snprintf(x->reason, sizeof(x->reason), "%s", reason ? reason : "");
			ask(u, x, ASK_AMOUNT);
			core_money_format(x->amount, m);
			field_set(&u->prompt, m);
			ui_prompt_error(u, &err);
			return true;
		}
		ui_error(u, &err);
		/* a refusal of the step itself closes the question */
		return strcmp(err.where, "amount") && strcmp(err.where, "reason");
	}
	sodium_memzero(x->reason, sizeof(x->reason));
	ui_message(u, false, _("%s: done; the relief case is now: %s"), k.id,
	           relief_state_text(k.r.state));
	sodium_memzero(&k, sizeof(k));
	ui_reload(u);
	x->t->generation = u->generation;
	case_build(u, x->t);
	return true;
}

static bool answered(ui *u, void *ctx, const char *text)
{
	case_ctx *x = ctx;
	ds_error err;
	if (!text) {
		sodium_memzero(x->reason, sizeof(x->reason));
		ui_message(u, false, "%s", _("Put away: nothing was done to the relief case."));
		return true;
	}
	switch (x->q) {
	case ASK_AMOUNT:
		if (core_money_parse(text, false, &x->amount, "amount", &err)) {
			ui_error(u, &err);
			return false;
		}
		if (x->pending == CORE_RELIEF_ACT_PROPOSE && x->reason[0])
			return act(u, x, x->reason); /* asked again after a refusal */
		if (x->pending == CORE_RELIEF_ACT_PROPOSE) {
			ask(u, x, ASK_REASON);
			return true;
		}
		return act(u, x, NULL);
	case ASK_REASON:
		return act(u, x, text);
	case ASK_CONFIRM:
		if (!ui_answer_yes(text)) {
			ui_message(u, false, "%s", _("Put away: nothing was done to the relief case."));
			return true;
		}
		return act(u, x, NULL);
	}
	return true;
}

static void ask(ui *u, case_ctx *x, asked q)
{
	char label[128], m[CORE_MONEY_BUF];
	x->q = q;
	core_money_format(x->shown, m);
	if (q == ASK_AMOUNT)
		snprintf(label, sizeof(label), "%s",
		         x->pending == CORE_RELIEF_ACT_PAY_FIRST ? _("Pay first, yuan: ")
		                                                 : _("Amount proposed, yuan: "));
	else if (q == ASK_REASON)
		snprintf(label, sizeof(label), "%s",
		         x->pending == CORE_RELIEF_ACT_PROPOSE ? _("Why this amount (the investigation)? ")
		                                               : _("Why refuse? (it goes into the letter) "));
	else
		/* L10N: at most 40 columns, as every question */
		snprintf(label, sizeof(label), _("Approve %s yuan? Enter approves: "), m);
	ui_prompt(u, label, answered, x);
	if (q == ASK_AMOUNT && x->pending == CORE_RELIEF_ACT_PROPOSE)
		field_set(&u->prompt, m);
}

static unsigned case_key(ui *u, text_page *t, ui_action a)
{
	case_ctx *x = t->ctx;
	ds_error err;
	core_relief_action step;
	switch (a) {
	case UI_PROPOSE:
		step = CORE_RELIEF_ACT_PROPOSE;
		break;
	case UI_RELIEF_APPROVE:
		step = CORE_RELIEF_ACT_APPROVE;
		break;
	case UI_RELIEF_REFUSE:
		step = CORE_RELIEF_ACT_REFUSE;
		break;
	case UI_PAY_FIRST:
		step = CORE_RELIEF_ACT_PAY_FIRST;
		break;
	case UI_NOTICE:
		ui_push(u, scr_relief_notice_new(u, x->id)); /* NULL: not decided, said why */
		return UI_DIRTY_ALL;
	default:
		return UI_DIRTY_NONE;
	}
	if (may(u, x->id, step, &err)) {
		ui_error(u, &err); /* four eyes, roles, a decided case: in words */
		return UI_DIRTY_ALL;
	}
	x->pending = step;
	x->amount = 0;
	sodium_memzero(x->reason, sizeof(x->reason));
	ask(u, x, step == CORE_RELIEF_ACT_APPROVE  ? ASK_CONFIRM
	          : step == CORE_RELIEF_ACT_REFUSE ? ASK_REASON
	                                           : ASK_AMOUNT);
	return UI_DIRTY_ALL;
}

static void case_done(text_page *t)
{
	case_ctx *x = t->ctx;
	sodium_memzero(x, sizeof(*x));
	free(x);
}

screen *scr_relief_new(ui *u, const char *id)
{
	text_page *t = calloc(1, sizeof(*t));
	case_ctx *x = calloc(1, sizeof(*x));
	if (!t || !x) {
		free(t);
		free(x);
		return NULL;
	}
	snprintf(x->id, sizeof(x->id), "%s", id);
	x->t = t;
	t->ctx = x;
	t->key = case_key;
	t->done = case_done;
	t->rebuild = case_build;
	t->generation = u->generation;
	case_build(u, t);
	return text_screen("relief", t);
}

/* ---- filing a case from a household's page ------------------------------------------ */

typedef enum { F_CAUSE, F_NEED, F_AMOUNT, F_URGENT, F_NONE } file_q;

typedef struct {
	char household[STORE_ID_BUF];
	file_q q;
	int cause;                  /* -1 before it is chosen */
	char need[CORE_TEXT_MAX];   /* wiped at the lock and the close */
	core_fen amount;
	bool put_away;              /* the lock put the form away */
} file_form;

static void file_ask(ui *u, file_form *f, file_q q);

/* A cause as typed: its number in the list shown, its words or its id. */
static int cause_of(const char *text)
{
	if (text[0] >= '1' && text[0] <= '9' && !text[1] &&
	    text[0] - '1' < CORE_RELIEF_CAUSE_COUNT)
		return text[0] - '1';
	for (int c = 0; c < CORE_RELIEF_CAUSE_COUNT; c++)
		if (!strcmp(text, _(core_relief_cause_words((core_relief_cause)c))) ||
		    !strcmp(text, core_relief_cause_id((core_relief_cause)c)))
			return c;
	return -1;
}

static bool file_finish(ui *u, file_form *f, bool urgent)
{
	core_relief_args args;
	store_relief k;
	bool already = false;
	ds_error err;
	char dl[11];
	core_relief_args_init(&args);
	args.cause = (core_relief_cause)f->cause;
	args.urgent = urgent;
	args.amount = f->amount;
	if (store_relief_file(u->store, f->household, &args, f->need, &k, &already, &err)) {
		if (!strcmp(err.where, "amount") || !strcmp(err.where, "need")) {
			file_ask(u, f, !strcmp(err.where, "amount") ? F_AMOUNT : F_NEED);
			ui_prompt_error(u, &err);
			return true;
		}
		ui_error(u, &err);
		return false;
	}
	core_date_format(k.r.deadline, dl);
	ui_reload(u);
	ui_pop(u); /* frees f */
	ui_push(u, scr_relief_new(u, k.id));
	if (already)
		ui_message(u, false, _("The same relief case was filed already: %s."), k.id);
	else
		ui_message(u, false,
		           k.r.deadline_covered
		                   ? _("Relief case filed; to be decided by %s (working days). Investigate, then propose (P).")
		                   : _("Relief case filed; to be decided by %s (working days counted on weekends only). Investigate, then propose (P)."),
		           dl);
	sodium_memzero(&k, sizeof(k));
	return true;
}

static bool file_answered(ui *u, void *ctx, const char *text)
{
	file_form *f = ctx;
	ds_error err;
	if (!text) {
		ui_pop(u); /* frees f */
		ui_message(u, false, "%s", _("Put away: no relief case was filed."));
		return true;
	}
	switch (f->q) {
	case F_CAUSE: {
		int c = cause_of(text);
		if (c < 0) {
			char last[4];
			snprintf(last, sizeof(last), "%d", CORE_RELIEF_CAUSE_COUNT);
			ui_message(u, true, _("Type a number from 1 to %s, or a cause as the list above words it."),
			           last);
			return false;
		}
		f->cause = c;
		file_ask(u, f, F_NEED);
		return true;
	}
	case F_NEED:
		if (core_text_check(text, CORE_TEXT_MAX, true, _("What the household needs"), &err)) {
			ui_error(u, &err);
			return false;
		}
		snprintf(f->need, sizeof(f->need), "%s", text);
		file_ask(u, f, F_AMOUNT);
		return true;
	case F_AMOUNT:
		if (core_money_parse(text, false, &f->amount, "amount", &err)) {
			ui_error(u, &err);
			return false;
		}
		file_ask(u, f, F_URGENT);
		return true;
	case F_URGENT:
		return file_finish(u, f, text[0] && ui_answer_yes(text));
	default:
		return true;
	}
}

static void file_ask(ui *u, file_form *f, file_q q)
{
	static const char *const label[] = {
		/* L10N: at most 40 columns (half the screen), as every question */
		[F_CAUSE] = N_("The cause (its number): "),
		[F_NEED] = N_("What the household needs: "),
		[F_AMOUNT] = N_("Amount asked for, yuan: "),
		[F_URGENT] = N_("Urgent, to be paid first? (y/n): "),
	};
	f->q = q;
	f->put_away = false;
	ui_prompt(u, _(label[q]), file_answered, f);
	if (q == F_NEED && f->need[0])
		field_set(&u->prompt, f->need);
}

static void file_draw(ui *u, screen *s, int top, int rows, int cols)
{
	file_form *f = s->data;
	const store_caseload_row *r = ui_row(u, f->household);
	int y = top + 1;
	char line[1024], m[CORE_MONEY_BUF];
	if (f->put_away) {
		ui_put(top + 1, 2, _("The screen locked: what was typed for the relief case was put away."),
		       cols - 4, A_NORMAL);
		ui_put(top + 3, 2, _("Enter: start again.  q: back to the household."),
		       cols - 4, A_NORMAL);
		return;
	}
	if (r) {
		snprintf(line, sizeof(line), _("Household: %s, %s"), r->head, r->address);
		ui_put(y++, 2, line, cols - 4, A_NORMAL);
	}
	y++;
	if (f->q == F_CAUSE) {
		for (int c = 0; c < CORE_RELIEF_CAUSE_COUNT && y < top + rows - 3; c++) {
			snprintf(line, sizeof(line), "%d  %s", c + 1,
			         _(core_relief_cause_words((core_relief_cause)c)));
			ui_put(y++, 4, line, cols - 6, A_NORMAL);
		}
	} else if (f->cause >= 0) {
		snprintf(line, sizeof(line), _("Cause: %s"),
		         _(core_relief_cause_words((core_relief_cause)f->cause)));
		ui_put(y++, 2, line, cols - 4, A_NORMAL);
	}
	if (f->q > F_NEED && f->need[0]) {
		snprintf(line, sizeof(line), _("Need: %s"), f->need);
		ui_put(y++, 2, line, cols - 4, A_NORMAL);
	}
	if (f->q > F_AMOUNT) {
		core_money_format(f->amount, m);
		snprintf(line, sizeof(line), _("Asked for: %s yuan"), m);
		ui_put(y++, 2, line, cols - 4, A_NORMAL);
	}
	ui_put(top + rows - 2, 2,
	       _("Received today; the deadline is counted in working days. Esc puts it away."),
	       cols - 4, A_DIM);
}

static void file_title(ui *u, screen *s, char *out, size_t len)
{
	(void)u;
	(void)s;
	snprintf(out, len, "%s", _("Temporary assistance: file a relief case"));
}

static unsigned file_key(ui *u, screen *s, ui_action a, int ch)
{
	file_form *f = s->data;
	(void)ch;
	if (a == UI_OPEN && f->put_away) {
		file_ask(u, f, F_CAUSE);
		return UI_DIRTY_ALL;
	}
	return UI_DIRTY_NONE;
}

static void file_hints(screen *s, char *out, size_t len)
{
	(void)s;
	snprintf(out, len, "%s", _("Enter start again  q back"));
}

/* The idle lock: every answer is wiped (the engine puts the question
 * away); after the unlock the form offers to start again. */
static bool file_lock(ui *u, screen *s)
{
	file_form *f = s->data;
	bool typed = f->cause >= 0 || f->need[0];
	(void)u;
	sodium_memzero(f->need, sizeof(f->need));
	f->cause = -1;
	f->amount = 0;
	f->q = F_NONE;
	f->put_away = true;
	return typed;
}

static void file_close(screen *s)
{
	file_form *f = s->data;
	sodium_memzero(f, sizeof(*f));
	free(f);
}

static const screen_ops file_ops = {
	.name = "relief_file",
	.draw = file_draw,
	.key = file_key,
	.close = file_close,
	.title = file_title,
	.hints = file_hints,
	.lock = file_lock,
};

screen *scr_relief_file_new(ui *u, const char *household)
{
	screen *s = calloc(1, sizeof(*s));
	file_form *f = calloc(1, sizeof(*f));
	if (!s || !f) {
		free(s);
		free(f);
		return NULL;
	}
	snprintf(f->household, sizeof(f->household), "%s", household);
	f->cause = -1;
	s->ops = &file_ops;
	s->data = f;
	file_ask(u, f, F_CAUSE);
	return s;
}
