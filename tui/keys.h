/* keys.h — key decoding that never guesses: the terminal's bytes become
 * ncurses KEY_* codes, plain bytes or "an unknown sequence was dropped",
 * and an escape sequence is never taken as Esc followed by characters.
 *
 * How the engine uses it (everywhere it called getch()):
 *
 *     initscr(); cbreak(); noecho();
 *     static keys_decoder keys;
 *     keys_start(&keys);          // keypad(stdscr, FALSE) + terminfo keys
 *     ...
 *     int ch = keys_read(&keys, 1000);   // instead of timeout(1000); getch()
 *     if (ch == ERR)          ... a second without a key
 *     if (ch == KEY_RESIZE)   ... repaint
 *     if (ch == KEYS_UNKNOWN) ... say "a key this terminal sent is not known"
 *     else                    ... a KEY_* code, 27 for Esc, or a byte
 *
 * One decoder for the whole program (the main loop, the passphrase prompt
 * and the user chooser share it, so a sequence cut by a resize goes on
 * where it stopped). Do not call keypad(stdscr, TRUE), set_escdelay or
 * getch() elsewhere: ncurses' own decoding is what guesses. keys_read
 * changes stdscr's timeout; whoever calls getch() directly must set it.
 * Where wipe_keys() is called (lock, exit), call keys_forget(&keys) too.
 *
 * What comes out:
 * - KEY_UP/DOWN/LEFT/RIGHT, KEY_HOME, KEY_END, KEY_PPAGE, KEY_NPAGE,
 *   KEY_IC, KEY_DC, KEY_BTAB (Shift-Tab), KEY_F(1)..KEY_F(12), KEY_ENTER
 *   (the keypad's Enter), from the built-in table (xterm in both cursor
 *   modes, vt100/vt220, rxvt, the Linux console, tmux/screen, PuTTY) and
 *   whatever the terminfo entry lists for those keys, which wins;
 * - every other byte as itself, 0..255: UTF-8 comes byte by byte
 *   (tui/field assembles it), Enter as '\n', Backspace as 127 or 8, Tab
 *   as 9;
 * - 27 for Esc pressed alone: ESC and nothing after it within
 *   KEYS_ESC_WAIT_MS, or ESC followed by another ESC (the first is Esc);
 * - KEYS_UNKNOWN for a sequence read whole and dropped: a CSI (ESC [
 *   parameters intermediates final) or SS3 (ESC O ... final) not in the
 *   table, or one that stopped coming for KEYS_SEQ_WAIT_MS, or Alt+key
 *   (ESC followed by any other byte: dropped, with the whole UTF-8
 *   character when that byte starts one, so Alt+q never acts as Esc, q);
 * - the xterm modifier forms (ESC [ 1 ; 5 C, ESC [ 5 ; 2 ~ ...) and
 *   rxvt's (ESC [ 7 $, ESC [ 5 ^, ESC [ a) of the cursor and editing keys
 *   as the key itself (Ctrl-Right is Right, Shift-PgDn is PgDn); of
 *   function keys as KEYS_UNKNOWN (Shift-F1 is F13 to ncurses, not F1).
 *   rxvt's '$' is an intermediate byte to ECMA-48; it ends ESC [ digits.
 * A byte that cannot be inside a sequence (a control or non-ASCII byte
 * after ESC [) ends it as KEYS_UNKNOWN and is then decoded as itself;
 * ESC there starts a new sequence. Known ambiguities, by design: Alt+[
 * and Alt+O start a sequence and swallow the next key typed within
 * KEYS_SEQ_WAIT_MS; the rest of a sequence that stalls longer than
 * KEYS_SEQ_WAIT_MS comes as new input after KEYS_UNKNOWN; 8-bit C1
 * controls (0x9B) are not decoded (they are UTF-8 continuation bytes); a
 * terminfo key the grammar cannot read whole (vt52's keypad, ESC ? x) is
 * not added. Enter comes as '\n' because ncurses' nl() still applies. */
#ifndef TUI_KEYS_H
#define TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

