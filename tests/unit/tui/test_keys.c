/* test_keys.c — the key decoder (tui/keys): every sequence each terminal
 * sends, whole and split across reads with pauses, comes out as its key;
 * unknown and unfinished sequences are swallowed whole, never Esc and
 * characters; Esc, Alt+key, UTF-8 and capitals; the terminfo additions. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <term.h> /* after cmocka: it defines many short macros */

#include "tui/keys.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_OUT 64

/* ---- helpers ----------------------------------------------------------------- */

/* "\033[1;5C" as "ESC [ 1 ; 5 C" for messages. */
static const char *shown(const char *s, size_t n)
{
	static char buf[256];
	size_t at = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && at + 8 < sizeof(buf); i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 27)
			at += (size_t)snprintf(buf + at, sizeof(buf) - at, "ESC ");
		else if (c > 32 && c < 127)
			at += (size_t)snprintf(buf + at, sizeof(buf) - at, "%c ", c);
		else
			at += (size_t)snprintf(buf + at, sizeof(buf) - at, "\\x%02x ", c);
	}
	return buf;
}

static void check(const char *what, const int *got, size_t n_got,
                  const int *want, size_t n_want)
{
	bool same = n_got == n_want;
	for (size_t i = 0; same && i < n_got; i++)
		same = got[i] == want[i];
	if (same)
		return;
	print_error("%s:\n  got ", what);
	for (size_t i = 0; i < n_got; i++)
		print_error(" %d", got[i]);
	print_error("\n  want");
	for (size_t i = 0; i < n_want; i++)
		print_error(" %d", want[i]);
	print_error("\n");
	fail();
}

#define CHECK(what, got, n_got, ...) do { \
	const int want_[] = {__VA_ARGS__}; \
	check(what, got, n_got, want_, N(want_)); \
} while (0)

static size_t drain(keys_decoder *d, int *out, size_t n, size_t max)
{
	int k;
	while ((k = keys_next(d)) != KEYS_NONE) {
		assert_true(n < max);
		out[n++] = k;
	}
	return n;
}

/* Feeds bytes one by one, taking what comes out after each; then, when
 * wait_ends, the wait for a next byte ends. */
static size_t feed(keys_decoder *d, const char *s, size_t len, bool wait_ends,
                   int *out)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		keys_feed(d, (unsigned char)s[i]);
		n = drain(d, out, n, MAX_OUT);
	}
	if (wait_ends) {
		keys_timeout(d);
		n = drain(d, out, n, MAX_OUT);
	}
	return n;
}

/* A terminal in a test: each byte arrives `delay` ms after the one before
 * (or, for the first, after the read began). */
typedef struct {
	int delay, ch;
} arrival;

typedef struct {
	const arrival *a;
	size_t n, at;
	int waited;      /* ms already waited for a[at] */
	int waits[256];  /* each wait asked for */
	size_t n_waits;
} source;

static int source_get(void *ctx, int wait_ms)
{
	source *s = ctx;
	int left;
	if (s->n_waits < N(s->waits))
		s->waits[s->n_waits++] = wait_ms;
	if (s->at == s->n)
		return ERR; /* nothing more ever comes */
	left = s->a[s->at].delay - s->waited;
	if (wait_ms >= 0 && left > wait_ms) {
		s->waited += wait_ms;
		return ERR;
	}
	s->waited = 0;
	return s->a[s->at++].ch;
}

/* Everything keys_read_from gives until the source is spent. */
static size_t read_all(keys_decoder *d, const arrival *a, size_t n_a,
                       int *out, source *src)
{
	size_t n = 0;
	memset(src, 0, sizeof(*src));
	src->a = a;
	src->n = n_a;
	for (int guard = 0; guard < 1000; guard++) {
		int k = keys_read_from(d, 1000, source_get, src);
		if (k == ERR) {
			if (src->at == src->n)
				return n;
			continue; /* a second without a key */
		}
		assert_true(n < MAX_OUT);
		out[n++] = k;
	}
	fail_msg("the reader never stopped");
	return n;
}

/* ---- what each terminal sends ------------------------------------------------ */

typedef struct {
	const char *seq;
	int key;
} seq_key;

/* xterm, normal cursor mode (what it sends when no program asked for
 * application mode: our case, as keypad is off) */
