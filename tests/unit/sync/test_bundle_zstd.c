/* test_bundle_zstd.c — bundle format 2 (sync/bundle.c, sync/BUNDLE.md "The
 * body"): the payload compressed and padded to a bucket; a bundle of format
 * 1 made by the doorstep before it still opens; a decompression bomb, a
 * false declared size, a frame cut short or altered and padding that is
 * not the bucket's are refused as damaged, each naming its field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>
#include <zstd.h>

#include "sync/bundle.h"

/* The fuzz corpus's keys (tests/fuzz/fuzz_bundle.c): fixed seeds, so a
 * bundle committed there opens here. */
static unsigned char box_pk[STORE_BOX_PK_BYTES], box_sk[STORE_BOX_SK_BYTES];
static unsigned char sign_pk[STORE_SIGN_PK_BYTES], sign_sk[STORE_SIGN_SK_BYTES];

static int group_setup(void **state)
{
	unsigned char seed[32];
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	for (int i = 0; i < 32; i++)
		seed[i] = (unsigned char)(i + 1);
	crypto_box_seed_keypair(box_pk, box_sk, seed);
	for (int i = 0; i < 32; i++)
		seed[i] = (unsigned char)(0x80 + i);
	crypto_sign_seed_keypair(sign_pk, sign_sk, seed);
	return 0;
}

static ds_status lookup(void *ctx, const unsigned char sender[SYNC_DEVICE_BYTES],
                        unsigned char pk[STORE_SIGN_PK_BYTES], ds_error *err)
{
	(void)ctx;
	(void)sender;
	(void)err;
	memcpy(pk, sign_pk, STORE_SIGN_PK_BYTES);
	return DS_OK;
}

static const char *err_text(const ds_error *e)
{
	static char buf[1024];
	ds_error_format(e, buf, sizeof(buf), NULL);
	return buf;
}

static sync_envelope env_default(void)
{
	sync_envelope e;
	memset(&e, 0, sizeof(e));
	e.kind = SYNC_UP;
	memset(e.sender, 0xA5, sizeof(e.sender));
	e.epoch = 1;
	e.number = 4;
	e.first = 10;
	e.last = 20;
	e.count = 11;
	return e;
}

static void le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t stream_len(uint64_t n)
{
	uint64_t chunks = n ? (n + SYNC_CHUNK - 1) / SYNC_CHUNK : 1;
	return n + chunks * (4 + SYNC_CHUNK_ABYTES);
}

/* Event-like lines: what bundles carry, repetitive as JSON is. */
static unsigned char *events_text(size_t n)
{
	unsigned char *p = malloc(n ? n : 1);
	size_t at = 0;
	unsigned k = 0;
	assert_non_null(p);
	while (at < n) {
		char line[200];
		int w = snprintf(line, sizeof(line),
		                 "{\"t\":\"ev\",\"dseq\":%u,\"kind\":\"household.assessed\",\"entity\":\"hh-%06u\",\"blen\":%u}\n",
		                 k, k * 7919 % 1000000, 900 + k % 37);
		for (int i = 0; i < w && at < n; i++)
			p[at++] = (unsigned char)line[i];
		k++;
	}
	return p;
}

/* Opens buf with the corpus keys: the first failing status, or DS_OK with
 * o holding the payload (freed by the caller). */
static ds_status open_all(sync_opened *o, const unsigned char *buf, size_t len,
                          ds_error *err)
{
	ds_status st = sync_bundle_open(o, buf, len, box_pk, box_sk, lookup, NULL, err);
	if (st == DS_OK && (st = sync_bundle_open_payload(o, buf, len, err)) != DS_OK)
		sync_opened_free(o);
	return st;
}

/* ---- round trip --------------------------------------------------------------- */

