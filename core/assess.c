/* assess.c — eligibility, allowance, top-ups, assets, early warning and
 * gradual withdrawal, in integer fen, each step recorded with its figures. */
#include "assess.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "idnum.h"

/* ---- steps and their templates ------------------------------------------- */

#define X(e, id, tpl, ...) static const char *const fig_##e[] = {__VA_ARGS__, NULL};
CORE_STEP_LIST(X)
#undef X

static const struct {
	const char *id;
	const char *tpl;
	const char *const *figures;
} steps[] = {
#define X(e, id, tpl, ...) {id, tpl, fig_##e},
	CORE_STEP_LIST(X)
#undef X
};

static const struct {
	const char *id;
	const char *text;
} reasons[] = {
#define X(e, id, text) {id, text},
	CORE_REASON_LIST(X)
#undef X
};

const char *core_step_id(core_step_code c)
{
	return (unsigned)c < CORE_STEP_COUNT ? steps[c].id : "?";
}

const char *core_step_template(core_step_code c)
{
	return (unsigned)c < CORE_STEP_COUNT ? steps[c].tpl : "";
}

const char *const *core_step_figures(core_step_code c, int *n)
{
	int k = 0;
	if ((unsigned)c >= CORE_STEP_COUNT) {
		*n = 0;
		return NULL;
	}
	while (steps[c].figures[k])
		k++;
	*n = k;
	return steps[c].figures;
}

const char *core_reason_id(core_reason r)
{
	return (unsigned)r < CORE_REASON_COUNT ? reasons[r].id : "?";
}

const char *core_reason_text(core_reason r)
{
	return (unsigned)r < CORE_REASON_COUNT ? reasons[r].text : "";
}

const char *core_step_value(const core_assessment *a, const core_step *st,
                            int i)
{
	if (i < 0 || i >= st->n || st->off[i] >= a->text_len)
		return "";
	return a->text + st->off[i];
}

void core_step_render(const core_assessment *a, const core_step *st,
                      const char *tpl, core_figure_map map, char *out,
                      size_t len)
{
	int nfig;
	const char *const *names = core_step_figures(st->code, &nfig);
	size_t o = 0;
	if (!len)
		return;
	while (*tpl && o + 1 < len) {
		const char *close;
		if (*tpl == '{' && (close = strchr(tpl, '}'))) {
			size_t n = (size_t)(close - tpl - 1);
			int hit = -1;
			for (int i = 0; i < nfig && i < st->n; i++)
				if (strlen(names[i]) == n &&
				    strncmp(names[i], tpl + 1, n) == 0)
					hit = i;
			if (hit >= 0) {
				const char *v = core_step_value(a, st, hit);
				size_t vl;
				if (map)
					v = map(names[hit], v);
				vl = strlen(v);
				if (o + vl >= len)
					vl = len - o - 1;
				memcpy(out + o, v, vl);
				o += vl;
				tpl = close + 1;
				continue;
			}
		}
		out[o++] = *tpl++;
	}
	/* Cut short: never end inside a UTF-8 sequence, but keep a last
	 * character that is whole. */
	if (o + 1 >= len) {
		size_t k = o;
		while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80)
			k--;
		if (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0xC0) {
			unsigned char lead = (unsigned char)out[k - 1];
			size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
			if (o - (k - 1) < need)
				o = k - 1;
		}
	}
	out[o] = '\0';
}

/* Keeps a figure in the arena; returns its offset. */
static uint32_t keep(core_assessment *a, const char *v)
{
	size_t n = strlen(v ? v : "");
	uint32_t off = (uint32_t)a->text_len;
	if (a->text_len + n + 1 > sizeof(a->text)) {
		a->truncated = true;
		return (uint32_t)sizeof(a->text); /* reads as "" */
	}
	memcpy(a->text + a->text_len, v ? v : "", n + 1);
	a->text_len += n + 1;
	return off;
}

static void add_step_v(core_assessment *a, core_step_code code, va_list ap)
{
	core_step *st;
	int nfig;
	if (a->n_steps >= CORE_STEPS_MAX) {
		a->truncated = true;
		return;
	}
	st = &a->steps[a->n_steps++];
	st->code = code;
	st->n = 0;
	core_step_figures(code, &nfig);
	for (int i = 0; i < nfig && i < CORE_STEP_FIGURES; i++) {
		st->off[i] = keep(a, va_arg(ap, const char *));
		st->n = i + 1;
	}
}

