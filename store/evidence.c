/* evidence.c — a household's visits and the reasons given on its case,
 * read back from its events (store/evidence.h). A visit's "what changed"
 * is the difference between the household as it stood before the visit
 * and the household.changed the visit brought (emitted just before it);
 * everything read is decrypted in memory and wiped when freed. */
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "store/casework.h"
#include "store/crypto.h"
#include "store/evidence.h"
#include "store/hhjson.h"
#include "store/internal.h"

void store_visit_item_clear(store_visit_item *it)
{
	if (!it)
		return;
	core_visit_free(&it->visit);
	core_household_free(&it->before);
	core_household_free(&it->after);
	store_wipe(it, sizeof(*it));
}

void store_visits_free(store_visit_item **items, size_t n)
{
	if (!items || !*items)
		return;
	for (size_t i = 0; i < n; i++)
		store_visit_item_clear(&(*items)[i]);
	free(*items);
	*items = NULL;
}

void store_reasons_free(store_reason **items, size_t n)
{
	if (!items || !*items)
		return;
	store_wipe(*items, n * sizeof(**items));
	free(*items);
	*items = NULL;
}

const char *store_visit_name(const store_visit_item *it, const char *id_number)
{
	const core_household *hs[2] = {&it->after, &it->before};
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < hs[k]->n_members; i++)
			if (!strcmp(hs[k]->members[i].id_number, id_number))
				return hs[k]->members[i].name;
	return NULL;
}

static void copy_str(json_t *j, char *out, size_t len)
{
	const char *v = json_string_value(j);
	snprintf(out, len, "%s", v ? v : "");
}

/* The household a household.created or household.changed body carries
 * (NULL when it carries none; the caller decrefs). */
static json_t *household_of(json_t *body)
{
	json_t *h = json_object_get(body, "household");
	if (!json_is_object(h))
		return NULL;
	json_incref(h);
	return h;
}

/* One visit from its event: the visit itself, the household before and
 * after it, and what changed. */
static ds_status visit_item(const store_timeline_item *ev, json_t *body,
                            json_t *before, json_t *after,
                            store_visit_item *it, ds_error *err)
{
	ds_status st;
	memset(it, 0, sizeof(*it));
	core_household_init(&it->before);
	core_household_init(&it->after);
	core_visit_init(&it->visit);
	it->seq = ev->seq;
	snprintf(it->recorded, sizeof(it->recorded), "%s", ev->when);
	snprintf(it->author, sizeof(it->author), "%s", ev->author);
	if (before && (st = store_household_from_json(before, &it->before, err)))
		goto fail;
	if (after && (st = store_household_from_json(after, &it->after, err)))
		goto fail;
	if ((st = store_visit_from_json(json_object_get(body, "visit"),
	                                &it->before, &it->visit, err)))
		goto fail;
	it->n_diff = core_household_diff(&it->before, &it->after, &it->visit,
	                                 it->diff, CORE_DIFF_MAX);
	if (it->n_diff > CORE_DIFF_MAX)
		it->n_diff = CORE_DIFF_MAX;
	return DS_OK;
fail:
	{
		/* a visit that cannot be read is damage, named by its event */
		char where[48];
		snprintf(where, sizeof(where), "event %lld", (long long)ev->seq);
		store_visit_item_clear(it);
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("its content does not fit its kind (%s)"),
		               core_event_id(CORE_EVENT_VISIT_RECORDED));
	}
}

