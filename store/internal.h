/* internal.h — what the store's own files share: the handle, prepared
 * statements, the event emitter and the projection. Not for other layers. */
#ifndef STORE_INTERNAL_H
#define STORE_INTERNAL_H

#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>

#include "store/casework.h"
#include "store/classes.h"
#include "store/hhjson.h"
#include "store/store.h"

/* A household row and, when its data is still the body of the event that
 * created it (data IS NULL), that event's columns to open it. The column
 * numbers are the HH_* below. */
#define STORE_HH_SELECT                                                       \
	"h.id, h.status, h.due, h.version, h.created_seq, h.updated_seq,"   \
	" h.data, h.mac, e.device, e.epoch, e.dseq, e.author, e.kind,"      \
	" e.entity, e.body"
#define STORE_HH_FROM                                                         \
	" FROM household h LEFT JOIN event e"                              \
	" ON h.data IS NULL AND e.seq = h.created_seq AND e.entity = h.id" \
	" AND e.kind = 'household.created'"
#define STORE_HH_COLUMNS STORE_HH_SELECT STORE_HH_FROM
enum {
	HH_ID, HH_STATUS, HH_DUE, HH_VERSION, HH_CREATED, HH_UPDATED, HH_DATA,
	HH_MAC, HH_EV_DEVICE, HH_EV_EPOCH, HH_EV_DSEQ, HH_EV_AUTHOR, HH_EV_KIND,
	HH_EV_ENTITY, HH_EV_BODY,
	/* a walk with the summaries (store_household_walk) */
	HH_SUM_DUE, HH_SUM_SEQ, HH_SUM_DATA
};

/* Prepared statements kept on the handle for the hot paths. */
#define STORE_STMT_LIST(X)                                                    \
	X(EVENT_INSERT,                                                       \
	  "INSERT INTO main.event(device, epoch, dseq, hlc, author, kind, entity," \
	  " body, prev, hash) VALUES (?,?,?,?,?,?,?,?,?,?)")                  \
	X(HH_INSERT,                                                          \
	  "INSERT INTO main.household(status, due, version, created_seq,"    \
	  " updated_seq, data, mac, id) VALUES (?,?,?,?,?,?,?,?)")            \
	X(HH_UPDATE,                                                          \
	  "UPDATE main.household SET status = ?, due = ?, version = ?,"      \
	  " created_seq = ?, updated_seq = ?, data = ?, mac = ? WHERE id = ?") \
	X(HH_GET, "SELECT " STORE_HH_COLUMNS " WHERE h.id = ?")                \
	X(HH_EXISTS, "SELECT 1 FROM household WHERE id = ?")                  \
	X(PERSON_INSERT,                                                      \
	  "INSERT INTO main.person(blind, household, mac)"                   \
	  " VALUES (?1, ?2, ds_mac('person', ?1, ?2))")                       \
	X(PERSON_INSERT_MAC,                                                  \
	  "INSERT INTO main.person(blind, household, mac) VALUES (?1, ?2, ?3)") \
	X(PERSON_DELETE, "DELETE FROM main.person WHERE blind = ?")           \
	X(PERSON_GET, "SELECT household FROM person WHERE blind = ?")        \
	X(SUMMARY_PUT,                                                        \
	  "INSERT OR REPLACE INTO main.summary(household, due, seq, data, mac)" \
	  " VALUES (?1, ?2, ?3, ?4, ds_mac('summary', ?1, ?2, ?3, ?4))")      \
	X(SUMMARY_GET,                                                        \
	  "SELECT due, seq, data FROM main.summary WHERE household = ?")      \
	X(SUMMARY_GLANCE,                                                     \
	  "SELECT a.warning, a.t_first, a.t_months, c.class FROM assessment a" \
	  " LEFT JOIN household_class c ON c.household = a.household"        \
	  " WHERE a.household = ?")                                           \
	X(ASSESSMENT_GET, "SELECT seq FROM assessment WHERE household = ?")  \
	X(CASE_GET, "SELECT state, data FROM casefile WHERE household = ?")  \
	X(EVENT_HLC, "SELECT hlc FROM event WHERE seq = ?")                  \
	X(EVENT_HASH_AT,                                                      \
	  "SELECT hash FROM event WHERE device = ? AND epoch = ? AND dseq = ?") \
	X(EVENT_CHAIN_END,                                                    \
	  "SELECT coalesce(max(dseq), 0) FROM event WHERE device = ? AND"    \
	  " epoch = ?")                                                       \
	X(CHECKPOINT_OF,                                                      \
	  "SELECT c.sig, g.user, g.pk FROM checkpoint c JOIN signer g"       \
	  " ON g.id = c.signer WHERE c.device = ? AND c.epoch = ?"           \
	  " AND c.dseq = ?")                                                  \
	X(FLAGS_OF,                                                           \
	  "SELECT f.seq, f.household, e.kind, e.entity FROM flag f"          \
	  " LEFT JOIN event e ON e.seq = f.seq"                              \
	  " WHERE f.household = ? ORDER BY f.seq")                          \
	X(ASSESSMENT_PUT,                                                     \
	  "INSERT OR REPLACE INTO main.assessment(household, seq, date,"     \
	  " warning, t_first, t_months, mac) VALUES (?1,?2,?3,?4,?5,?6,"     \
	  " ds_mac('assessment', ?1, ?2, ?3, ?4, ?5, ?6))")                   \
	X(CASE_EXISTS, "SELECT 1 FROM casefile WHERE household = ?")         \
	X(CLASS_PUT,                                                          \
	  "INSERT OR REPLACE INTO main.household_class(household, seq, class," \
	  " members, covered, mac) VALUES (?1,?2,?3,?4,?5,"                   \
	  " ds_mac('household_class', ?1, ?2, ?3, ?4, ?5))")                  \
	X(CLASS_DELETE, "DELETE FROM main.household_class WHERE household = ?") \
	X(CLASS_GET,                                                          \
	  "SELECT seq, class, members, covered FROM household_class"         \
	  " WHERE household = ?")

