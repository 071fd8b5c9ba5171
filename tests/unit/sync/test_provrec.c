/* test_provrec.c — the province's records (sync/provrec): the bytes a
 * record's hash covers, the chain and the county's signature, county codes,
 * the province key file, pseudonyms, and the deliberate list of what of an
 * event the province may see. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "sync/provrec.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

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

static sync_provrec sample(void)
{
	static const char fields[] = "{\"size\":2}";
	sync_provrec r = {"440106", "00112233445566778899aabbccddeeff", 1, 7, 42,
	                  "household.created", "2026-11-05", "wang", "abcd2345efgh",
	                  fields, sizeof(fields) - 1};
	return r;
}

/* ---- the hash and the chain ------------------------------------------------------ */

static void test_hash_is_a_function_of_every_field(void **state)
{
	unsigned char zero[SYNC_PROV_HASH_BYTES] = {0}, h0[SYNC_PROV_HASH_BYTES],
	        h[SYNC_PROV_HASH_BYTES], prev[SYNC_PROV_HASH_BYTES];
	sync_provrec r = sample(), m;
	(void)state;
	sync_provrec_hash(h0, zero, &r);
	sync_provrec_hash(h, zero, &r);
	assert_memory_equal(h0, h, sizeof(h)); /* the same record, the same hash */
	/* each field changed changes the hash */
	for (int i = 0; i < 10; i++) {
		m = r;
		switch (i) {
		case 0: m.county = "440105"; break;
		case 1: m.device = "00112233445566778899aabbccddeefe"; break;
		case 2: m.epoch = 2; break;
		case 3: m.dseq = 8; break;
		case 4: m.seq = 43; break;
		case 5: m.kind = "household.changed"; break;
		case 6: m.day = "2026-11-06"; break;
		case 7: m.author = "li"; break;
		case 8: m.entity = "abcd2345efgi"; break;
		case 9: m.fields_len--; break;
		}
		sync_provrec_hash(h, zero, &m);
		if (!memcmp(h, h0, sizeof(h)))
			fail_msg("field %d is not covered by the hash", i);
	}
	/* and the link to the record before */
	memset(prev, 1, sizeof(prev));
	sync_provrec_hash(h, prev, &r);
	assert_memory_not_equal(h, h0, sizeof(h));
	/* lengths keep fields apart: "ab"+"c" is not "a"+"bc" */
	m = r;
	m.author = "wan";
	m.entity = "gabcd2345efgh";
	sync_provrec_hash(h, zero, &m);
	assert_memory_not_equal(h, h0, sizeof(h));
}

static void test_signature(void **state)
{
	unsigned char zero[SYNC_PROV_HASH_BYTES] = {0}, h[SYNC_PROV_HASH_BYTES],
	        sig[SYNC_PROV_SIG_BYTES], sig2[SYNC_PROV_SIG_BYTES];
	sync_provrec r = sample();
	(void)state;
	sync_provrec_hash(h, zero, &r);
	sync_provrec_sign(sig, h, ssk);
	assert_true(sync_provrec_verify(sig, h, spk));
	assert_false(sync_provrec_verify(sig, h, spk2)); /* another county's key */
	sync_provrec_sign(sig2, h, ssk);
	assert_memory_equal(sig, sig2, sizeof(sig)); /* sending again: the same bytes */
	h[0] ^= 1;
	assert_false(sync_provrec_verify(sig, h, spk));
	h[0] ^= 1;
	sig[63] ^= 0x80;
	assert_false(sync_provrec_verify(sig, h, spk));
}

static void test_county_codes(void **state)
{
	static const struct {
		const char *code;
		bool valid;
	} cases[] = {{NULL, false}, {"", false}, {"44010", false}, {"4401066", false},
	             {"44010a", false}, {"440106 ", false}, {"'; --", false},
	             {"440106", true}, {"000000", true}};
	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		if (sync_prov_county_valid(cases[i].code) != cases[i].valid)
			fail_msg("county code %s", cases[i].code ? cases[i].code : "NULL");
}

static void test_day_is_china_standard_time(void **state)
{
	char d[11];
	(void)state;
	/* 2026-11-04 15:59:59 UTC is the 4th in China, 16:00 the 5th */
	sync_prov_day(d, (uint64_t)1793807999000LL << 16);
	assert_string_equal(d, "2026-11-04");
	sync_prov_day(d, (uint64_t)1793808000000LL << 16);
	assert_string_equal(d, "2026-11-05");
	sync_prov_day(d, 0);
	assert_string_equal(d, "1970-01-01");
}

/* ---- the province key and pseudonyms -------------------------------------------------- */

