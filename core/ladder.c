/* ladder.c — the ladder of assistance: who is counted, incomes by months,
 * then destitute, dibao, dibao_single, marginal, rigid_hardship, none, in
 * integer fen, each rung tried a step with its figures and source. */
#include "ladder.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idnum.h"

/* Ages of the destitute's "no capacity to work" (《特困人员认定办法》 2021,
 * DOMAIN.md): 60 or over, or under 16 (a student to 18). 单人保 is for
 * adults (18). */
#define LADDER_OLD_AGE 60
#define LADDER_WORK_AGE 16

static const char *money(char buf[CORE_MONEY_BUF], core_fen f)
{
	core_money_format(f, buf);
	return buf;
}

static const char *num(char buf[24], long long v)
{
	snprintf(buf, 24, "%lld", v);
	return buf;
}

static const char *month_str(char buf[8], core_month m)
{
	core_month_format(m, buf);
	return buf;
}

/* x / d rounded half up, for x >= 0 and d > 0. */
static core_fen half_up(core_fen x, core_fen d)
{
	return (2 * x + d) / (2 * d);
}

/* ceil_to_yuan(S x percent / 100), exact: the product in hundredths of a
 * fen rounded up to a whole yuan (10,000 hundredths). */
static core_fen percent_ceil_yuan(core_fen S, int percent)
{
	core_fen v = S * percent;
	return (v + 9999) / 10000 * 100;
}

static long member_by_id(const core_household *h, const char *id)
{
	for (size_t i = 0; i < h->n_members; i++)
		if (!strcmp(h->members[i].id_number, id))
			return (long)i;
	return -1;
}

/* The months of the window: the window_months before the month of on. */
static void window(const core_policy *p, core_date on, core_month *first,
                   core_month *last)
{
	*last = core_month_of_date(on) - 1;
	*first = *last - p->income.window_months + 1;
}

ds_status core_ladder_validate(const core_household *h, const core_policy *p,
                               core_date on, ds_error *err)
{
	char field[96], m1[8], m2[8];
	core_month first, last;
	window(p, on, &first, &last);
	for (size_t i = 0; i < h->n_members; i++) {
		const core_member *m = &h->members[i];
		if (m->illness[0] && !core_policy_illness_listed(p, m->illness)) {
			snprintf(field, sizeof(field), "members[%zu].illness", i);
			return ds_fail(err, DS_EINPUT, field,
			               N_("%s is not on this policy's list of serious illnesses"),
			               m->illness);
		}
		for (size_t j = 0; j < m->n_incomes; j++) {
			bool any = false;
			if (m->incomes[j].basis != CORE_BASIS_MONTHS)
				continue;
			for (size_t k = 0; k < h->n_income_months; k++) {
				const core_income_month *x = &h->income_months[k];
				if (strcmp(x->id_number, m->id_number) ||
				    x->source != m->incomes[j].source)
					continue;
				if (x->month < first || x->month > last) {
					snprintf(field, sizeof(field),
					         "members[%zu].incomes[%zu].months.%s", i,
					         j, month_str(m1, x->month));
					return ds_fail(err, DS_EINPUT, field,
					               N_("is outside the income window, %s to %s"),
					               month_str(m1, first),
					               month_str(m2, last));
				}
				any = true;
			}
			if (!any) {
				snprintf(field, sizeof(field),
				         "members[%zu].incomes[%zu].months", i, j);
				return ds_fail(err, DS_EINPUT, field,
				               N_("no month is given in the income window, %s to %s"),
				               month_str(m1, first), month_str(m2, last));
			}
		}
	}
	return DS_OK;
}

/* ---- the counted household --------------------------------------------------- */

/* Facts steps gathered before core_assess runs (it starts the derivation
 * afresh), added after it and moved up to follow the standard. */
typedef struct {
	core_step_code code;
	char fig[8][CORE_MONEY_BUF + 40];
	int n;
} pending_step;

#define PENDING_MAX 400

