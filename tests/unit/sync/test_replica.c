/* test_replica.c — a device's events leaving one store and joining
 * another (store/replica.c), the payload lines, receipts and device key
 * files (sync/): what arrives is projected as it was, nothing is taken
 * twice, and anything altered on the way is refused by name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/event.h"
#include "store/county.h"
#include "store/hhjson.h"
#include "store/internal.h"
#include "sync/sync.h"
#include "tests/unit/store/storetest.h"

typedef struct {
	char dir[PATH_MAX];
	char a[PATH_MAX + 8], b[PATH_MAX + 8];
	ds_store *sa, *sb;
	store_secret *pass;
} fixture;

static ds_store *make_store(const char *dir, store_secret *pass, const char *user)
{
	store_init_opts o;
	ds_store *s = NULL;
	ds_error err;
	memset(&o, 0, sizeof(o));
	o.user = user;
	o.role = CORE_ROLE_ASSISTANT;
	o.region = "440106";
	assert_ok(store_init(dir, &o, pass, &err), &err);
	assert_ok(store_open(dir, user, pass, &s, &err), &err);
	return s;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	tmpdir_new(f->dir);
	snprintf(f->a, sizeof(f->a), "%s/a", f->dir);
	snprintf(f->b, sizeof(f->b), "%s/b", f->dir);
	f->pass = pass_new(TEST_PASS);
	f->sa = make_store(f->a, f->pass, "wang");
	f->sb = make_store(f->b, f->pass, "county");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	store_close(&f->sa);
	store_close(&f->sb);
	store_secret_free(&f->pass);
	tmpdir_remove(f->dir);
	free(f);
	return 0;
}

static void add_households(ds_store *s, size_t n, unsigned first)
{
	ds_error err;
	for (size_t i = 0; i < n; i++) {
		core_household h;
		char id[STORE_ID_BUF];
		hh_make(&h, 2, first + (unsigned)i * 2);
		assert_ok(store_household_add(s, &h, id, &err), &err);
		core_household_free(&h);
	}
}

/* Takes records into s in a transaction; returns the status. */
static ds_status take(ds_store *s, json_t *records, bool contiguous,
                      store_replica_stats *st, ds_error *err)
{
	ds_status r;
	if ((r = store_begin(s, err)))
		return r;
	if ((r = store_replica_take(s, records, contiguous, NULL, NULL, st, err))) {
		store_rollback(s);
		return r;
	}
	return store_commit(s, err);
}

static void test_events_arrive_and_project(void **state)
{
	fixture *f = *state;
	json_t *rec = NULL;
	int64_t last = 0, n = 0;
	store_replica_stats st;
	store_audit_report rep;
	ds_error err;
	add_households(f->sa, 5, 100);
	assert_ok(store_replica_own(f->sa, 0, store_device_dseq(f->sa), &rec, &last, &err), &err);
	assert_int_equal(last, store_device_dseq(f->sa));
	assert_ok(take(f->sb, rec, true, &st, &err), &err);
	assert_int_equal(st.added, last);
	assert_true(st.checkpoints >= 1);
	assert_ok(store_household_count(f->sb, &n, &err), &err);
	assert_int_equal(n, 5);
	/* the receiving log verifies: hashes, links, signatures, projection */
	assert_ok(store_audit_verify(f->sb, &rep, &err), &err);
	/* the same records again: known, nothing added */
	assert_ok(take(f->sb, rec, true, &st, &err), &err);
	assert_int_equal(st.added, 0);
	assert_int_equal(st.known, last);
	json_decref(rec);
}

/* Takes a payload's records into s one at a time, as the county does. */
static ds_status take_payload(ds_store *s, const unsigned char *p, size_t len,
                              store_replica_stats *st, ds_error *err)
{
	sync_payload_reader rd;
	ds_status r;
	if ((r = store_begin(s, err)))
		return r;
	sync_payload_reader_init(&rd, p, len);
	if ((r = store_replica_take_each(s, sync_payload_next, &rd, true, NULL, NULL,
	                                 st, err))) {
		store_rollback(s);
		return r;
	}
	return store_commit(s, err);
}

/* Many more records than are read ahead: a fault far down the list is
 * found where it is and named as when records are taken one by one, a
 * payload cut short refuses the whole take, and nothing is kept of either;
 * the whole list then goes in, and again is all known. */
