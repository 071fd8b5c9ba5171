/* relay.h — the province's duplicates brought back to the county as
 * cross-check flags (relay.c), after a feed. */
#ifndef SYNC_COUNTY_RELAY_H
#define SYNC_COUNTY_RELAY_H

#include <stdint.h>

#include "store/store.h"

typedef struct {
	int64_t found;   /* findings about this county's households, checked */
	int64_t raised;  /* of them, flags new to the store */
	int64_t refused; /* findings that did not check out: named, not kept */
} county_relay_stats;

/* Told about each finding that does not check out (err names the
 * household and says why). */
typedef void (*county_relay_warn)(const ds_error *err, void *ctx);

/* Reads from the province (url) the persons paid by this county and by
 * another in the same month, and flags each on its household here once.
 * Each flag is its own transaction. */
ds_status county_relay(ds_store *s, const char *url, county_relay_warn warn, void *ctx,
                       county_relay_stats *stats, ds_error *err);

#endif