enum store_stmt {
#define X(name, sql) STMT_##name,
	STORE_STMT_LIST(X)
#undef X
	STMT_COUNT
};

/* Layout of the guarded key memory: data key, subkeys, signing key. */
#define KEY_DATA 0
#define KEY_SEAL (KEY_DATA + STORE_KEY_BYTES)
#define KEY_BLIND (KEY_SEAL + STORE_KEY_BYTES)
#define KEY_ROWMAC (KEY_BLIND + STORE_KEY_BYTES)
#define KEY_SIGN (KEY_ROWMAC + STORE_KEY_BYTES)
/* BLAKE2b keyed with the row-MAC key, its domain taken in, for a row's
 * MAC and for its share of a table's sum (rowauth.c): as secret as the
 * key, so kept beside it */
#define KEY_ROWSTATE (KEY_SIGN + STORE_SIGN_SK_BYTES)
#define KEY_SUMSTATE (KEY_ROWSTATE + sizeof(crypto_generichash_state))
#define KEY_TOTAL (KEY_SUMSTATE + sizeof(crypto_generichash_state))

/* Every table of the store but meta (whose rows carry a MAC of their own):
 * X(name, the columns its MAC covers in this order (NULL: the table is
 * authenticated otherwise), columns read through its view besides those
 * (NULL: none), the column each row's share of the table's sum is taken
 * from, what is checked at every open (FULL: every row's MAC, the count
 * and the sum; COUNT: the count; audit verify checks everything), whether
 * the log rebuilds it). Bundles' bytes stay outside the MAC: their hash
 * is in it, and whoever reads them checks it. A caseload summary is
 * checked by its seal, whose associated data binds its other columns
 * (summary.c); its mac, over all of them, is what the table's sum takes.
 * An issued roll's sealed bytes stay outside its MAC too: their seal's
 * associated data binds the month and the hash, and whoever reads them
 * checks the hash (payroll.c). */
