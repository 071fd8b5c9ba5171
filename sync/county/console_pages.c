/* console_pages.c — what the console's roll, budget, laptops, policy and
 * audit pages share (console_pages.h). */
#include <stdio.h>
#include <string.h>

#include "sync/county/console_pages.h"

static _Thread_local const console_catalog *page_cat;

void console_pages_tr_for(const console_req *q)
{
	page_cat = q ? q->cat : NULL;
}

const char *console_pages_tr(const char *msgid)
{
	return page_cat ? console_catalog_get(page_cat, msgid) : msgid;
}

unsigned console_pages_status(const ds_error *err)
{
	switch (err->status) {
	case DS_EINPUT:
	case DS_EUSAGE:
		return 400;
	case DS_EPERM:
		return 403;
	case DS_EDAMAGED:
		return 409;
	default:
		return 500;
	}
}

void console_pages_action_failed(console_req *q, const char *what,
                                 const ds_error *err)
{
	char outcome[STORE_OFFICE_OUTCOME_MAX];
	unsigned code = console_pages_status(err);
	snprintf(outcome, sizeof(outcome), "%u failed", code);
	console_log(q, "action", what, outcome);
	q->logged_action = true;
	console_fail_error(q, code, err);
}

void console_pages_action_done(console_req *q, const char *what,
                               const char *outcome, const char *back)
{
	char o[STORE_OFFICE_OUTCOME_MAX];
	snprintf(o, sizeof(o), "303 %s", outcome);
	console_log(q, "action", what, o);
	q->logged_action = true;
	console_redirect(q, back);
}
