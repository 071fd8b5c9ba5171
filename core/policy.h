/* policy.h — the rules as data: standards by region with effective dates,
 * top-ups, which incomes count, asset rules, gradual withdrawal, early
 * warning, re-verification, notice and appeal periods. Every figure has a
 * source, in English (source) and in Chinese (its twin source_zh; empty
 * when a policy file gives none). Ratios are whole percentages: no floating point anywhere near
 * eligibility. The JSON form is read by store/policyjson.c. */
#ifndef CORE_POLICY_H
#define CORE_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "household.h"
#include "money.h"
#include "relief.h"
#include "status.h"

#define CORE_POLICY_VERSION_MAX 64
#define CORE_SOURCE_MAX 512
#define CORE_PREFIX_MAX 7 /* 2 to 6 digits and the NUL */
#define CORE_DATE_NONE ((core_date)INT32_MAX) /* an open end */

typedef struct {
	char prefix[CORE_PREFIX_MAX]; /* GB/T 2260 prefix, 2 to 6 digits */
	char name[CORE_NAME_MAX];
	core_fen monthly;             /* per person */
	core_date from, to;           /* to is CORE_DATE_NONE when open */
	char source[CORE_SOURCE_MAX];
	char source_zh[CORE_SOURCE_MAX];
	/* How the standard moves each year, for projections only (0: none):
	 * per mille, e.g. 35 for at least 3.5% a year. */
	int adjust_permille;
	char adjust_source[CORE_SOURCE_MAX];
	char adjust_source_zh[CORE_SOURCE_MAX];
} core_standard;

typedef struct {
	core_category category;
	char prefix[CORE_PREFIX_MAX]; /* "" for every region */
	core_fen monthly;
	char source[CORE_SOURCE_MAX];
	char source_zh[CORE_SOURCE_MAX];
} core_topup;

typedef struct {
	int up_to_percent; /* per-capita income up to this % of S; 0: the rest */
	int months;
} core_band;

typedef enum { CORE_TAPER_LINEAR, CORE_TAPER_HOLD } core_taper;
const char *core_taper_id(core_taper t);
int core_taper_lookup(const char *id); /* -1 when unknown */

#define CORE_BANDS_MAX 8

/* A policy file without an investigation section (one written before it
 * existed) gets the default policy's figure, and says so. */
#define CORE_VISIT_DAYS_DEFAULT 10
#define CORE_VISIT_DAYS_SOURCE                                               \
	"Not set in this policy file: doorstep's default of 10 days, a local " \
	"practice (no national figure); see the default policy's source"
#define CORE_VISIT_DAYS_SOURCE_ZH                                            \
	"本政策文件未规定：采用本程序默认的10日，为地方做法（无全国统一" \
	"规定）；见默认政策的依据"


/* A policy file without casework.payment_starts (one written before it
 * existed): the month after the decision takes effect, and says so. */
#define CORE_PAY_START_SOURCE                                                  \
	"Not set in this policy file: doorstep's default, payment from the "  \
	"month after the decision takes effect (a local practice; counties "  \
	"differ)"
#define CORE_PAY_START_SOURCE_ZH                                               \
	"本政策文件未设定：按 doorstep 默认，自决定生效的次月起发放（地方做法，" \
	"各县不一）"

#define CORE_SOURCE_KEY_MAX 32

/* ---- the ladder of assistance (DOMAIN.md) ----------------------------------
 * A policy file without a ladder section (one written before it existed)
 * gets the figures of DOMAIN.md's default policy from
 * core_policy_ladder_defaults, each source saying that the file did not
 * set it: marginal line 150 % of S with the dibao asset rules (24 months
 * of S); rigid-hardship line 200 % of S, share 50 %; 单人保 as a
 * one-person household; destitute basic-living standard 130 % of S rounded
 * up to the yuan; no care allowances; no list of serious illnesses; the
 * rigid-expenditure deduction off; marginal and rigid hardship
 * re-verified yearly, destitute and dibao as reverification says. */

/* A figure for a region over dates: the destitute basic-living standard,
 * a fixed 单人保 sum, a care allowance (level set). */
typedef struct {
	char prefix[CORE_PREFIX_MAX]; /* "" for every region */
	core_self_care level;         /* care allowances only */
	core_fen monthly;             /* per person */
	core_date from, to;           /* to is CORE_DATE_NONE when open */
	char source[CORE_SOURCE_MAX];
	char source_zh[CORE_SOURCE_MAX];
} core_ladder_figure;