#define STORE_TABLE_LIST(X)                                                   \
	X(signer, "id, user, pk", NULL, "mac", FULL, false)                  \
	X(user, "name, role, kdf_ops, kdf_mem, salt, wrapped, signer", NULL,  \
	  "mac", FULL, false)                                                 \
	X(escrow, "id, key_id, box_pk, sealed", NULL, "mac", FULL, false)    \
	X(event, NULL, NULL, "hash", COUNT, false)                            \
	X(checkpoint, NULL, NULL, "sig", COUNT, false)                        \
	X(household, NULL, NULL, "mac", COUNT, true)                          \
	X(person, "blind, household", NULL, "mac", COUNT, true)              \
	X(policy, "version, effective, seq", NULL, "mac", FULL, true)        \
	X(assessment, "household, seq, date, warning, t_first, t_months",     \
	  NULL, "mac", COUNT, true)                                           \
	X(crosscheck, "hash, seq", NULL, "mac", FULL, true)                  \
	X(flag, "seq, household", NULL, "mac", COUNT, true)                  \
	X(casefile, "household, state, seq, data", NULL, "mac", COUNT, true) \
	X(conflict, "loser, winner, household, fields", NULL, "mac", FULL,   \
	  true)                                                               \
	X(assignment, "household, user, seq", NULL, "mac", FULL, true)       \
	X(draft, "id, household, author, updated, step, data", NULL, "mac",  \
	  FULL, false)                                                        \
	X(sync_out, "epoch, number, first, last, hash, made, acked, refused", \
	  "bundle", "mac", FULL, false)                                       \
	X(sync_in, "sender, epoch, number, hash, first, last, received,"     \
	  " refused", NULL, "mac", FULL, false)                               \
	X(county_device, "device, user, role, area, sign_pk, box_pk,"        \
	  " enrolled, revoked", NULL, "mac", FULL, false)                     \
	X(county_member, "device, user, role, enrolled, revoked", NULL,      \
	  "mac", FULL, false)                                                 \
	X(county_quarantine, "hash, sender, epoch, number, reason, received", \
	  "bundle", "mac", FULL, false)                                       \
	X(county_down, "device, number, last_seq, hash, made", "bundle",     \
	  "mac", COUNT, false)                                                \
	X(settings, "k, source, seq", NULL, "mac", FULL, true)                \
	X(office_user, "name, role, hash, created, disabled", NULL, "mac",    \
	  FULL, false)                                                        \
	X(office_log, "seq, at, user, peer, kind, what, outcome", NULL,       \
	  "mac", COUNT, false)                                                \
	X(summary, NULL, NULL, "mac", COUNT, true)                            \
	X(issued_roll, "month, hash", "sealed", "mac", FULL, false)           \
	X(relief, "id, household, state, deadline, seq, data", NULL, "mac",   \
	  COUNT, true)                                                        \
	X(household_class, "household, seq, class, members, covered", NULL,   \
	  "mac", COUNT, true)

enum { STORE_CHECK_FULL, STORE_CHECK_COUNT };
#define STORE_SUM_BYTES 32 /* a table's sum in meta, modulo 2^256 */
enum {
#define X(name, cols, extra, sumcol, check, proj) STORE_TABLE_##name,
	STORE_TABLE_LIST(X)
#undef X
	STORE_N_TABLES
};
/* A sorted set of household ids, read by one query (store_idset_load). */
typedef struct {
	char (*id)[STORE_ID_BUF];
	size_t n;
} store_idset;

struct ds_store {
	sqlite3 *db;
	sqlite3_stmt *stmt[STMT_COUNT];
	store_secret *keys; /* data, seal, blind and signing keys */
	char dir[4096];
	char user[STORE_USER_MAX];
	core_role role;
	int64_t signer;
	uint64_t kdf_ops, kdf_mem;
	char region[8];
	unsigned char store_id[16];
	unsigned char device[STORE_DEVICE_BYTES];
	int64_t epoch;
	int64_t dseq;                 /* last sequence number of this device */
	unsigned char head[STORE_HASH_BYTES]; /* hash of that event */
	uint64_t hlc;
	core_date today;
	ds_error notice;              /* said once at open, not an error */
	bool has_notice;
	int tx_depth;                 /* 1 inside begin/commit */
	bool tx_dirty;                /* events appended since begin */
	int64_t tx_dseq;              /* dseq/head/hlc at begin, for rollback */
	unsigned char tx_head[STORE_HASH_BYTES];
	uint64_t tx_hlc;
	int write_wait_ms;            /* how long begin waits for another writer */
	const struct store_sum_hint *sum_hints; /* store_sum_hints (rowauth.c) */
	size_t n_sum_hints;
	/* what this transaction changed in each table (rowauth.c) */
	struct store_acc {
		int64_t n;            /* rows added less rows deleted */
		unsigned char sum[STORE_SUM_BYTES];
		int col;              /* the summed column's number */
	} acc[STORE_N_TABLES];
	bool acc_failed;              /* a change could not be counted */
	/* the policy in force today, as the caseload summaries' next-due
	 * keys are worked out under (summary.c) */
	core_policy *sum_versions;
	size_t sum_nv;
	const core_policy *sum_p;
	core_date sum_on;
	bool sum_p_known;
	/* whether this is a county's store, which keeps no summaries
	 * (store_summary_kept): worked out once a transaction */
	bool sum_kind_known, sum_county;
	/* while assess --all runs: every household's class as it stood
	 * before (classes.c's rows, read in one pass), for store_case_now */
	struct store_class_row *class_cache;
	size_t n_class_cache;
	bool class_cached;
	/* while the summary of a household just assessed is made from what
	 * assessed_put wrote (store_assess_row): its assessment row and
	 * class, read from here rather than read back (summary.c's glance,
	 * store_class_of); set only around that, for that household */
	struct {
		bool set;
		char household[STORE_ID_BUF];
		bool warning, has_t;
		core_month t_first;
		int t_months;
		store_class cls;
		bool no_case; /* it has no case file (assess --all's set) */
	} assessed_hint;
	/* while the summary of a household just added is made (add_prepared,
	 * household.c): it has no case file, class or assessment yet, and
	 * its creating event (seq) has this clock; read from here rather
	 * than looked up */
	struct {
		bool set;
		char household[STORE_ID_BUF];
		int64_t seq;
		uint64_t hlc;
	} created_hint;
	/* while assess --all runs: the households with a cross-check flag and
	 * those with a case file, each read in one pass, so that the many
	 * with neither are not looked up one by one (assess runs writes
	 * neither: a flag is raised by a cross-check, a case file made by a
	 * case event) */
	bool sets_loaded;
	store_idset flagged, with_case;
	/* while a walk with the summaries calls back for a household: its
	 * summary as the walk read and opened it (found false: none, or one
	 * that did not open), for summary.c's check that a summary is
	 * unchanged; dropped once that summary is written */
	struct {
		bool set, found;
		char household[STORE_ID_BUF];
		const char *due;
		const unsigned char *plain;
		size_t plen;
	} walk_sum;
};

