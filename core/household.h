/* household.h — the household model: region, address, members with their
 * incomes, assets, and the allowance being received. Identifiers are the
 * ones in DOMAIN.md, used in files and on the command line. */
#ifndef CORE_HOUSEHOLD_H
#define CORE_HOUSEHOLD_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "idnum.h"
#include "money.h"
#include "status.h"

/* X(enum suffix, identifier, counted by default) */
#define CORE_INCOME_LIST(X)                                   \
	X(WAGES, "wages", true)                               \
	X(FLEXIBLE_WORK, "flexible_work", true)               \
	X(BUSINESS, "business", true)                         \
	X(AGRICULTURE, "agriculture", true)                   \
	X(PROPERTY, "property", true)                         \
	X(FAMILY_SUPPORT, "family_support", true)             \
	X(PENSION, "pension", true)                           \
	X(UNEMPLOYMENT, "unemployment_insurance", true)       \
	X(COMPENSATION, "compensation", true)                 \
	X(OTHER_COUNTED, "other_counted", true)               \
	X(SPECIAL_CARE, "special_care", false)                \
	X(FAMILY_PLANNING, "family_planning_reward", false)   \
	X(SCHOLARSHIP, "scholarship", false)                  \
	X(BRAVERY_AWARD, "bravery_award", false)              \
	X(SOCIAL_ASSISTANCE, "social_assistance", false)      \
	X(RESIDENT_PENSION, "resident_basic_pension", false)  \
	X(OTHER_EXEMPT, "other_exempt", false)

/* X(enum suffix, identifier, from the ID number): the age categories are
 * derived from the birth date in the ID number, never taken as declared;
 * the others are declared. */
#define CORE_CATEGORY_LIST(X)                           \
	X(ELDERLY, "elderly", true)                     \
	X(MINOR, "minor", true)                         \
	X(SEVERE_DISABILITY, "severe_disability", false) \
	X(SEVERE_ILLNESS, "severe_illness", false)      \
	X(STUDENT, "student", false)

#define CORE_RELATION_LIST(X)     \
	X(HEAD, "head")           \
	X(SPOUSE, "spouse")       \
	X(CHILD, "child")         \
	X(PARENT, "parent")       \
	X(SIBLING, "sibling")     \
	X(GRANDCHILD, "grandchild") \
	X(GRANDPARENT, "grandparent") \
	X(OTHER, "other")

/* The facts of the ladder of assistance (DOMAIN.md, "The ladder of
 * assistance"). Each list's enum has 0 for "not given" (the zero of a
 * fresh member or household), so its identifiers start at 1. */

/* X(enum suffix, identifier, severe at grade 3): a disability's type. */
#define CORE_DISABILITY_LIST(X)                     \
	X(PHYSICAL, "physical", false)              \
	X(VISUAL, "visual", false)                  \
	X(HEARING, "hearing", false)                \
	X(SPEECH, "speech", false)                  \
	X(INTELLECTUAL, "intellectual", true)       \
	X(MENTAL, "mental", true)                   \
	X(MULTIPLE, "multiple", false)

/* X(enum suffix, identifier): how far a person looks after themselves. */
#define CORE_SELF_CARE_LIST(X)          \
	X(FULL, "full")                 \
	X(PARTIAL, "partial")           \
	X(NONE, "none")

/* X(enum suffix, identifier): why a person is left out of the household
 * count (clergy living apart 3 years or more, in prison, in compulsory
 * rehabilitation, declared missing). */
#define CORE_EXCLUSION_LIST(X)                   \
	X(CLERGY_APART, "clergy_apart")          \
	X(PRISON, "prison")                      \
	X(REHABILITATION, "rehabilitation")      \
	X(MISSING, "missing")

/* X(enum suffix, identifier): kinds of rigid spending. */
#define CORE_EXPENSE_LIST(X)                     \
	X(MEDICAL, "medical")                    \
	X(REHABILITATION, "rehabilitation")      \
	X(EDUCATION, "education")

/* X(enum suffix, identifier): how an income's monthly figure is known. */
#define CORE_BASIS_LIST(X)              \
	X(DECLARED, "declared")         \
	X(MONTHS, "months")             \
	X(ANNUAL, "annual")

/* X(enum suffix, identifier, pays cash by default): the classes of the
 * ladder, in the order they are tried. */
#define CORE_CLASS_LIST(X)                          \
	X(DESTITUTE, "destitute", true)             \
	X(DIBAO, "dibao", true)                     \
	X(DIBAO_SINGLE, "dibao_single", true)       \
	X(MARGINAL, "marginal", false)              \
	X(RIGID_HARDSHIP, "rigid_hardship", false)  \
	X(NONE, "none", false)

