/* budget.c — doorstep-county budget: the year's monthly outlay, actual and
 * projected, from the cases in the county's store (store/budget.h), with
 * every assumption it rests on, the standards older than their own rule
 * allows, a what-if under a proposed policy (--policy FILE), and a chart:
 * bars in text at the terminal, an SVG file with --svg FILE. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/budget.h"
#include "store/budget.h"
#include "store/payroll.h"
#include "store/policyjson.h"
#include "sync/county/budget_svg.h"
#include "sync/county/cmd.h"
#include "tui/i18n.h"
#include "tui/text.h"

#define POLICY_FILE_MAX (4 * 1024 * 1024)
#define STALE_MAX 64
#define TEXT_BAR 44 /* the longest bar in text: 7 + 1 + 44 + 1 + 16 < 80 */

/* ---- what is said --------------------------------------------------------- */

typedef struct {
	int year;
	core_date today;
	core_month this_month;     /* months up to it are actual */
	const store_budget *b;
	const core_policy *proposed;
	size_t n_stale;
	core_budget_stale stale[STALE_MAX];
} budget_view;

static bool actual_month(const budget_view *v, int i)
{
	return core_month_make(v->year, i + 1) <= v->this_month;
}

static const char *src_of(const char *en, const char *zh)
{
	return !strcmp(i18n_lang(), "zh_CN") && zh && *zh ? zh : en;
}

/* "3.5" from 35 per mille */
static void permille_percent(int pm, char out[16])
{
	if (pm % 10)
		snprintf(out, 16, "%d.%d", pm / 10, pm % 10);
	else
		snprintf(out, 16, "%d", pm / 10);
}

static char *money(core_fen f, char buf[CORE_MONEY_BUF])
{
	core_money_format(f, buf);
	return buf;
}

static char *grouped(core_fen f, char buf[CORE_MONEY_BUF])
{
	core_money_format_grouped(f, buf);
	return buf;
}

