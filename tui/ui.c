/* ui.c — the engine: start-up and unlock, the key table, the loop that
 * repaints what went stale, idle locking, and the hint and status bars. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "tui/ui.h"

#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "store/crypto.h"
#include "tui/cli.h"
#include "tui/i18n.h"
#include "tui/pinyin.h"
#include "tui/keys.h"
#include "tui/list.h"
#include "tui/text.h"
#include "tui/wipe.h"

#define CTRL(c) ((c) & 0x1f)

/* The one key decoder (keys.h): every key of the program is read through
 * it, so no escape sequence is ever taken as Esc. */
static keys_decoder keys_in;

/* A key, or ERR after wait_ms without one; an unknown sequence, read
 * whole, comes as KEYS_UNKNOWN. */
static int read_key(int wait_ms)
{
	return keys_read(&keys_in, wait_ms);
}

/* Forgets every key typed (after a passphrase, at the lock). */
static void forget_keys(void)
{
	wipe_keys();
	keys_forget(&keys_in);
}

/* ---- keys as data ---------------------------------------------------------- */

typedef struct {
	const char *screen; /* NULL: every screen */
	int key;
	ui_action action;
	const char *label;  /* as shown in hints and help */
	unsigned char hint; /* shown in the hint bar: 1 (true) in its place,
	                       HINT_LAST after every other key, where room is
	                       left (a key added after the line was full) */
} keybind;

#define HINT_LAST 2

static const keybind keys[] = {
	{NULL, KEY_UP, UI_UP, "↑", false},
	{NULL, 'k', UI_UP, "k", false},
	{NULL, KEY_DOWN, UI_DOWN, "↓", false},
	{NULL, 'j', UI_DOWN, "j", false},
	{NULL, KEY_PPAGE, UI_PGUP, "PgUp", false},
	{NULL, KEY_NPAGE, UI_PGDN, "PgDn", false},
	{NULL, KEY_HOME, UI_HOME, "Home", false},
	{NULL, KEY_END, UI_END, "End", false},
	{NULL, '\n', UI_OPEN, "Enter", true},
	{NULL, KEY_ENTER, UI_OPEN, "Enter", false},
	{NULL, 'q', UI_BACK, "q", true},
	{NULL, 27, UI_BACK, "Esc", false},
	{NULL, 'Q', UI_QUIT, "Q", true},
	{NULL, '?', UI_HELP, "?", true},
	{NULL, CTRL('l'), UI_REDRAW, "Ctrl-L", false},
	{NULL, CTRL('x'), UI_LOCK, "Ctrl-X", false},
	{NULL, '\t', UI_NEXT_SECTION, "Tab", false},
	{NULL, KEY_BTAB, UI_PREV_SECTION, "Shift-Tab", false},
	{"caseload", '/', UI_SEARCH, "/", true},
	{"caseload", 'n', UI_NEXT, "n", false},
	{"caseload", 'N', UI_PREV, "N", false},
	{"caseload", 'd', UI_SORT_DUE, "d", false},
	{"caseload", 'm', UI_SORT_NAME, "m", false},
	{"caseload", 's', UI_SORT_STATUS, "s", false},
	{"caseload", 'a', UI_FILTER_ALL, "a", false},
	{"caseload", 'r', UI_FILTER_RECEIVING, "r", false},
	{"caseload", 't', UI_FILTER_TRANSITION, "t", false},
	{"caseload", 'w', UI_FILTER_WARNING, "w", false},
	{"caseload", 'u', UI_FILTER_REVIEW, "u", false},
	{"caseload", 'p', UI_FILTER_APPEAL, "p", false},
	{"caseload", 'v', UI_FILTER_DUE, "v", false},
	{"caseload", 'c', UI_FILTER_CLASS, "c", false},
	{"caseload", 'g', UI_DUE, "g", true},
	{"caseload", 'V', UI_VISIT, "V", true},
	{"caseload", 'R', UI_REVIEWS, "R", true},
	{"caseload", 'P', UI_APPEALS, "P", true},
	{"caseload", 'E', UI_RELIEFS, "E", true},
	{"reviews", 'A', UI_APPROVE, "A", true},
	{"reviews", 'T', UI_RETURN, "T", true},
	{"reviews", 'X', UI_REFUSE, "X", true},
	{"appeals", 'a', UI_ASSIGN, "a", true},
	{"appeals", 'U', UI_UPHOLD, "U", true},
	{"appeals", 'O', UI_OVERTURN, "O", true},
	{"household", 'i', UI_SHOW_ID, "i", true},
	{"household", 'V', UI_VISIT, "V", true},
	{"household", 'v', UI_VISIT, "v", false},
	{"household", 'F', UI_APPEAL, "F", true},
	{"due", 'V', UI_VISIT, "V", true},
	{"household", '/', UI_SEARCH, "/", false},
	{"household", 'n', UI_NEXT, "n", false},
	{"household", 'N', UI_PREV, "N", false},
	{"text", '/', UI_SEARCH, "/", false},
	{"text", 'n', UI_NEXT, "n", false},
	{"text", 'N', UI_PREV, "N", false},
	{"help", '/', UI_SEARCH, "/", false},
	{"help", 'n', UI_NEXT, "n", false},
	{"help", 'N', UI_PREV, "N", false},
	{"due", 'c', UI_CASELOAD, "c", true},
	{"due", '/', UI_SEARCH, "/", false},
	{"due", 'n', UI_NEXT, "n", false},
	{"due", 'N', UI_PREV, "N", false},
	{"caseload", '+', UI_ADD, "+", false},
	{"caseload", 'D', UI_DRAFTS, "D", false},
	{"household", 'a', UI_ASSESS, "a", true},
	{"household", 'L', UI_NOTICE, "L", true},
	{"notice", '/', UI_SEARCH, "/", false},
	{"notice", 'n', UI_NEXT, "n", false},
	{"notice", 'N', UI_PREV, "N", false},
	{"notice", 'p', UI_PRINT, "p", true},
	{"notice", 'd', UI_DELIVER, "d", true},
	{"drafts", 'V', UI_VISIT, "V", true},
	{"drafts", 'D', UI_DISCARD, "D", true},
	{"household", 'E', UI_RELIEF_FILE, "E", HINT_LAST},
	{"relief", 'P', UI_PROPOSE, "P", true},
	{"relief", 'A', UI_RELIEF_APPROVE, "A", true},
	{"relief", 'X', UI_RELIEF_REFUSE, "X", true},
	{"relief", 'F', UI_PAY_FIRST, "F", true},
	{"relief", 'L', UI_NOTICE, "L", true},
	{"letter", '/', UI_SEARCH, "/", false},
	{"letter", 'n', UI_NEXT, "n", false},
	{"letter", 'N', UI_PREV, "N", false},
	{"letter", 'p', UI_PRINT, "p", true},
	{"relief", '/', UI_SEARCH, "/", false},
	{"relief", 'n', UI_NEXT, "n", false},
	{"relief", 'N', UI_PREV, "N", false},
};
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

