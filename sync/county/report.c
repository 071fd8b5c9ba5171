/* report.c — doorstep-county report: the county's reports, each as text
 * for people (aligned in display columns, in the reader's language), as
 * --json for scripts (stable keys, ids and figures) and as --csv (UTF-8
 * with a BOM, RFC 4180, headers in the reader's language): caseload,
 * ending, waiting, laptops and outlay (from the payment roll). Only
 * household ids, user names and area names appear: no person's name, ID
 * number or account. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/report.h"
#include "store/casework.h"
#include "store/county.h"
#include "store/payroll.h"
#include "store/report.h"
#include "sync/county/cmd.h"
#include "sync/county/county.h"
#include "tui/i18n.h"
#include "tui/labels.h"
#include "tui/text.h"

typedef enum { OUT_TEXT, OUT_JSON, OUT_CSV } out_mode;

/* ---- a table: kept, then printed as text or as CSV -------------------------------- */

#define TBL_COLS (6 + 2 * CORE_PAYLINE_COUNT)
#define TBL_WIDTH 80 /* the text fits a terminal this wide */

typedef struct {
	size_t ncol;
	const char *head[TBL_COLS];   /* translated */
	int cap[TBL_COLS];            /* widest a column may be in text */
	bool right[TBL_COLS];         /* figures: aligned right */
	bool fixed[TBL_COLS];         /* ids and dates: never cut */
	bool csv_only[TBL_COLS];      /* left out of the text */
	char **cells;                 /* rows * ncol, malloc'd */
	char **notes;                 /* a line under a row in the text, or NULL */
	size_t rows, cap_rows;
	bool nomem;
} tbl;

static void tbl_init(tbl *t, size_t ncol)
{
	memset(t, 0, sizeof(*t));
	t->ncol = ncol;
}

enum { C_WORDS = 0, C_RIGHT = 1, C_FIXED = 2, C_CSV = 4 };

static void tbl_col(tbl *t, size_t i, const char *head, int cap, int how)
{
	t->head[i] = head;
	t->cap[i] = cap;
	t->right[i] = how & C_RIGHT;
	t->fixed[i] = how & C_FIXED;
	t->csv_only[i] = how & C_CSV;
}

/* Adds a row of ncol cells (copied). */
static void tbl_row(tbl *t, const char *const *cells)
{
	if (t->rows == t->cap_rows) {
		size_t nc = t->cap_rows ? t->cap_rows * 2 : 16;
		char **n = realloc(t->cells, nc * t->ncol * sizeof(*n));
		char **nn = n ? realloc(t->notes, nc * sizeof(*nn)) : NULL;
		if (n)
			t->cells = n;
		if (!nn) {
			t->nomem = true;
			return;
		}
		t->notes = nn;
		t->cap_rows = nc;
	}
	t->notes[t->rows] = NULL;
	for (size_t i = 0; i < t->ncol; i++) {
		char *c = strdup(cells[i] ? cells[i] : "");
		t->nomem = t->nomem || !c;
		t->cells[t->rows * t->ncol + i] = c;
	}
	t->rows++;
}

/* A line printed under the last row in the text (copied). */
static void tbl_note(tbl *t, const char *note)
{
	if (!t->rows || !(t->notes[t->rows - 1] = strdup(note)))
		t->nomem = true;
}

static void tbl_free(tbl *t)
{
	for (size_t i = 0; i < t->rows * t->ncol; i++)
		free(t->cells[i]);
	for (size_t i = 0; i < t->rows; i++)
		free(t->notes[i]);
	free(t->cells);
	free(t->notes);
	t->cells = t->notes = NULL;
	t->rows = 0;
}

static void csv_cell(const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

static void csv_line(size_t n, const char *const *cells)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			putchar(',');
		csv_cell(cells[i] ? cells[i] : "");
	}
	fputs("\r\n", stdout);
}

/* The table as CSV: the BOM, the header, the rows. */
static void tbl_csv(const tbl *t)
{
	fputs("\xEF\xBB\xBF", stdout);
	csv_line(t->ncol, t->head);
	for (size_t r = 0; r < t->rows; r++)
		csv_line(t->ncol, (const char *const *)&t->cells[r * t->ncol]);
}

/* The table as text: each column as wide as its widest cell or heading
 * (at most its cap), two spaces between, rows indented by two, cut to
 * TBL_WIDTH as below. */
