/* test_workflow.c — the case state machine (core/workflow): a hand-written
 * table of every allowed (state, action, role) → next state, a loop over
 * every state × action × role in several case situations asserting that
 * anything not in the table is refused for the expected reason, and the
 * refusal messages with their statuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/workflow.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define ST(s) CORE_STATE_##s
#define AC(a) CORE_ACTION_##a
#define RO(r) CORE_ROLE_##r
#define RF(r) CORE_REFUSAL_##r

#define BIT(x) (1u << (x))
#define ROLES(a, b, c) (BIT(RO(a)) | BIT(RO(b)) | BIT(RO(c)))
#define ANY_ROLE ROLES(ASSISTANT, SUPERVISOR, REVIEWER)

/* The one acting in the situations below; the others are colleagues. */
#define ME "zhang"

/* ---- identifiers ------------------------------------------------------- */

static void test_state_ids(void **state)
{
	static const struct {
		core_state s;
		const char *id;
	} table[] = {
		{ST(APPLYING), "applying"},
		{ST(INVESTIGATING), "investigating"},
		{ST(SUBMITTED), "submitted"},
		{ST(RETURNED), "returned"},
		{ST(NOTICE), "notice"},
		{ST(RECEIVING), "receiving"},
		{ST(IN_TRANSITION), "in_transition"},
		{ST(REFUSED), "refused"},
		{ST(EXITED), "exited"},
		{ST(SUSPENDED), "suspended"},
	};
	static const char *const unknown[] = {
		"", "?", "Applying", "NOTICE", " notice", "notice ", "notic",
		"noticed", "in-transition", "in transition", "intransition",
		"receive", "suspend", "appeal", "closed",
	};
	(void)state;
	assert_int_equal(N(table), CORE_STATE_COUNT);
	for (size_t i = 0; i < N(table); i++) {
		assert_string_equal(core_state_id(table[i].s), table[i].id);
		assert_int_equal(core_state_lookup(table[i].id), table[i].s);
	}
	for (int s = 0; s < CORE_STATE_COUNT; s++)
		assert_int_equal(core_state_lookup(core_state_id((core_state)s)), s);
	assert_int_equal(core_state_lookup(NULL), -1);
	for (size_t i = 0; i < N(unknown); i++)
		if (core_state_lookup(unknown[i]) != -1)
			fail_msg("\"%s\" looked up as a state", unknown[i]);
	assert_string_equal(core_state_id(CORE_STATE_COUNT), "?");
	assert_string_equal(core_state_id((core_state)-1), "?");
	assert_string_equal(core_state_id((core_state)1000), "?");
}

static void test_action_ids(void **state)
{
	static const struct {
		core_action a;
		const char *id;
	} table[] = {
		{AC(VISIT), "visit"},
		{AC(SUBMIT), "submit"},
		{AC(APPROVE), "approve"},
		{AC(RETURN), "return"},
		{AC(REFUSE), "refuse"},
		{AC(OBJECT), "object"},
		{AC(FINALIZE), "finalize"},
		{AC(SUSPEND), "suspend"},
		{AC(RESUME), "resume"},
		{AC(END_TRANSITION), "end_transition"},
		{AC(APPEAL_FILE), "appeal_file"},
		{AC(APPEAL_ASSIGN), "appeal_assign"},
		{AC(APPEAL_DECIDE), "appeal_decide"},
		{AC(DELIVER), "deliver"},
	};
	(void)state;
	assert_int_equal(N(table), CORE_ACTION_COUNT);
	for (size_t i = 0; i < N(table); i++)
		assert_string_equal(core_action_id(table[i].a), table[i].id);
	assert_string_equal(core_action_id(CORE_ACTION_COUNT), "?");
	assert_string_equal(core_action_id((core_action)-1), "?");
}

/* ---- who may do what --------------------------------------------------- */

/* Written from issue 4, not from the code. */
static unsigned roles_of(core_action a)
{
	switch (a) {
	case AC(VISIT):
	case AC(SUBMIT):
		return BIT(RO(ASSISTANT));
	case AC(APPROVE):
	case AC(RETURN):
	case AC(REFUSE):
	case AC(SUSPEND):
	case AC(RESUME):
		return BIT(RO(SUPERVISOR));
	case AC(OBJECT):
		return BIT(RO(ASSISTANT)) | BIT(RO(SUPERVISOR));
	case AC(FINALIZE):
	case AC(END_TRANSITION):
	case AC(APPEAL_FILE):
		return ANY_ROLE;
	case AC(APPEAL_ASSIGN):
		return BIT(RO(SUPERVISOR)) | BIT(RO(REVIEWER));
	case AC(APPEAL_DECIDE):
		return BIT(RO(REVIEWER));
	case AC(DELIVER): /* whoever took the letter to the household */
		return BIT(RO(ASSISTANT)) | BIT(RO(SUPERVISOR));
	default:
		return 0;
	}
}

static void test_action_roles(void **state)
{
	static const struct {
		core_action a;
		unsigned roles;
	} table[] = {
		{AC(VISIT), BIT(RO(ASSISTANT))},
		{AC(SUBMIT), BIT(RO(ASSISTANT))},
		{AC(APPROVE), BIT(RO(SUPERVISOR))},
		{AC(RETURN), BIT(RO(SUPERVISOR))},
		{AC(REFUSE), BIT(RO(SUPERVISOR))},
		{AC(OBJECT), BIT(RO(ASSISTANT)) | BIT(RO(SUPERVISOR))},
		{AC(FINALIZE), ANY_ROLE},
		{AC(SUSPEND), BIT(RO(SUPERVISOR))},
		{AC(RESUME), BIT(RO(SUPERVISOR))},
		{AC(END_TRANSITION), ANY_ROLE},
		{AC(APPEAL_FILE), ANY_ROLE},
		{AC(APPEAL_ASSIGN), BIT(RO(SUPERVISOR)) | BIT(RO(REVIEWER))},
		{AC(APPEAL_DECIDE), BIT(RO(REVIEWER))},
		{AC(DELIVER), BIT(RO(ASSISTANT)) | BIT(RO(SUPERVISOR))},
	};
	(void)state;
	assert_int_equal(N(table), CORE_ACTION_COUNT);
	for (size_t i = 0; i < N(table); i++) {
		assert_int_equal(core_action_roles(table[i].a), table[i].roles);
		assert_int_equal(roles_of(table[i].a), table[i].roles);
	}
	assert_int_equal(core_action_roles(CORE_ACTION_COUNT), 0);
	assert_int_equal(core_action_roles((core_action)-1), 0);
}

/* ---- outcomes ------------------------------------------------------------ */

