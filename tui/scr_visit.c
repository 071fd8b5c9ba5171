/* scr_visit.c — the guided household visit: a form in the order a visit
 * happens (arrival, who is here, members and income, the home, assets,
 * bills and statements, observations, consent), each field checked in
 * place, Tab and Shift-Tab between fields, saved as a draft at every step
 * and on Esc, and at the end the visit recorded, the household assessed,
 * what changed, and "submit for review". */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store/assessjson.h"
#include "store/casework.h"
#include "store/hhjson.h"
#include "tui/explain.h"
#include "tui/field.h"
#include "tui/i18n.h"
#include "tui/labels.h"
#include "tui/scr_text.h"
#include "tui/text.h"
#include "tui/ui.h"
#include "tui/wipe.h"

enum {
	STEP_ARRIVAL,
	STEP_PRESENT,
	STEP_MEMBERS,
	STEP_HOME,
	STEP_ASSETS,
	STEP_BILLS,
	STEP_NOTES,
	STEP_CONSENT,
	STEP_COUNT
};

typedef enum { F_TEXT, F_DATE, F_MONEY, F_INT, F_TOGGLE, F_CHOICE, F_IDNUM } ftype;

typedef struct {
	const char *label;
	ftype type;
	field f;
	bool on;              /* F_TOGGLE */
	int choice;           /* F_CHOICE */
	const char *const *choices;
	int n_choices;
	size_t max;           /* bytes, with the NUL */
	bool required;
	char error[256];      /* shown under the field, in place */
} ffield;

#define MAX_FIELDS 40

typedef struct {
	ui *u;
	char id[STORE_ID_BUF];
	char draft[STORE_ID_BUF];
	int step;
	core_household before, after; /* after: the members as found */
	bool present[CORE_MEMBERS_MAX];
	ffield fields[MAX_FIELDS];
	int n_fields, cur;
	/* the member form, within the members step */
	bool editing;
	int edit_index;       /* -1: a new member */
	size_t member_cursor;
	char staff1[CORE_STAFF_MAX];
	char staff2[CORE_STAFF_MAX];     /* the second staff member */
	char texts[5][CORE_VISIT_TEXT_MAX]; /* housing, sighted, utilities, bank, notes */
	core_date date;
	int signer;
	core_composition changes[CORE_MEMBERS_MAX];
	size_t n_changes;
	bool recorded;
	text_page result;
	json_t *form;         /* a draft's form, until it is put back */
	bool dirty;           /* typed since the draft was last saved */
	/* the idle lock: everything above is wiped but the ids and where the
	 * visit was; it comes back from the store and the draft */
	bool locked;
	unsigned generation;  /* u->generation when locked */
	bool had_error[MAX_FIELDS];
} visit;

/* ---- the visit as JSON (drafts and the record) ------------------------------- */

/* The visit as the store reads it; a draft also keeps the form as it is
 * on screen (the step's fields, half typed or not), so nothing typed is
 * lost when the visit is left or the laptop dies. */
static json_t *visit_json(visit *v, bool draft)
{
	json_t *j = json_object(), *present = json_array(), *changes = json_array();
	json_t *hh = store_household_to_json(&v->after);
	char d[11];
	core_date_format(v->date, d);
	json_object_set_new(j, "date", json_string(d));
	json_object_set_new(j, "staff", json_pack("[s, s]", v->staff1, v->staff2));
	for (size_t i = 0; i < v->after.n_members; i++)
		if (v->present[i])
			json_array_append_new(present,
			                      json_string(v->after.members[i].id_number));
	json_object_set_new(j, "present", present);
	if (v->signer >= 0 && (size_t)v->signer < v->after.n_members)
		json_object_set_new(j, "consent",
		                    json_pack("{s:s, s:s}", "signed_by",
		                              v->after.members[v->signer].id_number,
		                              "at", d));
	json_object_set_new(j, "housing", json_string(v->texts[0]));
	json_object_set_new(j, "assets_sighted", json_string(v->texts[1]));
	json_object_set_new(j, "utilities_seen", json_string(v->texts[2]));
	json_object_set_new(j, "bank_statements_seen", json_string(v->texts[3]));
	json_object_set_new(j, "observations", json_string(v->texts[4]));
	for (size_t i = 0; i < v->n_changes; i++)
		json_array_append_new(changes,
		                      json_pack("{s:s, s:s}", "change",
		                                core_change_id(v->changes[i].kind),
		                                "id_number", v->changes[i].id_number));
	json_object_set_new(j, "changes", changes);
	if (hh) {
		json_object_set(j, "members", json_object_get(hh, "members"));
		json_object_set(j, "assets", json_object_get(hh, "assets"));
		json_decref(hh);
	}
	if (draft) {
		json_t *form = json_object(), *fields = json_array();
		for (int i = 0; i < v->n_fields; i++)
			json_array_append_new(fields,
			                      json_pack("{s:s, s:b, s:i}", "text",
			                                v->fields[i].f.text, "on",
			                                v->fields[i].on, "choice",
			                                v->fields[i].choice));
		json_object_set_new(form, "fields", fields);
		json_object_set_new(form, "cur", json_integer(v->cur));
		json_object_set_new(form, "editing", json_boolean(v->editing));
		json_object_set_new(form, "edit_index", json_integer(v->edit_index));
		json_object_set_new(j, "form", form);
	}
	return j;
}

