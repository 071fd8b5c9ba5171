/* policy.c — looking things up in a policy, and checking one. */
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const taper_ids[] = {"linear", "hold"};
static bool prefix_ok(const char *s);

const char *core_taper_id(core_taper t)
{
	return (unsigned)t < 2 ? taper_ids[t] : "?";
}

int core_taper_lookup(const char *id)
{
	for (int i = 0; id && i < 2; i++)
		if (strcmp(taper_ids[i], id) == 0)
			return i;
	return -1;
}

void core_policy_init(core_policy *p)
{
	memset(p, 0, sizeof(*p));
	core_relief_policy_default(&p->relief);
}

static void ladder_free(core_ladder_policy *l)
{
	free(l->single.fixed);
	free(l->destitute.standards);
	free(l->care.allowances);
	free(l->illnesses.names);
	l->single.fixed = NULL;
	l->destitute.standards = NULL;
	l->care.allowances = NULL;
	l->illnesses.names = NULL;
	l->single.n_fixed = l->destitute.n_standards = l->care.n = 0;
	l->illnesses.n = 0;
}

void core_policy_free(core_policy *p)
{
	if (!p)
		return;
	free(p->standards);
	free(p->topups);
	p->standards = NULL;
	p->topups = NULL;
	p->n_standards = p->n_topups = 0;
	ladder_free(&p->ladder);
}

static const char *const single_ids[] = {"as_one_person", "fixed"};

const char *core_single_mode_id(core_single_mode m)
{
	return (unsigned)m < 2 ? single_ids[m] : "?";
}

int core_single_mode_lookup(const char *id)
{
	for (int i = 0; id && i < 2; i++)
		if (strcmp(single_ids[i], id) == 0)
			return i;
	return -1;
}

#define LADDER_SRC(part)                                                     \
	do {                                                                 \
		snprintf(l->part.source, sizeof(l->part.source), "%s",      \
		         CORE_LADDER_DEFAULT_SOURCE);                        \
		snprintf(l->part.source_zh, sizeof(l->part.source_zh), "%s", \
		         CORE_LADDER_DEFAULT_SOURCE_ZH);                     \
	} while (0)

void core_policy_ladder_defaults(core_policy *p)
{
	core_ladder_policy *l = &p->ladder;
	ladder_free(l);
	memset(l, 0, sizeof(*l));
	l->marginal.percent = 150;
	/* the dibao asset rules */
	l->marginal.financial_months =
	        p->assets.financial_months ? p->assets.financial_months : 24;
	LADDER_SRC(marginal);
	l->rigid.percent = 200;
	l->rigid.share_percent = 50;
	LADDER_SRC(rigid);
	l->single.mode = CORE_SINGLE_AS_ONE_PERSON;
	LADDER_SRC(single);
	l->destitute.percent = 130;
	LADDER_SRC(destitute);
	LADDER_SRC(care);
	LADDER_SRC(illnesses);
	l->deduction.enabled = false;
	LADDER_SRC(deduction);
	l->reverify.months[CORE_CLASS_MARGINAL] = 12;
	l->reverify.months[CORE_CLASS_RIGID_HARDSHIP] = 12;
	LADDER_SRC(reverify);
	l->set = true;
}

static ds_status figure_check(const core_ladder_figure *f, const char *list,
                              size_t i, ds_error *err)
{
	char where[96];
	if (f->prefix[0] && !prefix_ok(f->prefix)) {
		snprintf(where, sizeof(where), "%s[%zu].region", list, i);
		return ds_fail(err, DS_EINPUT, where,
		               N_("a region prefix has 2 to 6 digits, e.g. 44 or 4401"));
	}
	if (f->monthly <= 0 || f->monthly > 100000000) {
		snprintf(where, sizeof(where), "%s[%zu].monthly", list, i);
		return ds_fail(err, DS_EINPUT, where,
		               N_("an amount above zero and below 1,000,000.00"));
	}
	if (f->to != CORE_DATE_NONE && f->to < f->from) {
		snprintf(where, sizeof(where), "%s[%zu].to", list, i);
		return ds_fail(err, DS_EINPUT, where, N_("ends before it starts"));
	}
	if (!f->source[0]) {
		snprintf(where, sizeof(where), "%s[%zu].source", list, i);
		return ds_fail(err, DS_EINPUT, where,
		               N_("every figure needs its source"));
	}
	return DS_OK;
}

