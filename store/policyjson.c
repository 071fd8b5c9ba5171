/* policyjson.c — reading a policy file (format doorstep-policy-1, described
 * in README.md). Every problem is named by its JSON path; the whole file is
 * checked before anything is kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "store/policyjson.h"

typedef struct {
	ds_error *err;
	char path[160];
} ctx;

static ds_status bad(ctx *c, const char *field, const char *fmt,
                     const char *arg)
{
	char where[224];
	if (c->path[0] && field[0])
		snprintf(where, sizeof(where), "%s.%s", c->path, field);
	else
		snprintf(where, sizeof(where), "%s", c->path[0] ? c->path : field);
	return ds_fail(c->err, DS_EINPUT, where, fmt, arg);
}

static ds_status keys(ctx *c, json_t *o, const char *const *allowed)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		bool ok = false;
		char list[512] = "";
		size_t n = 0;
		(void)v;
		for (size_t i = 0; allowed[i]; i++)
			ok = ok || strcmp(allowed[i], k) == 0;
		if (ok)
			continue;
		for (size_t i = 0; allowed[i] && n < sizeof(list) - 1; i++)
			n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
			                      i ? ", " : "", allowed[i]);
		{
			char where[224];
			snprintf(where, sizeof(where), "%s%s%s", c->path,
			         c->path[0] ? "." : "", k);
			return ds_fail(c->err, DS_EINPUT, where,
			               N_("unknown field; the fields here are: %s"), list);
		}
	}
	return DS_OK;
}

static ds_status object(ctx *c, json_t *parent, const char *key, json_t **out)
{
	json_t *v = json_object_get(parent, key);
	if (!v)
		return bad(c, key, N_("is missing"), NULL);
	if (!json_is_object(v))
		return bad(c, key, N_("should be an object"), NULL);
	*out = v;
	return DS_OK;
}

static ds_status text(ctx *c, json_t *o, const char *key, bool required,
                      char *out, size_t len)
{
	json_t *v = json_object_get(o, key);
	ds_status st;
	if (!v || json_is_null(v)) {
		out[0] = '\0';
		return required ? bad(c, key, N_("is missing"), NULL) : DS_OK;
	}
	if (!json_is_string(v))
		return bad(c, key, N_("should be text in quotes"), NULL);
	if ((st = core_text_check(json_string_value(v), len, required, key,
	                          c->err))) {
		ds_error_prefix(c->err, c->path);
		return st;
	}
	snprintf(out, len, "%s", json_string_value(v));
	return DS_OK;
}

static ds_status integer(ctx *c, json_t *o, const char *key, int lo, int hi,
                         int *out)
{
	json_t *v = json_object_get(o, key);
	char range[48];
	if (!v)
		return bad(c, key, N_("is missing"), NULL);
	snprintf(range, sizeof(range), "%d–%d", lo, hi);
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return bad(c, key, N_("should be a whole number in %s"), range);
	*out = (int)json_integer_value(v);
	return DS_OK;
}

/* casework.payment_starts: {"month": "same" | "next", "source": ...};
 * optional, files written before it existed get the month after. */
static ds_status payment_starts(ctx *c, json_t *casework, core_policy *p)
{
	static const char *const k[] = {"month", "source", "source_zh", NULL};
	json_t *o = json_object_get(casework, "payment_starts");
	const char *m;
	char saved[sizeof(c->path)];
	ds_status st;
	if (!o || json_is_null(o)) {
		p->casework.pay_same_month = false;
		snprintf(p->casework.pay_source, sizeof(p->casework.pay_source),
		         "%s", CORE_PAY_START_SOURCE);
		snprintf(p->casework.pay_source_zh, sizeof(p->casework.pay_source_zh),
		         "%s", CORE_PAY_START_SOURCE_ZH);
		return DS_OK;
	}
	if (!json_is_object(o))
		return bad(c, "payment_starts",
		           N_("should be {\"month\": \"same\" or \"next\", \"source\": ...}"),
		           NULL);
	snprintf(saved, sizeof(saved), "%s", c->path);
	snprintf(c->path, sizeof(c->path), "%.140s.payment_starts", saved);
	if ((st = keys(c, o, k)))
		return st;
	m = json_string_value(json_object_get(o, "month"));
	if (!m || (strcmp(m, "same") && strcmp(m, "next")))
		return bad(c, "month",
		           N_("is \"same\" (the month the decision takes effect) or \"next\" (the month after)"),
		           NULL);
	p->casework.pay_same_month = !strcmp(m, "same");
	if ((st = text(c, o, "source", true, p->casework.pay_source,
	               sizeof(p->casework.pay_source))) ||
	    (st = text(c, o, "source_zh", false, p->casework.pay_source_zh,
	               sizeof(p->casework.pay_source_zh))))
		return st;
	snprintf(c->path, sizeof(c->path), "%s", saved);
	return DS_OK;
}

static ds_status boolean(ctx *c, json_t *o, const char *key, bool *out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return bad(c, key, N_("is missing"), NULL);
	if (!json_is_boolean(v))
		return bad(c, key, N_("should be true or false"), NULL);
	*out = json_is_true(v);
	return DS_OK;
}

static ds_status amount(ctx *c, json_t *o, const char *key, core_fen *out)
{
	json_t *v = json_object_get(o, key);
	char where[224];
	if (!v)
		return bad(c, key, N_("is missing"), NULL);
	snprintf(where, sizeof(where), "%s%s%s", c->path, c->path[0] ? "." : "",
	         key);
	if (!json_is_string(v))
		return ds_fail(c->err, DS_EINPUT, where,
		               N_("should be an amount in yuan, e.g. \"1165.50\""));
	return core_money_parse(json_string_value(v), false, out, where, c->err);
}