static const seq_key xterm[] = {
	{"\033[A", KEY_UP}, {"\033[B", KEY_DOWN}, {"\033[C", KEY_RIGHT},
	{"\033[D", KEY_LEFT}, {"\033[H", KEY_HOME}, {"\033[F", KEY_END},
	{"\033[2~", KEY_IC}, {"\033[3~", KEY_DC}, {"\033[5~", KEY_PPAGE},
	{"\033[6~", KEY_NPAGE}, {"\033[Z", KEY_BTAB},
	{"\033OP", KEY_F(1)}, {"\033OQ", KEY_F(2)}, {"\033OR", KEY_F(3)},
	{"\033OS", KEY_F(4)}, {"\033[15~", KEY_F(5)}, {"\033[17~", KEY_F(6)},
	{"\033[18~", KEY_F(7)}, {"\033[19~", KEY_F(8)}, {"\033[20~", KEY_F(9)},
	{"\033[21~", KEY_F(10)}, {"\033[23~", KEY_F(11)},
	{"\033[24~", KEY_F(12)},
};

/* xterm in application cursor and keypad mode */
static const seq_key xterm_app[] = {
	{"\033OA", KEY_UP}, {"\033OB", KEY_DOWN}, {"\033OC", KEY_RIGHT},
	{"\033OD", KEY_LEFT}, {"\033OH", KEY_HOME}, {"\033OF", KEY_END},
	{"\033OM", KEY_ENTER}, {"\033Op", '0'}, {"\033Oy", '9'},
	{"\033Ok", '+'}, {"\033Om", '-'},
};

/* xterm's modifier forms: cursor and editing keys as themselves,
 * function keys unknown (keys.h) */
static const seq_key xterm_mod[] = {
	{"\033[1;5C", KEY_RIGHT}, {"\033[1;5D", KEY_LEFT},
	{"\033[1;2A", KEY_UP}, {"\033[1;2B", KEY_DOWN},
	{"\033[1;3H", KEY_HOME}, {"\033[1;5F", KEY_END},
	{"\033[5;5~", KEY_PPAGE}, {"\033[6;2~", KEY_NPAGE},
	{"\033[3;5~", KEY_DC}, {"\033[2;2~", KEY_IC},
	{"\033[1;10A", KEY_UP}, {"\033O5C", KEY_RIGHT}, {"\033O1;5D", KEY_LEFT},
	{"\033[1;2P", KEYS_UNKNOWN}, {"\033[1;5S", KEYS_UNKNOWN},
	{"\033[15;2~", KEYS_UNKNOWN}, {"\033[24;5~", KEYS_UNKNOWN},
	{"\033O2P", KEYS_UNKNOWN}, {"\033[1;5Z", KEYS_UNKNOWN},
	{"\033[1;C", KEYS_UNKNOWN}, {"\033[2;5C", KEYS_UNKNOWN},
};

/* vt100 (normal and application cursor mode) and vt220 */
static const seq_key vt100[] = {
	{"\033[A", KEY_UP}, {"\033[B", KEY_DOWN}, {"\033[C", KEY_RIGHT},
	{"\033[D", KEY_LEFT}, {"\033OA", KEY_UP}, {"\033OB", KEY_DOWN},
	{"\033OC", KEY_RIGHT}, {"\033OD", KEY_LEFT},
	{"\033OP", KEY_F(1)}, {"\033OQ", KEY_F(2)}, {"\033OR", KEY_F(3)},
	{"\033OS", KEY_F(4)},
	{"\033[1~", KEY_HOME}, {"\033[2~", KEY_IC}, {"\033[3~", KEY_DC},
	{"\033[4~", KEY_END}, {"\033[5~", KEY_PPAGE}, {"\033[6~", KEY_NPAGE},
	{"\033[17~", KEY_F(6)}, {"\033[23~", KEY_F(11)}, {"\033[24~", KEY_F(12)},
};

/* rxvt and urxvt */
static const seq_key rxvt[] = {
	{"\033[7~", KEY_HOME}, {"\033[8~", KEY_END}, {"\033[11~", KEY_F(1)},
	{"\033[12~", KEY_F(2)}, {"\033[13~", KEY_F(3)}, {"\033[14~", KEY_F(4)},
	{"\033[15~", KEY_F(5)}, {"\033[5~", KEY_PPAGE}, {"\033[6~", KEY_NPAGE},
	{"\033[Z", KEY_BTAB}, {"\033[a", KEY_UP}, {"\033[d", KEY_LEFT},
	{"\033Ob", KEY_DOWN}, {"\033Oc", KEY_RIGHT},
	{"\033[7$", KEY_HOME}, {"\033[8^", KEY_END}, {"\033[5^", KEY_PPAGE},
	{"\033[3@", KEY_DC}, {"\033[11^", KEYS_UNKNOWN},
};

