/* assess.h — the assessment of a household under a policy on a date:
 * eligibility, the allowance (difference-filling), top-ups, asset rules,
 * early warning and gradual withdrawal, every figure with its derivation.
 * Pure: the caller supplies the household, the policy and what the case
 * is receiving now. */
#ifndef CORE_ASSESS_H
#define CORE_ASSESS_H

#include <stdbool.h>
#include <stdint.h>

#include "household.h"
#include "policy.h"

/* Each step of a derivation: X(code enum, identifier, sentence template,
 * figure names...). Templates name their figures in braces; tui/ shows
 * them translated (the same derivation reads in Chinese or English). */
#define CORE_STEP_LIST(X)                                                                \
	X(STANDARD, "standard",                                                          \
	  N_("The standard for region {region} on {date} is {standard} yuan a month for each person ({source})."), \
	  "region", "date", "standard", "source", "source_zh")                           \
	X(MEMBERS, "members", N_("Members of the household: {members}."), "members")     \
	X(WINDOW, "income_window",                                                       \
	  N_("Incomes are the monthly average of the {months} months before the assessment, as verified ({source})."), \
	  "months", "source", "source_zh")                                               \
	X(COUNTED, "income_counted",                                                     \
	  N_("{name}: {source_name} of {amount} yuan a month is counted."),              \
	  "name", "source_name", "amount", "income_source")                             \
	X(DISREGARDED, "income_disregarded",                                             \
	  N_("{name}: {source_name} of {amount} yuan a month is not counted: the national rules leave it out ({source})."), \
	  "name", "source_name", "amount", "source", "income_source", "source_zh")       \
	X(NEW_WORK, "earnings_disregard",                                                \
	  N_("{name}: {source_name} of {amount} yuan a month is not counted: the work began in {since}, within the first {months} months ({source})."), \
	  "name", "source_name", "amount", "since", "months", "source", "income_source", "source_zh") \
	X(DEDUCTION, "employment_deduction",                                             \
	  /* xgettext:no-c-format */                                                     \
	  N_("{name} works: {deduction} yuan ({percent}% of the standard, at most the earnings) is taken off the counted income for the cost of working ({source})."), \
	  "name", "deduction", "percent", "source", "source_zh")                         \
	X(IMPUTED, "imputed_income",                                                     \
	  N_("{name} is of working age, able to work and refuses work: earnings of {imputed} yuan a month (the minimum wage) are counted instead of {declared} ({source})."), \
	  "name", "imputed", "declared", "source", "source_zh")                          \
	X(INCOME, "household_income",                                                    \
	  N_("Counted household income: {income} yuan a month."), "income")              \
	X(PER_CAPITA, "per_capita_income",                                               \
	  N_("Per person: {income} ÷ {members} = {per_capita} yuan a month (fen dropped for display; the tests below use the exact figures)."), \
	  "income", "members", "per_capita")                                             \
	X(INCOME_BELOW, "income_test_passed",                                            \
	  N_("{per_capita} a person is below the standard {standard}: the income test is met."), \
	  "per_capita", "standard")                                                      \
	X(INCOME_ABOVE, "income_test_failed",                                            \
	  N_("{per_capita} a person is not below the standard {standard}: the income test is not met."), \
	  "per_capita", "standard")                                                      \
	X(FINANCIAL_OK, "financial_assets_passed",                                       \
	  N_("Savings and other financial assets of {assets} yuan are within {months} months of the standard for a household of {members} ({limit} yuan) ({source})."), \
	  "assets", "months", "members", "limit", "source", "source_zh")                 \
	X(FINANCIAL_OVER, "financial_assets_failed",                                     \
	  N_("Savings and other financial assets of {assets} yuan are above {months} months of the standard for a household of {members} ({limit} yuan): not eligible ({source})."), \
	  "assets", "months", "members", "limit", "source", "source_zh")                 \
	X(VEHICLE_EXEMPT, "vehicle_exempt",                                              \
	  N_("The vehicle \"{vehicle}\" is needed for treatment, rehabilitation or a living: it does not count against the household."), \
	  "vehicle")                                                                     \
	X(VEHICLE_ALLOWED, "vehicle_allowed",                                            \
	  N_("The vehicle \"{vehicle}\" does not count against the household under this policy ({source})."), \
	  "vehicle", "source", "source_zh")                                              \
	X(VEHICLE, "vehicle_refused",                                                    \
	  N_("The vehicle \"{vehicle}\" is owned and not needed for treatment or a living: not eligible ({source})."), \
	  "vehicle", "source", "source_zh")                                              \
	X(HOMES, "homes_flagged",                                                        \
	  N_("The household has {homes} homes: a person must review this; it does not refuse by itself ({source})."), \
	  "homes", "source", "source_zh")                                                \
	X(ALLOWANCE, "allowance",                                                        \
	  N_("Allowance: {standard} × {members} − {income} = {exact}, rounded up to a whole yuan: {allowance} yuan a month."), \
	  "standard", "members", "income", "exact", "allowance")                         \
	X(NO_ALLOWANCE, "no_allowance",                                                  \
	  N_("{standard} × {members} − {income} = {exact}: nothing is left to fill, so there is no allowance."), \
	  "standard", "members", "income", "exact")                                      \
	X(AGED_ELDERLY, "aged_elderly",                                                  \
	  N_("{name} is aged {age} or over on {date} (born {born}, from the ID number): elderly."), \
	  "name", "age", "date", "born")                                                 \
	X(AGED_MINOR, "aged_minor",                                                      \
	  N_("{name} is under {age} on {date} (born {born}, from the ID number): a minor."), \
	  "name", "age", "date", "born")                                                 \
	X(TOPUP, "topup",                                                                \
	  N_("{name} ({category}): a top-up of {amount} yuan a month ({source})."),      \
	  "name", "category", "amount", "source", "source_zh")                           \
	X(PAYMENT, "payment",                                                            \
	  N_("Paid each month: allowance {allowance} + top-ups {topups} = {payment} yuan."), \
	  "allowance", "topups", "payment")                                              \
	X(WARNING, "early_warning",                                                      \
	  /* xgettext:no-c-format */                                                     \
	  N_("Income per person has reached {percent}% of the standard ({threshold} yuan): a visit is due to prepare the household for leaving the allowance ({source})."), \
	  "percent", "threshold", "source", "source_zh")                                 \
	X(TRANSITION, "transition",                                                      \
	  N_("The household received {previous} yuan a month and its income per person is now at or above the standard: instead of stopping at once the allowance steps down over {months} months, {first} to {last} ({taper}) ({source})."), \
	  "previous", "months", "first", "last", "taper", "source", "source_zh")         \
	X(BAND_WITHIN, "transition_band_within",                                         \
	  /* xgettext:no-c-format */                                                     \
	  N_("Income per person, {per_capita} ({income} ÷ {members}), is at or below {percent}% of the standard, {threshold} yuan ({limit} for the household): the withdrawal lasts {months} months ({source})."), \
	  "per_capita", "income", "members", "percent", "threshold", "limit",           \
	  "months", "source", "source_zh")                                               \
	X(BAND_ABOVE, "transition_band_above",                                           \
	  /* xgettext:no-c-format */                                                     \
	  N_("Income per person, {per_capita} ({income} ÷ {members}), is above {percent}% of the standard, {threshold} yuan ({limit} for the household): the withdrawal lasts {months} months ({source})."), \
	  "per_capita", "income", "members", "percent", "threshold", "limit",           \
	  "months", "source", "source_zh")                                               \
	X(BAND_RELIEF, "transition_band_relief",                                         \
	  /* xgettext:no-c-format */                                                     \
	  N_("So that the household does not receive less in all than it would at {percent}% of the standard, it keeps the {months} months of that band, each reduced by what its income is above that limit, {excess} yuan a month in whole yuan: {total} yuan in all, where the {short} months of its own band would give {short_total} ({source})."), \
	  "percent", "months", "excess", "short", "short_total", "total", "source",     \
	  "source_zh")                                                                   \
	X(BAND_ALL, "transition_band_all",                                               \
	  N_("The withdrawal lasts {months} months whatever the income ({source})."),    \
	  "months", "source", "source_zh")                                               \
	X(TRANSITION_MONTH, "transition_month",                                          \
	  N_("{month}: {amount} yuan."), "month", "amount", "k", "n")                    \
	X(REFERRAL, "referral",                                                          \
	  N_("After {last} the household leaves the allowance and is referred to employment assistance and skills training."), \
	  "last")                                                                        \
	X(TRANSITION_GOES_ON, "transition_continues",                                    \
	  N_("The household is in its withdrawal months ({first} to {last}) and its income per person is still at or above the standard: the schedule goes on unchanged."), \
	  "first", "last")                                                               \
	X(TRANSITION_ENDS, "transition_returned",                                        \
	  N_("The household was in its withdrawal months, and its income per person ({per_capita}) is back below the standard {standard}: it returns to the regular allowance without a new application."), \
	  "per_capita", "standard")                                                      \
	X(STOP_FINANCIAL, "withdrawal_refused_financial",                                \
	  N_("The household received {previous} yuan a month and its income per person is at or above the standard, but its savings and other financial assets of {assets} yuan are above the limit of {limit} yuan: the allowance stops at once, with no withdrawal months ({source})."), \
	  "previous", "assets", "limit", "source", "source_zh")                          \
	X(STOP_VEHICLE, "withdrawal_refused_vehicle",                                    \
	  N_("The household received {previous} yuan a month and its income per person is at or above the standard, but it owns the vehicle \"{vehicle}\", which is not needed for treatment or a living: the allowance stops at once, with no withdrawal months ({source})."), \
	  "previous", "vehicle", "source", "source_zh") \
	/* ---- the ladder of assistance (core/ladder.c) ---- */                          \
	X(EXCLUDED, "member_excluded",                                                   \
	  N_("{name} is left out of the household count ({reason}): not their income, not their rigid spending, not the size of the household."), \
	  "name", "reason")                                                              \
	X(INCOME_MONTHS, "income_months",                                                \
	  N_("{name}: {source_name} is the average of the {present} months given in the window {first} to {last}: {total} ÷ {present} = {amount} yuan a month."), \
	  "name", "source_name", "present", "first", "last", "total", "amount", "income_source") \
	X(MONTH_MISSING, "income_month_missing",                                         \
	  N_("{name}: {source_name} has no figure for {month}: that month is left out of the average, not read as zero."), \
	  "name", "source_name", "month", "income_source")                              \
	X(INCOME_ANNUAL, "income_annual",                                                \
	  N_("{name}: {source_name} of {annual} yuan a year (seasonal) is counted as {amount} yuan a month (÷ 12)."), \
	  "name", "source_name", "annual", "amount", "income_source")                   \
	X(RIGID_DEDUCTION, "rigid_deduction",                                            \
	  N_("Rigid spending that disability or illness forces, {annual} yuan over 12 months, is {deducted} yuan a month (the policy's cap: {cap}; 0.00 is none): counted income {before} less that is {after} yuan, the income every test below uses ({source})."), \
	  "annual", "deducted", "cap", "before", "after", "source", "source_zh")        \
	X(DESTITUTE_NOT, "destitute_not_met",                                            \
	  N_("Destitute support (特困) does not apply: {name} {why} ({source})."),       \
	  "name", "why", "source", "source_zh")                                          \
	X(DESTITUTE_MET, "destitute_met",                                                \
	  N_("Every member ({members}) has no capacity to work, own income below the standard {standard}, and no one able to support them, and the household passes the asset rules: destitute support (特困), with no difference-filling ({source})."), \
	  "members", "standard", "source", "source_zh")                                  \
	X(DESTITUTE_BASIC_PERCENT, "destitute_basic_percent",                            \
	  /* xgettext:no-c-format */                                                     \
	  N_("Basic-living standard: {percent}% of the standard {standard}, rounded up to a whole yuan: {basic} yuan a month for each person ({source})."), \
	  "percent", "standard", "basic", "source", "source_zh")                         \
	X(DESTITUTE_BASIC_LISTED, "destitute_basic_listed",                              \
	  N_("Basic-living standard for region {region} on {date}: {basic} yuan a month for each person ({source})."), \
	  "region", "date", "basic", "source", "source_zh")                              \
	X(CARE, "care_allowance",                                                        \
	  N_("{name} ({self_care}): a care allowance of {amount} yuan a month ({source})."), \
	  "name", "self_care", "amount", "source", "source_zh")                          \
	X(CARE_MISSING, "care_allowance_missing",                                        \
	  N_("{name} needs care ({self_care}), but no care allowance is in force for region {region}: the basic standard is paid and the case is flagged for the supervisor ({source})."), \
	  "name", "self_care", "region", "source", "source_zh")                          \
	X(DESTITUTE_PAYMENT, "destitute_payment",                                        \
	  N_("Paid each month: basic standard {basic} × {members} + care allowances {care} = {payment} yuan."), \
	  "basic", "members", "care", "payment")                                         \
	X(DIBAO_MET, "dibao_met",                                                        \
	  N_("Income per person, {per_capita}, is below the standard {standard} and the assets pass: dibao (低保)."), \
	  "per_capita", "standard")                                                      \
	X(MARGINAL_BAND, "marginal_band",                                                \
	  /* xgettext:no-c-format */                                                     \
	  N_("Income per person, {per_capita}, is at or above the standard {standard} and below the marginal line, {percent}% of it ({line} a person, {limit} for the household) ({source})."), \
	  "per_capita", "standard", "percent", "line", "limit", "source", "source_zh")   \
	X(MARGINAL_ABOVE, "marginal_band_above",                                         \
	  /* xgettext:no-c-format */                                                     \
	  N_("Income per person, {per_capita}, is not below the marginal line, {percent}% of the standard ({line} a person, {limit} for the household) ({source})."), \
	  "per_capita", "percent", "line", "limit", "source", "source_zh")               \
	X(MARGINAL_ASSETS_OK, "marginal_assets_passed",                                  \
	  N_("Savings and other financial assets of {assets} yuan are within {months} months of the standard for a household of {members} ({limit} yuan): the marginal asset test is met ({source})."), \
	  "assets", "months", "members", "limit", "source", "source_zh")                 \
	X(MARGINAL_ASSETS_OVER, "marginal_assets_failed",                                \
	  N_("Savings and other financial assets of {assets} yuan are above {months} months of the standard for a household of {members} ({limit} yuan): the marginal asset test is not met ({source})."), \
	  "assets", "months", "members", "limit", "source", "source_zh")                 \
	X(MARGINAL_VEHICLE, "marginal_vehicle_failed",                                   \
	  N_("The household owns a vehicle that is not needed for treatment or a living: the marginal asset test is not met ({source})."), \
	  "source", "source_zh")                                                         \
	X(SINGLE_MEMBER, "single_member",                                                \
	  N_("{name} is 18 or over, has no earnings and is {why}: covered alone as a one-person household, {standard} − {own} = {exact}, rounded up to a whole yuan: {amount} yuan a month ({source})."), \
	  "name", "why", "standard", "own", "exact", "amount", "source", "source_zh")    \
	X(SINGLE_FIXED, "single_member_fixed",                                           \
	  N_("{name} is 18 or over, has no earnings and is {why}: covered alone, with the fixed sum of {amount} yuan a month ({source})."), \
	  "name", "why", "amount", "source", "source_zh")                                \
	X(SINGLE_NONE, "single_none",                                                    \
	  N_("No member can be covered alone (单人保): that needs an adult without earnings who is severely disabled or seriously ill, with own income below the standard ({source})."), \
	  "source", "source_zh")                                                         \
	X(SINGLE_PAYMENT, "single_payment",                                              \
	  N_("Covered alone (单人保): {covered}. Paid each month: {payment} yuan. The household still has {members} members."), \
	  "covered", "payment", "members")                                               \
	X(MARGINAL_MET, "marginal_met",                                                  \
	  N_("A marginal family (低保边缘): no cash; the status opens medical, education, housing and temporary assistance, and is reviewed every {months} months ({source})."), \
	  "months", "source", "source_zh")                                               \
	X(RIGID_MET, "rigid_hardship_met",                                               \
	  /* xgettext:no-c-format */                                                     \
	  N_("Income per person is below {percent}% of the standard ({limit} for the household) and rigid spending over the last 12 months, {rigid} yuan, is at least {share}% of the household's income over 12 months ({threshold} yuan): a rigid-expenditure hardship family (刚性支出困难): no cash; the same doors as a marginal family, reviewed every {months} months ({source})."), \
	  "percent", "limit", "rigid", "share", "threshold", "months", "source", "source_zh") \
	X(RIGID_NOT, "rigid_hardship_not_met",                                           \
	  N_("Rigid-expenditure hardship (刚性支出困难) does not apply: {why} ({source})."), \
	  "why", "source", "source_zh")                                                  \
	X(CLASS_NONE, "ladder_none",                                                     \
	  N_("No rung of the ladder applies at {per_capita} a person; a referral is made where one fits."), \
	  "per_capita")                                                                  \
	X(CLASS, "class",                                                                \
	  N_("Class: {class}."), "class")                                                \
	X(CLASS_PAID_WITHDRAWAL, "class_in_withdrawal",                                  \
	  N_("The household is in its withdrawal months: {payment} yuan next month, more than its class pays ({class_payment})."), \
	  "payment", "class_payment")                                                    \
	X(CLASS_AFTER_WITHDRAWAL, "class_after_withdrawal",                              \
	  N_("No month of the withdrawal pays less than the household's class ({class_payment} yuan a month). The withdrawal ends after {last}: a visit is due before then, and the class's payment from then on is decided anew."), \
	  "class_payment", "last")                                                       \
	X(CLASS_THEN, "class_after_referral",                                            \
	  N_("When the withdrawal ends, the household keeps the class this assessment gives it: {class}."), \
	  "class")

