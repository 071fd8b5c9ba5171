/* scr_drafts.c — the visits in progress (drafts): whose household, which
 * step, by whom and when; Enter opens the household, V goes on with the
 * visit, D discards the draft after asking. The list holds draft and
 * household ids only; names and addresses are read from the caseload as
 * the rows are drawn. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "store/casework.h"
#include "tui/i18n.h"
#include "tui/list.h"
#include "tui/text.h"
#include "tui/ui.h"

typedef struct {
	store_draft_info *list;
	size_t n;
	ui_list l;
	char on[STORE_ID_BUF];  /* the draft under the cursor, kept by id */
	char asked[STORE_ID_BUF]; /* the draft the question is about */
} drafts;

/* Reads the drafts again (a visit saves one at every step, without the
 * caseload being reloaded); the cursor stays on its draft. */
static void load(ui *u, drafts *d)
{
	ds_error err;
	if (d->l.cursor < d->n)
		snprintf(d->on, sizeof(d->on), "%s", d->list[d->l.cursor].id);
	free(d->list);
	d->list = NULL;
	d->n = 0;
	if (store_draft_list(u->store, &d->list, &d->n, &err))
		ui_error(u, &err);
	list_set_count(&d->l, d->n);
	for (size_t i = 0; d->on[0] && i < d->n; i++)
		if (!strcmp(d->list[i].id, d->on))
			list_go(&d->l, i);
}

#define W_NAME 10
#define W_STEP 6
#define W_BY 10
#define W_WHEN 16

static void draw(ui *u, screen *s, int top, int rows, int cols)
{
	drafts *d = s->data;
	int w_addr = cols - (W_NAME + W_STEP + W_BY + W_WHEN + 4), x;
	load(u, d);
	if (w_addr < 6)
		w_addr = 6;
	x = 0;
	ui_put(top, x, _("Head"), W_NAME, A_BOLD);
	x += W_NAME + 1;
	ui_put(top, x, _("Address"), w_addr, A_BOLD);
	x += w_addr + 1;
	ui_put(top, x, _("Step"), W_STEP, A_BOLD);
	x += W_STEP + 1;
	ui_put(top, x, _("By"), W_BY, A_BOLD);
	x += W_BY + 1;
	ui_put(top, x, _("Saved"), cols - x, A_BOLD);
	list_show(&d->l, rows > 1 ? (size_t)rows - 1 : 1);
	for (size_t i = d->l.top; i < d->n && (int)(i - d->l.top) < rows - 1; i++) {
		const store_draft_info *f = &d->list[i];
		const store_caseload_row *r = ui_row(u, f->household);
		int y = top + 1 + (int)(i - d->l.top);
		int attr = i == d->l.cursor ? A_REVERSE : A_NORMAL;
		char step[16];
		snprintf(step, sizeof(step), "%d", scr_visit_step_shown(f->step));
		x = 0;
		ui_put(y, x, r ? r->head : f->household, W_NAME + 1, attr);
		x += W_NAME + 1;
		ui_put(y, x, r ? r->address : _("(not in your caseload)"), w_addr + 1,
		       attr);
		x += w_addr + 1;
		ui_put(y, x, step, W_STEP + 1, attr);
		x += W_STEP + 1;
		ui_put(y, x, f->author, W_BY + 1, attr);
		x += W_BY + 1;
		ui_put(y, x, f->updated, cols - x, attr);
	}
	if (!d->n)
		ui_put(top + 2, 2, _("No visit is in progress."), cols - 4, A_NORMAL);
}

static void title(ui *u, screen *s, char *out, size_t len)
{
	drafts *d = s->data;
	(void)u;
	snprintf(out, len,
	         ngettext("Visits in progress: %zu draft", "Visits in progress: %zu drafts",
	                  (unsigned long)d->n),
	         d->n);
}

/* The answer to "discard it?": Enter alone (or yes) discards. Only the
 * one who started a visit may throw it away, as only they may go on with
 * it. */
static bool discard_answered(ui *u, void *ctx, const char *text)
{
	drafts *d = ctx;
	ds_error err;
	if (!text) {
		ui_message(u, false, "%s", _("Put away: the draft is kept."));
		return true;
	}
	if (!ui_answer_yes(text)) {
		ui_message(u, true, "%s",
		           _("Press Enter to discard the draft, or Esc to keep it."));
		return false;
	}
	if (store_draft_delete(u->store, d->asked, &err)) {
		ui_error(u, &err);
		return true;
	}
	ui_message(u, false, _("The draft %s is discarded: what was typed in that visit is gone."),
	           d->asked);
	return true;
}

static unsigned key(ui *u, screen *s, ui_action a, int ch)
{
	drafts *d = s->data;
	const store_draft_info *f = d->l.cursor < d->n ? &d->list[d->l.cursor]
	                                               : NULL;
	(void)ch;
	if (ui_list_move(&d->l, a))
		return UI_DIRTY_BODY;
	switch (a) {
	case UI_OPEN:
		if (f)
			ui_push(u, scr_household_new(u, f->household));
		return UI_DIRTY_ALL;
	case UI_VISIT:
		if (f)
			ui_push(u, scr_visit_new(u, f->household));
		return UI_DIRTY_ALL;
	case UI_DISCARD:
		if (!f) {
			ui_message(u, false, "%s", _("No visit is in progress."));
			return UI_DIRTY_ALL;
		}
		if (strcmp(f->author, u->user)) {
			ui_message(u, true,
			           _("This visit was started by %s: only %s can discard it or go on with it."),
			           f->author, f->author);
			return UI_DIRTY_ALL;
		}
		snprintf(d->asked, sizeof(d->asked), "%s", f->id);
		ui_prompt(u, _("Discard it? Enter: yes, Esc: no "), discard_answered,
		          d);
		return UI_DIRTY_ALL;
	default:
		return UI_DIRTY_NONE;
	}
}

static void close_(screen *s)
{
	drafts *d = s->data;
	free(d->list);
	free(d);
}

/* A list without sections, nothing to search in (a handful of drafts). */
static bool handles(const screen *s, ui_action a)
{
	(void)s;
	return a != UI_NEXT_SECTION && a != UI_PREV_SECTION && a != UI_SEARCH &&
	       a != UI_NEXT && a != UI_PREV;
}

static const screen_ops ops = {
	.name = "drafts",
	.draw = draw,
	.key = key,
	.close = close_,
	.title = title,
	.handles = handles,
};

screen *scr_drafts_new(ui *u)
{
	screen *s = calloc(1, sizeof(*s));
	drafts *d = calloc(1, sizeof(*d));
	if (!s || !d) {
		free(s);
		free(d);
		return NULL;
	}
	load(u, d);
	s->ops = &ops;
	s->data = d;
	return s;
}
