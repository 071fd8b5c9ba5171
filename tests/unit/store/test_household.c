/* test_household.c — households in the store (store/household.c): adding
 * with validation and the one-household-per-person rule, reading back,
 * resolving ids and prefixes, finding a person, the walk in creation order
 * (over many batches too, on two cores and on one), and adds inside a
 * caller's transaction. One store serves the group. */
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/internal.h"
#include "tests/unit/store/storetest.h"

static char root[PATH_MAX], dir[PATH_MAX + 32];
static store_secret *pass;
static ds_store *s;
static unsigned serial = 5000; /* ID numbers not used yet */

static int64_t count_rows(const char *table)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	return sql_int(s->db, sql);
}

static int64_t households(void)
{
	int64_t n = -1;
	ds_error err;
	assert_ok(store_household_count(s, &n, &err), &err);
	return n;
}

/* A fresh valid household of n members. */
static void make(core_household *h, size_t n)
{
	hh_make(h, n, serial);
	serial += (unsigned)n;
}

static void add(core_household *h, char id[STORE_ID_BUF])
{
	ds_error err;
	assert_ok(store_household_add(s, h, id, &err), &err);
}

static int group_setup(void **state)
{
	store_init_opts o = {"wang", CORE_ROLE_ASSISTANT, "440106", NULL};
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	tmpdir_new(root);
	snprintf(dir, sizeof(dir), "%s/store", root);
	pass = pass_new(TEST_PASS);
	if (store_init(dir, &o, pass, NULL) != DS_OK ||
	    store_open(dir, "wang", pass, &s, NULL) != DS_OK)
		return -1;
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

/* ---- NULL and empty ------------------------------------------------------------ */

static void test_null_and_empty(void **state)
{
	store_prepared *p = NULL;
	char id[STORE_ID_BUF];
	store_household_row row;
	ds_error err;
	(void)state;
	store_row_free(NULL);
	store_prepared_free(NULL);
	store_prepared_free(&p);
	assert_null(p);
	assert_int_equal(households(), 0);
	assert_status(store_household_resolve(s, NULL, id, &err), DS_EINPUT, &err);
	assert_string_equal(err.where, "ID");
	assert_status(store_person_find(s, NULL, id, &err), DS_EINPUT, &err);
	assert_string_equal(err.where, "ID_NUMBER");
	assert_status(store_person_find(s, "", id, &err), DS_EINPUT, &err);
	assert_status(store_household_get(s, "zzzzzzzzzzzz", &row, &err),
	              DS_EINPUT, &err);
	assert_string_equal(err.arg[0], "zzzzzzzzzzzz");
	/* An empty caseload walks nowhere, and audits clean. */
	assert_ok(store_household_each(s, NULL, NULL, NULL, &err), &err);
	{
		store_audit_report rep;
		assert_ok(store_audit_verify(s, &rep, &err), &err);
		assert_int_equal(rep.households, 0);
		/* store_init's commit: store.created, user.added and the
		 * built-in policy, under one checkpoint. */
		assert_int_equal(rep.events, 3);
		assert_int_equal(rep.checkpoints, 1);
	}
	assert_ok(store_rebuild(s, &err), &err);
	assert_int_equal(households(), 0);
}

/* ---- adding ------------------------------------------------------------------------- */

/* Each breaks a valid household one way; the error names the field. */
static const struct {
	const char *what;
	const char *where;
} breaks[] = {
	{"no members", "members"},
	{"bad check character, second member", "members[1].id_number"},
	{"lower-case x, not the normal form", "members[0].id_number"},
	{"the same person twice", "members[1].id_number"},
	{"region", "region"},
	{"no head", "members"},
	{"two heads", "members[1].relation"},
	{"name missing", "members[1].name"},
	{"born after today", "members[1].id_number"},
	{"negative income", "members[0].incomes[0].monthly"},
};

static void break_household(core_household *h, size_t i)
{
	switch (i) {
	case 0:
		core_household_free(h);
		break;
	case 1:
		h->members[1].id_number[17] =
		        h->members[1].id_number[17] == '1' ? '2' : '1';
		break;
	case 2: {
		/* A valid number whose check character is X, written x. */
		unsigned k = 0;
		char idn[CORE_IDNUM_BUF];
		do
			idnum_make(idn, 90000 + k++);
		while (idn[17] != 'X');
		idn[17] = 'x';
		memcpy(h->members[0].id_number, idn, sizeof(idn));
		break;
	}
	case 3:
		memcpy(h->members[1].id_number, h->members[0].id_number,
		       CORE_IDNUM_BUF);
		break;
	case 4:
		snprintf(h->region, sizeof(h->region), "44010");
		break;
	case 5:
		h->members[0].relation = CORE_REL_SPOUSE;
		break;
	case 6:
		h->members[1].relation = CORE_REL_HEAD;
		break;
	case 7:
		h->members[1].name[0] = '\0';
		break;
	case 8: {
		/* today is set just before; this person is born a day later */
		char idn[CORE_IDNUM_BUF];
		snprintf(idn, sizeof(idn), "11010520261128001");
		idn[17] = core_idnum_check_char(idn);
		idn[18] = '\0';
		memcpy(h->members[1].id_number, idn, sizeof(idn));
		break;
	}
	case 9:
		h->members[0].incomes[0].monthly = -1;
		break;
	}
}

static void test_add_validates(void **state)
{
	int64_t events = count_rows("event"), n = households();
	int64_t persons = count_rows("person");
	(void)state;
	for (size_t i = 0; i < N(breaks); i++) {
		core_household h;
		char id[STORE_ID_BUF] = "";
		ds_error err;
		ds_status st;
		make(&h, 3);
		break_household(&h, i);
		if (i == 8)
			store_set_today(s, core_date_from_ymd(2026, 11, 27));
		memset(&err, 0, sizeof(err));
		st = store_household_check(s, &h, &err);
		if (st != DS_EINPUT || strcmp(err.where, breaks[i].where) != 0)
			fail_msg("check, %s: status %d at \"%s\", wanted \"%s\" (%s)",
			         breaks[i].what, (int)st, err.where, breaks[i].where,
			         err_text(&err));
		memset(&err, 0, sizeof(err));
		st = store_household_add(s, &h, id, &err);
		if (st != DS_EINPUT || strcmp(err.where, breaks[i].where) != 0)
			fail_msg("add, %s: status %d at \"%s\", wanted \"%s\" (%s)",
			         breaks[i].what, (int)st, err.where, breaks[i].where,
			         err_text(&err));
		store_set_today(s, -1);
		assert_false(store_in_transaction(s));
		core_household_free(&h);
	}
	/* Bad input changes nothing. */
	assert_int_equal(count_rows("event"), events);
	assert_int_equal(households(), n);
	assert_int_equal(count_rows("person"), persons);
}

static void assert_same_household(const core_household *a,
                                  const core_household *b)
{
	json_t *ja = store_household_to_json(a), *jb = store_household_to_json(b);
	char *ta = json_dumps(ja, JSON_COMPACT), *tb = json_dumps(jb, JSON_COMPACT);
	assert_string_equal(ta, tb);
	free(ta);
	free(tb);
	json_decref(ja);
	json_decref(jb);
}

static void test_add_and_get(void **state)
{
	core_household h, g;
	char id[STORE_ID_BUF], id2[STORE_ID_BUF];
	store_household_row row;
	int64_t events = count_rows("event"), cps = count_rows("checkpoint");
	int64_t persons = count_rows("person"), n = households();
	ds_error err;
	(void)state;
	make(&h, 3);
	h.receiving = true;
	h.allowance = 119500;
	h.since = core_month_make(2024, 3);
	add(&h, id);
	assert_int_equal(strlen(id), STORE_ID_LEN);
	assert_int_equal(strspn(id, "0123456789abcdefghjkmnpqrstvwxyz"),
	                 STORE_ID_LEN);
	assert_int_equal(count_rows("event"), events + 1);
	assert_int_equal(count_rows("checkpoint"), cps + 1);
	assert_int_equal(count_rows("person"), persons + 3);
	assert_int_equal(households(), n + 1);

	assert_ok(store_household_get(s, id, &row, &err), &err);
	assert_string_equal(row.id, id);
	assert_string_equal(row.status, "receiving");
	assert_string_equal(row.due, "");
	assert_int_equal(row.version, 1);
	assert_int_equal(row.created_seq, sql_int(s->db, "SELECT max(seq) FROM event"));
	assert_int_equal(row.updated_seq, row.created_seq);
	assert_same_household(&row.h, &h);
	assert_int_equal(row.h.allowance, 119500);
	store_row_free(&row);
	assert_null(row.h.members);

	/* One not receiving starts out applying. */
	make(&g, 1);
	add(&g, id2);
	assert_string_not_equal(id, id2);
	assert_ok(store_household_get(s, id2, &row, &err), &err);
	assert_string_equal(row.status, "applying");
	assert_same_household(&row.h, &g);
	store_row_free(&row);
	core_household_free(&h);
	core_household_free(&g);
}

/* A stored text the one-pass reader gives up on (escapes in a string)
 * is read the long way, to the same household; one it takes, read by
 * both, gives the same household too. */
static void test_read_either_way(void **state)
{
	core_household h, direct;
	store_household_row row;
	char id[STORE_ID_BUF], *text = NULL;
	size_t len = 0;
	json_t *j;
	ds_error err;
	(void)state;
	make(&h, 2);
	snprintf(h.address, sizeof(h.address), "%s",
	         "\xe5\xa4\xa9\xe6\xb2\xb3\xe5\x8c\xba \"12\" \\ back door");
	assert_ok(store_household_canonical(&h, &text, &len, &err), &err);
	assert_false(store_household_from_text(text, len, &direct));
	add(&h, id);
	assert_ok(store_household_get(s, id, &row, &err), &err);
	assert_same_household(&row.h, &h);
	assert_string_equal(row.h.address, h.address);
	store_row_free(&row);
	free(text);
	core_household_free(&h);

	make(&h, 3);
	assert_ok(store_household_canonical(&h, &text, &len, &err), &err);
	assert_true(store_household_from_text(text, len, &direct));
	j = json_loadb(text, len, 0, NULL);
	assert_non_null(j);
	add(&h, id);
	assert_ok(store_household_get(s, id, &row, &err), &err);
	assert_same_household(&row.h, &direct);
	{
		core_household slow;
		assert_ok(store_household_from_json(j, &slow, &err), &err);
		assert_same_household(&row.h, &slow);
		core_household_free(&slow);
	}
	store_row_free(&row);
	json_decref(j);
	free(text);
	core_household_free(&direct);
	core_household_free(&h);
}

static void test_refuses_person_elsewhere(void **state)
{
	core_household a, b;
	char ida[STORE_ID_BUF], idb[STORE_ID_BUF];
	int64_t events, n;
	ds_error err;
	(void)state;
	make(&a, 2);
	add(&a, ida);
	events = count_rows("event");
	n = households();
	/* b's third member is a's second. */
	make(&b, 3);
	memcpy(b.members[2].id_number, a.members[1].id_number, CORE_IDNUM_BUF);
	assert_status(store_household_check(s, &b, &err), DS_EINPUT, &err);
	assert_string_equal(err.where, "members[2].id_number");
	assert_string_equal(err.arg[0], ida);
	assert_status(store_household_add(s, &b, idb, &err), DS_EINPUT, &err);
	assert_string_equal(err.where, "members[2].id_number");
	assert_string_equal(err.arg[0], ida);
	assert_int_equal(count_rows("event"), events);
	assert_int_equal(households(), n);
	/* Without that person, b goes in. */
	core_household_remove_member(&b, 2);
	add(&b, idb);
	core_household_free(&a);
	core_household_free(&b);
}

/* prepare, then someone else adds one of its people, then add_prepared:
 * still refused, and nothing of it is left. */
static void test_prepared_then_taken(void **state)
{
	core_household a, b;
	store_prepared *p = NULL;
	char ida[STORE_ID_BUF], idb[STORE_ID_BUF];
	int64_t events, persons, n;
	ds_error err;
	(void)state;
	make(&a, 2);
	make(&b, 1);
	memcpy(b.members[0].id_number, a.members[1].id_number, CORE_IDNUM_BUF);
	b.members[0].relation = CORE_REL_HEAD;
	assert_ok(store_household_prepare(s, &a, &p, &err), &err);
	assert_non_null(p);
	add(&b, idb);
	events = count_rows("event");
	persons = count_rows("person");
	n = households();
	assert_status(store_household_add_prepared(s, p, ida, &err), DS_EINPUT,
	              &err);
	assert_string_equal(err.where, "members[1].id_number");
	assert_string_equal(err.arg[0], idb);
	assert_false(store_in_transaction(s));
	assert_int_equal(count_rows("event"), events);
	assert_int_equal(count_rows("person"), persons);
	assert_int_equal(households(), n);
	/* The same inside the caller's transaction, which the caller then
	 * rolls back. */
	assert_ok(store_begin(s, &err), &err);
	assert_status(store_household_add_prepared(s, p, ida, &err), DS_EINPUT,
	              &err);
	assert_true(store_in_transaction(s));
	store_rollback(s);
	assert_int_equal(count_rows("event"), events);
	assert_int_equal(count_rows("person"), persons);
	store_prepared_free(&p);
	assert_null(p);
	core_household_free(&a);
	core_household_free(&b);
}

/* ---- resolving ids ---------------------------------------------------------------------- */

static void test_resolve(void **state)
{
	static const char *const not_ids[] = {
		"",      "abc",   "0123456789abc", /* 13 */
		"abci",  "abcl",  "abco", "abcu", "abc!", "abc ", " abc", "abc-d",
		"ａｂｃｄ",
	};
	core_household h;
	char id[STORE_ID_BUF], out[STORE_ID_BUF], upper[STORE_ID_BUF], sql[256];
	ds_error err;
	(void)state;
	make(&h, 1);
	add(&h, id);
	core_household_free(&h);

	for (size_t i = 0; i < N(not_ids); i++) {
		memset(&err, 0, sizeof(err));
		if (store_household_resolve(s, not_ids[i], out, &err) != DS_EINPUT)
			fail_msg("resolved \"%s\"", not_ids[i]);
		assert_string_equal(err.where, "ID");
	}
	/* The whole id, and its first four characters (when no other id
	 * starts the same: checked, since ids are random). */
	assert_ok(store_household_resolve(s, id, out, &err), &err);
	assert_string_equal(out, id);
	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM household WHERE substr(id, 1, 4) = '%.4s'",
	         id);
	if (sql_int(s->db, sql) == 1) {
		char prefix[5];
		memcpy(prefix, id, 4);
		prefix[4] = '\0';
		memset(out, 0, sizeof(out));
		assert_ok(store_household_resolve(s, prefix, out, &err), &err);
		assert_string_equal(out, id);
	}
	/* Upper case is the same id. */
	for (size_t i = 0; i < sizeof(upper); i++)
		upper[i] = (char)(id[i] >= 'a' && id[i] <= 'z' ? id[i] - 'a' + 'A'
		                                               : id[i]);
	assert_ok(store_household_resolve(s, upper, out, &err), &err);
	assert_string_equal(out, id);
	upper[6] = '\0';
	assert_ok(store_household_resolve(s, upper, out, &err), &err);
	assert_string_equal(out, id);
	/* No such household. */
	assert_status(store_household_resolve(s, "zzzzzzzzzzzz", out, &err),
	              DS_EINPUT, &err);
	assert_string_equal(err.arg[0], "zzzzzzzzzzzz");
}

