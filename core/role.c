/* role.c — role identifiers. */
#include "role.h"

#include <string.h>

static const char *const role_ids[] = {
#define X(e, id) id,
	CORE_ROLE_LIST(X)
#undef X
};

const char *core_role_id(core_role r)
{
	return (unsigned)r < CORE_ROLE_COUNT ? role_ids[r] : "?";
}

int core_role_lookup(const char *id)
{
	for (int i = 0; id && i < CORE_ROLE_COUNT; i++)
		if (strcmp(role_ids[i], id) == 0)
			return i;
	return -1;
}