static void tbl_text(const tbl *t)
{
	int w[TBL_COLS], cells[TBL_COLS], total = 0;
	char buf[512];
	for (size_t i = 0; i < t->ncol; i++) {
		if (t->csv_only[i])
			continue;
		cells[i] = 0;
		for (size_t r = 0; r < t->rows; r++) {
			int cw = text_width(t->cells[r * t->ncol + i]);
			if (cw > cells[i])
				cells[i] = cw;
		}
		w[i] = text_width(t->head[i]);
		if (cells[i] > w[i])
			w[i] = cells[i];
		if (w[i] > t->cap[i])
			w[i] = t->cap[i];
		total += 2 + w[i];
	}
	/* too wide: the widest column of words gives up a column at a time,
	 * else a column of figures whose heading is wider than its figures */
	while (total > TBL_WIDTH) {
		int widest = -1;
		for (size_t i = 0; i < t->ncol; i++) {
			bool can = !t->csv_only[i] &&
			           (t->right[i] || t->fixed[i] ? w[i] > cells[i] && w[i] > 4
			                                       : w[i] > 6);
			if (can && (widest < 0 || w[i] > w[widest]))
				widest = (int)i;
		}
		if (widest < 0)
			break;
		w[widest]--;
		total--;
	}
	for (size_t r = 0; r <= t->rows; r++) {
		const char *const *row = r ? (const char *const *)&t->cells[(r - 1) * t->ncol]
		                           : t->head;
		size_t last = 0;
		for (size_t i = 0; i < t->ncol; i++)
			if (!t->csv_only[i])
				last = i;
		fputs("  ", stdout);
		for (size_t i = 0; i < t->ncol; i++) {
			if (t->csv_only[i])
				continue;
			if (t->right[i])
				text_fit_right(buf, sizeof(buf), row[i], w[i]);
			else
				text_fit(buf, sizeof(buf), row[i], w[i], i != last);
			fputs(buf, stdout);
			if (i != last)
				fputs("  ", stdout);
		}
		putchar('\n');
		if (r && t->notes[r - 1]) {
			text_fit(buf, sizeof(buf), t->notes[r - 1], TBL_WIDTH - 6, false);
			printf("      %s\n", buf);
		}
	}
}

static void json_print(json_t *j)
{
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("%s\n", text ? text : "{}");
	free(text);
}

/* ---- shared pieces ---------------------------------------------------------------- */

static void fmt_date(core_date d, char out[11])
{
	if (d < 0)
		out[0] = '\0';
	else
		core_date_format(d, out);
}

static void fmt_month(core_month m, char out[8])
{
	if (m <= 0)
		out[0] = '\0';
	else
		core_month_format(m, out);
}

/* An area for people: "code name", or "(not recorded)". */
static void area_words(const core_area *a, char *out, size_t len)
{
	if (!a->code[0])
		snprintf(out, len, "%s", _("(not recorded)"));
	else if (a->name[0])
		snprintf(out, len, "%s %s", a->code, a->name);
	else
		snprintf(out, len, "%s", a->code);
}

static json_t *area_json(const core_area *a)
{
	return json_pack("{s:s, s:s}", "code", a->code, "name", a->code[0] ? a->name : "");
}

static json_t *money_json(core_fen f)
{
	char m[CORE_MONEY_BUF];
	core_money_format(f, m);
	return json_string(m);
}

static int by_hh_id(const void *a, const void *b)
{
	return strcmp(((const store_report_household *)a)->id,
	              ((const store_report_household *)b)->id);
}

static const store_report_household *find_hh(const store_report_household *sorted,
                                             size_t n, const char *id)
{
	store_report_household key;
	snprintf(key.id, sizeof(key.id), "%s", id);
	return n ? bsearch(&key, sorted, n, sizeof(*sorted), by_hh_id) : NULL;
}

/* ---- caseload -------------------------------------------------------------------- */

typedef struct {
	char key[STORE_USER_MAX + CORE_VILLAGE_LEN]; /* sorts the groups */
	char code[STORE_USER_MAX];       /* status id, user name or area code */
	char name[CORE_NAME_MAX];
	int64_t households, receiving;
	core_fen amount;
} group;

typedef struct {
	group *g;
	size_t n, cap;
} groups;

static int group_cmp(const void *a, const void *b)
{
	const group *x = a, *y = b;
	/* "(not recorded)" (an empty code) last */
	if (!x->key[0] != !y->key[0])
		return x->key[0] ? -1 : 1;
	return strcmp(x->key, y->key);
}

static bool group_add(groups *gs, const char *key, const char *code,
                      const char *name, const store_report_household *h)
{
	group *g = NULL;
	for (size_t i = 0; i < gs->n && !g; i++)
		if (!strcmp(gs->g[i].key, key))
			g = &gs->g[i];
	if (!g) {
		if (gs->n == gs->cap) {
			size_t nc = gs->cap ? gs->cap * 2 : 16;
			group *ng = realloc(gs->g, nc * sizeof(*ng));
			if (!ng)
				return false;
			gs->g = ng;
			gs->cap = nc;
		}
		g = &gs->g[gs->n++];
		memset(g, 0, sizeof(*g));
		snprintf(g->key, sizeof(g->key), "%s", key);
		snprintf(g->code, sizeof(g->code), "%s", code);
		snprintf(g->name, sizeof(g->name), "%s", name);
	}
	g->households++;
	if (h->paid > 0) {
		g->receiving++;
		g->amount += h->paid;
	}
	return true;
}

/* The groupings: X(enum, id, words) */
#define GROUPING_LIST(X)                               \
	X(STATUS, "status", N_("By status"))            \
	X(ASSISTANT, "assistant", N_("By assistant"))   \
	X(TOWNSHIP, "township", N_("By township"))      \
	X(VILLAGE, "village", N_("By village"))

