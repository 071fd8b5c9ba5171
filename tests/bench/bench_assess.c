/* bench_assess.c — `assess --all` over a 20,000-household store, each
 * figure with its ratio to a baseline measured in the same run (reading
 * and opening every household once, nothing else): a trial run (dry-run)
 * on a store never assessed, every assessment recorded in the log
 * (STORE_ASSESS_BATCH to a transaction, as the command does), a trial run
 * again on the store now assessed, and the size of a recorded assessment's
 * body; each with the process's CPU time too, and the three targets
 * (bench_target). BENCH_HOUSEHOLDS overrides the count; BUILD names the
 * build folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/assess.h"
#include "store/assessjson.h"
#include "store/internal.h"
#include "store/store.h"
#include "tests/bench/bench.h"
#include "tui/cli.h"

#define now() bench_now()

/* The process's CPU time: on a machine others share, what the run itself
 * took, beside the wall-clock figure the targets are stated in. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
#define die(what, err) bench_die("bench_assess", (what), (err))

typedef struct {
	ds_store *s;
	const core_policy *p;
	core_date on;
	core_assessment *a;
	long n, eligible, transitions, warnings;
	ds_error *err;
} run_ctx;

static ds_status count_only(const store_household_row *row, void *vctx)
{
	run_ctx *x = vctx;
	(void)row;
	x->n++;
	return DS_OK;
}

/* What the command does with each household assessed: counts it. */
static ds_status count_assessed(const store_household_row *row,
                                const core_assessment *a, ds_status st,
                                const ds_error *err, void *vctx)
{
	run_ctx *x = vctx;
	(void)row;
	(void)err;
	if (st)
		return st;
	x->n++;
	x->eligible += a->eligible;
	x->transitions += a->has_transition;
	x->warnings += a->warning;
	return DS_OK;
}

typedef struct {
	core_household *h;
	size_t n;
} keep_ctx;

static ds_status keep_one(const store_household_row *row, void *vctx)
{
	keep_ctx *k = vctx;
	core_household *nh = realloc(k->h, (k->n + 1) * sizeof(*nh));
	if (!nh)
		return DS_ESYSTEM;
	k->h = nh;
	return core_household_copy(&k->h[k->n++], &row->h);
}

/* The recorded assessments' bodies: how many and their mean size, as the
 * log holds them (sealed: salt, nonce and tag included). */
