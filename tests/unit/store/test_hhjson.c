/* test_hhjson.c — household JSON (store/hhjson): every field path named in
 * errors, the forms of money, and to_json/from_json round trips with a
 * stable key order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/demo.h"
#include "store/hhjson.h"
#include "tests/unit/store/storetest.h"

/* A valid member, with room for more fields (each starting with a comma). */
#define MEMBER(more)                                                  \
	"{\"name\":\"王秀英\",\"id_number\":\"11010519491231002X\","   \
	"\"relation\":\"head\"" more "}"
#define MEMBER2(more)                                                 \
	"{\"name\":\"李建国\",\"id_number\":\"110105195001010012\","   \
	"\"relation\":\"spouse\"" more "}"
/* A valid household with the members given and more fields. */
#define HOUSEHOLD(members, more)                                      \
	"{\"region\":\"440106\",\"address\":\"天河区石牌街道华师社区12号\"," \
	"\"members\":[" members "]" more "}"
#define INCOME(monthly) \
	HOUSEHOLD(MEMBER(",\"incomes\":[{\"source\":\"wages\",\"monthly\":" monthly "}]"), "")

#define MEMBER_FIELDS \
	"name, id_number, relation, categories, able_to_work, refuses_work, incomes, " \
	"disability, illness, self_care, excluded"
#define TOP_FIELDS \
	"region, township, village, address, payee, members, assets, receiving, last_verified, " \
	"supporters, rigid_expenses"

static json_t *parse(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		fail_msg("test JSON does not parse: %s: %s", je.text, text);
	return j;
}

static void test_id_numbers_valid(void **state)
{
	static const char *const ids[] = {"11010519491231002X",
	                                  "110105195001010012"};
	(void)state;
	/* The fixtures' ID numbers carry their right check characters. */
	for (size_t i = 0; i < N(ids); i++) {
		char out[CORE_IDNUM_BUF];
		assert_int_equal(core_idnum_parse(ids[i], -1, out, "x", NULL),
		                 DS_OK);
		assert_string_equal(out, ids[i]);
	}
}

/* ---- not an object -------------------------------------------------------- */

static void test_from_json_null_and_non_objects(void **state)
{
	static const char *const bad[] = {"[]", "\"x\"", "1", "null", "true",
	                                  "[{\"region\":\"440106\"}]"};
	core_household h;
	ds_error err;
	(void)state;
	assert_status(store_household_from_json(NULL, &h, &err), DS_EINPUT, &err);
	assert_string_equal(err.where, "");
	assert_int_equal(h.n_members, 0);
	assert_null(h.members);
	assert_int_equal(store_household_from_json(NULL, &h, NULL), DS_EINPUT);
	for (size_t i = 0; i < N(bad); i++) {
		json_t *j = json_loads(bad[i], JSON_DECODE_ANY, NULL);
		assert_non_null(j);
		if (store_household_from_json(j, &h, &err) != DS_EINPUT)
			fail_msg("accepted %s", bad[i]);
		assert_string_equal(err.where, "");
		json_decref(j);
	}
}

/* ---- every error names its path --------------------------------------------- */

typedef struct {
	const char *json;
	const char *where;
	const char *arg0; /* NULL: not checked */
	const char *arg1;
} bad_case;