/* Adds a step with its figures, in the order of the template's names. */
static void add_step(core_assessment *a, core_step_code code, ...)
{
	va_list ap;
	va_start(ap, code);
	add_step_v(a, code, ap);
	va_end(ap);
}

void core_step_add(core_assessment *a, core_step_code code, ...)
{
	va_list ap;
	va_start(ap, code);
	add_step_v(a, code, ap);
	va_end(ap);
}

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

void core_flag_add(core_assessment *a, const char *rule, const char *detail)
{
	if (a->n_flags >= CORE_FLAGS_MAX)
		return;
	snprintf(a->flags[a->n_flags].rule, sizeof(a->flags[0].rule), "%s", rule);
	snprintf(a->flags[a->n_flags].detail, sizeof(a->flags[0].detail), "%s",
	         detail);
	a->n_flags++;
}

static void add_flag(core_assessment *a, const char *rule, const char *detail)
{
	core_flag_add(a, rule, detail);
}

/* ---- gradual withdrawal ---------------------------------------------------- */

core_fen core_transition_payment(core_fen previous, int k, int n,
                                 core_taper taper)
{
	core_fen num_, den;
	if (taper == CORE_TAPER_HOLD || n <= 0)
		return previous;
	/* ceil_to_yuan(A0 x (n - k + 1) / n): the exact fraction, then up to
	 * a whole yuan, in one integer division. */
	num_ = previous * (n - k + 1);
	den = (core_fen)n * 100;
	return (num_ + den - 1) / den * 100;
}

core_fen core_transition_paid_in(const core_transition *t, core_month m,
                                 int *k)
{
	int i = (int)(m - t->first);
	if (k)
		*k = 0;
	if (m < t->first || i >= t->months || i >= CORE_SCHEDULE_MAX)
		return 0;
	if (k)
		*k = i + 1;
	return t->payments[i];
}

/* A schedule's last month, its warning and its referral, from its first
 * month and length. */
static void schedule_dates(core_transition *t, const core_policy *p)
{
	t->last = t->first + t->months - 1;
	t->warning = core_policy_transition_warning(p, t->last);
	t->referral = core_month_first_day(t->last + 1);
}

static void plan_months(core_transition *out, int months, core_fen previous,
                        core_month start, core_taper taper,
                        const core_policy *p)
{
	out->months = months > CORE_SCHEDULE_MAX ? CORE_SCHEDULE_MAX : months;
	out->taper = taper;
	out->previous = previous;
	out->first = start;
	schedule_dates(out, p);
	for (int k = 1; k <= out->months; k++)
		out->payments[k - 1] =
		        core_transition_payment(previous, k, out->months, taper);
}

static core_fen schedule_total(const core_transition *t)
{
	core_fen sum = 0;
	for (int k = 0; k < t->months; k++)
		sum += t->payments[k];
	return sum;
}

void core_transition_plan(const core_policy *p, core_fen previous,
                          core_fen standard, core_fen income, int members,
                          core_month start, core_taper taper,
                          core_transition *out)
{
	size_t band;
	memset(out, 0, sizeof(*out));
	if (!p->transition.n_bands || members < 1)
		return;
	band = core_policy_transition_band(p, standard, income, members);
	plan_months(out, p->transition.bands[band].months, previous, start, taper,
	            p);
	/* Above a band's limit by a little: the longer band's months, each
	 * less the excess, while that gives more in all (DOMAIN.md: no drop
	 * in support as income rises by one fen). */
	if (band > 0 &&
	    p->transition.bands[band - 1].months > p->transition.bands[band].months) {
		const core_band *lower = &p->transition.bands[band - 1];
		core_fen excess100 = income * 100 -
		                     (core_fen)lower->up_to_percent * standard * members;
		core_transition longer;
		memset(&longer, 0, sizeof(longer));
		plan_months(&longer, lower->months, previous, start, taper, p);
		for (int k = 0; k < longer.months; k++) {
			core_fen left = longer.payments[k] * 100 - excess100;
			/* up to a whole yuan, as every payment of a schedule */
			longer.payments[k] = left <= 0 ? 0 : (left + 9999) / 10000 * 100;
		}
		/* a month that would pay nothing is no month of it */
		while (longer.months > 1 && !longer.payments[longer.months - 1])
			longer.months--;
		schedule_dates(&longer, p);
		if (excess100 > 0 && schedule_total(&longer) > schedule_total(out)) {
			longer.relief_excess100 = excess100;
			longer.relief_band_percent = lower->up_to_percent;
			*out = longer;
		}
	}
}

