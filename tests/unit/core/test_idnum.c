/* test_idnum.c — resident ID numbers, GB 11643-1999 (core/idnum). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/idnum.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char NEEDED[] = "an ID number is needed";
static const char SHAPE[] =
	"an ID number has 18 characters: 17 digits and a last digit or X";
static const char NOT_DIGIT[] = "characters: character %s is not a digit";
static const char X_LAST[] = "characters: X can only be the last character";
static const char OLD15[] =
	"this is an old 15-digit number; enter the 18-digit number from the current ID card";
static const char LENGTH[] =
	"length: an ID number has 18 characters, this has %s";
static const char BAD_DATE[] = "date: birth date %s is not a real date";
static const char FUTURE[] = "date: birth date %s is in the future";
static const char CHECK[] =
	"the check character does not match: read the number again from the card";
static const char PROVINCE[] =
	"region: %s is no province's code (GB/T 2260); read the number again from the card";

/* The check character by ISO 7064 MOD 11-2, the scheme GB 11643 uses:
 * weight of position i is 2^(17-i) mod 11, check value (12 - sum) mod 11.
 * Deliberately not the weight table or lookup string of core/idnum.c. */
static char ref_check(const char *first17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (first17[i] - '0') * ((1 << (17 - i)) % 11);
	int v = (12 - sum % 11) % 11;
	return v == 10 ? 'X' : (char)('0' + v);
}

/* Builds region + birth date + sequence + the right check character. */
static void make_id(char out[CORE_IDNUM_BUF], const char *region,
                    const char *yyyymmdd, int seq)
{
	snprintf(out, CORE_IDNUM_BUF, "%.6s%.8s%03d", region, yyyymmdd, seq % 1000);
	out[17] = ref_check(out);
	out[18] = '\0';
}

static core_date ymd(int y, int m, int d)
{
	return core_date_from_ymd(y, m, d);
}

/* Expects a refusal with the given message and first argument. */
static void expect_fail(const char *s, core_date today, const char *fmt,
                        const char *arg0)
{
	char out[CORE_IDNUM_BUF];
	ds_error err;
	memset(out, 'Q', sizeof(out));
	ds_status st = core_idnum_parse(s, today, out, "members[1].id_number", &err);
	if (st != DS_EINPUT)
		fail_msg("\"%s\": status %d, want refused (%s)", s ? s : "(null)",
		         st, fmt);
	assert_int_equal(err.status, DS_EINPUT);
	assert_string_equal(err.where, "members[1].id_number");
	if (strcmp(err.fmt, fmt) != 0)
		fail_msg("\"%s\": \"%s\", want \"%s\"", s ? s : "(null)", err.fmt,
		         fmt);
	assert_string_equal(err.arg[0], arg0);
	for (size_t k = 0; k < sizeof(out); k++)
		assert_int_equal(out[k], 'Q'); /* untouched */
}

static void expect_ok(const char *s, core_date today, const char *canonical)
{
	char out[CORE_IDNUM_BUF];
	ds_error err;
	ds_error_clear(&err);
	ds_status st = core_idnum_parse(s, today, out, "f", &err);
	if (st != DS_OK)
		fail_msg("\"%s\": refused: %s %s", s, err.fmt ? err.fmt : "?",
		         err.arg[0]);
	assert_string_equal(out, canonical);
}

/* ---- check character ------------------------------------------------------ */

static void test_reference_check_matches_domain(void **state)
{
	/* The test's own helper first, against DOMAIN.md's vectors. */
	(void)state;
	assert_int_equal(ref_check("11010519491231002"), 'X');
	assert_int_equal(ref_check("44052418800101001"), '4');
	assert_int_equal(ref_check("11010219840406970"), 'X');
	assert_int_equal(ref_check("44010619900101001"), '3');
}

