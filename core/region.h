/* region.h — names of the regions of GB/T 2260 codes, from the table
 * core/regions.tsv (its first line names its source), compiled in. */
#ifndef CORE_REGION_H
#define CORE_REGION_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	const char *code; /* six digits */
	const char *zh, *en;
} core_region_row;

/* The table, in the order of core/regions.tsv (gen/regions.c). */
extern const core_region_row core_regions[];
extern const size_t core_n_regions;

/* The name of a region code of 2, 4 or 6 digits (a policy's prefix or a
 * household's region): province, prefecture and county joined, in
 * Chinese (广东省广州市天河区) or in English (Tianhe District, Guangzhou,
 * Guangdong). out receives the name of the longest prefix the table
 * knows ("" when not even the province); true when it named the whole
 * code. */
bool core_region_name(const char *code, bool zh, char *out, size_t len);

#endif