static void save_draft(visit *v)
{
	json_t *j = visit_json(v, true);
	ds_error err;
	if (store_draft_save(v->u->store, v->draft, v->id, v->step, j, &err))
		ui_error(v->u, &err);
	else
		v->dirty = false;
	json_decref(j);
}

/* ---- the fields of each step --------------------------------------------------- */

static const char *const relation_words_ids[] = {
#define X(e, id) id,
	CORE_RELATION_LIST(X)
#undef X
};
static const char *const income_words_ids[] = {
#define X(e, id, counted) id,
	CORE_INCOME_LIST(X)
#undef X
};

static ffield *add(visit *v, const char *label, ftype t, const char *text)
{
	ffield *f = &v->fields[v->n_fields++];
	memset(f, 0, sizeof(*f));
	f->label = label;
	f->type = t;
	f->max = FIELD_MAX;
	field_set(&f->f, text);
	return f;
}

static void money_text(core_fen fen, char *buf)
{
	core_money_format(fen, buf);
}

static void build_fields(visit *v)
{
	char buf[64];
	ffield *f;
	v->n_fields = 0;
	v->cur = 0;
	switch (v->step) {
	case STEP_ARRIVAL:
		core_date_format(v->date, buf);
		add(v, _("Date of the visit"), F_DATE, buf);
		f = add(v, _("The second staff member"), F_TEXT, v->staff2);
		f->max = CORE_STAFF_MAX;
		f->required = true;
		break;
	case STEP_PRESENT:
		for (size_t i = 0; i < v->after.n_members; i++) {
			f = add(v, v->after.members[i].name, F_TOGGLE, "");
			f->on = v->present[i];
		}
		break;
	case STEP_MEMBERS:
		if (v->editing) {
			const core_member *m = v->edit_index >= 0
			                               ? &v->after.members[v->edit_index]
			                               : NULL;
			f = add(v, _("Name"), F_TEXT, m ? m->name : "");
			f->max = CORE_NAME_MAX;
			f->required = true;
			add(v, _("ID number"), F_IDNUM, m ? m->id_number : "");
			f = add(v, _("Relation to the head"), F_CHOICE, "");
			f->choices = relation_words_ids;
			f->n_choices = CORE_REL_COUNT;
			f->choice = m ? (int)m->relation : CORE_REL_CHILD;
			f = add(v, _("Able to work"), F_TOGGLE, "");
			f->on = m ? m->able_to_work : false;
			f = add(v, _("Main income"), F_CHOICE, "");
			f->choices = income_words_ids;
			f->n_choices = CORE_INCOME_COUNT;
			f->choice = m && m->n_incomes ? (int)m->incomes[0].source
			                              : CORE_INCOME_WAGES;
			money_text(m && m->n_incomes ? m->incomes[0].monthly : 0, buf);
			add(v, _("It pays a month (yuan)"), F_MONEY, buf);
		}
		break;
	case STEP_HOME:
		add(v, _("Housing and living conditions"), F_TEXT, v->texts[0]);
		break;
	case STEP_ASSETS:
		money_text(v->after.financial, buf);
		add(v, _("Savings and other financial assets (yuan)"), F_MONEY, buf);
		snprintf(buf, sizeof(buf), "%d", v->after.homes);
		add(v, _("Homes"), F_INT, buf);
		add(v, _("Assets seen"), F_TEXT, v->texts[1]);
		break;
	case STEP_BILLS:
		add(v, _("Utility readings or bills seen"), F_TEXT, v->texts[2]);
		add(v, _("Bank statements seen"), F_TEXT, v->texts[3]);
		break;
	case STEP_NOTES:
		add(v, _("What you observed"), F_TEXT, v->texts[4]);
		break;
	case STEP_CONSENT: {
		static const char *names[CORE_MEMBERS_MAX];
		int n = 0;
		for (size_t i = 0; i < v->after.n_members; i++)
			names[n++] = v->after.members[i].name;
		f = add(v, _("Signed by"), F_CHOICE, "");
		f->choices = names;
		f->n_choices = n;
		f->choice = v->signer >= 0 ? v->signer : 0;
		break;
	}
	}
}

/* Checks one field in place; false (with its message set) when wrong. */
static bool check(visit *v, ffield *f)
{
	ds_error err;
	f->error[0] = '\0';
	switch (f->type) {
	case F_DATE: {
		core_date d;
		if (core_date_parse(f->f.text, &d, "", &err)) {
			i18n_error(&err, f->error, sizeof(f->error));
			return false;
		}
		if (d > v->u->today) {
			snprintf(f->error, sizeof(f->error), "%s",
			         _("the visit cannot be in the future"));
			return false;
		}
		return true;
	}
	case F_MONEY: {
		core_fen m;
		if (core_money_parse(f->f.text, false, &m, "", &err)) {
			i18n_error(&err, f->error, sizeof(f->error));
			return false;
		}
		return true;
	}
	case F_INT: {
		char *end;
		long n = strtol(f->f.text, &end, 10);
		if (!*f->f.text || *end || n < 0 || n > 99) {
			snprintf(f->error, sizeof(f->error), "%s",
			         _("a whole number from 0 to 99"));
			return false;
		}
		return true;
	}
	case F_IDNUM: {
		char norm[CORE_IDNUM_BUF];
		if (core_idnum_parse(f->f.text, v->u->today, norm, "", &err)) {
			i18n_error(&err, f->error, sizeof(f->error));
			return false;
		}
		return true;
	}
	case F_TEXT:
		if (core_text_check(f->f.text, f->max, f->required, "", &err)) {
			i18n_error(&err, f->error, sizeof(f->error));
			return false;
		}
		return true;
	default:
		return true;
	}
}

