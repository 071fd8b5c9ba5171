/* scr_household.c — one household's file: its township, village and payee
 * (the account masked but for its last four), members (ID numbers masked but
 * for the last four unless asked) with the facts at the door (disability,
 * illness, self-care, left out of the count), incomes by the month, the
 * year or month by month, supporters and rigid spending, assets, the
 * visits (who came, who was there, consent, notes, what changed),
 * cross-check flags with their evidence, the latest assessment with its
 * derivation, the withdrawal schedule, the reasons given on the case,
 * appeals, and the timeline of events. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>

#include "core/payee.h"
#include "store/assessjson.h"
#include "store/casework.h"
#include "store/county.h"
#include "store/crosscheck.h"
#include "tui/cli.h"
#include "tui/evidence.h"
#include "tui/explain.h"
#include "tui/facts.h"
#include "tui/i18n.h"
#include "tui/labels.h"
#include "tui/scr_text.h"
#include "tui/text.h"
#include "tui/wipe.h"

typedef struct {
	char id[STORE_ID_BUF];
	bool reveal;
	char appeal_reason[CORE_CASE_REASON_MAX]; /* while a late one is asked */
} hh_ctx;

/* "石牌街道 440106010", or whichever of the two is known. */
static void area_text(const core_area *a, char *out, size_t len)
{
	snprintf(out, len, "%s%s%s", a->name, a->name[0] && a->code[0] ? " " : "",
	         a->code);
}

typedef struct {
	text_page *t;
	size_t n;
} flag_lines;

/* A flag in words: what it is about, then its evidence in a sentence. */
static ds_status flag_line(int64_t seq, const char *household, json_t *flag,
                           void *ctx)
{
	flag_lines *fl = ctx;
	char summary[1024];
	(void)seq;
	(void)household;
	cli_crosscheck_summary(flag, summary, sizeof(summary));
	/* L10N: a cross-check flag on a household's page: what it is about,
	 * then its evidence in a sentence */
	text_add(fl->t, _("  %s: %s"),
	         explain_flag(json_string_value(json_object_get(flag, "rule"))),
	         summary);
	fl->n++;
	return DS_OK;
}

/* A line of the facts at the door (tui/facts.c), on the page. */
static void page_line(void *ctx, int indent, const char *line)
{
	text_add(ctx, "%*s%s", indent, "", line);
}

