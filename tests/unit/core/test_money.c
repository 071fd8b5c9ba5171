/* test_money.c — parsing, formatting and rounding amounts in fen (core/money). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/money.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char NEEDED[] = "an amount is needed";
static const char NOT_AMOUNT[] = "not an amount of money: %s";
static const char DECIMALS[] =
	"%s has more than two decimals; amounts are in yuan and fen";
static const char NEGATIVE[] = "%s is negative; the amount cannot be below zero";
static const char COMMA[] = "misplaced comma in %s";
static const char TOO_LARGE[] = "%s is too large an amount";

/* ---- parse: accepted ----------------------------------------------------- */

static void test_parse_ok(void **state)
{
	static const struct {
		const char *s;
		bool neg_ok;
		core_fen want;
	} table[] = {
		{"0", false, 0},
		{"0.00", false, 0},
		{"0.01", false, 1},
		{".5", false, 50},
		{".05", false, 5},
		{"1165", false, 116500},
		{"1165.5", false, 116550},
		{"1165.50", false, 116550},
		{"1165.05", false, 116505},
		{"1,165.50", false, 116550},
		{"1,165", false, 116500},
		{"1,234,567.89", false, 123456789},
		{"999", false, 99900},
		{"007", false, 700},
		{"１１６５", false, 116500},
		{"１，１６５．５０", false, 116550},
		{"¥12", false, 1200},
		{"￥12", false, 1200},
		{"￥１２", false, 1200},
		{"12元", false, 1200},
		{"１２元", false, 1200},
		{"¥12元", false, 1200},
		{" 12.30 ", false, 1230},
		{"\t12.30\r\n", false, 1230},
		{"12 元", false, 1200},
		{"¥ 12", false, 1200},
		{"\xE3\x80\x80" "12" "\xE3\x80\x80", false, 1200}, /* ideographic spaces */
		{"+5", false, 500},
		{"-0", false, 0},   /* not below zero */
		{"-0.00", false, 0},
		{"-5", true, -500},
		{"-1,165.50", true, -116550},
		{"-¥5", true, -500},
		{"－５", true, -500}, /* full-width minus */
		{"-.01", true, -1},
		/* The limits. */
		{"100000000000", false, CORE_MONEY_MAX},
		{"100,000,000,000.00", false, CORE_MONEY_MAX},
		{"99999999999.99", false, CORE_MONEY_MAX - 1},
		{"-100000000000", true, -CORE_MONEY_MAX},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_fen got = 424242;
		ds_error err;
		ds_error_clear(&err);
		ds_status st = core_money_parse(table[i].s, table[i].neg_ok, &got,
		                                "f", &err);
		if (st != DS_OK)
			fail_msg("\"%s\": refused (%s %s)", table[i].s,
			         err.fmt ? err.fmt : "?", err.arg[0]);
		if (got != table[i].want)
			fail_msg("\"%s\": %lld, want %lld", table[i].s, (long long)got,
			         (long long)table[i].want);
	}
}

/* ---- parse: refused ------------------------------------------------------ */

