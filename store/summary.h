/* summary.h — the sealed caseload summary: one small row per household
 * (table summary) with what the caseload shows and what its search looks
 * in, kept by the projection, so the caseload is drawn without opening
 * any household. Store-internal; the caseload reads it (caseload.c). */
#ifndef STORE_SUMMARY_H
#define STORE_SUMMARY_H

#include "core/assess.h"
#include "core/due.h"
#include "core/policy.h"
#include "store/store.h"

/* The summary as opened: what is fixed until the household or its case
 * changes. What depends on today or on the policy in force (the month's
 * payment of a withdrawal, the next thing due) is kept as its inputs and
 * worked out when read (store_summary_view). */
typedef struct {
	int members;
	core_state state;
	bool appeal;          /* an appeal is open */
	bool warning;         /* early warning on the latest assessment */
	/* the ladder's class of the latest assessment (table
	 * household_class), kept only where the due rule needs it: the case
	 * refused or exited (a status that pays nothing) */
	bool class_known;
	core_class cls;
	bool receiving;       /* the household file's */
	core_fen allowance;   /* the household file's, when receiving */
	core_month t_first;   /* the latest assessment's schedule; 0 none */
	int t_months;
	/* the schedule of the decision in force, while withdrawing */
	int s_months;         /* 0: none */
	core_month s_first;
	core_fen s_pay[CORE_SCHEDULE_MAX];
	core_due_case due;    /* the due rule's inputs (no names kept) */
	/* which of due's days are events' days, no later than today when
	 * read (as the due rule takes them) */
	bool applied_event, opened_event, began_event;
	/* head \0 address \0 search \0, the search text lower-cased ASCII */
	const char *head, *address, *search;
	size_t head_len, address_len, search_len;
} store_summary;

/* What the caseload shows of a summary on a day under a policy (NULL:
 * nothing is due). */
typedef struct {
	bool receiving;
	core_fen allowance;
	int t_k, t_n;
	bool warning;
	core_date due;        /* -1 none */
	core_due_kind due_kind;
	bool reverify_due;
} store_summary_now;

void store_summary_view(const store_summary *m, const core_policy *p,
                        core_date today, store_summary_now *out);

/* A summary's plaintext (from the row's sealed data) into m, whose
 * strings point into plain. false when malformed. */
bool store_summary_decode(const unsigned char *plain, size_t len,
                          store_summary *m);
/* The associated data a household's summary is sealed with: its row's
 * other columns (household, due, seq), which the seal so authenticates. */
void store_summary_ad(char *buf, size_t len, const char *household,
                      const char *due, int64_t seq);
/* The summary of the row q stands on, whose columns from col_id on are
 * household, due, seq, data: opened (which checks the row) and decoded
 * into m, whose strings point into *plain (wiped and freed by the
 * caller); DS_EDAMAGED naming the household when it does not open. */
ds_status store_summary_open(ds_store *s, struct sqlite3_stmt *q, int col_id,
                             unsigned char **plain, size_t *plen,
                             store_summary *m, ds_error *err);

#endif
