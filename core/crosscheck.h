/* crosscheck.h — cross-checks against other departments' data: the sources,
 * the columns of their extracts, one row read and checked, and the rules
 * (DOMAIN.md) that raise a flag for a person to review. Pure: the caller
 * reads the file and finds the household; a flag never decides anything. */
#ifndef CORE_CROSSCHECK_H
#define CORE_CROSSCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "household.h"
#include "idnum.h"
#include "money.h"
#include "policy.h"
#include "status.h"

/* What a source's rows hold: a use per month (kWh, m3), an amount per
 * month (yuan), or registrations (a description and a date). */
typedef enum { CORE_XC_USE, CORE_XC_MONEY, CORE_XC_REGISTRY } core_xc_kind;

/* X(enum suffix, identifier, kind, rule enum suffix) */
#define CORE_XC_SOURCE_LIST(X)                                        \
	X(ELECTRICITY, "electricity", CORE_XC_USE, ELECTRICITY_USE)    \
	X(WATER, "water", CORE_XC_USE, WATER_USE)                      \
	X(GAS, "gas", CORE_XC_USE, GAS_USE)                            \
	X(BANK, "bank", CORE_XC_MONEY, BANK_INFLOW)                    \
	X(PROPERTY, "property", CORE_XC_REGISTRY, UNDECLARED_HOME)     \
	X(VEHICLE, "vehicle", CORE_XC_REGISTRY, UNDECLARED_VEHICLE)    \
	X(BUSINESS, "business", CORE_XC_REGISTRY, UNDECLARED_BUSINESS) \
	X(SOCIAL_INSURANCE, "social_insurance", CORE_XC_MONEY,         \
	  CONTRIBUTION_ABOVE_WAGES)

/* X(enum suffix, identifier): one rule per source, and the province's
 * (a person paid in two counties in a month: core_xc_elsewhere).
 * Identifiers fit core_flag.rule. */
#define CORE_XC_RULE_LIST(X)                                   \
	X(ELECTRICITY_USE, "electricity_use")                  \
	X(WATER_USE, "water_use")                              \
	X(GAS_USE, "gas_use")                                  \
	X(BANK_INFLOW, "bank_inflow")                          \
	X(UNDECLARED_HOME, "undeclared_home")                  \
	X(UNDECLARED_VEHICLE, "undeclared_vehicle")            \
	X(UNDECLARED_BUSINESS, "undeclared_business")          \
	X(CONTRIBUTION_ABOVE_WAGES, "contribution_above_wages")  \
	X(ENROLLED_ELSEWHERE, "enrolled_elsewhere")

typedef enum {
#define X(e, id, kind, rule) CORE_XC_##e,
	CORE_XC_SOURCE_LIST(X)
#undef X
	CORE_XC_SOURCE_COUNT
} core_xc_source;

typedef enum {
#define X(e, id) CORE_XC_RULE_##e,
	CORE_XC_RULE_LIST(X)
#undef X
	CORE_XC_RULE_COUNT
} core_xc_rule;

const char *core_xc_source_id(core_xc_source s);
int core_xc_source_lookup(const char *id); /* -1 when unknown */
/* "electricity, water, ..." for error messages; static storage. */
const char *core_xc_source_allowed(void);
core_xc_kind core_xc_source_kind(core_xc_source s);
core_xc_rule core_xc_source_rule(core_xc_source s);
const char *core_xc_rule_id(core_xc_rule r);
int core_xc_rule_lookup(const char *id); /* -1 when unknown */

/* ---- columns --------------------------------------------------------------- */

/* X(enum suffix, identifier, Chinese header, another Chinese header or
 * NULL) */
#define CORE_XC_COLUMN_LIST(X)                                     \
	X(ID_NUMBER, "id_number", "身份证号", NULL)                \
	X(PERIOD, "period", "期间", NULL)                          \
	X(VALUE, "value", "金额", "数值")                          \
	X(DESCRIPTION, "description", "描述", NULL)                \
	X(REGISTERED, "registered", "登记日期", NULL)

typedef enum {
#define X(e, id, zh, zh2) CORE_XC_COL_##e,
	CORE_XC_COLUMN_LIST(X)
#undef X
	CORE_XC_COL_COUNT
} core_xc_column;

const char *core_xc_column_id(core_xc_column c);
/* The column a header names (ASCII case and surrounding spaces ignored,
 * full-width letters folded), or -1. */
int core_xc_column_lookup(const char *header);
/* Whether a source's rows need the column. */
bool core_xc_column_required(core_xc_source s, core_xc_column c);

typedef struct {
	size_t n_columns;            /* fields the header row has */
	int col[CORE_XC_COL_COUNT];  /* field index of each needed column, or -1 */
} core_xc_header;

/* Maps a header row for a source: every column the source needs must be
 * there, once. Columns it does not need are extra: kept as evidence.
 * Errors name the column (where) and say what is wrong. */
ds_status core_xc_header_map(core_xc_source src, const char *const *names,
                             size_t n, core_xc_header *out, ds_error *err);
