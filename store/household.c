/* household.c — households in the projection: sealed rows, the blind index
 * of ID numbers, look-ups and the walk over the caseload. */
#include <pthread.h>
#include <sched.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/ladder.h"
#include "store/internal.h"
#include "store/summary.h"

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

const core_household *store_prepared_household(const store_prepared *p)
{
	return &p->h;
}

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
	core_household_free(&p->h);
	store_wipe(&p->h, sizeof(p->h));
	free(p);
	*pp = NULL;
}

static void household_ad(char *buf, size_t len, const char *id,
                         int64_t version)
{
	snprintf(buf, len, "household|%s|data|%lld", id, (long long)version);
}

static void mac_field(crypto_generichash_state *h, const void *p, size_t len)
{
	unsigned char n[4] = {(unsigned char)(len >> 24), (unsigned char)(len >> 16),
	                      (unsigned char)(len >> 8), (unsigned char)len};
	crypto_generichash_update(h, n, 4);
	if (len)
		crypto_generichash_update(h, p, len);
}

/* Keyed BLAKE2b over every column of a household row. */
static void row_mac(ds_store *s, unsigned char out[STORE_MAC_BYTES],
                    const store_hh_meta *m, const void *data, size_t dlen)
{
	crypto_generichash_state h;
	char nums[80];
	const char *due = m->due ? m->due : "";
	int n = snprintf(nums, sizeof(nums), "%lld|%lld|%lld",
	                 (long long)m->version, (long long)m->created_seq,
	                 (long long)m->updated_seq);
	crypto_generichash_init(&h, ROWMAC_KEY(s), STORE_KEY_BYTES,
	                        STORE_MAC_BYTES);
	mac_field(&h, m->id, strlen(m->id));
	mac_field(&h, m->status, strlen(m->status));
	mac_field(&h, due, strlen(due));
	mac_field(&h, nums, (size_t)n);
	mac_field(&h, data, data ? dlen : 0);
	crypto_generichash_update(&h, (const unsigned char *)(data ? "D" : "E"), 1);
	crypto_generichash_final(&h, out, STORE_MAC_BYTES);
}

