/* cli_crosscheck.c — cross-checks: importing another department's CSV
 * extract, and the list of flags it raised for review. */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/crosscheck.h"
#include "store/store.h"
#include "tui/cli.h"
#include "tui/i18n.h"
#include "tui/text.h"

/* ---- words ------------------------------------------------------------------ */

static const struct {
	const char *rule;
	const char *words;
	/* The evidence in a sentence: the file and its lines, then the
	 * figures named in fig[], in that order. */
	const char *summary;
	const char *fig[5];
} rules[] = {
	{"bank_inflow", N_("bank inflows above declared income"),
	 /* L10N: file:lines, average inflow, months, declared income, standard × members */
	 N_("%s:%s: inflows average %s yuan a month (months: %s); declared income %s yuan (all incomes, counted or not) + standard × members %s"),
	 {"inflow_average", "months", "declared_income", "standard_times_members", NULL}},
	{"undeclared_home", N_("home not declared"),
	 /* L10N: file:lines, properties registered, homes declared */
	 N_("%s:%s: properties registered: %s, homes declared: %s"),
	 {"registered", "declared", NULL}},
	{"undeclared_vehicle", N_("vehicle not declared"),
	 /* L10N: file:lines, vehicles registered, vehicles declared */
	 N_("%s:%s: vehicles registered: %s, declared: %s"),
	 {"registered", "declared", NULL}},
	{"undeclared_business", N_("business not declared"),
	 /* L10N: file:lines, business registrations */
	 N_("%s:%s: business registrations: %s, business income declared: none"),
	 {"registered", NULL}},
	{"contribution_above_wages", N_("social-insurance base above declared earned income"),
	 /* L10N: file:lines, how many rows are above the wages */
	 N_("%s:%s: rows with a contribution base above the declared earned income (wages, flexible work, business): %s"),
	 {"rows_above", NULL}},
	{"electricity_use", N_("high electricity use"),
	 /* L10N: file:lines, kWh per person a month, months, people, threshold */
	 N_("%s:%s: %s kWh a person a month (months: %s, people: %s), above %s"),
	 {"use_per_person", "months", "members", "threshold", NULL}},
	{"water_use", N_("high water use"),
	 /* L10N: file:lines, m³ per person a month, months, people, threshold */
	 N_("%s:%s: %s m³ of water a person a month (months: %s, people: %s), above %s"),
	 {"use_per_person", "months", "members", "threshold", NULL}},
	{"gas_use", N_("high gas use"),
	 /* L10N: file:lines, m³ per person a month, months, people, threshold */
	 N_("%s:%s: %s m³ of gas a person a month (months: %s, people: %s), above %s"),
	 {"use_per_person", "months", "members", "threshold", NULL}},
	/* the province's: no file and no lines before the figures */
	{"enrolled_elsewhere", N_("paid in another county in the same month"),
	 /* L10N: the member's name, the month (YYYY-MM), the other county's code, its household id */
	 N_("the province found %s paid in %s by this county and by county %s too (household %s there): ask the other county before anything changes"),
	 {"name", "month", "other_county", "other_household", NULL}},
};
#define N_RULES (sizeof(rules) / sizeof(rules[0]))

const char *cli_crosscheck_rule(const char *rule)
{
	for (size_t i = 0; rule && i < N_RULES; i++)
		if (!strcmp(rules[i].rule, rule))
			return _(rules[i].words);
	return NULL;
}

/* "2,3,5" */
static void evidence_lines(json_t *ev, char *out, size_t len)
{
	json_t *e;
	size_t i;
	out[0] = '\0';
	json_array_foreach(ev, i, e) {
		size_t n = strlen(out);
		char num[32];
		snprintf(num, sizeof(num), "%s%lld", i ? "," : "",
		         (long long)json_integer_value(json_object_get(e, "line")));
		if (n + strlen(num) + 5 >= len) {
			snprintf(out + n, len - n, ",…");
			return;
		}
		snprintf(out + n, len - n, "%s", num);
	}
}

void cli_crosscheck_summary(json_t *flag, char *out, size_t len)
{
	const char *rule = json_string_value(json_object_get(flag, "rule"));
	const char *file = json_string_value(json_object_get(flag, "file"));
	json_t *figs = json_object_get(flag, "figures");
	const char *v[5] = {"", "", "", "", ""};
	char lines[256];
	evidence_lines(json_object_get(flag, "evidence"), lines, sizeof(lines));
	for (size_t i = 0; i < N_RULES; i++) {
		if (strcmp(rules[i].rule, rule))
			continue;
		for (int k = 0; k < 5 && rules[i].fig[k]; k++) {
			const char *x = json_string_value(
			        json_object_get(figs, rules[i].fig[k]));
			/* the province's flags name the member in their evidence */
			if (!x && !strcmp(rules[i].fig[k], "name"))
				x = json_string_value(json_object_get(
				        json_array_get(json_object_get(flag, "evidence"), 0), "name"));
			v[k] = x ? x : "?";
		}
		if (!file)
			snprintf(out, len, _(rules[i].summary), v[0], v[1], v[2], v[3], v[4]);
		else
			snprintf(out, len, _(rules[i].summary), file, lines, v[0], v[1],
			         v[2], v[3], v[4]);
		return;
	}
	snprintf(out, len, "%s:%s", file ? file : "", lines);
}

