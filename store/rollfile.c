/* rollfile.c — the payment roll's files: the CSV (UTF-8 with a BOM, or
 * GB18030), the JSON and the workbook (libxlsxwriter), with the roll's
 * sums per village, township and county; formats in store/ROLL.md. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <inttypes.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/text.h"
#include "store/payroll.h"

/* ---- sums ------------------------------------------------------------------ */

void store_roll_sum_add(store_rollsum *s, const store_rollrow *row,
                        bool first)
{
	int c = row->line.classified && (unsigned)row->line.cls < CORE_CLASS_COUNT
	                ? (int)row->line.cls
	                : CORE_CLASS_COUNT;
	if (first) {
		s->households++;
		s->households_by_class[c]++;
		if (!row->payee.account[0])
			s->no_account++;
	}
	s->lines++;
	s->by_class[c]++;
	s->amount_by_class[c] += row->line.amount;
	if ((unsigned)row->line.kind < CORE_PAYLINE_COUNT) {
		s->by_kind[row->line.kind]++;
		s->amount_by_kind[row->line.kind] += row->line.amount;
	}
	s->total += row->line.amount;
}

void store_roll_sum_merge(store_rollsum *s, const store_rollsum *add)
{
	s->households += add->households;
	s->lines += add->lines;
	for (int k = 0; k < CORE_PAYLINE_COUNT; k++) {
		s->by_kind[k] += add->by_kind[k];
		s->amount_by_kind[k] += add->amount_by_kind[k];
	}
	for (int c = 0; c <= CORE_CLASS_COUNT; c++) {
		s->households_by_class[c] += add->households_by_class[c];
		s->by_class[c] += add->by_class[c];
		s->amount_by_class[c] += add->amount_by_class[c];
	}
	s->stopped += add->stopped;
	s->suspended += add->suspended;
	s->no_account += add->no_account;
	s->total += add->total;
}

/* ---- what the files share -------------------------------------------------- */

static const char *const kind_ids[] = {
#define X(e, id, words) id,
	CORE_PAYLINE_LIST(X)
#undef X
};
static const char *const kind_words[] = {
#define X(e, id, words) words,
	CORE_PAYLINE_LIST(X)
#undef X
};

static const char *T(store_tr_fn tr, const char *msgid)
{
	return tr ? tr(msgid) : msgid;
}

static const char *kind_id(core_payline_kind k)
{
	return (unsigned)k < CORE_PAYLINE_COUNT ? kind_ids[k] : "";
}

static const char *kind_words_of(core_payline_kind k, store_tr_fn tr)
{
	return (unsigned)k < CORE_PAYLINE_COUNT ? T(tr, kind_words[k]) : "";
}

/* X(enum, id, header) — the columns of a line, in the CSV and on a
 * township's sheet (ROLL.md lists them) */
#define ROLL_COLUMNS(X)                                              \
	X(TOWNSHIP_CODE, "township_code", N_("township code"))       \
	X(TOWNSHIP, "township", N_("township name"))                 \
	X(VILLAGE_CODE, "village_code", N_("village code"))          \
	X(VILLAGE, "village", N_("village name"))                    \
	X(HOUSEHOLD, "household", N_("household ID"))                \
	X(HEAD, "head", N_("head of household"))                     \
	X(HEAD_ID, "head_id", N_("head's ID number"))                \
	X(MEMBERS, "members", N_("members"))                         \
	X(PAYEE, "payee", N_("payee name"))                          \
	X(BANK, "bank", N_("payee's bank"))                          \
	X(ACCOUNT, "account", N_("payee's account"))                 \
	X(KIND, "kind", N_("payment kind"))                          \
	X(MONTH, "month", N_("month paid for"))                      \
	X(STEP, "withdrawal", N_("withdrawal step"))                 \
	X(ALLOWANCE, "allowance", N_("allowance"))                   \
	X(TOPUPS, "topups", N_("top-ups"))                           \
	X(AMOUNT, "amount", N_("amount"))                            \
	X(REF, "ref", N_("decision"))

enum {
#define X(e, id, header) COL_##e,
	ROLL_COLUMNS(X)
#undef X
	COL_COUNT
};

static const char *const col_ids[] = {
#define X(e, id, header) id,
	ROLL_COLUMNS(X)
#undef X
};
static const char *const col_headers[] = {
#define X(e, id, header) header,
	ROLL_COLUMNS(X)
#undef X
};

/* The totals' columns: the area, what it is the total of, the counts. */
enum {
	TOT_TOWNSHIP_CODE,
	TOT_TOWNSHIP,
	TOT_VILLAGE_CODE,
	TOT_VILLAGE,
	TOT_OF,
	TOT_HOUSEHOLDS,
	TOT_LINES,
	TOT_KIND_LINES,                                 /* one per kind */
	TOT_KIND_AMOUNT = TOT_KIND_LINES + CORE_PAYLINE_COUNT, /* one per kind */
	TOT_STOPPED = TOT_KIND_AMOUNT + CORE_PAYLINE_COUNT,
	TOT_SUSPENDED,
	TOT_NO_ACCOUNT,
	TOT_TOTAL,
	TOT_COUNT
};