enum {
#define X(e, id, words) G_##e,
	GROUPING_LIST(X)
#undef X
	G_COUNT
};
static const char *const grouping_id[] = {
#define X(e, id, words) id,
	GROUPING_LIST(X)
#undef X
};
static const char *const grouping_words[] = {
#define X(e, id, words) words,
	GROUPING_LIST(X)
#undef X
};

static void group_words(int k, const group *g, char *out, size_t len)
{
	core_area a;
	switch (k) {
	case G_STATUS:
		snprintf(out, len, "%s", label_status(g->code));
		break;
	case G_ASSISTANT:
		snprintf(out, len, "%s", g->code[0] ? g->code : _("(not recorded)"));
		break;
	default:
		snprintf(a.code, sizeof(a.code), "%.*s", (int)sizeof(a.code) - 1,
		         g->code); /* a code longer than an area's is cut */
		snprintf(a.name, sizeof(a.name), "%s", g->name);
		area_words(&a, out, len);
		break;
	}
}

static ds_status report_caseload(ds_store *s, out_mode mode, ds_error *err)
{
	store_report_household *hh = NULL;
	size_t n = 0;
	groups gs[G_COUNT];
	core_month month = core_month_of_date(store_today(s));
	int64_t receiving = 0;
	core_fen amount = 0;
	char mtext[8];
	ds_status st;
	memset(gs, 0, sizeof(gs));
	core_month_format(month, mtext);
	if ((st = store_report_households(s, month, &hh, &n, err)))
		return st;
	for (size_t i = 0; i < n; i++) {
		const store_report_household *h = &hh[i];
		char key[8];
		bool ok;
		/* the statuses in the order of the case's path */
		snprintf(key, sizeof(key), "%02d", (int)h->state);
		ok = group_add(&gs[G_STATUS], key, core_state_id(h->state), "", h) &&
		     group_add(&gs[G_ASSISTANT], h->assistant, h->assistant, "", h) &&
		     group_add(&gs[G_TOWNSHIP], h->township.code, h->township.code,
		               h->township.name, h) &&
		     group_add(&gs[G_VILLAGE], h->village.code, h->village.code,
		               h->village.name, h);
		if (!ok) {
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			goto out;
		}
		if (h->paid > 0) {
			receiving++;
			amount += h->paid;
		}
	}
	for (int k = 0; k < G_COUNT; k++)
		if (gs[k].n)
			qsort(gs[k].g, gs[k].n, sizeof(group), group_cmp);
	if (mode == OUT_JSON) {
		json_t *j = json_pack("{s:s, s:s, s:I, s:I, s:o}", "report", "caseload",
		                      "month", mtext, "households", (json_int_t)n,
		                      "receiving", (json_int_t)receiving, "amount",
		                      money_json(amount));
		for (int k = 0; k < G_COUNT; k++) {
			json_t *a = json_array();
			char key[24];
			for (size_t i = 0; i < gs[k].n; i++) {
				const group *g = &gs[k].g[i];
				json_t *o = json_pack("{s:s}", k == G_STATUS ? "status"
				                              : k == G_ASSISTANT ? "assistant"
				                                                 : "code",
				                      g->code);
				if (k >= G_TOWNSHIP)
					json_object_set_new(o, "name", json_string(g->name));
				json_object_set_new(o, "households", json_integer(g->households));
				json_object_set_new(o, "receiving", json_integer(g->receiving));
				json_object_set_new(o, "amount", money_json(g->amount));
				json_array_append_new(a, o);
			}
			snprintf(key, sizeof(key), "by_%s", grouping_id[k]);
			json_object_set_new(j, key, a);
		}
		json_print(j);
		json_decref(j);
	} else {
		tbl t;
		tbl_init(&t, 6);
		tbl_col(&t, 0, _("Grouping"), 14, C_WORDS);
		tbl_col(&t, 1, _("Code"), 12, C_WORDS);
		tbl_col(&t, 2, _("Group"), 24, C_WORDS);
		tbl_col(&t, 3, _("Households"), 10, C_RIGHT);
		tbl_col(&t, 4, _("Receiving"), 10, C_RIGHT);
		tbl_col(&t, 5, _("This month"), 14, C_RIGHT);
		if (mode == OUT_TEXT) {
			char m[CORE_MONEY_BUF];
			core_money_format_grouped(amount, m);
			printf(_("Caseload in %s: %zu households, %lld receiving, %s paid this month.\n"),
			       mtext, n, (long long)receiving, m);
		}
		for (int k = 0; k < G_COUNT; k++) {
			tbl one;
			tbl *to = mode == OUT_CSV ? &t : &one;
			if (mode == OUT_TEXT) {
				tbl_init(&one, 4);
				tbl_col(&one, 0, _(grouping_words[k]), 36, C_WORDS);
				tbl_col(&one, 1, _("Households"), 10, C_RIGHT);
				tbl_col(&one, 2, _("Receiving"), 10, C_RIGHT);
				tbl_col(&one, 3, _("This month"), 14, C_RIGHT);
			}
			for (size_t i = 0; i < gs[k].n; i++) {
				const group *g = &gs[k].g[i];
				char words[128], hs[24], rs[24], m[CORE_MONEY_BUF];
				group_words(k, g, words, sizeof(words));
				snprintf(hs, sizeof(hs), "%lld", (long long)g->households);
				snprintf(rs, sizeof(rs), "%lld", (long long)g->receiving);
				if (mode == OUT_CSV) {
					const char *row[6] = {grouping_id[k], g->code, words, hs, rs, m};
					core_money_format(g->amount, m);
					tbl_row(to, row);
				} else {
					const char *row[4] = {words, hs, rs, m};
					core_money_format_grouped(g->amount, m);
					tbl_row(to, row);
				}
			}
			if (mode == OUT_TEXT) {
				putchar('\n');
				tbl_text(&one);
				if (one.nomem)
					st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
				tbl_free(&one);
			}
		}
		if (mode == OUT_CSV) {
			if (t.nomem)
				st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			else
				tbl_csv(&t);
		}
		tbl_free(&t);
	}
out:
	for (int k = 0; k < G_COUNT; k++)
		free(gs[k].g);
	free(hh);
	return st;
}

