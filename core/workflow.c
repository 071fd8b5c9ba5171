/* workflow.c — the case state machine and the whole case step
 * (core/workflow.h). */
#include "workflow.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

static const char *const state_ids[] = {
#define X(e, id) id,
	CORE_STATE_LIST(X)
#undef X
};

static const struct {
	const char *id;
	core_event_kind event;
	unsigned roles;
	bool reason, county;
} actions[] = {
#define X(e, id, ev, roles, reason, county) {id, CORE_EVENT_##ev, roles, reason, county},
	CORE_ACTION_LIST(X)
#undef X
};

static const struct {
	const char *id, *words;
} deliveries[] = {
#define X(e, id, words) {id, words},
	CORE_DELIVERY_LIST(X)
#undef X
};

static const char *const outcome_ids[] = {
#define X(e, id) id,
	CORE_OUTCOME_LIST(X)
#undef X
};

static const struct {
	ds_status status;
	const char *msg;
} refusals[] = {
#define X(e, st, msg) {st, msg},
	CORE_REFUSAL_LIST(X)
#undef X
};

const char *core_state_id(core_state s)
{
	return (unsigned)s < CORE_STATE_COUNT ? state_ids[s] : "?";
}

int core_state_lookup(const char *id)
{
	for (int i = 0; id && i < CORE_STATE_COUNT; i++)
		if (strcmp(state_ids[i], id) == 0)
			return i;
	return -1;
}

const char *core_action_id(core_action a)
{
	return (unsigned)a < CORE_ACTION_COUNT ? actions[a].id : "?";
}

core_event_kind core_action_event(core_action a)
{
	return (unsigned)a < CORE_ACTION_COUNT ? actions[a].event : CORE_EVENT_COUNT;
}

bool core_action_needs_reason(core_action a)
{
	return (unsigned)a < CORE_ACTION_COUNT && actions[a].reason;
}

bool core_action_county_checked(core_action a)
{
	return (unsigned)a < CORE_ACTION_COUNT && actions[a].county;
}

int core_action_of_event(core_event_kind k)
{
	for (int i = 0; i < CORE_ACTION_COUNT; i++)
		if (actions[i].event == k)
			return i;
	return -1;
}

int core_appeal_open_after(core_action a, bool appeal_received)
{
	if (!appeal_received)
		return 0;
	if (a == CORE_ACTION_APPEAL_FILE)
		return 1;
	if (a == CORE_ACTION_APPEAL_DECIDE)
		return 0;
	return -1;
}

const char *core_delivery_id(core_delivery d)
{
	return (unsigned)d < CORE_DELIVERY_COUNT ? deliveries[d].id : "?";
}

const char *core_delivery_words(core_delivery d)
{
	return (unsigned)d < CORE_DELIVERY_COUNT ? deliveries[d].words : "?";
}

int core_delivery_lookup(const char *id)
{
	for (int i = 0; id && i < CORE_DELIVERY_COUNT; i++)
		if (!strcmp(deliveries[i].id, id))
			return i;
	return -1;
}

const char *core_outcome_id(core_outcome o)
{
	return (unsigned)o < CORE_OUTCOME_COUNT ? outcome_ids[o] : "?";
}

int core_outcome_lookup(const char *id)
{
	for (int i = 0; id && i < CORE_OUTCOME_COUNT; i++)
		if (!strcmp(outcome_ids[i], id))
			return i;
	return -1;
}

bool core_state_receiving(core_state s)
{
	return s == CORE_STATE_RECEIVING || s == CORE_STATE_IN_TRANSITION ||
	       s == CORE_STATE_SUSPENDED;
}

void core_case_init(core_case *c, bool receiving)
{
	memset(c, 0, sizeof(*c));
	c->state = receiving ? CORE_STATE_RECEIVING : CORE_STATE_APPLYING;
	c->before = c->state;
	c->outcome = CORE_OUTCOME_NONE;
	c->notice_ends = c->last_visit = c->decided = c->delivered = -1;
	c->appeal_received = c->appeal_deadline = -1;
	c->referral_date = c->opened = -1;
}

void core_step_args_init(core_step_args *a)
{
	memset(a, 0, sizeof(*a));
	a->received = a->on = -1;
	a->method = -1;
	a->to_role = -1;
	a->restore = CORE_STATE_INVESTIGATING;
}

