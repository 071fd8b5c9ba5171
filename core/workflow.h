/* workflow.h — the path of a case as pure functions: state × action × role
 * → the next state, or a refusal with its reason; and the whole step
 * (core_case_act): the case after it, with its dates, and what it does to
 * the household's allowance. Four eyes: whoever submitted a case cannot
 * approve or refuse it; an appeal is decided by someone who neither
 * proposed nor decided what is appealed. Dates come from the case, never
 * from the day a program happens to run (DOMAIN.md, "Dates"). */
#ifndef CORE_WORKFLOW_H
#define CORE_WORKFLOW_H

#include <stdbool.h>

#include "date.h"
#include "event.h"
#include "money.h"
#include "policy.h"
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

/* Bits of the roles that may do an action. */
#define CORE_R_ASSISTANT (1u << CORE_ROLE_ASSISTANT)
#define CORE_R_SUPERVISOR (1u << CORE_ROLE_SUPERVISOR)
#define CORE_R_REVIEWER (1u << CORE_ROLE_REVIEWER)
#define CORE_R_ANYONE (CORE_R_ASSISTANT | CORE_R_SUPERVISOR | CORE_R_REVIEWER)

/* X(enum, id, the event it writes, the roles that may do it, whether a
 * reason is needed, whether the county checks the author's role when the
 * event arrives). FINALIZE, END_TRANSITION and APPEAL_FILE are what the
 * calendar brings about or a letter received: anyone. */
#define CORE_ACTION_LIST(X)                                                            \
	X(VISIT, "visit", VISIT_RECORDED, CORE_R_ASSISTANT, false, false)              \
	X(SUBMIT, "submit", CASE_SUBMITTED, CORE_R_ASSISTANT, false, false)            \
	X(APPROVE, "approve", CASE_APPROVED, CORE_R_SUPERVISOR, false, true)           \
	X(RETURN, "return", CASE_RETURNED, CORE_R_SUPERVISOR, true, true)              \
	X(REFUSE, "refuse", CASE_REFUSED, CORE_R_SUPERVISOR, true, true)               \
	X(OBJECT, "object", CASE_OBJECTED, CORE_R_ASSISTANT | CORE_R_SUPERVISOR, true, \
	  false)                                                                        \
	X(FINALIZE, "finalize", CASE_FINALIZED, CORE_R_ANYONE, false, false)           \
	X(SUSPEND, "suspend", CASE_SUSPENDED, CORE_R_SUPERVISOR, true, true)           \
	X(RESUME, "resume", CASE_RESUMED, CORE_R_SUPERVISOR, false, true)              \
	X(END_TRANSITION, "end_transition", CASE_TRANSITION_ENDED, CORE_R_ANYONE,      \
	  false, false)                                                                 \
	X(APPEAL_FILE, "appeal_file", APPEAL_FILED, CORE_R_ANYONE, true, false)        \
	X(APPEAL_ASSIGN, "appeal_assign", APPEAL_ASSIGNED,                             \
	  CORE_R_SUPERVISOR | CORE_R_REVIEWER, false, true)                             \
	X(APPEAL_DECIDE, "appeal_decide", APPEAL_DECIDED, CORE_R_REVIEWER, true, true) \
	X(DELIVER, "deliver", CASE_DELIVERED, CORE_R_ASSISTANT | CORE_R_SUPERVISOR,    \
	  false, false)

typedef enum {
#define X(e, id, ev, roles, reason, county) CORE_ACTION_##e,
	CORE_ACTION_LIST(X)
#undef X
	CORE_ACTION_COUNT
} core_action;

/* The event an action writes; whether it needs a reason; whether the
 * county checks the role of whoever sent it. */
core_event_kind core_action_event(core_action a);
bool core_action_needs_reason(core_action a);
bool core_action_county_checked(core_action a);
/* The action that writes an event kind, or -1 when none does. */
int core_action_of_event(core_event_kind k);
/* Whether a case's appeal is open after a step, told from the action and
 * whether the case after it has an appeal received, as one who is sent
 * the steps' dates but not the case's flag (the province) tells it: 1
 * open, 0 not, -1 as it was before the step. Filing opens, deciding
 * closes, a new decision clears the appeal's dates and with them the
 * appeal; core_case_act keeps to it (test_casestep). */