static void test_parse_errors(void **state)
{
	static const struct {
		const char *s;
		bool neg_ok;
		const char *fmt;
	} table[] = {
		{NULL, false, NEEDED},
		{"", false, NEEDED},
		{"abc", false, NOT_AMOUNT},
		{"12a", false, NOT_AMOUNT},
		{"１２ａ", false, NOT_AMOUNT},
		{"1e5", false, NOT_AMOUNT},
		{"0x10", false, NOT_AMOUNT},
		{".", false, NOT_AMOUNT},
		{"-", true, NOT_AMOUNT},
		{"+", false, NOT_AMOUNT},
		{"--5", true, NOT_AMOUNT},
		{"¥", false, NOT_AMOUNT},
		{"元", false, NOT_AMOUNT},
		{"12元元", false, NOT_AMOUNT},
		{"元12", false, NOT_AMOUNT},
		{"1.2.3", false, NOT_AMOUNT},
		{"12 34", false, NOT_AMOUNT},
		{"1.-5", false, NOT_AMOUNT},
		{"1.5,0", false, NOT_AMOUNT},
		{"\xFF" "12", false, NOT_AMOUNT},          /* not UTF-8 */
		{"12\xE4\xB8", false, NOT_AMOUNT},
		{"1.234", false, DECIMALS},
		{"0.001", false, DECIMALS},
		{"1,165.505", false, DECIMALS},
		{"-5", false, NEGATIVE},
		{"-0.01", false, NEGATIVE},
		{"－５", false, NEGATIVE},
		{"1,16,5", false, COMMA},
		{"1165,", false, COMMA},
		{",1", false, COMMA},
		{",", false, COMMA},
		{"12,34", false, COMMA},
		{"1234,567", false, COMMA},
		{"1,165,", false, COMMA},
		{"1,,165", false, COMMA},
		{"1,1650", false, COMMA},
		{"1,165,5", false, COMMA},
		{"99999999999999999999", false, TOO_LARGE},
		{"999999999999999999999999999999999999", false, TOO_LARGE},
		{"100000000001", false, TOO_LARGE},
		{"100000000000.01", false, TOO_LARGE},
		{"-100000000000.01", true, TOO_LARGE},
		{"9223372036854775807", true, TOO_LARGE},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_fen got = 424242;
		ds_error err;
		ds_status st = core_money_parse(table[i].s, table[i].neg_ok, &got,
		                                "members[0].incomes[1].monthly",
		                                &err);
		if (st != DS_EINPUT)
			fail_msg("\"%s\": status %d, want refused", table[i].s, st);
		assert_int_equal(got, 424242); /* untouched */
		assert_int_equal(err.status, DS_EINPUT);
		assert_string_equal(err.where, "members[0].incomes[1].monthly");
		if (strcmp(err.fmt, table[i].fmt) != 0)
			fail_msg("\"%s\": \"%s\", want \"%s\"", table[i].s, err.fmt,
			         table[i].fmt);
		/* Messages with an argument quote the input as typed. */
		if (table[i].fmt != NEEDED)
			assert_string_equal(err.arg[0], table[i].s);
	}
}

