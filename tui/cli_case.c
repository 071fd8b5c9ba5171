/* cli_case.c — casework on the command line: visits and their drafts,
 * review and decisions, appeals, and the work that is due. */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "store/assessjson.h"
#include "store/casework.h"
#include "store/hhjson.h"
#include "store/relief.h"
#include "store/settings.h"
#include "store/store.h"
#include "tui/cli.h"
#include "tui/explain.h"
#include "tui/i18n.h"
#include "tui/labels.h"
#include "tui/letter.h"
#include "tui/relief_words.h"
#include "tui/text.h"

#define VISIT_JSON_MAX (1024 * 1024)

static int load_json(const char *path, json_t **out)
{
	char *text = NULL;
	size_t len = 0;
	json_error_t je;
	ds_error err;
	if (store_read_file(path, VISIT_JSON_MAX, &text, &len, &err))
		return cli_error(&err);
	{
		size_t bom = core_utf8_bom(text, len); /* a file from Notepad */
		*out = json_loadb(text + bom, len - bom, JSON_REJECT_DUPLICATES,
		                  &je);
	}
	store_wipe(text, len);
	free(text);
	if (!*out) {
		char where[300];
		snprintf(where, sizeof(where), "%.200s:%d:%d", path, je.line,
		         je.column);
		return cli_fail(DS_EINPUT, where, N_("not valid JSON: %s"), je.text);
	}
	return 0;
}

/* Opens the store and resolves the household ID of the first argument. */
static int open_with(cli *c, ds_store **s, char id[STORE_ID_BUF])
{
	ds_error err;
	if (cli_open(c, s, &err))
		return cli_error(&err);
	if (store_household_resolve(*s, c->pos[0], id, &err)) {
		store_close(s);
		return cli_error(&err);
	}
	return 0;
}

static const char *head_name(const core_household *h)
{
	return h->n_members ? h->members[core_household_head(h)].name : "";
}

/* ---- visits ---------------------------------------------------------------- */

static void print_diff(const store_visit_result *r)
{
	char line[512];
	if (!r->n_diff)
		printf("%s\n", _("Nothing changed in the household since its file was last updated."));
	else
		printf("%s\n", _("What changed since the household file was last updated:"));
	for (size_t i = 0; i < r->n_diff; i++) {
		explain_diff(&r->diff[i], line, sizeof(line));
		printf("%s\n", line);
	}
	if (r->had_assessment) {
		explain_payment_change(r->previous_payment, r->assessment->payment,
		                       line, sizeof(line));
		printf("%s\n", line);
	}
}

static int visit_from_file(cli *c, ds_store *s, const char *id,
                           const char *path, core_visit *v)
{
	store_household_row row;
	json_t *j = NULL;
	ds_error err;
	int rc;
	if ((rc = load_json(path, &j)))
		return rc;
	if (store_household_get(s, id, &row, &err)) {
		json_decref(j);
		return cli_error(&err);
	}
	(void)c;
	if (store_visit_from_json(j, &row.h, v, &err)) {
		char where[DS_ERR_WHERE];
		snprintf(where, sizeof(where), "%s", err.where);
		snprintf(err.where, sizeof(err.where), "%.80s: %.100s", path, where);
		rc = cli_error(&err);
	}
	json_decref(j);
	store_row_free(&row);
	return rc;
}

/* Checks that a draft named with --draft exists before anything is done
 * with it: a mistyped name must not record a visit and then fail, nor
 * start a second draft beside the one meant. */
static int draft_exists(ds_store *s, const char *draft)
{
	store_draft_info info;
	json_t *j = NULL;
	ds_error err;
	if (store_draft_get(s, draft, &info, &j, &err))
		return cli_error(&err);
	json_decref(j);
	return 0;
}

