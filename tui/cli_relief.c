/* cli_relief.c — temporary assistance (临时救助) from the command line:
 * filing a relief case for a household, the list of cases by deadline,
 * one case with its derivation, and its steps (propose, approve, refuse,
 * pay first). The rules are core/relief.c's; the store keeps the cases. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/relief.h"
#include "store/relief.h"
#include "tui/cli.h"
#include "tui/i18n.h"
#include "tui/text.h"

/* ---- words -------------------------------------------------------------------- */

static const struct {
	core_relief_state state;
	const char *words;
} state_words[] = {
	{CORE_RELIEF_FILED, N_("being investigated")},
	{CORE_RELIEF_PROPOSED, N_("proposed, for a second person to decide")},
	{CORE_RELIEF_AT_COUNTY, N_("above the township's limit: with the county")},
	{CORE_RELIEF_APPROVED, N_("approved")},
	{CORE_RELIEF_REFUSED, N_("refused")},
};

static const char *state_text(core_relief_state s)
{
	for (size_t i = 0; i < sizeof(state_words) / sizeof(state_words[0]); i++)
		if (state_words[i].state == s)
			return _(state_words[i].words);
	return core_relief_state_id(s);
}

/* A derivation line in words. */
static void line_text(const core_relief_line *l, char *out, size_t len)
{
	const char *v[CORE_RELIEF_FIGURES] = {"", "", "", ""};
	for (int k = 0; k < l->n && k < CORE_RELIEF_FIGURES; k++)
		v[k] = l->fig[k].value;
	switch (l->code) {
	case CORE_RELIEF_LINE_CAUSE: {
		int c = core_relief_cause_lookup(v[0]);
		snprintf(out, len, _("Cause: %s"),
		         c >= 0 ? _(core_relief_cause_words((core_relief_cause)c)) : v[0]);
		break;
	}
	case CORE_RELIEF_LINE_STANDARD:
		snprintf(out, len, _("Standard S: %s yuan a month"), v[0]);
		break;
	case CORE_RELIEF_LINE_GUIDANCE:
		snprintf(out, len,
		         !strcmp(v[1], "yes") ? _("Guidance: %s × S for each of %s people = %s yuan")
		                              : _("Guidance: %s × S for the household = %s yuan"),
		         v[0], !strcmp(v[1], "yes") ? v[2] : v[3], v[3]);
		break;
	case CORE_RELIEF_LINE_PROPOSED:
		snprintf(out, len, _("Proposed: %s yuan"), v[0]);
		break;
	case CORE_RELIEF_LINE_TOWNSHIP:
		snprintf(out, len,
		         !strcmp(v[2], "yes") ? _("Within the township's limit of %s × S = %s yuan: the township decides")
		                              : _("Above the township's limit of %s × S = %s yuan"),
		         v[0], v[1]);
		break;
	case CORE_RELIEF_LINE_COUNTY:
		snprintf(out, len, _("Within the county's limit of %s × S = %s yuan: the county decides"),
		         v[0], v[1]);
		break;
	case CORE_RELIEF_LINE_PAY_FIRST:
		snprintf(out, len, _("Paid first within its limit of %s × S = %s yuan"), v[0], v[1]);
		break;
	case CORE_RELIEF_LINE_YEAR:
		snprintf(out, len,
		         _("Relief in 12 months: %s yuan before, %s with this; the cap for the supervisor's notice is %s × S = %s yuan"),
		         v[2], v[3], v[0], v[1]);
		break;
	case CORE_RELIEF_LINE_COUNT:
		out[0] = '\0';
		break;
	}
}

