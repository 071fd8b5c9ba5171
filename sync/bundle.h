/* bundle.h — the sync bundle as bytes: a clear header, an envelope sealed
 * to the recipient, the sender's Ed25519 signature over both, and the
 * payload in crypto_secretstream chunks ending in TAG_FINAL. What the
 * payload holds (events, receipts) is the caller's; this file only seals
 * and opens. The byte layout is in sync/BUNDLE.md. */
#ifndef SYNC_BUNDLE_H
#define SYNC_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "store/crypto.h"

#define SYNC_MAGIC "DSBUNDL1"      /* 8 bytes, no NUL in the file */
/* The formats a bundle's header names (sync/BUNDLE.md): 1, the payload
 * as it is; 2, the payload compressed with zstd and padded to a size
 * bucket. Sealing writes SYNC_FORMAT; opening reads both. */
#define SYNC_FORMAT_PLAIN 1
#define SYNC_FORMAT_ZSTD 2
#define SYNC_FORMAT SYNC_FORMAT_ZSTD
#define SYNC_DEVICE_BYTES 16       /* = STORE_DEVICE_BYTES */
#define SYNC_KEY_ID_BYTES 8        /* first 8 bytes of BLAKE2b-256 of a box public key */
#define SYNC_HASH_BYTES 32
#define SYNC_CHUNK 65536           /* plaintext bytes per stream chunk */
/* Limits checked before anything is decrypted. */
#define SYNC_MAX_ENVELOPE 4096
#define SYNC_MAX_PAYLOAD (256ULL * 1024 * 1024)
/* Format 2: the most a payload may declare, and decompress to: what a
 * format 1 payload could be, so nothing sendable before is refused now. */
#define SYNC_MAX_RAW SYNC_MAX_PAYLOAD
/* Format 2: the body (the stream's plaintext: sizes, zstd frame, padding)
 * whose stream is the most SYNC_MAX_PAYLOAD allows; the last bucket. */
#define SYNC_MAX_BODY (SYNC_MAX_PAYLOAD - 21ULL * (SYNC_MAX_PAYLOAD / 65536))
#define SYNC_BODY_HEAD 16          /* raw and zlen, 8 bytes each */
#define SYNC_BUCKET_MIN 1024       /* the smallest body */

/* The fixed sizes of the layout (sync/BUNDLE.md); bundle.c checks them
 * against libsodium's constants at compile time. */
#define SYNC_HEADER_BYTES 40
#define SYNC_ENVELOPE_BYTES 173    /* the envelope's plaintext */
#define SYNC_SEALED_BYTES (SYNC_ENVELOPE_BYTES + 48) /* + crypto_box_SEALBYTES */
#define SYNC_SIG_BYTES 64
#define SYNC_STREAM_AT (SYNC_HEADER_BYTES + SYNC_SEALED_BYTES + SYNC_SIG_BYTES)
#define SYNC_CHUNK_ABYTES 17       /* secretstream tag and MAC per chunk */

typedef enum {
	SYNC_UP = 1,      /* a device's events, to the county */
	SYNC_DOWN = 2,    /* the county's, to one device */
} sync_kind;

/* The sealed envelope's contents. */
typedef struct {
	uint8_t kind;                          /* sync_kind */
	unsigned char sender[SYNC_DEVICE_BYTES];
	uint64_t epoch;    /* the sender's epoch: new after a reinstall or restore */
	uint64_t number;   /* bundle number, 1, 2, ... within (sender, epoch) */
	uint64_t first, last; /* the sequence range of what it carries */
	uint32_t count;    /* records in the payload */
	unsigned char prev[SYNC_HASH_BYTES];    /* hash of bundle number-1; zeros for 1 */
	unsigned char payload_hash[SYNC_HASH_BYTES]; /* BLAKE2b-256 of the plaintext payload */
} sync_envelope;

/* Seals payload (plen bytes) into a bundle for the recipient's box key,
 * signed with the sender's Ed25519 key. env->payload_hash is computed
 * here. *out is malloc'd (the caller frees); *hash receives the bundle's
 * hash (BLAKE2b-256 of every byte of it), which the next bundle's prev
 * names; hash may be NULL. DS_EINPUT for an envelope opening would refuse
 * (kind not SYNC_UP or SYNC_DOWN, number 0, first > last) or a payload
 * over SYNC_MAX_PAYLOAD once encrypted; DS_ESYSTEM when out of memory. */
ds_status sync_bundle_seal(unsigned char **out, size_t *outlen,
                           unsigned char hash[SYNC_HASH_BYTES],
                           sync_envelope *env, const unsigned char *payload,
                           size_t plen,
                           const unsigned char recipient_pk[STORE_BOX_PK_BYTES],
                           const unsigned char sender_sk[STORE_SIGN_SK_BYTES])
        STORE_WUR;

/* The same, in the format given: SYNC_FORMAT_PLAIN for a bundle any
 * doorstep reads (and the benchmark's baseline), SYNC_FORMAT_ZSTD as
 * sync_bundle_seal does; any other is DS_EINPUT. */
