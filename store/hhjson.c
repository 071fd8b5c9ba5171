/* hhjson.c — household JSON, as files, the command line and event bodies
 * carry it. Parsing checks types and names the JSON path of any problem;
 * the rules themselves are core_household_validate's. */
#include <stdio.h>
#include <string.h>

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
	const text_field township[] = {
		{"code", h->township.code, sizeof(h->township.code)},
		{"name", h->township.name, sizeof(h->township.name)},
		{NULL, NULL, 0}};
	const text_field village[] = {
		{"code", h->village.code, sizeof(h->village.code)},
		{"name", h->village.name, sizeof(h->village.name)},
		{NULL, NULL, 0}};
	const text_field payee[] = {
		{"name", h->payee.name, sizeof(h->payee.name)},
		{"bank", h->payee.bank, sizeof(h->payee.bank)},
		{"account", h->payee.account, sizeof(h->payee.account)},
		{NULL, NULL, 0}};
	const struct {
		const char *key;
		const text_field *fields;
	} parts[] = {{"township", township}, {"village", village},
	             {"payee", payee}};
	ds_status st;
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
