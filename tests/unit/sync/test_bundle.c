/* test_bundle.c — sync bundles (sync/bundle): sealing and opening, the
 * byte layout of sync/BUNDLE.md, and every way a bundle is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "sync/bundle.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define C SYNC_CHUNK
#define T_MSG crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
#define T_FINAL crypto_secretstream_xchacha20poly1305_TAG_FINAL
#define T_PUSH crypto_secretstream_xchacha20poly1305_TAG_PUSH
#define T_REKEY crypto_secretstream_xchacha20poly1305_TAG_REKEY

/* Recipients A and B (box keys), signers S and T (Ed25519). */
static unsigned char pk_a[STORE_BOX_PK_BYTES], sk_a[STORE_BOX_SK_BYTES];
static unsigned char pk_b[STORE_BOX_PK_BYTES], sk_b[STORE_BOX_SK_BYTES];
static unsigned char spk_s[STORE_SIGN_PK_BYTES], ssk_s[STORE_SIGN_SK_BYTES];
static unsigned char spk_t[STORE_SIGN_PK_BYTES], ssk_t[STORE_SIGN_SK_BYTES];

static int group_setup(void **state)
{
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	crypto_box_keypair(pk_a, sk_a);
	crypto_box_keypair(pk_b, sk_b);
	crypto_sign_keypair(spk_s, ssk_s);
	crypto_sign_keypair(spk_t, ssk_t);
	return 0;
}

/* ---- helpers ----------------------------------------------------------------- */

static const char *err_text(const ds_error *e)
{
	static char buf[1024];
	ds_error_format(e, buf, sizeof(buf), NULL);
	return buf;
}

#define assert_status(got, want, e)                                           \
	do {                                                                  \
		ds_status got_ = (got), want_ = (want);                       \
		if (got_ != want_)                                            \
			fail_msg("status %d, wanted %d (%s)", (int)got_,      \
			         (int)want_, err_text(e));                    \
	} while (0)

/* The formatted error ("bundle: ...") says want. */
static void assert_says(const ds_error *e, const char *want)
{
	const char *t = err_text(e);
	if (strncmp(t, "bundle", 6) != 0 || !strstr(t, want))
		fail_msg("error \"%s\" does not say \"bundle: ...%s\"", t, want);
}

/* The signer lookup: answers pk, or fails with st, and notes the ask. */
typedef struct {
	const unsigned char *pk;
	ds_status st;
	int calls;
	unsigned char asked[SYNC_DEVICE_BYTES];
} signer;

static const char lookup_where[] = "device d0d1";
static const char lookup_msg[] = "unknown device";

static ds_status lookup(void *ctx, const unsigned char sender[SYNC_DEVICE_BYTES],
                        unsigned char pk[STORE_SIGN_PK_BYTES], ds_error *err)
{
	signer *s = ctx;
	s->calls++;
	memcpy(s->asked, sender, SYNC_DEVICE_BYTES);
	if (s->st != DS_OK)
		return ds_fail(err, s->st, lookup_where, lookup_msg);
	memcpy(pk, s->pk, STORE_SIGN_PK_BYTES);
	return DS_OK;
}

static sync_envelope env_default(void)
{
	sync_envelope e;
	memset(&e, 0, sizeof(e));
	e.kind = SYNC_UP;
	for (int i = 0; i < SYNC_DEVICE_BYTES; i++)
		e.sender[i] = (unsigned char)(0xD0 + i);
	e.epoch = 7;
	e.number = 3;
	e.first = 100;
	e.last = 140;
	e.count = 41;
	for (int i = 0; i < SYNC_HASH_BYTES; i++)
		e.prev[i] = (unsigned char)i;
	return e;
}

static unsigned char *pattern(size_t n)
{
	unsigned char *p = malloc(n ? n : 1);
	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 31 + 7 + (i >> 16));
	return p;
}

/* A copy in a heap block of exactly len bytes, so ASan sees any read
 * past the end. */
static unsigned char *dup_exact(const unsigned char *b, size_t len)
{
	unsigned char *p = malloc(len ? len : 1);
	assert_non_null(p);
	if (len)
		memcpy(p, b, len);
	return p;
}

static uint64_t stream_len(uint64_t plen)
{
	uint64_t chunks = plen ? (plen + C - 1) / C : 1;
	return plen + chunks * (4 + SYNC_CHUNK_ABYTES);
}

/* Seals payload under env with signer S to recipient A, in format 1 (the
 * payload as it is): the layout these tests read byte by byte. Format 2
 * (compressed) has its own tests, test_bundle_zstd.c. */
static unsigned char *seal_ok(size_t *len, sync_envelope *env,
                              const unsigned char *payload, size_t plen,
                              unsigned char hash[SYNC_HASH_BYTES])
{
	unsigned char *out = NULL;
	assert_int_equal(sync_bundle_seal_format(&out, len, hash, env,
	                                         payload, plen, SYNC_FORMAT_PLAIN,
	                                         pk_a, ssk_s),
	                 DS_OK);
	assert_non_null(out);
	return out;
}

/* Opens with A's keys and signer S: the first failing status, or DS_OK
 * with o holding the payload. o is freed unless it all succeeds. */
static ds_status open_both(sync_opened *o, const unsigned char *buf,
                           size_t len, signer *sg, ds_error *err)
{
	ds_status st = sync_bundle_open(o, buf, len, pk_a, sk_a, lookup, sg, err);
	if (st == DS_OK)
		st = sync_bundle_open_payload(o, buf, len, err);
	if (st != DS_OK)
		sync_opened_free(o);
	return st;
}

static void le16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* ---- a second sealer, written from sync/BUNDLE.md alone ---------------------
 * It makes streams sync_bundle_seal never would (a last chunk that is not
 * final, odd chunk sizes, tags, raw bytes after the chunks) and envelopes
 * it refuses, all properly sealed to A and signed, so each case reaches
 * the check it is about. */

typedef struct {
	size_t len;
	unsigned char tag;
} hchunk;

typedef struct {
	const sync_envelope *env; /* payload_hash taken as given */
	const unsigned char *payload;
	const hchunk *chunks;
	size_t nchunks;
	const unsigned char *tail; /* raw bytes after the chunks, in P */
	size_t tail_len;
	const unsigned char *sign_sk;
} hand;

