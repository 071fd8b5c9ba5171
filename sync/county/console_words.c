/* console_words.c — the console's words for the domain's codes
 * (console_words.h): tui/labels.c's msgids, translated in the request's
 * language, so one list and one translation serve the laptop and the
 * console. */
#include "core/event.h"
#include "core/workflow.h"
#include "sync/county/console_words.h"
#include "tui/labels.h"

const char *console_status_words(const console_req *q, core_state s)
{
	const char *l = label_status_msgid(core_state_id(s));
	return l ? _(l) : "?";
}

const char *console_relation_words(const console_req *q, core_relation r)
{
	return _(label_relation_msgid(r));
}

const char *console_category_words(const console_req *q, core_category c)
{
	return _(label_category_msgid(c));
}

const char *console_income_words(const console_req *q, core_income_source s)
{
	return _(label_income_msgid(s));
}

const char *console_event_words(const console_req *q, const char *kind)
{
	int k = core_event_lookup(kind);
	const char *w = k < 0 ? NULL : core_event_words((core_event_kind)k);
	return w ? _(w) : kind;
}
