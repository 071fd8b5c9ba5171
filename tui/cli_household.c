/* cli_household.c — household commands: add, import, list, show, find, and
 * the demo caseload. */
#include <csv.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core/demo.h"
#include "core/payee.h"
#include "core/text.h"
#include "store/assessjson.h"
#include "store/county.h"
#include "store/hhjson.h"
#include "store/store.h"
#include "store/casework.h"
#include "store/classes.h"
#include "tui/classes.h"
#include "tui/cli.h"
#include "tui/explain.h"
#include "tui/facts.h"
#include "tui/i18n.h"
#include "tui/labels.h"
#include "tui/text.h"

#define IMPORT_BATCH 5000
/* lines read and checked at a time (pass 1) */
#define IMPORT_CHUNK 512
#define JSON_MAX (1024 * 1024)

/* ---- reading JSON -------------------------------------------------------- */

static int json_error(const char *name, const json_error_t *je)
{
	char where[300], detail[200];
	snprintf(where, sizeof(where), "%s:%d:%d", name, je->line, je->column);
	snprintf(detail, sizeof(detail), "%s", je->text);
	return cli_fail(DS_EINPUT, where, N_("not valid JSON: %s"), detail);
}

/* A household from a JSON document (a file, or standard input). */
static int read_household_json(const char *path, core_household *h)
{
	char *text = NULL;
	size_t len = 0, cap = 0;
	json_t *j;
	json_error_t je;
	ds_error err;
	const char *name = path ? path : "stdin";

	if (path) {
		if (store_read_file(path, JSON_MAX, &text, &len, &err))
			return cli_error(&err);
	} else {
		for (;;) {
			size_t r;
			if (len + 4096 + 1 > cap) {
				char *nb;
				cap = cap ? cap * 2 : 16384;
				if (cap > JSON_MAX * 2 || !(nb = realloc(text, cap))) {
					free(text);
					return cli_fail(DS_EINPUT, name,
					                N_("the input is too large"), NULL);
				}
				text = nb;
			}
			r = fread(text + len, 1, cap - len - 1, stdin);
			len += r;
			if (r == 0)
				break;
		}
		if (!text) {
			text = malloc(1);
			if (!text)
				return cli_fail(DS_ESYSTEM, "", N_("out of memory"), NULL);
		}
		text[len] = '\0';
	}
	{
		size_t bom = core_utf8_bom(text, len);
		j = json_loadb(text + bom, len - bom, JSON_REJECT_DUPLICATES, &je);
	}
	store_wipe(text, len);
	free(text);
	if (!j)
		return json_error(name, &je);
	if (store_household_from_json(j, h, &err)) {
		json_decref(j);
		return cli_error(&err);
	}
	json_decref(j);
	return 0;
}

/* An import names the first few accounts failing their check digit. */
#define IMPORT_WARN_MAX 10

/* A payee's account failing its check digit is stored as given (many
 * bank books carry none), with a warning to check it: "doorstep: warning:
 * h.json: payee.account: ...". */
void cli_payee_warn(const char *where, const core_household *h)
{
	ds_error w;
	char buf[1024], field[DS_ERR_WHERE];
	if (!core_payee_account_doubtful(&h->payee))
		return;
	snprintf(field, sizeof(field), "%s%spayee.account", where,
	         *where ? ": " : "");
	ds_fail(&w, DS_EINPUT, field,
	        N_("the check digit does not match (Luhn); stored as given: check the number against the bank book"));
	i18n_error(&w, buf, sizeof(buf));
	fprintf(stderr, "doorstep: %s %s\n", _("warning:"), buf);
}

int cmd_household_add(cli *c)
{
	core_household h;
	ds_store *s = NULL;
	ds_error err;
	char id[STORE_ID_BUF];
	int rc;

	if ((rc = read_household_json(cli_opt(c, "json"), &h)))
		return rc;
	/* Rules that need no store first: no passphrase asked for bad input. */
	if (core_household_validate(&h, c->today, &err)) {
		core_household_free(&h);
		return cli_error(&err);
	}
	if (cli_open(c, &s, &err)) {
		core_household_free(&h);
		return cli_error(&err);
	}
	if (store_household_add(s, &h, id, &err)) {
		rc = cli_error(&err);
	} else {
		printf("%s\n", id);
		cli_payee_warn(cli_opt(c, "json") ? cli_opt(c, "json") : "stdin", &h);
	}
	core_household_free(&h);
	store_close(&s);
	return rc;
}

/* ---- import ----------------------------------------------------------- */

typedef struct {
	char id[CORE_IDNUM_BUF];
	long line;
	size_t member;
} seen_person;

static int cmp_seen(const void *a, const void *b)
{
	const seen_person *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	if (c)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int line_error(const char *path, long lineno, ds_error *err);

/* Parses one line into h; returns 0, or prints the error and returns the
 * exit status. */
static int parse_line(const char *path, long lineno, char *line, size_t len,
                      core_household *h)
{
	json_error_t je;
	json_t *j;
	ds_error err;
	char where[300];
	/* one pass over a plain line; anything else the long way, which
	 * names the problem */
	if (store_household_from_text(line, len, h))
		return 0;
	if (!(j = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je))) {
		snprintf(where, sizeof(where), "%s:%ld", path, lineno);
		return cli_fail(DS_EINPUT, where, N_("not valid JSON: %s"), je.text);
	}
	if (store_household_from_json(j, h, &err)) {
		json_decref(j);
		/* "file:12: members[1].id_number: ..." */
		return line_error(path, lineno, &err);
	}
	json_decref(j);
	return 0;
}

