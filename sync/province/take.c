/* take.c — doorstep-province take: each county's records that arrived in
 * its inbox since the last take, in the county's order, each checked
 * before anything is read from it (its link to the record before, its hash
 * made again from its columns, the county's signature under the key the
 * province enrolled) and then projected into the reporting tables, a
 * batch a transaction. The first record that fails is refused and named
 * (county, device, epoch, sequence); nothing after it is projected for that
 * county until the inbox is mended. Other counties go on. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/event.h"
#include "core/workflow.h"
#include "sync/pg.h"
#include "sync/province/province.h"
#include "sync/provrec.h"
#include "tui/i18n.h"

#define TAKE_BATCH 2000 /* records read at a time, widened to reach a signature */

/* One statement with text parameters, no rows wanted. */
static ds_status run(PGconn *c, const char *sql, int n, const char *const *params,
                     const char *what, ds_error *err)
{
	PGresult *r = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
	ds_status st = sync_pg_ok(&r, what, err);
	PQclear(r);
	return st;
}

/* The projection's statements, sent in libpq's pipeline mode without
 * waiting for each answer: a round trip a window, not a statement. */
typedef struct {
	PGconn *c;
	int pending; /* sent, answers not read */
} sink;

#define SINK_DRAIN 512 /* statements before the answers are read */

/* Reads the answers of what was sent (a sync point first): the first
 * failure, if any, as a status. */
