/* test_evidence.c — a household's visits and the reasons given on its case,
 * read back from its events (store/evidence.c): nothing before the first
 * visit; then two visits newest first, each with who came, who was there,
 * consent, notes, and what changed with it (a member who left, by name,
 * from the household before the visit); the latest alone; and every
 * reason given (a return, a refusal, an appeal, whom it was given to, its
 * decision), oldest first, each with who gave it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/casework.h"
#include "store/evidence.h"
#include "store/hhjson.h"
#include "store/internal.h"
#include "tests/unit/store/storetest.h"

#define TODAY core_date_from_ymd(2026, 11, 27)

static char root[PATH_MAX], dir[PATH_MAX + 32];
static store_secret *pw_wang, *pw_li, *pw_zhao;
static ds_store *wang, *li, *zhao; /* assistant, supervisor, reviewer */

static int group_setup(void **state)
{
	store_init_opts o = {"wang", CORE_ROLE_ASSISTANT, "440106", NULL};
	ds_error err;
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	tmpdir_new(root);
	snprintf(dir, sizeof(dir), "%s/store", root);
	pw_wang = pass_new(TEST_PASS);
	pw_li = pass_new("li's own passphrase");
	pw_zhao = pass_new("zhao reviews appeals");
	if (store_init(dir, &o, pw_wang, &err) != DS_OK ||
	    store_open(dir, "wang", pw_wang, &wang, &err) != DS_OK ||
	    store_user_add(wang, "li", CORE_ROLE_SUPERVISOR, pw_li, &err) != DS_OK ||
	    store_user_add(wang, "zhao", CORE_ROLE_REVIEWER, pw_zhao, &err) != DS_OK ||
	    store_open(dir, "li", pw_li, &li, &err) != DS_OK ||
	    store_open(dir, "zhao", pw_zhao, &zhao, &err) != DS_OK)
		return -1;
	store_set_today(wang, TODAY);
	store_set_today(li, TODAY);
	store_set_today(zhao, TODAY);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	store_close(&wang);
	store_close(&li);
	store_close(&zhao);
	store_secret_free(&pw_wang);
	store_secret_free(&pw_li);
	store_secret_free(&pw_zhao);
	tmpdir_remove(root);
	return 0;
}

/* Records the visit j (stolen) as wang. */
static void record(const char *id, json_t *j)
{
	store_household_row row;
	store_visit_result r;
	core_visit v;
	ds_error err;
	assert_non_null(j);
	assert_ok(store_household_get(wang, id, &row, &err), &err);
	assert_ok(store_visit_from_json(j, &row.h, &v, &err), &err);
	store_row_free(&row);
	assert_ok(store_visit_record(wang, id, &v, &r, &err), &err);
	store_visit_result_free(&r);
	core_visit_free(&v);
	json_decref(j);
}

static void act(ds_store *s, const char *id, core_action a, const char *reason,
                const char *to)
{
	core_step_args args;
	core_state next;
	ds_error err;
	core_step_args_init(&args);
	args.reason = reason;
	args.to = to;
	assert_ok(store_case_act(s, id, a, &args, &next, &err), &err);
}