typedef enum {
	CORE_DISABILITY_NOT_GIVEN = 0,
#define X(e, id, severe3) CORE_DISABILITY_##e,
	CORE_DISABILITY_LIST(X)
#undef X
	CORE_DISABILITY_END
} core_disability;

typedef enum {
	CORE_SELF_CARE_NOT_GIVEN = 0,
#define X(e, id) CORE_SELF_CARE_##e,
	CORE_SELF_CARE_LIST(X)
#undef X
	CORE_SELF_CARE_END
} core_self_care;

typedef enum {
	CORE_EXCLUSION_NOT_GIVEN = 0, /* counted in the household */
#define X(e, id) CORE_EXCLUSION_##e,
	CORE_EXCLUSION_LIST(X)
#undef X
	CORE_EXCLUSION_END
} core_exclusion;

typedef enum {
	CORE_EXPENSE_NOT_GIVEN = 0,
#define X(e, id) CORE_EXPENSE_##e,
	CORE_EXPENSE_LIST(X)
#undef X
	CORE_EXPENSE_END
} core_expense_kind;

typedef enum {
#define X(e, id) CORE_BASIS_##e,
	CORE_BASIS_LIST(X)
#undef X
	CORE_BASIS_END
} core_income_basis;

typedef enum {
#define X(e, id, cash) CORE_CLASS_##e,
	CORE_CLASS_LIST(X)
#undef X
	CORE_CLASS_COUNT
} core_class;

/* Identifiers and look-ups of the lists above: "" (or "?" out of range)
 * for the not-given 0; lookup gives -1 when unknown, never 0. allowed
 * gives "physical, visual, ..." for error messages (static storage). */
const char *core_disability_id(core_disability d);
int core_disability_lookup(const char *id);
const char *core_disability_allowed(void);
/* Whether a disability of this grade and type is severe: grade 1 or 2,
 * or grade 3 intellectual or mental (DOMAIN.md). */
bool core_disability_severe(int grade, core_disability type);
const char *core_self_care_id(core_self_care c);
int core_self_care_lookup(const char *id);
const char *core_self_care_allowed(void);
const char *core_exclusion_id(core_exclusion e);
int core_exclusion_lookup(const char *id);
const char *core_exclusion_allowed(void);
const char *core_expense_id(core_expense_kind k);
int core_expense_lookup(const char *id);
const char *core_expense_allowed(void);
const char *core_basis_id(core_income_basis b);
int core_basis_lookup(const char *id);
const char *core_class_id(core_class c);
int core_class_lookup(const char *id);
/* Whether a class pays cash by default (marginal, rigid hardship and none
 * pay none: their changes are no cliffs in money). */
bool core_class_pays(core_class c);

typedef enum {
#define X(e, id, counted) CORE_INCOME_##e,
	CORE_INCOME_LIST(X)
#undef X
	CORE_INCOME_COUNT
} core_income_source;

typedef enum {
#define X(e, id, aged) CORE_CAT_##e,
	CORE_CATEGORY_LIST(X)
#undef X
	CORE_CAT_COUNT
} core_category;

/* The bits of the categories that come from the ID number. */
#define CORE_CAT_FROM_ID                                               \
	(0u CORE_CATEGORY_LIST(CORE_CAT_FROM_ID_BIT_))
#define CORE_CAT_FROM_ID_BIT_(e, id, aged) | ((aged) ? 1u << CORE_CAT_##e : 0u)

/* The ages of the age categories, from DOMAIN.md ("Age categories
 * (elderly >= 60, minor < 18) follow the birth date in the ID number at
 * the assessment date; a declared category that contradicts it is an
 * error"): elderly at 60 or over, a minor under 18. */
#define CORE_ELDERLY_MIN_AGE 60
#define CORE_ADULT_AGE 18

typedef enum {
#define X(e, id) CORE_REL_##e,
	CORE_RELATION_LIST(X)
#undef X
	CORE_REL_COUNT
} core_relation;

const char *core_income_id(core_income_source s);
bool core_income_counted_nationally(core_income_source s);
const char *core_category_id(core_category c);
/* Whether the category comes from the ID number (elderly, minor). */
bool core_category_from_id(core_category c);
const char *core_relation_id(core_relation r);
/* Look-ups by identifier; -1 when unknown. */
int core_income_lookup(const char *id);
int core_category_lookup(const char *id);
int core_relation_lookup(const char *id);
/* "wages, flexible_work, ..." for error messages; static storage. */
const char *core_income_allowed(void);
const char *core_category_allowed(void);
const char *core_relation_allowed(void);