core_outcome core_outcome_of(bool eligible, bool has_transition,
                             bool was_receiving)
{
	if (has_transition)
		return CORE_OUTCOME_TRANSITION;
	if (eligible)
		return CORE_OUTCOME_GRANT;
	return was_receiving ? CORE_OUTCOME_STOP : CORE_OUTCOME_REFUSE;
}

core_state core_outcome_state(core_outcome o)
{
	switch (o) {
	case CORE_OUTCOME_GRANT:
		return CORE_STATE_RECEIVING;
	case CORE_OUTCOME_TRANSITION:
		return CORE_STATE_IN_TRANSITION;
	case CORE_OUTCOME_STOP:
		return CORE_STATE_EXITED;
	default:
		return CORE_STATE_REFUSED;
	}
}

unsigned core_action_roles(core_action a)
{
	return (unsigned)a < CORE_ACTION_COUNT ? actions[a].roles : 0;
}

bool core_state_restorable(core_state s)
{
	return s == CORE_STATE_RECEIVING || s == CORE_STATE_INVESTIGATING ||
	       s == CORE_STATE_IN_TRANSITION;
}

static core_step_result refuse(core_refusal r)
{
	core_step_result res = {r, CORE_STATE_COUNT};
	return res;
}

static core_step_result allow(core_state next)
{
	core_step_result res = {CORE_REFUSAL_NONE, next};
	return res;
}

core_step_result core_case_step(const core_case *c, core_action a,
                                const char *actor, core_role role,
                                core_date today, core_state outcome_state)
{
	core_state s = c->state;

	/* The submitter asking to decide their own case hears why they cannot
	 * (four eyes) before hearing that their role cannot either. */
	if ((a == CORE_ACTION_APPROVE || a == CORE_ACTION_REFUSE) &&
	    s == CORE_STATE_SUBMITTED && actor &&
	    strcmp(actor, c->submitted_by) == 0)
		return refuse(CORE_REFUSAL_FOUR_EYES);
	if ((unsigned)a >= CORE_ACTION_COUNT || (unsigned)role >= CORE_ROLE_COUNT ||
	    !(core_action_roles(a) & (1u << role)))
		return refuse(CORE_REFUSAL_ROLE);

	switch (a) {
	case CORE_ACTION_VISIT:
		switch (s) {
		case CORE_STATE_APPLYING:
		case CORE_STATE_INVESTIGATING:
		case CORE_STATE_RETURNED:
		case CORE_STATE_REFUSED: /* a new application */
		case CORE_STATE_EXITED:
			return allow(CORE_STATE_INVESTIGATING);
		case CORE_STATE_RECEIVING:
		case CORE_STATE_IN_TRANSITION:
		case CORE_STATE_SUSPENDED:
			return allow(s); /* a re-verification */
		default:
			return refuse(CORE_REFUSAL_STATE);
		}
	case CORE_ACTION_SUBMIT:
		switch (s) {
		case CORE_STATE_INVESTIGATING:
		case CORE_STATE_RETURNED:
		case CORE_STATE_RECEIVING:
		case CORE_STATE_IN_TRANSITION:
		case CORE_STATE_SUSPENDED:
			break;
		default:
			return refuse(CORE_REFUSAL_STATE);
		}
		if (!c->visited)
			return refuse(CORE_REFUSAL_NO_VISIT);
		if (!c->assessed)
			return refuse(CORE_REFUSAL_NO_ASSESSMENT);
		return allow(CORE_STATE_SUBMITTED);
	case CORE_ACTION_APPROVE:
	case CORE_ACTION_REFUSE:
		if (s != CORE_STATE_SUBMITTED)
			return refuse(CORE_REFUSAL_STATE);
		/* no one named is no one vouched for: refused too */
		if (!actor || strcmp(actor, c->submitted_by) == 0)
			return refuse(CORE_REFUSAL_FOUR_EYES);
		return allow(a == CORE_ACTION_APPROVE ? CORE_STATE_NOTICE
		                                      : outcome_state);
	case CORE_ACTION_RETURN:
		if (s != CORE_STATE_SUBMITTED)
			return refuse(CORE_REFUSAL_STATE);
		return allow(CORE_STATE_RETURNED);
	case CORE_ACTION_OBJECT:
		if (s != CORE_STATE_NOTICE)
			return refuse(CORE_REFUSAL_STATE);
		if (today > c->notice_ends)
			return refuse(CORE_REFUSAL_NOTICE_OVER);
		return allow(CORE_STATE_INVESTIGATING);
	case CORE_ACTION_FINALIZE:
		if (s != CORE_STATE_NOTICE)
			return refuse(CORE_REFUSAL_STATE);
		if (today <= c->notice_ends)
			return refuse(CORE_REFUSAL_NOTICE_RUNNING);
		return allow(outcome_state);
	case CORE_ACTION_SUSPEND:
		if (s != CORE_STATE_RECEIVING && s != CORE_STATE_IN_TRANSITION)
			return refuse(CORE_REFUSAL_STATE);
		return allow(CORE_STATE_SUSPENDED);
	case CORE_ACTION_RESUME:
		if (s != CORE_STATE_SUSPENDED)
			return refuse(CORE_REFUSAL_STATE);
		return allow(outcome_state);
	case CORE_ACTION_END_TRANSITION:
		if (s != CORE_STATE_IN_TRANSITION)
			return refuse(CORE_REFUSAL_STATE);
		return allow(CORE_STATE_EXITED);
	case CORE_ACTION_APPEAL_FILE:
		if (c->appeal_open)
			return refuse(CORE_REFUSAL_APPEAL_OPEN);
		if (!c->appealable)
			return refuse(CORE_REFUSAL_NOT_APPEALABLE);
		return allow(s);
	case CORE_ACTION_APPEAL_ASSIGN:
		if (!c->appeal_open)
			return refuse(CORE_REFUSAL_NO_APPEAL);
		return allow(s);
	case CORE_ACTION_DELIVER:
		if (c->decided < 0)
			return refuse(CORE_REFUSAL_NO_DECISION);
		if (c->delivered >= 0)
			return refuse(CORE_REFUSAL_DELIVERED);
		return allow(s);
	case CORE_ACTION_APPEAL_DECIDE:
		if (!c->appeal_open)
			return refuse(CORE_REFUSAL_NO_APPEAL);
		if (!actor || strcmp(actor, c->decision_proposer) == 0 ||
		    strcmp(actor, c->decision_approver) == 0)
			return refuse(CORE_REFUSAL_APPEAL_EYES);
		if (c->appeal_reviewer[0] && strcmp(actor, c->appeal_reviewer) != 0)
			return refuse(CORE_REFUSAL_NOT_ASSIGNED);
		return allow(outcome_state);
	default:
		return refuse(CORE_REFUSAL_ROLE);
	}
}