static json_t *relief_json(const store_relief *k)
{
	char d[4][11], m[5][CORE_MONEY_BUF];
	json_t *lines = json_array();
	const core_relief *r = &k->r;
	core_date_format(r->received, d[0]);
	core_date_format(r->deadline, d[1]);
	if (r->decided >= 0)
		core_date_format(r->decided, d[2]);
	if (r->paperwork_due >= 0)
		core_date_format(r->paperwork_due, d[3]);
	core_money_format(r->requested, m[0]);
	core_money_format(r->proposed, m[1]);
	core_money_format(r->approved, m[2]);
	core_money_format(r->paid_first, m[3]);
	for (size_t i = 0; lines && i < k->d.n; i++) {
		json_t *f = json_object();
		char text[512];
		for (int j = 0; f && j < k->d.line[i].n; j++)
			json_object_set_new(f, k->d.line[i].fig[j].name,
			                    json_string(k->d.line[i].fig[j].value));
		line_text(&k->d.line[i], text, sizeof(text));
		json_array_append_new(lines, json_pack("{s:s, s:o, s:s}", "line",
		                                       core_relief_line_id(k->d.line[i].code),
		                                       "figures", f ? f : json_object(),
		                                       "text", text));
	}
	return json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:o,"
	                 " s:o, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:o}",
	                 "id", k->id, "household", k->household,
	                 "state", core_relief_state_id(r->state),
	                 "cause", core_relief_cause_id(r->cause), "urgent", r->urgent,
	                 "received", d[0], "deadline", d[1],
	                 "deadline_counts_holidays", r->deadline_covered,
	                 "requested", m[0], "proposed", m[1], "approved", m[2],
	                 "paid_first", m[3],
	                 "paperwork_due", r->paperwork_due >= 0 ? json_string(d[3]) : json_null(),
	                 "decided", r->decided >= 0 ? json_string(d[2]) : json_null(),
	                 "decides", r->level == CORE_RELIEF_COUNTY ? "county" : "township",
	                 "filed_by", r->filed_by, "proposed_by", r->proposed_by,
	                 "decided_by", r->decided_by, "reason", r->reason,
	                 "over_year_cap", r->over_year, "policy_version", k->policy_version,
	                 "derivation", lines ? lines : json_array());
}

/* ---- commands --------------------------------------------------------------------- */

static int amount_opt(cli *c, core_fen *out)
{
	const char *a = cli_opt(c, "amount");
	ds_error err;
	if (!a)
		return cli_fail(DS_EUSAGE, "--amount", N_("is needed: the amount in yuan"), NULL);
	if (core_money_parse(a, false, out, "--amount", &err))
		return cli_error(&err);
	return 0;
}

int cmd_relief_file(cli *c)
{
	const char *cause = cli_opt(c, "cause"), *need = cli_opt(c, "need");
	core_relief_args args;
	store_relief k;
	ds_store *s = NULL;
	ds_error err;
	char id[STORE_ID_BUF];
	bool already = false;
	int rc, cz;

	core_relief_args_init(&args);
	if (!cause)
		return cli_fail(DS_EUSAGE, "--cause", N_("is needed: one of %s"),
		                core_relief_cause_allowed());
	if ((cz = core_relief_cause_lookup(cause)) < 0)
		return cli_fail(DS_EUSAGE, "--cause", N_("the cause is one of: %s"),
		                core_relief_cause_allowed());
	if (!need || !*need)
		return cli_fail(DS_EUSAGE, "--need", N_("is needed: what the household needs, in a few words"), NULL);
	if ((rc = amount_opt(c, &args.amount)))
		return rc;
	if (cli_opt(c, "received") &&
	    core_date_parse(cli_opt(c, "received"), &args.received, "--received", &err))
		return cli_error(&err);
	args.cause = (core_relief_cause)cz;
	args.urgent = cli_flag(c, "urgent");
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_household_resolve(s, c->pos[0], id, &err) ||
	    store_relief_file(s, id, &args, need, &k, &already, &err)) {
		rc = cli_error(&err);
	} else {
		char dl[11];
		core_date_format(k.r.deadline, dl);
		if (already)
			fprintf(stderr, _("doorstep: the same relief case was filed already: %s\n"), k.id);
		else
			fprintf(stderr, k.r.deadline_covered
			                        ? _("Relief case filed; to be decided by %s (working days).\n")
			                        : _("Relief case filed; to be decided by %s (working days counted on weekends only: the policy has no holiday schedule for that year).\n"),
			        dl);
		printf("%s\n", k.id);
		rc = 0;
	}
	store_close(&s);
	return rc;
}

int cmd_relief_list(cli *c)
{
	store_relief *list = NULL;
	size_t n = 0;
	ds_store *s = NULL;
	ds_error err;
	int rc = 0;
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_relief_list(s, &list, &n, &err)) {
		store_close(&s);
		return cli_error(&err);
	}
	if (cli_flag(c, "json")) {
		json_t *a = json_array();
		char *text;
		for (size_t i = 0; a && i < n; i++)
			json_array_append_new(a, relief_json(&list[i]));
		text = a ? json_dumps(a, JSON_INDENT(1)) : NULL;
		json_decref(a);
		if (text)
			printf("%s\n", text);
		else
			rc = cli_fail(DS_ESYSTEM, "", N_("out of memory"), NULL);
		free(text);
	} else {
		core_date today = store_today(s);
		for (size_t i = 0; i < n; i++) {
			const core_relief *r = &list[i].r;
			char dl[11], amount[CORE_MONEY_BUF];
			bool open = r->state != CORE_RELIEF_APPROVED && r->state != CORE_RELIEF_REFUSED;
			core_date_format(open ? r->deadline : r->decided, dl);
			core_money_format(r->state == CORE_RELIEF_APPROVED ? r->approved
			                  : r->proposed ? r->proposed : r->requested,
			                  amount);
			printf("%s  %s  %s%s  %10s  %s: %s\n", list[i].id, list[i].household, dl,
			       open && r->deadline < today ? _(" (overdue)") : "", amount,
			       _(core_relief_cause_words(r->cause)), state_text(r->state));
		}
		printf(_("Relief cases: %zu\n"), n);
	}
	free(list);
	store_close(&s);
	return rc;
}

