/* scr_add.c — adding an applicant household from the interface, question
 * by question on the message line, as little as `doorstep household add`
 * needs: the head's name and ID number, the address, the region, and any
 * other members (name, ID number, relation). Each answer is checked as it
 * is given (an ID number's check character, and whether the person is in
 * another household already, naming its head and address); a refused
 * answer keeps the question open with what was typed. Esc puts away the
 * member being added, or, on the household's own questions, the whole
 * form. The screen shows the answers so far; incomes and assets are
 * recorded at the first home visit. Then the new household opens. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/workflow.h"
#include "store/store.h"
#include "tui/i18n.h"
#include "tui/labels.h"
#include "tui/text.h"
#include "tui/ui.h"
#include "tui/wipe.h"

typedef enum {
	Q_HEAD_NAME,
	Q_HEAD_ID,
	Q_ADDRESS,
	Q_REGION,
	Q_MORE,       /* another member's name, or nothing: done */
	Q_MEMBER_ID,
	Q_MEMBER_RELATION,
	Q_NONE,       /* no question open (after the lock) */
} question;

typedef struct {
	core_household h;   /* the answers so far; the member being added last */
	question q;
	bool put_away;      /* the lock put the form away */
} add_form;

static void ask(ui *u, add_form *f, question q);

/* Whoever may visit takes the application: the household is theirs to
 * visit next (core_action_roles: the first step of its case). */
static bool may_add(ui *u)
{
	return core_action_roles(CORE_ACTION_VISIT) & (1u << store_role(u->store));
}

/* An ID number as typed: valid, born by today, not twice in this form,
 * in no other household (naming that household's head and address). */
static bool id_taken(ui *u, add_form *f, const char *text, char out[CORE_IDNUM_BUF])
{
	ds_error err;
	char head[CORE_NAME_MAX], address[CORE_ADDRESS_MAX];
	int where;
	if (core_idnum_parse(text, u->today, out, _("ID number"), &err)) {
		ui_error(u, &err);
		return false;
	}
	for (size_t i = 0; i + 1 < f->h.n_members; i++)
		if (!strcmp(f->h.members[i].id_number, out)) {
			ui_message(u, true, _("%s is already in this household with this ID number."),
			           f->h.members[i].name);
			return false;
		}
	where = ui_person_elsewhere(u, out, NULL, head, sizeof(head), address,
	                            sizeof(address), &err);
	if (where > 0 && head[0])
		ui_message(u, true,
		           _("This person is already a member of the household of %s, %s; a person can be in one household only."),
		           head, address);
	else if (where != 0)
		ui_error(u, &err);
	sodium_memzero(head, sizeof(head));
	sodium_memzero(address, sizeof(address));
	return where == 0;
}

/* A relation as typed: its number in the list the screen shows (the
 * head, who is the first member, is 0 and not offered), its word in the
 * reader's language or its identifier ("spouse"). */
static int relation_of(const char *text)
{
	if (text[0] >= '1' && text[0] <= '9' && !text[1] &&
	    text[0] - '0' < CORE_REL_COUNT)
		return text[0] - '0';
	for (int r = 0; r < CORE_REL_COUNT; r++)
		if (r != CORE_REL_HEAD &&
		    (!strcmp(text, label_relation((core_relation)r)) ||
		     !strcmp(text, core_relation_id((core_relation)r))))
			return r;
	return -1;
}

static void drop_last_member(add_form *f)
{
	if (f->h.n_members > 1) {
		sodium_memzero(&f->h.members[f->h.n_members - 1],
		               sizeof(f->h.members[0]));
		core_household_remove_member(&f->h, f->h.n_members - 1);
	}
}

/* The household is added and opens; this form closes. */
static bool finish(ui *u, add_form *f)
{
	ds_error err;
	char id[STORE_ID_BUF];
	if (core_household_validate(&f->h, u->today, &err) ||
	    store_household_add(u->store, &f->h, id, &err)) {
		ui_error(u, &err);
		return false;
	}
	ui_reload(u);
	ui_pop(u); /* frees f */
	ui_push(u, scr_household_new(u, id));
	ui_message(u, false, "%s",
	           _("The household is added and on the caseload. Its application is to be investigated: visit it next (V)."));
	return true;
}