ds_status core_refusal_error(const core_case *c, core_action a,
                             const char *actor, core_role role,
                             core_step_result r, ds_error *err)
{
	char roles[96] = "", date[11];
	size_t o = 0;
	unsigned allowed = core_action_roles(a);
	if (r.refusal == CORE_REFUSAL_NONE || (unsigned)r.refusal >= CORE_REFUSAL_COUNT)
		return DS_OK;
	switch (r.refusal) {
	case CORE_REFUSAL_ROLE:
		for (int i = 0; i < CORE_ROLE_COUNT; i++)
			if (allowed & (1u << i))
				o += (size_t)snprintf(roles + o, sizeof(roles) - o, "%s%s",
				                      o ? ", " : "",
				                      core_role_id((core_role)i));
		return ds_fail(err, refusals[r.refusal].status, core_action_id(a),
		               refusals[r.refusal].msg, core_role_id(role),
		               core_action_id(a), roles);
	case CORE_REFUSAL_STATE:
		return ds_fail(err, refusals[r.refusal].status, core_action_id(a),
		               refusals[r.refusal].msg, core_state_id(c->state),
		               core_action_id(a));
	case CORE_REFUSAL_FOUR_EYES:
	case CORE_REFUSAL_APPEAL_EYES:
		return ds_fail(err, refusals[r.refusal].status, core_action_id(a),
		               refusals[r.refusal].msg, actor ? actor : "");
	case CORE_REFUSAL_NOTICE_RUNNING:
	case CORE_REFUSAL_NOTICE_OVER:
		core_date_format(c->notice_ends, date);
		return ds_fail(err, refusals[r.refusal].status, core_action_id(a),
		               refusals[r.refusal].msg, date);
	case CORE_REFUSAL_DELIVERED:
		core_date_format(c->delivered, date);
		return ds_fail(err, refusals[r.refusal].status, core_action_id(a),
		               refusals[r.refusal].msg, date);
	case CORE_REFUSAL_NOT_ASSIGNED:
		return ds_fail(err, refusals[r.refusal].status, core_action_id(a),
		               refusals[r.refusal].msg, c->appeal_reviewer);
	default:
		return ds_fail(err, refusals[r.refusal].status, core_action_id(a),
		               refusals[r.refusal].msg);
	}
}