static const char *const action_help[] = {
#define X(name, help, hint) help,
	UI_ACTION_LIST(X)
#undef X
};
static const char *const action_hint[] = {
#define X(name, help, hint) hint,
	UI_ACTION_LIST(X)
#undef X
};

ui_action ui_key_action(const screen *s, int key)
{
	ui_action found = UI_NONE;
	for (size_t i = 0; i < N_KEYS; i++) {
		if (keys[i].key != key)
			continue;
		if (keys[i].screen && s && !strcmp(keys[i].screen, s->ops->name))
			return keys[i].action; /* a screen's own key wins */
		if (!keys[i].screen && found == UI_NONE)
			found = keys[i].action;
	}
	return found;
}

/* The actions the engine itself carries out, on every screen. */
static bool engine_owns(ui_action a)
{
	return a == UI_BACK || a == UI_QUIT || a == UI_HELP || a == UI_REDRAW ||
	       a == UI_LOCK;
}

/* Whether a key does something on a screen: a screen's own keys do; a
 * key of every screen does when the engine carries it out or the screen
 * says it handles it (help and hints list nothing that does nothing). */
bool ui_list_move(ui_list *list, ui_action a)
{
	list_move m;
	switch (a) {
	case UI_UP: m = LIST_UP; break;
	case UI_DOWN: m = LIST_DOWN; break;
	case UI_PGUP: m = LIST_PGUP; break;
	case UI_PGDN: m = LIST_PGDN; break;
	case UI_HOME: m = LIST_HOME; break;
	case UI_END: m = LIST_END; break;
	default: return false;
	}
	list_move_by(list, m);
	return true;
}