static ds_status date(ctx *c, json_t *o, const char *key, bool nullable,
                      core_date *out)
{
	json_t *v = json_object_get(o, key);
	char where[224];
	snprintf(where, sizeof(where), "%s%s%s", c->path, c->path[0] ? "." : "",
	         key);
	if (nullable && (!v || json_is_null(v))) {
		*out = CORE_DATE_NONE;
		return DS_OK;
	}
	if (!v)
		return ds_fail(c->err, DS_EINPUT, where, N_("is missing"));
	if (!json_is_string(v))
		return ds_fail(c->err, DS_EINPUT, where,
		               N_("not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"));
	return core_date_parse(json_string_value(v), out, where, c->err);
}

/* "3.5" -> 35 per mille; one decimal at most. */
static bool permille(const char *s, int *out)
{
	int v = 0, frac = -1;
	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || frac > 0 || v > 10000)
			return false;
		v = v * 10 + (*s - '0');
		if (frac == 0)
			frac = 1;
	}
	*out = frac == 1 ? v : v * 10;
	return true;
}

static ds_status standards(ctx *c, json_t *list, core_policy *p)
{
	static const char *const k[] = {"region", "name", "monthly", "from",
	                                "to", "source", "source_zh", "adjust", NULL};
	size_t i;
	json_t *o;
	ds_status st;
	if (!json_is_array(list))
		return bad(c, "standards", N_("should be a list"), NULL);
	p->standards = calloc(json_array_size(list) + 1, sizeof(*p->standards));
	if (!p->standards)
		return ds_fail(c->err, DS_ESYSTEM, "", N_("out of memory"));
	json_array_foreach(list, i, o) {
		core_standard *s = &p->standards[i];
		json_t *adj;
		snprintf(c->path, sizeof(c->path), "standards[%zu]", i);
		if (!json_is_object(o))
			return bad(c, "", N_("should be an object"), NULL);
		if ((st = keys(c, o, k)) ||
		    (st = text(c, o, "region", true, s->prefix, sizeof(s->prefix))) ||
		    (st = text(c, o, "name", false, s->name, sizeof(s->name))) ||
		    (st = amount(c, o, "monthly", &s->monthly)) ||
		    (st = date(c, o, "from", false, &s->from)) ||
		    (st = date(c, o, "to", true, &s->to)) ||
		    (st = text(c, o, "source", true, s->source, sizeof(s->source))) ||
		    (st = text(c, o, "source_zh", false, s->source_zh,
		               sizeof(s->source_zh))))
			return st;
		adj = json_object_get(o, "adjust");
		if (adj && !json_is_null(adj)) {
			static const char *const ak[] = {"yearly_percent", "source", "source_zh",
			                                 NULL};
			json_t *pc;
			snprintf(c->path, sizeof(c->path), "standards[%zu].adjust", i);
			if (!json_is_object(adj))
				return bad(c, "", N_("should be an object"), NULL);
			pc = json_object_get(adj, "yearly_percent");
			if ((st = keys(c, adj, ak)))
				return st;
			if (!json_is_string(pc) ||
			    !permille(json_string_value(pc), &s->adjust_permille))
				return bad(c, "yearly_percent",
				           N_("should be a percentage in quotes with at most one decimal, e.g. \"3.5\""),
				           NULL);
			if ((st = text(c, adj, "source", true, s->adjust_source,
			               sizeof(s->adjust_source))) ||
			    (st = text(c, adj, "source_zh", false, s->adjust_source_zh,
			               sizeof(s->adjust_source_zh))))
				return st;
		}
		p->n_standards = i + 1;
	}
	c->path[0] = '\0';
	return DS_OK;
}

static ds_status topups(ctx *c, json_t *list, core_policy *p)
{
	static const char *const k[] = {"category", "region", "monthly", "source", "source_zh",
	                                NULL};
	size_t i;
	json_t *o;
	ds_status st;
	if (!list || json_is_null(list))
		return DS_OK;
	if (!json_is_array(list))
		return bad(c, "topups", N_("should be a list"), NULL);
	p->topups = calloc(json_array_size(list) + 1, sizeof(*p->topups));
	if (!p->topups)
		return ds_fail(c->err, DS_ESYSTEM, "", N_("out of memory"));
	json_array_foreach(list, i, o) {
		core_topup *t = &p->topups[i];
		char cat[32];
		int id;
		snprintf(c->path, sizeof(c->path), "topups[%zu]", i);
		if (!json_is_object(o))
			return bad(c, "", N_("should be an object"), NULL);
		if ((st = keys(c, o, k)) ||
		    (st = text(c, o, "category", true, cat, sizeof(cat))) ||
		    (st = text(c, o, "region", false, t->prefix, sizeof(t->prefix))) ||
		    (st = amount(c, o, "monthly", &t->monthly)) ||
		    (st = text(c, o, "source", true, t->source, sizeof(t->source))) ||
		    (st = text(c, o, "source_zh", false, t->source_zh,
		               sizeof(t->source_zh))))
			return st;
		if ((id = core_category_lookup(cat)) < 0)
			return bad(c, "category", N_("unknown category; use one of: %s"),
			           core_category_allowed());
		t->category = (core_category)id;
		p->n_topups = i + 1;
	}
	c->path[0] = '\0';
	return DS_OK;
}

/* A list of income identifiers, marking flags[] true. */
static ds_status income_list(ctx *c, json_t *o, const char *key, bool *flags,
                             bool *seen)
{
	json_t *list = json_object_get(o, key), *v;
	size_t i;
	if (!list)
		return bad(c, key, N_("is missing"), NULL);
	if (!json_is_array(list))
		return bad(c, key, N_("should be a list"), NULL);
	json_array_foreach(list, i, v) {
		int id = json_is_string(v) ? core_income_lookup(json_string_value(v))
		                           : -1;
		char field[64];
		snprintf(field, sizeof(field), "%s[%zu]", key, i);
		if (id < 0)
			return bad(c, field, N_("unknown income source; use one of: %s"),
			           core_income_allowed());
		if (seen) {
			if (seen[id])
				return bad(c, field,
				           N_("%s is listed twice: an income is either counted or not"),
				           core_income_id((core_income_source)id));
			seen[id] = true;
		}
		flags[id] = true;
	}
	return DS_OK;
}

