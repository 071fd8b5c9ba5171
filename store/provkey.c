/* provkey.c — the province key sealed in the county's store (provkey.h). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "store/provkey.h"

#define PROVKEY_META "province_key"

static void provkey_ad(ds_store *s, char *ad, size_t len)
{
	char hex[33];
	store_hex(hex, s->store_id, 16);
	snprintf(ad, len, "meta|%s|" PROVKEY_META "|1", hex);
}

ds_status store_province_key_get(ds_store *s, store_secret **key, bool *found,
                                 ds_error *err)
{
	unsigned char sealed[STORE_PROVKEY_BYTES + STORE_SEAL_OVERHEAD], *plain = NULL;
	size_t len = 0, plen = 0;
	char ad[96];
	ds_status st;
	*key = NULL;
	*found = false;
	if ((st = store_meta_get(s, PROVKEY_META, sealed, sizeof(sealed), &len, found, err)) ||
	    !*found)
		return st;
	provkey_ad(s, ad, sizeof(ad));
	if (store_unseal(&plain, &plen, sealed, len, ad, SEAL_KEY(s)) ||
	    plen != STORE_PROVKEY_BYTES) {
		st = ds_fail(err, DS_EDAMAGED, PROVKEY_META, N_("the province key kept here is damaged"));
	} else if (!(*key = store_secret_new(STORE_PROVKEY_BYTES))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	} else {
		memcpy((*key)->p, plain, STORE_PROVKEY_BYTES);
	}
	if (plain) {
		store_wipe(plain, plen);
		free(plain);
	}
	if (st)
		*found = false;
	return st;
}

ds_status store_province_key_set(ds_store *s, const unsigned char *key,
                                 bool *replaced, ds_error *err)
{
	store_secret *old = NULL;
	unsigned char *sealed = NULL;
	size_t slen = 0;
	char ad[96];
	bool found = false;
	ds_status st;
	*replaced = false;
	if ((st = store_begin(s, err)))
		return st;
	if ((st = store_province_key_get(s, &old, &found, err)))
		goto out;
	*replaced = found && sodium_memcmp(old->p, key, STORE_PROVKEY_BYTES) != 0;
	provkey_ad(s, ad, sizeof(ad));
	if (store_seal(&sealed, &slen, key, STORE_PROVKEY_BYTES, ad, SEAL_KEY(s))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	if ((st = store_meta_put(s, PROVKEY_META, sealed, slen, err)))
		goto out;
	st = store_commit(s, err);
out:
	free(sealed);
	store_secret_free(&old);
	if (st)
		store_rollback(s);
	return st;
}
