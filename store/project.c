/* project.c — the case projection: what each kind of event does to the
 * tables that hold the current state. The same code runs when an event is
 * written and when `store rebuild` replays the log, so both give the same
 * result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static ds_status bad_body(const store_event *ev, ds_error *err)
{
	char where[48];
	snprintf(where, sizeof(where), "event %lld", (long long)ev->seq);
	return ds_fail(err, DS_EDAMAGED, where,
	               N_("its content does not fit its kind (%s)"), ev->kind);
}

static ds_status household_created(ds_store *s, const store_event *ev,
                                   json_t *body, ds_error *err)
{
	json_t *hj = json_object_get(body, "household");
	json_t *members = json_object_get(hj, "members"), *m, *rec;
	unsigned char (*blind)[STORE_BLIND_BYTES];
	size_t n = json_array_size(members), i;
	ds_status st;

	if (!json_is_object(hj) || !json_is_array(members) || !n ||
	    n > CORE_MEMBERS_MAX)
		return bad_body(ev, err);
	if (!(blind = calloc(n, sizeof(*blind))))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	json_array_foreach(members, i, m) {
		const char *idn = json_string_value(json_object_get(m, "id_number"));
		if (!idn || strlen(idn) != CORE_IDNUM_LEN) {
			free(blind);
			return bad_body(ev, err);
		}
		store_blind(blind[i], idn, BLIND_KEY(s));
	}
	rec = json_object_get(hj, "receiving");
	st = store_project_created(s, ev->entity, ev->seq,
	                           store_initial_status(rec && !json_is_null(rec)),
	                           (const unsigned char(*)[STORE_BLIND_BYTES])blind,
	                           n, err);
	free(blind);
	return st;
}

/* A household moved to another assistant by the county: who works on it. */
static ds_status household_reassigned(ds_store *s, const store_event *ev,
                                      json_t *body, ds_error *err)
{
	const char *to = json_string_value(json_object_get(body, "to"));
	sqlite3_stmt *q;
	ds_status st;
	if (!to || !*to || strlen(to) >= STORE_USER_MAX || !*ev->entity)
		return bad_body(ev, err);
	if ((st = store_prep(s, "INSERT OR REPLACE INTO main.assignment(household, user,"
	                        " seq, mac) VALUES (?1, ?2, ?3, ds_mac('assignment', ?1, ?2, ?3))",
	                     &q, err)))
		return st;
	sqlite3_bind_text(q, 1, ev->entity, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, ev->seq);
	return store_done(s, q, sqlite3_step(q), err);
}

/* Every kind of event the log can hold, and its effect. */
static const struct {
	const char *kind;
	project_fn fn;
} kinds[] = {
	{"store.created", no_change},
	{"user.added", no_change},        /* key slots are not projected */
	{"user.key_replaced", no_change},
	{"device.keys", no_change},
	{"device.epoch", no_change},       /* the county reads them; nothing here */
	{"device.enrolled", no_change},    /* read where bundles are sealed */
	{"household.created", household_created},
	{"policy.imported", store_project_policy},
	{"household.assessed", store_project_assessed},
	{"household.changed", store_project_changed},
	{"visit.recorded", store_project_case},
	{"case.submitted", store_project_case},
	{"case.approved", store_project_case},
	{"case.returned", store_project_case},
	{"case.refused", store_project_case},
	{"case.objected", store_project_case},
	{"case.finalized", store_project_case},
	{"case.suspended", store_project_case},
	{"case.resumed", store_project_case},
	{"case.transition_ended", store_project_case},
	{"appeal.filed", store_project_case},
	{"appeal.assigned", store_project_case},
	{"appeal.decided", store_project_case},
	{"crosscheck.imported", store_project_xc_imported},
	{"flag.raised", store_project_flag},
	{"household.reassigned", household_reassigned},
	{"settings.set", store_project_settings},
};

ds_status store_project(ds_store *s, const store_event *ev, json_t *body,
                        ds_error *err)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].kind, ev->kind) == 0)
			return kinds[i].fn(s, ev, body, err);
	{
		char where[48];
		snprintf(where, sizeof(where), "event %lld", (long long)ev->seq);
		return ds_fail(err, DS_ENEWER, where,
		               N_("this kind of event (%s) needs a newer doorstep"),
		               ev->kind);
	}
}
