/* open.c — creating, unlocking and migrating a store; local users and their
 * key slots; the escrow slot. */
#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/text.h"
#include "core/event.h"
#include "store/internal.h"
#include "store/policyjson.h"
#include "store/replica.h"

/* Forward migrations: entry i takes a store from schema i to i + 1. */
const char *const store_migrations[] = {
	/* 0 -> 1: the first schema. Plaintext columns hold only random ids,
	 * status codes, due dates, staff user names and key material;
	 * everything about a household is sealed. */
	"CREATE TABLE meta (k TEXT PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE signer (id INTEGER PRIMARY KEY, user TEXT NOT NULL,"
	" pk BLOB NOT NULL UNIQUE);"
	"CREATE TABLE user (name TEXT PRIMARY KEY, role BLOB NOT NULL,"
	" kdf_ops INTEGER NOT NULL, kdf_mem INTEGER NOT NULL,"
	" salt BLOB NOT NULL, wrapped BLOB NOT NULL,"
	" signer INTEGER NOT NULL REFERENCES signer(id));"
	"CREATE TABLE escrow (id INTEGER PRIMARY KEY, key_id TEXT NOT NULL,"
	" box_pk BLOB NOT NULL, sealed BLOB NOT NULL);"
	"CREATE TABLE event (seq INTEGER PRIMARY KEY, device BLOB NOT NULL,"
	" epoch INTEGER NOT NULL, dseq INTEGER NOT NULL, hlc INTEGER NOT NULL,"
	" author TEXT NOT NULL, kind TEXT NOT NULL, entity TEXT NOT NULL,"
	" body BLOB NOT NULL, prev BLOB NOT NULL, hash BLOB NOT NULL,"
	" UNIQUE (device, epoch, dseq));"
	"CREATE INDEX event_entity ON event(entity, seq);"
	"CREATE TABLE checkpoint (device BLOB NOT NULL, epoch INTEGER NOT NULL,"
	" dseq INTEGER NOT NULL, signer INTEGER NOT NULL REFERENCES signer(id),"
	" sig BLOB NOT NULL, PRIMARY KEY (device, epoch, dseq)) WITHOUT ROWID;"
	"CREATE TABLE household (id TEXT NOT NULL UNIQUE, status TEXT NOT NULL,"
	" due TEXT, version INTEGER NOT NULL, created_seq INTEGER NOT NULL,"
	" updated_seq INTEGER NOT NULL, data BLOB, mac BLOB NOT NULL);"
	"CREATE TABLE person (blind BLOB PRIMARY KEY, household TEXT NOT NULL)"
	" WITHOUT ROWID;"
	/* Policy versions: public rules, read from the body of the event
	 * that imported them. */
	"CREATE TABLE policy (version TEXT PRIMARY KEY, effective TEXT NOT NULL,"
	" seq INTEGER NOT NULL);"
	/* The latest assessment of each household (its event holds it). */
	"CREATE TABLE assessment (household TEXT PRIMARY KEY,"
	" seq INTEGER NOT NULL, date TEXT NOT NULL, warning INTEGER NOT NULL,"
	" t_first TEXT, t_months INTEGER) WITHOUT ROWID;"
	/* Cross-check imports: a keyed hash of each file's content (the same
	 * file is not imported twice) and the event holding its rows. */
	"CREATE TABLE crosscheck (hash BLOB PRIMARY KEY, seq INTEGER NOT NULL)"
	" WITHOUT ROWID;"
	/* Flags for review: the household and the flag.raised event that
	 * holds the rule and the evidence, sealed. */
	"CREATE TABLE flag (seq INTEGER PRIMARY KEY, household TEXT NOT NULL);"
	"CREATE INDEX flag_household ON flag(household, seq);"
	/* The case file of each household that has been through casework:
	 * its state in the clear (it is the household's status), the rest
	 * sealed. */
	"CREATE TABLE casefile (household TEXT PRIMARY KEY, state TEXT NOT NULL,"
	" seq INTEGER NOT NULL, data BLOB NOT NULL) WITHOUT ROWID;"
	/* Visit drafts: work in progress, sealed, not in the log. */
	"CREATE TABLE draft (id TEXT PRIMARY KEY, household TEXT NOT NULL,"
	" author TEXT NOT NULL, updated INTEGER NOT NULL, step INTEGER NOT NULL,"
	" data BLOB NOT NULL) WITHOUT ROWID;",
	/* 1 -> 2: sync. Bundles this device made (sync_out) and received
	 * (sync_in), by number within an epoch, with their hashes; the
	 * county's own tables (devices it enrolled, bundles it holds back). */
	"CREATE TABLE sync_out (epoch INTEGER NOT NULL, number INTEGER NOT NULL,"
	" first INTEGER NOT NULL, last INTEGER NOT NULL, hash BLOB NOT NULL,"
	" made INTEGER NOT NULL, acked INTEGER, bundle BLOB, refused TEXT,"
	" PRIMARY KEY (epoch, number)) WITHOUT ROWID;"
	"CREATE TABLE sync_in (sender BLOB NOT NULL, epoch INTEGER NOT NULL,"
	" number INTEGER NOT NULL, hash BLOB NOT NULL, first INTEGER NOT NULL,"
	" last INTEGER NOT NULL, received INTEGER NOT NULL,"
	" PRIMARY KEY (sender, epoch, number)) WITHOUT ROWID;"
	"CREATE TABLE county_device (device BLOB PRIMARY KEY, user TEXT NOT NULL,"
	" role TEXT NOT NULL, area TEXT NOT NULL, sign_pk BLOB NOT NULL,"
	" box_pk BLOB NOT NULL, enrolled INTEGER NOT NULL, revoked INTEGER)"
	" WITHOUT ROWID;"
	"CREATE TABLE county_quarantine (hash BLOB PRIMARY KEY, sender BLOB,"
	" epoch INTEGER, number INTEGER, reason TEXT NOT NULL,"
	" received INTEGER NOT NULL, bundle BLOB NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE county_down (device BLOB NOT NULL, number INTEGER NOT NULL,"
	" last_seq INTEGER NOT NULL, hash BLOB NOT NULL, made INTEGER NOT NULL,"
	" bundle BLOB NOT NULL, PRIMARY KEY (device, number)) WITHOUT ROWID;"
	/* Changes to the same household made at the same time on two
	 * laptops, in the projection: the one that won, the one kept aside,
	 * and the fields both changed. */
	"CREATE TABLE conflict (loser INTEGER PRIMARY KEY, winner INTEGER NOT NULL,"
	" household TEXT NOT NULL, fields TEXT NOT NULL);"
	/* Households the county moved from one assistant to another: who
	 * works on it now, and the household.reassigned event that said so. */
	"CREATE TABLE assignment (household TEXT PRIMARY KEY, user TEXT NOT NULL,"
	" seq INTEGER NOT NULL) WITHOUT ROWID;",
	/* 2 -> 3: every row that steers the program carries a MAC under the
	 * data key (rowauth.c); the tables that hold bundles are made again
	 * with the MAC before the bundle's bytes, so a row is checked without
	 * reading them. A bundle received may have been refused in its place
	 * in the sender's sequence (sync_in.refused); a county's laptop may
	 * be used by several people, each enrolled with a role
	 * (county_member). The MACs, counts and sums of the rows already
	 * there are made by the code of the migration (open.c). */
	"ALTER TABLE meta ADD COLUMN mac BLOB;"
	"ALTER TABLE signer ADD COLUMN mac BLOB;"
	"ALTER TABLE user ADD COLUMN mac BLOB;"
	"ALTER TABLE escrow ADD COLUMN mac BLOB;"
	"ALTER TABLE person ADD COLUMN mac BLOB;"
	"ALTER TABLE policy ADD COLUMN mac BLOB;"
	"ALTER TABLE assessment ADD COLUMN mac BLOB;"
	"ALTER TABLE crosscheck ADD COLUMN mac BLOB;"
	"ALTER TABLE flag ADD COLUMN mac BLOB;"
	"ALTER TABLE casefile ADD COLUMN mac BLOB;"
	"ALTER TABLE draft ADD COLUMN mac BLOB;"
	"ALTER TABLE sync_in ADD COLUMN refused TEXT;"
	"ALTER TABLE sync_in ADD COLUMN mac BLOB;"
	"ALTER TABLE county_device ADD COLUMN mac BLOB;"
	"ALTER TABLE conflict ADD COLUMN mac BLOB;"
	"ALTER TABLE assignment ADD COLUMN mac BLOB;"
	"CREATE TABLE sync_out3 (epoch INTEGER NOT NULL, number INTEGER NOT NULL,"
	" first INTEGER NOT NULL, last INTEGER NOT NULL, hash BLOB NOT NULL,"
	" made INTEGER NOT NULL, acked INTEGER, refused TEXT, mac BLOB,"
	" bundle BLOB, PRIMARY KEY (epoch, number)) WITHOUT ROWID;"
	"INSERT INTO sync_out3 SELECT epoch, number, first, last, hash, made,"
	" acked, refused, NULL, bundle FROM sync_out;"
	"DROP TABLE sync_out;"
	"ALTER TABLE sync_out3 RENAME TO sync_out;"
	"CREATE TABLE county_quarantine3 (hash BLOB PRIMARY KEY, sender BLOB,"
	" epoch INTEGER, number INTEGER, reason TEXT NOT NULL,"
	" received INTEGER NOT NULL, mac BLOB, bundle BLOB NOT NULL) WITHOUT ROWID;"
	"INSERT INTO county_quarantine3 SELECT hash, sender, epoch, number,"
	" reason, received, NULL, bundle FROM county_quarantine;"
	"DROP TABLE county_quarantine;"
	"ALTER TABLE county_quarantine3 RENAME TO county_quarantine;"
	"CREATE TABLE county_down3 (device BLOB NOT NULL, number INTEGER NOT NULL,"
	" last_seq INTEGER NOT NULL, hash BLOB NOT NULL, made INTEGER NOT NULL,"
	" mac BLOB, bundle BLOB NOT NULL, PRIMARY KEY (device, number))"
	" WITHOUT ROWID;"
	"INSERT INTO county_down3 SELECT device, number, last_seq, hash, made,"
	" NULL, bundle FROM county_down;"
	"DROP TABLE county_down;"
	"ALTER TABLE county_down3 RENAME TO county_down;"
	"CREATE TABLE county_member (device BLOB NOT NULL, user TEXT NOT NULL,"
	" role TEXT NOT NULL, enrolled INTEGER NOT NULL, revoked INTEGER,"
	" mac BLOB, PRIMARY KEY (device, user)) WITHOUT ROWID;"
	"INSERT INTO county_member SELECT device, user, role, enrolled, revoked,"
	" NULL FROM county_device;",
	/* 3 -> 4: the county's settings (settings.c): one row, the
	 * settings.set event in force and whether the county or this laptop
	 * set it. Its count and sum are made by the code of the migration. */
	("CREATE TABLE settings (k TEXT PRIMARY KEY, source TEXT NOT NULL,"
	 " seq INTEGER NOT NULL, mac BLOB) WITHOUT ROWID;"),
	/* 4 -> 5: the county office (office.c): its accounts for the web
	 * console, with their password hashes, and its log (who logged in,
	 * or failed to, and what they did), only ever appended to. Their
	 * counts and sums are made by the code of the migration. */
	("CREATE TABLE office_user (name TEXT PRIMARY KEY, role TEXT NOT NULL,"
	 " hash TEXT NOT NULL, created INTEGER NOT NULL, disabled INTEGER,"
	 " mac BLOB) WITHOUT ROWID;"
	 "CREATE TABLE office_log (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL,"
	 " user TEXT NOT NULL, peer TEXT NOT NULL, kind TEXT NOT NULL,"
	 " what TEXT NOT NULL, outcome TEXT NOT NULL, mac BLOB);"),
	/* 5 -> 6: the caseload's summaries (summary.c): one sealed row a
	 * household with what the caseload shows and its search looks in,
	 * and the next thing due as a date (no personal data), which the
	 * caseload is read in the order of by its index. The rows, their
	 * count and sum are made by the code of the migration. */
	("CREATE TABLE summary (household TEXT PRIMARY KEY, due TEXT NOT NULL,"
	 " seq INTEGER NOT NULL, data BLOB NOT NULL, mac BLOB) WITHOUT ROWID;"
	 "CREATE INDEX summary_due ON summary(due, household);"),
	/* 6 -> 7: the summaries kept in the order the caseload reads them
	 * (the next thing due, then the household): reading them is one walk
	 * through the table, not a look-up a household through an index into
	 * a table in the households' order, which at 100,000 read a page of
	 * the file for almost every row. The household finds its row by a
	 * unique index. The rows, their count and sum are made by the code of
	 * the migration, as for 6. */
	("DROP TABLE summary;"
	 "CREATE TABLE summary (due TEXT NOT NULL, household TEXT NOT NULL,"
	 " seq INTEGER NOT NULL, data BLOB NOT NULL, mac BLOB,"
	 " PRIMARY KEY (due, household)) WITHOUT ROWID;"
	 "CREATE UNIQUE INDEX summary_household ON summary(household);"),
	/* 7 -> 8: each month's roll as it was issued (payroll.c): its
	 * canonical form, whose hash is the issued one, and each line's
	 * household size, sealed; the month and the hash under the row's
	 * MAC and bound into the seal's associated data. The feed to the
	 * province sends an issued roll's lines from it rather than making
	 * the roll again from the whole store; a month issued before it has
	 * no row and is made again as before. Its count and sum are made by
	 * the code of the migration. */
	("CREATE TABLE issued_roll (month INTEGER PRIMARY KEY, hash BLOB NOT NULL,"
	 " mac BLOB, sealed BLOB NOT NULL);"),
	/* 8 -> 9: temporary assistance (临时救助). A relief case as its last
	 * step left it: the household and the state and deadline in the
	 * clear (no personal data), the rest — the case, the need as told,
	 * the policy version — sealed; written by the projection of each
	 * relief event, so the log rebuilds it. An older store has no relief
	 * events: the table starts empty. */
	("CREATE TABLE relief (id TEXT PRIMARY KEY, household TEXT NOT NULL,"
	 " state TEXT NOT NULL, deadline TEXT NOT NULL, seq INTEGER NOT NULL,"
	 " data BLOB NOT NULL, mac BLOB) WITHOUT ROWID;"
	 "CREATE INDEX relief_household ON relief(household);"),
	/* 9 -> 10: the ladder of assistance. The class of each household's
	 * latest assessment (classes.c): the household, the event, the class
	 * code and two counts (the members counted, the members covered
	 * alone) in the clear (no personal data), written by the projection
	 * of household.assessed, so the log rebuilds it. The rows, their
	 * count and sum are made by the code of the migration, from each
	 * latest assessment's body; the caseload's summaries, which now hold
	 * the class, are made again. */
	("CREATE TABLE household_class (household TEXT PRIMARY KEY,"
	 " seq INTEGER NOT NULL, class TEXT NOT NULL, members INTEGER NOT NULL,"
	 " covered INTEGER NOT NULL, mac BLOB) WITHOUT ROWID;"),
	/* 10 -> 11: the households in the order they were made, from an
	 * index rather than a sort of every row read (bodies and all) each
	 * time the whole caseload is walked: assess --all, lists, reports. */
	("CREATE INDEX household_created ON household(created_seq);"),
};
const size_t store_n_migrations =
        sizeof(store_migrations) / sizeof(store_migrations[0]);