typedef enum { CELL_TEXT, CELL_INT, CELL_MONEY } cell_kind;

/* One cell: its text (for the CSV), and for numbers the value (for the
 * workbook: an integer, or fen). */
typedef struct {
	cell_kind kind;
	const char *text;
	int64_t n;
	char buf[CORE_MONEY_BUF + CORE_NAME_MAX];
} cell;

static void cell_text(cell *c, const char *s)
{
	c->kind = CELL_TEXT;
	c->text = s ? s : "";
}

static void cell_int(cell *c, int64_t n)
{
	c->kind = CELL_INT;
	c->n = n;
	snprintf(c->buf, sizeof(c->buf), "%" PRId64, n);
	c->text = c->buf;
}

static void cell_money(cell *c, core_fen fen)
{
	c->kind = CELL_MONEY;
	c->n = fen;
	core_money_format(fen, c->buf);
	c->text = c->buf;
}

static void line_cells(const store_rollrow *row, store_tr_fn tr,
                       cell c[COL_COUNT])
{
	const core_payline *l = &row->line;
	cell_text(&c[COL_TOWNSHIP_CODE], row->township.code);
	cell_text(&c[COL_TOWNSHIP], row->township.name);
	cell_text(&c[COL_VILLAGE_CODE], row->village.code);
	cell_text(&c[COL_VILLAGE], row->village.name);
	cell_text(&c[COL_HOUSEHOLD], row->household);
	cell_text(&c[COL_HEAD], row->head);
	cell_text(&c[COL_HEAD_ID], row->head_id);
	cell_int(&c[COL_MEMBERS], row->members);
	cell_text(&c[COL_PAYEE], row->payee.name);
	cell_text(&c[COL_BANK], row->payee.bank);
	cell_text(&c[COL_ACCOUNT], row->payee.account);
	cell_text(&c[COL_KIND], kind_words_of(l->kind, tr));
	core_month_format(l->month, c[COL_MONTH].buf);
	cell_text(&c[COL_MONTH], c[COL_MONTH].buf);
	if (l->kind == CORE_PAYLINE_WITHDRAWAL)
		snprintf(c[COL_STEP].buf, sizeof(c[COL_STEP].buf), "%d/%d",
		         l->k, l->n);
	else
		c[COL_STEP].buf[0] = '\0';
	cell_text(&c[COL_STEP], c[COL_STEP].buf);
	cell_money(&c[COL_ALLOWANCE], l->allowance);
	cell_money(&c[COL_TOPUPS], l->topups);
	cell_money(&c[COL_AMOUNT], l->amount);
	cell_text(&c[COL_REF], l->ref);
}

/* One row of the totals. */
typedef struct {
	const char *of; /* "village total", ... (untranslated) */
	const char *tcode, *tname, *vcode, *vname;
	const store_rollsum *sum;
} total_row;

/* The totals in the order the files give them: each township's villages
 * then the township, villages of no township listed after them, then the
 * county. *out is malloc'd (NULL when out of memory). */
static total_row *totals_order(const store_roll *r, size_t *n)
{
	total_row *out = malloc((r->n_villages + r->n_townships + 1) *
	                        sizeof(*out));
	bool *done = calloc(r->n_villages + 1, 1);
	size_t o = 0;
	if (!out || !done) {
		free(out);
		free(done);
		return NULL;
	}
	for (size_t t = 0; t < r->n_townships; t++) {
		const store_rollarea *tw = &r->townships[t];
		for (size_t v = 0; v < r->n_villages; v++) {
			const store_rollarea *vi = &r->villages[v];
			if (done[v] || strcmp(vi->township, tw->area.code) != 0)
				continue;
			done[v] = true;
			out[o++] = (total_row){N_("village total"), tw->area.code,
			                       tw->area.name, vi->area.code,
			                       vi->area.name, &vi->sum};
		}
		out[o++] = (total_row){N_("township total"), tw->area.code,
		                       tw->area.name, "", "", &tw->sum};
	}
	for (size_t v = 0; v < r->n_villages; v++)
		if (!done[v])
			out[o++] = (total_row){N_("village total"),
			                       r->villages[v].township, "",
			                       r->villages[v].area.code,
			                       r->villages[v].area.name,
			                       &r->villages[v].sum};
	out[o++] = (total_row){N_("county total"), "", "", "", "", &r->county};
	free(done);
	*n = o;
	return out;
}

