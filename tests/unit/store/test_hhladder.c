/* test_hhladder.c — the ladder's facts in the household JSON (issue 19):
 * disability, illness, self-care, exclusion, incomes by months or by the
 * year, supporters and rigid expenses read by the jansson reader and the
 * one-pass reader alike and written by the canonical writer byte for byte
 * as json_dumps writes them; each bad input named by its JSON path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "store/hhjson.h"
#include "tests/unit/store/storetest.h"

static core_income_month *month_of(core_household *h, const char *idn,
                                   core_income_source src, int y, int mo,
                                   core_fen amount)
{
	core_income_month *x = core_household_add_income_month(h, NULL);
	assert_non_null(x);
	snprintf(x->id_number, sizeof(x->id_number), "%s", idn);
	x->source = src;
	x->month = core_month_make(y, mo);
	x->amount = amount;
	return x;
}

/* A household with every fact of the ladder: a disabled, ill member who
 * needs care, one in prison, an income by months (given out of order)
 * and one by the year, two supporters and two rigid expenses. */
static void ladder_household(core_household *h)
{
	core_member *m;
	core_supporter *s;
	core_rigid_expense *r;
	hh_make(h, 3, 300);
	m = &h->members[0];
	m->self_care = CORE_SELF_CARE_PARTIAL;
	m->n_incomes = 2;
	m->incomes[1].source = CORE_INCOME_AGRICULTURE;
	m->incomes[1].basis = CORE_BASIS_MONTHS;
	month_of(h, m->id_number, CORE_INCOME_AGRICULTURE, 2026, 10, 30000);
	month_of(h, m->id_number, CORE_INCOME_AGRICULTURE, 2026, 6, 25050);
	month_of(h, m->id_number, CORE_INCOME_AGRICULTURE, 2026, 8, 0);
	m = &h->members[1];
	m->disability_grade = 1;
	m->disability_type = CORE_DISABILITY_INTELLECTUAL;
	m->able_to_work = false;
	snprintf(m->illness, sizeof(m->illness), "uremia");
	m->self_care = CORE_SELF_CARE_NONE;
	m->categories = 1u << CORE_CAT_SEVERE_DISABILITY;
	m->n_incomes = 1;
	m->incomes[0].source = CORE_INCOME_FLEXIBLE_WORK;
	m->incomes[0].basis = CORE_BASIS_ANNUAL;
	m->incomes[0].annual = 2400000;
	m->incomes[0].irregular = true;
	h->members[2].excluded = CORE_EXCLUSION_PRISON;
	s = core_household_add_supporter(h, NULL);
	assert_non_null(s);
	snprintf(s->name, sizeof(s->name), "陈二军");
	snprintf(s->relation, sizeof(s->relation), "王秀英之子");
	s->able = false;
	snprintf(s->reason, sizeof(s->reason), "本人一级肢体残疾");
	s = core_household_add_supporter(h, NULL);
	assert_non_null(s);
	snprintf(s->name, sizeof(s->name), "陈小红");
	snprintf(s->relation, sizeof(s->relation), "daughter");
	s->able = true;
	r = core_household_add_rigid(h, NULL);
	assert_non_null(r);
	snprintf(r->id_number, sizeof(r->id_number), "%s", h->members[1].id_number);
	r->kind = CORE_EXPENSE_MEDICAL;
	r->annual = 3000000;
	snprintf(r->evidence, sizeof(r->evidence), "透析票据");
	r = core_household_add_rigid(h, NULL);
	assert_non_null(r);
	snprintf(r->id_number, sizeof(r->id_number), "%s", h->members[0].id_number);
	r->kind = CORE_EXPENSE_REHABILITATION;
	r->annual = 1;
}

static char *dumps(const core_household *h)
{
	json_t *j = store_household_to_json(h);
	char *t;
	assert_non_null(j);
	t = json_dumps(j, JSON_COMPACT);
	assert_non_null(t);
	json_decref(j);
	return t;
}

static char *canonical_of(const core_household *h)
{
	char *t = NULL;
	size_t len;
	ds_error err;
	assert_ok(store_household_canonical(h, &t, &len, &err), &err);
	assert_int_equal(len, strlen(t));
	return t;
}