static void build(ui *u, text_page *t)
{
	hh_ctx *x = t->ctx;
	store_household_row row;
	store_case k;
	json_t *last = NULL;
	core_assessment *a;
	store_timeline_item *tl = NULL;
	size_t ntl = 0;
	ds_error err;
	char m[CORE_MONEY_BUF], d[11];

	text_clear(t);
	if (store_household_get(u->store, x->id, &row, &err)) {
		ui_error(u, &err);
		text_add(t, "%s", _("This household cannot be read."));
		return;
	}
	snprintf(t->title, sizeof(t->title), _("Household %s — %s"),
	         row.h.n_members ? row.h.members[core_household_head(&row.h)].name
	                         : "",
	         x->id);
	{
		char name[256];
		if (*label_region(row.h.region, name, sizeof(name)))
			text_add(t, _("Address: %s (%s, region code %s)"), row.h.address,
			         name, row.h.region);
		else
			text_add(t, _("Address: %s (region %s)"), row.h.address,
			         row.h.region);
	}
	if (row.h.township.code[0] || row.h.township.name[0] ||
	    row.h.village.code[0] || row.h.village.name[0]) {
		char tw[CORE_NAME_MAX + 16], vl[CORE_NAME_MAX + 16];
		area_text(&row.h.township, tw, sizeof(tw));
		area_text(&row.h.village, vl, sizeof(vl));
		text_add(t, _("Township: %s; village or community: %s"), tw, vl);
	}
	if (row.h.payee.account[0]) {
		/* masked here as everywhere but the payment roll */
		char acct[CORE_ACCOUNT_MASK_BUF];
		core_account_mask(row.h.payee.account, acct, sizeof(acct));
		text_add(t, _("Paid to %s, %s, account %s"), row.h.payee.name,
		         row.h.payee.bank, acct);
		if (core_payee_account_doubtful(&row.h.payee))
			text_add(t, "  %s", _("the account's check digit does not match: check it against the bank book"));
	} else {
		text_add(t, "%s", _("Paid to: not recorded (the payment roll will say the account is missing)"));
	}
	{
		char to[STORE_USER_MAX];
		bool handed = false;
		if (!store_assignee(u->store, x->id, to, &handed, &err) && handed &&
		    strcmp(to, store_user(u->store)))
			text_add(t, _("The county has handed this household to %s; it is no longer in your caseload."),
			         to);
	}
	if (!store_case_get(u->store, x->id, &k, &err)) {
		text_add(t, _("Case: %s"), label_status(core_state_id(k.c.state)));
		char lines[2][256];
		size_t nl = explain_decision_dates(&k.c, lines);
		for (size_t i = 0; i < nl; i++)
			text_add(t, "%s", lines[i]);
	} else {
		memset(&k, 0, sizeof(k));
	}
	{
		/* in its withdrawal months: what this month pays, not the
		 * allowance it steps down from */
		core_fen paid;
		int tk = 0, tn = 0;
		if (store_paid_in(u->store, &row, k.c.state,
		                  core_month_of_date(store_today(u->store)), &paid,
		                  &tk, &tn, &err))
			ui_error(u, &err);
		if (tn) {
			char m0[CORE_MONEY_BUF];
			core_money_format_grouped(paid, m);
			core_money_format_grouped(row.h.allowance, m0);
			text_add(t, _("Gradual withdrawal, month %d of %d: %s this month (down from %s)"),
			         tk, tn, m, m0);
		} else if (row.h.receiving) {
			char since[8];
			core_money_format_grouped(row.h.allowance, m);
			core_month_format(row.h.since, since);
			text_add(t, _("Receiving %s a month since %s"), m, since);
		}
	}

	text_add(t, "\1%s", _("Members"));
	for (size_t i = 0; i < row.h.n_members; i++) {
		const core_member *mb = &row.h.members[i];
		char idn[32], name[96], cats[256] = "";
		size_t o = 0;
		if (x->reveal)
			snprintf(idn, sizeof(idn), "%s", mb->id_number);
		else
			text_mask_id(idn, sizeof(idn), mb->id_number);
		text_fit(name, sizeof(name), mb->name, 8, true);
		unsigned mc = core_member_categories(mb, u->today);
		for (int c = 0; c < CORE_CAT_COUNT; c++)
			if (mc & (1u << c))
				o += (size_t)snprintf(cats + o, sizeof(cats) - o, "%s%s",
				                      o ? ", " : "",
				                      label_category((core_category)c));
		text_add(t, "  %s %s  %s  %s%s%s", name, idn,
		         label_relation(mb->relation),
		         mb->able_to_work ? _("able to work") : _("not able to work"),
		         o ? "; " : "", cats);
		facts_member(mb, 6, page_line, t);
		for (size_t j = 0; j < mb->n_incomes; j++)
			facts_income(&row.h, mb, &mb->incomes[j], 6, page_line, t);
	}
	facts_household(&row.h, 2, page_line, t);
	text_add(t, "\1%s", _("Assets"));
	core_money_format_grouped(row.h.financial, m);
	text_add(t, _("  Savings and other financial assets: %s"), m);
	text_add(t, _("  Homes: %d"), row.h.homes);
	for (size_t i = 0; i < row.h.n_vehicles; i++)
		text_add(t, _("  Vehicle: %s%s"), row.h.vehicles[i].description,
		         row.h.vehicles[i].exempt ? _(" (exempt: needed for treatment or a livelihood)")
		                                  : "");

	text_add(t, "\1%s", _("Visits"));
	{
		store_visit_item *vs = NULL;
		size_t nv = 0;
		if (store_visits(u->store, x->id, &vs, &nv, &err))
			ui_error(u, &err);
		if (!nv)
			text_add(t, "  %s", _("no visit recorded yet"));
		for (size_t i = 0; i < nv; i++)
			evidence_visit(t, &vs[i], 2, true);
		store_visits_free(&vs, nv);
	}

	text_add(t, "\1%s", _("Cross-check flags"));
	{
		flag_lines fl = {t, 0};
		if (store_crosscheck_each_of(u->store, x->id, flag_line, &fl, &err))
			ui_error(u, &err);
		if (!fl.n)
			text_add(t, "  %s", _("none"));
	}

	text_add(t, "\1%s", _("Latest assessment"));
	a = malloc(sizeof(*a));
	if (a && !store_last_assessment(u->store, x->id, &last, &err) && last &&
	    !store_assessment_from_json(u->store, last, a, &err)) {
		char line[2048];
		int num = 0;
		core_date_format(a->date, d);
		if (a->classified)
			/* L10N: date, policy, eligible or not, the class */
			text_add(t, _("  %s, policy %s: %s; %s"), d, a->policy_version,
			         a->eligible ? _("eligible") : _("not eligible"),
			         label_class(a->cls));
		else
			text_add(t, _("  %s, policy %s: %s"), d, a->policy_version,
			         a->eligible ? _("eligible") : _("not eligible"));
		for (size_t i = 0; i < a->n_steps; i++) {
			explain_step(a, &a->steps[i], line, sizeof(line));
			if (a->steps[i].code == CORE_STEP_TRANSITION_MONTH)
				text_add(t, "        %s", line);
			else
				text_add(t, "  %2d. %s", ++num, line);
		}
		if (a->has_transition) {
			text_add(t, "\1%s", _("Withdrawal schedule"));
			for (int i = 0; i < a->transition.months; i++) {
				char mo[8];
				core_month_format(a->transition.first + i, mo);
				core_money_format_grouped(a->transition.payments[i], m);
				text_add(t, "  %s  %10s", mo, m);
			}
		}
	} else {
		text_add(t, "  %s", _("not assessed yet"));
	}
	json_decref(last);
	wipe_free(a); /* its text arena holds names */

	text_add(t, "\1%s", _("Reasons given on the case"));
	{
		store_reason *rs = NULL;
		size_t nr = 0;
		if (store_reasons(u->store, x->id, &rs, &nr, &err))
			ui_error(u, &err);
		if (!nr)
			text_add(t, "  %s", _("none given yet"));
		for (size_t i = 0; i < nr; i++)
			evidence_reason(t, &rs[i], 2);
		store_reasons_free(&rs, nr);
	}

	text_add(t, "\1%s", _("Appeals"));
	if (k.c.appeal_open) {
		core_date_format(k.c.appeal_deadline, d);
		text_add(t, _("  open; answer by %s%s; reviewer: %s"), d,
		         k.c.appeal_deadline < u->today ? _("  OVERDUE") : "",
		         k.c.appeal_reviewer[0] ? k.c.appeal_reviewer : _("not assigned"));
		if (k.c.appeal_late)
			text_add(t, _("  received late; accepted because: %s"),
			         k.c.appeal_late_reason);
	} else {
		text_add(t, "  %s", _("none open"));
	}

	/* changes made at the same time on two laptops, for a person to check */
	{
		store_conflict *cl = NULL;
		size_t nc = 0;
		if (!store_conflicts(u->store, x->id, &cl, &nc, &err) && nc) {
			text_add(t, "\1%s", _("Changed on two laptops at the same time"));
			for (size_t i = 0; i < nc; i++) {
				char f[128];
				text_name_list(f, sizeof(f), cl[i].fields);
				text_add(t, _("  %s: %s's later change is kept; %s's is set aside: check with the household"),
				         f, cl[i].winner_author, cl[i].loser_author);
			}
		}
		free(cl);
	}

	text_add(t, "\1%s", _("Timeline"));
	if (!store_timeline(u->store, x->id, &tl, &ntl, &err)) {
		for (size_t i = 0; i < ntl; i++)
			text_add(t, "  %s  %-8s %s", tl[i].when, tl[i].author,
			         evidence_event_words(tl[i].kind));
		free(tl);
	}
	wipe_household(&row.h);
}

