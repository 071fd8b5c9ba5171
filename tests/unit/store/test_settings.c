/* test_settings.c — the county's settings in the store (store/settings.c):
 * none at first; set from a file and read back; a file with an unknown,
 * missing, too long or wrongly typed field, or a bad telephone, refused
 * naming the field with nothing written; only a supervisor, only before
 * enrolment; the county's replace a laptop's and a laptop's never replace
 * the county's; through a rebuild; the row altered with SQL → damaged;
 * a store of schema 3 migrated. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/internal.h"
#include "store/settings.h"
#include "tests/unit/store/storetest.h"

static char root[PATH_MAX], dir[PATH_MAX + 32];
static store_secret *pass;
static ds_store *s;

#define GOOD                                                                  \
	"{\"version\": \"tianhe-2027.1\", \"effective_from\": \"2027-01-01\","   \
	" \"authority\": \"广州市天河区民政局\", \"address\": \"广州市天河区示例路1号\"," \
	" \"telephone\": \"020-12345678\","                                     \
	" \"reconsideration_body\": \"广州市天河区人民政府\","                  \
	" \"court\": \"广州铁路运输法院\", \"docno_prefix\": \"天民低\"}"

static int setup(void **state)
{
	store_init_opts o = {"li", CORE_ROLE_SUPERVISOR, "440106", NULL};
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	tmpdir_new(root);
	snprintf(dir, sizeof(dir), "%s/store", root);
	pass = pass_new(TEST_PASS);
	if (store_init(dir, &o, pass, NULL) != DS_OK ||
	    store_open(dir, "li", pass, &s, NULL) != DS_OK)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(&s);
	store_secret_free(&pass);
	tmpdir_remove(root);
	return 0;
}

static int64_t events(void)
{
	return sql_int(s->db, "SELECT count(*) FROM event");
}

static void test_none_then_set(void **state)
{
	store_county_settings cs;
	bool set = true;
	ds_error err;
	char date[11];
	(void)state;
	assert_ok(store_county_settings_get(s, &cs, &set, &err), &err);
	assert_false(set);
	assert_string_equal(cs.authority, "");
	assert_ok(store_county_settings_set(s, GOOD, strlen(GOOD), "th.json", &err),
	          &err);
	assert_ok(store_county_settings_get(s, &cs, &set, &err), &err);
	assert_true(set);
	assert_false(cs.from_county);
	assert_string_equal(cs.authority, "广州市天河区民政局");
	assert_string_equal(cs.address, "广州市天河区示例路1号");
	assert_string_equal(cs.telephone, "020-12345678");
	assert_string_equal(cs.reconsideration_body, "广州市天河区人民政府");
	assert_string_equal(cs.court, "广州铁路运输法院");
	assert_string_equal(cs.docno_prefix, "天民低");
	assert_string_equal(cs.version, "tianhe-2027.1");
	core_date_format(cs.effective, date);
	assert_string_equal(date, "2027-01-01");
}

/* GOOD with one field's text replaced ("key": "value" as a whole). */
static char *with(const char *from, const char *to)
{
	static char buf[4096];
	const char *at = strstr(GOOD, from);
	assert_non_null(at);
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - GOOD), GOOD, to,
	         at + strlen(from));
	return buf;
}

static void test_bad_files(void **state)
{
	char longer[800], extra[800];
	static const struct {
		const char *from, *to, *where;
	} cases[] = {
		{"\"telephone\": \"020-12345678\"", "\"telephone\": \"020-1234x678\"",
		 "telephone"},
		{"\"telephone\": \"020-12345678\"", "\"telephone\": \"--\"", "telephone"},
		{"\"court\": \"广州铁路运输法院\", ", "", "court"},
		{"\"docno_prefix\": \"天民低\"", "\"docno_prefix\": 7", "docno_prefix"},
		{"\"docno_prefix\": \"天民低\"", "\"docno_prefix\": \"\"", "docno_prefix"},
		{"\"address\": \"广州市天河区示例路1号\"", "\"address\": \"a\\nb\"",
		 "address"},
		{"\"effective_from\": \"2027-01-01\"", "\"effective_from\": \"2027-02-30\"",
		 "effective_from"},
		{"\"version\": \"tianhe-2027.1\", ", "", "version"},
	};
	int64_t before = events();
	store_county_settings cs;
	bool set;
	ds_error err;
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		const char *t = with(cases[i].from, cases[i].to);
		memset(&err, 0, sizeof(err));
		assert_status(store_county_settings_set(s, t, strlen(t), "x", &err),
		              DS_EINPUT, &err);
		if (strcmp(err.where, cases[i].where))
			fail_msg("case %zu: where %s, wanted %s", i, err.where,
			         cases[i].where);
	}
	/* an unknown field */
	snprintf(extra, sizeof(extra), "%s", with("\"docno_prefix\"", "\"fax\": \"1\", \"docno_prefix\""));
	assert_status(store_county_settings_set(s, extra, strlen(extra), "x", &err),
	              DS_EINPUT, &err);
	assert_string_equal(err.where, "fax");
	/* too long: 40 Chinese characters are 120 bytes, more than 31 */
	{
		char big[200] = "\"docno_prefix\": \"";
		for (int i = 0; i < 40; i++)
			strcat(big, "天");
		strcat(big, "\"");
		snprintf(longer, sizeof(longer), "%s", with("\"docno_prefix\": \"天民低\"", big));
	}
	assert_status(store_county_settings_set(s, longer, strlen(longer), "x", &err),
	              DS_EINPUT, &err);
	assert_string_equal(err.where, "docno_prefix");
	/* not JSON at all */
	assert_status(store_county_settings_set(s, "{\"version\":", 11, "x", &err),
	              DS_EINPUT, &err);
	assert_int_equal(events(), before);
	/* the settings set before are still those in force */
	assert_ok(store_county_settings_get(s, &cs, &set, &err), &err);
	assert_true(set);
	assert_string_equal(cs.docno_prefix, "天民低");
}

