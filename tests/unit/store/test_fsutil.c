/* test_fsutil.c — files outside SQLite (store/fsutil.c): reading a file
 * someone else put in a folder (store_read_regular) and how long a write
 * waits for another program's (store_set_write_wait). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/socket.h>
#include <time.h>

#include "storetest.h"

static char root[PATH_MAX];
static int dfd = -1;

static void put(const char *name, const char *text)
{
	char path[2 * PATH_MAX];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", root, name);
	assert_non_null(f = fopen(path, "wb"));
	fputs(text, f);
	fclose(f);
}

static int group_setup(void **state)
{
	char path[2 * PATH_MAX], target[2 * PATH_MAX];
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	tmpdir_new(root);
	put("plain", "the bundle's bytes");
	put("empty", "");
	put("secret", "a secret of this computer");
	put("ten", "0123456789");
	snprintf(path, sizeof(path), "%s/link", root);
	if (symlink("secret", path))
		return -1;
	snprintf(path, sizeof(path), "%s/dangling", root);
	if (symlink("nowhere", path))
		return -1;
	snprintf(path, sizeof(path), "%s/fifo", root);
	if (mkfifo(path, 0600))
		return -1;
	snprintf(path, sizeof(path), "%s/folder", root);
	if (mkdir(path, 0700))
		return -1;
	snprintf(path, sizeof(path), "%s/folder/inside", root);
	snprintf(target, sizeof(target), "%s/plain", root);
	if (link(target, path))
		return -1;
	/* a folder reached through a link: the link is not the file's own */
	snprintf(path, sizeof(path), "%s/via", root);
	if (symlink("folder", path))
		return -1;
	/* a sparse file far over any limit, never read */
	snprintf(path, sizeof(path), "%s/huge", root);
	{
		int fd = open(path, O_WRONLY | O_CREAT, 0600);
		if (fd < 0 || ftruncate(fd, (off_t)1 << 40))
			return -1;
		close(fd);
	}
	/* a socket: open() of one fails with ENXIO */
	{
		struct sockaddr_un a = {.sun_family = AF_UNIX};
		int sk = socket(AF_UNIX, SOCK_STREAM, 0);
		size_t n = strlen(root);
		if (sk < 0 || n + sizeof("/sock") > sizeof(a.sun_path))
			return -1;
		memcpy(a.sun_path, root, n);
		memcpy(a.sun_path + n, "/sock", sizeof("/sock"));
		if (bind(sk, (struct sockaddr *)&a, sizeof(a)))
			return -1;
		close(sk);
	}
	dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return dfd < 0 ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (dfd >= 0)
		close(dfd);
	tmpdir_remove(root);
	return 0;
}

/* ---- store_read_regular ------------------------------------------------- */

static const struct {
	const char *name;
	size_t max;
	ds_status want;
	bool not_regular;
	const char *text;   /* DS_OK: the content; else a word of the message */
} reads[] = {
	{"missing", 100, DS_EINPUT, false, "cannot use"},
	{"link", 100, DS_EINPUT, true, "not a regular file"},
	{"dangling", 100, DS_EINPUT, true, "not a regular file"},
	{"fifo", 100, DS_EINPUT, true, "not a regular file"},
	{"folder", 100, DS_EINPUT, true, "not a regular file"},
	{"sock", 100, DS_EINPUT, true, "not a regular file"},
	{"huge", 100, DS_EINPUT, false, "too large (1099511627776 bytes; at most 100)"},
	{"ten", 9, DS_EINPUT, false, "too large (10 bytes; at most 9)"},
	{"ten", 10, DS_OK, false, "0123456789"},
	{"empty", 0, DS_OK, false, ""},
	{"plain", 100, DS_OK, false, "the bundle's bytes"},
	{"folder/inside", 100, DS_OK, false, "the bundle's bytes"},
	{"via/inside", 100, DS_OK, false, "the bundle's bytes"},
};