/* The lines of a chunk let go: their copies wiped, what they were read
 * into freed. */
static void chunk_clear(store_import_line *chunk, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (chunk[i].text) {
			store_wipe((void *)chunk[i].text, chunk[i].len);
			free((void *)chunk[i].text);
		}
		core_household_free(&chunk[i].h);
		store_prepared_free(&chunk[i].prep);
		memset(&chunk[i], 0, sizeof(chunk[i]));
	}
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

static int line_error(const char *path, long lineno, ds_error *err)
{
	char buf[DS_ERR_WHERE];
	snprintf(buf, sizeof(buf), "%s", err->where);
	snprintf(err->where, sizeof(err->where), "%.80s:%ld%s%.88s", path,
	         lineno, buf[0] ? ": " : "", buf);
	return cli_error(err);
}

/* After pass 2 stopped: one line saying what happened and exactly what is
 * in the store. upto is the last line of the last batch committed in this
 * run (0: none), added the households this run wrote. */
static int import_stopped(const char *path, const ds_error *err, long upto,
                          long added)
{
	char lines[32], n[32], what[1024], kept[512];
	bool full = store_error_disk_full(err), busy = cli_waited_too_long();
	snprintf(lines, sizeof(lines), "%ld", upto);
	snprintf(n, sizeof(n), "%ld", added);
	if (!upto) {
		ds_error e;
		if (full)
			ds_fail(&e, DS_ESYSTEM, path,
			        N_("the disk is full; nothing was imported; free some space and run the import again"));
		else if (busy)
			ds_fail(&e, DS_ESYSTEM, path,
			        N_("another doorstep is writing to this store; nothing was imported; try again when it has finished"));
		else
			return cli_error(err);
		return cli_error(&e);
	}
	if (full || busy) {
		ds_error e;
		ds_fail(&e, DS_ESYSTEM, path,
		        full ? N_("the disk is full: the households on lines 1–%s are in the store (%s of them added now), the rest were not imported; free some space and run the same import again")
		             : N_("another doorstep has been writing to this store for too long: the households on lines 1–%s are in the store (%s of them added now), the rest were not imported; run the same import again when it has finished"),
		        lines, n);
		return cli_error(&e);
	}
	/* "doorstep: many.jsonl:813: field: problem; what was kept" */
	i18n_error(err, what, sizeof(what));
	snprintf(kept, sizeof(kept),
	         _("the households on lines 1–%s are in the store (%s of them added now), the rest were not imported; run the same import again once this is mended"),
	         lines, n);
	fprintf(stderr, "doorstep: %s; %s\n", what, kept);
	return ds_status_exit(err->status);
}

