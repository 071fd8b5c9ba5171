/* test_provkey.c — the province key at a county (store/provkey.c): none at
 * first; kept and read back; the same again replaces nothing, another
 * replaces it; kept across a close and an open; sealed (the file does not
 * hold the key's bytes); its value altered in the file is damage; its row
 * removed behind the store's back leaves the county without one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/internal.h"
#include "store/provkey.h"
#include "tests/unit/store/storetest.h"

static char root[PATH_MAX], dir[PATH_MAX + 32];
static store_secret *pass;
static ds_store *s;

static int setup(void **state)
{
	store_init_opts o = {"county", CORE_ROLE_SUPERVISOR, "440106", NULL};
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	tmpdir_new(root);
	snprintf(dir, sizeof(dir), "%s/store", root);
	pass = pass_new(TEST_PASS);
	if (store_init(dir, &o, pass, NULL) != DS_OK ||
	    store_open(dir, "county", pass, &s, NULL) != DS_OK)
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

static void test_kept_and_read(void **state)
{
	unsigned char k1[STORE_PROVKEY_BYTES], k2[STORE_PROVKEY_BYTES];
	store_secret *got = NULL;
	bool found = true, replaced = true;
	ds_error err;
	size_t flen = 0;
	unsigned char *file;
	char path[2 * PATH_MAX];
	(void)state;
	memset(k1, 0x5a, sizeof(k1));
	memset(k2, 0xa5, sizeof(k2));
	assert_ok(store_province_key_get(s, &got, &found, &err), &err);
	assert_false(found);
	assert_null(got);
	assert_ok(store_province_key_set(s, k1, &replaced, &err), &err);
	assert_false(replaced);
	assert_ok(store_province_key_get(s, &got, &found, &err), &err);
	assert_true(found);
	assert_memory_equal(got->p, k1, sizeof(k1));
	store_secret_free(&got);
	assert_ok(store_province_key_set(s, k1, &replaced, &err), &err);
	assert_false(replaced); /* the same key again */
	assert_ok(store_province_key_set(s, k2, &replaced, &err), &err);
	assert_true(replaced);
	/* across a close and an open (which checks every meta row) */
	store_close(&s);
	assert_ok(store_open(dir, "county", pass, &s, &err), &err);
	assert_ok(store_province_key_get(s, &got, &found, &err), &err);
	assert_true(found);
	assert_memory_equal(got->p, k2, sizeof(k2));
	store_secret_free(&got);
	/* sealed: the key's bytes are nowhere in the file */
	store_close(&s);
	snprintf(path, sizeof(path), "%s/%s", dir, STORE_DB_NAME);
	file = file_slurp(path, &flen);
	for (size_t i = 0; i + sizeof(k2) <= flen; i++)
		if (!memcmp(file + i, k2, sizeof(k2)))
			fail_msg("the province key is in the file in clear at %zu", i);
	free(file);
	assert_ok(store_open(dir, "county", pass, &s, &err), &err);
}

static void test_altered_is_damage(void **state)
{
	unsigned char k[STORE_PROVKEY_BYTES];
	store_secret *got = NULL;
	bool found, replaced;
	ds_error err;
	sqlite3 *raw;
	(void)state;
	memset(k, 0x33, sizeof(k));
	assert_ok(store_province_key_set(s, k, &replaced, &err), &err);
	store_close(&s);
	/* a byte of the sealed value flipped, by someone without the key */
	raw = db_raw(dir);
	assert_int_equal(sqlite3_exec(raw, "UPDATE meta SET v = CAST(substr(v, 1, 30) || "
	                                   "(CASE WHEN substr(v, 31, 1) = x'00' THEN x'01' ELSE x'00' END)"
	                                   " || substr(v, 32) AS BLOB) WHERE k = 'province_key'",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(raw);
	/* the row's MAC refuses it at open */
	assert_status(store_open(dir, "county", pass, &s, &err), DS_EDAMAGED, &err);
	assert_null(s);
	/* the row removed: the table's count and sum no longer agree */
	raw = db_raw(dir);
	assert_int_equal(sqlite3_exec(raw, "DELETE FROM meta WHERE k = 'province_key'", NULL,
	                              NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(raw);
	/* meta is not counted as a whole (it holds the counts): the key is
	 * simply gone, and the feed says the county has none; no other key
	 * can be put in its place without the data key */
	assert_ok(store_open(dir, "county", pass, &s, &err), &err);
	assert_ok(store_province_key_get(s, &got, &found, &err), &err);
	assert_false(found);
	assert_null(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kept_and_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_altered_is_damage, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