/* Copies a checked field (check() has kept it within len). */
static void put(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);
	if (n >= len)
		n = 0; /* not reached: checked before */
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Takes the step's fields into the visit; false when one is wrong. */
static bool take(visit *v)
{
	bool ok = true;
	for (int i = 0; i < v->n_fields; i++)
		if (!check(v, &v->fields[i])) {
			if (ok)
				v->cur = i;
			ok = false;
		}
	if (!ok)
		return false;
	switch (v->step) {
	case STEP_ARRIVAL:
		core_date_parse(v->fields[0].f.text, &v->date, "", NULL);
		put(v->staff2, sizeof(v->staff2), v->fields[1].f.text);
		if (!v->staff2[0] || !strcmp(v->staff2, v->staff1)) {
			snprintf(v->fields[1].error, sizeof(v->fields[1].error), "%s",
			         _("a visit is made by two different staff"));
			v->cur = 1;
			return false;
		}
		break;
	case STEP_PRESENT: {
		bool any = false;
		for (int i = 0; i < v->n_fields; i++)
			any = any || (v->present[i] = v->fields[i].on);
		if (!any) {
			snprintf(v->fields[0].error, sizeof(v->fields[0].error), "%s",
			         _("say who of the household was there (Space marks)"));
			return false;
		}
		break;
	}
	case STEP_MEMBERS:
		if (v->editing) {
			core_member *m;
			ds_error err;
			char norm[CORE_IDNUM_BUF];
			core_idnum_parse(v->fields[1].f.text, -1, norm, "", NULL);
			for (size_t i = 0; i < v->after.n_members; i++)
				if ((int)i != v->edit_index &&
				    !strcmp(v->after.members[i].id_number, norm)) {
					snprintf(v->fields[1].error, sizeof(v->fields[1].error),
					         "%s", _("this person is already listed"));
					v->cur = 1;
					return false;
				}
			if (v->edit_index < 0) {
				if (!(m = core_household_add_member(&v->after, &err))) {
					ui_error(v->u, &err);
					return false;
				}
				v->present[v->after.n_members - 1] = true;
				if (v->n_changes < CORE_MEMBERS_MAX) {
					v->changes[v->n_changes].kind = CORE_CHANGE_JOINED;
					memcpy(v->changes[v->n_changes].id_number, norm,
					       sizeof(norm));
					v->changes[v->n_changes++].date = -1;
				}
			} else {
				m = &v->after.members[v->edit_index];
			}
			put(m->name, sizeof(m->name), v->fields[0].f.text);
			memcpy(m->id_number, norm, sizeof(norm));
			m->relation = (core_relation)v->fields[2].choice;
			m->able_to_work = v->fields[3].on;
			{
				core_fen amount = 0;
				core_income_source src =
				        (core_income_source)v->fields[4].choice;
				core_money_parse(v->fields[5].f.text, false, &amount, "", NULL);
				if (!m->n_incomes && amount)
					m->n_incomes = 1;
				if (m->n_incomes) {
					m->incomes[0].source = src;
					m->incomes[0].monthly = amount;
				}
				/* one source once: a second entry of it merges */
				for (size_t k = 1; k < m->n_incomes; k++)
					if (m->incomes[k].source == src) {
						m->incomes[0].monthly += m->incomes[k].monthly;
						memmove(&m->incomes[k], &m->incomes[k + 1],
						        (m->n_incomes - k - 1) * sizeof(m->incomes[0]));
						m->n_incomes--;
						k--;
					}
			}
			v->editing = false;
		}
		break;
	case STEP_HOME:
		snprintf(v->texts[0], sizeof(v->texts[0]), "%s", v->fields[0].f.text);
		break;
	case STEP_ASSETS:
		core_money_parse(v->fields[0].f.text, false, &v->after.financial, "",
		                 NULL);
		v->after.homes = atoi(v->fields[1].f.text);
		snprintf(v->texts[1], sizeof(v->texts[1]), "%s", v->fields[2].f.text);
		break;
	case STEP_BILLS:
		snprintf(v->texts[2], sizeof(v->texts[2]), "%s", v->fields[0].f.text);
		snprintf(v->texts[3], sizeof(v->texts[3]), "%s", v->fields[1].f.text);
		break;
	case STEP_NOTES:
		snprintf(v->texts[4], sizeof(v->texts[4]), "%s", v->fields[0].f.text);
		break;
	case STEP_CONSENT:
		v->signer = v->fields[0].choice;
		if (!v->present[v->signer]) {
			snprintf(v->fields[0].error, sizeof(v->fields[0].error), "%s",
			         _("the person who signed must be a member who was there"));
			return false;
		}
		break;
	}
	return true;
}

/* ---- recording ---------------------------------------------------------------------- */

