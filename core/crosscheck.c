/* crosscheck.c — other departments' extracts: sources, columns, rows, and
 * the rules that raise flags for review. */
#include "crosscheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* ---- sources, rules, columns ------------------------------------------------ */

static const struct {
	const char *id;
	core_xc_kind kind;
	core_xc_rule rule;
} sources[CORE_XC_SOURCE_COUNT] = {
#define X(e, id, kind, rule) {id, kind, CORE_XC_RULE_##rule},
	CORE_XC_SOURCE_LIST(X)
#undef X
};

static const char *const rule_ids[CORE_XC_RULE_COUNT] = {
#define X(e, id) id,
	CORE_XC_RULE_LIST(X)
#undef X
};

static const struct {
	const char *id, *zh, *zh2;
} columns[CORE_XC_COL_COUNT] = {
#define X(e, id, zh, zh2) {id, zh, zh2},
	CORE_XC_COLUMN_LIST(X)
#undef X
};

const char *core_xc_source_id(core_xc_source s)
{
	return (unsigned)s < CORE_XC_SOURCE_COUNT ? sources[s].id : "";
}

int core_xc_source_lookup(const char *id)
{
	for (int i = 0; id && i < CORE_XC_SOURCE_COUNT; i++)
		if (strcmp(sources[i].id, id) == 0)
			return i;
	return -1;
}

const char *core_xc_source_allowed(void)
{
	static _Thread_local char buf[160];
	if (!buf[0])
		for (int i = 0; i < CORE_XC_SOURCE_COUNT; i++) {
			size_t n = strlen(buf);
			snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? ", " : "",
			         sources[i].id);
		}
	return buf;
}

core_xc_kind core_xc_source_kind(core_xc_source s)
{
	return (unsigned)s < CORE_XC_SOURCE_COUNT ? sources[s].kind : CORE_XC_USE;
}

core_xc_rule core_xc_source_rule(core_xc_source s)
{
	return (unsigned)s < CORE_XC_SOURCE_COUNT ? sources[s].rule
	                                          : CORE_XC_RULE_ELECTRICITY_USE;
}

const char *core_xc_rule_id(core_xc_rule r)
{
	return (unsigned)r < CORE_XC_RULE_COUNT ? rule_ids[r] : "";
}

int core_xc_rule_lookup(const char *id)
{
	for (int i = 0; id && i < CORE_XC_RULE_COUNT; i++)
		if (strcmp(rule_ids[i], id) == 0)
			return i;
	return -1;
}

const char *core_xc_column_id(core_xc_column c)
{
	return (unsigned)c < CORE_XC_COL_COUNT ? columns[c].id : "";
}

/* A field with full-width forms folded and spaces trimmed, into buf;
 * false when it does not fit or is not UTF-8. */
static bool fold(const char *s, char *buf, size_t len, char **out)
{
	if (!s || !core_fold_fullwidth(s, buf, len))
		return false;
	*out = core_trim(buf);
	return true;
}

int core_xc_column_lookup(const char *header)
{
	char buf[256], *p;
	if (!fold(header, buf, sizeof(buf), &p))
		return -1;
	for (int i = 0; i < CORE_XC_COL_COUNT; i++) {
		const char *id = columns[i].id;
		size_t n = strlen(id), k;
		if (strlen(p) == n) {
			for (k = 0; k < n; k++) {
				char c = p[k];
				if (c >= 'A' && c <= 'Z')
					c = (char)(c - 'A' + 'a');
				if (c != id[k])
					break;
			}
			if (k == n)
				return i;
		}
		if (strcmp(p, columns[i].zh) == 0 ||
		    (columns[i].zh2 && strcmp(p, columns[i].zh2) == 0))
			return i;
	}
	return -1;
}

bool core_xc_column_required(core_xc_source s, core_xc_column c)
{
	if (c == CORE_XC_COL_ID_NUMBER)
		return true;
	if (core_xc_source_kind(s) == CORE_XC_REGISTRY)
		return c == CORE_XC_COL_DESCRIPTION || c == CORE_XC_COL_REGISTERED;
	return c == CORE_XC_COL_PERIOD || c == CORE_XC_COL_VALUE;
}

