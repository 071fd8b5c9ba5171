/* test_household.c — identifiers, the household model and its validation
 * (core/household). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/household.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char AMOUNT_RANGE[] =
	"the amount must be between 0 and 100,000,000,000.00";
static const char SIX_DIGITS[] = "a region code has six digits, e.g. 440106";

/* ---- identifiers: DOMAIN.md's table, written out here ------------------- */

static const struct {
	const char *id;
	bool counted;
} incomes[] = {
	{"wages", true},
	{"flexible_work", true},
	{"business", true},
	{"agriculture", true},
	{"property", true},
	{"family_support", true},
	{"pension", true},
	{"unemployment_insurance", true},
	{"compensation", true},
	{"other_counted", true},
	{"special_care", false},
	{"family_planning_reward", false},
	{"scholarship", false},
	{"bravery_award", false},
	{"social_assistance", false},
	{"resident_basic_pension", false},
	{"other_exempt", false},
};
static const char *const categories[] = {
	"elderly", "minor", "severe_disability", "severe_illness", "student",
};
static const char *const relations[] = {
	"head", "spouse", "child", "parent", "sibling", "grandchild",
	"grandparent", "other",
};
static const char *const unknown_ids[] = {
	"", "Wages", "WAGES", "wage", "wages ", " wages", "wages,", "salary",
	"head\n", "Head", "elderly_", "unemployment", "pension_", "?",
	"wages, flexible_work",
};

static void test_lookup_null(void **state)
{
	(void)state;
	assert_int_equal(core_income_lookup(NULL), -1);
	assert_int_equal(core_category_lookup(NULL), -1);
	assert_int_equal(core_relation_lookup(NULL), -1);
}

static void test_income_ids(void **state)
{
	(void)state;
	assert_int_equal(CORE_INCOME_COUNT, N(incomes));
	for (size_t i = 0; i < N(incomes); i++) {
		int k = core_income_lookup(incomes[i].id);
		if (k < 0)
			fail_msg("income source \"%s\" unknown", incomes[i].id);
		assert_string_equal(core_income_id((core_income_source)k),
		                    incomes[i].id);
		assert_int_equal(core_income_counted_nationally((core_income_source)k),
		                 incomes[i].counted);
	}
	assert_int_equal(core_income_lookup("wages"), CORE_INCOME_WAGES);
	assert_int_equal(core_income_lookup("unemployment_insurance"),
	                 CORE_INCOME_UNEMPLOYMENT);
	assert_int_equal(core_income_lookup("resident_basic_pension"),
	                 CORE_INCOME_RESIDENT_PENSION);
	for (size_t i = 0; i < N(unknown_ids); i++)
		assert_int_equal(core_income_lookup(unknown_ids[i]), -1);
	/* Out of range enums. */
	assert_string_equal(core_income_id(CORE_INCOME_COUNT), "?");
	assert_string_equal(core_income_id((core_income_source)-1), "?");
	assert_false(core_income_counted_nationally(CORE_INCOME_COUNT));
	assert_false(core_income_counted_nationally((core_income_source)-1));
}

static void test_category_ids(void **state)
{
	(void)state;
	assert_int_equal(CORE_CAT_COUNT, N(categories));
	for (size_t i = 0; i < N(categories); i++) {
		int k = core_category_lookup(categories[i]);
		if (k < 0)
			fail_msg("category \"%s\" unknown", categories[i]);
		assert_string_equal(core_category_id((core_category)k), categories[i]);
	}
	assert_int_equal(core_category_lookup("severe_illness"),
	                 CORE_CAT_SEVERE_ILLNESS);
	for (size_t i = 0; i < N(unknown_ids); i++)
		assert_int_equal(core_category_lookup(unknown_ids[i]), -1);
	assert_int_equal(core_category_lookup("wages"), -1);
	assert_string_equal(core_category_id(CORE_CAT_COUNT), "?");
	assert_string_equal(core_category_id((core_category)-1), "?");
}

static void test_relation_ids(void **state)
{
	(void)state;
	assert_int_equal(CORE_REL_COUNT, N(relations));
	for (size_t i = 0; i < N(relations); i++) {
		int k = core_relation_lookup(relations[i]);
		if (k < 0)
			fail_msg("relation \"%s\" unknown", relations[i]);
		assert_string_equal(core_relation_id((core_relation)k), relations[i]);
	}
	assert_int_equal(core_relation_lookup("head"), CORE_REL_HEAD);
	assert_int_equal(core_relation_lookup("other"), CORE_REL_OTHER);
	for (size_t i = 0; i < N(unknown_ids); i++)
		assert_int_equal(core_relation_lookup(unknown_ids[i]), -1);
	assert_string_equal(core_relation_id(CORE_REL_COUNT), "?");
	assert_string_equal(core_relation_id((core_relation)-1), "?");
}

/* The list holds exactly the identifiers, each once, ", " between them. */
static void check_allowed(const char *list, const char *const *ids, size_t n)
{
	char want[512] = "";
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(want, ", ");
		strcat(want, ids[i]);
	}
	assert_string_equal(list, want);
}

static void test_allowed_lists(void **state)
{
	const char *ids[N(incomes)];
	(void)state;
	for (size_t i = 0; i < N(incomes); i++)
		ids[i] = incomes[i].id;
	check_allowed(core_income_allowed(), ids, N(ids));
	check_allowed(core_category_allowed(), categories, N(categories));
	check_allowed(core_relation_allowed(), relations, N(relations));
	/* Stable across calls. */
	assert_ptr_equal(core_income_allowed(), core_income_allowed());
	check_allowed(core_income_allowed(), ids, N(ids));
}

/* ---- a good household ------------------------------------------------------ */

/* ISO 7064 MOD 11-2, as in test_idnum.c: independent of core/idnum.c. */
static void make_id(char out[CORE_IDNUM_BUF], const char *region,
                    const char *yyyymmdd, int seq)
{
	int sum = 0, v;
	snprintf(out, CORE_IDNUM_BUF, "%.6s%.8s%03d", region, yyyymmdd, seq % 1000);
	for (int i = 0; i < 17; i++)
		sum += (out[i] - '0') * ((1 << (17 - i)) % 11);
	v = (12 - sum % 11) % 11;
	out[17] = v == 10 ? 'X' : (char)('0' + v);
	out[18] = '\0';
}

static core_date today(void)
{
	return core_date_from_ymd(2026, 3, 1);
}

