/* field.h — a one-line text field that edits UTF-8 by character: the
 * cursor moves over whole characters, Backspace removes one, and the text
 * scrolls within its width in display columns, or wraps over rows. Ctrl-U clears before the
 * cursor, Ctrl-K after it. */
#ifndef TUI_FIELD_H
#define TUI_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#define FIELD_MAX 512

typedef struct {
	char text[FIELD_MAX];
	size_t len, cursor;   /* bytes; cursor always on a character boundary */
	unsigned char pend[4]; /* bytes of a character still arriving */
	size_t npend, want;
} field;

void field_set(field *f, const char *text);
/* A key from getch(); true when the field used it. */
bool field_key(field *f, int key);
/* Draws at (y, x) in width columns; places the terminal cursor. */
void field_draw(const field *f, int y, int x, int width, int attr);
/* Wrapped over several rows of width columns (a long note to reread):
 * how many rows the text takes, the cursor at its end included. */
int field_rows(const field *f, int width);
/* Draws the text wrapped at width columns in rows rows from (y, x),
 * scrolled so the cursor's row shows; with cursor, places the terminal
 * cursor (as field_draw). Text beyond the last row is marked with "~". */
void field_draw_wrapped(const field *f, int y, int x, int width, int rows,
                        int attr, bool cursor);
/* Where byte offset at falls when wrapped at width columns. */
void field_wrap_pos(const field *f, int width, size_t at, int *row, int *col);
/* The cursor of the last field drawn since field_forget, so the screen can
 * put it back there after drawing the rest. */
void field_forget(void);
bool field_placed(int *y, int *x);

#endif
