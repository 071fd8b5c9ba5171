/* hhjson.c — household JSON, as files, the command line and event bodies
 * carry it. Parsing checks types and names the JSON path of any problem;
 * the rules themselves are core_household_validate's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "store/internal.h"

static ds_status check_keys(json_t *obj, const char *const *allowed,
                            const char *path, ds_error *err)
{
	const char *key;
	json_t *val;
	json_object_foreach(obj, key, val) {
		bool ok = false;
		char list[256] = "", where[224];
		size_t o = 0;
		(void)val;
		for (size_t i = 0; allowed[i]; i++)
			if (strcmp(key, allowed[i]) == 0)
				ok = true;
		if (ok)
			continue;
		for (size_t i = 0; allowed[i] && o < sizeof(list) - 1; i++)
			o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
			                      i ? ", " : "", allowed[i]);
		if (*path)
			snprintf(where, sizeof(where), "%s.%s", path, key);
		else
			snprintf(where, sizeof(where), "%s", key);
		return ds_fail(err, DS_EINPUT, where,
		               N_("unknown field; the fields here are: %s"), list);
	}
	return DS_OK;
}

static ds_status get_string(json_t *obj, const char *key, bool required,
                            const char **out, const char *path, ds_error *err)
{
	json_t *v = json_object_get(obj, key);
	char where[224];
	snprintf(where, sizeof(where), "%s%s%s", path, *path ? "." : "", key);
	if (!v || json_is_null(v)) {
		*out = NULL;
		if (required)
			return ds_fail(err, DS_EINPUT, where, N_("is missing"));
		return DS_OK;
	}
	if (!json_is_string(v))
		return ds_fail(err, DS_EINPUT, where, N_("should be text in quotes"));
	*out = json_string_value(v);
	return DS_OK;
}

static ds_status copy_text(char *dst, size_t len, const char *src,
                           const char *where, ds_error *err)
{
	char num[16];
	if (strlen(src) >= len) {
		snprintf(num, sizeof(num), "%zu", len - 1);
		return ds_fail(err, DS_EINPUT, where,
		               N_("is too long (at most %s bytes)"), num);
	}
	memcpy(dst, src, strlen(src) + 1);
	return DS_OK;
}

/* Money: a string in yuan ("1165.50"), or a whole number of yuan. */
static ds_status get_money(json_t *v, core_fen *out, const char *where,
                           ds_error *err)
{
	if (json_is_string(v))
		return core_money_parse(json_string_value(v), false, out, where, err);
	if (json_is_integer(v)) {
		json_int_t y = json_integer_value(v);
		if (y < 0)
			return ds_fail(err, DS_EINPUT, where,
			               N_("the amount cannot be below zero"));
		if (y > CORE_MONEY_MAX / 100)
			return ds_fail(err, DS_EINPUT, where,
			               N_("the amount is too large"));
		*out = (core_fen)y * 100;
		return DS_OK;
	}
	if (json_is_real(v))
		return ds_fail(err, DS_EINPUT, where,
		               N_("write amounts with decimals in quotes, e.g. \"1165.50\""));
	return ds_fail(err, DS_EINPUT, where,
	               N_("should be an amount in yuan, e.g. \"1165.50\""));
}

/* Members and incomes report errors relative to themselves ("monthly");
 * the caller adds where they are ("members[1].incomes[0]") only when
 * something is wrong, so a good file costs no path building. */
static ds_status parse_income(json_t *j, core_income *in, ds_error *err)
{
	static const char *const keys[] = {"source", "monthly", "since",
	                                   "irregular", NULL};
	json_t *v;
	const char *src;
	int id;
	ds_status st;
	json_t *m;
	if (!json_is_object(j))
		return ds_fail(err, DS_EINPUT, "",
		               N_("should be an object like {\"source\": \"wages\", \"monthly\": \"1200.00\"}"));
	if ((st = check_keys(j, keys, "", err)) ||
	    (st = get_string(j, "source", true, &src, "", err)))
		return st;
	if ((id = core_income_lookup(src)) < 0)
		return ds_fail(err, DS_EINPUT, "source",
		               N_("unknown income source \"%s\"; use one of: %s"), src,
		               core_income_allowed());
	in->source = (core_income_source)id;
	m = json_object_get(j, "monthly");
	if (!m)
		return ds_fail(err, DS_EINPUT, "monthly", N_("is missing"));
	if ((st = get_money(m, &in->monthly, "monthly", err)))
		return st;
	v = json_object_get(j, "since");
	if (v && !json_is_null(v)) {
		if (!json_is_string(v))
			return ds_fail(err, DS_EINPUT, "since",
			               N_("not a month; write it as YYYY-MM, e.g. 2026-03"));
		if ((st = core_month_parse(json_string_value(v), &in->since,
		                           "since", err)))
			return st;
	}
	v = json_object_get(j, "irregular");
	if (v && !json_is_null(v)) {
		if (!json_is_boolean(v))
			return ds_fail(err, DS_EINPUT, "irregular",
			               N_("should be true or false"));
		in->irregular = json_is_true(v);
	}
	return DS_OK;
}