int core_appeal_open_after(core_action a, bool appeal_received);

/* How a decision letter reached the household. X(enum, id, words) */
#define CORE_DELIVERY_LIST(X)                                              \
	X(IN_PERSON, "in_person", N_("in person"))             \
	X(POST, "post", N_("by post"))                                \
	X(LEFT_AT_HOME, "left_at_home", N_("left with an adult at home")) \
	X(PUBLIC, "public", N_("posted publicly"))

typedef enum {
#define X(e, id, words) CORE_DELIVERY_##e,
	CORE_DELIVERY_LIST(X)
#undef X
	CORE_DELIVERY_COUNT
} core_delivery;

const char *core_delivery_id(core_delivery d);
const char *core_delivery_words(core_delivery d); /* N_ marked */
int core_delivery_lookup(const char *id);        /* -1 when unknown */

const char *core_state_id(core_state s);
int core_state_lookup(const char *id); /* -1 when unknown */
const char *core_action_id(core_action a);

/* What a decision does once it takes effect: from the assessment that was
 * submitted and what the household received before. X(enum, id) */
#define CORE_OUTCOME_LIST(X)                                                    \
	X(NONE, "")                /* no decision under review or in force */ \
	X(GRANT, "grant")          /* eligible: the allowance (new or changed) */ \
	X(TRANSITION, "transition") /* no longer eligible on income: withdrawal */ \
	X(STOP, "stop")            /* was receiving, no longer eligible */    \
	X(REFUSE, "refuse")        /* applied, not eligible */

typedef enum {
#define X(e, id) CORE_OUTCOME_##e,
	CORE_OUTCOME_LIST(X)
#undef X
	CORE_OUTCOME_COUNT
} core_outcome;

const char *core_outcome_id(core_outcome o);
int core_outcome_lookup(const char *id); /* -1 when unknown */

core_outcome core_outcome_of(bool eligible, bool has_transition,
                             bool was_receiving);
/* The state a decision leaves the case in once it takes effect. */
core_state core_outcome_state(core_outcome o);
/* Receiving, in withdrawal or suspended: a household the allowance reaches. */
bool core_state_receiving(core_state s);

#define CORE_CASE_NAME_MAX 32
#define CORE_CASE_REASON_MAX 256

/* The case as the rules see it, and everything its letter and its due
 * items are dated by. Dates are -1 and months 0 when none. */
typedef struct {
	core_state state;
	core_state before;          /* state before the current submission, or
	                               before a suspension (resumed to) */
	bool visited;               /* a visit since the last decision */
	bool assessed;              /* an assessment since that visit */
	char submitted_by[CORE_CASE_NAME_MAX]; /* of the proposal under review */
	core_date notice_ends;      /* last day of the public notice */
	bool appealable;            /* the last decision refused, reduced,
	                               stopped or started a withdrawal */
	char decision_proposer[CORE_CASE_NAME_MAX]; /* of the decision that
	                                              can be appealed */
	char decision_approver[CORE_CASE_NAME_MAX];
	bool appeal_open;
	char appeal_reviewer[CORE_CASE_NAME_MAX]; /* "" until assigned */

	core_outcome outcome;       /* of the decision under review, in notice
	                               or in force */
	core_date last_visit;
	core_date decided;          /* the day the decision in force took
	                               effect and is dated */
	core_month pay_from;        /* the month its payment starts */
	core_month transition_last; /* last month of a withdrawal */
	core_date delivered;        /* its letter reached the household */
	char delivery_method[16];   /* a core_delivery id, "" until delivered */
	core_date appeal_received, appeal_deadline;
	bool appeal_late;           /* received after the time to appeal */
	char appeal_late_reason[CORE_CASE_REASON_MAX];
	core_fen previous_allowance; /* before the decision in force (appeals) */
	core_month previous_since;
	char decision_reason[CORE_CASE_REASON_MAX]; /* a supervisor's refusal */
	bool referral_due;          /* employment assistance after a withdrawal */
	core_date referral_date;
	core_date opened;           /* returned or reopened on */
	char opened_by[16];         /* "return", "objection", "appeal" */
} core_case;