static bool answered(ui *u, void *ctx, const char *text)
{
	add_form *f = ctx;
	ds_error err;
	core_member *m;
	if (!text) {
		if (f->q == Q_MEMBER_ID || f->q == Q_MEMBER_RELATION) {
			/* Esc on a member's question: only that member goes */
			drop_last_member(f);
			ask(u, f, Q_MORE);
			/* said beside the next question, which hides the message */
			snprintf(u->prompt_error, sizeof(u->prompt_error), "%s",
			         _("Put away: that member was not added."));
			return true;
		}
		ui_pop(u); /* frees f */
		ui_message(u, false, "%s", _("Put away: no household was added."));
		return true;
	}
	switch (f->q) {
	case Q_HEAD_NAME:
		if (core_name_check(text, _("Name"), &err)) {
			ui_error(u, &err);
			return false;
		}
		if (!f->h.n_members && !(m = core_household_add_member(&f->h, &err))) {
			ui_error(u, &err);
			return false;
		}
		m = &f->h.members[0];
		snprintf(m->name, sizeof(m->name), "%s", text);
		m->relation = CORE_REL_HEAD;
		ask(u, f, Q_HEAD_ID);
		return true;
	case Q_HEAD_ID:
	case Q_MEMBER_ID: {
		char idn[CORE_IDNUM_BUF];
		if (!id_taken(u, f, text, idn))
			return false;
		memcpy(f->h.members[f->h.n_members - 1].id_number, idn, sizeof(idn));
		sodium_memzero(idn, sizeof(idn));
		ask(u, f, f->q == Q_HEAD_ID ? Q_ADDRESS : Q_MEMBER_RELATION);
		return true;
	}
	case Q_ADDRESS:
		if (core_text_check(text, CORE_ADDRESS_MAX, true, _("Address"), &err)) {
			ui_error(u, &err);
			return false;
		}
		snprintf(f->h.address, sizeof(f->h.address), "%s", text);
		ask(u, f, Q_REGION);
		return true;
	case Q_REGION:
		if (core_region_check(text, _("Region code"), &err)) {
			ui_error(u, &err);
			return false;
		}
		snprintf(f->h.region, sizeof(f->h.region), "%s", text);
		ask(u, f, Q_MORE);
		return true;
	case Q_MORE:
		if (!text[0])
			return finish(u, f);
		if (core_name_check(text, _("Name"), &err)) {
			ui_error(u, &err);
			return false;
		}
		if (!(m = core_household_add_member(&f->h, &err))) {
			ui_error(u, &err);
			return false;
		}
		snprintf(m->name, sizeof(m->name), "%s", text);
		m->relation = CORE_REL_OTHER;
		ask(u, f, Q_MEMBER_ID);
		return true;
	case Q_MEMBER_RELATION: {
		int r = relation_of(text);
		if (r < 0) {
			char last[4];
			snprintf(last, sizeof(last), "%d", CORE_REL_COUNT - 1);
			ui_message(u, true, _("Type a number from 1 to %s, or a relation as the list above words it."),
			           last);
			return false;
		}
		f->h.members[f->h.n_members - 1].relation = (core_relation)r;
		ask(u, f, Q_MORE);
		return true;
	}
	default:
		return true;
	}
}

/* Puts question q on the message line (the region offered as the
 * store's own). */
static void ask(ui *u, add_form *f, question q)
{
	static const char *const label[] = {
		[Q_HEAD_NAME] = N_("Head of household's name: "),
		[Q_HEAD_ID] = N_("Head's ID number: "),
		[Q_ADDRESS] = N_("Address: "),
		[Q_REGION] = N_("Region code (6 digits): "),
		/* L10N: at most 40 columns (half the screen), as every question */
		[Q_MORE] = N_("Another member's name (or Enter: done): "),
		[Q_MEMBER_ID] = N_("Their ID number: "),
		[Q_MEMBER_RELATION] = N_("Relation to the head: "),
	};
	f->q = q;
	f->put_away = false;
	ui_prompt(u, _(label[q]), answered, f);
	if (q == Q_REGION)
		field_set(&u->prompt, f->h.region[0] ? f->h.region
		                                     : store_region(u->store));
}