ds_status core_policy_ladder_validate(const core_policy *p, ds_error *err)
{
	const core_ladder_policy *l = &p->ladder;
	ds_status st;
	if (l->marginal.percent <= 100 || l->marginal.percent > 1000)
		return ds_fail(err, DS_EINPUT,
		               "ladder.marginal.line_percent_of_standard",
		               N_("the marginal line must be above the standard (above 100%% of it) and at most 1000%%"));
	if (l->marginal.financial_months < 1 || l->marginal.financial_months > 600)
		return ds_fail(err, DS_EINPUT,
		               "ladder.marginal.financial_months_of_standard",
		               N_("should be between 1 and 600"));
	if (l->rigid.percent < l->marginal.percent || l->rigid.percent > 1000)
		return ds_fail(err, DS_EINPUT,
		               "ladder.rigid_hardship.line_percent_of_standard",
		               N_("the rigid-hardship line cannot be below the marginal line, nor above 1000%%"));
	if (l->rigid.share_percent < 1 || l->rigid.share_percent > 100)
		return ds_fail(err, DS_EINPUT, "ladder.rigid_hardship.share_percent",
		               N_("should be between 1 and 100"));
	if ((unsigned)l->single.mode > CORE_SINGLE_FIXED)
		return ds_fail(err, DS_EINPUT, "ladder.single.mode",
		               N_("is as_one_person or fixed"));
	for (size_t i = 0; i < l->single.n_fixed; i++)
		if ((st = figure_check(&l->single.fixed[i], "ladder.single.fixed", i,
		                       err)))
			return st;
	if (l->destitute.percent < 0 || l->destitute.percent > 1000)
		return ds_fail(err, DS_EINPUT,
		               "ladder.destitute.basic_percent_of_standard",
		               N_("should be between 0 and 1000"));
	for (size_t i = 0; i < l->destitute.n_standards; i++)
		if ((st = figure_check(&l->destitute.standards[i],
		                       "ladder.destitute.standards", i, err)))
			return st;
	for (size_t i = 0; i < l->care.n; i++) {
		const core_ladder_figure *f = &l->care.allowances[i];
		if (f->level <= 0 || f->level >= CORE_SELF_CARE_END) {
			char where[96];
			snprintf(where, sizeof(where),
			         "ladder.care_allowances.list[%zu].self_care", i);
			return ds_fail(err, DS_EINPUT, where,
			               N_("unknown self-care level; use one of: %s"),
			               core_self_care_allowed());
		}
		if ((st = figure_check(f, "ladder.care_allowances.list", i, err)))
			return st;
	}
	for (size_t i = 0; i < l->illnesses.n; i++) {
		char where[96];
		snprintf(where, sizeof(where), "ladder.illnesses.list[%zu]", i);
		if ((st = core_text_check(l->illnesses.names[i], CORE_ILLNESS_MAX,
		                          true, where, err)))
			return st;
		for (size_t k = 0; k < i; k++)
			if (!strcmp(l->illnesses.names[k], l->illnesses.names[i]))
				return ds_fail(err, DS_EINPUT, where,
				               N_("%s is listed twice"),
				               l->illnesses.names[i]);
	}
	if (l->deduction.cap < 0 || l->deduction.cap > CORE_MONEY_MAX)
		return ds_fail(err, DS_EINPUT, "ladder.rigid_deduction.monthly_cap",
		               N_("the amount must be between 0 and 100,000,000,000.00"));
	for (int c = 0; c < CORE_CLASS_COUNT; c++)
		if (l->reverify.months[c] < 0 || l->reverify.months[c] > 36)
			return ds_fail(err, DS_EINPUT, "ladder.reverification",
			               N_("needs months between 1 and 36"));
	if (!l->marginal.source[0] || !l->rigid.source[0] ||
	    !l->single.source[0] || !l->destitute.source[0] ||
	    !l->care.source[0] || !l->illnesses.source[0] ||
	    !l->deduction.source[0] || !l->reverify.source[0])
		return ds_fail(err, DS_EINPUT, "ladder",
		               N_("every figure needs its source"));
	return DS_OK;
}

