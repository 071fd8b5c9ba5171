/* scr_text.c — pages of text that scroll, with sections to jump between
 * (Tab): the household file, help, and anything read rather than edited.
 * A line starting with "\1" is a section heading. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/settings.h"
#include "tui/i18n.h"
#include "tui/scr_text.h"
#include "tui/text.h"
#include "tui/wipe.h"

void text_add(text_page *t, const char *fmt, ...)
{
	va_list ap;
	char **nl, *line;
	int len;
	/* the line as long as it is (a visit's note may be 2 KiB with its
	 * label), made in place: no copy of it left on the stack */
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || !(line = malloc((size_t)len + 1)))
		return;
	va_start(ap, fmt);
	vsnprintf(line, (size_t)len + 1, fmt, ap);
	va_end(ap);
	if (t->n == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 64;
		if (!(nl = realloc(t->lines, nc * sizeof(*nl)))) {
			wipe_free(line);
			return;
		}
		t->lines = nl;
		t->cap = nc;
	}
	t->lines[t->n++] = line;
}

void text_clear(text_page *t)
{
	/* a household's lines: wiped, not only freed */
	for (size_t i = 0; i < t->n; i++)
		wipe_free(t->lines[i]);
	t->n = 0;
}

/* A line's continuation rows are indented two columns past its own indent. */
static int indent_of(const char *l)
{
	int n = 0, d;
	while (l[n] == ' ')
		n++;
	/* a numbered line (" 3. ...") goes on under its text */
	for (d = n; l[d] >= '0' && l[d] <= '9'; d++)
		;
	if (d > n && l[d] == '.' && l[d + 1] == ' ')
		return d + 2;
	return n + 2;
}

static int rows_of(const char *l, int cols)
{
	if (l[0] == '\1')
		l++;
	return text_wrap_rows(l, cols, indent_of(l));
}

void text_page_paint(text_page *t, int top, int rows, int cols)
{
	int y = top, used = 0;
	/* the last screenful ends with the last line: top no lower than that */
	size_t last = t->n;
	while (last > 0 && used + rows_of(t->lines[last - 1], cols) <= rows)
		used += rows_of(t->lines[--last], cols);
	if (t->top > last)
		t->top = last;
	for (size_t i = t->top; i < t->n && y < top + rows; i++) {
		const char *l = t->lines[i], *next;
		bool head = l[0] == '\1';
		int indent, x = 0;
		if (head)
			l++;
		indent = indent_of(l);
		if (indent >= cols)
			indent = 0;
		do {
			char buf[2048];
			size_t n = text_wrap(l, cols - x, &next);
			if (n >= sizeof(buf))
				n = sizeof(buf) - 1;
			memcpy(buf, l, n);
			buf[n] = '\0';
			if (x)
				ui_put(y, 0, "", x, A_NORMAL);
			ui_put(y, x, buf, cols - x,
			       (head ? A_BOLD : A_NORMAL) |
			       (t->marked && i == t->find.cursor ? A_REVERSE : 0));
			y++;
			x = indent;
			l = next;
		} while (*l && y < top + rows);
	}
}

/* ---- search: a line holding the query, letters of either case alike ---- */

