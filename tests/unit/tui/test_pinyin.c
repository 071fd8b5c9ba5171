/* test_pinyin.c — names found by pinyin and its initials (tui/pinyin):
 * /zq, /zhang, /zhangqiang, mixed and with Chinese characters find 张强;
 * what is not in a name finds nothing; polyphonic surnames read as
 * surnames and as the common reading; ü typed as u or v; and names
 * sorted in pinyin order by ICU's zh collator, a polyphonic surname by
 * its reading as a surname; the table of readings agrees with ICU. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui/pinyin.h"

static pinyin *P;

static int open_icu(void **state)
{
	(void)state;
	P = pinyin_open();
	return P ? 0 : -1;
}

static int close_icu(void **state)
{
	(void)state;
	pinyin_close(&P);
	return P ? -1 : 0;
}

typedef struct {
	const char *name, *query;
	bool want;
} case_;

static void check(const case_ *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool got = pinyin_match(P, t[i].name, t[i].query);
		if (got != t[i].want)
			fail_msg("pinyin_match(\"%s\", \"%s\") is %s, wanted %s",
			         t[i].name, t[i].query, got ? "true" : "false",
			         t[i].want ? "true" : "false");
	}
}

/* ---- NULL and edges first ------------------------------------------------------ */

static void test_null(void **state)
{
	pinyin *none = NULL;
	pinyin_index *x = pinyin_index_new();
	char key[64];
	(void)state;
	pinyin_close(&none); /* NULL is fine */
	pinyin_forget(NULL);
	assert_int_equal(pinyin_sort_key(NULL, "张强", key, sizeof(key)), 0);
	assert_string_equal(key, "");
	/* without ICU: no pinyin, the characters still match */
	assert_false(pinyin_match(NULL, "张强", "zq"));
	assert_true(pinyin_match(NULL, "张强", "张强"));
	assert_false(pinyin_index_match(NULL, 0, "z"));
	assert_non_null(x);
	assert_int_equal(pinyin_index_count(x), 0);
	assert_false(pinyin_index_match(x, 0, "z"));
	assert_true(pinyin_index_add(x, P, "", 0));
	assert_int_equal(pinyin_index_count(x), 1);
	assert_false(pinyin_index_match(x, 0, "z"));
	assert_false(pinyin_index_match(x, 0, ""));
	pinyin_index_free(&x);
	assert_null(x);
	pinyin_index_free(&x);
	/* an empty query matches nothing, a full one nothing past the name */
	assert_false(pinyin_match(P, "张强", ""));
	assert_false(pinyin_match(P, "张强", "zhangqiangz"));
}

/* ---- 张强 -------------------------------------------------------------------------- */

static void test_zhang_qiang(void **state)
{
	static const case_ t[] = {
		{"张强", "zq", true},          /* initials */
		{"张强", "ZQ", true},          /* as typed with Shift */
		{"张强", "zhangqiang", true},  /* full pinyin */
		{"张强", "zhang qiang", true}, /* with a space */
		{"张强", "zhang", true},       /* the surname */
		{"张强", "zh", true},
		{"张强", "z", true},
		{"张强", "qiang", true},       /* the given name alone */
		{"张强", "q", true},
		{"张强", "zhangq", true},      /* mixed: full, then initial */
		{"张强", "zqiang", true},      /* mixed: initial, then full */
		{"张强", "zhqi", true},
		{"张强", "张q", true},         /* a character, then pinyin */
		{"张强", "z强", true},
		{"张强", "张强", true},
		{"张强", "强", true},
		/* no false matches */
		{"张强", "qz", false},         /* the wrong order */
		{"张强", "zqa", false},        /* past the name */
		{"张强", "hang", false},       /* not from a syllable's start */
		{"张强", "iang", false},
		{"张强", "zx", false},
		{"张强", "zhangx", false},
		{"张强", "zhaq", true},        /* zha is the start of zhang */
		{"张强", "zhangqiangs", false},
		{"张强", "zhao", false},
		{"张强", "li", false},
		{"张强", "1", false},
		{"赵强", "zq", true},          /* zhao qiang: initials too */
		{"赵明强", "zq", false},       /* not one after the other */
		{"赵明强", "zmq", true},
		{"王芳", "zq", false},
		{"张晓强", "zxq", true},
		{"张晓强", "xq", true},
		{"张晓强", "zhangxiaoqiang", true},
	};
	(void)state;
	check(t, sizeof(t) / sizeof(t[0]));
}

/* ---- polyphonic surnames, ü, names not all Han ---------------------------------- */

