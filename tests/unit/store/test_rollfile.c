/* test_rollfile.c — the payment roll's files (store/rollfile.c) from a
 * roll built by hand: three lines over two townships, a payee's name
 * with a comma and quotes, a household without an account, a negative
 * adjustment. The sums helpers; the CSV's bytes (BOM, header, quoting,
 * the totals), its headers through tr, GB18030 converted back; the JSON
 * read back; the workbook unzipped (sheets, values, sheet names made
 * valid) and written atomically; write errors; text not UTF-8 refused
 * before anything is written; an empty roll. With ROLLFILE_KEEP=dir
 * the files are left there (for tests/e2e/rollcheck.py). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <iconv.h>
#include <jansson.h>
#include <sys/stat.h>

#include "storetest.h"
#include "store/csvfile.h"
#include "store/payroll.h"

/* ---- the roll --------------------------------------------------------------- */

#define PAYEE_ODD "王秀英,\"代领人\"李四"
#define PAYEE_ODD_CSV "\"王秀英,\"\"代领人\"\"李四\""

static void area(core_area *a, const char *code, const char *name)
{
	snprintf(a->code, sizeof(a->code), "%s", code);
	snprintf(a->name, sizeof(a->name), "%s", name);
}

static void row_make(store_rollrow *r, const char *hh, int town,
                     const char *head, const char *head_id, int members,
                     const char *payee, const char *bank, const char *account)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->household, sizeof(r->household), "%s", hh);
	if (town == 0) {
		area(&r->township, "440106001", "石牌街道");
		area(&r->village, "440106001001", "龙口社区");
	} else {
		area(&r->township, "440106002", "天河南街道");
		area(&r->village, "440106002003", "天河村");
	}
	snprintf(r->head, sizeof(r->head), "%s", head);
	snprintf(r->head_id, sizeof(r->head_id), "%s", head_id);
	r->members = members;
	snprintf(r->payee.name, sizeof(r->payee.name), "%s", payee);
	snprintf(r->payee.bank, sizeof(r->payee.bank), "%s", bank);
	snprintf(r->payee.account, sizeof(r->payee.account), "%s", account);
}

static void line_make(store_rollrow *r, core_payline_kind kind,
                      core_month m, core_fen allowance, core_fen topups,
                      int k, int n, const char *ref)
{
	r->line.kind = kind;
	r->line.month = m;
	r->line.allowance = allowance;
	r->line.topups = topups;
	r->line.amount = allowance + topups;
	r->line.k = k;
	r->line.n = n;
	snprintf(r->line.ref, sizeof(r->line.ref), "%s", ref);
}

typedef struct {
	store_roll r;
	store_rollrow rows[3];
	store_rollarea townships[2], villages[2];
} roll_fixture;

/* The roll for 2026-03, issued, with its sums from the helpers (and one
 * stopped household in 天河村, which has no line). */
static void roll_make(roll_fixture *f)
{
	memset(f, 0, sizeof(*f));
	row_make(&f->rows[0], "a1b2c3d4e5f6", 0, "王秀英", "440106195001011236",
	         3, PAYEE_ODD, "中国农业银行", "6228480402564890018");
	line_make(&f->rows[0], CORE_PAYLINE_REGULAR, core_month_make(2026, 3),
	          106500, 10000, 0, 0, "0a1b2c3d:1:17");
	row_make(&f->rows[1], "b2c3d4e5f6a1", 0, "李建国", "44010619620202123X",
	         1, "李建国", "", "");
	line_make(&f->rows[1], CORE_PAYLINE_WITHDRAWAL, core_month_make(2026, 3),
	          50000, 0, 2, 6, "0a1b2c3d:1:21");
	row_make(&f->rows[2], "c3d4e5f6a1b2", 1, "张伟", "440106198003033334", 2,
	         "张伟", "中国工商银行", "6222020200112233445");
	line_make(&f->rows[2], CORE_PAYLINE_ADJUSTMENT, core_month_make(2026, 1),
	          -1250, 0, 0, 0, "0a1b2c3d:1:30");

	for (int t = 0; t < 2; t++) {
		f->townships[t].area = f->rows[t ? 2 : 0].township;
		f->villages[t].area = f->rows[t ? 2 : 0].village;
		snprintf(f->villages[t].township, sizeof(f->villages[t].township),
		         "%s", f->rows[t ? 2 : 0].township.code);
	}
	for (int i = 0; i < 3; i++)
		store_roll_sum_add(&f->villages[i == 2].sum, &f->rows[i], true);
	f->villages[1].sum.stopped = 1;
	for (int t = 0; t < 2; t++) {
		store_roll_sum_merge(&f->townships[t].sum, &f->villages[t].sum);
		store_roll_sum_merge(&f->r.county, &f->townships[t].sum);
	}

	f->r.month = core_month_make(2026, 3);
	f->r.issued = true;
	f->r.upto = 42;
	snprintf(f->r.issued_by, sizeof(f->r.issued_by), "zhao");
	f->r.issued_on = core_date_from_ymd(2026, 4, 2);
	for (int i = 0; i < 32; i++)
		f->r.hash[i] = (unsigned char)(i * 7 + 1);
	f->r.rows = f->rows;
	f->r.n = 3;
	f->r.townships = f->townships;
	f->r.n_townships = 2;
	f->r.villages = f->villages;
	f->r.n_villages = 2;
}

