/* test_demo.c — the demo generator: its random numbers, its determinism,
 * and whether 20,000 of its households look like a dibao caseload. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/demo.h"
#include "core/text.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define CAT(c) (1u << CORE_CAT_##c)
#define SEVERE (CAT(SEVERE_DISABILITY) | CAT(SEVERE_ILLNESS))
#define MANY 20000

/* ---- helpers --------------------------------------------------------- */

static core_date ymd(int y, int m, int d)
{
	return core_date_from_ymd(y, m, d);
}

/* n households from seed, all generated successfully. */
static core_household *generate(uint64_t seed, core_date today, size_t n)
{
	size_t nr;
	const core_demo_region *regions = core_demo_regions(&nr);
	core_household *hs = calloc(n, sizeof(*hs));
	core_rng r;
	ds_error err;

	assert_non_null(hs);
	core_rng_seed(&r, seed);
	for (size_t i = 0; i < n; i++) {
		core_household_init(&hs[i]);
		if (core_demo_household(&r, regions, nr, today, &hs[i], &err)) {
			char msg[512];
			ds_error_format(&err, msg, sizeof(msg), NULL);
			print_error("household %zu: %s\n", i, msg);
			fail();
		}
	}
	return hs;
}

static void release(core_household *hs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		core_household_free(&hs[i]);
	free(hs);
}

static core_fen standard_of(const char *region)
{
	size_t nr;
	const core_demo_region *regions = core_demo_regions(&nr);
	for (size_t i = 0; i < nr; i++)
		if (strcmp(regions[i].region, region) == 0)
			return regions[i].standard;
	fail_msg("region %s is not a demo region", region);
	return 0;
}

static core_fen counted_income(const core_household *h)
{
	core_fen sum = 0;
	for (size_t i = 0; i < h->n_members; i++)
		for (size_t k = 0; k < h->members[i].n_incomes; k++)
			if (core_income_counted_nationally(
			            h->members[i].incomes[k].source))
				sum += h->members[i].incomes[k].monthly;
	return sum;
}

static bool has_relation(const core_household *h, core_relation rel)
{
	for (size_t i = 0; i < h->n_members; i++)
		if (h->members[i].relation == rel)
			return true;
	return false;
}

static bool has_category(const core_household *h, unsigned cats)
{
	for (size_t i = 0; i < h->n_members; i++)
		if (h->members[i].categories & cats)
			return true;
	return false;
}

static bool has_income(const core_member *m, core_income_source s)
{
	for (size_t k = 0; k < m->n_incomes; k++)
		if (m->incomes[k].source == s)
			return true;
	return false;
}

/* Every field, byte for byte (padding aside). */
static bool same_household(const core_household *a, const core_household *b)
{
	if (memcmp(a->region, b->region, sizeof(a->region)) ||
	    memcmp(a->address, b->address, sizeof(a->address)) ||
	    a->n_members != b->n_members || a->financial != b->financial ||
	    a->n_vehicles != b->n_vehicles || a->homes != b->homes ||
	    a->receiving != b->receiving || a->allowance != b->allowance ||
	    a->since != b->since)
		return false;
	for (size_t i = 0; i < a->n_members; i++) {
		const core_member *x = &a->members[i], *y = &b->members[i];
		if (memcmp(x->name, y->name, sizeof(x->name)) ||
		    memcmp(x->id_number, y->id_number, sizeof(x->id_number)) ||
		    x->relation != y->relation ||
		    x->categories != y->categories ||
		    x->able_to_work != y->able_to_work ||
		    x->n_incomes != y->n_incomes)
			return false;
		for (size_t k = 0; k < x->n_incomes; k++)
			if (x->incomes[k].source != y->incomes[k].source ||
			    x->incomes[k].monthly != y->incomes[k].monthly)
				return false;
	}
	for (size_t i = 0; i < a->n_vehicles; i++)
		if (memcmp(a->vehicles[i].description, b->vehicles[i].description,
		           sizeof(a->vehicles[i].description)) ||
		    a->vehicles[i].exempt != b->vehicles[i].exempt)
			return false;
	return true;
}