static void test_surnames(void **state)
{
	static const case_ t[] = {
		{"单田芳", "shantianfang", true}, /* 单 as a surname: shan */
		{"单田芳", "stf", true},
		{"单田芳", "dtf", true},           /* the common reading too */
		{"曾国藩", "zengguofan", true},    /* 曾: zeng */
		{"曾国藩", "zgf", true},
		{"解缙", "xiejin", true},          /* 解: xie */
		{"仇英", "qiuying", true},         /* 仇: qiu */
		{"区志明", "ouzhiming", true},     /* 区: ou */
		{"查良镛", "zhaliangyong", true},  /* 查: zha */
		/* only the surname is read as a surname: 单 in a given name
		 * is dan */
		{"王单", "wangdan", true},
		{"王单", "wangshan", false},
		{"曾曾", "zengceng", true},
		{"吕芳", "lufang", true},          /* ü as u */
		{"吕芳", "lvfang", true},          /* ü as v */
		{"吕芳", "lf", true},
		{"张女", "zhangnv", true},
		{"张女", "zhangnu", true},
		{"阿依古丽·买买提", "ayigulimaimaiti", true},
		{"阿依古丽·买买提", "mmt", true},
		{"阿依古丽·买买提", "买买提", true},
		{"Zhang Qiang", "zhang", true},    /* Latin letters as typed */
		{"Zhang Qiang", "zhangqiang", true},
		{"Zhang Qiang", "zq", false},
		{"李2", "li2", true},
	};
	(void)state;
	check(t, sizeof(t) / sizeof(t[0]));
}

/* The index: many names, each by its number; the cache of characters can
 * be forgotten (the idle lock) and the names read again. */
static void test_index(void **state)
{
	static const char *names[] = {"王芳", "张强", "李娜", "张伟", "赵强"};
	pinyin_index *x = pinyin_index_new();
	char q[32];
	size_t hits = 0;
	(void)state;
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < 5; i++)
			assert_true(pinyin_index_add(x, P, names[i], strlen(names[i])));
		pinyin_forget(P);
	}
	assert_int_equal(pinyin_index_count(x), 10);
	pinyin_query(q, sizeof(q), "ZQ");
	assert_string_equal(q, "zq");
	for (size_t i = 0; i < 10; i++)
		hits += pinyin_index_match(x, i, q);
	assert_int_equal(hits, 4); /* 张强, 赵强, twice */
	assert_true(pinyin_index_match(x, 1, q));
	assert_true(pinyin_index_match(x, 9, q));
	assert_false(pinyin_index_match(x, 3, q));
	assert_false(pinyin_index_match(x, 10, q)); /* past the end */
	pinyin_index_free(&x);
}

/* ---- sort order ------------------------------------------------------------------- */

static int by_key(const void *a, const void *b)
{
	char ka[128], kb[128];
	pinyin_sort_key(P, *(const char *const *)a, ka, sizeof(ka));
	pinyin_sort_key(P, *(const char *const *)b, kb, sizeof(kb));
	return strcmp(ka, kb);
}

static void test_sort(void **state)
{
	const char *names[] = {"张强", "王芳", "阿明", "李娜", "赵敏", "陈静",
	                       "白云", "钱多", "孙红", "欧阳华"};
	static const char *want[] = {"阿明", "白云", "陈静", "李娜", "欧阳华",
	                             "钱多", "孙红", "王芳", "张强", "赵敏"};
	char k[8];
	(void)state;
	const char *surnames[] = {"张强", "曾国藩", "单田芳", "孙红", "解缙",
	                          "仇英", "钱多", "查良镛", "赵敏", "谢军",
	                          "陈静", "邓亮"};
	/* surnames the collator alone reads otherwise (曾 ceng, 单 dan, 解
	 * jie, 仇 chou, 查 cha) sort where their surname reading puts them */
	static const char *want_surnames[] = {
	        "陈静", "邓亮", "钱多", "仇英", "单田芳", "孙红", "解缙",
	        "谢军", "曾国藩", "查良镛", "张强", "赵敏"};
	qsort(names, 10, sizeof(names[0]), by_key);
	for (int i = 0; i < 10; i++)
		assert_string_equal(names[i], want[i]);
	qsort(surnames, 12, sizeof(surnames[0]), by_key);
	for (int i = 0; i < 12; i++)
		if (strcmp(surnames[i], want_surnames[i]))
			fail_msg("sorted %d: %s, wanted %s", i, surnames[i],
			         want_surnames[i]);
	/* a key that does not fit is refused, not cut */
	assert_int_equal(pinyin_sort_key(P, "欧阳华欧阳华欧阳华", k, sizeof(k)), 0);
	assert_string_equal(k, "");
	assert_true(pinyin_sort_key(P, "张强", (char[64]){0}, 64) > 0);
}