#define CORE_NAME_MAX 64      /* bytes of UTF-8, with the NUL */
#define CORE_ADDRESS_MAX 256
#define CORE_TEXT_MAX 256
#define CORE_REGION_LEN 6
#define CORE_MEMBERS_MAX 30
#define CORE_INCOMES_MAX 20
#define CORE_VEHICLES_MAX 20
#define CORE_HOMES_MAX 99
/* Statistical area codes under the six-digit region (GB/T 2260 and the
 * statistics bureau's 统计用区划代码): a township (乡镇/街道) is 9 digits,
 * a village or community (村/社区) 12, each beginning with the one above. */
#define CORE_TOWNSHIP_LEN 9
#define CORE_VILLAGE_LEN 12
#define CORE_ACCOUNT_MAX 33 /* a bank account's digits, with the NUL */

typedef struct {
	core_income_source source;
	core_fen monthly;
	core_month since;  /* when it began; 0 when not known */
	bool irregular;    /* varies month to month (seasonal, casual work) */
	/* How monthly is known: declared (as written, the default), months
	 * (the household's income_months for this member and source, averaged
	 * over the policy's window by the ladder) or annual (seasonal income,
	 * the year's figure below divided by 12). */
	unsigned char basis; /* a core_income_basis: one byte, in the padding
	                      * after irregular (an income stays 32 bytes) */
	core_fen annual;   /* when basis is annual */
} core_income;

/* One month of one member's income (basis months): the member by ID
 * number, the income by its source (one income per source a member).
 * Kept in the household, not in the income, so that a member stays a
 * small fixed struct that is copied whole. */
typedef struct {
	char id_number[CORE_IDNUM_BUF];
	core_income_source source;
	core_month month;
	core_fen amount;
} core_income_month;

#define CORE_ILLNESS_MAX 32       /* an identifier on the policy's list */
#define CORE_SUPPORTERS_MAX 20
#define CORE_RIGID_MAX 40
#define CORE_INCOME_MONTHS_MAX 2000 /* 30 members x 20 incomes, months each */

typedef struct {
	char name[CORE_NAME_MAX];
	char id_number[CORE_IDNUM_BUF];
	core_relation relation;
	unsigned categories; /* bit (1u << core_category) */
	bool able_to_work;
	bool refuses_work; /* able to work, of working age, and refuses it */
	/* The ladder's facts; 0 and "" are "not given". */
	int disability_grade;          /* 1 (most severe) to 4 */
	core_disability disability_type;
	char illness[CORE_ILLNESS_MAX]; /* on the policy's list of serious illnesses */
	core_self_care self_care;
	core_exclusion excluded;       /* left out of the household count, and why */
	size_t n_incomes;
	core_income incomes[CORE_INCOMES_MAX];
} core_member;

typedef struct {
	char description[CORE_TEXT_MAX];
	bool exempt;
} core_vehicle;

/* Someone outside the household with a legal duty to support its
 * members (法定赡养、抚养、扶养义务人). */
typedef struct {
	char name[CORE_NAME_MAX];
	char relation[CORE_NAME_MAX]; /* in words: "son of 王秀英" */
	bool able;                    /* able to support them */
	char reason[CORE_TEXT_MAX];   /* why not able ("" when able) */
} core_supporter;

/* Rigid spending (out of pocket) of one member over the last 12 months. */
typedef struct {
	char id_number[CORE_IDNUM_BUF]; /* the member, by ID number */
	core_expense_kind kind;
	core_fen annual;
	char evidence[CORE_TEXT_MAX];
} core_rigid_expense;

/* An area under the region: its code ("" when not known) and its name. */
typedef struct {
	char code[CORE_VILLAGE_LEN + 1];
	char name[CORE_NAME_MAX];
} core_area;

/* Who the allowance is paid to: a person and an account ("" when not
 * known: such a household's roll line says the account is missing). */
typedef struct {
	char name[CORE_NAME_MAX];
	char bank[CORE_NAME_MAX];
	char account[CORE_ACCOUNT_MAX]; /* digits only */
} core_payee;

typedef struct {
	char region[CORE_REGION_LEN + 1];
	core_area township;   /* 9-digit code under region */
	core_area village;    /* 12-digit code under township */
	core_payee payee;
	char address[CORE_ADDRESS_MAX];
	size_t n_members;
	core_member *members; /* owned; n_members entries */
	core_fen financial;
	size_t n_vehicles;
	core_vehicle *vehicles; /* owned */
	int homes;
	core_date last_verified; /* last verified before this store; 0: unknown */
	bool receiving;
	core_fen allowance;   /* when receiving */
	core_month since;     /* when receiving */
	/* The ladder's facts (owned; 0 and NULL when none given). */
	size_t n_supporters;
	core_supporter *supporters;
	size_t n_rigid;
	core_rigid_expense *rigid;
	size_t n_income_months;
	core_income_month *income_months;
} core_household;

