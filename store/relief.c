/* relief.c — temporary assistance through the store (relief.h). Each step
 * is an event on the household (relief.filed, .proposed, .decided,
 * .paid_first: core_relief_action_event) whose body holds the relief
 * case's id, the step, the case after it and what its amount rests on; the
 * projection keeps the case in table relief, sealed but for its household,
 * state and deadline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/ladder.h"
#include "core/text.h"
#include "core/workflow.h"
#include "store/assessjson.h"
#include "store/casework.h"
#include "store/internal.h"
#include "store/relief.h"

/* ---- the case as JSON ------------------------------------------------------ */

static json_t *date_json(core_date d)
{
	char b[11];
	if (d < 0)
		return json_null();
	core_date_format(d, b);
	return json_string(b);
}

static json_t *fen_json(core_fen f)
{
	char b[CORE_MONEY_BUF];
	core_money_format(f, b);
	return json_string(b);
}

static json_t *case_json(const core_relief *r)
{
	return json_pack("{s:s, s:s, s:b, s:b, s:o, s:o, s:b, s:s, s:s, s:s, s:o, s:o,"
	                 " s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:s}",
	                 "state", core_relief_state_id(r->state),
	                 "cause", core_relief_cause_id(r->cause),
	                 "urgent", r->urgent, "on_ladder", r->on_ladder,
	                 "received", date_json(r->received),
	                 "deadline", date_json(r->deadline),
	                 "deadline_covered", r->deadline_covered,
	                 "filed_by", r->filed_by, "proposed_by", r->proposed_by,
	                 "decided_by", r->decided_by,
	                 "requested", fen_json(r->requested),
	                 "proposed", fen_json(r->proposed),
	                 "level", r->level == CORE_RELIEF_COUNTY ? "county" : "township",
	                 "over_year", r->over_year,
	                 "paid_first", fen_json(r->paid_first),
	                 "paid_first_on", date_json(r->paid_first_on),
	                 "paperwork_due", date_json(r->paperwork_due),
	                 "approved", fen_json(r->approved),
	                 "decided", date_json(r->decided),
	                 "reason", r->reason);
}

static bool get_date(json_t *j, const char *k, core_date *out)
{
	json_t *v = json_object_get(j, k);
	if (json_is_null(v)) {
		*out = -1;
		return true;
	}
	return json_is_string(v) && !core_date_parse(json_string_value(v), out, k, NULL);
}

static bool get_fen(json_t *j, const char *k, core_fen *out)
{
	json_t *v = json_object_get(j, k);
	return json_is_string(v) && !core_money_parse(json_string_value(v), false, out, k, NULL);
}

static bool get_text(json_t *j, const char *k, char *out, size_t len)
{
	const char *v = json_string_value(json_object_get(j, k));
	if (!v || strlen(v) >= len)
		return false;
	snprintf(out, len, "%s", v);
	return true;
}

static bool case_of_json(json_t *j, core_relief *r)
{
	int state, cause;
	const char *level = json_string_value(json_object_get(j, "level"));
	memset(r, 0, sizeof(*r));
	if (!json_is_object(j) ||
	    (state = core_relief_state_lookup(json_string_value(json_object_get(j, "state")))) < 0 ||
	    (cause = core_relief_cause_lookup(json_string_value(json_object_get(j, "cause")))) < 0 ||
	    !level)
		return false;
	r->state = (core_relief_state)state;
	r->cause = (core_relief_cause)cause;
	r->level = strcmp(level, "county") ? CORE_RELIEF_TOWNSHIP : CORE_RELIEF_COUNTY;
	r->urgent = json_is_true(json_object_get(j, "urgent"));
	r->on_ladder = json_is_true(json_object_get(j, "on_ladder"));
	r->deadline_covered = json_is_true(json_object_get(j, "deadline_covered"));
	r->over_year = json_is_true(json_object_get(j, "over_year"));
	return get_date(j, "received", &r->received) && r->received >= 0 &&
	       get_date(j, "deadline", &r->deadline) && r->deadline >= 0 &&
	       get_date(j, "paid_first_on", &r->paid_first_on) &&
	       get_date(j, "paperwork_due", &r->paperwork_due) &&
	       get_date(j, "decided", &r->decided) &&
	       get_fen(j, "requested", &r->requested) && get_fen(j, "proposed", &r->proposed) &&
	       get_fen(j, "paid_first", &r->paid_first) && get_fen(j, "approved", &r->approved) &&
	       get_text(j, "filed_by", r->filed_by, sizeof(r->filed_by)) &&
	       get_text(j, "proposed_by", r->proposed_by, sizeof(r->proposed_by)) &&
	       get_text(j, "decided_by", r->decided_by, sizeof(r->decided_by)) &&
	       get_text(j, "reason", r->reason, sizeof(r->reason));
}

