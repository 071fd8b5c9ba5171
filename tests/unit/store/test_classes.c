/* test_classes.c — the class of each household's latest assessment (table
 * household_class, store/classes.c): written when an assessment is
 * recorded, as the projection of its event writes it (a rebuild gives the
 * same rows), removed by an assessment without a class, counted by class,
 * held by the caseload's summaries, and a row altered, added or deleted
 * without the key is found. One store serves the group. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/event.h"
#include "store/assessjson.h"
#include "store/caseload.h"
#include "store/classes.h"
#include "store/internal.h"
#include "tests/unit/store/storetest.h"

static char root[PATH_MAX], dir[PATH_MAX + 32];
static store_secret *pass;
static ds_store *s;
static unsigned serial = 9000;
static core_assessment *a;
static core_policy *versions;
static size_t n_versions;
static const core_policy *pol;

#define TODAY core_date_from_ymd(2026, 11, 27)

static void born_in(core_member *m, const char *yyyy)
{
	memcpy(m->id_number + 6, yyyy, 4);
	m->id_number[17] = core_idnum_check_char(m->id_number);
}

/* A household of n members born in 1980 (the first in head_born), with
 * no income but the head's pension (fen a month, 0: none); member 1, when
 * there, severely disabled if disabled. */
static void add_hh(store_household_row *row, size_t n, const char *head_born,
                   core_fen pension, bool disabled)
{
	core_household h;
	char id[STORE_ID_BUF];
	ds_error err;
	hh_make(&h, n, serial);
	serial += (unsigned)n;
	for (size_t i = 0; i < n; i++) {
		h.members[i].categories = 0;
		h.members[i].n_incomes = 0;
		h.members[i].able_to_work = false;
		born_in(&h.members[i], i ? "1985" : head_born);
	}
	if (pension) {
		h.members[0].n_incomes = 1;
		h.members[0].incomes[0].source = CORE_INCOME_PENSION;
		h.members[0].incomes[0].monthly = pension;
	}
	if (n > 1 && disabled) {
		h.members[1].disability_grade = 1;
		h.members[1].disability_type = CORE_DISABILITY_PHYSICAL;
	}
	assert_ok(store_household_add(s, &h, id, &err), &err);
	core_household_free(&h);
	assert_ok(store_household_get(s, id, row, &err), &err);
}

static int group_setup(void **state)
{
	store_init_opts o = {"wang", CORE_ROLE_SUPERVISOR, "440106", NULL};
	ds_error err;
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	tmpdir_new(root);
	snprintf(dir, sizeof(dir), "%s/store", root);
	pass = pass_new(TEST_PASS);
	if (!(a = malloc(sizeof(*a))))
		return -1;
	if (store_init(dir, &o, pass, NULL) != DS_OK ||
	    store_open(dir, "wang", pass, &s, NULL) != DS_OK)
		return -1;
	store_set_today(s, TODAY);
	if (store_policy_at(s, TODAY, &versions, &n_versions, &pol, &err) != DS_OK)
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	store_policies_free(versions, n_versions);
	store_close(&s);
	store_secret_free(&pass);
	tmpdir_remove(root);
	free(a);
	return 0;
}

