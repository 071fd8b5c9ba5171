/* household.c — households in the projection: sealed rows, the blind index
 * of ID numbers, look-ups and the walk over the caseload. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

static const char id_alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

void store_row_free(store_household_row *row)
{
	if (row)
		core_household_free(&row->h);
}

const char *store_initial_status(const core_household *h)
{
	return h->receiving ? "receiving" : "applying";
}

static void household_ad(char *buf, size_t len, const char *id,
                         int64_t version)
{
	snprintf(buf, len, "household|%s|data|%lld", id, (long long)version);
}

ds_status store_household_write(ds_store *s, const char *id,
                                const core_household *h, const char *status,
                                const char *due, int64_t version,
                                int64_t created_seq, int64_t updated_seq,
                                bool insert, ds_error *err)
{
	json_t *j = store_household_to_json(h);
	char *text = NULL, ad[96];
	unsigned char *sealed = NULL;
	size_t slen = 0, tlen = 0;
	sqlite3_stmt *q;
	ds_status st;
	int rc;

	if (!j || !(text = json_dumps(j, JSON_COMPACT))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	tlen = strlen(text);
	household_ad(ad, sizeof(ad), id, version);
	if (store_seal(&sealed, &slen, text, tlen, ad, SEAL_KEY(s))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	if (!(q = store_stmt(s, insert ? STMT_HH_INSERT : STMT_HH_UPDATE))) {
		st = store_sql_fail(s, err, sqlite3_errcode(s->db));
		goto out;
	}
	if (insert) {
		sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, status, -1, SQLITE_STATIC);
		if (due && *due)
			sqlite3_bind_text(q, 3, due, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 4, version);
		sqlite3_bind_int64(q, 5, created_seq);
		sqlite3_bind_int64(q, 6, updated_seq);
		sqlite3_bind_blob(q, 7, sealed, (int)slen, SQLITE_STATIC);
	} else {
		sqlite3_bind_text(q, 1, status, -1, SQLITE_STATIC);
		if (due && *due)
			sqlite3_bind_text(q, 2, due, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 3, version);
		sqlite3_bind_int64(q, 4, updated_seq);
		sqlite3_bind_blob(q, 5, sealed, (int)slen, SQLITE_STATIC);
		sqlite3_bind_text(q, 6, id, -1, SQLITE_STATIC);
	}
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	st = rc == SQLITE_DONE ? DS_OK : store_sql_fail(s, err, rc);
out:
	if (text) {
		store_wipe(text, tlen);
		free(text);
	}
	free(sealed);
	json_decref(j);
	return st;
}

ds_status store_person_link(ds_store *s, const char *idnum, const char *hh,
                            ds_error *err)
{
	unsigned char blind[STORE_BLIND_BYTES];
	sqlite3_stmt *q = store_stmt(s, STMT_PERSON_INSERT);
	int rc;
	if (!q)
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	store_blind(blind, idnum, BLIND_KEY(s));
	sqlite3_bind_blob(q, 1, blind, sizeof(blind), SQLITE_STATIC);
	sqlite3_bind_text(q, 2, hh, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return ds_fail(err, DS_EDAMAGED, hh,
		               N_("a member is already in another household"));
	return rc == SQLITE_DONE ? DS_OK : store_sql_fail(s, err, rc);
}

/* The household a blind index points to; "" when none. */
static ds_status person_lookup(ds_store *s, const char *idnum,
                               char out[STORE_ID_BUF], ds_error *err)
{
	unsigned char blind[STORE_BLIND_BYTES];
	sqlite3_stmt *q = store_stmt(s, STMT_PERSON_GET);
	int rc;
	if (!q)
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	store_blind(blind, idnum, BLIND_KEY(s));
	sqlite3_bind_blob(q, 1, blind, sizeof(blind), SQLITE_STATIC);
	rc = sqlite3_step(q);
	out[0] = '\0';
	if (rc == SQLITE_ROW)
		snprintf(out, STORE_ID_BUF, "%s",
		         (const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sql_fail(s, err, rc);
	return DS_OK;
}

ds_status store_household_check(ds_store *s, const core_household *h,
                                ds_error *err)
{
	ds_status st;
	if ((st = core_household_validate(h, s->today, err)))
		return st;
	for (size_t i = 0; i < h->n_members; i++) {
		char other[STORE_ID_BUF], where[48];
		if ((st = person_lookup(s, h->members[i].id_number, other, err)))
			return st;
		if (other[0]) {
			snprintf(where, sizeof(where), "members[%zu].id_number", i);
			return ds_fail(err, DS_EINPUT, where,
			               N_("this person already belongs to household %s"),
			               other);
		}
	}
	return DS_OK;
}

static ds_status new_id(ds_store *s, char out[STORE_ID_BUF], ds_error *err)
{
	for (int tries = 0; tries < 16; tries++) {
		unsigned char r[STORE_ID_LEN];
		sqlite3_stmt *q;
		int rc;
		store_random(r, sizeof(r));
		for (int i = 0; i < STORE_ID_LEN; i++)
			out[i] = id_alphabet[r[i] & 31];
		out[STORE_ID_LEN] = '\0';
		if (!(q = store_stmt(s, STMT_HH_EXISTS)))
			return store_sql_fail(s, err, sqlite3_errcode(s->db));
		sqlite3_bind_text(q, 1, out, -1, SQLITE_STATIC);
		rc = sqlite3_step(q);
		sqlite3_reset(q);
		if (rc == SQLITE_DONE)
			return DS_OK;
		if (rc != SQLITE_ROW)
			return store_sql_fail(s, err, rc);
	}
	return ds_fail(err, DS_ESYSTEM, "", N_("could not find a free household id"));
}

ds_status store_household_add(ds_store *s, const core_household *h,
                              char id_out[STORE_ID_BUF], ds_error *err)
{
	bool own_tx = !s->tx_depth;
	json_t *body = NULL, *hj;
	ds_status st;

	if (own_tx && (st = store_begin(s, err)))
		return st;
	if ((st = store_household_check(s, h, err)) || (st = new_id(s, id_out, err)))
		goto fail;
	if (!(hj = store_household_to_json(h)) ||
	    !(body = json_pack("{s:o}", "household", hj))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto fail;
	}
	if ((st = store_emit(s, "household.created", id_out, body, NULL, err)))
		goto fail;
	json_decref(body);
	body = NULL;
	if (own_tx && (st = store_commit(s, err)))
		return st;
	return DS_OK;
fail:
	json_decref(body);
	if (own_tx)
		store_rollback(s);
	return st;
}

ds_status store_household_resolve(ds_store *s, const char *in,
                                  char out[STORE_ID_BUF], ds_error *err)
{
	char prefix[STORE_ID_BUF], upper[STORE_ID_BUF + 1];
	size_t n = in ? strlen(in) : 0;
	sqlite3_stmt *q;
	int rc, found = 0;

	if (n < STORE_ID_MIN_PREFIX || n > STORE_ID_LEN)
		return ds_fail(err, DS_EINPUT, "ID",
		               N_("a household id has 12 characters (the first 4 are enough when no other starts the same)"));
	for (size_t i = 0; i < n; i++) {
		char c = in[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!strchr(id_alphabet, c) || !c)
			return ds_fail(err, DS_EINPUT, "ID",
			               N_("%s is not a household id"), in);
		prefix[i] = c;
	}
	prefix[n] = '\0';
	snprintf(upper, sizeof(upper), "%s~", prefix);
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT id FROM household WHERE id >= ? AND id < ?"
	                        " ORDER BY id LIMIT 2",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_text(q, 1, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, upper, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (found++ == 0)
			snprintf(out, STORE_ID_BUF, "%s",
			         (const char *)sqlite3_column_text(q, 0));
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_sql_fail(s, err, rc);
	if (!found)
		return ds_fail(err, DS_EINPUT, "ID", N_("there is no household %s"),
		               in);
	if (found > 1)
		return ds_fail(err, DS_EINPUT, "ID",
		               N_("more than one household id starts with %s; give more characters"),
		               in);
	return DS_OK;
}

/* Fills row from a statement whose columns are id, status, due, version,
 * created_seq, updated_seq, data. */
static ds_status read_row(ds_store *s, sqlite3_stmt *q,
                          store_household_row *row, ds_error *err)
{
	const char *due = (const char *)sqlite3_column_text(q, 2);
	unsigned char *plain = NULL;
	size_t plen = 0;
	char ad[96], where[64];
	json_t *j;
	ds_status st;

	memset(row, 0, sizeof(*row));
	snprintf(row->id, sizeof(row->id), "%s",
	         (const char *)sqlite3_column_text(q, 0));
	snprintf(row->status, sizeof(row->status), "%s",
	         (const char *)sqlite3_column_text(q, 1));
	snprintf(row->due, sizeof(row->due), "%s", due ? due : "");
	row->version = sqlite3_column_int64(q, 3);
	row->created_seq = sqlite3_column_int64(q, 4);
	row->updated_seq = sqlite3_column_int64(q, 5);
	household_ad(ad, sizeof(ad), row->id, row->version);
	snprintf(where, sizeof(where), "household %s", row->id);
	if (store_unseal(&plain, &plen, sqlite3_column_blob(q, 6),
	                 (size_t)sqlite3_column_bytes(q, 6), ad, SEAL_KEY(s))) {
		char seq[24];
		snprintf(seq, sizeof(seq), "%lld", (long long)row->updated_seq);
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("its stored value is damaged or was altered (last changed by event %s); doorstep store rebuild restores it from the log"),
		               seq);
	}
	j = json_loadb((const char *)plain, plen, 0, NULL);
	store_wipe(plain, plen);
	free(plain);
	if (!j)
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("its stored value is not readable"));
	st = store_household_from_json(j, &row->h, err);
	json_decref(j);
	if (st)
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("its stored value is not readable"));
	return DS_OK;
}

