/* evidence.h — what the people who decide read: every visit recorded for
 * a household (who came, who was there, consent, notes, and what changed
 * with it) and every reason given on its case (a return, a refusal, an
 * objection, an appeal and its decision), read from the household's
 * events and decrypted in memory only. */
#ifndef STORE_EVIDENCE_H
#define STORE_EVIDENCE_H

#include "core/visit.h"
#include "store/store.h"

/* One recorded visit. */
typedef struct {
	int64_t seq;                   /* its event */
	char recorded[20];             /* when it was written, "YYYY-MM-DD HH:MM" */
	char author[STORE_USER_MAX];   /* who recorded it */
	core_visit visit;              /* as recorded (its found is empty) */
	core_household before, after;  /* the household before and after it */
	size_t n_diff;
	core_diff diff[CORE_DIFF_MAX]; /* what changed with it */
} store_visit_item;

/* Every visit recorded for the household, newest first (*items is
 * malloc'd; free it with store_visits_free(&items, n), which wipes it,
 * accepts NULL and clears the pointer). */
ds_status store_visits(ds_store *s, const char *household,
                       store_visit_item **items, size_t *n, ds_error *err);
/* The latest visit only (*found false when there is none); free *out's
 * contents with store_visit_item_clear. */
ds_status store_visit_latest(ds_store *s, const char *household,
                             store_visit_item *out, bool *found,
                             ds_error *err);
void store_visit_item_clear(store_visit_item *it);
void store_visits_free(store_visit_item **items, size_t n);

/* The name of a member of the household at the visit (after it, then
 * before it), or NULL when the ID number is neither's. */
const char *store_visit_name(const store_visit_item *it, const char *id_number);

/* One reason or note given on the case. */
typedef struct {
	int64_t seq;
	char when[20];               /* when it was given, "YYYY-MM-DD HH:MM" */
	char author[STORE_USER_MAX]; /* who gave it */
	char kind[32];               /* the event: case.returned, case.refused,
	                              * case.objected, case.approved,
	                              * appeal.filed, appeal.assigned,
	                              * appeal.decided, ... */
	char decision[16];           /* appeal.decided: uphold or overturn */
	char to[STORE_USER_MAX];     /* appeal.assigned: the reviewer */
	core_date received;          /* appeal.filed: when received; else -1 */
	char reason[CORE_TEXT_MAX];  /* the reason given, "" when none */
	char note[CORE_TEXT_MAX];    /* a note, "" when none */
} store_reason;

/* Every step of the case that carries a reason or a note, every appeal
 * filed, given to a reviewer or decided, oldest first (*items is
 * malloc'd; free it with store_reasons_free(&items, n), which wipes it,
 * accepts NULL and clears the pointer). */
ds_status store_reasons(ds_store *s, const char *household,
                        store_reason **items, size_t *n, ds_error *err);
void store_reasons_free(store_reason **items, size_t n);

#endif
