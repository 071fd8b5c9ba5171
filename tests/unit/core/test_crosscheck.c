/* test_crosscheck.c — cross-checks (core/crosscheck): sources and rules,
 * header columns in English and Chinese, one row read and checked, and
 * every rule at its edges: exactly at the limit, a fen or a hundredth
 * above, rows of people outside the household, thresholds of 0. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/assess.h"
#include "core/crosscheck.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static core_date ymd(int y, int m, int d)
{
	return core_date_from_ymd(y, m, d);
}

/* Person k: a valid ID number, born 1980-01-(k+1) in 440106. Person 9 is
 * nobody in any household. */
static void person(int k, char out[CORE_IDNUM_BUF])
{
	char buf[48];
	unsigned u = (unsigned)k % 300;
	snprintf(buf, sizeof(buf), "4401061980%02u%02u%03u", 1 + u / 28 % 12,
	         1 + u % 28, 11 + 2 * u);
	memcpy(out, buf, 17);
	out[17] = '\0';
	out[17] = core_idnum_check_char(out);
	out[18] = '\0';
}

/* ---- identifiers ------------------------------------------------------------- */

static const char *const source_ids[] = {
	"electricity", "water", "gas", "bank", "property", "vehicle",
	"business", "social_insurance",
};
static const char *const rule_ids[] = {
	"electricity_use", "water_use", "gas_use", "bank_inflow",
	"undeclared_home", "undeclared_vehicle", "undeclared_business",
	"contribution_above_wages", "enrolled_elsewhere",
};

static void test_identifiers(void **state)
{
	core_flag f;
	(void)state;
	assert_int_equal(N(source_ids), CORE_XC_SOURCE_COUNT);
	assert_int_equal(N(rule_ids), CORE_XC_RULE_COUNT);
	for (size_t i = 0; i < N(source_ids); i++) {
		assert_string_equal(core_xc_source_id((core_xc_source)i),
		                    source_ids[i]);
		assert_int_equal(core_xc_source_lookup(source_ids[i]), (int)i);
		/* each source has its own rule, in the same order; the
		 * province's rule comes after theirs */
		assert_int_equal(core_xc_source_rule((core_xc_source)i), (int)i);
	}
	for (size_t i = 0; i < N(rule_ids); i++) {
		assert_string_equal(core_xc_rule_id((core_xc_rule)i), rule_ids[i]);
		assert_int_equal(core_xc_rule_lookup(rule_ids[i]), (int)i);
		assert_true(strlen(rule_ids[i]) < sizeof(f.rule));
	}
	assert_int_equal(core_xc_source_lookup(NULL), -1);
	assert_int_equal(core_xc_source_lookup(""), -1);
	assert_int_equal(core_xc_source_lookup("Bank"), -1);
	assert_int_equal(core_xc_source_lookup("social-insurance"), -1);
	assert_int_equal(core_xc_rule_lookup(NULL), -1);
	assert_int_equal(core_xc_rule_lookup("homes"), -1);
	assert_string_equal(core_xc_source_id((core_xc_source)99), "");
	assert_string_equal(core_xc_rule_id((core_xc_rule)99), "");
	assert_string_equal(core_xc_source_allowed(),
	                    "electricity, water, gas, bank, property, vehicle, business, social_insurance");
	assert_int_equal(core_xc_source_kind(CORE_XC_WATER), CORE_XC_USE);
	assert_int_equal(core_xc_source_kind(CORE_XC_BANK), CORE_XC_MONEY);
	assert_int_equal(core_xc_source_kind(CORE_XC_SOCIAL_INSURANCE),
	                 CORE_XC_MONEY);
	assert_int_equal(core_xc_source_kind(CORE_XC_VEHICLE), CORE_XC_REGISTRY);
}

/* ---- columns ------------------------------------------------------------------ */

static const struct {
	const char *header;
	int col;
} column_cases[] = {
	{NULL, -1},
	{"", -1},
	{"id", -1},
	{"id number", -1},
	{"id_number", CORE_XC_COL_ID_NUMBER},
	{"ID_Number", CORE_XC_COL_ID_NUMBER},
	{"  id_number\t", CORE_XC_COL_ID_NUMBER},
	{"ＩＤ＿ＮＵＭＢＥＲ", CORE_XC_COL_ID_NUMBER}, /* full width */
	{"身份证号", CORE_XC_COL_ID_NUMBER},
	{" 身份证号 ", CORE_XC_COL_ID_NUMBER},
	{"身份证号码", -1},
	{"period", CORE_XC_COL_PERIOD},
	{"期间", CORE_XC_COL_PERIOD},
	{"value", CORE_XC_COL_VALUE},
	{"VALUE", CORE_XC_COL_VALUE},
	{"金额", CORE_XC_COL_VALUE},
	{"数值", CORE_XC_COL_VALUE},
	{"description", CORE_XC_COL_DESCRIPTION},
	{"描述", CORE_XC_COL_DESCRIPTION},
	{"registered", CORE_XC_COL_REGISTERED},
	{"登记日期", CORE_XC_COL_REGISTERED},
	{"\xff\xfe", -1}, /* not UTF-8 */
};

static void test_column_lookup(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(column_cases); i++) {
		int got = core_xc_column_lookup(column_cases[i].header);
		if (got != column_cases[i].col)
			fail_msg("\"%s\": column %d, want %d",
			         column_cases[i].header ? column_cases[i].header : "(null)",
			         got, column_cases[i].col);
	}
	for (int c = 0; c < CORE_XC_COL_COUNT; c++)
		assert_int_equal(core_xc_column_lookup(
		                         core_xc_column_id((core_xc_column)c)),
		                 c);
}

#define MAXF 8

