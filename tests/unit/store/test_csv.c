/* test_csv.c — reading CSV extracts (store/csvfile): encoding detection
 * (UTF-8, GB18030 with and without its BOM, neither), conversion of
 * Chinese headers from known GB18030 bytes, RFC 4180 records (quoted
 * commas, line breaks, "" escapes), CRLF, LF and CR line ends, the line
 * each record starts on, and the files refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/csvfile.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Known GB18030 encodings of the Chinese headers. */
#define GB_ID "\xC9\xED\xB7\xDD\xD6\xA4\xBA\xC5"     /* 身份证号 */
#define GB_PERIOD "\xC6\xDA\xBC\xE4"                 /* 期间 */
#define GB_AMOUNT "\xBD\xF0\xB6\xEE"                 /* 金额 */
#define GB_VALUE "\xCA\xFD\xD6\xB5"                  /* 数值 */
#define GB_DESC "\xC3\xE8\xCA\xF6"                   /* 描述 */
#define GB_REGISTERED "\xB5\xC7\xBC\xC7\xC8\xD5\xC6\xDA" /* 登记日期 */
#define GB_NAME "\xCD\xF5\xD0\xE3\xD3\xA2"           /* 王秀英 */
#define GB_YEN "\x81\x30\x84\x36"                    /* ¥, four bytes */
#define GB_SMILE "\x94\x39\xFC\x36"                  /* U+1F600, four bytes */
#define GB_BOM "\x84\x31\x95\x33"
#define UTF8_BOM "\xEF\xBB\xBF"

/* A string literal with its length (it may hold NUL bytes). */
#define BYTES(s) (s), sizeof(s) - 1

/* ---- decoding ---------------------------------------------------------------- */

static const struct {
	const char *what;
	const char *in;
	size_t len;
	const char *out; /* NULL: refused */
	store_csv_encoding enc;
	bool bom;
	const char *where; /* when refused */
} decode_cases[] = {
	{"nothing", BYTES(""), "", STORE_CSV_UTF8, false, NULL},
	{"ASCII", BYTES("a,b\n1,2\n"), "a,b\n1,2\n", STORE_CSV_UTF8, false, NULL},
	{"UTF-8", BYTES("身份证号,期间\n"), "身份证号,期间\n", STORE_CSV_UTF8, false,
	 NULL},
	{"UTF-8 with its BOM", BYTES(UTF8_BOM "id_number\n"), "id_number\n",
	 STORE_CSV_UTF8, true, NULL},
	{"only a UTF-8 BOM", BYTES(UTF8_BOM), "", STORE_CSV_UTF8, true, NULL},
	{"GB18030 with its BOM", BYTES(GB_BOM GB_ID "," GB_PERIOD "\r\n"),
	 "身份证号,期间\r\n", STORE_CSV_GB18030, true, NULL},
	{"GB18030 without a BOM",
	 BYTES(GB_ID "," GB_PERIOD "," GB_AMOUNT "," GB_VALUE "," GB_DESC
	       "," GB_REGISTERED "\n"),
	 "身份证号,期间,金额,数值,描述,登记日期\n", STORE_CSV_GB18030, false, NULL},
	{"GB18030 four-byte sequences", BYTES(GB_NAME GB_YEN GB_SMILE "\n"),
	 "王秀英¥😀\n", STORE_CSV_GB18030, false, NULL},
	{"ASCII after a GB18030 BOM", BYTES(GB_BOM "a,b\n"), "a,b\n",
	 STORE_CSV_GB18030, true, NULL},
	{"neither, on line 3", BYTES("a\nb\n\x80\x80\n"), NULL, STORE_CSV_GB18030,
	 false, "f.csv:3"},
	{"a GB18030 character cut at the end", BYTES("a\n" GB_ID "\xC9"), NULL,
	 STORE_CSV_GB18030, false, "f.csv:2"},
	{"the UTF-8 BOM, then not UTF-8 on line 2", BYTES(UTF8_BOM "a\n" GB_ID "\n"),
	 NULL, STORE_CSV_UTF8, true, "f.csv:2"},
	{"a NUL byte on line 2", BYTES("a\nb\0c\n"), NULL, STORE_CSV_UTF8, false,
	 "f.csv:2"},
	{"a NUL byte in GB18030 text", BYTES(GB_ID "\n\n\0"), NULL,
	 STORE_CSV_GB18030, false, "f.csv:3"},
};