static void test_outcomes(void **state)
{
	/* A withdrawal schedule wins (new or continuing); else eligible means
	 * the allowance; else a stop when receiving, a refusal when not. */
	static const struct {
		bool eligible, has_transition, was_receiving;
		core_outcome want;
		core_state state;
	} table[] = {
		{false, false, false, CORE_OUTCOME_REFUSE, ST(REFUSED)},
		{false, false, true, CORE_OUTCOME_STOP, ST(EXITED)},
		{false, true, false, CORE_OUTCOME_TRANSITION, ST(IN_TRANSITION)},
		{false, true, true, CORE_OUTCOME_TRANSITION, ST(IN_TRANSITION)},
		{true, false, false, CORE_OUTCOME_GRANT, ST(RECEIVING)},
		{true, false, true, CORE_OUTCOME_GRANT, ST(RECEIVING)},
		{true, true, false, CORE_OUTCOME_TRANSITION, ST(IN_TRANSITION)},
		{true, true, true, CORE_OUTCOME_TRANSITION, ST(IN_TRANSITION)},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_outcome o = core_outcome_of(table[i].eligible,
		                                 table[i].has_transition,
		                                 table[i].was_receiving);
		if (o != table[i].want)
			fail_msg("row %zu: outcome %d, want %d", i, (int)o,
			         (int)table[i].want);
		assert_int_equal(core_outcome_state(o), table[i].state);
	}
	assert_int_equal(core_outcome_state(CORE_OUTCOME_GRANT), ST(RECEIVING));
	assert_int_equal(core_outcome_state(CORE_OUTCOME_TRANSITION),
	                 ST(IN_TRANSITION));
	assert_int_equal(core_outcome_state(CORE_OUTCOME_STOP), ST(EXITED));
	assert_int_equal(core_outcome_state(CORE_OUTCOME_REFUSE), ST(REFUSED));
}

static void test_restorable(void **state)
{
	/* Overturning puts the case back to paying, to paying out a
	 * withdrawal, or to a new investigation; never to a refusal, an exit,
	 * or a step of the review. */
	static const struct {
		core_state s;
		bool ok;
	} table[] = {
		{ST(APPLYING), false},     {ST(INVESTIGATING), true},
		{ST(SUBMITTED), false},    {ST(RETURNED), false},
		{ST(NOTICE), false},       {ST(RECEIVING), true},
		{ST(IN_TRANSITION), true}, {ST(REFUSED), false},
		{ST(EXITED), false},       {ST(SUSPENDED), false},
	};
	(void)state;
	assert_int_equal(N(table), CORE_STATE_COUNT);
	for (size_t i = 0; i < N(table); i++)
		if (core_state_restorable(table[i].s) != table[i].ok)
			fail_msg("%s: restorable should be %d",
			         core_state_id(table[i].s), table[i].ok);
	assert_false(core_state_restorable(CORE_STATE_COUNT));
}

/* ---- situations ---------------------------------------------------------- */

/* What the case looks like apart from its state. ME acts in each; one
 * thing differs from SC_READY, except that the appeal situations build on
 * each other (appealable, then an appeal open, then its reviewer). */
typedef enum {
	SC_READY,            /* visited, assessed, li submitted, last notice day */
	SC_NOTICE_OVER,      /* the day after the notice's last day */
	SC_NO_VISIT,         /* assessed, but no visit since the decision */
	SC_NO_ASSESSMENT,    /* visited, not assessed since */
	SC_OWN_SUBMISSION,   /* ME submitted */
	SC_NO_DECISION,      /* no decision was ever made */
	SC_DELIVERED,        /* the decision's letter was delivered */
	SC_APPEALABLE,       /* a refusal/stop/... that can be appealed */
	SC_APPEAL_OPEN,      /* ... and an appeal on it, unassigned */
	SC_APPEAL_MINE,      /* ... assigned to ME */
	SC_APPEAL_OTHERS,    /* ... assigned to wu */
	SC_APPEAL_PROPOSER,  /* ... assigned to ME, who proposed the decision */
	SC_APPEAL_APPROVER,  /* ... assigned to ME, who approved the decision */
	SC_COUNT
} situation;

static const char *const situation_names[SC_COUNT] = {
	"ready", "notice over", "no visit", "no assessment", "own submission",
	"no decision", "delivered", "appealable", "appeal open", "appeal mine", "appeal others'",
	"appeal proposer", "appeal approver",
};

#define SC(x) BIT(SC_##x)
#define SC_ALL (BIT(SC_COUNT) - 1)
#define SC_OPEN (SC(APPEAL_OPEN) | SC(APPEAL_MINE) | SC(APPEAL_OTHERS) | \
                 SC(APPEAL_PROPOSER) | SC(APPEAL_APPROVER))

static core_date notice_ends(void)
{
	return core_date_from_ymd(2025, 3, 14);
}

static void situation_case(situation sc, core_state s, core_case *c,
                           core_date *today)
{
	memset(c, 0, sizeof(*c));
	c->state = s;
	c->before = ST(INVESTIGATING);
	c->visited = true;
	c->assessed = true;
	strcpy(c->submitted_by, "li");
	c->notice_ends = notice_ends();
	strcpy(c->decision_proposer, "li");
	strcpy(c->decision_approver, "chen");
	c->decided = c->notice_ends - 40; /* a decision in force, undelivered */
	c->delivered = -1;
	*today = c->notice_ends; /* the last day: the notice still runs */
	/* the appeal situations build on each other */
	c->appealable = sc >= SC_APPEALABLE;
	c->appeal_open = sc >= SC_APPEAL_OPEN;
	switch (sc) {
	case SC_NOTICE_OVER:
		*today = c->notice_ends + 1;
		break;
	case SC_NO_VISIT:
		c->visited = false;
		break;
	case SC_NO_ASSESSMENT:
		c->assessed = false;
		break;
	case SC_OWN_SUBMISSION:
		strcpy(c->submitted_by, ME);
		break;
	case SC_NO_DECISION:
		c->decided = -1;
		break;
	case SC_DELIVERED:
		c->delivered = c->decided + 3;
		break;
	case SC_APPEAL_MINE:
		strcpy(c->appeal_reviewer, ME);
		break;
	case SC_APPEAL_OTHERS:
		strcpy(c->appeal_reviewer, "wu");
		break;
	case SC_APPEAL_PROPOSER:
		strcpy(c->decision_proposer, ME);
		strcpy(c->appeal_reviewer, ME);
		break;
	case SC_APPEAL_APPROVER:
		strcpy(c->decision_approver, ME);
		strcpy(c->appeal_reviewer, ME);
		break;
	default:
		break;
	}
}

/* ---- the table of allowed steps ----------------------------------------- */

#define ANY_STATE CORE_STATE_COUNT        /* the row holds in every state */
#define SAME ((core_state)(CORE_STATE_COUNT + 1))    /* state unchanged */
#define OUTCOME ((core_state)(CORE_STATE_COUNT + 2)) /* as passed in */

