/* payroll.h — what a household is owed each month, and the lines of a
 * month's payment roll (发放名册), from the decisions about it: pure
 * functions over "pay facts" the store reads out of the signed log.
 *
 * A pay fact is one decision's effect on what is paid, from a month on:
 * an allowance set, a withdrawal schedule started, payments stopped,
 * suspended or resumed. What a household is owed for a month (its due) is
 * the facts governing that month applied in order — by the month they
 * govern from, then the day they were made, then their place in the log —
 * so a decision that arrives late (a sync after a month was paid) still
 * lands in its place. A decision overturned on appeal is void: its fact
 * no longer applies, and what stood before it is owed again.
 *
 * A roll pays each household its due for the month. The months before it
 * that were issued already are never changed: where what is owed for one
 * of them now differs from what its rolls paid, the first open month's
 * roll carries the difference as a line naming the month it corrects —
 * back pay when the decision that makes the difference was made after
 * that month (an appeal overturned, say), an adjustment otherwise (a
 * decision that reached the county after the month was paid). */
#ifndef CORE_PAYROLL_H
#define CORE_PAYROLL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "assess.h"
#include "date.h"
#include "money.h"
#include "relief.h"

/* X(enum, id in files, words (N_)) — the kinds of a roll's lines */
#define CORE_PAYLINE_LIST(X)                                        \
	X(REGULAR, "regular", N_("regular allowance"))              \
	X(WITHDRAWAL, "withdrawal", N_("withdrawal month"))         \
	X(BACK_PAY, "back_pay", N_("back pay"))                     \
	X(ADJUSTMENT, "adjustment", N_("adjustment"))               \
	/* one-off temporary assistance (core/relief.h), one kind per  \
	 * cause in CORE_RELIEF_CAUSE_LIST's order, so that every      \
	 * total of the roll is also a total by cause */               \
	X(RELIEF_ILLNESS, "relief_illness",                         \
	  N_("temporary assistance: illness"))                      \
	X(RELIEF_ACCIDENT, "relief_accident",                       \
	  N_("temporary assistance: accident"))                     \
	X(RELIEF_DISASTER, "relief_disaster",                       \
	  N_("temporary assistance: fire or disaster"))             \
	X(RELIEF_INCOME_LOSS, "relief_income_loss",                 \
	  N_("temporary assistance: loss of income"))               \
	X(RELIEF_OTHER, "relief_other",                             \
	  N_("temporary assistance: other"))

typedef enum {
#define X(e, id, words) CORE_PAYLINE_##e,
	CORE_PAYLINE_LIST(X)
#undef X
	CORE_PAYLINE_COUNT
} core_payline_kind;

const char *core_payline_id(core_payline_kind k);
/* The kind of a one-off line of temporary assistance for a cause. */
core_payline_kind core_payline_of_relief(core_relief_cause c);
/* Whether a kind is a one-off payment, not what is owed for a month. */
bool core_payline_oneoff(core_payline_kind k);
const char *core_payline_words(core_payline_kind k); /* untranslated */
int core_payline_lookup(const char *id);             /* -1 when unknown */

/* X(enum, id) — the kinds of pay facts */
#define CORE_PAYFACT_LIST(X)          \
	X(SET, "set")                 \
	X(SCHEDULE, "schedule")       \
	X(STOP, "stop")               \
	X(SUSPEND, "suspend")         \
	X(RESUME, "resume")

typedef enum {
#define X(e, id) CORE_PAYFACT_##e,
	CORE_PAYFACT_LIST(X)
#undef X
	CORE_PAYFACT_COUNT
} core_payfact_kind;

const char *core_payfact_id(core_payfact_kind k);

#define CORE_PAYREF_MAX 64 /* an event's name across stores, with the NUL */

typedef struct {
	core_payfact_kind kind;
	core_month from;        /* the first month it governs */
	core_date on;           /* the day it was made */
	int64_t order;          /* its clock, the same in every store (ties;
	                           then ref) */
	int64_t seq;            /* its local position: a roll issued when the
	                           log ended at seq q knows facts with seq <= q */
	bool void_;             /* overturned on appeal: */
	int64_t void_seq;       /* the overturn's local position, */
	core_date void_on;      /* its day */
	char void_ref[CORE_PAYREF_MAX]; /* and its name */
	core_fen allowance;     /* SET: the allowance, top-ups excluded */
	core_fen topups;        /* SET: the top-ups */
	core_transition schedule; /* SCHEDULE: month first..last */
	char ref[CORE_PAYREF_MAX]; /* the decision it rests on */
	char basis[CORE_PAYREF_MAX]; /* a decision's assessment: an appeal
	                                names the decision it overturns so */
	/* SET, SCHEDULE: the ladder's class of the assessment it rests on,
	 * when that assessment has one */
	bool classified;
	core_class cls;
} core_payfact;