int cmd_visit_record(cli *c)
{
	ds_store *s = NULL;
	char id[STORE_ID_BUF];
	const char *path = cli_opt(c, "json"), *draft = cli_opt(c, "draft");
	core_visit v;
	store_visit_result r;
	ds_error err;
	int rc;
	if (!path)
		return cli_fail(DS_EUSAGE, "--json", N_("is needed: the visit as a JSON file"), NULL);
	if ((rc = open_with(c, &s, id)))
		return rc;
	core_visit_init(&v);
	if ((draft && (rc = draft_exists(s, draft))) ||
	    (rc = visit_from_file(c, s, id, path, &v)))
		goto out;
	if (store_visit_record(s, id, &v, &r, &err)) {
		rc = cli_error(&err);
		goto out;
	}
	if (v.has_payee)
		cli_payee_warn(path, &r.after);
	printf(_("Visit to %s (%s) recorded.\n"), id, head_name(&r.after));
	print_diff(&r);
	printf("\n");
	explain_print(stdout, r.assessment);
	store_visit_result_free(&r);
	if (draft && store_draft_delete(s, draft, &err))
		rc = cli_error(&err);
out:
	core_visit_free(&v);
	store_close(&s);
	return rc;
}

int cmd_visit_draft_save(cli *c)
{
	ds_store *s = NULL;
	char id[STORE_ID_BUF], draft[STORE_ID_BUF] = "";
	const char *path = cli_opt(c, "json"), *d = cli_opt(c, "draft"),
	           *step = cli_opt(c, "step");
	json_t *j = NULL;
	ds_error err;
	int rc, n = 0;
	if (step) {
		char *end;
		long v;
		errno = 0;
		v = strtol(step, &end, 10);
		if (errno || end == step || *end || v < 0 || v > 99)
			return cli_fail(DS_EUSAGE, "--step",
			                N_("should be a whole number from 0 to 99"), NULL);
		n = (int)v;
	}
	if (path && (rc = load_json(path, &j)))
		return rc;
	if (!j)
		j = json_object();
	if (d)
		snprintf(draft, sizeof(draft), "%s", d);
	if ((rc = open_with(c, &s, id))) {
		json_decref(j);
		return rc;
	}
	if (d)
		rc = draft_exists(s, draft);
	if (!rc && store_draft_save(s, draft, id, n, j, &err))
		rc = cli_error(&err);
	else if (!rc)
		printf("%s\n", draft);
	json_decref(j);
	store_close(&s);
	return rc;
}

int cmd_visit_draft_list(cli *c)
{
	ds_store *s = NULL;
	store_draft_info *list = NULL;
	size_t n = 0;
	ds_error err;
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_draft_list(s, &list, &n, &err)) {
		store_close(&s);
		return cli_error(&err);
	}
	if (cli_flag(c, "json")) {
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:i}",
			                                   "draft", list[i].id,
			                                   "household", list[i].household,
			                                   "author", list[i].author,
			                                   "updated", list[i].updated,
			                                   "step", list[i].step));
		{
			char *t = json_dumps(a, JSON_INDENT(2));
			printf("%s\n", t ? t : "[]");
			free(t);
		}
		json_decref(a);
	} else {
		for (size_t i = 0; i < n; i++)
			printf(_("%s  household %s  step %d  by %s, %s\n"), list[i].id,
			       list[i].household, list[i].step, list[i].author,
			       list[i].updated);
		printf(_("%ld drafts\n"), (long)n);
	}
	free(list);
	store_close(&s);
	return 0;
}

int cmd_visit_resume(cli *c)
{
	ds_store *s = NULL;
	store_draft_info info;
	json_t *v = NULL, *out;
	ds_error err;
	char *t;
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_draft_get(s, c->pos[0], &info, &v, &err)) {
		store_close(&s);
		return cli_error(&err);
	}
	out = json_pack("{s:s, s:s, s:i, s:s, s:o}", "draft", info.id, "household",
	                info.household, "step", info.step, "updated", info.updated,
	                "visit", v);
	t = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("%s\n", t ? t : "{}");
	free(t);
	json_decref(out);
	store_close(&s);
	return 0;
}

int cmd_visit_draft_discard(cli *c)
{
	ds_store *s = NULL;
	ds_error err;
	int rc = 0;
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_draft_delete(s, c->pos[0], &err))
		rc = cli_error(&err);
	store_close(&s);
	return rc;
}

