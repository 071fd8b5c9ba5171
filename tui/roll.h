/* roll.h — the payment roll at a front end (doorstep payroll and
 * doorstep-county payroll): the form asked for (the text for people,
 * accounts masked; or a file: CSV, JSON, XLSX, accounts whole) and the
 * month's word on what the roll is. */
#ifndef TUI_ROLL_H
#define TUI_ROLL_H

#include <stdbool.h>
#include <stdio.h>

#include "store/payroll.h"

typedef struct {
	bool json, csv;
	const char *xlsx;      /* a file to write, or NULL */
	const char *encoding;  /* "utf-8" (NULL) or "gb18030" */
	bool laptop;           /* a laptop's: it knows no issued months */
} roll_form;

/* Checks the form's options: one of --json, --csv, --xlsx; --encoding
 * only with --csv and only utf-8 or gb18030. DS_EUSAGE naming the
 * option otherwise. */
ds_status roll_form_check(const roll_form *f, ds_error *err);

/* Writes the roll in the form asked for to out (or to the --xlsx file,
 * then a line on out saying so). */
ds_status roll_write(const store_roll *r, const roll_form *f, FILE *out,
                     ds_error *err);

/* The roll as text for people: each line with its household, head,
 * masked account, kind and amount, then the totals per village,
 * township and the county. */
void roll_print(const store_roll *r, bool laptop, FILE *out);

/* One line on what happened: issued now, issued before, checked. */
void roll_say_issued(const store_roll *r, bool already, FILE *out);

#endif
