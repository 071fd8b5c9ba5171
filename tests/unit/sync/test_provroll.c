/* test_provroll.c — an issued roll's record for the province
 * (sync_prov_fields on payroll.issued, sync/provrec.c): the lines the
 * county kept when it issued the roll (store_roll_kept, the issued_roll
 * table) give the same bytes as the roll made again from the log, which
 * is what a month issued before the store kept its rolls still gets; what
 * is kept, altered or swapped for another month's, is refused, by the
 * feed and by payroll check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/internal.h"
#include "store/payroll.h"
#include "store/provread.h"
#include "store/replica.h"
#include "sync/provrec.h"
#include "tests/unit/store/storetest.h"

typedef struct {
	char dir[PATH_MAX];
	ds_store *s;
	store_secret *pass;
	unsigned char key[SYNC_PROV_KEY_BYTES];
} fixture;

/* A county's store with households receiving (sizes 1 to 3, some with a
 * payee and an area, one with a payee's name that needs escaping in
 * JSON), and October's and November's rolls issued. */
static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	store_init_opts o;
	ds_error err;
	bool already;
	tmpdir_new(f->dir);
	f->pass = pass_new(TEST_PASS);
	memset(&o, 0, sizeof(o));
	o.user = "county";
	o.role = CORE_ROLE_SUPERVISOR;
	o.region = "440106";
	assert_ok(store_init(f->dir, &o, f->pass, &err), &err);
	assert_ok(store_open(f->dir, "county", f->pass, &f->s, &err), &err);
	store_set_today(f->s, core_date_from_ymd(2026, 11, 27));
	/* the county's keys, made at init as doorstep-county init does */
	{
		store_device_pub me;
		assert_ok(store_device(f->s, &me, NULL, NULL, &err), &err);
	}
	for (unsigned i = 0; i < 7; i++) {
		core_household h;
		char id[STORE_ID_BUF];
		hh_make(&h, 1 + i % 3, 100 + i * 4);
		h.receiving = true;
		h.allowance = 50000 + (core_fen)i * 1234;
		h.since = core_month_make(2026, 1 + (int)i);
		if (i % 2) {
			snprintf(h.township.code, sizeof(h.township.code), "440106%03u", 1 + i % 3);
			snprintf(h.township.name, sizeof(h.township.name), "街道%u", i % 3);
			snprintf(h.payee.name, sizeof(h.payee.name), "%s", i == 3 ? "王\"秀\\英" : "李建国");
			snprintf(h.payee.bank, sizeof(h.payee.bank), "中国农业银行");
			snprintf(h.payee.account, sizeof(h.payee.account), "62284804025648900%u", i);
		}
		assert_ok(store_household_add(f->s, &h, id, &err), &err);
		core_household_free(&h);
	}
	for (int m = 10; m <= 11; m++) {
		store_roll r;
		assert_ok(store_roll_issue(f->s, core_month_make(2026, m), &r, &already, &err), &err);
		assert_false(already);
		store_roll_free(&r);
	}
	memset(f->key, 7, sizeof(f->key));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	store_close(&f->s);
	store_secret_free(&f->pass);
	tmpdir_remove(f->dir);
	free(f);
	return 0;
}

/* The province's fields of the n-th payroll.issued event of the log
 * (*out malloc'd), and the status. */
static ds_status roll_record(fixture *f, int nth, char **out, ds_error *err)
{
	store_logged *evs = NULL;
	size_t n = 0, len = 0;
	ds_status st = DS_EINPUT;
	ds_error e;
	*out = NULL;
	assert_ok(store_log_since(f->s, 0, 100000, &evs, &n, &e), &e);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(evs[i].kind, "payroll.issued") && nth-- == 0) {
			st = sync_prov_fields(f->s, evs[i].kind, evs[i].body, evs[i].blen, f->key,
			                      out, &len, err);
			if (!st)
				assert_int_equal(strlen(*out), len);
			break;
		}
	store_logged_free(&evs, n);
	return st;
}

