/* fuzz_downreq.c — libFuzzer target: the signed download request of
 * GET /down/ (sync/downreq.c), as the county reads its two headers. The
 * input is the Doorstep-Request value, a newline, the Doorstep-Signature
 * value (no newline: that header is absent). Any bytes are refused
 * cleanly or read as a request that is the one spelling of its bytes,
 * whose time and signature are then checked without fault; the corpus's
 * requests are signed with the key made from seed 1,1,...,1 so the
 * verifying path is reached too. */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sync/downreq.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char pk[crypto_sign_PUBLICKEYBYTES];

static void keys(void)
{
	static int done;
	unsigned char seed[crypto_sign_SEEDBYTES], sk[crypto_sign_SECRETKEYBYTES];
	if (done)
		return;
	if (sodium_init() < 0)
		abort();
	memset(seed, 1, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	done = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	char *req, *sig = NULL;
	sync_downreq q;
	ds_error err;
	keys();
	/* as header values: NUL-terminated, cut at any NUL */
	req = malloc(size + 1);
	if (!req)
		return 0;
	memcpy(req, data, size);
	req[size] = '\0';
	if (nl) {
		req[nl - data] = '\0';
		sig = req + (nl - data) + 1;
	}
	if (sync_downreq_parse(req, sig, &q, &err) == DS_OK) {
		char again[SYNC_DOWNSIG_B64];
		if (q.number < 1 || q.time < 0 ||
		    memcmp(q.msg, SYNC_DOWNREQ_MAGIC, SYNC_DOWNREQ_MAGIC_BYTES) ||
		    memcmp(q.msg + SYNC_DOWNREQ_MAGIC_BYTES, q.device, SYNC_DEVICE_BYTES))
			abort();
		store_b64(again, sizeof(again), q.msg, sizeof(q.msg));
		if (strcmp(again, req))
			abort();
		store_b64(again, sizeof(again), q.sig, sizeof(q.sig));
		if (strcmp(again, sig))
			abort();
		(void)sync_downreq_check_time(&q, 1700000000, 1699990000, &err);
		(void)sync_downreq_check_time(&q, q.time, 0, &err);
		(void)sync_downreq_check_time(&q, INT64_MAX, 0, &err);
		(void)sync_downreq_verify(&q, pk, &err);
	} else if (err.status != DS_EPERM) {
		abort();
	}
	free(req);
	return 0;
}
