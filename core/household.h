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
} core_income;

typedef struct {
	char name[CORE_NAME_MAX];
	char id_number[CORE_IDNUM_BUF];
	core_relation relation;
	unsigned categories; /* bit (1u << core_category) */
	bool able_to_work;
	bool refuses_work; /* able to work, of working age, and refuses it */
	size_t n_incomes;
	core_income incomes[CORE_INCOMES_MAX];
} core_member;

typedef struct {
	char description[CORE_TEXT_MAX];
	bool exempt;
} core_vehicle;

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
} core_household;

void core_household_init(core_household *h);
void core_household_free(core_household *h); /* frees arrays, keeps h */
/* Deep copy; dst must be freed (or fresh); returns DS_ESYSTEM on ENOMEM. */
ds_status core_household_copy(core_household *dst, const core_household *src);

/* Appends an empty member/vehicle and returns it; NULL past the limits or
 * when out of memory (err says which). */
core_member *core_household_add_member(core_household *h, ds_error *err);
core_vehicle *core_household_add_vehicle(core_household *h, ds_error *err);
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
 * Errors name the field by its JSON path, e.g. members[1].id_number. */
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
 * date (the member's age then; see CORE_ELDERLY_MIN_AGE). The ID number
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

#endif
