/* rowauth.c — rows the file cannot be trusted with: every row that steers
 * the program carries a MAC under the data key, every table's rows are
 * counted and summed (a keyed hash of each row, added) in meta, and meta's
 * own rows carry a MAC, so a row added, altered, deleted or put back from
 * an old copy without the key is noticed (KEYS.md, "Authenticated rows").
 *
 * How: SQL functions keyed with this handle's row-MAC key compute and
 * check the MACs; a TEMP view named like each table shadows it for every
 * unqualified read, so a read meets a bad row as an error rather than as
 * a wrong answer, while writes name main.TABLE and compute the MAC with
 * ds_mac(); SQLite's pre-update hook keeps a running count and sum of
 * what this connection changed in a transaction, and commit adds them to
 * meta. TEMP objects and the hook live in this connection only: nothing
 * in the file runs them, and the file's own schema is checked before
 * anything is run (schema.c). */
#define SQLITE_ENABLE_PREUPDATE_HOOK 1 /* declares the hook's functions */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

const store_table store_tables[] = {
#define X(name, cols, extra, sumcol, check, proj) \
	{#name, cols, extra, sumcol, STORE_CHECK_##check, proj},
	STORE_TABLE_LIST(X)
#undef X
};
const size_t store_n_tables = sizeof(store_tables) / sizeof(store_tables[0]);

/* ---- the SQL functions ------------------------------------------------ */

/* SQLite's own name for the optimisation, from its sqliteInt.h */
#define SQLITE_PROPAGATE_CONST 0x00008000
#define ERR_PREFIX "doorstep-row:"

static void field(crypto_generichash_state *h, unsigned char tag,
                  const void *p, size_t len)
{
	unsigned char b[5] = {tag, (unsigned char)(len >> 24),
	                      (unsigned char)(len >> 16), (unsigned char)(len >> 8),
	                      (unsigned char)len};
	crypto_generichash_update(h, b, sizeof(b));
	if (len)
		crypto_generichash_update(h, p, len);
}

/* A value as the MAC sees it: NULL, bytes, or text (numbers by their
 * decimal text, so a value bound as text into an integer column and read
 * back as an integer is the same value). */
static void value_field(crypto_generichash_state *h, sqlite3_value *v)
{
	switch (sqlite3_value_type(v)) {
	case SQLITE_NULL:
		field(h, 'N', NULL, 0);
		break;
	case SQLITE_BLOB:
		field(h, 'B', sqlite3_value_blob(v), (size_t)sqlite3_value_bytes(v));
		break;
	default: {
		const unsigned char *t = sqlite3_value_text(v);
		field(h, 'T', t, t ? (size_t)sqlite3_value_bytes(v) : 0);
	}
	}
}

static const char row_domain[] = "doorstep-row-1", sum_domain[] = "doorstep-sum-1";

void store_auth_keys(ds_store *s)
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, ROWMAC_KEY(s), STORE_KEY_BYTES, STORE_MAC_BYTES);
	crypto_generichash_update(&h, (const unsigned char *)row_domain, sizeof(row_domain));
	memcpy(s->keys->p + KEY_ROWSTATE, &h, sizeof(h));
	crypto_generichash_init(&h, ROWMAC_KEY(s), STORE_KEY_BYTES, STORE_SUM_BYTES);
	crypto_generichash_update(&h, (const unsigned char *)sum_domain, sizeof(sum_domain));
	memcpy(s->keys->p + KEY_SUMSTATE, &h, sizeof(h));
	sodium_memzero(&h, sizeof(h));
}

/* The MAC of a row of table tbl, over args[from..n): BLAKE2b keyed with
 * the row-MAC key over the domain, the table and each value (the state
 * with the key and domain taken in is kept, so each row costs only its
 * own bytes). */
static void row_mac(const ds_store *s, unsigned char out[STORE_MAC_BYTES],
                    sqlite3_value *tbl, int n, sqlite3_value **args, int from)
{
	crypto_generichash_state h;
	memcpy(&h, s->keys->p + KEY_ROWSTATE, sizeof(h));
	value_field(&h, tbl);
	for (int i = from; i < n; i++)
		value_field(&h, args[i]);
	crypto_generichash_final(&h, out, STORE_MAC_BYTES);
	sodium_memzero(&h, sizeof(h));
}