/* ---- ending: withdrawals ending soon, referrals outstanding ------------------------ */

/* The text of one of ending's two lists: withdrawals or referrals. */
static void ending_cols(tbl *t, bool withdrawals)
{
	tbl_init(t, 5);
	tbl_col(t, 0, _("Household"), 12, C_FIXED);
	tbl_col(t, 1, _("Assistant"), 12, C_WORDS);
	tbl_col(t, 2, _("Township"), 24, C_WORDS);
	tbl_col(t, 3, withdrawals ? _("Last month") : _("Referral"), 10, C_FIXED);
	tbl_col(t, 4, withdrawals ? _("This month") : _("Overdue"), 10,
	        withdrawals ? C_RIGHT : C_WORDS);
}

static ds_status report_ending(ds_store *s, out_mode mode, int days,
                               ds_error *err)
{
	store_report_household *hh = NULL;
	store_due_item *due = NULL;
	size_t n = 0, nd = 0;
	core_date today = store_today(s);
	core_month month = core_month_of_date(today);
	json_t *jw = json_array(), *jr = json_array();
	tbl t, tw, tr;
	char td[11];
	ds_status st;
	core_date_format(today, td);
	/* the CSV: one table, what each line is in its first column */
	tbl_init(&t, 8);
	tbl_col(&t, 0, _("What"), 16, C_WORDS);
	tbl_col(&t, 1, _("Household"), 12, C_FIXED);
	tbl_col(&t, 2, _("Assistant"), 12, C_WORDS);
	tbl_col(&t, 3, _("Township"), 24, C_WORDS);
	tbl_col(&t, 4, _("Last month"), 10, C_FIXED);
	tbl_col(&t, 5, _("This month"), 10, C_RIGHT);
	tbl_col(&t, 6, _("Referral"), 10, C_FIXED);
	tbl_col(&t, 7, _("Overdue"), 10, C_WORDS);
	ending_cols(&tw, true);
	ending_cols(&tr, false);
	if (!jw || !jr) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	/* everything due, whenever: the rule's dates, filtered here */
	if ((st = store_report_households(s, month, &hh, &n, err)) ||
	    (st = store_due(s, CORE_REPORT_DAYS_MAX * 100, &due, &nd, err)))
		goto out;
	if (n)
		qsort(hh, n, sizeof(*hh), by_hh_id);
	for (size_t i = 0; i < nd; i++) {
		const store_due_item *d = &due[i];
		const store_report_household *h = find_hh(hh, n, d->household);
		char area[128], last[8], date[11], m[CORE_MONEY_BUF] = "";
		const char *who, *late;
		bool withdrawal = d->kind == CORE_DUE_TRANSITION_ENDS;
		if (!h || (!withdrawal && d->kind != CORE_DUE_FOLLOWUP))
			continue;
		if (withdrawal && !core_report_within(d->date, today, days))
			continue;
		area_words(&h->township, area, sizeof(area));
		fmt_month(h->transition_last, last);
		fmt_date(d->date, date);
		who = h->assistant[0] ? h->assistant : "-";
		late = d->overdue ? _("overdue") : "";
		if (mode == OUT_JSON) {
			json_t *o = json_pack("{s:s, s:s, s:o, s:s, s:s, s:b}", "household",
			                      h->id, "assistant", h->assistant, "township",
			                      area_json(&h->township), "last_month", last,
			                      withdrawal ? "ends" : "referral_date", date,
			                      "overdue", d->overdue);
			if (withdrawal) {
				json_object_set_new(o, "amount", money_json(h->paid));
				json_object_set_new(o, "month", json_integer(h->t_k));
				json_object_set_new(o, "of", json_integer(h->t_n));
			}
			json_array_append_new(withdrawal ? jw : jr, o);
		} else if (mode == OUT_CSV) {
			const char *row[8] = {withdrawal ? _("withdrawal ends") : _("referral due"),
			                      h->id, who, area, last, m,
			                      withdrawal ? "" : date, late};
			if (withdrawal)
				core_money_format(h->paid, m);
			tbl_row(&t, row);
		} else if (withdrawal) {
			const char *row[5] = {h->id, who, area, last, m};
			core_money_format_grouped(h->paid, m);
			tbl_row(&tw, row);
		} else {
			const char *row[5] = {h->id, who, area, date, late};
			tbl_row(&tr, row);
		}
	}
	if (t.nomem || tw.nomem || tr.nomem) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	if (mode == OUT_JSON) {
		json_t *j = json_pack("{s:s, s:s, s:i, s:O, s:O}", "report", "ending",
		                      "today", td, "days", days, "withdrawals", jw,
		                      "referrals", jr);
		json_print(j);
		json_decref(j);
	} else if (mode == OUT_CSV) {
		tbl_csv(&t);
	} else {
		printf(_("Withdrawals ending within %d days of %s: %zu.\n"), days, td,
		       tw.rows);
		if (tw.rows)
			tbl_text(&tw);
		printf(_("Referrals to employment assistance outstanding: %zu.\n"),
		       tr.rows);
		if (tr.rows)
			tbl_text(&tr);
	}
out:
	json_decref(jw);
	json_decref(jr);
	tbl_free(&t);
	tbl_free(&tw);
	tbl_free(&tr);
	free(due);
	free(hh);
	return st;
}