const store_caseload_row *ui_row(const ui *u, const char *id)
{
	for (size_t i = 0; i < u->n_rows; i++)
		if (!strcmp(u->rows[i].id, id))
			return &u->rows[i];
	return NULL;
}

int ui_person_elsewhere(ui *u, const char *idnum, const char *except,
                        char *head, size_t head_len, char *address,
                        size_t address_len, ds_error *err)
{
	char hid[STORE_ID_BUF];
	store_household_row row;
	ds_status st = store_person_find(u->store, idnum, hid, err);
	if (st == DS_EINPUT) /* in no household */
		return 0;
	if (st)
		return -1;
	if (except && !strcmp(hid, except))
		return 0;
	head[0] = address[0] = '\0';
	if (store_household_get(u->store, hid, &row, err))
		return 1;
	snprintf(head, head_len, "%s",
	         row.h.n_members ? row.h.members[core_household_head(&row.h)].name : "");
	snprintf(address, address_len, "%s", row.h.address);
	wipe_household(&row.h);
	store_row_free(&row);
	return 1;
}

void ui_put_query(int y, int cols, const char *query)
{
	char line[LIST_QUERY_MAX + 8];
	snprintf(line, sizeof(line), "/%s", query);
	ui_put(y, 0, line, cols, A_BOLD);
	move(y, text_width(line) < cols ? text_width(line) : cols - 1);
}

bool ui_answer_yes(const char *text)
{
	return !text[0] || !strcmp(text, "y") || !strcmp(text, "yes") ||
	       !strcmp(text, _("yes"));
}

bool ui_key_erases(int ch)
{
	return ch == KEY_BACKSPACE || ch == 127 || ch == 8;
}

bool ui_query_key(char *query, size_t cap, int ch)
{
	return list_query_edit(query, cap, ch, ui_key_erases(ch));
}

static bool applies(const keybind *k, const screen *s)
{
	if (k->screen)
		return s && !strcmp(k->screen, s->ops->name);
	/* the first screen has nothing to go back to (q says how to leave) */
	if (k->action == UI_BACK && s && !s->below)
		return false;
	if (engine_owns(k->action) || !s || !s->ops->handles)
		return true;
	return s->ops->handles(s, k->action);
}

/* The hint bar: "? help" first, then the screen's own keys, then the
 * keys of every screen, then those marked HINT_LAST; each as a key and a
 * word, as many as fit — and the way out (Q quit) always last, its room
 * kept for it whatever else must go. */
void ui_hints(const screen *s, char *out, size_t len, int width)
{
	size_t o = 0;
	char quit[128] = "";
	int room = width;
	out[0] = '\0';
	for (size_t i = 0; i < N_KEYS && !quit[0]; i++)
		if (keys[i].action == UI_QUIT && keys[i].hint && applies(&keys[i], s)) {
			snprintf(quit, sizeof(quit), "  %s %s", keys[i].label,
			         _(action_hint[UI_QUIT]));
			room = width - text_width(quit);
		}
	for (int pass = 0; pass < 4; pass++)
		for (size_t i = 0; i < N_KEYS; i++) {
			const keybind *k = &keys[i];
			char one[128];
			bool help = k->action == UI_HELP;
			if (!k->hint || k->action == UI_QUIT || !applies(k, s) ||
			    (pass == 3) != (k->hint == HINT_LAST) ||
			    (pass < 3 && ((pass == 0) != help ||
			                  (!help && (pass == 1) != !!k->screen))))
				continue;
			snprintf(one, sizeof(one), "%s%s %s", o ? "  " : "", k->label,
			         _(action_hint[k->action]));
			if (text_width(out) + text_width(one) > room)
				continue;
			o += (size_t)snprintf(out + o, len - o, "%s", one);
		}
	if (quit[0] && text_width(out) + text_width(quit) <= width)
		snprintf(out + o, len - o, "%s", o ? quit : quit + 2);
}

