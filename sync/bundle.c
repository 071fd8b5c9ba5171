/* bundle.c — seals and opens sync bundles; the layout is in sync/BUNDLE.md. */
#include "sync/bundle.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* For ZSTD_createCCtx_advanced and ZSTD_createDCtx_advanced: zstd's own
 * buffers hold the plaintext too, so they come from an allocator that
 * wipes them before freeing (libzstd.so exports these; the struct they
 * take has not changed since zstd 1.0). */
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include "store/store.h"

/* The header's sizes are ours; these keep them honest against libsodium. */
_Static_assert(SYNC_SEALED_BYTES == SYNC_ENVELOPE_BYTES + crypto_box_SEALBYTES,
               "sealed envelope size");
_Static_assert(SYNC_SEALED_BYTES <= SYNC_MAX_ENVELOPE, "envelope limit");
_Static_assert(SYNC_SIG_BYTES == crypto_sign_BYTES, "signature size");
_Static_assert(SYNC_CHUNK_ABYTES == crypto_secretstream_xchacha20poly1305_ABYTES,
               "chunk overhead");
_Static_assert(crypto_secretstream_xchacha20poly1305_HEADERBYTES == 24,
               "sync_opened.stream_header");
_Static_assert(crypto_secretstream_xchacha20poly1305_KEYBYTES == 32, "stream key");
_Static_assert(SYNC_DEVICE_BYTES == STORE_DEVICE_BYTES, "device id");
_Static_assert(SYNC_HASH_BYTES == STORE_HASH_BYTES, "event and bundle hashes");
_Static_assert(STORE_BOX_PK_BYTES == crypto_box_PUBLICKEYBYTES, "box pk");
_Static_assert(STORE_BOX_SK_BYTES == crypto_box_SECRETKEYBYTES, "box sk");
_Static_assert(STORE_SIGN_PK_BYTES == crypto_sign_PUBLICKEYBYTES, "sign pk");
_Static_assert(STORE_SIGN_SK_BYTES == crypto_sign_SECRETKEYBYTES, "sign sk");

/* Clear header offsets. */
#define H_MAGIC 0
#define H_VERSION 8
#define H_FLAGS 10
#define H_KEY_ID 12
#define H_ELEN 20
#define H_PLEN 24
#define H_RESERVED 32

/* Envelope plaintext offsets. */
#define E_KIND 0
#define E_SENDER 1
#define E_EPOCH 17
#define E_NUMBER 25
#define E_FIRST 33
#define E_LAST 41
#define E_COUNT 49
#define E_PREV 53
#define E_PAYLOAD_HASH 85
#define E_STREAM_KEY 117
#define E_STREAM_HEADER 149
_Static_assert(E_STREAM_HEADER + crypto_secretstream_xchacha20poly1305_HEADERBYTES ==
                       SYNC_ENVELOPE_BYTES,
               "envelope layout");

#define KEY_BYTES crypto_secretstream_xchacha20poly1305_KEYBYTES
#define SS_HEADER_BYTES crypto_secretstream_xchacha20poly1305_HEADERBYTES
/* What the signature covers: the clear header, then the envelope plaintext. */
#define SIGNED_BYTES (SYNC_HEADER_BYTES + SYNC_ENVELOPE_BYTES)

