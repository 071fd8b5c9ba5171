/* role.h — the people who use doorstep, and what each may do. */
#ifndef CORE_ROLE_H
#define CORE_ROLE_H

#define CORE_ROLE_LIST(X)         \
	X(ASSISTANT, "assistant") \
	X(SUPERVISOR, "supervisor") \
	X(REVIEWER, "reviewer")

typedef enum {
#define X(e, id) CORE_ROLE_##e,
	CORE_ROLE_LIST(X)
#undef X
	CORE_ROLE_COUNT
} core_role;

const char *core_role_id(core_role r);
int core_role_lookup(const char *id); /* -1 when unknown */

#endif