/* ---- review and appeals ------------------------------------------------------ */

static int do_action(cli *c, core_action a)
{
	ds_store *s = NULL;
	char id[STORE_ID_BUF];
	core_step_args args;
	core_state next;
	ds_error err;
	int rc;
	core_step_args_init(&args);
	args.reason = cli_opt(c, "reason");
	args.note = cli_opt(c, "note");
	args.late_reason = cli_opt(c, "late-reason");
	args.to = cli_opt(c, "to");
	if (cli_opt(c, "received") &&
	    core_date_parse(cli_opt(c, "received"), &args.received, "--received",
	                    &err))
		return cli_error(&err);
	if (cli_opt(c, "on") &&
	    core_date_parse(cli_opt(c, "on"), &args.on, "--on", &err))
		return cli_error(&err);
	if (cli_opt(c, "method") &&
	    (args.method = core_delivery_lookup(cli_opt(c, "method"))) < 0)
		return cli_fail(DS_EUSAGE, "--method",
		                N_("say how the letter was delivered: in_person, post, left_at_home or public"),
		                NULL);
	if (a == CORE_ACTION_APPEAL_DECIDE) {
		const char *d = c->npos > 1 ? c->pos[1] : "";
		const char *restore = cli_opt(c, "restore");
		if (strcmp(d, "uphold") && strcmp(d, "overturn"))
			return cli_fail(DS_EUSAGE, "DECISION",
			                N_("say uphold or overturn"), NULL);
		args.overturn = !strcmp(d, "overturn");
		if (restore) {
			int st = core_state_lookup(restore);
			if (st < 0 || !core_state_restorable((core_state)st))
				return cli_fail(DS_EUSAGE, "--restore",
				                N_("an overturned decision restores receiving, in_transition or investigating"),
				                NULL);
			args.restore = (core_state)st;
		}
	}
	if ((rc = open_with(c, &s, id)))
		return rc;
	if (store_case_act(s, id, a, &args, &next, &err))
		rc = cli_error(&err);
	else
		printf(_("%s: %s; the case is now: %s\n"), id, core_action_id(a),
		       label_status(core_state_id(next)));
	store_close(&s);
	return rc;
}

int cmd_review_submit(cli *c) { return do_action(c, CORE_ACTION_SUBMIT); }
int cmd_review_approve(cli *c) { return do_action(c, CORE_ACTION_APPROVE); }
int cmd_review_return(cli *c) { return do_action(c, CORE_ACTION_RETURN); }
int cmd_review_refuse(cli *c) { return do_action(c, CORE_ACTION_REFUSE); }
int cmd_review_object(cli *c) { return do_action(c, CORE_ACTION_OBJECT); }
int cmd_review_suspend(cli *c) { return do_action(c, CORE_ACTION_SUSPEND); }
int cmd_review_resume(cli *c) { return do_action(c, CORE_ACTION_RESUME); }
int cmd_appeal_file(cli *c) { return do_action(c, CORE_ACTION_APPEAL_FILE); }
int cmd_appeal_assign(cli *c) { return do_action(c, CORE_ACTION_APPEAL_ASSIGN); }
int cmd_appeal_decide(cli *c) { return do_action(c, CORE_ACTION_APPEAL_DECIDE); }
int cmd_notice_deliver(cli *c) { return do_action(c, CORE_ACTION_DELIVER); }

int cmd_review_finalize(cli *c)
{
	ds_store *s = NULL;
	ds_error err;
	int changed = 0, rc = 0;
	if (c->npos)
		return do_action(c, CORE_ACTION_FINALIZE);
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_case_catch_up(s, &changed, &err))
		rc = cli_error(&err);
	else
		printf(_("Decisions that took effect or withdrawals that ended: %d\n"),
		       changed);
	store_close(&s);
	return rc;
}

/* ---- lists ------------------------------------------------------------------- */

typedef struct {
	ds_store *s;
	core_state want;
	bool appeals, json;
	json_t *out;
	long n;
	ds_error *err;
	core_assessment *a;
	struct listed {
		char id[STORE_ID_BUF];
		int64_t key;
		core_date deadline;
	} *items;
	size_t cap;
} list_ctx;

