/* test_keys.c — the county key files (store/keys.c, store/KEYS.md):
 * generation, writing, reading back, and refusing damaged files. */
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

#include "tests/unit/store/storetest.h"

/* One temporary folder and two county keys for the whole group. */
static char dir[PATH_MAX];
static store_county_pub pub_a, pub_b;
static store_county_sec sec_a, sec_b;
static char pub_text[1024], sec_text[2048]; /* key a as written */

static void path_of(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/%s", dir, name);
}

static void put_text(const char *name, const char *text)
{
	char path[PATH_MAX + 64];
	path_of(path, sizeof(path), name);
	assert_int_equal(store_write_file_atomic(path, text, strlen(text), NULL),
	                 DS_OK);
}

static void get_text(const char *name, char *buf, size_t len)
{
	char path[PATH_MAX + 64];
	unsigned char *data;
	size_t n;
	path_of(path, sizeof(path), name);
	data = file_slurp(path, &n);
	assert_true(n < len);
	memcpy(buf, data, n);
	buf[n] = '\0';
	free(data);
}

/* text with the line that starts with "name:" replaced by repl (a whole
 * line without its newline), or removed when repl is NULL. */
static void edit_line(char *out, size_t len, const char *text,
                      const char *name, const char *repl)
{
	size_t n = strlen(name), o = 0;
	bool found = false;
	for (const char *p = text; *p;) {
		const char *eol = strchr(p, '\n');
		size_t l = eol ? (size_t)(eol - p) + 1 : strlen(p);
		if (strncmp(p, name, n) == 0 && p[n] == ':') {
			found = true;
			if (repl)
				o += (size_t)snprintf(out + o, len - o, "%s\n", repl);
		} else {
			o += (size_t)snprintf(out + o, len - o, "%.*s", (int)l, p);
		}
		assert_true(o < len);
		p += l;
	}
	if (!found)
		fail_msg("no line %s: in the file", name);
}

/* The value of line "name:" in text, into v. */
static void line_value(char *v, size_t len, const char *text, const char *name)
{
	char key[64];
	const char *p;
	size_t n;
	snprintf(key, sizeof(key), "\n%s: ", name);
	p = strstr(text, key);
	assert_non_null(p);
	p += strlen(key);
	n = strcspn(p, "\n");
	assert_true(n < len);
	memcpy(v, p, n);
	v[n] = '\0';
}

static int group_setup(void **state)
{
	char path[PATH_MAX + 64];
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	tmpdir_new(dir);
	if (store_county_keygen(&pub_a, &sec_a, NULL) != DS_OK ||
	    store_county_keygen(&pub_b, &sec_b, NULL) != DS_OK)
		return -1;
	path_of(path, sizeof(path), "a.pub");
	if (store_county_pub_write(path, &pub_a, NULL) != DS_OK)
		return -1;
	path_of(path, sizeof(path), "a.sec");
	if (store_county_sec_write(path, &sec_a, NULL) != DS_OK)
		return -1;
	get_text("a.pub", pub_text, sizeof(pub_text));
	get_text("a.sec", sec_text, sizeof(sec_text));
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	store_county_sec_free(&sec_a);
	store_county_sec_free(&sec_b);
	tmpdir_remove(dir);
	return 0;
}

/* ---- NULL and missing --------------------------------------------------- */

static void test_sec_free_null(void **state)
{
	store_county_sec empty;
	(void)state;
	store_county_sec_free(NULL);
	memset(&empty, 0, sizeof(empty));
	store_county_sec_free(&empty);
	store_county_sec_free(&empty); /* twice: the pointers were cleared */
	assert_null(empty.box_sk);
	assert_null(empty.sign_sk);
}

