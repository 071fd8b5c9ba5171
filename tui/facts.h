/* facts.h — the ladder's facts at the door (issue 19) in words, a line at a
 * time, for `household show` and the household screen alike. */
#ifndef TUI_FACTS_H
#define TUI_FACTS_H

#include "core/household.h"

/* Receives one line (no newline) to be shown indent columns in. */
typedef void (*facts_sink)(void *ctx, int indent, const char *line);

/* A member's disability, serious illness, self-care and why they are left
 * out of the count: a line each when given. */
void facts_member(const core_member *m, int indent, facts_sink out, void *ctx);

/* An income: declared a month, a year's figure, or month by month (a line
 * per month, in order, two columns further in). */
void facts_income(const core_household *h, const core_member *m,
                  const core_income *in, int indent, facts_sink out,
                  void *ctx);

/* The household's supporters (able or not, and why) and its rigid spending,
 * when any: a heading at indent, the items two columns further in. */
void facts_household(const core_household *h, int indent, facts_sink out,
                     void *ctx);

#endif
