/* test_office.c — the office's accounts and log in the store
 * (store/office.c): an account added, read back with its hash, listed,
 * its password changed, disabled; a second of the same name refused;
 * log lines appended and listed newest first, filtered by user, kind and
 * time; a row altered, added or deleted with SQL (without the key) is
 * damage; the audit passes after ordinary use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/internal.h"
#include "store/office.h"
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

static void add(const char *name, const char *role, const char *hash)
{
	store_office_user u;
	ds_error err;
	memset(&u, 0, sizeof(u));
	snprintf(u.name, sizeof(u.name), "%s", name);
	snprintf(u.role, sizeof(u.role), "%s", role);
	assert_ok(store_begin(s, &err), &err);
	assert_ok(store_office_user_add(s, &u, hash, &err), &err);
	assert_ok(store_commit(s, &err), &err);
}

static void log_line(const char *user, const char *kind, const char *what, int64_t at)
{
	store_office_log e;
	ds_error err;
	memset(&e, 0, sizeof(e));
	snprintf(e.user, sizeof(e.user), "%s", user);
	snprintf(e.peer, sizeof(e.peer), "127.0.0.1");
	snprintf(e.kind, sizeof(e.kind), "%s", kind);
	snprintf(e.what, sizeof(e.what), "%s", what);
	snprintf(e.outcome, sizeof(e.outcome), "200");
	e.at_ms = at;
	assert_ok(store_begin(s, &err), &err);
	assert_ok(store_office_log_add(s, &e, &err), &err);
	assert_ok(store_commit(s, &err), &err);
}

static void test_accounts(void **state)
{
	store_office_user u, *l = NULL, dup;
	char hash[STORE_OFFICE_HASH_MAX];
	size_t n = 0;
	bool found = true;
	store_audit_report rep;
	ds_error err;
	(void)state;
	assert_ok(store_office_user_get(s, "ana", &u, hash, &found, &err), &err);
	assert_false(found);
	add("ana", "officer", "$argon2id$one");
	add("root", "admin", "$argon2id$two");
	assert_ok(store_office_user_get(s, "ana", &u, hash, &found, &err), &err);
	assert_true(found);
	assert_string_equal(u.role, "officer");
	assert_string_equal(hash, "$argon2id$one");
	assert_true(u.created_ms > 0);
	assert_int_equal(u.disabled_ms, 0);
	/* the same name again */
	memset(&dup, 0, sizeof(dup));
	snprintf(dup.name, sizeof(dup.name), "ana");
	snprintf(dup.role, sizeof(dup.role), "admin");
	assert_ok(store_begin(s, &err), &err);
	assert_status(store_office_user_add(s, &dup, "x", &err), DS_EINPUT, &err);
	assert_string_equal(err.where, "name");
	store_rollback(s);
	assert_ok(store_office_user_list(s, &l, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_string_equal(l[0].name, "ana");
	assert_string_equal(l[1].name, "root");
	free(l);
	/* a new password, then disabled (twice changes nothing more) */
	assert_ok(store_begin(s, &err), &err);
	assert_ok(store_office_user_passwd(s, "ana", "$argon2id$three", &err), &err);
	assert_ok(store_office_user_disable(s, "ana", &err), &err);
	assert_ok(store_commit(s, &err), &err);
	assert_ok(store_office_user_get(s, "ana", &u, hash, &found, &err), &err);
	assert_string_equal(hash, "$argon2id$three");
	assert_true(u.disabled_ms > 0);
	{
		int64_t was = u.disabled_ms;
		assert_ok(store_begin(s, &err), &err);
		assert_ok(store_office_user_disable(s, "ana", &err), &err);
		assert_ok(store_commit(s, &err), &err);
		assert_ok(store_office_user_get(s, "ana", &u, NULL, &found, &err), &err);
		assert_int_equal(u.disabled_ms, was);
	}
	assert_ok(store_begin(s, &err), &err);
	assert_status(store_office_user_passwd(s, "nobody", "x", &err), DS_EINPUT, &err);
	store_rollback(s);
	assert_ok(store_audit_verify(s, &rep, &err), &err);
}

static void test_log(void **state)
{
	store_office_log *l = NULL;
	store_office_log_filter f;
	size_t n = 0;
	ds_error err;
	(void)state;
	log_line("ana", "login", "login", 1000);
	log_line("-", "login", "login bob", 2000);
	log_line("ana", "refused", "users", 3000);
	log_line("root", "action", "user.add", 4000);
	assert_ok(store_office_log_list(s, NULL, &l, &n, &err), &err);
	assert_int_equal(n, 4);
	assert_string_equal(l[0].what, "user.add"); /* newest first */
	assert_int_equal(l[0].seq, 4);
	assert_string_equal(l[3].user, "ana");
	assert_string_equal(l[3].peer, "127.0.0.1");
	free(l);
	memset(&f, 0, sizeof(f));
	f.user = "ana";
	assert_ok(store_office_log_list(s, &f, &l, &n, &err), &err);
	assert_int_equal(n, 2);
	free(l);
	f.kind = "refused";
	assert_ok(store_office_log_list(s, &f, &l, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(l[0].what, "users");
	free(l);
	memset(&f, 0, sizeof(f));
	f.from_ms = 2000;
	f.to_ms = 4000;
	assert_ok(store_office_log_list(s, &f, &l, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].at_ms, 3000);
	assert_int_equal(l[1].at_ms, 2000);
	free(l);
	f.limit = 1;
	f.from_ms = f.to_ms = 0;
	assert_ok(store_office_log_list(s, &f, &l, &n, &err), &err);
	assert_int_equal(n, 1);
	free(l);
}

static void test_tampered(void **state)
{
	store_office_user u;
	store_office_log *l = NULL;
	size_t n = 0;
	bool found;
	ds_error err;
	(void)state;
	add("ana", "officer", "$argon2id$one");
	log_line("ana", "login", "login", 1000);
	log_line("ana", "logout", "logout", 2000);
	/* a role raised without the key */
	sql_exec(s->db, "UPDATE main.office_user SET role = 'admin' WHERE name = 'ana'");
	assert_status(store_office_user_get(s, "ana", &u, NULL, &found, &err), DS_EDAMAGED, &err);
	sql_exec(s->db, "UPDATE main.office_user SET role = 'officer' WHERE name = 'ana'");
	assert_ok(store_office_user_get(s, "ana", &u, NULL, &found, &err), &err);
	/* an account added without the key */
	sql_exec(s->db, "INSERT INTO main.office_user(name, role, hash, created) VALUES ('eve', 'admin', 'x', 1)");
	assert_status(store_office_user_get(s, "eve", &u, NULL, &found, &err), DS_EDAMAGED, &err);
	sql_exec(s->db, "DELETE FROM main.office_user WHERE name = 'eve'");
	/* a log line altered: its reading fails */
	sql_exec(s->db, "UPDATE main.office_log SET outcome = 'ok' WHERE seq = 1");
	assert_status(store_office_log_list(s, NULL, &l, &n, &err), DS_EDAMAGED, &err);
	assert_null(l);
}

static void test_deleted(void **state)
{
	ds_error err;
	(void)state;
	log_line("ana", "login", "login", 1000);
	log_line("ana", "logout", "logout", 2000);
	store_close(&s);
	assert_ok(store_open(dir, "county", pass, &s, &err), &err);
	/* a line taken out without the key: the count in meta says so */
	sql_exec(s->db, "DELETE FROM main.office_log WHERE seq = 1");
	store_close(&s);
	assert_status(store_open(dir, "county", pass, &s, &err), DS_EDAMAGED, &err);
	assert_non_null(strstr(err.where, "office_log"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_accounts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tampered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted, setup, teardown),
	};
	return cmocka_run_group_tests_name("store_office", tests, NULL, NULL);
}
