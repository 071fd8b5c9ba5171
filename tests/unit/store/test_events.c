/* test_events.c — the event log (store/events.c): one signed checkpoint per
 * commit, rollback, the audit on a healthy store and on every kind of
 * tampering with the file, and rebuilding the case files from the log.
 * One store serves the group; a tampering test changes the file with SQL,
 * runs the audit, and puts every table back as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/event.h"
#include "store/internal.h"
#include "tests/unit/store/storetest.h"

#define PASS_LI "li's own passphrase"

static char root[PATH_MAX], dir[PATH_MAX + 32];
static store_secret *pass_wang, *pass_li;
static ds_store *s; /* open as wang for the whole group */
static unsigned serial = 1000; /* ID numbers not used yet */

/* Event numbers of the log group_setup builds, read from the log as it
 * is written (store_init's own events come first): the last event of
 * store_init's commit, li's user.added, the household added on its own,
 * the three added in one commit, and the household added after them. */
static int64_t ev_init, ev_li, ev_single, ev_batch[3], ev_last;

/* Adds a household of n members in its own transaction. */
static void add(size_t n, char id[STORE_ID_BUF])
{
	core_household h;
	ds_error err;
	hh_make(&h, n, serial);
	serial += (unsigned)n;
	assert_ok(store_household_add(s, &h, id, &err), &err);
	core_household_free(&h);
}

/* The entity (household id) of event seq. */
static void entity_of(int64_t seq, char id[STORE_ID_BUF])
{
	char sql[96];
	snprintf(sql, sizeof(sql), "SELECT entity FROM event WHERE seq = %lld",
	         (long long)seq);
	sql_text(s->db, sql, id, STORE_ID_BUF);
	assert_int_equal(strlen(id), STORE_ID_LEN);
}

static int64_t count_rows(const char *table)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	return sql_int(s->db, sql);
}

static int64_t last_seq(void)
{
	return sql_int(s->db, "SELECT max(seq) FROM event");
}

/* The log the group starts with:
 *   store_init's commit: 1 store.created, 2 user.added wang,
 *   3 policy.imported (the built-in policy) [checkpoint at ev_init],
 *   ev_li user.added li [c], ev_single household [c],
 *   ev_batch[0..2] households in one commit [c at ev_batch[2]],
 *   ev_last household [c]. */
static int group_setup(void **state)
{
	char id[STORE_ID_BUF];
	ds_error err;
	(void)state;
	if (store_crypto_init() != DS_OK)
		return -1;
	tmpdir_new(root);
	snprintf(dir, sizeof(dir), "%s/store", root);
	pass_wang = pass_new(TEST_PASS);
	pass_li = pass_new(PASS_LI);
	{
		store_init_opts o = {"wang", CORE_ROLE_ASSISTANT, "440106", NULL};
		if (store_init(dir, &o, pass_wang, &err) != DS_OK ||
		    store_open(dir, "wang", pass_wang, &s, &err) != DS_OK)
			return -1;
		ev_init = last_seq();
		if (store_user_add(s, "li", CORE_ROLE_SUPERVISOR, pass_li, &err) !=
		    DS_OK)
			return -1;
		ev_li = last_seq();
	}
	add(1, id);
	ev_single = last_seq();
	if (store_begin(s, &err))
		return -1;
	add(2, id);
	ev_batch[0] = last_seq();
	add(3, id);
	ev_batch[1] = last_seq();
	add(1, id);
	ev_batch[2] = last_seq();
	if (store_commit(s, &err))
		return -1;
	add(2, id);
	ev_last = last_seq();
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	store_close(&s);
	store_secret_free(&pass_wang);
	store_secret_free(&pass_li);
	tmpdir_remove(root);
	return 0;
}

/* ---- transactions ------------------------------------------------------------ */

static void test_transaction_misuse(void **state)
{
	ds_error err;
	(void)state;
	assert_false(store_in_transaction(s));
	assert_status(store_commit(s, &err), DS_ESYSTEM, &err);
	store_rollback(s); /* nothing to roll back: nothing happens */
	assert_ok(store_begin(s, &err), &err);
	assert_true(store_in_transaction(s));
	assert_status(store_begin(s, &err), DS_ESYSTEM, &err); /* nested */
	assert_true(store_in_transaction(s));
	store_rollback(s);
	assert_false(store_in_transaction(s));
	/* An event needs a transaction. */
	{
		json_t *body = json_object();
		assert_status(store_emit(s, core_event_id(CORE_EVENT_HOUSEHOLD_CREATED), "x", body, NULL, &err),
		              DS_ESYSTEM, &err);
		json_decref(body);
	}
}