int cli_import_counted(ds_store *s, const char *path, bool progress,
                       long *added, long *already)
{
	FILE *f = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long doubtful = 0;
	long lineno = 0, total = 0, done = 0, same = 0, batch = 0, batch_same = 0,
	     upto = 0;
	seen_person *seen = NULL;
	size_t n_seen = 0, cap_seen = 0;
	store_prepared **prep = NULL;
	long *prep_line = NULL;
	size_t cap_prep = 0;
	store_import_line *chunk = NULL;
	long *chunk_no = NULL;
	size_t n_chunk = 0;
	core_policy *versions = NULL;
	const core_policy *today_p = NULL;
	size_t nv = 0;
	bool off;
	ds_error err;
	int rc = 0;
	bool empty = false;

	*added = *already = 0;
	if (!(f = fopen(path, "r")))
		return cli_fail(DS_EINPUT, path, N_("cannot open the file: %s"),
		                strerror(errno));
	if (store_import_begin(s, &empty, &err)) {
		fclose(f);
		return cli_error(&err);
	}
	/* Pass 1, reading only: every line must be a valid household, no
	 * person may appear twice, and a household whose people are in the
	 * store already must be there the same (an earlier run of this
	 * import), before anything is written. What is to be added is kept
	 * in its stored form for pass 2. No write lock is held, so another
	 * doorstep is not kept waiting while a long file is read. The lines
	 * are read IMPORT_CHUNK at a time and checked on two threads
	 * (store_import_prepare_lines), then taken in order here: the first
	 * line that is wrong is the one said. */
	off = store_policy_at(s, store_today(s), &versions, &nv, &today_p,
	                      &err) == DS_OK;
	if (!(chunk = calloc(IMPORT_CHUNK, sizeof(*chunk))) ||
	    !(chunk_no = calloc(IMPORT_CHUNK, sizeof(*chunk_no)))) {
		rc = cli_fail(DS_ESYSTEM, "", N_("out of memory"), NULL);
		goto out;
	}
	for (bool eof = false; !eof;) {
		size_t n = 0;
		while (n < IMPORT_CHUNK && (len = getline(&line, &cap, f)) >= 0) {
			size_t bom = 0;
			char *copy;
			lineno++;
			if (lineno == 1) /* a file from Notepad; anywhere else an error */
				bom = core_utf8_bom(line, (size_t)len);
			if (blank(line + bom))
				continue;
			if (!(copy = malloc((size_t)len - bom + 1))) {
				rc = cli_fail(DS_ESYSTEM, "", N_("out of memory"), NULL);
				goto out;
			}
			memcpy(copy, line + bom, (size_t)len - bom + 1);
			memset(&chunk[n], 0, sizeof(chunk[n]));
			chunk[n].text = copy;
			chunk[n].len = (size_t)len - bom;
			chunk_no[n] = lineno;
			n_chunk = ++n;
		}
		eof = n < IMPORT_CHUNK;
		if (off)
			store_import_prepare_lines(s, today_p, chunk, n);
		for (size_t i = 0; i < n; i++) {
			store_import_line *l = &chunk[i];
			core_household h;
			const core_household *hh = &h;
			store_import_found found = STORE_IMPORT_NEW;
			char id[STORE_ID_BUF];
			store_prepared *p = NULL;
			long no = chunk_no[i];
			core_household_init(&h);
			if (off && l->parsed) {
				/* read and checked on its thread: the household is
				 * the prepared one's */
				if (l->st) {
					rc = line_error(path, no, &l->err);
					goto out;
				}
				p = l->prep;
				l->prep = NULL;
				hh = store_prepared_household(p);
				if (!empty && store_import_match(s, &p, &found, id, &err)) {
					store_prepared_free(&p);
					rc = line_error(path, no, &err);
					goto out;
				}
			} else {
				/* the long way, which names what is wrong */
				if ((rc = parse_line(path, no, (char *)l->text, l->len, &h)))
					goto out;
				/* a store with no one in it: no line's people can be there */
				if (empty ? store_import_prepare_new(s, &h, &p, &err)
				          : store_import_prepare(s, &h, &p, &found, id, &err)) {
					core_household_free(&h);
					rc = line_error(path, no, &err);
					goto out;
				}
			}

			if ((size_t)total == cap_prep) {
				size_t nc = cap_prep ? cap_prep * 2 : 1024;
				store_prepared **np = realloc(prep, nc * sizeof(*prep));
				long *nl = np ? realloc(prep_line, nc * sizeof(*prep_line)) : NULL;
				if (np)
					prep = np;
				if (!np || !nl) {
					core_household_free(&h);
					store_prepared_free(&p);
					rc = cli_fail(DS_ESYSTEM, "", N_("out of memory"), NULL);
					goto out;
				}
				prep_line = nl;
				cap_prep = nc;
			}
			/* the first few doubtful accounts by line, the rest counted:
			 * a county's file may hold thousands */
			if (core_payee_account_doubtful(&hh->payee) && doubtful++ < IMPORT_WARN_MAX) {
				char where[128];
				snprintf(where, sizeof(where), "%.100s:%ld", path, no);
				cli_payee_warn(where, hh);
			}
			for (size_t k = 0; k < hh->n_members; k++) {
				if (n_seen == cap_seen) {
					seen_person *ns;
					cap_seen = cap_seen ? cap_seen * 2 : 1024;
					ns = realloc(seen, cap_seen * sizeof(*seen));
					if (!ns) {
						core_household_free(&h);
						store_prepared_free(&p);
						rc = cli_fail(DS_ESYSTEM, "", N_("out of memory"), NULL);
						goto out;
					}
					seen = ns;
				}
				memcpy(seen[n_seen].id, hh->members[k].id_number, CORE_IDNUM_BUF);
				seen[n_seen].line = no;
				seen[n_seen].member = k;
				n_seen++;
			}
			core_household_free(&h);
			if (found == STORE_IMPORT_SAME) { /* nothing to add */
				store_prepared_free(&p);
				same++;
				continue;
			}
			prep[total] = p;
			prep_line[total] = no;
			total++;
		}
		chunk_clear(chunk, n_chunk);
		n_chunk = 0;
	}
	if (doubtful > IMPORT_WARN_MAX) {
		char more[256];
		snprintf(more, sizeof(more),
		         ngettext("%ld more account's check digit does not match (its line not shown); stored as given",
		                  "%ld more accounts' check digits do not match (their lines not shown); stored as given",
		                  (unsigned long)(doubtful - IMPORT_WARN_MAX)),
		         doubtful - IMPORT_WARN_MAX);
		fprintf(stderr, "doorstep: %s %s: %s\n", _("warning:"), path, more);
	}
	qsort(seen, n_seen, sizeof(*seen), cmp_seen);
	for (size_t i = 1; i < n_seen; i++) {
		if (strcmp(seen[i].id, seen[i - 1].id) == 0) {
			char where[300], other[32];
			snprintf(where, sizeof(where), "%s:%ld: members[%zu].id_number",
			         path, seen[i].line, seen[i].member);
			snprintf(other, sizeof(other), "%ld", seen[i - 1].line);
			rc = cli_fail(DS_EINPUT, where,
			              N_("the same person is already in the household on line %s"),
			              other);
			goto out;
		}
	}

	store_import_looked(s);

	/* Pass 2: write, one transaction per batch. Each household is added
	 * without looking: the schema's unique keys refuse a person already
	 * in a household. Then the batch is rolled back and written again,
	 * each household looked at under the write lock: another doorstep
	 * importing the same file at the same time may have added it since
	 * (then it is skipped here), or the refusal is said. A failure keeps
	 * the batches committed and says which. */
	for (long first = 0; first < total; first += IMPORT_BATCH) {
		long end = total - first > IMPORT_BATCH ? first + IMPORT_BATCH : total;
		for (int look = 0; look < 2; look++) {
			long i;
			if (store_begin(s, &err)) {
				rc = import_stopped(path, &err, upto, done);
				goto out;
			}
			batch = batch_same = 0;
			for (i = first; i < end; i++) {
				char id[STORE_ID_BUF];
				store_import_found found = STORE_IMPORT_NEW;
				if (look ? store_import_add(s, prep[i], &found, id, &err)
				         : store_import_add_new(s, prep[i], id, &err))
					break;
				if (found == STORE_IMPORT_SAME)
					batch_same++;
				else
					batch++;
			}
			if (i == end)
				break;
			store_rollback(s);
			if (look) {
				char buf[DS_ERR_WHERE];
				snprintf(buf, sizeof(buf), "%s", err.where);
				snprintf(err.where, sizeof(err.where), "%.80s:%ld%s%.88s",
				         path, prep_line[i], buf[0] ? ": " : "", buf);
				rc = import_stopped(path, &err, upto, done);
				goto out;
			}
		}
		if (store_commit(s, &err)) {
			rc = import_stopped(path, &err, upto, done);
			goto out;
		}
		done += batch;
		same += batch_same;
		upto = prep_line[end - 1];
		*added = done;
		if (progress) {
			fputc('\r', stderr);
			fprintf(stderr, _("imported %ld of %ld households"),
			        done + same, total + same);
		}
	}
	if (progress && total)
		fprintf(stderr, "\n");
	*already = same;
out:
	store_rollback(s); /* whatever is not committed; a no-op otherwise */
	store_import_end(s);
	if (chunk)
		chunk_clear(chunk, n_chunk);
	free(chunk);
	free(chunk_no);
	store_policies_free(versions, nv);
	for (long i = 0; i < total; i++)
		store_prepared_free(&prep[i]);
	free(prep);
	free(prep_line);
	if (seen) {
		store_wipe(seen, n_seen * sizeof(*seen));
		free(seen);
	}
	if (line) {
		store_wipe(line, cap);
		free(line);
	}
	fclose(f);
	return rc;
}

