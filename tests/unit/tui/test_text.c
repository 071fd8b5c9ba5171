/* test_text.c — display columns (tui/text) and the line field (tui/field):
 * Chinese takes two columns, cutting and wrapping never split a
 * character, and the field edits by character, not by byte. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui/field.h"
#include "tui/text.h"

static int utf8_locale(void **state)
{
	(void)state;
	return setlocale(LC_CTYPE, "C.UTF-8") ? 0 : -1;
}

/* ---- widths and cutting --------------------------------------------------- */

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("司马青山"), 8);
	assert_int_equal(text_width("王a"), 3);
	assert_int_equal(text_width("，"), 2); /* a full-width comma */
	/* a broken byte counts as one column, not zero */
	assert_int_equal(text_width("a\xff" "b"), 3);
}

static void test_fit(void **state)
{
	char out[64];
	(void)state;
	text_fit(out, sizeof(out), "abc", 5, true);
	assert_string_equal(out, "abc  ");
	text_fit(out, sizeof(out), "abcdef", 4, false);
	assert_string_equal(out, "abc~");
	/* 8 columns into 5: two characters and the mark */
	text_fit(out, sizeof(out), "司马青山", 5, true);
	assert_string_equal(out, "司马~");
	assert_int_equal(text_width(out), 5);
	/* into 4: the second character would end at column 4, leaving no room
	 * for the mark, so one character, the mark and a space */
	text_fit(out, sizeof(out), "司马青山", 4, true);
	assert_string_equal(out, "司~ ");
	assert_int_equal(text_width(out), 4);
	text_fit(out, sizeof(out), "司马", 4, true);
	assert_string_equal(out, "司马");
	text_fit_right(out, sizeof(out), "1,200.50", 10);
	assert_string_equal(out, "  1,200.50");
}

static void test_mask(void **state)
{
	char out[32];
	(void)state;
	text_mask_id(out, sizeof(out), "44010619580707582X");
	assert_string_equal(out, "**************582X");
}

/* A stick's file names printed on one line, whatever bytes they hold. */
static void test_escape_name(void **state)
{
	static const struct {
		const char *name, *shown;
		size_t room;
	} cases[] = {
		{"", "", 64},
		{"up-1.dsb", "up-1.dsb", 64},
		{"up-1.dsb\nup-2.dsb: applied", "up-1.dsb\\x0aup-2.dsb: applied", 64},
		{"a\x1b[2Jb", "a\\x1b[2Jb", 64},
		{"back\\slash", "back\\\\slash", 64},
		{"\xff\xfe.dsb", "\\xff\\xfe.dsb", 64},
		{"王 秀英.dsb", "王 秀英.dsb", 64},
		{"del\x7f", "del\\x7f", 64},
		/* cut whole, never inside an escape or a character */
		{"ab\ncd", "ab", 6},
		{"ab\ncd", "ab\\x0a", 7},
		{"王秀英", "王", 6},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[64];
		text_escape_name(out, cases[i].room, cases[i].name);
		assert_string_equal(out, cases[i].shown);
	}
}

/* ---- wrapping ------------------------------------------------------------- */

/* Wraps s into lines of width (indent on continuations) and joins them
 * with '|'; checks every line fits. */
static void wrap(const char *s, int width, int indent, char *out, size_t len)
{
	size_t o = 0;
	int row = 0;
	out[0] = '\0';
	do {
		const char *next;
		int w = row ? width - indent : width;
		size_t n = text_wrap(s, w, &next);
		char line[256];
		assert_true(n > 0);
		memcpy(line, s, n);
		line[n] = '\0';
		/* it fits, or it is one character wider than the room */
		assert_true(text_width(line) <= w || mblen(line, n) == (int)n);
		o += (size_t)snprintf(out + o, len - o, "%s%s", row ? "|" : "", line);
		s = next;
		row++;
	} while (*s);
}