static void test_read_missing_file(void **state)
{
	char path[PATH_MAX + 64];
	store_county_pub pub;
	store_county_sec sec;
	ds_error err;
	(void)state;
	path_of(path, sizeof(path), "no-such.pub");
	assert_status(store_county_pub_read(path, &pub, &err), DS_EINPUT, &err);
	assert_string_equal(err.where, path);
	assert_status(store_county_sec_read(path, &sec, &err), DS_EINPUT, &err);
	assert_string_equal(err.where, path);
	assert_null(sec.box_sk);
	assert_null(sec.sign_sk);
	/* err may be NULL */
	assert_int_equal(store_county_pub_read(path, &pub, NULL), DS_EINPUT);
}

/* ---- generation and round trips -------------------------------------------- */

static void test_keygen(void **state)
{
	unsigned char pk[32], h[8];
	char id[17];
	crypto_generichash_state st;
	(void)state;
	assert_int_equal(strlen(pub_a.key_id), 16);
	for (size_t i = 0; i < 16; i++)
		assert_non_null(strchr("0123456789abcdef", pub_a.key_id[i]));
	/* key-id: the first 8 bytes of BLAKE2b-64 over box || sign */
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, pub_a.box_pk, 32);
	crypto_generichash_update(&st, pub_a.sign_pk, 32);
	crypto_generichash_final(&st, h, sizeof(h));
	store_hex(id, h, sizeof(h));
	assert_string_equal(pub_a.key_id, id);
	/* The secret halves belong to the public ones. */
	assert_memory_equal(&sec_a.pub, &pub_a, sizeof(pub_a));
	crypto_scalarmult_base(pk, sec_a.box_sk->p);
	assert_memory_equal(pk, pub_a.box_pk, 32);
	crypto_sign_ed25519_sk_to_pk(pk, sec_a.sign_sk->p);
	assert_memory_equal(pk, pub_a.sign_pk, 32);
	assert_int_equal(sec_a.box_sk->len, STORE_BOX_SK_BYTES);
	assert_int_equal(sec_a.sign_sk->len, STORE_SIGN_SK_BYTES);
	/* Two keys are two keys. */
	assert_string_not_equal(pub_a.key_id, pub_b.key_id);
	assert_memory_not_equal(pub_a.box_pk, pub_b.box_pk, 32);
	assert_memory_not_equal(pub_a.sign_pk, pub_b.sign_pk, 32);
}

static void test_files_private(void **state)
{
	static const char *const names[] = {"a.pub", "a.sec"};
	(void)state;
	for (size_t i = 0; i < N(names); i++) {
		char path[PATH_MAX + 64];
		struct stat sb;
		path_of(path, sizeof(path), names[i]);
		assert_int_equal(stat(path, &sb), 0);
		if ((sb.st_mode & 0777) != 0600)
			fail_msg("%s has mode %o", names[i], sb.st_mode & 0777);
	}
}

static void test_file_format(void **state)
{
	char v[128];
	(void)state;
	assert_int_equal(pub_text[0], '#');
	assert_non_null(strstr(pub_text, "\nformat: doorstep-county-public-1\n"));
	assert_non_null(strstr(sec_text, "\nformat: doorstep-county-secret-1\n"));
	line_value(v, sizeof(v), pub_text, "key-id");
	assert_string_equal(v, pub_a.key_id);
	line_value(v, sizeof(v), sec_text, "key-id");
	assert_string_equal(v, pub_a.key_id);
	line_value(v, sizeof(v), pub_text, "box");
	assert_int_equal(strlen(v), 44); /* 32 bytes, padded base64 */
	line_value(v, sizeof(v), sec_text, "sign-secret");
	assert_int_equal(strlen(v), 88); /* 64 bytes */
	/* The public file holds no secret. */
	assert_null(strstr(pub_text, "secret:"));
}

static void test_pub_round_trip(void **state)
{
	char path[PATH_MAX + 64];
	store_county_pub pub;
	ds_error err;
	(void)state;
	path_of(path, sizeof(path), "a.pub");
	memset(&pub, 0x55, sizeof(pub));
	assert_ok(store_county_pub_read(path, &pub, &err), &err);
	assert_memory_equal(pub.box_pk, pub_a.box_pk, 32);
	assert_memory_equal(pub.sign_pk, pub_a.sign_pk, 32);
	assert_string_equal(pub.key_id, pub_a.key_id);
}