/* An unknown sequence was read whole and dropped. */
#define KEYS_UNKNOWN (KEY_MAX + 1)
/* keys_next: nothing decoded yet. */
#define KEYS_NONE (-1)

/* After a lone ESC, how long the next byte of a sequence may take before
 * the ESC counts as Esc (a terminal writes a whole sequence at once, so
 * its bytes normally arrive together even over ssh). */
#define KEYS_ESC_WAIT_MS 100
/* Once ESC [ or ESC O has come: how long each further byte may take
 * before the sequence is dropped as unknown (a slow line splits them). */
#define KEYS_SEQ_WAIT_MS 1000

#define KEYS_SEQ_MAX 16   /* the longest sequence kept for matching */
#define KEYS_EXTRA_MAX 48 /* sequences added beside the built-in table */
#define KEYS_OUT_MAX 4

/* A decoder; its fields are private. Plain data: no free needed. */
typedef struct {
	int state;
	unsigned char seq[KEYS_SEQ_MAX];
	size_t n_seq;      /* bytes kept in seq */
	bool long_seq;     /* more bytes came than seq holds */
	int utf8_left;     /* continuation bytes of an Alt+character to drop */
	int out[KEYS_OUT_MAX];
	size_t n_out, out_at;
	struct {
		char seq[KEYS_SEQ_MAX];
		int key;
	} extra[KEYS_EXTRA_MAX];
	size_t n_extra;
} keys_decoder;

/* ---- the decoder: pure, fed one byte at a time ------------------------ */

/* An empty decoder knowing the built-in table only. */
void keys_init(keys_decoder *d);

/* Adds (or, when seq is already known, replaces) a sequence for key.
 * Refused (false): NULL or empty, not starting with ESC, a single ESC, a
 * sequence the grammar would end elsewhere (it could never be matched),
 * longer than KEYS_SEQ_MAX - 1 bytes, or a full table. */
bool keys_add(keys_decoder *d, const char *seq, int key);

/* Adds the sequences get(capname) names for the terminfo capabilities the
 * program uses (kcuu1 kcud1 kcub1 kcuf1 khome kend kpp knp kcbt kdch1
 * kich1 kf1..kf12 kent); get returns NULL for a missing one. Returns how
 * many were added. */
size_t keys_add_caps(keys_decoder *d, const char *(*get)(const char *cap));

/* A byte came from the terminal. Take what it decoded (keys_next until
 * KEYS_NONE) before the next byte: at most KEYS_OUT_MAX keys wait. */
void keys_feed(keys_decoder *d, unsigned char byte);

/* No byte came within keys_wait_ms(d): a lone ESC becomes Esc, a
 * sequence begun becomes KEYS_UNKNOWN. Harmless when nothing is pending. */
void keys_timeout(keys_decoder *d);

/* How long to wait for the next byte before calling keys_timeout: -1 when
 * no sequence is under way (wait as long as the caller likes). */
int keys_wait_ms(const keys_decoder *d);

/* The next key decoded, or KEYS_NONE. */
int keys_next(keys_decoder *d);

/* Drops a sequence under way and wipes every byte the decoder holds (the
 * table stays): with wipe_keys(), when the store locks. A decoded key is
 * wiped as keys_next hands it out. */
void keys_forget(keys_decoder *d);

/* ---- the reader: the decoder over ncurses' stdscr --------------------- */

/* keys_init, keypad(stdscr, FALSE) and the terminfo entry's keys; after
 * initscr(). */
void keys_start(keys_decoder *d);

/* The next key, waiting up to wait_ms for its first byte (negative: for
 * ever): ERR when none came, KEY_RESIZE when the window changed size, or
 * what keys_next gives. Follow-up bytes are waited for as keys_wait_ms
 * says, not counted in wait_ms. */
int keys_read(keys_decoder *d, int wait_ms);

/* The same over any source of bytes (tests): get(ctx, wait) returns the
 * next byte, ERR when none came within wait ms (negative: for ever), or a
 * code above 255 to pass on. keys_read is this over wgetch(stdscr). */
int keys_read_from(keys_decoder *d, int wait_ms,
                   int (*get)(void *ctx, int wait_ms), void *ctx);

#endif
