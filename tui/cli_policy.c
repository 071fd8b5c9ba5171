/* cli_policy.c — policy show and import, assess, and the withdrawal
 * calculator. */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store/assessjson.h"
#include "store/policyjson.h"
#include "store/store.h"
#include "tui/cli.h"
#include "tui/explain.h"
#include "tui/i18n.h"
#include "tui/labels.h"

#define POLICY_FILE_MAX (4 * 1024 * 1024)

static int date_opt(cli *c, const char *name, core_date *out)
{
	const char *v = cli_opt(c, name);
	char opt[48];
	ds_error err;
	if (!v) {
		*out = c->today;
		return 0;
	}
	snprintf(opt, sizeof(opt), "--%s", name);
	if (core_date_parse(v, out, opt, &err))
		return cli_error(&err);
	return 0;
}

static int print_json(json_t *j)
{
	char *text = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(j);
	if (!text)
		return cli_fail(DS_ESYSTEM, "", N_("out of memory"), NULL);
	printf("%s\n", text);
	free(text);
	return 0;
}

/* ---- policy -------------------------------------------------------------- */

/* A source in the reader's language (its twin _zh on a Chinese screen). */
#define SRC(f) explain_source(f, f##_zh)

static void show_rules(const core_policy *p, core_date on, bool project)
{
	char m[CORE_MONEY_BUF], d1[11], d2[11];
	core_date_format(p->effective, d1);
	printf(_("Policy %s, in force from %s\n"), p->version, d1);
	printf("  %s\n", p->title);
	printf(_("  Source: %s\n"), SRC(p->source));
	core_date_format(on, d1);
	printf(_("\nStandards in force on %s (yuan a month for each person):\n"), d1);
	for (size_t i = 0; i < p->n_standards; i++) {
		const core_standard *s = &p->standards[i];
		if (on < s->from || on > s->to)
			continue;
		core_money_format_grouped(s->monthly, m);
		core_date_format(s->from, d1);
		if (s->to == CORE_DATE_NONE)
			snprintf(d2, sizeof(d2), "…");
		else
			core_date_format(s->to, d2);
		printf("  %-7s %10s  %s (%s – %s)\n", s->prefix, m, s->name, d1, d2);
		printf(_("          source: %s\n"), SRC(s->source));
		if (project && s->adjust_permille) {
			core_fen v;
			const core_standard *base;
			int years;
			if (!core_policy_project(p, s->prefix, on, &v, &base, &years,
			                         NULL)) {
				char pct[16];
				core_money_format_grouped(v, m);
				snprintf(pct, sizeof(pct), "%d.%d", s->adjust_permille / 10,
				         s->adjust_permille % 10);
				printf(_("          projection, not a decision: %s after %d years at %s%% a year (%s)\n"),
				       m, years, pct, SRC(s->adjust_source));
			}
		}
	}
	if (p->n_topups) {
		printf("\n%s\n", _("Top-ups (one for each person, the highest that applies):"));
		for (size_t i = 0; i < p->n_topups; i++) {
			core_money_format_grouped(p->topups[i].monthly, m);
			printf("  %-18s %-6s %10s  (%s)\n",
			       label_category(p->topups[i].category),
			       p->topups[i].prefix[0] ? p->topups[i].prefix : "*", m,
			       SRC(p->topups[i].source));
		}
	}
	printf("\n%s\n", _("Incomes counted:"));
	for (int i = 0; i < CORE_INCOME_COUNT; i++)
		if (p->income.counted[i])
			printf("  + %s\n", label_income((core_income_source)i));
	printf("%s\n", _("Incomes not counted:"));
	for (int i = 0; i < CORE_INCOME_COUNT; i++)
		if (!p->income.counted[i])
			printf("  - %s\n", label_income((core_income_source)i));
	printf(_("Income is the monthly average of the %d months before the assessment (%s).\n"),
	       p->income.window_months, SRC(p->income.window_source));
	printf(_("Deduction for the cost of working: %s (%d%% of the standard; %s)\n"),
	       p->deduction.enabled ? _("on") : _("off"),
	       p->deduction.percent_of_standard, SRC(p->deduction.source));
	printf(_("Earnings not counted after work starts: %s (%d months; %s)\n"),
	       p->disregard.enabled ? _("on") : _("off"), p->disregard.months,
	       SRC(p->disregard.source));
	core_money_format_grouped(p->imputed.monthly, m);
	printf(_("Minimum wage counted for those who refuse work: %s (%s, ages %d to %d; %s)\n"),
	       p->imputed.enabled ? _("on") : _("off"), m, p->imputed.age_from,
	       p->imputed.age_to - 1, SRC(p->imputed.source));
	printf(_("Assets: financial assets up to %d months of the standard a person; vehicles %s; %d or more homes reviewed by a person (%s)\n"),
	       p->assets.financial_months,
	       p->assets.vehicle_refuses ? _("refuse unless exempt") : _("allowed"),
	       p->assets.homes_flag_at, SRC(p->assets.source));
	printf("%s", _("Gradual withdrawal:"));
	for (size_t i = 0; i < p->transition.n_bands; i++) {
		if (p->transition.bands[i].up_to_percent)
			printf(_(" %d months up to %d%% of the standard;"),
			       p->transition.bands[i].months,
			       p->transition.bands[i].up_to_percent);
		else
			printf(_(" %d months above that;"), p->transition.bands[i].months);
	}
	printf(_(" %s; a warning %d days before the last month (%s)\n"),
	       explain_taper(p->transition.taper), p->transition.warning_days,
	       SRC(p->transition.source));
	printf(_("Early warning at %d%% of the standard (%s)\n"), p->warning.percent,
	       SRC(p->warning.source));
	printf(_("Re-verification every %d months, every %d when someone can work or income is irregular (%s)\n"),
	       p->reverify.stable_months, p->reverify.watch_months,
	       SRC(p->reverify.source));
	printf(_("A home visit within %d days of an application, a return or a reopening (%s)\n"),
	       p->investigation.visit_days, SRC(p->investigation.source));
	printf(_("Public notice %d days; appeals answered within %d days (%s)\n"),
	       p->casework.notice_days, p->casework.appeal_days,
	       SRC(p->casework.source));
	if (p->crosscheck.electricity || p->crosscheck.water || p->crosscheck.gas)
		printf(_("Utility use flagged above, a person a month: electricity %d kWh, water %d m³, gas %d m³ (0: not checked) (%s)\n"),
		       p->crosscheck.electricity, p->crosscheck.water,
		       p->crosscheck.gas, SRC(p->crosscheck.source));
	else
		printf(_("Utility use is not checked (%s)\n"), SRC(p->crosscheck.source));
}

