/* relief.c — doorstep-county relief: the temporary assistance cases the
 * laptops sent (those above the township's limit, waiting for the county,
 * first) and the county's decision on one, a signed event of the county's
 * store that goes down to the laptops with the household (issue 20). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/relief.h"
#include "store/relief.h"
#include "sync/county/cmd.h"
#include "tui/i18n.h"

/* The same words as the laptop's (tui/cli_relief.c). */
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

static json_t *date_or_null(core_date d)
{
	char b[11];
	if (d < 0)
		return json_null();
	core_date_format(d, b);
	return json_string(b);
}

static json_t *case_json(const store_relief *k)
{
	const core_relief *r = &k->r;
	char m[4][CORE_MONEY_BUF];
	core_money_format(r->requested, m[0]);
	core_money_format(r->proposed, m[1]);
	core_money_format(r->approved, m[2]);
	core_money_format(r->paid_first, m[3]);
	return json_pack("{s:s, s:s, s:s, s:b, s:s, s:b, s:o, s:o, s:s, s:s, s:s, s:s, s:s,"
	                 " s:s, s:s, s:s, s:o, s:s, s:s}",
	                 "id", k->id, "household", k->household,
	                 "state", core_relief_state_id(r->state),
	                 "waiting_for_county", r->state == CORE_RELIEF_AT_COUNTY,
	                 "cause", core_relief_cause_id(r->cause), "urgent", r->urgent,
	                 "received", date_or_null(r->received),
	                 "deadline", date_or_null(r->deadline),
	                 "requested", m[0], "proposed", m[1], "approved", m[2],
	                 "paid_first", m[3],
	                 "decides", r->level == CORE_RELIEF_COUNTY ? "county" : "township",
	                 "filed_by", r->filed_by, "proposed_by", r->proposed_by,
	                 "decided_by", r->decided_by, "decided", date_or_null(r->decided),
	                 "reason", r->reason, "policy_version", k->policy_version);
}

/* Waiting for the county first, each part in the store's order (open
 * ones by deadline, then decided ones, latest first). */
static void county_first(store_relief *list, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (list[i].r.state == CORE_RELIEF_AT_COUNTY) {
			store_relief k = list[i];
			memmove(&list[w + 1], &list[w], (i - w) * sizeof(*list));
			list[w++] = k;
		}
}

static int relief_list(const county_args *a)
{
	store_relief *list = NULL;
	size_t n = 0, waiting = 0;
	ds_store *s = NULL;
	ds_error err;
	int rc = 0;
	if (a->npos > 1)
		return county_usage_fail(a->pos[1], _("too many arguments"));
	if (county_opt(a, "reason"))
		return county_usage_fail("--reason", _("is for relief decide ID refuse"));
	if (county_open(a, &s, &err))
		return county_fail(&err);
	if (store_relief_list(s, &list, &n, &err)) {
		store_close(&s);
		return county_fail(&err);
	}
	county_first(list, n);
	for (size_t i = 0; i < n; i++)
		waiting += list[i].r.state == CORE_RELIEF_AT_COUNTY;
	if (county_opt(a, "json")) {
		json_t *arr = json_array();
		char *text;
		for (size_t i = 0; arr && i < n; i++)
			json_array_append_new(arr, case_json(&list[i]));
		text = arr ? json_dumps(arr, JSON_INDENT(1)) : NULL;
		json_decref(arr);
		if (text) {
			printf("%s\n", text);
		} else {
			ds_fail(&err, DS_ESYSTEM, "", N_("out of memory"));
			rc = county_fail(&err);
		}
		free(text);
	} else {
		for (size_t i = 0; i < n; i++) {
			const core_relief *r = &list[i].r;
			bool open = r->state != CORE_RELIEF_APPROVED && r->state != CORE_RELIEF_REFUSED;
			char day[11], amount[CORE_MONEY_BUF];
			core_date_format(open ? r->deadline : r->decided, day);
			core_money_format(r->state == CORE_RELIEF_APPROVED ? r->approved
			                  : r->proposed ? r->proposed : r->requested,
			                  amount);
			printf("%s  %s  %s  %10s  %s: %s\n", list[i].id, list[i].household, day,
			       amount, _(core_relief_cause_words(r->cause)), state_text(r->state));
		}
		printf(_("Relief cases: %zu, waiting for the county: %zu\n"), n, waiting);
	}
	free(list);
	store_close(&s);
	return rc;
}

static int relief_decide(const county_args *a)
{
	const char *reason = county_opt(a, "reason");
	core_relief_action act;
	core_relief_args args;
	store_relief k;
	ds_store *s = NULL;
	ds_error err;
	ds_status st;
	if (a->npos < 3)
		return county_usage_fail("decide", _("needs the case's id and approve or refuse"));
	if (a->npos > 3)
		return county_usage_fail(a->pos[3], _("too many arguments"));
	if (county_opt(a, "json"))
		return county_usage_fail("--json", _("is for relief list"));
	if (!strcmp(a->pos[2], "approve"))
		act = CORE_RELIEF_ACT_COUNTY_APPROVE;
	else if (!strcmp(a->pos[2], "refuse"))
		act = CORE_RELIEF_ACT_COUNTY_REFUSE;
	else
		return county_usage_fail(a->pos[2], _("must be approve or refuse"));
	if (act == CORE_RELIEF_ACT_COUNTY_REFUSE && (!reason || !*reason))
		return county_usage_fail("--reason", _("is needed to refuse: why, in a few words"));
	if (act == CORE_RELIEF_ACT_COUNTY_APPROVE && reason)
		return county_usage_fail("--reason", _("is for a refusal; an approval takes none"));
	core_relief_args_init(&args);
	args.reason = reason;
	if (county_open(a, &s, &err))
		return county_fail(&err);
	st = store_relief_act(s, a->pos[1], act, &args, &k, &err);
	store_close(&s);
	if (st)
		return county_fail(&err);
	{
		char m[CORE_MONEY_BUF];
		core_money_format(k.r.state == CORE_RELIEF_APPROVED ? k.r.approved : k.r.proposed, m);
		printf(k.r.state == CORE_RELIEF_APPROVED
		               ? _("%s: approved by the county, %s yuan; it goes to the laptops with the household's next bundle\n")
		               : _("%s: refused by the county (%s yuan proposed); it goes to the laptops with the household's next bundle\n"),
		       k.id, m);
	}
	return 0;
}

int county_cmd_relief(const county_args *a)
{
	const char *what = a->npos ? a->pos[0] : "";
	if (!strcmp(what, "list"))
		return relief_list(a);
	if (!strcmp(what, "decide"))
		return relief_decide(a);
	return county_usage_fail(what, _("must be list or decide"));
}
