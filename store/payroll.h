/* payroll.h — the monthly payment roll read out of the store: each
 * household's pay facts from its decisions (core/payroll.h computes the
 * lines), the rolls issued (payroll.issued events, each holding its
 * roll's hash and totals), and the roll's files (rollfile.c: CSV, JSON,
 * XLSX). A roll holds personal data (names, accounts): it is kept in
 * memory only, and written only to a file a person asked for. */
#ifndef STORE_PAYROLL_H
#define STORE_PAYROLL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "core/household.h"
#include "core/payroll.h"
#include "store/crypto.h"
#include "store/store.h"

/* One line of the roll with the household it pays. */
typedef struct {
	char household[STORE_ID_BUF];
	core_area township, village;
	char head[CORE_NAME_MAX];     /* the head of household */
	char head_id[CORE_IDNUM_BUF]; /* the head's ID number */
	int members;
	core_payee payee;
	core_payline line;
} store_rollrow;

/* Sums over a set of lines. */
typedef struct {
	int64_t households;        /* households with a line */
	int64_t lines;
	int64_t by_kind[CORE_PAYLINE_COUNT]; /* lines of each kind */
	core_fen amount_by_kind[CORE_PAYLINE_COUNT];
	int64_t stopped;           /* paid last month, nothing this month */
	int64_t suspended;
	int64_t no_account;        /* households paid without a payee account */
	core_fen total;
	/* lines and amounts by the ladder's class of what each follows
	 * (CORE_CLASS_COUNT: not classified — one-offs, decisions before the
	 * ladder); households by the class of their first line. Not in the
	 * canonical form (a breakdown of the same lines); the issued event
	 * keeps them (by_class) */
	int64_t households_by_class[CORE_CLASS_COUNT + 1];
	int64_t by_class[CORE_CLASS_COUNT + 1];
	core_fen amount_by_class[CORE_CLASS_COUNT + 1];
} store_rollsum;

/* Totals of one area (a township or a village): code, name, sums. */
typedef struct {
	core_area area;
	char township[CORE_VILLAGE_LEN + 1]; /* a village's township code */
	store_rollsum sum;
} store_rollarea;

typedef struct {
	core_month month;
	bool issued;               /* the month is closed: this is the roll
	                              as issued, and never changes */
	int64_t upto;              /* the log position the roll was made at */
	char issued_by[STORE_USER_MAX];
	core_date issued_on;
	unsigned char hash[32];    /* BLAKE2b-256 of the roll's canonical
	                              form (ROLL.md) */
	store_rollrow *rows;       /* sorted: township, village, household,
	                              then the line's month */
	size_t n;
	store_rollarea *townships, *villages; /* sorted by code */
	size_t n_townships, n_villages;
	store_rollsum county;
} store_roll;

void store_roll_free(store_roll *r);

/* A sum's lines by class as JSON: {class id or "unclassified":
 * {households, lines, amount}} (the roll's totals, the issued event, the
 * county's outlay); the key of class c (CORE_CLASS_COUNT: unclassified). */
json_t *store_rollsum_by_class_json(const store_rollsum *s);
const char *store_rollsum_class_key(int c);

/* The roll for month: the issued one when the month is issued (made
 * again from the log as it stood then), else the roll as it would be
 * issued now. A laptop's roll holds the households it holds. */
ds_status store_roll_make(ds_store *s, core_month month, store_roll *out,
                          ds_error *err);

/* Closes month: the next month after the last issued one (or any month
 * when none is), its roll made now and recorded in a payroll.issued
 * event with its hash and totals. The same month again changes nothing
 * (*already). A month after the next open one is refused naming
 * "month". */
ds_status store_roll_issue(ds_store *s, core_month month, store_roll *out,
                           bool *already, ds_error *err);

/* Whether an issued month's roll, made again from the log, still has the
 * hash and totals its payroll.issued event holds, and the roll kept when
 * it was issued (store_roll_kept; none before schema 8) opens and has
 * that hash too: DS_OK when so, DS_EDAMAGED naming the month (or
 * issued_roll and the month) when not, DS_EINPUT when the month was never
 * issued. */
ds_status store_roll_check(ds_store *s, core_month month, store_roll *out,
                           ds_error *err);

