/* demo.c — synthetic dibao households for demonstrations, training stores
 * and benchmarks: deterministic for a seed, shaped like a real caseload. */
#include "demo.h"
#include "payee.h"

#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define CAT(c) (1u << CORE_CAT_##c)
#define SEVERE (CAT(SEVERE_DISABILITY) | CAT(SEVERE_ILLNESS))

/* ---- random numbers -------------------------------------------------- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Four outputs of splitmix64 are never all zero (it is a bijection of its
 * counter), so the xoshiro state is always usable. */
void core_rng_seed(core_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->state[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t core_rng_next(core_rng *r)
{
	uint64_t *s = r->state;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* lo + off without signed overflow; off <= hi - lo, so the result fits. */
static int64_t add_offset(int64_t lo, uint64_t off)
{
	if (off <= (uint64_t)INT64_MAX)
		return lo + (int64_t)off;
	/* off > INT64_MAX only when lo < 0, so lo + INT64_MAX cannot overflow */
	return (lo + INT64_MAX) + (int64_t)(off - (uint64_t)INT64_MAX);
}

int64_t core_rng_range(core_rng *r, int64_t lo, int64_t hi)
{
	uint64_t span, threshold, x;

	if (hi <= lo)
		return lo;
	span = (uint64_t)hi - (uint64_t)lo + 1;
	if (span == 0) /* the whole int64 range */
		return add_offset(INT64_MIN, core_rng_next(r));
	/* Reject the lowest 2^64 mod span values: what remains is a whole
	 * number of copies of [0, span), so x % span is exactly uniform. */
	threshold = -span % span;
	do
		x = core_rng_next(r);
	while (x < threshold);
	return add_offset(lo, x % span);
}

/* ---- regions --------------------------------------------------------- */

/* One representative county-level code per row of DOMAIN.md's table. */
static const core_demo_region demo_regions[] = {
	{"310115", 151000}, /* Shanghai, Pudong New Area */
	{"330106", 114900}, /* Hangzhou, Xihu (Zhejiang, province-unified) */
	{"620102", 92000},  /* Lanzhou, Chengguan */
	{"440106", 116500}, /* Guangzhou, Tianhe (Guangdong class I) */
	{"440304", 116500}, /* Shenzhen, Futian (class I) */
	{"440604", 103700}, /* Foshan, Chancheng (class II) */
	{"441900", 103700}, /* Dongguan (class II; no districts) */
	{"445102", 85700},  /* Chaozhou, Xiangqiao (other areas) */
};

const core_demo_region *core_demo_regions(size_t *n_out)
{
	if (n_out)
		*n_out = COUNT(demo_regions);
	return demo_regions;
}

/* Where a spouse who married in may have been registered: real county
 * codes of other provinces, some of them retired (as old cards carry). */
static const char *const other_regions[] = {
	"110105", "120104", "130102", "140105", "210102", "220102", "230102",
	"320106", "340104", "350102", "360103", "360730", "370102", "410102",
	"420106", "430102", "431121", "450102", "450921", "500103", "510104",
	"511321", "520102", "522121", "530102", "610102", "622921", "630102",
};

/* ---- names ----------------------------------------------------------- */

/* In order of frequency: surname() leans toward the front. */
static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
	"徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
	"郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
	"彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
	"余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈",
	"姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
	"石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟",
	"熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
	"龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
	"万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤",
};
static const char *const compound_surnames[] = {
	"欧阳", "司马", "诸葛", "上官", "司徒", "皇甫",
};

/* Given names change with the times: born before 1965, 1965-1994, later. */
static const char *const male_old[] = {
	"建国", "建华", "国强", "建军", "国庆", "志强", "德明", "福生",
	"长顺", "国华", "振华", "文华", "德胜", "永福", "建平", "卫国",
	"红兵", "树林", "金山", "宝林", "庆华", "玉林", "有才", "德华",
	"建新", "学军", "明", "军", "强", "平", "华", "林", "海", "斌",
	"勇", "刚", "忠", "福", "贵",
};
static const char *const female_old[] = {
	"秀英", "桂英", "秀兰", "玉兰", "桂兰", "秀珍", "凤英", "玉珍",
	"玉英", "兰英", "淑珍", "淑英", "桂芳", "秀云", "桂珍", "翠兰",
	"凤兰", "秀芳", "玉梅", "冬梅", "素芬", "金凤", "淑兰", "玉芳",
	"桂香", "兰", "英", "芳", "珍", "梅", "凤", "琴", "霞", "荣",
};
static const char *const male_mid[] = {
	"伟", "磊", "勇", "杰", "涛", "斌", "超", "鹏", "辉", "刚",
	"波", "军", "浩", "亮", "鑫", "宇", "凯", "峰", "俊", "健",
	"志刚", "海涛", "晓东", "建伟", "文杰", "小龙", "俊杰", "海波",
	"伟东", "国栋", "志勇", "永强", "晓明", "明辉", "立新", "家豪",
};
static const char *const female_mid[] = {
	"丽", "敏", "静", "燕", "艳", "娟", "霞", "芳", "婷", "倩",
	"慧", "琳", "晶", "莉", "颖", "雪", "丽娟", "丽华", "海燕",
	"晓燕", "春梅", "雪梅", "丽萍", "小红", "红梅", "晓丽", "秀梅",
	"婷婷", "美玲", "小燕", "玉婷", "丽丽", "春燕",
};
static const char *const male_young[] = {
	"浩宇", "子轩", "宇轩", "浩然", "梓豪", "宇航", "俊熙", "皓轩",
	"子豪", "一鸣", "博文", "子墨", "梓睿", "嘉豪", "俊宇", "天佑",
	"思远", "明轩", "宇辰", "奕辰", "家乐", "子健", "睿", "宇", "轩",
	"浩", "辰", "铭", "泽", "晨",
};
static const char *const female_young[] = {
	"子涵", "梓涵", "欣怡", "诗涵", "雨涵", "一诺", "梓萱", "可欣",
	"思彤", "紫涵", "语桐", "佳怡", "雨桐", "欣妍", "梓琪", "若汐",
	"诗琪", "嘉怡", "雨萱", "思琪", "晓雯", "静怡", "佳琪", "梦瑶",
	"萱", "琪", "悦", "彤", "怡", "欣",
};

typedef struct {
	const char *const *names;
	size_t n;
} name_list;

#define LIST(a) {(a), COUNT(a)}
static const name_list given_names[3][2] = {
	/* [era][sex]: CORE_SEX_FEMALE = 0, CORE_SEX_MALE = 1 */
	{LIST(female_old), LIST(male_old)},
	{LIST(female_mid), LIST(male_mid)},
	{LIST(female_young), LIST(male_young)},
};

/* ---- addresses and assets -------------------------------------------- */

static const char *const towns[] = {
	"青山", "白石", "河口", "新桥", "龙泉", "石门", "柳溪", "长岭",
	"东湖", "西河", "桃源", "马坝", "三江", "永兴", "太平", "清水",
	"高桥", "梅林", "凤凰", "莲塘", "沙田", "横岗", "大坪", "南岗",
};
static const char *const villages[] = {
	"上庄", "下湾", "石桥", "李家", "王家", "张家", "陈屋", "黄坑",
	"新村", "东风", "红星", "前进", "胜利", "团结", "光明", "枫树",
	"竹林", "荷塘", "杨家坪", "大塘", "岭背", "水口", "塘尾", "坑头",
};
static const char *const streets[] = {
	"城东", "城西", "南湖", "北苑", "新华", "人民", "解放", "中山",
	"建设", "滨江", "朝阳", "东风", "文化", "和平", "东城", "西关",
};
static const char *const communities[] = {
	"幸福", "和谐", "阳光", "锦绣", "翠苑", "金桥", "春晖", "康乐",
	"新风", "花园", "桂园", "兴华", "育才", "友谊", "安居", "华侨",
};
static const char *const roads[] = {
	"建设", "人民", "解放", "中山", "新华", "文化", "兴业", "长安",
	"青年", "工农", "跃进", "五一", "胜利", "环城", "滨河", "东风",
};
static const char *const tricycles[] = {
	"电动三轮车（卖菜用）", "电动三轮车（收废品用）",
	"电动三轮车（送货用）", "农用三轮车",
};
static const char *const disability_vehicles[] = {
	"残疾人机动轮椅车", "残疾人代步车",
};
static const char *const cars[] = {
	"二手小轿车", "二手面包车",
};

/* ---- the generator --------------------------------------------------- */

typedef enum {
	SHAPE_ELDERLY_ALONE,
	SHAPE_ELDERLY_COUPLE,
	SHAPE_SINGLE_PARENT,
	SHAPE_THREE_GENERATIONS,
	SHAPE_GRANDPARENT_CARER, /* grandparents raising left-behind children */
	SHAPE_YOUNG_WITH_GRANDPARENT,
	SHAPE_SIBLINGS,
	SHAPE_DISABLED,
	SHAPE_WORKING_FAMILY,
	SHAPE_COUNT
} shape;

/* Percent of a caseload: dibao households are mostly the old, the sick
 * and the disabled, and those who care for them. */
static const int shape_weight[SHAPE_COUNT] = {30, 13, 11, 8, 7, 3, 4, 18, 6};

/* Per-capita counted income, relative to the standard S. */
typedef enum { BAND_ZERO, BAND_LOW, BAND_NEAR, BAND_ABOVE } band;

typedef struct {
	core_rng *r;
	core_date today;
	const char *region;
	core_fen standard;
	bool rural;
	core_household *h;
	ds_error *err;
	/* what core_member does not keep: surname, age and sex of each */
	const char *family[CORE_MEMBERS_MAX];
	int age[CORE_MEMBERS_MAX];
	core_sex sex[CORE_MEMBERS_MAX];
} gen;

static int rnd(gen *g, int lo, int hi)
{
	return (int)core_rng_range(g->r, lo, hi);
}

static core_fen rnd_fen(gen *g, core_fen lo, core_fen hi)
{
	return core_rng_range(g->r, lo, hi);
}

static bool pct(gen *g, int percent)
{
	return rnd(g, 0, 99) < percent;
}

static const char *pick(gen *g, const char *const *list, size_t n)
{
	return list[core_rng_range(g->r, 0, (int64_t)n - 1)];
}
#define PICK(g, list) pick((g), (list), COUNT(list))

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int smaller(int a, int b)
{
	return a < b ? a : b;
}

static core_sex other_sex(core_sex s)
{
	return s == CORE_SEX_MALE ? CORE_SEX_FEMALE : CORE_SEX_MALE;
}

static core_sex any_sex(gen *g, int male_percent)
{
	return pct(g, male_percent) ? CORE_SEX_MALE : CORE_SEX_FEMALE;
}

static const char *surname(gen *g)
{
	size_t a, b;
	if (pct(g, 1))
		return PICK(g, compound_surnames);
	/* the lower of two draws: common surnames come up more often */
	a = (size_t)core_rng_range(g->r, 0, COUNT(surnames) - 1);
	b = (size_t)core_rng_range(g->r, 0, COUNT(surnames) - 1);
	return surnames[a < b ? a : b];
}

/* out = a followed by b, cut at a character boundary if it ever had to. */
static void join(char *out, size_t cap, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	if (na >= cap)
		na = 0;
	if (na + nb >= cap)
		nb = 0;
	memcpy(out, a, na);
	memcpy(out + na, b, nb);
	out[na + nb] = '\0';
}

static bool name_taken(const gen *g, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (strcmp(g->h->members[k].name, g->h->members[i].name) == 0)
			return true;
	return false;
}

static void set_name(gen *g, size_t i, const char *family, core_sex sex,
                     int birth_year)
{
	int era = birth_year < 1965 ? 0 : birth_year < 1995 ? 1 : 2;
	const name_list *l = &given_names[era][sex == CORE_SEX_MALE];
	char *name = g->h->members[i].name;

	/* two children called the same would confuse everyone */
	for (int t = 0; t < 8; t++) {
		join(name, CORE_NAME_MAX, family, pick(g, l->names, l->n));
		if (!name_taken(g, i))
			return;
	}
}

static void put_digits(char *p, int v, int n)
{
	for (int k = n - 1; k >= 0; k--) {
		p[k] = (char)('0' + v % 10);
		v /= 10;
	}
}

static bool id_taken(const gen *g, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (strcmp(g->h->members[k].id_number,
		           g->h->members[i].id_number) == 0)
			return true;
	return false;
}

/* A GB 11643-1999 number: region, birth date, a sequence whose parity is
 * the sex (odd = male, so 001-999 for men, 002-998 for women), check. */
static void make_id(gen *g, size_t i, const char *region, core_date birth,
                    core_sex sex)
{
	char *id = g->h->members[i].id_number;
	int y, m, d;
	int kmax = sex == CORE_SEX_MALE ? 499 : 498;

	core_date_to_ymd(birth, &y, &m, &d);
	memcpy(id, region, 6);
	put_digits(id + 6, y, 4);
	put_digits(id + 10, m, 2);
	put_digits(id + 12, d, 2);
	/* random sequences first; if they keep meeting housemates born the
	 * same day in the same place, the first free one (always exists: a
	 * household has far fewer members than sequences) */
	for (int t = 0; t < 32 + kmax + 1; t++) {
		int k = t < 32 ? rnd(g, 0, kmax) : t - 32;
		put_digits(id + 14, 2 * k + (sex == CORE_SEX_MALE ? 1 : 2), 3);
		id[17] = core_idnum_check_char(id);
		id[18] = '\0';
		if (!id_taken(g, i))
			return;
	}
}

/* A birth date on which someone is exactly age years old on today. */
static core_date birth_date(gen *g, int age)
{
	core_date hi = core_date_add_months(g->today, -12 * age);
	core_date lo = core_date_add_months(g->today, -12 * (age + 1)) + 1;
	return (core_date)core_rng_range(g->r, lo, hi);
}

/* Adds a person; returns their index, or -1 with g->err set. married_in:
 * their ID number may come from another province. */
static int person(gen *g, core_relation rel, core_sex sex, int age,
                  const char *family, bool married_in)
{
	core_member *m;
	core_date birth;
	size_t i;
	int y;

	age = clamp(age, 0, 100);
	m = core_household_add_member(g->h, g->err);
	if (!m)
		return -1;
	i = g->h->n_members - 1;
	m->relation = rel;
	/* elderly and minor are not declared: they follow the ID number */
	g->family[i] = family;
	g->age[i] = age;
	g->sex[i] = sex;
	birth = birth_date(g, age);
	core_date_to_ymd(birth, &y, NULL, NULL);
	set_name(g, i, family, sex, y);
	make_id(g, i,
	        married_in && pct(g, 25) ? PICK(g, other_regions) : g->region,
	        birth, sex);
	return (int)i;
}

static core_member *mem(gen *g, int i)
{
	return &g->h->members[i];
}

/* 60 to 92, most in their seventies. */
static int old_age(gen *g)
{
	return 60 + (rnd(g, 0, 32) + rnd(g, 0, 32)) / 2;
}

/* Husbands are usually a few years older. */
static int spouse_age(gen *g, core_sex head_sex, int head_age)
{
	int d = rnd(g, -2, 6);
	return clamp(head_sex == CORE_SEX_MALE ? head_age - d : head_age + d,
	             20, 98);
}

static int add_partner(gen *g, int head, core_relation rel)
{
	return person(g, rel, other_sex(g->sex[head]),
	              spouse_age(g, g->sex[head], g->age[head]), surname(g),
	              true);
}

static void make_severe(gen *g, int i, int illness_percent)
{
	core_member *m = mem(g, i);
	m->categories |= pct(g, illness_percent) ? CAT(SEVERE_ILLNESS)
	                                         : CAT(SEVERE_DISABILITY);
	m->categories &= ~CAT(STUDENT);
	m->able_to_work = false;
}

/* In school: some of the minors of school age, most of 18 to 22 who still
 * live at home and are not severely disabled or ill. */
static void maybe_student(gen *g, int i)
{
	core_member *m = mem(g, i);
	int age = g->age[i];
	if (m->categories & SEVERE)
		return;
	if ((age >= 6 && age <= 17 && pct(g, 40)) ||
	    (age >= 18 && age <= 22 && pct(g, 60))) {
		m->categories |= CAT(STUDENT);
		m->able_to_work = false;
	}
}

/* Working age, not severely disabled or ill, not in school. */
static void maybe_able(gen *g, int i, int percent)
{
	core_member *m = mem(g, i);
	if (g->age[i] >= 18 && g->age[i] <= 59 &&
	    !(m->categories & (SEVERE | CAT(STUDENT))))
		m->able_to_work = pct(g, percent);
}

/* Up to n children of the head: 18 to 40 years younger than the head, at
 * least 20 years younger than the spouse sp (if sp >= 0), no older than
 * max_age. Most carry the father's surname. */
static bool add_children(gen *g, int head, int sp, int n, int max_age,
                         const char *father, const char *mother)
{
	int lo = g->age[head] - 40, hi = g->age[head] - 18;
	if (sp >= 0) {
		if (g->age[sp] - 40 > lo)
			lo = g->age[sp] - 40;
		if (g->age[sp] - 20 < hi)
			hi = g->age[sp] - 20;
	}
	if (lo < 0)
		lo = 0;
	if (hi > max_age)
		hi = max_age;
	for (int k = 0; k < n && lo <= hi; k++) {
		int c = person(g, CORE_REL_CHILD, any_sex(g, 52), rnd(g, lo, hi),
		               pct(g, 90) ? father : mother, false);
		if (c < 0)
			return false;
		maybe_student(g, c);
	}
	return true;
}

/* The head's surname and the spouse's, ordered father first. */
static void parents_families(gen *g, int head, int sp, const char **father,
                             const char **mother)
{
	const char *other = sp >= 0 ? g->family[sp] : surname(g);
	if (g->sex[head] == CORE_SEX_MALE) {
		*father = g->family[head];
		*mother = other;
	} else {
		*father = other;
		*mother = g->family[head];
	}
}

static bool shape_elderly_alone(gen *g)
{
	/* women outlive their husbands */
	int h = person(g, CORE_REL_HEAD, any_sex(g, 38), old_age(g),
	               surname(g), false);
	if (h < 0)
		return false;
	if (pct(g, 20))
		make_severe(g, h, 60);
	return true;
}

static bool shape_elderly_couple(gen *g)
{
	int h, sp;
	h = person(g, CORE_REL_HEAD, any_sex(g, 85), clamp(old_age(g), 62, 92),
	           surname(g), false);
	if (h < 0)
		return false;
	/* now and then a partner they live with but never married */
	sp = add_partner(g, h, pct(g, 6) ? CORE_REL_OTHER : CORE_REL_SPOUSE);
	if (sp < 0)
		return false;
	if (pct(g, 30))
		make_severe(g, pct(g, 50) ? h : sp, 60);
	return true;
}

static bool shape_single_parent(gen *g)
{
	const char *father, *mother;
	int h = person(g, CORE_REL_HEAD, any_sex(g, 30), rnd(g, 25, 50),
	               surname(g), false);
	if (h < 0)
		return false;
	if (pct(g, 30))
		make_severe(g, h, 50);
	else
		maybe_able(g, h, 75);
	parents_families(g, h, -1, &father, &mother);
	/* head 25-50: there is always room for a minor 18-40 years younger */
	if (!add_children(g, h, -1, 1 + pct(g, 55) + pct(g, 15), 17, father,
	                  mother))
		return false;
	if (pct(g, 5))
		make_severe(g, (int)g->h->n_members - 1, 20);
	return true;
}

static bool shape_three_generations(gen *g)
{
	const char *father, *mother;
	int h, sp, p, adults[3];
	h = person(g, CORE_REL_HEAD, any_sex(g, 80), rnd(g, 30, 55),
	           surname(g), false);
	if (h < 0 || (sp = add_partner(g, h, CORE_REL_SPOUSE)) < 0)
		return false;
	parents_families(g, h, sp, &father, &mother);
	if (!add_children(g, h, sp, rnd(g, 1, 3), 22, father, mother))
		return false;
	/* the head's widowed parent, mostly the mother; a father shares the
	 * head's surname */
	{
		core_sex ps = any_sex(g, 35);
		int age = g->age[h] + rnd(g, 22, 36);
		p = person(g, CORE_REL_PARENT, ps, age < 60 ? 60 : age,
		           ps == CORE_SEX_MALE ? g->family[h] : surname(g),
		           false);
		if (p < 0)
			return false;
	}
	adults[0] = h;
	adults[1] = sp;
	adults[2] = p;
	if (pct(g, 55))
		make_severe(g, adults[rnd(g, 0, 2)], 55);
	maybe_able(g, h, 60);
	maybe_able(g, sp, 45);
	for (size_t i = 0; i < g->h->n_members; i++)
		if (g->h->members[i].relation == CORE_REL_CHILD)
			maybe_able(g, (int)i, 70);
	return true;
}

static bool shape_grandparent_carer(gen *g)
{
	const char *grandpa;
	int h, sp = -1, n;
	h = person(g, CORE_REL_HEAD, any_sex(g, 45), rnd(g, 58, 80),
	           surname(g), false);
	if (h < 0)
		return false;
	if (pct(g, 55) && (sp = add_partner(g, h, CORE_REL_SPOUSE)) < 0)
		return false;
	if (g->sex[h] == CORE_SEX_MALE)
		grandpa = g->family[h];
	else
		grandpa = sp >= 0 ? g->family[sp] : surname(g);
	if (pct(g, 25))
		make_severe(g, sp >= 0 && pct(g, 50) ? sp : h, 65);
	n = rnd(g, 1, 2);
	for (int k = 0; k < n; k++) {
		/* a son's children carry the grandfather's surname */
		int lo = g->age[h] - 70 < 0 ? 0 : g->age[h] - 70;
		int c = person(g, CORE_REL_GRANDCHILD, any_sex(g, 52),
		               rnd(g, lo < 2 ? 2 : lo, 17),
		               pct(g, 70) ? grandpa : surname(g), false);
		if (c < 0)
			return false;
		maybe_student(g, c);
	}
	return true;
}

static bool shape_young_with_grandparent(gen *g)
{
	core_sex gs = any_sex(g, 35);
	int h, gp;
	h = person(g, CORE_REL_HEAD, any_sex(g, 50), rnd(g, 18, 25),
	           surname(g), false);
	if (h < 0)
		return false;
	maybe_student(g, h);
	maybe_able(g, h, 80);
	gp = person(g, CORE_REL_GRANDPARENT, gs,
	            clamp(g->age[h] + rnd(g, 45, 62), 65, 95),
	            gs == CORE_SEX_MALE && pct(g, 80) ? g->family[h]
	                                              : surname(g),
	            false);
	if (gp < 0)
		return false;
	if (pct(g, 35))
		make_severe(g, gp, 70);
	if (pct(g, 40)) {
		int s = person(g, CORE_REL_SIBLING, any_sex(g, 50),
		               rnd(g, g->age[h] - 10, g->age[h] - 1),
		               g->family[h], false);
		if (s < 0)
			return false;
		maybe_student(g, s);
	}
	return true;
}

static bool shape_siblings(gen *g)
{
	int h, s, older;
	h = person(g, CORE_REL_HEAD, any_sex(g, 55), rnd(g, 35, 65),
	           surname(g), false);
	if (h < 0)
		return false;
	s = person(g, CORE_REL_SIBLING, any_sex(g, 55),
	           clamp(g->age[h] + rnd(g, -10, 10), 20, 90), g->family[h],
	           false);
	if (s < 0)
		return false;
	make_severe(g, s, 30);
	maybe_able(g, h, 50);
	older = g->age[h] > g->age[s] ? g->age[h] : g->age[s];
	if (pct(g, 25) && older + 20 <= 95) {
		core_sex ps = any_sex(g, 30);
		int p = person(g, CORE_REL_PARENT, ps, older + rnd(g, 20, 30),
		               ps == CORE_SEX_MALE ? g->family[h] : surname(g),
		               false);
		if (p < 0)
			return false;
	}
	return true;
}

static bool shape_disabled(gen *g)
{
	int v = rnd(g, 0, 99), h, sp = -1, c;
	const char *father, *mother;

	if (v < 45) { /* a working-age adult on their own */
		h = person(g, CORE_REL_HEAD, any_sex(g, 60), rnd(g, 25, 59),
		           surname(g), false);
		if (h < 0)
			return false;
		make_severe(g, h, 45);
		return true;
	}
	if (v < 75) { /* ageing parents caring for a disabled adult child */
		h = person(g, CORE_REL_HEAD, any_sex(g, 60), rnd(g, 50, 80),
		           surname(g), false);
		if (h < 0)
			return false;
		if (pct(g, 50) && (sp = add_partner(g, h, CORE_REL_SPOUSE)) < 0)
			return false;
		parents_families(g, h, sp, &father, &mother);
		{
			int lo = g->age[h] - 40 < 18 ? 18 : g->age[h] - 40;
			int hi = g->age[h] - 20 > 50 ? 50 : g->age[h] - 20;
			if (sp >= 0 && g->age[sp] - 20 < hi)
				hi = g->age[sp] - 20;
			if (hi < lo)
				hi = lo;
			c = person(g, CORE_REL_CHILD, any_sex(g, 55),
			           rnd(g, lo, hi), pct(g, 90) ? father : mother,
			           false);
		}
		if (c < 0)
			return false;
		make_severe(g, c, 25);
		maybe_able(g, h, 50);
		if (sp >= 0)
			maybe_able(g, sp, 30);
		return true;
	}
	/* a couple, one of them severely ill or disabled, maybe children */
	h = person(g, CORE_REL_HEAD, any_sex(g, 75), rnd(g, 28, 55), surname(g),
	           false);
	if (h < 0 || (sp = add_partner(g, h, CORE_REL_SPOUSE)) < 0)
		return false;
	if (pct(g, 50)) {
		make_severe(g, h, 60);
		maybe_able(g, sp, 65);
	} else {
		make_severe(g, sp, 60);
		maybe_able(g, h, 65);
	}
	parents_families(g, h, sp, &father, &mother);
	return add_children(g, h, sp, rnd(g, 0, 2), 22, father, mother);
}

static bool shape_working_family(gen *g)
{
	const char *father, *mother;
	int h, sp, earner, other, v;
	h = person(g, CORE_REL_HEAD, any_sex(g, 75), rnd(g, 27, 50), surname(g),
	           false);
	if (h < 0 || (sp = add_partner(g, h, CORE_REL_SPOUSE)) < 0)
		return false;
	parents_families(g, h, sp, &father, &mother);
	if (!add_children(g, h, sp, rnd(g, 1, 3), 22, father, mother))
		return false;
	/* the husband works, mostly */
	earner = (g->sex[h] == CORE_SEX_MALE) == pct(g, 75) ? h : sp;
	other = earner == h ? sp : h;
	if (g->age[earner] <= 59)
		mem(g, earner)->able_to_work = true;
	v = rnd(g, 0, 99);
	if (v < 35)
		make_severe(g, other, 75);
	else if (v < 60 && g->h->n_members > 2)
		make_severe(g, (int)g->h->n_members - 1, 30);
	else
		maybe_able(g, other, 60);
	return true;
}

static bool (*const shapes[SHAPE_COUNT])(gen *) = {
	shape_elderly_alone,     shape_elderly_couple,
	shape_single_parent,     shape_three_generations,
	shape_grandparent_carer, shape_young_with_grandparent,
	shape_siblings,          shape_disabled,
	shape_working_family,
};

/* ---- incomes --------------------------------------------------------- */

typedef struct {
	int member;
	core_income_source source;
} earner;

/* How people state an amount: payslips and pension slips to the yuan,
 * odd jobs and family support in hundreds, the rest in tens (fen). */
static core_fen income_step(core_income_source s)
{
	switch (s) {
	case CORE_INCOME_WAGES:
	case CORE_INCOME_PENSION:
		return 100;
	case CORE_INCOME_FLEXIBLE_WORK:
	case CORE_INCOME_FAMILY_SUPPORT:
		return 10000;
	default:
		return 1000;
	}
}

/* Which income carries most of the household's total. */
static int income_rank(core_income_source s)
{
	switch (s) {
	case CORE_INCOME_WAGES:
		return 6;
	case CORE_INCOME_BUSINESS:
		return 5;
	case CORE_INCOME_FLEXIBLE_WORK:
		return 4;
	case CORE_INCOME_PENSION:
		return 3;
	case CORE_INCOME_AGRICULTURE:
		return 2;
	default:
		return 1;
	}
}

static void add_income(gen *g, int i, core_income_source s, core_fen amount)
{
	core_member *m = mem(g, i);
	if (amount <= 0)
		return;
	for (size_t k = 0; k < m->n_incomes; k++) {
		if (m->incomes[k].source == s) { /* one entry per source */
			m->incomes[k].monthly += amount;
			return;
		}
	}
	if (m->n_incomes >= CORE_INCOMES_MAX)
		return;
	m->incomes[m->n_incomes].source = s;
	m->incomes[m->n_incomes].monthly = amount;
	m->n_incomes++;
}

static bool has_income(const core_member *m, core_income_source s)
{
	for (size_t k = 0; k < m->n_incomes; k++)
		if (m->incomes[k].source == s)
			return true;
	return false;
}

/* Who in the household has counted income, and of what kind. */
static size_t find_earners(gen *g, shape sh, earner *e)
{
	size_t n = 0;
	bool parent_away =
	        sh == SHAPE_SINGLE_PARENT || sh == SHAPE_GRANDPARENT_CARER;

#define EARN(src)                                        \
	do {                                             \
		e[n].member = (int)i;                    \
		e[n].source = CORE_INCOME_##src;         \
		n++;                                     \
	} while (0)
	for (size_t i = 0; i < g->h->n_members; i++) {
		const core_member *m = &g->h->members[i];
		int age = g->age[i];
		bool severe = m->categories & SEVERE;
		bool student = m->categories & CAT(STUDENT);
		if (m->able_to_work) {
			int w = rnd(g, 0, 99);
			if (w < 35)
				EARN(WAGES);
			else if (w < 90)
				EARN(FLEXIBLE_WORK);
			else
				EARN(BUSINESS);
			if (g->rural && pct(g, 35))
				EARN(AGRICULTURE);
		} else if (age >= 60) {
			if (pct(g, 55))
				EARN(FAMILY_SUPPORT);
			if (g->rural && !severe && age < 75 && pct(g, 30))
				EARN(AGRICULTURE);
			if (pct(g, g->rural ? 4 : 12))
				EARN(PENSION);
		} else if (age >= 18 && !student) {
			if (g->rural && pct(g, 25))
				EARN(AGRICULTURE);
			if (pct(g, 15))
				EARN(FAMILY_SUPPORT);
		} else if (age >= 18) {
			if (!severe && pct(g, 10))
				EARN(FLEXIBLE_WORK);
		} else if (parent_away && pct(g, 40)) {
			/* support from a parent who lives elsewhere */
			EARN(FAMILY_SUPPORT);
		}
	}
#undef EARN
	return n;
}

static core_fen ceil_div(core_fen a, core_fen b)
{
	return (a + b - 1) / b;
}

/* Counted incomes that put the household's per-capita income in band b:
 * a target total is split among the earners, each share rounded down to
 * the way it is declared, and the main earner takes the rest, so the
 * total lands within one step below the target and never leaves the band. */
static void counted_incomes(gen *g, shape sh)
{
	earner e[CORE_MEMBERS_MAX * 4];
	core_fen sn = g->standard * (core_fen)g->h->n_members;
	core_fen lo, hi, t, others = 0, astep, share;
	size_t n, main = 0;
	bool able = false;
	band b;
	int v = rnd(g, 0, 999);

	b = v < 40 ? BAND_ZERO : v < 140 ? BAND_NEAR : v < 210 ? BAND_ABOVE
	                                                       : BAND_LOW;
	for (size_t i = 0; i < g->h->n_members; i++)
		able |= g->h->members[i].able_to_work;
	n = find_earners(g, sh, e);
	if (b == BAND_ZERO && !able)
		return;
	if (b == BAND_ZERO)
		b = BAND_LOW; /* someone who can work earns something */
	if (!n) {
		/* nobody able to work (they always earn) and nobody drew an
		 * income: the head is supported by relatives */
		e[0].member = 0;
		e[0].source = CORE_INCOME_FAMILY_SUPPORT;
		n = 1;
	}
	for (size_t k = 1; k < n; k++)
		if (income_rank(e[k].source) > income_rank(e[main].source))
			main = k;
	astep = income_step(e[main].source);
	if (astep > 1000)
		astep = 1000;

	switch (b) {
	case BAND_NEAR: /* 0.9 S n <= H < S n */
		lo = ceil_div(9 * sn, 10) + astep;
		hi = sn - 1;
		t = rnd_fen(g, lo, hi);
		break;
	case BAND_ABOVE: /* H > S n */
		lo = sn + 1 + astep;
		hi = pct(g, 80) ? sn * 3 / 2 : sn * 22 / 10;
		t = rnd_fen(g, lo, hi);
		break;
	default: /* 0 < H < 0.9 S n, most around 45% of S */
		lo = (sn * 3 / 100 > 2500 ? sn * 3 / 100 : 2500) + astep;
		hi = ceil_div(9 * sn, 10) - 1;
		t = sn * ((rnd(g, 30, 899) + rnd(g, 30, 899)) / 2) / 1000;
		break;
	}
	if (t > hi)
		t = hi;
	if (t < lo)
		t = lo;

	for (size_t k = 0; k < n; k++) {
		core_fen step = income_step(e[k].source);
		if (k == main)
			continue;
		share = t * rnd(g, 8, 25) / 100;
		if (share > t * 60 / 100 - others)
			share = t * 60 / 100 - others;
		share -= share % step;
		if (share < step)
			continue;
		add_income(g, e[k].member, e[k].source, share);
		others += share;
	}
	share = t - others;
	add_income(g, e[main].member, e[main].source, share - share % astep);
}

/* Incomes that are not counted: the residents' basic pension most of the
 * elderly draw, and disability subsidies now and then. */
static void exempt_incomes(gen *g)
{
	for (size_t i = 0; i < g->h->n_members; i++) {
		const core_member *m = &g->h->members[i];
		if (g->age[i] >= CORE_ELDERLY_MIN_AGE &&
		    !has_income(m, CORE_INCOME_PENSION) && pct(g, 85)) {
			core_fen a = g->standard * rnd(g, 12, 35) / 100;
			a -= a % 100;
			add_income(g, (int)i, CORE_INCOME_RESIDENT_PENSION,
			           a < 100 ? 100 : a);
		}
		if ((m->categories & CAT(SEVERE_DISABILITY)) && pct(g, 30))
			add_income(g, (int)i, CORE_INCOME_SOCIAL_ASSISTANCE,
			           (core_fen)rnd(g, 60, 300) * 100);
	}
}

/* ---- the household --------------------------------------------------- */

static void make_address(gen *g)
{
	char *a = g->h->address;
	if (g->rural)
		snprintf(a, CORE_ADDRESS_MAX, "%s镇%s村%d组%d号",
		         PICK(g, towns), PICK(g, villages), rnd(g, 1, 12),
		         rnd(g, 1, 120));
	else
		snprintf(a, CORE_ADDRESS_MAX, "%s街道%s社区%s路%d号%d栋%d室",
		         PICK(g, streets), PICK(g, communities), PICK(g, roads),
		         rnd(g, 1, 300), rnd(g, 1, 20),
		         rnd(g, 1, 18) * 100 + rnd(g, 1, 4));
}

static bool add_vehicle(gen *g, const char *description, bool exempt)
{
	core_vehicle *v = core_household_add_vehicle(g->h, g->err);
	if (!v)
		return false;
	join(v->description, CORE_TEXT_MAX, description, "");
	v->exempt = exempt;
	return true;
}

/* Assets; returns false only when out of memory. *eligible: the default
 * asset test (no non-exempt vehicle, financial assets at most 24 S per
 * person) passes. */
static bool assets(gen *g, bool *eligible)
{
	core_household *h = g->h;
	bool disabled = false, able = false, car = false;
	int v;

	for (size_t i = 0; i < h->n_members; i++) {
		disabled |= (h->members[i].categories &
		             CAT(SEVERE_DISABILITY)) != 0;
		able |= h->members[i].able_to_work;
	}
	v = rnd(g, 0, 99);
	if (v < 25)
		h->financial = 0;
	else if (v < 85)
		/* the lower of two draws: most savings are small */
		h->financial = (core_fen)smaller(rnd(g, 100, 20000),
		                                 rnd(g, 100, 20000)) * 100;
	else if (v < 97)
		h->financial = (core_fen)rnd(g, 20000, 40000) * 100;
	else
		h->financial = (core_fen)rnd(g, 40000, 150000) * 100;

	if (disabled && pct(g, 15) &&
	    !add_vehicle(g, PICK(g, disability_vehicles), true))
		return false;
	if ((able || g->rural) && pct(g, 8) &&
	    !add_vehicle(g, PICK(g, tricycles), true))
		return false;
	if (rnd(g, 0, 999) < 10) {
		if (!add_vehicle(g, PICK(g, cars), false))
			return false;
		car = true;
	}

	v = rnd(g, 0, 99);
	h->homes = v < 3 ? 2 : v < (g->rural ? 11 : 21) ? 0 : 1;
	*eligible = !car && h->financial <= 24 * g->standard *
	                                            (core_fen)h->n_members;
	return true;
}

static ds_status check_args(core_rng *r, const core_demo_region *regions,
                            size_t n_regions, core_date today,
                            core_household *h, ds_error *err)
{
	ds_status st;
	char field[48];

	if (!r || !regions || !n_regions || !h)
		return ds_fail(err, DS_EUSAGE, "",
		               N_("the demo generator needs a generator, regions and a household"));
	/* a negative date means "no date" to validation (household.h) */
	if (today < 0 ||
	    today > core_date_from_ymd(CORE_DATE_MAX_YEAR, 12, 31))
		return ds_fail(err, DS_EINPUT, "today",
		               N_("demo households need a date between 1970 and 9999"));
	for (size_t i = 0; i < n_regions; i++) {
		snprintf(field, sizeof(field), "regions[%zu].region", i);
		if ((st = core_region_check(regions[i].region, field, err)))
			return st;
		/* ceiling: 30 members at 2.2 S stay far inside CORE_MONEY_MAX */
		if (regions[i].standard <= 0 ||
		    regions[i].standard > CORE_MONEY_MAX / 100) {
			snprintf(field, sizeof(field), "regions[%zu].standard", i);
			return ds_fail(err, DS_EINPUT, field,
			               N_("a standard must be above zero and below 1,000,000,000.00"));
		}
	}
	return DS_OK;
}

static shape pick_shape(gen *g)
{
	int v = rnd(g, 0, 99);
	for (int s = 0; s < SHAPE_COUNT; s++) {
		if (v < shape_weight[s])
			return (shape)s;
		v -= shape_weight[s];
	}
	return SHAPE_ELDERLY_ALONE;
}

/* ---- township, village and payee ---------------------------------------
 * Drawn from a generator of their own, seeded by the household already
 * made, so that the households of a seed are otherwise what they were
 * before these facts existed. Each region has 3 to 5 townships, codes
 * region + 001.. (the first of them 街道, the rest 镇); a village's code
 * always carries the same name. The address is rewritten to begin with
 * the township's and village's names. */

static const char *const banks[] = {
	"农村信用社", "邮储银行", "农业银行", "农商银行", "建设银行",
};
/* card-style first digits of each bank's accounts (demo only) */
static const char *const bank_prefix[] = {
	"622827", "621799", "622848", "623058", "621700",
};

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static unsigned region_hash(const char *region)
{
	return (unsigned)(fnv1a(0xcbf29ce484222325ULL, region) % 1009);
}

/* How many townships the region has (3 to 5), and how many of them are
 * 街道 (the first ones; the rest are 镇). */
static int townships_in(const char *region)
{
	return 3 + (int)(region_hash(region) % 3);
}

static int streets_in(const char *region)
{
	return townships_in(region) / 2;
}

/* Township k (0-based) of the region: its code and name. */
static void township_of(const char *region, int k, core_area *t)
{
	unsigned rh = region_hash(region);
	snprintf(t->code, sizeof(t->code), "%s%03d", region, k + 1);
	if (k < streets_in(region))
		snprintf(t->name, sizeof(t->name), "%s街道",
		         streets[(rh + (unsigned)k * 5) % COUNT(streets)]);
	else
		snprintf(t->name, sizeof(t->name), "%s镇",
		         towns[(rh + (unsigned)k * 7) % COUNT(towns)]);
}

/* ---- supporters -------------------------------------------------------
 * A household none of whose members can work (60 or over, under 16, or
 * severely disabled) mostly has a son or daughter living elsewhere who
 * supports it (80 %); some have one who cannot (10 %: disabled, or on
 * dibao themselves); the rest have no one — the destitute (特困) of a
 * caseload. Drawn from a generator of their own, seeded by the household,
 * as the township and payee below are, so that a seed's households are
 * otherwise what they were. */

static const char *const unable_reasons[] = {
	"本人一级肢体残疾", "本人亦为低保对象", "本人重病，无收入",
};

static ds_status supporters(core_household *h, core_date today, ds_error *err)
{
	core_rng side;
	const core_member *head = &h->members[core_household_head(h)];
	uint64_t seed = fnv1a(fnv1a(0xcbf29ce484222325ULL, "supporters"),
	                      head->id_number);
	int draw;
	bool son;
	core_supporter *s;
	char family[16] = "";
	for (size_t i = 0; i < h->n_members; i++) {
		const core_member *m = &h->members[i];
		int age = core_idnum_age(m->id_number, today);
		unsigned cats = core_member_categories(m, today);
		if (age >= 16 && age < 60 &&
		    !(cats & (1u << CORE_CAT_SEVERE_DISABILITY)))
			return DS_OK; /* someone who can work: none listed */
	}
	core_rng_seed(&side, seed);
	draw = (int)core_rng_range(&side, 0, 99);
	if (draw >= 90)
		return DS_OK;
	if (!(s = core_household_add_supporter(h, err)))
		return err ? err->status : DS_ESYSTEM;
	son = core_rng_range(&side, 0, 1) == 0;
	/* the head's surname: the first character (a compound one is rare) */
	{
		size_t n = 1;
		while (n < 4 && (head->name[n] & 0xC0) == 0x80)
			n++;
		memcpy(family, head->name, n);
		family[n] = '\0';
	}
	join(s->name, sizeof(s->name), son ? family : surnames[core_rng_range(&side, 0, COUNT(surnames) - 1)],
	     son ? male_mid[core_rng_range(&side, 0, COUNT(male_mid) - 1)]
	         : female_mid[core_rng_range(&side, 0, COUNT(female_mid) - 1)]);
	snprintf(s->relation, sizeof(s->relation), "%.48s之%s", head->name,
	         son ? "子" : "女");
	s->able = draw < 80;
	if (!s->able)
		snprintf(s->reason, sizeof(s->reason), "%s",
		         unable_reasons[core_rng_range(&side, 0, COUNT(unable_reasons) - 1)]);
	return DS_OK;
}

static void place_and_payee(core_household *h, bool rural)
{
	core_rng side;
	const core_member *head = &h->members[core_household_head(h)];
	uint64_t seed = fnv1a(fnv1a(0xcbf29ce484222325ULL, h->region), head->id_number);
	int streets_n = streets_in(h->region), k, v, b, len;
	unsigned rh = region_hash(h->region);
	char rest[CORE_ADDRESS_MAX], *after;
	const char *mark = rural ? "村" : "社区";
	char acct[CORE_ACCOUNT_MAX];

	core_rng_seed(&side, fnv1a(seed, h->address));
	k = rural ? streets_n + (int)core_rng_range(&side, 0, townships_in(h->region) - streets_n - 1)
	          : (int)core_rng_range(&side, 0, streets_n - 1);
	township_of(h->region, k, &h->township);
	/* villages (村委会) are numbered 2xx, communities (居委会) 0xx */
	v = (int)core_rng_range(&side, 1, rural ? 20 : 15);
	memcpy(h->village.code, h->township.code, CORE_TOWNSHIP_LEN);
	h->village.code[CORE_TOWNSHIP_LEN] = rural ? '2' : '0';
	h->village.code[CORE_TOWNSHIP_LEN + 1] = (char)('0' + v / 10);
	h->village.code[CORE_TOWNSHIP_LEN + 2] = (char)('0' + v % 10);
	h->village.code[CORE_VILLAGE_LEN] = '\0';
	if (rural)
		snprintf(h->village.name, sizeof(h->village.name), "%s村",
		         villages[(rh + (unsigned)k * 3 + (unsigned)v * 5) % COUNT(villages)]);
	else
		snprintf(h->village.name, sizeof(h->village.name), "%s社区",
		         communities[(rh + (unsigned)k * 3 + (unsigned)v * 5) % COUNT(communities)]);
	/* "X镇Y村3组12号" -> township + village + "3组12号" */
	after = strstr(h->address, mark);
	if (after) {
		size_t nt = strlen(h->township.name), nv = strlen(h->village.name),
		       nr = strlen(after + strlen(mark));
		memcpy(rest, after + strlen(mark), nr + 1);
		if (nt + nv + nr < sizeof(h->address)) {
			memcpy(h->address, h->township.name, nt);
			memcpy(h->address + nt, h->village.name, nv);
			memcpy(h->address + nt + nv, rest, nr + 1);
		}
	}

	/* paid to the head, at a local bank; a few accounts (about 1 in 12)
	 * fail the check digit, as a mistyped or passbook account would */
	b = (int)core_rng_range(&side, 0, COUNT(banks) - 1);
	len = core_rng_range(&side, 0, 2) ? 19 : 16;
	memcpy(acct, bank_prefix[b], 6);
	for (int i = 6; i < len - 1; i++)
		acct[i] = (char)('0' + core_rng_range(&side, 0, 9));
	acct[len - 1] = '\0';
	acct[len - 1] = core_account_luhn_digit(acct);
	if (core_rng_range(&side, 0, 11) == 0)
		acct[len - 1] = (char)('0' + (acct[len - 1] - '0' + 1) % 10);
	acct[len] = '\0';
	snprintf(h->payee.name, sizeof(h->payee.name), "%s", head->name);
	snprintf(h->payee.bank, sizeof(h->payee.bank), "%s", banks[b]);
	memcpy(h->payee.account, acct, (size_t)len + 1);
}

ds_status core_demo_household(core_rng *r, const core_demo_region *regions,
                              size_t n_regions, core_date today,
                              core_household *h, ds_error *err)
{
	core_household tmp;
	ds_error local;
	const core_demo_region *reg;
	gen g;
	shape sh;
	core_fen counted = 0, gap;
	bool eligible;
	ds_status st;
	int district;

	if ((st = check_args(r, regions, n_regions, today, h, err)))
		return st;
	core_household_init(&tmp);
	memset(&g, 0, sizeof(g));
	g.r = r;
	g.today = today;
	g.h = &tmp;
	g.err = err ? err : &local; /* to learn the status of a failure */

	reg = &regions[core_rng_range(r, 0, (int64_t)n_regions - 1)];
	memcpy(tmp.region, reg->region, CORE_REGION_LEN + 1);
	g.region = tmp.region;
	g.standard = reg->standard;
	/* county-level codes ending 01-20 are city districts, mostly urban;
	 * counties (21+) and cities without districts (00) mostly rural */
	district = (reg->region[4] - '0') * 10 + (reg->region[5] - '0');
	g.rural = pct(&g, district >= 1 && district <= 20 ? 35 : 70);
	make_address(&g);

	sh = pick_shape(&g);
	if (!shapes[sh](&g)) {
		st = g.err->status;
		goto out;
	}
	counted_incomes(&g, sh);
	exempt_incomes(&g);
	if (!assets(&g, &eligible)) {
		st = g.err->status;
		goto out;
	}

	/* the allowance: S n - H in fen, rounded up to a yuan once */
	for (size_t i = 0; i < tmp.n_members; i++)
		for (size_t k = 0; k < tmp.members[i].n_incomes; k++)
			if (core_income_counted_nationally(
			            tmp.members[i].incomes[k].source))
				counted += tmp.members[i].incomes[k].monthly;
	gap = g.standard * (core_fen)tmp.n_members - counted;
	/* the rest have applied and are waiting, or were stopped */
	if (gap > 0 && eligible && pct(&g, 98)) {
		core_month now = core_month_of_date(today);
		core_month first = core_month_make(2015, 1);
		tmp.receiving = true;
		tmp.allowance = core_money_ceil_yuan(gap);
		tmp.since = (core_month)core_rng_range(
		        r, first < now ? first : now, now);
	} else if (gap <= 0 && eligible && pct(&g, 40)) {
		/* Income has risen above the standard since the household was
		 * last assessed: still receiving the old allowance until the
		 * next assessment starts its gradual withdrawal. */
		core_month now = core_month_of_date(today);
		core_month first = core_month_make(2015, 1);
		core_fen most = g.standard * (core_fen)tmp.n_members / 2;
		tmp.receiving = true;
		tmp.allowance = core_money_ceil_yuan(core_rng_range(r, 10000, most > 10000 ? most : 10000));
		tmp.since = (core_month)core_rng_range(
		        r, first < now ? first : now, now);
	}

	/* Receiving households were last verified on paper within their
	 * interval (a year; half a year when someone can work), a few a
	 * little late: a caseload brought over has some visits due, not all. */
	if (tmp.receiving) {
		bool watch = false;
		core_date start = core_month_first_day(tmp.since);
		for (size_t i = 0; i < tmp.n_members; i++)
			watch = watch || tmp.members[i].able_to_work;
		tmp.last_verified =
		        today - (core_date)core_rng_range(r, 0, watch ? 200 : 390);
		if (tmp.last_verified < start)
			tmp.last_verified = start;
	}

	place_and_payee(&tmp, g.rural);
	if ((st = supporters(&tmp, today, err)))
		goto out;

	/* the generator's promise, kept by construction; checked anyway */
	if ((st = core_household_validate(&tmp, today, err)))
		goto out;
	core_household_free(h);
	*h = tmp;
	return DS_OK;
out:
	core_household_free(&tmp);
	return st;
}
