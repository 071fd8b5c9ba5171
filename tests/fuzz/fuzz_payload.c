/* fuzz_payload.c — libFuzzer target: bundle payloads and the records in
 * them. Any bytes are refused cleanly or decode to records that encode and
 * decode back the same; each record's fields are then read as
 * store/replica.c reads them (hex, the salt and the body's JSON), and the
 * records are taken into a real store inside a transaction that is rolled
 * back, so every input meets the same empty store.
 *
 * A forged event needs only a hash that anyone can compute (the bundle's
 * signature is what keeps strangers out), so the records are taken twice:
 * as they came, their chain checked as the county does, and then, as a
 * device takes them, with every event's hash recomputed from its content,
 * so the fuzzer gets past the hash into the body and the projection.
 * Checkpoints keep their signatures.
 *
 * The store is made once, in a temporary folder removed at exit (Argon2id
 * makes each unlock cost a fraction of a second). To remake
 * tests/fuzz/corpus/payload, build this file as a program with
 * -DFUZZ_PAYLOAD_SEEDS (linked like a unit test, without -fsanitize=fuzzer)
 * and run it with that folder as its argument. */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "store/internal.h" /* the event hash, for the second pass */
#include "sync/sync.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Protects a throwaway store of no data; not a secret. */
#define FUZZ_PASS "fuzz-payload-passphrase"

static char store_dir[4096];
static ds_store *store;

