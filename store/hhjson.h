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

#endif