static ds_status collect(const store_household_row *row, void *vctx)
{
	list_ctx *x = vctx;
	store_case k;
	ds_status st = store_case_get(x->s, row->id, &k, x->err);
	if (st)
		return st;
	if (x->appeals ? !k.c.appeal_open : k.c.state != x->want)
		return DS_OK;
	if ((size_t)x->n == x->cap) {
		size_t nc = x->cap ? x->cap * 2 : 32;
		struct listed *ni = realloc(x->items, nc * sizeof(*ni));
		if (!ni)
			return ds_fail(x->err, DS_ESYSTEM, "", N_("out of memory"));
		x->items = ni;
		x->cap = nc;
	}
	snprintf(x->items[x->n].id, STORE_ID_BUF, "%s", row->id);
	x->items[x->n].key = k.proposal_seq;
	x->items[x->n].deadline = k.c.appeal_deadline;
	x->n++;
	return DS_OK;
}

static int by_key(const void *a, const void *b)
{
	const struct listed *x = a, *y = b;
	return x->key < y->key ? -1 : x->key > y->key;
}

static int by_deadline(const void *a, const void *b)
{
	const struct listed *x = a, *y = b;
	return x->deadline < y->deadline ? -1 : x->deadline > y->deadline;
}

static void show_case(list_ctx *x, const char *id, json_t *arr)
{
	store_household_row row;
	store_case k;
	json_t *body = NULL;
	ds_error err;
	char d[11];
	if (store_household_get(x->s, id, &row, &err) ||
	    store_case_get(x->s, id, &k, &err)) {
		cli_error(&err);
		return;
	}
	if (k.proposal_seq && !store_event_json(x->s, k.proposal_seq, &body, &err))
		store_assessment_from_json(x->s, json_object_get(body, "assessment"), x->a,
		                           &err);
	if (arr) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id, "head",
		                      head_name(&row.h), "state",
		                      core_state_id(k.c.state), "submitted_by",
		                      k.c.submitted_by, "proposal", core_outcome_id(k.c.outcome));
		if (x->appeals) {
			core_date_format(k.c.appeal_deadline, d);
			json_object_set_new(o, "deadline", json_string(d));
			json_object_set_new(o, "overdue",
			                    json_boolean(k.c.appeal_deadline < store_today(x->s)));
			json_object_set_new(o, "reviewer", json_string(k.c.appeal_reviewer));
			json_object_set_new(o, "late", json_boolean(k.c.appeal_late));
			if (k.c.appeal_late)
				json_object_set_new(o, "late_reason",
				                    json_string(k.c.appeal_late_reason));
			json_object_set_new(o, "decision_proposer",
			                    json_string(k.c.decision_proposer));
			json_object_set_new(o, "decision_approver",
			                    json_string(k.c.decision_approver));
		}
		if (body)
			json_object_set_new(o, "assessment", explain_json(x->a));
		json_array_append_new(arr, o);
	} else {
		if (x->appeals) {
			core_date_format(k.c.appeal_deadline, d);
			printf(_("%s  %s  answer by %s%s  reviewer: %s  (decision by %s, approved by %s)\n"),
			       id, head_name(&row.h), d,
			       k.c.appeal_deadline < store_today(x->s) ? _("  OVERDUE") : "",
			       k.c.appeal_reviewer[0] ? k.c.appeal_reviewer : _("not assigned"),
			       k.c.decision_proposer, k.c.decision_approver);
			if (k.c.appeal_late)
				printf(_("    received late; accepted because: %s\n"),
				       k.c.appeal_late_reason);
		} else {
			printf(_("%s  %s  submitted by %s; proposal: %s\n"), id,
			       head_name(&row.h), k.c.submitted_by,
			       label_outcome(core_outcome_id(k.c.outcome)));
		}
		if (body)
			explain_print(stdout, x->a);
		printf("\n");
	}
	json_decref(body);
	store_row_free(&row);
}

