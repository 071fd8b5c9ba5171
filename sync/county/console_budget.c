/* console_budget.c — the console's budget of a year: the months' outlay
 * (actual months from their payment rolls, the rest projected), the
 * households counted, and the chart as inline SVG — the same figures as
 * `doorstep-county budget --year YYYY` (store_budget_make, taken the same
 * way) and the same chart as its --svg file (budget_svg.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/budget.h"
#include "store/budget.h"
#include "store/payroll.h"
#include "sync/county/budget_svg.h"
#include "sync/county/console_int.h"
#include "sync/county/console_pages.h"
#include "sync/county/console_routes.h"

void console_page_budget(console_req *q)
{
	const char *ys = console_query(q, "year");
	store_roll_total actual[CORE_BUDGET_MONTHS];
	size_t n_actual = 0;
	store_budget b;
	core_date today;
	core_month this_month;
	core_fen total = 0;
	int year = 0, ty, tm, td;
	char *svg = NULL, money[32];
	size_t svg_len = 0;
	FILE *f;
	ds_error err;
	ds_status st;
	ds_store *s;
	if (ys && *ys) {
		char *end;
		long y = strtol(ys, &end, 10);
		if (strlen(ys) != 4 || *end || y < 2000 || y > 2100) {
			console_fail(q, 400, _("year: must be a year from 2000 to 2100, e.g. 2026"));
			return;
		}
		year = (int)y;
	}
	s = console_store_lock(q);
	today = store_today(s); /* as the budget command takes it */
	this_month = core_month_of_date(today);
	core_date_to_ymd(today, &ty, &tm, &td);
	if (!ys || !*ys)
		year = ty;
	memset(actual, 0, sizeof(actual));
	for (int i = 0; i < CORE_BUDGET_MONTHS; i++)
		if (core_month_make(year, i + 1) <= this_month)
			actual[n_actual++].month = core_month_make(year, i + 1);
	st = store_budget_make(s, year, ty >= year ? today : core_date_from_ymd(year, 1, 1),
	                       NULL, actual, n_actual, &b, &err);
	console_store_unlock(q);
	if (st) {
		console_fail_error(q, console_pages_status(&err), &err);
		return;
	}
	console_begin(q, _("Budget"));
	console_html(q, "<form method=\"get\" action=\"/budget\" class=\"inline\"><label>%s "
	                "<input name=\"year\" value=\"%d\" size=\"4\" inputmode=\"numeric\" pattern=\"[0-9]{4}\"></label>"
	                "<button type=\"submit\">%s</button></form>",
	             _("Budget year"), year, _("Show"));
	if (!(f = open_memstream(&svg, &svg_len))) {
		store_budget_free(&b);
		console_fail(q, 500, _("out of memory"));
		return;
	}
	console_pages_tr_for(q);
	county_budget_svg(f, &b.year, year, this_month, console_pages_tr);
	console_pages_tr_for(NULL);
	if (fclose(f)) {
		free(svg);
		store_budget_free(&b);
		console_fail(q, 500, _("out of memory"));
		return;
	}
	/* the chart is the console's own making, its words escaped by it */
	console_html(q, "<div id=\"chart\">%r</div>", svg);
	free(svg);
	console_html(q, "<table id=\"months\"><tr><th>%s</th><th></th><th>%s</th><th>%s</th></tr>",
	             _("Month"), _("Households paid"), _("Amount"));
	for (int i = 0; i < CORE_BUDGET_MONTHS; i++) {
		char m[8];
		bool act = core_month_make(year, i + 1) <= this_month;
		core_month_format(core_month_make(year, i + 1), m);
		console_money(money, b.year.amount[i]);
		total += b.year.amount[i];
		console_html(q, "<tr data-month=\"%s\" class=\"%s\"><td>%s</td><td>%s</td>"
		                "<td class=\"n\">%lld</td><td class=\"n\">%s</td></tr>",
		             m, act ? "actual" : "projected", m, act ? _("actual") : _("projected"),
		             (long long)b.year.households[i], money);
	}
	console_money(money, total);
	console_html(q, "<tr id=\"year-total\"><th>%d</th><th></th><th></th><th class=\"n\">%s</th></tr></table>",
	             year, money);
	console_html(q, "<p class=\"note\">%s: %lld; %s: %lld; %s: %lld; %s: %lld. %s</p>",
	             _("Households read"), (long long)b.households, _("Receiving"),
	             (long long)b.receiving, _("In withdrawal months"), (long long)b.in_transition,
	             _("Suspended"), (long long)b.suspended,
	             _("The assumptions, the standards past their own rule and a what-if under a proposed policy: doorstep-county budget --year YYYY [--policy FILE]."));
	console_end(q);
	store_budget_free(&b);
}
