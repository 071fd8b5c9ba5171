/* test_text.c — UTF-8 decoding, full-width folding, trimming (core/text). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/text.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- core_utf8_decode ---------------------------------------------------- */

static void test_decode_empty(void **state)
{
	uint32_t cp = 12345;
	(void)state;
	assert_int_equal(core_utf8_decode("", 0, &cp), 0);
	assert_int_equal(core_utf8_decode("a", 0, &cp), 0);
	assert_int_equal(cp, 12345); /* untouched on failure */
}

static void test_decode_valid(void **state)
{
	static const struct {
		const char *s;
		size_t len, want_n;
		uint32_t want_cp;
	} table[] = {
		{"\x00", 1, 1, 0x00},
		{"A", 1, 1, 0x41},
		{"\x7F", 1, 1, 0x7F},
		{"\xC2\x80", 2, 2, 0x80},           /* smallest 2-byte */
		{"\xC3\xA9", 2, 2, 0xE9},           /* é */
		{"\xDF\xBF", 2, 2, 0x7FF},          /* largest 2-byte */
		{"\xE0\xA0\x80", 3, 3, 0x800},      /* smallest 3-byte */
		{"\xE4\xB8\xAD", 3, 3, 0x4E2D},     /* 中 */
		{"\xED\x9F\xBF", 3, 3, 0xD7FF},     /* just below surrogates */
		{"\xEE\x80\x80", 3, 3, 0xE000},     /* just above surrogates */
		{"\xEF\xBC\x91", 3, 3, 0xFF11},     /* １ */
		{"\xEF\xBF\xBF", 3, 3, 0xFFFF},
		{"\xF0\x90\x80\x80", 4, 4, 0x10000}, /* smallest 4-byte */
		{"\xF0\x9F\x98\x80", 4, 4, 0x1F600}, /* emoji */
		{"\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF}, /* largest */
		/* Only the first character is decoded. */
		{"ab", 2, 1, 'a'},
		{"\xE4\xB8\xAD" "x", 4, 3, 0x4E2D},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		uint32_t cp = 0xDEADBEEF;
		size_t n = core_utf8_decode(table[i].s, table[i].len, &cp);
		assert_int_equal(n, table[i].want_n);
		assert_int_equal(cp, table[i].want_cp);
	}
}

static void test_decode_invalid(void **state)
{
	static const struct {
		const char *s;
		size_t len;
	} table[] = {
		/* Lone continuation bytes and impossible lead bytes. */
		{"\x80", 1}, {"\xBF", 1}, {"\xC0\x80", 2}, {"\xC1\xBF", 2},
		{"\xF5\x80\x80\x80", 4}, {"\xF8\x88\x80\x80\x80", 5},
		{"\xFE", 1}, {"\xFF", 1},
		/* Overlong forms. */
		{"\xE0\x80\x80", 3}, {"\xE0\x9F\xBF", 3},
		{"\xF0\x80\x80\x80", 4}, {"\xF0\x8F\xBF\xBF", 4},
		/* Surrogates. */
		{"\xED\xA0\x80", 3}, {"\xED\xBF\xBF", 3}, {"\xED\xB0\x80", 3},
		/* Past U+10FFFF. */
		{"\xF4\x90\x80\x80", 4}, {"\xF4\xBF\xBF\xBF", 4},
		/* Truncated: by the length given, and by the bytes themselves. */
		{"\xC3\xA9", 1}, {"\xE4\xB8\xAD", 2}, {"\xE4\xB8\xAD", 1},
		{"\xF0\x9F\x98\x80", 3}, {"\xC3", 1}, {"\xE4\xB8", 2},
		{"\xE4\xB8" "a", 3}, {"\xC3" "a", 2}, {"\xF0\x9F\x98" "a", 4},
		/* Bad continuation bytes. */
		{"\xC3\xC3", 2}, {"\xE4\x38\xAD", 3}, {"\xE4\xB8\xFD", 3},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		uint32_t cp = 0xDEADBEEF;
		assert_int_equal(core_utf8_decode(table[i].s, table[i].len, &cp), 0);
		assert_int_equal(cp, 0xDEADBEEF);
	}
}

/* Every code point encoded here by hand decodes back to itself, and every
 * surrogate is refused. */
static size_t encode(uint32_t c, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (c < 0x80) {
		o[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (unsigned char)(0xC0 | (c >> 6));
		o[1] = (unsigned char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (c >> 12));
		o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (c >> 18));
	o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (c & 0x3F));
	return 4;
}

static void test_decode_all_code_points(void **state)
{
	(void)state;
	for (uint32_t c = 0; c <= 0x10FFFF; c++) {
		char buf[4];
		uint32_t cp = 0xDEADBEEF;
		size_t n = encode(c, buf), got = core_utf8_decode(buf, n, &cp);
		if (c >= 0xD800 && c <= 0xDFFF) {
			assert_int_equal(got, 0);
			continue;
		}
		if (got != n || cp != c)
			fail_msg("U+%04X: got length %zu, cp %04X", (unsigned)c,
			         got, (unsigned)cp);
		/* One byte short never decodes. */
		if (n > 1)
			assert_int_equal(core_utf8_decode(buf, n - 1, &cp), 0);
	}
}

static void test_valid(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		bool want;
	} table[] = {
		{"", 0, true},
		{"abc", 3, true},
		{"张三", 6, true},
		{"a\x00" "b", 3, true}, /* NUL is a valid code point */
		{"张三", 5, false},      /* cut in the last character */
		{"ab\xC0\x80", 4, false},
		{"\xED\xA0\x80", 3, false},
		{"ok\xF4\x90\x80\x80", 6, false},
		{"\xF0\x9F\x98\x80\xE4\xB8\xAD", 7, true},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++)
		assert_int_equal(core_utf8_valid(table[i].s, table[i].len),
		                 table[i].want);
}