static void test_decode(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(decode_cases); i++) {
		char *out = (char *)1;
		size_t len = 99;
		store_csv_encoding enc;
		bool bom;
		ds_error err;
		ds_status st = store_csv_decode(
		        (const unsigned char *)decode_cases[i].in, decode_cases[i].len,
		        "f.csv", &out, &len, &enc, &bom, &err);
		const char *what = decode_cases[i].what;
		if (decode_cases[i].out) {
			if (st)
				fail_msg("%s: refused: %s", what, err.fmt);
			if (strcmp(out, decode_cases[i].out) != 0)
				fail_msg("%s: \"%s\", want \"%s\"", what, out,
				         decode_cases[i].out);
			assert_int_equal(len, strlen(decode_cases[i].out));
			free(out);
		} else {
			if (st != DS_EINPUT)
				fail_msg("%s: status %d, want refused", what, st);
			assert_null(out);
			assert_int_equal(len, 0);
			if (strcmp(err.where, decode_cases[i].where) != 0)
				fail_msg("%s: where \"%s\", want \"%s\"", what, err.where,
				         decode_cases[i].where);
		}
		if (enc != decode_cases[i].enc)
			fail_msg("%s: encoding %s", what, store_csv_encoding_id(enc));
		assert_int_equal(bom, decode_cases[i].bom);
	}
	assert_string_equal(store_csv_encoding_id(STORE_CSV_UTF8), "utf-8");
	assert_string_equal(store_csv_encoding_id(STORE_CSV_GB18030), "gb18030");
}

/* ---- records ----------------------------------------------------------------- */

#define MAXREC 6
#define MAXFLD 5

typedef struct {
	long line;
	const char *f[MAXFLD]; /* NULL ends */
} want_rec;

