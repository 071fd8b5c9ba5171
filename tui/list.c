/* list.c — the list engine (list.h): moving, paging, keeping the cursor
 * in view, and finding the next match round the end. */
#include "tui/list.h"

#include <string.h>

static size_t last_top(const ui_list *l)
{
	size_t page = l->page ? l->page : 1;
	return l->n > page ? l->n - page : 0;
}

bool list_query_edit(char *query, size_t cap, int ch, bool erase)
{
	size_t n = strlen(query);
	if (erase) {
		while (n > 0 && ((unsigned char)query[n - 1] & 0xC0) == 0x80)
			n--;
		if (n > 0)
			n--;
		query[n] = '\0';
		return true;
	}
	if (ch < 32 || ch >= 256 || ch == 127)
		return false;
	if (n + 1 < cap) {
		query[n] = (char)ch;
		query[n + 1] = '\0';
	}
	return true;
}

bool list_move_by(ui_list *l, list_move m)
{
	size_t page = l->page > 1 ? l->page - 1 : 1, was = l->cursor;
	size_t last = l->n ? l->n - 1 : 0;
	if (l->pager) {
		/* a page scrolls: the "cursor" is the first row shown */
		last = last_top(l);
		page = l->page > 1 ? l->page - 1 : 1;
	}
	switch (m) {
	case LIST_UP:
		if (l->cursor)
			l->cursor--;
		break;
	case LIST_DOWN:
		if (l->cursor < last)
			l->cursor++;
		break;
	case LIST_PGUP:
		l->cursor = l->cursor > page ? l->cursor - page : 0;
		break;
	case LIST_PGDN:
		l->cursor = l->cursor + page < last ? l->cursor + page : last;
		break;
	case LIST_HOME:
		l->cursor = 0;
		break;
	case LIST_END:
		l->cursor = last;
		break;
	}
	if (l->pager)
		l->top = l->cursor;
	/* a page down keeps the cursor's place on the screen */
	else if (m == LIST_PGDN || m == LIST_PGUP) {
		size_t off = was >= l->top ? was - l->top : 0;
		l->top = l->cursor > off ? l->cursor - off : 0;
		if (l->top > last_top(l))
			l->top = last_top(l);
	}
	return l->cursor != was;
}

void list_set_count(ui_list *l, size_t n)
{
	l->n = n;
	if (l->pager) {
		if (l->cursor > last_top(l))
			l->cursor = last_top(l);
		l->top = l->cursor;
		return;
	}
	if (l->cursor >= n)
		l->cursor = n ? n - 1 : 0;
	if (l->top > l->cursor)
		l->top = l->cursor;
}

void list_show(ui_list *l, size_t rows)
{
	l->page = rows ? rows : 1;
	if (l->pager) {
		/* no empty screenful below the last line */
		if (l->cursor > last_top(l))
			l->cursor = last_top(l);
		l->top = l->cursor;
		return;
	}
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (l->cursor >= l->top + l->page)
		l->top = l->cursor - l->page + 1;
	/* no empty rows below the last while rows above are hidden */
	if (l->top > last_top(l))
		l->top = last_top(l);
}

void list_go(ui_list *l, size_t i)
{
	if (i >= l->n)
		return;
	l->cursor = i;
	if (l->pager)
		l->top = i;
}

bool list_find(ui_list *l, int dir, bool from_here, list_match_fn match,
               void *ctx, char *what, size_t len)
{
	size_t n = l->n;
	if (what && len)
		what[0] = '\0';
	if (!n || !l->query[0])
		return false;
	for (size_t step = from_here ? 0 : 1; step <= n; step++) {
		size_t i = dir > 0 ? (l->cursor + step) % n
		                   : (l->cursor + n - step % n) % n;
		if (match(i, l->query, what, len, ctx)) {
			list_go(l, i);
			return true;
		}
	}
	if (what && len)
		what[0] = '\0';
	return false;
}

size_t list_matches(const ui_list *l, list_match_fn match, void *ctx,
                    size_t *which)
{
	size_t count = 0;
	*which = 0;
	if (!l->query[0])
		return 0;
	for (size_t i = 0; i < l->n; i++)
		if (match(i, l->query, NULL, 0, ctx)) {
			count++;
			if (i == l->cursor)
				*which = count;
		}
	return count;
}