static void good_household(core_household *h)
{
	core_member *m;
	core_vehicle *v;
	core_household_init(h);
	strcpy(h->region, "440106");
	strcpy(h->address, "广州市天河区天河路1号");
	m = core_household_add_member(h, NULL);
	assert_non_null(m);
	strcpy(m->name, "张三");
	make_id(m->id_number, "440106", "19800101", 13);
	m->relation = CORE_REL_HEAD;
	m->able_to_work = true;
	m->n_incomes = 2;
	m->incomes[0] = (core_income){.source = CORE_INCOME_WAGES, .monthly = 150000};
	m->incomes[1] = (core_income){.source = CORE_INCOME_SCHOLARSHIP, .monthly = 0};
	m = core_household_add_member(h, NULL);
	assert_non_null(m);
	strcpy(m->name, "李四");
	make_id(m->id_number, "440106", "19820512", 24);
	m->relation = CORE_REL_SPOUSE;
	m->categories = 1u << CORE_CAT_SEVERE_ILLNESS;
	m = core_household_add_member(h, NULL);
	assert_non_null(m);
	strcpy(m->name, "张小明");
	make_id(m->id_number, "440106", "20150601", 35);
	m->relation = CORE_REL_CHILD;
	m->categories = (1u << CORE_CAT_MINOR) | (1u << CORE_CAT_STUDENT);
	v = core_household_add_vehicle(h, NULL);
	assert_non_null(v);
	strcpy(v->description, "电动三轮车，送货用");
	v->exempt = true;
	h->financial = 500000;
	h->homes = 1;
	h->receiving = true;
	h->allowance = 50000;
	h->since = core_month_make(2025, 1);
}

static void test_good_household(void **state)
{
	core_household h;
	ds_error err;
	(void)state;
	good_household(&h);
	ds_error_clear(&err);
	assert_int_equal(core_household_validate(&h, today(), &err), DS_OK);
	assert_int_equal(err.status, DS_OK);
	assert_int_equal(core_household_validate(&h, -1, NULL), DS_OK);
	core_household_free(&h);
}

/* ---- one failure per rule ------------------------------------------------ */

static void set_region_short(core_household *h) { strcpy(h->region, "44010"); }
static void set_region_empty(core_household *h) { h->region[0] = '\0'; }
static void set_region_letters(core_household *h) { strcpy(h->region, "4401a6"); }
static void set_region_fullwidth(core_household *h) { strcpy(h->region, "４４"); }
static void set_region_zero(core_household *h) { strcpy(h->region, "040106"); }
static void set_address_empty(core_household *h) { h->address[0] = '\0'; }
static void set_address_control(core_household *h) { strcpy(h->address, "天河路\n1号"); }
static void set_address_utf8(core_household *h) { strcpy(h->address, "天河路\xE4\xB8"); }
static void set_no_members(core_household *h) { h->n_members = 0; }
static void set_no_head(core_household *h) { h->members[0].relation = CORE_REL_PARENT; }
static void set_two_heads(core_household *h) { h->members[1].relation = CORE_REL_HEAD; }
static void set_three_heads(core_household *h)
{
	h->members[0].relation = CORE_REL_OTHER;
	h->members[1].relation = CORE_REL_HEAD;
	h->members[2].relation = CORE_REL_HEAD;
}
static void set_bad_relation(core_household *h) { h->members[2].relation = CORE_REL_COUNT; }
static void set_bad_id(core_household *h) { strcpy(h->members[1].id_number, "110105194912310021"); }
static void set_empty_id(core_household *h) { h->members[1].id_number[0] = '\0'; }
static void set_short_id(core_household *h) { strcpy(h->members[1].id_number, "11010519491231002"); }
static void set_lower_x(core_household *h) { strcpy(h->members[1].id_number, "11010519491231002x"); }
static void set_future_birth(core_household *h) { make_id(h->members[2].id_number, "440106", "20260302", 35); }
/* the adult listed twice is not declared a minor the second time */
static void set_dup_id(core_household *h) { strcpy(h->members[2].id_number, h->members[0].id_number); h->members[2].categories = 1u << CORE_CAT_STUDENT; }
static void set_dup_id_1(core_household *h) { strcpy(h->members[2].id_number, h->members[1].id_number); h->members[2].categories = 1u << CORE_CAT_STUDENT; }
static void set_empty_name(core_household *h) { h->members[0].name[0] = '\0'; }
static void set_name_control(core_household *h) { strcpy(h->members[1].name, "李\t四"); }
static void set_name_escape(core_household *h) { strcpy(h->members[1].name, "李\x1B[2J"); }
static void set_name_c1(core_household *h) { strcpy(h->members[1].name, "李\xC2\x85"); }
static void set_name_utf8(core_household *h) { strcpy(h->members[1].name, "李\xFF"); }
static void set_name_overlong(core_household *h) { strcpy(h->members[1].name, "\xC0\xAF"); }
static void set_name_space(core_household *h) { strcpy(h->members[2].name, " 张小明"); }
static void set_name_trailing(core_household *h) { strcpy(h->members[2].name, "张小明 "); }
static void set_bad_category(core_household *h) { h->members[2].categories |= 1u << CORE_CAT_COUNT; }
static void set_dup_income(core_household *h) { h->members[0].incomes[1].source = CORE_INCOME_WAGES; }
static void set_dup_income_later(core_household *h)
{
	core_member *m = &h->members[1];
	m->n_incomes = 3;
	m->incomes[0] = (core_income){.source = CORE_INCOME_PENSION, .monthly = 100};
	m->incomes[1] = (core_income){.source = CORE_INCOME_BUSINESS, .monthly = 100};
	m->incomes[2] = (core_income){.source = CORE_INCOME_PENSION, .monthly = 100};
}
static void set_neg_income(core_household *h) { h->members[0].incomes[0].monthly = -1; }
static void set_huge_income(core_household *h) { h->members[0].incomes[1].monthly = CORE_MONEY_MAX + 1; }
static void set_bad_source(core_household *h) { h->members[0].incomes[1].source = CORE_INCOME_COUNT; }
static void set_many_incomes(core_household *h) { h->members[0].n_incomes = CORE_INCOMES_MAX + 1; }
static void set_neg_financial(core_household *h) { h->financial = -100; }
static void set_huge_financial(core_household *h) { h->financial = CORE_MONEY_MAX + 1; }
static void set_vehicle_empty(core_household *h) { h->vehicles[0].description[0] = '\0'; }
static void set_vehicle2_control(core_household *h)
{
	core_vehicle *v = core_household_add_vehicle(h, NULL);
	assert_non_null(v);
	strcpy(v->description, "car\x7F");
}
static void set_homes_neg(core_household *h) { h->homes = -1; }
static void set_homes_100(core_household *h) { h->homes = 100; }
static void set_allowance_neg(core_household *h) { h->allowance = -1; }
static void set_allowance_huge(core_household *h) { h->allowance = CORE_MONEY_MAX + 1; }
static void set_since_future(core_household *h) { h->since = core_month_make(2026, 4); }
static void set_since_far_future(core_household *h) { h->since = core_month_make(2099, 1); }
static void set_since_unset(core_household *h) { h->since = 0; }
static void set_since_1799(core_household *h) { h->since = core_month_make(1799, 12); }