int cmd_policy_show(cli *c)
{
	ds_store *s = NULL;
	ds_error err;
	core_policy *versions = NULL;
	const core_policy *p;
	size_t n = 0;
	core_date on;
	int rc;
	if ((rc = date_opt(c, "at", &on)))
		return rc;
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_policy_at(s, on, &versions, &n, &p, &err)) {
		store_close(&s);
		return cli_error(&err);
	}
	if (cli_flag(c, "json")) {
		json_t *j = json_object(), *list = json_array();
		char d[11];
		core_date_format(on, d);
		json_object_set_new(j, "at", json_string(d));
		json_object_set_new(j, "version", json_string(p->version));
		for (size_t i = 0; i < p->n_standards; i++) {
			const core_standard *st = &p->standards[i];
			char m[CORE_MONEY_BUF], f[11], t[11];
			if (on < st->from || on > st->to)
				continue;
			core_money_format(st->monthly, m);
			core_date_format(st->from, f);
			core_date_format(st->to == CORE_DATE_NONE ? st->from : st->to, t);
			json_array_append_new(
			        list, json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:s}", "region",
			                        st->prefix, "name", st->name, "monthly", m,
			                        "from", f, "to",
			                        st->to == CORE_DATE_NONE ? json_null()
			                                                 : json_string(t),
			                        "source", st->source, "source_zh",
			                        st->source_zh));
		}
		json_object_set_new(j, "standards", list);
		rc = print_json(j);
	} else {
		show_rules(p, on, cli_flag(c, "project"));
		if (n > 1) {
			printf("\n%s\n", _("Versions in this store:"));
			for (size_t i = 0; i < n; i++) {
				char d[11];
				core_date_format(versions[i].effective, d);
				printf("  %s %s  %s\n", &versions[i] == p ? "*" : " ", d,
				       versions[i].version);
			}
		}
	}
	store_policies_free(versions, n);
	store_close(&s);
	return rc;
}