static void test_check_char(void **state)
{
	/* Every position and digit, and a pseudo-random sweep. */
	char s[18];
	uint32_t x = 12345;
	(void)state;
	for (int pos = 0; pos < 17; pos++) {
		for (int dgt = 0; dgt <= 9; dgt++) {
			memset(s, '0', 17);
			s[17] = '\0';
			s[pos] = (char)('0' + dgt);
			assert_int_equal(core_idnum_check_char(s), ref_check(s));
		}
	}
	for (int i = 0; i < 100000; i++) {
		for (int k = 0; k < 17; k++) {
			x = x * 1103515245u + 12345u;
			s[k] = (char)('0' + (x >> 16) % 10);
		}
		if (core_idnum_check_char(s) != ref_check(s))
			fail_msg("%s: %c, want %c", s, core_idnum_check_char(s),
			         ref_check(s));
	}
}

/* ---- parse: the vectors of DOMAIN.md -------------------------------------- */

static void test_domain_vectors(void **state)
{
	ds_error err;
	char out[CORE_IDNUM_BUF], buf[256];
	core_date today = ymd(2026, 3, 1);
	(void)state;
	expect_ok("11010519491231002X", today, "11010519491231002X");
	expect_ok("440524188001010014", today, "440524188001010014");
	expect_ok("11010219840406970X", today, "11010219840406970X");
	expect_fail("110105194912310021", today, CHECK, "");
	core_idnum_parse("110105194912310021", today, out, "members[1].id_number",
	                 &err);
	ds_error_format(&err, buf, sizeof(buf), NULL);
	/* the character that would fit is not named: to someone who
	 * mistyped a digit it is another person's valid number */
	assert_string_equal(buf, "members[1].id_number: the check character does not match: read the number again from the card");
	assert_null(strchr(buf, 'X'));
}

/* The first two digits are a province's code: 00, 99, 10, 20, 47 and
 * 66 are none, with a right check character all the same; 81-83 (the
 * residence permits of Hong Kong, Macao and Taiwan residents) are. */
static void test_province(void **state)
{
	core_date today = ymd(2026, 3, 1);
	const char *none[] = {"00", "99", "10", "20", "47", "66", "72", "84"};
	const char *known[] = {"11", "15", "23", "37", "46", "54", "65", "71", "81", "82", "83"};
	char id[CORE_IDNUM_BUF];
	(void)state;
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		snprintf(id, sizeof(id), "%s0101198001010010", none[i]);
		id[17] = ref_check(id);
		expect_fail(id, today, PROVINCE, none[i]);
	}
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		snprintf(id, sizeof(id), "%s0101198001010010", known[i]);
		id[17] = ref_check(id);
		expect_ok(id, today, id);
	}
}

static void test_null_and_empty(void **state)
{
	char out[CORE_IDNUM_BUF];
	(void)state;
	expect_fail(NULL, -1, NEEDED, "");
	expect_fail("", -1, NEEDED, "");
	/* Separators only: nothing left, a length of 0. */
	expect_fail("   ", -1, LENGTH, "0");
	expect_fail("--", -1, LENGTH, "0");
	/* A NULL err is allowed. */
	assert_int_equal(core_idnum_parse("1", -1, out, "f", NULL), DS_EINPUT);
	assert_int_equal(core_idnum_parse(NULL, -1, out, "f", NULL), DS_EINPUT);
}

/* ---- parse: generated valid numbers, and every wrong check character ------ */

static void test_generated(void **state)
{
	static const char *const regions[] = {
		"110105", "440524", "110102", "440106", "310115", "330102",
		"620102", "440300", "441900", "442000", "659001", "810000",
		"510104", "230102", "469027", /* a retired county: only the province is checked */
	};
	static const char *const dates[] = {
		"18000101", "18991231", "19000228", "19000301", "19491231",
		"19700101", "19840406", "19960229", "20000229", "20080808",
		"20231231", "20240229", "20260301",
	};
	core_date today = ymd(2026, 3, 1);
	int tested = 0;
	(void)state;
	for (size_t r = 0; r < N(regions); r++) {
		for (size_t d = 0; d < N(dates); d++) {
			for (int seq = 0; seq < 1000; seq += 37) {
				char id[CORE_IDNUM_BUF], bad[CORE_IDNUM_BUF];
				make_id(id, regions[r], dates[d], seq + (int)d);
				expect_ok(id, today, id);
				expect_ok(id, -1, id);
				/* Every other check character is refused, naming
				 * none. */
				for (const char *c = "0123456789X"; *c; c++) {
					if (*c == id[17])
						continue;
					memcpy(bad, id, sizeof(bad));
					bad[17] = *c;
					expect_fail(bad, today, CHECK, "");
				}
				tested++;
			}
		}
	}
	assert_true(tested > 5000);
}