/* the Linux console */
static const seq_key linux_console[] = {
	{"\033[[A", KEY_F(1)}, {"\033[[B", KEY_F(2)}, {"\033[[C", KEY_F(3)},
	{"\033[[D", KEY_F(4)}, {"\033[[E", KEY_F(5)}, {"\033[17~", KEY_F(6)},
	{"\033[18~", KEY_F(7)}, {"\033[19~", KEY_F(8)}, {"\033[20~", KEY_F(9)},
	{"\033[21~", KEY_F(10)}, {"\033[23~", KEY_F(11)},
	{"\033[24~", KEY_F(12)},
	{"\033[1~", KEY_HOME}, {"\033[4~", KEY_END}, {"\033[2~", KEY_IC},
	{"\033[3~", KEY_DC}, {"\033[5~", KEY_PPAGE}, {"\033[6~", KEY_NPAGE},
	{"\033[A", KEY_UP}, {"\033[D", KEY_LEFT},
	{"\033[G", KEYS_UNKNOWN}, /* the keypad's 5 */
	{"\033[[Z", KEYS_UNKNOWN},
};

/* tmux and screen, whatever TERM says inside */
static const seq_key tmux[] = {
	{"\033[1~", KEY_HOME}, {"\033[4~", KEY_END}, {"\033[5~", KEY_PPAGE},
	{"\033[6~", KEY_NPAGE}, {"\033[2~", KEY_IC}, {"\033[3~", KEY_DC},
	{"\033[Z", KEY_BTAB}, {"\033OA", KEY_UP}, {"\033[B", KEY_DOWN},
	{"\033OP", KEY_F(1)}, {"\033OS", KEY_F(4)}, {"\033[15~", KEY_F(5)},
	{"\033[21~", KEY_F(10)}, {"\033[24~", KEY_F(12)},
	{"\033[1;5C", KEY_RIGHT},
};

/* PuTTY's defaults (ESC [ n ~ function keys), and its Linux mode */
static const seq_key putty[] = {
	{"\033[11~", KEY_F(1)}, {"\033[12~", KEY_F(2)}, {"\033[13~", KEY_F(3)},
	{"\033[14~", KEY_F(4)}, {"\033[15~", KEY_F(5)}, {"\033[20~", KEY_F(9)},
	{"\033[1~", KEY_HOME}, {"\033[4~", KEY_END}, {"\033[5~", KEY_PPAGE},
	{"\033[6~", KEY_NPAGE}, {"\033[3~", KEY_DC}, {"\033[Z", KEY_BTAB},
	{"\033[A", KEY_UP}, {"\033OA", KEY_UP}, {"\033OD", KEY_LEFT},
	{"\033[[A", KEY_F(1)}, {"\033[[E", KEY_F(5)},
	{"\033OC", KEY_RIGHT}, /* Ctrl+Right in normal mode */
};

static const struct {
	const char *name;
	const seq_key *keys;
	size_t n;
} terminals[] = {
	{"xterm", xterm, N(xterm)},
	{"xterm application mode", xterm_app, N(xterm_app)},
	{"xterm modifiers", xterm_mod, N(xterm_mod)},
	{"vt100/vt220", vt100, N(vt100)},
	{"rxvt", rxvt, N(rxvt)},
	{"Linux console", linux_console, N(linux_console)},
	{"tmux/screen", tmux, N(tmux)},
	{"PuTTY", putty, N(putty)},
};

/* ---- the tests ------------------------------------------------------------------ */

static void test_add_refused(void **state)
{
	keys_decoder d;
	char name[16];
	(void)state;
	keys_init(&d);
	assert_false(keys_add(NULL, "\033[A", KEY_UP));
	assert_false(keys_add(&d, NULL, KEY_UP));
	assert_false(keys_add(&d, "", KEY_UP));
	assert_false(keys_add(&d, "\033", KEY_UP));       /* Esc itself */
	assert_false(keys_add(&d, "\b", KEY_LEFT));       /* not a sequence */
	assert_false(keys_add(&d, "\033[", KEY_UP));      /* never ends */
	assert_false(keys_add(&d, "\033[1~x", KEY_UP));   /* ends at ~ */
	assert_false(keys_add(&d, "\033\033[A", KEY_UP)); /* Esc, then Up */
	assert_false(keys_add(&d, "\033\xe5\xbc\xa0", KEY_UP));
	assert_false(keys_add(&d, "\033[123456789012345~", KEY_UP));
	assert_int_equal(d.n_extra, 0);
	/* a full table refuses more */
	for (int i = 0; i < KEYS_EXTRA_MAX; i++) {
		snprintf(name, sizeof(name), "\033[%d~", 100 + i);
		assert_true(keys_add(&d, name, KEY_F(1)));
	}
	assert_false(keys_add(&d, "\033[99~", KEY_F(2)));
	/* but replacing one already there still works */
	assert_true(keys_add(&d, "\033[100~", KEY_F(3)));
}

