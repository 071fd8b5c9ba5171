/* bench_province.c — a county's log fed into the province's PostgreSQL
 * (doorstep-county feed: read every event, redact it to the reporting
 * fields, make persons' pseudonyms, hash-chain the records and sign the
 * chain at checkpoints, COPY a batch a transaction), against COPY of the
 * same rows into
 * the same table in the same run (issue 17: target <= 3x); and the
 * province's take of them (chain, hash and signature checked, projected),
 * which states no target. The county holds BENCH_HOUSEHOLDS demo
 * households (default 20,000) and one issued roll, kept as issued (the
 * feed reads its lines from there; making them again, as for a month
 * issued before the store kept its rolls, is timed beside it). A PostgreSQL 15 of the
 * benchmark's own runs on a Unix socket in a temporary folder (as
 * tests/e2e/pg_lib.sh starts one), stopped at the end. BUILD names the
 * build folder (doorstep demo, doorstep-province). */
#include <libpq-fe.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/date.h"
#include "store/payroll.h"
#include "store/provkey.h"
#include "store/replica.h"
#include "store/store.h"
#include "sync/county/cmd.h"
#include "sync/county/feed.h"
#include "sync/provrec.h"
#include "tests/bench/bench.h"
#include "tui/cli.h"

#define now() bench_now()
#define die(what, err) bench_die("bench_province", (what), (err))

#define PGBIN "/usr/lib/postgresql/15/bin"

static char pgdir[4200] = "";
static bool pg_up = false;

/* cmd, run as the server's user when we are root (initdb refuses root). */
static int as_pg(const char *cmd)
{
	char full[16000];
	if (geteuid() == 0)
		snprintf(full, sizeof(full), "runuser -u postgres -- sh -c \"%s\"", cmd);
	else
		snprintf(full, sizeof(full), "sh -c \"%s\"", cmd);
	return system(full);
}

static void pg_stop(void)
{
	char cmd[9000];
	if (pg_up) {
		snprintf(cmd, sizeof(cmd), "%s/pg_ctl -D %s/data -m immediate -w stop > /dev/null 2>&1",
		         PGBIN, pgdir);
		if (as_pg(cmd) != 0)
			fprintf(stderr, "bench_province: pg_ctl stop failed\n");
		pg_up = false;
	}
	if (*pgdir) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", pgdir);
		if (system(cmd) != 0)
			fprintf(stderr, "bench_province: could not remove %s\n", pgdir);
		*pgdir = '\0';
	}
}

static void pg_start(void)
{
	char tmpl[] = "/tmp/doorstep-bench-pg.XXXXXX", cmd[20000];
	if (!mkdtemp(tmpl))
		die("mkdtemp", NULL);
	snprintf(pgdir, sizeof(pgdir), "%s", tmpl);
	atexit(pg_stop);
	if (geteuid() == 0) {
		snprintf(cmd, sizeof(cmd), "chown postgres '%s'", pgdir);
		if (system(cmd) != 0)
			die("chown the PostgreSQL folder to postgres", NULL);
	}
	snprintf(cmd, sizeof(cmd),
	         "%s/initdb -D %s/data -U doorstep -A trust -E UTF8 --no-locale > %s/initdb.log 2>&1",
	         PGBIN, pgdir, pgdir);
	if (as_pg(cmd) != 0)
		die("initdb (make deps installs postgresql-15)", NULL);
	/* durable as a real server is: fsync on, the default */
	snprintf(cmd, sizeof(cmd),
	         "%s/pg_ctl -D %s/data -l %s/server.log -w -t 60 -o \\\"-c listen_addresses='' "
	         "-c unix_socket_directories='%s' -c max_wal_size=4GB\\\" start > /dev/null 2>&1",
	         PGBIN, pgdir, pgdir, pgdir);
	if (as_pg(cmd) != 0)
		die("pg_ctl start", NULL);
	pg_up = true;
	for (int i = 0; i < 2; i++) {
		snprintf(cmd, sizeof(cmd), "%s/createdb -h '%s' -U doorstep %s", PGBIN, pgdir,
		         i ? "baseline" : "province");
		if (system(cmd) != 0)
			die("createdb", NULL);
	}
}

static PGconn *connect_to(const char *db)
{
	char url[4400];
	PGconn *c;
	snprintf(url, sizeof(url), "postgresql://doorstep@/%s?host=%s", db, pgdir);
	c = PQconnectdb(url);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "bench_province: %s\n", PQerrorMessage(c));
		exit(1);
	}
	return c;
}