typedef struct {
	size_t n, cap;
	bool dropped;        /* more than PENDING_MAX, or no memory for one
	                        more: the derivation is cut */
	pending_step *steps; /* grown as steps come: most households have
	                        none (a household's worth up front was an
	                        mmap and its page faults every assessment) */
} pending;

static void pend(pending *q, core_step_code code, int n, ...)
{
	va_list ap;
	pending_step *s;
	if (q->n >= PENDING_MAX) {
		q->dropped = true;
		return;
	}
	if (q->n == q->cap) {
		size_t nc = q->cap ? q->cap * 2 : 8;
		pending_step *ns;
		if (nc > PENDING_MAX)
			nc = PENDING_MAX;
		if (!(ns = realloc(q->steps, nc * sizeof(*ns)))) {
			q->dropped = true;
			return;
		}
		q->steps = ns;
		q->cap = nc;
	}
	s = &q->steps[q->n++];
	s->code = code;
	s->n = n;
	va_start(ap, n);
	for (int i = 0; i < n && i < 8; i++)
		snprintf(s->fig[i], sizeof(s->fig[i]), "%s", va_arg(ap, const char *));
	va_end(ap);
}

/* The household the tests are about: the counted members only, each
 * income's monthly figure from its months or its year. idx maps its
 * members to h's. */
static ds_status counted_household(const core_household *h,
                                   const core_policy *p, core_date on,
                                   core_household *c, size_t *idx,
                                   pending *q, ds_error *err)
{
	core_month first, last;
	char b1[CORE_MONEY_BUF], b2[CORE_MONEY_BUF], b3[24], m1[8], m2[8];
	window(p, on, &first, &last);
	core_household_init(c);
	*c = *h;
	c->members = NULL;
	c->n_members = 0;
	/* only what core_assess reads is kept; the lists are h's */
	c->vehicles = NULL;
	c->n_vehicles = 0;
	c->supporters = NULL;
	c->n_supporters = 0;
	c->rigid = NULL;
	c->n_rigid = 0;
	c->income_months = NULL;
	c->n_income_months = 0;
	if (h->n_vehicles) {
		c->vehicles = malloc(h->n_vehicles * sizeof(*c->vehicles));
		if (!c->vehicles)
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		memcpy(c->vehicles, h->vehicles, h->n_vehicles * sizeof(*c->vehicles));
		c->n_vehicles = h->n_vehicles;
	}
	c->members = malloc((h->n_members ? h->n_members : 1) * sizeof(*c->members));
	if (!c->members)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	for (size_t i = 0; i < h->n_members; i++) {
		const core_member *m = &h->members[i];
		core_member *d;
		if (m->excluded) {
			pend(q, CORE_STEP_EXCLUDED, 2, m->name,
			     core_exclusion_id(m->excluded));
			continue;
		}
		idx[c->n_members] = i;
		d = &c->members[c->n_members++];
		*d = *m;
		for (size_t j = 0; j < d->n_incomes; j++) {
			core_income *in = &d->incomes[j];
			const char *src = core_income_id(in->source);
			if (in->basis == CORE_BASIS_ANNUAL) {
				in->monthly = half_up(in->annual, 12);
				in->basis = CORE_BASIS_DECLARED; /* core_assess reads monthly */
				pend(q, CORE_STEP_INCOME_ANNUAL, 5, m->name, src,
				     money(b1, in->annual), money(b2, in->monthly), src);
			} else if (in->basis == CORE_BASIS_MONTHS) {
				core_fen sum = 0;
				int present = 0;
				for (core_month mo = first; mo <= last; mo++) {
					bool found = false;
					for (size_t k = 0; k < h->n_income_months; k++) {
						const core_income_month *x = &h->income_months[k];
						if (x->month == mo && x->source == in->source &&
						    !strcmp(x->id_number, m->id_number)) {
							sum += x->amount;
							present++;
							found = true;
							break;
						}
					}
					if (!found)
						pend(q, CORE_STEP_MONTH_MISSING, 4, m->name, src,
						     month_str(m1, mo), src);
				}
				if (!present) {
					char field[96];
					snprintf(field, sizeof(field),
					         "members[%zu].incomes[%zu].months", i, j);
					return ds_fail(err, DS_EINPUT, field,
					               N_("no month is given in the income window, %s to %s"),
					               month_str(m1, first), month_str(m2, last));
				}
				in->monthly = half_up(sum, present);
				in->basis = CORE_BASIS_DECLARED; /* core_assess reads monthly */
				{
					char f[8], l[8];
					pend(q, CORE_STEP_INCOME_MONTHS, 8, m->name, src,
					     num(b3, present), month_str(f, first),
					     month_str(l, last), money(b1, sum),
					     money(b2, in->monthly), src);
				}
			}
		}
	}
	return DS_OK;
}

