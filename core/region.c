/* region.c — a region code's name from the GB/T 2260 table: the province,
 * the prefecture and the county looked up one by one and joined. */
#include "region.h"

#include <stdio.h>
#include <string.h>

static const core_region_row *find(const char six[7])
{
	for (size_t i = 0; i < core_n_regions; i++)
		if (!memcmp(core_regions[i].code, six, 7))
			return &core_regions[i];
	return NULL;
}

bool core_region_name(const char *code, bool zh, char *out, size_t len)
{
	const core_region_row *level[3] = {NULL, NULL, NULL};
	size_t n = code ? strlen(code) : 0, used = 0;
	bool whole = true;
	char six[7];
	if (!len)
		return false;
	out[0] = '\0';
	if (n != 2 && n != 4 && n != 6)
		return false;
	for (size_t i = 0; i < n; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	/* 44 → 440000, 4401 → 440100, 440106 itself; a part "00" is absent */
	for (int l = 0; l < 3; l++) {
		size_t upto = 2 * (size_t)(l + 1);
		if (upto > n || (l && code[upto - 2] == '0' && code[upto - 1] == '0'))
			continue;
		memset(six, '0', 6);
		six[6] = '\0';
		memcpy(six, code, upto);
		level[l] = find(six);
		/* a municipality's districts follow the province (no 市辖区) */
		if (!level[l] && !(l == 1 && n == 6))
			whole = false;
		if (!level[0])
			return false;
		if (!level[l] && l == 2)
			whole = false;
	}
	for (int k = 0; k < 3; k++) {
		int l = zh ? k : 2 - k;
		int w;
		if (!level[l])
			continue;
		w = snprintf(out + used, len - used, "%s%s", zh || !used ? "" : ", ",
		             zh ? level[l]->zh : level[l]->en);
		if (w < 0 || (size_t)w >= len - used) {
			out[0] = '\0';
			return false;
		}
		used += (size_t)w;
	}
	return whole;
}