static bool line_has(const char *line, const char *q)
{
	size_t nq = strlen(q);
	if (line[0] == '\1')
		line++;
	for (; *line; line++) {
		size_t k = 0;
		while (k < nq && line[k]) {
			unsigned char a = (unsigned char)line[k], b = (unsigned char)q[k];
			if (a >= 'A' && a <= 'Z')
				a = (unsigned char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (unsigned char)(b - 'A' + 'a');
			if (a != b)
				break;
			k++;
		}
		if (k == nq)
			return true;
	}
	return false;
}

static bool match_line(size_t i, const char *q, char *what, size_t len,
                       void *ctx)
{
	text_page *t = ctx;
	(void)what;
	(void)len;
	return i < t->n && line_has(t->lines[i], q);
}

/* Looks for the query from the first line shown (dir, from_here as
 * list_find); the line found becomes the first shown. */
static bool page_find(text_page *t, int dir, bool from_here)
{
	t->find.n = t->n;
	if (!t->marked || t->find.cursor >= t->n)
		t->find.cursor = t->top < t->n ? t->top : 0;
	if (!list_find(&t->find, dir, from_here, match_line, t, NULL, 0))
		return false;
	t->marked = true;
	t->top = t->find.cursor;
	return true;
}

static void search_line(ui *u, text_page *t, bool found)
{
	size_t which = 0, count;
	if (!t->find.query[0])
		return;
	t->find.n = t->n;
	count = list_matches(&t->find, match_line, t, &which);
	if (!found || !count)
		ui_message(u, false, _("Not found: %s"), t->find.query);
	else
		ui_message(u, false, _("“%s”: line %zu of %zu that hold it"),
		           t->find.query, which, count);
}

static void draw(ui *u, screen *s, int top, int rows, int cols)
{
	text_page *t = s->data;
	if (t->rebuild && t->generation != u->generation) {
		t->generation = u->generation;
		t->rebuild(u, t);
	}
	text_page_paint(t, top, rows, cols);
	if (t->find.searching)
		ui_put_query(top + rows, cols, t->find.query);
}

static bool typing(screen *s)
{
	return ((text_page *)s->data)->find.searching;
}

/* A key while the search line is open: every printable character is
 * part of the query; Enter keeps the place found, Esc goes back. */
static unsigned search_key(ui *u, text_page *t, int ch)
{
	if (ch == 27) {
		t->find.searching = false;
		t->marked = false;
		t->top = t->find.from;
		return UI_DIRTY_ALL;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		t->find.searching = false;
		search_line(u, t, t->marked && t->find.cursor < t->n &&
		                  line_has(t->lines[t->find.cursor], t->find.query));
		return UI_DIRTY_ALL;
	}
	if (!ui_query_key(t->find.query, sizeof(t->find.query), ch))
		return UI_DIRTY_ALL;
	/* as it is typed: the first line holding it from where it began */
	t->top = t->find.from;
	t->marked = false;
	if (t->find.query[0])
		page_find(t, 1, true);
	return UI_DIRTY_ALL;
}

static void title(ui *u, screen *s, char *out, size_t len)
{
	text_page *t = s->data;
	(void)u;
	snprintf(out, len, "%s", t->title);
}

static unsigned key(ui *u, screen *s, ui_action a, int ch)
{
	text_page *t = s->data;
	size_t page = (size_t)(LINES > 6 ? LINES - 4 : 1);
	if (t->find.searching)
		return search_key(u, t, ch);
	switch (a) {
	case UI_SEARCH:
		t->find.searching = true;
		t->find.query[0] = '\0';
		t->find.from = t->top;
		t->marked = false;
		return UI_DIRTY_ALL;
	case UI_NEXT:
	case UI_PREV:
		if (!t->find.query[0]) {
			ui_message(u, false, "%s", _("Nothing to look for yet: press / and type."));
			return UI_DIRTY_ALL;
		}
		search_line(u, t, page_find(t, a == UI_NEXT ? 1 : -1, false));
		return UI_DIRTY_ALL;
	case UI_UP:
		if (t->top)
			t->top--;
		return UI_DIRTY_BODY;
	case UI_DOWN:
		if (t->top + 1 < t->n)
			t->top++;
		return UI_DIRTY_BODY;
	case UI_PGUP:
		t->top = t->top > page ? t->top - page : 0;
		return UI_DIRTY_BODY;
	case UI_PGDN:
		if (t->top + page < t->n)
			t->top += page;
		return UI_DIRTY_BODY;
	case UI_HOME:
		t->top = 0;
		return UI_DIRTY_BODY;
	case UI_END:
		t->top = t->n ? t->n - 1 : 0;
		return UI_DIRTY_BODY;
	case UI_NEXT_SECTION:
		for (size_t i = t->top + 1; i < t->n; i++)
			if (t->lines[i][0] == '\1') {
				t->top = i;
				break;
			}
		return UI_DIRTY_BODY;
	case UI_PREV_SECTION:
		for (size_t i = t->top; i-- > 0;)
			if (t->lines[i][0] == '\1') {
				t->top = i;
				break;
			}
		return UI_DIRTY_BODY;
	default:
		if (t->key)
			return t->key(u, t, a);
		return UI_DIRTY_NONE;
	}
}

/* Moving and search on every page; sections where it has headings;
 * what the screen built on the page says it does besides. */
static bool handles(const screen *s, ui_action a)
{
	const text_page *t = s->data;
	switch (a) {
	case UI_UP:
	case UI_DOWN:
	case UI_PGUP:
	case UI_PGDN:
	case UI_HOME:
	case UI_END:
	case UI_SEARCH:
	case UI_NEXT:
	case UI_PREV:
		return true;
	case UI_NEXT_SECTION:
	case UI_PREV_SECTION:
		for (size_t i = 0; i < t->n; i++)
			if (t->lines[i][0] == '\1')
				return true;
		/* a page rebuilt after the unlock has no lines yet */
		return t->rebuild != NULL;
	default:
		return t->handles ? t->handles(t, a) : false;
	}
}

/* A page built from the store (a household's file) forgets its lines and
 * title and builds them again after the unlock, at the same line; a page
 * of fixed text (help) holds nothing personal and stays. */
static bool lock_(ui *u, screen *s)
{
	text_page *t = s->data;
	bool dropped = t->find.searching && t->find.query[0];
	(void)u;
	if (t->rebuild) {
		text_clear(t);
		sodium_memzero(t->title, sizeof(t->title));
		/* what was looked for may be a name */
		sodium_memzero(t->find.query, sizeof(t->find.query));
		t->find.searching = false;
		t->marked = false;
		return dropped;
	}
	return false;
}

static void close_(screen *s)
{
	text_page *t = s->data;
	text_clear(t);
	sodium_memzero(t->title, sizeof(t->title));
	sodium_memzero(t->find.query, sizeof(t->find.query));
	free(t->lines);
	if (t->done)
		t->done(t);
	free(t);
}

/* The pages built on this engine, each its own name in the key table
 * (its keys, hints and help): a household's file, the notice of a
 * decision and its keys (p, d), a relief case's steps (P, A, X, F, L), a
 * relief case's letter (p), help, and plain text. */
#define TEXT_SCREEN_LIST(X) X(text) X(help) X(notice) X(household) X(relief) X(letter)

#define X(nm)                                                                  \
	static const screen_ops nm##_ops = {                                   \
	        .name = #nm,                                                   \
	        .draw = draw,                                                  \
	        .key = key,                                                    \
	        .close = close_,                                               \
	        .title = title,                                                \
	        .typing = typing,                                              \
	        .lock = lock_,                                                 \
	        .handles = handles,                                            \
	};
