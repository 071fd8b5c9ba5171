/* labels.h — the words people read for the identifiers files use: relations,
 * categories, income sources, case statuses and roles, translated. */
#ifndef TUI_LABELS_H
#define TUI_LABELS_H

#include <stddef.h>

#include "core/due.h"
#include "core/household.h"
#include "core/role.h"

const char *label_relation(core_relation r);
const char *label_category(core_category c);
const char *label_income(core_income_source s);
const char *label_role(core_role r);
/* Case status codes ("receiving", ...); unknown codes come back as given. */
const char *label_status(const char *code);
/* A decision's outcome ("grant", "stop", ...) in words. */
const char *label_outcome(const char *id);
/* A workflow action's id ("appeal_file") in words, or NULL. */
const char *label_action(const char *id);
/* What is due ("first visit to an application", ...), translated. */
const char *label_due(core_due_kind k);
/* An action's, a role's or a case state's id in words, or NULL when id
 * is none of these. */
const char *label_id(const char *id);
/* The same words untranslated (their msgids), for a front end that
 * translates each request in its own language (the county's console):
 * "?" for a value out of range, NULL for a status code the list lacks. */
const char *label_relation_msgid(core_relation r);
const char *label_category_msgid(core_category c);
const char *label_income_msgid(core_income_source s);
const char *label_status_msgid(const char *code);

/* The ladder's facts in words: a disability's type, self-care, why a
 * member is left out of the count, a kind of rigid spending ("" for the
 * not-given 0, "?" out of range). */
const char *label_disability(core_disability d);
const char *label_self_care(core_self_care c);
const char *label_exclusion(core_exclusion e);
const char *label_expense(core_expense_kind k);
/* A class of the ladder (core_class) in words; anything else (-1, or
 * CORE_CLASS_COUNT) is a household not classified. */
const char *label_class(int cls);
/* A class in a word ("marginal", 边缘), CORE_CLASS_COUNT or out of range:
 * not classified. */
const char *label_class_short(int cls);

/* A region code's name (GB/T 2260) in the language in effect, into buf:
 * the longest part of the code the table knows, "" when none. */
const char *label_region(const char *code, char *buf, size_t len);

#endif
