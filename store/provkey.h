/* provkey.h — the province key at a county: the 32 bytes every county of a
 * province is given (doorstep-province key new), kept sealed under the
 * store's data key in meta, like the device's own keys, so that the feed
 * can make persons' pseudonyms without the key file lying about. */
#ifndef STORE_PROVKEY_H
#define STORE_PROVKEY_H

#include <stdbool.h>

#include "store/crypto.h"
#include "store/store.h"

#define STORE_PROVKEY_BYTES 32

/* Keeps key (STORE_PROVKEY_BYTES), replacing one kept before; *replaced
 * says whether there was one and it differed. Its own transaction. */
ds_status store_province_key_set(ds_store *s, const unsigned char *key,
                                 bool *replaced, ds_error *err) STORE_WUR;
/* The key in guarded memory (*key, freed with store_secret_free); NULL
 * and found false when the county was given none. */
ds_status store_province_key_get(ds_store *s, store_secret **key, bool *found,
                                 ds_error *err) STORE_WUR;

#endif