/* The jansson way, as an import reads a line. */
static bool long_way(const char *text, size_t len, core_household *h)
{
	json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	bool ok = j && !store_household_from_json(j, h, NULL);
	json_decref(j);
	return ok;
}

/* When the one-pass reader takes text, jansson takes it too and reads the
 * same household; returns whether the reader took it. */
static bool reader_agrees(const char *text, size_t len)
{
	core_household fast, slow;
	char *a, *b, where[96];
	if (!store_household_from_text(text, len, &fast))
		return false;
	if (!long_way(text, len, &slow))
		fail_msg("the one-pass reader took what jansson refuses: %.*s",
		         (int)len, text);
	a = canonical_of(&fast);
	b = canonical_of(&slow);
	if (strcmp(a, b))
		fail_msg("read differently:\n fast %s\n slow %s", a, b);
	if (!core_household_same(&fast, &slow, where, sizeof(where)))
		fail_msg("read differently at %s: %.*s", where, (int)len, text);
	free(a);
	free(b);
	core_household_free(&fast);
	core_household_free(&slow);
	return true;
}

static void test_round_trip_every_fact(void **state)
{
	core_household h, back;
	char *want, *got, *again, where[96];
	ds_error err;
	json_t *j;
	(void)state;
	ladder_household(&h);
	assert_ok(core_household_validate(&h, core_date_from_ymd(2026, 11, 27),
	                                  &err),
	          &err);
	want = dumps(&h);
	got = canonical_of(&h);
	/* the canonical writer gives json_dumps's bytes */
	assert_string_equal(got, want);
	/* the months in order, the facts after the incomes, the household's
	 * lists at the end */
	assert_non_null(strstr(got, "\"months\":{\"2026-06\":\"250.50\","
	                            "\"2026-08\":\"0.00\",\"2026-10\":\"300.00\"}"));
	assert_non_null(strstr(got, "{\"source\":\"flexible_work\","
	                            "\"annual\":\"24000.00\",\"irregular\":true}"));
	assert_non_null(strstr(got, "\"incomes\":[{\"source\":\"flexible_work\","
	                            "\"annual\":\"24000.00\",\"irregular\":true}],"
	                            "\"disability\":{\"grade\":1,\"type\":\"intellectual\"},"
	                            "\"illness\":\"uremia\",\"self_care\":\"none\"}"));
	assert_non_null(strstr(got, "\"excluded\":\"prison\"}"));
	assert_non_null(strstr(got, ",\"supporters\":[{\"name\":\"陈二军\","
	                            "\"relation\":\"王秀英之子\",\"able\":false,"
	                            "\"reason\":\"本人一级肢体残疾\"},"
	                            "{\"name\":\"陈小红\",\"relation\":\"daughter\","
	                            "\"able\":true}],\"rigid_expenses\":[{\"member\":\""));
	assert_non_null(strstr(got, "\"kind\":\"rehabilitation\",\"annual\":\"0.01\"}]}"));
	/* jansson reads it back to the same household and the same bytes */
	j = json_loads(got, JSON_REJECT_DUPLICATES, NULL);
	assert_non_null(j);
	assert_ok(store_household_from_json(j, &back, &err), &err);
	json_decref(j);
	if (!core_household_same(&h, &back, where, sizeof(where)))
		fail_msg("the round trip differs at %s", where);
	again = canonical_of(&back);
	assert_string_equal(again, got);
	free(again);
	core_household_free(&back);
	/* the one-pass reader reads it, the same */
	assert_true(reader_agrees(got, strlen(got)));
	assert_true(store_household_from_text(got, strlen(got), &back));
	if (!core_household_same(&h, &back, where, sizeof(where)))
		fail_msg("the one-pass reader differs at %s", where);
	assert_int_equal(back.n_income_months, 3);
	assert_int_equal(back.members[0].incomes[1].basis, CORE_BASIS_MONTHS);
	assert_int_equal(back.members[1].incomes[0].basis, CORE_BASIS_ANNUAL);
	assert_int_equal(back.members[1].incomes[0].annual, 2400000);
	assert_int_equal(back.members[1].incomes[0].monthly, 0);
	assert_int_equal(back.members[1].disability_grade, 1);
	assert_int_equal(back.members[1].disability_type,
	                 CORE_DISABILITY_INTELLECTUAL);
	assert_int_equal(back.members[2].excluded, CORE_EXCLUSION_PRISON);
	assert_int_equal(back.n_supporters, 2);
	assert_int_equal(back.n_rigid, 2);
	again = canonical_of(&back);
	assert_string_equal(again, got);
	free(again);
	core_household_free(&back);
	free(want);
	free(got);
	core_household_free(&h);
}

