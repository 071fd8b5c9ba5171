/* test_payee.c — the payee's account (core/payee: Luhn check digit and
 * masking) and the township, village and payee rules of
 * core_household_validate and core_household_same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hhbuild.h"
#include "core/demo.h"
#include "core/payee.h"
#include "core/visit.h"

/* ---- Luhn ---------------------------------------------------------------- */

static void luhn_known_numbers(void **state)
{
	(void)state;
	/* the textbook example, and a test card number */
	assert_true(core_account_luhn_ok("79927398713"));
	assert_true(core_account_luhn_ok("4111111111111111"));
	/* 622202123456789 completed by hand: from its right end the doubled
	 * digits 9,7,5,3,1,0,2,6 give 9+5+1+6+2+0+4+3 = 30, the others
	 * 8,6,4,2,2,2,2 sum 26; 56 needs 4 to make a multiple of ten. */
	assert_int_equal(core_account_luhn_digit("622202123456789"), '4');
	assert_true(core_account_luhn_ok("6222021234567894"));
	assert_false(core_account_luhn_ok("6222021234567890"));
	assert_false(core_account_luhn_ok("79927398710"));
	/* one digit changed, two neighbours swapped */
	assert_false(core_account_luhn_ok("79927398813"));
	assert_false(core_account_luhn_ok("79927389713"));
}

static void luhn_not_digits(void **state)
{
	(void)state;
	assert_false(core_account_luhn_ok(""));
	assert_false(core_account_luhn_ok(NULL));
	assert_false(core_account_luhn_ok("7992 7398 713"));
	assert_false(core_account_luhn_ok("7992739871a"));
	assert_int_equal(core_account_luhn_digit(""), '\0');
	assert_int_equal(core_account_luhn_digit("12a"), '\0');
	/* the digit it computes always completes a valid number */
	assert_int_equal(core_account_luhn_digit("7992739871"), '3');
}

/* ---- masking ------------------------------------------------------------- */

static void mask_all_but_last_four(void **state)
{
	char out[CORE_ACCOUNT_MASK_BUF];
	(void)state;
	core_account_mask("6222021234567894", out, sizeof(out));
	assert_string_equal(out, "**** **** **** 7894");
	core_account_mask("12345678901", out, sizeof(out));
	assert_string_equal(out, "*** **** 8901");
	core_account_mask("6217000010012345678", out, sizeof(out));
	assert_string_equal(out, "*** **** **** **** 5678");
	core_account_mask("", out, sizeof(out));
	assert_string_equal(out, "");
	core_account_mask("1234", out, sizeof(out));
	assert_string_equal(out, "****");
}

static void mask_fits_its_buffer(void **state)
{
	char out[8];
	char big[CORE_ACCOUNT_MASK_BUF];
	(void)state;
	memset(out, 'x', sizeof(out));
	core_account_mask("6222021234567894", out, sizeof(out));
	assert_string_equal(out, "**** **"); /* cut, never a digit shown */
	core_account_mask("123456789012345678901234567890", big, sizeof(big));
	assert_string_equal(big, "** **** **** **** **** **** **** 7890");
}

/* ---- validation ---------------------------------------------------------- */

static void household(core_household *h)
{
	hb_init(h, "440106");
	hb_member(h, "张三", 1970, 3, 1, 0);
}

static void expect_error(const core_household *h, const char *where,
                         const char *fmt)
{
	ds_error err;
	ds_error_clear(&err);
	assert_int_equal(core_household_validate(h, hb_day(2026, 12, 1), &err),
	                 DS_EINPUT);
	assert_string_equal(err.where, where);
	if (fmt)
		assert_string_equal(err.fmt, fmt);
}

static void expect_ok(const core_household *h)
{
	ds_error err;
	ds_error_clear(&err);
	assert_int_equal(core_household_validate(h, hb_day(2026, 12, 1), &err),
	                 DS_OK);
}

static void areas_valid(void **state)
{
	core_household h;
	(void)state;
	household(&h);
	expect_ok(&h); /* none at all */
	strcpy(h.township.code, "440106001");
	strcpy(h.township.name, "东湖街道");
	expect_ok(&h);
	strcpy(h.village.code, "440106001002");
	strcpy(h.village.name, "东湖社区");
	expect_ok(&h);
	core_household_free(&h);
}

