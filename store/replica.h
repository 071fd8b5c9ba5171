/* replica.h — the log leaving and joining other stores: this device's
 * identity and bundle keys, its events as records for a bundle, and other
 * devices' events taken into this log (each checked against its hash and
 * its chain, each checkpoint against its signature) and projected. What
 * the records travel in is sync/'s business. */
#ifndef STORE_REPLICA_H
#define STORE_REPLICA_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/crypto.h"
#include "store/store.h"

/* This device: its id and epoch, and the public halves of its bundle keys. */
typedef struct {
	unsigned char device[STORE_DEVICE_BYTES];
	int64_t epoch;
	unsigned char box_pk[STORE_BOX_PK_BYTES];
	unsigned char sign_pk[STORE_SIGN_PK_BYTES];
} store_device_pub;

/* The device's identity; its bundle keys are made on first use (recorded
 * in the log as device.keys, the secrets sealed in the store). The
 * secrets, when asked for, are in guarded memory: box_sk is 32 bytes,
 * sign_sk 64; the caller frees them with store_secret_free. */
ds_status store_device(ds_store *s, store_device_pub *pub,
                       store_secret **box_sk, store_secret **sign_sk,
                       ds_error *err);

/* Starts a new epoch (after a restore from a backup), recorded as the
 * first event of it; *epoch receives its number. */
ds_status store_new_epoch(ds_store *s, int64_t *epoch, ds_error *err);

/* The last event of this device's current epoch (0 when none). */
int64_t store_device_dseq(const ds_store *s);

/* This device's events of its current epoch with after < dseq <= upto, and
 * the checkpoints among them, as records (a JSON array; the caller
 * decrefs). upto is moved down to the last checkpoint at or below it, so
 * every record is covered by a signature; *last receives it. */
ds_status store_replica_own(ds_store *s, int64_t after, int64_t upto,
                            json_t **records, int64_t *last, ds_error *err);

/* Events of any device by local position (seq > after_seq) that want()
 * accepts, with their checkpoints, as records; *last_seq receives the
 * highest local seq looked at. want NULL takes every event. */
typedef struct {
	const unsigned char *device; /* STORE_DEVICE_BYTES */
	int64_t epoch, dseq;
	const char *author, *kind, *entity;
	int64_t seq; /* its position in this log (0 before it has one) */
} store_event_info;
typedef bool (*store_want_fn)(void *ctx, const store_event_info *ev);
ds_status store_replica_since(ds_store *s, int64_t after_seq,
                              store_want_fn want, void *ctx, size_t max,
                              json_t **records, int64_t *last_seq,
                              ds_error *err);

typedef struct {
	int64_t added;      /* events new to this log */
	int64_t known;      /* events it already had, identical */
	int64_t checkpoints;
} store_replica_stats;

/* Takes other devices' events into this log, inside a transaction the
 * caller began: each event's hash recomputed from its content; with
 * contiguous, each (device, epoch) chain must go on from where this log
 * has it (DS_EINPUT naming the gap otherwise); an event this log has
 * already is skipped when identical and refused (DS_EDAMAGED) when not;
 * each checkpoint's signature verified; every new event projected. A
 * clock far ahead of this computer's is not followed past a day ahead.
 * Records of this device are refused. An event record holds the body's
 * salt ("salt", hex) and its JSON text ("body", a string).
 *
 * check, when given, is asked about each event new to this log once its
 * hash is right and its body read, before it is written (body its JSON;
 * for a household.created read in one pass, body is NULL and created
 * the household; else created is NULL); a status other
 * than DS_OK refuses the whole take with that status (index is the
 * record's, from 0). It is asked on worker threads, ahead of the log's
 * writer and while it writes, and may be asked about an event that turns
 * out to be known (its verdict then does not count): it must not use the
 * store, and several may run at once. */
typedef ds_status (*store_replica_check)(void *ctx,
                                         const store_event_info *ev,
                                         json_t *body,
                                         const core_household *created,
                                         size_t index, ds_error *err);
ds_status store_replica_take(ds_store *s, json_t *records, bool contiguous,
                             store_replica_check check, void *ctx,
                             store_replica_stats *stats, ds_error *err);
/* The same with the records read one at a time: next puts the next one in
 * *r (a reference the taker releases), or NULL after the last; a status
 * other than DS_OK stops the take with it. Records are read a little
 * ahead of the one being taken (at most 64), on worker threads, one call
 * at a time and in order: next must not use the store. */
typedef ds_status (*store_record_next)(void *nctx, json_t **r, ds_error *err);
ds_status store_replica_take_each(ds_store *s, store_record_next next,
                                  void *nctx, bool contiguous,
                                  store_replica_check check, void *ctx,
                                  store_replica_stats *stats, ds_error *err);
/* The same, where the sender's chain may go on after event resume_after
 * of the first record's device and epoch though this log does not hold
 * it (a bundle refused in its place held the events between): the first
 * event after it is taken without the link to the one before. */
