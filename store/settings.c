/* settings.c — the county's settings in the store: a file read strictly,
 * kept as a settings.set event (signed and synced like every other),
 * projected into the settings table's one row under a MAC, read back from
 * the event's body. The county's replace a laptop's own; a laptop's own
 * never replace the county's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/text.h"
#include "store/internal.h"
#include "store/replica.h"
#include "store/settings.h"

static const char *const field_names[] = {
#define X(name, size, label) #name,
	STORE_SETTINGS_FIELDS(X)
#undef X
	"version", "effective_from", NULL};

/* One line of text, not empty, shorter than cap bytes. */
static ds_status text_field(json_t *o, const char *key, char *out, size_t cap,
                            ds_error *err)
{
	json_t *v = json_object_get(o, key);
	const char *t;
	char limit[24];
	if (!v)
		return ds_fail(err, DS_EINPUT, key, N_("is missing"));
	if (!json_is_string(v))
		return ds_fail(err, DS_EINPUT, key, N_("should be text in quotes"));
	t = json_string_value(v);
	if (!*t)
		return ds_fail(err, DS_EINPUT, key, N_("is empty"));
	if (strlen(t) != json_string_length(v) || core_has_control(t))
		return ds_fail(err, DS_EINPUT, key,
		               N_("should be one line of text, without control characters"));
	if (strlen(t) >= cap) {
		snprintf(limit, sizeof(limit), "%zu", cap - 1);
		return ds_fail(err, DS_EINPUT, key,
		               N_("is too long: at most %s bytes (a Chinese character takes 3)"),
		               limit);
	}
	snprintf(out, cap, "%s", t);
	return DS_OK;
}