static ds_status at_index(ds_error *err, ds_status st, const char *list,
                          size_t i)
{
	char where[64];
	snprintf(where, sizeof(where), "%s[%zu]", list, i);
	ds_error_prefix(err, where);
	return st;
}

static ds_status parse_member(json_t *j, core_member *m, ds_error *err)
{
	static const char *const keys[] = {"name", "id_number", "relation",
	                                   "categories", "able_to_work",
	                                   "refuses_work", "incomes", NULL};
	const char *name, *idn, *rel;
	json_t *cats, *incomes, *work;
	ds_status st;
	int r;

	if (!json_is_object(j))
		return ds_fail(err, DS_EINPUT, "", N_("should be an object"));
	if ((st = check_keys(j, keys, "", err)) ||
	    (st = get_string(j, "name", true, &name, "", err)) ||
	    (st = get_string(j, "id_number", true, &idn, "", err)) ||
	    (st = get_string(j, "relation", true, &rel, "", err)) ||
	    (st = copy_text(m->name, sizeof(m->name), name, "name", err)) ||
	    (st = core_idnum_parse(idn, -1, m->id_number, "id_number", err)))
		return st;
	if ((r = core_relation_lookup(rel)) < 0)
		return ds_fail(err, DS_EINPUT, "relation",
		               N_("unknown relation \"%s\"; use one of: %s"), rel,
		               core_relation_allowed());
	m->relation = (core_relation)r;

	cats = json_object_get(j, "categories");
	if (cats && !json_is_null(cats)) {
		size_t i;
		json_t *c;
		if (!json_is_array(cats))
			return ds_fail(err, DS_EINPUT, "categories",
			               N_("should be a list, e.g. [\"elderly\"]"));
		json_array_foreach(cats, i, c) {
			int cat;
			if (!json_is_string(c))
				return at_index(err,
				                ds_fail(err, DS_EINPUT, "",
				                        N_("should be text in quotes")),
				                "categories", i);
			if ((cat = core_category_lookup(json_string_value(c))) < 0)
				return at_index(err,
				                ds_fail(err, DS_EINPUT, "",
				                        N_("unknown category \"%s\"; use one of: %s"),
				                        json_string_value(c),
				                        core_category_allowed()),
				                "categories", i);
			m->categories |= 1u << cat;
		}
	}
	work = json_object_get(j, "able_to_work");
	if (work && !json_is_null(work)) {
		if (!json_is_boolean(work))
			return ds_fail(err, DS_EINPUT, "able_to_work",
			               N_("should be true or false"));
		m->able_to_work = json_is_true(work);
	}
	work = json_object_get(j, "refuses_work");
	if (work && !json_is_null(work)) {
		if (!json_is_boolean(work))
			return ds_fail(err, DS_EINPUT, "refuses_work",
			               N_("should be true or false"));
		m->refuses_work = json_is_true(work);
	}
	incomes = json_object_get(j, "incomes");
	if (incomes && !json_is_null(incomes)) {
		size_t i;
		json_t *in;
		if (!json_is_array(incomes))
			return ds_fail(err, DS_EINPUT, "incomes", N_("should be a list"));
		if (json_array_size(incomes) > CORE_INCOMES_MAX)
			return ds_fail(err, DS_EINPUT, "incomes",
			               N_("at most 20 incomes per member"));
		json_array_foreach(incomes, i, in) {
			if ((st = parse_income(in, &m->incomes[i], err)))
				return at_index(err, st, "incomes", i);
			m->n_incomes = i + 1;
		}
	}
	return DS_OK;
}

static ds_status parse_assets(json_t *j, core_household *h, ds_error *err)
{
	static const char *const keys[] = {"financial", "vehicles", "homes",
	                                   NULL};
	json_t *v;
	ds_status st;
	if (!json_is_object(j))
		return ds_fail(err, DS_EINPUT, "assets", N_("should be an object"));
	if ((st = check_keys(j, keys, "assets", err)))
		return st;
	v = json_object_get(j, "financial");
	if (v && !json_is_null(v) &&
	    (st = get_money(v, &h->financial, "assets.financial", err)))
		return st;
	v = json_object_get(j, "homes");
	if (v && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > CORE_HOMES_MAX)
			return ds_fail(err, DS_EINPUT, "assets.homes",
			               N_("should be a whole number from 0 to 99"));
		h->homes = (int)json_integer_value(v);
	}
	v = json_object_get(j, "vehicles");
	if (v && !json_is_null(v)) {
		size_t i;
		json_t *veh;
		if (!json_is_array(v))
			return ds_fail(err, DS_EINPUT, "assets.vehicles",
			               N_("should be a list"));
		json_array_foreach(v, i, veh) {
			static const char *const vkeys[] = {"description", "exempt",
			                                    NULL};
			char path[64], where[96];
			const char *desc;
			json_t *ex;
			core_vehicle *cv;
			snprintf(path, sizeof(path), "assets.vehicles[%zu]", i);
			if (!json_is_object(veh))
				return ds_fail(err, DS_EINPUT, path,
				               N_("should be an object like {\"description\": \"...\", \"exempt\": false}"));
			if ((st = check_keys(veh, vkeys, path, err)) ||
			    (st = get_string(veh, "description", true, &desc, path,
			                     err)))
				return st;
			if (!(cv = core_household_add_vehicle(h, err)))
				return err ? err->status : DS_EINPUT;
			snprintf(where, sizeof(where), "%s.description", path);
			if ((st = copy_text(cv->description, sizeof(cv->description),
			                    desc, where, err)))
				return st;
			ex = json_object_get(veh, "exempt");
			if (ex && !json_is_null(ex)) {
				snprintf(where, sizeof(where), "%s.exempt", path);
				if (!json_is_boolean(ex))
					return ds_fail(err, DS_EINPUT, where,
					               N_("should be true or false"));
				cv->exempt = json_is_true(ex);
			}
		}
	}
	return DS_OK;
}