int cmd_policy_import(cli *c)
{
	ds_store *s = NULL;
	ds_error err;
	core_policy check;
	char *text = NULL, version[CORE_POLICY_VERSION_MAX];
	size_t len = 0;
	bool already = false;
	int rc = 0;
	/* The whole file is checked before the passphrase is even asked. */
	if (store_read_file(c->pos[0], POLICY_FILE_MAX, &text, &len, &err))
		return cli_error(&err);
	if (store_policy_parse(text, len, c->pos[0], &check, &err)) {
		free(text);
		return cli_error(&err);
	}
	core_policy_free(&check);
	if (cli_open(c, &s, &err)) {
		free(text);
		return cli_error(&err);
	}
	if (store_policy_import(s, text, len, c->pos[0], version, sizeof(version),
	                        &already, &err))
		rc = cli_error(&err);
	else if (already)
		printf(_("Policy %s is already in this store; nothing changed.\n"),
		       version);
	else
		printf(_("Imported policy %s.\n"), version);
	free(text);
	store_close(&s);
	return rc;
}

/* ---- assess ---------------------------------------------------------------- */

static void print_summary(const store_household_row *row,
                          const core_assessment *a)
{
	char m[CORE_MONEY_BUF], d[11];
	core_date_format(a->date, d);
	printf(_("Household %s, assessed on %s under policy %s\n"), row->id, d,
	       a->policy_version);
	core_money_format_grouped(a->standard, m);
	printf(ngettext("  Standard: %s yuan a month for each person; %d person\n",
	                "  Standard: %s yuan a month for each person; %d people\n",
	                (unsigned long)a->members),
	       m, a->members);
	core_money_format_grouped(a->counted_income, m);
	printf(_("  Counted income: %s yuan a month"), m);
	core_money_format_grouped(a->per_capita, m);
	printf(_(" (%s a person)\n"), m);
	if (a->classified) {
		printf(_("  Class: %s\n"), label_class(a->cls));
		for (size_t i = 0; i < a->n_covered; i++) {
			size_t k = a->covered[i];
			core_money_format_grouped(a->covered_pay[i], m);
			printf(_("    covered alone: %s, %s yuan a month\n"),
			       k < row->h.n_members ? row->h.members[k].name : "?", m);
		}
	}
	if (a->eligible) {
		core_money_format_grouped(a->allowance, m);
		printf(_("  Eligible: allowance %s yuan a month"), m);
		if (a->topups) {
			core_money_format_grouped(a->topups, m);
			printf(_(", top-ups %s"), m);
		}
		printf("\n");
	} else {
		printf("%s\n", _("  Not eligible:"));
		for (size_t i = 0; i < a->n_reasons; i++)
			printf("    - %s\n", explain_reason(a->reasons[i]));
	}
	if (a->warning) {
		core_money_format_grouped(a->warning_threshold, m);
		printf(_("  Early warning: income per person has reached %d%% of the standard (%s); visit the household\n"),
		       a->warning_percent, m);
	}
	if (a->has_transition) {
		char f[8], l[8];
		core_month_format(a->transition.first, f);
		core_month_format(a->transition.last, l);
		printf(_("  Gradual withdrawal: %d months, %s to %s (%s):\n"),
		       a->transition.months, f, l, explain_taper(a->transition.taper));
		for (int k = 0; k < a->transition.months; k++) {
			char mo[8];
			core_month_format(a->transition.first + k, mo);
			core_money_format_grouped(a->transition.payments[k], m);
			printf("      %s  %10s\n", mo, m);
		}
		core_date_format(a->transition.referral, d);
		printf(_("    then referred to employment assistance and training (%s)\n"),
		       d);
	}
	if (a->returned_from_transition)
		printf("%s\n", _("  Back below the standard: the regular allowance again"));
	for (size_t i = 0; i < a->n_flags; i++)
		printf(_("  To review by a person: %s (%s)\n"),
		       explain_flag(a->flags[i].rule), a->flags[i].detail);
}

typedef struct {
	bool json;
	long done, eligible, warnings, transitions;
	long classes[CORE_CLASS_COUNT]; /* households by class */
} assess_all_ctx;

