/* test_region.c — region names from the GB/T 2260 table (core/region.c):
 * a county joined with its prefecture and province in both languages, a
 * policy's 2- and 4-digit prefixes, a municipality's district, a
 * prefecture-level city without districts, the longest known prefix of an
 * unknown code, and what is no code at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/region.h"

static void expect(const char *code, bool whole, const char *zh,
                   const char *en)
{
	char out[256];
	bool got = core_region_name(code, true, out, sizeof(out));
	if (got != whole || strcmp(out, zh))
		fail_msg("%s (zh): %d \"%s\", wanted %d \"%s\"", code, got, out,
		         whole, zh);
	got = core_region_name(code, false, out, sizeof(out));
	if (got != whole || strcmp(out, en))
		fail_msg("%s (en): %d \"%s\", wanted %d \"%s\"", code, got, out,
		         whole, en);
}

static void test_counties(void **state)
{
	(void)state;
	expect("440106", true, "广东省广州市天河区", "Tianhe District, Guangzhou, Guangdong");
	expect("620121", true, "甘肃省兰州市永登县", "Yongdeng County, Lanzhou, Gansu");
	expect("330106", true, "浙江省杭州市西湖区", "Xihu District, Hangzhou, Zhejiang");
	expect("445102", true, "广东省潮州市湘桥区", "Xiangqiao District, Chaozhou, Guangdong");
	/* a municipality: the district follows the province */
	expect("310115", true, "上海市浦东新区", "Pudong New Area, Shanghai");
	/* a prefecture-level city without districts */
	expect("441900", true, "广东省东莞市", "Dongguan, Guangdong");
	expect("440100", true, "广东省广州市", "Guangzhou, Guangdong");
	expect("440000", true, "广东省", "Guangdong");
}

static void test_prefixes(void **state)
{
	(void)state;
	expect("44", true, "广东省", "Guangdong");
	expect("4401", true, "广东省广州市", "Guangzhou, Guangdong");
	expect("31", true, "上海市", "Shanghai");
	expect("33", true, "浙江省", "Zhejiang");
	expect("4420", true, "广东省中山市", "Zhongshan, Guangdong");
}

/* Every region prefix of the built-in policy has a whole name. */
static void test_policy_regions(void **state)
{
	static const char *const prefixes[] = {
		"31", "33", "620102", "620103", "620104", "620105", "620111",
		"4401", "4403", "4404", "4406", "4419", "4420", "44",
	};
	char out[256];
	(void)state;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!core_region_name(prefixes[i], true, out, sizeof(out)) || !out[0])
			fail_msg("%s has no name", prefixes[i]);
}

static void test_unknown(void **state)
{
	char out[8] = "x";
	(void)state;
	/* the longest known prefix, and false */
	expect("440199", false, "广东省广州市", "Guangzhou, Guangdong");
	expect("449901", false, "广东省", "Guangdong");
	expect("320102", false, "江苏省", "Jiangsu");
	/* no province, or no code */
	expect("990101", false, "", "");
	expect("00", false, "", "");
	expect("44010", false, "", "");
	expect("4401x6", false, "", "");
	expect("", false, "", "");
	assert_false(core_region_name(NULL, true, out, sizeof(out)));
	assert_string_equal(out, "");
	/* too small a buffer: nothing half written */
	strcpy(out, "x");
	assert_false(core_region_name("440106", true, out, sizeof(out)));
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counties),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_policy_regions),
		cmocka_unit_test(test_unknown),
	};
	return cmocka_run_group_tests_name("core_region", tests, NULL, NULL);
}