static void record(visit *v)
{
	json_t *j = visit_json(v, false);
	core_visit cv;
	store_visit_result r;
	ds_error err;
	char line[2048];
	if (store_visit_from_json(j, &v->before, &cv, &err) ||
	    store_visit_record(v->u->store, v->id, &cv, &r, &err)) {
		json_decref(j);
		core_visit_free(&cv);
		ui_error(v->u, &err);
		return;
	}
	json_decref(j);
	core_visit_free(&cv);
	store_draft_delete(v->u->store, v->draft, NULL);
	v->recorded = true;
	text_clear(&v->result);
	text_add(&v->result, "\1%s", _("The visit is recorded."));
	text_add(&v->result, "%s", r.n_diff ? _("What changed since the household file was last updated:")
	                                    : _("Nothing changed in the household since its file was last updated."));
	for (size_t i = 0; i < r.n_diff; i++) {
		explain_diff(&r.diff[i], line, sizeof(line));
		text_add(&v->result, "%s", line);
	}
	if (r.had_assessment) {
		explain_payment_change(r.previous_payment, r.assessment->payment, line,
		                       sizeof(line));
		text_add(&v->result, "%s", line);
	}
	text_add(&v->result, "\1%s", _("The assessment"));
	for (size_t i = 0; i < r.assessment->n_steps; i++) {
		explain_step(r.assessment, &r.assessment->steps[i], line, sizeof(line));
		text_add(&v->result, "  %s", line);
	}
	text_add(&v->result, "%s", "");
	text_add(&v->result, "%s", _("Press s to submit the case for review, q to go back."));
	store_visit_result_free(&r);
	ui_reload(v->u);
}

/* ---- drawing and keys ------------------------------------------------------------- */

static const char *step_name(int s)
{
	static const char *const names[STEP_COUNT] = {
		N_("Arrival"), N_("Who is here"), N_("Members and income"),
		N_("The home"), N_("Assets"), N_("Bills and statements"),
		N_("Observations"), N_("Consent and signature"),
	};
	return s >= 0 && s < STEP_COUNT ? _(names[s]) : "";
}

/* One line above the form: what this step asks for. */
static const char *step_help(const visit *v)
{
	switch (v->step) {
	case STEP_ARRIVAL:
		return _("The date, and the colleague who came with you.");
	case STEP_PRESENT:
		return _("Mark with Space each member who is at home now.");
	case STEP_MEMBERS:
		return v->edit_index < 0 ? _("Someone new in the household.")
		                         : _("What is true of this person today.");
	case STEP_HOME:
		return _("What you see of the home and how the family lives.");
	case STEP_ASSETS:
		return _("Savings, homes and anything of value you were shown.");
	case STEP_BILLS:
		return _("Bills and bank statements you were shown.");
	case STEP_NOTES:
		return _("Anything else the reviewer should know.");
	case STEP_CONSENT:
		return _("Who signed the consent to check the family's records.");
	}
	return "";
}

static void title(ui *u, screen *s, char *out, size_t len)
{
	visit *v = s->data;
	(void)u;
	if (v->recorded)
		snprintf(out, len, _("Visit to %s — recorded"), v->before.n_members
		         ? v->before.members[core_household_head(&v->before)].name : "");
	else
		snprintf(out, len, _("Visit to %s — step %d of %d: %s (saved as draft %s)"),
		         v->before.n_members
		                 ? v->before.members[core_household_head(&v->before)].name
		                 : "",
		         v->step + 1, STEP_COUNT, step_name(v->step), v->draft);
}

static void unlocked(visit *v);

