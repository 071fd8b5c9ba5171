/* sync.h — what travels between a device and the county besides the
 * bundle's bytes: the payload inside a bundle (records, one JSON object a
 * line), the county's signed receipt, the device's public key file, and
 * the device side of sending and taking bundles. */
#ifndef SYNC_SYNC_H
#define SYNC_SYNC_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/replica.h"
#include "sync/bundle.h"
#include "sync/net.h"

/* ---- payload (payload.c) ------------------------------------------------- */

/* Records as JSON lines (*out malloc'd). */
ds_status sync_payload_encode(json_t *records, unsigned char **out,
                              size_t *len, ds_error *err) STORE_WUR;
/* Lines back to a JSON array of objects; errors name the record. */
ds_status sync_payload_decode(const unsigned char *p, size_t len,
                              json_t **records, ds_error *err) STORE_WUR;
/* The same one record at a time (a store_record_next for
 * store_replica_take_each): *r is the next record, NULL after the last. */
typedef struct {
	const unsigned char *p;
	size_t len, at, n;
} sync_payload_reader;
void sync_payload_reader_init(sync_payload_reader *rd, const unsigned char *p,
                              size_t len);
ds_status sync_payload_next(void *rd, json_t **r, ds_error *err) STORE_WUR;

/* ---- receipts (receipt.c) ----------------------------------------------- */

typedef enum {
	SYNC_APPLIED,     /* taken into the county's log now */
	SYNC_ALREADY,     /* the county had it; nothing done twice */
	SYNC_HELD,        /* held back until an earlier bundle arrives */
	SYNC_REFUSED,     /* refused, with the reason; kept aside by the county */
	SYNC_SKIPPED,     /* refused in its place: the laptop's sequence goes on
	                   * after it (its changes are not in the county's log) */
} sync_outcome;

typedef struct {
	unsigned char device[SYNC_DEVICE_BYTES];
	int64_t epoch, number;
	unsigned char hash[SYNC_HASH_BYTES];
	sync_outcome outcome;
	int64_t events;        /* new to the county */
	char reason[256];      /* for HELD and REFUSED */
} sync_receipt;

/* The receipt as text, signed with the county's key (*text malloc'd). */
ds_status sync_receipt_make(const sync_receipt *r,
                            const unsigned char sign_sk[STORE_SIGN_SK_BYTES],
                            char **text, size_t *len, ds_error *err) STORE_WUR;
/* Parses and verifies a receipt against the county's signing key. */
ds_status sync_receipt_check(const char *text, size_t len,
                             const unsigned char sign_pk[STORE_SIGN_PK_BYTES],
                             sync_receipt *r, ds_error *err) STORE_WUR;
const char *sync_outcome_id(sync_outcome o);

/* ---- the device's public key file (keyfile.c) ----------------------------- */

/* Text, `name: value` lines (sync/BUNDLE.md): format, device, epoch, box,
 * sign. Written atomically, 0600. */
ds_status sync_devkey_write(const char *path, const store_device_pub *pub,
                            ds_error *err) STORE_WUR;
ds_status sync_devkey_read(const char *path, store_device_pub *pub,
                           ds_error *err) STORE_WUR;
/* The same from the file's text (NUL-ended; pasted into the county's
 * console), errors naming path. */
ds_status sync_devkey_parse(const char *text, const char *path,
                            store_device_pub *pub, ds_error *err) STORE_WUR;

/* ---- file names on a USB stick (names.c) ---------------------------------- */

/* X(name, prefix, suffix, has an epoch): a laptop's bundle
 * up-DEVICE-EPOCH-NUMBER.dsb, the county's bundle for a laptop
 * down-DEVICE-NUMBER.dsb, the county's receipt
 * receipt-DEVICE-EPOCH-NUMBER.txt; DEVICE is the sender's (for a receipt
 * and a county's bundle, the laptop's) 32 lowercase hex digits, NUMBER at
 * least six digits. */
#define SYNC_NAME_LIST(X)                    \
	X(UP, "up-", ".dsb", true)           \
	X(DOWN, "down-", ".dsb", false)      \
	X(RECEIPT, "receipt-", ".txt", true)