/* A person's name: 2 to 4 CJK characters, valid UTF-8, no spaces. */
static bool plausible_name(const char *name)
{
	size_t len = strlen(name), n = 0;
	uint32_t cp;
	if (!len || len >= CORE_NAME_MAX || !core_utf8_valid(name, len))
		return false;
	for (const char *p = name; *p;) {
		size_t k = core_utf8_decode(p, strlen(p), &cp);
		if (!k || cp < 0x4E00 || cp > 0x9FFF)
			return false; /* also refuses ' ' and U+3000 */
		p += k;
		n++;
	}
	return n >= 2 && n <= 4;
}

static bool first_char_equal(const char *a, const char *b)
{
	uint32_t ca, cb;
	size_t na = core_utf8_decode(a, strlen(a), &ca);
	size_t nb = core_utf8_decode(b, strlen(b), &cb);
	return na && nb && ca == cb;
}

/* ---- random numbers -------------------------------------------------- */

static void test_rng_reference(void **state)
{
	/* xoshiro256** seeded by splitmix64, computed independently */
	static const struct {
		uint64_t seed;
		uint64_t out[4];
	} cases[] = {
		{0, {0x99ec5f36cb75f2b4u, 0xbf6e1f784956452au,
		     0x1a5f849d4933e6e0u, 0x6aa594f1262d2d2cu}},
		{42, {0x15780b2e0c2ec716u, 0x6104d9866d113a7eu,
		      0xae17533239e499a1u, 0xecb8ad4703b360a1u}},
		{UINT64_MAX, {0x8f5520d52a7ead08u, 0xc476a018caa1802du,
		              0x81de31c0d260469eu, 0xbf658d7e065f3c2fu}},
	};
	core_rng r;
	(void)state;

	core_rng_seed(&r, 0);
	/* splitmix64's first output for 0 is the well-known 0xe220a8397b1dcdaf */
	assert_true(r.state[0] == 0xe220a8397b1dcdafu);
	for (size_t c = 0; c < COUNT(cases); c++) {
		core_rng_seed(&r, cases[c].seed);
		for (int i = 0; i < 4; i++)
			assert_true(core_rng_next(&r) == cases[c].out[i]);
	}
}

static void test_rng_range_bounds(void **state)
{
	static const struct {
		int64_t lo, hi;
	} cases[] = {
		{0, 0},
		{5, 5},
		{0, 1},
		{1, 6},
		{-3, 3},
		{-1000000, 1000000},
		{INT64_MIN, INT64_MIN + 1},
		{INT64_MAX - 1, INT64_MAX},
		{INT64_MIN, 0},
		{-1, INT64_MAX},
		{INT64_MIN, INT64_MAX},
	};
	core_rng r;
	(void)state;

	core_rng_seed(&r, 7);
	for (size_t c = 0; c < COUNT(cases); c++) {
		int64_t lo = cases[c].lo, hi = cases[c].hi;
		uint64_t span = (uint64_t)hi - (uint64_t)lo; /* minus one */
		bool seen[8] = {false}, neg = false, pos = false;
		for (int i = 0; i < 20000; i++) {
			int64_t v = core_rng_range(&r, lo, hi);
			assert_true(v >= lo && v <= hi);
			if (span < 8)
				seen[(uint64_t)v - (uint64_t)lo] = true;
			neg |= v < 0;
			pos |= v > 0;
		}
		if (span < 8)
			for (uint64_t k = 0; k <= span; k++)
				assert_true(seen[k]);
		if (lo == INT64_MIN && hi == INT64_MAX)
			assert_true(neg && pos);
	}
	/* an empty range gives its lower end */
	assert_true(core_rng_range(&r, 10, 3) == 10);
}

/* Pearson's chi-square on a die, in integers: the statistic for 5
 * degrees of freedom stays under 20.5 (p = 0.001). */
