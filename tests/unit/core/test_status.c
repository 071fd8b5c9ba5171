/* test_status.c — status codes, exit statuses and error details (core/status). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/status.h"

/* True when s[0..len) is well-formed UTF-8 (written here independently of
 * core/text so a truncation bug cannot hide behind the same decoder). */
static int utf8_ok(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		int n = *s < 0x80 ? 1 : (*s & 0xE0) == 0xC0 ? 2
		      : (*s & 0xF0) == 0xE0 ? 3 : (*s & 0xF8) == 0xF0 ? 4 : 0;
		if (!n)
			return 0;
		for (int i = 1; i < n; i++)
			if ((s[i] & 0xC0) != 0x80)
				return 0;
		s += n;
	}
	return 1;
}

/* ---- exit statuses and messages ---------------------------------------- */

static void test_exit_codes(void **state)
{
	static const struct {
		ds_status st;
		int code;
	} table[] = {
		{DS_OK, 0},       {DS_EINPUT, 1},   {DS_EUSAGE, 2},
		{DS_EPASS, 3},    {DS_EDAMAGED, 4}, {DS_EPERM, 5},
		{DS_EUNREACH, 6}, {DS_ESYSTEM, 7},  {DS_ENEWER, 8}, {DS_ESTALE, 9}, {DS_EGAP, 10},
	};
	(void)state;
	assert_int_equal(DS_STATUS_COUNT, sizeof(table) / sizeof(table[0]));
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		assert_int_equal(ds_status_exit(table[i].st), table[i].code);
	/* Out of range: a failure no input caused. */
	assert_int_equal(ds_status_exit(DS_STATUS_COUNT), 7);
	assert_int_equal(ds_status_exit((ds_status)-1), 7);
	assert_int_equal(ds_status_exit((ds_status)1000), 7);
}

static void test_messages(void **state)
{
	(void)state;
	for (int i = 0; i < DS_STATUS_COUNT; i++) {
		const char *m = ds_status_message((ds_status)i);
		assert_non_null(m);
		assert_true(m[0] != '\0');
		/* Every status has its own message. */
		for (int j = 0; j < i; j++)
			assert_string_not_equal(m, ds_status_message((ds_status)j));
	}
	assert_string_equal(ds_status_message(DS_OK), "done");
	assert_string_equal(ds_status_message(DS_EINPUT), "bad input");
	assert_string_equal(ds_status_message(DS_EPASS), "wrong passphrase");
	assert_string_equal(ds_status_message(DS_STATUS_COUNT),
	                    ds_status_message(DS_ESYSTEM));
	assert_string_equal(ds_status_message((ds_status)-1),
	                    ds_status_message(DS_ESYSTEM));
}

/* ---- ds_fail ------------------------------------------------------------- */

static void test_fail_null_err(void **state)
{
	(void)state;
	assert_int_equal(ds_fail(NULL, DS_EINPUT, "x", "msg %s", "a"), DS_EINPUT);
	assert_int_equal(ds_fail(NULL, DS_OK, NULL, "msg"), DS_OK);
}

static void test_fail_args(void **state)
{
	static const struct {
		int nargs;
		const char *a[4];
		const char *want[DS_ERR_ARGS];
	} table[] = {
		{0, {NULL}, {"", "", ""}},
		{1, {"one"}, {"one", "", ""}},
		{2, {"one", "two"}, {"one", "two", ""}},
		{3, {"one", "two", "three"}, {"one", "two", "three"}},
		{4, {"one", "two", "three", "four"}, {"one", "two", "three"}},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		ds_error err;
		ds_status st;
		const char *const *a = table[i].a;
		/* Prefill with junk: ds_fail must reset every field. */
		memset(&err, 'Z', sizeof(err));
		err.where[sizeof(err.where) - 1] = '\0';
		switch (table[i].nargs) {
		case 0:
			st = ds_fail(&err, DS_EINPUT, "f", "m");
			break;
		case 1:
			st = ds_fail(&err, DS_EINPUT, "f", "m", a[0]);
			break;
		case 2:
			st = ds_fail(&err, DS_EINPUT, "f", "m", a[0], a[1]);
			break;
		case 3:
			st = ds_fail(&err, DS_EINPUT, "f", "m", a[0], a[1], a[2]);
			break;
		default:
			st = ds_fail(&err, DS_EINPUT, "f", "m", a[0], a[1], a[2],
			             a[3]);
			break;
		}
		assert_int_equal(st, DS_EINPUT);
		assert_int_equal(err.status, DS_EINPUT);
		assert_string_equal(err.where, "f");
		assert_string_equal(err.fmt, "m");
		for (int k = 0; k < DS_ERR_ARGS; k++)
			assert_string_equal(err.arg[k], table[i].want[k]);
	}
}