/* Every sequence of every terminal, in one piece. */
static void test_terminals_whole(void **state)
{
	keys_decoder d;
	int out[MAX_OUT];
	char what[256];
	(void)state;
	keys_init(&d);
	for (size_t t = 0; t < N(terminals); t++)
		for (size_t i = 0; i < terminals[t].n; i++) {
			const seq_key *k = &terminals[t].keys[i];
			size_t n = feed(&d, k->seq, strlen(k->seq), false, out);
			snprintf(what, sizeof(what), "%s: %s", terminals[t].name,
			         shown(k->seq, strlen(k->seq)));
			check(what, out, n, &k->key, 1);
			assert_int_equal(keys_wait_ms(&d), -1);
		}
}

/* Every sequence of every terminal in every split across reads: a
 * sequence's bytes arrive in pieces, ESC [ or ESC O within the Esc wait,
 * each later piece after a pause longer than the Esc wait (a slow ssh
 * line); then an 'x', which must come out as itself. */
static void test_terminals_split(void **state)
{
	keys_decoder d;
	int out[MAX_OUT];
	char what[256];
	source src;
	const int early = KEYS_ESC_WAIT_MS / 2;
	const int late = (KEYS_ESC_WAIT_MS + KEYS_SEQ_WAIT_MS) / 2;
	size_t splits = 0;
	(void)state;
	assert_true(late > KEYS_ESC_WAIT_MS && late < KEYS_SEQ_WAIT_MS);
	keys_init(&d);
	for (size_t t = 0; t < N(terminals); t++)
		for (size_t i = 0; i < terminals[t].n; i++) {
			const seq_key *k = &terminals[t].keys[i];
			size_t len = strlen(k->seq);
			assert_true(len <= 12);
			for (unsigned cuts = 0; cuts < 1u << (len - 1); cuts++) {
				arrival a[16];
				const int want[] = {k->key, 'x'};
				size_t n;
				for (size_t b = 0; b < len; b++) {
					a[b].ch = (unsigned char)k->seq[b];
					a[b].delay = 0;
					if (b > 0 && (cuts & 1u << (b - 1)))
						a[b].delay = b == 1 ? early : late;
				}
				a[len].ch = 'x';
				a[len].delay = 0;
				n = read_all(&d, a, len + 1, out, &src);
				snprintf(what, sizeof(what), "%s: %s cut %#x",
				         terminals[t].name, shown(k->seq, len), cuts);
				check(what, out, n, want, 2);
				splits++;
			}
		}
	print_message("%zu splits of the terminals' sequences\n", splits);
	assert_true(splits > 1000);
}

/* The pure decoder says how long to wait: shortly after ESC, longer once a
 * sequence has begun, and nothing between keys. */
static void test_waits(void **state)
{
	keys_decoder d;
	int out[MAX_OUT];
	source src;
	const arrival a[] = {{0, 27}, {0, '['}, {0, '5'}, {0, '~'}};
	(void)state;
	keys_init(&d);
	assert_int_equal(keys_wait_ms(&d), -1);
	keys_feed(&d, 27);
	assert_int_equal(keys_wait_ms(&d), KEYS_ESC_WAIT_MS);
	keys_feed(&d, '[');
	assert_int_equal(keys_wait_ms(&d), KEYS_SEQ_WAIT_MS);
	keys_feed(&d, '1');
	assert_int_equal(keys_wait_ms(&d), KEYS_SEQ_WAIT_MS);
	assert_int_equal(keys_next(&d), KEYS_NONE);
	keys_feed(&d, '~');
	assert_int_equal(keys_wait_ms(&d), -1);
	assert_int_equal(keys_next(&d), KEY_HOME);
	keys_feed(&d, 27);
	keys_feed(&d, 'O');
	assert_int_equal(keys_wait_ms(&d), KEYS_SEQ_WAIT_MS);
	keys_timeout(&d);
	assert_int_equal(keys_next(&d), KEYS_UNKNOWN);
	/* the reader asks for the caller's wait first, then these */
	assert_int_equal(read_all(&d, a, N(a), out, &src), 1);
	assert_int_equal(out[0], KEY_PPAGE);
	assert_true(src.n_waits >= 5);
	assert_int_equal(src.waits[0], 1000);
	assert_int_equal(src.waits[1], KEYS_ESC_WAIT_MS);
	assert_int_equal(src.waits[2], KEYS_SEQ_WAIT_MS);
	assert_int_equal(src.waits[3], KEYS_SEQ_WAIT_MS);
	assert_int_equal(src.waits[4], 1000);
	/* a negative wait is passed on: wait for ever */
	memset(&src, 0, sizeof(src));
	assert_int_equal(keys_read_from(&d, -1, source_get, &src), ERR);
	assert_int_equal(src.n_waits, 1);
	assert_int_equal(src.waits[0], -1);
}