ds_status store_visits(ds_store *s, const char *household,
                       store_visit_item **items, size_t *n, ds_error *err)
{
	store_timeline_item *tl = NULL;
	store_visit_item *l = NULL;
	size_t ntl = 0, c = 0;
	json_t *cur = NULL, *prev = NULL; /* the household now; before a visit's change */
	bool by_visit = false;            /* cur came from a visit not yet read */
	ds_status st;

	*items = NULL;
	*n = 0;
	if ((st = store_timeline(s, household, &tl, &ntl, err)))
		return st;
	/* allocated once, never moved: a block that held a visit is wiped
	 * before it is freed */
	for (size_t i = 0; i < ntl; i++)
		c += core_event_is(tl[i].kind, CORE_EVENT_VISIT_RECORDED);
	if (c && !(l = calloc(c, sizeof(*l)))) {
		free(tl);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	c = 0;
	for (size_t i = 0; i < ntl; i++) {
		const char *kind = tl[i].kind;
		bool created = core_event_is(kind, CORE_EVENT_HOUSEHOLD_CREATED),
		     changed = core_event_is(kind, CORE_EVENT_HOUSEHOLD_CHANGED),
		     visit = core_event_is(kind, CORE_EVENT_VISIT_RECORDED);
		json_t *body = NULL;
		if (!created && !changed && !visit)
			continue;
		if ((st = store_event_body(s, tl[i].seq, &body, err)))
			goto fail;
		if (created || changed) {
			json_t *h = household_of(body);
			const char *cause = json_string_value(json_object_get(body, "cause"));
			if (h) {
				json_decref(prev);
				prev = cur;
				cur = h;
				by_visit = changed && cause && !strcmp(cause, "visit");
			}
		} else {
			st = visit_item(&tl[i], body, by_visit ? prev : cur, cur, &l[c],
			                err);
			if (st) {
				json_decref(body);
				goto fail;
			}
			c++;
			by_visit = false;
		}
		json_decref(body);
	}
	json_decref(prev);
	json_decref(cur);
	free(tl);
	/* newest first */
	for (size_t i = 0; i < c / 2; i++) {
		store_visit_item t;
		memcpy(&t, &l[i], sizeof(t));
		memcpy(&l[i], &l[c - 1 - i], sizeof(t));
		memcpy(&l[c - 1 - i], &t, sizeof(t));
		store_wipe(&t, sizeof(t));
	}
	*items = l;
	*n = c;
	return DS_OK;
fail:
	json_decref(prev);
	json_decref(cur);
	free(tl);
	store_visits_free(&l, c);
	return st;
}

ds_status store_visit_latest(ds_store *s, const char *household,
                             store_visit_item *out, bool *found,
                             ds_error *err)
{
	store_visit_item *l = NULL;
	size_t n = 0;
	ds_status st = store_visits(s, household, &l, &n, err);
	*found = false;
	memset(out, 0, sizeof(*out));
	core_household_init(&out->before);
	core_household_init(&out->after);
	core_visit_init(&out->visit);
	if (st)
		return st;
	if (n) {
		memcpy(out, &l[0], sizeof(*out)); /* out owns its households now */
		memset(&l[0], 0, sizeof(l[0]));
		core_household_init(&l[0].before);
		core_household_init(&l[0].after);
		core_visit_init(&l[0].visit);
		*found = true;
	}
	store_visits_free(&l, n);
	return DS_OK;
}

/* Whether an event of the case is one whose reason or note is read back. */
static bool reason_kind(const char *kind)
{
	return !strncmp(kind, "case.", 5) || !strncmp(kind, "appeal.", 7);
}

ds_status store_reasons(ds_store *s, const char *household,
                        store_reason **items, size_t *n, ds_error *err)
{
	store_timeline_item *tl = NULL;
	store_reason *l = NULL;
	size_t ntl = 0, c = 0;
	ds_status st;

	*items = NULL;
	*n = 0;
	if ((st = store_timeline(s, household, &tl, &ntl, err)))
		return st;
	/* allocated once for every step that may carry a reason, never moved */
	for (size_t i = 0; i < ntl; i++)
		c += reason_kind(tl[i].kind);
	if (c && !(l = calloc(c, sizeof(*l)))) {
		free(tl);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	c = 0;
	for (size_t i = 0; i < ntl; i++) {
		json_t *body = NULL, *reason, *note;
		bool appeal = !strncmp(tl[i].kind, "appeal.", 7);
		store_reason *r;
		if (!reason_kind(tl[i].kind))
			continue;
		if ((st = store_event_body(s, tl[i].seq, &body, err)))
			goto fail;
		reason = json_object_get(body, "reason");
		note = json_object_get(body, "note");
		if (!appeal && !json_string_length(reason) && !json_string_length(note)) {
			json_decref(body);
			continue;
		}
		r = &l[c++];
		memset(r, 0, sizeof(*r));
		r->seq = tl[i].seq;
		snprintf(r->when, sizeof(r->when), "%s", tl[i].when);
		snprintf(r->author, sizeof(r->author), "%s", tl[i].author);
		snprintf(r->kind, sizeof(r->kind), "%s", tl[i].kind);
		copy_str(reason, r->reason, sizeof(r->reason));
		copy_str(note, r->note, sizeof(r->note));
		copy_str(json_object_get(body, "decision"), r->decision,
		         sizeof(r->decision));
		copy_str(json_object_get(body, "to"), r->to, sizeof(r->to));
		r->received = -1;
		if (core_event_is(r->kind, CORE_EVENT_APPEAL_FILED)) {
			const char *d = json_string_value(json_object_get(
			        json_object_get(body, "case"), "appeal_received"));
			core_date day;
			if (d && !core_date_parse(d, &day, "", NULL))
				r->received = day;
		}
		json_decref(body);
	}
	free(tl);
	*items = l;
	*n = c;
	return DS_OK;
fail:
	free(tl);
	store_reasons_free(&l, c);
	return st;
}