#define migrations store_migrations
#define N_MIGRATIONS store_n_migrations

static const char *const stmt_sql[] = {
#define X(name, sql) sql,
	STORE_STMT_LIST(X)
#undef X
};

sqlite3_stmt *store_stmt(ds_store *s, enum store_stmt which)
{
	if (!s->stmt[which]) {
		if (sqlite3_prepare_v3(s->db, stmt_sql[which], -1,
		                       SQLITE_PREPARE_PERSISTENT, &s->stmt[which],
		                       NULL) != SQLITE_OK)
			return NULL;
	} else {
		sqlite3_reset(s->stmt[which]);
		sqlite3_clear_bindings(s->stmt[which]);
	}
	return s->stmt[which];
}

static ds_status sql_status(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_NOMEM:
	case SQLITE_CANTOPEN:
		return DS_ESYSTEM;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_SCHEMA:
	case SQLITE_MISMATCH:
		return DS_EDAMAGED;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return DS_EPERM;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DS_ESYSTEM;
	default:
		return DS_EDAMAGED;
	}
}

static ds_status db_fail(sqlite3 *db, ds_error *err, int rc, const char *where)
{
	const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
	/* a read met a row whose MAC does not verify (rowauth.c) */
	if (store_auth_error(msg, err))
		return DS_EDAMAGED;
	if ((rc & 0xff) == SQLITE_FULL)
		return ds_fail(err, DS_ESYSTEM, where,
		               N_("the disk is full; nothing was changed"));
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return ds_fail(err, DS_ESYSTEM, where,
		               N_("the store is in use by another doorstep; try again"));
	return ds_fail(err, sql_status(rc), where,
	               N_("the store database reports: %s"), msg);
}