static void test_log_as_built(void **state)
{
	char seqs[64], want[64], kinds[512];
	(void)state;
	/* store_init's commit, then one event for each change. */
	sql_text(s->db, "SELECT group_concat(kind, ',') FROM (SELECT kind FROM"
	                " event ORDER BY seq)",
	         kinds, sizeof(kinds));
	assert_string_equal(kinds, "store.created,user.added,policy.imported,"
	                           "user.added,household.created,"
	                           "household.created,household.created,"
	                           "household.created,household.created");
	assert_int_equal(ev_init, 3);
	assert_int_equal(ev_li, ev_init + 1);
	assert_int_equal(ev_single, ev_li + 1);
	assert_int_equal(ev_batch[0], ev_single + 1);
	assert_int_equal(ev_batch[1], ev_batch[0] + 1);
	assert_int_equal(ev_batch[2], ev_batch[1] + 1);
	assert_int_equal(ev_last, ev_batch[2] + 1);
	assert_int_equal(count_rows("event"), ev_last);
	assert_int_equal(count_rows("checkpoint"), 5);
	/* One device: seq and dseq go together. */
	assert_int_equal(sql_int(s->db, "SELECT count(*) FROM event"
	                                " WHERE seq <> dseq"),
	                 0);
	/* One checkpoint for each commit, at its last event. */
	sql_text(s->db, "SELECT group_concat(dseq, ',') FROM (SELECT dseq FROM"
	                " checkpoint ORDER BY dseq)",
	         seqs, sizeof(seqs));
	snprintf(want, sizeof(want), "%lld,%lld,%lld,%lld,%lld",
	         (long long)ev_init, (long long)ev_li, (long long)ev_single,
	         (long long)ev_batch[2], (long long)ev_last);
	assert_string_equal(seqs, want);
}

static void test_every_commit_one_checkpoint(void **state)
{
	int64_t events = count_rows("event"), cps = count_rows("checkpoint");
	char id[STORE_ID_BUF];
	ds_error err;
	(void)state;
	/* Its own transaction: one event, one checkpoint. */
	add(1, id);
	assert_int_equal(count_rows("event"), events + 1);
	assert_int_equal(count_rows("checkpoint"), cps + 1);
	/* Three in one transaction: three events, one checkpoint. */
	assert_ok(store_begin(s, &err), &err);
	add(1, id);
	add(2, id);
	add(1, id);
	assert_int_equal(count_rows("checkpoint"), cps + 1);
	assert_ok(store_commit(s, &err), &err);
	assert_int_equal(count_rows("event"), events + 4);
	assert_int_equal(count_rows("checkpoint"), cps + 2);
	/* A transaction with nothing in it signs nothing. */
	assert_ok(store_begin(s, &err), &err);
	assert_ok(store_commit(s, &err), &err);
	assert_int_equal(count_rows("checkpoint"), cps + 2);
	/* The last checkpoint covers the last event and is wang's. */
	assert_int_equal(sql_int(s->db, "SELECT max(dseq) FROM checkpoint"),
	                 sql_int(s->db, "SELECT max(dseq) FROM event"));
	assert_int_equal(sql_int(s->db, "SELECT signer FROM checkpoint"
	                                " ORDER BY dseq DESC LIMIT 1"),
	                 s->signer);
	assert_int_equal(s->dseq, sql_int(s->db, "SELECT max(dseq) FROM event"));
}