const core_ladder_figure *core_policy_ladder_figure(
        const core_ladder_figure *list, size_t n, core_self_care level,
        const char *region, core_date on)
{
	const core_ladder_figure *best = NULL;
	for (size_t i = 0; i < n; i++) {
		const core_ladder_figure *f = &list[i];
		if (f->level != level || on < f->from || on > f->to ||
		    strncmp(f->prefix, region, strlen(f->prefix)))
			continue;
		if (!best || strlen(f->prefix) > strlen(best->prefix))
			best = f;
	}
	return best;
}

bool core_policy_illness_listed(const core_policy *p, const char *id)
{
	for (size_t i = 0; id && i < p->ladder.illnesses.n; i++)
		if (!strcmp(p->ladder.illnesses.names[i], id))
			return true;
	return false;
}

static bool prefix_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 6)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool matches(const char *prefix, const char *region)
{
	return strncmp(prefix, region, strlen(prefix)) == 0;
}

static ds_status fail_at(ds_error *err, const char *list, size_t i,
                         const char *field, const char *fmt)
{
	char where[96];
	snprintf(where, sizeof(where), "%s[%zu].%s", list, i, field);
	return ds_fail(err, DS_EINPUT, where, fmt);
}

ds_status core_policy_validate(const core_policy *p, ds_error *err)
{
	if (!p->version[0])
		return ds_fail(err, DS_EINPUT, "version", N_("is missing"));
	if (p->effective < 0)
		return ds_fail(err, DS_EINPUT, "effective_from", N_("is missing"));
	if (!p->n_standards)
		return ds_fail(err, DS_EINPUT, "standards",
		               N_("a policy needs at least one standard"));
	for (size_t i = 0; i < p->n_standards; i++) {
		const core_standard *s = &p->standards[i];
		if (!prefix_ok(s->prefix))
			return fail_at(err, "standards", i, "region",
			               N_("a region prefix has 2 to 6 digits, e.g. 44 or 4401"));
		if (s->monthly <= 0 || s->monthly > 100000000)
			return fail_at(err, "standards", i, "monthly",
			               N_("a standard must be above zero and below 1,000,000.00"));
		if (s->to != CORE_DATE_NONE && s->to < s->from)
			return fail_at(err, "standards", i, "to",
			               N_("ends before it starts"));
		if (!s->source[0])
			return fail_at(err, "standards", i, "source",
			               N_("every figure needs its source"));
		if (s->adjust_permille < 0 || s->adjust_permille > 500)
			return fail_at(err, "standards", i, "adjust",
			               N_("the yearly adjustment must be between 0%% and 50%%"));
		for (size_t k = 0; k < i; k++) {
			const core_standard *o = &p->standards[k];
			if (strcmp(o->prefix, s->prefix) == 0 && s->from <= o->to &&
			    o->from <= s->to) {
				char other[32];
				snprintf(other, sizeof(other), "standards[%zu]", k);
				{
					char where[64];
					snprintf(where, sizeof(where), "standards[%zu].from", i);
					return ds_fail(err, DS_EINPUT, where,
					               N_("overlaps %s for the same region"),
					               other);
				}
			}
		}
	}
	for (size_t i = 0; i < p->n_topups; i++) {
		const core_topup *t = &p->topups[i];
		if (t->prefix[0] && !prefix_ok(t->prefix))
			return fail_at(err, "topups", i, "region",
			               N_("a region prefix has 2 to 6 digits, e.g. 44 or 4401"));
		if (t->monthly <= 0 || t->monthly > 100000000)
			return fail_at(err, "topups", i, "monthly",
			               N_("a top-up must be above zero and below 1,000,000.00"));
		if (!t->source[0])
			return fail_at(err, "topups", i, "source",
			               N_("every figure needs its source"));
	}
	if (p->income.window_months < 1 || p->income.window_months > 24)
		return ds_fail(err, DS_EINPUT, "income.window_months",
		               N_("should be between 1 and 24 months"));
	if (p->deduction.enabled && (p->deduction.percent_of_standard < 1 ||
	                             p->deduction.percent_of_standard > 100))
		return ds_fail(err, DS_EINPUT,
		               "income.employment_cost_deduction.percent_of_standard",
		               N_("should be between 1 and 100"));
	if (p->disregard.enabled &&
	    (p->disregard.months < 1 || p->disregard.months > 24))
		return ds_fail(err, DS_EINPUT, "income.earnings_disregard.months",
		               N_("should be between 1 and 24 months"));
	if (p->imputed.enabled &&
	    (p->imputed.monthly <= 0 || p->imputed.age_from < 14 ||
	     p->imputed.age_to <= p->imputed.age_from || p->imputed.age_to > 80))
		return ds_fail(err, DS_EINPUT, "income.imputed_income",
		               N_("needs a monthly amount above zero and a working age such as 16 to 60"));
	if (p->assets.financial_months < 1 || p->assets.financial_months > 600)
		return ds_fail(err, DS_EINPUT, "assets.financial_months_of_standard",
		               N_("should be between 1 and 600"));
	if (p->assets.homes_flag_at < 1 || p->assets.homes_flag_at > 99)
		return ds_fail(err, DS_EINPUT, "assets.homes_flag_at",
		               N_("should be between 1 and 99"));
	if (!p->transition.n_bands)
		return ds_fail(err, DS_EINPUT, "transition.bands",
		               N_("needs at least one band"));
	for (size_t i = 0; i < p->transition.n_bands; i++) {
		const core_band *b = &p->transition.bands[i];
		bool last = i + 1 == p->transition.n_bands;
		if (b->months < 1 || b->months > 36)
			return fail_at(err, "transition.bands", i, "months",
			               N_("should be between 1 and 36 months"));
		if (last && b->up_to_percent)
			return fail_at(err, "transition.bands", i, "up_to_percent",
			               N_("the last band takes everything above the others: leave out up_to_percent"));
		if (!last && (b->up_to_percent <= 100 ||
		              (i && b->up_to_percent <=
		                            p->transition.bands[i - 1].up_to_percent)))
			return fail_at(err, "transition.bands", i, "up_to_percent",
			               N_("bands must rise above 100%% of the standard, each above the one before"));
	}
	if (p->transition.warning_days < 0 || p->transition.warning_days > 365)
		return ds_fail(err, DS_EINPUT, "transition.warning_days",
		               N_("should be between 0 and 365"));
	if (p->warning.percent < 1 || p->warning.percent > 100)
		return ds_fail(err, DS_EINPUT, "early_warning.percent_of_standard",
		               N_("should be between 1 and 100"));
	if (p->reverify.stable_months < 1 || p->reverify.stable_months > 36 ||
	    p->reverify.watch_months < 1 ||
	    p->reverify.watch_months > p->reverify.stable_months)
		return ds_fail(err, DS_EINPUT, "reverification",
		               N_("needs months between 1 and 36, the watched interval no longer than the stable one"));
	if (p->casework.notice_days < 1 || p->casework.notice_days > 60 ||
	    p->casework.appeal_days < 1 || p->casework.appeal_days > 365)
		return ds_fail(err, DS_EINPUT, "casework",
		               N_("needs notice days between 1 and 60 and appeal days between 1 and 365"));
	if (p->investigation.visit_days < 1 || p->investigation.visit_days > 90)
		return ds_fail(err, DS_EINPUT, "investigation.visit_days",
		               N_("should be between 1 and 90"));
	if (p->ladder.set) {
		ds_status st = core_policy_ladder_validate(p, err);
		if (st)
			return st;
	}
	return core_relief_policy_check(&p->relief, err);
}