static void put_le16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint16_t get_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get_le32(const unsigned char *p)
{
	uint32_t v = 0;
	for (int i = 3; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint64_t get_le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* The stream length sealing plen bytes gives: one chunk per SYNC_CHUNK
 * bytes or part of them, and one empty chunk for an empty payload. */
static uint64_t stream_len(uint64_t plen)
{
	uint64_t chunks = plen ? (plen + SYNC_CHUNK - 1) / SYNC_CHUNK : 1;
	return plen + chunks * (4 + SYNC_CHUNK_ABYTES);
}

/* What the envelope must satisfy, sealing and opening alike; NULL if it
 * does, else the untranslated reason. */
static const char *envelope_fault(const sync_envelope *env)
{
	if (env->kind != SYNC_UP && env->kind != SYNC_DOWN)
		return N_("the envelope names an unknown kind of bundle");
	if (env->number == 0)
		return N_("the envelope's bundle number is 0");
	if (env->first > env->last)
		return N_("the envelope's sequence range runs backwards");
	return NULL;
}

static void envelope_write(unsigned char *p, const sync_envelope *env)
{
	p[E_KIND] = env->kind;
	memcpy(p + E_SENDER, env->sender, SYNC_DEVICE_BYTES);
	put_le64(p + E_EPOCH, env->epoch);
	put_le64(p + E_NUMBER, env->number);
	put_le64(p + E_FIRST, env->first);
	put_le64(p + E_LAST, env->last);
	put_le32(p + E_COUNT, env->count);
	memcpy(p + E_PREV, env->prev, SYNC_HASH_BYTES);
	memcpy(p + E_PAYLOAD_HASH, env->payload_hash, SYNC_HASH_BYTES);
}

static void envelope_read(sync_envelope *env, const unsigned char *p)
{
	env->kind = p[E_KIND];
	memcpy(env->sender, p + E_SENDER, SYNC_DEVICE_BYTES);
	env->epoch = get_le64(p + E_EPOCH);
	env->number = get_le64(p + E_NUMBER);
	env->first = get_le64(p + E_FIRST);
	env->last = get_le64(p + E_LAST);
	env->count = get_le32(p + E_COUNT);
	memcpy(env->prev, p + E_PREV, SYNC_HASH_BYTES);
	memcpy(env->payload_hash, p + E_PAYLOAD_HASH, SYNC_HASH_BYTES);
}

void sync_key_id(unsigned char id[SYNC_KEY_ID_BYTES],
                 const unsigned char pk[STORE_BOX_PK_BYTES])
{
	unsigned char h[crypto_generichash_BYTES];
	crypto_generichash(h, sizeof(h), pk, STORE_BOX_PK_BYTES, NULL, 0);
	memcpy(id, h, SYNC_KEY_ID_BYTES);
}

/* ---- format 2: compression, padding ------------------------------------- */

/* zstd's level and window. 19 makes the smallest bundles that an old
 * laptop still packs in well under a second for a month's work; the
 * window (8 MiB) bounds what a decoder holds beside the output, and
 * opening refuses a frame that asks for more. */
#define ZSTD_LEVEL 19
#define ZSTD_WINDOW_LOG 23

uint64_t sync_bucket(uint64_t n)
{
	uint64_t b = SYNC_BUCKET_MIN;
	if (n > SYNC_MAX_BODY)
		return 0;
	while (b < n) {
		b += b / 4;
		b = (b + 63) & ~(uint64_t)63;
	}
	return b < SYNC_MAX_BODY ? b : SYNC_MAX_BODY;
}

/* zstd's allocations, each with its size in front, wiped when freed. */
#define ZMEM_HEAD 16
static void *zmem_alloc(void *opaque, size_t size)
{
	unsigned char *p;
	(void)opaque;
	if (size > SIZE_MAX - ZMEM_HEAD || !(p = malloc(size + ZMEM_HEAD)))
		return NULL;
	memcpy(p, &size, sizeof(size));
	return p + ZMEM_HEAD;
}

static void zmem_free(void *opaque, void *address)
{
	unsigned char *p = address;
	size_t size;
	(void)opaque;
	if (!p)
		return;
	p -= ZMEM_HEAD;
	memcpy(&size, p, sizeof(size));
	sodium_memzero(p, size + ZMEM_HEAD);
	free(p);
}

static const ZSTD_customMem zmem = {zmem_alloc, zmem_free, NULL};

static void wipe_free(unsigned char *p, size_t n)
{
	if (p) {
		sodium_memzero(p, n);
		free(p);
	}
}

/* Format 2's body for plen bytes of payload: raw and zlen, the frame,
 * zeros up to the bucket. *body is malloc'd, *blen its length.
 * DS_EINPUT when it would not fit a bundle, DS_ESYSTEM otherwise. */
static ds_status zbody_make(unsigned char **body, size_t *blen,
                            const unsigned char *payload, size_t plen)
{
	ZSTD_CCtx *c;
	size_t bound = ZSTD_compressBound(plen), cap, z;
	uint64_t need;
	unsigned char *b;
	*body = NULL;
	*blen = 0;
	if (plen > SYNC_MAX_RAW || ZSTD_isError(bound) ||
	    bound > SYNC_MAX_BODY - SYNC_BODY_HEAD)
		return DS_EINPUT;
	cap = SYNC_BODY_HEAD + bound;
	if (cap < SYNC_BUCKET_MIN)
		cap = SYNC_BUCKET_MIN;
	if (!(b = calloc(1, cap)))
		return DS_ESYSTEM;
	if (!(c = ZSTD_createCCtx_advanced(zmem))) {
		free(b);
		return DS_ESYSTEM;
	}
	if (ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, ZSTD_LEVEL)) ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, ZSTD_WINDOW_LOG)) ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 0)) ||
	    ZSTD_isError(z = ZSTD_compress2(c, b + SYNC_BODY_HEAD, cap - SYNC_BODY_HEAD,
	                                    payload, plen))) {
		ZSTD_freeCCtx(c);
		wipe_free(b, cap);
		return DS_ESYSTEM;
	}
	ZSTD_freeCCtx(c);
	need = sync_bucket(SYNC_BODY_HEAD + (uint64_t)z);
	if (!need) {
		wipe_free(b, cap);
		return DS_EINPUT;
	}
	if (need > cap) {
		unsigned char *nb = calloc(1, (size_t)need);
		if (!nb) {
			wipe_free(b, cap);
			return DS_ESYSTEM;
		}
		memcpy(nb, b, SYNC_BODY_HEAD + z);
		wipe_free(b, cap);
		b = nb;
		cap = (size_t)need;
	} else {
		/* the padding is zeros, whatever zstd left past its frame */
		memset(b + SYNC_BODY_HEAD + z, 0, cap - SYNC_BODY_HEAD - z);
	}
	put_le64(b, (uint64_t)plen);
	put_le64(b + 8, (uint64_t)z);
	*body = b;
	*blen = (size_t)need;
	/* a buffer longer than the body keeps only zeros past it */
	return DS_OK;
}

