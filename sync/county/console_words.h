/* console_words.h — the words the console shows for the domain's codes
 * (the same msgids as tui/labels.c's and core's, so their translations
 * are shared), in the request's language. */
#ifndef SYNC_COUNTY_CONSOLE_WORDS_H
#define SYNC_COUNTY_CONSOLE_WORDS_H

#include "core/household.h"
#include "core/workflow.h"
#include "sync/county/console_int.h"

const char *console_status_words(const console_req *q, core_state s);
const char *console_relation_words(const console_req *q, core_relation r);
const char *console_category_words(const console_req *q, core_category c);
const char *console_income_words(const console_req *q, core_income_source s);
/* An event kind of the log for a timeline (the kind itself when unknown). */
const char *console_event_words(const console_req *q, const char *kind);

#endif