static unsigned char *hand_seal(const hand *h, size_t *outlen)
{
	crypto_secretstream_xchacha20poly1305_state ss;
	unsigned char e[SYNC_ENVELOPE_BYTES], msg[SYNC_HEADER_BYTES + SYNC_ENVELOPE_BYTES];
	unsigned char id[32], *buf;
	size_t slen = h->tail_len, pos, off = 0, total;
	const sync_envelope *env = h->env;

	for (size_t i = 0; i < h->nchunks; i++)
		slen += 4 + h->chunks[i].len + SYNC_CHUNK_ABYTES;
	total = SYNC_STREAM_AT + slen;
	buf = malloc(total);
	assert_non_null(buf);

	memcpy(buf, "DSBUNDL1", 8);
	le16(buf + 8, 1);
	le16(buf + 10, 0);
	crypto_generichash(id, 32, pk_a, 32, NULL, 0);
	memcpy(buf + 12, id, 8);
	le32(buf + 20, 221);
	le64(buf + 24, slen);
	le64(buf + 32, 0);

	e[0] = env->kind;
	memcpy(e + 1, env->sender, 16);
	le64(e + 17, env->epoch);
	le64(e + 25, env->number);
	le64(e + 33, env->first);
	le64(e + 41, env->last);
	le32(e + 49, env->count);
	memcpy(e + 53, env->prev, 32);
	memcpy(e + 85, env->payload_hash, 32);
	crypto_secretstream_xchacha20poly1305_keygen(e + 117);
	assert_int_equal(crypto_secretstream_xchacha20poly1305_init_push(&ss, e + 149,
	                                                                 e + 117),
	                 0);
	assert_int_equal(crypto_box_seal(buf + 40, e, sizeof(e), pk_a), 0);
	memcpy(msg, buf, 40);
	memcpy(msg + 40, e, sizeof(e));
	crypto_sign_detached(buf + 40 + 221, NULL, msg, sizeof(msg), h->sign_sk);

	pos = SYNC_STREAM_AT;
	for (size_t i = 0; i < h->nchunks; i++) {
		size_t n = h->chunks[i].len;
		le32(buf + pos, (uint32_t)(n + SYNC_CHUNK_ABYTES));
		crypto_secretstream_xchacha20poly1305_push(
		        &ss, buf + pos + 4, NULL, n ? h->payload + off : e, n, buf,
		        40, h->chunks[i].tag);
		pos += 4 + n + SYNC_CHUNK_ABYTES;
		off += n;
	}
	if (h->tail_len)
		memcpy(buf + pos, h->tail, h->tail_len);
	sodium_memzero(&ss, sizeof(ss));
	*outlen = total;
	return buf;
}

/* ---- the key id and sealing ------------------------------------------------ */

static void test_key_id(void **state)
{
	unsigned char id_a[SYNC_KEY_ID_BYTES], id_b[SYNC_KEY_ID_BYTES], h[32];
	(void)state;
	sync_key_id(id_a, pk_a);
	sync_key_id(id_b, pk_b);
	crypto_generichash(h, 32, pk_a, 32, NULL, 0);
	assert_memory_equal(id_a, h, SYNC_KEY_ID_BYTES); /* BLAKE2b-256, cut */
	assert_memory_not_equal(id_a, id_b, SYNC_KEY_ID_BYTES);
}

static void test_seal_refuses(void **state)
{
	static const struct {
		const char *name;
		uint8_t kind;
		uint64_t number, first, last;
	} bad[] = {
		{"kind 0", 0, 1, 1, 2},
		{"kind 3", 3, 1, 1, 2},
		{"kind 255", 255, 1, 1, 2},
		{"number 0", SYNC_UP, 0, 1, 2},
		{"first after last", SYNC_DOWN, 1, 3, 2},
	};
	unsigned char one[1] = {1}, *out = one;
	size_t len = 99;
	sync_envelope env = env_default();
	(void)state;
	for (size_t i = 0; i < N(bad); i++) {
		sync_envelope e = env_default();
		e.kind = bad[i].kind;
		e.number = bad[i].number;
		e.first = bad[i].first;
		e.last = bad[i].last;
		if (sync_bundle_seal(&out, &len, NULL, &e, one, 1, pk_a, ssk_s) !=
		    DS_EINPUT)
			fail_msg("sealed an envelope with %s", bad[i].name);
		assert_null(out);
		assert_int_equal(len, 0);
	}
	assert_int_equal(sync_bundle_seal(NULL, &len, NULL, &env, one, 1, pk_a, ssk_s),
	                 DS_EINPUT);
	assert_int_equal(sync_bundle_seal(&out, NULL, NULL, &env, one, 1, pk_a, ssk_s),
	                 DS_EINPUT);
	assert_int_equal(sync_bundle_seal(&out, &len, NULL, NULL, one, 1, pk_a, ssk_s),
	                 DS_EINPUT);
	assert_int_equal(sync_bundle_seal(&out, &len, NULL, &env, NULL, 1, pk_a, ssk_s),
	                 DS_EINPUT);
	assert_int_equal(sync_bundle_seal(&out, &len, NULL, &env, one, 1, NULL, ssk_s),
	                 DS_EINPUT);
	assert_int_equal(sync_bundle_seal(&out, &len, NULL, &env, one, 1, pk_a, NULL),
	                 DS_EINPUT);
	/* Over the limit, in plaintext and once the chunk overhead is added;
	 * refused before anything is read or allocated. */
	assert_int_equal(sync_bundle_seal(&out, &len, NULL, &env, one,
	                                  (size_t)SYNC_MAX_PAYLOAD + 1, pk_a, ssk_s),
	                 DS_EINPUT);
	assert_int_equal(sync_bundle_seal(&out, &len, NULL, &env, one,
	                                  (size_t)SYNC_MAX_PAYLOAD, pk_a, ssk_s),
	                 DS_EINPUT);
	assert_null(out);
}

/* ---- round trips ----------------------------------------------------------- */

