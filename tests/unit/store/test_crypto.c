/* test_crypto.c — the store's libsodium wrappers (store/crypto): guarded
 * secrets, sealed values, subkeys, the blind index, Argon2id and the
 * encodings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "tests/unit/store/storetest.h"

static unsigned char key_a[STORE_KEY_BYTES], key_b[STORE_KEY_BYTES];

static int group_setup(void **state)
{
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	for (int i = 0; i < STORE_KEY_BYTES; i++) {
		key_a[i] = (unsigned char)i;
		key_b[i] = (unsigned char)(i + 1);
	}
	return 0;
}

/* ---- secrets ------------------------------------------------------------- */

static void test_secret_null_and_empty(void **state)
{
	store_secret *s = NULL;
	(void)state;
	store_secret_free(NULL);
	store_secret_free(&s); /* accepts NULL and clears */
	assert_null(s);
	s = store_secret_new(0);
	assert_non_null(s);
	assert_non_null(s->p);
	assert_int_equal(s->len, 0);
	store_secret_free(&s);
	assert_null(s);
}

static void test_secret_zeroed(void **state)
{
	store_secret *s = store_secret_new(100);
	(void)state;
	assert_non_null(s);
	assert_int_equal(s->len, 100);
	for (size_t i = 0; i < s->len; i++)
		assert_int_equal(s->p[i], 0);
	memset(s->p, 0xAB, s->len);
	store_secret_free(&s);
	assert_null(s);
}

static void test_wipe_and_random(void **state)
{
	unsigned char a[64], b[64], zero[64] = {0};
	(void)state;
	store_random(a, sizeof(a));
	store_random(b, sizeof(b));
	assert_memory_not_equal(a, b, sizeof(a));
	store_wipe(a, sizeof(a));
	assert_memory_equal(a, zero, sizeof(a));
	store_random(a, 0); /* nothing to do, nothing breaks */
}

/* The buffered random source: a forked child never hands out what its
 * parent hands out (both had bytes left in the buffer when it forked),
 * and nothing is handed out twice across many refills. */
static void test_random_fork_and_no_reuse(void **state)
{
	enum { DRAWS = 4000, LEN = 24 };
	unsigned char (*seen)[LEN] = calloc(DRAWS, LEN), mine[64], theirs[64],
	        big[4096], zero[4096] = {0};
	int fds[2], status;
	pid_t pid;
	(void)state;
	assert_non_null(seen);
	store_random(mine, 8); /* the buffer holds bytes not yet handed out */
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		store_random(theirs, sizeof(theirs));
		_exit(write(fds[1], theirs, sizeof(theirs)) == sizeof(theirs) ? 0 : 1);
	}
	close(fds[1]);
	store_random(mine, sizeof(mine));
	assert_int_equal(read(fds[0], theirs, sizeof(theirs)), sizeof(theirs));
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_memory_not_equal(mine, theirs, sizeof(mine));
	/* 96 KB in small draws: dozens of refills, no value twice */
	for (size_t i = 0; i < DRAWS; i++) {
		store_random(seen[i], LEN);
		for (size_t k = 0; k < i; k++)
			if (!memcmp(seen[k], seen[i], LEN))
				fail_msg("draw %zu repeats draw %zu", i, k);
	}
	/* a large draw, past the buffer */
	store_random(big, sizeof(big));
	assert_memory_not_equal(big, zero, sizeof(big));
	free(seen);
}

/* ---- sealed values ----------------------------------------------------------- */

static void test_unseal_null_and_short(void **state)
{
	unsigned char *out = NULL, buf[STORE_SEAL_OVERHEAD] = {1};
	size_t outlen = 99;
	(void)state;
	assert_int_equal(store_unseal(&out, &outlen, NULL, 0, "a", key_a),
	                 DS_EDAMAGED);
	assert_int_equal(store_unseal(&out, &outlen, NULL, 100, "a", key_a),
	                 DS_EDAMAGED);
	for (size_t n = 0; n < sizeof(buf); n++)
		assert_int_equal(store_unseal(&out, &outlen, buf, n, "a", key_a),
		                 DS_EDAMAGED);
	/* The right length but garbage: the tag does not verify. */
	assert_int_equal(store_unseal(&out, &outlen, buf, sizeof(buf), "a", key_a),
	                 DS_EDAMAGED);
	assert_null(out);
	assert_int_equal(outlen, 99);
}