static const struct allowed {
	unsigned situations;
	core_state from;
	core_action action;
	core_role role;
	core_state to;
} allowed[] = {
	/* Visits: a new or returned case goes to investigation; a case being
	 * paid, withdrawn or suspended stays where it is (re-verification). */
	{SC_ALL, ST(APPLYING), AC(VISIT), RO(ASSISTANT), ST(INVESTIGATING)},
	{SC_ALL, ST(INVESTIGATING), AC(VISIT), RO(ASSISTANT), ST(INVESTIGATING)},
	{SC_ALL, ST(RETURNED), AC(VISIT), RO(ASSISTANT), ST(INVESTIGATING)},
	{SC_ALL, ST(REFUSED), AC(VISIT), RO(ASSISTANT), ST(INVESTIGATING)},
	{SC_ALL, ST(EXITED), AC(VISIT), RO(ASSISTANT), ST(INVESTIGATING)},
	{SC_ALL, ST(RECEIVING), AC(VISIT), RO(ASSISTANT), ST(RECEIVING)},
	{SC_ALL, ST(IN_TRANSITION), AC(VISIT), RO(ASSISTANT), ST(IN_TRANSITION)},
	{SC_ALL, ST(SUSPENDED), AC(VISIT), RO(ASSISTANT), ST(SUSPENDED)},

	/* Submission, after a visit and an assessment. */
#define SUBMITTABLE (SC_ALL & ~(SC(NO_VISIT) | SC(NO_ASSESSMENT)))
	{SUBMITTABLE, ST(INVESTIGATING), AC(SUBMIT), RO(ASSISTANT), ST(SUBMITTED)},
	{SUBMITTABLE, ST(RETURNED), AC(SUBMIT), RO(ASSISTANT), ST(SUBMITTED)},
	{SUBMITTABLE, ST(RECEIVING), AC(SUBMIT), RO(ASSISTANT), ST(SUBMITTED)},
	{SUBMITTABLE, ST(IN_TRANSITION), AC(SUBMIT), RO(ASSISTANT), ST(SUBMITTED)},
	{SUBMITTABLE, ST(SUSPENDED), AC(SUBMIT), RO(ASSISTANT), ST(SUBMITTED)},

	/* Review, four eyes for approving and refusing. */
#define OTHERS_SUBMISSION (SC_ALL & ~SC(OWN_SUBMISSION))
	{OTHERS_SUBMISSION, ST(SUBMITTED), AC(APPROVE), RO(SUPERVISOR), ST(NOTICE)},
	{OTHERS_SUBMISSION, ST(SUBMITTED), AC(REFUSE), RO(SUPERVISOR), OUTCOME},
	{SC_ALL, ST(SUBMITTED), AC(RETURN), RO(SUPERVISOR), ST(RETURNED)},

	/* The public notice: objections up to its last day, the decision
	 * after it. */
#define NOTICE_RUNS (SC_ALL & ~SC(NOTICE_OVER))
	{NOTICE_RUNS, ST(NOTICE), AC(OBJECT), RO(ASSISTANT), ST(INVESTIGATING)},
	{NOTICE_RUNS, ST(NOTICE), AC(OBJECT), RO(SUPERVISOR), ST(INVESTIGATING)},
	{SC(NOTICE_OVER), ST(NOTICE), AC(FINALIZE), RO(ASSISTANT), OUTCOME},
	{SC(NOTICE_OVER), ST(NOTICE), AC(FINALIZE), RO(SUPERVISOR), OUTCOME},
	{SC(NOTICE_OVER), ST(NOTICE), AC(FINALIZE), RO(REVIEWER), OUTCOME},

	/* Suspension, and the end of a withdrawal. */
	{SC_ALL, ST(RECEIVING), AC(SUSPEND), RO(SUPERVISOR), ST(SUSPENDED)},
	{SC_ALL, ST(IN_TRANSITION), AC(SUSPEND), RO(SUPERVISOR), ST(SUSPENDED)},
	{SC_ALL, ST(SUSPENDED), AC(RESUME), RO(SUPERVISOR), OUTCOME},
	{SC_ALL, ST(IN_TRANSITION), AC(END_TRANSITION), RO(ASSISTANT), ST(EXITED)},
	{SC_ALL, ST(IN_TRANSITION), AC(END_TRANSITION), RO(SUPERVISOR), ST(EXITED)},
	{SC_ALL, ST(IN_TRANSITION), AC(END_TRANSITION), RO(REVIEWER), ST(EXITED)},

	/* Appeals: about the last decision, whatever the state is now. */
	{SC(APPEALABLE), ANY_STATE, AC(APPEAL_FILE), RO(ASSISTANT), SAME},
	{SC(APPEALABLE), ANY_STATE, AC(APPEAL_FILE), RO(SUPERVISOR), SAME},
	{SC(APPEALABLE), ANY_STATE, AC(APPEAL_FILE), RO(REVIEWER), SAME},
	{SC_OPEN, ANY_STATE, AC(APPEAL_ASSIGN), RO(SUPERVISOR), SAME},
	{SC_OPEN, ANY_STATE, AC(APPEAL_ASSIGN), RO(REVIEWER), SAME},
	{SC(APPEAL_OPEN) | SC(APPEAL_MINE), ANY_STATE, AC(APPEAL_DECIDE),
	 RO(REVIEWER), OUTCOME},

	/* The letter of the decision in force reached the household: once,
	 * whatever the state is now. */
#define UNDELIVERED (SC_ALL & ~(SC(NO_DECISION) | SC(DELIVERED)))
	{UNDELIVERED, ANY_STATE, AC(DELIVER), RO(ASSISTANT), SAME},
	{UNDELIVERED, ANY_STATE, AC(DELIVER), RO(SUPERVISOR), SAME},
};

/* The states in which an action is not refused for the state: written from
 * the issue, independently of the table above. */
static unsigned states_of(core_action a)
{
	switch (a) {
	case AC(VISIT):
		return BIT(ST(APPLYING)) | BIT(ST(INVESTIGATING)) |
		       BIT(ST(RETURNED)) | BIT(ST(REFUSED)) | BIT(ST(EXITED)) |
		       BIT(ST(RECEIVING)) | BIT(ST(IN_TRANSITION)) |
		       BIT(ST(SUSPENDED));
	case AC(SUBMIT):
		return BIT(ST(INVESTIGATING)) | BIT(ST(RETURNED)) |
		       BIT(ST(RECEIVING)) | BIT(ST(IN_TRANSITION)) |
		       BIT(ST(SUSPENDED));
	case AC(APPROVE):
	case AC(RETURN):
	case AC(REFUSE):
		return BIT(ST(SUBMITTED));
	case AC(OBJECT):
	case AC(FINALIZE):
		return BIT(ST(NOTICE));
	case AC(SUSPEND):
		return BIT(ST(RECEIVING)) | BIT(ST(IN_TRANSITION));
	case AC(RESUME):
		return BIT(ST(SUSPENDED));
	case AC(END_TRANSITION):
		return BIT(ST(IN_TRANSITION));
	default: /* appeals */
		return BIT(CORE_STATE_COUNT) - 1;
	}
}

/* Why an action allowed for the role and the state is still refused in a
 * situation (NONE: it is not). */
