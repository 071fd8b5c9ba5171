/* downreq.h — the signed request a laptop sends with GET /down/...: who
 * asks (its device id), for which bundle, when, and a random nonce,
 * signed with the device's Ed25519 key. The county checks it before it
 * looks anything up. The layout is in sync/BUNDLE.md ("The signed
 * download request"). Parsing and checking are pure (no clock, no store),
 * so a fuzzer can drive them. */
#ifndef SYNC_DOWNREQ_H
#define SYNC_DOWNREQ_H

#include <stdbool.h>
#include <stdint.h>

#include "sync/bundle.h"

#define SYNC_DOWNREQ_MAGIC "doorstep-down-1" /* 15 bytes, no NUL */
#define SYNC_DOWNREQ_MAGIC_BYTES 15
#define SYNC_DOWNREQ_NONCE_BYTES 16
/* magic, device, number, time, nonce: 15 + 16 + 8 + 8 + 16 */
#define SYNC_DOWNREQ_BYTES 63
/* Base64 (standard alphabet, padded) with its NUL: 63 bytes are 84
 * characters, the 64-byte signature 88. */
#define SYNC_DOWNREQ_B64 85
#define SYNC_DOWNSIG_B64 89
/* How far the request's time may be from the county's clock, either way,
 * in seconds; a nonce is remembered at least this long after its time. */
#define SYNC_DOWNREQ_WINDOW 600

typedef struct {
	unsigned char device[SYNC_DEVICE_BYTES];
	int64_t number;    /* the bundle asked for, 1, 2, ... */
	int64_t time;      /* unix seconds when the laptop signed it */
	unsigned char nonce[SYNC_DOWNREQ_NONCE_BYTES];
	unsigned char msg[SYNC_DOWNREQ_BYTES];   /* the signed bytes */
	unsigned char sig[SYNC_SIG_BYTES];
} sync_downreq;

/* The two header values for a request of bundle `number` for `device`,
 * signed now (unix seconds) with the device's signing key, with a fresh
 * random nonce. DS_EINPUT for a number below 1. */
ds_status sync_downreq_make(const unsigned char device[SYNC_DEVICE_BYTES],
                            int64_t number, int64_t now,
                            const unsigned char sign_sk[STORE_SIGN_SK_BYTES],
                            char req[SYNC_DOWNREQ_B64],
                            char sig[SYNC_DOWNSIG_B64], ds_error *err) STORE_WUR;

/* Reads the two header values (NULL when the header is absent) into *out:
 * exactly the base64 of the right number of bytes, the magic, a number of
 * at least 1 and at most INT64_MAX, a time that is not negative.
 * DS_EPERM for anything else ("request"); nothing is verified yet. */
ds_status sync_downreq_parse(const char *req, const char *sig,
                             sync_downreq *out, ds_error *err) STORE_WUR;

/* The request's time against the county's clock: within
 * SYNC_DOWNREQ_WINDOW of now, and not before not_before (the county's
 * start: a request signed before it could be a replay the county has
 * forgotten). DS_EPERM when not. */
ds_status sync_downreq_check_time(const sync_downreq *r, int64_t now,
                                  int64_t not_before, ds_error *err) STORE_WUR;

/* The signature against the device's signing key. DS_EPERM when it does
 * not verify. */
ds_status sync_downreq_verify(const sync_downreq *r,
                              const unsigned char sign_pk[STORE_SIGN_PK_BYTES],
                              ds_error *err) STORE_WUR;

#endif