/* Appends to a malloc'd string (NULL on no memory: the caller says so). */
static char *appendf(char *s, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
static char *appendf(char *s, const char *fmt, ...)
{
	va_list ap;
	char *more = NULL, *out;
	int n;
	va_start(ap, fmt);
	n = vasprintf(&more, fmt, ap);
	va_end(ap);
	if (n < 0) {
		free(s);
		return NULL;
	}
	if (!s)
		return more;
	if (asprintf(&out, "%s%s", s, more) < 0)
		out = NULL;
	free(s);
	free(more);
	return out;
}

/* One line per standard the caseload's regions are projected from: its
 * figure, its rule and the figures its rule gives within the year. */
static char *standard_line(const budget_view *v, size_t r, int i)
{
	const core_budget_standard *bs = &v->b->year.standards[r];
	const core_standard *std = bs->base[i];
	char b1[CORE_MONEY_BUF], from[11], pct[16], *s;
	int last_years = -1;
	bool raised = false;
	core_date_format(std->from, from);
	s = appendf(NULL, _("%s (%s): %s from %s"), std->name, std->prefix,
	            money(std->monthly, b1), from);
	if (!std->adjust_permille)
		return s ? appendf(s, "%s", _(", with no adjustment rule: unchanged")) : NULL;
	permille_percent(std->adjust_permille, pct);
	s = s ? appendf(s, _(", +%s%% a year (%s): "), pct,
	                src_of(std->adjust_source, std->adjust_source_zh))
	      : NULL;
	for (int k = 0; s && k < CORE_BUDGET_MONTHS; k++) {
		char d[11];
		if (bs->base[k] != std || bs->years[k] == last_years)
			continue;
		last_years = bs->years[k];
		if (!bs->years[k])
			continue;
		core_date_format(core_date_add_months(std->from, 12 * bs->years[k]), d);
		s = appendf(s, "%s", raised ? _(", ") : "");
		s = s ? appendf(s, _("%s from %s"), money(bs->monthly[k], b1), d) : NULL;
		raised = true;
	}
	if (s && !raised)
		s = appendf(s, "%s", _("not raised within the year"));
	return s;
}

/* The assumptions, each a sentence (malloc'd; n_out of them). */
typedef struct {
	const char *code;
	char *text;
} assumption;

#define ASSUMPTIONS_MAX 64

static size_t assumptions(const budget_view *v, assumption *out)
{
	const store_budget *b = v->b;
	char on[11], m[8];
	size_t n = 0;
	const core_standard *said[ASSUMPTIONS_MAX];
	size_t n_said = 0;
	core_date_format(b->on, on);
	core_month_format(v->this_month, m);
	out[n].code = "cases";
	out[n++].text = appendf(NULL,
	        _("The cases as they stand on %s: %lld households, %lld receiving (%lld of them in withdrawal months), %lld suspended."),
	        on, (long long)b->households, (long long)b->receiving,
	        (long long)b->in_transition, (long long)b->suspended);
	out[n].code = "incomes_kept";
	out[n++].text = appendf(NULL,
	        _("Households keep their incomes as last assessed (counted as an assessment on %s counts them); no new applicants are assumed."),
	        on);
	out[n].code = "payment_moves_with_standard";
	out[n++].text = appendf(NULL, "%s",
	        _("A regular payment stays as decided and moves with the standard by what an assessment would add: ⌈S' × n − H⌉ − ⌈S × n − H⌉, each up to a whole yuan as an assessment rounds; top-ups unchanged."));
	out[n].code = "withdrawals_end";
	out[n++].text = appendf(NULL, "%s",
	        _("Withdrawals end as scheduled; a suspended case stays suspended and is paid nothing."));
	out[n].code = "standard_of_month";
	out[n++].text = appendf(NULL, "%s",
	        _("A month's standard is the latest for its region on the month's first day, raised by its own adjustment rule for each whole year since it took effect (up to a whole yuan each year)."));
	out[n].code = "actual_months";
	if (v->this_month < core_month_make(v->year, 1))
		out[n++].text = appendf(NULL, "%s", _("Every month is projected."));
	else if (v->this_month >= core_month_make(v->year, 12))
		out[n++].text = appendf(NULL, "%s", _("Every month is actual."));
	else
		out[n++].text = appendf(NULL, _("Months up to %s are actual; the later ones projected."), m);
	if (v->this_month >= core_month_make(v->year, 1)) {
		out[n].code = "actual_from_rolls";
		out[n++].text = appendf(NULL, "%s",
		        _("An actual month is its payment roll: as issued, or for a month not yet issued as it would be issued now (with its corrections of issued months)."));
	}
	/* the policy of each month */
	for (int i = 0; i < CORE_BUDGET_MONTHS && n < ASSUMPTIONS_MAX - 1;) {
		int j = i;
		char m1[8], m2[8];
		while (j + 1 < CORE_BUDGET_MONTHS &&
		       b->year.policy[j + 1] == b->year.policy[i])
			j++;
		core_month_format(core_month_make(v->year, i + 1), m1);
		core_month_format(core_month_make(v->year, j + 1), m2);
		out[n].code = "policy";
		out[n++].text = appendf(NULL, _("Policy %s from %s to %s."),
		                        b->year.policy[i]->version, m1, m2);
		i = j + 1;
	}
	/* the standards, once each */
	for (size_t r = 0; r < b->year.n_standards; r++)
		for (int i = 0; i < CORE_BUDGET_MONTHS && n < ASSUMPTIONS_MAX; i++) {
			const core_standard *std = b->year.standards[r].base[i];
			bool seen = false;
			for (size_t k = 0; k < n_said; k++)
				seen = seen || said[k] == std;
			if (seen || n_said == ASSUMPTIONS_MAX)
				continue;
			said[n_said++] = std;
			out[n].code = "standard";
			out[n++].text = standard_line(v, r, i);
		}
	return n;
}

static char *stale_text(const core_budget_stale *w)
{
	const core_standard *std = w->standard;
	char b1[CORE_MONEY_BUF], b2[CORE_MONEY_BUF], from[11], m[8], pct[16];
	core_date_format(std->from, from);
	core_month_format(w->month, m);
	permille_percent(std->adjust_permille, pct);
	return appendf(NULL,
	        _("The standard for %s (%s), %s from %s, still decides cases in %s (region %s), but its own rule (+%s%% a year) would have raised it to %s by then: the policy needs its new figure."),
	        std->name, std->prefix, money(std->monthly, b1), from, m, w->region,
	        pct, money(w->projected, b2));
}

/* ---- the text chart ----------------------------------------------------------- */

static bool unicode_blocks(void)
{
	const char *vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
	const char *loc = NULL, *term = getenv("TERM");
	for (size_t i = 0; i < 3 && !loc; i++)
		if (getenv(vars[i]) && *getenv(vars[i]))
			loc = getenv(vars[i]);
	if (term && !strncmp(term, "vt", 2))
		return false;
	return loc && (strcasestr(loc, "UTF-8") || strcasestr(loc, "utf8"));
}

static void text_chart(const budget_view *v, FILE *f)
{
	const core_budget_year *y = &v->b->year;
	bool uni = unicode_blocks();
	const char *full = uni ? "\u2588" : "#", *light = uni ? "\u2591" : "=";
	core_fen max = 0;
	char b1[CORE_MONEY_BUF];
	for (int i = 0; i < CORE_BUDGET_MONTHS; i++)
		if (y->amount[i] > max)
			max = y->amount[i];
	fprintf(f, "\n%s\n", _("Monthly outlay (yuan):"));
	for (int i = 0; i < CORE_BUDGET_MONTHS; i++) {
		char m[8];
		int len = max ? (int)((y->amount[i] * TEXT_BAR + max / 2) / max) : 0;
		if (y->amount[i] > 0 && len == 0)
			len = 1;
		core_month_format(core_month_make(v->year, i + 1), m);
		fprintf(f, "%s ", m);
		for (int k = 0; k < len; k++)
			fputs(actual_month(v, i) ? full : light, f);
		fprintf(f, "%*s %16s\n", TEXT_BAR - len, "", grouped(y->amount[i], b1));
	}
	fprintf(f, "%s %s   %s %s\n", full, _("actual"), light, _("projected"));
}

/* ---- the SVG chart ------------------------------------------------------------ */

static const char *tr_gettext(const char *msgid)
{
	return _(msgid);
}

static ds_status svg_chart(const budget_view *v, const char *path, ds_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ds_status st;
	if (!f)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	county_budget_svg(f, &v->b->year, v->year, v->this_month, tr_gettext);
	if (fclose(f)) {
		free(buf);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	st = store_write_file_atomic(path, buf, len, err);
	free(buf);
	return st;
}

/* ---- JSON ---------------------------------------------------------------------- */

static json_t *money_json(core_fen f)
{
	char b[CORE_MONEY_BUF];
	core_money_format(f, b);
	return json_string(b);
}

static json_t *months_json(const budget_view *v)
{
	const core_budget_year *y = &v->b->year;
	json_t *arr = json_array();
	for (int i = 0; arr && i < CORE_BUDGET_MONTHS; i++) {
		char m[8];
		core_month_format(core_month_make(v->year, i + 1), m);
		json_array_append_new(
		        arr, json_pack("{s:s, s:s, s:o, s:I, s:I, s:I}", "month", m, "kind",
		                       county_budget_kind(v->year, v->this_month, i),
		                       "amount", money_json(y->amount[i]), "households",
		                       (json_int_t)y->households[i], "regular",
		                       (json_int_t)y->regular[i], "withdrawal",
		                       (json_int_t)y->withdrawal[i]));
	}
	return arr;
}

static json_t *standards_json(const budget_view *v)
{
	const core_budget_year *y = &v->b->year;
	json_t *arr = json_array();
	for (size_t r = 0; arr && r < y->n_standards; r++) {
		const core_budget_standard *bs = &y->standards[r];
		json_t *ms = json_array();
		for (int i = 0; ms && i < CORE_BUDGET_MONTHS; i++) {
			char m[8], from[11];
			core_month_format(core_month_make(v->year, i + 1), m);
			core_date_format(bs->base[i]->from, from);
			json_array_append_new(
			        ms, json_pack("{s:s, s:o, s:s, s:s, s:o, s:i, s:i}", "month", m,
			                      "monthly", money_json(bs->monthly[i]), "base_prefix",
			                      bs->base[i]->prefix, "base_from", from,
			                      "base_monthly", money_json(bs->base[i]->monthly),
			                      "adjust_permille", bs->base[i]->adjust_permille,
			                      "years", bs->years[i]));
		}
		json_array_append_new(arr, json_pack("{s:s, s:o}", "region", bs->region,
		                                     "months", ms));
	}
	return arr;
}

static json_t *whatif_json(const budget_view *v)
{
	const core_budget_whatif *w = &v->b->whatif;
	json_t *ms = json_array();
	for (int i = 0; ms && i < CORE_BUDGET_MONTHS; i++) {
		char m[8];
		core_month_format(core_month_make(v->year, i + 1), m);
		json_array_append_new(
		        ms, json_pack("{s:s, s:o, s:o, s:o, s:I, s:I}", "month", m, "current",
		                      money_json(w->current.amount[i]), "proposed",
		                      money_json(w->proposed.amount[i]), "difference",
		                      money_json(w->proposed.amount[i] - w->current.amount[i]),
		                      "households_current", (json_int_t)w->current.households[i],
		                      "households_proposed",
		                      (json_int_t)w->proposed.households[i]));
	}
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o}",
	                 "policy", v->proposed->version, "current_policy",
	                 v->b->current->version, "households", (json_int_t)w->households,
	                 "enter", (json_int_t)w->enter, "leave", (json_int_t)w->leave,
	                 "change", (json_int_t)(w->up + w->down), "up", (json_int_t)w->up,
	                 "down", (json_int_t)w->down, "same", (json_int_t)w->same,
	                 "months", ms, "current_total",
	                 money_json(core_budget_total(&w->current)), "proposed_total",
	                 money_json(core_budget_total(&w->proposed)), "difference",
	                 money_json(core_budget_total(&w->proposed) -
	                            core_budget_total(&w->current)));
}