ds_status store_sql_fail(ds_store *s, ds_error *err, int rc)
{
	return db_fail(s->db, err, rc, s->dir);
}

ds_status store_exec(ds_store *s, const char *sql, ds_error *err)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? DS_OK : store_sql_fail(s, err, rc);
}

static void db_path(char *out, size_t len, const char *dir)
{
	snprintf(out, len, "%s/%s", dir, STORE_DB_NAME);
}

static const char *const pragmas =
        "PRAGMA foreign_keys = ON;"
        "PRAGMA secure_delete = ON;"
        "PRAGMA temp_store = MEMORY;"
        "PRAGMA synchronous = FULL;"
        "PRAGMA trusted_schema = OFF;"
        "PRAGMA cell_size_check = ON;";

static ds_status db_open(const char *dir, bool create, sqlite3 **out,
                         ds_error *err)
{
	char path[PATH_MAX];
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
	            SQLITE_OPEN_EXRESCODE;
	int rc;
	struct stat stbuf;

	db_path(path, sizeof(path), dir);
	if (!create && stat(path, &stbuf) != 0)
		return ds_fail(err, DS_EINPUT, dir,
		               N_("there is no doorstep store here; create one with: doorstep init"));
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &db, flags, NULL);
	if (rc != SQLITE_OK) {
		ds_status st = db_fail(db, err, rc, path);
		sqlite3_close(db);
		return st;
	}
	sqlite3_busy_timeout(db, STORE_WRITE_WAIT_MS);
	sqlite3_extended_result_codes(db, 1);
	rc = sqlite3_exec(db, pragmas, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		ds_status st = db_fail(db, err, rc, path);
		sqlite3_close(db);
		return st;
	}
	*out = db;
	return DS_OK;
}

static int64_t db_user_version(sqlite3 *db, int *rc_out)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	*rc_out = rc;
	return v;
}

static ds_status check_version(sqlite3 *db, const char *dir, int64_t *ver,
                               ds_error *err)
{
	int rc;
	char have[24], know[24];
	int64_t v = db_user_version(db, &rc);
	if (rc != SQLITE_OK)
		return db_fail(db, err, rc, dir);
	if (v == 0)
		return ds_fail(err, DS_EINPUT, dir,
		               N_("there is no doorstep store here; create one with: doorstep init"));
	if (v > STORE_SCHEMA_VERSION) {
		snprintf(have, sizeof(have), "%lld", (long long)v);
		snprintf(know, sizeof(know), "%d", STORE_SCHEMA_VERSION);
		return ds_fail(err, DS_ENEWER, dir,
		               N_("this store was written by a newer doorstep (schema %s; this one knows up to %s); install the newer version"),
		               have, know);
	}
	*ver = v;
	return DS_OK;
}

static void put_be64(unsigned char *b, uint64_t v);

/* The code part of 2 -> 3: what was in the store is trusted once, as it
 * was before there were MACs: every row gets its MAC, meta's epoch becomes
 * the log's head, and every table its count and sum. */
static ds_status upgrade_v3(ds_store *s, ds_error *err)
{
	char sql[512];
	ds_status st;
	sqlite3_stmt *q;
	int rc;
	for (size_t i = 0; i < store_n_tables; i++) {
		if (!store_tables[i].cols)
			continue;
		snprintf(sql, sizeof(sql), "UPDATE main.%s SET mac = ds_mac('%s', %s)",
		         store_tables[i].name, store_tables[i].name, store_tables[i].cols);
		if ((st = store_exec(s, sql, err)))
			return st;
	}
	if ((st = store_prep(s, "SELECT v FROM main.meta WHERE k = 'epoch'", &q, err)))
		return st;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(q, 0) == 8) {
		const unsigned char *b = sqlite3_column_blob(q, 0);
		unsigned char head[STORE_HEAD_LEN];
		sqlite3_stmt *e;
		memset(head, 0, sizeof(head));
		memcpy(head, b, 8);
		sqlite3_finalize(q);
		if ((st = store_prep(s, "SELECT e.dseq, e.hash FROM main.event e, main.meta m"
		                        " WHERE m.k = 'device' AND e.device = m.v AND e.epoch = ?"
		                        " ORDER BY e.dseq DESC LIMIT 1", &e, err)))
			return st;
		{
			int64_t epoch = 0;
			for (int i = 0; i < 8; i++)
				epoch = (epoch << 8) | head[i];
			sqlite3_bind_int64(e, 1, epoch);
		}
		if ((rc = sqlite3_step(e)) == SQLITE_ROW &&
		    sqlite3_column_bytes(e, 1) == STORE_HASH_BYTES) {
			put_be64(head + 8, (uint64_t)sqlite3_column_int64(e, 0));
			memcpy(head + 16, sqlite3_column_blob(e, 1), STORE_HASH_BYTES);
		}
		if ((st = store_done(s, e, rc, err)) ||
		    (st = store_exec(s, "DELETE FROM main.meta WHERE k = 'epoch'", err)) ||
		    (st = store_meta_put(s, "head", head, sizeof(head), err)))
			return st;
	} else if ((st = store_done(s, q, rc, err))) {
		return st;
	}
	if ((st = store_exec(s, "UPDATE main.meta SET mac = ds_mac('meta', k, v)", err)))
		return st;
	return store_auth_recount(s, false, err);
}

static ds_status migrate(ds_store *s, int64_t from, ds_error *err)
{
	char sql[64];
	ds_status st;
	if (from >= STORE_SCHEMA_VERSION)
		return DS_OK;
	if ((st = store_exec(s, "BEGIN IMMEDIATE", err)))
		return st;
	for (int64_t v = from; v < STORE_SCHEMA_VERSION; v++) {
		if ((st = store_exec(s, migrations[v], err)))
			goto fail;
	}
	if (from < 3 && ((st = store_auth_install(s, err)) || (st = upgrade_v3(s, err))))
		goto fail;
	if (from == 3 && (st = store_auth_recount_table(s, "settings", err)))
		goto fail;
	if (from >= 3 && from < 5 &&
	    ((st = store_auth_recount_table(s, "office_user", err)) ||
	     (st = store_auth_recount_table(s, "office_log", err))))
		goto fail;
	/* the class of every household's latest assessment, from its body
	 * (before the summaries, which hold it) */
	if (from < 10 &&
	    ((st = store_auth_install(s, err)) || (st = store_class_fill(s, err)) ||
	     (st = store_auth_recount_table(s, "household_class", err))))
		goto fail;
	/* every household's summary, read as the rest of the program reads
	 * it (the connection's checks installed first), its next thing due
	 * worked out on the program's today (store_set_default_today), else
	 * the clock's day: made at 6, again at 7 in the new order and at 10
	 * with the class */
	if (from < 10) {
		core_date today = s->today;
		if (today < 0) {
			time_t now = time(NULL);
			struct tm tm;
			localtime_r(&now, &tm);
			s->today = core_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1,
			                              tm.tm_mday);
		}
		if (!(st = store_auth_install(s, err)))
			st = store_summary_build_all(s, err);
		s->today = today;
		store_summary_forget(s);
		if (st || (st = store_auth_recount_table(s, "summary", err)))
			goto fail;
	}
	if (from >= 3 && from < 8 && (st = store_auth_recount_table(s, "issued_roll", err)))
		goto fail;
	if (from >= 3 && from < 9 && (st = store_auth_recount_table(s, "relief", err)))
		goto fail;
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
	         STORE_SCHEMA_VERSION);
	if ((st = store_exec(s, sql, err)) || (st = store_exec(s, "COMMIT", err)))
		goto fail;
	return DS_OK;
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return st;
}

/* ---- meta -------------------------------------------------------------- */

static ds_status meta_put(ds_store *s, const char *k, const void *v, int len,
                          ds_error *err)
{
	return store_meta_put(s, k, v, (size_t)len, err);
}

