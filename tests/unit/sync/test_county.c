/* test_county.c — what the county keeps and whom it answers
 * (sync/county/county.c, nonces.c, sync/downreq.c): nothing whose sender
 * is not authenticated is kept aside, what is kept is capped, and a
 * download request is taken only signed by its enrolled, not revoked
 * device, in its time, once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sodium.h>

#include "store/county.h"
#include "sync/county/county.h"
#include "sync/county/limits.h"
#include "sync/county/nonces.h"
#include "sync/downreq.h"
#include "tests/unit/store/storetest.h"

/* One county and three laptops for the whole file (each store costs an
 * Argon2id unlock): wang and zhang enrolled, li never. */
typedef struct {
	char dir[PATH_MAX];
	store_secret *pass;
	ds_store *county, *dev[3];
	store_device_pub county_pub, pub[3];
	store_secret *sign_sk[3];
} world;

enum { WANG, ZHANG, LI };

static ds_store *make_store(const char *dir, store_secret *pass, const char *user,
                            core_role role)
{
	store_init_opts o;
	ds_store *s = NULL;
	ds_error err;
	memset(&o, 0, sizeof(o));
	o.user = user;
	o.role = role;
	o.region = "440106";
	assert_ok(store_init(dir, &o, pass, &err), &err);
	assert_ok(store_open(dir, user, pass, &s, &err), &err);
	return s;
}

static void enroll(world *w, int who, const char *user)
{
	store_cdev d;
	bool already;
	ds_error err;
	memset(&d, 0, sizeof(d));
	memcpy(d.device, w->pub[who].device, STORE_DEVICE_BYTES);
	snprintf(d.user, sizeof(d.user), "%s", user);
	snprintf(d.role, sizeof(d.role), "assistant");
	snprintf(d.area, sizeof(d.area), "440106");
	memcpy(d.sign_pk, w->pub[who].sign_pk, STORE_SIGN_PK_BYTES);
	memcpy(d.box_pk, w->pub[who].box_pk, STORE_BOX_PK_BYTES);
	assert_ok(store_begin(w->county, &err), &err);
	assert_ok(store_cdev_put(w->county, &d, &already, &err), &err);
	assert_ok(store_commit(w->county, &err), &err);
}

static int group_setup(void **state)
{
	static const char *const users[] = {"wang", "zhang", "li"};
	world *w = calloc(1, sizeof(*w));
	char path[PATH_MAX + 16];
	ds_error err;
	tmpdir_new(w->dir);
	w->pass = pass_new(TEST_PASS);
	snprintf(path, sizeof(path), "%s/county", w->dir);
	w->county = make_store(path, w->pass, "county", CORE_ROLE_SUPERVISOR);
	assert_ok(store_device(w->county, &w->county_pub, NULL, NULL, &err), &err);
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", w->dir, users[i]);
		w->dev[i] = make_store(path, w->pass, users[i], CORE_ROLE_ASSISTANT);
		assert_ok(store_device(w->dev[i], &w->pub[i], NULL, &w->sign_sk[i], &err),
		          &err);
	}
	enroll(w, WANG, "wang");
	enroll(w, ZHANG, "zhang");
	*state = w;
	return 0;
}

static int group_teardown(void **state)
{
	world *w = *state;
	for (int i = 0; i < 3; i++) {
		store_secret_free(&w->sign_sk[i]);
		store_close(&w->dev[i]);
	}
	store_close(&w->county);
	store_secret_free(&w->pass);
	tmpdir_remove(w->dir);
	free(w);
	return 0;
}

/* A bundle from a laptop to the county, with a small payload; sealed
 * afresh each time (a new stream key, so new bytes and hash). */
static unsigned char *bundle(world *w, int who, uint8_t kind, int64_t number,
                             size_t *len)
{
	sync_envelope env;
	unsigned char *out = NULL, payload[] = "";
	memset(&env, 0, sizeof(env));
	env.kind = kind;
	memcpy(env.sender, w->pub[who].device, SYNC_DEVICE_BYTES);
	env.epoch = (uint64_t)w->pub[who].epoch;
	env.number = (uint64_t)number;
	env.first = 1;
	env.last = 1;
	assert_int_equal(sync_bundle_seal(&out, len, NULL, &env, payload, 0,
	                                  w->county_pub.box_pk, w->sign_sk[who]->p),
	                 DS_OK);
	return out;
}

