/* nonces.h — the nonces of signed download requests the county has seen,
 * in memory, each until its request's time has left the window. Bounded:
 * when full of live ones it says so rather than forget one. Not
 * thread-safe: the server calls it under its store lock. */
#ifndef SYNC_COUNTY_NONCES_H
#define SYNC_COUNTY_NONCES_H

#include <stddef.h>
#include <stdint.h>

#include "sync/downreq.h"

typedef struct county_nonces county_nonces;

typedef enum {
	COUNTY_NONCE_NEW,     /* not seen: remembered now */
	COUNTY_NONCE_SEEN,    /* seen before: a replay */
	COUNTY_NONCE_FULL,    /* cap live nonces already: try again later */
} county_nonce_result;

/* A set for at most cap live nonces; NULL when out of memory. */
county_nonces *county_nonces_new(size_t cap);
void county_nonces_free(county_nonces **n);

/* Remembers nonce until `until` (unix seconds) unless seen; now is the
 * clock, for forgetting the ones whose time has passed. */
county_nonce_result county_nonces_add(county_nonces *n,
                                      const unsigned char nonce[SYNC_DOWNREQ_NONCE_BYTES],
                                      int64_t until, int64_t now);

#endif