/* Reads a meta value into buf; returns its length, -1 when absent or when
 * it cannot be read (its MAC fails): callers treat both as damage. */
static int meta_get(ds_store *s, const char *k, void *buf, int len)
{
	size_t n;
	bool found;
	if (store_meta_get(s, k, buf, (size_t)len, &n, &found, NULL) || !found)
		return -1;
	return (int)n;
}

ds_status store_meta_put_hlc(ds_store *s, ds_error *err)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(s->hlc >> (56 - 8 * i));
	return meta_put(s, "hlc", b, 8, err);
}

/* ---- users and key slots ----------------------------------------------- */

static ds_status check_user_name(const char *name, ds_error *err)
{
	size_t n = name ? strlen(name) : 0;
	if (!n)
		return ds_fail(err, DS_EUSAGE, "user", N_("a user name is needed"));
	if (n >= STORE_USER_MAX || !core_utf8_valid(name, n) ||
	    core_has_control(name))
		return ds_fail(err, DS_EINPUT, "user",
		               N_("a user name is one word of at most 31 bytes"));
	for (const char *p = name; *p; p++)
		if (*p == ' ' || *p == '|' || *p == '/' || *p == '\\' ||
		    *p == '"' || *p == '\'' || *p == ',')
			return ds_fail(err, DS_EINPUT, "user",
			               N_("a user name is one word of at most 31 bytes"));
	return DS_OK;
}

static ds_status check_passphrase(const store_secret *pass, ds_error *err)
{
	size_t chars = 0;
	for (size_t i = 0; i < pass->len; i++)
		chars += (pass->p[i] & 0xC0) != 0x80;
	if (chars < STORE_PASS_MIN)
		return ds_fail(err, DS_EINPUT, "passphrase",
		               N_("a passphrase needs at least 8 characters"));
	return DS_OK;
}

static void slot_ad(char *buf, size_t len, const char *user, int64_t signer)
{
	snprintf(buf, len, "keyslot|%s|%lld|1", user, (long long)signer);
}

static void role_ad(char *buf, size_t len, const char *user)
{
	snprintf(buf, len, "user|%s|role|1", user);
}

/* Writes (or rewrites) user's key slot: the data key and the user's signing
 * key wrapped under a key from the passphrase. */
static ds_status write_slot(ds_store *s, const char *user, core_role role,
                            const store_secret *pass, int64_t signer,
                            const unsigned char *sign_sk, bool insert,
                            ds_error *err)
{
	unsigned char salt[STORE_SALT_BYTES], *wrapped = NULL, *role_sealed = NULL;
	size_t wrapped_len = 0, role_len = 0;
	char ad[128];
	store_secret *kek = store_secret_new(STORE_KEY_BYTES);
	store_secret *plain = store_secret_new(STORE_KEY_BYTES + STORE_SIGN_SK_BYTES);
	sqlite3_stmt *st = NULL;
	const char *rname = core_role_id(role);
	ds_status rs;
	int rc;

	if (!kek || !plain) {
		rs = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	store_random(salt, sizeof(salt));
	if ((rs = store_kdf(kek->p, pass, salt, STORE_KDF_OPSLIMIT,
	                    STORE_KDF_MEMLIMIT))) {
		rs = ds_fail(err, DS_ESYSTEM, "",
		             N_("not enough memory to protect the passphrase (64 MiB are needed)"));
		goto out;
	}
	memcpy(plain->p, s->keys->p + KEY_DATA, STORE_KEY_BYTES);
	memcpy(plain->p + STORE_KEY_BYTES, sign_sk, STORE_SIGN_SK_BYTES);
	slot_ad(ad, sizeof(ad), user, signer);
	if ((rs = store_seal(&wrapped, &wrapped_len, plain->p, plain->len, ad,
	                     kek->p)))
		goto oom;
	role_ad(ad, sizeof(ad), user);
	if ((rs = store_seal(&role_sealed, &role_len, rname, strlen(rname), ad,
	                     SEAL_KEY(s))))
		goto oom;
	rc = sqlite3_prepare_v2(
	        s->db,
	        insert ? "INSERT INTO main.user(role, kdf_ops, kdf_mem, salt, wrapped,"
	                 " signer, name, mac) VALUES (?1,?2,?3,?4,?5,?6,?7,"
	                 " ds_mac('user', ?7, ?1, ?2, ?3, ?4, ?5, ?6))"
	               : "UPDATE main.user SET role = ?1, kdf_ops = ?2, kdf_mem = ?3,"
	                 " salt = ?4, wrapped = ?5, signer = ?6,"
	                 " mac = ds_mac('user', ?7, ?1, ?2, ?3, ?4, ?5, ?6)"
	                 " WHERE name = ?7",
	        -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rs = store_sql_fail(s, err, rc);
		goto out;
	}
	sqlite3_bind_blob(st, 1, role_sealed, (int)role_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)STORE_KDF_OPSLIMIT);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)STORE_KDF_MEMLIMIT);
	sqlite3_bind_blob(st, 4, salt, sizeof(salt), SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, wrapped, (int)wrapped_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, signer);
	sqlite3_bind_text(st, 7, user, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		rs = store_sql_fail(s, err, rc);
		goto out;
	}
	if (!insert && sqlite3_changes(s->db) != 1) {
		rs = ds_fail(err, DS_EINPUT, "user", N_("there is no user %s"),
		             user);
		goto out;
	}
	rs = DS_OK;
	goto out;
oom:
	rs = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
out:
	sqlite3_finalize(st);
	free(wrapped);
	free(role_sealed);
	store_secret_free(&kek);
	store_secret_free(&plain);
	return rs;
}