/* A query made ready for many names (pinyin_pattern) matches what
 * pinyin_index_match matches: every prefix of a set of queries, Chinese
 * typed a byte at a time too, against names polyphonic, with ü, Latin
 * letters and digits; and a name's first two letters of a match are
 * among those it says a match can begin with. */
static void test_pattern(void **state)
{
	static const char *names[] = {
		"张强", "赵琦", "单雄信", "曾国藩", "吕布", "女娲", "阿依古丽·买买提",
		"Anna李", "王2", "乐毅", "张子强", "", "朴",
	};
	static const char *queries[] = {
		"zhangqiang", "zq", "zhq", "zzq", "shanxx", "danxiongxin", "sxx",
		"zengguofan", "cengg", "lvbu", "lubu", "lb", "nvwa", "nuwa", "ayiguli",
		"aygl", "maimaiti", "annali", "annal", "wang2", "w2", "yueyi", "leyi",
		"zhangziqiang", "zzq", "zzqq", "张q", "张强", "\xe5\xbc", "qiang",
		"piao", "pu", "a", "zzzzqqqq",
	};
	pinyin_index *x = pinyin_index_new();
	const size_t nn = sizeof(names) / sizeof(*names);
	(void)state;
	for (size_t i = 0; i < nn; i++)
		assert_true(pinyin_index_add(x, P, names[i], strlen(names[i])));
	for (size_t k = 0; k < sizeof(queries) / sizeof(*queries); k++) {
		char q[64];
		for (size_t len = 1; len <= strlen(queries[k]); len++) {
			pinyin_pattern *t;
			snprintf(q, sizeof(q), "%.*s", (int)len, queries[k]);
			t = pinyin_pattern_new(x, q);
			assert_non_null(t);
			for (size_t i = 0; i < nn; i++)
				if (pinyin_pattern_match(t, i) != pinyin_index_match(x, i, q))
					fail_msg("\"%s\" against %s: %d made ready, %d by one",
					         q, names[i], pinyin_pattern_match(t, i),
					         pinyin_index_match(x, i, q));
			/* a name matched begins with two letters it says it can */
			for (size_t i = 0; len > 1 && q[0] >= 'a' && q[0] <= 'z' &&
			                   q[1] >= 'a' && q[1] <= 'z' && i < nn; i++)
				if (pinyin_index_match(x, i, q) &&
				    !(pinyin_index_starts(x, i) &
				      (UINT64_C(1) << pinyin_pair_bit(q[0], q[1]))))
					fail_msg("\"%s\" matches %s, which says no match"
					         " begins with %.2s", q, names[i], q);
			assert_false(pinyin_pattern_match(t, nn)); /* past the end */
			pinyin_pattern_free(&t);
			assert_null(t);
		}
	}
	/* nothing to make ready: an empty query, one too long */
	assert_null(pinyin_pattern_new(x, ""));
	assert_null(pinyin_pattern_new(x, "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"));
	assert_null(pinyin_pattern_new(NULL, "z"));
	pinyin_pattern_free(NULL);
	pinyin_index_free(&x);
}

/* The table the interface reads characters from (tui/pinyin_table.c)
 * says what ICU's transliterators say, for every character of the basic
 * block: each reading, as a surname too, and what a surname sorts as. */
static void test_table(void **state)
{
	(void)state;
	for (uint32_t cp = 0x4E00; cp <= 0x9FFF; cp++) {
		char a[PINYIN_SYL_MAX], b[PINYIN_SYL_MAX];
		for (int surname = 0; surname < 2; surname++) {
			pinyin_reading(P, cp, surname, false, a);
			pinyin_reading(P, cp, surname, true, b);
			if (strcmp(a, b))
				fail_msg("U+%04X%s: \"%s\" in the table, \"%s\" by ICU"
				         " (build/tests/tools/pinyin_table > tui/pinyin_table.c)",
				         (unsigned)cp, surname ? " as a surname" : "", a, b);
		}
		if (pinyin_sorts_as(P, cp, false) != pinyin_sorts_as(P, cp, true))
			fail_msg("U+%04X sorts as U+%04X in the table, U+%04X by ICU",
			         (unsigned)cp, (unsigned)pinyin_sorts_as(P, cp, false),
			         (unsigned)pinyin_sorts_as(P, cp, true));
	}
	/* beyond the table: by ICU (U+3400, extension A) */
	{
		char a[PINYIN_SYL_MAX], b[PINYIN_SYL_MAX];
		pinyin_reading(P, 0x3400, false, false, a);
		pinyin_reading(P, 0x3400, false, true, b);
		assert_string_equal(a, b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null),
		cmocka_unit_test(test_zhang_qiang),
		cmocka_unit_test(test_surnames),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_pattern),
	};
	return cmocka_run_group_tests_name("tui pinyin", tests, open_icu,
	                                   close_icu);
}