/* Seals stream (slen bytes, the payload of format 1 or the body of format
 * 2) under env as it is, payload_hash included. */
static ds_status seal_stream(unsigned char **out, size_t *outlen,
                             unsigned char hash[SYNC_HASH_BYTES],
                             const sync_envelope *env, int format,
                             const unsigned char *stream, size_t plen,
                             const unsigned char recipient_pk[STORE_BOX_PK_BYTES],
                             const unsigned char sender_sk[STORE_SIGN_SK_BYTES])
{
	static const unsigned char nothing[1];
	crypto_secretstream_xchacha20poly1305_state ss;
	store_secret *msg = NULL; /* header || envelope: holds the stream key */
	unsigned char *buf = NULL, *e;
	uint64_t slen;
	size_t total, pos, off = 0;
	ds_status st = DS_ESYSTEM;
	const unsigned char *payload = stream;

	*out = NULL;
	*outlen = 0;
	if (envelope_fault(env) || plen > SYNC_MAX_PAYLOAD ||
	    (format != SYNC_FORMAT_PLAIN && format != SYNC_FORMAT_ZSTD))
		return DS_EINPUT;
	slen = stream_len(plen);
	if (slen > SYNC_MAX_PAYLOAD)
		return DS_EINPUT;
	if (!payload)
		payload = nothing; /* libsodium is given no NULL even for 0 bytes */
	if (store_crypto_init() != DS_OK)
		return DS_ESYSTEM;
	total = SYNC_STREAM_AT + (size_t)slen;
	buf = malloc(total);
	msg = store_secret_new(SIGNED_BYTES);
	if (!buf || !msg)
		goto out;

	memcpy(buf + H_MAGIC, SYNC_MAGIC, 8);
	put_le16(buf + H_VERSION, (uint16_t)format);
	put_le16(buf + H_FLAGS, 0);
	sync_key_id(buf + H_KEY_ID, recipient_pk);
	put_le32(buf + H_ELEN, SYNC_SEALED_BYTES);
	put_le64(buf + H_PLEN, slen);
	put_le64(buf + H_RESERVED, 0);

	memcpy(msg->p, buf, SYNC_HEADER_BYTES);
	e = msg->p + SYNC_HEADER_BYTES;
	envelope_write(e, env);
	crypto_secretstream_xchacha20poly1305_keygen(e + E_STREAM_KEY);
	if (crypto_secretstream_xchacha20poly1305_init_push(
	            &ss, e + E_STREAM_HEADER, e + E_STREAM_KEY) != 0)
		goto out;
	if (crypto_box_seal(buf + SYNC_HEADER_BYTES, e, SYNC_ENVELOPE_BYTES,
	                    recipient_pk) != 0)
		goto out;
	/* Over the plaintext, not the sealed bytes: only the recipient can
	 * check it, so it names the sender to no one else. */
	crypto_sign_detached(buf + SYNC_HEADER_BYTES + SYNC_SEALED_BYTES, NULL,
	                     msg->p, SIGNED_BYTES, sender_sk);

	pos = SYNC_STREAM_AT;
	do {
		size_t n = plen - off < SYNC_CHUNK ? plen - off : SYNC_CHUNK;
		unsigned char tag = off + n == plen
		                            ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
		                            : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
		put_le32(buf + pos, (uint32_t)(n + SYNC_CHUNK_ABYTES));
		/* The header as associated data: the stream is bound to it. */
		crypto_secretstream_xchacha20poly1305_push(&ss, buf + pos + 4, NULL,
		                                           payload + off, n, buf,
		                                           SYNC_HEADER_BYTES, tag);
		pos += 4 + n + SYNC_CHUNK_ABYTES;
		off += n;
	} while (off < plen);

	if (hash)
		crypto_generichash(hash, SYNC_HASH_BYTES, buf, total, NULL, 0);
	*out = buf;
	*outlen = total;
	buf = NULL;
	st = DS_OK;
out:
	sodium_memzero(&ss, sizeof(ss));
	store_secret_free(&msg);
	free(buf);
	return st;
}