static const struct {
	const char *what;
	core_xc_source src;
	const char *names[MAXF];
	const char *where; /* NULL: accepted */
	const char *arg0;
	int id, period, value, description, registered; /* when accepted */
} header_cases[] = {
	{"bank, English", CORE_XC_BANK, {"id_number", "period", "value"}, NULL,
	 NULL, 0, 1, 2, -1, -1},
	{"bank, Chinese, an extra column first", CORE_XC_BANK,
	 {"开户行", "身份证号", "期间", "金额"}, NULL, NULL, 1, 2, 3, -1, -1},
	{"water, 数值", CORE_XC_WATER, {"数值", "期间", "身份证号"}, NULL, NULL,
	 2, 1, 0, -1, -1},
	{"property", CORE_XC_PROPERTY,
	 {"id_number", "description", "registered", "value"}, NULL, NULL, 0,
	 -1, -1, 1, 2},
	{"vehicle, Chinese", CORE_XC_VEHICLE, {"身份证号", "描述", "登记日期"},
	 NULL, NULL, 0, -1, -1, 1, 2},
	{"business, with a period column kept as extra", CORE_XC_BUSINESS,
	 {"period", "id_number", "description", "registered"}, NULL, NULL, 1,
	 -1, -1, 2, 3},
	{"no id_number", CORE_XC_BANK, {"period", "value"}, "", "id_number", 0,
	 0, 0, 0, 0},
	{"no value", CORE_XC_SOCIAL_INSURANCE,
	 {"id_number", "period", "description"}, "", "value", 0, 0, 0, 0, 0},
	{"no registered", CORE_XC_PROPERTY,
	 {"id_number", "description", "period", "value"}, "", "registered", 0,
	 0, 0, 0, 0},
	{"id_number twice, once in Chinese", CORE_XC_BANK,
	 {"id_number", "period", "value", "身份证号"}, "id_number", NULL, 0, 0,
	 0, 0, 0},
	{"金额 and 数值", CORE_XC_GAS, {"id_number", "period", "金额", "数值"},
	 "value", NULL, 0, 0, 0, 0, 0},
	{"an empty header", CORE_XC_GAS, {NULL}, "", "id_number", 0, 0, 0, 0, 0},
};

static void test_header_map(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(header_cases); i++) {
		core_xc_header hd;
		ds_error err;
		size_t n = 0;
		while (n < MAXF && header_cases[i].names[n])
			n++;
		ds_status st = core_xc_header_map(header_cases[i].src,
		                                  header_cases[i].names, n, &hd, &err);
		if (!header_cases[i].where) {
			if (st)
				fail_msg("%s: refused (%s)", header_cases[i].what, err.fmt);
			assert_int_equal(hd.n_columns, n);
			assert_int_equal(hd.col[CORE_XC_COL_ID_NUMBER], header_cases[i].id);
			assert_int_equal(hd.col[CORE_XC_COL_PERIOD], header_cases[i].period);
			assert_int_equal(hd.col[CORE_XC_COL_VALUE], header_cases[i].value);
			assert_int_equal(hd.col[CORE_XC_COL_DESCRIPTION],
			                 header_cases[i].description);
			assert_int_equal(hd.col[CORE_XC_COL_REGISTERED],
			                 header_cases[i].registered);
			for (size_t k = 0; k < n; k++) {
				bool used = false;
				for (int c = 0; c < CORE_XC_COL_COUNT; c++)
					used |= hd.col[c] == (int)k;
				assert_int_equal(core_xc_header_mapped(&hd, k), used);
			}
			continue;
		}
		if (st != DS_EINPUT)
			fail_msg("%s: status %d, want refused", header_cases[i].what, st);
		assert_string_equal(err.where, header_cases[i].where);
		if (header_cases[i].arg0)
			assert_string_equal(err.arg[0], header_cases[i].arg0);
	}
}

/* ---- numbers and rows ----------------------------------------------------------- */

static const struct {
	const char *s;
	int64_t want; /* -1: refused */
	const char *fmt;
} decimal_cases[] = {
	{NULL, -1, "a number is needed"},
	{"", -1, "a number is needed"},
	{"  ", -1, "a number is needed"},
	{"0", 0, NULL},
	{"12", 1200, NULL},
	{"12.5", 1250, NULL},
	{"12.05", 1205, NULL},
	{".5", 50, NULL},
	{"12.", 1200, NULL},
	{"+3", 300, NULL},
	{" 7 ", 700, NULL},
	{"1,234.56", 123456, NULL},
	{"１２３．４", 12340, NULL}, /* full width */
	{"1,23", -1, "not a number: %s"},
	{"1234,567", -1, "not a number: %s"},
	{",123", -1, "not a number: %s"},
	{"12.345", -1, "%s has more than two decimals"},
	{"-1", -1, "%s is negative; it cannot be below zero"},
	{"1e3", -1, "not a number: %s"},
	{"12 kWh", -1, "not a number: %s"},
	{".", -1, "not a number: %s"},
	{"1.2.3", -1, "not a number: %s"},
	{"1000000000", 100000000000LL, NULL},
	{"1000000001", -1, "%s is too large"},
	{"99999999999999999999999", -1, "%s is too large"},
};

static void test_decimal(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(decimal_cases); i++) {
		int64_t v = -7;
		ds_error err;
		ds_status st = core_xc_decimal_parse(decimal_cases[i].s, &v, "value",
		                                     &err);
		const char *s = decimal_cases[i].s ? decimal_cases[i].s : "(null)";
		if (decimal_cases[i].want >= 0) {
			if (st)
				fail_msg("\"%s\": refused: %s", s, err.fmt);
			if (v != decimal_cases[i].want)
				fail_msg("\"%s\": %lld, want %lld", s, (long long)v,
				         (long long)decimal_cases[i].want);
		} else {
			if (st != DS_EINPUT)
				fail_msg("\"%s\": accepted as %lld", s, (long long)v);
			assert_string_equal(err.where, "value");
			assert_string_equal(err.fmt, decimal_cases[i].fmt);
		}
	}
}

static const char *const bank_header[] = {"id_number", "period", "value",
                                          "bank"};
