/* provrec.h — what a county sends the province (sync/province/PROVINCE.md):
 * one record per event of its log, holding only the reporting fields (the
 * deliberate list), persons as pseudonyms under the province key; each
 * record hash-chained to the one before it and signed by the county. The
 * county's feed makes records, the province's take checks them: one
 * definition of the bytes for both. Nothing here speaks to a database. */
#ifndef SYNC_PROVREC_H
#define SYNC_PROVREC_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "store/crypto.h"
#include "store/store.h"

#define SYNC_PROV_HASH_BYTES 32
#define SYNC_PROV_SIG_BYTES 64
#define SYNC_PROV_KEY_BYTES 32
#define SYNC_PROV_COUNTY_LEN 6 /* a county's code: six digits (GB/T 2260) */
/* The first bytes hashed: the format, so a record is never read as anything
 * else. */
#define SYNC_PROV_MAGIC "doorstep-province-1"
#define SYNC_PROVKEY_FORMAT "doorstep-province-key-1"
/* The province schema's version the feed writes to (county.fed_at, 002;
 * the budget table, 005); a database at an older one is brought up by
 * doorstep-province init. */
#define SYNC_PROV_SCHEMA 5

/* A province record; the strings are borrowed. fields is the JSON text of
 * the reporting fields, exactly the bytes hashed. */
typedef struct {
	const char *county, *device; /* six digits; 32 hex digits */
	int64_t epoch, dseq;         /* the event's identity at the county */
	int64_t seq;                 /* its position in the county's log */
	const char *kind, *day;      /* the event's kind; YYYY-MM-DD */
	const char *author, *entity;
	const char *fields;
	size_t fields_len;
} sync_provrec;

/* The record's hash: BLAKE2b-256 over the magic and a NUL, the previous
 * record's hash (zeros for a county's first), then each field as a 4-byte
 * little-endian length and its bytes, numbers as decimal text, in the
 * order of the struct. */
void sync_provrec_hash(unsigned char out[SYNC_PROV_HASH_BYTES],
                       const unsigned char prev[SYNC_PROV_HASH_BYTES],
                       const sync_provrec *r);
/* The county's Ed25519 signature over a record's hash (sign_sk 64 bytes):
 * it vouches for that record and, through the chain, every one before it.
 * The feed signs every SYNC_PROV_SIGN_EVERY-th record and the last of each
 * transaction, as a laptop signs checkpoints rather than every event; the
 * province takes a record only once a signature after it verifies. */
#define SYNC_PROV_SIGN_EVERY 1000
void sync_provrec_sign(unsigned char sig[SYNC_PROV_SIG_BYTES],
                       const unsigned char hash[SYNC_PROV_HASH_BYTES],
                       const unsigned char *sign_sk);
bool sync_provrec_verify(const unsigned char sig[SYNC_PROV_SIG_BYTES],
                         const unsigned char hash[SYNC_PROV_HASH_BYTES],
                         const unsigned char sign_pk[STORE_SIGN_PK_BYTES]);

/* Whether code is a county's code (six digits). */
bool sync_prov_county_valid(const char *code);

/* The province key file: 32 random bytes, base64, written 0600. Reading
 * puts the key in guarded memory (*key, SYNC_PROV_KEY_BYTES; the caller
 * frees it with store_secret_free). */
ds_status sync_provkey_new(const char *path, ds_error *err);
ds_status sync_provkey_read(const char *path, store_secret **key,
                            ds_error *err);

/* A person's pseudonym: keyed BLAKE2b-256 (the province key) of the
 * normalised 18-character ID number. DS_EINPUT when it is not one. */
ds_status sync_prov_pseudonym(unsigned char out[SYNC_PROV_HASH_BYTES],
                              const char *id_number, const unsigned char *key,
                              ds_error *err);

/* The reporting fields of an event, by its kind (the deliberate list; an
 * event of a kind not on it gives {}), from its body's JSON text: JSON
 * text, compact with keys in byte order, *out malloc'd (the caller frees
 * it), *out_len long. s is the county's store, for a roll issued (its
 * lines as kept when it was issued, or made again from the log as it was
 * issued for a month issued before the store kept its rolls; either way
 * checked against the issued hash). */
ds_status sync_prov_fields(ds_store *s, const char *kind, const char *body, size_t blen,
                           const unsigned char *key, char **out, size_t *out_len,
                           ds_error *err);
/* The day of a hybrid-logical-clock time, in China Standard Time (UTC+8)
 * whatever the computer's zone: YYYY-MM-DD. */
void sync_prov_day(char out[11], uint64_t hlc);

#endif
