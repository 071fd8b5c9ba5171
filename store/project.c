/* project.c — the case projection: what each kind of event does to the
 * tables that hold the current state. The same code runs when an event is
 * written and when `store rebuild` replays the log, so both give the same
 * result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "store/internal.h"

typedef ds_status (*project_fn)(ds_store *s, const store_event *ev,
                                json_t *body, ds_error *err);

static ds_status no_change(ds_store *s, const store_event *ev, json_t *body,
                           ds_error *err)
{
	(void)s;
	(void)ev;
	(void)body;
	(void)err;
	return DS_OK;
}

ds_status store_bad_body(const store_event *ev, ds_error *err)
{
	char where[48];
	snprintf(where, sizeof(where), "event %lld", (long long)ev->seq);
	return ds_fail(err, DS_EDAMAGED, where,
	               N_("its content does not fit its kind (%s)"), ev->kind);
}

ds_status store_created_blinds(const ds_store *s, json_t *body,
                               store_blinds *out)
{
	json_t *hj = json_object_get(body, "household");
	json_t *members = json_object_get(hj, "members"), *m;
	size_t n = json_array_size(members), i;

	out->blind = NULL;
	out->mac = NULL;
	out->n = 0;
	if (!json_is_object(hj) || !json_is_array(members) || !n ||
	    n > CORE_MEMBERS_MAX)
		return DS_EDAMAGED;
	if (!(out->blind = calloc(n, sizeof(*out->blind))))
		return DS_ESYSTEM;
	json_array_foreach(members, i, m) {
		const char *idn = json_string_value(json_object_get(m, "id_number"));
		if (!idn || strlen(idn) != CORE_IDNUM_LEN) {
			free(out->blind);
			out->blind = NULL;
			return DS_EDAMAGED;
		}
		store_blind(out->blind[i], idn, BLIND_KEY(s));
	}
	out->n = n;
	return DS_OK;
}

ds_status store_created_blinds_of(const ds_store *s, const core_household *h,
                                  store_blinds *out)
{
	out->blind = NULL;
	out->mac = NULL;
	out->n = 0;
	if (!h->n_members || h->n_members > CORE_MEMBERS_MAX)
		return DS_EDAMAGED;
	if (!(out->blind = calloc(h->n_members, sizeof(*out->blind))))
		return DS_ESYSTEM;
	for (size_t i = 0; i < h->n_members; i++)
		store_blind(out->blind[i], h->members[i].id_number, BLIND_KEY(s));
	out->n = h->n_members;
	return DS_OK;
}

/* household.created, its members' blind index made already (pre) or
 * made here, and its household read already (pre) or read here. */
static ds_status created_with(ds_store *s, const store_event *ev, json_t *body,
                              const store_blinds *pre, ds_error *err)
{
	json_t *hj = json_object_get(body, "household");
	json_t *rec = json_object_get(hj, "receiving");
	bool receiving = rec && !json_is_null(rec);
	store_blinds b = {NULL, 0, NULL, NULL, false};
	core_household mine;
	const core_household *h = NULL;
	ds_error ignored;
	bool read_here = false, kept;
	ds_status st;

	if (!pre || !pre->blind) {
		if ((st = store_created_blinds(s, body, &b)))
			return st == DS_ESYSTEM
			               ? ds_fail(err, DS_ESYSTEM, "", N_("out of memory"))
			               : store_bad_body(ev, err);
		pre = &b;
	}
	if ((st = store_summary_kept(s, &kept, err))) {
		free(b.blind);
		return st;
	}
	/* the household, for its summary, from the body in hand (read ahead
	 * on a worker thread when taken in); when it does not read, the
	 * summary reads it from the store and says why. A county's store
	 * keeps no summary but refuses such a household all the same, as
	 * the summary's reading did */
	if (pre->h || pre->unreadable) {
		h = pre->h;
		/* read in one pass, with no tree of the body (store/replica.c) */
		if (!body && h)
			receiving = h->receiving;
	} else if (!store_household_from_json(hj, &mine, &ignored)) {
		h = &mine;
		read_here = true;
	}
	st = store_project_created_mac(s, ev->entity, ev->seq,
	                               store_initial_status(receiving),
	                               (const unsigned char(*)[STORE_BLIND_BYTES])pre->blind,
	                               (const unsigned char(*)[STORE_MAC_BYTES])pre->mac,
	                               pre->n, kept ? h : NULL, err);
	if (!st && !kept && !h) {
		char where[64];
		snprintf(where, sizeof(where), "household %s", ev->entity);
		st = ds_fail(err, DS_EDAMAGED, where, N_("its stored value is not readable"));
	}
	if (read_here)
		core_household_free(&mine);
	free(b.blind);
	return st;
}

static ds_status household_created(ds_store *s, const store_event *ev,
                                   json_t *body, ds_error *err)
{
	return created_with(s, ev, body, NULL, err);
}

ds_status store_project_pre(ds_store *s, const store_event *ev, json_t *body,
                            const store_blinds *pre, ds_error *err)
{
	if (pre && pre->blind && core_event_is(ev->kind, CORE_EVENT_HOUSEHOLD_CREATED))
		return created_with(s, ev, body, pre, err);
	return store_project(s, ev, body, err);
}

/* A household moved to another assistant by the county: who works on it. */
static ds_status household_reassigned(ds_store *s, const store_event *ev,
                                      json_t *body, ds_error *err)
{
	const char *to = json_string_value(json_object_get(body, "to"));
	sqlite3_stmt *q;
	ds_status st;
	if (!to || !*to || strlen(to) >= STORE_USER_MAX || !*ev->entity)
		return store_bad_body(ev, err);
	if ((st = store_prep(s, "INSERT OR REPLACE INTO main.assignment(household, user,"
	                        " seq, mac) VALUES (?1, ?2, ?3, ds_mac('assignment', ?1, ?2, ?3))",
	                     &q, err)))
		return st;
	sqlite3_bind_text(q, 1, ev->entity, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, ev->seq);
	return store_done(s, q, sqlite3_step(q), err);
}

