/* db.c — the province's database: connecting at the schema this program
 * knows, applying the schema's migrations in order (each once, recorded in
 * schema_migrations), and a county's partitions of every table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync/pg.h"
#include "sync/province/province.h"
#include "sync/province/schema.h"
#include "sync/provrec.h"

static int latest_version(void)
{
	int v = 0;
	for (size_t i = 0; i < province_n_migrations; i++)
		if (province_migrations[i].version > v)
			v = province_migrations[i].version;
	return v;
}

/* The highest migration applied (0: none, or no schema_migrations yet). */
static ds_status applied_version(PGconn *c, int *v, ds_error *err)
{
	PGresult *r = PQexec(c, "SELECT to_regclass('schema_migrations') IS NOT NULL");
	ds_status st = sync_pg_ok(&r, "schema_migrations", err);
	bool have;
	*v = 0;
	if (st)
		return st;
	have = PQntuples(r) == 1 && !strcmp(PQgetvalue(r, 0, 0), "t");
	PQclear(r);
	if (!have)
		return DS_OK;
	r = PQexec(c, "SELECT coalesce(max(version), 0) FROM schema_migrations");
	if ((st = sync_pg_ok(&r, "schema_migrations", err)))
		return st;
	*v = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return DS_OK;
}

ds_status province_connect(const province_args *a, bool need_schema, PGconn **c,
                           ds_error *err)
{
	const char *url = province_opt(a, "db");
	int v = 0;
	ds_status st;
	*c = NULL;
	if (!url || !*url)
		return ds_fail(err, DS_EUSAGE, "--db", N_("name the province's database (postgresql://...)"));
	if ((st = sync_pg_connect(url, "--db", c, err)))
		return st;
	if (need_schema && !(st = applied_version(*c, &v, err)) && v != latest_version()) {
		char have[16], want[16];
		snprintf(have, sizeof(have), "%d", v);
		snprintf(want, sizeof(want), "%d", latest_version());
		st = ds_fail(err, v > latest_version() ? DS_ENEWER : DS_EUSAGE, "--db",
		             N_("the database's schema is at version %s, this program's at %s: run doorstep-province init"),
		             have, want);
	}
	if (st) {
		PQfinish(*c);
		*c = NULL;
	}
	return st;
}

ds_status province_migrate(PGconn *c, int *applied, ds_error *err)
{
	ds_status st;
	int v = 0;
	*applied = 0;
	/* one init at a time: the lock is the transaction's */
	if ((st = sync_pg_exec(c, "BEGIN; SELECT pg_advisory_xact_lock(4650704)", "init", err)))
		return st;
	if ((st = sync_pg_exec(c, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	                          " version integer PRIMARY KEY, name text NOT NULL,"
	                          " applied timestamptz NOT NULL DEFAULT now())",
	                       "schema_migrations", err)) ||
	    (st = applied_version(c, &v, err)))
		goto fail;
	if (v > latest_version()) {
		st = ds_fail(err, DS_ENEWER, "schema_migrations",
		             N_("the database was made by a newer doorstep-province"));
		goto fail;
	}
	for (size_t i = 0; i < province_n_migrations; i++) {
		const province_migration *m = &province_migrations[i];
		char ver[16];
		const char *params[2] = {ver, m->name};
		PGresult *r;
		if (m->version <= v)
			continue;
		if ((st = sync_pg_exec(c, m->sql, m->name, err)))
			goto fail;
		snprintf(ver, sizeof(ver), "%d", m->version);
		r = PQexecParams(c, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
		                 2, NULL, params, NULL, NULL, 0);
		st = sync_pg_ok(&r, "schema_migrations", err);
		PQclear(r);
		if (st)
			goto fail;
		(*applied)++;
	}
	/* tables a migration added get their partitions for every county */
	{
		PGresult *r = PQexec(c, "SELECT to_regclass('county') IS NOT NULL");
		bool have = false;
		if ((st = sync_pg_ok(&r, "county", err)))
			goto fail;
		have = !strcmp(PQgetvalue(r, 0, 0), "t");
		PQclear(r);
		if (have) {
			r = PQexec(c, "SELECT county FROM county ORDER BY county");
			if ((st = sync_pg_ok(&r, "county", err)))
				goto fail;
			for (int i = 0; !st && i < PQntuples(r); i++)
				st = province_partitions(c, PQgetvalue(r, i, 0), err);
			PQclear(r);
			if (st)
				goto fail;
		}
	}
	return sync_pg_exec(c, "COMMIT", "init", err);
fail:
	sync_pg_exec(c, "ROLLBACK", "init", NULL);
	return st;
}

ds_status province_partitions(PGconn *c, const char *county, ds_error *err)
{
	PGresult *r;
	ds_status st;
	if (!sync_prov_county_valid(county))
		return ds_fail(err, DS_EUSAGE, "CODE", N_("a county's code is six digits"));
	/* every partitioned table of the schema, each a partition named
	 * TABLE_CODE for this county's rows */
	r = PQexec(c, "SELECT c.relname FROM pg_partitioned_table p"
	              " JOIN pg_class c ON c.oid = p.partrelid"
	              " WHERE c.relnamespace = 'public'::regnamespace ORDER BY 1");
	if ((st = sync_pg_ok(&r, "partitions", err)))
		return st;
	for (int i = 0; !st && i < PQntuples(r); i++) {
		const char *t = PQgetvalue(r, i, 0);
		char *tq = PQescapeIdentifier(c, t, strlen(t)), *pq, name[128], sql[512];
		snprintf(name, sizeof(name), "%s_%s", t, county);
		pq = PQescapeIdentifier(c, name, strlen(name));
		if (!tq || !pq) {
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		} else {
			snprintf(sql, sizeof(sql),
			         "CREATE TABLE IF NOT EXISTS %s PARTITION OF %s FOR VALUES IN ('%s')",
			         pq, tq, county);
			st = sync_pg_exec(c, sql, name, err);
		}
		PQfreemem(tq);
		PQfreemem(pq);
	}
	PQclear(r);
	return st;
}