static ds_status assess_one(const store_household_row *row,
                            const core_assessment *a, ds_status st,
                            const ds_error *err, void *vctx)
{
	assess_all_ctx *x = vctx;
	if (st == DS_EINPUT) {
		/* no standard for this household's region: say so, naming the
		 * household, and go on */
		ds_error e = *err;
		snprintf(e.where, sizeof(e.where), "household %s%s%.*s", row->id,
		         err->where[0] ? ": " : "",
		         (int)(sizeof(e.where) - STORE_ID_BUF - 16), err->where);
		fflush(stdout);
		cli_error(&e);
		return DS_OK;
	}
	x->done++;
	x->eligible += a->eligible;
	x->warnings += a->warning;
	x->transitions += a->has_transition;
	if (a->classified)
		x->classes[a->cls]++;
	if (x->json) {
		json_t *j = explain_json(a);
		char *text;
		json_object_set_new(j, "household", json_string(row->id));
		text = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		if (text)
			printf("%s\n", text);
		free(text);
	}
	return DS_OK;
}

static void assess_damaged(const ds_error *err, void *ctx)
{
	(void)ctx;
	fflush(stdout);
	cli_error(err);
}

int cmd_assess(cli *c)
{
	ds_store *s = NULL;
	ds_error err;
	core_policy *versions = NULL;
	const core_policy *p;
	size_t n = 0;
	core_date on;
	core_assessment *a;
	store_household_row row;
	char id[STORE_ID_BUF];
	bool record = !cli_flag(c, "dry-run"), all = cli_flag(c, "all");
	int rc;

	if ((all && c->npos) || (!all && c->npos != 1))
		return cli_fail(DS_EUSAGE, "",
		                N_("give one household ID, or --all"), NULL);
	if ((rc = date_opt(c, "at", &on)))
		return rc;
	if (!(a = malloc(sizeof(*a))))
		return cli_fail(DS_ESYSTEM, "", N_("out of memory"), NULL);
	if (cli_open(c, &s, &err)) {
		free(a);
		return cli_error(&err);
	}
	if (store_policy_at(s, on, &versions, &n, &p, &err)) {
		rc = cli_error(&err);
		goto out;
	}
	if (all) {
		assess_all_ctx x = {cli_flag(c, "json"), 0, 0, 0, 0, {0}};
		ds_status st = store_assess_all(s, p, on, record, a, assess_one,
		                                assess_damaged, &x, &err);
		if (st)
			rc = cli_error(&err);
		if (!x.json)
			printf(_("Assessed %ld households: %ld eligible, %ld early warnings, %ld in gradual withdrawal%s.\n"),
			       x.done, x.eligible, x.warnings, x.transitions,
			       record ? "" : _(" (not recorded)"));
		if (!x.json)
			for (int k = 0; k < CORE_CLASS_COUNT; k++)
				if (x.classes[k])
					printf(_("  %s: %ld\n"),
					       label_class(k), x.classes[k]);
		goto out;
	}
	if (store_household_resolve(s, c->pos[0], id, &err) ||
	    store_household_get(s, id, &row, &err)) {
		rc = cli_error(&err);
		goto out;
	}
	if (store_assess_row(s, &row, p, on, record, a, &err)) {
		rc = cli_error(&err);
		store_row_free(&row);
		goto out;
	}
	if (cli_flag(c, "json")) {
		json_t *j = explain_json(a);
		json_object_set_new(j, "household", json_string(row.id));
		json_object_set_new(j, "recorded", json_boolean(record));
		rc = print_json(j);
	} else {
		print_summary(&row, a);
		if (cli_flag(c, "explain")) {
			printf("\n");
			explain_print(stdout, a);
		}
		if (!record)
			printf("%s\n", _("(a trial: nothing was recorded)"));
	}
	store_row_free(&row);
out:
	store_policies_free(versions, n);
	store_close(&s);
	free(a);
	return rc;
}

/* ---- the withdrawal calculator ------------------------------------------- */

static int money_opt(cli *c, const char *name, core_fen *out)
{
	const char *v = cli_opt(c, name);
	char opt[48];
	ds_error err;
	snprintf(opt, sizeof(opt), "--%s", name);
	if (!v)
		return cli_fail(DS_EUSAGE, opt, N_("is needed"), NULL);
	if (core_money_parse(v, false, out, opt, &err))
		return cli_error(&err);
	return 0;
}

/* The rules the calculator uses, the ones `assess` would use on the same
 * date: --policy FILE; else the store's version in force on the date,
 * when there is a store here (it must open: a store whose policy cannot
 * be read is not silently replaced by the built-in one); else the
 * built-in policy. *p points into own or *versions; free both. */