typedef enum {
#define X(e, id, tpl, ...) CORE_STEP_##e,
	CORE_STEP_LIST(X)
#undef X
	CORE_STEP_COUNT
} core_step_code;

#define CORE_STEP_FIGURES 10

/* A step: its code and its figures, as offsets into the assessment's
 * text arena (so an assessment is filled without clearing kilobytes). */
typedef struct {
	core_step_code code;
	int n;
	uint32_t off[CORE_STEP_FIGURES];
} core_step;

const char *core_step_id(core_step_code c);
const char *core_step_template(core_step_code c); /* untranslated */
/* The figure names of a step's template, in order; *n receives how many. */
const char *const *core_step_figures(core_step_code c, int *n);

/* Why a household is not eligible. */
#define CORE_REASON_LIST(X)                                                         \
	X(INCOME, "income_not_below_standard",                                      \
	  N_("Income per person is not below the local standard."))                \
	X(FINANCIAL, "financial_assets_above_limit",                                \
	  N_("Savings and other financial assets are above the limit."))            \
	X(VEHICLE, "vehicle_owned",                                                 \
	  N_("The household owns a vehicle that is not needed for treatment or a living."))

typedef enum {
#define X(e, id, text) CORE_REASON_##e,
	CORE_REASON_LIST(X)
#undef X
	CORE_REASON_COUNT
} core_reason;

