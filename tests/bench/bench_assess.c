/* bench_assess.c — assessing every household of a 20,000-household store:
 * the time to assess them all (reading, opening and computing) against
 * the time only to read and open them, measured in the same run; and the
 * time to record every assessment in the log.
 * BENCH_HOUSEHOLDS overrides the count; BUILD names the build folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/assess.h"
#include "store/assessjson.h"
#include "store/store.h"
#include "tests/bench/bench.h"
#include "tui/cli.h"

#define now() bench_now()
#define die(what, err) bench_die("bench_assess", (what), (err))

typedef struct {
	ds_store *s;
	const core_policy *p;
	core_date on;
	bool record;
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

static ds_status assess_one(const store_household_row *row, void *vctx)
{
	run_ctx *x = vctx;
	ds_status st = store_assess_row(x->s, row, x->p, x->on, x->record, x->a,
	                                x->err);
	if (st)
		return st;
	x->n++;
	x->eligible += x->a->eligible;
	x->transitions += x->a->has_transition;
	x->warnings += x->a->warning;
	if (x->record && x->n % 500 == 0) {
		if ((st = store_commit(x->s, x->err)))
			return st;
		return store_begin(x->s, x->err);
	}
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
	double t_read, t_assess, t_record, t_one, t0;

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
	if (store_household_each(s, count_only, NULL, &x, &err))
		die("read", &err);
	t_read = now() - t0;

	x.n = 0;
	t0 = now();
	if (store_household_each(s, assess_one, NULL, &x, &err))
		die("assess", &err);
	t_assess = now() - t0;
	printf("bench assess: %ld demo households, policy %s\n", x.n, p->version);
	printf("  read and open every household (nothing else): %.3f s\n", t_read);
	printf("  assess every household (read, open, work out with every step): %.3f s (target < 0.5 s)\n",
	       t_assess);
	printf("  ratio assess-all / read-only: %.2fx; the computation alone: %.1f us a household\n",
	       t_assess / t_read, (t_assess - t_read) / (double)x.n * 1e6);
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

	/* Recording every assessment in the log, 500 to a transaction. */
	x.n = x.eligible = x.transitions = x.warnings = 0;
	x.record = true;
	t0 = now();
	if (store_begin(s, &err) ||
	    store_household_each(s, assess_one, NULL, &x, &err) ||
	    store_commit(s, &err))
		die("record", &err);
	t_record = now() - t0;
	printf("  assess and record every household in the log (signed, 500 a transaction): %.3f s\n",
	       t_record);

	free(x.a);
	store_policies_free(versions, nv);
	store_close(&s);
	store_secret_free(&pass);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_assess: could not remove %s\n", dir);
	return 0;
}
