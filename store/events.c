/* events.c — the append-only event log: hybrid logical clock, BLAKE2b hash
 * chain, a signed checkpoint at every commit, and the audit that checks it
 * all. The log is also the audit trail and, later, the sync outbox. */
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/event.h"
#include "store/internal.h"

#define BODY_SALT STORE_BODY_SALT

static void put_be64(unsigned char *b, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (56 - 8 * i));
}

static void hash_field(crypto_generichash_state *h, const void *p, size_t len)
{
	unsigned char n[8];
	put_be64(n, len);
	crypto_generichash_update(h, n, 8);
	crypto_generichash_update(h, p, len);
}

void store_event_hash(unsigned char out[STORE_HASH_BYTES],
                      const store_event *ev, const unsigned char *body,
                      size_t bodylen, const unsigned char prev[STORE_HASH_BYTES])
{
	static const char domain[] = "doorstep-event-1";
	crypto_generichash_state h;
	unsigned char b[8];
	crypto_generichash_init(&h, NULL, 0, STORE_HASH_BYTES);
	crypto_generichash_update(&h, (const unsigned char *)domain,
	                          sizeof(domain) - 1);
	crypto_generichash_update(&h, ev->device, STORE_DEVICE_BYTES);
	put_be64(b, (uint64_t)ev->epoch);
	crypto_generichash_update(&h, b, 8);
	put_be64(b, (uint64_t)ev->dseq);
	crypto_generichash_update(&h, b, 8);
	put_be64(b, ev->hlc);
	crypto_generichash_update(&h, b, 8);
	hash_field(&h, ev->author, strlen(ev->author));
	hash_field(&h, ev->kind, strlen(ev->kind));
	hash_field(&h, ev->entity, strlen(ev->entity));
	hash_field(&h, body, bodylen);
	crypto_generichash_update(&h, prev, STORE_HASH_BYTES);
	crypto_generichash_final(&h, out, STORE_HASH_BYTES);
}

/* Text put after buf[*at], as much as fits with its NUL (snprintf's
 * truncation): the event's strings are written for every event an import
 * or an ingest appends, where snprintf's parsing of its format cost more
 * than the copying. */
static void ad_put(char *buf, size_t len, size_t *at, const char *t, size_t n)
{
	size_t room = *at < len ? len - 1 - *at : 0;
	if (n > room)
		n = room;
	memcpy(buf + *at, t, n);
	*at += n;
	buf[*at] = '\0';
}

static void ad_num(char *buf, size_t len, size_t *at, int64_t v)
{
	char d[24];
	size_t i = sizeof(d);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		d[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		d[--i] = '-';
	ad_put(buf, len, at, d + i, sizeof(d) - i);
}

static void ad_str(char *buf, size_t len, size_t *at, const char *t)
{
	ad_put(buf, len, at, t, strlen(t));
}

void store_event_ad(char *buf, size_t len, const store_event *ev)
{
	char hex[STORE_DEVICE_BYTES * 2 + 1];
	size_t at = 0;
	if (!len)
		return;
	store_hex(hex, ev->device, STORE_DEVICE_BYTES);
	/* Binds the body to every column of its row that says what it is,
	 * so a body cannot be read as another event's or another household's
	 * even before the chain is checked:
	 * event|DEVICE|EPOCH|DSEQ|AUTHOR|KIND|ENTITY|body|1 */
	buf[0] = '\0';
	ad_str(buf, len, &at, "event|");
	ad_str(buf, len, &at, hex);
	ad_str(buf, len, &at, "|");
	ad_num(buf, len, &at, ev->epoch);
	ad_str(buf, len, &at, "|");
	ad_num(buf, len, &at, ev->dseq);
	ad_str(buf, len, &at, "|");
	ad_str(buf, len, &at, ev->author);
	ad_str(buf, len, &at, "|");
	ad_str(buf, len, &at, ev->kind);
	ad_str(buf, len, &at, "|");
	ad_str(buf, len, &at, ev->entity);
	ad_str(buf, len, &at, "|body|1");
}

void store_checkpoint_msg(unsigned char out[STORE_CHECKPOINT_MSG_LEN],
                           const unsigned char *device, int64_t epoch,
                           int64_t dseq, const unsigned char *head)
{
	memcpy(out, "doorstep-chkpt-1", 16);
	memcpy(out + 16, device, STORE_DEVICE_BYTES);
	put_be64(out + 16 + STORE_DEVICE_BYTES, (uint64_t)epoch);
	put_be64(out + 24 + STORE_DEVICE_BYTES, (uint64_t)dseq);
	memcpy(out + 32 + STORE_DEVICE_BYTES, head, STORE_HASH_BYTES);
}
#define CHECKPOINT_MSG_LEN STORE_CHECKPOINT_MSG_LEN
#define checkpoint_msg store_checkpoint_msg

/* ---- transactions ------------------------------------------------------ */

/* Another handle on the same store (another doorstep process, perhaps
 * another user) may have appended since this one last did: under the
 * write lock, continue from the log's real head and clock. */
static int64_t be64(const unsigned char *b)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = (v << 8) | b[i];
	return (int64_t)v;
}