size_t ui_key_lines(const screen *s, char (*lines)[128], size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < N_KEYS && n < max; i++) {
		char label[32];
		bool seen = false;
		if (!applies(&keys[i], s))
			continue;
		for (size_t k = 0; k < i; k++)
			seen = seen || (applies(&keys[k], s) &&
			                keys[k].action == keys[i].action &&
			                !strcmp(keys[k].label, keys[i].label));
		if (seen)
			continue;
		text_fit(label, sizeof(label), keys[i].label, 10, true);
		snprintf(lines[n++], 128, "%s %s", label,
		         _(action_help[keys[i].action]));
	}
	return n;
}

/* ---- drawing ---------------------------------------------------------------- */

void ui_put(int y, int x, const char *text, int width, int attr)
{
	char buf[1024];
	if (width <= 0)
		return;
	text_fit(buf, sizeof(buf), text ? text : "", width, true);
	attron(attr);
	mvaddstr(y, x, buf);
	attroff(attr);
}

void ui_put_right(int y, int x, const char *text, int width, int attr)
{
	char buf[1024];
	if (width <= 0)
		return;
	text_fit_right(buf, sizeof(buf), text ? text : "", width);
	attron(attr);
	mvaddstr(y, x, buf);
	attroff(attr);
}

void ui_message(ui *u, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(u->message, sizeof(u->message), fmt, ap);
	va_end(ap);
	u->message_error = error;
}

void ui_prompt(ui *u, const char *label, ui_prompt_fn done, void *ctx)
{
	u->prompting = true;
	snprintf(u->prompt_label, sizeof(u->prompt_label), "%s", label);
	u->prompt_error[0] = '\0';
	field_set(&u->prompt, "");
	u->prompt_done = done;
	u->prompt_ctx = ctx;
}

void ui_prompt_note(ui *u, const char *text)
{
	snprintf(u->prompt_error, sizeof(u->prompt_error), "%s", text);
}

/* An error's words: its field said as words, then the message. */
static void error_words(const ds_error *err, char *buf, size_t len);

void ui_prompt_error(ui *u, const ds_error *err)
{
	/* the question names the field: the message alone */
	ds_error e = *err;
	e.where[0] = '\0';
	error_words(&e, u->prompt_error, sizeof(u->prompt_error));
}

void ui_error(ui *u, const ds_error *err)
{
	char buf[1024];
	error_words(err, buf, sizeof(buf));
	ui_message(u, true, "%s", buf);
}

static void error_words(const ds_error *err, char *buf, size_t len)
{
	ds_error e = *err;
	/* the fields a step names (reason, to) said as words */
	static const struct {
		const char *option, *words;
	} options[] = {
		{"reason", N_("the reason")},
		{"to", N_("the reviewer")},
		{"late_reason", N_("why it is accepted late")},
		{"on", N_("the day delivered")},
		{"method", N_("how it was delivered")},
		{"received", N_("the day received")},
		{"amount", N_("the amount")},
		{"need", N_("what the household needs")},
		{"propose", N_("propose")},
		{"pay_first", N_("pay first")},
	};
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (!strcmp(e.where, options[i].option))
			snprintf(e.where, sizeof(e.where), "%s", _(options[i].words));
	i18n_error(&e, buf, len);
}

void ui_push(ui *u, screen *s)
{
	if (!s)
		return;
	s->below = u->top;
	u->top = s;
}

static void pop(ui *u)
{
	screen *s = u->top;
	if (!s)
		return;
	u->top = s->below;
	if (s->ops->close)
		s->ops->close(s);
	free(s);
}

void ui_pop(ui *u)
{
	pop(u);
}

int ui_reload(ui *u)
{
	store_caseload_row *rows = NULL;
	size_t n = 0;
	ds_error err;
	/* The caseload and the screens' indexes of it are a few large
	 * blocks, made again at every reload. glibc raises its threshold for
	 * mapping a block of its own to the size of the last such block
	 * freed, so the blocks of the next reload came from the heap, which
	 * does not shrink: at 100,000 households the pinyin index made again
	 * left 9 MiB more resident. A fixed threshold keeps large blocks
	 * mapped: freed, they go back to the system, and grown, they are
	 * moved without a copy. */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	/* the old rows go first: two caseloads at once were the peak of
	 * the interface's memory; the screens make their views again */
	store_caseload_free(u->rows, u->n_rows);
	u->rows = NULL;
	u->n_rows = 0;
	u->generation++;
	if (store_caseload(u->store, &rows, &n, &err)) {
		ui_error(u, &err);
		ui_sync_counts(u);
		return -1;
	}
	u->rows = rows;
	u->n_rows = n;
	u->generation++;
	ui_sync_counts(u);
	return 0;
}