static void total_cells(const total_row *t, store_tr_fn tr, cell c[TOT_COUNT])
{
	cell_text(&c[TOT_TOWNSHIP_CODE], t->tcode);
	cell_text(&c[TOT_TOWNSHIP], t->tname);
	cell_text(&c[TOT_VILLAGE_CODE], t->vcode);
	cell_text(&c[TOT_VILLAGE], t->vname);
	cell_text(&c[TOT_OF], T(tr, t->of));
	cell_int(&c[TOT_HOUSEHOLDS], t->sum->households);
	cell_int(&c[TOT_LINES], t->sum->lines);
	for (int k = 0; k < CORE_PAYLINE_COUNT; k++) {
		cell_int(&c[TOT_KIND_LINES + k], t->sum->by_kind[k]);
		cell_money(&c[TOT_KIND_AMOUNT + k], t->sum->amount_by_kind[k]);
	}
	cell_int(&c[TOT_STOPPED], t->sum->stopped);
	cell_int(&c[TOT_SUSPENDED], t->sum->suspended);
	cell_int(&c[TOT_NO_ACCOUNT], t->sum->no_account);
	cell_money(&c[TOT_TOTAL], t->sum->total);
}

static void total_headers(store_tr_fn tr, cell c[TOT_COUNT])
{
	cell_text(&c[TOT_TOWNSHIP_CODE], T(tr, col_headers[COL_TOWNSHIP_CODE]));
	cell_text(&c[TOT_TOWNSHIP], T(tr, col_headers[COL_TOWNSHIP]));
	cell_text(&c[TOT_VILLAGE_CODE], T(tr, col_headers[COL_VILLAGE_CODE]));
	cell_text(&c[TOT_VILLAGE], T(tr, col_headers[COL_VILLAGE]));
	cell_text(&c[TOT_OF], T(tr, N_("total of")));
	cell_text(&c[TOT_HOUSEHOLDS], T(tr, N_("households paid")));
	cell_text(&c[TOT_LINES], T(tr, N_("payment lines")));
	for (int k = 0; k < CORE_PAYLINE_COUNT; k++) {
		/* L10N: a column of the roll's totals: the lines of a kind
		 * ("regular allowance", "back pay", ...) */
		snprintf(c[TOT_KIND_LINES + k].buf, sizeof(c[0].buf),
		         T(tr, N_("%s: lines")), kind_words_of(k, tr));
		cell_text(&c[TOT_KIND_LINES + k], c[TOT_KIND_LINES + k].buf);
		/* L10N: a column of the roll's totals: the amount of a kind */
		snprintf(c[TOT_KIND_AMOUNT + k].buf, sizeof(c[0].buf),
		         T(tr, N_("%s: amount")), kind_words_of(k, tr));
		cell_text(&c[TOT_KIND_AMOUNT + k], c[TOT_KIND_AMOUNT + k].buf);
	}
	cell_text(&c[TOT_STOPPED], T(tr, N_("households stopped")));
	cell_text(&c[TOT_SUSPENDED], T(tr, N_("households suspended")));
	cell_text(&c[TOT_NO_ACCOUNT], T(tr, N_("households without an account")));
	cell_text(&c[TOT_TOTAL], T(tr, N_("total amount")));
}

/* Every text of the roll is UTF-8 (the store checks what it takes in;
 * this keeps a file from being half written, or an XML or JSON file
 * from being invalid, should one not be): DS_EINPUT naming the field. */
static ds_status text_check(const char *s, const char *who, const char *what,
                            ds_error *err)
{
	char where[DS_ERR_WHERE];
	if (core_utf8_valid(s, strlen(s)))
		return DS_OK;
	snprintf(where, sizeof(where), "%s.%s", who, what);
	return ds_fail(err, DS_EINPUT, where, N_("is not valid UTF-8 text"));
}

static ds_status roll_check(const store_roll *r, ds_error *err)
{
	ds_status st;
	for (size_t i = 0; i < r->n; i++) {
		const store_rollrow *w = &r->rows[i];
		const struct {
			const char *s, *what;
		} f[] = {
			{w->township.code, "township_code"},
			{w->township.name, "township"},
			{w->village.code, "village_code"},
			{w->village.name, "village"},
			{w->head, "head"},
			{w->head_id, "head_id"},
			{w->payee.name, "payee"},
			{w->payee.bank, "bank"},
			{w->payee.account, "account"},
			{w->line.ref, "ref"},
		};
		if ((st = text_check(w->household, "lines", "household", err)))
			return st;
		for (size_t j = 0; j < sizeof(f) / sizeof(f[0]); j++)
			if ((st = text_check(f[j].s, w->household, f[j].what, err)))
				return st;
	}
	for (size_t k = 0; k < 2; k++) {
		const store_rollarea *a = k ? r->villages : r->townships;
		size_t n = k ? r->n_villages : r->n_townships;
		const char *list = k ? "villages" : "townships";
		for (size_t i = 0; i < n; i++)
			if ((st = text_check(a[i].area.code, list, "code", err)) ||
			    (st = text_check(a[i].area.name, a[i].area.code, "name",
			                     err)) ||
			    (st = text_check(a[i].township, a[i].area.code,
			                     "township", err)))
				return st;
	}
	return DS_OK;
}

/* ---- CSV ------------------------------------------------------------------- */

typedef struct {
	FILE *out;
	iconv_t cd;           /* (iconv_t)-1: UTF-8 as it is */
	char *q, *g;          /* the field quoted; converted */
	size_t qcap, gcap;
	ds_error *err;
	ds_status st;
} csvw;

