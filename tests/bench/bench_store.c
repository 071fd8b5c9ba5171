/* bench_store.c — the store's figures for 20,000 demo households: import
 * rate against raw SQLite inserts of the same JSON in the same run (and,
 * above 20,000, against an import of the file's first 20,000 in the same
 * run: how the import scales), unlock time with its Argon2id parameters,
 * time to open and list everything, and the peak RSS of the real program
 * listing them.
 * BENCH_HOUSEHOLDS overrides the count; BUILD names the build folder. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "tests/bench/bench.h"
#include "tui/cli.h"

#define now() bench_now()
#define die(what, err) bench_die("bench_store", (what), (err))

static store_secret *passphrase(const char *text)
{
	store_secret *s = store_secret_new(strlen(text));
	if (!s)
		die("out of memory", NULL);
	memcpy(s->p, text, strlen(text));
	return s;
}

/* What this process has read and written through system calls so far
 * (/proc/self/io: bytes and calls), to tell I/O from CPU when the
 * machine's disk is shared and wall times are noisy; zeros where there is
 * no /proc. */
typedef struct {
	unsigned long long rchar, wchar, syscr, syscw;
} io_count;

static io_count io_now(void)
{
	io_count c = {0, 0, 0, 0};
	char name[32];
	unsigned long long v;
	FILE *f = fopen("/proc/self/io", "r");
	if (!f)
		return c;
	while (fscanf(f, "%31[^:]: %llu\n", name, &v) == 2) {
		if (!strcmp(name, "rchar"))
			c.rchar = v;
		else if (!strcmp(name, "wchar"))
			c.wchar = v;
		else if (!strcmp(name, "syscr"))
			c.syscr = v;
		else if (!strcmp(name, "syscw"))
			c.syscw = v;
	}
	fclose(f);
	return c;
}

static io_count io_since(io_count a)
{
	io_count b = io_now();
	b.rchar -= a.rchar;
	b.wchar -= a.wchar;
	b.syscr -= a.syscr;
	b.syscw -= a.syscw;
	return b;
}

static void io_print(const char *what, io_count c)
{
	printf("  %s: wrote %.1f MiB in %llu calls, read %.1f MiB in %llu calls\n",
	       what, (double)c.wchar / 1048576.0, c.syscw,
	       (double)c.rchar / 1048576.0, c.syscr);
}

/* Raw SQLite: the same JSON lines as plaintext rows, one transaction, with
 * the store's durability settings. */
