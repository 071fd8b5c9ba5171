/* labels.h — the words people read for the identifiers files use: relations,
 * categories, income sources, case statuses and roles, translated. */
#ifndef TUI_LABELS_H
#define TUI_LABELS_H

#include "core/household.h"
#include "core/role.h"

const char *label_relation(core_relation r);
const char *label_category(core_category c);
const char *label_income(core_income_source s);
const char *label_role(core_role r);
/* Case status codes ("receiving", ...); unknown codes come back as given. */
const char *label_status(const char *code);

#endif