static void test_round_trip(void **state)
{
	static const size_t sizes[] = {0, 1, 13, C - 1, C, C + 1, 2 * C, 3 * C + 5};
	(void)state;
	for (size_t i = 0; i < N(sizes); i++) {
		size_t plen = sizes[i], len, pos;
		unsigned char *payload = pattern(plen), *buf, hash[32], h[32], id[8];
		sync_envelope env = env_default(), want;
		sync_opened o;
		signer sg = {spk_s, DS_OK, 0, {0}};
		ds_error err;
		uint64_t slen = stream_len(plen);

		memset(env.payload_hash, 0xEE, sizeof(env.payload_hash));
		buf = seal_ok(&len, &env, payload, plen, hash);
		/* The size and the clear header, as BUNDLE.md lays them out. */
		assert_int_equal(len, 40 + 221 + 64 + slen);
		assert_memory_equal(buf, "DSBUNDL1", 8);
		assert_int_equal(buf[8] | buf[9] << 8, 1);
		assert_int_equal(buf[10] | buf[11] << 8, 0);
		sync_key_id(id, pk_a);
		assert_memory_equal(buf + 12, id, 8);
		assert_int_equal(rd32(buf + 20), 221);
		assert_int_equal(rd64(buf + 24), slen);
		assert_int_equal(rd64(buf + 32), 0);
		/* The chunk lengths: full chunks, then the rest, final. */
		pos = SYNC_STREAM_AT;
		for (size_t left = plen;;) {
			size_t n = left < C ? left : C;
			assert_int_equal(rd32(buf + pos), n + SYNC_CHUNK_ABYTES);
			pos += 4 + n + SYNC_CHUNK_ABYTES;
			left -= n;
			if (!left)
				break;
		}
		assert_int_equal(pos, len);
		/* The bundle hash is of every byte. */
		crypto_generichash(h, 32, buf, len, NULL, 0);
		assert_memory_equal(hash, h, 32);
		/* Sealing wrote the payload hash into env. */
		crypto_generichash(h, 32, payload, plen, NULL, 0);
		assert_memory_equal(env.payload_hash, h, 32);
		want = env;

		assert_status(sync_bundle_open(&o, buf, len, pk_a, sk_a, lookup, &sg,
		                               &err),
		              DS_OK, &err);
		assert_int_equal(sg.calls, 1);
		assert_memory_equal(sg.asked, want.sender, SYNC_DEVICE_BYTES);
		assert_memory_equal(o.hash, hash, 32);
		assert_int_equal(o.stream_at, SYNC_STREAM_AT);
		assert_non_null(o.stream_key);
		assert_null(o.payload); /* nothing decrypted yet */
		assert_status(sync_bundle_open_payload(&o, buf, len, &err), DS_OK,
		              &err);
		assert_non_null(o.payload);
		assert_int_equal(o.plen, plen);
		if (plen)
			assert_memory_equal(o.payload, payload, plen);
		assert_int_equal(o.env.kind, want.kind);
		assert_memory_equal(o.env.payload_hash, want.payload_hash, 32);
		sync_opened_free(&o);
		free(buf);
		free(payload);
	}
}

static void test_envelope_fields_preserved(void **state)
{
	sync_envelope cases[3];
	(void)state;
	cases[0] = env_default();
	/* Every field at its widest. */
	memset(&cases[1], 0xFF, sizeof(cases[1]));
	cases[1].kind = SYNC_DOWN;
	cases[1].first = 0;
	/* The first bundle of an epoch: prev zeros, an empty range. */
	memset(&cases[2], 0, sizeof(cases[2]));
	cases[2].kind = SYNC_UP;
	cases[2].number = 1;
	cases[2].epoch = 0x0102030405060708ULL;
	cases[2].first = cases[2].last = 0x1122334455667788ULL;
	cases[2].count = 0x01020304;
	for (size_t i = 0; i < N(cases); i++) {
		sync_envelope env = cases[i];
		unsigned char *buf, payload[] = "a receipt";
		size_t len;
		sync_opened o;
		signer sg = {spk_s, DS_OK, 0, {0}};
		ds_error err;
		buf = seal_ok(&len, &env, payload, sizeof(payload), NULL);
		assert_status(open_both(&o, buf, len, &sg, &err), DS_OK, &err);
		assert_int_equal(o.env.kind, env.kind);
		assert_memory_equal(o.env.sender, env.sender, SYNC_DEVICE_BYTES);
		assert_true(o.env.epoch == env.epoch);
		assert_true(o.env.number == env.number);
		assert_true(o.env.first == env.first);
		assert_true(o.env.last == env.last);
		assert_int_equal(o.env.count, env.count);
		assert_memory_equal(o.env.prev, env.prev, SYNC_HASH_BYTES);
		assert_memory_equal(o.env.payload_hash, env.payload_hash,
		                    SYNC_HASH_BYTES);
		assert_memory_equal(sg.asked, env.sender, SYNC_DEVICE_BYTES);
		sync_opened_free(&o);
		free(buf);
	}
}

static void test_fresh_each_time(void **state)
{
	sync_envelope e1 = env_default(), e2 = env_default();
	unsigned char *b1, *b2, h1[32], h2[32], payload[] = "same payload";
	size_t l1, l2;
	sync_opened o;
	signer sg = {spk_s, DS_OK, 0, {0}};
	ds_error err;
	(void)state;
	b1 = seal_ok(&l1, &e1, payload, sizeof(payload), h1);
	b2 = seal_ok(&l2, &e2, payload, sizeof(payload), h2);
	assert_int_equal(l1, l2);
	/* Same header, fresh envelope and stream key, so different bytes. */
	assert_memory_equal(b1, b2, SYNC_HEADER_BYTES);
	assert_memory_not_equal(b1 + 40, b2 + 40, SYNC_SEALED_BYTES);
	assert_memory_not_equal(b1 + SYNC_STREAM_AT, b2 + SYNC_STREAM_AT,
	                        l1 - SYNC_STREAM_AT);
	assert_memory_not_equal(h1, h2, 32);
	assert_status(open_both(&o, b1, l1, &sg, &err), DS_OK, &err);
	sync_opened_free(&o);
	assert_status(open_both(&o, b2, l2, &sg, &err), DS_OK, &err);
	sync_opened_free(&o);
	free(b1);
	free(b2);
}

/* The signature is over the envelope's plaintext: sealed again (only the
 * recipient could), it still verifies, though the bundle hash changes. */
static void test_resealed_envelope_verifies(void **state)
{
	sync_envelope env = env_default();
	unsigned char *buf, hash[32], h[32], plain[SYNC_ENVELOPE_BYTES];
	unsigned char payload[] = "resealed";
	size_t len;
	sync_opened o;
	signer sg = {spk_s, DS_OK, 0, {0}};
	ds_error err;
	(void)state;
	buf = seal_ok(&len, &env, payload, sizeof(payload), hash);
	assert_int_equal(crypto_box_seal_open(plain, buf + 40, SYNC_SEALED_BYTES,
	                                      pk_a, sk_a),
	                 0);
	assert_int_equal(crypto_box_seal(buf + 40, plain, sizeof(plain), pk_a), 0);
	assert_status(open_both(&o, buf, len, &sg, &err), DS_OK, &err);
	assert_memory_equal(o.payload, payload, sizeof(payload));
	assert_memory_not_equal(o.hash, hash, 32);
	crypto_generichash(h, 32, buf, len, NULL, 0);
	assert_memory_equal(o.hash, h, 32);
	sync_opened_free(&o);
	free(buf);
}