static int list_cases(cli *c, bool appeals)
{
	ds_store *s = NULL;
	list_ctx x;
	ds_error err;
	json_t *arr = NULL;
	memset(&x, 0, sizeof(x));
	x.want = CORE_STATE_SUBMITTED;
	x.appeals = appeals;
	x.err = &err;
	if (!(x.a = malloc(sizeof(*x.a))))
		return cli_fail(DS_ESYSTEM, "", N_("out of memory"), NULL);
	if (cli_open(c, &s, &err)) {
		free(x.a);
		return cli_error(&err);
	}
	x.s = s;
	if (store_household_each(s, collect, NULL, &x, &err)) {
		free(x.a);
		free(x.items);
		store_close(&s);
		return cli_error(&err);
	}
	if (x.n)
		qsort(x.items, (size_t)x.n, sizeof(*x.items),
		      appeals ? by_deadline : by_key);
	if (cli_flag(c, "json"))
		arr = json_array();
	for (long i = 0; i < x.n; i++)
		show_case(&x, x.items[i].id, arr);
	if (arr) {
		char *t = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", t ? t : "[]");
		free(t);
		json_decref(arr);
	} else {
		printf(appeals ? _("%ld open appeals\n") : _("%ld cases waiting for review\n"),
		       x.n);
	}
	free(x.items);
	free(x.a);
	store_close(&s);
	return 0;
}

int cmd_review_list(cli *c) { return list_cases(c, false); }
int cmd_appeal_list(cli *c) { return list_cases(c, true); }

int cmd_due(cli *c)
{
	ds_store *s = NULL;
	store_due_item *items = NULL;
	size_t n = 0;
	long within = 30;
	ds_error err;
	const char *w = cli_opt(c, "within");
	if (w) {
		char *end;
		errno = 0;
		within = strtol(w, &end, 10);
		if (errno || *end || within < 0 || within > 3660)
			return cli_fail(DS_EUSAGE, "--within",
			                N_("needs a whole number, e.g. 300"), NULL);
	}
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_due(s, (int)within, &items, &n, &err)) {
		store_close(&s);
		return cli_error(&err);
	}
	if (cli_flag(c, "json")) {
		json_t *arr = json_array();
		char *t;
		for (size_t i = 0; i < n; i++) {
			char d[11];
			json_t *o;
			core_date_format(items[i].date, d);
			o = json_pack("{s:s, s:s, s:s, s:b, s:s}", "kind",
			                      core_due_id(items[i].kind), "household",
			                      items[i].household, "date", d, "overdue",
			                      items[i].overdue, "detail", items[i].detail);
			if (o && items[i].from >= 0) {
				char f[11];
				core_date_format(items[i].from, f);
				json_object_set_new(o, "from", json_string(f));
			}
			if (o && (items[i].kind == CORE_DUE_RELIEF ||
			          items[i].kind == CORE_DUE_RELIEF_PAPERWORK))
				json_object_set_new(o, "relief", json_string(items[i].detail));
			json_array_append_new(arr, o);
		}
		t = json_dumps(arr, JSON_INDENT(2));
		printf("%s\n", t ? t : "[]");
		free(t);
		json_decref(arr);
	} else {
		/* the kind column as wide as its widest label in this language,
		 * so no label is cut */
		int width = 0;
		for (int k = 0; k < CORE_DUE_COUNT; k++)
			if (text_width(label_due((core_due_kind)k)) > width)
				width = text_width(label_due((core_due_kind)k));
		for (size_t i = 0; i < n; i++) {
			char d[11], kind[160];
			core_date_format(items[i].date, d);
			text_fit(kind, sizeof(kind), label_due(items[i].kind),
			         width < 60 ? width : 60, true);
			printf("%s %s  %s  %s", items[i].overdue ? "!" : " ", d, kind,
			       items[i].household);
			if (items[i].from >= 0) {
				char f[11];
				core_date_format(items[i].from, f);
				/* L10N: after a due item: the day its time counts from */
				printf("  ");
				printf(_("from %s"), f);
			}
			if ((items[i].kind == CORE_DUE_RELIEF ||
			     items[i].kind == CORE_DUE_RELIEF_PAPERWORK) &&
			    items[i].detail[0]) {
				/* L10N: after a relief deadline: the relief case */
				printf("  ");
				printf(_("relief case %s"), items[i].detail);
			}
			if (items[i].kind == CORE_DUE_TRANSITION_WARNING &&
			    items[i].detail[0]) {
				/* L10N: after a withdrawal's warning: its last month */
				printf("  ");
				printf(_("last month %s"), items[i].detail);
			}
			printf("\n");
		}
		printf(_("%ld items due within %ld days (! overdue)\n"), (long)n,
		       within);
	}
	free(items);
	store_close(&s);
	return 0;
}