static core_refusal precondition(situation sc, core_action a)
{
	bool open = SC_OPEN & BIT(sc);
	switch (a) {
	case AC(SUBMIT):
		return sc == SC_NO_VISIT        ? RF(NO_VISIT)
		       : sc == SC_NO_ASSESSMENT ? RF(NO_ASSESSMENT)
		                                : RF(NONE);
	case AC(APPROVE):
	case AC(REFUSE):
		return sc == SC_OWN_SUBMISSION ? RF(FOUR_EYES) : RF(NONE);
	case AC(OBJECT):
		return sc == SC_NOTICE_OVER ? RF(NOTICE_OVER) : RF(NONE);
	case AC(FINALIZE):
		return sc == SC_NOTICE_OVER ? RF(NONE) : RF(NOTICE_RUNNING);
	case AC(APPEAL_FILE):
		return open                 ? RF(APPEAL_OPEN)
		       : sc == SC_APPEALABLE ? RF(NONE)
		                             : RF(NOT_APPEALABLE);
	case AC(APPEAL_ASSIGN):
		return open ? RF(NONE) : RF(NO_APPEAL);
	case AC(APPEAL_DECIDE):
		if (!open)
			return RF(NO_APPEAL);
		if (sc == SC_APPEAL_PROPOSER || sc == SC_APPEAL_APPROVER)
			return RF(APPEAL_EYES);
		return sc == SC_APPEAL_OTHERS ? RF(NOT_ASSIGNED) : RF(NONE);
	case AC(DELIVER):
		return sc == SC_NO_DECISION ? RF(NO_DECISION)
		       : sc == SC_DELIVERED ? RF(DELIVERED)
		                            : RF(NONE);
	default:
		return RF(NONE);
	}
}

/* Written from the refusal list's contract: exit 5 for who, 1 for when. */
static ds_status refusal_status(core_refusal r)
{
	switch (r) {
	case RF(NONE):
		return DS_OK;
	case RF(ROLE):
	case RF(FOUR_EYES):
	case RF(APPEAL_EYES):
	case RF(NOT_ASSIGNED):
		return DS_EPERM;
	default:
		return DS_EINPUT;
	}
}

static const struct allowed *find_allowed(situation sc, core_state s,
                                          core_action a, core_role r)
{
	const struct allowed *found = NULL;
	for (size_t i = 0; i < N(allowed); i++) {
		const struct allowed *row = &allowed[i];
		if ((row->situations & BIT(sc)) && row->action == a &&
		    row->role == r && (row->from == s || row->from == ANY_STATE)) {
			if (found)
				fail_msg("table: two rows for %s/%s/%s/%s",
				         situation_names[sc], core_state_id(s),
				         core_action_id(a), core_role_id(r));
			found = row;
		}
	}
	return found;
}

/* The states a decision can leave a case in: what REFUSE, FINALIZE,
 * RESUME and APPEAL_DECIDE are handed. */
static const core_state outcomes[] = {
	ST(RECEIVING), ST(IN_TRANSITION), ST(REFUSED), ST(EXITED),
	ST(INVESTIGATING),
};

static void test_every_combination(void **state)
{
	unsigned seen_refusals = 0, rows_used[N(allowed)] = {0};
	int n_allowed = 0, n_refused = 0, failures = 0;
	(void)state;
	for (int sc = 0; sc < SC_COUNT; sc++)
	for (int s = 0; s < CORE_STATE_COUNT; s++)
	for (int a = 0; a < CORE_ACTION_COUNT; a++)
	for (int r = 0; r < CORE_ROLE_COUNT; r++)
	for (size_t o = 0; o < N(outcomes); o++) {
		core_case c;
		core_date today;
		core_step_result res;
		const struct allowed *row;
		core_refusal want = RF(NONE);
		core_state want_next = CORE_STATE_COUNT;
		situation_case((situation)sc, (core_state)s, &c, &today);
		row = find_allowed((situation)sc, (core_state)s, (core_action)a,
		                   (core_role)r);
		if (((core_action)a == AC(APPROVE) || (core_action)a == AC(REFUSE)) &&
		    (core_state)s == ST(SUBMITTED) && sc == SC_OWN_SUBMISSION)
			want = RF(FOUR_EYES); /* before the role, on purpose */
		else if (!(roles_of((core_action)a) & BIT(r)))
			want = RF(ROLE);
		else if (!(states_of((core_action)a) & BIT(s)))
			want = RF(STATE);
		else
			want = precondition((situation)sc, (core_action)a);
		if (row && want != RF(NONE))
			fail_msg("table: %s/%s/%s/%s is in the table but should "
			         "be refused (%d)", situation_names[sc],
			         core_state_id((core_state)s),
			         core_action_id((core_action)a),
			         core_role_id((core_role)r), (int)want);
		if (!row && want == RF(NONE))
			fail_msg("table: %s/%s/%s/%s is missing",
			         situation_names[sc], core_state_id((core_state)s),
			         core_action_id((core_action)a),
			         core_role_id((core_role)r));
		if (row) {
			rows_used[row - allowed]++;
			want_next = row->to == SAME      ? (core_state)s
			            : row->to == OUTCOME ? outcomes[o]
			                                 : row->to;
		}

		res = core_case_step(&c, (core_action)a, ME, (core_role)r, today,
		                     outcomes[o]);
		if (res.refusal != want ||
		    (want == RF(NONE) && res.next != want_next)) {
			print_error("%s, %s, %s by a %s (outcome %s): got "
			            "refusal %d next %s, want refusal %d next %s\n",
			            situation_names[sc],
			            core_state_id((core_state)s),
			            core_action_id((core_action)a),
			            core_role_id((core_role)r),
			            core_state_id(outcomes[o]), (int)res.refusal,
			            core_state_id(res.next), (int)want,
			            core_state_id(want_next));
			failures++;
			continue;
		}
		if (want == RF(NONE)) {
			n_allowed += o == 0;
			continue;
		}
		n_refused += o == 0;
		seen_refusals |= BIT(want);

		/* Every refusal turns into its status and a full message. */
		{
			ds_error err;
			char msg[1024];
			ds_status st;
			memset(&err, 0xA5, sizeof(err));
			st = core_refusal_error(&c, (core_action)a, ME,
			                        (core_role)r, res, &err);
			ds_error_format(&err, msg, sizeof(msg), NULL);
			if (st != refusal_status(want) || err.status != st ||
			    strcmp(err.where, core_action_id((core_action)a)) ||
			    strchr(msg, '%') || strlen(msg) < 30) {
				print_error("%s, %s, %s by a %s: status %d, "
				            "message \"%s\"\n",
				            situation_names[sc],
				            core_state_id((core_state)s),
				            core_action_id((core_action)a),
				            core_role_id((core_role)r), (int)st,
				            msg);
				failures++;
			}
		}
	}
	print_message("%d situations x %d states x %d actions x %d roles: %d "
	              "allowed, %d refused (each with %zu outcomes)\n",
	              SC_COUNT, CORE_STATE_COUNT, CORE_ACTION_COUNT,
	              CORE_ROLE_COUNT, n_allowed, n_refused, N(outcomes));
	assert_int_equal(failures, 0);
	/* Every row of the table was reached, every refusal was met. */
	for (size_t i = 0; i < N(allowed); i++)
		if (!rows_used[i])
			fail_msg("table row %zu never applies", i);
	assert_int_equal(seen_refusals,
	                 BIT(CORE_REFUSAL_COUNT) - 1 - BIT(RF(NONE)));
}