static void test_round_trip(void **state)
{
	static const size_t sizes[] = {0, 1, 13, 1000, 5000, 70000, 3 * 65536 + 5,
	                               1500000};
	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		sync_envelope env = env_default();
		unsigned char *p = events_text(sizes[i]), *buf = NULL, hash[32], h2[32];
		size_t len = 0;
		sync_opened o;
		ds_error err;
		assert_int_equal(sync_bundle_seal(&buf, &len, hash, &env, p, sizes[i],
		                                  box_pk, sign_sk),
		                 DS_OK);
		/* format 2 in the header, and a length the buckets allow */
		assert_int_equal(buf[8] | buf[9] << 8, SYNC_FORMAT_ZSTD);
		assert_true(len >= SYNC_STREAM_AT + stream_len(SYNC_BUCKET_MIN));
		if (open_all(&o, buf, len, &err) != DS_OK)
			fail_msg("%zu bytes: %s", sizes[i], err_text(&err));
		assert_int_equal(o.format, SYNC_FORMAT_ZSTD);
		assert_int_equal(o.plen, sizes[i]);
		assert_non_null(o.payload);
		if (sizes[i])
			assert_memory_equal(o.payload, p, sizes[i]);
		crypto_generichash(h2, 32, buf, len, NULL, 0);
		assert_memory_equal(o.hash, hash, 32);
		assert_memory_equal(h2, hash, 32);
		/* text like this compresses: the bundle is smaller than format 1's */
		if (sizes[i] >= 70000) {
			unsigned char *plain = NULL;
			size_t plen = 0;
			sync_envelope e2 = env_default();
			assert_int_equal(sync_bundle_seal_format(&plain, &plen, NULL, &e2, p,
			                                         sizes[i], SYNC_FORMAT_PLAIN,
			                                         box_pk, sign_sk),
			                 DS_OK);
			if (len * 4 > plen)
				fail_msg("%zu bytes: %zu compressed against %zu plain",
				         sizes[i], len, plen);
			free(plain);
		}
		sync_opened_free(&o);
		free(buf);
		free(p);
	}
}

/* ---- the old version ----------------------------------------------------------- */

/* Format 1 sealed now still opens, as format 1. */
static void test_format_1_sealed_now(void **state)
{
	sync_envelope env = env_default();
	unsigned char *p = events_text(3000), *buf = NULL;
	size_t len = 0;
	sync_opened o;
	ds_error err;
	(void)state;
	assert_int_equal(sync_bundle_seal_format(&buf, &len, NULL, &env, p, 3000,
	                                         SYNC_FORMAT_PLAIN, box_pk, sign_sk),
	                 DS_OK);
	assert_int_equal(buf[8], 1);
	assert_int_equal(len, SYNC_STREAM_AT + stream_len(3000));
	assert_int_equal(open_all(&o, buf, len, &err), DS_OK);
	assert_int_equal(o.format, SYNC_FORMAT_PLAIN);
	assert_int_equal(o.plen, 3000);
	assert_memory_equal(o.payload, p, 3000);
	sync_opened_free(&o);
	free(buf);
	/* no other format is sealed */
	assert_int_equal(sync_bundle_seal_format(&buf, &len, NULL, &env, p, 3000, 3,
	                                         box_pk, sign_sk),
	                 DS_EINPUT);
	assert_null(buf);
	free(p);
}

/* Bundles made by the doorstep before format 2, committed with the fuzz
 * corpus (tests/fuzz/corpus/bundle/up-events, down-3000), open as they
 * did. */