/* ---- waiting: reviews and appeals --------------------------------------------------- */

static ds_status report_waiting(ds_store *s, out_mode mode, ds_error *err)
{
	store_report_household *hh = NULL;
	store_due_item *due = NULL;
	size_t n = 0, nd = 0;
	core_date today = store_today(s);
	json_t *ja = NULL;
	tbl t;
	ds_status st;
	tbl_init(&t, 7);
	tbl_col(&t, 0, _("What"), 16, C_WORDS);
	tbl_col(&t, 1, _("Household"), 12, C_FIXED);
	tbl_col(&t, 2, _("Township"), 24, C_CSV);
	tbl_col(&t, 3, _("Received"), 10, C_FIXED);
	tbl_col(&t, 4, _("Due"), 10, C_FIXED);
	tbl_col(&t, 5, _("Waits for"), 40, C_WORDS);
	tbl_col(&t, 6, _("Overdue"), 10, C_CSV);
	if ((st = store_report_households(s, core_month_of_date(today), &hh, &n, err)) ||
	    (st = store_due(s, CORE_REPORT_DAYS_MAX * 100, &due, &nd, err)))
		goto out;
	if (n)
		qsort(hh, n, sizeof(*hh), by_hh_id);
	ja = json_array();
	/* store_due's order: overdue first, then by date */
	for (size_t i = 0; i < nd; i++) {
		const store_due_item *d = &due[i];
		const store_report_household *h = find_hh(hh, n, d->household);
		bool review = d->kind == CORE_DUE_REVIEW;
		const char *role, *user;
		char area[128], rec[11], date[11], who[128];
		if (!h || (!review && d->kind != CORE_DUE_APPEAL))
			continue;
		/* a review waits for a supervisor other than who submitted it;
		 * an appeal for its reviewer, or for a supervisor to name one */
		role = review ? "supervisor" : h->appeal_reviewer[0] ? "reviewer" : "supervisor";
		user = review ? "" : h->appeal_reviewer;
		area_words(&h->township, area, sizeof(area));
		fmt_date(review ? -1 : h->appeal_received, rec);
		fmt_date(d->date, date);
		if (mode == OUT_JSON) {
			json_array_append_new(
			        ja, json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:b, s:{s:s, s:s}, s:s}",
			                      "kind", review ? "review" : "appeal", "household",
			                      h->id, "assistant", h->assistant, "township",
			                      area_json(&h->township), "received", rec, "due", date,
			                      "overdue", d->overdue, "waits_for", "role", role,
			                      "user", user, "submitted_by",
			                      review ? h->submitted_by : ""));
			continue;
		}
		if (review)
			snprintf(who, sizeof(who), _("supervisor (not %s)"),
			         h->submitted_by[0] ? h->submitted_by : "-");
		else if (user[0])
			snprintf(who, sizeof(who), _("reviewer %s"), user);
		else
			snprintf(who, sizeof(who), "%s", _("supervisor to name a reviewer"));
		{
			char what[64];
			const char *row[7] = {what, h->id, area, rec, date, who,
			                      d->overdue ? _("overdue") : ""};
			snprintf(what, sizeof(what), "%s%s",
			         d->overdue && mode == OUT_TEXT ? "! " : "",
			         review ? _("review") : _("appeal"));
			tbl_row(&t, row);
		}
	}
	if (t.nomem) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	if (mode == OUT_JSON) {
		char td[11];
		json_t *j;
		core_date_format(today, td);
		j = json_pack("{s:s, s:s, s:O}", "report", "waiting", "today", td, "items", ja);
		json_print(j);
		json_decref(j);
	} else if (mode == OUT_CSV) {
		tbl_csv(&t);
	} else {
		printf(_("Reviews and appeals waiting: %zu (overdue first, marked !).\n"), t.rows);
		if (t.rows)
			tbl_text(&t);
	}