static const bad_case bad_cases[] = {
	/* the top level */
	{"{}", "region", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"foo\":1"), "foo", TOP_FIELDS, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"Region\":\"440106\""), "Region", TOP_FIELDS,
	 NULL},
	{"{\"address\":\"x\",\"members\":[" MEMBER("") "]}", "region", NULL, NULL},
	{"{\"region\":null,\"address\":\"x\",\"members\":[" MEMBER("") "]}",
	 "region", NULL, NULL},
	{"{\"region\":440106,\"address\":\"x\",\"members\":[" MEMBER("") "]}",
	 "region", NULL, NULL},
	{"{\"region\":\"4401060\",\"address\":\"x\",\"members\":[" MEMBER("") "]}",
	 "region", NULL, NULL},
	{"{\"region\":\"440106\",\"members\":[" MEMBER("") "]}", "address", NULL,
	 NULL},
	{"{\"region\":\"440106\",\"address\":[],\"members\":[" MEMBER("") "]}",
	 "address", NULL, NULL},
	{"{\"region\":\"440106\",\"address\":\"x\"}", "members", NULL, NULL},
	{"{\"region\":\"440106\",\"address\":\"x\",\"members\":{}}", "members",
	 NULL, NULL},
	{"{\"region\":\"440106\",\"address\":\"x\",\"members\":null}", "members",
	 NULL, NULL},
	/* a member */
	{HOUSEHOLD("1", ""), "members[0]", NULL, NULL},
	{HOUSEHOLD("[]", ""), "members[0]", NULL, NULL},
	{HOUSEHOLD(MEMBER(",\"age\":70"), ""), "members[0].age", MEMBER_FIELDS,
	 NULL},
	{HOUSEHOLD(MEMBER("") "," MEMBER2(",\"sex\":\"m\""), ""),
	 "members[1].sex", MEMBER_FIELDS, NULL},
	{HOUSEHOLD("{\"id_number\":\"11010519491231002X\",\"relation\":\"head\"}",
	           ""),
	 "members[0].name", NULL, NULL},
	{HOUSEHOLD("{\"name\":5,\"id_number\":\"11010519491231002X\","
	           "\"relation\":\"head\"}",
	           ""),
	 "members[0].name", NULL, NULL},
	{HOUSEHOLD("{\"name\":\"王\",\"relation\":\"head\"}", ""),
	 "members[0].id_number", NULL, NULL},
	{HOUSEHOLD("{\"name\":\"王\",\"id_number\":110105195001010012,"
	           "\"relation\":\"head\"}",
	           ""),
	 "members[0].id_number", NULL, NULL},
	{HOUSEHOLD("{\"name\":\"王\",\"id_number\":\"110105194912310022\","
	           "\"relation\":\"head\"}",
	           ""),
	 "members[0].id_number", NULL, NULL},
	{HOUSEHOLD(MEMBER("") ",{\"name\":\"李\",\"id_number\":\"1101051949\","
	                      "\"relation\":\"spouse\"}",
	           ""),
	 "members[1].id_number", NULL, NULL},
	{HOUSEHOLD("{\"name\":\"王\",\"id_number\":\"11010519491231002X\"}", ""),
	 "members[0].relation", NULL, NULL},
	{HOUSEHOLD("{\"name\":\"王\",\"id_number\":\"11010519491231002X\","
	           "\"relation\":\"wife\"}",
	           ""),
	 "members[0].relation", "wife",
	 "head, spouse, child, parent, sibling, grandchild, grandparent, other"},
	{HOUSEHOLD("{\"name\":\"王\",\"id_number\":\"11010519491231002X\","
	           "\"relation\":\"Head\"}",
	           ""),
	 "members[0].relation", "Head", NULL},
	{HOUSEHOLD("{\"name\":\"王\",\"id_number\":\"11010519491231002X\","
	           "\"relation\":1}",
	           ""),
	 "members[0].relation", NULL, NULL},
	/* categories */
	{HOUSEHOLD(MEMBER(",\"categories\":\"elderly\""), ""),
	 "members[0].categories", NULL, NULL},
	{HOUSEHOLD(MEMBER(",\"categories\":{}"), ""), "members[0].categories",
	 NULL, NULL},
	{HOUSEHOLD(MEMBER(",\"categories\":[\"elderly\",\"poor\"]"), ""),
	 "members[0].categories[1]", "poor",
	 "elderly, minor, severe_disability, severe_illness, student"},
	{HOUSEHOLD(MEMBER(",\"categories\":[\"Elderly\"]"), ""),
	 "members[0].categories[0]", "Elderly", NULL},
	{HOUSEHOLD(MEMBER(",\"categories\":[1]"), ""),
	 "members[0].categories[0]", NULL, NULL},
	{HOUSEHOLD(MEMBER(",\"categories\":[null]"), ""),
	 "members[0].categories[0]", NULL, NULL},
	/* able_to_work, refuses_work */
	{HOUSEHOLD(MEMBER(",\"refuses_work\":\"no\""), ""),
	 "members[0].refuses_work", NULL, NULL},
	/* an income's since and irregular */
	{HOUSEHOLD(MEMBER(",\"incomes\":[{\"source\":\"wages\",\"monthly\":\"1\","
	                  "\"since\":\"2026-13\"}]"),
	           ""),
	 "members[0].incomes[0].since", NULL, NULL},
	{HOUSEHOLD(MEMBER(",\"incomes\":[{\"source\":\"wages\",\"monthly\":\"1\","
	                  "\"since\":202609}]"),
	           ""),
	 "members[0].incomes[0].since", NULL, NULL},
	{HOUSEHOLD(MEMBER(",\"incomes\":[{\"source\":\"wages\",\"monthly\":\"1\","
	                  "\"irregular\":1}]"),
	           ""),
	 "members[0].incomes[0].irregular", NULL, NULL},
	{HOUSEHOLD(MEMBER(",\"able_to_work\":\"yes\""), ""),
	 "members[0].able_to_work", NULL, NULL},
	{HOUSEHOLD(MEMBER(",\"able_to_work\":1"), ""), "members[0].able_to_work",
	 NULL, NULL},
	/* incomes */
	{HOUSEHOLD(MEMBER(",\"incomes\":{}"), ""), "members[0].incomes", NULL,
	 NULL},
	{HOUSEHOLD(MEMBER(",\"incomes\":[\"wages\"]"), ""),
	 "members[0].incomes[0]", NULL, NULL},
	{HOUSEHOLD(MEMBER(",\"incomes\":[{\"source\":\"wages\",\"monthly\":\"1\","
	                  "\"note\":\"x\"}]"),
	           ""),
	 "members[0].incomes[0].note", "source, monthly, since, irregular, months, annual", NULL},
	{HOUSEHOLD(MEMBER(",\"incomes\":[{\"monthly\":\"1\"}]"), ""),
	 "members[0].incomes[0].source", NULL, NULL},
	{HOUSEHOLD(MEMBER(",\"incomes\":[{\"source\":\"wages\",\"monthly\":\"1\"},"
	                  "{\"source\":\"salary\",\"monthly\":\"1\"}]"),
	           ""),
	 "members[0].incomes[1].source", "salary", NULL},
	{HOUSEHOLD(MEMBER(",\"incomes\":[{\"source\":\"wages\"}]"), ""),
	 "members[0].incomes[0].monthly", NULL, NULL},
	/* money, as incomes carry it */
	{INCOME("12.5"), "members[0].incomes[0].monthly", NULL, NULL},
	{INCOME("12.0"), "members[0].incomes[0].monthly", NULL, NULL},
	{INCOME("1e3"), "members[0].incomes[0].monthly", NULL, NULL},
	{INCOME("-5"), "members[0].incomes[0].monthly", NULL, NULL},
	{INCOME("\"-5\""), "members[0].incomes[0].monthly", NULL, NULL},
	{INCOME("\"-0.01\""), "members[0].incomes[0].monthly", NULL, NULL},
	{INCOME("\"1.234\""), "members[0].incomes[0].monthly", NULL, NULL},
	{INCOME("\"\""), "members[0].incomes[0].monthly", NULL, NULL},
	{INCOME("\"abc\""), "members[0].incomes[0].monthly", NULL, NULL},
	{INCOME("true"), "members[0].incomes[0].monthly", NULL, NULL},
	{INCOME("null"), "members[0].incomes[0].monthly", NULL, NULL},
	{INCOME("[1]"), "members[0].incomes[0].monthly", NULL, NULL},
	{INCOME("100000000001"), "members[0].incomes[0].monthly", NULL, NULL},
	{INCOME("\"100000000000.01\""), "members[0].incomes[0].monthly", NULL,
	 NULL},
	/* assets */
	{HOUSEHOLD(MEMBER(""), ",\"assets\":[]"), "assets", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"assets\":\"none\""), "assets", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"assets\":{\"cash\":1}"), "assets.cash",
	 "financial, vehicles, homes", NULL},
	{HOUSEHOLD(MEMBER(""), ",\"assets\":{\"financial\":1.5}"),
	 "assets.financial", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"assets\":{\"financial\":-1}"),
	 "assets.financial", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"assets\":{\"financial\":\"x\"}"),
	 "assets.financial", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"assets\":{\"homes\":-1}"), "assets.homes",
	 NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"assets\":{\"homes\":100}"), "assets.homes",
	 NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"assets\":{\"homes\":\"1\"}"), "assets.homes",
	 NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"assets\":{\"homes\":1.0}"), "assets.homes",
	 NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"assets\":{\"vehicles\":{}}"),
	 "assets.vehicles", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"assets\":{\"vehicles\":[\"car\"]}"),
	 "assets.vehicles[0]", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"assets\":{\"vehicles\":[{\"description\":"
	                       "\"car\"},{\"description\":\"x\",\"price\":1}]}"),
	 "assets.vehicles[1].price", "description, exempt", NULL},
	{HOUSEHOLD(MEMBER(""), ",\"assets\":{\"vehicles\":[{\"exempt\":true}]}"),
	 "assets.vehicles[0].description", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"assets\":{\"vehicles\":[{\"description\":1}]}"),
	 "assets.vehicles[0].description", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"assets\":{\"vehicles\":[{\"description\":"
	                       "\"car\",\"exempt\":\"no\"}]}"),
	 "assets.vehicles[0].exempt", NULL, NULL},
	/* receiving */
	{HOUSEHOLD(MEMBER(""), ",\"receiving\":\"yes\""), "receiving", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"receiving\":true"), "receiving", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"receiving\":[]"), "receiving", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"receiving\":{}"), "receiving.allowance", NULL,
	 NULL},
	{HOUSEHOLD(MEMBER(""), ",\"receiving\":{\"allowance\":\"1195.00\"}"),
	 "receiving.since", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"receiving\":{\"allowance\":\"1195.00\","
	                       "\"since\":\"2024-13\"}"),
	 "receiving.since", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"receiving\":{\"allowance\":\"1195.00\","
	                       "\"since\":202403}"),
	 "receiving.since", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"receiving\":{\"allowance\":1195.5,"
	                       "\"since\":\"2024-03\"}"),
	 "receiving.allowance", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"receiving\":{\"allowance\":-1,"
	                       "\"since\":\"2024-03\"}"),
	 "receiving.allowance", NULL, NULL},
	{HOUSEHOLD(MEMBER(""), ",\"receiving\":{\"allowance\":\"1\","
	                       "\"since\":\"2024-03\",\"until\":\"2025-01\"}"),
	 "receiving.until", "allowance, since", NULL},
};