static void test_parse_too_long_input(void **state)
{
	char s[200];
	core_fen got = 1;
	ds_error err;
	(void)state;
	memset(s, '1', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	assert_int_equal(core_money_parse(s, false, &got, "f", &err), DS_EINPUT);
	assert_int_equal(got, 1);
	assert_true(strcmp(err.fmt, NOT_AMOUNT) == 0 ||
	            strcmp(err.fmt, TOO_LARGE) == 0);
	/* Blanks only: refused (either message will do). */
	assert_int_equal(core_money_parse(" \t ", false, &got, "f", &err),
	                 DS_EINPUT);
	assert_int_equal(got, 1);
	/* Zeros do not make a large amount, but the input is still refused
	 * rather than read past any buffer. */
	memset(s, '0', sizeof(s) - 1);
	assert_int_equal(core_money_parse(s, false, &got, "f", &err), DS_EINPUT);
	assert_int_equal(got, 1);
}

static void test_parse_message(void **state)
{
	static const struct {
		const char *s, *want;
	} table[] = {
		{"1.234", "income: 1.234 has more than two decimals; amounts are in yuan and fen"},
		{"-5", "income: -5 is negative; the amount cannot be below zero"},
		{"1,16,5", "income: misplaced comma in 1,16,5"},
		{"abc", "income: not an amount of money: abc"},
		{"", "income: an amount is needed"},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_fen got;
		ds_error err;
		char buf[256];
		assert_int_equal(core_money_parse(table[i].s, false, &got, "income",
		                                  &err),
		                 DS_EINPUT);
		ds_error_format(&err, buf, sizeof(buf), NULL);
		assert_string_equal(buf, table[i].want);
	}
	/* A NULL err is allowed. */
	{
		core_fen got = 9;
		assert_int_equal(core_money_parse("x", false, &got, "f", NULL),
		                 DS_EINPUT);
		assert_int_equal(got, 9);
	}
}

/* ---- format -------------------------------------------------------------- */

static void test_format(void **state)
{
	static const struct {
		core_fen fen;
		const char *plain, *grouped;
	} table[] = {
		{0, "0.00", "0.00"},
		{5, "0.05", "0.05"},
		{-1, "-0.01", "-0.01"},
		{50, "0.50", "0.50"},
		{100, "1.00", "1.00"},
		{-1250, "-12.50", "-12.50"},
		{99900, "999.00", "999.00"},
		{-99900, "-999.00", "-999.00"},
		{100000, "1000.00", "1,000.00"},
		{116500, "1165.00", "1,165.00"},
		{116550, "1165.50", "1,165.50"},
		{-123456789, "-1234567.89", "-1,234,567.89"},
		{123456789, "1234567.89", "1,234,567.89"},
		{10000000, "100000.00", "100,000.00"},
		{100000000, "1000000.00", "1,000,000.00"},
		{CORE_MONEY_MAX, "100000000000.00", "100,000,000,000.00"},
		{INT64_MAX, "92233720368547758.07", "92,233,720,368,547,758.07"},
		{INT64_MIN, "-92233720368547758.08", "-92,233,720,368,547,758.08"},
		{INT64_MIN + 1, "-92233720368547758.07", "-92,233,720,368,547,758.07"},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		char buf[CORE_MONEY_BUF + 16];
		memset(buf, 'Z', sizeof(buf));
		core_money_format(table[i].fen, buf);
		assert_string_equal(buf, table[i].plain);
		for (size_t k = CORE_MONEY_BUF; k < sizeof(buf); k++)
			assert_int_equal(buf[k], 'Z');
		memset(buf, 'Z', sizeof(buf));
		core_money_format_grouped(table[i].fen, buf);
		assert_string_equal(buf, table[i].grouped);
		for (size_t k = CORE_MONEY_BUF; k < sizeof(buf); k++)
			assert_int_equal(buf[k], 'Z');
	}
}

/* ---- ceil_yuan ----------------------------------------------------------- */

static void test_ceil_yuan(void **state)
{
	static const struct {
		core_fen in, want;
	} table[] = {
		{0, 0},
		{1, 100},
		{99, 100},
		{100, 100},
		{101, 200},
		{229450, 229500},
		{229500, 229500},
		{229401, 229500},
		{229499, 229500},
		{229501, 229600},
		{-1, 0},
		{-99, 0},
		{-100, -100},
		{-101, -100},
		{-150, -100},
		{-199, -100},
		{-200, -200},
		{CORE_MONEY_MAX, CORE_MONEY_MAX},
		{CORE_MONEY_MAX - 1, CORE_MONEY_MAX},
		{-CORE_MONEY_MAX, -CORE_MONEY_MAX},
		{-CORE_MONEY_MAX + 1, -CORE_MONEY_MAX + 100},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++)
		assert_int_equal(core_money_ceil_yuan(table[i].in), table[i].want);
	/* Against the definition: the smallest whole yuan not below x. */
	for (core_fen x = -100000; x <= 100000; x++) {
		core_fen c = core_money_ceil_yuan(x);
		if (c % 100 != 0 || c < x || c - x >= 100)
			fail_msg("ceil_yuan(%lld) = %lld", (long long)x, (long long)c);
	}
}

/* ---- round trip ---------------------------------------------------------- */

static void round_trip(core_fen x)
{
	char buf[CORE_MONEY_BUF];
	core_fen back = x + 1;
	core_money_format(x, buf);
	if (core_money_parse(buf, true, &back, "f", NULL) != DS_OK || back != x)
		fail_msg("plain %lld -> \"%s\" -> %lld", (long long)x, buf,
		         (long long)back);
	back = x + 1;
	core_money_format_grouped(x, buf);
	if (core_money_parse(buf, true, &back, "f", NULL) != DS_OK || back != x)
		fail_msg("grouped %lld -> \"%s\" -> %lld", (long long)x, buf,
		         (long long)back);
}

static void test_round_trip(void **state)
{
	(void)state;
	for (core_fen x = -300000; x <= 300000; x++)
		round_trip(x);
	/* Larger values: every power of ten and its neighbours, and a walk
	 * with an odd step across the whole range. */
	for (core_fen p = 1; p <= CORE_MONEY_MAX; p *= 10) {
		round_trip(p);
		round_trip(p - 1);
		round_trip(-p);
		if (p < CORE_MONEY_MAX)
			round_trip(p + 1);
	}
	for (core_fen x = -CORE_MONEY_MAX; x <= CORE_MONEY_MAX;
	     x += 9876543211LL)
		round_trip(x);
	round_trip(CORE_MONEY_MAX);
	round_trip(-CORE_MONEY_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_too_long_input),
		cmocka_unit_test(test_parse_message),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_ceil_yuan),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests_name("money", tests, NULL, NULL);
}