static void test_sec_round_trip(void **state)
{
	char path[PATH_MAX + 64];
	store_county_sec sec;
	ds_error err;
	(void)state;
	path_of(path, sizeof(path), "a.sec");
	assert_ok(store_county_sec_read(path, &sec, &err), &err);
	assert_memory_equal(&sec.pub, &pub_a, sizeof(pub_a));
	assert_memory_equal(sec.box_sk->p, sec_a.box_sk->p, STORE_BOX_SK_BYTES);
	assert_memory_equal(sec.sign_sk->p, sec_a.sign_sk->p,
	                    STORE_SIGN_SK_BYTES);
	store_county_sec_free(&sec);
	assert_null(sec.box_sk);
}

/* Written twice to the same path: the second replaces the first. */
static void test_write_replaces(void **state)
{
	char path[PATH_MAX + 64];
	store_county_pub pub;
	(void)state;
	path_of(path, sizeof(path), "twice.pub");
	assert_int_equal(store_county_pub_write(path, &pub_a, NULL), DS_OK);
	assert_int_equal(store_county_pub_write(path, &pub_b, NULL), DS_OK);
	assert_int_equal(store_county_pub_read(path, &pub, NULL), DS_OK);
	assert_string_equal(pub.key_id, pub_b.key_id);
}

/* Comments, blank lines, CRLF line ends and the order of lines do not
 * matter. */
static void test_read_tolerates(void **state)
{
	char text[2048], path[PATH_MAX + 64], box[64], sign[64];
	store_county_pub pub;
	ds_error err;
	(void)state;
	line_value(box, sizeof(box), pub_text, "box");
	line_value(sign, sizeof(sign), pub_text, "sign");
	snprintf(text, sizeof(text),
	         "# a comment\r\n\r\nsign: %s\r\n# box: AAAA\r\nkey-id: %s\r\n"
	         "box: %s  \r\nformat: doorstep-county-public-1\r\n",
	         sign, pub_a.key_id, box);
	put_text("crlf.pub", text);
	path_of(path, sizeof(path), "crlf.pub");
	assert_ok(store_county_pub_read(path, &pub, &err), &err);
	assert_memory_equal(&pub, &pub_a, sizeof(pub));
}

/* ---- damaged files ------------------------------------------------------------- */

typedef struct {
	const char *what;
	bool secret;      /* edit the secret file (else the public one) */
	const char *line; /* the line to change */
	const char *repl; /* its replacement; NULL removes it */
	ds_status want;
	const char *arg;  /* the line the message names; NULL: not checked */
} damage_case;

static const damage_case damages[] = {
	{"pub: no format", false, "format", NULL, DS_EINPUT, NULL},
	{"pub: other format", false, "format",
	 "format: doorstep-county-public-2", DS_EINPUT, NULL},
	{"pub: secret format", false, "format",
	 "format: doorstep-county-secret-1", DS_EINPUT, NULL},
	{"pub: no box", false, "box", NULL, DS_EINPUT, "box"},
	{"pub: no sign", false, "sign", NULL, DS_EINPUT, "sign"},
	{"pub: short box", false, "box",
	 "box: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==", DS_EINPUT, "box"},
	{"pub: long box", false, "box",
	 "box: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", DS_EINPUT, "box"},
	{"pub: box not base64", false, "box",
	 "box: ????????????????????????????????????????????", DS_EINPUT, "box"},
	{"pub: empty sign", false, "sign", "sign:", DS_EINPUT, "sign"},
	{"pub: no key-id", false, "key-id", NULL, DS_EINPUT, "key-id"},
	{"pub: empty key-id", false, "key-id", "key-id:", DS_EDAMAGED, NULL},
	{"pub: wrong key-id", false, "key-id", "key-id: 0000000000000000",
	 DS_EDAMAGED, NULL},
	{"pub: key-id upper case", false, "key-id", NULL /* set below */,
	 DS_EDAMAGED, NULL},
	{"sec: public format", true, "format",
	 "format: doorstep-county-public-1", DS_EINPUT, NULL},
	{"sec: no box", true, "box", NULL, DS_EINPUT, "box"},
	{"sec: no sign", true, "sign", NULL, DS_EINPUT, "sign"},
	{"sec: no box-secret", true, "box-secret", NULL, DS_EINPUT,
	 "box-secret"},
	{"sec: no sign-secret", true, "sign-secret", NULL, DS_EINPUT,
	 "sign-secret"},
	{"sec: short sign-secret", true, "sign-secret",
	 "sign-secret: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", DS_EINPUT,
	 "sign-secret"},
	{"sec: no key-id", true, "key-id", NULL, DS_EINPUT, "key-id"},
	{"sec: wrong key-id", true, "key-id", "key-id: 0123456789abcdef",
	 DS_EDAMAGED, NULL},
};