static ds_status income(ctx *c, json_t *o, core_policy *p)
{
	static const char *const k[] = {"counted", "disregarded", "source", "source_zh",
	                                "earned", "window_months",
	                                "window_source", "window_source_zh",
	                                "employment_cost_deduction",
	                                "earnings_disregard", "imputed_income",
	                                NULL};
	bool seen[CORE_INCOME_COUNT] = {false}, dis[CORE_INCOME_COUNT] = {false};
	json_t *d;
	ds_status st;
	snprintf(c->path, sizeof(c->path), "income");
	if ((st = keys(c, o, k)) ||
	    (st = income_list(c, o, "counted", p->income.counted, seen)) ||
	    (st = income_list(c, o, "disregarded", dis, seen)) ||
	    (st = income_list(c, o, "earned", p->income.earned, NULL)) ||
	    (st = text(c, o, "source", true, p->income.source,
	               sizeof(p->income.source))) ||
	    (st = text(c, o, "source_zh", false, p->income.source_zh,
	               sizeof(p->income.source_zh))) ||
	    (st = integer(c, o, "window_months", 1, 24, &p->income.window_months)) ||
	    (st = text(c, o, "window_source", true, p->income.window_source,
	               sizeof(p->income.window_source))) ||
	    (st = text(c, o, "window_source_zh", false, p->income.window_source_zh,
	               sizeof(p->income.window_source_zh))))
		return st;
	for (int i = 0; i < CORE_INCOME_COUNT; i++)
		if (!seen[i])
			return bad(c, "counted",
			           N_("%s is neither counted nor disregarded: list it in one of them"),
			           core_income_id((core_income_source)i));

	if ((st = object(c, o, "employment_cost_deduction", &d)))
		return st;
	snprintf(c->path, sizeof(c->path), "income.employment_cost_deduction");
	{
		static const char *const dk[] = {"enabled", "percent_of_standard",
		                                 "source", "source_zh", NULL};
		if ((st = keys(c, d, dk)) ||
		    (st = boolean(c, d, "enabled", &p->deduction.enabled)) ||
		    (st = integer(c, d, "percent_of_standard", 1, 100,
		                  &p->deduction.percent_of_standard)) ||
		    (st = text(c, d, "source", true, p->deduction.source,
		               sizeof(p->deduction.source))) ||
		    (st = text(c, d, "source_zh", false, p->deduction.source_zh,
		               sizeof(p->deduction.source_zh))))
			return st;
	}
	snprintf(c->path, sizeof(c->path), "income");
	if ((st = object(c, o, "earnings_disregard", &d)))
		return st;
	snprintf(c->path, sizeof(c->path), "income.earnings_disregard");
	{
		static const char *const dk[] = {"enabled", "months", "source", "source_zh", NULL};
		if ((st = keys(c, d, dk)) ||
		    (st = boolean(c, d, "enabled", &p->disregard.enabled)) ||
		    (st = integer(c, d, "months", 1, 24, &p->disregard.months)) ||
		    (st = text(c, d, "source", true, p->disregard.source,
		               sizeof(p->disregard.source))) ||
		    (st = text(c, d, "source_zh", false, p->disregard.source_zh,
		               sizeof(p->disregard.source_zh))))
			return st;
	}
	snprintf(c->path, sizeof(c->path), "income");
	if ((st = object(c, o, "imputed_income", &d)))
		return st;
	snprintf(c->path, sizeof(c->path), "income.imputed_income");
	{
		static const char *const dk[] = {"enabled", "monthly", "working_age",
		                                 "source", "source_zh", NULL};
		static const char *const ak[] = {"from", "to", NULL};
		json_t *age;
		if ((st = keys(c, d, dk)) ||
		    (st = boolean(c, d, "enabled", &p->imputed.enabled)) ||
		    (st = amount(c, d, "monthly", &p->imputed.monthly)) ||
		    (st = text(c, d, "source", true, p->imputed.source,
		               sizeof(p->imputed.source))) ||
		    (st = text(c, d, "source_zh", false, p->imputed.source_zh,
		               sizeof(p->imputed.source_zh))) ||
		    (st = object(c, d, "working_age", &age)))
			return st;
		snprintf(c->path, sizeof(c->path), "income.imputed_income.working_age");
		if ((st = keys(c, age, ak)) ||
		    (st = integer(c, age, "from", 14, 80, &p->imputed.age_from)) ||
		    (st = integer(c, age, "to", 15, 80, &p->imputed.age_to)))
			return st;
	}
	c->path[0] = '\0';
	return DS_OK;
}

