/* console_household.c — the console's households: the list, filtered as
 * the dashboard's counts link to it (a list, a status, a township), and
 * one household's page: the case, the last decision with its derivation,
 * the members (ID numbers masked, as on the laptop's screen), the address
 * and payee (account masked) for the roles that may see them
 * (household.contact), changes made on two laptops at once, and the
 * timeline. Loads
 * are those of the laptop's `household show` and of the reports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/assess.h"
#include "core/payee.h"
#include "core/region.h"
#include "core/report.h"
#include "store/assessjson.h"
#include "store/county.h"
#include "store/report.h"
#include "sync/county/console_caseload.h"
#include "sync/county/console_int.h"
#include "sync/county/console_routes.h"
#include "sync/county/console_words.h"

static const char *list_title(console_req *q, int l)
{
	switch (l) {
	case CONSOLE_LIST_PAID:
		return _("Households paid this month");
	case CONSOLE_LIST_ENDING:
		return _("Withdrawals ending within 30 days");
	case CONSOLE_LIST_REVIEW_OVERDUE:
		return _("Reviews overdue");
	case CONSOLE_LIST_APPEAL_OVERDUE:
		return _("Appeals overdue");
	case CONSOLE_LIST_CONFLICT:
		return _("Households with changes made at the same time on two laptops");
	default:
		return _("Household list");
	}
}

/* Households on one page of the list. */
#define LIST_PAGE 200

/* A link to another page of the list, its filters kept. */
static void page_link(console_req *q, const char *lt, const char *status, const char *town,
                      size_t page, const char *words)
{
	console_html(q, "<a href=\"/households?page=%zu", page);
	if (lt)
		console_html(q, "&amp;list=%u", lt);
	if (status)
		console_html(q, "&amp;status=%u", status);
	if (town)
		console_html(q, "&amp;township=%u", town);
	console_html(q, "\">%s</a> ", words);
}

void console_page_households(console_req *q)
{
	console_caseload c;
	size_t shown = 0, page = 0;
	const char *pt = console_query(q, "page");
	const char *status = console_query(q, "status"), *town = console_query(q, "township"),
	           *lt = console_query(q, "list");
	int l = lt ? console_list_lookup(lt) : CONSOLE_LIST_ALL;
	char money[32];
	ds_error err;
	ds_status st;
	ds_store *s;
	if (l < 0) {
		console_fail(q, 404, _("There is no such list."));
		return;
	}
	if (pt) {
		char *end;
		unsigned long v = strtoul(pt, &end, 10);
		if (*end || !*pt || pt[0] == '-' || v > 1000000) {
			console_fail(q, 404, _("There is no such list."));
			return;
		}
		page = (size_t)v;
	}
	s = console_store_lock(q);
	st = console_caseload_load(s, &c, &err);
	console_store_unlock(q);
	if (st) {
		console_fail_error(q, 500, &err);
		return;
	}
	console_begin(q, list_title(q, l));
	console_html(q, "<table id=\"households\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
	             _("Household"), _("Status"), _("Township"), _("Assistant"),
	             _("Paid this month"));
	for (size_t i = 0; i < c.n; i++) {
		const store_report_household *h = &c.hh[i];
		if (!(c.in[i] & (1u << l)))
			continue;
		if (status && strcmp(status, core_state_id(h->state)))
			continue;
		if (town && strcmp(town, h->township.code[0] ? h->township.code : "-"))
			continue;
		if (shown++ / LIST_PAGE != page)
			continue;
		console_money(money, h->paid);
		console_html(q, "<tr><td><a href=\"/household/%u\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td class=\"n\">%s</td></tr>",
		             h->id, h->id, console_status_words(q, h->state),
		             h->township.name[0] ? h->township.name : h->township.code,
		             h->assistant, money);
	}
	console_html(q, "</table><p class=\"note\">%s: <span id=\"count\">%zu</span></p><p>",
	             _("Households"), shown);
	/* the list a page of LIST_PAGE at a time */
	if (page > 0)
		page_link(q, lt, status, town, page - 1, _("Previous page"));
	if ((page + 1) * LIST_PAGE < shown)
		page_link(q, lt, status, town, page + 1, _("Next page"));
	console_html(q, "</p>");
	console_caseload_free(&c);
	console_end(q);
}