static void test_rng_range_uniform_small(void **state)
{
	enum { SIDES = 6, DRAWS = 600000 };
	int64_t counts[SIDES] = {0}, expect = DRAWS / SIDES, sum = 0;
	core_rng r;
	(void)state;

	core_rng_seed(&r, 12345);
	for (int i = 0; i < DRAWS; i++)
		counts[core_rng_range(&r, 1, SIDES) - 1]++;
	for (int k = 0; k < SIDES; k++)
		sum += (counts[k] - expect) * (counts[k] - expect);
	print_message("die over %d draws: chi-square %lld.%02lld (< 20.5)\n",
	              DRAWS, (long long)(sum / expect),
	              (long long)(sum * 100 / expect % 100));
	assert_true(sum * 10 < 205 * expect);
}

/* A span of 2/3 of 2^64 is where plain x % span is most biased: the lower
 * half would come up two times in three. Rejection keeps it at one half. */
static void test_rng_range_rejects_bias(void **state)
{
	const uint64_t span = UINT64_C(0xAAAAAAAAAAAAAAAA);
	const int64_t lo = INT64_MIN;
	const int64_t hi = (int64_t)(span - 1 - (UINT64_C(1) << 63));
	const int64_t mid = (int64_t)(span / 2 - (UINT64_C(1) << 63));
	int lower = 0, draws = 40000;
	core_rng r;
	(void)state;

	core_rng_seed(&r, 99);
	for (int i = 0; i < draws; i++) {
		int64_t v = core_rng_range(&r, lo, hi);
		assert_true(v >= lo && v <= hi);
		lower += v < mid;
	}
	print_message("lower half of a 2/3*2^64 span: %d of %d\n", lower, draws);
	assert_in_range(lower, draws * 48 / 100, draws * 52 / 100);
}

/* ---- regions and arguments ------------------------------------------- */

static void test_demo_regions(void **state)
{
	static const struct {
		const char *region;
		core_fen standard;
	} want[] = {
		{"310115", 151000}, {"330106", 114900}, {"620102", 92000},
		{"440106", 116500}, {"440304", 116500}, {"440604", 103700},
		{"441900", 103700}, {"445102", 85700},
	};
	size_t n = 0;
	const core_demo_region *r = core_demo_regions(&n);
	(void)state;

	assert_non_null(r);
	assert_int_equal(n, COUNT(want));
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(r[i].region, want[i].region);
		assert_true(r[i].standard == want[i].standard);
		assert_int_equal(core_region_check(r[i].region, "r", NULL), DS_OK);
	}
	assert_ptr_equal(core_demo_regions(NULL), r);
}

static void test_demo_bad_arguments(void **state)
{
	size_t nr;
	const core_demo_region *regions = core_demo_regions(&nr);
	const core_demo_region bad_code[] = {{"12345", 100000}};
	const core_demo_region bad_std[] = {{"440106", 116500}, {"445102", 0}};
	core_date today = ymd(2024, 6, 15);
	core_household h;
	core_rng r;
	ds_error err;
	(void)state;

	core_rng_seed(&r, 1);
	core_household_init(&h);
	assert_int_equal(core_demo_household(NULL, regions, nr, today, &h, &err),
	                 DS_EUSAGE);
	assert_int_equal(core_demo_household(&r, NULL, nr, today, &h, &err),
	                 DS_EUSAGE);
	assert_int_equal(core_demo_household(&r, regions, 0, today, &h, &err),
	                 DS_EUSAGE);
	assert_int_equal(core_demo_household(&r, regions, nr, today, NULL, &err),
	                 DS_EUSAGE);
	assert_int_equal(core_demo_household(&r, regions, nr, -1, &h, &err),
	                 DS_EINPUT);
	assert_string_equal(err.where, "today");
	assert_int_equal(core_demo_household(&r, regions, nr,
	                                     ymd(1969, 12, 31), &h, NULL),
	                 DS_EINPUT);
	assert_int_equal(core_demo_household(&r, bad_code, 1, today, &h, &err),
	                 DS_EINPUT);
	assert_string_equal(err.where, "regions[0].region");
	assert_int_equal(core_demo_household(&r, bad_std, 2, today, &h, &err),
	                 DS_EINPUT);
	assert_string_equal(err.where, "regions[1].standard");
	/* nothing was filled in */
	assert_int_equal(h.n_members, 0);
	assert_null(h.members);
	assert_null(h.vehicles);

	/* a failure leaves an earlier household as it was */
	assert_int_equal(core_demo_household(&r, regions, nr, today, &h, &err),
	                 DS_OK);
	{
		core_household copy;
		assert_int_equal(core_household_copy(&copy, &h), DS_OK);
		assert_int_equal(core_demo_household(&r, bad_std, 2, today, &h,
		                                     &err),
		                 DS_EINPUT);
		assert_true(same_household(&copy, &h));
		core_household_free(&copy);
	}
	core_household_free(&h);
}

