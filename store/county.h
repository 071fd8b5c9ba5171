/* county.h — the county server's own bookkeeping in its store: the
 * devices it enrolled (with role and area), and the bundles it holds
 * aside (refused ones with their reason, and ones waiting for an earlier
 * bundle). Its case data is the same log and projection as a laptop's. */
#ifndef STORE_COUNTY_H
#define STORE_COUNTY_H

#include <stdbool.h>
#include <stdint.h>

#include "store/replica.h"

typedef struct {
	unsigned char device[STORE_DEVICE_BYTES];
	char user[STORE_USER_MAX];
	char role[16];
	char area[16];
	unsigned char sign_pk[STORE_SIGN_PK_BYTES];
	unsigned char box_pk[STORE_BOX_PK_BYTES];
	int64_t enrolled_ms, revoked_ms; /* revoked_ms 0: not revoked */
} store_cdev;

/* Enrols a device for a person with a role (DS_EINPUT when it is enrolled
 * already with other keys or for another area); the same device again
 * with another person or role enrols that person on it too; the same
 * again changes nothing (*already). */
ds_status store_cdev_put(ds_store *s, const store_cdev *d, bool *already,
                         ds_error *err);
ds_status store_cdev_get(ds_store *s, const unsigned char *device,
                         store_cdev *d, bool *found, ds_error *err);
/* The people of an enrolled laptop, each with a role (store_cdev_put
 * enrols the device with its first person and adds the others): the role
 * of user on device (found false when not enrolled there), and whether
 * anyone has role there. */
ds_status store_cmember_role(ds_store *s, const unsigned char *device,
                             const char *user, char role[16], bool *found,
                             ds_error *err);
/* Lets the store keep up to 32 MiB of pages in memory (SQLite's default
 * is 2 MiB), so that a bundle's transaction is written once, at its
 * commit: for the county's one connection, whose takes are large. */
ds_status store_county_cache(ds_store *s, ds_error *err);
/* Every person enrolled (not revoked) on device with their role, by
 * name (free *list): what store_cmember_role answers, read once for the
 * events of a bundle. */
typedef struct {
	char user[STORE_USER_MAX];
	char role[16];
} store_cmember;
ds_status store_cmember_list(ds_store *s, const unsigned char *device,
                             store_cmember **list, size_t *n, ds_error *err);
ds_status store_cmember_any(ds_store *s, const unsigned char *device,
                            const char *role, bool *found, ds_error *err);
ds_status store_cdev_revoke(ds_store *s, const unsigned char *device,
                            ds_error *err);
/* Every device, in the order enrolled (free *list). */
ds_status store_cdev_list(ds_store *s, store_cdev **list, size_t *n,
                          ds_error *err);

typedef struct {
	unsigned char hash[STORE_HASH_BYTES];
	unsigned char sender[STORE_DEVICE_BYTES]; /* zeros when unknown */
	int64_t epoch, number;
	char reason[256];
	int64_t received_ms;
	bool held;            /* waiting for an earlier bundle, not refused */
} store_aside;

/* Keeps a bundle aside with its reason; the same bytes again change
 * nothing. */
ds_status store_aside_put(ds_store *s, const store_aside *a,
                          const unsigned char *bytes, size_t len,
                          ds_error *err);
ds_status store_aside_list(ds_store *s, store_aside **list, size_t *n,
                           ds_error *err);
/* The held bundle of sender's epoch with this number, its bytes
 * malloc'd; found false when none. */
ds_status store_aside_held(ds_store *s, const unsigned char *sender,
                           int64_t epoch, int64_t number,
                           unsigned char **bytes, size_t *len, bool *found,
                           ds_error *err);
ds_status store_aside_drop(ds_store *s, const unsigned char hash[STORE_HASH_BYTES],
                           ds_error *err);
/* What is kept aside now: of one sender, and in all, bundles and bytes;
 * present when a bundle with this hash is kept already. */
typedef struct {
	int64_t device_count, device_bytes;
	int64_t total_count, total_bytes;
	bool present;
} store_aside_usage;
ds_status store_aside_usage_of(ds_store *s, const unsigned char *sender,
                               const unsigned char hash[STORE_HASH_BYTES],
                               store_aside_usage *u, ds_error *err);

/* Bundles made for a device (downlink): the last one (found false when
 * none yet), one by number (its bytes malloc'd), and a new one. */
typedef struct {
	int64_t number, last_seq;
	unsigned char hash[STORE_HASH_BYTES];
} store_down;
ds_status store_down_last(ds_store *s, const unsigned char *device,
                          store_down *d, bool *found, ds_error *err);
ds_status store_down_get(ds_store *s, const unsigned char *device,
                         int64_t number, unsigned char **bytes, size_t *len,
                         bool *found, ds_error *err);
ds_status store_down_add(ds_store *s, const unsigned char *device,
                         const store_down *d, const unsigned char *bytes,
                         size_t len, ds_error *err);

/* Whether user has a laptop enrolled here as an assistant, not revoked:
 * whom a household may be handed to. */
ds_status store_cdev_assistant(ds_store *s, const char *user, bool *found,
                               ds_error *err);

/* Moves a household to another assistant (the user of a laptop): a
 * household.reassigned event by the county, inside the caller's
 * transaction. DS_EINPUT when there is no such household; *already when
 * it is with that user already (nothing written). */
ds_status store_household_reassign(ds_store *s, const char *household,
                                   const char *to_user, bool *already,
                                   ds_error *err);
/* Who the county handed a household to (found false when it never did). */
ds_status store_assignee(ds_store *s, const char *household,
                         char user[STORE_USER_MAX], bool *found, ds_error *err);
/* Households moved to user by events after local position after_seq,
 * sorted (free *list). */
ds_status store_assigned(ds_store *s, const char *user, int64_t after_seq,
                         char (**list)[STORE_ID_BUF], size_t *n,
                         ds_error *err);

/* The households (entities) named by events, of one device and/or one
 * kind (NULL: any), sorted (free *list). */
ds_status store_entities(ds_store *s, const unsigned char *device,
                         const char *kind, char (**list)[STORE_ID_BUF],
                         size_t *n, ds_error *err);

/* The same, only those whose first event of that device and kind comes
 * after local position after_seq (0: all): households that kind of event
 * brought to someone's attention since then. */
ds_status store_entities_new(ds_store *s, const unsigned char *device,
                             const char *kind, int64_t after_seq,
                             char (**list)[STORE_ID_BUF], size_t *n,
                             ds_error *err);

/* Changes made at the same time on two laptops (the projection's
 * conflict list): the household, the fields both changed, the change that
 * won and the one kept aside (author and clock of each). */
typedef struct {
	char household[STORE_ID_BUF];
	char fields[128];
	int64_t winner, loser;
	char winner_author[STORE_USER_MAX], loser_author[STORE_USER_MAX];
	uint64_t winner_hlc, loser_hlc;
} store_conflict;
ds_status store_conflicts(ds_store *s, const char *household,
                          store_conflict **list, size_t *n, ds_error *err);

/* Per device: events received (by device column of the log). */
ds_status store_events_of(ds_store *s, const unsigned char *device,
                          int64_t *count, ds_error *err);

#endif