static void test_fail_where_null_and_empty(void **state)
{
	ds_error err;
	(void)state;
	ds_fail(&err, DS_EUSAGE, NULL, "m");
	assert_string_equal(err.where, "");
	assert_int_equal(err.status, DS_EUSAGE);
	ds_fail(&err, DS_EUSAGE, "", "m");
	assert_string_equal(err.where, "");
	/* A NULL format: the status message is used when formatting. */
	ds_fail(&err, DS_EPERM, "w", NULL);
	assert_null(err.fmt);
	assert_string_equal(err.arg[0], "");
}

static void test_fail_truncates_on_char_boundary(void **state)
{
	/* Runs of 1- to 4-byte characters, each after a 0..3-byte ASCII lead
	 * so that every possible cut position falls inside a character. */
	static const char *const chars[] = {"a", "\xC3\xA9", "\xE4\xB8\xAD",
	                                    "\xF0\x9F\x98\x80"};
	(void)state;
	for (size_t c = 0; c < 4; c++) {
		for (size_t lead = 0; lead < 4; lead++) {
			char src[1024], where[1024];
			size_t o = 0, clen = strlen(chars[c]);
			ds_error err;
			for (size_t i = 0; i < lead; i++)
				src[o++] = 'a';
			while (o + clen < sizeof(src) - 1) {
				memcpy(src + o, chars[c], clen);
				o += clen;
			}
			src[o] = '\0';
			memcpy(where, src, o + 1);
			ds_fail(&err, DS_EINPUT, where, "%s %s", src, "short");
			/* Argument: cut, valid, a prefix, at most one char short. */
			size_t n = strlen(err.arg[0]);
			assert_true(n <= DS_ERR_ARG - 1);
			assert_true(n + clen > DS_ERR_ARG - 1);
			assert_true(utf8_ok(err.arg[0]));
			assert_memory_equal(err.arg[0], src, n);
			assert_string_equal(err.arg[1], "short");
			/* Same for where. */
			n = strlen(err.where);
			assert_true(n <= DS_ERR_WHERE - 1);
			assert_true(n + clen > DS_ERR_WHERE - 1);
			assert_true(utf8_ok(err.where));
			assert_memory_equal(err.where, src, n);
		}
	}
}

static void test_fail_exact_fit(void **state)
{
	char arg[DS_ERR_ARG + 1];
	ds_error err;
	(void)state;
	/* 159 bytes fit exactly, 160 are cut to 159. */
	memset(arg, 'q', DS_ERR_ARG - 1);
	arg[DS_ERR_ARG - 1] = '\0';
	ds_fail(&err, DS_EINPUT, "w", "%s", arg);
	assert_string_equal(err.arg[0], arg);
	memset(arg, 'q', DS_ERR_ARG);
	arg[DS_ERR_ARG] = '\0';
	ds_fail(&err, DS_EINPUT, "w", "%s", arg);
	assert_int_equal(strlen(err.arg[0]), DS_ERR_ARG - 1);
}

/* ---- ds_error_prefix ----------------------------------------------------- */

static void test_prefix(void **state)
{
	static const struct {
		const char *where, *prefix, *want;
	} table[] = {
		{"id_number", NULL, "id_number"},
		{"id_number", "", "id_number"},
		{"", "members[1]", "members[1]"},
		{"id_number", "members[1]", "members[1].id_number"},
		{"[1]", "members", "members[1]"},
		{"[1].id_number", "members", "members[1].id_number"},
		{"incomes[0].monthly", "members[3]", "members[3].incomes[0].monthly"},
	};
	(void)state;
	ds_error_prefix(NULL, "x"); /* no crash */
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		ds_error err;
		ds_fail(&err, DS_EINPUT, table[i].where, "m %s", "arg");
		ds_error_prefix(&err, table[i].prefix);
		assert_string_equal(err.where, table[i].want);
		/* The rest of the error is untouched. */
		assert_int_equal(err.status, DS_EINPUT);
		assert_string_equal(err.fmt, "m %s");
		assert_string_equal(err.arg[0], "arg");
	}
}

static void test_prefix_built_in_steps(void **state)
{
	ds_error err;
	(void)state;
	ds_fail(&err, DS_EINPUT, "id_number", "m");
	ds_error_prefix(&err, "[1]");
	assert_string_equal(err.where, "[1].id_number");
	ds_error_prefix(&err, "members");
	assert_string_equal(err.where, "members[1].id_number");
	ds_error_prefix(&err, "household");
	assert_string_equal(err.where, "household.members[1].id_number");
}

