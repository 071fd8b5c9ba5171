/* bench_sync.c — sync of 10,000 household events from a device to the
 * county: packing and sealing them into bundles, the county opening,
 * checking and applying them, against raw SQLite inserts of the same
 * rows (the events, and the household and index rows their projection
 * writes) in the same run; a bundle taken twice, and the peak RSS.
 * BENCH_HOUSEHOLDS overrides the count; BUILD names the build folder.
 * Then the bytes on the wire for one assistant's 300 households (a first
 * sync, and a monthly `assess --all`), sealed as format 1 (plain) and as
 * format 2 (compressed, padded), with the ratio (bytes_on_the_wire). */
#include <sodium.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "store/county.h"
#include "store/store.h"
#include "sync/county/county.h"
#include "sync/sync.h"
#include "tests/bench/bench.h"
#include "tui/cli.h"

#define now() bench_now()
#define die(what, err) bench_die("bench_sync", (what), (err))

/* This thread's processor time. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One event as the county's log holds it, with the body in plaintext. */
typedef struct {
	unsigned char device[STORE_DEVICE_BYTES], prev[STORE_HASH_BYTES],
	        hash[STORE_HASH_BYTES];
	json_int_t epoch, dseq, hlc;
	const char *author, *kind, *entity; /* in the records */
	unsigned char *body;
	size_t blen;
	/* for a new household: the index rows the county's projection
	 * writes, a keyed hash of each member's ID number */
	unsigned char (*blind)[STORE_BLIND_BYTES];
	size_t n_blind;
} raw_row;

/* A bundle from the device's outbox. */
typedef struct {
	unsigned char *bytes;
	size_t len;
} bundle;

static void init_store(const char *dir, const char *user, core_role role,
                       const char *region, const store_secret *pass,
                       ds_store **s)
{
	store_init_opts o;
	ds_error err;
	memset(&o, 0, sizeof(o));
	o.user = user;
	o.role = role;
	o.region = region;
	if (store_init(dir, &o, pass, &err) ||
	    store_open(dir, user, pass, s, &err))
		die(user, &err);
	store_set_today(*s, core_date_from_ymd(2026, 11, 27));
}

/* The device's event records as rows; 0 when a record will not decode. */
static size_t rows_of(json_t *records, raw_row *rows)
{
	json_t *r;
	size_t i, n = 0;
	json_array_foreach(records, i, r) {
		const char *t = json_string_value(json_object_get(r, "t"));
		json_t *text = json_object_get(r, "body");
		raw_row *w = &rows[n];
		if (!t || strcmp(t, "ev"))
			continue;
		if (!json_is_string(text) ||
		    !store_unhex(w->device, sizeof(w->device),
		                 json_string_value(json_object_get(r, "device"))) ||
		    !store_unhex(w->prev, sizeof(w->prev),
		                 json_string_value(json_object_get(r, "prev"))) ||
		    !store_unhex(w->hash, sizeof(w->hash),
		                 json_string_value(json_object_get(r, "hash"))))
			return 0;
		w->epoch = json_integer_value(json_object_get(r, "epoch"));
		w->dseq = json_integer_value(json_object_get(r, "dseq"));
		w->hlc = json_integer_value(json_object_get(r, "hlc"));
		w->author = json_string_value(json_object_get(r, "author"));
		w->kind = json_string_value(json_object_get(r, "kind"));
		w->entity = json_string_value(json_object_get(r, "entity"));
		w->blen = 16 + json_string_length(text);
		if (!w->author || !w->kind || !w->entity ||
		    !(w->body = malloc(w->blen)) ||
		    !store_unhex(w->body, 16, json_string_value(json_object_get(r, "salt"))))
			return 0;
		memcpy(w->body + 16, json_string_value(text), w->blen - 16);
		if (!strcmp(w->kind, "household.created")) {
			json_t *body = json_loads(json_string_value(text), 0, NULL);
			json_t *members = json_object_get(json_object_get(body, "household"),
			                                  "members"), *m;
			size_t k;
			w->n_blind = json_array_size(members);
			if (!w->n_blind || !(w->blind = calloc(w->n_blind, STORE_BLIND_BYTES)))
				return 0;
			json_array_foreach(members, k, m) {
				const char *idn = json_string_value(json_object_get(m, "id_number"));
				if (!idn)
					return 0;
				crypto_generichash(w->blind[k], STORE_BLIND_BYTES,
				                   (const unsigned char *)idn, strlen(idn), NULL, 0);
			}
			json_decref(body);
		}
		n++;
	}
	return n;
}

