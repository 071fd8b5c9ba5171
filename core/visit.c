/* visit.c — visits: applying what was found, checking it, and what changed. */
#include "visit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "payee.h"
#include "text.h"

static const char *const change_ids[] = {"joined", "left", "died"};

const char *core_change_id(core_change_kind k)
{
	return (unsigned)k < 3 ? change_ids[k] : "?";
}

int core_change_lookup(const char *id)
{
	for (int i = 0; id && i < 3; i++)
		if (strcmp(change_ids[i], id) == 0)
			return i;
	return -1;
}

void core_visit_init(core_visit *v)
{
	memset(v, 0, sizeof(*v));
	v->date = -1;
	v->consent_at = -1;
	core_household_init(&v->found);
}

void core_visit_free(core_visit *v)
{
	if (v)
		core_household_free(&v->found);
}

/* With the members as found come their months of income (kept in the
 * household, read with the members' incomes); rigid spending of someone
 * no longer in the household leaves with them. false when out of memory. */
static bool take_member_records(core_household *h, const core_household *found)
{
	core_income_month *im = NULL;
	size_t k = 0;
	if (found->n_income_months) {
		im = malloc(found->n_income_months * sizeof(*im));
		if (!im)
			return false;
		memcpy(im, found->income_months,
		       found->n_income_months * sizeof(*im));
	}
	if (h->income_months)
		explicit_bzero(h->income_months,
		               h->n_income_months * sizeof(*h->income_months));
	free(h->income_months);
	h->income_months = im;
	h->n_income_months = found->n_income_months;
	for (size_t i = 0; i < h->n_rigid; i++) {
		bool in = false;
		for (size_t j = 0; j < h->n_members && !in; j++)
			in = !strcmp(h->members[j].id_number, h->rigid[i].id_number);
		if (in)
			h->rigid[k++] = h->rigid[i];
	}
	if (h->rigid)
		explicit_bzero(h->rigid + k, (h->n_rigid - k) * sizeof(*h->rigid));
	h->n_rigid = k;
	return true;
}

