/* scr_text.h — pages of text (see scr_text.c). */
#ifndef TUI_SCR_TEXT_H
#define TUI_SCR_TEXT_H

#include "tui/list.h"
#include "tui/ui.h"

typedef struct text_page text_page;
struct text_page {
	char title[256];
	char **lines;
	size_t n, cap, top;
	/* A screen built on the page: its own keys and what it frees. */
	unsigned (*key)(ui *u, text_page *t, ui_action a);
	/* Of the keys of every screen, those key does (Enter, say) */
	bool (*handles)(const text_page *t, ui_action a);
	void (*done)(text_page *t);
	/* Rebuilds the page when the store changed under it (ui->generation) */
	void (*rebuild)(ui *u, text_page *t);
	unsigned generation;
	void *ctx;
	/* search (/, n, N): the list engine over the page's lines, its
	 * cursor the first line shown */
	ui_list find;
	bool marked;    /* find.cursor is the line found, shown reversed */
};

/* Appends a formatted line ("\1..." for a heading). */
void text_add(text_page *t, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
void text_clear(text_page *t);
/* Draws t from its top line into rows × cols, long lines wrapped in
 * display columns (continuations indented); keeps top where the last
 * screenful still fills the rows. */
void text_page_paint(text_page *t, int top, int rows, int cols);
/* A screen showing t (which it then owns) under the key table's name. */
screen *text_screen(const char *name, text_page *t);

#endif
