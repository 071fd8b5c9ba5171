/* test_store.c — creating and unlocking stores (store/open.c): the folder
 * and file modes, passphrase and user-name rules, key slots, several users,
 * passphrase changes, escrow recovery, schema versions and a tampered role.
 * Each store costs an Argon2id run per unlock, so the group makes a few
 * stores and copies them where a test must damage one. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <sodium.h>

#include "store/internal.h"
#include "tests/unit/store/storetest.h"

/* Eight characters, 24 bytes: long enough. */
#define PASS_WANG "密码密码密码密码"
#define PASS_LI "li's own passphrase"

static char root[PATH_MAX];
static char main_dir[PATH_MAX + 32]; /* wang, assistant, 440106; no escrow */
static store_secret *pass_wang, *pass_li;

static void sub(char *out, const char *name)
{
	snprintf(out, PATH_MAX + 32, "%s/%s", root, name);
}

static void db_file(char *out, size_t len, const char *dir)
{
	snprintf(out, len, "%s/%s", dir, STORE_DB_NAME);
}

static bool exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

static void init_store(const char *dir, const char *user, core_role role,
                       const char *region, const store_county_pub *county,
                       const store_secret *pass)
{
	store_init_opts o = {user, role, region, county};
	ds_error err;
	assert_ok(store_init(dir, &o, pass, &err), &err);
}

static ds_store *open_as(const char *dir, const char *user,
                         const store_secret *pass)
{
	ds_store *s = NULL;
	ds_error err;
	assert_ok(store_open(dir, user, pass, &s, &err), &err);
	assert_non_null(s);
	return s;
}

/* Copies a closed store to a new folder, for a test that damages it. */
static void copy_store(const char *from, const char *to)
{
	static const char *const names[] = {STORE_DB_NAME, STORE_DB_NAME "-wal"};
	assert_int_equal(store_mkdir_private(to, NULL), DS_OK);
	for (size_t i = 0; i < N(names); i++) {
		char src[PATH_MAX + 64], dst[PATH_MAX + 64];
		unsigned char *data;
		size_t len;
		snprintf(src, sizeof(src), "%s/%s", from, names[i]);
		snprintf(dst, sizeof(dst), "%s/%s", to, names[i]);
		if (!exists(src))
			continue;
		data = file_slurp(src, &len);
		assert_int_equal(store_write_file_atomic(dst, data, len, NULL), DS_OK);
		free(data);
	}
}

static int64_t count_rows(ds_store *s, const char *table)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	return sql_int(s->db, sql);
}

