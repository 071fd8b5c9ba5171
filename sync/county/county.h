/* county.h — the county server's work, without its front ends: taking a
 * device's bundle (verified before anything is parsed, applied whole or
 * not at all, once only, in order, with a signed receipt), and the
 * status of what it holds. The command line (main.c) and the HTTP server
 * (http.c) both call these. */
#ifndef SYNC_COUNTY_COUNTY_H
#define SYNC_COUNTY_COUNTY_H

#include "store/county.h"
#include "sync/sync.h"

/* Takes one bundle from a device. A bundle that applies, or was applied
 * before, or must wait for an earlier one, gives DS_OK and a receipt
 * (APPLIED, ALREADY, HELD); a bundle that is refused is kept aside with
 * its reason, changes nothing else, and gives the refusal's status (and
 * a REFUSED receipt when its sender is known: *have_receipt). A bundle
 * waiting for this one is applied after it. */
ds_status county_take(ds_store *s, const unsigned char *bytes, size_t len,
                      sync_receipt *r, bool *have_receipt, ds_error *err);

/* The county's bundle number `number` for a device (downlink): one made
 * before is given again as it was; the next one is made now from the
 * events of other devices the device may see — decisions and appeals on
 * the households it works on, for a supervisor or reviewer the cases
 * submitted in its area, and the keys that sign them — or *bytes is NULL
 * when there is nothing new. DS_EPERM for an unknown or revoked device. */
ds_status county_down(ds_store *s, const unsigned char *device, int64_t number,
                      unsigned char **bytes, size_t *len, ds_error *err);

/* The receipt as signed text for the device (*text malloc'd). */
ds_status county_receipt_text(ds_store *s, const sync_receipt *r, char **text,
                              size_t *len, ds_error *err);

#endif
