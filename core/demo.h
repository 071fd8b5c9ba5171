/* demo.h — synthetic, realistic households for demonstrations, training and
 * benchmarks: Chinese names, valid ID numbers, regions from DOMAIN.md,
 * incomes around the local standards. Deterministic for a seed. */
#ifndef CORE_DEMO_H
#define CORE_DEMO_H

#include <stdint.h>

#include "date.h"
#include "household.h"
#include "money.h"

typedef struct {
	uint64_t state[4]; /* xoshiro256** */
} core_rng;

/* The state comes from splitmix64 over seed; any seed is fine, 0 too. */
void core_rng_seed(core_rng *r, uint64_t seed);
uint64_t core_rng_next(core_rng *r);
/* Uniform in [lo, hi], both inclusive, without modulo bias (rejection
 * sampling); the whole int64 range works. hi < lo gives lo. */
int64_t core_rng_range(core_rng *r, int64_t lo, int64_t hi);

/* The region a demo household is placed in and the monthly standard per
 * person there (demo data only: the real figures live in the policy). */
typedef struct {
	const char *region; /* six digits */
	core_fen standard;
} core_demo_region;

/* Fills h (initialised by the caller with core_household_init) with the
 * next synthetic household; arrays h already holds are freed first, so one
 * h can be reused in a loop. On error h is left as it was. The same seed,
 * regions and today give the same households, byte for byte.
 *
 * regions/n_regions: where households live (one picked at random per
 * household); every entry is checked: six digits, a standard above zero.
 * today: from 1970-01-01 (a negative date means "no date" elsewhere) to
 * 9999-12-31; members are born no later than it and receiving.since is
 * not after its month (from 2015-01 when today allows).
 *
 * What comes out: household shapes of a dibao caseload (the elderly alone
 * or in couples, single parents, three generations, grandparents raising
 * grandchildren, households with a severely disabled or ill member, a few
 * with a member who works), ID numbers that pass GB 11643-1999, incomes in
 * whole yuan with per-capita counted income mostly below the standard S
 * (about 10% in [0.9 S, S), 7% above S, 3% none), and
 * allowance = ceil_to_yuan(S n - H) for the about 85% receiving; those
 * above S or failing the default asset test are never receiving.
 *
 * Every household passes core_household_validate (checked before it is
 * returned). ID numbers are distinct within a household; across
 * households they are random: over 20,000 households about 6 of 44,000
 * repeat an earlier one (more in larger runs), so callers that need them
 * unique (a store) check and draw again.
 * Errors: DS_EUSAGE for NULL arguments or no regions, DS_EINPUT naming
 * today or regions[i], DS_ESYSTEM when out of memory. */
ds_status core_demo_household(core_rng *r, const core_demo_region *regions,
                              size_t n_regions, core_date today,
                              core_household *h, ds_error *err);

/* The regions of DOMAIN.md's table, one county-level code each, with
 * their 2023 standards; static storage. n_out (may be NULL) receives the
 * count. */
const core_demo_region *core_demo_regions(size_t *n_out);

#endif