static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void store_gone(void)
{
	store_close(&store);
	if (*store_dir)
		nftw(store_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	*store_dir = '\0';
}

/* An empty store in a new folder under TMPDIR, open as its only user. */
static ds_store *store_new(char *dir, size_t len)
{
	const char *base = getenv("TMPDIR");
	store_secret *pass = store_secret_new(strlen(FUZZ_PASS));
	store_init_opts o;
	ds_store *s = NULL;
	if (!pass)
		return NULL;
	memcpy(pass->p, FUZZ_PASS, strlen(FUZZ_PASS));
	snprintf(dir, len, "%s/doorstep-fuzz-payload-XXXXXX",
	         base && *base ? base : "/tmp");
	memset(&o, 0, sizeof(o));
	o.user = "fuzz";
	o.role = CORE_ROLE_ASSISTANT;
	o.region = "440106";
	if (!mkdtemp(dir)) {
		store_secret_free(&pass);
		return NULL;
	}
	if (store_init(dir, &o, pass, NULL) != DS_OK ||
	    store_open(dir, NULL, pass, &s, NULL) != DS_OK) {
		store_close(&s);
		nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	}
	store_secret_free(&pass);
	if (s)
		store_set_today(s, core_date_from_ymd(2026, 11, 27));
	return s;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (store_crypto_init() != DS_OK)
		abort();
	if (!(store = store_new(store_dir, sizeof(store_dir)))) {
		fprintf(stderr, "fuzz_payload: cannot make a store in %s\n", store_dir);
		abort();
	}
	atexit(store_gone);
	return 0;
}

/* ---- the fields, read as store/replica.c reads them ----------------------- */

/* A hex field of n bytes; what decodes must be the field, in either case. */
static bool get_hex(json_t *r, const char *k, unsigned char *out, size_t n)
{
	const char *h = json_string_value(json_object_get(r, k));
	char back[2 * 64 + 1];
	if (!h || strlen(h) != 2 * n || !store_unhex(out, n, h))
		return false;
	store_hex(back, out, n);
	if (strcasecmp(back, h) != 0)
		abort();
	return true;
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

/* The body: the salt in hex and the JSON text. *plain is malloc'd. */
static bool get_body(json_t *r, unsigned char **plain, size_t *plen)
{
	json_t *text = json_object_get(r, "body");
	unsigned char *p;
	size_t n;
	*plain = NULL;
	*plen = 0;
	if (!json_is_string(text))
		return false;
	n = STORE_BODY_SALT + json_string_length(text);
	if (!(p = malloc(n)))
		abort();
	if (!get_hex(r, "salt", p, STORE_BODY_SALT)) {
		free(p);
		return false;
	}
	memcpy(p + STORE_BODY_SALT, json_string_value(text), n - STORE_BODY_SALT);
	*plain = p;
	*plen = n;
	return true;
}

/* An event record's fields but its hash; on true, *plain is the body. */
static bool read_event(json_t *r, store_event *ev,
                       unsigned char prev[STORE_HASH_BYTES],
                       unsigned char **plain, size_t *plen)
{
	int64_t hlc;
	memset(ev, 0, sizeof(*ev));
	if (!get_hex(r, "device", ev->device, STORE_DEVICE_BYTES) ||
	    !get_int(r, "epoch", &ev->epoch) || !get_int(r, "dseq", &ev->dseq) ||
	    ev->dseq < 1 || !get_int(r, "hlc", &hlc) ||
	    !get_str(r, "author", ev->author, sizeof(ev->author), false) ||
	    !get_str(r, "kind", ev->kind, sizeof(ev->kind), false) ||
	    !get_str(r, "entity", ev->entity, sizeof(ev->entity), true) ||
	    !get_hex(r, "prev", prev, STORE_HASH_BYTES))
		return false;
	ev->hlc = (uint64_t)hlc;
	return get_body(r, plain, plen);
}

static void read_checkpoint(json_t *r)
{
	unsigned char device[STORE_DEVICE_BYTES], pk[STORE_SIGN_PK_BYTES],
	        sig[STORE_SIG_BYTES];
	char user[STORE_USER_MAX];
	int64_t epoch, dseq;
	(void)(get_hex(r, "device", device, sizeof(device)) &&
	       get_int(r, "epoch", &epoch) && get_int(r, "dseq", &dseq) &&
	       get_str(r, "user", user, sizeof(user), false) &&
	       get_hex(r, "pk", pk, sizeof(pk)) && get_hex(r, "sig", sig, sizeof(sig)));
}

/* Reads every record; in fixed (a copy of the records, or NULL) each
 * readable event gets the hash of its content. *n_ev and *n_cp count the
 * kinds; *changed says whether a hash was rewritten. */
static void read_records(json_t *records, json_t *fixed, size_t *n_ev,
                         size_t *n_cp, bool *changed)
{
	json_t *r;
	size_t i;
	*n_ev = *n_cp = 0;
	*changed = false;
	json_array_foreach(records, i, r) {
		const char *t = json_string_value(json_object_get(r, "t"));
		store_event ev;
		unsigned char prev[STORE_HASH_BYTES], hash[STORE_HASH_BYTES],
		        mine[STORE_HASH_BYTES], *plain;
		char hex[2 * STORE_HASH_BYTES + 1];
		size_t plen;
		json_t *body;
		if (t && !strcmp(t, "cp")) {
			(*n_cp)++;
			read_checkpoint(r);
		}
		if (!t || strcmp(t, "ev"))
			continue;
		(*n_ev)++;
		if (!read_event(r, &ev, prev, &plain, &plen))
			continue;
		body = json_loadb((const char *)plain + STORE_BODY_SALT,
		                  plen - STORE_BODY_SALT, JSON_REJECT_DUPLICATES, NULL);
		json_decref(body);
		store_event_hash(mine, &ev, plain, plen, prev);
		free(plain);
		if (get_hex(r, "hash", hash, sizeof(hash)) &&
		    sodium_memcmp(hash, mine, sizeof(hash)) == 0)
			continue;
		store_hex(hex, mine, sizeof(mine));
		if (fixed &&
		    json_object_set_new(json_array_get(fixed, i), "hash", json_string(hex)))
			abort();
		*changed = true;
	}
}

/* Takes the records into the store and undoes it; the counts must add up. */
static void take(json_t *records, bool contiguous, size_t n_ev, size_t n_cp)
{
	store_replica_stats stats;
	ds_error err;
	if (store_begin(store, &err) != DS_OK)
		abort();
	if (store_replica_take(store, records, contiguous, NULL, NULL, &stats, &err) == DS_OK &&
	    ((size_t)(stats.added + stats.known) != n_ev ||
	     stats.checkpoints < 0 || (size_t)stats.checkpoints > n_cp))
		abort();
	store_rollback(store);
	if (store_in_transaction(store))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *records = NULL, *again = NULL, *fixed;
	unsigned char *out = NULL;
	size_t len, n_ev, n_cp;
	bool changed;
	ds_error err;

	if (sync_payload_decode(data, size, &records, &err) != DS_OK) {
		if (records)
			abort(); /* refused means nothing to free */
		return 0;
	}
	/* what decodes, encodes and decodes back to the same records */
	if (sync_payload_encode(records, &out, &len, &err) != DS_OK ||
	    sync_payload_decode(out, len, &again, &err) != DS_OK ||
	    !json_equal(records, again))
		abort();
	free(out);
	json_decref(again);

	if (!(fixed = json_deep_copy(records)))
		abort();
	read_records(records, fixed, &n_ev, &n_cp, &changed);
	/* as the county takes them; then as a device does, hashes put right */
	take(records, true, n_ev, n_cp);
	take(changed ? fixed : records, false, n_ev, n_cp);
	json_decref(fixed);
	json_decref(records);
	return 0;
}

#ifdef FUZZ_PAYLOAD_SEEDS
#include "store/casework.h"
#include "store/hhjson.h"

int main(int argc, char **argv);

static const char household_json[] =
        "{\"region\": \"440106\", \"address\": \"天河区石牌街道华师社区12号\","
        " \"members\": [{\"name\": \"欧阳秀英\", \"id_number\": \"11010519491231002x\","
        " \"relation\": \"head\", \"categories\": [\"elderly\"], \"able_to_work\": false,"
        " \"incomes\": [{\"source\": \"pension\", \"monthly\": \"600.00\"}]}],"
        " \"assets\": {\"financial\": \"5000.00\", \"vehicles\": [], \"homes\": 1}}";

static const char visit_json[] =
        "{\"date\": \"2026-11-26\", \"staff\": [\"fuzz\", \"陈芳\"],"
        " \"present\": [\"11010519491231002x\"],"
        " \"consent\": {\"signed_by\": \"11010519491231002x\", \"at\": \"2026-11-26\"},"
        " \"observations\": \"a small flat\","
        " \"members\": [{\"name\": \"欧阳秀英\", \"id_number\": \"11010519491231002x\","
        " \"relation\": \"head\", \"categories\": [\"elderly\"], \"able_to_work\": false,"
        " \"incomes\": [{\"source\": \"pension\", \"monthly\": \"650.00\"}]}]}";

/* Events written by hand: a malformed checkpoint, and an event whose
 * hash the fuzzer's second pass puts right. */
static const char by_hand[] =
        "{\"t\":\"ev\",\"device\":\"0123456789abcdef0123456789abcdef\",\"epoch\":1,"
        "\"dseq\":1,\"hlc\":1,\"author\":\"li\",\"kind\":\"device.epoch\",\"entity\":\"\","
        "\"salt\":\"00000000000000000000000000000000\",\"prev\":"
        "\"0000000000000000000000000000000000000000000000000000000000000000\","
        "\"hash\":\"0000000000000000000000000000000000000000000000000000000000000000\","
        "\"blen\":11}\n{\"epoch\":1}\n"
        "{\"t\":\"cp\",\"device\":\"0123456789abcdef0123456789abcdef\",\"epoch\":1,"
        "\"dseq\":1,\"user\":\"li\",\"pk\":\"00\",\"sig\":\"00\"}\n";

static int write_file(const char *dir, const char *name,
                      const unsigned char *p, size_t len)
{
	char path[4096];
	FILE *f;
	int ok;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	ok = f && fwrite(p, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = 0;
	if (!ok)
		fprintf(stderr, "cannot write %s\n", path);
	return !ok;
}

/* This store's events of the given kinds (" kind kind ") with their
 * checkpoints as a payload, as a bundle would carry them; the seeds stay
 * under 4 KB. */
static int write_log(const char *dir, const char *name, const char *kinds)
{
	json_t *records = NULL, *r;
	unsigned char *p = NULL;
	int64_t last, kept = -1;
	size_t len, i = 0;
	ds_error err;
	int bad;
	if (store_replica_own(store, 0, store_device_dseq(store), &records, &last,
	                      &err) == DS_OK)
		while (i < json_array_size(records)) {
			const char *t, *kind;
			char pad[40];
			r = json_array_get(records, i);
			t = json_string_value(json_object_get(r, "t"));
			kind = json_string_value(json_object_get(r, "kind"));
			snprintf(pad, sizeof(pad), " %s ", kind ? kind : "");
			if (!strcmp(t, "ev") && strstr(kinds, pad)) {
				kept = json_integer_value(json_object_get(r, "dseq"));
				i++;
			} else if (!strcmp(t, "cp") &&
			           json_integer_value(json_object_get(r, "dseq")) == kept) {
				i++;
			} else {
				(void)json_array_remove(records, i);
			}
		}
	if (!records || sync_payload_encode(records, &p, &len, &err)) {
		json_decref(records);
		fprintf(stderr, "cannot make the payload %s\n", name);
		return 1;
	}
	bad = write_file(dir, name, p, len);
	free(p);
	json_decref(records);
	return bad;
}

static int fail(const char *what, const ds_error *err)
{
	char msg[512];
	ds_error_format(err, msg, sizeof(msg), NULL);
	fprintf(stderr, "cannot %s: %s\n", what, msg);
	return 1;
}

int main(int argc, char **argv)
{
	char id[STORE_ID_BUF];
	json_t *j;
	core_household h;
	core_visit v;
	store_household_row row;
	store_visit_result res;
	ds_error err;
	int bad = 0;
	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS-FOLDER\n", argv[0]);
		return 2;
	}
	if (store_crypto_init() != DS_OK ||
	    !(store = store_new(store_dir, sizeof(store_dir))))
		return 1;
	atexit(store_gone);
	bad |= write_file(argv[1], "by-hand", (const unsigned char *)by_hand,
	                  sizeof(by_hand) - 1);
	/* the start of a chain, for the county's order check (the default
	 * policy after it is a 9 KB event: too big a seed) */
	bad |= write_log(argv[1], "chain-start", " store.created user.added ");

	j = json_loads(household_json, 0, NULL);
	if (!j || store_household_from_json(j, &h, &err) ||
	    store_household_add(store, &h, id, &err))
		return fail("add the household", &err);
	json_decref(j);
	core_household_free(&h);
	bad |= write_log(argv[1], "household", " household.created ");

	j = json_loads(visit_json, 0, NULL);
	memset(&res, 0, sizeof(res));
	core_visit_init(&v);
	if (!j || store_household_get(store, id, &row, &err) ||
	    store_visit_from_json(j, &row.h, &v, &err) ||
	    store_visit_record(store, id, &v, &res, &err))
		return fail("record the visit", &err);
	json_decref(j);
	core_visit_free(&v);
	store_visit_result_free(&res);
	store_row_free(&row);
	bad |= write_log(argv[1], "visit",
	                 " household.created household.changed visit.recorded ");
	bad |= write_log(argv[1], "assessed",
	                 " household.created household.assessed ");
	return bad;
}
#endif
