/* explain.h — assessments in words: each step of a derivation as a
 * sentence in the reader's language, and the JSON that scripts read. */
#ifndef TUI_EXPLAIN_H
#define TUI_EXPLAIN_H

#include <jansson.h>
#include <stdio.h>

#include "core/assess.h"
#include "core/visit.h"
#include "core/workflow.h"

/* A policy figure's source in the reader's language: zh on a Chinese
 * screen (or a Chinese phrase saying the source is given only in English,
 * never the English text), en otherwise. */
const char *explain_source(const char *en, const char *zh);
/* One step as a translated sentence. */
void explain_step(const core_assessment *a, const core_step *st, char *out,
                  size_t len);
/* A reason for refusal, translated. */
const char *explain_reason(core_reason r);
/* A flag's rule in words. */
const char *explain_flag(const char *rule);
/* The whole derivation, numbered, as text a person can read aloud. */
void explain_print(FILE *f, const core_assessment *a);
/* The assessment's JSON with each step's and reason's text added in the
 * reader's language (the caller decrefs). */
json_t *explain_json(const core_assessment *a);
/* What changed at a visit, as one line ("  + 王小 joined the household"),
 * for the command line and the visit screen alike. */
void explain_diff(const core_diff *d, char *out, size_t len);
/* "  monthly payment: 1,165.00 → 2,330.00" */
void explain_payment_change(core_fen before, core_fen after, char *out,
                            size_t len);
/* The dates of the decision in force, as up to 2 lines for the household
 * page and `household show`: in effect on, paid from; its letter's
 * delivery (or that it is not recorded). Returns how many. */
size_t explain_decision_dates(const core_case *c, char lines[2][256]);
/* The taper's name in words. */
const char *explain_taper(core_taper t);

#endif