static void test_long_take_read_ahead(void **state)
{
	fixture *f = *state;
	json_t *rec = NULL, *copy, *r;
	unsigned char *p = NULL;
	size_t len = 0, at = 0, i, target = 0, events = 0;
	int64_t last = 0, n = 0, dseq = 0;
	store_replica_stats st;
	ds_error err;
	char want[64], *text;
	add_households(f->sa, 150, 1000);
	assert_ok(store_replica_own(f->sa, 0, store_device_dseq(f->sa), &rec, &last, &err), &err);
	assert_true(json_array_size(rec) > 3 * 64);
	/* the event 130 records down, its body altered */
	copy = json_deep_copy(rec);
	json_array_foreach(copy, i, r)
		if (!strcmp(json_string_value(json_object_get(r, "t")), "ev") && ++events == 130) {
			target = i;
			break;
		}
	r = json_array_get(copy, target);
	dseq = json_integer_value(json_object_get(r, "dseq"));
	text = strdup(json_string_value(json_object_get(r, "body")));
	text[5] = text[5] == 'a' ? 'b' : 'a';
	json_object_set_new(r, "body", json_string(text));
	free(text);
	assert_status(take(f->sb, copy, true, &st, &err), DS_EDAMAGED, &err);
	snprintf(want, sizeof(want), "event %lld of device", (long long)dseq);
	assert_non_null(strstr(err_text(&err), want));
	assert_non_null(strstr(err_text(&err), "hash does not match"));
	assert_ok(store_household_count(f->sb, &n, &err), &err);
	assert_int_equal(n, 0);
	json_decref(copy);
	/* the payload cut at the start of record 170 */
	assert_ok(sync_payload_encode(rec, &p, &len, &err), &err);
	for (i = 0; i < 169; i++) {
		unsigned char *nl = memchr(p + at, '\n', len - at);
		json_t *head = json_loadb((const char *)p + at, (size_t)(nl - (p + at)), 0, NULL);
		at = (size_t)(nl - p) + 1;
		if (json_object_get(head, "blen"))
			at += (size_t)json_integer_value(json_object_get(head, "blen")) + 1;
		json_decref(head);
	}
	assert_status(take_payload(f->sb, p, at + 10, &st, &err), DS_EDAMAGED, &err);
	assert_non_null(strstr(err_text(&err), "payload record 170"));
	assert_ok(store_household_count(f->sb, &n, &err), &err);
	assert_int_equal(n, 0);
	/* whole, and again */
	assert_ok(take_payload(f->sb, p, len, &st, &err), &err);
	assert_int_equal(st.added, last);
	assert_ok(store_household_count(f->sb, &n, &err), &err);
	assert_int_equal(n, 150);
	assert_ok(take_payload(f->sb, p, len, &st, &err), &err);
	assert_int_equal(st.added, 0);
	assert_int_equal(st.known, last);
	free(p);
	json_decref(rec);
}

/* A check that refuses the event numbered refuse (0: none), or every
 * event (all); it runs on the take's worker threads. */
typedef struct {
	int64_t refuse;
	bool all;
} refusing;

static ds_status refuse_check(void *ctx, const store_event_info *ev,
                              json_t *body, const core_household *created,
                              size_t index, ds_error *err)
{
	const refusing *r = ctx;
	char where[32];
	(void)body;
	(void)created;
	snprintf(where, sizeof(where), "record %zu", index + 1);
	if (r->all || ev->dseq == r->refuse)
		return ds_fail(err, DS_EPERM, where, "refused by the test's check (%s)",
		               ev->kind);
	return DS_OK;
}

