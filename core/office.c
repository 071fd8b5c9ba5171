/* office.c — the office roles and the one table of what each may see and
 * do (office.h). */
#include <string.h>

#include "core/office.h"

static const char *const role_ids[] = {
#define X(e, id, words) id,
	CORE_OFFICE_ROLE_LIST(X)
#undef X
};

static const char *const role_words[] = {
#define X(e, id, words) words,
	CORE_OFFICE_ROLE_LIST(X)
#undef X
};

static const struct {
	const char *id;
	bool may[CORE_OFFICE_ROLE_COUNT];
} rights[] = {
#define X(e, id, o, p, d) {id, {o, p, d}},
	CORE_OFFICE_RIGHT_LIST(X)
#undef X
};

const char *core_office_role_id(core_office_role r)
{
	return (unsigned)r < CORE_OFFICE_ROLE_COUNT ? role_ids[r] : "?";
}

const char *core_office_role_words(core_office_role r)
{
	return (unsigned)r < CORE_OFFICE_ROLE_COUNT ? role_words[r] : "?";
}

int core_office_role_lookup(const char *id)
{
	for (int i = 0; id && i < CORE_OFFICE_ROLE_COUNT; i++)
		if (!strcmp(id, role_ids[i]))
			return i;
	return -1;
}

const char *core_office_right_id(core_office_right r)
{
	return (unsigned)r < CORE_OFFICE_RIGHT_COUNT ? rights[r].id : "?";
}

int core_office_right_lookup(const char *id)
{
	for (int i = 0; id && i < CORE_OFFICE_RIGHT_COUNT; i++)
		if (!strcmp(id, rights[i].id))
			return i;
	return -1;
}

bool core_office_may(int role, int right)
{
	if (role < 0 || role >= CORE_OFFICE_ROLE_COUNT || right < 0 ||
	    right >= CORE_OFFICE_RIGHT_COUNT)
		return false;
	return rights[right].may[role];
}

long core_office_lockout_seconds(unsigned failures)
{
	long d = 1;
	if (failures <= CORE_OFFICE_LOCKOUT_FREE)
		return 0;
	for (unsigned i = CORE_OFFICE_LOCKOUT_FREE + 1; i < failures; i++) {
		d *= 2;
		if (d >= CORE_OFFICE_LOCKOUT_MAX)
			return CORE_OFFICE_LOCKOUT_MAX;
	}
	return d;
}