int cli_import(ds_store *s, const char *path, bool progress, long *imported)
{
	long already;
	return cli_import_counted(s, path, progress, imported, &already);
}

int cmd_household_import(cli *c)
{
	const char *path = cli_opt(c, "jsonl");
	ds_store *s = NULL;
	ds_error err;
	long added = 0, already = 0;
	int rc;
	if (!path)
		return cli_fail(DS_EUSAGE, "--jsonl",
		                N_("is needed: a file with one household per line"), NULL);
	if (access(path, R_OK) != 0)
		return cli_fail(DS_EINPUT, path, N_("cannot open the file: %s"),
		                strerror(errno));
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	rc = cli_import_counted(s, path, isatty(2), &added, &already);
	if (!rc && !already)
		printf(_("Imported %ld households.\n"), added);
	else if (!rc)
		printf(_("Imported %ld households; %ld were in the store already, the same, and were left as they are.\n"),
		       added, already);
	store_close(&s);
	return rc;
}

/* ---- listing ----------------------------------------------------------- */

/* The class of the household's latest assessment: *id its id, or NULL
 * when not classified. */
static ds_status class_of(ds_store *s, const store_household_row *r,
                          const char **id, ds_error *err)
{
	store_class c;
	ds_status st = store_class_of(s, r->id, &c, err);
	*id = !st && c.known ? core_class_id(c.cls) : NULL;
	return st;
}

/* paid: what this month pays (a withdrawal's month k of n; k 0 when the
 * household is not in one); cls: its class's id, NULL not classified. */
static json_t *summary_json(const store_household_row *r, core_fen paid,
                            int k, int n, const char *cls)
{
	const core_household *h = &r->h;
	const core_member *head = h->n_members ? &h->members[core_household_head(h)]
	                                       : NULL;
	json_t *j = json_object();
	char money[CORE_MONEY_BUF];
	if (!j)
		return NULL;
	json_object_set_new(j, "id", json_string(r->id));
	json_object_set_new(j, "status", json_string(r->status));
	json_object_set_new(j, "head", json_string(head ? head->name : ""));
	json_object_set_new(j, "members", json_integer((json_int_t)h->n_members));
	json_object_set_new(j, "region", json_string(h->region));
	json_object_set_new(j, "address", json_string(h->address));
	if (h->receiving) {
		core_money_format(h->allowance, money);
		json_object_set_new(j, "allowance", json_string(money));
		core_money_format(paid, money);
		json_object_set_new(j, "paid_this_month", json_string(money));
		if (k)
			json_object_set_new(j, "withdrawal_month",
			                    json_pack("{s:i, s:i}", "k", k, "of", n));
	} else {
		json_object_set_new(j, "allowance", json_null());
		json_object_set_new(j, "paid_this_month", json_null());
	}
	json_object_set_new(j, "due", r->due[0] ? json_string(r->due) : json_null());
	json_object_set_new(j, "class", cls ? json_string(cls) : json_null());
	return j;
}

/* What the household is paid this month: in a withdrawal, its schedule's
 * month k of n; else its allowance (k 0). */
static void paid_now(ds_store *s, const store_household_row *r, core_fen *paid,
                     int *k, int *n)
{
	ds_error err;
	*paid = r->h.allowance;
	*k = *n = 0;
	if (!r->h.receiving ||
	    core_state_lookup(r->status) != CORE_STATE_IN_TRANSITION)
		return;
	if (store_paid_in(s, r, CORE_STATE_IN_TRANSITION,
	                  core_month_of_date(store_today(s)), paid, k, n, &err)) {
		fflush(stdout);
		cli_error(&err);
		*paid = r->h.allowance;
		*k = *n = 0;
	}
}

typedef struct {
	enum { OUT_TABLE, OUT_JSON, OUT_CSV } mode;
	bool counts; /* --counts: the counts by class only */
	long count;
	/* the class of every household (--json, --csv): read at once, every
	 * row checked, rather than looked up one by one */
	store_class_row *classes;
	size_t n_classes;
	int addr_width;
	ds_store *s;
} list_ctx;

static int term_columns(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (env && atoi(env) > 40)
		return atoi(env);
	return 100;
}

#define W_ID 12
#define W_HEAD 10
#define W_MEMBERS 6
#define W_STATUS 14
#define W_ALLOW 10