static ds_status rest(ctx *c, json_t *root, core_policy *p)
{
	json_t *o, *bands, *b;
	size_t i;
	char taper[16];
	int t;
	ds_status st;

	if ((st = object(c, root, "assets", &o)))
		return st;
	snprintf(c->path, sizeof(c->path), "assets");
	{
		static const char *const k[] = {"financial_months_of_standard",
		                                "vehicle_refuses", "homes_flag_at",
		                                "source", "source_zh", NULL};
		if ((st = keys(c, o, k)) ||
		    (st = integer(c, o, "financial_months_of_standard", 1, 600,
		                  &p->assets.financial_months)) ||
		    (st = boolean(c, o, "vehicle_refuses", &p->assets.vehicle_refuses)) ||
		    (st = integer(c, o, "homes_flag_at", 1, 99, &p->assets.homes_flag_at)) ||
		    (st = text(c, o, "source", true, p->assets.source,
		               sizeof(p->assets.source))) ||
		    (st = text(c, o, "source_zh", false, p->assets.source_zh,
		               sizeof(p->assets.source_zh))))
			return st;
	}
	c->path[0] = '\0';
	if ((st = object(c, root, "transition", &o)))
		return st;
	snprintf(c->path, sizeof(c->path), "transition");
	{
		static const char *const k[] = {"bands", "taper", "warning_days",
		                                "source", "source_zh", NULL};
		if ((st = keys(c, o, k)) ||
		    (st = text(c, o, "taper", true, taper, sizeof(taper))) ||
		    (st = integer(c, o, "warning_days", 0, 365,
		                  &p->transition.warning_days)) ||
		    (st = text(c, o, "source", true, p->transition.source,
		               sizeof(p->transition.source))) ||
		    (st = text(c, o, "source_zh", false, p->transition.source_zh,
		               sizeof(p->transition.source_zh))))
			return st;
		if ((t = core_taper_lookup(taper)) < 0)
			return bad(c, "taper", N_("the taper is linear or hold"), NULL);
		p->transition.taper = (core_taper)t;
		bands = json_object_get(o, "bands");
		if (!json_is_array(bands) || !json_array_size(bands) ||
		    json_array_size(bands) > CORE_BANDS_MAX)
			return bad(c, "bands",
			           N_("should be a list of 1 to 8 bands, e.g. [{\"up_to_percent\": 150, \"months\": 6}, {\"months\": 3}]"),
			           NULL);
		json_array_foreach(bands, i, b) {
			static const char *const bk[] = {"up_to_percent", "months", NULL};
			core_band *band = &p->transition.bands[i];
			snprintf(c->path, sizeof(c->path), "transition.bands[%zu]", i);
			if (!json_is_object(b))
				return bad(c, "", N_("should be an object"), NULL);
			if ((st = keys(c, b, bk)) ||
			    (st = integer(c, b, "months", 1, 36, &band->months)))
				return st;
			if (json_object_get(b, "up_to_percent") &&
			    (st = integer(c, b, "up_to_percent", 101, 1000,
			                  &band->up_to_percent)))
				return st;
			p->transition.n_bands = i + 1;
		}
	}
	c->path[0] = '\0';
	if ((st = object(c, root, "early_warning", &o)))
		return st;
	snprintf(c->path, sizeof(c->path), "early_warning");
	{
		static const char *const k[] = {"percent_of_standard", "source", "source_zh",
		                                NULL};
		if ((st = keys(c, o, k)) ||
		    (st = integer(c, o, "percent_of_standard", 1, 100,
		                  &p->warning.percent)) ||
		    (st = text(c, o, "source", true, p->warning.source,
		               sizeof(p->warning.source))) ||
		    (st = text(c, o, "source_zh", false, p->warning.source_zh,
		               sizeof(p->warning.source_zh))))
			return st;
	}
	c->path[0] = '\0';
	if ((st = object(c, root, "reverification", &o)))
		return st;
	snprintf(c->path, sizeof(c->path), "reverification");
	{
		static const char *const k[] = {"stable_months", "watch_months",
		                                "source", "source_zh", NULL};
		if ((st = keys(c, o, k)) ||
		    (st = integer(c, o, "stable_months", 1, 36,
		                  &p->reverify.stable_months)) ||
		    (st = integer(c, o, "watch_months", 1, 36,
		                  &p->reverify.watch_months)) ||
		    (st = text(c, o, "source", true, p->reverify.source,
		               sizeof(p->reverify.source))) ||
		    (st = text(c, o, "source_zh", false, p->reverify.source_zh,
		               sizeof(p->reverify.source_zh))))
			return st;
	}
	/* optional: files written before it existed get the default */
	c->path[0] = '\0';
	p->investigation.visit_days = CORE_VISIT_DAYS_DEFAULT;
	snprintf(p->investigation.source, sizeof(p->investigation.source), "%s",
	         CORE_VISIT_DAYS_SOURCE);
	snprintf(p->investigation.source_zh, sizeof(p->investigation.source_zh),
	         "%s", CORE_VISIT_DAYS_SOURCE_ZH);
	if (json_object_get(root, "investigation")) {
		static const char *const k[] = {"visit_days", "source", "source_zh", NULL};
		if ((st = object(c, root, "investigation", &o)))
			return st;
		snprintf(c->path, sizeof(c->path), "investigation");
		if ((st = keys(c, o, k)) ||
		    (st = integer(c, o, "visit_days", 1, 90,
		                  &p->investigation.visit_days)) ||
		    (st = text(c, o, "source", true, p->investigation.source,
		               sizeof(p->investigation.source))) ||
		    (st = text(c, o, "source_zh", false, p->investigation.source_zh,
		               sizeof(p->investigation.source_zh))))
			return st;
	}
	c->path[0] = '\0';
	if ((st = object(c, root, "casework", &o)))
		return st;
	snprintf(c->path, sizeof(c->path), "casework");
	{
		static const char *const k[] = {"notice_days", "appeal_days",
		                                "appeal_filing_days", "source", "source_zh",
		                                "payment_starts", NULL};
		if ((st = keys(c, o, k)) ||
		    (st = integer(c, o, "notice_days", 1, 60,
		                  &p->casework.notice_days)) ||
		    (st = integer(c, o, "appeal_days", 1, 365,
		                  &p->casework.appeal_days)) ||
		    (st = json_object_get(o, "appeal_filing_days")
		                  ? integer(c, o, "appeal_filing_days", 1, 365,
		                            &p->casework.filing_days)
		                  : (p->casework.filing_days = 60, DS_OK)) ||
		    (st = text(c, o, "source", true, p->casework.source,
		               sizeof(p->casework.source))) ||
		    (st = text(c, o, "source_zh", false, p->casework.source_zh,
		               sizeof(p->casework.source_zh))) ||
		    (st = payment_starts(c, o, p)))
			return st;
	}
	c->path[0] = '\0';
	if ((st = object(c, root, "crosscheck", &o)))
		return st;
	snprintf(c->path, sizeof(c->path), "crosscheck");
	{
		static const char *const k[] = {"utility_per_person_per_month",
		                                "source", "source_zh", NULL};
		static const char *const uk[] = {"electricity", "water", "gas",
		                                 NULL};
		json_t *u;
		if ((st = keys(c, o, k)) ||
		    (st = text(c, o, "source", true, p->crosscheck.source,
		               sizeof(p->crosscheck.source))) ||
		    (st = text(c, o, "source_zh", false, p->crosscheck.source_zh,
		               sizeof(p->crosscheck.source_zh))) ||
		    (st = object(c, o, "utility_per_person_per_month", &u)))
			return st;
		snprintf(c->path, sizeof(c->path),
		         "crosscheck.utility_per_person_per_month");
		if ((st = keys(c, u, uk)) ||
		    (st = integer(c, u, "electricity", 0, 100000,
		                  &p->crosscheck.electricity)) ||
		    (st = integer(c, u, "water", 0, 100000, &p->crosscheck.water)) ||
		    (st = integer(c, u, "gas", 0, 100000, &p->crosscheck.gas)))
			return st;
	}
	c->path[0] = '\0';
	return DS_OK;
}

