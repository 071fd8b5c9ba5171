/* test_eventlog.c — the event log as a list for people (store/eventlog.c):
 * newest first, filtered by author, kind and time, a page after an
 * offset, each line with its author, kind, time and device; nothing from
 * an event's body. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/eventlog.h"
#include "store/internal.h"
#include "tests/unit/store/storetest.h"

static char root[PATH_MAX], dir[PATH_MAX + 32];
static store_secret *pass;
static ds_store *s;

static int setup(void **state)
{
	store_init_opts o = {"wang", CORE_ROLE_ASSISTANT, "440106", NULL};
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	tmpdir_new(root);
	snprintf(dir, sizeof(dir), "%s/store", root);
	pass = pass_new(TEST_PASS);
	if (store_init(dir, &o, pass, NULL) != DS_OK ||
	    store_open(dir, "wang", pass, &s, NULL) != DS_OK)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(&s);
	store_secret_free(&pass);
	tmpdir_remove(root);
	return 0;
}

static void add_households(int n)
{
	for (int i = 0; i < n; i++) {
		core_household h;
		char id[STORE_ID_BUF];
		ds_error err;
		hh_make(&h, 1, 100 + (unsigned)i * 10);
		assert_ok(store_household_add(s, &h, id, &err), &err);
		core_household_free(&h);
	}
}

static void test_lines(void **state)
{
	store_event_filter f;
	store_event_line *l = NULL;
	size_t n = 0, all;
	int64_t total;
	ds_error err;
	(void)state;
	add_households(3);
	total = sql_int(s->db, "SELECT count(*) FROM event");
	memset(&f, 0, sizeof(f));
	f.limit = 1000;
	assert_ok(store_event_lines(s, &f, &l, &n, &err), &err);
	assert_int_equal(n, (size_t)total);
	all = n;
	for (size_t i = 1; i < n; i++)
		assert_true(l[i - 1].seq > l[i].seq); /* newest first */
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(l[i].author, "wang");
		assert_int_equal(strlen(l[i].device), 2 * STORE_DEVICE_BYTES);
		assert_true(l[i].at_ms > 1500000000000LL);
	}
	free(l);
	/* by kind */
	f.kind = "household.created";
	assert_ok(store_event_lines(s, &f, &l, &n, &err), &err);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(l[i].kind, "household.created");
	free(l);
	/* by author: nobody else wrote */
	f.kind = NULL;
	f.author = "li";
	assert_ok(store_event_lines(s, &f, &l, &n, &err), &err);
	assert_int_equal(n, 0);
	free(l);
	/* a page: two after skipping one */
	f.author = "";
	f.offset = 1;
	f.limit = 2;
	assert_ok(store_event_lines(s, &f, &l, &n, &err), &err);
	assert_int_equal(n, all >= 3 ? 2 : all - 1);
	free(l);
	/* a time range long past holds nothing; one up to now everything */
	f.offset = 0;
	f.limit = 1000;
	f.from_ms = 1;
	f.to_ms = 946684800000LL; /* 2000-01-01 */
	assert_ok(store_event_lines(s, &f, &l, &n, &err), &err);
	assert_int_equal(n, 0);
	free(l);
	f.from_ms = 946684800000LL;
	f.to_ms = 0;
	assert_ok(store_event_lines(s, &f, &l, &n, &err), &err);
	assert_int_equal(n, all);
	free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lines, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