ds_status store_signer_add(ds_store *s, const char *user,
                           const unsigned char pk[STORE_SIGN_PK_BYTES],
                           int64_t *id, ds_error *err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(
	        s->db, "INSERT INTO main.signer(id, user, pk, mac) VALUES"
	               " ((SELECT coalesce(max(id), 0) + 1 FROM main.signer), ?1, ?2,"
	               " ds_mac('signer', (SELECT coalesce(max(id), 0) + 1 FROM main.signer),"
	               " ?1, ?2))", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_text(st, 1, user, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, pk, STORE_SIGN_PK_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_sql_fail(s, err, rc);
	*id = sqlite3_last_insert_rowid(s->db);
	return DS_OK;
}

static ds_status emit_user_key(ds_store *s, const char *kind, const char *user,
                               core_role role,
                               const unsigned char pk[STORE_SIGN_PK_BYTES],
                               const char *reason, ds_error *err)
{
	char hex[STORE_SIGN_PK_BYTES * 2 + 1];
	json_t *body;
	ds_status st;
	store_hex(hex, pk, STORE_SIGN_PK_BYTES);
	body = json_pack("{s:s, s:s, s:s}", "user", user, "role",
	                 core_role_id(role), "sign_pk", hex);
	if (!body)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	if (reason)
		json_object_set_new(body, "reason", json_string(reason));
	st = store_emit(s, kind, "", body, NULL, err);
	json_decref(body);
	return st;
}

/* A new user with a new signing key and a key slot; inside a transaction. */
static ds_status create_user(ds_store *s, const char *name, core_role role,
                             const store_secret *pass, int64_t *signer_out,
                             store_secret **sk_out, ds_error *err)
{
	unsigned char pk[STORE_SIGN_PK_BYTES];
	store_secret *sk = store_secret_new(STORE_SIGN_SK_BYTES);
	int64_t signer;
	ds_status st;
	if (!sk)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	crypto_sign_keypair(pk, sk->p);
	if ((st = store_signer_add(s, name, pk, &signer, err)) ||
	    (st = write_slot(s, name, role, pass, signer, sk->p, true, err))) {
		store_secret_free(&sk);
		return st;
	}
	*signer_out = signer;
	*sk_out = sk;
	return DS_OK;
}

static ds_status user_exists(ds_store *s, const char *name, bool *exists,
                             ds_error *err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, "SELECT 1 FROM user WHERE name = ?",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sql_fail(s, err, rc);
	*exists = rc == SQLITE_ROW;
	return DS_OK;
}

/* ---- handle ------------------------------------------------------------ */

/* the day a store takes as today from its open (store_set_default_today) */
static core_date default_today = -1;

static ds_store *handle_new(const char *dir, ds_error *err)
{
	ds_store *s = calloc(1, sizeof(*s));
	if (!s) {
		ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		return NULL;
	}
	s->keys = store_secret_new(KEY_TOTAL);
	if (!s->keys || strlen(dir) >= sizeof(s->dir)) {
		store_secret_free(&s->keys);
		free(s);
		ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		return NULL;
	}
	snprintf(s->dir, sizeof(s->dir), "%s", dir);
	s->today = default_today;
	s->write_wait_ms = STORE_WRITE_WAIT_MS;
	return s;
}

static void derive_keys(ds_store *s)
{
	store_subkey(s->keys->p + KEY_SEAL, STORE_SUBKEY_SEAL,
	             s->keys->p + KEY_DATA);
	store_subkey(s->keys->p + KEY_BLIND, STORE_SUBKEY_BLIND,
	             s->keys->p + KEY_DATA);
	store_subkey(s->keys->p + KEY_ROWMAC, STORE_SUBKEY_ROWMAC,
	             s->keys->p + KEY_DATA);
	store_auth_keys(s);
}

void store_close(ds_store **ps)
{
	ds_store *s;
	if (!ps || !*ps)
		return;
	s = *ps;
	if (s->tx_depth)
		store_rollback(s);
	for (int i = 0; i < STMT_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	store_summary_forget(s);
	sqlite3_close(s->db);
	store_secret_free(&s->keys);
	free(s);
	*ps = NULL;
}

const ds_error *store_notice(const ds_store *s)
{
	return s && s->has_notice ? &s->notice : NULL;
}

/* The store's folder 0700 and its files 0600 (DESIGN.md): another user's
 * store is not opened; one that others could read is made private again
 * and the user told which was open and how. */
static ds_status check_modes(ds_store *s, ds_error *err)
{
	static const char *const suffix[] = {"", "/" STORE_DB_NAME,
	                                     "/" STORE_DB_NAME "-wal",
	                                     "/" STORE_DB_NAME "-shm"};
	char path[PATH_MAX + 32], found[DS_ERR_WHERE] = "", mode[16] = "", m[16];
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		struct stat sb;
		mode_t want = i ? 0600 : 0700;
		snprintf(path, sizeof(path), "%s%s", s->dir, suffix[i]);
		if (lstat(path, &sb) != 0)
			continue; /* -wal and -shm come and go */
		if (sb.st_uid != geteuid())
			return ds_fail(err, DS_EPERM, path,
			               N_("belongs to another user of this computer; doorstep opens only its own user's store"));
		if (!(sb.st_mode & 077))
			continue;
		snprintf(m, sizeof(m), "%03o", (unsigned)(sb.st_mode & 0777));
		if (chmod(path, want) != 0)
			return ds_fail(err, DS_EPERM, path,
			               N_("others can read it (mode %s) and it cannot be made private"),
			               m);
		if (!found[0]) {
			snprintf(found, sizeof(found), "%.*s", (int)sizeof(found) - 1, path);
			snprintf(mode, sizeof(mode), "%s", m);
		}
	}
	if (found[0]) {
		ds_fail(&s->notice, DS_OK, found,
		        N_("others on this computer could read the store (its mode was %s); doorstep made it private again"),
		        mode);
		s->has_notice = true;
	}
	return DS_OK;
}

const char *store_user(const ds_store *s)
{
	return s->user;
}
core_role store_role(const ds_store *s)
{
	return s->role;
}
const char *store_region(const ds_store *s)
{
	return s->region;
}
void store_set_today(ds_store *s, core_date today)
{
	s->today = today;
}

void store_set_default_today(core_date today)
{
	default_today = today;
}
core_date store_today(const ds_store *s)
{
	return s->today;
}
void store_kdf_params(const ds_store *s, uint64_t *ops, uint64_t *mem)
{
	*ops = s->kdf_ops;
	*mem = s->kdf_mem;
}

static ds_status seal_check(ds_store *s, ds_error *err)
{
	unsigned char *sealed;
	size_t len;
	char ad[64], hex[33];
	ds_status st;
	store_hex(hex, s->store_id, sizeof(s->store_id));
	snprintf(ad, sizeof(ad), "meta|%s|check|1", hex);
	if (store_seal(&sealed, &len, "doorstep", 8, ad, SEAL_KEY(s)))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	st = meta_put(s, "check", sealed, (int)len, err);
	free(sealed);
	return st;
}

static ds_status verify_check(ds_store *s, ds_error *err)
{
	unsigned char sealed[128], *plain = NULL;
	size_t plen;
	char ad[64], hex[33];
	int n = meta_get(s, "check", sealed, sizeof(sealed));
	ds_status st;
	store_hex(hex, s->store_id, sizeof(s->store_id));
	snprintf(ad, sizeof(ad), "meta|%s|check|1", hex);
	if (n < 0)
		return ds_fail(err, DS_EDAMAGED, s->dir,
		               N_("the store's key check is missing: the store is damaged"));
	st = store_unseal(&plain, &plen, sealed, (size_t)n, ad, SEAL_KEY(s));
	free(plain);
	if (st)
		return ds_fail(err, DS_EDAMAGED, s->dir,
		               N_("the key slot does not belong to this store: the store is damaged"));
	return DS_OK;
}

static ds_status load_meta(ds_store *s, ds_error *err)
{
	ds_status st;
	int n;

	/* every row under its MAC, nothing added, nothing required missing */
	if ((st = store_meta_check(s, err)))
		return st;
	if (meta_get(s, "store_id", s->store_id, 16) != 16 ||
	    meta_get(s, "device", s->device, 16) != 16)
		return ds_fail(err, DS_EDAMAGED, s->dir,
		               N_("the store's identity is missing: the store is damaged"));
	s->hlc = 0;
	n = meta_get(s, "region", s->region, sizeof(s->region) - 1);
	s->region[n > 0 ? n : 0] = '\0';
	return store_reload_head(s, err);
}

static void put_be64(unsigned char *b, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (56 - 8 * i));
}

static void remove_db_files(const char *dir)
{
	char path[PATH_MAX + 8];
	const char *suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s%s", dir, STORE_DB_NAME,
		         suffix[i]);
		unlink(path);
	}
}