static void draw(ui *u, screen *s, int top, int rows, int cols)
{
	visit *v = s->data;
	int y = top + 1, lw = 12;
	if (v->locked && v->generation != u->generation)
		unlocked(v);
	for (int i = 0; i < v->n_fields; i++)
		if (text_width(v->fields[i].label) + 2 > lw)
			lw = text_width(v->fields[i].label) + 2;
	if (lw > cols - 24)
		lw = cols - 24;
	if (v->recorded) {
		text_page_paint(&v->result, top, rows, cols);
		return;
	}
	if (v->step == STEP_MEMBERS && !v->editing) {
		ui_put(top, 0, _("Who lives here now? Choose a person and press Enter to change what is known."),
		       cols, A_BOLD);
		for (size_t i = 0; i < v->after.n_members && y < top + rows; i++) {
			const core_member *m = &v->after.members[i];
			char money[CORE_MONEY_BUF] = "";
			int attr = i == v->member_cursor ? A_REVERSE : A_NORMAL;
			int wi = cols - 2 - 12 - 18 - 18;
			if (m->n_incomes)
				core_money_format_grouped(core_member_income_total(m), money);
			ui_put(y, 0, i == v->member_cursor ? ">" : " ", 2, attr);
			ui_put(y, 2, m->name, 12, attr);
			ui_put(y, 14, label_relation(m->relation), 18, attr);
			ui_put(y, 32, m->able_to_work ? _("able to work")
			                              : _("not able to work"), 18, attr);
			if (wi > 4)
				ui_put_right(y, 50, money, wi, attr);
			y++;
		}
		return;
	}
	ui_put(top, 0, step_help(v), cols, A_BOLD);
	for (int i = 0; i < v->n_fields && y < top + rows; i++) {
		ffield *f = &v->fields[i];
		int attr = i == v->cur ? A_BOLD : A_NORMAL;
		char shown[512];
		ui_put(y, 0, f->label, lw, attr);
		switch (f->type) {
		case F_TOGGLE:
			snprintf(shown, sizeof(shown), "[%s]", f->on ? "x" : " ");
			ui_put(y, lw + 1, shown, cols - lw - 1,
			       i == v->cur ? A_REVERSE : A_NORMAL);
			break;
		case F_CHOICE: {
			const char *c = f->choices[f->choice];
			int id;
			if (f->choices == relation_words_ids &&
			    (id = core_relation_lookup(c)) >= 0)
				c = label_relation((core_relation)id);
			else if (f->choices == income_words_ids &&
			         (id = core_income_lookup(c)) >= 0)
				c = label_income((core_income_source)id);
			snprintf(shown, sizeof(shown), "< %s >", c);
			ui_put(y, lw + 1, shown, cols - lw - 1,
			       i == v->cur ? A_REVERSE : A_NORMAL);
			break;
		}
		default:
			if (i != v->cur)
				ui_put(y, lw + 1, f->f.text, cols - lw - 1, A_UNDERLINE);
			break;
		}
		y++;
		if (f->error[0] && y < top + rows)
			ui_put(y++, lw + 1, f->error, cols - lw - 1, A_BOLD);
	}
	/* the field being typed in last, so the cursor stays there */
	if (v->n_fields && v->fields[v->cur].type != F_TOGGLE &&
	    v->fields[v->cur].type != F_CHOICE) {
		int fy = top + 1;
		for (int i = 0; i < v->cur; i++)
			fy += 1 + (v->fields[i].error[0] ? 1 : 0);
		field_draw(&v->fields[v->cur].f, fy, lw + 1, cols - lw - 1,
		           A_UNDERLINE);
	}
}

static bool typing(screen *s)
{
	visit *v = s->data;
	return !v->recorded && (v->step != STEP_MEMBERS || v->editing) &&
	       v->n_fields && v->fields[v->cur].type != F_TOGGLE &&
	       v->fields[v->cur].type != F_CHOICE;
}

static void next_step(visit *v)
{
	if (!take(v))
		return;
	if (v->step + 1 < STEP_COUNT) {
		v->step++;
		save_draft(v);
		build_fields(v);
	} else {
		save_draft(v);
		record(v);
	}
}

/* The keys of a visit, for ? (F1 while typing). */
static void show_help(ui *u)
{
	const char *text[] = {
		_("A visit goes step by step, in the order of a visit at the door."),
		_("Every step is saved as a draft, and what you type is saved when you pause:"),
		_("if the laptop stops, the visit goes on from where it was."),
		"",
		_("Tab          next field"),
		_("Shift-Tab    previous field (on the first field: the step before)"),
		_("Enter        check this step and go to the next"),
		_("Space        mark or unmark; change a choice (← → too)"),
		_("Ctrl-U       clear the field before the cursor"),
		_("Esc          save and leave the visit; V on the household goes on"),
		_("Q            save and leave the program"),
		_("F1, ?        this help"),
		"",
		_("Members and income:"),
		_("Enter        change what is known of the person"),
		_("n            someone new in the household"),
		_("x            the person has left the household"),
		_("d            the person has died"),
		"",
		_("After the last step the visit is recorded and assessed;"),
		_("s then submits the case to the supervisor for review."),
	};
	char *lines[sizeof(text) / sizeof(text[0])];
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
		lines[i] = (char *)text[i];
	ui_push(u, scr_text_new(u, "help", _("Help: the home visit"), lines,
	                        sizeof(text) / sizeof(text[0])));
}