static void table_row(const char *id, const char *head, const char *members,
                      const char *address, const char *status,
                      const char *allowance, int addr_width)
{
	char a[64], b[128], m[32], d[1024], e[128], f[64];
	text_fit(a, sizeof(a), id, W_ID, true);
	text_fit(b, sizeof(b), head, W_HEAD, true);
	text_fit_right(m, sizeof(m), members, W_MEMBERS);
	text_fit(d, sizeof(d), address, addr_width, true);
	text_fit(e, sizeof(e), status, W_STATUS, true);
	text_fit_right(f, sizeof(f), allowance, W_ALLOW);
	printf("%s  %s %s  %s  %s %s\n", a, b, m, d, e, f);
}

static ds_status list_one(const store_household_row *r, void *vctx)
{
	list_ctx *ctx = vctx;
	const core_household *h = &r->h;
	char money[CORE_MONEY_BUF] = "", members[16];
	const char *head = h->n_members ? h->members[core_household_head(h)].name
	                                : "";
	core_fen paid;
	int tk, tn;
	const store_class *known = store_class_find(ctx->classes, ctx->n_classes,
	                                            r->id);
	const char *cls = known ? core_class_id(known->cls) : NULL;
	paid_now(ctx->s, r, &paid, &tk, &tn);
	if (h->receiving) {
		if (ctx->mode == OUT_CSV) /* for spreadsheets: no separators */
			core_money_format(paid, money);
		else
			core_money_format_grouped(paid, money);
	}
	snprintf(members, sizeof(members), "%zu", h->n_members);
	if (ctx->mode == OUT_JSON) {
		json_t *j = summary_json(r, paid, tk, tn, cls);
		char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
		json_decref(j);
		if (!text)
			return DS_ESYSTEM;
		printf("%s%s", ctx->count ? ",\n" : "", text);
		free(text);
	} else if (ctx->mode == OUT_CSV) {
		const char *fields[] = {r->id, r->status, head, members, h->region,
		                        h->address, money, r->due, cls ? cls : ""};
		for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
			if (i)
				putchar(',');
			csv_fwrite(stdout, fields[i], strlen(fields[i]));
		}
		putchar('\n');
	} else {
		table_row(r->id, head, members, h->address, label_status(r->status),
		          money, ctx->addr_width);
	}
	ctx->count++;
	return DS_OK;
}

/* A household that cannot be read is named on stderr; the list goes on. */
static void list_damaged(const ds_error *err, void *ctx)
{
	(void)ctx;
	fflush(stdout);
	cli_error(err);
}

static void table_header(int addr_width)
{
	table_row(_("ID"), _("Head"), _("People"), _("Address"), _("Status"),
	          _("Allowance"), addr_width);
}

static int list_mode(cli *c, list_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	if (cli_flag(c, "json") && cli_flag(c, "csv"))
		return cli_fail(DS_EUSAGE, "--csv", N_("choose --json or --csv, not both"),
		                NULL);
	ctx->mode = cli_flag(c, "json") ? OUT_JSON
	            : cli_flag(c, "csv") ? OUT_CSV
	                                 : OUT_TABLE;
	ctx->counts = cli_flag(c, "counts");
	ctx->addr_width = term_columns() - (W_ID + W_HEAD + W_MEMBERS + W_STATUS +
	                                    W_ALLOW + 9);
	if (ctx->addr_width < 12)
		ctx->addr_width = 12;
	return 0;
}

/* The households and people in each class of the ladder (the latest
 * assessment's; people: the members it counted, a household not
 * classified its members), in the list's mode: lines of text under the
 * table, or alone (--counts) as a JSON object or CSV rows. The ladder's
 * order, then the households not classified; every class, none left out
 * for being empty. */
static ds_status print_counts(ds_store *s, const list_ctx *ctx, ds_error *err)
{
	store_class_count n[CORE_CLASS_COUNT + 1];
	ds_status st;
	if ((st = store_class_counts(s, n, err)))
		return st;
	if (ctx->mode == OUT_JSON) {
		json_t *o = json_object(), *a = classes_json(n);
		int64_t hh, people;
		char *text = NULL;
		classes_totals(n, &hh, &people);
		if (o && a) {
			json_object_set_new(o, "households", json_integer((json_int_t)hh));
			json_object_set_new(o, "people", json_integer((json_int_t)people));
			json_object_set_new(o, "classes", a);
			a = NULL;
			text = json_dumps(o, JSON_COMPACT);
		}
		json_decref(a);
		json_decref(o);
		if (!text)
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		printf("%s\n", text);
		free(text);
	} else if (ctx->mode == OUT_CSV) {
		printf("class,households,people,covered_alone\n");
		for (int i = 0; i <= CORE_CLASS_COUNT; i++)
			printf("%s,%lld,%lld,%lld\n",
			       i < CORE_CLASS_COUNT ? core_class_id((core_class)i) : "",
			       (long long)n[i].households, (long long)n[i].people,
			       (long long)n[i].covered);
	} else {
		classes_print(stdout, n, ctx->counts);
	}
	return DS_OK;
}