TEXT_SCREEN_LIST(X)
#undef X

static const screen_ops *const text_screens[] = {
#define X(nm) &nm##_ops,
	TEXT_SCREEN_LIST(X)
#undef X
};

screen *text_screen(const char *name, text_page *t)
{
	screen *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->ops = &text_ops; /* a name not listed: plain text */
	for (size_t i = 0; i < sizeof(text_screens) / sizeof(text_screens[0]); i++)
		if (!strcmp(name, text_screens[i]->name))
			s->ops = text_screens[i];
	s->data = t;
	return s;
}

screen *scr_text_new(ui *u, const char *name, const char *ttl, char **lines,
                     size_t n)
{
	text_page *t = calloc(1, sizeof(*t));
	(void)u;
	if (!t)
		return NULL;
	snprintf(t->title, sizeof(t->title), "%s", ttl);
	for (size_t i = 0; i < n; i++)
		text_add(t, "%s", lines[i]);
	return text_screen(name, t);
}

/* The county's settings, read only, after the keys: who issues the
 * letters and where a household takes its remedies. */
static void settings_section(ui *u, text_page *t)
{
	store_county_settings cs;
	bool set = false;
	ds_error err;
	char date[11];
	text_add(t, "%s", "");
	text_add(t, "\1%s", _("County settings"));
	if (!u->store)
		return;
	if (store_county_settings_get(u->store, &cs, &set, &err)) {
		char msg[512];
		i18n_error(&err, msg, sizeof(msg));
		text_add(t, "  %s", msg);
		return;
	}
	if (!set) {
		/* the command on a line of its own, as it is typed: a line
		 * broken inside it would break the command's words */
		text_add(t, "  %s", _("No county settings yet: they come with the county's bundles, or a supervisor sets them on a laptop not enrolled with a county, with the command:"));
		/* L10N: the file named in a command, as in "doorstep settings
		 * set FILE" */
		text_add(t, "    doorstep settings set %s", _("FILE"));
		return;
	}
	core_date_format(cs.effective, date);
	text_add(t, cs.from_county ? _("  Version %s, from %s, set by the county")
	                           : _("  Version %s, from %s, set on this laptop"),
	         cs.version, date);
#define X(name, size, label) text_add(t, "  %s: %s", _(label), cs.name);
	STORE_SETTINGS_FIELDS(X)
#undef X
}

screen *scr_help_new(ui *u, const screen *of)
{
	text_page *t = calloc(1, sizeof(*t));
	char lines[64][128];
	size_t n;
	if (!t)
		return NULL;
	snprintf(t->title, sizeof(t->title), "%s", _("Help: the keys of this screen"));
	n = ui_key_lines(of, lines, 64);
	for (size_t i = 0; i < n; i++)
		text_add(t, "  %s", lines[i]);
	text_add(t, "%s", "");
	text_add(t, "%s", _("Nothing you type is lost: a visit in progress is saved as a draft at every step."));
	settings_section(u, t);
	return text_screen("help", t);
}
