/* provrec.c — the province's records: their bytes, hash and signature, the
 * province key and pseudonyms, and the deliberate list of what of an event
 * the province may see (see provrec.h and sync/province/PROVINCE.md). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/idnum.h"
#include "core/money.h"
#include "core/payroll.h"
#include "core/workflow.h"
#include "store/hhjson.h"
#include "store/payroll.h"
#include "sync/provrec.h"

_Static_assert(SYNC_PROV_HASH_BYTES == crypto_generichash_BYTES, "BLAKE2b-256");
_Static_assert(SYNC_PROV_SIG_BYTES == crypto_sign_BYTES, "Ed25519 signature");
_Static_assert(SYNC_PROV_KEY_BYTES == crypto_generichash_KEYBYTES, "BLAKE2b key");
_Static_assert(STORE_SIGN_PK_BYTES == crypto_sign_PUBLICKEYBYTES, "Ed25519 key");

/* ---- the record's bytes ------------------------------------------------------ */

static void put_field(crypto_generichash_state *h, const void *p, size_t n)
{
	unsigned char len[4] = {(unsigned char)n, (unsigned char)(n >> 8),
	                        (unsigned char)(n >> 16), (unsigned char)(n >> 24)};
	crypto_generichash_update(h, len, sizeof(len));
	if (n)
		crypto_generichash_update(h, p, n);
}

static void put_text(crypto_generichash_state *h, const char *s)
{
	put_field(h, s ? s : "", s ? strlen(s) : 0);
}

static void put_int(crypto_generichash_state *h, int64_t v)
{
	char b[24];
	int n = snprintf(b, sizeof(b), "%lld", (long long)v);
	put_field(h, b, (size_t)n);
}

void sync_provrec_hash(unsigned char out[SYNC_PROV_HASH_BYTES],
                       const unsigned char prev[SYNC_PROV_HASH_BYTES],
                       const sync_provrec *r)
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, SYNC_PROV_HASH_BYTES);
	crypto_generichash_update(&h, (const unsigned char *)SYNC_PROV_MAGIC,
	                          sizeof(SYNC_PROV_MAGIC)); /* with its NUL */
	crypto_generichash_update(&h, prev, SYNC_PROV_HASH_BYTES);
	put_text(&h, r->county);
	put_text(&h, r->device);
	put_int(&h, r->epoch);
	put_int(&h, r->dseq);
	put_int(&h, r->seq);
	put_text(&h, r->kind);
	put_text(&h, r->day);
	put_text(&h, r->author);
	put_text(&h, r->entity);
	put_field(&h, r->fields, r->fields_len);
	crypto_generichash_final(&h, out, SYNC_PROV_HASH_BYTES);
}

void sync_provrec_sign(unsigned char sig[SYNC_PROV_SIG_BYTES],
                       const unsigned char hash[SYNC_PROV_HASH_BYTES],
                       const unsigned char *sign_sk)
{
	crypto_sign_detached(sig, NULL, hash, SYNC_PROV_HASH_BYTES, sign_sk);
}

bool sync_provrec_verify(const unsigned char sig[SYNC_PROV_SIG_BYTES],
                         const unsigned char hash[SYNC_PROV_HASH_BYTES],
                         const unsigned char sign_pk[STORE_SIGN_PK_BYTES])
{
	return crypto_sign_verify_detached(sig, hash, SYNC_PROV_HASH_BYTES, sign_pk) == 0;
}

