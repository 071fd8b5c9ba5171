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

static const char *const disability_ids[] = {
	"",
#define X(e, id, severe3) id,
	CORE_DISABILITY_LIST(X)
#undef X
};
static const bool disability_severe3[] = {
	false,
#define X(e, id, severe3) severe3,
	CORE_DISABILITY_LIST(X)
#undef X
};
static const char *const self_care_ids[] = {
	"",
#define X(e, id) id,
	CORE_SELF_CARE_LIST(X)
#undef X
};
static const char *const exclusion_ids[] = {
	"",
#define X(e, id) id,
	CORE_EXCLUSION_LIST(X)
#undef X
};
static const char *const expense_ids[] = {
	"",
#define X(e, id) id,
	CORE_EXPENSE_LIST(X)
#undef X
};
static const char *const basis_ids[] = {
#define X(e, id) id,
	CORE_BASIS_LIST(X)
#undef X
};
static const char *const class_ids[] = {
#define X(e, id, cash) id,
	CORE_CLASS_LIST(X)
#undef X
};
static const bool class_pays[] = {
#define X(e, id, cash) cash,
	CORE_CLASS_LIST(X)
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

/* The lists whose 0 is "not given": look-ups skip it, so "" is unknown. */
static int lookup1(const char *const *ids, size_t n, const char *id)
{
	int i = lookup(ids + 1, n - 1, id);
	return i < 0 ? -1 : i + 1;
}

const char *core_disability_id(core_disability d)
{
	return (unsigned)d < COUNT(disability_ids) ? disability_ids[d] : "?";
}
int core_disability_lookup(const char *id)
{
	return lookup1(disability_ids, COUNT(disability_ids), id);
}
bool core_disability_severe(int grade, core_disability type)
{
	return grade == 1 || grade == 2 ||
	       (grade == 3 && (unsigned)type < COUNT(disability_severe3) &&
	        disability_severe3[type]);
}
const char *core_self_care_id(core_self_care c)
{
	return (unsigned)c < COUNT(self_care_ids) ? self_care_ids[c] : "?";
}
int core_self_care_lookup(const char *id)
{
	return lookup1(self_care_ids, COUNT(self_care_ids), id);
}
const char *core_exclusion_id(core_exclusion e)
{
	return (unsigned)e < COUNT(exclusion_ids) ? exclusion_ids[e] : "?";
}
int core_exclusion_lookup(const char *id)
{
	return lookup1(exclusion_ids, COUNT(exclusion_ids), id);
}
const char *core_expense_id(core_expense_kind k)
{
	return (unsigned)k < COUNT(expense_ids) ? expense_ids[k] : "?";
}
int core_expense_lookup(const char *id)
{
	return lookup1(expense_ids, COUNT(expense_ids), id);
}
core_fen core_income_declared(const core_household *h, const core_member *m,
                              const core_income *in)
{
	core_fen sum = 0;
	int64_t n = 0;
	if (in->basis == CORE_BASIS_ANNUAL)
		return (in->annual * 2 + 12) / 24;
	if (in->basis != CORE_BASIS_MONTHS)
		return in->monthly;
	for (size_t k = 0; k < h->n_income_months; k++)
		if (h->income_months[k].source == in->source &&
		    !strcmp(h->income_months[k].id_number, m->id_number)) {
			sum += h->income_months[k].amount;
			n++;
		}
	return n ? (sum * 2 + n) / (2 * n) : 0;
}

const char *core_basis_id(core_income_basis b)
{
	return (unsigned)b < COUNT(basis_ids) ? basis_ids[b] : "?";
}
int core_basis_lookup(const char *id)
{
	return lookup(basis_ids, COUNT(basis_ids), id);
}
const char *core_class_id(core_class c)
{
	return (unsigned)c < COUNT(class_ids) ? class_ids[c] : "?";
}
int core_class_lookup(const char *id)
{
	return lookup(class_ids, COUNT(class_ids), id);
}
bool core_class_pays(core_class c)
{
	return (unsigned)c < COUNT(class_pays) && class_pays[c];
}

/* Built from constant tables on a thread's first call, in a buffer of
 * that thread's own (an import checks lines on two threads). */
const char *core_income_allowed(void)
{
	static _Thread_local char buf[512];
	return join(buf, sizeof(buf), income_ids, COUNT(income_ids));
}
const char *core_category_allowed(void)
{
	static _Thread_local char buf[256];
	return join(buf, sizeof(buf), category_ids, COUNT(category_ids));
}
const char *core_relation_allowed(void)
{
	static _Thread_local char buf[256];
	return join(buf, sizeof(buf), relation_ids, COUNT(relation_ids));
}
const char *core_disability_allowed(void)
{
	static _Thread_local char buf[256];
	return join(buf, sizeof(buf), disability_ids + 1,
	            COUNT(disability_ids) - 1);
}
const char *core_self_care_allowed(void)
{
	static _Thread_local char buf[64];
	return join(buf, sizeof(buf), self_care_ids + 1, COUNT(self_care_ids) - 1);
}
const char *core_exclusion_allowed(void)
{
	static _Thread_local char buf[128];
	return join(buf, sizeof(buf), exclusion_ids + 1, COUNT(exclusion_ids) - 1);
}
const char *core_expense_allowed(void)
{
	static _Thread_local char buf[128];
	return join(buf, sizeof(buf), expense_ids + 1, COUNT(expense_ids) - 1);
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

static void wipe_free(void *p, size_t len)
{
	if (p)
		explicit_bzero(p, len);
	free(p);
}

void core_household_free(core_household *h)
{
	if (!h)
		return;
	wipe_free(h->members, h->n_members * sizeof(*h->members));
	wipe_free(h->vehicles, h->n_vehicles * sizeof(*h->vehicles));
	wipe_free(h->supporters, h->n_supporters * sizeof(*h->supporters));
	wipe_free(h->rigid, h->n_rigid * sizeof(*h->rigid));
	wipe_free(h->income_months,
	          h->n_income_months * sizeof(*h->income_months));
	h->members = NULL;
	h->vehicles = NULL;
	h->supporters = NULL;
	h->rigid = NULL;
	h->income_months = NULL;
	h->n_members = h->n_vehicles = 0;
	h->n_supporters = h->n_rigid = h->n_income_months = 0;
}

/* A copy of n elements of size each (NULL for none); false when out of
 * memory. */
static bool dup_array(void **out, const void *src, size_t n, size_t size)
{
	*out = NULL;
	if (!n)
		return true;
	if (!(*out = malloc(n * size)))
		return false;
	memcpy(*out, src, n * size);
	return true;
}

ds_status core_household_copy(core_household *dst, const core_household *src)
{
	core_household tmp = *src;
	void *m, *v, *s = NULL, *r = NULL, *im = NULL;
	if (!dup_array(&m, src->members, src->n_members, sizeof(*src->members)))
		return DS_ESYSTEM;
	if (!dup_array(&v, src->vehicles, src->n_vehicles,
	               sizeof(*src->vehicles)) ||
	    !dup_array(&s, src->supporters, src->n_supporters,
	               sizeof(*src->supporters)) ||
	    !dup_array(&r, src->rigid, src->n_rigid, sizeof(*src->rigid)) ||
	    !dup_array(&im, src->income_months, src->n_income_months,
	               sizeof(*src->income_months))) {
		tmp.members = m;
		tmp.vehicles = v;
		tmp.supporters = s;
		tmp.rigid = r;
		tmp.income_months = im;
		core_household_free(&tmp);
		return DS_ESYSTEM;
	}
	tmp.members = m;
	tmp.vehicles = v;
	tmp.supporters = s;
	tmp.rigid = r;
	tmp.income_months = im;
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

/* Appends one zeroed element to an owned array of *n elements, wiping
 * the old copy; NULL past max or when out of memory. */
static void *append(void **arr, size_t *n, size_t size, size_t max,
                    const char *field, const char *too_many, ds_error *err)
{
	unsigned char *a;
	if (*n >= max) {
		ds_fail(err, DS_EINPUT, field, too_many);
		return NULL;
	}
	if (!(a = grow(*arr, *n * size, (*n + 1) * size))) {
		ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		return NULL;
	}
	*arr = a;
	memset(a + *n * size, 0, size);
	return a + (*n)++ * size;
}

core_supporter *core_household_add_supporter(core_household *h, ds_error *err)
{
	return append((void **)&h->supporters, &h->n_supporters,
	              sizeof(*h->supporters), CORE_SUPPORTERS_MAX, "supporters",
	              N_("at most 20 supporters can be listed"), err);
}

core_rigid_expense *core_household_add_rigid(core_household *h, ds_error *err)
{
	return append((void **)&h->rigid, &h->n_rigid, sizeof(*h->rigid),
	              CORE_RIGID_MAX, "rigid_expenses",
	              N_("at most 40 rigid expenses can be listed"), err);
}

core_income_month *core_household_add_income_month(core_household *h,
                                                   ds_error *err)
{
	return append((void **)&h->income_months, &h->n_income_months,
	              sizeof(*h->income_months), CORE_INCOME_MONTHS_MAX,
	              "members", N_("too many months of income in one household"),
	              err);
}

/* Drops the records kept by ID number (months of income, rigid
 * expenses) of a member who leaves the household. */
static void drop_records_of(core_household *h, const char *id)
{
	size_t k = 0;
	for (size_t i = 0; i < h->n_income_months; i++)
		if (strcmp(h->income_months[i].id_number, id))
			h->income_months[k++] = h->income_months[i];
	if (h->income_months)
		explicit_bzero(h->income_months + k,
		               (h->n_income_months - k) * sizeof(*h->income_months));
	h->n_income_months = k;
	k = 0;
	for (size_t i = 0; i < h->n_rigid; i++)
		if (strcmp(h->rigid[i].id_number, id))
			h->rigid[k++] = h->rigid[i];
	if (h->rigid)
		explicit_bzero(h->rigid + k, (h->n_rigid - k) * sizeof(*h->rigid));
	h->n_rigid = k;
}

void core_household_remove_member(core_household *h, size_t i)
{
	if (i >= h->n_members)
		return;
	if (h->members[i].id_number[0])
		drop_records_of(h, h->members[i].id_number);
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
	else if (a->disability_grade != b->disability_grade)
		field = "disability.grade";
	else if (a->disability_type != b->disability_type)
		field = "disability.type";
	else if (strcmp(a->illness, b->illness))
		field = "illness";
	else if (a->self_care != b->self_care)
		field = "self_care";
	else if (a->excluded != b->excluded)
		field = "excluded";
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
		        : x->basis != y->basis         ? "basis"
		        : x->annual != y->annual       ? "annual"
		                                     : NULL;
		if (field) {
			snprintf(where, len, "members[%zu].incomes[%zu].%s", i, k,
			         field);
			return false;
		}
	}
	return true;
}

/* Whether b holds a month of income equal to x. */
static bool has_month(const core_household *b, const core_income_month *x)
{
	for (size_t i = 0; i < b->n_income_months; i++) {
		const core_income_month *y = &b->income_months[i];
		if (!strcmp(x->id_number, y->id_number) && x->source == y->source &&
		    x->month == y->month)
			return x->amount == y->amount;
	}
	return false;
}

/* The ladder's household facts: supporters and rigid expenses in order,
 * months of income as a set. */
static bool ladder_same(const core_household *a, const core_household *b,
                        char *where, size_t len)
{
	const char *field = NULL;
	size_t k = 0;
	if (a->n_supporters != b->n_supporters)
		field = "supporters";
	else if (a->n_rigid != b->n_rigid)
		field = "rigid_expenses";
	else if (a->n_income_months != b->n_income_months)
		field = "members"; /* a month of someone's income */
	if (field) {
		snprintf(where, len, "%s", field);
		return false;
	}
	for (k = 0; k < a->n_supporters; k++) {
		const core_supporter *x = &a->supporters[k], *y = &b->supporters[k];
		if (strcmp(x->name, y->name) || strcmp(x->relation, y->relation) ||
		    x->able != y->able || strcmp(x->reason, y->reason)) {
			snprintf(where, len, "supporters[%zu]", k);
			return false;
		}
	}
	for (k = 0; k < a->n_rigid; k++) {
		const core_rigid_expense *x = &a->rigid[k], *y = &b->rigid[k];
		if (strcmp(x->id_number, y->id_number) || x->kind != y->kind ||
		    x->annual != y->annual || strcmp(x->evidence, y->evidence)) {
			snprintf(where, len, "rigid_expenses[%zu]", k);
			return false;
		}
	}
	for (k = 0; k < a->n_income_months; k++)
		if (!has_month(b, &a->income_months[k])) {
			snprintf(where, len, "members");
			return false;
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
	if (!ladder_same(a, b, where, len))
		return false;
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
	/* from the ladder's facts, when given (a declared category that they
	 * contradict is refused by core_household_validate) */
	if (m->disability_grade &&
	    core_disability_severe(m->disability_grade, m->disability_type))
		cats |= 1u << CORE_CAT_SEVERE_DISABILITY;
	if (m->illness[0])
		cats |= 1u << CORE_CAT_SEVERE_ILLNESS;
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

/* The ladder's facts of one member, relative to it ("disability.grade"). */
static ds_status facts_check(const core_member *m, ds_error *err)
{
	char g[8];
	ds_status st;
	if (m->disability_grade < 0 || m->disability_grade > 4 ||
	    (!m->disability_grade && m->disability_type))
		return ds_fail(err, DS_EINPUT, "disability.grade",
		               N_("must be 1 to 4"));
	if (m->disability_grade && (m->disability_type <= 0 ||
	                            m->disability_type >= CORE_DISABILITY_END))
		return ds_fail(err, DS_EINPUT, "disability.type",
		               N_("unknown disability type; use one of: %s"),
		               core_disability_allowed());
	if ((unsigned)m->self_care >= CORE_SELF_CARE_END)
		return ds_fail(err, DS_EINPUT, "self_care",
		               N_("unknown self-care level; use one of: %s"),
		               core_self_care_allowed());
	if ((unsigned)m->excluded >= CORE_EXCLUSION_END)
		return ds_fail(err, DS_EINPUT, "excluded",
		               N_("unknown reason to leave a member out; use one of: %s"),
		               core_exclusion_allowed());
	if ((st = core_text_check(m->illness, CORE_ILLNESS_MAX, false, "illness",
	                          err)))
		return st;
	/* a declared severe disability the facts contradict */
	if ((m->categories & (1u << CORE_CAT_SEVERE_DISABILITY)) &&
	    m->disability_grade &&
	    !core_disability_severe(m->disability_grade, m->disability_type)) {
		snprintf(g, sizeof(g), "%d", m->disability_grade);
		return ds_fail(err, DS_EINPUT, "categories",
		               N_("%s has a disability of grade %s (%s), which is not severe; severe_disability comes from the grade and type"),
		               m->name, g, core_disability_id(m->disability_type));
	}
	return DS_OK;
}

/* Index of the member with this ID number, or -1. */
static long member_by_id(const core_household *h, const char *id)
{
	for (size_t i = 0; i < h->n_members; i++)
		if (!strcmp(h->members[i].id_number, id))
			return (long)i;
	return -1;
}

/* The ladder's household facts: who is counted, supporters, rigid
 * expenses, months of income. */
static ds_status household_facts_check(const core_household *h,
                                       core_date today, ds_error *err)
{
	char field[96], mon[8];
	size_t counted = 0;
	ds_status st;
	for (size_t i = 0; i < h->n_members; i++)
		counted += !h->members[i].excluded;
	if (h->n_members && !counted)
		return ds_fail(err, DS_EINPUT, "members",
		               N_("everyone is left out of the household count (excluded); at least one member must be counted"));
	for (size_t k = 0; k < h->n_supporters; k++) {
		const core_supporter *s = &h->supporters[k];
		snprintf(field, sizeof(field), "supporters[%zu].name", k);
		if ((st = core_name_check(s->name, field, err)))
			return st;
		snprintf(field, sizeof(field), "supporters[%zu].relation", k);
		if ((st = core_text_check(s->relation, CORE_NAME_MAX, true, field,
		                          err)))
			return st;
		snprintf(field, sizeof(field), "supporters[%zu].reason", k);
		if ((st = core_text_check(s->reason, CORE_TEXT_MAX, false, field,
		                          err)))
			return st;
	}
	for (size_t k = 0; k < h->n_rigid; k++) {
		const core_rigid_expense *r = &h->rigid[k];
		if (member_by_id(h, r->id_number) < 0) {
			snprintf(field, sizeof(field), "rigid_expenses[%zu].member", k);
			return ds_fail(err, DS_EINPUT, field,
			               N_("is not a member of this household"));
		}
		if (r->kind <= 0 || r->kind >= CORE_EXPENSE_END) {
			snprintf(field, sizeof(field), "rigid_expenses[%zu].kind", k);
			return ds_fail(err, DS_EINPUT, field,
			               N_("unknown kind of rigid spending; use one of: %s"),
			               core_expense_allowed());
		}
		if (r->annual < 0 || r->annual > CORE_MONEY_MAX) {
			snprintf(field, sizeof(field), "rigid_expenses[%zu].annual", k);
			return ds_fail(err, DS_EINPUT, field,
			               N_("the amount must be between 0 and 100,000,000,000.00"));
		}
		snprintf(field, sizeof(field), "rigid_expenses[%zu].evidence", k);
		if ((st = core_text_check(r->evidence, CORE_TEXT_MAX, false, field,
		                          err)))
			return st;
	}
	for (size_t k = 0; k < h->n_income_months; k++) {
		const core_income_month *x = &h->income_months[k];
		long i = member_by_id(h, x->id_number);
		long j = -1;
		if (i >= 0)
			for (size_t q = 0; q < h->members[i].n_incomes; q++)
				if (h->members[i].incomes[q].source == x->source)
					j = (long)q;
		if (i < 0 || j < 0 ||
		    h->members[i].incomes[j].basis != CORE_BASIS_MONTHS)
			return ds_fail(err, DS_EINPUT, "members",
			               N_("a month of income belongs to no income given by months"));
		core_month_format(x->month, mon);
		snprintf(field, sizeof(field), "members[%ld].incomes[%ld].months.%s",
		         i, j, mon);
		if (x->month < core_month_make(CORE_DATE_MIN_YEAR, 1))
			return ds_fail(err, DS_EINPUT, field,
			               N_("not a month; write it as YYYY-MM, e.g. 2026-03"));
		if (today >= 0 && x->month > core_month_of_date(today))
			return ds_fail(err, DS_EINPUT, field, N_("is in the future"));
		if (x->amount < 0 || x->amount > CORE_MONEY_MAX)
			return ds_fail(err, DS_EINPUT, field,
			               N_("the amount must be between 0 and 100,000,000,000.00"));
		for (size_t q = 0; q < k; q++) {
			const core_income_month *y = &h->income_months[q];
			if (!strcmp(x->id_number, y->id_number) &&
			    x->source == y->source && x->month == y->month)
				return ds_fail(err, DS_EINPUT, field,
				               N_("is given twice"));
		}
	}
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
	if ((st = facts_check(m, err)))
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
		if ((unsigned)in->basis >= CORE_BASIS_END) {
			snprintf(field, sizeof(field), "incomes[%zu].basis", j);
			return ds_fail(err, DS_EINPUT, field,
			               N_("is declared, months or annual"));
		}
		if (in->annual < 0 || in->annual > CORE_MONEY_MAX) {
			snprintf(field, sizeof(field), "incomes[%zu].annual", j);
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
	if ((st = household_facts_check(h, today, err)))
		return st;
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