/* ---- the clear header ---------------------------------------------------------- */

/* A string literal and its length without the NUL. */
#define S(lit) lit, sizeof(lit) - 1

static void test_not_a_bundle(void **state)
{
	static const struct {
		const char *bytes;
		size_t len;
		ds_status want;
		const char *says;
	} cases[] = {
		{S("PK\3\4 a zip file, not a bundle at all, forty bytes"), DS_EINPUT, "not a bundle"},
		{S("DSBUNDL2 the next magic would be another format"), DS_EINPUT, "not a bundle"},
		{S("dsbundl1 lower case is not the magic either ..."), DS_EINPUT, "not a bundle"},
		{S("abc"), DS_EINPUT, "not a bundle"},
		{S("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
		   "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"),
		 DS_EINPUT, "not a bundle"},
		/* A prefix of the magic is a bundle cut short. */
		{S("DSB"), DS_EDAMAGED, "truncated"},
		{S("DSBUNDL1"), DS_EDAMAGED, "truncated"},
		{S("DSBUNDL1\1"), DS_EDAMAGED, "truncated"},
		{S(""), DS_EDAMAGED, "truncated"},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		unsigned char *b = dup_exact((const unsigned char *)cases[i].bytes,
		                             cases[i].len);
		sync_opened o;
		signer sg = {spk_s, DS_OK, 0, {0}};
		ds_error err;
		assert_status(sync_bundle_open(&o, b, cases[i].len, pk_a, sk_a,
		                               lookup, &sg, &err),
		              cases[i].want, &err);
		assert_says(&err, cases[i].says);
		assert_int_equal(sg.calls, 0);
		sync_opened_free(&o);
		free(b);
	}
}

static void test_header_fields(void **state)
{
	static const struct {
		const char *name;
		size_t off, width;
		uint64_t value;
		ds_status want;
		const char *says;
	} cases[] = {
		{"version 3", 8, 2, 3, DS_ENEWER, "newer doorstep"},
		{"version 256", 8, 2, 256, DS_ENEWER, "newer doorstep"},
		{"version 65535", 8, 2, 65535, DS_ENEWER, "newer doorstep"},
		{"version 0", 8, 2, 0, DS_EDAMAGED, "format version is 0"},
		{"flags 1", 10, 2, 1, DS_ENEWER, "features of a newer doorstep"},
		{"flags 0x8000", 10, 2, 0x8000, DS_ENEWER, "features of a newer doorstep"},
		{"envelope 0", 20, 4, 0, DS_EDAMAGED, "envelope has the wrong size"},
		{"envelope 220", 20, 4, 220, DS_EDAMAGED, "envelope has the wrong size"},
		{"envelope 222", 20, 4, 222, DS_EDAMAGED, "envelope has the wrong size"},
		{"envelope 2^32-1", 20, 4, 0xFFFFFFFFu, DS_EDAMAGED, "envelope has the wrong size"},
		{"payload over the limit", 24, 8, SYNC_MAX_PAYLOAD + 1, DS_EDAMAGED, "too large"},
		{"payload 2^64-1", 24, 8, UINT64_MAX, DS_EDAMAGED, "too large"},
		{"payload at the limit", 24, 8, SYNC_MAX_PAYLOAD, DS_EDAMAGED, "truncated"},
		{"payload 0", 24, 8, 0, DS_EDAMAGED, "trailing bytes"},
		{"reserved low byte", 32, 8, 1, DS_EDAMAGED, "reserved bytes are not zero"},
		{"reserved high byte", 32, 8, 1ULL << 63, DS_EDAMAGED, "reserved bytes are not zero"},
	};
	sync_envelope env = env_default();
	unsigned char *good, payload[] = "header";
	size_t len;
	(void)state;
	good = seal_ok(&len, &env, payload, sizeof(payload), NULL);
	for (size_t i = 0; i < N(cases); i++) {
		unsigned char *b = dup_exact(good, len);
		sync_opened o;
		signer sg = {spk_s, DS_OK, 0, {0}};
		ds_error err;
		for (size_t k = 0; k < cases[i].width; k++)
			b[cases[i].off + k] = (unsigned char)(cases[i].value >> (8 * k));
		if (sync_bundle_open(&o, b, len, pk_a, sk_a, lookup, &sg, &err) !=
		    cases[i].want)
			fail_msg("%s: %s", cases[i].name, err_text(&err));
		assert_says(&err, cases[i].says);
		assert_int_equal(sg.calls, 0); /* refused before any key is used */
		sync_opened_free(&o);
		free(b);
	}
	free(good);
}

/* A version 3 bundle is refused as newer even when nothing else fits. */
static void test_version_3_short(void **state)
{
	unsigned char b[10] = {'D', 'S', 'B', 'U', 'N', 'D', 'L', '1', 3, 0};
	sync_opened o;
	signer sg = {spk_s, DS_OK, 0, {0}};
	ds_error err;
	(void)state;
	assert_status(sync_bundle_open(&o, b, sizeof(b), pk_a, sk_a, lookup, &sg,
	                               &err),
	              DS_ENEWER, &err);
	assert_says(&err, "newer doorstep");
}

static void test_every_truncation(void **state)
{
	sync_envelope env = env_default();
	unsigned char *good, payload[] = "cut me short";
	size_t len;
	(void)state;
	good = seal_ok(&len, &env, payload, sizeof(payload), NULL);
	for (size_t cut = 0; cut < len; cut++) {
		unsigned char *b = dup_exact(good, cut);
		sync_opened o;
		signer sg = {spk_s, DS_OK, 0, {0}};
		ds_error err;
		if (open_both(&o, b, cut, &sg, &err) != DS_EDAMAGED)
			fail_msg("cut to %zu bytes of %zu: %s", cut, len, err_text(&err));
		assert_says(&err, "truncated");
		free(b);
	}
	free(good);
}

static void test_trailing_bytes(void **state)
{
	static const unsigned char extra[] = {0x00, 0xFF, 'x'};
	sync_envelope env = env_default();
	unsigned char *good, payload[] = "no more";
	size_t len;
	(void)state;
	good = seal_ok(&len, &env, payload, sizeof(payload), NULL);
	for (size_t i = 0; i < N(extra); i++) {
		unsigned char *b = malloc(len + 1);
		sync_opened o;
		signer sg = {spk_s, DS_OK, 0, {0}};
		ds_error err;
		assert_non_null(b);
		memcpy(b, good, len);
		b[len] = extra[i];
		assert_status(open_both(&o, b, len + 1, &sg, &err), DS_EDAMAGED, &err);
		assert_says(&err, "trailing bytes");
		free(b);
	}
	free(good);
}