static int64_t kept_aside(world *w)
{
	store_aside *list = NULL;
	size_t n = 0;
	ds_error err;
	assert_ok(store_aside_list(w->county, &list, &n, &err), &err);
	free(list);
	return (int64_t)n;
}

/* Takes bytes; checks the status, whether a receipt came and whether it
 * was kept aside. */
static void take(world *w, const unsigned char *bytes, size_t len, ds_status want,
                 bool want_receipt, bool want_kept, sync_receipt *r)
{
	sync_receipt rr;
	bool have = !want_receipt, kept = !want_kept;
	ds_error err;
	assert_status(county_take(w->county, bytes, len, r ? r : &rr, &have, &kept, &err),
	              want, &err);
	assert_int_equal(have, want_receipt);
	assert_int_equal(kept, want_kept);
}

/* ---- nothing unattributable is kept ------------------------------------------------ */

static void test_unauthenticated_not_kept(void **state)
{
	world *w = *state;
	unsigned char junk[4096], *b, *forged = NULL;
	size_t len, flen;
	int64_t before = kept_aside(w);
	sync_envelope env;
	memset(junk, 0, sizeof(junk));
	/* not a bundle; a cut one; one from a laptop never enrolled */
	take(w, junk, sizeof(junk), DS_EINPUT, false, false, NULL);
	b = bundle(w, WANG, SYNC_UP, 40, &len);
	take(w, b, len - 1, DS_EDAMAGED, false, false, NULL);
	take(w, b, SYNC_STREAM_AT - 1, DS_EDAMAGED, false, false, NULL);
	free(b);
	b = bundle(w, LI, SYNC_UP, 1, &len);
	take(w, b, len, DS_EPERM, false, false, NULL);
	free(b);
	/* wang's device id, signed with li's key: the signature does not
	 * verify against wang's */
	memset(&env, 0, sizeof(env));
	env.kind = SYNC_UP;
	memcpy(env.sender, w->pub[WANG].device, SYNC_DEVICE_BYTES);
	env.epoch = (uint64_t)w->pub[WANG].epoch;
	env.number = 1;
	env.first = env.last = 1;
	assert_int_equal(sync_bundle_seal(&forged, &flen, NULL, &env,
	                                  (const unsigned char *)"", 0,
	                                  w->county_pub.box_pk, w->sign_sk[LI]->p),
	                 DS_OK);
	take(w, forged, flen, DS_EDAMAGED, false, false, NULL);
	free(forged);
	assert_int_equal(kept_aside(w), before);
}

static void test_authenticated_kept_and_capped(void **state)
{
	world *w = *state;
	unsigned char *b;
	size_t len;
	sync_receipt r;
	int64_t before = kept_aside(w);
	store_aside_usage u;
	ds_error err;
	/* a held one is kept */
	b = bundle(w, ZHANG, SYNC_UP, 9, &len);
	take(w, b, len, DS_OK, true, true, &r);
	assert_int_equal(r.outcome, SYNC_HELD);
	/* the same bytes again take no more room */
	take(w, b, len, DS_OK, true, true, &r);
	free(b);
	assert_int_equal(kept_aside(w), before + 1);
	/* refused ones (a county's kind of bundle, from a laptop) are kept
	 * up to the device's cap, then answered "not kept" */
	for (int i = 1; i < COUNTY_ASIDE_DEVICE_COUNT; i++) {
		b = bundle(w, ZHANG, SYNC_DOWN, i, &len);
		take(w, b, len, DS_EINPUT, true, true, &r);
		assert_int_equal(r.outcome, SYNC_REFUSED);
		free(b);
	}
	b = bundle(w, ZHANG, SYNC_DOWN, 99, &len);
	take(w, b, len, DS_EINPUT, true, false, &r);
	assert_int_equal(r.outcome, SYNC_REFUSED);
	assert_non_null(strstr(r.reason, "from the county, not to it"));
	assert_non_null(strstr(r.reason, "not kept"));
	free(b);
	/* a held one over the cap: still a HELD receipt, saying not kept */
	b = bundle(w, ZHANG, SYNC_UP, 10, &len);
	take(w, b, len, DS_OK, true, false, &r);
	assert_int_equal(r.outcome, SYNC_HELD);
	assert_non_null(strstr(r.reason, "not kept"));
	free(b);
	assert_ok(store_aside_usage_of(w->county, w->pub[ZHANG].device, r.hash, &u, &err),
	          &err);
	assert_int_equal(u.device_count, COUNTY_ASIDE_DEVICE_COUNT);
	/* another device still has room */
	b = bundle(w, WANG, SYNC_DOWN, 1, &len);
	take(w, b, len, DS_EINPUT, true, true, &r);
	free(b);
}