/* ds_mac(table, col, ...) */
static void fn_mac(sqlite3_context *c, int n, sqlite3_value **v)
{
	unsigned char mac[STORE_MAC_BYTES];
	if (n < 1) {
		sqlite3_result_error(c, "ds_mac: no table", -1);
		return;
	}
	row_mac(sqlite3_user_data(c), mac, v[0], n, v, 1);
	sqlite3_result_blob(c, mac, sizeof(mac), SQLITE_TRANSIENT);
}

/* ds_ok(table, mac, col, ...): 1, or an error naming the table and the
 * row's first column, which a read then reports as damage. */
static void fn_ok(sqlite3_context *c, int n, sqlite3_value **v)
{
	unsigned char mac[STORE_MAC_BYTES];
	char msg[160], key[40] = "";
	if (n < 2) {
		sqlite3_result_error(c, "ds_ok: no table", -1);
		return;
	}
	row_mac(sqlite3_user_data(c), mac, v[0], n, v, 2);
	if (sqlite3_value_type(v[1]) == SQLITE_BLOB &&
	    sqlite3_value_bytes(v[1]) == STORE_MAC_BYTES &&
	    sodium_memcmp(mac, sqlite3_value_blob(v[1]), STORE_MAC_BYTES) == 0) {
		sqlite3_result_int(c, 1);
		return;
	}
	if (n > 2) {
		if (sqlite3_value_type(v[2]) == SQLITE_BLOB) {
			int len = sqlite3_value_bytes(v[2]);
			store_hex(key, sqlite3_value_blob(v[2]),
			          (size_t)(len < 8 ? len : 8));
		} else if (sqlite3_value_type(v[2]) != SQLITE_NULL) {
			const unsigned char *t = sqlite3_value_text(v[2]);
			int len = sqlite3_value_bytes(v[2]);
			bool plain = true;
			for (int i = 0; i < len; i++)
				plain = plain && t[i] >= 0x20 && t[i] != 0x7f && t[i] != ':';
			if (plain)
				snprintf(key, sizeof(key), "%.32s", (const char *)t);
			else
				store_hex(key, t, (size_t)(len < 8 ? len : 8));
		}
	}
	snprintf(msg, sizeof(msg), ERR_PREFIX "%.40s:%s",
	         (const char *)sqlite3_value_text(v[0]), key);
	sqlite3_result_error(c, msg, -1);
}

/* What a row adds to its table's sum: a keyed hash of its MAC (or of the
 * value that authenticates it otherwise), which the file does not show. */
static void prf(const ds_store *s, unsigned char out[STORE_SUM_BYTES],
                sqlite3_value *v)
{
	crypto_generichash_state h;
	memcpy(&h, s->keys->p + KEY_SUMSTATE, sizeof(h));
	value_field(&h, v);
	crypto_generichash_final(&h, out, STORE_SUM_BYTES);
	sodium_memzero(&h, sizeof(h));
}

void store_sum_share(const ds_store *s, const void *blob, size_t len,
                     unsigned char out[STORE_SUM_BYTES])
{
	crypto_generichash_state h;
	memcpy(&h, s->keys->p + KEY_SUMSTATE, sizeof(h));
	field(&h, 'B', blob, len);
	crypto_generichash_final(&h, out, STORE_SUM_BYTES);
	sodium_memzero(&h, sizeof(h));
}

void store_person_mac(const ds_store *s,
                      const unsigned char blind[STORE_BLIND_BYTES],
                      const char *household, unsigned char out[STORE_MAC_BYTES])
{
	crypto_generichash_state h;
	memcpy(&h, s->keys->p + KEY_ROWSTATE, sizeof(h));
	field(&h, 'T', "person", 6);
	field(&h, 'B', blind, STORE_BLIND_BYTES);
	field(&h, 'T', household, strlen(household));
	crypto_generichash_final(&h, out, STORE_MAC_BYTES);
	sodium_memzero(&h, sizeof(h));
}

void store_sum_hints(ds_store *s, const store_sum_hint *h, size_t n)
{
	s->sum_hints = h;
	s->n_sum_hints = n;
}