static const struct {
	const char *what;
	const char *in;
	size_t len;
	want_rec recs[MAXREC]; /* line 0 ends */
	store_csv_encoding enc;
	bool bom;
} parse_cases[] = {
	{"LF", BYTES("id_number,period\nA,2026-05\nB,2026-06\n"),
	 {{1, {"id_number", "period"}}, {2, {"A", "2026-05"}}, {3, {"B", "2026-06"}}},
	 STORE_CSV_UTF8, false},
	{"CRLF, no line end at the end",
	 BYTES("id_number,period\r\nA,2026-05\r\nB,2026-06"),
	 {{1, {"id_number", "period"}}, {2, {"A", "2026-05"}}, {3, {"B", "2026-06"}}},
	 STORE_CSV_UTF8, false},
	{"CR alone (old Mac files)", BYTES("a,b\r1,2\r3,4\r"),
	 {{1, {"a", "b"}}, {2, {"1", "2"}}, {3, {"3", "4"}}}, STORE_CSV_UTF8,
	 false},
	{"a quoted comma", BYTES("a,b\n\"x, y\",z\n"),
	 {{1, {"a", "b"}}, {2, {"x, y", "z"}}}, STORE_CSV_UTF8, false},
	{"quotes written twice", BYTES("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n"),
	 {{1, {"a", "b"}}, {2, {"say \"hi\"", "\""}}}, STORE_CSV_UTF8, false},
	{"a line break in a quoted field, and the lines after it",
	 BYTES("a,b\n1,\"two\nlines\"\n3,4\n"),
	 {{1, {"a", "b"}}, {2, {"1", "two\nlines"}}, {4, {"3", "4"}}},
	 STORE_CSV_UTF8, false},
	{"CRLF inside a quoted field", BYTES("a,b\r\n\"x\r\ny\r\nz\",w\r\nq,r\r\n"),
	 {{1, {"a", "b"}}, {2, {"x\r\ny\r\nz", "w"}}, {5, {"q", "r"}}},
	 STORE_CSV_UTF8, false},
	{"blank lines and empty rows are left out, lines still counted",
	 BYTES("\n  \na,b\n\n,\n \t\n1,2\n,,\n"),
	 {{3, {"a", "b"}}, {7, {"1", "2"}}}, STORE_CSV_UTF8, false},
	{"spaces around unquoted fields; kept inside quotes",
	 BYTES("a , b\n 1 ,\" 2 \"\n"), {{1, {"a", "b"}}, {2, {"1", " 2 "}}},
	 STORE_CSV_UTF8, false},
	{"empty fields", BYTES("a,b,c\n,x,\n"), {{1, {"a", "b", "c"}}, {2, {"", "x", ""}}},
	 STORE_CSV_UTF8, false},
	{"rows of different lengths are kept as they are",
	 BYTES("a,b\n1\n1,2,3\n"), {{1, {"a", "b"}}, {2, {"1"}}, {3, {"1", "2", "3"}}},
	 STORE_CSV_UTF8, false},
	{"a UTF-8 BOM", BYTES(UTF8_BOM "id_number,value\n1,2\n"),
	 {{1, {"id_number", "value"}}, {2, {"1", "2"}}}, STORE_CSV_UTF8, true},
	{"GB18030, its BOM, CRLF: the Chinese headers",
	 BYTES(GB_BOM GB_ID "," GB_PERIOD "," GB_AMOUNT "\r\n"
	       "11010519491231002X,2026-05,\"9,000.00\"\r\n"),
	 {{1, {"身份证号", "期间", "金额"}}, {2, {"11010519491231002X", "2026-05", "9,000.00"}}},
	 STORE_CSV_GB18030, true},
	{"GB18030 without a BOM: registries",
	 BYTES(GB_ID "," GB_DESC "," GB_REGISTERED "," GB_VALUE "\n"
	       "11010519491231002X,\"" GB_NAME ", " GB_YEN "\",2019-03-02,1\n"),
	 {{1, {"身份证号", "描述", "登记日期", "数值"}},
	  {2, {"11010519491231002X", "王秀英, ¥", "2019-03-02", "1"}}},
	 STORE_CSV_GB18030, false},
};

static void test_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(parse_cases); i++) {
		store_csv csv;
		ds_error err;
		size_t nrec = 0;
		const char *what = parse_cases[i].what;
		ds_status st = store_csv_parse((const unsigned char *)parse_cases[i].in,
		                               parse_cases[i].len, "f.csv", &csv, &err);
		if (st)
			fail_msg("%s: refused: %s: %s", what, err.where, err.fmt);
		while (nrec < MAXREC && parse_cases[i].recs[nrec].line)
			nrec++;
		if (csv.n_records != nrec)
			fail_msg("%s: %zu records, want %zu", what, csv.n_records, nrec);
		for (size_t r = 0; r < nrec; r++) {
			const want_rec *w = &parse_cases[i].recs[r];
			size_t nf = 0;
			while (nf < MAXFLD && w->f[nf])
				nf++;
			if (csv.records[r].line != w->line)
				fail_msg("%s: record %zu on line %ld, want %ld", what, r,
				         csv.records[r].line, w->line);
			if (csv.records[r].n != nf)
				fail_msg("%s: record %zu has %zu fields, want %zu", what, r,
				         csv.records[r].n, nf);
			for (size_t f = 0; f < nf; f++)
				if (strcmp(csv.records[r].fields[f], w->f[f]) != 0)
					fail_msg("%s: record %zu field %zu \"%s\", want \"%s\"",
					         what, r, f, csv.records[r].fields[f], w->f[f]);
		}
		assert_int_equal(csv.encoding, parse_cases[i].enc);
		assert_int_equal(csv.bom, parse_cases[i].bom);
		store_csv_free(&csv);
		assert_null(csv.records);
		assert_int_equal(csv.n_records, 0);
		store_csv_free(&csv); /* twice is fine */
	}
	store_csv_free(NULL);
}