static void body_sizes(ds_store *s)
{
	sqlite3 *db = s->db;
	sqlite3_stmt *q;
	if (!db || sqlite3_prepare_v2(db,
	                              "SELECT count(*), avg(length(body)) FROM event"
	                              " WHERE kind = 'household.assessed'",
	                              -1, &q, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(q) == SQLITE_ROW)
		printf("  recorded bodies: %lld, %.0f bytes each on average (sealed)\n",
		       (long long)sqlite3_column_int64(q, 0),
		       sqlite3_column_double(q, 1));
	sqlite3_finalize(q);
	/* BENCH_ASSESS_BODY=1: the last one as it reads, to see what it holds */
	if (getenv("BENCH_ASSESS_BODY") &&
	    sqlite3_prepare_v2(db, "SELECT max(seq) FROM event"
	                           " WHERE kind = 'household.assessed'",
	                       -1, &q, NULL) == SQLITE_OK) {
		json_t *body = NULL;
		ds_error err;
		if (sqlite3_step(q) == SQLITE_ROW &&
		    !store_event_body(s, sqlite3_column_int64(q, 0), &body, &err)) {
			char *t = json_dumps(body, JSON_COMPACT);
			printf("  the last body, %zu bytes: %s\n", t ? strlen(t) : 0,
			       t ? t : "");
			free(t);
		}
		json_decref(body);
		sqlite3_finalize(q);
	}
}

int main(void)
{
	const char *env_n = getenv("BENCH_HOUSEHOLDS");
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	long n = env_n ? atol(env_n) : 20000, imported = 0;
	char tmpl[] = "/tmp/doorstep-bench-assess.XXXXXX", *dir, path[4200],
	     store[4200], cmd[9000];
	core_date today = core_date_from_ymd(2026, 11, 27);
	store_init_opts o;
	store_secret *pass;
	ds_store *s = NULL;
	ds_error err;
	core_policy *versions = NULL;
	const core_policy *p;
	size_t nv = 0;
	run_ctx x;
	double t_read, t_read2, t_assess, t_assessed, t_record, t_one, t0;
	double c_read, c_read2, c_assess, c_assessed, c_record, c0;
	char fig[256];

	if (n <= 0)
		n = 20000;
	if (!(dir = mkdtemp(tmpl)))
		die("mkdtemp", NULL);
	snprintf(path, sizeof(path), "%s/households.jsonl", dir);
	snprintf(cmd, sizeof(cmd),
	         "DOORSTEP_TODAY=2026-11-27 '%s/doorstep' demo --households %ld --seed 2 --jsonl '%s'",
	         build, n, path);
	if (system(cmd) != 0)
		die("doorstep demo --jsonl failed", NULL);
	snprintf(store, sizeof(store), "%s/store", dir);
	pass = store_secret_new(16);
	memcpy(pass->p, "bench passphrase", 16);
	memset(&o, 0, sizeof(o));
	o.user = "bench";
	o.role = CORE_ROLE_ASSISTANT;
	if (store_init(store, &o, pass, &err) ||
	    store_open(store, NULL, pass, &s, &err))
		die("store", &err);
	store_set_today(s, today);
	if (cli_import(s, path, false, &imported) != 0 || imported != n)
		die("import", NULL);
	if (store_policy_at(s, today, &versions, &nv, &p, &err))
		die("policy", &err);

	memset(&x, 0, sizeof(x));
	x.s = s;
	x.p = p;
	x.on = today;
	x.err = &err;
	x.a = malloc(sizeof(*x.a));
	if (!x.a)
		die("out of memory", NULL);

	t0 = now();
	c0 = cpu_now();
	if (store_household_each(s, count_only, NULL, &x, &err))
		die("read", &err);
	t_read = now() - t0;
	c_read = cpu_now() - c0;

	x.n = 0;
	t0 = now();
	c0 = cpu_now();
	if (store_assess_all(s, p, today, false, x.a, count_assessed, NULL, &x, &err))
		die("assess", &err);
	t_assess = now() - t0;
	c_assess = cpu_now() - c0;
	printf("bench assess: %ld demo households, policy %s\n", x.n, p->version);
	printf("  baseline: read and open every household (nothing else): %.3f s (cpu %.3f s)\n",
	       t_read, c_read);
	printf("  assess --all --dry-run, never assessed: %.3f s (cpu %.3f s) (target <= 0.2 s), %.2fx the baseline\n",
	       t_assess, c_assess, t_assess / t_read);
	printf("    the computation beyond the baseline: %.1f us a household\n",
	       (t_assess - t_read) / (double)x.n * 1e6);
	printf("  results: %ld eligible, %ld early warnings, %ld gradual withdrawals\n",
	       x.eligible, x.warnings, x.transitions);

	/* The computation alone: households held in memory, assessed with no
	 * store in the way. */
	{
		keep_ctx k = {NULL, 0};
		core_case_now cn;
		if (store_household_each(s, keep_one, NULL, &k, &err))
			die("read", &err);
		t0 = now();
		for (size_t i = 0; i < k.n; i++) {
			memset(&cn, 0, sizeof(cn));
			cn.receiving = k.h[i].receiving;
			cn.allowance = k.h[i].allowance;
			if (core_assess(&k.h[i], p, today, &cn, x.a, &err))
				die("core_assess", &err);
		}
		t_one = now() - t0;
		printf("  core_assess alone over the %zu households in memory: %.3f s (%.1f us each)\n",
		       k.n, t_one, t_one / (double)k.n * 1e6);
		for (size_t i = 0; i < k.n; i++)
			core_household_free(&k.h[i]);
		free(k.h);
	}

	/* Recording every assessment in the log, STORE_ASSESS_BATCH to a
	 * transaction, as the command does. */
	x.n = x.eligible = x.transitions = x.warnings = 0;
	t0 = now();
	c0 = cpu_now();
	if (store_assess_all(s, p, today, true, x.a, count_assessed, NULL, &x,
	                     &err))
		die("record", &err);
	t_record = now() - t0;
	c_record = cpu_now() - c0;
	printf("  assess --all, recorded (signed, %d a transaction): %.3f s (cpu %.3f s) (target <= 1.0 s), %.2fx the baseline\n",
	       STORE_ASSESS_BATCH, t_record, c_record, t_record / t_read);
	body_sizes(s);

	/* A trial run again, on the store now assessed; the baseline again
	 * too (the log has grown). */
	x.n = x.eligible = x.transitions = x.warnings = 0;
	t0 = now();
	c0 = cpu_now();
	if (store_household_each(s, count_only, NULL, &x, &err))
		die("read", &err);
	t_read2 = now() - t0;
	c_read2 = cpu_now() - c0;
	x.n = 0;
	t0 = now();
	c0 = cpu_now();
	if (store_assess_all(s, p, today, false, x.a, count_assessed, NULL, &x, &err))
		die("assess", &err);
	t_assessed = now() - t0;
	c_assessed = cpu_now() - c0;
	printf("  baseline again, the store assessed: %.3f s (cpu %.3f s)\n",
	       t_read2, c_read2);
	printf("  assess --all --dry-run, already assessed: %.3f s (cpu %.3f s) (target <= 0.2 s), %.2fx the baseline\n",
	       t_assessed, c_assessed, t_assessed / t_read2);

	/* The three rows, as make bench gathers them: its targets are
	 * for 20,000 households (at another size the figures stand alone) */
	if (n != 20000)
		goto done;
	snprintf(fig, sizeof(fig), "%.3f s, %.2fx reading every household (%.3f s)",
	         t_assess, t_assess / t_read, t_read);
	bench_target("assess --all --dry-run, never assessed", n, fig, "<= 0.2 s",
	             t_assess <= 0.2);
	snprintf(fig, sizeof(fig), "%.3f s, %.2fx reading every household (%.3f s)",
	         t_assessed, t_assessed / t_read2, t_read2);
	bench_target("assess --all --dry-run, already assessed", n, fig,
	             "<= 0.2 s", t_assessed <= 0.2);
	snprintf(fig, sizeof(fig), "%.3f s, %.2fx reading every household (%.3f s)",
	         t_record, t_record / t_read, t_read);
	bench_target("assess --all recorded", n, fig, "<= 1.0 s", t_record <= 1.0);
done:
	free(x.a);
	store_policies_free(versions, nv);
	store_close(&s);
	store_secret_free(&pass);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_assess: could not remove %s\n", dir);
	return 0;
}