/* A value's share worked out ahead (store_sum_hints); false when none. */
static bool hinted(const ds_store *s, sqlite3_value *v,
                   unsigned char out[STORE_SUM_BYTES])
{
	const void *b;
	size_t n;
	if (!s->n_sum_hints || sqlite3_value_type(v) != SQLITE_BLOB)
		return false;
	b = sqlite3_value_blob(v);
	n = (size_t)sqlite3_value_bytes(v);
	for (size_t i = 0; i < s->n_sum_hints; i++)
		if (s->sum_hints[i].len == n && !memcmp(s->sum_hints[i].blob, b, n)) {
			memcpy(out, s->sum_hints[i].share, STORE_SUM_BYTES);
			return true;
		}
	return false;
}

/* a += b or a -= b, little-endian, modulo 2^256 */
static void add256(unsigned char a[STORE_SUM_BYTES], const unsigned char b[STORE_SUM_BYTES],
                   bool sub)
{
	unsigned carry = sub ? 1 : 0;
	for (int i = 0; i < STORE_SUM_BYTES; i++) {
		unsigned x = a[i] + (sub ? (unsigned char)~b[i] : b[i]) + carry;
		a[i] = (unsigned char)x;
		carry = x >> 8;
	}
}

/* ds_sum(value): the aggregate, over every row */
static void fn_sum_step(sqlite3_context *c, int n, sqlite3_value **v)
{
	unsigned char *sum = sqlite3_aggregate_context(c, STORE_SUM_BYTES), x[STORE_SUM_BYTES];
	(void)n;
	if (!sum)
		return;
	prf(sqlite3_user_data(c), x, v[0]);
	add256(sum, x, false);
}

static void fn_sum_final(sqlite3_context *c)
{
	unsigned char *sum = sqlite3_aggregate_context(c, STORE_SUM_BYTES);
	if (sum)
		sqlite3_result_blob(c, sum, STORE_SUM_BYTES, SQLITE_TRANSIENT);
	else
		sqlite3_result_zeroblob(c, STORE_SUM_BYTES);
}

