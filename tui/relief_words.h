/* relief_words.h — a relief case (store/relief.h) in words, for the
 * command line and the interface alike: its state, a line of its
 * derivation, and the case as a page of lines. Translated here. */
#ifndef TUI_RELIEF_WORDS_H
#define TUI_RELIEF_WORDS_H

#include <stddef.h>

#include "core/relief.h"
#include "store/relief.h"

/* "being investigated", "approved", ... */
const char *relief_state_text(core_relief_state s);
/* A derivation line in words ("Guidance: 1.00 × S for each of 2 people
 * = 2330.00 yuan"). */
void relief_line_text(const core_relief_line *l, char *out, size_t len);
/* The case, line by line, as `relief show` prints it: each line (no
 * newline) given to emit; the derivation's lines indented by two spaces. */
void relief_lines(const store_relief *k,
                  void (*emit)(void *ctx, const char *line), void *ctx);

#endif