ds_status store_init(const char *dir, const store_init_opts *o,
                     const store_secret *pass, ds_error *err)
{
	char path[PATH_MAX];
	struct stat stbuf;
	ds_store *s = NULL;
	store_secret *sk = NULL;
	unsigned char head[STORE_HEAD_LEN];
	ds_status st;
	bool created = false;
	int rc;

	if ((st = check_user_name(o->user, err)) ||
	    (st = check_passphrase(pass, err)))
		return st;
	if ((unsigned)o->role >= CORE_ROLE_COUNT)
		return ds_fail(err, DS_EUSAGE, "role",
		               N_("the role is one of: assistant, supervisor, reviewer"));
	if (o->region && (st = core_region_check(o->region, "region", err)))
		return st;
	if ((st = store_crypto_init()))
		return ds_fail(err, st, "", N_("the encryption library could not start"));
	if ((st = store_mkdir_private(dir, err)))
		return st;
	db_path(path, sizeof(path), dir);
	if (stat(path, &stbuf) == 0)
		return ds_fail(err, DS_EINPUT, dir,
		               N_("a store already exists here; nothing was changed"));
	if (!(s = handle_new(dir, err)))
		return DS_ESYSTEM;
	created = true;
	if ((st = db_open(dir, true, &s->db, err)))
		goto fail;
	if (chmod(path, 0600) != 0) {
		st = ds_fail(err, DS_ESYSTEM, path, N_("cannot make the file private"));
		goto fail;
	}
	if ((rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL,
	                       NULL)) != SQLITE_OK) {
		st = store_sql_fail(s, err, rc);
		goto fail;
	}
	store_random(s->keys->p + KEY_DATA, STORE_KEY_BYTES);
	derive_keys(s);
	if ((st = store_auth_functions(s, err)) || (st = migrate(s, 0, err)) ||
	    (st = store_auth_install(s, err)))
		goto fail;
	store_random(s->store_id, sizeof(s->store_id));
	store_random(s->device, sizeof(s->device));
	s->epoch = 1;
	snprintf(s->user, sizeof(s->user), "%s", o->user);
	s->role = o->role;
	snprintf(s->region, sizeof(s->region), "%s", o->region ? o->region : "");
	s->kdf_ops = STORE_KDF_OPSLIMIT;
	s->kdf_mem = STORE_KDF_MEMLIMIT;

	/* the identity first: a transaction begins where the head says */
	memset(head, 0, sizeof(head));
	put_be64(head, (uint64_t)s->epoch);
	if ((st = store_exec(s, "BEGIN IMMEDIATE", err)))
		goto fail;
	if ((st = meta_put(s, "store_id", s->store_id, 16, err)) ||
	    (st = meta_put(s, "device", s->device, 16, err)) ||
	    (st = meta_put(s, "head", head, (int)sizeof(head), err)) ||
	    (st = meta_put(s, "region", s->region, (int)strlen(s->region), err)) ||
	    (st = seal_check(s, err)) || (st = store_exec(s, "COMMIT", err))) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		goto fail;
	}
	if ((st = store_begin(s, err)))
		goto fail;
	if ((st = create_user(s, o->user, o->role, pass, &s->signer, &sk, err)))
		goto fail_tx;
	memcpy(s->keys->p + KEY_SIGN, sk->p, STORE_SIGN_SK_BYTES);
	if (o->county) {
		unsigned char *sealed = NULL;
		size_t slen = crypto_box_SEALBYTES + STORE_KEY_BYTES + 16;
		unsigned char *plain = sodium_malloc(STORE_KEY_BYTES + 16);
		sqlite3_stmt *es;
		sealed = malloc(slen);
		if (!sealed || !plain) {
			free(sealed);
			sodium_free(plain);
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			goto fail_tx;
		}
		memcpy(plain, s->keys->p + KEY_DATA, STORE_KEY_BYTES);
		memcpy(plain + STORE_KEY_BYTES, s->store_id, 16);
		crypto_box_seal(sealed, plain, STORE_KEY_BYTES + 16,
		                o->county->box_pk);
		sodium_free(plain);
		rc = sqlite3_prepare_v2(s->db,
		                        "INSERT INTO main.escrow(id, key_id, box_pk, sealed, mac)"
		                        " VALUES (1, ?1, ?2, ?3, ds_mac('escrow', 1, ?1, ?2, ?3))",
		                        -1, &es, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_text(es, 1, o->county->key_id, -1, SQLITE_STATIC);
			sqlite3_bind_blob(es, 2, o->county->box_pk, 32, SQLITE_STATIC);
			sqlite3_bind_blob(es, 3, sealed, (int)slen, SQLITE_STATIC);
			rc = sqlite3_step(es);
			sqlite3_finalize(es);
		}
		free(sealed);
		if (rc != SQLITE_DONE) {
			st = store_sql_fail(s, err, rc);
			goto fail_tx;
		}
	}
	{
		char hex[33];
		json_t *body;
		store_hex(hex, s->store_id, 16);
		body = json_pack("{s:s, s:s, s:b}", "store_id", hex, "region",
		                 s->region, "escrow", o->county != NULL);
		if (!body) {
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			goto fail_tx;
		}
		if (o->county)
			json_object_set_new(body, "county_key_id",
			                    json_string(o->county->key_id));
		st = store_emit(s, core_event_id(CORE_EVENT_STORE_CREATED), "", body, NULL, err);
		json_decref(body);
		if (st)
			goto fail_tx;
	}
	{
		unsigned char pk[STORE_SIGN_PK_BYTES];
		crypto_sign_ed25519_sk_to_pk(pk, sk->p);
		if ((st = emit_user_key(s, core_event_id(CORE_EVENT_USER_ADDED),
		                        o->user, o->role, pk, NULL,
		                        err)))
			goto fail_tx;
	}
	{
		/* Every store starts with the policy built into the program. */
		char version[CORE_POLICY_VERSION_MAX];
		bool already;
		if ((st = store_policy_import(s, (const char *)store_policy_default,
		                              store_policy_default_len, "built-in",
		                              version, sizeof(version), &already,
		                              err)))
			goto fail_tx;
	}
	if ((st = store_commit(s, err)))
		goto fail;
	store_secret_free(&sk);
	store_close(&s);
	return DS_OK;
fail_tx:
	store_rollback(s);
fail:
	store_secret_free(&sk);
	store_close(&s);
	if (created)
		remove_db_files(dir);
	return st;
}

bool store_exists(const char *dir)
{
	char path[PATH_MAX];
	struct stat stbuf;
	db_path(path, sizeof(path), dir);
	return stat(path, &stbuf) == 0;
}

ds_status store_list_users(const char *dir, store_user_name **names,
                           size_t *n, ds_error *err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	store_user_name *list = NULL;
	size_t count = 0;
	int64_t ver;
	ds_status rs;
	int rc;

	*names = NULL;
	*n = 0;
	if ((rs = db_open(dir, false, &db, err)))
		return rs;
	if ((rs = check_version(db, dir, &ver, err)))
		goto out;
	rc = sqlite3_prepare_v2(db, "SELECT name FROM user ORDER BY name", -1,
	                        &st, NULL);
	if (rc != SQLITE_OK) {
		rs = db_fail(db, err, rc, dir);
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_user_name *nl = realloc(list, (count + 1) * sizeof(*list));
		if (!nl) {
			rs = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			goto out;
		}
		list = nl;
		snprintf(list[count++].name, STORE_USER_MAX, "%s",
		         (const char *)sqlite3_column_text(st, 0));
	}
	if (rc != SQLITE_DONE) {
		rs = db_fail(db, err, rc, dir);
		goto out;
	}
	*names = list;
	*n = count;
	list = NULL;
	rs = DS_OK;
out:
	free(list);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rs;
}

/* Picks the user: the one named, or the only one. */
static ds_status pick_user(ds_store *s, const char *user, ds_error *err)
{
	store_user_name *names = NULL;
	size_t n = 0;
	ds_status st;
	if (user && *user) {
		if ((st = check_user_name(user, err)))
			return st;
		snprintf(s->user, sizeof(s->user), "%s", user);
		return DS_OK;
	}
	if ((st = store_list_users(s->dir, &names, &n, err)))
		return st;
	if (n == 1) {
		snprintf(s->user, sizeof(s->user), "%s", names[0].name);
		st = DS_OK;
	} else if (n == 0) {
		st = ds_fail(err, DS_EDAMAGED, s->dir,
		             N_("the store has no users: it is damaged"));
	} else {
		char list[512] = "";
		size_t o = 0;
		for (size_t i = 0; i < n && o < sizeof(list) - 1; i++)
			o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
			                      i ? ", " : "", names[i].name);
		st = ds_fail(err, DS_EUSAGE, "user",
		             N_("several people use this store (%s); say which with --user NAME"),
		             list);
	}
	free(names);
	return st;
}

typedef struct {
	uint64_t ops, mem;
	unsigned char salt[STORE_SALT_BYTES];
	unsigned char *wrapped;
	size_t wrapped_len;
	unsigned char *role;
	size_t role_len;
	int64_t signer;
} slot_row;

static void slot_row_free(slot_row *r)
{
	free(r->wrapped);
	free(r->role);
	memset(r, 0, sizeof(*r));
}

static ds_status read_slot(ds_store *s, slot_row *r, ds_error *err)
{
	sqlite3_stmt *st;
	int rc;
	memset(r, 0, sizeof(*r));
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT kdf_ops, kdf_mem, salt, wrapped, role,"
	                        " signer FROM user WHERE name = ?",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_text(st, 1, s->user, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		ds_status rs;
		if (rc == SQLITE_DONE) {
			store_user_name *names = NULL;
			size_t n = 0;
			char list[512] = "";
			size_t o = 0;
			if (store_list_users(s->dir, &names, &n, NULL) == DS_OK)
				for (size_t i = 0; i < n && o < sizeof(list) - 1; i++)
					o += (size_t)snprintf(list + o, sizeof(list) - o,
					                      "%s%s", i ? ", " : "",
					                      names[i].name);
			free(names);
			rs = ds_fail(err, DS_EINPUT, "user",
			             N_("there is no user %s here; the users are: %s"),
			             s->user, list);
		} else {
			rs = store_sql_fail(s, err, rc);
		}
		sqlite3_finalize(st);
		return rs;
	}
	r->ops = (uint64_t)sqlite3_column_int64(st, 0);
	r->mem = (uint64_t)sqlite3_column_int64(st, 1);
	r->signer = sqlite3_column_int64(st, 5);
	/* The slot can only hold the parameters this doorstep writes: any
	 * other was written without the key, and asking Argon2id for more
	 * would hang every command (or fail) instead of saying so. */
	if (r->ops != STORE_KDF_OPSLIMIT || r->mem != STORE_KDF_MEMLIMIT) {
		char where[64];
		sqlite3_finalize(st);
		snprintf(where, sizeof(where), "user %s", s->user);
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("the key slot asks for passphrase-hardening settings doorstep never writes: it was altered without the key"));
	}
	if (sqlite3_column_bytes(st, 2) != STORE_SALT_BYTES) {
		sqlite3_finalize(st);
		return ds_fail(err, DS_EDAMAGED, s->user,
		               N_("the key slot is damaged"));
	}
	memcpy(r->salt, sqlite3_column_blob(st, 2), STORE_SALT_BYTES);
	r->wrapped_len = (size_t)sqlite3_column_bytes(st, 3);
	r->role_len = (size_t)sqlite3_column_bytes(st, 4);
	r->wrapped = malloc(r->wrapped_len + 1);
	r->role = malloc(r->role_len + 1);
	if (!r->wrapped || !r->role) {
		sqlite3_finalize(st);
		slot_row_free(r);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	memcpy(r->wrapped, sqlite3_column_blob(st, 3), r->wrapped_len);
	memcpy(r->role, sqlite3_column_blob(st, 4), r->role_len);
	sqlite3_finalize(st);
	return DS_OK;
}

