/* bench.h — what the benchmarks share: a monotonic clock and a way out. */
#ifndef TESTS_BENCH_H
#define TESTS_BENCH_H

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

#endif