/* Raw SQLite: the rows the county's take writes, bodies in plaintext, into
 * tables made as the store makes them, with the store's pragmas; a
 * transaction for every cut[k] rows (ncut of them), or one for all when
 * ncut is 0. with_projection false: the event rows alone. */
static double raw_inserts(const char *dir, const char *name,
                          const raw_row *rows, size_t n, bool with_projection,
                          const size_t *cut, size_t ncut, size_t *written)
{
	size_t at_bundle = 0, in_tx = 0;
	char path[4200];
	sqlite3 *db;
	sqlite3_stmt *st, *hh, *person;
	double t0, t1;
	unsigned char mac[32];
	memset(mac, 0x5a, sizeof(mac));
	*written = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		die("raw open", NULL);
	if (sqlite3_exec(db,
	                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	                 "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"
	                 "PRAGMA temp_store=MEMORY; PRAGMA cell_size_check=ON;"
	                 "CREATE TABLE event (seq INTEGER PRIMARY KEY, device BLOB NOT NULL,"
	                 " epoch INTEGER NOT NULL, dseq INTEGER NOT NULL, hlc INTEGER NOT NULL,"
	                 " author TEXT NOT NULL, kind TEXT NOT NULL, entity TEXT NOT NULL,"
	                 " body BLOB NOT NULL, prev BLOB NOT NULL, hash BLOB NOT NULL,"
	                 " UNIQUE (device, epoch, dseq));"
	                 "CREATE INDEX event_entity ON event(entity, seq);"
	                 "CREATE TABLE household (id TEXT NOT NULL UNIQUE, status TEXT NOT NULL,"
	                 " due TEXT, version INTEGER NOT NULL, created_seq INTEGER NOT NULL,"
	                 " updated_seq INTEGER NOT NULL, data BLOB, mac BLOB NOT NULL);"
	                 "CREATE TABLE person (blind BLOB PRIMARY KEY, household TEXT NOT NULL)"
	                 " WITHOUT ROWID;",
	                 NULL, NULL, NULL) != SQLITE_OK)
		die("raw schema", NULL);
	t0 = now();
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db,
	                       "INSERT INTO event(device, epoch, dseq, hlc, author, kind,"
	                       " entity, body, prev, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
	                       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "INSERT INTO household(status, due, version, created_seq,"
	                       " updated_seq, data, mac, id) VALUES (?,?,?,?,?,?,?,?)",
	                       -1, &hh, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO person(blind, household) VALUES (?, ?)",
	                       -1, &person, NULL) != SQLITE_OK)
		die("raw prepare", NULL);
	for (size_t i = 0; i < n; i++) {
		sqlite3_int64 seq;
		if (ncut && at_bundle < ncut - 1 && in_tx == cut[at_bundle]) {
			if (sqlite3_exec(db, "COMMIT; BEGIN", NULL, NULL, NULL) != SQLITE_OK)
				die("raw commit", NULL);
			at_bundle++;
			in_tx = 0;
		}
		in_tx++;
		sqlite3_bind_blob(st, 1, rows[i].device, STORE_DEVICE_BYTES, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, rows[i].epoch);
		sqlite3_bind_int64(st, 3, rows[i].dseq);
		sqlite3_bind_int64(st, 4, rows[i].hlc);
		sqlite3_bind_text(st, 5, rows[i].author, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, rows[i].kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, rows[i].entity, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 8, rows[i].body, (int)rows[i].blen, SQLITE_STATIC);
		sqlite3_bind_blob(st, 9, rows[i].prev, STORE_HASH_BYTES, SQLITE_STATIC);
		sqlite3_bind_blob(st, 10, rows[i].hash, STORE_HASH_BYTES, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			die("raw insert", NULL);
		sqlite3_reset(st);
		(*written)++;
		if (!with_projection || !rows[i].n_blind)
			continue;
		seq = sqlite3_last_insert_rowid(db);
		sqlite3_bind_text(hh, 1, "applying", -1, SQLITE_STATIC);
		sqlite3_bind_null(hh, 2);
		sqlite3_bind_int64(hh, 3, 1);
		sqlite3_bind_int64(hh, 4, seq);
		sqlite3_bind_int64(hh, 5, seq);
		sqlite3_bind_null(hh, 6);
		sqlite3_bind_blob(hh, 7, mac, sizeof(mac), SQLITE_STATIC);
		sqlite3_bind_text(hh, 8, rows[i].entity, -1, SQLITE_STATIC);
		if (sqlite3_step(hh) != SQLITE_DONE)
			die("raw household insert", NULL);
		sqlite3_reset(hh);
		(*written)++;
		for (size_t k = 0; k < rows[i].n_blind; k++) {
			sqlite3_bind_blob(person, 1, rows[i].blind[k], STORE_BLIND_BYTES,
			                  SQLITE_STATIC);
			sqlite3_bind_text(person, 2, rows[i].entity, -1, SQLITE_STATIC);
			if (sqlite3_step(person) != SQLITE_DONE)
				die("raw person insert", NULL);
			sqlite3_reset(person);
			(*written)++;
		}
	}
	sqlite3_finalize(st);
	sqlite3_finalize(hh);
	sqlite3_finalize(person);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		die("raw commit", NULL);
	t1 = now();
	sqlite3_close(db);
	return t1 - t0;
}