ds_status core_xc_header_map(core_xc_source src, const char *const *names,
                             size_t n, core_xc_header *out, ds_error *err)
{
	memset(out, 0, sizeof(*out));
	for (int c = 0; c < CORE_XC_COL_COUNT; c++)
		out->col[c] = -1;
	out->n_columns = n;
	for (size_t i = 0; i < n; i++) {
		int c = core_xc_column_lookup(names[i]);
		if (c < 0 || !core_xc_column_required(src, (core_xc_column)c))
			continue; /* extra: evidence */
		if (out->col[c] >= 0)
			return ds_fail(err, DS_EINPUT, columns[c].id,
			               N_("the header names this column twice"));
		out->col[c] = (int)i;
	}
	for (int c = 0; c < CORE_XC_COL_COUNT; c++)
		if (core_xc_column_required(src, (core_xc_column)c) &&
		    out->col[c] < 0)
			return ds_fail(err, DS_EINPUT, "",
			               N_("the header row has no %s column (or %s); a %s extract needs it"),
			               columns[c].id, columns[c].zh,
			               core_xc_source_id(src));
	return DS_OK;
}

bool core_xc_header_mapped(const core_xc_header *hd, size_t i)
{
	for (int c = 0; c < CORE_XC_COL_COUNT; c++)
		if (hd->col[c] >= 0 && (size_t)hd->col[c] == i)
			return true;
	return false;
}

/* ---- rows ------------------------------------------------------------------ */

ds_status core_xc_decimal_parse(const char *s, int64_t *out,
                                const char *field, ds_error *err)
{
	char buf[64], *p;
	int64_t whole = 0, frac = 0;
	int decimals = 0, group = 0;
	bool digit = false, comma = false;

	if (!s || !*s)
		return ds_fail(err, DS_EINPUT, field, N_("a number is needed"));
	if (strlen(s) >= sizeof(buf) / 2 || !fold(s, buf, sizeof(buf), &p))
		return ds_fail(err, DS_EINPUT, field, N_("not a number: %s"), s);
	if (!*p)
		return ds_fail(err, DS_EINPUT, field, N_("a number is needed"));
	if (*p == '-')
		return ds_fail(err, DS_EINPUT, field,
		               N_("%s is negative; it cannot be below zero"), s);
	if (*p == '+')
		p++;
	for (; *p && *p != '.'; p++) {
		if (*p == ',') {
			/* Thousands separators: 1-3 digits first, then threes. */
			if (!digit || (comma ? group != 3 : group > 3))
				return ds_fail(err, DS_EINPUT, field,
				               N_("not a number: %s"), s);
			comma = true;
			group = 0;
			continue;
		}
		if (*p < '0' || *p > '9')
			return ds_fail(err, DS_EINPUT, field, N_("not a number: %s"), s);
		digit = true;
		group++;
		whole = whole * 10 + (*p - '0');
		if (whole > CORE_XC_VALUE_MAX / 100)
			return ds_fail(err, DS_EINPUT, field, N_("%s is too large"), s);
	}
	if (comma && group != 3)
		return ds_fail(err, DS_EINPUT, field, N_("not a number: %s"), s);
	if (*p == '.') {
		for (p++; *p; p++) {
			if (*p < '0' || *p > '9')
				return ds_fail(err, DS_EINPUT, field,
				               N_("not a number: %s"), s);
			if (++decimals > 2)
				return ds_fail(err, DS_EINPUT, field,
				               N_("%s has more than two decimals"), s);
			frac = frac * 10 + (*p - '0');
			digit = true;
		}
	}
	if (!digit)
		return ds_fail(err, DS_EINPUT, field, N_("not a number: %s"), s);
	if (decimals == 1)
		frac *= 10;
	*out = whole * 100 + frac;
	return DS_OK;
}

