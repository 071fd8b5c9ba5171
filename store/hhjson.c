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
 * something is wrong, so a good file costs no path building.
 *
 * An income's months ({"2026-06": "1200.00", ...}): each a month of the
 * household's income_months, for the member idn and the income's source. */
static ds_status parse_months(json_t *j, core_household *h, const char *idn,
                              core_income_source source, ds_error *err)
{
	const char *key;
	json_t *v;
	ds_status st;
	if (!json_is_object(j))
		return ds_fail(err, DS_EINPUT, "months",
		               N_("should be an object of months and amounts, e.g. {\"2026-06\": \"1200.00\"}"));
	json_object_foreach(j, key, v) {
		char where[64];
		core_income_month *x;
		snprintf(where, sizeof(where), "months.%s", key);
		if (!(x = core_household_add_income_month(h, NULL)))
			return ds_fail(err, DS_EINPUT, "months",
			               N_("too many months of income in one household"));
		snprintf(x->id_number, sizeof(x->id_number), "%s", idn);
		x->source = source;
		if ((st = core_month_parse(key, &x->month, where, err)) ||
		    (st = get_money(v, &x->amount, where, err)))
			return st;
	}
	return DS_OK;
}

static ds_status parse_income(json_t *j, core_household *h, const char *idn,
                              core_income *in, ds_error *err)
{
	static const char *const keys[] = {"source", "monthly", "since",
	                                   "irregular", "months", "annual",
	                                   NULL};
	json_t *v;
	const char *src;
	int id, given;
	ds_status st;
	json_t *m, *months, *annual;
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
	/* one of: monthly (declared), months, annual */
	m = json_object_get(j, "monthly");
	months = json_object_get(j, "months");
	annual = json_object_get(j, "annual");
	given = !!m + !!months + !!annual;
	if (!given)
		return ds_fail(err, DS_EINPUT, "monthly",
		               N_("is missing (or give months or annual instead)"));
	if (given > 1)
		return ds_fail(err, DS_EINPUT, m ? "monthly" : "months",
		               N_("give one of monthly, months or annual, not more"));
	if (m && (st = get_money(m, &in->monthly, "monthly", err)))
		return st;
	if (months) {
		in->basis = CORE_BASIS_MONTHS;
		if ((st = parse_months(months, h, idn, in->source, err)))
			return st;
	}
	if (annual) {
		in->basis = CORE_BASIS_ANNUAL;
		if ((st = get_money(annual, &in->annual, "annual", err)))
			return st;
	}
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

/* A member's disability: {"grade": 1, "type": "physical"}. The grade's
 * range is core_household_validate's. */
static ds_status parse_disability(json_t *j, core_member *m, ds_error *err)
{
	static const char *const keys[] = {"grade", "type", NULL};
	json_t *g;
	const char *type;
	int t;
	ds_status st;
	if (!json_is_object(j))
		return ds_fail(err, DS_EINPUT, "disability",
		               N_("should be an object like {\"grade\": 1, \"type\": \"physical\"}"));
	if ((st = check_keys(j, keys, "disability", err)))
		return st;
	g = json_object_get(j, "grade");
	if (!g)
		return ds_fail(err, DS_EINPUT, "disability.grade", N_("is missing"));
	if (!json_is_integer(g) || json_integer_value(g) < -99 ||
	    json_integer_value(g) > 99)
		return ds_fail(err, DS_EINPUT, "disability.grade",
		               N_("must be 1 to 4"));
	m->disability_grade = (int)json_integer_value(g);
	if ((st = get_string(j, "type", true, &type, "disability", err)))
		return st;
	if ((t = core_disability_lookup(type)) < 0)
		return ds_fail(err, DS_EINPUT, "disability.type",
		               N_("unknown disability type \"%s\"; use one of: %s"),
		               type, core_disability_allowed());
	m->disability_type = (core_disability)t;
	return DS_OK;
}

/* self_care and excluded: an identifier on a list, or null. */
static ds_status parse_listed(json_t *j, const char *key,
                              int (*lookup)(const char *),
                              const char *(*allowed)(void), const char *msg,
                              int *out, ds_error *err)
{
	const char *v;
	int k;
	ds_status st;
	if ((st = get_string(j, key, false, &v, "", err)) || !v)
		return st;
	if ((k = lookup(v)) <= 0)
		return ds_fail(err, DS_EINPUT, key, msg, v, allowed());
	*out = k;
	return DS_OK;
}

/* The ladder's facts of a member: disability, illness, self_care,
 * excluded (each optional). */
static ds_status parse_member_facts(json_t *j, core_member *m, ds_error *err)
{
	json_t *v = json_object_get(j, "disability");
	const char *ill;
	int k = 0;
	ds_status st;
	if (v && !json_is_null(v) && (st = parse_disability(v, m, err)))
		return st;
	if ((st = get_string(j, "illness", false, &ill, "", err)) ||
	    (ill && (st = copy_text(m->illness, sizeof(m->illness), ill,
	                            "illness", err))))
		return st;
	if ((st = parse_listed(j, "self_care", core_self_care_lookup,
	                       core_self_care_allowed,
	                       N_("unknown self-care level \"%s\"; use one of: %s"),
	                       &k, err)))
		return st;
	m->self_care = (core_self_care)k;
	k = 0;
	if ((st = parse_listed(j, "excluded", core_exclusion_lookup,
	                       core_exclusion_allowed,
	                       N_("unknown reason to leave a member out \"%s\"; use one of: %s"),
	                       &k, err)))
		return st;
	m->excluded = (core_exclusion)k;
	return DS_OK;
}

static ds_status parse_member(json_t *j, core_household *h, core_member *m,
                              ds_error *err)
{
	static const char *const keys[] = {"name", "id_number", "relation",
	                                   "categories", "able_to_work",
	                                   "refuses_work", "incomes",
	                                   "disability", "illness", "self_care",
	                                   "excluded", NULL};
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
			if ((st = parse_income(in, h, m->id_number,
			                       &m->incomes[i], err)))
				return at_index(err, st, "incomes", i);
			m->n_incomes = i + 1;
		}
	}
	return parse_member_facts(j, m, err);
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