int cmd_household_list(cli *c)
{
	ds_store *s = NULL;
	ds_error err;
	list_ctx ctx;
	int rc;
	if ((rc = list_mode(c, &ctx)))
		return rc;
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	ctx.s = s;
	if (ctx.counts) {
		rc = print_counts(s, &ctx, &err) ? cli_error(&err) : 0;
		store_close(&s);
		return rc;
	}
	/* a class row that does not verify stops the list before it starts
	 * (exit 4), as a damaged table does */
	if (ctx.mode != OUT_TABLE &&
	    store_class_list(s, &ctx.classes, &ctx.n_classes, &err)) {
		store_close(&s);
		return cli_error(&err);
	}
	if (ctx.mode == OUT_JSON)
		printf("[");
	else if (ctx.mode == OUT_CSV)
		printf("id,status,head,members,region,address,allowance,due,class\n");
	else
		table_header(ctx.addr_width);
	if (store_household_each(s, list_one, list_damaged, &ctx, &err)) {
		if (ctx.mode == OUT_JSON)
			printf("]\n");
		else if (ctx.mode == OUT_TABLE)
			printf(_("%ld households\n"), ctx.count);
		free(ctx.classes);
		store_close(&s);
		return cli_error(&err);
	}
	free(ctx.classes);
	if (ctx.mode == OUT_JSON)
		printf("]\n");
	else if (ctx.mode == OUT_TABLE)
		printf(_("%ld households\n"), ctx.count);
	if (ctx.mode == OUT_TABLE && print_counts(s, &ctx, &err)) {
		store_close(&s);
		return cli_error(&err);
	}
	store_close(&s);
	return 0;
}

/* ---- show and find ----------------------------------------------------- */

/* A line of the facts at the door (tui/facts.c), printed. */
static void print_line(void *ctx, int indent, const char *line)
{
	(void)ctx;
	printf("%*s%s\n", indent, "", line);
}

static void show_plain(const store_household_row *r, bool show_id,
                       bool show_account, core_date today)
{
	const core_household *h = &r->h;
	char money[CORE_MONEY_BUF];
	printf(_("Household %s — %s\n"), r->id, label_status(r->status));
	{
		char name[256];
		if (*label_region(h->region, name, sizeof(name)))
			printf(_("Region %s (%s), %s\n"), h->region, name, h->address);
		else
			printf(_("Region %s, %s\n"), h->region, h->address);
	}
	if (h->township.code[0] || h->township.name[0])
		printf(_("Township: %s%s%s\n"), h->township.code,
		       h->township.code[0] && h->township.name[0] ? " " : "",
		       h->township.name);
	if (h->village.code[0] || h->village.name[0])
		printf(_("Village or community: %s%s%s\n"), h->village.code,
		       h->village.code[0] && h->village.name[0] ? " " : "",
		       h->village.name);
	if (h->payee.account[0]) {
		char acct[CORE_ACCOUNT_MASK_BUF];
		if (show_account)
			snprintf(acct, sizeof(acct), "%s", h->payee.account);
		else
			core_account_mask(h->payee.account, acct, sizeof(acct));
		printf(_("Paid to %s, %s, account %s\n"), h->payee.name,
		       h->payee.bank, acct);
		if (core_payee_account_doubtful(&h->payee))
			printf("  %s\n", _("the account's check digit does not match: check it against the bank book"));
	} else {
		printf("%s\n", _("Paid to: not recorded (the payment roll will say the account is missing)"));
	}
	printf(_("Members (%zu):\n"), h->n_members);
	for (size_t i = 0; i < h->n_members; i++) {
		const core_member *m = &h->members[i];
		char id[64], name[128];
		bool any = false;
		if (show_id)
			snprintf(id, sizeof(id), "%s", m->id_number);
		else
			text_mask_id(id, sizeof(id), m->id_number);
		text_fit(name, sizeof(name), m->name, 10, true);
		printf("  %zu. %s %s  %s", i + 1, name, id, label_relation(m->relation));
		unsigned cats = core_member_categories(m, today);
		for (int k = 0; k < CORE_CAT_COUNT; k++)
			if (cats & (1u << k)) {
				printf("%s%s", any ? ", " : "; ", label_category((core_category)k));
				any = true;
			}
		printf("; %s\n", m->able_to_work ? _("able to work")
		                                 : _("not able to work"));
		facts_member(m, 5, print_line, NULL);
		for (size_t k = 0; k < m->n_incomes; k++)
			facts_income(h, m, &m->incomes[k], 5, print_line, NULL);
	}
	facts_household(h, 0, print_line, NULL);
	core_money_format_grouped(h->financial, money);
	printf(_("Savings and other financial assets: %s\n"), money);
	printf(_("Homes: %d\n"), h->homes);
	if (!h->n_vehicles)
		printf("%s\n", _("Vehicles: none"));
	for (size_t i = 0; i < h->n_vehicles; i++)
		printf(_("Vehicle: %s%s\n"), h->vehicles[i].description,
		       h->vehicles[i].exempt ? _(" (exempt: needed for treatment or a livelihood)")
		                             : "");
	if (h->receiving) {
		char since[8];
		core_money_format_grouped(h->allowance, money);
		core_month_format(h->since, since);
		printf(_("Receiving %s a month since %s\n"), money, since);
	} else {
		printf("%s\n", _("Not receiving an allowance"));
	}
}