/* The ingest section: the county takes every bundle (verified, decrypted,
 * every event checked and applied with the projection, one transaction a
 * bundle), against raw SQLite inserts of the same rows in the same
 * transactions, in this process; the same bundles again; the opening
 * alone. Prints its figures and the target's line; *applied, the events
 * the county took; cut[k], the events bundle k carries. */
static double open_only(ds_store *county, const store_device_pub *dev,
                        const bundle *b, size_t nb);

static void ingest(const char *dir, long n, ds_store *county,
                   const store_device_pub *dpub, const bundle *b, size_t nb,
                   const size_t *cut, const raw_row *rows, size_t nrows,
                   int64_t *applied)
{
	double t0, t_raw, t_raw_one, t_raw_ev, t_take, t_again, t_open, c0,
	        c_take, c_raw;
	size_t raw_rows, raw_ev_rows;
	char figure[256];

	t_raw_ev = raw_inserts(dir, "raw-events.db", rows, nrows, false, cut, nb,
	                       &raw_ev_rows);
	t_raw_one = raw_inserts(dir, "raw-one.db", rows, nrows, true, NULL, 0, &raw_rows);
	c0 = cpu_now();
	t_raw = raw_inserts(dir, "raw.db", rows, nrows, true, cut, nb, &raw_rows);
	c_raw = cpu_now() - c0;

	/* The county takes them: verified, decrypted, every event checked and
	 * applied with the projection, one transaction a bundle. */
	*applied = 0;
	t0 = now();
	c0 = cpu_now();
	for (size_t i = 0; i < nb; i++) {
		sync_receipt r;
		bool have = false;
		ds_error err;
		if (county_take(county, b[i].bytes, b[i].len, &r, &have, NULL, &err))
			die("county_take", &err);
		if (!have || r.outcome != SYNC_APPLIED) {
			fprintf(stderr, "bench_sync: bundle %zu: %s %s\n", i + 1,
			        have ? sync_outcome_id(r.outcome) : "no receipt", r.reason);
			exit(1);
		}
		*applied += r.events;
	}
	c_take = cpu_now() - c0;
	t_take = now() - t0;

	/* The same bundles again: acknowledged again, nothing applied. */
	t0 = now();
	for (size_t i = 0; i < nb; i++) {
		sync_receipt r;
		bool have = false;
		ds_error err;
		if (county_take(county, b[i].bytes, b[i].len, &r, &have, NULL, &err))
			die("county_take again", &err);
		if (!have || r.outcome != SYNC_ALREADY) {
			fprintf(stderr, "bench_sync: bundle %zu again: %s %s\n", i + 1,
			        have ? sync_outcome_id(r.outcome) : "no receipt", r.reason);
			exit(1);
		}
	}
	t_again = now() - t0;
	t_open = open_only(county, dpub, b, nb);

	printf("  raw SQLite inserts of the rows the county writes (%zu: the events, and each new household's row and ID-number index rows), plaintext bodies, a transaction a bundle as the county commits them (%zu): %.3f s (%.0f rows/s)\n",
	       raw_rows, nb, t_raw, (double)raw_rows / t_raw);
	printf("    the same rows in one transaction: %.3f s; the event rows alone, a transaction a bundle (%zu rows): %.3f s\n",
	       t_raw_one, raw_ev_rows, t_raw_ev);
	printf("  county take (verify, decrypt, check hash, link and signature, apply with the projection): %.3f s (%.0f events/s)\n",
	       t_take, (double)*applied / t_take);
	printf("    of which verifying, decrypting and parsing alone: about %.3f s (timed apart, %.2fx raw)\n",
	       t_open, t_open / t_raw);
	printf("    processor time of the log's writer (the hash check, re-seal, blind index and permission check run on worker threads): %.3f s, %.2fx the raw inserts' %.3f s\n",
	       c_take, c_take / c_raw, c_raw);
	printf("  ratio county ingest / raw SQLite inserts of the same rows in the same transactions: %.2fx (target <= 2x); against the same rows in one transaction: %.2fx; against the event rows alone: %.2fx\n",
	       t_take / t_raw, t_take / t_raw_one, t_take / t_raw_ev);
	printf("  the same %zu bundles again (acknowledged, not applied): %.4f s (%.2f ms a bundle)\n",
	       nb, t_again, t_again * 1e3 / (double)nb);
	snprintf(figure, sizeof(figure),
	         "%.3f s, %.2fx raw inserts of the same rows (%.3f s)", t_take,
	         t_take / t_raw, t_raw);
	bench_target("county ingest vs raw inserts", n, figure, "<= 2x",
	             t_take / t_raw <= 2.0);
}

