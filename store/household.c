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

const char *store_initial_status(bool receiving)
{
	return receiving ? "receiving" : "applying";
}

struct store_prepared {
	char *json; /* the stored form: canonical compact JSON */
	size_t len;
	bool receiving;
	size_t n_members;
	unsigned char (*blind)[STORE_BLIND_BYTES];
};

void store_prepared_free(store_prepared **pp)
{
	store_prepared *p;
	if (!pp || !*pp)
		return;
	p = *pp;
	if (p->json) {
		store_wipe(p->json, p->len);
		free(p->json);
	}
	free(p->blind);
	free(p);
	*pp = NULL;
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

/* The household a blind index points to; "" when none. */
static ds_status blind_lookup(ds_store *s,
                              const unsigned char blind[STORE_BLIND_BYTES],
                              char out[STORE_ID_BUF], ds_error *err)
{
	sqlite3_stmt *q = store_stmt(s, STMT_PERSON_GET);
	int rc;
	if (!q)
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	sqlite3_bind_blob(q, 1, blind, STORE_BLIND_BYTES, SQLITE_STATIC);
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

static ds_status person_taken(size_t i, const char *other, ds_error *err)
{
	char where[48];
	snprintf(where, sizeof(where), "members[%zu].id_number", i);
	return ds_fail(err, DS_EINPUT, where,
	               N_("this person already belongs to household %s"), other);
}

ds_status store_project_created(ds_store *s, const char *id, int64_t seq,
                                const char *status,
                                const unsigned char (*blind)[STORE_BLIND_BYTES],
                                size_t n_members, ds_error *err)
{
	sqlite3_stmt *q = store_stmt(s, STMT_HH_INSERT);
	int rc;
	if (!q)
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, 1);
	sqlite3_bind_int64(q, 5, seq);
	sqlite3_bind_int64(q, 6, seq);
	/* due (3) and data (7) stay NULL: the data is the event's body. */
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_sql_fail(s, err, rc);
	for (size_t i = 0; i < n_members; i++) {
		if (!(q = store_stmt(s, STMT_PERSON_INSERT)))
			return store_sql_fail(s, err, sqlite3_errcode(s->db));
		sqlite3_bind_blob(q, 1, blind[i], STORE_BLIND_BYTES, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, id, -1, SQLITE_STATIC);
		rc = sqlite3_step(q);
		sqlite3_reset(q);
		if ((rc & 0xff) == SQLITE_CONSTRAINT) {
			char other[STORE_ID_BUF];
			ds_status st = blind_lookup(s, blind[i], other, err);
			return st ? st : person_taken(i, other, err);
		}
		if (rc != SQLITE_DONE)
			return store_sql_fail(s, err, rc);
	}
	return DS_OK;
}

ds_status store_household_prepare(ds_store *s, const core_household *h,
                                  store_prepared **out, ds_error *err)
{
	store_prepared *p;
	json_t *j;
	ds_status st;

	*out = NULL;
	if ((st = core_household_validate(h, s->today, err)))
		return st;
	if (!(p = calloc(1, sizeof(*p))) ||
	    !(p->blind = calloc(h->n_members ? h->n_members : 1,
	                        sizeof(*p->blind)))) {
		free(p);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	p->n_members = h->n_members;
	p->receiving = h->receiving;
	for (size_t i = 0; i < h->n_members; i++) {
		char other[STORE_ID_BUF];
		store_blind(p->blind[i], h->members[i].id_number, BLIND_KEY(s));
		if ((st = blind_lookup(s, p->blind[i], other, err)))
			goto fail;
		if (other[0]) {
			st = person_taken(i, other, err);
			goto fail;
		}
	}
	j = store_household_to_json(h);
	p->json = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!p->json) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto fail;
	}
	p->len = strlen(p->json);
	*out = p;
	return DS_OK;
fail:
	store_prepared_free(&p);
	return st;
}