/* How long a handle waits for another program's write lock unless told
 * otherwise (store_set_write_wait). */
#define STORE_WRITE_WAIT_MS 5000

#define SEAL_KEY(s) ((s)->keys->p + KEY_SEAL)
#define BLIND_KEY(s) ((s)->keys->p + KEY_BLIND)
#define ROWMAC_KEY(s) ((s)->keys->p + KEY_ROWMAC)

/* SQL helpers (open.c) */
sqlite3_stmt *store_stmt(ds_store *s, enum store_stmt which);
ds_status store_sql_fail(ds_store *s, ds_error *err, int rc);
ds_status store_exec(ds_store *s, const char *sql, ds_error *err);

/* An event as stored, without its body. */
typedef struct {
	int64_t seq;
	unsigned char device[STORE_DEVICE_BYTES];
	int64_t epoch;
	int64_t dseq;
	uint64_t hlc;
	char author[STORE_USER_MAX];
	char kind[32];
	char entity[STORE_ID_BUF];
} store_event;

/* Seals plain (salt and JSON) under this store's key, bound to the
 * event's columns, and inserts the row; ev->seq receives its number. */
ds_status store_event_put(ds_store *s, store_event *ev,
                          const unsigned char *plain, size_t plen,
                          const unsigned char prev[STORE_HASH_BYTES],
                          const unsigned char hash[STORE_HASH_BYTES],
                          ds_error *err);

/* A statement for a one-off query, and its end: DS_OK when it ran to a
 * row or to its end (the statement is finalized either way). */
static inline ds_status store_prep(ds_store *s, const char *sql,
                                   sqlite3_stmt **q, ds_error *err)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, q, NULL);
	return rc == SQLITE_OK ? DS_OK : store_sql_fail(s, err, rc);
}
static inline ds_status store_done(ds_store *s, sqlite3_stmt *q, int rc,
                                   ds_error *err)
{
	sqlite3_finalize(q);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? DS_OK : store_sql_fail(s, err, rc);
}

/* Appends an event by the open user and applies it to the projection.
 * Must be inside a transaction. body is not stolen. */
ds_status store_emit(ds_store *s, const char *kind, const char *entity,
                     json_t *body, int64_t *seq_out, ds_error *err);
/* Appends an event whose body is already JSON text, without projecting it:
 * for callers that apply its effect themselves, exactly as store_project
 * would (the hot path of household creation). */
ds_status store_emit_text(ds_store *s, const char *kind, const char *entity,
                          const char *text, size_t tlen, store_event *out,
                          ds_error *err);
/* store_emit_text of head, text and tail put together (head and tail
 * NUL-terminated), without a copy of the whole made first. */
ds_status store_emit_wrapped(ds_store *s, const char *kind, const char *entity,
                             const char *head, const char *text, size_t tlen,
                             const char *tail, store_event *out, ds_error *err);

/* The parsed body of event seq (its JSON object; the caller decrefs). */
ds_status store_event_body(ds_store *s, int64_t seq, json_t **out,
                           ds_error *err);
/* An event whose body does not fit its kind: "event N: its content does
 * not fit its kind (K)", DS_EDAMAGED. */
ds_status store_bad_body(const store_event *ev, ds_error *err);
/* A random id of STORE_ID_LEN characters (households, relief cases), and
 * whether a character can be in one (lowercase). */