static ds_status signer_pk(ds_store *s, int64_t id,
                           unsigned char pk[STORE_SIGN_PK_BYTES], ds_error *err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, "SELECT pk FROM signer WHERE id = ?",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW || sqlite3_column_bytes(st, 0) != STORE_SIGN_PK_BYTES) {
		sqlite3_finalize(st);
		return ds_fail(err, DS_EDAMAGED, s->dir,
		               N_("a signing key is missing: the store is damaged"));
	}
	memcpy(pk, sqlite3_column_blob(st, 0), STORE_SIGN_PK_BYTES);
	sqlite3_finalize(st);
	return DS_OK;
}

static ds_status open_role(ds_store *s, const char *user,
                           const unsigned char *sealed, size_t len,
                           core_role *role, ds_error *err)
{
	char ad[128];
	unsigned char *plain = NULL;
	size_t plen;
	int r;
	role_ad(ad, sizeof(ad), user);
	if (store_unseal(&plain, &plen, sealed, len, ad, SEAL_KEY(s)))
		return ds_fail(err, DS_EDAMAGED, user,
		               N_("the user's role is damaged or was altered"));
	r = core_role_lookup((const char *)plain);
	free(plain);
	if (r < 0)
		return ds_fail(err, DS_EDAMAGED, user,
		               N_("the user's role is damaged or was altered"));
	*role = (core_role)r;
	return DS_OK;
}

/* What every open does once the data key is known: the schema brought up
 * to date, this connection's checks installed, meta and the log's head
 * read and checked, every table's rows against meta's counts and sums.
 * With repair the schema has been mended and the tables the log rebuilds
 * are not checked (the rebuild makes them again). */
typedef enum { OPEN_NORMAL, OPEN_REPAIR, OPEN_AUDIT } open_mode;

static ds_status open_checked(ds_store *s, int64_t ver, open_mode mode,
                              ds_error *err)
{
	ds_status st;
	if ((st = store_auth_functions(s, err)) || (st = migrate(s, ver, err)) ||
	    (st = store_auth_install(s, err)) || (st = load_meta(s, err)) ||
	    (st = verify_check(s, err)))
		return st;
	/* the audit makes these checks itself, in an order that names what
	 * it finds more closely */
	if (mode == OPEN_AUDIT)
		return DS_OK;
	if ((st = store_auth_check(s, false, mode == OPEN_REPAIR, err)) ||
	    (st = store_head_check(s, err)))
		return st;
	return DS_OK;
}

static ds_status open_store(const char *dir, const char *user,
                            const store_secret *pass, open_mode mode,
                            ds_store **out, ds_error *err)
{
	ds_store *s;
	slot_row slot;
	store_secret *kek = NULL;
	unsigned char *plain = NULL;
	size_t plen = 0;
	unsigned char pk[STORE_SIGN_PK_BYTES], derived[STORE_SIGN_PK_BYTES];
	char ad[128];
	int64_t ver;
	ds_status st, schema;
	ds_error serr;

	*out = NULL;
	memset(&slot, 0, sizeof(slot));
	if ((st = store_crypto_init()))
		return ds_fail(err, st, "", N_("the encryption library could not start"));
	if (!(s = handle_new(dir, err)))
		return DS_ESYSTEM;
	if ((st = check_modes(s, err)) || (st = db_open(dir, false, &s->db, err)) ||
	    (st = check_version(s->db, dir, &ver, err)))
		goto fail;
	/* Before anything runs: a trigger added to the file would run inside
	 * doorstep's own writes. Only a rebuild goes on, to mend it once the
	 * passphrase is known. */
	schema = store_schema_check(s->db, ver, dir, &serr);
	if (schema && (mode != OPEN_REPAIR || schema != DS_EDAMAGED)) {
		st = schema;
		if (err)
			*err = serr;
		goto fail;
	}
	if ((st = pick_user(s, user, err)) || (st = read_slot(s, &slot, err)))
		goto fail;
	if (!(kek = store_secret_new(STORE_KEY_BYTES))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto fail;
	}
	st = store_kdf(kek->p, pass, slot.salt, slot.ops, slot.mem);
	if (st == DS_EDAMAGED) {
		st = ds_fail(err, DS_EDAMAGED, s->user,
		             N_("the key slot's parameters are damaged"));
		goto fail;
	} else if (st) {
		st = ds_fail(err, DS_ESYSTEM, "",
		             N_("not enough memory to check the passphrase (64 MiB are needed)"));
		goto fail;
	}
	slot_ad(ad, sizeof(ad), s->user, slot.signer);
	if (store_unseal(&plain, &plen, slot.wrapped, slot.wrapped_len, ad,
	                 kek->p) ||
	    plen != STORE_KEY_BYTES + STORE_SIGN_SK_BYTES) {
		st = ds_fail(err, DS_EPASS, "",
		             N_("wrong passphrase for %s; nothing was changed"),
		             s->user);
		goto fail;
	}
	memcpy(s->keys->p + KEY_DATA, plain, STORE_KEY_BYTES);
	memcpy(s->keys->p + KEY_SIGN, plain + STORE_KEY_BYTES,
	       STORE_SIGN_SK_BYTES);
	store_wipe(plain, plen);
	derive_keys(s);
	s->signer = slot.signer;
	s->kdf_ops = slot.ops;
	s->kdf_mem = slot.mem;
	if ((st = signer_pk(s, slot.signer, pk, err)))
		goto fail;
	crypto_sign_ed25519_sk_to_pk(derived, s->keys->p + KEY_SIGN);
	if (sodium_memcmp(pk, derived, sizeof(pk)) != 0) {
		st = ds_fail(err, DS_EDAMAGED, s->user,
		             N_("the user's signing key does not match the store: it is damaged"));
		goto fail;
	}
	if ((st = open_role(s, s->user, slot.role, slot.role_len, &s->role, err)))
		goto fail;
	if (schema) {
		int mended = 0;
		if ((st = store_exec(s, "BEGIN IMMEDIATE", err)))
			goto fail;
		if ((st = store_schema_repair(s, ver, &mended, err)) ||
		    (st = store_exec(s, "COMMIT", err))) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			goto fail;
		}
	}
	if ((st = open_checked(s, ver, mode, err)))
		goto fail;
	/* a laptop enrolled before enrolment was an event of the log */
	if (mode != OPEN_AUDIT && (st = store_county_upgrade(s, err)))
		goto fail;
	slot_row_free(&slot);
	store_secret_free(&kek);
	free(plain);
	*out = s;
	return DS_OK;
fail:
	slot_row_free(&slot);
	store_secret_free(&kek);
	free(plain);
	store_close(&s);
	return st;
}

ds_status store_open(const char *dir, const char *user,
                     const store_secret *pass, ds_store **out, ds_error *err)
{
	return open_store(dir, user, pass, OPEN_NORMAL, out, err);
}

ds_status store_open_audit(const char *dir, const char *user,
                           const store_secret *pass, ds_store **out,
                           ds_error *err)
{
	return open_store(dir, user, pass, OPEN_AUDIT, out, err);
}

