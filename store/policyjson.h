/* policyjson.h — policy files (format doorstep-policy-1) into core_policy. */
#ifndef STORE_POLICYJSON_H
#define STORE_POLICYJSON_H

#include <jansson.h>

#include "core/policy.h"

/* Reads and checks a whole policy; on failure p is left empty and err
 * names the JSON path of the first problem. */
ds_status store_policy_from_json(json_t *root, core_policy *p, ds_error *err);
/* The same from text; name is used in JSON syntax errors (file:line:col). */
ds_status store_policy_parse(const char *text, size_t len, const char *name,
                             core_policy *p, ds_error *err);

/* The policy built into the program (store/policy-default.json). */
extern const unsigned char store_policy_default[];
extern const size_t store_policy_default_len;

#endif