static void test_from_json_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(bad_cases); i++) {
		const bad_case *c = &bad_cases[i];
		json_t *j = parse(c->json);
		core_household h;
		ds_error err;
		ds_status st;
		memset(&err, 0, sizeof(err));
		st = store_household_from_json(j, &h, &err);
		json_decref(j);
		if (st != DS_EINPUT)
			fail_msg("case %zu: status %d, wanted DS_EINPUT (%s) for %s", i,
			         (int)st, err_text(&err), c->json);
		if (strcmp(err.where, c->where) != 0)
			fail_msg("case %zu: the error names \"%s\", not \"%s\" (%s)", i,
			         err.where, c->where, err_text(&err));
		if (c->arg0 && strcmp(err.arg[0], c->arg0) != 0)
			fail_msg("case %zu: first argument \"%s\", wanted \"%s\"", i,
			         err.arg[0], c->arg0);
		if (c->arg1 && strcmp(err.arg[1], c->arg1) != 0)
			fail_msg("case %zu: second argument \"%s\", wanted \"%s\"", i,
			         err.arg[1], c->arg1);
		/* Nothing is left to free after a failure. */
		assert_int_equal(h.n_members, 0);
		assert_null(h.members);
		assert_null(h.vehicles);
	}
}

/* The messages that say how to write money. */
static void test_money_messages(void **state)
{
	static const struct {
		const char *monthly;
		const char *says;
	} cases[] = {
		{"12.5", "in quotes"},
		{"-5", "below zero"},
		{"100000000001", "too large"},
		{"true", "amount in yuan"},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		char text[512];
		json_t *j;
		core_household h;
		ds_error err;
		snprintf(text, sizeof(text),
		         HOUSEHOLD(MEMBER(",\"incomes\":[{\"source\":\"wages\","
		                          "\"monthly\":%s}]"),
		                   ""),
		         cases[i].monthly);
		j = parse(text);
		assert_int_equal(store_household_from_json(j, &h, &err), DS_EINPUT);
		json_decref(j);
		if (!strstr(err.fmt, cases[i].says))
			fail_msg("%s: \"%s\" does not say \"%s\"", cases[i].monthly,
			         err.fmt, cases[i].says);
	}
}

/* Too many of anything: built with the JSON API. */
static void test_from_json_limits(void **state)
{
	core_household h;
	ds_error err;
	json_t *j, *members, *m, *incomes, *vehicles;
	(void)state;

	/* 31 members */
	j = parse(HOUSEHOLD(MEMBER(""), ""));
	members = json_object_get(j, "members");
	for (int i = 0; i < CORE_MEMBERS_MAX; i++)
		json_array_append_new(members, parse(MEMBER2("")));
	assert_status(store_household_from_json(j, &h, &err), DS_EINPUT, &err);
	assert_string_equal(err.where, "members");
	/* 30 parse (the rules about duplicates are core's, not the reader's) */
	json_array_remove(members, 0);
	assert_int_equal(json_array_size(members), CORE_MEMBERS_MAX);
	assert_ok(store_household_from_json(j, &h, &err), &err);
	assert_int_equal(h.n_members, CORE_MEMBERS_MAX);
	core_household_free(&h);
	json_decref(j);

	/* 21 incomes */
	j = parse(HOUSEHOLD(MEMBER(",\"incomes\":[]"), ""));
	m = json_array_get(json_object_get(j, "members"), 0);
	incomes = json_object_get(m, "incomes");
	for (int i = 0; i <= CORE_INCOMES_MAX; i++)
		json_array_append_new(incomes, parse("{\"source\":\"wages\","
		                                     "\"monthly\":\"1\"}"));
	assert_status(store_household_from_json(j, &h, &err), DS_EINPUT, &err);
	assert_string_equal(err.where, "members[0].incomes");
	json_array_remove(incomes, 0);
	assert_ok(store_household_from_json(j, &h, &err), &err);
	assert_int_equal(h.members[0].n_incomes, CORE_INCOMES_MAX);
	core_household_free(&h);
	json_decref(j);

	/* 21 vehicles */
	j = parse(HOUSEHOLD(MEMBER(""), ",\"assets\":{\"vehicles\":[]}"));
	vehicles = json_object_get(json_object_get(j, "assets"), "vehicles");
	for (int i = 0; i <= CORE_VEHICLES_MAX; i++)
		json_array_append_new(vehicles, parse("{\"description\":\"车\"}"));
	assert_status(store_household_from_json(j, &h, &err), DS_EINPUT, &err);
	assert_non_null(strstr(err.where, "assets.vehicles"));
	json_array_remove(vehicles, 0);
	assert_ok(store_household_from_json(j, &h, &err), &err);
	assert_int_equal(h.n_vehicles, CORE_VEHICLES_MAX);
	core_household_free(&h);
	json_decref(j);

	/* Texts at and over their limits. */
	{
		char addr[CORE_ADDRESS_MAX + 1];
		memset(addr, 'a', sizeof(addr) - 1);
		addr[sizeof(addr) - 1] = '\0';
		j = parse(HOUSEHOLD(MEMBER(""), ""));
		json_object_set_new(j, "address", json_string(addr));
		assert_status(store_household_from_json(j, &h, &err), DS_EINPUT,
		              &err);
		assert_string_equal(err.where, "address");
		assert_string_equal(err.arg[0], "255");
		addr[CORE_ADDRESS_MAX - 1] = '\0';
		json_object_set_new(j, "address", json_string(addr));
		assert_ok(store_household_from_json(j, &h, &err), &err);
		assert_int_equal(strlen(h.address), CORE_ADDRESS_MAX - 1);
		core_household_free(&h);
		json_decref(j);
	}
}