/* Unknown sequences are swallowed whole; what follows is itself. */
static void test_unknown_swallowed(void **state)
{
	static const struct {
		const char *bytes;
		int want[4];
		size_t n;
	} cases[] = {
		{"\033[99~A", {KEYS_UNKNOWN, 'A'}, 2},
		{"\033[?1;2cx", {KEYS_UNKNOWN, 'x'}, 2},  /* a device's answer */
		{"\033[200~q", {KEYS_UNKNOWN, 'q'}, 2},   /* bracketed paste */
		{"\033[I\033[O", {KEYS_UNKNOWN, KEYS_UNKNOWN}, 2}, /* focus */
		{"\033[1 q6", {KEYS_UNKNOWN, '6'}, 2},    /* an intermediate */
		{"\033Ozq", {KEYS_UNKNOWN, 'q'}, 2},      /* SS3 */
		{"\033O5zQ", {KEYS_UNKNOWN, 'Q'}, 2},
		{"\033[E~", {KEYS_UNKNOWN, '~'}, 2},      /* xterm's keypad 5 */
		{"\033[[Z6~", {KEYS_UNKNOWN, '6', '~'}, 3},
		/* a control byte ends it, and is itself */
		{"\033[6\r", {KEYS_UNKNOWN, '\r'}, 2},
		/* ESC inside starts again */
		{"\033[6\033[6~", {KEYS_UNKNOWN, KEY_NPAGE}, 2},
		/* CAN and SUB cancel */
		{"\033[6\x18~", {KEYS_UNKNOWN, '~'}, 2},
		{"\033O\x1a" "A", {KEYS_UNKNOWN, 'A'}, 2},
		/* DEL inside is ignored */
		{"\033[6\x7f~", {KEY_NPAGE}, 1},
		/* non-ASCII ends it, then comes itself */
		{"\033[\xe5\xbc\xa0", {KEYS_UNKNOWN, 0xe5, 0xbc, 0xa0}, 4},
	};
	keys_decoder d;
	int out[MAX_OUT];
	char what[64];
	(void)state;
	keys_init(&d);
	for (size_t i = 0; i < N(cases); i++) {
		size_t n = feed(&d, cases[i].bytes, strlen(cases[i].bytes), false,
		                out);
		snprintf(what, sizeof(what), "case %zu", i);
		check(what, out, n, cases[i].want, cases[i].n);
		assert_int_equal(keys_wait_ms(&d), -1);
	}
}

/* Longer than the decoder keeps: still read to its end, and unknown even
 * when it starts like a known one. */
static void test_unknown_long(void **state)
{
	keys_decoder d;
	int out[MAX_OUT];
	char s[128] = "\033[";
	size_t n;
	(void)state;
	keys_init(&d);
	for (int i = 0; i < 60; i++)
		strcat(s, "1");
	strcat(s, "~k");
	n = feed(&d, s, strlen(s), false, out);
	CHECK("long", out, n, KEYS_UNKNOWN, 'k');
	/* and the next one decodes */
	n = feed(&d, "\033[4~", 4, false, out);
	CHECK("after", out, n, KEY_END);
}

