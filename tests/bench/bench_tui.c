/* bench_tui.c — the terminal interface on 20,000 households: from unlock
 * to a drawn caseload (without the Argon2id), each keystroke of a search
 * as you type (pinyin and its initials included, against the same search
 * without pinyin as its baseline), a page down, sorting by name in pinyin
 * order, and the peak memory with ICU loaded. The real screens draw into a terminal
 * whose output goes to /dev/null; the baseline is reading the caseload
 * alone, in the same run. The caseload is loaded again with jansson's
 * allocations wiped on free (as the interface runs since the idle lock
 * wipes households) and without, to show what the wiping costs.
 * The store is made and the households imported in a child process, and
 * the baseline read after the peak memory is taken, so the peak is the
 * interface's. Ends with the targets (bench_target): unlock to a
 * drawn caseload, a search keystroke, the interface's peak memory.
 * BENCH_HOUSEHOLDS overrides the count. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/caseload.h"
#include "tests/bench/bench.h"
#include "tui/cli.h"
#include "tui/pinyin.h"
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

/* The m of "n of m" the search shows (how many households match), read
 * off the screen; 0 when it shows none. */
static long matches_shown(void)
{
	char line[512];
	for (int y = 0; y < LINES; y++) {
		char *of;
		long m;
		if (mvinnstr(y, 0, line, (int)sizeof(line) - 1) == ERR)
			continue;
		if ((of = strstr(line, " of ")) && sscanf(of, " of %ld", &m) == 1)
			return m;
	}
	return 0;
}

/* A search typed after /, put away with Esc after; *found is how many
 * households it matched. */
static void search(ui *u, const char *text, double *worst, double *mean,
                   long *found)
{
	ui_dispatch(u, '/');
	type(u, text, worst, mean);
	*found = matches_shown();
	ui_dispatch(u, 27);
}

/* Resident memory now (not the peak), in MiB. */
static double rss_now(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return (double)resident * 4096.0 / (1024.0 * 1024.0);
}

/* With BENCH_TUI_SMAPS set: what is resident now, by mapping (the
 * largest first, those of 256 KiB and more), to see where memory goes. */
static void rss_detail(const char *when)
{
	char line[512], name[512] = "";
	long kb;
	FILE *f;
	struct { char name[160]; long kb; } m[256];
	long rest = 0;
	int nm = 0;
	if (!getenv("BENCH_TUI_SMAPS") || !(f = fopen("/proc/self/smaps", "r")))
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned long a, b;
		if (sscanf(line, "%lx-%lx", &a, &b) == 2 && strchr(line, ' ')) {
			char *sp = line;
			for (int k = 0; k < 5 && sp; k++)
				sp = strchr(sp + 1, ' ');
			while (sp && *sp == ' ')
				sp++;
			snprintf(name, sizeof(name), "%s", sp && *sp > ' ' ? sp : "[anon]\n");
			name[strcspn(name, "\n")] = '\0';
		} else if (sscanf(line, "Rss: %ld kB", &kb) == 1 && kb > 0) {
			int i;
			for (i = 0; i < nm && strcmp(m[i].name, name); i++)
				;
			if (i == nm && nm < 256) {
				snprintf(m[nm].name, sizeof(m[nm].name), "%.159s", name);
				m[nm++].kb = 0;
			}
			if (i < nm)
				m[i].kb += kb;
		}
	}
	fclose(f);
	printf("  resident by mapping, %s:\n", when);
	for (int i = 0; i < nm; i++)
		if (m[i].kb >= 256)
			printf("    %7.1f MiB %s\n", m[i].kb / 1024.0, m[i].name);
		else
			rest += m[i].kb;
	printf("    %7.1f MiB the rest (%d mappings)\n", rest / 1024.0, nm);
}

/* With BENCH_TUI_SMAPS set: resident now and the peak so far, after a
 * step, to see which step makes the peak. */
static void rss_mark(const char *when)
{
	char line[256];
	long hwm = 0, rss = 0;
	FILE *f;
	if (!getenv("BENCH_TUI_SMAPS") || !(f = fopen("/proc/self/status", "r")))
		return;
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "VmHWM: %ld kB", &hwm);
		sscanf(line, "VmRSS: %ld kB", &rss);
	}
	fclose(f);
	printf("  %-40s resident %6.1f MiB, peak %6.1f MiB\n", when,
	       rss / 1024.0, hwm / 1024.0);
}

