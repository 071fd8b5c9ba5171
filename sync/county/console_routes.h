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
	X("GET", "/users", false, USERS, console_page_users, N_("Office accounts"))

#define X(method, path, prefix, right, fn, label) void fn(console_req *q);
CONSOLE_ROUTE_LIST(X)
#undef X

#endif
