/* bench_books.c — the county's books for 100,000 demo households: the
 * month's payment roll (made, then issued and the next month made with the
 * issued one made again), against reading the same households once in the
 * same run (target: within 2x of that read).
 * BENCH_HOUSEHOLDS overrides the count; BUILD names the build folder. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "store/budget.h"
#include "store/payroll.h"
#include "store/store.h"
#include "tests/bench/bench.h"
#include "tui/cli.h"

#define now() bench_now()
#define die(what, err) bench_die("bench_books", (what), (err))

static ds_status count_row(const store_household_row *row, void *ctx)
{
	(void)row;
	(*(long *)ctx)++;
	return DS_OK;
}

/* The best of three: these machines are noisy. */
static double read_once(ds_store *s, long *n)
{
	double best = 1e9;
	ds_error err;
	for (int i = 0; i < 3; i++) {
		double t0 = now();
		*n = 0;
		if (store_household_each(s, count_row, NULL, n, &err))
			die("read", &err);
		if (now() - t0 < best)
			best = now() - t0;
	}
	return best;
}

static double roll_once(ds_store *s, core_month m, store_roll *r)
{
	double best = 1e9;
	ds_error err;
	for (int i = 0; i < 3; i++) {
		double t0 = now();
		store_roll_free(r);
		if (store_roll_make(s, m, r, &err))
			die("roll", &err);
		if (now() - t0 < best)
			best = now() - t0;
	}
	return best;
}

int main(void)
{
	const char *env_n = getenv("BENCH_HOUSEHOLDS");
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	long n = env_n ? atol(env_n) : 100000, imported = 0, listed = 0;
	char tmpl[] = "/tmp/doorstep-books.XXXXXX", *dir, path[4200], store[4200],
	     cmd[9000];
	store_init_opts o;
	store_secret *pass;
	ds_store *s = NULL;
	ds_error err;
	store_roll r;
	bool already;
	double t_read, t_roll, t_issue, t_next, t0;
	core_month m = core_month_make(2026, 12);
	struct rusage ru;

	if (n <= 0)
		n = 100000;
	if (!(dir = mkdtemp(tmpl)))
		die("mkdtemp", NULL);
	snprintf(path, sizeof(path), "%s/households.jsonl", dir);
	snprintf(cmd, sizeof(cmd),
	         "DOORSTEP_TODAY=2026-11-27 '%s/doorstep' demo --households %ld --seed 1 --jsonl '%s'",
	         build, n, path);
	if (system(cmd) != 0)
		die("doorstep demo --jsonl failed", NULL);
	snprintf(store, sizeof(store), "%s/store", dir);
	if (!(pass = store_secret_new(16)))
		die("out of memory", NULL);
	memcpy(pass->p, "bench passphrase", 16);
	memset(&o, 0, sizeof(o));
	o.user = "county";
	o.role = CORE_ROLE_SUPERVISOR;
	if (store_init(store, &o, pass, &err) ||
	    store_open(store, NULL, pass, &s, &err))
		die("init", &err);
	store_secret_free(&pass);
	store_set_today(s, core_date_from_ymd(2026, 12, 5));
	if (cli_import(s, path, false, &imported) != 0)
		die("import refused the demo file (see above)", NULL);

	memset(&r, 0, sizeof(r));
	t_read = read_once(s, &listed);
	t_roll = roll_once(s, m, &r);
	printf("bench books: %ld demo households\n", listed);
	printf("  read and open every household once (the baseline): %.3f s\n", t_read);
	printf("  the roll of 2026-12 (facts from the log, lines, sums, hash): %.3f s, %lld lines, %lld households\n",
	       t_roll, (long long)r.county.lines, (long long)r.county.households);
	printf("  ratio roll / read: %.2fx (target <= 2x)\n", t_roll / t_read);

	store_roll_free(&r);
	t0 = now();
	if (store_roll_issue(s, m, &r, &already, &err))
		die("issue", &err);
	t_issue = now() - t0;
	t_next = roll_once(s, m + 1, &r);
	printf("  issuing 2026-12 (made and signed): %.3f s\n", t_issue);
	printf("  the roll of 2027-01 with 2026-12 issued (made again to know what it paid): %.3f s; ratio to read: %.2fx (target <= 2x)\n",
	       t_next, t_next / t_read);
	store_roll_free(&r);
	/* the budget of 2027 on 2027-01-05: the cases as they stand (every
	 * household assessed under the policy), January's roll its actual
	 * month, the other eleven projected */
	{
		store_budget b;
		store_roll_total t;
		double best = 1e9;
		for (int i = 0; i < 3; i++) {
			double t0b = now();
			memset(&b, 0, sizeof(b));
			t.month = m + 1;
			if (store_budget_make(s, 2027, core_date_from_ymd(2027, 1, 5), NULL,
			                      &t, 1, &b, &err))
				die("budget", &err);
			if (now() - t0b < best)
				best = now() - t0b;
			store_budget_free(&b);
		}
		printf("  the budget of 2027 (every case taken and projected twelve months, January's roll as actual): %.3f s; ratio to read: %.2fx (target <= 2x)\n",
		       best, best / t_read);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("  peak RSS: %.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
	store_close(&s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_books: could not remove %s\n", dir);
	return imported == n && listed == n ? 0 : 1;
}
