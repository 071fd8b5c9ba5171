/* field.c — UTF-8 line editing in display columns. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "tui/field.h"

#include <curses.h>
#include <string.h>

#include "tui/text.h"

void field_set(field *f, const char *text)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->text, sizeof(f->text), "%s", text ? text : "");
	f->len = strlen(f->text);
	/* never stop in the middle of a character */
	while (f->len && ((unsigned char)f->text[f->len - 1] & 0xC0) == 0x80 &&
	       f->len + 4 > sizeof(f->text))
		f->text[--f->len] = '\0';
	f->cursor = f->len;
}

static size_t prev_char(const field *f, size_t at)
{
	if (!at)
		return 0;
	at--;
	while (at && ((unsigned char)f->text[at] & 0xC0) == 0x80)
		at--;
	return at;
}

static size_t next_char(const field *f, size_t at)
{
	if (at >= f->len)
		return f->len;
	at++;
	while (at < f->len && ((unsigned char)f->text[at] & 0xC0) == 0x80)
		at++;
	return at;
}

static void insert(field *f, const unsigned char *b, size_t n)
{
	if (f->len + n + 1 > sizeof(f->text))
		return;
	memmove(f->text + f->cursor + n, f->text + f->cursor,
	        f->len - f->cursor + 1);
	memcpy(f->text + f->cursor, b, n);
	f->len += n;
	f->cursor += n;
}

bool field_key(field *f, int key)
{
	switch (key) {
	case KEY_LEFT:
		f->cursor = prev_char(f, f->cursor);
		return true;
	case KEY_RIGHT:
		f->cursor = next_char(f, f->cursor);
		return true;
	case KEY_HOME:
	case 1: /* Ctrl-A */
		f->cursor = 0;
		return true;
	case KEY_END:
	case 5: /* Ctrl-E */
		f->cursor = f->len;
		return true;
	case KEY_BACKSPACE:
	case 127:
	case 8: {
		size_t p = prev_char(f, f->cursor);
		memmove(f->text + p, f->text + f->cursor, f->len - f->cursor + 1);
		f->len -= f->cursor - p;
		f->cursor = p;
		return true;
	}
	case 21: /* Ctrl-U: all before the cursor */
		memmove(f->text, f->text + f->cursor, f->len - f->cursor + 1);
		f->len -= f->cursor;
		f->cursor = 0;
		return true;
	case 11: /* Ctrl-K: all from the cursor */
		f->text[f->cursor] = '\0';
		f->len = f->cursor;
		return true;
	case KEY_DC: {
		size_t n = next_char(f, f->cursor);
		memmove(f->text + f->cursor, f->text + n, f->len - n + 1);
		f->len -= n - f->cursor;
		return true;
	}
	default:
		break;
	}
	if (key < 0 || key > 255)
		return false;
	{
		unsigned char c = (unsigned char)key;
		if (f->npend == 0) {
			if (c < 0x20 || c == 0x7F)
				return false;
			if (c < 0x80) {
				insert(f, &c, 1);
				return true;
			}
			f->want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
			if (!f->want)
				return true; /* a stray continuation byte: dropped */
		} else if ((c & 0xC0) != 0x80) {
			f->npend = 0; /* broken sequence: start again */
			return field_key(f, key);
		}
		f->pend[f->npend++] = c;
		if (f->npend == f->want) {
			insert(f, f->pend, f->npend);
			f->npend = 0;
		}
		return true;
	}
}

/* Where the last field drawn wants the terminal cursor. */
static int placed_y = -1, placed_x;

void field_draw(const field *f, int y, int x, int width, int attr)
{
	char before[FIELD_MAX], shown[FIELD_MAX * 2];
	const char *start = f->text;
	int cw;
	if (width <= 1)
		return;
	memcpy(before, f->text, f->cursor);
	before[f->cursor] = '\0';
	/* scroll so the cursor shows: drop characters from the left */
	while (text_width(before + (start - f->text)) >= width) {
		size_t n = 1;
		while (((unsigned char)start[n] & 0xC0) == 0x80)
			n++;
		start += n;
	}
	text_fit(shown, sizeof(shown), start, width, true);
	attron(attr);
	mvaddstr(y, x, shown);
	attroff(attr);
	cw = text_width(before + (start - f->text));
	move(y, x + cw);
	placed_y = y;
	placed_x = x + cw;
}

void field_forget(void)
{
	placed_y = -1;
}

bool field_placed(int *y, int *x)
{
	*y = placed_y;
	*x = placed_x;
	return placed_y >= 0;
}

/* ---- wrapped over rows ------------------------------------------------------ */

/* The bytes and display columns of the character at at. */
static size_t char_at(const field *f, size_t at, int *w)
{
	char one[8];
	size_t n = next_char(f, at) - at;
	if (n >= sizeof(one))
		n = 1;
	memcpy(one, f->text + at, n);
	one[n] = '\0';
	*w = text_width(one);
	return n;
}

void field_wrap_pos(const field *f, int width, size_t at, int *row, int *col)
{
	int r = 0, c = 0, w;
	size_t i = 0, n;
	if (width < 2)
		width = 2;
	while (i < f->len) {
		n = char_at(f, i, &w);
		if (c + w > width) {
			r++;
			c = 0;
		}
		if (i >= at)
			break;
		c += w;
		i += n;
	}
	if (i >= f->len && c >= width) {
		r++;
		c = 0;
	}
	*row = r;
	*col = c;
}

int field_rows(const field *f, int width)
{
	int r, c;
	field_wrap_pos(f, width, f->len, &r, &c);
	return r + 1;
}

void field_draw_wrapped(const field *f, int y, int x, int width, int rows,
                        int attr, bool cursor)
{
	int cr, cc, top = 0, r = 0, c = 0, w;
	size_t i = 0, n;
	if (width < 2 || rows < 1)
		return;
	field_wrap_pos(f, width, f->cursor, &cr, &cc);
	if (cursor && cr >= rows)
		top = cr - rows + 1;
	attron(attr);
	for (int k = 0; k < rows; k++)
		mvhline(y + k, x, (chtype)' ' | (chtype)attr, width);
	while (i < f->len) {
		n = char_at(f, i, &w);
		if (c + w > width) {
			r++;
			c = 0;
		}
		if (r >= top + rows) {
			/* more below what shows */
			mvaddstr(y + rows - 1, x + width - 1, "~");
			break;
		}
		if (r >= top)
			mvaddnstr(y + r - top, x + c, f->text + i, (int)n);
		c += w;
		i += n;
	}
	attroff(attr);
	if (cursor) {
		move(y + cr - top, x + cc);
		placed_y = y + cr - top;
		placed_x = x + cc;
	}
}