/* Roles and actions outside their enums are refused as roles. */
static void test_out_of_range(void **state)
{
	core_case c;
	core_date today;
	core_step_result r;
	(void)state;
	situation_case(SC_READY, ST(SUBMITTED), &c, &today);
	r = core_case_step(&c, AC(APPROVE), ME, CORE_ROLE_COUNT, today,
	                   ST(REFUSED));
	assert_int_equal(r.refusal, RF(ROLE));
	r = core_case_step(&c, AC(APPROVE), ME, (core_role)-1, today,
	                   ST(REFUSED));
	assert_int_equal(r.refusal, RF(ROLE));
	r = core_case_step(&c, CORE_ACTION_COUNT, ME, RO(SUPERVISOR), today,
	                   ST(REFUSED));
	assert_int_equal(r.refusal, RF(ROLE));
	r = core_case_step(&c, (core_action)-1, ME, RO(SUPERVISOR), today,
	                   ST(REFUSED));
	assert_int_equal(r.refusal, RF(ROLE));
}

/* ---- the edges of each rule ---------------------------------------------- */

static void test_notice_dates(void **state)
{
	/* Days relative to the notice's last day. */
	static const struct {
		int day;
		core_refusal object, finalize;
	} table[] = {
		{-7, RF(NONE), RF(NOTICE_RUNNING)},
		{-1, RF(NONE), RF(NOTICE_RUNNING)},
		{0, RF(NONE), RF(NOTICE_RUNNING)},
		{1, RF(NOTICE_OVER), RF(NONE)},
		{2, RF(NOTICE_OVER), RF(NONE)},
		{400, RF(NOTICE_OVER), RF(NONE)},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_case c;
		core_date today;
		core_step_result r;
		situation_case(SC_READY, ST(NOTICE), &c, &today);
		today = c.notice_ends + table[i].day;
		r = core_case_step(&c, AC(OBJECT), ME, RO(SUPERVISOR), today,
		                   ST(RECEIVING));
		if (r.refusal != table[i].object)
			fail_msg("day %+d: object refused %d", table[i].day,
			         (int)r.refusal);
		if (r.refusal == RF(NONE))
			assert_int_equal(r.next, ST(INVESTIGATING));
		r = core_case_step(&c, AC(FINALIZE), ME, RO(ASSISTANT), today,
		                   ST(IN_TRANSITION));
		if (r.refusal != table[i].finalize)
			fail_msg("day %+d: finalize refused %d", table[i].day,
			         (int)r.refusal);
		if (r.refusal == RF(NONE))
			assert_int_equal(r.next, ST(IN_TRANSITION));
	}
}

static void test_four_eyes(void **state)
{
	static const struct {
		const char *submitted_by, *actor;
		core_role role;
		core_action action;
		core_refusal want;
		core_state next;
	} table[] = {
		/* the submitter, even acting as a supervisor */
		{"wang", "wang", RO(SUPERVISOR), AC(APPROVE), RF(FOUR_EYES), 0},
		{"wang", "wang", RO(SUPERVISOR), AC(REFUSE), RF(FOUR_EYES), 0},
		/* returning one's own submission for more work is fine */
		{"wang", "wang", RO(SUPERVISOR), AC(RETURN), RF(NONE), ST(RETURNED)},
		/* the submitter hears "four eyes" before "wrong role" */
		{"wang", "wang", RO(ASSISTANT), AC(APPROVE), RF(FOUR_EYES), 0},
		{"wang", "wang", RO(REVIEWER), AC(REFUSE), RF(FOUR_EYES), 0},
		/* someone else in the wrong role: the role */
		{"wang", "li", RO(ASSISTANT), AC(APPROVE), RF(ROLE), 0},
		/* whole names are compared */
		{"wang", "li", RO(SUPERVISOR), AC(APPROVE), RF(NONE), ST(NOTICE)},
		{"wang", "wan", RO(SUPERVISOR), AC(APPROVE), RF(NONE), ST(NOTICE)},
		{"wang", "wangwei", RO(SUPERVISOR), AC(APPROVE), RF(NONE), ST(NOTICE)},
		{"wang", "li", RO(SUPERVISOR), AC(REFUSE), RF(NONE), ST(EXITED)},
		{"王芳", "王芳", RO(SUPERVISOR), AC(APPROVE), RF(FOUR_EYES), 0},
		{"王芳", "王", RO(SUPERVISOR), AC(APPROVE), RF(NONE), ST(NOTICE)},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_case c;
		core_date today;
		core_step_result r;
		situation_case(SC_READY, ST(SUBMITTED), &c, &today);
		strcpy(c.submitted_by, table[i].submitted_by);
		r = core_case_step(&c, table[i].action, table[i].actor,
		                   table[i].role, today, ST(EXITED));
		if (r.refusal != table[i].want)
			fail_msg("row %zu: refusal %d, want %d", i, (int)r.refusal,
			         (int)table[i].want);
		if (r.refusal == RF(NONE))
			assert_int_equal(r.next, table[i].next);
		else
			assert_int_equal(ds_status_exit(core_refusal_error(
			                         &c, table[i].action, table[i].actor,
			                         table[i].role, r, NULL)),
			                 5);
	}
}

static void test_submit_preconditions(void **state)
{
	static const struct {
		core_state s;
		bool visited, assessed;
		core_refusal want;
	} table[] = {
		{ST(INVESTIGATING), true, true, RF(NONE)},
		{ST(INVESTIGATING), false, true, RF(NO_VISIT)},
		{ST(INVESTIGATING), true, false, RF(NO_ASSESSMENT)},
		/* neither: the visit comes first */
		{ST(INVESTIGATING), false, false, RF(NO_VISIT)},
		{ST(RECEIVING), false, false, RF(NO_VISIT)},
		{ST(SUSPENDED), true, false, RF(NO_ASSESSMENT)},
		/* the state comes before them */
		{ST(SUBMITTED), false, false, RF(STATE)},
		{ST(NOTICE), true, false, RF(STATE)},
		{ST(APPLYING), false, true, RF(STATE)},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_case c;
		core_date today;
		core_step_result r;
		situation_case(SC_READY, table[i].s, &c, &today);
		c.visited = table[i].visited;
		c.assessed = table[i].assessed;
		r = core_case_step(&c, AC(SUBMIT), ME, RO(ASSISTANT), today,
		                   ST(REFUSED));
		if (r.refusal != table[i].want)
			fail_msg("row %zu: refusal %d, want %d", i, (int)r.refusal,
			         (int)table[i].want);
		if (r.refusal == RF(NONE))
			assert_int_equal(r.next, ST(SUBMITTED));
	}
}

