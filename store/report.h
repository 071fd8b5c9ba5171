/* report.h — what the county's reports read from the store: one line per
 * household (its case's state, who works on it, its township and village,
 * what it is paid in a month, its withdrawal, referral, review and
 * appeal), and per laptop its people, its last contact and a count of the
 * events it has not fetched. Loads only: the rules are core/report.h's
 * and core/due.h's, the words the front end's. */
#ifndef STORE_REPORT_H
#define STORE_REPORT_H

#include "store/county.h"
#include "store/replica.h"
#include "store/store.h"

typedef struct {
	char id[STORE_ID_BUF];
	core_state state;
	/* the county's assignment when it moved the household, else the
	 * author of its household.created event */
	char assistant[STORE_USER_MAX];
	core_area township, village; /* codes "" when not recorded */
	core_fen paid;               /* paid for the month asked; 0: nothing */
	int t_k, t_n;                /* month k of n of a withdrawal; 0 none */
	core_month transition_last;  /* of the case's withdrawal; 0 none */
	bool referral_due;
	core_date referral_date;     /* -1 when none */
	bool appeal_open;
	core_date appeal_received, appeal_deadline;
	char appeal_reviewer[CORE_CASE_NAME_MAX]; /* "" until assigned */
	char submitted_by[CORE_CASE_NAME_MAX];    /* of a case under review */
} store_report_household;

/* Every household, in the order created, with what it is paid in month
 * (core_report_paid says which states are). *list is malloc'd. */
ds_status store_report_households(ds_store *s, core_month month,
                                  store_report_household **list, size_t *n,
                                  ds_error *err);

/* The people enrolled on a laptop (the county's county_member), in the
 * order enrolled. *list is malloc'd. */
typedef struct {
	char user[STORE_USER_MAX];
	char role[16];
} store_report_member;
ds_status store_report_members(ds_store *s, const unsigned char *device,
                               store_report_member **list, size_t *n,
                               ds_error *err);

/* When the county last heard from a laptop: the latest bundle received
 * from it or made for it at its asking (ms since the epoch; 0 never). */
ds_status store_report_contact(ds_store *s, const unsigned char *device,
                               int64_t *last_ms, ds_error *err);

/* How many events after local position after_seq want says yes to,
 * reading only their columns (no body is opened). */
ds_status store_report_count_since(ds_store *s, int64_t after_seq,
                                   store_want_fn want, void *ctx,
                                   int64_t *count, ds_error *err);

#endif