static const char *const property_header[] = {"身份证号", "描述", "登记日期"};

static const struct {
	const char *what;
	core_xc_source src;
	const char *fields[MAXF];
	size_t n;
	const char *where; /* NULL: accepted */
	const char *fmt;
	const char *arg0;
} row_cases[] = {
	{"bank row", CORE_XC_BANK,
	 {"11010519491231002X", "2026-05", "9,000.50", "ICBC"}, 4, NULL, NULL, NULL},
	{"lower-case x, ¥ and 元", CORE_XC_BANK,
	 {"11010519491231002x", "2026-05", "¥9000.50元", ""}, 4, NULL, NULL, NULL},
	{"too few fields", CORE_XC_BANK, {"11010519491231002X", "2026-05", "1"},
	 3, "", "this row has %s fields; the header has %s", "3"},
	{"too many fields", CORE_XC_BANK,
	 {"11010519491231002X", "2026-05", "1", "a", "b"}, 5, "",
	 "this row has %s fields; the header has %s", "5"},
	{"check character", CORE_XC_BANK,
	 {"110105194912310021", "2026-05", "1", ""}, 4, "id_number",
	 "the check character does not match: read the number again from the card", ""},
	{"no ID number", CORE_XC_BANK, {"", "2026-05", "1", ""}, 4, "id_number",
	 "an ID number is needed", ""},
	{"born after today", CORE_XC_BANK,
	 {"44010620270101001X", "2026-05", "1", ""}, 4, "id_number", NULL, NULL},
	{"month 13", CORE_XC_BANK, {"11010519491231002X", "2026-13", "1", ""}, 4,
	 "period", "%s has no month %s", "2026-13"},
	{"a date for a period", CORE_XC_BANK,
	 {"11010519491231002X", "2026-05-01", "1", ""}, 4, "period", NULL, NULL},
	{"a period after this month", CORE_XC_BANK,
	 {"11010519491231002X", "2026-12", "1", ""}, 4, "period",
	 "%s is after this month", "2026-12"},
	{"money with three decimals", CORE_XC_BANK,
	 {"11010519491231002X", "2026-05", "1.234", ""}, 4, "value", NULL, NULL},
	{"negative money", CORE_XC_SOCIAL_INSURANCE,
	 {"11010519491231002X", "2026-05", "-1", ""}, 4, "value", NULL, NULL},
	{"no value", CORE_XC_BANK, {"11010519491231002X", "2026-05", "", ""}, 4,
	 "value", "an amount is needed", NULL},
	{"use with a unit", CORE_XC_ELECTRICITY,
	 {"11010519491231002X", "2026-05", "120kWh", ""}, 4, "value",
	 "not a number: %s", "120kWh"},
	{"property row", CORE_XC_PROPERTY,
	 {"11010519491231002X", " 天河区某路1号 ", "2019-03-02"}, 3, NULL, NULL,
	 NULL},
	{"no description", CORE_XC_PROPERTY,
	 {"11010519491231002X", "  ", "2019-03-02"}, 3, "description",
	 "cannot be empty", NULL},
	{"a line break in the description", CORE_XC_PROPERTY,
	 {"11010519491231002X", "a\nb", "2019-03-02"}, 3, "description",
	 "contains a control character", NULL},
	{"bad date", CORE_XC_VEHICLE, {"11010519491231002X", "粤A12345", "2019-02-30"},
	 3, "registered", "%s is not a real date", "2019-02-30"},
	{"registered after today", CORE_XC_BUSINESS,
	 {"11010519491231002X", "小卖部", "2026-11-28"}, 3, "registered",
	 "%s is after today", "2026-11-28"},
};

static void test_row_parse(void **state)
{
	core_date today = ymd(2026, 11, 27);
	(void)state;
	for (size_t i = 0; i < N(row_cases); i++) {
		core_xc_header hd;
		core_xc_row row;
		ds_error err;
		bool reg = core_xc_source_kind(row_cases[i].src) == CORE_XC_REGISTRY;
		assert_int_equal(core_xc_header_map(row_cases[i].src,
		                                    reg ? property_header : bank_header,
		                                    reg ? 3 : 4, &hd, &err),
		                 DS_OK);
		ds_status st = core_xc_row_parse(row_cases[i].src, &hd,
		                                 row_cases[i].fields, row_cases[i].n,
		                                 today, &row, &err);
		if (!row_cases[i].where) {
			if (st)
				fail_msg("%s: refused: %s: %s", row_cases[i].what,
				         err.where, err.fmt);
			assert_string_equal(row.id_number, "11010519491231002X");
			continue;
		}
		if (st != DS_EINPUT)
			fail_msg("%s: accepted", row_cases[i].what);
		if (strcmp(err.where, row_cases[i].where) != 0)
			fail_msg("%s: where \"%s\", want \"%s\"", row_cases[i].what,
			         err.where, row_cases[i].where);
		if (row_cases[i].fmt && strcmp(err.fmt, row_cases[i].fmt) != 0)
			fail_msg("%s: \"%s\", want \"%s\"", row_cases[i].what, err.fmt,
			         row_cases[i].fmt);
		if (row_cases[i].arg0)
			assert_string_equal(err.arg[0], row_cases[i].arg0);
	}
}