ds_status store_reload_head(ds_store *s, ds_error *err)
{
	unsigned char head[STORE_HEAD_LEN], last[STORE_HASH_BYTES];
	sqlite3_stmt *q;
	uint64_t hlc = 0;
	int64_t epoch, dseq, ldseq = 0;
	size_t len;
	bool found;
	ds_status st;
	int rc;
	/* where doorstep last left this device's chain: the log must end
	 * exactly there, or events were removed or added without the key */
	if ((st = store_meta_get(s, "head", head, sizeof(head), &len, &found, err)))
		return st;
	if (!found || len != sizeof(head))
		return ds_fail(err, DS_EDAMAGED, "meta head",
		               N_("a setting of the store is missing: it is damaged"));
	epoch = be64(head);
	dseq = be64(head + 8);
	memset(last, 0, sizeof(last));
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT dseq, hash FROM event WHERE device = ?"
	                        " AND epoch = ? ORDER BY dseq DESC LIMIT 1",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_blob(q, 1, s->device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, epoch);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		ldseq = sqlite3_column_int64(q, 0);
		if (sqlite3_column_bytes(q, 1) == STORE_HASH_BYTES)
			memcpy(last, sqlite3_column_blob(q, 1), STORE_HASH_BYTES);
	} else if (rc != SQLITE_DONE) {
		sqlite3_finalize(q);
		return store_sql_fail(s, err, rc);
	}
	sqlite3_finalize(q);
	if (ldseq != dseq || sodium_memcmp(last, head + 16, STORE_HASH_BYTES)) {
		char have[24], want[24];
		snprintf(have, sizeof(have), "%lld", (long long)ldseq);
		snprintf(want, sizeof(want), "%lld", (long long)dseq);
		if (ldseq < dseq)
			return ds_fail(err, DS_EDAMAGED, "log",
			               N_("this laptop's part of the log ends at its event %s, but doorstep wrote up to %s: events were removed without the key"),
			               have, want);
		if (ldseq > dseq)
			return ds_fail(err, DS_EDAMAGED, "log",
			               N_("this laptop's part of the log goes on to event %s after the last one doorstep wrote (%s): events were added without the key"),
			               have, want);
		return ds_fail(err, DS_EDAMAGED, "log",
		               N_("this laptop's last event (%s) is not the one doorstep wrote: it was replaced without the key"),
		               have);
	}
	s->epoch = epoch;
	s->dseq = dseq;
	memcpy(s->head, head + 16, STORE_HASH_BYTES);
	if ((st = store_meta_get(s, "hlc", head, sizeof(head), &len, &found, err)))
		return st;
	if (found && len == 8)
		hlc = (uint64_t)be64(head);
	if (hlc > s->hlc)
		s->hlc = hlc;
	return DS_OK;
}

ds_status store_head_check(ds_store *s, ds_error *err)
{
	unsigned char msg[STORE_CHECKPOINT_MSG_LEN];
	sqlite3_stmt *q;
	ds_status st = DS_OK;
	int rc;
	if (s->dseq > 0) {
		/* the last commit's signature, by a key this store knows (the
		 * signer row is checked by its view) */
		if ((st = store_prep(s, "SELECT c.sig, g.pk FROM main.checkpoint c JOIN signer g"
		                        " ON g.id = c.signer WHERE c.device = ? AND c.epoch = ?"
		                        " AND c.dseq = ?", &q, err)))
			return st;
		sqlite3_bind_blob(q, 1, s->device, STORE_DEVICE_BYTES, SQLITE_STATIC);
		sqlite3_bind_int64(q, 2, s->epoch);
		sqlite3_bind_int64(q, 3, s->dseq);
		rc = sqlite3_step(q);
		store_checkpoint_msg(msg, s->device, s->epoch, s->dseq, s->head);
		if (rc == SQLITE_ROW &&
		    (sqlite3_column_bytes(q, 0) != STORE_SIG_BYTES ||
		     sqlite3_column_bytes(q, 1) != STORE_SIGN_PK_BYTES ||
		     crypto_sign_verify_detached(sqlite3_column_blob(q, 0), msg, sizeof(msg),
		                                 sqlite3_column_blob(q, 1)) != 0))
			rc = SQLITE_DONE;
		if ((st = store_done(s, q, rc, err)))
			return st;
		if (rc != SQLITE_ROW)
			return ds_fail(err, DS_EDAMAGED, "log",
			               N_("the signature over this laptop's last change is missing or does not verify: the log was altered without the key"));
	}
	/* the county acknowledged more of this epoch than the log holds: the
	 * store was put back to an older copy of itself */
	if ((st = store_prep(s, "SELECT coalesce(max(last), 0) FROM sync_out WHERE"
	                        " epoch = ? AND acked IS NOT NULL", &q, err)))
		return st;
	sqlite3_bind_int64(q, 1, s->epoch);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_int64(q, 0) > s->dseq) {
		char have[24], acked[24];
		snprintf(have, sizeof(have), "%lld", (long long)s->dseq);
		snprintf(acked, sizeof(acked), "%lld", (long long)sqlite3_column_int64(q, 0));
		sqlite3_finalize(q);
		return ds_fail(err, DS_EDAMAGED, "log",
		               N_("this laptop was put back to an older copy: its log ends at event %s, but the county already acknowledged events up to %s of it"),
		               have, acked);
	}
	return store_done(s, q, rc, err);
}

void store_set_write_wait(ds_store *s, int seconds)
{
	s->write_wait_ms = seconds > 0 && seconds < INT_MAX / 1000 ? seconds * 1000
	                                                           : STORE_WRITE_WAIT_MS;
	sqlite3_busy_timeout(s->db, s->write_wait_ms);
}

ds_status store_begin(ds_store *s, ds_error *err)
{
	ds_status st;
	int rc;
	if (s->tx_depth)
		return ds_fail(err, DS_ESYSTEM, "", N_("internal error: nested transaction"));
	rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if ((rc & 0xff) == SQLITE_BUSY) {
		char secs[24];
		snprintf(secs, sizeof(secs), "%d", (s->write_wait_ms + 999) / 1000);
		return ds_fail(err, DS_ESYSTEM, s->dir,
		               N_("waited %s seconds for another doorstep program to finish writing to this store; nothing was changed: try again when it is done"),
		               secs);
	}
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	if ((st = store_reload_head(s, err))) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return st;
	}
	store_auth_begin(s);
	s->sum_kind_known = false; /* another program may have enrolled a laptop */
	s->tx_depth = 1;
	s->tx_dirty = false;
	s->tx_dseq = s->dseq;
	s->tx_hlc = s->hlc;
	memcpy(s->tx_head, s->head, STORE_HASH_BYTES);
	return DS_OK;
}

void store_rollback(ds_store *s)
{
	if (!s->tx_depth)
		return;
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	store_summary_forget(s); /* a policy imported may be undone */
	s->tx_depth = 0;
	s->tx_dirty = false;
	s->dseq = s->tx_dseq;
	s->hlc = s->tx_hlc;
	memcpy(s->head, s->tx_head, STORE_HASH_BYTES);
}

bool store_in_transaction(const ds_store *s)
{
	return s->tx_depth != 0;
}

