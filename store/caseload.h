/* caseload.h — one row per household, as the caseload screen shows it and
 * its search looks through it. */
#ifndef STORE_CASELOAD_H
#define STORE_CASELOAD_H

#include "store/casework.h"

typedef struct {
	char id[STORE_ID_BUF];
	/* head, address and search share one malloc'd block (head first),
	 * each as long as it is: 20,000 rows of fixed-size names and
	 * addresses were 6 MiB more, twice over during a reload */
	const char *head;
	const char *address;
	int members;
	core_state state;
	bool warning;        /* early warning on the latest assessment */
	/* the ladder's class of the latest assessment; class_known false:
	 * never assessed, or assessed before the ladder */
	bool class_known;
	core_class cls;
	bool appeal;         /* an appeal is open */
	bool reverify_due;   /* a re-verification visit is due or overdue */
	int t_k, t_n;        /* month k of n of a withdrawal */
	bool receiving;
	core_fen allowance;  /* paid this month (a withdrawal's month k) */
	core_date due;       /* the next thing due; -1 none */
	core_due_kind due_kind;
	char *search;        /* names, ID numbers, address (lower-case ASCII) */
	bool block;          /* row 0 only: every row's texts in one block */
} store_caseload_row;

/* Every household of the caseload (an assistant's: those not moved to
 * someone else), from the sealed summaries, by the next thing due (none
 * last), then by id. The rows' search texts lie one after another in row
 * order in one block, each ending with its NUL, from rows[0].search: a
 * search may scan them at once. *rows is malloc'd; free with
 * store_caseload_free (which wipes it). */
ds_status store_caseload(ds_store *s, store_caseload_row **rows, size_t *n,
                         ds_error *err);
/* The same rows worked out from every household and its case, as they
 * were before there were summaries, in the order the households were
 * created: what the summaries must agree with (tests, bench). */
ds_status store_caseload_full(ds_store *s, store_caseload_row **rows,
                              size_t *n, ds_error *err);
void store_caseload_free(store_caseload_row *rows, size_t n);
/* Fills the rows' class (class_known, cls) from the table of classes, in
 * one pass over it: store_caseload leaves them unknown, as most screens
 * never show them (the summaries keep a class only where the due rule
 * needs it). */
ds_status store_caseload_classes(ds_store *s, store_caseload_row *rows,
                                 size_t n, ds_error *err);

#endif