/* A case that has not begun: applying, or receiving from before doorstep. */
void core_case_init(core_case *c, bool receiving);

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
	X(NOT_ASSIGNED, DS_EPERM, N_("the appeal is assigned to %s"))                       \
	X(NO_DECISION, DS_EINPUT, N_("no decision has been made for this household yet"))   \
	X(DELIVERED, DS_EINPUT, N_("the letter of this decision was delivered on %s already"))

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

/* What the step is given besides the case: the words and dates of the
 * person acting, and what the store read for it. */
typedef struct {
	const char *reason;       /* needed where the action list says */
	const char *note;
	const char *late_reason;  /* an appeal received after its time */
	core_date received;       /* appeal_file: the day received; -1 today */
	core_date on;             /* deliver: the day the letter was delivered;
	                             visit: the day of the visit */
	int method;               /* deliver: a core_delivery */
	const char *to;           /* appeal_assign: the reviewer */
	int to_role;              /* that user's role here; -1 not a user */
	bool overturn;            /* appeal_decide */
	core_state restore;       /* appeal_decide with overturn */
	/* the assessment submitted (submit, finalize) */
	bool has_proposal;
	bool eligible, has_transition;
	core_fen payment;
	core_month transition_last;
	/* the household now */
	bool receiving;
	core_fen allowance;
	core_month since;
} core_step_args;

void core_step_args_init(core_step_args *a);

/* What a step does besides the case: the household's allowance. */
typedef enum {
	CORE_PAY_KEEP,   /* unchanged */
	CORE_PAY_SET,    /* receiving allowance from since */
	CORE_PAY_STOP,   /* receives nothing */
} core_pay_change;

typedef struct {
	core_pay_change pay;
	core_fen allowance;
	core_month since;
} core_effects;

/* The whole step: may actor (with role) do action to the case on today,
 * under policy p; and if so the case after it (*out) and its effects.
 * A refusal is an error naming the field (reason, late_reason, received,
 * on, method, to, restore) or the action, with the status of the refusal
 * list (DS_EPERM for roles and four eyes). Pure: reads nothing else. */
ds_status core_case_act(const core_case *in, core_action a,
                        const core_step_args *args, const char *actor,
                        core_role role, core_date today, const core_policy *p,
                        core_case *out, core_effects *fx, ds_error *err);

/* Administrative reconsideration (行政复议) may be applied for within 60
 * days of learning of the decision (Administrative Reconsideration Law,
 * art. 20): the law's figure, not a county's, whatever the policy gives
 * for the household's own appeal (申诉). */
#define CORE_RECONSIDERATION_DAYS 60

/* The month payment of a decision that took effect on a day starts, as
 * the policy says. */
core_month core_pay_start(const core_policy *p, core_date effective);

/* The month from which a step changes what is paid (0: it changes
 * nothing), recorded in its event so that the payment roll never has to
 * guess the policy of the day: a decision's (a grant's first month; a
 * withdrawal, stop or refusal from the month the policy starts payments
 * after it takes effect), a suspension's or resumption's (the same rule
 * from the day it is made), a withdrawal's end (the month after its last,
 * or, ended early, the month the rule gives from the day it ends). in is
 * the case before the step, after the case after it. */
core_month core_case_pays_from(const core_case *in, const core_case *after,
                               core_action a, const core_policy *p,
                               core_date today);

/* The last day an appeal of the decision in force is in time: counted
 * from its letter's delivery, or while that is not recorded from the
 * decision's date (the earliest it can have arrived); -1 with no
 * decision. */
core_date core_appeal_filing_ends(const core_case *c, const core_policy *p);

/* Fills err with the refusal's message and status (exit 5 for roles and
 * four eyes, 1 for the rest). */
ds_status core_refusal_error(const core_case *c, core_action action,
                             const char *actor, core_role role,
                             core_step_result r, ds_error *err);

/* States an overturned appeal may restore. */
bool core_state_restorable(core_state s);

#endif