static unsigned key(ui *u, screen *s, ui_action a, int ch)
{
	visit *v = s->data;
	/* the household could not be read again after the unlock */
	if (v->locked)
		return ch == 'Q' ? UI_EXIT : (ch == 27 || ch == 'q') ? UI_POP
		                                                    : UI_DIRTY_ALL;
	if (v->recorded) {
		if (ch == 's') {
			store_action_args args;
			core_state next;
			ds_error err;
			memset(&args, 0, sizeof(args));
			args.received = -1;
			if (store_case_act(u->store, v->id, CORE_ACTION_SUBMIT, &args,
			                   &next, &err))
				ui_error(u, &err);
			else {
				ui_message(u, false, _("Submitted for review."));
				ui_reload(u);
			}
			return UI_DIRTY_ALL;
		}
		if (a == UI_DOWN && v->result.top + 1 < v->result.n)
			v->result.top++;
		if (a == UI_UP && v->result.top)
			v->result.top--;
		return a == UI_BACK || a == UI_QUIT ? UI_DIRTY_NONE : UI_DIRTY_ALL;
	}
	if (ch == KEY_F(1) || (ch == '?' && !typing(s))) {
		show_help(u);
		return UI_DIRTY_ALL;
	}
	/* Esc and q save before leaving; Q saves and quits */
	if (ch == 27 || ch == 'Q' || (ch == 'q' && !typing(s))) {
		save_draft(v);
		if (ch == 'Q')
			return UI_EXIT;
		ui_message(u, false, _("The visit is saved as draft %s; press V on the household to go on."),
		           v->draft);
		return UI_POP;
	}
	if (v->step == STEP_MEMBERS && !v->editing) {
		switch (ch) {
		case KEY_UP:
		case 'k':
			if (v->member_cursor)
				v->member_cursor--;
			return UI_DIRTY_BODY;
		case KEY_DOWN:
		case 'j':
			if (v->member_cursor + 1 < v->after.n_members)
				v->member_cursor++;
			return UI_DIRTY_BODY;
		case '\n':
		case KEY_ENTER:
			v->editing = true;
			v->edit_index = (int)v->member_cursor;
			build_fields(v);
			return UI_DIRTY_ALL;
		case 'n':
			v->editing = true;
			v->edit_index = -1;
			build_fields(v);
			return UI_DIRTY_ALL;
		case 'x':
		case 'd':
			if (v->after.n_members > 1 && v->n_changes < CORE_MEMBERS_MAX) {
				size_t i = v->member_cursor;
				v->changes[v->n_changes].kind =
				        ch == 'd' ? CORE_CHANGE_DIED : CORE_CHANGE_LEFT;
				memcpy(v->changes[v->n_changes].id_number,
				       v->after.members[i].id_number, CORE_IDNUM_BUF);
				v->changes[v->n_changes++].date = -1;
				memmove(&v->present[i], &v->present[i + 1],
				        (v->after.n_members - i - 1) * sizeof(v->present[0]));
				core_household_remove_member(&v->after, i);
				if (v->member_cursor >= v->after.n_members)
					v->member_cursor = v->after.n_members - 1;
				save_draft(v);
			}
			return UI_DIRTY_ALL;
		case '\t':
			next_step(v);
			return UI_DIRTY_ALL;
		case KEY_BTAB:
			v->step--;
			build_fields(v);
			return UI_DIRTY_ALL;
		default:
			return a == UI_HELP ? UI_DIRTY_NONE : UI_DIRTY_ALL;
		}
	}
	if (!v->n_fields)
		return UI_DIRTY_NONE;
	switch (ch) {
	case '\t':
		check(v, &v->fields[v->cur]);
		v->cur = (v->cur + 1) % v->n_fields;
		return UI_DIRTY_ALL;
	case KEY_BTAB:
		if (v->cur == 0 && v->step > 0 && !v->editing) {
			v->step--;
			build_fields(v);
			return UI_DIRTY_ALL;
		}
		v->cur = (v->cur + v->n_fields - 1) % v->n_fields;
		return UI_DIRTY_ALL;
	case '\n':
	case KEY_ENTER:
		if (v->step == STEP_MEMBERS && v->editing) {
			if (take(v)) {
				save_draft(v);
				build_fields(v);
			}
			return UI_DIRTY_ALL;
		}
		next_step(v);
		return UI_DIRTY_ALL;
	default:
		break;
	}
	{
		ffield *f = &v->fields[v->cur];
		if (f->type == F_TOGGLE && (ch == ' ' || ch == 'x')) {
			f->on = !f->on;
			v->dirty = true;
			return UI_DIRTY_BODY;
		}
		if (f->type == F_CHOICE && f->n_choices &&
		    (ch == ' ' || ch == KEY_RIGHT || ch == KEY_LEFT)) {
			f->choice = (f->choice + (ch == KEY_LEFT ? f->n_choices - 1 : 1)) %
			            f->n_choices;
			v->dirty = true;
			return UI_DIRTY_BODY;
		}
		if (f->type == F_TOGGLE || f->type == F_CHOICE) {
			if (ch == KEY_UP || ch == 'k') {
				v->cur = (v->cur + v->n_fields - 1) % v->n_fields;
				return UI_DIRTY_BODY;
			}
			if (ch == KEY_DOWN || ch == 'j') {
				v->cur = (v->cur + 1) % v->n_fields;
				return UI_DIRTY_BODY;
			}
			return a == UI_HELP ? UI_DIRTY_NONE : UI_DIRTY_ALL;
		}
		if (field_key(&f->f, ch)) {
			f->error[0] = '\0';
			v->dirty = true;
			return UI_DIRTY_BODY;
		}
	}
	return UI_DIRTY_NONE;
}

/* ---- going on with a draft ---------------------------------------------------- */

static void copy_text(json_t *j, const char *key, char *out, size_t len)
{
	const char *t = json_string_value(json_object_get(j, key));
	snprintf(out, len, "%s", t ? t : "");
}

/* Reads back what save_draft wrote. A draft is half a visit, so nothing
 * in it is required; what is there is checked as the household is. */