static void test_only_supervisor(void **state)
{
	store_secret *pw = pass_new("another good pass");
	ds_store *w = NULL;
	ds_error err;
	int64_t before;
	(void)state;
	assert_ok(store_user_add(s, "wang", CORE_ROLE_ASSISTANT, pw, &err), &err);
	store_close(&s);
	assert_ok(store_open(dir, "wang", pw, &w, &err), &err);
	s = w;
	before = events();
	assert_status(store_county_settings_set(s, GOOD, strlen(GOOD), "x", &err),
	              DS_EPERM, &err);
	assert_int_equal(events(), before);
	store_close(&s);
	store_secret_free(&pw);
	assert_ok(store_open(dir, "li", pass, &s, &err), &err);
}

static void test_county_wins(void **state)
{
	const char *c = with("\"docno_prefix\": \"天民低\"", "\"docno_prefix\": \"县民低\"");
	char county[4096];
	store_county_settings cs;
	bool set;
	ds_error err;
	store_audit_report rep;
	(void)state;
	snprintf(county, sizeof(county), "%s", c);
	assert_ok(store_county_settings_issue(s, county, strlen(county), "c.json", &err),
	          &err);
	assert_ok(store_county_settings_get(s, &cs, &set, &err), &err);
	assert_true(cs.from_county);
	assert_string_equal(cs.docno_prefix, "县民低");
	/* a laptop's own after them do not replace them */
	assert_ok(store_county_settings_set(s, GOOD, strlen(GOOD), "x", &err), &err);
	assert_ok(store_county_settings_get(s, &cs, &set, &err), &err);
	assert_true(cs.from_county);
	assert_string_equal(cs.docno_prefix, "县民低");
	/* the same after a rebuild, and the audit passes */
	assert_ok(store_rebuild(s, &err), &err);
	assert_ok(store_county_settings_get(s, &cs, &set, &err), &err);
	assert_string_equal(cs.docno_prefix, "县民低");
	assert_ok(store_audit_verify(s, &rep, &err), &err);
}

static void test_tampered_row(void **state)
{
	int64_t seq = sql_int(s->db, "SELECT seq FROM settings");
	store_county_settings cs;
	bool set;
	ds_error err;
	char sql[128];
	(void)state;
	/* pointed at the laptop's own event instead of the county's */
	snprintf(sql, sizeof(sql), "UPDATE settings SET seq = %lld, source = 'local'",
	         (long long)seq + 1);
	sql_exec(s->db, sql);
	memset(&err, 0, sizeof(err));
	assert_status(store_county_settings_get(s, &cs, &set, &err), DS_EDAMAGED,
	              &err);
	assert_false(set);
	assert_ok(store_rebuild(s, &err), &err);
	assert_ok(store_county_settings_get(s, &cs, &set, &err), &err);
	assert_string_equal(cs.docno_prefix, "县民低");
}

/* A store at schema 3, before there were settings (the table and its
 * count taken out of a new store), is brought to the schema of now at its open:
 * no settings, then settings set, and the audit passes. */
static void test_migrate_from_3(void **state)
{
	char root3[PATH_MAX], dir3[PATH_MAX + 32];
	store_init_opts o = {"li", CORE_ROLE_SUPERVISOR, "440106", NULL};
	ds_store *m = NULL;
	store_county_settings cs;
	store_audit_report rep;
	bool set = true;
	ds_error err;
	(void)state;
	tmpdir_new(root3);
	snprintf(dir3, sizeof(dir3), "%s/store", root3);
	assert_ok(store_init(dir3, &o, pass, &err), &err);
	assert_ok(store_open(dir3, "li", pass, &m, &err), &err);
	sql_exec(m->db, "DROP TABLE settings; DROP TABLE office_user; DROP TABLE office_log;"
	                " DROP TABLE summary; DROP TABLE issued_roll; DROP TABLE relief;"
	                " DROP TABLE household_class;"
	                " DELETE FROM meta WHERE k IN ('rows:settings', 'rows:office_user',"
	                " 'rows:office_log', 'rows:summary', 'rows:issued_roll', 'rows:relief',"
	                " 'rows:household_class');"
	                " DROP INDEX household_created;"
	                " PRAGMA user_version = 3");
	store_close(&m);
	assert_ok(store_open(dir3, "li", pass, &m, &err), &err);
	assert_int_equal(sql_int(m->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_ok(store_county_settings_get(m, &cs, &set, &err), &err);
	assert_false(set);
	assert_ok(store_county_settings_set(m, GOOD, strlen(GOOD), "x", &err), &err);
	assert_ok(store_county_settings_get(m, &cs, &set, &err), &err);
	assert_true(set);
	assert_ok(store_audit_verify(m, &rep, &err), &err);
	store_close(&m);
	assert_ok(store_open(dir3, "li", pass, &m, &err), &err);
	assert_ok(store_audit_verify(m, &rep, &err), &err);
	store_close(&m);
	tmpdir_remove(root3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_none_then_set),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_only_supervisor),
		cmocka_unit_test(test_county_wins),
		cmocka_unit_test(test_tampered_row),
		cmocka_unit_test(test_migrate_from_3),
	};
	return cmocka_run_group_tests_name("store_settings", tests, setup, teardown);
}