out:
	json_decref(ja);
	tbl_free(&t);
	free(due);
	free(hh);
	return st;
}

/* ---- laptops ----------------------------------------------------------------------- */

static void when(char *out, size_t len, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!ms) {
		out[0] = '\0';
		return;
	}
	localtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%d %H:%M", &tm);
}

static ds_status report_laptops(ds_store *s, out_mode mode, ds_error *err)
{
	store_cdev *devs = NULL;
	store_aside *aside = NULL;
	size_t nd = 0, na = 0;
	json_t *ja = json_array();
	tbl t;
	ds_status st = DS_OK;
	tbl_init(&t, 8);
	tbl_col(&t, 0, _("Laptop"), 8, C_FIXED);
	tbl_col(&t, 1, _("Users"), 200, C_CSV);
	tbl_col(&t, 2, _("Area"), 12, C_FIXED);
	tbl_col(&t, 3, _("Last contact"), 16, C_FIXED);
	tbl_col(&t, 4, _("Events in"), 9, C_RIGHT);
	tbl_col(&t, 5, _("To send"), 8, C_RIGHT);
	tbl_col(&t, 6, _("Aside"), 5, C_RIGHT);
	tbl_col(&t, 7, _("Revoked"), 7, C_CSV);
	if (!ja)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	if ((st = store_cdev_list(s, &devs, &nd, err)) ||
	    (st = store_aside_list(s, &aside, &na, err)))
		goto out;
	for (size_t i = 0; i < nd; i++) {
		const store_cdev *d = &devs[i];
		store_report_member *mem = NULL;
		size_t nm = 0;
		int64_t last = 0, events = 0, waiting = 0, kept = 0;
		char hex[33], contact[32], people[256] = "", ev[24], wt[24], kp[24];
		json_t *ju;
		if ((st = store_report_members(s, d->device, &mem, &nm, err)) ||
		    (st = store_report_contact(s, d->device, &last, err)) ||
		    (st = store_events_of(s, d->device, &events, err)) ||
		    (!d->revoked_ms && (st = county_waiting(s, d->device, &waiting, err)))) {
			free(mem);
			goto out;
		}
		for (size_t k = 0; k < na; k++)
			kept += !memcmp(aside[k].sender, d->device, STORE_DEVICE_BYTES);
		store_hex(hex, d->device, STORE_DEVICE_BYTES);
		when(contact, sizeof(contact), last);
		ju = json_array();
		for (size_t k = 0; k < nm; k++) {
			size_t used = strlen(people);
			const char *rw = label_id(mem[k].role);
			snprintf(people + used, sizeof(people) - used, "%s%s (%s)",
			         k ? ", " : "", mem[k].user, rw ? rw : mem[k].role);
			json_array_append_new(ju, json_pack("{s:s, s:s}", "user",
			                                    mem[k].user, "role", mem[k].role));
		}
		free(mem);
		if (mode == OUT_JSON) {
			json_array_append_new(
			        ja, json_pack("{s:s, s:o, s:s, s:s, s:I, s:I, s:I, s:b}", "device",
			                      hex, "users", ju, "area", d->area, "last_contact",
			                      contact, "events", (json_int_t)events, "waiting",
			                      (json_int_t)waiting, "aside", (json_int_t)kept,
			                      "revoked", d->revoked_ms != 0));
			continue;
		}
		json_decref(ju);
		snprintf(ev, sizeof(ev), "%lld", (long long)events);
		snprintf(kp, sizeof(kp), "%lld", (long long)kept);
		if (!d->revoked_ms)
			snprintf(wt, sizeof(wt), "%lld", (long long)waiting);
		else
			snprintf(wt, sizeof(wt), "%s", mode == OUT_TEXT ? _("revoked") : "");
		{
			const char *row[8] = {hex, people, d->area,
			                      contact[0] || mode != OUT_TEXT ? contact : _("no contact yet"),
			                      ev, wt, kp, d->revoked_ms ? _("revoked") : ""};
			char shortid[9];
			if (mode == OUT_TEXT) {
				snprintf(shortid, sizeof(shortid), "%.8s", hex);
				row[0] = shortid;
			}
			tbl_row(&t, row);
			tbl_note(&t, people);
		}
	}
	if (t.nomem) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	if (mode == OUT_JSON) {
		json_t *j = json_pack("{s:s, s:O}", "report", "laptops", "laptops", ja);
		json_print(j);
		json_decref(j);
	} else if (mode == OUT_CSV) {
		tbl_csv(&t);
	} else {
		printf(_("Laptops enrolled: %zu; bundles kept aside: %zu.\n"), nd, na);
		if (t.rows)
			tbl_text(&t);
	}
out:
	json_decref(ja);
	tbl_free(&t);
	free(devs);
	free(aside);
	return st;
}

/* ---- outlay: the month against the months before ------------------------------------ */

#define OUTLAY_MONTHS 6 /* the month asked and the five before it */

static void change_text(core_fen change, bool grouped, char out[CORE_MONEY_BUF + 1])
{
	char m[CORE_MONEY_BUF];
	if (grouped)
		core_money_format_grouped(change, m);
	else
		core_money_format(change, m);
	snprintf(out, CORE_MONEY_BUF + 1, "%s%s", change > 0 ? "+" : "", m);
}