/* ---- relief (temporary assistance) ------------------------------------------------ */

/* A multiple of S: "3", "2.5", "12.00" or a whole number; as hundredths. */
static ds_status times(ctx *c, json_t *o, const char *key, int *out)
{
	json_t *v = json_object_get(o, key);
	const char *t;
	int whole = 0, frac = 0, places = -1;
	if (!v)
		return bad(c, key, N_("is missing"), NULL);
	if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= 1000) {
		*out = (int)json_integer_value(v) * 100;
		return DS_OK;
	}
	if (!json_is_string(v))
		return bad(c, key, N_("should be a multiple of the standard, e.g. \"3\" or \"2.5\""), NULL);
	for (t = json_string_value(v); *t; t++) {
		if (*t == '.' && places < 0) {
			places = 0;
			continue;
		}
		if (*t < '0' || *t > '9' || places >= 2 || whole > 1000)
			return bad(c, key, N_("should be a multiple of the standard, e.g. \"3\" or \"2.5\""), NULL);
		if (places < 0)
			whole = whole * 10 + (*t - '0');
		else {
			frac = frac * 10 + (*t - '0');
			places++;
		}
	}
	if (!json_string_value(v)[0] || places == 0 || whole > 1000)
		return bad(c, key, N_("should be a multiple of the standard, e.g. \"3\" or \"2.5\""), NULL);
	*out = whole * 100 + (places == 1 ? frac * 10 : frac);
	return DS_OK;
}

/* relief.calendar: the official schedule of the years it covers. */
static ds_status calendar(ctx *c, json_t *o, core_calendar *cal)
{
	static const char *const k[] = {"years", "holidays", "makeup", "source", "source_zh", NULL};
	static const char *const lists[2] = {"holidays", "makeup"};
	json_t *years = json_object_get(o, "years"), *v;
	size_t i;
	ds_status st;
	snprintf(c->path, sizeof(c->path), "relief.calendar");
	if ((st = keys(c, o, k)) ||
	    (st = text(c, o, "source", true, cal->source, sizeof(cal->source))) ||
	    (st = text(c, o, "source_zh", false, cal->source_zh, sizeof(cal->source_zh))))
		return st;
	if (!json_is_array(years) || !json_array_size(years))
		return bad(c, "years", N_("should be a list of the years the schedule covers, e.g. [2026]"), NULL);
	json_array_foreach(years, i, v) {
		char field[48];
		snprintf(field, sizeof(field), "years[%zu]", i);
		if (!json_is_integer(v) || json_integer_value(v) < CORE_DATE_MIN_YEAR ||
		    json_integer_value(v) > CORE_DATE_MAX_YEAR)
			return bad(c, field, N_("should be a year, e.g. 2026"), NULL);
		if ((st = core_calendar_add_year(cal, (int)json_integer_value(v), c->err))) {
			snprintf(c->err->where, sizeof(c->err->where), "relief.calendar.%s", field);
			return st;
		}
	}
	for (int l = 0; l < 2; l++) {
		json_t *list = json_object_get(o, lists[l]);
		if (!list)
			continue;
		if (!json_is_array(list))
			return bad(c, lists[l], N_("should be a list of dates, e.g. [\"2026-10-01\"]"), NULL);
		json_array_foreach(list, i, v) {
			char field[64];
			core_date d;
			snprintf(field, sizeof(field), "relief.calendar.%s[%zu]", lists[l], i);
			if (!json_is_string(v))
				return ds_fail(c->err, DS_EINPUT, field, N_("should be a date, YYYY-MM-DD"));
			if ((st = core_date_parse(json_string_value(v), &d, field, c->err)))
				return st;
			st = l ? core_calendar_add_makeup(cal, d, field, c->err)
			       : core_calendar_add_holiday(cal, d, field, c->err);
			if (st)
				return st;
		}
	}
	return DS_OK;
}