/* Two ids sharing four characters: crafted rows, removed afterwards. */
static void test_resolve_ambiguous(void **state)
{
	char out[STORE_ID_BUF];
	ds_error err;
	(void)state;
	assert_true(households() > 0);
	/* Copies of a whole row (whatever its columns) under new ids. */
	sql_exec(s->db,
	         "CREATE TEMP TABLE crafted AS SELECT * FROM household LIMIT 1;"
	         "UPDATE crafted SET id = 'vwxy00000000';"
	         "INSERT INTO household SELECT * FROM crafted;"
	         "UPDATE crafted SET id = 'vwxy11111111';"
	         "INSERT INTO household SELECT * FROM crafted;"
	         "UPDATE crafted SET id = 'vwxz00000000';"
	         "INSERT INTO household SELECT * FROM crafted;"
	         "UPDATE crafted SET id = 'vwx~00000000';"
	         "INSERT INTO household SELECT * FROM crafted;"
	         "DROP TABLE crafted;");
	assert_status(store_household_resolve(s, "vwxy", out, &err), DS_EINPUT,
	              &err);
	assert_string_equal(err.where, "ID");
	assert_string_equal(err.arg[0], "vwxy");
	assert_non_null(strstr(err.fmt, "more than one"));
	assert_status(store_household_resolve(s, "VWXY", out, &err), DS_EINPUT,
	              &err);
	assert_non_null(strstr(err.fmt, "more than one"));
	/* One more character tells them apart. */
	assert_ok(store_household_resolve(s, "vwxy0", out, &err), &err);
	assert_string_equal(out, "vwxy00000000");
	assert_ok(store_household_resolve(s, "VWXY1", out, &err), &err);
	assert_string_equal(out, "vwxy11111111");
	/* The neighbours of the range do not count. */
	assert_ok(store_household_resolve(s, "vwxz", out, &err), &err);
	assert_string_equal(out, "vwxz00000000");
	assert_ok(store_household_resolve(s, "vwxy00000000", out, &err), &err);
	assert_string_equal(out, "vwxy00000000");
	assert_status(store_household_resolve(s, "vwxy2", out, &err), DS_EINPUT,
	              &err);
	sql_exec(s->db, "DELETE FROM household WHERE id LIKE 'vwx%'");
}

