/* feed.h — the county's log sent to the province's PostgreSQL (feed.c),
 * for the feed command and the benchmark: one round, everything the
 * province's inbox does not hold yet. */
#ifndef SYNC_COUNTY_FEED_H
#define SYNC_COUNTY_FEED_H

#include <stdint.h>

#include "store/crypto.h"
#include "store/store.h"
#include "sync/provrec.h"

/* Records a transaction. */
#define COUNTY_FEED_BATCH 5000

typedef struct {
	size_t batch; /* 0: COUNTY_FEED_BATCH */
	int pause_ms; /* between transactions (tests) */
} county_feed_opts;

typedef struct {
	char county[8];
	int64_t sent, added; /* records sent; those new to the province */
} county_feed_stats;

/* What speaking to the province needs: the county's code (from its store's
 * region) and the province key (in guarded memory: store_secret_free).
 * DS_EINPUT naming "region" or "province key" when either is missing. */
ds_status county_province_ready(ds_store *s, char county[SYNC_PROV_COUNTY_LEN + 1],
                                store_secret **key, ds_error *err);

/* Connects to url, checks the county is enrolled there with this store's
 * signing key, and sends every event after where the county's inbox
 * stops. o may be NULL. */
ds_status county_feed(ds_store *s, const char *url, const county_feed_opts *o,
                      county_feed_stats *stats, ds_error *err);

#endif