ds_status store_replica_take_after(ds_store *s, store_record_next next,
                                   void *nctx, int64_t resume_after,
                                   store_replica_check check, void *ctx,
                                   store_replica_stats *stats, ds_error *err);

/* ---- bundles out and in (syncstate.c) ---------------------------------- */

/* A bundle this device made. Its bytes are kept until the county's
 * receipt for it is verified; nothing is pruned before. */
typedef struct {
	int64_t epoch, number, first, last;
	unsigned char hash[STORE_HASH_BYTES];
	bool acked;
	char refused[256]; /* the county's reason, for a retired one */
} store_outgoing;

/* The next bundle: its number in this epoch, the dseq it starts after,
 * and the hash of the bundle before it (zeros for the first). */
ds_status store_outbox_plan(ds_store *s, int64_t *number, int64_t *after,
                            unsigned char prev[STORE_HASH_BYTES],
                            ds_error *err);
ds_status store_outbox_add(ds_store *s, const store_outgoing *o,
                           const unsigned char *bytes, size_t len,
                           ds_error *err);
/* Bundles not yet acknowledged, oldest first (free *list). */
ds_status store_outbox_pending(ds_store *s, store_outgoing **list, size_t *n,
                               ds_error *err);
/* A kept bundle's bytes (malloc'd; DS_EINPUT when gone). */
ds_status store_outbox_bytes(ds_store *s, int64_t epoch, int64_t number,
                             unsigned char **bytes, size_t *len,
                             ds_error *err);
/* The county acknowledged it (hash must be the bundle's): its bytes go. */
ds_status store_outbox_ack(ds_store *s, int64_t epoch, int64_t number,
                           const unsigned char hash[STORE_HASH_BYTES],
                           ds_error *err);
/* The county refused, with a receipt it signed, a bundle of an earlier
 * epoch of this laptop (one made before a restore from a backup and
 * the new epoch after it): no mending at the county can take it now, so
 * it is not sent again and does not hold back the bundles after it. Its
 * bytes stay. Bundles of the current epoch are retired only when
 * any_epoch says the county refused the bundle in its place (its number
 * taken, the ones after it following on); other refusals may be mended
 * at the county, and the bundle is then taken when sent again. *retired
 * says whether this one was. */
ds_status store_outbox_retire(ds_store *s, int64_t epoch, int64_t number,
                              const unsigned char hash[STORE_HASH_BYTES],
                              const char *reason, bool any_epoch, bool *retired,
                              ds_error *err);
/* The bundles so retired, with the county's reasons (free *list). */
ds_status store_outbox_refusals(ds_store *s, store_outgoing **list, size_t *n,
                                ds_error *err);
/* Bundles so retired, and the events in them; with this_epoch, only those
 * of the current epoch (refused in their places, not left behind by a
 * restore from an older copy). */
ds_status store_outbox_retired(ds_store *s, bool this_epoch, int64_t *bundles,
                               int64_t *events, ds_error *err);
/* Counts for the status line: events not yet in an acknowledged bundle,
 * and when the last receipt came (0: never; ms since the epoch). */
ds_status store_outbox_counts(ds_store *s, int64_t *unsent_events,
                              int64_t *last_ack_ms, ds_error *err);

/* Bundles received from a sender: what is held for (sender, epoch,
 * number), the highest number taken in an epoch, the highest epoch. */
typedef struct {
	int64_t number, first, last;
	unsigned char hash[STORE_HASH_BYTES];
	/* refused in its place: its events were not taken, the sender's
	 * next bundle follows it all the same ("" when taken) */
	char refused[256];
} store_incoming;
ds_status store_inbox_get(ds_store *s, const unsigned char *sender,
                          int64_t epoch, int64_t number, store_incoming *in,
                          bool *found, ds_error *err);
ds_status store_inbox_last(ds_store *s, const unsigned char *sender,
                           int64_t epoch, store_incoming *in, bool *found,
                           ds_error *err);
ds_status store_inbox_max_epoch(ds_store *s, const unsigned char *sender,
                                int64_t *epoch, bool *found, ds_error *err);
/* The highest bundle number received from any sender, in its latest
 * epoch (0 when none): what a device asks the county to go on from. */
ds_status store_inbox_top(ds_store *s, int64_t *number, ds_error *err);
ds_status store_inbox_add(ds_store *s, const unsigned char *sender,
                          int64_t epoch, const store_incoming *in,
                          ds_error *err);

/* The county this device reports to (enrol), and its server's address
 * when given; found false before enrolment. */
ds_status store_county_set(ds_store *s, const store_county_pub *pub,
                           const char *server, ds_error *err);
ds_status store_county_get(ds_store *s, store_county_pub *pub, char *server,
                           size_t len, bool *found, ds_error *err);

/* Highest local seq in the log. */
int64_t store_last_seq(ds_store *s);

#endif
