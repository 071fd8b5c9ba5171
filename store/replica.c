/* replica.c — the log leaving and joining other stores (see replica.h). */
#include "core/event.h"
#include "core/household.h"
#include "store/replica.h"

#include <pthread.h>
#include <sched.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/internal.h"

/* A clock this far ahead of ours is not followed (DESIGN.md: bounded, not
 * trusted): one day, in hybrid-logical-clock units (ms << 16). */
#define HLC_AHEAD_MAX ((uint64_t)24 * 3600 * 1000 << 16)

/* ---- this device ------------------------------------------------------------ */

#define DEVICE_KEYS_LEN (STORE_BOX_SK_BYTES + STORE_SIGN_SK_BYTES)

static void keys_ad(ds_store *s, char *ad, size_t len)
{
	char hex[33];
	store_hex(hex, s->store_id, 16);
	snprintf(ad, len, "meta|%s|device_keys|1", hex);
}

/* Reads the sealed device keys into out (DEVICE_KEYS_LEN bytes); false
 * when there are none yet. */
static ds_status read_keys(ds_store *s, unsigned char *out, bool *found,
                           ds_error *err)
{
	sqlite3_stmt *q;
	char ad[96];
	unsigned char *plain = NULL;
	size_t plen = 0;
	ds_status st = DS_OK;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT v FROM meta WHERE k = 'device_keys'",
	                            -1, &q, NULL);
	*found = false;
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		keys_ad(s, ad, sizeof(ad));
		if (store_unseal(&plain, &plen, sqlite3_column_blob(q, 0),
		                 (size_t)sqlite3_column_bytes(q, 0), ad, SEAL_KEY(s)) ||
		    plen != DEVICE_KEYS_LEN)
			st = ds_fail(err, DS_EDAMAGED, "device_keys",
			             N_("this device's sync keys are damaged"));
		else {
			memcpy(out, plain, DEVICE_KEYS_LEN);
			*found = true;
		}
	} else if (rc != SQLITE_DONE) {
		st = store_sql_fail(s, err, rc);
	}
	sqlite3_finalize(q);
	if (plain) {
		store_wipe(plain, plen);
		free(plain);
	}
	return st;
}

static ds_status make_keys(ds_store *s, unsigned char *keys, ds_error *err)
{
	unsigned char box_pk[STORE_BOX_PK_BYTES], sign_pk[STORE_SIGN_PK_BYTES];
	unsigned char *sealed = NULL;
	size_t slen = 0;
	char ad[96], hex1[65], hex2[65], dev[33];
	json_t *body;
	ds_status st;
	crypto_box_keypair(box_pk, keys);
	crypto_sign_keypair(sign_pk, keys + STORE_BOX_SK_BYTES);
	store_hex(hex1, box_pk, sizeof(box_pk));
	store_hex(hex2, sign_pk, sizeof(sign_pk));
	store_hex(dev, s->device, STORE_DEVICE_BYTES);
	if ((st = store_begin(s, err)))
		return st;
	keys_ad(s, ad, sizeof(ad));
	if (store_seal(&sealed, &slen, keys, DEVICE_KEYS_LEN, ad, SEAL_KEY(s))) {
		store_rollback(s);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	st = store_meta_put(s, "device_keys", sealed, slen, err);
	free(sealed);
	if (st) {
		store_rollback(s);
		return st;
	}
	/* the public halves go into the log, so the county can check the
	 * keys it enrols are the ones this device's log announced */
	body = json_pack("{s:s, s:s, s:s}", "device", dev, "box_pk", hex1,
	                 "sign_pk", hex2);
	st = body ? store_emit(s, core_event_id(CORE_EVENT_DEVICE_KEYS), dev, body, NULL, err)
	          : ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	json_decref(body);
	if (st) {
		store_rollback(s);
		return st;
	}
	return store_commit(s, err);
}

ds_status store_device(ds_store *s, store_device_pub *pub,
                       store_secret **box_sk, store_secret **sign_sk,
                       ds_error *err)
{
	store_secret *keys = store_secret_new(DEVICE_KEYS_LEN);
	bool found;
	ds_status st;
	if (box_sk)
		*box_sk = NULL;
	if (sign_sk)
		*sign_sk = NULL;
	if (!keys)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	if ((st = read_keys(s, keys->p, &found, err)) ||
	    (!found && (st = make_keys(s, keys->p, err))))
		goto out;
	memset(pub, 0, sizeof(*pub));
	memcpy(pub->device, s->device, STORE_DEVICE_BYTES);
	pub->epoch = s->epoch;
	crypto_scalarmult_base(pub->box_pk, keys->p);
	memcpy(pub->sign_pk, keys->p + STORE_BOX_SK_BYTES + 32,
	       STORE_SIGN_PK_BYTES); /* libsodium: seed || public */
	if (box_sk) {
		if (!(*box_sk = store_secret_new(STORE_BOX_SK_BYTES))) {
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			goto out;
		}
		memcpy((*box_sk)->p, keys->p, STORE_BOX_SK_BYTES);
	}
	if (sign_sk) {
		if (!(*sign_sk = store_secret_new(STORE_SIGN_SK_BYTES))) {
			store_secret_free(box_sk);
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			goto out;
		}
		memcpy((*sign_sk)->p, keys->p + STORE_BOX_SK_BYTES,
		       STORE_SIGN_SK_BYTES);
	}
out:
	store_secret_free(&keys);
	return st;
}

int64_t store_device_dseq(const ds_store *s)
{
	return s->dseq;
}

int64_t store_last_seq(ds_store *s)
{
	sqlite3_stmt *q;
	int64_t n = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT max(seq) FROM event", -1, &q, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW)
			n = sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
	}
	return n;
}

/* ---- records out --------------------------------------------------------------- */

static json_t *hexj(const unsigned char *b, size_t n)
{
	char hex[2 * 64 + 1];
	store_hex(hex, b, n);
	return json_string(hex);
}