/* ---- what is accepted ------------------------------------------------------- */

static void test_money_forms(void **state)
{
	static const struct {
		const char *monthly;
		core_fen fen;
	} cases[] = {
		{"0", 0},
		{"1165", 116500},
		{"\"1165\"", 116500},
		{"\"1165.5\"", 116550},
		{"\"1165.50\"", 116550},
		{"\"1,165.50\"", 116550},
		{"\"0.01\"", 1},
		{"\"１１６５\"", 116500},
		{"\"１，１６５．５０\"", 116550},
		{"\"￥1165\"", 116500},
		{"100000000000", 10000000000000LL},
		{"\"100000000000.00\"", 10000000000000LL},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		char text[512];
		json_t *j;
		core_household h;
		ds_error err;
		snprintf(text, sizeof(text),
		         HOUSEHOLD(MEMBER(",\"incomes\":[{\"source\":\"wages\","
		                          "\"monthly\":%s}]"),
		                   ",\"assets\":{\"financial\":%s},"
		                   "\"receiving\":{\"allowance\":%s,"
		                   "\"since\":\"2024-03\"}"),
		         cases[i].monthly, cases[i].monthly, cases[i].monthly);
		j = parse(text);
		memset(&err, 0, sizeof(err));
		if (store_household_from_json(j, &h, &err) != DS_OK)
			fail_msg("%s refused: %s", cases[i].monthly, err_text(&err));
		json_decref(j);
		assert_int_equal(h.members[0].incomes[0].monthly, cases[i].fen);
		assert_int_equal(h.financial, cases[i].fen);
		assert_int_equal(h.allowance, cases[i].fen);
		core_household_free(&h);
	}
}

static void test_receiving_null_or_object(void **state)
{
	static const char *const not_receiving[] = {
		HOUSEHOLD(MEMBER(""), ""),
		HOUSEHOLD(MEMBER(""), ",\"receiving\":null"),
		HOUSEHOLD(MEMBER(""), ",\"assets\":null,\"receiving\":null"),
	};
	core_household h;
	ds_error err;
	json_t *j;
	(void)state;
	for (size_t i = 0; i < N(not_receiving); i++) {
		j = parse(not_receiving[i]);
		assert_ok(store_household_from_json(j, &h, &err), &err);
		json_decref(j);
		assert_false(h.receiving);
		assert_int_equal(h.allowance, 0);
		core_household_free(&h);
	}
	j = parse(HOUSEHOLD(MEMBER(""), ",\"receiving\":{\"allowance\":\"1195.00\","
	                                "\"since\":\"2024-03\"}"));
	assert_ok(store_household_from_json(j, &h, &err), &err);
	json_decref(j);
	assert_true(h.receiving);
	assert_int_equal(h.allowance, 119500);
	assert_int_equal(h.since, core_month_make(2024, 3));
	core_household_free(&h);
}

static void test_optional_nulls_and_normal_forms(void **state)
{
	core_household h;
	ds_error err;
	json_t *j = parse(HOUSEHOLD(
	        "{\"name\":\"王秀英\",\"id_number\":\"11010519491231002x\","
	        "\"relation\":\"head\",\"categories\":null,\"able_to_work\":null,"
	        "\"incomes\":null},"
	        "{\"name\":\"李建国\",\"id_number\":\"１１０１０５１９５００１０１００１２\","
	        "\"relation\":\"spouse\",\"categories\":[\"elderly\",\"severe_illness\"],"
	        "\"able_to_work\":true,\"incomes\":[]}",
	        ",\"assets\":{\"financial\":null,\"vehicles\":null,\"homes\":null}"));
	(void)state;
	assert_ok(store_household_from_json(j, &h, &err), &err);
	json_decref(j);
	assert_int_equal(h.n_members, 2);
	assert_string_equal(h.members[0].id_number, "11010519491231002X");
	assert_string_equal(h.members[1].id_number, "110105195001010012");
	assert_int_equal(h.members[0].categories, 0);
	assert_false(h.members[0].able_to_work);
	assert_int_equal(h.members[0].n_incomes, 0);
	assert_int_equal(h.members[1].categories,
	                 (1u << CORE_CAT_ELDERLY) | (1u << CORE_CAT_SEVERE_ILLNESS));
	assert_true(h.members[1].able_to_work);
	assert_int_equal(h.members[1].relation, CORE_REL_SPOUSE);
	assert_int_equal(h.financial, 0);
	assert_int_equal(h.n_vehicles, 0);
	assert_int_equal(h.homes, 0);
	assert_ok(core_household_validate(&h, -1, &err), &err);
	core_household_free(&h);
}

static void test_vehicles(void **state)
{
	core_household h;
	ds_error err;
	json_t *j = parse(HOUSEHOLD(
	        MEMBER(""), ",\"assets\":{\"vehicles\":["
	                    "{\"description\":\"电动三轮车\",\"exempt\":true},"
	                    "{\"description\":\"摩托车\"},"
	                    "{\"description\":\"旧面包车\",\"exempt\":false},"
	                    "{\"description\":\"农用车\",\"exempt\":null}]}"));
	(void)state;
	assert_ok(store_household_from_json(j, &h, &err), &err);
	json_decref(j);
	assert_int_equal(h.n_vehicles, 4);
	assert_string_equal(h.vehicles[0].description, "电动三轮车");
	assert_true(h.vehicles[0].exempt);
	assert_string_equal(h.vehicles[1].description, "摩托车");
	assert_false(h.vehicles[1].exempt);
	assert_false(h.vehicles[2].exempt);
	assert_false(h.vehicles[3].exempt);
	core_household_free(&h);
}

