/* console_roll.c — the console's payment roll of a month: its totals and
 * lines (accounts masked, as the text roll shows them), whether it is
 * issued, its files (CSV, JSON, XLSX: the very bytes `doorstep-county
 * payroll --csv|--json|--xlsx` writes, from the same store_roll_make and
 * rollfile.c writers) and, for the approver, issuing the month as
 * `doorstep-county payroll issue` does (store_roll_issue), logged. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/money.h"
#include "store/payroll.h"
#include "sync/county/console_int.h"
#include "sync/county/console_pages.h"
#include "sync/county/console_routes.h"

#define ROLL_PAGE_LINES 200

/* The month asked for (?month= or the form's), else this month. */
static bool month_of(console_req *q, const char *text, core_month *m)
{
	ds_error err;
	if (!text || !*text) {
		ds_store *s = console_store_lock(q);
		*m = core_month_of_date(store_today(s));
		console_store_unlock(q);
		return true;
	}
	if (core_month_parse(text, m, "month", &err)) {
		console_fail_error(q, 400, &err);
		return false;
	}
	return true;
}

static void masked_account(char *out, size_t len, const char *account)
{
	size_t n = strlen(account);
	snprintf(out, len, "****%s", account + (n > 4 ? n - 4 : 0));
}

static const char *area_words(console_req *q, const core_area *a)
{
	return a->code[0] ? (a->name[0] ? a->name : a->code) : _("(not recorded)");
}

static void sum_row(console_req *q, const char *cls, const char *label,
                    const char *code, const store_rollsum *s)
{
	char total[32];
	console_money(total, s->total);
	console_html(q, "<tr class=\"%s\" data-code=\"%s\"><td>%s</td><td class=\"n\">%lld</td>"
	                "<td class=\"n\">%lld</td><td class=\"n\">%s</td><td class=\"n\">%lld</td>"
	                "<td class=\"n\">%lld</td><td class=\"n\">%lld</td></tr>",
	             cls, code, label, (long long)s->households, (long long)s->lines, total,
	             (long long)s->stopped, (long long)s->suspended, (long long)s->no_account);
}

static void sums(console_req *q, const store_roll *r)
{
	console_html(q, "<h2>%s</h2><table id=\"totals\"><tr><th></th><th>%s</th><th>%s</th>"
	                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
	             _("Totals"), _("Households"), _("Lines"), _("Amount"),
	             _("Stopped this month"), _("Suspended"), _("Without a payee account"));
	sum_row(q, "county", _("County"), "", &r->county);
	for (size_t i = 0; i < r->n_townships; i++)
		sum_row(q, "township", area_words(q, &r->townships[i].area),
		        r->townships[i].area.code, &r->townships[i].sum);
	for (size_t i = 0; i < r->n_villages; i++)
		sum_row(q, "village", area_words(q, &r->villages[i].area),
		        r->villages[i].area.code, &r->villages[i].sum);
	console_html(q, "</table><table id=\"by-kind\"><tr><th>%s</th><th>%s</th><th>%s</th></tr>",
	             _("Kind"), _("Lines"), _("Amount"));
	for (int k = 0; k < CORE_PAYLINE_COUNT; k++) {
		char amount[32];
		if (!r->county.by_kind[k])
			continue;
		console_money(amount, r->county.amount_by_kind[k]);
		console_html(q, "<tr><td>%s</td><td class=\"n\">%lld</td><td class=\"n\">%s</td></tr>",
		             _(core_payline_words((core_payline_kind)k)),
		             (long long)r->county.by_kind[k], amount);
	}
	console_html(q, "</table>");
}

