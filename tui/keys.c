/* keys.c — the terminal's bytes to keys by the grammar of escape
 * sequences (ECMA-48 CSI and SS3), a table of known sequences, and the
 * terminfo entry's; never Esc for a sequence cut short (see keys.h). */
#define _XOPEN_SOURCE_EXTENDED 1
#include "tui/keys.h"

#include <sodium.h>
#include <string.h>

enum {
	K_GROUND,   /* between keys */
	K_ESC,      /* ESC came: Esc, or the start of a sequence */
	K_CSI,      /* ESC [ and parameter or intermediate bytes */
	K_LINUX,    /* ESC [ [: the Linux console's F1..F5, one more byte */
	K_SS3,      /* ESC O and parameter bytes */
	K_ALT_UTF8  /* Alt+a UTF-8 character: its continuation bytes dropped */
};

#define ESC 0x1B

/* Sequences terminals send, whatever their terminfo entry says. A
 * terminal appears where it is the reason for a row; most rows are sent by
 * several. The terminfo entry's own are looked at first (keys_add). */
static const struct {
	const char *seq;
	int key;
} builtin[] = {
	/* arrows: normal cursor mode (xterm, vt100, Linux, tmux, PuTTY) and
	 * application mode (after smkx, or left so by another program) */
	{"\033[A", KEY_UP}, {"\033[B", KEY_DOWN},
	{"\033[C", KEY_RIGHT}, {"\033[D", KEY_LEFT},
	{"\033OA", KEY_UP}, {"\033OB", KEY_DOWN},
	{"\033OC", KEY_RIGHT}, {"\033OD", KEY_LEFT},
	/* rxvt: Shift+arrow ESC [ a, Ctrl+arrow ESC O a, taken as the arrow
	 * like xterm's modifier forms (keys.h) */
	{"\033[a", KEY_UP}, {"\033[b", KEY_DOWN},
	{"\033[c", KEY_RIGHT}, {"\033[d", KEY_LEFT},
	{"\033Oa", KEY_UP}, {"\033Ob", KEY_DOWN},
	{"\033Oc", KEY_RIGHT}, {"\033Od", KEY_LEFT},
	/* Home and End: xterm both modes; vt220, Linux, tmux/screen and PuTTY
	 * 1~ and 4~ (vt220's Find and Select keys); rxvt 7~ and 8~ */
	{"\033[H", KEY_HOME}, {"\033OH", KEY_HOME}, {"\033[1~", KEY_HOME},
	{"\033[7~", KEY_HOME},
	{"\033[F", KEY_END}, {"\033OF", KEY_END}, {"\033[4~", KEY_END},
	{"\033[8~", KEY_END},
	/* the vt220 editing keypad, sent by all of them */
	{"\033[2~", KEY_IC}, {"\033[3~", KEY_DC},
	{"\033[5~", KEY_PPAGE}, {"\033[6~", KEY_NPAGE},
	/* Shift-Tab */
	{"\033[Z", KEY_BTAB},
	/* F1..F4: vt100 and xterm ESC O P..S; rxvt and PuTTY 11~..14~; the
	 * Linux console (and PuTTY's Linux mode) ESC [ [ A..E for F1..F5 */
	{"\033OP", KEY_F(1)}, {"\033OQ", KEY_F(2)},
	{"\033OR", KEY_F(3)}, {"\033OS", KEY_F(4)},
	{"\033[11~", KEY_F(1)}, {"\033[12~", KEY_F(2)},
	{"\033[13~", KEY_F(3)}, {"\033[14~", KEY_F(4)},
	{"\033[[A", KEY_F(1)}, {"\033[[B", KEY_F(2)}, {"\033[[C", KEY_F(3)},
	{"\033[[D", KEY_F(4)}, {"\033[[E", KEY_F(5)},
	/* F5..F12, the vt220 numbering with its gaps (16~ and 22~) */
	{"\033[15~", KEY_F(5)}, {"\033[17~", KEY_F(6)},
	{"\033[18~", KEY_F(7)}, {"\033[19~", KEY_F(8)},
	{"\033[20~", KEY_F(9)}, {"\033[21~", KEY_F(10)},
	{"\033[23~", KEY_F(11)}, {"\033[24~", KEY_F(12)},
	/* the numeric keypad in application mode (vt100 DECKPAM, PuTTY, xterm):
	 * Enter, then the characters printed on the keys */
	{"\033OM", KEY_ENTER},
	{"\033Op", '0'}, {"\033Oq", '1'}, {"\033Or", '2'}, {"\033Os", '3'},
	{"\033Ot", '4'}, {"\033Ou", '5'}, {"\033Ov", '6'}, {"\033Ow", '7'},
	{"\033Ox", '8'}, {"\033Oy", '9'}, {"\033On", '.'}, {"\033Ol", ','},
	{"\033Om", '-'}, {"\033Ok", '+'}, {"\033Oj", '*'}, {"\033Oo", '/'},
	{"\033OX", '='},
};

