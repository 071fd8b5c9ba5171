/* scr_visit.c — the guided household visit: a form in the order a visit
 * happens (arrival, who is here, members and income, the facts at the
 * door person by person with the household's supporters, the home,
 * assets, bills and statements, observations, consent), each field checked in
 * place, Tab and Shift-Tab between fields, saved as a draft at every step
 * and on Esc, and at the end the visit recorded, the household assessed,
 * what changed, and "submit for review". Who was there, who left, died or
 * joined, who is edited and who signed are kept by ID number, never by row;
 * a step left either way keeps what was typed in it. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/payee.h"
#include "core/policy.h"
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
	/* appended, so that a draft saved before it opens on its own step
	 * (drafts keep this number); shown after the members (step_order) */
	STEP_FACTS,
	STEP_COUNT
};

/* The steps in the order they are shown and gone through. */
static const int step_order[STEP_COUNT] = {
	STEP_ARRIVAL, STEP_PRESENT, STEP_MEMBERS, STEP_FACTS, STEP_HOME,
	STEP_ASSETS, STEP_BILLS, STEP_NOTES, STEP_CONSENT,
};

/* Where a step is shown, from 0; the step shown before and after it
 * (-1 at the ends). */
static int step_pos(int step)
{
	for (int i = 0; i < STEP_COUNT; i++)
		if (step_order[i] == step)
			return i;
	return 0;
}

static int step_before(int step)
{
	int p = step_pos(step);
	return p > 0 ? step_order[p - 1] : -1;
}

static int step_after(int step)
{
	int p = step_pos(step);
	return p + 1 < STEP_COUNT ? step_order[p + 1] : -1;
}

int scr_visit_step_shown(int step)
{
	return step >= 0 && step < STEP_COUNT ? step_pos(step) + 1 : step + 1;
}

typedef enum { F_TEXT, F_DATE, F_MONEY, F_INT, F_TOGGLE, F_CHOICE, F_IDNUM,
               F_ACCOUNT, F_GRADE, F_SUPPORTER } ftype;

typedef struct {
	const char *label;
	ftype type;
	field f;
	bool on;              /* F_TOGGLE */
	int choice;           /* F_CHOICE */
	const char *const *choices;
	int n_choices;
	const char *(*word)(int choice); /* F_CHOICE shown in words */
	size_t max;           /* bytes, with the NUL */
	bool required;
	bool optional;        /* F_MONEY: nothing typed is 0 */
	char error[256];      /* shown under the field, in place */
	char note[256];       /* shown there when there is no error: a warning */
} ffield;

#define MAX_FIELDS 40

/* Someone marked as left or died at this visit: kept whole, so u can put
 * them back where they were. */
typedef struct {
	core_member m;
	core_change_kind kind; /* left or died */
	core_date date;
	size_t at;             /* their place in the list */
} gone_member;

#define STASH_FIELDS 5

/* The person's fields of the facts step: disability grade and type,
 * illness, self-care, left out of the count, rigid spending of each kind
 * over the last 12 months, and the evidence of it. */
enum { FACT_GRADE, FACT_TYPE, FACT_ILLNESS, FACT_SELF_CARE, FACT_EXCLUDED,
       FACT_RIGID, /* one field a kind, CORE_EXPENSE_* - 1 from here */
       FACT_EVIDENCE = FACT_RIGID + CORE_EXPENSE_END - 1, FACTS_FIELDS };

typedef struct {
	ui *u;
	char id[STORE_ID_BUF];
	char draft[STORE_ID_BUF];
	int step;
	core_household before, after; /* after: the members as found */
	/* who was there, by ID number (never by row) */
	char present[CORE_MEMBERS_MAX][CORE_IDNUM_BUF];
	size_t n_present;
	ffield fields[MAX_FIELDS];
	int n_fields, cur;
	int fields_step;      /* the step the fields were built for */
	/* the member form, within the members step: the person by ID number,
	 * "" for someone new */
	bool editing;
	char edit_id[CORE_IDNUM_BUF];
	size_t member_cursor; /* over the members found, then those gone */
	char staff1[CORE_STAFF_MAX];
	char staff2[CORE_STAFF_MAX];     /* the second staff member */
	char texts[5][CORE_VISIT_TEXT_MAX]; /* housing, sighted, utilities, bank, notes */
	core_date date;
	char signer[CORE_IDNUM_BUF];     /* who signed the consent, by ID number */
	gone_member gone[CORE_MEMBERS_MAX];
	size_t n_gone;
	/* each step's fields as typed, kept when the step is left either way */
	char stash[STEP_COUNT][STASH_FIELDS][FIELD_MAX];
	bool stashed[STEP_COUNT];
	unsigned char n_stash[STEP_COUNT]; /* of a step's fields, how many kept */
	/* the person an open question (left, died, removed) is about */
	char pending[CORE_IDNUM_BUF];
	core_change_kind pending_kind;
	bool recorded;
	text_page result;
	json_t *form;         /* a draft's form, until it is put back */
	bool dirty;           /* typed since the draft was last saved */
	/* the idle lock: everything above is wiped but the ids and where the
	 * visit was; it comes back from the store and the draft */
	bool locked;
	unsigned generation;  /* u->generation when locked */
	bool had_error[MAX_FIELDS];
	/* the facts at the door: the person shown, by ID number; the
	 * person's fields as typed and whose they are; the supporter being
	 * typed (name, relation, reason; sup_at 0 for someone new, else
	 * k + 1 for supporters[k]); where the supporters' rows and form
	 * begin among the fields */
	char facts_id[CORE_IDNUM_BUF];
	char facts_kept[CORE_IDNUM_BUF];
	char facts_typed[FACTS_FIELDS][FIELD_MAX]; /* the choices by identifier */
	char sup[3][FIELD_MAX];
	bool sup_able;
	size_t sup_at;
	size_t pending_sup;   /* the supporter an open question is about */
	int f_rows, f_form;
} visit;

/* ---- people by ID number ------------------------------------------------------ */

static int member_at(const core_household *h, const char *idnum)
{
	for (size_t i = 0; idnum && idnum[0] && i < h->n_members; i++)
		if (!strcmp(h->members[i].id_number, idnum))
			return (int)i;
	return -1;
}

static bool is_present(const visit *v, const char *idnum)
{
	for (size_t i = 0; i < v->n_present; i++)
		if (!strcmp(v->present[i], idnum))
			return true;
	return false;
}

static void set_present(visit *v, const char *idnum, bool on)
{
	for (size_t i = 0; i < v->n_present; i++)
		if (!strcmp(v->present[i], idnum)) {
			if (!on) {
				memmove(&v->present[i], &v->present[i + 1],
				        (v->n_present - i - 1) * sizeof(v->present[0]));
				v->n_present--;
			}
			return;
		}
	if (on && idnum[0] && v->n_present < CORE_MEMBERS_MAX)
		snprintf(v->present[v->n_present++], CORE_IDNUM_BUF, "%s", idnum);
}

/* A person's ID number corrected: who was there and who signed follow. */
static void rename_person(visit *v, const char *old, const char *now)
{
	char was[CORE_IDNUM_BUF];
	snprintf(was, sizeof(was), "%s", old);
	if (is_present(v, was)) {
		set_present(v, was, false);
		set_present(v, now, true);
	}
	if (!strcmp(v->signer, was))
		snprintf(v->signer, sizeof(v->signer), "%s", now);
	/* and their facts at the door: whose are shown, their spending */
	if (!strcmp(v->facts_id, was))
		snprintf(v->facts_id, sizeof(v->facts_id), "%s", now);
	if (!strcmp(v->facts_kept, was))
		snprintf(v->facts_kept, sizeof(v->facts_kept), "%s", now);
	for (size_t i = 0; i < v->after.n_rigid; i++)
		if (!strcmp(v->after.rigid[i].id_number, was))
			snprintf(v->after.rigid[i].id_number, CORE_IDNUM_BUF, "%s", now);
}

static const core_member *head_of(const core_household *h)
{
	return h->n_members ? &h->members[core_household_head(h)] : NULL;
}

/* ---- the visit as JSON (drafts and the record) ------------------------------- */

/* The visit as the store reads it; a draft also keeps the form as it is
 * on screen (the step's fields, half typed or not), so nothing typed is
 * lost when the visit is left or the laptop dies. */
static void keep(visit *v);