void store_set_cache(ds_store *s, int kib, int checkpoint_pages)
{
	char sql[96];
	snprintf(sql, sizeof(sql),
	         "PRAGMA cache_size = -%d; PRAGMA wal_autocheckpoint = %d", kib,
	         checkpoint_pages);
	sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

ds_status store_commit(ds_store *s, ds_error *err)
{
	ds_status st;
	if (!s->tx_depth)
		return ds_fail(err, DS_ESYSTEM, "", N_("internal error: no transaction"));
	if (s->tx_dirty) {
		unsigned char msg[CHECKPOINT_MSG_LEN], sig[STORE_SIG_BYTES];
		sqlite3_stmt *q;
		int rc;
		checkpoint_msg(msg, s->device, s->epoch, s->dseq, s->head);
		crypto_sign_detached(sig, NULL, msg, sizeof(msg),
		                     s->keys->p + KEY_SIGN);
		rc = sqlite3_prepare_v2(s->db,
		                        "INSERT INTO main.checkpoint(device, epoch, dseq,"
		                        " signer, sig) VALUES (?,?,?,?,?)",
		                        -1, &q, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_blob(q, 1, s->device, STORE_DEVICE_BYTES,
			                  SQLITE_STATIC);
			sqlite3_bind_int64(q, 2, s->epoch);
			sqlite3_bind_int64(q, 3, s->dseq);
			sqlite3_bind_int64(q, 4, s->signer);
			sqlite3_bind_blob(q, 5, sig, sizeof(sig), SQLITE_STATIC);
			rc = sqlite3_step(q);
			sqlite3_finalize(q);
		}
		if (rc != SQLITE_DONE) {
			st = store_sql_fail(s, err, rc);
			store_rollback(s);
			return st;
		}
		{
			unsigned char head[STORE_HEAD_LEN];
			put_be64(head, (uint64_t)s->epoch);
			put_be64(head + 8, (uint64_t)s->dseq);
			memcpy(head + 16, s->head, STORE_HASH_BYTES);
			if ((st = store_meta_put_hlc(s, err)) ||
			    (st = store_meta_put(s, "head", head, sizeof(head), err))) {
				store_rollback(s);
				return st;
			}
		}
	}
	/* what this transaction added to or took from each table */
	if ((st = store_auth_flush(s, err))) {
		store_rollback(s);
		return st;
	}
	if ((st = store_exec(s, "COMMIT", err))) {
		store_rollback(s);
		return st;
	}
	s->tx_depth = 0;
	s->tx_dirty = false;
	return DS_OK;
}

/* ---- appending --------------------------------------------------------- */

static uint64_t hlc_tick(ds_store *s)
{
	uint64_t wall = store_now_ms() << 16;
	s->hlc = wall > s->hlc ? wall : s->hlc + 1;
	return s->hlc;
}

ds_status store_event_put(ds_store *s, store_event *ev,
                          const unsigned char *plain, size_t plen,
                          const unsigned char prev[STORE_HASH_BYTES],
                          const unsigned char hash[STORE_HASH_BYTES],
                          ds_error *err)
{
	char ad[256];
	unsigned char *sealed = NULL;
	size_t slen = 0;
	sqlite3_stmt *q;
	int rc;
	store_event_ad(ad, sizeof(ad), ev);
	if (store_seal(&sealed, &slen, plain, plen, ad, SEAL_KEY(s)))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	if (!(q = store_stmt(s, STMT_EVENT_INSERT))) {
		free(sealed);
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	}
	sqlite3_bind_blob(q, 1, ev->device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, ev->epoch);
	sqlite3_bind_int64(q, 3, ev->dseq);
	sqlite3_bind_int64(q, 4, (sqlite3_int64)ev->hlc);
	sqlite3_bind_text(q, 5, ev->author, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, ev->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, ev->entity, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 8, sealed, (int)slen, SQLITE_STATIC);
	sqlite3_bind_blob(q, 9, prev, STORE_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(q, 10, hash, STORE_HASH_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	free(sealed);
	if (rc != SQLITE_DONE)
		return store_sql_fail(s, err, rc);
	ev->seq = sqlite3_last_insert_rowid(s->db);
	return DS_OK;
}

ds_status store_emit_text(ds_store *s, const char *kind, const char *entity,
                          const char *text, size_t tlen, store_event *out,
                          ds_error *err)
{
	return store_emit_wrapped(s, kind, entity, "", text, tlen, "", out, err);
}

ds_status store_emit_wrapped(ds_store *s, const char *kind, const char *entity,
                             const char *head, const char *text, size_t tlen,
                             const char *tail, store_event *out, ds_error *err)
{
	store_event ev;
	unsigned char *plain = NULL, hash[STORE_HASH_BYTES];
	size_t plen, hlen = strlen(head), taillen = strlen(tail);
	ds_status st;

	if (!s->tx_depth)
		return ds_fail(err, DS_ESYSTEM, "", N_("internal error: no transaction"));
	memset(&ev, 0, sizeof(ev));
	memcpy(ev.device, s->device, STORE_DEVICE_BYTES);
	ev.epoch = s->epoch;
	ev.dseq = s->dseq + 1;
	ev.hlc = hlc_tick(s);
	{
		size_t at = 0;
		ad_str(ev.author, sizeof(ev.author), &at, s->user);
		at = 0;
		ad_str(ev.kind, sizeof(ev.kind), &at, kind);
		at = 0;
		ad_str(ev.entity, sizeof(ev.entity), &at, entity);
	}

	/* A random salt in front of the JSON: hashes of small bodies (an ID
	 * number alone) cannot be guessed by trying every number. */
	plen = BODY_SALT + hlen + tlen + taillen;
	plain = malloc(plen);
	if (!plain) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	store_random(plain, BODY_SALT);
	/* the body put together once, where it is sealed from */
	memcpy(plain + BODY_SALT, head, hlen);
	memcpy(plain + BODY_SALT + hlen, text, tlen);
	memcpy(plain + BODY_SALT + hlen + tlen, tail, taillen);
	store_event_hash(hash, &ev, plain, plen, s->head);
	if ((st = store_event_put(s, &ev, plain, plen, s->head, hash, err)))
		goto out;
	s->dseq = ev.dseq;
	memcpy(s->head, hash, STORE_HASH_BYTES);
	s->tx_dirty = true;
	if (out)
		*out = ev;
	st = DS_OK;
out:
	if (plain) {
		store_wipe(plain, plen);
		free(plain);
	}
	return st;
}

ds_status store_emit(ds_store *s, const char *kind, const char *entity,
                     json_t *body, int64_t *seq_out, ds_error *err)
{
	store_event ev;
	char *text = json_dumps(body, JSON_COMPACT);
	size_t tlen;
	ds_status st;
	if (!text)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	tlen = strlen(text);
	st = store_emit_text(s, kind, entity, text, tlen, &ev, err);
	store_wipe(text, tlen);
	free(text);
	if (!st)
		st = store_project(s, &ev, body, err);
	if (!st && seq_out)
		*seq_out = ev.seq;
	return st;
}

/* ---- reading events back ------------------------------------------------ */

#define EVENT_COLUMNS STORE_EVENT_COLUMNS

/* Fills ev from a row of EVENT_COLUMNS; false when a column is malformed. */
bool store_event_row(sqlite3_stmt *q, store_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->seq = sqlite3_column_int64(q, 0);
	if (sqlite3_column_bytes(q, 1) != STORE_DEVICE_BYTES)
		return false;
	memcpy(ev->device, sqlite3_column_blob(q, 1), STORE_DEVICE_BYTES);
	ev->epoch = sqlite3_column_int64(q, 2);
	ev->dseq = sqlite3_column_int64(q, 3);
	ev->hlc = (uint64_t)sqlite3_column_int64(q, 4);
	snprintf(ev->author, sizeof(ev->author), "%s",
	         (const char *)sqlite3_column_text(q, 5));
	snprintf(ev->kind, sizeof(ev->kind), "%s",
	         (const char *)sqlite3_column_text(q, 6));
	snprintf(ev->entity, sizeof(ev->entity), "%s",
	         (const char *)sqlite3_column_text(q, 7));
	return sqlite3_column_bytes(q, 9) == STORE_HASH_BYTES &&
	       sqlite3_column_bytes(q, 10) == STORE_HASH_BYTES;
}

static void event_where(char *buf, size_t len, const store_event *ev)
{
	snprintf(buf, len, "event %lld", (long long)ev->seq);
}

static void event_date(char *buf, size_t len, uint64_t hlc)
{
	time_t t = (time_t)((hlc >> 16) / 1000);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
}

/* Unseals an event body; *json points past the salt. */
ds_status store_event_open(ds_store *s, const store_event *ev,
                           const void *sealed, size_t slen,
                           unsigned char **plain, size_t *plen, ds_error *err)
{
	char ad[256], where[48], when[32];
	store_event_ad(ad, sizeof(ad), ev);
	if (store_unseal(plain, plen, sealed, slen, ad, SEAL_KEY(s)) ||
	    *plen < BODY_SALT) {
		event_where(where, sizeof(where), ev);
		event_date(when, sizeof(when), ev->hlc);
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("its sealed content is damaged or was altered (%s, written by %s on %s)"),
		               ev->kind, ev->author, when);
	}
	return DS_OK;
}

static ds_status parse_body(const store_event *ev, const unsigned char *plain,
                            size_t plen, json_t **out, ds_error *err)
{
	char where[48];
	json_t *j = json_loadb((const char *)plain + BODY_SALT, plen - BODY_SALT,
	                       JSON_REJECT_DUPLICATES, NULL);
	if (!j || !json_is_object(j)) {
		json_decref(j);
		event_where(where, sizeof(where), ev);
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("its content is not readable (%s, written by %s)"),
		               ev->kind, ev->author);
	}
	*out = j;
	return DS_OK;
}

ds_status store_event_body(ds_store *s, int64_t seq, json_t **out,
                           ds_error *err)
{
	sqlite3_stmt *q;
	store_event ev;
	unsigned char *plain = NULL;
	size_t plen = 0;
	ds_status st;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT " EVENT_COLUMNS " FROM event WHERE seq = ?",
	                            -1, &q, NULL);
	*out = NULL;
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_int64(q, 1, seq);
	rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		char where[48];
		sqlite3_finalize(q);
		if (rc != SQLITE_DONE)
			return store_sql_fail(s, err, rc);
		snprintf(where, sizeof(where), "event %lld", (long long)seq);
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("the event is missing from the log"));
	}
	if (!store_event_row(q, &ev)) {
		char where[48];
		sqlite3_finalize(q);
		snprintf(where, sizeof(where), "event %lld", (long long)seq);
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("the event record is malformed"));
	}
	st = store_event_open(s, &ev, sqlite3_column_blob(q, 8),
	               (size_t)sqlite3_column_bytes(q, 8), &plain, &plen, err);
	sqlite3_finalize(q);
	if (!st)
		st = parse_body(&ev, plain, plen, out, err);
	if (plain) {
		store_wipe(plain, plen);
		free(plain);
	}
	return st;
}