bool sync_prov_county_valid(const char *code)
{
	if (!code || strlen(code) != SYNC_PROV_COUNTY_LEN)
		return false;
	for (const char *p = code; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

void sync_prov_day(char out[11], uint64_t hlc)
{
	/* hlc is milliseconds << 16; the day begins at 16:00 UTC */
	int64_t days = ((int64_t)(hlc >> 16) / 1000 + 8 * 3600) / 86400;
	core_date_format((core_date)days, out); /* days since 1970-01-01 */
}

/* ---- the province key ------------------------------------------------------- */

ds_status sync_provkey_new(const char *path, ds_error *err)
{
	unsigned char key[SYNC_PROV_KEY_BYTES];
	char b64[64], text[256];
	int n;
	ds_status st;
	randombytes_buf(key, sizeof(key));
	store_b64(b64, sizeof(b64), key, sizeof(key));
	n = snprintf(text, sizeof(text),
	             "# doorstep province key: give it to every county of the province and to no one else\n"
	             "format: " SYNC_PROVKEY_FORMAT "\nkey: %s\n", b64);
	st = store_write_file_atomic(path, text, (size_t)n, err);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(b64, sizeof(b64));
	sodium_memzero(text, sizeof(text));
	return st;
}

/* The value of the line "name: value" (its first), copied into out. */
static bool field(const char *text, const char *name, char *out, size_t len)
{
	size_t nl = strlen(name);
	for (const char *p = text; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t ll = e ? (size_t)(e - p) : strlen(p);
		if (ll > nl + 1 && !strncmp(p, name, nl) && p[nl] == ':' && p[nl + 1] == ' ') {
			size_t vl = ll - nl - 2;
			if (vl >= len)
				return false;
			memcpy(out, p + nl + 2, vl);
			out[vl] = '\0';
			return true;
		}
		p = e ? e + 1 : NULL;
	}
	return false;
}

ds_status sync_provkey_read(const char *path, store_secret **key, ds_error *err)
{
	char *text = NULL, v[128];
	size_t len = 0;
	ds_status st;
	*key = NULL;
	if ((st = store_read_file(path, 16 * 1024, &text, &len, err)))
		return st;
	if (!field(text, "format", v, sizeof(v)) || strcmp(v, SYNC_PROVKEY_FORMAT))
		st = ds_fail(err, DS_EINPUT, path,
		             N_("not a province key file (doorstep-province key new writes one)"));
	else if (!(*key = store_secret_new(SYNC_PROV_KEY_BYTES)))
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	else if (!field(text, "key", v, sizeof(v)) ||
	         !store_unb64((*key)->p, SYNC_PROV_KEY_BYTES, v)) {
		store_secret_free(key);
		st = ds_fail(err, DS_EINPUT, path, N_("the \"%s\" line is missing or damaged"), "key");
	}
	sodium_memzero(v, sizeof(v));
	sodium_memzero(text, len);
	free(text);
	return st;
}

ds_status sync_prov_pseudonym(unsigned char out[SYNC_PROV_HASH_BYTES],
                              const char *id_number, const unsigned char *key,
                              ds_error *err)
{
	char id[CORE_IDNUM_BUF];
	ds_status st = core_idnum_parse(id_number, -1, id, "id_number", err);
	if (st)
		return st;
	crypto_generichash(out, SYNC_PROV_HASH_BYTES, (const unsigned char *)id,
	                   CORE_IDNUM_LEN, key, SYNC_PROV_KEY_BYTES);
	sodium_memzero(id, sizeof(id));
	return DS_OK;
}

/* ---- what the province may see -------------------------------------------------- */

static const char *str_at(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* ---- a household's fields, written as JSON text -------------------------------------- */

typedef struct {
	char *p;
	size_t len, cap;
	bool nomem;
} text_buf;

static void tb_put(text_buf *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		size_t nc = t->cap ? 2 * t->cap : 512;
		char *np;
		while (nc < t->len + n + 1)
			nc *= 2;
		if (!(np = realloc(t->p, nc))) {
			t->nomem = true;
			return;
		}
		t->p = np;
		t->cap = nc;
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
	t->p[t->len] = '\0';
}

static void tb_str(text_buf *t, const char *s)
{
	tb_put(t, s, strlen(s));
}

/* A JSON string as jansson's json_dumps writes it (UTF-8 as it is, the
 * quote, the backslash and control characters escaped). */
static void tb_json_string(text_buf *t, const char *s)
{
	size_t from = 0, i;
	tb_put(t, "\"", 1);
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		tb_put(t, s + from, i - from);
		switch (c) {
		case '"': tb_str(t, "\\\""); break;
		case '\\': tb_str(t, "\\\\"); break;
		case '\b': tb_str(t, "\\b"); break;
		case '\f': tb_str(t, "\\f"); break;
		case '\n': tb_str(t, "\\n"); break;
		case '\r': tb_str(t, "\\r"); break;
		case '\t': tb_str(t, "\\t"); break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04X", c);
			tb_str(t, esc);
		}
		from = i + 1;
	}
	tb_put(t, s + from, i - from);
	tb_put(t, "\"", 1);
}

static void tb_int(text_buf *t, long long v)
{
	char b[24];
	int n = snprintf(b, sizeof(b), "%lld", v);
	tb_put(t, b, (size_t)n);
}

/* household.created, household.changed: the area, the size, each member
 * as a pseudonym with the relation to the head, whether receiving, the
 * allowance and since when. The JSON text is what json_dumps(...,
 * JSON_COMPACT | JSON_SORT_KEYS) would give of the same object: keys in
 * byte order. */
static ds_status household_fields(const core_household *h, const unsigned char *key,
                                  char **out, size_t *out_len, ds_error *err)
{
	text_buf t = {0};
	char since[8] = "";
	ds_status st = DS_OK;
	if (h->receiving)
		core_month_format(h->since, since);
	tb_str(&t, "{\"allowance_fen\":");
	tb_int(&t, h->receiving ? (long long)h->allowance : 0);
	tb_str(&t, ",\"persons\":[");
	for (size_t i = 0; i < h->n_members; i++) {
		unsigned char p[SYNC_PROV_HASH_BYTES];
		char hex[2 * SYNC_PROV_HASH_BYTES + 1];
		/* the household reader gave it normalised and checked */
		if (strlen(h->members[i].id_number) == CORE_IDNUM_LEN)
			crypto_generichash(p, sizeof(p), (const unsigned char *)h->members[i].id_number,
			                   CORE_IDNUM_LEN, key, SYNC_PROV_KEY_BYTES);
		else if ((st = sync_prov_pseudonym(p, h->members[i].id_number, key, err))) {
			char where[32];
			snprintf(where, sizeof(where), "members[%zu]", i);
			ds_error_prefix(err, where);
			free(t.p);
			return st;
		}
		store_hex(hex, p, sizeof(p));
		tb_str(&t, i ? ",[\"" : "[\"");
		tb_str(&t, hex);
		tb_str(&t, "\",");
		tb_json_string(&t, core_relation_id(h->members[i].relation));
		tb_str(&t, "]");
	}
	tb_str(&t, "],\"receiving\":");
	tb_str(&t, h->receiving ? "true" : "false");
	tb_str(&t, ",\"region\":");
	tb_json_string(&t, h->region);
	tb_str(&t, ",\"since\":");
	tb_json_string(&t, since);
	tb_str(&t, ",\"size\":");
	tb_int(&t, (long long)h->n_members);
	tb_str(&t, ",\"township\":");
	tb_json_string(&t, h->township.code);
	tb_str(&t, ",\"township_name\":");
	tb_json_string(&t, h->township.name);
	tb_str(&t, ",\"village\":");
	tb_json_string(&t, h->village.code);
	tb_str(&t, ",\"village_name\":");
	tb_json_string(&t, h->village.name);
	tb_str(&t, "}");
	if (t.nomem) {
		free(t.p);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	*out = t.p;
	*out_len = t.len;
	return DS_OK;
}

/* The household an event's body holds: a creating event's body is
 * {"household":<stored form>} and is read without a JSON tree; any other
 * the long way, through jansson, checked as the county checked it. */
static ds_status household_of(const char *body, size_t blen, core_household *h,
                              ds_error *err)
{
	static const char prefix[] = "{\"household\":";
	json_t *j;
	json_error_t jerr;
	ds_status st;
	if (blen > sizeof(prefix) && !memcmp(body, prefix, sizeof(prefix) - 1) &&
	    body[blen - 1] == '}' &&
	    store_household_from_text(body + sizeof(prefix) - 1, blen - sizeof(prefix), h))
		return DS_OK;
	if (!(j = json_loadb(body, blen, 0, &jerr)))
		return ds_fail(err, DS_EDAMAGED, "body", N_("the event record is malformed"));
	if (!json_is_object(json_object_get(j, "household"))) {
		json_decref(j);
		return ds_fail(err, DS_EDAMAGED, "household", N_("the event's household is missing"));
	}
	st = store_household_from_json(json_object_get(j, "household"), h, err);
	json_decref(j);
	if (st)
		ds_error_prefix(err, "household");
	return st;
}

/* A step of a case ({"case": {...}, "role": ...}): the state it leaves,
 * the decision's kind and dates; never the reasons (free text). */
static ds_status fields_case(ds_store *s, json_t *body, const unsigned char *key,
                             json_t *out, ds_error *err)
{
	static const char *const keep[] = {"state", "before", "outcome", "decided",
	                                   "notice_ends", "appeal_deadline",
	                                   "appeal_received", "transition_last",
	                                   "pay_from"};
	json_t *c = json_object_get(body, "case");
	(void)s;
	(void)key;
	(void)err;
	json_object_set_new(out, "role", json_string(str_at(body, "role")));
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		json_t *v = json_object_get(c, keep[i]);
		if (json_is_string(v))
			json_object_set_new(out, keep[i], json_string(json_string_value(v)));
	}
	return DS_OK;
}

/* household.reassigned: the assistant it went to. */
static ds_status fields_reassigned(ds_store *s, json_t *body, const unsigned char *key,
                                   json_t *out, ds_error *err)
{
	(void)s;
	(void)key;
	(void)err;
	json_object_set_new(out, "to", json_string(str_at(body, "to")));
	return DS_OK;
}

/* The issued roll of month made again from the log as it stood when it
 * was issued (a month issued before the store kept its rolls), as the
 * province's lines. */
static ds_status roll_made_again(ds_store *s, core_month m, store_keptroll *out,
                                 bool *issued, ds_error *err)
{
	store_roll roll;
	ds_status st;
	memset(out, 0, sizeof(*out));
	if ((st = store_roll_make(s, m, &roll, err)))
		return st;
	out->month = m;
	out->county = roll.county;
	memcpy(out->hash, roll.hash, sizeof(out->hash));
	*issued = roll.issued;
	if (roll.n && !(out->lines = calloc(roll.n, sizeof(*out->lines)))) {
		store_roll_free(&roll);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	for (size_t i = 0; i < roll.n; i++) {
		const store_rollrow *r = &roll.rows[i];
		store_keptline *l = &out->lines[i];
		snprintf(l->household, sizeof(l->household), "%s", r->household);
		l->kind = r->line.kind;
		l->month = r->line.month;
		l->amount = r->line.amount;
		l->members = r->members;
	}
	out->n = roll.n;
	store_roll_free(&roll);
	return DS_OK;
}

/* payroll.issued: the month's totals and its lines (household, kind, the
 * month paid, the amount, the household's size): as the county kept them
 * when it issued the roll (store_roll_kept: their bytes hash to the
 * issued roll's hash), or, for a month issued before it kept them, made
 * again from the log as it stood when the roll was issued; either way
 * checked against the event's hash. Written as the compact, sorted JSON
 * jansson would, since a county's roll has a line a household. */
static ds_status roll_fields(ds_store *s, const char *body, size_t blen, char **out,
                             size_t *out_len, ds_error *err)
{
	json_error_t jerr;
	json_t *j = json_loadb(body, blen, 0, &jerr);
	core_month m;
	store_keptroll roll;
	text_buf t = {0};
	char hex[65], made[65], month[8], day[11];
	bool kept = false, issued = true;
	ds_status st;
	if (!j)
		return ds_fail(err, DS_EDAMAGED, "body", N_("the event record is malformed"));
	snprintf(month, sizeof(month), "%s", str_at(j, "month"));
	snprintf(day, sizeof(day), "%s", str_at(j, "day"));
	snprintf(hex, sizeof(hex), "%s", str_at(j, "hash"));
	json_decref(j);
	if ((st = core_month_parse(month, &m, "month", err)) ||
	    (st = store_roll_kept(s, m, &roll, &kept, err)) ||
	    (!kept && (st = roll_made_again(s, m, &roll, &issued, err))))
		return st;
	store_hex(made, roll.hash, sizeof(roll.hash));
	if (!issued || strcmp(made, hex)) {
		store_keptroll_free(&roll);
		return ds_fail(err, DS_EDAMAGED, "payroll.issued",
		               kept ? N_("the roll of %s kept when it was issued differs from the one issued")
		                    : N_("the roll of %s made again differs from the one issued"),
		               month);
	}
	tb_str(&t, "{\"day\":");
	tb_json_string(&t, day);
	tb_str(&t, ",\"households\":");
	tb_int(&t, (long long)roll.county.households);
	tb_str(&t, ",\"lines\":");
	tb_int(&t, (long long)roll.county.lines);
	tb_str(&t, ",\"month\":");
	tb_json_string(&t, month);
	tb_str(&t, ",\"payments\":[");
	for (size_t i = 0, any = 0; i < roll.n; i++) {
		const store_keptline *r = &roll.lines[i];
		char mo[8];
		long long amount = (long long)r->amount;
		bool seen = false;
		/* one payment per household, kind and month: a household's
		 * relief paid first and the rest of it approved in the same
		 * month, of one cause, are one sum (its lines are together) */
		for (size_t w = i; !seen && w-- > 0 && !strcmp(roll.lines[w].household, r->household);)
			seen = roll.lines[w].kind == r->kind && roll.lines[w].month == r->month;
		if (seen)
			continue;
		for (size_t w = i + 1; w < roll.n && !strcmp(roll.lines[w].household, r->household); w++)
			if (roll.lines[w].kind == r->kind && roll.lines[w].month == r->month)
				amount += (long long)roll.lines[w].amount;
		core_month_format(r->month, mo);
		tb_str(&t, any++ ? ",[" : "[");
		tb_json_string(&t, r->household);
		tb_str(&t, ",");
		tb_json_string(&t, core_payline_id(r->kind));
		tb_str(&t, ",");
		tb_json_string(&t, mo);
		tb_str(&t, ",");
		tb_int(&t, amount);
		tb_str(&t, ",");
		tb_int(&t, (long long)r->members);
		tb_str(&t, "]");
	}
	tb_str(&t, "],\"total_fen\":");
	tb_int(&t, (long long)roll.county.total);
	tb_str(&t, "}");
	store_keptroll_free(&roll);
	if (t.nomem) {
		free(t.p);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	*out = t.p;
	*out_len = t.len;
	return DS_OK;
}

typedef ds_status (*fields_fn)(ds_store *s, json_t *body, const unsigned char *key,
                               json_t *out, ds_error *err);

/* X(event kind, its reporting fields from the body's JSON). Households'
 * are written from the household read (household_fields), a roll's from
 * the roll kept at issue or made again (roll_fields); the kinds of a
 * case's steps come from the workflow's list (core_action_of_event); every
 * other kind gives the province its identity, day, author and entity
 * only. */
#define PROV_KIND_LIST(X)                         \
	X(HOUSEHOLD_REASSIGNED, fields_reassigned)

ds_status sync_prov_fields(ds_store *s, const char *kind, const char *body, size_t blen,
                           const unsigned char *key, char **out, size_t *out_len,
                           ds_error *err)
{
	fields_fn fn = NULL;
	json_t *j = NULL, *fields = NULL;
	json_error_t jerr;
	ds_status st = DS_OK;
	int k = core_event_lookup(kind);
	*out = NULL;
	*out_len = 0;
	if (k == CORE_EVENT_HOUSEHOLD_CREATED || k == CORE_EVENT_HOUSEHOLD_CHANGED) {
		core_household h;
		if ((st = household_of(body, blen, &h, err)))
			return st;
		st = household_fields(&h, key, out, out_len, err);
		core_household_free(&h);
		return st;
	}
	if (k == CORE_EVENT_PAYROLL_ISSUED)
		return s ? roll_fields(s, body, blen, out, out_len, err)
		         : ds_fail(err, DS_EINPUT, "payroll.issued",
		                   N_("a roll's lines are made from the county's store"));
	switch (k) {
#define X(e, f)                 \
	case CORE_EVENT_##e:    \
		fn = f;         \
		break;
		PROV_KIND_LIST(X)
#undef X
	default:
		if (k >= 0 && core_action_of_event((core_event_kind)k) >= 0)
			fn = fields_case;
	}
	if (!(fields = json_object()))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	if (fn) {
		if (!(j = json_loadb(body, blen, JSON_DECODE_ANY, &jerr)))
			st = ds_fail(err, DS_EDAMAGED, "body", N_("the event record is malformed"));
		else
			st = fn(s, j, key, fields, err);
		json_decref(j);
	}
	if (!st && !(*out = json_dumps(fields, JSON_COMPACT | JSON_SORT_KEYS)))
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	json_decref(fields);
	if (!st)
		*out_len = strlen(*out);
	return st;
}