/* The record of the event in row q (STORE_EVENT_COLUMNS): its fields, the
 * body's salt in hex and its JSON text as a string, so a payload can carry
 * the text as it is and the receiver parse it once. */
static ds_status event_record(ds_store *s, sqlite3_stmt *q, json_t **out,
                              store_event *ev, ds_error *err)
{
	unsigned char *plain = NULL;
	size_t plen = 0;
	json_t *text;
	ds_status st;
	char where[48];
	*out = NULL;
	snprintf(where, sizeof(where), "event %lld", (long long)sqlite3_column_int64(q, 0));
	if (!store_event_row(q, ev))
		return ds_fail(err, DS_EDAMAGED, where, N_("the event record is malformed"));
	if ((st = store_event_open(s, ev, sqlite3_column_blob(q, 8),
	                           (size_t)sqlite3_column_bytes(q, 8), &plain,
	                           &plen, err)))
		return st;
	if (plen < STORE_BODY_SALT) {
		store_wipe(plain, plen);
		free(plain);
		return ds_fail(err, DS_EDAMAGED, where, N_("the event record is malformed"));
	}
	/* json_stringn checks the text is UTF-8, as every body written is */
	text = json_stringn((const char *)plain + STORE_BODY_SALT, plen - STORE_BODY_SALT);
	*out = text ? json_pack("{s:s, s:o, s:I, s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o}",
	                        "t", "ev", "device", hexj(ev->device, STORE_DEVICE_BYTES),
	                        "epoch", (json_int_t)ev->epoch, "dseq",
	                        (json_int_t)ev->dseq, "hlc", (json_int_t)ev->hlc,
	                        "author", ev->author, "kind", ev->kind, "entity",
	                        ev->entity, "salt", hexj(plain, STORE_BODY_SALT),
	                        "body", text, "prev",
	                        hexj(sqlite3_column_blob(q, 9), STORE_HASH_BYTES), "hash",
	                        hexj(sqlite3_column_blob(q, 10), STORE_HASH_BYTES))
	            : NULL;
	store_wipe(plain, plen);
	free(plain);
	if (!text)
		return ds_fail(err, DS_EDAMAGED, where, N_("the event record is malformed"));
	return *out ? DS_OK : ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
}