/* Replays every event into the projection; inside a transaction. */
static ds_status replay(ds_store *s, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st = DS_OK;
	int rc;
	for (size_t i = 0; i < store_n_tables; i++) {
		char sql[64];
		if (!store_tables[i].projection)
			continue;
		snprintf(sql, sizeof(sql), "DELETE FROM main.%s", store_tables[i].name);
		if ((st = store_exec(s, sql, err)))
			return st;
	}
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT " EVENT_COLUMNS " FROM event ORDER BY seq",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_event ev;
		unsigned char *plain = NULL;
		size_t plen = 0;
		json_t *body = NULL;
		if (!store_event_row(q, &ev)) {
			char where[48];
			event_where(where, sizeof(where), &ev);
			st = ds_fail(err, DS_EDAMAGED, where,
			             N_("the event record is malformed"));
			break;
		}
		st = store_event_open(s, &ev, sqlite3_column_blob(q, 8),
		               (size_t)sqlite3_column_bytes(q, 8), &plain, &plen, err);
		if (!st)
			st = parse_body(&ev, plain, plen, &body, err);
		if (!st)
			st = store_project(s, &ev, body, err);
		json_decref(body);
		if (plain) {
			store_wipe(plain, plen);
			free(plain);
		}
		if (st)
			break;
	}
	if (!st && rc != SQLITE_DONE)
		st = store_sql_fail(s, err, rc);
	sqlite3_finalize(q);
	return st;
}

ds_status store_rebuild(ds_store *s, ds_error *err)
{
	ds_status st;
	if ((st = store_begin(s, err)))
		return st;
	/* the counts and sums of what was rebuilt are made afresh: rows that
	 * were damaged took out of the sum what they never put in */
	if ((st = replay(s, err)) || (st = store_auth_recount(s, true, err))) {
		store_rollback(s);
		return st;
	}
	return store_commit(s, err);
}

/* ---- the audit ----------------------------------------------------------- */

