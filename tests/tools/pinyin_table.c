/* pinyin_table.c — makes tui/pinyin_table.c: every character of the CJK
 * basic block read by ICU's Han-Latin transliterators (as the interface
 * read them one at a time before there was a table), the readings as a
 * surname that differ, and the characters a surname sorts as. Run it again
 * when ICU's readings should be taken anew:
 *   build/tests/tools/pinyin_table > tui/pinyin_table.c
 * test_pinyin checks the table against ICU character by character. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/pinyin.h"
#include "tui/pinyin_table.h"

#define N (PINYIN_TABLE_LAST - PINYIN_TABLE_FIRST + 1)

static char syl[2048][PINYIN_SYL_MAX];
static size_t n_syl = 1; /* [0] none */

static int syl_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static unsigned syl_number(const char *s)
{
	char(*f)[PINYIN_SYL_MAX];
	if (!*s)
		return 0;
	f = bsearch(s, syl + 1, n_syl - 1, sizeof(*syl), syl_cmp);
	if (!f) {
		fprintf(stderr, "pinyin_table: %s not found\n", s);
		exit(1);
	}
	return (unsigned)(f - syl);
}

int main(void)
{
	static char common[N][PINYIN_SYL_MAX], surname[N][PINYIN_SYL_MAX];
	static uint32_t as[N];
	pinyin *p = pinyin_open();
	size_t n_surname = 0, n_as = 0;
	if (!p) {
		fprintf(stderr, "pinyin_table: ICU would not open\n");
		return 1;
	}
	for (uint32_t i = 0; i < N; i++) {
		uint32_t cp = PINYIN_TABLE_FIRST + i;
		pinyin_reading(p, cp, false, true, common[i]);
		pinyin_reading(p, cp, true, true, surname[i]);
		as[i] = pinyin_sorts_as(p, cp, true);
		for (int k = 0; k < 2; k++) {
			const char *s = k ? surname[i] : common[i];
			size_t j;
			if (!*s)
				continue;
			for (j = 1; j < n_syl && strcmp(syl[j], s); j++)
				;
			if (j == n_syl) {
				if (n_syl == sizeof(syl) / sizeof(*syl)) {
					fprintf(stderr, "pinyin_table: too many syllables\n");
					return 1;
				}
				memcpy(syl[n_syl++], s, PINYIN_SYL_MAX);
			}
		}
	}
	qsort(syl + 1, n_syl - 1, sizeof(*syl), syl_cmp);
	printf("/* pinyin_table.c — made by tests/tools/pinyin_table from ICU's Han-Latin\n"
	       " * transliterators (see tui/pinyin_table.h); do not edit. */\n"
	       "#include \"tui/pinyin_table.h\"\n\n"
	       "const char pinyin_table_syllable[][8] = {\n\t\"\",");
	for (size_t j = 1; j < n_syl; j++)
		printf("%s\"%s\",", j % 8 ? " " : "\n\t", syl[j]);
	printf("\n};\nconst size_t pinyin_table_syllables = %zu;\n\n", n_syl);
	printf("const uint16_t pinyin_table_common[PINYIN_TABLE_LAST - PINYIN_TABLE_FIRST + 1] = {");
	for (uint32_t i = 0; i < N; i++)
		printf("%s%u,", i % 16 ? " " : "\n\t", syl_number(common[i]));
	printf("\n};\n\nconst pinyin_table_pair pinyin_table_surname[] = {");
	for (uint32_t i = 0; i < N; i++)
		if (strcmp(common[i], surname[i]))
			printf("%s{0x%04X, %u},", n_surname++ % 6 ? " " : "\n\t",
			       (unsigned)(PINYIN_TABLE_FIRST + i), syl_number(surname[i]));
	printf("\n};\nconst size_t pinyin_table_n_surname = %zu;\n\n", n_surname);
	printf("const pinyin_table_pair pinyin_table_sorts_as[] = {");
	for (uint32_t i = 0; i < N; i++)
		if (as[i])
			printf("%s{0x%04X, 0x%04X},", n_as++ % 4 ? " " : "\n\t",
			       (unsigned)(PINYIN_TABLE_FIRST + i), (unsigned)as[i]);
	printf("\n};\nconst size_t pinyin_table_n_sorts_as = %zu;\n", n_as);
	pinyin_close(&p);
	return 0;
}