static void from_draft(visit *v, json_t *j)
{
	json_t *val, *members = json_object_get(j, "members"),
	              *assets = json_object_get(j, "assets");
	const char *t;
	size_t i;
	core_date d;
	if ((t = json_string_value(json_object_get(j, "date"))) &&
	    !core_date_parse(t, &d, "", NULL))
		v->date = d;
	t = json_string_value(json_array_get(json_object_get(j, "staff"), 1));
	snprintf(v->staff2, sizeof(v->staff2), "%s", t ? t : "");
	if (members || assets) {
		json_t *h = store_household_to_json(&v->before);
		core_household found;
		if (h) {
			if (json_is_array(members))
				json_object_set(h, "members", members);
			if (json_is_object(assets))
				json_object_set(h, "assets", assets);
			if (!store_household_from_json(h, &found, NULL)) {
				core_household_free(&v->after);
				v->after = found;
			}
			json_decref(h);
		}
	}
	json_array_foreach(json_object_get(j, "present"), i, val)
		for (size_t m = 0; m < v->after.n_members; m++)
			if ((t = json_string_value(val)) &&
			    !strcmp(t, v->after.members[m].id_number))
				v->present[m] = true;
	if ((t = json_string_value(json_object_get(json_object_get(j, "consent"),
	                                           "signed_by"))))
		for (size_t m = 0; m < v->after.n_members; m++)
			if (!strcmp(t, v->after.members[m].id_number))
				v->signer = (int)m;
	copy_text(j, "housing", v->texts[0], sizeof(v->texts[0]));
	copy_text(j, "assets_sighted", v->texts[1], sizeof(v->texts[1]));
	copy_text(j, "utilities_seen", v->texts[2], sizeof(v->texts[2]));
	copy_text(j, "bank_statements_seen", v->texts[3], sizeof(v->texts[3]));
	copy_text(j, "observations", v->texts[4], sizeof(v->texts[4]));
	v->n_changes = 0;
	json_array_foreach(json_object_get(j, "changes"), i, val) {
		int kind = core_change_lookup(json_string_value(json_object_get(val, "change")));
		core_composition *c = &v->changes[v->n_changes];
		if (kind < 0 || v->n_changes >= CORE_MEMBERS_MAX ||
		    core_idnum_parse(json_string_value(json_object_get(val, "id_number")),
		                     -1, c->id_number, "", NULL))
			continue;
		c->kind = (core_change_kind)kind;
		c->date = -1;
		v->n_changes++;
	}
	v->form = json_incref(json_object_get(j, "form"));
}

/* The step's fields as they were on screen when the draft was saved. */
static void restore_form(visit *v)
{
	json_t *form = v->form, *fields, *val;
	size_t i;
	if (!form)
		return;
	if (json_is_true(json_object_get(form, "editing")) && v->step == STEP_MEMBERS) {
		json_int_t e = json_integer_value(json_object_get(form, "edit_index"));
		if (e >= -1 && e < (json_int_t)v->after.n_members) {
			v->editing = true;
			v->edit_index = (int)e;
			build_fields(v);
		}
	}
	fields = json_object_get(form, "fields");
	if (json_array_size(fields) == (size_t)v->n_fields) {
		json_array_foreach(fields, i, val) {
			ffield *f = &v->fields[i];
			const char *t = json_string_value(json_object_get(val, "text"));
			json_int_t c = json_integer_value(json_object_get(val, "choice"));
			field_set(&f->f, t ? t : "");
			f->on = json_is_true(json_object_get(val, "on"));
			if (c >= 0 && c < f->n_choices)
				f->choice = (int)c;
		}
		{
			json_int_t c = json_integer_value(json_object_get(form, "cur"));
			if (c >= 0 && c < v->n_fields)
				v->cur = (int)c;
		}
	}
	json_decref(v->form);
	v->form = NULL;
}

/* Wipes what the visit holds of the household: its members as they were
 * and as found, the fields, the texts typed, the result page. */
static void forget(visit *v)
{
	wipe_household(&v->before);
	wipe_household(&v->after);
	sodium_memzero(v->fields, sizeof(v->fields));
	v->n_fields = 0;
	sodium_memzero(v->present, sizeof(v->present));
	sodium_memzero(v->staff2, sizeof(v->staff2));
	sodium_memzero(v->texts, sizeof(v->texts));
	sodium_memzero(v->changes, sizeof(v->changes));
	v->n_changes = 0;
	text_clear(&v->result);
	sodium_memzero(v->result.title, sizeof(v->result.title));
	json_decref(v->form); /* jansson wipes what it frees (wipe.h) */
	v->form = NULL;
}

static void close_(screen *s)
{
	visit *v = s->data;
	forget(v);
	free(v->result.lines);
	sodium_memzero(v, sizeof(*v));
	free(v);
}

static void hints(screen *s, char *out, size_t len)
{
	visit *v = s->data;
	const ffield *f = v->n_fields ? &v->fields[v->cur] : NULL;
	const char *h;
	if (v->recorded)
		h = _("s submit for review  ↑↓ scroll  q back");
	else if (v->step == STEP_MEMBERS && !v->editing)
		h = _("Enter change  n someone new  x left  d died  Tab next step  Esc leave");
	else if (v->step == STEP_MEMBERS)
		h = _("Tab next field  Enter keep this person  Esc save and leave");
	else if (f && (f->type == F_TOGGLE || f->type == F_CHOICE))
		h = _("Space change  ↑↓ or Tab move  Enter next step  Esc save and leave");
	else
		h = _("Tab next field  Shift-Tab back  Enter next step  Esc save and leave");
	snprintf(out, len, "%s", h);
}

static void quiet(ui *u, screen *s)
{
	visit *v = s->data;
	(void)u;
	if (v->dirty && !v->recorded && !v->locked)
		save_draft(v);
}