static ds_status device_signer(void *ctx,
                               const unsigned char sender[SYNC_DEVICE_BYTES],
                               unsigned char pk[STORE_SIGN_PK_BYTES],
                               ds_error *err)
{
	(void)sender;
	(void)err;
	memcpy(pk, ctx, STORE_SIGN_PK_BYTES);
	return DS_OK;
}

/* Opening alone, nothing applied: verify, decrypt and parse every bundle
 * as the county does before its transaction. */
static double open_only(ds_store *county, const store_device_pub *dev,
                        const bundle *b, size_t nb)
{
	store_device_pub me;
	store_secret *box_sk = NULL;
	ds_error err;
	double t0, t;
	if (store_device(county, &me, &box_sk, NULL, &err))
		die("county keys", &err);
	t0 = now();
	for (size_t i = 0; i < nb; i++) {
		sync_opened o;
		json_t *records = NULL;
		memset(&o, 0, sizeof(o));
		if (sync_bundle_open(&o, b[i].bytes, b[i].len, me.box_pk, box_sk->p,
		                     device_signer, (void *)dev->sign_pk, &err) ||
		    sync_bundle_open_payload(&o, b[i].bytes, b[i].len, &err) ||
		    sync_payload_decode(o.payload, o.plen, &records, &err))
			die("open", &err);
		json_decref(records);
		sync_opened_free(&o);
	}
	t = now() - t0;
	store_secret_free(&box_sk);
	return t;
}

/* ---- bytes on the wire ----------------------------------------------------------
 * The device's events with from < dseq <= to, packed as sync_device_pack
 * packs them (5000 to a bundle), each payload sealed in both formats: the
 * bytes of each, the events and the bundles. */
typedef struct {
	size_t plain, zstd, payload, events, bundles;
	double t_seal;
} wire;

