/* relief.h — temporary assistance (临时救助, DOMAIN.md "Temporary
 * assistance"; Decree 649, ch. 11) as pure functions: the causes, the
 * policy's guidance and caps as multiples of the monthly standard S, the
 * deadline in working days (core/workdays.h), and the relief case's steps
 * — state × action × who → the case after it, or a refusal naming why.
 * Four eyes: whoever filed or proposed a case does not approve or refuse
 * it. An amount above the township's limit goes to the county, which
 * decides; above the county's, it is refused. Urgent cases may be paid a
 * small sum first (先行救助), the paperwork following within the policy's
 * working days. Every amount carries its derivation. */
#ifndef CORE_RELIEF_H
#define CORE_RELIEF_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "event.h"
#include "household.h"
#include "money.h"
#include "role.h"
#include "status.h"
#include "workdays.h"

/* X(enum, identifier, words) */
#define CORE_RELIEF_CAUSE_LIST(X)                                          \
	X(ILLNESS, "illness", N_("a sudden serious illness"))               \
	X(ACCIDENT, "accident", N_("an accident"))                          \
	X(DISASTER, "disaster", N_("a fire or a natural disaster"))         \
	X(INCOME_LOSS, "income_loss", N_("the loss of its income"))         \
	X(OTHER, "other", N_("essential spending it cannot meet"))

typedef enum {
#define X(e, id, words) CORE_RELIEF_CAUSE_##e,
	CORE_RELIEF_CAUSE_LIST(X)
#undef X
	CORE_RELIEF_CAUSE_COUNT
} core_relief_cause;

const char *core_relief_cause_id(core_relief_cause c);
const char *core_relief_cause_words(core_relief_cause c); /* N_ marked */
int core_relief_cause_lookup(const char *id);            /* -1 unknown */
/* "illness, accident, ..." for messages; static storage. */
const char *core_relief_cause_allowed(void);

/* X(enum, identifier) */
#define CORE_RELIEF_STATE_LIST(X)                                         \
	X(FILED, "filed")          /* received; being investigated */      \
	X(PROPOSED, "proposed")    /* an amount proposed: a second person  \
	                              decides */                            \
	X(AT_COUNTY, "at_county")  /* above the township's limit: the      \
	                              county decides */                     \
	X(APPROVED, "approved")                                             \
	X(REFUSED, "refused")

typedef enum {
#define X(e, id) CORE_RELIEF_##e,
	CORE_RELIEF_STATE_LIST(X)
#undef X
	CORE_RELIEF_STATE_COUNT
} core_relief_state;

const char *core_relief_state_id(core_relief_state s);
int core_relief_state_lookup(const char *id); /* -1 unknown */

/* Who may act: a role's bit, or the county (its server or console). */
#define CORE_RELIEF_BY(role) (1u << (role))
#define CORE_RELIEF_BY_COUNTY (1u << 8)

/* X(enum, identifier, the event it writes, who may, needs a reason, needs
 * an amount, the county checks who sent it): a decision or a payment
 * arriving from a laptop must be by someone enrolled on it at the county
 * with a role that may make it; the county's own never come from one. */
#define CORE_RELIEF_ACTION_LIST(X)                                                  \
	X(FILE, "file", RELIEF_FILED,                                                \
	  CORE_RELIEF_BY(CORE_ROLE_ASSISTANT) | CORE_RELIEF_BY(CORE_ROLE_SUPERVISOR), \
	  false, true, false)                                                        \
	X(PROPOSE, "propose", RELIEF_PROPOSED,                                       \
	  CORE_RELIEF_BY(CORE_ROLE_ASSISTANT) | CORE_RELIEF_BY(CORE_ROLE_SUPERVISOR), \
	  true, true, false)                                                         \
	X(APPROVE, "approve", RELIEF_DECIDED, CORE_RELIEF_BY(CORE_ROLE_SUPERVISOR),  \
	  false, false, true)                                                        \
	X(REFUSE, "refuse", RELIEF_DECIDED, CORE_RELIEF_BY(CORE_ROLE_SUPERVISOR),    \
	  true, false, true)                                                         \
	X(PAY_FIRST, "pay_first", RELIEF_PAID_FIRST,                                 \
	  CORE_RELIEF_BY(CORE_ROLE_SUPERVISOR), false, true, true)                   \
	X(COUNTY_APPROVE, "county_approve", RELIEF_DECIDED, CORE_RELIEF_BY_COUNTY,   \
	  false, false, true)                                                        \
	X(COUNTY_REFUSE, "county_refuse", RELIEF_DECIDED, CORE_RELIEF_BY_COUNTY,     \
	  true, false, true)