/* ---- finding a person ---------------------------------------------------------------------- */

static void test_person_find(void **state)
{
	core_household h;
	char id[STORE_ID_BUF], out[STORE_ID_BUF], x[CORE_IDNUM_BUF],
	        other[CORE_IDNUM_BUF];
	char lower[CORE_IDNUM_BUF], wide[CORE_IDNUM_BUF * 3 + 1], spaced[40];
	unsigned k = 0;
	ds_error err;
	(void)state;
	/* A member whose number ends in X. */
	do
		idnum_make(x, 91000 + k++);
	while (x[17] != 'X');
	make(&h, 2);
	memcpy(h.members[1].id_number, x, sizeof(x));
	add(&h, id);
	core_household_free(&h);

	assert_ok(store_person_find(s, x, out, &err), &err);
	assert_string_equal(out, id);
	/* lower-case x */
	memcpy(lower, x, sizeof(x));
	lower[17] = 'x';
	memset(out, 0, sizeof(out));
	assert_ok(store_person_find(s, lower, out, &err), &err);
	assert_string_equal(out, id);
	/* full-width digits and Ｘ */
	{
		size_t o = 0;
		for (size_t i = 0; i < 18; i++) {
			if (x[i] == 'X') {
				memcpy(wide + o, "\xef\xbc\xb8", 3); /* Ｘ */
			} else {
				wide[o] = '\xef';
				wide[o + 1] = '\xbc';
				wide[o + 2] = (char)(0x90 + (x[i] - '0')); /* ０..９ */
			}
			o += 3;
		}
		wide[o] = '\0';
	}
	memset(out, 0, sizeof(out));
	assert_ok(store_person_find(s, wide, out, &err), &err);
	assert_string_equal(out, id);
	/* grouped as people read it */
	snprintf(spaced, sizeof(spaced), "%.6s %.8s %.4s", x, x + 6, x + 14);
	memset(out, 0, sizeof(out));
	assert_ok(store_person_find(s, spaced, out, &err), &err);
	assert_string_equal(out, id);

	/* Not an ID number: named as such. */
	assert_status(store_person_find(s, "12345", out, &err), DS_EINPUT, &err);
	assert_string_equal(err.where, "ID_NUMBER");
	memcpy(other, x, sizeof(x));
	other[17] = '0';
	assert_status(store_person_find(s, other, out, &err), DS_EINPUT, &err);
	/* A valid number nobody in the store has. */
	idnum_make(other, 99999);
	assert_status(store_person_find(s, other, out, &err), DS_EINPUT, &err);
	assert_string_equal(err.where, "ID_NUMBER");
	assert_non_null(strstr(err.fmt, "no household"));
}