static double raw_inserts(const char *dir, char **lines, long n)
{
	char path[4200];
	sqlite3 *db;
	sqlite3_stmt *st;
	double t0, t1;
	snprintf(path, sizeof(path), "%s/raw.db", dir);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		die("raw open", NULL);
	sqlite3_exec(db,
	             "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	             "CREATE TABLE raw(id INTEGER PRIMARY KEY, json TEXT NOT NULL);",
	             NULL, NULL, NULL);
	t0 = now();
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO raw(json) VALUES (?)", -1, &st, NULL);
	for (long i = 0; i < n; i++) {
		sqlite3_bind_text(st, 1, lines[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			die("raw insert", NULL);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	t1 = now();
	sqlite3_close(db);
	return t1 - t0;
}

/* A new store in dir/name, the file imported into it: the seconds the
 * import took (the unlock before it not counted). */
static double import_into(const char *dir, const char *name, const char *file,
                          store_secret *pass, core_date today, long *imported,
                          io_count *io)
{
	char store[4200];
	store_init_opts o;
	ds_store *s = NULL;
	ds_error err;
	double t0, t;
	snprintf(store, sizeof(store), "%s/%s", dir, name);
	memset(&o, 0, sizeof(o));
	o.user = "bench";
	o.role = CORE_ROLE_ASSISTANT;
	if (store_init(store, &o, pass, &err) ||
	    store_open(store, NULL, pass, &s, &err))
		die("init", &err);
	store_set_today(s, today);
	{
		io_count before = io_now();
		t0 = now();
		if (cli_import(s, file, false, imported) != 0)
			die("import refused the demo file (see above)", NULL);
		t = now() - t0;
		*io = io_since(before);
	}
	store_close(&s);
	return t;
}

static ds_status count_row(const store_household_row *row, void *ctx)
{
	(void)row;
	(*(long *)ctx)++;
	return DS_OK;
}

/* Runs the real program listing every household; returns its wall time
 * and peak RSS. */
static void child_list(const char *doorstep, const char *store,
                       const char *passfile, double *secs, long *maxrss_kb)
{
	struct rusage ru;
	int status;
	double t0 = now();
	pid_t pid = fork();
	if (pid < 0)
		die("fork", NULL);
	if (pid == 0) {
		FILE *null = freopen("/dev/null", "w", stdout);
		(void)null;
		setenv("DOORSTEP_STORE", store, 1);
		setenv("DOORSTEP_PASSPHRASE_FILE", passfile, 1);
		execl(doorstep, doorstep, "household", "list", "--json", (char *)NULL);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		die("doorstep household list failed", NULL);
	*secs = now() - t0;
	*maxrss_kb = ru.ru_maxrss;
}

int main(void)
{
	const char *env_n = getenv("BENCH_HOUSEHOLDS");
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	long n = env_n ? atol(env_n) : 20000, imported = 0, listed = 0;
	char tmpl[] = "/tmp/doorstep-bench.XXXXXX", *dir, path[4200],
	     store[4200], passfile[4200], doorstep[4200];
	char **lines;
	FILE *f;
	store_init_opts o;
	store_secret *pass;
	ds_store *s = NULL;
	ds_error err;
	double t_raw, t_parse, t_unlock, t_import, t_open_list, t0, t_child,
	        t_base = 0;
	long base_n = 20000, base_imported = 0;
	io_count io_raw, io_import, io_base = {0, 0, 0, 0}, io0;
	uint64_t ops, mem;
	long child_rss;
	struct rusage ru;
	core_date today = core_date_from_ymd(2026, 11, 27);

	if (n <= 0)
		n = 20000;
	if (!(dir = mkdtemp(tmpl)))
		die("mkdtemp", NULL);
	snprintf(doorstep, sizeof(doorstep), "%s/doorstep", build);

	/* The households, as the JSON lines an import file would hold, made by
	 * the program itself (each person once). */
	snprintf(path, sizeof(path), "%s/households.jsonl", dir);
	{
		char cmd[9000];
		char *line = NULL;
		size_t cap = 0;
		long i = 0;
		snprintf(cmd, sizeof(cmd),
		         "DOORSTEP_TODAY=2026-11-27 '%s' demo --households %ld --seed 1 --jsonl '%s'",
		         doorstep, n, path);
		if (system(cmd) != 0)
			die("doorstep demo --jsonl failed", NULL);
		lines = calloc((size_t)n, sizeof(*lines));
		f = fopen(path, "r");
		if (!lines || !f)
			die("cannot read the households file", NULL);
		while (i < n && getline(&line, &cap, f) > 0) {
			line[strcspn(line, "\n")] = '\0';
			lines[i++] = strdup(line);
		}
		free(line);
		fclose(f);
		if (i != n)
			die("the households file is short", NULL);
	}

	/* The floor no import can go below: reading the JSON at all. */
	t0 = now();
	for (long i = 0; i < n; i++) {
		json_t *j = json_loads(lines[i], JSON_REJECT_DUPLICATES, NULL);
		if (!j)
			die("demo JSON does not parse", NULL);
		json_decref(j);
	}
	t_parse = now() - t0;

	io0 = io_now();
	t_raw = raw_inserts(dir, lines, n);
	io_raw = io_since(io0);

	snprintf(store, sizeof(store), "%s/store", dir);
	snprintf(passfile, sizeof(passfile), "%s/pass", dir);
	/* 0600: doorstep refuses a passphrase file others can read */
	{
		int fd = open(passfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		f = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!f)
			die("cannot write the passphrase file", NULL);
	}
	fputs("bench passphrase\n", f);
	fclose(f);
	pass = passphrase("bench passphrase");
	memset(&o, 0, sizeof(o));
	o.user = "bench";
	o.role = CORE_ROLE_ASSISTANT;
	if (store_init(store, &o, pass, &err))
		die("init", &err);
	t0 = now();
	if (store_open(store, NULL, pass, &s, &err))
		die("open", &err);
	t_unlock = now() - t0;
	store_set_today(s, today);
	store_kdf_params(s, &ops, &mem);

	io0 = io_now();
	t0 = now();
	if (cli_import(s, path, false, &imported) != 0)
		die("import refused the demo file (see above)", NULL);
	t_import = now() - t0;
	io_import = io_since(io0);
	store_close(&s);

	/* How it scales: the file's first 20,000 imported into a store of
	 * their own, in this run. */
	if (n > base_n) {
		char base_path[4200];
		FILE *bf;
		snprintf(base_path, sizeof(base_path), "%s/first.jsonl", dir);
		if (!(bf = fopen(base_path, "w")))
			die("cannot write the first households", NULL);
		for (long i = 0; i < base_n; i++)
			fprintf(bf, "%s\n", lines[i]);
		fclose(bf);
		t_base = import_into(dir, "first", base_path, pass, today,
		                     &base_imported, &io_base);
		if (base_imported != base_n)
			die("the first 20,000 did not all import", NULL);
	}

	t0 = now();
	if (store_open(store, NULL, pass, &s, &err) ||
	    store_household_each(s, count_row, NULL, &listed, &err))
		die("list", &err);
	t_open_list = now() - t0;
	store_close(&s);
	store_secret_free(&pass);

	child_list(doorstep, store, passfile, &t_child, &child_rss);
	getrusage(RUSAGE_SELF, &ru);

	printf("bench store: %ld demo households\n", n);
	printf("  raw SQLite inserts of the same JSON, one transaction: %.3f s (%.0f rows/s)\n",
	       t_raw, (double)n / t_raw);
	printf("  doorstep import (checked, sealed, blind-indexed, logged, signed; 5,000 per transaction): %.3f s (%.0f households/s, %.3f s per 1,000)\n",
	       t_import, (double)imported / t_import,
	       t_import * 1000.0 / (double)imported);
	printf("  ratio import / raw: %.2fx (target <= 3x)\n", t_import / t_raw);
	{
		char fig[160];
		snprintf(fig, sizeof(fig),
		         "import %.3f s, raw SQLite inserts %.3f s: %.2fx", t_import,
		         t_raw, t_import / t_raw);
		bench_target("import vs raw SQLite inserts of the same JSON", n, fig,
		             "<= 3x", t_import / t_raw <= 3.0);
	}
	if (t_base > 0) {
		char fig[160];
		double r = t_import / t_base;
		printf("  scaling: %ld households in %.3f s, the first %ld in %.3f s: %.2fx the time for %.1fx the households (target < 4x at 100,000)\n",
		       n, t_import, base_n, t_base, r, (double)n / (double)base_n);
		snprintf(fig, sizeof(fig), "%.3f s, %ld in %.3f s: %.2fx", t_import,
		         base_n, t_base, r);
		if (n == 100000) /* the row */
			bench_target("import time vs the time of 20,000", n, fig,
			             "< 4x", r < 4.0);
	}
	io_print("raw SQLite inserts", io_raw);
	io_print("doorstep import", io_import);
	if (t_base > 0)
		io_print("doorstep import of the first 20,000", io_base);
	printf("  for scale: parsing the same JSON with jansson, nothing else: %.3f s (%.2fx raw)\n",
	       t_parse, t_parse / t_raw);
	printf("  unlock: %.3f s (Argon2id, opslimit %llu, memlimit %llu MiB)\n",
	       t_unlock, (unsigned long long)ops,
	       (unsigned long long)(mem >> 20));
	printf("  open and list all %ld (unlock, then open every sealed household): %.3f s (%.3f s without the unlock)\n",
	       listed, t_open_list, t_open_list - t_unlock);
	printf("  `doorstep household list --json` of all %ld: %.3f s, peak RSS %.1f MiB (with its Argon2id child, which alone takes 64 MiB)\n",
	       listed, t_child, (double)child_rss / 1024.0);
	printf("  this benchmark's own peak RSS (Argon2id runs in a child, so not counted): %.1f MiB\n",
	       (double)ru.ru_maxrss / 1024.0);

	for (long i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	{
		char cmd[4300];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "bench_store: could not remove %s\n", dir);
	}
	if (imported != n || listed != n) {
		fprintf(stderr, "bench_store: imported %ld and listed %ld of %ld\n",
		        imported, listed, n);
		return 1;
	}
	return 0;
}
