/* test_list.c — the list engine (tui/list): moving within the ends,
 * paging that keeps the cursor's place, the cursor kept in view, a pager
 * whose last page is full, the count changing under the cursor, and
 * search round the end with "n of m". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tui/list.h"

static ui_list make(size_t n, size_t page)
{
	ui_list l;
	memset(&l, 0, sizeof(l));
	list_set_count(&l, n);
	list_show(&l, page);
	return l;
}

static void test_moves_stop_at_the_ends(void **state)
{
	ui_list l = make(5, 3);
	(void)state;
	assert_false(list_move_by(&l, LIST_UP));
	assert_int_equal(l.cursor, 0);
	for (int i = 0; i < 10; i++)
		list_move_by(&l, LIST_DOWN);
	assert_int_equal(l.cursor, 4);
	assert_false(list_move_by(&l, LIST_DOWN));
	assert_true(list_move_by(&l, LIST_HOME));
	assert_int_equal(l.cursor, 0);
	assert_true(list_move_by(&l, LIST_END));
	assert_int_equal(l.cursor, 4);
}

static void test_empty_list(void **state)
{
	ui_list l = make(0, 10);
	(void)state;
	assert_false(list_move_by(&l, LIST_DOWN));
	assert_false(list_move_by(&l, LIST_END));
	assert_false(list_move_by(&l, LIST_PGDN));
	assert_int_equal(l.cursor, 0);
	assert_int_equal(l.top, 0);
}

static void test_cursor_kept_in_view(void **state)
{
	ui_list l = make(100, 10);
	(void)state;
	for (int i = 0; i < 15; i++)
		list_move_by(&l, LIST_DOWN);
	list_show(&l, 10);
	assert_int_equal(l.cursor, 15);
	assert_true(l.top <= 15 && 15 < l.top + 10);
	list_move_by(&l, LIST_HOME);
	list_show(&l, 10);
	assert_int_equal(l.top, 0);
	list_move_by(&l, LIST_END);
	list_show(&l, 10);
	assert_int_equal(l.top, 90);
}

static void test_page_down_keeps_the_place(void **state)
{
	ui_list l = make(100, 10);
	(void)state;
	list_move_by(&l, LIST_DOWN);
	list_move_by(&l, LIST_DOWN); /* third row of the screen */
	assert_true(list_move_by(&l, LIST_PGDN));
	list_show(&l, 10);
	/* a page is the rows shown less one, which stays in sight */
	assert_int_equal(l.cursor, 11);
	assert_int_equal(l.cursor - l.top, 2);
	list_move_by(&l, LIST_PGUP);
	list_show(&l, 10);
	assert_int_equal(l.cursor, 2);
	assert_int_equal(l.top, 0);
	for (int i = 0; i < 20; i++)
		list_move_by(&l, LIST_PGDN);
	assert_int_equal(l.cursor, 99);
	list_show(&l, 10);
	assert_int_equal(l.top, 90);
}

static void test_count_shrinks_under_the_cursor(void **state)
{
	ui_list l = make(50, 10);
	(void)state;
	list_move_by(&l, LIST_END);
	list_show(&l, 10);
	list_set_count(&l, 7);
	assert_int_equal(l.cursor, 6);
	list_show(&l, 10);
	assert_int_equal(l.top, 0);
	list_set_count(&l, 0);
	assert_int_equal(l.cursor, 0);
}

static void test_pager_scrolls_to_a_full_last_page(void **state)
{
	ui_list l;
	(void)state;
	memset(&l, 0, sizeof(l));
	l.pager = true;
	list_set_count(&l, 30);
	list_show(&l, 10);
	list_move_by(&l, LIST_END);
	assert_int_equal(l.top, 20);
	assert_false(list_move_by(&l, LIST_DOWN));
	list_move_by(&l, LIST_PGUP);
	assert_int_equal(l.top, 11);
	list_move_by(&l, LIST_HOME);
	assert_int_equal(l.top, 0);
	/* shorter than a screen: nothing to scroll */
	list_set_count(&l, 4);
	assert_false(list_move_by(&l, LIST_PGDN));
	assert_int_equal(l.top, 0);
}

