/* policy.c — policy versions in the store: imported as events (so they are
 * in the log, signed and synced like everything else), projected into the
 * policy table, read back from the event bodies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/event.h"
#include "store/internal.h"
#include "store/policyjson.h"

ds_status store_project_policy(ds_store *s, const store_event *ev,
                               json_t *body, ds_error *err)
{
	const char *version = json_string_value(json_object_get(body, "version"));
	const char *eff = json_string_value(json_object_get(body, "effective_from"));
	sqlite3_stmt *q;
	int rc;
	if (!version || !eff)
		return store_bad_body(ev, err);
	rc = sqlite3_prepare_v2(s->db,
	                        "INSERT OR REPLACE INTO main.policy(version, effective,"
	                        " seq, mac) VALUES (?1,?2,?3, ds_mac('policy', ?1, ?2, ?3))",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_text(q, 1, version, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, eff, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, ev->seq);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? DS_OK : store_sql_fail(s, err, rc);
}

/* The policy object of a stored version, as the event holds it. */
static ds_status stored_policy(ds_store *s, const char *version,
                               json_t **out, ds_error *err)
{
	sqlite3_stmt *q;
	int rc;
	ds_status st;
	*out = NULL;
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT e.seq FROM policy p JOIN event e"
	                        " ON e.seq = p.seq WHERE p.version = ?",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_text(q, 1, version, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		json_t *body = NULL;
		st = store_event_body(s, sqlite3_column_int64(q, 0), &body, err);
		if (!st) {
			*out = json_incref(json_object_get(body, "policy"));
			json_decref(body);
		}
	} else {
		st = rc == SQLITE_DONE ? DS_OK : store_sql_fail(s, err, rc);
	}
	sqlite3_finalize(q);
	return st;
}

ds_status store_policy_get(ds_store *s, const char *version, core_policy *p,
                           bool *found, ds_error *err)
{
	json_t *j = NULL;
	ds_status st;
	*found = false;
	if ((st = stored_policy(s, version, &j, err)) || !j)
		return st;
	st = store_policy_from_json(j, p, err);
	json_decref(j);
	if (st)
		return ds_fail(err, DS_EDAMAGED, "policy",
		               N_("the policy it holds cannot be read"));
	*found = true;
	return DS_OK;
}

ds_status store_policy_import(ds_store *s, const char *text, size_t len,
                              const char *name, char *version_out,
                              size_t version_len, bool *already,
                              ds_error *err)
{
	core_policy p;
	json_error_t je;
	json_t *root, *have = NULL, *body = NULL;
	char eff[11];
	bool own_tx = !s->tx_depth;
	ds_status st;

	*already = false;
	/* a BOM at the start (the parse skips it too): what is stored and
	 * compared is the JSON after it */
	{
		size_t bom = core_utf8_bom(text, len);
		text += bom;
		len -= bom;
	}
	if ((st = store_policy_parse(text, len, name, &p, err)))
		return st;
	snprintf(version_out, version_len, "%s", p.version);
	core_date_format(p.effective, eff);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		core_policy_free(&p);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	if (own_tx && (st = store_begin(s, err)))
		goto out;
	if ((st = stored_policy(s, p.version, &have, err)))
		goto fail;
	if (have) {
		if (json_equal(have, root)) {
			*already = true;
			st = DS_OK;
			goto fail; /* nothing to write */
		}
		st = ds_fail(err, DS_EINPUT, "version",
		             N_("version %s is already in this store with other rules; give the new file a new version"),
		             p.version);
		goto fail;
	}
	body = json_pack("{s:s, s:s, s:s, s:O}", "version", p.version,
	                 "effective_from", eff, "origin", name, "policy", root);
	if (!body) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto fail;
	}
	if ((st = store_emit(s, core_event_id(CORE_EVENT_POLICY_IMPORTED), "", body, NULL, err)))
		goto fail;
	if (own_tx && (st = store_commit(s, err)))
		goto out;
	goto out;
fail:
	if (own_tx)
		store_rollback(s);
out:
	json_decref(body);
	json_decref(have);
	json_decref(root);
	core_policy_free(&p);
	return st;
}

void store_policies_free(core_policy *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		core_policy_free(&list[i]);
	free(list);
}

ds_status store_policies(ds_store *s, core_policy **out, size_t *n,
                         ds_error *err)
{
	return store_policies_seq(s, out, NULL, n, err);
}

ds_status store_policies_seq(ds_store *s, core_policy **out, int64_t **seqs,
                             size_t *n, ds_error *err)
{
	sqlite3_stmt *q;
	core_policy *list = NULL;
	size_t count = 0;
	ds_status st = DS_OK;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT version, seq FROM policy ORDER BY seq",
	                            -1, &q, NULL);
	*out = NULL;
	*n = 0;
	if (seqs)
		*seqs = NULL;
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		json_t *body = NULL;
		core_policy *nl = realloc(list, (count + 1) * sizeof(*list));
		if (nl && seqs) {
			int64_t *ns = realloc(*seqs, (count + 1) * sizeof(**seqs));
			if (!ns) {
				list = nl;
				st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
				break;
			}
			*seqs = ns;
			ns[count] = sqlite3_column_int64(q, 1);
		}
		if (!nl) {
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			break;
		}
		list = nl;
		if ((st = store_event_body(s, sqlite3_column_int64(q, 1), &body,
		                           err)))
			break;
		st = store_policy_from_json(json_object_get(body, "policy"),
		                            &list[count], err);
		json_decref(body);
		if (st) {
			char where[96];
			snprintf(where, sizeof(where), "event %lld",
			         (long long)sqlite3_column_int64(q, 1));
			st = ds_fail(err, DS_EDAMAGED, where,
			             N_("the policy it holds cannot be read"));
			break;
		}
		count++;
	}
	if (!st && rc != SQLITE_DONE)
		st = store_sql_fail(s, err, rc);
	sqlite3_finalize(q);
	if (st) {
		store_policies_free(list, count);
		if (seqs) {
			free(*seqs);
			*seqs = NULL;
		}
		return st;
	}
	*out = list;
	*n = count;
	return DS_OK;
}

ds_status store_policy_at(ds_store *s, core_date on, core_policy **versions,
                          size_t *n, const core_policy **in_force,
                          ds_error *err)
{
	const core_policy **ptrs;
	int pick;
	ds_status st = store_policies(s, versions, n, err);
	*in_force = NULL;
	if (st)
		return st;
	if (!*n)
		return ds_fail(err, DS_EINPUT, "policy",
		               N_("this store holds no policy; import one with: doorstep policy import FILE"));
	ptrs = malloc(*n * sizeof(*ptrs));
	if (!ptrs) {
		store_policies_free(*versions, *n);
		*versions = NULL;
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	for (size_t i = 0; i < *n; i++)
		ptrs[i] = &(*versions)[i];
	pick = core_policy_pick(ptrs, *n, on);
	free(ptrs);
	if (pick < 0) {
		char date[11];
		core_date_format(on, date);
		store_policies_free(*versions, *n);
		*versions = NULL;
		*n = 0;
		return ds_fail(err, DS_EINPUT, "at",
		               N_("no policy in this store is in force on %s"), date);
	}
	*in_force = &(*versions)[pick];
	return DS_OK;
}