const char *core_reason_id(core_reason r);
const char *core_reason_text(core_reason r); /* untranslated */

/* Flags for a person to review; never a refusal by themselves. */
typedef struct {
	char rule[32];  /* "homes", or a cross-check rule */
	char detail[128];
} core_flag;

#define CORE_STEPS_MAX 700   /* a 30-person household with every income */
#define CORE_FLAGS_MAX 16
#define CORE_SCHEDULE_MAX 36
#define CORE_ARENA 65536

typedef struct {
	int months;
	core_taper taper;
	core_fen previous;            /* A0 */
	core_month first, last;
	core_date warning;            /* warning_days before the last month */
	core_date referral;           /* the day after the last month */
	core_fen payments[CORE_SCHEDULE_MAX];
	/* No drop at a band's edge: a household just above a band's upper
	 * limit keeps the longer band's months, each less what its income
	 * is above that limit (in hundredths of a fen a month, 0: none),
	 * while that gives more than the shorter band. */
	core_fen relief_excess100;
	int relief_band_percent;      /* the limit it is above, % of S */
} core_transition;

/* What the case is receiving now, from the store. */
typedef struct {
	bool receiving;
	core_fen allowance;            /* A0 when receiving */
	bool in_transition;
	core_transition transition;    /* when in_transition */
	/* The class of the case's last decision, when known (the ladder:
	 * a destitute household leaving that class is withdrawn gradually
	 * too, core/ladder.c). */
	bool class_known;
	core_class class_now;
} core_case_now;

