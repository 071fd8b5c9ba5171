/* console_words.c — the console's words for the domain's codes
 * (console_words.h): the msgids are tui/labels.c's, so one translation
 * serves the laptop and the console. */
#include "core/event.h"
#include "sync/county/console_words.h"

const char *console_status_words(const console_req *q, core_state s)
{
	static const char *const words[] = {
		[CORE_STATE_APPLYING] = N_("applying"),
		[CORE_STATE_INVESTIGATING] = N_("investigating"),
		[CORE_STATE_SUBMITTED] = N_("submitted"),
		[CORE_STATE_RETURNED] = N_("returned"),
		[CORE_STATE_NOTICE] = N_("public notice"),
		[CORE_STATE_RECEIVING] = N_("receiving"),
		[CORE_STATE_IN_TRANSITION] = N_("in transition"),
		[CORE_STATE_REFUSED] = N_("refused"),
		[CORE_STATE_EXITED] = N_("exited"),
		[CORE_STATE_SUSPENDED] = N_("suspended"),
	};
	return (unsigned)s < CORE_STATE_COUNT && words[s] ? _(words[s]) : "?";
}

const char *console_relation_words(const console_req *q, core_relation r)
{
	static const char *const words[CORE_REL_COUNT] = {
		N_("head of household"), N_("spouse"), N_("child"), N_("parent"),
		N_("brother or sister"), N_("grandchild"), N_("grandparent"),
		N_("other relative"),
	};
	return (unsigned)r < CORE_REL_COUNT ? _(words[r]) : "?";
}

const char *console_category_words(const console_req *q, core_category c)
{
	static const char *const words[CORE_CAT_COUNT] = {
		N_("elderly"), N_("minor"), N_("severe disability"),
		N_("severe illness"), N_("student"),
	};
	return (unsigned)c < CORE_CAT_COUNT ? _(words[c]) : "?";
}

const char *console_income_words(const console_req *q, core_income_source s)
{
	static const char *const words[CORE_INCOME_COUNT] = {
		N_("wages"),
		N_("flexible work"),
		N_("business net income"),
		N_("farming"),
		N_("property income"),
		N_("support from relatives"),
		N_("employee pension"),
		N_("unemployment insurance"),
		N_("compensation"),
		N_("other counted income"),
		N_("special-care payment"),
		N_("family-planning reward"),
		N_("scholarship"),
		N_("bravery award"),
		N_("social assistance"),
		N_("resident basic pension"),
		N_("other income not counted"),
	};
	return (unsigned)s < CORE_INCOME_COUNT ? _(words[s]) : "?";
}

const char *console_event_words(const console_req *q, const char *kind)
{
	int k = core_event_lookup(kind);
	const char *w = k < 0 ? NULL : core_event_words((core_event_kind)k);
	return w ? _(w) : kind;
}