/* ---- one household ------------------------------------------------------------ */

typedef struct {
	store_household_row row;
	bool have_row;
	store_case k;
	core_state state;
	core_fen paid;
	int t_k, t_n;
	core_assessment *a;   /* the last recorded assessment, or NULL */
	store_timeline_item *tl;
	size_t ntl;
	store_conflict *cf;
	size_t ncf;
	char assignee[STORE_USER_MAX];
	bool handed;
	store_cdev *devs;     /* the laptops, for whom it may be handed to */
	size_t ndevs;
	core_date today;
	core_month month;
} hh_page;

static void hh_free(hh_page *p)
{
	if (p->have_row)
		store_row_free(&p->row);
	free(p->a);
	free(p->tl);
	free(p->cf);
	free(p->devs);
}

static ds_status hh_load(ds_store *s, const char *id, hh_page *p, ds_error *err)
{
	json_t *j = NULL;
	ds_status st;
	int k;
	p->today = store_today(s);
	p->month = core_month_of_date(p->today);
	if ((st = store_household_get(s, id, &p->row, err)))
		return st;
	p->have_row = true;
	if ((st = store_case_get(s, id, &p->k, err)))
		return st;
	p->state = (k = core_state_lookup(p->row.status)) >= 0 ? (core_state)k : p->k.c.state;
	if ((st = store_paid_in(s, &p->row, p->state, p->month, &p->paid, &p->t_k, &p->t_n,
	                        err)) ||
	    (st = store_timeline(s, id, &p->tl, &p->ntl, err)) ||
	    (st = store_conflicts(s, id, &p->cf, &p->ncf, err)) ||
	    (st = store_assignee(s, id, p->assignee, &p->handed, err)) ||
	    (st = store_last_assessment(s, id, &j, err)) ||
	    (st = store_cdev_list(s, &p->devs, &p->ndevs, err)))
		return st;
	if (j) {
		if (!(p->a = malloc(sizeof(*p->a)))) {
			json_decref(j);
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
		if ((st = store_assessment_from_json(s, j, p->a, err))) {
			json_decref(j);
			return st;
		}
		json_decref(j);
	}
	return DS_OK;
}

/* The request a derivation's figures are rendered for (the figure map
 * takes no context). */
static _Thread_local const console_req *fig_q;
static _Thread_local const char *fig_source_zh;
static _Thread_local char fig_region[256];

static const char *fig_map(const char *name, const char *value)
{
	const console_req *q = fig_q;
	bool zh = strcmp(q->lang, "en") != 0;
	int id;
	if (!strcmp(name, "source"))
		return zh && fig_source_zh && *fig_source_zh ? fig_source_zh : value;
	if (!strcmp(name, "region") && core_region_name(value, zh, fig_region, sizeof(fig_region)) &&
	    fig_region[0])
		return fig_region;
	if (!strcmp(name, "source_name") && (id = core_income_lookup(value)) >= 0)
		return console_income_words(q, (core_income_source)id);
	if (!strcmp(name, "category") && (id = core_category_lookup(value)) >= 0)
		return console_category_words(q, (core_category)id);
	if (!strcmp(name, "taper") && (id = core_taper_lookup(value)) >= 0)
		return id == CORE_TAPER_HOLD ? _("the full amount each month")
		                             : _("falling by equal steps");
	return value;
}

static void derivation(console_req *q, const core_assessment *a)
{
	char line[1024], d[11], money[32];
	core_date_format(a->date, d);
	console_html(q, "<h2>%s</h2><p>", _("Last assessment"));
	console_html(q, _("Assessed on %s under policy %s."), d, a->policy_version);
	console_html(q, " <strong>%s</strong>", a->eligible ? _("Eligible.") : _("Not eligible."));
	if (a->eligible) {
		console_money(money, a->payment);
		console_html(q, " %s: %s", _("Paid each month"), money);
	}
	console_html(q, "</p>");
	for (size_t i = 0; i < a->n_reasons; i++) {
		static const char *const reasons[] = {
#define X(e, id, text) text,
			CORE_REASON_LIST(X)
#undef X
		};
		console_html(q, "<p class=\"err\">%s</p>", _(reasons[a->reasons[i]]));
	}
	console_html(q, "<ol id=\"derivation\">");
	fig_q = q;
	for (size_t i = 0; i < a->n_steps; i++) {
		const core_step *st = &a->steps[i];
		int nfig;
		const char *const *names = core_step_figures(st->code, &nfig);
		fig_source_zh = "";
		for (int f = 0; f < nfig && f < st->n; f++)
			if (!strcmp(names[f], "source_zh"))
				fig_source_zh = core_step_value(a, st, f);
		core_step_render(a, st, _(core_step_template(st->code)), fig_map, line,
		                 sizeof(line));
		console_html(q, "<li>%s</li>", line);
	}
	fig_q = NULL;
	fig_source_zh = NULL;
	console_html(q, "</ol>");
}

static void members(console_req *q, const hh_page *p)
{
	const core_household *h = &p->row.h;
	char idm[64], money[32];
	console_html(q, "<h2>%s</h2><table id=\"members\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
	             _("Members"), _("Name"), _("ID number"), _("Relation"), _("Categories"),
	             _("Work"), _("Incomes a month"));
	for (size_t i = 0; i < h->n_members; i++) {
		const core_member *m = &h->members[i];
		unsigned cats = core_member_categories(m, p->today);
		bool any = false;
		console_idnum_masked(idm, sizeof(idm), m->id_number);
		console_html(q, "<tr><td>%s</td><td class=\"id\">%s</td><td>%s</td><td>", m->name, idm,
		             console_relation_words(q, m->relation));
		for (int k = 0; k < CORE_CAT_COUNT; k++)
			if (cats & (1u << k)) {
				console_html(q, "%s%s", any ? ", " : "",
				             console_category_words(q, (core_category)k));
				any = true;
			}
		console_html(q, "</td><td>%s</td><td>", m->able_to_work ? _("able to work")
		                                                        : _("not able to work"));
		for (size_t k = 0; k < m->n_incomes; k++) {
			console_money(money, m->incomes[k].monthly);
			console_html(q, "%s%s: %s", k ? "<br>" : "",
			             console_income_words(q, m->incomes[k].source), money);
		}
		console_html(q, "</td></tr>");
	}
	console_html(q, "</table>");
}

/* Whether user has a laptop enrolled here as an assistant, not revoked
 * (as `doorstep-county reassign` asks). */
static bool assistant_enrolled(const store_cdev *devs, size_t n, const char *user)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(devs[i].user, user) && !devs[i].revoked_ms &&
		    !strcmp(devs[i].role, "assistant"))
			return true;
	return false;
}