/* relief: optional; a file without it takes core_relief_policy_default. */
static ds_status relief(ctx *c, json_t *root, core_relief_policy *r)
{
	static const char *const k[] = {"guidance", "township_max", "county_max", "pay_first_max",
	                                "year_cap", "paperwork_days", "days_on_ladder",
	                                "days_other", "source", "source_zh", "calendar", NULL};
	static const char *const gk[] = {"multiple", "per_person", "source", "source_zh", NULL};
	json_t *o, *g, *cal;
	ds_status st;
	core_relief_policy_default(r);
	if (!json_object_get(root, "relief"))
		return DS_OK;
	c->path[0] = '\0';
	if ((st = object(c, root, "relief", &o)))
		return st;
	snprintf(c->path, sizeof(c->path), "relief");
	if ((st = keys(c, o, k)) || (st = object(c, o, "guidance", &g)) ||
	    (st = times(c, o, "township_max", &r->township_max)) ||
	    (st = times(c, o, "county_max", &r->county_max)) ||
	    (st = times(c, o, "pay_first_max", &r->pay_first_max)) ||
	    (st = times(c, o, "year_cap", &r->year_cap)) ||
	    (st = integer(c, o, "paperwork_days", 1, 365, &r->paperwork_days)) ||
	    (st = integer(c, o, "days_on_ladder", 1, 365, &r->days_on_ladder)) ||
	    (st = integer(c, o, "days_other", 1, 365, &r->days_other)) ||
	    (st = text(c, o, "source", true, r->source, sizeof(r->source))) ||
	    (st = text(c, o, "source_zh", false, r->source_zh, sizeof(r->source_zh))))
		return st;
	snprintf(c->path, sizeof(c->path), "relief.guidance");
	{
		const char *causes[CORE_RELIEF_CAUSE_COUNT + 1];
		for (int i = 0; i < CORE_RELIEF_CAUSE_COUNT; i++)
			causes[i] = core_relief_cause_id((core_relief_cause)i);
		causes[CORE_RELIEF_CAUSE_COUNT] = NULL;
		if ((st = keys(c, g, causes)))
			return st;
	}
	for (int i = 0; i < CORE_RELIEF_CAUSE_COUNT; i++) {
		core_relief_guide *gd = &r->guide[i];
		json_t *e;
		snprintf(c->path, sizeof(c->path), "relief.guidance");
		if ((st = object(c, g, core_relief_cause_id((core_relief_cause)i), &e)))
			return st;
		snprintf(c->path, sizeof(c->path), "relief.guidance.%s",
		         core_relief_cause_id((core_relief_cause)i));
		if ((st = keys(c, e, gk)) || (st = times(c, e, "multiple", &gd->multiple)) ||
		    (st = boolean(c, e, "per_person", &gd->per_person)) ||
		    (st = text(c, e, "source", true, gd->source, sizeof(gd->source))) ||
		    (st = text(c, e, "source_zh", false, gd->source_zh, sizeof(gd->source_zh))))
			return st;
	}
	core_calendar_init(&r->calendar);
	if ((cal = json_object_get(o, "calendar"))) {
		if (!json_is_object(cal)) {
			snprintf(c->path, sizeof(c->path), "relief");
			return bad(c, "calendar", N_("should be an object"), NULL);
		}
		if ((st = calendar(c, cal, &r->calendar)))
			return st;
	}
	c->path[0] = '\0';
	return DS_OK;
}

/* ---- the ladder of assistance (optional; see core_policy_ladder_defaults)
 *
 * "ladder": {                               every part optional; a part
 *   "marginal": {"line_percent_of_standard": 150,        given says its
 *                "financial_months_of_standard": 24,     "source"
 *                "source": ..., "source_zh": ...},
 *   "rigid_hardship": {"line_percent_of_standard": 200,
 *                      "share_percent": 50, "source": ...},
 *   "single": {"mode": "as_one_person" | "fixed",
 *              "fixed": [FIGURE, ...], "source": ...},
 *   "destitute": {"basic_percent_of_standard": 130,
 *                 "standards": [FIGURE, ...], "source": ...},
 *   "care_allowances": {"list": [{"self_care": "full" | "partial" | "none",
 *                                 FIGURE's fields}, ...], "source": ...},
 *   "illnesses": {"list": ["uremia", ...], "source": ...},
 *   "rigid_deduction": {"enabled": false,
 *                       "kinds": ["medical", "rehabilitation"],
 *                       "monthly_cap": "0.00", "source": ...},
 *   "reverification": {"marginal_months": 12,
 *                      "rigid_hardship_months": 12, "source": ...}
 * }
 * FIGURE: {"region": "23" (optional: every region), "monthly": "313.00",
 *          "from": "2026-04-01", "to": null, "source": ..., "source_zh": ...}
 * The lines in order: the marginal line above 100 % of S, the
 * rigid-hardship line not below the marginal line. */

/* A part's source (required: a part the file gives says where its
 * figures come from) and its Chinese twin. */
static ds_status sources(ctx *c, json_t *o, char *src, size_t len,
                         char *zh, size_t zlen)
{
	ds_status st;
	if ((st = text(c, o, "source", true, src, len)) ||
	    (st = text(c, o, "source_zh", false, zh, zlen)))
		return st;
	return DS_OK;
}

/* Enters sub-object key of the ladder: *o is it, or NULL when absent. */
static ds_status ladder_part(ctx *c, json_t *ladder, const char *key,
                             const char *const *allowed, json_t **o)
{
	*o = json_object_get(ladder, key);
	snprintf(c->path, sizeof(c->path), "ladder");
	if (!*o || json_is_null(*o)) {
		*o = NULL;
		return DS_OK;
	}
	if (!json_is_object(*o))
		return bad(c, key, N_("should be an object"), NULL);
	snprintf(c->path, sizeof(c->path), "ladder.%s", key);
	return keys(c, *o, allowed);
}

/* A list of figures by region and date (care allowances with their
 * self-care level). */
static ds_status ladder_figures(ctx *c, json_t *o, const char *key,
                                bool level, core_ladder_figure **out,
                                size_t *n)
{
	static const char *const k[] = {"region", "monthly", "from", "to",
	                                "source", "source_zh", NULL};
	static const char *const kl[] = {"self_care", "region", "monthly",
	                                 "from", "to", "source", "source_zh",
	                                 NULL};
	json_t *list = json_object_get(o, key), *f;
	char base[sizeof(c->path)];
	size_t i;
	ds_status st;
	if (!list || json_is_null(list))
		return DS_OK;
	if (!json_is_array(list) || json_array_size(list) > CORE_LADDER_FIGURES_MAX)
		return bad(c, key, N_("should be a list of at most 64 figures"), NULL);
	if (!(*out = calloc(json_array_size(list) + 1, sizeof(**out))))
		return ds_fail(c->err, DS_ESYSTEM, "", N_("out of memory"));
	snprintf(base, sizeof(base), "%s", c->path);
	json_array_foreach(list, i, f) {
		core_ladder_figure *d = &(*out)[i];
		snprintf(c->path, sizeof(c->path), "%.120s.%s[%zu]", base, key, i);
		if (!json_is_object(f))
			return bad(c, "", N_("should be an object"), NULL);
		if ((st = keys(c, f, level ? kl : k)) ||
		    (st = text(c, f, "region", false, d->prefix, sizeof(d->prefix))) ||
		    (st = amount(c, f, "monthly", &d->monthly)) ||
		    (st = date(c, f, "from", false, &d->from)) ||
		    (st = date(c, f, "to", true, &d->to)) ||
		    (st = sources(c, f, d->source, sizeof(d->source), d->source_zh,
		                  sizeof(d->source_zh))))
			return st;
		if (level) {
			char lv[16];
			int id;
			if ((st = text(c, f, "self_care", true, lv, sizeof(lv))))
				return st;
			if ((id = core_self_care_lookup(lv)) < 0)
				return bad(c, "self_care",
				           N_("unknown self-care level; use one of: %s"),
				           core_self_care_allowed());
			d->level = (core_self_care)id;
		}
		*n = i + 1;
	}
	snprintf(c->path, sizeof(c->path), "%s", base);
	return DS_OK;
}