static ds_status parse_receiving(json_t *j, core_household *h, ds_error *err)
{
	static const char *const keys[] = {"allowance", "since", NULL};
	const char *since;
	json_t *a;
	ds_status st;
	if (!json_is_object(j))
		return ds_fail(err, DS_EINPUT, "receiving",
		               N_("should be an object like {\"allowance\": \"1195.00\", \"since\": \"2024-03\"}, or null"));
	if ((st = check_keys(j, keys, "receiving", err)))
		return st;
	a = json_object_get(j, "allowance");
	if (!a)
		return ds_fail(err, DS_EINPUT, "receiving.allowance", N_("is missing"));
	if ((st = get_money(a, &h->allowance, "receiving.allowance", err)) ||
	    (st = get_string(j, "since", true, &since, "receiving", err)) ||
	    (st = core_month_parse(since, &h->since, "receiving.since", err)))
		return st;
	h->receiving = true;
	return DS_OK;
}

/* An object of text fields, e.g. "township": {"code": ..., "name": ...}:
 * each optional ("" when absent), copied into its buffer. */
typedef struct {
	const char *key;
	char *dst;
	size_t len;
} text_field;

/* The household's township, village and payee as text fields, for both
 * readers. */
typedef struct {
	text_field township[3], village[3], payee[4];
} area_fields;

static void area_fields_of(core_household *h, area_fields *f)
{
	const area_fields a = {
		{{"code", h->township.code, sizeof(h->township.code)},
		 {"name", h->township.name, sizeof(h->township.name)},
		 {NULL, NULL, 0}},
		{{"code", h->village.code, sizeof(h->village.code)},
		 {"name", h->village.name, sizeof(h->village.name)},
		 {NULL, NULL, 0}},
		{{"name", h->payee.name, sizeof(h->payee.name)},
		 {"bank", h->payee.bank, sizeof(h->payee.bank)},
		 {"account", h->payee.account, sizeof(h->payee.account)},
		 {NULL, NULL, 0}}};
	*f = a;
}

static ds_status parse_texts(json_t *j, const char *path,
                             const text_field *fields, ds_error *err)
{
	const char *keys[4];
	size_t n = 0;
	ds_status st;
	for (; fields[n].key; n++)
		keys[n] = fields[n].key;
	keys[n] = NULL;
	if (!json_is_object(j))
		return ds_fail(err, DS_EINPUT, path, N_("should be an object"));
	if ((st = check_keys(j, keys, path, err)))
		return st;
	for (size_t i = 0; i < n; i++) {
		const char *v;
		char where[96];
		if ((st = get_string(j, fields[i].key, false, &v, path, err)))
			return st;
		if (!v)
			continue;
		snprintf(where, sizeof(where), "%s.%s", path, fields[i].key);
		if ((st = copy_text(fields[i].dst, fields[i].len, v, where, err)))
			return st;
	}
	return DS_OK;
}

/* The township, village and payee: optional objects; absent is empty. */
static ds_status parse_areas_payee(json_t *j, core_household *h,
                                   ds_error *err)
{
	area_fields f;
	const struct {
		const char *key;
		const text_field *fields;
	} parts[] = {{"township", f.township}, {"village", f.village},
	             {"payee", f.payee}};
	ds_status st;
	area_fields_of(h, &f);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		json_t *v = json_object_get(j, parts[i].key);
		if (v && !json_is_null(v) &&
		    (st = parse_texts(v, parts[i].key, parts[i].fields, err)))
			return st;
	}
	return DS_OK;
}