typedef enum { CORE_SINGLE_AS_ONE_PERSON, CORE_SINGLE_FIXED } core_single_mode;
const char *core_single_mode_id(core_single_mode m);
int core_single_mode_lookup(const char *id); /* -1 when unknown */

#define CORE_LADDER_FIGURES_MAX 64
#define CORE_ILLNESSES_MAX 64

typedef struct {
	struct {
		int percent;          /* the marginal line, % of S (150) */
		int financial_months; /* its asset test: assets above months x S */
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
	} marginal;
	struct {
		int percent;          /* the line, % of S (200) */
		int share_percent;    /* rigid spending at least this % of income */
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
	} rigid;
	struct {
		core_single_mode mode;
		size_t n_fixed;
		core_ladder_figure *fixed; /* owned; the sums when mode is fixed */
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
	} single;
	struct {
		/* The basic-living standard: one listed for the region on the
		 * date, else percent of S rounded up to the yuan (0: none). */
		int percent;
		size_t n_standards;
		core_ladder_figure *standards; /* owned */
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
	} destitute;
	struct {
		size_t n;
		core_ladder_figure *allowances; /* owned; by self-care level */
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
	} care;
	struct {
		size_t n;
		char (*names)[CORE_ILLNESS_MAX]; /* owned; identifiers */
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
	} illnesses;
	struct {
		bool enabled;
		bool kinds[CORE_EXPENSE_END];
		core_fen cap;         /* a month, for the household; 0: none */
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
	} deduction;
	struct {
		/* months between re-verifications of a class; 0: as
		 * reverification's stable and watched intervals (destitute,
		 * dibao, dibao_single) or none (none) */
		int months[CORE_CLASS_COUNT];
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
	} reverify;
	bool set;                 /* false until filled (file or defaults) */
} core_ladder_policy;

#define CORE_LADDER_DEFAULT_SOURCE                                           \
	"Not set in this policy file: doorstep's default from DOMAIN.md "   \
	"(the ladder of assistance), see the default policy's source"
#define CORE_LADDER_DEFAULT_SOURCE_ZH                                        \
	"本政策文件未设定：采用本程序按领域说明（分层分类救助）的默认值，" \
	"见默认政策的依据"

typedef struct {
	char version[CORE_POLICY_VERSION_MAX];
	char title[CORE_SOURCE_MAX];
	core_date effective;   /* in force from this day until a later version */
	char source[CORE_SOURCE_MAX];
	char source_zh[CORE_SOURCE_MAX];

	size_t n_standards;
	core_standard *standards; /* owned */
	size_t n_topups;
	core_topup *topups;       /* owned */

	struct {
		bool counted[CORE_INCOME_COUNT];
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
		int window_months;
		char window_source[CORE_SOURCE_MAX];
		char window_source_zh[CORE_SOURCE_MAX];
		/* Sources that are earnings from work (deduction, disregard,
		 * imputation apply to these). */
		bool earned[CORE_INCOME_COUNT];
	} income;
	struct {
		bool enabled;
		int percent_of_standard; /* per employed member */
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
	} deduction;
	struct {
		bool enabled;
		int months; /* earnings disregarded for this many months after work starts */
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
	} disregard;
	struct {
		bool enabled;
		core_fen monthly; /* the minimum wage imputed */
		int age_from, age_to; /* working age: age_from <= age < age_to */
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
	} imputed;
	struct {
		int financial_months; /* per-capita assets above months x S: refused */
		bool vehicle_refuses;
		int homes_flag_at;    /* this many homes or more: manual review */
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
	} assets;
	struct {
		size_t n_bands;
		core_band bands[CORE_BANDS_MAX];
		core_taper taper;
		int warning_days;
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
	} transition;
	struct {
		int percent; /* early warning at this % of S */
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
	} warning;
	struct {
		int stable_months, watch_months;
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
	} reverify;
	struct {
		/* a visit within this many days of an application, a return
		 * or a reopening */
		int visit_days;
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
	} investigation;
	struct {
		int notice_days, appeal_days;
		int filing_days; /* how long a household has to appeal */
		char source[CORE_SOURCE_MAX];
		/* payment of a grant starts in the month its decision takes
		 * effect (true) or the month after (false) */
		bool pay_same_month;
		char pay_source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
		char pay_source_zh[CORE_SOURCE_MAX];
	} casework;
	struct {
		/* Monthly use per person above which a utility reading is
		 * flagged (0: not checked): kWh, m3, m3. */
		int electricity, water, gas;
		char source[CORE_SOURCE_MAX];
		char source_zh[CORE_SOURCE_MAX];
	} crosscheck;
	core_ladder_policy ladder;
	/* temporary assistance (core/relief.h); the defaults when a policy
	 * file has none */
	core_relief_policy relief;
} core_policy;

