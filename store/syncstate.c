/* syncstate.c — which bundles this store made and received (replica.h):
 * plain bookkeeping in sync_out and sync_in, so a bundle is never made
 * twice under one number and never taken twice. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "store/replica.h"

/* ---- out ---------------------------------------------------------------------- */

ds_status store_outbox_plan(ds_store *s, int64_t *number, int64_t *after,
                            unsigned char prev[STORE_HASH_BYTES],
                            ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*number = 1;
	*after = 0;
	memset(prev, 0, STORE_HASH_BYTES);
	if ((st = store_prep(s, "SELECT number, last, hash FROM sync_out WHERE epoch = ?"
	                  " ORDER BY number DESC LIMIT 1", &q, err)))
		return st;
	sqlite3_bind_int64(q, 1, s->epoch);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*number = sqlite3_column_int64(q, 0) + 1;
		*after = sqlite3_column_int64(q, 1);
		if (sqlite3_column_bytes(q, 2) == STORE_HASH_BYTES)
			memcpy(prev, sqlite3_column_blob(q, 2), STORE_HASH_BYTES);
	}
	return store_done(s, q, rc, err);
}

ds_status store_outbox_add(ds_store *s, const store_outgoing *o,
                           const unsigned char *bytes, size_t len,
                           ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	if ((st = store_prep(s, "INSERT INTO main.sync_out(epoch, number, first, last, hash,"
	                  " made, acked, refused, bundle, mac) VALUES (?1,?2,?3,?4,?5,?6,NULL,"
	                  " NULL, ?7, ds_mac('sync_out', ?1,?2,?3,?4,?5,?6,NULL,NULL))",
	               &q, err)))
		return st;
	sqlite3_bind_int64(q, 1, o->epoch);
	sqlite3_bind_int64(q, 2, o->number);
	sqlite3_bind_int64(q, 3, o->first);
	sqlite3_bind_int64(q, 4, o->last);
	sqlite3_bind_blob(q, 5, o->hash, STORE_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, (sqlite3_int64)store_now_ms());
	sqlite3_bind_blob64(q, 7, bytes, len, SQLITE_STATIC);
	return store_done(s, q, sqlite3_step(q), err);
}

/* The rows of sync_out a WHERE clause picks, in order: where they are in
 * the log, the hash and the county's reason for a refusal. */
static ds_status outbox_list(ds_store *s, const char *where, store_outgoing **list,
                             size_t *n, ds_error *err)
{
	char sql[256];
	sqlite3_stmt *q;
	store_outgoing *l = NULL;
	ds_status st;
	int rc;
	*list = NULL;
	*n = 0;
	snprintf(sql, sizeof(sql), "SELECT epoch, number, first, last, hash, refused"
	         " FROM sync_out WHERE %s ORDER BY epoch, number", where);
	if ((st = store_prep(s, sql, &q, err)))
		return st;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_outgoing *nl = realloc(l, (*n + 1) * sizeof(*l));
		if (!nl) {
			free(l);
			sqlite3_finalize(q);
			*n = 0;
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
		l = nl;
		memset(&l[*n], 0, sizeof(l[*n]));
		l[*n].epoch = sqlite3_column_int64(q, 0);
		l[*n].number = sqlite3_column_int64(q, 1);
		l[*n].first = sqlite3_column_int64(q, 2);
		l[*n].last = sqlite3_column_int64(q, 3);
		if (sqlite3_column_bytes(q, 4) == STORE_HASH_BYTES)
			memcpy(l[*n].hash, sqlite3_column_blob(q, 4), STORE_HASH_BYTES);
		if (sqlite3_column_type(q, 5) != SQLITE_NULL)
			snprintf(l[*n].refused, sizeof(l[*n].refused), "%s",
			         (const char *)sqlite3_column_text(q, 5));
		(*n)++;
	}
	if ((st = store_done(s, q, rc, err))) {
		free(l);
		*n = 0;
		return st;
	}
	*list = l;
	return DS_OK;
}

ds_status store_outbox_pending(ds_store *s, store_outgoing **list, size_t *n,
                               ds_error *err)
{
	return outbox_list(s, "acked IS NULL AND refused IS NULL", list, n, err);
}

ds_status store_outbox_bytes(ds_store *s, int64_t epoch, int64_t number,
                             unsigned char **bytes, size_t *len, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*bytes = NULL;
	*len = 0;
	if ((st = store_prep(s, "SELECT bundle, hash FROM sync_out WHERE epoch = ? AND number = ?",
	               &q, err)))
		return st;
	sqlite3_bind_int64(q, 1, epoch);
	sqlite3_bind_int64(q, 2, number);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL) {
		st = store_blob_checked(q, 0, 1, "sync_out", bytes, len, err);
		sqlite3_finalize(q);
		return st;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sql_fail(s, err, rc);
	return ds_fail(err, DS_EINPUT, "bundle",
	               N_("that bundle is not kept here (already acknowledged, or never made)"));
}