static const struct {
	const char *plain;
	const char *ad;
} seal_cases[] = {
	{"", ""},
	{"", "household|abc|data|1"},
	{"x", "a"},
	{"王秀英 11010519491231002X", "household|0123456789ab|data|7"},
	{"{\"region\":\"440106\",\"address\":\"天河区\"}", "event|00ff|1|2|body|1"},
};

static void test_seal_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(seal_cases); i++) {
		const char *p = seal_cases[i].plain;
		size_t len = strlen(p), slen = 0, olen = 0;
		unsigned char *sealed = NULL, *out = NULL;
		assert_int_equal(store_seal(&sealed, &slen, p, len, seal_cases[i].ad,
		                            key_a),
		                 DS_OK);
		assert_int_equal(slen, len + STORE_SEAL_OVERHEAD);
		assert_int_equal(sealed[0], 1); /* the version byte */
		if (len >= 4)
			assert_null(memmem(sealed, slen, p, len)); /* not in the clear */
		assert_int_equal(store_unseal(&out, &olen, sealed, slen,
		                              seal_cases[i].ad, key_a),
		                 DS_OK);
		assert_int_equal(olen, len);
		assert_memory_equal(out, p, len);
		assert_int_equal(out[olen], '\0'); /* a NUL after it */
		free(out);
		free(sealed);
	}
}

static void test_seal_large(void **state)
{
	size_t len = 1 << 20, slen, olen;
	unsigned char *plain = malloc(len), *sealed = NULL, *out = NULL;
	(void)state;
	assert_non_null(plain);
	store_random(plain, len);
	assert_int_equal(store_seal(&sealed, &slen, plain, len, "big", key_a),
	                 DS_OK);
	assert_int_equal(store_unseal(&out, &olen, sealed, slen, "big", key_a),
	                 DS_OK);
	assert_int_equal(olen, len);
	assert_memory_equal(out, plain, len);
	free(plain);
	free(sealed);
	free(out);
}

static void test_seal_random_nonce(void **state)
{
	unsigned char *s1 = NULL, *s2 = NULL;
	size_t l1, l2;
	(void)state;
	assert_int_equal(store_seal(&s1, &l1, "same", 4, "ad", key_a), DS_OK);
	assert_int_equal(store_seal(&s2, &l2, "same", 4, "ad", key_a), DS_OK);
	assert_int_equal(l1, l2);
	assert_memory_not_equal(s1, s2, l1);
	/* The nonces differ, and so does the ciphertext. */
	assert_memory_not_equal(s1 + 1, s2 + 1, 24);
	assert_memory_not_equal(s1 + 25, s2 + 25, l1 - 25);
	free(s1);
	free(s2);
}

/* ADs that must not open a value sealed under "household|abc|data|1". */
static const char *const wrong_ads[] = {
	"",
	"household|abc|data|2",
	"household|abd|data|1",
	"household|abc|data|1 ",
	"household|abc|data|",
	"Household|abc|data|1",
	"household|abc|note|1",
	"event|abc|data|1",
};

static void test_unseal_wrong_ad_or_key(void **state)
{
	const char *ad = "household|abc|data|1";
	unsigned char *sealed = NULL, *out = NULL;
	size_t slen, olen;
	(void)state;
	assert_int_equal(store_seal(&sealed, &slen, "secret", 6, ad, key_a), DS_OK);
	for (size_t i = 0; i < N(wrong_ads); i++) {
		if (store_unseal(&out, &olen, sealed, slen, wrong_ads[i], key_a) !=
		    DS_EDAMAGED)
			fail_msg("opened with the AD \"%s\"", wrong_ads[i]);
	}
	assert_int_equal(store_unseal(&out, &olen, sealed, slen, ad, key_b),
	                 DS_EDAMAGED);
	assert_null(out);
	assert_int_equal(store_unseal(&out, &olen, sealed, slen, ad, key_a), DS_OK);
	free(out);
	free(sealed);
}