/* An exact amount given in hundredths of a fen (a percentage of a sum in
 * fen), in yuan: two decimals, more only when they are not zero
 * ("1747.50", "1330.515"). */
static const char *exact_money(char buf[CORE_MONEY_BUF + 4], core_fen v100)
{
	int rem = (int)(v100 % 100);
	size_t n;
	core_money_format(v100 / 100, buf);
	n = strlen(buf);
	if (rem % 10)
		snprintf(buf + n, 4, "%02d", rem);
	else if (rem)
		snprintf(buf + n, 4, "%d", rem / 10);
	return buf;
}

/* Why the schedule is as long as it is: the band the exact per-capita
 * income (H / n, compared as H x 100 against percent x S x n) falls in. */
static void band_step(core_assessment *a, const core_policy *p, core_fen S,
                      core_fen H, int n, int months)
{
	char b1[CORE_MONEY_BUF], b2[CORE_MONEY_BUF], b3[24], b4[24],
	        b5[CORE_MONEY_BUF + 4], b6[CORE_MONEY_BUF + 4], b7[24];
	size_t i = core_policy_transition_band(p, S, H, n);
	const core_band *b = &p->transition.bands[i];
	int pct;
	/* the band's own months (a schedule kept longer at its edge says
	 * so in a step of its own) */
	(void)months;
	months = b->months;
	core_step_code code;
	if (b->up_to_percent) {
		pct = b->up_to_percent;
		code = CORE_STEP_BAND_WITHIN;
	} else if (i > 0) {
		pct = p->transition.bands[i - 1].up_to_percent;
		code = CORE_STEP_BAND_ABOVE;
	} else {
		add_step(a, CORE_STEP_BAND_ALL, num(b7, months), p->transition.source,
		         p->transition.source_zh);
		return;
	}
	add_step(a, code, money(b1, H / n), money(b2, H), num(b3, n),
	         num(b4, pct), exact_money(b5, (core_fen)pct * S),
	         exact_money(b6, (core_fen)pct * S * n), num(b7, months),
	         p->transition.source, p->transition.source_zh);
}

/* Why a household just above a band's limit keeps the longer band's
 * months, reduced. */
static void relief_step(core_assessment *a, const core_policy *p,
                        core_fen S, core_fen H, int n,
                        const core_transition *t)
{
	char b1[24], b2[24], b3[CORE_MONEY_BUF], b4[24], b5[CORE_MONEY_BUF],
	        b6[CORE_MONEY_BUF];
	core_transition own;
	size_t band = core_policy_transition_band(p, S, H, n);
	/* a payment in whole yuan less an exact excess, rounded up to a yuan,
	 * is the payment less the excess's whole yuan */
	core_fen excess = t->relief_excess100 / 10000 * 100;
	memset(&own, 0, sizeof(own));
	plan_months(&own, p->transition.bands[band].months, t->previous, t->first,
	            t->taper, p);
	add_step(a, CORE_STEP_BAND_RELIEF, num(b1, t->relief_band_percent),
	         num(b2, t->months), money(b3, excess), num(b4, own.months),
	         money(b5, schedule_total(&own)), money(b6, schedule_total(t)),
	         p->transition.source, p->transition.source_zh);
}

static void transition_steps(core_assessment *a, const core_policy *p,
                             const core_transition *t)
{
	char b1[CORE_MONEY_BUF], b2[24], b3[8], b4[8], b5[24], b6[24];
	add_step(a, CORE_STEP_TRANSITION, money(b1, t->previous),
	         num(b2, t->months), month_str(b3, t->first),
	         month_str(b4, t->last), core_taper_id(t->taper),
	         p->transition.source, p->transition.source_zh);
	for (int k = 1; k <= t->months; k++)
		add_step(a, CORE_STEP_TRANSITION_MONTH,
		         month_str(b3, t->first + k - 1),
		         money(b1, t->payments[k - 1]), num(b5, k),
		         num(b6, t->months));
	add_step(a, CORE_STEP_REFERRAL, month_str(b4, t->last));
}

/* ---- the assessment ---------------------------------------------------------- */

/* ---- incomes given by months or by the year ---------------------------------- */