ds_status store_outbox_ack(ds_store *s, int64_t epoch, int64_t number,
                           const unsigned char hash[STORE_HASH_BYTES],
                           ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	bool match = false;
	if ((st = store_prep(s, "SELECT hash FROM sync_out WHERE epoch = ? AND number = ?",
	               &q, err)))
		return st;
	sqlite3_bind_int64(q, 1, epoch);
	sqlite3_bind_int64(q, 2, number);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(q, 0) == STORE_HASH_BYTES)
		match = sodium_memcmp(sqlite3_column_blob(q, 0), hash,
		                      STORE_HASH_BYTES) == 0;
	if ((st = store_done(s, q, rc, err)))
		return st;
	if (!match)
		return ds_fail(err, DS_EDAMAGED, "receipt",
		               N_("the receipt names a bundle this device did not send"));
	if ((st = store_prep(s, "UPDATE main.sync_out SET acked = ?1, bundle = NULL,"
	                  " mac = ds_mac('sync_out', epoch, number, first, last, hash, made,"
	                  " ?1, refused) WHERE epoch = ?2 AND number = ?3 AND acked IS NULL",
	               &q, err)))
		return st;
	sqlite3_bind_int64(q, 1, (sqlite3_int64)store_now_ms());
	sqlite3_bind_int64(q, 2, epoch);
	sqlite3_bind_int64(q, 3, number);
	return store_done(s, q, sqlite3_step(q), err);
}

ds_status store_outbox_retire(ds_store *s, int64_t epoch, int64_t number,
                              const unsigned char hash[STORE_HASH_BYTES],
                              const char *reason, bool any_epoch, bool *retired,
                              ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	*retired = false;
	if (epoch >= s->epoch && !any_epoch)
		return DS_OK;
	if ((st = store_prep(s, "UPDATE main.sync_out SET refused = ?1,"
	                        " mac = ds_mac('sync_out', epoch, number, first, last, hash,"
	                        " made, acked, ?1) WHERE epoch = ?2"
	                        " AND number = ?3 AND hash = ?4 AND acked IS NULL"
	                        " AND refused IS NULL", &q, err)))
		return st;
	sqlite3_bind_text(q, 1, reason && *reason ? reason : "refused", -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, epoch);
	sqlite3_bind_int64(q, 3, number);
	sqlite3_bind_blob(q, 4, hash, STORE_HASH_BYTES, SQLITE_STATIC);
	if ((st = store_done(s, q, sqlite3_step(q), err)))
		return st;
	*retired = sqlite3_changes(s->db) > 0;
	return DS_OK;
}

ds_status store_outbox_refusals(ds_store *s, store_outgoing **list, size_t *n,
                                ds_error *err)
{
	return outbox_list(s, "refused IS NOT NULL", list, n, err);
}

ds_status store_outbox_retired(ds_store *s, bool this_epoch, int64_t *bundles,
                               int64_t *events, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*bundles = *events = 0;
	if ((st = store_prep(s, "SELECT count(*), coalesce(sum(last - first + 1), 0)"
	                        " FROM sync_out WHERE refused IS NOT NULL"
	                        " AND (?1 = 0 OR epoch >= ?2)", &q, err)))
		return st;
	sqlite3_bind_int(q, 1, this_epoch);
	sqlite3_bind_int64(q, 2, s->epoch);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		*bundles = sqlite3_column_int64(q, 0);
		*events = sqlite3_column_int64(q, 1);
	}
	return store_done(s, q, rc, err);
}

ds_status store_outbox_counts(ds_store *s, int64_t *unsent_events,
                              int64_t *last_ack_ms, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	int64_t acked_upto = 0;
	*unsent_events = 0;
	*last_ack_ms = 0;
	if ((st = store_prep(s, "SELECT coalesce(max(last), 0), coalesce(max(acked), 0)"
	                  " FROM sync_out WHERE epoch = ? AND acked IS NOT NULL",
	               &q, err)))
		return st;
	sqlite3_bind_int64(q, 1, s->epoch);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		acked_upto = sqlite3_column_int64(q, 0);
		*last_ack_ms = sqlite3_column_int64(q, 1);
	}
	if ((st = store_done(s, q, rc, err)))
		return st;
	*unsent_events = s->dseq > acked_upto ? s->dseq - acked_upto : 0;
	return DS_OK;
}

/* ---- in ------------------------------------------------------------------------ */