typedef struct {
	char policy_version[CORE_POLICY_VERSION_MAX];
	core_date date;
	bool eligible;
	size_t n_reasons;
	core_reason reasons[CORE_REASON_COUNT];
	core_fen standard;
	int members;
	core_fen counted_income;
	core_fen per_capita;  /* floor(H / n), for display */
	core_fen allowance;   /* ceil_to_yuan(S x n - H), 0 when not eligible */
	core_fen topups;
	core_fen payment;     /* paid for the month after the assessment */
	/* Each member's own counted income, in the order of the household's
	 * members (what the ladder's tests of one person use). */
	core_fen member_income[CORE_MEMBERS_MAX];
	bool warning;
	int warning_percent;          /* when warning */
	core_fen warning_threshold;   /* warning_percent of S, per person */
	bool has_transition;  /* a new or continuing withdrawal schedule */
	bool transition_continues;
	bool returned_from_transition;
	core_transition transition;
	size_t n_flags;
	core_flag flags[CORE_FLAGS_MAX];
	/* The ladder (core_assess_ladder, core/ladder.h): the household's one
	 * class, its re-verification interval, and for dibao_single the
	 * members covered alone (indices into the household's members, the
	 * excluded counted) with each one's sum. classified false: the policy
	 * has no ladder, or the assessment was recorded before there was one. */
	bool classified;
	core_class cls;
	int reverify_months;
	core_fen class_payment; /* what the class pays by itself (0: no cash) */
	size_t n_covered;
	size_t covered[CORE_MEMBERS_MAX];
	core_fen covered_pay[CORE_MEMBERS_MAX];
	size_t n_steps;
	bool truncated;       /* more steps than fit (never in practice) */
	core_step steps[CORE_STEPS_MAX];
	size_t text_len;
	char text[CORE_ARENA]; /* last: not cleared between assessments */
} core_assessment;