static void test_every_bit_flipped(void **state)
{
	sync_envelope env = env_default();
	unsigned char *good, payload[] = "flip every bit";
	size_t len;
	(void)state;
	good = seal_ok(&len, &env, payload, sizeof(payload), NULL);
	for (size_t pos = 0; pos < len; pos++) {
		for (int bit = 0; bit < 8; bit++) {
			unsigned char *b = dup_exact(good, len);
			sync_opened o;
			signer sg = {spk_s, DS_OK, 0, {0}};
			ds_error err;
			ds_status st;
			b[pos] ^= (unsigned char)(1u << bit);
			st = open_both(&o, b, len, &sg, &err);
			if (st != DS_EDAMAGED && st != DS_EINPUT && st != DS_ENEWER)
				fail_msg("byte %zu bit %d flipped: status %d (%s)", pos,
				         bit, (int)st, err_text(&err));
			free(b);
		}
	}
	free(good);
}

/* ---- recipient, envelope and signer ---------------------------------------- */

static void test_wrong_recipient(void **state)
{
	sync_envelope env = env_default();
	unsigned char *buf = NULL, payload[] = "for B";
	size_t len;
	sync_opened o;
	signer sg = {spk_s, DS_OK, 0, {0}};
	ds_error err;
	(void)state;
	assert_int_equal(sync_bundle_seal(&buf, &len, NULL, &env, payload,
	                                  sizeof(payload), pk_b, ssk_s),
	                 DS_OK);
	assert_status(sync_bundle_open(&o, buf, len, pk_a, sk_a, lookup, &sg, &err),
	              DS_EINPUT, &err);
	assert_says(&err, "for another recipient");
	assert_int_equal(sg.calls, 0);
	assert_null(o.stream_key);
	/* B opens it. */
	assert_status(sync_bundle_open(&o, buf, len, pk_b, sk_b, lookup, &sg, &err),
	              DS_OK, &err);
	assert_status(sync_bundle_open_payload(&o, buf, len, &err), DS_OK, &err);
	assert_memory_equal(o.payload, payload, sizeof(payload));
	sync_opened_free(&o);
	free(buf);
}

/* Naming our key id but sealed to another key: altered bytes. */
static void test_envelope_does_not_open(void **state)
{
	sync_envelope env = env_default();
	unsigned char *buf = NULL, payload[] = "for B", id[8];
	size_t len;
	sync_opened o;
	signer sg = {spk_s, DS_OK, 0, {0}};
	ds_error err;
	(void)state;
	assert_int_equal(sync_bundle_seal(&buf, &len, NULL, &env, payload,
	                                  sizeof(payload), pk_b, ssk_s),
	                 DS_OK);
	sync_key_id(id, pk_a);
	memcpy(buf + 12, id, 8);
	assert_status(sync_bundle_open(&o, buf, len, pk_a, sk_a, lookup, &sg, &err),
	              DS_EDAMAGED, &err);
	assert_says(&err, "the envelope does not open");
	assert_int_equal(sg.calls, 0);
	free(buf);
}

static void test_envelope_refused(void **state)
{
	static const struct {
		const char *name;
		uint8_t kind;
		uint64_t number, first, last;
		const char *says;
	} cases[] = {
		{"kind 0", 0, 1, 1, 2, "unknown kind"},
		{"kind 3", 3, 1, 1, 2, "unknown kind"},
		{"number 0", SYNC_UP, 0, 1, 2, "bundle number is 0"},
		{"first after last", SYNC_DOWN, 1, 3, 2, "runs backwards"},
	};
	static const unsigned char payload[] = "abc";
	static const hchunk one[] = {{3, T_FINAL}};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		sync_envelope env = env_default();
		hand h = {&env, payload, one, 1, NULL, 0, ssk_s};
		unsigned char *buf;
		size_t len;
		sync_opened o;
		signer sg = {spk_s, DS_OK, 0, {0}};
		ds_error err;
		env.kind = cases[i].kind;
		env.number = cases[i].number;
		env.first = cases[i].first;
		env.last = cases[i].last;
		crypto_generichash(env.payload_hash, 32, payload, 3, NULL, 0);
		buf = hand_seal(&h, &len);
		if (sync_bundle_open(&o, buf, len, pk_a, sk_a, lookup, &sg, &err) !=
		    DS_EDAMAGED)
			fail_msg("%s: %s", cases[i].name, err_text(&err));
		assert_says(&err, cases[i].says);
		assert_int_equal(sg.calls, 0);
		free(buf);
	}
}

static void test_unknown_signer(void **state)
{
	static const ds_status refusals[] = {DS_EPERM, DS_ESYSTEM, DS_EINPUT};
	sync_envelope env = env_default();
	unsigned char *buf, payload[] = "who sent this", zero[sizeof(sync_opened)];
	size_t len;
	(void)state;
	memset(zero, 0, sizeof(zero));
	buf = seal_ok(&len, &env, payload, sizeof(payload), NULL);
	for (size_t i = 0; i < N(refusals); i++) {
		sync_opened o;
		signer sg = {spk_s, refusals[i], 0, {0}};
		ds_error err;
		assert_int_equal(sync_bundle_open(&o, buf, len, pk_a, sk_a, lookup,
		                                  &sg, &err),
		                 refusals[i]);
		/* The lookup's error, unchanged. */
		assert_int_equal(err.status, refusals[i]);
		assert_string_equal(err.where, lookup_where);
		assert_ptr_equal(err.fmt, lookup_msg);
		assert_int_equal(sg.calls, 1);
		assert_memory_equal(sg.asked, env.sender, SYNC_DEVICE_BYTES);
		assert_memory_equal(&o, zero, sizeof(o)); /* nothing left to free */
	}
	free(buf);
}

static void test_signed_by_another_key(void **state)
{
	sync_envelope env = env_default();
	unsigned char *buf = NULL, payload[] = "signed by T";
	size_t len;
	sync_opened o;
	signer sg = {spk_s, DS_OK, 0, {0}};
	ds_error err;
	(void)state;
	assert_int_equal(sync_bundle_seal(&buf, &len, NULL, &env, payload,
	                                  sizeof(payload), pk_a, ssk_t),
	                 DS_OK);
	assert_status(sync_bundle_open(&o, buf, len, pk_a, sk_a, lookup, &sg, &err),
	              DS_EDAMAGED, &err);
	assert_says(&err, "the signature does not verify");
	assert_null(o.stream_key);
	/* With T's key it verifies: the key was the only fault. */
	sg.pk = spk_t;
	assert_status(open_both(&o, buf, len, &sg, &err), DS_OK, &err);
	sync_opened_free(&o);
	free(buf);
}