ds_status core_visit_apply(const core_visit *v, const core_household *before,
                           core_household *out, ds_error *err)
{
	core_household tmp;
	if (core_household_copy(&tmp, before))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	if (v->has_members) {
		core_member *m = NULL;
		if (v->found.n_members) {
			m = malloc(v->found.n_members * sizeof(*m));
			if (!m) {
				core_household_free(&tmp);
				return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			}
			memcpy(m, v->found.members, v->found.n_members * sizeof(*m));
		}
		/* the members as they were: wiped, not left in freed memory */
		if (tmp.members)
			explicit_bzero(tmp.members, tmp.n_members * sizeof(*m));
		free(tmp.members);
		tmp.members = m;
		tmp.n_members = v->found.n_members;
		if (!take_member_records(&tmp, &v->found)) {
			core_household_free(&tmp);
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
	}
	if (v->has_assets) {
		core_vehicle *veh = NULL;
		if (v->found.n_vehicles) {
			veh = malloc(v->found.n_vehicles * sizeof(*veh));
			if (!veh) {
				core_household_free(&tmp);
				return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			}
			memcpy(veh, v->found.vehicles,
			       v->found.n_vehicles * sizeof(*veh));
		}
		if (tmp.vehicles)
			explicit_bzero(tmp.vehicles, tmp.n_vehicles * sizeof(*veh));
		free(tmp.vehicles);
		tmp.vehicles = veh;
		tmp.n_vehicles = v->found.n_vehicles;
		tmp.financial = v->found.financial;
		tmp.homes = v->found.homes;
	}
	if (v->has_area) {
		tmp.township = v->found.township;
		tmp.village = v->found.village;
	}
	if (v->has_payee)
		tmp.payee = v->found.payee;
	if (v->has_supporters) {
		core_supporter *sp = NULL;
		if (v->found.n_supporters) {
			sp = malloc(v->found.n_supporters * sizeof(*sp));
			if (!sp) {
				core_household_free(&tmp);
				return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			}
			memcpy(sp, v->found.supporters,
			       v->found.n_supporters * sizeof(*sp));
		}
		if (tmp.supporters)
			explicit_bzero(tmp.supporters,
			               tmp.n_supporters * sizeof(*sp));
		free(tmp.supporters);
		tmp.supporters = sp;
		tmp.n_supporters = v->found.n_supporters;
	}
	if (v->has_rigid) {
		core_rigid_expense *r = NULL;
		if (v->found.n_rigid) {
			r = malloc(v->found.n_rigid * sizeof(*r));
			if (!r) {
				core_household_free(&tmp);
				return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			}
			memcpy(r, v->found.rigid, v->found.n_rigid * sizeof(*r));
		}
		if (tmp.rigid)
			explicit_bzero(tmp.rigid, tmp.n_rigid * sizeof(*r));
		free(tmp.rigid);
		tmp.rigid = r;
		tmp.n_rigid = v->found.n_rigid;
	}
	*out = tmp;
	return DS_OK;
}

static const core_member *member_of(const core_household *h, const char *id)
{
	for (size_t i = 0; h && i < h->n_members; i++)
		if (strcmp(h->members[i].id_number, id) == 0)
			return &h->members[i];
	return NULL;
}

static ds_status text_ok(const char *t, size_t max, const char *field,
                         ds_error *err)
{
	return core_text_check(t, max, false, field, err);
}

/* Observations are written as a person writes: lines and tabs are fine,
 * other control characters are not. */
static ds_status notes_ok(const char *t, size_t max, const char *field,
                          ds_error *err)
{
	char copy[CORE_VISIT_TEXT_MAX];
	size_t n = strlen(t);
	if (n >= sizeof(copy))
		return core_text_check(t, max, false, field, err);
	for (size_t i = 0; i <= n; i++)
		copy[i] = (t[i] == '\n' || t[i] == '\t' || t[i] == '\r') ? ' ' : t[i];
	return core_text_check(copy, max, false, field, err);
}

ds_status core_visit_validate(const core_visit *v, const core_household *before,
                              const core_household *after, core_date today,
                              ds_error *err)
{
	char field[48], date[11];
	ds_status st;

	if (v->date < 0)
		return ds_fail(err, DS_EINPUT, "date", N_("is missing"));
	if (today >= 0 && v->date > today) {
		core_date_format(v->date, date);
		return ds_fail(err, DS_EINPUT, "date", N_("%s is in the future"), date);
	}
	for (int i = 0; i < 2; i++) {
		snprintf(field, sizeof(field), "staff[%d]", i);
		if ((st = core_name_check(v->staff[i], field, err)))
			return st;
	}
	if (strcmp(v->staff[0], v->staff[1]) == 0)
		return ds_fail(err, DS_EINPUT, "staff[1]",
		               N_("a visit is made by two different staff"));
	if (!v->n_present)
		return ds_fail(err, DS_EINPUT, "present",
		               N_("say who of the household was there"));
	for (size_t i = 0; i < v->n_present; i++) {
		snprintf(field, sizeof(field), "present[%zu]", i);
		if (!member_of(after, v->present[i]) && !member_of(before, v->present[i]))
			return ds_fail(err, DS_EINPUT, field,
			               N_("this person is not a member of the household"));
		for (size_t k = 0; k < i; k++)
			if (strcmp(v->present[k], v->present[i]) == 0)
				return ds_fail(err, DS_EINPUT, field,
				               N_("is listed twice"));
	}
	if (!v->consent_by[0])
		return ds_fail(err, DS_EINPUT, "consent.signed_by",
		               N_("the household's consent and signature are needed"));
	{
		bool there = false;
		const core_member *m = member_of(after, v->consent_by);
		if (!m)
			m = member_of(before, v->consent_by);
		for (size_t i = 0; i < v->n_present; i++)
			there = there || strcmp(v->present[i], v->consent_by) == 0;
		if (!m || !there)
			return ds_fail(err, DS_EINPUT, "consent.signed_by",
			               N_("the person who signed must be a member who was there"));
		if (core_idnum_age(v->consent_by, v->date) < CORE_CONSENT_MIN_AGE)
			return ds_fail(err, DS_EINPUT, "consent.signed_by",
			               N_("the person who signed must be at least 16"));
	}
	if (v->consent_at < 0)
		return ds_fail(err, DS_EINPUT, "consent.at", N_("is missing"));
	if (v->consent_at < v->date || (today >= 0 && v->consent_at > today)) {
		core_date_format(v->consent_at, date);
		return ds_fail(err, DS_EINPUT, "consent.at",
		               N_("%s is not between the visit and today"), date);
	}
	if ((st = notes_ok(v->observations, CORE_VISIT_TEXT_MAX, "observations",
	                  err)) ||
	    (st = text_ok(v->housing, CORE_TEXT_MAX, "housing", err)) ||
	    (st = text_ok(v->assets_sighted, CORE_TEXT_MAX, "assets_sighted",
	                  err)) ||
	    (st = text_ok(v->utilities_seen, CORE_TEXT_MAX, "utilities_seen",
	                  err)) ||
	    (st = text_ok(v->bank_seen, CORE_TEXT_MAX, "bank_statements_seen",
	                  err)))
		return st;
	for (size_t i = 0; i < v->n_changes; i++) {
		const core_composition *c = &v->changes[i];
		bool in_before = member_of(before, c->id_number) != NULL;
		bool in_after = member_of(after, c->id_number) != NULL;
		snprintf(field, sizeof(field), "changes[%zu].id_number", i);
		if (c->kind == CORE_CHANGE_JOINED ? (in_before || !in_after)
		                                  : (!in_before || in_after))
			return ds_fail(err, DS_EINPUT, field,
			               c->kind == CORE_CHANGE_JOINED
			                       ? N_("joined: the person must be among the members found and not among those before")
			                       : N_("left or died: the person must be among the members before and not among those found"));
		if (c->date >= 0 && (c->date > v->date)) {
			snprintf(field, sizeof(field), "changes[%zu].date", i);
			return ds_fail(err, DS_EINPUT, field,
			               N_("is after the visit"));
		}
	}
	return DS_OK;
}

static core_fen income_of(const core_member *m, core_income_source s)
{
	for (size_t i = 0; m && i < m->n_incomes; i++)
		if (m->incomes[i].source == s)
			return m->incomes[i].monthly;
	return 0;
}

/* "石牌街道 440106010", or whichever of the two there is. */
static void area_text(const char *name, const char *code, char *out,
                      size_t len)
{
	size_t n = strlen(name), c = strlen(code);
	if (n + 1 + c >= len) /* a long name: without its code */
		c = 0;
	if (n >= len)
		n = len - 1;
	memcpy(out, name, n);
	if (n && c)
		out[n++] = ' ';
	memcpy(out + n, code, c);
	out[n + c] = '\0';
}

static core_fen rigid_of(const core_household *h, const char *id)
{
	core_fen sum = 0;
	for (size_t i = 0; i < h->n_rigid; i++)
		if (!strcmp(h->rigid[i].id_number, id))
			sum += h->rigid[i].annual;
	return sum;
}

static void push_diff(const core_diff *d, core_diff *out, size_t max,
                      size_t *n)
{
	if (*n < max)
		out[*n] = *d;
	(*n)++;
}

/* The facts at the door of one member found again (b before, a after);
 * d holds the member's name and ID number. */
static void member_facts_diff(const core_household *before,
                              const core_household *after,
                              const core_member *b, const core_member *a,
                              core_diff *d, core_diff *out, size_t max,
                              size_t *n)
{
	core_fen rb = rigid_of(before, b->id_number),
	         ra = rigid_of(after, a->id_number);
	d->before = d->after = 0;
	if (a->disability_grade != b->disability_grade ||
	    a->disability_type != b->disability_type) {
		d->kind = CORE_DIFF_DISABILITY;
		d->before = b->disability_grade;
		d->after = a->disability_grade;
		d->was_code = (int)b->disability_type;
		d->now_code = (int)a->disability_type;
		push_diff(d, out, max, n);
	}
	if (strcmp(a->illness, b->illness)) {
		d->kind = CORE_DIFF_ILLNESS;
		snprintf(d->was, sizeof(d->was), "%s", b->illness);
		snprintf(d->now, sizeof(d->now), "%s", a->illness);
		push_diff(d, out, max, n);
		d->was[0] = d->now[0] = '\0';
	}
	if (a->self_care != b->self_care) {
		d->kind = CORE_DIFF_SELF_CARE;
		d->was_code = (int)b->self_care;
		d->now_code = (int)a->self_care;
		push_diff(d, out, max, n);
	}
	if (a->excluded != b->excluded) {
		d->kind = CORE_DIFF_EXCLUDED;
		d->was_code = (int)b->excluded;
		d->now_code = (int)a->excluded;
		push_diff(d, out, max, n);
	}
	if (ra != rb) {
		d->kind = CORE_DIFF_RIGID;
		d->before = rb;
		d->after = ra;
		d->was_code = d->now_code = 0;
		push_diff(d, out, max, n);
	}
}

/* Whether two lists of supporters differ in anything. */
static bool supporters_differ(const core_household *a, const core_household *b)
{
	if (a->n_supporters != b->n_supporters)
		return true;
	for (size_t k = 0; k < a->n_supporters; k++) {
		const core_supporter *x = &a->supporters[k], *y = &b->supporters[k];
		if (x->able != y->able || strcmp(x->name, y->name) ||
		    strcmp(x->relation, y->relation) || strcmp(x->reason, y->reason))
			return true;
	}
	return false;
}

static int able_of(const core_household *h)
{
	int n = 0;
	for (size_t k = 0; k < h->n_supporters; k++)
		n += h->supporters[k].able;
	return n;
}

size_t core_household_diff(const core_household *before,
                           const core_household *after, const core_visit *v,
                           core_diff *out, size_t max)
{
	size_t n = 0;
#define PUSH(d)                 \
	do {                    \
		if (n < max)    \
			out[n] = (d); \
		n++;            \
	} while (0)
	for (size_t i = 0; i < after->n_members; i++) {
		const core_member *a = &after->members[i];
		const core_member *b = member_of(before, a->id_number);
		core_diff d;
		memset(&d, 0, sizeof(d));
		memcpy(d.name, a->name, sizeof(d.name));
		memcpy(d.id_number, a->id_number, sizeof(d.id_number));
		if (!b) {
			d.kind = CORE_DIFF_JOINED;
			PUSH(d);
			continue;
		}
		if (a->able_to_work != b->able_to_work) {
			d.kind = CORE_DIFF_WORK;
			d.before = b->able_to_work;
			d.after = a->able_to_work;
			PUSH(d);
		}
		for (int s = 0; s < CORE_INCOME_COUNT; s++) {
			core_fen x = income_of(b, (core_income_source)s),
			         y = income_of(a, (core_income_source)s);
			if (x == y)
				continue;
			d.kind = CORE_DIFF_INCOME;
			d.source = (core_income_source)s;
			d.before = x;
			d.after = y;
			PUSH(d);
		}
		member_facts_diff(before, after, b, a, &d, out, max, &n);
	}
	for (size_t i = 0; i < before->n_members; i++) {
		const core_member *b = &before->members[i];
		core_diff d;
		if (member_of(after, b->id_number))
			continue;
		memset(&d, 0, sizeof(d));
		memcpy(d.name, b->name, sizeof(d.name));
		memcpy(d.id_number, b->id_number, sizeof(d.id_number));
		d.kind = CORE_DIFF_LEFT;
		for (size_t k = 0; v && k < v->n_changes; k++)
			if (v->changes[k].kind == CORE_CHANGE_DIED &&
			    strcmp(v->changes[k].id_number, b->id_number) == 0)
				d.kind = CORE_DIFF_DIED;
		PUSH(d);
	}
	if (before->financial != after->financial) {
		core_diff d;
		memset(&d, 0, sizeof(d));
		d.kind = CORE_DIFF_FINANCIAL;
		d.before = before->financial;
		d.after = after->financial;
		PUSH(d);
	}
	if (before->n_vehicles != after->n_vehicles) {
		core_diff d;
		memset(&d, 0, sizeof(d));
		d.kind = CORE_DIFF_VEHICLES;
		d.before = (core_fen)before->n_vehicles;
		d.after = (core_fen)after->n_vehicles;
		PUSH(d);
	}
	if (before->homes != after->homes) {
		core_diff d;
		memset(&d, 0, sizeof(d));
		d.kind = CORE_DIFF_HOMES;
		d.before = before->homes;
		d.after = after->homes;
		PUSH(d);
	}
	{
		/* the township and village, the payee: the account masked, as
		 * everywhere but the payment roll */
		const struct {
			core_diff_kind kind;
			const char *b, *a, *b2, *a2;
		} texts[] = {
			{CORE_DIFF_TOWNSHIP, before->township.name, after->township.name,
			 before->township.code, after->township.code},
			{CORE_DIFF_VILLAGE, before->village.name, after->village.name,
			 before->village.code, after->village.code},
			{CORE_DIFF_PAYEE, before->payee.name, after->payee.name, "", ""},
			{CORE_DIFF_BANK, before->payee.bank, after->payee.bank, "", ""},
		};
		core_diff d;
		for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
			if (!strcmp(texts[k].b, texts[k].a) &&
			    !strcmp(texts[k].b2, texts[k].a2))
				continue;
			memset(&d, 0, sizeof(d));
			d.kind = texts[k].kind;
			area_text(texts[k].b, texts[k].b2, d.was, sizeof(d.was));
			area_text(texts[k].a, texts[k].a2, d.now, sizeof(d.now));
			PUSH(d);
		}
		if (strcmp(before->payee.account, after->payee.account)) {
			memset(&d, 0, sizeof(d));
			d.kind = CORE_DIFF_ACCOUNT;
			core_account_mask(before->payee.account, d.was, sizeof(d.was));
			core_account_mask(after->payee.account, d.now, sizeof(d.now));
			PUSH(d);
		}
	}
	if (supporters_differ(before, after)) {
		core_diff d;
		memset(&d, 0, sizeof(d));
		d.kind = CORE_DIFF_SUPPORTERS;
		d.before = (core_fen)before->n_supporters;
		d.after = (core_fen)after->n_supporters;
		d.was_code = able_of(before);
		d.now_code = able_of(after);
		PUSH(d);
	}
#undef PUSH
	return n;
}
