/* classes.h — the households and people in each class of the ladder
 * (store_class_counts) as a person reads them and as JSON: what
 * `doorstep household list` and `doorstep-county status` print alike. */
#ifndef TUI_CLASSES_H
#define TUI_CLASSES_H

#include <jansson.h>
#include <stdio.h>

#include "store/classes.h"

/* The totals of the counts. */
void classes_totals(const store_class_count n[CORE_CLASS_COUNT + 1],
                    int64_t *households, int64_t *people);
/* Lines of text: the totals first when totals, then a heading and a line
 * a class, every class, in the ladder's order, then those not classified. */
void classes_print(FILE *f, const store_class_count n[CORE_CLASS_COUNT + 1],
                   bool totals);
/* The same as an array of {"class", "households", "people",
 * "covered_alone"} (class null: not classified); NULL out of memory. */
json_t *classes_json(const store_class_count n[CORE_CLASS_COUNT + 1]);

#endif
