/* scr_due.c — the work that is due, where an assistant starts the day:
 * overdue first, then by date; Enter opens the household. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "store/casework.h"
#include "tui/i18n.h"
#include "tui/labels.h"
#include "tui/text.h"
#include "tui/ui.h"

typedef struct {
	store_due_item *items;
	size_t n, cursor, top;
	unsigned generation;
} due_list;

/* The list again (after a change or an unlock); the cursor stays on its
 * household's item. */
static void load(ui *u, due_list *d)
{
	ds_error err;
	store_due_item was;
	bool had = d->items && d->cursor < d->n;
	if (had)
		was = d->items[d->cursor];
	free(d->items);
	d->items = NULL;
	d->n = 0;
	if (store_due(u->store, 30, &d->items, &d->n, &err))
		ui_error(u, &err);
	for (size_t i = 0; had && i < d->n; i++)
		if (!strcmp(d->items[i].household, was.household) &&
		    d->items[i].kind == was.kind)
			d->cursor = i;
	if (d->cursor >= d->n)
		d->cursor = d->n ? d->n - 1 : 0;
	d->generation = u->generation;
}

static const char *head_of(ui *u, const char *id)
{
	for (size_t i = 0; i < u->n_rows; i++)
		if (!strcmp(u->rows[i].id, id))
			return u->rows[i].head;
	return "";
}

static void draw(ui *u, screen *s, int top, int rows, int cols)
{
	due_list *d = s->data;
	if (d->generation != u->generation)
		load(u, d);
	if (d->cursor < d->top)
		d->top = d->cursor;
	if (rows > 0 && d->cursor >= d->top + (size_t)rows)
		d->top = d->cursor - (size_t)rows + 1;
	for (int i = 0; i < rows && d->top + (size_t)i < d->n; i++) {
		const store_due_item *it = &d->items[d->top + (size_t)i];
		int attr = d->top + (size_t)i == d->cursor ? A_REVERSE : A_NORMAL;
		char date[11];
		core_date_format(it->date, date);
		ui_put(top + i, 0, it->overdue ? "!" : " ", 2, attr | A_BOLD);
		ui_put(top + i, 2, date, 11, attr);
		ui_put(top + i, 13, label_due(it->kind), 30, attr);
		ui_put(top + i, 43, head_of(u, it->household), 10, attr);
		ui_put(top + i, 53, it->household, cols - 53, attr);
	}
	if (!d->n)
		ui_put(top + 1, 2, _("Nothing is due in the next 30 days."), cols - 4,
		       A_NORMAL);
}

static void title(ui *u, screen *s, char *out, size_t len)
{
	due_list *d = s->data;
	size_t overdue = 0;
	char today[11];
	for (size_t i = 0; i < d->n; i++)
		overdue += d->items[i].overdue;
	core_date_format(u->today, today);
	snprintf(out, len, _("Due in the next 30 days: %zu (%zu overdue) — %s"),
	         d->n, overdue, today);
}

static unsigned key(ui *u, screen *s, ui_action a, int ch)
{
	due_list *d = s->data;
	(void)ch;
	switch (a) {
	case UI_UP:
		if (d->cursor)
			d->cursor--;
		return UI_DIRTY_BODY;
	case UI_DOWN:
		if (d->cursor + 1 < d->n)
			d->cursor++;
		return UI_DIRTY_BODY;
	case UI_HOME:
		d->cursor = 0;
		return UI_DIRTY_BODY;
	case UI_END:
		d->cursor = d->n ? d->n - 1 : 0;
		return UI_DIRTY_BODY;
	case UI_PGDN:
		d->cursor = d->cursor + 10 < d->n ? d->cursor + 10 : (d->n ? d->n - 1 : 0);
		return UI_DIRTY_BODY;
	case UI_PGUP:
		d->cursor = d->cursor > 10 ? d->cursor - 10 : 0;
		return UI_DIRTY_BODY;
	case UI_OPEN:
		if (d->n)
			ui_push(u, scr_household_new(u, d->items[d->cursor].household));
		return UI_DIRTY_ALL;
	case UI_VISIT:
		if (d->n)
			ui_push(u, scr_visit_new(u, d->items[d->cursor].household));
		return UI_DIRTY_ALL;
	case UI_CASELOAD:
		return UI_POP;
	default:
		return UI_DIRTY_NONE;
	}
}

static void close_(screen *s)
{
	due_list *d = s->data;
	free(d->items);
	free(d);
}

static const screen_ops ops = {
	.name = "due",
	.draw = draw,
	.key = key,
	.close = close_,
	.title = title,
};

screen *scr_due_new(ui *u)
{
	screen *s = calloc(1, sizeof(*s));
	due_list *d = calloc(1, sizeof(*d));
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
