/* feed.c — the county's log sent to the province's PostgreSQL as province
 * records (sync/provrec.h: the reporting fields only, persons as
 * pseudonyms under the province key kept sealed in the county's store,
 * hash-chained and signed by the county). The feed asks the province where
 * this county's inbox stops and goes on from there, 5,000 records a
 * transaction, COPY straight into the inbox (through a temporary table and
 * INSERT ... ON CONFLICT DO NOTHING on the event's identity when another
 * feed sent some of them), so a feed cut short anywhere and run again sends
 * each event once. While the server takes one batch, the next is made.
 * See sync/province/PROVINCE.md. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/provkey.h"
#include "store/provread.h"
#include "store/replica.h"
#include "sync/county/feed.h"
#include "sync/pg.h"
#include "sync/provrec.h"


/* ---- feed -------------------------------------------------------------------------- */

/* A batch as COPY text. */
typedef struct {
	char *buf;
	size_t len, cap;
	size_t n; /* records in it */
	bool nomem;
} batch;

typedef struct {
	ds_store *s;
	const char *county;
	const unsigned char *key;      /* the province key */
	const unsigned char *sign_sk;  /* the county's signing key */
	size_t batch;
	int pause_ms;                  /* between batches (tests) */
	batch b[2];                    /* one being sent, one being made */
} feeder;

static void put(batch *f, const char *p, size_t n)
{
	if (f->len + n + 1 > f->cap) {
		size_t nc = f->cap ? f->cap : 1 << 16;
		char *b;
		while (nc < f->len + n + 1)
			nc *= 2;
		if (!(b = realloc(f->buf, nc))) {
			f->nomem = true;
			return;
		}
		f->buf = b;
		f->cap = nc;
	}
	memcpy(f->buf + f->len, p, n);
	f->len += n;
}

/* A text field of COPY's text format: backslash, tab and line ends escaped. */
static void put_copy_text(batch *f, const char *s, size_t n, char end)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		const char *esc = s[i] == '\\' ? "\\\\" : s[i] == '\t' ? "\\t"
		                : s[i] == '\n' ? "\\n" : s[i] == '\r' ? "\\r" : NULL;
		if (esc) {
			put(f, s + from, i - from);
			put(f, esc, 2);
			from = i + 1;
		}
	}
	put(f, s + from, n - from);
	put(f, &end, 1);
}

static void put_copy_str(batch *f, const char *s, char end)
{
	put_copy_text(f, s, strlen(s), end);
}

static void put_copy_int(batch *f, int64_t v, char end)
{
	char b[24];
	int n = snprintf(b, sizeof(b), "%lld", (long long)v);
	put_copy_text(f, b, (size_t)n, end);
}

static void put_copy_bytea(batch *f, const unsigned char *b, size_t n, char end)
{
	char hex[2 * 64 + 4];
	sync_pg_bytea(hex, b, n);
	put_copy_str(f, hex, end);
}

/* One event into the batch: its reporting fields and hash, chained on
 * prev (which becomes its hash), and with sign the county's signature over
 * that hash, which vouches for every record of the chain before it. */