/* Moves the steps [from, a->n_steps) to just after the first step (the
 * standard), keeping the order of both parts: three reversals. */
static void reverse(core_step *s, size_t lo, size_t hi) /* [lo, hi) */
{
	while (lo + 1 < hi) {
		core_step t = s[lo];
		s[lo++] = s[--hi];
		s[hi] = t;
	}
}

static void move_up(core_assessment *a, size_t from)
{
	if (from <= 1 || from >= a->n_steps)
		return;
	reverse(a->steps, 1, from);
	reverse(a->steps, from, a->n_steps);
	reverse(a->steps, 1, a->n_steps);
}

/* Drops the steps of the difference-filling (allowance, top-ups, what is
 * paid) from a derivation whose class pays none of it: destitute support
 * is a standard per person, with no difference-filling and no top-ups
 * (DOMAIN.md). The arena keeps their figures, unread. */
static void drop_fill_steps(core_assessment *a)
{
	size_t k = 0;
	for (size_t i = 0; i < a->n_steps; i++) {
		core_step_code c = a->steps[i].code;
		if (c == CORE_STEP_ALLOWANCE || c == CORE_STEP_TOPUP ||
		    c == CORE_STEP_PAYMENT)
			continue;
		a->steps[k++] = a->steps[i];
	}
	a->n_steps = k;
}

/* ---- the rungs ---------------------------------------------------------------- */

static bool assets_pass(const core_assessment *a)
{
	for (size_t i = 0; i < a->n_reasons; i++)
		if (a->reasons[i] == CORE_REASON_FINANCIAL ||
		    a->reasons[i] == CORE_REASON_VEHICLE)
			return false;
	return true;
}

static bool vehicle_refused(const core_assessment *a)
{
	for (size_t i = 0; i < a->n_reasons; i++)
		if (a->reasons[i] == CORE_REASON_VEHICLE)
			return true;
	return false;
}

static bool severe(const core_member *m, core_date on, bool *disabled)
{
	unsigned cats = core_member_categories(m, on);
	*disabled = cats & (1u << CORE_CAT_SEVERE_DISABILITY);
	return cats & ((1u << CORE_CAT_SEVERE_DISABILITY) |
	               (1u << CORE_CAT_SEVERE_ILLNESS));
}

static bool earns(const core_policy *p, const core_member *m)
{
	for (size_t i = 0; i < m->n_incomes; i++)
		if (p->income.earned[m->incomes[i].source] &&
		    m->incomes[i].monthly > 0)
			return true;
	return false;
}

/* Why a member cannot be destitute, as an identifier (tui/ words it), or
 * NULL when the member meets the three conditions. */
static const char *not_destitute(const core_member *m, core_fen own,
                                 core_fen S, core_date on)
{
	int age = core_idnum_age(m->id_number, on);
	bool dis;
	/* a minor in school keeps the support to 18 (DOMAIN.md) */
	bool student = age < CORE_ADULT_AGE &&
	               (m->categories & (1u << CORE_CAT_STUDENT));
	bool incapable = age >= LADDER_OLD_AGE || age < LADDER_WORK_AGE ||
	                 student || (severe(m, on, &dis) && dis);
	if (!incapable)
		return "can_work";
	if (own >= S)
		return "own_income_not_below_standard";
	return NULL;
}