static void test_validate_failures(void **state)
{
	static const struct {
		const char *name;
		void (*mutate)(core_household *);
		const char *where, *fmt, *arg0, *arg1;
	} table[] = {
		{"region short", set_region_short, "region", SIX_DIGITS, "", ""},
		{"region empty", set_region_empty, "region", SIX_DIGITS, "", ""},
		{"region letters", set_region_letters, "region", SIX_DIGITS, "", ""},
		{"region full-width", set_region_fullwidth, "region", SIX_DIGITS, "", ""},
		{"region 0", set_region_zero, "region", "%s is not a region code", "040106", ""},
		{"address empty", set_address_empty, "address", "cannot be empty", "", ""},
		{"address control", set_address_control, "address", "contains a control character", "", ""},
		{"address utf8", set_address_utf8, "address", "is not valid UTF-8 text", "", ""},
		{"no members", set_no_members, "members", "a household has at least one member", "", ""},
		{"no head", set_no_head, "members", "one member must have the relation \"head\"", "", ""},
		{"two heads", set_two_heads, "members[1].relation", "a household has only one head", "", ""},
		{"three heads", set_three_heads, "members[2].relation", "a household has only one head", "", ""},
		{"bad relation", set_bad_relation, "members[2].relation", "unknown relation; use one of: %s",
		 "head, spouse, child, parent, sibling, grandchild, grandparent, other", ""},
		{"bad id", set_bad_id, "members[1].id_number", "the check character does not match: read the number again from the card", "", ""},
		{"empty id", set_empty_id, "members[1].id_number", "an ID number is needed", "", ""},
		{"short id", set_short_id, "members[1].id_number",
		 "length: an ID number has 18 characters, this has %s", "17", ""},
		{"lower x", set_lower_x, "members[1].id_number", "is not in its normal form (%s)",
		 "11010519491231002X", ""},
		{"future birth", set_future_birth, "members[2].id_number",
		 "date: birth date %s is in the future", "20260302", ""},
		{"dup id", set_dup_id, "members[2].id_number", "the same person is already listed as %s",
		 "members[0]", ""},
		{"dup id 1", set_dup_id_1, "members[2].id_number", "the same person is already listed as %s",
		 "members[1]", ""},
		{"empty name", set_empty_name, "members[0].name", "cannot be empty", "", ""},
		{"name tab", set_name_control, "members[1].name", "contains a control character", "", ""},
		{"name escape", set_name_escape, "members[1].name", "contains a control character", "", ""},
		{"name C1", set_name_c1, "members[1].name", "contains a control character", "", ""},
		{"name utf8", set_name_utf8, "members[1].name", "is not valid UTF-8 text", "", ""},
		{"name overlong", set_name_overlong, "members[1].name", "is not valid UTF-8 text", "", ""},
		{"name space", set_name_space, "members[2].name", "has spaces at the start or end", "", ""},
		{"name trailing", set_name_trailing, "members[2].name", "has spaces at the start or end", "", ""},
		{"bad category", set_bad_category, "members[2].categories", "unknown category; use one of: %s",
		 "elderly, minor, severe_disability, severe_illness, student", ""},
		{"dup income", set_dup_income, "members[0].incomes[1].source",
		 "%s is already given in %s; add the amounts into one", "wages", "incomes[0]"},
		{"dup income later", set_dup_income_later, "members[1].incomes[2].source",
		 "%s is already given in %s; add the amounts into one", "pension", "incomes[0]"},
		{"negative income", set_neg_income, "members[0].incomes[0].monthly", AMOUNT_RANGE, "", ""},
		{"huge income", set_huge_income, "members[0].incomes[1].monthly", AMOUNT_RANGE, "", ""},
		{"bad source", set_bad_source, "members[0].incomes[1].source",
		 "unknown income source; use one of: %s", NULL /* the full list */, ""},
		{"many incomes", set_many_incomes, "members[0].incomes", "at most 20 incomes per member", "", ""},
		{"negative financial", set_neg_financial, "assets.financial", AMOUNT_RANGE, "", ""},
		{"huge financial", set_huge_financial, "assets.financial", AMOUNT_RANGE, "", ""},
		{"vehicle empty", set_vehicle_empty, "assets.vehicles[0].description", "cannot be empty", "", ""},
		{"vehicle control", set_vehicle2_control, "assets.vehicles[1].description",
		 "contains a control character", "", ""},
		{"homes -1", set_homes_neg, "assets.homes", "the number of homes must be between 0 and 99", "", ""},
		{"homes 100", set_homes_100, "assets.homes", "the number of homes must be between 0 and 99", "", ""},
		{"allowance negative", set_allowance_neg, "receiving.allowance", AMOUNT_RANGE, "", ""},
		{"allowance huge", set_allowance_huge, "receiving.allowance", AMOUNT_RANGE, "", ""},
		{"since future", set_since_future, "receiving.since", "is in the future", "", ""},
		{"since far future", set_since_far_future, "receiving.since", "is in the future", "", ""},
		{"since unset", set_since_unset, "receiving.since",
		 "not a month; write it as YYYY-MM, e.g. 2026-03", "", ""},
		{"since 1799", set_since_1799, "receiving.since",
		 "not a month; write it as YYYY-MM, e.g. 2026-03", "", ""},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_household h;
		ds_error err;
		good_household(&h);
		table[i].mutate(&h);
		ds_status st = core_household_validate(&h, today(), &err);
		if (st != DS_EINPUT)
			fail_msg("%s: status %d, want refused", table[i].name, st);
		if (strcmp(err.where, table[i].where) != 0)
			fail_msg("%s: where \"%s\", want \"%s\"", table[i].name,
			         err.where, table[i].where);
		if (strcmp(err.fmt, table[i].fmt) != 0)
			fail_msg("%s: \"%s\", want \"%s\"", table[i].name, err.fmt,
			         table[i].fmt);
		const char *arg0 = table[i].arg0 ? table[i].arg0
		                                 : core_income_allowed();
		if (strcmp(err.arg[0], arg0) != 0)
			fail_msg("%s: argument \"%s\", want \"%s\"", table[i].name,
			         err.arg[0], arg0);
		assert_string_equal(err.arg[1], table[i].arg1);
		core_household_free(&h);
	}
}