/* Files the appeal with the household's reason (and, when it came after
 * the time to appeal, why it is accepted). */
static ds_status file_appeal(ui *u, hh_ctx *x, const char *late, ds_error *err)
{
	core_step_args args;
	core_state next;
	core_step_args_init(&args);
	args.reason = x->appeal_reason;
	args.late_reason = late;
	return store_case_act(u->store, x->id, CORE_ACTION_APPEAL_FILE, &args,
	                      &next, err);
}

static void filed(ui *u, hh_ctx *x, bool late)
{
	sodium_memzero(x->appeal_reason, sizeof(x->appeal_reason));
	ui_message(u, false, "%s",
	           late ? _("The appeal is filed, marked as received late with the reason; it is in the appeals list.")
	                : _("The appeal is filed; it is in the appeals list."));
	ui_reload(u);
}

/* The answer to "why is it accepted late?". */
static bool accepted_late(ui *u, void *ctx, const char *why)
{
	hh_ctx *x = ctx;
	ds_error err;
	if (!why) {
		sodium_memzero(x->appeal_reason, sizeof(x->appeal_reason));
		ui_message(u, false, "%s", _("Put away: no appeal was filed."));
		return true;
	}
	if (file_appeal(u, x, why, &err)) {
		ui_error(u, &err);
		return false;
	}
	filed(u, x, true);
	return true;
}

/* The household disagrees with the decision: the appeal is filed today,
 * with the reason they give; after the time to appeal, the reason it is
 * accepted is asked next. */