/* Destitute: every counted member meets all three conditions. Fills the
 * payment; *met false with a step saying why not. */
static ds_status try_destitute(const core_household *h, const core_household *c,
                               const size_t *idx, const core_policy *p,
                               core_date on, core_assessment *a,
                               core_ladder *out, bool *met, ds_error *err)
{
	const core_ladder_policy *l = &p->ladder;
	char b1[CORE_MONEY_BUF], b2[CORE_MONEY_BUF], b3[CORE_MONEY_BUF],
	        n1[24], date[11];
	core_fen S = out->standard, basic;
	const core_ladder_figure *f;
	int n = (int)c->n_members;

	*met = false;
	for (size_t k = 0; k < c->n_members; k++) {
		const char *why = not_destitute(&c->members[k], a->member_income[k],
		                                S, on);
		if (why) {
			core_step_add(a, CORE_STEP_DESTITUTE_NOT, c->members[k].name, why,
			              l->destitute.source, l->destitute.source_zh);
			return DS_OK;
		}
	}
	for (size_t k = 0; k < h->n_supporters; k++)
		if (h->supporters[k].able) {
			core_step_add(a, CORE_STEP_DESTITUTE_NOT, h->supporters[k].name,
			              "supporter_able", l->destitute.source,
			              l->destitute.source_zh);
			return DS_OK;
		}
	if (!assets_pass(a)) {
		core_step_add(a, CORE_STEP_DESTITUTE_NOT, "", "assets_fail",
		              l->destitute.source, l->destitute.source_zh);
		return DS_OK;
	}
	*met = true;
	core_step_add(a, CORE_STEP_DESTITUTE_MET, num(n1, n), money(b1, S),
	              l->destitute.source, l->destitute.source_zh);
	core_date_format(on, date);
	if ((f = core_policy_ladder_figure(l->destitute.standards,
	                                   l->destitute.n_standards, 0, h->region,
	                                   on))) {
		basic = core_money_ceil_yuan(f->monthly);
		core_step_add(a, CORE_STEP_DESTITUTE_BASIC_LISTED, h->region, date,
		              money(b1, basic), f->source, f->source_zh);
	} else if (l->destitute.percent) {
		basic = percent_ceil_yuan(S, l->destitute.percent);
		core_step_add(a, CORE_STEP_DESTITUTE_BASIC_PERCENT,
		              num(n1, l->destitute.percent), money(b1, S),
		              money(b2, basic), l->destitute.source,
		              l->destitute.source_zh);
	} else {
		return ds_fail(err, DS_EINPUT, "ladder.destitute",
		               N_("this policy has no destitute basic-living standard for region %s on %s"),
		               h->region, date);
	}
	out->basic = basic;
	for (size_t k = 0; k < c->n_members; k++) {
		const core_member *m = &c->members[k];
		const char *lv = core_self_care_id(m->self_care);
		if (!m->self_care)
			continue;
		f = core_policy_ladder_figure(l->care.allowances, l->care.n,
		                              m->self_care, h->region, on);
		if (f) {
			out->care += f->monthly;
			core_step_add(a, CORE_STEP_CARE, m->name, lv,
			              money(b1, f->monthly), f->source, f->source_zh);
		} else if (m->self_care != CORE_SELF_CARE_FULL) {
			/* never an error that stops the basic standard */
			out->care_missing = true;
			core_step_add(a, CORE_STEP_CARE_MISSING, m->name, lv, h->region,
			              l->care.source, l->care.source_zh);
		}
	}
	if (out->care_missing)
		core_flag_add(a, "no_care_allowance", h->region);
	out->payment = basic * n + out->care;
	core_step_add(a, CORE_STEP_DESTITUTE_PAYMENT, money(b1, basic), num(n1, n),
	              money(b2, out->care), money(b3, out->payment));
	(void)idx;
	return DS_OK;
}

/* 单人保: each qualifying member of a household in the marginal band that
 * passes the marginal asset test. */
