/* test_names.c — the file names sync writes on a USB stick and reads back
 * (sync/names.c): what it makes it recognises, and nothing else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sync/sync.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define HEX "00112233445566778899aabbccddeeff"

static const unsigned char dev[SYNC_DEVICE_BYTES] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};

static void test_make(void **state)
{
	char out[128];
	(void)state;
	sync_name_make(out, sizeof(out), SYNC_NAME_UP, dev, 2, 7);
	assert_string_equal(out, "up-" HEX "-2-000007.dsb");
	sync_name_make(out, sizeof(out), SYNC_NAME_DOWN, dev, 2, 1234567);
	assert_string_equal(out, "down-" HEX "-1234567.dsb");
	sync_name_make(out, sizeof(out), SYNC_NAME_RECEIPT, dev, 1, 1);
	assert_string_equal(out, "receipt-" HEX "-1-000001.txt");
	sync_name_make(out, sizeof(out), SYNC_NAME_NONE, dev, 1, 1);
	assert_string_equal(out, "");
	/* the device's own wrappers write the same */
	sync_up_name(out, sizeof(out), dev, 2, 7);
	assert_string_equal(out, "up-" HEX "-2-000007.dsb");
	sync_down_name(out, sizeof(out), dev, 1234567);
	assert_string_equal(out, "down-" HEX "-1234567.dsb");
}

static const struct {
	const char *name;
	sync_name_kind kind;      /* what it parses as */
	sync_name_kind resembles; /* what it starts like */
	int64_t epoch, number;
} names[] = {
	/* odd names first: nothing but the exact form is read */
	{"", SYNC_NAME_NONE, SYNC_NAME_NONE, 0, 0},
	{"README.txt", SYNC_NAME_NONE, SYNC_NAME_NONE, 0, 0},
	{"up-", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-flipped.dsb", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-" HEX "-1-000001.dsb ", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{" up-" HEX "-1-000001.dsb", SYNC_NAME_NONE, SYNC_NAME_NONE, 0, 0},
	{"up-" HEX "-1-000001.dsb\n", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-" HEX "-1-000001 (1).dsb", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-" HEX "-1-000001.dsb.tmp-a1b2c3", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-" HEX "-1-00001.dsb", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-" HEX "-1-0000001.dsb", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-" HEX "-01-000001.dsb", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-" HEX "-0-000001.dsb", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-" HEX "-1-000000.dsb", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-" HEX "-1-+00001.dsb", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-" HEX "-1-99999999999999999999.dsb", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-00112233445566778899AABBCCDDEEFF-1-000001.dsb", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-00112233445566778899aabbccddeef-1-000001.dsb", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-" HEX "0-1-000001.dsb", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-" HEX "-1-000001.DSB", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-" HEX "-1-000001.txt", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-" HEX "-000001.dsb", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-\xe4\xb8\x80-1-000001.dsb", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"up-" HEX "-1-000001.dsb/x", SYNC_NAME_NONE, SYNC_NAME_UP, 0, 0},
	{"down-" HEX "-1-000001.dsb", SYNC_NAME_NONE, SYNC_NAME_DOWN, 0, 0},
	{"receipt-" HEX "-000001.txt", SYNC_NAME_NONE, SYNC_NAME_RECEIPT, 0, 0},
	{"receipt-" HEX "-1-000001.dsb", SYNC_NAME_NONE, SYNC_NAME_RECEIPT, 0, 0},
	/* the names sync writes */
	{"up-" HEX "-1-000001.dsb", SYNC_NAME_UP, SYNC_NAME_UP, 1, 1},
	{"up-" HEX "-12-999999.dsb", SYNC_NAME_UP, SYNC_NAME_UP, 12, 999999},
	{"up-" HEX "-3-1000000.dsb", SYNC_NAME_UP, SYNC_NAME_UP, 3, 1000000},
	{"down-" HEX "-000042.dsb", SYNC_NAME_DOWN, SYNC_NAME_DOWN, 0, 42},
	{"receipt-" HEX "-2-000003.txt", SYNC_NAME_RECEIPT, SYNC_NAME_RECEIPT, 2, 3},
};

static void test_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(names); i++) {
		unsigned char got[SYNC_DEVICE_BYTES] = {0};
		int64_t e = -1, n = -1;
		sync_name_kind k = sync_name_parse(names[i].name, got, &e, &n);
		if (k != names[i].kind)
			fail_msg("\"%s\": kind %d, wanted %d", names[i].name, (int)k,
			         (int)names[i].kind);
		if (sync_name_resembles(names[i].name) != names[i].resembles)
			fail_msg("\"%s\": resembles %d", names[i].name,
			         (int)sync_name_resembles(names[i].name));
		if (k == SYNC_NAME_NONE)
			continue;
		assert_memory_equal(got, dev, SYNC_DEVICE_BYTES);
		assert_int_equal(n, names[i].number);
		if (k != SYNC_NAME_DOWN)
			assert_int_equal(e, names[i].epoch);
		/* epoch and number may be left out */
		assert_int_equal(sync_name_parse(names[i].name, got, NULL, NULL), k);
	}
}

/* Every name made parses back to what made it. */
static void test_round_trip(void **state)
{
	static const int64_t nums[] = {1, 9, 999999, 1000000, 123456789012LL};
	(void)state;
	for (int k = SYNC_NAME_UP; k <= SYNC_NAME_RECEIPT; k++)
		for (size_t i = 0; i < N(nums); i++) {
			char name[128];
			unsigned char got[SYNC_DEVICE_BYTES];
			int64_t e, n;
			sync_name_make(name, sizeof(name), (sync_name_kind)k, dev,
			               nums[N(nums) - 1 - i], nums[i]);
			assert_int_equal(sync_name_parse(name, got, &e, &n), k);
			assert_int_equal(n, nums[i]);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_make),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests_name("sync_names", tests, NULL, NULL);
}