/* supporters[]: {"name", "relation", "able", "reason"} */
static ds_status parse_supporters(json_t *j, core_household *h, ds_error *err)
{
	static const char *const keys[] = {"name", "relation", "able", "reason",
	                                   NULL};
	size_t i;
	json_t *sj;
	ds_status st;
	if (!json_is_array(j))
		return ds_fail(err, DS_EINPUT, "supporters", N_("should be a list"));
	json_array_foreach(j, i, sj) {
		char path[48], where[80];
		const char *name, *rel, *reason;
		json_t *able;
		core_supporter *s;
		snprintf(path, sizeof(path), "supporters[%zu]", i);
		if (!json_is_object(sj))
			return ds_fail(err, DS_EINPUT, path,
			               N_("should be an object like {\"name\": \"...\", \"relation\": \"son\", \"able\": true}"));
		if ((st = check_keys(sj, keys, path, err)) ||
		    (st = get_string(sj, "name", true, &name, path, err)) ||
		    (st = get_string(sj, "relation", true, &rel, path, err)) ||
		    (st = get_string(sj, "reason", false, &reason, path, err)))
			return st;
		if (!(s = core_household_add_supporter(h, err)))
			return err ? err->status : DS_EINPUT;
		snprintf(where, sizeof(where), "%s.name", path);
		if ((st = copy_text(s->name, sizeof(s->name), name, where, err)))
			return st;
		snprintf(where, sizeof(where), "%s.relation", path);
		if ((st = copy_text(s->relation, sizeof(s->relation), rel, where,
		                    err)))
			return st;
		snprintf(where, sizeof(where), "%s.reason", path);
		if (reason && (st = copy_text(s->reason, sizeof(s->reason), reason,
		                              where, err)))
			return st;
		able = json_object_get(sj, "able");
		snprintf(where, sizeof(where), "%s.able", path);
		if (!able)
			return ds_fail(err, DS_EINPUT, where, N_("is missing"));
		if (!json_is_boolean(able))
			return ds_fail(err, DS_EINPUT, where,
			               N_("should be true or false"));
		s->able = json_is_true(able);
	}
	return DS_OK;
}