static int print_json(const budget_view *v, const assumption *as, size_t n_as)
{
	json_t *root, *a = json_array(), *w = json_array();
	char on[11], *text;
	core_date_format(v->b->on, on);
	for (size_t i = 0; a && i < n_as; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "code", as[i].code,
		                                   "text", as[i].text));
	for (size_t i = 0; w && i < v->n_stale && i < STALE_MAX; i++) {
		const core_budget_stale *s = &v->stale[i];
		char from[11], m[8], *t = stale_text(s);
		core_date_format(s->standard->from, from);
		core_month_format(s->month, m);
		json_array_append_new(
		        w, json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:i, s:s, s:o, s:i, s:s}",
		                     "code", "stale_standard", "region", s->region, "prefix",
		                     s->standard->prefix, "name", s->standard->name,
		                     "monthly", money_json(s->standard->monthly), "from", from,
		                     "adjust_permille", s->standard->adjust_permille,
		                     "month", m, "projected", money_json(s->projected),
		                     "years_missed", s->years, "text", t ? t : ""));
		free(t);
	}
	root = json_pack("{s:i, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "year", v->year,
	                 "as_of", on, "policy", v->b->current->version, "months",
	                 months_json(v), "total", money_json(core_budget_total(&v->b->year)),
	                 "standards", standards_json(v), "assumptions", a, "warnings", w);
	if (root)
		json_object_set_new(
		        root, "cases",
		        json_pack("{s:I, s:I, s:I, s:I}", "households",
		                  (json_int_t)v->b->households, "receiving",
		                  (json_int_t)v->b->receiving, "in_transition",
		                  (json_int_t)v->b->in_transition, "suspended",
		                  (json_int_t)v->b->suspended));
	if (root && v->proposed)
		json_object_set_new(root, "whatif", whatif_json(v));
	if (!root || !(text = json_dumps(root, JSON_INDENT(2)))) {
		json_decref(root);
		return county_usage_fail("json", _("out of memory"));
	}
	puts(text);
	free(text);
	json_decref(root);
	return 0;
}