static json_t *derivation_json(const core_relief_derivation *d)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < d->n; i++) {
		const core_relief_line *l = &d->line[i];
		json_t *figs = json_object();
		for (int k = 0; figs && k < l->n; k++)
			json_object_set_new(figs, l->fig[k].name, json_string(l->fig[k].value));
		json_array_append_new(a, json_pack("{s:s, s:o}", "line",
		                                   core_relief_line_id(l->code), "figures",
		                                   figs ? figs : json_object()));
	}
	return a;
}

/* The lines back; figure names point at the line list's own. */
static void derivation_of_json(json_t *a, core_relief_derivation *d)
{
	static const char *const names[] = {"cause", "standard", "multiple", "per_person",
	                                    "members", "amount", "limit", "within",
	                                    "cap", "before", "with_this", NULL};
	json_t *v;
	size_t i;
	d->n = 0;
	json_array_foreach(a, i, v) {
		const char *id = json_string_value(json_object_get(v, "line"));
		core_relief_line *l;
		int code = -1;
		for (int c = 0; id && c < CORE_RELIEF_LINE_COUNT; c++)
			if (!strcmp(core_relief_line_id((core_relief_line_code)c), id))
				code = c;
		if (code < 0 || d->n >= CORE_RELIEF_LINES)
			continue;
		l = &d->line[d->n++];
		memset(l, 0, sizeof(*l));
		l->code = (core_relief_line_code)code;
		for (int k = 0; names[k] && l->n < CORE_RELIEF_FIGURES; k++) {
			const char *val = json_string_value(
			        json_object_get(json_object_get(v, "figures"), names[k]));
			if (!val)
				continue;
			l->fig[l->n].name = names[k];
			snprintf(l->fig[l->n].value, sizeof(l->fig[l->n].value), "%s", val);
			l->n++;
		}
	}
}

/* ---- the row ------------------------------------------------------------------- */

static void relief_ad(char *buf, size_t len, const char *id)
{
	snprintf(buf, len, "relief|%s|data|1", id);
}

static ds_status row_write(ds_store *s, const store_relief *k, json_t *derivation,
                           ds_error *err)
{
	json_t *j = json_pack("{s:o, s:s, s:s, s:O}", "case", case_json(&k->r), "need",
	                      k->need, "policy_version", k->policy_version, "derivation",
	                      derivation ? derivation : json_array());
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL, ad[64], deadline[11];
	unsigned char *sealed = NULL;
	size_t slen = 0;
	sqlite3_stmt *q = NULL;
	int rc;
	json_decref(j);
	if (!text)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	relief_ad(ad, sizeof(ad), k->id);
	rc = store_seal(&sealed, &slen, text, strlen(text), ad, SEAL_KEY(s));
	store_wipe(text, strlen(text));
	free(text);
	if (rc)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	core_date_format(k->r.deadline, deadline);
	rc = sqlite3_prepare_v2(s->db,
	                        "INSERT OR REPLACE INTO main.relief(id, household, state, deadline,"
	                        " seq, data, mac) VALUES (?1,?2,?3,?4,?5,?6,"
	                        " ds_mac('relief', ?1, ?2, ?3, ?4, ?5, ?6))",
	                        -1, &q, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(q, 1, k->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, k->household, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, core_relief_state_id(k->r.state), -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 4, deadline, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 5, k->seq);
		sqlite3_bind_blob(q, 6, sealed, (int)slen, SQLITE_STATIC);
		rc = sqlite3_step(q);
	}
	sqlite3_finalize(q);
	free(sealed);
	return rc == SQLITE_DONE ? DS_OK : store_sql_fail(s, err, rc);
}

