/* test_letter.c — the decision letter's model (tui/letter): for a grant,
 * a reduction, a withdrawal and a refusal, every part is there (issuing
 * authority from the settings, document number, date, addressee, the
 * decision with amounts and units, reasons, start month, schedule,
 * derivation, both remedies with their bodies and limits, the 申诉 path,
 * the duty to report, seal and signature), no login name, no internal code
 * (policy version, region code), and in Chinese no English word at all.
 * The document number is the decision event's, the same each time. A
 * policy source is quoted in the page's language, never English on a
 * Chinese page. A relief case's letter (临时救助, issue 20): granted, with
 * what was paid first and what remains, or refused; its derivation with
 * the policy's source; the remedies; no duty to report; an undecided case
 * refused naming it. */
#include <limits.h>
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/assess.h"
#include "store/policyjson.h"
#include "tui/explain.h"
#include "tui/i18n.h"
#include "tui/letter.h"

static core_policy policy;

static const letter_settings tianhe = {
        "广州市天河区民政局", "广州市天河区示例路1号", "020-12345678",
        "广州市天河区人民政府", "广州铁路运输法院", "天民低"};

#define REF "0a1b2c3d4e5f60718293a4b5c6d7e8f9:1:17"

static int setup(void **state)
{
	ds_error err;
	(void)state;
	return store_policy_parse((const char *)store_policy_default,
	                          store_policy_default_len, "default", &policy,
	                          &err) == DS_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	core_policy_free(&policy);
	return 0;
}

/* A one-person household in Tianhe with wages a month; receiving
 * allowance (0: not receiving). */
typedef struct {
	store_household_row row;
	core_member m;
	store_case k;
	core_assessment *a;
} fixture;

static void make(fixture *f, const char *wages, const char *receiving,
                 const char *outcome)
{
	ds_error err;
	core_case_now now = {0};
	memset(f, 0, sizeof(*f));
	snprintf(f->row.id, sizeof(f->row.id), "abcdefghjkmn");
	snprintf(f->row.h.region, sizeof(f->row.h.region), "440106");
	snprintf(f->row.h.address, sizeof(f->row.h.address), "石牌街道2号");
	snprintf(f->m.name, sizeof(f->m.name), "李二");
	snprintf(f->m.id_number, sizeof(f->m.id_number), "440106198005050051");
	f->m.relation = CORE_REL_HEAD;
	f->m.able_to_work = true;
	f->m.n_incomes = 1;
	f->m.incomes[0].source = CORE_INCOME_WAGES;
	assert_int_equal(core_money_parse(wages, false, &f->m.incomes[0].monthly,
	                                  "", &err), DS_OK);
	f->row.h.n_members = 1;
	f->row.h.members = &f->m;
	f->row.h.homes = 1;
	if (receiving) {
		now.receiving = true;
		assert_int_equal(core_money_parse(receiving, false, &now.allowance,
		                                  "", &err), DS_OK);
		f->k.c.previous_allowance = now.allowance;
	}
	assert_non_null(f->a = calloc(1, sizeof(*f->a)));
	assert_int_equal(core_assess(&f->row.h, &policy,
	                             core_date_from_ymd(2026, 9, 1), &now, f->a,
	                             &err), DS_OK);
	f->k.c.outcome = (core_outcome)core_outcome_lookup(outcome);
	snprintf(f->k.c.decision_proposer, sizeof(f->k.c.decision_proposer), "wang");
	snprintf(f->k.c.decision_approver, sizeof(f->k.c.decision_approver), "lihua");
	f->k.c.decided = core_date_from_ymd(2026, 10, 10);
	f->k.c.pay_from = core_month_make(2026, 11);
	f->k.c.delivered = -1;
}

static void unmake(fixture *f)
{
	free(f->a);
}

/* Every part the letter shows, one after another. */
static void collect(void *ctx, letter_style style, const char *text)
{
	char *all = ctx;
	(void)style;
	strncat(all, text, 65535 - strlen(all));
	strncat(all, "\n", 65535 - strlen(all));
}

static char *all_text(const letter *L)
{
	char *all = calloc(1, 65536);
	assert_non_null(all);
	letter_walk(L, collect, all);
	return all;
}

static void has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("the letter lacks \"%s\":\n%s", want, text);
}

static void lacks(const char *text, const char *bad)
{
	if (strstr(text, bad))
		fail_msg("the letter has \"%s\":\n%s", bad, text);
}