/* Figure i of a step ("" when it has none). */
const char *core_step_value(const core_assessment *a, const core_step *st,
                            int i);
/* Fills a template's {name}s with the step's figures (a name the step does
 * not have is left as it is). map, when given, may replace a figure's
 * value for display (an identifier by its word in the reader's language);
 * it returns the value to show. */
typedef const char *(*core_figure_map)(const char *name, const char *value);
void core_step_render(const core_assessment *a, const core_step *st,
                      const char *tpl, core_figure_map map, char *out,
                      size_t len);

/* Adds a step to a derivation: its figures as strings, in the order of
 * the template's names (for the ladder, core/ladder.c). */
void core_step_add(core_assessment *a, core_step_code code, ...);
/* Adds a flag for a person to review (past CORE_FLAGS_MAX: dropped). */
void core_flag_add(core_assessment *a, const char *rule, const char *detail);

/* Assesses h under p on date on; now may be NULL (not receiving). The
 * result is filled even when not eligible. Fails only when the policy has
 * no standard for the region on that day (err names both). */
ds_status core_assess(const core_household *h, const core_policy *p,
                      core_date on, const core_case_now *now,
                      core_assessment *out, ds_error *err);

/* core_assess with a monthly sum taken off the counted household income
 * before any test (the ladder's rigid-expenditure deduction, its step
 * added by the caller's figures); deduct 0 is core_assess. annual is the
 * rigid spending it comes from, cap the policy's cap (0: none), for the
 * step. */
ds_status core_assess_deducting(const core_household *h, const core_policy *p,
                                core_date on, const core_case_now *now,
                                core_fen deduct, core_fen annual,
                                core_fen cap, core_assessment *out,
                                ds_error *err);

/* The withdrawal schedule on its own (the `doorstep transition`
 * calculator uses it too): A0, per-capita income against S decide the
 * length from the policy's bands; start is the first month paid. */
void core_transition_plan(const core_policy *p, core_fen previous,
                          core_fen standard, core_fen income, int members,
                          core_month start, core_taper taper,
                          core_transition *out);

/* The amount a schedule pays in month m (0 outside it); *k, when given,
 * receives which month of the schedule m is (1 to months; 0 outside). */
core_fen core_transition_paid_in(const core_transition *t, core_month m,
                                 int *k);

/* Payment in month k (1-based) of an n-month schedule from A0:
 * linear ceil_to_yuan(A0 x (n - k + 1) / n), or hold A0. */
core_fen core_transition_payment(core_fen previous, int k, int n,
                                 core_taper taper);


#endif