static bool appealed(ui *u, void *ctx, const char *reason)
{
	hh_ctx *x = ctx;
	ds_error err;
	if (!reason) {
		ui_message(u, false, "%s", _("Put away: no appeal was filed."));
		return true;
	}
	snprintf(x->appeal_reason, sizeof(x->appeal_reason), "%s", reason);
	if (file_appeal(u, x, NULL, &err)) {
		if (!strcmp(err.where, "late_reason")) {
			ui_prompt(u, _("Why is it accepted late? "), accepted_late, x);
			ui_prompt_error(u, &err); /* when the time ended */
			return true;
		}
		sodium_memzero(x->appeal_reason, sizeof(x->appeal_reason));
		ui_error(u, &err);
		return false;
	}
	filed(u, x, false);
	return true;
}

static void assess_now(ui *u, text_page *t);

static unsigned page_key(ui *u, text_page *t, ui_action a)
{
	hh_ctx *x = t->ctx;
	if (a == UI_APPEAL) {
		ds_error err;
		if (store_case_may(u->store, x->id, CORE_ACTION_APPEAL_FILE, &err))
			ui_error(u, &err);
		else
			ui_prompt(u, _("Why does the household disagree?"), appealed, x);
		return UI_DIRTY_ALL;
	}
	if (a == UI_VISIT) {
		ui_push(u, scr_visit_new(u, x->id));
		return UI_DIRTY_ALL;
	}
	if (a == UI_ASSESS) {
		assess_now(u, t);
		return UI_DIRTY_ALL;
	}
	if (a == UI_RELIEF_FILE) {
		ui_push(u, scr_relief_file_new(u, x->id));
		return UI_DIRTY_ALL;
	}
	if (a == UI_NOTICE) {
		ui_push(u, scr_notice_new(u, x->id)); /* NULL: none yet, said why */
		return UI_DIRTY_ALL;
	}
	if (a == UI_SHOW_ID) {
		x->reveal = !x->reveal;
		build(u, t);
		return UI_DIRTY_ALL;
	}
	return UI_DIRTY_NONE;
}

static void done(text_page *t)
{
	free(t->ctx);
}

screen *scr_household_new(ui *u, const char *id)
{
	text_page *t = calloc(1, sizeof(*t));
	hh_ctx *x = calloc(1, sizeof(*x));
	if (!t || !x) {
		free(t);
		free(x);
		return NULL;
	}
	snprintf(x->id, sizeof(x->id), "%s", id);
	t->ctx = x;
	t->key = page_key;
	t->done = done;
	t->rebuild = build;
	t->generation = u->generation;
	build(u, t);
	return text_screen("household", t);
}

/* ---- assessing from the household's file ---------------------------------- */

/* Assesses the household today under the policy in force and records it,
 * as `doorstep assess ID` does; the caseload is read again (its warnings
 * and due dates follow the assessment), the file is built again and shows
 * its latest assessment, the derivation step by step. */
static void assess_now(ui *u, text_page *t)
{
	hh_ctx *x = t->ctx;
	core_policy *versions = NULL;
	const core_policy *p;
	size_t nv = 0;
	store_household_row row;
	core_assessment *a = malloc(sizeof(*a));
	ds_error err;
	char m[CORE_MONEY_BUF];
	const char *heading = _("Latest assessment");
	if (!a) {
		ui_message(u, true, "%s", _("out of memory"));
		return;
	}
	if (store_policy_at(u->store, u->today, &versions, &nv, &p, &err) ||
	    store_household_get(u->store, x->id, &row, &err)) {
		ui_error(u, &err);
		goto out;
	}
	if (store_assess_row(u->store, &row, p, u->today, true, a, &err)) {
		ui_error(u, &err);
		wipe_household(&row.h);
		store_row_free(&row);
		goto out;
	}
	wipe_household(&row.h);
	store_row_free(&row);
	if (a->classified && a->cls != CORE_CLASS_DIBAO) {
		core_money_format_grouped(a->payment, m);
		/* L10N: the policy, the class in words, the payment */
		ui_message(u, false, _("Assessed under policy %s: %s, %s yuan a month. The derivation is below."),
		           a->policy_version, label_class(a->cls), m);
	} else if (a->eligible) {
		core_money_format_grouped(a->allowance, m);
		ui_message(u, false, _("Assessed under policy %s: eligible, %s yuan a month. The derivation is below."),
		           a->policy_version, m);
	} else {
		ui_message(u, false, _("Assessed under policy %s: not eligible. The derivation is below."),
		           a->policy_version);
	}
	ui_reload(u);
	t->generation = u->generation;
	build(u, t);
	for (size_t i = 0; i < t->n; i++)
		if (t->lines[i][0] == '\1' && !strcmp(t->lines[i] + 1, heading))
			t->top = i;
out:
	store_policies_free(versions, nv);
	wipe_free(a); /* its text arena holds names */
}