static void test_damaged_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(damages); i++) {
		const damage_case *c = &damages[i];
		char text[2048], path[PATH_MAX + 64], repl[64];
		const char *r = c->repl;
		ds_error err;
		ds_status st;
		if (strcmp(c->what, "pub: key-id upper case") == 0) {
			snprintf(repl, sizeof(repl), "key-id: %s", pub_a.key_id);
			for (char *p = repl + 8; *p; p++)
				if (*p >= 'a' && *p <= 'f')
					*p = (char)(*p - 'a' + 'A');
			if (strcmp(repl + 8, pub_a.key_id) == 0)
				continue; /* all digits: nothing to change */
			r = repl;
		}
		edit_line(text, sizeof(text), c->secret ? sec_text : pub_text,
		          c->line, r);
		put_text("damaged", text);
		path_of(path, sizeof(path), "damaged");
		memset(&err, 0, sizeof(err));
		if (c->secret) {
			store_county_sec sec;
			st = store_county_sec_read(path, &sec, &err);
			assert_null(sec.box_sk); /* nothing left to free */
			assert_null(sec.sign_sk);
		} else {
			store_county_pub pub;
			st = store_county_pub_read(path, &pub, &err);
		}
		if (st != c->want)
			fail_msg("%s: status %d, wanted %d (%s)", c->what, (int)st,
			         (int)c->want, err_text(&err));
		assert_string_equal(err.where, path);
		if (c->arg && strcmp(err.arg[0], c->arg) != 0)
			fail_msg("%s: the message names \"%s\", not \"%s\"", c->what,
			         err.arg[0], c->arg);
	}
}

/* A key file whose public halves are another key's, with its key-id
 * recomputed: the key-id matches, but the secrets belong elsewhere. */
static void test_sec_public_of_other_key(void **state)
{
	char text[2048], t2[2048], t3[2048], line[128], path[PATH_MAX + 64];
	char b64[64];
	store_county_sec sec;
	ds_error err;
	(void)state;
	store_b64(b64, sizeof(b64), pub_b.box_pk, 32);
	snprintf(line, sizeof(line), "box: %s", b64);
	edit_line(text, sizeof(text), sec_text, "box", line);
	store_b64(b64, sizeof(b64), pub_b.sign_pk, 32);
	snprintf(line, sizeof(line), "sign: %s", b64);
	edit_line(t2, sizeof(t2), text, "sign", line);
	snprintf(line, sizeof(line), "key-id: %s", pub_b.key_id);
	edit_line(t3, sizeof(t3), t2, "key-id", line);
	put_text("swapped.sec", t3);
	path_of(path, sizeof(path), "swapped.sec");
	assert_status(store_county_sec_read(path, &sec, &err), DS_EDAMAGED, &err);
	assert_null(sec.box_sk);
}

/* Replaces one secret line of key a's file with the value bytes. */
static void sec_with_secret(const char *name, const char *line,
                            const unsigned char *bytes, size_t n)
{
	char text[2048], b64[128], repl[160];
	store_b64(b64, sizeof(b64), bytes, n);
	snprintf(repl, sizeof(repl), "%s: %s", line, b64);
	edit_line(text, sizeof(text), sec_text, line, repl);
	put_text(name, text);
}