static ds_status try_single(const core_household *h, const core_household *c,
                            const size_t *idx, const core_policy *p,
                            core_date on, core_assessment *a,
                            core_ladder *out, ds_error *err)
{
	const core_ladder_policy *l = &p->ladder;
	char b1[CORE_MONEY_BUF], b2[CORE_MONEY_BUF], b3[CORE_MONEY_BUF],
	        b4[CORE_MONEY_BUF], n1[24], date[11];
	char names[CORE_MEMBERS_MAX * (CORE_NAME_MAX + 2)] = "";
	core_fen S = out->standard, total = 0;
	size_t o = 0;

	for (size_t k = 0; k < c->n_members; k++) {
		const core_member *m = &c->members[k];
		core_fen own = a->member_income[k], pay, up;
		const core_topup *t;
		bool dis;
		const char *why;
		if (core_idnum_age(m->id_number, on) < CORE_ADULT_AGE || earns(p, m) ||
		    !severe(m, on, &dis))
			continue;
		why = dis ? "severe_disability" : "severe_illness";
		if (l->single.mode == CORE_SINGLE_FIXED) {
			const core_ladder_figure *f = core_policy_ladder_figure(
			        l->single.fixed, l->single.n_fixed, 0, h->region, on);
			if (!f) {
				core_date_format(on, date);
				return ds_fail(err, DS_EINPUT, "ladder.single.fixed",
				               N_("this policy has no fixed 单人保 sum for region %s on %s"),
				               h->region, date);
			}
			pay = f->monthly;
			core_step_add(a, CORE_STEP_SINGLE_FIXED, m->name, why,
			              money(b1, pay), f->source, f->source_zh);
		} else {
			if (own >= S) /* nothing to fill */
				continue;
			pay = core_money_ceil_yuan(S - own);
			core_step_add(a, CORE_STEP_SINGLE_MEMBER, m->name, why,
			              money(b1, S), money(b2, own), money(b3, S - own),
			              money(b4, pay), l->single.source,
			              l->single.source_zh);
		}
		/* the member's top-ups, as a one-person household's */
		up = core_policy_topup(p, h->region, core_member_categories(m, on), &t);
		if (up) {
			core_step_add(a, CORE_STEP_TOPUP, m->name,
			              core_category_id(t->category), money(b1, up),
			              t->source, t->source_zh);
			pay += up;
			out->covered_topups += up;
		}
		out->covered[out->n_covered] = idx[k];
		out->covered_pay[out->n_covered++] = pay;
		total += pay;
		o += (size_t)snprintf(names + o, sizeof(names) - o, "%s%s",
		                      o ? ", " : "", m->name);
	}
	if (!out->n_covered) {
		core_step_add(a, CORE_STEP_SINGLE_NONE, l->single.source,
		              l->single.source_zh);
		return DS_OK;
	}
	out->payment = total;
	core_step_add(a, CORE_STEP_SINGLE_PAYMENT, names, money(b1, total),
	              num(n1, (long long)c->n_members));
	return DS_OK;
}

static int reverify_months(const core_policy *p, core_class cls,
                           const core_household *c)
{
	int m = p->ladder.reverify.months[cls];
	bool watch = false;
	if (m || cls == CORE_CLASS_NONE)
		return m;
	/* as reverification says: watched when someone can work or income is
	 * irregular */
	for (size_t k = 0; k < c->n_members; k++) {
		watch |= c->members[k].able_to_work;
		for (size_t j = 0; j < c->members[k].n_incomes; j++)
			watch |= c->members[k].incomes[j].irregular;
	}
	return watch ? p->reverify.watch_months : p->reverify.stable_months;
}