static void draw(ui *u, screen *s, int top, int rows, int cols)
{
	add_form *f = s->data;
	int y = top + 1;
	char line[512];
	(void)u;
	if (f->put_away) {
		ui_put(top + 1, 2, _("The screen locked: what was typed for the new household was put away."),
		       cols - 4, A_NORMAL);
		ui_put(top + 3, 2, _("Enter: start again.  q: back to the caseload."),
		       cols - 4, A_NORMAL);
		return;
	}
	for (size_t i = 0; i < f->h.n_members && y < top + rows - 4; i++) {
		const core_member *m = &f->h.members[i];
		snprintf(line, sizeof(line), "%-2s %s  %s  %s", i ? "" : "*", m->name,
		         m->id_number[0] ? m->id_number : "…",
		         m->relation == CORE_REL_OTHER && i + 1 == f->h.n_members &&
		                         (f->q == Q_MEMBER_ID || f->q == Q_MEMBER_RELATION)
		                 ? "…"
		                 : label_relation(m->relation));
		ui_put(y++, 2, line, cols - 4, A_NORMAL);
	}
	if (f->h.address[0]) {
		snprintf(line, sizeof(line), _("Address: %s"), f->h.address);
		ui_put(++y, 2, line, cols - 4, A_NORMAL);
	}
	if (f->h.region[0] && f->q > Q_REGION) {
		char name[128];
		if (*label_region(f->h.region, name, sizeof(name)))
			/* L10N: the region's name, then its code */
			snprintf(line, sizeof(line), _("Region: %s (%s)"), name,
			         f->h.region);
		else
			snprintf(line, sizeof(line), _("Region: %s"), f->h.region);
		ui_put(++y, 2, line, cols - 4, A_NORMAL);
	}
	if (f->q == Q_MEMBER_RELATION) {
		/* the relations, numbered, as many to a line as fit */
		int x = 2, yy = y + 1;
		for (int r = 1; r < CORE_REL_COUNT; r++) {
			int w;
			snprintf(line, sizeof(line), "%d %s", r,
			         label_relation((core_relation)r));
			w = text_width(line) + 3;
			if (x + w > cols - 2) {
				x = 2;
				yy++;
			}
			ui_put(yy + 1, x, line, w, A_NORMAL);
			x += w;
		}
	}
	if (f->q == Q_MORE)
		ui_put(top + rows - 4, 2,
		       _("Type another member's name, or press Enter with nothing typed to add the household as it is."),
		       cols - 4, A_NORMAL);
	ui_put(top + rows - 2, 2,
	       _("Incomes, assets and the rest are recorded at the first home visit."),
	       cols - 4, A_DIM);
}

static void title(ui *u, screen *s, char *out, size_t len)
{
	(void)u;
	(void)s;
	snprintf(out, len, "%s", _("A new application: add the household"));
}

static unsigned key(ui *u, screen *s, ui_action a, int ch)
{
	add_form *f = s->data;
	(void)ch;
	if (a == UI_OPEN && f->put_away) {
		ask(u, f, Q_HEAD_NAME);
		return UI_DIRTY_ALL;
	}
	return UI_DIRTY_NONE;
}

static void hints(screen *s, char *out, size_t len)
{
	(void)s;
	snprintf(out, len, "%s", _("Enter start again  q back"));
}

/* The idle lock: every answer is wiped (the question is put away by the
 * engine); after the unlock the form offers to start again. */
static bool lock_(ui *u, screen *s)
{
	add_form *f = s->data;
	bool typed = f->h.n_members || f->h.address[0];
	(void)u;
	wipe_household(&f->h);
	core_household_init(&f->h);
	f->q = Q_NONE;
	f->put_away = true;
	return typed;
}

static void close_(screen *s)
{
	add_form *f = s->data;
	wipe_household(&f->h);
	sodium_memzero(f, sizeof(*f));
	free(f);
}

static const screen_ops ops = {
	.name = "add",
	.draw = draw,
	.key = key,
	.close = close_,
	.title = title,
	.hints = hints,
	.lock = lock_,
};

screen *scr_add_new(ui *u)
{
	screen *s;
	add_form *f;
	if (!may_add(u)) {
		ui_message(u, true,
		           _("As %s you cannot add a household: an application is taken by the township assistant, who visits the household next."),
		           label_role(store_role(u->store)));
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	f = calloc(1, sizeof(*f));
	if (!s || !f) {
		free(s);
		free(f);
		return NULL;
	}
	core_household_init(&f->h);
	s->ops = &ops;
	s->data = f;
	ask(u, f, Q_HEAD_NAME);
	return s;
}
