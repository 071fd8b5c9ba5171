/* test_hhimport.c — imports that can be run again (store/hhimport.c): a
 * household already in the store the same is found, not added twice; the
 * same people with other data, or split differently, are refused naming
 * the field; a household added by another handle between prepare and add
 * is skipped; a full database is told from other failures. Also the wait
 * for another writer (store/wait.c): bounded, said once, given up. One
 * store serves the group. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/internal.h"
#include "tests/unit/store/storetest.h"

static char root[PATH_MAX], dir[PATH_MAX + 32];
static store_secret *pass;
static ds_store *s;
static unsigned serial = 9000;

static void make(core_household *h, size_t n)
{
	hh_make(h, n, serial);
	serial += (unsigned)n;
}

static int64_t households(void)
{
	int64_t n = -1;
	ds_error err;
	assert_ok(store_household_count(s, &n, &err), &err);
	return n;
}

static int group_setup(void **state)
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

static int group_teardown(void **state)
{
	(void)state;
	store_close(&s);
	store_secret_free(&pass);
	tmpdir_remove(root);
	return 0;
}

/* New, then the same again: found, not added; in any order of people. */
static void test_new_then_same(void **state)
{
	core_household h;
	store_prepared *p = NULL;
	store_import_found found;
	char id[STORE_ID_BUF], again[STORE_ID_BUF];
	int64_t n = households();
	ds_error err;
	(void)state;
	make(&h, 3);
	assert_ok(store_import_prepare(s, &h, &p, &found, id, &err), &err);
	assert_int_equal(found, STORE_IMPORT_NEW);
	assert_non_null(p);
	assert_ok(store_import_add(s, p, &found, id, &err), &err);
	assert_int_equal(found, STORE_IMPORT_NEW);
	assert_int_equal(households(), n + 1);
	store_prepared_free(&p);

	assert_ok(store_import_prepare(s, &h, &p, &found, again, &err), &err);
	assert_int_equal(found, STORE_IMPORT_SAME);
	assert_null(p);
	assert_string_equal(again, id);
	{
		core_member m = h.members[0];
		h.members[0] = h.members[2];
		h.members[2] = m;
	}
	assert_ok(store_import_prepare(s, &h, &p, &found, again, &err), &err);
	assert_int_equal(found, STORE_IMPORT_SAME);
	assert_int_equal(households(), n + 1);
	core_household_free(&h);
}

/* The same people with something else: refused at the field. */
static void test_other_data(void **state)
{
	core_household h, other;
	store_prepared *p = NULL;
	store_import_found found;
	char id[STORE_ID_BUF], got[STORE_ID_BUF];
	ds_error err;
	(void)state;
	make(&h, 2);
	assert_ok(store_household_add(s, &h, id, &err), &err);
	assert_ok(core_household_copy(&other, &h), &err);
	other.members[0].incomes[0].monthly += 100;
	assert_status(store_import_prepare(s, &other, &p, &found, got, &err),
	              DS_EINPUT, &err);
	assert_null(p);
	assert_string_equal(err.where, "members[0].incomes[0].monthly");
	assert_string_equal(err.arg[0], id);
	core_household_free(&other);

	/* fewer people than the household has */
	assert_ok(core_household_copy(&other, &h), &err);
	core_household_remove_member(&other, 1);
	assert_status(store_import_prepare(s, &other, &p, &found, got, &err),
	              DS_EINPUT, &err);
	assert_string_equal(err.where, "members");
	core_household_free(&other);

	/* one of its people with someone new: not the same people */
	assert_ok(core_household_copy(&other, &h), &err);
	{
		/* someone new first, then the two already in the store */
		core_member fresh = h.members[1];
		assert_non_null(core_household_add_member(&other, NULL));
		idnum_make(fresh.id_number, serial++);
		other.members[0] = fresh;
		other.members[1] = h.members[0];
		other.members[2] = h.members[1];
	}
	assert_status(store_import_prepare(s, &other, &p, &found, got, &err),
	              DS_EINPUT, &err);
	assert_string_equal(err.where, "members[1].id_number");
	assert_string_equal(err.arg[0], id);
	core_household_free(&other);
	core_household_free(&h);
}