/* A sequence begun but never finished is dropped, not leaked. */
static void test_never_completes(void **state)
{
	static const char *begun[] = {
		"\033[", "\033[1", "\033[1;5", "\033[[", "\033O", "\033O5",
	};
	keys_decoder d;
	int out[MAX_OUT];
	source src;
	(void)state;
	keys_init(&d);
	for (size_t i = 0; i < N(begun); i++) {
		size_t len = strlen(begun[i]), n;
		arrival a[8];
		/* the pure decoder: nothing until the wait ends, then unknown */
		n = feed(&d, begun[i], len, false, out);
		assert_int_equal(n, 0);
		n = feed(&d, "", 0, true, out);
		CHECK(shown(begun[i], len), out, n, KEYS_UNKNOWN);
		/* the reader: the line goes quiet after it */
		for (size_t b = 0; b < len; b++)
			a[b] = (arrival){0, (unsigned char)begun[i][b]};
		n = read_all(&d, a, len, out, &src);
		CHECK(shown(begun[i], len), out, n, KEYS_UNKNOWN);
	}
	{
		/* its end arriving after the sequence wait is new input: the
		 * price of not waiting for ever (keys.h) */
		const arrival a[] = {{0, 27}, {0, '['}, {0, '6'},
		                     {KEYS_SEQ_WAIT_MS + 500, '~'}};
		size_t n = read_all(&d, a, N(a), out, &src);
		CHECK("late end", out, n, KEYS_UNKNOWN, '~');
	}
}

/* Esc alone, Esc then a letter after the wait, Esc Esc, Alt+key. */
static void test_esc(void **state)
{
	keys_decoder d;
	int out[MAX_OUT];
	source src;
	size_t n;
	(void)state;
	keys_init(&d);
	n = feed(&d, "\033", 1, false, out);
	assert_int_equal(n, 0); /* not yet: it may begin a sequence */
	n = feed(&d, "", 0, true, out);
	CHECK("lone Esc", out, n, 27);
	{
		const arrival a[] = {{0, 27}, {KEYS_ESC_WAIT_MS + 50, 'q'}};
		n = read_all(&d, a, N(a), out, &src);
		CHECK("Esc, then q", out, n, 27, 'q');
	}
	{
		const arrival a[] = {{0, 27}, {KEYS_ESC_WAIT_MS + 50, '['},
		                     {0, '6'}, {0, '~'}};
		n = read_all(&d, a, N(a), out, &src);
		CHECK("Esc, then [6~ typed", out, n, 27, '[', '6', '~');
	}
	n = feed(&d, "\033\033", 2, true, out);
	CHECK("Esc Esc", out, n, 27, 27);
	n = feed(&d, "\033\033[B", 4, false, out);
	CHECK("Esc, Down", out, n, 27, KEY_DOWN);
	n = feed(&d, "\033\033\033", 3, true, out);
	CHECK("Esc Esc Esc", out, n, 27, 27, 27);
	/* Alt+key: dropped whole, never Esc and the key */
	n = feed(&d, "\033qQ", 3, false, out);
	CHECK("Alt+q", out, n, KEYS_UNKNOWN, 'Q');
	n = feed(&d, "\033Q", 2, true, out);
	CHECK("Alt+Q", out, n, KEYS_UNKNOWN);
	n = feed(&d, "\033\r", 2, false, out);
	CHECK("Alt+Enter", out, n, KEYS_UNKNOWN);
	n = feed(&d, "\033\x7f", 2, false, out);
	CHECK("Alt+Backspace", out, n, KEYS_UNKNOWN);
	/* Alt+张: the whole character goes, the next one stays */
	n = feed(&d, "\033\xe5\xbc\xa0\xe5\xbc\xa0", 7, false, out);
	CHECK("Alt+张 张", out, n, KEYS_UNKNOWN, 0xe5, 0xbc, 0xa0);
	n = feed(&d, "\033\xf0\x9f\x98\x80x", 6, false, out);
	CHECK("Alt+emoji", out, n, KEYS_UNKNOWN, 'x');
	/* a broken character after Alt: what is not a continuation is itself */
	n = feed(&d, "\033\xe5q", 3, false, out);
	CHECK("Alt+broken", out, n, KEYS_UNKNOWN, 'q');
	{
		/* Alt+q read by the reader, the q within the Esc wait */
		const arrival a[] = {{0, 27}, {KEYS_ESC_WAIT_MS / 2, 'q'}};
		n = read_all(&d, a, N(a), out, &src);
		CHECK("Alt+q read", out, n, KEYS_UNKNOWN);
	}
}