static void test_every_check_value_occurs(void **state)
{
	/* Vary the sequence until each of the 11 check characters has been
	 * seen and accepted, X included. */
	char seen[11] = {0};
	int n = 0;
	(void)state;
	for (int seq = 0; seq < 1000 && n < 11; seq++) {
		char id[CORE_IDNUM_BUF];
		make_id(id, "440106", "19900101", seq);
		int k = id[17] == 'X' ? 10 : id[17] - '0';
		if (!seen[k]) {
			seen[k] = 1;
			n++;
			expect_ok(id, -1, id);
		}
	}
	assert_int_equal(n, 11);
}

/* ---- parse: normal forms ------------------------------------------------- */

static void test_normalise(void **state)
{
	static const struct {
		const char *s, *want;
	} table[] = {
		{"11010519491231002x", "11010519491231002X"},
		{"１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"},
		{"１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"},
		{"４４０５２４１８８００１０１００１４", "440524188001010014"},
		{"4405241880０１０１００１４", "440524188001010014"},
		{"110105 19491231 002X", "11010519491231002X"},
		{"110105-19491231-002x", "11010519491231002X"},
		{" 11010519491231002X ", "11010519491231002X"},
		{"\t11010519491231002X\t", "11010519491231002X"},
		{"110 105 194 912 310 02X", "11010519491231002X"},
		{"1101 0519 4912 3100 2X", "11010519491231002X"},
		{"110105\xE3\x80\x80" "19491231\xE3\x80\x80" "002X",
		 "11010519491231002X"}, /* ideographic spaces */
		{"１１０１０５－１９４９１２３１－００２Ｘ", "11010519491231002X"},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++)
		expect_ok(table[i].s, ymd(2026, 3, 1), table[i].want);
}

/* ---- parse: refused shapes ------------------------------------------------ */

static void test_old_15_digit(void **state)
{
	static const char *const table[] = {
		"110105491231002",
		"440524800101001",
		"110105 491231 002",
		"１１０１０５４９１２３１００２",
	};
	char buf[256];
	ds_error err;
	char out[CORE_IDNUM_BUF];
	(void)state;
	for (size_t i = 0; i < N(table); i++)
		expect_fail(table[i], -1, OLD15, "");
	core_idnum_parse(table[0], -1, out, "id", &err);
	ds_error_format(&err, buf, sizeof(buf), NULL);
	assert_non_null(strstr(buf, "old 15-digit"));
}

static void test_wrong_length(void **state)
{
	static const struct {
		const char *s, *n;
	} table[] = {
		{"1", "1"},
		{"11010519491231", "14"},
		{"1101051949123100", "16"},
		{"11010519491231002", "17"},
		{"1101051949123100212", "19"},
		{"11010519491231002100", "20"},
		{"110105194912310021000000", "24"},
		/* A last X does not turn a length error into another one. */
		{"1101051949123100X", "17"},
		{"110105194912310021X", "19"},
		{"11010519491231X", "15"},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++)
		expect_fail(table[i].s, -1, LENGTH, table[i].n);
}