static void test_key_file(void **state)
{
	char dir[] = "/tmp/test_provrec.XXXXXX", path[256], bad[256];
	store_secret *k1 = NULL, *k2 = NULL;
	struct stat sb;
	ds_error err;
	FILE *f;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/province.key", dir);
	snprintf(bad, sizeof(bad), "%s/other", dir);
	assert_int_equal(sync_provkey_new(path, &err), DS_OK);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sync_provkey_read(path, &k1, &err), DS_OK);
	assert_int_equal(k1->len, SYNC_PROV_KEY_BYTES);
	assert_int_equal(sync_provkey_read(path, &k2, &err), DS_OK);
	assert_memory_equal(k1->p, k2->p, SYNC_PROV_KEY_BYTES);
	store_secret_free(&k2);
	/* a new key is another key */
	unlink(path);
	assert_int_equal(sync_provkey_new(path, &err), DS_OK);
	assert_int_equal(sync_provkey_read(path, &k2, &err), DS_OK);
	assert_memory_not_equal(k1->p, k2->p, SYNC_PROV_KEY_BYTES);
	store_secret_free(&k1);
	store_secret_free(&k2);
	/* not a key file; a key line cut short */
	f = fopen(bad, "w");
	fputs("format: doorstep-county-public-1\nkey: AAAA\n", f);
	fclose(f);
	assert_int_equal(sync_provkey_read(bad, &k1, &err), DS_EINPUT);
	assert_string_equal(err.where, bad);
	assert_null(k1);
	f = fopen(bad, "w");
	fputs("format: " SYNC_PROVKEY_FORMAT "\nkey: AAAA\n", f);
	fclose(f);
	assert_int_equal(sync_provkey_read(bad, &k1, &err), DS_EINPUT);
	assert_null(k1);
	unlink(bad);
	unlink(path);
	rmdir(dir);
}

static void test_pseudonym(void **state)
{
	unsigned char key[SYNC_PROV_KEY_BYTES], key2[SYNC_PROV_KEY_BYTES];
	unsigned char a[SYNC_PROV_HASH_BYTES], b[SYNC_PROV_HASH_BYTES];
	ds_error err;
	(void)state;
	memset(key, 7, sizeof(key));
	memset(key2, 8, sizeof(key2));
	assert_int_equal(sync_prov_pseudonym(a, "44010619720718356X", key, &err), DS_OK);
	/* normalised first: a lower-case x and spaces are the same person */
	assert_int_equal(sync_prov_pseudonym(b, "440106 19720718 356x", key, &err), DS_OK);
	assert_memory_equal(a, b, sizeof(a));
	/* another key, another pseudonym; another person, another */
	assert_int_equal(sync_prov_pseudonym(b, "44010619720718356X", key2, &err), DS_OK);
	assert_memory_not_equal(a, b, sizeof(a));
	assert_int_equal(sync_prov_pseudonym(b, "440106195603105134", key, &err), DS_OK);
	assert_memory_not_equal(a, b, sizeof(a));
	/* not an ID number */
	assert_int_equal(sync_prov_pseudonym(b, "440106197207183561", key, &err), DS_EINPUT);
	assert_int_equal(sync_prov_pseudonym(b, "", key, &err), DS_EINPUT);
}

/* ---- what the province may see ------------------------------------------------------- */

static char *fields_of(const char *kind, const char *body_text, ds_status want)
{
	unsigned char key[SYNC_PROV_KEY_BYTES];
	ds_error err;
	char *text = NULL;
	size_t len = 0;
	memset(key, 7, sizeof(key));
	assert_int_equal(sync_prov_fields(NULL, kind, body_text, strlen(body_text), key, &text,
	                                  &len, &err),
	                 want);
	if (want != DS_OK) {
		assert_null(text);
		return NULL;
	}
	assert_int_equal(len, strlen(text));
	return text;
}

static const char household_body[] =
        "{\"household\":{\"region\":\"440106\","
        "\"township\":{\"code\":\"440106005\",\"name\":\"三江镇\"},"
        "\"village\":{\"code\":\"440106005220\",\"name\":\"上庄村\"},"
        "\"address\":\"三江镇上庄村中山路49号\","
        "\"payee\":{\"name\":\"林春梅\",\"bank\":\"农商银行\",\"account\":\"6230589433477888860\"},"
        "\"members\":[{\"name\":\"林春梅\",\"id_number\":\"44010619720718356X\",\"relation\":\"head\","
        "\"categories\":[],\"able_to_work\":false,\"incomes\":[{\"source\":\"wages\",\"monthly\":\"1200.00\"}]},"
        "{\"name\":\"林小明\",\"id_number\":\"44010620100315001X\",\"relation\":\"child\","
        "\"categories\":[],\"able_to_work\":false,\"incomes\":[]}],"
        "\"assets\":{\"financial\":\"10477.00\",\"vehicles\":[],\"homes\":0},"
        "\"receiving\":{\"allowance\":\"70.00\",\"since\":\"2023-07\"}}}";