/* The terminfo capabilities read by keys_add_caps, and their keys. */
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

/* ---- the decoder --------------------------------------------------------- */

void keys_init(keys_decoder *d)
{
	memset(d, 0, sizeof(*d));
	d->state = K_GROUND;
}

static void emit(keys_decoder *d, int key)
{
	if (d->out_at == d->n_out)
		d->out_at = d->n_out = 0;
	if (d->n_out < KEYS_OUT_MAX)
		d->out[d->n_out++] = key;
}

int keys_next(keys_decoder *d)
{
	int key;
	if (d->out_at == d->n_out)
		return KEYS_NONE;
	/* a passphrase's bytes pass through here: none stays behind */
	key = d->out[d->out_at];
	d->out[d->out_at++] = 0;
	return key;
}

void keys_forget(keys_decoder *d)
{
	sodium_memzero(d->seq, sizeof(d->seq));
	sodium_memzero(d->out, sizeof(d->out));
	d->n_seq = d->n_out = d->out_at = 0;
	d->long_seq = false;
	d->utf8_left = 0;
	d->state = K_GROUND;
}

static void keep(keys_decoder *d, unsigned char byte)
{
	if (d->n_seq < KEYS_SEQ_MAX)
		d->seq[d->n_seq++] = byte;
	else
		d->long_seq = true;
}

static int lookup(const keys_decoder *d, const unsigned char *seq, size_t n)
{
	for (size_t i = 0; i < d->n_extra; i++)
		if (strlen(d->extra[i].seq) == n && !memcmp(d->extra[i].seq, seq, n))
			return d->extra[i].key;
	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		if (strlen(builtin[i].seq) == n && !memcmp(builtin[i].seq, seq, n))
			return builtin[i].key;
	return KEYS_UNKNOWN;
}

static bool editing_key(int key)
{
	switch (key) {
	case KEY_UP: case KEY_DOWN: case KEY_LEFT: case KEY_RIGHT:
	case KEY_HOME: case KEY_END: case KEY_PPAGE: case KEY_NPAGE:
	case KEY_IC: case KEY_DC:
		return true;
	default:
		return false;
	}
}

/* A cursor or editing key with a modifier, as the key itself: xterm's
 * ESC [ 1 ; m X, ESC [ n ; m ~ and ESC O m X, and rxvt's ESC [ n $ / ^ / @
 * (Shift, Ctrl, both). Anything else, F-keys included, is unknown. */
static int unmodified(const keys_decoder *d)
{
	const unsigned char *s = d->seq;
	size_t n = d->n_seq, p = 2, p1_at = 2, p1_len = 0;
	unsigned char final = s[n - 1], base[KEYS_SEQ_MAX];
	size_t nb = 0;
	int key;
	bool semi = false, mod = false;
	/* parameters: digits, at most one ';', digits */
	while (p < n - 1 && s[p] >= '0' && s[p] <= '9')
		p++;
	p1_len = p - p1_at;
	if (p < n - 1 && s[p] == ';') {
		semi = true;
		p++;
		while (p < n - 1 && s[p] >= '0' && s[p] <= '9') {
			mod = true;
			p++;
		}
	}
	if (p != n - 1)
		return KEYS_UNKNOWN;
	base[nb++] = ESC;
	base[nb++] = s[1];
	if (s[1] == '[' && !semi && p1_len > 0 &&
	    (final == '$' || final == '^' || final == '@')) {
		/* rxvt */
		memcpy(base + nb, s + p1_at, p1_len);
		nb += p1_len;
		base[nb++] = '~';
	} else if (semi && mod && final == '~' && s[1] == '[' && p1_len > 0) {
		memcpy(base + nb, s + p1_at, p1_len);
		nb += p1_len;
		base[nb++] = '~';
	} else if (final != '~' && (semi ? mod : p1_len > 0 && s[1] == 'O')) {
		/* ESC [ 1 ; 5 C, and ESC O 5 C where the 1 is left out */
		if (semi && !(p1_len == 1 && s[p1_at] == '1'))
			return KEYS_UNKNOWN;
		base[nb++] = final;
	} else {
		return KEYS_UNKNOWN;
	}
	key = lookup(d, base, nb);
	return editing_key(key) ? key : KEYS_UNKNOWN;
}