static const struct {
	const char *what;
	const char *in;
	size_t len;
	const char *where;
	const char *fmt;
} refused[] = {
	{"an empty file", BYTES(""), "f.csv", "the file is empty"},
	{"only a BOM", BYTES(UTF8_BOM), "f.csv", "the file is empty"},
	{"only a GB18030 BOM", BYTES(GB_BOM), "f.csv", "the file is empty"},
	{"only blank lines", BYTES("\r\n \n\t\n"), "f.csv", "the file is empty"},
	{"only empty rows", BYTES(",,\n,\n"), "f.csv", "the file is empty"},
	{"a quote never closed, from line 3", BYTES("a,b\n1,2\n3,\"4\n5,6\n"),
	 "f.csv:3",
	 "a quoted field that starts on this line is not closed before the end of the file"},
	{"a quote inside an unquoted field, line 2", BYTES("a,b\n1,2\"3\"\n"),
	 "f.csv:2", NULL},
	{"text after a closing quote, line 3", BYTES("a,b\n1,2\n\"3\"x,4\n"),
	 "f.csv:3", NULL},
	{"neither UTF-8 nor GB18030", BYTES("a,b\n\xFF\xFF,1\n"), "f.csv:2",
	 "the text is neither UTF-8 nor GB18030"},
};

static void test_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(refused); i++) {
		store_csv csv;
		ds_error err;
		ds_status st = store_csv_parse((const unsigned char *)refused[i].in,
		                               refused[i].len, "f.csv", &csv, &err);
		if (st != DS_EINPUT)
			fail_msg("%s: status %d, want refused", refused[i].what, st);
		if (strcmp(err.where, refused[i].where) != 0)
			fail_msg("%s: where \"%s\", want \"%s\"", refused[i].what,
			         err.where, refused[i].where);
		if (refused[i].fmt && strcmp(err.fmt, refused[i].fmt) != 0)
			fail_msg("%s: \"%s\"", refused[i].what, err.fmt);
		assert_int_equal(csv.n_records, 0);
		assert_null(csv.records);
		store_csv_free(&csv);
	}
}

/* Enough rows that every buffer grows many times; fields long and short,
 * quoted and not, and the line numbers right to the end. */
static void test_large(void **state)
{
	enum { ROWS = 20000 };
	size_t cap = (size_t)ROWS * 120 + 64, len = 0;
	char *buf = malloc(cap);
	store_csv csv;
	ds_error err;
	(void)state;
	assert_non_null(buf);
	len += (size_t)snprintf(buf + len, cap - len, "id_number,period,value,note\r\n");
	for (int i = 0; i < ROWS; i++) {
		if (i % 100 == 7)
			len += (size_t)snprintf(buf + len, cap - len,
			                        "%d,2026-05,\"%d,000\",\"two\r\nlines\"\r\n", i, i);
		else
			len += (size_t)snprintf(buf + len, cap - len,
			                        "%d,2026-05,%d,%.*s\r\n", i, i, i % 50,
			                        "ccccccccccccccccccccccccccccccccccccccccccccccccccccc");
	}
	assert_int_equal(store_csv_parse((unsigned char *)buf, len, "big.csv", &csv,
	                                 &err),
	                 DS_OK);
	assert_int_equal(csv.n_records, ROWS + 1);
	{
		long line = 2;
		for (int i = 0; i < ROWS; i++) {
			const store_csv_record *r = &csv.records[i + 1];
			char num[16];
			snprintf(num, sizeof(num), "%d", i);
			assert_int_equal(r->line, line);
			assert_int_equal(r->n, 4);
			assert_string_equal(r->fields[0], num);
			line += i % 100 == 7 ? 2 : 1;
		}
	}
	assert_string_equal(csv.records[8].fields[2], "7,000");
	assert_string_equal(csv.records[8].fields[3], "two\r\nlines");
	store_csv_free(&csv);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_large),
	};
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