static wire wire_measure(ds_store *dev, int64_t from, int64_t to)
{
	unsigned char box_pk[STORE_BOX_PK_BYTES], box_sk[STORE_BOX_SK_BYTES],
	        sign_pk[STORE_SIGN_PK_BYTES], sign_sk[STORE_SIGN_SK_BYTES];
	store_device_pub me;
	int64_t after = from, last;
	ds_error err;
	wire w;
	memset(&w, 0, sizeof(w));
	crypto_box_keypair(box_pk, box_sk);
	crypto_sign_keypair(sign_pk, sign_sk);
	if (store_device(dev, &me, NULL, NULL, &err))
		die("device", &err);
	while (after < to) {
		json_t *records = NULL;
		unsigned char *payload = NULL, *b1 = NULL, *b2 = NULL;
		size_t plen = 0, l1 = 0, l2 = 0;
		sync_envelope env;
		double t0;
		if (store_replica_own(dev, after, after + 5000 < to ? after + 5000 : to,
		                      &records, &last, &err))
			die("records", &err);
		if (last <= after) {
			json_decref(records);
			break;
		}
		memset(&env, 0, sizeof(env));
		env.kind = SYNC_UP;
		memcpy(env.sender, me.device, SYNC_DEVICE_BYTES);
		env.epoch = (uint64_t)me.epoch;
		env.number = w.bundles + 1;
		env.first = (uint64_t)after + 1;
		env.last = (uint64_t)last;
		env.count = (uint32_t)json_array_size(records);
		if (sync_payload_encode(records, &payload, &plen, &err))
			die("encode", &err);
		if (sync_bundle_seal_format(&b1, &l1, NULL, &env, payload, plen,
		                            SYNC_FORMAT_PLAIN, box_pk, sign_sk))
			die("seal format 1", NULL);
		t0 = now();
		if (sync_bundle_seal_format(&b2, &l2, NULL, &env, payload, plen,
		                            SYNC_FORMAT_ZSTD, box_pk, sign_sk))
			die("seal format 2", NULL);
		w.t_seal += now() - t0;
		w.plain += l1;
		w.zstd += l2;
		w.payload += plen;
		w.events += (size_t)(last - after);
		w.bundles++;
		free(b1);
		free(b2);
		free(payload);
		json_decref(records);
		after = last;
	}
	return w;
}

static void wire_print(const char *what, const char *row, const wire *w)
{
	char fig[256];
	double ratio = (double)w->plain / (double)(w->zstd ? w->zstd : 1);
	printf("  %s: %zu events in %zu bundles: plain (format 1) %zu B (%.0f B an event), compressed (format 2) %zu B (%.0f B an event, sealing %.3f s); ratio %.2fx fewer bytes (target >= 5x)\n",
	       what, w->events, w->bundles, w->plain,
	       (double)w->plain / (double)(w->events ? w->events : 1), w->zstd,
	       (double)w->zstd / (double)(w->events ? w->events : 1), w->t_seal,
	       ratio);
	snprintf(fig, sizeof(fig), "plain %zu B, compressed %zu B, %.2fx fewer",
	         w->plain, w->zstd, ratio);
	bench_target(row, 300, fig, ">= 5x fewer", ratio >= 5.0);
}

/* One assistant's 300 households: imported and sent the first time, then
 * assessed, all of them (doorstep assess --all), and sent again. */
static void bytes_on_the_wire(const char *build, const store_secret *pass)
{
	char tmpl[] = "/tmp/doorstep-bench-wire.XXXXXX", *dir, path[4200],
	     store[4200], pf[4200], cmd[16000];
	ds_store *dev = NULL;
	ds_error err;
	long imported = 0;
	int64_t before;
	wire first, month;
	FILE *f;
	int fd;
	if (!(dir = mkdtemp(tmpl)))
		die("mkdtemp", NULL);
	snprintf(path, sizeof(path), "%s/households.jsonl", dir);
	snprintf(store, sizeof(store), "%s/device", dir);
	snprintf(pf, sizeof(pf), "%s/pass", dir);
	snprintf(cmd, sizeof(cmd),
	         "DOORSTEP_TODAY=2026-11-27 '%s/doorstep' demo --households 300 --seed 5 --jsonl '%s' &&"
	         " sed -i -E 's/^\\{\"region\":\"[0-9]{6}\"/{\"region\":\"440106\"/;"
	         " s/\"code\":\"[0-9]{6}/\"code\":\"440106/g' '%s'",
	         build, path, path);
	if (system(cmd) != 0)
		die("doorstep demo --jsonl (300) failed", NULL);
	init_store(store, "wang", CORE_ROLE_ASSISTANT, "440106", pass, &dev);
	if (cli_import(dev, path, false, &imported) != 0 || imported != 300)
		die("import refused the demo file (see above)", NULL);
	first = wire_measure(dev, 0, store_device_dseq(dev));
	before = store_device_dseq(dev);
	store_close(&dev);
	fd = open(pf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w")) || fwrite(pass->p, 1, pass->len, f) != pass->len ||
	    fputc('\n', f) == EOF || fclose(f) != 0)
		die("passphrase file", NULL);
	snprintf(cmd, sizeof(cmd),
	         "DOORSTEP_TODAY=2026-11-27 DOORSTEP_STORE='%s' DOORSTEP_USER=wang"
	         " DOORSTEP_PASSPHRASE_FILE='%s' '%s/doorstep' assess --all > /dev/null",
	         store, pf, build);
	if (system(cmd) != 0)
		die("doorstep assess --all failed", NULL);
	if (store_open(store, "wang", pass, &dev, &err))
		die("reopen", &err);
	month = wire_measure(dev, before, store_device_dseq(dev));
	store_close(&dev);
	printf("bench sync, bytes on the wire: 300 demo households, one assistant\n");
	wire_print("first sync", "bytes on the wire, first sync", &first);
	wire_print("monthly assess --all", "bytes on the wire, monthly assess --all", &month);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_sync: could not remove %s\n", dir);
}