void ui_paint(ui *u)
{
	int rows = LINES, cols = COLS;
	char title[512] = "", hints[512];
	int cy, cx, mrows = 1;
	erase();
	field_forget();
	if (rows < 5 || cols < 20) {
		mvaddstr(0, 0, _("The window is too small."));
		refresh();
		return;
	}
	/* a long message takes up to three lines rather than being cut */
	if (u->message[0] && !u->prompting) {
		mrows = text_wrap_rows(u->message, cols, 0);
		if (mrows > 3)
			mrows = 3;
	}
	/* the body before the title: a screen rebuilds in draw() after a
	 * reload or an unlock, and the title tells what it rebuilt */
	if (u->top && u->top->ops->draw)
		u->top->ops->draw(u, u->top, 1, rows - 2 - mrows, cols);
	if (u->top && u->top->ops->title)
		u->top->ops->title(u, u->top, title, sizeof(title));
	ui_put(0, 0, title, cols, A_BOLD | A_REVERSE);
	/* the message line (or a question), then the hints */
	if (u->prompting) {
		int lw = text_width(u->prompt_label);
		if (lw > cols / 2)
			lw = cols / 2;
		ui_put(rows - 1, 0, _("Enter done  Esc put away"), cols, A_REVERSE);
		/* why the last answer was not taken, above the question */
		if (u->prompt_error[0])
			ui_put(rows - 3, 0, u->prompt_error, cols, A_BOLD);
		ui_put(rows - 2, 0, u->prompt_label, lw, A_BOLD);
		field_draw(&u->prompt, rows - 2, lw, cols - lw, A_NORMAL);
		curs_set(1);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	if (!u->message[0]) {
		/* no message: what sync has to say */
		char line[256];
		chtype row[512];
		int n = mvinchnstr(rows - 2, 0, row, cols < 511 ? cols : 511);
		bool blank = true;
		/* unless the screen uses the line (a search being typed) */
		for (int i = 0; i < n && blank; i++)
			blank = (row[i] & A_CHARTEXT) == ' ';
		ui_sync_line(u, line, sizeof(line));
		if (line[0] && blank)
			ui_put(rows - 2, 0, line, cols, A_DIM);
	} else {
		const char *m = u->message, *next;
		for (int i = 0; i < mrows; i++, m = next) {
			char line[sizeof(u->message)];
			size_t n = i + 1 < mrows ? text_wrap(m, cols, &next)
			                         : strlen(m);
			memcpy(line, m, n);
			line[n] = '\0';
			if (i + 1 == mrows)
				next = m + n;
			ui_put(rows - 1 - mrows + i, 0, line, cols,
			       u->message_error ? A_BOLD : A_NORMAL);
		}
	}
	if (u->top && u->top->ops->hints)
		u->top->ops->hints(u->top, hints, sizeof(hints));
	else
		ui_hints(u->top, hints, sizeof(hints), cols);
	ui_put(rows - 1, 0, hints, cols, A_REVERSE);
	/* the cursor where typing goes, hidden when nothing is typed */
	if (field_placed(&cy, &cx)) {
		move(cy, cx);
		curs_set(1);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* ---- unlocking ------------------------------------------------------------------ */

/* Reads a line without echo in the middle of the screen; false on Esc. */
static bool read_secret(const char *prompt, const char *note, char *buf,
                        size_t len)
{
	size_t n = 0;
	for (;;) {
		int ch;
		erase();
		ui_put(0, 0, _("doorstep — case files"), COLS, A_BOLD | A_REVERSE);
		ui_put(LINES / 2 - 2, 2, note, COLS - 4, A_BOLD);
		ui_put(LINES / 2, 2, prompt, COLS - 4, A_NORMAL);
		ui_put(LINES - 1, 0, _("Enter unlock  Esc leave"), COLS, A_REVERSE);
		curs_set(1);
		move(LINES / 2, 2 + text_width(prompt) < COLS ? 2 + text_width(prompt)
		                                            : COLS - 1);
		refresh();
		ch = read_key(1000);
		if (ch == ERR || ch == KEYS_UNKNOWN)
			continue;
		if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
			buf[n] = '\0';
			return true;
		}
		if (ch == 27)
			return false;
		if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
			/* remove one character, not one byte */
			while (n > 0 && ((unsigned char)buf[n - 1] & 0xC0) == 0x80)
				n--;
			if (n > 0)
				n--;
			continue;
		}
		if (ch == KEY_RESIZE || ch > 255)
			continue;
		if (n + 1 < len)
			buf[n++] = (char)ch;
	}
}

/* Asks which user (when several, or when choose: the one working now
 * chosen first), then the passphrase, until the store opens; a wrong
 * passphrase waits a little longer each time. */
static int unlock(ui *u, bool choose)
{
	store_user_name *names = NULL;
	size_t n = 0, pick = 0;
	ds_error err;
	int wrong = 0;
	char note[256] = "";
	if (store_list_users(u->store_dir, &names, &n, &err)) {
		endwin();
		return cli_error(&err);
	}
	if (u->user) {
		pick = n;
		for (size_t i = 0; i < n; i++)
			if (!strcmp(names[i].name, u->user))
				pick = i;
		if (pick == n && choose)
			pick = 0;
		else if (pick == n) {
			free(names);
			endwin();
			return cli_fail(DS_EINPUT, "--user", N_("there is no user %s"),
			                u->user);
		}
	}
	if ((!u->user || choose) && n > 1) {
		/* choose who is working */
		for (;;) {
			int ch;
			erase();
			ui_put(0, 0, _("doorstep — who is working?"), COLS,
			       A_BOLD | A_REVERSE);
			for (size_t i = 0; i < n && (int)i < LINES - 3; i++)
				ui_put(2 + (int)i, 2, names[i].name, COLS - 4,
				       i == pick ? A_REVERSE : A_NORMAL);
			ui_put(LINES - 1, 0, _("↑↓ choose  Enter this one  Esc leave"),
			       COLS, A_REVERSE);
			refresh();
			ch = read_key(1000);
			if (ch == KEY_UP || ch == 'k')
				pick = pick ? pick - 1 : 0;
			else if (ch == KEY_DOWN || ch == 'j')
				pick = pick + 1 < n ? pick + 1 : pick;
			else if (ch == '\n' || ch == KEY_ENTER)
				break;
			else if (ch == 27 || ch == 'q') {
				free(names);
				return 1;
			}
		}
	}
	for (;;) {
		store_secret *pass = store_secret_new(1024);
		char prompt[128];
		ds_status st;
		if (!pass) {
			free(names);
			return 7;
		}
		snprintf(prompt, sizeof(prompt), _("Passphrase for %s: "),
		         names[pick].name);
		if (!read_secret(prompt, note, (char *)pass->p, pass->len)) {
			store_secret_free(&pass);
			free(names);
			return 1;
		}
		pass->len = strlen((char *)pass->p);
		/* its keys are still in curses' queue */
		forget_keys();
		erase();
		ui_put(LINES / 2, 2, _("Opening the case files…"), COLS - 4, A_NORMAL);
		refresh();
		st = store_open(u->store_dir, names[pick].name, pass, &u->store, &err);
		store_secret_free(&pass);
		if (!st) {
			if (store_notice(u->store)) {
				char msg[512];
				i18n_error(store_notice(u->store), msg, sizeof(msg));
				ui_message(u, true, "%s", msg);
			}
			break;
		}
		if (st != DS_EPASS) {
			free(names);
			endwin();
			return cli_error(&err);
		}
		/* each wrong try waits longer: 1, 2, 4 ... 30 seconds */
		wrong++;
		snprintf(note, sizeof(note), _("Wrong passphrase (%d tries). Try again."),
		         wrong);
		erase();
		ui_put(LINES / 2 - 2, 2, note, COLS - 4, A_BOLD);
		refresh();
		sleep(wrong > 5 ? 30 : 1u << (wrong - 1));
		forget_keys();
	}
	{
		/* the name asked for may be the one being replaced */
		char *name = strdup(names[pick].name);
		free((char *)u->user);
		u->user = name;
	}
	free(names);
	store_set_today(u->store, u->today);
	{
		int changed = 0;
		if (store_case_catch_up(u->store, &changed, &err))
			ui_error(u, &err);
		else if (changed)
			ui_message(u, false,
			           _("%d decisions took effect or withdrawals ended since the last time"),
			           changed);
	}
	return ui_reload(u) ? 7 : 0;
}

/* The idle lock. What was typed is saved as drafts first; then every
 * screen wipes what it holds of households and keeps only where it was;
 * the caseload, the message line and a question being answered are wiped;
 * the store is closed, which wipes its keys; curses' screens are cleared
 * before the passphrase is asked, and its queue of keys and the stack are
 * wiped. Nothing personal stays in memory while locked, only ids and
 * positions. True when typed text was dropped (a search, a question's
 * answer: either may hold a name and cannot be kept). */
static bool lock(ui *u)
{
	bool dropped = false;
	for (screen *s = u->top; s; s = s->below)
		if (s->ops->quiet)
			s->ops->quiet(u, s);
	ui_sync_stop(u);
	sodium_memzero(u->message, sizeof(u->message));
	for (screen *s = u->top; s; s = s->below)
		if (s->ops->lock && s->ops->lock(u, s))
			dropped = true;
	if (u->prompting) {
		/* put away unanswered: its handler is not called */
		dropped = dropped || u->prompt.len > 0;
		u->prompting = false;
	}
	sodium_memzero(&u->prompt, sizeof(u->prompt));
	sodium_memzero(u->prompt_error, sizeof(u->prompt_error));
	store_caseload_free(u->rows, u->n_rows);
	u->rows = NULL;
	u->n_rows = 0;
	pinyin_forget(u->pinyin);
	store_close(&u->store);
	/* curses keeps the last screen in curscr and newscr: both blank now */
	erase();
	refresh();
	forget_keys();
	wipe_stack();
	return dropped;
}

/* Locks, then asks for the passphrase until the store opens again; the
 * screens rebuild from it on the next paint, where they were. The idle
 * lock keeps the session its user's: the passphrase asked for is theirs.
 * Locked on purpose (choose), the user may change: then the screens
 * above the caseload, which were the other user's work, are closed (what
 * was typed is in their drafts); the caseload keeps its filter and sort. */
static int lock_and_unlock(ui *u, bool choose)
{
	bool dropped = lock(u);
	char *was = u->user ? strdup(u->user) : NULL;
	int rc = unlock(u, choose);
	if (!rc && was && u->user && strcmp(was, u->user)) {
		while (u->top && u->top->below)
			pop(u);
		ui_message(u, false, _("%s is working now."), u->user);
	} else if (!rc && dropped) {
		ui_message(u, false, "%s",
		           _("The screen locked: text typed in a search or question was put away."));
	}
	free(was);
	return rc;
}

/* ---- keys to screens ---- */

int ui_dispatch(ui *u, int ch)
{
	unsigned what;
	ui_action a;
	if (ch == KEYS_UNKNOWN) {
		/* read whole and dropped: never Esc, never typed */
		ui_message(u, false, "%s",
		           _("That key means nothing here; it was ignored. Press ? for help."));
		return 0;
	}
	if (u->prompting) {
		/* every key is the question's: nothing typed runs as a command */
		if (ch == '\n' || ch == '\r' || ch == KEY_ENTER || ch == 27) {
			char text[FIELD_MAX];
			bool taken;
			snprintf(text, sizeof(text), "%s", u->prompt.text);
			u->message[0] = '\0';
			u->prompting = false;
			taken = u->prompt_done(u, u->prompt_ctx, ch == 27 ? NULL : text);
			sodium_memzero(text, sizeof(text));
			if (!taken && ch != 27) {
				/* open again, as it was, with the reason beside it */
				u->prompting = true;
				snprintf(u->prompt_error, sizeof(u->prompt_error), "%s",
				         u->message[0] ? u->message
				                       : _("This answer cannot be taken."));
				u->message[0] = '\0';
			}
		} else if (field_key(&u->prompt, ch)) {
			u->prompt_error[0] = '\0';
		}
		return 0;
	}
	u->message[0] = '\0';
	/* locking works anywhere, typing or not */
	if (ui_key_action(NULL, ch) == UI_LOCK) {
		if ((u->rc = lock_and_unlock(u, true)) != 0)
			return 1;
		return 0;
	}
	a = UI_NONE;
	if (!u->top->ops->typing || !u->top->ops->typing(u->top)) {
		a = ui_key_action(u->top, ch);
		if (a != UI_NONE && !engine_owns(a) && u->top->ops->handles &&
		    !u->top->ops->handles(u->top, a) &&
		    ui_key_action(NULL, ch) == a) {
			ui_message(u, false, "%s",
			           _("That key does nothing on this screen; press ? for its keys."));
			return 0;
		}
	}
	what = u->top->ops->key ? u->top->ops->key(u, u->top, a, ch)
	                       : UI_DIRTY_NONE;
	if (what == UI_DIRTY_NONE && a != UI_NONE) {
		/* what the screen left to the engine */
		switch (a) {
		case UI_BACK:
			what = UI_POP;
			break;
		case UI_QUIT:
			what = UI_EXIT;
			break;
		case UI_HELP:
			ui_push(u, scr_help_new(u, u->top));
			what = UI_DIRTY_ALL;
			break;
		case UI_REDRAW:
			clearok(stdscr, TRUE);
			what = UI_DIRTY_ALL;
			break;
		default:
			if (a != UI_NONE)
				ui_message(u, false, "%s",
				           _("Unknown key — press ? for help"));
			what = UI_DIRTY_ALL;
		}
	} else if (what == UI_DIRTY_NONE) {
		ui_message(u, false, "%s", _("Unknown key — press ? for help"));
		what = UI_DIRTY_ALL;
	}
	if (what & UI_EXIT)
		return 1;
	if (what & UI_POP) {
		pop(u);
		if (!u->top)
			return 1;
	}
	return 0;
}

/* ---- the loop -------------------------------------------------------------------- */

int ui_main(const char *dir, const char *user, core_date today)
{
	ui u;
	int rc, idle = 0, idle_limit;
	const char *env = getenv("DOORSTEP_IDLE_MINUTES");
	const char *secs = getenv("DOORSTEP_IDLE_SECONDS"); /* for tests */
	memset(&u, 0, sizeof(u));
	u.store_dir = dir;
	u.user = user ? strdup(user) : NULL;
	u.today = today;
	u.idle_minutes = env && atoi(env) > 0 ? atoi(env) : 5;
	idle_limit = secs && atoi(secs) > 0 ? atoi(secs) : u.idle_minutes * 60;
	/* households pass through jansson: what it frees is wiped */
	wipe_json_install();
	u.pinyin = pinyin_open();

	initscr();
	cbreak();
	noecho();
	keys_start(&keys_in);
	if (has_colors()) {
		start_color();
		use_default_colors();
		u.colour = true;
	}
	if ((rc = unlock(&u, false)) != 0) {
		endwin();
		pinyin_close(&u.pinyin);
		free((char *)u.user);
		return rc;
	}
	ui_push(&u, scr_caseload_new(&u));
	ui_paint(&u);
	while (u.top) {
		int ch = read_key(1000);
		ui_sync_tick(&u, ch == ERR && idle >= 1);
		if (ch == ERR) {
			/* a second without a key */
			++idle;
			if (idle == 2 && u.top->ops->quiet)
				u.top->ops->quiet(&u, u.top);
			if (idle >= idle_limit) {
				idle = 0;
				if ((rc = lock_and_unlock(&u, false)) != 0)
					break;
				ui_paint(&u);
			}
			continue;
		}
		idle = 0;
		if (ch == KEY_RESIZE) {
			ui_paint(&u);
			continue;
		}
		if (ui_dispatch(&u, ch)) {
			rc = u.rc;
			break;
		}
		ui_paint(&u);
	}
	ui_sync_free(&u);
	/* what was typed since the last pause is saved before leaving (Q
	 * from help over a visit) */
	if (u.store)
		for (screen *s = u.top; s; s = s->below)
			if (s->ops->quiet)
				s->ops->quiet(&u, s);
	while (u.top)
		pop(&u);
	endwin();
	store_caseload_free(u.rows, u.n_rows);
	pinyin_close(&u.pinyin);
	store_close(&u.store);
	free((char *)u.user);
	return rc > 0 ? rc : 0;
}