static ds_status from_json(json_t *root, store_county_settings *out,
                           ds_error *err)
{
	const char *k;
	json_t *v;
	ds_status st;
	char list[256] = "";
	memset(out, 0, sizeof(*out));
	if (!json_is_object(root))
		return ds_fail(err, DS_EINPUT, "settings",
		               N_("should be a JSON object of the settings' fields"));
	for (size_t i = 0, n = 0; field_names[i]; i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "",
		                      field_names[i]);
	json_object_foreach(root, k, v) {
		bool known = false;
		(void)v;
		for (size_t i = 0; field_names[i]; i++)
			known = known || !strcmp(k, field_names[i]);
		if (!known)
			return ds_fail(err, DS_EINPUT, k,
			               N_("unknown field; the fields here are: %s"), list);
	}
	if ((st = text_field(root, "version", out->version, sizeof(out->version),
	                     err)))
		return st;
	v = json_object_get(root, "effective_from");
	if (!v)
		return ds_fail(err, DS_EINPUT, "effective_from", N_("is missing"));
	if (!json_is_string(v))
		return ds_fail(err, DS_EINPUT, "effective_from",
		               N_("not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"));
	if ((st = core_date_parse(json_string_value(v), &out->effective,
	                          "effective_from", err)))
		return st;
#define X(name, size, label)                                                   \
	if ((st = text_field(root, #name, out->name, sizeof(out->name), err)))  \
		return st;
	STORE_SETTINGS_FIELDS(X)
#undef X
	for (const char *p = out->telephone; *p; p++)
		if (!strchr("0123456789-+() ", *p))
			return ds_fail(err, DS_EINPUT, "telephone",
			               N_("may hold only digits, spaces and - + ( )"));
	if (!strpbrk(out->telephone, "0123456789"))
		return ds_fail(err, DS_EINPUT, "telephone", N_("has no digits"));
	return DS_OK;
}

/* The file's JSON object (the caller decrefs), its BOM skipped. */
static ds_status load(const char *text, size_t len, json_t **root,
                      ds_error *err)
{
	json_error_t je;
	size_t bom = core_utf8_bom(text, len);
	char line[24];
	*root = json_loadb(text + bom, len - bom, JSON_REJECT_DUPLICATES, &je);
	if (*root)
		return DS_OK;
	snprintf(line, sizeof(line), "line %d", je.line);
	return ds_fail(err, DS_EINPUT, line, N_("not valid JSON: %s"), je.text);
}

ds_status store_county_settings_parse(const char *json_text, size_t len,
                                      store_county_settings *out,
                                      ds_error *err)
{
	json_t *root;
	ds_status st;
	memset(out, 0, sizeof(*out));
	if ((st = load(json_text, len, &root, err)))
		return st;
	st = from_json(root, out, err);
	json_decref(root);
	return st;
}

/* The projection of settings.set: the one row points at the event, unless
 * it is a laptop's own and the county's are there already. */
ds_status store_project_settings(ds_store *s, const store_event *ev,
                                 json_t *body, ds_error *err)
{
	const char *by = json_string_value(json_object_get(body, "by"));
	sqlite3_stmt *q;
	ds_status st;
	int rc;
	if (!by || (strcmp(by, STORE_SETTINGS_BY_COUNTY) &&
	            strcmp(by, STORE_SETTINGS_BY_LOCAL)) ||
	    !json_is_object(json_object_get(body, "settings")))
		return store_bad_body(ev, err);
	if (!strcmp(by, STORE_SETTINGS_BY_LOCAL)) {
		bool county = false;
		if ((st = store_prep(s, "SELECT source FROM settings WHERE k = 'county'",
		                     &q, err)))
			return st;
		if ((rc = sqlite3_step(q)) == SQLITE_ROW)
			county = !strcmp((const char *)sqlite3_column_text(q, 0),
			                 STORE_SETTINGS_BY_COUNTY);
		if ((st = store_done(s, q, rc, err)) || county)
			return st;
	}
	if ((st = store_prep(s, "INSERT OR REPLACE INTO main.settings(k, source, seq, mac)"
	                        " VALUES ('county', ?1, ?2, ds_mac('settings', 'county', ?1, ?2))",
	                     &q, err)))
		return st;
	sqlite3_bind_text(q, 1, by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, ev->seq);
	return store_done(s, q, sqlite3_step(q), err);
}

ds_status store_county_settings_get(ds_store *s, store_county_settings *out,
                                    bool *set, ds_error *err)
{
	sqlite3_stmt *q;
	json_t *body = NULL;
	int64_t seq = 0;
	char source[16] = "";
	ds_status st;
	int rc;
	memset(out, 0, sizeof(*out));
	*set = false;
	if ((st = store_prep(s, "SELECT seq, source FROM settings WHERE k = 'county'",
	                     &q, err)))
		return st;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		seq = sqlite3_column_int64(q, 0);
		snprintf(source, sizeof(source), "%s",
		         (const char *)sqlite3_column_text(q, 1));
	}
	if ((st = store_done(s, q, rc, err)) || !seq)
		return st;
	if ((st = store_event_body(s, seq, &body, err)))
		return st;
	{
		const char *by = json_string_value(json_object_get(body, "by"));
		ds_error inner;
		if (!by || strcmp(by, source) ||
		    from_json(json_object_get(body, "settings"), out, &inner)) {
			char where[48];
			json_decref(body);
			memset(out, 0, sizeof(*out));
			snprintf(where, sizeof(where), "event %lld", (long long)seq);
			return ds_fail(err, DS_EDAMAGED, where,
			               N_("the county settings it holds cannot be read"));
		}
	}
	json_decref(body);
	out->from_county = !strcmp(source, STORE_SETTINGS_BY_COUNTY);
	*set = true;
	return DS_OK;
}

static ds_status emit(ds_store *s, const char *json_text, size_t len,
                      const char *origin, const char *by, bool laptop,
                      ds_error *err)
{
	store_county_settings check;
	json_t *root = NULL, *body = NULL;
	bool own_tx = !s->tx_depth;
	ds_status st;
	if ((st = store_county_settings_parse(json_text, len, &check, err)) ||
	    (st = load(json_text, len, &root, err)))
		return st;
	if (own_tx && (st = store_begin(s, err))) {
		json_decref(root);
		return st;
	}
	if (laptop) {
		store_county_pub county;
		bool enrolled = false;
		if ((st = store_county_get(s, &county, NULL, 0, &enrolled, err)))
			goto out;
		if (enrolled) {
			st = ds_fail(err, DS_EPERM, "settings",
			             N_("this laptop is enrolled with a county: the county sets them, and they come with its bundles"));
			goto out;
		}
		if (store_role(s) != CORE_ROLE_SUPERVISOR) {
			st = ds_fail(err, DS_EPERM, "settings",
			             N_("only a supervisor may set the county settings"));
			goto out;
		}
	}
	body = json_pack("{s:s, s:s, s:O}", "by", by, "origin", origin ? origin : "",
	                 "settings", root);
	if (!body) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	if ((st = store_emit(s, core_event_id(CORE_EVENT_SETTINGS_SET), "", body, NULL, err)))
		goto out;
	if (own_tx)
		st = store_commit(s, err);
out:
	if (own_tx && st)
		store_rollback(s);
	json_decref(body);
	json_decref(root);
	return st;
}

ds_status store_county_settings_set(ds_store *s, const char *json_text,
                                    size_t len, const char *origin,
                                    ds_error *err)
{
	return emit(s, json_text, len, origin, STORE_SETTINGS_BY_LOCAL, true, err);
}

ds_status store_county_settings_issue(ds_store *s, const char *json_text,
                                      size_t len, const char *origin,
                                      ds_error *err)
{
	return emit(s, json_text, len, origin, STORE_SETTINGS_BY_COUNTY, false, err);
}