ds_status store_auth_functions(ds_store *s, ds_error *err)
{
	/* DIRECTONLY: triggers and views in the file cannot call them (they
	 * would make MACs for rows nobody with the key wrote); this
	 * connection's TEMP objects can. */
	int flags = SQLITE_UTF8 | SQLITE_DIRECTONLY | SQLITE_DETERMINISTIC;
	int rc = sqlite3_create_function(s->db, "ds_mac", -1, flags, s, fn_mac,
	                                 NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(s->db, "ds_ok", -1, flags, s, fn_ok,
		                             NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(s->db, "ds_sum", 1, flags, s, NULL,
		                             fn_sum_step, fn_sum_final);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	/* A query "WHERE user = 'li'" over a view that checks rows would
	 * otherwise have its check called with 'li' in place of another
	 * row's user (SQLite's constant propagation: harmless for functions
	 * without effects, a false alarm for one that reports damage). */
	sqlite3_test_control(SQLITE_TESTCTRL_OPTIMIZATIONS, s->db, SQLITE_PROPAGATE_CONST);
	return DS_OK;
}

/* The check above held: a query like the one it guards against runs
 * without a false alarm (probe_sql in a TEMP table of its own). */
static ds_status probe(ds_store *s, ds_error *err)
{
	ds_status st = store_exec(
	        s,
	        "CREATE TEMP TABLE IF NOT EXISTS ds_probe (a INTEGER PRIMARY KEY,"
	        " b TEXT, mac BLOB);"
	        "INSERT OR REPLACE INTO temp.ds_probe VALUES (1, 'x', ds_mac('p', 1, 'x')),"
	        " (2, 'y', ds_mac('p', 2, 'y'));"
	        "SELECT a FROM temp.ds_probe WHERE b = 'y' AND ds_ok('p', mac, a, b);",
	        err);
	if (st) {
		char why[200];
		ds_error_format(err, why, sizeof(why), NULL);
		return ds_fail(err, DS_ESYSTEM, "SQLite",
		               N_("this SQLite library cannot check rows as doorstep needs (%s); install Debian's libsqlite3"),
		               why);
	}
	return DS_OK;
}

/* ---- damage found by a read ---------------------------------------------- */

bool store_auth_error(const char *msg, ds_error *err)
{
	char table[48] = "", key[48] = "", where[100];
	const char *p;
	if (!msg || strncmp(msg, ERR_PREFIX, sizeof(ERR_PREFIX) - 1))
		return false;
	p = msg + sizeof(ERR_PREFIX) - 1;
	snprintf(table, sizeof(table), "%.*s", (int)strcspn(p, ":"), p);
	p += strcspn(p, ":");
	if (*p == ':')
		snprintf(key, sizeof(key), "%s", p + 1);
	/* rows kept per household are named by it */
	if (*key && (!strcmp(table, "casefile") || !strcmp(table, "assessment") ||
	             !strcmp(table, "assignment") || !strcmp(table, "summary")))
		snprintf(where, sizeof(where), "household %s", key);
	else
		snprintf(where, sizeof(where), "%s%s%s", table, *key ? " " : "", key);
	for (size_t i = 0; i < store_n_tables; i++)
		if (!strcmp(store_tables[i].name, table) && store_tables[i].projection) {
			ds_fail(err, DS_EDAMAGED, where,
			        N_("a row was altered or added without the key; doorstep store rebuild restores the case files from the log"));
			return true;
		}
	ds_fail(err, DS_EDAMAGED, where,
	        N_("a row was altered or added without the key; the store cannot be trusted: restore it from a backup"));
	return true;
}

/* ---- the connection's own objects ------------------------------------------ */

static ds_status exec_fmt(ds_store *s, ds_error *err, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static ds_status exec_fmt(ds_store *s, ds_error *err, const char *fmt, ...)
{
	char sql[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return store_exec(s, sql, err);
}

/* One row's share, added to its table's (a row inserted) or taken away
 * (a row deleted); a row updated is both. */
static void acc_row(ds_store *s, struct store_acc *a, int rc, sqlite3_value *v,
                    bool away)
{
	unsigned char x[STORE_SUM_BYTES];
	if (rc != SQLITE_OK) {
		s->acc_failed = true;
		return;
	}
	if (!hinted(s, v, x))
		prf(s, x, v);
	add256(a->sum, x, away);
	a->n += away ? -1 : 1;
}

static void acc_change(ds_store *s, struct store_acc *a, int op)
{
	sqlite3_value *v = NULL;
	int rc;
	if (op != SQLITE_INSERT) {
		rc = sqlite3_preupdate_old(s->db, a->col, &v);
		acc_row(s, a, rc, v, true);
	}
	if (op != SQLITE_DELETE) {
		rc = sqlite3_preupdate_new(s->db, a->col, &v);
		acc_row(s, a, rc, v, false);
	}
}

/* SQLite calls this before each row of a table is inserted, deleted or
 * updated, including rows a REPLACE or a foreign key's action removes.
 * A statement that fails after changing rows leaves its share here,
 * which is safe because no write of doorstep's goes on to commit after a
 * failed statement: each returns its error and the transaction is rolled
 * back (and store_auth_begin starts the next one at nothing). */
static void acc_hook(void *arg, sqlite3 *db, int op, const char *zdb,
                     const char *table, sqlite3_int64 k1, sqlite3_int64 k2)
{
	ds_store *s = arg;
	(void)db;
	(void)k1;
	(void)k2;
	if (strcmp(zdb, "main"))
		return;
	for (size_t i = 0; i < STORE_N_TABLES; i++)
		if (!strcmp(store_tables[i].name, table)) {
			acc_change(s, &s->acc[i], op);
			return;
		}
}

/* The number of the column each table's sum is taken from, as the file
 * has it (the schema was checked against doorstep's first). */
static ds_status acc_columns(ds_store *s, ds_error *err)
{
	for (size_t i = 0; i < STORE_N_TABLES; i++) {
		char sql[120];
		sqlite3_stmt *q;
		ds_status st;
		int rc, n = 0;
		s->acc[i].col = -1;
		snprintf(sql, sizeof(sql), "SELECT name FROM pragma_table_info('%s', 'main')",
		         store_tables[i].name);
		if ((st = store_prep(s, sql, &q, err)))
			return st;
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(q, 0);
			if (name && !strcmp(name, store_tables[i].sumcol))
				s->acc[i].col = n;
			n++;
		}
		if ((st = store_done(s, q, rc, err)))
			return st;
		if (s->acc[i].col < 0)
			return ds_fail(err, DS_EDAMAGED, store_tables[i].name,
			               N_("it was altered without the key; doorstep store rebuild restores the case-file tables, other tables need a backup"));
	}
	return DS_OK;
}

ds_status store_auth_install(ds_store *s, ds_error *err)
{
	ds_status st;
	if (!sqlite3_compileoption_used("ENABLE_PREUPDATE_HOOK"))
		return ds_fail(err, DS_ESYSTEM, "SQLite",
		               N_("this SQLite library cannot check rows as doorstep needs (%s); install Debian's libsqlite3"),
		               "SQLITE_ENABLE_PREUPDATE_HOOK");
	if ((st = probe(s, err)) || (st = acc_columns(s, err)))
		return st;
	for (size_t i = 0; i < store_n_tables; i++) {
		const store_table *t = &store_tables[i];
		if (!t->cols)
			continue;
		if ((st = exec_fmt(s, err,
		                   "CREATE TEMP VIEW IF NOT EXISTS %s AS SELECT %s%s%s FROM main.%s"
		                   " WHERE ds_ok('%s', mac, %s)",
		                   t->name, t->cols, t->extra ? ", " : "",
		                   t->extra ? t->extra : "", t->name, t->name, t->cols)))
			return st;
	}
	sqlite3_preupdate_hook(s->db, acc_hook, s);
	store_auth_begin(s);
	return store_exec(s, "CREATE TEMP VIEW IF NOT EXISTS meta AS SELECT k, v FROM main.meta"
	                     " WHERE ds_ok('meta', mac, k, v)", err);
}

/* ---- meta ------------------------------------------------------------------ */

ds_status store_meta_put(ds_store *s, const char *k, const void *v, size_t len,
                         ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	if ((st = store_prep(s, "INSERT OR REPLACE INTO main.meta(k, v, mac)"
	                        " VALUES (?1, ?2, ds_mac('meta', ?1, ?2))", &q, err)))
		return st;
	sqlite3_bind_text(q, 1, k, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 2, len ? v : "", (int)len, SQLITE_STATIC);
	return store_done(s, q, sqlite3_step(q), err);
}

ds_status store_meta_get(ds_store *s, const char *k, void *buf, size_t cap,
                         size_t *len, bool *found, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*found = false;
	*len = 0;
	if ((st = store_prep(s, "SELECT v FROM meta WHERE k = ?", &q, err)))
		return st;
	sqlite3_bind_text(q, 1, k, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		size_t n = (size_t)sqlite3_column_bytes(q, 0);
		if (n > cap) {
			sqlite3_finalize(q);
			return ds_fail(err, DS_EDAMAGED, k,
			               N_("a setting of the store is malformed"));
		}
		if (n)
			memcpy(buf, sqlite3_column_blob(q, 0), n);
		*len = n;
		*found = true;
	}
	return store_done(s, q, rc, err);
}

/* The meta rows the program writes; anything else was not written by it. */
static bool known_meta(const char *k)
{
	static const char *const keys[] = {"store_id", "device", "region", "check",
	                                   "hlc", "head", "device_keys", "county",
	                                   "province_key",
	                                   "server"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(k, keys[i]))
			return true;
	if (!strncmp(k, "rows:", 5))
		for (size_t i = 0; i < store_n_tables; i++)
			if (!strcmp(k + 5, store_tables[i].name))
				return true;
	return false;
}

ds_status store_meta_check(ds_store *s, ds_error *err)
{
	static const char *const required[] = {"store_id", "device", "check", "head"};
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	unsigned seen = 0;
	/* every row of the file's meta, each checked by the view */
	if ((st = store_prep(s, "SELECT k FROM meta ORDER BY k", &q, err)))
		return st;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(q, 0);
		if (!k || !known_meta(k)) {
			char where[80];
			snprintf(where, sizeof(where), "meta %.60s", k ? k : "");
			sqlite3_finalize(q);
			return ds_fail(err, DS_EDAMAGED, where,
			               N_("a setting that doorstep never writes was added to the store"));
		}
		for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
			if (!strcmp(k, required[i]))
				seen |= 1u << i;
	}
	if ((st = store_done(s, q, rc, err)))
		return st;
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!(seen & (1u << i))) {
			char where[40];
			snprintf(where, sizeof(where), "meta %s", required[i]);
			return ds_fail(err, DS_EDAMAGED, where,
			               N_("a setting of the store is missing: it is damaged"));
		}
	return DS_OK;
}

/* ---- counts and sums ---------------------------------------------------------- */

#define ROWS_LEN (8 + STORE_SUM_BYTES)

static void put_be64(unsigned char *b, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (56 - 8 * i));
}

