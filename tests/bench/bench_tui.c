/* bench_tui.c — the terminal interface on 20,000 households: from unlock
 * to a drawn caseload (without the Argon2id), each keystroke of a search
 * as you type, and the peak memory. The real screens draw into a terminal
 * whose output goes to /dev/null; the baseline is reading the caseload
 * alone, in the same run. The caseload is loaded again with jansson's
 * allocations wiped on free (as the interface runs since the idle lock
 * wipes households) and without, to show what the wiping costs.
 * BENCH_HOUSEHOLDS overrides the count. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "store/caseload.h"
#include "tests/bench/bench.h"
#include "tui/cli.h"
#include "tui/ui.h"
#include "tui/wipe.h"

#define now() bench_now()
#define die(what, err) bench_die("bench_tui", (what), (err))

/* Sends each character of text as a key and times the slowest and the
 * mean keystroke (handling and repainting). */
static void type(ui *u, const char *text, double *worst, double *mean)
{
	double total = 0;
	size_t n = strlen(text);
	*worst = 0;
	for (size_t i = 0; i < n; i++) {
		double t0 = now(), dt;
		ui_dispatch(u, (unsigned char)text[i]);
		ui_paint(u);
		dt = now() - t0;
		total += dt;
		if (dt > *worst)
			*worst = dt;
	}
	*mean = n ? total / (double)n : 0;
}

static ds_status count_one(const store_household_row *row, void *ctx)
{
	(void)row;
	(*(long *)ctx)++;
	return DS_OK;
}