static void test_rollback_restores_head(void **state)
{
	unsigned char head[STORE_HASH_BYTES];
	int64_t dseq = s->dseq, events = count_rows("event"),
	        cps = count_rows("checkpoint"), hhs;
	char id[STORE_ID_BUF], gone[STORE_ID_BUF], first_id[CORE_IDNUM_BUF];
	store_audit_report rep;
	ds_error err;
	(void)state;
	memcpy(head, s->head, sizeof(head));
	assert_ok(store_household_count(s, &hhs, &err), &err);
	assert_ok(store_begin(s, &err), &err);
	idnum_make(first_id, serial);
	add(2, gone);
	add(1, id);
	assert_true(s->dseq == dseq + 2);
	store_rollback(s);
	assert_false(store_in_transaction(s));
	/* Nothing of it is left. */
	assert_int_equal(count_rows("event"), events);
	assert_int_equal(count_rows("checkpoint"), cps);
	{
		int64_t n;
		assert_ok(store_household_count(s, &n, &err), &err);
		assert_int_equal(n, hhs);
	}
	assert_status(store_household_get(s, gone, &(store_household_row){0}, &err),
	              DS_EINPUT, &err);
	assert_status(store_person_find(s, first_id, id, &err), DS_EINPUT, &err);
	/* The head is where it was, so the next event links to it. */
	assert_int_equal(s->dseq, dseq);
	assert_memory_equal(s->head, head, sizeof(head));
	add(1, id);
	assert_int_equal(sql_int(s->db, "SELECT dseq FROM event ORDER BY seq DESC"
	                                " LIMIT 1"),
	                 dseq + 1);
	{
		sqlite3_stmt *q;
		assert_int_equal(sqlite3_prepare_v2(s->db,
		                                    "SELECT prev FROM event ORDER BY"
		                                    " seq DESC LIMIT 1",
		                                    -1, &q, NULL),
		                 SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_memory_equal(sqlite3_column_blob(q, 0), head, sizeof(head));
		sqlite3_finalize(q);
	}
	assert_ok(store_audit_verify(s, &rep, &err), &err);
}

/* Another handle (another process, another user) writes in between: this
 * handle's next event must still follow the log's real head. */
static void test_two_handles(void **state)
{
	ds_store *li = NULL;
	char id[STORE_ID_BUF];
	core_household h;
	store_audit_report rep;
	ds_error err;
	(void)state;
	assert_ok(store_open(dir, "li", pass_li, &li, &err), &err);
	hh_make(&h, 1, serial++);
	assert_ok(store_household_add(li, &h, id, &err), &err);
	core_household_free(&h);
	store_close(&li);
	add(1, id); /* wang again, on the handle opened before li wrote */
	assert_ok(store_audit_verify(s, &rep, &err), &err);
	assert_int_equal(rep.n_authors, 2);
	assert_string_equal(rep.authors[0], "wang");
	assert_string_equal(rep.authors[1], "li");
}

/* Every change a transaction makes to a table is counted into its row
 * count and sum in meta: an insert, a row a REPLACE takes the place of,
 * an update of the summed column, a delete; a transaction rolled back
 * counts nothing. The audit (which counts and sums the rows themselves)
 * agrees after each, and a change made on a connection that does not
 * count is found. */
static void draft_sql(const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

#define DRAFT_ROW(id, step)                                                   \
	"INSERT OR REPLACE INTO main.draft(id, household, author, updated,"   \
	" step, data, mac) VALUES ('" id "', 'h', 'wang', 1, " step ", x'00'," \
	" ds_mac('draft', '" id "', 'h', 'wang', 1, " step ", x'00'))"

static void test_row_counts_follow_changes(void **state)
{
	store_audit_report rep;
	ds_error err;
	int64_t drafts = count_rows("main.draft");
	(void)state;
	assert_ok(store_begin(s, &err), &err);
	draft_sql(DRAFT_ROW("c1", "1"));
	draft_sql(DRAFT_ROW("c2", "1"));
	draft_sql(DRAFT_ROW("c1", "2")); /* replaces c1 */
	assert_ok(store_commit(s, &err), &err);
	assert_int_equal(count_rows("main.draft"), drafts + 2);
	assert_ok(store_audit_verify(s, &rep, &err), &err);

	assert_ok(store_begin(s, &err), &err);
	draft_sql("UPDATE main.draft SET step = 3, mac = ds_mac('draft', id,"
	          " household, author, updated, 3, data) WHERE id = 'c2'");
	draft_sql("DELETE FROM main.draft WHERE id = 'c1'");
	assert_ok(store_commit(s, &err), &err);
	assert_int_equal(count_rows("main.draft"), drafts + 1);
	assert_ok(store_audit_verify(s, &rep, &err), &err);

	/* rolled back: neither the rows nor their counting stay */
	assert_ok(store_begin(s, &err), &err);
	draft_sql(DRAFT_ROW("c3", "1"));
	draft_sql("DELETE FROM main.draft WHERE id = 'c2'");
	store_rollback(s);
	assert_ok(store_begin(s, &err), &err);
	draft_sql(DRAFT_ROW("c4", "1"));
	assert_ok(store_commit(s, &err), &err);
	assert_int_equal(count_rows("main.draft"), drafts + 2);
	assert_ok(store_audit_verify(s, &rep, &err), &err);

	/* the same delete on a connection of its own, which counts nothing */
	{
		sqlite3 *raw;
		char path[PATH_MAX + 64];
		snprintf(path, sizeof(path), "%s/store.db", dir);
		assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
		assert_int_equal(sqlite3_exec(raw, "DELETE FROM draft WHERE id = 'c4'",
		                              NULL, NULL, NULL),
		                 SQLITE_OK);
		sqlite3_close(raw);
	}
	assert_status(store_audit_verify(s, &rep, &err), DS_EDAMAGED, &err);
	assert_non_null(strstr(err.where, "draft"));
	/* put back as it was, for the tests after */
	assert_ok(store_begin(s, &err), &err);
	draft_sql("DELETE FROM main.draft WHERE id = 'c2'");
	assert_ok(store_commit(s, &err), &err);
	assert_ok(store_auth_recount(s, false, &err), &err);
	assert_ok(store_audit_verify(s, &rep, &err), &err);
	/* a whole table emptied at once (which SQLite could do without
	 * visiting the rows) */
	assert_ok(store_begin(s, &err), &err);
	draft_sql(DRAFT_ROW("c5", "1"));
	draft_sql("DELETE FROM main.draft");
	assert_ok(store_commit(s, &err), &err);
	assert_int_equal(count_rows("main.draft"), 0);
	assert_ok(store_audit_verify(s, &rep, &err), &err);
}

/* ---- the audit ------------------------------------------------------------------ */

static void test_audit_healthy(void **state)
{
	store_audit_report rep;
	int64_t hhs;
	ds_error err;
	(void)state;
	memset(&rep, 0x5a, sizeof(rep));
	assert_ok(store_audit_verify(s, &rep, &err), &err);
	assert_int_equal(rep.events, count_rows("event"));
	assert_int_equal(rep.checkpoints, count_rows("checkpoint"));
	assert_ok(store_household_count(s, &hhs, &err), &err);
	assert_int_equal(rep.households, hhs);
	assert_true(rep.households >= 5);
	assert_true(rep.n_authors >= 1);
	assert_string_equal(rep.authors[0], "wang");
	/* The audit changes nothing and leaves no transaction open. */
	assert_false(store_in_transaction(s));
	assert_int_equal(rep.events, count_rows("event"));
}

/* Saves every table the tampering touches; put_back restores them. */
static void save_tables(void)
{
	sql_exec(s->db,
	         "DROP TABLE IF EXISTS temp.b_event; DROP TABLE IF EXISTS temp.b_cp;"
	         "DROP TABLE IF EXISTS temp.b_hh; DROP TABLE IF EXISTS temp.b_person;"
	         "DROP TABLE IF EXISTS temp.b_signer;"
	         "DROP TABLE IF EXISTS temp.b_policy;"
	         "DROP TABLE IF EXISTS temp.b_assessment;"
	         "CREATE TEMP TABLE b_event AS SELECT * FROM event;"
	         "CREATE TEMP TABLE b_cp AS SELECT * FROM checkpoint;"
	         "CREATE TEMP TABLE b_hh AS SELECT * FROM household;"
	         "CREATE TEMP TABLE b_person AS SELECT * FROM person;"
	         "CREATE TEMP TABLE b_signer AS SELECT * FROM signer;"
	         "CREATE TEMP TABLE b_policy AS SELECT * FROM policy;"
	         "CREATE TEMP TABLE b_assessment AS SELECT * FROM assessment;");
}

static void put_back(void)
{
	sql_exec(s->db,
	         "BEGIN;"
	         "DELETE FROM event; INSERT INTO event SELECT * FROM b_event;"
	         "DELETE FROM checkpoint; INSERT INTO checkpoint SELECT * FROM b_cp;"
	         "DELETE FROM household; INSERT INTO household SELECT * FROM b_hh;"
	         "DELETE FROM person; INSERT INTO person SELECT * FROM b_person;"
	         "DELETE FROM policy; INSERT INTO policy SELECT * FROM b_policy;"
	         "DELETE FROM assessment;"
	         " INSERT INTO assessment SELECT * FROM b_assessment;"
	         "UPDATE signer SET"
	         " user = (SELECT user FROM b_signer b WHERE b.id = signer.id),"
	         " pk = (SELECT pk FROM b_signer b WHERE b.id = signer.id);"
	         "COMMIT;");
}

/* A change made with SQL, then the audit: it must fail with DS_EDAMAGED
 * naming where. In sql and where, {N} is the event tampered with (and
 * {N-1}, {N+1} its neighbours), {B0} and {B2} the first and last events of
 * the commit N is in, {AFTER} the event after that commit, {SINGLE} the
 * household event committed on its own, {INIT} the last event of
 * store_init's commit (the first checkpoint, wang's), {LI} li's signer id,
 * {HH} a household id, {PK} a new Ed25519 public key in hex; where "last"
 * is the first event after the last checkpoint but one. */
typedef struct {
	const char *what;
	const char *sql;
	const char *where;
} tamper_case;

static const tamper_case tampers[] = {
	{"body byte",
	 "UPDATE event SET body = substr(body, 1, 30) ||"
	 " (CASE WHEN substr(body, 31, 1) = x'00' THEN x'01' ELSE x'00' END) ||"
	 " substr(body, 32) WHERE seq = {N}",
	 "event {N}"},
	{"body of another event",
	 "UPDATE event SET body = (SELECT body FROM event WHERE seq = {N+1})"
	 " WHERE seq = {N}",
	 "event {N}"},
	{"hash",
	 "UPDATE event SET hash = zeroblob(32) WHERE seq = {N}", "event {N}"},
	{"hash, and the next prev to match",
	 "UPDATE event SET hash = zeroblob(32) WHERE seq = {N};"
	 "UPDATE event SET prev = zeroblob(32) WHERE seq = {N+1}",
	 "event {N}"},
	{"prev",
	 "UPDATE event SET prev = (SELECT prev FROM event WHERE seq = {N-1})"
	 " WHERE seq = {N}",
	 "event {N}"},
	{"author", "UPDATE event SET author = 'li' WHERE seq = {N}",
	 "event {N}"},
	{"kind", "UPDATE event SET kind = 'household.removed' WHERE seq = {N}",
	 "event {N}"},
	{"kind, to another known kind",
	 "UPDATE event SET kind = 'user.added' WHERE seq = {N}", "event {N}"},
	{"entity", "UPDATE event SET entity = '{HH}' WHERE seq = {N}",
	 "event {N}"},
	{"hlc", "UPDATE event SET hlc = hlc + 1 WHERE seq = {N}", "event {N}"},
	{"dseq gap: a middle event deleted",
	 "DELETE FROM event WHERE seq = {N}", "event {N+1}"},
	{"the whole commit of events B0-B2 deleted, checkpoint too",
	 "DELETE FROM event WHERE seq BETWEEN {B0} AND {B2};"
	 "DELETE FROM checkpoint WHERE dseq = (SELECT dseq FROM b_event"
	 " WHERE seq = {B2})",
	 "event {AFTER}"},
	{"checkpoint signature byte",
	 "UPDATE checkpoint SET sig = (CASE WHEN substr(sig, 1, 1) = x'00'"
	 " THEN x'01' ELSE x'00' END) || substr(sig, 2)"
	 " WHERE dseq = (SELECT dseq FROM event WHERE seq = {N+1})",
	 "event {N+1}"},
	{"checkpoint signature from another checkpoint",
	 "UPDATE checkpoint SET sig = (SELECT sig FROM b_cp WHERE dseq ="
	 " (SELECT dseq FROM event WHERE seq = {SINGLE}))"
	 " WHERE dseq = (SELECT dseq FROM event WHERE seq = {N+1})",
	 "event {N+1}"},
	{"checkpoint signer swapped to li's",
	 "UPDATE checkpoint SET signer = {LI}"
	 " WHERE dseq = (SELECT dseq FROM event WHERE seq = {N+1})",
	 "event {N+1}"},
	{"checkpoint signer that does not exist",
	 "PRAGMA foreign_keys = OFF; UPDATE checkpoint SET signer = 999"
	 " WHERE dseq = (SELECT dseq FROM event WHERE seq = {N+1});"
	 " PRAGMA foreign_keys = ON",
	 "event {N+1}"},
	{"final checkpoint deleted",
	 "DELETE FROM checkpoint WHERE dseq = (SELECT max(dseq) FROM checkpoint)",
	 "last"},
	{"checkpoint naming an event not in the log",
	 "INSERT INTO checkpoint SELECT device, epoch, dseq + 1000, signer, sig"
	 " FROM checkpoint WHERE dseq = (SELECT max(dseq) FROM checkpoint)",
	 "checkpoint"},
	{"wang's signing key replaced by another valid key",
	 "UPDATE signer SET pk = x'{PK}' WHERE user = 'wang'", "signer 1"},
};

/* tmpl with the {...} tokens of tamper_case replaced. */
static void expand(char *out, size_t len, const char *tmpl, long long n,
                   long long li_signer, const char *hh, const char *pk)
{
	const struct {
		const char *token;
		long long v;
	} nums[] = {{"{N}", n},
	            {"{N+1}", n + 1},
	            {"{N-1}", n - 1},
	            {"{B0}", ev_batch[0]},
	            {"{B2}", ev_batch[2]},
	            {"{AFTER}", ev_last},
	            {"{SINGLE}", ev_single},
	            {"{INIT}", ev_init},
	            {"{LI}", li_signer}};
	size_t o = 0;
	for (const char *p = tmpl; *p;) {
		char val[80] = "";
		const char *end = *p == '{' ? strchr(p, '}') : NULL;
		size_t tl;
		if (!end) {
			assert_true(o + 1 < len);
			out[o++] = *p++;
			continue;
		}
		tl = (size_t)(end + 1 - p);
		for (size_t i = 0; i < N(nums); i++)
			if (strlen(nums[i].token) == tl &&
			    strncmp(p, nums[i].token, tl) == 0)
				snprintf(val, sizeof(val), "%lld", nums[i].v);
		if (strncmp(p, "{HH}", tl) == 0)
			snprintf(val, sizeof(val), "%s", hh);
		else if (strncmp(p, "{PK}", tl) == 0)
			snprintf(val, sizeof(val), "%s", pk);
		if (!val[0])
			fail_msg("unknown token in %s", tmpl);
		assert_true(o + strlen(val) < len);
		memcpy(out + o, val, strlen(val));
		o += strlen(val);
		p = end + 1;
	}
	out[o] = '\0';
}

static void test_audit_tampering(void **state)
{
	/* the middle of the commit of three households */
	const long long n = ev_batch[1];
	long long li_signer = sql_int(s->db, "SELECT id FROM signer WHERE user = 'li'");
	char hh[STORE_ID_BUF], pkhex[65];
	unsigned char pk[32], sk[64];
	store_audit_report rep;
	ds_error err;
	(void)state;
	assert_int_equal(n - 1, ev_batch[0]);
	assert_int_equal(n + 1, ev_batch[2]);
	assert_int_equal(ev_batch[2] + 1, ev_last);
	entity_of(ev_single, hh);
	crypto_sign_keypair(pk, sk);
	store_hex(pkhex, pk, sizeof(pk));
	save_tables();
	for (size_t i = 0; i < N(tampers); i++) {
		const tamper_case *c = &tampers[i];
		char sql[2048], want[64];
		ds_status st;
		if (strcmp(c->where, "last") == 0) {
			/* The first event after the last checkpoint but one. */
			long long first = sql_int(
			        s->db,
			        "SELECT min(seq) FROM event WHERE dseq > (SELECT dseq FROM"
			        " checkpoint ORDER BY dseq DESC LIMIT 1 OFFSET 1)");
			snprintf(want, sizeof(want), "event %lld", first);
		} else {
			expand(want, sizeof(want), c->where, n, li_signer, hh, pkhex);
		}
		expand(sql, sizeof(sql), c->sql, n, li_signer, hh, pkhex);
		sql_exec(s->db, sql);
		memset(&err, 0, sizeof(err));
		st = store_audit_verify(s, &rep, &err);
		if (st != DS_EDAMAGED || strcmp(err.where, want) != 0)
			fail_msg("%s: status %d, where \"%s\", wanted DS_EDAMAGED at "
			         "\"%s\" (%s)",
			         c->what, (int)st, err.where, want, err_text(&err));
		put_back();
		if ((st = store_audit_verify(s, &rep, &err)) != DS_OK)
			fail_msg("after putting back %s: %s", c->what, err_text(&err));
	}
}

/* Household rows: each change names the household. */
static void test_audit_household_row(void **state)
{
	static const struct {
		const char *what;
		/* %1$s: the household, %2$s: another one, %3$lld: li's
		 * user.added event */
		const char *sql;
	} cases[] = {
		{"data, garbage", "UPDATE household SET data = randomblob(80)"
		                  " WHERE id = '%1$s'"},
		{"data, another household's",
		 "UPDATE household SET data = (SELECT data FROM household"
		 " WHERE id = '%2$s'), created_seq = (SELECT created_seq FROM"
		 " household WHERE id = '%2$s') WHERE id = '%1$s'"},
		{"status", "UPDATE household SET status = 'approved' WHERE id = '%1$s'"},
		{"due", "UPDATE household SET due = '2030-01-01' WHERE id = '%1$s'"},
		{"created_seq", "UPDATE household SET created_seq = (SELECT"
		                " created_seq FROM household WHERE id = '%2$s')"
		                " WHERE id = '%1$s'"},
		{"created_seq, a user event",
		 "UPDATE household SET created_seq = %3$lld WHERE id = '%1$s'"},
		{"created_seq, no event", "UPDATE household SET created_seq = 99999"
		                          " WHERE id = '%1$s'"},
		{"deleted", "DELETE FROM household WHERE id = '%1$s'"},
	};
	char a[STORE_ID_BUF], b[STORE_ID_BUF];
	store_audit_report rep;
	ds_error err;
	(void)state;
	entity_of(ev_batch[0], a);
	entity_of(ev_single, b);
	save_tables();
	for (size_t i = 0; i < N(cases); i++) {
		char sql[1024], want[64];
		ds_status st;
		snprintf(sql, sizeof(sql), cases[i].sql, a, b, (long long)ev_li);
		snprintf(want, sizeof(want), "household %s", a);
		sql_exec(s->db, sql);
		memset(&err, 0, sizeof(err));
		st = store_audit_verify(s, &rep, &err);
		if (st != DS_EDAMAGED || strcmp(err.where, want) != 0)
			fail_msg("%s: status %d, where \"%s\", wanted DS_EDAMAGED at "
			         "\"%s\" (%s)",
			         cases[i].what, (int)st, err.where, want, err_text(&err));
		put_back();
		assert_ok(store_audit_verify(s, &rep, &err), &err);
	}
	/* A row the log never made. */
	sql_exec(s->db, "CREATE TEMP TABLE crafted AS SELECT * FROM household"
	                " LIMIT 1; UPDATE crafted SET id = 'zzzzzzzzzzzz';"
	                " INSERT INTO household SELECT * FROM crafted;"
	                " DROP TABLE crafted");
	assert_status(store_audit_verify(s, &rep, &err), DS_EDAMAGED, &err);
	assert_string_equal(err.where, "household zzzzzzzzzzzz");
	put_back();
	assert_ok(store_audit_verify(s, &rep, &err), &err);
}

/* The blind index is part of the projection too: a person pointed at
 * another household, or removed (which would let them be added to a
 * second household), is damage the audit reports. */
static void test_audit_person_index(void **state)
{
	char a[STORE_ID_BUF], b[STORE_ID_BUF], sql[512], want[64];
	store_audit_report rep;
	ds_error err;
	(void)state;
	entity_of(ev_batch[0], a);
	entity_of(ev_single, b);
	save_tables();
	snprintf(sql, sizeof(sql),
	         "UPDATE person SET household = '%s' WHERE household = '%s'", b, a);
	sql_exec(s->db, sql);
	snprintf(want, sizeof(want), "household %s", a);
	assert_status(store_audit_verify(s, &rep, &err), DS_EDAMAGED, &err);
	/* the entry's own MAC, before the case files are compared */
	assert_int_equal(strncmp(err.where, "person", 6), 0);
	put_back();
	snprintf(sql, sizeof(sql), "DELETE FROM person WHERE household = '%s'", a);
	sql_exec(s->db, sql);
	assert_status(store_audit_verify(s, &rep, &err), DS_EDAMAGED, &err);
	assert_string_equal(err.where, want);
	put_back();
	/* An entry made one byte longer (or empty): person_find no longer
	 * matches it, so it is as good as deleted. */
	{
		static const char *const forms[] = {"blind || x'00'",
		                                    "substr(blind, 1, 15)", "x''"};
		for (size_t i = 0; i < N(forms); i++) {
			snprintf(sql, sizeof(sql),
			         "UPDATE person SET blind = %s WHERE blind = (SELECT"
			         " blind FROM person WHERE household = '%s' LIMIT 1)",
			         forms[i], a);
			sql_exec(s->db, sql);
			snprintf(want, sizeof(want), "household %s", a);
			memset(&err, 0, sizeof(err));
			assert_status(store_audit_verify(s, &rep, &err), DS_EDAMAGED,
			              &err);
			/* the entry's MAC covers its blind index */
			assert_int_equal(strncmp(err.where, "person", 6), 0);
			put_back();
		}
	}
	/* An entry the log never made, pointing at household b: it has no
	 * MAC doorstep made. */
	snprintf(sql, sizeof(sql),
	         "INSERT INTO person(blind, household) VALUES (randomblob(16), '%s')", b);
	sql_exec(s->db, sql);
	assert_status(store_audit_verify(s, &rep, &err), DS_EDAMAGED, &err);
	assert_int_equal(strncmp(err.where, "person", 6), 0);
	put_back();
	assert_ok(store_audit_verify(s, &rep, &err), &err);
}

/* ---- rebuild ------------------------------------------------------------------------ */

typedef struct {
	char *text; /* every household as JSON, in creation order */
	size_t len;
} dump;

static ds_status dump_one(const store_household_row *row, void *ctx)
{
	dump *d = ctx;
	json_t *j = store_household_to_json(&row->h);
	char *t = json_dumps(j, JSON_COMPACT);
	char head[128];
	size_t hl, tl;
	assert_non_null(t);
	hl = (size_t)snprintf(head, sizeof(head), "%s %s %s %lld %lld %lld ",
	                      row->id, row->status, row->due,
	                      (long long)row->version, (long long)row->created_seq,
	                      (long long)row->updated_seq);
	tl = strlen(t);
	d->text = realloc(d->text, d->len + hl + tl + 2);
	assert_non_null(d->text);
	memcpy(d->text + d->len, head, hl);
	memcpy(d->text + d->len + hl, t, tl);
	d->len += hl + tl;
	d->text[d->len++] = '\n';
	d->text[d->len] = '\0';
	free(t);
	json_decref(j);
	return DS_OK;
}

static void dump_all(dump *d)
{
	ds_error err;
	d->text = NULL;
	d->len = 0;
	assert_ok(store_household_each(s, dump_one, NULL, d, &err), &err);
	assert_non_null(d->text);
}

static void test_rebuild(void **state)
{
	dump before, after;
	int64_t events = count_rows("event"), cps = count_rows("checkpoint");
	int64_t persons = count_rows("person"), policies = count_rows("policy");
	store_audit_report rep;
	char found[STORE_ID_BUF], idn[CORE_IDNUM_BUF], a[STORE_ID_BUF];
	ds_error err;
	(void)state;
	dump_all(&before);
	assert_ok(store_rebuild(s, &err), &err);
	assert_false(store_in_transaction(s));
	dump_all(&after);
	assert_string_equal(after.text, before.text);
	free(after.text);
	/* Nothing is added to the log, and it verifies. */
	assert_int_equal(count_rows("event"), events);
	assert_int_equal(count_rows("checkpoint"), cps);
	assert_int_equal(count_rows("person"), persons);
	assert_int_equal(count_rows("policy"), policies);
	assert_int_equal(policies, 1); /* the built-in one */
	assert_ok(store_audit_verify(s, &rep, &err), &err);

	/* Damage a row and the index: rebuild restores them. */
	entity_of(ev_batch[0], a);
	{
		char sql[256];
		snprintf(sql, sizeof(sql),
		         "UPDATE household SET data = randomblob(99), status = 'x'"
		         " WHERE id = '%s'; DELETE FROM person WHERE household = '%s';"
		         "DELETE FROM household WHERE id = (SELECT entity FROM event"
		         " WHERE seq = %lld)",
		         a, a, (long long)ev_last);
		sql_exec(s->db, sql);
	}
	assert_status(store_audit_verify(s, &rep, &err), DS_EDAMAGED, &err);
	assert_ok(store_rebuild(s, &err), &err);
	assert_ok(store_audit_verify(s, &rep, &err), &err);
	dump_all(&after);
	assert_string_equal(after.text, before.text);
	assert_int_equal(count_rows("person"), persons);
	idnum_make(idn, 1001); /* the first member of ev_batch[0]'s household */
	assert_ok(store_person_find(s, idn, found, &err), &err);
	assert_string_equal(found, a);
	free(before.text);
	free(after.text);
}

/* A rebuild that meets a damaged event changes nothing. */
static void test_rebuild_damaged_log(void **state)
{
	char sql[128], want[48];
	dump before, after;
	store_audit_report rep;
	ds_error err;
	(void)state;
	dump_all(&before);
	save_tables();
	snprintf(sql, sizeof(sql),
	         "UPDATE event SET body = zeroblob(60) WHERE seq = %lld",
	         (long long)ev_batch[1]);
	sql_exec(s->db, sql);
	assert_status(store_rebuild(s, &err), DS_EDAMAGED, &err);
	snprintf(want, sizeof(want), "event %lld", (long long)ev_batch[1]);
	assert_string_equal(err.where, want);
	assert_false(store_in_transaction(s));
	put_back();
	dump_all(&after);
	assert_string_equal(after.text, before.text);
	assert_ok(store_audit_verify(s, &rep, &err), &err);
	free(before.text);
	free(after.text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transaction_misuse),
		cmocka_unit_test(test_log_as_built),
		cmocka_unit_test(test_audit_tampering),
		cmocka_unit_test(test_audit_household_row),
		cmocka_unit_test(test_audit_person_index),
		cmocka_unit_test(test_every_commit_one_checkpoint),
		cmocka_unit_test(test_rollback_restores_head),
		cmocka_unit_test(test_two_handles),
		cmocka_unit_test(test_row_counts_follow_changes),
		cmocka_unit_test(test_audit_healthy),
		cmocka_unit_test(test_rebuild),
		cmocka_unit_test(test_rebuild_damaged_log),
	};
	return cmocka_run_group_tests_name("store_events", tests, group_setup,
	                                   group_teardown);
}