ds_status store_household_get(ds_store *s, const char *id,
                              store_household_row *row, ds_error *err)
{
	sqlite3_stmt *q = store_stmt(s, STMT_HH_GET);
	ds_status st;
	int rc;
	if (!q)
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		st = read_row(s, q, row, err);
	else if (rc == SQLITE_DONE)
		st = ds_fail(err, DS_EINPUT, "ID", N_("there is no household %s"), id);
	else
		st = store_sql_fail(s, err, rc);
	sqlite3_reset(q);
	return st;
}

ds_status store_household_each(ds_store *s, store_household_cb cb, void *ctx,
                               ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st = DS_OK;
	int rc = sqlite3_prepare_v2(
	        s->db,
	        "SELECT id, status, due, version, created_seq, updated_seq, data"
	        " FROM household ORDER BY created_seq",
	        -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_household_row row;
		st = read_row(s, q, &row, err);
		if (!st)
			st = cb(&row, ctx);
		store_row_free(&row);
		if (st)
			break;
	}
	if (!st && rc != SQLITE_DONE)
		st = store_sql_fail(s, err, rc);
	sqlite3_finalize(q);
	return st;
}

ds_status store_household_count(ds_store *s, int64_t *n, ds_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(s->db, "SELECT count(*) FROM household", -1,
	                            &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	rc = sqlite3_step(q);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? DS_OK : store_sql_fail(s, err, rc);
}

ds_status store_person_find(ds_store *s, const char *idnum,
                            char id_out[STORE_ID_BUF], ds_error *err)
{
	char norm[CORE_IDNUM_BUF];
	ds_status st;
	if ((st = core_idnum_parse(idnum, -1, norm, "ID_NUMBER", err)) ||
	    (st = person_lookup(s, norm, id_out, err)))
		return st;
	if (!id_out[0])
		return ds_fail(err, DS_EINPUT, "ID_NUMBER",
		               N_("no household has a member with this ID number"));
	return DS_OK;
}