/* The same queries typed with and without pinyin: [0] plain, [1] pinyin. */
#define N_QUERIES 4
static const char *const queries[N_QUERIES] = {
	"zq",          /* initials: 张强, 赵琦, ... */
	"zhangqiang",  /* full pinyin */
	"wangxy",      /* full, then initials: 王秀英 */
	"zzzzqqqq",    /* nowhere: the whole list at each keystroke */
};

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
	     store[4200], cmd[32768], query[32];
	core_date today = core_date_from_ymd(2026, 11, 27);
	store_init_opts o;
	store_secret *pass;
	ds_error err;
	ui u;
	double t0, t_open, t_kdf, t_load, t_paint, t_read, worst, mean, worst2,
	        mean2, t_reload, t_plain, t_wiped, t_icu, rss_icu0, rss_icu1,
	        q_worst[2][N_QUERIES], q_mean[2][N_QUERIES], t_pgdn, t_pgdn_worst,
	        t_repaint, t_sort_name, t_sort_due, t_index, t_index2 = 0,
	        t_first_search, t_unlock, key_mean, key_worst, rss_peak, rss_drawn,
	        rss_searched;
	int pgdns = 0;
	bool keep_dir = false, reuse = false;
	long q_found[2][N_QUERIES];
	uint64_t ops, mem;
	unsigned char salt[STORE_SALT_BYTES] = {0}, key[STORE_KEY_BYTES];
	struct rusage ru;
	FILE *null;
	SCREEN *scr;

	if (n <= 0)
		n = 20000;
	/* BENCH_TUI_DIR: the store made there once and used again by the
	 * next runs (to measure a change to the interface without importing
	 * again); kept at the end */
	if (getenv("BENCH_TUI_DIR") && *getenv("BENCH_TUI_DIR")) {
		dir = getenv("BENCH_TUI_DIR");
		keep_dir = true;
		mkdir(dir, 0700);
	} else if (!(dir = mkdtemp(tmpl))) {
		die("mkdtemp", NULL);
	}
	snprintf(path, sizeof(path), "%s/households.jsonl", dir);
	snprintf(store, sizeof(store), "%s/store", dir);
	reuse = keep_dir && access(store, F_OK) == 0;
	snprintf(cmd, sizeof(cmd),
	         "DOORSTEP_TODAY=2026-11-27 '%s/doorstep' demo --households %ld --seed 3 --jsonl '%s'",
	         build, n, path);
	if (!reuse && system(cmd) != 0)
		die("doorstep demo --jsonl failed", NULL);
	pass = store_secret_new(16);
	memcpy(pass->p, "bench passphrase", 16);
	memset(&o, 0, sizeof(o));
	o.user = "bench";
	o.role = CORE_ROLE_ASSISTANT;
	memset(&u, 0, sizeof(u));
	/* the store made and the households imported by doorstep itself,
	 * another process: the import's memory is not the interface's peak */
	{
		char passfile[4300];
		FILE *pf;
		snprintf(passfile, sizeof(passfile), "%s/pass", dir);
		if (!(pf = fopen(passfile, "w")) || fputs("bench passphrase", pf) < 0 ||
		    fclose(pf) != 0 || chmod(passfile, 0600) != 0)
			die("the passphrase file", NULL);
		snprintf(cmd, sizeof(cmd),
		         "DOORSTEP_TODAY=2026-11-27 DOORSTEP_PASSPHRASE_FILE='%s' '%s/doorstep' --store '%s' init --user bench --role assistant > /dev/null &&"
		         " DOORSTEP_TODAY=2026-11-27 DOORSTEP_PASSPHRASE_FILE='%s' '%s/doorstep' --store '%s' --user bench household import --jsonl '%s' > /dev/null",
		         passfile, build, store, passfile, build, store, path);
		if (!reuse && system(cmd) != 0)
			die("doorstep init and import failed", NULL);
		(void)o;
		(void)imported;
	}

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
	rss_mark("store open");
	store_kdf_params(u.store, &ops, &mem);
	t0 = now();
	if (store_kdf(key, pass, salt, ops, mem))
		die("kdf", NULL);
	t_kdf = now() - t0;
	store_set_today(u.store, today);
	u.today = today;
	u.user = "bench";
	/* ICU opened as the interface opens it, before the unlock */
	rss_detail("the store open, before ICU");
	rss_icu0 = rss_now();
	t0 = now();
	if (!(u.pinyin = pinyin_open()))
		die("ICU: the zh collator or Han-Latin would not open", NULL);
	t_icu = now() - t0;
	rss_mark("ICU open");
	rss_icu1 = rss_now();
	t0 = now();
	if (ui_reload(&u))
		die("load", NULL);
	t_load = now() - t0;
	rss_mark("caseload read");
	/* the screen reads every member's name for pinyin and the heads'
	 * sort keys: the first time, each character through ICU */
	t0 = now();
	ui_push(&u, scr_caseload_new(&u));
	t_index = now() - t0;
	t0 = now();
	ui_paint(&u);
	t_paint = now() - t0;
	rss_mark("caseload drawn");
	/* the first search begun: the names read for pinyin then */
	rss_drawn = rss_now();
	t0 = now();
	ui_dispatch(&u, '/');
	ui_paint(&u);
	t_first_search = now() - t0;
	ui_dispatch(&u, 27);
	rss_searched = rss_now();
	rss_mark("the names read for pinyin");
	rss_detail("the names read for pinyin");

	/* A search as you type: the last four characters of an ID number
	 * near the end of the list, then a name that is nowhere (the whole
	 * list is scanned at every keystroke); each twice, the better of the
	 * two (as the searches by pinyin below: a keystroke of a millisecond
	 * is easily lost to another program on a busy machine) */
	{
		const char *s = u.rows[u.n_rows - 7].search;
		const char *id = strchr(s, '\t') + 1;
		snprintf(query, sizeof(query), "%.4s", id + 14);
	}
	mean = worst = mean2 = worst2 = 0;
	for (int round = 0; round < 2; round++) {
		double w, m;
		ui_dispatch(&u, '/');
		type(&u, query, &w, &m);
		ui_dispatch(&u, 27);
		if (!round || m < mean) {
			mean = m;
			worst = w;
		}
		ui_dispatch(&u, '/');
		type(&u, "zzzzqqqq", &w, &m);
		ui_dispatch(&u, 27);
		if (!round || m < mean2) {
			mean2 = m;
			worst2 = w;
		}
	}
	rss_mark("searches typed");

	/* Pinyin: each query typed with pinyin, then without (the rows read
	 * again without ICU: the baseline), then with it again; the best of
	 * the two with. */
	for (int round = 0; round < 3; round++) {
		struct pinyin *keep = u.pinyin;
		int with = round != 1;
		if (!with)
			u.pinyin = NULL;
		u.generation++; /* the caseload reads its rows again */
		t0 = now();
		ui_paint(&u);
		if (round == 2)
			t_index2 = now() - t0;
		for (int q = 0; q < N_QUERIES; q++) {
			double w, m;
			long found;
			search(&u, queries[q], &w, &m, &found);
			q_found[with][q] = found;
			if (round == 2 && m > q_mean[1][q])
				continue;
			q_worst[with][q] = w;
			q_mean[with][q] = m;
		}
		u.pinyin = keep;
	}
	u.generation++;
	ui_paint(&u);
	rss_mark("pinyin searches, rows read again");

	/* Sorting by name in pinyin order, and back by due date. */
	t0 = now();
	ui_dispatch(&u, 'm');
	ui_paint(&u);
	t_sort_name = now() - t0;
	t0 = now();
	ui_dispatch(&u, 'd');
	ui_paint(&u);
	t_sort_due = now() - t0;
	rss_mark("sorted by name and by due");

	/* Page down through the caseload, against a repaint with no key. */
	{
		double total = 0, dt;
		t_pgdn_worst = 0;
		ui_dispatch(&u, KEY_HOME);
		ui_paint(&u);
		t0 = now();
		for (int i = 0; i < 200; i++)
			ui_paint(&u);
		t_repaint = (now() - t0) / 200;
		for (size_t shown = 0; shown < u.n_rows && pgdns < 1000; shown += 19) {
			t0 = now();
			ui_dispatch(&u, KEY_NPAGE);
			ui_paint(&u);
			dt = now() - t0;
			total += dt;
			if (dt > t_pgdn_worst)
				t_pgdn_worst = dt;
			pgdns++;
		}
		t_pgdn = pgdns ? total / pgdns : 0;
	}
	rss_mark("paged down");

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
	rss_mark("the caseload read again 6 times");

	rss_detail("at the end");
	getrusage(RUSAGE_SELF, &ru);
	rss_peak = (double)ru.ru_maxrss / 1024.0;
	endwin();
	delscreen(scr);
	fclose(null);

	/* Reading and opening every household, nothing else: the baseline,
	 * after the peak was taken. */
	{
		ds_store *b;
		long count = 0;
		if (store_open(store, NULL, pass, &b, &err))
			die("open", &err);
		store_set_today(b, today);
		t0 = now();
		if (store_household_each(b, count_one, NULL, &count, &err))
			die("read", &err);
		t_read = now() - t0;
		store_close(&b);
	}
	t_unlock = t_open - t_kdf + t_load + t_index + t_paint;
	/* a keystroke of search: the slowest mean of the searches typed */
	key_mean = mean > mean2 ? mean : mean2;
	key_worst = worst > worst2 ? worst : worst2;
	for (int q = 0; q < N_QUERIES; q++) {
		if (q_mean[1][q] > key_mean)
			key_mean = q_mean[1][q];
		if (q_worst[1][q] > key_worst)
			key_worst = q_worst[1][q];
	}

	printf("bench tui: %zu households at 80x24\n", u.n_rows);
	printf("  reading and opening every household, nothing else (baseline): %.3f s\n",
	       t_read);
	printf("  unlock to a drawn caseload, without the Argon2id: %.3f s (store open %.3f s less Argon2id %.3f s, caseload from the summaries %.3f s, screen made with the names read for pinyin %.3f s, first paint %.4f s); ratio to the baseline %.2fx\n",
	       t_unlock, t_open, t_kdf, t_load, t_index, t_paint,
	       t_unlock / t_read);
	printf("  the first search begun (/), the names read for pinyin then: %.3f s\n",
	       t_first_search);
	printf("  names read again after a reload (characters known): %.3f s\n",
	       t_index2);
	printf("  search as you type, last four digits of an ID (\"%s\"): mean %.2f ms, worst %.2f ms a keystroke (target < 5 ms)\n",
	       query, mean * 1e3, worst * 1e3);
	printf("  search for something nowhere (whole list each key): mean %.2f ms, worst %.2f ms a keystroke\n",
	       mean2 * 1e3, worst2 * 1e3);
	printf("  ICU's zh collator opened (the Han-Latin transliterators only for a character beyond the table of readings) in %.3f s, resident %.1f -> %.1f MiB (+%.1f MiB)\n",
	       t_icu, rss_icu0, rss_icu1, rss_icu1 - rss_icu0);
	for (int q = 0; q < N_QUERIES; q++)
		printf("  search \"%s\" with pinyin (%ld households match): mean %.2f ms, worst %.2f ms a keystroke (target < 5 ms); without pinyin (baseline, %ld match) mean %.2f ms; ratio %.2fx\n",
		       queries[q], q_found[1][q], q_mean[1][q] * 1e3,
		       q_worst[1][q] * 1e3, q_found[0][q], q_mean[0][q] * 1e3,
		       q_mean[0][q] > 0 ? q_mean[1][q] / q_mean[0][q] : 0);
	printf("  page down (%d pages): mean %.3f ms, worst %.3f ms (target < 5 ms); a repaint with no key (baseline) %.3f ms; ratio %.2fx\n",
	       pgdns, t_pgdn * 1e3, t_pgdn_worst * 1e3, t_repaint * 1e3,
	       t_repaint > 0 ? t_pgdn / t_repaint : 0);
	printf("  sort by name in pinyin order (keys made once a reload): %.2f ms; by due date (baseline) %.2f ms; ratio %.2fx\n",
	       t_sort_name * 1e3, t_sort_due * 1e3,
	       t_sort_due > 0 ? t_sort_name / t_sort_due : 0);
	printf("  the caseload again, jansson's allocations freed plainly: %.3f s; wiped on free (as the interface runs): %.3f s (%+.1f%%)\n",
	       t_plain, t_wiped, (t_wiped / t_plain - 1) * 100);
	printf("  peak RSS of the interface: %.1f MiB, ICU loaded (Argon2id runs in a child); resident with the store open and ICU loaded, before the caseload (baseline) %.1f MiB, the caseload drawn %.1f MiB, the names read for pinyin %.1f MiB; ratio %.2fx\n",
	       rss_peak, rss_icu1, rss_drawn, rss_searched,
	       rss_icu1 > 0 ? rss_peak / rss_icu1 : 0);
	{
		char fig[200];
		snprintf(fig, sizeof(fig), "%.3f s, %.2fx reading every household",
		         t_unlock, t_unlock / t_read);
		bench_target("unlock to a drawn caseload, after the KDF", n, fig,
		             n <= 20000 ? "<= 0.1 s" : "<= 0.5 s",
		             t_unlock <= (n <= 20000 ? 0.1 : 0.5));
		snprintf(fig, sizeof(fig),
		         "slowest mean %.2f ms (worst key %.2f ms), %.2fx the search without pinyin",
		         key_mean * 1e3, key_worst * 1e3,
		         q_mean[0][0] > 0 ? key_mean / q_mean[0][0] : 0);
		bench_target("search keystroke", n, fig, "<= 2 ms", key_mean <= 0.002);
		snprintf(fig, sizeof(fig), "%.1f MiB, %.2fx the resident before the caseload",
		         rss_peak, rss_icu1 > 0 ? rss_peak / rss_icu1 : 0);
		bench_target("interface peak RSS", n, fig,
		             n <= 20000 ? "<= 32 MiB" : "<= 64 MiB",
		             rss_peak <= (n <= 20000 ? 32 : 64));
	}

	while (u.top) {
		screen *s = u.top;
		u.top = s->below;
		if (s->ops->close)
			s->ops->close(s);
		free(s);
	}
	store_caseload_free(u.rows, u.n_rows);
	ui_sync_free(&u);
	pinyin_close(&u.pinyin);
	store_close(&u.store);
	store_secret_free(&pass);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (!keep_dir && system(cmd) != 0)
		fprintf(stderr, "bench_tui: could not remove %s\n", dir);
	return 0;
}
