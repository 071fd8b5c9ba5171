/* due.h — what falls due on a case and when: a pure rule from the case's
 * state, its dates and the policy. The kinds are declared once here, with
 * the id files and scripts use and the words people read (translated by
 * the front end); the store, the command line and the interface all use
 * this list. */
#ifndef CORE_DUE_H
#define CORE_DUE_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "policy.h"
#include "relief.h"
#include "status.h"
#include "workflow.h"

/* X(enum, id, words). The visit kinds first: a case open for
 * investigation that nobody has visited yet. */
#define CORE_DUE_LIST(X)                                                     \
	X(FIRST_VISIT, "first_visit", N_("first visit to an application"))   \
	X(RETURNED, "returned", N_("returned: investigate again"))           \
	X(REOPENED, "reopened", N_("reopened: visit again"))                 \
	X(REVERIFY, "reverification", N_("re-verification visit"))           \
	X(NOTICE_ENDS, "notice_ends", N_("public notice ends"))              \
	X(TRANSITION_WARNING, "transition_warning",                          \
	  N_("withdrawal ending: job help"))                                 \
	X(TRANSITION_ENDS, "transition_ends", N_("withdrawal ends"))         \
	X(APPEAL, "appeal", N_("appeal to answer"))                          \
	X(FOLLOWUP, "followup", N_("referral to employment assistance"))     \
	X(REVIEW, "review", N_("waiting for review"))                       \
	X(RELIEF, "relief", N_("relief case to decide"))                    \
	X(RELIEF_PAPERWORK, "relief_paperwork",                             \
	  N_("relief paid first: paperwork"))

typedef enum {
#define X(e, id, words) CORE_DUE_##e,
	CORE_DUE_LIST(X)
#undef X
	CORE_DUE_COUNT
} core_due_kind;

/* The id ("first_visit"), and the words untranslated; "?" when unknown. */
const char *core_due_id(core_due_kind k);
const char *core_due_words(core_due_kind k);
int core_due_lookup(const char *id); /* -1 when unknown */

/* A case as the due rule needs to see it. Dates are -1 when not known. */
typedef struct {
	core_case c;                /* state, visited, notice, appeal, review */
	core_month transition_last; /* 0 when none */
	core_date appeal_deadline;
	bool referral_due;
	core_date referral_date;
	/* the first visit and visits after a case is sent back */
	core_date applied;          /* when the application was made (entered) */
	core_date opened;           /* when it was returned or reopened */
	char opened_by[16];         /* "return", "objection" or "appeal" */
	/* re-verification */
	bool watched;               /* someone can work, or income varies */
	core_date last_visit;       /* recorded on this store */
	core_date last_verified;    /* before this store, as the file says */
	core_date began;            /* when the allowance began, else when the
	                               household was entered */
	/* the class of the latest assessment (the ladder), when known */
	bool classified;
	core_class cls;
} core_due_case;

#define CORE_DUE_MAX 8
#define CORE_DUE_DETAIL_MAX 64

typedef struct {
	core_due_kind kind;
	core_date date;
	core_date from;  /* the day the time counts from (visits); -1 none */
	bool overdue;    /* date before today */
	char detail[CORE_DUE_DETAIL_MAX]; /* the reviewer, "watch", "appeal" ... */
} core_due_item;

/* The day a visit falls due that counts from `from`: the policy's
 * investigation.visit_days later (calendar days). */
core_date core_due_visit_date(const core_policy *p, core_date from);

/* Everything due on the case, whenever it is, in the order of the list
 * above; returns how many (at most CORE_DUE_MAX). A new application, a
 * returned case and a case reopened (by an objection or an overturned
 * appeal) that nobody has visited since get a visit due visit_days after
 * the application, the return or the reopening; a case with no known
 * such date is due today. A household receiving an allowance is
 * re-verified one interval after its last visit, else after the
 * verification its file records, else on the cycle from when the
 * allowance began (the latest cycle no more than a year behind); a
 * marginal or rigid-hardship household, which is paid nothing, is
 * re-verified the same way while it holds that status (its case decided:
 * refused or exited), on its class's own interval from the policy's
 * ladder (the detail is then the class's id); a household paid (receiving,
 * withdrawing, suspended) on the watched or stable one ("watch",
 * "stable"), whatever its latest assessment's class. A
 * withdrawal warns the household that it ends, and offers employment
 * help, on the schedule's own warning day (the policy's warning_days
 * before its last month; the detail is the last month, YYYY-MM), and
 * ends on the last day of its last month. */
size_t core_due_items(const core_due_case *c, const core_policy *p,
                      core_date today, core_due_item out[CORE_DUE_MAX]);

/* What is due on a relief case (core/relief.h), the case's id as the
 * detail: while it is open (filed, proposed, with the county), a decision
 * by its deadline (CORE_DUE_RELIEF), and when it was paid first, its
 * paperwork by the day the payment set (CORE_DUE_RELIEF_PAPERWORK). A
 * decided case has nothing due. Returns how many (at most 2). */
size_t core_due_relief(const core_relief *r, const char *id, core_date today,
                       core_due_item out[2]);

#endif