static ds_status ladder(ctx *c, json_t *root, core_policy *p)
{
	static const char *const k[] = {"marginal", "rigid_hardship", "single",
	                                "destitute", "care_allowances",
	                                "illnesses", "rigid_deduction",
	                                "reverification", NULL};
	static const char *const km[] = {"line_percent_of_standard",
	                                 "financial_months_of_standard",
	                                 "source", "source_zh", NULL};
	static const char *const kr[] = {"line_percent_of_standard",
	                                 "share_percent", "source", "source_zh",
	                                 NULL};
	static const char *const ks[] = {"mode", "fixed", "source", "source_zh",
	                                 NULL};
	static const char *const kd[] = {"basic_percent_of_standard",
	                                 "standards", "source", "source_zh",
	                                 NULL};
	static const char *const kc[] = {"list", "source", "source_zh", NULL};
	static const char *const kx[] = {"enabled", "kinds", "monthly_cap",
	                                 "source", "source_zh", NULL};
	static const char *const kv[] = {"marginal_months",
	                                 "rigid_hardship_months", "source",
	                                 "source_zh", NULL};
	core_ladder_policy *l = &p->ladder;
	json_t *o = json_object_get(root, "ladder"), *part, *v;
	ds_status st;
	size_t i;

	/* what the file does not set is the default, and says so */
	core_policy_ladder_defaults(p);
	if (!o || json_is_null(o))
		return DS_OK;
	c->path[0] = '\0';
	if (!json_is_object(o))
		return bad(c, "ladder", N_("should be an object"), NULL);
	snprintf(c->path, sizeof(c->path), "ladder");
	if ((st = keys(c, o, k)))
		return st;

	if ((st = ladder_part(c, o, "marginal", km, &part)))
		return st;
	if (part &&
	    ((st = integer(c, part, "line_percent_of_standard", 101, 1000,
	                   &l->marginal.percent)) ||
	     (st = json_object_get(part, "financial_months_of_standard")
	                   ? integer(c, part, "financial_months_of_standard", 1,
	                             600, &l->marginal.financial_months)
	                   : DS_OK) ||
	     (st = sources(c, part, l->marginal.source, sizeof(l->marginal.source),
	                   l->marginal.source_zh, sizeof(l->marginal.source_zh)))))
		return st;

	if ((st = ladder_part(c, o, "rigid_hardship", kr, &part)))
		return st;
	if (part &&
	    ((st = integer(c, part, "line_percent_of_standard", 101, 1000,
	                   &l->rigid.percent)) ||
	     (st = integer(c, part, "share_percent", 1, 100,
	                   &l->rigid.share_percent)) ||
	     (st = sources(c, part, l->rigid.source, sizeof(l->rigid.source),
	                   l->rigid.source_zh, sizeof(l->rigid.source_zh)))))
		return st;

	if ((st = ladder_part(c, o, "single", ks, &part)))
		return st;
	if (part) {
		char mode[24];
		int m;
		if ((st = text(c, part, "mode", true, mode, sizeof(mode))))
			return st;
		if ((m = core_single_mode_lookup(mode)) < 0)
			return bad(c, "mode",
			           N_("is as_one_person (S less the member's own income) or fixed (a sum by region)"),
			           NULL);
		l->single.mode = (core_single_mode)m;
		if ((st = ladder_figures(c, part, "fixed", false, &l->single.fixed,
		                         &l->single.n_fixed)) ||
		    (st = sources(c, part, l->single.source, sizeof(l->single.source),
		                  l->single.source_zh, sizeof(l->single.source_zh))))
			return st;
		if (l->single.mode == CORE_SINGLE_FIXED && !l->single.n_fixed)
			return bad(c, "fixed",
			           N_("the fixed mode needs its sums, by region and date"),
			           NULL);
	}

	if ((st = ladder_part(c, o, "destitute", kd, &part)))
		return st;
	if (part &&
	    ((st = integer(c, part, "basic_percent_of_standard", 0, 1000,
	                   &l->destitute.percent)) ||
	     (st = ladder_figures(c, part, "standards", false,
	                          &l->destitute.standards,
	                          &l->destitute.n_standards)) ||
	     (st = sources(c, part, l->destitute.source,
	                   sizeof(l->destitute.source), l->destitute.source_zh,
	                   sizeof(l->destitute.source_zh)))))
		return st;
	if (part && !l->destitute.percent && !l->destitute.n_standards)
		return bad(c, "standards",
		           N_("give the basic-living standard: standards by region, or basic_percent_of_standard"),
		           NULL);

	if ((st = ladder_part(c, o, "care_allowances", kc, &part)))
		return st;
	if (part &&
	    ((st = ladder_figures(c, part, "list", true, &l->care.allowances,
	                          &l->care.n)) ||
	     (st = sources(c, part, l->care.source, sizeof(l->care.source),
	                   l->care.source_zh, sizeof(l->care.source_zh)))))
		return st;

	if ((st = ladder_part(c, o, "illnesses", kc, &part)))
		return st;
	if (part) {
		json_t *list = json_object_get(part, "list");
		if (!json_is_array(list) || json_array_size(list) > CORE_ILLNESSES_MAX)
			return bad(c, "list",
			           N_("should be a list of at most 64 identifiers, e.g. [\"uremia\"]"),
			           NULL);
		l->illnesses.names = calloc(json_array_size(list) + 1,
		                            sizeof(*l->illnesses.names));
		if (!l->illnesses.names)
			return ds_fail(c->err, DS_ESYSTEM, "", N_("out of memory"));
		json_array_foreach(list, i, v) {
			char field[32];
			snprintf(field, sizeof(field), "list[%zu]", i);
			if (!json_is_string(v) ||
			    strlen(json_string_value(v)) >= CORE_ILLNESS_MAX)
				return bad(c, field,
				           N_("should be an identifier in quotes, shorter than 32 bytes"),
				           NULL);
			snprintf(l->illnesses.names[i], CORE_ILLNESS_MAX, "%s",
			         json_string_value(v));
			l->illnesses.n = i + 1;
		}
		if ((st = sources(c, part, l->illnesses.source,
		                  sizeof(l->illnesses.source), l->illnesses.source_zh,
		                  sizeof(l->illnesses.source_zh))))
			return st;
	}

	if ((st = ladder_part(c, o, "rigid_deduction", kx, &part)))
		return st;
	if (part) {
		json_t *kinds = json_object_get(part, "kinds");
		if ((st = boolean(c, part, "enabled", &l->deduction.enabled)) ||
		    (st = json_object_get(part, "monthly_cap")
		                  ? amount(c, part, "monthly_cap", &l->deduction.cap)
		                  : DS_OK) ||
		    (st = sources(c, part, l->deduction.source,
		                  sizeof(l->deduction.source), l->deduction.source_zh,
		                  sizeof(l->deduction.source_zh))))
			return st;
		if (!json_is_array(kinds))
			return bad(c, "kinds",
			           N_("should be a list of kinds of rigid spending: %s"),
			           core_expense_allowed());
		json_array_foreach(kinds, i, v) {
			char field[32];
			int id = json_is_string(v)
			                 ? core_expense_lookup(json_string_value(v))
			                 : -1;
			snprintf(field, sizeof(field), "kinds[%zu]", i);
			if (id < 0)
				return bad(c, field,
				           N_("unknown kind of rigid spending; use one of: %s"),
				           core_expense_allowed());
			l->deduction.kinds[id] = true;
		}
	}

	if ((st = ladder_part(c, o, "reverification", kv, &part)))
		return st;
	if (part &&
	    ((st = integer(c, part, "marginal_months", 1, 36,
	                   &l->reverify.months[CORE_CLASS_MARGINAL])) ||
	     (st = integer(c, part, "rigid_hardship_months", 1, 36,
	                   &l->reverify.months[CORE_CLASS_RIGID_HARDSHIP])) ||
	     (st = sources(c, part, l->reverify.source, sizeof(l->reverify.source),
	                   l->reverify.source_zh, sizeof(l->reverify.source_zh)))))
		return st;
	c->path[0] = '\0';
	return DS_OK;
}

