/* classes.h — the ladder's class of each household's latest assessment
 * (table household_class), kept by the projection of household.assessed
 * so that lists and counts by class open no assessment event. */
#ifndef STORE_CLASSES_H
#define STORE_CLASSES_H

#include "core/household.h"
#include "store/store.h"

/* A household's class as its latest assessment gave it. known false: the
 * household was never assessed, or its latest assessment was recorded
 * before the ladder (its body has no class). */
typedef struct {
	bool known;
	core_class cls;
	int members;   /* the members the assessment counted */
	int covered;   /* dibao_single: the members covered alone; else 0 */
	int64_t seq;   /* the household.assessed event */
} store_class;

ds_status store_class_of(ds_store *s, const char *household, store_class *out,
                         ds_error *err);

/* Every row of the table, by household (each checked as it is read: one
 * that does not verify fails the whole, DS_EDAMAGED naming it). *out is
 * malloc'd (NULL when none); free it. store_class_find looks one up in
 * them: NULL when the household has none (not classified). */
typedef struct store_class_row {
	char household[STORE_ID_BUF];
	store_class c;
} store_class_row;
ds_status store_class_list(ds_store *s, store_class_row **out, size_t *n,
                           ds_error *err);
const store_class *store_class_find(const store_class_row *rows, size_t n,
                                    const char *household);

/* Households and people in each class: index c for class c, index
 * CORE_CLASS_COUNT for the households not classified. people: the members
 * each assessment counted (a household not classified: its members);
 * covered: the members covered alone (dibao_single). Over the households
 * this user sees (an assistant: those not moved to someone else, as
 * store_household_each lists them). */
typedef struct {
	int64_t households, people, covered;
} store_class_count;
#define STORE_CLASS_UNKNOWN CORE_CLASS_COUNT
ds_status store_class_counts(ds_store *s,
                             store_class_count out[CORE_CLASS_COUNT + 1],
                             ds_error *err);

#endif