/* ---- the written notice ------------------------------------------------------ */

/* The county's particulars for letters, from the settings in force
 * (empty when never set: the letter says so in their place). */
static ds_status notice_settings(ds_store *s, store_county_settings *cs,
                                 letter_settings *set, ds_error *err)
{
	bool any;
	ds_status st = store_county_settings_get(s, cs, &any, err);
	if (st)
		return st;
	set->authority = cs->authority;
	set->address = cs->address;
	set->telephone = cs->telephone;
	set->reconsideration_body = cs->reconsideration_body;
	set->court = cs->court;
	set->docno_prefix = cs->docno_prefix;
	return DS_OK;
}

/* The letter of household id's decision in force, composed once for the
 * text and the PDF. */
static ds_status notice_letter(ds_store *s, const char *id, letter *L,
                               ds_error *err)
{
	store_household_row row;
	store_case k;
	json_t *body = NULL;
	core_assessment *a = NULL;
	core_policy *versions = NULL;
	const core_policy *p;
	store_county_settings cs;
	letter_settings set;
	char ref[64];
	size_t nv = 0;
	ds_status st;
	if ((st = store_household_get(s, id, &row, err)))
		return st;
	if ((st = store_case_get(s, id, &k, err)))
		goto out;
	if (!(a = malloc(sizeof(*a)))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	if (k.c.decided < 0 || !k.decision_seq) {
		st = ds_fail(err, DS_EINPUT, id,
		             N_("no decision has been made for this household yet"));
		goto out;
	}
	if ((st = store_event_json(s, k.decision_seq, &body, err)) ||
	    (st = store_assessment_from_json(s, json_object_get(body, "assessment"),
	                                     a, err)) ||
	    (st = store_policy_at(s, k.c.decided, &versions, &nv, &p, err)) ||
	    (st = notice_settings(s, &cs, &set, err)))
		goto out;
	store_event_ref(s, k.decision_seq, ref);
	st = letter_build(L, &row, &k, a, p, &set, ref, err);
out:
	store_policies_free(versions, nv);
	json_decref(body);
	if (a) /* its text arena holds names: the interface forgets them */
		store_wipe(a, sizeof(*a));
	free(a);
	store_row_free(&row);
	return st;
}

/* The letter of relief case id's decision (an id or a unique prefix, as
 * `relief show`): the policy it was worked out under (by its version;
 * the one in force on the day received when that version is gone), the
 * deciding event — the case's last, once decided: a closed case takes no
 * further step — for the document number. */
static ds_status relief_letter(ds_store *s, const char *id, letter *L,
                               ds_error *err)
{
	store_household_row row;
	store_relief r;
	core_policy *own = NULL, *versions = NULL;
	const core_policy *p = NULL;
	store_county_settings cs;
	letter_settings set;
	char ref[64];
	size_t nv = 0;
	bool found = false;
	ds_status st;
	memset(&row, 0, sizeof(row));
	if ((st = store_relief_get(s, id, &r, err)))
		return st;
	if (r.r.state != CORE_RELIEF_APPROVED && r.r.state != CORE_RELIEF_REFUSED)
		return ds_fail(err, DS_EINPUT, r.id,
		               N_("no decision has been made on this relief case yet (it is %s)"),
		               relief_state_text(r.r.state));
	if ((st = store_household_get(s, r.household, &row, err)))
		goto out;
	if (!(own = calloc(1, sizeof(*own)))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	if ((st = store_policy_get(s, r.policy_version, own, &found, err)))
		goto out;
	if (found) {
		p = own;
	} else if ((st = store_policy_at(s, r.r.received, &versions, &nv, &p, err))) {
		goto out;
	} else if (!p) {
		char d[11];
		core_date_format(r.r.received, d);
		st = ds_fail(err, DS_EINPUT, r.id, N_("no policy is in force on %s"), d);
		goto out;
	}
	if ((st = notice_settings(s, &cs, &set, err)))
		goto out;
	store_event_ref(s, r.seq, ref);
	st = letter_build_relief(L, &row, &r, p, &set, ref, err);
out:
	if (found)
		core_policy_free(own);
	free(own);
	store_policies_free(versions, nv);
	store_row_free(&row);
	store_wipe(&r, sizeof(r)); /* the need, as the household told it */
	return st;
}

typedef ds_status (*letter_of)(ds_store *s, const char *id, letter *L,
                               ds_error *err);

static ds_status notice_write(FILE *f, ds_store *s, const char *id,
                              letter_of build, ds_error *err)
{
	letter L;
	ds_status st;
	if ((st = build(s, id, &L, err)))
		return st;
	letter_text(&L, f);
	letter_free(&L);
	return DS_OK;
}

static ds_status notice_pdf(ds_store *s, const char *id, const char *path,
                            letter_of build, ds_error *err)
{
	letter L;
	unsigned char *pdf = NULL;
	size_t len = 0;
	ds_status st;
	if ((st = build(s, id, &L, err)))
		return st;
	st = letter_pdf(&L, &pdf, &len, err);
	letter_free(&L);
	if (!st)
		st = store_write_file_atomic(path, pdf, len, err);
	if (pdf) {
		store_wipe(pdf, len);
		free(pdf);
	}
	return st;
}

ds_status cli_notice_write(FILE *f, ds_store *s, const char *id,
                           ds_error *err)
{
	return notice_write(f, s, id, notice_letter, err);
}

ds_status cli_notice_pdf(ds_store *s, const char *id, const char *path,
                         ds_error *err)
{
	return notice_pdf(s, id, path, notice_letter, err);
}

ds_status cli_relief_notice_write(FILE *f, ds_store *s, const char *id,
                                  ds_error *err)
{
	return notice_write(f, s, id, relief_letter, err);
}

ds_status cli_relief_notice_pdf(ds_store *s, const char *id, const char *path,
                                ds_error *err)
{
	return notice_pdf(s, id, path, relief_letter, err);
}

int cmd_notice(cli *c)
{
	ds_store *s = NULL;
	char hh[STORE_ID_BUF];
	const char *out = cli_opt(c, "out"), *pdf = cli_opt(c, "pdf"), *id = hh;
	bool relief = cli_flag(c, "relief");
	letter_of build = relief ? relief_letter : notice_letter;
	ds_error err;
	int rc;
	if (relief) { /* the relief case's id: store_relief_get resolves it */
		if (cli_open(c, &s, &err))
			return cli_error(&err);
		id = c->pos[0];
	} else if ((rc = open_with(c, &s, hh))) {
		return rc;
	}
	rc = 0;
	/* --pdf and --out may go together; without either, the terminal */
	if (pdf && notice_pdf(s, id, pdf, build, &err)) {
		rc = cli_error(&err);
	} else if (out) {
		char *buf = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&buf, &len);
		ds_status st;
		if (!mem) {
			store_close(&s);
			return cli_fail(DS_ESYSTEM, "", N_("out of memory"), NULL);
		}
		st = notice_write(mem, s, id, build, &err);
		fclose(mem);
		if (st || store_write_file_atomic(out, buf, len, &err))
			rc = cli_error(&err);
		store_wipe(buf, len);
		free(buf);
	} else if (!pdf && notice_write(stdout, s, id, build, &err)) {
		rc = cli_error(&err);
	}
	store_close(&s);
	return rc;
}