/* The sequence in seq is complete. */
static void finish(keys_decoder *d)
{
	int key = KEYS_UNKNOWN;
	if (!d->long_seq) {
		key = lookup(d, d->seq, d->n_seq);
		if (key == KEYS_UNKNOWN && d->n_seq > 3 && d->state != K_LINUX)
			key = unmodified(d);
	}
	emit(d, key);
	d->state = K_GROUND;
	d->n_seq = 0;
	d->long_seq = false;
}

/* A byte that cannot be inside the sequence under way: the sequence is
 * dropped, and the byte is decoded afresh unless it was a cancel. */
static void broken(keys_decoder *d, unsigned char byte)
{
	emit(d, KEYS_UNKNOWN);
	d->state = K_GROUND;
	d->n_seq = 0;
	d->long_seq = false;
	if (byte != 0x18 && byte != 0x1A) /* CAN and SUB cancel, no more */
		keys_feed(d, byte);
}

/* ESC [ and one or more digits so far. */
static bool digits_only(const keys_decoder *d)
{
	if (d->n_seq < 3 || d->long_seq)
		return false;
	for (size_t i = 2; i < d->n_seq; i++)
		if (d->seq[i] < '0' || d->seq[i] > '9')
			return false;
	return true;
}

void keys_feed(keys_decoder *d, unsigned char byte)
{
	switch (d->state) {
	case K_GROUND:
		if (byte == ESC) {
			d->state = K_ESC;
			d->n_seq = 0;
			keep(d, byte);
		} else {
			emit(d, byte);
		}
		return;
	case K_ESC:
		if (byte == ESC) {
			emit(d, 27); /* the first was Esc; this one starts again */
			return;
		}
		keep(d, byte);
		if (byte == '[') {
			d->state = K_CSI;
		} else if (byte == 'O') {
			d->state = K_SS3;
		} else if (byte >= 0xC2 && byte <= 0xF4) {
			/* Alt+ a UTF-8 character: dropped whole */
			emit(d, KEYS_UNKNOWN);
			d->state = K_ALT_UTF8;
			d->utf8_left = byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : 1;
			d->n_seq = 0;
		} else {
			/* Alt+key, or a two-byte sequence terminfo listed */
			finish(d);
		}
		return;
	case K_CSI:
		if (byte == 0x7F)
			return; /* DEL inside a sequence is ignored (ECMA-48) */
		if (byte == '[' && d->n_seq == 2) {
			keep(d, byte);
			d->state = K_LINUX;
		} else if (byte == '$' && digits_only(d)) {
			/* rxvt's Shift+key, ESC [ 7 $: '$' is an intermediate
			 * byte to ECMA-48, but nothing would follow it */
			keep(d, byte);
			finish(d);
		} else if (byte >= 0x20 && byte <= 0x3F) {
			keep(d, byte);
		} else if (byte >= 0x40 && byte <= 0x7E) {
			keep(d, byte);
			finish(d);
		} else {
			broken(d, byte);
		}
		return;
	case K_LINUX:
		if (byte >= 0x20 && byte <= 0x7E) {
			keep(d, byte);
			finish(d);
		} else if (byte != 0x7F) {
			broken(d, byte);
		}
		return;
	case K_SS3:
		if (byte == 0x7F)
			return;
		if (byte >= 0x30 && byte <= 0x3F) {
			keep(d, byte); /* ESC O 5 C and the like */
		} else if (byte >= 0x20 && byte <= 0x7E) {
			keep(d, byte);
			finish(d);
		} else {
			broken(d, byte);
		}
		return;
	case K_ALT_UTF8:
		if ((byte & 0xC0) == 0x80 && d->utf8_left > 0) {
			if (--d->utf8_left == 0)
				d->state = K_GROUND;
			return;
		}
		d->state = K_GROUND;
		keys_feed(d, byte);
		return;
	default:
		d->state = K_GROUND;
		keys_feed(d, byte);
		return;
	}
}

