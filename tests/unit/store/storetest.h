/* storetest.h — helpers the store unit tests share: private temporary
 * folders, passphrases in guarded memory, valid ID numbers and households,
 * and a little SQL on a store's file. Include after <cmocka.h>. Everything
 * is static inline so that a test file may use any subset of it. */
#ifndef TESTS_UNIT_STORE_STORETEST_H
#define TESTS_UNIT_STORE_STORETEST_H

#include <ftw.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/household.h"
#include "core/idnum.h"
#include "store/caseload.h"
#include "store/crypto.h"
#include "store/internal.h"
#include "store/store.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A good passphrase for the stores tests make. */
#define TEST_PASS "correct horse battery"

/* "where: message" of an error, for failure messages. */
static inline const char *err_text(const ds_error *e)
{
	static char buf[1024];
	ds_error_format(e, buf, sizeof(buf), NULL);
	return buf;
}

/* Fails the test, printing the error, unless got == want. */
#define assert_status(got, want, e)                                           \
	do {                                                                  \
		ds_status got_ = (got), want_ = (want);                       \
		if (got_ != want_)                                            \
			fail_msg("status %d, wanted %d (%s)", (int)got_,      \
			         (int)want_, err_text(e));                    \
	} while (0)

#define assert_ok(call, e) assert_status((call), DS_OK, (e))

/* ---- temporary folders --------------------------------------------------- */

/* Makes a private folder under $TMPDIR (or /tmp); out holds its path. */
static inline void tmpdir_new(char out[PATH_MAX])
{
	const char *base = getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	snprintf(out, PATH_MAX, "%s/doorstep-unit-XXXXXX", base);
	if (!mkdtemp(out))
		fail_msg("mkdtemp %s failed", out);
}

static inline int rm_entry(const char *path, const struct stat *sb, int flag,
                           struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Removes a folder and everything in it. */
static inline void tmpdir_remove(const char *dir)
{
	if (dir && *dir)
		nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- secrets --------------------------------------------------------------- */

/* A passphrase as the programs hold it: in guarded memory, no NUL. */
static inline store_secret *pass_new(const char *text)
{
	store_secret *s = store_secret_new(strlen(text));
	assert_non_null(s);
	memcpy(s->p, text, strlen(text));
	return s;
}

/* ---- households ------------------------------------------------------------- */

/* A valid ID number: region 110105, a birth date from serial, sequence
 * from serial too, so that every serial below 365 * 60 * 999 gives a
 * different number. */
static inline void idnum_make(char out[CORE_IDNUM_BUF], unsigned serial)
{
	unsigned day = serial % (365u * 60u), seq = 1 + serial / (365u * 60u);
	int y = 1940 + (int)(day / 365), yd = (int)(day % 365), m = 1;
	while (yd >= core_days_in_month(y, m)) {
		yd -= core_days_in_month(y, m);
		m++;
	}
	char buf[64];
	snprintf(buf, sizeof(buf), "110105%04d%02d%02d%03u", y, m, yd + 1,
	         seq % 1000);
	memcpy(out, buf, 17);
	out[17] = '\0';
	out[17] = core_idnum_check_char(out);
	out[18] = '\0';
}

/* Fills h (initialised here) with a valid household of n members (the
 * first the head) whose ID numbers come from serials first, first + 1, ... */
static inline void hh_make(core_household *h, size_t n, unsigned first)
{
	static const char *const names[] = {"王秀英", "李建国", "张伟", "刘芳",
	                                    "陈静",   "杨洋",   "赵磊", "黄敏"};
	core_household_init(h);
	snprintf(h->region, sizeof(h->region), "440106");
	snprintf(h->address, sizeof(h->address), "天河区石牌街道华师社区%u号",
	         first);
	for (size_t i = 0; i < n; i++) {
		core_member *m = core_household_add_member(h, NULL);
		assert_non_null(m);
		snprintf(m->name, sizeof(m->name), "%s", names[i % N(names)]);
		idnum_make(m->id_number, first + (unsigned)i);
		m->relation = i == 0 ? CORE_REL_HEAD : CORE_REL_CHILD;
		m->able_to_work = i == 1;
		if (i == 0) { /* elderly or not by the ID number */
			m->n_incomes = 1;
			m->incomes[0].source = CORE_INCOME_PENSION;
			m->incomes[0].monthly = 120000 + (core_fen)first;
		}
	}
	h->financial = 500000;
	h->homes = 1;
}

/* ---- SQL on the file ----------------------------------------------------------- */

/* Changes are made on a connection of their own to the same file, as
 * someone with the file but no key would make them (the store's own
 * connection has its checks, views over the tables, in the way); it is
 * kept open, so a TEMP table made by one change is there for the next.
 * Reads go through the store's connection, which sees its transaction. */
static inline sqlite3 *sql_raw(sqlite3 *db)
{
	static sqlite3 *raw;
	static char at[PATH_MAX];
	const char *path = sqlite3_db_filename(db, "main");
	if (!path)
		fail_msg("no file behind the connection");
	if (raw && strcmp(at, path)) {
		sqlite3_close(raw);
		raw = NULL;
	}
	if (!raw) {
		if (sqlite3_open_v2(path, &raw, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
			fail_msg("cannot open %s", path);
		sqlite3_busy_timeout(raw, 5000);
		snprintf(at, sizeof(at), "%s", path);
	}
	return raw;
}

static inline void sql_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(sql_raw(db), sql, NULL, NULL, &msg) != SQLITE_OK) {
		char copy[512];
		snprintf(copy, sizeof(copy), "%s", msg ? msg : "?");
		sqlite3_free(msg);
		fail_msg("SQL failed: %s: %s", sql, copy);
	}
}

/* SQL run with the key, as doorstep itself writes (its MACs made with
 * ds_mac(), the tables' counts and sums kept): for tests that set a row
 * to something no command would. */
static inline void sql_keyed(ds_store *st, const char *sql)
{
	char *msg = NULL;
	ds_error e;
	if (store_begin(st, &e))
		fail_msg("begin: %s", e.fmt);
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		char copy[512];
		snprintf(copy, sizeof(copy), "%s", msg ? msg : "?");
		sqlite3_free(msg);
		store_rollback(st);
		fail_msg("SQL failed: %s: %s", sql, copy);
	}
	if (store_commit(st, &e))
		fail_msg("commit: %s", e.fmt);
}

/* The first column of the first row as an integer (the query must give
 * one). */
static inline int64_t sql_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q;
	int64_t v;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("SQL failed: %s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_finalize(q);
		fail_msg("SQL gave no row: %s: %s", sql, sqlite3_errmsg(db));
	}
	v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* The first column of the first row as text, into buf. */
static inline void sql_text(sqlite3 *db, const char *sql, char *buf,
                            size_t len)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("SQL failed: %s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_finalize(q);
		fail_msg("SQL gave no row: %s: %s", sql, sqlite3_errmsg(db));
	}
	snprintf(buf, len, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
}

/* Opens the store.db of dir directly, as someone with the file but no
 * passphrase could. */
static inline sqlite3 *db_raw(const char *dir)
{
	char path[2 * PATH_MAX];
	sqlite3 *db = NULL;
	snprintf(path, sizeof(path), "%s/%s", dir, STORE_DB_NAME);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		fail_msg("cannot open %s", path);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* Reads a whole file; *len gets its size. The caller frees. */
static inline unsigned char *file_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0, r;
	if (!f)
		fail_msg("cannot read %s", path);
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r);
	fclose(f);
	*len = n;
	return buf;
}