static void test_count(void **state)
{
	static const struct {
		const char *s;
		size_t want;
	} table[] = {
		{"", 0},
		{"a", 1},
		{"abc", 3},
		{"张三", 2},
		{"é", 1},
		{"\xF0\x9F\x98\x80", 1},
		{"a张\xF0\x9F\x98\x80é b", 6},
		{"１１０１０５", 6},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++)
		assert_int_equal(core_utf8_count(table[i].s), table[i].want);
}

/* ---- core_fold_fullwidth ------------------------------------------------- */

static void test_fold(void **state)
{
	static const struct {
		const char *s, *want;
	} table[] = {
		{"", ""},
		{"abc 123", "abc 123"},
		{"１１０１０５１９４９１２３１００２ｘ", "11010519491231002x"},
		{"１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"},
		{"１，１６５．５０", "1,165.50"},
		{"！", "!"},   /* U+FF01, first of the block */
		{"～", "~"},   /* U+FF5E, last of the block */
		{"\xE3\x80\x80", " "}, /* ideographic space */
		{"a\xE3\x80\x80" "b", "a b"},
		{"－５", "-5"},
		/* Outside the block: kept as is. */
		{"￥１２", "￥12"},
		{"¥12", "¥12"},
		{"１２元", "12元"},
		{"张三", "张三"},
		{"\xEF\xBC\x80", "\xEF\xBC\x80"}, /* U+FF00, just before */
		{"\xEF\xBD\x9F", "\xEF\xBD\x9F"}, /* U+FF5F, just after */
		{"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		char out[128];
		memset(out, 'Z', sizeof(out));
		assert_true(core_fold_fullwidth(table[i].s, out, sizeof(out)));
		assert_string_equal(out, table[i].want);
	}
}

static void test_fold_invalid_utf8(void **state)
{
	static const char *const table[] = {
		"\xC0\x80", "ab\xFF", "\xE4\xB8", "\xED\xA0\x80", "１\xEF\xBC",
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		char out[64];
		assert_false(core_fold_fullwidth(table[i], out, sizeof(out)));
	}
}

static void test_fold_out_sizes(void **state)
{
	static const struct {
		const char *s;
		size_t need; /* bytes of output with the NUL */
	} table[] = {
		{"", 1},
		{"abc", 4},
		{"１２３", 4},     /* 9 bytes in, 3 out */
		{"张三", 7},
		{"a张", 5},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		char out[64];
		for (size_t len = 0; len < table[i].need; len++) {
			/* Never writes past len. */
			memset(out, 'Z', sizeof(out));
			assert_false(core_fold_fullwidth(table[i].s, out, len));
			for (size_t k = len; k < sizeof(out); k++)
				assert_int_equal(out[k], 'Z');
		}
		assert_true(core_fold_fullwidth(table[i].s, out, table[i].need));
		assert_int_equal(strlen(out), table[i].need - 1);
	}
}

/* ---- core_trim ----------------------------------------------------------- */

static void test_bom(void **state)
{
	static const struct {
		const char *s;
		size_t len, want;
	} cases[] = {
		{NULL, 0, 0},
		{"", 0, 0},
		{"\xEF\xBB", 2, 0},              /* cut short */
		{"\xEF\xBB\xBF", 3, 3},          /* nothing after it */
		{"\xEF\xBB\xBF{}", 5, 3},
		{"\xEF\xBB\xBF\xEF\xBB\xBF", 6, 3}, /* only the first */
		{"{}\xEF\xBB\xBF", 5, 0},        /* elsewhere: not skipped */
		{"\xEF\xBB\xBE{}", 5, 0},
		{"\xFE\xFF{}", 4, 0},            /* UTF-16: not ours */
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(core_utf8_bom(cases[i].s, cases[i].len),
		                 cases[i].want);
}

static void test_trim(void **state)
{
	static const struct {
		const char *s, *want;
	} table[] = {
		{"", ""},
		{" ", ""},
		{" \t\r\n ", ""},
		{"a", "a"},
		{" a", "a"},
		{"a ", "a"},
		{"\t a b \r\n", "a b"},
		{"  张三  ", "张三"},
		{"a\t\tb", "a\t\tb"},
		{"a\t", "a"},
		{"a\r", "a"},
		{"a\n", "a"},
		{"\ta\t", "a"},
		{"\ra\n", "a"},
		/* Only ASCII white space: the ideographic space stays. */
		{"\xE3\x80\x80" "a", "\xE3\x80\x80" "a"},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		char buf[64];
		strcpy(buf, table[i].s);
		assert_ptr_equal(core_trim(buf), buf);
		assert_string_equal(buf, table[i].want);
	}
}

/* ---- core_has_control ---------------------------------------------------- */

static void test_has_control(void **state)
{
	static const struct {
		const char *s;
		bool want;
	} table[] = {
		{"", false},
		{"张三", false},
		{"a b ~", false},
		{"\xC2\xA0", false},     /* U+00A0, first after C1 */
		{"\xE3\x80\x80", false}, /* ideographic space */
		{"\x01", true},
		{"a\tb", true},
		{"a\nb", true},
		{"\x1F", true},
		{"\x7F", true},
		{"\xC2\x80", true},      /* C1 start */
		{"\xC2\x9F", true},      /* C1 end */
		{"张\x1B[31m三", true},
		/* Not valid UTF-8: treated as unsafe. */
		{"\xFF", true},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++)
		assert_int_equal(core_has_control(table[i].s), table[i].want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_empty),
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_decode_all_code_points),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_invalid_utf8),
		cmocka_unit_test(test_fold_out_sizes),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_has_control),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
