/* console_policy.c — the console's policy versions: every version at the
 * county with the day it takes effect (the one in force today marked),
 * its standards with their dates and sums, and the main rules of each
 * (store_policy_at, as `doorstep policy show` reads them); and, for the
 * admin, a new version from a policy file's text, with the checks of
 * `doorstep-county policy FILE` (store_policy_parse, then
 * store_policy_import), logged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "store/policyjson.h"
#include "sync/county/console_int.h"
#include "sync/county/console_pages.h"
#include "sync/county/console_routes.h"

/* as the command reads a policy file */
#define POLICY_TEXT_MAX (1024 * 1024)

static const char *src(console_req *q, const char *en, const char *zh)
{
	return strcmp(q->lang, "en") && zh && *zh ? zh : en;
}

static void rules(console_req *q, const core_policy *p)
{
	char m[32];
	console_html(q, "<table class=\"rules\">");
	console_html(q, "<tr><th>%s</th><td>%d</td></tr>", _("Months of income averaged"),
	             p->income.window_months);
	console_html(q, "<tr><th>%s</th><td>%s %d%%</td></tr>", _("Deduction for the cost of working"),
	             p->deduction.enabled ? _("on") : _("off"), p->deduction.percent_of_standard);
	console_html(q, "<tr><th>%s</th><td>%s %d</td></tr>", _("Months of earnings not counted after work starts"),
	             p->disregard.enabled ? _("on") : _("off"), p->disregard.months);
	console_money(m, p->imputed.monthly);
	console_html(q, "<tr><th>%s</th><td>%s %s</td></tr>", _("Minimum wage counted for those who refuse work"),
	             p->imputed.enabled ? _("on") : _("off"), m);
	console_html(q, "<tr><th>%s</th><td>%d</td></tr>", _("Financial assets: months of the standard a person"),
	             p->assets.financial_months);
	console_html(q, "<tr><th>%s</th><td>%d%%</td></tr>", _("Early warning at this share of the standard"),
	             p->warning.percent);
	console_html(q, "<tr><th>%s</th><td>%d / %d</td></tr>", _("Re-verification every (months): stable / watched"),
	             p->reverify.stable_months, p->reverify.watch_months);
	console_html(q, "<tr><th>%s</th><td>%d</td></tr>", _("Days for a home visit"),
	             p->investigation.visit_days);
	console_html(q, "<tr><th>%s</th><td>%d / %d</td></tr>", _("Days of public notice / to answer an appeal"),
	             p->casework.notice_days, p->casework.appeal_days);
	console_html(q, "</table>");
}

static void standards(console_req *q, const core_policy *p)
{
	console_html(q, "<table class=\"standards\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
	             _("Region"), _("Name"), _("Standard a person a month"), _("From"), _("To"),
	             _("Source"));
	for (size_t i = 0; i < p->n_standards; i++) {
		const core_standard *st = &p->standards[i];
		char m[32], f[11], t[11] = "";
		console_money(m, st->monthly);
		core_date_format(st->from, f);
		if (st->to != CORE_DATE_NONE)
			core_date_format(st->to, t);
		console_html(q, "<tr><td>%s</td><td>%s</td><td class=\"n\">%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
		             st->prefix, st->name, m, f, t, src(q, st->source, st->source_zh));
	}
	console_html(q, "</table>");
}

void console_page_policy(console_req *q)
{
	core_policy *versions = NULL;
	const core_policy *now = NULL;
	size_t n = 0;
	core_date today;
	char d[11];
	ds_error err;
	ds_status st;
	ds_store *s = console_store_lock(q);
	today = store_today(s);
	st = store_policy_at(s, today, &versions, &n, &now, &err);
	console_store_unlock(q);
	if (st) {
		console_fail_error(q, console_pages_status(&err), &err);
		return;
	}
	console_begin(q, _("Policy versions"));
	if (console_query(q, "done"))
		console_html(q, "<p class=\"note\" id=\"done\">%s</p>",
		             !strcmp(console_query(q, "done"), "already")
		                     ? _("That version is already at the county; nothing changed.")
		                     : _("The policy is imported; every laptop gets it with its next bundle from the county."));
	core_date_format(today, d);
	console_html(q, "<table id=\"versions\"><tr><th></th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
	             _("Version"), _("Title"), _("In force from"), _("Source"));
	for (size_t i = 0; i < n; i++) {
		char e[11];
		core_date_format(versions[i].effective, e);
		console_html(q, "<tr data-version=\"%s\"%r><td>%s</td><td><a href=\"#v%zu\">%s</a></td><td>%s</td><td>%s</td><td>%s</td></tr>",
		             versions[i].version, &versions[i] == now ? " class=\"in-force\"" : "",
		             &versions[i] == now ? _("in force") : "", i, versions[i].version,
		             versions[i].title, e, src(q, versions[i].source, versions[i].source_zh));
	}
	console_html(q, "</table><p class=\"note\">%s %s</p>", _("Today is"), d);
	for (size_t i = n; i-- > 0;) {
		console_html(q, "<h2 id=\"v%zu\">%s %s</h2>", i, _("Version"), versions[i].version);
		standards(q, &versions[i]);
		rules(q, &versions[i]);
	}
	if (core_office_may(q->role, CORE_OFFICE_RIGHT_POLICY_IMPORT)) {
		console_html(q, "<h2>%s</h2><p class=\"note\">%s</p>", _("Import a new version"),
		             _("Paste the policy file (doorstep-policy-1 JSON). It is checked whole, as `doorstep-county policy FILE` checks it, and every laptop gets it with its next bundle."));
		console_form_begin(q, "/policy/import");
		console_html(q, "<label>%s<br><textarea name=\"policy\" rows=\"12\" cols=\"80\" required></textarea></label>"
		                "<button type=\"submit\">%s</button>",
		             _("Policy file"), _("Import"));
		console_form_end(q);
	}
	console_end(q);
	store_policies_free(versions, n);
}

void console_page_policy_import(console_req *q)
{
	const char *text = console_field(q, "policy");
	char version[CORE_POLICY_VERSION_MAX], what[STORE_OFFICE_WHAT_MAX];
	bool already = false;
	core_policy check;
	size_t len;
	ds_error err;
	ds_status st;
	ds_store *s;
	if (!text || !*text) {
		console_fail(q, 400, _("policy: paste the policy file"));
		return;
	}
	len = strlen(text);
	if (len > POLICY_TEXT_MAX) {
		console_fail(q, 400, _("policy: the file is too large"));
		return;
	}
	/* checked whole before the store is touched, as the command does */
	if (store_policy_parse(text, len, "policy", &check, &err)) {
		console_pages_action_failed(q, "policy.import", &err);
		return;
	}
	snprintf(what, sizeof(what), "policy.import %s", check.version);
	core_policy_free(&check);
	s = console_store_lock(q);
	st = store_policy_import(s, text, len, "policy", version, sizeof(version), &already, &err);
	console_store_unlock(q);
	if (st) {
		console_pages_action_failed(q, what, &err);
		return;
	}
	console_pages_action_done(q, what, already ? "already" : "imported",
	                          already ? "/policy?done=already" : "/policy?done=imported");
}