/* A household without any fact of the ladder is written as before: no new
 * key appears. */
static void test_no_facts_no_keys(void **state)
{
	static const char *const keys[] = {"disability", "illness", "self_care",
	                                   "excluded", "months", "annual",
	                                   "supporters", "rigid_expenses"};
	core_household h;
	char *t;
	(void)state;
	hh_make(&h, 3, 40);
	t = canonical_of(&h);
	for (size_t i = 0; i < N(keys); i++) {
		char k[32];
		snprintf(k, sizeof(k), "\"%s\"", keys[i]);
		if (strstr(t, k))
			fail_msg("%s written for a household without it: %s", k, t);
	}
	free(t);
	core_household_free(&h);
}

/* An income by months with none given is written as an empty object and
 * read back the same (the policy's check says it has no month). */
static void test_months_empty(void **state)
{
	core_household h;
	char *t;
	(void)state;
	hh_make(&h, 1, 50);
	h.members[0].incomes[0].basis = CORE_BASIS_MONTHS;
	h.members[0].incomes[0].monthly = 0;
	t = canonical_of(&h);
	assert_non_null(strstr(t, "{\"source\":\"pension\",\"months\":{}}"));
	assert_true(reader_agrees(t, strlen(t)));
	free(t);
	core_household_free(&h);
}

/* ---- hand-written forms -------------------------------------------------------- */

#define ID1 "11010519491231002X"
#define ID2 "110105195001010012"
#define HH(m1more, m2more, more)                                           \
	"{\"region\":\"440106\",\"address\":\"x\",\"members\":["           \
	"{\"name\":\"王秀英\",\"id_number\":\"" ID1 "\",\"relation\":\"head\"" \
	m1more "},"                                                        \
	"{\"name\":\"李建国\",\"id_number\":\"" ID2 "\",\"relation\":\"spouse\"" \
	m2more "}]" more "}"
#define INC(body) ",\"incomes\":[{\"source\":\"wages\"," body "}]"