static void test_validate_messages(void **state)
{
	static const struct {
		void (*mutate)(core_household *);
		const char *want;
	} table[] = {
		{set_bad_id, "members[1].id_number: the check character does not match: read the number again from the card"},
		{set_dup_id, "members[2].id_number: the same person is already listed as members[0]"},
		{set_vehicle_empty, "assets.vehicles[0].description: cannot be empty"},
		{set_dup_income, "members[0].incomes[1].source: wages is already given in incomes[0]; add the amounts into one"},
		{set_bad_source, "members[0].incomes[1].source: unknown income source; use one of: "
		 "wages, flexible_work, business, agriculture, property, family_support, pension, "
		 "unemployment_insurance, compensation, other_counted, special_care, "
		 "family_planning_reward, scholarship, bravery_award, social_assistance, "
		 "resident_basic_pension, other_exempt"},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_household h;
		ds_error err;
		char buf[1024];
		good_household(&h);
		table[i].mutate(&h);
		assert_int_equal(core_household_validate(&h, today(), &err), DS_EINPUT);
		ds_error_format(&err, buf, sizeof(buf), NULL);
		assert_string_equal(buf, table[i].want);
		core_household_free(&h);
	}
}

static void test_validate_edges_that_pass(void **state)
{
	core_household h;
	core_member *m;
	(void)state;

	/* Limits themselves are allowed. */
	good_household(&h);
	h.homes = 0;
	assert_int_equal(core_household_validate(&h, today(), NULL), DS_OK);
	h.homes = CORE_HOMES_MAX;
	h.financial = CORE_MONEY_MAX;
	h.allowance = 0;
	h.since = core_month_make(2026, 3); /* this month */
	h.members[0].incomes[0].monthly = CORE_MONEY_MAX;
	h.members[0].n_incomes = 0;
	assert_int_equal(core_household_validate(&h, today(), NULL), DS_OK);
	/* Every declared category at once; the head need not be first. */
	h.members[1].categories = ((1u << CORE_CAT_COUNT) - 1) & ~CORE_CAT_FROM_ID;
	h.members[0].relation = CORE_REL_GRANDPARENT;
	h.members[2].relation = CORE_REL_HEAD;
	assert_int_equal(core_household_validate(&h, today(), NULL), DS_OK);
	/* A name of exactly 63 bytes (21 Chinese characters) fits. */
	memset(h.members[1].name, 0, sizeof(h.members[1].name));
	for (int i = 0; i < 21; i++)
		memcpy(h.members[1].name + 3 * i, "张", 3);
	assert_int_equal(strlen(h.members[1].name), CORE_NAME_MAX - 1);
	assert_int_equal(core_household_validate(&h, today(), NULL), DS_OK);
	/* Not receiving: allowance and since are not looked at. */
	h.receiving = false;
	h.since = core_month_make(2099, 1);
	h.allowance = -5;
	assert_int_equal(core_household_validate(&h, today(), NULL), DS_OK);
	/* No vehicles at all. */
	h.n_vehicles = 0;
	assert_int_equal(core_household_validate(&h, today(), NULL), DS_OK);
	core_household_free(&h);

	/* today < 0 skips the future checks (birth and since). */
	good_household(&h);
	set_future_birth(&h);
	set_since_far_future(&h);
	assert_int_equal(core_household_validate(&h, -1, NULL), DS_OK);
	assert_int_equal(core_household_validate(&h, today(), NULL), DS_EINPUT);
	core_household_free(&h);

	/* 30 members is the most. */
	good_household(&h);
	while (h.n_members < CORE_MEMBERS_MAX) {
		m = core_household_add_member(&h, NULL);
		assert_non_null(m);
		snprintf(m->name, sizeof(m->name), "成员%zu", h.n_members);
		make_id(m->id_number, "440106", "19900101", (int)h.n_members);
		m->relation = CORE_REL_OTHER;
	}
	assert_int_equal(core_household_validate(&h, today(), NULL), DS_OK);
	/* More than that cannot be added, but a struct filled by hand is
	 * still refused. */
	assert_null(core_household_add_member(&h, NULL));
	m = realloc(h.members, (CORE_MEMBERS_MAX + 1) * sizeof(*m));
	assert_non_null(m);
	h.members = m;
	m[CORE_MEMBERS_MAX] = m[CORE_MEMBERS_MAX - 1];
	make_id(m[CORE_MEMBERS_MAX].id_number, "440106", "19900101", 999);
	h.n_members = CORE_MEMBERS_MAX + 1;
	{
		ds_error err;
		assert_int_equal(core_household_validate(&h, today(), &err), DS_EINPUT);
		assert_string_equal(err.where, "members");
		assert_string_equal(err.fmt, "a household can have at most 30 members");
	}
	core_household_free(&h);
}

/* ---- the field checks on their own ---------------------------------------- */

static void test_name_check(void **state)
{
	char name[128];
	ds_error err;
	(void)state;
	assert_int_equal(core_name_check(NULL, "n", &err), DS_EINPUT);
	assert_string_equal(err.fmt, "cannot be empty");
	assert_string_equal(err.where, "n");
	assert_int_equal(core_name_check("", "n", &err), DS_EINPUT);
	assert_int_equal(core_name_check("张三", "n", &err), DS_OK);
	assert_int_equal(core_name_check("Zhang San", "n", NULL), DS_OK);
	assert_int_equal(core_name_check("阿卜杜·热合曼", "n", NULL), DS_OK);
	assert_int_equal(core_name_check(" ", "n", &err), DS_EINPUT);
	assert_string_equal(err.fmt, "has spaces at the start or end");
	/* 63 bytes fit; 64 are too long. */
	memset(name, 'a', 63);
	name[63] = '\0';
	assert_int_equal(core_name_check(name, "n", NULL), DS_OK);
	memset(name, 'a', 64);
	name[64] = '\0';
	assert_int_equal(core_name_check(name, "members[0].name", &err), DS_EINPUT);
	assert_string_equal(err.where, "members[0].name");
	assert_string_equal(err.fmt, "is too long (at most %s bytes)");
	assert_string_equal(err.arg[0], "63");
	/* 22 Chinese characters are 66 bytes. */
	name[0] = '\0';
	for (int i = 0; i < 22; i++)
		strcat(name, "张");
	assert_int_equal(core_name_check(name, "n", &err), DS_EINPUT);
	assert_string_equal(err.fmt, "is too long (at most %s bytes)");
}