/* README.md's example reads as it says. */
static void test_readme_example(void **state)
{
	core_household h;
	ds_error err;
	json_t *j = parse(
	        "{\"region\": \"440106\", \"address\": \"天河区石牌街道华师社区12号\",\n"
	        " \"members\": [{\"name\": \"王秀英\", \"id_number\": \"11010519491231002X\",\n"
	        "              \"relation\": \"head\", \"categories\": [\"elderly\"], \"able_to_work\": false,\n"
	        "              \"incomes\": [{\"source\": \"business\", \"monthly\": \"1200.00\"}]}],\n"
	        " \"assets\": {\"financial\": \"5000.00\", \"vehicles\": [{\"description\": \"电动三轮车\", \"exempt\": true}], \"homes\": 1},\n"
	        " \"receiving\": {\"allowance\": \"1195.00\", \"since\": \"2024-03\"}}");
	(void)state;
	assert_ok(store_household_from_json(j, &h, &err), &err);
	json_decref(j);
	assert_string_equal(h.region, "440106");
	assert_string_equal(h.address, "天河区石牌街道华师社区12号");
	assert_int_equal(h.n_members, 1);
	assert_string_equal(h.members[0].name, "王秀英");
	assert_int_equal(h.members[0].relation, CORE_REL_HEAD);
	assert_int_equal(h.members[0].categories, 1u << CORE_CAT_ELDERLY);
	assert_int_equal(h.members[0].n_incomes, 1);
	assert_int_equal(h.members[0].incomes[0].source, CORE_INCOME_BUSINESS);
	assert_int_equal(h.members[0].incomes[0].monthly, 120000);
	assert_int_equal(h.financial, 500000);
	assert_int_equal(h.n_vehicles, 1);
	assert_true(h.vehicles[0].exempt);
	assert_int_equal(h.homes, 1);
	assert_true(h.receiving);
	assert_int_equal(h.allowance, 119500);
	assert_int_equal(h.since, core_month_make(2024, 3));
	assert_ok(core_household_validate(&h, -1, &err), &err);
	core_household_free(&h);
}

/* ---- to_json ------------------------------------------------------------------ */

/* A household using every field. */
static void full_household(core_household *h)
{
	core_vehicle *v;
	hh_make(h, 3, 100);
	h->members[0].categories =
	        (1u << CORE_CAT_ELDERLY) | (1u << CORE_CAT_SEVERE_DISABILITY);
	h->members[1].relation = CORE_REL_SPOUSE;
	h->members[1].n_incomes = 3;
	h->members[1].incomes[0].source = CORE_INCOME_WAGES;
	h->members[1].incomes[0].monthly = 123456;
	h->members[1].incomes[1].source = CORE_INCOME_OTHER_EXEMPT;
	h->members[1].incomes[1].monthly = 1;
	h->members[1].incomes[2].source = CORE_INCOME_UNEMPLOYMENT;
	h->members[1].incomes[2].monthly = 0;
	h->members[2].relation = CORE_REL_GRANDCHILD;
	/* a grandchild born in 2015, declared a minor as she is */
	memcpy(h->members[2].id_number + 6, "2015", 4);
	h->members[2].id_number[17] = core_idnum_check_char(h->members[2].id_number);
	h->members[2].categories = (1u << CORE_CAT_MINOR) | (1u << CORE_CAT_STUDENT);
	v = core_household_add_vehicle(h, NULL);
	assert_non_null(v);
	snprintf(v->description, sizeof(v->description), "电动三轮车");
	v->exempt = true;
	v = core_household_add_vehicle(h, NULL);
	assert_non_null(v);
	snprintf(v->description, sizeof(v->description), "\"quoted\" \\ car");
	h->financial = 1234567;
	h->homes = 2;
	h->receiving = true;
	h->allowance = 119550;
	h->since = core_month_make(2023, 12);
}

static void assert_households_equal(const core_household *a,
                                    const core_household *b)
{
	assert_string_equal(a->region, b->region);
	assert_string_equal(a->address, b->address);
	assert_int_equal(a->n_members, b->n_members);
	for (size_t i = 0; i < a->n_members; i++) {
		const core_member *x = &a->members[i], *y = &b->members[i];
		assert_string_equal(x->name, y->name);
		assert_string_equal(x->id_number, y->id_number);
		assert_int_equal(x->relation, y->relation);
		/* the age categories are the ID number's: not written */
		assert_int_equal(x->categories & ~CORE_CAT_FROM_ID, y->categories);
		assert_int_equal(x->able_to_work, y->able_to_work);
		assert_int_equal(x->refuses_work, y->refuses_work);
		assert_int_equal(x->n_incomes, y->n_incomes);
		for (size_t k = 0; k < x->n_incomes; k++) {
			assert_int_equal(x->incomes[k].source, y->incomes[k].source);
			assert_int_equal(x->incomes[k].monthly, y->incomes[k].monthly);
			assert_int_equal(x->incomes[k].since, y->incomes[k].since);
			assert_int_equal(x->incomes[k].irregular,
			                 y->incomes[k].irregular);
		}
	}
	assert_int_equal(a->financial, b->financial);
	assert_int_equal(a->n_vehicles, b->n_vehicles);
	for (size_t i = 0; i < a->n_vehicles; i++) {
		assert_string_equal(a->vehicles[i].description,
		                    b->vehicles[i].description);
		assert_int_equal(a->vehicles[i].exempt, b->vehicles[i].exempt);
	}
	assert_int_equal(a->homes, b->homes);
	assert_int_equal(a->receiving, b->receiving);
	if (a->receiving) {
		assert_int_equal(a->allowance, b->allowance);
		assert_int_equal(a->since, b->since);
	}
}

static void round_trip(const core_household *h)
{
	core_household back;
	ds_error err;
	json_t *j = store_household_to_json(h), *again;
	char *text, *text2;
	assert_non_null(j);
	/* Through text, as files and event bodies carry it. */
	text = json_dumps(j, JSON_COMPACT);
	assert_non_null(text);
	json_decref(j);
	j = parse(text);
	assert_ok(store_household_from_json(j, &back, &err), &err);
	json_decref(j);
	assert_households_equal(h, &back);
	again = store_household_to_json(&back);
	text2 = json_dumps(again, JSON_COMPACT);
	assert_string_equal(text, text2); /* and the text is the same again */
	json_decref(again);
	free(text);
	free(text2);
	core_household_free(&back);
}