static ds_status sink_drain(sink *k, ds_error *err)
{
	PGresult *r;
	ds_status st = DS_OK;
	if (!k->pending)
		return DS_OK;
	if (PQpipelineSync(k->c) != 1)
		return ds_fail(err, DS_EUNREACH, "take", N_("the province's database cannot be reached: %s"),
		               PQerrorMessage(k->c));
	for (;;) {
		r = PQgetResult(k->c);
		if (!r) {
			if (PQstatus(k->c) == CONNECTION_BAD) {
				k->pending = 0;
				return ds_fail(err, DS_EUNREACH, "take",
				               N_("the province's database cannot be reached: %s"),
				               PQerrorMessage(k->c));
			}
			continue; /* the end of one statement's answers */
		}
		if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		if (!st && PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
			st = sync_pg_ok(&r, "take", err);
		PQclear(r);
	}
	k->pending = 0;
	return st;
}

/* X(name, parameters, SQL): the statements of the projection, prepared
 * once a connection (take_prepare) and sent by name. */
#define TAKE_QUERY_LIST(X)                                                                 \
	X(HOUSEHOLD_PUT, 13,                                                               \
	  "INSERT INTO household (county, household, region, township, township_name,"     \
	  " village, village_name, size, status, allowance_fen, assistant, created,"        \
	  " updated, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)" \
	  " ON CONFLICT (county, household) DO UPDATE SET region = $3, township = $4,"     \
	  " township_name = $5, village = $6, village_name = $7, size = $8,"                \
	  " allowance_fen = $10, updated = $12, seq = $13")                                 \
	X(PERSONS_CLEAR, 2, "DELETE FROM person WHERE county = $1 AND household = $2")     \
	X(PERSON_PUT, 4,                                                                   \
	  "INSERT INTO person (county, household, pseudonym, relation)"                    \
	  " VALUES ($1, $2, $3::bytea, $4) ON CONFLICT DO NOTHING")                         \
	X(ROLL_PUT, 6,                                                                     \
	  "INSERT INTO roll (county, month, day, households, lines, total_fen)"            \
	  " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")                        \
	X(PAYMENT_PUT, 7,                                                                  \
	  "INSERT INTO payment (county, month, household, kind, paid_month, amount_fen,"   \
	  " members) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING")           \
	X(ASSISTANT_SET, 3,                                                                \
	  "UPDATE household SET assistant = $3 WHERE county = $1 AND household = $2")      \
	X(STATUS_SET, 10,                                                                  \
	  "UPDATE household SET status = $3, updated = $4, seq = $5, transition_last = $6," \
	  " decided = coalesce(to_date(nullif($7, ''), 'YYYY-MM-DD'), decided),"            \
	  " appeal_received = to_date(nullif($8, ''), 'YYYY-MM-DD'),"                       \
	  " appeal_deadline = to_date(nullif($9, ''), 'YYYY-MM-DD'),"                       \
	  " appeal_open = coalesce($10::boolean, appeal_open)"                              \
	  " WHERE county = $1 AND household = $2")

typedef enum {
#define X(e, n, sql) Q_##e,
	TAKE_QUERY_LIST(X)
#undef X
	Q_COUNT
} take_query;

static const struct {
	const char *name, *sql;
	int nparams;
} queries[] = {
#define X(e, n, sql) {"take_" #e, sql, n},
	TAKE_QUERY_LIST(X)
#undef X
};

/* Prepares the projection's statements on the connection. */
static ds_status take_prepare(PGconn *c, ds_error *err)
{
	for (int i = 0; i < Q_COUNT; i++) {
		PGresult *r = PQprepare(c, queries[i].name, queries[i].sql, queries[i].nparams, NULL);
		ds_status st = sync_pg_ok(&r, queries[i].name, err);
		PQclear(r);
		if (st)
			return st;
	}
	return DS_OK;
}

static ds_status send_q(sink *k, take_query q, const char *const *params, const char *what,
                        ds_error *err)
{
	if (PQsendQueryPrepared(k->c, queries[q].name, queries[q].nparams, params, NULL, NULL,
	                        0) != 1)
		return ds_fail(err, DS_EUNREACH, what, N_("the province's database cannot be reached: %s"),
		               PQerrorMessage(k->c));
	return ++k->pending >= SINK_DRAIN ? sink_drain(k, err) : DS_OK;
}

static const char *fstr(json_t *f, const char *k)
{
	const char *s = json_string_value(json_object_get(f, k));
	return s ? s : "";
}

static void fint(char *out, size_t len, json_t *f, const char *k)
{
	snprintf(out, len, "%lld", (long long)json_integer_value(json_object_get(f, k)));
}

/* household.created / household.changed: the household's row, and its
 * persons replaced by the ones the event lists. */
static ds_status project_household(sink *k, const char *county, const char *entity,
                                   const char *author, const char *day, const char *seq,
                                   bool created, json_t *f, ds_error *err)
{
	char size[24], fen[24];
	const char *status = json_is_true(json_object_get(f, "receiving")) ? "receiving" : "applying";
	json_t *persons = json_object_get(f, "persons");
	ds_status st;
	fint(size, sizeof(size), f, "size");
	fint(fen, sizeof(fen), f, "allowance_fen");
	{
		const char *p[13] = {county, entity, fstr(f, "region"), fstr(f, "township"),
		                     fstr(f, "township_name"), fstr(f, "village"),
		                     fstr(f, "village_name"), size, status, fen,
		                     created ? author : "", day, seq};
		/* a change keeps the state the case's steps gave */
		if ((st = send_q(k, Q_HOUSEHOLD_PUT, p, "household", err)))
			return st;
	}
	if (!created) { /* a new household has no persons yet */
		const char *p[2] = {county, entity};
		if ((st = send_q(k, Q_PERSONS_CLEAR, p, "person", err)))
			return st;
	}
	for (size_t i = 0; i < json_array_size(persons); i++) {
		json_t *pe = json_array_get(persons, i);
		const char *hex = json_string_value(json_array_get(pe, 0));
		char b[2 * SYNC_PROV_HASH_BYTES + 3];
		const char *rel = json_string_value(json_array_get(pe, 1));
		const char *p[4] = {county, entity, b, rel ? rel : ""};
		if (!hex || strlen(hex) != 2 * SYNC_PROV_HASH_BYTES)
			return ds_fail(err, DS_EDAMAGED, "persons", N_("a pseudonym is malformed"));
		snprintf(b, sizeof(b), "\\x%s", hex);
		if ((st = send_q(k, Q_PERSON_PUT, p, "person", err)))
			return st;
	}
	return DS_OK;
}

/* payroll.issued: the roll's totals and lines. */
static ds_status project_roll(sink *k, const char *county, json_t *f, ds_error *err)
{
	char month[16], hh[24], lines[24], total[24];
	json_t *pay = json_object_get(f, "payments");
	ds_status st;
	snprintf(month, sizeof(month), "%.7s-01", fstr(f, "month"));
	fint(hh, sizeof(hh), f, "households");
	fint(lines, sizeof(lines), f, "lines");
	fint(total, sizeof(total), f, "total_fen");
	{
		const char *p[6] = {county, month, fstr(f, "day"), hh, lines, total};
		if ((st = send_q(k, Q_ROLL_PUT, p, "roll", err)))
			return st;
	}
	for (size_t i = 0; i < json_array_size(pay); i++) {
		json_t *l = json_array_get(pay, i);
		char paid[16], amount[24], members[24];
		const char *hhid = json_string_value(json_array_get(l, 0));
		const char *kind = json_string_value(json_array_get(l, 1));
		const char *pm = json_string_value(json_array_get(l, 2));
		if (!hhid || !kind || !pm)
			return ds_fail(err, DS_EDAMAGED, "payments", N_("a payment line is malformed"));
		snprintf(paid, sizeof(paid), "%.7s-01", pm);
		snprintf(amount, sizeof(amount), "%lld",
		         (long long)json_integer_value(json_array_get(l, 3)));
		snprintf(members, sizeof(members), "%lld",
		         (long long)json_integer_value(json_array_get(l, 4)));
		{
			const char *p[7] = {county, month, hhid, kind, paid, amount, members};
			if ((st = send_q(k, Q_PAYMENT_PUT, p, "payment", err)))
				return st;
		}
	}
	return DS_OK;
}

/* Whether a step leaves the case's appeal open ("t", "f"; NULL: as it
 * was), as the case keeps its own flag: the steps send the appeal's dates,
 * not the flag (core_appeal_open_after). */
static const char *appeal_open(core_event_kind kind, json_t *f)
{
	int a = core_action_of_event(kind);
	int open = a < 0 ? -1 : core_appeal_open_after((core_action)a, *fstr(f, "appeal_received"));
	return open < 0 ? NULL : open ? "t" : "f";
}

/* One checked record into the reporting tables. */
static ds_status project(sink *k, const sync_provrec *r, const char *seq, ds_error *err)
{
	json_error_t jerr;
	json_t *f = json_loadb(r->fields, r->fields_len, 0, &jerr);
	int kind = core_event_lookup(r->kind);
	ds_status st = DS_OK;
	if (!f)
		return ds_fail(err, DS_EDAMAGED, "fields", N_("the record's fields are not JSON"));
	if (kind == CORE_EVENT_HOUSEHOLD_CREATED || kind == CORE_EVENT_HOUSEHOLD_CHANGED) {
		st = project_household(k, r->county, r->entity, r->author, r->day, seq,
		                       kind == CORE_EVENT_HOUSEHOLD_CREATED, f, err);
	} else if (kind == CORE_EVENT_HOUSEHOLD_REASSIGNED) {
		const char *p[3] = {r->county, r->entity, fstr(f, "to")};
		st = send_q(k, Q_ASSISTANT_SET, p, "household", err);
	} else if (kind == CORE_EVENT_PAYROLL_ISSUED) {
		st = project_roll(k, r->county, f, err);
	} else if (kind >= 0 && core_action_of_event((core_event_kind)kind) >= 0 &&
	           *fstr(f, "state")) {
		const char *p[10] = {r->county, r->entity, fstr(f, "state"), r->day, seq,
		                     fstr(f, "transition_last"), fstr(f, "decided"),
		                     fstr(f, "appeal_received"), fstr(f, "appeal_deadline"),
		                     appeal_open((core_event_kind)kind, f)};
		st = send_q(k, Q_STATUS_SET, p, "household", err);
	}
	json_decref(f);
	return st;
}

/* The record of row i of r, its strings r's. */
static void record_of(PGresult *r, int i, const char *county, sync_provrec *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->county = county;
	rec->device = PQgetvalue(r, i, 0);
	rec->epoch = atoll(PQgetvalue(r, i, 1));
	rec->dseq = atoll(PQgetvalue(r, i, 2));
	rec->seq = atoll(PQgetvalue(r, i, 3));
	rec->kind = PQgetvalue(r, i, 4);
	rec->day = PQgetvalue(r, i, 5);
	rec->author = PQgetvalue(r, i, 6);
	rec->entity = PQgetvalue(r, i, 7);
	rec->fields = PQgetvalue(r, i, 8);
	rec->fields_len = (size_t)PQgetlength(r, i, 8);
}

static ds_status refuse(const char *county, const sync_provrec *rec, ds_error *err)
{
	char where[160], ep[24], ds[24];
	snprintf(ep, sizeof(ep), "%lld", (long long)rec->epoch);
	snprintf(ds, sizeof(ds), "%lld", (long long)rec->dseq);
	snprintf(where, sizeof(where), "county %s", county);
	return ds_fail(err, DS_EDAMAGED, where,
	               N_("the record of device %s, epoch %s, sequence %s is refused: its chain, its hash or the county's signature does not verify; nothing after it is taken"),
	               rec->device, ep, ds);
}

/* A county's new records, in the county's order, a window at a time: each
 * record's link and hash checked as it comes; a signed one's signature
 * then vouches for it and every one before it, and those are projected.
 * Records after the last signature wait for the next (the feed ends each
 * transaction with one; a window without one is read again wider).
 * *taken counts those projected; DS_EDAMAGED names the first refused. */
static ds_status take_county(PGconn *c, const char *county, const unsigned char *pk,
                             int64_t *taken, ds_error *err)
{
	unsigned char prev[SYNC_PROV_HASH_BYTES];
	char after[24], limit[24];
	const char *params[3] = {county, after, limit};
	long window = TAKE_BATCH;
	ds_status st = DS_OK;
	*taken = 0;
	for (;;) {
		PGresult *r;
		int n, signed_at = -1;
		bool refused = false;
		if ((st = sync_pg_exec(c, "BEGIN", "take", err)))
			return st;
		r = PQexecParams(c, "SELECT taken_seq, taken_hash FROM county WHERE county = $1 FOR UPDATE",
		                 1, NULL, params, NULL, NULL, 0);
		if ((st = sync_pg_ok(&r, "county", err)))
			goto fail;
		if (PQntuples(r) != 1 || !sync_pg_unbytea(prev, sizeof(prev), PQgetvalue(r, 0, 1))) {
			PQclear(r);
			st = ds_fail(err, DS_EDAMAGED, county, N_("the county's row is malformed"));
			goto fail;
		}
		snprintf(after, sizeof(after), "%s", PQgetvalue(r, 0, 0));
		snprintf(limit, sizeof(limit), "%ld", window);
		PQclear(r);
		r = PQexecParams(c, "SELECT device, epoch, dseq, seq, kind, day, author, entity, fields,"
		                    " prev, hash, sig FROM inbox WHERE county = $1 AND seq > $2"
		                    " ORDER BY seq LIMIT $3",
		                 3, NULL, params, NULL, NULL, 0);
		if ((st = sync_pg_ok(&r, "inbox", err)))
			goto fail;
		n = PQntuples(r);
		/* check: links and hashes, up to the last good signature */
		{
			unsigned char chain[SYNC_PROV_HASH_BYTES];
			memcpy(chain, prev, sizeof(chain));
			for (int i = 0; i < n; i++) {
				unsigned char p2[SYNC_PROV_HASH_BYTES], h[SYNC_PROV_HASH_BYTES],
				        mine[SYNC_PROV_HASH_BYTES], sig[SYNC_PROV_SIG_BYTES];
				sync_provrec rec;
				bool has_sig = !PQgetisnull(r, i, 11);
				record_of(r, i, county, &rec);
				sync_provrec_hash(mine, chain, &rec);
				if (!sync_pg_unbytea(p2, sizeof(p2), PQgetvalue(r, i, 9)) ||
				    !sync_pg_unbytea(h, sizeof(h), PQgetvalue(r, i, 10)) ||
				    memcmp(p2, chain, sizeof(chain)) || memcmp(h, mine, sizeof(h)) ||
				    (has_sig && (!sync_pg_unbytea(sig, sizeof(sig), PQgetvalue(r, i, 11)) ||
				                 !sync_provrec_verify(sig, h, pk)))) {
					st = refuse(county, &rec, err);
					refused = true;
					break;
				}
				memcpy(chain, mine, sizeof(chain));
				if (has_sig) {
					signed_at = i;
					memcpy(prev, mine, sizeof(prev));
				}
			}
		}
		/* project what a signature vouches for, pipelined */
		if (signed_at >= 0) {
			sink k = {c, 0};
			ds_error e2;
			ds_status st2 = DS_OK;
			if (PQenterPipelineMode(c) != 1)
				st2 = ds_fail(&e2, DS_ESYSTEM, "take", N_("the province's database refused it: %s"),
				              PQerrorMessage(c));
			for (int i = 0; i <= signed_at && !st2; i++) {
				sync_provrec rec;
				record_of(r, i, county, &rec);
				if ((st2 = project(&k, &rec, PQgetvalue(r, i, 3), &e2))) {
					char where[160];
					snprintf(where, sizeof(where), "county %s, device %s, epoch %lld, sequence %lld",
					         county, rec.device, (long long)rec.epoch, (long long)rec.dseq);
					ds_error_prefix(&e2, where);
				}
			}
			if (PQpipelineStatus(c) != PQ_PIPELINE_OFF) {
				ds_status st3 = sink_drain(&k, &e2);
				if (!st2)
					st2 = st3;
				PQexitPipelineMode(c);
			}
			if (st2) {
				*err = e2;
				st = st2;
				refused = false; /* a failure of the database, not of the record */
			}
		}
		if (st && !refused) {
			PQclear(r);
			goto fail;
		}
		if (signed_at >= 0) {
			char ls[24], hb[2 * SYNC_PROV_HASH_BYTES + 3];
			const char *p[3] = {county, ls, hb};
			ds_error e2;
			ds_status st2;
			snprintf(ls, sizeof(ls), "%s", PQgetvalue(r, signed_at, 3));
			sync_pg_bytea(hb, prev, sizeof(prev));
			if ((st2 = run(c, "UPDATE county SET taken_seq = $2, taken_hash = $3::bytea,"
			                  " taken_at = now() WHERE county = $1",
			               3, p, "county", &e2))) {
				PQclear(r);
				*err = e2;
				st = st2;
				goto fail;
			}
			*taken += signed_at + 1;
		}
		PQclear(r);
		{
			ds_error e2;
			ds_status st2 = sync_pg_exec(c, "COMMIT", "take", &e2);
			if (st2) {
				*err = e2;
				return st2;
			}
		}
		if (st || n < window)
			return st; /* refused, or the inbox's end (what waits unsigned waits) */
		if (signed_at < 0)
			window *= 2; /* no signature in the window: a wider one */
	}
fail:
	sync_pg_exec(c, "ROLLBACK", "take", NULL);
	return st;
}

/* One round over every county; the worst status. */
static ds_status take_round(PGconn *c, ds_error *err)
{
	PGresult *r;
	ds_status st, worst = DS_OK;
	if ((st = take_prepare(c, err)))
		return st;
	r = PQexec(c, "SELECT county, sign_pk FROM county ORDER BY county");
	if ((st = sync_pg_ok(&r, "county", err)))
		return st;
	for (int i = 0; i < PQntuples(r); i++) {
		const char *county = PQgetvalue(r, i, 0);
		unsigned char pk[STORE_SIGN_PK_BYTES];
		int64_t taken = 0;
		ds_error e;
		if (!sync_pg_unbytea(pk, sizeof(pk), PQgetvalue(r, i, 1)))
			st = ds_fail(&e, DS_EDAMAGED, county, N_("the county's key is malformed"));
		else
			st = take_county(c, county, pk, &taken, &e);
		printf(_("County %s: %lld records checked and taken.\n"), county, (long long)taken);
		fflush(stdout);
		if (st) {
			if (st == DS_EDAMAGED) {
				province_fail(&e); /* named, and the others go on */
				if (!worst)
					*err = e;
				worst = st;
				continue;
			}
			*err = e;
			worst = st;
			break;
		}
	}
	PQclear(r);
	return worst;
}

/* take --again: every county's reporting rows cleared and its position
 * set back to its inbox's start, in one transaction, so that the take
 * after it projects every record again (after a migration that adds a
 * projected column, or to check the whole inbox once more). */
static ds_status take_again(PGconn *c, ds_error *err)
{
	ds_status st;
	if ((st = sync_pg_exec(c, "BEGIN", "take", err)) ||
	    (st = sync_pg_exec(c, "LOCK TABLE county IN EXCLUSIVE MODE", "county", err)) ||
	    (st = sync_pg_exec(c, "DELETE FROM payment; DELETE FROM roll; DELETE FROM person;"
	                          " DELETE FROM household;"
	                          " UPDATE county SET taken_seq = 0, taken_at = NULL,"
	                          " taken_hash = '\\x0000000000000000000000000000000000000000000000000000000000000000'",
	                       "take", err))) {
		sync_pg_exec(c, "ROLLBACK", "take", NULL);
		return st;
	}
	return sync_pg_exec(c, "COMMIT", "take", err);
}

int province_cmd_take(const province_args *a)
{
	const char *every_s = province_opt(a, "every");
	long every = 0;
	PGconn *c = NULL;
	ds_error err;
	ds_status st;
	if (every_s) {
		char *end;
		every = strtol(every_s, &end, 10);
		if (!*every_s || *end || every < 1 || every > 86400)
			return province_usage_fail("--every", _("needs a number of seconds, 1 to 86400"));
	}
	if (province_opt(a, "again") && every)
		return province_usage_fail("--again", _("is not for --every"));
	for (;;) {
		if (!(st = province_connect(a, true, &c, &err))) {
			if (province_opt(a, "again"))
				st = take_again(c, &err);
			if (!st)
				st = take_round(c, &err);
			PQfinish(c);
			c = NULL;
		}
		if (!every)
			break;
		if (st && st != DS_EDAMAGED)
			province_fail(&err);
		sleep((unsigned)every);
	}
	if (st == DS_EDAMAGED)
		return ds_status_exit(st); /* each refusal was said where it was found */
	return st ? province_fail(&err) : 0;
}