static void test_revoked_not_kept(void **state)
{
	world *w = *state;
	unsigned char *b;
	size_t len;
	int64_t before;
	ds_error err;
	/* a third laptop, enrolled then revoked */
	store_cdev d;
	char path[PATH_MAX + 16];
	ds_store *s;
	store_device_pub pub;
	store_secret *sk = NULL;
	sync_envelope env;
	bool already;
	snprintf(path, sizeof(path), "%s/zhao", w->dir);
	s = make_store(path, w->pass, "zhao", CORE_ROLE_ASSISTANT);
	assert_ok(store_device(s, &pub, NULL, &sk, &err), &err);
	memset(&d, 0, sizeof(d));
	memcpy(d.device, pub.device, STORE_DEVICE_BYTES);
	snprintf(d.user, sizeof(d.user), "zhao");
	snprintf(d.role, sizeof(d.role), "assistant");
	snprintf(d.area, sizeof(d.area), "440106");
	memcpy(d.sign_pk, pub.sign_pk, STORE_SIGN_PK_BYTES);
	memcpy(d.box_pk, pub.box_pk, STORE_BOX_PK_BYTES);
	assert_ok(store_begin(w->county, &err), &err);
	assert_ok(store_cdev_put(w->county, &d, &already, &err), &err);
	assert_ok(store_cdev_revoke(w->county, pub.device, &err), &err);
	assert_ok(store_commit(w->county, &err), &err);
	memset(&env, 0, sizeof(env));
	env.kind = SYNC_UP;
	memcpy(env.sender, pub.device, SYNC_DEVICE_BYTES);
	env.epoch = (uint64_t)pub.epoch;
	env.number = 1;
	env.first = env.last = 1;
	assert_int_equal(sync_bundle_seal(&b, &len, NULL, &env, (const unsigned char *)"",
	                                  0, w->county_pub.box_pk, sk->p),
	                 DS_OK);
	before = kept_aside(w);
	{
		sync_receipt r;
		bool have, kept;
		assert_status(county_take(w->county, b, len, &r, &have, &kept, &err),
		              DS_EPERM, &err);
		assert_false(have);
		assert_false(kept);
		assert_null(strstr(err_text(&err), "zhao"));
		assert_non_null(strstr(err_text(&err), "revoked"));
	}
	assert_int_equal(kept_aside(w), before);
	/* and its head is refused the same way, before the rest arrives */
	{
		unsigned char sender[SYNC_DEVICE_BYTES];
		uint64_t length;
		assert_status(county_head(w->county, b, SYNC_STREAM_AT, len, sender, &length,
		                          &err),
		              DS_EPERM, &err);
	}
	free(b);
	store_secret_free(&sk);
	store_close(&s);
}

static void test_head(void **state)
{
	world *w = *state;
	unsigned char *b, sender[SYNC_DEVICE_BYTES], junk[SYNC_STREAM_AT];
	size_t len;
	uint64_t length;
	ds_error err;
	b = bundle(w, WANG, SYNC_UP, 50, &len);
	assert_ok(county_head(w->county, b, SYNC_STREAM_AT, len, sender, &length, &err),
	          &err);
	assert_memory_equal(sender, w->pub[WANG].device, SYNC_DEVICE_BYTES);
	assert_int_equal(length, len);
	assert_ok(county_head(w->county, b, SYNC_STREAM_AT, 0, sender, &length, &err),
	          &err);
	assert_status(county_head(w->county, b, SYNC_STREAM_AT, len + 5, sender, &length,
	                          &err),
	              DS_EDAMAGED, &err);
	free(b);
	b = bundle(w, LI, SYNC_UP, 1, &len);
	assert_status(county_head(w->county, b, SYNC_STREAM_AT, len, sender, &length,
	                          &err),
	              DS_EPERM, &err);
	free(b);
	memset(junk, 'x', sizeof(junk));
	assert_status(county_head(w->county, junk, sizeof(junk), 0, sender, &length, &err),
	              DS_EINPUT, &err);
}