/* Whether field i is one of the mapped columns (else it is extra). */
bool core_xc_header_mapped(const core_xc_header *hd, size_t i);

/* ---- rows ------------------------------------------------------------------ */

#define CORE_XC_VALUE_MAX ((int64_t)100000000000LL) /* hundredths: 1e9 units */

typedef struct {
	long line;                     /* where the row starts in the file */
	char id_number[CORE_IDNUM_BUF];/* canonical */
	core_month period;             /* use and money sources */
	int64_t value;                 /* hundredths: fen, or 0.01 kWh / m3 */
	char description[CORE_TEXT_MAX]; /* registry sources */
	core_date registered;          /* registry sources */
} core_xc_row;

/* Reads one data row of n fields under a mapped header. A period or a
 * registration after today is refused (today < 0: not checked). Errors
 * name the column by its identifier, e.g. where "id_number", message
 * "check character should be X"; a row of the wrong length has where "". */
ds_status core_xc_row_parse(core_xc_source src, const core_xc_header *hd,
                            const char *const *fields, size_t n,
                            core_date today, core_xc_row *out, ds_error *err);

/* A decimal number with at most two decimals, not negative, as
 * hundredths: "12", "12.5", "1,234.56", full-width digits. */
ds_status core_xc_decimal_parse(const char *s, int64_t *out,
                                const char *field, ds_error *err);

/* How many distinct periods rows have: the months an extract covers. */
int core_xc_months(const core_xc_row *rows, size_t n);

/* The member of h with this ID number, or -1. */
int core_xc_member_of(const core_household *h, const char *id_number);

/* ---- rules ------------------------------------------------------------------- */

typedef struct {
	core_fen standard;          /* S for the household's region, today */
	/* Use per person per month above which a utility flags (0: not
	 * checked): kWh, m3, m3. */
	int electricity, water, gas;
	/* Which declared incomes the policy counts: the bank rule compares
	 * with all of them and says how much of each kind it used. */
	bool counted[CORE_INCOME_COUNT];
} core_xc_limits;

/* The limits of a policy, with the standard already looked up. */
void core_xc_limits_from_policy(const core_policy *p, core_fen standard,
                                core_xc_limits *out);

#define CORE_XC_FIGURES 10
#define CORE_XC_FIGURE_BUF 32

typedef struct {
	size_t row;        /* index into the rows given */
	size_t member;     /* index of the member in the household */
	bool has_compared;
	core_fen compared; /* what this row was compared with (declared wages) */
} core_xc_evidence;

typedef struct {
	core_xc_rule rule;
	core_xc_source source;
	int n_figures;
	struct {
		const char *name; /* identifier, static */
		char value[CORE_XC_FIGURE_BUF];
	} figures[CORE_XC_FIGURES];
	size_t n_evidence;
	core_xc_evidence *evidence; /* owned: core_xc_flag_free */
} core_xc_flag;

void core_xc_flag_init(core_xc_flag *f);
void core_xc_flag_free(core_xc_flag *f);
/* The value of a figure by name, or NULL. */
const char *core_xc_figure(const core_xc_flag *f, const char *name);

/* Applies the rule of src to household h. rows are the extract's rows;
 * those whose ID number is no member's are ignored. months is how many
 * periods the whole extract covers (0: counted from the member rows), for
 * monthly averages. *raised tells whether the rule fired; out is filled
 * then (free it with core_xc_flag_free either way). Fails only when out
 * of memory.
 *
 *   bank: average monthly inflow of the members > declared household
 *     income (every member's incomes, counted or not) + S x n;
 *   property, vehicle: more registered (distinct descriptions) than the
 *     household declares homes / vehicles;
 *   business: a registration, and no member declares business income;
 *   social_insurance: a contribution base above the member's declared
 *     earned income: wages, flexible work and business (none: 0);
 *   electricity, water, gas: average monthly use per member above the
 *     policy's threshold (0: not checked). */
ds_status core_crosscheck(const core_household *h, core_xc_source src,
                          const core_xc_row *rows, size_t n, int months,
                          const core_xc_limits *lim, bool *raised,
                          core_xc_flag *out, ds_error *err);

/* ---- the province's finding ---------------------------------------------------- */

/* Where the province's flags say they come from (the body's "source"):
 * not a department's extract. */
#define CORE_XC_FROM_PROVINCE "province"

/* The province found the person who is member `member` of h paid by this
 * county and by another (county, a six-digit code; household, its random
 * id there) in the same month (DOMAIN.md, "Cross-checks"): the flag of
 * rule enrolled_elsewhere, its figures month (YYYY-MM), other_county and
 * other_household, its evidence the member. The province matched them by
 * pseudonym; the caller has made the member's pseudonym again and found it
 * equal. DS_EINPUT naming the field when member is not one of h's, the
 * county is not six digits or the household id is not 32 hex digits; out
 * (free it with core_xc_flag_free) is filled only on success. */
ds_status core_xc_elsewhere(const core_household *h, size_t member,
                            core_month month, const char *county,
                            const char *household, core_xc_flag *out,
                            ds_error *err);

#endif