/* ---- text ---------------------------------------------------------------------- */

/* An item of a list, "  - " then the text wrapped within 80 columns. */
static void print_item(const char *mark, const char *text)
{
	const char *s = text ? text : "", *next;
	bool first = true;
	do {
		size_t n = text_wrap(s, 80 - 4, &next);
		printf("%s%.*s\n", first ? mark : "    ", (int)n, s);
		first = false;
		s = next;
	} while (s && *s);
}

/* A heading in width display columns, to the left when width < 0. */
static const char *col(char out[64], const char *s, int width)
{
	if (width < 0)
		text_fit(out, 64, s, -width, true);
	else
		text_fit_right(out, 64, s, width);
	return out;
}

static void print_text(const budget_view *v, const assumption *as, size_t n_as)
{
	const core_budget_year *y = &v->b->year;
	char b1[CORE_MONEY_BUF], b2[CORE_MONEY_BUF], b3[CORE_MONEY_BUF];
	char h1[64], h2[64], h3[64], h4[64];
	printf(_("Budget for %d under policy %s\n"), v->year, v->b->current->version);
	printf("\n%s\n", _("Assumptions:"));
	for (size_t i = 0; i < n_as; i++)
		print_item("  - ", as[i].text);
	if (v->n_stale) {
		printf("\n%s\n", _("Warnings:"));
		for (size_t i = 0; i < v->n_stale && i < STALE_MAX; i++) {
			char *t = stale_text(&v->stale[i]);
			print_item("  ! ", t);
			free(t);
		}
	}
	printf("\n%s %s %s\n", col(h1, _("Month"), -8), col(h2, _("Households"), 10),
	       col(h3, _("Outlay"), 16));
	for (int i = 0; i < CORE_BUDGET_MONTHS; i++) {
		char m[8];
		core_month_format(core_month_make(v->year, i + 1), m);
		printf("%-8s %10lld %16s  %s\n", m, (long long)y->households[i],
		       grouped(y->amount[i], b1), actual_month(v, i) ? _("actual") : _("projected"));
	}
	printf("%s %10s %16s\n", col(h1, _("Year"), -8), "", grouped(core_budget_total(y), b1));
	text_chart(v, stdout);
	if (v->proposed) {
		const core_budget_whatif *w = &v->b->whatif;
		char on[11];
		core_date_format(v->b->on, on);
		char *head = appendf(NULL, _("What-if: policy %s proposed against %s, every household assessed on %s under each:"),
		                     v->proposed->version, v->b->current->version, on);
		printf("\n");
		print_item("", head);
		free(head);
		printf(_("  %lld enter (eligible under the proposed policy, not now)\n"), (long long)w->enter);
		printf(_("  %lld leave (eligible now, not under the proposed policy)\n"), (long long)w->leave);
		printf(_("  %lld change amount (%lld up, %lld down); %lld unchanged\n"),
		       (long long)(w->up + w->down), (long long)w->up, (long long)w->down,
		       (long long)w->same);
		printf("\n%s %s %s %s\n", col(h1, _("Month"), -8), col(h2, _("Now"), 16),
		       col(h3, _("Proposed"), 16), col(h4, _("Difference"), 16));
		for (int i = 0; i < CORE_BUDGET_MONTHS; i++) {
			char m[8];
			core_month_format(core_month_make(v->year, i + 1), m);
			printf("%-8s %16s %16s %16s\n", m, grouped(w->current.amount[i], b1),
			       grouped(w->proposed.amount[i], b2),
			       grouped(w->proposed.amount[i] - w->current.amount[i], b3));
		}
		printf("%s %16s %16s %16s\n", col(h1, _("Year"), -8), grouped(core_budget_total(&w->current), b1),
		       grouped(core_budget_total(&w->proposed), b2),
		       grouped(core_budget_total(&w->proposed) - core_budget_total(&w->current), b3));
	}
}