static void test_row_values(void **state)
{
	core_xc_header hd;
	core_xc_row row;
	ds_error err;
	const char *bank[] = {"11010519491231002x", "2026-05", "¥9,000.5", "x"};
	const char *use[] = {"440524188001010014", "２０２６-０３", "１２.３", ""};
	const char *prop[] = {"11010219840406970X", " 天河区某路1号 ", "2019-03-02"};
	(void)state;
	assert_int_equal(core_xc_header_map(CORE_XC_BANK, bank_header, 4, &hd, &err), DS_OK);
	assert_int_equal(core_xc_row_parse(CORE_XC_BANK, &hd, bank, 4, -1, &row, &err), DS_OK);
	assert_string_equal(row.id_number, "11010519491231002X");
	assert_int_equal(row.period, core_month_make(2026, 5));
	assert_int_equal(row.value, 900050);
	assert_int_equal(core_xc_row_parse(CORE_XC_WATER, &hd, use, 4, -1, &row, &err), DS_OK);
	assert_int_equal(row.period, core_month_make(2026, 3));
	assert_int_equal(row.value, 1230);
	/* today < 0: a later period is not refused */
	use[1] = "2099-01";
	assert_int_equal(core_xc_row_parse(CORE_XC_WATER, &hd, use, 4, -1, &row, &err), DS_OK);
	assert_int_equal(core_xc_header_map(CORE_XC_PROPERTY, property_header, 3, &hd, &err), DS_OK);
	assert_int_equal(core_xc_row_parse(CORE_XC_PROPERTY, &hd, prop, 3, ymd(2026, 11, 27), &row, &err), DS_OK);
	assert_string_equal(row.description, "天河区某路1号");
	assert_int_equal(row.registered, ymd(2019, 3, 2));
}

static void test_months_and_members(void **state)
{
	core_xc_row rows[5];
	core_household h;
	(void)state;
	memset(rows, 0, sizeof(rows));
	assert_int_equal(core_xc_months(NULL, 0), 0);
	rows[0].period = core_month_make(2026, 5);
	rows[1].period = core_month_make(2026, 6);
	rows[2].period = core_month_make(2026, 5);
	rows[3].period = core_month_make(2025, 5);
	rows[4].period = core_month_make(2026, 6);
	assert_int_equal(core_xc_months(rows, 1), 1);
	assert_int_equal(core_xc_months(rows, 5), 3);
	core_household_init(&h);
	assert_int_equal(core_xc_member_of(&h, "11010519491231002X"), -1);
	core_member *m = core_household_add_member(&h, NULL);
	snprintf(m->id_number, sizeof(m->id_number), "11010519491231002X");
	m = core_household_add_member(&h, NULL);
	snprintf(m->id_number, sizeof(m->id_number), "440524188001010014");
	assert_int_equal(core_xc_member_of(&h, "440524188001010014"), 1);
	assert_int_equal(core_xc_member_of(&h, "11010219840406970X"), -1);
	core_household_free(&h);
}

static void test_limits_from_policy(void **state)
{
	core_policy p;
	core_xc_limits lim;
	(void)state;
	core_policy_init(&p);
	p.crosscheck.electricity = 150;
	p.crosscheck.water = 8;
	p.crosscheck.gas = 10;
	for (int i = 0; i < CORE_INCOME_COUNT; i++)
		p.income.counted[i] = i % 2 == 0;
	core_xc_limits_from_policy(&p, 116500, &lim);
	assert_int_equal(lim.standard, 116500);
	assert_int_equal(lim.electricity, 150);
	assert_int_equal(lim.water, 8);
	assert_int_equal(lim.gas, 10);
	for (int i = 0; i < CORE_INCOME_COUNT; i++)
		assert_int_equal(lim.counted[i], i % 2 == 0);
	core_policy_free(&p);
}

/* ---- the rules ------------------------------------------------------------------ */

#define MAXM 4
#define MAXR 8
#define MAXI 3

typedef struct {
	int person;
	struct {
		core_income_source src;
		core_fen monthly;
	} inc[MAXI];
} member_spec;

typedef struct {
	int person;         /* 9: nobody in the household */
	int year, month;    /* use and money */
	int64_t value;
	const char *desc;   /* registry */
} row_spec;

typedef struct {
	const char *name;
	const char *value;
} fig_spec;

