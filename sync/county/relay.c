/* relay.c — the province's finding brought home: persons paid by this
 * county and by another in the same month (the province's duplicates, by
 * pseudonym), read from the province's PostgreSQL after a feed. Each is
 * checked against this county's own store — the household is one of its
 * own and one of its members' ID numbers gives the pseudonym again under
 * the province key — and recorded as a cross-check flag on the household
 * (core_xc_elsewhere), which goes down to its assistant's laptop like
 * every event on it and is reviewed there like any other flag. What does
 * not check out is named and never stored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/crosscheck.h"
#include "store/crosscheck.h"
#include "store/provkey.h"
#include "sync/county/feed.h"
#include "sync/county/relay.h"
#include "sync/pg.h"
#include "sync/provrec.h"

/* This county's households paid in a month in which a person of theirs,
 * by pseudonym, was paid by another county too (as each county's issued
 * rolls say): month, pseudonym, our household, the other county, its
 * household. */
static const char RELAY_SQL[] =
        "WITH paid AS (SELECT DISTINCT p.month, pe.pseudonym, p.county, p.household"
        "   FROM payment p JOIN person pe"
        "   ON pe.county = p.county AND pe.household = p.household)"
        " SELECT to_char(a.month, 'YYYY-MM'), encode(a.pseudonym, 'hex'), a.household,"
        "   b.county, b.household"
        " FROM paid a JOIN paid b ON b.month = a.month AND b.pseudonym = a.pseudonym"
        "   AND b.county <> a.county"
        " WHERE a.county = $1"
        " ORDER BY 1, 3, 4, 5";

/* The member of h whose pseudonym is hex, or -1. */
static int member_of(const core_household *h, const char *hex, const unsigned char *key)
{
	for (size_t i = 0; i < h->n_members; i++) {
		unsigned char p[SYNC_PROV_HASH_BYTES];
		char px[2 * SYNC_PROV_HASH_BYTES + 1];
		ds_error ignored;
		if (sync_prov_pseudonym(p, h->members[i].id_number, key, &ignored))
			continue;
		store_hex(px, p, sizeof(p));
		if (!strcmp(px, hex))
			return (int)i;
	}
	return -1;
}

/* One finding: checked, and flagged unless it was before. */
static ds_status relay_one(ds_store *s, PGresult *r, int i, const unsigned char *key,
                           county_relay_warn warn, void *ctx,
                           county_relay_stats *stats, ds_error *err)
{
	const char *month_s = PQgetvalue(r, i, 0), *hex = PQgetvalue(r, i, 1);
	const char *ours = PQgetvalue(r, i, 2), *county = PQgetvalue(r, i, 3);
	const char *theirs = PQgetvalue(r, i, 4);
	store_household_row row;
	core_xc_flag f;
	core_month month;
	ds_error why;
	ds_status st;
	bool already = false;
	int m;

	memset(&row, 0, sizeof(row));
	core_xc_flag_init(&f);
	if (core_month_parse(month_s, &month, "month", &why) ||
	    store_household_get(s, ours, &row, &why)) {
		/* not a household of ours: the province's list is wrong */
		char where[64];
		snprintf(where, sizeof(where), "household %s", ours);
		ds_fail(&why, DS_EINPUT, where,
		        N_("the province names a household this county does not have; not flagged"));
		warn(&why, ctx);
		stats->refused++;
		return DS_OK;
	}
	if ((m = member_of(&row.h, hex, key)) < 0 ||
	    core_xc_elsewhere(&row.h, (size_t)m, month, county, theirs, &f, &why)) {
		char where[64];
		snprintf(where, sizeof(where), "household %s", ours);
		if (m < 0)
			ds_fail(&why, DS_EINPUT, where,
			        N_("none of its members is the person the province found; not flagged"));
		warn(&why, ctx);
		stats->refused++;
		store_row_free(&row);
		return DS_OK;
	}
	if (!(st = store_begin(s, err))) {
		if ((st = store_crosscheck_elsewhere(s, row.id, &row.h, &f, &already, err)) ||
		    (st = store_commit(s, err)))
			store_rollback(s);
	}
	if (!st) {
		stats->found++;
		stats->raised += !already;
	}
	core_xc_flag_free(&f);
	store_row_free(&row);
	return st;
}

ds_status county_relay(ds_store *s, const char *url, county_relay_warn warn, void *ctx,
                       county_relay_stats *stats, ds_error *err)
{
	const char *params[1];
	store_secret *key = NULL;
	PGconn *c = NULL;
	PGresult *r = NULL;
	char county[SYNC_PROV_COUNTY_LEN + 1];
	ds_status st;

	memset(stats, 0, sizeof(*stats));
	if ((st = county_province_ready(s, county, &key, err)))
		return st;
	params[0] = county;
	if (!(st = sync_pg_connect(url, "province", &c, err))) {
		r = PQexecParams(c, RELAY_SQL, 1, NULL, params, NULL, NULL, 0);
		st = sync_pg_ok(&r, "payment", err);
	}
	for (int i = 0; !st && i < PQntuples(r); i++)
		st = relay_one(s, r, i, key->p, warn, ctx, stats, err);
	PQclear(r);
	if (c)
		PQfinish(c);
	store_secret_free(&key);
	return st;
}