typedef struct {
	int64_t id;
	char user[STORE_USER_MAX];
	unsigned char pk[STORE_SIGN_PK_BYTES];
	bool introduced; /* its key appeared in a user event of the log */
} signer_row;

typedef struct {
	unsigned char device[STORE_DEVICE_BYTES];
	int64_t epoch, dseq, signer;
	unsigned char sig[STORE_SIG_BYTES];
} checkpoint_row;

typedef struct {
	char id[STORE_ID_BUF];
	unsigned char digest[STORE_HASH_BYTES];
	int64_t updated_seq;
} hh_digest;

static int cmp_checkpoint(const checkpoint_row *a, const unsigned char *device,
                          int64_t epoch, int64_t dseq)
{
	int c = memcmp(a->device, device, STORE_DEVICE_BYTES);
	if (c)
		return c;
	if (a->epoch != epoch)
		return a->epoch < epoch ? -1 : 1;
	if (a->dseq != dseq)
		return a->dseq < dseq ? -1 : 1;
	return 0;
}

static ds_status load_signers(ds_store *s, signer_row **out, size_t *n,
                              ds_error *err)
{
	sqlite3_stmt *q;
	signer_row *list = NULL;
	size_t count = 0;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT id, user, pk FROM signer ORDER BY id",
	                            -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		signer_row *nl = realloc(list, (count + 1) * sizeof(*list));
		if (!nl) {
			free(list);
			sqlite3_finalize(q);
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
		list = nl;
		memset(&list[count], 0, sizeof(list[count]));
		list[count].id = sqlite3_column_int64(q, 0);
		snprintf(list[count].user, STORE_USER_MAX, "%s",
		         (const char *)sqlite3_column_text(q, 1));
		if (sqlite3_column_bytes(q, 2) == STORE_SIGN_PK_BYTES)
			memcpy(list[count].pk, sqlite3_column_blob(q, 2),
			       STORE_SIGN_PK_BYTES);
		count++;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		free(list);
		return store_sql_fail(s, err, rc);
	}
	*out = list;
	*n = count;
	return DS_OK;
}

static ds_status load_checkpoints(ds_store *s, checkpoint_row **out, size_t *n,
                                  ds_error *err)
{
	sqlite3_stmt *q;
	checkpoint_row *list = NULL;
	size_t count = 0, cap = 0;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT device, epoch, dseq, signer, sig FROM"
	                            " checkpoint ORDER BY device, epoch, dseq",
	                            -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		checkpoint_row *c;
		if (count == cap) {
			checkpoint_row *nl;
			cap = cap ? cap * 2 : 64;
			nl = realloc(list, cap * sizeof(*list));
			if (!nl) {
				free(list);
				sqlite3_finalize(q);
				return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			}
			list = nl;
		}
		c = &list[count++];
		memset(c, 0, sizeof(*c));
		if (sqlite3_column_bytes(q, 0) == STORE_DEVICE_BYTES)
			memcpy(c->device, sqlite3_column_blob(q, 0), STORE_DEVICE_BYTES);
		c->epoch = sqlite3_column_int64(q, 1);
		c->dseq = sqlite3_column_int64(q, 2);
		c->signer = sqlite3_column_int64(q, 3);
		if (sqlite3_column_bytes(q, 4) == STORE_SIG_BYTES)
			memcpy(c->sig, sqlite3_column_blob(q, 4), STORE_SIG_BYTES);
		else
			memset(c->sig, 0, STORE_SIG_BYTES); /* will not verify */
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		free(list);
		return store_sql_fail(s, err, rc);
	}
	*out = list;
	*n = count;
	return DS_OK;
}

static void note_author(store_audit_report *rep, const char *author)
{
	for (size_t i = 0; i < rep->n_authors; i++)
		if (strcmp(rep->authors[i], author) == 0)
			return;
	if (rep->n_authors < sizeof(rep->authors) / sizeof(rep->authors[0]))
		snprintf(rep->authors[rep->n_authors++], STORE_USER_MAX, "%s",
		         author);
}

/* A user event brings a signing key into the log. */
static void note_key(signer_row *signers, size_t n, const store_event *ev,
                     json_t *body)
{
	const char *user, *hex;
	unsigned char pk[STORE_SIGN_PK_BYTES];
	if (!core_event_is(ev->kind, CORE_EVENT_USER_ADDED) &&
	    !core_event_is(ev->kind, CORE_EVENT_USER_KEY_REPLACED))
		return;
	user = json_string_value(json_object_get(body, "user"));
	hex = json_string_value(json_object_get(body, "sign_pk"));
	if (!user || !hex || !store_unhex(pk, sizeof(pk), hex))
		return;
	for (size_t i = 0; i < n; i++)
		if (strcmp(signers[i].user, user) == 0 &&
		    sodium_memcmp(signers[i].pk, pk, sizeof(pk)) == 0)
			signers[i].introduced = true;
}