static ds_status add_record(feeder *f, batch *b, const store_logged *ev, bool sign,
                            unsigned char prev[SYNC_PROV_HASH_BYTES], ds_error *err)
{
	char day[11], device[2 * STORE_DEVICE_BYTES + 1], *ftext = NULL;
	size_t flen = 0;
	unsigned char hash[SYNC_PROV_HASH_BYTES], sig[SYNC_PROV_SIG_BYTES];
	sync_provrec pr;
	ds_status st;
	if ((st = sync_prov_fields(f->s, ev->kind, ev->body, ev->blen, f->key, &ftext, &flen,
	                           err))) {
		char where[48];
		snprintf(where, sizeof(where), "event %lld", (long long)ev->seq);
		ds_error_prefix(err, where);
		return st;
	}
	sync_prov_day(day, ev->hlc);
	store_hex(device, ev->device, STORE_DEVICE_BYTES);
	memset(&pr, 0, sizeof(pr));
	pr.county = f->county;
	pr.device = device;
	pr.epoch = ev->epoch;
	pr.dseq = ev->dseq;
	pr.seq = ev->seq;
	pr.kind = ev->kind;
	pr.day = day;
	pr.author = ev->author;
	pr.entity = ev->entity;
	pr.fields = ftext;
	pr.fields_len = flen;
	sync_provrec_hash(hash, prev, &pr);
	put_copy_str(b, pr.county, '\t');
	put_copy_str(b, pr.device, '\t');
	put_copy_int(b, pr.epoch, '\t');
	put_copy_int(b, pr.dseq, '\t');
	put_copy_int(b, pr.seq, '\t');
	put_copy_str(b, pr.kind, '\t');
	put_copy_str(b, pr.day, '\t');
	put_copy_str(b, pr.author, '\t');
	put_copy_str(b, pr.entity, '\t');
	put_copy_text(b, ftext, pr.fields_len, '\t');
	put_copy_bytea(b, prev, SYNC_PROV_HASH_BYTES, '\t');
	put_copy_bytea(b, hash, SYNC_PROV_HASH_BYTES, '\t');
	if (sign) {
		sync_provrec_sign(sig, hash, f->sign_sk);
		put_copy_bytea(b, sig, SYNC_PROV_SIG_BYTES, '\n');
	} else {
		put(b, "\\N\n", 3); /* NULL: the next signature vouches for it */
	}
	free(ftext);
	memcpy(prev, hash, SYNC_PROV_HASH_BYTES);
	b->n++;
	return b->nomem ? ds_fail(err, DS_ESYSTEM, "", N_("out of memory")) : DS_OK;
}

#define INBOX_COLUMNS "county, device, epoch, dseq, seq, kind, day, author, entity, fields, prev, hash, sig"

/* COPY of the batch into table in the transaction begun, sent; its
 * answer not read (copy_end). */
static ds_status copy_start(PGconn *c, const batch *b, const char *table, ds_error *err)
{
	char sql[160];
	PGresult *r;
	ds_status st;
	snprintf(sql, sizeof(sql), "COPY %s (" INBOX_COLUMNS ") FROM STDIN", table);
	r = PQexec(c, sql);
	if ((st = sync_pg_ok(&r, "inbox", err)))
		return st;
	PQclear(r);
	if (PQputCopyData(c, b->buf, (int)b->len) != 1 || PQputCopyEnd(c, NULL) != 1)
		return ds_fail(err, DS_EUNREACH, "inbox",
		               N_("the province's database cannot be reached: %s"), PQerrorMessage(c));
	return DS_OK;
}

/* The COPY's answer; *dup says the server refused it as holding a row the
 * inbox has (SQLSTATE 23505, unique_violation). */
static ds_status copy_end(PGconn *c, bool *dup, ds_error *err)
{
	PGresult *r = PQgetResult(c);
	ds_status st;
	*dup = false;
	if (r && PQresultStatus(r) == PGRES_FATAL_ERROR) {
		const char *code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		*dup = code && !strcmp(code, "23505");
	}
	st = *dup ? DS_OK : sync_pg_ok(&r, "inbox", err);
	PQclear(r);
	while ((r = PQgetResult(c)))
		PQclear(r);
	return st;
}

/* A batch into the inbox, in a transaction of its own: COPY straight into
 * it (the province's inbox stopped where the batch begins), sent by
 * send_start and its answer taken, and the transaction committed, by
 * send_end, so that the next batch is made in between. When the inbox
 * holds some of the rows already (another feed of this county ran at the
 * same time), the batch goes again through a temporary table and INSERT
 * ... ON CONFLICT DO NOTHING, so that each event is there once. */
static ds_status send_start(PGconn *c, const batch *b, ds_error *err)
{
	ds_status st;
	if ((st = sync_pg_exec(c, "BEGIN", "inbox", err)) ||
	    (st = copy_start(c, b, "inbox", err)))
		sync_pg_exec(c, "ROLLBACK", "inbox", NULL);
	return st;
}

