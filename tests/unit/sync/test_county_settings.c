/* test_county_settings.c — the county's settings at the county
 * (sync/county/county.c): a laptop's own settings travel up and are taken,
 * but a bundle in which a laptop claims to be the county (a settings.set
 * event "by" the county) is refused, and the county's own stay in force. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/event.h"
#include "store/county.h"
#include "store/settings.h"
#include "sync/county/county.h"
#include "sync/sync.h"
#include "tests/unit/store/storetest.h"

#define SETTINGS(prefix)                                                      \
	"{\"version\": \"v-" prefix "\", \"effective_from\": \"2027-01-01\","    \
	" \"authority\": \"广州市天河区民政局\", \"address\": \"示例路1号\","    \
	" \"telephone\": \"020-12345678\","                                     \
	" \"reconsideration_body\": \"广州市天河区人民政府\","                  \
	" \"court\": \"广州铁路运输法院\", \"docno_prefix\": \"" prefix "\"}"

static char root[PATH_MAX];
static store_secret *pass;
static ds_store *county, *laptop;

static ds_store *make_store(const char *name, const char *user, core_role role)
{
	char dir[PATH_MAX + 32];
	store_init_opts o = {user, role, "440106", NULL};
	ds_store *s = NULL;
	ds_error err;
	snprintf(dir, sizeof(dir), "%s/%s", root, name);
	assert_ok(store_init(dir, &o, pass, &err), &err);
	assert_ok(store_open(dir, user, pass, &s, &err), &err);
	return s;
}

static int setup(void **state)
{
	store_device_pub cpub, lpub;
	store_county_pub cp;
	store_cdev d;
	bool already;
	ds_error err;
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	tmpdir_new(root);
	pass = pass_new(TEST_PASS);
	county = make_store("county", "county", CORE_ROLE_SUPERVISOR);
	laptop = make_store("li", "li", CORE_ROLE_SUPERVISOR);
	assert_ok(store_device(county, &cpub, NULL, NULL, &err), &err);
	assert_ok(store_device(laptop, &lpub, NULL, NULL, &err), &err);
	/* the county enrols the laptop, the laptop takes the county's keys */
	memset(&d, 0, sizeof(d));
	memcpy(d.device, lpub.device, STORE_DEVICE_BYTES);
	snprintf(d.user, sizeof(d.user), "li");
	snprintf(d.role, sizeof(d.role), "supervisor");
	snprintf(d.area, sizeof(d.area), "440106");
	memcpy(d.sign_pk, lpub.sign_pk, STORE_SIGN_PK_BYTES);
	memcpy(d.box_pk, lpub.box_pk, STORE_BOX_PK_BYTES);
	assert_ok(store_begin(county, &err), &err);
	assert_ok(store_cdev_put(county, &d, &already, &err), &err);
	assert_ok(store_commit(county, &err), &err);
	memset(&cp, 0, sizeof(cp));
	memcpy(cp.box_pk, cpub.box_pk, STORE_BOX_PK_BYTES);
	memcpy(cp.sign_pk, cpub.sign_pk, STORE_SIGN_PK_BYTES);
	assert_ok(store_county_set(laptop, &cp, NULL, &err), &err);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(&laptop);
	store_close(&county);
	store_secret_free(&pass);
	tmpdir_remove(root);
	return 0;
}

/* Packs what the laptop has not sent and gives its newest bundle to the
 * county; the receipt. */
static ds_status send_up(sync_receipt *r, ds_error *err)
{
	store_outgoing *list = NULL;
	size_t n = 0, len = 0;
	unsigned char *bytes = NULL;
	bool have = false, kept = false;
	int made = 0;
	ds_status st;
	assert_ok(sync_device_pack(laptop, 0, &made, err), err);
	assert_int_equal(made, 1);
	assert_ok(store_outbox_pending(laptop, &list, &n, err), err);
	assert_true(n >= 1);
	assert_ok(store_outbox_bytes(laptop, list[n - 1].epoch, list[n - 1].number,
	                             &bytes, &len, err), err);
	free(list);
	st = county_take(county, bytes, len, r, &have, &kept, err);
	free(bytes);
	assert_true(have);
	return st;
}

static void test_county_own_stay(void **state)
{
	const char *own = SETTINGS("县民低"), *local = SETTINGS("天民低"),
	           *forged = SETTINGS("伪民低");
	store_county_settings cs;
	sync_receipt r;
	json_t *body;
	bool set;
	ds_error err;
	(void)state;
	assert_ok(store_county_settings_issue(county, own, strlen(own), "c", &err), &err);

	/* a laptop's own, set before it was enrolled (written here by the
	 * store, which the command line refuses now it is enrolled), go up
	 * and are taken without replacing the county's */
	body = json_pack("{s:s, s:s, s:o}", "by", STORE_SETTINGS_BY_LOCAL, "origin",
	                 "x", "settings", json_loads(local, 0, NULL));
	assert_non_null(body);
	assert_ok(store_begin(laptop, &err), &err);
	assert_ok(store_emit(laptop, core_event_id(CORE_EVENT_SETTINGS_SET), "", body, NULL, &err), &err);
	assert_ok(store_commit(laptop, &err), &err);
	json_decref(body);
	assert_ok(send_up(&r, &err), &err);
	assert_int_equal(r.outcome, SYNC_APPLIED);
	assert_ok(store_county_settings_get(county, &cs, &set, &err), &err);
	assert_string_equal(cs.docno_prefix, "县民低");
	assert_true(cs.from_county);

	/* a laptop that says its settings are the county's is refused */
	assert_ok(store_county_settings_issue(laptop, forged, strlen(forged), "f", &err),
	          &err);
	memset(&err, 0, sizeof(err));
	assert_int_not_equal(send_up(&r, &err), DS_OK);
	/* refused in its place in the laptop's sequence */
	assert_true(r.outcome == SYNC_REFUSED || r.outcome == SYNC_SKIPPED);
	assert_non_null(strstr(r.reason, "only the county sets the county's settings"));
	assert_ok(store_county_settings_get(county, &cs, &set, &err), &err);
	assert_string_equal(cs.docno_prefix, "县民低");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_county_own_stay),
	};
	return cmocka_run_group_tests_name("county_settings", tests, setup, teardown);
}
