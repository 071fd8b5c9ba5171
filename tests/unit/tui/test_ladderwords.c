/* test_ladderwords.c — the ladder's steps in words (tui/explain.c): every
 * step code the ladder adds is met in a set of households, and each step
 * reads whole in English and in Chinese (no {figure} left, identifiers
 * shown as words, the class named in Chinese as DOMAIN.md's words). */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/idnum.h"
#include "core/ladder.h"
#include "store/policyjson.h"
#include "tui/explain.h"
#include "tui/i18n.h"
#include "tui/labels.h"

static core_assessment A;
static bool seen[CORE_STEP_COUNT];

static core_date ON(void) { return core_date_from_ymd(2026, 11, 27); }

static core_member *member(core_household *h, const char *name, int y)
{
	core_member *m = core_household_add_member(h, NULL);
	char id[CORE_IDNUM_BUF];
	assert_non_null(m);
	snprintf(id, sizeof(id), "440106%04d0101%03zu", y, 100 + h->n_members);
	id[17] = core_idnum_check_char(id);
	id[18] = '\0';
	memcpy(m->id_number, id, CORE_IDNUM_BUF);
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->relation = h->n_members == 1 ? CORE_REL_HEAD : CORE_REL_CHILD;
	return m;
}

static void income(core_member *m, core_income_source s, core_fen v)
{
	m->incomes[m->n_incomes].source = s;
	m->incomes[m->n_incomes++].monthly = v;
}

/* The households: destitute with care needed, 单人保, marginal with
 * months and a year, rigid hardship with an exclusion, none, assets
 * over, the deduction, dibao; each rendered. */