static void test_aside_caps(void **state)
{
	static const struct {
		store_aside_usage u;
		uint64_t len;
		bool fits;
	} cases[] = {
		{{0, 0, 0, 0, false}, 1000, true},
		{{COUNTY_ASIDE_DEVICE_COUNT - 1, 0, 0, 0, false}, 1000, true},
		{{COUNTY_ASIDE_DEVICE_COUNT, 0, 0, 0, false}, 1000, false},
		{{COUNTY_ASIDE_DEVICE_COUNT, 0, 0, 0, true}, 1000, true}, /* already there */
		{{0, (int64_t)COUNTY_ASIDE_DEVICE_BYTES - 1000, 0, 0, false}, 1000, true},
		{{0, (int64_t)COUNTY_ASIDE_DEVICE_BYTES - 999, 0, 0, false}, 1000, false},
		{{0, 0, COUNTY_ASIDE_TOTAL_COUNT - 1, 0, false}, 1000, true},
		{{0, 0, COUNTY_ASIDE_TOTAL_COUNT, 0, false}, 1000, false},
		{{0, 0, 0, (int64_t)COUNTY_ASIDE_TOTAL_BYTES - 1000, false}, 1000, true},
		{{0, 0, 0, (int64_t)COUNTY_ASIDE_TOTAL_BYTES, false}, 1, false},
		{{0, 0, 0, 0, false}, COUNTY_ASIDE_DEVICE_BYTES + 1, false},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		const char *over = county_aside_over(&cases[i].u, cases[i].len);
		if ((over == NULL) != cases[i].fits)
			fail_msg("case %zu: %s", i, over ? over : "fits");
	}
}

/* ---- the signed download request ------------------------------------------------- */

static void test_downreq_round_trip(void **state)
{
	world *w = *state;
	char req[SYNC_DOWNREQ_B64], sig[SYNC_DOWNSIG_B64], req2[SYNC_DOWNREQ_B64];
	sync_downreq q;
	ds_error err;
	assert_ok(sync_downreq_make(w->pub[WANG].device, 7, 1700000000, w->sign_sk[WANG]->p,
	                            req, sig, &err),
	          &err);
	assert_int_equal(strlen(req), SYNC_DOWNREQ_B64 - 1);
	assert_int_equal(strlen(sig), SYNC_DOWNSIG_B64 - 1);
	assert_ok(sync_downreq_parse(req, sig, &q, &err), &err);
	assert_memory_equal(q.device, w->pub[WANG].device, SYNC_DEVICE_BYTES);
	assert_int_equal(q.number, 7);
	assert_int_equal(q.time, 1700000000);
	assert_ok(sync_downreq_verify(&q, w->pub[WANG].sign_pk, &err), &err);
	assert_status(sync_downreq_verify(&q, w->pub[ZHANG].sign_pk, &err), DS_EPERM, &err);
	/* a fresh nonce each time */
	assert_ok(sync_downreq_make(w->pub[WANG].device, 7, 1700000000, w->sign_sk[WANG]->p,
	                            req2, sig, &err),
	          &err);
	assert_string_not_equal(req, req2);
	assert_status(sync_downreq_make(w->pub[WANG].device, 0, 1700000000,
	                                w->sign_sk[WANG]->p, req, sig, &err),
	              DS_EINPUT, &err);
}