ds_status sync_bundle_seal_format(unsigned char **out, size_t *outlen,
                                  unsigned char hash[SYNC_HASH_BYTES],
                                  sync_envelope *env, const unsigned char *payload,
                                  size_t plen, int format,
                                  const unsigned char recipient_pk[STORE_BOX_PK_BYTES],
                                  const unsigned char sender_sk[STORE_SIGN_SK_BYTES])
{
	unsigned char *body = NULL;
	size_t blen = 0;
	ds_status st;
	if (!out || !outlen || !env || (!payload && plen) || !recipient_pk ||
	    !sender_sk)
		return DS_EINPUT;
	*out = NULL;
	*outlen = 0;
	if (envelope_fault(env) || plen > SYNC_MAX_PAYLOAD ||
	    (format != SYNC_FORMAT_PLAIN && format != SYNC_FORMAT_ZSTD))
		return DS_EINPUT;
	/* too large for the format, before anything is read: format 2
	 * gives zstd room for its worst case */
	if (format == SYNC_FORMAT_PLAIN ? stream_len(plen) > SYNC_MAX_PAYLOAD
	                                : ZSTD_compressBound(plen) >
	                                          SYNC_MAX_BODY - SYNC_BODY_HEAD)
		return DS_EINPUT;
	if (store_crypto_init() != DS_OK)
		return DS_ESYSTEM;
	crypto_generichash(env->payload_hash, SYNC_HASH_BYTES, payload, plen,
	                   NULL, 0);
	if (format == SYNC_FORMAT_PLAIN)
		return seal_stream(out, outlen, hash, env, format, payload, plen,
		                   recipient_pk, sender_sk);
	if ((st = zbody_make(&body, &blen, payload, plen)))
		return st;
	st = seal_stream(out, outlen, hash, env, format, body, blen, recipient_pk,
	                 sender_sk);
	wipe_free(body, blen);
	return st;
}

ds_status sync_bundle_seal(unsigned char **out, size_t *outlen,
                           unsigned char hash[SYNC_HASH_BYTES],
                           sync_envelope *env, const unsigned char *payload,
                           size_t plen,
                           const unsigned char recipient_pk[STORE_BOX_PK_BYTES],
                           const unsigned char sender_sk[STORE_SIGN_SK_BYTES])
{
	return sync_bundle_seal_format(out, outlen, hash, env, payload, plen,
	                               SYNC_FORMAT, recipient_pk, sender_sk);
}

ds_status sync_bundle_seal_stream(unsigned char **out, size_t *outlen,
                                  const sync_envelope *env, int format,
                                  const unsigned char *stream, size_t slen,
                                  const unsigned char recipient_pk[STORE_BOX_PK_BYTES],
                                  const unsigned char sender_sk[STORE_SIGN_SK_BYTES])
{
	if (!out || !outlen || !env || (!stream && slen) || !recipient_pk ||
	    !sender_sk)
		return DS_EINPUT;
	return seal_stream(out, outlen, NULL, env, format, stream, slen,
	                   recipient_pk, sender_sk);
}

/* The clear header, checked before anything is decrypted; *slen gets the
 * stream length. The first len bytes are there; total is the whole
 * bundle's length when exact, else not known yet (the head of an upload:
 * then only len is checked against the sizes). */
