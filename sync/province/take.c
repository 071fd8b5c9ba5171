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

#define TAKE_BATCH 2000 /* records a transaction */
#define STR_(x) #x
#define STR(x) STR_(x)

/* One statement with text parameters, no rows wanted. */
static ds_status run(PGconn *c, const char *sql, int n, const char *const *params,
                     const char *what, ds_error *err)
{
	PGresult *r = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
	ds_status st = sync_pg_ok(&r, what, err);
	PQclear(r);
	return st;
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
static ds_status project_household(PGconn *c, const char *county, const char *entity,
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
		if ((st = run(c,
		              "INSERT INTO household (county, household, region, township, township_name,"
		              " village, village_name, size, status, allowance_fen, assistant, created,"
		              " updated, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
		              " $12, $12, $13)"
		              " ON CONFLICT (county, household) DO UPDATE SET region = $3, township = $4,"
		              " township_name = $5, village = $6, village_name = $7, size = $8,"
		              " allowance_fen = $10, updated = $12, seq = $13",
		              13, p, "household", err)))
			return st;
	}
	{
		const char *p[2] = {county, entity};
		if ((st = run(c, "DELETE FROM person WHERE county = $1 AND household = $2", 2, p,
		              "person", err)))
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
		if ((st = run(c, "INSERT INTO person (county, household, pseudonym, relation)"
		                 " VALUES ($1, $2, $3::bytea, $4) ON CONFLICT DO NOTHING",
		              4, p, "person", err)))
			return st;
	}
	return DS_OK;
}

/* payroll.issued: the roll's totals and lines. */
static ds_status project_roll(PGconn *c, const char *county, json_t *f, ds_error *err)
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
		if ((st = run(c, "INSERT INTO roll (county, month, day, households, lines, total_fen)"
		                 " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
		              6, p, "roll", err)))
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
			if ((st = run(c, "INSERT INTO payment (county, month, household, kind, paid_month,"
			                 " amount_fen, members) VALUES ($1, $2, $3, $4, $5, $6, $7)"
			                 " ON CONFLICT DO NOTHING",
			              7, p, "payment", err)))
				return st;
		}
	}
	return DS_OK;
}

/* One checked record into the reporting tables. */
static ds_status project(PGconn *c, const sync_provrec *r, const char *seq, ds_error *err)
{
	json_error_t jerr;
	json_t *f = json_loadb(r->fields, r->fields_len, 0, &jerr);
	int k = core_event_lookup(r->kind);
	ds_status st = DS_OK;
	if (!f)
		return ds_fail(err, DS_EDAMAGED, "fields", N_("the record's fields are not JSON"));
	if (k == CORE_EVENT_HOUSEHOLD_CREATED || k == CORE_EVENT_HOUSEHOLD_CHANGED) {
		st = project_household(c, r->county, r->entity, r->author, r->day, seq,
		                       k == CORE_EVENT_HOUSEHOLD_CREATED, f, err);
	} else if (k == CORE_EVENT_HOUSEHOLD_REASSIGNED) {
		const char *p[3] = {r->county, r->entity, fstr(f, "to")};
		st = run(c, "UPDATE household SET assistant = $3 WHERE county = $1 AND household = $2",
		         3, p, "household", err);
	} else if (k == CORE_EVENT_PAYROLL_ISSUED) {
		st = project_roll(c, r->county, f, err);
	} else if (k >= 0 && core_action_of_event((core_event_kind)k) >= 0 &&
	           *fstr(f, "state")) {
		const char *p[5] = {r->county, r->entity, fstr(f, "state"), r->day, seq};
		st = run(c, "UPDATE household SET status = $3, updated = $4, seq = $5"
		            " WHERE county = $1 AND household = $2",
		         5, p, "household", err);
	}
	json_decref(f);
	return st;
}

/* A county's new records, a batch at a time. *taken counts those projected;
 * DS_EDAMAGED names the first refused. */