static bool grow(char **buf, size_t *cap, size_t need)
{
	char *nb;
	if (need <= *cap)
		return true;
	if (need > SIZE_MAX / 2)
		return false;
	nb = realloc(*buf, need * 2);
	if (!nb)
		return false;
	*buf = nb;
	*cap = need * 2;
	return true;
}

static void csv_bytes(csvw *w, const char *p, size_t n)
{
	if (w->st == DS_OK && n && fwrite(p, 1, n, w->out) != n)
		w->st = ds_fail(w->err, DS_ESYSTEM, "output",
		                N_("cannot write the roll: %s"), strerror(errno));
}

/* Writes one field, quoted when it holds a comma, a quote or a line
 * break (RFC 4180), after a comma unless it is the row's first. where
 * names it in errors. */
static void csv_field(csvw *w, const char *s, bool first, const char *where)
{
	size_t n = strlen(s), o = 0;
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (w->st != DS_OK)
		return;
	if (!grow(&w->q, &w->qcap, 2 * n + 4)) {
		w->st = ds_fail(w->err, DS_ESYSTEM, where, N_("out of memory"));
		return;
	}
	if (!first)
		w->q[o++] = ',';
	if (quote)
		w->q[o++] = '"';
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			w->q[o++] = '"';
		w->q[o++] = s[i];
	}
	if (quote)
		w->q[o++] = '"';
	if (w->cd == (iconv_t)-1) {
		csv_bytes(w, w->q, o);
		return;
	}
	/* GB18030 takes at most four bytes for any character. */
	if (!grow(&w->g, &w->gcap, 4 * o + 4)) {
		w->st = ds_fail(w->err, DS_ESYSTEM, where, N_("out of memory"));
		return;
	}
	{
		char *in = w->q, *outp = w->g;
		size_t inleft = o, outleft = w->gcap;
		iconv(w->cd, NULL, NULL, NULL, NULL);
		if (iconv(w->cd, &in, &inleft, &outp, &outleft) == (size_t)-1 ||
		    iconv(w->cd, NULL, NULL, &outp, &outleft) == (size_t)-1) {
			w->st = ds_fail(w->err, DS_EINPUT, where,
			                N_("cannot be written in GB18030: %s"),
			                strerror(errno));
			return;
		}
		csv_bytes(w, w->g, (size_t)(outp - w->g));
	}
}

static void csv_end_row(csvw *w)
{
	csv_bytes(w, "\r\n", 2);
}

static void csv_cells(csvw *w, const cell *c, const char *const *ids,
                      size_t n, const char *who)
{
	char where[STORE_ID_BUF + 64];
	for (size_t i = 0; i < n && w->st == DS_OK; i++) {
		if (ids)
			snprintf(where, sizeof(where), "%s.%s", who, ids[i]);
		else
			snprintf(where, sizeof(where), "%s", who);
		/* text a spreadsheet would take for a formula (a name typed
		 * "=HYPERLINK(…)") is written after an apostrophe, which
		 * Excel shows as text; numbers are never text cells */
		if (c[i].kind == CELL_TEXT && c[i].text[0] &&
		    strchr("=+-@\t\r", c[i].text[0])) {
			char *q = malloc(strlen(c[i].text) + 2);
			if (!q) {
				w->st = ds_fail(w->err, DS_ESYSTEM, where, N_("out of memory"));
				break;
			}
			q[0] = '\'';
			strcpy(q + 1, c[i].text);
			csv_field(w, q, i == 0, where);
			free(q);
			continue;
		}
		csv_field(w, c[i].text, i == 0, where);
	}
	csv_end_row(w);
}

ds_status store_roll_csv(const store_roll *r, FILE *out,
                         store_roll_encoding enc, store_tr_fn tr,
                         ds_error *err)
{
	csvw w = {out, (iconv_t)-1, NULL, NULL, 0, 0, err, DS_OK};
	cell c[(int)TOT_COUNT > (int)COL_COUNT ? (int)TOT_COUNT : (int)COL_COUNT];
	total_row *tot;
	size_t ntot = 0;

	if ((w.st = roll_check(r, err)))
		return w.st;
	if (enc == STORE_ROLL_GB18030) {
		w.cd = iconv_open("GB18030", "UTF-8");
		if (w.cd == (iconv_t)-1)
			return ds_fail(err, DS_ESYSTEM, "output",
			               N_("cannot convert to GB18030: %s"),
			               strerror(errno));
	} else {
		csv_bytes(&w, "\xEF\xBB\xBF", 3);
	}
	for (int i = 0; i < COL_COUNT; i++)
		cell_text(&c[i], T(tr, col_headers[i]));
	csv_cells(&w, c, NULL, COL_COUNT, "header");
	for (size_t i = 0; i < r->n && w.st == DS_OK; i++) {
		line_cells(&r->rows[i], tr, c);
		csv_cells(&w, c, col_ids, COL_COUNT, r->rows[i].household);
	}
	csv_end_row(&w);
	total_headers(tr, c);
	csv_cells(&w, c, NULL, TOT_COUNT, "header");
	tot = totals_order(r, &ntot);
	if (!tot && w.st == DS_OK)
		w.st = ds_fail(err, DS_ESYSTEM, "output", N_("out of memory"));
	for (size_t i = 0; i < ntot && w.st == DS_OK; i++) {
		total_cells(&tot[i], tr, c);
		csv_cells(&w, c, NULL, TOT_COUNT, "totals");
	}
	free(tot);
	if (w.st == DS_OK && (fflush(out) != 0 || ferror(out)))
		w.st = ds_fail(err, DS_ESYSTEM, "output",
		               N_("cannot write the roll: %s"), strerror(errno));
	if (w.cd != (iconv_t)-1)
		iconv_close(w.cd);
	free(w.q);
	free(w.g);
	return w.st;
}

