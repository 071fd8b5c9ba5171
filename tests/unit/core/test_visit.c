/* test_visit.c — visits (core/visit): the composition-change identifiers,
 * applying what was found to a household (members and assets replaced,
 * deep copies), every validation rule with the field it names, and what
 * changed between two households. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/visit.h"
#include "tests/unit/core/hhbuild.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define TODAY hb_day(2026, 11, 27)
#define VISIT_DAY hb_day(2026, 11, 26)

/* The messages, as core/visit.c and core/household.c word them. */
static const char MISSING[] = "is missing";
static const char FUTURE[] = "%s is in the future";
static const char EMPTY[] = "cannot be empty";
static const char CONTROL[] = "contains a control character";
static const char NOT_UTF8[] = "is not valid UTF-8 text";
static const char SPACES[] = "has spaces at the start or end";
static const char TWO_STAFF[] = "a visit is made by two different staff";
static const char WHO_THERE[] = "say who of the household was there";
static const char NOT_MEMBER[] = "this person is not a member of the household";
static const char TWICE[] = "is listed twice";
static const char CONSENT_NEEDED[] =
	"the household's consent and signature are needed";
static const char SIGNER_THERE[] =
	"the person who signed must be a member who was there";
static const char SIGNER_16[] = "the person who signed must be at least 16";
static const char CONSENT_WHEN[] = "%s is not between the visit and today";
static const char JOINED_MSG[] =
	"joined: the person must be among the members found and not among those before";
static const char LEFT_MSG[] =
	"left or died: the person must be among the members before and not among those found";
static const char AFTER_VISIT[] = "is after the visit";

/* ---- the household and a visit to it ------------------------------------ */

/* before: a head (76), a worker (51) with wages, a child who turns 16 on
 * TODAY (so is 15 on VISIT_DAY). Two people who are not members: NEW
 * (joins in some tests) and STRANGER. */
static char ID_HEAD[CORE_IDNUM_BUF], ID_WORKER[CORE_IDNUM_BUF],
	ID_CHILD[CORE_IDNUM_BUF], ID_NEW[CORE_IDNUM_BUF],
	ID_STRANGER[CORE_IDNUM_BUF];

typedef struct {
	core_household before, after;
	core_visit v;
} fx;

static void make_before(core_household *h)
{
	core_member *m;
	hb_init(h, "440106");
	m = hb_member(h, "王秀英", 1950, 3, 1, 1u << CORE_CAT_ELDERLY);
	hb_income(m, CORE_INCOME_PENSION, 120000, 0);
	m = hb_member(h, "李建国", 1975, 6, 15, 0);
	m->able_to_work = true;
	hb_income(m, CORE_INCOME_WAGES, 200000, 0);
	hb_member(h, "张小明", 2010, 11, 27, 1u << CORE_CAT_MINOR);
	h->financial = 500000;
	h->homes = 1;
	hb_vehicle(h, "电动三轮车 tricycle", true);
	memcpy(ID_HEAD, h->members[0].id_number, CORE_IDNUM_BUF);
	memcpy(ID_WORKER, h->members[1].id_number, CORE_IDNUM_BUF);
	memcpy(ID_CHILD, h->members[2].id_number, CORE_IDNUM_BUF);
}

/* A member who is not in before, as a new member would be written. */
static core_member newcomer(void)
{
	core_household other;
	core_member m;
	hb_init(&other, "440106");
	hb_member(&other, "刘芳", 1988, 2, 2, 0);
	hb_member(&other, "陈静", 1960, 1, 1, 0);
	m = other.members[0];
	m.relation = CORE_REL_SPOUSE;
	memcpy(ID_NEW, other.members[0].id_number, CORE_IDNUM_BUF);
	memcpy(ID_STRANGER, other.members[1].id_number, CORE_IDNUM_BUF);
	core_household_free(&other);
	return m;
}

