/* console_relief.c — the console's temporary assistance (临时救助) page:
 * the relief cases the laptops sent, those above the township's limit
 * waiting for the county first, each with a form (for those who may
 * decide) to approve it or refuse it with a reason; and that decision, as
 * `doorstep-county relief decide` makes it (store_relief_act with the
 * county's actions), logged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/relief.h"
#include "store/relief.h"
#include "sync/county/console_int.h"
#include "sync/county/console_pages.h"
#include "sync/county/console_routes.h"

/* The same words as the laptop's and the command's. */
static const char *state_words(const console_req *q, core_relief_state st)
{
	switch (st) {
	case CORE_RELIEF_FILED:
		return _("being investigated");
	case CORE_RELIEF_PROPOSED:
		return _("proposed, for a second person to decide");
	case CORE_RELIEF_AT_COUNTY:
		return _("above the township's limit: with the county");
	case CORE_RELIEF_APPROVED:
		return _("approved");
	case CORE_RELIEF_REFUSED:
		return _("refused");
	case CORE_RELIEF_STATE_COUNT:
		break;
	}
	return core_relief_state_id(st);
}

static void row(console_req *q, const store_relief *k, bool decide)
{
	const core_relief *r = &k->r;
	bool open = r->state != CORE_RELIEF_APPROVED && r->state != CORE_RELIEF_REFUSED;
	char rec[11], day[11] = "", m[32];
	core_date_format(r->received, rec);
	if (open || r->decided >= 0)
		core_date_format(open ? r->deadline : r->decided, day);
	console_money(m, r->state == CORE_RELIEF_APPROVED ? r->approved
	                 : r->proposed ? r->proposed : r->requested);
	console_html(q, "<tr data-relief=\"%s\" data-state=\"%s\"><td>%s</td>"
	                "<td><a href=\"/household/%u\">%s</a></td><td>%s</td><td>%s</td>"
	                "<td>%s%s</td><td class=\"n\">%s</td><td>%s</td><td>%s</td><td>",
	             k->id, core_relief_state_id(r->state), k->id, k->household, k->household,
	             rec, day, _(core_relief_cause_words(r->cause)), r->urgent ? _("; urgent") : "",
	             m, r->proposed_by, state_words(q, r->state));
	if (r->reason[0])
		console_html(q, "%s", r->reason);
	console_html(q, "</td>");
	if (decide) {
		console_html(q, "<td>");
		console_form_begin(q, "/relief/decide");
		console_html(q, "<input type=\"hidden\" name=\"id\" value=\"%s\">"
		                "<label>%s <input name=\"reason\" maxlength=\"200\"></label> "
		                "<button type=\"submit\" name=\"decision\" value=\"approve\">%s</button> "
		                "<button type=\"submit\" name=\"decision\" value=\"refuse\">%s</button>",
		             k->id, _("Reason (to refuse)"), _("Approve"), _("Refuse"));
		console_form_end(q);
		console_html(q, "</td>");
	}
	console_html(q, "</tr>");
}

static void head(console_req *q, const char *id, bool decide)
{
	console_html(q, "<table id=\"%s\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
	                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>%r</tr>",
	             id, _("Case"), _("Household"), _("Received"), _("Deadline or decided"),
	             _("Cause"), _("Amount"), _("Proposed by"), _("State"), _("Reason"),
	             decide ? "<th></th>" : "");
}

void console_page_relief(console_req *q)
{
	store_relief *l = NULL;
	size_t n = 0, waiting = 0;
	bool decide = core_office_may(q->role, CORE_OFFICE_RIGHT_RELIEF_DECIDE);
	const char *done = console_query(q, "done");
	ds_error err;
	ds_status st;
	ds_store *s = console_store_lock(q);
	st = store_relief_list(s, &l, &n, &err);
	console_store_unlock(q);
	if (st) {
		console_fail_error(q, console_pages_status(&err), &err);
		return;
	}
	console_begin(q, _("Temporary assistance"));
	if (done)
		console_html(q, "<p class=\"note\" id=\"done\">%s</p>",
		             !strcmp(done, "approved")
		                     ? _("Approved by the county; the decision goes to the laptops with the household's next bundle.")
		                     : _("Refused by the county; the decision goes to the laptops with the household's next bundle."));
	for (size_t i = 0; i < n; i++)
		waiting += l[i].r.state == CORE_RELIEF_AT_COUNTY;
	console_html(q, "<h2>%s (<span id=\"waiting\">%zu</span>)</h2>",
	             _("Above the township's limit: waiting for the county"), waiting);
	head(q, "at-county", decide);
	for (size_t i = 0; i < n; i++)
		if (l[i].r.state == CORE_RELIEF_AT_COUNTY)
			row(q, &l[i], decide);
	console_html(q, "</table><h2>%s (<span id=\"others\">%zu</span>)</h2>",
	             _("The township's cases"), n - waiting);
	head(q, "township", false);
	for (size_t i = 0; i < n; i++)
		if (l[i].r.state != CORE_RELIEF_AT_COUNTY)
			row(q, &l[i], false);
	console_html(q, "</table>");
	free(l);
	console_end(q);
}

void console_action_relief_decide(console_req *q)
{
	const char *id = console_field(q, "id"), *decision = console_field(q, "decision");
	const char *reason = console_field(q, "reason");
	core_relief_action act;
	core_relief_args args;
	store_relief k;
	char what[STORE_OFFICE_WHAT_MAX];
	ds_error err;
	ds_status st;
	ds_store *s;
	if (!id || !*id || strlen(id) > STORE_ID_LEN) {
		console_fail(q, 400, _("id: which relief case"));
		return;
	}
	if (decision && !strcmp(decision, "approve")) {
		act = CORE_RELIEF_ACT_COUNTY_APPROVE;
	} else if (decision && !strcmp(decision, "refuse")) {
		act = CORE_RELIEF_ACT_COUNTY_REFUSE;
	} else {
		console_fail(q, 400, _("decision: approve or refuse"));
		return;
	}
	if (act == CORE_RELIEF_ACT_COUNTY_REFUSE && (!reason || !*reason)) {
		console_fail(q, 400, _("reason: a refusal needs a reason"));
		return;
	}
	snprintf(what, sizeof(what), "relief.decide %s %s", id, decision);
	core_relief_args_init(&args);
	args.reason = act == CORE_RELIEF_ACT_COUNTY_REFUSE ? reason : NULL;
	s = console_store_lock(q);
	st = store_relief_act(s, id, act, &args, &k, &err);
	console_store_unlock(q);
	if (st) {
		console_pages_action_failed(q, what, &err);
		return;
	}
	console_pages_action_done(q, what,
	                          act == CORE_RELIEF_ACT_COUNTY_APPROVE ? "approved" : "refused",
	                          act == CORE_RELIEF_ACT_COUNTY_APPROVE ? "/relief?done=approved"
	                                                                : "/relief?done=refused");
}