/* One household reused in a loop: the old arrays are freed (ASan would
 * report the leak otherwise). */
static void test_demo_reuses_household(void **state)
{
	size_t nr;
	const core_demo_region *regions = core_demo_regions(&nr);
	core_date today = ymd(2024, 6, 15);
	core_household h;
	core_rng r;
	(void)state;

	core_rng_seed(&r, 5);
	core_household_init(&h);
	for (int i = 0; i < 200; i++) {
		assert_int_equal(core_demo_household(&r, regions, nr, today, &h,
		                                     NULL),
		                 DS_OK);
		assert_int_equal(core_household_validate(&h, today, NULL), DS_OK);
	}
	core_household_free(&h);
}

/* ---- determinism ----------------------------------------------------- */

static void test_demo_deterministic(void **state)
{
	enum { N = 1000 };
	core_date today = ymd(2024, 6, 15);
	core_household *a = generate(20240615, today, N);
	core_household *b = generate(20240615, today, N);
	core_household *c = generate(20240616, today, N);
	size_t differ = 0;
	(void)state;

	for (size_t i = 0; i < N; i++) {
		if (!same_household(&a[i], &b[i]))
			fail_msg("household %zu differs for the same seed", i);
		differ += !same_household(&a[i], &c[i]);
	}
	print_message("seeds 20240615 and 20240616: %zu of %d households differ\n",
	              differ, N);
	assert_true(differ >= N - 5);
	release(a, N);
	release(b, N);
	release(c, N);
}

/* ---- validity -------------------------------------------------------- */

static void test_demo_validates(void **state)
{
	/* an ordinary day, a leap day, the first month of the `since` range,
	 * and the ends of the dates the generator accepts */
	static const struct {
		int y, m, d;
		size_t n;
	} days[] = {
		{2024, 6, 15, MANY}, {2024, 2, 29, 2000}, {2015, 1, 1, 2000},
		{2016, 12, 31, 2000}, {1970, 1, 1, 500}, {9999, 12, 31, 500},
	};
	(void)state;

	for (size_t t = 0; t < COUNT(days); t++) {
		core_date today = ymd(days[t].y, days[t].m, days[t].d);
		core_month now = core_month_of_date(today);
		core_month first = core_month_make(2015, 1);
		core_household *hs = generate(t + 1, today, days[t].n);
		for (size_t i = 0; i < days[t].n; i++) {
			const core_household *h = &hs[i];
			ds_error err;
			if (core_household_validate(h, today, &err)) {
				char msg[512];
				ds_error_format(&err, msg, sizeof(msg), NULL);
				fail_msg("%d-%02d-%02d household %zu: %s",
				         days[t].y, days[t].m, days[t].d, i, msg);
			}
			if (h->receiving) {
				assert_true(h->since <= now);
				assert_true(h->since >= (first < now ? first : now));
			}
		}
		release(hs, days[t].n);
	}
}