ds_status core_ladder_assess(const core_household *h, const core_policy *p,
                             core_date on, const core_case_now *now,
                             core_assessment *a, core_ladder *out,
                             ds_error *err)
{
	const core_ladder_policy *l = &p->ladder;
	char b1[CORE_MONEY_BUF], b2[CORE_MONEY_BUF], b3[CORE_MONEY_BUF],
	        b4[CORE_MONEY_BUF], n1[24], n2[24];
	core_household c;
	size_t idx[CORE_MEMBERS_MAX];
	pending q = {0, 0, false, NULL};
	core_fen S, H, R = 0, deduct = 0;
	int n;
	bool met, in_band, marginal_assets;
	ds_status st;
	size_t facts_from;

	memset(out, 0, sizeof(*out));
	out->cls = CORE_CLASS_NONE;
	if (!l->set)
		return ds_fail(err, DS_EINPUT, "ladder",
		               N_("this policy has no figures for the ladder of assistance"));
	if ((st = core_ladder_validate(h, p, on, err)))
		return st;
	if ((st = counted_household(h, p, on, &c, idx, &q, err)))
		goto out;
	if (!c.n_members) {
		st = ds_fail(err, DS_EINPUT, "members",
		             N_("everyone is left out of the household count (excluded); at least one member must be counted"));
		goto out;
	}
	/* rigid spending of the counted members over the last 12 months, and
	 * the deduction when the policy has it (its monthly average) */
	for (size_t k = 0; k < h->n_rigid; k++) {
		long i = member_by_id(h, h->rigid[k].id_number);
		if (i < 0 || h->members[i].excluded)
			continue;
		R += h->rigid[k].annual;
		if (l->deduction.enabled && l->deduction.kinds[h->rigid[k].kind])
			deduct += h->rigid[k].annual;
	}
	if (deduct) {
		deduct = half_up(deduct, 12);
		if (l->deduction.cap && deduct > l->deduction.cap)
			deduct = l->deduction.cap;
	}
	if ((st = core_assess_deducting(&c, p, on, now, deduct,
	                                l->deduction.enabled ? R : 0,
	                                l->deduction.cap, a, err)))
		goto out;
	facts_from = a->n_steps;
	for (size_t i = 0; i < q.n; i++) {
		const pending_step *s = &q.steps[i];
		const char *f[8];
		for (int k = 0; k < 8; k++)
			f[k] = k < s->n ? s->fig[k] : "";
		core_step_add(a, s->code, f[0], f[1], f[2], f[3], f[4], f[5], f[6],
		              f[7]);
	}
	move_up(a, facts_from);
	if (q.dropped) /* never silently: the derivation says it is cut */
		a->truncated = true;

	S = out->standard = a->standard;
	H = out->income = a->counted_income;
	n = out->members = (int)c.n_members;
	out->rigid_annual = R;
	out->deducted = deduct;

	/* 1. destitute */
	if ((st = try_destitute(h, &c, idx, p, on, a, out, &met, err)))
		goto out;
	if (met) {
		out->cls = CORE_CLASS_DESTITUTE;
		drop_fill_steps(a);
		goto done;
	}
	/* 2. dibao (core_assess's tests) */
	if (a->eligible) {
		core_step_add(a, CORE_STEP_DIBAO_MET, money(b1, a->per_capita),
		              money(b2, S));
		out->cls = CORE_CLASS_DIBAO;
		out->payment = a->payment;
		goto done;
	}
	/* 3. 单人保, in the marginal band with the marginal asset test */
	in_band = H >= S * n &&
	          H * 100 < (core_fen)l->marginal.percent * S * n;
	{
		core_fen line100 = (core_fen)l->marginal.percent * S;
		char e1[CORE_MONEY_BUF + 4], e2[CORE_MONEY_BUF + 4];
		/* the line in yuan with its exact fen (percent of S in
		 * hundredths of a fen, shown to the fen, rounded down) */
		money(e1, line100 / 100);
		money(e2, line100 * n / 100);
		if (in_band)
			core_step_add(a, CORE_STEP_MARGINAL_BAND,
			              money(b1, a->per_capita), money(b2, S),
			              num(n1, l->marginal.percent), e1, e2,
			              l->marginal.source, l->marginal.source_zh);
		else if (H >= S * n)
			core_step_add(a, CORE_STEP_MARGINAL_ABOVE,
			              money(b1, a->per_capita),
			              num(n1, l->marginal.percent), e1, e2,
			              l->marginal.source, l->marginal.source_zh);
	}
	marginal_assets = false;
	if (in_band) {
		core_fen limit = (core_fen)l->marginal.financial_months * S * n;
		marginal_assets = h->financial <= limit && !vehicle_refused(a);
		core_step_add(a, h->financial <= limit ? CORE_STEP_MARGINAL_ASSETS_OK
		                                       : CORE_STEP_MARGINAL_ASSETS_OVER,
		              money(b1, h->financial),
		              num(n1, l->marginal.financial_months), num(n2, n),
		              money(b2, limit), l->marginal.source,
		              l->marginal.source_zh);
		if (vehicle_refused(a))
			core_step_add(a, CORE_STEP_MARGINAL_VEHICLE, l->marginal.source,
			              l->marginal.source_zh);
	}
	if (in_band && marginal_assets) {
		if ((st = try_single(h, &c, idx, p, on, a, out, err)))
			goto out;
		if (out->n_covered) {
			out->cls = CORE_CLASS_DIBAO_SINGLE;
			goto done;
		}
		/* 4. marginal */
		out->cls = CORE_CLASS_MARGINAL;
		core_step_add(a, CORE_STEP_MARGINAL_MET,
		              num(n1, reverify_months(p, CORE_CLASS_MARGINAL, &c)),
		              l->marginal.source, l->marginal.source_zh);
		goto done;
	}
	/* 5. rigid-expenditure hardship: below its line, the dibao asset
	 * rules, spending at least the share of 12 x H (exactly qualifies) */
	{
		const char *why = NULL;
		core_fen limit = (core_fen)l->rigid.percent * S * n; /* x 100 */
		if (H * 100 >= limit)
			why = "income_not_below_line";
		else if (!assets_pass(a))
			why = "assets_fail";
		else if (R <= 0)
			why = "no_rigid_spending";
		else if (R * 100 < (core_fen)l->rigid.share_percent * 12 * H)
			why = "share_not_reached";
		if (why) {
			core_step_add(a, CORE_STEP_RIGID_NOT, why, l->rigid.source,
			              l->rigid.source_zh);
		} else {
			out->cls = CORE_CLASS_RIGID_HARDSHIP;
			core_step_add(a, CORE_STEP_RIGID_MET, num(n1, l->rigid.percent),
			              money(b1, limit / 100), money(b2, R),
			              num(n2, l->rigid.share_percent),
			              money(b3, (core_fen)l->rigid.share_percent * 12 * H /
			                                100),
			              num((char[24]){0},
			                  reverify_months(p, CORE_CLASS_RIGID_HARDSHIP, &c)),
			              l->rigid.source, l->rigid.source_zh);
			goto done;
		}
	}
	/* 6. none */
	core_step_add(a, CORE_STEP_CLASS_NONE, money(b1, a->per_capita));
done:
	out->class_payment = out->payment;
	/* a household in its withdrawal months is paid what the withdrawal
	 * pays when that is more than its class pays (DOMAIN.md: it takes
	 * its class when the withdrawal ends) */
	if (now && now->receiving && now->class_known &&
	    now->class_now == CORE_CLASS_DESTITUTE &&
	    out->cls != CORE_CLASS_DESTITUTE && out->payment < now->allowance) {
		core_transition_plan(p, now->allowance, S, H, n,
		                     core_month_of_date(on) + 1,
		                     p->transition.taper, &out->withdrawal);
		out->has_withdrawal = true;
		if (out->withdrawal.payments[0] > out->payment) {
			core_step_add(a, CORE_STEP_CLASS_PAID_WITHDRAWAL,
			              money(b1, out->withdrawal.payments[0]),
			              money(b4, out->payment));
			out->payment = out->withdrawal.payments[0];
			out->in_withdrawal = true;
		}
	} else if (a->has_transition && a->payment > out->payment &&
	           out->cls != CORE_CLASS_DESTITUTE &&
	           !(out->cls == CORE_CLASS_DIBAO_SINGLE && now->class_known &&
	             now->class_now == CORE_CLASS_DIBAO_SINGLE)) {
		/* a receiving household at or above S: the withdrawal of what
		 * it received — a dibao household (every receiving case whose
		 * class is not known was one) even when a member is now
		 * covered alone; a 单人保 household only when it leaves that
		 * class (while it stays, its members' sums are what it gets) */
		core_step_add(a, CORE_STEP_CLASS_PAID_WITHDRAWAL, money(b1, a->payment),
		              money(b4, out->payment));
		out->payment = a->payment;
		out->in_withdrawal = true;
	}
	out->reverify_months = reverify_months(p, out->cls, &c);
	core_step_add(a, CORE_STEP_CLASS, core_class_id(out->cls));
	st = DS_OK;
out:
	free(q.steps);
	core_household_free(&c);
	return st;
}