typedef enum {
#define X(e, id, ev, who, reason, amount, checked) CORE_RELIEF_ACT_##e,
	CORE_RELIEF_ACTION_LIST(X)
#undef X
	CORE_RELIEF_ACTION_COUNT
} core_relief_action;

/* The event an action writes. */
core_event_kind core_relief_action_event(core_relief_action a);
const char *core_relief_action_id(core_relief_action a);
int core_relief_action_lookup(const char *id); /* -1 unknown */
/* Who may do an action: CORE_RELIEF_BY bits. */
unsigned core_relief_action_who(core_relief_action a);
/* Whether the county checks who sent the action from a laptop (the
 * list's last column). */
bool core_relief_action_county_checked(core_relief_action a);
/* Whether a case may be in state s just after action a: what a step
 * arriving from elsewhere is checked against (a proposal never leaves a
 * case approved). */
bool core_relief_action_leaves(core_relief_action a, core_relief_state s);

/* Whether a household of class c is already on the ladder (dibao, 单人保,
 * destitute, marginal: DOMAIN.md), and so decided within the shorter
 * number of working days. */
bool core_relief_on_ladder(core_class c);

/* ---- policy ---------------------------------------------------------------- */

#define CORE_RELIEF_SOURCE 512 /* bytes, as CORE_SOURCE_MAX */

/* The guidance for a cause: `multiple` hundredths of S, per person or for
 * the household. */
typedef struct {
	int multiple;
	bool per_person;
	char source[CORE_RELIEF_SOURCE];
	char source_zh[CORE_RELIEF_SOURCE];
} core_relief_guide;

typedef struct {
	core_relief_guide guide[CORE_RELIEF_CAUSE_COUNT];
	/* Limits, each in hundredths of S for the household: the most the
	 * township approves; the most the county approves; the most paid
	 * first; relief to one household within 12 months past which a case
	 * is flagged for the supervisor. */
	int township_max, county_max, pay_first_max, year_cap;
	int paperwork_days;  /* working days after paying first */
	int days_on_ladder;  /* working days to decide: dibao, destitute,
	                        marginal households */
	int days_other;      /* ... any other */
	char source[CORE_RELIEF_SOURCE]; /* of the limits and the days */
	char source_zh[CORE_RELIEF_SOURCE];
	core_calendar calendar;          /* the official schedule; none: weekends */
} core_relief_policy;

/* The defaults of DOMAIN.md (illustrative, local): guidance 1 × S per
 * person for illness, accident and disaster, 1 × S for the household for
 * loss of income and other; township up to 3 × S, county up to 12 × S,
 * paid first up to 1 × S with 5 working days for its paperwork, 12 × S a
 * year flagged; 5 and 10 working days; no holiday schedule. */
void core_relief_policy_default(core_relief_policy *p);
/* A policy whose figures are out of order (a negative multiple, the
 * township's limit above the county's, paid first above the township's,
 * days below 1) is refused naming the field (e.g. "relief.township_max"). */
ds_status core_relief_policy_check(const core_relief_policy *p, ds_error *err);

/* ---- amounts and their derivation --------------------------------------------- */

/* X(enum, identifier): the lines of a derivation, each with its figures
 * (amounts as "1165.00", multiples as "3.00"). */
#define CORE_RELIEF_LINE_LIST(X)                                                   \
	X(CAUSE, "cause")             /* cause */                                 \
	X(STANDARD, "standard")       /* standard (S a month) */                  \
	X(GUIDANCE, "guidance")       /* multiple, per_person, members, amount */ \
	X(PROPOSED, "proposed")       /* amount */                                \
	X(TOWNSHIP, "township_limit") /* multiple, limit, within (yes/no) */      \
	X(COUNTY, "county_limit")     /* multiple, limit */                       \
	X(PAY_FIRST, "pay_first_limit") /* multiple, limit */                     \
	X(YEAR, "year_cap")           /* multiple, cap, before, with_this */

