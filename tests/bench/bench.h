/* bench.h — what the benchmarks share: a monotonic clock, a way out, and
 * the line that states a target and whether this run met it. */
#ifndef TESTS_BENCH_H
#define TESTS_BENCH_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/status.h"

static inline double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline void bench_die(const char *prog, const char *what,
                             const ds_error *err)
{
	char msg[512] = "";
	if (err)
		ds_error_format(err, msg, sizeof(msg), NULL);
	fprintf(stderr, "%s: %s: %s\n", prog, what, msg);
	exit(1);
}

/* One target of the issues' tables, as `make bench` gathers them at the
 * end of its run: the figure (with its ratio to the baseline measured in
 * the same process), the target, and met or NOT met. */
static inline void bench_target(const char *row, long households,
                                const char *figure, const char *target,
                                bool met)
{
	printf("[target] %s, %ld households: %s; target %s: %s\n", row,
	       households, figure, target, met ? "met" : "NOT met");
	fflush(stdout);
}

#endif