static void areas_invalid(void **state)
{
	core_household h;
	(void)state;
	household(&h);
	strcpy(h.township.code, "440107001"); /* another region's */
	strcpy(h.township.name, "东湖街道");
	expect_error(&h, "township.code", NULL);
	strcpy(h.township.code, "44010600"); /* 8 digits */
	expect_error(&h, "township.code", NULL);
	strcpy(h.township.code, "44010600a");
	expect_error(&h, "township.code", NULL);
	strcpy(h.township.code, "440106001");
	h.township.name[0] = '\0';
	expect_error(&h, "township.name", "cannot be empty");
	strcpy(h.township.name, "东湖街道");
	strcpy(h.village.code, "440106002001"); /* another township's */
	strcpy(h.village.name, "东湖社区");
	expect_error(&h, "village.code", NULL);
	strcpy(h.village.code, "44010600100"); /* 11 digits */
	expect_error(&h, "village.code", NULL);
	strcpy(h.village.code, "440106001001");
	strcpy(h.village.name, " 东湖社区");
	expect_error(&h, "village.name", "has spaces at the start or end");
	strcpy(h.village.name, "东湖社区");
	expect_ok(&h);
	/* a village needs its township */
	h.township.code[0] = '\0';
	h.township.name[0] = '\0';
	expect_error(&h, "village.code",
	             "a village needs its township (township.code)");
	core_household_free(&h);
}

static void payee_rules(void **state)
{
	core_household h;
	(void)state;
	household(&h);
	strcpy(h.payee.name, "张三");
	expect_error(&h, "payee.bank", "cannot be empty");
	strcpy(h.payee.bank, "农村信用社");
	expect_error(&h, "payee.account", NULL);
	strcpy(h.payee.account, "622202123456789"); /* fails Luhn: still valid */
	assert_false(core_account_luhn_ok(h.payee.account));
	expect_ok(&h);
	strcpy(h.payee.account, "6222021234567894");
	expect_ok(&h);
	strcpy(h.payee.account, "123456789"); /* 9 digits */
	expect_error(&h, "payee.account", NULL);
	strcpy(h.payee.account, "1234567890"); /* 10 */
	expect_ok(&h);
	strcpy(h.payee.account, "123456789012345678901234567890"); /* 30 */
	expect_ok(&h);
	strcpy(h.payee.account, "1234567890123456789012345678901"); /* 31 */
	expect_error(&h, "payee.account", NULL);
	strcpy(h.payee.account, "6222 0212 3456");
	expect_error(&h, "payee.account", NULL);
	strcpy(h.payee.account, "6222021234567894");
	h.payee.name[0] = '\0';
	expect_error(&h, "payee.name", "cannot be empty");
	h.payee.bank[0] = '\0';
	h.payee.account[0] = '\0';
	expect_ok(&h); /* no payee at all */
	core_household_free(&h);
}

static void same_compares_new_fields(void **state)
{
	core_household a, b;
	char where[64];
	(void)state;
	household(&a);
	strcpy(a.township.code, "440106001");
	strcpy(a.township.name, "东湖街道");
	strcpy(a.village.code, "440106001002");
	strcpy(a.village.name, "东湖社区");
	strcpy(a.payee.name, "张三");
	strcpy(a.payee.bank, "邮储银行");
	strcpy(a.payee.account, "6222021234567894");
	assert_int_equal(core_household_copy(&b, &a), DS_OK);
	assert_true(core_household_same(&a, &b, where, sizeof(where)));
	assert_string_equal(where, "");
#define DIFFERS(field, path)                                                  \
	do {                                                                  \
		char keep[sizeof(b.field)];                                   \
		memcpy(keep, b.field, sizeof(keep));                          \
		strcpy(b.field, "x");                                         \
		assert_false(core_household_same(&a, &b, where, sizeof(where))); \
		assert_string_equal(where, path);                             \
		memcpy(b.field, keep, sizeof(keep));                          \
	} while (0)
	DIFFERS(township.code, "township.code");
	DIFFERS(township.name, "township.name");
	DIFFERS(village.code, "village.code");
	DIFFERS(village.name, "village.name");
	DIFFERS(payee.name, "payee.name");
	DIFFERS(payee.bank, "payee.bank");
	DIFFERS(payee.account, "payee.account");
#undef DIFFERS
	assert_true(core_household_same(&a, &b, where, sizeof(where)));
	core_household_free(&a);
	core_household_free(&b);
}

/* ---- the demo caseload ---------------------------------------------------- */