static void test_format_1_committed(void **state)
{
	static const struct {
		const char *path;
		size_t plen;
	} files[] = {
		{"tests/fuzz/corpus/bundle/up-events", 75},
		{"tests/fuzz/corpus/bundle/down-3000", 3000},
		{"tests/fuzz/corpus/bundle/up-empty", 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		unsigned char buf[8192];
		size_t len;
		sync_opened o;
		ds_error err;
		FILE *f = fopen(files[i].path, "rb");
		if (!f)
			fail_msg("%s: cannot be read (run from the source folder)",
			         files[i].path);
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		assert_int_equal(buf[8], SYNC_FORMAT_PLAIN);
		if (open_all(&o, buf, len, &err) != DS_OK)
			fail_msg("%s: %s", files[i].path, err_text(&err));
		assert_int_equal(o.format, SYNC_FORMAT_PLAIN);
		assert_int_equal(o.plen, files[i].plen);
		if (i == 0)
			assert_memory_equal(o.payload, "{\"seq\":101,", 11);
		sync_opened_free(&o);
	}
}

/* ---- bodies made by hand ------------------------------------------------------- */

/* A body: declared size raw, the frame (zlen bytes of it, which may be
 * fewer or more than frame holds), zeros to blen (0: the bucket's). */
static unsigned char *body_of(size_t *blen, uint64_t raw, const unsigned char *frame,
                              size_t flen, uint64_t zlen, size_t want_len)
{
	size_t n = want_len ? want_len : (size_t)sync_bucket(SYNC_BODY_HEAD + zlen);
	/* room for the sizes even when the body is to be shorter than them:
	 * only its first n bytes are the body */
	unsigned char *b = calloc(1, n > SYNC_BODY_HEAD ? n : SYNC_BODY_HEAD);
	assert_non_null(b);
	le64(b, raw);
	le64(b + 8, zlen);
	if (n > SYNC_BODY_HEAD)
		memcpy(b + SYNC_BODY_HEAD, frame,
		       flen < n - SYNC_BODY_HEAD ? flen : n - SYNC_BODY_HEAD);
	*blen = n;
	return b;
}

/* Seals body as format 2 with payload_hash that of payload. */
static unsigned char *seal_body(size_t *len, const unsigned char *body, size_t blen,
                                const unsigned char *payload, size_t plen)
{
	sync_envelope env = env_default();
	unsigned char *buf = NULL;
	crypto_generichash(env.payload_hash, 32, payload, plen, NULL, 0);
	assert_int_equal(sync_bundle_seal_stream(&buf, len, &env, SYNC_FORMAT_ZSTD, body,
	                                         blen, box_pk, sign_sk),
	                 DS_OK);
	return buf;
}

static unsigned char *frame_of(size_t *flen, const unsigned char *p, size_t n)
{
	size_t cap = ZSTD_compressBound(n);
	unsigned char *f = malloc(cap);
	assert_non_null(f);
	*flen = ZSTD_compress(f, cap, p, n, 19);
	assert_false(ZSTD_isError(*flen));
	return f;
}

/* The body is refused with DS_EDAMAGED, naming says. */
static void refused(const char *name, const unsigned char *body, size_t blen,
                    const unsigned char *payload, size_t plen, const char *says)
{
	size_t len;
	unsigned char *buf = seal_body(&len, body, blen, payload, plen);
	sync_opened o;
	ds_error err;
	ds_status st = open_all(&o, buf, len, &err);
	if (st != DS_EDAMAGED)
		fail_msg("%s: status %d (%s)", name, (int)st, err_text(&err));
	if (!strstr(err_text(&err), says) || strncmp(err_text(&err), "bundle", 6))
		fail_msg("%s: \"%s\" does not say \"%s\"", name, err_text(&err), says);
	if (strchr(err_text(&err), '\n'))
		fail_msg("%s: more than one line", name);
	free(buf);
}

/* The body made by hand as sealing makes it opens: the tests below differ
 * from it in one thing each. */
static void test_hand_made_body_opens(void **state)
{
	unsigned char *p = events_text(20000), *f, *b, *buf;
	size_t flen, blen, len;
	sync_opened o;
	ds_error err;
	(void)state;
	f = frame_of(&flen, p, 20000);
	b = body_of(&blen, 20000, f, flen, flen, 0);
	buf = seal_body(&len, b, blen, p, 20000);
	assert_int_equal(open_all(&o, buf, len, &err), DS_OK);
	assert_int_equal(o.plen, 20000);
	assert_memory_equal(o.payload, p, 20000);
	sync_opened_free(&o);
	free(buf);
	free(b);
	free(f);
	free(p);
}

/* A frame of 64 MiB of zeros (a few KiB) under a small declared size, and
 * under a declared size over the limit. */
static void test_bomb_refused(void **state)
{
	const size_t big = 64u << 20;
	unsigned char *zeros = calloc(1, big), *f, *b;
	size_t flen, blen;
	(void)state;
	assert_non_null(zeros);
	f = frame_of(&flen, zeros, big);
	assert_true(flen < 64 * 1024);
	b = body_of(&blen, 1000, f, flen, flen, 0);
	refused("bomb under 1000", b, blen, zeros, 1000,
	        "payload decompresses beyond its declared size");
	free(b);
	/* declared one byte short of what it makes */
	b = body_of(&blen, big - 1, f, flen, flen, 0);
	refused("bomb one short", b, blen, zeros, big - 1,
	        "payload decompresses beyond its declared size");
	free(b);
	b = body_of(&blen, SYNC_MAX_RAW + 1, f, flen, flen, 0);
	refused("declared over the limit", b, blen, zeros, 0,
	        "declared size is over the limit");
	free(b);
	b = body_of(&blen, UINT64_MAX, f, flen, flen, 0);
	refused("declared 2^64-1", b, blen, zeros, 0, "declared size is over the limit");
	free(b);
	/* a declared size the frame does not reach */
	b = body_of(&blen, SYNC_MAX_RAW, f, flen, flen, 0);
	refused("declared more than it makes", b, blen, zeros, 0,
	        "decompresses short of its declared size");
	free(b);
	free(f);
	free(zeros);
}

static void test_damaged_frames_refused(void **state)
{
	unsigned char *p = events_text(50000), *f, *b, *two;
	size_t flen, blen;
	(void)state;
	f = frame_of(&flen, p, 50000);

	/* the frame cut short, its length saying so */
	b = body_of(&blen, 50000, f, flen / 2, flen / 2, 0);
	refused("frame cut in half", b, blen, p, 50000, "compressed payload");
	free(b);
	b = body_of(&blen, 50000, f, flen - 1, flen - 1, 0);
	refused("frame one byte short", b, blen, p, 50000, "compressed payload");
	free(b);
	/* a byte of the frame altered, everywhere in turn: refused by zstd,
	 * by the declared size or by the payload's hash */
	for (size_t at = 4; at < flen; at += flen / 23 + 1) {
		unsigned char *g = malloc(flen);
		assert_non_null(g);
		memcpy(g, f, flen);
		g[at] ^= 0x40;
		b = body_of(&blen, 50000, g, flen, flen, 0);
		refused("frame altered", b, blen, p, 50000, "payload");
		free(b);
		free(g);
	}
	/* not a zstd frame */
	b = body_of(&blen, 50000, (const unsigned char *)"not zstd at all", 15, 15, 0);
	refused("not zstd", b, blen, p, 50000, "not a zstd frame");
	free(b);
	/* a second frame after the first, within the length */
	two = malloc(2 * flen);
	assert_non_null(two);
	memcpy(two, f, flen);
	memcpy(two + flen, f, flen);
	b = body_of(&blen, 50000, two, 2 * flen, 2 * flen, 0);
	refused("two frames", b, blen, p, 50000, "compressed length runs past its frame");
	free(b);
	free(two);
	/* the length past the body */
	b = body_of(&blen, 50000, f, flen, flen, 0);
	le64(b + 8, blen - SYNC_BODY_HEAD + 1);
	refused("length past the body", b, blen, p, 50000,
	        "compressed length runs past its body");
	free(b);
	/* padding that is not zeros, or not the bucket */
	b = body_of(&blen, 50000, f, flen, flen, 0);
	assert_true(blen > SYNC_BODY_HEAD + flen);
	b[blen - 1] = 1;
	refused("padding not zeros", b, blen, p, 50000, "padding is not zeros");
	free(b);
	b = body_of(&blen, 50000, f, flen, flen, sync_bucket(SYNC_BODY_HEAD + flen) + 64);
	refused("padding past the bucket", b, blen, p, 50000, "padding is not its size bucket");
	free(b);
	b = body_of(&blen, 50000, f, flen, flen, SYNC_BODY_HEAD + flen);
	refused("no padding", b, blen, p, 50000, "padding is not its size bucket");
	free(b);
	b = body_of(&blen, 0, f, 0, 0, 10);
	refused("shorter than its sizes", b, blen, p, 0, "shorter than its sizes");
	free(b);
	free(f);
	free(p);
}

/* A sealed format 2 bundle cut short or altered anywhere is refused. */
static void test_sealed_tampered(void **state)
{
	sync_envelope env = env_default();
	unsigned char *p = events_text(100000), *good = NULL;
	size_t len = 0;
	(void)state;
	assert_int_equal(sync_bundle_seal(&good, &len, NULL, &env, p, 100000, box_pk,
	                                  sign_sk),
	                 DS_OK);
	for (size_t cut = 0; cut < len; cut += len / 17 + 1) {
		sync_opened o;
		ds_error err;
		unsigned char *b = malloc(cut ? cut : 1);
		assert_non_null(b);
		memcpy(b, good, cut);
		if (open_all(&o, b, cut, &err) == DS_OK)
			fail_msg("opened cut at %zu of %zu", cut, len);
		free(b);
	}
	for (size_t at = SYNC_STREAM_AT; at < len; at += (len - SYNC_STREAM_AT) / 19 + 1) {
		sync_opened o;
		ds_error err;
		unsigned char *b = malloc(len);
		assert_non_null(b);
		memcpy(b, good, len);
		b[at] ^= 1;
		if (open_all(&o, b, len, &err) != DS_EDAMAGED)
			fail_msg("byte %zu altered: %s", at, err_text(&err));
		free(b);
	}
	free(good);
	free(p);
}

/* ---- padding ----------------------------------------------------------------- */

static void test_bucket_sizes(void **state)
{
	uint64_t prev = 0, b, count = 0;
	(void)state;
	assert_int_equal(sync_bucket(0), SYNC_BUCKET_MIN);
	assert_int_equal(sync_bucket(1), SYNC_BUCKET_MIN);
	assert_int_equal(sync_bucket(SYNC_BUCKET_MIN), SYNC_BUCKET_MIN);
	assert_int_equal(sync_bucket(SYNC_BUCKET_MIN + 1), 1280);
	assert_int_equal(sync_bucket(1281), 1600);
	assert_int_equal(sync_bucket(1601), 2048);
	/* each bucket a quarter over the one before (to the next 64 bytes),
	 * itself its own bucket, and a few dozen of them in all */
	for (b = sync_bucket(0); b; b = sync_bucket(b + 1)) {
		assert_int_equal(sync_bucket(b), b);
		assert_int_equal(b % 64 == 0 || b == SYNC_MAX_BODY, 1);
		if (prev)
			assert_true(b <= prev + prev / 4 + 64);
		assert_true(b > prev);
		prev = b;
		count++;
	}
	assert_int_equal(prev, SYNC_MAX_BODY);
	assert_true(count > 40 && count < 64);
	assert_int_equal(sync_bucket(SYNC_MAX_BODY), SYNC_MAX_BODY);
	assert_int_equal(sync_bucket(SYNC_MAX_BODY + 1), 0);
	/* the largest body's stream fits the largest payload */
	assert_true(stream_len(SYNC_MAX_BODY) <= SYNC_MAX_PAYLOAD);
}

/* Payloads of different lengths and content that compress to about the
 * same size make bundles of the same size; the size is always a bucket's. */
static void test_bundle_sizes_are_buckets(void **state)
{
	size_t first = 0;
	(void)state;
	for (size_t n = 2000; n <= 2600; n += 100) {
		sync_envelope env = env_default();
		unsigned char *p = malloc(n), *buf = NULL;
		size_t len = 0;
		bool ok = false;
		assert_non_null(p);
		randombytes_buf(p, 64);
		for (size_t i = 64; i < n; i++)
			p[i] = (unsigned char)('a' + i % 3);
		assert_int_equal(sync_bundle_seal(&buf, &len, NULL, &env, p, n, box_pk,
		                                  sign_sk),
		                 DS_OK);
		for (uint64_t b = sync_bucket(0); b && !ok; b = sync_bucket(b + 1))
			ok = len == SYNC_STREAM_AT + stream_len(b);
		assert_true(ok);
		if (!first)
			first = len;
		assert_int_equal(len, first);
		free(buf);
		free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_format_1_sealed_now),
		cmocka_unit_test(test_format_1_committed),
		cmocka_unit_test(test_hand_made_body_opens),
		cmocka_unit_test(test_bomb_refused),
		cmocka_unit_test(test_damaged_frames_refused),
		cmocka_unit_test(test_sealed_tampered),
		cmocka_unit_test(test_bucket_sizes),
		cmocka_unit_test(test_bundle_sizes_are_buckets),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
