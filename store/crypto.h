/* crypto.h — the store's use of libsodium: secrets in guarded memory,
 * sealed values (XChaCha20-Poly1305-IETF with associated data), subkeys,
 * the blind index, Argon2id key wrapping, and encodings. */
#ifndef STORE_CRYPTO_H
#define STORE_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

#define STORE_KEY_BYTES 32
#define STORE_BLIND_BYTES 16
#define STORE_HASH_BYTES 32
#define STORE_SALT_BYTES 16
#define STORE_SIGN_PK_BYTES 32
#define STORE_SIGN_SK_BYTES 64
#define STORE_SIG_BYTES 64
#define STORE_BOX_PK_BYTES 32
#define STORE_BOX_SK_BYTES 32
/* version byte + 24-byte nonce + 16-byte tag */
#define STORE_SEAL_OVERHEAD (1 + 24 + 16)

#define STORE_WUR __attribute__((warn_unused_result))

/* A secret in sodium_malloc memory: guard pages, locked, wiped on free. */
typedef struct store_secret {
	unsigned char *p;
	size_t len;
} store_secret;

ds_status store_crypto_init(void) STORE_WUR;
store_secret *store_secret_new(size_t len);
void store_secret_free(store_secret **s);

/* Argon2id parameters of a key slot. Unlock takes well under a second on
 * the target laptops; memory never below 64 MiB (DESIGN.md). */
#define STORE_KDF_OPSLIMIT 3ULL
#define STORE_KDF_MEMLIMIT (64ULL * 1024 * 1024)
#define STORE_KDF_MIN_MEMLIMIT (64ULL * 1024 * 1024)

ds_status store_kdf(unsigned char out[STORE_KEY_BYTES], const store_secret *pass,
                    const unsigned char salt[STORE_SALT_BYTES],
                    uint64_t opslimit, uint64_t memlimit) STORE_WUR;

/* Sealed value: 0x01 || nonce(24) || ciphertext || tag(16). ad binds the
 * value to its place: "table|record id|field|version". out is malloc'd
 * (caller frees); unseal's plaintext is malloc'd too, with a NUL after it. */
ds_status store_seal(unsigned char **out, size_t *outlen, const void *plain,
                     size_t len, const char *ad,
                     const unsigned char key[STORE_KEY_BYTES]) STORE_WUR;
ds_status store_unseal(unsigned char **out, size_t *outlen,
                       const unsigned char *sealed, size_t sealedlen,
                       const char *ad,
                       const unsigned char key[STORE_KEY_BYTES]) STORE_WUR;

/* Subkey for one purpose from the data key (crypto_kdf). */
enum {
	STORE_SUBKEY_SEAL = 1,
	STORE_SUBKEY_BLIND = 2,
	STORE_SUBKEY_ROWMAC = 3,
};
#define STORE_MAC_BYTES 16
void store_subkey(unsigned char out[STORE_KEY_BYTES], uint64_t id,
                  const unsigned char master[STORE_KEY_BYTES]);

/* Keyed BLAKE2b of a normalised ID number. */
void store_blind(unsigned char out[STORE_BLIND_BYTES], const char *idnum,
                 const unsigned char key[STORE_KEY_BYTES]);

/* Random bytes from a key stream of this process (crypto.c): fresh in a
 * forked child, wiped at exit. */
void store_random(void *buf, size_t len);
void store_hex(char *out, const unsigned char *bin, size_t len); /* 2*len+1 */
bool store_unhex(unsigned char *out, size_t len, const char *hex);
/* Standard base64 with padding; out needs store_b64_len(len) bytes. */
size_t store_b64_len(size_t len);
void store_b64(char *out, size_t outlen, const unsigned char *bin, size_t len);
bool store_unb64(unsigned char *out, size_t len, const char *b64);

/* Wipes len bytes (not optimised away). */
void store_wipe(void *p, size_t len);

#endif