/* Reads the row of a full id; *found false when there is none. */
static ds_status row_read(ds_store *s, const char *id, store_relief *out, bool *found,
                          ds_error *err)
{
	sqlite3_stmt *q;
	ds_status st = DS_OK;
	int rc;
	*found = false;
	memset(out, 0, sizeof(*out));
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT household, state, seq, data FROM relief WHERE id = ?",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		unsigned char *plain = NULL;
		size_t plen = 0;
		char ad[64], where[64];
		json_t *j = NULL;
		*found = true;
		relief_ad(ad, sizeof(ad), id);
		snprintf(where, sizeof(where), "relief %s", id);
		snprintf(out->id, sizeof(out->id), "%s", id);
		snprintf(out->household, sizeof(out->household), "%s",
		         (const char *)sqlite3_column_text(q, 0));
		out->seq = sqlite3_column_int64(q, 2);
		if (!store_unseal(&plain, &plen, sqlite3_column_blob(q, 3),
		                  (size_t)sqlite3_column_bytes(q, 3), ad, SEAL_KEY(s)))
			j = json_loadb((const char *)plain, plen, 0, NULL);
		if (plain) {
			store_wipe(plain, plen);
			free(plain);
		}
		if (!j || !case_of_json(json_object_get(j, "case"), &out->r) ||
		    strcmp(core_relief_state_id(out->r.state),
		           (const char *)sqlite3_column_text(q, 1)) ||
		    !get_text(j, "need", out->need, sizeof(out->need)) ||
		    !get_text(j, "policy_version", out->policy_version, sizeof(out->policy_version)))
			st = ds_fail(err, DS_EDAMAGED, where,
			             N_("it is damaged or was altered; doorstep store rebuild restores it from the log"));
		else
			derivation_of_json(json_object_get(j, "derivation"), &out->d);
		json_decref(j);
	} else if (rc != SQLITE_DONE) {
		st = store_sql_fail(s, err, rc);
	}
	sqlite3_finalize(q);
	return st;
}

/* ---- the projection ------------------------------------------------------------ */

ds_status store_project_relief(ds_store *s, const store_event *ev, json_t *body,
                               ds_error *err)
{
	store_relief k;
	const char *id = json_string_value(json_object_get(body, "relief"));
	const char *need = json_string_value(json_object_get(body, "need"));
	const char *version = json_string_value(json_object_get(body, "policy_version"));
	const char *base = json_string_value(json_object_get(body, "base"));
	bool found = false;
	ds_status st;
	size_t n = id ? strlen(id) : 0;
	for (size_t i = 0; i < n; i++)
		if (!store_id_char(id[i]))
			n = 0;
	if (n != STORE_ID_LEN || !ev->entity[0])
		return store_bad_body(ev, err);
	if ((st = row_read(s, id, &k, &found, err)))
		return st;
	if (found && strcmp(k.household, ev->entity))
		return store_bad_body(ev, err);
	if (!found && !core_event_is(ev->kind, CORE_EVENT_RELIEF_FILED))
		return store_bad_body(ev, err); /* a step on a case never filed */
	/* made on another laptop without seeing the latest step here? The
	 * later stands, the other is listed as a conflict (a base this log
	 * does not hold cannot tell: the step is taken) */
	if (found && base && *base) {
		int64_t base_seq = store_ref_seq(s, base);
		bool stands = true;
		if (base_seq && k.seq && base_seq != k.seq &&
		    (st = store_concurrent(s, ev, k.seq, "[\"relief\"]", &stands, err)))
			return st;
		if (!stands)
			return DS_OK;
	}
	snprintf(k.id, sizeof(k.id), "%s", id);
	snprintf(k.household, sizeof(k.household), "%s", ev->entity);
	if (need && strlen(need) < sizeof(k.need))
		snprintf(k.need, sizeof(k.need), "%s", need);
	if (version && strlen(version) < sizeof(k.policy_version))
		snprintf(k.policy_version, sizeof(k.policy_version), "%s", version);
	if (!case_of_json(json_object_get(body, "case"), &k.r) || !k.need[0])
		return store_bad_body(ev, err);
	k.seq = ev->seq;
	return row_write(s, &k, json_object_get(body, "derivation"), err);
}

/* ---- steps ---------------------------------------------------------------------- */

/* The standard of the household's region on the day the case was
 * received, and the policy in force then. */
