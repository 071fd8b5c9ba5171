/* test_wipe.c — the interface's wiping (tui/wipe): NULL and empty first,
 * jansson's frees routed through the wiping free, a household emptied and
 * its address wiped, the stack and key queue wiped without harm. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui/wipe.h"

static void test_null(void **state)
{
	(void)state;
	wipe_free(NULL);
	wipe_household(NULL);
}

static void test_wipe_free(void **state)
{
	char *s = strdup("欧阳明月 440106194703030219");
	(void)state;
	assert_non_null(s);
	wipe_free(s); /* no leak, no double free: ASan and LeakSanitizer say */
	wipe_free(malloc(0));
}

static void test_json(void **state)
{
	json_malloc_t m = NULL;
	json_free_t f = NULL;
	json_t *j;
	char *text;
	(void)state;
	wipe_json_install();
	json_get_alloc_funcs(&m, &f);
	assert_ptr_equal(m, malloc);
	assert_ptr_not_equal(f, free); /* frees go through the wipe */
	/* values made and freed with it work as before */
	j = json_pack("{s:s, s:[s]}", "name", "欧阳明月", "ids",
	              "440106194703030219");
	assert_non_null(j);
	text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(text, "{\"ids\":[\"440106194703030219\"],\"name\":\"欧阳明月\"}");
	free(text); /* json_dumps' text is freed with free(), as before */
	json_decref(j);
	json_set_alloc_funcs(malloc, free);
}

static void test_wipe_household(void **state)
{
	core_household h;
	core_member *m;
	(void)state;
	core_household_init(&h);
	snprintf(h.region, sizeof(h.region), "440106");
	snprintf(h.address, sizeof(h.address), "石牌街道潭村东约77号");
	m = core_household_add_member(&h, NULL);
	assert_non_null(m);
	snprintf(m->name, sizeof(m->name), "欧阳明月");
	assert_non_null(core_household_add_vehicle(&h, NULL));
	wipe_household(&h);
	assert_null(h.members);
	assert_null(h.vehicles);
	assert_int_equal(h.n_members, 0);
	assert_int_equal(h.n_vehicles, 0);
	for (size_t i = 0; i < sizeof(h.address); i++)
		assert_int_equal(h.address[i], 0);
	assert_string_equal(h.region, "");
	wipe_household(&h); /* twice is harmless */
}

static void test_stack(void **state)
{
	(void)state;
	wipe_stack(); /* returns, and the caller's frame is intact */
	wipe_stack();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null),
		cmocka_unit_test(test_wipe_free),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_wipe_household),
		cmocka_unit_test(test_stack),
	};
	return cmocka_run_group_tests_name("wipe", tests, NULL, NULL);
}