static int transition_policy(cli *c, core_date on, core_policy *own,
                             bool *own_set, core_policy **versions,
                             size_t *nv, const core_policy **p)
{
	const char *file = cli_opt(c, "policy");
	ds_store *s = NULL;
	ds_error err;
	char *text = NULL;
	size_t len = 0;
	*own_set = false;
	*versions = NULL;
	*nv = 0;
	if (file) {
		ds_status st = store_read_file(file, POLICY_FILE_MAX, &text, &len,
		                               &err);
		if (!st)
			st = store_policy_parse(text, len, file, own, &err);
		free(text);
		if (st)
			return cli_error(&err);
		if (own->effective > on) {
			char d[11];
			core_date_format(own->effective, d);
			core_policy_free(own);
			return cli_fail(DS_EINPUT, file,
			                N_("this policy is not in force on the date: it takes effect on %s"),
			                d);
		}
		*own_set = true;
		*p = own;
		return 0;
	}
	if (store_exists(c->store_dir)) {
		ds_status st = cli_open(c, &s, &err);
		if (!st)
			st = store_policy_at(s, on, versions, nv, p, &err);
		store_close(&s);
		return st ? cli_error(&err) : 0;
	}
	if (store_policy_parse((const char *)store_policy_default,
	                       store_policy_default_len, "built-in", own, &err))
		return cli_error(&err);
	*own_set = true;
	*p = own;
	return 0;
}

int cmd_transition(cli *c)
{
	core_policy own, *versions = NULL;
	const core_policy *p;
	core_transition t;
	core_fen a0, pc, std;
	core_date on;
	core_month start;
	core_taper taper;
	ds_error err;
	const char *v;
	size_t nv = 0;
	bool own_set = false;
	int rc;

	if ((rc = money_opt(c, "allowance", &a0)) ||
	    (rc = money_opt(c, "per-capita-income", &pc)) ||
	    (rc = money_opt(c, "standard", &std)))
		return rc;
	if (std <= 0)
		return cli_fail(DS_EINPUT, "--standard", N_("must be above zero"), NULL);
	/* A0 of zero: nothing is received, so there is nothing to withdraw. */
	if (a0 <= 0)
		return cli_fail(DS_EINPUT, "--allowance", N_("must be above zero"), NULL);
	if ((rc = date_opt(c, "at", &on)))
		return rc;
	/* as `assess` on that date: the schedule starts the month after */
	start = core_month_of_date(on) + 1;
	if ((v = cli_opt(c, "start")) &&
	    core_month_parse(v, &start, "--start", &err))
		return cli_error(&err);
	if ((v = cli_opt(c, "taper")) && core_taper_lookup(v) < 0)
		return cli_fail(DS_EUSAGE, "--taper",
		                N_("the taper is linear or hold"), NULL);
	/* Below S the household is eligible on income: no withdrawal. At
	 * exactly S it is not, and withdraws (core_assess's rule). */
	if (pc < std) {
		char m[CORE_MONEY_BUF];
		core_money_format_grouped(std, m);
		return cli_fail(DS_EINPUT, "--per-capita-income",
		                N_("is below the standard %s: there is no withdrawal, the allowance goes on"),
		                m);
	}
	/* The bands, the taper and the warning come from the policy. */
	if ((rc = transition_policy(c, on, &own, &own_set, &versions, &nv, &p)))
		return rc;
	taper = v ? (core_taper)core_taper_lookup(v) : p->transition.taper;
	core_transition_plan(p, a0, std, pc, 1, start, taper, &t);
	if (cli_flag(c, "json")) {
		rc = print_json(store_transition_to_json(&t));
	} else {
		char f[8], l[8], d[11], m[CORE_MONEY_BUF];
		core_month_format(t.first, f);
		core_month_format(t.last, l);
		printf(_("Gradual withdrawal over %d months, %s to %s (%s):\n"),
		       t.months, f, l, explain_taper(t.taper));
		for (int k = 0; k < t.months; k++) {
			char mo[8];
			core_month_format(t.first + k, mo);
			core_money_format_grouped(t.payments[k], m);
			printf("  %s  %10s\n", mo, m);
		}
		core_date_format(t.warning, d);
		printf(_("Warning to the household on %s; "), d);
		core_date_format(t.referral, d);
		printf(_("referral to employment assistance and training on %s.\n"), d);
		printf(_("Bands, taper and warning from policy %s.\n"), p->version);
	}
	if (own_set)
		core_policy_free(&own);
	store_policies_free(versions, nv);
	return rc;
}