/* ---- the caseload's summaries --------------------------------------------- */

/* The caseload as the summaries give it (store_caseload) and as worked out
 * from every household and its case (store_caseload_full) hold the same
 * households with the same fields; when ordered, the summaries come in
 * the order of the next thing due (none last), as their index has it
 * (their keys are worked out on the day they are written: a test that
 * moves the calendar back has dates clamped differently). Fails the test
 * naming the household and the field otherwise. */
static inline void summaries_check(ds_store *s, bool ordered)
{
	store_caseload_row *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	ds_error err;
	assert_ok(store_caseload(s, &a, &na, &err), &err);
	/* the classes as the caseload reads them when it shows them */
	assert_ok(store_caseload_classes(s, a, na, &err), &err);
	assert_ok(store_caseload_full(s, &b, &nb, &err), &err);
	if (na != nb)
		fail_msg("the summaries hold %zu households, the households %zu", na,
		         nb);
	for (size_t i = 0; i < na; i++) {
		const store_caseload_row *x = &a[i], *y = NULL;
		for (size_t j = 0; j < nb && !y; j++)
			if (!strcmp(b[j].id, x->id))
				y = &b[j];
		if (!y)
			fail_msg("household %s: in the summaries only", x->id);
#define SAME(f)                                                                \
	do {                                                                   \
		if ((long long)x->f != (long long)y->f)                        \
			fail_msg("household %s: %s is %lld in its summary, %lld " \
			         "in the household", x->id, #f,                \
			         (long long)x->f, (long long)y->f);            \
	} while (0)
		SAME(members);
		SAME(state);
		SAME(appeal);
		SAME(warning);
		SAME(class_known);
		if (x->class_known)
			SAME(cls);
		SAME(reverify_due);
		SAME(t_k);
		SAME(t_n);
		SAME(receiving);
		SAME(allowance);
		SAME(due);
		if (x->due >= 0)
			SAME(due_kind);
#undef SAME
		if (strcmp(x->head, y->head) || strcmp(x->address, y->address) ||
		    strcmp(x->search, y->search))
			fail_msg("household %s: its names, address or search text differ"
			         " from the household's", x->id);
		if (ordered && i && (x[-1].due < 0 ? 1 : 0) > (x->due < 0 ? 1 : 0))
			fail_msg("household %s: out of the order of the next thing due",
			         x->id);
		if (ordered && i && x[-1].due >= 0 && x->due >= 0 &&
		    x[-1].due > x->due)
			fail_msg("household %s: out of the order of the next thing due",
			         x->id);
	}
	store_caseload_free(a, na);
	store_caseload_free(b, nb);
}

#define summaries_agree(s) summaries_check((s), false)

#endif