static void test_wrap_words(void **state)
{
	char out[256];
	(void)state;
	wrap("the standard is 1165.00 yuan a month", 16, 0, out, sizeof(out));
	assert_string_equal(out, "the standard is|1165.00 yuan a|month");
	assert_int_equal(text_wrap_rows("the standard is 1165.00 yuan a month", 16, 0), 3);
	/* with an indent of 4 the continuations have 12 columns */
	wrap("the standard is 1165.00 yuan a month", 16, 4, out, sizeof(out));
	assert_string_equal(out, "the standard is|1165.00 yuan|a month");
	assert_int_equal(text_wrap_rows("the standard is 1165.00 yuan a month", 16, 4), 3);
	/* a short line is one row, unchanged */
	wrap("short", 16, 0, out, sizeof(out));
	assert_string_equal(out, "short");
	assert_int_equal(text_wrap_rows("", 16, 0), 1);
}

/* Chinese breaks between characters, but a closing mark never starts a
 * line (it takes the character before it along) and an opening one never
 * ends a line. */
static void test_wrap_chinese_punctuation(void **state)
{
	char out[512];
	(void)state;
	/* 8 columns: 4 characters a line; 。 would start the second */
	wrap("低保标准为每月。按月发放", 8, 0, out, sizeof(out));
	assert_string_equal(out, "低保标准|为每月。|按月发放");
	wrap("甲乙丙丁。戊己", 8, 0, out, sizeof(out));
	assert_string_equal(out, "甲乙丙|丁。戊己");
	/* two closing marks together: both stay off the line start */
	wrap("甲乙丙丁）。戊己", 8, 0, out, sizeof(out));
	assert_string_equal(out, "甲乙丙|丁）。戊|己");
	/* an opening bracket does not end a line */
	wrap("甲乙丙（丁）戊", 8, 0, out, sizeof(out));
	assert_string_equal(out, "甲乙丙|（丁）戊");
	/* every line of a long Chinese text, at every width */
	for (int w = 8; w <= 80; w++) {
		const char *s = "申请人家庭人均收入为一千二百元，高于当地低保标准（每人每月一千一百六十五元）。"
		                "根据《最低生活保障审核确认办法》，决定不予批准；如不服，可申请行政复议。";
		do {
			const char *next;
			size_t n = text_wrap(s, w, &next);
			assert_true(n > 0);
			if (s != next && *s) {
				char line[512];
				memcpy(line, s, n);
				line[n] = '\0';
				for (const char *c = "。，、；：）》」"; *c;) {
					int b = mblen(c, 4);
					if (!strncmp(line, c, (size_t)b))
						fail_msg("width %d: a line begins with %.*s: %s", w,
						         b, c, line);
					c += b;
				}
			}
			s = next;
		} while (*s);
	}
}

static void test_wrap_long_word(void **state)
{
	char out[256];
	(void)state;
	/* no space in the second half: broken where the width ends */
	wrap("abcdefghijkl", 5, 0, out, sizeof(out));
	assert_string_equal(out, "abcde|fghij|kl");
	/* a space too early on the line is not used */
	wrap("a bcdefghij", 6, 0, out, sizeof(out));
	assert_string_equal(out, "a bcde|fghij");
}

static void test_wrap_chinese(void **state)
{
	char out[256];
	(void)state;
	/* 7 characters, 14 columns, into 5: two characters a line, never
	 * half of one */
	wrap("存款等金融资产", 5, 0, out, sizeof(out));
	assert_string_equal(out, "存款|等金|融资|产");
	wrap("王a李b", 3, 0, out, sizeof(out));
	assert_string_equal(out, "王a|李b");
	/* narrower than one character: still one character a line */
	wrap("王李", 1, 0, out, sizeof(out));
	assert_string_equal(out, "王|李");
}

/* ---- the field ------------------------------------------------------------ */

/* Types s a byte at a time, as getch() gives it. */
static void type(field *f, const char *s)
{
	for (; *s; s++)
		assert_true(field_key(f, (unsigned char)*s));
}

