/* console_words.h — the words the console shows for the domain's codes
 * (the same msgids as tui/labels.c's, so their translations are shared),
 * in the request's language. */
#ifndef SYNC_COUNTY_CONSOLE_WORDS_H
#define SYNC_COUNTY_CONSOLE_WORDS_H

#include "core/workflow.h"
#include "sync/county/console_int.h"

const char *console_status_words(const console_req *q, core_state s);

#endif