ds_status core_xc_row_parse(core_xc_source src, const core_xc_header *hd,
                            const char *const *fields, size_t n,
                            core_date today, core_xc_row *out, ds_error *err)
{
	char buf[CORE_TEXT_MAX * 2], *p, a[24], b[24];
	ds_status st;

	memset(out, 0, sizeof(*out));
	if (n != hd->n_columns) {
		snprintf(a, sizeof(a), "%zu", n);
		snprintf(b, sizeof(b), "%zu", hd->n_columns);
		return ds_fail(err, DS_EINPUT, "",
		               N_("this row has %s fields; the header has %s"), a, b);
	}
	if ((st = core_idnum_parse(fields[hd->col[CORE_XC_COL_ID_NUMBER]], today,
	                           out->id_number, "id_number", err)))
		return st;
	if (core_xc_source_kind(src) == CORE_XC_REGISTRY) {
		const char *d = fields[hd->col[CORE_XC_COL_DESCRIPTION]];
		if (strlen(d) >= sizeof(buf))
			return core_text_check(d, CORE_TEXT_MAX, true, "description",
			                       err);
		snprintf(buf, sizeof(buf), "%s", d);
		p = core_trim(buf);
		if ((st = core_text_check(p, CORE_TEXT_MAX, true, "description",
		                          err)))
			return st;
		snprintf(out->description, sizeof(out->description), "%s", p);
		if (!fold(fields[hd->col[CORE_XC_COL_REGISTERED]], buf,
		          sizeof(buf), &p))
			p = (char *)fields[hd->col[CORE_XC_COL_REGISTERED]];
		if ((st = core_date_parse(p, &out->registered, "registered", err)))
			return st;
		if (today >= 0 && out->registered > today)
			return ds_fail(err, DS_EINPUT, "registered",
			               N_("%s is after today"), p);
		return DS_OK;
	}
	if (!fold(fields[hd->col[CORE_XC_COL_PERIOD]], buf, sizeof(buf), &p))
		p = (char *)fields[hd->col[CORE_XC_COL_PERIOD]];
	if ((st = core_month_parse(p, &out->period, "period", err)))
		return st;
	if (today >= 0 && out->period > core_month_of_date(today))
		return ds_fail(err, DS_EINPUT, "period",
		               N_("%s is after this month"), p);
	if (core_xc_source_kind(src) == CORE_XC_MONEY)
		return core_money_parse(fields[hd->col[CORE_XC_COL_VALUE]], false,
		                        &out->value, "value", err);
	return core_xc_decimal_parse(fields[hd->col[CORE_XC_COL_VALUE]],
	                             &out->value, "value", err);
}

int core_xc_months(const core_xc_row *rows, size_t n)
{
	int count = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k;
		for (k = 0; k < i; k++)
			if (rows[k].period == rows[i].period)
				break;
		if (k == i)
			count++;
	}
	return count;
}

int core_xc_member_of(const core_household *h, const char *id_number)
{
	for (size_t i = 0; i < h->n_members; i++)
		if (strcmp(h->members[i].id_number, id_number) == 0)
			return (int)i;
	return -1;
}

/* ---- rules ------------------------------------------------------------------- */

void core_xc_limits_from_policy(const core_policy *p, core_fen standard,
                                core_xc_limits *out)
{
	memset(out, 0, sizeof(*out));
	out->standard = standard;
	out->electricity = p->crosscheck.electricity;
	out->water = p->crosscheck.water;
	out->gas = p->crosscheck.gas;
	for (int i = 0; i < CORE_INCOME_COUNT; i++)
		out->counted[i] = p->income.counted[i];
}

void core_xc_flag_init(core_xc_flag *f)
{
	memset(f, 0, sizeof(*f));
}

void core_xc_flag_free(core_xc_flag *f)
{
	if (!f)
		return;
	free(f->evidence);
	f->evidence = NULL;
	f->n_evidence = 0;
}

const char *core_xc_figure(const core_xc_flag *f, const char *name)
{
	for (int i = 0; i < f->n_figures; i++)
		if (strcmp(f->figures[i].name, name) == 0)
			return f->figures[i].value;
	return NULL;
}

static void fig_text(core_xc_flag *f, const char *name, const char *value)
{
	if (f->n_figures >= CORE_XC_FIGURES)
		return;
	f->figures[f->n_figures].name = name;
	snprintf(f->figures[f->n_figures].value, CORE_XC_FIGURE_BUF, "%s", value);
	f->n_figures++;
}