static void set_str(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

/* A valid visit that changes nothing: after is before. */
static void fx_init(fx *f)
{
	ds_error err;
	make_before(&f->before);
	(void)newcomer();
	core_visit_init(&f->v);
	f->v.date = VISIT_DAY;
	set_str(f->v.staff[0], CORE_STAFF_MAX, "wang");
	set_str(f->v.staff[1], CORE_STAFF_MAX, "陈芳");
	f->v.n_present = 1;
	memcpy(f->v.present[0], ID_HEAD, CORE_IDNUM_BUF);
	memcpy(f->v.consent_by, ID_HEAD, CORE_IDNUM_BUF);
	f->v.consent_at = VISIT_DAY;
	set_str(f->v.observations, sizeof(f->v.observations),
	        "家中整洁 tidy; 冰箱 fridge");
	set_str(f->v.housing, sizeof(f->v.housing), "两室一厅 rented");
	assert_int_equal(core_visit_apply(&f->v, &f->before, &f->after, &err),
	                 DS_OK);
}

static void fx_free(fx *f)
{
	core_household_free(&f->before);
	core_household_free(&f->after);
	core_visit_free(&f->v);
}

/* The visit finds the worker gone and NEW joined (as changes would say). */
static void fx_found_changes(fx *f)
{
	ds_error err;
	core_member m = newcomer();
	core_household_free(&f->v.found);
	assert_int_equal(core_household_copy(&f->v.found, &f->before), DS_OK);
	core_household_remove_member(&f->v.found, 1);
	*core_household_add_member(&f->v.found, NULL) = m;
	f->v.has_members = true;
	core_household_free(&f->after);
	assert_int_equal(core_visit_apply(&f->v, &f->before, &f->after, &err),
	                 DS_OK);
	hb_valid(&f->after, TODAY);
	f->v.n_changes = 2;
	f->v.changes[0].kind = CORE_CHANGE_LEFT;
	memcpy(f->v.changes[0].id_number, ID_WORKER, CORE_IDNUM_BUF);
	f->v.changes[0].date = hb_day(2026, 9, 1);
	f->v.changes[1].kind = CORE_CHANGE_JOINED;
	memcpy(f->v.changes[1].id_number, ID_NEW, CORE_IDNUM_BUF);
	f->v.changes[1].date = -1;
}

static void assert_valid(fx *f, core_date today)
{
	ds_error err;
	ds_status st = core_visit_validate(&f->v, &f->before, &f->after, today,
	                                   &err);
	if (st != DS_OK)
		fail_msg("valid visit refused: %s: %s", err.where, err.fmt);
}

/* ---- identifiers ----------------------------------------------------------- */

static void test_change_ids(void **state)
{
	static const struct {
		core_change_kind k;
		const char *id;
	} table[] = {
		{CORE_CHANGE_JOINED, "joined"},
		{CORE_CHANGE_LEFT, "left"},
		{CORE_CHANGE_DIED, "died"},
	};
	static const char *const unknown[] = {
		"", "?", "Joined", "DIED", "join", "leave", "dead", "died ",
		" left", "moved", "joined,left",
	};
	(void)state;
	assert_int_equal(core_change_lookup(NULL), -1);
	assert_string_equal(core_change_id((core_change_kind)3), "?");
	assert_string_equal(core_change_id((core_change_kind)-1), "?");
	assert_string_equal(core_change_id((core_change_kind)1000), "?");
	for (size_t i = 0; i < N(unknown); i++)
		if (core_change_lookup(unknown[i]) != -1)
			fail_msg("\"%s\" looked up as a change", unknown[i]);
	for (size_t i = 0; i < N(table); i++) {
		assert_string_equal(core_change_id(table[i].k), table[i].id);
		assert_int_equal(core_change_lookup(table[i].id), (int)table[i].k);
	}
}

static void test_visit_init_free(void **state)
{
	core_visit v;
	(void)state;
	core_visit_free(NULL); /* accepted */
	memset(&v, 0x5a, sizeof(v));
	core_visit_init(&v);
	assert_int_equal(v.date, -1);
	assert_int_equal(v.consent_at, -1);
	assert_int_equal(v.n_present, 0);
	assert_int_equal(v.n_changes, 0);
	assert_false(v.has_members);
	assert_false(v.has_assets);
	assert_int_equal(v.found.n_members, 0);
	assert_null(v.found.members);
	assert_null(v.found.vehicles);
	assert_string_equal(v.staff[0], "");
	assert_string_equal(v.observations, "");
	hb_member(&v.found, "王秀英", 1950, 3, 1, 0);
	core_visit_free(&v);
	assert_null(v.found.members);
	core_visit_free(&v); /* twice: nothing left to free */
}

/* ---- applying what was found ---------------------------------------------- */

static void assert_same_members(const core_household *a,
                                const core_household *b)
{
	assert_int_equal(a->n_members, b->n_members);
	for (size_t i = 0; i < a->n_members; i++)
		assert_memory_equal(&a->members[i], &b->members[i],
		                    sizeof(a->members[i]));
}

static void assert_same_assets(const core_household *a,
                               const core_household *b)
{
	assert_int_equal(a->financial, b->financial);
	assert_int_equal(a->homes, b->homes);
	assert_int_equal(a->n_vehicles, b->n_vehicles);
	for (size_t i = 0; i < a->n_vehicles; i++) {
		assert_string_equal(a->vehicles[i].description,
		                    b->vehicles[i].description);
		assert_int_equal(a->vehicles[i].exempt, b->vehicles[i].exempt);
	}
}

/* What the visit never touches: region, address, the allowance. */
static void assert_same_rest(const core_household *a, const core_household *b)
{
	assert_string_equal(a->region, b->region);
	assert_string_equal(a->address, b->address);
	assert_int_equal(a->receiving, b->receiving);
	assert_int_equal(a->allowance, b->allowance);
	assert_int_equal(a->since, b->since);
}

static void test_apply_edges(void **state)
{
	fx f;
	core_household out, before_copy;
	ds_error err;
	(void)state;
	fx_init(&f);
	f.before.receiving = true;
	f.before.allowance = 45000;
	f.before.since = core_month_make(2025, 4);
	assert_int_equal(core_household_copy(&before_copy, &f.before), DS_OK);

	/* Neither members nor assets: the household as it was, but its own
	 * arrays (even when found holds something). */
	hb_member(&f.v.found, "不用 unused", 1990, 1, 1, 0);
	f.v.found.financial = 1;
	assert_int_equal(core_visit_apply(&f.v, &f.before, &out, &err), DS_OK);
	assert_same_members(&out, &f.before);
	assert_same_assets(&out, &f.before);
	assert_same_rest(&out, &f.before);
	assert_ptr_not_equal(out.members, f.before.members);
	assert_ptr_not_equal(out.vehicles, f.before.vehicles);
	out.members[0].incomes[0].monthly = 1;
	snprintf(out.vehicles[0].description, CORE_TEXT_MAX, "changed");
	assert_same_members(&f.before, &before_copy);
	assert_same_assets(&f.before, &before_copy);
	core_household_free(&out);

	/* Members and assets given, both empty: nobody and nothing left
	 * (validation, not apply, says a household needs a member). */
	core_household_free(&f.v.found);
	core_household_init(&f.v.found);
	f.v.has_members = f.v.has_assets = true;
	assert_int_equal(core_visit_apply(&f.v, &f.before, &out, &err), DS_OK);
	assert_int_equal(out.n_members, 0);
	assert_null(out.members);
	assert_int_equal(out.n_vehicles, 0);
	assert_null(out.vehicles);
	assert_int_equal(out.financial, 0);
	assert_int_equal(out.homes, 0);
	assert_same_rest(&out, &f.before);
	assert_same_members(&f.before, &before_copy);
	core_household_free(&out);

	/* A household with no members or vehicles before, and nothing found. */
	{
		core_household empty;
		core_visit v;
		core_household_init(&empty);
		core_visit_init(&v);
		assert_int_equal(core_visit_apply(&v, &empty, &out, &err), DS_OK);
		assert_int_equal(out.n_members, 0);
		assert_int_equal(out.n_vehicles, 0);
		core_household_free(&out);
		v.has_members = v.has_assets = true;
		hb_member(&v.found, "王秀英", 1950, 3, 1, 0);
		hb_vehicle(&v.found, "car", false);
		assert_int_equal(core_visit_apply(&v, &empty, &out, &err), DS_OK);
		assert_int_equal(out.n_members, 1);
		assert_int_equal(out.n_vehicles, 1);
		assert_ptr_not_equal(out.members, v.found.members);
		assert_ptr_not_equal(out.vehicles, v.found.vehicles);
		core_household_free(&out);
		core_visit_free(&v);
	}
	core_household_free(&before_copy);
	fx_free(&f);
}

/* The supporters as found (the facts at the door, issue 19): given, they
 * replace the household's, an empty list clearing it; not given, the
 * household keeps its own, in its own memory. */
static void test_apply_supporters(void **state)
{
	static const struct {
		const char *name;
		bool given;
		size_t n_before, n_found, want;
	} table[] = {
		{"not given, none before", false, 0, 1, 0},
		{"not given, kept", false, 2, 1, 2},
		{"given, replaces", true, 2, 1, 1},
		{"given empty, clears", true, 2, 0, 0},
		{"given, none before", true, 0, 2, 2},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		fx f;
		core_household out;
		ds_error err;
		fx_init(&f);
		for (size_t k = 0; k < table[i].n_before; k++) {
			core_supporter *s = core_household_add_supporter(&f.before, NULL);
			assert_non_null(s);
			snprintf(s->name, sizeof(s->name), "before %zu", k);
			snprintf(s->relation, sizeof(s->relation), "son");
			s->able = true;
		}
		for (size_t k = 0; k < table[i].n_found; k++) {
			core_supporter *s = core_household_add_supporter(&f.v.found, NULL);
			assert_non_null(s);
			snprintf(s->name, sizeof(s->name), "found %zu", k);
			snprintf(s->relation, sizeof(s->relation), "daughter");
			snprintf(s->reason, sizeof(s->reason), "disabled");
		}
		f.v.has_supporters = table[i].given;
		assert_int_equal(core_visit_apply(&f.v, &f.before, &out, &err), DS_OK);
		assert_int_equal(out.n_supporters, table[i].want);
		if (!table[i].want)
			assert_null(out.supporters);
		for (size_t k = 0; k < out.n_supporters; k++) {
			const core_supporter *from = table[i].given
			                                     ? &f.v.found.supporters[k]
			                                     : &f.before.supporters[k];
			assert_ptr_not_equal(&out.supporters[k], from);
			assert_memory_equal(&out.supporters[k], from, sizeof(*from));
		}
		assert_same_members(&out, &f.before);
		assert_same_rest(&out, &f.before);
		core_household_free(&out);
		fx_free(&f);
	}
}

/* The rigid spending as found: given, it replaces the household's (the
 * form sends the whole list, each member's by ID number); not given, the
 * household's stays, but a member who is no longer found takes theirs. */
static void test_apply_rigid(void **state)
{
	static const struct {
		const char *name;
		bool given, members;
		size_t n_found, want;
	} table[] = {
		{"not given, kept", false, false, 1, 2},
		{"given, replaces", true, false, 1, 1},
		{"given empty, clears", true, false, 0, 0},
		{"members found without the second, not given", false, true, 0, 1},
		{"members found, given", true, true, 1, 1},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		fx f;
		core_household out;
		ds_error err;
		fx_init(&f);
		for (size_t k = 0; k < 2; k++) {
			core_rigid_expense *r = core_household_add_rigid(&f.before, NULL);
			assert_non_null(r);
			snprintf(r->id_number, sizeof(r->id_number), "%s",
			         f.before.members[k].id_number);
			r->kind = CORE_EXPENSE_MEDICAL;
			r->annual = 100000 * (core_fen)(k + 1);
		}
		if (table[i].members) {
			core_household_free(&f.v.found);
			assert_int_equal(core_household_copy(&f.v.found, &f.before), DS_OK);
			core_household_remove_member(&f.v.found, 1);
			f.v.has_members = true;
		}
		f.v.found.n_rigid = 0; /* only what the table gives */
		for (size_t k = 0; k < table[i].n_found; k++) {
			core_rigid_expense *r = core_household_add_rigid(&f.v.found, NULL);
			assert_non_null(r);
			snprintf(r->id_number, sizeof(r->id_number), "%s",
			         f.before.members[0].id_number);
			r->kind = CORE_EXPENSE_EDUCATION;
			r->annual = 4200;
			snprintf(r->evidence, sizeof(r->evidence), "学费收据");
		}
		f.v.has_rigid = table[i].given;
		assert_int_equal(core_visit_apply(&f.v, &f.before, &out, &err), DS_OK);
		assert_int_equal(out.n_rigid, table[i].want);
		if (table[i].given && out.n_rigid) {
			assert_ptr_not_equal(out.rigid, f.v.found.rigid);
			assert_int_equal(out.rigid[0].kind, CORE_EXPENSE_EDUCATION);
			assert_string_equal(out.rigid[0].evidence, "学费收据");
		}
		if (!table[i].given && out.n_rigid)
			assert_int_equal(out.rigid[0].annual, 100000);
		assert_same_rest(&out, &f.before);
		core_household_free(&out);
		fx_free(&f);
	}
}

static void test_apply(void **state)
{
	static const struct {
		bool members, assets;
	} table[] = {
		{false, false},
		{true, false},
		{false, true},
		{true, true},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		fx f;
		core_household out, found_copy;
		ds_error err;
		fx_init(&f);
		/* found: a different household (two members, other assets) */
		hb_init(&f.v.found, "440106");
		hb_income(hb_member(&f.v.found, "王秀英", 1950, 3, 1, 0),
		          CORE_INCOME_FAMILY_SUPPORT, 30000, 0);
		hb_member(&f.v.found, "刘芳", 1988, 2, 2, 0);
		f.v.found.financial = 1234567;
		f.v.found.homes = 2;
		hb_vehicle(&f.v.found, "小汽车 car", false);
		hb_vehicle(&f.v.found, "摩托车 motorbike", true);
		f.v.has_members = table[i].members;
		f.v.has_assets = table[i].assets;
		assert_int_equal(core_household_copy(&found_copy, &f.v.found),
		                 DS_OK);
		assert_int_equal(core_visit_apply(&f.v, &f.before, &out, &err),
		                 DS_OK);
		assert_same_members(&out, table[i].members ? &f.v.found
		                                            : &f.before);
		assert_same_assets(&out, table[i].assets ? &f.v.found
		                                         : &f.before);
		assert_same_rest(&out, &f.before);
		/* deep: changing out changes neither the visit nor before */
		assert_ptr_not_equal(out.members, f.v.found.members);
		assert_ptr_not_equal(out.members, f.before.members);
		assert_ptr_not_equal(out.vehicles, f.v.found.vehicles);
		assert_ptr_not_equal(out.vehicles, f.before.vehicles);
		out.members[0].name[0] = 'X';
		out.vehicles[0].description[0] = 'X';
		out.financial = 7;
		assert_same_members(&f.v.found, &found_copy);
		assert_same_assets(&f.v.found, &found_copy);
		assert_string_equal(f.before.members[0].name, "王秀英");
		assert_string_equal(f.before.vehicles[0].description,
		                    "电动三轮车 tricycle");
		assert_int_equal(f.before.financial, 500000);
		/* out owns its arrays: it grows like any household */
		assert_non_null(core_household_add_member(&out, NULL));
		assert_non_null(core_household_add_vehicle(&out, NULL));
		core_household_free(&out);
		core_household_free(&found_copy);
		fx_free(&f);
	}
}

/* ---- validation ------------------------------------------------------------ */

static void test_validate_accepts(void **state)
{
	fx f;
	(void)state;

	fx_init(&f);
	assert_valid(&f, TODAY);
	assert_valid(&f, -1); /* today unknown: no future checks */
	fx_free(&f);

	/* on today itself, signed today */
	fx_init(&f);
	f.v.date = f.v.consent_at = TODAY;
	assert_valid(&f, TODAY);
	/* a signer who is 16 that day (the child, born 2010-11-27) */
	f.v.n_present = 2;
	memcpy(f.v.present[1], ID_CHILD, CORE_IDNUM_BUF);
	memcpy(f.v.consent_by, ID_CHILD, CORE_IDNUM_BUF);
	assert_valid(&f, TODAY);
	fx_free(&f);

	/* signed later than the visit, up to today */
	fx_init(&f);
	f.v.consent_at = TODAY;
	assert_valid(&f, TODAY);
	fx_free(&f);

	/* future dates pass when today is not known */
	fx_init(&f);
	f.v.date = f.v.consent_at = TODAY + 30;
	assert_valid(&f, -1);
	fx_free(&f);

	/* staff names at their longest, texts at theirs, empty texts */
	fx_init(&f);
	memset(f.v.staff[0], 'a', CORE_STAFF_MAX - 1);
	f.v.staff[0][CORE_STAFF_MAX - 1] = '\0';
	memset(f.v.observations, 'o', CORE_VISIT_TEXT_MAX - 1);
	f.v.observations[CORE_VISIT_TEXT_MAX - 1] = '\0';
	memset(f.v.bank_seen, 'b', CORE_TEXT_MAX - 1);
	f.v.bank_seen[CORE_TEXT_MAX - 1] = '\0';
	f.v.housing[0] = '\0';
	assert_valid(&f, TODAY);
	fx_free(&f);

	/* everyone there, in any order; the member who left and the one who
	 * joined count as members (before or after) */
	fx_init(&f);
	fx_found_changes(&f);
	f.v.n_present = 4;
	memcpy(f.v.present[0], ID_NEW, CORE_IDNUM_BUF);
	memcpy(f.v.present[1], ID_CHILD, CORE_IDNUM_BUF);
	memcpy(f.v.present[2], ID_WORKER, CORE_IDNUM_BUF);
	memcpy(f.v.present[3], ID_HEAD, CORE_IDNUM_BUF);
	assert_valid(&f, TODAY);
	/* the one who joined signs; so may the one who left */
	memcpy(f.v.consent_by, ID_NEW, CORE_IDNUM_BUF);
	assert_valid(&f, TODAY);
	memcpy(f.v.consent_by, ID_WORKER, CORE_IDNUM_BUF);
	assert_valid(&f, TODAY);
	/* a change on the visit's day, died instead of left */
	f.v.changes[0].date = VISIT_DAY;
	f.v.changes[0].kind = CORE_CHANGE_DIED;
	memcpy(f.v.consent_by, ID_HEAD, CORE_IDNUM_BUF);
	assert_valid(&f, TODAY);
	/* changes are not required to list every difference */
	f.v.n_changes = 0;
	assert_valid(&f, TODAY);
	fx_free(&f);
}

static void m_date_missing(fx *f) { f->v.date = -1; }
static void m_date_future(fx *f) { f->v.date = TODAY + 1; f->v.consent_at = TODAY + 1; }
static void m_staff0_empty(fx *f) { f->v.staff[0][0] = '\0'; }
static void m_staff1_empty(fx *f) { f->v.staff[1][0] = '\0'; }
static void m_staff0_control(fx *f) { set_str(f->v.staff[0], CORE_STAFF_MAX, "wa\nng"); }
static void m_staff1_tab(fx *f) { set_str(f->v.staff[1], CORE_STAFF_MAX, "陈\t芳"); }
static void m_staff0_utf8(fx *f) { set_str(f->v.staff[0], CORE_STAFF_MAX, "wang\xff"); }
static void m_staff1_space(fx *f) { set_str(f->v.staff[1], CORE_STAFF_MAX, " li"); }
static void m_staff_same(fx *f) { set_str(f->v.staff[1], CORE_STAFF_MAX, "wang"); }
static void m_staff_same_cn(fx *f)
{
	set_str(f->v.staff[0], CORE_STAFF_MAX, "陈芳");
}
static void m_nobody(fx *f) { f->v.n_present = 0; }
static void m_present0_stranger(fx *f)
{
	memcpy(f->v.present[0], ID_STRANGER, CORE_IDNUM_BUF);
}
static void m_present1_stranger(fx *f)
{
	f->v.n_present = 3;
	memcpy(f->v.present[1], ID_STRANGER, CORE_IDNUM_BUF);
	memcpy(f->v.present[2], ID_WORKER, CORE_IDNUM_BUF);
}
/* NEW is no member before, nor after when the visit changes nothing */
static void m_present_new_unchanged(fx *f)
{
	f->v.n_present = 2;
	memcpy(f->v.present[1], ID_NEW, CORE_IDNUM_BUF);
}
static void m_present_twice(fx *f)
{
	f->v.n_present = 2;
	memcpy(f->v.present[1], ID_HEAD, CORE_IDNUM_BUF);
}
static void m_present_twice_later(fx *f)
{
	f->v.n_present = 3;
	memcpy(f->v.present[1], ID_WORKER, CORE_IDNUM_BUF);
	memcpy(f->v.present[2], ID_WORKER, CORE_IDNUM_BUF);
}
static void m_signer_missing(fx *f) { f->v.consent_by[0] = '\0'; }
static void m_signer_absent(fx *f)
{
	memcpy(f->v.consent_by, ID_WORKER, CORE_IDNUM_BUF);
}
static void m_signer_stranger(fx *f)
{
	memcpy(f->v.consent_by, ID_STRANGER, CORE_IDNUM_BUF);
}
static void m_signer_15(fx *f)
{
	f->v.n_present = 2;
	memcpy(f->v.present[1], ID_CHILD, CORE_IDNUM_BUF);
	memcpy(f->v.consent_by, ID_CHILD, CORE_IDNUM_BUF);
}
static void m_consent_missing(fx *f) { f->v.consent_at = -1; }
static void m_consent_early(fx *f) { f->v.consent_at = VISIT_DAY - 1; }
static void m_consent_late(fx *f) { f->v.consent_at = TODAY + 1; }
static void m_obs_control(fx *f)
{
	/* lines are fine in observations; other control characters are not */
	set_str(f->v.observations, CORE_VISIT_TEXT_MAX, "第一行\n第二行\a");
}
static void m_obs_utf8(fx *f)
{
	set_str(f->v.observations, CORE_VISIT_TEXT_MAX, "\xe4\xb8");
}
static void m_housing_control(fx *f)
{
	set_str(f->v.housing, CORE_TEXT_MAX, "rent\x7f");
}
static void m_assets_control(fx *f)
{
	set_str(f->v.assets_sighted, CORE_TEXT_MAX, "tv\x1b[31m");
}
static void m_utilities_control(fx *f)
{
	set_str(f->v.utilities_seen, CORE_TEXT_MAX, "电表\r");
}
static void m_bank_control(fx *f)
{
	set_str(f->v.bank_seen, CORE_TEXT_MAX, "\xc2\x85 NEL"); /* U+0085 */
}
/* Composition changes against fx_found_changes (worker left, NEW joined). */
static void m_joined_was_there(fx *f)
{
	fx_found_changes(f);
	memcpy(f->v.changes[1].id_number, ID_HEAD, CORE_IDNUM_BUF);
}
static void m_joined_not_found(fx *f)
{
	fx_found_changes(f);
	memcpy(f->v.changes[1].id_number, ID_STRANGER, CORE_IDNUM_BUF);
}
static void m_joined_but_left(fx *f)
{
	fx_found_changes(f);
	f->v.changes[0].kind = CORE_CHANGE_JOINED;
}
static void m_left_still_there(fx *f)
{
	fx_found_changes(f);
	memcpy(f->v.changes[0].id_number, ID_HEAD, CORE_IDNUM_BUF);
}
static void m_left_never_member(fx *f)
{
	fx_found_changes(f);
	memcpy(f->v.changes[0].id_number, ID_STRANGER, CORE_IDNUM_BUF);
}
static void m_left_but_joined(fx *f)
{
	fx_found_changes(f);
	f->v.changes[1].kind = CORE_CHANGE_LEFT;
}
static void m_died_still_there(fx *f)
{
	fx_found_changes(f);
	f->v.changes[0].kind = CORE_CHANGE_DIED;
	memcpy(f->v.changes[0].id_number, ID_CHILD, CORE_IDNUM_BUF);
}
static void m_died_but_joined(fx *f)
{
	fx_found_changes(f);
	f->v.changes[1].kind = CORE_CHANGE_DIED;
}
/* A change with nothing found: nobody can have joined or left. */
static void m_change_unchanged(fx *f)
{
	f->v.n_changes = 1;
	f->v.changes[0].kind = CORE_CHANGE_DIED;
	memcpy(f->v.changes[0].id_number, ID_HEAD, CORE_IDNUM_BUF);
	f->v.changes[0].date = -1;
}
static void m_change0_after(fx *f)
{
	fx_found_changes(f);
	f->v.changes[0].date = VISIT_DAY + 1;
}
static void m_change1_after(fx *f)
{
	fx_found_changes(f);
	f->v.changes[1].date = TODAY + 100;
}

static void test_validate_refuses(void **state)
{
	static const struct {
		const char *name;
		void (*mutate)(fx *f);
		const char *where;
		const char *fmt;
		const char *arg; /* the first argument, or NULL */
	} table[] = {
		{"date missing", m_date_missing, "date", MISSING, NULL},
		{"date in the future", m_date_future, "date", FUTURE, "2026-11-28"},
		{"first staff empty", m_staff0_empty, "staff[0]", EMPTY, NULL},
		{"second staff empty", m_staff1_empty, "staff[1]", EMPTY, NULL},
		{"staff with a newline", m_staff0_control, "staff[0]", CONTROL, NULL},
		{"staff with a tab", m_staff1_tab, "staff[1]", CONTROL, NULL},
		{"staff not UTF-8", m_staff0_utf8, "staff[0]", NOT_UTF8, NULL},
		{"staff with a space first", m_staff1_space, "staff[1]", SPACES, NULL},
		{"the same staff twice", m_staff_same, "staff[1]", TWO_STAFF, NULL},
		{"the same staff twice (Chinese)", m_staff_same_cn, "staff[1]", TWO_STAFF, NULL},
		{"nobody present", m_nobody, "present", WHO_THERE, NULL},
		{"present[0] not a member", m_present0_stranger, "present[0]", NOT_MEMBER, NULL},
		{"present[1] not a member", m_present1_stranger, "present[1]", NOT_MEMBER, NULL},
		{"present: joined but not found", m_present_new_unchanged, "present[1]", NOT_MEMBER, NULL},
		{"present twice", m_present_twice, "present[1]", TWICE, NULL},
		{"present twice, later", m_present_twice_later, "present[2]", TWICE, NULL},
		{"no signer", m_signer_missing, "consent.signed_by", CONSENT_NEEDED, NULL},
		{"signer not there", m_signer_absent, "consent.signed_by", SIGNER_THERE, NULL},
		{"signer not a member", m_signer_stranger, "consent.signed_by", SIGNER_THERE, NULL},
		{"signer 15", m_signer_15, "consent.signed_by", SIGNER_16, NULL},
		{"consent date missing", m_consent_missing, "consent.at", MISSING, NULL},
		{"consent before the visit", m_consent_early, "consent.at", CONSENT_WHEN, "2026-11-25"},
		{"consent after today", m_consent_late, "consent.at", CONSENT_WHEN, "2026-11-28"},
		{"observations, a bell", m_obs_control, "observations", CONTROL, NULL},
		{"observations, cut UTF-8", m_obs_utf8, "observations", NOT_UTF8, NULL},
		{"housing, DEL", m_housing_control, "housing", CONTROL, NULL},
		{"assets sighted, escape", m_assets_control, "assets_sighted", CONTROL, NULL},
		{"utilities, CR", m_utilities_control, "utilities_seen", CONTROL, NULL},
		{"bank statements, C1", m_bank_control, "bank_statements_seen", CONTROL, NULL},
		{"joined, was a member", m_joined_was_there, "changes[1].id_number", JOINED_MSG, NULL},
		{"joined, not found", m_joined_not_found, "changes[1].id_number", JOINED_MSG, NULL},
		{"joined, but left", m_joined_but_left, "changes[0].id_number", JOINED_MSG, NULL},
		{"left, still there", m_left_still_there, "changes[0].id_number", LEFT_MSG, NULL},
		{"left, never a member", m_left_never_member, "changes[0].id_number", LEFT_MSG, NULL},
		{"left, but joined", m_left_but_joined, "changes[1].id_number", LEFT_MSG, NULL},
		{"died, still there", m_died_still_there, "changes[0].id_number", LEFT_MSG, NULL},
		{"died, but joined", m_died_but_joined, "changes[1].id_number", LEFT_MSG, NULL},
		{"died, nothing found", m_change_unchanged, "changes[0].id_number", LEFT_MSG, NULL},
		{"change after the visit", m_change0_after, "changes[0].date", AFTER_VISIT, NULL},
		{"second change after the visit", m_change1_after, "changes[1].date", AFTER_VISIT, NULL},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		fx f;
		ds_error err;
		ds_status st;
		fx_init(&f);
		table[i].mutate(&f);
		memset(&err, 0, sizeof(err));
		st = core_visit_validate(&f.v, &f.before, &f.after, TODAY, &err);
		if (st != DS_EINPUT || strcmp(err.where, table[i].where) != 0 ||
		    !err.fmt || strcmp(err.fmt, table[i].fmt) != 0)
			fail_msg("%s: got %d %s: %s; wanted %s: %s", table[i].name,
			         (int)st, err.where, err.fmt ? err.fmt : "(none)",
			         table[i].where, table[i].fmt);
		if (table[i].arg && strcmp(err.arg[0], table[i].arg) != 0)
			fail_msg("%s: argument %s, wanted %s", table[i].name,
			         err.arg[0], table[i].arg);
		/* err may be NULL: the same status */
		assert_int_equal(core_visit_validate(&f.v, &f.before, &f.after,
		                                     TODAY, NULL),
		                 DS_EINPUT);
		fx_free(&f);
	}
}

/* A rule earlier in the list wins when a visit breaks two. */
static void test_validate_order(void **state)
{
	fx f;
	ds_error err;
	(void)state;
	fx_init(&f);
	m_staff_same(&f);
	m_nobody(&f);
	m_consent_missing(&f);
	assert_int_equal(core_visit_validate(&f.v, &f.before, &f.after, TODAY,
	                                     &err),
	                 DS_EINPUT);
	assert_string_equal(err.where, "staff[1]");
	m_date_missing(&f);
	assert_int_equal(core_visit_validate(&f.v, &f.before, &f.after, TODAY,
	                                     &err),
	                 DS_EINPUT);
	assert_string_equal(err.where, "date");
	fx_free(&f);
}

/* ---- what changed ----------------------------------------------------------- */

static core_member *member_by(core_household *h, const char *id)
{
	for (size_t i = 0; i < h->n_members; i++)
		if (!strcmp(h->members[i].id_number, id))
			return &h->members[i];
	fail_msg("no member %s", id);
	return NULL;
}

static void test_diff_nothing(void **state)
{
	fx f;
	core_household after;
	core_diff out[4];
	(void)state;
	fx_init(&f);
	assert_int_equal(core_household_diff(&f.before, &f.after, &f.v, out,
	                                     N(out)),
	                 0);
	assert_int_equal(core_household_diff(&f.before, &f.before, NULL, NULL, 0),
	                 0);
	/* what a visit does not count as a change: order, names, other
	 * fields, a vehicle described differently, the allowance */
	assert_int_equal(core_household_copy(&after, &f.before), DS_OK);
	{
		core_member tmp = after.members[0];
		after.members[0] = after.members[2];
		after.members[2] = tmp;
	}
	snprintf(after.members[1].name, CORE_NAME_MAX, "李建國");
	after.members[1].categories = 1u << CORE_CAT_SEVERE_ILLNESS;
	after.members[1].incomes[0].irregular = true;
	after.members[1].incomes[0].since = core_month_make(2025, 1);
	snprintf(after.vehicles[0].description, CORE_TEXT_MAX, "other");
	after.vehicles[0].exempt = false;
	after.receiving = true;
	after.allowance = 1;
	snprintf(after.address, CORE_ADDRESS_MAX, "elsewhere");
	assert_int_equal(core_household_diff(&f.before, &after, NULL, out,
	                                     N(out)),
	                 0);
	/* two empty households */
	{
		core_household e1, e2;
		core_household_init(&e1);
		core_household_init(&e2);
		assert_int_equal(core_household_diff(&e1, &e2, NULL, out, N(out)), 0);
	}
	core_household_free(&after);
	fx_free(&f);
}

static void test_diff_members(void **state)
{
	static const struct {
		const char *name;
		bool with_change;
		core_change_kind kind;   /* when with_change */
		bool change_other;       /* the change names someone else */
		core_diff_kind want;
	} table[] = {
		{"no change recorded", false, CORE_CHANGE_LEFT, false, CORE_DIFF_LEFT},
		{"left", true, CORE_CHANGE_LEFT, false, CORE_DIFF_LEFT},
		{"died", true, CORE_CHANGE_DIED, false, CORE_DIFF_DIED},
		{"someone else died", true, CORE_CHANGE_DIED, true, CORE_DIFF_LEFT},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		fx f;
		core_diff out[8];
		size_t n;
		fx_init(&f);
		fx_found_changes(&f); /* the worker goes, NEW comes */
		f.v.n_changes = 0;
		if (table[i].with_change) {
			f.v.n_changes = 1;
			f.v.changes[0].kind = table[i].kind;
			memcpy(f.v.changes[0].id_number,
			       table[i].change_other ? ID_CHILD : ID_WORKER,
			       CORE_IDNUM_BUF);
		}
		/* NEW comes with an income and able to work: still only "joined" */
		member_by(&f.after, ID_NEW)->able_to_work = true;
		hb_income(member_by(&f.after, ID_NEW), CORE_INCOME_WAGES, 300000, 0);
		n = core_household_diff(&f.before, &f.after, &f.v, out, N(out));
		if (n != 2)
			fail_msg("%s: %zu differences", table[i].name, n);
		/* members found first, then those gone */
		assert_int_equal(out[0].kind, CORE_DIFF_JOINED);
		assert_string_equal(out[0].id_number, ID_NEW);
		assert_string_equal(out[0].name, "刘芳");
		assert_int_equal(out[0].before, 0);
		assert_int_equal(out[0].after, 0);
		if (out[1].kind != table[i].want)
			fail_msg("%s: kind %d", table[i].name, (int)out[1].kind);
		assert_string_equal(out[1].id_number, ID_WORKER);
		assert_string_equal(out[1].name, "李建国");
		/* without a visit, gone is "left" */
		n = core_household_diff(&f.before, &f.after, NULL, out, N(out));
		assert_int_equal(n, 2);
		assert_int_equal(out[1].kind, CORE_DIFF_LEFT);
		fx_free(&f);
	}
}

/* The facts at the door as "what changed": each fact of a member found
 * again, one line, both ways; the supporters once for the household. */
static void test_diff_facts(void **state)
{
	enum { DIS, ILL, CARE, EXCL, RIGID, SUP };
	static const struct {
		const char *name;
		int what;
		core_diff_kind kind;
	} table[] = {
		{"a disability given", DIS, CORE_DIFF_DISABILITY},
		{"an illness given", ILL, CORE_DIFF_ILLNESS},
		{"self-care given", CARE, CORE_DIFF_SELF_CARE},
		{"left out of the count", EXCL, CORE_DIFF_EXCLUDED},
		{"rigid spending", RIGID, CORE_DIFF_RIGID},
		{"a supporter", SUP, CORE_DIFF_SUPPORTERS},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		fx f;
		core_household after;
		core_member *w;
		core_diff out[4];
		size_t n;
		fx_init(&f);
		assert_int_equal(core_household_copy(&after, &f.before), DS_OK);
		w = member_by(&after, ID_WORKER);
		switch (table[i].what) {
		case DIS:
			w->disability_grade = 2;
			w->disability_type = CORE_DISABILITY_HEARING;
			break;
		case ILL:
			set_str(w->illness, sizeof(w->illness), "uremia");
			break;
		case CARE:
			w->self_care = CORE_SELF_CARE_PARTIAL;
			break;
		case EXCL:
			w->excluded = CORE_EXCLUSION_PRISON;
			break;
		case RIGID: {
			core_rigid_expense *r = core_household_add_rigid(&after, NULL);
			memcpy(r->id_number, ID_WORKER, CORE_IDNUM_BUF);
			r->kind = CORE_EXPENSE_MEDICAL;
			r->annual = 3000000;
			break;
		}
		case SUP: {
			core_supporter *sp = core_household_add_supporter(&after, NULL);
			set_str(sp->name, sizeof(sp->name), "陈二军");
			set_str(sp->relation, sizeof(sp->relation), "son");
			sp->able = true;
			break;
		}
		}
		n = core_household_diff(&f.before, &after, &f.v, out, N(out));
		if (n != 1)
			fail_msg("%s: %zu differences", table[i].name, n);
		assert_int_equal(out[0].kind, table[i].kind);
		if (table[i].what != SUP)
			assert_string_equal(out[0].id_number, ID_WORKER);
		switch (table[i].what) {
		case DIS:
			assert_int_equal(out[0].before, 0);
			assert_int_equal(out[0].after, 2);
			assert_int_equal(out[0].now_code, CORE_DISABILITY_HEARING);
			break;
		case ILL:
			assert_string_equal(out[0].was, "");
			assert_string_equal(out[0].now, "uremia");
			break;
		case CARE:
		case EXCL:
			assert_int_equal(out[0].was_code, 0);
			assert_int_equal(out[0].now_code, table[i].what == CARE
			                                          ? CORE_SELF_CARE_PARTIAL
			                                          : CORE_EXCLUSION_PRISON);
			break;
		case RIGID:
			assert_int_equal(out[0].before, 0);
			assert_int_equal(out[0].after, 3000000);
			break;
		case SUP:
			assert_int_equal(out[0].before, 0);
			assert_int_equal(out[0].after, 1);
			assert_int_equal(out[0].now_code, 1);
			break;
		}
		/* and back again */
		n = core_household_diff(&after, &f.before, &f.v, out, N(out));
		assert_int_equal(n, 1);
		assert_int_equal(out[0].kind, table[i].kind);
		core_household_free(&after);
		fx_free(&f);
	}
}

static void test_diff_income_work(void **state)
{
	static const struct {
		const char *name;
		core_income_source src;
		core_fen before, after; /* 0: no such income */
	} table[] = {
		{"new income", CORE_INCOME_FLEXIBLE_WORK, 0, 80000},
		{"income gone", CORE_INCOME_WAGES, 200000, 0},
		{"income up", CORE_INCOME_WAGES, 200000, 250001},
		{"income down by a fen", CORE_INCOME_WAGES, 200000, 199999},
		{"exempt income counts as a change too", CORE_INCOME_SCHOLARSHIP, 0, 50000},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		fx f;
		core_household after;
		core_member *w;
		core_diff out[4];
		size_t n, k;
		fx_init(&f);
		assert_int_equal(core_household_copy(&after, &f.before), DS_OK);
		w = member_by(&after, ID_WORKER);
		for (k = 0; k < w->n_incomes && w->incomes[k].source != table[i].src; k++)
			;
		if (k == w->n_incomes)
			hb_income(w, table[i].src, table[i].after, 0);
		else if (table[i].after)
			w->incomes[k].monthly = table[i].after;
		else
			w->incomes[k] = w->incomes[--w->n_incomes];
		n = core_household_diff(&f.before, &after, &f.v, out, N(out));
		if (n != 1)
			fail_msg("%s: %zu differences", table[i].name, n);
		assert_int_equal(out[0].kind, CORE_DIFF_INCOME);
		assert_int_equal(out[0].source, table[i].src);
		assert_int_equal(out[0].before, table[i].before);
		assert_int_equal(out[0].after, table[i].after);
		assert_string_equal(out[0].id_number, ID_WORKER);
		assert_string_equal(out[0].name, "李建国");
		/* and back again: the other direction */
		n = core_household_diff(&after, &f.before, &f.v, out, N(out));
		assert_int_equal(n, 1);
		assert_int_equal(out[0].before, table[i].after);
		assert_int_equal(out[0].after, table[i].before);
		core_household_free(&after);
		fx_free(&f);
	}

	/* able to work, both ways, with two incomes changed at once: work
	 * first, then the incomes in the order of the sources */
	{
		fx f;
		core_household after;
		core_diff out[8];
		core_member *h;
		fx_init(&f);
		assert_int_equal(core_household_copy(&after, &f.before), DS_OK);
		h = member_by(&after, ID_HEAD);
		h->able_to_work = true;
		h->incomes[0].monthly = 130000;                  /* pension */
		hb_income(h, CORE_INCOME_WAGES, 10000, 0);       /* wages */
		member_by(&after, ID_WORKER)->able_to_work = false;
		assert_int_equal(core_household_diff(&f.before, &after, &f.v, out,
		                                     N(out)),
		                 4);
		assert_int_equal(out[0].kind, CORE_DIFF_WORK);
		assert_string_equal(out[0].id_number, ID_HEAD);
		assert_int_equal(out[0].before, 0);
		assert_int_equal(out[0].after, 1);
		assert_int_equal(out[1].kind, CORE_DIFF_INCOME);
		assert_int_equal(out[1].source, CORE_INCOME_WAGES);
		assert_int_equal(out[1].after, 10000);
		assert_int_equal(out[2].kind, CORE_DIFF_INCOME);
		assert_int_equal(out[2].source, CORE_INCOME_PENSION);
		assert_int_equal(out[2].before, 120000);
		assert_int_equal(out[2].after, 130000);
		assert_int_equal(out[3].kind, CORE_DIFF_WORK);
		assert_string_equal(out[3].id_number, ID_WORKER);
		assert_int_equal(out[3].before, 1);
		assert_int_equal(out[3].after, 0);
		core_household_free(&after);
		fx_free(&f);
	}
}

static void test_diff_assets(void **state)
{
	static const struct {
		const char *name;
		core_fen financial; /* -1: unchanged */
		int vehicles;       /* -1: unchanged */
		int homes;          /* -1: unchanged */
		core_diff_kind want;
		core_fen before, after;
	} table[] = {
		{"financial up", 900000, -1, -1, CORE_DIFF_FINANCIAL, 500000, 900000},
		{"financial to zero", 0, -1, -1, CORE_DIFF_FINANCIAL, 500000, 0},
		{"a vehicle more", -1, 2, -1, CORE_DIFF_VEHICLES, 1, 2},
		{"no vehicle", -1, 0, -1, CORE_DIFF_VEHICLES, 1, 0},
		{"a second home", -1, -1, 2, CORE_DIFF_HOMES, 1, 2},
		{"no home", -1, -1, 0, CORE_DIFF_HOMES, 1, 0},
	};
	(void)state;
	for (size_t i = 0; i < N(table); i++) {
		fx f;
		core_diff out[4];
		size_t n;
		fx_init(&f);
		f.v.has_assets = true;
		f.v.found.financial = table[i].financial >= 0 ? table[i].financial
		                                               : f.before.financial;
		f.v.found.homes = table[i].homes >= 0 ? table[i].homes
		                                       : f.before.homes;
		for (int k = 0; k < (table[i].vehicles >= 0 ? table[i].vehicles : 1); k++)
			hb_vehicle(&f.v.found, "小汽车 car", false);
		core_household_free(&f.after);
		assert_int_equal(core_visit_apply(&f.v, &f.before, &f.after, NULL),
		                 DS_OK);
		n = core_household_diff(&f.before, &f.after, &f.v, out, N(out));
		if (n != 1)
			fail_msg("%s: %zu differences", table[i].name, n);
		assert_int_equal(out[0].kind, table[i].want);
		assert_int_equal(out[0].before, table[i].before);
		assert_int_equal(out[0].after, table[i].after);
		assert_string_equal(out[0].id_number, "");
		assert_string_equal(out[0].name, "");
		fx_free(&f);
	}
	/* all three at once, in this order */
	{
		fx f;
		core_diff out[4];
		fx_init(&f);
		f.v.has_assets = true;
		f.v.found.financial = 1;
		f.v.found.homes = 3;
		core_household_free(&f.after);
		assert_int_equal(core_visit_apply(&f.v, &f.before, &f.after, NULL),
		                 DS_OK);
		assert_int_equal(core_household_diff(&f.before, &f.after, &f.v,
		                                     out, N(out)),
		                 3);
		assert_int_equal(out[0].kind, CORE_DIFF_FINANCIAL);
		assert_int_equal(out[1].kind, CORE_DIFF_VEHICLES);
		assert_int_equal(out[1].after, 0);
		assert_int_equal(out[2].kind, CORE_DIFF_HOMES);
		assert_int_equal(out[2].after, 3);
		fx_free(&f);
	}
}

/* More differences than room: the first max are written, nothing past
 * them, and the count says how many there were. */
static void test_diff_max(void **state)
{
	static const size_t maxes[] = {0, 1, 2, 5, 6, 7};
	(void)state;
	for (size_t i = 0; i < N(maxes); i++) {
		fx f;
		core_diff all[8], out[8];
		size_t n;
		fx_init(&f);
		fx_found_changes(&f); /* joined, left */
		f.v.has_assets = true;
		f.v.found.financial = 42;
		f.v.found.homes = 2; /* financial, vehicles (1 -> 0), homes */
		free(f.v.found.vehicles);
		f.v.found.vehicles = NULL;
		f.v.found.n_vehicles = 0;
		member_by(&f.v.found, ID_HEAD)->able_to_work = true; /* work */
		core_household_free(&f.after);
		assert_int_equal(core_visit_apply(&f.v, &f.before, &f.after, NULL),
		                 DS_OK);
		assert_int_equal(core_household_diff(&f.before, &f.after, &f.v, all,
		                                     N(all)),
		                 6);
		memset(out, 0xa5, sizeof(out));
		n = core_household_diff(&f.before, &f.after, &f.v,
		                        maxes[i] ? out : NULL, maxes[i]);
		assert_int_equal(n, 6);
		for (size_t k = 0; k < N(out); k++) {
			if (k < maxes[i] && k < 6) {
				assert_int_equal(out[k].kind, all[k].kind);
				assert_string_equal(out[k].id_number, all[k].id_number);
				assert_int_equal(out[k].before, all[k].before);
				assert_int_equal(out[k].after, all[k].after);
			} else {
				const unsigned char *p = (const unsigned char *)&out[k];
				for (size_t b = 0; b < sizeof(out[k]); b++)
					if (p[b] != 0xa5)
						fail_msg("max %zu: out[%zu] written",
						         maxes[i], k);
			}
		}
		fx_free(&f);
	}
}

/* Observations are written in lines, as a person writes them. */
static void test_observations_in_lines(void **state)
{
	fx f;
	(void)state;
	fx_init(&f);
	snprintf(f.v.observations, CORE_VISIT_TEXT_MAX,
	         "屋顶漏雨。\n\t厨房很暗。\r\n老人卧床。");
	assert_valid(&f, TODAY);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_change_ids),
		cmocka_unit_test(test_visit_init_free),
		cmocka_unit_test(test_apply_edges),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_apply_supporters),
		cmocka_unit_test(test_apply_rigid),
		cmocka_unit_test(test_validate_accepts),
		cmocka_unit_test(test_validate_refuses),
		cmocka_unit_test(test_observations_in_lines),
		cmocka_unit_test(test_validate_order),
		cmocka_unit_test(test_diff_nothing),
		cmocka_unit_test(test_diff_members),
		cmocka_unit_test(test_diff_income_work),
		cmocka_unit_test(test_diff_facts),
		cmocka_unit_test(test_diff_assets),
		cmocka_unit_test(test_diff_max),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