/* Every row of the table, as text, in the order of the households. */
static char *class_rows(void)
{
	sqlite3_stmt *q;
	size_t cap = 4096, n = 0;
	char *out = malloc(cap);
	assert_non_null(out);
	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(s->db,
	                                    "SELECT household, seq, class, members, covered,"
	                                    " hex(mac) FROM main.household_class"
	                                    " ORDER BY household",
	                                    -1, &q, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		char line[256];
		int len = snprintf(line, sizeof(line), "%s %lld %s %d %d %s\n",
		                   (const char *)sqlite3_column_text(q, 0),
		                   (long long)sqlite3_column_int64(q, 1),
		                   (const char *)sqlite3_column_text(q, 2),
		                   sqlite3_column_int(q, 3), sqlite3_column_int(q, 4),
		                   (const char *)sqlite3_column_text(q, 5));
		if (n + (size_t)len + 1 > cap) {
			cap *= 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		memcpy(out + n, line, (size_t)len + 1);
		n += (size_t)len;
	}
	sqlite3_finalize(q);
	return out;
}

/* The household's row agrees with the assessment just recorded. */
static void row_is(const store_household_row *row, core_class want,
                   int covered)
{
	store_class c;
	ds_error err;
	assert_true(a->classified);
	assert_int_equal(a->cls, want);
	assert_ok(store_class_of(s, row->id, &c, &err), &err);
	assert_true(c.known);
	assert_int_equal(c.cls, want);
	assert_int_equal(c.members, a->members);
	assert_int_equal(c.covered, covered);
	assert_int_equal((int)a->n_covered, covered);
	assert_int_equal(c.seq, sql_int(s->db, "SELECT max(seq) FROM event"));
}

/* Written as an assessment is recorded, one row a household, the latest
 * assessment's; a trial writes nothing; counted by class; the summaries
 * hold the class; a rebuild makes the same rows. */
static void test_written_on_record(void **state)
{
	store_household_row alone, rich, poor, single, never;
	store_class_count n[CORE_CLASS_COUNT + 1];
	core_fen standard;
	int64_t rows = sql_int(s->db, "SELECT count(*) FROM household_class");
	store_class c;
	char *before, *after;
	ds_error err;
	(void)state;

	/* an elderly person alone with no income: destitute */
	add_hh(&alone, 1, "1950", 0, false);
	assert_ok(store_assess_row(s, &alone, pol, TODAY, false, a, &err), &err);
	assert_int_equal(sql_int(s->db, "SELECT count(*) FROM household_class"), rows);
	assert_ok(store_class_of(s, alone.id, &c, &err), &err);
	assert_false(c.known);
	assert_ok(store_assess_row(s, &alone, pol, TODAY, true, a, &err), &err);
	row_is(&alone, CORE_CLASS_DESTITUTE, 0);

	/* far above every line: none */
	add_hh(&rich, 1, "1980", 5000000, false);
	assert_ok(store_assess_row(s, &rich, pol, TODAY, true, a, &err), &err);
	row_is(&rich, CORE_CLASS_NONE, 0);
	standard = a->standard;

	/* two of working age on half the standard between them: dibao */
	add_hh(&poor, 2, "1980", standard / 2, false);
	assert_ok(store_assess_row(s, &poor, pol, TODAY, true, a, &err), &err);
	row_is(&poor, CORE_CLASS_DIBAO, 0);

	/* 1.2 times the standard a person, and a member severely disabled
	 * without earnings: that member alone (单人保), the household two */
	add_hh(&single, 2, "1980", standard * 2 * 6 / 5, true);
	assert_ok(store_assess_row(s, &single, pol, TODAY, true, a, &err), &err);
	row_is(&single, CORE_CLASS_DIBAO_SINGLE, 1);
	assert_int_equal(a->members, 2);

	/* assessed again, richer: the row is the latest assessment's */
	single.h.members[0].incomes[0].monthly = 5000000;
	assert_ok(store_assess_row(s, &single, pol, TODAY, true, a, &err), &err);
	row_is(&single, CORE_CLASS_NONE, 0);
	single.h.members[0].incomes[0].monthly = standard * 2 * 6 / 5;
	assert_ok(store_assess_row(s, &single, pol, TODAY, true, a, &err), &err);
	row_is(&single, CORE_CLASS_DIBAO_SINGLE, 1);

	/* never assessed: no row, not classified */
	add_hh(&never, 3, "1980", 0, false);
	assert_ok(store_class_of(s, never.id, &c, &err), &err);
	assert_false(c.known);
	assert_int_equal(sql_int(s->db, "SELECT count(*) FROM household_class"),
	                 rows + 4);

	/* every row at once, found by household */
	{
		store_class_row *all = NULL;
		size_t na = 0;
		const store_class *f;
		assert_ok(store_class_list(s, &all, &na, &err), &err);
		assert_int_equal((int64_t)na, rows + 4);
		assert_non_null(f = store_class_find(all, na, single.id));
		assert_int_equal(f->cls, CORE_CLASS_DIBAO_SINGLE);
		assert_int_equal(f->covered, 1);
		assert_non_null(f = store_class_find(all, na, alone.id));
		assert_int_equal(f->cls, CORE_CLASS_DESTITUTE);
		assert_null(store_class_find(all, na, never.id));
		free(all);
	}

	/* the counts: households, the members counted, those covered alone;
	 * a household not classified counts its members */
	assert_ok(store_class_counts(s, n, &err), &err);
	assert_true(n[CORE_CLASS_DESTITUTE].households >= 1);
	assert_true(n[CORE_CLASS_DIBAO_SINGLE].households >= 1);
	assert_true(n[CORE_CLASS_DIBAO_SINGLE].people >= 2);
	assert_true(n[CORE_CLASS_DIBAO_SINGLE].covered >= 1);
	assert_true(n[STORE_CLASS_UNKNOWN].households >= 1);
	assert_true(n[STORE_CLASS_UNKNOWN].people >= 3);
	{
		int64_t hh = 0, people = 0;
		for (int i = 0; i <= CORE_CLASS_COUNT; i++) {
			hh += n[i].households;
			people += n[i].people;
		}
		assert_int_equal(hh, sql_int(s->db, "SELECT count(*) FROM household"));
		assert_int_equal(people,
		                 sql_int(s->db, "SELECT coalesce((SELECT sum(members)"
		                                " FROM household_class), 0) + (SELECT count(*)"
		                                " FROM person WHERE household NOT IN"
		                                " (SELECT household FROM household_class))"));
		assert_int_equal(n[CORE_CLASS_DIBAO_SINGLE].covered,
		                 sql_int(s->db, "SELECT count(*) FROM household_class"
		                                " WHERE class = 'dibao_single'"));
	}

	/* the caseload gives the class, as worked out from the rows */
	summaries_agree(s);
	{
		store_caseload_row *r = NULL;
		size_t nr = 0;
		bool seen_single = false, seen_never = false;
		assert_ok(store_caseload(s, &r, &nr, &err), &err);
		assert_ok(store_caseload_classes(s, r, nr, &err), &err);
		for (size_t i = 0; i < nr; i++) {
			if (!strcmp(r[i].id, single.id)) {
				seen_single = true;
				assert_true(r[i].class_known);
				assert_int_equal(r[i].cls, CORE_CLASS_DIBAO_SINGLE);
			} else if (!strcmp(r[i].id, never.id)) {
				seen_never = true;
				assert_false(r[i].class_known);
			}
		}
		assert_true(seen_single && seen_never);
		store_caseload_free(r, nr);
	}

	/* the projection of the events makes the same rows */
	before = class_rows();
	assert_ok(store_rebuild(s, &err), &err);
	after = class_rows();
	assert_string_equal(before, after);
	free(before);
	free(after);
	summaries_agree(s);
	{
		store_audit_report rep;
		assert_ok(store_audit_verify(s, &rep, &err), &err);
	}
	store_row_free(&alone);
	store_row_free(&rich);
	store_row_free(&poor);
	store_row_free(&single);
	store_row_free(&never);
}

/* An assessment recorded without a class (before the ladder) leaves the
 * household not classified: the row of an earlier one goes, in the
 * projection as after a rebuild. */
static void test_body_without_class(void **state)
{
	store_household_row row;
	store_class c;
	json_t *body;
	ds_error err;
	(void)state;
	add_hh(&row, 1, "1950", 0, false);
	assert_ok(store_assess_row(s, &row, pol, TODAY, true, a, &err), &err);
	assert_ok(store_class_of(s, row.id, &c, &err), &err);
	assert_true(c.known);
	body = json_pack("{s:{s:s, s:i, s:n, s:n}}", "assessment", "date",
	                 "2026-11-28", "members", 1, "warning", "transition");
	assert_non_null(body);
	assert_ok(store_begin(s, &err), &err);
	assert_ok(store_emit(s, core_event_id(CORE_EVENT_HOUSEHOLD_ASSESSED),
	                     row.id, body, NULL, &err),
	          &err);
	assert_ok(store_commit(s, &err), &err);
	json_decref(body);
	assert_ok(store_class_of(s, row.id, &c, &err), &err);
	assert_false(c.known);
	summaries_agree(s);
	assert_ok(store_rebuild(s, &err), &err);
	assert_ok(store_class_of(s, row.id, &c, &err), &err);
	assert_false(c.known);
	/* a class this program does not know (a newer one's): not counted */
	body = json_pack("{s:{s:s, s:i, s:s, s:[]}}", "assessment", "date",
	                 "2026-11-29", "members", 1, "class", "orbital",
	                 "covered_members");
	assert_ok(store_begin(s, &err), &err);
	assert_ok(store_emit(s, core_event_id(CORE_EVENT_HOUSEHOLD_ASSESSED),
	                     row.id, body, NULL, &err),
	          &err);
	assert_ok(store_commit(s, &err), &err);
	json_decref(body);
	assert_ok(store_class_of(s, row.id, &c, &err), &err);
	assert_false(c.known);
	store_row_free(&row);
}

/* A row changed, deleted or added with SQL, without the key: found when
 * read and by the audit, and mended by a rebuild. */
static void test_tamper(void **state)
{
	store_household_row row, other;
	store_class c;
	store_audit_report rep;
	char sql[256], where[40];
	ds_error err;
	(void)state;
	add_hh(&row, 1, "1950", 0, false);
	add_hh(&other, 1, "1980", 5000000, false);
	assert_ok(store_assess_row(s, &row, pol, TODAY, true, a, &err), &err);
	snprintf(where, sizeof(where), "household %s", row.id);

	/* destitute made dibao */
	snprintf(sql, sizeof(sql),
	         "UPDATE household_class SET class = 'dibao' WHERE household = '%s'",
	         row.id);
	sql_exec(s->db, sql);
	memset(&err, 0, sizeof(err));
	assert_status(store_class_of(s, row.id, &c, &err), DS_EDAMAGED, &err);
	memset(&err, 0, sizeof(err));
	assert_status(store_audit_verify(s, &rep, &err), DS_EDAMAGED, &err);
	assert_ok(store_rebuild(s, &err), &err);
	assert_ok(store_class_of(s, row.id, &c, &err), &err);
	assert_int_equal(c.cls, CORE_CLASS_DESTITUTE);
	assert_ok(store_audit_verify(s, &rep, &err), &err);

	/* its members' count changed */
	snprintf(sql, sizeof(sql),
	         "UPDATE household_class SET members = 5 WHERE household = '%s'",
	         row.id);
	sql_exec(s->db, sql);
	memset(&err, 0, sizeof(err));
	assert_status(store_class_of(s, row.id, &c, &err), DS_EDAMAGED, &err);
	assert_ok(store_rebuild(s, &err), &err);

	/* a row moved to another household: the whole list refuses */
	snprintf(sql, sizeof(sql),
	         "UPDATE household_class SET household = 'zzzzzzzzzzzz'"
	         " WHERE household = '%s'", row.id);
	sql_exec(s->db, sql);
	{
		store_class_row *all = NULL;
		size_t na = 0;
		memset(&err, 0, sizeof(err));
		assert_status(store_class_list(s, &all, &na, &err), DS_EDAMAGED, &err);
		assert_null(all);
	}
	assert_ok(store_rebuild(s, &err), &err);

	/* a row copied to a household never assessed, MAC and all */
	snprintf(sql, sizeof(sql),
	         "INSERT INTO household_class SELECT '%s', seq, class, members,"
	         " covered, mac FROM household_class WHERE household = '%s'",
	         other.id, row.id);
	sql_exec(s->db, sql);
	memset(&err, 0, sizeof(err));
	assert_status(store_class_of(s, other.id, &c, &err), DS_EDAMAGED, &err);
	memset(&err, 0, sizeof(err));
	assert_status(store_audit_verify(s, &rep, &err), DS_EDAMAGED, &err);
	assert_ok(store_rebuild(s, &err), &err);
	assert_ok(store_class_of(s, other.id, &c, &err), &err);
	assert_false(c.known);

	/* the row deleted: the table's count no longer agrees */
	snprintf(sql, sizeof(sql), "DELETE FROM household_class WHERE household = '%s'",
	         row.id);
	sql_exec(s->db, sql);
	memset(&err, 0, sizeof(err));
	assert_status(store_audit_verify(s, &rep, &err), DS_EDAMAGED, &err);
	assert_ok(store_rebuild(s, &err), &err);
	assert_ok(store_class_of(s, row.id, &c, &err), &err);
	assert_true(c.known);
	assert_ok(store_audit_verify(s, &rep, &err), &err);
	store_row_free(&row);
	store_row_free(&other);
}

/* A store of schema 9 (no table of classes, summaries without the
 * class): its open makes the table from each latest assessment's body and
 * the summaries again, and it verifies. */
static void test_migrate_from_9(void **state)
{
	store_household_row row;
	char *before, *after;
	store_audit_report rep;
	ds_error err;
	(void)state;
	add_hh(&row, 1, "1950", 0, false);
	assert_ok(store_assess_row(s, &row, pol, TODAY, true, a, &err), &err);
	store_row_free(&row);
	before = class_rows();
	assert_true(strlen(before) > 0);
	sql_exec(s->db, "DROP TABLE household_class;"
	                " DELETE FROM meta WHERE k = 'rows:household_class';"
	                " DROP INDEX household_created;"
	                " PRAGMA user_version = 9");
	store_close(&s);
	assert_ok(store_open(dir, "wang", pass, &s, &err), &err);
	store_set_today(s, TODAY);
	assert_int_equal(sql_int(s->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	after = class_rows();
	assert_string_equal(before, after);
	free(before);
	free(after);
	summaries_agree(s);
	assert_ok(store_audit_verify(s, &rep, &err), &err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_written_on_record),
		cmocka_unit_test(test_body_without_class),
		cmocka_unit_test(test_tamper),
		cmocka_unit_test(test_migrate_from_9),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