/* ---- the walk and the count ------------------------------------------------------------------ */

typedef struct {
	char ids[256][STORE_ID_BUF];
	size_t n;
	size_t stop_at; /* stop (with DS_EUSAGE) at this visit; 0: never */
	size_t damaged;
	char damaged_where[DS_ERR_WHERE];
} walk;

static void on_damaged(const ds_error *e, void *ctx)
{
	walk *w = ctx;
	assert_int_equal(e->status, DS_EDAMAGED);
	if (!w->damaged++)
		snprintf(w->damaged_where, sizeof(w->damaged_where), "%s", e->where);
}

static ds_status visit(const store_household_row *row, void *ctx)
{
	walk *w = ctx;
	assert_true(w->n < 256);
	assert_true(row->h.n_members > 0);
	memcpy(w->ids[w->n++], row->id, STORE_ID_BUF);
	return w->stop_at && w->n == w->stop_at ? DS_EUSAGE : DS_OK;
}

static void test_each_in_creation_order(void **state)
{
	walk *w = calloc(1, sizeof(*w));
	char ids[6][STORE_ID_BUF];
	int64_t n0 = households();
	sqlite3_stmt *q;
	size_t i = 0;
	ds_error err;
	(void)state;
	assert_non_null(w);
	for (size_t k = 0; k < N(ids); k++) {
		core_household h;
		make(&h, 1 + k % 3);
		add(&h, ids[k]);
		core_household_free(&h);
		assert_int_equal(households(), n0 + (int64_t)k + 1);
	}
	assert_ok(store_household_each(s, visit, NULL, w, &err), &err);
	assert_int_equal(w->n, (size_t)households());
	/* The order of the household.created events in the log. */
	assert_int_equal(sqlite3_prepare_v2(s->db,
	                                    "SELECT entity FROM event WHERE kind ="
	                                    " 'household.created' ORDER BY seq",
	                                    -1, &q, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		assert_true(i < w->n);
		assert_string_equal(w->ids[i], (const char *)sqlite3_column_text(q, 0));
		i++;
	}
	sqlite3_finalize(q);
	assert_int_equal(i, w->n);
	/* The six just added come last, in the order they were added. */
	for (size_t k = 0; k < N(ids); k++)
		assert_string_equal(w->ids[w->n - N(ids) + k], ids[k]);

	/* A callback's status stops the walk and comes back. */
	memset(w, 0, sizeof(*w));
	w->stop_at = 3;
	assert_int_equal(store_household_each(s, visit, NULL, w, &err), DS_EUSAGE);
	assert_int_equal(w->n, 3);
	free(w);
}

/* A damaged row: get and the walk name it. */
static void test_damaged_row(void **state)
{
	char id[STORE_ID_BUF], sql[256], want[64];
	store_household_row row;
	walk *w = calloc(1, sizeof(*w));
	ds_error err;
	(void)state;
	assert_non_null(w);
	sql_text(s->db, "SELECT id FROM household ORDER BY created_seq LIMIT 1",
	         id, sizeof(id));
	snprintf(want, sizeof(want), "household %s", id);
	sql_exec(s->db, "CREATE TEMP TABLE b_hh AS SELECT * FROM household");
	snprintf(sql, sizeof(sql),
	         "UPDATE household SET data = randomblob(70) WHERE id = '%s'", id);
	sql_exec(s->db, sql);
	assert_status(store_household_get(s, id, &row, &err), DS_EDAMAGED, &err);
	assert_string_equal(err.where, want);
	/* Without a damaged callback the walk stops at it... */
	assert_status(store_household_each(s, visit, NULL, w, &err), DS_EDAMAGED,
	              &err);
	assert_string_equal(err.where, want);
	assert_int_equal(w->n, 0);
	/* ...with one, it reports it and goes on to the others. */
	memset(w, 0, sizeof(*w));
	assert_status(store_household_each(s, visit, on_damaged, w, &err),
	              DS_EDAMAGED, &err);
	assert_int_equal(w->damaged, 1);
	assert_string_equal(w->damaged_where, want);
	assert_int_equal(w->n, (size_t)households() - 1);
	sql_exec(s->db, "DELETE FROM household; INSERT INTO household"
	                " SELECT * FROM b_hh");
	/* A row whose data is its creating event's body, pointed at another
	 * household's creating event, or at an event of another kind: it
	 * must not open as the other household. */
	{
		static const char *const points[] = {
			"(SELECT created_seq FROM household WHERE id <> '%s'"
			" ORDER BY created_seq DESC LIMIT 1)",
			"(SELECT seq FROM event WHERE kind = 'user.added' LIMIT 1)",
		};
		for (size_t i = 0; i < N(points); i++) {
			char target[160], upd[512];
			snprintf(target, sizeof(target), points[i], id);
			snprintf(upd, sizeof(upd),
			         "UPDATE household SET created_seq = %s WHERE id = '%s'"
			         " AND data IS NULL",
			         target, id);
			sql_exec(s->db, upd);
			assert_int_equal(sqlite3_changes(sql_raw(s->db)), 1);
			memset(&err, 0, sizeof(err));
			assert_status(store_household_get(s, id, &row, &err),
			              DS_EDAMAGED, &err);
			assert_string_equal(err.where, want);
			sql_exec(s->db, "DELETE FROM household; INSERT INTO household"
			                " SELECT * FROM b_hh");
		}
	}
	sql_exec(s->db, "DROP TABLE b_hh");
	assert_ok(store_household_get(s, id, &row, &err), &err);
	store_row_free(&row);
	free(w);
}

/* ---- inside the caller's transaction ------------------------------------------------------------ */

static void test_add_in_transaction_rollback(void **state)
{
	core_household h;
	char id[STORE_ID_BUF], found[STORE_ID_BUF], first[CORE_IDNUM_BUF];
	int64_t events = count_rows("event"), cps = count_rows("checkpoint");
	int64_t persons = count_rows("person"), n = households();
	store_household_row row;
	store_audit_report rep;
	ds_error err;
	(void)state;
	make(&h, 3);
	memcpy(first, h.members[0].id_number, sizeof(first));
	assert_ok(store_begin(s, &err), &err);
	add(&h, id);
	/* Still the caller's transaction; inside it the household is there. */
	assert_true(store_in_transaction(s));
	assert_int_equal(households(), n + 1);
	assert_ok(store_person_find(s, first, found, &err), &err);
	assert_string_equal(found, id);
	store_rollback(s);
	/* No household, no index entry, no event, no checkpoint. */
	assert_int_equal(households(), n);
	assert_int_equal(count_rows("person"), persons);
	assert_int_equal(count_rows("event"), events);
	assert_int_equal(count_rows("checkpoint"), cps);
	assert_status(store_household_get(s, id, &row, &err), DS_EINPUT, &err);
	assert_status(store_person_find(s, first, found, &err), DS_EINPUT, &err);
	assert_status(store_household_resolve(s, id, found, &err), DS_EINPUT, &err);

	/* The same household can then be added for real, and two in one
	 * transaction share one checkpoint. */
	assert_ok(store_begin(s, &err), &err);
	add(&h, id);
	core_household_free(&h);
	make(&h, 1);
	add(&h, found);
	assert_ok(store_commit(s, &err), &err);
	assert_int_equal(households(), n + 2);
	assert_int_equal(count_rows("event"), events + 2);
	assert_int_equal(count_rows("checkpoint"), cps + 1);
	assert_ok(store_audit_verify(s, &rep, &err), &err);
	assert_int_equal(rep.households, n + 2);
	core_household_free(&h);
}

/* The walk over many batches (store_household_each reads 128 rows at a
 * time, opens them on another thread and calls back on its own): every
 * household once, in creation order, damaged rows reported where they
 * fall and the rest called back, a stop in a later batch where it is
 * asked; on two cores and held to one. */
typedef struct {
	char (*ids)[STORE_ID_BUF];
	size_t n, cap, stop_at, damaged;
} long_walk;

static ds_status long_visit(const store_household_row *row, void *ctx)
{
	long_walk *w = ctx;
	assert_true(w->n < w->cap);
	assert_true(row->h.n_members > 0);
	memcpy(w->ids[w->n++], row->id, STORE_ID_BUF);
	return w->stop_at && w->n == w->stop_at ? DS_EUSAGE : DS_OK;
}

static void long_damaged(const ds_error *e, void *ctx)
{
	long_walk *w = ctx;
	assert_int_equal(e->status, DS_EDAMAGED);
	w->damaged++;
}

static void walk_all_ways(size_t damaged_at[3])
{
	int64_t total = households();
	char (*order)[STORE_ID_BUF] = calloc((size_t)total, STORE_ID_BUF);
	long_walk w;
	sqlite3_stmt *q;
	size_t i = 0, j = 0;
	ds_error err;
	assert_non_null(order);
	assert_int_equal(sqlite3_prepare_v2(s->db,
	                                    "SELECT id FROM household ORDER BY created_seq",
	                                    -1, &q, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW && i < (size_t)total)
		snprintf(order[i++], STORE_ID_BUF, "%s", sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	assert_int_equal(i, (size_t)total);

	memset(&w, 0, sizeof(w));
	w.cap = (size_t)total;
	w.ids = calloc(w.cap, STORE_ID_BUF);
	assert_non_null(w.ids);
	/* every one but the damaged, in creation order */
	assert_status(store_household_each(s, long_visit, long_damaged, &w, &err),
	              DS_EDAMAGED, &err);
	assert_int_equal(w.damaged, 3);
	assert_int_equal(w.n, (size_t)total - 3);
	for (i = 0, j = 0; i < (size_t)total; i++) {
		if (i == damaged_at[0] || i == damaged_at[1] || i == damaged_at[2])
			continue;
		assert_string_equal(w.ids[j], order[i]);
		j++;
	}
	/* without a damaged callback, the first damaged row stops it, the
	 * rows before it called back */
	w.n = w.damaged = 0;
	assert_status(store_household_each(s, long_visit, NULL, &w, &err),
	              DS_EDAMAGED, &err);
	assert_int_equal(w.n, damaged_at[0]);
	/* a stop asked for in the fourth batch */
	w.n = w.damaged = 0;
	w.stop_at = 450;
	assert_int_equal(store_household_each(s, long_visit, long_damaged, &w,
	                                      &err),
	                 DS_EUSAGE);
	assert_int_equal(w.n, 450);
	free(w.ids);
	free(order);
}

static void test_each_many_batches(void **state)
{
	size_t damaged_at[3];
	int64_t n0 = households(), total;
	cpu_set_t was, one;
	char sql[512];
	ds_error err;
	(void)state;
	assert_ok(store_begin(s, &err), &err);
	for (int k = 0; k < 700; k++) {
		core_household h;
		char id[STORE_ID_BUF];
		make(&h, 1 + (size_t)k % 3);
		add(&h, id);
		core_household_free(&h);
	}
	assert_ok(store_commit(s, &err), &err);
	total = households();
	assert_int_equal(total, n0 + 700);
	/* damaged: the first row of the second batch, one in the middle of
	 * the third and the very last */
	damaged_at[0] = 128;
	damaged_at[1] = 300;
	damaged_at[2] = (size_t)total - 1;
	sql_exec(s->db, "CREATE TEMP TABLE many_hh AS SELECT * FROM household");
	for (int d = 0; d < 3; d++) {
		snprintf(sql, sizeof(sql),
		         "UPDATE household SET mac = randomblob(32) WHERE id ="
		         " (SELECT id FROM household ORDER BY created_seq LIMIT 1"
		         " OFFSET %zu)",
		         damaged_at[d]);
		sql_exec(s->db, sql);
	}
	/* the machines this runs on have two cores: the first walk opens
	 * its batches on a second thread */
	if (!store_two_cores())
		fail_msg("this test needs a process that may run on two cores");
	walk_all_ways(damaged_at);
	/* held to one core: the batches opened in turn, the same walk */
	assert_int_equal(sched_getaffinity(0, sizeof(was), &was), 0);
	CPU_ZERO(&one);
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &was)) {
			CPU_SET(c, &one);
			break;
		}
	assert_int_equal(sched_setaffinity(0, sizeof(one), &one), 0);
	assert_false(store_two_cores());
	walk_all_ways(damaged_at);
	assert_int_equal(sched_setaffinity(0, sizeof(was), &was), 0);
	sql_exec(s->db, "DELETE FROM household; INSERT INTO household"
	                " SELECT * FROM many_hh; DROP TABLE many_hh");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_add_validates),
		cmocka_unit_test(test_add_and_get),
		cmocka_unit_test(test_read_either_way),
		cmocka_unit_test(test_refuses_person_elsewhere),
		cmocka_unit_test(test_prepared_then_taken),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_resolve_ambiguous),
		cmocka_unit_test(test_person_find),
		cmocka_unit_test(test_each_in_creation_order),
		cmocka_unit_test(test_damaged_row),
		cmocka_unit_test(test_add_in_transaction_rollback),
		cmocka_unit_test(test_each_many_batches),
	};
	return cmocka_run_group_tests_name("store_household", tests, group_setup,
	                                   group_teardown);
}