typedef enum {
	SYNC_NAME_NONE,
#define SYNC_NAME_ENUM(name, prefix, suffix, epoch) SYNC_NAME_##name,
	SYNC_NAME_LIST(SYNC_NAME_ENUM)
#undef SYNC_NAME_ENUM
} sync_name_kind;

/* The name of a file of that kind (epoch unused for DOWN). */
void sync_name_make(char *out, size_t len, sync_name_kind kind,
                    const unsigned char *device, int64_t epoch, int64_t number);
/* Which kind name is, exactly as sync_name_make writes it, with its
 * device, epoch and number (epoch, number may be NULL); SYNC_NAME_NONE
 * for anything else, however close. What a stick holds under another
 * name is never read. */
sync_name_kind sync_name_parse(const char *name,
                               unsigned char device[SYNC_DEVICE_BYTES],
                               int64_t *epoch, int64_t *number);
/* The kind whose prefix name starts with: a name that starts like one
 * but does not parse was most likely renamed or copied by hand, which is
 * worth saying. */
sync_name_kind sync_name_resembles(const char *name);

/* ---- the device side (device.c) ------------------------------------------ */

/* Packs this device's events not yet in a bundle into new bundles for
 * the county (at most max_events each; 0 for the default), kept until
 * acknowledged. *made counts the new ones. */
ds_status sync_device_pack(ds_store *s, size_t max_events, int *made,
                           ds_error *err) STORE_WUR;

/* Writes every bundle not yet acknowledged into dir, each as a whole file
 * or not at all (written aside, synced, renamed): a stick pulled out
 * leaves no half bundle under a bundle's name. */
ds_status sync_device_export(ds_store *s, const char *dir, size_t *written,
                             ds_error *err) STORE_WUR;

/* The file name of an uplink bundle: up-<device>-<epoch>-<number>.dsb */
void sync_up_name(char *out, size_t len, const unsigned char *device,
                  int64_t epoch, int64_t number);

typedef struct {
	bool receipt;             /* a receipt rather than a bundle */
	sync_receipt r;           /* when receipt */
	bool already;             /* a downlink bundle taken before */
	bool retired;             /* a refused bundle of an earlier epoch, let go */
	store_replica_stats stats;
} sync_taken;

/* Takes what came from the county: a receipt (verified, then its bundle
 * acknowledged and its bytes dropped) or a downlink bundle (verified,
 * in order, then its records taken into the log). */
ds_status sync_device_take(ds_store *s, const unsigned char *bytes, size_t len,
                           sync_taken *out, ds_error *err) STORE_WUR;

/* Packs and sends every bundle not yet acknowledged to the county's
 * server (server NULL: the address given at enrolment), oldest first,
 * taking each receipt as it comes; stops at the first the county does not
 * take, with its reason. *sent counts the bundles acknowledged. */
ds_status sync_device_push(ds_store *s, const char *server,
                           const sync_net_opts *o, size_t *sent,
                           ds_error *err) STORE_WUR;

/* Asks the county's server for its bundles for this laptop, from the one
 * after the last taken, and takes each in order until there is nothing
 * new. *taken counts them, *events the events they brought. */
ds_status sync_device_pull(ds_store *s, const char *server,
                           const sync_net_opts *o, size_t *taken,
                           int64_t *events, ds_error *err) STORE_WUR;

/* Signing GET /down/...: the device, the number asked for, and the
 * device's signing key (the caller's, freed by the caller). As the make
 * of a sync_http_headers, each attempt is signed afresh (time, nonce). */
typedef struct {
	unsigned char device[SYNC_DEVICE_BYTES];
	int64_t number;
	store_secret *sign_sk;
} sync_down_signer;
ds_status sync_down_headers(void *ctx,
                            char lines[SYNC_HTTP_HEADERS][SYNC_HTTP_HEADER_LINE],
                            size_t *n, ds_error *err) STORE_WUR;
/* The path of GET /down/<device hex>/<number>. */
void sync_down_path(char *out, size_t len, const unsigned char *device,
                    int64_t number);

/* The file name of a downlink bundle: down-<device>-<number>.dsb */
void sync_down_name(char *out, size_t len, const unsigned char *device,
                    int64_t number);

#endif