ds_status store_household_check(ds_store *s, const core_household *h,
                                ds_error *err)
{
	store_prepared *p = NULL;
	ds_status st = store_household_prepare(s, h, &p, err);
	store_prepared_free(&p);
	return st;
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

ds_status store_household_add_prepared(ds_store *s, const store_prepared *p,
                                       char id_out[STORE_ID_BUF],
                                       ds_error *err)
{
	static const char head[] = "{\"household\":";
	bool own_tx = !s->tx_depth;
	store_event ev;
	char *body = NULL;
	size_t blen = sizeof(head) - 1 + p->len + 1;
	ds_status st;

	if (own_tx && (st = store_begin(s, err)))
		return st;
	if ((st = new_id(s, id_out, err)))
		goto fail;
	/* The body is {"household": <stored form>}, built without a second
	 * round through JSON. */
	if (!(body = malloc(blen))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto fail;
	}
	memcpy(body, head, sizeof(head) - 1);
	memcpy(body + sizeof(head) - 1, p->json, p->len);
	body[blen - 1] = '}';
	if ((st = store_emit_text(s, "household.created", id_out, body, blen,
	                          &ev, err)) ||
	    (st = store_project_created(s, id_out, ev.seq,
	                                store_initial_status(p->receiving),
	                                (const unsigned char(*)[STORE_BLIND_BYTES])p->blind,
	                                p->n_members, err)))
		goto fail;
	store_wipe(body, blen);
	free(body);
	if (own_tx && (st = store_commit(s, err)))
		return st;
	return DS_OK;
fail:
	if (body) {
		store_wipe(body, blen);
		free(body);
	}
	if (own_tx)
		store_rollback(s);
	return st;
}

ds_status store_household_add(ds_store *s, const core_household *h,
                              char id_out[STORE_ID_BUF], ds_error *err)
{
	store_prepared *p = NULL;
	ds_status st = store_household_prepare(s, h, &p, err);
	if (!st)
		st = store_household_add_prepared(s, p, id_out, err);
	store_prepared_free(&p);
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

ds_status store_household_json(ds_store *s, sqlite3_stmt *q, int col,
                               const char *id, int64_t version,
                               int64_t updated_seq, json_t **out,
                               ds_error *err)
{
	unsigned char *plain = NULL;
	size_t plen = 0;
	char ad[128], where[64], seq[24];
	json_t *j = NULL;

	*out = NULL;
	if (sqlite3_column_type(q, col) != SQLITE_NULL) {
		snprintf(ad, sizeof(ad), "household|%s|data|%lld", id,
		         (long long)version);
		if (store_unseal(&plain, &plen, sqlite3_column_blob(q, col),
		                 (size_t)sqlite3_column_bytes(q, col), ad,
		                 SEAL_KEY(s)))
			goto damaged;
		j = json_loadb((const char *)plain, plen, 0, NULL);
	} else {
		/* No copy in the row: the body of the creating event, whose
		 * columns follow (device, epoch, dseq, body). */
		json_t *body;
		if (sqlite3_column_bytes(q, col + 1) != STORE_DEVICE_BYTES)
			goto damaged;
		store_event_ad(ad, sizeof(ad), sqlite3_column_blob(q, col + 1),
		               sqlite3_column_int64(q, col + 2),
		               sqlite3_column_int64(q, col + 3));
		if (store_unseal(&plain, &plen, sqlite3_column_blob(q, col + 4),
		                 (size_t)sqlite3_column_bytes(q, col + 4), ad,
		                 SEAL_KEY(s)) ||
		    plen < STORE_BODY_SALT)
			goto damaged;
		body = json_loadb((const char *)plain + STORE_BODY_SALT,
		                  plen - STORE_BODY_SALT, 0, NULL);
		j = json_incref(json_object_get(body, "household"));
		json_decref(body);
	}
	store_wipe(plain, plen);
	free(plain);
	if (!json_is_object(j)) {
		json_decref(j);
		snprintf(where, sizeof(where), "household %s", id);
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("its stored value is not readable"));
	}
	*out = j;
	return DS_OK;
damaged:
	if (plain) {
		store_wipe(plain, plen);
		free(plain);
	}
	snprintf(where, sizeof(where), "household %s", id);
	snprintf(seq, sizeof(seq), "%lld", (long long)updated_seq);
	return ds_fail(err, DS_EDAMAGED, where,
	               N_("its stored value is damaged or was altered (last changed by event %s); doorstep store rebuild restores it from the log"),
	               seq);
}

/* Fills row from a statement of STORE_HH_COLUMNS. */
static ds_status read_row(ds_store *s, sqlite3_stmt *q,
                          store_household_row *row, ds_error *err)
{
	const char *due = (const char *)sqlite3_column_text(q, 2);
	char where[64];
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
	if ((st = store_household_json(s, q, 6, row->id, row->version,
	                               row->updated_seq, &j, err)))
		return st;
	snprintf(where, sizeof(where), "household %s", row->id);
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
	        s->db, "SELECT " STORE_HH_COLUMNS " ORDER BY h.created_seq", -1,
	        &q, NULL);
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
	unsigned char blind[STORE_BLIND_BYTES];
	ds_status st;
	if ((st = core_idnum_parse(idnum, -1, norm, "ID_NUMBER", err)))
		return st;
	store_blind(blind, norm, BLIND_KEY(s));
	if ((st = blind_lookup(s, blind, id_out, err)))
		return st;
	if (!id_out[0])
		return ds_fail(err, DS_EINPUT, "ID_NUMBER",
		               N_("no household has a member with this ID number"));
	return DS_OK;
}