static const struct {
	const char *what;
	core_xc_source src;
	member_spec members[MAXM];
	int homes, vehicles;
	row_spec rows[MAXR];
	int months;
	bool raised;
	fig_spec figs[5];
	int evidence[MAXR + 1];  /* row indices, -1 ends */
	core_fen compared[MAXR]; /* per evidence row (social insurance) */
} rule_cases[] = {
	/* bank: 2 members declare 1,200.00 (pension); S 1,165.00: the limit
	 * is 1,200 + 2,330 = 3,530.00 a month; over 2 months 7,060.00. */
	{"bank: exactly at the limit", CORE_XC_BANK,
	 {{1, {{CORE_INCOME_PENSION, 120000}}}, {2, {{0, 0}}}}, 1, 0,
	 {{1, 2026, 5, 500000, NULL}, {2, 2026, 6, 206000, NULL}}, 2, false,
	 {{NULL, NULL}}, {-1}, {0}},
	{"bank: a fen above the limit", CORE_XC_BANK,
	 {{1, {{CORE_INCOME_PENSION, 120000}}}, {2, {{0, 0}}}}, 1, 0,
	 {{1, 2026, 5, 500000, NULL}, {2, 2026, 6, 206001, NULL}}, 2, true,
	 {{"months", "2"}, {"inflow_total", "7060.01"},
	  {"inflow_average", "3530.00"}, {"limit", "3530.00"},
	  {"standard_times_members", "2330.00"}},
	 {0, 1, -1}, {0}},
	{"bank: a stranger's inflow is not the household's", CORE_XC_BANK,
	 {{1, {{CORE_INCOME_PENSION, 120000}}}, {2, {{0, 0}}}}, 1, 0,
	 {{1, 2026, 5, 500000, NULL}, {9, 2026, 6, 9999999, NULL},
	  {2, 2026, 6, 206000, NULL}},
	 2, false, {{NULL, NULL}}, {-1}, {0}},
	{"bank: the file's months, not the member's", CORE_XC_BANK,
	 {{1, {{CORE_INCOME_WAGES, 100000}}}}, 0, 0,
	 /* 13,000 in one month: over 6 months 2,166.66 a month, the limit
	 * 1,000 + 1,165 = 2,165: flagged */
	 {{1, 2026, 5, 1300000, NULL}}, 6, true,
	 {{"months", "6"}, {"inflow_average", "2166.66"},
	  {"declared_income", "1000.00"}, {"members", "1"}},
	 {0, -1}, {0}},
	{"bank: months counted from the rows when not given", CORE_XC_BANK,
	 {{1, {{CORE_INCOME_WAGES, 100000}}}}, 0, 0,
	 {{1, 2026, 5, 1300000, NULL}}, 0, true, {{"months", "1"}},
	 {0, -1}, {0}},
	{"bank: declared income counts incomes not counted too", CORE_XC_BANK,
	 {{1, {{CORE_INCOME_WAGES, 100000}, {CORE_INCOME_SCHOLARSHIP, 50000}}}},
	 0, 0,
	 /* limit 1,500 + 1,165 = 2,665.00 */
	 {{1, 2026, 5, 266500, NULL}}, 1, false, {{NULL, NULL}}, {-1}, {0}},
	{"bank: and says which", CORE_XC_BANK,
	 {{1, {{CORE_INCOME_WAGES, 100000}, {CORE_INCOME_SCHOLARSHIP, 50000}}}},
	 0, 0, {{1, 2026, 5, 266501, NULL}}, 1, true,
	 {{"declared_income", "1500.00"}, {"declared_counted", "1000.00"},
	  {"declared_not_counted", "500.00"}, {"limit", "2665.00"}},
	 {0, -1}, {0}},
	{"bank: only strangers", CORE_XC_BANK, {{1, {{0, 0}}}}, 0, 0,
	 {{9, 2026, 5, 99999999, NULL}}, 1, false, {{NULL, NULL}}, {-1}, {0}},

	{"property: one home declared, one registered", CORE_XC_PROPERTY,
	 {{1, {{0, 0}}}}, 1, 0, {{1, 0, 0, 0, "天河路1号"}}, 0, false,
	 {{NULL, NULL}}, {-1}, {0}},
	{"property: one home declared, two registered", CORE_XC_PROPERTY,
	 {{1, {{0, 0}}}, {2, {{0, 0}}}}, 1, 0,
	 {{1, 0, 0, 0, "天河路1号"}, {2, 0, 0, 0, "中山路2号"}}, 0, true,
	 {{"registered", "2"}, {"declared", "1"}}, {0, 1, -1}, {0}},
	{"property: one home owned by two members is one", CORE_XC_PROPERTY,
	 {{1, {{0, 0}}}, {2, {{0, 0}}}}, 1, 0,
	 {{1, 0, 0, 0, "天河路1号"}, {2, 0, 0, 0, "天河路1号"}}, 0, false,
	 {{NULL, NULL}}, {-1}, {0}},
	{"property: none declared", CORE_XC_PROPERTY, {{1, {{0, 0}}}}, 0, 0,
	 {{9, 0, 0, 0, "别人的房"}, {1, 0, 0, 0, "天河路1号"}}, 0, true,
	 {{"registered", "1"}, {"declared", "0"}}, {1, -1}, {0}},

	{"vehicle: declared", CORE_XC_VEHICLE, {{1, {{0, 0}}}}, 0, 1,
	 {{1, 0, 0, 0, "粤A12345"}}, 0, false, {{NULL, NULL}}, {-1}, {0}},
	{"vehicle: one declared, two registered", CORE_XC_VEHICLE,
	 {{1, {{0, 0}}}}, 0, 1, {{1, 0, 0, 0, "粤A12345"}, {1, 0, 0, 0, "粤B0001"}},
	 0, true, {{"registered", "2"}, {"declared", "1"}}, {0, 1, -1}, {0}},
	{"vehicle: none declared", CORE_XC_VEHICLE, {{1, {{0, 0}}}}, 0, 0,
	 {{1, 0, 0, 0, "粤A12345"}}, 0, true, {{"declared", "0"}}, {0, -1}, {0}},

	{"business: no business income", CORE_XC_BUSINESS,
	 {{1, {{CORE_INCOME_WAGES, 100000}}}, {2, {{0, 0}}}}, 0, 0,
	 {{2, 0, 0, 0, "小卖部"}}, 0, true,
	 {{"registered", "1"}, {"declared_business_income", "0.00"}}, {0, -1},
	 {0}},
	{"business: another member declares business income", CORE_XC_BUSINESS,
	 {{1, {{CORE_INCOME_BUSINESS, 120000}}}, {2, {{0, 0}}}}, 0, 0,
	 {{2, 0, 0, 0, "小卖部"}}, 0, false, {{NULL, NULL}}, {-1}, {0}},
	{"business: a stranger's business", CORE_XC_BUSINESS, {{1, {{0, 0}}}},
	 0, 0, {{9, 0, 0, 0, "小卖部"}}, 0, false, {{NULL, NULL}}, {-1}, {0}},

	{"social insurance: base equal to wages", CORE_XC_SOCIAL_INSURANCE,
	 {{1, {{CORE_INCOME_WAGES, 200000}}}}, 0, 0, {{1, 2026, 5, 200000, NULL}},
	 0, false, {{NULL, NULL}}, {-1}, {0}},
	{"social insurance: a fen above the wages", CORE_XC_SOCIAL_INSURANCE,
	 {{1, {{CORE_INCOME_WAGES, 150000}, {CORE_INCOME_WAGES, 50000}}}}, 0, 0,
	 {{1, 2026, 5, 200000, NULL}, {1, 2026, 6, 200001, NULL}}, 0, true,
	 {{"rows_above", "1"}, {"members_above", "1"}}, {1, -1}, {200000}},
	/* a flexible worker chooses their own base: it is set against what
	 * they declare earning that way, and business income counts too */
	{"social insurance: a flexible worker's base equal to the declared flexible income",
	 CORE_XC_SOCIAL_INSURANCE,
	 {{1, {{CORE_INCOME_FLEXIBLE_WORK, 250000}}}}, 0, 0,
	 {{1, 2026, 5, 250000, NULL}}, 0, false, {{NULL, NULL}}, {-1}, {0}},
	{"social insurance: a base above the wages, within wages and business",
	 CORE_XC_SOCIAL_INSURANCE,
	 {{1, {{CORE_INCOME_WAGES, 100000}, {CORE_INCOME_BUSINESS, 100000}}}}, 0, 0,
	 {{1, 2026, 5, 200000, NULL}}, 0, false, {{NULL, NULL}}, {-1}, {0}},
	{"social insurance: a fen above wages and flexible work together (a pension is not earned)",
	 CORE_XC_SOCIAL_INSURANCE,
	 {{1, {{CORE_INCOME_WAGES, 100000}, {CORE_INCOME_FLEXIBLE_WORK, 50000},
	       {CORE_INCOME_PENSION, 900000}}}}, 0, 0,
	 {{1, 2026, 5, 150001, NULL}}, 0, true,
	 {{"rows_above", "1"}, {"members_above", "1"}}, {0, -1}, {150000}},
	{"social insurance: no wages declared count as 0",
	 CORE_XC_SOCIAL_INSURANCE,
	 {{1, {{CORE_INCOME_WAGES, 300000}}}, {2, {{CORE_INCOME_PENSION, 300000}}}},
	 0, 0, {{1, 2026, 5, 300000, NULL}, {2, 2026, 5, 1, NULL}}, 0, true,
	 {{"rows_above", "1"}, {"members_above", "1"}}, {1, -1}, {0}},

	/* electricity: 150 kWh a person a month; 2 people, 3 months: 900 */
	{"electricity: exactly at the threshold", CORE_XC_ELECTRICITY,
	 {{1, {{0, 0}}}, {2, {{0, 0}}}}, 0, 0,
	 {{1, 2026, 4, 30000, NULL}, {1, 2026, 5, 30000, NULL},
	  {1, 2026, 6, 30000, NULL}},
	 3, false, {{NULL, NULL}}, {-1}, {0}},
	{"electricity: a hundredth above", CORE_XC_ELECTRICITY,
	 {{1, {{0, 0}}}, {2, {{0, 0}}}}, 0, 0,
	 {{1, 2026, 4, 30000, NULL}, {1, 2026, 5, 30000, NULL},
	  {2, 2026, 6, 30001, NULL}, {9, 2026, 6, 1, NULL}},
	 3, true,
	 {{"months", "3"}, {"members", "2"}, {"use_total", "900.01"},
	  {"use_per_person", "150.00"}, {"threshold", "150"}},
	 {0, 1, 2, -1}, {0}},
	{"water: its own threshold (8 m3)", CORE_XC_WATER, {{1, {{0, 0}}}}, 0, 0,
	 {{1, 2026, 6, 801, NULL}}, 1, true, {{"threshold", "8"}}, {0, -1}, {0}},
	{"gas: 0 is not checked", CORE_XC_GAS, {{1, {{0, 0}}}}, 0, 0,
	 {{1, 2026, 6, 100000000, NULL}}, 1, false, {{NULL, NULL}}, {-1}, {0}},
};