const core_standard *core_policy_standard(const core_policy *p,
                                          const char *region, core_date on,
                                          ds_error *err)
{
	const core_standard *best = NULL;
	char date[11];
	for (size_t i = 0; i < p->n_standards; i++) {
		const core_standard *s = &p->standards[i];
		if (!matches(s->prefix, region) || on < s->from || on > s->to)
			continue;
		if (!best || strlen(s->prefix) > strlen(best->prefix))
			best = s;
	}
	if (!best) {
		core_date_format(on, date);
		ds_fail(err, DS_EINPUT, "region",
		        N_("no standard is in force for region %s on %s in this policy"),
		        region, date);
	}
	return best;
}

ds_status core_policy_project(const core_policy *p, const char *region,
                              core_date on, core_fen *out,
                              const core_standard **base, int *years,
                              ds_error *err)
{
	const core_standard *latest = NULL;
	int y0, m0, d0, y1, m1, d1, n;
	core_fen v;
	for (size_t i = 0; i < p->n_standards; i++) {
		const core_standard *s = &p->standards[i];
		if (!matches(s->prefix, region) || s->from > on)
			continue;
		if (!latest || strlen(s->prefix) > strlen(latest->prefix) ||
		    (strlen(s->prefix) == strlen(latest->prefix) &&
		     s->from > latest->from))
			latest = s;
	}
	if (!latest) {
		char date[11];
		core_date_format(on, date);
		return ds_fail(err, DS_EINPUT, "region",
		               N_("no standard is in force for region %s on %s in this policy"),
		               region, date);
	}
	core_date_to_ymd(latest->from, &y0, &m0, &d0);
	core_date_to_ymd(on, &y1, &m1, &d1);
	n = y1 - y0 - ((m1 < m0 || (m1 == m0 && d1 < d0)) ? 1 : 0);
	if (n < 0)
		n = 0;
	v = latest->monthly;
	for (int k = 0; k < n && k < 100; k++) {
		/* v * (1000 + r) / 1000, rounded up to a whole yuan */
		core_fen raised = v * (1000 + latest->adjust_permille);
		v = (raised + 100000 - 1) / 100000 * 100;
	}
	*out = v;
	*base = latest;
	*years = n;
	return DS_OK;
}

