/* test_provbudget.c — a county's budget row for the province
 * (sync/provbudget): its canonical bytes, byte for byte, every field in
 * them, nothing to sign for a missing or overlong text, and the county's
 * signature over them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "sync/provbudget.h"

static unsigned char spk[STORE_SIGN_PK_BYTES], ssk[STORE_SIGN_SK_BYTES];
static unsigned char spk2[STORE_SIGN_PK_BYTES], ssk2[STORE_SIGN_SK_BYTES];

static int group_setup(void **state)
{
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	crypto_sign_keypair(spk, ssk);
	crypto_sign_keypair(spk2, ssk2);
	return 0;
}

static sync_provbudget sample(void)
{
	sync_provbudget b = {"440106", 2026, 3, 1234, "2026-11-05", "2026.1", "actual",
	                     1813000, 25, 23, 2};
	return b;
}

/* ---- NULL and edge cases first -------------------------------------------------------- */

static void test_missing_or_long_text_gives_nothing(void **state)
{
	unsigned char m[SYNC_PROV_BUDGET_BYTES_MAX], sig[SYNC_PROV_SIG_BYTES];
	char long_text[SYNC_PROV_BUDGET_TEXT_MAX + 2];
	sync_provbudget b;
	(void)state;
	for (int i = 0; i < 4; i++) {
		b = sample();
		switch (i) {
		case 0: b.county = NULL; break;
		case 1: b.as_of = NULL; break;
		case 2: b.policy = NULL; break;
		case 3: b.kind = NULL; break;
		}
		if (sync_provbudget_bytes(m, &b))
			fail_msg("text %d missing still gives bytes", i);
		assert_false(sync_provbudget_sign(sig, &b, ssk));
		assert_false(sync_provbudget_verify(sig, &b, spk));
	}
	memset(long_text, 'v', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	b = sample();
	b.policy = long_text; /* one over SYNC_PROV_BUDGET_TEXT_MAX */
	assert_int_equal(sync_provbudget_bytes(m, &b), 0);
	long_text[SYNC_PROV_BUDGET_TEXT_MAX] = '\0'; /* exactly the most */
	assert_true(sync_provbudget_bytes(m, &b) > 0);
	/* the largest row fits */
	b.as_of = b.kind = b.county = long_text;
	b.amount_fen = b.households = b.regular = b.withdrawal = b.log_seq = INT64_MIN;
	assert_true(sync_provbudget_bytes(m, &b) > 0);
}

/* ---- the canonical bytes -------------------------------------------------------------- */

static void test_bytes_exactly(void **state)
{
	static const char want[] = "doorstep-province-budget-1\0"
	                           "\x06\0\0\0" "440106"
	                           "\x04\0\0\0" "2026"
	                           "\x01\0\0\0" "3"
	                           "\x04\0\0\0" "1234"
	                           "\x0a\0\0\0" "2026-11-05"
	                           "\x06\0\0\0" "2026.1"
	                           "\x06\0\0\0" "actual"
	                           "\x07\0\0\0" "1813000"
	                           "\x02\0\0\0" "25"
	                           "\x02\0\0\0" "23"
	                           "\x01\0\0\0" "2";
	unsigned char m[SYNC_PROV_BUDGET_BYTES_MAX];
	sync_provbudget b = sample();
	size_t n = sync_provbudget_bytes(m, &b);
	(void)state;
	assert_int_equal(n, sizeof(want) - 1);
	assert_memory_equal(m, want, n);
	/* negative figures as decimal text too */
	b.amount_fen = -5;
	n = sync_provbudget_bytes(m, &b);
	assert_int_equal(n, sizeof(want) - 1 - 5);
}

static void test_every_field_is_in_the_bytes(void **state)
{
	unsigned char m0[SYNC_PROV_BUDGET_BYTES_MAX], m[SYNC_PROV_BUDGET_BYTES_MAX];
	sync_provbudget b = sample(), x;
	size_t n0 = sync_provbudget_bytes(m0, &b), n;
	(void)state;
	for (int i = 0; i < 11; i++) {
		x = b;
		switch (i) {
		case 0: x.county = "440105"; break;
		case 1: x.year = 2027; break;
		case 2: x.month = 4; break;
		case 3: x.log_seq = 1235; break;
		case 4: x.as_of = "2026-11-06"; break;
		case 5: x.policy = "2026.2"; break;
		case 6: x.kind = "projected"; break;
		case 7: x.amount_fen = 1813001; break;
		case 8: x.households = 26; break;
		case 9: x.regular = 22; break;
		case 10: x.withdrawal = 3; break;
		}
		n = sync_provbudget_bytes(m, &x);
		if (n == n0 && !memcmp(m, m0, n))
			fail_msg("field %d is not in the canonical bytes", i);
	}
	/* lengths keep fields apart: "2026.1"+"actual" is not "2026."+"1actual" */
	x = b;
	x.policy = "2026.";
	x.kind = "1actual";
	n = sync_provbudget_bytes(m, &x);
	assert_true(n != n0 || memcmp(m, m0, n));
}

/* ---- the signature -------------------------------------------------------------------- */

static void test_signature(void **state)
{
	unsigned char sig[SYNC_PROV_SIG_BYTES], sig2[SYNC_PROV_SIG_BYTES];
	sync_provbudget b = sample();
	(void)state;
	assert_true(sync_provbudget_sign(sig, &b, ssk));
	assert_true(sync_provbudget_verify(sig, &b, spk));
	assert_false(sync_provbudget_verify(sig, &b, spk2)); /* another county's key */
	assert_true(sync_provbudget_sign(sig2, &b, ssk));
	assert_memory_equal(sig, sig2, sizeof(sig)); /* made again: the same bytes */
	b.amount_fen++; /* a figure altered */
	assert_false(sync_provbudget_verify(sig, &b, spk));
	b = sample();
	b.county = "440105"; /* another county's row */
	assert_false(sync_provbudget_verify(sig, &b, spk));
	b = sample();
	sig[0] ^= 1;
	assert_false(sync_provbudget_verify(sig, &b, spk));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_or_long_text_gives_nothing),
		cmocka_unit_test(test_bytes_exactly),
		cmocka_unit_test(test_every_field_is_in_the_bytes),
		cmocka_unit_test(test_signature),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
