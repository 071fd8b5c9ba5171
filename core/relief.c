/* relief.c — temporary assistance: causes, guidance, limits, deadlines
 * and the relief case's steps (relief.h). */
#include "relief.h"

#include <stdio.h>
#include <string.h>

/* ---- names ------------------------------------------------------------------- */

static const struct {
	const char *id, *words;
} causes[CORE_RELIEF_CAUSE_COUNT] = {
#define X(e, id, words) {id, words},
	CORE_RELIEF_CAUSE_LIST(X)
#undef X
};

static const char *const state_ids[CORE_RELIEF_STATE_COUNT] = {
#define X(e, id) id,
	CORE_RELIEF_STATE_LIST(X)
#undef X
};

static const struct {
	const char *id;
	core_event_kind ev;
	unsigned who;
	bool reason, amount, checked;
} actions[CORE_RELIEF_ACTION_COUNT] = {
#define X(e, id, ev, who, reason, amount, checked) \
	{id, CORE_EVENT_##ev, who, reason, amount, checked},
	CORE_RELIEF_ACTION_LIST(X)
#undef X
};

static const char *const line_ids[CORE_RELIEF_LINE_COUNT] = {
#define X(e, id) id,
	CORE_RELIEF_LINE_LIST(X)
#undef X
};

const char *core_relief_cause_id(core_relief_cause c)
{
	return (unsigned)c < CORE_RELIEF_CAUSE_COUNT ? causes[c].id : "";
}

const char *core_relief_cause_words(core_relief_cause c)
{
	return (unsigned)c < CORE_RELIEF_CAUSE_COUNT ? causes[c].words : "";
}

int core_relief_cause_lookup(const char *id)
{
	for (int i = 0; id && i < CORE_RELIEF_CAUSE_COUNT; i++)
		if (!strcmp(causes[i].id, id))
			return i;
	return -1;
}

const char *core_relief_cause_allowed(void)
{
	static _Thread_local char buf[128];
	if (!buf[0]) {
		size_t n = 0;
		for (int i = 0; i < CORE_RELIEF_CAUSE_COUNT; i++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? ", " : "",
			                      causes[i].id);
	}
	return buf;
}

const char *core_relief_state_id(core_relief_state s)
{
	return (unsigned)s < CORE_RELIEF_STATE_COUNT ? state_ids[s] : "";
}

int core_relief_state_lookup(const char *id)
{
	for (int i = 0; id && i < CORE_RELIEF_STATE_COUNT; i++)
		if (!strcmp(state_ids[i], id))
			return i;
	return -1;
}

const char *core_relief_action_id(core_relief_action a)
{
	return (unsigned)a < CORE_RELIEF_ACTION_COUNT ? actions[a].id : "";
}

core_event_kind core_relief_action_event(core_relief_action a)
{
	return (unsigned)a < CORE_RELIEF_ACTION_COUNT ? actions[a].ev : CORE_EVENT_COUNT;
}

int core_relief_action_lookup(const char *id)
{
	for (int i = 0; id && i < CORE_RELIEF_ACTION_COUNT; i++)
		if (!strcmp(actions[i].id, id))
			return i;
	return -1;
}

unsigned core_relief_action_who(core_relief_action a)
{
	return (unsigned)a < CORE_RELIEF_ACTION_COUNT ? actions[a].who : 0;
}

bool core_relief_action_county_checked(core_relief_action a)
{
	return (unsigned)a < CORE_RELIEF_ACTION_COUNT && actions[a].checked;
}

bool core_relief_action_leaves(core_relief_action a, core_relief_state s)
{
	bool open = s == CORE_RELIEF_FILED || s == CORE_RELIEF_PROPOSED ||
	            s == CORE_RELIEF_AT_COUNTY;
	switch (a) {
	case CORE_RELIEF_ACT_FILE:
		return s == CORE_RELIEF_FILED;
	case CORE_RELIEF_ACT_PROPOSE:
		return s == CORE_RELIEF_PROPOSED || s == CORE_RELIEF_AT_COUNTY;
	case CORE_RELIEF_ACT_PAY_FIRST:
		return open;
	case CORE_RELIEF_ACT_APPROVE:
	case CORE_RELIEF_ACT_COUNTY_APPROVE:
		return s == CORE_RELIEF_APPROVED;
	case CORE_RELIEF_ACT_REFUSE:
	case CORE_RELIEF_ACT_COUNTY_REFUSE:
		return s == CORE_RELIEF_REFUSED;
	case CORE_RELIEF_ACTION_COUNT:
		break;
	}
	return false;
}

const char *core_relief_line_id(core_relief_line_code c)
{
	return (unsigned)c < CORE_RELIEF_LINE_COUNT ? line_ids[c] : "";
}

/* ---- policy -------------------------------------------------------------------- */

#define DEFAULT_SOURCE "Illustrative figures (DOMAIN.md, Temporary assistance): the Interim Measures on Social Assistance (Decree 649, ch. 11) leave the amounts and limits to local rules"
#define DEFAULT_SOURCE_ZH "示例数值：《社会救助暂行办法》（国务院令第649号）第十一章将救助标准和审批权限交由地方规定"
#define MULTIPLE_MAX 100000 /* 1,000 × S: far beyond any rule, safe from overflow */

void core_relief_policy_default(core_relief_policy *p)
{
	memset(p, 0, sizeof(*p));
	for (int i = 0; i < CORE_RELIEF_CAUSE_COUNT; i++) {
		p->guide[i].multiple = 100;
		p->guide[i].per_person = i == CORE_RELIEF_CAUSE_ILLNESS ||
		                         i == CORE_RELIEF_CAUSE_ACCIDENT ||
		                         i == CORE_RELIEF_CAUSE_DISASTER;
		snprintf(p->guide[i].source, sizeof(p->guide[i].source), "%s", DEFAULT_SOURCE);
		snprintf(p->guide[i].source_zh, sizeof(p->guide[i].source_zh), "%s",
		         DEFAULT_SOURCE_ZH);
	}
	p->township_max = 300;
	p->county_max = 1200;
	p->pay_first_max = 100;
	p->year_cap = 1200;
	p->paperwork_days = 5;
	p->days_on_ladder = 5;
	p->days_other = 10;
	snprintf(p->source, sizeof(p->source), "%s", DEFAULT_SOURCE);
	snprintf(p->source_zh, sizeof(p->source_zh), "%s", DEFAULT_SOURCE_ZH);
	core_calendar_init(&p->calendar);
}

ds_status core_relief_policy_check(const core_relief_policy *p, ds_error *err)
{
	static const char *const guide_field[CORE_RELIEF_CAUSE_COUNT] = {
#define X(e, id, words) "relief.guidance." id ".multiple",
		CORE_RELIEF_CAUSE_LIST(X)
#undef X
	};
	for (int i = 0; i < CORE_RELIEF_CAUSE_COUNT; i++)
		if (p->guide[i].multiple < 0 || p->guide[i].multiple > MULTIPLE_MAX)
			return ds_fail(err, DS_EINPUT, guide_field[i],
			               N_("a multiple of the standard is 0 to 1000"));
	if (p->county_max < 1 || p->county_max > MULTIPLE_MAX)
		return ds_fail(err, DS_EINPUT, "relief.county_max",
		               N_("a multiple of the standard is 0 to 1000"));
	if (p->township_max < 1 || p->township_max > p->county_max)
		return ds_fail(err, DS_EINPUT, "relief.township_max",
		               N_("must be above 0 and no more than the county's limit"));
	if (p->pay_first_max < 1 || p->pay_first_max > p->township_max)
		return ds_fail(err, DS_EINPUT, "relief.pay_first_max",
		               N_("must be above 0 and no more than the township's limit"));
	if (p->year_cap < 1 || p->year_cap > MULTIPLE_MAX)
		return ds_fail(err, DS_EINPUT, "relief.year_cap",
		               N_("a multiple of the standard is 0 to 1000"));
	if (p->paperwork_days < 1 || p->paperwork_days > 365)
		return ds_fail(err, DS_EINPUT, "relief.paperwork_days",
		               N_("a number of working days, 1 to 365"));
	if (p->days_on_ladder < 1 || p->days_on_ladder > 365)
		return ds_fail(err, DS_EINPUT, "relief.days_on_ladder",
		               N_("a number of working days, 1 to 365"));
	if (p->days_other < 1 || p->days_other > 365)
		return ds_fail(err, DS_EINPUT, "relief.days_other",
		               N_("a number of working days, 1 to 365"));
	return DS_OK;
}

/* ---- amounts ------------------------------------------------------------------- */

core_fen core_relief_of_standard(core_fen standard, int multiple)
{
	return standard * (core_fen)multiple / 100;
}

static core_relief_line *line(core_relief_derivation *d, core_relief_line_code c,
                              const char *source, const char *source_zh)
{
	core_relief_line *l;
	if (!d || d->n >= CORE_RELIEF_LINES)
		return NULL;
	l = &d->line[d->n++];
	memset(l, 0, sizeof(*l));
	l->code = c;
	l->source = source;
	l->source_zh = source_zh;
	return l;
}

static void fig(core_relief_line *l, const char *name, const char *value)
{
	if (!l || l->n >= CORE_RELIEF_FIGURES)
		return;
	l->fig[l->n].name = name;
	snprintf(l->fig[l->n].value, sizeof(l->fig[l->n].value), "%s", value);
	l->n++;
}

static void fig_fen(core_relief_line *l, const char *name, core_fen v)
{
	char b[CORE_MONEY_BUF];
	core_money_format(v, b);
	fig(l, name, b);
}

/* hundredths as "3.00" */
static void fig_multiple(core_relief_line *l, int m)
{
	char b[24];
	snprintf(b, sizeof(b), "%d.%02d", m / 100, m % 100);
	fig(l, "multiple", b);
}

core_fen core_relief_guidance(const core_relief_policy *p, core_relief_cause c,
                              core_fen standard, int members,
                              core_relief_derivation *d)
{
	const core_relief_guide *g = &p->guide[c];
	core_fen one = core_relief_of_standard(standard, g->multiple);
	core_fen amount = g->per_person ? one * (members > 0 ? members : 1) : one;
	core_relief_line *l;
	char n[16];
	fig(line(d, CORE_RELIEF_LINE_CAUSE, NULL, NULL), "cause", core_relief_cause_id(c));
	fig_fen(line(d, CORE_RELIEF_LINE_STANDARD, NULL, NULL), "standard", standard);
	l = line(d, CORE_RELIEF_LINE_GUIDANCE, g->source, g->source_zh);
	fig_multiple(l, g->multiple);
	fig(l, "per_person", g->per_person ? "yes" : "no");
	snprintf(n, sizeof(n), "%d", members);
	fig(l, "members", n);
	fig_fen(l, "amount", amount);
	return amount;
}

ds_status core_relief_check_amount(const core_relief_policy *p, core_fen amount,
                                   core_fen standard, core_fen before,
                                   core_relief_level *level, bool *over_year,
                                   core_relief_derivation *d, ds_error *err)
{
	core_fen town = core_relief_of_standard(standard, p->township_max);
	core_fen county = core_relief_of_standard(standard, p->county_max);
	core_fen cap = core_relief_of_standard(standard, p->year_cap);
	core_relief_line *l;
	char a[CORE_MONEY_BUF], c[CORE_MONEY_BUF];
	if (amount <= 0)
		return ds_fail(err, DS_EINPUT, "amount", N_("must be above zero"));
	if (amount > county) {
		core_money_format(amount, a);
		core_money_format(county, c);
		return ds_fail(err, DS_EINPUT, "amount",
		               N_("%s yuan is above every limit: the county approves at most %s yuan"),
		               a, c);
	}
	*level = amount <= town ? CORE_RELIEF_TOWNSHIP : CORE_RELIEF_COUNTY;
	*over_year = before + amount > cap;
	fig_fen(line(d, CORE_RELIEF_LINE_PROPOSED, NULL, NULL), "amount", amount);
	l = line(d, CORE_RELIEF_LINE_TOWNSHIP, p->source, p->source_zh);
	fig_multiple(l, p->township_max);
	fig_fen(l, "limit", town);
	fig(l, "within", *level == CORE_RELIEF_TOWNSHIP ? "yes" : "no");
	if (*level == CORE_RELIEF_COUNTY) {
		l = line(d, CORE_RELIEF_LINE_COUNTY, p->source, p->source_zh);
		fig_multiple(l, p->county_max);
		fig_fen(l, "limit", county);
	}
	l = line(d, CORE_RELIEF_LINE_YEAR, p->source, p->source_zh);
	fig_multiple(l, p->year_cap);
	fig_fen(l, "cap", cap);
	fig_fen(l, "before", before);
	fig_fen(l, "with_this", before + amount);
	return DS_OK;
}

/* ---- the case -------------------------------------------------------------------- */

void core_relief_args_init(core_relief_args *a)
{
	memset(a, 0, sizeof(*a));
	a->received = -1;
}

static bool closed(core_relief_state s)
{
	return s == CORE_RELIEF_APPROVED || s == CORE_RELIEF_REFUSED;
}

/* Who may: the roles' names, for the refusal. */
static void who_may(unsigned who, char *out, size_t len)
{
	size_t n = 0;
	out[0] = '\0';
	for (int r = 0; r < CORE_ROLE_COUNT; r++)
		if (who & CORE_RELIEF_BY(r))
			n += (size_t)snprintf(out + n, len - n, "%s%s", n ? ", " : "",
			                      core_role_id((core_role)r));
	if (who & CORE_RELIEF_BY_COUNTY)
		snprintf(out + n, len - n, "%s%s", n ? ", " : "", "county");
}

ds_status core_relief_act(const core_relief *in, core_relief_action action,
                          const core_relief_args *args, const char *actor,
                          core_role role, bool county, core_date today,
                          const core_relief_policy *p, core_relief *out,
                          core_relief_derivation *d, ds_error *err)
{
	const char *act = core_relief_action_id(action);
	unsigned who;
	core_relief c;
	char a[CORE_MONEY_BUF], b[CORE_MONEY_BUF], day[11];

	if ((unsigned)action >= CORE_RELIEF_ACTION_COUNT || !args || !p)
		return ds_fail(err, DS_EUSAGE, "", N_("internal error: no such step"));
	if (d)
		d->n = 0;
	who = actions[action].who;
	if (county ? !(who & CORE_RELIEF_BY_COUNTY) : !(who & CORE_RELIEF_BY(role))) {
		char need[64];
		who_may(who, need, sizeof(need));
		return ds_fail(err, DS_EPERM, act, N_("as %s you cannot do this to a relief case; it needs: %s"),
		               county ? "county" : core_role_id(role), need);
	}
	if (actions[action].reason && (!args->reason || !args->reason[0]))
		return ds_fail(err, DS_EINPUT, "reason", N_("a reason is needed"));
	if (args->reason && strlen(args->reason) >= CORE_RELIEF_REASON_MAX)
		return ds_fail(err, DS_EINPUT, "reason", N_("is too long"));
	if (action != CORE_RELIEF_ACT_FILE && !in)
		return ds_fail(err, DS_EUSAGE, "", N_("internal error: no such step"));
	if (action == CORE_RELIEF_ACT_FILE) {
		memset(&c, 0, sizeof(c));
		c.paid_first_on = c.paperwork_due = c.decided = -1;
	} else {
		c = *in;
		if (closed(c.state))
			return ds_fail(err, DS_EINPUT, act,
			               N_("the relief case is %s already; it cannot be changed"),
			               core_relief_state_id(c.state));
	}

	switch (action) {
	case CORE_RELIEF_ACT_FILE: {
		core_relief_level level;
		bool over;
		if ((unsigned)args->cause >= CORE_RELIEF_CAUSE_COUNT)
			return ds_fail(err, DS_EINPUT, "cause", N_("the cause is one of: %s"),
			               core_relief_cause_allowed());
		if (args->received > today) {
			core_date_format(args->received, day);
			return ds_fail(err, DS_EINPUT, "received", N_("%s is after today"), day);
		}
		if (core_relief_check_amount(p, args->amount, args->standard, 0, &level, &over,
		                             NULL, err))
			return err->status;
		c.state = CORE_RELIEF_FILED;
		c.cause = args->cause;
		c.urgent = args->urgent;
		c.on_ladder = args->on_ladder;
		c.received = args->received >= 0 ? args->received : today;
		c.deadline = core_workdays_add(&p->calendar, c.received,
		                               c.on_ladder ? p->days_on_ladder : p->days_other,
		                               &c.deadline_covered);
		c.requested = args->amount;
		snprintf(c.filed_by, sizeof(c.filed_by), "%s", actor ? actor : "");
		break;
	}
	case CORE_RELIEF_ACT_PROPOSE:
		if (c.state != CORE_RELIEF_FILED)
			return ds_fail(err, DS_EINPUT, act, N_("the relief case is %s; an amount is proposed once, before it is decided"),
			               core_relief_state_id(c.state));
		if (core_relief_check_amount(p, args->amount, args->standard, args->before,
		                             &c.level, &c.over_year, d, err))
			return err->status;
		if (args->amount < c.paid_first) {
			core_money_format(args->amount, a);
			core_money_format(c.paid_first, b);
			return ds_fail(err, DS_EINPUT, "amount",
			               N_("%s yuan is less than the %s yuan already paid first"), a, b);
		}
		c.proposed = args->amount;
		c.state = c.level == CORE_RELIEF_TOWNSHIP ? CORE_RELIEF_PROPOSED : CORE_RELIEF_AT_COUNTY;
		snprintf(c.proposed_by, sizeof(c.proposed_by), "%s", actor ? actor : "");
		snprintf(c.reason, sizeof(c.reason), "%s", args->reason);
		break;
	case CORE_RELIEF_ACT_APPROVE:
	case CORE_RELIEF_ACT_REFUSE:
		if (c.state == CORE_RELIEF_AT_COUNTY) {
			core_money_format(c.proposed, a);
			core_money_format(core_relief_of_standard(args->standard, p->township_max), b);
			return ds_fail(err, DS_EINPUT, act,
			               N_("%s yuan is above the township's limit of %s yuan: the county decides this case"),
			               a, b);
		}
		if (action == CORE_RELIEF_ACT_APPROVE ? c.state != CORE_RELIEF_PROPOSED
		                                      : c.state != CORE_RELIEF_PROPOSED &&
		                                                c.state != CORE_RELIEF_FILED)
			return ds_fail(err, DS_EINPUT, act,
			               N_("the relief case is %s; it is decided once an amount is proposed"),
			               core_relief_state_id(c.state));
		if (!actor || !strcmp(actor, c.filed_by) || !strcmp(actor, c.proposed_by))
			return ds_fail(err, DS_EPERM, act,
			               N_("%s filed or proposed this relief; four eyes: someone else must decide it"),
			               actor ? actor : "");
		goto decide;
	case CORE_RELIEF_ACT_COUNTY_APPROVE:
	case CORE_RELIEF_ACT_COUNTY_REFUSE:
		if (c.state != CORE_RELIEF_AT_COUNTY)
			return ds_fail(err, DS_EINPUT, act,
			               N_("the relief case is %s; the county decides only what is above the township's limit"),
			               core_relief_state_id(c.state));
	decide:
		if (action == CORE_RELIEF_ACT_APPROVE || action == CORE_RELIEF_ACT_COUNTY_APPROVE) {
			c.state = CORE_RELIEF_APPROVED;
			c.approved = c.proposed;
		} else {
			c.state = CORE_RELIEF_REFUSED;
			c.approved = 0;
			snprintf(c.reason, sizeof(c.reason), "%s", args->reason);
		}
		c.decided = today;
		snprintf(c.decided_by, sizeof(c.decided_by), "%s", actor ? actor : "");
		break;
	case CORE_RELIEF_ACT_PAY_FIRST: {
		core_fen cap = core_relief_of_standard(args->standard, p->pay_first_max);
		core_relief_line *l;
		bool covered;
		if (!c.urgent)
			return ds_fail(err, DS_EINPUT, act,
			               N_("the relief case is not urgent: only urgent cases are paid first"));
		if (c.paid_first)
			return ds_fail(err, DS_EINPUT, act, N_("this relief case was paid first already"));
		if (!actor || !strcmp(actor, c.filed_by))
			return ds_fail(err, DS_EPERM, act,
			               N_("%s filed or proposed this relief; four eyes: someone else must decide it"),
			               actor ? actor : "");
		if (args->amount <= 0)
			return ds_fail(err, DS_EINPUT, "amount", N_("must be above zero"));
		if (args->amount > cap) {
			core_money_format(args->amount, a);
			core_money_format(cap, b);
			return ds_fail(err, DS_EINPUT, "amount",
			               N_("%s yuan is above what is paid first: at most %s yuan"), a, b);
		}
		c.paid_first = args->amount;
		c.paid_first_on = today;
		c.paperwork_due = core_workdays_add(&p->calendar, today, p->paperwork_days,
		                                    &covered);
		fig_fen(line(d, CORE_RELIEF_LINE_STANDARD, NULL, NULL), "standard", args->standard);
		l = line(d, CORE_RELIEF_LINE_PAY_FIRST, p->source, p->source_zh);
		fig_multiple(l, p->pay_first_max);
		fig_fen(l, "limit", cap);
		break;
	}
	case CORE_RELIEF_ACTION_COUNT:
		break;
	}
	*out = c;
	return DS_OK;
}

bool core_relief_on_ladder(core_class c)
{
	return c == CORE_CLASS_DIBAO || c == CORE_CLASS_DIBAO_SINGLE ||
	       c == CORE_CLASS_DESTITUTE || c == CORE_CLASS_MARGINAL;
}