static void test_round_trip(void **state)
{
	core_household h;
	(void)state;
	full_household(&h);
	assert_ok(core_household_validate(&h, -1, NULL), NULL);
	round_trip(&h);
	/* The optional facts: when work began, irregular income, refusing
	 * work. */
	h.members[1].incomes[0].since = core_month_make(2026, 9);
	h.members[1].incomes[0].irregular = true;
	h.members[1].incomes[2].since = core_month_make(2025, 1);
	h.members[1].refuses_work = true;
	round_trip(&h);
	h.receiving = false;
	h.allowance = 0;
	h.since = 0;
	round_trip(&h);
	core_household_free(&h);
	hh_make(&h, 1, 7);
	h.members[0].n_incomes = 0;
	h.financial = 0;
	h.homes = 0;
	round_trip(&h);
	core_household_free(&h);
}

/* ---- the stored form written straight, and the one-pass reader -------------
 * store_household_canonical must give what json_dumps(store_household_to_json)
 * gives, byte for byte; store_household_from_text must take only what the
 * jansson way takes, and read it the same. */

/* json_dumps(store_household_to_json(h), JSON_COMPACT): the old way */
static char *old_text(const core_household *h)
{
	json_t *j = store_household_to_json(h);
	char *t;
	assert_non_null(j);
	t = json_dumps(j, JSON_COMPACT);
	assert_non_null(t);
	json_decref(j);
	return t;
}

static void assert_canonical_same(const core_household *h)
{
	char *want = old_text(h), *got = NULL;
	size_t len = 0;
	ds_error err;
	assert_ok(store_household_canonical(h, &got, &len, &err), &err);
	assert_int_equal(len, strlen(want));
	if (memcmp(got, want, len + 1))
		fail_msg("canonical differs:\n got %s\nwant %s", got, want);
	free(got);
	free(want);
}

/* Text with what a writer must escape, and what it must not. */
static const char *const odd_texts[] = {
        "\"quoted\" \\ back\\slash",
        "tab\there, new\nline, cr\rbs\bff\f",
        "ctl \x01\x02\x1f and del \x7f",
        "slash / stays",
        "多字节 ünïcödé 𝄞 😀",
        "",
        "\xef\xbb\xbf bom inside",
        "mixed \"引号\"\t😀\\",
};

/* Every optional field set or not by the bits of variant; strings from
 * odd_texts by k. */
static void vary(core_household *h, unsigned variant, size_t k)
{
	const char *t = odd_texts[k % N(odd_texts)];
	if (variant & 1u) {
		snprintf(h->township.code, sizeof(h->township.code), "440106001");
		snprintf(h->township.name, sizeof(h->township.name), "%s", t);
	}
	if (variant & 2u) {
		snprintf(h->village.code, sizeof(h->village.code), "440106001002");
		snprintf(h->village.name, sizeof(h->village.name), "村%s", t);
	}
	if (variant & 4u) {
		snprintf(h->payee.name, sizeof(h->payee.name), "%s", t);
		snprintf(h->payee.bank, sizeof(h->payee.bank), "农业银行");
		snprintf(h->payee.account, sizeof(h->payee.account),
		         "6228480012345678901");
	}
	if (variant & 8u)
		h->last_verified = core_date_from_ymd(2025, 2, 28);
	if (variant & 16u) {
		core_vehicle *v = core_household_add_vehicle(h, NULL);
		assert_non_null(v);
		snprintf(v->description, sizeof(v->description), "%s", t);
		v->exempt = variant & 32u;
	}
	if (variant & 64u) {
		h->receiving = !h->receiving;
		h->allowance = h->receiving ? 99999999 : 0;
		h->since = h->receiving ? core_month_make(2020, 1) : 0;
	}
	if (h->n_members && (variant & 128u)) {
		core_member *m = &h->members[h->n_members - 1];
		m->refuses_work = true;
		if (m->n_incomes < CORE_INCOMES_MAX) {
			core_income *in = &m->incomes[m->n_incomes++];
			in->source = CORE_INCOME_WAGES;
			in->monthly = 1;
			in->since = core_month_make(2026, 3);
			in->irregular = true;
		}
		snprintf(m->name, sizeof(m->name), "%s", t);
	}
	if (variant & 256u)
		snprintf(h->address, sizeof(h->address), "%s 路%u号", t, variant);
	h->homes = (int)(variant % 100);
}

static void test_canonical_same_as_json_dumps(void **state)
{
	size_t n_regions;
	const core_demo_region *regions = core_demo_regions(&n_regions);
	core_rng rng;
	core_household h;
	(void)state;
	core_rng_seed(&rng, 16);
	core_household_init(&h);
	/* demo households, each with some of the optional fields and odd
	 * text: every bit pattern of vary's 9 bits once */
	for (unsigned variant = 0; variant < 512; variant++) {
		ds_error err;
		assert_ok(core_demo_household(&rng, regions, n_regions,
		                              core_date_from_ymd(2026, 11, 27), &h,
		                              &err),
		          &err);
		vary(&h, variant, variant / 7);
		assert_canonical_same(&h);
	}
	core_household_free(&h);
	/* the fixture of the tests above, and an empty household */
	full_household(&h);
	assert_canonical_same(&h);
	core_household_free(&h);
	core_household_init(&h);
	assert_canonical_same(&h);
	/* text that is not UTF-8: jansson leaves the field out; so does
	 * the writer (by asking jansson) */
	snprintf(h.address, sizeof(h.address), "bad \xc3\x28 utf-8");
	assert_canonical_same(&h);
	snprintf(h.township.name, sizeof(h.township.name), "\xff");
	assert_canonical_same(&h);
	core_household_free(&h);
}

/* The jansson way, as an import reads a line: the household, or false. */
static bool long_way(const char *text, size_t len, core_household *h)
{
	json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	bool ok = j && !store_household_from_json(j, h, NULL);
	json_decref(j);
	return ok;
}

static char *canonical_of(const core_household *h)
{
	char *t = NULL;
	size_t len;
	assert_ok(store_household_canonical(h, &t, &len, NULL), NULL);
	return t;
}

/* When the one-pass reader takes text, the jansson way takes it too and
 * reads the same household; returns whether the reader took it. */
static bool reader_agrees(const char *text, size_t len)
{
	core_household fast, slow;
	char *a, *b;
	if (!store_household_from_text(text, len, &fast))
		return false;
	if (!long_way(text, len, &slow))
		fail_msg("the one-pass reader took what jansson refuses: %.*s",
		         (int)len, text);
	a = canonical_of(&fast);
	b = canonical_of(&slow);
	if (strcmp(a, b))
		fail_msg("read differently:\n fast %s\n slow %s", a, b);
	free(a);
	free(b);
	core_household_free(&fast);
	core_household_free(&slow);
	return true;
}