void store_random_id(char out[STORE_ID_BUF]);
bool store_id_char(char c);
/* The projection of policy.imported (policy.c). */
ds_status store_project_policy(ds_store *s, const store_event *ev,
                               json_t *body, ds_error *err);

/* The projection of settings.set (settings.c). */
ds_status store_project_settings(ds_store *s, const store_event *ev,
                                 json_t *body, ds_error *err);

/* The projection of household.assessed (assess.c). */
ds_status store_project_assessed(ds_store *s, const store_event *ev,
                                 json_t *body, ds_error *err);

/* The class of a household's latest assessment (classes.c): its row
 * written (known) or removed (not known: no class in the body); the class
 * read from an assessment's JSON object (known false when it has none this
 * program knows); every household's row made from its latest assessment's
 * body (the migration to schema 10). */
ds_status store_class_put(ds_store *s, const char *household, int64_t seq,
                          bool known, core_class cls, int members,
                          int covered, ds_error *err);
void store_class_from_body(json_t *assessment, store_class *out);
ds_status store_class_fill(ds_store *s, ds_error *err);

/* The projections of crosscheck.imported and flag.raised (crosscheck.c). */
ds_status store_project_xc_imported(ds_store *s, const store_event *ev,
                                    json_t *body, ds_error *err);
ds_status store_project_relief(ds_store *s, const store_event *ev, json_t *body,
                               ds_error *err);
ds_status store_project_flag(ds_store *s, const store_event *ev, json_t *body,
                             ds_error *err);

/* Case files (casework.c). */
ds_status store_project_case(ds_store *s, const store_event *ev, json_t *body,
                             ds_error *err);
ds_status store_case_mark_assessed(ds_store *s, const char *household,
                                   int64_t seq, ds_error *err);

/* The caseload summaries (summary.c): a household's made again from
 * the household and its case (event seq changed them); every summary's
 * next-due key worked out again (a policy landed); every household's
 * made (the migration to schema 6); the policy kept for the keys
 * forgotten (a rollback may have undone a policy). */
ds_status store_summary_refresh(ds_store *s, const char *household,
                                int64_t seq, ds_error *err);
/* The summary of a household just created (its row and blind index
 * written), from the household as it was checked or read from its
 * creating event, without reading it back from the store. */
ds_status store_summary_created(ds_store *s, const char *household,
                                int64_t seq, const char *status,
                                const core_household *h, ds_error *err);
/* The same from the household's row in hand (not read again). */
ds_status store_summary_refresh_row(ds_store *s, const store_household_row *row,
                                    int64_t seq, ds_error *err);
ds_status store_summary_redue(ds_store *s, ds_error *err);
ds_status store_summary_build_all(ds_store *s, ds_error *err);
void store_summary_forget(ds_store *s);
/* Whether this store keeps caseload summaries: a laptop's does; a
 * county's (a store with laptops enrolled) does not, since nothing there
 * reads them (its console and reports read the households) and its
 * ingest is the faster for it. Every function above returns at once in a
 * county's store. Inside a transaction, summaries a county's store still
 * holds (made before it stopped) are deleted, so none goes stale. */
ds_status store_summary_kept(ds_store *s, bool *kept, ds_error *err);

/* The due rule's view of a case (casework.c), its events' days as their
 * clocks say (not clamped to today), and which of its days those are. */
typedef struct {
	bool applied, opened, began;
} store_due_days;
ds_status store_due_case(ds_store *s, const store_household_row *row,
                         const store_case *k, core_due_case *d,
                         store_due_days *from_events, ds_error *err);

/* Applies one event to the projection tables (project.c). */
ds_status store_project(ds_store *s, const store_event *ev, json_t *body,
                        ds_error *err);
/* The blind index of a household.created body's members (out->blind
 * malloc'd, n of them): DS_EDAMAGED when the body does not fit its kind,
 * DS_ESYSTEM out of memory. It reads only the store's key, so any thread
 * may make it while the store is written (store/replica.c does, off the
 * log's writer). */
typedef struct {
	unsigned char (*blind)[STORE_BLIND_BYTES];
	size_t n;
	/* when made ahead too: each index row's MAC (store_person_mac), or
	 * NULL (ds_mac makes them as the rows are written) */
	unsigned char (*mac)[STORE_MAC_BYTES];
	/* when read ahead too: the household of the body (h), or that it
	 * does not read (unreadable); neither: read where it is projected */
	core_household *h;
	bool unreadable;
} store_blinds;
ds_status store_created_blinds(const ds_store *s, json_t *body,
                               store_blinds *out);