/* Ages, relations, categories, names and ID numbers hang together. */
static void test_demo_members(void **state)
{
	core_date today = ymd(2024, 6, 15);
	core_household *hs = generate(2, today, MANY);
	size_t members = 0, local_region = 0, children = 0, same_surname = 0;
	(void)state;

	for (size_t i = 0; i < MANY; i++) {
		const core_household *h = &hs[i];
		size_t head = core_household_head(h);
		const core_member *hm = &h->members[head];
		int head_age = core_idnum_age(hm->id_number, today);
		core_sex head_sex = core_idnum_sex(hm->id_number);

		assert_true(h->n_members >= 1 && h->n_members <= 8);
		assert_int_equal(hm->relation, CORE_REL_HEAD);
		assert_true(head_age >= 18);
		for (size_t k = 0; k < h->n_members; k++) {
			const core_member *m = &h->members[k];
			const char *id = m->id_number;
			int age = core_idnum_age(id, today), diff = head_age - age;
			char canon[CORE_IDNUM_BUF];

			members++;
			assert_true(plausible_name(m->name));
			assert_int_equal(core_idnum_parse(id, today, canon, "id",
			                                  NULL),
			                 DS_OK);
			assert_string_equal(canon, id);
			assert_true(id[17] == core_idnum_check_char(id));
			if (memcmp(id, h->region, 6) == 0) {
				local_region++;
			} else {
				int prov = (id[0] - '0') * 10 + (id[1] - '0');
				assert_in_range(prov, 11, 65);
				assert_true(m->relation == CORE_REL_SPOUSE ||
				            m->relation == CORE_REL_OTHER);
			}
			for (size_t j = 0; j < k; j++)
				assert_string_not_equal(h->members[j].id_number, id);

			/* age categories are not declared but follow the ID
			 * number; severe means not able to work */
			assert_int_equal(m->categories & CORE_CAT_FROM_ID, 0);
			assert_int_equal(!!(core_member_categories(m, today) & CAT(ELDERLY)),
			                 age >= 60);
			assert_int_equal(!!(core_member_categories(m, today) & CAT(MINOR)),
			                 age < 18);
			if (m->categories & CAT(STUDENT))
				assert_in_range(age, 6, 22);
			if (m->categories & SEVERE)
				assert_false(m->able_to_work);
			if (m->able_to_work) {
				assert_in_range(age, 18, 59);
				assert_false(m->categories & CAT(STUDENT));
			}

			switch (m->relation) {
			case CORE_REL_HEAD:
				assert_int_equal(k, head);
				break;
			case CORE_REL_SPOUSE:
			case CORE_REL_OTHER: /* a partner, not married */
				assert_int_not_equal(core_idnum_sex(id), head_sex);
				assert_true(diff >= -8 && diff <= 8);
				break;
			case CORE_REL_CHILD:
				assert_in_range(diff, 18, 40);
				if (head_sex == CORE_SEX_MALE) {
					children++;
					same_surname +=
					        first_char_equal(m->name, hm->name);
				}
				break;
			case CORE_REL_PARENT:
				assert_in_range(-diff, 18, 40);
				break;
			case CORE_REL_GRANDCHILD:
				assert_in_range(diff, 36, 80);
				break;
			case CORE_REL_GRANDPARENT:
				assert_in_range(-diff, 36, 80);
				break;
			case CORE_REL_SIBLING:
				assert_true(diff >= -12 && diff <= 12);
				break;
			default:
				fail_msg("unexpected relation %d", (int)m->relation);
			}

			/* sources a dibao household declares, one entry each,
			 * in whole yuan */
			for (size_t j = 0; j < m->n_incomes; j++) {
				core_income_source s = m->incomes[j].source;
				assert_true(m->incomes[j].monthly > 0);
				assert_true(m->incomes[j].monthly % 100 == 0);
				assert_true(s == CORE_INCOME_WAGES ||
				            s == CORE_INCOME_FLEXIBLE_WORK ||
				            s == CORE_INCOME_BUSINESS ||
				            s == CORE_INCOME_AGRICULTURE ||
				            s == CORE_INCOME_FAMILY_SUPPORT ||
				            s == CORE_INCOME_PENSION ||
				            s == CORE_INCOME_RESIDENT_PENSION ||
				            s == CORE_INCOME_SOCIAL_ASSISTANCE);
				if (s == CORE_INCOME_RESIDENT_PENSION ||
				    s == CORE_INCOME_PENSION)
					assert_true(age >= 60);
				if (s == CORE_INCOME_WAGES ||
				    s == CORE_INCOME_BUSINESS)
					assert_true(m->able_to_work);
				for (size_t q = 0; q < j; q++)
					assert_int_not_equal(m->incomes[q].source, s);
			}
		}
	}
	print_message("ID numbers from the household's own region: %zu of %zu "
	              "(%zu.%zu%%)\n",
	              local_region, members, local_region * 100 / members,
	              local_region * 1000 / members % 10);
	print_message("children of a male head with his surname: %zu of %zu\n",
	              same_surname, children);
	assert_true(local_region * 100 >= members * 85);
	assert_true(local_region < members);
	assert_true(same_surname * 100 >= children * 80);
	release(hs, MANY);
}