/* What every letter has and never has. */
static void common(const letter *L, const char *all)
{
	assert_string_equal(L->authority, tianhe.authority);
	has(L->seal, tianhe.authority);
	has(L->reconsideration, tianhe.reconsideration_body);
	has(L->litigation, tianhe.court);
	assert_true(L->title[0] && L->docno[0] && L->date[0] && L->appeal[0] &&
	            L->signature[0] && L->contact[0]);
	assert_true(L->n_steps > 3);
	has(L->addressee, "李二");
	has(L->address, "石牌街道2号");
	has(L->contact, "020-12345678");
	lacks(all, "wang");
	lacks(all, "lihua");
	lacks(all, "cn-default");
	lacks(all, "440106");
}

static void test_grant_english(void **state)
{
	fixture f;
	letter L;
	ds_error err;
	char *all;
	(void)state;
	make(&f, "400", NULL, "grant");
	assert_int_equal(letter_build(&L, &f.row, &f.k, f.a, &policy, &tianhe,
	                              REF, &err), DS_OK);
	all = all_text(&L);
	common(&L, all);
	assert_int_equal(L.kind, LETTER_GRANT);
	/* 0a1b2c = 662316; epoch 1, the device's 17th event */
	assert_string_equal(L.docno, "天民低[2026] No. 00662316-1-17");
	assert_string_equal(L.date, "2026-10-10");
	has(L.decision, "765.00 yuan a month");
	has(L.pay_from, "2026-11");
	assert_int_equal(L.n_reasons, 1);
	has(L.reasons[0], "400.00 yuan");
	has(L.reasons[0], "1,165.00 yuan");
	has(L.reconsideration, "administrative reconsideration within 60 days of the day you receive this letter");
	has(L.litigation, "administrative lawsuit");
	has(L.litigation, "within 6 months of the day you receive this letter");
	has(L.litigation, "article 46");
	lacks(L.litigation, "was delivered");
	has(L.duty, "income");
	has(all, "Tianhe District");
	lacks(all, "as declared");
	/* sources: the English one on an English page */
	assert_string_equal(explain_source("Weifang 2017 practice", "潍坊2017年做法"),
	                    "Weifang 2017 practice");
	letter_free(&L);
	free(all);
	unmake(&f);
}

static void test_reduction_and_delivery(void **state)
{
	fixture f;
	letter L;
	ds_error err;
	(void)state;
	make(&f, "800", "1165", "grant");
	f.k.c.delivered = core_date_from_ymd(2026, 10, 12);
	assert_int_equal(letter_build(&L, &f.row, &f.k, f.a, &policy, &tianhe,
	                              REF, &err), DS_OK);
	assert_int_equal(L.kind, LETTER_REDUCE);
	has(L.decision, "from 1,165.00 yuan a month to 365.00 yuan a month");
	has(L.reasons[0], "800.00 yuan");
	/* delivered on 10-12: 60 days to 12-11, six months to 2027-04-12 */
	has(L.litigation, "delivered on 2026-10-12");
	has(L.litigation, "2026-12-11");
	has(L.litigation, "2027-04-12");
	letter_free(&L);
	unmake(&f);
}

static void test_withdrawal(void **state)
{
	fixture f;
	letter L;
	ds_error err;
	char *all;
	(void)state;
	make(&f, "1400", "1165", "transition");
	assert_true(f.a->has_transition);
	assert_int_equal(letter_build(&L, &f.row, &f.k, f.a, &policy, &tianhe,
	                              REF, &err), DS_OK);
	all = all_text(&L);
	common(&L, all);
	assert_int_equal(L.kind, LETTER_WITHDRAW);
	assert_int_equal((int)L.n_schedule, f.a->transition.months);
	for (size_t i = 0; i < L.n_schedule; i++)
		has(L.schedule[i], " yuan");
	has(L.schedule[0], "1,165.00 yuan");
	has(L.decision, "no longer meets the conditions");
	/* one decision: the allowance is withdrawn, never also restored */
	lacks(L.decision, "regular allowance");
	lacks(L.decision, "without a new application");
	letter_free(&L);
	free(all);
	unmake(&f);
}