static ds_status take_county(PGconn *c, const char *county, const unsigned char *pk,
                             int64_t *taken, ds_error *err)
{
	unsigned char prev[SYNC_PROV_HASH_BYTES];
	char after[24];
	const char *params[2] = {county, after};
	ds_status st = DS_OK;
	bool refused = false;
	*taken = 0;
	for (;;) {
		PGresult *r;
		int n;
		int64_t last = -1;
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
		PQclear(r);
		r = PQexecParams(c, "SELECT device, epoch, dseq, seq, kind, day, author, entity, fields,"
		                    " prev, hash, sig FROM inbox WHERE county = $1 AND seq > $2"
		                    " ORDER BY seq LIMIT " STR(TAKE_BATCH),
		                 2, NULL, params, NULL, NULL, 0);
		if ((st = sync_pg_ok(&r, "inbox", err)))
			goto fail;
		n = PQntuples(r);
		for (int i = 0; i < n && !st; i++) {
			unsigned char p2[SYNC_PROV_HASH_BYTES], h[SYNC_PROV_HASH_BYTES],
			        mine[SYNC_PROV_HASH_BYTES], sig[SYNC_PROV_SIG_BYTES];
			sync_provrec rec;
			const char *seq = PQgetvalue(r, i, 3);
			memset(&rec, 0, sizeof(rec));
			rec.county = county;
			rec.device = PQgetvalue(r, i, 0);
			rec.epoch = atoll(PQgetvalue(r, i, 1));
			rec.dseq = atoll(PQgetvalue(r, i, 2));
			rec.seq = atoll(seq);
			rec.kind = PQgetvalue(r, i, 4);
			rec.day = PQgetvalue(r, i, 5);
			rec.author = PQgetvalue(r, i, 6);
			rec.entity = PQgetvalue(r, i, 7);
			rec.fields = PQgetvalue(r, i, 8);
			rec.fields_len = (size_t)PQgetlength(r, i, 8);
			sync_provrec_hash(mine, prev, &rec);
			if (!sync_pg_unbytea(p2, sizeof(p2), PQgetvalue(r, i, 9)) ||
			    !sync_pg_unbytea(h, sizeof(h), PQgetvalue(r, i, 10)) ||
			    !sync_pg_unbytea(sig, sizeof(sig), PQgetvalue(r, i, 11)) ||
			    memcmp(p2, prev, sizeof(prev)) || memcmp(h, mine, sizeof(h)) ||
			    !sync_provrec_verify(sig, h, pk)) {
				char where[160], ep[24], ds[24];
				snprintf(ep, sizeof(ep), "%lld", (long long)rec.epoch);
				snprintf(ds, sizeof(ds), "%lld", (long long)rec.dseq);
				snprintf(where, sizeof(where), "county %s", county);
				st = ds_fail(err, DS_EDAMAGED, where,
				             N_("the record of device %s, epoch %s, sequence %s is refused: its chain, its hash or the county's signature does not verify; nothing after it is taken"),
				             rec.device, ep, ds);
				refused = true;
				break;
			}
			if ((st = project(c, &rec, seq, err))) {
				char where[160];
				snprintf(where, sizeof(where), "county %s, device %s, epoch %lld, sequence %lld",
				         county, rec.device, (long long)rec.epoch, (long long)rec.dseq);
				ds_error_prefix(err, where);
				break;
			}
			memcpy(prev, mine, sizeof(prev));
			last = rec.seq;
			(*taken)++;
		}
		PQclear(r);
		if (st && !refused)
			goto fail;
		if (last >= 0) {
			char ls[24], hb[2 * SYNC_PROV_HASH_BYTES + 3];
			const char *p[3] = {county, ls, hb};
			ds_error e2;
			ds_status st2;
			snprintf(ls, sizeof(ls), "%lld", (long long)last);
			sync_pg_bytea(hb, prev, sizeof(prev));
			if ((st2 = run(c, "UPDATE county SET taken_seq = $2, taken_hash = $3::bytea,"
			                  " taken_at = now() WHERE county = $1",
			               3, p, "county", &e2))) {
				*err = e2;
				st = st2;
				goto fail;
			}
		}
		{
			ds_error e2;
			ds_status st2 = sync_pg_exec(c, "COMMIT", "take", &e2);
			if (st2) {
				*err = e2;
				return st2;
			}
		}
		if (st || n < TAKE_BATCH)
			return st;
	}
fail:
	sync_pg_exec(c, "ROLLBACK", "take", NULL);
	return st;
}

/* One round over every county; the worst status. */
static ds_status take_round(PGconn *c, ds_error *err)
{
	PGresult *r = PQexec(c, "SELECT county, sign_pk FROM county ORDER BY county");
	ds_status st = sync_pg_ok(&r, "county", err), worst = DS_OK;
	if (st)
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
	for (;;) {
		if (!(st = province_connect(a, true, &c, &err))) {
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