static void exec_ok(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "bench_province: %s: %s\n", sql, PQerrorMessage(c));
		exit(1);
	}
	PQclear(r);
}

static long long count_of(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	long long v;
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		fprintf(stderr, "bench_province: %s: %s\n", sql, PQerrorMessage(c));
		exit(1);
	}
	v = atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

/* The province's rows as COPY text, a chunk per row (the baseline's input). */
typedef struct {
	char **rows;
	int *lens;
	size_t n, cap;
	size_t bytes;
} copied;

static void copy_out(PGconn *c, copied *out)
{
	PGresult *r = PQexec(c, "COPY (SELECT county, device, epoch, dseq, seq, kind, day, author,"
	                        " entity, fields, prev, hash, sig FROM inbox ORDER BY seq) TO STDOUT");
	char *buf;
	int len;
	if (PQresultStatus(r) != PGRES_COPY_OUT)
		die("COPY TO STDOUT", NULL);
	PQclear(r);
	memset(out, 0, sizeof(*out));
	while ((len = PQgetCopyData(c, &buf, 0)) > 0) {
		if (out->n == out->cap) {
			out->cap = out->cap ? 2 * out->cap : 4096;
			out->rows = realloc(out->rows, out->cap * sizeof(*out->rows));
			out->lens = realloc(out->lens, out->cap * sizeof(*out->lens));
			if (!out->rows || !out->lens)
				die("out of memory", NULL);
		}
		out->rows[out->n] = buf;
		out->lens[out->n++] = len;
		out->bytes += (size_t)len;
	}
	while ((r = PQgetResult(c)))
		PQclear(r);
}

/* COPY of the rows into the baseline's inbox, batch rows a transaction. */
static double copy_in(PGconn *c, const copied *in, size_t batch)
{
	double t0 = now();
	for (size_t at = 0; at < in->n; at += batch) {
		PGresult *r;
		exec_ok(c, "BEGIN");
		r = PQexec(c, "COPY inbox (county, device, epoch, dseq, seq, kind, day, author,"
		              " entity, fields, prev, hash, sig) FROM STDIN");
		if (PQresultStatus(r) != PGRES_COPY_IN)
			die("COPY FROM STDIN", NULL);
		PQclear(r);
		for (size_t i = at; i < in->n && i < at + batch; i++)
			if (PQputCopyData(c, in->rows[i], in->lens[i]) != 1)
				die("PQputCopyData", NULL);
		if (PQputCopyEnd(c, NULL) != 1)
			die("PQputCopyEnd", NULL);
		r = PQgetResult(c);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			fprintf(stderr, "bench_province: COPY: %s\n", PQerrorMessage(c));
			exit(1);
		}
		PQclear(r);
		while ((r = PQgetResult(c)))
			PQclear(r);
		exec_ok(c, "COMMIT");
	}
	return now() - t0;
}

static void province(const char *build, const char *db, const char *args)
{
	char cmd[16000];
	snprintf(cmd, sizeof(cmd), "'%s/doorstep-province' %s --db 'postgresql://doorstep@/%s?host=%s' > /dev/null",
	         build, args, db, pgdir);
	if (system(cmd) != 0)
		die(args, NULL);
}