static void build_household(core_household *h, size_t c)
{
	core_household_init(h);
	snprintf(h->region, sizeof(h->region), "440106");
	for (size_t i = 0; i < MAXM; i++) {
		const member_spec *ms = &rule_cases[c].members[i];
		core_member *m;
		if (!ms->person)
			break;
		m = core_household_add_member(h, NULL);
		assert_non_null(m);
		person(ms->person, m->id_number);
		snprintf(m->name, sizeof(m->name), "member %zu", i);
		m->relation = i ? CORE_REL_CHILD : CORE_REL_HEAD;
		for (size_t k = 0; k < MAXI && ms->inc[k].monthly; k++) {
			m->incomes[k].source = ms->inc[k].src;
			m->incomes[k].monthly = ms->inc[k].monthly;
			m->n_incomes++;
		}
	}
	h->homes = rule_cases[c].homes;
	for (int i = 0; i < rule_cases[c].vehicles; i++)
		snprintf(core_household_add_vehicle(h, NULL)->description,
		         CORE_TEXT_MAX, "vehicle %d", i);
}

static size_t build_rows(core_xc_row *rows, size_t c)
{
	size_t n = 0;
	for (; n < MAXR && rule_cases[c].rows[n].person; n++) {
		const row_spec *rs = &rule_cases[c].rows[n];
		memset(&rows[n], 0, sizeof(rows[n]));
		rows[n].line = (long)n + 2;
		person(rs->person, rows[n].id_number);
		if (rs->year)
			rows[n].period = core_month_make(rs->year, rs->month);
		rows[n].value = rs->value;
		if (rs->desc) {
			snprintf(rows[n].description, sizeof(rows[n].description), "%s",
			         rs->desc);
			rows[n].registered = ymd(2020, 1, 1);
		}
	}
	return n;
}