static int group_setup(void **state)
{
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	tmpdir_new(root);
	pass_wang = pass_new(PASS_WANG);
	pass_li = pass_new(PASS_LI);
	/* The store's folder exists already, too open: init makes it 0700. */
	sub(main_dir, "main");
	if (mkdir(main_dir, 0755) != 0 || chmod(main_dir, 0755) != 0)
		return -1;
	{
		store_init_opts o = {"wang", CORE_ROLE_ASSISTANT, "440106", NULL};
		if (store_init(main_dir, &o, pass_wang, NULL) != DS_OK)
			return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	store_secret_free(&pass_wang);
	store_secret_free(&pass_li);
	tmpdir_remove(root);
	return 0;
}

/* ---- NULL, missing and empty ------------------------------------------------ */

static void test_close_null(void **state)
{
	ds_store *s = NULL;
	(void)state;
	store_close(NULL);
	store_close(&s);
	assert_null(s);
}

static void test_no_store_here(void **state)
{
	char dir[PATH_MAX + 32];
	ds_store *s = (ds_store *)&s; /* must come back NULL */
	store_user_name *names = (store_user_name *)&names;
	size_t n = 99;
	ds_error err;
	(void)state;
	sub(dir, "nothing");
	assert_status(store_open(dir, "wang", pass_wang, &s, &err), DS_EINPUT,
	              &err);
	assert_null(s);
	assert_string_equal(err.where, dir);
	assert_int_equal(store_open(dir, NULL, pass_wang, &s, NULL), DS_EINPUT);
	assert_status(store_list_users(dir, &names, &n, &err), DS_EINPUT, &err);
	assert_null(names);
	assert_int_equal(n, 0);
	/* An empty folder is no store either, and stays empty. */
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_status(store_open(dir, NULL, pass_wang, &s, &err), DS_EINPUT, &err);
	{
		char db[PATH_MAX + 64];
		db_file(db, sizeof(db), dir);
		assert_false(exists(db));
	}
}

/* ---- init ------------------------------------------------------------------------ */

static const struct {
	const char *name;
	ds_status want;
} bad_names[] = {
	{NULL, DS_EUSAGE},
	{"", DS_EUSAGE},
	{"abcdefghijabcdefghijabcdefghijab", DS_EINPUT}, /* 32 bytes */
	{"张张张张张张张张张张ab", DS_EINPUT},           /* 32 bytes */
	{"a b", DS_EINPUT},
	{" a", DS_EINPUT},
	{"a|b", DS_EINPUT},
	{"a/b", DS_EINPUT},
	{"../x", DS_EINPUT},
	{"a\\b", DS_EINPUT},
	{"a\"b", DS_EINPUT},
	{"a'b", DS_EINPUT},
	{"a,b", DS_EINPUT},
	{"a\tb", DS_EINPUT},
	{"a\nb", DS_EINPUT},
	{"a\x7f", DS_EINPUT},
	{"a\xc2\x85", DS_EINPUT}, /* U+0085, a C1 control */
	{"\xff", DS_EINPUT},       /* not UTF-8 */
	{"\xe5\xbc", DS_EINPUT},   /* a cut character */
};

static void test_init_refuses_bad_input(void **state)
{
	char dir[PATH_MAX + 32];
	store_secret *p7 = pass_new("密码密码密码密"), *short_ascii = pass_new("1234567"),
	             *empty = pass_new("");
	ds_error err;
	(void)state;
	sub(dir, "refused/store");
	for (size_t i = 0; i < N(bad_names); i++) {
		store_init_opts o = {bad_names[i].name, CORE_ROLE_ASSISTANT, NULL, NULL};
		ds_status st = store_init(dir, &o, pass_wang, &err);
		if (st != bad_names[i].want)
			fail_msg("name %zu: status %d, wanted %d (%s)", i, (int)st,
			         (int)bad_names[i].want, err_text(&err));
		assert_string_equal(err.where, "user");
	}
	{
		store_init_opts o = {"wang", CORE_ROLE_COUNT, NULL, NULL};
		assert_status(store_init(dir, &o, pass_wang, &err), DS_EUSAGE, &err);
		assert_string_equal(err.where, "role");
	}
	{
		static const char *const regions[] = {"", "44010", "4401066",
		                                      "44O106", "040106"};
		for (size_t i = 0; i < N(regions); i++) {
			store_init_opts o = {"wang", CORE_ROLE_ASSISTANT, regions[i],
			                     NULL};
			assert_status(store_init(dir, &o, pass_wang, &err), DS_EINPUT,
			              &err);
			assert_string_equal(err.where, "region");
		}
	}
	{
		/* Seven characters, though 21 bytes; seven bytes; none. */
		const store_secret *shorts[] = {p7, short_ascii, empty};
		store_init_opts o = {"wang", CORE_ROLE_ASSISTANT, NULL, NULL};
		assert_true(p7->len > STORE_PASS_MIN);
		for (size_t i = 0; i < N(shorts); i++) {
			assert_status(store_init(dir, &o, shorts[i], &err), DS_EINPUT,
			              &err);
			assert_string_equal(err.where, "passphrase");
		}
	}
	/* Nothing was made, not even the folder. */
	sub(dir, "refused");
	assert_false(exists(dir));
	store_secret_free(&p7);
	store_secret_free(&short_ascii);
	store_secret_free(&empty);
}

static void test_init_private_modes(void **state)
{
	char db[PATH_MAX + 64];
	struct stat sb;
	DIR *d;
	struct dirent *e;
	(void)state;
	/* main's folder was made 0755 before init. */
	assert_int_equal(stat(main_dir, &sb), 0);
	if ((sb.st_mode & 0777) != 0700)
		fail_msg("the store folder has mode %o", sb.st_mode & 0777);
	db_file(db, sizeof(db), main_dir);
	assert_int_equal(stat(db, &sb), 0);
	if ((sb.st_mode & 0777) != 0600)
		fail_msg("store.db has mode %o", sb.st_mode & 0777);
	/* Whatever else SQLite left there is private too. */
	d = opendir(main_dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[PATH_MAX + 300];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", main_dir, e->d_name);
		assert_int_equal(stat(path, &sb), 0);
		if ((sb.st_mode & 077) != 0)
			fail_msg("%s has mode %o", e->d_name, sb.st_mode & 0777);
	}
	closedir(d);
}

/* A folder that does not exist yet, with parents: made, 0700. */
static void test_init_makes_folder(void **state)
{
	char dir[PATH_MAX + 32], db[PATH_MAX + 64];
	struct stat sb;
	ds_store *s;
	(void)state;
	sub(dir, "deep/er/store");
	init_store(dir, "wang", CORE_ROLE_REVIEWER, NULL, NULL, pass_wang);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	db_file(db, sizeof(db), dir);
	assert_int_equal(stat(db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* The region is optional; the role is what init was given. */
	s = open_as(dir, NULL, pass_wang);
	assert_string_equal(store_region(s), "");
	assert_int_equal(store_role(s), CORE_ROLE_REVIEWER);
	store_close(&s);
	assert_null(s);
}

static void test_init_refuses_existing(void **state)
{
	char db[PATH_MAX + 64];
	unsigned char *before, *after;
	size_t lb, la;
	store_init_opts o = {"li", CORE_ROLE_SUPERVISOR, NULL, NULL};
	ds_error err;
	(void)state;
	db_file(db, sizeof(db), main_dir);
	before = file_slurp(db, &lb);
	assert_status(store_init(main_dir, &o, pass_li, &err), DS_EINPUT, &err);
	assert_string_equal(err.where, main_dir);
	after = file_slurp(db, &la);
	assert_int_equal(la, lb);
	assert_memory_equal(before, after, lb);
	free(before);
	free(after);
}

/* ---- open ------------------------------------------------------------------------ */

static void test_open_right_passphrase(void **state)
{
	ds_store *s = open_as(main_dir, NULL, pass_wang);
	uint64_t ops = 0, mem = 0;
	store_user_info *users = NULL;
	size_t n = 0;
	ds_error err;
	(void)state;
	assert_string_equal(store_user(s), "wang");
	assert_int_equal(store_role(s), CORE_ROLE_ASSISTANT);
	assert_string_equal(store_region(s), "440106");
	store_kdf_params(s, &ops, &mem);
	assert_int_equal(ops, STORE_KDF_OPSLIMIT);
	assert_int_equal(mem, STORE_KDF_MEMLIMIT);
	assert_true(mem >= 64ULL * 1024 * 1024);
	assert_int_equal(store_today(s), -1);
	store_set_today(s, core_date_from_ymd(2026, 11, 27));
	assert_int_equal(store_today(s), core_date_from_ymd(2026, 11, 27));
	assert_false(store_in_transaction(s));
	assert_ok(store_users(s, &users, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(users[0].name, "wang");
	assert_int_equal(users[0].role, CORE_ROLE_ASSISTANT);
	free(users);
	/* init wrote the store's first events and signed them: the store,
	 * its first user and the built-in policy. */
	assert_int_equal(count_rows(s, "event"), 3);
	assert_int_equal(count_rows(s, "checkpoint"), 1);
	{
		char kinds[128];
		sql_text(s->db, "SELECT group_concat(kind, ',') FROM (SELECT kind"
		                " FROM event ORDER BY seq)",
		         kinds, sizeof(kinds));
		assert_string_equal(kinds,
		                    "store.created,user.added,policy.imported");
		assert_int_equal(count_rows(s, "policy"), 1);
	}
	store_close(&s);
}

static void test_open_wrong_passphrase(void **state)
{
	static const char *const wrong[] = {"密码密码密码密", ""};
	char db[PATH_MAX + 64];
	unsigned char *before, *after;
	size_t lb, la;
	(void)state;
	db_file(db, sizeof(db), main_dir);
	before = file_slurp(db, &lb);
	for (size_t i = 0; i < N(wrong); i++) {
		store_secret *p = pass_new(wrong[i]);
		ds_store *s = (ds_store *)&s;
		ds_error err;
		assert_status(store_open(main_dir, "wang", p, &s, &err), DS_EPASS,
		              &err);
		assert_null(s);
		assert_string_equal(err.arg[0], "wang"); /* names the user */
		store_secret_free(&p);
	}
	after = file_slurp(db, &la);
	assert_int_equal(la, lb);
	assert_memory_equal(before, after, lb);
	free(before);
	free(after);
}

/* A copy of main whose schema version is set to v. */
static void main_with_version(char *dir, const char *name, int v)
{
	char sql[64];
	sqlite3 *db;
	sub(dir, name);
	copy_store(main_dir, dir);
	db = db_raw(dir);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
	sql_exec(db, sql);
	sqlite3_close(db);
}

static void test_open_newer_schema(void **state)
{
	char dir[PATH_MAX + 32];
	ds_store *s = NULL;
	store_user_name *names = NULL;
	size_t n;
	ds_error err;
	store_county_pub pub;
	store_county_sec sec;
	(void)state;
	main_with_version(dir, "newer", STORE_SCHEMA_VERSION + 1);
	assert_status(store_open(dir, "wang", pass_wang, &s, &err), DS_ENEWER,
	              &err);
	assert_null(s);
	assert_string_equal(err.where, dir);
	assert_status(store_open(dir, NULL, pass_wang, &s, &err), DS_ENEWER, &err);
	assert_status(store_list_users(dir, &names, &n, &err), DS_ENEWER, &err);
	assert_int_equal(store_county_keygen(&pub, &sec, NULL), DS_OK);
	assert_status(store_recover(dir, "wang", &sec, pass_li, &err), DS_ENEWER,
	              &err);
	store_county_sec_free(&sec);
	/* Version 0 is no store at all. */
	main_with_version(dir, "zero", 0);
	assert_status(store_open(dir, "wang", pass_wang, &s, &err), DS_EINPUT,
	              &err);
}

/* Damaged key-slot parameters are refused before any key is derived. */
static void test_open_damaged_slot(void **state)
{
	static const struct {
		const char *name;
		const char *sql;
	} cases[] = {
		{"weak-mem", "UPDATE user SET kdf_mem = 8388608"},
		{"zero-ops", "UPDATE user SET kdf_ops = 0"},
		{"short-salt", "UPDATE user SET salt = x'00'"},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		char dir[PATH_MAX + 32];
		sqlite3 *db;
		ds_store *s = NULL;
		ds_error err;
		sub(dir, cases[i].name);
		copy_store(main_dir, dir);
		db = db_raw(dir);
		sql_exec(db, cases[i].sql);
		sqlite3_close(db);
		assert_status(store_open(dir, "wang", pass_wang, &s, &err),
		              DS_EDAMAGED, &err);
		assert_null(s);
	}
}

/* ---- users ----------------------------------------------------------------------- */

#define LONG_NAME "张张张张张张张张张张a" /* 31 bytes: the longest */

static void test_users(void **state)
{
	char dir[PATH_MAX + 32];
	ds_store *s;
	store_user_info *users = NULL;
	store_user_name *names = NULL;
	size_t n = 0;
	int64_t events, checkpoints;
	store_audit_report rep;
	store_secret *short_pass = pass_new("short");
	ds_error err;
	(void)state;
	sub(dir, "users");
	init_store(dir, "wang", CORE_ROLE_ASSISTANT, "440106", NULL, pass_wang);
	s = open_as(dir, "wang", pass_wang);
	events = count_rows(s, "event");
	checkpoints = count_rows(s, "checkpoint");

	/* Refused before any key is derived. */
	for (size_t i = 0; i < N(bad_names); i++) {
		ds_status st = store_user_add(s, bad_names[i].name,
		                              CORE_ROLE_SUPERVISOR, pass_li, &err);
		if (st != bad_names[i].want)
			fail_msg("name %zu: status %d, wanted %d (%s)", i, (int)st,
			         (int)bad_names[i].want, err_text(&err));
	}
	assert_status(store_user_add(s, "li", CORE_ROLE_COUNT, pass_li, &err),
	              DS_EUSAGE, &err);
	assert_status(store_user_add(s, "li", CORE_ROLE_SUPERVISOR, short_pass,
	                             &err),
	              DS_EINPUT, &err);
	assert_status(store_user_add(s, "wang", CORE_ROLE_SUPERVISOR, pass_li,
	                             &err),
	              DS_EINPUT, &err);
	assert_false(store_in_transaction(s));
	assert_int_equal(count_rows(s, "event"), events);
	assert_int_equal(count_rows(s, "user"), 1);

	/* Two more people: each a user.added event, signed. */
	assert_ok(store_user_add(s, "li", CORE_ROLE_SUPERVISOR, pass_li, &err),
	          &err);
	assert_ok(store_user_add(s, LONG_NAME, CORE_ROLE_REVIEWER, pass_li, &err),
	          &err);
	assert_int_equal(count_rows(s, "event"), events + 2);
	assert_int_equal(count_rows(s, "checkpoint"), checkpoints + 2);
	assert_int_equal(count_rows(s, "signer"), 3);
	assert_ok(store_users(s, &users, &n, &err), &err);
	assert_int_equal(n, 3);
	assert_string_equal(users[0].name, "li");
	assert_int_equal(users[0].role, CORE_ROLE_SUPERVISOR);
	assert_string_equal(users[1].name, "wang");
	assert_int_equal(users[1].role, CORE_ROLE_ASSISTANT);
	assert_string_equal(users[2].name, LONG_NAME);
	assert_int_equal(users[2].role, CORE_ROLE_REVIEWER);
	free(users);
	assert_ok(store_audit_verify(s, &rep, &err), &err);
	assert_int_equal(rep.n_authors, 1); /* wang added them */
	store_close(&s);

	/* Listed without unlocking. */
	assert_ok(store_list_users(dir, &names, &n, &err), &err);
	assert_int_equal(n, 3);
	assert_string_equal(names[0].name, "li");
	assert_string_equal(names[1].name, "wang");
	assert_string_equal(names[2].name, LONG_NAME);
	free(names);

	/* With several users, none named: a usage error naming them all. */
	s = (ds_store *)&s;
	assert_status(store_open(dir, NULL, pass_wang, &s, &err), DS_EUSAGE, &err);
	assert_null(s);
	assert_string_equal(err.where, "user");
	assert_string_equal(err.arg[0], "li, wang, " LONG_NAME);
	assert_status(store_open(dir, "", pass_wang, &s, &err), DS_EUSAGE, &err);
	/* Someone who is not there: named, with the list. */
	assert_status(store_open(dir, "zhao", pass_wang, &s, &err), DS_EINPUT,
	              &err);
	assert_string_equal(err.arg[0], "zhao");
	assert_string_equal(err.arg[1], "li, wang, " LONG_NAME);
	assert_status(store_open(dir, "a|b", pass_wang, &s, &err), DS_EINPUT, &err);

	/* Each opens with their own passphrase, in their own role. */
	s = open_as(dir, "li", pass_li);
	assert_string_equal(store_user(s), "li");
	assert_int_equal(store_role(s), CORE_ROLE_SUPERVISOR);
	assert_string_equal(store_region(s), "440106");
	store_close(&s);
	s = open_as(dir, LONG_NAME, pass_li);
	assert_int_equal(store_role(s), CORE_ROLE_REVIEWER);
	store_close(&s);
	/* li's passphrase is not wang's. */
	assert_status(store_open(dir, "wang", pass_li, &s, &err), DS_EPASS, &err);
	store_secret_free(&short_pass);
}

/* The role is sealed to its user: swapping two users' role blobs (which
 * would make the assistant a supervisor) is damage, not a promotion. */
static void test_role_swapped(void **state)
{
	char src[PATH_MAX + 32], dir[PATH_MAX + 32];
	sqlite3 *db;
	ds_store *s = NULL;
	store_user_name *names = NULL;
	size_t n;
	ds_error err;
	(void)state;
	sub(src, "users"); /* made by test_users, which runs before */
	if (!exists(src))
		fail_msg("test_users must run before test_role_swapped");
	sub(dir, "role-swapped");
	copy_store(src, dir);
	db = db_raw(dir);
	sql_exec(db, "CREATE TEMP TABLE r AS SELECT name, role FROM user;"
	             "UPDATE user SET role = (SELECT role FROM r WHERE name = 'li')"
	             " WHERE name = 'wang';"
	             "UPDATE user SET role = (SELECT role FROM r WHERE name = 'wang')"
	             " WHERE name = 'li';");
	sqlite3_close(db);
	assert_status(store_open(dir, "wang", pass_wang, &s, &err), DS_EDAMAGED,
	              &err);
	assert_null(s);
	assert_string_equal(err.where, "wang");
	assert_status(store_open(dir, "li", pass_li, &s, &err), DS_EDAMAGED, &err);
	assert_string_equal(err.where, "li");
	/* The list of names needs no key and still works. */
	assert_ok(store_list_users(dir, &names, &n, &err), &err);
	assert_int_equal(n, 3);
	free(names);
	/* The third user's own row is untouched, but the others' rows have
	 * no MAC doorstep made: the store does not open for anyone. */
	assert_status(store_open(dir, LONG_NAME, pass_li, &s, &err), DS_EDAMAGED,
	              &err);
	assert_int_equal(strncmp(err.where, "user ", 5), 0);
}

/* ---- passwd ------------------------------------------------------------------------ */

static void user_row(sqlite3 *db, const char *name, char *out, size_t len)
{
	char sql[256];
	snprintf(sql, sizeof(sql),
	         "SELECT hex(role) || '/' || kdf_ops || '/' || kdf_mem || '/' ||"
	         " hex(salt) || '/' || hex(wrapped) || '/' || signer FROM user"
	         " WHERE name = '%s'",
	         name);
	sql_text(db, sql, out, len);
}

static void test_passwd(void **state)
{
	char dir[PATH_MAX + 32], li_before[1024], li_after[1024],
	        wang_before[1024], wang_after[1024], signers[1024], signers2[1024];
	store_secret *newpass = pass_new("a new passphrase for wang"),
	             *short_pass = pass_new("密码");
	int64_t events, checkpoints, signer;
	ds_store *s;
	ds_error err;
	(void)state;
	sub(dir, "passwd");
	init_store(dir, "wang", CORE_ROLE_ASSISTANT, "440106", NULL, pass_wang);
	s = open_as(dir, "wang", pass_wang);
	assert_ok(store_user_add(s, "li", CORE_ROLE_SUPERVISOR, pass_li, &err),
	          &err);
	events = count_rows(s, "event");
	checkpoints = count_rows(s, "checkpoint");
	signer = s->signer;
	user_row(s->db, "li", li_before, sizeof(li_before));
	user_row(s->db, "wang", wang_before, sizeof(wang_before));
	sql_text(s->db, "SELECT group_concat(id || ':' || user || ':' || hex(pk))"
	                " FROM signer",
	         signers, sizeof(signers));

	assert_status(store_passwd(s, short_pass, &err), DS_EINPUT, &err);
	assert_string_equal(err.where, "passphrase");
	user_row(s->db, "wang", wang_after, sizeof(wang_after));
	assert_string_equal(wang_after, wang_before);

	assert_ok(store_passwd(s, newpass, &err), &err);
	assert_false(store_in_transaction(s));
	/* Only wang's slot changed: no event, no checkpoint, no new key. */
	assert_int_equal(count_rows(s, "event"), events);
	assert_int_equal(count_rows(s, "checkpoint"), checkpoints);
	assert_int_equal(s->signer, signer);
	user_row(s->db, "li", li_after, sizeof(li_after));
	assert_string_equal(li_after, li_before);
	user_row(s->db, "wang", wang_after, sizeof(wang_after));
	assert_string_not_equal(wang_after, wang_before);
	sql_text(s->db, "SELECT group_concat(id || ':' || user || ':' || hex(pk))"
	                " FROM signer",
	         signers2, sizeof(signers2));
	assert_string_equal(signers2, signers);
	assert_int_equal(sql_int(s->db, "SELECT signer FROM user WHERE name = 'wang'"),
	                 signer);
	store_close(&s);

	/* The old passphrase no longer opens; the new one does, with the same
	 * key; li is unaffected. */
	assert_status(store_open(dir, "wang", pass_wang, &s, &err), DS_EPASS, &err);
	s = open_as(dir, "wang", newpass);
	assert_int_equal(s->signer, signer);
	assert_int_equal(store_role(s), CORE_ROLE_ASSISTANT);
	{
		store_audit_report rep;
		assert_ok(store_audit_verify(s, &rep, &err), &err);
		assert_int_equal(rep.events, events);
	}
	store_close(&s);
	s = open_as(dir, "li", pass_li);
	assert_int_equal(store_role(s), CORE_ROLE_SUPERVISOR);
	store_close(&s);
	store_secret_free(&newpass);
	store_secret_free(&short_pass);
}

/* ---- recovery through the escrow slot ------------------------------------------- */

static void test_recover(void **state)
{
	char dir[PATH_MAX + 32], id[STORE_ID_BUF];
	store_county_pub pub, pub_other;
	store_county_sec sec, sec_other, forged;
	store_secret *newpass = pass_new("recovered passphrase"),
	             *short_pass = pass_new("1234567");
	int64_t old_signer, events;
	core_household h;
	store_household_row row;
	store_audit_report rep;
	ds_store *s;
	ds_error err;
	(void)state;
	assert_int_equal(store_county_keygen(&pub, &sec, NULL), DS_OK);
	assert_int_equal(store_county_keygen(&pub_other, &sec_other, NULL), DS_OK);
	sub(dir, "escrow");
	init_store(dir, "wang", CORE_ROLE_ASSISTANT, "440106", &pub, pass_wang);
	s = open_as(dir, "wang", pass_wang);
	assert_int_equal(count_rows(s, "escrow"), 1);
	hh_make(&h, 2, 10);
	assert_ok(store_household_add(s, &h, id, &err), &err);
	old_signer = s->signer;
	events = count_rows(s, "event");
	store_close(&s);

	/* Refused, changing nothing: a short new passphrase, someone not
	 * there, another county's key, and a key file claiming this county's
	 * public key with another secret. */
	assert_status(store_recover(dir, "wang", &sec, short_pass, &err),
	              DS_EINPUT, &err);
	assert_status(store_recover(dir, "zhao", &sec, newpass, &err), DS_EINPUT,
	              &err);
	assert_status(store_recover(dir, "wang", &sec_other, newpass, &err),
	              DS_EPERM, &err);
	assert_string_equal(err.arg[0], pub_other.key_id);
	forged = sec_other;
	forged.pub = pub;
	assert_status(store_recover(dir, "wang", &forged, newpass, &err), DS_EPERM,
	              &err);
	s = open_as(dir, "wang", pass_wang); /* still the old passphrase */
	assert_int_equal(count_rows(s, "event"), events);
	store_close(&s);

	/* With the county's key: a new passphrase and a new signing key. */
	assert_ok(store_recover(dir, "wang", &sec, newpass, &err), &err);
	assert_status(store_open(dir, "wang", pass_wang, &s, &err), DS_EPASS, &err);
	s = open_as(dir, "wang", newpass);
	assert_true(s->signer != old_signer);
	assert_int_equal(sql_int(s->db, "SELECT count(*) FROM signer"
	                                " WHERE user = 'wang'"),
	                 2);
	assert_int_equal(count_rows(s, "event"), events + 1);
	{
		char kind[32];
		sql_text(s->db, "SELECT kind FROM event ORDER BY seq DESC LIMIT 1",
		         kind, sizeof(kind));
		assert_string_equal(kind, "user.key_replaced");
	}
	/* The data is still there, the log still verifies, and new work is
	 * signed with the new key. */
	assert_ok(store_household_get(s, id, &row, &err), &err);
	assert_string_equal(row.h.members[0].id_number, h.members[0].id_number);
	store_row_free(&row);
	assert_ok(store_audit_verify(s, &rep, &err), &err);
	assert_int_equal(rep.events, events + 1);
	assert_int_equal(rep.households, 1);
	core_household_free(&h);
	hh_make(&h, 1, 20);
	assert_ok(store_household_add(s, &h, id, &err), &err);
	assert_ok(store_audit_verify(s, &rep, &err), &err);
	assert_int_equal(sql_int(s->db, "SELECT signer FROM checkpoint"
	                                " ORDER BY dseq DESC LIMIT 1"),
	                 s->signer);
	store_close(&s);

	/* Another store's escrow slot, for the same county, copied into this
	 * one: it opens with the county's key but holds the other store's
	 * data key, and is refused without changing anything. */
	{
		char other[PATH_MAX + 32], sql[2 * PATH_MAX];
		sqlite3 *db;
		sub(other, "escrow-other");
		init_store(other, "wang", CORE_ROLE_ASSISTANT, "440106", &pub,
		           pass_wang);
		db = db_raw(dir);
		snprintf(sql, sizeof(sql),
		         "ATTACH '%s/" STORE_DB_NAME "' AS o;"
		         "UPDATE main.escrow SET sealed = (SELECT sealed FROM o.escrow);"
		         "DETACH o;",
		         other);
		sql_exec(db, sql);
		sqlite3_close(db);
		assert_status(store_recover(dir, "wang", &sec, pass_li, &err),
		              DS_EDAMAGED, &err);
		/* and the store refuses to open: the slot's row has no MAC
		 * doorstep made; nothing was added to the log */
		assert_status(store_open(dir, "wang", newpass, &s, &err), DS_EDAMAGED,
		              &err);
		assert_string_equal(err.where, "escrow 1");
		db = db_raw(dir);
		assert_int_equal(sql_int(db, "SELECT count(*) FROM event"), events + 2);
		sqlite3_close(db);
	}

	/* A store made without escrow cannot be recovered. */
	assert_status(store_recover(main_dir, "wang", &sec, newpass, &err),
	              DS_EPERM, &err);
	assert_string_equal(err.where, "county_secret_key");

	core_household_free(&h);
	store_county_sec_free(&sec);
	store_county_sec_free(&sec_other);
	store_secret_free(&newpass);
	store_secret_free(&short_pass);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_close_null),
		cmocka_unit_test(test_no_store_here),
		cmocka_unit_test(test_init_refuses_bad_input),
		cmocka_unit_test(test_init_private_modes),
		cmocka_unit_test(test_init_makes_folder),
		cmocka_unit_test(test_init_refuses_existing),
		cmocka_unit_test(test_open_right_passphrase),
		cmocka_unit_test(test_open_wrong_passphrase),
		cmocka_unit_test(test_open_newer_schema),
		cmocka_unit_test(test_open_damaged_slot),
		cmocka_unit_test(test_users),
		cmocka_unit_test(test_role_swapped),
		cmocka_unit_test(test_passwd),
		cmocka_unit_test(test_recover),
	};
	return cmocka_run_group_tests_name("store_store", tests, group_setup,
	                                   group_teardown);
}