static json_t *visit_json(visit *v, bool draft)
{
	json_t *j = json_object(), *present = json_array(), *changes = json_array();
	json_t *hh = store_household_to_json(&v->after);
	char d[11];
	core_date_format(v->date, d);
	json_object_set_new(j, "date", json_string(d));
	json_object_set_new(j, "staff", json_pack("[s, s]", v->staff1, v->staff2));
	/* who was there: of the members found, by ID number */
	for (size_t i = 0; i < v->after.n_members; i++)
		if (is_present(v, v->after.members[i].id_number))
			json_array_append_new(present,
			                      json_string(v->after.members[i].id_number));
	json_object_set_new(j, "present", present);
	if (member_at(&v->after, v->signer) >= 0)
		json_object_set_new(j, "consent",
		                    json_pack("{s:s, s:s}", "signed_by", v->signer,
		                              "at", d));
	json_object_set_new(j, "housing", json_string(v->texts[0]));
	json_object_set_new(j, "assets_sighted", json_string(v->texts[1]));
	json_object_set_new(j, "utilities_seen", json_string(v->texts[2]));
	json_object_set_new(j, "bank_statements_seen", json_string(v->texts[3]));
	json_object_set_new(j, "observations", json_string(v->texts[4]));
	/* who joined follows from the members found, whatever was corrected
	 * since; who left or died, with the date */
	for (size_t i = 0; i < v->after.n_members; i++)
		if (member_at(&v->before, v->after.members[i].id_number) < 0)
			json_array_append_new(changes,
			                      json_pack("{s:s, s:s}", "change",
			                                core_change_id(CORE_CHANGE_JOINED),
			                                "id_number",
			                                v->after.members[i].id_number));
	for (size_t i = 0; i < v->n_gone; i++) {
		char gd[11];
		core_date_format(v->gone[i].date, gd);
		json_array_append_new(changes,
		                      json_pack("{s:s, s:s, s:s}", "change",
		                                core_change_id(v->gone[i].kind),
		                                "id_number", v->gone[i].m.id_number,
		                                "date", gd));
	}
	json_object_set_new(j, "changes", changes);
	if (hh) {
		json_object_set(j, "members", json_object_get(hh, "members"));
		json_object_set(j, "assets", json_object_get(hh, "assets"));
		/* always given: the lists as found (none clears them) */
		for (int k = 0; k < 2; k++) {
			const char *key = k ? "rigid_expenses" : "supporters";
			if (json_object_get(hh, key))
				json_object_set(j, key, json_object_get(hh, key));
			else
				json_object_set_new(j, key, json_array());
		}
		json_decref(hh);
	}
	/* always given, so that clearing them at the visit clears them */
	json_object_set_new(j, "township",
	                    json_pack("{s:s, s:s}", "code", v->after.township.code,
	                              "name", v->after.township.name));
	json_object_set_new(j, "village",
	                    json_pack("{s:s, s:s}", "code", v->after.village.code,
	                              "name", v->after.village.name));
	json_object_set_new(j, "payee",
	                    json_pack("{s:s, s:s, s:s}", "name", v->after.payee.name,
	                              "bank", v->after.payee.bank, "account",
	                              v->after.payee.account));
	if (draft) {
		json_t *form = json_object(), *fields = json_array(),
		       *steps = json_array();
		keep(v);
		for (int i = 0; i < v->n_fields; i++)
			json_array_append_new(fields,
			                      json_pack("{s:s, s:b, s:i}", "text",
			                                v->fields[i].f.text, "on",
			                                v->fields[i].on, "choice",
			                                v->fields[i].choice));
		for (int st = 0; st < STEP_COUNT; st++) {
			json_t *t;
			if (!v->stashed[st]) {
				json_array_append_new(steps, json_null());
				continue;
			}
			t = json_array();
			for (int k = 0; k < STASH_FIELDS; k++)
				json_array_append_new(t, json_string(v->stash[st][k]));
			json_array_append_new(steps, t);
		}
		json_object_set_new(form, "fields", fields);
		json_object_set_new(form, "steps", steps);
		json_object_set_new(form, "cur", json_integer(v->cur));
		json_object_set_new(form, "editing", json_boolean(v->editing));
		json_object_set_new(form, "edit_id", json_string(v->edit_id));
		json_object_set_new(form, "facts_id", json_string(v->facts_id));
		json_object_set_new(form, "facts_kept", json_string(v->facts_kept));
		{
			json_t *typed = json_array();
			for (int k = 0; k < FACTS_FIELDS; k++)
				json_array_append_new(typed,
				                      json_string(v->facts_typed[k]));
			json_object_set_new(form, "facts", typed);
		}
		json_object_set_new(form, "supporter",
		                    json_pack("{s:s, s:s, s:s, s:b, s:i}", "name",
		                              v->sup[0], "relation", v->sup[1],
		                              "reason", v->sup[2], "able",
		                              v->sup_able, "at", (int)v->sup_at));
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

/* The ladder's lists as choices: 0 is "not given". */
static const char *const disability_choice_ids[CORE_DISABILITY_END] = {
	"",
#define X(e, id, severe3) id,
	CORE_DISABILITY_LIST(X)
#undef X
};
static const char *const self_care_choice_ids[CORE_SELF_CARE_END] = {
	"",
#define X(e, id) id,
	CORE_SELF_CARE_LIST(X)
#undef X
};
static const char *const exclusion_choice_ids[CORE_EXCLUSION_END] = {
	"",
#define X(e, id) id,
	CORE_EXCLUSION_LIST(X)
#undef X
};

static const char *disability_word(int c)
{
	/* L10N: the disability of a member who has none (残疾类别) */
	return c ? label_disability((core_disability)c) : _("no disability");
}

static const char *self_care_word(int c)
{
	/* L10N: self-care (生活自理能力) not asked at the door */
	return c ? label_self_care((core_self_care)c) : _("not recorded");
}

static const char *exclusion_word(int c)
{
	return c ? label_exclusion((core_exclusion)c)
	         : _("counted in the household");
}

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

/* A field's text: as typed when the step was left, else from the visit. */
static const char *typed(visit *v, int k, const char *known)
{
	return v->stashed[v->step] && k < v->n_stash[v->step]
	               ? v->stash[v->step][k]
	               : known;
}

/* The account typed, without the spaces a bank book groups it with. */
static void account_digits(const char *typed, char *out, size_t len)
{
	size_t o = 0;
	for (; *typed && o + 1 < len; typed++)
		if (*typed != ' ')
			out[o++] = *typed;
	out[o] = '\0';
}

/* Under the account field: the one on file, masked, when nothing is
 * typed; a warning when the one typed fails its check digit. */
static void account_note(visit *v, ffield *f)
{
	char digits[FIELD_MAX], masked[CORE_ACCOUNT_MASK_BUF];
	account_digits(f->f.text, digits, sizeof(digits));
	f->note[0] = '\0';
	if (!digits[0] && v->after.payee.account[0]) {
		core_account_mask(v->after.payee.account, masked, sizeof(masked));
		snprintf(f->note, sizeof(f->note),
		         _("on file: %s; type a new number only to change it"), masked);
	} else if (digits[0] && !core_account_luhn_ok(digits)) {
		snprintf(f->note, sizeof(f->note), "%s",
		         _("warning: the check digit does not match; kept as typed, check it against the bank book"));
	}
}

/* A member's rigid spending of one kind: the sum of the entries. */
static core_fen rigid_sum(const core_household *h, const char *id,
                          core_expense_kind kind)
{
	core_fen sum = 0;
	for (size_t i = 0; i < h->n_rigid; i++)
		if (h->rigid[i].kind == kind && !strcmp(h->rigid[i].id_number, id))
			sum += h->rigid[i].annual;
	return sum;
}

/* The evidence of a member's rigid spending: each different one, joined
 * with "; " (as far as a field holds). */
static void rigid_evidence(const core_household *h, const char *id,
                           char *out, size_t len)
{
	out[0] = '\0';
	for (size_t i = 0; i < h->n_rigid; i++) {
		const char *e = h->rigid[i].evidence;
		size_t n = strlen(out);
		if (strcmp(h->rigid[i].id_number, id) || !e[0] || strstr(out, e))
			continue;
		if (n + strlen(e) + 3 > len)
			break;
		snprintf(out + n, len - n, "%s%s", n ? "; " : "", e);
	}
}

/* The step of the facts at the door: one person (by ID number) and the
 * household's supporters, each row one supporter, then the form of the
 * supporter being typed. Fields left either way come back as typed. */
static void build_facts(visit *v)
{
	static const char *const rigid_labels[CORE_EXPENSE_END] = {
		"",
		/* L10N: 医疗刚性支出 over the last 12 months, in yuan */
		N_("Medical, yuan a year"),
		/* L10N: 康复刚性支出 over the last 12 months, in yuan */
		N_("Rehabilitation, yuan a year"),
		/* L10N: 教育刚性支出 over the last 12 months, in yuan */
		N_("Education, yuan a year"),
	};
	char buf[CORE_TEXT_MAX];
	ffield *f;
	int at = member_at(&v->after, v->facts_id);
	bool kept;
	const core_member *m;
	v->f_rows = v->f_form = 0;
	if (at < 0 && v->after.n_members) {
		at = 0;
		snprintf(v->facts_id, sizeof(v->facts_id), "%s",
		         v->after.members[0].id_number);
	}
	if (at < 0)
		return;
	m = &v->after.members[at];
	kept = !strcmp(v->facts_kept, v->facts_id);
	buf[0] = '\0';
	if (m->disability_grade)
		snprintf(buf, sizeof(buf), "%d", m->disability_grade);
	/* L10N: 残疾等级, 1 the most severe */
	f = add(v, _("Disability grade"), F_GRADE,
	        kept ? v->facts_typed[FACT_GRADE] : buf);
	f->max = 4;
	/* L10N: 残疾类别 */
	f = add(v, _("Type of disability"), F_CHOICE, "");
	f->choices = disability_choice_ids;
	f->n_choices = CORE_DISABILITY_END;
	f->word = disability_word;
	f->choice = kept ? core_disability_lookup(v->facts_typed[FACT_TYPE])
	                 : (int)m->disability_type;
	/* L10N: 重特大疾病, on the policy's list */
	f = add(v, _("Serious illness"), F_TEXT,
	        kept ? v->facts_typed[FACT_ILLNESS] : m->illness);
	f->max = CORE_ILLNESS_MAX;
	/* L10N: 生活自理能力 */
	f = add(v, _("Self-care"), F_CHOICE, "");
	f->choices = self_care_choice_ids;
	f->n_choices = CORE_SELF_CARE_END;
	f->word = self_care_word;
	f->choice = kept ? core_self_care_lookup(v->facts_typed[FACT_SELF_CARE])
	                 : (int)m->self_care;
	/* L10N: 不计入家庭人口 (and why) */
	f = add(v, _("Left out of the count"), F_CHOICE, "");
	f->choices = exclusion_choice_ids;
	f->n_choices = CORE_EXCLUSION_END;
	f->word = exclusion_word;
	f->choice = kept ? core_exclusion_lookup(v->facts_typed[FACT_EXCLUDED])
	                 : (int)m->excluded;
	for (int i = 0; i < v->n_fields; i++) /* a draft's unknown word */
		if (v->fields[i].choice < 0)
			v->fields[i].choice = 0;
	for (int k = 1; k < CORE_EXPENSE_END; k++) {
		core_fen sum = rigid_sum(&v->after, m->id_number, (core_expense_kind)k);
		buf[0] = '\0';
		if (sum)
			money_text(sum, buf);
		f = add(v, _(rigid_labels[k]), F_MONEY,
		        kept ? v->facts_typed[FACT_RIGID + k - 1] : buf);
		f->optional = true;
	}
	rigid_evidence(&v->after, m->id_number, buf, sizeof(buf));
	/* L10N: 刚性支出的凭证 (bills, receipts) */
	f = add(v, _("Evidence of it"), F_TEXT,
	        kept ? v->facts_typed[FACT_EVIDENCE] : buf);
	f->max = CORE_TEXT_MAX;
	v->f_rows = v->n_fields;
	for (size_t k = 0; k < v->after.n_supporters &&
	                   v->n_fields + 4 < MAX_FIELDS; k++) {
		f = add(v, "", F_SUPPORTER, "");
		f->choice = (int)k;
	}
	v->f_form = v->n_fields;
	/* L10N: 赡养、抚养、扶养义务人's name */
	f = add(v, _("Supporter's name"), F_TEXT, v->sup[0]);
	f->max = CORE_NAME_MAX;
	/* L10N: how the supporter is related, in words ("son of 王秀英") */
	f = add(v, _("How related"), F_TEXT, v->sup[1]);
	f->max = CORE_NAME_MAX;
	f = add(v, _("Able to support them"), F_TOGGLE, "");
	f->on = v->sup_able;
	f = add(v, _("Why not able"), F_TEXT, v->sup[2]);
	f->max = CORE_TEXT_MAX;
}

static void build_fields(visit *v)
{
	char buf[64];
	ffield *f;
	v->n_fields = 0;
	v->cur = 0;
	v->fields_step = v->step;
	switch (v->step) {
	case STEP_ARRIVAL:
		core_date_format(v->date, buf);
		add(v, _("Date of the visit"), F_DATE, typed(v, 0, buf));
		f = add(v, _("The second staff member"), F_TEXT, typed(v, 1, v->staff2));
		f->max = CORE_STAFF_MAX;
		f->required = true;
		break;
	case STEP_PRESENT:
		for (size_t i = 0; i < v->after.n_members && i < MAX_FIELDS; i++) {
			f = add(v, v->after.members[i].name, F_TOGGLE, "");
			f->on = is_present(v, v->after.members[i].id_number);
		}
		break;
	case STEP_MEMBERS:
		if (v->editing) {
			int at = member_at(&v->after, v->edit_id);
			const core_member *m = at >= 0 ? &v->after.members[at] : NULL;
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
		f = add(v, _("Housing and living conditions"), F_TEXT,
		        typed(v, 0, v->texts[0]));
		f->max = CORE_TEXT_MAX;
		/* where the home is: its township and village (statistical
		 * codes under the region), checked when the step is left */
		f = add(v, _("Township code"), F_TEXT,
		        typed(v, 1, v->after.township.code));
		f->max = sizeof(v->after.township.code);
		f = add(v, _("Township name"), F_TEXT,
		        typed(v, 2, v->after.township.name));
		f->max = CORE_NAME_MAX;
		f = add(v, _("Village code"), F_TEXT,
		        typed(v, 3, v->after.village.code));
		f->max = sizeof(v->after.village.code);
		f = add(v, _("Village name"), F_TEXT,
		        typed(v, 4, v->after.village.name));
		f->max = CORE_NAME_MAX;
		break;
	case STEP_ASSETS:
		money_text(v->after.financial, buf);
		add(v, _("Savings and other financial assets (yuan)"), F_MONEY,
		    typed(v, 0, buf));
		snprintf(buf, sizeof(buf), "%d", v->after.homes);
		add(v, _("Homes"), F_INT, typed(v, 1, buf));
		f = add(v, _("Assets seen"), F_TEXT, typed(v, 2, v->texts[1]));
		f->max = CORE_TEXT_MAX;
		break;
	case STEP_BILLS:
		f = add(v, _("Utility readings or bills seen"), F_TEXT,
		        typed(v, 0, v->texts[2]));
		f->max = CORE_TEXT_MAX;
		f = add(v, _("Bank statements seen"), F_TEXT, typed(v, 1, v->texts[3]));
		f->max = CORE_TEXT_MAX;
		/* who the allowance is paid to; the account on file is never
		 * shown whole: left empty, it stays */
		f = add(v, _("Paid to"), F_TEXT, typed(v, 2, v->after.payee.name));
		f->max = CORE_NAME_MAX;
		f = add(v, _("Bank"), F_TEXT, typed(v, 3, v->after.payee.bank));
		f->max = CORE_NAME_MAX;
		f = add(v, _("Account number"), F_ACCOUNT, typed(v, 4, ""));
		f->max = CORE_ACCOUNT_MAX;
		account_note(v, f);
		break;
	case STEP_NOTES:
		add(v, _("What you observed"), F_TEXT, typed(v, 0, v->texts[4]));
		break;
	case STEP_FACTS:
		build_facts(v);
		break;
	case STEP_CONSENT: {
		static const char *names[CORE_MEMBERS_MAX];
		int n = 0, at = member_at(&v->after, v->signer);
		for (size_t i = 0; i < v->after.n_members; i++)
			names[n++] = v->after.members[i].name;
		f = add(v, _("Signed by"), F_CHOICE, "");
		f->choices = names;
		f->n_choices = n;
		f->choice = at >= 0 ? at : (int)core_household_head(&v->after);
		if (f->choice >= n)
			f->choice = 0;
		break;
	}
	}
}

/* The facts step's fields as typed, the person's (whose: facts_kept)
 * and the supporter's. */
static void keep_facts(visit *v)
{
	char (*st)[FIELD_MAX] = v->facts_typed;
	if (v->f_rows != FACTS_FIELDS || v->f_form + 4 > v->n_fields)
		return;
	for (int k = 0; k < FACTS_FIELDS; k++)
		snprintf(st[k], FIELD_MAX, "%s", v->fields[k].f.text);
	snprintf(st[FACT_TYPE], FIELD_MAX, "%s",
	         disability_choice_ids[v->fields[FACT_TYPE].choice]);
	snprintf(st[FACT_SELF_CARE], FIELD_MAX, "%s",
	         self_care_choice_ids[v->fields[FACT_SELF_CARE].choice]);
	snprintf(st[FACT_EXCLUDED], FIELD_MAX, "%s",
	         exclusion_choice_ids[v->fields[FACT_EXCLUDED].choice]);
	snprintf(v->facts_kept, sizeof(v->facts_kept), "%s", v->facts_id);
	snprintf(v->sup[0], FIELD_MAX, "%s", v->fields[v->f_form].f.text);
	snprintf(v->sup[1], FIELD_MAX, "%s", v->fields[v->f_form + 1].f.text);
	v->sup_able = v->fields[v->f_form + 2].on;
	snprintf(v->sup[2], FIELD_MAX, "%s", v->fields[v->f_form + 3].f.text);
}

/* Keeps the step's fields as typed, right or wrong, when the step is
 * left (Shift-Tab, a save): nothing typed is thrown away. Who was there
 * and who signed are kept by ID number. */
static void keep(visit *v)
{
	if (v->fields_step != v->step || !v->n_fields)
		return;
	if (v->step == STEP_PRESENT) {
		for (int i = 0; i < v->n_fields && (size_t)i < v->after.n_members; i++)
			set_present(v, v->after.members[i].id_number, v->fields[i].on);
		return;
	}
	if (v->step == STEP_CONSENT) {
		if (v->n_fields && v->fields[0].choice < (int)v->after.n_members)
			snprintf(v->signer, sizeof(v->signer), "%s",
			         v->after.members[v->fields[0].choice].id_number);
		return;
	}
	if (v->step == STEP_FACTS) {
		keep_facts(v);
		return;
	}
	if (v->step == STEP_MEMBERS || v->n_fields > STASH_FIELDS)
		return;
	for (int k = 0; k < STASH_FIELDS; k++)
		snprintf(v->stash[v->step][k], FIELD_MAX, "%s",
		         k < v->n_fields ? v->fields[k].f.text : "");
	v->stashed[v->step] = true;
	v->n_stash[v->step] = STASH_FIELDS;
}

/* An ID number, checked as it is typed: its check character, then
 * whether the person is already listed at this visit or belongs to
 * another household (said by its head and address). */
static bool check_idnum(visit *v, ffield *f)
{
	char norm[CORE_IDNUM_BUF], head[CORE_NAME_MAX], address[CORE_ADDRESS_MAX];
	ds_error err;
	int at, where;
	if (core_idnum_parse(f->f.text, v->u->today, norm, "", &err)) {
		i18n_error(&err, f->error, sizeof(f->error));
		return false;
	}
	if ((at = member_at(&v->after, norm)) >= 0 && strcmp(norm, v->edit_id)) {
		snprintf(f->error, sizeof(f->error), _("%s is already listed with this number"),
		         v->after.members[at].name);
		return false;
	}
	for (size_t i = 0; i < v->n_gone; i++)
		if (!strcmp(v->gone[i].m.id_number, norm)) {
			snprintf(f->error, sizeof(f->error),
			         _("%s, with this number, is marked as gone; u on them undoes it"),
			         v->gone[i].m.name);
			return false;
		}
	where = ui_person_elsewhere(v->u, norm, v->id, head, sizeof(head),
	                            address, sizeof(address), &err);
	if (where > 0 && head[0])
		snprintf(f->error, sizeof(f->error),
		         _("already in another household: %s's, at %s"), head,
		         address);
	else if (where > 0) /* there, but its file unread */
		snprintf(f->error, sizeof(f->error), "%s",
		         _("this person already belongs to another household"));
	sodium_memzero(head, sizeof(head));
	sodium_memzero(address, sizeof(address));
	return where <= 0;
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
		if (f->optional && !f->f.text[0])
			return true;
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
	case F_IDNUM:
		return check_idnum(v, f);
	case F_GRADE:
		/* the number's range is the household's rule (core) */
		if (strspn(f->f.text, "0123456789") != strlen(f->f.text)) {
			snprintf(f->error, sizeof(f->error), "%s",
			         _("a grade is a number, 1 (the most severe) to 4; nothing for none"));
			return false;
		}
		return true;
	case F_ACCOUNT: {
		char digits[FIELD_MAX];
		size_t n;
		account_digits(f->f.text, digits, sizeof(digits));
		account_note(v, f);
		n = strlen(digits);
		if (n && (n < CORE_ACCOUNT_MIN_DIGITS || n > CORE_ACCOUNT_MAX_DIGITS ||
		          strspn(digits, "0123456789") != n)) {
			snprintf(f->error, sizeof(f->error), "%s",
			         _("an account number is 10 to 30 digits"));
			return false;
		}
		return true; /* a failed check digit is a warning (the note) */
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

/* The member form into the visit: a correction of the person edited (by
 * ID number), or someone new. */
static bool take_member(visit *v)
{
	core_member *m;
	ds_error err;
	char norm[CORE_IDNUM_BUF];
	int at = member_at(&v->after, v->edit_id);
	core_idnum_parse(v->fields[1].f.text, -1, norm, "", NULL);
	if (at < 0) {
		if (!(m = core_household_add_member(&v->after, &err))) {
			ui_error(v->u, &err);
			return false;
		}
		/* someone found at home to have joined was there */
		set_present(v, norm, true);
	} else {
		m = &v->after.members[at];
		/* a number on file stays: changing it would record the person
		 * as leaving and a stranger as joining */
		if (strcmp(m->id_number, norm) &&
		    member_at(&v->before, m->id_number) >= 0) {
			snprintf(v->fields[1].error, sizeof(v->fields[1].error), "%s",
			         _("this number is on the household's file; a wrong number there is corrected by the office, not in a visit"));
			v->cur = 1;
			return false;
		}
		if (strcmp(m->id_number, norm))
			rename_person(v, m->id_number, norm);
	}
	put(m->name, sizeof(m->name), v->fields[0].f.text);
	memcpy(m->id_number, norm, sizeof(norm));
	m->relation = (core_relation)v->fields[2].choice;
	m->able_to_work = v->fields[3].on;
	{
		core_fen amount = 0;
		core_income_source src = (core_income_source)v->fields[4].choice;
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
	v->edit_id[0] = '\0';
	return true;
}

/* The fields of a step that hold household facts, by JSON path. */
typedef struct {
	const char *path;
	int field;
} fact_path;

static const fact_path home_paths[] = {
	{"township.code", 1}, {"township.name", 2}, {"village.code", 3},
	{"village.name", 4}, {NULL, 0}};
static const fact_path bills_paths[] = {
	{"payee.name", 2}, {"payee.bank", 3}, {"payee.account", 4}, {NULL, 0}};

/* The household's rules (core_household_validate) over the facts just
 * taken: a problem with one of this step's shows under its field. */
static bool facts_ok(visit *v, const fact_path *paths)
{
	ds_error err;
	ds_error_clear(&err);
	if (!core_household_validate(&v->after, -1, &err))
		return true;
	for (int i = 0; paths[i].path; i++)
		if (!strcmp(err.where, paths[i].path)) {
			ffield *f = &v->fields[paths[i].field];
			err.where[0] = '\0';
			i18n_error(&err, f->error, sizeof(f->error));
			v->cur = paths[i].field;
			return false;
		}
	return true; /* another field's: the member step says it */
}

/* The fields of the facts step, by the JSON path under the member or
 * the supporter. */
static const fact_path person_paths[] = {
	{"disability.grade", 0}, {"disability.type", 1}, {"illness", 2},
	{"self_care", 3}, {"excluded", 4}, {"categories", 0}, {NULL, 0}};
static const fact_path supporter_paths[] = {
	{"name", 0}, {"relation", 1}, {"reason", 3}, {NULL, 0}};

/* A problem the household's rules found at prefix + one of paths (the
 * field's index from base): shown under that field; false when it is
 * another field's. */
static bool fact_error(visit *v, ds_error *err, const char *prefix,
                       const fact_path *paths, int base)
{
	size_t n = strlen(prefix);
	if (strncmp(err->where, prefix, n))
		return false;
	for (int i = 0; paths[i].path; i++)
		if (!strcmp(err->where + n, paths[i].path)) {
			ffield *f = &v->fields[base + paths[i].field];
			err->where[0] = '\0';
			i18n_error(err, f->error, sizeof(f->error));
			v->cur = base + paths[i].field;
			return true;
		}
	return false;
}

/* Whether an illness is on the list of the policy in force (when no
 * policy can be read, the recording says so). */
static bool illness_listed(visit *v, const char *illness)
{
	core_policy *versions = NULL;
	const core_policy *p = NULL;
	size_t nv = 0;
	ds_error err;
	bool ok = true;
	if (!store_policy_at(v->u->store, v->u->today, &versions, &nv, &p, &err) &&
	    p)
		ok = core_policy_illness_listed(p, illness);
	store_policies_free(versions, nv);
	return ok;
}

/* The person's rigid spending into the visit: left as it was when
 * nothing of it changed (each entry with its own evidence); else one
 * entry a kind with an amount, each with the evidence typed. Checked by
 * the household's rules; a wrong one changes nothing and says why under
 * its field. */
static bool take_rigid(visit *v, const char *id)
{
	core_fen amt[CORE_EXPENSE_END] = {0};
	char shown[CORE_TEXT_MAX];
	const char *ev = v->fields[FACT_EVIDENCE].f.text;
	core_rigid_expense *old = v->after.rigid, *now;
	size_t n0 = v->after.n_rigid, n = 0;
	bool same, any = false;
	ds_error err;
	ffield *bad = NULL;
	rigid_evidence(&v->after, id, shown, sizeof(shown));
	same = !strcmp(ev, shown);
	for (int k = 1; k < CORE_EXPENSE_END; k++) {
		const char *t = v->fields[FACT_RIGID + k - 1].f.text;
		if (t[0])
			core_money_parse(t, false, &amt[k], "", NULL);
		same = same && amt[k] == rigid_sum(&v->after, id, (core_expense_kind)k);
		any = any || amt[k];
	}
	if (same)
		return true;
	if (ev[0] && !any) {
		bad = &v->fields[FACT_EVIDENCE];
		snprintf(bad->error, sizeof(bad->error), "%s",
		         _("the evidence is of spending: give its amount above"));
		v->cur = FACT_EVIDENCE;
		return false;
	}
	if (!(now = calloc(n0 + CORE_EXPENSE_END, sizeof(*now)))) {
		ds_fail(&err, DS_ESYSTEM, "", N_("out of memory"));
		ui_error(v->u, &err);
		return false;
	}
	for (size_t i = 0; i < n0; i++)
		if (strcmp(old[i].id_number, id))
			now[n++] = old[i];
	for (int k = 1; k < CORE_EXPENSE_END; k++) {
		core_rigid_expense *r = &now[n];
		if (!amt[k])
			continue;
		snprintf(r->id_number, sizeof(r->id_number), "%s", id);
		r->kind = (core_expense_kind)k;
		r->annual = amt[k];
		put(r->evidence, sizeof(r->evidence), ev);
		n++;
	}
	v->after.rigid = now;
	v->after.n_rigid = n;
	ds_error_clear(&err);
	if (n > CORE_RIGID_MAX) {
		bad = &v->fields[FACT_RIGID];
		snprintf(bad->error, sizeof(bad->error), "%s",
		         _("at most 40 rigid expenses can be listed"));
	} else if (core_household_validate(&v->after, -1, &err) &&
	           !strncmp(err.where, "rigid_expenses[", 15)) {
		char *end;
		size_t q = strtoul(err.where + 15, &end, 10);
		if (q < n && !strcmp(now[q].id_number, id)) {
			bad = &v->fields[strstr(end, "evidence")
			                         ? FACT_EVIDENCE
			                         : FACT_RIGID + (int)now[q].kind - 1];
			err.where[0] = '\0';
			i18n_error(&err, bad->error, sizeof(bad->error));
		}
	}
	if (bad) { /* as it was */
		v->after.rigid = old;
		v->after.n_rigid = n0;
		v->cur = (int)(bad - v->fields);
		old = now;
	}
	sodium_memzero(old, (bad ? n0 + CORE_EXPENSE_END : n0) * sizeof(*old));
	free(old);
	return !bad;
}

/* The person's facts into the visit, checked by the household's rules
 * (core_household_validate) and the policy's list of illnesses; a wrong
 * one stays as typed with its error under it. */
static bool take_person(visit *v)
{
	int at = member_at(&v->after, v->facts_id);
	core_member *m, was;
	ds_error err;
	char prefix[32];
	bool ok = true;
	if (at < 0 || v->f_rows != FACTS_FIELDS)
		return true;
	m = &v->after.members[at];
	was = *m;
	m->disability_grade = v->fields[0].f.text[0]
	                              ? (int)strtol(v->fields[0].f.text, NULL, 10)
	                              : 0;
	m->disability_type = (core_disability)v->fields[1].choice;
	put(m->illness, sizeof(m->illness), v->fields[2].f.text);
	m->self_care = (core_self_care)v->fields[3].choice;
	m->excluded = (core_exclusion)v->fields[4].choice;
	ds_error_clear(&err);
	snprintf(prefix, sizeof(prefix), "members[%d].", at);
	if (core_household_validate(&v->after, -1, &err)) {
		if (!strcmp(err.where, "members")) /* everyone left out */
			snprintf(err.where, sizeof(err.where), "%sexcluded", prefix);
		ok = !fact_error(v, &err, prefix, person_paths, 0);
	}
	if (ok && m->illness[0] && !illness_listed(v, m->illness)) {
		snprintf(v->fields[2].error, sizeof(v->fields[2].error),
		         _("%s is not on this policy's list of serious illnesses"),
		         m->illness);
		v->cur = 2;
		ok = false;
	}
	if (ok)
		ok = take_rigid(v, m->id_number);
	if (!ok)
		*m = was;
	sodium_memzero(&was, sizeof(was));
	return ok;
}

/* Whether anything is typed in the supporter's form. */
static bool supporter_typed(const visit *v)
{
	const ffield *f = &v->fields[v->f_form];
	return v->f_rows == FACTS_FIELDS && v->f_form + 4 <= v->n_fields &&
	       (f[0].f.text[0] || f[1].f.text[0] || f[2].on || f[3].f.text[0] ||
	        v->sup_at);
}

/* The supporter typed into the household's list: someone new or a
 * correction; checked by the household's rules, a wrong one kept as
 * typed with its error under the field. The form is then cleared. */
static bool take_supporter(visit *v)
{
	const ffield *f = &v->fields[v->f_form];
	core_supporter s, old;
	ds_error err;
	memset(&old, 0, sizeof(old));
	char prefix[32];
	size_t k;
	bool added = false;
	memset(&s, 0, sizeof(s));
	put(s.name, sizeof(s.name), f[0].f.text);
	put(s.relation, sizeof(s.relation), f[1].f.text);
	s.able = f[2].on;
	if (!s.able) /* a reason is for someone not able */
		put(s.reason, sizeof(s.reason), f[3].f.text);
	if (v->sup_at && v->sup_at <= v->after.n_supporters) {
		k = v->sup_at - 1;
		old = v->after.supporters[k];
		v->after.supporters[k] = s;
	} else {
		core_supporter *n = core_household_add_supporter(&v->after, &err);
		if (!n) {
			i18n_error(&err, v->fields[v->f_form].error,
			           sizeof(v->fields[v->f_form].error));
			v->cur = v->f_form;
			return false;
		}
		*n = s;
		k = v->after.n_supporters - 1;
		added = true;
	}
	ds_error_clear(&err);
	snprintf(prefix, sizeof(prefix), "supporters[%zu].", k);
	if (core_household_validate(&v->after, -1, &err) &&
	    fact_error(v, &err, prefix, supporter_paths, v->f_form)) {
		if (added) {
			/* the one added taken off again, and wiped */
			v->after.n_supporters--;
			sodium_memzero(&v->after.supporters[v->after.n_supporters],
			               sizeof(old));
		} else {
			v->after.supporters[k] = old;
		}
		sodium_memzero(&old, sizeof(old));
		sodium_memzero(&s, sizeof(s));
		return false;
	}
	ui_message(v->u, false,
	           _("%s is listed as obliged to support the household."), s.name);
	sodium_memzero(v->sup, sizeof(v->sup));
	v->sup_able = false;
	v->sup_at = 0;
	sodium_memzero(&s, sizeof(s));
	return true;
}

/* Takes the step's fields into the visit; false when one is wrong (what
 * was typed is kept all the same). */
static bool take(visit *v)
{
	bool ok = true;
	if (!(v->step == STEP_MEMBERS && v->editing))
		keep(v);
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
		/* someone marked left or died on a day after the visit: the
		 * date was moved back since */
		for (size_t i = 0; i < v->n_gone; i++)
			if (v->gone[i].date > v->date) {
				char d[11];
				core_date_format(v->gone[i].date, d);
				snprintf(v->fields[0].error, sizeof(v->fields[0].error),
				         _("%s is marked as gone on %s, after this date; change that first (step 3, u)"),
				         v->gone[i].m.name, d);
				v->cur = 0;
				return false;
			}
		break;
	case STEP_PRESENT: {
		bool any = false;
		for (int i = 0; i < v->n_fields; i++)
			any = any || v->fields[i].on;
		if (!any) {
			snprintf(v->fields[0].error, sizeof(v->fields[0].error), "%s",
			         _("say who of the household was there (Space marks)"));
			return false;
		}
		break;
	}
	case STEP_MEMBERS:
		if (v->editing)
			return take_member(v);
		break;
	case STEP_HOME: {
		core_area t = v->after.township, vl = v->after.village;
		put(v->after.township.code, sizeof(t.code), v->fields[1].f.text);
		put(v->after.township.name, sizeof(t.name), v->fields[2].f.text);
		put(v->after.village.code, sizeof(vl.code), v->fields[3].f.text);
		put(v->after.village.name, sizeof(vl.name), v->fields[4].f.text);
		if (!facts_ok(v, home_paths)) {
			v->after.township = t;
			v->after.village = vl;
			return false;
		}
		snprintf(v->texts[0], sizeof(v->texts[0]), "%s", v->fields[0].f.text);
		break;
	}
	case STEP_ASSETS:
		core_money_parse(v->fields[0].f.text, false, &v->after.financial, "",
		                 NULL);
		v->after.homes = atoi(v->fields[1].f.text);
		snprintf(v->texts[1], sizeof(v->texts[1]), "%s", v->fields[2].f.text);
		break;
	case STEP_BILLS: {
		core_payee p = v->after.payee;
		char digits[FIELD_MAX];
		account_digits(v->fields[4].f.text, digits, sizeof(digits));
		put(v->after.payee.name, sizeof(p.name), v->fields[2].f.text);
		put(v->after.payee.bank, sizeof(p.bank), v->fields[3].f.text);
		/* nothing typed keeps the account on file, unless the payee is
		 * cleared altogether */
		if (digits[0])
			put(v->after.payee.account, sizeof(p.account), digits);
		else if (!v->after.payee.name[0] && !v->after.payee.bank[0])
			v->after.payee.account[0] = '\0';
		if (!facts_ok(v, bills_paths)) {
			v->after.payee = p;
			return false;
		}
		if (core_payee_account_doubtful(&v->after.payee) && digits[0])
			ui_message(v->u, false, "%s",
			           _("The account's check digit does not match: it is kept as typed; check it against the bank book."));
		snprintf(v->texts[2], sizeof(v->texts[2]), "%s", v->fields[0].f.text);
		snprintf(v->texts[3], sizeof(v->texts[3]), "%s", v->fields[1].f.text);
		break;
	}
	case STEP_NOTES:
		snprintf(v->texts[4], sizeof(v->texts[4]), "%s", v->fields[0].f.text);
		break;
	case STEP_FACTS:
		if (!take_person(v))
			return false;
		if (supporter_typed(v) && !take_supporter(v))
			return false;
		break;
	case STEP_CONSENT:
		if (!is_present(v, v->signer)) {
			snprintf(v->fields[0].error, sizeof(v->fields[0].error), "%s",
			         _("the person who signed must be a member who was there"));
			return false;
		}
		if (core_idnum_age(v->signer, v->date) < CORE_CONSENT_MIN_AGE) {
			snprintf(v->fields[0].error, sizeof(v->fields[0].error),
			         _("the person who signed must be at least %d"),
			         CORE_CONSENT_MIN_AGE);
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
		/* L10N: the step of 残疾、重特大疾病、生活自理 and 赡养义务人 */
		N_("Health and support"),
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
		return !v->edit_id[0] ? _("Someone new in the household.")
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
	case STEP_FACTS:
		return _("Disability, illness and self-care of each person, and who must support them.");
	}
	return "";
}

static void title(ui *u, screen *s, char *out, size_t len)
{
	visit *v = s->data;
	const core_member *h = head_of(&v->before);
	(void)u;
	if (v->recorded)
		snprintf(out, len, _("Visit to %s, %s — recorded"), h ? h->name : "",
		         v->before.address);
	else
		snprintf(out, len, _("Visit to %s, %s — step %d of %d: %s (draft %s)"),
		         h ? h->name : "", v->before.address, step_pos(v->step) + 1,
		         STEP_COUNT,
		         step_name(v->step), v->draft);
}

static void unlocked(visit *v);

/* The rows a field takes: a text wraps (a note up to eight rows) so what
 * was written can be reread. */
static int field_height(const visit *v, const ffield *f, int width)
{
	int r, cap = v->step == STEP_NOTES ? 8 : 3;
	if (f->type != F_TEXT)
		return 1;
	r = field_rows(&f->f, width);
	return r < 1 ? 1 : r > cap ? cap : r;
}

static void draw_members(visit *v, int top, int rows, int cols)
{
	int y = top + 1;
	size_t n = v->after.n_members + v->n_gone;
	ui_put(top, 0, _("Who lives here now? Choose a person and press Enter to change what is known."),
	       cols, A_BOLD);
	for (size_t i = 0; i < n && y < top + rows; i++) {
		int attr = i == v->member_cursor ? A_REVERSE : A_NORMAL;
		ui_put(y, 0, i == v->member_cursor ? ">" : " ", 2, attr);
		if (i < v->after.n_members) {
			const core_member *m = &v->after.members[i];
			char money[CORE_MONEY_BUF] = "";
			int wi = cols - 2 - 12 - 18 - 18;
			if (m->n_incomes)
				core_money_format_grouped(core_member_income_total(m), money);
			ui_put(y, 2, m->name, 12, attr);
			ui_put(y, 14, label_relation(m->relation), 18, attr);
			ui_put(y, 32, m->able_to_work ? _("able to work")
			                              : _("not able to work"), 18, attr);
			if (wi > 4)
				ui_put_right(y, 50, money, wi, attr);
		} else {
			const gone_member *g = &v->gone[i - v->after.n_members];
			char d[11], line[256];
			core_date_format(g->date, d);
			snprintf(line, sizeof(line),
			         g->kind == CORE_CHANGE_DIED ? _("died on %s (u undoes)")
			                                     : _("left on %s (u undoes)"),
			         d);
			ui_put(y, 2, g->m.name, 12, attr);
			ui_put(y, 14, line, cols - 14, attr);
		}
		y++;
	}
}

/* The rows a field's error or note takes under it (up to two). */
static int note_rows(const ffield *f, int width)
{
	const char *next;
	if (!f->error[0] && !f->note[0])
		return 0;
	text_wrap(f->error[0] ? f->error : f->note, width, &next);
	return *next ? 2 : 1;
}

/* One supporter as a row of the list, in the household screen's words. */
static void supporter_line(const visit *v, size_t k, char *out, size_t len)
{
	const core_supporter *s = &v->after.supporters[k];
	char name[128];
	text_fit(name, sizeof(name), s->name, 10, true);
	if (s->able)
		snprintf(out, len, _("%zu. %s %s; able to support them"), k + 1, name,
		         s->relation);
	else if (s->reason[0])
		snprintf(out, len, _("%zu. %s %s; not able to support them: %s"),
		         k + 1, name, s->relation, s->reason);
	else
		snprintf(out, len, _("%zu. %s %s; not able to support them"), k + 1,
		         name, s->relation);
}

/* Above the facts step: the person shown, by name and masked ID number,
 * and how to go to the others. */
static void facts_header(const visit *v, char *out, size_t len)
{
	int at = member_at(&v->after, v->facts_id);
	char id[64];
	if (at < 0) {
		snprintf(out, len, "%s", step_help(v));
		return;
	}
	text_mask_id(id, sizeof(id), v->facts_id);
	snprintf(out, len, _("%s, %s: person %d of %zu (Ctrl-N next, Ctrl-P previous)"),
	         v->after.members[at].name, id, at + 1, v->after.n_members);
}

static void draw(ui *u, screen *s, int top, int rows, int cols)
{
	visit *v = s->data;
	int y = top + 1, lw = 12, cy = -1, rows_first = 0, rows_last = INT_MAX;
	if (v->locked && v->generation != u->generation)
		unlocked(v);
	if (v->locked)
		return;
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
		draw_members(v, top, rows, cols);
		return;
	}
	if (v->step == STEP_FACTS) {
		char head[512];
		facts_header(v, head, sizeof(head));
		ui_put(top, 0, head, cols, A_BOLD);
		/* the supporters' rows that fit, around the cursor */
		if (v->f_form > v->f_rows) {
			int need = 3, w = cols - lw - 1, n = v->f_form - v->f_rows;
			for (int i = 0; i < v->n_fields; i++)
				if (v->fields[i].type != F_SUPPORTER)
					need += field_height(v, &v->fields[i], w) +
					        note_rows(&v->fields[i], w);
			if (n > rows - need) {
				int show = rows - need - 1 < 1 ? 1 : rows - need - 1;
				int c = v->cur >= v->f_rows && v->cur < v->f_form
				                ? v->cur - v->f_rows
				                : 0;
				rows_first = c >= show ? c - show + 1 : 0;
				rows_last = rows_first + show;
			}
		}
	} else {
		ui_put(top, 0, step_help(v), cols, A_BOLD);
	}
	for (int i = 0; i < v->n_fields && y < top + rows; i++) {
		ffield *f = &v->fields[i];
		int attr = i == v->cur ? A_BOLD : A_NORMAL;
		int w = cols - lw - 1, h = field_height(v, f, w);
		char shown[512];
		if (v->step == STEP_FACTS && i == v->f_rows) {
			char line[256];
			if (v->after.n_supporters)
				snprintf(line, sizeof(line),
				         _("Obliged to support the household (%zu):"),
				         v->after.n_supporters);
			else
				snprintf(line, sizeof(line), "%s",
				         _("Obliged to support the household: none listed"));
			ui_put(y++, 0, line, cols, A_BOLD);
		}
		if (v->step == STEP_FACTS && i == v->f_form) {
			char line[256];
			int more = v->f_form - v->f_rows - rows_last;
			if (more > 0 && y < top + rows) {
				snprintf(line, sizeof(line),
				         _("  and %d more (↑↓ shows them)"), more);
				ui_put(y++, 0, line, cols, A_NORMAL);
			}
			if (v->sup_at)
				snprintf(line, sizeof(line),
				         _("Changing supporter %zu (Enter keeps the change):"),
				         v->sup_at);
			else
				snprintf(line, sizeof(line), "%s",
				         _("Someone else obliged to support them (Enter adds them):"));
			if (y < top + rows)
				ui_put(y++, 0, line, cols, A_BOLD);
		}
		if (y >= top + rows)
			break;
		if (f->type == F_SUPPORTER) {
			int k = i - v->f_rows;
			if (k < rows_first || k >= rows_last)
				continue;
			supporter_line(v, (size_t)f->choice, shown, sizeof(shown));
			ui_put(y, 0, i == v->cur ? ">" : " ", 2,
			       i == v->cur ? A_REVERSE : A_NORMAL);
			ui_put(y++, 2, shown, cols - 2,
			       i == v->cur ? A_REVERSE : A_NORMAL);
			continue;
		}
		if (y + h > top + rows)
			h = top + rows - y;
		ui_put(y, 0, f->label, lw, attr);
		switch (f->type) {
		case F_TOGGLE:
			snprintf(shown, sizeof(shown), "[%s]", f->on ? "x" : " ");
			ui_put(y, lw + 1, shown, w, i == v->cur ? A_REVERSE : A_NORMAL);
			break;
		case F_CHOICE: {
			const char *c = f->n_choices ? f->choices[f->choice] : "";
			int id;
			if (f->word)
				c = f->word(f->choice);
			else if (f->choices == relation_words_ids &&
			    (id = core_relation_lookup(c)) >= 0)
				c = label_relation((core_relation)id);
			else if (f->choices == income_words_ids &&
			         (id = core_income_lookup(c)) >= 0)
				c = label_income((core_income_source)id);
			snprintf(shown, sizeof(shown), "< %s >", c);
			ui_put(y, lw + 1, shown, w, i == v->cur ? A_REVERSE : A_NORMAL);
			break;
		}
		case F_TEXT:
			if (i == v->cur)
				cy = y;
			else
				field_draw_wrapped(&f->f, y, lw + 1, w, h, A_UNDERLINE, false);
			break;
		default:
			if (i == v->cur)
				cy = y;
			else
				ui_put(y, lw + 1, f->f.text, w, A_UNDERLINE);
			break;
		}
		y += h;
		/* what is wrong, under the field, on up to two rows; else a
		 * note (the account on file, a warning) */
		if (f->error[0] || f->note[0]) {
			const char *e = f->error[0] ? f->error : f->note, *next = e;
			for (int k = 0; k < 2 && *e && y < top + rows; k++, e = next) {
				char part[sizeof(f->error)];
				size_t n = k ? strlen(e) : text_wrap(e, w, &next);
				if (k)
					next = e + n;
				memcpy(part, e, n);
				part[n] = '\0';
				ui_put(y++, lw + 1, part, w,
				       f->error[0] ? A_BOLD : A_NORMAL);
			}
		}
	}
	/* the field being typed in last, so the cursor stays there */
	if (cy >= 0) {
		ffield *f = &v->fields[v->cur];
		int w = cols - lw - 1, h = field_height(v, f, w);
		if (cy + h > top + rows)
			h = top + rows - cy;
		if (f->type == F_TEXT)
			field_draw_wrapped(&f->f, cy, lw + 1, w, h, A_UNDERLINE, true);
		else
			field_draw(&f->f, cy, lw + 1, w, A_UNDERLINE);
	}
}

static bool typing(screen *s)
{
	visit *v = s->data;
	return !v->recorded && !v->locked &&
	       (v->step != STEP_MEMBERS || v->editing) &&
	       v->n_fields && v->fields[v->cur].type != F_TOGGLE &&
	       v->fields[v->cur].type != F_CHOICE &&
	       v->fields[v->cur].type != F_SUPPORTER;
}

static void next_step(visit *v)
{
	if (!take(v))
		return;
	if (step_after(v->step) >= 0) {
		v->step = step_after(v->step);
		build_fields(v);
		save_draft(v);
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
		_("Tab, ↓       next field; ↑ the field above"),
		_("Shift-Tab    previous field (on the first field: the step before,"),
		_("             keeping what was typed)"),
		_("Enter        check this step and go to the next"),
		_("PgDn, PgUp   the next step (checked), the step before (kept as typed)"),
		_("Space        mark or unmark; change a choice (← → too)"),
		_("Ctrl-U       clear the field before the cursor"),
		_("Esc          save and leave the visit; V on the household goes on"),
		_("Q            save and leave the program (in a text field: a letter)"),
		_("F1, ?        this help"),
		"",
		_("Members and income:"),
		_("Enter        change what is known of the person"),
		_("n            someone new in the household"),
		_("x            the person has left the household (asks the date)"),
		_("d            the person has died (asks the date)"),
		_("u            undo a left or died marked at this visit"),
		_("x, Delete    on someone added at this visit: remove them"),
		_("Esc          in a person's form: put it away, nothing changed"),
		"",
		_("Health and support:"),
		_("Ctrl-N       the next person; Ctrl-P the one before"),
		_("Enter        on a supporter: change them; in the form below: keep them"),
		_("x, Delete    on a supporter: take them off the list"),
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

/* ---- left, died, removed, undone: by person ------------------------------- */

/* x or d answered: the date they left or died, checked; a refused date
 * keeps the question open with the reason. */
static bool gone_done(ui *u, void *ctx, const char *text)
{
	visit *v = ctx;
	core_date d;
	ds_error err;
	char shown[11];
	int at = member_at(&v->after, v->pending);
	gone_member *g;
	if (!text || at < 0) {
		ui_message(u, false, "%s", _("Put away: nothing changed."));
		return true;
	}
	if (core_date_parse(text, &d, "", &err)) {
		ui_error(u, &err);
		return false;
	}
	if (d > v->date) {
		core_date_format(v->date, shown);
		ui_message(u, true, _("the date cannot be after the visit (%s)"), shown);
		return false;
	}
	if (v->n_gone >= CORE_MEMBERS_MAX)
		return true;
	g = &v->gone[v->n_gone++];
	g->m = v->after.members[at];
	g->kind = v->pending_kind;
	g->date = d;
	g->at = (size_t)at;
	core_household_remove_member(&v->after, (size_t)at);
	core_date_format(d, shown);
	ui_message(u, false,
	           g->kind == CORE_CHANGE_DIED ? _("%s is marked as died on %s; u undoes it.")
	                                       : _("%s is marked as left on %s; u undoes it."),
	           g->m.name, shown);
	v->member_cursor = v->after.n_members + v->n_gone - 1;
	save_draft(v);
	return true;
}

/* Someone added at this visit, taken out again. */
static bool remove_done(ui *u, void *ctx, const char *text)
{
	visit *v = ctx;
	int at = member_at(&v->after, v->pending);
	char name[CORE_NAME_MAX];
	if (!text || at < 0) {
		ui_message(u, false, "%s", _("Put away: nothing changed."));
		return true;
	}
	if (!ui_answer_yes(text)) {
		ui_message(u, true, "%s",
		           _("Press Enter to take them out, or Esc to keep them."));
		return false;
	}
	snprintf(name, sizeof(name), "%s", v->after.members[at].name);
	set_present(v, v->pending, false);
	if (!strcmp(v->signer, v->pending))
		v->signer[0] = '\0';
	core_household_remove_member(&v->after, (size_t)at);
	if (v->member_cursor >= v->after.n_members + v->n_gone && v->member_cursor)
		v->member_cursor--;
	ui_message(u, false, _("%s is taken out of the visit."), name);
	save_draft(v);
	sodium_memzero(name, sizeof(name));
	return true;
}

/* u on someone marked as left or died: back where they were. */
static void undo_gone(visit *v, size_t k)
{
	ds_error err;
	gone_member g = v->gone[k];
	core_member *m;
	size_t at;
	if (!(m = core_household_add_member(&v->after, &err))) {
		ui_error(v->u, &err);
		return;
	}
	(void)m;
	at = g.at < v->after.n_members - 1 ? g.at : v->after.n_members - 1;
	memmove(&v->after.members[at + 1], &v->after.members[at],
	        (v->after.n_members - 1 - at) * sizeof(v->after.members[0]));
	v->after.members[at] = g.m;
	memmove(&v->gone[k], &v->gone[k + 1],
	        (v->n_gone - k - 1) * sizeof(v->gone[0]));
	v->n_gone--;
	sodium_memzero(&v->gone[v->n_gone], sizeof(v->gone[0]));
	v->member_cursor = at;
	ui_message(v->u, false, _("%s is in the household again."), g.m.name);
	sodium_memzero(&g, sizeof(g));
	save_draft(v);
}

static unsigned members_key(ui *u, visit *v, ui_action a, int ch)
{
	size_t n = v->after.n_members + v->n_gone;
	bool on_gone = v->member_cursor >= v->after.n_members;
	const core_member *m = on_gone ? NULL : &v->after.members[v->member_cursor];
	char label[256];
	switch (ch) {
	case KEY_UP:
	case 'k':
		if (v->member_cursor)
			v->member_cursor--;
		return UI_DIRTY_BODY;
	case KEY_DOWN:
	case 'j':
		if (v->member_cursor + 1 < n)
			v->member_cursor++;
		return UI_DIRTY_BODY;
	case '\n':
	case '\r':
	case KEY_ENTER:
	case 'n':
		if (ch != 'n' && on_gone) {
			ui_message(u, false, "%s", _("This person is marked as gone; u undoes it first."));
			return UI_DIRTY_ALL;
		}
		if (ch != 'n' && !m)
			return UI_DIRTY_ALL;
		v->editing = true;
		snprintf(v->edit_id, sizeof(v->edit_id), "%s",
		         ch == 'n' ? "" : m->id_number);
		build_fields(v);
		return UI_DIRTY_ALL;
	case 'x':
	case 'd':
	case KEY_DC:
		if (on_gone || !m) {
			ui_message(u, false, "%s", _("This person is marked as gone already; u undoes it."));
			return UI_DIRTY_ALL;
		}
		snprintf(v->pending, sizeof(v->pending), "%s", m->id_number);
		if (member_at(&v->before, m->id_number) < 0) {
			snprintf(label, sizeof(label),
			         _("Take %s out of the visit? "),
			         m->name);
			ui_prompt(u, label, remove_done, v);
			return UI_DIRTY_ALL;
		}
		if (ch == KEY_DC)
			return UI_DIRTY_ALL;
		if (v->after.n_members < 2) {
			ui_message(u, true, "%s", _("a household keeps at least one member"));
			return UI_DIRTY_ALL;
		}
		v->pending_kind = ch == 'd' ? CORE_CHANGE_DIED : CORE_CHANGE_LEFT;
		snprintf(label, sizeof(label),
		         ch == 'd' ? _("%s died on (date): ")
		                   : _("%s left on (date): "),
		         m->name);
		ui_prompt(u, label, gone_done, v);
		{
			char d[11];
			core_date_format(v->date, d);
			field_set(&u->prompt, d);
		}
		return UI_DIRTY_ALL;
	case 'u':
		if (on_gone)
			undo_gone(v, v->member_cursor - v->after.n_members);
		else
			ui_message(u, false, "%s", _("Nothing to undo for this person."));
		return UI_DIRTY_ALL;
	case '\t':
		next_step(v);
		return UI_DIRTY_ALL;
	case KEY_BTAB:
		v->step = step_before(v->step);
		build_fields(v);
		return UI_DIRTY_ALL;
	default:
		return a == UI_HELP ? UI_DIRTY_NONE : UI_DIRTY_ALL;
	}
}

/* ---- the facts at the door: by person, and the supporters --------------- */

#define KEY_CTRL_N 14
#define KEY_CTRL_P 16

/* Ctrl-N and Ctrl-P: this person's facts taken (checked; a wrong one
 * keeps the person on screen with the error under it), then the next or
 * the previous person. */
static void facts_person(visit *v, int dir)
{
	int at = member_at(&v->after, v->facts_id), next = at + dir;
	bool ok = true;
	keep(v);
	for (int i = 0; i < FACTS_FIELDS && i < v->f_rows; i++)
		if (!check(v, &v->fields[i])) {
			if (ok)
				v->cur = i;
			ok = false;
		}
	if (!ok || !take_person(v))
		return;
	if (at < 0 || next < 0 || next >= (int)v->after.n_members) {
		ui_message(v->u, false, "%s",
		           dir > 0 ? _("This is the last person; Enter goes on to the next step.")
		                   : _("This is the first person."));
		return;
	}
	snprintf(v->facts_id, sizeof(v->facts_id), "%s",
	         v->after.members[next].id_number);
	build_fields(v);
	save_draft(v);
}

/* x or Delete on a supporter, answered. */
static bool sup_remove_done(ui *u, void *ctx, const char *text)
{
	visit *v = ctx;
	size_t k = v->pending_sup, n = v->after.n_supporters;
	char name[CORE_NAME_MAX];
	if (!text || k >= n || v->step != STEP_FACTS) {
		ui_message(u, false, "%s", _("Put away: nothing changed."));
		return true;
	}
	if (!ui_answer_yes(text)) {
		ui_message(u, true, "%s",
		           _("Press Enter to take them off, or Esc to keep them."));
		return false;
	}
	keep(v);
	snprintf(name, sizeof(name), "%s", v->after.supporters[k].name);
	memmove(&v->after.supporters[k], &v->after.supporters[k + 1],
	        (n - k - 1) * sizeof(v->after.supporters[0]));
	sodium_memzero(&v->after.supporters[n - 1], sizeof(v->after.supporters[0]));
	v->after.n_supporters = --n;
	if (v->sup_at == k + 1)
		v->sup_at = 0; /* what was typed stays, as someone new */
	else if (v->sup_at > k + 1)
		v->sup_at--;
	build_fields(v);
	v->cur = k < n ? v->f_rows + (int)k : n ? v->f_rows + (int)n - 1 : v->f_form;
	ui_message(u, false, _("%s is taken off the list of supporters."), name);
	save_draft(v);
	sodium_memzero(name, sizeof(name));
	return true;
}

/* The keys of the facts step that other steps do not have; false when the
 * key is the form's as in any step. */
static bool facts_key(ui *u, visit *v, ui_action a, int ch, unsigned *r)
{
	ffield *f = &v->fields[v->cur];
	*r = UI_DIRTY_ALL;
	if (ch == KEY_CTRL_N || ch == KEY_CTRL_P) {
		facts_person(v, ch == KEY_CTRL_N ? 1 : -1);
		return true;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		if (f->type == F_SUPPORTER) {
			/* the supporter into the form, to be changed */
			const core_supporter *sp;
			size_t k = (size_t)f->choice;
			keep(v);
			if (k >= v->after.n_supporters)
				return true;
			if (supporter_typed(v) && v->sup_at != k + 1) {
				ui_message(u, true, "%s",
				           _("Keep the supporter being typed first (Enter in the form), or clear the form."));
				return true;
			}
			sp = &v->after.supporters[k];
			snprintf(v->sup[0], FIELD_MAX, "%s", sp->name);
			snprintf(v->sup[1], FIELD_MAX, "%s", sp->relation);
			snprintf(v->sup[2], FIELD_MAX, "%s", sp->reason);
			v->sup_able = sp->able;
			v->sup_at = k + 1;
			build_fields(v);
			v->cur = v->f_form;
			return true;
		}
		if (v->cur >= v->f_form) {
			/* the supporter typed, kept */
			bool ok = true;
			keep(v);
			for (int i = v->f_form; i < v->n_fields; i++)
				if (!check(v, &v->fields[i])) {
					if (ok)
						v->cur = i;
					ok = false;
				}
			if (!ok)
				return true;
			if (!supporter_typed(v))
				return false; /* nothing typed: the next step */
			if (take_supporter(v)) {
				build_fields(v);
				v->cur = v->f_form;
				save_draft(v);
			}
			return true;
		}
		return false; /* the next step */
	}
	if (f->type != F_SUPPORTER)
		return false;
	switch (ch) {
	case 'x':
	case KEY_DC: {
		char label[256];
		v->pending_sup = (size_t)f->choice;
		snprintf(label, sizeof(label), _("Take %s off the list of supporters? "),
		         v->after.supporters[f->choice].name);
		ui_prompt(u, label, sup_remove_done, v);
		return true;
	}
	case KEY_UP:
	case 'k':
		if (v->cur)
			v->cur--;
		return true;
	case KEY_DOWN:
	case 'j':
		if (v->cur + 1 < v->n_fields)
			v->cur++;
		return true;
	case '\t':
	case KEY_BTAB:
		return false;
	default:
		*r = a == UI_HELP ? UI_DIRTY_NONE : UI_DIRTY_ALL;
		return true;
	}
}

static unsigned key(ui *u, screen *s, ui_action a, int ch)
{
	visit *v = s->data;
	bool text = typing(s);
	/* the household could not be read again after the unlock */
	if (v->locked)
		return ch == 'Q' ? UI_EXIT : (ch == 27 || ch == 'q') ? UI_POP
		                                                    : UI_DIRTY_ALL;
	if (v->recorded) {
		if (ch == 's') {
			core_step_args args;
			core_state next;
			ds_error err;
			core_step_args_init(&args);
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
	if (ch == KEY_F(1) || (ch == '?' && !text)) {
		show_help(u);
		return UI_DIRTY_ALL;
	}
	/* Esc in a person's form puts the form away, and only it */
	if (ch == 27 && v->step == STEP_MEMBERS && v->editing) {
		v->editing = false;
		v->edit_id[0] = '\0';
		build_fields(v);
		ui_message(u, false, "%s", _("Put away: nothing changed."));
		save_draft(v);
		return UI_DIRTY_ALL;
	}
	/* Esc and q save before leaving; Q saves and quits; in a text field
	 * q and Q are letters */
	if (ch == 27 || (!text && (ch == 'Q' || ch == 'q'))) {
		save_draft(v);
		if (ch == 'Q')
			return UI_EXIT;
		ui_message(u, false, _("The visit is saved as draft %s; press V on the household to go on."),
		           v->draft);
		return UI_POP;
	}
	/* PgDn and PgUp: a step on (checked) or back (kept as typed) */
	if ((ch == KEY_NPAGE || ch == KEY_PPAGE) &&
	    !(v->step == STEP_MEMBERS && v->editing)) {
		if (ch == KEY_NPAGE)
			next_step(v);
		else if (step_before(v->step) >= 0) {
			keep(v);
			v->step = step_before(v->step);
			build_fields(v);
			save_draft(v);
		}
		return UI_DIRTY_ALL;
	}
	if (v->step == STEP_MEMBERS && !v->editing)
		return members_key(u, v, a, ch);
	if (!v->n_fields)
		return UI_DIRTY_NONE;
	if (v->step == STEP_FACTS) {
		unsigned r;
		if (facts_key(u, v, a, ch, &r))
			return r;
	}
	switch (ch) {
	case '\t':
		check(v, &v->fields[v->cur]);
		v->cur = (v->cur + 1) % v->n_fields;
		return UI_DIRTY_ALL;
	/* ↓ and ↑ go from field to field as on paper, stopping at the ends */
	case KEY_DOWN:
		check(v, &v->fields[v->cur]);
		if (v->cur + 1 < v->n_fields)
			v->cur++;
		return UI_DIRTY_ALL;
	case KEY_UP:
		if (v->cur)
			v->cur--;
		return UI_DIRTY_ALL;
	case KEY_BTAB:
		if (v->cur == 0 && step_before(v->step) >= 0 && !v->editing) {
			/* back a step, keeping what was typed here */
			keep(v);
			v->step = step_before(v->step);
			build_fields(v);
			save_draft(v);
			return UI_DIRTY_ALL;
		}
		v->cur = (v->cur + v->n_fields - 1) % v->n_fields;
		return UI_DIRTY_ALL;
	case '\n':
	case '\r':
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
			/* an ID number is checked as it is typed, once it is whole */
			if (f->type == F_IDNUM && strlen(f->f.text) >= 18)
				check(v, f);
			if (f->type == F_ACCOUNT)
				account_note(v, f);
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
	              *assets = json_object_get(j, "assets"),
	              *supporters = json_object_get(j, "supporters"),
	              *rigid = json_object_get(j, "rigid_expenses"),
	              *form = json_object_get(j, "form");
	static const char *const facts[] = {"township", "village", "payee"};
	bool any_fact = false;
	const char *t;
	size_t i;
	core_date d;
	if ((t = json_string_value(json_object_get(j, "date"))) &&
	    !core_date_parse(t, &d, "", NULL))
		v->date = d;
	t = json_string_value(json_array_get(json_object_get(j, "staff"), 1));
	snprintf(v->staff2, sizeof(v->staff2), "%s", t ? t : "");
	for (size_t k = 0; k < sizeof(facts) / sizeof(facts[0]); k++)
		any_fact = any_fact || json_is_object(json_object_get(j, facts[k]));
	if (members || assets || any_fact || supporters || rigid) {
		json_t *h = store_household_to_json(&v->before);
		core_household found;
		if (h) {
			if (json_is_array(members))
				json_object_set(h, "members", members);
			if (json_is_object(assets))
				json_object_set(h, "assets", assets);
			if (json_is_array(supporters))
				json_object_set(h, "supporters", supporters);
			if (json_is_array(rigid))
				json_object_set(h, "rigid_expenses", rigid);
			for (size_t k = 0; k < sizeof(facts) / sizeof(facts[0]); k++)
				if (json_is_object(json_object_get(j, facts[k])))
					json_object_set(h, facts[k],
					                json_object_get(j, facts[k]));
			if (!store_household_from_json(h, &found, NULL)) {
				core_household_free(&v->after);
				v->after = found;
			}
			json_decref(h);
		}
	}
	v->n_present = 0;
	json_array_foreach(json_object_get(j, "present"), i, val) {
		char norm[CORE_IDNUM_BUF];
		if (!core_idnum_parse(json_string_value(val), -1, norm, "", NULL))
			set_present(v, norm, true);
	}
	v->signer[0] = '\0';
	if ((t = json_string_value(json_object_get(json_object_get(j, "consent"),
	                                           "signed_by"))))
		snprintf(v->signer, sizeof(v->signer), "%s", t);
	copy_text(j, "housing", v->texts[0], sizeof(v->texts[0]));
	copy_text(j, "assets_sighted", v->texts[1], sizeof(v->texts[1]));
	copy_text(j, "utilities_seen", v->texts[2], sizeof(v->texts[2]));
	copy_text(j, "bank_statements_seen", v->texts[3], sizeof(v->texts[3]));
	copy_text(j, "observations", v->texts[4], sizeof(v->texts[4]));
	/* who left or died, as they were in the household; who joined
	 * follows from the members */
	v->n_gone = 0;
	json_array_foreach(json_object_get(j, "changes"), i, val) {
		int kind = core_change_lookup(json_string_value(json_object_get(val, "change")));
		char norm[CORE_IDNUM_BUF];
		int at;
		gone_member *g = &v->gone[v->n_gone];
		if ((kind != CORE_CHANGE_LEFT && kind != CORE_CHANGE_DIED) ||
		    v->n_gone >= CORE_MEMBERS_MAX ||
		    core_idnum_parse(json_string_value(json_object_get(val, "id_number")),
		                     -1, norm, "", NULL) ||
		    (at = member_at(&v->before, norm)) < 0 ||
		    member_at(&v->after, norm) >= 0)
			continue;
		g->m = v->before.members[at];
		g->kind = (core_change_kind)kind;
		g->at = (size_t)at;
		if (!(t = json_string_value(json_object_get(val, "date"))) ||
		    core_date_parse(t, &g->date, "", NULL))
			g->date = v->date;
		v->n_gone++;
	}
	/* the facts step: whose facts, and the supporter being typed */
	copy_text(form, "facts_id", v->facts_id, sizeof(v->facts_id));
	copy_text(form, "facts_kept", v->facts_kept, sizeof(v->facts_kept));
	for (int k = 0; k < FACTS_FIELDS; k++) {
		const char *ft = json_string_value(
		        json_array_get(json_object_get(form, "facts"), (size_t)k));
		snprintf(v->facts_typed[k], FIELD_MAX, "%s", ft ? ft : "");
	}
	if (json_array_size(json_object_get(form, "facts")) != FACTS_FIELDS)
		v->facts_kept[0] = '\0'; /* not kept as typed: from the visit */
	val = json_object_get(form, "supporter");
	copy_text(val, "name", v->sup[0], sizeof(v->sup[0]));
	copy_text(val, "relation", v->sup[1], sizeof(v->sup[1]));
	copy_text(val, "reason", v->sup[2], sizeof(v->sup[2]));
	v->sup_able = json_is_true(json_object_get(val, "able"));
	{
		json_int_t at = json_integer_value(json_object_get(val, "at"));
		v->sup_at = at > 0 && (size_t)at <= v->after.n_supporters ? (size_t)at
		                                                         : 0;
	}
	v->form = json_incref(form);
}

/* The step's fields as they were on screen when the draft was saved. */
static void restore_form(visit *v)
{
	json_t *form = v->form, *fields, *val;
	size_t i;
	if (!form)
		return;
	json_array_foreach(json_object_get(form, "steps"), i, val) {
		if (i >= STEP_COUNT || !json_is_array(val))
			continue;
		for (size_t k = 0; k < STASH_FIELDS; k++) {
			const char *t = json_string_value(json_array_get(val, k));
			snprintf(v->stash[i][k], FIELD_MAX, "%s", t ? t : "");
		}
		v->stashed[i] = true;
		/* a draft from before a step had its last fields: those come
		 * from the visit */
		v->n_stash[i] = (unsigned char)(json_array_size(val) < STASH_FIELDS
		                                        ? json_array_size(val)
		                                        : STASH_FIELDS);
	}
	build_fields(v);
	if (json_is_true(json_object_get(form, "editing")) && v->step == STEP_MEMBERS) {
		const char *e = json_string_value(json_object_get(form, "edit_id"));
		if (e && (!e[0] || member_at(&v->after, e) >= 0)) {
			v->editing = true;
			snprintf(v->edit_id, sizeof(v->edit_id), "%s", e);
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
	v->n_present = 0;
	sodium_memzero(v->staff2, sizeof(v->staff2));
	sodium_memzero(v->texts, sizeof(v->texts));
	sodium_memzero(v->gone, sizeof(v->gone));
	v->n_gone = 0;
	sodium_memzero(v->stash, sizeof(v->stash));
	memset(v->stashed, 0, sizeof(v->stashed));
	memset(v->n_stash, 0, sizeof(v->n_stash));
	sodium_memzero(v->signer, sizeof(v->signer));
	sodium_memzero(v->edit_id, sizeof(v->edit_id));
	sodium_memzero(v->pending, sizeof(v->pending));
	sodium_memzero(v->facts_id, sizeof(v->facts_id));
	sodium_memzero(v->facts_kept, sizeof(v->facts_kept));
	sodium_memzero(v->facts_typed, sizeof(v->facts_typed));
	sodium_memzero(v->sup, sizeof(v->sup));
	v->sup_able = false;
	v->sup_at = 0;
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
	if (v->locked)
		h = _("q back");
	else if (v->recorded)
		h = _("s submit for review  ↑↓ scroll  q back");
	else if (v->step == STEP_MEMBERS && !v->editing)
		h = _("Enter change  n new  x left  d died  u undo  Tab next step");
	else if (v->step == STEP_MEMBERS)
		h = _("Tab next field  Enter keep this person  Esc put away");
	else if (v->step == STEP_FACTS && f && f->type == F_SUPPORTER)
		h = _("Enter change  x remove  ↑↓ move  Ctrl-N next person  Esc save and leave");
	else if (v->step == STEP_FACTS && v->cur >= v->f_form)
		h = _("Enter keep this supporter  Tab next field  Ctrl-N next person");
	else if (v->step == STEP_FACTS)
		h = _("Ctrl-N next person  Ctrl-P previous  Tab next field  Enter next step");
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
	v->signer[0] = '\0';
	v->n_present = 0;
	v->n_gone = 0;
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
	    !store_assessment_from_json(v->u->store, last, a, &err))
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
	v->edit_id[0] = '\0';
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

/* Starts a visit to a household, or goes on with its draft. The role is
 * checked first: someone who may not record a visit is told at once. A
 * draft is its author's: someone else does not take it over. */
screen *scr_visit_new(ui *u, const char *id)
{
	screen *s;
	visit *v;
	store_draft_info *drafts = NULL;
	size_t nd = 0;
	ds_error err;
	if (store_case_may(u->store, id, CORE_ACTION_VISIT, &err)) {
		ui_error(u, &err);
		return NULL;
	}
	if (!store_draft_list(u->store, &drafts, &nd, &err)) {
		for (size_t i = 0; i < nd; i++)
			if (!strcmp(drafts[i].household, id) &&
			    strcmp(drafts[i].author, u->user ? u->user : "")) {
				ui_message(u, true,
				           _("A visit to this household is in progress by %s (draft %s): only %s can go on with it."),
				           drafts[i].author, drafts[i].id, drafts[i].author);
				free(drafts);
				return NULL;
			}
	}
	s = calloc(1, sizeof(*s));
	v = calloc(1, sizeof(*v));
	if (!s || !v) {
		free(drafts);
		free(s);
		free(v);
		return NULL;
	}
	v->u = u;
	snprintf(v->id, sizeof(v->id), "%s", id);
	if (load(v, &err)) {
		ui_error(u, &err);
		free(drafts);
		free(s);
		free(v);
		return NULL;
	}
	/* a draft of this household goes on where it stopped */
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
		           v->draft, step_pos(v->step) + 1);
		break;
	}
	free(drafts);
	build_fields(v);
	if (v->draft[0])
		restore_form(v);
	else
		save_draft(v);
	if (v->member_cursor >= v->after.n_members + v->n_gone)
		v->member_cursor = 0;
	s->ops = &ops;
	s->data = v;
	return s;
}
