/* downreq.c — test tool: the signed request of GET /down/... as a laptop
 * makes it (sync/BUNDLE.md), for curl: the path, then the two header lines.
 * The passphrase comes from DOORSTEP_PASSPHRASE_FILE.
 *   downreq STORE USER NUMBER [TIME [DEVICE]]
 * TIME is unix seconds (default now); DEVICE (32 hex digits) is the device
 * the request names, by default the store's own — another's makes a
 * request signed by the wrong device. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/replica.h"
#include "sync/downreq.h"
#include "sync/sync.h"
#include "tui/secret.h"

static int fail(const ds_error *err)
{
	char msg[512];
	ds_error_format(err, msg, sizeof(msg), NULL);
	fprintf(stderr, "downreq: %s\n", msg);
	return 1;
}

int main(int argc, char **argv)
{
	secret_source src = {-1, "--passphrase-fd", "DOORSTEP_PASSPHRASE_FILE", "", false};
	store_secret *pass = NULL, *sign_sk = NULL;
	store_device_pub me;
	ds_store *s = NULL;
	ds_error err;
	unsigned char device[SYNC_DEVICE_BYTES];
	char req[SYNC_DOWNREQ_B64], sig[SYNC_DOWNSIG_B64], path[128];
	long long number, when;
	if (argc < 4 || argc > 6) {
		fprintf(stderr, "usage: downreq STORE USER NUMBER [TIME [DEVICE]]\n");
		return 2;
	}
	number = atoll(argv[3]);
	when = argc > 4 ? atoll(argv[4]) : (long long)time(NULL);
	if (store_crypto_init() || secret_read(&src, &pass, &err) ||
	    store_open(argv[1], argv[2], pass, &s, &err) ||
	    store_device(s, &me, NULL, &sign_sk, &err)) {
		store_secret_free(&pass);
		store_close(&s);
		return fail(&err);
	}
	store_secret_free(&pass);
	memcpy(device, me.device, sizeof(device));
	if (argc > 5 && !store_unhex(device, sizeof(device), argv[5])) {
		fprintf(stderr, "downreq: DEVICE: 32 hex digits\n");
		store_secret_free(&sign_sk);
		store_close(&s);
		return 2;
	}
	if (sync_downreq_make(device, number, when, sign_sk->p, req, sig, &err)) {
		store_secret_free(&sign_sk);
		store_close(&s);
		return fail(&err);
	}
	store_secret_free(&sign_sk);
	store_close(&s);
	sync_down_path(path, sizeof(path), device, number);
	printf("%s\n%s: %s\n%s: %s\n", path, SYNC_HTTP_REQUEST, req, SYNC_HTTP_SIGNATURE,
	       sig);
	return 0;
}
