/* hhjson.h — household JSON, as files, the command line and event bodies
 * carry it (the format is in README.md). */
#ifndef STORE_HHJSON_H
#define STORE_HHJSON_H

#include <jansson.h>

#include "core/household.h"
#include "core/status.h"

/* Reads j into h (initialised here; freed on failure). Checks types and
 * identifiers and names the JSON path of a problem, e.g.
 * members[1].incomes[0].monthly; the household rules are
 * core_household_validate's. ID numbers come back normalised. */
ds_status store_household_from_json(json_t *j, core_household *h,
                                    ds_error *err);
/* A new JSON object (the caller decrefs it), NULL when out of memory. */
json_t *store_household_to_json(const core_household *h);
/* The stored form: what json_dumps(store_household_to_json(h),
 * JSON_COMPACT) gives, written without building the JSON tree. *out is
 * malloc'd (the caller wipes and frees it), NUL-terminated, *len long. */
ds_status store_household_canonical(const core_household *h, char **out,
                                     size_t *len, ds_error *err);
/* One JSON text (len bytes, white space around it allowed) read straight
 * into h, without a JSON tree: true when it is a household that
 * store_household_from_json reads without a problem, with the same
 * result. False for anything else (h is then freed), including good JSON
 * this reader does not take (escapes in strings, numbers other than
 * plain whole numbers, an ID number not in its normalised form, so that
 * every ID number it gives is the text as it stands): the caller then
 * goes the long way (jansson, then
 * store_household_from_json), which reads it or names the problem. */
bool store_household_from_text(const char *text, size_t len,
                               core_household *h);

#endif
