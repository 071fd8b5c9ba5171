/* payroll.c — what a household is owed each month from its pay facts,
 * and the lines of a month's roll with the corrections of issued months
 * (the rules are told in payroll.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "payroll.h"

static const char *const line_ids[] = {
#define X(e, id, words) id,
	CORE_PAYLINE_LIST(X)
#undef X
};
static const char *const line_words[] = {
#define X(e, id, words) words,
	CORE_PAYLINE_LIST(X)
#undef X
};
static const char *const fact_ids[] = {
#define X(e, id) id,
	CORE_PAYFACT_LIST(X)
#undef X
};

const char *core_payline_id(core_payline_kind k)
{
	return (unsigned)k < CORE_PAYLINE_COUNT ? line_ids[k] : "";
}

/* the relief kinds follow the causes, in their order */
#define X(e, id, words)                                                        \
	_Static_assert(CORE_PAYLINE_RELIEF_##e - CORE_PAYLINE_RELIEF_ILLNESS ==  \
	                       CORE_RELIEF_CAUSE_##e,                           \
	               "the relief line kinds follow CORE_RELIEF_CAUSE_LIST");
CORE_RELIEF_CAUSE_LIST(X)
#undef X
_Static_assert(CORE_PAYLINE_COUNT - CORE_PAYLINE_RELIEF_ILLNESS == CORE_RELIEF_CAUSE_COUNT,
               "one relief line kind per cause, and last");

core_payline_kind core_payline_of_relief(core_relief_cause c)
{
	return (unsigned)c < CORE_RELIEF_CAUSE_COUNT
	               ? (core_payline_kind)(CORE_PAYLINE_RELIEF_ILLNESS + (int)c)
	               : CORE_PAYLINE_RELIEF_OTHER;
}

bool core_payline_oneoff(core_payline_kind k)
{
	return k >= CORE_PAYLINE_RELIEF_ILLNESS && k < CORE_PAYLINE_COUNT;
}

const char *core_payline_words(core_payline_kind k)
{
	return (unsigned)k < CORE_PAYLINE_COUNT ? line_words[k] : "";
}

int core_payline_lookup(const char *id)
{
	for (int i = 0; id && i < CORE_PAYLINE_COUNT; i++)
		if (!strcmp(id, line_ids[i]))
			return i;
	return -1;
}

const char *core_payfact_id(core_payfact_kind k)
{
	return (unsigned)k < CORE_PAYFACT_COUNT ? fact_ids[k] : "";
}

static int cmp_fact(const void *x, const void *y)
{
	const core_payfact *a = x, *b = y;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->on != b->on)
		return a->on < b->on ? -1 : 1;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return strcmp(a->ref, b->ref);
}

void core_payfacts_sort(core_payfact *facts, size_t n)
{
	if (n > 1)
		qsort(facts, n, sizeof(*facts), cmp_fact);
}

/* Whether the fact is known, and not yet overturned, when the log ended
 * at upto. */
static bool applies(const core_payfact *f, int64_t upto)
{
	return f->seq <= upto && !(f->void_ && f->void_seq <= upto);
}

void core_pay_due(const core_payfact *facts, size_t n, core_month m,
                  int64_t upto, core_due *out)
{
	const core_payfact *cur = NULL;
	bool suspended = false;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n && facts[i].from <= m; i++) {
		const core_payfact *f = &facts[i];
		if (!applies(f, upto))
			continue;
		switch (f->kind) {
		case CORE_PAYFACT_SET:
		case CORE_PAYFACT_SCHEDULE:
			cur = f;
			suspended = false;
			break;
		case CORE_PAYFACT_STOP:
			cur = NULL;
			suspended = false;
			break;
		case CORE_PAYFACT_SUSPEND:
			suspended = cur != NULL;
			break;
		case CORE_PAYFACT_RESUME:
			suspended = false;
			break;
		case CORE_PAYFACT_COUNT:
			break;
		}
	}
	out->rests_on = cur;
	if (!cur)
		return;
	if (suspended) {
		out->suspended = true;
		return;
	}
	if (cur->kind == CORE_PAYFACT_SET) {
		out->kind = CORE_PAYLINE_REGULAR;
		out->allowance = cur->allowance;
		out->topups = cur->topups;
	} else if (m < cur->schedule.first) {
		/* the decision took effect before its schedule's first month:
		 * the allowance it steps down from is paid until then */
		out->kind = CORE_PAYLINE_REGULAR;
		out->allowance = cur->schedule.previous;
	} else {
		out->kind = CORE_PAYLINE_WITHDRAWAL;
		out->allowance = core_transition_paid_in(&cur->schedule, m, &out->k);
		out->n = out->k ? cur->schedule.months : 0;
		if (!out->k) { /* the schedule has run out */
			out->rests_on = cur;
			return;
		}
	}
	out->amount = out->allowance + out->topups;
	out->paid = out->amount != 0;
}

void core_pay_paid_init(core_pay_paid *p)
{
	p->first = 0;
	p->n = 0;
	p->upto = 0;
}

/* The newest thing known by upto but not at the last issued roll
 * (paid->upto) that bears on month m: a fact that governs it or the
 * overturn of one. Its day and name; false when there is none. */