static void test_appeal_rules(void **state)
{
	static const struct {
		bool appealable, open;
		const char *proposer, *approver, *reviewer, *actor;
		core_action action;
		core_role role;
		core_refusal want;
	} table[] = {
		/* filing */
		{true, false, "li", "chen", "", ME, AC(APPEAL_FILE), RO(ASSISTANT), RF(NONE)},
		{false, false, "li", "chen", "", ME, AC(APPEAL_FILE), RO(SUPERVISOR), RF(NOT_APPEALABLE)},
		{true, true, "li", "chen", "", ME, AC(APPEAL_FILE), RO(REVIEWER), RF(APPEAL_OPEN)},
		/* an open appeal is reported before the lack of a decision */
		{false, true, "li", "chen", "", ME, AC(APPEAL_FILE), RO(REVIEWER), RF(APPEAL_OPEN)},
		/* the proposer or approver may still file a letter received */
		{true, false, ME, "chen", "", ME, AC(APPEAL_FILE), RO(ASSISTANT), RF(NONE)},
		{true, false, "li", ME, "", ME, AC(APPEAL_FILE), RO(SUPERVISOR), RF(NONE)},
		/* assigning */
		{true, true, "li", "chen", "", ME, AC(APPEAL_ASSIGN), RO(SUPERVISOR), RF(NONE)},
		{true, true, "li", "chen", "wu", ME, AC(APPEAL_ASSIGN), RO(REVIEWER), RF(NONE)},
		{true, false, "li", "chen", "", ME, AC(APPEAL_ASSIGN), RO(SUPERVISOR), RF(NO_APPEAL)},
		{true, true, "li", "chen", "", ME, AC(APPEAL_ASSIGN), RO(ASSISTANT), RF(ROLE)},
		/* deciding */
		{true, true, "li", "chen", "", ME, AC(APPEAL_DECIDE), RO(REVIEWER), RF(NONE)},
		{true, true, "li", "chen", ME, ME, AC(APPEAL_DECIDE), RO(REVIEWER), RF(NONE)},
		{true, true, "li", "chen", "wu", ME, AC(APPEAL_DECIDE), RO(REVIEWER), RF(NOT_ASSIGNED)},
		{true, true, "li", "chen", "zhan", ME, AC(APPEAL_DECIDE), RO(REVIEWER), RF(NOT_ASSIGNED)},
		{true, true, ME, "chen", ME, ME, AC(APPEAL_DECIDE), RO(REVIEWER), RF(APPEAL_EYES)},
		{true, true, "li", ME, ME, ME, AC(APPEAL_DECIDE), RO(REVIEWER), RF(APPEAL_EYES)},
		{true, true, ME, ME, "", ME, AC(APPEAL_DECIDE), RO(REVIEWER), RF(APPEAL_EYES)},
		/* the eyes rule is reported before the assignment */
		{true, true, ME, "chen", "wu", ME, AC(APPEAL_DECIDE), RO(REVIEWER), RF(APPEAL_EYES)},
		{true, true, "li", ME, "wu", ME, AC(APPEAL_DECIDE), RO(REVIEWER), RF(APPEAL_EYES)},
		/* whole names */
		{true, true, "zhangwei", "zhan", "", ME, AC(APPEAL_DECIDE), RO(REVIEWER), RF(NONE)},
		{true, false, "li", "chen", "", ME, AC(APPEAL_DECIDE), RO(REVIEWER), RF(NO_APPEAL)},
		/* only a reviewer decides, even the assigned one */
		{true, true, "li", "chen", ME, ME, AC(APPEAL_DECIDE), RO(SUPERVISOR), RF(ROLE)},
		{true, true, "li", "chen", ME, ME, AC(APPEAL_DECIDE), RO(ASSISTANT), RF(ROLE)},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++)
		for (int s = 0; s < CORE_STATE_COUNT; s++) {
			core_case c;
			core_date today;
			core_step_result r;
			core_state outcome = ST(INVESTIGATING);
			situation_case(SC_READY, (core_state)s, &c, &today);
			c.appealable = table[i].appealable;
			c.appeal_open = table[i].open;
			strcpy(c.decision_proposer, table[i].proposer);
			strcpy(c.decision_approver, table[i].approver);
			strcpy(c.appeal_reviewer, table[i].reviewer);
			r = core_case_step(&c, table[i].action, table[i].actor,
			                   table[i].role, today, outcome);
			if (r.refusal != table[i].want)
				fail_msg("row %zu in %s: refusal %d, want %d", i,
				         core_state_id((core_state)s),
				         (int)r.refusal, (int)table[i].want);
			if (r.refusal == RF(NONE))
				assert_int_equal(r.next,
				                 table[i].action == AC(APPEAL_DECIDE)
				                     ? outcome
				                     : (core_state)s);
		}
}

/* Uphold passes the state the case is in; overturn a state the reviewer
 * chose among the restorable ones. */
static void test_appeal_decisions(void **state)
{
	static const core_state appealed[] = {
		ST(REFUSED), ST(EXITED), ST(IN_TRANSITION), ST(RECEIVING),
	};
	(void)state;
	for (size_t i = 0; i < N(appealed); i++) {
		core_case c;
		core_date today;
		core_step_result r;
		situation_case(SC_APPEAL_MINE, appealed[i], &c, &today);
		r = core_case_step(&c, AC(APPEAL_DECIDE), ME, RO(REVIEWER), today,
		                   c.state);
		assert_int_equal(r.refusal, RF(NONE));
		assert_int_equal(r.next, appealed[i]);
		for (int s = 0; s < CORE_STATE_COUNT; s++) {
			if (!core_state_restorable((core_state)s))
				continue;
			r = core_case_step(&c, AC(APPEAL_DECIDE), ME,
			                   RO(REVIEWER), today, (core_state)s);
			assert_int_equal(r.refusal, RF(NONE));
			assert_int_equal(r.next, s);
		}
	}
}

/* ---- refusal messages ---------------------------------------------------- */

