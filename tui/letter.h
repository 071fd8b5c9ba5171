/* letter.h — the decision letter of a case, composed once as its parts
 * (issuing authority, document number, date, addressee, the decision and
 * its reasons, the month payment starts, the schedule, the derivation in
 * plain words, the remedies, the duty to report changes, the seal and
 * signature blocks) of a dibao case or a relief case (临时救助) in the
 * reader's language, then rendered as plain text
 * (letter_text) or as an A4 PDF (letter_pdf.c). */
#ifndef TUI_LETTER_H
#define TUI_LETTER_H

#include <stdio.h>

#include "core/assess.h"
#include "core/policy.h"
#include "store/casework.h"
#include "store/relief.h"
#include "store/store.h"

typedef enum {
	LETTER_GRANT,     /* a new allowance */
	LETTER_RAISE,     /* an allowance raised */
	LETTER_REDUCE,    /* an allowance reduced */
	LETTER_RETURN,    /* back from a withdrawal to the regular allowance */
	LETTER_WITHDRAW,  /* income at or above the standard: stepped down */
	LETTER_STOP,      /* an allowance stopped */
	LETTER_REFUSE,    /* an application refused */
	LETTER_RELIEF_GRANT,  /* temporary assistance granted */
	LETTER_RELIEF_REFUSE  /* temporary assistance refused */
} letter_kind;

/* The county's particulars a letter quotes ("" when not set: the letter
 * says so in their place, never a user's login name). */
typedef struct {
	const char *authority;            /* the issuing civil-affairs body */
	const char *address, *telephone;
	const char *reconsideration_body; /* hears 行政复议 */
	const char *court;                /* hears 行政诉讼 */
	const char *docno_prefix;         /* e.g. 天河民低 */
} letter_settings;

#define LETTER_LINE 2048

/* A letter: each part as text in the reader's language. The lists are
 * malloc'd (letter_free wipes and frees them: they hold names). */
typedef struct {
	letter_kind kind;
	char authority[512];      /* the heading: who issues it */
	char title[256];
	char docno[128];
	char date[64];            /* the date of the decision, in words */
	char addressee[512];      /* "王芳 (head of household)" */
	char address[512];
	char decision[LETTER_LINE];
	size_t n_reasons;
	char **reasons;
	char pay_from[512];       /* "" when the decision pays nothing; for
	                             relief, what was paid first */
	size_t n_schedule;        /* withdrawal months, "2027-08: 900.00 yuan" */
	char schedule[CORE_SCHEDULE_MAX][128];
	size_t n_steps;           /* the derivation, one sentence a step */
	char **steps;
	char remedies_heading[128];
	char reconsideration[LETTER_LINE];
	char litigation[LETTER_LINE];
	char appeal[LETTER_LINE]; /* the household's 申诉 path */
	char duty[LETTER_LINE];
	char seal[512];           /* the authority under "(seal)" */
	char contact[512];        /* its address and telephone ("" unset) */
	char signature[256];      /* the blanks for the officers' hands */
} letter;

/* The document number: prefix〔year〕 and a number from the decision
 * event's reference ("devicehex:epoch:dseq", store_event_ref): the first
 * three bytes of the device as a decimal number, the epoch when not 0,
 * and the device's own sequence — deterministic, and unique across the
 * laptops of a county. "" prefix: the number alone. */
void letter_docno(const char *prefix, int year, const char *ref, char *out,
                  size_t len);

/* Composes the letter of a decision: row and k are the household and its
 * case, a the assessment decided on, p the policy in force on the
 * decision's date, ref the decision event's reference. Only tui/ strings
 * (gettext); nothing printed. */
ds_status letter_build(letter *L, const store_household_row *row,
                       const store_case *k, const core_assessment *a,
                       const core_policy *p, const letter_settings *set,
                       const char *ref, ds_error *err);
/* Composes the letter of a relief case's decision (临时救助): r the case,
 * decided (approved or refused; any other state is DS_EINPUT naming the
 * case), row its household, p the policy the case was worked out under
 * (its sources, the days for the 申诉 appeal), ref the deciding event's
 * reference. The cause, the amount granted and what of it was paid first,
 * the reasons, the derivation with the policy's sources, the remedies; no
 * duty to report changes (a one-off). */
ds_status letter_build_relief(letter *L, const store_household_row *row,
                              const store_relief *r, const core_policy *p,
                              const letter_settings *set, const char *ref,
                              ds_error *err);
void letter_free(letter *L);

/* How a part is laid out, for the renderers. */
typedef enum {
	LETTER_AUTHORITY, /* centred, large */
	LETTER_TITLE,     /* centred, bold */
	LETTER_DOCNO,     /* right-aligned */
	LETTER_HEADING,   /* a section's name */
	LETTER_PARA,      /* a paragraph */
	LETTER_ITEM,      /* an indented line of a list */
	LETTER_GAP,       /* an empty line */
	LETTER_RIGHT      /* right-aligned: the seal, the date */
} letter_style;

/* Walks the letter's parts in reading order. */
typedef void (*letter_emit)(void *ctx, letter_style style, const char *text);
void letter_walk(const letter *L, letter_emit emit, void *ctx);

/* The letter as plain text for the terminal and --out. */
void letter_text(const letter *L, FILE *f);

/* The letter as an A4 PDF (Pango and Cairo, a CJK font), into a
 * malloc'd buffer the caller frees (it holds no plaintext temp file).
 * letter_pdf.c. */
ds_status letter_pdf(const letter *L, unsigned char **out, size_t *len,
                     ds_error *err);

#endif