typedef enum {
#define X(e, id) CORE_RELIEF_LINE_##e,
	CORE_RELIEF_LINE_LIST(X)
#undef X
	CORE_RELIEF_LINE_COUNT
} core_relief_line_code;

const char *core_relief_line_id(core_relief_line_code c);

#define CORE_RELIEF_FIGURES 4
#define CORE_RELIEF_LINES 8

typedef struct {
	core_relief_line_code code;
	int n;
	struct {
		const char *name; /* identifier, static */
		char value[CORE_MONEY_BUF];
	} fig[CORE_RELIEF_FIGURES];
	const char *source, *source_zh; /* the policy's, or NULL */
} core_relief_line;

typedef struct {
	size_t n;
	core_relief_line line[CORE_RELIEF_LINES];
} core_relief_derivation;

/* hundredths of S, whole fen (rounded down: a limit is never exceeded by
 * rounding). */
core_fen core_relief_of_standard(core_fen standard, int multiple);

/* The guidance for a cause: S × multiple, × members when per person. */
core_fen core_relief_guidance(const core_relief_policy *p, core_relief_cause c,
                              core_fen standard, int members,
                              core_relief_derivation *d);

/* Who decides an amount. */
typedef enum {
	CORE_RELIEF_TOWNSHIP, /* within the township's limit */
	CORE_RELIEF_COUNTY,   /* above it, within the county's */
} core_relief_level;

/* Checks a proposed amount (> 0, within the county's limit) and says who
 * decides it, adding the lines to d. before is relief to the household in
 * the 12 months before; *over_year says the case goes past the year's cap
 * (flagged for the supervisor, not refused). DS_EINPUT naming "amount":
 * not above zero, or above every limit (the county's named). */
ds_status core_relief_check_amount(const core_relief_policy *p, core_fen amount,
                                   core_fen standard, core_fen before,
                                   core_relief_level *level, bool *over_year,
                                   core_relief_derivation *d, ds_error *err);

/* ---- the case ------------------------------------------------------------------ */

#define CORE_RELIEF_NAME_MAX 32
#define CORE_RELIEF_REASON_MAX 256

typedef struct {
	core_relief_state state;
	core_relief_cause cause;
	bool urgent;
	bool on_ladder;          /* dibao, destitute or marginal when received */
	core_date received;
	core_date deadline;      /* the last working day to decide */
	bool deadline_covered;   /* false: counted on weekends alone */
	char filed_by[CORE_RELIEF_NAME_MAX];
	char proposed_by[CORE_RELIEF_NAME_MAX];
	char decided_by[CORE_RELIEF_NAME_MAX];
	core_fen requested;      /* asked for when filed */
	core_fen proposed;       /* after the investigation; 0 before */
	core_relief_level level; /* who decides what is proposed */
	bool over_year;          /* past the year's cap: the supervisor sees */
	core_fen paid_first;     /* 0: none */
	core_date paid_first_on;
	core_date paperwork_due; /* paid first: its paperwork by then */
	core_fen approved;
	core_date decided;
	char reason[CORE_RELIEF_REASON_MAX]; /* a proposal's or a refusal's */
} core_relief;

/* What a step is given besides the case. */
typedef struct {
	core_relief_cause cause;  /* file */
	bool urgent;              /* file */
	bool on_ladder;           /* file */
	core_date received;       /* file: -1 today */
	core_fen amount;          /* file, propose, pay_first */
	const char *reason;       /* propose, refuse, county_refuse */
	core_fen standard;        /* S of the household's region on the day */
	core_fen before;          /* relief in the 12 months before (propose) */
} core_relief_args;

void core_relief_args_init(core_relief_args *a);

/* The whole step: may actor (with role, or the county when county is
 * true) do action to the case (in; for file, ignored) on today under p?
 * If so the case after it in *out, and what the amount rests on in d (may
 * be NULL). A refusal is one line naming the field or the action, with
 * DS_EPERM for who may and four eyes, DS_EINPUT for the rest: a state the
 * action cannot be done in, a reason missing, an amount not above zero or
 * above its limit, a received date after today, paying first on a case
 * not urgent or paid first already. Pure. */
ds_status core_relief_act(const core_relief *in, core_relief_action action,
                          const core_relief_args *args, const char *actor,
                          core_role role, bool county, core_date today,
                          const core_relief_policy *p, core_relief *out,
                          core_relief_derivation *d, ds_error *err);

#endif