static ds_status take_checked(ds_store *s, json_t *records, refusing *r,
                              store_replica_stats *st, ds_error *err)
{
	ds_status rc;
	if ((rc = store_begin(s, err)))
		return rc;
	if ((rc = store_replica_take(s, records, true, refuse_check, r, st, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

/* The caller's check, asked ahead of the log's writer on worker threads:
 * its refusal of one event far down a long take refuses the whole take,
 * named as the check named it, nothing kept; a take it lets through
 * projects every household as a take one by one does (the blind index
 * made ahead too); and its verdict on events the log already has does
 * not count. */
static void test_check_ahead(void **state)
{
	fixture *f = *state;
	json_t *rec = NULL, *r;
	int64_t last = 0, n = 0, dseq = 0;
	size_t i, events = 0;
	store_replica_stats st;
	store_audit_report rep;
	refusing no = {0, false};
	ds_error err;
	char want[32];
	add_households(f->sa, 300, 3000);
	assert_ok(store_replica_own(f->sa, 0, store_device_dseq(f->sa), &rec, &last, &err), &err);
	json_array_foreach(rec, i, r)
		if (!strcmp(json_string_value(json_object_get(r, "t")), "ev") && ++events == 250) {
			dseq = json_integer_value(json_object_get(r, "dseq"));
			snprintf(want, sizeof(want), "record %zu", i + 1);
			break;
		}
	assert_true(dseq > 0);
	no.refuse = dseq;
	assert_status(take_checked(f->sb, rec, &no, &st, &err), DS_EPERM, &err);
	assert_non_null(strstr(err_text(&err), want));
	assert_non_null(strstr(err_text(&err), "refused by the test's check"));
	assert_ok(store_household_count(f->sb, &n, &err), &err);
	assert_int_equal(n, 0);
	no.refuse = 0;
	assert_ok(take_checked(f->sb, rec, &no, &st, &err), &err);
	assert_int_equal(st.added, last);
	assert_ok(store_household_count(f->sb, &n, &err), &err);
	assert_int_equal(n, 300);
	assert_ok(store_audit_verify(f->sb, &rep, &err), &err);
	no.all = true;
	assert_ok(take_checked(f->sb, rec, &no, &st, &err), &err);
	assert_int_equal(st.added, 0);
	assert_int_equal(st.known, last);
	json_decref(rec);
}

static void test_gap_refused(void **state)
{
	fixture *f = *state;
	json_t *first = NULL, *second = NULL;
	int64_t l1 = 0, l2 = 0, n = 0;
	store_replica_stats st;
	ds_error err;
	add_households(f->sa, 1, 200);
	assert_ok(store_replica_own(f->sa, 0, store_device_dseq(f->sa), &first, &l1, &err), &err);
	add_households(f->sa, 1, 300);
	assert_ok(store_replica_own(f->sa, l1, store_device_dseq(f->sa), &second, &l2, &err), &err);
	assert_true(l2 > l1);
	/* the second part alone does not follow on */
	assert_status(take(f->sb, second, true, &st, &err), DS_EINPUT, &err);
	assert_non_null(strstr(err_text(&err), "does not follow on"));
	assert_ok(store_household_count(f->sb, &n, &err), &err);
	assert_int_equal(n, 0);
	/* in order, both go in */
	assert_ok(take(f->sb, first, true, &st, &err), &err);
	assert_ok(take(f->sb, second, true, &st, &err), &err);
	assert_ok(store_household_count(f->sb, &n, &err), &err);
	assert_int_equal(n, 2);
	json_decref(first);
	json_decref(second);
}

/* Each alteration of a record is refused, naming what is wrong, and
 * nothing of it is kept. */
static void test_altered_records_refused(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *field;
		const char *value; /* NULL: flip a character of the field */
		ds_status want;
		const char *says;
	} cases[] = {
		{"author", "li", DS_EDAMAGED, "hash does not match"},
		{"kind", "household.changed", DS_EDAMAGED, "hash does not match"},
		{"entity", "zzzzzzzzzzzz", DS_EDAMAGED, "hash does not match"},
		{"body", NULL, DS_EDAMAGED, "hash does not match"},
		{"salt", NULL, DS_EDAMAGED, "hash does not match"},
		{"hash", NULL, DS_EDAMAGED, ""},
		{"prev", NULL, DS_EDAMAGED, "does not link"},
		{"dseq", "7", DS_EINPUT, "does not follow on"},
		{"device", "00", DS_EDAMAGED, "malformed"},
	};
	json_t *rec = NULL;
	int64_t last = 0, n;
	ds_error err;
	add_households(f->sa, 2, 400);
	assert_ok(store_replica_own(f->sa, 0, store_device_dseq(f->sa), &rec, &last, &err), &err);
	for (size_t i = 0; i < N(cases); i++) {
		json_t *copy = json_deep_copy(rec);
		json_t *r = json_array_get(copy, 0);
		store_replica_stats st;
		if (!strcmp(cases[i].field, "dseq")) {
			json_object_set_new(r, "dseq", json_integer(7));
		} else if (cases[i].value) {
			json_object_set_new(r, cases[i].field, json_string(cases[i].value));
		} else {
			char *v = strdup(json_string_value(json_object_get(r, cases[i].field)));
			/* a different character of the field's own alphabet (hex
			 * is read in either case, so not merely a case change) */
			v[10] = v[10] == '0' ? '1' : '0';
			json_object_set_new(r, cases[i].field, json_string(v));
			free(v);
		}
		assert_status(take(f->sb, copy, true, &st, &err), cases[i].want, &err);
		if (!strstr(err_text(&err), cases[i].says))
			fail_msg("%s altered: %s", cases[i].field, err_text(&err));
		assert_ok(store_household_count(f->sb, &n, &err), &err);
		assert_int_equal(n, 0);
		json_decref(copy);
	}
	json_decref(rec);
}

static void test_forged_checkpoint_refused(void **state)
{
	fixture *f = *state;
	json_t *rec = NULL, *r;
	int64_t last = 0;
	size_t i;
	store_replica_stats st;
	ds_error err;
	bool forged = false;
	add_households(f->sa, 1, 500);
	assert_ok(store_replica_own(f->sa, 0, store_device_dseq(f->sa), &rec, &last, &err), &err);
	json_array_foreach(rec, i, r)
		if (!strcmp(json_string_value(json_object_get(r, "t")), "cp") && !forged) {
			unsigned char pk[32], sk[64];
			char hex[65];
			crypto_sign_keypair(pk, sk);
			store_hex(hex, pk, 32);
			json_object_set_new(r, "pk", json_string(hex));
			forged = true;
		}
	assert_true(forged);
	assert_status(take(f->sb, rec, true, &st, &err), DS_EDAMAGED, &err);
	assert_non_null(strstr(err_text(&err), "does not verify"));
	json_decref(rec);
}

static void test_own_records_refused(void **state)
{
	fixture *f = *state;
	json_t *rec = NULL;
	int64_t last = 0;
	store_replica_stats st;
	ds_error err;
	add_households(f->sa, 1, 600);
	assert_ok(store_replica_own(f->sa, 0, store_device_dseq(f->sa), &rec, &last, &err), &err);
	assert_status(take(f->sa, rec, true, &st, &err), DS_EINPUT, &err);
	assert_non_null(strstr(err_text(&err), "own events"));
	json_decref(rec);
}

static void test_device_keys_stable(void **state)
{
	fixture *f = *state;
	store_device_pub p1, p2;
	store_secret *box = NULL, *sign = NULL;
	unsigned char pk[32];
	ds_error err;
	assert_ok(store_device(f->sa, &p1, &box, &sign, &err), &err);
	assert_ok(store_device(f->sa, &p2, NULL, NULL, &err), &err);
	assert_memory_equal(p1.box_pk, p2.box_pk, 32);
	assert_memory_equal(p1.sign_pk, p2.sign_pk, 32);
	/* the secrets belong to the public halves */
	crypto_scalarmult_base(pk, box->p);
	assert_memory_equal(pk, p1.box_pk, 32);
	assert_memory_equal(sign->p + 32, p1.sign_pk, 32);
	/* and another store has other keys */
	assert_ok(store_device(f->sb, &p2, NULL, NULL, &err), &err);
	assert_memory_not_equal(p1.box_pk, p2.box_pk, 32);
	store_secret_free(&box);
	store_secret_free(&sign);
}

/* ---- a county's store keeps no caseload summaries -------------------------------- */

/* A household.created event on s whose household has ID numbers enough
 * for its index but does not read as a household (its address a
 * number), appended as it is, without its projection. */
static void add_unreadable(ds_store *s, unsigned first)
{
	core_household h;
	json_t *hh, *body;
	store_event ev;
	char *text;
	ds_error err;
	hh_make(&h, 2, first);
	hh = store_household_to_json(&h);
	json_object_set_new(hh, "address", json_integer(5));
	body = json_pack("{s:o}", "household", hh);
	text = json_dumps(body, JSON_COMPACT);
	assert_ok(store_begin(s, &err), &err);
	assert_ok(store_emit_text(s, core_event_id(CORE_EVENT_HOUSEHOLD_CREATED),
	                          "hzzzzzzzzzzz", text, strlen(text), &ev, &err), &err);
	assert_ok(store_commit(s, &err), &err);
	free(text);
	json_decref(body);
	core_household_free(&h);
}

/* Records of from after its event dseq `after`, taken into to. */
static ds_status take_after(ds_store *from, int64_t after, ds_store *to,
                            ds_error *err)
{
	json_t *rec = NULL;
	int64_t last = 0;
	store_replica_stats st;
	ds_status r;
	assert_ok(store_replica_own(from, after, store_device_dseq(from), &rec, &last, err), err);
	r = take(to, rec, true, &st, err);
	json_decref(rec);
	return r;
}

/* A household.created appended on s with the body text given. */
static void add_created_text(ds_store *s, const char *entity, const char *text)
{
	store_event ev;
	ds_error err;
	assert_ok(store_begin(s, &err), &err);
	assert_ok(store_emit_text(s, core_event_id(CORE_EVENT_HOUSEHOLD_CREATED),
	                          entity, text, strlen(text), &ev, &err), &err);
	assert_ok(store_commit(s, &err), &err);
}

/* Taken in, a new household's body as laptops write it (read in one pass)
 * and the same household in a body written otherwise (read as JSON) give
 * the same household, status and index of ID numbers. */
static void test_created_read_either_way(void **state)
{
	fixture *f = *state;
	const char *form[] = {"{\"household\":%s}", "{ \"household\" : %s }"};
	const char *ids[] = {"hqqqqqqqqqq1", "hqqqqqqqqqq2"};
	core_household h[2];
	ds_error err;
	for (int k = 0; k < 2; k++) {
		char *text = NULL, *body;
		size_t len = 0;
		hh_make(&h[k], 2, 900 + 10 * (unsigned)k);
		h[k].receiving = true;
		h[k].allowance = 119500;
		h[k].since = core_month_make(2024, 3);
		assert_ok(store_household_canonical(&h[k], &text, &len, &err), &err);
		body = malloc(len + 32);
		snprintf(body, len + 32, form[k], text);
		add_created_text(f->sa, ids[k], body);
		free(body);
		free(text);
	}
	assert_ok(take_after(f->sa, 0, f->sb, &err), &err);
	for (int k = 0; k < 2; k++) {
		store_household_row row;
		char found[STORE_ID_BUF];
		json_t *a, *b;
		char *ta, *tb;
		assert_ok(store_household_get(f->sb, ids[k], &row, &err), &err);
		assert_string_equal(row.status, "receiving");
		a = store_household_to_json(&row.h);
		b = store_household_to_json(&h[k]);
		ta = json_dumps(a, JSON_COMPACT);
		tb = json_dumps(b, JSON_COMPACT);
		assert_string_equal(ta, tb);
		free(ta);
		free(tb);
		json_decref(a);
		json_decref(b);
		store_row_free(&row);
		for (size_t m = 0; m < h[k].n_members; m++) {
			assert_ok(store_person_find(f->sb, h[k].members[m].id_number, found,
			                            &err), &err);
			assert_string_equal(found, ids[k]);
		}
		core_household_free(&h[k]);
	}
}

/* A store that takes a laptop's events keeps a summary of each household
 * until it enrols a laptop (a county's store); then it keeps none (the
 * ones it had go at its next write), reads its caseload from the
 * households, verifies, and rebuilds to none. A household that does not
 * read is refused either way, as the summary's reading refused it. */
static void test_county_keeps_no_summaries(void **state)
{
	fixture *f = *state;
	store_device_pub pub;
	store_cdev d;
	store_caseload_row *a = NULL, *b = NULL;
	store_audit_report rep;
	ds_store *c = NULL;
	char dir[PATH_MAX + 16];
	int64_t at, n;
	size_t na = 0, nb = 0;
	bool already;
	ds_error err;

	store_set_today(f->sb, core_date_from_ymd(2026, 11, 27));
	add_households(f->sa, 3, 600);
	assert_ok(take_after(f->sa, 0, f->sb, &err), &err);
	assert_int_equal(sql_int(f->sb->db, "SELECT count(*) FROM summary"), 3);
	summaries_agree(f->sb);
	/* a household that does not read: refused by the summary's reading */
	at = store_device_dseq(f->sa);
	add_unreadable(f->sa, 620);
	assert_status(take_after(f->sa, at, f->sb, &err), DS_EDAMAGED, &err);
	if (!strstr(err_text(&err), "not readable"))
		fail_msg("unreadable household at a laptop's store: %s", err_text(&err));

	/* the store enrols a laptop: a county's store from now on */
	assert_ok(store_device(f->sa, &pub, NULL, NULL, &err), &err);
	memset(&d, 0, sizeof(d));
	memcpy(d.device, pub.device, sizeof(d.device));
	snprintf(d.user, sizeof(d.user), "wang");
	snprintf(d.role, sizeof(d.role), "assistant");
	snprintf(d.area, sizeof(d.area), "440106");
	memcpy(d.sign_pk, pub.sign_pk, sizeof(d.sign_pk));
	memcpy(d.box_pk, pub.box_pk, sizeof(d.box_pk));
	assert_ok(store_begin(f->sb, &err), &err);
	assert_ok(store_cdev_put(f->sb, &d, &already, &err), &err);
	assert_ok(store_commit(f->sb, &err), &err);
	/* the unreadable household is refused at the county too */
	assert_status(take_after(f->sa, at, f->sb, &err), DS_EDAMAGED, &err);
	if (!strstr(err_text(&err), "not readable"))
		fail_msg("unreadable household at the county: %s", err_text(&err));

	/* a laptop that goes on after it: its new households, no summaries,
	 * and the three made before are gone with the row counts kept */
	snprintf(dir, sizeof(dir), "%s/c", f->dir);
	c = make_store(dir, f->pass, "li");
	assert_ok(store_begin(f->sb, &err), &err);
	assert_ok(store_device(c, &pub, NULL, NULL, &err), &err);
	memcpy(d.device, pub.device, sizeof(d.device));
	snprintf(d.user, sizeof(d.user), "li");
	memcpy(d.sign_pk, pub.sign_pk, sizeof(d.sign_pk));
	memcpy(d.box_pk, pub.box_pk, sizeof(d.box_pk));
	assert_ok(store_cdev_put(f->sb, &d, &already, &err), &err);
	assert_ok(store_commit(f->sb, &err), &err);
	add_households(c, 4, 700);
	assert_ok(take_after(c, 0, f->sb, &err), &err);
	assert_ok(store_household_count(f->sb, &n, &err), &err);
	assert_int_equal(n, 7);
	assert_int_equal(sql_int(f->sb->db, "SELECT count(*) FROM summary"), 0);
	assert_ok(store_audit_verify(f->sb, &rep, &err), &err);
	/* its caseload, read from the households */
	assert_ok(store_caseload(f->sb, &a, &na, &err), &err);
	assert_ok(store_caseload_full(f->sb, &b, &nb, &err), &err);
	assert_int_equal(na, 7);
	assert_int_equal(nb, 7);
	for (size_t i = 0; i < na; i++)
		assert_string_equal(a[i].id, b[i].id);
	store_caseload_free(a, na);
	store_caseload_free(b, nb);
	/* rebuilt: still none, and it verifies */
	assert_ok(store_rebuild(f->sb, &err), &err);
	assert_int_equal(sql_int(f->sb->db, "SELECT count(*) FROM summary"), 0);
	assert_ok(store_audit_verify(f->sb, &rep, &err), &err);
	store_close(&c);
}

/* ---- changes at the same time on two laptops ------------------------------------- */

/* A change to household id on s, as a visit makes it: the household as
 * it is now with edit() applied, naming the event it rests on. */
static void change(ds_store *s, const char *id,
                   void (*edit)(json_t *hh, const char *v), const char *v)
{
	store_household_row row;
	json_t *hh, *body;
	char base[64];
	ds_error err;
	assert_ok(store_household_get(s, id, &row, &err), &err);
	hh = store_household_to_json(&row.h);
	edit(hh, v);
	assert_ok(store_begin(s, &err), &err);
	store_event_ref(s, row.updated_seq ? row.updated_seq : row.created_seq, base);
	body = json_pack("{s:o, s:s, s:s}", "household", hh, "cause", "visit", "base", base);
	assert_ok(store_emit(s, core_event_id(CORE_EVENT_HOUSEHOLD_CHANGED), id, body, NULL, &err), &err);
	assert_ok(store_commit(s, &err), &err);
	json_decref(body);
	store_row_free(&row);
}

static void set_address(json_t *hh, const char *v)
{
	json_object_set_new(hh, "address", json_string(v));
}

static void set_financial(json_t *hh, const char *v)
{
	json_object_set_new(json_object_get(hh, "assets"), "financial", json_string(v));
}

/* Everything of `from` this store does not have yet, taken in. */
static void exchange(ds_store *from, ds_store *to)
{
	json_t *rec = NULL;
	int64_t last = 0;
	store_replica_stats st;
	ds_error err;
	assert_ok(store_replica_own(from, 0, store_device_dseq(from), &rec, &last, &err), &err);
	assert_ok(take(to, rec, false, &st, &err), &err);
	json_decref(rec);
}

static json_t *hh_of(ds_store *s, const char *id)
{
	store_household_row row;
	json_t *j;
	ds_error err;
	assert_ok(store_household_get(s, id, &row, &err), &err);
	j = store_household_to_json(&row.h);
	store_row_free(&row);
	return j;
}

static void test_concurrent_changes(void **state)
{
	fixture *f = *state;
	core_household h;
	char id[STORE_ID_BUF];
	store_conflict *cl = NULL;
	size_t n = 0;
	json_t *ja, *jb;
	store_audit_report rep;
	ds_error err;
	hh_make(&h, 1, 700);
	assert_ok(store_household_add(f->sa, &h, id, &err), &err);
	core_household_free(&h);
	exchange(f->sa, f->sb); /* both have the household */
	/* at the same time: A changes the address, B the savings */
	change(f->sa, id, set_address, "石牌街道新址1号");
	change(f->sb, id, set_financial, "900");
	exchange(f->sa, f->sb);
	exchange(f->sb, f->sa);
	ja = hh_of(f->sa, id);
	jb = hh_of(f->sb, id);
	/* different fields: both changes kept, on both sides, no conflict */
	assert_string_equal(json_string_value(json_object_get(ja, "address")), "石牌街道新址1号");
	assert_string_equal(json_string_value(json_object_get(json_object_get(ja, "assets"), "financial")), "900.00");
	assert_true(json_equal(ja, jb));
	json_decref(ja);
	json_decref(jb);
	assert_ok(store_conflicts(f->sa, NULL, &cl, &n, &err), &err);
	assert_int_equal(n, 0);
	free(cl);
	/* then both change the address, differently: B's is later */
	change(f->sa, id, set_address, "A 的地址");
	usleep(5000);
	change(f->sb, id, set_address, "B 的地址");
	exchange(f->sa, f->sb);
	exchange(f->sb, f->sa);
	ja = hh_of(f->sa, id);
	jb = hh_of(f->sb, id);
	assert_string_equal(json_string_value(json_object_get(ja, "address")), "B 的地址");
	assert_true(json_equal(ja, jb)); /* the same on both laptops */
	json_decref(ja);
	json_decref(jb);
	assert_ok(store_conflicts(f->sa, id, &cl, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_non_null(strstr(cl[0].fields, "address"));
	assert_string_equal(cl[0].winner_author, "county"); /* store b's user */
	assert_string_equal(cl[0].loser_author, "wang");
	free(cl);
	assert_ok(store_conflicts(f->sb, id, &cl, &n, &err), &err);
	assert_int_equal(n, 1);
	free(cl);
	/* a rebuild gives the same household and the same conflict */
	assert_ok(store_rebuild(f->sa, &err), &err);
	ja = hh_of(f->sa, id);
	assert_string_equal(json_string_value(json_object_get(ja, "address")), "B 的地址");
	json_decref(ja);
	assert_ok(store_conflicts(f->sa, id, &cl, &n, &err), &err);
	assert_int_equal(n, 1);
	free(cl);
	assert_ok(store_audit_verify(f->sa, &rep, &err), &err);
}

/* ---- payload, receipts, key files ---------------------------------------------- */

static ds_status decode_text(const char *text, json_t **back, ds_error *err)
{
	return sync_payload_decode((const unsigned char *)text, strlen(text), back, err);
}

static void test_payload_round_trip(void **state)
{
	/* a body with a line break and Chinese in it travels as it is */
	json_t *rec = json_pack("[{s:s, s:i, s:s}, {s:s, s:s}]", "t", "ev", "dseq", 1,
	                        "body", "{\"name\": \"王\",\n \"x\": 1}",
	                        "t", "cp", "user", "王");
	json_t *back = NULL;
	unsigned char *p = NULL;
	size_t len = 0;
	ds_error err;
	(void)state;
	assert_ok(sync_payload_encode(rec, &p, &len, &err), &err);
	assert_int_equal(p[len - 1], '\n');
	{
		const char *raw = "\"blen\":24}\n{\"name\": \"王\",\n \"x\": 1}\n";
		assert_non_null(memmem(p, len, raw, strlen(raw)));
	}
	assert_ok(sync_payload_decode(p, len, &back, &err), &err);
	assert_true(json_equal(rec, back));
	json_decref(back);
	/* a line cut short, and a line that is not an object */
	assert_status(sync_payload_decode(p, len - 1, &back, &err), DS_EDAMAGED, &err);
	assert_non_null(strstr(err_text(&err), "payload record 2"));
	assert_null(back);
	assert_status(decode_text("[1]\n", &back, &err), DS_EDAMAGED, &err);
	/* bodies: cut short, longer than said, not where the length says,
	 * not text, an impossible length, and inside the line */
	assert_status(decode_text("{\"blen\":5}\nabc\n", &back, &err), DS_EDAMAGED, &err);
	assert_non_null(strstr(err_text(&err), "cut short"));
	assert_status(decode_text("{\"blen\":2}\nabc\n", &back, &err), DS_EDAMAGED, &err);
	assert_status(decode_text("{\"blen\":3}\nabc", &back, &err), DS_EDAMAGED, &err);
	assert_status(decode_text("{\"blen\":2}\n\xff\xfe\n", &back, &err), DS_EDAMAGED, &err);
	assert_non_null(strstr(err_text(&err), "not text"));
	assert_status(decode_text("{\"blen\":-1}\n\n", &back, &err), DS_EDAMAGED, &err);
	assert_status(decode_text("{\"blen\":\"3\"}\nabc\n", &back, &err), DS_EDAMAGED, &err);
	assert_status(decode_text("{\"body\":\"abc\"}\n", &back, &err), DS_EDAMAGED, &err);
	assert_non_null(strstr(err_text(&err), "after its line"));
	assert_null(back);
	/* an empty body, and an empty payload */
	assert_ok(decode_text("{\"blen\":0}\n\n", &back, &err), &err);
	assert_string_equal(json_string_value(json_object_get(json_array_get(back, 0), "body")), "");
	json_decref(back);
	assert_ok(decode_text("", &back, &err), &err);
	assert_int_equal(json_array_size(back), 0);
	json_decref(back);
	free(p);
	json_decref(rec);
}

static void test_receipt(void **state)
{
	unsigned char pk[32], sk[64], pk2[32], sk2[64];
	sync_receipt r, back;
	char *text = NULL;
	size_t len = 0;
	ds_error err;
	(void)state;
	crypto_sign_keypair(pk, sk);
	crypto_sign_keypair(pk2, sk2);
	memset(&r, 0, sizeof(r));
	memset(r.device, 7, sizeof(r.device));
	memset(r.hash, 9, sizeof(r.hash));
	r.epoch = 2;
	r.number = 41;
	r.events = 1234;
	r.outcome = SYNC_HELD;
	snprintf(r.reason, sizeof(r.reason), "waiting for bundle 40\nand more");
	assert_ok(sync_receipt_make(&r, sk, &text, &len, &err), &err);
	assert_ok(sync_receipt_check(text, len, pk, &back, &err), &err);
	assert_memory_equal(back.device, r.device, sizeof(r.device));
	assert_memory_equal(back.hash, r.hash, sizeof(r.hash));
	assert_int_equal(back.epoch, 2);
	assert_int_equal(back.number, 41);
	assert_int_equal(back.events, 1234);
	assert_int_equal(back.outcome, SYNC_HELD);
	/* a reason stays on its line */
	assert_string_equal(back.reason, "waiting for bundle 40 and more");
	/* another key, a changed line, a cut signature */
	assert_status(sync_receipt_check(text, len, pk2, &back, &err), DS_EDAMAGED, &err);
	{
		char *p = strstr(text, "number: 41");
		p[9] = '2';
		assert_status(sync_receipt_check(text, len, pk, &back, &err), DS_EDAMAGED, &err);
		p[9] = '1';
	}
	assert_status(sync_receipt_check(text, len - 5, pk, &back, &err), DS_EDAMAGED, &err);
	assert_status(sync_receipt_check("hello\n", 6, pk, &back, &err), DS_EINPUT, &err);
	free(text);
}

static void test_devkey_file(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 16];
	store_device_pub p, back;
	ds_error err;
	FILE *fp;
	(void)state;
	tmpdir_new(dir);
	snprintf(path, sizeof(path), "%s/dev.key", dir);
	memset(&p, 0, sizeof(p));
	randombytes_buf(p.device, sizeof(p.device));
	randombytes_buf(p.box_pk, sizeof(p.box_pk));
	randombytes_buf(p.sign_pk, sizeof(p.sign_pk));
	p.epoch = 3;
	assert_ok(sync_devkey_write(path, &p, &err), &err);
	assert_ok(sync_devkey_read(path, &back, &err), &err);
	assert_memory_equal(&p, &back, sizeof(p));
	{ /* the same from the file's text (the county's console) */
		char *text = NULL;
		assert_ok(store_read_file(path, 4096, &text, NULL, &err), &err);
		memset(&back, 0, sizeof(back));
		assert_ok(sync_devkey_parse(text, "key", &back, &err), &err);
		assert_memory_equal(&p, &back, sizeof(p));
		free(text);
		assert_status(sync_devkey_parse("format: doorstep-device-public-1\n", "key", &back, &err),
		              DS_EINPUT, &err);
		assert_string_equal(err.where, "key");
		assert_status(sync_devkey_parse("", "key", &back, &err), DS_EINPUT, &err);
	}
	fp = fopen(path, "w");
	fputs("format: doorstep-device-public-1\ndevice: 00\n", fp);
	fclose(fp);
	assert_status(sync_devkey_read(path, &back, &err), DS_EINPUT, &err);
	assert_non_null(strstr(err_text(&err), "\"device\""));
	fp = fopen(path, "w");
	fputs("format: doorstep-county-public-1\n", fp);
	fclose(fp);
	assert_status(sync_devkey_read(path, &back, &err), DS_EINPUT, &err);
	tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_events_arrive_and_project, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gap_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_take_read_ahead, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_ahead, setup, teardown),
		cmocka_unit_test_setup_teardown(test_altered_records_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged_checkpoint_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_records_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_device_keys_stable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_county_keeps_no_summaries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_created_read_either_way, setup, teardown),
		cmocka_unit_test(test_payload_round_trip),
		cmocka_unit_test(test_receipt),
		cmocka_unit_test(test_devkey_file),
	};
	if (store_crypto_init())
		return 1;
	return cmocka_run_group_tests_name("sync replica", tests, NULL, NULL);
}