static void test_refusal_without_settings(void **state)
{
	fixture f;
	letter L;
	ds_error err;
	char *all;
	(void)state;
	make(&f, "2500", NULL, "refuse");
	snprintf(f.k.c.decision_reason, sizeof(f.k.c.decision_reason),
	         "income above the standard");
	assert_int_equal(letter_build(&L, &f.row, &f.k, f.a, &policy, NULL, REF,
	                              &err), DS_OK);
	all = all_text(&L);
	assert_int_equal(L.kind, LETTER_REFUSE);
	has(L.authority, "not set in the county settings");
	has(L.reconsideration, "not set in the county settings");
	assert_string_equal(L.pay_from, "");
	assert_string_equal(L.duty, "");
	assert_true(L.n_reasons >= 2);
	has(L.reasons[L.n_reasons - 1], "income above the standard");
	lacks(all, "wang");
	lacks(all, "lihua");
	letter_free(&L);
	free(all);
	unmake(&f);
}

static void test_docno(void **state)
{
	char a[128], b[128], c[128];
	(void)state;
	letter_docno("天民低", 2026, REF, a, sizeof(a));
	letter_docno("天民低", 2026, REF, b, sizeof(b));
	letter_docno("天民低", 2026, "0a1b2c3d4e5f60718293a4b5c6d7e8f9:1:18", c,
	             sizeof(c));
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	letter_docno("天民低", 2026, "0a1b2c3d4e5f60718293a4b5c6d7e8f9:0:18", c,
	             sizeof(c));
	assert_string_equal(c, "天民低[2026] No. 00662316-18");
	letter_docno("天民低", 2026, "", c, sizeof(c));
	assert_string_equal(c, "");
	letter_docno("天民低", 2026, "zz:1", c, sizeof(c));
	assert_string_equal(c, "");
}

/* Every source of the default policy has its Chinese twin, and a policy
 * file without them still reads (the twins are optional). */
static void test_policy_sources(void **state)
{
	const core_policy *p = &policy;
	const char *zh[] = {p->source_zh, p->income.source_zh,
	                    p->income.window_source_zh, p->deduction.source_zh,
	                    p->disregard.source_zh, p->imputed.source_zh,
	                    p->assets.source_zh, p->transition.source_zh,
	                    p->warning.source_zh, p->reverify.source_zh,
	                    p->investigation.source_zh, p->casework.source_zh,
	                    p->crosscheck.source_zh};
	core_policy bare;
	ds_error err;
	char *text;
	(void)state;
	for (size_t i = 0; i < sizeof(zh) / sizeof(zh[0]); i++)
		assert_true(zh[i][0] != '\0');
	for (size_t i = 0; i < p->n_standards; i++) {
		assert_true(p->standards[i].source_zh[0] != '\0');
		if (p->standards[i].adjust_permille)
			assert_true(p->standards[i].adjust_source_zh[0] != '\0');
	}
	/* the default policy without any Chinese source still reads */
	assert_non_null(text = strdup((const char *)store_policy_default));
	for (char *at; (at = strstr(text, "_zh\": \""));) {
		/* blank out  , "source_zh": "..."  up to its closing quote */
		char *start = at, *end = strchr(at + 7, '"');
		while (start > text && *start != ',')
			start--;
		assert_non_null(end);
		memset(start, ' ', (size_t)(end - start + 1));
	}
	assert_int_equal(store_policy_parse(text, strlen(text), "bare", &bare,
	                                    &err), DS_OK);
	assert_string_equal(bare.assets.source_zh, "");
	assert_string_equal(bare.assets.source, "Weifang 2017 practice");
	core_policy_free(&bare);
	free(text);
}

/* The catalogue of the build tree: build/locale beside build/tests. */
static void chinese(void)
{
	char exe[PATH_MAX], dir[PATH_MAX + 16];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	ds_error err;
	assert_true(n > 0);
	exe[n] = '\0';
	for (int up = 0; up < 3; up++)
		*strrchr(exe, '/') = '\0';
	snprintf(dir, sizeof(dir), "%s/locale", exe);
	setenv("TEXTDOMAINDIR", dir, 1);
	assert_int_equal(i18n_init("zh_CN", &err), DS_OK);
	assert_string_equal(i18n_lang(), "zh_CN");
}

static void no_english(const char *all)
{
	regex_t re;
	regmatch_t m;
	assert_int_equal(regcomp(&re, "[A-Za-z][A-Za-z]", REG_EXTENDED), 0);
	if (regexec(&re, all, 1, &m, 0) == 0)
		fail_msg("an English word in the Chinese letter at \"%.40s\":\n%s",
		         all + m.rm_so, all);
	regfree(&re);
}