static void test_from_text_reads_the_stored_form(void **state)
{
	size_t n_regions;
	const core_demo_region *regions = core_demo_regions(&n_regions);
	core_rng rng;
	core_household h;
	size_t taken = 0;
	(void)state;
	core_rng_seed(&rng, 61);
	core_household_init(&h);
	for (unsigned variant = 0; variant < 512; variant++) {
		char *t;
		bool plain;
		assert_ok(core_demo_household(&rng, regions, n_regions,
		                              core_date_from_ymd(2026, 11, 27), &h,
		                              NULL),
		          NULL);
		vary(&h, variant, variant / 7);
		t = canonical_of(&h);
		plain = !strchr(t, '\\');
		/* text without escapes is read in one pass, to the same
		 * household (its stored form again, byte for byte) */
		if (plain != reader_agrees(t, strlen(t)))
			fail_msg("%s the reader: %s", plain ? "refused by" : "taken by",
			         t);
		if (plain) {
			core_household back;
			char *again;
			assert_true(store_household_from_text(t, strlen(t), &back));
			again = canonical_of(&back);
			assert_string_equal(again, t);
			free(again);
			core_household_free(&back);
			taken++;
		}
		free(t);
	}
	assert_true(taken > 100);
	core_household_free(&h);
}

/* Hand-written lines: forms a file may hold. taken: the one-pass reader
 * reads it (the same as jansson); otherwise it leaves it to jansson. */
static void test_from_text_other_forms(void **state)
{
	static const struct {
		bool taken;
		const char *text;
	} lines[] = {
	        {true, HOUSEHOLD(MEMBER(""), "")},
	        {true, " \t" HOUSEHOLD(MEMBER(""), "") " \r\n"},
	        {true, "{ \"members\" : [ " MEMBER("") " ] , \"address\":\"x\" , "
	               "\"region\":\"440106\" }"},
	        {true, HOUSEHOLD(MEMBER(",\"categories\":null,\"able_to_work\":null,"
	                                "\"refuses_work\":false,\"incomes\":null"),
	                         ",\"township\":null,\"village\":null,\"payee\":null,"
	                         "\"assets\":null,\"receiving\":null,\"last_verified\":null")},
	        {true, INCOME("1200")},
	        {true, INCOME("0")},
	        {true, INCOME("\"1165.5\"")},
	        {true, HOUSEHOLD(MEMBER(",\"incomes\":[{\"monthly\":\"1\",\"source\":"
	                                "\"wages\",\"since\":null,\"irregular\":null}]"),
	                         ",\"assets\":{\"homes\":null,\"financial\":null,"
	                         "\"vehicles\":null}")},
	        {true, HOUSEHOLD(MEMBER(""), ",\"assets\":{\"vehicles\":["
	                                   "{\"description\":\"车\"}]}")},
	        {true, HOUSEHOLD(MEMBER(""), ",\"township\":{},\"payee\":{\"name\":null}")},
	        {true, HOUSEHOLD("", "")},
	        /* jansson's to read, or to refuse and name */
	        {false, HOUSEHOLD(MEMBER(""), ",\"region\":\"440106\"")},
	        {false, HOUSEHOLD(MEMBER(",\"name\":\"x\""), "")},
	        {false, HOUSEHOLD(MEMBER(""), ",\"extra\":1")},
	        {false, HOUSEHOLD(MEMBER(""), ",\"address2\":\"x\"")},
	        {false, INCOME("1200.5")},
	        {false, INCOME("1e3")},
	        {false, INCOME("-1")},
	        {false, INCOME("01")},
	        {false, INCOME("99999999999999999999")},
	        {false, INCOME("null")},
	        {false, INCOME("true")},
	        {false, INCOME("\"12x\"")},
	        {false, HOUSEHOLD(MEMBER(",\"incomes\":[{\"source\":\"wages\","
	                                 "\"monthly\":1,\"since\":\"\"}]"),
	                          "")},
	        {false, HOUSEHOLD(MEMBER(",\"incomes\":[{\"source\":\"wages\"}]"), "")},
	        {false, HOUSEHOLD(MEMBER(",\"incomes\":[{\"source\":\"salary\","
	                                 "\"monthly\":1}]"),
	                          "")},
	        {false, "{\"region\":\"44\\u0030106\",\"address\":\"x\",\"members\":[]}"},
	        {false, "{\"region\":\"440106\",\"address\":\"a\\\"b\",\"members\":[]}"},
	        {false, "{\"region\":\"440106\",\"address\":\"x\"}"},
	        {false, "{\"region\":\"440106\",\"members\":[]}"},
	        {false, "{\"address\":\"x\",\"members\":[]}"},
	        {false, "{\"region\":null,\"address\":\"x\",\"members\":[]}"},
	        {false, "{\"region\":\"440106\",\"address\":\"x\",\"members\":null}"},
	        {false, "{\"region\":\"440106\",\"address\":\"x\",\"members\":[],}"},
	        {false, "{\"region\":\"440106\",\"address\":\"x\",\"members\":[,]}"},
	        {false, "{\"region\":\"440106\",\"address\":\"x\",\"members\":[]} x"},
	        {false, "{\"region\":\"440106\",\"address\":\"x\",\"members\":[]}{}"},
	        {false, "{\"region\":\"4401060\",\"address\":\"x\",\"members\":[]}"},
	        {false, "{\"region\":\"440106\",\"address\":\"\xc3\x28\",\"members\":[]}"},
	        {false, "{\"region\":\"440106\",\"address\":\"\xed\xa0\x80\",\"members\":[]}"},
	        {false, "{\"region\":\"440106\",\"address\":\"\xc0\xaf\",\"members\":[]}"},
	        {false, "{\"region\":\"440106\",\"address\":\"x\",\"members\":[],"
	                "\"receiving\":{\"allowance\":\"1\"}}"},
	        {false, "{\"region\":\"440106\",\"address\":\"x\",\"members\":[],"
	                "\"assets\":{\"homes\":100}}"},
	        {false, "{\"region\":\"440106\",\"address\":\"x\",\"members\":[],"
	                "\"last_verified\":\"2026-02-30\"}"},
	        {false, HOUSEHOLD(MEMBER(",\"able_to_work\":1"), "")},
	        {false, HOUSEHOLD(MEMBER(",\"categories\":[\"rich\"]"), "")},
	        {false, "[]"},
	        {false, ""},
	};
	(void)state;
	for (size_t i = 0; i < N(lines); i++) {
		bool got = reader_agrees(lines[i].text, strlen(lines[i].text));
		if (got != lines[i].taken)
			fail_msg("line %zu %s by the reader: %s", i,
			         got ? "taken" : "refused", lines[i].text);
	}
}