/* ---- JSON ------------------------------------------------------------------ */

/* Money in JSON is a string of yuan, "1165.00", as everywhere in
 * doorstep's JSON: no reader turns it into a float by accident. */
static json_t *money_json(core_fen fen)
{
	char buf[CORE_MONEY_BUF];
	core_money_format(fen, buf);
	return json_string(buf);
}

static json_t *area_json(const core_area *a)
{
	return json_pack("{s:s, s:s}", "code", a->code, "name", a->name);
}

static json_t *line_json(const store_rollrow *row)
{
	const core_payline *l = &row->line;
	char month[8];
	bool w = l->kind == CORE_PAYLINE_WITHDRAWAL;
	core_month_format(l->month, month);
	return json_pack(
		"{s:s, s:o, s:o, s:s, s:s, s:i, s:{s:s, s:s, s:s}, s:s, s:s,"
		" s:o, s:o, s:o, s:o, s:o, s:s}",
		"household", row->household, "township", area_json(&row->township),
		"village", area_json(&row->village), "head", row->head,
		"head_id", row->head_id, "members", (json_int_t)row->members,
		"payee", "name", row->payee.name, "bank", row->payee.bank,
		"account", row->payee.account, "kind", kind_id(l->kind),
		"month", month, "k", w ? json_integer(l->k) : json_null(),
		"n", w ? json_integer(l->n) : json_null(),
		"allowance", money_json(l->allowance), "topups",
		money_json(l->topups), "amount", money_json(l->amount), "ref",
		l->ref);
}

const char *store_rollsum_class_key(int c)
{
	return c >= 0 && c < CORE_CLASS_COUNT ? core_class_id((core_class)c)
	                                      : "unclassified";
}

json_t *store_rollsum_by_class_json(const store_rollsum *s)
{
	json_t *bc = json_object();
	for (int c = 0; bc && c <= CORE_CLASS_COUNT; c++)
		json_object_set_new(bc, store_rollsum_class_key(c),
		                    json_pack("{s:I, s:I, s:o}", "households",
		                              (json_int_t)s->households_by_class[c],
		                              "lines", (json_int_t)s->by_class[c],
		                              "amount", money_json(s->amount_by_class[c])));
	return bc;
}

static json_t *sum_json(const store_rollsum *s)
{
	json_t *o = json_object(), *by = json_object(), *amt = json_object();
	if (!o || !by || !amt) {
		json_decref(o);
		json_decref(by);
		json_decref(amt);
		return NULL;
	}
	for (int k = 0; k < CORE_PAYLINE_COUNT; k++) {
		json_object_set_new(by, kind_ids[k], json_integer(s->by_kind[k]));
		json_object_set_new(amt, kind_ids[k],
		                    money_json(s->amount_by_kind[k]));
	}
	json_object_set_new(o, "households", json_integer(s->households));
	json_object_set_new(o, "lines", json_integer(s->lines));
	json_object_set_new(o, "by_kind", by);
	json_object_set_new(o, "amount_by_kind", amt);
	json_object_set_new(o, "by_class", store_rollsum_by_class_json(s));
	json_object_set_new(o, "stopped", json_integer(s->stopped));
	json_object_set_new(o, "suspended", json_integer(s->suspended));
	json_object_set_new(o, "no_account", json_integer(s->no_account));
	json_object_set_new(o, "total", money_json(s->total));
	return o;
}

/* An area's totals: its code, name (and a village's township) first. */
static json_t *area_sum_json(const store_rollarea *a, bool village)
{
	json_t *o = json_object(), *s = sum_json(&a->sum);
	if (!o || !s) {
		json_decref(o);
		json_decref(s);
		return NULL;
	}
	json_object_set_new(o, "code", json_string(a->area.code));
	json_object_set_new(o, "name", json_string(a->area.name));
	if (village)
		json_object_set_new(o, "township", json_string(a->township));
	json_object_update(o, s);
	json_decref(s);
	return o;
}

/* Writes before, v as JSON (on one line), after; frees v. False when v is
 * NULL (out of memory) or the write fails. */