static ds_status standard_on(ds_store *s, const core_household *h, core_date on,
                             core_policy **versions, size_t *nv, const core_policy **p,
                             core_fen *standard, ds_error *err)
{
	const core_standard *sd;
	ds_status st;
	if ((st = store_policy_at(s, on, versions, nv, p, err)))
		return st;
	if (!*p) {
		char d[11];
		core_date_format(on, d);
		return ds_fail(err, DS_EINPUT, "received", N_("no policy is in force on %s"), d);
	}
	if (!(sd = core_policy_standard(*p, h->region, on, err)))
		return err->status;
	*standard = sd->monthly;
	return DS_OK;
}

/* Whether the household's facts place it on the ladder on day on: its
 * class under the policy in force then. A household the ladder cannot
 * classify (a figure the policy lacks, facts it cannot read) is taken as
 * not on it, as before the ladder: the longer deadline, never a refusal. */
static ds_status ladder_class_on(ds_store *s, const store_household_row *row, core_date on,
                                 bool *on_ladder, ds_error *err)
{
	core_policy *versions = NULL;
	const core_policy *p = NULL;
	core_assessment *a = malloc(sizeof(*a));
	core_ladder *l = malloc(sizeof(*l));
	core_case_now now;
	size_t nv = 0;
	ds_status st = DS_OK;
	*on_ladder = false;
	if (!a || !l) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	if ((st = store_policy_at(s, on, &versions, &nv, &p, err)) ||
	    (st = store_case_now(s, row, on, &now, err)))
		goto out;
	if (p && !core_ladder_assess(&row->h, p, on, &now, a, l, NULL))
		*on_ladder = core_relief_on_ladder(l->cls);
out:
	store_policies_free(versions, nv);
	if (a)
		store_wipe(a, sizeof(*a));
	free(a);
	free(l);
	return st;
}

/* Relief approved for the household in the 12 months before today. */
static ds_status before_12_months(ds_store *s, const char *household, core_date today,
                                  core_fen *sum, ds_error *err)
{
	store_relief *list = NULL;
	size_t n = 0;
	ds_status st = store_relief_list(s, &list, &n, err);
	*sum = 0;
	for (size_t i = 0; !st && i < n; i++)
		if (!strcmp(list[i].household, household) &&
		    list[i].r.state == CORE_RELIEF_APPROVED && list[i].r.decided > today - 365)
			*sum += list[i].r.approved;
	free(list);
	return st;
}

static ds_status emit(ds_store *s, core_relief_action a, const store_relief *k,
                      const core_relief_derivation *d, ds_error *err)
{
	json_t *body = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "relief", k->id, "action",
	                         core_relief_action_id(a), "role",
	                         core_role_id(store_role(s)), "policy_version",
	                         k->policy_version, "case", case_json(&k->r), "derivation",
	                         derivation_json(d));
	ds_status st;
	if (!body)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	if (a == CORE_RELIEF_ACT_FILE) {
		json_object_set_new(body, "need", json_string(k->need));
	} else {
		/* the case as it stood here, so that a step made at the same
		 * time on another laptop is seen as such wherever both arrive */
		char ref[64] = "";
		store_event_ref(s, k->seq, ref);
		json_object_set_new(body, "base", json_string(ref));
	}
	st = store_emit(s, core_event_id(core_relief_action_event(a)), k->household, body,
	                NULL, err);
	json_decref(body);
	return st;
}