static void test_downreq_refused(void **state)
{
	world *w = *state;
	char req[SYNC_DOWNREQ_B64], sig[SYNC_DOWNSIG_B64], bad[128];
	unsigned char raw[SYNC_DOWNREQ_BYTES];
	sync_downreq q;
	ds_error err;
	assert_ok(sync_downreq_make(w->pub[WANG].device, 3, 1700000000, w->sign_sk[WANG]->p,
	                            req, sig, &err),
	          &err);
	/* absent */
	assert_status(sync_downreq_parse(NULL, sig, &q, &err), DS_EPERM, &err);
	assert_status(sync_downreq_parse(req, NULL, &q, &err), DS_EPERM, &err);
	assert_status(sync_downreq_parse("", "", &q, &err), DS_EPERM, &err);
	/* one character short, one too many, one outside the alphabet */
	snprintf(bad, sizeof(bad), "%.*s", (int)strlen(req) - 1, req);
	assert_status(sync_downreq_parse(bad, sig, &q, &err), DS_EPERM, &err);
	snprintf(bad, sizeof(bad), "%sA", req);
	assert_status(sync_downreq_parse(bad, sig, &q, &err), DS_EPERM, &err);
	snprintf(bad, sizeof(bad), "%s", req);
	bad[10] = '*';
	assert_status(sync_downreq_parse(bad, sig, &q, &err), DS_EPERM, &err);
	snprintf(bad, sizeof(bad), "%s", sig);
	bad[87] = 'A'; /* the padding */
	assert_status(sync_downreq_parse(req, bad, &q, &err), DS_EPERM, &err);
	/* another magic; number 0; a number or time past INT64_MAX */
	assert_true(store_unb64(raw, sizeof(raw), req));
	raw[0] = 'D';
	store_b64(bad, sizeof(bad), raw, sizeof(raw));
	assert_status(sync_downreq_parse(bad, sig, &q, &err), DS_EPERM, &err);
	assert_true(store_unb64(raw, sizeof(raw), req));
	memset(raw + 31, 0, 8);
	store_b64(bad, sizeof(bad), raw, sizeof(raw));
	assert_status(sync_downreq_parse(bad, sig, &q, &err), DS_EPERM, &err);
	assert_true(store_unb64(raw, sizeof(raw), req));
	raw[31 + 7] = 0x80;
	store_b64(bad, sizeof(bad), raw, sizeof(raw));
	assert_status(sync_downreq_parse(bad, sig, &q, &err), DS_EPERM, &err);
	assert_true(store_unb64(raw, sizeof(raw), req));
	raw[39 + 7] = 0x80;
	store_b64(bad, sizeof(bad), raw, sizeof(raw));
	assert_status(sync_downreq_parse(bad, sig, &q, &err), DS_EPERM, &err);
	/* well formed, but any byte changed fails the signature */
	assert_true(store_unb64(raw, sizeof(raw), req));
	raw[50] ^= 1;
	store_b64(bad, sizeof(bad), raw, sizeof(raw));
	assert_ok(sync_downreq_parse(bad, sig, &q, &err), &err);
	assert_status(sync_downreq_verify(&q, w->pub[WANG].sign_pk, &err), DS_EPERM, &err);
}

static void test_downreq_time(void **state)
{
	static const struct {
		int64_t t, now, not_before;
		ds_status want;
	} cases[] = {
		{1000000, 1000000, 0, DS_OK},
		{1000000 - SYNC_DOWNREQ_WINDOW, 1000000, 0, DS_OK},
		{1000000 - SYNC_DOWNREQ_WINDOW - 1, 1000000, 0, DS_EPERM},
		{1000000 + SYNC_DOWNREQ_WINDOW, 1000000, 0, DS_OK},
		{1000000 + SYNC_DOWNREQ_WINDOW + 1, 1000000, 0, DS_EPERM},
		{1000000, 1000000, 1000000, DS_OK},
		{999999, 1000000, 1000000, DS_EPERM},    /* before the server started */
		{INT64_MAX, 1000000, 0, DS_EPERM},
		{0, INT64_MAX, 0, DS_EPERM},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		sync_downreq q;
		ds_error err;
		memset(&q, 0, sizeof(q));
		q.time = cases[i].t;
		if (sync_downreq_check_time(&q, cases[i].now, cases[i].not_before, &err) !=
		    cases[i].want)
			fail_msg("case %zu", i);
	}
}