static bool newest_change(const core_payfact *facts, size_t n, core_month m,
                          int64_t upto, int64_t before, core_date *on,
                          const char **ref)
{
	int64_t best = -1;
	for (size_t i = 0; i < n && facts[i].from <= m; i++) {
		const core_payfact *f = &facts[i];
		if (f->seq > before && f->seq <= upto && f->seq > best) {
			best = f->seq;
			*on = f->on;
			*ref = f->ref;
		}
		if (f->void_ && f->void_seq > before && f->void_seq <= upto &&
		    f->void_seq > best) {
			best = f->void_seq;
			*on = f->void_on;
			*ref = f->void_ref;
		}
	}
	return best >= 0;
}

static void copy_ref(char *dst, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n >= CORE_PAYREF_MAX)
		n = CORE_PAYREF_MAX - 1;
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

ds_status core_pay_lines(const core_payfact *facts, size_t n, core_month m,
                         int64_t upto, const core_pay_paid *paid,
                         bool corrections, core_payline *lines, size_t max,
                         size_t *nlines, core_pay_status *status,
                         ds_error *err)
{
	core_due due, before;
	size_t k = 0;
	*nlines = 0;
	memset(status, 0, sizeof(*status));
	core_pay_due(facts, n, m, upto, &due);
	core_pay_due(facts, n, m - 1, upto, &before);
	status->suspended = due.suspended;
	status->stopped = before.paid && !due.paid && !due.suspended;
	if (due.paid) {
		if (k >= max)
			return ds_fail(err, DS_EINPUT, "lines", N_("more lines for one household than a roll holds"));
		memset(&lines[k], 0, sizeof(lines[k]));
		lines[k].kind = due.kind;
		lines[k].month = m;
		lines[k].allowance = due.allowance;
		lines[k].topups = due.topups;
		lines[k].amount = due.amount;
		lines[k].k = due.k;
		lines[k].n = due.n;
		copy_ref(lines[k].ref, due.rests_on ? due.rests_on->ref : "");
		if (due.rests_on && due.rests_on->classified) {
			lines[k].classified = true;
			lines[k].cls = due.rests_on->cls;
		}
		k++;
	}
	for (int i = 0; corrections && i < paid->n; i++) {
		core_month pm = paid->first + i;
		core_due now;
		core_fen diff;
		core_date on = -1;
		const char *ref = "";
		bool after;
		if (pm >= m)
			break;
		core_pay_due(facts, n, pm, upto, &now);
		diff = now.amount - paid->paid[i];
		if (!diff)
			continue;
		if (k >= max)
			return ds_fail(err, DS_EINPUT, "lines", N_("more lines for one household than a roll holds"));
		after = newest_change(facts, n, pm, upto, paid->upto, &on, &ref) &&
		        on > core_month_last_day(pm);
		memset(&lines[k], 0, sizeof(lines[k]));
		lines[k].kind = after && diff > 0 ? CORE_PAYLINE_BACK_PAY
		                                  : CORE_PAYLINE_ADJUSTMENT;
		lines[k].month = pm;
		lines[k].amount = diff;
		lines[k].allowance = diff;
		copy_ref(lines[k].ref, *ref ? ref : now.rests_on ? now.rests_on->ref : "");
		if (now.rests_on && now.rests_on->classified) {
			lines[k].classified = true;
			lines[k].cls = now.rests_on->cls;
		}
		k++;
	}
	*nlines = k;
	return DS_OK;
}

ds_status core_pay_issue(core_pay_paid *paid, core_month m, int64_t upto,
                         const core_payline *lines, size_t nlines,
                         ds_error *err)
{
	if (!paid->n)
		paid->first = m;
	if (m != paid->first + paid->n)
		return ds_fail(err, DS_EINPUT, "month",
		               N_("months are issued in order: the next is the month after the last issued"));
	if (paid->n >= CORE_PAY_MONTHS_MAX)
		return ds_fail(err, DS_EINPUT, "month", N_("too many months issued"));
	paid->paid[paid->n] = 0;
	paid->n++;
	paid->upto = upto;
	for (size_t i = 0; i < nlines; i++) {
		core_month lm = lines[i].month;
		if (core_payline_oneoff(lines[i].kind))
			continue; /* paid once, owed for no month */
		if (lm < paid->first || lm >= paid->first + paid->n)
			continue; /* a month before the books began */
		paid->paid[lm - paid->first] += lines[i].amount;
	}
	return DS_OK;
}

int core_pay_oneoff_pick(const core_pay_issued *iss, size_t n, const core_oneoff *c,
                         size_t nc, int64_t upto, core_month *month, bool *issued)
{
	size_t known = 0; /* issued rolls made by upto */
	*issued = false;
	*month = 0;
	for (size_t i = 0; i < n && iss[i].upto <= upto; i++, known++) {
		if (!iss[i].oneoffs)
			continue;
		for (size_t k = 0; k < nc; k++)
			if (c[k].seq <= iss[i].upto && c[k].month <= iss[i].month &&
			    (!c[k].void_seq || c[k].void_seq > iss[i].upto)) {
				*issued = true;
				*month = iss[i].month;
				return (int)k;
			}
	}
	for (size_t k = 0; k < nc; k++)
		if (c[k].seq <= upto && (!c[k].void_seq || c[k].void_seq > upto)) {
			*month = known && iss[known - 1].month + 1 > c[k].month
			                 ? iss[known - 1].month + 1
			                 : c[k].month;
			return (int)k;
		}
	return -1;
}