static void test_forms(void **state)
{
	static const struct {
		bool taken;
		const char *text;
	} lines[] = {
	        {true, HH(",\"disability\":{\"grade\":2,\"type\":\"visual\"}", "", "")},
	        {true, HH(",\"disability\":{\"type\":\"mental\",\"grade\":3}", "", "")},
	        {true, HH(",\"disability\":null,\"illness\":null,\"self_care\":null,"
	                  "\"excluded\":null", "", "")},
	        {true, HH(",\"illness\":\"\",\"self_care\":\"full\"",
	                  ",\"excluded\":\"clergy_apart\"", "")},
	        {true, HH(INC("\"months\":{\"2026-06\":\"1200\",\"2026-05\":1100}"), "", "")},
	        {true, HH(INC("\"months\":{}"), "", "")},
	        {true, HH(INC("\"annual\":24000,\"since\":\"2025-01\""), "", "")},
	        {true, HH("", "", ",\"supporters\":null,\"rigid_expenses\":null")},
	        {true, HH("", "", ",\"supporters\":[],\"rigid_expenses\":[]")},
	        {true, HH("", "", ",\"supporters\":[{\"able\":false,\"relation\":\"son\","
	                          "\"name\":\"丙\",\"reason\":null}]")},
	        {true, HH("", "", ",\"rigid_expenses\":[{\"kind\":\"education\","
	                          "\"annual\":\"1.5\",\"member\":\"" ID2 "\","
	                          "\"evidence\":null}]")},
	        /* jansson's to read, or to refuse and name */
	        {false, HH(",\"disability\":{\"grade\":-1,\"type\":\"visual\"}", "", "")},
	        {false, HH(",\"disability\":{\"grade\":1.0,\"type\":\"visual\"}", "", "")},
	        {false, HH(",\"disability\":{\"grade\":1}", "", "")},
	        {false, HH(",\"disability\":{\"grade\":1,\"type\":\"leg\"}", "", "")},
	        {false, HH(",\"disability\":{\"grade\":1,\"type\":\"visual\",\"x\":1}", "", "")},
	        {false, HH(",\"self_care\":\"some\"", "", "")},
	        {false, HH(",\"self_care\":\"\"", "", "")},
	        {false, HH(",\"excluded\":\"abroad\"", "", "")},
	        {false, HH(INC("\"monthly\":1,\"annual\":12"), "", "")},
	        {false, HH(INC("\"months\":{\"2026-06\":\"1\"},\"monthly\":1"), "", "")},
	        {false, HH(INC("\"months\":null"), "", "")},
	        {false, HH(INC("\"annual\":null"), "", "")},
	        {false, HH(INC("\"months\":{\"2026-06\":\"1\",\"2026-06\":\"2\"}"), "", "")},
	        {false, HH(INC("\"months\":{\"2026-06\":\"-1\"}"), "", "")},
	        {false, HH(INC("\"months\":{\"2026-13\":\"1\"}"), "", "")},
	        {false, HH(INC("\"months\":{\"June\":\"1\"}"), "", "")},
	        {false, HH(INC("\"months\":[\"2026-06\"]"), "", "")},
	        {false, HH(INC("\"annual\":\"-5\""), "", "")},
	        {false, "{\"region\":\"440106\",\"address\":\"x\",\"members\":["
	                "{\"incomes\":[{\"source\":\"wages\",\"months\":{\"2026-06\":\"1\"}}],"
	                "\"name\":\"王秀英\",\"id_number\":\"" ID1 "\",\"relation\":\"head\"}]}"},
	        {false, HH("", "", ",\"supporters\":[{\"name\":\"丙\",\"able\":true}]")},
	        {false, HH("", "", ",\"supporters\":[{\"name\":\"丙\",\"relation\":\"son\"}]")},
	        {false, HH("", "", ",\"supporters\":[{\"name\":\"丙\",\"relation\":\"son\","
	                           "\"able\":null}]")},
	        {false, HH("", "", ",\"supporters\":{}")},
	        {false, HH("", "", ",\"rigid_expenses\":[{\"member\":\"" ID2 "\","
	                           "\"kind\":\"food\",\"annual\":\"1\"}]")},
	        {false, HH("", "", ",\"rigid_expenses\":[{\"member\":\"" ID2 "\","
	                           "\"kind\":\"medical\"}]")},
	        {false, HH("", "", ",\"rigid_expenses\":[{\"member\":\"11010519491231002x\","
	                           "\"kind\":\"medical\",\"annual\":\"1\"}]")},
	};
	(void)state;
	for (size_t i = 0; i < N(lines); i++) {
		bool got = reader_agrees(lines[i].text, strlen(lines[i].text));
		if (got != lines[i].taken)
			fail_msg("line %zu %s by the reader: %s", i,
			         got ? "taken" : "refused", lines[i].text);
	}
}

/* Every one-byte change of the stored form with every fact is either left
 * to jansson or read the same as jansson reads it. */
static void test_mutations(void **state)
{
	static const char bytes[] = "\"{}[],: 0n\\\x01\xff" "a9-.t";
	core_household h;
	char *t, *m;
	size_t len, taken = 0;
	(void)state;
	ladder_household(&h);
	t = canonical_of(&h);
	len = strlen(t);
	assert_true(reader_agrees(t, len));
	m = malloc(len + 1);
	assert_non_null(m);
	for (size_t i = 0; i < len; i++) {
		memcpy(m, t, i);
		memcpy(m + i, t + i + 1, len - i - 1);
		taken += reader_agrees(m, len - 1);
		for (size_t b = 0; b < sizeof(bytes) - 1; b++) {
			memcpy(m, t, len);
			m[i] = bytes[b];
			taken += reader_agrees(m, len);
		}
	}
	assert_true(taken > 0);
	free(m);
	free(t);
	core_household_free(&h);
}