static ds_status header_check(const unsigned char *buf, size_t len,
                              uint64_t total, bool exact, uint64_t *slen,
                              ds_error *err)
{
	uint16_t version;
	uint64_t need;
	/* A cut-short bundle still starts with the magic; other bytes are
	 * not a bundle at all. */
	if (memcmp(buf, SYNC_MAGIC, len < 8 ? len : 8) != 0)
		return ds_fail(err, DS_EINPUT, "bundle", N_("not a bundle"));
	if (len < H_FLAGS)
		return ds_fail(err, DS_EDAMAGED, "bundle", N_("the bundle is truncated"));
	/* The version before the rest: a newer format may lay it out anew. */
	version = get_le16(buf + H_VERSION);
	if (version > SYNC_FORMAT_ZSTD)
		return ds_fail(err, DS_ENEWER, "bundle",
		               N_("the bundle was made by a newer doorstep"));
	if (version == 0)
		return ds_fail(err, DS_EDAMAGED, "bundle",
		               N_("the bundle's format version is 0"));
	if (len < SYNC_HEADER_BYTES)
		return ds_fail(err, DS_EDAMAGED, "bundle", N_("the bundle is truncated"));
	if (get_le16(buf + H_FLAGS) != 0)
		return ds_fail(err, DS_ENEWER, "bundle",
		               N_("the bundle uses features of a newer doorstep"));
	if (get_le64(buf + H_RESERVED) != 0)
		return ds_fail(err, DS_EDAMAGED, "bundle",
		               N_("the bundle's reserved bytes are not zero"));
	if (get_le32(buf + H_ELEN) != SYNC_SEALED_BYTES)
		return ds_fail(err, DS_EDAMAGED, "bundle",
		               N_("the bundle's envelope has the wrong size"));
	*slen = get_le64(buf + H_PLEN);
	if (*slen > SYNC_MAX_PAYLOAD)
		return ds_fail(err, DS_EDAMAGED, "bundle", N_("the bundle is too large"));
	need = SYNC_STREAM_AT + *slen; /* no overflow: both are bounded */
	if (!exact)
		total = need;
	if (total < need || (uint64_t)len < SYNC_STREAM_AT)
		return ds_fail(err, DS_EDAMAGED, "bundle", N_("the bundle is truncated"));
	if (total > need || (uint64_t)len > need)
		return ds_fail(err, DS_EDAMAGED, "bundle",
		               N_("the bundle has trailing bytes after its end"));
	return DS_OK;
}

/* Steps 1 to 5 of opening (sync/BUNDLE.md) on the first len bytes of a
 * bundle of total bytes (exact) or of a length not known yet. */
static ds_status open_head(sync_opened *o, const unsigned char *buf, size_t len,
                           uint64_t total, bool exact,
                           const unsigned char my_pk[STORE_BOX_PK_BYTES],
                           const unsigned char my_sk[STORE_BOX_SK_BYTES],
                           sync_signer_fn lookup, void *ctx, uint64_t *slen,
                           ds_error *err)
{
	static const unsigned char nothing[1];
	store_secret *msg = NULL;
	unsigned char id[SYNC_KEY_ID_BYTES], pk[STORE_SIGN_PK_BYTES];
	const char *fault;
	ds_status st;

	if (!o)
		return ds_fail(err, DS_EINPUT, "bundle", N_("nothing to open it into"));
	memset(o, 0, sizeof(*o));
	if (!my_pk || !my_sk || !lookup)
		return ds_fail(err, DS_EINPUT, "bundle", N_("no key to open it with"));
	if (!buf) {
		if (len)
			return ds_fail(err, DS_EINPUT, "bundle", N_("not a bundle"));
		buf = nothing;
	}
	st = header_check(buf, len, total, exact, slen, err);
	if (st != DS_OK)
		return st;
	sync_key_id(id, my_pk);
	if (memcmp(id, buf + H_KEY_ID, SYNC_KEY_ID_BYTES) != 0)
		return ds_fail(err, DS_EINPUT, "bundle",
		               N_("the bundle is for another recipient"));
	if (store_crypto_init() != DS_OK || !(msg = store_secret_new(SIGNED_BYTES))) {
		st = ds_fail(err, DS_ESYSTEM, "bundle", N_("out of memory"));
		goto out;
	}
	memcpy(msg->p, buf, SYNC_HEADER_BYTES);
	/* It names our key, so not opening means altered bytes (or a key id
	 * collision, 1 in 2^64): damaged, not someone else's. */
	if (crypto_box_seal_open(msg->p + SYNC_HEADER_BYTES, buf + SYNC_HEADER_BYTES,
	                         SYNC_SEALED_BYTES, my_pk, my_sk) != 0) {
		st = ds_fail(err, DS_EDAMAGED, "bundle", N_("the envelope does not open"));
		goto out;
	}
	envelope_read(&o->env, msg->p + SYNC_HEADER_BYTES);
	fault = envelope_fault(&o->env);
	if (fault) {
		st = ds_fail(err, DS_EDAMAGED, "bundle", fault);
		goto out;
	}
	st = lookup(ctx, o->env.sender, pk, err);
	if (st != DS_OK)
		goto out;
	if (crypto_sign_verify_detached(buf + SYNC_HEADER_BYTES + SYNC_SEALED_BYTES,
	                                msg->p, SIGNED_BYTES, pk) != 0) {
		st = ds_fail(err, DS_EDAMAGED, "bundle",
		             N_("the signature does not verify"));
		goto out;
	}
	o->stream_key = store_secret_new(KEY_BYTES);
	if (!o->stream_key) {
		st = ds_fail(err, DS_ESYSTEM, "bundle", N_("out of memory"));
		goto out;
	}
	memcpy(o->stream_key->p, msg->p + SYNC_HEADER_BYTES + E_STREAM_KEY, KEY_BYTES);
	memcpy(o->stream_header, msg->p + SYNC_HEADER_BYTES + E_STREAM_HEADER,
	       SS_HEADER_BYTES);
	o->stream_at = SYNC_STREAM_AT;
	o->format = get_le16(buf + H_VERSION);
	st = DS_OK;
out:
	store_secret_free(&msg);
	if (st != DS_OK)
		sync_opened_free(o);
	return st;
}