/* Every bit of the version byte, nonce, ciphertext and tag matters. */
static void test_unseal_every_bit_flip(void **state)
{
	const char *ad = "user|wang|role|1";
	unsigned char *sealed = NULL, *out = NULL;
	size_t slen, olen;
	(void)state;
	assert_int_equal(store_seal(&sealed, &slen, "supervisor", 10, ad, key_a),
	                 DS_OK);
	for (size_t byte = 0; byte < slen; byte++) {
		for (int bit = 0; bit < 8; bit++) {
			sealed[byte] ^= (unsigned char)(1u << bit);
			if (store_unseal(&out, &olen, sealed, slen, ad, key_a) !=
			    DS_EDAMAGED)
				fail_msg("opened with bit %d of byte %zu flipped", bit,
				         byte);
			sealed[byte] ^= (unsigned char)(1u << bit);
		}
	}
	assert_null(out);
	assert_int_equal(store_unseal(&out, &olen, sealed, slen, ad, key_a), DS_OK);
	free(out);
	free(sealed);
}

static void test_unseal_truncated_or_extended(void **state)
{
	const char *ad = "meta|00|check|1";
	unsigned char *sealed = NULL, *out = NULL, *longer;
	size_t slen, olen;
	(void)state;
	assert_int_equal(store_seal(&sealed, &slen, "doorstep", 8, ad, key_a),
	                 DS_OK);
	for (size_t n = 0; n < slen; n++) {
		if (store_unseal(&out, &olen, sealed, n, ad, key_a) != DS_EDAMAGED)
			fail_msg("opened when cut to %zu bytes of %zu", n, slen);
	}
	longer = malloc(slen + 1);
	assert_non_null(longer);
	memcpy(longer, sealed, slen);
	longer[slen] = 0;
	assert_int_equal(store_unseal(&out, &olen, longer, slen + 1, ad, key_a),
	                 DS_EDAMAGED);
	/* Cutting the front (the version byte) is not a value either. */
	assert_int_equal(store_unseal(&out, &olen, sealed + 1, slen - 1, ad, key_a),
	                 DS_EDAMAGED);
	assert_null(out);
	free(longer);
	free(sealed);
}

/* ---- subkeys and the blind index -------------------------------------------- */

static void test_subkeys(void **state)
{
	unsigned char s1[STORE_KEY_BYTES], s2[STORE_KEY_BYTES],
	        b1[STORE_KEY_BYTES], sa[STORE_KEY_BYTES];
	(void)state;
	store_subkey(s1, STORE_SUBKEY_SEAL, key_a);
	store_subkey(s2, STORE_SUBKEY_SEAL, key_a);
	store_subkey(b1, STORE_SUBKEY_BLIND, key_a);
	store_subkey(sa, STORE_SUBKEY_SEAL, key_b);
	assert_memory_equal(s1, s2, sizeof(s1));
	assert_memory_not_equal(s1, b1, sizeof(s1));
	assert_memory_not_equal(s1, sa, sizeof(s1));
	assert_memory_not_equal(s1, key_a, sizeof(s1));
}

static void test_blind_index(void **state)
{
	static const char *const ids[] = {
		"11010519491231002X", "110105194912310021", "440106198001010011",
		"",
	};
	unsigned char x[STORE_BLIND_BYTES], y[STORE_BLIND_BYTES],
	        z[STORE_BLIND_BYTES];
	(void)state;
	for (size_t i = 0; i < N(ids); i++) {
		store_blind(x, ids[i], key_a);
		store_blind(y, ids[i], key_a);
		store_blind(z, ids[i], key_b);
		assert_memory_equal(x, y, sizeof(x));     /* deterministic */
		assert_memory_not_equal(x, z, sizeof(x)); /* per key */
		for (size_t k = 0; k < i; k++) {
			store_blind(y, ids[k], key_a);
			assert_memory_not_equal(x, y, sizeof(x));
		}
	}
}