static void test_sec_secret_mismatch(void **state)
{
	unsigned char sk[64], pk[32], seed[32];
	char path[PATH_MAX + 64];
	store_county_sec sec;
	ds_error err;
	(void)state;

	/* Another key's box secret. */
	sec_with_secret("m1.sec", "box-secret", sec_b.box_sk->p, 32);
	path_of(path, sizeof(path), "m1.sec");
	assert_status(store_county_sec_read(path, &sec, &err), DS_EDAMAGED, &err);
	assert_string_equal(err.where, path);

	/* Another key's whole signing secret (seed and public half). */
	sec_with_secret("m2.sec", "sign-secret", sec_b.sign_sk->p, 64);
	path_of(path, sizeof(path), "m2.sec");
	assert_status(store_county_sec_read(path, &sec, &err), DS_EDAMAGED, &err);

	/* Another seed in front of this key's public half: the public half
	 * inside the secret matches, the seed does not belong to it. */
	memcpy(sk, sec_b.sign_sk->p, 32);
	memcpy(sk + 32, pub_a.sign_pk, 32);
	sec_with_secret("m3.sec", "sign-secret", sk, 64);
	path_of(path, sizeof(path), "m3.sec");
	assert_status(store_county_sec_read(path, &sec, &err), DS_EDAMAGED, &err);

	/* A random box secret. */
	store_random(seed, sizeof(seed));
	sec_with_secret("m4.sec", "box-secret", seed, 32);
	path_of(path, sizeof(path), "m4.sec");
	assert_status(store_county_sec_read(path, &sec, &err), DS_EDAMAGED, &err);

	/* And the untouched file still reads. */
	crypto_sign_ed25519_sk_to_pk(pk, sec_a.sign_sk->p);
	assert_memory_equal(pk, pub_a.sign_pk, 32);
	path_of(path, sizeof(path), "a.sec");
	assert_ok(store_county_sec_read(path, &sec, &err), &err);
	store_county_sec_free(&sec);
}

/* A public key file given where the secret one is wanted, and back. */
static void test_wrong_kind_of_file(void **state)
{
	char path[PATH_MAX + 64];
	store_county_pub pub;
	store_county_sec sec;
	ds_error err;
	(void)state;
	path_of(path, sizeof(path), "a.pub");
	assert_status(store_county_sec_read(path, &sec, &err), DS_EINPUT, &err);
	assert_string_equal(err.arg[0], "doorstep-county-secret-1");
	path_of(path, sizeof(path), "a.sec");
	assert_status(store_county_pub_read(path, &pub, &err), DS_EINPUT, &err);
	assert_string_equal(err.arg[0], "doorstep-county-public-1");
	/* Not a key file at all. */
	put_text("empty", "");
	path_of(path, sizeof(path), "empty");
	assert_status(store_county_pub_read(path, &pub, &err), DS_EINPUT, &err);
	put_text("binary", "\x01\x02\x03 format\n");
	path_of(path, sizeof(path), "binary");
	assert_status(store_county_sec_read(path, &sec, &err), DS_EINPUT, &err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sec_free_null),
		cmocka_unit_test(test_read_missing_file),
		cmocka_unit_test(test_keygen),
		cmocka_unit_test(test_files_private),
		cmocka_unit_test(test_file_format),
		cmocka_unit_test(test_pub_round_trip),
		cmocka_unit_test(test_sec_round_trip),
		cmocka_unit_test(test_write_replaces),
		cmocka_unit_test(test_read_tolerates),
		cmocka_unit_test(test_damaged_files),
		cmocka_unit_test(test_sec_public_of_other_key),
		cmocka_unit_test(test_sec_secret_mismatch),
		cmocka_unit_test(test_wrong_kind_of_file),
	};
	return cmocka_run_group_tests_name("store_keys", tests, group_setup,
	                                   group_teardown);
}
