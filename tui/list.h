/* list.h — the list engine: one cursor, first row shown, paging, Home and
 * End, and search, for every screen that shows a list or a page of text.
 * A screen keeps a ui_list, tells it how many rows there are and how
 * many show, and asks it to move; it never moves a cursor itself. Pure:
 * no terminal, so it is tested alone (tests/unit/tui/test_list.c). */
#ifndef TUI_LIST_H
#define TUI_LIST_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	LIST_UP,
	LIST_DOWN,
	LIST_PGUP,
	LIST_PGDN,
	LIST_HOME,
	LIST_END,
} list_move;

#define LIST_QUERY_MAX 128

typedef struct {
	size_t n;       /* rows in the list */
	size_t cursor;  /* the row chosen (a page: the first row shown) */
	size_t top;     /* the first row shown */
	size_t page;    /* rows shown at the last draw (at least 1) */
	bool pager;     /* a page of text: no cursor, moving scrolls */
	/* search: typed on the message line, kept for n and N */
	bool searching;
	char query[LIST_QUERY_MAX]; /* UTF-8 as typed */
	size_t from;    /* where the cursor was when the search began */
} ui_list;

/* Whether row i matches the query; what names what matched in it (a
 * member's name, an ID number), for the search line; may stay empty. */
typedef bool (*list_match_fn)(size_t i, const char *query, char *what,
                              size_t len, void *ctx);

/* A key typed into a search query of cap bytes: erase (the caller's
 * Backspace) takes off the last character, whole; a byte of a printable
 * character (UTF-8 included) is added when it fits. False when the key
 * is neither (the query is as it was). */
bool list_query_edit(char *query, size_t cap, int ch, bool erase);

/* Moves; false when the move changed nothing (already at the end). */
bool list_move_by(ui_list *l, list_move m);
/* The list has n rows now: the cursor and the first row stay within. */
void list_set_count(ui_list *l, size_t n);
/* At draw: rows show; the first row is moved so the cursor shows (a
 * pager: so the last page is full). */
void list_show(ui_list *l, size_t rows);
/* Puts the cursor on row i (when it exists). */
void list_go(ui_list *l, size_t i);

/* The next (dir 1) or previous (-1) row matching the query, from the
 * cursor (the cursor's row included when from_here), round the end; the
 * cursor goes there. False (and no move) when nothing matches. what
 * receives what matched, as match said. */
bool list_find(ui_list *l, int dir, bool from_here, list_match_fn match,
               void *ctx, char *what, size_t len);
/* How many rows match, and which of them the cursor is on (1-based; 0
 * when the cursor's row does not match). */
size_t list_matches(const ui_list *l, list_match_fn match, void *ctx,
                    size_t *which);

#endif