/* The same from the household a body was read into in one pass
 * (store_household_from_text, whose ID numbers are their text as it
 * stands): the same index. */
ds_status store_created_blinds_of(const ds_store *s, const core_household *h,
                                  store_blinds *out);
/* A household.created body's text read in one pass, when it is what a
 * laptop writes ({"household": <stored form>}): true with *h filled, false
 * for anything else (then read the body as JSON; *h is left empty, and
 * core_household_free may be called on it). */
bool store_created_from_text(const char *text, size_t len, core_household *h);
/* store_project, with a household.created event's blind index made
 * already (pre; NULL or empty: made here). */
ds_status store_project_pre(ds_store *s, const store_event *ev, json_t *body,
                            const store_blinds *pre, ds_error *err);

/* Household rows (household.c). A new household's row keeps no copy of
 * its data: it reads the body of the event that created it. Later changes
 * write sealed data into the row. Every row carries a MAC over all its
 * columns, so a status or a pointer edited in the file is noticed. */
typedef struct {
	const char *id;
	const char *status;
	const char *due; /* NULL or "" for none */
	int64_t version, created_seq, updated_seq;
} store_hh_meta;

/* A household checked and kept in its stored form (household.c), for
 * add_prepared and the import's comparison (hhimport.c). */
struct store_prepared {
	char *json; /* the stored form: canonical compact JSON */
	size_t len;
	bool receiving;
	size_t n_members;
	unsigned char (*blind)[STORE_BLIND_BYTES];
	core_household h; /* a copy of the household checked, for its summary */
};
/* store_household_prepare, or with taken_ok the same without refusing
 * people who belong to a household already (the import looks at them
 * itself). */
ds_status store_prepare_any(ds_store *s, const core_household *h,
                            bool taken_ok, store_prepared **out,
                            ds_error *err);
/* store_household_add_prepared without looking first: the id is not
 * looked up and neither are the people (the schema's unique keys refuse
 * a clash, with an error). */
ds_status store_household_add_unlooked(ds_store *s, const store_prepared *p,
                                       char id_out[STORE_ID_BUF],
                                       ds_error *err);
/* The household a blind index points to; "" when none. */
ds_status store_blind_lookup(ds_store *s,
                             const unsigned char blind[STORE_BLIND_BYTES],
                             char out[STORE_ID_BUF], ds_error *err);

/* Writes the row; h NULL keeps no data (it is the creating event's body). */
ds_status store_household_put(ds_store *s, const store_hh_meta *m,
                              const core_household *h, bool insert,
                              ds_error *err);
/* The projection of household.created: the row and the blind index. */
ds_status store_project_created(ds_store *s, const char *id, int64_t seq,
                                const char *status,
                                const unsigned char (*blind)[STORE_BLIND_BYTES],
                                size_t n_members, const core_household *h,
                                ds_error *err);
/* The same with each blind index row's MAC made already (mac[i] for
 * blind[i]; NULL: made as the rows are written). */
ds_status store_project_created_mac(ds_store *s, const char *id, int64_t seq,
                                    const char *status,
                                    const unsigned char (*blind)[STORE_BLIND_BYTES],
                                    const unsigned char (*mac)[STORE_MAC_BYTES],
                                    size_t n_members, const core_household *h,
                                    ds_error *err);
/* A new status and due date for a household row, its data kept. */
ds_status store_household_set_status(ds_store *s, const char *id,
                                     const char *status, const char *due,
                                     int64_t seq, ds_error *err);
/* The projection of household.changed: the row and the blind index. */
ds_status store_project_changed(ds_store *s, const store_event *ev,
                                json_t *body, ds_error *err);
/* DS_OK when the person is in no household or in this one already. */
ds_status store_person_free_for(ds_store *s, const char *idnum,
                                const char *household, size_t i,
                                ds_error *err);
/* The status a household starts in. */
const char *store_initial_status(bool receiving);
/* Whether this process may run on more than one core (taskset and cgroup
 * cpusets count). */
bool store_two_cores(void);

/* The first column of every row sql gives, as a set; sql orders them. */
ds_status store_idset_load(ds_store *s, const char *sql, store_idset *out,
                           ds_error *err);
bool store_idset_has(const store_idset *set, const char *id);
void store_idset_free(store_idset *set);

/* store_household_each, and with_summary: each household's summary read
 * and opened with it, for the callback's summary.c to compare with rather
 * than read again (s->walk_sum, while the callback runs). For a callback
 * that writes no household's summary but its own (assess --all). */
ds_status store_household_walk(ds_store *s, bool with_summary,
                               store_household_cb cb,
                               store_damaged_cb damaged, void *ctx,
                               ds_error *err);