static void test_refusal_errors(void **state)
{
	static const struct {
		situation sc;
		core_state s;
		core_action action;
		const char *actor;
		core_role role;
		core_refusal want;
		ds_status status;
		int exit;
		const char *msg; /* the English message; "*..." its ending */
	} table[] = {
		{SC_READY, ST(INVESTIGATING), AC(SUBMIT), ME, RO(REVIEWER),
		 RF(ROLE), DS_EPERM, 5,
		 "submit: as reviewer you cannot submit; it needs: assistant"},
		{SC_READY, ST(NOTICE), AC(OBJECT), ME, RO(REVIEWER), RF(ROLE),
		 DS_EPERM, 5,
		 "object: as reviewer you cannot object; it needs: "
		 "assistant, supervisor"},
		{SC_APPEAL_OPEN, ST(REFUSED), AC(APPEAL_ASSIGN), ME,
		 RO(ASSISTANT), RF(ROLE), DS_EPERM, 5,
		 "appeal_assign: as assistant you cannot appeal_assign; it needs: "
		 "supervisor, reviewer"},
		{SC_APPEAL_MINE, ST(REFUSED), AC(APPEAL_DECIDE), ME,
		 RO(SUPERVISOR), RF(ROLE), DS_EPERM, 5,
		 "appeal_decide: as supervisor you cannot appeal_decide; "
		 "it needs: reviewer"},
		{SC_READY, ST(NOTICE), AC(VISIT), ME, RO(ASSISTANT), RF(STATE),
		 DS_EINPUT, 1,
		 "visit: the case is notice; \"visit\" cannot be done now"},
		{SC_READY, ST(IN_TRANSITION), AC(APPROVE), ME, RO(SUPERVISOR),
		 RF(STATE), DS_EINPUT, 1,
		 "approve: the case is in_transition; \"approve\" cannot be "
		 "done now"},
		{SC_OWN_SUBMISSION, ST(SUBMITTED), AC(APPROVE), ME,
		 RO(SUPERVISOR), RF(FOUR_EYES), DS_EPERM, 5,
		 "approve: zhang submitted this case; four eyes: someone else "
		 "must approve or refuse it"},
		{SC_OWN_SUBMISSION, ST(SUBMITTED), AC(REFUSE), ME,
		 RO(SUPERVISOR), RF(FOUR_EYES), DS_EPERM, 5,
		 "refuse: zhang submitted this case; four eyes: someone else "
		 "must approve or refuse it"},
		{SC_APPEAL_PROPOSER, ST(EXITED), AC(APPEAL_DECIDE), ME,
		 RO(REVIEWER), RF(APPEAL_EYES), DS_EPERM, 5,
		 "appeal_decide: zhang proposed or decided the decision under "
		 "appeal; another person must review it"},
		{SC_APPEAL_APPROVER, ST(REFUSED), AC(APPEAL_DECIDE), ME,
		 RO(REVIEWER), RF(APPEAL_EYES), DS_EPERM, 5,
		 "appeal_decide: zhang proposed or decided the decision under "
		 "appeal; another person must review it"},
		{SC_APPEAL_OTHERS, ST(REFUSED), AC(APPEAL_DECIDE), ME,
		 RO(REVIEWER), RF(NOT_ASSIGNED), DS_EPERM, 5,
		 "appeal_decide: the appeal is assigned to wu"},
		{SC_NO_VISIT, ST(RECEIVING), AC(SUBMIT), ME, RO(ASSISTANT),
		 RF(NO_VISIT), DS_EINPUT, 1,
		 "submit: there has been no visit since the last decision; "
		 "visit the household first"},
		{SC_NO_ASSESSMENT, ST(RETURNED), AC(SUBMIT), ME, RO(ASSISTANT),
		 RF(NO_ASSESSMENT), DS_EINPUT, 1,
		 "submit: the household has not been assessed since the visit; "
		 "assess it first"},
		{SC_READY, ST(NOTICE), AC(FINALIZE), ME, RO(REVIEWER),
		 RF(NOTICE_RUNNING), DS_EINPUT, 1,
		 "finalize: the public notice runs until 2025-03-14; the "
		 "decision takes effect after it"},
		{SC_NOTICE_OVER, ST(NOTICE), AC(OBJECT), ME, RO(ASSISTANT),
		 RF(NOTICE_OVER), DS_EINPUT, 1,
		 "object: the public notice ended on 2025-03-14; an objection "
		 "can no longer be recorded"},
		{SC_READY, ST(RECEIVING), AC(APPEAL_FILE), ME, RO(ASSISTANT),
		 RF(NOT_APPEALABLE), DS_EINPUT, 1,
		 "appeal_file: there is no refusal, reduction, stop or "
		 "withdrawal to appeal"},
		{SC_APPEAL_OPEN, ST(REFUSED), AC(APPEAL_FILE), ME, RO(SUPERVISOR),
		 RF(APPEAL_OPEN), DS_EINPUT, 1,
		 "appeal_file: an appeal is already open for this case"},
		{SC_APPEALABLE, ST(REFUSED), AC(APPEAL_ASSIGN), ME, RO(REVIEWER),
		 RF(NO_APPEAL), DS_EINPUT, 1,
		 "appeal_assign: there is no open appeal for this case"},
		{SC_READY, ST(EXITED), AC(APPEAL_DECIDE), ME, RO(REVIEWER),
		 RF(NO_APPEAL), DS_EINPUT, 1,
		 "appeal_decide: there is no open appeal for this case"},
		{SC_NO_DECISION, ST(INVESTIGATING), AC(DELIVER), ME, RO(ASSISTANT),
		 RF(NO_DECISION), DS_EINPUT, 1,
		 "deliver: no decision has been made for this household yet"},
		{SC_DELIVERED, ST(RECEIVING), AC(DELIVER), ME, RO(SUPERVISOR),
		 RF(DELIVERED), DS_EINPUT, 1,
		 "deliver: the letter of this decision was delivered on "
		 "2025-02-05 already"},
	};
	unsigned seen = 0;
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		core_case c;
		core_date today;
		core_step_result r;
		ds_error err;
		char msg[1024];
		ds_status st;
		situation_case(table[i].sc, table[i].s, &c, &today);
		r = core_case_step(&c, table[i].action, table[i].actor,
		                   table[i].role, today, ST(REFUSED));
		if (r.refusal != table[i].want)
			fail_msg("row %zu: refusal %d, want %d", i, (int)r.refusal,
			         (int)table[i].want);
		seen |= BIT(r.refusal);
		memset(&err, 0, sizeof(err));
		st = core_refusal_error(&c, table[i].action, table[i].actor,
		                        table[i].role, r, &err);
		assert_int_equal(st, table[i].status);
		assert_int_equal(err.status, table[i].status);
		assert_int_equal(ds_status_exit(st), table[i].exit);
		assert_string_equal(err.where, core_action_id(table[i].action));
		ds_error_format(&err, msg, sizeof(msg), NULL);
		assert_true(strncmp(msg, err.where, strlen(err.where)) == 0);
		assert_true(strncmp(msg + strlen(err.where), ": ", 2) == 0);
		if (table[i].msg[0] == '*') {
			size_t n = strlen(msg), m = strlen(table[i].msg + 1);
			if (n < m || strcmp(msg + n - m, table[i].msg + 1))
				fail_msg("\"%s\" does not end with \"%s\"", msg,
				         table[i].msg + 1);
		} else {
			assert_string_equal(msg, table[i].msg);
		}
		/* without an error detail, the same status */
		assert_int_equal(core_refusal_error(&c, table[i].action,
		                                    table[i].actor, table[i].role,
		                                    r, NULL),
		                 table[i].status);
	}
	/* every refusal has a row */
	assert_int_equal(seen, BIT(CORE_REFUSAL_COUNT) - 1 - BIT(RF(NONE)));
}

static void test_refusal_error_none(void **state)
{
	core_case c;
	core_date today;
	ds_error err;
	core_step_result ok = {RF(NONE), ST(NOTICE)};
	core_step_result bad = {CORE_REFUSAL_COUNT, CORE_STATE_COUNT};
	(void)state;
	situation_case(SC_READY, ST(SUBMITTED), &c, &today);
	memset(&err, 0, sizeof(err));
	assert_int_equal(core_refusal_error(&c, AC(APPROVE), "li",
	                                    RO(SUPERVISOR), ok, &err),
	                 DS_OK);
	assert_int_equal(err.status, DS_OK);
	assert_string_equal(err.where, "");
	assert_null(err.fmt);
	assert_int_equal(core_refusal_error(&c, AC(APPROVE), "li",
	                                    RO(SUPERVISOR), bad, &err),
	                 DS_OK);
	assert_null(err.fmt);
}

/* ---- a case's path ------------------------------------------------------- */

/* One application from the door to an appeal, each step's result fed
 * back as the store would record it. */