int cmd_household_show(cli *c)
{
	ds_store *s = NULL;
	ds_error err;
	store_household_row row;
	char id[STORE_ID_BUF];
	int rc = 0;
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_household_resolve(s, c->pos[0], id, &err) ||
	    store_household_get(s, id, &row, &err)) {
		store_close(&s);
		return cli_error(&err);
	}
	if (cli_flag(c, "json")) {
		json_t *j = store_household_to_json(&row.h);
		char *text;
		json_t *payee = json_object_get(j, "payee");
		/* masked as on screen; the household file (demo --jsonl, the
		 * import) and --show-account carry it in full */
		if (payee && !cli_flag(c, "show-account")) {
			char acct[CORE_ACCOUNT_MASK_BUF];
			core_account_mask(row.h.payee.account, acct, sizeof(acct));
			json_object_set_new(payee, "account", json_string(acct));
		}
		json_object_set_new(j, "id", json_string(row.id));
		json_object_set_new(j, "status", json_string(row.status));
		json_object_set_new(j, "due",
		                    row.due[0] ? json_string(row.due) : json_null());
		json_object_set_new(j, "version", json_integer(row.version));
		text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(j);
		if (text) {
			printf("%s\n", text);
			free(text);
		} else {
			rc = cli_fail(DS_ESYSTEM, "", N_("out of memory"), NULL);
		}
	} else {
		store_conflict *cl = NULL;
		size_t nc = 0;
		char to[STORE_USER_MAX];
		bool handed = false;
		store_case k;
		show_plain(&row, cli_flag(c, "show-id"), cli_flag(c, "show-account"),
		           c->today);
		if (!store_case_get(s, id, &k, &err)) {
			char lines[2][256];
			size_t nl = explain_decision_dates(&k.c, lines);
			for (size_t i = 0; i < nl; i++)
				printf("%s\n", lines[i]);
		}
		if (!store_assignee(s, id, to, &handed, &err) && handed &&
		    strcmp(to, store_user(s)))
		{
			printf(_("The county has handed this household to %s; it is no longer in your caseload."),
			       to);
			printf("\n");
		}
		/* changes made at the same time on two laptops, for a person to check */
		if (!store_conflicts(s, id, &cl, &nc, &err) && nc) {
			printf("%s\n", _("Changed on two laptops at the same time"));
			for (size_t i = 0; i < nc; i++) {
				char f[128];
				text_name_list(f, sizeof(f), cl[i].fields);
				printf(_("  %s: %s's later change is kept; %s's is set aside: check with the household"),
				       f, cl[i].winner_author, cl[i].loser_author);
				printf("\n");
			}
		}
		free(cl);
	}
	store_row_free(&row);
	store_close(&s);
	return rc;
}

#define ID_INPUT_MAX 128 /* an ID number typed in full-width forms is 54 bytes */

/* The ID number to look for: asked for at a terminal (shown as it is
 * typed: it is not a secret from the person at the screen), else the first
 * line of standard input. Not the command line, where every user of the
 * machine sees it in ps (still taken there, for old scripts). Read a byte
 * at a time, so that a passphrase on the next line of the same input is
 * left for --passphrase-fd 0. */
static int read_id_number(const cli *c, char out[ID_INPUT_MAX])
{
	size_t n = 0;
	bool tty = isatty(0);
	if (c->npos) {
		snprintf(out, ID_INPUT_MAX, "%s", c->pos[0]);
		return 0;
	}
	if (tty) {
		fprintf(stderr, "%s", _("ID number (it is shown as you type it): "));
		fflush(stderr);
	}
	for (;;) {
		char ch;
		ssize_t r = read(0, &ch, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return cli_fail(DS_EINPUT, "ID_NUMBER",
			                N_("cannot read it from standard input: %s"),
			                strerror(errno));
		if (r == 0 || ch == '\n')
			break;
		if (n >= ID_INPUT_MAX - 1) {
			store_wipe(out, ID_INPUT_MAX);
			return cli_fail(DS_EINPUT, "ID_NUMBER",
			                N_("the line is too long for an ID number"), NULL);
		}
		out[n++] = ch;
	}
	out[n] = '\0';
	core_trim(out);
	if (!out[0])
		return cli_fail(DS_EUSAGE, "ID_NUMBER",
		                tty ? N_("none was typed")
		                    : N_("none given: put it on the first line of standard input, e.g. doorstep household find < number.txt"),
		                NULL);
	return 0;
}

int cmd_household_find(cli *c)
{
	ds_store *s = NULL;
	ds_error err;
	store_household_row row;
	char id[STORE_ID_BUF], norm[CORE_IDNUM_BUF], typed[ID_INPUT_MAX];
	list_ctx ctx;
	int rc;
	if ((rc = read_id_number(c, typed)))
		return rc;
	/* Check the number before asking for the passphrase. */
	rc = core_idnum_parse(typed, -1, norm, "ID_NUMBER", &err);
	store_wipe(typed, sizeof(typed));
	if (rc)
		return cli_error(&err);
	if ((rc = list_mode(c, &ctx)))
		return rc;
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_person_find(s, norm, id, &err) ||
	    store_household_get(s, id, &row, &err)) {
		store_close(&s);
		return cli_error(&err);
	}
	if (ctx.mode == OUT_JSON) {
		core_fen paid;
		int k, n;
		json_t *j;
		const char *cls;
		if (class_of(s, &row, &cls, &err)) {
			store_row_free(&row);
			store_close(&s);
			return cli_error(&err);
		}
		paid_now(s, &row, &paid, &k, &n);
		j = summary_json(&row, paid, k, n, cls);
		char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
		json_decref(j);
		if (text)
			printf("%s\n", text);
		free(text);
	} else {
		table_header(ctx.addr_width);
		list_one(&row, &ctx);
	}
	store_row_free(&row);
	store_close(&s);
	return 0;
}

/* ---- demo -------------------------------------------------------------- */

static int positive_arg(const cli *c, const char *name, long max, long *out,
                        bool required)
{
	const char *v = cli_opt(c, name);
	char *end, opt[64];
	long n;
	snprintf(opt, sizeof(opt), "--%s", name);
	if (!v) {
		if (required)
			return cli_fail(DS_EUSAGE, opt, N_("is needed"), NULL);
		return 0;
	}
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || end == v || n < 0 || n > max)
		return cli_fail(DS_EUSAGE, opt, N_("needs a whole number, e.g. 300"),
		                NULL);
	*out = n;
	return 0;
}