/* The policy's income window for an assessment on `on`: the window_months
 * before its month. */
static void income_window(const core_policy *p, core_date on, core_month *first,
                          core_month *last)
{
	*last = core_month_of_date(on) - 1;
	*first = *last - p->income.window_months + 1;
}

/* x / d rounded half up, to the fen */
static core_fen div_half_up(core_fen x, core_fen d)
{
	return (x * 2 + d) / (2 * d);
}

/* An income as a month's figure: as declared; a year's divided by 12; the
 * average of the months given in the window (present of them, summing
 * sum), a month with no figure left out, never read as zero. */
static core_fen monthly_of(const core_policy *p, const core_household *h,
                           const core_member *m, const core_income *in,
                           core_date on, int *present, core_fen *sum)
{
	core_month first, last;
	*present = 0;
	*sum = 0;
	if (in->basis == CORE_BASIS_ANNUAL)
		return div_half_up(in->annual, 12);
	if (in->basis != CORE_BASIS_MONTHS)
		return in->monthly;
	income_window(p, on, &first, &last);
	for (size_t k = 0; k < h->n_income_months; k++) {
		const core_income_month *x = &h->income_months[k];
		if (x->month >= first && x->month <= last && x->source == in->source &&
		    !strcmp(x->id_number, m->id_number)) {
			*sum += x->amount;
			(*present)++;
		}
	}
	return *present ? div_half_up(*sum, *present) : 0;
}

/* An income given by months with none in the window cannot be averaged:
 * the assessment is refused naming it, as the ladder refuses it. */
static ds_status months_in_window(const core_policy *p, const core_household *h,
                                  core_date on, ds_error *err)
{
	for (size_t i = 0; i < h->n_members; i++)
		for (size_t j = 0; j < h->members[i].n_incomes; j++) {
			const core_income *in = &h->members[i].incomes[j];
			core_fen sum;
			int present;
			char field[96], m1[8], m2[8];
			core_month first, last;
			if (in->basis != CORE_BASIS_MONTHS)
				continue;
			monthly_of(p, h, &h->members[i], in, on, &present, &sum);
			if (present)
				continue;
			income_window(p, on, &first, &last);
			snprintf(field, sizeof(field), "members[%zu].incomes[%zu].months", i, j);
			core_month_format(first, m1);
			core_month_format(last, m2);
			return ds_fail(err, DS_EINPUT, field,
			               N_("no month is given in the income window, %s to %s"), m1,
			               m2);
		}
	return DS_OK;
}

/* The steps that say how an income by months or by the year became a
 * month's figure. */
static void monthly_steps(core_assessment *a, const core_policy *p,
                          const core_household *h, const core_member *m,
                          const core_income *in, core_date on, core_fen monthly,
                          int present, core_fen sum)
{
	char b1[CORE_MONEY_BUF], b2[CORE_MONEY_BUF], b3[24], f[8], l[8], mo[8];
	const char *src = core_income_id(in->source);
	core_month first, last;
	if (in->basis == CORE_BASIS_ANNUAL) {
		add_step(a, CORE_STEP_INCOME_ANNUAL, m->name, src, money(b1, in->annual),
		         money(b2, monthly), src);
		return;
	}
	if (in->basis != CORE_BASIS_MONTHS)
		return;
	income_window(p, on, &first, &last);
	for (core_month x = first; x <= last; x++) {
		bool found = false;
		for (size_t k = 0; !found && k < h->n_income_months; k++)
			found = h->income_months[k].month == x &&
			        h->income_months[k].source == in->source &&
			        !strcmp(h->income_months[k].id_number, m->id_number);
		if (!found)
			add_step(a, CORE_STEP_MONTH_MISSING, m->name, src, month_str(mo, x), src);
	}
	add_step(a, CORE_STEP_INCOME_MONTHS, m->name, src, num(b3, present),
	         month_str(f, first), month_str(l, last), money(b1, sum),
	         money(b2, monthly), src);
}

static bool employed(const core_policy *p, const core_household *h, const core_member *m,
                     core_date on)
{
	for (size_t i = 0; i < m->n_incomes; i++) {
		int present;
		core_fen sum;
		if (p->income.earned[m->incomes[i].source] &&
		    monthly_of(p, h, m, &m->incomes[i], on, &present, &sum) > 0)
			return true;
	}
	return false;
}