static void test_text_check(void **state)
{
	static const struct {
		const char *text;
		size_t max;
		bool required;
		ds_status want;
		const char *fmt;
	} table[] = {
		{NULL, 10, false, DS_OK, NULL},
		{"", 10, false, DS_OK, NULL},
		{NULL, 10, true, DS_EINPUT, "cannot be empty"},
		{"", 10, true, DS_EINPUT, "cannot be empty"},
		{"123456789", 10, true, DS_OK, NULL},
		{"1234567890", 10, true, DS_EINPUT, "is too long (at most %s bytes)"},
		{"abc\x01", 10, false, DS_EINPUT, "contains a control character"},
		{"abc\xE4", 10, false, DS_EINPUT, "is not valid UTF-8 text"},
		{"\xED\xA0\x80", 10, false, DS_EINPUT, "is not valid UTF-8 text"},
		{"张三李", 10, true, DS_OK, NULL},
		{"张三李四", 10, true, DS_EINPUT, "is too long (at most %s bytes)"},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		ds_error err;
		ds_error_clear(&err);
		assert_int_equal(core_text_check(table[i].text, table[i].max,
		                                 table[i].required, "t", &err),
		                 table[i].want);
		if (table[i].fmt) {
			assert_string_equal(err.fmt, table[i].fmt);
			assert_string_equal(err.where, "t");
		}
	}
}

static void test_region_check(void **state)
{
	static const struct {
		const char *region;
		const char *fmt;
	} table[] = {
		{NULL, SIX_DIGITS},
		{"", SIX_DIGITS},
		{"44010", SIX_DIGITS},
		{"4401060", SIX_DIGITS},
		{"4401a6", SIX_DIGITS},
		{"44010 ", SIX_DIGITS},
		{"-40106", SIX_DIGITS},
		{"000000", "%s is not a region code"},
		{"012345", "%s is not a region code"},
		{"440106", NULL},
		{"110105", NULL},
		{"999999", NULL},
		{"100000", NULL},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		ds_error err;
		ds_status st = core_region_check(table[i].region, "region", &err);
		if (!table[i].fmt) {
			assert_int_equal(st, DS_OK);
			continue;
		}
		assert_int_equal(st, DS_EINPUT);
		assert_string_equal(err.where, "region");
		assert_string_equal(err.fmt, table[i].fmt);
	}
}

/* ---- members and vehicles --------------------------------------------------- */

static void test_add_member_limit(void **state)
{
	core_household h;
	ds_error err;
	(void)state;
	core_household_init(&h);
	assert_null(h.members);
	assert_int_equal(h.n_members, 0);
	for (size_t i = 0; i < CORE_MEMBERS_MAX; i++) {
		core_member *m = core_household_add_member(&h, &err);
		assert_non_null(m);
		assert_int_equal(h.n_members, i + 1);
		assert_ptr_equal(m, &h.members[i]);
		/* Fresh members are empty, related as "other". */
		assert_string_equal(m->name, "");
		assert_string_equal(m->id_number, "");
		assert_int_equal(m->relation, CORE_REL_OTHER);
		assert_int_equal(m->categories, 0);
		assert_int_equal(m->n_incomes, 0);
		assert_false(m->able_to_work);
		snprintf(m->name, sizeof(m->name), "m%zu", i);
	}
	/* Earlier members survive the reallocations. */
	for (size_t i = 0; i < CORE_MEMBERS_MAX; i++) {
		char want[16];
		snprintf(want, sizeof(want), "m%zu", i);
		assert_string_equal(h.members[i].name, want);
	}
	assert_null(core_household_add_member(&h, &err));
	assert_int_equal(h.n_members, CORE_MEMBERS_MAX);
	assert_int_equal(err.status, DS_EINPUT);
	assert_string_equal(err.where, "members");
	assert_string_equal(err.fmt, "a household can have at most 30 members");
	assert_null(core_household_add_member(&h, NULL));
	core_household_free(&h);
}

static void test_add_vehicle_limit(void **state)
{
	core_household h;
	ds_error err;
	(void)state;
	core_household_init(&h);
	for (size_t i = 0; i < CORE_VEHICLES_MAX; i++) {
		core_vehicle *v = core_household_add_vehicle(&h, &err);
		assert_non_null(v);
		assert_int_equal(h.n_vehicles, i + 1);
		assert_string_equal(v->description, "");
		assert_false(v->exempt);
	}
	assert_null(core_household_add_vehicle(&h, &err));
	assert_int_equal(h.n_vehicles, CORE_VEHICLES_MAX);
	assert_string_equal(err.where, "assets.vehicles");
	assert_string_equal(err.fmt, "at most 20 vehicles can be listed");
	core_household_free(&h);
}

