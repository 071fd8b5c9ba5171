/* assessjson.h — assessments and withdrawal schedules as JSON (figures and
 * identifiers only: the words are the front end's, in the reader's
 * language), and assessing stored households. */
#ifndef STORE_ASSESSJSON_H
#define STORE_ASSESSJSON_H

#include <jansson.h>

#include "core/assess.h"
#include "core/workflow.h"
#include "store/store.h"

/* Every figure of every step, sources included (what explain_json shows;
 * a recorded body cites its sources by key instead: store_assess_row). */
json_t *store_assessment_to_json(const core_assessment *a);
/* The body of a household.assessed event worked out under p: {"assessment":
 * …} with its steps' sources cited by key where p holds them. */
json_t *store_assessment_body(const core_assessment *a, const core_policy *p);
/* The same body as compact JSON text, byte for byte what json_dumps of
 * store_assessment_body writes, without the tree (what store_assess_row
 * records); NULL when out of memory. The caller frees it. */
char *store_assessment_body_text(const core_assessment *a,
                                 const core_policy *p, size_t *len);
/* A recorded assessment back into a core_assessment (steps, figures,
 * flags, schedule), to show it again in the reader's language. A step's
 * source cited by key (assessments recorded since issue 16) is taken from
 * the store's policy of the assessment's version; one copied into the step
 * (older assessments) as it was copied. s may be NULL: sources cited by
 * key are then empty. */
ds_status store_assessment_from_json(ds_store *s, json_t *j,
                                     core_assessment *a, ds_error *err);
json_t *store_transition_to_json(const core_transition *t);
ds_status store_transition_from_json(json_t *j, core_transition *t,
                                     ds_error *err);

/* The latest recorded assessment of a household (its JSON object), or
 * NULL when there is none. */
ds_status store_last_assessment(ds_store *s, const char *id, json_t **out,
                                ds_error *err);

/* What the case receives now: its allowance, and a withdrawal schedule
 * still running on the date from its latest recorded assessment. */
ds_status store_case_now(ds_store *s, const store_household_row *row,
                         core_date on, core_case_now *now, ds_error *err);

/* What a household is paid for month m: in its withdrawal months (the
 * case in_transition), the amount its schedule (from the latest recorded
 * assessment) pays that month, month *k of *n — before the schedule's
 * first month still the allowance, after its last nothing; else its
 * allowance when it receives one; else 0. *k and *n are 0 outside the
 * schedule's months. */
ds_status store_paid_in(ds_store *s, const store_household_row *row,
                        core_state state, core_month m, core_fen *amount,
                        int *k, int *n, ds_error *err);

/* assess --all records its assessments this many to a transaction: an
 * interruption (a crash, kill -9) keeps whole batches, and running it
 * again assesses every household again. */
#define STORE_ASSESS_BATCH 2000

/* Assesses a stored household under p on a date; with record, the result
 * is written to the log as household.assessed (inside the caller's
 * transaction). */
ds_status store_assess_row(ds_store *s, const store_household_row *row,
                           const core_policy *p, core_date on, bool record,
                           core_assessment *out, ds_error *err);

/* What store_assess_all gives for each household: its assessment in *a
 * (st DS_OK), or st and err when this household could not be assessed
 * and the others go on (DS_EINPUT: no standard for its region). The
 * callback returns DS_OK to go on; anything else stops the run. */
typedef ds_status (*store_assessed_cb)(const store_household_row *row,
                                       const core_assessment *a,
                                       ds_status st, const ds_error *err,
                                       void *ctx);
/* Every household this user sees (store_household_each) assessed under p
 * on a date, into *a one at a time; with record, each written to the log,
 * STORE_ASSESS_BATCH to a transaction (an error rolls back the batch in
 * hand only). damaged: as store_household_each's. */
ds_status store_assess_all(ds_store *s, const core_policy *p, core_date on,
                           bool record, core_assessment *a,
                           store_assessed_cb cb, store_damaged_cb damaged,
                           void *ctx, ds_error *err);

#endif
