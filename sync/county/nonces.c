/* nonces.c — the replay guard of signed download requests (nonces.h): an
 * open-addressing table of twice the cap, hashed with a random key (the
 * nonces come from enrolled laptops, but one of them could still choose
 * them to collide), swept of expired entries when it fills. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "sync/county/nonces.h"

typedef struct {
	unsigned char nonce[SYNC_DOWNREQ_NONCE_BYTES];
	int64_t until; /* 0: an empty slot */
} slot;

struct county_nonces {
	slot *t;
	size_t slots, cap, used;
	unsigned char key[crypto_shorthash_KEYBYTES];
};

county_nonces *county_nonces_new(size_t cap)
{
	county_nonces *n;
	if (!cap || sodium_init() < 0 || !(n = calloc(1, sizeof(*n))))
		return NULL;
	n->cap = cap;
	n->slots = 2 * cap;
	if (!(n->t = calloc(n->slots, sizeof(*n->t)))) {
		free(n);
		return NULL;
	}
	randombytes_buf(n->key, sizeof(n->key));
	return n;
}

void county_nonces_free(county_nonces **n)
{
	if (!n || !*n)
		return;
	free((*n)->t);
	free(*n);
	*n = NULL;
}

static size_t home(const county_nonces *n, const unsigned char *nonce)
{
	unsigned char h[crypto_shorthash_BYTES];
	uint64_t v = 0;
	crypto_shorthash(h, nonce, SYNC_DOWNREQ_NONCE_BYTES, n->key);
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)h[i] << (8 * i);
	return (size_t)(v % n->slots);
}

static void put(county_nonces *n, const unsigned char *nonce, int64_t until)
{
	size_t i = home(n, nonce);
	while (n->t[i].until)
		i = (i + 1) % n->slots;
	memcpy(n->t[i].nonce, nonce, SYNC_DOWNREQ_NONCE_BYTES);
	n->t[i].until = until;
	n->used++;
}

/* Keeps only the live entries, placed anew (removing from a linearly
 * probed table leaves holes that later lookups would stop at). */
static void sweep(county_nonces *n, int64_t now)
{
	slot *old = n->t;
	slot *t = calloc(n->slots, sizeof(*t));
	if (!t)
		return; /* keep the old table: full for now, nothing forgotten */
	n->t = t;
	n->used = 0;
	for (size_t i = 0; i < n->slots; i++)
		if (old[i].until && old[i].until >= now)
			put(n, old[i].nonce, old[i].until);
	free(old);
}

county_nonce_result county_nonces_add(county_nonces *n,
                                      const unsigned char nonce[SYNC_DOWNREQ_NONCE_BYTES],
                                      int64_t until, int64_t now)
{
	size_t i = home(n, nonce);
	/* at most half the slots are used, so an empty one ends the probe */
	while (n->t[i].until) {
		if (!memcmp(n->t[i].nonce, nonce, SYNC_DOWNREQ_NONCE_BYTES) &&
		    n->t[i].until >= now)
			return COUNTY_NONCE_SEEN;
		i = (i + 1) % n->slots;
	}
	if (n->used >= n->cap)
		sweep(n, now);
	if (n->used >= n->cap)
		return COUNTY_NONCE_FULL;
	put(n, nonce, until < 1 ? 1 : until);
	return COUNTY_NONCE_NEW;
}