static void test_down_allowed(void **state)
{
	world *w = *state;
	char req[SYNC_DOWNREQ_B64], sig[SYNC_DOWNSIG_B64], words[2][1024];
	sync_downreq q;
	ds_error err;
	/* wang, signed by wang */
	assert_ok(sync_downreq_make(w->pub[WANG].device, 1, 1700000000, w->sign_sk[WANG]->p,
	                            req, sig, &err),
	          &err);
	assert_ok(sync_downreq_parse(req, sig, &q, &err), &err);
	assert_ok(county_down_allowed(w->county, &q, &err), &err);
	/* wang's id, signed by zhang */
	assert_ok(sync_downreq_make(w->pub[WANG].device, 1, 1700000000, w->sign_sk[ZHANG]->p,
	                            req, sig, &err),
	          &err);
	assert_ok(sync_downreq_parse(req, sig, &q, &err), &err);
	assert_status(county_down_allowed(w->county, &q, &err), DS_EPERM, &err);
	snprintf(words[0], sizeof(words[0]), "%s", err_text(&err));
	/* li, never enrolled, signed by li */
	assert_ok(sync_downreq_make(w->pub[LI].device, 1, 1700000000, w->sign_sk[LI]->p,
	                            req, sig, &err),
	          &err);
	assert_ok(sync_downreq_parse(req, sig, &q, &err), &err);
	assert_status(county_down_allowed(w->county, &q, &err), DS_EPERM, &err);
	snprintf(words[1], sizeof(words[1]), "%s", err_text(&err));
	/* one answer for both, naming no one */
	assert_string_equal(words[0], words[1]);
	assert_null(strstr(words[0], "wang"));
	assert_null(strstr(words[0], "zhang"));
}

/* ---- the nonces ------------------------------------------------------------------ */

static void test_nonces(void **state)
{
	county_nonces *n = county_nonces_new(4);
	unsigned char a[SYNC_DOWNREQ_NONCE_BYTES];
	(void)state;
	assert_non_null(n);
	memset(a, 0, sizeof(a));
	/* new, then seen while live */
	assert_int_equal(county_nonces_add(n, a, 100, 10), COUNTY_NONCE_NEW);
	assert_int_equal(county_nonces_add(n, a, 100, 50), COUNTY_NONCE_SEEN);
	assert_int_equal(county_nonces_add(n, a, 100, 100), COUNTY_NONCE_SEEN);
	/* three more fill it; a fifth live one is refused, not one forgotten */
	for (int i = 1; i <= 3; i++) {
		a[0] = (unsigned char)i;
		assert_int_equal(county_nonces_add(n, a, 100 + i, 10), COUNTY_NONCE_NEW);
	}
	a[0] = 9;
	assert_int_equal(county_nonces_add(n, a, 200, 10), COUNTY_NONCE_FULL);
	a[0] = 0;
	assert_int_equal(county_nonces_add(n, a, 100, 60), COUNTY_NONCE_SEEN);
	/* once the first ones' time has passed, there is room again */
	a[0] = 9;
	assert_int_equal(county_nonces_add(n, a, 300, 102), COUNTY_NONCE_NEW);
	a[0] = 3;
	assert_int_equal(county_nonces_add(n, a, 103, 102), COUNTY_NONCE_SEEN);
	county_nonces_free(&n);
	county_nonces_free(&n);
	assert_null(n);
	assert_null(county_nonces_new(0));
}

static void test_nonces_many(void **state)
{
	county_nonces *n = county_nonces_new(COUNTY_NONCES);
	unsigned char a[SYNC_DOWNREQ_NONCE_BYTES];
	(void)state;
	assert_non_null(n);
	for (uint32_t i = 0; i < COUNTY_NONCES; i++) {
		memset(a, 0, sizeof(a));
		memcpy(a, &i, sizeof(i));
		assert_int_equal(county_nonces_add(n, a, 1000, 1), COUNTY_NONCE_NEW);
	}
	for (uint32_t i = 0; i < COUNTY_NONCES; i += 997) {
		memset(a, 0, sizeof(a));
		memcpy(a, &i, sizeof(i));
		assert_int_equal(county_nonces_add(n, a, 1000, 2), COUNTY_NONCE_SEEN);
	}
	county_nonces_free(&n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unauthenticated_not_kept),
		cmocka_unit_test(test_authenticated_kept_and_capped),
		cmocka_unit_test(test_revoked_not_kept),
		cmocka_unit_test(test_head),
		cmocka_unit_test(test_aside_caps),
		cmocka_unit_test(test_downreq_round_trip),
		cmocka_unit_test(test_downreq_refused),
		cmocka_unit_test(test_downreq_time),
		cmocka_unit_test(test_down_allowed),
		cmocka_unit_test(test_nonces),
		cmocka_unit_test(test_nonces_many),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