static void test_rules(void **state)
{
	core_xc_limits lim;
	(void)state;
	memset(&lim, 0, sizeof(lim));
	lim.standard = 116500;
	lim.electricity = 150;
	lim.water = 8;
	lim.gas = 0;
	for (int i = 0; i < CORE_INCOME_COUNT; i++)
		lim.counted[i] = core_income_counted_nationally((core_income_source)i);
	for (size_t c = 0; c < N(rule_cases); c++) {
		core_household h;
		core_xc_row rows[MAXR];
		core_xc_flag f;
		ds_error err;
		bool raised = !rule_cases[c].raised;
		size_t n, ne = 0;
		const char *what = rule_cases[c].what;

		build_household(&h, c);
		n = build_rows(rows, c);
		assert_int_equal(core_crosscheck(&h, rule_cases[c].src, rows, n,
		                                 rule_cases[c].months, &lim, &raised,
		                                 &f, &err),
		                 DS_OK);
		if (raised != rule_cases[c].raised)
			fail_msg("%s: raised %d, want %d", what, raised,
			         rule_cases[c].raised);
		assert_int_equal(f.source, rule_cases[c].src);
		assert_int_equal(f.rule, core_xc_source_rule(rule_cases[c].src));
		if (!raised) {
			assert_int_equal(f.n_evidence, 0);
			assert_null(f.evidence);
			assert_int_equal(f.n_figures, 0);
		}
		for (size_t k = 0; k < N(rule_cases[c].figs) && rule_cases[c].figs[k].name; k++) {
			const char *got = core_xc_figure(&f, rule_cases[c].figs[k].name);
			if (!got || strcmp(got, rule_cases[c].figs[k].value) != 0)
				fail_msg("%s: %s = %s, want %s", what,
				         rule_cases[c].figs[k].name, got ? got : "(none)",
				         rule_cases[c].figs[k].value);
		}
		while (rule_cases[c].evidence[ne] >= 0)
			ne++;
		if (f.n_evidence != ne)
			fail_msg("%s: %zu evidence rows, want %zu", what, f.n_evidence,
			         ne);
		for (size_t k = 0; k < ne; k++) {
			const core_xc_evidence *e = &f.evidence[k];
			assert_int_equal(e->row, rule_cases[c].evidence[k]);
			/* the member is the one whose ID number the row has */
			assert_string_equal(h.members[e->member].id_number,
			                    rows[e->row].id_number);
			if (rule_cases[c].src == CORE_XC_SOCIAL_INSURANCE) {
				assert_true(e->has_compared);
				assert_int_equal(e->compared, rule_cases[c].compared[k]);
			} else {
				assert_false(e->has_compared);
			}
		}
		core_xc_flag_free(&f);
		core_xc_flag_free(&f); /* twice is fine */
		core_household_free(&h);
	}
}

/* Figures every raised flag of a rule has, whatever its rows. */
static void test_rule_figures(void **state)
{
	static const struct {
		core_xc_source src;
		const char *names[CORE_XC_FIGURES];
	} want[] = {
		{CORE_XC_BANK,
		 {"months", "inflow_total", "inflow_average", "declared_income",
		  "declared_counted", "declared_not_counted", "standard", "members",
		  "standard_times_members", "limit"}},
		{CORE_XC_ELECTRICITY,
		 {"months", "members", "use_total", "use_per_person", "threshold"}},
	};
	(void)state;
	for (size_t w = 0; w < N(want); w++)
		for (size_t c = 0; c < N(rule_cases); c++) {
			core_household h;
			core_xc_row rows[MAXR];
			core_xc_flag f;
			core_xc_limits lim;
			bool raised;
			size_t n;
			if (rule_cases[c].src != want[w].src || !rule_cases[c].raised)
				continue;
			memset(&lim, 0, sizeof(lim));
			lim.standard = 116500;
			lim.electricity = 150;
			build_household(&h, c);
			n = build_rows(rows, c);
			assert_int_equal(core_crosscheck(&h, want[w].src, rows, n,
			                                 rule_cases[c].months, &lim,
			                                 &raised, &f, NULL),
			                 DS_OK);
			assert_true(raised);
			for (int k = 0; k < CORE_XC_FIGURES && want[w].names[k]; k++)
				if (!core_xc_figure(&f, want[w].names[k]))
					fail_msg("%s: no figure %s", rule_cases[c].what,
					         want[w].names[k]);
			assert_null(core_xc_figure(&f, "nonsense"));
			core_xc_flag_free(&f);
			core_household_free(&h);
		}
}

/* An income given by months or by the year is compared as the household
 * declared it: the average of its months, a twelfth of its year — never as
 * 0 (which would flag every such household). */
static void test_declared_by_months_and_year(void **state)
{
	core_household h;
	core_member *m;
	core_income_month *x;
	core_xc_row rows[2];
	core_xc_flag f;
	core_xc_limits lim;
	bool raised;
	(void)state;
	core_household_init(&h);
	snprintf(h.region, sizeof(h.region), "440106");
	m = core_household_add_member(&h, NULL);
	assert_non_null(m);
	person(1, m->id_number);
	m->relation = CORE_REL_HEAD;
	m->incomes[0].source = CORE_INCOME_FLEXIBLE_WORK;
	m->incomes[0].basis = CORE_BASIS_MONTHS;
	m->incomes[1].source = CORE_INCOME_AGRICULTURE;
	m->incomes[1].basis = CORE_BASIS_ANNUAL;
	m->incomes[1].annual = 1200006; /* 1,000.005 a month: 1,000.01 */
	m->n_incomes = 2;
	for (int k = 0; k < 2; k++) {
		assert_non_null(x = core_household_add_income_month(&h, NULL));
		memcpy(x->id_number, m->id_number, CORE_IDNUM_BUF);
		x->source = CORE_INCOME_FLEXIBLE_WORK;
		x->month = core_month_make(2026, 9 + k);
		x->amount = k ? 120000 : 100000; /* averages 1,100.00 */
	}
	assert_int_equal(core_income_declared(&h, m, &m->incomes[0]), 110000);
	assert_int_equal(core_income_declared(&h, m, &m->incomes[1]), 100001);
	memset(&lim, 0, sizeof(lim));
	lim.standard = 116500;
	for (int k = 0; k < 2; k++) {
		memset(&rows[k], 0, sizeof(rows[k]));
		rows[k].line = k + 2;
		person(1, rows[k].id_number);
		rows[k].period = core_month_make(2026, 9 + k);
		/* 2,100.01 declared + 1,165.00 = 3,265.01 a month: at the limit */
		rows[k].value = 326501;
	}
	assert_int_equal(core_crosscheck(&h, CORE_XC_BANK, rows, 2, 2, &lim, &raised, &f, NULL),
	                 DS_OK);
	assert_false(raised);
	core_xc_flag_free(&f);
	rows[1].value += 2; /* a fen a month above it on average */
	assert_int_equal(core_crosscheck(&h, CORE_XC_BANK, rows, 2, 2, &lim, &raised, &f, NULL),
	                 DS_OK);
	assert_true(raised);
	assert_string_equal(core_xc_figure(&f, "declared_income"), "2100.01");
	core_xc_flag_free(&f);
	core_household_free(&h);
}