core_fen core_policy_topup(const core_policy *p, const char *region,
                           unsigned categories, const core_topup **which)
{
	core_fen best = 0;
	*which = NULL;
	for (size_t i = 0; i < p->n_topups; i++) {
		const core_topup *t = &p->topups[i];
		if (!(categories & (1u << t->category)))
			continue;
		if (t->prefix[0] && !matches(t->prefix, region))
			continue;
		if (t->monthly > best) {
			best = t->monthly;
			*which = t;
		}
	}
	return best;
}

size_t core_policy_transition_band(const core_policy *p, core_fen standard,
                                   core_fen income, int members)
{
	for (size_t i = 0; i < p->transition.n_bands; i++) {
		const core_band *b = &p->transition.bands[i];
		/* income / members <= up_to% of S, kept in integers */
		if (!b->up_to_percent ||
		    income * 100 <= (core_fen)b->up_to_percent * standard * members)
			return i;
	}
	return p->transition.n_bands ? p->transition.n_bands - 1 : 0;
}

core_date core_policy_transition_warning(const core_policy *p,
                                         core_month last)
{
	return core_month_first_day(last) - p->transition.warning_days;
}

int core_policy_transition_months(const core_policy *p, core_fen standard,
                                  core_fen income, int members)
{
	if (!p->transition.n_bands)
		return 0;
	return p->transition.bands[core_policy_transition_band(p, standard, income,
	                                                       members)]
	        .months;
}

int core_policy_pick(const core_policy *const *versions, size_t n,
                     core_date on)
{
	int best = -1;
	for (size_t i = 0; i < n; i++) {
		if (versions[i]->effective > on)
			continue;
		/* equal dates: the later one given wins (a correction) */
		if (best < 0 || versions[i]->effective >= versions[best]->effective)
			best = (int)i;
	}
	return best;
}

/* ---- sources by key --------------------------------------------------------
 * The parts of a policy whose source a derivation step cites. Their keys
 * are written into recorded assessments: a key once used keeps its
 * meaning (add new parts, never rename one). */
#define POLICY_SOURCE_PARTS(X)                                               \
	X("income", income.source, income.source_zh)                        \
	X("income.window", income.window_source, income.window_source_zh)    \
	X("deduction", deduction.source, deduction.source_zh)                \
	X("disregard", disregard.source, disregard.source_zh)                \
	X("imputed", imputed.source, imputed.source_zh)                      \
	X("assets", assets.source, assets.source_zh)                         \
	X("transition", transition.source, transition.source_zh)             \
	X("warning", warning.source, warning.source_zh)                      \
	X("ladder.marginal", ladder.marginal.source,                         \
	  ladder.marginal.source_zh)                                         \
	X("ladder.rigid_hardship", ladder.rigid.source,                      \
	  ladder.rigid.source_zh)                                            \
	X("ladder.single", ladder.single.source, ladder.single.source_zh)    \
	X("ladder.destitute", ladder.destitute.source,                       \
	  ladder.destitute.source_zh)                                        \
	X("ladder.care", ladder.care.source, ladder.care.source_zh)          \
	X("ladder.illnesses", ladder.illnesses.source,                       \
	  ladder.illnesses.source_zh)                                        \
	X("ladder.deduction", ladder.deduction.source,                       \
	  ladder.deduction.source_zh)