static ds_status verify_chain(ds_store *s, store_audit_report *rep,
                              ds_error *err)
{
	signer_row *signers = NULL;
	checkpoint_row *cps = NULL;
	size_t n_signers = 0, n_cps = 0, ci = 0;
	sqlite3_stmt *q = NULL;
	unsigned char prev[STORE_HASH_BYTES], last_dev[STORE_DEVICE_BYTES];
	int64_t last_epoch = -1, last_dseq = 0;
	char span_author[STORE_USER_MAX] = "";
	store_event first_uncovered;
	bool uncovered = false, relayed = false;
	ds_status st;
	int rc;

	memset(prev, 0, sizeof(prev));
	memset(last_dev, 0, sizeof(last_dev));
	if ((st = load_signers(s, &signers, &n_signers, err)) ||
	    (st = load_checkpoints(s, &cps, &n_cps, err)))
		goto out;
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT " EVENT_COLUMNS " FROM event"
	                        " ORDER BY device, epoch, dseq",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK) {
		st = store_sql_fail(s, err, rc);
		goto out;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_event ev;
		unsigned char *plain = NULL, hash[STORE_HASH_BYTES];
		size_t plen = 0;
		json_t *body = NULL;
		char where[48], when[32];
		bool ok = store_event_row(q, &ev);

		event_where(where, sizeof(where), &ev);
		event_date(when, sizeof(when), ev.hlc);
		if (!ok) {
			st = ds_fail(err, DS_EDAMAGED, where,
			             N_("the event record is malformed"));
			break;
		}
		if (memcmp(ev.device, last_dev, STORE_DEVICE_BYTES) != 0 ||
		    ev.epoch != last_epoch) {
			if (uncovered && !relayed)
				break; /* reported after the loop */
			uncovered = false;
			relayed = false;
			memcpy(last_dev, ev.device, STORE_DEVICE_BYTES);
			last_epoch = ev.epoch;
			last_dseq = 0;
			memset(prev, 0, sizeof(prev));
		}
		/* Another device's events relayed by the county come without
		 * the rest of that device's chain: each was checked against its
		 * hash and the county's signed bundle when it arrived; here its
		 * hash is checked against its content and its own link. */
		if (ev.dseq != last_dseq + 1 &&
		    memcmp(ev.device, s->device, STORE_DEVICE_BYTES) != 0) {
			relayed = true;
			uncovered = false;
			memcpy(prev, sqlite3_column_blob(q, 9), STORE_HASH_BYTES);
			rep->relayed++;
		} else if (relayed) {
			rep->relayed++;
		}
		if (ev.dseq != last_dseq + 1 && !relayed) {
			char want[24];
			snprintf(want, sizeof(want), "%lld", (long long)(last_dseq + 1));
			st = ds_fail(err, DS_EDAMAGED, where,
			             N_("the log has a gap: event number %s of this device is missing"),
			             want);
			break;
		}
		if (memcmp(sqlite3_column_blob(q, 9), prev, STORE_HASH_BYTES) != 0) {
			st = ds_fail(err, DS_EDAMAGED, where,
			             N_("it does not link to the event before it (%s, written by %s on %s)"),
			             ev.kind, ev.author, when);
			break;
		}
		if ((st = store_event_open(s, &ev, sqlite3_column_blob(q, 8),
		                    (size_t)sqlite3_column_bytes(q, 8), &plain, &plen,
		                    err)))
			break;
		store_event_hash(hash, &ev, plain, plen, prev);
		if (memcmp(hash, sqlite3_column_blob(q, 10), STORE_HASH_BYTES) != 0) {
			store_wipe(plain, plen);
			free(plain);
			st = ds_fail(err, DS_EDAMAGED, where,
			             N_("its hash does not match its content (%s, written by %s on %s)"),
			             ev.kind, ev.author, when);
			break;
		}
		st = parse_body(&ev, plain, plen, &body, err);
		store_wipe(plain, plen);
		free(plain);
		if (st)
			break;
		note_key(signers, n_signers, &ev, body);
		json_decref(body);
		note_author(rep, ev.author);
		rep->events++;

		if (relayed) {
			/* no span to cover; a checkpoint here is its author's */
			snprintf(span_author, sizeof(span_author), "%s", ev.author);
		} else if (!uncovered) {
			first_uncovered = ev;
			uncovered = true;
			snprintf(span_author, sizeof(span_author), "%s", ev.author);
		} else if (strcmp(span_author, ev.author) != 0) {
			st = ds_fail(err, DS_EDAMAGED, where,
			             N_("written by %s but signed together with events by %s"),
			             ev.author, span_author);
			break;
		}
		while (ci < n_cps && cmp_checkpoint(&cps[ci], ev.device, ev.epoch,
		                                    ev.dseq) < 0) {
			st = ds_fail(err, DS_EDAMAGED, where,
			             N_("a checkpoint names an event that is not in the log"));
			goto loop_out;
		}
		if (ci < n_cps &&
		    cmp_checkpoint(&cps[ci], ev.device, ev.epoch, ev.dseq) == 0) {
			unsigned char msg[CHECKPOINT_MSG_LEN];
			signer_row *sg = NULL;
			for (size_t i = 0; i < n_signers; i++)
				if (signers[i].id == cps[ci].signer)
					sg = &signers[i];
			checkpoint_msg(msg, ev.device, ev.epoch, ev.dseq, hash);
			if (!sg || strcmp(sg->user, span_author) != 0) {
				st = ds_fail(err, DS_EDAMAGED, where,
				             N_("its checkpoint is signed by someone other than its author %s"),
				             span_author);
				break;
			}
			if (!sg->introduced) {
				st = ds_fail(err, DS_EDAMAGED, where,
				             N_("its checkpoint is signed with a key of %s that the log never recorded"),
				             sg->user);
				break;
			}
			if (crypto_sign_verify_detached(cps[ci].sig, msg, sizeof(msg),
			                                sg->pk) != 0) {
				st = ds_fail(err, DS_EDAMAGED, where,
				             N_("the signature of %s over the log up to here does not verify"),
				             sg->user);
				break;
			}
			rep->checkpoints++;
			ci++;
			uncovered = false;
		}
		memcpy(prev, hash, STORE_HASH_BYTES);
		last_dseq = ev.dseq;
	}
loop_out:
	if (!st && rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = store_sql_fail(s, err, rc);
	if (!st && uncovered && !relayed) {
		char where[48];
		event_where(where, sizeof(where), &first_uncovered);
		st = ds_fail(err, DS_EDAMAGED, where,
		             N_("no signed checkpoint covers it (%s, written by %s)"),
		             first_uncovered.kind, first_uncovered.author);
	}
	if (!st && ci < n_cps)
		st = ds_fail(err, DS_EDAMAGED, "checkpoint",
		             N_("a checkpoint names an event that is not in the log"));
out:
	sqlite3_finalize(q);
	free(signers);
	free(cps);
	return st;
}

static int cmp_digest(const void *a, const void *b)
{
	return strcmp(((const hh_digest *)a)->id, ((const hh_digest *)b)->id);
}

/* One digest per household row of the projection, opening every sealed
 * value; sorted by id. */