static void lines(console_req *q, const store_roll *r, const char *mtext, long page)
{
	size_t from, to;
	/* a page past the last (typed into the address) shows the last */
	if ((size_t)page > r->n / ROLL_PAGE_LINES)
		page = (long)(r->n / ROLL_PAGE_LINES);
	from = (size_t)page * ROLL_PAGE_LINES;
	to = from + ROLL_PAGE_LINES;
	if (to > r->n)
		to = r->n;
	console_html(q, "<h2>%s</h2><table id=\"lines\"><tr><th>%s</th><th>%s</th><th>%s</th>"
	                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
	             _("Lines"), _("Township"), _("Village"), _("Household"), _("Head"),
	             _("Account"), _("Kind"), _("Month"), _("Amount"));
	for (size_t i = from; i < to; i++) {
		const store_rollrow *w = &r->rows[i];
		char acct[CORE_ACCOUNT_MAX + 8], amount[32], lm[8], kind[96];
		if (w->payee.account[0])
			masked_account(acct, sizeof(acct), w->payee.account);
		else
			snprintf(acct, sizeof(acct), "%s", _("no account"));
		console_money(amount, w->line.amount);
		core_month_format(w->line.month, lm);
		if (w->line.kind == CORE_PAYLINE_WITHDRAWAL)
			snprintf(kind, sizeof(kind), "%s %d/%d",
			         _(core_payline_words(w->line.kind)), w->line.k, w->line.n);
		else
			snprintf(kind, sizeof(kind), "%s", _(core_payline_words(w->line.kind)));
		console_html(q, "<tr><td>%s</td><td>%s</td><td><a href=\"/household/%u\">%s</a></td>"
		                "<td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class=\"n\">%s</td></tr>",
		             area_words(q, &w->township), area_words(q, &w->village), w->household,
		             w->household, w->head, acct, kind, lm, amount);
	}
	console_html(q, "</table>");
	if (r->n > ROLL_PAGE_LINES) {
		console_html(q, "<p class=\"pages\">%s %lld–%lld / %zu ",
		             _("Lines"), (long long)from + 1, (long long)to, r->n);
		if (page > 0)
			console_html(q, "<a href=\"/roll?month=%u&amp;page=%ld\">%s</a> ", mtext,
			             page - 1, _("Previous"));
		if (to < r->n)
			console_html(q, "<a href=\"/roll?month=%u&amp;page=%ld\">%s</a>", mtext,
			             page + 1, _("Next"));
		console_html(q, "</p>");
	}
}

void console_page_roll(console_req *q)
{
	const char *ptext = console_query(q, "page");
	core_month m;
	store_roll r;
	char mtext[8], hex[65];
	long page = ptext ? strtol(ptext, NULL, 10) : 0;
	ds_error err;
	ds_status st;
	ds_store *s;
	if (!month_of(q, console_query(q, "month"), &m))
		return;
	if (page < 0)
		page = 0;
	core_month_format(m, mtext);
	s = console_store_lock(q);
	st = store_roll_make(s, m, &r, &err);
	console_store_unlock(q);
	if (st) {
		store_roll_free(&r);
		console_fail_error(q, console_pages_status(&err), &err);
		return;
	}
	console_begin(q, _("Payment roll"));
	console_html(q, "<form method=\"get\" action=\"/roll\" class=\"inline\"><label>%s "
	                "<input name=\"month\" type=\"month\" value=\"%s\" pattern=\"[0-9]{4}-[0-9]{2}\"></label>"
	                "<button type=\"submit\">%s</button></form>",
	             _("Month"), mtext, _("Show"));
	if (console_query(q, "done"))
		console_html(q, "<p class=\"note\" id=\"done\">%s</p>",
		             !strcmp(console_query(q, "done"), "already")
		                     ? _("The month was issued already; nothing changed.")
		                     : _("The month is issued. Its roll never changes now."));
	store_hex(hex, r.hash, sizeof(r.hash));
	if (r.issued) {
		char on[11];
		core_date_format(r.issued_on, on);
		console_html(q, "<p id=\"state\" data-issued=\"1\">%s <strong>%s</strong>: %s %s, %s %s; %s <code>%s</code></p>",
		             _("Month"), mtext, _("issued on"), on, _("by"), r.issued_by,
		             _("hash"), hex);
	} else {
		console_html(q, "<p id=\"state\" data-issued=\"0\">%s <strong>%s</strong>: %s</p>",
		             _("Month"), mtext,
		             _("not issued; this is the roll as it would be issued now."));
	}
	if (core_office_may(q->role, CORE_OFFICE_RIGHT_ROLL_FILE))
		console_html(q, "<p id=\"downloads\">%s: "
		                "<a href=\"/roll/file?month=%u&amp;form=csv\">CSV</a> · "
		                "<a href=\"/roll/file?month=%u&amp;form=csv&amp;encoding=gb18030\">CSV (GB18030)</a> · "
		                "<a href=\"/roll/file?month=%u&amp;form=json\">JSON</a> · "
		                "<a href=\"/roll/file?month=%u&amp;form=xlsx\">XLSX</a></p>",
		             _("Download (whole accounts and ID numbers)"), mtext, mtext, mtext, mtext);
	if (!r.issued && core_office_may(q->role, CORE_OFFICE_RIGHT_ROLL_ISSUE)) {
		console_form_begin(q, "/roll/issue");
		console_html(q, "<input type=\"hidden\" name=\"month\" value=\"%s\">"
		                "<button type=\"submit\" id=\"issue\">%s %s</button> "
		                "<span class=\"note\">%s</span>",
		             mtext, _("Issue"), mtext,
		             _("Issuing closes the month: its roll never changes after, later decisions about it come as adjustments in the next month's roll."));
		console_form_end(q);
	}
	sums(q, &r);
	lines(q, &r, mtext, page);
	console_end(q);
	store_roll_free(&r);
}

/* The XLSX through a private folder of its own (0700), read back and
 * removed: store_roll_xlsx writes only to a path. */