void core_policy_init(core_policy *p);
void core_policy_free(core_policy *p);

/* Checks the rules hang together (ranges, dates, bands ascending, a final
 * band, no two standards of one prefix overlapping). Errors name the JSON
 * path, e.g. standards[3].to. */
ds_status core_policy_validate(const core_policy *p, ds_error *err);

/* Fills p->ladder with the defaults above (for a file without a ladder
 * section, and for tests); frees any ladder lists p had. */
void core_policy_ladder_defaults(core_policy *p);
/* Checks the ladder's figures (called by core_policy_validate when
 * ladder.set): lines in order (the marginal line above S, the rigid line
 * not below the marginal line), shares and intervals in range, every
 * figure with a source, illnesses named once. Errors name the JSON path,
 * e.g. ladder.rigid_hardship.line_percent_of_standard. */
ds_status core_policy_ladder_validate(const core_policy *p, ds_error *err);
/* The figure of a list in force for a region on a date: the longest
 * matching prefix ("" matches every region) whose dates hold it; for care
 * allowances only those of the level (pass 0 for the other lists). NULL
 * when none. */
const core_ladder_figure *core_policy_ladder_figure(
        const core_ladder_figure *list, size_t n, core_self_care level,
        const char *region, core_date on);
/* Whether an illness is on the policy's list. */
bool core_policy_illness_listed(const core_policy *p, const char *id);

/* The standard in force for a region on a date: the longest matching
 * prefix among standards whose [from, to] holds the date. NULL with an
 * error naming the region and the date when there is none — never a
 * fallback. */
const core_standard *core_policy_standard(const core_policy *p,
                                          const char *region, core_date on,
                                          ds_error *err);

/* The standard a region would have on a date under its adjustment rule,
 * from the latest standard for it (a projection, never used to decide):
 * each whole year after that standard's start raises it by the rule,
 * rounded up to a yuan. *years receives how many years were applied. */
ds_status core_policy_project(const core_policy *p, const char *region,
                              core_date on, core_fen *out,
                              const core_standard **base, int *years,
                              ds_error *err);

/* The top-up for one person (the highest that applies: each person is
 * counted once); 0 and NULL when none. */
core_fen core_policy_topup(const core_policy *p, const char *region,
                           unsigned categories, const core_topup **which);

/* The band a per-capita income falls in (as H and n, to stay exact): the
 * first whose up_to_percent holds it, else the last. */
size_t core_policy_transition_band(const core_policy *p, core_fen standard,
                                   core_fen income, int members);
/* The day a household is warned that its withdrawal ends (and offered
 * employment help): transition.warning_days before the first day of the
 * schedule's last month. */
core_date core_policy_transition_warning(const core_policy *p,
                                         core_month last);
/* Transition length for a per-capita income (as H and n, to stay exact). */
int core_policy_transition_months(const core_policy *p, core_fen standard,
                                  core_fen income, int members);

/* Of several versions, the one in force on a date: the latest effective
 * date not after it. Returns its index, or -1. */
int core_policy_pick(const core_policy *const *versions, size_t n,
                     core_date on);

/* The sources a derivation cites, each named by a short key for the part
 * of the policy it comes from: "income", "income.window", "deduction",
 * "disregard", "imputed", "assets", "transition", "warning",
 * "standards.N", "topups.N", the ladder's "ladder.marginal",
 * "ladder.rigid_hardship", "ladder.single", "ladder.destitute",
 * "ladder.care", "ladder.illnesses", "ladder.deduction" and its lists'
 * "ladder.destitute.N", "ladder.care.N", "ladder.single.N" (N from 0). A recorded assessment cites its
 * steps' sources by key under its policy version instead of copying the
 * words into every step.
 * core_policy_source_key: the key of the first part whose source and
 * source_zh are exactly src and zh; false when none is. */
bool core_policy_source_key(const core_policy *p, const char *src,
                            const char *zh, char key[CORE_SOURCE_KEY_MAX]);
/* The source and source_zh a key names; false when the policy has no such
 * part. */
bool core_policy_source_of(const core_policy *p, const char *key,
                           const char **src, const char **zh);

#endif