static ds_status send_end(PGconn *c, const batch *b, int64_t *added, ds_error *err)
{
	PGresult *r;
	ds_status st;
	bool dup = false;
	*added = 0;
	if ((st = copy_end(c, &dup, err)))
		goto fail;
	if (!dup) {
		*added = (int64_t)b->n;
		return sync_pg_exec(c, "COMMIT", "inbox", err);
	}
	sync_pg_exec(c, "ROLLBACK", "inbox", NULL);
	if ((st = sync_pg_exec(c, "BEGIN", "inbox", err)) ||
	    (st = sync_pg_exec(c, "CREATE TEMP TABLE IF NOT EXISTS feed_in"
	                          " (LIKE inbox INCLUDING DEFAULTS) ON COMMIT DELETE ROWS",
	                       "feed_in", err)) ||
	    (st = copy_start(c, b, "feed_in", err)) || (st = copy_end(c, &dup, err)))
		goto fail;
	r = PQexec(c, "INSERT INTO inbox (" INBOX_COLUMNS ") SELECT " INBOX_COLUMNS
	              " FROM feed_in ORDER BY seq ON CONFLICT DO NOTHING");
	if ((st = sync_pg_ok(&r, "inbox", err)))
		goto fail;
	*added = atoll(PQcmdTuples(r));
	PQclear(r);
	return sync_pg_exec(c, "COMMIT", "inbox", err);
fail:
	sync_pg_exec(c, "ROLLBACK", "inbox", NULL);
	return st;
}

/* The county enrolled at the province with our signing key, and where its
 * inbox stops: the last record's position and hash. */
static ds_status where_inbox_stops(PGconn *c, const char *county,
                                   const unsigned char *sign_pk, int64_t *after,
                                   unsigned char prev[SYNC_PROV_HASH_BYTES],
                                   ds_error *err)
{
	const char *params[1] = {county};
	unsigned char pk[STORE_SIGN_PK_BYTES];
	char where[32];
	PGresult *r;
	ds_status st;
	snprintf(where, sizeof(where), "county %s", county);
	r = PQexec(c, "SELECT coalesce(max(version), 0) FROM schema_migrations");
	if ((st = sync_pg_ok(&r, "schema_migrations", err)))
		return st;
	if (atoi(PQgetvalue(r, 0, 0)) < SYNC_PROV_SCHEMA) {
		char have[16], want[16];
		snprintf(have, sizeof(have), "%s", PQgetvalue(r, 0, 0));
		snprintf(want, sizeof(want), "%d", SYNC_PROV_SCHEMA);
		PQclear(r);
		return ds_fail(err, DS_EUSAGE, "province",
		               N_("the province's database is at schema version %s and the feed needs %s: run doorstep-province init there"),
		               have, want);
	}
	PQclear(r);
	r = PQexecParams(c, "SELECT sign_pk FROM county WHERE county = $1", 1, NULL,
	                 params, NULL, NULL, 0);
	if ((st = sync_pg_ok(&r, "county", err)))
		return st;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return ds_fail(err, DS_EPERM, where,
		               N_("is not enrolled at the province (doorstep-province county add)"));
	}
	if (!sync_pg_unbytea(pk, sizeof(pk), PQgetvalue(r, 0, 0)) ||
	    sodium_memcmp(pk, sign_pk, sizeof(pk))) {
		PQclear(r);
		return ds_fail(err, DS_EPERM, where,
		               N_("is enrolled at the province with another key than this county's"));
	}
	PQclear(r);
	r = PQexecParams(c, "SELECT seq, hash FROM inbox WHERE county = $1 ORDER BY seq DESC LIMIT 1",
	                 1, NULL, params, NULL, NULL, 0);
	if ((st = sync_pg_ok(&r, "inbox", err)))
		return st;
	*after = 0;
	memset(prev, 0, SYNC_PROV_HASH_BYTES);
	if (PQntuples(r) == 1) {
		*after = atoll(PQgetvalue(r, 0, 0));
		if (!sync_pg_unbytea(prev, SYNC_PROV_HASH_BYTES, PQgetvalue(r, 0, 1)))
			st = ds_fail(err, DS_EDAMAGED, where,
			             N_("the province's inbox ends in a record without a hash"));
	}
	PQclear(r);
	return st;
}

/* The next batch of the log after *after into b (b->n 0: nothing new). */
static ds_status make_batch(feeder *f, batch *b, int64_t *after,
                            unsigned char prev[SYNC_PROV_HASH_BYTES], ds_error *err)
{
	store_logged *evs = NULL;
	size_t n = 0;
	ds_status st;
	b->len = 0;
	b->n = 0;
	b->nomem = false;
	if ((st = store_log_since(f->s, *after, f->batch, &evs, &n, err)))
		return st;
	/* signed: every SYNC_PROV_SIGN_EVERY-th record and the batch's last,
	 * so every transaction ends vouched for */
	for (size_t i = 0; !st && i < n; i++)
		st = add_record(f, b, &evs[i], i + 1 == n || (i + 1) % SYNC_PROV_SIGN_EVERY == 0,
		                prev, err);
	if (!st && n)
		*after = evs[n - 1].seq;
	store_logged_free(&evs, n);
	return st;
}

