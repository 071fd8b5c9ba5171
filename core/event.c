/* event.c — the kinds of event, by name (core/event.h). */
#include "event.h"

#include <string.h>

static const struct {
	const char *id, *words;
} kinds[] = {
#define X(e, id, words) {id, words},
	CORE_EVENT_LIST(X)
#undef X
};

const char *core_event_id(core_event_kind k)
{
	return (unsigned)k < CORE_EVENT_COUNT ? kinds[k].id : "?";
}

int core_event_lookup(const char *id)
{
	for (int i = 0; id && i < CORE_EVENT_COUNT; i++)
		if (!strcmp(kinds[i].id, id))
			return i;
	return -1;
}

bool core_event_is(const char *name, core_event_kind k)
{
	return name && (unsigned)k < CORE_EVENT_COUNT && !strcmp(name, kinds[k].id);
}

const char *core_event_words(core_event_kind k)
{
	return (unsigned)k < CORE_EVENT_COUNT ? kinds[k].words : NULL;
}