ds_status core_assess_ladder(const core_household *h, const core_policy *p,
                             core_date on, const core_case_now *now,
                             core_assessment *a, ds_error *err)
{
	core_ladder l;
	ds_status st;
	if (!p->ladder.set)
		return core_assess(h, p, on, now, a, err);
	if ((st = core_ladder_assess(h, p, on, now, a, &l, err)))
		return st;
	a->classified = true;
	a->cls = l.cls;
	a->reverify_months = l.reverify_months;
	a->n_covered = l.n_covered;
	for (size_t k = 0; k < l.n_covered; k++) {
		a->covered[k] = l.covered[k];
		a->covered_pay[k] = l.covered_pay[k];
	}
	a->class_payment = l.class_payment;
	if (l.in_withdrawal) {
		/* leaving: the withdrawal's month (the destitute's own schedule
		 * when it is theirs) */
		a->eligible = false;
		a->payment = l.payment;
		a->allowance = 0;
		a->topups = 0;
		if (l.has_withdrawal) {
			a->has_transition = true;
			a->transition_continues = false;
			a->transition = l.withdrawal;
		}
		/* a class that pays cash (单人保, or dibao after destitute
		 * support): no month of the withdrawal below it; the visit due
		 * before its end (the withdrawal's warning) decides the class's
		 * payment from then */
		if (l.class_payment > 0 && a->has_transition) {
			char b1[CORE_MONEY_BUF], mo[8];
			core_transition *t = &a->transition;
			for (int k = 0; k < t->months && k < CORE_SCHEDULE_MAX; k++)
				if (t->payments[k] < l.class_payment)
					t->payments[k] = l.class_payment;
			if (a->payment < l.class_payment)
				a->payment = l.class_payment;
			core_month_format(t->last, mo);
			core_step_add(a, CORE_STEP_CLASS_AFTER_WITHDRAWAL,
			              money(b1, l.class_payment), mo);
		} else if (a->has_transition) {
			/* recorded with the referral: what it is after (DOMAIN.md:
			 * often marginal, not "nothing") */
			core_step_add(a, CORE_STEP_CLASS_THEN, core_class_id(l.cls));
		}
		return DS_OK;
	}
	/* a withdrawal the class pays more than is not paid */
	a->has_transition = false;
	a->transition_continues = false;
	switch (l.cls) {
	case CORE_CLASS_DESTITUTE:
		/* the basic standard and the care allowances are both the
		 * destitute support, paid as its allowance: top-ups (分类施保)
		 * are never a destitute household's (DOMAIN.md); the
		 * derivation's steps give each part */
		a->eligible = true;
		a->n_reasons = 0;
		a->allowance = l.payment;
		a->topups = 0;
		a->payment = l.payment;
		a->warning = false; /* income's approach to S says nothing here */
		break;
	case CORE_CLASS_DIBAO:
		break;
	case CORE_CLASS_DIBAO_SINGLE:
		a->eligible = true;
		a->n_reasons = 0;
		a->topups = l.covered_topups <= l.payment ? l.covered_topups : 0;
		a->allowance = l.payment - a->topups;
		a->payment = l.payment;
		break;
	default: /* marginal, rigid_hardship, none: no cash */
		a->eligible = false;
		a->allowance = 0;
		a->topups = 0;
		a->payment = 0;
		break;
	}
	return DS_OK;
}