static void test_too_long_or_not_utf8(void **state)
{
	char s[128];
	(void)state;
	memset(s, '1', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	expect_fail(s, -1, SHAPE, "");
	expect_fail("11010519491231002\xFF", -1, SHAPE, "");
	expect_fail("\xC0\x80" "1010519491231002X", -1, SHAPE, "");
}

static void test_letters(void **state)
{
	static const struct {
		const char *s, *pos;
	} table[] = {
		{"A1010519491231002X", "1"},
		{"1101051949123100AX", "17"},
		{"11010519491231002A", "18"},
		{"11010519491231002Y", "18"},
		{"110105194912310O2X", "16"},   /* letter O for zero */
		{"11010519491231002/", "18"},
		{"11010519491231002.", "18"},
		{"110105_19491231002X", "7"},
		{"张1010519491231002X", "1"},
		{"11010519491231002张", "18"},
		{"110105\n19491231002X", "7"},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++)
		expect_fail(table[i].s, -1, NOT_DIGIT, table[i].pos);
}

static void test_x_not_last(void **state)
{
	static const char *const table[] = {
		"X10105194912310021",
		"1101051949123100X2",
		"11010519491231X021",
		"11010519491231002XX",
		"110105194912310x2X",
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++)
		expect_fail(table[i], -1, X_LAST, "");
}

/* ---- parse: birth dates ------------------------------------------------- */

static void test_impossible_dates(void **state)
{
	static const char *const dates[] = {
		"20230229", "19000229", "21000229", "20241301", "20240001",
		"20240100", "20240132", "20240431", "20240631", "20240230",
		"17991231", "00000101", "99999999", "19491331",
	};
	(void)state;
	for (size_t i = 0; i < N(dates); i++) {
		char id[CORE_IDNUM_BUF];
		make_id(id, "110105", dates[i], 2);
		/* With the right check character, so only the date is wrong. */
		expect_fail(id, -1, BAD_DATE, dates[i]);
		expect_fail(id, ymd(2026, 3, 1), BAD_DATE, dates[i]);
	}
}

static void test_future_dates(void **state)
{
	static const struct {
		const char *birth;
		int ty, tm, td; /* today */
		bool ok;
	} table[] = {
		{"20240101", 2024, 1, 1, true},    /* born today */
		{"20240102", 2024, 1, 1, false},
		{"20231231", 2024, 1, 1, true},
		{"20250101", 2024, 12, 31, false},
		{"20240229", 2024, 2, 28, false},
		{"20240229", 2024, 2, 29, true},
		{"20991231", 2026, 3, 1, false},
		{"19700102", 1970, 1, 1, false},
		{"19700101", 1970, 1, 1, true},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		char id[CORE_IDNUM_BUF];
		core_date today = ymd(table[i].ty, table[i].tm, table[i].td);
		make_id(id, "440106", table[i].birth, 11);
		if (table[i].ok)
			expect_ok(id, today, id);
		else
			expect_fail(id, today, FUTURE, table[i].birth);
		/* today < 0 skips the check. */
		expect_ok(id, -1, id);
	}
}

static void test_future_message(void **state)
{
	char id[CORE_IDNUM_BUF], out[CORE_IDNUM_BUF], buf[256];
	ds_error err;
	(void)state;
	make_id(id, "440106", "20300101", 1);
	assert_int_equal(core_idnum_parse(id, ymd(2026, 3, 1), out, "members[0].id_number", &err),
	                 DS_EINPUT);
	ds_error_format(&err, buf, sizeof(buf), NULL);
	assert_string_equal(buf, "members[0].id_number: date: birth date 20300101 is in the future");
}

/* The date is checked before the check character: a wrong date with a
 * wrong check character is reported as a date error. */
static void test_error_order(void **state)
{
	char id[CORE_IDNUM_BUF];
	(void)state;
	make_id(id, "110105", "20230229", 2);
	id[17] = id[17] == '0' ? '1' : '0';
	expect_fail(id, -1, BAD_DATE, "20230229");
	make_id(id, "110105", "20300101", 2);
	id[17] = id[17] == '0' ? '1' : '0';
	expect_fail(id, ymd(2026, 3, 1), FUTURE, "20300101");
}

/* ---- birth, sex, age ----------------------------------------------------- */

static void test_birth_and_sex(void **state)
{
	static const struct {
		const char *id;
		int y, m, d;
		core_sex sex;
	} table[] = {
		{"11010519491231002X", 1949, 12, 31, CORE_SEX_FEMALE},
		{"440524188001010014", 1880, 1, 1, CORE_SEX_MALE},
		{"11010219840406970X", 1984, 4, 6, CORE_SEX_FEMALE},
		{"110105200002291235", 2000, 2, 29, CORE_SEX_MALE},
		{"440106199001010013", 1990, 1, 1, CORE_SEX_MALE},
		{"310115202307010042", 2023, 7, 1, CORE_SEX_FEMALE},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		expect_ok(table[i].id, ymd(2026, 3, 1), table[i].id);
		assert_int_equal(core_idnum_birth(table[i].id),
		                 ymd(table[i].y, table[i].m, table[i].d));
		assert_int_equal(core_idnum_sex(table[i].id), table[i].sex);
	}
	/* The sex follows the parity of the 17th digit, for every digit. */
	for (int seq = 0; seq < 1000; seq++) {
		char id[CORE_IDNUM_BUF];
		make_id(id, "440106", "19900101", seq);
		assert_int_equal(core_idnum_sex(id),
		                 seq % 2 ? CORE_SEX_MALE : CORE_SEX_FEMALE);
	}
}

static void test_age(void **state)
{
	static const struct {
		const char *birth;
		int y, m, d;
		int age;
	} table[] = {
		{"19491231", 1949, 12, 31, 0},
		{"19491231", 1950, 12, 30, 0},
		{"19491231", 1950, 12, 31, 1},
		{"19491231", 2024, 12, 30, 74},
		{"19491231", 2024, 12, 31, 75},
		{"19491231", 2025, 1, 1, 75},
		{"19840406", 2024, 4, 5, 39},
		{"19840406", 2024, 4, 6, 40},
		{"19840406", 2024, 4, 7, 40},
		{"19840406", 2024, 3, 31, 39},
		{"19840406", 2024, 5, 1, 40},
		/* Born on 29 February: a year older from 1 March in common
		 * years and on 29 February in leap years. */
		{"20000229", 2001, 2, 28, 0},
		{"20000229", 2001, 3, 1, 1},
		{"20000229", 2023, 2, 28, 22},
		{"20000229", 2023, 3, 1, 23},
		{"20000229", 2024, 2, 28, 23},
		{"20000229", 2024, 2, 29, 24},
		{"20000229", 2024, 3, 1, 24},
		{"20000229", 2100, 2, 28, 99},
		{"20000229", 2100, 3, 1, 100},
		{"18800101", 2026, 3, 1, 146},
		{"20240101", 2024, 1, 1, 0},
		{"20240101", 2024, 12, 31, 0},
		{"20240101", 2025, 1, 1, 1},
		/* 60: the elderly threshold, the day before and on. */
		{"19660301", 2026, 2, 28, 59},
		{"19660301", 2026, 3, 1, 60},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		char id[CORE_IDNUM_BUF];
		make_id(id, "110105", table[i].birth, 3);
		int got = core_idnum_age(id, ymd(table[i].y, table[i].m, table[i].d));
		if (got != table[i].age)
			fail_msg("born %s, on %04d-%02d-%02d: %d, want %d",
			         table[i].birth, table[i].y, table[i].m, table[i].d,
			         got, table[i].age);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_check_matches_domain),
		cmocka_unit_test(test_check_char),
		cmocka_unit_test(test_province),
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_domain_vectors),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_every_check_value_occurs),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_old_15_digit),
		cmocka_unit_test(test_wrong_length),
		cmocka_unit_test(test_too_long_or_not_utf8),
		cmocka_unit_test(test_letters),
		cmocka_unit_test(test_x_not_last),
		cmocka_unit_test(test_impossible_dates),
		cmocka_unit_test(test_future_dates),
		cmocka_unit_test(test_future_message),
		cmocka_unit_test(test_error_order),
		cmocka_unit_test(test_birth_and_sex),
		cmocka_unit_test(test_age),
	};
	return cmocka_run_group_tests_name("idnum", tests, NULL, NULL);
}