/* ---- Argon2id ------------------------------------------------------------------ */

static void test_kdf_refuses_weak_parameters(void **state)
{
	unsigned char out[STORE_KEY_BYTES], salt[STORE_SALT_BYTES] = {0};
	store_secret *pass = pass_new(TEST_PASS);
	static const struct {
		uint64_t ops, mem;
	} bad[] = {
		{3, 0},
		{3, 8ULL * 1024 * 1024},
		{3, STORE_KDF_MIN_MEMLIMIT - 1},
		{3, STORE_KDF_MIN_MEMLIMIT / 2},
		{0, STORE_KDF_MEMLIMIT},
		{3, UINT64_MAX},
		{UINT64_MAX, STORE_KDF_MEMLIMIT},
	};
	(void)state;
	assert_true(STORE_KDF_MIN_MEMLIMIT >= 64ULL * 1024 * 1024);
	assert_true(STORE_KDF_MEMLIMIT >= STORE_KDF_MIN_MEMLIMIT);
	for (size_t i = 0; i < N(bad); i++) {
		if (store_kdf(out, pass, salt, bad[i].ops, bad[i].mem) != DS_EDAMAGED)
			fail_msg("accepted opslimit %llu, memlimit %llu",
			         (unsigned long long)bad[i].ops,
			         (unsigned long long)bad[i].mem);
	}
	store_secret_free(&pass);
}

static void test_kdf_derives(void **state)
{
	unsigned char k1[STORE_KEY_BYTES], k2[STORE_KEY_BYTES],
	        k3[STORE_KEY_BYTES], salt[STORE_SALT_BYTES] = {1, 2, 3};
	store_secret *pass = pass_new(TEST_PASS), *other = pass_new(TEST_PASS "!");
	(void)state;
	assert_int_equal(store_kdf(k1, pass, salt, 1, STORE_KDF_MIN_MEMLIMIT),
	                 DS_OK);
	assert_int_equal(store_kdf(k2, pass, salt, 1, STORE_KDF_MIN_MEMLIMIT),
	                 DS_OK);
	assert_memory_equal(k1, k2, sizeof(k1));
	assert_int_equal(store_kdf(k3, other, salt, 1, STORE_KDF_MIN_MEMLIMIT),
	                 DS_OK);
	assert_memory_not_equal(k1, k3, sizeof(k1));
	salt[0] ^= 1;
	assert_int_equal(store_kdf(k3, pass, salt, 1, STORE_KDF_MIN_MEMLIMIT),
	                 DS_OK);
	assert_memory_not_equal(k1, k3, sizeof(k1));
	store_secret_free(&pass);
	store_secret_free(&other);
}

/* ---- hex --------------------------------------------------------------------------- */

static void test_hex_round_trip(void **state)
{
	unsigned char bin[40], back[40];
	char hex[81];
	(void)state;
	memset(bin, 0, sizeof(bin));
	store_hex(hex, bin, 0);
	assert_string_equal(hex, "");
	assert_true(store_unhex(back, 0, ""));
	for (size_t i = 0; i < sizeof(bin); i++)
		bin[i] = (unsigned char)(i * 37 + 11);
	for (size_t n = 1; n <= sizeof(bin); n++) {
		store_hex(hex, bin, n);
		assert_int_equal(strlen(hex), 2 * n);
		for (size_t k = 0; k < 2 * n; k++)
			assert_non_null(strchr("0123456789abcdef", hex[k]));
		memset(back, 0, sizeof(back));
		assert_true(store_unhex(back, n, hex));
		assert_memory_equal(back, bin, n);
	}
	bin[0] = 0x0f;
	bin[1] = 0xa0;
	store_hex(hex, bin, 2);
	assert_string_equal(hex, "0fa0");
}