/* ---- helpers -------------------------------------------------------------- */

/* Chinese words for the test, as the front end's gettext would give. */
static const char *tr_zh(const char *msgid)
{
	static const char *const t[][2] = {
		{"township code", "乡镇代码"},
		{"township name", "乡镇"},
		{"household ID", "家庭编号"},
		{"regular allowance", "按月低保金"},
		{"county total", "全县合计"},
		{"%s: lines", "%s笔数"},
		{"Summary", "汇总"},
	};
	for (size_t i = 0; i < N(t); i++)
		if (strcmp(msgid, t[i][0]) == 0)
			return t[i][1];
	return msgid;
}

/* The CSV as bytes (malloc'd, NUL-terminated). */
static char *csv_of(const store_roll *r, store_roll_encoding enc,
                    store_tr_fn tr, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	ds_error e = {0};
	FILE *f = open_memstream(&buf, &n);
	assert_non_null(f);
	assert_ok(store_roll_csv(r, f, enc, tr, &e), &e);
	assert_int_equal(fclose(f), 0);
	*len = n;
	return buf;
}

/* Converts between encodings with iconv; malloc'd, NUL-terminated. */
static char *convert(const char *to, const char *from, const char *in,
                     size_t len, size_t *outlen)
{
	iconv_t cd = iconv_open(to, from);
	size_t cap = 4 * len + 4, left = cap;
	char *out = malloc(cap + 1), *o = out, *i = (char *)in;
	assert_true(cd != (iconv_t)-1);
	assert_non_null(out);
	assert_true(iconv(cd, &i, &len, &o, &left) != (size_t)-1);
	iconv_close(cd);
	*outlen = (size_t)(o - out);
	*o = '\0';
	return out;
}