/* Every byte but ESC is itself: capitals, controls, UTF-8 byte by byte. */
static void test_bytes_pass(void **state)
{
	keys_decoder d;
	int out[MAX_OUT];
	size_t n;
	(void)state;
	keys_init(&d);
	for (int b = 0; b < 256; b++) {
		char c = (char)b;
		if (b == 27)
			continue;
		n = feed(&d, &c, 1, false, out);
		assert_int_equal(n, 1);
		assert_int_equal(out[0], b);
	}
	n = feed(&d, "Zhang Qiang", 11, false, out);
	CHECK("capitals", out, n, 'Z', 'h', 'a', 'n', 'g', ' ', 'Q', 'i', 'a',
	      'n', 'g');
	n = feed(&d, "AOQ[~", 5, false, out);
	CHECK("sequence letters alone", out, n, 'A', 'O', 'Q', '[', '~');
	n = feed(&d, "张强", 6, false, out);
	CHECK("UTF-8", out, n, 0xe5, 0xbc, 0xa0, 0xe5, 0xbc, 0xba);
	n = feed(&d, "\xf0\x9f\x98\x80", 4, false, out);
	CHECK("4 bytes", out, n, 0xf0, 0x9f, 0x98, 0x80);
	n = feed(&d, "a\033[Bb", 5, false, out);
	CHECK("between", out, n, 'a', KEY_DOWN, 'b');
}

/* The reader passes KEY_RESIZE on, also in the middle of a sequence,
 * which then goes on. */
static void test_resize(void **state)
{
	keys_decoder d;
	int out[MAX_OUT];
	source src;
	const arrival a[] = {{0, 27}, {0, '['}, {0, KEY_RESIZE}, {0, '5'},
	                     {0, '~'}, {0, KEY_RESIZE}};
	size_t n;
	(void)state;
	keys_init(&d);
	n = read_all(&d, a, N(a), out, &src);
	CHECK("resize", out, n, KEY_RESIZE, KEY_PPAGE, KEY_RESIZE);
}

/* Nothing typed stays in the decoder once handed out or forgotten; the
 * table stays. */
static void test_forget(void **state)
{
	keys_decoder d, zero;
	int out[MAX_OUT];
	size_t n;
	(void)state;
	keys_init(&d);
	assert_true(keys_add(&d, "\033A", KEY_UP));
	n = feed(&d, "secret", 6, false, out);
	assert_int_equal(n, 6);
	memset(&zero, 0, sizeof(zero));
	assert_memory_equal(d.out, zero.out, sizeof(d.out));
	/* a sequence half read, then forgotten */
	keys_feed(&d, 27);
	keys_feed(&d, '[');
	keys_feed(&d, 's' - 0x40);
	keys_forget(&d);
	assert_memory_equal(d.out, zero.out, sizeof(d.out));
	assert_memory_equal(d.seq, zero.seq, sizeof(d.seq));
	assert_int_equal(keys_next(&d), KEYS_NONE);
	assert_int_equal(keys_wait_ms(&d), -1);
	n = feed(&d, "\033A\033[4~", 6, false, out);
	CHECK("after forget", out, n, KEY_UP, KEY_END);
}

/* A terminfo-like list: its sequences extend the table and win over it;
 * what cannot be decoded is refused. */
static const char *fake_terminfo(const char *cap)
{
	static const struct {
		const char *cap, *seq;
	} list[] = {
		{"kcuu1", "\033A"},     /* vt52: a two-byte sequence */
		{"kcud1", "\033B"},
		{"kend", "\033[7~"},    /* rxvt's Home, here End */
		{"kf1", "\033[9~"},     /* unknown to the table */
		{"kf13", "\033[25~"},   /* not a capability read */
		{"kent", "\033[1;2Q"},
		{"kf2", "\b"},          /* refused: not a sequence */
		{"kf3", "\033["},       /* refused: never ends */
		{"kf4", "\033[1~z"},    /* refused: ends at ~ */
		{"kcbt", ""},           /* refused */
	};
	for (size_t i = 0; i < N(list); i++)
		if (!strcmp(list[i].cap, cap))
			return list[i].seq;
	return NULL;
}

static void test_terminfo_list(void **state)
{
	keys_decoder d;
	int out[MAX_OUT];
	size_t n;
	(void)state;
	keys_init(&d);
	/* before: these are unknown, or other keys */
	n = feed(&d, "\033A\033[7~\033[9~\033[25~\033[1;2Q", 21, false, out);
	CHECK("before", out, n, KEYS_UNKNOWN, KEY_HOME, KEYS_UNKNOWN,
	      KEYS_UNKNOWN, KEYS_UNKNOWN);
	assert_int_equal(keys_add_caps(&d, fake_terminfo), 5);
	n = feed(&d, "\033A\033B\033[7~\033[9~\033[25~\033[1;2Q", 23, false, out);
	CHECK("after", out, n, KEY_UP, KEY_DOWN, KEY_END, KEY_F(1),
	      KEYS_UNKNOWN, KEY_ENTER);
	/* the rest of the table is still there */
	n = feed(&d, "\033[8~\033[1~\033C\033[Z\b", 14, false, out);
	CHECK("rest", out, n, KEY_END, KEY_HOME, KEYS_UNKNOWN, KEY_BTAB, '\b');
	/* an addition replaces an addition */
	assert_true(keys_add(&d, "\033A", KEY_F(9)));
	n = feed(&d, "\033A", 2, false, out);
	CHECK("replaced", out, n, KEY_F(9));
	/* and the modifier forms follow the table: ESC [ 7 ; 5 ~ is End now */
	n = feed(&d, "\033[7;5~", 6, false, out);
	CHECK("modified", out, n, KEY_END);
}