/* The admin's form: hand the household to another assistant. */
static void reassign_form(console_req *q, const hh_page *p)
{
	console_html(q, "<h2>%s</h2>", _("Hand over to another assistant"));
	console_form_begin(q, "/reassign");
	console_html(q, "<input type=\"hidden\" name=\"household\" value=\"%s\">"
	                "<label>%s <select name=\"to\">", p->row.id, _("Assistant"));
	for (size_t i = 0; i < p->ndevs; i++) {
		const char *user = p->devs[i].user;
		bool seen = false;
		/* each assistant once, though on several laptops */
		for (size_t k = 0; k < i && !seen; k++)
			seen = !strcmp(p->devs[k].user, user) && assistant_enrolled(&p->devs[k], 1, user);
		if (!seen && assistant_enrolled(&p->devs[i], 1, user))
			console_html(q, "<option>%s</option>", user);
	}
	console_html(q, "</select></label> <button type=\"submit\">%s</button>",
	             _("Hand over"));
	console_form_end(q);
}

/* Only a household id's characters (store/household.c's alphabet). */
static bool id_ok(const char *id)
{
	size_t n = strlen(id);
	return n == STORE_ID_LEN && strspn(id, "0123456789abcdefghjkmnpqrstvwxyz") == n;
}

void console_page_household(console_req *q)
{
	hh_page p;
	const core_household *h;
	char money[32], d[11], area[160], acct[CORE_ACCOUNT_MASK_BUF], title[96];
	/* the address and the payee only for the roles that may see them */
	bool contact = core_office_may(q->role, CORE_OFFICE_RIGHT_HOUSEHOLD_CONTACT);
	ds_error err;
	ds_status st;
	ds_store *s;
	memset(&p, 0, sizeof(p));
	if (!id_ok(q->rest)) {
		console_fail(q, 404, _("There is no such household."));
		return;
	}
	s = console_store_lock(q);
	st = hh_load(s, q->rest, &p, &err);
	console_store_unlock(q);
	if (st) {
		console_fail_error(q, st == DS_EINPUT ? 404 : 500, &err);
		hh_free(&p);
		return;
	}
	h = &p.row.h;
	snprintf(title, sizeof(title), _("Household %s"), p.row.id);
	console_begin(q, title);
	console_html(q, "<table id=\"case\">");
	console_html(q, "<tr><th>%s</th><td id=\"status\" data-status=\"%s\">%s</td></tr>", _("Status"),
	             core_state_id(p.state), console_status_words(q, p.state));
	area[0] = '\0';
	if (core_region_name(h->region, strcmp(q->lang, "en") != 0, area, sizeof(area)) && area[0])
		console_html(q, "<tr><th>%s</th><td>%s (%s)</td></tr>", _("Region"), area, h->region);
	else
		console_html(q, "<tr><th>%s</th><td>%s</td></tr>", _("Region"), h->region);
	console_html(q, "<tr><th>%s</th><td>%s %s</td></tr>", _("Township"), h->township.code,
	             h->township.name);
	console_html(q, "<tr><th>%s</th><td>%s %s</td></tr>", _("Village or community"),
	             h->village.code, h->village.name);
	if (contact)
		console_html(q, "<tr><th>%s</th><td id=\"address\">%s</td></tr>", _("Address"),
		             h->address);
	console_html(q, "<tr><th>%s</th><td>%s</td></tr>", _("Assistant"),
	             p.handed ? p.assignee : p.ntl ? p.tl[0].author : "-");
	console_money(money, p.paid);
	if (p.t_n)
		console_html(q, "<tr><th>%s</th><td id=\"paid\">%s (%d/%d)</td></tr>", _("Paid this month"),
		             money, p.t_k, p.t_n);
	else
		console_html(q, "<tr><th>%s</th><td id=\"paid\">%s</td></tr>", _("Paid this month"), money);
	if (contact && h->payee.account[0]) {
		core_account_mask(h->payee.account, acct, sizeof(acct));
		console_html(q, "<tr><th>%s</th><td>%s, %s, %s</td></tr>", _("Paid to"), h->payee.name,
		             h->payee.bank, acct);
	}
	if (p.k.c.decided >= 0) {
		core_date_format(p.k.c.decided, d);
		console_html(q, "<tr><th>%s</th><td>%s</td></tr>", _("Last decision in effect"), d);
		if (p.k.c.decision_proposer[0] || p.k.c.decision_approver[0])
			console_html(q, "<tr><th>%s</th><td>%s / %s</td></tr>", _("Proposed / approved by"),
			             p.k.c.decision_proposer, p.k.c.decision_approver);
		if (p.k.c.decision_reason[0])
			console_html(q, "<tr><th>%s</th><td>%s</td></tr>", _("Reason"),
			             p.k.c.decision_reason);
	}
	if (p.k.c.appeal_open) {
		core_date_format(p.k.c.appeal_deadline, d);
		console_html(q, "<tr><th>%s</th><td>%s %s</td></tr>", _("Appeal open"),
		             _("answer by"), d);
	}
	console_html(q, "</table>");
	if (console_query(q, "done"))
		console_html(q, "<p class=\"note\" id=\"done\">%s</p>",
		             !strcmp(console_query(q, "done"), "already")
		                     ? _("The household is with that assistant already; nothing changed.")
		                     : _("The household is handed over; it reaches the assistant's laptop with its next bundle from the county."));
	if (core_office_may(q->role, CORE_OFFICE_RIGHT_HOUSEHOLD_REASSIGN))
		reassign_form(q, &p);
	if (p.a)
		derivation(q, p.a);
	else
		console_html(q, "<p class=\"note\">%s</p>", _("No assessment is recorded yet."));
	members(q, &p);
	console_money(money, h->financial);
	console_html(q, "<p>%s: %s · %s: %d · %s: %zu</p>", _("Savings and other financial assets"),
	             money, _("Homes"), h->homes, _("Vehicles"), h->n_vehicles);
	if (p.ncf) {
		console_html(q, "<h2>%s</h2><ul id=\"conflicts\">", _("Changed on two laptops at the same time"));
		for (size_t i = 0; i < p.ncf; i++) {
			char line[512];
			snprintf(line, sizeof(line),
			         _("  %s: %s's later change is kept; %s's is set aside: check with the household"),
			         p.cf[i].fields, p.cf[i].winner_author, p.cf[i].loser_author);
			console_html(q, "<li>%s</li>", line);
		}
		console_html(q, "</ul>");
	}
	console_html(q, "<h2>%s</h2><table id=\"timeline\"><tr><th>%s</th><th>%s</th><th>%s</th></tr>",
	             _("Timeline"), _("When"), _("Who"), _("What"));
	for (size_t i = 0; i < p.ntl; i++)
		console_html(q, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>", p.tl[i].when,
		             p.tl[i].author, console_event_words(q, p.tl[i].kind));
	console_html(q, "</table>");
	hh_free(&p);
	console_end(q);
}