static ds_status xlsx_bytes(console_req *q, const store_roll *r, ds_error *err)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], path[4200], *text = NULL;
	size_t len = 0;
	ds_status st;
	snprintf(dir, sizeof(dir), "%s/doorstep-roll.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return ds_fail(err, DS_ESYSTEM, "TMPDIR", N_("a private folder could not be made"));
	snprintf(path, sizeof(path), "%s/roll.xlsx", dir);
	console_pages_tr_for(q);
	st = store_roll_xlsx(r, path, console_pages_tr, err);
	console_pages_tr_for(NULL);
	if (!st && !(st = store_read_file(path, (size_t)1 << 30, &text, &len, err)))
		console_buf_add(&q->out, text, len);
	free(text);
	unlink(path);
	{ /* anything libxlsxwriter left behind */
		DIR *d = opendir(dir);
		struct dirent *e;
		while (d && (e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
				char p[4400];
				snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
				unlink(p);
			}
		if (d)
			closedir(d);
	}
	rmdir(dir);
	return st;
}

void console_page_roll_file(console_req *q)
{
	const char *form = console_query(q, "form"), *enc = console_query(q, "encoding");
	core_month m;
	store_roll r;
	char mtext[8], what[STORE_OFFICE_WHAT_MAX];
	char *buf = NULL;
	size_t len = 0;
	FILE *f = NULL;
	ds_error err;
	ds_status st;
	ds_store *s;
	if (!form || (strcmp(form, "csv") && strcmp(form, "json") && strcmp(form, "xlsx"))) {
		console_fail(q, 400, _("form: must be csv, json or xlsx"));
		return;
	}
	if (enc && (strcmp(form, "csv") || (strcmp(enc, "utf-8") && strcmp(enc, "gb18030")))) {
		console_fail(q, 400, _("encoding: must be utf-8 or gb18030, with csv"));
		return;
	}
	if (!month_of(q, console_query(q, "month"), &m))
		return;
	core_month_format(m, mtext);
	s = console_store_lock(q);
	st = store_roll_make(s, m, &r, &err);
	console_store_unlock(q);
	if (st) {
		store_roll_free(&r);
		console_fail_error(q, console_pages_status(&err), &err);
		return;
	}
	if (!strcmp(form, "xlsx")) {
		st = xlsx_bytes(q, &r, &err);
	} else if (!(f = open_memstream(&buf, &len))) {
		st = ds_fail(&err, DS_ESYSTEM, "", N_("out of memory"));
	} else {
		console_pages_tr_for(q);
		st = !strcmp(form, "json")
		             ? store_roll_json(&r, f, &err)
		             : store_roll_csv(&r, f,
		                              enc && !strcmp(enc, "gb18030") ? STORE_ROLL_GB18030
		                                                             : STORE_ROLL_UTF8,
		                              console_pages_tr, &err);
		console_pages_tr_for(NULL);
		if (fclose(f) && !st)
			st = ds_fail(&err, DS_ESYSTEM, "", N_("out of memory"));
		if (!st)
			console_buf_add(&q->out, buf, len);
		free(buf);
	}
	store_roll_free(&r);
	if (st) {
		console_buf_free(&q->out);
		console_fail_error(q, console_pages_status(&err), &err);
		return;
	}
	/* the file holds whole accounts: who took it is logged */
	snprintf(what, sizeof(what), "roll.file %s %s", mtext, form);
	console_log(q, "download", what, "200");
	q->type = !strcmp(form, "csv")    ? (enc && !strcmp(enc, "gb18030") ? "text/csv; charset=gb18030"
	                                                                    : "text/csv; charset=utf-8")
	          : !strcmp(form, "json") ? "application/json"
	                                  : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	snprintf(q->disposition, sizeof(q->disposition), "attachment; filename=\"roll-%s.%s\"",
	         mtext, form);
}

void console_page_roll_issue(console_req *q)
{
	core_month m;
	store_roll r;
	bool already = false;
	char mtext[8], what[STORE_OFFICE_WHAT_MAX], back[64];
	const char *text = console_field(q, "month");
	ds_error err;
	ds_status st;
	ds_store *s;
	if (!text || !*text) {
		console_fail(q, 400, _("month: give the month to issue"));
		return;
	}
	if (!month_of(q, text, &m))
		return;
	core_month_format(m, mtext);
	snprintf(what, sizeof(what), "roll.issue %s", mtext);
	s = console_store_lock(q);
	st = store_roll_issue(s, m, &r, &already, &err);
	console_store_unlock(q);
	store_roll_free(&r);
	if (st) {
		console_pages_action_failed(q, what, &err);
		return;
	}
	snprintf(back, sizeof(back), "/roll?month=%s&done=%s", mtext, already ? "already" : "issued");
	console_pages_action_done(q, what, already ? "already" : "issued", back);
}