ds_status store_open_repair(const char *dir, const char *user,
                            const store_secret *pass, ds_store **out,
                            ds_error *err)
{
	return open_store(dir, user, pass, OPEN_REPAIR, out, err);
}

ds_status store_users(ds_store *s, store_user_info **users, size_t *n,
                      ds_error *err)
{
	sqlite3_stmt *st;
	store_user_info *list = NULL;
	size_t count = 0;
	ds_status rs = DS_OK;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT name, role FROM user ORDER BY name",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_user_info *nl = realloc(list, (count + 1) * sizeof(*list));
		if (!nl) {
			rs = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			break;
		}
		list = nl;
		snprintf(list[count].name, STORE_USER_MAX, "%s",
		         (const char *)sqlite3_column_text(st, 0));
		if ((rs = open_role(s, list[count].name,
		                    sqlite3_column_blob(st, 1),
		                    (size_t)sqlite3_column_bytes(st, 1),
		                    &list[count].role, err)))
			break;
		count++;
	}
	if (!rs && rc != SQLITE_DONE)
		rs = store_sql_fail(s, err, rc);
	sqlite3_finalize(st);
	if (rs) {
		free(list);
		return rs;
	}
	*users = list;
	*n = count;
	return DS_OK;
}

ds_status store_user_add(ds_store *s, const char *name, core_role role,
                         const store_secret *pass, ds_error *err)
{
	store_secret *sk = NULL;
	int64_t signer;
	bool exists = false;
	ds_status st;
	unsigned char pk[STORE_SIGN_PK_BYTES];

	if ((st = check_user_name(name, err)) ||
	    (st = check_passphrase(pass, err)))
		return st;
	if ((unsigned)role >= CORE_ROLE_COUNT)
		return ds_fail(err, DS_EUSAGE, "role",
		               N_("the role is one of: assistant, supervisor, reviewer"));
	if ((st = store_begin(s, err)))
		return st;
	if ((st = user_exists(s, name, &exists, err)))
		goto fail;
	if (exists) {
		st = ds_fail(err, DS_EINPUT, name,
		             N_("there is already a user with this name"));
		goto fail;
	}
	if ((st = create_user(s, name, role, pass, &signer, &sk, err)))
		goto fail;
	crypto_sign_ed25519_sk_to_pk(pk, sk->p);
	store_secret_free(&sk);
	if ((st = emit_user_key(s, core_event_id(CORE_EVENT_USER_ADDED), name,
	                        role, pk, NULL, err)) ||
	    (st = store_commit(s, err)))
		goto fail;
	return DS_OK;
fail:
	store_rollback(s);
	return st;
}

ds_status store_passwd(ds_store *s, const store_secret *newpass, ds_error *err)
{
	ds_status st;
	if ((st = check_passphrase(newpass, err)))
		return st;
	/* The slot only: no event, since nothing about the cases changed and
	 * a passphrase change must work with a full log too. */
	if ((st = store_begin(s, err)))
		return st;
	if ((st = write_slot(s, s->user, s->role, newpass, s->signer,
	                     s->keys->p + KEY_SIGN, false, err)) ||
	    (st = store_commit(s, err))) {
		store_rollback(s);
		return st;
	}
	return DS_OK;
}

ds_status store_recover(const char *dir, const char *user,
                        const store_county_sec *county,
                        const store_secret *newpass, ds_error *err)
{
	ds_store *s = NULL;
	sqlite3_stmt *q = NULL;
	unsigned char *plain = NULL;
	store_secret *sk = NULL;
	slot_row slot;
	unsigned char pk[STORE_SIGN_PK_BYTES];
	int64_t ver, signer;
	ds_status st;
	int rc;

	memset(&slot, 0, sizeof(slot));
	if ((st = check_passphrase(newpass, err)))
		return st;
	if ((st = store_crypto_init()))
		return ds_fail(err, st, "", N_("the encryption library could not start"));
	if (!(s = handle_new(dir, err)))
		return DS_ESYSTEM;
	if ((st = db_open(dir, false, &s->db, err)) ||
	    (st = check_version(s->db, dir, &ver, err)) ||
	    (st = store_schema_check(s->db, ver, dir, err)) ||
	    (st = pick_user(s, user, err)) || (st = read_slot(s, &slot, err)))
		goto out;
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT sealed FROM escrow WHERE key_id = ?", -1,
	                        &q, NULL);
	if (rc != SQLITE_OK) {
		st = store_sql_fail(s, err, rc);
		goto out;
	}
	sqlite3_bind_text(q, 1, county->pub.key_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		st = rc == SQLITE_DONE
		             ? ds_fail(err, DS_EPERM, "county_secret_key",
		                       N_("this store has no escrow slot for county key %s"),
		                       county->pub.key_id)
		             : store_sql_fail(s, err, rc);
		goto out;
	}
	plain = sodium_malloc(STORE_KEY_BYTES + 16);
	if (!plain) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	if (sqlite3_column_bytes(q, 0) !=
	            (int)(crypto_box_SEALBYTES + STORE_KEY_BYTES + 16) ||
	    crypto_box_seal_open(plain, sqlite3_column_blob(q, 0),
	                         (unsigned long long)sqlite3_column_bytes(q, 0),
	                         county->pub.box_pk, county->box_sk->p) != 0) {
		st = ds_fail(err, DS_EPERM, "county_secret_key",
		             N_("the county key does not open this store's escrow slot"));
		goto out;
	}
	memcpy(s->keys->p + KEY_DATA, plain, STORE_KEY_BYTES);
	derive_keys(s);
	if ((st = open_role(s, s->user, slot.role, slot.role_len, &s->role, err)) ||
	    (st = open_checked(s, ver, OPEN_NORMAL, err)))
		goto out;
	if (sodium_memcmp(plain + STORE_KEY_BYTES, s->store_id, 16) != 0) {
		st = ds_fail(err, DS_EDAMAGED, "county_secret_key",
		             N_("the escrow slot belongs to another store"));
		goto out;
	}
	/* The old signing key was wrapped under the lost passphrase: the user
	 * gets a new one, announced in the log and signed with itself. */
	if (!(sk = store_secret_new(STORE_SIGN_SK_BYTES))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	crypto_sign_keypair(pk, sk->p);
	if ((st = store_begin(s, err)))
		goto out;
	if ((st = store_signer_add(s, s->user, pk, &signer, err)) ||
	    (st = write_slot(s, s->user, s->role, newpass, signer, sk->p, false,
	                     err))) {
		store_rollback(s);
		goto out;
	}
	s->signer = signer;
	memcpy(s->keys->p + KEY_SIGN, sk->p, STORE_SIGN_SK_BYTES);
	if ((st = emit_user_key(s, core_event_id(CORE_EVENT_USER_KEY_REPLACED),
	                        s->user, s->role, pk,
	                        "escrow recovery", err)) ||
	    (st = store_commit(s, err))) {
		store_rollback(s);
		goto out;
	}
	st = DS_OK;
out:
	sqlite3_finalize(q);
	if (plain)
		sodium_free(plain);
	store_secret_free(&sk);
	slot_row_free(&slot);
	store_close(&s);
	return st;
}

/* After a restore from a backup the log may stand where it stood weeks
 * ago, while the county has what came after: the device goes on in a new
 * epoch, its events numbered from 1 again, so nothing it writes now can
 * be mistaken for what the county already has. The new epoch starts with
 * an event saying so. */
ds_status store_new_epoch(ds_store *s, int64_t *epoch, ds_error *err)
{
	unsigned char head[STORE_HEAD_LEN];
	json_t *body;
	ds_status st;
	int64_t old = s->epoch;
	if ((st = store_begin(s, err)))
		return st;
	s->epoch = old + 1;
	s->dseq = 0;
	memset(s->head, 0, sizeof(s->head));
	memset(head, 0, sizeof(head));
	put_be64(head, (uint64_t)s->epoch);
	body = json_pack("{s:I}", "previous_epoch", (json_int_t)old);
	if ((st = meta_put(s, "head", head, (int)sizeof(head), err)) ||
	    (st = store_emit(s, core_event_id(CORE_EVENT_DEVICE_EPOCH), "", body, NULL, err)) ||
	    (st = store_commit(s, err))) {
		json_decref(body);
		store_rollback(s);
		s->epoch = old;
		store_reload_head(s, err);
		return st;
	}
	json_decref(body);
	*epoch = s->epoch;
	return DS_OK;
}