ds_status sync_bundle_seal_format(unsigned char **out, size_t *outlen,
                                  unsigned char hash[SYNC_HASH_BYTES],
                                  sync_envelope *env, const unsigned char *payload,
                                  size_t plen, int format,
                                  const unsigned char recipient_pk[STORE_BOX_PK_BYTES],
                                  const unsigned char sender_sk[STORE_SIGN_SK_BYTES])
        STORE_WUR;

/* For tests and the fuzz corpus only: seals stream (slen bytes) as the
 * stream's plaintext exactly as given, under the format given, with
 * env->payload_hash as the caller set it; for format 2 it is the body
 * (sizes, frame, padding), unchecked, so a test can make the bundles a
 * damaged or hostile sender would (a decompression bomb, a false size). */
ds_status sync_bundle_seal_stream(unsigned char **out, size_t *outlen,
                                  const sync_envelope *env, int format,
                                  const unsigned char *stream, size_t slen,
                                  const unsigned char recipient_pk[STORE_BOX_PK_BYTES],
                                  const unsigned char sender_sk[STORE_SIGN_SK_BYTES])
        STORE_WUR;

/* Format 2's padding: the body's length for n bytes of sizes and frame,
 * the smallest bucket >= n. Buckets start at SYNC_BUCKET_MIN and grow by
 * a quarter each, rounded up to 64 bytes, the last one SYNC_MAX_BODY; 0
 * when n is over it. */
uint64_t sync_bucket(uint64_t n);

/* The key id a bundle names in its clear header for a box public key. */
void sync_key_id(unsigned char id[SYNC_KEY_ID_BYTES],
                 const unsigned char pk[STORE_BOX_PK_BYTES]);

/* Who signed: given the sender's device id, the caller's lookup writes
 * its signing public key, or returns an error (DS_EPERM "unknown device",
 * "revoked") that opening returns unchanged. */
typedef ds_status (*sync_signer_fn)(void *ctx,
                                    const unsigned char sender[SYNC_DEVICE_BYTES],
                                    unsigned char pk[STORE_SIGN_PK_BYTES],
                                    ds_error *err);

/* An opened bundle: the envelope, its hash, and the payload once opened. */
typedef struct {
	sync_envelope env;
	unsigned char hash[SYNC_HASH_BYTES];
	unsigned char *payload; /* malloc'd by sync_bundle_open_payload */
	size_t plen;
	int format;             /* the header's: SYNC_FORMAT_PLAIN or _ZSTD */
	/* where the stream starts in the bytes, and its key (wiped by free) */
	size_t stream_at;
	store_secret *stream_key;
	unsigned char stream_header[24];
} sync_opened;

/* Opens in the order that rejects cheapest first and trusts nothing
 * unchecked: the magic and format (DS_EINPUT "not a bundle" / DS_ENEWER),
 * the sizes against len and the limits (DS_EDAMAGED "truncated" /
 * "trailing bytes" / "too large"), the recipient key id (DS_EINPUT "for
 * another recipient"), the sealed envelope (DS_EDAMAGED when it names our
 * key but does not open with it), the signer via lookup (its error
 * unchanged), then the signature (DS_EDAMAGED). Nothing of the payload is
 * decrypted. *o is overwritten; on failure it is left zeroed. err may be
 * NULL. sync_opened_free releases it. */
ds_status sync_bundle_open(sync_opened *o, const unsigned char *buf, size_t len,
                           const unsigned char my_pk[STORE_BOX_PK_BYTES],
                           const unsigned char my_sk[STORE_BOX_SK_BYTES],
                           sync_signer_fn lookup, void *ctx, ds_error *err)
        STORE_WUR;

/* The same steps, up to the signature, on the head of a bundle that is
 * still arriving: its first len bytes (SYNC_STREAM_AT are needed; fewer
 * is DS_EDAMAGED "truncated"; more are not looked at), the whole of it
 * total bytes long, or 0 when that is not known yet. *env gets the
 * envelope and *length the bundle's length by its header (SYNC_STREAM_AT
 * + P), so a receiver authenticates the sender before it holds any more
 * of the bytes. Nothing is decrypted beyond the envelope; there is no
 * hash yet. */
ds_status sync_bundle_open_head(sync_envelope *env, uint64_t *length,
                                const unsigned char *buf, size_t len,
                                uint64_t total,
                                const unsigned char my_pk[STORE_BOX_PK_BYTES],
                                const unsigned char my_sk[STORE_BOX_SK_BYTES],
                                sync_signer_fn lookup, void *ctx, ds_error *err)
        STORE_WUR;

/* Decrypts the whole payload into o->payload, checking every chunk, that
 * the last one is TAG_FINAL and nothing follows it, and the payload hash
 * (DS_EDAMAGED naming which). Call after sync_bundle_open on the same
 * bytes, and after deciding the bundle is wanted (idempotency and chain
 * position are the caller's). On failure o->payload is NULL. An empty
 * payload opens as a 1-byte buffer with plen 0, so payload is never NULL
 * on success. */
ds_status sync_bundle_open_payload(sync_opened *o, const unsigned char *buf,
                                   size_t len, ds_error *err) STORE_WUR;

/* Wipes and frees the payload and the stream key and zeroes *o; safe on
 * NULL, on a zeroed struct and twice. */
void sync_opened_free(sync_opened *o);

#endif
