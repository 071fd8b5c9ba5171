/* console_pages.h — what the console's roll, budget, laptops, policy and
 * audit pages share: the store/ writers' translation hook in the
 * request's language, the HTTP status an error means, and a store error
 * shown as the page's failure. */
#ifndef SYNC_COUNTY_CONSOLE_PAGES_H
#define SYNC_COUNTY_CONSOLE_PAGES_H

#include "store/payroll.h"
#include "sync/county/console_int.h"

/* A store_tr_fn in q's language (the roll's files, the chart): set for
 * this thread by console_pages_tr_for, cleared by passing NULL. */
void console_pages_tr_for(const console_req *q);
const char *console_pages_tr(const char *msgid);

/* The HTTP status err means: 400 for bad input or use, 403 not
 * permitted, 409 a conflict of the data (damaged), 500 otherwise. */
unsigned console_pages_status(const ds_error *err);

/* An action's outcome in the office log ("303 issued 2026-11" ...) and,
 * when it failed, the page saying why. */
void console_pages_action_failed(console_req *q, const char *what,
                                 const ds_error *err);
void console_pages_action_done(console_req *q, const char *what,
                               const char *outcome, const char *back);

#endif