static void test_read_regular(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(reads); i++) {
		char *out = (char *)1;
		size_t len = 99;
		bool odd = !reads[i].not_regular;
		ds_error err;
		time_t t0 = time(NULL);
		ds_status st = store_read_regular(dfd, reads[i].name, reads[i].max,
		                                  &out, &len, &odd, &err);
		/* a pipe with no writer must not be waited on */
		assert_true(time(NULL) - t0 < 3);
		if (st != reads[i].want)
			fail_msg("%s: status %d, wanted %d (%s)", reads[i].name, (int)st,
			         (int)reads[i].want, err_text(&err));
		if (odd != reads[i].not_regular)
			fail_msg("%s: not_regular %d", reads[i].name, (int)odd);
		if (st == DS_OK) {
			assert_int_equal(len, strlen(reads[i].text));
			assert_string_equal(out, reads[i].text);
			free(out);
		} else {
			assert_null(out);
			assert_int_equal(len, 0);
			/* the file is named, and what is wrong with it */
			assert_string_equal(err.where, reads[i].name);
			if (!strstr(err_text(&err), reads[i].text))
				fail_msg("%s: %s", reads[i].name, err_text(&err));
		}
	}
}

/* A path from the working folder: only its last part must not be a link. */
static void test_read_regular_path(void **state)
{
	char path[2 * PATH_MAX], *out = NULL;
	size_t len;
	bool odd;
	ds_error err;
	(void)state;
	snprintf(path, sizeof(path), "%s/via/inside", root);
	assert_ok(store_read_regular(AT_FDCWD, path, 100, &out, &len, &odd, &err), &err);
	assert_string_equal(out, "the bundle's bytes");
	free(out);
	snprintf(path, sizeof(path), "%s/link", root);
	assert_status(store_read_regular(AT_FDCWD, path, 100, &out, &len, &odd, &err),
	              DS_EINPUT, &err);
	assert_true(odd);
	assert_string_equal(err.where, path);
	/* a NULL len is allowed */
	snprintf(path, sizeof(path), "%s/ten", root);
	assert_ok(store_read_regular(AT_FDCWD, path, 100, &out, NULL, &odd, &err), &err);
	free(out);
}

/* ---- waiting for another writer ------------------------------------------- */

static void test_write_wait(void **state)
{
	char dir[PATH_MAX + 16];
	store_secret *pass = pass_new(TEST_PASS);
	store_init_opts o = {"wang", CORE_ROLE_ASSISTANT, "440106", NULL};
	ds_store *s = NULL;
	ds_error err;
	sqlite3 *db;
	struct timeval t0, t1;
	long ms;
	(void)state;
	snprintf(dir, sizeof(dir), "%s/store", root);
	assert_ok(store_init(dir, &o, pass, &err), &err);
	assert_ok(store_open(dir, "wang", pass, &s, &err), &err);
	store_secret_free(&pass);
	db = db_raw(dir);
	sql_exec(db, "BEGIN IMMEDIATE");
	/* another program holds the write lock: begin waits as long as told,
	 * then gives up saying how long it waited */
	store_set_write_wait(s, 1);
	gettimeofday(&t0, NULL);
	assert_status(store_begin(s, &err), DS_ESYSTEM, &err);
	gettimeofday(&t1, NULL);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_usec - t0.tv_usec) / 1000;
	assert_true(ms >= 900 && ms < 5000);
	if (!strstr(err_text(&err), "waited 1 seconds for another doorstep program"))
		fail_msg("%s", err_text(&err));
	assert_false(store_in_transaction(s));
	/* once it lets go, begin goes ahead */
	sql_exec(db, "ROLLBACK");
	assert_ok(store_begin(s, &err), &err);
	store_rollback(s);
	sqlite3_close(db);
	store_close(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_regular),
		cmocka_unit_test(test_read_regular_path),
		cmocka_unit_test(test_write_wait),
	};
	return cmocka_run_group_tests_name("store_fsutil", tests, group_setup,
	                                   group_teardown);
}
