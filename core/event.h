/* event.h — every kind of event the log holds, declared once: its name in
 * the log and its words on a household's timeline. The store's projection,
 * the case steps (core/workflow.h's action list names the kind each writes),
 * the timeline and the county's filters all go by this list. */
#ifndef CORE_EVENT_H
#define CORE_EVENT_H

#include <stdbool.h>

#include "status.h"

/* X(enum, name in the log, words on a timeline — NULL: not shown) */
#define CORE_EVENT_LIST(X)                                                          \
	X(STORE_CREATED, "store.created", NULL)                                     \
	X(USER_ADDED, "user.added", NULL)                                           \
	X(USER_KEY_REPLACED, "user.key_replaced", NULL)                             \
	X(DEVICE_KEYS, "device.keys", NULL)                                         \
	X(DEVICE_EPOCH, "device.epoch", NULL)                                       \
	X(DEVICE_ENROLLED, "device.enrolled", NULL)                                 \
	X(POLICY_IMPORTED, "policy.imported", NULL)                                 \
	X(HOUSEHOLD_CREATED, "household.created", N_("household added"))            \
	X(HOUSEHOLD_CHANGED, "household.changed", N_("household details changed"))  \
	X(HOUSEHOLD_ASSESSED, "household.assessed", N_("assessed"))                 \
	X(VISIT_RECORDED, "visit.recorded", N_("visit recorded"))                   \
	X(CASE_SUBMITTED, "case.submitted", N_("submitted for review"))             \
	X(CASE_APPROVED, "case.approved", N_("approved; public notice"))            \
	X(CASE_RETURNED, "case.returned", N_("returned for more investigation"))    \
	X(CASE_REFUSED, "case.refused", N_("refused"))                              \
	X(CASE_OBJECTED, "case.objected", N_("objection during the notice"))        \
	X(CASE_FINALIZED, "case.finalized", N_("decision took effect"))             \
	X(CASE_DELIVERED, "case.delivered", N_("decision letter delivered"))        \
	X(CASE_SUSPENDED, "case.suspended", N_("payments suspended"))               \
	X(CASE_RESUMED, "case.resumed", N_("payments resumed"))                     \
	X(CASE_TRANSITION_ENDED, "case.transition_ended",                           \
	  N_("withdrawal ended; referred to employment assistance"))                \
	X(APPEAL_FILED, "appeal.filed", N_("appeal received"))                      \
	X(APPEAL_ASSIGNED, "appeal.assigned", N_("appeal given to a reviewer"))     \
	X(APPEAL_DECIDED, "appeal.decided", N_("appeal decided"))                   \
	X(CROSSCHECK_IMPORTED, "crosscheck.imported", NULL)                         \
	X(FLAG_RAISED, "flag.raised", N_("cross-check flag raised"))                \
	X(HOUSEHOLD_REASSIGNED, "household.reassigned",                             \
	  N_("handed to another assistant by the county"))                          \
	X(SETTINGS_SET, "settings.set", NULL)                                       \
	X(PAYROLL_ISSUED, "payroll.issued", NULL)                                   \
	X(RELIEF_FILED, "relief.filed", N_("temporary assistance applied for"))     \
	X(RELIEF_PROPOSED, "relief.proposed", N_("temporary assistance proposed"))  \
	X(RELIEF_DECIDED, "relief.decided", N_("temporary assistance decided"))     \
	X(RELIEF_PAID_FIRST, "relief.paid_first",                                   \
	  N_("temporary assistance paid first"))

typedef enum {
#define X(e, id, words) CORE_EVENT_##e,
	CORE_EVENT_LIST(X)
#undef X
	CORE_EVENT_COUNT
} core_event_kind;

const char *core_event_id(core_event_kind k);
/* -1 when the name is not a kind this program knows */
int core_event_lookup(const char *id);
/* Is name the kind k? */
bool core_event_is(const char *name, core_event_kind k);
/* The untranslated words for a timeline (N_ marked), or NULL. */
const char *core_event_words(core_event_kind k);

#endif