static void test_kept_is_made_again(void **state)
{
	fixture *f = *state;
	char *kept[2], *made[2];
	store_keptroll k;
	store_roll r;
	bool found;
	ds_error err;
	/* what is kept reads back as the roll made again */
	assert_int_equal(sql_int(f->s->db, "SELECT count(*) FROM issued_roll"), 2);
	assert_ok(store_roll_kept(f->s, core_month_make(2026, 11), &k, &found, &err), &err);
	assert_true(found);
	assert_ok(store_roll_make(f->s, core_month_make(2026, 11), &r, &err), &err);
	assert_true(r.issued);
	assert_memory_equal(k.hash, r.hash, sizeof(r.hash));
	assert_int_equal(k.n, r.n);
	assert_true(r.n >= 7);
	for (size_t i = 0; i < r.n; i++) {
		assert_string_equal(k.lines[i].household, r.rows[i].household);
		assert_int_equal(k.lines[i].kind, r.rows[i].line.kind);
		assert_int_equal(k.lines[i].month, r.rows[i].line.month);
		assert_int_equal(k.lines[i].amount, r.rows[i].line.amount);
		assert_int_equal(k.lines[i].members, r.rows[i].members);
	}
	assert_int_equal(k.county.households, r.county.households);
	assert_int_equal(k.county.lines, r.county.lines);
	assert_int_equal(k.county.stopped, r.county.stopped);
	assert_int_equal(k.county.total, r.county.total);
	store_keptroll_free(&k);
	store_roll_free(&r);
	/* and the province's record of it is the same bytes either way */
	for (int i = 0; i < 2; i++)
		assert_ok(roll_record(f, i, &kept[i], &err), &err);
	sql_keyed(f->s, "DELETE FROM main.issued_roll");
	assert_ok(store_roll_kept(f->s, core_month_make(2026, 11), &k, &found, &err), &err);
	assert_false(found);
	for (int i = 0; i < 2; i++) {
		assert_ok(roll_record(f, i, &made[i], &err), &err);
		assert_string_equal(kept[i], made[i]);
		free(kept[i]);
		free(made[i]);
	}
}

/* Another month's sealed lines, or a byte of them altered, or the hash
 * beside them altered: refused as damage, naming what. */
static void test_kept_altered_is_refused(void **state)
{
	fixture *f = *state;
	/* November is the later month, October the earlier */
	static const char *const edits[] = {
		"UPDATE issued_roll SET sealed = (SELECT sealed FROM issued_roll ORDER BY month LIMIT 1)"
		" WHERE month = (SELECT max(month) FROM issued_roll)",
		"UPDATE issued_roll SET sealed = substr(sealed, 1, 60) ||"
		" CASE WHEN substr(sealed, 61, 1) = x'00' THEN x'01' ELSE x'00' END ||"
		" substr(sealed, 62) WHERE month = (SELECT max(month) FROM issued_roll)",
		"UPDATE issued_roll SET hash = randomblob(32)"
		" WHERE month = (SELECT max(month) FROM issued_roll)",
	};
	for (size_t i = 0; i < N(edits); i++) {
		char *out = NULL, *good = NULL, where[64];
		ds_error err;
		sql_exec(f->s->db, "CREATE TEMP TABLE IF NOT EXISTS keep AS SELECT * FROM issued_roll");
		assert_ok(roll_record(f, 1, &good, &err), &err);
		sql_exec(f->s->db, edits[i]);
		assert_int_equal(roll_record(f, 1, &out, &err), DS_EDAMAGED);
		assert_null(out);
		ds_error_format(&err, where, sizeof(where), NULL);
		if (!strstr(where, "issued_roll"))
			fail_msg("edit %zu: %s", i, where);
		/* put back, it reads as before */
		sql_exec(f->s->db, "DELETE FROM issued_roll; INSERT INTO issued_roll SELECT * FROM keep");
		assert_ok(roll_record(f, 1, &out, &err), &err);
		assert_string_equal(out, good);
		free(out);
		free(good);
	}
}

/* payroll check reads the kept roll too: a healthy one passes, one
 * altered is named. */
static void test_check_reads_kept(void **state)
{
	fixture *f = *state;
	store_roll r;
	ds_error err;
	char where[64];
	assert_ok(store_roll_check(f->s, core_month_make(2026, 11), &r, &err), &err);
	store_roll_free(&r);
	sql_exec(f->s->db, "UPDATE issued_roll SET sealed = (SELECT sealed FROM issued_roll"
	                   " ORDER BY month LIMIT 1) WHERE month = (SELECT max(month) FROM issued_roll)");
	assert_int_equal(store_roll_check(f->s, core_month_make(2026, 11), &r, &err), DS_EDAMAGED);
	store_roll_free(&r);
	ds_error_format(&err, where, sizeof(where), NULL);
	if (!strstr(where, "issued_roll 2026-11"))
		fail_msg("%s", where);
	/* October's is untouched */
	assert_ok(store_roll_check(f->s, core_month_make(2026, 10), &r, &err), &err);
	store_roll_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kept_is_made_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kept_altered_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_reads_kept, setup, teardown),
	};
	if (store_crypto_init() != DS_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