/* ---- the command ----------------------------------------------------------------- */

static ds_status read_policy(const char *path, core_policy *p, ds_error *err)
{
	char *text = NULL;
	size_t len = 0;
	ds_status st;
	if ((st = store_read_file(path, POLICY_FILE_MAX, &text, &len, err)))
		return st;
	st = store_policy_parse(text, len, path, p, err);
	free(text);
	return st;
}

int county_cmd_budget(const county_args *a)
{
	const char *ys = county_opt(a, "year"), *pf = county_opt(a, "policy"),
	           *svg = county_opt(a, "svg");
	core_policy proposed;
	budget_view v;
	store_budget b;
	assumption as[ASSUMPTIONS_MAX];
	size_t n_as;
	ds_store *s = NULL;
	ds_error err;
	ds_status st;
	int rc = 0;
	char *end;
	long year;
	if (!ys || !*ys)
		return county_usage_fail("--year", _("is needed, e.g. --year 2026"));
	year = strtol(ys, &end, 10);
	if (strlen(ys) != 4 || *end || year < 2000 || year > 2100)
		return county_usage_fail("--year", _("must be a year from 2000 to 2100, e.g. 2026"));
	if (pf && !*pf)
		return county_usage_fail("--policy", _("needs a policy file"));
	if (svg && !*svg)
		return county_usage_fail("--svg", _("needs a file name"));
	memset(&v, 0, sizeof(v));
	v.year = (int)year;
	core_policy_init(&proposed);
	if (pf) {
		if ((st = read_policy(pf, &proposed, &err)))
			return county_fail(&err);
		v.proposed = &proposed;
	}
	if ((st = county_open(a, &s, &err))) {
		core_policy_free(&proposed);
		return county_fail(&err);
	}
	v.today = store_today(s);
	st = county_budget_year(s, v.year, v.proposed, &b, &v.this_month, &err);
	store_close(&s);
	if (st) {
		core_policy_free(&proposed);
		return county_fail(&err);
	}
	v.b = &b;
	v.n_stale = core_budget_stale_list(&b.year, v.stale, STALE_MAX);
	n_as = assumptions(&v, as);
	for (size_t i = 0; i < n_as; i++)
		if (!as[i].text) {
			rc = county_usage_fail("budget", _("out of memory"));
			goto done;
		}
	if (svg && (st = svg_chart(&v, svg, &err))) {
		rc = county_fail(&err);
		goto done;
	}
	if (county_opt(a, "json"))
		rc = print_json(&v, as, n_as);
	else
		print_text(&v, as, n_as);
done:
	for (size_t i = 0; i < n_as; i++)
		free(as[i].text);
	store_budget_free(&b);
	core_policy_free(&proposed);
	return rc;
}