/* The household as the store has it, as a visit starts from it. */
static ds_status load(visit *v, ds_error *err)
{
	store_household_row row;
	ds_status st;
	if ((st = store_household_get(v->u->store, v->id, &row, err)))
		return st;
	v->before = row.h;
	core_household_init(&row.h);
	core_household_copy(&v->after, &v->before);
	snprintf(v->staff1, sizeof(v->staff1), "%s", v->u->user);
	v->staff2[0] = '\0';
	v->date = v->u->today;
	v->signer = -1;
	for (size_t i = 0; i < CORE_MEMBERS_MAX; i++)
		v->present[i] = false;
	return DS_OK;
}

/* The page after recording, once the screen has been locked: what changed
 * was worked out as the visit was recorded and is not kept; the
 * household's latest assessment is this visit's. */
static void result_again(visit *v)
{
	json_t *last = NULL;
	core_assessment *a = malloc(sizeof(*a));
	ds_error err;
	char line[2048];
	text_clear(&v->result);
	text_add(&v->result, "\1%s", _("The visit is recorded."));
	text_add(&v->result, "%s", _("The screen was locked since, and what changed is no longer shown: the household's file has the visit."));
	text_add(&v->result, "\1%s", _("The assessment"));
	if (a && !store_last_assessment(v->u->store, v->id, &last, &err) && last &&
	    !store_assessment_from_json(last, a, &err))
		for (size_t i = 0; i < a->n_steps; i++) {
			explain_step(a, &a->steps[i], line, sizeof(line));
			text_add(&v->result, "  %s", line);
		}
	json_decref(last);
	wipe_free(a); /* its text arena holds names */
	text_add(&v->result, "%s", "");
	text_add(&v->result, "%s", _("Press s to submit the case for review, q to go back."));
}

/* After the unlock: the household from the store and what was typed from
 * the draft saved at the lock, at the same step and field, with the same
 * fields marked wrong. */
static void unlocked(visit *v)
{
	ui *u = v->u;
	ds_error err;
	json_t *j = NULL;
	store_draft_info info;
	size_t top = v->result.top;
	if (load(v, &err)) {
		/* still locked: nothing is saved over the draft */
		v->generation = u->generation;
		ui_error(u, &err);
		return;
	}
	v->locked = false;
	if (v->recorded) {
		result_again(v);
		v->result.top = top;
		return;
	}
	if (v->draft[0] && !store_draft_get(u->store, v->draft, &info, &j, &err)) {
		v->step = info.step >= 0 && info.step < STEP_COUNT ? info.step : 0;
		from_draft(v, j);
		json_decref(j);
	} else if (v->draft[0]) {
		ui_error(u, &err);
	}
	v->editing = false;
	build_fields(v);
	restore_form(v);
	for (int i = 0; i < v->n_fields; i++)
		if (v->had_error[i])
			check(v, &v->fields[i]);
	if (v->member_cursor >= v->after.n_members)
		v->member_cursor = v->after.n_members ? v->after.n_members - 1 : 0;
}

/* The idle lock: the form is saved as the draft (quiet() did when
 * something was typed; saved again so the draft is surely there), then
 * everything of the household is wiped. */
static bool lock_(ui *u, screen *s)
{
	visit *v = s->data;
	if (v->locked)
		return false; /* not drawn since the last lock: nothing to wipe */
	if (!v->recorded)
		save_draft(v);
	for (int i = 0; i < MAX_FIELDS; i++)
		v->had_error[i] = i < v->n_fields && v->fields[i].error[0];
	forget(v);
	v->locked = true;
	v->generation = u->generation;
	return false;
}

static const screen_ops ops = {
	.name = "visit",
	.draw = draw,
	.key = key,
	.close = close_,
	.title = title,
	.typing = typing,
	.hints = hints,
	.quiet = quiet,
	.lock = lock_,
};

/* Starts a visit to a household, or goes on with its draft. */
screen *scr_visit_new(ui *u, const char *id)
{
	screen *s = calloc(1, sizeof(*s));
	visit *v = calloc(1, sizeof(*v));
	store_draft_info *drafts = NULL;
	size_t nd = 0;
	ds_error err;
	if (!s || !v) {
		free(s);
		free(v);
		return NULL;
	}
	v->u = u;
	snprintf(v->id, sizeof(v->id), "%s", id);
	if (load(v, &err)) {
		ui_error(u, &err);
		free(s);
		free(v);
		return NULL;
	}
	/* a draft of this household goes on where it stopped */
	if (!store_draft_list(u->store, &drafts, &nd, &err)) {
		for (size_t i = 0; i < nd; i++) {
			json_t *j = NULL;
			store_draft_info info;
			if (strcmp(drafts[i].household, id) ||
			    store_draft_get(u->store, drafts[i].id, &info, &j, &err))
				continue;
			snprintf(v->draft, sizeof(v->draft), "%s", drafts[i].id);
			v->step = info.step >= 0 && info.step < STEP_COUNT ? info.step : 0;
			from_draft(v, j);
			json_decref(j);
			ui_message(u, false, _("Going on with draft %s at step %d."),
			           v->draft, v->step + 1);
			break;
		}
		free(drafts);
	}
	build_fields(v);
	if (v->draft[0])
		restore_form(v);
	else
		save_draft(v);
	s->ops = &ops;
	s->data = v;
	return s;
}