/* Every one-byte change of a line (deleted, or replaced by a byte that
 * means something to JSON) is either left to jansson or read the same as
 * jansson reads it. */
static void test_from_text_mutations(void **state)
{
	static const char bytes[] = "\"{}[],: 0n\\\x01\xff" "a9-.t";
	core_household h;
	char *t, *m;
	size_t len, taken = 0;
	(void)state;
	full_household(&h);
	vary(&h, 0x1ff & ~0x100u, 4); /* every optional field, unicode text */
	h.last_verified = core_date_from_ymd(2026, 1, 5);
	/* no escapes: the fixture's quoted car is jansson's to read */
	snprintf(h.vehicles[1].description, sizeof(h.vehicles[1].description),
	         "旧摩托车");
	t = canonical_of(&h);
	len = strlen(t);
	assert_true(reader_agrees(t, len));
	m = malloc(len + 1);
	assert_non_null(m);
	for (size_t i = 0; i < len; i++) {
		/* deleted */
		memcpy(m, t, i);
		memcpy(m + i, t + i + 1, len - i - 1);
		taken += reader_agrees(m, len - 1);
		/* replaced */
		for (size_t b = 0; b < sizeof(bytes) - 1; b++) {
			memcpy(m, t, len);
			m[i] = bytes[b];
			taken += reader_agrees(m, len);
		}
	}
	/* some changes are still a household (a digit of an amount, a
	 * letter of a name) */
	assert_true(taken > 0);
	free(m);
	free(t);
	core_household_free(&h);
}

/* The output, byte for byte: keys in a fixed order, every field present
 * (empty lists, false, null receiving), money as text with two decimals. */
static void test_to_json_stable_text(void **state)
{
	static const char want_full[] =
	        "{\"region\":\"440106\",\"address\":\"天河区石牌街道华师社区100号\","
	        "\"members\":["
	        "{\"name\":\"王秀英\",\"id_number\":\"%s\",\"relation\":\"head\","
	        "\"categories\":[\"severe_disability\"]," /* not elderly */
	        "\"able_to_work\":false,"
	        "\"incomes\":[{\"source\":\"pension\",\"monthly\":\"1201.00\"}]},"
	        "{\"name\":\"李建国\",\"id_number\":\"%s\",\"relation\":\"spouse\","
	        "\"categories\":[],\"able_to_work\":true,"
	        "\"incomes\":[{\"source\":\"wages\",\"monthly\":\"1234.56\"},"
	        "{\"source\":\"other_exempt\",\"monthly\":\"0.01\"},"
	        "{\"source\":\"unemployment_insurance\",\"monthly\":\"0.00\"}]},"
	        "{\"name\":\"张伟\",\"id_number\":\"%s\",\"relation\":\"grandchild\","
	        "\"categories\":[\"student\"],\"able_to_work\":false," /* nor minor */
	        "\"incomes\":[]}],"
	        "\"assets\":{\"financial\":\"12345.67\",\"vehicles\":["
	        "{\"description\":\"电动三轮车\",\"exempt\":true},"
	        "{\"description\":\"\\\"quoted\\\" \\\\ car\",\"exempt\":false}],"
	        "\"homes\":2},"
	        "\"receiving\":{\"allowance\":\"1195.50\",\"since\":\"2023-12\"}}";
	char want[2048], *text;
	core_household h;
	json_t *j;
	(void)state;
	full_household(&h);
	snprintf(want, sizeof(want), want_full, h.members[0].id_number,
	         h.members[1].id_number, h.members[2].id_number);
	for (int round = 0; round < 2; round++) {
		j = store_household_to_json(&h);
		text = json_dumps(j, JSON_COMPACT);
		assert_string_equal(text, want);
		free(text);
		json_decref(j);
	}
	/* The optional facts appear only when set, after the others. */
	h.members[1].refuses_work = true;
	h.members[1].incomes[0].since = core_month_make(2026, 9);
	h.members[1].incomes[0].irregular = true;
	h.members[1].incomes[1].irregular = true;
	h.members[1].incomes[2].since = core_month_make(2025, 1);
	j = store_household_to_json(&h);
	text = json_dumps(json_array_get(json_object_get(j, "members"), 1),
	                  JSON_COMPACT);
	snprintf(want, sizeof(want),
	         "{\"name\":\"李建国\",\"id_number\":\"%s\",\"relation\":\"spouse\","
	         "\"categories\":[],\"able_to_work\":true,\"refuses_work\":true,"
	         "\"incomes\":[{\"source\":\"wages\",\"monthly\":\"1234.56\","
	         "\"since\":\"2026-09\",\"irregular\":true},"
	         "{\"source\":\"other_exempt\",\"monthly\":\"0.01\",\"irregular\":true},"
	         "{\"source\":\"unemployment_insurance\",\"monthly\":\"0.00\","
	         "\"since\":\"2025-01\"}]}",
	         h.members[1].id_number);
	assert_string_equal(text, want);
	free(text);
	json_decref(j);
	core_household_free(&h);

	/* The smallest household: a null for receiving, every key still there. */
	core_household_init(&h);
	snprintf(h.region, sizeof(h.region), "110105");
	snprintf(h.address, sizeof(h.address), "x");
	j = store_household_to_json(&h);
	text = json_dumps(j, JSON_COMPACT);
	assert_string_equal(text,
	                    "{\"region\":\"110105\",\"address\":\"x\",\"members\":[],"
	                    "\"assets\":{\"financial\":\"0.00\",\"vehicles\":[],"
	                    "\"homes\":0},\"receiving\":null}");
	free(text);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_numbers_valid),
		cmocka_unit_test(test_from_json_null_and_non_objects),
		cmocka_unit_test(test_from_json_errors),
		cmocka_unit_test(test_money_messages),
		cmocka_unit_test(test_from_json_limits),
		cmocka_unit_test(test_money_forms),
		cmocka_unit_test(test_receiving_null_or_object),
		cmocka_unit_test(test_optional_nulls_and_normal_forms),
		cmocka_unit_test(test_vehicles),
		cmocka_unit_test(test_readme_example),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_to_json_stable_text),
		cmocka_unit_test(test_canonical_same_as_json_dumps),
		cmocka_unit_test(test_from_text_reads_the_stored_form),
		cmocka_unit_test(test_from_text_other_forms),
		cmocka_unit_test(test_from_text_mutations),
	};
	return cmocka_run_group_tests_name("store_hhjson", tests, NULL, NULL);
}