/* ---- bad input: one error naming the JSON path --------------------------------- */

typedef struct {
	const char *json;
	const char *where;
} bad_case;

static const bad_case bad_reads[] = {
        {HH("", ",\"disability\":{\"grade\":\"1\",\"type\":\"visual\"}", ""),
         "members[1].disability.grade"},
        {HH("", ",\"disability\":{\"type\":\"visual\"}", ""),
         "members[1].disability.grade"},
        {HH("", ",\"disability\":{\"grade\":1,\"type\":\"leg\"}", ""),
         "members[1].disability.type"},
        {HH("", ",\"disability\":{\"grade\":1}", ""), "members[1].disability.type"},
        {HH("", ",\"disability\":{\"grade\":1,\"type\":\"visual\",\"cause\":\"x\"}", ""),
         "members[1].disability.cause"},
        {HH("", ",\"disability\":3", ""), "members[1].disability"},
        {HH("", ",\"self_care\":\"some\"", ""), "members[1].self_care"},
        {HH("", ",\"self_care\":1", ""), "members[1].self_care"},
        {HH("", ",\"excluded\":\"abroad\"", ""), "members[1].excluded"},
        {HH("", ",\"illness\":5", ""), "members[1].illness"},
        {HH("", ",\"illness\":\"0123456789012345678901234567890123456789\"", ""),
         "members[1].illness"},
        {HH("", INC("\"months\":{\"2026-13\":\"1\"}"), ""),
         "members[1].incomes[0].months.2026-13"},
        {HH("", INC("\"months\":{\"2026-06\":\"-1\"}"), ""),
         "members[1].incomes[0].months.2026-06"},
        {HH("", INC("\"months\":{\"2026-06\":\"abc\"}"), ""),
         "members[1].incomes[0].months.2026-06"},
        {HH("", INC("\"months\":[]"), ""), "members[1].incomes[0].months"},
        {HH("", INC("\"annual\":\"-1\""), ""), "members[1].incomes[0].annual"},
        {HH("", INC("\"annual\":\"x\""), ""), "members[1].incomes[0].annual"},
        {HH("", INC("\"annual\":\"1\",\"monthly\":\"1\""), ""),
         "members[1].incomes[0].monthly"},
        {HH("", INC("\"months\":{},\"annual\":\"1\""), ""),
         "members[1].incomes[0].months"},
        {HH("", ",\"incomes\":[{\"source\":\"wages\"}]", ""),
         "members[1].incomes[0].monthly"},
        {HH("", "", ",\"supporters\":[{\"name\":\"丙\",\"able\":true}]"),
         "supporters[0].relation"},
        {HH("", "", ",\"supporters\":[{\"relation\":\"son\",\"able\":true}]"),
         "supporters[0].name"},
        {HH("", "", ",\"supporters\":[{\"name\":\"丙\",\"relation\":\"son\"}]"),
         "supporters[0].able"},
        {HH("", "", ",\"supporters\":[{\"name\":\"丙\",\"relation\":\"son\","
                    "\"able\":\"no\"}]"),
         "supporters[0].able"},
        {HH("", "", ",\"supporters\":[{\"name\":\"丙\",\"relation\":\"son\","
                    "\"able\":true,\"phone\":\"1\"}]"),
         "supporters[0].phone"},
        {HH("", "", ",\"supporters\":{}"), "supporters"},
        {HH("", "", ",\"rigid_expenses\":[{\"kind\":\"medical\",\"annual\":\"1\"}]"),
         "rigid_expenses[0].member"},
        {HH("", "", ",\"rigid_expenses\":[{\"member\":\"123\",\"kind\":\"medical\","
                    "\"annual\":\"1\"}]"),
         "rigid_expenses[0].member"},
        {HH("", "", ",\"rigid_expenses\":[{\"member\":\"" ID2 "\",\"kind\":\"food\","
                    "\"annual\":\"1\"}]"),
         "rigid_expenses[0].kind"},
        {HH("", "", ",\"rigid_expenses\":[{\"member\":\"" ID2 "\",\"kind\":\"medical\"}]"),
         "rigid_expenses[0].annual"},
        {HH("", "", ",\"rigid_expenses\":[{\"member\":\"" ID2 "\",\"kind\":\"medical\","
                    "\"annual\":\"-3\"}]"),
         "rigid_expenses[0].annual"},
};