static void test_a_path(void **state)
{
	static const struct {
		int day;
		core_action action;
		const char *actor;
		core_role role;
		core_state outcome; /* for the steps that take one */
		core_refusal want;
		core_state next;
	} path[] = {
		{0, AC(SUBMIT), "li", RO(ASSISTANT), 0, RF(STATE), 0},
		{0, AC(VISIT), "li", RO(ASSISTANT), 0, RF(NONE), ST(INVESTIGATING)},
		{1, AC(SUBMIT), "li", RO(ASSISTANT), 0, RF(NONE), ST(SUBMITTED)},
		{2, AC(APPROVE), "li", RO(SUPERVISOR), 0, RF(FOUR_EYES), 0},
		{2, AC(RETURN), "chen", RO(SUPERVISOR), 0, RF(NONE), ST(RETURNED)},
		{3, AC(SUBMIT), "li", RO(ASSISTANT), 0, RF(NONE), ST(SUBMITTED)},
		{4, AC(APPROVE), "chen", RO(SUPERVISOR), 0, RF(NONE), ST(NOTICE)},
		{5, AC(VISIT), "li", RO(ASSISTANT), 0, RF(STATE), 0},
		{10, AC(FINALIZE), "li", RO(ASSISTANT), ST(REFUSED), RF(NOTICE_RUNNING), 0},
		{10, AC(OBJECT), "li", RO(ASSISTANT), 0, RF(NONE), ST(INVESTIGATING)},
		{11, AC(SUBMIT), "li", RO(ASSISTANT), 0, RF(NONE), ST(SUBMITTED)},
		{12, AC(APPROVE), "chen", RO(SUPERVISOR), 0, RF(NONE), ST(NOTICE)},
		{19, AC(OBJECT), "li", RO(ASSISTANT), 0, RF(NOTICE_OVER), 0},
		{19, AC(FINALIZE), "zhao", RO(REVIEWER), ST(REFUSED), RF(NONE), ST(REFUSED)},
		{19, AC(SUBMIT), "li", RO(ASSISTANT), 0, RF(STATE), 0},
		{20, AC(APPEAL_DECIDE), "wu", RO(REVIEWER), ST(RECEIVING), RF(NO_APPEAL), 0},
		{20, AC(APPEAL_FILE), "li", RO(ASSISTANT), 0, RF(NONE), ST(REFUSED)},
		{21, AC(APPEAL_FILE), "li", RO(ASSISTANT), 0, RF(APPEAL_OPEN), 0},
		{21, AC(APPEAL_ASSIGN), "chen", RO(SUPERVISOR), 0, RF(NONE), ST(REFUSED)},
		{22, AC(APPEAL_DECIDE), "chen", RO(REVIEWER), ST(RECEIVING), RF(APPEAL_EYES), 0},
		{22, AC(APPEAL_DECIDE), "zhao", RO(REVIEWER), ST(RECEIVING), RF(NOT_ASSIGNED), 0},
		{22, AC(APPEAL_DECIDE), "wu", RO(REVIEWER), ST(RECEIVING), RF(NONE), ST(RECEIVING)},
	};
	core_date day0 = core_date_from_ymd(2025, 3, 1);
	core_case c;
	(void)state;
	memset(&c, 0, sizeof(c));
	c.state = c.before = ST(APPLYING);
	for (size_t i = 0; i < N(path); i++) {
		core_date today = day0 + path[i].day;
		core_step_result r = core_case_step(&c, path[i].action,
		                                    path[i].actor, path[i].role,
		                                    today, path[i].outcome);
		if (r.refusal != path[i].want)
			fail_msg("step %zu (%s by %s): refusal %d, want %d", i,
			         core_action_id(path[i].action), path[i].actor,
			         (int)r.refusal, (int)path[i].want);
		if (r.refusal != RF(NONE))
			continue;
		assert_int_equal(r.next, path[i].next);
		switch (path[i].action) {
		case AC(VISIT):
			c.visited = c.assessed = true;
			break;
		case AC(SUBMIT):
			c.before = c.state;
			strcpy(c.submitted_by, path[i].actor);
			break;
		case AC(APPROVE):
			strcpy(c.decision_approver, path[i].actor);
			c.notice_ends = today + 6; /* seven days with today */
			break;
		case AC(FINALIZE):
			strcpy(c.decision_proposer, c.submitted_by);
			c.appealable = true;
			c.visited = c.assessed = false;
			break;
		case AC(APPEAL_FILE):
			c.appeal_open = true;
			break;
		case AC(APPEAL_ASSIGN):
			strcpy(c.appeal_reviewer, "wu");
			break;
		default:
			break;
		}
		c.state = r.next;
	}
	assert_int_equal(c.state, ST(RECEIVING));
}

/* No one named is no one vouched for: the four-eyes steps are refused. */
static void test_null_actor(void **state)
{
	core_case c;
	core_step_result r;
	(void)state;
	memset(&c, 0, sizeof(c));
	c.state = CORE_STATE_SUBMITTED;
	snprintf(c.submitted_by, sizeof(c.submitted_by), "wang");
	r = core_case_step(&c, CORE_ACTION_APPROVE, NULL, CORE_ROLE_SUPERVISOR, 0,
	                   CORE_STATE_NOTICE);
	assert_int_equal(r.refusal, CORE_REFUSAL_FOUR_EYES);
	r = core_case_step(&c, CORE_ACTION_REFUSE, NULL, CORE_ROLE_SUPERVISOR, 0,
	                   CORE_STATE_REFUSED);
	assert_int_equal(r.refusal, CORE_REFUSAL_FOUR_EYES);
	c.state = CORE_STATE_REFUSED;
	c.appeal_open = true;
	snprintf(c.decision_proposer, sizeof(c.decision_proposer), "wang");
	snprintf(c.decision_approver, sizeof(c.decision_approver), "li");
	r = core_case_step(&c, CORE_ACTION_APPEAL_DECIDE, NULL,
	                   CORE_ROLE_REVIEWER, 0, CORE_STATE_REFUSED);
	assert_int_equal(r.refusal, CORE_REFUSAL_APPEAL_EYES);
	/* steps the calendar brings need no one */
	c.state = CORE_STATE_NOTICE;
	c.notice_ends = 10;
	r = core_case_step(&c, CORE_ACTION_FINALIZE, NULL, CORE_ROLE_ASSISTANT,
	                   11, CORE_STATE_RECEIVING);
	assert_int_equal(r.refusal, CORE_REFUSAL_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_ids),
		cmocka_unit_test(test_action_ids),
		cmocka_unit_test(test_action_roles),
		cmocka_unit_test(test_outcomes),
		cmocka_unit_test(test_restorable),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_every_combination),
		cmocka_unit_test(test_notice_dates),
		cmocka_unit_test(test_four_eyes),
		cmocka_unit_test(test_submit_preconditions),
		cmocka_unit_test(test_appeal_rules),
		cmocka_unit_test(test_appeal_decisions),
		cmocka_unit_test(test_refusal_errors),
		cmocka_unit_test(test_refusal_error_none),
		cmocka_unit_test(test_a_path),
		cmocka_unit_test(test_null_actor),
	};
	return cmocka_run_group_tests_name("workflow", tests, NULL, NULL);
}
