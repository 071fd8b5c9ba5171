/* test_crosscheck.c — cross-check imports in the store (store/crosscheck):
 * rows of the caseload kept and others not, flags recorded and read back
 * for the assessment, the same file again changing nothing, invalid rows
 * refused or skipped, the flags rebuilt from the log, and a flag row
 * edited in the file found by the audit. One store serves the group. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/text.h"
#include "store/crosscheck.h"
#include "store/internal.h"
#include "tests/unit/store/storetest.h"

static char root[PATH_MAX], dir[PATH_MAX + 32];
static store_secret *pass;
static ds_store *s;
/* Two households: A (2 members, pension 1,200.00 + serial fen, one home,
 * no vehicle), B (1 member, the same). */
static char hh_a[STORE_ID_BUF], hh_b[STORE_ID_BUF];
static char a0[CORE_IDNUM_BUF], a1[CORE_IDNUM_BUF], b0[CORE_IDNUM_BUF];
static char stranger[CORE_IDNUM_BUF];

static int64_t count_rows(const char *table)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	return sql_int(s->db, sql);
}

/* Writes a file in the test folder; path receives its name. */
static void write_file(const char *name, const char *text, char *path,
                       size_t len)
{
	FILE *f;
	snprintf(path, len, "%s/%s", root, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(text, 1, strlen(text), f);
	fclose(f);
}

static void add(core_household *h, unsigned first, char id[STORE_ID_BUF],
                size_t n)
{
	ds_error err;
	hh_make(h, n, first);
	assert_ok(store_household_add(s, h, id, &err), &err);
}

static int group_setup(void **state)
{
	store_init_opts o = {"wang", CORE_ROLE_ASSISTANT, "440106", NULL};
	core_household h;
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	tmpdir_new(root);
	snprintf(dir, sizeof(dir), "%s/store", root);
	pass = pass_new(TEST_PASS);
	if (store_init(dir, &o, pass, NULL) != DS_OK ||
	    store_open(dir, "wang", pass, &s, NULL) != DS_OK)
		return -1;
	store_set_today(s, core_date_from_ymd(2026, 11, 27));
	add(&h, 100, hh_a, 2);
	memcpy(a0, h.members[0].id_number, CORE_IDNUM_BUF);
	memcpy(a1, h.members[1].id_number, CORE_IDNUM_BUF);
	core_household_free(&h);
	add(&h, 200, hh_b, 1);
	memcpy(b0, h.members[0].id_number, CORE_IDNUM_BUF);
	core_household_free(&h);
	idnum_make(stranger, 300);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	store_close(&s);
	store_secret_free(&pass);
	tmpdir_remove(root);
	return 0;
}

typedef struct {
	int n;
	char where[8][DS_ERR_WHERE];
} invalid_log;

static void note_invalid(const ds_error *err, void *ctx)
{
	invalid_log *l = ctx;
	if (l->n < 8)
		snprintf(l->where[l->n], DS_ERR_WHERE, "%s", err->where);
	l->n++;
}

/* ---- NULL and nothing --------------------------------------------------------- */

static void test_nothing(void **state)
{
	core_flag f[2];
	size_t n = 9;
	ds_error err;
	store_xc_report rep;
	char path[PATH_MAX + 64];
	(void)state;
	assert_ok(store_crosscheck_flags(s, hh_a, f, 2, &n, &err), &err);
	assert_int_equal(n, 0);
	assert_status(store_crosscheck_flags(s, NULL, f, 2, &n, &err), DS_EUSAGE,
	              &err);
	snprintf(path, sizeof(path), "%s/no-such.csv", root);
	assert_status(store_crosscheck_import(s, CORE_XC_BANK, path, false, NULL,
	                                      NULL, &rep, &err),
	              DS_EINPUT, &err);
	assert_string_equal(err.where, path);
	write_file("empty.csv", "", path, sizeof(path));
	assert_status(store_crosscheck_import(s, CORE_XC_BANK, path, false, NULL,
	                                      NULL, &rep, &err),
	              DS_EINPUT, &err);
	assert_string_equal(err.fmt, "the file is empty");
	write_file("head.csv", "id_number,period,value\n", path, sizeof(path));
	assert_status(store_crosscheck_import(s, CORE_XC_BANK, path, false, NULL,
	                                      NULL, &rep, &err),
	              DS_EINPUT, &err);
	write_file("nohead.csv", "id_number,period\nx,2026-05\n", path,
	           sizeof(path));
	assert_status(store_crosscheck_import(s, CORE_XC_BANK, path, false, NULL,
	                                      NULL, &rep, &err),
	              DS_EINPUT, &err);
	assert_true(strstr(err.where, "nohead.csv:1") != NULL);
	assert_string_equal(err.arg[0], "value");
	assert_status(store_crosscheck_import(s, (core_xc_source)42, path, false,
	                                      NULL, NULL, &rep, &err),
	              DS_EUSAGE, &err);
	assert_int_equal(count_rows("crosscheck"), 0);
	assert_int_equal(count_rows("flag"), 0);
}

/* ---- a bank extract ----------------------------------------------------------- */

static void test_bank(void **state)
{
	char path[PATH_MAX + 64], text[1024];
	core_flag f[4];
	size_t n;
	ds_error err;
	store_xc_report rep;
	int64_t events = count_rows("event");
	json_t *body = NULL;
	(void)state;
	/* A declares 2 x (1,200.00 + serial fen), S 1,165 x 2: about 4,730 a
	 * month; 2 months of 9,000 is far above. B's inflow is small. */
	snprintf(text, sizeof(text),
	         "id_number,period,value,bank\r\n"
	         "%s,2026-05,9000,\"ICBC, Tianhe\"\r\n"
	         "%s,2026-06,9000,\"say \"\"hi\"\"\"\r\n"
	         "%s,2026-06,100,x\r\n"
	         "%s,2026-06,50000,stranger's bank\r\n",
	         a0, a1, b0, stranger);
	write_file("bank.csv", text, path, sizeof(path));
	assert_ok(store_crosscheck_import(s, CORE_XC_BANK, path, false, NULL,
	                                  NULL, &rep, &err),
	          &err);
	assert_false(rep.already);
	assert_int_equal(rep.rows, 4);
	assert_int_equal(rep.invalid, 0);
	assert_int_equal(rep.kept, 3);
	assert_int_equal(rep.households, 2);
	assert_int_equal(rep.flags, 1);
	assert_string_equal(rep.encoding, "utf-8");
	/* one crosscheck.imported and one flag.raised */
	assert_int_equal(count_rows("event"), events + 2);
	assert_int_equal(count_rows("crosscheck"), 1);
	assert_int_equal(count_rows("flag"), 1);

	assert_ok(store_crosscheck_flags(s, hh_a, f, 4, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(f[0].rule, "bank_inflow");
	if (strncmp(f[0].detail, "bank.csv:2,3 inflow_average=9000.00 ", 36) != 0)
		fail_msg("detail: %s", f[0].detail);
	assert_ok(store_crosscheck_flags(s, hh_b, f, 4, &n, &err), &err);
	assert_int_equal(n, 0);
	assert_ok(store_crosscheck_flags(s, hh_a, f, 0, &n, &err), &err);
	assert_int_equal(n, 0);

	/* The log keeps the rows of the caseload, and not the stranger's. */
	assert_ok(store_event_body(s, sql_int(s->db, "SELECT max(seq) FROM event"
	                                              " WHERE kind = 'crosscheck.imported'"),
	                           &body, &err),
	          &err);
	{
		char *dump = json_dumps(body, JSON_COMPACT);
		assert_non_null(dump);
		assert_null(strstr(dump, stranger));
		assert_null(strstr(dump, "50000"));
		assert_non_null(strstr(dump, a0));
		assert_non_null(strstr(dump, b0));
		assert_non_null(strstr(dump, "\"ICBC, Tianhe\""));
		free(dump);
	}
	assert_int_equal(json_integer_value(json_object_get(body, "row_count")), 3);
	assert_int_equal(json_integer_value(json_object_get(body, "months")), 2);
	assert_string_equal(json_string_value(json_object_get(body, "file")),
	                    "bank.csv");
	json_decref(body);

	/* The same file again: nothing changes. */
	events = count_rows("event");
	assert_ok(store_crosscheck_import(s, CORE_XC_BANK, path, false, NULL,
	                                  NULL, &rep, &err),
	          &err);
	assert_true(rep.already);
	assert_int_equal(rep.flags, 0);
	assert_int_equal(count_rows("event"), events);
	assert_int_equal(count_rows("flag"), 1);
	/* The same bytes as another source are another import (and find
	 * nothing above the wages B and A declare... A has no wages). */
	assert_ok(store_crosscheck_import(s, CORE_XC_SOCIAL_INSURANCE, path, false,
	                                  NULL, NULL, &rep, &err),
	          &err);
	assert_false(rep.already);
	assert_int_equal(rep.flags, 2);
	assert_ok(store_crosscheck_flags(s, hh_a, f, 4, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_string_equal(f[0].rule, "bank_inflow");
	assert_string_equal(f[1].rule, "contribution_above_wages");
	assert_string_equal(f[1].detail, "bank.csv:2,3 rows_above=2");
}

/* ---- invalid rows ----------------------------------------------------------------- */

static void test_invalid(void **state)
{
	char path[PATH_MAX + 64], text[1024], want[PATH_MAX + 96];
	ds_error err;
	store_xc_report rep;
	invalid_log log;
	int64_t events = count_rows("event");
	(void)state;
	snprintf(text, sizeof(text),
	         "身份证号,描述,登记日期\n"
	         "%s,天河路1号,2019-03-02\n"
	         "110105194912310021,中山路2号,2019-03-02\n"
	         "%s,中山路2号,2019-02-30\n"
	         "%s,\"中山路\n3号\",2019-03-02\n",
	         a0, a1, b0);
	write_file("homes.csv", text, path, sizeof(path));
	memset(&log, 0, sizeof(log));
	assert_status(store_crosscheck_import(s, CORE_XC_PROPERTY, path, false,
	                                      note_invalid, &log, &rep, &err),
	              DS_EINPUT, &err);
	assert_int_equal(log.n, 3);
	snprintf(want, sizeof(want), "%s:3: id_number", path);
	assert_string_equal(log.where[0], want);
	snprintf(want, sizeof(want), "%s:4: registered", path);
	assert_string_equal(log.where[1], want);
	snprintf(want, sizeof(want), "%s:5: description", path);
	assert_string_equal(log.where[2], want);
	assert_int_equal(rep.invalid, 3);
	assert_int_equal(rep.rows, 4);
	assert_int_equal(rep.flags, 0);
	assert_int_equal(count_rows("event"), events);

	/* Skipped: A has two homes registered... one valid row; A declares
	 * one home: no flag. */
	memset(&log, 0, sizeof(log));
	assert_ok(store_crosscheck_import(s, CORE_XC_PROPERTY, path, true,
	                                  note_invalid, &log, &rep, &err),
	          &err);
	assert_int_equal(log.n, 3);
	assert_int_equal(rep.kept, 1);
	assert_int_equal(rep.flags, 0);
	assert_int_equal(count_rows("event"), events + 1);
}

/* ---- a region with no standard ----------------------------------------------------- */

static void test_no_standard(void **state)
{
	char path[PATH_MAX + 64], text[512], id[STORE_ID_BUF];
	core_household h;
	ds_error err;
	store_xc_report rep;
	int64_t events;
	(void)state;
	hh_make(&h, 1, 400);
	snprintf(h.region, sizeof(h.region), "510104");
	assert_ok(store_household_add(s, &h, id, &err), &err);
	snprintf(text, sizeof(text), "id_number,period,value\n%s,2026-05,1\n",
	         h.members[0].id_number);
	core_household_free(&h);
	write_file("chengdu.csv", text, path, sizeof(path));
	events = count_rows("event");
	assert_status(store_crosscheck_import(s, CORE_XC_BANK, path, false, NULL,
	                                      NULL, &rep, &err),
	              DS_EINPUT, &err);
	assert_string_equal(err.arg[0], "510104");
	assert_true(strstr(err.where, id) != NULL);
	assert_int_equal(count_rows("event"), events);
	/* Other rules need no standard. */
	assert_ok(store_crosscheck_import(s, CORE_XC_WATER, path, false, NULL,
	                                  NULL, &rep, &err),
	          &err);
}

/* ---- a long file name ----------------------------------------------------------- */

/* The detail fits core_flag and stays UTF-8 however long the file's name
 * and however many its lines. */
static void test_long_name(void **state)
{
	char name[256] = "", path[PATH_MAX + 300], *text;
	size_t len = 0, cap = 64 * 1024, n;
	core_flag f[8];
	ds_error err;
	store_xc_report rep;
	(void)state;
	for (int i = 0; i < 15; i++) /* 180 bytes: long, within NAME_MAX */
		strcat(name, "银行流水");
	strcat(name, ".csv");
	text = malloc(cap);
	assert_non_null(text);
	len += (size_t)snprintf(text + len, cap - len, "id_number,period,value\n");
	for (int i = 0; i < 60; i++)
		len += (size_t)snprintf(text + len, cap - len, "%s,2026-%02d,99999\n",
		                        b0, 1 + i % 11);
	write_file(name, text, path, sizeof(path));
	free(text);
	assert_ok(store_crosscheck_import(s, CORE_XC_BANK, path, false, NULL,
	                                  NULL, &rep, &err),
	          &err);
	assert_int_equal(rep.flags, 1);
	assert_ok(store_crosscheck_flags(s, hh_b, f, 8, &n, &err), &err);
	assert_true(n >= 1);
	for (size_t i = 0; i < n; i++) {
		assert_true(strlen(f[i].detail) < sizeof(f[i].detail));
		assert_true(core_utf8_valid(f[i].detail, strlen(f[i].detail)));
	}
	assert_string_equal(f[n - 1].rule, "bank_inflow");
	assert_non_null(strstr(f[n - 1].detail, "银行流水"));
}

/* ---- the log ------------------------------------------------------------------------ */

static void test_rebuild_and_audit(void **state)
{
	core_flag before[4], after[4];
	size_t nb, na;
	store_audit_report rep;
	ds_error err;
	int64_t flags = count_rows("flag"), imports = count_rows("crosscheck");
	(void)state;
	assert_ok(store_audit_verify(s, &rep, &err), &err);
	assert_ok(store_crosscheck_flags(s, hh_a, before, 4, &nb, &err), &err);
	assert_ok(store_rebuild(s, &err), &err);
	assert_int_equal(count_rows("flag"), flags);
	assert_int_equal(count_rows("crosscheck"), imports);
	assert_ok(store_crosscheck_flags(s, hh_a, after, 4, &na, &err), &err);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb * sizeof(before[0]));
	assert_ok(store_audit_verify(s, &rep, &err), &err);

	/* A flag moved to another household in the file. */
	{
		char sql[160];
		int64_t seq = sql_int(s->db, "SELECT min(seq) FROM flag");
		size_t n;
		snprintf(sql, sizeof(sql),
		         "UPDATE flag SET household = '%s' WHERE seq = %lld", hh_b,
		         (long long)seq);
		sql_exec(s->db, sql);
		assert_status(store_crosscheck_flags(s, hh_b, after, 4, &n, &err),
		              DS_EDAMAGED, &err);
		assert_status(store_audit_verify(s, &rep, &err), DS_EDAMAGED, &err);
		/* its row's MAC, which names it */
		assert_int_equal(strncmp(err.where, "flag ", 5), 0);
		/* A flag deleted: the audit finds that too. */
		assert_ok(store_rebuild(s, &err), &err);
		snprintf(sql, sizeof(sql), "DELETE FROM flag WHERE seq = %lld",
		         (long long)seq);
		sql_exec(s->db, sql);
		assert_status(store_audit_verify(s, &rep, &err), DS_EDAMAGED, &err);
		assert_ok(store_rebuild(s, &err), &err);
		assert_ok(store_audit_verify(s, &rep, &err), &err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing),
		cmocka_unit_test(test_bank),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_no_standard),
		cmocka_unit_test(test_long_name),
		cmocka_unit_test(test_rebuild_and_audit),
	};
	return cmocka_run_group_tests_name("store crosscheck", tests, group_setup,
	                                   group_teardown);
}