ds_status store_household_from_json(json_t *j, core_household *h,
                                    ds_error *err)
{
	static const char *const keys[] = {"region", "township", "village",
	                                   "address", "payee", "members",
	                                   "assets", "receiving", "last_verified",
	                                   NULL};
	const char *region, *address;
	json_t *members, *v;
	ds_status st;
	size_t i;
	json_t *mj;

	core_household_init(h);
	if (!json_is_object(j))
		return ds_fail(err, DS_EINPUT, "",
		               N_("a household is a JSON object with region, address and members"));
	if ((st = check_keys(j, keys, "", err)) ||
	    (st = get_string(j, "region", true, &region, "", err)) ||
	    (st = get_string(j, "address", true, &address, "", err)))
		goto fail;
	if (strlen(region) > CORE_REGION_LEN) {
		st = core_region_check(region, "region", err);
		goto fail;
	}
	memcpy(h->region, region, strlen(region) + 1);
	if ((st = copy_text(h->address, sizeof(h->address), address, "address",
	                    err)) ||
	    (st = parse_areas_payee(j, h, err)))
		goto fail;
	members = json_object_get(j, "members");
	if (!members || !json_is_array(members)) {
		st = ds_fail(err, DS_EINPUT, "members",
		             members ? N_("should be a list of people")
		                     : N_("is missing"));
		goto fail;
	}
	if (json_array_size(members) > CORE_MEMBERS_MAX) {
		st = ds_fail(err, DS_EINPUT, "members",
		             N_("a household can have at most 30 members"));
		goto fail;
	}
	json_array_foreach(members, i, mj) {
		core_member *m = core_household_add_member(h, err);
		if (!m) {
			st = err ? err->status : DS_ESYSTEM;
			goto fail;
		}
		if ((st = parse_member(mj, m, err))) {
			at_index(err, st, "members", i);
			goto fail;
		}
	}
	v = json_object_get(j, "assets");
	if (v && !json_is_null(v) && (st = parse_assets(v, h, err)))
		goto fail;
	v = json_object_get(j, "receiving");
	if (v && !json_is_null(v) && (st = parse_receiving(v, h, err)))
		goto fail;
	v = json_object_get(j, "last_verified");
	if (v && !json_is_null(v)) {
		if (!json_is_string(v)) {
			st = ds_fail(err, DS_EINPUT, "last_verified",
			             N_("not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"));
			goto fail;
		}
		if ((st = core_date_parse(json_string_value(v), &h->last_verified,
		                          "last_verified", err)))
			goto fail;
	}
	return DS_OK;
fail:
	core_household_free(h);
	return st;
}

static json_t *money_json(core_fen fen)
{
	char buf[CORE_MONEY_BUF];
	core_money_format(fen, buf);
	return json_string(buf);
}

json_t *store_household_to_json(const core_household *h)
{
	json_t *j = json_object(), *members = json_array(), *assets = json_object(),
	       *vehicles = json_array();
	if (!j || !members || !assets || !vehicles)
		goto oom;
	json_object_set_new(j, "region", json_string(h->region));
	/* township, village and payee only when known, keeping the JSON of
	 * households without them as it was */
	if (h->township.code[0] || h->township.name[0])
		json_object_set_new(j, "township",
		                    json_pack("{s:s, s:s}", "code", h->township.code,
		                              "name", h->township.name));
	if (h->village.code[0] || h->village.name[0])
		json_object_set_new(j, "village",
		                    json_pack("{s:s, s:s}", "code", h->village.code,
		                              "name", h->village.name));
	json_object_set_new(j, "address", json_string(h->address));
	if (h->payee.name[0] || h->payee.bank[0] || h->payee.account[0])
		json_object_set_new(j, "payee",
		                    json_pack("{s:s, s:s, s:s}", "name", h->payee.name,
		                              "bank", h->payee.bank, "account",
		                              h->payee.account));
	for (size_t i = 0; i < h->n_members; i++) {
		const core_member *m = &h->members[i];
		json_t *mj = json_object(), *cats = json_array(),
		       *incomes = json_array();
		if (!mj || !cats || !incomes) {
			json_decref(mj);
			json_decref(cats);
			json_decref(incomes);
			goto oom;
		}
		json_object_set_new(mj, "name", json_string(m->name));
		json_object_set_new(mj, "id_number", json_string(m->id_number));
		json_object_set_new(mj, "relation",
		                    json_string(core_relation_id(m->relation)));
		/* only the declared ones: elderly and minor are the ID
		 * number's, derived on the day they count */
		for (int c = 0; c < CORE_CAT_COUNT; c++)
			if ((m->categories & ~CORE_CAT_FROM_ID) & (1u << c))
				json_array_append_new(
				        cats, json_string(core_category_id((core_category)c)));
		json_object_set_new(mj, "categories", cats);
		json_object_set_new(mj, "able_to_work", json_boolean(m->able_to_work));
		/* Optional facts appear only when known, keeping the JSON of
		 * households without them as it was. */
		if (m->refuses_work)
			json_object_set_new(mj, "refuses_work", json_true());
		for (size_t k = 0; k < m->n_incomes; k++) {
			const core_income *in = &m->incomes[k];
			json_t *ij = json_pack("{s:s, s:o}", "source",
			                       core_income_id(in->source), "monthly",
			                       money_json(in->monthly));
			if (ij && in->since) {
				char since[8];
				core_month_format(in->since, since);
				json_object_set_new(ij, "since", json_string(since));
			}
			if (ij && in->irregular)
				json_object_set_new(ij, "irregular", json_true());
			json_array_append_new(incomes, ij);
		}
		json_object_set_new(mj, "incomes", incomes);
		json_array_append_new(members, mj);
	}
	json_object_set_new(j, "members", members);
	members = NULL;
	json_object_set_new(assets, "financial", money_json(h->financial));
	for (size_t i = 0; i < h->n_vehicles; i++)
		json_array_append_new(vehicles,
		                      json_pack("{s:s, s:b}", "description",
		                                h->vehicles[i].description, "exempt",
		                                h->vehicles[i].exempt));
	json_object_set_new(assets, "vehicles", vehicles);
	vehicles = NULL;
	json_object_set_new(assets, "homes", json_integer(h->homes));
	json_object_set_new(j, "assets", assets);
	assets = NULL;
	if (h->receiving) {
		char since[8];
		core_month_format(h->since, since);
		json_object_set_new(j, "receiving",
		                    json_pack("{s:o, s:s}", "allowance",
		                              money_json(h->allowance), "since",
		                              since));
	} else {
		json_object_set_new(j, "receiving", json_null());
	}
	if (h->last_verified) {
		char d[11];
		core_date_format(h->last_verified, d);
		json_object_set_new(j, "last_verified", json_string(d));
	}
	return j;
oom:
	json_decref(j);
	json_decref(members);
	json_decref(assets);
	json_decref(vehicles);
	return NULL;
}