static void test_chinese(void **state)
{
	static const char *const outcomes[][3] = {
	        {"400", NULL, "grant"},
	        {"800", "1165", "grant"},
	        {"1400", "1165", "transition"},
	        {"2500", NULL, "refuse"}};
	(void)state;
	chinese();
	/* a Chinese page quotes the Chinese source, and where a policy file
	 * (or an assessment recorded before) has none, says so in Chinese */
	assert_string_equal(explain_source("Weifang 2017 practice", "潍坊2017年做法"),
	                    "潍坊2017年做法");
	assert_string_equal(explain_source("Weifang 2017 practice", ""),
	                    "政策文件仅以英文注明此项依据");
	for (size_t i = 0; i < 4; i++) {
		fixture f;
		letter L;
		ds_error err;
		char *all;
		make(&f, outcomes[i][0], outcomes[i][1], outcomes[i][2]);
		assert_int_equal(letter_build(&L, &f.row, &f.k, f.a, &policy,
		                              &tianhe, REF, &err), DS_OK);
		all = all_text(&L);
		common(&L, all);
		no_english(all);
		assert_string_equal(L.docno, "天民低〔2026〕00662316-1-17号");
		assert_string_equal(L.date, "2026年10月10日");
		has(L.reconsideration, "自收到本决定书之日起60日内");
		has(L.reconsideration, "广州市天河区人民政府申请行政复议");
		has(L.litigation, "6个月内");
		has(L.litigation, "提起行政诉讼");
		has(L.appeal, "申诉");
		has(all, "广东省广州市天河区");
		has(all, "元");
		lacks(all, "拟定");
		lacks(all, "以申报为准");
		lacks(all, "复核");
		if (i == 0) {
			has(L.decision, "每月765.00元");
			has(L.pay_from, "2026年11月");
		}
		if (i == 2)
			lacks(all, "恢复");
		letter_free(&L);
		free(all);
		unmake(&f);
	}
}

/* A relief case (临时救助) for the fixture's household, decided on
 * 2026-12-04: a disaster, 3,000 yuan proposed with the derivation core
 * gives, paid first paid (0: none), approved or refused. */
static void relief_make(store_relief *r, const char *state, core_fen paid)
{
	core_relief_level level;
	bool over;
	ds_error err;
	core_fen standard = 116500;
	memset(r, 0, sizeof(*r));
	snprintf(r->id, sizeof(r->id), "r3lfcase0001");
	snprintf(r->household, sizeof(r->household), "abcdefghjkmn");
	snprintf(r->need, sizeof(r->need), "房屋失火");
	snprintf(r->policy_version, sizeof(r->policy_version), "cn-default-2026.1");
	r->r.state = (core_relief_state)core_relief_state_lookup(state);
	r->r.cause = CORE_RELIEF_CAUSE_DISASTER;
	r->r.urgent = paid > 0;
	r->r.received = core_date_from_ymd(2026, 12, 1);
	r->r.paid_first = paid;
	r->r.paid_first_on = paid ? core_date_from_ymd(2026, 12, 2) : -1;
	r->r.proposed = 300000;
	r->r.approved = r->r.state == CORE_RELIEF_APPROVED ? 300000 : 0;
	r->r.decided = r->r.state == CORE_RELIEF_APPROVED || r->r.state == CORE_RELIEF_REFUSED
	                       ? core_date_from_ymd(2026, 12, 4)
	                       : -1;
	snprintf(r->r.filed_by, sizeof(r->r.filed_by), "wang");
	snprintf(r->r.proposed_by, sizeof(r->r.proposed_by), "wang");
	snprintf(r->r.decided_by, sizeof(r->r.decided_by), "lihua");
	snprintf(r->r.reason, sizeof(r->r.reason), "%s",
	         r->r.state == CORE_RELIEF_REFUSED ? "存款足以应对" : "两间屋烧毁");
	core_relief_guidance(&policy.relief, r->r.cause, standard, 1, &r->d);
	{
		core_relief_derivation more = {0};
		assert_int_equal(core_relief_check_amount(&policy.relief, 300000, standard, 0,
		                                          &level, &over, &more, &err),
		                 DS_OK);
		for (size_t i = 0; i < more.n; i++)
			r->d.line[r->d.n++] = more.line[i];
	}
	r->r.level = level;
}

/* The relief letters in the page's language: both kinds, paid first or
 * not, and an undecided case refused naming it. */