static void fig_int(core_xc_flag *f, const char *name, long long v)
{
	char b[CORE_XC_FIGURE_BUF];
	snprintf(b, sizeof(b), "%lld", v);
	fig_text(f, name, b);
}

/* Amounts and uses alike: hundredths as "1234.50". */
static void fig_cents(core_xc_flag *f, const char *name, int64_t v)
{
	char b[CORE_MONEY_BUF];
	core_money_format(v, b);
	fig_text(f, name, b);
}

static int64_t add_sat(int64_t a, int64_t b)
{
	int64_t r;
	return __builtin_add_overflow(a, b, &r) ? INT64_MAX : r;
}

/* What a rule sees: the rows of h's members, with their member index. */
typedef struct {
	const core_household *h;
	core_xc_source src;
	const core_xc_row *rows;
	size_t n;           /* member rows */
	size_t *idx;        /* their indices into rows */
	size_t *member;     /* and their members */
	int months;
	const core_xc_limits *lim;
} rule_in;

static ds_status evidence_add(core_xc_flag *f, size_t cap, size_t row,
                              size_t member, bool has_compared,
                              core_fen compared, ds_error *err)
{
	if (!f->evidence &&
	    !(f->evidence = calloc(cap ? cap : 1, sizeof(*f->evidence))))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	f->evidence[f->n_evidence].row = row;
	f->evidence[f->n_evidence].member = member;
	f->evidence[f->n_evidence].has_compared = has_compared;
	f->evidence[f->n_evidence].compared = compared;
	f->n_evidence++;
	return DS_OK;
}

/* Every member row is evidence. */
static ds_status all_evidence(const rule_in *in, core_xc_flag *f,
                              ds_error *err)
{
	ds_status st;
	for (size_t i = 0; i < in->n; i++)
		if ((st = evidence_add(f, in->n, in->idx[i], in->member[i], false, 0,
		                       err)))
			return st;
	return DS_OK;
}

static int member_months(const rule_in *in)
{
	int count = 0;
	for (size_t i = 0; i < in->n; i++) {
		size_t k;
		for (k = 0; k < i; k++)
			if (in->rows[in->idx[k]].period == in->rows[in->idx[i]].period)
				break;
		if (k == i)
			count++;
	}
	return count;
}

static ds_status rule_bank(const rule_in *in, bool *raised, core_xc_flag *f,
                           ds_error *err)
{
	const core_household *h = in->h;
	int64_t total = 0, limit, scaled, n = (int64_t)h->n_members;
	core_fen declared = 0, counted = 0, not_counted = 0, sxn;
	int months = in->months > 0 ? in->months : member_months(in);

	for (size_t i = 0; i < in->n; i++)
		total = add_sat(total, in->rows[in->idx[i]].value);
	for (size_t i = 0; i < h->n_members; i++)
		for (size_t k = 0; k < h->members[i].n_incomes; k++) {
			const core_income *inc = &h->members[i].incomes[k];
			core_fen monthly = core_income_declared(h, &h->members[i], inc);
			declared += monthly;
			if (in->lim->counted[inc->source])
				counted += monthly;
			else
				not_counted += monthly;
		}
	sxn = in->lim->standard * n;
	limit = declared + sxn;
	/* average - declared > S x n, without dividing: total > months x
	 * (declared + S x n). A product past int64 is more than any total. */
	if (months < 1 || __builtin_mul_overflow(limit, (int64_t)months, &scaled) ||
	    total <= scaled)
		return DS_OK;
	*raised = true;
	fig_int(f, "months", months);
	fig_cents(f, "inflow_total", total);
	fig_cents(f, "inflow_average", total / months);
	fig_cents(f, "declared_income", declared);
	fig_cents(f, "declared_counted", counted);
	fig_cents(f, "declared_not_counted", not_counted);
	fig_cents(f, "standard", in->lim->standard);
	fig_int(f, "members", (long long)n);
	fig_cents(f, "standard_times_members", sxn);
	fig_cents(f, "limit", limit);
	return all_evidence(in, f, err);
}