/* Leaves a copy of a file's bytes in $ROLLFILE_KEEP, when set. */
static void keep(const char *name, const char *data, size_t len)
{
	const char *dir = getenv("ROLLFILE_KEEP");
	char path[PATH_MAX];
	FILE *f;
	if (!dir || !*dir)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* The output of a shell command (malloc'd). */
static char *run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;
	assert_non_null(p);
	do {
		if (n + 4096 + 1 > cap) {
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		r = fread(buf + n, 1, 4096, p);
		n += r;
	} while (r > 0);
	buf[n] = '\0';
	if (pclose(p) != 0)
		fail_msg("%s failed", cmd);
	return buf;
}

/* ---- the sums --------------------------------------------------------------- */

static void test_sums(void **state)
{
	roll_fixture f;
	const store_rollsum *v0, *t1, *c;
	(void)state;
	roll_make(&f);
	v0 = &f.villages[0].sum;
	assert_int_equal(v0->households, 2);
	assert_int_equal(v0->lines, 2);
	assert_int_equal(v0->by_kind[CORE_PAYLINE_REGULAR], 1);
	assert_int_equal(v0->by_kind[CORE_PAYLINE_WITHDRAWAL], 1);
	assert_int_equal(v0->by_kind[CORE_PAYLINE_ADJUSTMENT], 0);
	assert_int_equal(v0->amount_by_kind[CORE_PAYLINE_REGULAR], 116500);
	assert_int_equal(v0->amount_by_kind[CORE_PAYLINE_WITHDRAWAL], 50000);
	assert_int_equal(v0->no_account, 1);
	assert_int_equal(v0->total, 166500);
	t1 = &f.townships[1].sum;
	assert_int_equal(t1->households, 1);
	assert_int_equal(t1->by_kind[CORE_PAYLINE_ADJUSTMENT], 1);
	assert_int_equal(t1->amount_by_kind[CORE_PAYLINE_ADJUSTMENT], -1250);
	assert_int_equal(t1->stopped, 1);
	assert_int_equal(t1->no_account, 0);
	assert_int_equal(t1->total, -1250);
	c = &f.r.county;
	assert_int_equal(c->households, 3);
	assert_int_equal(c->lines, 3);
	assert_int_equal(c->stopped, 1);
	assert_int_equal(c->no_account, 1);
	assert_int_equal(c->total, 165250);

	/* A household's second line adds a line, not a household. */
	{
		store_rollsum s = {0};
		store_roll_sum_add(&s, &f.rows[1], true);
		store_roll_sum_add(&s, &f.rows[1], false);
		assert_int_equal(s.households, 1);
		assert_int_equal(s.no_account, 1);
		assert_int_equal(s.lines, 2);
		assert_int_equal(s.by_kind[CORE_PAYLINE_WITHDRAWAL], 2);
		assert_int_equal(s.total, 100000);
	}
}

/* ---- CSV ------------------------------------------------------------------ */

#define HEADER                                                               \
	"township code,township name,village code,village name,household ID,"   \
	"head of household,head's ID number,members,payee name,payee's bank,"   \
	"payee's account,payment kind,month paid for,withdrawal step,"          \
	"allowance,top-ups,amount,decision\r\n"
#define ROW1                                                                 \
	"440106001,石牌街道,440106001001,龙口社区,a1b2c3d4e5f6,王秀英,"         \
	"440106195001011236,3," PAYEE_ODD_CSV ",中国农业银行,"                  \
	"6228480402564890018,regular allowance,2026-03,,1065.00,100.00,"        \
	"1165.00,0a1b2c3d:1:17\r\n"
#define ROW2                                                                 \
	"440106001,石牌街道,440106001001,龙口社区,b2c3d4e5f6a1,李建国,"         \
	"44010619620202123X,1,李建国,,,withdrawal month,2026-03,2/6,500.00,"    \
	"0.00,500.00,0a1b2c3d:1:21\r\n"
#define ROW3                                                                 \
	"440106002,天河南街道,440106002003,天河村,c3d4e5f6a1b2,张伟,"           \
	"440106198003033334,2,张伟,中国工商银行,6222020200112233445,"           \
	"adjustment,2026-01,,-12.50,0.00,-12.50,0a1b2c3d:1:30\r\n"
#define TOTALS_HEADER                                                        \
	"township code,township name,village code,village name,total of,"       \
	"households paid,payment lines,regular allowance: lines,"              \
	"withdrawal month: lines,back pay: lines,adjustment: lines,"           \
	"temporary assistance: illness: lines,"  \
	"temporary assistance: accident: lines,"  \
	"temporary assistance: fire or disaster: lines,"  \
	"temporary assistance: loss of income: lines,"  \
	"temporary assistance: other: lines,"  \
	"regular allowance: amount,withdrawal month: amount,"                  \
	"back pay: amount,adjustment: amount,"                                 \
	"temporary assistance: illness: amount," \
	"temporary assistance: accident: amount," \
	"temporary assistance: fire or disaster: amount," \
	"temporary assistance: loss of income: amount," \
	"temporary assistance: other: amount," \
	"households stopped,"                                                   \
	"households suspended,households without an account,total amount\r\n"
#define TOTALS                                                               \
	"440106001,石牌街道,440106001001,龙口社区,village total,2,2,1,1,0,0,0,0,0,0,0,"   \
	"1165.00,500.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0,0,1,1665.00\r\n"                            \
	"440106001,石牌街道,,,township total,2,2,1,1,0,0,0,0,0,0,0,1165.00,500.00,0.00,"  \
	"0.00,0.00,0.00,0.00,0.00,0.00,0,0,1,1665.00\r\n"                                                \
	"440106002,天河南街道,440106002003,天河村,village total,1,1,0,0,0,1,0,0,0,0,0,"   \
	"0.00,0.00,0.00,-12.50,0.00,0.00,0.00,0.00,0.00,1,0,0,-12.50\r\n"                                \
	"440106002,天河南街道,,,township total,1,1,0,0,0,1,0,0,0,0,0,0.00,0.00,0.00,"     \
	"-12.50,0.00,0.00,0.00,0.00,0.00,1,0,0,-12.50\r\n"                                               \
	",,,,county total,3,3,1,1,0,1,0,0,0,0,0,1165.00,500.00,0.00,-12.50,0.00,0.00,0.00,0.00,0.00,1,0,1,"        \
	"1652.50\r\n"

static void test_csv_utf8(void **state)
{
	roll_fixture f;
	size_t len;
	char *csv;
	const char *want = "\xEF\xBB\xBF" HEADER ROW1 ROW2 ROW3 "\r\n"
	                   TOTALS_HEADER TOTALS;
	(void)state;
	roll_make(&f);
	csv = csv_of(&f.r, STORE_ROLL_UTF8, NULL, &len);
	keep("roll.csv", csv, len);
	assert_memory_equal(csv, "\xEF\xBB\xBF", 3);
	assert_int_equal(len, strlen(csv));
	assert_string_equal(csv, want);

	/* Read back as RFC 4180: the quoted name is whole again. */
	{
		store_csv c;
		ds_error e = {0};
		assert_ok(store_csv_parse((unsigned char *)csv, len, "roll.csv", &c,
		                          &e),
		          &e);
		assert_int_equal(c.encoding, STORE_CSV_UTF8);
		assert_true(c.bom);
		assert_int_equal(c.n_records, 1 + 3 + 1 + 5); /* blank row left out */
		assert_int_equal(c.records[1].n, 18);
		assert_string_equal(c.records[1].fields[8], PAYEE_ODD);
		assert_string_equal(c.records[3].fields[16], "-12.50");
		assert_string_equal(c.records[9].fields[4], "county total");
		assert_string_equal(c.records[9].fields[c.records[9].n - 1],
		                    "1652.50");
		store_csv_free(&c);
	}
	free(csv);
}

static void test_csv_tr(void **state)
{
	roll_fixture f;
	size_t len;
	char *csv;
	(void)state;
	roll_make(&f);
	csv = csv_of(&f.r, STORE_ROLL_UTF8, tr_zh, &len);
	keep("roll-zh.csv", csv, len);
	/* headers, the line's kind, the totals' words, a format */
	assert_true(strncmp(csv, "\xEF\xBB\xBF乡镇代码,乡镇,village code,",
	                    strlen("\xEF\xBB\xBF乡镇代码,乡镇,village code,")) == 0);
	assert_non_null(strstr(csv, ",家庭编号,"));
	assert_non_null(strstr(csv, ",按月低保金,2026-03,,1065.00,"));
	assert_null(strstr(csv, "regular allowance"));
	assert_non_null(strstr(csv, ",payment lines,按月低保金笔数,"));
	assert_non_null(strstr(csv, "\r\n,,,,全县合计,3,3,"));
	free(csv);
}

static void test_csv_gb18030(void **state)
{
	roll_fixture f;
	size_t ulen, glen, back_len;
	char *utf8, *gb, *back;
	(void)state;
	roll_make(&f);
	utf8 = csv_of(&f.r, STORE_ROLL_UTF8, tr_zh, &ulen);
	gb = csv_of(&f.r, STORE_ROLL_GB18030, tr_zh, &glen);
	keep("roll-gb18030.csv", gb, glen);
	/* no BOM: Excel reads GB18030 as the Chinese Windows code page */
	assert_memory_not_equal(gb, "\xEF\xBB\xBF", 3);
	assert_memory_not_equal(gb, "\x84\x31\x95\x33", 4);
	/* 乡镇代码 in GB18030 */
	assert_memory_equal(gb, "\xCF\xE7\xD5\xF2\xB4\xFA\xC2\xEB,", 9);
	/* Chinese takes two bytes, not three */
	assert_true(glen < ulen - 3);
	back = convert("UTF-8", "GB18030", gb, glen, &back_len);
	assert_int_equal(back_len, ulen - 3);
	assert_memory_equal(back, utf8 + 3, ulen - 3);
	free(back);

	/* and store/csvfile reads it as GB18030 */
	{
		store_csv c;
		ds_error e = {0};
		assert_ok(store_csv_parse((unsigned char *)gb, glen, "roll.csv", &c,
		                          &e),
		          &e);
		assert_int_equal(c.encoding, STORE_CSV_GB18030);
		assert_string_equal(c.records[1].fields[8], PAYEE_ODD);
		assert_string_equal(c.records[9].fields[4], "全县合计");
		store_csv_free(&c);
	}
	free(utf8);
	free(gb);
}

static void test_csv_write_error(void **state)
{
	roll_fixture f;
	ds_error e = {0};
	FILE *full = fopen("/dev/full", "w");
	(void)state;
	if (!full)
		skip();
	roll_make(&f);
	assert_status(store_roll_csv(&f.r, full, STORE_ROLL_GB18030, NULL, &e),
	              DS_ESYSTEM, &e);
	assert_string_equal(e.where, "output");
	fclose(full);
	full = fopen("/dev/full", "w");
	assert_status(store_roll_json(&f.r, full, &e), DS_ESYSTEM, &e);
	assert_string_equal(e.where, "output");
	fclose(full);
}

/* ---- JSON ------------------------------------------------------------------- */

static void test_json(void **state)
{
	roll_fixture f;
	char *buf = NULL, hash[65];
	size_t len = 0;
	ds_error e = {0};
	json_error_t je;
	json_t *j, *l, *v, *c;
	FILE *out;
	(void)state;
	roll_make(&f);
	f.r.townships[1].sum.suspended = 4; /* shows which area is which */
	out = open_memstream(&buf, &len);
	assert_non_null(out);
	assert_ok(store_roll_json(&f.r, out, &e), &e);
	assert_int_equal(fclose(out), 0);
	keep("roll.json", buf, len);
	j = json_loadb(buf, len, 0, &je);
	if (!j)
		fail_msg("JSON does not parse: %s", je.text);

	assert_string_equal(json_string_value(json_object_get(j, "month")),
	                    "2026-03");
	assert_true(json_is_true(json_object_get(j, "issued")));
	assert_string_equal(json_string_value(json_object_get(j, "issued_by")),
	                    "zhao");
	assert_string_equal(json_string_value(json_object_get(j, "issued_on")),
	                    "2026-04-02");
	store_hex(hash, f.r.hash, 32);
	assert_string_equal(json_string_value(json_object_get(j, "hash")), hash);

	l = json_object_get(j, "lines");
	assert_int_equal(json_array_size(l), 3);
	v = json_array_get(l, 0);
	assert_string_equal(json_string_value(json_object_get(v, "household")),
	                    "a1b2c3d4e5f6");
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(v, "township"), "name")),
		"石牌街道");
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(v, "village"), "code")),
		"440106001001");
	assert_string_equal(json_string_value(json_object_get(v, "head")), "王秀英");
	assert_string_equal(json_string_value(json_object_get(v, "head_id")),
	                    "440106195001011236");
	assert_int_equal(json_integer_value(json_object_get(v, "members")), 3);
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(v, "payee"), "name")),
		PAYEE_ODD);
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(v, "payee"), "account")),
		"6228480402564890018");
	assert_string_equal(json_string_value(json_object_get(v, "kind")), "regular");
	assert_string_equal(json_string_value(json_object_get(v, "month")), "2026-03");
	assert_true(json_is_null(json_object_get(v, "k")));
	assert_string_equal(json_string_value(json_object_get(v, "allowance")),
	                    "1065.00");
	assert_string_equal(json_string_value(json_object_get(v, "topups")), "100.00");
	assert_string_equal(json_string_value(json_object_get(v, "amount")), "1165.00");
	assert_string_equal(json_string_value(json_object_get(v, "ref")),
	                    "0a1b2c3d:1:17");
	v = json_array_get(l, 1);
	assert_string_equal(json_string_value(json_object_get(v, "kind")),
	                    "withdrawal");
	assert_int_equal(json_integer_value(json_object_get(v, "k")), 2);
	assert_int_equal(json_integer_value(json_object_get(v, "n")), 6);
	v = json_array_get(l, 2);
	assert_string_equal(json_string_value(json_object_get(v, "kind")),
	                    "adjustment");
	assert_string_equal(json_string_value(json_object_get(v, "month")), "2026-01");
	assert_string_equal(json_string_value(json_object_get(v, "amount")), "-12.50");

	v = json_array_get(json_object_get(j, "villages"), 1);
	assert_string_equal(json_string_value(json_object_get(v, "code")),
	                    "440106002003");
	assert_string_equal(json_string_value(json_object_get(v, "township")),
	                    "440106002");
	assert_int_equal(json_integer_value(json_object_get(v, "stopped")), 1);
	assert_int_equal(json_integer_value(
	                         json_object_get(json_object_get(v, "by_kind"), "adjustment")),
	                 1);
	assert_string_equal(json_string_value(json_object_get(
	                            json_object_get(v, "amount_by_kind"), "adjustment")),
	                    "-12.50");
	assert_string_equal(json_string_value(json_object_get(v, "total")), "-12.50");

	assert_int_equal(json_array_size(json_object_get(j, "townships")), 2);
	v = json_array_get(json_object_get(j, "townships"), 1);
	assert_string_equal(json_string_value(json_object_get(v, "name")),
	                    "天河南街道");
	assert_null(json_object_get(v, "township"));
	assert_int_equal(json_integer_value(json_object_get(v, "suspended")), 4);

	c = json_object_get(j, "county");
	assert_int_equal(json_integer_value(json_object_get(c, "households")), 3);
	assert_int_equal(json_integer_value(json_object_get(c, "lines")), 3);
	assert_int_equal(json_integer_value(
	                         json_object_get(json_object_get(c, "by_kind"), "back_pay")),
	                 0);
	assert_string_equal(json_string_value(json_object_get(
	                            json_object_get(c, "amount_by_kind"), "regular")),
	                    "1165.00");
	assert_int_equal(json_integer_value(json_object_get(c, "no_account")), 1);
	assert_string_equal(json_string_value(json_object_get(c, "total")), "1652.50");
	json_decref(j);
	free(buf);

	/* a roll not issued yet: no one issued it */
	f.r.issued = false;
	out = open_memstream(&buf, &len);
	assert_ok(store_roll_json(&f.r, out, &e), &e);
	fclose(out);
	j = json_loadb(buf, len, 0, &je);
	assert_non_null(j);
	assert_true(json_is_false(json_object_get(j, "issued")));
	assert_true(json_is_null(json_object_get(j, "issued_by")));
	assert_true(json_is_null(json_object_get(j, "issued_on")));
	json_decref(j);
	free(buf);
}