static const char *const rows[] = {"zhang", "li", "wang", "zhao", "zhou"};

static bool match(size_t i, const char *q, char *what, size_t len, void *ctx)
{
	(void)ctx;
	if (!strstr(rows[i], q))
		return false;
	if (what && len)
		snprintf(what, len, "%s", rows[i]);
	return true;
}

static void test_search_round_the_end(void **state)
{
	ui_list l = make(5, 3);
	char what[32];
	size_t which;
	(void)state;
	snprintf(l.query, sizeof(l.query), "zh");
	assert_true(list_find(&l, 1, true, match, NULL, what, sizeof(what)));
	assert_int_equal(l.cursor, 0);
	assert_string_equal(what, "zhang");
	assert_int_equal(list_matches(&l, match, NULL, &which), 3);
	assert_int_equal(which, 1);
	assert_true(list_find(&l, 1, false, match, NULL, what, sizeof(what)));
	assert_int_equal(l.cursor, 3);
	assert_true(list_find(&l, 1, false, match, NULL, what, sizeof(what)));
	assert_int_equal(l.cursor, 4);
	list_matches(&l, match, NULL, &which);
	assert_int_equal(which, 3);
	/* round the end, both ways */
	assert_true(list_find(&l, 1, false, match, NULL, what, sizeof(what)));
	assert_int_equal(l.cursor, 0);
	assert_true(list_find(&l, -1, false, match, NULL, what, sizeof(what)));
	assert_int_equal(l.cursor, 4);
	assert_string_equal(what, "zhou");
	/* nothing matches: the cursor stays */
	snprintf(l.query, sizeof(l.query), "qian");
	assert_false(list_find(&l, 1, true, match, NULL, what, sizeof(what)));
	assert_int_equal(l.cursor, 4);
	assert_string_equal(what, "");
	assert_int_equal(list_matches(&l, match, NULL, &which), 0);
	/* an empty query finds nothing */
	l.query[0] = '\0';
	assert_false(list_find(&l, 1, true, match, NULL, what, sizeof(what)));
}

/* A query typed: capitals and UTF-8 bytes go in, Backspace takes a
 * whole character off, a control key is refused, a full query keeps what
 * it has. */
static void test_query_edit(void **state)
{
	char q[8] = "";
	(void)state;
	assert_true(list_query_edit(q, sizeof(q), 'Q', false));
	/* 张: e5 bc a0 */
	assert_true(list_query_edit(q, sizeof(q), 0xe5, false));
	assert_true(list_query_edit(q, sizeof(q), 0xbc, false));
	assert_true(list_query_edit(q, sizeof(q), 0xa0, false));
	assert_string_equal(q, "Q\xe5\xbc\xa0");
	assert_false(list_query_edit(q, sizeof(q), 27, false));
	assert_false(list_query_edit(q, sizeof(q), '\t', false));
	assert_string_equal(q, "Q\xe5\xbc\xa0");
	assert_true(list_query_edit(q, sizeof(q), 0, true));
	assert_string_equal(q, "Q");
	assert_true(list_query_edit(q, sizeof(q), 0, true));
	assert_true(list_query_edit(q, sizeof(q), 0, true)); /* empty stays */
	assert_string_equal(q, "");
	for (int i = 0; i < 20; i++)
		list_query_edit(q, sizeof(q), 'a', false);
	assert_int_equal(strlen(q), sizeof(q) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moves_stop_at_the_ends),
		cmocka_unit_test(test_empty_list),
		cmocka_unit_test(test_cursor_kept_in_view),
		cmocka_unit_test(test_page_down_keeps_the_place),
		cmocka_unit_test(test_count_shrinks_under_the_cursor),
		cmocka_unit_test(test_pager_scrolls_to_a_full_last_page),
		cmocka_unit_test(test_search_round_the_end),
		cmocka_unit_test(test_query_edit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