/* One round: everything of the log the province has not. */
static ds_status feed_round(feeder *f, const char *url, const unsigned char *sign_pk,
                            int64_t *sent, int64_t *added, ds_error *err)
{
	PGconn *c = NULL;
	unsigned char prev[SYNC_PROV_HASH_BYTES];
	int64_t after = 0;
	batch *flying = NULL; /* sent, its answer not yet read */
	ds_status st;
	int next = 0;
	*sent = *added = 0;
	if ((st = sync_pg_connect(url, "province", &c, err)) ||
	    (st = where_inbox_stops(c, f->county, sign_pk, &after, prev, err)))
		goto out;
	for (;;) {
		batch *b = &f->b[next];
		int64_t n_added = 0;
		st = make_batch(f, b, &after, prev, err);
		if (flying) {
			ds_error e2;
			ds_status st2 = send_end(c, flying, &n_added, &e2);
			if (st2 && !st) {
				*err = e2;
				st = st2;
			}
			if (!st2) {
				*sent += (int64_t)flying->n;
				*added += n_added;
			}
			flying = NULL;
			if (!st && f->pause_ms > 0) {
				struct timespec ts = {f->pause_ms / 1000,
				                      (long)(f->pause_ms % 1000) * 1000000L};
				nanosleep(&ts, NULL);
			}
		}
		if (st || !b->n)
			break;
		if ((st = send_start(c, b, err)))
			break;
		flying = b;
		next = 1 - next;
	}
	if (!st) {
		/* the feed reached the province: report late reads it */
		const char *params[1] = {f->county};
		PGresult *r = PQexecParams(c, "UPDATE county SET fed_at = now() WHERE county = $1", 1,
		                           NULL, params, NULL, NULL, 0);
		st = sync_pg_ok(&r, "county", err);
		PQclear(r);
	}
out:
	if (flying) /* a failure while it flew: its transaction goes */
		sync_pg_exec(c, "ROLLBACK", "inbox", NULL);
	if (c)
		PQfinish(c);
	return st;
}

ds_status county_province_ready(ds_store *s, char county[SYNC_PROV_COUNTY_LEN + 1],
                                store_secret **key, ds_error *err)
{
	bool found = false;
	ds_status st;
	*key = NULL;
	snprintf(county, SYNC_PROV_COUNTY_LEN + 1, "%s", store_region(s));
	if (!sync_prov_county_valid(store_region(s)))
		return ds_fail(err, DS_EINPUT, "region",
		               N_("the county's store has no county code: the province knows a county by it"));
	if ((st = store_province_key_get(s, key, &found, err)))
		return st;
	if (!found)
		return ds_fail(err, DS_EINPUT, "province key",
		               N_("the county has none: keep the one the province gave with doorstep-county province-key FILE"));
	return DS_OK;
}

ds_status county_feed(ds_store *s, const char *url, const county_feed_opts *o,
                      county_feed_stats *stats, ds_error *err)
{
	store_secret *key = NULL, *sign_sk = NULL;
	store_device_pub me;
	ds_status st;
	feeder f;
	char county[SYNC_PROV_COUNTY_LEN + 1];
	memset(stats, 0, sizeof(*stats));
	memset(&f, 0, sizeof(f));
	f.batch = o && o->batch ? o->batch : COUNTY_FEED_BATCH;
	f.pause_ms = o ? o->pause_ms : 0;
	if ((st = county_province_ready(s, county, &key, err)))
		return st;
	snprintf(stats->county, sizeof(stats->county), "%s", county);
	if (!(st = store_device(s, &me, NULL, &sign_sk, err))) {
		f.s = s;
		f.county = county;
		f.key = key->p;
		f.sign_sk = sign_sk->p;
		st = feed_round(&f, url, me.sign_pk, &stats->sent, &stats->added, err);
	}
	free(f.b[0].buf);
	free(f.b[1].buf);
	store_secret_free(&key);
	store_secret_free(&sign_sk);
	return st;
}