int cmd_relief_show(cli *c)
{
	store_relief k;
	ds_store *s = NULL;
	ds_error err;
	int rc = 0;
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_relief_get(s, c->pos[0], &k, &err)) {
		store_close(&s);
		return cli_error(&err);
	}
	if (cli_flag(c, "json")) {
		json_t *j = relief_json(&k);
		char *text = j ? json_dumps(j, JSON_INDENT(1)) : NULL;
		json_decref(j);
		if (text)
			printf("%s\n", text);
		else
			rc = cli_fail(DS_ESYSTEM, "", N_("out of memory"), NULL);
		free(text);
	} else {
		const core_relief *r = &k.r;
		char d[11], e[11], m[CORE_MONEY_BUF], line[512];
		core_date_format(r->received, d);
		core_date_format(r->deadline, e);
		printf(_("Relief case %s — household %s\n"), k.id, k.household);
		printf(_("Cause: %s%s\n"), _(core_relief_cause_words(r->cause)),
		       r->urgent ? _("; urgent") : "");
		printf(_("Need: %s\n"), k.need);
		printf(_("Received %s; to be decided by %s%s\n"), d, e,
		       r->deadline_covered ? "" : _(" (counted on weekends only: no holiday schedule for that year)"));
		core_money_format(r->requested, m);
		printf(_("Asked for: %s yuan\n"), m);
		if (r->paid_first) {
			core_money_format(r->paid_first, m);
			core_date_format(r->paid_first_on, d);
			core_date_format(r->paperwork_due, e);
			printf(_("Paid first: %s yuan on %s; its paperwork due by %s\n"), m, d, e);
		}
		printf(_("Now: %s\n"), state_text(r->state));
		if (r->decided >= 0 && r->decided_by[0]) {
			core_date_format(r->decided, d);
			if (r->level == CORE_RELIEF_COUNTY)
				printf(_("Decided by the county on %s\n"), d);
			else
				printf(_("Decided by %s on %s\n"), r->decided_by, d);
		}
		if (r->over_year)
			printf("%s\n", _("Past the year's cap of relief to this household: the supervisor is told"));
		if (r->reason[0])
			printf(_("Reason: %s\n"), r->reason);
		if (k.d.n)
			printf(_("How the amount was worked out (policy %s):\n"), k.policy_version);
		for (size_t i = 0; i < k.d.n; i++) {
			line_text(&k.d.line[i], line, sizeof(line));
			printf("  %s\n", line);
		}
	}
	store_close(&s);
	return rc;
}

static int step(cli *c, core_relief_action a)
{
	core_relief_args args;
	store_relief k;
	ds_store *s = NULL;
	ds_error err;
	int rc;
	core_relief_args_init(&args);
	args.reason = cli_opt(c, "reason");
	if ((a == CORE_RELIEF_ACT_PROPOSE || a == CORE_RELIEF_ACT_PAY_FIRST) &&
	    (rc = amount_opt(c, &args.amount)))
		return rc;
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_relief_act(s, c->pos[0], a, &args, &k, &err)) {
		rc = cli_error(&err);
	} else {
		printf(_("Relief case %s is now: %s\n"), k.id, state_text(k.r.state));
		rc = 0;
	}
	store_close(&s);
	return rc;
}

int cmd_relief_propose(cli *c) { return step(c, CORE_RELIEF_ACT_PROPOSE); }
int cmd_relief_approve(cli *c) { return step(c, CORE_RELIEF_ACT_APPROVE); }
int cmd_relief_refuse(cli *c) { return step(c, CORE_RELIEF_ACT_REFUSE); }
int cmd_relief_pay_first(cli *c) { return step(c, CORE_RELIEF_ACT_PAY_FIRST); }