/* A set of ID numbers (open addressing, grown at half full). */
typedef struct {
	char (*slot)[CORE_IDNUM_BUF];
	size_t cap, n;
} id_set;

static size_t id_hash(const char *id)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211ULL;
	return (size_t)h;
}

/* Adds id; false when it was there already (or memory ran out, *oom). */
static bool id_set_add(id_set *set, const char *id, bool *oom)
{
	size_t i;
	if (set->n * 2 >= set->cap) {
		id_set bigger = {NULL, set->cap ? set->cap * 2 : 4096, 0};
		bigger.slot = calloc(bigger.cap, sizeof(*bigger.slot));
		if (!bigger.slot) {
			*oom = true;
			return false;
		}
		for (size_t k = 0; k < set->cap; k++)
			if (set->slot[k][0])
				id_set_add(&bigger, set->slot[k], oom);
		free(set->slot);
		*set = bigger;
	}
	for (i = id_hash(id) & (set->cap - 1); set->slot[i][0];
	     i = (i + 1) & (set->cap - 1))
		if (strcmp(set->slot[i], id) == 0)
			return false;
	memcpy(set->slot[i], id, CORE_IDNUM_BUF);
	set->n++;
	return true;
}

/* Synthetic households written as JSON lines (for practice imports and
 * benchmarks), without a store. Each person appears once. */
static int demo_jsonl(cli *c, const char *path, long n, uint64_t seed)
{
	const core_demo_region *regions;
	size_t n_regions;
	core_rng rng;
	ds_error err;
	FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
	id_set seen = {NULL, 0, 0};
	long done = 0;
	int rc = 0;
	bool oom = false;

	if (!f)
		return cli_fail(DS_EINPUT, path, N_("cannot open the file: %s"),
		                strerror(errno));
	regions = core_demo_regions(&n_regions);
	core_rng_seed(&rng, seed);
	while (done < n) {
		core_household h;
		json_t *j;
		char *text;
		bool fresh = true;
		core_household_init(&h);
		if (core_demo_household(&rng, regions, n_regions, c->today, &h,
		                        &err)) {
			rc = cli_error(&err);
			break;
		}
		/* A person drawn before makes the whole household drawn again
		 * (the people it did add stay reserved: harmless). */
		for (size_t i = 0; i < h.n_members; i++)
			fresh = id_set_add(&seen, h.members[i].id_number, &oom) && fresh;
		if (oom) {
			core_household_free(&h);
			rc = cli_fail(DS_ESYSTEM, "", N_("out of memory"), NULL);
			break;
		}
		if (fresh) {
			j = store_household_to_json(&h);
			text = j ? json_dumps(j, JSON_COMPACT) : NULL;
			json_decref(j);
			if (!text) {
				core_household_free(&h);
				rc = cli_fail(DS_ESYSTEM, "", N_("out of memory"), NULL);
				break;
			}
			fprintf(f, "%s\n", text);
			free(text);
			done++;
		}
		core_household_free(&h);
	}
	free(seen.slot);
	if (f != stdout && fclose(f) != 0 && !rc)
		rc = cli_fail(DS_ESYSTEM, path, N_("cannot write the file: %s"),
		              strerror(errno));
	return rc;
}

int cmd_demo(cli *c)
{
	long n = 0, seed = 1, done = 0, redraws = 0;
	ds_store *s = NULL;
	ds_error err;
	core_rng rng;
	core_demo_region local;
	const core_demo_region *regions;
	size_t n_regions;
	int rc;

	if ((rc = positive_arg(c, "households", 1000000, &n, true)) ||
	    (rc = positive_arg(c, "seed", 0x7fffffffL, &seed, false)))
		return rc;
	if (cli_opt(c, "jsonl"))
		return demo_jsonl(c, cli_opt(c, "jsonl"), n, (uint64_t)seed);
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	regions = core_demo_regions(&n_regions);
	/* A township's caseload lives in its own region. */
	if (store_region(s)[0]) {
		size_t best = 0, best_len = 0;
		for (size_t i = 0; i < n_regions; i++) {
			size_t k = 0;
			while (k < 6 && regions[i].region[k] == store_region(s)[k])
				k++;
			if (k > best_len) {
				best_len = k;
				best = i;
			}
		}
		if (best_len >= 2) {
			local.region = store_region(s);
			local.standard = regions[best].standard;
			regions = &local;
			n_regions = 1;
		}
	}
	core_rng_seed(&rng, (uint64_t)seed);
	while (done < n) {
		core_household h;
		char id[STORE_ID_BUF];
		ds_status st;
		if (done % IMPORT_BATCH == 0 && !store_in_transaction(s) &&
		    store_begin(s, &err)) {
			rc = cli_error(&err);
			break;
		}
		core_household_init(&h);
		if (core_demo_household(&rng, regions, n_regions, c->today, &h,
		                        &err)) {
			store_rollback(s);
			rc = cli_error(&err);
			break;
		}
		st = store_household_add(s, &h, id, &err);
		core_household_free(&h);
		/* A generated person may already be in the store: draw again,
		 * but not for ever. */
		if (st == DS_EINPUT && ++redraws < 1000)
			continue;
		if (st) {
			store_rollback(s);
			rc = cli_error(&err);
			break;
		}
		done++;
		if ((done % IMPORT_BATCH == 0 || done == n) &&
		    store_commit(s, &err)) {
			rc = cli_error(&err);
			break;
		}
	}
	if (!rc)
		printf(_("Added %ld synthetic households.\n"), done);
	store_close(&s);
	return rc;
}
