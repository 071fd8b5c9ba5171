/* downreq.c — the signed download request (downreq.h, sync/BUNDLE.md). */
#include "sync/downreq.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"

/* Offsets in the signed bytes. */
#define R_MAGIC 0
#define R_DEVICE 15
#define R_NUMBER 31
#define R_TIME 39
#define R_NONCE 47
_Static_assert(R_NONCE + SYNC_DOWNREQ_NONCE_BYTES == SYNC_DOWNREQ_BYTES,
               "request layout");
_Static_assert(sizeof(SYNC_DOWNREQ_MAGIC) - 1 == SYNC_DOWNREQ_MAGIC_BYTES &&
                       R_DEVICE == SYNC_DOWNREQ_MAGIC_BYTES,
               "request magic");
/* 63 bytes make 84 characters and no padding; 64 make 88 with "==". */
_Static_assert(SYNC_DOWNREQ_B64 == 4 * ((SYNC_DOWNREQ_BYTES + 2) / 3) + 1,
               "request base64");
_Static_assert(SYNC_DOWNSIG_B64 == 4 * ((SYNC_SIG_BYTES + 2) / 3) + 1,
               "signature base64");

static void put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

ds_status sync_downreq_make(const unsigned char device[SYNC_DEVICE_BYTES],
                            int64_t number, int64_t now,
                            const unsigned char sign_sk[STORE_SIGN_SK_BYTES],
                            char req[SYNC_DOWNREQ_B64],
                            char sig[SYNC_DOWNSIG_B64], ds_error *err)
{
	unsigned char msg[SYNC_DOWNREQ_BYTES], s[SYNC_SIG_BYTES];
	if (number < 1 || now < 0)
		return ds_fail(err, DS_EINPUT, "request", N_("no such bundle"));
	if (store_crypto_init())
		return ds_fail(err, DS_ESYSTEM, "libsodium", N_("could not start"));
	memcpy(msg + R_MAGIC, SYNC_DOWNREQ_MAGIC, SYNC_DOWNREQ_MAGIC_BYTES);
	memcpy(msg + R_DEVICE, device, SYNC_DEVICE_BYTES);
	put_le64(msg + R_NUMBER, (uint64_t)number);
	put_le64(msg + R_TIME, (uint64_t)now);
	store_random(msg + R_NONCE, SYNC_DOWNREQ_NONCE_BYTES);
	crypto_sign_detached(s, NULL, msg, sizeof(msg), sign_sk);
	store_b64(req, SYNC_DOWNREQ_B64, msg, sizeof(msg));
	store_b64(sig, SYNC_DOWNSIG_B64, s, sizeof(s));
	return DS_OK;
}

ds_status sync_downreq_parse(const char *req, const char *sig,
                             sync_downreq *out, ds_error *err)
{
	uint64_t number, t;
	char again[SYNC_DOWNSIG_B64];
	memset(out, 0, sizeof(*out));
	if (!req || !sig)
		return ds_fail(err, DS_EPERM, "request", N_("the request is not signed"));
	/* the exact length first: nothing longer is decoded; then only the
	 * one encoding of the bytes (re-encoded, it must read the same), so
	 * a request has one spelling */
	if (strlen(req) != SYNC_DOWNREQ_B64 - 1 || strlen(sig) != SYNC_DOWNSIG_B64 - 1 ||
	    !store_unb64(out->msg, sizeof(out->msg), req) ||
	    !store_unb64(out->sig, sizeof(out->sig), sig) ||
	    (store_b64(again, sizeof(again), out->msg, sizeof(out->msg)), strcmp(again, req)) ||
	    (store_b64(again, sizeof(again), out->sig, sizeof(out->sig)), strcmp(again, sig)) ||
	    memcmp(out->msg + R_MAGIC, SYNC_DOWNREQ_MAGIC, SYNC_DOWNREQ_MAGIC_BYTES)) {
		memset(out, 0, sizeof(*out));
		return ds_fail(err, DS_EPERM, "request", N_("the request is not well formed"));
	}
	number = get_le64(out->msg + R_NUMBER);
	t = get_le64(out->msg + R_TIME);
	if (number < 1 || number > INT64_MAX || t > INT64_MAX) {
		memset(out, 0, sizeof(*out));
		return ds_fail(err, DS_EPERM, "request", N_("the request is not well formed"));
	}
	memcpy(out->device, out->msg + R_DEVICE, SYNC_DEVICE_BYTES);
	out->number = (int64_t)number;
	out->time = (int64_t)t;
	memcpy(out->nonce, out->msg + R_NONCE, SYNC_DOWNREQ_NONCE_BYTES);
	return DS_OK;
}

ds_status sync_downreq_check_time(const sync_downreq *r, int64_t now,
                                  int64_t not_before, ds_error *err)
{
	/* r->time and now are both at most INT64_MAX and not negative, so
	 * the differences cannot overflow */
	if (r->time < 0 || now < 0 || r->time - now > SYNC_DOWNREQ_WINDOW ||
	    now - r->time > SYNC_DOWNREQ_WINDOW) {
		char min[24];
		snprintf(min, sizeof(min), "%d", SYNC_DOWNREQ_WINDOW / 60);
		return ds_fail(err, DS_EPERM, "request",
		               N_("the request's time is more than %s minutes from the county's clock (is this laptop's clock right?)"),
		               min);
	}
	if (r->time < not_before)
		return ds_fail(err, DS_EPERM, "request",
		               N_("the request was signed before the county's server started; send it again"));
	return DS_OK;
}

ds_status sync_downreq_verify(const sync_downreq *r,
                              const unsigned char sign_pk[STORE_SIGN_PK_BYTES],
                              ds_error *err)
{
	if (store_crypto_init())
		return ds_fail(err, DS_ESYSTEM, "libsodium", N_("could not start"));
	if (crypto_sign_verify_detached(r->sig, r->msg, sizeof(r->msg), sign_pk) != 0)
		return ds_fail(err, DS_EPERM, "request", N_("not permitted"));
	return DS_OK;
}