static void households(const core_policy *def, const core_policy *sample,
                       void (*each)(const core_assessment *))
{
	for (int k = 0; k < 8; k++) {
		core_household h;
		core_ladder l;
		ds_error err;
		const core_policy *p = k == 6 ? sample : def;
		core_household_init(&h);
		snprintf(h.region, sizeof(h.region), "440106");
		snprintf(h.address, sizeof(h.address), "测试路 1 号");
		switch (k) {
		case 0: { /* destitute, care needed, supporter not able */
			core_supporter *s;
			member(&h, "李奶奶", 1946)->self_care = CORE_SELF_CARE_PARTIAL;
			s = core_household_add_supporter(&h, NULL);
			snprintf(s->name, sizeof(s->name), "李强");
			snprintf(s->relation, sizeof(s->relation), "son");
			break;
		}
		case 1: { /* 单人保; the dibao household beside it */
			core_member *m;
			income(member(&h, "王父", 1970), CORE_INCOME_WAGES, 399900);
			member(&h, "王母", 1972);
			m = member(&h, "王子", 1998);
			m->disability_grade = 1;
			m->disability_type = CORE_DISABILITY_INTELLECTUAL;
			break;
		}
		case 2: { /* marginal, incomes by months (one missing) and by year */
			core_member *m = member(&h, "张三", 1980);
			m->n_incomes = 1;
			m->incomes[0].source = CORE_INCOME_FLEXIBLE_WORK;
			m->incomes[0].basis = CORE_BASIS_MONTHS;
			for (int mo = 5; mo <= 9; mo++) {
				core_income_month *x = core_household_add_income_month(&h, NULL);
				memcpy(x->id_number, m->id_number, CORE_IDNUM_BUF);
				x->source = CORE_INCOME_FLEXIBLE_WORK;
				x->month = core_month_make(2026, mo);
				x->amount = 150000;
			}
			m = member(&h, "张四", 1982);
			m->n_incomes = 1;
			m->incomes[0].source = CORE_INCOME_AGRICULTURE;
			m->incomes[0].basis = CORE_BASIS_ANNUAL;
			m->incomes[0].annual = 1200000;
			break;
		}
		case 3: { /* rigid hardship; a member in prison */
			core_rigid_expense *r;
			income(member(&h, "赵一", 1980), CORE_INCOME_WAGES, 400000);
			member(&h, "赵二", 2012);
			member(&h, "赵三", 1985)->excluded = CORE_EXCLUSION_PRISON;
			r = core_household_add_rigid(&h, NULL);
			memcpy(r->id_number, h.members[1].id_number, CORE_IDNUM_BUF);
			r->kind = CORE_EXPENSE_MEDICAL;
			r->annual = 3000000;
			break;
		}
		case 4: /* none, above the band */
			income(member(&h, "钱一", 1980), CORE_INCOME_WAGES, 900000);
			break;
		case 5: /* in the band with a vehicle and assets over */
			income(member(&h, "孙一", 1980), CORE_INCOME_WAGES, 130000);
			h.financial = 100000000;
			{
				core_vehicle *v = core_household_add_vehicle(&h, NULL);
				snprintf(v->description, sizeof(v->description), "小轿车");
			}
			break;
		case 7: /* dibao */
			income(member(&h, "郑一", 1980), CORE_INCOME_WAGES, 100000);
			break;
		case 6: { /* the sample: the deduction, fixed 单人保, care */
			core_member *m;
			core_rigid_expense *r;
			income(member(&h, "周父", 1970), CORE_INCOME_PENSION, 399900);
			m = member(&h, "周子", 1998);
			m->disability_grade = 2;
			m->disability_type = CORE_DISABILITY_PHYSICAL;
			r = core_household_add_rigid(&h, NULL);
			memcpy(r->id_number, m->id_number, CORE_IDNUM_BUF);
			r->kind = CORE_EXPENSE_REHABILITATION;
			r->annual = 600000;
			break;
		}
		}
		if (core_household_validate(&h, ON(), &err))
			fail_msg("household %d: %s: %s", k, err.where, err.fmt);
		if (core_ladder_assess(&h, p, ON(), NULL, &A, &l, &err))
			fail_msg("household %d: %s: %s %s", k, err.where, err.fmt,
			         err.arg[0]);
		each(&A);
		core_household_free(&h);
	}
	/* a destitute member under the sample: care allowances, a listed
	 * basic standard */
	{
		core_household h;
		core_ladder l;
		ds_error err;
		core_household_init(&h);
		/* Lanzhou Chengguan: the sample lists its basic standard */
		snprintf(h.region, sizeof(h.region), "620102");
		snprintf(h.address, sizeof(h.address), "测试路 2 号");
		member(&h, "吴奶奶", 1940)->self_care = CORE_SELF_CARE_NONE;
		assert_int_equal(core_ladder_assess(&h, sample, ON(), NULL, &A, &l,
		                                    &err),
		                 DS_OK);
		each(&A);
		core_household_free(&h);
	}
	/* on dibao at 2,600, the son now covered alone: the withdrawal, no
	 * month of it below his 1,165 (core_assess_ladder's step) */
	{
		core_household h;
		core_case_now now;
		ds_error err;
		core_member *m;
		core_household_init(&h);
		snprintf(h.region, sizeof(h.region), "440106");
		snprintf(h.address, sizeof(h.address), "测试路 3 号");
		income(member(&h, "孙父", 1970), CORE_INCOME_WAGES, 399900);
		member(&h, "孙母", 1972);
		m = member(&h, "孙子", 1998);
		m->disability_grade = 1;
		m->disability_type = CORE_DISABILITY_PHYSICAL;
		memset(&now, 0, sizeof(now));
		now.receiving = true;
		now.allowance = 260000;
		assert_int_equal(core_assess_ladder(&h, def, ON(), &now, &A, &err), DS_OK);
		assert_true(A.has_transition);
		each(&A);
		core_household_free(&h);
	}
	/* on dibao at 500, now at 1,400 alone: withdrawn, then marginal */
	{
		core_household h;
		core_case_now now;
		ds_error err;
		core_household_init(&h);
		snprintf(h.region, sizeof(h.region), "440106");
		snprintf(h.address, sizeof(h.address), "测试路 4 号");
		income(member(&h, "钱一", 1980), CORE_INCOME_WAGES, 160000);
		memset(&now, 0, sizeof(now));
		now.receiving = true;
		now.allowance = 50000;
		assert_int_equal(core_assess_ladder(&h, def, ON(), &now, &A, &err), DS_OK);
		assert_true(A.has_transition);
		assert_int_equal(A.cls, CORE_CLASS_MARGINAL);
		each(&A);
		core_household_free(&h);
	}
}

static void mark(const core_assessment *a)
{
	for (size_t i = 0; i < a->n_steps; i++)
		seen[a->steps[i].code] = true;
}

static bool chinese_now;