static void demo_households_placed_and_paid(void **state)
{
	core_rng r, r2;
	size_t nr, luhn = 0;
	const core_demo_region *regions = core_demo_regions(&nr);
	const core_date today = hb_day(2026, 12, 1);
	enum { N = 400 };
	(void)state;
	core_rng_seed(&r, 42);
	core_rng_seed(&r2, 42);
	for (int i = 0; i < N; i++) {
		core_household h, again;
		ds_error err;
		char where[64];
		size_t n;
		core_household_init(&h);
		core_household_init(&again);
		assert_int_equal(core_demo_household(&r, regions, nr, today, &h, &err),
		                 DS_OK);
		assert_int_equal(core_demo_household(&r2, regions, nr, today, &again,
		                                     &err), DS_OK);
		assert_true(core_household_same(&h, &again, where, sizeof(where)));
		assert_int_equal(strlen(h.township.code), 9);
		assert_memory_equal(h.township.code, h.region, 6);
		assert_true(atoi(h.township.code + 6) >= 1 &&
		            atoi(h.township.code + 6) <= 5);
		assert_int_equal(strlen(h.village.code), 12);
		assert_memory_equal(h.village.code, h.township.code, 9);
		assert_true(strlen(h.township.name) > 0);
		assert_true(strlen(h.village.name) > 0);
		/* the address begins with the township and village */
		assert_memory_equal(h.address, h.township.name,
		                    strlen(h.township.name));
		assert_string_equal(h.payee.name,
		                    h.members[core_household_head(&h)].name);
		assert_true(strlen(h.payee.bank) > 0);
		n = strlen(h.payee.account);
		assert_true(n == 16 || n == 19);
		luhn += core_account_luhn_ok(h.payee.account);
		core_household_free(&h);
		core_household_free(&again);
	}
	/* most pass the check digit, a few do not */
	assert_true(luhn > N * 8 / 10);
	assert_true(luhn < N);
}

/* ---- what changed at a visit ------------------------------------------------ */

static void diff_names_the_facts(void **state)
{
	core_household a, b;
	core_visit v;
	core_diff out[CORE_DIFF_MAX];
	size_t n;
	(void)state;
	household(&a);
	strcpy(a.township.code, "440106001");
	strcpy(a.township.name, "东湖街道");
	strcpy(a.payee.name, "张三");
	strcpy(a.payee.bank, "邮储银行");
	strcpy(a.payee.account, "6222021234567894");
	assert_int_equal(core_household_copy(&b, &a), DS_OK);
	core_visit_init(&v);
	assert_int_equal(core_household_diff(&a, &b, &v, out, CORE_DIFF_MAX), 0);
	strcpy(b.township.code, "440106002");
	strcpy(b.township.name, "西湖街道");
	strcpy(b.village.code, "440106002003");
	strcpy(b.village.name, "西湖社区");
	strcpy(b.payee.bank, "农业银行");
	strcpy(b.payee.account, "6228480402564890");
	n = core_household_diff(&a, &b, &v, out, CORE_DIFF_MAX);
	assert_int_equal(n, 4);
	assert_int_equal(out[0].kind, CORE_DIFF_TOWNSHIP);
	assert_string_equal(out[0].was, "东湖街道 440106001");
	assert_string_equal(out[0].now, "西湖街道 440106002");
	assert_int_equal(out[1].kind, CORE_DIFF_VILLAGE);
	assert_string_equal(out[1].was, "");
	assert_string_equal(out[1].now, "西湖社区 440106002003");
	assert_int_equal(out[2].kind, CORE_DIFF_BANK);
	assert_string_equal(out[2].now, "农业银行");
	/* the account only masked, before and after */
	assert_int_equal(out[3].kind, CORE_DIFF_ACCOUNT);
	assert_string_equal(out[3].was, "**** **** **** 7894");
	assert_string_equal(out[3].now, "**** **** **** 4890");
	core_visit_free(&v);
	core_household_free(&a);
	core_household_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(luhn_known_numbers),
		cmocka_unit_test(luhn_not_digits),
		cmocka_unit_test(mask_all_but_last_four),
		cmocka_unit_test(mask_fits_its_buffer),
		cmocka_unit_test(areas_valid),
		cmocka_unit_test(areas_invalid),
		cmocka_unit_test(payee_rules),
		cmocka_unit_test(same_compares_new_fields),
		cmocka_unit_test(demo_households_placed_and_paid),
		cmocka_unit_test(diff_names_the_facts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