static int distinct_descriptions(const rule_in *in)
{
	int count = 0;
	for (size_t i = 0; i < in->n; i++) {
		size_t k;
		for (k = 0; k < i; k++)
			if (strcmp(in->rows[in->idx[k]].description,
			           in->rows[in->idx[i]].description) == 0)
				break;
		if (k == i)
			count++;
	}
	return count;
}

/* Homes and vehicles: a co-owned one is listed once per owner, so the
 * distinct descriptions are what is registered. */
static ds_status rule_registry(const rule_in *in, bool *raised,
                               core_xc_flag *f, ds_error *err)
{
	int registered = distinct_descriptions(in);
	int declared = in->src == CORE_XC_PROPERTY ? in->h->homes
	                                           : (int)in->h->n_vehicles;
	if (registered <= declared)
		return DS_OK;
	*raised = true;
	fig_int(f, "registered", registered);
	fig_int(f, "declared", declared);
	return all_evidence(in, f, err);
}

static ds_status rule_business(const rule_in *in, bool *raised,
                               core_xc_flag *f, ds_error *err)
{
	const core_household *h = in->h;
	if (!in->n)
		return DS_OK;
	for (size_t i = 0; i < h->n_members; i++)
		for (size_t k = 0; k < h->members[i].n_incomes; k++)
			if (h->members[i].incomes[k].source == CORE_INCOME_BUSINESS)
				return DS_OK;
	*raised = true;
	fig_int(f, "registered", distinct_descriptions(in));
	fig_cents(f, "declared_business_income", 0);
	return all_evidence(in, f, err);
}

/* What a contribution base is set against: all the member's declared
 * earned income — wages, and what flexible workers and the self-employed
 * earn, who choose their own base. */
static bool earned(core_income_source src)
{
	return src == CORE_INCOME_WAGES || src == CORE_INCOME_FLEXIBLE_WORK ||
	       src == CORE_INCOME_BUSINESS;
}

static core_fen member_earned(const core_household *h, const core_member *m)
{
	core_fen w = 0;
	for (size_t k = 0; k < m->n_incomes; k++)
		if (earned(m->incomes[k].source))
			w += core_income_declared(h, m, &m->incomes[k]);
	return w;
}

static ds_status rule_social(const rule_in *in, bool *raised, core_xc_flag *f,
                             ds_error *err)
{
	int rows = 0, members = 0;
	bool seen[CORE_MEMBERS_MAX] = {false};
	ds_status st;
	for (size_t i = 0; i < in->n; i++) {
		size_t m = in->member[i];
		core_fen wages = member_earned(in->h, &in->h->members[m]);
		if (in->rows[in->idx[i]].value <= wages)
			continue;
		if ((st = evidence_add(f, in->n, in->idx[i], m, true, wages, err)))
			return st;
		rows++;
		if (m < CORE_MEMBERS_MAX && !seen[m]) {
			seen[m] = true;
			members++;
		}
	}
	if (!rows)
		return DS_OK;
	*raised = true;
	fig_int(f, "rows_above", rows);
	fig_int(f, "members_above", members);
	return DS_OK;
}

static ds_status rule_use(const rule_in *in, bool *raised, core_xc_flag *f,
                          ds_error *err)
{
	int threshold = in->src == CORE_XC_ELECTRICITY ? in->lim->electricity
	                : in->src == CORE_XC_WATER     ? in->lim->water
	                                               : in->lim->gas;
	int months = in->months > 0 ? in->months : member_months(in);
	int64_t total = 0, n = (int64_t)in->h->n_members, scaled;
	if (threshold <= 0 || months < 1 || n < 1)
		return DS_OK; /* 0: the policy does not check this utility */
	for (size_t i = 0; i < in->n; i++)
		total = add_sat(total, in->rows[in->idx[i]].value);
	/* average per person > threshold, in hundredths and without
	 * dividing: total > threshold x 100 x months x members. */
	if (__builtin_mul_overflow((int64_t)threshold * 100, (int64_t)months * n,
	                           &scaled) ||
	    total <= scaled)
		return DS_OK;
	*raised = true;
	fig_int(f, "months", months);
	fig_int(f, "members", (long long)n);
	fig_cents(f, "use_total", total);
	fig_cents(f, "use_per_person", total / (months * n));
	fig_int(f, "threshold", threshold);
	return all_evidence(in, f, err);
}