static void names_are(const core_household *h, const char *const *want,
                      size_t n)
{
	assert_int_equal(h->n_members, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(h->members[i].name, want[i]);
}

static void test_remove_member(void **state)
{
	static const char *const all[] = {"A", "B", "C", "D", "E"};
	static const char *const no_b[] = {"A", "C", "D", "E"};
	static const char *const no_e[] = {"A", "C", "D"};
	static const char *const no_a[] = {"C", "D"};
	static const char *const only_d[] = {"D"};
	core_household h;
	(void)state;
	core_household_init(&h);
	core_household_remove_member(&h, 0); /* nothing to remove */
	assert_int_equal(h.n_members, 0);
	for (size_t i = 0; i < N(all); i++)
		strcpy(core_household_add_member(&h, NULL)->name, all[i]);
	names_are(&h, all, N(all));
	core_household_remove_member(&h, 5); /* out of range: nothing */
	core_household_remove_member(&h, (size_t)-1);
	names_are(&h, all, N(all));
	core_household_remove_member(&h, 1);
	names_are(&h, no_b, N(no_b));
	/* the slot left behind the last member holds no copy of "E": what a
	 * household held is wiped, not left in memory */
	{
		static const core_member zero;
		assert_memory_equal(&h.members[4], &zero, sizeof(zero));
	}
	core_household_remove_member(&h, 3);
	names_are(&h, no_e, N(no_e));
	core_household_remove_member(&h, 0);
	names_are(&h, no_a, N(no_a));
	core_household_remove_member(&h, 0);
	names_are(&h, only_d, N(only_d));
	core_household_remove_member(&h, 0);
	assert_int_equal(h.n_members, 0);
	/* Adding again after emptying works. */
	strcpy(core_household_add_member(&h, NULL)->name, "F");
	assert_string_equal(h.members[0].name, "F");
	core_household_free(&h);
}

/* ---- the same household (what a re-run import compares) ---------------- */

static void same_pass(core_household *h) { (void)h; }
static void same_reordered(core_household *h)
{
	core_member m = h->members[0];
	h->members[0] = h->members[2];
	h->members[2] = m;
}
static void diff_region(core_household *h) { strcpy(h->region, "440111"); }
static void diff_address(core_household *h) { strcat(h->address, "之一"); }
static void diff_financial(core_household *h) { h->financial++; }
static void diff_homes(core_household *h) { h->homes = 2; }
static void diff_vehicles(core_household *h) { h->n_vehicles = 0; }
static void diff_vehicle(core_household *h) { h->vehicles[0].exempt = false; }
static void diff_verified(core_household *h) { h->last_verified = 1; }
static void diff_allowance(core_household *h) { h->allowance = 1; }
static void diff_since(core_household *h) { h->since++; }
static void diff_receiving(core_household *h) { h->receiving = false; }
static void diff_name(core_household *h) { strcpy(h->members[1].name, "李五"); }
static void diff_relation(core_household *h) { h->members[2].relation = CORE_REL_OTHER; }
static void diff_categories(core_household *h) { h->members[1].categories = 0; }
static void diff_able(core_household *h) { h->members[0].able_to_work = false; }
static void diff_refuses(core_household *h) { h->members[0].refuses_work = true; }
static void diff_n_incomes(core_household *h) { h->members[0].n_incomes = 1; }
static void diff_income(core_household *h) { h->members[0].incomes[1].monthly = 1; }
static void diff_income_src(core_household *h) { h->members[0].incomes[0].source = CORE_INCOME_PENSION; }
static void diff_income_since(core_household *h) { h->members[0].incomes[0].since = 5; }
static void diff_irregular(core_household *h) { h->members[0].incomes[0].irregular = true; }
static void diff_person(core_household *h) { make_id(h->members[1].id_number, "440106", "19820512", 25); }
static void fewer(core_household *h) { core_household_remove_member(h, 2); }

static void same_ages_declared(core_household *h)
{
	/* the ID number says it: declared or not, the same household */
	h->members[2].categories &= ~(1u << CORE_CAT_MINOR);
}

static void test_same(void **state)
{
	/* b is changed by edit; where names the field of a, the unchanged */
	static const struct {
		void (*edit)(core_household *);
		bool same;
		const char *where;
	} cases[] = {
		{same_pass, true, ""},
		{same_reordered, true, ""}, /* people in another order */
		{diff_region, false, "region"},
		{diff_address, false, "address"},
		{diff_financial, false, "assets.financial"},
		{diff_homes, false, "assets.homes"},
		{diff_vehicles, false, "assets.vehicles"},
		{diff_vehicle, false, "assets.vehicles[0]"},
		{diff_verified, false, "last_verified"},
		{diff_allowance, false, "receiving"},
		{diff_since, false, "receiving"},
		{diff_receiving, false, "receiving"},
		{diff_name, false, "members[1].name"},
		{diff_relation, false, "members[2].relation"},
		{diff_categories, false, "members[1].categories"},
		{same_ages_declared, true, ""},
		{diff_able, false, "members[0].able_to_work"},
		{diff_refuses, false, "members[0].refuses_work"},
		{diff_n_incomes, false, "members[0].incomes"},
		{diff_income, false, "members[0].incomes[1].monthly"},
		{diff_income_src, false, "members[0].incomes[0].source"},
		{diff_income_since, false, "members[0].incomes[0].since"},
		{diff_irregular, false, "members[0].incomes[0].irregular"},
		{diff_person, false, "members[1].id_number"},
		{fewer, false, "members[2].id_number"},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		core_household a, b;
		char where[64] = "x";
		good_household(&a);
		good_household(&b);
		cases[i].edit(&b);
		if (core_household_same(&a, &b, where, sizeof(where)) != cases[i].same)
			fail_msg("case %zu: same should be %d", i, cases[i].same);
		assert_string_equal(where, cases[i].where);
		core_household_free(&a);
		core_household_free(&b);
	}
	/* b with someone a lacks: "members" */
	{
		core_household a, b;
		char where[64];
		good_household(&a);
		good_household(&b);
		core_household_remove_member(&a, 1);
		assert_false(core_household_same(&a, &b, where, sizeof(where)));
		assert_string_equal(where, "members");
		assert_true(core_household_same(&b, &b, where, sizeof(where)));
		core_household_free(&a);
		core_household_free(&b);
	}
}

static void test_copy_is_deep(void **state)
{
	core_household h, c;
	char id0[CORE_IDNUM_BUF];
	(void)state;
	good_household(&h);
	memcpy(id0, h.members[0].id_number, sizeof(id0));
	memset(&c, 0xAB, sizeof(c)); /* dst need not be initialised */
	assert_int_equal(core_household_copy(&c, &h), DS_OK);
	assert_ptr_not_equal(c.members, h.members);
	assert_ptr_not_equal(c.vehicles, h.vehicles);
	assert_int_equal(c.n_members, h.n_members);
	assert_int_equal(c.n_vehicles, h.n_vehicles);
	assert_memory_equal(c.members, h.members, h.n_members * sizeof(*h.members));
	assert_memory_equal(c.vehicles, h.vehicles, h.n_vehicles * sizeof(*h.vehicles));
	assert_string_equal(c.region, h.region);
	assert_string_equal(c.address, h.address);
	assert_int_equal(c.financial, h.financial);
	assert_int_equal(c.since, h.since);
	assert_int_equal(core_household_validate(&c, today(), NULL), DS_OK);

	/* Change the copy every way; the original stays as it was. */
	strcpy(c.members[0].name, "王五");
	c.members[0].id_number[0] = '9';
	c.members[0].incomes[0].monthly = 1;
	strcpy(c.vehicles[0].description, "changed");
	strcpy(c.region, "310115");
	assert_non_null(core_household_add_member(&c, NULL));
	assert_non_null(core_household_add_vehicle(&c, NULL));
	core_household_remove_member(&c, 1);
	assert_string_equal(h.members[0].name, "张三");
	assert_string_equal(h.members[0].id_number, id0);
	assert_int_equal(h.members[0].incomes[0].monthly, 150000);
	assert_string_equal(h.members[1].name, "李四");
	assert_string_equal(h.vehicles[0].description, "电动三轮车，送货用");
	assert_string_equal(h.region, "440106");
	assert_int_equal(h.n_members, 3);
	assert_int_equal(h.n_vehicles, 1);
	assert_int_equal(core_household_validate(&h, today(), NULL), DS_OK);

	/* Freeing the original leaves the copy whole. */
	core_household_free(&h);
	assert_string_equal(c.members[0].name, "王五");
	assert_string_equal(c.members[1].name, "张小明");
	core_household_free(&c);
}

static void test_copy_empty(void **state)
{
	core_household h, c;
	(void)state;
	core_household_init(&h);
	strcpy(h.region, "110105");
	assert_int_equal(core_household_copy(&c, &h), DS_OK);
	assert_null(c.members);
	assert_null(c.vehicles);
	assert_int_equal(c.n_members, 0);
	assert_string_equal(c.region, "110105");
	core_household_free(&c);
	core_household_free(&h);
}

static void test_free_clears(void **state)
{
	core_household h;
	(void)state;
	core_household_free(NULL); /* allowed */
	good_household(&h);
	core_household_free(&h);
	assert_null(h.members);
	assert_null(h.vehicles);
	assert_int_equal(h.n_members, 0);
	assert_int_equal(h.n_vehicles, 0);
	assert_string_equal(h.region, "440106"); /* the rest is kept */
	core_household_free(&h); /* twice is harmless */
	assert_null(h.members);
	/* And the household can be filled again. */
	assert_non_null(core_household_add_member(&h, NULL));
	assert_int_equal(h.n_members, 1);
	core_household_free(&h);
}

/* ---- head and income totals -------------------------------------------- */

static void test_head(void **state)
{
	static const struct {
		core_relation rel[4];
		size_t n, want;
	} table[] = {
		{{CORE_REL_HEAD}, 0, 0},
		{{CORE_REL_HEAD}, 1, 0},
		{{CORE_REL_OTHER}, 1, 0},
		{{CORE_REL_SPOUSE, CORE_REL_HEAD}, 2, 1},
		{{CORE_REL_SPOUSE, CORE_REL_CHILD, CORE_REL_PARENT, CORE_REL_HEAD}, 4, 3},
		{{CORE_REL_SPOUSE, CORE_REL_CHILD, CORE_REL_PARENT, CORE_REL_OTHER}, 4, 0},
		{{CORE_REL_CHILD, CORE_REL_HEAD, CORE_REL_HEAD}, 3, 1}, /* the first */
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_household h;
		core_household_init(&h);
		for (size_t k = 0; k < table[i].n; k++)
			core_household_add_member(&h, NULL)->relation = table[i].rel[k];
		assert_int_equal(core_household_head(&h), table[i].want);
		core_household_free(&h);
	}
}

static void test_income_total(void **state)
{
	core_member m;
	(void)state;
	memset(&m, 0, sizeof(m));
	assert_int_equal(core_member_income_total(&m), 0);
	m.n_incomes = 1;
	m.incomes[0] = (core_income){.source = CORE_INCOME_WAGES, .monthly = 150000};
	assert_int_equal(core_member_income_total(&m), 150000);
	m.n_incomes = 3;
	m.incomes[1] = (core_income){.source = CORE_INCOME_SCHOLARSHIP, .monthly = 50000};
	m.incomes[2] = (core_income){.source = CORE_INCOME_PENSION, .monthly = 1};
	/* Every source, counted or not: the policy decides what counts. */
	assert_int_equal(core_member_income_total(&m), 200001);
	/* Only the first n_incomes entries. */
	m.incomes[3] = (core_income){.source = CORE_INCOME_BUSINESS, .monthly = 999};
	assert_int_equal(core_member_income_total(&m), 200001);
	/* The largest total fits: 20 incomes at the maximum each. */
	m.n_incomes = CORE_INCOMES_MAX;
	for (size_t i = 0; i < CORE_INCOMES_MAX; i++)
		m.incomes[i] = (core_income){
		        .source = (core_income_source)(i % CORE_INCOME_COUNT),
		        .monthly = CORE_MONEY_MAX};
	assert_int_equal(core_member_income_total(&m),
	                 (core_fen)CORE_INCOMES_MAX * CORE_MONEY_MAX);
}

/* ---- age categories from the ID number ------------------------------------ */

static void member_born(core_member *m, const char *yyyymmdd)
{
	memset(m, 0, sizeof(*m));
	strcpy(m->name, "王芳");
	make_id(m->id_number, "440106", yyyymmdd, 22);
}

static core_date ymd(int y, int m, int d)
{
	return core_date_from_ymd(y, m, d);
}

static void test_ages_from_id(void **state)
{
	core_member m;
	const unsigned E = 1u << CORE_CAT_ELDERLY, M = 1u << CORE_CAT_MINOR;
	(void)state;
	assert_int_equal(CORE_ELDERLY_MIN_AGE, 60);
	assert_int_equal(CORE_ADULT_AGE, 18);
	assert_int_equal(CORE_CAT_FROM_ID, E | M);
	assert_true(core_category_from_id(CORE_CAT_ELDERLY));
	assert_true(core_category_from_id(CORE_CAT_MINOR));
	assert_false(core_category_from_id(CORE_CAT_SEVERE_DISABILITY));
	assert_false(core_category_from_id(CORE_CAT_STUDENT));
	assert_false(core_category_from_id(CORE_CAT_COUNT));

	/* the 60th birthday: elderly on the day, not the day before */
	member_born(&m, "19660305");
	assert_int_equal(core_member_categories(&m, ymd(2026, 3, 4)), 0);
	assert_int_equal(core_member_categories(&m, ymd(2026, 3, 5)), E);
	assert_false(core_member_aged(&m, CORE_CAT_ELDERLY, ymd(2026, 3, 4)));
	assert_true(core_member_aged(&m, CORE_CAT_ELDERLY, ymd(2026, 3, 5)));

	/* the 18th birthday: a minor the day before, not on the day */
	member_born(&m, "20080305");
	assert_int_equal(core_member_categories(&m, ymd(2026, 3, 4)), M);
	assert_int_equal(core_member_categories(&m, ymd(2026, 3, 5)), 0);
	/* on the day of birth, a minor */
	assert_int_equal(core_member_categories(&m, ymd(2008, 3, 5)), M);

	/* born 29 February: the birthday in other years is 1 March */
	member_born(&m, "19640229");
	assert_int_equal(core_member_categories(&m, ymd(2024, 2, 28)), 0);
	assert_int_equal(core_member_categories(&m, ymd(2024, 2, 29)), E);
	member_born(&m, "19680229");
	assert_int_equal(core_member_categories(&m, ymd(2028, 2, 28)), 0);
	assert_int_equal(core_member_categories(&m, ymd(2028, 2, 29)), E);
	member_born(&m, "19650228"); /* a non-leap birth, for comparison */
	assert_int_equal(core_member_categories(&m, ymd(2025, 2, 28)), E);
	member_born(&m, "19630301");
	assert_int_equal(core_member_categories(&m, ymd(2023, 2, 28)), 0);
	assert_int_equal(core_member_categories(&m, ymd(2023, 3, 1)), E);
	/* the 18th birthday of a 29 February birth falls in a common year:
	 * a minor on 28 February, an adult on 1 March */
	member_born(&m, "20080229");
	assert_int_equal(core_member_categories(&m, ymd(2026, 2, 28)), M);
	assert_int_equal(core_member_categories(&m, ymd(2026, 3, 1)), 0);

	/* declared categories other than age are kept; declared age ones
	 * give way to the ID number */
	member_born(&m, "19960301");
	m.categories = E | (1u << CORE_CAT_SEVERE_DISABILITY);
	assert_int_equal(core_member_categories(&m, ymd(2027, 1, 5)),
	                 1u << CORE_CAT_SEVERE_DISABILITY);
	member_born(&m, "19500101");
	assert_int_equal(core_member_categories(&m, ymd(2027, 1, 5)), E);
	/* no valid ID number (never in a validated household): nothing */
	m.id_number[0] = '\0';
	assert_int_equal(core_member_categories(&m, ymd(2027, 1, 5)), 0);
}

static void test_ages_declared_contradicted(void **state)
{
	core_household h;
	ds_error err;
	char buf[512];
	(void)state;

	/* born 1996, declared elderly: refused, naming the member */
	good_household(&h);
	make_id(h.members[1].id_number, "440106", "19960301", 24);
	h.members[1].categories |= 1u << CORE_CAT_ELDERLY;
	assert_int_equal(core_household_validate(&h, ymd(2027, 1, 5), &err),
	                 DS_EINPUT);
	ds_error_format(&err, buf, sizeof(buf), NULL);
	assert_string_equal(buf, "members[1].categories: 李四 was born 1996-03-01 "
	                         "and is not 60 or over on 2027-01-05; elderly "
	                         "comes from the ID number");
	/* not checked without a date */
	assert_int_equal(core_household_validate(&h, -1, NULL), DS_OK);
	core_household_free(&h);

	/* declared elderly the day before the 60th birthday, and on it */
	good_household(&h);
	make_id(h.members[1].id_number, "440106", "19660301", 24);
	h.members[1].categories |= 1u << CORE_CAT_ELDERLY;
	assert_int_equal(core_household_validate(&h, ymd(2026, 2, 28), &err),
	                 DS_EINPUT);
	assert_string_equal(err.where, "members[1].categories");
	assert_int_equal(core_household_validate(&h, ymd(2026, 3, 1), NULL),
	                 DS_OK);
	core_household_free(&h);

	/* declared a minor on the 18th birthday, and the day before */
	good_household(&h);
	make_id(h.members[2].id_number, "440106", "20080301", 35);
	assert_int_equal(core_household_validate(&h, ymd(2026, 2, 28), NULL),
	                 DS_OK);
	assert_int_equal(core_household_validate(&h, ymd(2026, 3, 1), &err),
	                 DS_EINPUT);
	ds_error_format(&err, buf, sizeof(buf), NULL);
	assert_string_equal(buf, "members[2].categories: 张小明 was born 2008-03-01 "
	                         "and is not under 18 on 2026-03-01; minor comes "
	                         "from the ID number");
	/* not declaring an age category is no contradiction */
	h.members[2].categories = 1u << CORE_CAT_STUDENT;
	assert_int_equal(core_household_validate(&h, ymd(2026, 3, 1), NULL),
	                 DS_OK);
	make_id(h.members[0].id_number, "440106", "19500101", 13);
	assert_int_equal(core_household_validate(&h, ymd(2026, 3, 1), NULL),
	                 DS_OK);
	/* what a store keeps: the declared ones only */
	h.members[0].categories = (1u << CORE_CAT_ELDERLY) |
	                          (1u << CORE_CAT_SEVERE_ILLNESS);
	core_household_drop_age_categories(&h);
	assert_int_equal(h.members[0].categories, 1u << CORE_CAT_SEVERE_ILLNESS);
	core_household_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup_null),
		cmocka_unit_test(test_income_ids),
		cmocka_unit_test(test_category_ids),
		cmocka_unit_test(test_relation_ids),
		cmocka_unit_test(test_allowed_lists),
		cmocka_unit_test(test_good_household),
		cmocka_unit_test(test_validate_failures),
		cmocka_unit_test(test_validate_messages),
		cmocka_unit_test(test_validate_edges_that_pass),
		cmocka_unit_test(test_name_check),
		cmocka_unit_test(test_text_check),
		cmocka_unit_test(test_region_check),
		cmocka_unit_test(test_add_member_limit),
		cmocka_unit_test(test_add_vehicle_limit),
		cmocka_unit_test(test_remove_member),
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_copy_is_deep),
		cmocka_unit_test(test_copy_empty),
		cmocka_unit_test(test_free_clears),
		cmocka_unit_test(test_head),
		cmocka_unit_test(test_income_total),
		cmocka_unit_test(test_ages_from_id),
		cmocka_unit_test(test_ages_declared_contradicted),
	};
	return cmocka_run_group_tests_name("household", tests, NULL, NULL);
}