/* ---- the workbook ------------------------------------------------------------- */

static size_t entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;
	assert_non_null(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static char *unzip_p(const char *file, const char *member)
{
	char cmd[PATH_MAX + 128];
	snprintf(cmd, sizeof(cmd), "unzip -p '%s' '%s'", file, member);
	return run(cmd);
}

static void test_xlsx(void **state)
{
	roll_fixture f;
	char dir[PATH_MAX], path[PATH_MAX + 16], cmd[PATH_MAX + 64], head[2];
	char *x;
	ds_error e = {0};
	struct stat st;
	FILE *in;
	(void)state;
	roll_make(&f);
	tmpdir_new(dir);
	snprintf(path, sizeof(path), "%s/roll.xlsx", dir);
	assert_ok(store_roll_xlsx(&f.r, path, NULL, &e), &e);

	/* one file, private, a zip */
	assert_int_equal(entries(dir), 1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	in = fopen(path, "rb");
	assert_non_null(in);
	assert_int_equal(fread(head, 1, 2, in), 2);
	fclose(in);
	assert_memory_equal(head, "PK", 2);

	snprintf(cmd, sizeof(cmd), "unzip -l '%s'", path);
	x = run(cmd);
	assert_non_null(strstr(x, "xl/worksheets/sheet1.xml"));
	assert_non_null(strstr(x, "xl/worksheets/sheet2.xml"));
	assert_non_null(strstr(x, "xl/worksheets/sheet3.xml"));
	assert_null(strstr(x, "xl/worksheets/sheet4.xml"));
	free(x);

	x = unzip_p(path, "xl/workbook.xml");
	assert_non_null(strstr(x, "<sheet name=\"Summary\" sheetId=\"1\""));
	assert_non_null(strstr(x, "<sheet name=\"石牌街道\" sheetId=\"2\""));
	assert_non_null(strstr(x, "<sheet name=\"天河南街道\" sheetId=\"3\""));
	free(x);

	/* the summary: the month, the hash, totals as numbers */
	x = unzip_p(path, "xl/worksheets/sheet1.xml");
	assert_non_null(strstr(x, "<t>2026-03</t>"));
	assert_non_null(strstr(x, "<t>issued</t>"));
	assert_non_null(strstr(x, "<t>01080f16"));   /* the hash in hex */
	assert_non_null(strstr(x, "<t>county total</t>"));
	assert_non_null(strstr(x, "<v>1652.5</v>"));
	assert_non_null(strstr(x, "<v>-12.5</v>"));
	assert_non_null(strstr(x, "<v>1665</v>"));
	assert_null(strstr(x, "<f>")); /* no formulas */
	free(x);

	/* a township's lines: text where digits must stay text */
	x = unzip_p(path, "xl/worksheets/sheet2.xml");
	assert_non_null(strstr(x, "<t>6228480402564890018</t>"));
	assert_non_null(strstr(x, "<t>44010619620202123X</t>"));
	assert_non_null(strstr(x, "<t>440106001001</t>"));
	assert_non_null(strstr(x, "<t>2/6</t>"));
	assert_non_null(strstr(x, "<v>1165</v>"));
	assert_non_null(strstr(x, "<v>500</v>"));
	assert_null(strstr(x, "天河村"));
	free(x);
	x = unzip_p(path, "xl/worksheets/sheet3.xml");
	assert_non_null(strstr(x, "<t>天河村</t>"));
	assert_non_null(strstr(x, "<v>-12.5</v>"));
	free(x);

	/* again over it, in Chinese: replaced, still one file */
	assert_ok(store_roll_xlsx(&f.r, path, tr_zh, &e), &e);
	assert_int_equal(entries(dir), 1);
	x = unzip_p(path, "xl/workbook.xml");
	assert_non_null(strstr(x, "<sheet name=\"汇总\""));
	free(x);

	if (getenv("ROLLFILE_KEEP") && *getenv("ROLLFILE_KEEP")) {
		char keep_path[PATH_MAX + 16];
		snprintf(keep_path, sizeof(keep_path), "%s/roll.xlsx",
		         getenv("ROLLFILE_KEEP"));
		assert_ok(store_roll_xlsx(&f.r, keep_path, NULL, &e), &e);
	}
	tmpdir_remove(dir);
}

static void test_xlsx_fails(void **state)
{
	roll_fixture f;
	char dir[PATH_MAX], path[PATH_MAX + 32];
	ds_error e = {0};
	(void)state;
	roll_make(&f);
	tmpdir_new(dir);
	snprintf(path, sizeof(path), "%s/no-such-folder/roll.xlsx", dir);
	assert_status(store_roll_xlsx(&f.r, path, NULL, &e), DS_ESYSTEM, &e);
	assert_string_equal(e.where, path);
	/* a folder where the file should go: nothing left behind */
	snprintf(path, sizeof(path), "%s/roll.xlsx", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_status(store_roll_xlsx(&f.r, path, NULL, &e), DS_ESYSTEM, &e);
	assert_string_equal(e.where, path);
	assert_int_equal(entries(dir), 1);
	tmpdir_remove(dir);
}

static void test_sheet_names(void **state)
{
	static const char *const names[] = {
		"a/b:c?[d]*\\",
		"'引号'",
		"Tianhe District Shipai Subdistrict Office",
		"同名",
		"同名",
		"SUMMARY",
		"",
		"history",
	};
	static const char *const want[] = {
		"Summary",
		"a_b_c__d___",
		"引号",
		"Tianhe District Shipai Subdistr",
		"同名",
		"同名 (2)",
		"SUMMARY (2)",
		"440106007",
		"history (2)",
	};
	store_rollrow rows[N(names)];
	store_roll r;
	char dir[PATH_MAX], path[PATH_MAX + 16];
	char *x, *p;
	ds_error e = {0};
	(void)state;
	memset(&r, 0, sizeof(r));
	for (size_t i = 0; i < N(names); i++) {
		static const char *const codes[] = {
			"440106001", "440106002", "440106003", "440106004",
			"440106005", "440106006", "440106007", "440106008",
		};
		row_make(&rows[i], "a1b2c3d4e5f6", 0, "张伟", "440106198003033334",
		         1, "张伟", "", "");
		area(&rows[i].township, codes[i], names[i]);
		line_make(&rows[i], CORE_PAYLINE_REGULAR, core_month_make(2026, 3),
		          10000, 0, 0, 0, "r");
	}
	r.month = core_month_make(2026, 3);
	r.rows = rows;
	r.n = N(rows);
	tmpdir_new(dir);
	snprintf(path, sizeof(path), "%s/names.xlsx", dir);
	assert_ok(store_roll_xlsx(&r, path, NULL, &e), &e);
	x = unzip_p(path, "xl/workbook.xml");
	p = x;
	for (size_t i = 0; i < N(want); i++) {
		char tag[256];
		snprintf(tag, sizeof(tag), "<sheet name=\"%s\" sheetId=\"%zu\"",
		         want[i], i + 1);
		p = strstr(p, tag);
		if (!p)
			fail_msg("no sheet %s in %s", tag, x);
	}
	free(x);
	tmpdir_remove(dir);
}

/* ---- what is refused, and the empty roll ------------------------------------ */

static void test_not_utf8(void **state)
{
	roll_fixture f;
	char dir[PATH_MAX], path[PATH_MAX + 16], *buf = NULL;
	size_t len = 0;
	ds_error e = {0};
	FILE *out;
	(void)state;
	roll_make(&f);
	snprintf(f.rows[2].head, sizeof(f.rows[2].head), "张\xff");

	for (int enc = 0; enc < 2; enc++) {
		out = open_memstream(&buf, &len);
		assert_non_null(out);
		assert_status(store_roll_csv(&f.r, out, (store_roll_encoding)enc,
		                             NULL, &e),
		              DS_EINPUT, &e);
		fclose(out);
		assert_string_equal(e.where, "c3d4e5f6a1b2.head");
		assert_int_equal(len, 0); /* nothing half written */
		free(buf);
		buf = NULL;
	}
	out = open_memstream(&buf, &len);
	assert_status(store_roll_json(&f.r, out, &e), DS_EINPUT, &e);
	fclose(out);
	assert_string_equal(e.where, "c3d4e5f6a1b2.head");
	assert_int_equal(len, 0);
	free(buf);

	tmpdir_new(dir);
	snprintf(path, sizeof(path), "%s/roll.xlsx", dir);
	assert_status(store_roll_xlsx(&f.r, path, NULL, &e), DS_EINPUT, &e);
	assert_string_equal(e.where, "c3d4e5f6a1b2.head");
	assert_int_equal(entries(dir), 0);

	/* an area's name too */
	roll_make(&f);
	snprintf(f.villages[1].area.name, sizeof(f.villages[1].area.name), "\xc0");
	assert_status(store_roll_xlsx(&f.r, path, NULL, &e), DS_EINPUT, &e);
	assert_string_equal(e.where, "440106002003.name");
	assert_int_equal(entries(dir), 0);
	tmpdir_remove(dir);
}

static void test_empty(void **state)
{
	store_roll r;
	char dir[PATH_MAX], path[PATH_MAX + 16], *csv, *buf = NULL, *x;
	size_t len = 0;
	ds_error e = {0};
	json_t *j;
	FILE *out;
	(void)state;
	memset(&r, 0, sizeof(r));
	r.month = core_month_make(2026, 5);
	csv = csv_of(&r, STORE_ROLL_UTF8, NULL, &len);
	assert_string_equal(csv, "\xEF\xBB\xBF" HEADER "\r\n" TOTALS_HEADER
	                         ",,,,county total,0,0,0,0,0,0,0,0,0,0,0,0.00,0.00,0.00,"
	                         "0.00,0.00,0.00,0.00,0.00,0.00,0,0,0,0.00\r\n");
	free(csv);

	out = open_memstream(&buf, &len);
	assert_ok(store_roll_json(&r, out, &e), &e);
	fclose(out);
	j = json_loadb(buf, len, 0, NULL);
	assert_non_null(j);
	assert_int_equal(json_array_size(json_object_get(j, "lines")), 0);
	assert_true(json_is_array(json_object_get(j, "townships")));
	assert_string_equal(json_string_value(json_object_get(
	                            json_object_get(j, "county"), "total")),
	                    "0.00");
	json_decref(j);
	free(buf);

	tmpdir_new(dir);
	snprintf(path, sizeof(path), "%s/empty.xlsx", dir);
	assert_ok(store_roll_xlsx(&r, path, NULL, &e), &e);
	x = unzip_p(path, "xl/workbook.xml");
	assert_non_null(strstr(x, "<sheet name=\"Summary\" sheetId=\"1\""));
	assert_null(strstr(x, "sheetId=\"2\""));
	free(x);
	x = unzip_p(path, "xl/worksheets/sheet1.xml");
	assert_non_null(strstr(x, "<t>not issued</t>"));
	free(x);
	tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sums),
		cmocka_unit_test(test_csv_utf8),
		cmocka_unit_test(test_csv_tr),
		cmocka_unit_test(test_csv_gb18030),
		cmocka_unit_test(test_csv_write_error),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_xlsx),
		cmocka_unit_test(test_xlsx_fails),
		cmocka_unit_test(test_sheet_names),
		cmocka_unit_test(test_not_utf8),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests_name("rollfile", tests, NULL, NULL);
}