static bool emit(FILE *out, const char *before, json_t *v, const char *after)
{
	char *text = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_PRESERVE_ORDER)
	               : NULL;
	bool ok = text && fputs(before, out) != EOF && fputs(text, out) != EOF &&
	          fputs(after, out) != EOF;
	free(text);
	json_decref(v);
	return ok;
}

/* The object is written a value at a time, each line of the roll and
 * each area's totals an object on one line: a county's roll never sits
 * in memory twice, and its lines can be read (or compared) line by
 * line. */
ds_status store_roll_json(const store_roll *r, FILE *out, ds_error *err)
{
	char month[8], on[11], hash[65];
	ds_status st;
	bool ok;

	if ((st = roll_check(r, err)))
		return st;
	core_month_format(r->month, month);
	store_hex(hash, r->hash, sizeof(r->hash));
	if (r->issued)
		core_date_format(r->issued_on, on);
	errno = 0;
	ok = emit(out, "{\n  \"month\": ", json_string(month), ",\n") &&
	     emit(out, "  \"issued\": ", json_boolean(r->issued), ",\n") &&
	     emit(out, "  \"issued_by\": ",
	          r->issued ? json_string(r->issued_by) : json_null(), ",\n") &&
	     emit(out, "  \"issued_on\": ",
	          r->issued ? json_string(on) : json_null(), ",\n") &&
	     emit(out, "  \"hash\": ", json_string(hash), ",\n") &&
	     fputs("  \"lines\": [", out) != EOF;
	for (size_t i = 0; ok && i < r->n; i++)
		ok = emit(out, i ? ",\n    " : "\n    ", line_json(&r->rows[i]), "");
	ok = ok && fputs(r->n ? "\n  ],\n  \"villages\": [" : "],\n  \"villages\": [",
	                 out) != EOF;
	for (size_t i = 0; ok && i < r->n_villages; i++)
		ok = emit(out, i ? ",\n    " : "\n    ",
		          area_sum_json(&r->villages[i], true), "");
	ok = ok && fputs(r->n_villages ? "\n  ],\n  \"townships\": ["
	                               : "],\n  \"townships\": [",
	                 out) != EOF;
	for (size_t i = 0; ok && i < r->n_townships; i++)
		ok = emit(out, i ? ",\n    " : "\n    ",
		          area_sum_json(&r->townships[i], false), "");
	ok = ok && emit(out, r->n_townships ? "\n  ],\n  \"county\": "
	                                    : "],\n  \"county\": ",
	                sum_json(&r->county), "\n}\n");
	if (!ok || fflush(out) != 0 || ferror(out)) {
		if (!ferror(out) && errno == 0)
			return ds_fail(err, DS_ESYSTEM, "output", N_("out of memory"));
		return ds_fail(err, DS_ESYSTEM, "output",
		               N_("cannot write the roll: %s"), strerror(errno));
	}
	return DS_OK;
}

/* ---- the workbook ---------------------------------------------------------- */

#define SHEET_NAME_MAX 31 /* characters, Excel's limit */

/* Copies at most max characters of UTF-8 s into out (room for 4 * max + 1
 * bytes), each of Excel's forbidden []:*?/\ and control characters as
 * "_". */
static void sheet_name_copy(char *out, const char *s, size_t max)
{
	size_t o = 0, chars = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && chars < max) {
		size_t len = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3
		                                 : (*p >> 3) == 30 ? 4 : 1;
		size_t i;
		for (i = 1; i < len && p[i] && (p[i] & 0xC0) == 0x80; i++)
			;
		if (i < len || (len == 1 && *p >= 0x80)) { /* not UTF-8 */
			out[o++] = '_';
			p += i;
		} else if (len == 1 && (*p < 0x20 || *p == 0x7F ||
		                        strchr("[]:*?/\\", *p))) {
			out[o++] = '_';
			p++;
		} else {
			memcpy(out + o, p, len);
			o += len;
			p += len;
		}
		chars++;
	}
	out[o] = '\0';
}

/* Whether a and b are the same sheet name to Excel (ASCII letters'
 * case aside). */
