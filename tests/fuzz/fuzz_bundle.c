/* fuzz_bundle.c — libFuzzer target: sync bundles. Any bytes are refused
 * cleanly, or open as a bundle for the fixed recipient signed by the fixed
 * sender, whose payload then opens whole or is refused.
 *
 * The keys come from fixed seeds so the seed corpus can reach past the
 * signature. To remake tests/fuzz/corpus/bundle, build this file as a
 * program with -DFUZZ_BUNDLE_SEEDS (linked like a unit test, without
 * -fsanitize=fuzzer) and run it with that folder as its argument. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sync/bundle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char box_pk[STORE_BOX_PK_BYTES], box_sk[STORE_BOX_SK_BYTES];
static unsigned char sign_pk[STORE_SIGN_PK_BYTES], sign_sk[STORE_SIGN_SK_BYTES];

static void keys_once(void)
{
	static int done;
	unsigned char seed[32];
	if (done)
		return;
	if (store_crypto_init() != DS_OK)
		abort();
	for (int i = 0; i < 32; i++)
		seed[i] = (unsigned char)(i + 1);
	crypto_box_seed_keypair(box_pk, box_sk, seed);
	for (int i = 0; i < 32; i++)
		seed[i] = (unsigned char)(0x80 + i);
	crypto_sign_seed_keypair(sign_pk, sign_sk, seed);
	done = 1;
}

/* Every sender is known, with the one signing key. */
static ds_status lookup(void *ctx, const unsigned char sender[SYNC_DEVICE_BYTES],
                        unsigned char pk[STORE_SIGN_PK_BYTES], ds_error *err)
{
	(void)ctx;
	(void)sender;
	(void)err;
	memcpy(pk, sign_pk, STORE_SIGN_PK_BYTES);
	return DS_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sync_opened o;
	ds_error err;
	keys_once();
	if (sync_bundle_open(&o, data, size, box_pk, box_sk, lookup, NULL, &err) ==
	    DS_OK) {
		/* Its promises: a payload on success, none on failure. */
		ds_status st = sync_bundle_open_payload(&o, data, size, &err);
		if ((st == DS_OK) != (o.payload != NULL))
			abort();
		sync_opened_free(&o);
	}
	return 0;
}

#ifdef FUZZ_BUNDLE_SEEDS
int main(int argc, char **argv);

static int write_seed(const char *dir, const char *name, sync_envelope *env,
                      const unsigned char *payload, size_t plen)
{
	char path[4096];
	unsigned char *buf = NULL;
	size_t len;
	sync_opened o;
	FILE *f;
	int ok;
	if (sync_bundle_seal(&buf, &len, NULL, env, payload, plen, box_pk,
	                     sign_sk) != DS_OK)
		return 1;
	/* A seed that does not open whole would not take the fuzzer deep. */
	ok = sync_bundle_open(&o, buf, len, box_pk, box_sk, lookup, NULL, NULL) ==
	             DS_OK &&
	     sync_bundle_open_payload(&o, buf, len, NULL) == DS_OK &&
	     o.plen == plen && (!plen || memcmp(o.payload, payload, plen) == 0);
	sync_opened_free(&o);
	if (!ok) {
		free(buf);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	ok = f && fwrite(buf, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = 0;
	free(buf);
	return !ok;
}

int main(int argc, char **argv)
{
	static const char events[] =
	        "{\"seq\":101,\"kind\":\"household.created\"}\n"
	        "{\"seq\":102,\"kind\":\"visit.recorded\"}\n";
	unsigned char big[3000];
	sync_envelope env;
	int bad = 0;
	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS-FOLDER\n", argv[0]);
		return 2;
	}
	keys_once();
	memset(&env, 0, sizeof(env));
	env.kind = SYNC_UP;
	memset(env.sender, 0xA5, sizeof(env.sender));
	env.epoch = 1;
	env.number = 1;
	env.first = 1;
	env.last = 1;
	bad |= write_seed(argv[1], "up-empty", &env, NULL, 0);
	env.number = 2;
	env.first = 101;
	env.last = 102;
	env.count = 2;
	memset(env.prev, 0x11, sizeof(env.prev));
	bad |= write_seed(argv[1], "up-events", &env,
	                  (const unsigned char *)events, sizeof(events) - 1);
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 7);
	env.kind = SYNC_DOWN;
	env.number = 9;
	env.count = 30;
	bad |= write_seed(argv[1], "down-3000", &env, big, sizeof(big));
	if (bad)
		fprintf(stderr, "%s: could not write the seeds\n", argv[0]);
	return bad;
}
#endif