static void test_unhex_rejects(void **state)
{
	static const char *const bad[] = {
		"",          /* too short */
		"00112233445566",   /* 7 bytes */
		"001122334455667788", /* 9 bytes */
		"0011223344556677 ",
		" 0011223344556677",
		"001122334455667",  /* odd */
		"00112233445566g7",
		"0011223344556:77",
		"00112233 4556677",
		"0x11223344556677",
		"00112233-4556677",
	};
	unsigned char out[8];
	(void)state;
	assert_false(store_unhex(out, 8, NULL));
	for (size_t i = 0; i < N(bad); i++)
		if (store_unhex(out, 8, bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_true(store_unhex(out, 8, "0011223344556677"));
}

/* ---- base64 ------------------------------------------------------------------------- */

static void test_b64_round_trip(void **state)
{
	unsigned char bin[70], back[70];
	char b64[128];
	(void)state;
	for (size_t i = 0; i < sizeof(bin); i++)
		bin[i] = (unsigned char)(255 - i * 7);
	for (size_t n = 0; n <= sizeof(bin); n++) {
		size_t need = store_b64_len(n);
		assert_true(need <= sizeof(b64));
		store_b64(b64, need, bin, n);
		assert_int_equal(strlen(b64), 4 * ((n + 2) / 3)); /* padded */
		memset(back, 0, sizeof(back));
		if (!store_unb64(back, n, b64))
			fail_msg("cannot read back \"%s\" (%zu bytes)", b64, n);
		assert_memory_equal(back, bin, n);
	}
	store_b64(b64, sizeof(b64), (const unsigned char *)"\xfb\xff", 2);
	assert_string_equal(b64, "+/8="); /* standard alphabet, padding */
}

static void test_unb64_rejects(void **state)
{
	/* Each would be 2 bytes if anything: "+/8=" is the right form. */
	static const char *const bad[] = {
		"",        /* no bytes */
		"+/8",     /* padding missing */
		"-_8=",    /* the URL-safe alphabet */
		"+/8=\n",  /* trailing line end */
		" +/8=",   /* leading space */
		"+/8=AA==", /* too long */
		"+/8=x",
		"+w==",    /* 1 byte */
		"+/8A",    /* 3 bytes */
		"+/@=",
		"+/8==",
		"====",
		"\xc1\xc1\xc1=", /* bytes outside the alphabet (libsodium 1.0.18 reads some) */
		"+\xef\070=", /* \070 is "8", after a byte outside the alphabet */
	};
	unsigned char out[2];
	(void)state;
	assert_false(store_unb64(out, 2, NULL));
	for (size_t i = 0; i < N(bad); i++)
		if (store_unb64(out, 2, bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_true(store_unb64(out, 2, "+/8="));
	assert_int_equal(out[0], 0xfb);
	assert_int_equal(out[1], 0xff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secret_null_and_empty),
		cmocka_unit_test(test_secret_zeroed),
		cmocka_unit_test(test_wipe_and_random),
		cmocka_unit_test(test_unseal_null_and_short),
		cmocka_unit_test(test_seal_round_trip),
		cmocka_unit_test(test_seal_large),
		cmocka_unit_test(test_seal_random_nonce),
		cmocka_unit_test(test_unseal_wrong_ad_or_key),
		cmocka_unit_test(test_unseal_every_bit_flip),
		cmocka_unit_test(test_unseal_truncated_or_extended),
		cmocka_unit_test(test_subkeys),
		cmocka_unit_test(test_blind_index),
		cmocka_unit_test(test_kdf_refuses_weak_parameters),
		cmocka_unit_test(test_kdf_derives),
		cmocka_unit_test(test_hex_round_trip),
		cmocka_unit_test(test_unhex_rejects),
		cmocka_unit_test(test_random_fork_and_no_reuse),
		cmocka_unit_test(test_b64_round_trip),
		cmocka_unit_test(test_unb64_rejects),
	};
	return cmocka_run_group_tests_name("store_crypto", tests, group_setup,
	                                   NULL);
}