static ds_status projection_digests(ds_store *s, hh_digest **out, size_t *n,
                                    ds_error *err)
{
	sqlite3_stmt *q;
	hh_digest *list = NULL;
	size_t count = 0, cap = 0;
	ds_status st = DS_OK;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT " STORE_HH_COLUMNS " ORDER BY h.id", -1,
	                            &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(q, 0);
		const char *status = (const char *)sqlite3_column_text(q, 1);
		const char *due = (const char *)sqlite3_column_text(q, 2);
		char *plain = NULL;
		size_t plen;
		json_t *j = NULL;
		crypto_generichash_state h;
		hh_digest *d;
		if (count == cap) {
			hh_digest *nl;
			cap = cap ? cap * 2 : 256;
			nl = realloc(list, cap * sizeof(*list));
			if (!nl) {
				st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
				break;
			}
			list = nl;
		}
		d = &list[count++];
		snprintf(d->id, sizeof(d->id), "%s", id ? id : "");
		d->updated_seq = sqlite3_column_int64(q, 5);
		if ((st = store_household_json(s, q, &j, err)))
			break;
		plain = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		if (!plain) {
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			break;
		}
		plen = strlen(plain);
		crypto_generichash_init(&h, NULL, 0, STORE_HASH_BYTES);
		hash_field(&h, d->id, strlen(d->id));
		hash_field(&h, status ? status : "", status ? strlen(status) : 0);
		hash_field(&h, due ? due : "", due ? strlen(due) : 0);
		hash_field(&h, plain, plen);
		crypto_generichash_final(&h, d->digest, STORE_HASH_BYTES);
		store_wipe(plain, plen);
		free(plain);
	}
	if (!st && rc != SQLITE_DONE)
		st = store_sql_fail(s, err, rc);
	sqlite3_finalize(q);
	if (st) {
		free(list);
		return st;
	}
	if (count) /* no households: list is NULL, which qsort must not get */
		qsort(list, count, sizeof(*list), cmp_digest);
	*out = list;
	*n = count;
	return DS_OK;
}

typedef struct {
	unsigned char blind[STORE_BLIND_BYTES];
	bool bad; /* not STORE_BLIND_BYTES long: equal to no real entry */
	char household[STORE_ID_BUF];
} person_row;

static int cmp_person(const person_row *a, const person_row *b)
{
	int c = memcmp(a->blind, b->blind, STORE_BLIND_BYTES);
	if (!c)
		c = (int)a->bad - (int)b->bad;
	return c ? c : strcmp(a->household, b->household);
}

static int cmp_person_q(const void *a, const void *b)
{
	return cmp_person(a, b);
}

/* The blind index, sorted. */
static ds_status person_rows(ds_store *s, person_row **out, size_t *n,
                             ds_error *err)
{
	sqlite3_stmt *q;
	person_row *list = NULL;
	size_t count = 0, cap = 0;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT blind, household FROM person"
	                            " ORDER BY blind, household",
	                            -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		person_row *p;
		int bl = sqlite3_column_bytes(q, 0);
		const char *hh = (const char *)sqlite3_column_text(q, 1);
		if (count == cap) {
			person_row *nl;
			cap = cap ? cap * 2 : 1024;
			nl = realloc(list, cap * sizeof(*list));
			if (!nl) {
				free(list);
				sqlite3_finalize(q);
				return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			}
			list = nl;
		}
		p = &list[count++];
		memset(p, 0, sizeof(*p));
		if (bl > 0) /* an empty blob comes back as NULL */
			memcpy(p->blind, sqlite3_column_blob(q, 0),
			       bl < STORE_BLIND_BYTES ? (size_t)bl : STORE_BLIND_BYTES);
		p->bad = bl != STORE_BLIND_BYTES;
		snprintf(p->household, sizeof(p->household), "%s", hh ? hh : "");
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		free(list);
		return store_sql_fail(s, err, rc);
	}
	/* In the order cmp_person sees, which for damaged entries is not
	 * quite SQLite's. */
	if (count)
		qsort(list, count, sizeof(*list), cmp_person_q);
	*out = list;
	*n = count;
	return DS_OK;
}

/* The last event of household id, from either list of digests. */
static int64_t digest_seq(const hh_digest *a, size_t na, const hh_digest *b,
                          size_t nb, const char *id)
{
	hh_digest key;
	const hh_digest *d;
	snprintf(key.id, sizeof(key.id), "%s", id);
	if ((na && (d = bsearch(&key, a, na, sizeof(*a), cmp_digest))) ||
	    (nb && (d = bsearch(&key, b, nb, sizeof(*b), cmp_digest))))
		return d->updated_seq;
	return 0;
}

/* The projection must be exactly what replaying the log gives: compare
 * digests before and after a replay that is then rolled back. */
/* The other projection tables hold only plaintext pointers into the log
 * (ids, event numbers, dates): a digest of each, in a fixed order, is
 * compared before and after the replay. */
static const struct {
	const char *table;
	const char *sql;
} plain_tables[] = {
	{"policy", "SELECT version, effective, seq FROM policy ORDER BY version"},
	{"assessment",
	 "SELECT household, seq, date, warning, t_first, t_months FROM assessment"
	 " ORDER BY household"},
	/* its sealed data is opened on every read, so tampering is found there */
	{"casefile", "SELECT household, state, seq FROM casefile ORDER BY household"},
	{"crosscheck", "SELECT hex(hash), seq FROM crosscheck ORDER BY hash"},
	{"flag", "SELECT seq, household FROM flag ORDER BY seq"},
	{"conflict", "SELECT loser, winner, household, fields FROM conflict ORDER BY loser"},
	{"assignment", "SELECT household, user, seq FROM assignment ORDER BY household"},
	/* its sealed data is opened on every read, as the case files' */
	{"relief", "SELECT id, household, state, deadline, seq FROM relief ORDER BY id"},
	{"household_class", "SELECT household, seq, class, members, covered"
	 " FROM household_class ORDER BY household"},
};
#define N_PLAIN_TABLES (sizeof(plain_tables) / sizeof(plain_tables[0]))

static ds_status table_digest(ds_store *s, const char *sql,
                              unsigned char out[STORE_HASH_BYTES],
                              ds_error *err)
{
	crypto_generichash_state h;
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	crypto_generichash_init(&h, NULL, 0, STORE_HASH_BYTES);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		for (int c = 0; c < sqlite3_column_count(q); c++) {
			const unsigned char *v = sqlite3_column_text(q, c);
			hash_field(&h, v ? v : (const unsigned char *)"",
			           v ? (size_t)sqlite3_column_bytes(q, c) : 0);
		}
	sqlite3_finalize(q);
	crypto_generichash_final(&h, out, STORE_HASH_BYTES);
	return rc == SQLITE_DONE ? DS_OK : store_sql_fail(s, err, rc);
}