static void test_bad_reads(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(bad_reads); i++) {
		json_t *j = json_loads(bad_reads[i].json, JSON_REJECT_DUPLICATES, NULL);
		core_household h;
		ds_error err;
		memset(&err, 0, sizeof(err));
		if (!j)
			fail_msg("case %zu does not parse: %s", i, bad_reads[i].json);
		if (store_household_from_json(j, &h, &err) != DS_EINPUT)
			fail_msg("case %zu: not refused: %s", i, bad_reads[i].json);
		json_decref(j);
		if (strcmp(err.where, bad_reads[i].where))
			fail_msg("case %zu: names \"%s\", not \"%s\" (%s)", i, err.where,
			         bad_reads[i].where, err_text(&err));
		/* nothing left to free */
		assert_null(h.members);
		assert_null(h.supporters);
		assert_null(h.rigid);
		assert_null(h.income_months);
		/* and the one-pass reader leaves it to jansson */
		assert_false(store_household_from_text(bad_reads[i].json,
		                                       strlen(bad_reads[i].json), &h));
	}
}

/* Read well, refused by core_household_validate with the path. */
static const bad_case bad_facts[] = {
        {HH("", ",\"disability\":{\"grade\":5,\"type\":\"visual\"}", ""),
         "members[1].disability.grade"},
        {HH("", ",\"disability\":{\"grade\":0,\"type\":\"visual\"}", ""),
         "members[1].disability.grade"},
        {HH("", ",\"categories\":[\"severe_disability\"],"
                "\"disability\":{\"grade\":3,\"type\":\"visual\"}", ""),
         "members[1].categories"},
        {HH("", INC("\"months\":{\"2027-01\":\"1\"}"), ""),
         "members[1].incomes[0].months.2027-01"},
        {HH("", "", ",\"supporters\":[{\"name\":\"丙\",\"relation\":\"\",\"able\":true}]"),
         "supporters[0].relation"},
        {HH("", "", ",\"supporters\":[{\"name\":\"\",\"relation\":\"son\",\"able\":true}]"),
         "supporters[0].name"},
        {HH("", "", ",\"rigid_expenses\":[{\"member\":\"110105195001010039\","
                    "\"kind\":\"medical\",\"annual\":\"1\"}]"),
         "rigid_expenses[0].member"},
        {HH(",\"excluded\":\"prison\"", ",\"excluded\":\"missing\"", ""), "members"},
};

static void test_bad_facts(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(bad_facts); i++) {
		json_t *j = json_loads(bad_facts[i].json, JSON_REJECT_DUPLICATES, NULL);
		core_household h;
		ds_error err;
		if (!j)
			fail_msg("case %zu does not parse: %s", i, bad_facts[i].json);
		assert_ok(store_household_from_json(j, &h, &err), &err);
		json_decref(j);
		/* the one-pass reader reads it the same */
		assert_true(reader_agrees(bad_facts[i].json, strlen(bad_facts[i].json)));
		memset(&err, 0, sizeof(err));
		if (core_household_validate(&h, core_date_from_ymd(2026, 11, 27),
		                            &err) != DS_EINPUT)
			fail_msg("case %zu: valid: %s", i, bad_facts[i].json);
		if (strcmp(err.where, bad_facts[i].where))
			fail_msg("case %zu: names \"%s\", not \"%s\" (%s)", i, err.where,
			         bad_facts[i].where, err_text(&err));
		core_household_free(&h);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_round_trip_every_fact),
	        cmocka_unit_test(test_no_facts_no_keys),
	        cmocka_unit_test(test_months_empty),
	        cmocka_unit_test(test_forms),
	        cmocka_unit_test(test_mutations),
	        cmocka_unit_test(test_bad_reads),
	        cmocka_unit_test(test_bad_facts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
