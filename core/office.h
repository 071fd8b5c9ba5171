/* office.h — the county office's people (office accounts, separate from
 * the laptops' users) and what each role may see and do in the county's
 * web console: ONE table, pages and actions by role. The console refuses
 * (403, logged) whatever this table does not allow. */
#ifndef CORE_OFFICE_H
#define CORE_OFFICE_H

#include <stdbool.h>

#include "core/status.h"

/* X(enum, id, words) */
#define CORE_OFFICE_ROLE_LIST(X)                        \
	X(OFFICER, "officer", N_("officer"))            \
	X(APPROVER, "approver", N_("approver"))         \
	X(ADMIN, "admin", N_("administrator"))

typedef enum {
#define X(e, id, words) CORE_OFFICE_##e,
	CORE_OFFICE_ROLE_LIST(X)
#undef X
	CORE_OFFICE_ROLE_COUNT
} core_office_role;

/* What may be seen (a page) or done (an action, always a POST), by whom:
 * X(ENUM, "name", officer, approver, admin). An officer sees the
 * caseload and its figures; an approver also issues and approves; the
 * admin also manages laptops, office accounts and policy. A part of a
 * page (household.contact: a household's address and who it is paid to)
 * is left out for a role that may not see it. Every page masks ID
 * numbers and accounts, whoever looks. */
#define CORE_OFFICE_RIGHT_LIST(X)                              \
	/* pages */                                            \
	X(DASHBOARD, "dashboard", 1, 1, 1)                     \
	X(HOUSEHOLDS, "households", 1, 1, 1)                   \
	X(HOUSEHOLD, "household", 1, 1, 1)                     \
	X(ROLL, "roll", 1, 1, 1)                               \
	X(REPORTS, "reports", 1, 1, 1)                         \
	X(BUDGET, "budget", 1, 1, 1)                           \
	X(CONFLICTS, "conflicts", 1, 1, 1)                     \
	X(LAPTOPS, "laptops", 0, 1, 1)                         \
	X(POLICY, "policy", 0, 1, 1)                           \
	X(AUDIT, "audit", 0, 1, 1)                             \
	X(USERS, "users", 0, 0, 1)                             \
	X(ROLL_FILE, "roll.file", 0, 1, 1)                     \
	X(RELIEF, "relief", 1, 1, 1)                           \
	/* parts of a page */                                  \
	X(HOUSEHOLD_CONTACT, "household.contact", 0, 1, 1)     \
	/* actions */                                          \
	X(ROLL_ISSUE, "roll.issue", 0, 1, 1)                   \
	X(LAPTOP_ENROL, "laptop.enrol", 0, 0, 1)               \
	X(LAPTOP_REVOKE, "laptop.revoke", 0, 0, 1)             \
	X(HOUSEHOLD_REASSIGN, "household.reassign", 0, 0, 1)   \
	X(USER_ADD, "user.add", 0, 0, 1)                       \
	X(USER_DISABLE, "user.disable", 0, 0, 1)               \
	X(USER_PASSWD, "user.passwd", 0, 0, 1)                 \
	X(POLICY_IMPORT, "policy.import", 0, 0, 1)             \
	X(RELIEF_DECIDE, "relief.decide", 0, 1, 1)

typedef enum {
#define X(e, id, o, p, d) CORE_OFFICE_RIGHT_##e,
	CORE_OFFICE_RIGHT_LIST(X)
#undef X
	CORE_OFFICE_RIGHT_COUNT
} core_office_right;

const char *core_office_role_id(core_office_role r);
/* The role's words, untranslated (N_ marked); "?" when unknown. */
const char *core_office_role_words(core_office_role r);
int core_office_role_lookup(const char *id); /* -1 when unknown */
const char *core_office_right_id(core_office_right r);
int core_office_right_lookup(const char *id); /* -1 when unknown */
/* Whether role r may see or do what; false for anything out of range. */
bool core_office_may(int role, int right);

/* How long, in seconds, a login must wait after `failures` failed ones in
 * a row (for one user name, or from one address): none for the first
 * two, then 1, 2, 4, ... seconds, at most CORE_OFFICE_LOCKOUT_MAX. */
#define CORE_OFFICE_LOCKOUT_FREE 2
#define CORE_OFFICE_LOCKOUT_MAX 900
long core_office_lockout_seconds(unsigned failures);

#endif