static void test_household_fields(void **state)
{
	static const char *const never[] = {"林春梅", "林小明", "44010619720718356X",
	                                    "44010620100315001X", "6230589433477888860",
	                                    "农商银行", "中山路", "1200", "10477", "wages",
	                                    "\"name\"", "\"id_number\"", "\"address\"", "\"account\""};
	char *t = fields_of("household.created", household_body, DS_OK);
	(void)state;
	for (size_t i = 0; i < N(never); i++)
		if (strstr(t, never[i]))
			fail_msg("the province would see %s: %s", never[i], t);
	assert_non_null(strstr(t, "\"allowance_fen\":7000"));
	assert_non_null(strstr(t, "\"size\":2"));
	assert_non_null(strstr(t, "\"township\":\"440106005\""));
	assert_non_null(strstr(t, "\"village_name\":\"上庄村\""));
	assert_non_null(strstr(t, "\"receiving\":true"));
	assert_non_null(strstr(t, "\"head\"]"));
	{
		/* the head's pseudonym, as sync_prov_pseudonym makes it */
		unsigned char key[SYNC_PROV_KEY_BYTES], p[SYNC_PROV_HASH_BYTES];
		char hex[2 * SYNC_PROV_HASH_BYTES + 1];
		ds_error err;
		memset(key, 7, sizeof(key));
		assert_int_equal(sync_prov_pseudonym(p, "44010619720718356x", key, &err), DS_OK);
		store_hex(hex, p, sizeof(p));
		assert_non_null(strstr(t, hex));
	}
	/* the same household read the long way (a household.changed, whose
	 * body holds more than the household) gives the same bytes, and the
	 * same as jansson's own compact, sorted form of them */
	{
		char changed[sizeof(household_body) + 64], *t2, *t3;
		json_t *j;
		snprintf(changed, sizeof(changed), "%.*s,\"cause\":\"visit\",\"base\":\"\"}",
		         (int)strlen(household_body) - 1, household_body);
		t2 = fields_of("household.changed", changed, DS_OK);
		assert_string_equal(t, t2);
		j = json_loads(t, 0, NULL);
		assert_non_null(j);
		t3 = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		assert_string_equal(t, t3);
		json_decref(j);
		free(t2);
		free(t3);
	}
	free(t);
	/* a member without a valid ID number is refused, not sent in clear */
	fields_of("household.created",
	          "{\"household\":{\"members\":[{\"name\":\"x\",\"id_number\":\"12\"}]}}",
	          DS_EINPUT);
	fields_of("household.created", "{}", DS_EDAMAGED);
}

static void test_case_and_other_fields(void **state)
{
	char *t;
	(void)state;
	t = fields_of("case.refused",
	              "{\"role\":\"supervisor\",\"reason\":\"林春梅 has wages\",\"base\":\"x\","
	              "\"case\":{\"state\":\"refused\",\"before\":\"submitted\",\"outcome\":\"refuse\","
	              "\"decided\":\"2026-11-05\",\"decision_reason\":\"林春梅 has wages\","
	              "\"submitted_by\":\"wang\"}}",
	              DS_OK);
	assert_string_equal(t, "{\"before\":\"submitted\",\"decided\":\"2026-11-05\","
	                       "\"outcome\":\"refuse\",\"role\":\"supervisor\",\"state\":\"refused\"}");
	free(t);
	t = fields_of("household.reassigned", "{\"to\":\"li\"}", DS_OK);
	assert_string_equal(t, "{\"to\":\"li\"}");
	free(t);
	/* kinds not on the list: nothing of their bodies */
	t = fields_of("user.added", "{\"name\":\"li\",\"role\":\"supervisor\",\"pk\":\"ab\"}", DS_OK);
	assert_string_equal(t, "{}");
	free(t);
	t = fields_of("crosscheck.imported", "{\"rows\":[\"440106197207183561\"]}", DS_OK);
	assert_string_equal(t, "{}");
	free(t);
	t = fields_of("no.such.kind", "{\"a\":1}", DS_OK);
	assert_string_equal(t, "{}");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_county_codes),
		cmocka_unit_test(test_hash_is_a_function_of_every_field),
		cmocka_unit_test(test_signature),
		cmocka_unit_test(test_day_is_china_standard_time),
		cmocka_unit_test(test_key_file),
		cmocka_unit_test(test_pseudonym),
		cmocka_unit_test(test_household_fields),
		cmocka_unit_test(test_case_and_other_fields),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