/* The county's totals of several months at once, as their rolls give
 * them: an issued month's as its payroll.issued event holds them, any
 * other's as its roll would be made now — every household read once for
 * all of them (the budget's actual months, the outlay report). months[i]
 * is given; issued and sum are filled. */
typedef struct {
	core_month month;
	bool issued;
	store_rollsum sum;  /* households, lines, by kind, stopped,
	                       suspended, total (no_account: not of issued) */
} store_roll_total;
ds_status store_roll_totals(ds_store *s, store_roll_total *months, size_t n,
                            ds_error *err);
/* The same, fed one household at a time by a walk of the caller's (the
 * budget's), so that one read of the households serves both: new reads
 * what every household shares (issued months, policies, the decisions'
 * events) and fills the issued months; add sums one household into the
 * others (months must outlive the totaller). */
typedef struct store_roll_totaller store_roll_totaller;
ds_status store_roll_totaller_new(ds_store *s, store_roll_total *months,
                                  size_t n, store_roll_totaller **out,
                                  ds_error *err);
ds_status store_roll_totaller_add(store_roll_totaller *t,
                                  const store_household_row *row);
void store_roll_totaller_free(store_roll_totaller **t);

/* A month's roll as it was kept when it was issued (schema 8): of each
 * line what the province is sent (sync/provrec.c) — the household, the
 * kind, the month paid, the amount and the household's size — and the
 * county's households, lines, stopped and total, read from the roll's
 * canonical form (ROLL.md) under a seal, whose hash over the lines and
 * the totals is checked against the hash kept beside it (the caller
 * compares that with the payroll.issued event's). *found false: nothing
 * kept (a month issued before schema 8, or not issued); DS_EDAMAGED
 * naming issued_roll and the month when what is kept does not open or
 * does not hash to its hash. Free with store_keptroll_free. */
typedef struct {
	char household[STORE_ID_BUF];
	core_payline_kind kind;
	core_month month;
	core_fen amount;
	int members;
} store_keptline;
typedef struct {
	core_month month;
	unsigned char hash[32];
	store_keptline *lines;
	size_t n;
	store_rollsum county; /* households, lines, stopped, total */
} store_keptroll;
ds_status store_roll_kept(ds_store *s, core_month month, store_keptroll *out,
                          bool *found, ds_error *err);
void store_keptroll_free(store_keptroll *r);

/* Issued months, oldest first (free *months). */
ds_status store_roll_issued(ds_store *s, core_month **months, size_t *n,
                            ds_error *err);

/* ---- the roll's files (rollfile.c) -------------------------------------- */

typedef enum {
	STORE_ROLL_UTF8,    /* UTF-8 with a byte-order mark */
	STORE_ROLL_GB18030,
} store_roll_encoding;

/* Words for the files' headers: tr(msgid) gives them in the reader's
 * language (the front end's gettext; NULL: as written, in English). */
typedef const char *(*store_tr_fn)(const char *msgid);

/* The CSV: a header row, one row per line, then the totals per village,
 * township and county. */
ds_status store_roll_csv(const store_roll *r, FILE *out,
                         store_roll_encoding enc, store_tr_fn tr,
                         ds_error *err);
/* The JSON form (ROLL.md): { month, issued, hash, lines: [...],
 * villages: [...], townships: [...], county: {...} }. */
ds_status store_roll_json(const store_roll *r, FILE *out, ds_error *err);
/* The workbook: a summary sheet with the totals, then a sheet per
 * township with its lines. Written to path atomically. */
ds_status store_roll_xlsx(const store_roll *r, const char *path,
                          store_tr_fn tr, ds_error *err);

/* ---- sums of the roll's lines (rollfile.c) ------------------------------ */

/* Adds row's line to s: one line of its kind, its amount to the kind's
 * and to the total. first: the row is its household's first in what s
 * sums, so the household is counted (and counted without an account when
 * its payee has none). Households stopped or suspended have no line: the
 * caller counts those. */
void store_roll_sum_add(store_rollsum *s, const store_rollrow *row,
                        bool first);
/* Adds every count and amount of add to s (villages into a township,
 * townships into the county). */
void store_roll_sum_merge(store_rollsum *s, const store_rollsum *add);
/* ---- end of the sums ----------------------------------------------------- */

#endif