static ds_status report_outlay(ds_store *s, out_mode mode, core_month month,
                               ds_error *err)
{
	/* one month more than shown: the first one's change needs the one
	 * before it */
	store_roll_total om[OUTLAY_MONTHS + 1];
	char heads[2 * CORE_PAYLINE_COUNT][96];
	tbl t, tk, tc;
	ds_status st = DS_OK;
	/* the months' rolls, every household read once for all */
	for (int i = 0; i <= OUTLAY_MONTHS; i++)
		om[i].month = month - OUTLAY_MONTHS + i;
	if ((st = store_roll_totals(s, om, OUTLAY_MONTHS + 1, err)))
		return st;
	if (mode == OUT_JSON) {
		json_t *ja = json_array(), *j;
		char mo[8];
		for (int i = 1; i <= OUTLAY_MONTHS; i++) {
			const store_rollsum *u = &om[i].sum;
			json_t *kinds = json_object();
			char mm[8];
			core_month_format(om[i].month, mm);
			for (int k = 0; k < CORE_PAYLINE_COUNT; k++)
				json_object_set_new(kinds, core_payline_id((core_payline_kind)k),
				                    json_pack("{s:I, s:o}", "lines",
				                              (json_int_t)u->by_kind[k], "amount",
				                              money_json(u->amount_by_kind[k])));
			json_t *classes = store_rollsum_by_class_json(u);
			json_array_append_new(
			        ja, json_pack("{s:s, s:b, s:I, s:I, s:o, s:o, s:I, s:I, s:o, s:o}", "month",
			                      mm, "issued", om[i].issued, "households",
			                      (json_int_t)u->households, "lines",
			                      (json_int_t)u->lines, "by_kind", kinds,
			                      "by_class", classes, "stopped",
			                      (json_int_t)u->stopped, "suspended",
			                      (json_int_t)u->suspended, "total",
			                      money_json(u->total), "change",
			                      money_json(u->total - om[i - 1].sum.total)));
		}
		core_month_format(month, mo);
		j = json_pack("{s:s, s:s, s:o}", "report", "outlay", "month", mo, "months", ja);
		json_print(j);
		json_decref(j);
		return DS_OK;
	}
	/* the CSV: every figure in one table; the text: the totals, then
	 * the lines by kind */
	tbl_init(&t, mode == OUT_CSV ? 6 + 2 * CORE_PAYLINE_COUNT : 6);
	tbl_col(&t, 0, _("Month"), 7, C_FIXED);
	tbl_col(&t, 1, _("Issued"), 16, C_WORDS);
	tbl_col(&t, 2, _("Households"), 10, C_RIGHT);
	tbl_col(&t, 3, _("Lines"), 8, C_RIGHT);
	tbl_col(&t, 4, _("Total"), 16, C_RIGHT);
	tbl_col(&t, 5, _("Change"), 16, C_RIGHT);
	/* the text: the amounts by class, the classes that pay and the rest
	 * (withdrawal months of households now in a class that does not,
	 * one-offs, decisions before the ladder) */
	tbl_init(&tc, 5);
	tbl_col(&tc, 0, _("Month"), 7, C_FIXED);
	tbl_col(&tc, 1, label_class_short(CORE_CLASS_DESTITUTE), 16, C_RIGHT);
	tbl_col(&tc, 2, label_class_short(CORE_CLASS_DIBAO), 16, C_RIGHT);
	tbl_col(&tc, 3, label_class_short(CORE_CLASS_DIBAO_SINGLE), 16, C_RIGHT);
	/* L10N: a column of the outlay by class: every other line */
	tbl_col(&tc, 4, _("other"), 16, C_RIGHT);
	tbl_init(&tk, 1 + CORE_PAYLINE_COUNT);
	tbl_col(&tk, 0, _("Month"), 7, C_FIXED);
	for (int k = 0; k < CORE_PAYLINE_COUNT; k++) {
		const char *words = _(core_payline_words((core_payline_kind)k));
		snprintf(heads[2 * k], sizeof(heads[0]), _("%s: lines"), words);
		snprintf(heads[2 * k + 1], sizeof(heads[0]), _("%s: amount"), words);
		if (mode == OUT_CSV) {
			tbl_col(&t, 6 + 2 * k, heads[2 * k], 8, C_RIGHT);
			tbl_col(&t, 7 + 2 * k, heads[2 * k + 1], 16, C_RIGHT);
		}
		tbl_col(&tk, 1 + k, words, 24, C_RIGHT);
	}
	for (int i = 1; i <= OUTLAY_MONTHS; i++) {
		const store_rollsum *u = &om[i].sum;
		bool g = mode == OUT_TEXT;
		char mm[8], hs[24], ls[24], tot[CORE_MONEY_BUF], ch[CORE_MONEY_BUF + 1];
		char cells[2 * CORE_PAYLINE_COUNT][CORE_MONEY_BUF];
		const char *row[TBL_COLS], *krow[TBL_COLS];
		core_month_format(om[i].month, mm);
		snprintf(hs, sizeof(hs), "%lld", (long long)u->households);
		snprintf(ls, sizeof(ls), "%lld", (long long)u->lines);
		if (g)
			core_money_format_grouped(u->total, tot);
		else
			core_money_format(u->total, tot);
		change_text(u->total - om[i - 1].sum.total, g, ch);
		row[0] = krow[0] = mm;
		row[1] = om[i].issued ? _("issued") : _("not yet issued");
		row[2] = hs;
		row[3] = ls;
		row[4] = tot;
		row[5] = ch;
		for (int k = 0; k < CORE_PAYLINE_COUNT; k++) {
			snprintf(cells[2 * k], sizeof(cells[0]), "%lld", (long long)u->by_kind[k]);
			if (g)
				core_money_format_grouped(u->amount_by_kind[k], cells[2 * k + 1]);
			else
				core_money_format(u->amount_by_kind[k], cells[2 * k + 1]);
			row[6 + 2 * k] = cells[2 * k];
			row[7 + 2 * k] = cells[2 * k + 1];
			krow[1 + k] = cells[2 * k + 1];
		}
		tbl_row(&t, row);
		tbl_row(&tk, krow);
		{
			char cc[4][CORE_MONEY_BUF];
			const char *crow[5];
			core_fen other = u->total;
			static const core_class paying[3] = {CORE_CLASS_DESTITUTE, CORE_CLASS_DIBAO,
			                                     CORE_CLASS_DIBAO_SINGLE};
			crow[0] = mm;
			for (int k = 0; k < 3; k++) {
				core_money_format_grouped(u->amount_by_class[paying[k]], cc[k]);
				other -= u->amount_by_class[paying[k]];
				crow[1 + k] = cc[k];
			}
			core_money_format_grouped(other, cc[3]);
			crow[4] = cc[3];
			tbl_row(&tc, crow);
		}
	}
	if (t.nomem || tk.nomem || tc.nomem) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	} else if (mode == OUT_CSV) {
		tbl_csv(&t);
	} else {
		char mo[8], first[8];
		core_month_format(month, mo);
		core_month_format(month - OUTLAY_MONTHS + 1, first);
		printf(_("Outlay from %s to %s, each month against the one before:\n"), first, mo);
		tbl_text(&t);
		printf("%s\n", _("Paid by kind of line:"));
		tbl_text(&tk);
		printf("%s\n", _("Paid by class of the ladder:"));
		tbl_text(&tc);
	}
	tbl_free(&t);
	tbl_free(&tk);
	tbl_free(&tc);
	return st;
}