static int compare_ids(const void *a, const void *b)
{
	return memcmp(a, b, CORE_IDNUM_BUF);
}

/* Distinct within a household (validation refuses duplicates); across
 * households they are random, so a few repeat: measured, not forbidden. */
static void test_demo_id_collisions(void **state)
{
	core_date today = ymd(2024, 6, 15);
	core_household *hs = generate(3, today, MANY);
	size_t n = 0, dup = 0;
	char (*ids)[CORE_IDNUM_BUF];
	(void)state;

	for (size_t i = 0; i < MANY; i++)
		n += hs[i].n_members;
	ids = calloc(n, sizeof(*ids));
	assert_non_null(ids);
	n = 0;
	for (size_t i = 0; i < MANY; i++)
		for (size_t k = 0; k < hs[i].n_members; k++)
			memcpy(ids[n++], hs[i].members[k].id_number,
			       CORE_IDNUM_BUF);
	qsort(ids, n, sizeof(*ids), compare_ids);
	for (size_t i = 1; i < n; i++)
		dup += memcmp(ids[i - 1], ids[i], CORE_IDNUM_BUF) == 0;
	print_message("ID numbers repeated across %d households: %zu of %zu "
	              "(%zu per 100,000)\n",
	              MANY, dup, n, dup * 100000 / n);
	assert_true(dup * 1000 < n); /* under 0.1% */
	free(ids);
	release(hs, MANY);
}

/* ---- the caseload as a whole ----------------------------------------- */