/* The household JSON of a row read with STORE_HH_COLUMNS, its MAC
 * checked: opened from the row, or from the creating event's body. The
 * caller decrefs *out. */
/* SQLite's page cache (KiB) and the WAL's length (pages) at which a commit
 * copies it into the file, for a job that writes much at once (an import,
 * assess --all), and back to the usual ones (SQLite's defaults) after. */
#define STORE_CACHE_USUAL_KIB 2000
#define STORE_CHECKPOINT_USUAL_PAGES 1000
void store_set_cache(ds_store *s, int kib, int checkpoint_pages);

ds_status store_household_json(ds_store *s, sqlite3_stmt *q, json_t **out,
                               ds_error *err);

/* Salt bytes in front of every event body (events.c). */
#define STORE_BODY_SALT 16

/* Checkpoint message and event hash (events.c). */
void store_event_hash(unsigned char out[STORE_HASH_BYTES],
                      const store_event *ev, const unsigned char *body,
                      size_t bodylen, const unsigned char prev[STORE_HASH_BYTES]);
void store_event_ad(char *buf, size_t len, const store_event *ev);

/* Reading the log (events.c): the columns, a row of them into ev (false
 * when malformed), and a body unsealed (salt first; the caller wipes and
 * frees *plain). */
#define STORE_EVENT_COLUMNS \
	"seq, device, epoch, dseq, hlc, author, kind, entity, body, prev, hash"
bool store_event_row(sqlite3_stmt *q, store_event *ev);
ds_status store_event_open(ds_store *s, const store_event *ev,
                           const void *sealed, size_t slen,
                           unsigned char **plain, size_t *plen, ds_error *err);
/* What a checkpoint signs: a label, the device, epoch, dseq and the hash
 * of the event it ends at. */
#define STORE_CHECKPOINT_MSG_LEN (32 + STORE_DEVICE_BYTES + STORE_HASH_BYTES)
void store_checkpoint_msg(unsigned char out[STORE_CHECKPOINT_MSG_LEN],
                          const unsigned char *device, int64_t epoch,
                          int64_t dseq, const unsigned char *head);

/* An event named across stores: "device:epoch:dseq" of local seq (""
 * when none), and back to this store's seq (0 when it does not hold it). */
void store_event_ref(ds_store *s, int64_t seq, char out[64]);

/* Changes made at the same time on two laptops (household.c): event seq's
 * clock and device, and a clock held back to a day past the latest other
 * laptops' events before seq in this log. */
#define HLC_DAY ((uint64_t)24 * 3600 * 1000 << 16)
ds_status store_event_hlc(ds_store *s, int64_t seq, uint64_t *hlc,
                          unsigned char device[STORE_DEVICE_BYTES], ds_error *err);
uint64_t store_bounded_hlc(ds_store *s, int64_t seq, uint64_t hlc,
                           const unsigned char *device);
int64_t store_ref_seq(ds_store *s, const char *ref);

/* Two steps on one thing (a case, a relief case) made at the same time on
 * two laptops: ev names as its base a step that is not cur_seq, what the
 * row here was last written by. The later by hybrid logical clock (held
 * back as household changes are; then the device) stands; the other is
 * kept in the log and listed in table conflict, with fields (a JSON list,
 * e.g. ["decision"]), for a person to look at. *stands says whether ev is
 * the one that stands. Deterministic, so every store and a rebuild agree
 * (casework.c). */
ds_status store_concurrent(ds_store *s, const store_event *ev, int64_t cur_seq,
                           const char *fields, bool *stands, ds_error *err);

/* Reads the chain head and the clock as the log has them now: at open,
 * and under the write lock, since another handle may have appended
 * (events.c). */
ds_status store_reload_head(ds_store *s, ds_error *err);

/* meta's "head": this device's epoch, its last event's number and hash,
 * as doorstep last wrote them; the log must end there (events.c). */
#define STORE_HEAD_LEN (8 + 8 + STORE_HASH_BYTES)

/* A signing key of user, new to the signer table; *id receives its row. */
ds_status store_signer_add(ds_store *s, const char *user,
                           const unsigned char pk[STORE_SIGN_PK_BYTES],
                           int64_t *id, ds_error *err);

/* At open (events.c): the head's checkpoint is signed by whom the log
 * says, and the county did not acknowledge more of this epoch than the
 * log holds (a store rolled back to an older copy). */
ds_status store_head_check(ds_store *s, ds_error *err);
/* A laptop enrolled with a county before enrolment was an event: the
 * county's keys and server, trusted once from meta, become the event
 * (syncstate.c). */
