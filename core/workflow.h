/* workflow.h — the path of a case, as a pure transition table: state ×
 * action × role → the next state, or a refusal with its reason. Four
 * eyes: whoever submitted a case cannot approve or refuse it; an appeal is
 * decided by someone who neither proposed nor decided what is appealed. */
#ifndef CORE_WORKFLOW_H
#define CORE_WORKFLOW_H

#include <stdbool.h>

#include "date.h"
#include "role.h"
#include "status.h"

#define CORE_STATE_LIST(X)                 \
	X(APPLYING, "applying")            \
	X(INVESTIGATING, "investigating")  \
	X(SUBMITTED, "submitted")          \
	X(RETURNED, "returned")            \
	X(NOTICE, "notice")                \
	X(RECEIVING, "receiving")          \
	X(IN_TRANSITION, "in_transition")  \
	X(REFUSED, "refused")              \
	X(EXITED, "exited")                \
	X(SUSPENDED, "suspended")

typedef enum {
#define X(e, id) CORE_STATE_##e,
	CORE_STATE_LIST(X)
#undef X
	CORE_STATE_COUNT
} core_state;

#define CORE_ACTION_LIST(X)                    \
	X(VISIT, "visit")                      \
	X(SUBMIT, "submit")                    \
	X(APPROVE, "approve")                  \
	X(RETURN, "return")                    \
	X(REFUSE, "refuse")                    \
	X(OBJECT, "object")                    \
	X(FINALIZE, "finalize")                \
	X(SUSPEND, "suspend")                  \
	X(RESUME, "resume")                    \
	X(END_TRANSITION, "end_transition")    \
	X(APPEAL_FILE, "appeal_file")          \
	X(APPEAL_ASSIGN, "appeal_assign")      \
	X(APPEAL_DECIDE, "appeal_decide")

typedef enum {
#define X(e, id) CORE_ACTION_##e,
	CORE_ACTION_LIST(X)
#undef X
	CORE_ACTION_COUNT
} core_action;

const char *core_state_id(core_state s);
int core_state_lookup(const char *id); /* -1 when unknown */
const char *core_action_id(core_action a);

/* What a decision does once it takes effect: from the assessment that was
 * submitted and what the household received before. */
typedef enum {
	CORE_OUTCOME_GRANT,      /* eligible: the allowance (new or changed) */
	CORE_OUTCOME_TRANSITION, /* above S after receiving: withdrawal months */
	CORE_OUTCOME_STOP,       /* was receiving, no longer eligible */
	CORE_OUTCOME_REFUSE,     /* applied, not eligible */
} core_outcome;

core_outcome core_outcome_of(bool eligible, bool has_transition,
                             bool was_receiving);
/* The state a decision leaves the case in once it takes effect. */
core_state core_outcome_state(core_outcome o);

/* The case as the rules need to see it. */
typedef struct {
	core_state state;
	core_state before;          /* state before the current submission, or
	                               before a suspension (resumed to) */
	bool visited;               /* a visit since the last decision */
	bool assessed;              /* an assessment since that visit */
	char submitted_by[32];      /* of the proposal under review */
	core_date notice_ends;      /* last day of the public notice */
	bool appealable;            /* the last decision refused, reduced,
	                               stopped or started a withdrawal */
	char decision_proposer[32]; /* of the decision that can be appealed */
	char decision_approver[32];
	bool appeal_open;
	char appeal_reviewer[32];   /* "" until assigned */
} core_case;

/* Why an action is refused: X(enum, status, message). */
#define CORE_REFUSAL_LIST(X)                                                                 \
	X(NONE, DS_OK, "")                                                                   \
	X(ROLE, DS_EPERM, N_("as %s you cannot %s; it needs: %s"))                      \
	X(STATE, DS_EINPUT, N_("the case is %s; \"%s\" cannot be done now"))                  \
	X(FOUR_EYES, DS_EPERM, N_("%s submitted this case; four eyes: someone else must approve or refuse it")) \
	X(APPEAL_EYES, DS_EPERM, N_("%s proposed or decided the decision under appeal; another person must review it")) \
	X(NO_VISIT, DS_EINPUT, N_("there has been no visit since the last decision; visit the household first")) \
	X(NO_ASSESSMENT, DS_EINPUT, N_("the household has not been assessed since the visit; assess it first")) \
	X(NOTICE_RUNNING, DS_EINPUT, N_("the public notice runs until %s; the decision takes effect after it")) \
	X(NOTICE_OVER, DS_EINPUT, N_("the public notice ended on %s; an objection can no longer be recorded")) \
	X(NOT_APPEALABLE, DS_EINPUT, N_("there is no refusal, reduction, stop or withdrawal to appeal")) \
	X(APPEAL_OPEN, DS_EINPUT, N_("an appeal is already open for this case"))             \
	X(NO_APPEAL, DS_EINPUT, N_("there is no open appeal for this case"))                 \
	X(NOT_ASSIGNED, DS_EPERM, N_("the appeal is assigned to %s"))

typedef enum {
#define X(e, st, msg) CORE_REFUSAL_##e,
	CORE_REFUSAL_LIST(X)
#undef X
	CORE_REFUSAL_COUNT
} core_refusal;

typedef struct {
	core_refusal refusal;   /* CORE_REFUSAL_NONE when allowed */
	core_state next;        /* when allowed */
} core_step_result;

/* May actor (with role) do action to the case on today? The next state,
 * or why not. FINALIZE, REFUSE, RESUME and APPEAL_DECIDE lead to a state
 * the caller knows (the outcome's, the state before suspension, the one an
 * overturn restores): pass it in outcome_state. A NULL actor is refused
 * the four-eyes steps. */
core_step_result core_case_step(const core_case *c, core_action action,
                                const char *actor, core_role role,
                                core_date today, core_state outcome_state);

/* The roles that may do an action (a bit per core_role). */
unsigned core_action_roles(core_action a);

/* Fills err with the refusal's message and status (exit 5 for roles and
 * four eyes, 1 for the rest). */
ds_status core_refusal_error(const core_case *c, core_action action,
                             const char *actor, core_role role,
                             core_step_result r, ds_error *err);

/* States an overturned appeal may restore. */
bool core_state_restorable(core_state s);

#endif
