/* console_household.c — the console's households: the list (filtered by
 * status, township or paid this month, as the dashboard's counts link to
 * it) and one household's page. ID numbers are masked on every page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/report.h"
#include "store/report.h"
#include "sync/county/console_int.h"
#include "sync/county/console_routes.h"
#include "sync/county/console_words.h"

void console_page_households(console_req *q)
{
	store_report_household *hh = NULL;
	size_t n = 0, shown = 0;
	const char *status = console_query(q, "status"), *town = console_query(q, "township"),
	           *paid = console_query(q, "paid");
	char money[32];
	ds_error err;
	ds_status st;
	ds_store *s = console_store_lock(q);
	core_month month = core_month_of_date(store_today(s));
	st = store_report_households(s, month, &hh, &n, &err);
	console_store_unlock(q);
	if (st) {
		console_fail_error(q, 500, &err);
		return;
	}
	console_begin(q, _("Households"));
	console_html(q, "<table id=\"households\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
	             _("Household"), _("Status"), _("Township"), _("Assistant"), _("Paid this month"));
	for (size_t i = 0; i < n; i++) {
		const store_report_household *h = &hh[i];
		if (status && strcmp(status, core_state_id(h->state)))
			continue;
		if (town && strcmp(town, h->township.code[0] ? h->township.code : "-"))
			continue;
		if (paid && h->paid <= 0)
			continue;
		console_money(money, h->paid);
		console_html(q, "<tr><td><a href=\"/household/%u\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td class=\"n\">%s</td></tr>",
		             h->id, h->id, console_status_words(q, h->state),
		             h->township.name[0] ? h->township.name : h->township.code,
		             h->assistant, money);
		shown++;
	}
	console_html(q, "</table><p class=\"note\" id=\"count\">%zu</p>", shown);
	free(hh);
	console_end(q);
}

void console_page_household(console_req *q)
{
	console_begin(q, _("Household"));
	console_html(q, "<p>%s</p>", q->rest);
	console_end(q);
}