ds_status store_policy_from_json(json_t *root, core_policy *p, ds_error *err)
{
	static const char *const k[] = {"format", "version", "title",
	                                "effective_from", "source", "source_zh", "standards",
	                                "topups", "income", "assets",
	                                "transition", "early_warning",
	                                "reverification", "investigation",
	                                "casework", "crosscheck", "ladder", "relief", NULL};
	ctx c = {err, ""};
	char format[40];
	json_t *o;
	ds_status st;

	core_policy_init(p);
	if (!json_is_object(root)) {
		st = ds_fail(err, DS_EINPUT, "",
		             N_("a policy is a JSON object; see the default policy for its fields"));
		goto fail;
	}
	if ((st = keys(&c, root, k)) ||
	    (st = text(&c, root, "format", true, format, sizeof(format))))
		goto fail;
	if (strcmp(format, "doorstep-policy-1") != 0) {
		st = bad(&c, "format",
		         N_("this doorstep reads format doorstep-policy-1, not %s"),
		         format);
		goto fail;
	}
	if ((st = text(&c, root, "version", true, p->version,
	               sizeof(p->version))) ||
	    (st = text(&c, root, "title", true, p->title, sizeof(p->title))) ||
	    (st = date(&c, root, "effective_from", false, &p->effective)) ||
	    (st = text(&c, root, "source", true, p->source, sizeof(p->source))) ||
	    (st = text(&c, root, "source_zh", false, p->source_zh,
	               sizeof(p->source_zh))) ||
	    (st = standards(&c, json_object_get(root, "standards"), p)) ||
	    (st = topups(&c, json_object_get(root, "topups"), p)) ||
	    (st = object(&c, root, "income", &o)) || (st = income(&c, o, p)) ||
	    (st = rest(&c, root, p)) || (st = ladder(&c, root, p)) ||
	    (st = relief(&c, root, &p->relief)) ||
	    (st = core_policy_validate(p, err)))
		goto fail;
	return DS_OK;
fail:
	core_policy_free(p);
	return st;
}

ds_status store_policy_parse(const char *text, size_t len, const char *name,
                             core_policy *p, ds_error *err)
{
	json_error_t je;
	size_t bom = core_utf8_bom(text, len); /* a file from Notepad */
	json_t *root = json_loadb(text + bom, len - bom, JSON_REJECT_DUPLICATES,
	                          &je);
	ds_status st;
	if (!root) {
		char where[224];
		snprintf(where, sizeof(where), "%.160s:%d:%d", name, je.line,
		         je.column);
		core_policy_init(p);
		return ds_fail(err, DS_EINPUT, where, N_("not valid JSON: %s"),
		               je.text);
	}
	st = store_policy_from_json(root, p, err);
	json_decref(root);
	return st;
}