ds_status store_household_put(ds_store *s, const store_hh_meta *m,
                              const core_household *h, bool insert,
                              ds_error *err)
{
	char *text = NULL, ad[96];
	unsigned char *sealed = NULL, mac[STORE_MAC_BYTES];
	size_t slen = 0, tlen = 0;
	sqlite3_stmt *q;
	ds_status st;
	int rc;

	if (h) {
		if ((st = store_household_canonical(h, &text, &tlen, err)))
			goto out;
		household_ad(ad, sizeof(ad), m->id, m->version);
		if (store_seal(&sealed, &slen, text, tlen, ad, SEAL_KEY(s))) {
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			goto out;
		}
	}
	row_mac(s, mac, m, sealed, slen);
	if (!(q = store_stmt(s, insert ? STMT_HH_INSERT : STMT_HH_UPDATE))) {
		st = store_sql_fail(s, err, sqlite3_errcode(s->db));
		goto out;
	}
	sqlite3_bind_text(q, 1, m->status, -1, SQLITE_STATIC);
	if (m->due && *m->due)
		sqlite3_bind_text(q, 2, m->due, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, m->version);
	sqlite3_bind_int64(q, 4, m->created_seq);
	sqlite3_bind_int64(q, 5, m->updated_seq);
	if (sealed)
		sqlite3_bind_blob(q, 6, sealed, (int)slen, SQLITE_STATIC);
	sqlite3_bind_blob(q, 7, mac, sizeof(mac), SQLITE_STATIC);
	sqlite3_bind_text(q, 8, m->id, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		st = store_sql_fail(s, err, rc);
	else if (!insert && sqlite3_changes(s->db) != 1)
		st = ds_fail(err, DS_EINPUT, "ID", N_("there is no household %s"),
		             m->id);
	else
		st = DS_OK;
out:
	if (text) {
		store_wipe(text, tlen);
		free(text);
	}
	free(sealed);
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

ds_status store_blind_lookup(ds_store *s,
                             const unsigned char blind[STORE_BLIND_BYTES],
                             char out[STORE_ID_BUF], ds_error *err)
{
	return blind_lookup(s, blind, out, err);
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
                                size_t n_members, const core_household *h,
                                ds_error *err)
{
	return store_project_created_mac(s, id, seq, status, blind, NULL,
	                                 n_members, h, err);
}

ds_status store_project_created_mac(ds_store *s, const char *id, int64_t seq,
                                    const char *status,
                                    const unsigned char (*blind)[STORE_BLIND_BYTES],
                                    const unsigned char (*mac)[STORE_MAC_BYTES],
                                    size_t n_members, const core_household *h,
                                    ds_error *err)
{
	store_hh_meta m = {id, status, NULL, 1, seq, seq};
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	if ((st = store_household_put(s, &m, NULL, true, err)))
		return st;
	for (size_t i = 0; i < n_members; i++) {
		if (!(q = store_stmt(s, mac ? STMT_PERSON_INSERT_MAC : STMT_PERSON_INSERT)))
			return store_sql_fail(s, err, sqlite3_errcode(s->db));
		sqlite3_bind_blob(q, 1, blind[i], STORE_BLIND_BYTES, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, id, -1, SQLITE_STATIC);
		if (mac)
			sqlite3_bind_blob(q, 3, mac[i], STORE_MAC_BYTES, SQLITE_STATIC);
		rc = sqlite3_step(q);
		sqlite3_reset(q);
		if ((rc & 0xff) == SQLITE_CONSTRAINT) {
			char other[STORE_ID_BUF];
			ds_status lst = blind_lookup(s, blind[i], other, err);
			return lst ? lst : person_taken(i, other, err);
		}
		if (rc != SQLITE_DONE)
			return store_sql_fail(s, err, rc);
	}
	/* the caseload's summary of the new household (summary.c), from
	 * the household in hand when there is one */
	return h ? store_summary_created(s, id, seq, status, h, err)
	         : store_summary_refresh(s, id, seq, err);
}

ds_status store_household_prepare(ds_store *s, const core_household *h,
                                  store_prepared **out, ds_error *err)
{
	return store_prepare_any(s, h, false, out, err);
}

/* Whether the household gives a fact that only the policy can check
 * (an illness, an income by months). */
static bool needs_policy(const core_household *h)
{
	for (size_t i = 0; i < h->n_members; i++) {
		const core_member *m = &h->members[i];
		if (m->illness[0])
			return true;
		for (size_t j = 0; j < m->n_incomes; j++)
			if (m->incomes[j].basis == CORE_BASIS_MONTHS)
				return true;
	}
	return false;
}

/* core_ladder_validate under the policy in force today, for a household
 * that needs it (most do not, and cost nothing). */
static ds_status ladder_check(ds_store *s, const core_household *h,
                              ds_error *err)
{
	core_policy *versions = NULL;
	const core_policy *p;
	size_t nv = 0;
	ds_status st;
	if (!needs_policy(h))
		return DS_OK;
	if ((st = store_policy_at(s, store_today(s), &versions, &nv, &p, err)))
		return st;
	st = core_ladder_validate(h, p, store_today(s), err);
	store_policies_free(versions, nv);
	return st;
}

/* The household checked (unless checked already; with the policy in
 * force today when it needs one: policy), blind-indexed and in its stored
 * form, nothing looked up: reads only the store's keys and today. */
static ds_status prepare_pure(const ds_store *s, core_household *h,
                              bool checked, bool move,
                              const core_policy *policy,
                              store_prepared **out, ds_error *err)
{
	store_prepared *p;
	ds_status st;

	*out = NULL;
	if (!checked &&
	    ((st = core_household_validate(h, s->today, err)) ||
	     (policy && (st = core_ladder_validate(h, policy, s->today, err)))))
		return st;
	if (!(p = calloc(1, sizeof(*p))) ||
	    !(p->blind = calloc(h->n_members ? h->n_members : 1,
	                        sizeof(*p->blind)))) {
		free(p);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	p->n_members = h->n_members;
	p->receiving = h->receiving;
	for (size_t i = 0; i < h->n_members; i++)
		store_blind(p->blind[i], h->members[i].id_number, BLIND_KEY(s));
	if ((st = store_household_canonical(h, &p->json, &p->len, err))) {
		free(p->blind);
		free(p);
		return st;
	}
	/* the household itself: taken over (move), or copied */
	if (move) {
		p->h = *h;
		core_household_init(h);
	} else if (core_household_copy(&p->h, h)) {
		store_wipe(p->json, p->len);
		free(p->json);
		free(p->blind);
		free(p);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	*out = p;
	return DS_OK;
}

ds_status store_import_prepare_off(const ds_store *s, core_household *h,
                                   const core_policy *today_policy,
                                   store_prepared **out, ds_error *err)
{
	return prepare_pure(s, h, false, true,
	                    needs_policy(h) ? today_policy : NULL, out, err);
}

ds_status store_prepare_any(ds_store *s, const core_household *h,
                            bool taken_ok, store_prepared **out,
                            ds_error *err)
{
	store_prepared *p;
	ds_status st;

	*out = NULL;
	if ((st = core_household_validate(h, s->today, err)) ||
	    (st = ladder_check(s, h, err)) ||
	    (st = prepare_pure(s, (core_household *)h, true, false, NULL, &p,
	                       err)))
		return st;
	for (size_t i = 0; i < h->n_members && !taken_ok; i++) {
		char other[STORE_ID_BUF];
		if ((st = blind_lookup(s, p->blind[i], other, err)))
			goto fail;
		if (other[0]) {
			st = person_taken(i, other, err);
			goto fail;
		}
	}
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

void store_random_id(char out[STORE_ID_BUF])
{
	unsigned char r[STORE_ID_LEN];
	store_random(r, sizeof(r));
	for (int i = 0; i < STORE_ID_LEN; i++)
		out[i] = id_alphabet[r[i] & 31];
	out[STORE_ID_LEN] = '\0';
}

bool store_id_char(char c)
{
	return c && strchr(id_alphabet, c);
}

/* A new household id; look: whether it is looked up first (otherwise
 * the household table's unique id refuses the 1 in 2^60 that is taken) */
static ds_status new_id(ds_store *s, char out[STORE_ID_BUF], bool look,
                        ds_error *err)
{
	for (int tries = 0; tries < 16; tries++) {
		sqlite3_stmt *q;
		int rc;
		store_random_id(out);
		if (!look)
			return DS_OK;
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

static ds_status add_prepared(ds_store *s, const store_prepared *p,
                              char id_out[STORE_ID_BUF], bool look,
                              ds_error *err);

ds_status store_household_add_prepared(ds_store *s, const store_prepared *p,
                                       char id_out[STORE_ID_BUF],
                                       ds_error *err)
{
	return add_prepared(s, p, id_out, true, err);
}

ds_status store_household_add_unlooked(ds_store *s, const store_prepared *p,
                                       char id_out[STORE_ID_BUF],
                                       ds_error *err)
{
	return add_prepared(s, p, id_out, false, err);
}

static ds_status add_prepared(ds_store *s, const store_prepared *p,
                              char id_out[STORE_ID_BUF], bool look,
                              ds_error *err)
{
	bool own_tx = !s->tx_depth;
	store_event ev;
	ds_status st;

	if (own_tx && (st = store_begin(s, err)))
		return st;
	if ((st = new_id(s, id_out, look, err)))
		goto fail;
	/* The body is {"household": <stored form>}, built without a second
	 * round through JSON, and put together where it is sealed from. */
	if ((st = store_emit_wrapped(s, core_event_id(CORE_EVENT_HOUSEHOLD_CREATED),
	                             id_out, "{\"household\":", p->json, p->len,
	                             "}", &ev, err)))
		goto fail;
	/* a household just made: its summary needs no look-up */
	s->created_hint.set = true;
	snprintf(s->created_hint.household, sizeof(s->created_hint.household),
	         "%s", id_out);
	s->created_hint.seq = ev.seq;
	s->created_hint.hlc = ev.hlc;
	st = store_project_created(s, id_out, ev.seq,
	                           store_initial_status(p->receiving),
	                           (const unsigned char(*)[STORE_BLIND_BYTES])p->blind,
	                           p->n_members, &p->h, err);
	s->created_hint.set = false;
	if (st)
		goto fail;
	if (own_tx && (st = store_commit(s, err)))
		return st;
	return DS_OK;
fail:
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

static ds_status row_damaged(ds_error *err, const char *id, int64_t seq,
                             bool in_log)
{
	char where[64], num[24];
	snprintf(where, sizeof(where), "household %s", id);
	snprintf(num, sizeof(num), "%lld", (long long)seq);
	if (in_log)
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("the event that recorded it (event %s) is damaged or was altered; this laptop has no other copy, the county's does"),
		               num);
	return ds_fail(err, DS_EDAMAGED, where,
	               N_("its stored value is damaged or was altered (last changed by event %s); doorstep store rebuild restores it from the log"),
	               num);
}

/* The columns of a row of STORE_HH_COLUMNS, as pointers: into the
 * statement (valid until its next step), or into a copy of them, to be
 * opened away from the connection (store_household_each). */
typedef struct {
	const char *id, *status, *due; /* due: NULL when none */
	int64_t version, created, updated;
	const unsigned char *data, *mac, *ev_device, *ev_body;
	size_t dlen, mac_len, ev_device_len, ev_body_len;
	bool has_data;
	int64_t ev_epoch, ev_dseq;
	const char *ev_author, *ev_kind, *ev_entity;
} hh_cols;

static const char *col_text(sqlite3_stmt *q, int i)
{
	const char *t = (const char *)sqlite3_column_text(q, i);
	return t ? t : "";
}

static hh_cols cols_of(sqlite3_stmt *q)
{
	hh_cols c;
	memset(&c, 0, sizeof(c));
	c.id = col_text(q, HH_ID);
	c.status = col_text(q, HH_STATUS);
	c.due = (const char *)sqlite3_column_text(q, HH_DUE);
	c.version = sqlite3_column_int64(q, HH_VERSION);
	c.created = sqlite3_column_int64(q, HH_CREATED);
	c.updated = sqlite3_column_int64(q, HH_UPDATED);
	c.has_data = sqlite3_column_type(q, HH_DATA) != SQLITE_NULL;
	c.data = sqlite3_column_blob(q, HH_DATA);
	c.dlen = (size_t)sqlite3_column_bytes(q, HH_DATA);
	c.mac = sqlite3_column_blob(q, HH_MAC);
	c.mac_len = (size_t)sqlite3_column_bytes(q, HH_MAC);
	c.ev_device = sqlite3_column_blob(q, HH_EV_DEVICE);
	c.ev_device_len = (size_t)sqlite3_column_bytes(q, HH_EV_DEVICE);
	c.ev_epoch = sqlite3_column_int64(q, HH_EV_EPOCH);
	c.ev_dseq = sqlite3_column_int64(q, HH_EV_DSEQ);
	c.ev_author = col_text(q, HH_EV_AUTHOR);
	c.ev_kind = col_text(q, HH_EV_KIND);
	c.ev_entity = col_text(q, HH_EV_ENTITY);
	c.ev_body = sqlite3_column_blob(q, HH_EV_BODY);
	c.ev_body_len = (size_t)sqlite3_column_bytes(q, HH_EV_BODY);
	return c;
}

/* The household's stored text, checked and opened: the row's own copy
 * (*in_body false), or the body of the event that created it, its salt
 * already skipped (*in_body true). *plain is the buffer to wipe and free
 * (*plen long); the text is *text, *tlen long, inside it. Reads only the
 * store's keys: safe on another thread than the connection's. */
static ds_status household_plain(ds_store *s, const hh_cols *c,
                                 unsigned char **plain, size_t *plen,
                                 const char **text, size_t *tlen,
                                 bool *in_body, ds_error *err)
{
	store_hh_meta m = {c->id, c->status, c->due, c->version, c->created,
	                   c->updated};
	const void *data = c->has_data ? c->data : NULL;
	size_t dlen = c->dlen;
	unsigned char mac[STORE_MAC_BYTES];
	char ad[256];

	*plain = NULL;
	*plen = 0;
	row_mac(s, mac, &m, data, dlen);
	if (c->mac_len != STORE_MAC_BYTES || !c->mac ||
	    sodium_memcmp(mac, c->mac, STORE_MAC_BYTES))
		return row_damaged(err, m.id, c->updated, false);
	if (data) {
		household_ad(ad, sizeof(ad), m.id, m.version);
		if (store_unseal(plain, plen, data, dlen, ad, SEAL_KEY(s)))
			return row_damaged(err, m.id, c->updated, false);
		*text = (const char *)*plain;
		*tlen = *plen;
		*in_body = false;
	} else {
		/* No copy in the row: the body of the creating event. */
		store_event ev;
		memset(&ev, 0, sizeof(ev));
		if (c->ev_device_len != STORE_DEVICE_BYTES || !c->ev_device)
			return row_damaged(err, m.id, m.created_seq, true);
		memcpy(ev.device, c->ev_device, STORE_DEVICE_BYTES);
		ev.epoch = c->ev_epoch;
		ev.dseq = c->ev_dseq;
		snprintf(ev.author, sizeof(ev.author), "%s", c->ev_author);
		snprintf(ev.kind, sizeof(ev.kind), "%s", c->ev_kind);
		snprintf(ev.entity, sizeof(ev.entity), "%s", c->ev_entity);
		store_event_ad(ad, sizeof(ad), &ev);
		if (store_unseal(plain, plen, c->ev_body, c->ev_body_len, ad,
		                 SEAL_KEY(s)) ||
		    *plen < STORE_BODY_SALT) {
			free(*plain);
			*plain = NULL;
			return row_damaged(err, m.id, m.created_seq, true);
		}
		*text = (const char *)*plain + STORE_BODY_SALT;
		*tlen = *plen - STORE_BODY_SALT;
		*in_body = true;
	}
	return DS_OK;
}

static ds_status unreadable(ds_error *err, const char *id)
{
	char where[64];
	snprintf(where, sizeof(where), "household %s", id);
	return ds_fail(err, DS_EDAMAGED, where,
	               N_("its stored value is not readable"));
}

/* The household as JSON, from its stored text. */
static json_t *household_tree(const char *text, size_t tlen, bool in_body)
{
	json_t *j = json_loadb(text, tlen, 0, NULL), *h;
	if (!in_body)
		return j;
	h = json_incref(json_object_get(j, "household"));
	json_decref(j);
	return h;
}

ds_status store_household_json(ds_store *s, sqlite3_stmt *q, json_t **out,
                               ds_error *err)
{
	unsigned char *plain;
	const char *text = NULL;
	size_t plen, tlen = 0;
	bool in_body = false;
	json_t *j;
	ds_status st;

	hh_cols c = cols_of(q);
	*out = NULL;
	if ((st = household_plain(s, &c, &plain, &plen, &text, &tlen, &in_body,
	                          err)))
		return st;
	j = household_tree(text, tlen, in_body);
	store_wipe(plain, plen);
	free(plain);
	if (!json_is_object(j)) {
		json_decref(j);
		return unreadable(err, (const char *)sqlite3_column_text(q, HH_ID));
	}
	*out = j;
	return DS_OK;
}

bool store_created_from_text(const char *text, size_t len, core_household *h)
{
	static const char head[] = "{\"household\":";
	const size_t hn = sizeof(head) - 1;
	if (len > hn + 1 && !memcmp(text, head, hn) && text[len - 1] == '}')
		return store_household_from_text(text + hn, len - hn - 1, h);
	core_household_init(h); /* as store_household_from_text leaves it */
	return false;
}

/* The household read into h (freed here on failure). Most stored texts
 * are what store_household_canonical wrote, alone or as a creating
 * event's body {"household":...}: store_household_from_text reads those
 * in one pass with the result store_household_from_json gives; anything
 * else it gives up on goes the long way, through the JSON tree. */
static ds_status household_read(ds_store *s, const hh_cols *c,
                                core_household *h, ds_error *err)
{
	unsigned char *plain;
	const char *text = NULL;
	size_t plen, tlen = 0;
	bool in_body = false, done = false;
	ds_status st;

	if ((st = household_plain(s, c, &plain, &plen, &text, &tlen, &in_body,
	                          err)))
		return st;
	done = in_body ? store_created_from_text(text, tlen, h)
	               : store_household_from_text(text, tlen, h);
	if (!done) {
		json_t *j = household_tree(text, tlen, in_body);
		st = json_is_object(j) ? store_household_from_json(j, h, err)
		                       : DS_EDAMAGED;
		json_decref(j);
	}
	store_wipe(plain, plen);
	free(plain);
	return st ? unreadable(err, c->id) : DS_OK;
}

/* Fills row from the columns of a row of STORE_HH_COLUMNS. */
static ds_status read_row(ds_store *s, const hh_cols *c,
                          store_household_row *row, ds_error *err)
{
	ds_status st;

	memset(row, 0, sizeof(*row));
	snprintf(row->id, sizeof(row->id), "%s", c->id);
	snprintf(row->status, sizeof(row->status), "%s", c->status);
	snprintf(row->due, sizeof(row->due), "%s", c->due ? c->due : "");
	row->version = c->version;
	row->created_seq = c->created;
	row->updated_seq = c->updated;
	if ((st = household_read(s, c, &row->h, err)))
		return st;
	/* a row written before the age categories were derived */
	core_household_drop_age_categories(&row->h);
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
	if (rc == SQLITE_ROW) {
		hh_cols c = cols_of(q);
		st = read_row(s, &c, row, err);
	} else if (rc == SQLITE_DONE)
		st = ds_fail(err, DS_EINPUT, "ID", N_("there is no household %s"), id);
	else
		st = store_sql_fail(s, err, rc);
	sqlite3_reset(q);
	return st;
}

/* ---- sets of households ------------------------------------------------- */

ds_status store_idset_load(ds_store *s, const char *sql, store_idset *out,
                           ds_error *err)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	ds_status st;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((st = store_prep(s, sql, &q, err)))
		return st;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(q, 0);
		if (!id)
			continue;
		if (out->n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			char(*ni)[STORE_ID_BUF] = realloc(out->id, nc * STORE_ID_BUF);
			if (!ni) {
				sqlite3_finalize(q);
				store_idset_free(out);
				return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			}
			out->id = ni;
			cap = nc;
		}
		snprintf(out->id[out->n++], STORE_ID_BUF, "%s", id);
	}
	if ((st = store_done(s, q, rc, err)))
		store_idset_free(out);
	return st;
}

static int idset_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

bool store_idset_has(const store_idset *set, const char *id)
{
	return set->n && bsearch(id, set->id, set->n, STORE_ID_BUF, idset_cmp);
}

void store_idset_free(store_idset *set)
{
	free(set->id);
	memset(set, 0, sizeof(*set));
}

/* ---- the walk over every household ------------------------------------- */

/* The walk reads the rows on the connection's thread and opens them
 * (row MAC, unseal, parse: most of its time) on another, a batch ahead
 * of the callbacks, which run on the connection's thread in order: the
 * connection is never used by two threads, and the other thread reads
 * only the store's keys. A walk of 20,000 households takes about half
 * the time on two cores. One core: the same batches, opened in turn. */
#define WALK_BATCH 128
#define WALK_RING 3

typedef struct {
	hh_cols c;
	unsigned char *copy; /* the columns' bytes; c points into it */
	size_t copy_len;
	/* a walk with the summaries: the row's summary, sealed as read, then
	 * opened (sum_plain) */
	const char *sum_due;
	int64_t sum_seq;
	const unsigned char *sum_data;
	size_t sum_len;
	unsigned char *sum_plain;
	size_t sum_plen;
	bool sum_found;
	store_household_row row;
	ds_status st;
	ds_error *err; /* what st says, when not DS_OK (NULL: out of memory) */
} walk_row;

typedef struct {
	ds_store *s;
	bool with_summary;
	walk_row r[WALK_BATCH];
	size_t n;
	pthread_t th;
	bool running;
} walk_batch;

/* The columns of the statement's row copied into one buffer, c pointing
 * into it; false when out of memory. */
static bool walk_copy(walk_row *w, sqlite3_stmt *q, bool with_summary)
{
	hh_cols c = cols_of(q);
	const char *sdue = with_summary
	                           ? (const char *)sqlite3_column_text(q, HH_SUM_DUE)
	                           : NULL;
	const unsigned char *sdata =
	        sdue ? sqlite3_column_blob(q, HH_SUM_DATA) : NULL;
	size_t lsd = sdata ? strlen(sdue) + 1 : 0,
	       lsdata = sdata ? (size_t)sqlite3_column_bytes(q, HH_SUM_DATA) : 0;
	size_t lid = strlen(c.id) + 1, lst = strlen(c.status) + 1,
	       ldue = c.due ? strlen(c.due) + 1 : 0, lau = strlen(c.ev_author) + 1,
	       lki = strlen(c.ev_kind) + 1, len = strlen(c.ev_entity) + 1;
	size_t total = lid + lst + ldue + lau + lki + len + c.dlen + c.mac_len +
	               c.ev_device_len + c.ev_body_len + lsd + lsdata;
	unsigned char *b = malloc(total ? total : 1), *p = b;
	if (!b)
		return false;
	if (sdata) {
		memcpy(p, sdue, lsd);
		w->sum_due = (const char *)p;
		p += lsd;
		memcpy(p, sdata, lsdata);
		w->sum_data = p;
		w->sum_len = lsdata;
		w->sum_seq = sqlite3_column_int64(q, HH_SUM_SEQ);
		p += lsdata;
	}
#define TAKE(field, n)                                                        \
	do {                                                                  \
		if (n && c.field)                                             \
			memcpy(p, c.field, n);                                \
		c.field = (void *)p;                                          \
		p += n;                                                       \
	} while (0)
	TAKE(id, lid);
	TAKE(status, lst);
	if (c.due)
		TAKE(due, ldue);
	TAKE(ev_author, lau);
	TAKE(ev_kind, lki);
	TAKE(ev_entity, len);
	if (c.data)
		TAKE(data, c.dlen);
	if (c.mac)
		TAKE(mac, c.mac_len);
	if (c.ev_device)
		TAKE(ev_device, c.ev_device_len);
	if (c.ev_body)
		TAKE(ev_body, c.ev_body_len);
#undef TAKE
	w->c = c;
	w->copy = b;
	w->copy_len = total;
	return true;
}

static void *walk_open(void *vb)
{
	walk_batch *b = vb;
	ds_error err;
	for (size_t i = 0; i < b->n; i++) {
		walk_row *w = &b->r[i];
		if ((w->st = read_row(b->s, &w->c, &w->row, &err)) &&
		    (w->err = malloc(sizeof(err))))
			*w->err = err;
		/* its summary, opened as summary.c would open it */
		if (w->sum_data) {
			char ad[96];
			store_summary_ad(ad, sizeof(ad), w->c.id, w->sum_due, w->sum_seq);
			w->sum_found = !store_unseal(&w->sum_plain, &w->sum_plen,
			                             w->sum_data, w->sum_len, ad,
			                             SEAL_KEY(b->s));
		}
	}
	return NULL;
}

/* Whether this process may run on more than one core (taskset and
 * cgroup cpusets count: a process held to one core opens in turn). */
bool store_two_cores(void)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return false;
	return CPU_COUNT(&set) > 1;
}

/* Opens the batch: on another thread when there are two cores (joined
 * by walk_join), else here and now. */
static void walk_start(walk_batch *b, bool threads)
{
	b->running = threads && b->n &&
	             pthread_create(&b->th, NULL, walk_open, b) == 0;
	if (!b->running)
		walk_open(b);
}

static void walk_join(walk_batch *b)
{
	if (b->running)
		pthread_join(b->th, NULL);
	b->running = false;
}

static void walk_clear(walk_batch *b)
{
	walk_join(b);
	for (size_t i = 0; i < b->n; i++) {
		store_row_free(&b->r[i].row);
		if (b->r[i].copy) {
			store_wipe(b->r[i].copy, b->r[i].copy_len);
			free(b->r[i].copy);
		}
		if (b->r[i].sum_plain) {
			store_wipe(b->r[i].sum_plain, b->r[i].sum_plen);
			free(b->r[i].sum_plain);
		}
		free(b->r[i].err);
	}
	memset(b->r, 0, sizeof(b->r));
	b->n = 0;
}

/* Up to WALK_BATCH rows read into b; the statement's last code in *rc,
 * and when it is neither a row nor the end, what the connection says of
 * it in *failed, taken at once (the callbacks of the batches read before
 * it run SQL of their own before the walk reports it). */
static bool walk_fill(walk_batch *b, sqlite3_stmt *q, int *rc,
                      ds_error *failed)
{
	while (b->n < WALK_BATCH && *rc == SQLITE_ROW &&
	       (*rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (!walk_copy(&b->r[b->n], q, b->with_summary))
			return false;
		b->n++;
	}
	if (*rc != SQLITE_ROW && *rc != SQLITE_DONE)
		store_sql_fail(b->s, failed, *rc);
	return true;
}

ds_status store_household_each(ds_store *s, store_household_cb cb,
                               store_damaged_cb damaged, void *ctx,
                               ds_error *err)
{
	return store_household_walk(s, false, cb, damaged, ctx, err);
}

ds_status store_household_walk(ds_store *s, bool with_summary,
                               store_household_cb cb,
                               store_damaged_cb damaged, void *ctx,
                               ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st = DS_OK;
	bool any_damaged = false, threads = store_two_cores();
	walk_batch *ring;
	int rc, step = SQLITE_ROW;
	size_t k = 0;
	ds_error failed;
	/* an assistant's households are the ones not moved to someone else
	 * by the county (household.reassigned); other roles see them all */
	rc = sqlite3_prepare_v2(
	        s->db,
	        with_summary
	                ? "SELECT " STORE_HH_SELECT ", sm.due, sm.seq, sm.data"
	                  STORE_HH_FROM " LEFT JOIN main.summary sm"
	                  " ON sm.household = h.id WHERE ?1 IS NULL OR NOT EXISTS"
	                  " (SELECT 1 FROM assignment a WHERE a.household = h.id"
	                  " AND a.user != ?1) ORDER BY h.created_seq"
	                : "SELECT " STORE_HH_COLUMNS " WHERE ?1 IS NULL OR NOT EXISTS"
	                  " (SELECT 1 FROM assignment a WHERE a.household = h.id"
	                  " AND a.user != ?1) ORDER BY h.created_seq",
	        -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	memset(&failed, 0, sizeof(failed));
	if (!(ring = calloc(WALK_RING, sizeof(*ring)))) {
		sqlite3_finalize(q);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	for (int i = 0; i < WALK_RING; i++) {
		ring[i].s = s;
		ring[i].with_summary = with_summary;
	}
	if (s->role == CORE_ROLE_ASSISTANT)
		sqlite3_bind_text(q, 1, s->user, -1, SQLITE_STATIC);
	/* batch k is handed to the callbacks while k + 1 is opened on the
	 * other thread and k + 2 is read */
	if (!walk_fill(&ring[0], q, &step, &failed))
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	else
		walk_start(&ring[0], threads);
	if (!st && !walk_fill(&ring[1], q, &step, &failed))
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	for (; !st && ring[k % WALK_RING].n; k++) {
		walk_batch *b = &ring[k % WALK_RING], *next = &ring[(k + 1) % WALK_RING],
		           *after = &ring[(k + 2) % WALK_RING];
		walk_join(b);
		walk_start(next, threads);
		for (size_t i = 0; i < b->n && !st; i++) {
			walk_row *w = &b->r[i];
			if (w->st && !w->err)
				st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			else if (w->st == DS_EDAMAGED && damaged) {
				damaged(w->err, ctx);
				any_damaged = true;
			} else if (w->st) {
				if (err)
					*err = *w->err;
				st = w->st;
			} else if (with_summary) {
				s->walk_sum.set = true;
				s->walk_sum.found = w->sum_found;
				snprintf(s->walk_sum.household,
				         sizeof(s->walk_sum.household), "%s", w->c.id);
				s->walk_sum.due = w->sum_due;
				s->walk_sum.plain = w->sum_plain;
				s->walk_sum.plen = w->sum_plen;
				st = cb(&w->row, ctx);
				s->walk_sum.set = false;
			} else
				st = cb(&w->row, ctx);
		}
		walk_clear(b);
		if (!st && !walk_fill(after, q, &step, &failed))
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	for (int i = 0; i < WALK_RING; i++)
		walk_clear(&ring[i]);
	free(ring);
	if (!st && step != SQLITE_DONE) {
		if (err)
			*err = failed;
		st = failed.status;
	}
	sqlite3_finalize(q);
	if (!st && any_damaged)
		st = ds_fail(err, DS_EDAMAGED, "",
		             N_("some households could not be read (see above); the others are listed"));
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
	/* The index must agree with what it points to (an entry put back
	 * from an old copy of the file still carries a good MAC). */
	{
		store_household_row row;
		bool member = false;
		memset(&row, 0, sizeof(row));
		if ((st = store_household_get(s, id_out, &row, err))) {
			if (st == DS_EINPUT) {
				char where[64];
				snprintf(where, sizeof(where), "person index");
				st = ds_fail(err, DS_EDAMAGED, where,
				             N_("the index of ID numbers points to a household that is not here; doorstep store rebuild restores it from the log"));
			}
			return st;
		}
		for (size_t i = 0; i < row.h.n_members; i++)
			member = member || !strcmp(row.h.members[i].id_number, norm);
		store_row_free(&row);
		if (!member)
			return ds_fail(err, DS_EDAMAGED, "person index",
			               N_("the index of ID numbers points to a household this person is not in; doorstep store rebuild restores it from the log"));
	}
	return DS_OK;
}

ds_status store_household_set_status(ds_store *s, const char *id,
                                     const char *status, const char *due,
                                     int64_t seq, ds_error *err)
{
	sqlite3_stmt *q = store_stmt(s, STMT_HH_GET), *u = NULL;
	store_hh_meta m;
	unsigned char mac[STORE_MAC_BYTES], *data = NULL;
	size_t dlen = 0;
	ds_status st = DS_OK;
	int rc;
	json_t *check = NULL;

	if (!q)
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(q);
		return rc == SQLITE_DONE
		               ? ds_fail(err, DS_EINPUT, "ID",
		                         N_("there is no household %s"), id)
		               : store_sql_fail(s, err, rc);
	}
	/* The row must be sound before it is signed again. */
	if ((st = store_household_json(s, q, &check, err))) {
		sqlite3_reset(q);
		return st;
	}
	json_decref(check);
	m.id = id;
	m.status = status;
	m.due = due;
	m.version = sqlite3_column_int64(q, HH_VERSION);
	m.created_seq = sqlite3_column_int64(q, HH_CREATED);
	m.updated_seq = seq;
	if (sqlite3_column_type(q, HH_DATA) != SQLITE_NULL) {
		dlen = (size_t)sqlite3_column_bytes(q, HH_DATA);
		data = malloc(dlen ? dlen : 1);
		if (!data) {
			sqlite3_reset(q);
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
		memcpy(data, sqlite3_column_blob(q, HH_DATA), dlen);
	}
	sqlite3_reset(q);
	row_mac(s, mac, &m, data, dlen);
	rc = sqlite3_prepare_v2(s->db,
	                        "UPDATE main.household SET status = ?, due = ?,"
	                        " updated_seq = ?, mac = ? WHERE id = ?",
	                        -1, &u, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(u, 1, status, -1, SQLITE_STATIC);
		if (due && *due)
			sqlite3_bind_text(u, 2, due, -1, SQLITE_STATIC);
		sqlite3_bind_int64(u, 3, seq);
		sqlite3_bind_blob(u, 4, mac, sizeof(mac), SQLITE_STATIC);
		sqlite3_bind_text(u, 5, id, -1, SQLITE_STATIC);
		rc = sqlite3_step(u);
	}
	sqlite3_finalize(u);
	free(data);
	return rc == SQLITE_DONE ? DS_OK : store_sql_fail(s, err, rc);
}

/* ---- changes made at the same time on two laptops ------------------------------
 * A change names the household as it stood when it was made (its base).
 * When the household here has moved on since, from another laptop, the
 * two changes are merged field by field against that base: a field only
 * one of them changed takes that change; a field both changed to
 * different values takes the later one by hybrid logical clock (a clock
 * more than a day ahead of the other laptops' is held back to that), and
 * the other is kept in the log and listed as a conflict for a person to
 * look at. Deterministic, so a rebuild gives the same result. */


ds_status store_event_hlc(ds_store *s, int64_t seq, uint64_t *hlc,
                          unsigned char device[STORE_DEVICE_BYTES], ds_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(s->db, "SELECT hlc, device FROM event WHERE seq = ?",
	                            -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_int64(q, 1, seq);
	*hlc = 0;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		*hlc = (uint64_t)sqlite3_column_int64(q, 0);
		if (sqlite3_column_bytes(q, 1) == STORE_DEVICE_BYTES)
			memcpy(device, sqlite3_column_blob(q, 1), STORE_DEVICE_BYTES);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DS_OK : store_sql_fail(s, err, rc);
}

/* An event's clock, held back to a day past the latest other laptops'
 * events before it in this log. */
uint64_t store_bounded_hlc(ds_store *s, int64_t seq, uint64_t hlc,
                           const unsigned char *device)
{
	sqlite3_stmt *q;
	uint64_t others = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT max(hlc) FROM event WHERE seq < ? AND"
	                              " device != ?", -1, &q, NULL) != SQLITE_OK)
		return hlc;
	sqlite3_bind_int64(q, 1, seq);
	sqlite3_bind_blob(q, 2, device, STORE_DEVICE_BYTES, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
		others = (uint64_t)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return others && hlc > others + HLC_DAY ? others + HLC_DAY : hlc;
}

static json_t *merge_concurrent(ds_store *s, const store_event *ev,
                                int64_t base_seq, int64_t cur_seq, json_t *cur,
                                json_t *in, ds_error *err)
{
	json_t *base_body = NULL, *base, *out, *fields;
	unsigned char cur_dev[STORE_DEVICE_BYTES] = {0};
	uint64_t cur_hlc = 0, in_hlc;
	const char *k;
	json_t *v;
	bool in_wins;
	if (!json_is_object(in) ||
	    store_event_body(s, base_seq, &base_body, err) ||
	    store_event_hlc(s, cur_seq, &cur_hlc, cur_dev, err))
		return NULL;
	base = json_object_get(base_body, "household");
	if (!json_is_object(base)) {
		json_decref(base_body);
		ds_fail(err, DS_EDAMAGED, "event", N_("a change names a base that is not a household"));
		return NULL;
	}
	cur_hlc = store_bounded_hlc(s, cur_seq, cur_hlc, cur_dev);
	in_hlc = store_bounded_hlc(s, ev->seq, ev->hlc, ev->device);
	in_wins = in_hlc > cur_hlc ||
	          (in_hlc == cur_hlc && memcmp(ev->device, cur_dev, STORE_DEVICE_BYTES) > 0);
	out = json_deep_copy(cur);
	fields = json_array();
	/* every field either side has */
	{
		json_t *keys = json_object();
		json_object_foreach(cur, k, v) json_object_set(keys, k, json_true());
		json_object_foreach(in, k, v) json_object_set(keys, k, json_true());
		json_object_foreach(keys, k, v) {
			json_t *b = json_object_get(base, k), *c = json_object_get(cur, k),
			       *i = json_object_get(in, k);
			bool by_in = !(b && i ? json_equal(b, i) : b == i);
			bool by_cur = !(b && c ? json_equal(b, c) : b == c);
			bool same = c && i ? json_equal(c, i) : c == i;
			if (!by_in || same)
				continue;
			if (by_cur) /* both changed it, differently */
				json_array_append_new(fields, json_string(k));
			if (!by_cur || in_wins) {
				if (i)
					json_object_set(out, k, i);
				else
					json_object_del(out, k);
			}
		}
		json_decref(keys);
	}
	if (json_array_size(fields)) {
		sqlite3_stmt *q;
		char *list = json_dumps(fields, JSON_COMPACT);
		int rc = sqlite3_prepare_v2(s->db,
		                            "INSERT OR REPLACE INTO main.conflict(household, winner,"
		                            " loser, fields, mac) VALUES (?1,?2,?3,?4,"
		                            " ds_mac('conflict', ?3, ?2, ?1, ?4))", -1, &q, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_text(q, 1, ev->entity, -1, SQLITE_STATIC);
			sqlite3_bind_int64(q, 2, in_wins ? ev->seq : cur_seq);
			sqlite3_bind_int64(q, 3, in_wins ? cur_seq : ev->seq);
			sqlite3_bind_text(q, 4, list ? list : "[]", -1, SQLITE_STATIC);
			rc = sqlite3_step(q);
			sqlite3_finalize(q);
		}
		free(list);
		if (rc != SQLITE_DONE) {
			store_sql_fail(s, err, rc);
			json_decref(out);
			out = NULL;
		}
	}
	json_decref(fields);
	json_decref(base_body);
	return out;
}

ds_status store_project_changed(ds_store *s, const store_event *ev,
                                json_t *body, ds_error *err)
{
	sqlite3_stmt *q = store_stmt(s, STMT_HH_GET);
	core_household before, after;
	store_hh_meta m;
	char status[24], due[11];
	json_t *old = NULL, *merged = NULL;
	int64_t cur_seq;
	ds_status st;
	int rc;

	if (!q)
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	sqlite3_bind_text(q, 1, ev->entity, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		char where[48];
		sqlite3_reset(q);
		snprintf(where, sizeof(where), "event %lld", (long long)ev->seq);
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("it changes a household that is not in the case files"));
	}
	if ((st = store_household_json(s, q, &old, err))) {
		sqlite3_reset(q);
		return st;
	}
	snprintf(status, sizeof(status), "%s",
	         (const char *)sqlite3_column_text(q, HH_STATUS));
	snprintf(due, sizeof(due), "%s",
	         sqlite3_column_text(q, HH_DUE)
	                 ? (const char *)sqlite3_column_text(q, HH_DUE)
	                 : "");
	m.version = sqlite3_column_int64(q, HH_VERSION) + 1;
	m.created_seq = sqlite3_column_int64(q, HH_CREATED);
	{
		int64_t upd = sqlite3_column_int64(q, HH_UPDATED);
		cur_seq = upd ? upd : m.created_seq;
	}
	sqlite3_reset(q);
	st = store_household_from_json(old, &before, err);
	if (st) {
		json_decref(old);
		return st;
	}
	/* made on another laptop without seeing the latest change here */
	{
		const char *base = json_string_value(json_object_get(body, "base"));
		int64_t base_seq = base && *base ? store_ref_seq(s, base) : 0;
		if (base_seq && base_seq != cur_seq) {
			merged = merge_concurrent(s, ev, base_seq, cur_seq, old,
			                          json_object_get(body, "household"), err);
			if (!merged) {
				json_decref(old);
				core_household_free(&before);
				return err->status ? err->status : DS_ESYSTEM;
			}
		}
	}
	json_decref(old);
	if (store_household_from_json(merged ? merged : json_object_get(body, "household"),
	                              &after, NULL)) {
		json_decref(merged);
		core_household_free(&before);
		return store_bad_body(ev, err);
	}
	json_decref(merged);
	m.id = ev->entity;
	m.status = status;
	m.due = due;
	m.updated_seq = ev->seq;
	st = store_household_put(s, &m, &after, false, err);
	/* The blind index follows the members. */
	for (size_t i = 0; !st && i < before.n_members; i++) {
		unsigned char blind[STORE_BLIND_BYTES];
		sqlite3_stmt *d = store_stmt(s, STMT_PERSON_DELETE);
		if (!d) {
			st = store_sql_fail(s, err, sqlite3_errcode(s->db));
			break;
		}
		store_blind(blind, before.members[i].id_number, BLIND_KEY(s));
		sqlite3_bind_blob(d, 1, blind, sizeof(blind), SQLITE_STATIC);
		rc = sqlite3_step(d);
		sqlite3_reset(d);
		if (rc != SQLITE_DONE)
			st = store_sql_fail(s, err, rc);
	}
	for (size_t i = 0; !st && i < after.n_members; i++) {
		unsigned char blind[STORE_BLIND_BYTES];
		sqlite3_stmt *ins = store_stmt(s, STMT_PERSON_INSERT);
		if (!ins) {
			st = store_sql_fail(s, err, sqlite3_errcode(s->db));
			break;
		}
		store_blind(blind, after.members[i].id_number, BLIND_KEY(s));
		sqlite3_bind_blob(ins, 1, blind, sizeof(blind), SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, ev->entity, -1, SQLITE_STATIC);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		if ((rc & 0xff) == SQLITE_CONSTRAINT) {
			char other[STORE_ID_BUF];
			ds_status lst = blind_lookup(s, blind, other, err);
			st = lst ? lst : person_taken(i, other, err);
		} else if (rc != SQLITE_DONE) {
			st = store_sql_fail(s, err, rc);
		}
	}
	core_household_free(&before);
	core_household_free(&after);
	return st;
}

ds_status store_person_free_for(ds_store *s, const char *idnum,
                                const char *household, size_t i,
                                ds_error *err)
{
	unsigned char blind[STORE_BLIND_BYTES];
	char other[STORE_ID_BUF];
	ds_status st;
	store_blind(blind, idnum, BLIND_KEY(s));
	if ((st = blind_lookup(s, blind, other, err)))
		return st;
	if (other[0] && strcmp(other, household) != 0)
		return person_taken(i, other, err);
	return DS_OK;
}