/* The head of an upload: the same answers as opening the whole, from
 * SYNC_STREAM_AT bytes, with the length the header gives. */
static void test_open_head(void **state)
{
	sync_envelope env = env_default(), got;
	unsigned char *buf, *big, payload[] = "the rest is still on its way";
	size_t len;
	uint64_t length;
	signer sg = {spk_s, DS_OK, 0, {0}};
	ds_error err;
	(void)state;
	buf = seal_ok(&len, &env, payload, sizeof(payload), NULL);
	/* the exact head, with its total known and not yet known */
	assert_status(sync_bundle_open_head(&got, &length, buf, SYNC_STREAM_AT, len,
	                                    pk_a, sk_a, lookup, &sg, &err),
	              DS_OK, &err);
	assert_int_equal(length, len);
	assert_memory_equal(got.sender, env.sender, SYNC_DEVICE_BYTES);
	assert_int_equal(got.number, env.number);
	assert_status(sync_bundle_open_head(&got, &length, buf, SYNC_STREAM_AT, 0,
	                                    pk_a, sk_a, lookup, &sg, &err),
	              DS_OK, &err);
	assert_int_equal(length, len);
	/* more than the head is not looked at */
	assert_status(sync_bundle_open_head(&got, &length, buf, len, len, pk_a, sk_a,
	                                    lookup, &sg, &err),
	              DS_OK, &err);
	/* a declared total that is not the header's */
	assert_status(sync_bundle_open_head(&got, &length, buf, SYNC_STREAM_AT, len - 1,
	                                    pk_a, sk_a, lookup, &sg, &err),
	              DS_EDAMAGED, &err);
	assert_says(&err, "truncated");
	assert_int_equal(length, 0);
	assert_status(sync_bundle_open_head(&got, &length, buf, SYNC_STREAM_AT, len + 1,
	                                    pk_a, sk_a, lookup, &sg, &err),
	              DS_EDAMAGED, &err);
	assert_says(&err, "trailing bytes");
	/* less than a head, whatever the total */
	for (size_t have = 0; have < SYNC_STREAM_AT; have += 13) {
		unsigned char *p = dup_exact(buf, have);
		ds_status st = sync_bundle_open_head(&got, &length, p, have, len, pk_a,
		                                     sk_a, lookup, &sg, &err);
		if (st != DS_EDAMAGED && st != DS_EINPUT)
			fail_msg("%zu bytes: status %d", have, (int)st);
		free(p);
	}
	/* the sender, then the signature, before anything else is held */
	sg.st = DS_EPERM;
	assert_status(sync_bundle_open_head(&got, &length, buf, SYNC_STREAM_AT, len,
	                                    pk_a, sk_a, lookup, &sg, &err),
	              DS_EPERM, &err);
	sg.st = DS_OK;
	sg.pk = spk_t;
	assert_status(sync_bundle_open_head(&got, &length, buf, SYNC_STREAM_AT, len,
	                                    pk_a, sk_a, lookup, &sg, &err),
	              DS_EDAMAGED, &err);
	assert_says(&err, "the signature does not verify");
	/* not a bundle at all: told from the first bytes */
	big = calloc(1, SYNC_STREAM_AT);
	assert_non_null(big);
	assert_status(sync_bundle_open_head(&got, &length, big, SYNC_STREAM_AT, 0,
	                                    pk_a, sk_a, lookup, &sg, &err),
	              DS_EINPUT, &err);
	assert_says(&err, "not a bundle");
	free(big);
	free(buf);
}

static void test_open_refuses_null(void **state)
{
	sync_envelope env = env_default();
	unsigned char *buf, payload[] = "x";
	size_t len;
	sync_opened o;
	signer sg = {spk_s, DS_OK, 0, {0}};
	ds_error err;
	(void)state;
	buf = seal_ok(&len, &env, payload, 1, NULL);
	assert_int_equal(sync_bundle_open(NULL, buf, len, pk_a, sk_a, lookup, &sg,
	                                  &err),
	                 DS_EINPUT);
	assert_int_equal(sync_bundle_open(&o, NULL, len, pk_a, sk_a, lookup, &sg,
	                                  &err),
	                 DS_EINPUT);
	assert_int_equal(sync_bundle_open(&o, buf, len, NULL, sk_a, lookup, &sg,
	                                  &err),
	                 DS_EINPUT);
	assert_int_equal(sync_bundle_open(&o, buf, len, pk_a, NULL, lookup, &sg,
	                                  &err),
	                 DS_EINPUT);
	assert_int_equal(sync_bundle_open(&o, buf, len, pk_a, sk_a, NULL, &sg,
	                                  &err),
	                 DS_EINPUT);
	/* err may be NULL. */
	assert_int_equal(sync_bundle_open(&o, buf, len - 1, pk_a, sk_a, lookup,
	                                  &sg, NULL),
	                 DS_EDAMAGED);
	assert_int_equal(sync_bundle_open(&o, buf, len, pk_a, sk_a, lookup, &sg,
	                                  NULL),
	                 DS_OK);
	assert_int_equal(sync_bundle_open_payload(&o, buf, len, NULL), DS_OK);
	sync_opened_free(&o);
	free(buf);
}

/* ---- the payload stream ------------------------------------------------------ */