int main(void)
{
	const char *env_n = getenv("BENCH_HOUSEHOLDS");
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	long n = env_n ? atol(env_n) : 20000, imported = 0;
	char tmpl[] = "/tmp/doorstep-bench-province.XXXXXX", *dir, path[4200], cstore[4200],
	     pub[4200], cmd[16000], url[4400];
	unsigned char key[STORE_PROVKEY_BYTES];
	store_secret *pass;
	store_device_pub me;
	store_county_pub cpub;
	store_roll roll;
	ds_store *s = NULL;
	ds_error err;
	county_feed_stats fs;
	copied rows;
	PGconn *pc, *bc;
	bool replaced, already;
	double t0, t_feed, t_copy, t_copy1, t_take, t_again, t_roll, t_kept;
	store_keptroll kept;
	bool found = false;
	long n_lines = 0, kinds[CORE_PAYLINE_COUNT] = {0};
	long long events;
	char figure[256];

	if (n <= 0)
		n = 20000;
	if (sodium_init() < 0)
		die("sodium_init", NULL);
	if (!(dir = mkdtemp(tmpl)))
		die("mkdtemp", NULL);
	snprintf(path, sizeof(path), "%s/households.jsonl", dir);
	snprintf(cmd, sizeof(cmd),
	         "DOORSTEP_TODAY=2026-11-27 '%s/doorstep' demo --households %ld --seed 5 --jsonl '%s' &&"
	         " sed -i -E 's/^\\{\"region\":\"[0-9]{6}\"/{\"region\":\"440106\"/;"
	         " s/\"code\":\"[0-9]{6}/\"code\":\"440106/g' '%s'",
	         build, n, path, path);
	if (system(cmd) != 0)
		die("doorstep demo --jsonl failed", NULL);
	if (!(pass = store_secret_new(16)))
		die("out of memory", NULL);
	memcpy(pass->p, "bench passphrase", 16);

	/* the county: its households in its own log, a roll issued, the
	 * province key kept */
	snprintf(cstore, sizeof(cstore), "%s/county", dir);
	{
		store_init_opts o;
		memset(&o, 0, sizeof(o));
		o.user = "county";
		o.role = CORE_ROLE_SUPERVISOR;
		o.region = "440106";
		if (store_init(cstore, &o, pass, &err) || store_open(cstore, "county", pass, &s, &err))
			die("county store", &err);
	}
	store_set_today(s, core_date_from_ymd(2026, 11, 27));
	/* the county's keys are made at init, as doorstep-county init does */
	if (store_device(s, &me, NULL, NULL, &err))
		die("device keys", &err);
	if (cli_import(s, path, false, &imported) != 0 || imported != n)
		die("import refused the demo file (see above)", NULL);
	if (store_roll_issue(s, core_month_make(2026, 11), &roll, &already, &err))
		die("payroll issue", &err);
	store_roll_free(&roll);
	randombytes_buf(key, sizeof(key));
	if (store_province_key_set(s, key, &replaced, &err))
		die("province key", &err);
	memset(&cpub, 0, sizeof(cpub));
	memcpy(cpub.box_pk, me.box_pk, sizeof(cpub.box_pk));
	memcpy(cpub.sign_pk, me.sign_pk, sizeof(cpub.sign_pk));
	{
		unsigned char both[64], id[8];
		memcpy(both, me.box_pk, 32);
		memcpy(both + 32, me.sign_pk, 32);
		crypto_generichash(id, sizeof(id), both, sizeof(both), NULL, 0);
		store_hex(cpub.key_id, id, sizeof(id));
	}
	snprintf(pub, sizeof(pub), "%s/county.pub", dir);
	if (store_county_pub_write(pub, &cpub, &err))
		die("county.pub", &err);
	events = (long long)store_last_seq(s);

	/* the province, twice: one fed, one for the baseline's COPY */
	pg_start();
	snprintf(cmd, sizeof(cmd), "county add 440106 --key '%s'", pub);
	province(build, "province", "init");
	province(build, "province", cmd);
	province(build, "baseline", "init");
	province(build, "baseline", cmd);
	snprintf(url, sizeof(url), "postgresql://doorstep@/province?host=%s", pgdir);

	printf("bench province: %ld demo households, %lld events in the county's log, one roll issued\n",
	       n, events);
	t0 = now();
	if (county_feed(s, url, NULL, &fs, &err))
		die("feed", &err);
	t_feed = now() - t0;
	if (fs.sent != events || fs.added != events) {
		fprintf(stderr, "bench_province: the feed sent %lld and added %lld of %lld events\n",
		        (long long)fs.sent, (long long)fs.added, events);
		return 1;
	}
	t0 = now();
	if (county_feed(s, url, NULL, &fs, &err))
		die("feed again", &err);
	t_again = now() - t0;
	if (fs.sent != 0)
		die("the feed again sent records", NULL);

	/* what the roll's record costs the feed: its lines read as kept when
	 * the roll was issued (their seal opened, their hash checked); and
	 * what it cost when they were made again from the log (as a month
	 * issued before the store kept its rolls still is) */
	t0 = now();
	if (store_roll_kept(s, core_month_make(2026, 11), &kept, &found, &err))
		die("payroll kept", &err);
	t_kept = now() - t0;
	t0 = now();
	if (store_roll_make(s, core_month_make(2026, 11), &roll, &err))
		die("payroll make", &err);
	t_roll = now() - t0;
	if (!found || kept.n != roll.n || memcmp(kept.hash, roll.hash, sizeof(roll.hash)) ||
	    kept.county.households != roll.county.households ||
	    kept.county.total != roll.county.total)
		die("the issued roll was not kept whole", NULL);
	for (size_t i = 0; i < roll.n; i++) {
		const store_keptline *k = &kept.lines[i];
		const store_rollrow *r = &roll.rows[i];
		if (strcmp(k->household, r->household) || k->kind != r->line.kind ||
		    k->month != r->line.month || k->amount != r->line.amount ||
		    k->members != r->members)
			die("a line of the roll kept differs from the roll made again", NULL);
		kinds[r->line.kind]++;
	}
	n_lines = (long)roll.n;
	store_keptroll_free(&kept);
	store_roll_free(&roll);

	pc = connect_to("province");
	bc = connect_to("baseline");
	copy_out(pc, &rows);
	if ((long long)rows.n != events)
		die("the inbox does not hold every event", NULL);
	t_copy = copy_in(bc, &rows, COUNTY_FEED_BATCH);
	exec_ok(bc, "TRUNCATE inbox");
	t_copy1 = copy_in(bc, &rows, rows.n);
	if (count_of(bc, "SELECT count(*) FROM inbox") != events)
		die("the baseline's COPY lost rows", NULL);

	snprintf(cmd, sizeof(cmd), "take --db 'postgresql://doorstep@/province?host=%s'", pgdir);
	t0 = now();
	snprintf(cmd, sizeof(cmd), "'%s/doorstep-province' take --db '%s' > /dev/null", build, url);
	if (system(cmd) != 0)
		die("doorstep-province take", NULL);
	t_take = now() - t0;
	if (count_of(pc, "SELECT count(*) FROM household") != n)
		die("take projected another number of households", NULL);

	printf("  feed (read and open every event, redact, pseudonyms, hash chain, a signature every %d records and at each transaction's end, COPY into the inbox, %d a transaction): %.3f s (%.0f events/s), %.2f MB of rows\n",
	       SYNC_PROV_SIGN_EVERY,
	       COUNTY_FEED_BATCH, t_feed, (double)events / t_feed, (double)rows.bytes / 1e6);
	printf("    of which reading the issued roll's %ld lines as kept at issue (its one record): about %.3f s (timed apart); making them again from the log, as before the store kept them: %.3f s; the two agree line by line (",
	       n_lines, t_kept, t_roll);
	for (int k = 0; k < CORE_PAYLINE_COUNT; k++)
		printf("%s%ld %s", k ? ", " : "", kinds[k], core_payline_id((core_payline_kind)k));
	printf(")\n");
	printf("  COPY of the same rows into the same table, %d a transaction: %.3f s (%.0f rows/s); in one transaction: %.3f s\n",
	       COUNTY_FEED_BATCH, t_copy, (double)events / t_copy, t_copy1);
	printf("  the feed again (nothing new): %.4f s\n", t_again);
	printf("  doorstep-province take (chain, hash and signature checked, projected), the program run: %.3f s (%.0f records/s)\n",
	       t_take, (double)events / t_take);
	printf("  ratio feed / COPY of the same rows in the same transactions: %.2fx (target <= 3x); against one COPY: %.2fx\n",
	       t_feed / t_copy, t_feed / t_copy1);
	snprintf(figure, sizeof(figure), "%.3f s against COPY's %.3f s, %.2fx", t_feed, t_copy,
	         t_feed / t_copy);
	bench_target("province feed vs COPY of the same rows", n, figure, "<= 3x",
	             t_feed / t_copy <= 3.0);

	/* the county's budget sent after the feed: made (every household
	 * projected), then again with nothing changed (skipped) */
	{
		double t_bmade, t_bsame;
		t0 = now();
		if (county_feed_budget(s, url, &err))
			die("feed budget", &err);
		t_bmade = now() - t0;
		t0 = now();
		if (county_feed_budget(s, url, &err))
			die("feed budget again", &err);
		t_bsame = now() - t0;
		if (count_of(pc, "SELECT count(*) FROM budget") != 12)
			die("the budget is not twelve rows", NULL);
		printf("  the feed's budget of 2026 (every household projected, twelve rows signed and sent): %.3f s, %.2fx the feed; again with nothing changed (twelve signatures checked, nothing made): %.4f s, %.2fx the feed again (nothing new)\n",
		       t_bmade, t_bmade / t_feed, t_bsame, t_bsame / t_again);
	}

	for (size_t i = 0; i < rows.n; i++)
		PQfreemem(rows.rows[i]);
	free(rows.rows);
	free(rows.lens);
	PQfinish(pc);
	PQfinish(bc);
	store_close(&s);
	store_secret_free(&pass);
	pg_stop();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_province: could not remove %s\n", dir);
	return 0;
}