/* What a household is owed for one month. */
typedef struct {
	bool paid;               /* anything is owed */
	bool suspended;          /* owed nothing: payments suspended */
	core_payline_kind kind;  /* REGULAR or WITHDRAWAL when paid */
	core_fen allowance, topups, amount; /* amount = allowance + topups */
	int k, n;                /* WITHDRAWAL: month k of n */
	const core_payfact *rests_on; /* the fact it follows; NULL when none */
} core_due;

/* Sorts facts into the order they apply (from, on, order). */
void core_payfacts_sort(core_payfact *facts, size_t n);

/* The due for month m from facts (sorted) known when the log ended at
 * upto (INT64_MAX: all of them): those with seq <= upto, a void one
 * still applying if its overturn came after upto. */
void core_pay_due(const core_payfact *facts, size_t n, core_month m,
                  int64_t upto, core_due *out);

/* One line of a roll. */
typedef struct {
	core_payline_kind kind;
	core_month month;        /* the month it pays (corrects, for back pay
	                            and adjustments) */
	core_fen allowance, topups, amount; /* amount may be negative for an
	                                       adjustment: money to recover */
	int k, n;                /* WITHDRAWAL: month k of n */
	char ref[CORE_PAYREF_MAX];
	/* the class of the fact the line follows, when known (not in the
	 * roll's canonical form: a breakdown, not a part of what is paid) */
	bool classified;
	core_class cls;
} core_payline;

/* What one household was paid for each issued month: the sum of the
 * lines for it in every issued roll, filled by core_pay_issue as each
 * issued roll is made again in turn. */
#define CORE_PAY_MONTHS_MAX 600 /* fifty years of issued months */
typedef struct {
	core_month first;        /* the first issued month (0: none yet) */
	int n;                   /* months issued: first .. first + n - 1 */
	int64_t upto;            /* the log position of the last issued roll */
	core_fen paid[CORE_PAY_MONTHS_MAX];
} core_pay_paid;

void core_pay_paid_init(core_pay_paid *p);

#define CORE_PAYLINES_MAX 64

/* Counts a roll keeps beside its lines. */
typedef struct {
	bool stopped;            /* owed something the month before, nothing
	                            now (a stop, a withdrawal's end) */
	bool suspended;
} core_pay_status;

/* The lines of a household's roll for month m, from facts (sorted)
 * known when the log ended at upto, given what issued rolls paid (*paid).
 * Lines: the due for m when anything is owed; then, with corrections
 * (only in the roll of the month after the last issued one), one per
 * issued month whose due now differs from what was paid for it, oldest
 * first: back pay when the decision that makes the difference was made
 * after that month and pays more, an adjustment otherwise. DS_EINPUT
 * naming "lines" when more than max. */
ds_status core_pay_lines(const core_payfact *facts, size_t n, core_month m,
                         int64_t upto, const core_pay_paid *paid,
                         bool corrections, core_payline *lines, size_t max,
                         size_t *nlines, core_pay_status *status,
                         ds_error *err);

/* Records an issued roll's lines for one household into *paid: month m
 * becomes issued, made when the log ended at upto. m must be the month
 * after the last issued one, or the first; DS_EINPUT naming "month"
 * otherwise, or past CORE_PAY_MONTHS_MAX months. */
ds_status core_pay_issue(core_pay_paid *paid, core_month m, int64_t upto,
                         const core_payline *lines, size_t nlines,
                         ds_error *err);

/* ---- one-off payments -------------------------------------------------------- */

/* An issued roll, as the roll of one-offs sees it: its month, the log
 * position it was made at, and whether it carries one-offs (rolls issued
 * before they existed do not, and never will). */
typedef struct {
	core_month month;
	int64_t upto;
	bool oneoffs;
} core_pay_issued;

/* One step that may pay once (a relief case's approval, or its sum paid
 * first; several when two laptops made one each at the same time): the
 * month it was made, its log position, and the position of the step it
 * lost to when it was set aside (0: never). */
typedef struct {
	core_month month;
	int64_t seq;
	int64_t void_seq;
} core_oneoff;

/* Which of one payment's steps (c, in log order) is paid, and on which
 * roll, as the log stood at upto (INT64_MAX: now). It is paid once. Each
 * issued roll that carries one-offs (iss, in the order issued; those made
 * after upto are not yet) in turn takes, if none was taken before, the
 * first step made before it (seq <= its upto), for its month or an earlier
 * one, not set aside by then (void_seq 0 or past its upto). When none
 * took one, the first step by upto not set aside by then goes on the roll
 * of its month, or of the first month not issued when its month is issued
 * already. Returns the index in c (-1: none is paid), the roll's month in
 * *month, and whether that roll is issued in *issued. A step that loses
 * after its roll was issued stays paid: the conflict is for a person. Pure. */
int core_pay_oneoff_pick(const core_pay_issued *iss, size_t n, const core_oneoff *c,
                         size_t nc, int64_t upto, core_month *month, bool *issued);

#endif
