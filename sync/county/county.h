/* county.h — the county server's work, without its front ends: taking a
 * device's bundle (verified before anything is parsed, applied whole or
 * not at all, once only, in order, with a signed receipt), and the
 * status of what it holds. The command line (main.c) and the HTTP server
 * (http.c) both call these. */
#ifndef SYNC_COUNTY_COUNTY_H
#define SYNC_COUNTY_COUNTY_H

#include "store/county.h"
#include "sync/downreq.h"
#include "sync/sync.h"

/* Takes one bundle from a device. A bundle that applies, or was applied
 * before, or must wait for an earlier one, gives DS_OK and a receipt
 * (APPLIED, ALREADY, HELD); a bundle that is refused changes nothing else
 * and gives the refusal's status. Only a bundle whose sender is
 * authenticated (enrolled, not revoked, its signature verified) gets a
 * receipt (*have_receipt) and may be kept aside, refused or held, with
 * its reason: *kept (may be NULL) says whether it was — not when the caps
 * of limits.h are reached, and the receipt's reason then says so.
 * Anything else is dropped. A bundle waiting for this one is applied
 * after it. */
ds_status county_take(ds_store *s, const unsigned char *bytes, size_t len,
                      sync_receipt *r, bool *have_receipt, bool *kept,
                      ds_error *err);

/* The head of an upload still arriving (its first len bytes, at least
 * SYNC_STREAM_AT; total: its length when known, else 0): the checks of
 * county_take up to the sender's signature and revocation, so that no
 * more of a bundle is held than its head until its sender is known.
 * *sender and *length (the bundle's whole length by its header) on
 * success; the refusal county_take would give otherwise. */
ds_status county_head(ds_store *s, const unsigned char *head, size_t len,
                      uint64_t total, unsigned char sender[SYNC_DEVICE_BYTES],
                      uint64_t *length, ds_error *err);

/* Whether a bundle of len bytes fits beside what is kept aside already
 * (the caps of limits.h): NULL when it does, else why not (N_() text). */
const char *county_aside_over(const store_aside_usage *u, uint64_t len);

/* A signed download request (already parsed, its time already checked):
 * its device enrolled and not revoked and its signature right. One
 * DS_EPERM "not permitted" for every failure, naming no one. */
ds_status county_down_allowed(ds_store *s, const sync_downreq *q,
                              ds_error *err);

/* The county's bundle number `number` for a device (downlink): one made
 * before is given again as it was; the next one is made now from the
 * events of other devices the device may see — decisions and appeals on
 * the households it works on, for a supervisor or reviewer the cases
 * submitted in its area, and the keys that sign them — or *bytes is NULL
 * when there is nothing new. DS_EPERM for an unknown or revoked device. */
ds_status county_down(ds_store *s, const unsigned char *device, int64_t number,
                      unsigned char **bytes, size_t *len, ds_error *err);

/* How many events the county would send a device that it has not
 * fetched yet (what county_down's next bundle would hold, counted without
 * making it); 0 for a device not enrolled. */
ds_status county_waiting(ds_store *s, const unsigned char *device,
                         int64_t *count, ds_error *err);

/* The receipt as signed text for the device (*text malloc'd). */
ds_status county_receipt_text(ds_store *s, const sync_receipt *r, char **text,
                              size_t *len, ds_error *err);

#endif