static void test_demo_distribution(void **state)
{
	core_date today = ymd(2024, 6, 15);
	core_household *hs = generate(4, today, MANY);
	size_t risen = 0;
	size_t receiving = 0, above = 0, near = 0, zero = 0, low_assets = 0,
	       big_assets = 0, with_vehicle = 0, cars = 0, exempt = 0,
	       homes[3] = {0}, rural = 0, urban = 0, members = 0;
	size_t alone = 0, couple = 0, single_parent = 0, three_gen = 0,
	       grandchildren = 0, grandparent = 0, siblings = 0, severe = 0,
	       working = 0;
	unsigned cats = 0, rels = 0;
	(void)state;

	for (size_t i = 0; i < MANY; i++) {
		const core_household *h = &hs[i];
		core_fen s = standard_of(h->region);
		core_fen sn = s * (core_fen)h->n_members;
		core_fen income = counted_income(h);
		const core_member *head = &h->members[core_household_head(h)];
		bool only_minor_children = h->n_members > 1;

		members += h->n_members;
		if (h->receiving && sn - income > 0) {
			receiving++;
			/* the allowance is S n - H, rounded up to a yuan once */
			assert_true(h->allowance == core_money_ceil_yuan(sn - income));
			assert_true(h->allowance % 100 == 0);
		} else if (h->receiving) {
			/* income rose since the last assessment: an older
			 * allowance, due for gradual withdrawal */
			receiving++;
			risen++;
			assert_true(h->allowance >= 10000 && h->allowance % 100 == 0);
			assert_true(h->allowance <= core_money_ceil_yuan(sn / 2 + 100));
		}
		above += income > sn;
		near += income * 10 >= sn * 9 && income < sn;
		zero += income == 0;
		low_assets += h->financial <= 2000000;
		big_assets += h->financial > 4000000;
		with_vehicle += h->n_vehicles > 0;
		for (size_t v = 0; v < h->n_vehicles; v++) {
			cars += !h->vehicles[v].exempt;
			exempt += h->vehicles[v].exempt;
			assert_true(core_utf8_valid(h->vehicles[v].description,
			                            strlen(h->vehicles[v].description)));
		}
		assert_in_range(h->homes, 0, 2);
		homes[h->homes]++;
		assert_true(core_utf8_valid(h->address, strlen(h->address)));
		assert_null(strchr(h->address, ' '));
		if (strstr(h->address, "镇") && strstr(h->address, "村") &&
		    strstr(h->address, "组"))
			rural++;
		else if (strstr(h->address, "街道") && strstr(h->address, "社区") &&
		         strstr(h->address, "室"))
			urban++;
		else
			fail_msg("address %s is neither rural nor urban", h->address);

		for (size_t k = 0; k < h->n_members; k++) {
			const core_member *m = &h->members[k];
			rels |= 1u << m->relation;
			cats |= core_member_categories(m, today);
			if (m->relation != CORE_REL_HEAD &&
			    (m->relation != CORE_REL_CHILD ||
			     !(core_member_categories(m, today) & CAT(MINOR))))
				only_minor_children = false;
			if (m->able_to_work &&
			    (has_income(m, CORE_INCOME_WAGES) ||
			     has_income(m, CORE_INCOME_FLEXIBLE_WORK)))
				working++;
		}
		/* the household shapes, as a caseworker would see them */
		alone += h->n_members == 1 &&
		         (core_member_categories(head, today) & CAT(ELDERLY));
		couple += h->n_members == 2 &&
		          (core_member_categories(head, today) & CAT(ELDERLY)) &&
		          (has_relation(h, CORE_REL_SPOUSE) ||
		           has_relation(h, CORE_REL_OTHER));
		single_parent += only_minor_children;
		three_gen += has_relation(h, CORE_REL_SPOUSE) &&
		             has_relation(h, CORE_REL_CHILD) &&
		             has_relation(h, CORE_REL_PARENT);
		grandchildren += has_relation(h, CORE_REL_GRANDCHILD);
		grandparent += has_relation(h, CORE_REL_GRANDPARENT);
		siblings += has_relation(h, CORE_REL_SIBLING);
		severe += has_category(h, SEVERE);
	}

	print_message("%d households, %zu members (%zu.%02zu per household)\n",
	              MANY, members, members / MANY, members * 100 / MANY % 100);
	print_message("receiving %zu (%zu%%), per-capita income above S %zu "
	              "(%zu.%zu%%), in [0.9 S, S) %zu (%zu.%zu%%), zero %zu\n",
	              receiving, receiving * 100 / MANY, above, above * 100 / MANY,
	              above * 1000 / MANY % 10, near, near * 100 / MANY,
	              near * 1000 / MANY % 10, zero);
	print_message("shapes: elderly alone %zu, elderly couple %zu, single "
	              "parent %zu, three generations %zu, grandchildren %zu, "
	              "grandparent %zu, siblings %zu, severe member %zu, "
	              "working member %zu\n",
	              alone, couple, single_parent, three_gen, grandchildren,
	              grandparent, siblings, severe, working);
	print_message("assets: <= 20,000 yuan %zu, > 40,000 yuan %zu, vehicles "
	              "%zu (exempt %zu, cars %zu), homes 0/1/2: %zu/%zu/%zu; "
	              "rural %zu, urban %zu\n",
	              low_assets, big_assets, with_vehicle, exempt, cars, homes[0],
	              homes[1], homes[2], rural, urban);

	assert_in_range(receiving * 100, MANY * 75, MANY * 95);
	/* some receiving households are due for gradual withdrawal */
	assert_in_range(risen * 100, MANY * 1, MANY * 6);
	assert_in_range(above * 100, MANY * 2, MANY * 15);
	assert_in_range(near * 100, MANY * 5, MANY * 20);
	assert_in_range(zero * 100, 1, MANY * 10);
	assert_true(alone && couple && single_parent && three_gen &&
	            grandchildren && grandparent && siblings && severe &&
	            working);
	assert_in_range(alone * 100, MANY * 15, MANY * 35);
	assert_in_range(severe * 100, MANY * 25, MANY * 70);
	assert_int_equal(cats, (1u << CORE_CAT_COUNT) - 1);
	assert_int_equal(rels, (1u << CORE_REL_COUNT) - 1);
	assert_true(low_assets * 100 >= MANY * 75);
	assert_true(big_assets > 0);
	assert_in_range(with_vehicle * 100, 1, MANY * 15);
	assert_true(exempt > 0 && cars > 0);
	assert_true(cars * 100 < MANY * 3);
	assert_true(homes[1] * 100 >= MANY * 70);
	assert_true(homes[0] > 0 && homes[2] > 0);
	assert_true(rural > 0 && urban > 0);
	release(hs, MANY);
}