/* Counted income of one member, steps recorded. */
static core_fen member_income(core_assessment *a, const core_policy *p,
                              const core_household *h, const core_member *m,
                              core_date on, core_fen standard)
{
	char b1[CORE_MONEY_BUF], b2[CORE_MONEY_BUF], b3[8], b4[24];
	core_month now = core_month_of_date(on);
	core_fen counted = 0, earned = 0;
	bool imputed = false;
	int age = core_idnum_age(m->id_number, on);

	for (size_t i = 0; i < m->n_incomes; i++) {
		const core_income *in = &m->incomes[i];
		const char *src = core_income_id(in->source);
		int present;
		core_fen sum, monthly = monthly_of(p, h, m, in, on, &present, &sum);
		monthly_steps(a, p, h, m, in, on, monthly, present, sum);
		if (!p->income.counted[in->source]) {
			add_step(a, CORE_STEP_DISREGARDED, m->name, src,
			         money(b1, monthly), p->income.source, src,
			         p->income.source_zh);
			continue;
		}
		if (p->disregard.enabled && p->income.earned[in->source] &&
		    in->since && now - in->since < p->disregard.months) {
			add_step(a, CORE_STEP_NEW_WORK, m->name, src,
			         money(b1, monthly), month_str(b3, in->since),
			         num(b4, p->disregard.months), p->disregard.source,
			         src, p->disregard.source_zh);
			continue;
		}
		add_step(a, CORE_STEP_COUNTED, m->name, src, money(b1, monthly),
		         src);
		counted += monthly;
		if (p->income.earned[in->source])
			earned += monthly;
	}
	if (p->imputed.enabled && m->able_to_work && m->refuses_work &&
	    age >= p->imputed.age_from && age < p->imputed.age_to &&
	    earned < p->imputed.monthly) {
		add_step(a, CORE_STEP_IMPUTED, m->name,
		         money(b1, p->imputed.monthly), money(b2, earned),
		         p->imputed.source, p->imputed.source_zh);
		counted += p->imputed.monthly - earned;
		earned = p->imputed.monthly;
		imputed = true;
	}
	/* Someone counted at the minimum wage for refusing work is not an
	 * employed member: no deduction against earnings never made. */
	if (p->deduction.enabled && !imputed && earned > 0 && employed(p, h, m, on)) {
		/* percent of S, rounded down to a fen, never more than earned */
		core_fen d = standard * p->deduction.percent_of_standard / 100;
		if (d > earned)
			d = earned;
		add_step(a, CORE_STEP_DEDUCTION, m->name, money(b1, d),
		         num(b4, p->deduction.percent_of_standard),
		         p->deduction.source, p->deduction.source_zh);
		counted -= d;
	}
	return counted;
}

/* Why a member is elderly or a minor on the assessment date. */
static void aged_steps(core_assessment *a, const core_member *m,
                       unsigned cats, core_date on)
{
	char date[11], born[11], age[24];
	core_date_format(on, date);
	core_date_format(core_idnum_birth(m->id_number), born);
	if (cats & (1u << CORE_CAT_ELDERLY))
		add_step(a, CORE_STEP_AGED_ELDERLY, m->name,
		         num(age, CORE_ELDERLY_MIN_AGE), date, born);
	if (cats & (1u << CORE_CAT_MINOR))
		add_step(a, CORE_STEP_AGED_MINOR, m->name,
		         num(age, CORE_ADULT_AGE), date, born);
}

ds_status core_assess(const core_household *h, const core_policy *p,
                      core_date on, const core_case_now *now,
                      core_assessment *a, ds_error *err)
{
	return core_assess_deducting(h, p, on, now, 0, 0, 0, a, err);
}