static void test_rules_edges(void **state)
{
	core_household h;
	core_xc_row rows[3];
	core_xc_flag f;
	core_xc_limits lim;
	ds_error err;
	bool raised = true;
	(void)state;
	memset(&lim, 0, sizeof(lim));
	lim.standard = 116500;
	lim.electricity = 1;
	core_household_init(&h);
	/* no members, no rows: nothing fires */
	assert_int_equal(core_crosscheck(&h, CORE_XC_BANK, NULL, 0, 1, &lim,
	                                 &raised, &f, &err),
	                 DS_OK);
	assert_false(raised);
	core_xc_flag_free(&f);
	/* an unknown source */
	assert_int_equal(core_crosscheck(&h, (core_xc_source)99, NULL, 0, 1, &lim,
	                                 &raised, &f, &err),
	                 DS_EUSAGE);
	assert_false(raised);
	core_xc_flag_free(&f);
	/* values at the largest a row may hold, summed past int64: the sum
	 * saturates and the rule still fires */
	person(1, core_household_add_member(&h, NULL)->id_number);
	memset(rows, 0, sizeof(rows));
	for (int i = 0; i < 3; i++) {
		person(1, rows[i].id_number);
		rows[i].period = core_month_make(2026, 1 + i);
		rows[i].value = INT64_MAX / 2;
	}
	assert_int_equal(core_crosscheck(&h, CORE_XC_BANK, rows, 3, 3, &lim,
	                                 &raised, &f, &err),
	                 DS_OK);
	assert_true(raised);
	core_xc_flag_free(&f);
	assert_int_equal(core_crosscheck(&h, CORE_XC_ELECTRICITY, rows, 3, 3,
	                                 &lim, &raised, &f, &err),
	                 DS_OK);
	assert_true(raised);
	core_xc_flag_free(&f);
	/* a threshold so large its product overflows: nothing fires */
	lim.electricity = INT32_MAX;
	rows[0].value = 1;
	assert_int_equal(core_crosscheck(&h, CORE_XC_ELECTRICITY, rows, 1,
	                                 INT32_MAX, &lim, &raised, &f, &err),
	                 DS_OK);
	assert_false(raised);
	core_xc_flag_free(&f);
	core_xc_flag_free(NULL);
	core_household_free(&h);
}

/* ---- the province's finding ------------------------------------------------- */

static void test_elsewhere(void **state)
{
	core_household h;
	core_xc_flag f;
	ds_error err;
	core_member *m;
	(void)state;
	core_household_init(&h);
	for (int i = 0; i < 2; i++) {
		m = core_household_add_member(&h, NULL);
		assert_non_null(m);
		person(i + 1, m->id_number);
		m->relation = i ? CORE_REL_CHILD : CORE_REL_HEAD;
	}
	assert_int_equal(core_xc_elsewhere(&h, 1, core_month_make(2026, 11), "440105",
	                                   "096e0r86gtz4", &f, &err), DS_OK);
	assert_int_equal(f.rule, CORE_XC_RULE_ENROLLED_ELSEWHERE);
	assert_string_equal(core_xc_rule_id(f.rule), "enrolled_elsewhere");
	assert_int_equal(f.n_figures, 3);
	assert_string_equal(core_xc_figure(&f, "month"), "2026-11");
	assert_string_equal(core_xc_figure(&f, "other_county"), "440105");
	assert_string_equal(core_xc_figure(&f, "other_household"), "096e0r86gtz4");
	assert_int_equal(f.n_evidence, 1);
	assert_int_equal(f.evidence[0].member, 1);
	core_xc_flag_free(&f);

	/* not a member; a county that is not six digits; an id that is not
	 * letters and digits: each names its field, nothing made */
	assert_int_equal(core_xc_elsewhere(&h, 2, core_month_make(2026, 11), "440105",
	                                   "096e0r86gtz4", &f, &err), DS_EINPUT);
	assert_string_equal(err.where, "member");
	assert_null(f.evidence);
	assert_int_equal(core_xc_elsewhere(&h, 0, core_month_make(2026, 11), "44010",
	                                   "096e0r86gtz4", &f, &err), DS_EINPUT);
	assert_string_equal(err.where, "county");
	assert_int_equal(core_xc_elsewhere(&h, 0, core_month_make(2026, 11), "44010x",
	                                   "096e0r86gtz4", &f, &err), DS_EINPUT);
	assert_string_equal(err.where, "county");
	assert_int_equal(core_xc_elsewhere(&h, 0, core_month_make(2026, 11), "440105",
	                                   "096e-r86gtz4", &f, &err), DS_EINPUT);
	assert_string_equal(err.where, "household");
	assert_int_equal(core_xc_elsewhere(&h, 0, core_month_make(2026, 11), "440105",
	                                   "", &f, &err), DS_EINPUT);
	assert_string_equal(err.where, "household");
	assert_int_equal(core_xc_elsewhere(NULL, 0, core_month_make(2026, 11), "440105",
	                                   "096e0r86gtz4", &f, &err), DS_EINPUT);
	core_household_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identifiers),
		cmocka_unit_test(test_column_lookup),
		cmocka_unit_test(test_header_map),
		cmocka_unit_test(test_decimal),
		cmocka_unit_test(test_row_parse),
		cmocka_unit_test(test_row_values),
		cmocka_unit_test(test_months_and_members),
		cmocka_unit_test(test_limits_from_policy),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_rule_figures),
		cmocka_unit_test(test_rules_edges),
		cmocka_unit_test(test_declared_by_months_and_year),
		cmocka_unit_test(test_elsewhere),
	};
	return cmocka_run_group_tests_name("crosscheck", tests, NULL, NULL);
}
