/* workflow.c — the case state machine. */
#include "workflow.h"

#include <stdio.h>
#include <string.h>

static const char *const state_ids[] = {
#define X(e, id) id,
	CORE_STATE_LIST(X)
#undef X
};

static const char *const action_ids[] = {
#define X(e, id) id,
	CORE_ACTION_LIST(X)
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
	return (unsigned)a < CORE_ACTION_COUNT ? action_ids[a] : "?";
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

#define R(role) (1u << CORE_ROLE_##role)

unsigned core_action_roles(core_action a)
{
	switch (a) {
	case CORE_ACTION_VISIT:
	case CORE_ACTION_SUBMIT:
		return R(ASSISTANT);
	case CORE_ACTION_APPROVE:
	case CORE_ACTION_RETURN:
	case CORE_ACTION_REFUSE:
	case CORE_ACTION_SUSPEND:
	case CORE_ACTION_RESUME:
		return R(SUPERVISOR);
	case CORE_ACTION_OBJECT:
		return R(ASSISTANT) | R(SUPERVISOR);
	case CORE_ACTION_FINALIZE:
	case CORE_ACTION_END_TRANSITION:
	case CORE_ACTION_APPEAL_FILE:
		/* what the calendar brings about, or a letter received: anyone */
		return R(ASSISTANT) | R(SUPERVISOR) | R(REVIEWER);
	case CORE_ACTION_APPEAL_ASSIGN:
		return R(SUPERVISOR) | R(REVIEWER);
	case CORE_ACTION_APPEAL_DECIDE:
		return R(REVIEWER);
	default:
		return 0;
	}
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
	case CORE_REFUSAL_NOT_ASSIGNED:
		return ds_fail(err, refusals[r.refusal].status, core_action_id(a),
		               refusals[r.refusal].msg, c->appeal_reviewer);
	default:
		return ds_fail(err, refusals[r.refusal].status, core_action_id(a),
		               refusals[r.refusal].msg);
	}
}
