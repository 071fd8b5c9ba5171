/* scr_due.c — the work that is due, where an assistant starts the day:
 * overdue first, then by date, each with its household's head and
 * address; Enter opens the household, / finds one (by name, pinyin
 * included, or address). Cursor, paging and search are the list
 * engine's. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store/casework.h"
#include "tui/i18n.h"
#include "tui/labels.h"
#include "tui/list.h"
#include "tui/pinyin.h"
#include "tui/text.h"
#include "tui/ui.h"

typedef struct {
	store_due_item *items;
	size_t n;
	ui_list l;
	unsigned generation;
	ui *u;
} due_list;

/* The list again (after a change or an unlock); the cursor stays on its
 * household's item. */
static void load(ui *u, due_list *d)
{
	ds_error err;
	store_due_item was;
	bool had = d->items && d->l.cursor < d->n;
	if (had)
		was = d->items[d->l.cursor];
	free(d->items);
	d->items = NULL;
	d->n = 0;
	if (store_due(u->store, 30, &d->items, &d->n, &err))
		ui_error(u, &err);
	for (size_t i = 0; had && i < d->n; i++)
		if (!strcmp(d->items[i].household, was.household) &&
		    d->items[i].kind == was.kind)
			d->l.cursor = i;
	list_set_count(&d->l, d->n);
	d->generation = u->generation;
}

/* An item matches by its household's head (as written or in pinyin) or
 * address. */
static bool match(size_t i, const char *q, char *what, size_t len, void *ctx)
{
	due_list *d = ctx;
	const store_caseload_row *r;
	if (i >= d->n || !(r = ui_row(d->u, d->items[i].household)))
		return false;
	if (strstr(r->head, q) || pinyin_match(d->u->pinyin, r->head, q)) {
		if (what)
			snprintf(what, len, _("head: %s"), r->head);
		return true;
	}
	if (strstr(r->address, q)) {
		if (what)
			snprintf(what, len, _("address: %s"), r->address);
		return true;
	}
	return false;
}

static void draw(ui *u, screen *s, int top, int rows, int cols)
{
	due_list *d = s->data;
	int body = d->l.searching ? rows - 1 : rows;
	if (d->generation != u->generation)
		load(u, d);
	list_set_count(&d->l, d->n);
	list_show(&d->l, body > 0 ? (size_t)body : 1);
	for (int i = 0; i < body && d->l.top + (size_t)i < d->n; i++) {
		const store_due_item *it = &d->items[d->l.top + (size_t)i];
		const store_caseload_row *r = ui_row(u, it->household);
		int attr = d->l.top + (size_t)i == d->l.cursor ? A_REVERSE : A_NORMAL;
		char date[11];
		core_date_format(it->date, date);
		ui_put(top + i, 0, it->overdue ? "!" : " ", 2, attr | A_BOLD);
		ui_put(top + i, 2, date, 11, attr);
		ui_put(top + i, 13, label_due(it->kind), 30, attr);
		ui_put(top + i, 43, r ? r->head : "", 11, attr);
		ui_put(top + i, 54, r ? r->address : it->household, cols - 54, attr);
	}
	if (!d->n)
		ui_put(top + 1, 2, _("Nothing is due in the next 30 days."), cols - 4,
		       A_NORMAL);
	if (d->l.searching)
		ui_put_query(top + rows - 1, cols, d->l.query);
}

/* Says what the item found matched and which of how many. */
static void found(ui *u, due_list *d, bool ok)
{
	char what[300];
	size_t which = 0, count;
	if (!ok) {
		ui_message(u, false, _("Not found: %s"), d->l.query);
		return;
	}
	match(d->l.cursor, d->l.query, what, sizeof(what), d);
	count = list_matches(&d->l, match, d, &which);
	ui_message(u, false, _("%s  %zu of %zu"), what, which, count);
}

static bool typing(screen *s)
{
	return ((due_list *)s->data)->l.searching;
}

static unsigned search_key(ui *u, due_list *d, int ch)
{
	if (ch == 27) {
		d->l.searching = false;
		list_go(&d->l, d->l.from);
		return UI_DIRTY_ALL;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		d->l.searching = false;
		if (d->l.query[0])
			found(u, d, match(d->l.cursor, d->l.query, NULL, 0, d));
		return UI_DIRTY_ALL;
	}
	if (!ui_query_key(d->l.query, sizeof(d->l.query), ch))
		return UI_DIRTY_ALL;
	list_go(&d->l, d->l.from);
	if (d->l.query[0])
		list_find(&d->l, 1, true, match, d, NULL, 0);
	return UI_DIRTY_ALL;
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
	if (d->l.searching)
		return search_key(u, d, ch);
	list_set_count(&d->l, d->n);
	if (ui_list_move(&d->l, a))
		return UI_DIRTY_BODY;
	switch (a) {
	case UI_SEARCH:
		d->l.searching = true;
		d->l.query[0] = '\0';
		d->l.from = d->l.cursor;
		return UI_DIRTY_ALL;
	case UI_NEXT:
	case UI_PREV:
		if (!d->l.query[0]) {
			ui_message(u, false, "%s", _("Nothing to look for yet: press / and type."));
			return UI_DIRTY_ALL;
		}
		found(u, d, list_find(&d->l, a == UI_NEXT ? 1 : -1, false, match, d, NULL, 0));
		return UI_DIRTY_ALL;
	case UI_OPEN:
		/* a relief deadline opens its case; any other, the household */
		if (d->n && (d->items[d->l.cursor].kind == CORE_DUE_RELIEF ||
		             d->items[d->l.cursor].kind == CORE_DUE_RELIEF_PAPERWORK))
			ui_push(u, scr_relief_new(u, d->items[d->l.cursor].detail));
		else if (d->n)
			ui_push(u, scr_household_new(u, d->items[d->l.cursor].household));
		return UI_DIRTY_ALL;
	case UI_VISIT:
		if (d->n)
			ui_push(u, scr_visit_new(u, d->items[d->l.cursor].household));
		return UI_DIRTY_ALL;
	case UI_CASELOAD:
		return UI_POP;
	default:
		return UI_DIRTY_NONE;
	}
}

/* A list without sections. */
static bool handles(const screen *s, ui_action a)
{
	(void)s;
	return a != UI_NEXT_SECTION && a != UI_PREV_SECTION;
}

/* At the lock: what was looked for may be a name; the items hold ids and
 * dates only, and are read again after the unlock. */
static bool lock_(ui *u, screen *s)
{
	due_list *d = s->data;
	bool dropped = d->l.searching && d->l.query[0];
	(void)u;
	sodium_memzero(d->l.query, sizeof(d->l.query));
	d->l.searching = false;
	return dropped;
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
	.typing = typing,
	.lock = lock_,
	.handles = handles,
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
	d->u = u;
	load(u, d);
	s->ops = &ops;
	s->data = d;
	return s;
}