/* rigid_expenses[]: {"member" (ID number), "kind", "annual", "evidence"} */
static ds_status parse_rigid(json_t *j, core_household *h, ds_error *err)
{
	static const char *const keys[] = {"member", "kind", "annual",
	                                   "evidence", NULL};
	size_t i;
	json_t *rj;
	ds_status st;
	if (!json_is_array(j))
		return ds_fail(err, DS_EINPUT, "rigid_expenses",
		               N_("should be a list"));
	json_array_foreach(j, i, rj) {
		char path[48], where[80];
		const char *idn, *kind, *ev;
		json_t *a;
		core_rigid_expense *r;
		int k;
		snprintf(path, sizeof(path), "rigid_expenses[%zu]", i);
		if (!json_is_object(rj))
			return ds_fail(err, DS_EINPUT, path,
			               N_("should be an object like {\"member\": \"(ID number)\", \"kind\": \"medical\", \"annual\": \"30000.00\"}"));
		if ((st = check_keys(rj, keys, path, err)) ||
		    (st = get_string(rj, "member", true, &idn, path, err)) ||
		    (st = get_string(rj, "kind", true, &kind, path, err)) ||
		    (st = get_string(rj, "evidence", false, &ev, path, err)))
			return st;
		if (!(r = core_household_add_rigid(h, err)))
			return err ? err->status : DS_EINPUT;
		snprintf(where, sizeof(where), "%s.member", path);
		if ((st = core_idnum_parse(idn, -1, r->id_number, where, err)))
			return st;
		snprintf(where, sizeof(where), "%s.kind", path);
		if ((k = core_expense_lookup(kind)) < 0)
			return ds_fail(err, DS_EINPUT, where,
			               N_("unknown kind of rigid spending \"%s\"; use one of: %s"),
			               kind, core_expense_allowed());
		r->kind = (core_expense_kind)k;
		snprintf(where, sizeof(where), "%s.annual", path);
		if (!(a = json_object_get(rj, "annual")))
			return ds_fail(err, DS_EINPUT, where, N_("is missing"));
		if ((st = get_money(a, &r->annual, where, err)))
			return st;
		snprintf(where, sizeof(where), "%s.evidence", path);
		if (ev && (st = copy_text(r->evidence, sizeof(r->evidence), ev,
		                          where, err)))
			return st;
	}
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
	                                   "supporters", "rigid_expenses", NULL};
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
		if ((st = parse_member(mj, h, m, err))) {
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
	v = json_object_get(j, "supporters");
	if (v && !json_is_null(v) && (st = parse_supporters(v, h, err)))
		goto fail;
	v = json_object_get(j, "rigid_expenses");
	if (v && !json_is_null(v) && (st = parse_rigid(v, h, err)))
		goto fail;
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

/* The month of income of member idn and source that comes first after
 * month after (the months of an income are written in order), or NULL. */
static const core_income_month *next_month(const core_household *h,
                                           const char *idn,
                                           core_income_source source,
                                           core_month after)
{
	const core_income_month *best = NULL;
	for (size_t i = 0; i < h->n_income_months; i++) {
		const core_income_month *x = &h->income_months[i];
		if (x->source == source && x->month > after &&
		    (!best || x->month < best->month) && !strcmp(x->id_number, idn))
			best = x;
	}
	return best;
}

/* An income: its source, then monthly, months or annual by its basis,
 * then since and irregular when given. */
static json_t *income_json(const core_household *h, const core_member *m,
                           const core_income *in)
{
	json_t *ij = json_pack("{s:s}", "source", core_income_id(in->source));
	if (!ij)
		return NULL;
	if (in->basis == CORE_BASIS_MONTHS) {
		json_t *mo = json_object();
		const core_income_month *x;
		core_month after = -1;
		char key[8];
		while ((x = next_month(h, m->id_number, in->source, after))) {
			core_month_format(x->month, key);
			json_object_set_new(mo, key, money_json(x->amount));
			after = x->month;
		}
		json_object_set_new(ij, "months", mo);
	} else if (in->basis == CORE_BASIS_ANNUAL) {
		json_object_set_new(ij, "annual", money_json(in->annual));
	} else {
		json_object_set_new(ij, "monthly", money_json(in->monthly));
	}
	if (in->since) {
		char since[8];
		core_month_format(in->since, since);
		json_object_set_new(ij, "since", json_string(since));
	}
	if (in->irregular)
		json_object_set_new(ij, "irregular", json_true());
	return ij;
}

/* A member's ladder facts, each only when given. */
static void member_facts_json(json_t *mj, const core_member *m)
{
	if (m->disability_grade)
		json_object_set_new(mj, "disability",
		                    json_pack("{s:i, s:s}", "grade",
		                              m->disability_grade, "type",
		                              core_disability_id(m->disability_type)));
	if (m->illness[0])
		json_object_set_new(mj, "illness", json_string(m->illness));
	if (m->self_care)
		json_object_set_new(mj, "self_care",
		                    json_string(core_self_care_id(m->self_care)));
	if (m->excluded)
		json_object_set_new(mj, "excluded",
		                    json_string(core_exclusion_id(m->excluded)));
}

/* The household's supporters and rigid expenses, each list only when
 * there is one. */
static void ladder_json(json_t *j, const core_household *h)
{
	if (h->n_supporters) {
		json_t *a = json_array();
		for (size_t i = 0; i < h->n_supporters; i++) {
			const core_supporter *s = &h->supporters[i];
			json_t *sj = json_pack("{s:s, s:s, s:b}", "name", s->name,
			                       "relation", s->relation, "able",
			                       s->able);
			if (sj && s->reason[0])
				json_object_set_new(sj, "reason", json_string(s->reason));
			json_array_append_new(a, sj);
		}
		json_object_set_new(j, "supporters", a);
	}
	if (h->n_rigid) {
		json_t *a = json_array();
		for (size_t i = 0; i < h->n_rigid; i++) {
			const core_rigid_expense *r = &h->rigid[i];
			json_t *rj = json_pack("{s:s, s:s, s:o}", "member",
			                       r->id_number, "kind",
			                       core_expense_id(r->kind), "annual",
			                       money_json(r->annual));
			if (rj && r->evidence[0])
				json_object_set_new(rj, "evidence",
				                    json_string(r->evidence));
			json_array_append_new(a, rj);
		}
		json_object_set_new(j, "rigid_expenses", a);
	}
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
		for (size_t k = 0; k < m->n_incomes; k++)
			json_array_append_new(incomes, income_json(h, m, &m->incomes[k]));
		json_object_set_new(mj, "incomes", incomes);
		member_facts_json(mj, m);
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
	ladder_json(j, h);
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

static void w_income(wbuf *b, const core_household *h, const core_member *m,
                     const core_income *in)
{
	W_LIT(b, "{\"source\":");
	w_str(b, core_income_id(in->source));
	if (in->basis == CORE_BASIS_MONTHS) {
		const core_income_month *x;
		core_month after = -1;
		char key[8];
		W_LIT(b, ",\"months\":{");
		while ((x = next_month(h, m->id_number, in->source, after))) {
			if (after >= 0)
				W_LIT(b, ",");
			core_month_format(x->month, key);
			w_str(b, key);
			W_LIT(b, ":");
			w_money(b, x->amount);
			after = x->month;
		}
		W_LIT(b, "}");
	} else if (in->basis == CORE_BASIS_ANNUAL) {
		W_LIT(b, ",\"annual\":");
		w_money(b, in->annual);
	} else {
		W_LIT(b, ",\"monthly\":");
		w_money(b, in->monthly);
	}
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

static void w_member(wbuf *b, const core_household *h, const core_member *m)
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
		if (k)
			W_LIT(b, ",");
		w_income(b, h, m, &m->incomes[k]);
	}
	W_LIT(b, "]");
	if (m->disability_grade) {
		char g[48];
		int n = snprintf(g, sizeof(g), ",\"disability\":{\"grade\":%d",
		                 m->disability_grade);
		w_put(b, g, (size_t)n);
		W_LIT(b, ",\"type\":");
		w_str(b, core_disability_id(m->disability_type));
		W_LIT(b, "}");
	}
	if (m->illness[0]) {
		W_LIT(b, ",\"illness\":");
		w_str(b, m->illness);
	}
	if (m->self_care) {
		W_LIT(b, ",\"self_care\":");
		w_str(b, core_self_care_id(m->self_care));
	}
	if (m->excluded) {
		W_LIT(b, ",\"excluded\":");
		w_str(b, core_exclusion_id(m->excluded));
	}
	W_LIT(b, "}");
}

/* supporters and rigid_expenses, as ladder_json writes them */
static void w_ladder(wbuf *b, const core_household *h)
{
	if (h->n_supporters) {
		W_LIT(b, ",\"supporters\":[");
		for (size_t i = 0; i < h->n_supporters; i++) {
			const core_supporter *s = &h->supporters[i];
			if (i)
				W_LIT(b, ",");
			W_LIT(b, "{\"name\":");
			w_str(b, s->name);
			W_LIT(b, ",\"relation\":");
			w_str(b, s->relation);
			W_LIT(b, ",\"able\":");
			w_bool(b, s->able);
			if (s->reason[0]) {
				W_LIT(b, ",\"reason\":");
				w_str(b, s->reason);
			}
			W_LIT(b, "}");
		}
		W_LIT(b, "]");
	}
	if (h->n_rigid) {
		W_LIT(b, ",\"rigid_expenses\":[");
		for (size_t i = 0; i < h->n_rigid; i++) {
			const core_rigid_expense *r = &h->rigid[i];
			if (i)
				W_LIT(b, ",");
			W_LIT(b, "{\"member\":");
			w_str(b, r->id_number);
			W_LIT(b, ",\"kind\":");
			w_str(b, core_expense_id(r->kind));
			W_LIT(b, ",\"annual\":");
			w_money(b, r->annual);
			if (r->evidence[0]) {
				W_LIT(b, ",\"evidence\":");
				w_str(b, r->evidence);
			}
			W_LIT(b, "}");
		}
		W_LIT(b, "]");
	}
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
		w_member(&b, h, &h->members[i]);
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
	w_ladder(&b, h);
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

/* An income's months, {"2026-06": "1200.00", ...}, for member idn: each
 * month once (a month given twice goes the long way). */
static bool r_months(rd *r, core_household *h, const char *idn,
                     core_income_source source)
{
	bool more = false;
	char buf[64];
	if (!r_ch(r, '{') || !idn[0])
		return false;
	for (;;) {
		core_income_month *x;
		core_month mon;
		core_fen amount;
		if (r_ch(r, '}'))
			return true;
		if ((more && !r_ch(r, ',')) || !r_str_into(r, buf, sizeof(buf)) ||
		    !r_ch(r, ':') || core_month_parse(buf, &mon, "", NULL) ||
		    !r_money(r, &amount))
			return false;
		more = true;
		for (size_t i = 0; i < h->n_income_months; i++) {
			const core_income_month *y = &h->income_months[i];
			if (y->month == mon && y->source == source &&
			    !strcmp(y->id_number, idn))
				return false;
		}
		if (!(x = core_household_add_income_month(h, NULL)))
			return false;
		memcpy(x->id_number, idn, strlen(idn) + 1);
		x->source = source;
		x->month = mon;
		x->amount = amount;
	}
}

static bool r_income(rd *r, core_household *h, const char *idn,
                     core_income *in)
{
	static const char *const keys[] = {"source", "monthly", "since",
	                                   "irregular", "months", "annual",
	                                   NULL};
	unsigned seen = 0, basis;
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
		case 3:
			if (!r_bool_or_null(r, &in->irregular))
				return false;
			break;
		case 4: /* the source first, to know whose months */
			in->basis = CORE_BASIS_MONTHS;
			if (!(seen & 1u) || !r_months(r, h, idn, in->source))
				return false;
			break;
		default:
			in->basis = CORE_BASIS_ANNUAL;
			if (!r_money(r, &in->annual))
				return false;
		}
	}
	/* the source, and one of monthly, months and annual */
	basis = seen & 0x32u;
	return k == R_END && (seen & 1u) &&
	       (basis == 0x02u || basis == 0x10u || basis == 0x20u);
}