int main(void)
{
	const char *env_n = getenv("BENCH_HOUSEHOLDS");
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	long n = env_n ? atol(env_n) : 20000, imported = 0;
	char tmpl[] = "/tmp/doorstep-bench-tui.XXXXXX", *dir, path[4200],
	     store[4200], cmd[9000], query[32];
	core_date today = core_date_from_ymd(2026, 11, 27);
	store_init_opts o;
	store_secret *pass;
	ds_error err;
	ui u;
	double t0, t_open, t_kdf, t_load, t_paint, t_read, worst, mean, worst2,
	        mean2, t_reload, t_plain, t_wiped;
	uint64_t ops, mem;
	unsigned char salt[STORE_SALT_BYTES] = {0}, key[STORE_KEY_BYTES];
	struct rusage ru;
	FILE *null;
	SCREEN *scr;

	if (n <= 0)
		n = 20000;
	if (!(dir = mkdtemp(tmpl)))
		die("mkdtemp", NULL);
	snprintf(path, sizeof(path), "%s/households.jsonl", dir);
	snprintf(cmd, sizeof(cmd),
	         "DOORSTEP_TODAY=2026-11-27 '%s/doorstep' demo --households %ld --seed 3 --jsonl '%s'",
	         build, n, path);
	if (system(cmd) != 0)
		die("doorstep demo --jsonl failed", NULL);
	snprintf(store, sizeof(store), "%s/store", dir);
	pass = store_secret_new(16);
	memcpy(pass->p, "bench passphrase", 16);
	memset(&o, 0, sizeof(o));
	o.user = "bench";
	o.role = CORE_ROLE_ASSISTANT;
	memset(&u, 0, sizeof(u));
	if (store_init(store, &o, pass, &err) ||
	    store_open(store, NULL, pass, &u.store, &err))
		die("store", &err);
	store_set_today(u.store, today);
	if (cli_import(u.store, path, false, &imported) != 0 || imported != n)
		die("import", NULL);
	store_close(&u.store);

	/* Reading and opening every household, nothing else: the baseline. */
	if (store_open(store, NULL, pass, &u.store, &err))
		die("open", &err);
	store_set_today(u.store, today);
	{
		long count = 0;
		t0 = now();
		if (store_household_each(u.store, count_one, NULL, &count, &err))
			die("read", &err);
		t_read = now() - t0;
	}
	store_close(&u.store);

	/* Unlock to a drawn caseload, in a terminal drawn to /dev/null. */
	null = fopen("/dev/null", "w");
	scr = newterm("xterm", null, stdin);
	if (!scr)
		die("newterm", NULL);
	set_term(scr);
	resizeterm(24, 80);
	t0 = now();
	if (store_open(store, NULL, pass, &u.store, &err))
		die("open", &err);
	t_open = now() - t0;
	store_kdf_params(u.store, &ops, &mem);
	t0 = now();
	if (store_kdf(key, pass, salt, ops, mem))
		die("kdf", NULL);
	t_kdf = now() - t0;
	store_set_today(u.store, today);
	u.today = today;
	u.user = "bench";
	t0 = now();
	if (ui_reload(&u))
		die("load", NULL);
	t_load = now() - t0;
	ui_push(&u, scr_caseload_new(&u));
	t0 = now();
	ui_paint(&u);
	t_paint = now() - t0;

	/* A search as you type: the last four characters of an ID number
	 * near the end of the list, then a name that is nowhere (the whole
	 * list is scanned at every keystroke). */
	ui_dispatch(&u, '/');
	{
		const char *s = u.rows[u.n_rows - 7].search;
		const char *id = strchr(s, '\t') + 1;
		snprintf(query, sizeof(query), "%.4s", id + 14);
	}
	type(&u, query, &worst, &mean);
	ui_dispatch(&u, 27);
	ui_dispatch(&u, '/');
	type(&u, "zzzzqqqq", &worst2, &mean2);
	ui_dispatch(&u, 27);

	/* The caseload again, jansson's frees plain and wiped in turn; the
	 * best of three each */
	{
		double best[2] = {1e9, 1e9};
		for (int round = 0; round < 6; round++) {
			int wiped = round % 2;
			if (wiped)
				wipe_json_install();
			else
				json_set_alloc_funcs(malloc, free);
			t0 = now();
			if (ui_reload(&u))
				die("reload", NULL);
			t_reload = now() - t0;
			if (t_reload < best[wiped])
				best[wiped] = t_reload;
		}
		t_plain = best[0];
		t_wiped = best[1];
	}

	getrusage(RUSAGE_SELF, &ru);
	endwin();
	delscreen(scr);
	fclose(null);

	printf("bench tui: %zu households at 80x24\n", u.n_rows);
	printf("  reading and opening every household, nothing else (baseline): %.3f s\n",
	       t_read);
	printf("  unlock to a drawn caseload, without the Argon2id: %.3f s (store open %.3f s less Argon2id %.3f s, caseload %.3f s, first paint %.4f s); ratio to the baseline %.2fx\n",
	       t_open - t_kdf + t_load + t_paint, t_open, t_kdf, t_load, t_paint,
	       (t_open - t_kdf + t_load + t_paint) / t_read);
	printf("  search as you type, last four digits of an ID (\"%s\"): mean %.2f ms, worst %.2f ms a keystroke (target < 5 ms)\n",
	       query, mean * 1e3, worst * 1e3);
	printf("  search for something nowhere (whole list each key): mean %.2f ms, worst %.2f ms a keystroke\n",
	       mean2 * 1e3, worst2 * 1e3);
	printf("  the caseload again, jansson's allocations freed plainly: %.3f s; wiped on free (as the interface runs): %.3f s (%+.1f%%)\n",
	       t_plain, t_wiped, (t_wiped / t_plain - 1) * 100);
	printf("  peak RSS: %.1f MiB (target < 64 MiB; Argon2id runs in a child)\n",
	       (double)ru.ru_maxrss / 1024.0);

	while (u.top) {
		screen *s = u.top;
		u.top = s->below;
		if (s->ops->close)
			s->ops->close(s);
		free(s);
	}
	store_caseload_free(u.rows, u.n_rows);
	ui_sync_free(&u);
	store_close(&u.store);
	store_secret_free(&pass);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_tui: could not remove %s\n", dir);
	return 0;
}
