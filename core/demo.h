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

void core_rng_seed(core_rng *r, uint64_t seed);
uint64_t core_rng_next(core_rng *r);
/* Uniform in [lo, hi], both inclusive. */
int64_t core_rng_range(core_rng *r, int64_t lo, int64_t hi);

/* The region a demo household is placed in and the monthly standard per
 * person there (demo data only: the real figures live in the policy). */
typedef struct {
	const char *region; /* six digits */
	core_fen standard;
} core_demo_region;

/* Fills h (initialised by the caller with core_household_init) with the
 * next synthetic household. regions/n_regions: where households live
 * (picked at random per household). today: ID numbers are born before it,
 * receiving.since is not after it. Every household passes
 * core_household_validate. Two calls never repeat an ID number within one
 * generator run unless the caller's seed repeats; callers still check. */
ds_status core_demo_household(core_rng *r, const core_demo_region *regions,
                              size_t n_regions, core_date today,
                              core_household *h, ds_error *err);

/* The regions of DOMAIN.md's table with their 2023 standards, as a demo
 * caseload spread; n_out receives the count. */
const core_demo_region *core_demo_regions(size_t *n_out);

#endif