/* The real terminfo entries on this machine: every key they list for the
 * capabilities read decodes as that key, once loaded. */
static const char *real_terminfo(const char *cap)
{
	const char *s = tigetstr(cap);
	return s == (const char *)-1 ? NULL : s;
}

static void test_terminfo_real(void **state)
{
	static const char *names[] = {
		"xterm", "xterm-256color", "vt100", "vt220", "screen",
		"screen-256color", "tmux-256color", "linux", "putty", "rxvt",
		"rxvt-unicode",
	};
	static const struct {
		const char *cap;
		int key;
	} caps[] = {
		{"kcuu1", KEY_UP}, {"kcud1", KEY_DOWN}, {"kcub1", KEY_LEFT},
		{"kcuf1", KEY_RIGHT}, {"khome", KEY_HOME}, {"kend", KEY_END},
		{"kpp", KEY_PPAGE}, {"knp", KEY_NPAGE}, {"kcbt", KEY_BTAB},
		{"kdch1", KEY_DC}, {"kich1", KEY_IC}, {"kent", KEY_ENTER},
		{"kf1", KEY_F(1)}, {"kf2", KEY_F(2)}, {"kf3", KEY_F(3)},
		{"kf4", KEY_F(4)}, {"kf5", KEY_F(5)}, {"kf6", KEY_F(6)},
		{"kf7", KEY_F(7)}, {"kf8", KEY_F(8)}, {"kf9", KEY_F(9)},
		{"kf10", KEY_F(10)}, {"kf11", KEY_F(11)}, {"kf12", KEY_F(12)},
	};
	int loaded = 0, checked = 0, err = 0;
	(void)state;
	for (size_t t = 0; t < N(names); t++) {
		keys_decoder d;
		int out[MAX_OUT];
		TERMINAL *term;
		if (setupterm(names[t], 1, &err) != OK)
			continue; /* not installed here */
		term = cur_term;
		loaded++;
		keys_init(&d);
		keys_add_caps(&d, real_terminfo);
		for (size_t c = 0; c < N(caps); c++) {
			const char *s = real_terminfo(caps[c].cap);
			char what[128];
			size_t n;
			if (!s || !*s)
				continue;
			n = feed(&d, s, strlen(s), false, out);
			snprintf(what, sizeof(what), "%s %s %s", names[t], caps[c].cap,
			         shown(s, strlen(s)));
			check(what, out, n, &caps[c].key, 1);
			checked++;
		}
		del_curterm(term);
	}
	print_message("%d terminfo entries, %d keys\n", loaded, checked);
	/* ncurses-base has at least xterm, vt100 and linux */
	assert_true(loaded >= 3);
	assert_true(checked >= 40);
	/* vt52's arrows are two bytes, ESC A: known once its entry is loaded
	 * (its keypad's ESC ? x is not: vt52 is not a terminal we support, and
	 * keys_add refuses what the grammar would end early) */
	if (setupterm("vt52", 1, &err) == OK) {
		keys_decoder d;
		int out[MAX_OUT];
		TERMINAL *term = cur_term;
		size_t n;
		keys_init(&d);
		keys_add_caps(&d, real_terminfo);
		n = feed(&d, "\033A\033D\033?t", 7, false, out);
		CHECK("vt52", out, n, KEY_UP, KEY_LEFT, KEYS_UNKNOWN, 't');
		del_curterm(term);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_refused),
		cmocka_unit_test(test_terminals_whole),
		cmocka_unit_test(test_terminals_split),
		cmocka_unit_test(test_waits),
		cmocka_unit_test(test_unknown_swallowed),
		cmocka_unit_test(test_unknown_long),
		cmocka_unit_test(test_never_completes),
		cmocka_unit_test(test_esc),
		cmocka_unit_test(test_bytes_pass),
		cmocka_unit_test(test_resize),
		cmocka_unit_test(test_forget),
		cmocka_unit_test(test_terminfo_list),
		cmocka_unit_test(test_terminfo_real),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