/* ---- import ------------------------------------------------------------------- */

static void print_invalid(const ds_error *err, void *ctx)
{
	(void)ctx;
	cli_error(err);
}

int cmd_crosscheck_import(cli *c)
{
	const char *src_id = cli_opt(c, "source"), *path = c->pos[0];
	bool skip = cli_flag(c, "skip-invalid");
	store_xc_report rep;
	ds_store *s = NULL;
	ds_error err;
	int src, rc = 0;
	char a[24], b[24];

	if (!src_id)
		return cli_fail(DS_EUSAGE, "--source", N_("is needed: one of %s"),
		                core_xc_source_allowed());
	if ((src = core_xc_source_lookup(src_id)) < 0)
		return cli_fail(DS_EUSAGE, "--source", N_("the source is one of: %s"),
		                core_xc_source_allowed());
	/* A file that cannot be read is named before the passphrase is
	 * asked for. */
	if (access(path, R_OK) != 0)
		return cli_fail(DS_EINPUT, path, N_("cannot open the file: %s"),
		                strerror(errno));
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_crosscheck_import(s, (core_xc_source)src, path, skip,
	                            print_invalid, NULL, &rep, &err)) {
		if (err.status == DS_EINPUT && rep.invalid && !skip) {
			ds_error sum;
			snprintf(a, sizeof(a), "%ld", rep.invalid);
			snprintf(b, sizeof(b), "%ld", rep.rows);
			ds_fail(&sum, DS_EINPUT, path,
			        N_("%s of %s rows are invalid (listed above); nothing was imported; --skip-invalid imports the valid rows"),
			        a, b);
			rc = cli_error(&sum);
		} else {
			rc = cli_error(&err);
		}
		store_close(&s);
		return rc;
	}
	if (rep.already) {
		printf(_("%s: already imported, nothing changed.\n"), path);
	} else {
		printf(_("Imported %s (%s, %s). Rows read: %ld; invalid, left out: %ld; kept, of people in the caseload: %ld (households: %ld); not kept, of others: %ld. Flags raised: %ld.\n"),
		       path, core_xc_source_id((core_xc_source)src), rep.encoding,
		       rep.rows, rep.invalid, rep.kept, rep.households,
		       rep.rows - rep.invalid - rep.kept, rep.flags);
	}
	store_close(&s);
	return 0;
}

/* ---- list --------------------------------------------------------------------- */

typedef struct {
	ds_store *s;
	bool json;
	long count;
	char last_id[STORE_ID_BUF];
	char head[CORE_NAME_MAX];
} list_ctx;

/* The head's name, read once for consecutive flags of one household. */
static ds_status head_name(list_ctx *x, const char *household, ds_error *err)
{
	store_household_row row;
	ds_status st;
	if (!strcmp(x->last_id, household))
		return DS_OK;
	if ((st = store_household_get(x->s, household, &row, err)))
		return st;
	snprintf(x->head, sizeof(x->head), "%s",
	         row.h.n_members ? row.h.members[core_household_head(&row.h)].name
	                         : "");
	snprintf(x->last_id, sizeof(x->last_id), "%s", household);
	store_row_free(&row);
	return DS_OK;
}

typedef struct {
	list_ctx *x;
	ds_error *err;
} each_ctx;

static ds_status list_one(int64_t seq, const char *household, json_t *flag,
                          void *vctx)
{
	each_ctx *e = vctx;
	list_ctx *x = e->x;
	const char *rule = json_string_value(json_object_get(flag, "rule"));
	const char *words = cli_crosscheck_rule(rule);
	ds_status st;

	if ((st = head_name(x, household, e->err)))
		return st;
	if (x->json) {
		json_t *j = json_object();
		char *text;
		if (!j)
			return ds_fail(e->err, DS_ESYSTEM, "", N_("out of memory"));
		json_object_set_new(j, "seq", json_integer(seq));
		json_object_set_new(j, "household", json_string(household));
		json_object_set_new(j, "head", json_string(x->head));
		json_object_set_new(j, "rule", json_string(rule));
		json_object_set_new(j, "text", json_string(words ? words : rule));
		json_object_update(j, flag);
		text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(j);
		if (!text)
			return ds_fail(e->err, DS_ESYSTEM, "", N_("out of memory"));
		printf("%s%s", x->count ? ",\n" : "", text);
		free(text);
	} else {
		char name[128], summary[1024];
		text_fit(name, sizeof(name), x->head, 10, true);
		cli_crosscheck_summary(flag, summary, sizeof(summary));
		printf("%s  %s  %s: %s\n", household, name, words ? words : rule,
		       summary);
	}
	x->count++;
	return DS_OK;
}

int cmd_crosscheck_list(cli *c)
{
	ds_store *s = NULL;
	ds_error err;
	list_ctx x;
	each_ctx e = {&x, &err};
	ds_status st;

	memset(&x, 0, sizeof(x));
	x.json = cli_flag(c, "json");
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	x.s = s;
	if (x.json)
		printf("[");
	st = store_crosscheck_each(s, list_one, &e, &err);
	if (x.json)
		printf("]\n");
	else if (!st)
		printf(_("Flags to review: %ld\n"), x.count);
	store_close(&s);
	return st ? cli_error(&err) : 0;
}