ds_status sync_bundle_open(sync_opened *o, const unsigned char *buf, size_t len,
                           const unsigned char my_pk[STORE_BOX_PK_BYTES],
                           const unsigned char my_sk[STORE_BOX_SK_BYTES],
                           sync_signer_fn lookup, void *ctx, ds_error *err)
{
	uint64_t slen;
	ds_status st = open_head(o, buf, len, len, true, my_pk, my_sk, lookup, ctx,
	                         &slen, err);
	if (st == DS_OK)
		crypto_generichash(o->hash, SYNC_HASH_BYTES, buf, len, NULL, 0);
	return st;
}

ds_status sync_bundle_open_head(sync_envelope *env, uint64_t *length,
                                const unsigned char *buf, size_t len,
                                uint64_t total,
                                const unsigned char my_pk[STORE_BOX_PK_BYTES],
                                const unsigned char my_sk[STORE_BOX_SK_BYTES],
                                sync_signer_fn lookup, void *ctx, ds_error *err)
{
	sync_opened o;
	uint64_t slen = 0;
	ds_status st;
	memset(env, 0, sizeof(*env));
	*length = 0;
	if (len > SYNC_STREAM_AT)
		len = SYNC_STREAM_AT;
	st = open_head(&o, buf, len, total, total != 0, my_pk, my_sk, lookup, ctx,
	               &slen, err);
	if (st == DS_OK) {
		*env = o.env;
		*length = SYNC_STREAM_AT + slen;
	}
	sync_opened_free(&o);
	return st;
}

/* Grows the plaintext buffer to at least need bytes, never past max. By
 * hand rather than realloc, so no copy of the plaintext is freed unwiped. */
static ds_status chunk_fail(ds_error *err, const char *fmt, unsigned long n)
{
	char num[24];
	snprintf(num, sizeof(num), "%lu", n);
	return ds_fail(err, DS_EDAMAGED, "bundle", fmt, num);
}

/* Format 2: the payload out of a decrypted body (sync/BUNDLE.md, "The
 * body"), each field checked before it is trusted: the declared size
 * against the limit, the frame's length against the body, the padding
 * against the bucket; then the frame is decompressed into a buffer that
 * grows with what comes out (never past the declared size), so a frame
 * that claims much and a false declared size cost no more memory than
 * the bytes it really makes. *raw is malloc'd (1 byte for an empty
 * payload); nothing on failure. */
