/* console_routes.h — the console's pages and actions: ONE list of
 * X(method, path, prefix, RIGHT, handler, menu label). RIGHT names the
 * line of CORE_OFFICE_RIGHT_LIST (core/office.h) that says who may; a
 * prefix route matches "path/..." (the tail in q->rest); a menu label
 * (N_() marked, or NULL) puts the page in the menu of those who may see
 * it, in this order. /login and /logout are the framework's own
 * (console.c). To add a page: a line here, a line in core/office.h, a
 * handler in a file of its own (console_int.h says how). */
#ifndef SYNC_COUNTY_CONSOLE_ROUTES_H
#define SYNC_COUNTY_CONSOLE_ROUTES_H

#include "sync/county/console_int.h"

#define CONSOLE_ROUTE_LIST(X)                                                         \
	X("GET", "/", false, DASHBOARD, console_page_dashboard, N_("Dashboard"))      \
	X("GET", "/households", false, HOUSEHOLDS, console_page_households,          \
	  N_("Household list"))                                                           \
	X("GET", "/household/", true, HOUSEHOLD, console_page_household, NULL)         \
	X("POST", "/reassign", false, HOUSEHOLD_REASSIGN, console_action_reassign, NULL) \
	X("GET", "/conflicts", false, CONFLICTS, console_page_conflicts, NULL)        \
	X("GET", "/users", false, USERS, console_page_users, N_("Office accounts"))   \
	X("POST", "/users/add", false, USER_ADD, console_action_user_add, NULL)       \
	X("POST", "/users/passwd", false, USER_PASSWD, console_action_user_passwd, NULL) \
	X("POST", "/users/disable", false, USER_DISABLE, console_action_user_disable, NULL) \
	X("GET", "/roll", false, ROLL, console_page_roll, N_("Payment roll"))         \
	X("GET", "/roll/file", false, ROLL_FILE, console_page_roll_file, NULL)       \
	X("POST", "/roll/issue", false, ROLL_ISSUE, console_page_roll_issue, NULL)   \
	X("GET", "/relief", false, RELIEF, console_page_relief, N_("Temporary assistance")) \
	X("POST", "/relief/decide", false, RELIEF_DECIDE, console_action_relief_decide, NULL) \
	X("GET", "/budget", false, BUDGET, console_page_budget, N_("Budget"))         \
	X("GET", "/laptops", false, LAPTOPS, console_page_laptops, N_("Laptops"))     \
	X("POST", "/laptops/enrol", false, LAPTOP_ENROL, console_page_laptop_enrol, NULL) \
	X("POST", "/laptops/revoke", false, LAPTOP_REVOKE, console_page_laptop_revoke, NULL) \
	X("POST", "/laptops/reassign", false, HOUSEHOLD_REASSIGN, console_page_reassign, NULL) \
	X("GET", "/policy", false, POLICY, console_page_policy, N_("Policy versions")) \
	X("POST", "/policy/import", false, POLICY_IMPORT, console_page_policy_import, NULL) \
	X("GET", "/audit", false, AUDIT, console_page_audit, N_("Audit log"))

#define X(method, path, prefix, right, fn, label) void fn(console_req *q);
CONSOLE_ROUTE_LIST(X)
#undef X

#endif