static bool sheet_name_same(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

/* A sheet name for want, valid and unlike any in taken[0..n): Excel's
 * characters replaced, no apostrophe at either end, at most 31
 * characters, " (2)", " (3)"... added when taken. */
static void sheet_name(char out[4 * SHEET_NAME_MAX + 1], const char *want,
                       const char *fallback, char (*taken)[4 * SHEET_NAME_MAX + 1],
                       size_t n)
{
	char base[4 * SHEET_NAME_MAX + 1], *b = base;
	size_t len;
	sheet_name_copy(base, want, SHEET_NAME_MAX);
	while (*b == '\'')
		b++;
	len = strlen(b);
	while (len && b[len - 1] == '\'')
		b[--len] = '\0';
	if (!*b) {
		sheet_name_copy(base, fallback, SHEET_NAME_MAX);
		b = base;
	}
	snprintf(out, 4 * SHEET_NAME_MAX + 1, "%s", b);
	for (int k = 2;; k++) {
		bool clash = false;
		char suffix[16], cut[4 * SHEET_NAME_MAX + 1];
		for (size_t i = 0; i < n && !clash; i++)
			clash = sheet_name_same(out, taken[i]);
		if (!clash)
			return;
		len = (size_t)snprintf(suffix, sizeof(suffix), " (%d)", k);
		/* cut is at most 4 * (31 - len) bytes: the suffix fits */
		sheet_name_copy(cut, b, SHEET_NAME_MAX - len);
		memcpy(out, cut, strlen(cut));
		memcpy(out + strlen(cut), suffix, len + 1);
	}
}

typedef struct {
	lxw_workbook *wb;
	lxw_format *bold, *money;
	lxw_error e;
} xlsw;

/* The workbook stores every number as a double: an amount goes in as
 * fen / 100 here, at the very edge, and stays exact (to the fen, as
 * "#,##0.00" shows it) for any amount below 2^53 fen. Codes, ID
 * numbers and accounts are text: as numbers they would lose digits. */
static void xls_cells(xlsw *x, lxw_worksheet *ws, lxw_row_t row,
                      const cell *c, size_t n, lxw_format *text_format)
{
	for (size_t i = 0; i < n && x->e == LXW_NO_ERROR; i++) {
		lxw_col_t col = (lxw_col_t)i;
		switch (c[i].kind) {
		case CELL_TEXT:
			x->e = c[i].text[0]
			               ? worksheet_write_string(ws, row, col, c[i].text,
			                                        text_format)
			               : LXW_NO_ERROR;
			break;
		case CELL_INT:
			x->e = worksheet_write_number(ws, row, col, (double)c[i].n,
			                              NULL);
			break;
		case CELL_MONEY:
			x->e = worksheet_write_number(ws, row, col,
			                              (double)c[i].n / 100.0, x->money);
			break;
		}
	}
}

static void xls_summary(xlsw *x, lxw_worksheet *ws, const store_roll *r,
                        store_tr_fn tr, const total_row *tot, size_t ntot)
{
	char month[8], on[11] = "", hash[65];
	cell c[TOT_COUNT];
	lxw_row_t row = 0;
	const char *label[] = {N_("month"), N_("status"), N_("issued by"),
	                       N_("issued on"), N_("hash")};
	const char *value[5];
	core_month_format(r->month, month);
	store_hex(hash, r->hash, sizeof(r->hash));
	if (r->issued)
		core_date_format(r->issued_on, on);
	value[0] = month;
	value[1] = r->issued ? T(tr, N_("issued")) : T(tr, N_("not issued"));
	value[2] = r->issued ? r->issued_by : "";
	value[3] = on;
	value[4] = hash;
	for (size_t i = 0; i < 5 && x->e == LXW_NO_ERROR; i++, row++) {
		x->e = worksheet_write_string(ws, row, 0, T(tr, label[i]), x->bold);
		if (x->e == LXW_NO_ERROR && value[i][0])
			x->e = worksheet_write_string(ws, row, 1, value[i], NULL);
	}
	row++;
	total_headers(tr, c);
	xls_cells(x, ws, row++, c, TOT_COUNT, x->bold);
	for (size_t i = 0; i < ntot && x->e == LXW_NO_ERROR; i++) {
		total_cells(&tot[i], tr, c);
		xls_cells(x, ws, row++, c, TOT_COUNT,
		          i + 1 == ntot ? x->bold : NULL);
	}
	if (x->e == LXW_NO_ERROR)
		x->e = worksheet_set_column(ws, 0, TOT_COUNT - 1, 14, NULL);
}

/* The lines rows[from..to) of one township on a sheet of their own. */
static void xls_township(xlsw *x, lxw_worksheet *ws, const store_roll *r,
                         size_t from, size_t to, store_tr_fn tr)
{
	cell c[COL_COUNT];
	lxw_row_t row = 0;
	for (int i = 0; i < COL_COUNT; i++)
		cell_text(&c[i], T(tr, col_headers[i]));
	xls_cells(x, ws, row++, c, COL_COUNT, x->bold);
	for (size_t i = from; i < to && x->e == LXW_NO_ERROR; i++) {
		line_cells(&r->rows[i], tr, c);
		xls_cells(x, ws, row++, c, COL_COUNT, NULL);
	}
	if (x->e == LXW_NO_ERROR)
		x->e = worksheet_set_column(ws, 0, COL_COUNT - 1, 14, NULL);
	if (x->e == LXW_NO_ERROR)
		worksheet_freeze_panes(ws, 1, 0);
}

/* A new sheet, NULL with x->e saying why when there is none. */
static lxw_worksheet *add_sheet(xlsw *x, const char *name)
{
	lxw_worksheet *ws;
	x->e = workbook_validate_sheet_name(x->wb, name);
	if (x->e != LXW_NO_ERROR)
		return NULL;
	ws = workbook_add_worksheet(x->wb, name);
	if (!ws)
		x->e = LXW_ERROR_MEMORY_MALLOC_FAILED;
	return ws;
}

/* The private folder libxlsxwriter keeps its temporary files in, gone:
 * whatever is left in it, then itself. */
static void remove_private(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char p[PATH_MAX];
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(p, sizeof(p), "%s/%s", dir, e->d_name) < (int)sizeof(p))
			unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

ds_status store_roll_xlsx(const store_roll *r, const char *path,
                          store_tr_fn tr, ds_error *err)
{
	char tmp[PATH_MAX], tmpd[PATH_MAX], rndhex[13];
	unsigned char rnd[6];
	/* constant_memory: each sheet's rows go to a temporary file as they
	 * are written (strings inline), so a county's roll of 100,000 lines
	 * never sits in memory as cells. */
	lxw_workbook_options opts = {.constant_memory = LXW_TRUE,
	                             .tmpdir = NULL, .use_zip64 = LXW_FALSE};
	xlsw x = {NULL, NULL, NULL, LXW_NO_ERROR};
	char (*names)[4 * SHEET_NAME_MAX + 1] = NULL;
	size_t nnames = 0, ntot = 0;
	total_row *tot = NULL;
	lxw_worksheet *ws;
	bool oom = false;
	int fd, e = 0;
	ds_status st;

	if ((st = roll_check(r, err)))
		return st;
	store_random(rnd, sizeof(rnd));
	store_hex(rndhex, rnd, sizeof(rnd));
	if (snprintf(tmp, sizeof(tmp), "%s.tmp-%s", path, rndhex) >=
	    (int)sizeof(tmp))
		return ds_fail(err, DS_EINPUT, path, N_("the file name is too long"));
	/* Made here, 0600, for libxlsxwriter to write into: the roll holds
	 * names and accounts. Its temporary files (a sheet's rows as they
	 * are written) go to a folder of our own beside it, 0700, not to the
	 * system's /tmp, and the folder goes when the workbook is done. */
	if (snprintf(tmpd, sizeof(tmpd), "%s.tmpd-%s", path, rndhex) >=
	    (int)sizeof(tmpd))
		return ds_fail(err, DS_EINPUT, path, N_("the file name is too long"));
	if (mkdir(tmpd, 0700) != 0)
		return ds_fail(err, DS_ESYSTEM, path,
		               N_("cannot write the workbook: %s"), strerror(errno));
	opts.tmpdir = tmpd;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		e = errno;
		rmdir(tmpd);
		return ds_fail(err, DS_ESYSTEM, path,
		               N_("cannot write the workbook: %s"), strerror(e));
	}
	close(fd);

	/* Sheet names: the summary's, "History" (Excel keeps it), then one
	 * per township at most. */
	names = calloc(r->n + 2, sizeof(*names));
	tot = totals_order(r, &ntot);
	x.wb = names && tot ? workbook_new_opt(tmp, &opts) : NULL;
	if (!x.wb) {
		oom = true;
		goto fail;
	}
	x.bold = workbook_add_format(x.wb);
	x.money = workbook_add_format(x.wb);
	format_set_bold(x.bold);
	format_set_num_format(x.money, "#,##0.00");

	sheet_name(names[nnames], T(tr, N_("Summary")), "Summary", names,
	           nnames);
	ws = add_sheet(&x, names[nnames++]);
	snprintf(names[nnames++], sizeof(names[0]), "History");
	if (!ws)
		goto fail;
	xls_summary(&x, ws, r, tr, tot, ntot);
	for (size_t i = 0; i < r->n && x.e == LXW_NO_ERROR;) {
		size_t j = i + 1;
		const core_area *t = &r->rows[i].township;
		while (j < r->n && strcmp(r->rows[j].township.code, t->code) == 0)
			j++;
		sheet_name(names[nnames], t->name[0] ? t->name : t->code,
		           T(tr, N_("no township")), names, nnames);
		ws = add_sheet(&x, names[nnames++]);
		if (!ws)
			break;
		xls_township(&x, ws, r, i, j, tr);
		i = j;
	}
	if (x.e != LXW_NO_ERROR)
		goto fail;
	x.e = workbook_close(x.wb);
	x.wb = NULL;
	remove_private(tmpd);
	if (x.e != LXW_NO_ERROR)
		goto fail;
	free(names);
	free(tot);
	names = NULL;
	tot = NULL;
	fd = open(tmp, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		goto fail;
	}
	if (fsync(fd) != 0) {
		e = errno;
		close(fd);
		goto fail;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		e = errno;
		goto fail;
	}
	if (store_fsync_folder_of(path) != 0)
		return ds_fail(err, DS_ESYSTEM, path,
		               N_("cannot write the workbook: %s"), strerror(errno));
	return DS_OK;

fail:
	if (x.wb)
		workbook_close(x.wb); /* frees it; the file goes below */
	remove_private(tmpd);
	free(names);
	free(tot);
	unlink(tmp);
	if (oom)
		return ds_fail(err, DS_ESYSTEM, path, N_("out of memory"));
	return ds_fail(err, DS_ESYSTEM, path, N_("cannot write the workbook: %s"),
	               x.e != LXW_NO_ERROR ? lxw_strerror(x.e) : strerror(e));
}