/* {"grade": 1, "type": "physical"} */
static bool r_disability(rd *r, core_member *m)
{
	static const char *const keys[] = {"grade", "type", NULL};
	unsigned seen = 0;
	bool more = false;
	long long g;
	char buf[32];
	int k, t;
	if (!r_ch(r, '{'))
		return false;
	while ((k = r_key(r, keys, &seen, &more)) >= 0) {
		if (k == 0) {
			if (!r_uint(r, &g) || g > 99)
				return false;
			m->disability_grade = (int)g;
		} else {
			if (!r_str_into(r, buf, sizeof(buf)) ||
			    (t = core_disability_lookup(buf)) < 0)
				return false;
			m->disability_type = (core_disability)t;
		}
	}
	return k == R_END && seen == 3u;
}

/* self_care, excluded: null or an identifier on its list */
static bool r_listed(rd *r, int (*lookup)(const char *), int *out)
{
	char buf[32];
	if (r_null(r))
		return true;
	return r_str_into(r, buf, sizeof(buf)) && (*out = lookup(buf)) > 0;
}

static bool r_member(rd *r, core_household *h, core_member *m)
{
	static const char *const keys[] = {"name", "id_number", "relation",
	                                   "categories", "able_to_work",
	                                   "refuses_work", "incomes",
	                                   "disability", "illness", "self_care",
	                                   "excluded", NULL};
	unsigned seen = 0;
	bool more = false, amore, bad = false;
	int k, v, listed;
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
		case 6:
			if (r_null(r))
				break;
			if (!r_ch(r, '['))
				return false;
			amore = false;
			while (r_elem(r, &amore, &bad)) {
				if (m->n_incomes >= CORE_INCOMES_MAX ||
				    !r_income(r, h, m->id_number,
				              &m->incomes[m->n_incomes]))
					return false;
				m->n_incomes++;
			}
			if (bad)
				return false;
			break;
		case 7:
			if (!r_null(r) && !r_disability(r, m))
				return false;
			break;
		case 8:
			if (!r_str_or_null_into(r, m->illness, sizeof(m->illness)))
				return false;
			break;
		case 9:
			listed = 0;
			if (!r_listed(r, core_self_care_lookup, &listed))
				return false;
			m->self_care = (core_self_care)listed;
			break;
		default:
			listed = 0;
			if (!r_listed(r, core_exclusion_lookup, &listed))
				return false;
			m->excluded = (core_exclusion)listed;
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

static bool r_supporter(rd *r, core_household *h)
{
	static const char *const keys[] = {"name", "relation", "able", "reason",
	                                   NULL};
	unsigned seen = 0;
	bool more = false;
	core_supporter *s;
	int k;
	if (!r_ch(r, '{') || !(s = core_household_add_supporter(h, NULL)))
		return false;
	while ((k = r_key(r, keys, &seen, &more)) >= 0) {
		bool ok;
		switch (k) {
		case 0:
			ok = r_str_into(r, s->name, sizeof(s->name));
			break;
		case 1:
			ok = r_str_into(r, s->relation, sizeof(s->relation));
			break;
		case 2:
			ok = r_word(r, "true", 4) ? (s->able = true)
			     : r_word(r, "false", 5);
			break;
		default:
			ok = r_str_or_null_into(r, s->reason, sizeof(s->reason));
		}
		if (!ok)
			return false;
	}
	return k == R_END && (seen & 7u) == 7u;
}

static bool r_rigid(rd *r, core_household *h)
{
	static const char *const keys[] = {"member", "kind", "annual",
	                                   "evidence", NULL};
	unsigned seen = 0;
	bool more = false;
	core_rigid_expense *x;
	char buf[128];
	int k, v;
	if (!r_ch(r, '{') || !(x = core_household_add_rigid(h, NULL)))
		return false;
	while ((k = r_key(r, keys, &seen, &more)) >= 0) {
		switch (k) {
		case 0: /* as stored: normalised already */
			if (!r_str_into(r, buf, sizeof(buf)) ||
			    core_idnum_parse(buf, -1, x->id_number, "", NULL) ||
			    strcmp(buf, x->id_number))
				return false;
			break;
		case 1:
			if (!r_str_into(r, buf, sizeof(buf)) ||
			    (v = core_expense_lookup(buf)) < 0)
				return false;
			x->kind = (core_expense_kind)v;
			break;
		case 2:
			if (!r_money(r, &x->annual))
				return false;
			break;
		default:
			if (!r_str_or_null_into(r, x->evidence, sizeof(x->evidence)))
				return false;
		}
	}
	return k == R_END && (seen & 7u) == 7u;
}

/* supporters or rigid_expenses: null or a list */
static bool r_list(rd *r, core_household *h,
                   bool (*one)(rd *, core_household *))
{
	bool more = false, bad = false;
	if (r_null(r))
		return true;
	if (!r_ch(r, '['))
		return false;
	while (r_elem(r, &more, &bad))
		if (!one(r, h))
			return false;
	return !bad;
}

static bool r_household(rd *r, core_household *h)
{
	static const char *const keys[] = {"region", "township", "village",
	                                   "address", "payee", "members",
	                                   "assets", "receiving", "last_verified",
	                                   "supporters", "rigid_expenses", NULL};
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
				if (!m || !r_member(r, h, m))
					return false;
			}
			if (bad)
				return false;
			break;
		case 9:
			if (!r_list(r, h, r_supporter))
				return false;
			break;
		case 10:
			if (!r_list(r, h, r_rigid))
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