ds_status store_county_upgrade(ds_store *s, ds_error *err);

/* Saves the hybrid logical clock in meta (open.c). */
ds_status store_meta_put_hlc(ds_store *s, ds_error *err);

/* Milliseconds since the epoch from the wall clock. */
uint64_t store_now_ms(void);

/* ---- authenticated rows (rowauth.c, schema.c) ----------------------------- */

typedef struct {
	const char *name, *cols, *extra, *sumcol;
	int check;
	bool projection;
} store_table;
extern const store_table store_tables[];
extern const size_t store_n_tables;

/* The row-MAC key's keyed states, made from the key (open.c, each time
 * the keys are derived). */
void store_auth_keys(ds_store *s);
/* The SQL functions (ds_mac, ds_ok, ds_sum) keyed for this handle; this
 * connection's views over the tables and the hook that counts changes. */
ds_status store_auth_functions(ds_store *s, ds_error *err);
ds_status store_auth_install(ds_store *s, ds_error *err);
/* An SQLite error message from ds_ok turned into damage naming the table
 * and row; false when msg is something else. */
bool store_auth_error(const char *msg, ds_error *err);
/* At begin: nothing changed yet. At commit: what this connection changed
 * added to each table's count and sum in meta. */
void store_auth_begin(ds_store *s);
ds_status store_auth_flush(ds_store *s, ds_error *err);
/* Row-MAC work done ahead of the log's writer, on any thread (it reads
 * only the keys; store/replica.c): the MAC ds_mac('person', blind,
 * household) makes, and the share a BLOB value adds to its table's sum.
 * store_sum_hints gives the change hook shares worked out so for values
 * about to be written (n of them, kept by the caller until it calls
 * store_sum_hints(s, NULL, 0)); a value not among them is worked out as
 * always. */
typedef struct store_sum_hint {
	const unsigned char *blob;
	size_t len;
	const unsigned char *share; /* STORE_SUM_BYTES */
} store_sum_hint;
void store_sum_share(const ds_store *s, const void *blob, size_t len,
                     unsigned char out[STORE_SUM_BYTES]);
void store_person_mac(const ds_store *s,
                      const unsigned char blind[STORE_BLIND_BYTES],
                      const char *household, unsigned char out[STORE_MAC_BYTES]);
void store_sum_hints(ds_store *s, const store_sum_hint *h, size_t n);
/* The tables as the file has them against meta's counts and sums (full:
 * every table's sum too); skip_projection leaves out what the log
 * rebuilds. */
ds_status store_auth_check(ds_store *s, bool full, bool skip_projection,
                           ds_error *err);
/* Every row of every MACed table checked. */
ds_status store_auth_rows(ds_store *s, ds_error *err);
/* Counts and sums made afresh from the rows (after a migration or a
 * rebuild); projection_only: the tables the log rebuilds. */
ds_status store_auth_recount(ds_store *s, bool projection_only, ds_error *err);
/* The same for one table new to the file (a migration that adds it). */
ds_status store_auth_recount_table(ds_store *s, const char *name,
                                  ds_error *err);

/* The bytes of column bytes_col of the row q stands on, malloc'd, after
 * checking that they hash (BLAKE2b-256) to column hash_col: DS_EDAMAGED
 * naming where otherwise. */
ds_status store_blob_checked(sqlite3_stmt *q, int bytes_col, int hash_col,
                             const char *where, unsigned char **out,
                             size_t *len, ds_error *err);

/* meta, each row under its MAC: a value (DS_EDAMAGED when longer than
 * cap) and a new one; and the whole table: only keys doorstep writes,
 * none of the required ones missing. */
ds_status store_meta_put(ds_store *s, const char *k, const void *v, size_t len,
                         ds_error *err);
ds_status store_meta_get(ds_store *s, const char *k, void *buf, size_t cap,
                         size_t *len, bool *found, ds_error *err);
ds_status store_meta_check(ds_store *s, ds_error *err);

/* The file's schema against the one this program makes at that version
 * (schema.c): every table, index, view and trigger. With repair, what is
 * foreign is dropped, what is missing made, and the tables the log
 * rebuilds made afresh when altered; *repaired counts what was done. */
ds_status store_schema_check(sqlite3 *db, int64_t version, const char *dir,
                             ds_error *err);
ds_status store_schema_repair(ds_store *s, int64_t version, int *repaired,
                              ds_error *err);
/* The migrations, for schema.c: entry i takes schema i to i + 1. */
extern const char *const store_migrations[];
extern const size_t store_n_migrations;

#endif