static const struct stream_case {
	const char *name;
	hchunk chunks[4];
	size_t nchunks;
	unsigned char tail[8];
	size_t tail_len;
	ds_status want;
	const char *says;
} stream_cases[] = {
	/* Well formed by hand: the sealer below matches BUNDLE.md. */
	{"three chunks", {{C, T_MSG}, {C, T_MSG}, {3, T_FINAL}}, 3, {0}, 0, DS_OK, NULL},
	{"one full chunk", {{C, T_FINAL}}, 1, {0}, 0, DS_OK, NULL},
	{"empty", {{0, T_FINAL}}, 1, {0}, 0, DS_OK, NULL},
	/* Cut short at a chunk boundary, P and signature kept right. */
	{"last chunk not final", {{C, T_MSG}}, 1, {0}, 0, DS_EDAMAGED,
	 "the final chunk is missing (cut short)"},
	{"two chunks, none final", {{C, T_MSG}, {C, T_MSG}}, 2, {0}, 0,
	 DS_EDAMAGED, "the final chunk is missing (cut short)"},
	{"no chunks", {{0, 0}}, 0, {0}, 0, DS_EDAMAGED,
	 "the final chunk is missing (cut short)"},
	{"final first of two", {{C, T_FINAL}, {3, T_FINAL}}, 2, {0}, 0,
	 DS_EDAMAGED, "bytes after the final chunk"},
	{"final then message", {{C, T_FINAL}, {3, T_MSG}}, 2, {0}, 0,
	 DS_EDAMAGED, "bytes after the final chunk"},
	{"bytes after final", {{3, T_FINAL}}, 1, {1, 2, 3, 4}, 4, DS_EDAMAGED,
	 "bytes after the final chunk"},
	/* One encoding only. */
	{"short message chunk", {{10, T_MSG}, {3, T_FINAL}}, 2, {0}, 0,
	 DS_EDAMAGED, "chunk 1 is shorter than a full chunk"},
	{"empty final after full", {{C, T_MSG}, {0, T_FINAL}}, 2, {0}, 0,
	 DS_EDAMAGED, "chunk 2 is an empty final chunk"},
	{"push tag", {{3, T_PUSH}}, 1, {0}, 0, DS_EDAMAGED, "chunk 1 has an unknown tag"},
	{"rekey tag", {{C, T_MSG}, {3, T_REKEY}}, 2, {0}, 0, DS_EDAMAGED,
	 "chunk 2 has an unknown tag"},
	/* Chunk lengths. */
	{"length 0", {{C, T_MSG}}, 1, {0, 0, 0, 0}, 4, DS_EDAMAGED,
	 "chunk 2 has an impossible length"},
	{"length under the tag", {{C, T_MSG}}, 1, {16, 0, 0, 0}, 4, DS_EDAMAGED,
	 "chunk 2 has an impossible length"},
	{"length over a chunk", {{C, T_MSG}}, 1,
	 {(C + 18) & 0xFF, ((C + 18) >> 8) & 0xFF, (C + 18) >> 16, 0}, 4,
	 DS_EDAMAGED, "chunk 2 has an impossible length"},
	{"length beyond the end", {{C, T_MSG}}, 1, {100, 0, 0, 0, 1, 2, 3, 4}, 8,
	 DS_EDAMAGED, "chunk 2 is truncated"},
	{"length field cut", {{C, T_MSG}}, 1, {1, 2, 3}, 3, DS_EDAMAGED,
	 "chunk 2 is truncated"},
	{"garbage chunk", {{C, T_MSG}}, 1, {17, 0, 0, 0}, 4, DS_EDAMAGED,
	 "chunk 2 is truncated"},
};

static void test_stream(void **state)
{
	unsigned char *payload = pattern(3 * C);
	(void)state;
	for (size_t i = 0; i < N(stream_cases); i++) {
		const struct stream_case *c = &stream_cases[i];
		sync_envelope env = env_default();
		hand h = {&env, payload, c->chunks, c->nchunks, c->tail, c->tail_len,
		          ssk_s};
		unsigned char *buf;
		size_t len, plen = 0;
		sync_opened o;
		signer sg = {spk_s, DS_OK, 0, {0}};
		ds_error err;
		ds_status st;
		for (size_t k = 0; k < c->nchunks; k++)
			plen += c->chunks[k].len;
		crypto_generichash(env.payload_hash, 32, payload, plen, NULL, 0);
		buf = hand_seal(&h, &len);
		assert_status(sync_bundle_open(&o, buf, len, pk_a, sk_a, lookup, &sg,
		                               &err),
		              DS_OK, &err);
		st = sync_bundle_open_payload(&o, buf, len, &err);
		if (st != c->want)
			fail_msg("%s: status %d, wanted %d (%s)", c->name, (int)st,
			         (int)c->want, err_text(&err));
		if (st == DS_OK) {
			assert_int_equal(o.plen, plen);
			if (plen)
				assert_memory_equal(o.payload, payload, plen);
		} else {
			assert_says(&err, c->says);
			assert_null(o.payload);
			assert_int_equal(o.plen, 0);
		}
		sync_opened_free(&o);
		free(buf);
	}
	free(payload);
}

static void test_chunk_tampering_named(void **state)
{
	sync_envelope env = env_default();
	unsigned char *good, *b, *payload = pattern(2 * C + 3);
	const size_t full = 4 + C + SYNC_CHUNK_ABYTES;
	size_t len;
	sync_opened o;
	signer sg = {spk_s, DS_OK, 0, {0}};
	ds_error err;
	(void)state;
	good = seal_ok(&len, &env, payload, 2 * C + 3, NULL);

	/* A byte of chunk 2's ciphertext. */
	b = dup_exact(good, len);
	b[SYNC_STREAM_AT + full + 4 + 100] ^= 1;
	assert_status(open_both(&o, b, len, &sg, &err), DS_EDAMAGED, &err);
	assert_says(&err, "chunk 2 does not decrypt");
	free(b);

	/* Chunks 1 and 2 swapped: the stream is in order or nothing. */
	b = dup_exact(good, len);
	memcpy(b + SYNC_STREAM_AT, good + SYNC_STREAM_AT + full, full);
	memcpy(b + SYNC_STREAM_AT + full, good + SYNC_STREAM_AT, full);
	assert_status(open_both(&o, b, len, &sg, &err), DS_EDAMAGED, &err);
	assert_says(&err, "chunk 1 does not decrypt");
	free(b);

	/* The last chunk's tag byte. */
	b = dup_exact(good, len);
	b[SYNC_STREAM_AT + 2 * full + 4] ^= 0x80;
	assert_status(open_both(&o, b, len, &sg, &err), DS_EDAMAGED, &err);
	assert_says(&err, "chunk 3 does not decrypt");
	free(b);

	free(good);
	free(payload);
}

/* The stream's associated data is the clear header: the stream of one
 * bundle under another's header (same keys, same sizes) does not open. */
static void test_stream_bound_to_header(void **state)
{
	static const unsigned char payload[] = "bound";
	static const hchunk one[] = {{5, T_FINAL}};
	sync_envelope env = env_default();
	hand h = {&env, payload, one, 1, NULL, 0, ssk_s};
	unsigned char *buf;
	size_t len;
	sync_opened o;
	signer sg = {spk_s, DS_OK, 0, {0}};
	ds_error err;
	(void)state;
	crypto_generichash(env.payload_hash, 32, payload, 5, NULL, 0);
	buf = hand_seal(&h, &len);
	assert_status(sync_bundle_open(&o, buf, len, pk_a, sk_a, lookup, &sg, &err),
	              DS_OK, &err);
	/* After the header was checked, a byte of it changes: the stream
	 * refuses it (open_payload rereads only P). */
	buf[32] ^= 1;
	assert_status(sync_bundle_open_payload(&o, buf, len, &err), DS_EDAMAGED,
	              &err);
	assert_says(&err, "chunk 1 does not decrypt");
	buf[32] ^= 1;
	assert_status(sync_bundle_open_payload(&o, buf, len, &err), DS_OK, &err);
	sync_opened_free(&o);
	free(buf);
}