static void test_prefix_long_stays_valid(void **state)
{
	char prefix[400];
	size_t o = 0;
	ds_error err;
	(void)state;
	prefix[o++] = 'p';
	while (o + 3 < sizeof(prefix)) {
		memcpy(prefix + o, "\xE4\xB8\xAD", 3);
		o += 3;
	}
	prefix[o] = '\0';
	ds_fail(&err, DS_EINPUT, "leaf", "m");
	ds_error_prefix(&err, prefix);
	assert_true(strlen(err.where) < DS_ERR_WHERE);
	assert_true(strlen(err.where) > DS_ERR_WHERE - 4);
	assert_true(utf8_ok(err.where));
	assert_memory_equal(err.where, prefix, strlen(err.where));
}

static void test_clear(void **state)
{
	ds_error err;
	(void)state;
	ds_error_clear(NULL);
	ds_fail(&err, DS_EDAMAGED, "w", "m %s", "a");
	ds_error_clear(&err);
	assert_int_equal(err.status, DS_OK);
	assert_string_equal(err.where, "");
	assert_null(err.fmt);
	assert_string_equal(err.arg[0], "");
}

/* ---- ds_error_format ----------------------------------------------------- */

static const char *fake_translate(const char *s)
{
	if (strcmp(s, "check character should be %s") == 0)
		return "校验码应为 %s";
	if (strcmp(s, "bad input") == 0)
		return "输入有误";
	if (strcmp(s, "%s then %s then %s") == 0)
		return "%s、%s、%s";
	return s;
}

static void test_format(void **state)
{
	static const struct {
		ds_status st;
		const char *where, *fmt, *a0, *a1, *a2;
		int translate;
		const char *want;
	} table[] = {
		{DS_EINPUT, "members[1].id_number", "check character should be %s",
		 "X", NULL, NULL, 0, "members[1].id_number: check character should be X"},
		{DS_EINPUT, "", "check character should be %s", "X", NULL, NULL, 0,
		 "check character should be X"},
		{DS_EINPUT, NULL, "no arguments", NULL, NULL, NULL, 0, "no arguments"},
		{DS_EINPUT, "w", "%s then %s then %s", "a", "b", "c", 0,
		 "w: a then b then c"},
		{DS_EINPUT, "w", NULL, NULL, NULL, NULL, 0, "w: bad input"},
		{DS_EPASS, "", NULL, NULL, NULL, NULL, 0, "wrong passphrase"},
		/* With a translation. */
		{DS_EINPUT, "members[1].id_number", "check character should be %s",
		 "X", NULL, NULL, 1, "members[1].id_number: 校验码应为 X"},
		{DS_EINPUT, "w", NULL, NULL, NULL, NULL, 1, "w: 输入有误"},
		{DS_EINPUT, "", "%s then %s then %s", "a", "b", "c", 1, "a、b、c"},
		/* A format the catalogue lacks comes back untranslated. */
		{DS_EINPUT, "w", "untranslated %s", "z", NULL, NULL, 1,
		 "w: untranslated z"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		ds_error err;
		char buf[256];
		if (table[i].a2)
			ds_fail(&err, table[i].st, table[i].where, table[i].fmt,
			        table[i].a0, table[i].a1, table[i].a2);
		else if (table[i].a0)
			ds_fail(&err, table[i].st, table[i].where, table[i].fmt,
			        table[i].a0);
		else
			ds_fail(&err, table[i].st, table[i].where, table[i].fmt);
		memset(buf, 'Z', sizeof(buf));
		ds_error_format(&err, buf, sizeof(buf),
		                table[i].translate ? fake_translate : NULL);
		assert_string_equal(buf, table[i].want);
	}
}

static void test_format_small_buffers(void **state)
{
	ds_error err;
	char buf[8];
	(void)state;
	ds_fail(&err, DS_EINPUT, "where", "message %s", "arg");
	memset(buf, 'Z', sizeof(buf));
	ds_error_format(&err, buf, 0, NULL); /* writes nothing */
	assert_int_equal(buf[0], 'Z');
	ds_error_format(&err, buf, 1, NULL);
	assert_string_equal(buf, "");
	ds_error_format(&err, buf, sizeof(buf), NULL);
	assert_string_equal(buf, "where: ");
	assert_int_equal(buf[7], '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_codes),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_fail_null_err),
		cmocka_unit_test(test_fail_args),
		cmocka_unit_test(test_fail_where_null_and_empty),
		cmocka_unit_test(test_fail_truncates_on_char_boundary),
		cmocka_unit_test(test_fail_exact_fit),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_prefix_built_in_steps),
		cmocka_unit_test(test_prefix_long_stays_valid),
		cmocka_unit_test(test_clear),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_small_buffers),
	};
	return cmocka_run_group_tests_name("status", tests, NULL, NULL);
}