ds_status store_relief_file(ds_store *s, const char *household,
                            const core_relief_args *given, const char *need,
                            store_relief *out, bool *already, ds_error *err)
{
	store_household_row row;
	store_case kase;
	core_relief_args args = *given;
	core_policy *versions = NULL;
	const core_policy *p = NULL;
	size_t nv = 0;
	store_relief *list = NULL;
	size_t n = 0;
	core_date today = store_today(s);
	ds_status st;

	*already = false;
	memset(out, 0, sizeof(*out));
	memset(&row, 0, sizeof(row));
	if (!need || !need[0])
		return ds_fail(err, DS_EINPUT, "need", N_("say what the household needs"));
	if ((st = core_text_check(need, sizeof(out->need), true, "need", err)))
		return st;
	if ((st = store_begin(s, err)))
		return st;
	if ((st = store_household_get(s, household, &row, err)) ||
	    (st = store_case_of_row(s, &row, &kase, err)))
		goto out;
	if (args.received < 0)
		args.received = today;
	/* on the ladder: receiving, or of a class on it by the household's
	 * facts on the day received (destitute, marginal: the ladder's own
	 * classification, core/ladder.h) */
	args.on_ladder = core_state_receiving(kase.c.state);
	if (!args.on_ladder && (st = ladder_class_on(s, &row, args.received <= today
	                                                        ? args.received
	                                                        : today,
	                                             &args.on_ladder, err)))
		goto out;
	if ((st = standard_on(s, &row.h, args.received <= today ? args.received : today,
	                      &versions, &nv, &p, &args.standard, err)))
		goto out;
	/* a key pressed twice: the same case, not yet decided */
	if ((st = store_relief_list(s, &list, &n, err)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		const store_relief *o = &list[i];
		if (!strcmp(o->household, row.id) && o->r.cause == args.cause &&
		    o->r.requested == args.amount && o->r.received == args.received &&
		    o->r.urgent == args.urgent && !strcmp(o->need, need) &&
		    (o->r.state == CORE_RELIEF_FILED || o->r.state == CORE_RELIEF_PROPOSED ||
		     o->r.state == CORE_RELIEF_AT_COUNTY)) {
			*out = *o;
			*already = true;
			goto out;
		}
	}
	if ((st = core_relief_act(NULL, CORE_RELIEF_ACT_FILE, &args, store_user(s), store_role(s),
	                          false, today, &p->relief, &out->r, &out->d, err)))
		goto out;
	/* what the policy suggests for this cause and household */
	core_relief_guidance(&p->relief, args.cause, args.standard, (int)row.h.n_members, &out->d);
	store_random_id(out->id);
	snprintf(out->household, sizeof(out->household), "%s", row.id);
	snprintf(out->need, sizeof(out->need), "%s", need);
	snprintf(out->policy_version, sizeof(out->policy_version), "%s", p->version);
	st = emit(s, CORE_RELIEF_ACT_FILE, out, &out->d, err);
out:
	free(list);
	store_row_free(&row);
	store_policies_free(versions, nv);
	if (st || *already) {
		store_rollback(s);
		return st;
	}
	return store_commit(s, err);
}

ds_status store_relief_act(ds_store *s, const char *id, core_relief_action action,
                           const core_relief_args *given, store_relief *out,
                           ds_error *err)
{
	store_household_row row;
	core_relief_args args = *given;
	core_policy *versions = NULL;
	const core_policy *p = NULL;
	size_t nv = 0;
	core_date today = store_today(s);
	store_relief k;
	bool county = false;
	ds_status st;

	memset(&row, 0, sizeof(row));
	if (action == CORE_RELIEF_ACT_FILE)
		return ds_fail(err, DS_EUSAGE, "", N_("internal error: no such step"));
	if ((st = store_begin(s, err)))
		return st;
	if ((st = store_relief_get(s, id, &k, err)) ||
	    (st = store_household_get(s, k.household, &row, err)) ||
	    (st = standard_on(s, &row.h, k.r.received, &versions, &nv, &p, &args.standard,
	                      err)) ||
	    (st = before_12_months(s, k.household, today, &args.before, err)))
		goto out;
	*out = k;
	/* the county decides in its own store: one with laptops enrolled,
	 * which keeps no caseload summaries */
	if (action == CORE_RELIEF_ACT_COUNTY_APPROVE || action == CORE_RELIEF_ACT_COUNTY_REFUSE) {
		bool laptop = true;
		if ((st = store_summary_kept(s, &laptop, err)))
			goto out;
		county = !laptop;
	}
	{
		/* what the amount rests on: for a proposal, the guidance and
		 * then the limits; a step without an amount keeps the last */
		core_relief_derivation d = {0};
		if (action == CORE_RELIEF_ACT_PROPOSE)
			core_relief_guidance(&p->relief, k.r.cause, args.standard,
			                     (int)row.h.n_members, &d);
		{
			core_relief_derivation step = {0};
			if ((st = core_relief_act(&k.r, action, &args, store_user(s), store_role(s),
			                          county, today, &p->relief, &out->r, &step, err)))
				goto out;
			for (size_t i = 0; i < step.n && d.n < CORE_RELIEF_LINES; i++)
				d.line[d.n++] = step.line[i];
		}
		if (d.n)
			out->d = d;
	}
	st = emit(s, action, out, &out->d, err);
out:
	store_row_free(&row);
	store_policies_free(versions, nv);
	if (st) {
		store_rollback(s);
		return st;
	}
	return store_commit(s, err);
}

ds_status store_relief_get(ds_store *s, const char *in, store_relief *out, ds_error *err)
{
	char prefix[STORE_ID_BUF], upper[STORE_ID_BUF + 1], id[STORE_ID_BUF] = "";
	size_t n = in ? strlen(in) : 0;
	sqlite3_stmt *q;
	int rc, count = 0;
	bool found;
	ds_status st;

	if (n < STORE_ID_MIN_PREFIX || n > STORE_ID_LEN)
		return ds_fail(err, DS_EINPUT, "ID",
		               N_("a relief case's id has 12 characters (the first 4 are enough when no other starts the same)"));
	for (size_t i = 0; i < n; i++) {
		char c = in[i] >= 'A' && in[i] <= 'Z' ? (char)(in[i] - 'A' + 'a') : in[i];
		if (!store_id_char(c))
			return ds_fail(err, DS_EINPUT, "ID", N_("%s is not a relief case's id"), in);
		prefix[i] = c;
	}
	prefix[n] = '\0';
	snprintf(upper, sizeof(upper), "%s~", prefix);
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT id FROM relief WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_text(q, 1, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, upper, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (count++ == 0)
			snprintf(id, sizeof(id), "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_sql_fail(s, err, rc);
	if (!count)
		return ds_fail(err, DS_EINPUT, "ID", N_("there is no relief case %s"), in);
	if (count > 1)
		return ds_fail(err, DS_EINPUT, "ID",
		               N_("more than one relief case starts with %s: give more of the id"), in);
	if ((st = row_read(s, id, out, &found, err)))
		return st;
	return found ? DS_OK : ds_fail(err, DS_EINPUT, "ID", N_("there is no relief case %s"), in);
}

static bool open_state(core_relief_state st)
{
	return st != CORE_RELIEF_APPROVED && st != CORE_RELIEF_REFUSED;
}

static int by_deadline(const void *va, const void *vb)
{
	const store_relief *a = va, *b = vb;
	bool oa = open_state(a->r.state), ob = open_state(b->r.state);
	if (oa != ob)
		return oa ? -1 : 1;
	if (oa && a->r.deadline != b->r.deadline)
		return a->r.deadline < b->r.deadline ? -1 : 1;
	if (!oa && a->r.decided != b->r.decided)
		return a->r.decided > b->r.decided ? -1 : 1;
	return strcmp(a->id, b->id);
}

ds_status store_relief_list(ds_store *s, store_relief **list, size_t *n, ds_error *err)
{
	sqlite3_stmt *q;
	char (*ids)[STORE_ID_BUF] = NULL;
	size_t cap = 0;
	ds_status st = DS_OK;
	int rc;
	*list = NULL;
	*n = 0;
	rc = sqlite3_prepare_v2(s->db, "SELECT id FROM relief ORDER BY id", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t nc = cap ? 2 * cap : 16;
			void *nl = realloc(ids, nc * sizeof(*ids));
			if (!nl) {
				st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
				break;
			}
			ids = nl;
			cap = nc;
		}
		snprintf(ids[(*n)++], STORE_ID_BUF, "%s", (const char *)sqlite3_column_text(q, 0));
	}
	sqlite3_finalize(q);
	if (!st && rc != SQLITE_DONE)
		st = store_sql_fail(s, err, rc);
	if (!st && *n && !(*list = calloc(*n, sizeof(**list))))
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	for (size_t i = 0; !st && i < *n; i++) {
		bool found;
		if (!(st = row_read(s, ids[i], &(*list)[i], &found, err)) && !found)
			st = ds_fail(err, DS_EDAMAGED, ids[i], N_("it is damaged or was altered; doorstep store rebuild restores it from the log"));
	}
	free(ids);
	if (st) {
		free(*list);
		*list = NULL;
		*n = 0;
		return st;
	}
	if (*n > 1)
		qsort(*list, *n, sizeof(**list), by_deadline);
	return DS_OK;
}
