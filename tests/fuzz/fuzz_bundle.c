/* fuzz_bundle.c — libFuzzer target: sync bundles, formats 1 and 2. Any
 * bytes are refused cleanly, or open as a bundle for the fixed recipient
 * signed by the fixed sender, whose payload then opens whole (never over
 * the declared-size limit) or is refused.
 *
 * The corpus holds format 1 bundles (up-empty, up-events, down-3000),
 * format 2 ones (z-*), and two decompression bombs, signed, so the fuzzer
 * starts past the signature at the body's checks: z-bomb-over-declared
 * (a 64 MiB frame of zeros declaring 1000 bytes) and z-bomb-over-limit
 * (the same frame declaring 2^40 bytes, over SYNC_MAX_RAW).
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
		if (st == DS_OK && o.plen > SYNC_MAX_RAW)
			abort();
		sync_opened_free(&o);
	}
	return 0;
}

#ifdef FUZZ_BUNDLE_SEEDS
int main(int argc, char **argv);

#include <zstd.h>

static int write_file(const char *dir, const char *name,
                      const unsigned char *buf, size_t len)
{
	char path[4096];
	FILE *f;
	int ok;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	ok = f && fwrite(buf, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = 0;
	return !ok;
}

static int write_seed(const char *dir, const char *name, sync_envelope *env,
                      const unsigned char *payload, size_t plen, int format)
{
	unsigned char *buf = NULL;
	size_t len;
	sync_opened o;
	int ok;
	if (sync_bundle_seal_format(&buf, &len, NULL, env, payload, plen, format,
	                            box_pk, sign_sk) != DS_OK)
		return 1;
	/* A seed that does not open whole would not take the fuzzer deep. */
	ok = sync_bundle_open(&o, buf, len, box_pk, box_sk, lookup, NULL, NULL) ==
	             DS_OK &&
	     sync_bundle_open_payload(&o, buf, len, NULL) == DS_OK &&
	     o.plen == plen && (!plen || memcmp(o.payload, payload, plen) == 0) &&
	     o.format == format;
	sync_opened_free(&o);
	if (!ok) {
		free(buf);
		return 1;
	}
	ok = !write_file(dir, name, buf, len);
	free(buf);
	return !ok;
}

/* A format 2 bomb: a frame of `made` zeros in a body that declares
 * `declared` bytes, padded to its bucket and sealed as given; it must
 * open to its signature and be refused with `why` at the body. */
static int write_bomb(const char *dir, const char *name, sync_envelope *env,
                      size_t made, uint64_t declared, const char *why)
{
	unsigned char *zeros = calloc(1, made), *frame = NULL, *body = NULL,
	              *buf = NULL;
	size_t bound = ZSTD_compressBound(made), flen = 0, blen = 0, len = 0;
	sync_opened o;
	ds_error err;
	char msg[512] = "";
	int ok = 0;
	if (!zeros || !(frame = malloc(bound)))
		goto out;
	flen = ZSTD_compress(frame, bound, zeros, made, 19);
	if (ZSTD_isError(flen) || !(blen = (size_t)sync_bucket(SYNC_BODY_HEAD + flen)) ||
	    !(body = calloc(1, blen)))
		goto out;
	for (int i = 0; i < 8; i++) {
		body[i] = (unsigned char)(declared >> (8 * i));
		body[8 + i] = (unsigned char)((uint64_t)flen >> (8 * i));
	}
	memcpy(body + SYNC_BODY_HEAD, frame, flen);
	crypto_generichash(env->payload_hash, SYNC_HASH_BYTES, zeros, made, NULL, 0);
	if (sync_bundle_seal_stream(&buf, &len, env, SYNC_FORMAT_ZSTD, body, blen,
	                            box_pk, sign_sk) != DS_OK)
		goto out;
	if (sync_bundle_open(&o, buf, len, box_pk, box_sk, lookup, NULL, NULL) != DS_OK)
		goto out;
	ok = sync_bundle_open_payload(&o, buf, len, &err) == DS_EDAMAGED &&
	     !o.payload;
	sync_opened_free(&o);
	if (ok) {
		ds_error_format(&err, msg, sizeof(msg), NULL);
		ok = strstr(msg, why) != NULL;
		if (!ok)
			fprintf(stderr, "%s: refused as \"%s\", not \"%s\"\n", name, msg, why);
	}
	ok = ok && !write_file(dir, name, buf, len);
out:
	free(zeros);
	free(frame);
	free(body);
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
	bad |= write_seed(argv[1], "up-empty", &env, NULL, 0, SYNC_FORMAT_PLAIN);
	bad |= write_seed(argv[1], "z-up-empty", &env, NULL, 0, SYNC_FORMAT_ZSTD);
	env.number = 2;
	env.first = 101;
	env.last = 102;
	env.count = 2;
	memset(env.prev, 0x11, sizeof(env.prev));
	bad |= write_seed(argv[1], "up-events", &env,
	                  (const unsigned char *)events, sizeof(events) - 1,
	                  SYNC_FORMAT_PLAIN);
	bad |= write_seed(argv[1], "z-up-events", &env,
	                  (const unsigned char *)events, sizeof(events) - 1,
	                  SYNC_FORMAT_ZSTD);
	env.number = 3;
	bad |= write_bomb(argv[1], "z-bomb-over-declared", &env, 64u << 20, 1000,
	                  "decompresses beyond its declared size");
	env.number = 4;
	bad |= write_bomb(argv[1], "z-bomb-over-limit", &env, 64u << 20,
	                  (uint64_t)1 << 40, "declared size is over the limit");
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 7);
	env.kind = SYNC_DOWN;
	env.number = 9;
	env.count = 30;
	bad |= write_seed(argv[1], "down-3000", &env, big, sizeof(big),
	                  SYNC_FORMAT_PLAIN);
	bad |= write_seed(argv[1], "z-down-3000", &env, big, sizeof(big),
	                  SYNC_FORMAT_ZSTD);
	if (bad)
		fprintf(stderr, "%s: could not write the seeds\n", argv[0]);
	return bad;
}
#endif