void keys_timeout(keys_decoder *d)
{
	switch (d->state) {
	case K_ESC:
		emit(d, 27);
		break;
	case K_CSI:
	case K_LINUX:
	case K_SS3:
		emit(d, KEYS_UNKNOWN);
		break;
	default:
		break;
	}
	d->state = K_GROUND;
	d->n_seq = 0;
	d->long_seq = false;
}

int keys_wait_ms(const keys_decoder *d)
{
	switch (d->state) {
	case K_GROUND:
		return -1;
	case K_ESC:
		return KEYS_ESC_WAIT_MS;
	default:
		return KEYS_SEQ_WAIT_MS;
	}
}

/* ---- the table's additions ------------------------------------------------- */

/* Whether the grammar ends seq exactly at its last byte, as one key: only
 * such a sequence can ever be matched. */
static bool whole(const char *seq, size_t n)
{
	keys_decoder t;
	keys_init(&t);
	for (size_t i = 0; i < n; i++) {
		keys_feed(&t, (unsigned char)seq[i]);
		if ((t.state == K_GROUND) != (i == n - 1) || t.n_out > (i == n - 1))
			return false;
	}
	return t.n_out == 1 && t.out[0] != 27;
}

bool keys_add(keys_decoder *d, const char *seq, int key)
{
	size_t n;
	if (!d || !seq || (unsigned char)seq[0] != ESC)
		return false;
	n = strlen(seq);
	if (n < 2 || n >= KEYS_SEQ_MAX || !whole(seq, n))
		return false;
	for (size_t i = 0; i < d->n_extra; i++)
		if (!strcmp(d->extra[i].seq, seq)) {
			d->extra[i].key = key;
			return true;
		}
	if (d->n_extra == KEYS_EXTRA_MAX)
		return false;
	memcpy(d->extra[d->n_extra].seq, seq, n + 1);
	d->extra[d->n_extra++].key = key;
	return true;
}

size_t keys_add_caps(keys_decoder *d, const char *(*get)(const char *cap))
{
	size_t added = 0;
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		const char *s = get(caps[i].cap);
		if (s && keys_add(d, s, caps[i].key))
			added++;
	}
	return added;
}

/* ---- the reader ------------------------------------------------------------ */

static const char *terminfo_get(const char *cap)
{
	const char *s = tigetstr(cap);
	return s == (const char *)-1 ? NULL : s;
}

void keys_start(keys_decoder *d)
{
	keys_init(d);
	keypad(stdscr, FALSE);
	keys_add_caps(d, terminfo_get);
}

int keys_read_from(keys_decoder *d, int wait_ms,
                   int (*get)(void *ctx, int wait_ms), void *ctx)
{
	for (;;) {
		int key = keys_next(d), wait, ch;
		if (key != KEYS_NONE)
			return key;
		wait = keys_wait_ms(d);
		ch = get(ctx, wait < 0 ? (wait_ms < 0 ? -1 : wait_ms) : wait);
		if (ch == ERR) {
			if (wait < 0)
				return ERR;
			keys_timeout(d);
			continue;
		}
		if (ch < 0 || ch > 255)
			return ch; /* KEY_RESIZE; a sequence under way waits */
		keys_feed(d, (unsigned char)ch);
	}
}

/* A byte from the terminal: with keypad off, ncurses decodes nothing but
 * still returns KEY_RESIZE after SIGWINCH (lib_getch.c looks for it on
 * both paths). */
static int stdscr_get(void *ctx, int wait_ms)
{
	(void)ctx;
	wtimeout(stdscr, wait_ms);
	return wgetch(stdscr);
}

int keys_read(keys_decoder *d, int wait_ms)
{
	return keys_read_from(d, wait_ms, stdscr_get, NULL);
}
