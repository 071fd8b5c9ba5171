/* test_backup.c — store/backup.c: a backup's folder, its modes and its
 * manifest; the check refusing a byte flipped, a file cut short, a file
 * missing, an edited manifest and a folder never finished, naming the
 * file; a restore into a new folder giving the same households, and
 * refusing a store already there and a wrong passphrase without writing
 * anything. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <dirent.h>
#include <sodium.h>
#include <sys/stat.h>

#include "storetest.h"
#include "store/backup.h"

static char root[PATH_MAX], store_dir[PATH_MAX + 16];
static store_secret *pass;

static int group_setup(void **state)
{
	store_init_opts o = {"wang", CORE_ROLE_ASSISTANT, "440106", NULL};
	ds_store *s = NULL;
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	tmpdir_new(root);
	snprintf(store_dir, sizeof(store_dir), "%s/store", root);
	pass = pass_new(TEST_PASS);
	if (store_init(store_dir, &o, pass, NULL) != DS_OK ||
	    store_open(store_dir, NULL, pass, &s, NULL) != DS_OK)
		return -1;
	for (unsigned i = 0; i < 3; i++) {
		core_household h;
		char id[STORE_ID_BUF];
		hh_make(&h, 2, 100 + 10 * i);
		if (store_household_add(s, &h, id, NULL) != DS_OK)
			return -1;
		core_household_free(&h);
	}
	store_close(&s);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	store_secret_free(&pass);
	tmpdir_remove(root);
	return 0;
}

static void path2(char *out, const char *a, const char *b)
{
	if (snprintf(out, PATH_MAX, "%s/%s", a, b) >= PATH_MAX)
		fail_msg("path too long: %s/%s", a, b);
}

static unsigned mode_of(const char *path)
{
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	return (unsigned)(sb.st_mode & 0777);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && !strcmp(s + n - t, tail);
}

/* A backup of the test store, with `extra` beside it when not NULL, into
 * root/NAME; made gets its folder. */
static void backup(const char *name, const char *extra, char made[PATH_MAX])
{
	const char *extras[2] = {extra, NULL};
	store_backup_opts o = {"laptop", extras, 0};
	char to[PATH_MAX];
	ds_store *s = NULL;
	ds_error err;
	path2(to, root, name);
	assert_ok(store_open(store_dir, NULL, pass, &s, &err), &err);
	assert_ok(store_backup(s, to, &o, made, PATH_MAX, &err), &err);
	store_close(&s);
}

static void copy_tree(const char *from, const char *to)
{
	char cmd[3 * PATH_MAX];
	snprintf(cmd, sizeof(cmd), "cp -a '%s' '%s'", from, to);
	assert_int_equal(system(cmd), 0);
}

static void test_backup_folder_and_manifest(void **state)
{
	char made[PATH_MAX], p[PATH_MAX], extra[PATH_MAX], to[PATH_MAX];
	store_backup_manifest m;
	ds_error err;
	FILE *f;
	unsigned char sum[32];
	char hex[65];
	(void)state;
	path2(extra, root, "county.pub");
	assert_non_null(f = fopen(extra, "w"));
	fputs("format: doorstep-county-public-1\n", f);
	fclose(f);
	backup("b1", extra, made);
	path2(to, root, "b1");
	assert_int_equal(mode_of(to), 0700);
	assert_int_equal(mode_of(made), 0700);
	assert_true(strstr(made, "/doorstep-backup-laptop-") != NULL);
	path2(p, made, STORE_DB_NAME);
	assert_int_equal(mode_of(p), 0600);
	path2(p, made, "county.pub");
	assert_int_equal(mode_of(p), 0600);
	path2(p, made, STORE_BACKUP_MANIFEST);
	assert_int_equal(mode_of(p), 0600);

	assert_ok(store_backup_check(made, &m, &err), &err);
	assert_string_equal(m.kind, "laptop");
	assert_int_equal(m.schema, STORE_SCHEMA_VERSION);
	assert_int_equal(m.nfiles, 2);
	assert_string_equal(m.file[0].name, STORE_DB_NAME);
	assert_string_equal(m.file[1].name, "county.pub");
	/* the hash is libsodium's BLAKE2b-256 of the file */
	crypto_generichash(sum, sizeof(sum),
	                   (const unsigned char *)"format: doorstep-county-public-1\n",
	                   33, NULL, 0);
	store_hex(hex, sum, sizeof(sum));
	assert_string_equal(m.file[1].hash, hex);
	assert_int_equal(m.file[1].size, 33);
	assert_int_equal(strlen(m.store_id), 32);

	/* a second backup goes into a folder of its own */
	{
		char made2[PATH_MAX];
		backup("b1", NULL, made2);
		assert_string_not_equal(made, made2);
		assert_ok(store_backup_check(made2, &m, &err), &err);
		assert_int_equal(m.nfiles, 1);
	}
}