static ds_status verify_projection(ds_store *s, store_audit_report *rep,
                                   ds_error *err)
{
	hh_digest *have = NULL, *want = NULL;
	person_row *p_have = NULL, *p_want = NULL;
	size_t n_have = 0, n_want = 0, i = 0, j = 0, np_have = 0, np_want = 0;
	unsigned char t_have[N_PLAIN_TABLES][STORE_HASH_BYTES],
	        t_want[N_PLAIN_TABLES][STORE_HASH_BYTES];
	ds_status st;

	if ((st = store_begin(s, err)))
		return st;
	for (size_t t = 0; t < N_PLAIN_TABLES; t++)
		if ((st = table_digest(s, plain_tables[t].sql, t_have[t], err)))
			goto out;
	if ((st = projection_digests(s, &have, &n_have, err)) ||
	    (st = person_rows(s, &p_have, &np_have, err)) ||
	    (st = replay(s, err)) ||
	    (st = projection_digests(s, &want, &n_want, err)) ||
	    (st = person_rows(s, &p_want, &np_want, err)))
		goto out;
	for (size_t t = 0; t < N_PLAIN_TABLES; t++) {
		if ((st = table_digest(s, plain_tables[t].sql, t_want[t], err)))
			goto out;
		if (memcmp(t_have[t], t_want[t], STORE_HASH_BYTES) != 0) {
			st = ds_fail(err, DS_EDAMAGED, plain_tables[t].table,
			             N_("this table differs from what the log says; doorstep store rebuild restores it"));
			goto out;
		}
	}
	rep->households = (int64_t)n_have;
	while (i < n_have || j < n_want) {
		int c = i >= n_have   ? 1
		        : j >= n_want ? -1
		                      : strcmp(have[i].id, want[j].id);
		char where[64], seq[24];
		if (c == 0 && memcmp(have[i].digest, want[j].digest,
		                     STORE_HASH_BYTES) == 0) {
			i++;
			j++;
			continue;
		}
		if (c <= 0) {
			snprintf(where, sizeof(where), "household %s", have[i].id);
			snprintf(seq, sizeof(seq), "%lld", (long long)have[i].updated_seq);
			st = ds_fail(err, DS_EDAMAGED, where,
			             c == 0 ? N_("it differs from what its events say (last changed by event %s); doorstep store rebuild restores it")
			                    : N_("it is not in the log (claims event %s); doorstep store rebuild removes it"),
			             seq);
		} else {
			snprintf(where, sizeof(where), "household %s", want[j].id);
			snprintf(seq, sizeof(seq), "%lld", (long long)want[j].updated_seq);
			st = ds_fail(err, DS_EDAMAGED, where,
			             N_("it is missing from the case files though event %s records it; doorstep store rebuild restores it"),
			             seq);
		}
		break;
	}
	/* The blind index of ID numbers: a person pointed at another
	 * household, or missing (which would let them join a second one). */
	for (i = j = 0; !st && (i < np_have || j < np_want);) {
		int c = i >= np_have   ? 1
		        : j >= np_want ? -1
		                       : cmp_person(&p_have[i], &p_want[j]);
		const char *hh;
		char where[64], seq[24];
		if (c == 0) {
			i++;
			j++;
			continue;
		}
		/* Name the household the log says the person belongs to, or
		 * the one an entry the log never made points to. */
		if (c > 0 || (i < np_have && j < np_want &&
		              memcmp(p_have[i].blind, p_want[j].blind,
		                     STORE_BLIND_BYTES) == 0))
			hh = p_want[j].household;
		else
			hh = p_have[i].household;
		snprintf(where, sizeof(where), "household %s", hh);
		snprintf(seq, sizeof(seq), "%lld",
		         (long long)digest_seq(want, n_want, have, n_have, hh));
		st = ds_fail(err, DS_EDAMAGED, where,
		             N_("it differs from what its events say (last changed by event %s); doorstep store rebuild restores it"),
		             seq);
	}
out:
	store_rollback(s);
	free(have);
	free(want);
	free(p_have);
	free(p_want);
	return st;
}

ds_status store_audit_verify(ds_store *s, store_audit_report *rep,
                             ds_error *err)
{
	ds_status st;
	memset(rep, 0, sizeof(*rep));
	/* the schema, every setting and every row under its MAC; then the
	 * log, which names the event, and the case files against it, which
	 * name the household; last the tables as wholes, which find what no
	 * single row shows (a row deleted, or put back from an old copy) */
	if ((st = store_schema_check(s->db, STORE_SCHEMA_VERSION, s->dir, err)) ||
	    (st = store_meta_check(s, err)) || (st = store_auth_rows(s, err)))
		return st;
	if ((st = verify_chain(s, rep, err)) || (st = store_head_check(s, err)) ||
	    (st = verify_projection(s, rep, err)))
		return st;
	return store_auth_check(s, true, false, err);
}

/* ---- references to events across stores ---------------------------------- */

void store_event_ref(ds_store *s, int64_t seq, char out[64])
{
	sqlite3_stmt *q;
	out[0] = '\0';
	if (!seq || sqlite3_prepare_v2(s->db, "SELECT device, epoch, dseq FROM event"
	                                      " WHERE seq = ?", -1, &q, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(q, 1, seq);
	if (sqlite3_step(q) == SQLITE_ROW &&
	    sqlite3_column_bytes(q, 0) == STORE_DEVICE_BYTES) {
		char hex[2 * STORE_DEVICE_BYTES + 1];
		store_hex(hex, sqlite3_column_blob(q, 0), STORE_DEVICE_BYTES);
		snprintf(out, 64, "%s:%lld:%lld", hex,
		         (long long)sqlite3_column_int64(q, 1),
		         (long long)sqlite3_column_int64(q, 2));
	}
	sqlite3_finalize(q);
}

/* The local number of a reference; 0 when this log does not hold it. */
int64_t store_ref_seq(ds_store *s, const char *ref)
{
	unsigned char dev[STORE_DEVICE_BYTES];
	char hex[2 * STORE_DEVICE_BYTES + 1];
	long long epoch, dseq;
	sqlite3_stmt *q;
	int64_t seq = 0;
	if (!ref || sscanf(ref, "%32[0-9a-f]:%lld:%lld", hex, &epoch, &dseq) != 3 ||
	    !store_unhex(dev, sizeof(dev), hex) ||
	    sqlite3_prepare_v2(s->db, "SELECT seq FROM event WHERE device = ? AND"
	                              " epoch = ? AND dseq = ?", -1, &q, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_blob(q, 1, dev, sizeof(dev), SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, epoch);
	sqlite3_bind_int64(q, 3, dseq);
	if (sqlite3_step(q) == SQLITE_ROW)
		seq = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return seq;
}