static void test_field_chinese(void **state)
{
	field f;
	(void)state;
	field_set(&f, "");
	type(&f, "司马小草");
	assert_string_equal(f.text, "司马小草");
	assert_int_equal(f.cursor, strlen("司马小草"));
	/* Backspace removes one character, all three of its bytes */
	field_key(&f, KEY_BACKSPACE);
	assert_string_equal(f.text, "司马小");
	/* ← moves over a whole character; typing goes in there */
	field_key(&f, KEY_LEFT);
	assert_int_equal(f.cursor, strlen("司马"));
	type(&f, "青");
	assert_string_equal(f.text, "司马青小");
	field_key(&f, KEY_HOME);
	assert_int_equal(f.cursor, 0);
	field_key(&f, KEY_RIGHT);
	assert_int_equal(f.cursor, strlen("司"));
	field_key(&f, KEY_DC);
	assert_string_equal(f.text, "司青小");
	field_key(&f, KEY_END);
	assert_int_equal(f.cursor, f.len);
	/* Backspace at the start changes nothing */
	field_key(&f, KEY_HOME);
	field_key(&f, KEY_BACKSPACE);
	assert_string_equal(f.text, "司青小");
}

static void test_field_clear(void **state)
{
	field f;
	(void)state;
	field_set(&f, "44010620190512003X");
	field_key(&f, KEY_LEFT);
	field_key(&f, 21); /* Ctrl-U: all before the cursor */
	assert_string_equal(f.text, "X");
	assert_int_equal(f.cursor, 0);
	field_set(&f, "两间平房，屋里干净");
	field_key(&f, KEY_HOME);
	for (int i = 0; i < 4; i++)
		field_key(&f, KEY_RIGHT);
	field_key(&f, 11); /* Ctrl-K: all after it */
	assert_string_equal(f.text, "两间平房");
	assert_int_equal(f.cursor, f.len);
}

static void test_field_full(void **state)
{
	field f;
	char big[FIELD_MAX + 8];
	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	field_set(&f, "");
	for (size_t i = 0; i < sizeof(big) - 1; i++)
		field_key(&f, 'a');
	/* it stops short of overflowing, and what is in it is whole */
	assert_true(f.len < FIELD_MAX);
	assert_int_equal(strlen(f.text), f.len);
	/* a three-byte character that does not fit is refused whole */
	while (f.len < FIELD_MAX - 2)
		field_key(&f, 'a');
	type(&f, "中");
	assert_int_equal(strlen(f.text), f.len);
	assert_true(f.len < FIELD_MAX);
	assert_null(strstr(f.text, "\xe4"));
}

/* A field wrapped over rows: characters never split, a Chinese one that
 * would cross the edge starts the next row, and the cursor at the very end
 * of a full row is on the next one. */
static void test_field_wrap(void **state)
{
	field f;
	int r, c;
	(void)state;
	field_set(&f, "");
	assert_int_equal(field_rows(&f, 10), 1);
	field_set(&f, "abcdefghij"); /* exactly one row of ten */
	field_wrap_pos(&f, 10, 9, &r, &c);
	assert_int_equal(r, 0);
	assert_int_equal(c, 9);
	field_wrap_pos(&f, 10, f.len, &r, &c);
	assert_int_equal(r, 1);
	assert_int_equal(c, 0);
	assert_int_equal(field_rows(&f, 10), 2);
	field_set(&f, "abcdefghi司马"); /* 司 does not fit in column 9 */
	field_wrap_pos(&f, 10, 9, &r, &c);
	assert_int_equal(r, 1);
	assert_int_equal(c, 0);
	field_wrap_pos(&f, 10, f.len, &r, &c);
	assert_int_equal(r, 1);
	assert_int_equal(c, 4);
	assert_int_equal(field_rows(&f, 10), 2);
	field_set(&f, "司马青山司马青山司马青山"); /* 24 columns in rows of 10 */
	assert_int_equal(field_rows(&f, 10), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_escape_name),
		cmocka_unit_test(test_wrap_words),
		cmocka_unit_test(test_wrap_long_word),
		cmocka_unit_test(test_wrap_chinese),
		cmocka_unit_test(test_field_chinese),
		cmocka_unit_test(test_field_clear),
		cmocka_unit_test(test_field_full),
		cmocka_unit_test(test_field_wrap),
		cmocka_unit_test(test_wrap_chinese_punctuation),
	};
	return cmocka_run_group_tests_name("tui text and field", tests,
	                                   utf8_locale, NULL);
}