void core_household_init(core_household *h);
void core_household_free(core_household *h); /* frees arrays, keeps h */
/* Deep copy; dst must be freed (or fresh); returns DS_ESYSTEM on ENOMEM. */
ds_status core_household_copy(core_household *dst, const core_household *src);

/* Appends an empty member/vehicle and returns it; NULL past the limits or
 * when out of memory (err says which). */
core_member *core_household_add_member(core_household *h, ds_error *err);
core_vehicle *core_household_add_vehicle(core_household *h, ds_error *err);
/* Appends an empty supporter, rigid expense or month of income (the
 * ladder's facts); NULL past the limits or when out of memory. */
core_supporter *core_household_add_supporter(core_household *h, ds_error *err);
core_rigid_expense *core_household_add_rigid(core_household *h, ds_error *err);
core_income_month *core_household_add_income_month(core_household *h,
                                                   ds_error *err);
/* Removes member i, keeping the order of the others. */
void core_household_remove_member(core_household *h, size_t i);

/* Validates the whole household: a six-digit region, an address, the
 * township (9 digits under the region) and village (12 under the
 * township) each with a name when its code is given, a payee either
 * absent or with a name, a bank and an account of 10 to 30 digits (its
 * check digit is a warning's business, core_account_luhn_ok), one head,
 * names, valid and distinct ID numbers (born no later than today; pass
 * today < 0 to skip), amounts within range, and no declared age category
 * that the ID number contradicts today (none checked when today < 0).
 * Errors name the field by its JSON path, e.g. members[1].id_number.
 * The ladder's facts, when given: a disability grade of 1 to 4 with a
 * known type (and no type without a grade), known self-care and
 * exclusion reasons, not everyone excluded, no declared severe_disability
 * that the grade and type contradict, incomes by months with months not
 * in the future and amounts of 0 or more, supporters with a name and a
 * relation, rigid expenses of a member with a kind and an amount. What
 * needs the policy (the list of illnesses, the window) is
 * core_ladder_validate's. */
ds_status core_household_validate(const core_household *h, core_date today,
                                  ds_error *err);

/* Whether a and b hold the same household: the same region, address,
 * township, village, payee, assets, last verification and allowance,
 * and the same people by ID
 * number (in any order), each with the same name, relation, categories,
 * work and incomes (in order). Money and dates are compared as values, so
 * "1,165.50" and "1165.5" in a file are the same. When they differ, where
 * gets the field of a (its JSON path, e.g. members[1].incomes) where the
 * first difference is; "members" when b has people a lacks. What a
 * re-run import compares with what it imported before. */
bool core_household_same(const core_household *a, const core_household *b,
                         char *where, size_t len);

/* The member's categories on a date: the declared ones other than age,
 * and elderly or minor from the birth date in the ID number on that
 * date (the member's age then; see CORE_ELDERLY_MIN_AGE), and
 * severe_disability and severe_illness from the facts when they are
 * given (a severe disability grade and type, an illness). The ID number
 * must be valid (validated households only). */
unsigned core_member_categories(const core_member *m, core_date on);
/* Whether an age category (elderly or minor) holds for the member on a
 * date, by the ID number. */
bool core_member_aged(const core_member *m, core_category c, core_date on);
/* Clears the age categories a household declares: they are facts of the
 * ID numbers, kept nowhere (a store keeps only declared categories, so a
 * minor stored last year is not a contradiction when she turns 18). */
void core_household_drop_age_categories(core_household *h);

/* Index of the head of household, or 0 when none is marked. */
size_t core_household_head(const core_household *h);
core_fen core_member_income_total(const core_member *m);

/* Validates one person's name: present, valid UTF-8, no control
 * characters, within CORE_NAME_MAX. */
ds_status core_name_check(const char *name, const char *field, ds_error *err);
ds_status core_text_check(const char *text, size_t max, bool required,
                          const char *field, ds_error *err);
ds_status core_region_check(const char *region, const char *field,
                            ds_error *err);

/* An income as a month's declared figure, whatever its basis: as
 * declared; a year's divided by 12; the average of every month given for
 * it (each rounded half up to the fen; 0 when none is given). For rules
 * that compare with what a household declared (the cross-checks); an
 * assessment averages over its own income window instead. */
core_fen core_income_declared(const core_household *h, const core_member *m,
                              const core_income *in);

#endif