static int64_t get_be64(const unsigned char *b)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = (v << 8) | b[i];
	return (int64_t)v;
}

static ds_status rows_get(ds_store *s, const char *table, int64_t *n,
                          unsigned char sum[STORE_SUM_BYTES], ds_error *err)
{
	unsigned char b[ROWS_LEN];
	char k[48];
	size_t len;
	bool found;
	ds_status st;
	snprintf(k, sizeof(k), "rows:%s", table);
	if ((st = store_meta_get(s, k, b, sizeof(b), &len, &found, err)))
		return st;
	if (!found || len != ROWS_LEN) {
		char where[64];
		snprintf(where, sizeof(where), "meta %s", k);
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("a setting of the store is missing: it is damaged"));
	}
	*n = get_be64(b);
	memcpy(sum, b + 8, STORE_SUM_BYTES);
	return DS_OK;
}

static ds_status rows_put(ds_store *s, const char *table, int64_t n,
                          const unsigned char sum[STORE_SUM_BYTES], ds_error *err)
{
	unsigned char b[ROWS_LEN];
	char k[48];
	snprintf(k, sizeof(k), "rows:%s", table);
	put_be64(b, (uint64_t)n);
	memcpy(b + 8, sum, STORE_SUM_BYTES);
	return store_meta_put(s, k, b, sizeof(b), err);
}

