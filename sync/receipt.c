/* receipt.c — the county's signed answer to a bundle: which bundle (by
 * device, epoch, number and hash), what became of it, and why. Text, so a
 * person can read it on a stick; signed, so a device prunes nothing on a
 * forged one. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync/sync.h"

#define RECEIPT_FORMAT "doorstep-receipt-1"

static const char *const outcomes[] = {"applied", "already", "held", "refused",
                                       "skipped"};

const char *sync_outcome_id(sync_outcome o)
{
	return (unsigned)o < sizeof(outcomes) / sizeof(outcomes[0]) ? outcomes[o] : "?";
}

ds_status sync_receipt_make(const sync_receipt *r,
                            const unsigned char sign_sk[STORE_SIGN_SK_BYTES],
                            char **text, size_t *len, ds_error *err)
{
	char dev[2 * SYNC_DEVICE_BYTES + 1], hash[2 * SYNC_HASH_BYTES + 1],
	        sighex[2 * STORE_SIG_BYTES + 1], reason[256];
	unsigned char sig[STORE_SIG_BYTES];
	size_t n, cap = 1024;
	char *t = malloc(cap);
	*text = NULL;
	if (!t)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	/* a reason is one line */
	snprintf(reason, sizeof(reason), "%s", r->reason);
	for (char *c = reason; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	store_hex(dev, r->device, SYNC_DEVICE_BYTES);
	store_hex(hash, r->hash, SYNC_HASH_BYTES);
	n = (size_t)snprintf(t, cap,
	                     RECEIPT_FORMAT "\ndevice: %s\nepoch: %lld\nnumber: %lld\n"
	                     "bundle: %s\noutcome: %s\nevents: %lld\nreason: %s\n",
	                     dev, (long long)r->epoch, (long long)r->number, hash,
	                     sync_outcome_id(r->outcome), (long long)r->events, reason);
	crypto_sign_detached(sig, NULL, (const unsigned char *)t, n, sign_sk);
	store_hex(sighex, sig, sizeof(sig));
	n += (size_t)snprintf(t + n, cap - n, "signature: %s\n", sighex);
	*text = t;
	*len = n;
	return DS_OK;
}

/* The value of "name: " on its line, within the signed part. */
static bool field(const char *text, size_t len, const char *name, char *out,
                  size_t outlen)
{
	size_t nl = strlen(name);
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t ll = e ? (size_t)(e - p) : (size_t)(end - p);
		if (ll > nl + 1 && !strncmp(p, name, nl) && p[nl] == ':' && p[nl + 1] == ' ') {
			size_t vl = ll - nl - 2;
			if (vl >= outlen)
				return false;
			memcpy(out, p + nl + 2, vl);
			out[vl] = '\0';
			return true;
		}
		p += ll + 1;
	}
	return false;
}

ds_status sync_receipt_check(const char *text, size_t len,
                             const unsigned char sign_pk[STORE_SIGN_PK_BYTES],
                             sync_receipt *r, ds_error *err)
{
	const char *sigline;
	unsigned char sig[STORE_SIG_BYTES];
	char v[300];
	size_t signed_len;
	memset(r, 0, sizeof(*r));
	if (len < sizeof(RECEIPT_FORMAT) || memcmp(text, RECEIPT_FORMAT "\n", sizeof(RECEIPT_FORMAT)))
		return ds_fail(err, DS_EINPUT, "receipt", N_("not a receipt"));
	/* the signature line is the last; it signs everything before it */
	sigline = NULL;
	for (const char *p = text; p && p < text + len;) {
		const char *e = memchr(p, '\n', (size_t)(text + len - p));
		if (!strncmp(p, "signature: ", 11))
			sigline = p;
		p = e ? e + 1 : NULL;
	}
	if (!sigline || text + len - sigline != 11 + 2 * STORE_SIG_BYTES + 1 ||
	    text[len - 1] != '\n')
		return ds_fail(err, DS_EDAMAGED, "receipt",
		               N_("the receipt's signature is missing or cut short"));
	memcpy(v, sigline + 11, 2 * STORE_SIG_BYTES);
	v[2 * STORE_SIG_BYTES] = '\0';
	signed_len = (size_t)(sigline - text);
	if (!store_unhex(sig, sizeof(sig), v) ||
	    crypto_sign_verify_detached(sig, (const unsigned char *)text, signed_len,
	                                sign_pk) != 0)
		return ds_fail(err, DS_EDAMAGED, "receipt",
		               N_("the receipt is not signed by the county"));
	if (!field(text, signed_len, "device", v, sizeof(v)) ||
	    !store_unhex(r->device, SYNC_DEVICE_BYTES, v) ||
	    !field(text, signed_len, "bundle", v, sizeof(v)) ||
	    !store_unhex(r->hash, SYNC_HASH_BYTES, v))
		return ds_fail(err, DS_EDAMAGED, "receipt", N_("the receipt is malformed"));
	if (!field(text, signed_len, "epoch", v, sizeof(v)) ||
	    sscanf(v, "%lld", (long long *)&r->epoch) != 1 ||
	    !field(text, signed_len, "number", v, sizeof(v)) ||
	    sscanf(v, "%lld", (long long *)&r->number) != 1 ||
	    !field(text, signed_len, "events", v, sizeof(v)) ||
	    sscanf(v, "%lld", (long long *)&r->events) != 1)
		return ds_fail(err, DS_EDAMAGED, "receipt", N_("the receipt is malformed"));
	if (!field(text, signed_len, "outcome", v, sizeof(v)))
		return ds_fail(err, DS_EDAMAGED, "receipt", N_("the receipt is malformed"));
	r->outcome = SYNC_REFUSED;
	for (size_t i = 0; i < sizeof(outcomes) / sizeof(outcomes[0]); i++)
		if (!strcmp(v, outcomes[i]))
			r->outcome = (sync_outcome)i;
	if (!field(text, signed_len, "reason", r->reason, sizeof(r->reason)))
		r->reason[0] = '\0';
	return DS_OK;
}