static void relief_letters(bool zh)
{
	fixture f;
	store_relief r;
	letter L;
	ds_error err;
	char *all;
	make(&f, "400", NULL, "grant");

	relief_make(&r, "approved", 116500);
	assert_int_equal(letter_build_relief(&L, &f.row, &r, &policy, &tianhe, REF, &err),
	                 DS_OK);
	all = all_text(&L);
	assert_int_equal(L.kind, LETTER_RELIEF_GRANT);
	assert_string_equal(L.authority, tianhe.authority);
	has(L.reconsideration, tianhe.reconsideration_body);
	has(L.litigation, tianhe.court);
	has(L.addressee, "李二");
	has(L.decision, "房屋失火");
	has(L.reasons[0], "两间屋烧毁");
	assert_true(L.n_steps >= 4);
	assert_string_equal(L.duty, "");
	lacks(all, "wang");
	lacks(all, "lihua");
	lacks(all, "cn-default");
	lacks(all, "r3lfcase0001");
	if (zh) {
		no_english(all);
		assert_string_equal(L.title, "给予临时救助决定书");
		assert_string_equal(L.docno, "天民低〔2026〕00662316-1-17号");
		assert_string_equal(L.date, "2026年12月4日");
		has(L.decision, "火灾或自然灾害");
		has(L.decision, "3,000.00元");
		has(L.pay_from, "1,165.00元已于2026年12月2日先行救助发放，其余1,835.00元尚待发放");
		has(all, "依据：");
		has(L.reconsideration, "自收到本决定书之日起60日内");
		has(L.appeal, "申诉");
	} else {
		assert_string_equal(L.title, "Decision granting temporary assistance");
		assert_string_equal(L.docno, "天民低[2026] No. 00662316-1-17");
		has(L.decision, "a fire or a natural disaster");
		has(L.decision, "3,000.00 yuan");
		has(L.pay_from, "1,165.00 yuan was paid first on 2026-12-02");
		has(L.pay_from, "the remaining 1,835.00 yuan is still to be paid");
		has(all, "(source: ");
		has(L.reconsideration, "within 60 days");
		has(L.appeal, "appeal");
	}
	letter_free(&L);
	free(all);

	/* all of it paid first: nothing remains */
	relief_make(&r, "approved", 300000);
	r.r.proposed = r.r.approved = 100000;
	r.r.paid_first = 100000;
	assert_int_equal(letter_build_relief(&L, &f.row, &r, &policy, &tianhe, REF, &err),
	                 DS_OK);
	has(L.pay_from, zh ? "无待发放金额" : "nothing remains to be paid");
	letter_free(&L);

	/* refused by the county, paid first before: no derivation, the
	 * refusal's reason, who decided */
	relief_make(&r, "refused", 50000);
	r.r.level = CORE_RELIEF_COUNTY;
	assert_int_equal(letter_build_relief(&L, &f.row, &r, &policy, NULL, REF, &err),
	                 DS_OK);
	all = all_text(&L);
	assert_int_equal(L.kind, LETTER_RELIEF_REFUSE);
	assert_int_equal(L.n_steps, 0);
	has(L.reasons[0], "存款足以应对");
	has(L.reasons[1], zh ? "由县级民政部门审批决定" : "the county civil-affairs department decided");
	has(L.pay_from, zh ? "500.00元" : "500.00 yuan");
	has(L.decision, zh ? "不予救助" : "not granted");
	has(L.title, zh ? "不予临时救助决定书" : "Decision refusing temporary assistance");
	if (zh)
		no_english(all);
	letter_free(&L);
	free(all);

	/* not decided yet: refused, naming the case */
	relief_make(&r, "at_county", 0);
	assert_int_equal(letter_build_relief(&L, &f.row, &r, &policy, &tianhe, REF, &err),
	                 DS_EINPUT);
	assert_string_equal(err.where, "r3lfcase0001");
	unmake(&f);
}

static void test_relief_english(void **state)
{
	(void)state;
	relief_letters(false);
}

static void test_relief_chinese(void **state)
{
	(void)state;
	chinese();
	relief_letters(true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_grant_english),
	        cmocka_unit_test(test_reduction_and_delivery),
	        cmocka_unit_test(test_withdrawal),
	        cmocka_unit_test(test_refusal_without_settings),
	        cmocka_unit_test(test_docno),
	        cmocka_unit_test(test_policy_sources),
	        cmocka_unit_test(test_relief_english),
	        /* last: they switch the language */
	        cmocka_unit_test(test_chinese),
	        cmocka_unit_test(test_relief_chinese),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