static ds_status zbody_open(unsigned char **raw, size_t *rlen,
                            const unsigned char *body, size_t blen,
                            ds_error *err)
{
	ZSTD_DCtx *d = NULL;
	ZSTD_inBuffer in;
	ZSTD_outBuffer ob;
	unsigned char *p = NULL, spare[1];
	uint64_t want, zlen;
	size_t cap, r = 1;
	ds_status st = DS_OK;
	*raw = NULL;
	*rlen = 0;
	if (blen < SYNC_BODY_HEAD)
		return ds_fail(err, DS_EDAMAGED, "bundle",
		               N_("the compressed payload is shorter than its sizes"));
	want = get_le64(body);
	zlen = get_le64(body + 8);
	if (want > SYNC_MAX_RAW)
		return ds_fail(err, DS_EDAMAGED, "bundle",
		               N_("the payload's declared size is over the limit (256 MiB)"));
	if (zlen > blen - SYNC_BODY_HEAD)
		return ds_fail(err, DS_EDAMAGED, "bundle",
		               N_("the payload's compressed length runs past its body"));
	if (sync_bucket(SYNC_BODY_HEAD + zlen) != blen)
		return ds_fail(err, DS_EDAMAGED, "bundle",
		               N_("the payload's padding is not its size bucket"));
	for (size_t i = SYNC_BODY_HEAD + (size_t)zlen; i < blen; i++)
		if (body[i])
			return ds_fail(err, DS_EDAMAGED, "bundle",
			               N_("the payload's padding is not zeros"));
	if (zlen < 4 || get_le32(body + SYNC_BODY_HEAD) != ZSTD_MAGICNUMBER)
		return ds_fail(err, DS_EDAMAGED, "bundle",
		               N_("the compressed payload is not a zstd frame"));
	/* to start, room for what a frame of this length plausibly makes;
	 * more only as it comes */
	cap = zlen < (SYNC_MAX_RAW - 65536) / 8 ? (size_t)zlen * 8 + 65536 : SYNC_MAX_RAW;
	if (cap > want)
		cap = (size_t)want;
	if (!(p = malloc(cap ? cap : 1)))
		return ds_fail(err, DS_ESYSTEM, "bundle", N_("out of memory"));
	if (!(d = ZSTD_createDCtx_advanced(zmem)) ||
	    ZSTD_isError(ZSTD_DCtx_setParameter(d, ZSTD_d_windowLogMax, ZSTD_WINDOW_LOG))) {
		st = ds_fail(err, DS_ESYSTEM, "bundle", N_("out of memory"));
		goto out;
	}
	in.src = body + SYNC_BODY_HEAD;
	in.size = (size_t)zlen;
	in.pos = 0;
	ob.dst = p;
	ob.size = cap;
	ob.pos = 0;
	while (r != 0) {
		size_t in_was = in.pos, out_was = ob.pos, made;
		if (ob.pos == ob.size && ob.size < want) {
			/* grown by hand, so no copy is freed unwiped */
			size_t nc = ob.size < (size_t)want / 2 ? ob.size * 2 : (size_t)want;
			unsigned char *np = malloc(nc);
			if (!np) {
				st = ds_fail(err, DS_ESYSTEM, "bundle", N_("out of memory"));
				goto out;
			}
			memcpy(np, p, ob.pos);
			wipe_free(p, cap);
			p = np;
			cap = nc;
			ob.dst = p;
			ob.size = cap;
		}
		if (ob.pos == ob.size) {
			/* all it declared is out: one byte more is one too many */
			ZSTD_outBuffer one = {spare, sizeof(spare), 0};
			r = ZSTD_decompressStream(d, &one, &in);
			made = one.pos;
			sodium_memzero(spare, sizeof(spare));
			if (!ZSTD_isError(r) && made) {
				st = ds_fail(err, DS_EDAMAGED, "bundle",
				             N_("the payload decompresses beyond its declared size"));
				goto out;
			}
		} else {
			r = ZSTD_decompressStream(d, &ob, &in);
			made = ob.pos - out_was;
		}
		if (ZSTD_isError(r)) {
			st = ds_fail(err, DS_EDAMAGED, "bundle",
			             N_("the compressed payload is damaged: %s"),
			             ZSTD_getErrorName(r));
			goto out;
		}
		/* a frame not finished that can go no further */
		if (r != 0 && !made && in.pos == in_was) {
			st = ds_fail(err, DS_EDAMAGED, "bundle",
			             N_("the compressed payload is cut short"));
			goto out;
		}
	}
	if (in.pos != in.size) {
		st = ds_fail(err, DS_EDAMAGED, "bundle",
		             N_("the payload's compressed length runs past its frame"));
		goto out;
	}
	if (ob.pos != want) {
		st = ds_fail(err, DS_EDAMAGED, "bundle",
		             N_("the payload decompresses short of its declared size"));
		goto out;
	}
	*raw = p;
	*rlen = ob.pos;
	p = NULL;
out:
	ZSTD_freeDCtx(d);
	if (p)
		wipe_free(p, cap);
	return st;
}

