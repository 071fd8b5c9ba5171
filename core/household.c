/* household.c — the household model and its validation. */
#include "household.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "payee.h"
#include "text.h"

static const char *const income_ids[] = {
#define X(e, id, counted) id,
	CORE_INCOME_LIST(X)
#undef X
};
static const bool income_counted[] = {
#define X(e, id, counted) counted,
	CORE_INCOME_LIST(X)
#undef X
};
static const char *const category_ids[] = {
#define X(e, id, aged) id,
	CORE_CATEGORY_LIST(X)
#undef X
};
static const bool category_aged[] = {
#define X(e, id, aged) aged,
	CORE_CATEGORY_LIST(X)
#undef X
};
static const char *const relation_ids[] = {
#define X(e, id) id,
	CORE_RELATION_LIST(X)
#undef X
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int lookup(const char *const *ids, size_t n, const char *id)
{
	if (!id)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return (int)i;
	return -1;
}

static const char *join(char *buf, size_t len, const char *const *ids,
                        size_t n)
{
	size_t o = 0;
	if (buf[0])
		return buf;
	for (size_t i = 0; i < n; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? ", " : "",
		                      ids[i]);
	return buf;
}

const char *core_income_id(core_income_source s)
{
	return (unsigned)s < COUNT(income_ids) ? income_ids[s] : "?";
}
bool core_income_counted_nationally(core_income_source s)
{
	return (unsigned)s < COUNT(income_counted) && income_counted[s];
}
const char *core_category_id(core_category c)
{
	return (unsigned)c < COUNT(category_ids) ? category_ids[c] : "?";
}
bool core_category_from_id(core_category c)
{
	return (unsigned)c < COUNT(category_aged) && category_aged[c];
}
const char *core_relation_id(core_relation r)
{
	return (unsigned)r < COUNT(relation_ids) ? relation_ids[r] : "?";
}
int core_income_lookup(const char *id)
{
	return lookup(income_ids, COUNT(income_ids), id);
}
int core_category_lookup(const char *id)
{
	return lookup(category_ids, COUNT(category_ids), id);
}
int core_relation_lookup(const char *id)
{
	return lookup(relation_ids, COUNT(relation_ids), id);
}

/* Built once from constant tables; the result never changes, so the
 * unsynchronised first call is harmless (same bytes either way). */
const char *core_income_allowed(void)
{
	static char buf[512];
	return join(buf, sizeof(buf), income_ids, COUNT(income_ids));
}
const char *core_category_allowed(void)
{
	static char buf[256];
	return join(buf, sizeof(buf), category_ids, COUNT(category_ids));
}
const char *core_relation_allowed(void)
{
	static char buf[256];
	return join(buf, sizeof(buf), relation_ids, COUNT(relation_ids));
}

void core_household_init(core_household *h)
{
	memset(h, 0, sizeof(*h));
}

/* Names, ID numbers and incomes are personal data: the arrays are wiped
 * before they are freed or moved, so that no copy stays behind in freed
 * memory (the interface's idle lock relies on it). */
static void *grow(void *p, size_t used, size_t want)
{
	void *q = malloc(want);
	if (!q)
		return NULL;
	if (p) {
		memcpy(q, p, used);
		explicit_bzero(p, used);
		free(p);
	}
	return q;
}

void core_household_free(core_household *h)
{
	if (!h)
		return;
	if (h->members)
		explicit_bzero(h->members, h->n_members * sizeof(*h->members));
	if (h->vehicles)
		explicit_bzero(h->vehicles, h->n_vehicles * sizeof(*h->vehicles));
	free(h->members);
	free(h->vehicles);
	h->members = NULL;
	h->vehicles = NULL;
	h->n_members = h->n_vehicles = 0;
}

ds_status core_household_copy(core_household *dst, const core_household *src)
{
	core_household tmp = *src;
	tmp.members = NULL;
	tmp.vehicles = NULL;
	if (src->n_members) {
		tmp.members = malloc(src->n_members * sizeof(*tmp.members));
		if (!tmp.members)
			return DS_ESYSTEM;
		memcpy(tmp.members, src->members,
		       src->n_members * sizeof(*tmp.members));
	}
	if (src->n_vehicles) {
		tmp.vehicles = malloc(src->n_vehicles * sizeof(*tmp.vehicles));
		if (!tmp.vehicles) {
			free(tmp.members);
			return DS_ESYSTEM;
		}
		memcpy(tmp.vehicles, src->vehicles,
		       src->n_vehicles * sizeof(*tmp.vehicles));
	}
	*dst = tmp;
	return DS_OK;
}

core_member *core_household_add_member(core_household *h, ds_error *err)
{
	core_member *m;
	if (h->n_members >= CORE_MEMBERS_MAX) {
		ds_fail(err, DS_EINPUT, "members",
		        N_("a household can have at most 30 members"));
		return NULL;
	}
	m = grow(h->members, h->n_members * sizeof(*m),
	         (h->n_members + 1) * sizeof(*m));
	if (!m) {
		ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		return NULL;
	}
	h->members = m;
	m = &h->members[h->n_members++];
	memset(m, 0, sizeof(*m));
	m->relation = CORE_REL_OTHER;
	return m;
}

core_vehicle *core_household_add_vehicle(core_household *h, ds_error *err)
{
	core_vehicle *v;
	if (h->n_vehicles >= CORE_VEHICLES_MAX) {
		ds_fail(err, DS_EINPUT, "assets.vehicles",
		        N_("at most 20 vehicles can be listed"));
		return NULL;
	}
	v = grow(h->vehicles, h->n_vehicles * sizeof(*v),
	         (h->n_vehicles + 1) * sizeof(*v));
	if (!v) {
		ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		return NULL;
	}
	h->vehicles = v;
	v = &h->vehicles[h->n_vehicles++];
	memset(v, 0, sizeof(*v));
	return v;
}

void core_household_remove_member(core_household *h, size_t i)
{
	if (i >= h->n_members)
		return;
	memmove(&h->members[i], &h->members[i + 1],
	        (h->n_members - i - 1) * sizeof(h->members[0]));
	h->n_members--;
	/* the last one is now a copy, beyond n_members */
	explicit_bzero(&h->members[h->n_members], sizeof(h->members[0]));
}

static bool member_same(const core_member *a, const core_member *b,
                        size_t i, char *where, size_t len)
{
	const char *field = NULL;
	if (strcmp(a->name, b->name))
		field = "name";
	else if (a->relation != b->relation)
		field = "relation";
	else if ((a->categories & ~CORE_CAT_FROM_ID) !=
	         (b->categories & ~CORE_CAT_FROM_ID))
		field = "categories"; /* the age ones follow the ID number */
	else if (a->able_to_work != b->able_to_work)
		field = "able_to_work";
	else if (a->refuses_work != b->refuses_work)
		field = "refuses_work";
	else if (a->n_incomes != b->n_incomes)
		field = "incomes";
	if (field) {
		snprintf(where, len, "members[%zu].%s", i, field);
		return false;
	}
	for (size_t k = 0; k < a->n_incomes; k++) {
		const core_income *x = &a->incomes[k], *y = &b->incomes[k];
		field = x->source != y->source       ? "source"
		        : x->monthly != y->monthly   ? "monthly"
		        : x->since != y->since       ? "since"
		        : x->irregular != y->irregular ? "irregular"
		                                     : NULL;
		if (field) {
			snprintf(where, len, "members[%zu].incomes[%zu].%s", i, k,
			         field);
			return false;
		}
	}
	return true;
}

bool core_household_same(const core_household *a, const core_household *b,
                         char *where, size_t len)
{
	const char *field = NULL;
	if (strcmp(a->region, b->region))
		field = "region";
	else if (strcmp(a->address, b->address))
		field = "address";
	else if (strcmp(a->township.code, b->township.code))
		field = "township.code";
	else if (strcmp(a->township.name, b->township.name))
		field = "township.name";
	else if (strcmp(a->village.code, b->village.code))
		field = "village.code";
	else if (strcmp(a->village.name, b->village.name))
		field = "village.name";
	else if (strcmp(a->payee.name, b->payee.name))
		field = "payee.name";
	else if (strcmp(a->payee.bank, b->payee.bank))
		field = "payee.bank";
	else if (strcmp(a->payee.account, b->payee.account))
		field = "payee.account";
	else if (a->financial != b->financial)
		field = "assets.financial";
	else if (a->homes != b->homes)
		field = "assets.homes";
	else if (a->n_vehicles != b->n_vehicles)
		field = "assets.vehicles";
	else if (a->last_verified != b->last_verified)
		field = "last_verified";
	else if (a->receiving != b->receiving ||
	         (a->receiving && (a->allowance != b->allowance ||
	                           a->since != b->since)))
		field = "receiving";
	if (field) {
		snprintf(where, len, "%s", field);
		return false;
	}
	for (size_t k = 0; k < a->n_vehicles; k++)
		if (strcmp(a->vehicles[k].description, b->vehicles[k].description) ||
		    a->vehicles[k].exempt != b->vehicles[k].exempt) {
			snprintf(where, len, "assets.vehicles[%zu]", k);
			return false;
		}
	/* the people by ID number: each of a's in b, the same; then b has no
	 * one else (ID numbers are distinct within a household) */
	for (size_t i = 0; i < a->n_members; i++) {
		const core_member *m = NULL;
		for (size_t j = 0; j < b->n_members && !m; j++)
			if (!strcmp(a->members[i].id_number, b->members[j].id_number))
				m = &b->members[j];
		if (!m) {
			snprintf(where, len, "members[%zu].id_number", i);
			return false;
		}
		if (!member_same(&a->members[i], m, i, where, len))
			return false;
	}
	if (a->n_members != b->n_members) {
		snprintf(where, len, "members");
		return false;
	}
	if (len)
		where[0] = '\0';
	return true;
}

bool core_member_aged(const core_member *m, core_category c, core_date on)
{
	int age;
	if (strlen(m->id_number) != CORE_IDNUM_LEN)
		return false;
	age = core_idnum_age(m->id_number, on);
	switch (c) {
	case CORE_CAT_ELDERLY:
		return age >= CORE_ELDERLY_MIN_AGE;
	case CORE_CAT_MINOR:
		return age < CORE_ADULT_AGE;
	default:
		return false;
	}
}

unsigned core_member_categories(const core_member *m, core_date on)
{
	unsigned cats = m->categories & ~CORE_CAT_FROM_ID;
	for (int c = 0; c < CORE_CAT_COUNT; c++)
		if (core_category_from_id((core_category)c) &&
		    core_member_aged(m, (core_category)c, on))
			cats |= 1u << c;
	return cats;
}

void core_household_drop_age_categories(core_household *h)
{
	for (size_t i = 0; i < h->n_members; i++)
		h->members[i].categories &= ~CORE_CAT_FROM_ID;
}

/* A declared age category the ID number contradicts on the date: "张三
 * was born 1996-03-01 and is not 60 or over on 2027-01-05; elderly comes
 * from the ID number". Not declaring one is no contradiction: it is
 * derived wherever it counts. */
static ds_status ages_check(const core_member *m, core_date today,
                            ds_error *err)
{
	char born[11], on[11];
	for (int c = 0; c < CORE_CAT_COUNT; c++) {
		if (!core_category_from_id((core_category)c) ||
		    !(m->categories & (1u << c)) ||
		    core_member_aged(m, (core_category)c, today))
			continue;
		core_date_format(core_idnum_birth(m->id_number), born);
		core_date_format(today, on);
		if (c == CORE_CAT_ELDERLY)
			return ds_fail(err, DS_EINPUT, "categories",
			               N_("%s was born %s and is not 60 or over on %s; elderly comes from the ID number"),
			               m->name, born, on);
		return ds_fail(err, DS_EINPUT, "categories",
		               N_("%s was born %s and is not under 18 on %s; minor comes from the ID number"),
		               m->name, born, on);
	}
	return DS_OK;
}

size_t core_household_head(const core_household *h)
{
	for (size_t i = 0; i < h->n_members; i++)
		if (h->members[i].relation == CORE_REL_HEAD)
			return i;
	return 0;
}

core_fen core_member_income_total(const core_member *m)
{
	core_fen sum = 0;
	for (size_t i = 0; i < m->n_incomes; i++)
		sum += m->incomes[i].monthly;
	return sum;
}

ds_status core_text_check(const char *text, size_t max, bool required,
                          const char *field, ds_error *err)
{
	char num[16];
	size_t n = text ? strlen(text) : 0;
	if (!n) {
		if (required)
			return ds_fail(err, DS_EINPUT, field, N_("cannot be empty"));
		return DS_OK;
	}
	if (!core_utf8_valid(text, n))
		return ds_fail(err, DS_EINPUT, field,
		               N_("is not valid UTF-8 text"));
	if (core_has_control(text))
		return ds_fail(err, DS_EINPUT, field,
		               N_("contains a control character"));
	if (n >= max) {
		snprintf(num, sizeof(num), "%zu", max - 1);
		return ds_fail(err, DS_EINPUT, field,
		               N_("is too long (at most %s bytes)"), num);
	}
	return DS_OK;
}

ds_status core_name_check(const char *name, const char *field, ds_error *err)
{
	ds_status st = core_text_check(name, CORE_NAME_MAX, true, field, err);
	if (st)
		return st;
	if (name[0] == ' ' || name[strlen(name) - 1] == ' ')
		return ds_fail(err, DS_EINPUT, field,
		               N_("has spaces at the start or end"));
	return DS_OK;
}

ds_status core_region_check(const char *region, const char *field,
                            ds_error *err)
{
	if (!region || strlen(region) != CORE_REGION_LEN || !core_all_digits(region))
		return ds_fail(err, DS_EINPUT, field,
		               N_("a region code has six digits, e.g. 440106"));
	if (region[0] == '0')
		return ds_fail(err, DS_EINPUT, field,
		               N_("%s is not a region code"), region);
	return DS_OK;
}

/* Errors come back relative to the member ("name", "incomes[1].source");
 * the caller prefixes "members[i]", so a valid household builds no paths. */
static ds_status member_validate(const core_member *m, core_date today,
                                 ds_error *err)
{
	char field[48];
	ds_status st;
	char scratch[CORE_IDNUM_BUF];

	if ((st = core_name_check(m->name, "name", err)))
		return st;
	if ((st = core_idnum_parse(m->id_number, today, scratch, "id_number",
	                           err)))
		return st;
	if (strcmp(scratch, m->id_number) != 0)
		return ds_fail(err, DS_EINPUT, "id_number",
		               N_("is not in its normal form (%s)"), scratch);
	if (m->refuses_work && !m->able_to_work)
		return ds_fail(err, DS_EINPUT, "refuses_work",
		               N_("only someone able to work can refuse work"));
	if ((unsigned)m->relation >= CORE_REL_COUNT)
		return ds_fail(err, DS_EINPUT, "relation",
		               N_("unknown relation; use one of: %s"),
		               core_relation_allowed());
	if (m->categories >> CORE_CAT_COUNT)
		return ds_fail(err, DS_EINPUT, "categories",
		               N_("unknown category; use one of: %s"),
		               core_category_allowed());
	if (today >= 0 && (st = ages_check(m, today, err)))
		return st;
	if (m->n_incomes > CORE_INCOMES_MAX)
		return ds_fail(err, DS_EINPUT, "incomes",
		               N_("at most 20 incomes per member"));
	for (size_t j = 0; j < m->n_incomes; j++) {
		const core_income *in = &m->incomes[j];
		if ((unsigned)in->source >= CORE_INCOME_COUNT) {
			snprintf(field, sizeof(field), "incomes[%zu].source", j);
			return ds_fail(err, DS_EINPUT, field,
			               N_("unknown income source; use one of: %s"),
			               core_income_allowed());
		}
		if (in->monthly < 0 || in->monthly > CORE_MONEY_MAX) {
			snprintf(field, sizeof(field), "incomes[%zu].monthly", j);
			return ds_fail(err, DS_EINPUT, field,
			               N_("the amount must be between 0 and 100,000,000,000.00"));
		}
		if (in->since && today >= 0 &&
		    in->since > core_month_of_date(today)) {
			snprintf(field, sizeof(field), "incomes[%zu].since", j);
			return ds_fail(err, DS_EINPUT, field, N_("is in the future"));
		}
		for (size_t k = 0; k < j; k++) {
			if (m->incomes[k].source == in->source) {
				char other[32]; /* "incomes[" + any size_t + "]" */
				snprintf(field, sizeof(field), "incomes[%zu].source", j);
				snprintf(other, sizeof(other), "incomes[%zu]", k);
				return ds_fail(err, DS_EINPUT, field,
				               N_("%s is already given in %s; add the amounts into one"),
				               core_income_id(in->source), other);
			}
		}
	}
	return DS_OK;
}

/* A code of len digits beginning with the code of the area above it. */
static bool code_under(const char *code, size_t len, const char *above)
{
	return strlen(code) == len && !strncmp(code, above, strlen(above)) &&
	       core_all_digits(code);
}

/* The township and village under the region: each "" or its code under
 * the one above, with a name when there is a code. */
static ds_status areas_check(const core_household *h, ds_error *err)
{
	ds_status st;
	const core_area *t = &h->township, *v = &h->village;
	if (t->code[0] && !code_under(t->code, CORE_TOWNSHIP_LEN, h->region))
		return ds_fail(err, DS_EINPUT, "township.code",
		               N_("a township code has 9 digits beginning with the region %s"),
		               h->region);
	if ((st = t->code[0] ? core_name_check(t->name, "township.name", err)
	                     : core_text_check(t->name, CORE_NAME_MAX, false,
	                                       "township.name", err)))
		return st;
	if (v->code[0] && !t->code[0])
		return ds_fail(err, DS_EINPUT, "village.code",
		               N_("a village needs its township (township.code)"));
	if (v->code[0] && !code_under(v->code, CORE_VILLAGE_LEN, t->code))
		return ds_fail(err, DS_EINPUT, "village.code",
		               N_("a village code has 12 digits beginning with the township %s"),
		               t->code);
	return v->code[0] ? core_name_check(v->name, "village.name", err)
	                  : core_text_check(v->name, CORE_NAME_MAX, false,
	                                    "village.name", err);
}

/* The payee: nothing, or a name, a bank and an account of 10 to 30
 * digits. The account's check digit is not checked here: a failed Luhn
 * check is a warning (core_account_luhn_ok), many accounts have none. */
static ds_status payee_check(const core_payee *p, ds_error *err)
{
	ds_status st;
	size_t n = strlen(p->account);
	char lo[8], hi[8];
	if (!p->name[0] && !p->bank[0] && !n)
		return DS_OK;
	if ((st = core_name_check(p->name, "payee.name", err)) ||
	    (st = core_name_check(p->bank, "payee.bank", err)))
		return st;
	snprintf(lo, sizeof(lo), "%d", CORE_ACCOUNT_MIN_DIGITS);
	snprintf(hi, sizeof(hi), "%d", CORE_ACCOUNT_MAX_DIGITS);
	if (!core_all_digits(p->account) || n < CORE_ACCOUNT_MIN_DIGITS ||
	    n > CORE_ACCOUNT_MAX_DIGITS)
		return ds_fail(err, DS_EINPUT, "payee.account",
		               N_("an account number is digits only, from %s to %s of them"),
		               lo, hi);
	return DS_OK;
}

ds_status core_household_validate(const core_household *h, core_date today,
                                  ds_error *err)
{
	ds_status st;
	char path[32], other[32];
	size_t heads = 0;

	if ((st = core_region_check(h->region, "region", err)))
		return st;
	if ((st = core_text_check(h->address, CORE_ADDRESS_MAX, true, "address",
	                          err)))
		return st;
	if ((st = areas_check(h, err)) || (st = payee_check(&h->payee, err)))
		return st;
	if (!h->n_members)
		return ds_fail(err, DS_EINPUT, "members",
		               N_("a household has at least one member"));
	if (h->n_members > CORE_MEMBERS_MAX)
		return ds_fail(err, DS_EINPUT, "members",
		               N_("a household can have at most 30 members"));
	for (size_t i = 0; i < h->n_members; i++) {
		const core_member *m = &h->members[i];
		char field[48];
		if ((st = member_validate(m, today, err))) {
			snprintf(path, sizeof(path), "members[%zu]", i);
			ds_error_prefix(err, path);
			return st;
		}
		if (m->relation == CORE_REL_HEAD && ++heads > 1) {
			snprintf(field, sizeof(field), "members[%zu].relation", i);
			return ds_fail(err, DS_EINPUT, field,
			               N_("a household has only one head"));
		}
		for (size_t k = 0; k < i; k++) {
			if (strcmp(h->members[k].id_number, m->id_number) == 0) {
				snprintf(field, sizeof(field), "members[%zu].id_number", i);
				snprintf(other, sizeof(other), "members[%zu]", k);
				return ds_fail(err, DS_EINPUT, field,
				               N_("the same person is already listed as %s"),
				               other);
			}
		}
	}
	if (!heads)
		return ds_fail(err, DS_EINPUT, "members",
		               N_("one member must have the relation \"head\""));
	if (h->financial < 0 || h->financial > CORE_MONEY_MAX)
		return ds_fail(err, DS_EINPUT, "assets.financial",
		               N_("the amount must be between 0 and 100,000,000,000.00"));
	for (size_t i = 0; i < h->n_vehicles; i++) {
		char field[96];
		snprintf(field, sizeof(field), "assets.vehicles[%zu].description",
		         i);
		if ((st = core_text_check(h->vehicles[i].description,
		                          CORE_TEXT_MAX, true, field, err)))
			return st;
	}
	if (h->homes < 0 || h->homes > CORE_HOMES_MAX)
		return ds_fail(err, DS_EINPUT, "assets.homes",
		               N_("the number of homes must be between 0 and 99"));
	if (h->last_verified && today >= 0 && h->last_verified > today)
		return ds_fail(err, DS_EINPUT, "last_verified", N_("is in the future"));
	if (h->receiving) {
		if (h->allowance < 0 || h->allowance > CORE_MONEY_MAX)
			return ds_fail(err, DS_EINPUT, "receiving.allowance",
			               N_("the amount must be between 0 and 100,000,000,000.00"));
		if (h->since < core_month_make(CORE_DATE_MIN_YEAR, 1))
			return ds_fail(err, DS_EINPUT, "receiving.since",
			               N_("not a month; write it as YYYY-MM, e.g. 2026-03"));
		if (today >= 0 && h->since > core_month_of_date(today))
			return ds_fail(err, DS_EINPUT, "receiving.since",
			               N_("is in the future"));
	}
	return DS_OK;
}
