/* console_dash.c — the console's dashboard: the county's caseload at a
 * glance, each count a link to its list. The figures are those of
 * `doorstep-county report ... --json` (caseload, ending, waiting,
 * laptops) and of `status` and `conflicts`: the same store loads and the
 * same rules (console_caseload.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/report.h"
#include "store/county.h"
#include "store/report.h"
#include "sync/county/console_caseload.h"
#include "sync/county/console_int.h"
#include "sync/county/console_routes.h"
#include "sync/county/console_words.h"

/* Laptops that have not been heard from for this many days are counted. */
#define STALE_DAYS_DEFAULT 7

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

typedef struct {
	int64_t laptops, stale, aside;
} sync_counts;

/* Laptops enrolled and not revoked whose last contact is older than days
 * (or never), and the bundles kept aside. */
static ds_status sync_load(ds_store *s, int days, sync_counts *k, ds_error *err)
{
	store_cdev *devs = NULL;
	store_aside *aside = NULL;
	size_t nd = 0, na = 0;
	struct timespec ts;
	int64_t now;
	ds_status st;
	memset(k, 0, sizeof(*k));
	clock_gettime(CLOCK_REALTIME, &ts);
	now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if ((st = store_cdev_list(s, &devs, &nd, err)) ||
	    (st = store_aside_list(s, &aside, &na, err)))
		goto out;
	k->aside = (int64_t)na;
	for (size_t i = 0; i < nd; i++) {
		int64_t last = 0;
		if (devs[i].revoked_ms)
			continue;
		k->laptops++;
		if ((st = store_report_contact(s, devs[i].device, &last, err)))
			goto out;
		if (!last || now - last > (int64_t)days * 86400000)
			k->stale++;
	}
out:
	free(devs);
	free(aside);
	return st;
}

/* A count, linked to its list when the role may see it. */
static void card(console_req *q, const char *id, int64_t n, const char *words,
                 const char *href)
{
	if (href)
		console_html(q, "<div class=\"card\" id=\"%s\"><a href=\"%s\"><span class=\"n\">%lld</span>%s</a></div>",
		             id, href, (long long)n, words);
	else
		console_html(q, "<div class=\"card\" id=\"%s\"><span class=\"n\">%lld</span>%s</div>",
		             id, (long long)n, words);
}

void console_page_dashboard(console_req *q)
{
	console_caseload c;
	sync_counts sc;
	size_t nareas = 0;
	int64_t by_state[CORE_STATE_COUNT] = {0};
	core_fen amount = 0, by_state_amount[CORE_STATE_COUNT] = {0};
	area_count *areas = NULL;
	char mtext[8], money[32], words[160];
	const char *dtext = console_query(q, "days");
	int days = STALE_DAYS_DEFAULT;
	bool laptops = core_office_may(q->role, CORE_OFFICE_RIGHT_LAPTOPS);
	ds_error err;
	ds_status st;
	ds_store *s;
	if (dtext && core_report_days(dtext, "days", &days, &err)) {
		console_fail_error(q, 400, &err);
		return;
	}
	s = console_store_lock(q);
	st = console_caseload_load(s, &c, &err);
	if (!st && (st = sync_load(s, days, &sc, &err)))
		console_caseload_free(&c);
	console_store_unlock(q);
	if (st) {
		console_fail_error(q, 500, &err);
		return;
	}
	if (c.n && !(areas = calloc(c.n, sizeof(*areas)))) {
		console_caseload_free(&c);
		console_fail(q, 500, _("out of memory"));
		return;
	}
	for (size_t i = 0; i < c.n; i++) {
		const store_report_household *h = &c.hh[i];
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
			amount += h->paid;
			a->receiving++;
			a->amount += h->paid;
			by_state_amount[h->state] += h->paid;
		}
	}
	if (nareas)
		qsort(areas, nareas, sizeof(*areas), area_cmp);
	core_month_format(c.month, mtext);
	console_begin(q, _("Dashboard"));
	console_html(q, "<div class=\"cards\">");
	card(q, "households", c.counts[CONSOLE_LIST_ALL], _("households"), "/households");
	snprintf(words, sizeof(words), _("paid in %s"), mtext);
	card(q, "receiving", c.counts[CONSOLE_LIST_PAID], words, "/households?list=paid");
	console_money(money, amount);
	console_html(q, "<div class=\"card\" id=\"amount\"><span class=\"n\">%s</span>%s</div>",
	             money, _("yuan this month"));
	card(q, "ending", c.counts[CONSOLE_LIST_ENDING], _("withdrawals ending within 30 days"),
	     "/households?list=ending");
	card(q, "review-overdue", c.counts[CONSOLE_LIST_REVIEW_OVERDUE], _("reviews overdue"),
	     "/households?list=review_overdue");
	card(q, "appeal-overdue", c.counts[CONSOLE_LIST_APPEAL_OVERDUE], _("appeals overdue"),
	     "/households?list=appeal_overdue");
	snprintf(words, sizeof(words), _("laptops not heard from for %d days"), days);
	card(q, "laptops-stale", sc.stale, words, laptops ? "/laptops" : NULL);
	card(q, "aside", sc.aside, _("bundles kept aside"), laptops ? "/laptops" : NULL);
	card(q, "conflicts", c.counts[CONSOLE_LIST_CONFLICT],
	     _("changes made at the same time on two laptops"),
	     core_office_may(q->role, CORE_OFFICE_RIGHT_CONFLICTS) ? "/conflicts" : NULL);
	console_html(q, "</div>");
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
	console_caseload_free(&c);
	console_end(q);
}