int main(void)
{
	const char *env_n = getenv("BENCH_HOUSEHOLDS");
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	long n = env_n ? atol(env_n) : 10000, imported = 0;
	char tmpl[] = "/tmp/doorstep-bench-sync.XXXXXX", *dir, path[4200],
	     dstore[4200], cstore[4200], cmd[9000];
	store_secret *pass;
	ds_store *dev = NULL, *county = NULL;
	store_device_pub dpub, cpub;
	store_county_pub cpk;
	store_cdev cd;
	store_outgoing *out = NULL;
	bundle *b;
	raw_row *rows;
	json_t *records = NULL;
	ds_error err;
	bool already;
	int made = 0;
	size_t nb = 0, nrows, bytes = 0, plain = 0;
	int64_t events = 0, applied = 0, last, households = 0;
	double t0, t_pack, t_records;
	size_t *cut;
	long rss_setup;
	struct rusage ru;

	if (n <= 0)
		n = 10000;
	if (sodium_init() < 0)
		die("sodium_init", NULL);
	if (!(dir = mkdtemp(tmpl)))
		die("mkdtemp", NULL);
	snprintf(path, sizeof(path), "%s/households.jsonl", dir);
	snprintf(cmd, sizeof(cmd),
	         "DOORSTEP_TODAY=2026-11-27 '%s/doorstep' demo --households %ld --seed 5 --jsonl '%s'",
	         build, n, path);
	if (system(cmd) != 0)
		die("doorstep demo --jsonl failed", NULL);
	/* one township assistant's caseload: every household in the area the
	 * device is enrolled for (the demo spreads them over eight), its
	 * township and village codes moved under it too */
	snprintf(cmd, sizeof(cmd),
	         "sed -i -E 's/^\\{\"region\":\"[0-9]{6}\"/{\"region\":\"440106\"/;"
	         " s/\"code\":\"[0-9]{6}/\"code\":\"440106/g' '%s'",
	         path);
	if (system(cmd) != 0)
		die("sed over the demo file failed", NULL);
	pass = store_secret_new(16);
	if (!pass)
		die("out of memory", NULL);
	memcpy(pass->p, "bench passphrase", 16);

	/* The device, with the households in its log; the county, with the
	 * device enrolled; the device, enrolled with the county. */
	snprintf(dstore, sizeof(dstore), "%s/device", dir);
	snprintf(cstore, sizeof(cstore), "%s/county", dir);
	init_store(dstore, "wang", CORE_ROLE_ASSISTANT, "440106", pass, &dev);
	init_store(cstore, "county", CORE_ROLE_SUPERVISOR, NULL, pass, &county);
	if (cli_import(dev, path, false, &imported) != 0 || imported != n)
		die("import refused the demo file (see above)", NULL);
	if (store_device(dev, &dpub, NULL, NULL, &err) ||
	    store_device(county, &cpub, NULL, NULL, &err))
		die("device keys", &err);
	memset(&cd, 0, sizeof(cd));
	memcpy(cd.device, dpub.device, sizeof(cd.device));
	snprintf(cd.user, sizeof(cd.user), "wang");
	snprintf(cd.role, sizeof(cd.role), "assistant");
	snprintf(cd.area, sizeof(cd.area), "440106");
	memcpy(cd.sign_pk, dpub.sign_pk, sizeof(cd.sign_pk));
	memcpy(cd.box_pk, dpub.box_pk, sizeof(cd.box_pk));
	if (store_begin(county, &err) ||
	    store_cdev_put(county, &cd, &already, &err) ||
	    store_commit(county, &err))
		die("enroll at the county", &err);
	memset(&cpk, 0, sizeof(cpk));
	memcpy(cpk.box_pk, cpub.box_pk, sizeof(cpk.box_pk));
	memcpy(cpk.sign_pk, cpub.sign_pk, sizeof(cpk.sign_pk));
	{
		/* the key id as doorstep-county init forms it */
		unsigned char both[64], id[8];
		memcpy(both, cpub.box_pk, 32);
		memcpy(both + 32, cpub.sign_pk, 32);
		crypto_generichash(id, sizeof(id), both, sizeof(both), NULL, 0);
		store_hex(cpk.key_id, id, sizeof(id));
	}
	if (store_begin(dev, &err) || store_county_set(dev, &cpk, NULL, &err) ||
	    store_commit(dev, &err))
		die("enroll with the county", &err);
	getrusage(RUSAGE_SELF, &ru);
	rss_setup = ru.ru_maxrss;

	/* The device's events as records (what packing reads first), and as
	 * plaintext rows for the baseline. */
	t0 = now();
	if (store_replica_own(dev, 0, store_device_dseq(dev), &records, &last, &err))
		die("records", &err);
	t_records = now() - t0;
	rows = calloc(json_array_size(records) + 1, sizeof(*rows));
	if (!rows)
		die("out of memory", NULL);
	nrows = rows_of(records, rows);
	if (!nrows)
		die("a record does not decode", NULL);
	for (size_t i = 0; i < nrows; i++)
		plain += rows[i].blen;

	/* Packing and sealing. */
	t0 = now();
	if (sync_device_pack(dev, 0, &made, &err))
		die("pack", &err);
	t_pack = now() - t0;
	if (store_outbox_pending(dev, &out, &nb, &err))
		die("outbox", &err);
	if (!(b = calloc(nb + 1, sizeof(*b))))
		die("out of memory", NULL);
	for (size_t i = 0; i < nb; i++) {
		if (store_outbox_bytes(dev, out[i].epoch, out[i].number, &b[i].bytes,
		                       &b[i].len, &err))
			die("outbox bytes", &err);
		bytes += b[i].len;
		events += out[i].last - out[i].first + 1;
	}
	if ((size_t)events != nrows) {
		fprintf(stderr, "bench_sync: %zu bundles carry %lld events of %zu in the log\n",
		        nb, (long long)events, nrows);
		return 1;
	}

	/* the events each bundle carries, for the baseline's transactions */
	if (!(cut = calloc(nb + 1, sizeof(*cut))))
		die("out of memory", NULL);
	for (size_t i = 0; i < nb; i++)
		cut[i] = (size_t)(out[i].last - out[i].first + 1);
	printf("bench sync: %ld demo households, %lld events in %zu bundles\n", n,
	       (long long)events, nb);
	ingest(dir, n, county, &dpub, b, nb, cut, rows, nrows, &applied);

	if (store_household_count(county, &households, &err))
		die("count", &err);
	getrusage(RUSAGE_SELF, &ru);

	printf("  device pack (read back and open every event, encode, seal, sign, keep): %.3f s (%.0f events/s), %.2f MB of bundles (%.0f bytes an event; plaintext bodies %.2f MB)\n",
	       t_pack, (double)events / t_pack, (double)bytes / 1e6,
	       (double)bytes / (double)events, (double)plain / 1e6);
	printf("    of which reading the events back as records: about %.3f s (timed apart)\n",
	       t_records);
	printf("  peak RSS: %.1f MiB, %.1f MiB of it by the end of the import (one process holds both stores, every bundle and the baseline's rows; Argon2id runs in a child)\n",
	       (double)ru.ru_maxrss / 1024.0, (double)rss_setup / 1024.0);

	bytes_on_the_wire(build, pass);

	free(cut);
	for (size_t i = 0; i < nrows; i++) {
		free(rows[i].body);
		free(rows[i].blind);
	}
	free(rows);
	json_decref(records);
	for (size_t i = 0; i < nb; i++)
		free(b[i].bytes);
	free(b);
	free(out);
	store_close(&dev);
	store_close(&county);
	store_secret_free(&pass);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_sync: could not remove %s\n", dir);
	if (applied != events || households != n) {
		fprintf(stderr, "bench_sync: applied %lld of %lld events; the county holds %lld of %ld households\n",
		        (long long)applied, (long long)events, (long long)households, n);
		return 1;
	}
	return 0;
}
