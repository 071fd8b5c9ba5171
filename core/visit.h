/* visit.h — a household verification visit: who came, who was there, what
 * was found (members, work and income, housing, assets, utility bills and
 * bank statements seen), the household's consent, and what changed since
 * the household file was last updated. */
#ifndef CORE_VISIT_H
#define CORE_VISIT_H

#include <stdbool.h>

#include "household.h"

#define CORE_VISIT_TEXT_MAX 2048
#define CORE_STAFF_MAX 64

typedef enum {
	CORE_CHANGE_JOINED,
	CORE_CHANGE_LEFT,
	CORE_CHANGE_DIED,
} core_change_kind;

const char *core_change_id(core_change_kind k);
int core_change_lookup(const char *id);

typedef struct {
	core_change_kind kind;
	char id_number[CORE_IDNUM_BUF];
	core_date date; /* when it happened; -1 when not known */
} core_composition;

typedef struct {
	core_date date;
	char staff[2][CORE_STAFF_MAX];       /* the two staff present */
	size_t n_present;
	char present[CORE_MEMBERS_MAX][CORE_IDNUM_BUF]; /* household members there */
	char consent_by[CORE_IDNUM_BUF];     /* who signed */
	core_date consent_at;
	char observations[CORE_VISIT_TEXT_MAX];
	char housing[CORE_TEXT_MAX];         /* The age from which a member may sign the household's consent. */
#define CORE_CONSENT_MIN_AGE 16

/* housing and living conditions */
	char assets_sighted[CORE_TEXT_MAX];
	char utilities_seen[CORE_TEXT_MAX];  /* readings or bills seen */
	char bank_seen[CORE_TEXT_MAX];       /* bank statements seen */
	size_t n_changes;
	core_composition changes[CORE_MEMBERS_MAX];
	bool has_members;  /* found.members replaces the household's */
	bool has_assets;   /* found's assets replace the household's */
	bool has_area;     /* found's township and village replace the household's */
	bool has_payee;    /* found's payee replaces the household's */
	bool has_supporters; /* found's supporters replace the household's */
	bool has_rigid;      /* found's rigid expenses replace the household's */
	core_household found; /* owned; region/address/receiving unused */
} core_visit;

void core_visit_init(core_visit *v);
void core_visit_free(core_visit *v);

/* The household after the visit: before, with the members, assets,
 * township and village, payee, supporters and rigid spending as found
 * where the visit gives them
 * (the members with their months of income; rigid spending of a member
 * no longer there leaves with them). out is fresh (free it). */
ds_status core_visit_apply(const core_visit *v, const core_household *before,
                           core_household *out, ds_error *err);

/* Checks a visit against the household before it and the household it
 * leaves (after): a date not in the future, two different staff, the
 * people present and the signer members of the household (the signer one
 * of those present, an adult), composition changes that match the member
 * lists (joined: in after and not before; left or died: the reverse), and
 * texts within limits. Errors name the JSON path (present[1], consent.at). */
ds_status core_visit_validate(const core_visit *v, const core_household *before,
                              const core_household *after, core_date today,
                              ds_error *err);

/* What changed between two households, for "since the last visit". */
typedef enum {
	CORE_DIFF_JOINED,        /* member: id, name */
	CORE_DIFF_LEFT,
	CORE_DIFF_DIED,
	CORE_DIFF_INCOME,        /* member income source: before -> after */
	CORE_DIFF_WORK,          /* able_to_work changed */
	CORE_DIFF_FINANCIAL,     /* financial assets: before -> after */
	CORE_DIFF_VEHICLES,      /* count before -> after */
	CORE_DIFF_HOMES,
	CORE_DIFF_TOWNSHIP,      /* was -> now: "name code" */
	CORE_DIFF_VILLAGE,
	CORE_DIFF_PAYEE,         /* the payee's name: was -> now */
	CORE_DIFF_BANK,
	CORE_DIFF_ACCOUNT,       /* masked but for the last four: was -> now */
	/* the facts at the door (issue 19) */
	CORE_DIFF_DISABILITY,    /* member: grade before -> after, type was_code -> now_code */
	CORE_DIFF_ILLNESS,       /* member: was -> now, identifiers ("" none) */
	CORE_DIFF_SELF_CARE,     /* member: was_code -> now_code */
	CORE_DIFF_EXCLUDED,      /* member: was_code -> now_code (0 counted) */
	CORE_DIFF_RIGID,         /* member: rigid spending, 12 months, before -> after */
	CORE_DIFF_SUPPORTERS,    /* how many before -> after; of them able, was_code -> now_code */
} core_diff_kind;

typedef struct {
	core_diff_kind kind;
	char name[CORE_NAME_MAX];
	char id_number[CORE_IDNUM_BUF];
	core_income_source source; /* CORE_DIFF_INCOME */
	core_fen before, after;    /* money, or counts, or 0/1 */
	char was[CORE_NAME_MAX], now[CORE_NAME_MAX]; /* area, payee: text */
	int was_code, now_code;    /* a list's value (disability type...) */
} core_diff;

#define CORE_DIFF_MAX 128

/* Fills out (up to max) with the differences; the changes recorded in the
 * visit say which members died rather than left. Returns the count. */
size_t core_household_diff(const core_household *before,
                           const core_household *after, const core_visit *v,
                           core_diff *out, size_t max);

#endif