/* Prepared as new; another handle adds the same household; the add finds
 * it and adds nothing. With other data it is refused. */
static void test_added_meanwhile(void **state)
{
	core_household h, g;
	store_prepared *p = NULL, *q = NULL;
	store_import_found found;
	ds_store *other = NULL;
	char id[STORE_ID_BUF], got[STORE_ID_BUF];
	int64_t n;
	ds_error err;
	(void)state;
	make(&h, 2);
	assert_ok(store_import_prepare(s, &h, &p, &found, id, &err), &err);
	assert_int_equal(found, STORE_IMPORT_NEW);
	make(&g, 1);
	assert_ok(store_import_prepare(s, &g, &q, &found, id, &err), &err);
	assert_ok(store_open(dir, "wang", pass, &other, &err), &err);
	assert_ok(store_household_add(other, &h, id, &err), &err);
	snprintf(g.members[0].name, sizeof(g.members[0].name), "另一个");
	assert_ok(store_household_add(other, &g, got, &err), &err);
	store_close(&other);
	n = households();
	assert_ok(store_begin(s, &err), &err);
	assert_ok(store_import_add(s, p, &found, got, &err), &err);
	assert_int_equal(found, STORE_IMPORT_SAME);
	assert_string_equal(got, id);
	assert_status(store_import_add(s, q, &found, got, &err), DS_EINPUT,
	              &err);
	assert_string_equal(err.where, "members[0].name");
	assert_ok(store_commit(s, &err), &err);
	assert_int_equal(households(), n);
	store_prepared_free(&p);
	store_prepared_free(&q);
	core_household_free(&h);
	core_household_free(&g);
}

/* A database that cannot grow gives SQLite's "full"; the store's error for
 * it is what store_error_disk_full recognises (and nothing else is). */
static void test_disk_full(void **state)
{
	core_household h;
	char id[STORE_ID_BUF];
	ds_error err, other;
	ds_status st = DS_OK;
	int64_t pages = sql_int(s->db, "PRAGMA page_count");
	(void)state;
	sql_int(s->db, "PRAGMA wal_checkpoint(TRUNCATE)");
	{
		char sql[64];
		snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %lld",
		         (long long)pages);
		sql_int(s->db, sql);
	}
	assert_ok(store_begin(s, &err), &err);
	for (int i = 0; i < 2000 && !st; i++) {
		make(&h, 3);
		st = store_household_add(s, &h, id, &err);
		core_household_free(&h);
	}
	store_rollback(s);
	sql_int(s->db, "PRAGMA max_page_count = 1073741823");
	assert_status(st, DS_ESYSTEM, &err);
	assert_true(store_error_disk_full(&err));
	ds_fail(&other, DS_ESYSTEM, "", N_("out of memory"));
	assert_false(store_error_disk_full(&other));
	assert_false(store_error_disk_full(NULL));
}

/* ---- waiting for another writer (wait.c) ------------------------------------------ */

static int said;
static void note(void *ctx)
{
	(void)ctx;
	said++;
}

static void test_wait_bounded(void **state)
{
	ds_store *other = NULL;
	store_waiter w = {2, note, NULL, false, false, 0};
	ds_error err;
	(void)state;
	assert_ok(store_open(dir, "wang", pass, &other, &err), &err);
	store_wait_for_writers(s, &w);
	said = 0;
	assert_ok(store_begin(other, &err), &err); /* holds the write lock */
	assert_status(store_begin(s, &err), DS_ESYSTEM, &err);
	assert_true(w.gave_up);
	assert_int_equal(said, 1);
	store_rollback(other);
	/* free again: no wait, nothing said */
	said = 0;
	w.gave_up = false;
	assert_ok(store_begin(s, &err), &err);
	store_rollback(s);
	assert_false(w.gave_up);
	assert_int_equal(said, 0);
	store_close(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_then_same),
		cmocka_unit_test(test_other_data),
		cmocka_unit_test(test_added_meanwhile),
		cmocka_unit_test(test_disk_full),
		cmocka_unit_test(test_wait_bounded),
	};
	return cmocka_run_group_tests_name("store_hhimport", tests, group_setup,
	                                   group_teardown);
}