static void row_in(sqlite3_stmt *q, store_incoming *in)
{
	memset(in, 0, sizeof(*in));
	in->number = sqlite3_column_int64(q, 0);
	in->first = sqlite3_column_int64(q, 1);
	in->last = sqlite3_column_int64(q, 2);
	if (sqlite3_column_bytes(q, 3) == STORE_HASH_BYTES)
		memcpy(in->hash, sqlite3_column_blob(q, 3), STORE_HASH_BYTES);
	if (sqlite3_column_type(q, 4) != SQLITE_NULL)
		snprintf(in->refused, sizeof(in->refused), "%s",
		         (const char *)sqlite3_column_text(q, 4));
}

ds_status store_inbox_get(ds_store *s, const unsigned char *sender,
                          int64_t epoch, int64_t number, store_incoming *in,
                          bool *found, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*found = false;
	if ((st = store_prep(s, "SELECT number, first, last, hash, refused FROM sync_in WHERE"
	                  " sender = ? AND epoch = ? AND number = ?", &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, sender, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, epoch);
	sqlite3_bind_int64(q, 3, number);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		row_in(q, in);
		*found = true;
	}
	return store_done(s, q, rc, err);
}

ds_status store_inbox_last(ds_store *s, const unsigned char *sender,
                           int64_t epoch, store_incoming *in, bool *found,
                           ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*found = false;
	if ((st = store_prep(s, "SELECT number, first, last, hash, refused FROM sync_in WHERE"
	                  " sender = ? AND epoch = ? ORDER BY number DESC LIMIT 1",
	               &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, sender, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, epoch);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		row_in(q, in);
		*found = true;
	}
	return store_done(s, q, rc, err);
}

ds_status store_inbox_max_epoch(ds_store *s, const unsigned char *sender,
                                int64_t *epoch, bool *found, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*found = false;
	*epoch = 0;
	if ((st = store_prep(s, "SELECT max(epoch) FROM sync_in WHERE sender = ?", &q,
	               err)))
		return st;
	sqlite3_bind_blob(q, 1, sender, STORE_DEVICE_BYTES, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW &&
	    sqlite3_column_type(q, 0) != SQLITE_NULL) {
		*epoch = sqlite3_column_int64(q, 0);
		*found = true;
	}
	return store_done(s, q, rc, err);
}

ds_status store_inbox_top(ds_store *s, int64_t *number, ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	*number = 0;
	if ((st = store_prep(s, "SELECT number FROM sync_in ORDER BY epoch DESC,"
	                  " number DESC LIMIT 1", &q, err)))
		return st;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*number = sqlite3_column_int64(q, 0);
	return store_done(s, q, rc, err);
}

ds_status store_inbox_add(ds_store *s, const unsigned char *sender,
                          int64_t epoch, const store_incoming *in,
                          ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st;
	if ((st = store_prep(s, "INSERT INTO main.sync_in(sender, epoch, number, hash, first,"
	                  " last, received, refused, mac) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,"
	                  " ds_mac('sync_in', ?1,?2,?3,?4,?5,?6,?7,?8))", &q, err)))
		return st;
	if (in->refused[0])
		sqlite3_bind_text(q, 8, in->refused, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(q, 1, sender, STORE_DEVICE_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, epoch);
	sqlite3_bind_int64(q, 3, in->number);
	sqlite3_bind_blob(q, 4, in->hash, STORE_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, in->first);
	sqlite3_bind_int64(q, 6, in->last);
	sqlite3_bind_int64(q, 7, (sqlite3_int64)store_now_ms());
	return store_done(s, q, sqlite3_step(q), err);
}

/* ---- the county this device reports to ----------------------------------------- */

/* Enrolment is an event of this device's log (device.enrolled, entity
 * "county"), signed with its user's key at commit like every other: the
 * county a bundle is sealed to, and whose receipts are believed, is one
 * the log introduced, never a row someone wrote into the file. */
#define ENROLLED_KIND "device.enrolled"
#define ENROLLED_ENTITY "county"

ds_status store_county_set(ds_store *s, const store_county_pub *pub,
                           const char *server, ds_error *err)
{
	char box[2 * STORE_BOX_PK_BYTES + 1], sign[2 * STORE_SIGN_PK_BYTES + 1];
	char prev[512] = "";
	json_t *body;
	ds_status st;
	bool own_tx = !store_in_transaction(s);
	store_hex(box, pub->box_pk, STORE_BOX_PK_BYTES);
	store_hex(sign, pub->sign_pk, STORE_SIGN_PK_BYTES);
	body = json_pack("{s:s, s:s, s:s}", "key_id", pub->key_id, "box_pk", box,
	                 "sign_pk", sign);
	if (!body)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	if (own_tx && (st = store_begin(s, err))) {
		json_decref(body);
		return st;
	}
	if (!server) {
		/* no address given: the one enrolled before stays */
		store_county_pub old;
		bool found;
		if (!(st = store_county_get(s, &old, prev, sizeof(prev), &found, err)) &&
		    found && prev[0])
			server = prev;
	}
	if (!st && server && *server)
		json_object_set_new(body, "server", json_string(server));
	if (st) {
		json_decref(body);
		if (own_tx)
			store_rollback(s);
		return st;
	}
	st = store_emit(s, ENROLLED_KIND, ENROLLED_ENTITY, body, NULL, err);
	json_decref(body);
	if (own_tx && !st)
		st = store_commit(s, err);
	if (own_tx && st)
		store_rollback(s);
	return st;
}

ds_status store_county_get(ds_store *s, store_county_pub *pub, char *server,
                           size_t len, bool *found, ds_error *err)
{
	sqlite3_stmt *q;
	json_t *body = NULL;
	const char *box, *sign, *srv;
	unsigned char both[STORE_BOX_PK_BYTES + STORE_SIGN_PK_BYTES], id[8];
	int64_t seq = 0;
	ds_status st;
	int rc;
	*found = false;
	memset(pub, 0, sizeof(*pub));
	if (server && len)
		server[0] = '\0';
	/* this device's latest, by its own order (which the events' hashes
	 * and signatures bind, unlike their place in the table) */
	if ((st = store_prep(s, "SELECT seq FROM event WHERE entity = '" ENROLLED_ENTITY "'"
	                        " AND kind = '" ENROLLED_KIND "' AND device = ?"
	                        " ORDER BY epoch DESC, dseq DESC LIMIT 1", &q, err)))
		return st;
	sqlite3_bind_blob(q, 1, s->device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		seq = sqlite3_column_int64(q, 0);
	if ((st = store_done(s, q, rc, err)) || !seq)
		return st;
	if ((st = store_event_body(s, seq, &body, err)))
		return st;
	box = json_string_value(json_object_get(body, "box_pk"));
	sign = json_string_value(json_object_get(body, "sign_pk"));
	srv = json_string_value(json_object_get(body, "server"));
	if (!box || !sign || !store_unhex(pub->box_pk, STORE_BOX_PK_BYTES, box) ||
	    !store_unhex(pub->sign_pk, STORE_SIGN_PK_BYTES, sign)) {
		char where[48];
		json_decref(body);
		snprintf(where, sizeof(where), "event %lld", (long long)seq);
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("its content does not fit its kind (%s)"), ENROLLED_KIND);
	}
	memcpy(both, pub->box_pk, STORE_BOX_PK_BYTES);
	memcpy(both + STORE_BOX_PK_BYTES, pub->sign_pk, STORE_SIGN_PK_BYTES);
	crypto_generichash(id, sizeof(id), both, sizeof(both), NULL, 0);
	store_hex(pub->key_id, id, sizeof(id));
	if (server && srv && strlen(srv) < len)
		snprintf(server, len, "%s", srv);
	json_decref(body);
	*found = true;
	return DS_OK;
}

ds_status store_county_upgrade(ds_store *s, ds_error *err)
{
	unsigned char both[STORE_BOX_PK_BYTES + STORE_SIGN_PK_BYTES], id[8];
	char server[512];
	size_t n, sn = 0;
	bool found, have_server;
	store_county_pub pub;
	ds_status st;
	if ((st = store_meta_get(s, "county", both, sizeof(both), &n, &found, err)))
		return st;
	if (!found)
		return DS_OK;
	if ((st = store_meta_get(s, "server", server, sizeof(server) - 1, &sn,
	                         &have_server, err)))
		return st;
	server[have_server ? sn : 0] = '\0';
	if (n != sizeof(both))
		return ds_fail(err, DS_EDAMAGED, "meta county",
		               N_("a setting of the store is malformed"));
	memcpy(pub.box_pk, both, STORE_BOX_PK_BYTES);
	memcpy(pub.sign_pk, both + STORE_BOX_PK_BYTES, STORE_SIGN_PK_BYTES);
	crypto_generichash(id, sizeof(id), both, sizeof(both), NULL, 0);
	store_hex(pub.key_id, id, sizeof(id));
	if ((st = store_begin(s, err)))
		return st;
	if ((st = store_county_set(s, &pub, server, err)) ||
	    (st = store_exec(s, "DELETE FROM main.meta WHERE k IN ('county', 'server')", err)) ||
	    (st = store_commit(s, err))) {
		store_rollback(s);
		return st;
	}
	return DS_OK;
}