typedef ds_status (*rule_fn)(const rule_in *in, bool *raised,
                             core_xc_flag *f, ds_error *err);

/* The rule of each source. */
static const rule_fn rule_fns[CORE_XC_SOURCE_COUNT] = {
	[CORE_XC_ELECTRICITY] = rule_use,
	[CORE_XC_WATER] = rule_use,
	[CORE_XC_GAS] = rule_use,
	[CORE_XC_BANK] = rule_bank,
	[CORE_XC_PROPERTY] = rule_registry,
	[CORE_XC_VEHICLE] = rule_registry,
	[CORE_XC_BUSINESS] = rule_business,
	[CORE_XC_SOCIAL_INSURANCE] = rule_social,
};

ds_status core_crosscheck(const core_household *h, core_xc_source src,
                          const core_xc_row *rows, size_t n, int months,
                          const core_xc_limits *lim, bool *raised,
                          core_xc_flag *out, ds_error *err)
{
	rule_in in;
	ds_status st;

	*raised = false;
	core_xc_flag_init(out);
	if ((unsigned)src >= CORE_XC_SOURCE_COUNT || !h || !lim)
		return ds_fail(err, DS_EUSAGE, "", N_("internal error: no such cross-check"));
	out->source = src;
	out->rule = sources[src].rule;
	memset(&in, 0, sizeof(in));
	in.h = h;
	in.src = src;
	in.rows = rows;
	in.months = months;
	in.lim = lim;
	if (!n || !h->n_members)
		return DS_OK;
	in.idx = malloc(n * sizeof(*in.idx));
	in.member = malloc(n * sizeof(*in.member));
	if (!in.idx || !in.member) {
		free(in.idx);
		free(in.member);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	for (size_t i = 0; i < n; i++) {
		int m = core_xc_member_of(h, rows[i].id_number);
		if (m < 0)
			continue;
		in.idx[in.n] = i;
		in.member[in.n] = (size_t)m;
		in.n++;
	}
	st = in.n ? rule_fns[src](&in, raised, out, err) : DS_OK;
	free(in.idx);
	free(in.member);
	if (st || !*raised) {
		*raised = false;
		core_xc_flag_free(out);
		core_xc_flag_init(out);
		out->source = src;
		out->rule = sources[src].rule;
	}
	return st;
}

/* ---- the province's finding --------------------------------------------------- */

/* A county's code: six digits. */
static bool county_code(const char *s)
{
	size_t n = 0;
	for (; s && s[n]; n++)
		if (s[n] < '0' || s[n] > '9')
			return false;
	return n == 6;
}

/* A household's id in another county: letters and digits (the random ids
 * every store makes), at most a figure's width. */
static bool household_id(const char *s)
{
	size_t n = 0;
	for (; s && s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'z') ||
		      (s[n] >= 'A' && s[n] <= 'Z')))
			return false;
	return n > 0 && n < CORE_XC_FIGURE_BUF;
}

ds_status core_xc_elsewhere(const core_household *h, size_t member,
                            core_month month, const char *county,
                            const char *household, core_xc_flag *out,
                            ds_error *err)
{
	char m[8];
	core_xc_flag_init(out);
	if (!h || member >= h->n_members)
		return ds_fail(err, DS_EINPUT, "member",
		               N_("the person the province found is not a member of this household"));
	if (!county_code(county))
		return ds_fail(err, DS_EINPUT, "county", N_("a county's code is six digits"));
	if (!household_id(household))
		return ds_fail(err, DS_EINPUT, "household",
		               N_("a household's id is letters and digits"));
	if (!(out->evidence = calloc(1, sizeof(*out->evidence))))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	out->rule = CORE_XC_RULE_ENROLLED_ELSEWHERE;
	out->source = CORE_XC_SOURCE_COUNT; /* the province, not an extract */
	core_month_format(month, m);
	fig_text(out, "month", m);
	fig_text(out, "other_county", county);
	fig_text(out, "other_household", household);
	out->evidence[0].member = member;
	out->n_evidence = 1;
	return DS_OK;
}