static void test_payload_hash_mismatch(void **state)
{
	static const hchunk chunks[] = {{C, T_MSG}, {5, T_FINAL}};
	unsigned char *payload = pattern(C + 5), *buf;
	sync_envelope env = env_default();
	hand h = {&env, payload, chunks, 2, NULL, 0, ssk_s};
	size_t len;
	sync_opened o;
	signer sg = {spk_s, DS_OK, 0, {0}};
	ds_error err;
	(void)state;
	crypto_generichash(env.payload_hash, 32, payload, C + 5, NULL, 0);
	env.payload_hash[31] ^= 1;
	buf = hand_seal(&h, &len);
	assert_status(sync_bundle_open(&o, buf, len, pk_a, sk_a, lookup, &sg, &err),
	              DS_OK, &err);
	assert_status(sync_bundle_open_payload(&o, buf, len, &err), DS_EDAMAGED,
	              &err);
	assert_says(&err, "the payload does not match its hash");
	assert_null(o.payload);
	assert_int_equal(o.plen, 0);
	sync_opened_free(&o);
	free(buf);
	free(payload);
}

static void test_open_payload_misuse(void **state)
{
	sync_envelope e1 = env_default(), e2 = env_default();
	unsigned char *b1, *b2, *b3, payload[] = "one of two", longer[] = "one of two, longer";
	size_t l1, l2, l3;
	sync_opened o;
	signer sg = {spk_s, DS_OK, 0, {0}};
	ds_error err;
	(void)state;
	memset(&o, 0, sizeof(o));
	assert_status(sync_bundle_open_payload(&o, NULL, 0, &err), DS_EINPUT, &err);
	assert_says(&err, "has not been opened");
	assert_int_equal(sync_bundle_open_payload(NULL, NULL, 0, &err), DS_EINPUT);

	b1 = seal_ok(&l1, &e1, payload, sizeof(payload), NULL);
	b2 = seal_ok(&l2, &e2, payload, sizeof(payload), NULL);
	b3 = seal_ok(&l3, &e2, longer, sizeof(longer), NULL);
	assert_status(sync_bundle_open(&o, b1, l1, pk_a, sk_a, lookup, &sg, &err),
	              DS_OK, &err);
	/* None, or a part whose length is not what its header says. */
	assert_status(sync_bundle_open_payload(&o, NULL, l1, &err), DS_EINPUT, &err);
	assert_says(&err, "not the bytes that were opened");
	assert_status(sync_bundle_open_payload(&o, b1, 100, &err), DS_EINPUT, &err);
	assert_status(sync_bundle_open_payload(&o, b1, l1 - 1, &err), DS_EINPUT, &err);
	assert_says(&err, "not the bytes that were opened");
	/* Another whole bundle, of the same length or not: another stream
	 * key, so its first chunk does not decrypt. */
	assert_status(sync_bundle_open_payload(&o, b2, l2, &err), DS_EDAMAGED, &err);
	assert_says(&err, "chunk 1 does not decrypt");
	assert_null(o.payload);
	assert_status(sync_bundle_open_payload(&o, b3, l3, &err), DS_EDAMAGED, &err);
	assert_says(&err, "chunk 1 does not decrypt");
	/* Twice on the right bytes: the second replaces the first. */
	assert_status(sync_bundle_open_payload(&o, b1, l1, &err), DS_OK, &err);
	assert_status(sync_bundle_open_payload(&o, b1, l1, &err), DS_OK, &err);
	assert_memory_equal(o.payload, payload, sizeof(payload));
	sync_opened_free(&o);
	free(b1);
	free(b2);
	free(b3);
}

static void test_opened_free(void **state)
{
	sync_envelope env = env_default();
	unsigned char *buf, payload[] = "free me", zero[sizeof(sync_opened)];
	size_t len;
	sync_opened o;
	signer sg = {spk_s, DS_OK, 0, {0}};
	ds_error err;
	(void)state;
	memset(zero, 0, sizeof(zero));
	sync_opened_free(NULL);
	memset(&o, 0, sizeof(o));
	sync_opened_free(&o); /* a zeroed struct */
	buf = seal_ok(&len, &env, payload, sizeof(payload), NULL);
	/* Opened but no payload. */
	assert_status(sync_bundle_open(&o, buf, len, pk_a, sk_a, lookup, &sg, &err),
	              DS_OK, &err);
	sync_opened_free(&o);
	assert_memory_equal(&o, zero, sizeof(o));
	/* With the payload, twice. */
	assert_status(open_both(&o, buf, len, &sg, &err), DS_OK, &err);
	sync_opened_free(&o);
	assert_memory_equal(&o, zero, sizeof(o));
	sync_opened_free(&o);
	/* A failed open leaves it zeroed. */
	memset(buf + SYNC_HEADER_BYTES + SYNC_SEALED_BYTES, 0, SYNC_SIG_BYTES);
	assert_status(sync_bundle_open(&o, buf, len, pk_a, sk_a, lookup, &sg, &err),
	              DS_EDAMAGED, &err);
	assert_memory_equal(&o, zero, sizeof(o));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_id),
		cmocka_unit_test(test_seal_refuses),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_envelope_fields_preserved),
		cmocka_unit_test(test_fresh_each_time),
		cmocka_unit_test(test_resealed_envelope_verifies),
		cmocka_unit_test(test_not_a_bundle),
		cmocka_unit_test(test_header_fields),
		cmocka_unit_test(test_version_3_short),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_trailing_bytes),
		cmocka_unit_test(test_every_bit_flipped),
		cmocka_unit_test(test_wrong_recipient),
		cmocka_unit_test(test_envelope_does_not_open),
		cmocka_unit_test(test_envelope_refused),
		cmocka_unit_test(test_unknown_signer),
		cmocka_unit_test(test_signed_by_another_key),
		cmocka_unit_test(test_open_head),
		cmocka_unit_test(test_open_refuses_null),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_chunk_tampering_named),
		cmocka_unit_test(test_stream_bound_to_header),
		cmocka_unit_test(test_payload_hash_mismatch),
		cmocka_unit_test(test_open_payload_misuse),
		cmocka_unit_test(test_opened_free),
	};
	return cmocka_run_group_tests_name("sync_bundle", tests, group_setup, NULL);
}