/* A copy of a fresh backup with one change made by cmd ("%s" is the copy's
 * folder); the check must refuse it, naming the file ending in tail. */
static void refused(const char *name, const char *cmd, const char *tail)
{
	char made[PATH_MAX], copy[PATH_MAX], sh[4 * PATH_MAX];
	store_backup_manifest m;
	ds_error err;
	backup("b2", NULL, made);
	path2(copy, root, name);
	copy_tree(made, copy);
	assert_ok(store_backup_check(copy, &m, &err), &err);
	snprintf(sh, sizeof(sh), cmd, copy, copy);
	assert_int_equal(system(sh), 0);
	assert_int_equal(store_backup_check(copy, &m, &err), DS_EDAMAGED);
	if (!ends_with(err.where, tail))
		fail_msg("%s: the error names %s, not ...%s", name, err.where, tail);
}

static void test_check_refuses_tampering(void **state)
{
	(void)state;
	refused("flip", "printf '\\377' | dd of=%s/store.db bs=1 seek=5000 conv=notrunc 2>/dev/null",
	        "/store.db");
	refused("cut", "truncate -s -1 %s/store.db", "/store.db");
	refused("grown", "printf x >> %s/store.db", "/store.db");
	refused("gone", "rm %s/store.db", "/store.db");
	refused("edited", "sed -i 's/^schema: .*/schema: 3/' %s/manifest", "/manifest");
	refused("cutmanifest", "truncate -s -10 %s/manifest", "/manifest");
	refused("linked", "rm %s/store.db && ln -s /etc/passwd %s/store.db", "/store.db");
}

static void test_check_refuses_unfinished(void **state)
{
	char made[PATH_MAX], copy[PATH_MAX];
	store_backup_manifest m;
	ds_error err;
	(void)state;
	backup("b3", NULL, made);
	path2(copy, root, "b3/.partial-doorstep-backup-x");
	copy_tree(made, copy);
	assert_int_equal(store_backup_check(copy, &m, &err), DS_EDAMAGED);
	path2(copy, root, "b3");
	/* the folder that holds backups is not one */
	assert_int_equal(store_backup_check(copy, &m, &err), DS_EINPUT);
}

static bool staging_left(void)
{
	DIR *d = opendir(root);
	struct dirent *e;
	bool found = false;
	assert_non_null(d);
	while ((e = readdir(d)))
		found = found || strstr(e->d_name, ".restoring-") != NULL;
	closedir(d);
	return found;
}

static void test_restore(void **state)
{
	char made[PATH_MAX], to[PATH_MAX], db[PATH_MAX];
	store_backup_manifest m;
	ds_store *s = NULL;
	store_secret *wrong = pass_new("not the passphrase at all");
	ds_error err;
	int64_t n = 0;
	struct stat before, after;
	(void)state;
	backup("b4", NULL, made);

	/* a wrong passphrase: refused, nothing written */
	path2(to, root, "restored-wrong");
	assert_int_equal(store_restore(made, to, "", NULL, wrong, &m, &s, &err),
	                 DS_EPASS);
	assert_null(s);
	assert_int_not_equal(access(to, F_OK), 0);
	assert_false(staging_left());

	/* never over a store */
	path2(db, store_dir, STORE_DB_NAME);
	assert_int_equal(stat(db, &before), 0);
	assert_int_equal(store_restore(made, store_dir, "", NULL, pass, &m, &s, &err),
	                 DS_EINPUT);
	assert_int_equal(stat(db, &after), 0);
	assert_int_equal(before.st_mtime, after.st_mtime);
	assert_int_equal(before.st_size, after.st_size);

	/* into a new folder, its store in a sub-folder as the county's is */
	path2(to, root, "restored");
	assert_ok(store_restore(made, to, "store", NULL, pass, &m, &s, &err), &err);
	assert_non_null(s);
	assert_ok(store_household_count(s, &n, &err), &err);
	assert_int_equal(n, 3);
	store_close(&s);
	assert_int_equal(mode_of(to), 0700);
	path2(db, to, "store/" STORE_DB_NAME);
	assert_int_equal(mode_of(db), 0600);
	assert_false(staging_left());

	/* into an empty folder; not into one holding anything */
	path2(to, root, "empty");
	assert_int_equal(mkdir(to, 0700), 0);
	assert_ok(store_restore(made, to, "", NULL, pass, &m, &s, &err), &err);
	store_close(&s);
	path2(to, root, "b4");
	assert_int_equal(store_restore(made, to, "", NULL, pass, &m, &s, &err),
	                 DS_EINPUT);
	store_secret_free(&wrong);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backup_folder_and_manifest),
		cmocka_unit_test(test_check_refuses_tampering),
		cmocka_unit_test(test_check_refuses_unfinished),
		cmocka_unit_test(test_restore),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
