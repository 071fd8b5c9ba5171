/* test_opts.c — opts_parse (tui/opts), the getopt_long reading both
 * programs' commands share: options and words in the order given, both
 * forms of a value, "--", whole names only, and each wrong use told apart
 * and named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui/opts.h"

static const char *const globals[] = {"data=", "lang=", NULL};
static const char *const mine[] = {"json", "month=", NULL};

/* What the callback saw, one "list:spec=value" or "word" per call. */
typedef struct {
	char seen[16][64];
	int n;
	int stop_at; /* return 7 on this call (1-based), 0: never */
} record;

static int note(void *ctx, int list, const char *spec, const char *value)
{
	record *r = ctx;
	if (spec)
		snprintf(r->seen[r->n], sizeof(r->seen[0]), "%d:%s%s", list, spec,
		         value ? value : "");
	else
		snprintf(r->seen[r->n], sizeof(r->seen[0]), "%s", value);
	r->n++;
	return r->n == r->stop_at ? 7 : 0;
}

/* Runs opts_parse on the words (argv[0] "cmd" is added). */
static opts_result parse(record *r, char *bad, int *rc, int n, ...)
{
	char *argv[20];
	const char *const *lists[] = {globals, mine};
	va_list ap;
	argv[0] = "cmd";
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		argv[i + 1] = va_arg(ap, char *);
	va_end(ap);
	argv[n + 1] = NULL;
	memset(r->seen, 0, sizeof(r->seen));
	r->n = 0;
	return opts_parse(n + 1, argv, lists, 2, note, r, bad, 64, rc);
}

static void test_in_order(void **state)
{
	record r = {.stop_at = 0};
	char bad[64];
	int rc;
	(void)state;
	assert_int_equal(parse(&r, bad, &rc, 7, "issue", "--data", "/srv", "--json",
	                       "--month=2026-03", "extra", "--lang="),
	                 OPTS_DONE);
	assert_int_equal(r.n, 6);
	assert_string_equal(r.seen[0], "issue");
	assert_string_equal(r.seen[1], "0:data=/srv");
	assert_string_equal(r.seen[2], "1:json");
	assert_string_equal(r.seen[3], "1:month=2026-03");
	assert_string_equal(r.seen[4], "extra");
	assert_string_equal(r.seen[5], "0:lang="); /* an empty value */
}

static void test_posixly_correct(void **state)
{
	record r = {.stop_at = 0};
	char bad[64];
	int rc;
	(void)state;
	/* options after a word are still options */
	setenv("POSIXLY_CORRECT", "1", 1);
	assert_int_equal(parse(&r, bad, &rc, 2, "word", "--json"), OPTS_DONE);
	unsetenv("POSIXLY_CORRECT");
	assert_int_equal(r.n, 2);
	assert_string_equal(r.seen[1], "1:json");
}

static void test_double_dash(void **state)
{
	record r = {.stop_at = 0};
	char bad[64];
	int rc;
	(void)state;
	assert_int_equal(parse(&r, bad, &rc, 4, "--json", "--", "--month", "-"),
	                 OPTS_DONE);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.seen[1], "--month");
	assert_string_equal(r.seen[2], "-");
	/* a value that looks like an option is still the value */
	assert_int_equal(parse(&r, bad, &rc, 2, "--month", "--json"), OPTS_DONE);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.seen[0], "1:month=--json");
}

static void test_wrong_use(void **state)
{
	record r = {.stop_at = 0};
	char bad[64];
	int rc;
	(void)state;
	assert_int_equal(parse(&r, bad, &rc, 2, "--json", "--jsno"), OPTS_UNKNOWN);
	assert_string_equal(bad, "--jsno");
	/* no abbreviations */
	assert_int_equal(parse(&r, bad, &rc, 1, "--jso"), OPTS_UNKNOWN);
	assert_string_equal(bad, "--jso");
	assert_int_equal(parse(&r, bad, &rc, 2, "--mon", "2026-03"), OPTS_UNKNOWN);
	assert_string_equal(bad, "--mon");
	/* the value is not repeated in the name */
	assert_int_equal(parse(&r, bad, &rc, 1, "--colour=red"), OPTS_UNKNOWN);
	assert_string_equal(bad, "--colour");
	assert_int_equal(parse(&r, bad, &rc, 1, "-x"), OPTS_UNKNOWN);
	assert_string_equal(bad, "-x");
	assert_int_equal(parse(&r, bad, &rc, 2, "word", "--month"), OPTS_NEEDS_VALUE);
	assert_string_equal(bad, "--month");
	assert_int_equal(parse(&r, bad, &rc, 1, "--json=yes"), OPTS_NO_VALUE);
	assert_string_equal(bad, "--json");
	assert_int_equal(parse(&r, bad, &rc, 1, "--help=yes"), OPTS_NO_VALUE);
	assert_string_equal(bad, "--help");
}

static void test_help_version_stop(void **state)
{
	record r = {.stop_at = 0};
	char bad[64];
	int rc;
	(void)state;
	assert_int_equal(parse(&r, bad, &rc, 2, "word", "--help"), OPTS_HELP);
	assert_int_equal(parse(&r, bad, &rc, 1, "-h"), OPTS_HELP);
	assert_int_equal(parse(&r, bad, &rc, 2, "--json", "--version"), OPTS_VERSION);
	assert_int_equal(parse(&r, bad, &rc, 1, "--vers"), OPTS_UNKNOWN);
	/* an error before --help is the error */
	assert_int_equal(parse(&r, bad, &rc, 2, "--jsno", "--help"), OPTS_UNKNOWN);
	r.stop_at = 2;
	assert_int_equal(parse(&r, bad, &rc, 3, "a", "b", "c"), OPTS_STOPPED);
	assert_int_equal(rc, 7);
	assert_int_equal(r.n, 2);
}

static void test_metavar(void **state)
{
	char m[32];
	const char *syn = "[issue|check] --month YYYY-MM [--json|--csv [--encoding gb18030]|--xlsx FILE]";
	(void)state;
	opts_metavar(syn, "month", m, sizeof(m));
	assert_string_equal(m, "YYYY-MM");
	opts_metavar(syn, "encoding", m, sizeof(m));
	assert_string_equal(m, "gb18030");
	opts_metavar(syn, "xlsx", m, sizeof(m));
	assert_string_equal(m, "FILE");
	opts_metavar(syn, "mon", m, sizeof(m)); /* not --month's start */
	assert_string_equal(m, "VALUE");
	opts_metavar("--json --to DIR", "json", m, sizeof(m));
	assert_string_equal(m, "VALUE");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order),
		cmocka_unit_test(test_posixly_correct),
		cmocka_unit_test(test_double_dash),
		cmocka_unit_test(test_wrong_use),
		cmocka_unit_test(test_help_version_stop),
		cmocka_unit_test(test_metavar),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