void store_auth_begin(ds_store *s)
{
	for (size_t i = 0; i < STORE_N_TABLES; i++) {
		s->acc[i].n = 0;
		memset(s->acc[i].sum, 0, STORE_SUM_BYTES);
	}
	s->acc_failed = false;
}

ds_status store_auth_flush(ds_store *s, ds_error *err)
{
	static const unsigned char zero[STORE_SUM_BYTES];
	ds_status st;
	if (s->acc_failed)
		return ds_fail(err, DS_ESYSTEM, s->dir, N_("out of memory"));
	for (size_t i = 0; i < STORE_N_TABLES; i++) {
		struct store_acc d = s->acc[i];
		int64_t n;
		unsigned char sum[STORE_SUM_BYTES];
		if (!d.n && !memcmp(d.sum, zero, STORE_SUM_BYTES))
			continue;
		if ((st = rows_get(s, store_tables[i].name, &n, sum, err)))
			return st;
		add256(sum, d.sum, false);
		if ((st = rows_put(s, store_tables[i].name, n + d.n, sum, err)))
			return st;
	}
	store_auth_begin(s);
	return DS_OK;
}

/* The count (and, when full, the sum) of a table's rows as the file has
 * them now. */
static ds_status rows_now(ds_store *s, const store_table *t, bool full,
                          int64_t *n, unsigned char sum[STORE_SUM_BYTES],
                          ds_error *err)
{
	char sql[400];
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	if (!full)
		snprintf(sql, sizeof(sql), "SELECT count(*), NULL FROM main.%s", t->name);
	else if (!t->cols)
		snprintf(sql, sizeof(sql), "SELECT count(*), ds_sum(%s) FROM main.%s",
		         t->sumcol, t->name);
	else /* every row's MAC too: a row changed in place keeps the sum */
		snprintf(sql, sizeof(sql), "SELECT count(*), ds_sum(%s) FROM main.%s"
		                           " WHERE ds_ok('%s', mac, %s)",
		         t->sumcol, t->name, t->name, t->cols);
	if ((st = store_prep(s, sql, &q, err)))
		return st;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		*n = sqlite3_column_int64(q, 0);
		if (sqlite3_column_bytes(q, 1) == STORE_SUM_BYTES)
			memcpy(sum, sqlite3_column_blob(q, 1), STORE_SUM_BYTES);
		else
			memset(sum, 0, STORE_SUM_BYTES);
	}
	return store_done(s, q, rc, err);
}

ds_status store_auth_recount(ds_store *s, bool projection_only, ds_error *err)
{
	ds_status st;
	for (size_t i = 0; i < store_n_tables; i++) {
		int64_t n;
		unsigned char sum[STORE_SUM_BYTES];
		if (projection_only && !store_tables[i].projection)
			continue;
		if ((st = rows_now(s, &store_tables[i], true, &n, sum, err)) ||
		    (st = rows_put(s, store_tables[i].name, n, sum, err)))
			return st;
	}
	store_auth_begin(s);
	return DS_OK;
}

