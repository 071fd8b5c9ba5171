/* relief.h — temporary assistance (临时救助) through the store: a relief
 * case filed for a household, investigated, proposed, decided by a second
 * person (or by the county above the township's limit), urgent ones paid
 * first. Every step is a signed event whose body carries the case after
 * it; the rules are core/relief.c's, the figures the policy's in force
 * on the day the case was received. */
#ifndef STORE_RELIEF_H
#define STORE_RELIEF_H

#include "core/policy.h"
#include "core/relief.h"
#include "store/store.h"

typedef struct {
	char id[STORE_ID_BUF];
	char household[STORE_ID_BUF];
	core_relief r;
	char need[CORE_TEXT_MAX];                  /* as the household told it */
	char policy_version[CORE_POLICY_VERSION_MAX];
	int64_t seq;                               /* its last event */
	core_relief_derivation d;                  /* of its last amount */
} store_relief;

/* Files a relief case for a household (args: cause, urgent, received,
 * amount asked for; the store fills in the standard and whether the
 * household is on the ladder) as the open user. The same case filed
 * again — the same household, cause, amount, need and day received, not
 * yet decided — is that case (*already): a key pressed twice makes one.
 * Its own transaction. Errors name the field (cause, need, amount,
 * received) or the household. */
ds_status store_relief_file(ds_store *s, const char *household,
                            const core_relief_args *args, const char *need,
                            store_relief *out, bool *already, ds_error *err);

/* A step on a case (propose, approve, refuse, pay_first; the county's
 * decisions on a county store) as the open user; args: amount, reason.
 * The refusals are core_relief_act's. Its own transaction. */
ds_status store_relief_act(ds_store *s, const char *id, core_relief_action action,
                           const core_relief_args *args, store_relief *out,
                           ds_error *err);

/* A case by its id or a unique prefix of at least four characters. */
ds_status store_relief_get(ds_store *s, const char *id, store_relief *out,
                           ds_error *err);

/* Every case: open ones first, soonest deadline first; then decided ones,
 * latest first. *list is malloc'd (free it). */
ds_status store_relief_list(ds_store *s, store_relief **list, size_t *n,
                            ds_error *err);

#endif