/* What each kind of event the log can hold (core/event.h) does: its
 * projection, and what it does to the caseload summaries (summary.c):
 * nothing, the summary of its household made again, or every summary's
 * next-due key worked out again under the policy now in force. Every
 * kind has its row: a kind left out fails to compile (the count below),
 * one given twice is a warning (-Woverride-init, in -Wextra). */
typedef enum { SUM_NONE, SUM_HOUSEHOLD, SUM_POLICY } summary_effect;

#define PROJECTION_LIST(X)                                                    \
	X(STORE_CREATED, no_change, SUM_NONE)                                 \
	/* key slots are not projected */                                     \
	X(USER_ADDED, no_change, SUM_NONE)                                    \
	X(USER_KEY_REPLACED, no_change, SUM_NONE)                             \
	/* the county reads them; nothing here */                             \
	X(DEVICE_KEYS, no_change, SUM_NONE)                                   \
	X(DEVICE_EPOCH, no_change, SUM_NONE)                                  \
	/* read where bundles are sealed */                                   \
	X(DEVICE_ENROLLED, no_change, SUM_NONE)                               \
	/* the summary made with the household's row (store_project_created), \
	 * on the import's path as on this one */                             \
	X(HOUSEHOLD_CREATED, household_created, SUM_NONE)                     \
	X(POLICY_IMPORTED, store_project_policy, SUM_POLICY)                  \
	/* warning, schedule */                                               \
	X(HOUSEHOLD_ASSESSED, store_project_assessed, SUM_HOUSEHOLD)          \
	/* names, address, members */                                        \
	X(HOUSEHOLD_CHANGED, store_project_changed, SUM_HOUSEHOLD)            \
	X(VISIT_RECORDED, store_project_case, SUM_HOUSEHOLD)                  \
	X(CASE_SUBMITTED, store_project_case, SUM_HOUSEHOLD)                  \
	X(CASE_APPROVED, store_project_case, SUM_HOUSEHOLD)                   \
	X(CASE_RETURNED, store_project_case, SUM_HOUSEHOLD)                   \
	X(CASE_REFUSED, store_project_case, SUM_HOUSEHOLD)                    \
	X(CASE_OBJECTED, store_project_case, SUM_HOUSEHOLD)                   \
	X(CASE_FINALIZED, store_project_case, SUM_HOUSEHOLD)                  \
	X(CASE_DELIVERED, store_project_case, SUM_HOUSEHOLD)                  \
	X(CASE_SUSPENDED, store_project_case, SUM_HOUSEHOLD)                  \
	X(CASE_RESUMED, store_project_case, SUM_HOUSEHOLD)                    \
	X(CASE_TRANSITION_ENDED, store_project_case, SUM_HOUSEHOLD)           \
	X(APPEAL_FILED, store_project_case, SUM_HOUSEHOLD)                    \
	X(APPEAL_ASSIGNED, store_project_case, SUM_HOUSEHOLD)                 \
	X(APPEAL_DECIDED, store_project_case, SUM_HOUSEHOLD)                  \
	/* flags are not in the summary */                                   \
	X(CROSSCHECK_IMPORTED, store_project_xc_imported, SUM_NONE)           \
	X(FLAG_RAISED, store_project_flag, SUM_NONE)                          \
	/* who works on a household: the caseload asks the assignment table */\
	X(HOUSEHOLD_REASSIGNED, household_reassigned, SUM_NONE)               \
	/* the due rule reads the policy */                                   \
	X(SETTINGS_SET, store_project_settings, SUM_NONE)                     \
	/* read where rolls are made */                                       \
	X(PAYROLL_ISSUED, no_change, SUM_NONE)                                \
	/* temporary assistance: the relief case's row (relief.c) */         \
	X(RELIEF_FILED, store_project_relief, SUM_NONE)                       \
	X(RELIEF_PROPOSED, store_project_relief, SUM_NONE)                    \
	X(RELIEF_DECIDED, store_project_relief, SUM_NONE)                     \
	X(RELIEF_PAID_FIRST, store_project_relief, SUM_NONE)

static const struct {
	project_fn fn;
	summary_effect summary;
} effects[CORE_EVENT_COUNT] = {
#define X(kind, fn, sum) [CORE_EVENT_##kind] = {fn, sum},
	PROJECTION_LIST(X)
#undef X
};

enum {
#define X(kind, fn, sum) +1
	N_PROJECTIONS = 0 PROJECTION_LIST(X)
#undef X
};
_Static_assert((int)N_PROJECTIONS == (int)CORE_EVENT_COUNT,
               "every kind of event needs its row in PROJECTION_LIST");

ds_status store_project(ds_store *s, const store_event *ev, json_t *body,
                        ds_error *err)
{
	int k = core_event_lookup(ev->kind);
	if (k >= 0 && k < CORE_EVENT_COUNT) {
		ds_status st = effects[k].fn(s, ev, body, err);
		if (st)
			return st;
		switch (effects[k].summary) {
		case SUM_HOUSEHOLD:
			return store_summary_refresh(s, ev->entity, ev->seq, err);
		case SUM_POLICY:
			return store_summary_redue(s, err);
		case SUM_NONE:
			break;
		}
		return DS_OK;
	}
	{
		char where[48];
		snprintf(where, sizeof(where), "event %lld", (long long)ev->seq);
		return ds_fail(err, DS_ENEWER, where,
		               N_("this kind of event (%s) needs a newer doorstep"),
		               ev->kind);
	}
}