/* The ladder's lists of figures, by key prefix ("ladder.care.N"). */
static const char *const ladder_lists[] = {
	"ladder.destitute.", "ladder.care.", "ladder.single.",
};
#define N_LADDER_LISTS (sizeof(ladder_lists) / sizeof(ladder_lists[0]))

static const core_ladder_figure *ladder_list(const core_policy *p, size_t l,
                                             size_t *n)
{
	switch (l) {
	case 0:
		*n = p->ladder.destitute.n_standards;
		return p->ladder.destitute.standards;
	case 1:
		*n = p->ladder.care.n;
		return p->ladder.care.allowances;
	default:
		*n = p->ladder.single.n_fixed;
		return p->ladder.single.fixed;
	}
}

static long source_index(const char *key, const char *prefix, size_t n);

bool core_policy_source_key(const core_policy *p, const char *src,
                            const char *zh, char key[CORE_SOURCE_KEY_MAX])
{
	if (!src || !zh)
		return false;
#define X(name, s, z)                                                        \
	if (p->s[0] && !strcmp(p->s, src) && !strcmp(p->z, zh)) {            \
		snprintf(key, CORE_SOURCE_KEY_MAX, "%s", name);              \
		return true;                                                 \
	}
	POLICY_SOURCE_PARTS(X)
#undef X
	for (size_t i = 0; i < p->n_standards; i++)
		if (!strcmp(p->standards[i].source, src) &&
		    !strcmp(p->standards[i].source_zh, zh)) {
			snprintf(key, CORE_SOURCE_KEY_MAX, "standards.%zu", i);
			return true;
		}
	for (size_t i = 0; i < p->n_topups; i++)
		if (!strcmp(p->topups[i].source, src) &&
		    !strcmp(p->topups[i].source_zh, zh)) {
			snprintf(key, CORE_SOURCE_KEY_MAX, "topups.%zu", i);
			return true;
		}
	for (size_t l = 0; l < N_LADDER_LISTS; l++) {
		size_t n;
		const core_ladder_figure *f = ladder_list(p, l, &n);
		for (size_t i = 0; i < n; i++)
			if (!strcmp(f[i].source, src) && !strcmp(f[i].source_zh, zh)) {
				snprintf(key, CORE_SOURCE_KEY_MAX, "%s%zu",
				         ladder_lists[l], i);
				return true;
			}
	}
	return false;
}

/* "standards.N" / "topups.N": N when key is prefix followed by digits
 * only, below n; else -1. */
static long source_index(const char *key, const char *prefix, size_t n)
{
	size_t len = strlen(prefix);
	long v = 0;
	const char *c;
	if (strncmp(key, prefix, len) || !key[len] || strlen(key + len) > 6)
		return -1;
	for (c = key + len; *c; c++) {
		if (*c < '0' || *c > '9')
			return -1;
		v = v * 10 + (*c - '0');
	}
	return (size_t)v < n ? v : -1;
}

bool core_policy_source_of(const core_policy *p, const char *key,
                           const char **src, const char **zh)
{
	long i;
	if (!key)
		return false;
#define X(name, s, z)                                                        \
	if (!strcmp(key, name)) {                                            \
		*src = p->s;                                                 \
		*zh = p->z;                                                  \
		return true;                                                 \
	}
	POLICY_SOURCE_PARTS(X)
#undef X
	if ((i = source_index(key, "standards.", p->n_standards)) >= 0) {
		*src = p->standards[i].source;
		*zh = p->standards[i].source_zh;
		return true;
	}
	if ((i = source_index(key, "topups.", p->n_topups)) >= 0) {
		*src = p->topups[i].source;
		*zh = p->topups[i].source_zh;
		return true;
	}
	for (size_t l = 0; l < N_LADDER_LISTS; l++) {
		size_t n;
		const core_ladder_figure *f = ladder_list(p, l, &n);
		if ((i = source_index(key, ladder_lists[l], n)) >= 0) {
			*src = f[i].source;
			*zh = f[i].source_zh;
			return true;
		}
	}
	return false;
}