static void test_visits_and_reasons(void **state)
{
	char id[STORE_ID_BUF], head[CORE_IDNUM_BUF], son[CORE_IDNUM_BUF],
	     headname[CORE_NAME_MAX], sonname[CORE_NAME_MAX], d2[11], d0[11];
	core_household h;
	store_household_row row;
	store_visit_item *vs, latest;
	store_reason *rs;
	size_t n;
	bool found;
	json_t *hj, *members;
	ds_error err;
	(void)state;

	hh_make(&h, 3, 7000);
	assert_ok(store_household_add(wang, &h, id, &err), &err);
	core_household_free(&h);

	/* NULL and an unknown household first */
	store_visits_free(NULL, 0);
	store_reasons_free(NULL, 0);
	vs = NULL;
	store_visits_free(&vs, 0);
	assert_ok(store_visits(wang, "nosuchhousehold", &vs, &n, &err), &err);
	assert_int_equal(n, 0);
	assert_null(vs);
	assert_ok(store_reasons(wang, "nosuchhousehold", &rs, &n, &err), &err);
	assert_int_equal(n, 0);
	assert_null(rs);

	/* nothing yet */
	assert_ok(store_visits(wang, id, &vs, &n, &err), &err);
	assert_int_equal(n, 0);
	store_visits_free(&vs, n);
	assert_ok(store_visit_latest(wang, id, &latest, &found, &err), &err);
	assert_false(found);
	store_visit_item_clear(&latest);
	assert_ok(store_reasons(wang, id, &rs, &n, &err), &err);
	assert_int_equal(n, 0);
	store_reasons_free(&rs, n);

	/* the first visit: member 2 left on 2026-10-01 */
	assert_ok(store_household_get(wang, id, &row, &err), &err);
	memcpy(head, row.h.members[0].id_number, CORE_IDNUM_BUF);
	memcpy(son, row.h.members[2].id_number, CORE_IDNUM_BUF);
	snprintf(headname, sizeof(headname), "%s", row.h.members[0].name);
	snprintf(sonname, sizeof(sonname), "%s", row.h.members[2].name);
	hj = store_household_to_json(&row.h);
	store_row_free(&row);
	members = json_deep_copy(json_object_get(hj, "members"));
	json_array_remove(members, 2);
	json_decref(hj);
	core_date_format(TODAY - 2, d2);
	core_date_format(TODAY, d0);
	record(id, json_pack("{s:s, s:[s, s], s:[s], s:{s:s, s:s}, s:s, s:[{s:s, s:s, s:s}], s:o}",
	                     "date", d2, "staff", "wang", "陈芳", "present", head,
	                     "consent", "signed_by", head, "at", d2,
	                     "observations", "屋顶漏雨; the son moved away",
	                     "changes", "change", "left", "id_number", son, "date",
	                     "2026-10-01", "members", members));
	act(wang, id, CORE_ACTION_SUBMIT, NULL, NULL);
	act(li, id, CORE_ACTION_RETURN, "请补充劳动合同", NULL);
	/* the second visit: nothing new */
	record(id, json_pack("{s:s, s:[s, s], s:[s], s:{s:s, s:s}, s:s}", "date",
	                     d0, "staff", "wang", "李明", "present", head,
	                     "consent", "signed_by", head, "at", d0,
	                     "observations", "saw the contract"));
	act(wang, id, CORE_ACTION_SUBMIT, NULL, NULL);
	act(li, id, CORE_ACTION_REFUSE, "income above the standard", NULL);
	act(wang, id, CORE_ACTION_APPEAL_FILE, "the son sends nothing", NULL);
	act(li, id, CORE_ACTION_APPEAL_ASSIGN, NULL, "zhao");
	act(zhao, id, CORE_ACTION_APPEAL_DECIDE, "transfers on the statements", NULL);

	/* the visits, newest first */
	assert_ok(store_visits(li, id, &vs, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_int_equal(vs[0].visit.date, TODAY);
	assert_string_equal(vs[0].visit.staff[1], "李明");
	assert_string_equal(vs[0].visit.observations, "saw the contract");
	assert_string_equal(vs[0].author, "wang");
	assert_int_equal(vs[0].n_diff, 0);
	assert_true(vs[0].seq > vs[1].seq);
	assert_int_equal(vs[1].visit.date, TODAY - 2);
	assert_string_equal(vs[1].visit.staff[0], "wang");
	assert_string_equal(vs[1].visit.staff[1], "陈芳");
	assert_int_equal(vs[1].visit.n_present, 1);
	assert_string_equal(vs[1].visit.present[0], head);
	assert_string_equal(vs[1].visit.consent_by, head);
	assert_int_equal(vs[1].visit.consent_at, TODAY - 2);
	assert_string_equal(vs[1].visit.observations, "屋顶漏雨; the son moved away");
	assert_int_equal(vs[1].before.n_members, 3);
	assert_int_equal(vs[1].after.n_members, 2);
	assert_int_equal(vs[1].n_diff, 1);
	assert_int_equal(vs[1].diff[0].kind, CORE_DIFF_LEFT);
	assert_string_equal(vs[1].diff[0].id_number, son);
	assert_string_equal(vs[1].diff[0].name, sonname);
	assert_int_equal(vs[1].visit.n_changes, 1);
	assert_int_equal(vs[1].visit.changes[0].date, core_date_from_ymd(2026, 10, 1));
	/* names of the people at the visit, the one who left too */
	assert_string_equal(store_visit_name(&vs[1], head), headname);
	assert_string_equal(store_visit_name(&vs[1], son), sonname);
	assert_null(store_visit_name(&vs[0], son)); /* gone before the second */
	assert_null(store_visit_name(&vs[1], "110105199001010000"));
	store_visits_free(&vs, n);
	assert_null(vs); /* the pointer cleared */

	/* the latest alone */
	assert_ok(store_visit_latest(zhao, id, &latest, &found, &err), &err);
	assert_true(found);
	assert_int_equal(latest.visit.date, TODAY);
	assert_string_equal(store_visit_name(&latest, head), headname);
	store_visit_item_clear(&latest);

	/* every reason, oldest first, with who gave it */
	assert_ok(store_reasons(wang, id, &rs, &n, &err), &err);
	assert_int_equal(n, 5);
	assert_string_equal(rs[0].kind, "case.returned");
	assert_string_equal(rs[0].author, "li");
	assert_string_equal(rs[0].reason, "请补充劳动合同");
	assert_int_equal(strlen(rs[0].when), 16); /* YYYY-MM-DD HH:MM */
	assert_string_equal(rs[1].kind, "case.refused");
	assert_string_equal(rs[1].reason, "income above the standard");
	assert_string_equal(rs[2].kind, "appeal.filed");
	assert_string_equal(rs[2].author, "wang");
	assert_string_equal(rs[2].reason, "the son sends nothing");
	assert_int_equal(rs[2].received, TODAY);
	assert_string_equal(rs[3].kind, "appeal.assigned");
	assert_string_equal(rs[3].to, "zhao");
	assert_string_equal(rs[3].reason, "");
	assert_string_equal(rs[4].kind, "appeal.decided");
	assert_string_equal(rs[4].author, "zhao");
	assert_string_equal(rs[4].decision, "uphold");
	assert_string_equal(rs[4].reason, "transfers on the statements");
	for (size_t i = 1; i < n; i++)
		assert_true(rs[i].seq > rs[i - 1].seq);
	store_reasons_free(&rs, n);
	assert_null(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_visits_and_reasons),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