/* ---- the stored form, written straight from the household ------------------
 * Byte for byte what json_dumps(store_household_to_json(h), JSON_COMPACT)
 * gives (a unit test holds the two together), without building the tree:
 * jansson 2.14's escapes (\" \\ \b \f \n \r \t, \u00XX upper-case for the
 * other controls, everything else as it is), keys in the order above. */

typedef struct {
	char *p;
	size_t n, cap;
	bool bad; /* out of memory, or text that is not UTF-8 */
} wbuf;

static void w_put(wbuf *b, const char *s, size_t n)
{
	if (b->bad)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		char *np;
		while (b->n + n + 1 > cap)
			cap *= 2;
		if (!(np = malloc(cap))) {
			b->bad = true;
			return;
		}
		if (b->p) {
			memcpy(np, b->p, b->n);
			store_wipe(b->p, b->n);
			free(b->p);
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

#define W_LIT(b, lit) w_put((b), (lit), sizeof(lit) - 1)

static void w_str(wbuf *b, const char *s)
{
	size_t len = strlen(s), run = 0;
	if (!core_utf8_valid(s, len)) { /* json_string refuses it */
		b->bad = true;
		return;
	}
	W_LIT(b, "\"");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		const char *e = NULL;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		w_put(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\b': e = "\\b"; break;
		case '\f': e = "\\f"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04X", c);
			e = esc;
		}
		w_put(b, e, strlen(e));
	}
	w_put(b, s + run, len - run);
	W_LIT(b, "\"");
}

/* ,"key": */
static void w_key(wbuf *b, bool comma, const char *key)
{
	if (comma)
		W_LIT(b, ",");
	w_str(b, key);
	W_LIT(b, ":");
}

static void w_money(wbuf *b, core_fen fen)
{
	char buf[CORE_MONEY_BUF];
	core_money_format(fen, buf);
	w_str(b, buf);
}

static void w_bool(wbuf *b, bool v)
{
	if (v)
		W_LIT(b, "true");
	else
		W_LIT(b, "false");
}

static void w_area(wbuf *b, const char *key, const core_area *a)
{
	if (!a->code[0] && !a->name[0])
		return;
	w_key(b, true, key);
	W_LIT(b, "{\"code\":");
	w_str(b, a->code);
	W_LIT(b, ",\"name\":");
	w_str(b, a->name);
	W_LIT(b, "}");
}

static void w_member(wbuf *b, const core_member *m)
{
	bool first = true;
	W_LIT(b, "{\"name\":");
	w_str(b, m->name);
	W_LIT(b, ",\"id_number\":");
	w_str(b, m->id_number);
	W_LIT(b, ",\"relation\":");
	w_str(b, core_relation_id(m->relation));
	W_LIT(b, ",\"categories\":[");
	for (int c = 0; c < CORE_CAT_COUNT; c++)
		if ((m->categories & ~CORE_CAT_FROM_ID) & (1u << c)) {
			if (!first)
				W_LIT(b, ",");
			first = false;
			w_str(b, core_category_id((core_category)c));
		}
	W_LIT(b, "],\"able_to_work\":");
	w_bool(b, m->able_to_work);
	if (m->refuses_work)
		W_LIT(b, ",\"refuses_work\":true");
	W_LIT(b, ",\"incomes\":[");
	for (size_t k = 0; k < m->n_incomes; k++) {
		const core_income *in = &m->incomes[k];
		if (k)
			W_LIT(b, ",");
		W_LIT(b, "{\"source\":");
		w_str(b, core_income_id(in->source));
		W_LIT(b, ",\"monthly\":");
		w_money(b, in->monthly);
		if (in->since) {
			char since[8];
			core_month_format(in->since, since);
			W_LIT(b, ",\"since\":");
			w_str(b, since);
		}
		if (in->irregular)
			W_LIT(b, ",\"irregular\":true");
		W_LIT(b, "}");
	}
	W_LIT(b, "]}");
}

ds_status store_household_canonical(const core_household *h, char **out,
                                     size_t *len, ds_error *err)
{
	wbuf b = {NULL, 0, 0, false};
	*out = NULL;
	*len = 0;
	W_LIT(&b, "{\"region\":");
	w_str(&b, h->region);
	w_area(&b, "township", &h->township);
	w_area(&b, "village", &h->village);
	w_key(&b, true, "address");
	w_str(&b, h->address);
	if (h->payee.name[0] || h->payee.bank[0] || h->payee.account[0]) {
		W_LIT(&b, ",\"payee\":{\"name\":");
		w_str(&b, h->payee.name);
		W_LIT(&b, ",\"bank\":");
		w_str(&b, h->payee.bank);
		W_LIT(&b, ",\"account\":");
		w_str(&b, h->payee.account);
		W_LIT(&b, "}");
	}
	W_LIT(&b, ",\"members\":[");
	for (size_t i = 0; i < h->n_members; i++) {
		if (i)
			W_LIT(&b, ",");
		w_member(&b, &h->members[i]);
	}
	W_LIT(&b, "],\"assets\":{\"financial\":");
	w_money(&b, h->financial);
	W_LIT(&b, ",\"vehicles\":[");
	for (size_t i = 0; i < h->n_vehicles; i++) {
		if (i)
			W_LIT(&b, ",");
		W_LIT(&b, "{\"description\":");
		w_str(&b, h->vehicles[i].description);
		W_LIT(&b, ",\"exempt\":");
		w_bool(&b, h->vehicles[i].exempt);
		W_LIT(&b, "}");
	}
	{
		char homes[24];
		int n = snprintf(homes, sizeof(homes), "],\"homes\":%d}", h->homes);
		w_put(&b, homes, (size_t)n);
	}
	if (h->receiving) {
		char since[8];
		core_month_format(h->since, since);
		W_LIT(&b, ",\"receiving\":{\"allowance\":");
		w_money(&b, h->allowance);
		W_LIT(&b, ",\"since\":");
		w_str(&b, since);
		W_LIT(&b, "}");
	} else {
		W_LIT(&b, ",\"receiving\":null");
	}
	if (h->last_verified) {
		char d[11];
		core_date_format(h->last_verified, d);
		W_LIT(&b, ",\"last_verified\":");
		w_str(&b, d);
	}
	W_LIT(&b, "}");
	if (b.bad) {
		/* text jansson would leave out, or no memory: its own way */
		json_t *j;
		if (b.p) {
			store_wipe(b.p, b.n);
			free(b.p);
		}
		j = store_household_to_json(h);
		b.p = j ? json_dumps(j, JSON_COMPACT) : NULL;
		json_decref(j);
		if (!b.p)
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		b.n = strlen(b.p);
	}
	*out = b.p;
	*len = b.n;
	return DS_OK;
}

/* ---- reading a household straight from its text ----------------------------
 * For import: one pass over the line, no JSON tree. It takes what
 * store_household_from_json takes, reads it the same way, and gives up
 * (false) at anything else, leaving the long way to name the problem:
 * unknown or repeated keys, a missing or mistyped field, escapes in a
 * string, a number that is not a plain whole number, text that is not
 * UTF-8, a value a field's own parser refuses. */

typedef struct {
	const char *p, *end;
} rd;

#define R_END (-2)

static void r_ws(rd *r)
{
	while (r->p < r->end &&
	       (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static bool r_ch(rd *r, char c)
{
	r_ws(r);
	if (r->p < r->end && *r->p == c) {
		r->p++;
		return true;
	}
	return false;
}

static bool r_word(rd *r, const char *w, size_t n)
{
	r_ws(r);
	if ((size_t)(r->end - r->p) >= n && !memcmp(r->p, w, n)) {
		r->p += n;
		return true;
	}
	return false;
}

static bool r_null(rd *r)
{
	return r_word(r, "null", 4);
}

/* true or false into *v; null leaves it */
static bool r_bool_or_null(rd *r, bool *v)
{
	if (r_word(r, "true", 4))
		*v = true;
	else if (r_word(r, "false", 5))
		*v = false;
	else
		return r_null(r);
	return true;
}

/* A string without escapes or controls, UTF-8: where it is in the text. */
static bool r_str(rd *r, const char **s, size_t *n)
{
	const char *q;
	unsigned high = 0; /* any byte past ASCII: then UTF-8 is checked */
	if (!r_ch(r, '"'))
		return false;
	for (q = r->p; q < r->end && *q != '"'; q++) {
		if (*q == '\\' || (unsigned char)*q < 0x20)
			return false;
		high |= (unsigned char)*q;
	}
	if (q == r->end ||
	    ((high & 0x80) && !core_utf8_valid(r->p, (size_t)(q - r->p))))
		return false;
	*s = r->p;
	*n = (size_t)(q - r->p);
	r->p = q + 1;
	return true;
}

/* A string into dst (cap bytes with the NUL): false when it does not fit. */
static bool r_str_into(rd *r, char *dst, size_t cap)
{
	const char *s;
	size_t n;
	if (!r_str(r, &s, &n) || n >= cap || memchr(s, '\0', n))
		return false;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return true;
}

static bool r_str_or_null_into(rd *r, char *dst, size_t cap)
{
	return r_null(r) || r_str_into(r, dst, cap);
}

/* A plain whole number: digits, no sign, no leading zero, at most 15. */
static bool r_uint(rd *r, long long *v)
{
	const char *q;
	r_ws(r);
	q = r->p;
	*v = 0;
	while (q < r->end && *q >= '0' && *q <= '9') {
		if (q - r->p >= 15)
			return false;
		*v = *v * 10 + (*q - '0');
		q++;
	}
	if (q == r->p || (q - r->p > 1 && *r->p == '0') ||
	    (q < r->end && (*q == '.' || *q == 'e' || *q == 'E')))
		return false;
	r->p = q;
	return true;
}

/* Money as get_money reads it: "1165.50" or a whole number of yuan. */
static bool r_money(rd *r, core_fen *out)
{
	char buf[64];
	long long y;
	r_ws(r);
	if (r->p < r->end && *r->p == '"')
		return r_str_into(r, buf, sizeof(buf)) &&
		       !core_money_parse(buf, false, out, "", NULL);
	if (!r_uint(r, &y) || y > CORE_MONEY_MAX / 100)
		return false;
	*out = (core_fen)y * 100;
	return true;
}

/* The next key of an object, by its number in keys (each once), or R_END
 * at its end; -1 for anything else. */
static int r_key(rd *r, const char *const *keys, unsigned *seen, bool *more)
{
	const char *k;
	size_t n;
	if (r_ch(r, '}'))
		return R_END;
	if (*more && !r_ch(r, ','))
		return -1;
	if (!r_str(r, &k, &n) || !r_ch(r, ':'))
		return -1;
	*more = true;
	/* the stored form writes the keys in the order of the list: the
	 * first one not seen yet is tried first */
	for (int i = 0; keys[i]; i++)
		if (!(*seen & (1u << i))) {
			if (!strncmp(keys[i], k, n) && !keys[i][n]) {
				*seen |= 1u << i;
				return i;
			}
			break;
		}
	for (int i = 0; keys[i]; i++)
		if (!strncmp(keys[i], k, n) && !keys[i][n]) {
			if (*seen & (1u << i))
				return -1;
			*seen |= 1u << i;
			return i;
		}
	return -1;
}

/* Whether another element of an array follows (false at its end, and
 * *bad on anything else). */
static bool r_elem(rd *r, bool *more, bool *bad)
{
	if (r_ch(r, ']'))
		return false;
	if (*more && !r_ch(r, ',')) {
		*bad = true;
		return false;
	}
	*more = true;
	return true;
}

static bool r_income(rd *r, core_income *in)
{
	static const char *const keys[] = {"source", "monthly", "since",
	                                   "irregular", NULL};
	unsigned seen = 0;
	bool more = false;
	int k, id;
	char buf[64];
	if (!r_ch(r, '{'))
		return false;
	while ((k = r_key(r, keys, &seen, &more)) >= 0) {
		switch (k) {
		case 0:
			if (!r_str_into(r, buf, sizeof(buf)) ||
			    (id = core_income_lookup(buf)) < 0)
				return false;
			in->source = (core_income_source)id;
			break;
		case 1:
			if (!r_money(r, &in->monthly))
				return false;
			break;
		case 2:
			buf[0] = '\0';
			if (!r_str_or_null_into(r, buf, sizeof(buf)) ||
			    (buf[0] && core_month_parse(buf, &in->since, "", NULL)))
				return false;
			if (!buf[0] && r->p[-1] == '"') /* "" is no month */
				return false;
			break;
		default:
			if (!r_bool_or_null(r, &in->irregular))
				return false;
		}
	}
	return k == R_END && (seen & 3u) == 3u;
}

static bool r_member(rd *r, core_member *m)
{
	static const char *const keys[] = {"name", "id_number", "relation",
	                                   "categories", "able_to_work",
	                                   "refuses_work", "incomes", NULL};
	unsigned seen = 0;
	bool more = false, amore, bad = false;
	int k, v;
	char buf[128];
	if (!r_ch(r, '{'))
		return false;
	while ((k = r_key(r, keys, &seen, &more)) >= 0) {
		switch (k) {
		case 0:
			if (!r_str_into(r, m->name, sizeof(m->name)))
				return false;
			break;
		case 1:
			/* as stored: normalised already (a number to normalise
			 * goes the long way) */
			if (!r_str_into(r, buf, sizeof(buf)) ||
			    core_idnum_parse(buf, -1, m->id_number, "", NULL) ||
			    strcmp(buf, m->id_number))
				return false;
			break;
		case 2:
			if (!r_str_into(r, buf, sizeof(buf)) ||
			    (v = core_relation_lookup(buf)) < 0)
				return false;
			m->relation = (core_relation)v;
			break;
		case 3:
			if (r_null(r))
				break;
			if (!r_ch(r, '['))
				return false;
			amore = false;
			while (r_elem(r, &amore, &bad)) {
				if (!r_str_into(r, buf, sizeof(buf)) ||
				    (v = core_category_lookup(buf)) < 0)
					return false;
				m->categories |= 1u << v;
			}
			if (bad)
				return false;
			break;
		case 4:
			if (!r_bool_or_null(r, &m->able_to_work))
				return false;
			break;
		case 5:
			if (!r_bool_or_null(r, &m->refuses_work))
				return false;
			break;
		default:
			if (r_null(r))
				break;
			if (!r_ch(r, '['))
				return false;
			amore = false;
			while (r_elem(r, &amore, &bad)) {
				if (m->n_incomes >= CORE_INCOMES_MAX ||
				    !r_income(r, &m->incomes[m->n_incomes]))
					return false;
				m->n_incomes++;
			}
			if (bad)
				return false;
		}
	}
	return k == R_END && (seen & 7u) == 7u;
}

static bool r_vehicle(rd *r, core_household *h)
{
	static const char *const keys[] = {"description", "exempt", NULL};
	unsigned seen = 0;
	bool more = false;
	core_vehicle *v;
	int k;
	if (!r_ch(r, '{') || !(v = core_household_add_vehicle(h, NULL)))
		return false;
	while ((k = r_key(r, keys, &seen, &more)) >= 0) {
		if (k == 0 ? !r_str_into(r, v->description, sizeof(v->description))
		           : !r_bool_or_null(r, &v->exempt))
			return false;
	}
	return k == R_END && (seen & 1u);
}

static bool r_assets(rd *r, core_household *h)
{
	static const char *const keys[] = {"financial", "vehicles", "homes",
	                                   NULL};
	unsigned seen = 0;
	bool more = false, amore = false, bad = false;
	long long homes;
	int k;
	if (!r_ch(r, '{'))
		return false;
	while ((k = r_key(r, keys, &seen, &more)) >= 0) {
		if (r_null(r))
			continue;
		if (k == 0) {
			if (!r_money(r, &h->financial))
				return false;
		} else if (k == 2) {
			if (!r_uint(r, &homes) || homes > CORE_HOMES_MAX)
				return false;
			h->homes = (int)homes;
		} else {
			if (!r_ch(r, '['))
				return false;
			while (r_elem(r, &amore, &bad))
				if (!r_vehicle(r, h))
					return false;
			if (bad)
				return false;
		}
	}
	return k == R_END;
}

static bool r_receiving(rd *r, core_household *h)
{
	static const char *const keys[] = {"allowance", "since", NULL};
	unsigned seen = 0;
	bool more = false;
	char buf[64];
	int k;
	if (!r_ch(r, '{'))
		return false;
	while ((k = r_key(r, keys, &seen, &more)) >= 0) {
		if (k == 0 ? !r_money(r, &h->allowance)
		           : !r_str_into(r, buf, sizeof(buf)) ||
		                     core_month_parse(buf, &h->since, "", NULL))
			return false;
	}
	h->receiving = true;
	return k == R_END && seen == 3u;
}

/* township, village, payee: text fields, each optional */
static bool r_texts(rd *r, const text_field *fields)
{
	const char *keys[4];
	unsigned seen = 0;
	bool more = false;
	size_t n = 0;
	int k;
	for (; fields[n].key; n++)
		keys[n] = fields[n].key;
	keys[n] = NULL;
	if (!r_ch(r, '{'))
		return false;
	while ((k = r_key(r, keys, &seen, &more)) >= 0)
		if (!r_str_or_null_into(r, fields[k].dst, fields[k].len))
			return false;
	return k == R_END;
}

static bool r_household(rd *r, core_household *h)
{
	static const char *const keys[] = {"region", "township", "village",
	                                   "address", "payee", "members",
	                                   "assets", "receiving", "last_verified",
	                                   NULL};
	area_fields f;
	unsigned seen = 0;
	bool more = false, amore = false, bad = false;
	char buf[16];
	int k;
	area_fields_of(h, &f);
	if (!r_ch(r, '{'))
		return false;
	while ((k = r_key(r, keys, &seen, &more)) >= 0) {
		switch (k) {
		case 0:
			if (!r_str_into(r, h->region, sizeof(h->region)))
				return false;
			break;
		case 3:
			if (!r_str_into(r, h->address, sizeof(h->address)))
				return false;
			break;
		case 5:
			if (!r_ch(r, '['))
				return false;
			while (r_elem(r, &amore, &bad)) {
				core_member *m = core_household_add_member(h, NULL);
				if (!m || !r_member(r, m))
					return false;
			}
			if (bad)
				return false;
			break;
		default:
			if (r_null(r))
				break;
			if ((k == 1 && !r_texts(r, f.township)) ||
			    (k == 2 && !r_texts(r, f.village)) ||
			    (k == 4 && !r_texts(r, f.payee)) ||
			    (k == 6 && !r_assets(r, h)) ||
			    (k == 7 && !r_receiving(r, h)) ||
			    (k == 8 && (!r_str_into(r, buf, sizeof(buf)) ||
			                core_date_parse(buf, &h->last_verified, "",
			                                NULL))))
				return false;
		}
	}
	/* region, address and members are needed */
	return k == R_END && (seen & 0x29u) == 0x29u;
}

bool store_household_from_text(const char *text, size_t len,
                               core_household *h)
{
	rd r = {text, text + len};
	core_household_init(h);
	if (r_household(&r, h)) {
		r_ws(&r);
		if (r.p == r.end)
			return true;
	}
	core_household_free(h);
	return false;
}