/* POST /reassign: the household (field household) handed to the
 * assistant (field to), as `doorstep-county reassign` does: a
 * household.reassigned event by the county; the office log says who. */
void console_action_reassign(console_req *q)
{
	const char *id = console_field(q, "household"), *to = console_field(q, "to");
	bool already = false, to_ok = false;
	char path[64];
	ds_error err;
	ds_status st;
	ds_store *s;
	if (!id || !id_ok(id)) {
		console_fail(q, 404, _("There is no such household."));
		return;
	}
	if (!to || !*to || strlen(to) >= STORE_USER_MAX) {
		console_fail(q, 422, _("Choose the assistant to hand the household to."));
		return;
	}
	s = console_store_lock(q);
	if (!(st = store_cdev_assistant(s, to, &to_ok, &err)) && !to_ok)
		st = ds_fail(&err, DS_EINPUT, "to", N_("%s has no laptop enrolled here as an assistant"),
		             to);
	if (!st && !(st = store_begin(s, &err)) &&
	    ((st = store_household_reassign(s, id, to, &already, &err)) ||
	     (st = store_commit(s, &err))))
		store_rollback(s);
	console_store_unlock(q);
	{
		/* the log says which household went to whom (ids and staff
		 * names only) */
		char what[STORE_OFFICE_WHAT_MAX], outcome[STORE_OFFICE_OUTCOME_MAX];
		/* a name that is no assistant's is not written down: it may
		 * be anything typed (an ID number) */
		snprintf(what, sizeof(what), "household.reassign %s %s", id,
		         to_ok ? to : "?");
		snprintf(outcome, sizeof(outcome), "%s", st ? (st == DS_EINPUT ? "422" : "500")
		                                      : already ? "303 already" : "303");
		console_log(q, "action", what, outcome);
		q->logged_action = true;
	}
	if (st) {
		console_fail_error(q, st == DS_EINPUT ? 422 : 500, &err);
		return;
	}
	snprintf(path, sizeof(path), "/household/%s?done=%s", id, already ? "already" : "reassigned");
	console_redirect(q, path);
}
