/* console_dash.c — the console's dashboard: the county's caseload at a
 * glance, each count a link to its list. The figures are those of
 * `doorstep-county report ... --json`: the same store loads
 * (store/report.h) and the same rules (core/report.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/report.h"
#include "store/report.h"
#include "sync/county/console_int.h"
#include "sync/county/console_routes.h"
#include "sync/county/console_words.h"

typedef struct {
	char code[CORE_VILLAGE_LEN + 1];
	char name[CORE_NAME_MAX];
	int64_t households, receiving;
	core_fen amount;
} area_count;

static int area_cmp(const void *a, const void *b)
{
	const area_count *x = a, *y = b;
	if (!x->code[0] != !y->code[0])
		return x->code[0] ? -1 : 1;
	return strcmp(x->code, y->code);
}

void console_page_dashboard(console_req *q)
{
	store_report_household *hh = NULL;
	size_t n = 0, nareas = 0;
	int64_t by_state[CORE_STATE_COUNT] = {0}, receiving = 0;
	core_fen amount = 0, by_state_amount[CORE_STATE_COUNT] = {0};
	area_count *areas = NULL;
	char mtext[8], money[32];
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
	if (n && !(areas = calloc(n, sizeof(*areas)))) {
		free(hh);
		console_fail(q, 500, _("out of memory"));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const store_report_household *h = &hh[i];
		area_count *a = NULL;
		by_state[h->state]++;
		for (size_t k = 0; k < nareas && !a; k++)
			if (!strcmp(areas[k].code, h->township.code))
				a = &areas[k];
		if (!a) {
			a = &areas[nareas++];
			snprintf(a->code, sizeof(a->code), "%s", h->township.code);
			snprintf(a->name, sizeof(a->name), "%s", h->township.name);
		}
		a->households++;
		if (h->paid > 0) {
			receiving++;
			amount += h->paid;
			a->receiving++;
			a->amount += h->paid;
			by_state_amount[h->state] += h->paid;
		}
	}
	free(hh);
	if (nareas)
		qsort(areas, nareas, sizeof(*areas), area_cmp);
	core_month_format(month, mtext);
	console_begin(q, _("Dashboard"));
	console_money(money, amount);
	console_html(q, "<div class=\"cards\">"
	                "<div class=\"card\" id=\"households\"><a href=\"/households\"><span class=\"n\">%zu</span>%s</a></div>"
	                "<div class=\"card\" id=\"receiving\"><a href=\"/households?paid=1\"><span class=\"n\">%lld</span>%s</a></div>"
	                "<div class=\"card\" id=\"amount\"><span class=\"n\">%s</span>%s %s</div>"
	                "</div>",
	             n, _("households"), (long long)receiving, _("paid this month"), money,
	             _("yuan paid in"), mtext);
	console_html(q, "<h2>%s</h2><table id=\"by-status\"><tr><th>%s</th><th>%s</th><th>%s</th></tr>",
	             _("By status"), _("Status"), _("Households"), _("Amount"));
	for (int k = 0; k < CORE_STATE_COUNT; k++) {
		if (!by_state[k])
			continue;
		console_money(money, by_state_amount[k]);
		console_html(q, "<tr data-status=\"%s\"><td>%s</td><td class=\"n\"><a href=\"/households?status=%u\">%lld</a></td><td class=\"n\">%s</td></tr>",
		             core_state_id((core_state)k), console_status_words(q, (core_state)k),
		             core_state_id((core_state)k), (long long)by_state[k], money);
	}
	console_html(q, "</table><h2>%s</h2><table id=\"by-township\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
	             _("By township"), _("Township"), _("Households"), _("Receiving"), _("Amount"));
	for (size_t k = 0; k < nareas; k++) {
		console_money(money, areas[k].amount);
		console_html(q, "<tr data-township=\"%s\"><td>%s</td><td class=\"n\"><a href=\"/households?township=%u\">%lld</a></td><td class=\"n\">%lld</td><td class=\"n\">%s</td></tr>",
		             areas[k].code,
		             areas[k].code[0] ? (areas[k].name[0] ? areas[k].name : areas[k].code)
		                              : _("(not recorded)"),
		             areas[k].code[0] ? areas[k].code : "-", (long long)areas[k].households,
		             (long long)areas[k].receiving, money);
	}
	console_html(q, "</table>");
	free(areas);
	console_end(q);
}