ds_status core_assess_deducting(const core_household *h, const core_policy *p,
                                core_date on, const core_case_now *now,
                                core_fen deduct, core_fen annual,
                                core_fen cap, core_assessment *a,
                                ds_error *err)
{
	const core_standard *std;
	char b1[CORE_MONEY_BUF], b2[CORE_MONEY_BUF], b3[CORE_MONEY_BUF],
	        b4[CORE_MONEY_BUF], b5[24], b6[24], date[11];
	core_fen S, H = 0, limit, exact;
	int n = (int)h->n_members;
	bool income_ok, assets_ok = true, vehicle_refused = false, receiving,
	        in_withdrawal;

	/* Everything before the steps; a step is filled whole when it is
	 * added, and the ones past n_steps are never read (33 KB not cleared
	 * for every household of assess --all). */
	memset(a, 0, offsetof(core_assessment, steps));
	a->text_len = 0;
	snprintf(a->policy_version, sizeof(a->policy_version), "%s", p->version);
	a->date = on;
	if (!(std = core_policy_standard(p, h->region, on, err)))
		return DS_EINPUT;
	if (months_in_window(p, h, on, err))
		return DS_EINPUT;
	S = std->monthly;
	a->standard = S;
	a->members = n;
	core_date_format(on, date);
	add_step(a, CORE_STEP_STANDARD, h->region, date, money(b1, S), std->source,
	         std->source_zh);
	add_step(a, CORE_STEP_MEMBERS, num(b5, n));
	add_step(a, CORE_STEP_WINDOW, num(b5, p->income.window_months),
	         p->income.window_source, p->income.window_source_zh);

	for (size_t i = 0; i < h->n_members; i++) {
		core_fen own = member_income(a, p, h, &h->members[i], on, S);
		if (i < CORE_MEMBERS_MAX)
			a->member_income[i] = own;
		H += own;
	}
	if (H < 0)
		H = 0;
	if (deduct > 0) {
		/* the ladder's rigid-expenditure deduction: never below zero */
		core_fen after = H > deduct ? H - deduct : 0;
		char d5[CORE_MONEY_BUF];
		add_step(a, CORE_STEP_RIGID_DEDUCTION, money(b1, annual),
		         money(b2, deduct), money(b3, cap), money(b4, H),
		         money(d5, after), p->ladder.deduction.source,
		         p->ladder.deduction.source_zh);
		H = after;
	}
	a->counted_income = H;
	a->per_capita = n ? H / n : 0;
	add_step(a, CORE_STEP_INCOME, money(b1, H));
	add_step(a, CORE_STEP_PER_CAPITA, money(b1, H), num(b5, n),
	         money(b2, a->per_capita));

	/* per capita < S, exactly: H < S x n */
	income_ok = H < S * n;
	add_step(a, income_ok ? CORE_STEP_INCOME_BELOW : CORE_STEP_INCOME_ABOVE,
	         money(b1, a->per_capita), money(b2, S));
	if (!income_ok)
		a->reasons[a->n_reasons++] = CORE_REASON_INCOME;

	/* Assets: per-capita financial assets against months x S, kept exact
	 * as F <= months x S x n. */
	limit = (core_fen)p->assets.financial_months * S * n;
	if (h->financial > limit) {
		add_step(a, CORE_STEP_FINANCIAL_OVER, money(b1, h->financial),
		         num(b5, p->assets.financial_months), num(b6, n),
		         money(b2, limit), p->assets.source, p->assets.source_zh);
		a->reasons[a->n_reasons++] = CORE_REASON_FINANCIAL;
		assets_ok = false;
	} else {
		add_step(a, CORE_STEP_FINANCIAL_OK, money(b1, h->financial),
		         num(b5, p->assets.financial_months), num(b6, n),
		         money(b2, limit), p->assets.source, p->assets.source_zh);
	}
	for (size_t i = 0; i < h->n_vehicles; i++) {
		const core_vehicle *v = &h->vehicles[i];
		if (v->exempt) {
			add_step(a, CORE_STEP_VEHICLE_EXEMPT, v->description);
			continue;
		}
		if (!p->assets.vehicle_refuses) {
			add_step(a, CORE_STEP_VEHICLE_ALLOWED, v->description,
			         p->assets.source, p->assets.source_zh);
			continue;
		}
		add_step(a, CORE_STEP_VEHICLE, v->description, p->assets.source,
		         p->assets.source_zh);
		if (!vehicle_refused) /* one reason, however many vehicles */
			a->reasons[a->n_reasons++] = CORE_REASON_VEHICLE;
		vehicle_refused = true;
		assets_ok = false;
	}
	if (h->homes >= p->assets.homes_flag_at) {
		add_step(a, CORE_STEP_HOMES, num(b5, h->homes), p->assets.source,
		         p->assets.source_zh);
		add_flag(a, "homes", num(b5, h->homes));
	}

	exact = S * n - H;
	a->eligible = income_ok && assets_ok;
	if (a->eligible) {
		a->allowance = core_money_ceil_yuan(exact);
		add_step(a, CORE_STEP_ALLOWANCE, money(b1, S), num(b5, n),
		         money(b2, H), money(b3, exact), money(b4, a->allowance));
		for (size_t i = 0; i < h->n_members; i++) {
			const core_member *m = &h->members[i];
			const core_topup *t;
			/* elderly and minor from the ID number on this date */
			unsigned cats = core_member_categories(m, on);
			core_fen up = core_policy_topup(p, h->region, cats, &t);
			aged_steps(a, m, cats, on);
			if (!up)
				continue;
			add_step(a, CORE_STEP_TOPUP, m->name,
			         core_category_id(t->category), money(b1, up),
			         t->source, t->source_zh);
			a->topups += up;
		}
		a->payment = a->allowance + a->topups;
		add_step(a, CORE_STEP_PAYMENT, money(b1, a->allowance),
		         money(b2, a->topups), money(b3, a->payment));
	} else if (income_ok == false) {
		add_step(a, CORE_STEP_NO_ALLOWANCE, money(b1, S), num(b5, n),
		         money(b2, H), money(b3, exact));
	}

	/* Where the case stands, as the store tells it (store_case_now):
	 * receiving an allowance, or in the months of a withdrawal (which
	 * is receiving its steps). */
	receiving = now && (now->receiving || now->in_transition);
	in_withdrawal = now && now->in_transition;

	/* Early warning: a receiving household whose per-capita income has
	 * reached warning% of S (H x 100 >= warning% x S x n). */
	if (receiving && income_ok &&
	    H * 100 >= (core_fen)p->warning.percent * S * n) {
		core_fen threshold = S * p->warning.percent / 100;
		a->warning = true;
		a->warning_percent = p->warning.percent;
		a->warning_threshold = threshold;
		add_step(a, CORE_STEP_WARNING, num(b5, p->warning.percent),
		         money(b1, threshold), p->warning.source,
		         p->warning.source_zh);
	}

	/* Gradual withdrawal (DOMAIN.md). A receiving household that is no
	 * longer eligible on income alone — per-capita income at or above S,
	 * H >= S x n, so exactly S included: no cliff at the standard —
	 * steps down over the policy's band of months, when it passes the
	 * asset test; failing that, it stops at once and a step says so. A
	 * household in its withdrawal months keeps its schedule while its
	 * income stays at or above S (exactly S included), and returns to the
	 * regular allowance only when income falls below S (and it passes the
	 * asset test: else it is not eligible and stops). */
	if (receiving && !income_ok && assets_ok) {
		if (in_withdrawal) {
			char m1[8], m2[8];
			a->has_transition = true;
			a->transition_continues = true;
			a->transition = now->transition;
			add_step(a, CORE_STEP_TRANSITION_GOES_ON,
			         month_str(m1, now->transition.first),
			         month_str(m2, now->transition.last));
		} else {
			core_fen a0 = now->allowance;
			a->has_transition = true;
			core_transition_plan(p, a0, S, H, n,
			                     core_month_of_date(on) + 1,
			                     p->transition.taper, &a->transition);
			band_step(a, p, S, H, n, a->transition.months);
			if (a->transition.relief_excess100)
				relief_step(a, p, S, H, n, &a->transition);
			transition_steps(a, p, &a->transition);
		}
		/* what is paid for the month after the assessment */
		a->payment = core_transition_paid_in(
		        &a->transition, core_month_of_date(on) + 1, NULL);
	} else if (receiving && !income_ok) {
		/* the asset test fails as well: no withdrawal */
		core_fen a0 = in_withdrawal ? now->transition.previous
		                            : now->allowance;
		if (h->financial > limit)
			add_step(a, CORE_STEP_STOP_FINANCIAL, money(b1, a0),
			         money(b2, h->financial), money(b3, limit),
			         p->assets.source, p->assets.source_zh);
		for (size_t i = 0; vehicle_refused && i < h->n_vehicles; i++)
			if (!h->vehicles[i].exempt) {
				add_step(a, CORE_STEP_STOP_VEHICLE, money(b1, a0),
				         h->vehicles[i].description,
				         p->assets.source, p->assets.source_zh);
				break;
			}
	} else if (in_withdrawal && a->eligible) {
		a->returned_from_transition = true;
		add_step(a, CORE_STEP_TRANSITION_ENDS, money(b1, a->per_capita),
		         money(b2, S));
	}
	return DS_OK;
}