/* Appends the checkpoint of (device, epoch, dseq) to records when there is one. */
static ds_status checkpoint_record(ds_store *s, const store_event *ev,
                                   json_t *records, ds_error *err)
{
	sqlite3_stmt *q = store_stmt(s, STMT_CHECKPOINT_OF);
	int rc;
	if (!q)
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	sqlite3_bind_blob(q, 1, ev->device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, ev->epoch);
	sqlite3_bind_int64(q, 3, ev->dseq);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(q, 0) == STORE_SIG_BYTES &&
	    sqlite3_column_bytes(q, 2) == STORE_SIGN_PK_BYTES) {
		json_t *r = json_pack("{s:s, s:o, s:I, s:I, s:s, s:o, s:o}", "t", "cp",
		                      "device", hexj(ev->device, STORE_DEVICE_BYTES),
		                      "epoch", (json_int_t)ev->epoch, "dseq",
		                      (json_int_t)ev->dseq, "user",
		                      (const char *)sqlite3_column_text(q, 1), "pk",
		                      hexj(sqlite3_column_blob(q, 2), STORE_SIGN_PK_BYTES),
		                      "sig", hexj(sqlite3_column_blob(q, 0), STORE_SIG_BYTES));
		if (!r || json_array_append_new(records, r)) {
			sqlite3_reset(q);
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
		rc = SQLITE_DONE;
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? DS_OK : store_sql_fail(s, err, rc);
}

/* The dseq a checkpoint query gives for this device's epoch and bound. */
static ds_status checkpoint_near(ds_store *s, const char *sql, int64_t bound,
                                 int64_t *out, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	if ((st = store_prep(s, sql, &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, s->device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, s->epoch);
	sqlite3_bind_int64(q, 3, bound);
	rc = sqlite3_step(q);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	return store_done(s, q, rc, err);
}

ds_status store_replica_own(ds_store *s, int64_t after, int64_t upto,
                            json_t **records, int64_t *last, ds_error *err)
{
	sqlite3_stmt *q;
	json_t *list = json_array();
	ds_status st = DS_OK;
	int rc;
	*records = NULL;
	*last = after;
	if (!list)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	/* end at a checkpoint, so every record sent is signed; with none
	 * within the limit (one large transaction), at the next one */
	if ((st = checkpoint_near(s, "SELECT max(dseq) FROM checkpoint WHERE device = ?"
	                             " AND epoch = ? AND dseq <= ?", upto, &upto, err)) ||
	    (upto <= after &&
	     (st = checkpoint_near(s, "SELECT min(dseq) FROM checkpoint WHERE device = ?"
	                              " AND epoch = ? AND dseq > ?", after, &upto, err)))) {
		json_decref(list);
		return st;
	}
	if (upto <= after) {
		*records = list;
		return DS_OK;
	}
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT " STORE_EVENT_COLUMNS " FROM event"
	                        " WHERE device = ? AND epoch = ? AND dseq > ?"
	                        " AND dseq <= ? ORDER BY dseq",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK) {
		json_decref(list);
		return store_sql_fail(s, err, rc);
	}
	sqlite3_bind_blob(q, 1, s->device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, s->epoch);
	sqlite3_bind_int64(q, 3, after);
	sqlite3_bind_int64(q, 4, upto);
	while (!st && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_event ev;
		json_t *r;
		if ((st = event_record(s, q, &r, &ev, err)))
			break;
		if (json_array_append_new(list, r))
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		else
			st = checkpoint_record(s, &ev, list, err);
	}
	if (!st && rc != SQLITE_DONE)
		st = store_sql_fail(s, err, rc);
	sqlite3_finalize(q);
	if (st) {
		json_decref(list);
		return st;
	}
	*records = list;
	*last = upto;
	return DS_OK;
}

ds_status store_replica_since(ds_store *s, int64_t after_seq,
                              store_want_fn want, void *ctx, size_t max,
                              json_t **records, int64_t *last_seq,
                              ds_error *err)
{
	sqlite3_stmt *q;
	json_t *list = json_array();
	ds_status st = DS_OK;
	size_t n = 0;
	int rc;
	*records = NULL;
	*last_seq = after_seq;
	if (!list)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT " STORE_EVENT_COLUMNS " FROM event"
	                        " WHERE seq > ? ORDER BY seq",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK) {
		json_decref(list);
		return store_sql_fail(s, err, rc);
	}
	sqlite3_bind_int64(q, 1, after_seq);
	while (!st && (!max || n < max) && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_event_info info;
		store_event ev;
		json_t *r;
		if (!store_event_row(q, &ev)) {
			st = ds_fail(err, DS_EDAMAGED, "event",
			             N_("the event record is malformed"));
			break;
		}
		*last_seq = ev.seq;
		info.device = ev.device;
		info.epoch = ev.epoch;
		info.dseq = ev.dseq;
		info.author = ev.author;
		info.kind = ev.kind;
		info.entity = ev.entity;
		info.seq = ev.seq;
		if (want && !want(ctx, &info))
			continue;
		if ((st = event_record(s, q, &r, &ev, err)))
			break;
		if (json_array_append_new(list, r))
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		else
			st = checkpoint_record(s, &ev, list, err);
		n++;
	}
	if (!st && rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = store_sql_fail(s, err, rc);
	sqlite3_finalize(q);
	if (st) {
		json_decref(list);
		return st;
	}
	*records = list;
	return DS_OK;
}

/* ---- records in ------------------------------------------------------------------ */

static bool get_hex(json_t *r, const char *k, unsigned char *out, size_t n)
{
	const char *h = json_string_value(json_object_get(r, k));
	return h && strlen(h) == 2 * n && store_unhex(out, n, h);
}

static bool get_str(json_t *r, const char *k, char *out, size_t n, bool empty)
{
	const char *v = json_string_value(json_object_get(r, k));
	size_t len;
	if (!v || (!(len = strlen(v)) && !empty) || len >= n)
		return false;
	memcpy(out, v, len + 1);
	return true;
}

static bool get_int(json_t *r, const char *k, int64_t *out)
{
	json_t *v = json_object_get(r, k);
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return false;
	*out = json_integer_value(v);
	return true;
}

/* The hash this log holds for (device, epoch, dseq); found false when none. */
static ds_status hash_at(ds_store *s, const unsigned char *device,
                         int64_t epoch, int64_t dseq,
                         unsigned char out[STORE_HASH_BYTES], bool *found,
                         ds_error *err)
{
	sqlite3_stmt *q = store_stmt(s, STMT_EVENT_HASH_AT);
	int rc;
	*found = false;
	if (!q)
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	sqlite3_bind_blob(q, 1, device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, epoch);
	sqlite3_bind_int64(q, 3, dseq);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(q, 0) == STORE_HASH_BYTES) {
		memcpy(out, sqlite3_column_blob(q, 0), STORE_HASH_BYTES);
		*found = true;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? DS_OK : store_sql_fail(s, err, rc);
}

/* How far this log has a device's epoch: its last dseq (0 when none). */
static ds_status chain_end(ds_store *s, const unsigned char *device,
                           int64_t epoch, int64_t *dseq, ds_error *err)
{
	sqlite3_stmt *q = store_stmt(s, STMT_EVENT_CHAIN_END);
	int rc;
	if (!q)
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	sqlite3_bind_blob(q, 1, device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, epoch);
	rc = sqlite3_step(q);
	*dseq = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? DS_OK : store_sql_fail(s, err, rc);
}

/* Where the chain being taken stands: the last event of (device, epoch)
 * this log has, kept across the records of one take so that an event
 * following the one before it needs no lookup. */
typedef struct {
	bool valid;
	unsigned char device[STORE_DEVICE_BYTES];
	int64_t epoch, dseq;
	unsigned char hash[STORE_HASH_BYTES];
	int64_t resume_after; /* see store_replica_take_after */
} chain_pos;

static ds_status chain_at(ds_store *s, chain_pos *c, const store_event *ev,
                          ds_error *err)
{
	bool found;
	ds_status st;
	if (c->valid && c->epoch == ev->epoch &&
	    !memcmp(c->device, ev->device, STORE_DEVICE_BYTES))
		return DS_OK;
	memcpy(c->device, ev->device, STORE_DEVICE_BYTES);
	c->epoch = ev->epoch;
	memset(c->hash, 0, sizeof(c->hash));
	if ((st = chain_end(s, ev->device, ev->epoch, &c->dseq, err)))
		return st;
	if (c->dseq &&
	    (st = hash_at(s, ev->device, ev->epoch, c->dseq, c->hash, &found, err)))
		return st;
	c->valid = true;
	return DS_OK;
}

/* ---- an event read and prepared ahead -------------------------------------------- */

/* What is asked of each event record besides the log: the caller's check,
 * and the store whose keys seal and blind (read, never written). */
typedef struct {
	ds_store *s;
	store_replica_check check;
	void *ctx;
} take_args;

/* What can be done with an event record without the log's current state,
 * on any thread: its fields read, its content put together and hashed
 * against the hash it claims, its body parsed and sealed under this
 * store's key as the log keeps it, a new household's blind index made,
 * and the caller's check asked. The log's writer then only looks where
 * the event goes (had already? linking on?), writes what was made here
 * and projects it.
 * A fault is kept with the record and reported when taking it gets to the
 * point where it matters, in the order take_event tells them: a record
 * this log already has is known by its hash, whatever its content, and a
 * record that does not link on is told so before its hash is. */
/* A new household's blind index rows, made ahead: their MACs, and the
 * shares their MACs and the event's hash add to their tables' sums
 * (store_sum_hints), the event's first. */
typedef struct {
	unsigned char mac[CORE_MEMBERS_MAX][STORE_MAC_BYTES];
	unsigned char share[1 + CORE_MEMBERS_MAX][STORE_SUM_BYTES];
	store_sum_hint hint[1 + CORE_MEMBERS_MAX];
} index_rows;

typedef struct {
	ds_status fields_st;    /* a malformed record */
	ds_status content_st;   /* the salt, or out of memory */
	ds_error *fault;        /* for either, malloc'd */
	store_event ev;
	char where[64];         /* the event, as its faults name it (event_where) */
	unsigned char prev[STORE_HASH_BYTES], hash[STORE_HASH_BYTES];
	bool hash_ok;           /* the content hashes to hash */
	json_t *body;           /* parsed, when hash_ok (NULL: one_pass) */
	bool one_pass;          /* a new household read in one pass (blinds.h) */
	unsigned char *sealed;  /* the content sealed, when body is an object */
	size_t slen;
	store_blinds blinds;    /* of a new household's members, when made */
	unsigned char hash_share[STORE_SUM_BYTES]; /* what hash adds to the event table's sum */
	store_sum_hint hash_hint;
	index_rows *rows;       /* with blinds, when made */
	const store_sum_hint *hints; /* for the writer's change hook */
	size_t n_hints;
	ds_status check_st;     /* the check's verdict, when sealed */
	ds_error *check_err;    /* with it, malloc'd */
} prepared;

static ds_status keep_fault(prepared *p, ds_status st, const char *where,
                            const char *fmt)
{
	if ((p->fault = malloc(sizeof(*p->fault))))
		ds_fail(p->fault, st, where, fmt);
	return st;
}

/* The event as its faults name it, its fields read: made when a fault
 * needs it, not for every event. */
static const char *event_where(prepared *p)
{
	if (!p->where[0])
		snprintf(p->where, sizeof(p->where), "event %lld of device %02x%02x%02x%02x",
		         (long long)p->ev.dseq, p->ev.device[0], p->ev.device[1],
		         p->ev.device[2], p->ev.device[3]);
	return p->where;
}

static void prepare(const take_args *a, json_t *r, size_t i, prepared *p)
{
	unsigned char *plain, mine[STORE_HASH_BYTES];
	json_t *text = json_object_get(r, "body");
	const char *t = json_string_value(json_object_get(r, "t"));
	char ad[256];
	int64_t hlc;
	size_t plen;

	memset(p, 0, sizeof(*p));
	if (!t || strcmp(t, "ev"))
		return;
	if (!get_hex(r, "device", p->ev.device, STORE_DEVICE_BYTES) ||
	    !get_int(r, "epoch", &p->ev.epoch) || !get_int(r, "dseq", &p->ev.dseq) ||
	    p->ev.dseq < 1 || !get_int(r, "hlc", &hlc) ||
	    !get_str(r, "author", p->ev.author, sizeof(p->ev.author), false) ||
	    !get_str(r, "kind", p->ev.kind, sizeof(p->ev.kind), false) ||
	    !get_str(r, "entity", p->ev.entity, sizeof(p->ev.entity), true) ||
	    !json_is_string(text) || !get_hex(r, "prev", p->prev, sizeof(p->prev)) ||
	    !get_hex(r, "hash", p->hash, sizeof(p->hash))) {
		char where[32];
		snprintf(where, sizeof(where), "record %zu", i + 1);
		p->fields_st = keep_fault(p, DS_EDAMAGED, where,
		                          N_("an event record is malformed"));
		return;
	}
	p->ev.hlc = (uint64_t)hlc;
	/* the content: the salt, then the body's text */
	plen = STORE_BODY_SALT + json_string_length(text);
	if (!(plain = malloc(plen))) {
		p->content_st = keep_fault(p, DS_ESYSTEM, "", N_("out of memory"));
		return;
	}
	if (!get_hex(r, "salt", plain, STORE_BODY_SALT)) {
		p->content_st = keep_fault(p, DS_EDAMAGED, event_where(p),
		                           N_("an event record is malformed"));
		goto out;
	}
	memcpy(plain + STORE_BODY_SALT, json_string_value(text), plen - STORE_BODY_SALT);
	/* a content that is not what its hash says is not read further */
	store_event_hash(mine, &p->ev, plain, plen, p->prev);
	if (!(p->hash_ok = sodium_memcmp(mine, p->hash, STORE_HASH_BYTES) == 0))
		goto out;
	/* a new household as a laptop writes it is read in one pass, with no
	 * tree of its body; anything else is read as JSON */
	if (core_event_is(p->ev.kind, CORE_EVENT_HOUSEHOLD_CREATED) &&
	    (p->blinds.h = malloc(sizeof(*p->blinds.h)))) {
		if (store_created_from_text(json_string_value(text),
		                            plen - STORE_BODY_SALT, p->blinds.h) &&
		    p->blinds.h->n_members && p->blinds.h->n_members <= CORE_MEMBERS_MAX) {
			p->one_pass = true;
		} else {
			core_household_free(p->blinds.h);
			free(p->blinds.h);
			p->blinds.h = NULL;
		}
	}
	if (!p->one_pass) {
		p->body = json_loadb(json_string_value(text), plen - STORE_BODY_SALT,
		                     JSON_REJECT_DUPLICATES, NULL);
		if (!json_is_object(p->body))
			goto out;
	}
	store_event_ad(ad, sizeof(ad), &p->ev);
	if (store_seal(&p->sealed, &p->slen, plain, plen, ad, SEAL_KEY(a->s))) {
		p->content_st = keep_fault(p, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	/* the row MACs' share of the work: the event's hash in its table's
	 * sum; a new household's blind index (a body that does not fit is
	 * left to the projection to name), its rows' MACs and sums */
	store_sum_share(a->s, p->hash, STORE_HASH_BYTES, p->hash_share);
	p->hash_hint = (store_sum_hint){p->hash, STORE_HASH_BYTES, p->hash_share};
	p->hints = &p->hash_hint;
	p->n_hints = 1;
	if (core_event_is(p->ev.kind, CORE_EVENT_HOUSEHOLD_CREATED) &&
	    (p->one_pass ? store_created_blinds_of(a->s, p->blinds.h, &p->blinds)
	                 : store_created_blinds(a->s, p->body, &p->blinds)) ==
	            DS_ESYSTEM)
		p->content_st = keep_fault(p, DS_ESYSTEM, "", N_("out of memory"));
	if (p->blinds.blind && p->blinds.n <= CORE_MEMBERS_MAX &&
	    (p->rows = malloc(sizeof(*p->rows)))) {
		index_rows *w = p->rows;
		w->hint[0] = p->hash_hint;
		for (size_t k = 0; k < p->blinds.n; k++) {
			store_person_mac(a->s, p->blinds.blind[k], p->ev.entity, w->mac[k]);
			store_sum_share(a->s, w->mac[k], STORE_MAC_BYTES, w->share[k + 1]);
			w->hint[k + 1] = (store_sum_hint){w->mac[k], STORE_MAC_BYTES,
			                                  w->share[k + 1]};
		}
		p->blinds.mac = w->mac;
		p->hints = w->hint;
		p->n_hints = p->blinds.n + 1;
	}
	/* the new household read as its projection reads it (the summary's
	 * copy, or the county's check that it reads) */
	if (p->blinds.blind && !p->one_pass) {
		ds_error ignored;
		if (!(p->blinds.h = malloc(sizeof(*p->blinds.h))))
			p->content_st = keep_fault(p, DS_ESYSTEM, "", N_("out of memory"));
		else if (store_household_from_json(json_object_get(p->body, "household"),
		                                   p->blinds.h, &ignored)) {
			free(p->blinds.h);
			p->blinds.h = NULL;
			p->blinds.unreadable = true;
		}
	}
	if (a->check) {
		store_event_info info = {p->ev.device, p->ev.epoch, p->ev.dseq,
		                         p->ev.author, p->ev.kind, p->ev.entity, 0};
		ds_error e;
		ds_status st = a->check(a->ctx, &info, p->body,
		                        p->one_pass ? p->blinds.h : NULL, i, &e);
		if (st && !(p->check_err = malloc(sizeof(e))))
			p->content_st = keep_fault(p, DS_ESYSTEM, "", N_("out of memory"));
		else if (st) {
			*p->check_err = e;
			p->check_st = st;
		}
	}
out:
	store_wipe(plain, plen);
	free(plain);
}

static void prepared_free(prepared *p)
{
	json_decref(p->body);
	free(p->sealed);
	free(p->blinds.blind);
	if (p->blinds.h) {
		core_household_free(p->blinds.h);
		free(p->blinds.h);
	}
	free(p->rows);
	free(p->check_err);
	free(p->fault);
	memset(p, 0, sizeof(*p));
}

/* The event's row, its body sealed already (prepare): what
 * store_event_put writes, with the sealing done off the writer's path. */
static ds_status event_insert(ds_store *s, store_event *ev, const prepared *p,
                              ds_error *err)
{
	sqlite3_stmt *q = store_stmt(s, STMT_EVENT_INSERT);
	int rc;
	if (!q)
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	sqlite3_bind_blob(q, 1, ev->device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, ev->epoch);
	sqlite3_bind_int64(q, 3, ev->dseq);
	sqlite3_bind_int64(q, 4, (sqlite3_int64)ev->hlc);
	sqlite3_bind_text(q, 5, ev->author, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, ev->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, ev->entity, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 8, p->sealed, (int)p->slen, SQLITE_STATIC);
	sqlite3_bind_blob(q, 9, p->prev, STORE_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(q, 10, p->hash, STORE_HASH_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_sql_fail(s, err, rc);
	ev->seq = sqlite3_last_insert_rowid(s->db);
	return DS_OK;
}

/* ---- an event taken in ------------------------------------------------------------- */

static ds_status fault(const prepared *p, ds_status st, ds_error *err)
{
	if (p->fault) {
		*err = *p->fault;
		return st;
	}
	return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
}

static ds_status take_event(ds_store *s, prepared *p, size_t i, bool contiguous,
                            chain_pos *chain, store_replica_stats *stats,
                            ds_error *err)
{
	store_event *ev = &p->ev;
	unsigned char have_hash[STORE_HASH_BYTES];
	bool found = false;
	ds_status st;

	if (p->fields_st)
		return fault(p, p->fields_st, err);
	if (sodium_memcmp(ev->device, s->device, STORE_DEVICE_BYTES) == 0) {
		char rec[32];
		snprintf(rec, sizeof(rec), "record %zu", i + 1);
		return ds_fail(err, DS_EINPUT, rec,
		               N_("the record is of this device's own events"));
	}
	/* had already? Past the chain's end it cannot be. */
	if ((st = chain_at(s, chain, ev, err)))
		return st;
	if (ev->dseq <= chain->dseq &&
	    (st = hash_at(s, ev->device, ev->epoch, ev->dseq, have_hash, &found, err)))
		return st;
	if (found) {
		if (sodium_memcmp(have_hash, p->hash, STORE_HASH_BYTES) != 0)
			return ds_fail(err, DS_EDAMAGED, event_where(p),
			               N_("it differs from the event this log already has under the same number"));
		stats->known++;
		return DS_OK;
	}
	if (contiguous && chain->resume_after > chain->dseq &&
	    ev->dseq == chain->resume_after + 1) {
		/* the events between were in a bundle refused in its place:
		 * this one follows them, its link to them unseen here */
	} else if (contiguous) {
		char n[24];
		snprintf(n, sizeof(n), "%lld", (long long)chain->dseq);
		if (ev->dseq != chain->dseq + 1)
			return ds_fail(err, DS_EINPUT, event_where(p),
			               N_("it does not follow on: this log has that device's events up to %s"), n);
		if (sodium_memcmp(chain->hash, p->prev, STORE_HASH_BYTES) != 0)
			return ds_fail(err, DS_EDAMAGED, event_where(p),
			               N_("it does not link to the event before it"));
	}
	if (p->content_st)
		return fault(p, p->content_st, err);
	if (!p->hash_ok)
		return ds_fail(err, DS_EDAMAGED, event_where(p),
		               N_("its hash does not match its content"));
	if ((!p->one_pass && !json_is_object(p->body)) || !p->sealed)
		return ds_fail(err, DS_EDAMAGED, event_where(p), N_("its content is not readable"));
	if (p->check_st) {
		*err = *p->check_err;
		return p->check_st;
	}
	/* the rows' MACs and sums made ahead, as far as they could be */
	store_sum_hints(s, p->hints, p->n_hints);
	st = event_insert(s, ev, p, err);
	if (!st) {
		/* the chain now ends here, whichever order the records come in */
		if (ev->dseq > chain->dseq) {
			chain->dseq = ev->dseq;
			memcpy(chain->hash, p->hash, STORE_HASH_BYTES);
		}
		/* our clock follows theirs, but not more than a day ahead of ours */
		{
			uint64_t bound = (store_now_ms() << 16) + HLC_AHEAD_MAX;
			uint64_t h = ev->hlc < bound ? ev->hlc : bound;
			if (h > s->hlc)
				s->hlc = h;
		}
		st = store_project_pre(s, ev, p->body, &p->blinds, err);
	}
	store_sum_hints(s, NULL, 0);
	if (st)
		return st;
	stats->added++;
	return DS_OK;
}

static ds_status take_checkpoint(ds_store *s, json_t *r, size_t i,
                                 store_replica_stats *stats, ds_error *err)
{
	unsigned char device[STORE_DEVICE_BYTES], pk[STORE_SIGN_PK_BYTES],
	        sig[STORE_SIG_BYTES], head[STORE_HASH_BYTES],
	        msg[STORE_CHECKPOINT_MSG_LEN];
	char user[STORE_USER_MAX], where[64];
	int64_t epoch, dseq, signer = 0;
	sqlite3_stmt *q;
	bool found;
	ds_status st;
	int rc;

	snprintf(where, sizeof(where), "record %zu", i + 1);
	if (!get_hex(r, "device", device, sizeof(device)) ||
	    !get_int(r, "epoch", &epoch) || !get_int(r, "dseq", &dseq) ||
	    !get_str(r, "user", user, sizeof(user), false) ||
	    !get_hex(r, "pk", pk, sizeof(pk)) || !get_hex(r, "sig", sig, sizeof(sig)))
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("a checkpoint record is malformed"));
	if ((st = hash_at(s, device, epoch, dseq, head, &found, err)))
		return st;
	if (!found)
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("a checkpoint names an event that is not in the log"));
	store_checkpoint_msg(msg, device, epoch, dseq, head);
	if (crypto_sign_verify_detached(sig, msg, sizeof(msg), pk) != 0)
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("the signature of %s over the log up to here does not verify"),
		               user);
	rc = sqlite3_prepare_v2(s->db, "SELECT id, user FROM signer WHERE pk = ?",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_blob(q, 1, pk, sizeof(pk), SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		signer = sqlite3_column_int64(q, 0);
		if (strcmp((const char *)sqlite3_column_text(q, 1), user) != 0) {
			sqlite3_finalize(q);
			return ds_fail(err, DS_EDAMAGED, where,
			               N_("the key of %s is known here as another person's"),
			               user);
		}
	} else if (rc != SQLITE_DONE) {
		sqlite3_finalize(q);
		return store_sql_fail(s, err, rc);
	}
	sqlite3_finalize(q);
	if (!signer) {
		ds_status added = store_signer_add(s, user, pk, &signer, err);
		if (added)
			return added;
	}
	rc = sqlite3_prepare_v2(s->db,
	                        "INSERT OR IGNORE INTO main.checkpoint(device, epoch,"
	                        " dseq, signer, sig) VALUES (?,?,?,?,?)",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_blob(q, 1, device, sizeof(device), SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, epoch);
	sqlite3_bind_int64(q, 3, dseq);
	sqlite3_bind_int64(q, 4, signer);
	sqlite3_bind_blob(q, 5, sig, sizeof(sig), SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_sql_fail(s, err, rc);
	if (sqlite3_changes(s->db))
		stats->checkpoints++;
	return DS_OK;
}

/* ---- reading ahead -------------------------------------------------------------- */

/* The log's writer, the thread that called take_each (the taker), takes
 * the records in order, each once. Worker threads read them (next(), in
 * order, under a lock) and prepare them (prepare: the hash, the body's
 * parse, the seal, the blind index, the check), up to AHEAD records ahead
 * of the taker, in a ring of slots. The taker works as one of them when it
 * catches them up: the record it needs, not yet read, it reads and
 * prepares itself rather than wait. Whoever read and prepared a record
 * frees it once the taker is done with it, so that no thread frees
 * another's memory (which, tried first, made them wait on each other's
 * allocator locks and cost more than the overlap saved). */
#define AHEAD 64
/* A take of fewer records than this is not worth a thread: the workers
 * start when the taker gets this far, and read on from there. */
#define THREAD_AFTER 128
#define WORKERS_MAX 4
#define TAKER WORKERS_MAX /* an owner; the workers are 0 .. WORKERS_MAX - 1 */
/* How far past the record it waits for the taker reads and prepares. */
#define TAKER_AHEAD 8

enum { SLOT_FREE, SLOT_BUSY, SLOT_READY };

typedef struct {
	json_t *r;              /* the record, or NULL after the last */
	ds_status next_st;      /* of reading it */
	ds_error next_err;
	prepared p;
	int owner;              /* who read and prepared it, and frees it */
	atomic_int state;       /* SLOT_: for reading into it */
	atomic_size_t ready_for; /* the record's index + 1 once prepared; 0 */
} slot;

typedef struct reader reader;

typedef struct {
	reader *rd;
	int id;
	size_t own[AHEAD];      /* the records it holds, oldest first, a ring */
	size_t first, n;
	pthread_t thread;
} worker;

struct reader {
	take_args a;
	store_record_next next;
	void *nctx;
	slot ring[AHEAD];
	pthread_mutex_t lock;   /* reading: next() is called under it */
	atomic_size_t to_read;  /* the next record to read (written under lock) */
	bool ended;             /* under lock: next() gave the last, or a fault */
	atomic_size_t consumed; /* records the taker is done with */
	atomic_bool stop;       /* the taker is done */
	pthread_cond_t wake;    /* a worker with nothing to do waits on it */
	atomic_int sleeping;
	atomic_size_t wake_at;  /* until the taker is done with this many */
	worker w[WORKERS_MAX];
	int n_workers;
};

enum { READ_DONE, READ_WAIT, READ_END };

/* Reads the next record into its slot and prepares it, as owner, when it
 * is no further on than upto: READ_DONE with its index in *at; READ_WAIT
 * when its slot is not free yet, or it is past upto; READ_END after the
 * last. */
static int read_next(reader *rd, int owner, size_t upto, size_t *at)
{
	slot *sl;
	size_t i;
	bool last;
	pthread_mutex_lock(&rd->lock);
	if (rd->ended) {
		pthread_mutex_unlock(&rd->lock);
		return READ_END;
	}
	i = atomic_load(&rd->to_read);
	sl = &rd->ring[i % AHEAD];
	if (i > upto || atomic_load(&sl->state) != SLOT_FREE) {
		pthread_mutex_unlock(&rd->lock);
		return READ_WAIT;
	}
	atomic_store(&sl->state, SLOT_BUSY);
	sl->owner = owner;
	sl->next_st = rd->next(rd->nctx, &sl->r, &sl->next_err);
	last = rd->ended = sl->next_st || !sl->r;
	atomic_store(&rd->to_read, i + 1);
	pthread_mutex_unlock(&rd->lock);
	if (!last)
		prepare(&rd->a, sl->r, i, &sl->p);
	atomic_store(&sl->state, SLOT_READY);
	atomic_store(&sl->ready_for, i + 1);
	*at = i;
	return READ_DONE;
}

static void slot_free(slot *sl)
{
	atomic_store(&sl->ready_for, 0);
	prepared_free(&sl->p);
	json_decref(sl->r);
	sl->r = NULL;
	sl->next_st = DS_OK;
	atomic_store(&sl->state, SLOT_FREE);
}

/* Frees the worker's records the taker is done with (all of them: all). */
static void release(worker *w, bool all)
{
	size_t done = atomic_load(&w->rd->consumed);
	while (w->n && (all || w->own[w->first] < done)) {
		slot_free(&w->rd->ring[w->own[w->first] % AHEAD]);
		w->first = (w->first + 1) % AHEAD;
		w->n--;
	}
}

/* Wakes the workers that wait, so that they free what they hold. */
static void kick(reader *rd)
{
	if (!atomic_load(&rd->sleeping))
		return;
	pthread_mutex_lock(&rd->lock);
	pthread_cond_broadcast(&rd->wake);
	pthread_mutex_unlock(&rd->lock);
}

/* A worker with nothing to read waits until the taker has made room in
 * the ring (half of it), or is done; a bounded wait, as a net. */
static void doze(reader *rd)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += 2000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&rd->lock);
	atomic_store(&rd->wake_at, atomic_load(&rd->consumed) + AHEAD / 2);
	atomic_fetch_add(&rd->sleeping, 1);
	if (!atomic_load(&rd->stop) &&
	    atomic_load(&rd->consumed) < atomic_load(&rd->wake_at))
		pthread_cond_timedwait(&rd->wake, &rd->lock, &until);
	atomic_fetch_sub(&rd->sleeping, 1);
	pthread_mutex_unlock(&rd->lock);
}

static void *work(void *arg)
{
	worker *w = arg;
	reader *rd = w->rd;
	unsigned idle = 0;
	while (!atomic_load(&rd->stop)) {
		size_t at;
		int got;
		release(w, false);
		if ((got = read_next(rd, w->id, SIZE_MAX, &at)) == READ_DONE) {
			w->own[(w->first + w->n++) % AHEAD] = at;
			idle = 0;
		} else if (got == READ_WAIT && ++idle < 64) {
			sched_yield();
		} else {
			doze(rd);
		}
	}
	release(w, true);
	return NULL;
}

static void reader_start(reader *rd, ds_store *s, store_record_next next,
                         void *nctx, store_replica_check check, void *ctx)
{
	memset(rd, 0, sizeof(*rd));
	rd->a.s = s;
	rd->a.check = check;
	rd->a.ctx = ctx;
	rd->next = next;
	rd->nctx = nctx;
	pthread_mutex_init(&rd->lock, NULL);
	pthread_cond_init(&rd->wake, NULL);
	atomic_init(&rd->to_read, 0);
	atomic_init(&rd->consumed, 0);
	atomic_init(&rd->stop, false);
	atomic_init(&rd->sleeping, 0);
	atomic_init(&rd->wake_at, 0);
	for (size_t k = 0; k < AHEAD; k++) {
		atomic_init(&rd->ring[k].state, SLOT_FREE);
		atomic_init(&rd->ring[k].ready_for, 0);
	}
}

/* As many workers as there are other processors, the taker being one. */
static void reader_threads(reader *rd)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int want = cpus > 1 ? (int)(cpus - 1) : 1;
	if (want > WORKERS_MAX)
		want = WORKERS_MAX;
	for (int k = 0; k < want; k++) {
		worker *w = &rd->w[rd->n_workers];
		w->rd = rd;
		w->id = rd->n_workers;
		if (pthread_create(&w->thread, NULL, work, w) != 0)
			break; /* the taker reads what no worker does */
		rd->n_workers++;
	}
}

/* Record i, read and prepared (by a worker, or here). */
static slot *reader_get(reader *rd, size_t i)
{
	slot *sl = &rd->ring[i % AHEAD];
	size_t at;
	if (i == THREAD_AFTER && !rd->n_workers)
		reader_threads(rd);
	for (unsigned spin = 0; atomic_load(&sl->ready_for) != i + 1; spin++) {
		/* not read yet: read it here; being read by a worker (which
		 * another program may have kept off the processor): prepare
		 * the ones after it here meanwhile, rather than wait idle */
		if (read_next(rd, TAKER, i + TAKER_AHEAD, &at) == READ_DONE)
			continue;
		kick(rd);
		if (spin > 16)
			sched_yield();
	}
	return sl;
}

static void reader_done_with(reader *rd, size_t i)
{
	slot *sl = &rd->ring[i % AHEAD];
	size_t done = i + 1;
	if (sl->owner == TAKER)
		slot_free(sl);
	atomic_store(&rd->consumed, done);
	if (atomic_load(&rd->sleeping) && done >= atomic_load(&rd->wake_at))
		kick(rd);
}

static void reader_end(reader *rd)
{
	atomic_store(&rd->stop, true);
	kick(rd);
	for (int k = 0; k < rd->n_workers; k++)
		pthread_join(rd->w[k].thread, NULL);
	for (size_t k = 0; k < AHEAD; k++)
		if (atomic_load(&rd->ring[k].state) != SLOT_FREE &&
		    rd->ring[k].owner == TAKER)
			slot_free(&rd->ring[k]);
	pthread_cond_destroy(&rd->wake);
	pthread_mutex_destroy(&rd->lock);
}

static ds_status take_each(ds_store *s, store_record_next next, void *nctx,
                           bool contiguous, int64_t resume_after,
                           store_replica_check check, void *ctx,
                           store_replica_stats *stats, ds_error *err)
{
	chain_pos chain;
	reader *rd;
	json_t *cps = json_array();
	size_t i, *cp_at = NULL, n_cp = 0;
	ds_status st = DS_OK;
	memset(&chain, 0, sizeof(chain));
	chain.resume_after = resume_after;
	memset(stats, 0, sizeof(*stats));
	if (!cps || !(rd = calloc(1, sizeof(*rd)))) {
		json_decref(cps);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	if (!store_in_transaction(s)) {
		json_decref(cps);
		free(rd);
		return ds_fail(err, DS_ESYSTEM, "", N_("internal error: no transaction"));
	}
	reader_start(rd, s, next, nctx, check, ctx);
	/* the events as they come; the checkpoints after, so that each finds
	 * its event */
	for (i = 0;; i++) {
		slot *sl = reader_get(rd, i);
		const char *t;
		if (sl->next_st) {
			*err = sl->next_err;
			st = sl->next_st;
			reader_done_with(rd, i);
			break;
		}
		if (!sl->r) {
			reader_done_with(rd, i);
			break;
		}
		t = json_string_value(json_object_get(sl->r, "t"));
		if (!t || (strcmp(t, "ev") && strcmp(t, "cp"))) {
			char where[32];
			snprintf(where, sizeof(where), "record %zu", i + 1);
			st = ds_fail(err, DS_EDAMAGED, where, N_("a record of an unknown kind"));
		} else if (!strcmp(t, "cp")) {
			/* a copy, so that the worker's record stays the worker's */
			size_t *na = realloc(cp_at, (n_cp + 1) * sizeof(*na));
			if (na)
				cp_at = na;
			if (!na || json_array_append_new(cps, json_deep_copy(sl->r)))
				st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			else
				cp_at[n_cp++] = i;
		} else {
			st = take_event(s, &sl->p, i, contiguous, &chain, stats, err);
		}
		reader_done_with(rd, i);
		if (st)
			break;
	}
	reader_end(rd);
	free(rd);
	for (size_t k = 0; !st && k < n_cp; k++)
		st = take_checkpoint(s, json_array_get(cps, k), cp_at[k], stats, err);
	json_decref(cps);
	free(cp_at);
	return st ? st : store_meta_put_hlc(s, err);
}

ds_status store_replica_take_each(ds_store *s, store_record_next next,
                                  void *nctx, bool contiguous,
                                  store_replica_check check, void *ctx,
                                  store_replica_stats *stats, ds_error *err)
{
	return take_each(s, next, nctx, contiguous, 0, check, ctx, stats, err);
}

ds_status store_replica_take_after(ds_store *s, store_record_next next,
                                   void *nctx, int64_t resume_after,
                                   store_replica_check check, void *ctx,
                                   store_replica_stats *stats, ds_error *err)
{
	return take_each(s, next, nctx, true, resume_after, check, ctx, stats, err);
}

/* The records of a JSON array, one at a time. */
typedef struct {
	json_t *records;
	size_t at;
} array_reader;

static ds_status array_next(void *nctx, json_t **r, ds_error *err)
{
	array_reader *a = nctx;
	(void)err;
	*r = a->at < json_array_size(a->records)
	             ? json_incref(json_array_get(a->records, a->at++))
	             : NULL;
	return DS_OK;
}

ds_status store_replica_take(ds_store *s, json_t *records, bool contiguous,
                             store_replica_check check, void *ctx,
                             store_replica_stats *stats, ds_error *err)
{
	array_reader a = {records, 0};
	if (!json_is_array(records)) {
		memset(stats, 0, sizeof(*stats));
		return ds_fail(err, DS_EDAMAGED, "records", N_("the records are not a list"));
	}
	return store_replica_take_each(s, array_next, &a, contiguous, check, ctx,
	                               stats, err);
}