/* ---- the command ------------------------------------------------------------------ */

int county_cmd_report(const county_args *a)
{
	const char *which = a->npos ? a->pos[0] : NULL;
	const char *days_text = county_opt(a, "days");
	const char *month_text = county_opt(a, "month");
	core_month month = 0;
	out_mode mode = county_opt(a, "json") ? OUT_JSON
	                : county_opt(a, "csv") ? OUT_CSV
	                                       : OUT_TEXT;
	int days = CORE_REPORT_DAYS_DEFAULT;
	core_date today;
	ds_store *s = NULL;
	ds_error err;
	ds_status st;
	if (!which)
		return county_usage_fail("report", _("name a report: caseload, ending, waiting, laptops or outlay"));
	if (a->npos > 1)
		return county_usage_fail(a->pos[1], _("too many arguments"));
	if (county_opt(a, "json") && county_opt(a, "csv"))
		return county_usage_fail("--csv", _("choose --json or --csv, not both"));
	if (days_text && strcmp(which, "ending"))
		return county_usage_fail("--days", _("is only for the report of withdrawals ending"));
	if (days_text && core_report_days(days_text, "days", &days, &err)) {
		err.status = DS_EUSAGE;
		return county_fail(&err);
	}
	if (month_text && strcmp(which, "outlay"))
		return county_usage_fail("--month", _("is only for the report of the outlay"));
	if (month_text && core_month_parse(month_text, &month, "month", &err)) {
		err.status = DS_EUSAGE; /* a value that is no month: wrong use */
		return county_fail(&err);
	}
	if (strcmp(which, "caseload") && strcmp(which, "ending") &&
	    strcmp(which, "waiting") && strcmp(which, "laptops") &&
	    strcmp(which, "outlay"))
		return county_usage_fail(which, _("no such report: caseload, ending, waiting, laptops or outlay"));
	if (county_open(a, &s, &err))
		return county_fail(&err);
	today = store_today(s); /* the county's commands take it as laptops do */
	if (!month_text)
		month = core_month_of_date(today);
	if (!strcmp(which, "caseload"))
		st = report_caseload(s, mode, &err);
	else if (!strcmp(which, "ending"))
		st = report_ending(s, mode, days, &err);
	else if (!strcmp(which, "waiting"))
		st = report_waiting(s, mode, &err);
	else if (!strcmp(which, "outlay"))
		st = report_outlay(s, mode, month, &err);
	else
		st = report_laptops(s, mode, &err);
	store_close(&s);
	if (st) {
		fflush(stdout);
		return county_fail(&err);
	}
	return 0;
}