/* ---- the whole step ---------------------------------------------------------- */

core_month core_pay_start(const core_policy *p, core_date effective)
{
	core_month m = core_month_of_date(effective);
	return p->casework.pay_same_month ? m : m + 1;
}

core_month core_case_pays_from(const core_case *in, const core_case *after,
                               core_action a, const core_policy *p,
                               core_date today)
{
	switch (a) {
	case CORE_ACTION_FINALIZE:
	case CORE_ACTION_REFUSE:
		if (after->outcome == CORE_OUTCOME_GRANT && after->pay_from)
			return after->pay_from;
		return after->decided >= 0 ? core_pay_start(p, after->decided) : 0;
	case CORE_ACTION_SUSPEND:
	case CORE_ACTION_RESUME:
		return core_pay_start(p, today);
	case CORE_ACTION_END_TRANSITION: {
		core_month rule = core_pay_start(p, today);
		if (in->transition_last && in->transition_last + 1 < rule)
			return in->transition_last + 1;
		return rule;
	}
	default:
		return 0;
	}
}

core_date core_appeal_filing_ends(const core_case *c, const core_policy *p)
{
	if (c->delivered >= 0)
		return c->delivered + p->casework.filing_days;
	/* not recorded: the earliest the letter can have arrived */
	return c->decided >= 0 ? c->decided + p->casework.filing_days : -1;
}