ds_status store_auth_recount_table(ds_store *s, const char *name,
                                  ds_error *err)
{
	for (size_t i = 0; i < store_n_tables; i++) {
		int64_t n;
		unsigned char sum[STORE_SUM_BYTES];
		ds_status st;
		if (strcmp(store_tables[i].name, name))
			continue;
		if ((st = rows_now(s, &store_tables[i], true, &n, sum, err)))
			return st;
		return rows_put(s, name, n, sum, err);
	}
	return ds_fail(err, DS_ESYSTEM, name, N_("no such table"));
}

ds_status store_auth_check(ds_store *s, bool full, bool skip_projection,
                           ds_error *err)
{
	ds_status st;
	for (size_t i = 0; i < store_n_tables; i++) {
		const store_table *t = &store_tables[i];
		bool all = full || t->check == STORE_CHECK_FULL;
		int64_t want_n, have_n;
		unsigned char want[STORE_SUM_BYTES], have[STORE_SUM_BYTES];
		char where[48];
		if (skip_projection && t->projection)
			continue;
		if ((st = rows_get(s, t->name, &want_n, want, err)) ||
		    (st = rows_now(s, t, all, &have_n, have, err)))
			return st;
		if (have_n == want_n && (!all || !sodium_memcmp(have, want, STORE_SUM_BYTES)))
			continue;
		snprintf(where, sizeof(where), "%s", t->name);
		if (have_n < want_n)
			return ds_fail(err, DS_EDAMAGED, where,
			               t->projection
			                       ? N_("rows were deleted from this table without the key; doorstep store rebuild restores the case files from the log")
			                       : N_("rows were deleted from this table without the key; the store cannot be trusted: restore it from a backup"));
		if (have_n > want_n)
			return ds_fail(err, DS_EDAMAGED, where,
			               t->projection
			                       ? N_("rows were added to this table without the key; doorstep store rebuild restores the case files from the log")
			                       : N_("rows were added to this table without the key; the store cannot be trusted: restore it from a backup"));
		return ds_fail(err, DS_EDAMAGED, where,
		               t->projection
		                       ? N_("rows of this table were replaced without the key (from an old copy?); doorstep store rebuild restores the case files from the log")
		                       : N_("rows of this table were replaced without the key (from an old copy?); the store cannot be trusted: restore it from a backup"));
	}
	return DS_OK;
}

/* Each row of a MACed table, through its view: the first bad one is an
 * error naming it. */
ds_status store_auth_rows(ds_store *s, ds_error *err)
{
	ds_status st;
	for (size_t i = 0; i < store_n_tables; i++) {
		char sql[160];
		sqlite3_stmt *q;
		int rc;
		if (!store_tables[i].cols)
			continue;
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", store_tables[i].name);
		if ((st = store_prep(s, sql, &q, err)))
			return st;
		rc = sqlite3_step(q);
		if ((st = store_done(s, q, rc, err)))
			return st;
	}
	return DS_OK;
}

/* ---- bundles' bytes ------------------------------------------------------------- */

ds_status store_blob_checked(sqlite3_stmt *q, int bytes_col, int hash_col,
                             const char *where, unsigned char **out,
                             size_t *len, ds_error *err)
{
	size_t n = (size_t)sqlite3_column_bytes(q, bytes_col);
	unsigned char h[STORE_HASH_BYTES];
	*out = NULL;
	*len = 0;
	if (!(*out = malloc(n ? n : 1)))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	if (n)
		memcpy(*out, sqlite3_column_blob(q, bytes_col), n);
	crypto_generichash(h, sizeof(h), *out, n, NULL, 0);
	/* the hash is under the row's MAC; the bytes are not */
	if (sqlite3_column_bytes(q, hash_col) != STORE_HASH_BYTES ||
	    sodium_memcmp(h, sqlite3_column_blob(q, hash_col), STORE_HASH_BYTES)) {
		free(*out);
		*out = NULL;
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("a bundle kept in the store was altered without the key"));
	}
	*len = n;
	return DS_OK;
}