ds_status sync_bundle_open_payload(sync_opened *o, const unsigned char *buf,
                                   size_t len, ds_error *err)
{
	crypto_secretstream_xchacha20poly1305_state ss;
	unsigned char *out = NULL, h[SYNC_HASH_BYTES];
	size_t cap, n = 0, pos, slen;
	unsigned long chunk = 0;
	bool final = false;
	ds_status st = DS_OK;

	if (!o || !o->stream_key)
		return ds_fail(err, DS_EINPUT, "bundle",
		               N_("the bundle has not been opened"));
	if (o->payload) {
		sodium_memzero(o->payload, o->plen);
		free(o->payload);
	}
	o->payload = NULL;
	o->plen = 0;
	/* The cheap part of "the same bytes": the stream the signed header
	 * announces. The rest is the stream key's and the AD's to refuse. */
	if (!buf || o->stream_at != SYNC_STREAM_AT || len < SYNC_STREAM_AT ||
	    get_le16(buf + H_VERSION) != o->format ||
	    get_le64(buf + H_PLEN) != (uint64_t)(len - SYNC_STREAM_AT))
		return ds_fail(err, DS_EINPUT, "bundle",
		               N_("these are not the bytes that were opened"));
	slen = len - SYNC_STREAM_AT;
	/* the plaintext is shorter than the stream that carries it (whose
	 * length the signature covers): one buffer, never grown, so no copy
	 * of it is left behind unwiped; an empty payload is a buffer too */
	cap = slen ? slen : 1;
	out = malloc(cap);
	if (!out)
		return ds_fail(err, DS_ESYSTEM, "bundle", N_("out of memory"));
	if (crypto_secretstream_xchacha20poly1305_init_pull(&ss, o->stream_header,
	                                                    o->stream_key->p) != 0) {
		st = ds_fail(err, DS_EDAMAGED, "bundle",
		             N_("the payload stream does not open"));
		goto out;
	}
	pos = SYNC_STREAM_AT;
	while (!final) {
		unsigned long long mlen;
		unsigned char tag;
		uint32_t clen;
		chunk++;
		if (pos == len) {
			st = ds_fail(err, DS_EDAMAGED, "bundle",
			             N_("the final chunk is missing (cut short)"));
			goto out;
		}
		if (len - pos < 4) {
			st = chunk_fail(err, N_("chunk %s is truncated"), chunk);
			goto out;
		}
		clen = get_le32(buf + pos);
		pos += 4;
		if (clen < SYNC_CHUNK_ABYTES || clen > SYNC_CHUNK + SYNC_CHUNK_ABYTES) {
			st = chunk_fail(err, N_("chunk %s has an impossible length"), chunk);
			goto out;
		}
		if (clen > len - pos) {
			st = chunk_fail(err, N_("chunk %s is truncated"), chunk);
			goto out;
		}
		if (n + clen - SYNC_CHUNK_ABYTES > cap) {
			st = chunk_fail(err, N_("chunk %s is truncated"), chunk);
			goto out;
		}
		if (crypto_secretstream_xchacha20poly1305_pull(
		            &ss, out + n, &mlen, &tag, buf + pos, clen, buf,
		            SYNC_HEADER_BYTES) != 0) {
			st = chunk_fail(err, N_("chunk %s does not decrypt"), chunk);
			goto out;
		}
		pos += clen;
		n += (size_t)mlen;
		/* Sealing makes exactly one encoding of a payload; anything
		 * else did not come from sync_bundle_seal. */
		if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
			final = true;
			if (pos != len) {
				st = ds_fail(err, DS_EDAMAGED, "bundle",
				             N_("bytes after the final chunk"));
				goto out;
			}
			if (mlen == 0 && chunk > 1) {
				st = chunk_fail(err, N_("chunk %s is an empty final chunk after full ones"),
				                chunk);
				goto out;
			}
		} else if (tag == crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) {
			if (mlen != SYNC_CHUNK) {
				st = chunk_fail(err, N_("chunk %s is shorter than a full chunk"),
				                chunk);
				goto out;
			}
		} else {
			st = chunk_fail(err, N_("chunk %s has an unknown tag"), chunk);
			goto out;
		}
	}
	if (o->format == SYNC_FORMAT_ZSTD) {
		/* the body decrypted: the payload is what it decompresses to */
		unsigned char *raw = NULL;
		size_t rlen = 0;
		st = zbody_open(&raw, &rlen, out, n, err);
		sodium_memzero(out, cap);
		free(out);
		out = raw;
		cap = rlen ? rlen : 1;
		n = rlen;
		if (st)
			goto out;
	}
	crypto_generichash(h, sizeof(h), out, n, NULL, 0);
	if (sodium_memcmp(h, o->env.payload_hash, SYNC_HASH_BYTES) != 0) {
		st = ds_fail(err, DS_EDAMAGED, "bundle",
		             N_("the payload does not match its hash"));
		goto out;
	}
	o->payload = out;
	o->plen = n;
	out = NULL;
out:
	sodium_memzero(&ss, sizeof(ss));
	if (out) {
		sodium_memzero(out, cap);
		free(out);
	}
	return st;
}

void sync_opened_free(sync_opened *o)
{
	if (!o)
		return;
	if (o->payload) {
		sodium_memzero(o->payload, o->plen);
		free(o->payload);
	}
	store_secret_free(&o->stream_key);
	sodium_memzero(o, sizeof(*o));
}
