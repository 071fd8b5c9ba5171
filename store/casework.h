/* casework.h — the path of a case through the store: visits (and their
 * drafts), the household changes they bring, review and decisions, public
 * notice, appeals and follow-ups. Every step is a signed event; the rules
 * are core/workflow.c's. */
#ifndef STORE_CASEWORK_H
#define STORE_CASEWORK_H

#include <jansson.h>

#include "core/assess.h"
#include "core/due.h"
#include "core/policy.h"
#include "core/visit.h"
#include "core/workflow.h"
#include "store/store.h"

/* A case as the store keeps it: the rules' view (core/workflow.h) and the
 * events it rests on, by their place in this store's log. */
typedef struct {
	char household[STORE_ID_BUF];
	core_case c;
	int64_t proposal_seq;       /* the assessment submitted */
	int64_t appeal_seq;
	int64_t decision_seq;       /* the event of the decision in force */
} store_case;

/* The body of an event (its JSON object; the caller decrefs). */
ds_status store_event_json(ds_store *s, int64_t seq, json_t **out,
                           ds_error *err);

/* The case of a household (its initial state when nothing happened yet). */
ds_status store_case_get(ds_store *s, const char *household, store_case *out,
                         ds_error *err);
/* The same for a row already read (no second read when it has no case
 * file yet). */
ds_status store_case_of_row(ds_store *s, const store_household_row *row,
                            store_case *out, ds_error *err);

/* ---- visits ---------------------------------------------------------------- */

/* A visit from its JSON (see README.md); before is the household it is
 * about (the members' paths in errors are the visit's: members[1].name). */
ds_status store_visit_from_json(json_t *j, const core_household *before,
                                core_visit *v, ds_error *err);

typedef struct {
	core_household before, after; /* owned */
	size_t n_diff;
	core_diff diff[CORE_DIFF_MAX];
	bool had_assessment;
	core_fen previous_payment;    /* of the last assessment, when any */
	bool previous_eligible;
	core_assessment *assessment;  /* malloc'd */
} store_visit_result;
void store_visit_result_free(store_visit_result *r);

/* Records a visit by the open user: checks it, updates the household (as
 * events), assesses it, and says what changed. One transaction. */
ds_status store_visit_record(ds_store *s, const char *household,
                             const core_visit *v, store_visit_result *out,
                             ds_error *err);

/* Drafts: a visit in progress, saved sealed after every step. */
typedef struct {
	char id[STORE_ID_BUF];
	char household[STORE_ID_BUF];
	char author[STORE_USER_MAX];
	char updated[20];  /* "YYYY-MM-DD HH:MM" */
	int step;
} store_draft_info;

/* Saves (creates when id is "" and fills it in) a draft's JSON. */
ds_status store_draft_save(ds_store *s, char id[STORE_ID_BUF],
                           const char *household, int step, json_t *visit,
                           ds_error *err);
ds_status store_draft_list(ds_store *s, store_draft_info **list, size_t *n,
                           ds_error *err);
/* The draft's JSON (the caller decrefs) and details. */
ds_status store_draft_get(ds_store *s, const char *id, store_draft_info *info,
                          json_t **visit, ds_error *err);
ds_status store_draft_delete(ds_store *s, const char *id, ds_error *err);

/* ---- review, notice, appeals ------------------------------------------------ */

/* Does a workflow action as the open user, after the rules allow it
 * (core_case_act; refusals: DS_EPERM for roles and four eyes). The
 * arguments are the person's: reason, note, late_reason, received, on,
 * method, to, overturn, restore; the store fills in what it reads.
 * *next receives the state the case is in afterwards. */
ds_status store_case_act(ds_store *s, const char *household, core_action a,
                         const core_step_args *args, core_state *next,
                         ds_error *err);

/* Would the open user be allowed to do a to the case now? The same
 * refusal store_case_act gives, before anyone types a reason. Writes
 * nothing. */
ds_status store_case_may(ds_store *s, const char *household, core_action a,
                         ds_error *err);

/* Takes effect every public notice that ended before today and ends every
 * withdrawal past its last month (with the employment-assistance
 * referral as a follow-up). Returns how many cases changed. */
ds_status store_case_catch_up(ds_store *s, int *changed, ds_error *err);

/* ---- work that is due -------------------------------------------------------- */

/* One thing due on a household; the kinds are core/due.h's. */
typedef struct {
	core_due_kind kind;
	char household[STORE_ID_BUF];
	core_date date;
	core_date from;        /* the day the time counts from; -1 none */
	bool overdue;
	char detail[CORE_DUE_DETAIL_MAX]; /* the reviewer, "appeal", ... */
} store_due_item;

/* The earliest item due for one household, whenever it is (*any false
 * when nothing is). */
ds_status store_due_household(ds_store *s, const core_policy *p,
                              const store_household_row *row,
                              const store_case *k, store_due_item *first,
                              bool *any, ds_error *err);

/* Every item due on or before today + within days, overdue first, then by
 * date: the households' cases' and the open relief cases' (their id as
 * the detail). *items is malloc'd. */
ds_status store_due(ds_store *s, int within, store_due_item **items,
                    size_t *n, ds_error *err);

/* The events of a household, oldest first (the caller frees *items). */
typedef struct {
	int64_t seq;
	char when[20];
	char author[STORE_USER_MAX];
	char kind[32];
} store_timeline_item;
ds_status store_timeline(ds_store *s, const char *household,
                         store_timeline_item **items, size_t *n,
                         ds_error *err);

#endif