static void render(const core_assessment *a)
{
	static const char *const ids[] = {
		"can_work", "own_income_not_below_standard", "supporter_able",
		"assets_fail", "severe_disability", "severe_illness",
		"income_not_below_line", "no_rigid_spending", "share_not_reached",
		"rigid_hardship", "dibao_single", "(prison)", "(partial)", "(none)",
	};
	char line[2048];
	for (size_t i = 0; i < a->n_steps; i++) {
		explain_step(a, &a->steps[i], line, sizeof(line));
		if (getenv("LADDER_SHOW")) /* to read them */
			print_message("%s\n", line);
		if (strchr(line, '{'))
			fail_msg("step %s left a figure: %s",
			         core_step_id(a->steps[i].code), line);
		for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++)
			if (strstr(line, ids[k]))
				fail_msg("step %s shows the identifier %s: %s",
				         core_step_id(a->steps[i].code), ids[k], line);
		if (a->steps[i].code == CORE_STEP_CLASS && chinese_now &&
		    !strstr(line, "救助类别："))
			fail_msg("class not in Chinese: %s", line);
	}
	for (size_t i = 0; i < a->n_flags; i++)
		if (!strcmp(explain_flag(a->flags[i].rule), a->flags[i].rule))
			fail_msg("flag %s has no words", a->flags[i].rule);
}

static void load(core_policy *def, core_policy *sample)
{
	ds_error err;
	FILE *f = fopen("tests/policy/sample.json", "rb");
	char *buf = malloc(1 << 20);
	size_t n;
	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	assert_int_equal(store_policy_parse((const char *)store_policy_default,
	                                    store_policy_default_len, "built-in",
	                                    def, &err),
	                 DS_OK);
	assert_int_equal(store_policy_parse(buf, n, "sample.json", sample, &err),
	                 DS_OK);
	free(buf);
}

static void test_every_step_met(void **state)
{
	core_policy def, sample;
	(void)state;
	load(&def, &sample);
	households(&def, &sample, mark);
	for (int c = CORE_STEP_EXCLUDED; c < CORE_STEP_COUNT; c++)
		if (!seen[c] && c != CORE_STEP_CLASS_PAID_WITHDRAWAL)
			fail_msg("step %s is met by none of the households",
			         core_step_id((core_step_code)c));
	core_policy_free(&def);
	core_policy_free(&sample);
}

static void test_english(void **state)
{
	core_policy def, sample;
	ds_error err;
	(void)state;
	assert_int_equal(i18n_init("en", &err), DS_OK);
	chinese_now = false;
	load(&def, &sample);
	households(&def, &sample, render);
	core_policy_free(&def);
	core_policy_free(&sample);
}

/* The catalogue of the build tree: build/locale beside build/tests. */
static void test_chinese(void **state)
{
	char exe[PATH_MAX], dir[PATH_MAX + 16];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	core_policy def, sample;
	ds_error err;
	(void)state;
	assert_true(n > 0);
	exe[n] = '\0';
	for (int up = 0; up < 3; up++)
		*strrchr(exe, '/') = '\0';
	snprintf(dir, sizeof(dir), "%s/locale", exe);
	setenv("TEXTDOMAINDIR", dir, 1);
	assert_int_equal(i18n_init("zh_CN", &err), DS_OK);
	chinese_now = true;
	load(&def, &sample);
	households(&def, &sample, render);
	core_policy_free(&def);
	core_policy_free(&sample);
}

/* The classes in words (tui/labels.c), as the lists and the county's
 * status show them: each in English and in DOMAIN.md's Chinese, and a
 * household not classified (after test_chinese: its catalogue found). */
static void test_class_words(void **state)
{
	static const char *const zh[] = {"特困人员", "低保", "单人保", "低保边缘家庭",
	                                 "刚性支出困难家庭", "无"};
	ds_error err;
	(void)state;
	_Static_assert(sizeof(zh) / sizeof(zh[0]) == CORE_CLASS_COUNT,
	               "a word for every class");
	assert_int_equal(i18n_init("en", &err), DS_OK);
	assert_string_equal(label_class(CORE_CLASS_DESTITUTE), "destitute (特困人员)");
	assert_string_equal(label_class(CORE_CLASS_NONE), "none of the ladder");
	assert_string_equal(label_class(-1), "not classified");
	assert_string_equal(label_class(CORE_CLASS_COUNT), "not classified");
	assert_int_equal(i18n_init("zh_CN", &err), DS_OK);
	for (int c = 0; c < CORE_CLASS_COUNT; c++)
		assert_string_equal(label_class(c), zh[c]);
	assert_string_equal(label_class(-1), "未分类");
	assert_string_equal(label_class(CORE_CLASS_COUNT), "未分类");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_step_met),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_chinese),
		cmocka_unit_test(test_class_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