/* The demo regions' standards and all declared amounts are whole yuan, so
 * there S n - H never has fen to round. Standards with fen (a caller's
 * regions) show that the allowance is rounded up, once, to a yuan. */
static void test_demo_allowance_rounds_up(void **state)
{
	const core_demo_region regions[] = {{"440106", 116533},
	                                    {"445102", 85701}};
	core_date today = ymd(2024, 6, 15);
	size_t receiving = 0, rounded = 0;
	core_household h;
	core_rng r;
	(void)state;

	core_rng_seed(&r, 6);
	core_household_init(&h);
	for (int i = 0; i < 5000; i++) {
		core_fen s, gap;
		assert_int_equal(core_demo_household(&r, regions, 2, today, &h,
		                                     NULL),
		                 DS_OK);
		assert_int_equal(core_household_validate(&h, today, NULL), DS_OK);
		if (!h.receiving)
			continue;
		s = strcmp(h.region, "440106") == 0 ? 116533 : 85701;
		gap = s * (core_fen)h.n_members - counted_income(&h);
		if (gap <= 0)
			continue; /* income rose since: an older allowance */
		receiving++;
		rounded += gap % 100 != 0;
		assert_true(h.allowance == core_money_ceil_yuan(gap));
		assert_true(h.allowance >= gap && h.allowance - gap < 100);
		assert_true(h.allowance % 100 == 0);
	}
	print_message("fen standards: %zu receiving, %zu rounded up\n",
	              receiving, rounded);
	assert_true(rounded * 2 > receiving);
	core_household_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rng_reference),
		cmocka_unit_test(test_rng_range_bounds),
		cmocka_unit_test(test_rng_range_uniform_small),
		cmocka_unit_test(test_rng_range_rejects_bias),
		cmocka_unit_test(test_demo_regions),
		cmocka_unit_test(test_demo_bad_arguments),
		cmocka_unit_test(test_demo_reuses_household),
		cmocka_unit_test(test_demo_deterministic),
		cmocka_unit_test(test_demo_validates),
		cmocka_unit_test(test_demo_members),
		cmocka_unit_test(test_demo_id_collisions),
		cmocka_unit_test(test_demo_distribution),
		cmocka_unit_test(test_demo_allowance_rounds_up),
	};
	return cmocka_run_group_tests_name("demo", tests, NULL, NULL);
}