static void copy_name(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

/* A date a person gave for a step: not after today, not before the
 * decision it is about. */
static ds_status given_day(const core_case *c, core_date d, core_date today,
                           const char *field, ds_error *err)
{
	char day[11];
	if (d > today)
		return ds_fail(err, DS_EINPUT, field, N_("is in the future"));
	if (c->decided >= 0 && d < c->decided) {
		core_date_format(c->decided, day);
		return ds_fail(err, DS_EINPUT, field,
		               N_("is before the decision of %s that it is about"),
		               day);
	}
	return DS_OK;
}

/* A decision takes effect: the case dated by it, and the allowance. */
static void decide(const core_case *in, core_outcome o, core_date effective,
                   const core_step_args *args, const core_policy *p,
                   core_case *out, core_effects *fx)
{
	core_fen payment = o == CORE_OUTCOME_GRANT ? args->payment : 0;
	out->outcome = o;
	out->previous_allowance = args->receiving ? args->allowance : 0;
	out->previous_since = args->receiving ? args->since : 0;
	out->decided = effective;
	out->delivered = -1;
	out->delivery_method[0] = '\0';
	out->visited = out->assessed = false;
	out->appeal_open = false;
	out->appeal_late = false;
	out->appeal_late_reason[0] = '\0';
	out->appeal_received = out->appeal_deadline = -1;
	/* a refusal, a stop, a withdrawal or a smaller allowance can be
	 * appealed */
	out->appealable = o != CORE_OUTCOME_GRANT ||
	                  (out->previous_allowance && payment < out->previous_allowance);
	out->transition_last = o == CORE_OUTCOME_TRANSITION ? args->transition_last : 0;
	out->pay_from = 0;
	if (o == CORE_OUTCOME_GRANT) {
		out->pay_from = core_pay_start(p, effective);
		fx->pay = CORE_PAY_SET;
		fx->allowance = payment;
		/* a household already receiving keeps the month it began */
		fx->since = out->previous_allowance ? out->previous_since
		                                    : out->pay_from;
	} else if (o == CORE_OUTCOME_STOP || o == CORE_OUTCOME_REFUSE) {
		fx->pay = CORE_PAY_STOP;
	}
	(void)in;
}

/* The state a step leads to where the case alone does not say it. */
static ds_status target_of(const core_case *in, core_action a,
                           const core_step_args *args, core_state *target,
                           ds_error *err)
{
	switch (a) {
	case CORE_ACTION_REFUSE:
		*target = core_state_receiving(in->before) ? CORE_STATE_EXITED
		                                           : CORE_STATE_REFUSED;
		break;
	case CORE_ACTION_FINALIZE:
		*target = core_outcome_state(in->outcome == CORE_OUTCOME_NONE
		                                     ? CORE_OUTCOME_REFUSE
		                                     : in->outcome);
		break;
	case CORE_ACTION_RESUME:
		*target = in->before;
		break;
	case CORE_ACTION_APPEAL_DECIDE:
		if (args->overturn && !core_state_restorable(args->restore))
			return ds_fail(err, DS_EUSAGE, "restore",
			               N_("an overturned decision restores receiving, in_transition or investigating"));
		if (args->overturn && args->restore == CORE_STATE_IN_TRANSITION &&
		    !in->transition_last)
			return ds_fail(err, DS_EINPUT, "restore",
			               N_("the decision appealed set no withdrawal schedule to go back to: an overturn restores receiving or investigating"));
		if (args->overturn && args->restore != CORE_STATE_INVESTIGATING &&
		    !in->previous_allowance)
			return ds_fail(err, DS_EINPUT, "restore",
			               N_("the household received nothing before this decision: an overturn sends it back to investigating"));
		*target = args->overturn ? args->restore : in->state;
		break;
	default:
		*target = in->state;
	}
	return DS_OK;
}

static ds_status words(const char *text, const char *field, ds_error *err)
{
	return text ? core_text_check(text, CORE_CASE_REASON_MAX, false, field, err)
	            : DS_OK;
}

ds_status core_case_act(const core_case *in, core_action a,
                        const core_step_args *args, const char *actor,
                        core_role role, core_date today, const core_policy *p,
                        core_case *out, core_effects *fx, ds_error *err)
{
	core_step_result r;
	core_state target;
	ds_status st;

	*out = *in;
	memset(fx, 0, sizeof(*fx));
	fx->pay = CORE_PAY_KEEP;
	if ((unsigned)a >= CORE_ACTION_COUNT)
		return ds_fail(err, DS_EUSAGE, "action",
		               N_("internal error: no such step"));
	if (core_action_needs_reason(a) && (!args->reason || !*args->reason))
		return ds_fail(err, DS_EUSAGE, "reason",
		               N_("a reason is needed for this step; it goes into the record and the letter to the household"));
	if ((st = words(args->reason, "reason", err)) ||
	    (st = words(args->note, "note", err)) ||
	    (st = words(args->late_reason, "late_reason", err)) ||
	    (st = target_of(in, a, args, &target, err)))
		return st;
	r = core_case_step(in, a, actor, role, today, target);
	if (r.refusal)
		return core_refusal_error(in, a, actor, role, r, err);

	switch (a) {
	case CORE_ACTION_VISIT:
		out->visited = true;
		out->assessed = false;
		if (args->on >= 0)
			out->last_visit = args->on;
		break;
	case CORE_ACTION_SUBMIT:
		if (!args->has_proposal)
			return ds_fail(err, DS_EINPUT, "assessment",
			               N_("the household has not been assessed since the visit; assess it first"));
		out->before = in->state;
		out->outcome = core_outcome_of(args->eligible, args->has_transition,
		                               core_state_receiving(in->state));
		copy_name(out->submitted_by, sizeof(out->submitted_by), actor);
		break;
	case CORE_ACTION_APPROVE:
		out->notice_ends = today + p->casework.notice_days;
		copy_name(out->decision_approver, sizeof(out->decision_approver), actor);
		copy_name(out->decision_proposer, sizeof(out->decision_proposer),
		          in->submitted_by);
		break;
	case CORE_ACTION_RETURN:
		out->opened = today;
		copy_name(out->opened_by, sizeof(out->opened_by), "return");
		break;
	case CORE_ACTION_REFUSE:
		/* decided at once, without a notice: dated the day refused */
		decide(in, core_state_receiving(in->before) ? CORE_OUTCOME_STOP
		                                            : CORE_OUTCOME_REFUSE,
		       today, args, p, out, fx);
		copy_name(out->decision_proposer, sizeof(out->decision_proposer),
		          in->submitted_by);
		copy_name(out->decision_approver, sizeof(out->decision_approver), actor);
		copy_name(out->decision_reason, sizeof(out->decision_reason),
		          args->reason);
		break;
	case CORE_ACTION_FINALIZE: {
		core_outcome o = in->outcome;
		if (!args->has_proposal)
			return ds_fail(err, DS_EINPUT, "assessment",
			               N_("the household has not been assessed since the visit; assess it first"));
		if (o == CORE_OUTCOME_NONE)
			o = core_outcome_of(args->eligible, args->has_transition,
			                    core_state_receiving(in->before));
		/* in effect, and dated, on the day the notice ended without
		 * objection — not the day this step happens to run */
		decide(in, o, in->notice_ends >= 0 ? in->notice_ends : today, args,
		       p, out, fx);
		out->decision_reason[0] = '\0';
		break;
	}
	case CORE_ACTION_OBJECT:
		out->visited = out->assessed = false;
		out->opened = today;
		copy_name(out->opened_by, sizeof(out->opened_by), "objection");
		break;
	case CORE_ACTION_SUSPEND:
		out->before = in->state;
		break;
	case CORE_ACTION_RESUME:
		break;
	case CORE_ACTION_END_TRANSITION:
		/* the referral is dated by the schedule: the first day after
		 * its last month */
		out->referral_due = true;
		out->referral_date = in->transition_last
		                             ? core_month_first_day(in->transition_last + 1)
		                             : today;
		out->transition_last = 0;
		out->appealable = false;
		fx->pay = CORE_PAY_STOP;
		break;
	case CORE_ACTION_APPEAL_FILE: {
		core_date received = args->received >= 0 ? args->received : today;
		core_date ends = core_appeal_filing_ends(in, p);
		bool late;
		if ((st = given_day(in, received, today, "received", err)))
			return st;
		late = ends >= 0 && received > ends;
		if (late && (!args->late_reason || !*args->late_reason)) {
			char r1[11], e1[11];
			core_date_format(received, r1);
			core_date_format(ends, e1);
			return ds_fail(err, DS_EINPUT, "late_reason",
			               in->delivered >= 0
			                       ? N_("received %s, after the time to appeal ended %s: accepted only with the reason why (it is recorded)")
			                       : N_("received %s, after the time to appeal ended %s counted from the decision (its letter's delivery is not recorded): accepted only with the reason why (it is recorded)"),
			               r1, e1);
		}
		out->appeal_open = true;
		out->appeal_reviewer[0] = '\0';
		out->appeal_received = received;
		out->appeal_deadline = received + p->casework.appeal_days;
		out->appeal_late = late;
		copy_name(out->appeal_late_reason, sizeof(out->appeal_late_reason),
		          late ? args->late_reason : "");
		break;
	}
	case CORE_ACTION_APPEAL_ASSIGN:
		if (!args->to || !*args->to)
			return ds_fail(err, DS_EUSAGE, "to", N_("is needed"));
		/* four eyes first: the sharper refusal */
		if (!strcmp(args->to, in->decision_proposer) ||
		    !strcmp(args->to, in->decision_approver))
			return ds_fail(err, DS_EPERM, "to",
			               N_("%s proposed or decided the decision under appeal; another person must review it"),
			               args->to);
		if (args->to_role != CORE_ROLE_REVIEWER)
			return ds_fail(err, DS_EINPUT, "to",
			               N_("%s is not an appeal reviewer on this store"),
			               args->to);
		copy_name(out->appeal_reviewer, sizeof(out->appeal_reviewer), args->to);
		break;
	case CORE_ACTION_APPEAL_DECIDE:
		out->appeal_open = false;
		if (args->overturn) {
			out->appealable = false;
			out->visited = out->assessed = false;
			if (args->restore == CORE_STATE_INVESTIGATING) {
				out->opened = today;
				copy_name(out->opened_by, sizeof(out->opened_by), "appeal");
			}
			if (args->restore == CORE_STATE_RECEIVING &&
			    in->previous_allowance) {
				fx->pay = CORE_PAY_SET;
				fx->allowance = in->previous_allowance;
				fx->since = in->previous_since;
			}
		}
		break;
	case CORE_ACTION_DELIVER:
		if (args->on < 0)
			return ds_fail(err, DS_EUSAGE, "on",
			               N_("give the day the letter was delivered"));
		if (args->method < 0 || args->method >= CORE_DELIVERY_COUNT)
			return ds_fail(err, DS_EUSAGE, "method",
			               N_("say how the letter was delivered: in_person, post, left_at_home or public"));
		if ((st = given_day(in, args->on, today, "on", err)))
			return st;
		/* an appeal received shows the letter had arrived by then (the
		 * time to appeal was counted from the decision: the earliest) */
		if (in->appeal_received >= 0 && args->on > in->appeal_received) {
			char r1[11];
			core_date_format(in->appeal_received, r1);
			return ds_fail(err, DS_EINPUT, "on",
			               N_("is after the appeal received on %s: the letter had reached the household by then"),
			               r1);
		}
		out->delivered = args->on;
		copy_name(out->delivery_method, sizeof(out->delivery_method),
		          core_delivery_id((core_delivery)args->method));
		break;
	default:
		break;
	}
	out->state = r.next;
	return DS_OK;
}
