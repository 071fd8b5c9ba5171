/* ladder.h — the ladder of assistance (分层分类救助): exactly one class for
 * a household — destitute, dibao, dibao_single, marginal, rigid_hardship or
 * none — tried in that order, each rung a derivation step with its figures
 * and source, and what the class pays. Pure: the rules of DOMAIN.md ("The
 * ladder of assistance", its "Precisely" list) over a household, a policy
 * and a date. */
#ifndef CORE_LADDER_H
#define CORE_LADDER_H

#include <stdbool.h>

#include "assess.h"
#include "household.h"
#include "policy.h"

typedef struct {
	core_class cls;
	int members;           /* counted (n): the excluded left out */
	core_fen standard;     /* S */
	core_fen income;       /* H: what every test uses (after averaging
	                        * months and any rigid deduction) */
	core_fen rigid_annual; /* rigid spending of counted members, 12 months */
	core_fen deducted;     /* the monthly rigid deduction (0: off) */
	/* What the class pays for the month after the assessment: dibao its
	 * allowance and top-ups (or the withdrawal's month), destitute the
	 * basic standard per member plus care allowances, dibao_single the
	 * covered members' sums; 0 for marginal, rigid_hardship, none — except
	 * a household in its withdrawal months, paid what the withdrawal
	 * pays (in_withdrawal). */
	core_fen payment;
	bool in_withdrawal;
	core_fen class_payment; /* what the class pays by itself (0: no cash) */
	core_fen basic;        /* destitute: per person */
	core_fen care;         /* destitute: the care allowances together */
	bool care_missing;     /* destitute: care needed, no allowance in force */
	size_t n_covered;      /* dibao_single */
	size_t covered[CORE_MEMBERS_MAX]; /* indices into the household's members */
	core_fen covered_pay[CORE_MEMBERS_MAX];
	core_fen covered_topups; /* dibao_single: the top-ups within those */
	int reverify_months;   /* the class's re-verification interval (0: none) */
	/* A destitute household leaving that class while receiving: the
	 * schedule from what it received (in_withdrawal). */
	bool has_withdrawal;
	core_transition withdrawal;
} core_ladder;

/* Checks what needs the policy and the assessment date: an illness on the
 * policy's list, each month of income within the income window (the
 * window_months before the month of on), and an income given by months
 * with at least one month in it. Errors name the JSON path
 * (members[1].illness, members[0].incomes[2].months.2026-06). The
 * household must already pass core_household_validate. */
ds_status core_ladder_validate(const core_household *h, const core_policy *p,
                               core_date on, ds_error *err);

/* Classifies h under p on date on: fills a (the derivation: core_assess's
 * steps over the counted members, with the ladder's after them and the
 * facts — who is left out, months averaged — right after the standard)
 * and out. now, when given, is what the case receives: a receiving
 * household at or above S whose class pays less than its withdrawal is
 * paid the withdrawal (core_assess's, DOMAIN.md) — a dibao household
 * (or one whose class is not known) even when a member is now covered
 * alone, a 单人保 household only when it leaves that class; and — this module's
 * reading, for the lead to confirm — a destitute household (now's
 * class_now) that is no longer destitute and would be paid less than it
 * received gets the same kind of schedule from what it received, so that
 * no rise of income by a fen lowers its support. Fails,
 * naming the figure and the region, when the policy lacks a figure a rung
 * needs (a destitute basic standard, a fixed 单人保 sum), or as
 * core_ladder_validate does. A household that passes none of the rungs
 * is none. */
ds_status core_ladder_assess(const core_household *h, const core_policy *p,
                             core_date on, const core_case_now *now,
                             core_assessment *a, core_ladder *out,
                             ds_error *err);

/* The assessment a household is given: core_ladder_assess folded into a,
 * so that what the rest of the program reads of an assessment — eligible
 * (the class pays cash), the allowance, top-ups and payment, the
 * withdrawal — is what the class gives: destitute the basic standard per
 * member and the care allowances, together its allowance (no top-ups:
 * those are dibao's; the steps give each part); dibao_single the
 * covered members' sums (their top-ups as top-ups); marginal,
 * rigid_hardship and none nothing, unless the household is in its
 * withdrawal months, paid the withdrawal. A class that pays cash has no
 * reasons; one that does not keeps why it is not dibao. A policy with no
 * ladder gives core_assess's assessment, unclassified. */
ds_status core_assess_ladder(const core_household *h, const core_policy *p,
                             core_date on, const core_case_now *now,
                             core_assessment *a, ds_error *err);

#endif
