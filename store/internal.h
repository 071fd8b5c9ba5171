/* internal.h — what the store's own files share: the handle, prepared
 * statements, the event emitter and the projection. Not for other layers. */
#ifndef STORE_INTERNAL_H
#define STORE_INTERNAL_H

#include <jansson.h>
#include <sqlite3.h>

#include "store/hhjson.h"
#include "store/store.h"

/* A household row and, when its data is still the body of the event that
 * created it (data IS NULL), that event's columns to open it. The column
 * numbers are the HH_* below. */
#define STORE_HH_COLUMNS                                                      \
	"h.id, h.status, h.due, h.version, h.created_seq, h.updated_seq,"   \
	" h.data, h.mac, e.device, e.epoch, e.dseq, e.author, e.kind,"      \
	" e.entity, e.body FROM household h LEFT JOIN event e"             \
	" ON h.data IS NULL AND e.seq = h.created_seq AND e.entity = h.id" \
	" AND e.kind = 'household.created'"
enum {
	HH_ID, HH_STATUS, HH_DUE, HH_VERSION, HH_CREATED, HH_UPDATED, HH_DATA,
	HH_MAC, HH_EV_DEVICE, HH_EV_EPOCH, HH_EV_DSEQ, HH_EV_AUTHOR, HH_EV_KIND,
	HH_EV_ENTITY, HH_EV_BODY
};

/* Prepared statements kept on the handle for the hot paths. */
#define STORE_STMT_LIST(X)                                                    \
	X(EVENT_INSERT,                                                       \
	  "INSERT INTO event(device, epoch, dseq, hlc, author, kind, entity," \
	  " body, prev, hash) VALUES (?,?,?,?,?,?,?,?,?,?)")                  \
	X(HH_INSERT,                                                          \
	  "INSERT INTO household(status, due, version, created_seq,"         \
	  " updated_seq, data, mac, id) VALUES (?,?,?,?,?,?,?,?)")            \
	X(HH_UPDATE,                                                          \
	  "UPDATE household SET status = ?, due = ?, version = ?,"           \
	  " created_seq = ?, updated_seq = ?, data = ?, mac = ? WHERE id = ?") \
	X(HH_GET, "SELECT " STORE_HH_COLUMNS " WHERE h.id = ?")                \
	X(HH_EXISTS, "SELECT 1 FROM household WHERE id = ?")                  \
	X(PERSON_INSERT, "INSERT INTO person(blind, household) VALUES (?,?)") \
	X(PERSON_DELETE, "DELETE FROM person WHERE blind = ?")                \
	X(PERSON_GET, "SELECT household FROM person WHERE blind = ?")        \
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
	  " WHERE f.household = ? ORDER BY f.seq")

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
#define KEY_TOTAL (KEY_SIGN + STORE_SIGN_SK_BYTES)

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
	int tx_depth;                 /* 1 inside begin/commit */
	bool tx_dirty;                /* events appended since begin */
	int64_t tx_dseq;              /* dseq/head/hlc at begin, for rollback */
	unsigned char tx_head[STORE_HASH_BYTES];
	uint64_t tx_hlc;
};

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

/* The parsed body of event seq (its JSON object; the caller decrefs). */
ds_status store_event_body(ds_store *s, int64_t seq, json_t **out,
                           ds_error *err);
/* The projection of policy.imported (policy.c). */
ds_status store_project_policy(ds_store *s, const store_event *ev,
                               json_t *body, ds_error *err);

/* The projection of household.assessed (assess.c). */
ds_status store_project_assessed(ds_store *s, const store_event *ev,
                                 json_t *body, ds_error *err);

/* The projections of crosscheck.imported and flag.raised (crosscheck.c). */
ds_status store_project_xc_imported(ds_store *s, const store_event *ev,
                                    json_t *body, ds_error *err);
ds_status store_project_flag(ds_store *s, const store_event *ev, json_t *body,
                             ds_error *err);

/* Case files (casework.c). */
ds_status store_project_case(ds_store *s, const store_event *ev, json_t *body,
                             ds_error *err);
ds_status store_case_mark_assessed(ds_store *s, const char *household,
                                   int64_t seq, ds_error *err);

/* Applies one event to the projection tables (project.c). */
ds_status store_project(ds_store *s, const store_event *ev, json_t *body,
                        ds_error *err);

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
};
/* store_household_prepare, or with taken_ok the same without refusing
 * people who belong to a household already (the import looks at them
 * itself). */
ds_status store_prepare_any(ds_store *s, const core_household *h,
                            bool taken_ok, store_prepared **out,
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
                                size_t n_members, ds_error *err);
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
/* The household JSON of a row read with STORE_HH_COLUMNS, its MAC
 * checked: opened from the row, or from the creating event's body. The
 * caller decrefs *out. */
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

/* Reads the chain head and the clock as the log has them now: at open,
 * and under the write lock, since another handle may have appended
 * (events.c). */
ds_status store_reload_head(ds_store *s, ds_error *err);

/* Saves the hybrid logical clock in meta (open.c). */
ds_status store_meta_put_hlc(ds_store *s, ds_error *err);

/* Milliseconds since the epoch from the wall clock. */
uint64_t store_now_ms(void);

#endif
