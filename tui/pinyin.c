/* pinyin.c — names in pinyin order and found by pinyin, with ICU's zh
 * collator and its Han-Latin transliterators (a surname read as a
 * surname: 单 shan, 曾 zeng), each character read once and kept in a
 * table by code point, so a reload reads only characters not seen yet
 * and a keystroke of search calls no ICU at all. The collator knows one
 * reading a character (曾 ceng, 单 dan); a surname read otherwise is
 * sorted as a character whose reading is the surname's (曾 as 增, zeng),
 * found by ICU too. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

#include "tui/pinyin.h"
#include "tui/pinyin_table.h"

#define SYL_MAX PINYIN_SYL_MAX
#define NONE 0xFFFFu       /* a character with no reading */
#define BMP 0x10000u

/* A reading read for a character: its syllable and, when it has ü, the
 * same with v (lv for lü), as input methods type it. 0 not read yet. */
typedef uint32_t cached; /* low 16 bits: syllable; high 16: its v form */

struct pinyin {
	UCollator *coll;
	/* opened when first needed: a character the table has not, the
	 * table's making (7 MiB resident once opened, for a few names) */
	UTransliterator *common;  /* Han-Latin */
	UTransliterator *surname; /* Han-Latin/Names: a character as a surname */
	bool tried_trans;
	/* the table's syllables as interned here: [i] for its syllable i,
	 * the v form beside when it has ü */
	cached *table_syl;
	/* syllables met, [0] unused: readings are their indices */
	char (*syl)[SYL_MAX];
	size_t n_syl, cap_syl;
	/* by code point, made when first needed */
	cached *by_common, *by_surname;
	/* the character a surname sorts as (0 not looked up, NONE itself) */
	uint16_t *sorts_as;
	/* each reading (toned) of the basic block and the first character
	 * read so, by reading: made when a surname first needs it */
	struct stand_in *stand;
	size_t n_stand;
	bool stand_made;
};

typedef struct stand_in {
	UChar r[15];
	uint8_t n;
	UChar32 cp;
} stand_in;

static cached reading(pinyin *p, UChar32 cp, bool as_surname);
static UChar32 sorts_as(pinyin *p, UChar32 cp);
static uint16_t intern(pinyin *p, const char *s);

/* A character of a name and its readings (indices into syl, 0 none). */
typedef struct {
	uint32_t cp;
	uint16_t r[2];
} unit;

struct pinyin_index {
	const pinyin *p;
	unit *u;
	size_t n_u, cap_u;
	uint32_t *first;  /* name i is u[first[i] .. first[i + 1]) */
	size_t n, cap;
};

static UTransliterator *open_trans(const char *id)
{
	UChar uid[64];
	UErrorCode e = U_ZERO_ERROR;
	UTransliterator *t;
	u_uastrncpy(uid, id, 63);
	uid[63] = 0;
	t = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
	if (U_FAILURE(e)) {
		if (t)
			utrans_close(t);
		return NULL;
	}
	return t;
}

/* The transliterators, opened once when first needed; false when they
 * will not open. */
static bool open_readers(pinyin *p)
{
	if (!p->tried_trans) {
		p->tried_trans = true;
		/* NFD: tone marks and the diaeresis of ü apart from their
		 * letters */
		p->common = open_trans("Han-Latin; NFD");
		p->surname = open_trans("Han-Latin/Names; NFD");
	}
	return p->common && p->surname;
}

/* The table's syllables interned, each with its v form when it has ü. */
static bool intern_table(pinyin *p)
{
	if (!(p->table_syl = calloc(pinyin_table_syllables, sizeof(cached))))
		return false;
	for (size_t i = 1; i < pinyin_table_syllables; i++) {
		char u[SYL_MAX];
		const char *v = pinyin_table_syllable[i];
		uint16_t r, rv = 0;
		snprintf(u, sizeof(u), "%s", v);
		for (char *c = u; *c; c++)
			if (*c == 'v')
				*c = 'u';
		if (!(r = intern(p, u)))
			return false;
		if (strcmp(u, v) && !(rv = intern(p, v)))
			return false;
		p->table_syl[i] = (cached)r | ((cached)rv << 16);
	}
	return true;
}

pinyin *pinyin_open(void)
{
	pinyin *p = calloc(1, sizeof(*p));
	UErrorCode e = U_ZERO_ERROR;
	if (!p)
		return NULL;
	p->coll = ucol_open("zh", &e);
	if (U_FAILURE(e))
		p->coll = NULL;
	p->cap_syl = 512;
	p->syl = calloc(p->cap_syl, sizeof(*p->syl));
	p->n_syl = 1;
	/* the transliterators are not opened here: once opened, ICU keeps
	 * their rules (4.7 MiB) until the process ends, and the table reads
	 * the characters of the basic block, which is what names hold */
	if (!p->coll || !p->syl || !intern_table(p)) {
		pinyin_close(&p);
		return NULL;
	}
	return p;
}

void pinyin_forget(pinyin *p)
{
	if (!p)
		return;
	if (p->by_common)
		sodium_memzero(p->by_common, BMP * sizeof(cached));
	if (p->by_surname)
		sodium_memzero(p->by_surname, BMP * sizeof(cached));
	if (p->sorts_as)
		sodium_memzero(p->sorts_as, BMP * sizeof(uint16_t));
	free(p->by_common);
	free(p->by_surname);
	free(p->sorts_as);
	p->by_common = p->by_surname = NULL;
	p->sorts_as = NULL;
}

void pinyin_close(pinyin **pp)
{
	pinyin *p = pp ? *pp : NULL;
	if (!p)
		return;
	pinyin_forget(p);
	if (p->coll)
		ucol_close(p->coll);
	if (p->common)
		utrans_close(p->common);
	if (p->surname)
		utrans_close(p->surname);
	free(p->syl);
	free(p->table_syl);
	free(p->stand);
	free(p);
	*pp = NULL;
}

size_t pinyin_sort_key(pinyin *p, const char *name, char *out, size_t cap)
{
	UChar buf[256];
	int32_t len = 0, n;
	UErrorCode e = U_ZERO_ERROR;
	if (!cap)
		return 0;
	out[0] = '\0';
	if (!p || !p->coll)
		return 0;
	u_strFromUTF8Lenient(buf, 256, &len, name, -1, &e);
	if (U_FAILURE(e) || len > 256)
		return 0;
	if (len && U16_IS_SINGLE(buf[0])) {
		/* a surname read otherwise than the collator reads it */
		UChar32 as = sorts_as(p, buf[0]);
		if (as)
			buf[0] = (UChar)as;
	}
	n = ucol_getSortKey(p->coll, buf, len, (uint8_t *)out, (int32_t)cap);
	sodium_memzero(buf, sizeof(buf));
	if (n <= 0 || (size_t)n > cap) {
		out[0] = '\0';
		return 0;
	}
	return (size_t)n - 1;
}

/* ---- reading one character ---------------------------------------------------- */

static uint16_t intern(pinyin *p, const char *s)
{
	for (size_t i = 1; i < p->n_syl; i++)
		if (!strcmp(p->syl[i], s))
			return (uint16_t)i;
	if (p->n_syl == p->cap_syl) {
		char(*ns)[SYL_MAX];
		if (p->cap_syl >= NONE - 1)
			return 0;
		ns = realloc(p->syl, 2 * p->cap_syl * sizeof(*p->syl));
		if (!ns)
			return 0;
		p->syl = ns;
		p->cap_syl *= 2;
	}
	snprintf(p->syl[p->n_syl], SYL_MAX, "%s", s);
	return (uint16_t)p->n_syl++;
}

/* A character through a transliterator: its letters, lower-cased, the
 * marks dropped; the v form when a u bore a diaeresis. */
static cached read_char(pinyin *p, UTransliterator *t, UChar32 cp)
{
	UChar buf[64];
	int32_t len = 0, lim;
	UErrorCode e = U_ZERO_ERROR;
	char s[SYL_MAX], v[SYL_MAX];
	size_t n = 0;
	bool umlaut = false;
	uint16_t r, rv = 0;
	U16_APPEND_UNSAFE(buf, len, cp);
	lim = len;
	utrans_transUChars(t, buf, &len, 64, 0, &lim, &e);
	if (U_FAILURE(e) || len > 64)
		return NONE;
	for (int32_t i = 0; i < len; i++) {
		UChar c = buf[i];
		if (c >= 'A' && c <= 'Z')
			c = (UChar)(c - 'A' + 'a');
		if (c >= 'a' && c <= 'z') {
			if (n + 1 >= SYL_MAX)
				return NONE;
			s[n] = v[n] = (char)c;
			n++;
		} else if (c == 0x0308 && n && s[n - 1] == 'u') {
			v[n - 1] = 'v';
			umlaut = true;
		} else if (u_getCombiningClass(c) == 0) {
			return NONE; /* not read: the character came back */
		}
	}
	if (!n)
		return NONE;
	s[n] = v[n] = '\0';
	if (!(r = intern(p, s)))
		return NONE;
	if (umlaut)
		rv = intern(p, v);
	return (cached)r | ((cached)rv << 16);
}

/* A character's reading through the transliterators. */
static cached reading_icu(pinyin *p, UChar32 cp, bool as_surname)
{
	cached **table = as_surname ? &p->by_surname : &p->by_common;
	if (cp < 0 || (uint32_t)cp >= BMP ||
	    uscript_getScript(cp, &(UErrorCode){U_ZERO_ERROR}) != USCRIPT_HAN)
		return NONE;
	if (!*table && !(*table = calloc(BMP, sizeof(cached))))
		return NONE;
	if (!(*table)[cp])
		(*table)[cp] = open_readers(p) ? read_char(p, as_surname ? p->surname
		                                                         : p->common,
		                                           cp)
		                               : NONE;
	return (*table)[cp];
}

static int pair_cmp(const void *key, const void *elem)
{
	uint16_t k = *(const uint16_t *)key, e = ((const pinyin_table_pair *)elem)->cp;
	return (k > e) - (k < e);
}

static const pinyin_table_pair *table_find(const pinyin_table_pair *t,
                                           size_t n, UChar32 cp)
{
	uint16_t k = (uint16_t)cp;
	return bsearch(&k, t, n, sizeof(*t), pair_cmp);
}

static bool in_table(UChar32 cp)
{
	return cp >= PINYIN_TABLE_FIRST && cp <= PINYIN_TABLE_LAST;
}

/* A character's reading: from the table (what the transliterators gave
 * when it was made, tests/tools/pinyin_table.c) for the basic block, by
 * the transliterators beyond it. */
static cached reading(pinyin *p, UChar32 cp, bool as_surname)
{
	const pinyin_table_pair *s;
	uint16_t i;
	if (!in_table(cp))
		return reading_icu(p, cp, as_surname);
	/* the readings as a surname that differ from the common one */
	if (as_surname && (s = table_find(pinyin_table_surname,
	                                  pinyin_table_n_surname, cp)))
		i = s->v;
	else
		i = pinyin_table_common[cp - PINYIN_TABLE_FIRST];
	return i && i < pinyin_table_syllables ? p->table_syl[i] : NONE;
}

/* ---- a surname's place in the order -------------------------------------------- */

/* A character's reading with its tone marks, as the transliterator gives
 * it (NFD); its length, 0 when not read. */
static int32_t toned(UTransliterator *t, UChar32 cp, UChar *out, int32_t cap)
{
	int32_t len = 0, lim;
	UErrorCode e = U_ZERO_ERROR;
	U16_APPEND_UNSAFE(out, len, cp);
	lim = len;
	utrans_transUChars(t, out, &len, cap, 0, &lim, &e);
	if (U_FAILURE(e) || len > cap || (len == 1 && out[0] == cp))
		return 0;
	return len;
}

static int stand_cmp(const void *a, const void *b)
{
	const stand_in *x = a, *y = b;
	int c = u_strCompare(x->r, x->n, y->r, y->n, false);
	return c ? c : (x->cp > y->cp) - (x->cp < y->cp);
}

/* Every reading of the CJK basic block and the first character read so:
 * some 1,500 of them, from 21,000 characters read once (about 0.1 s). */
static void make_stand_ins(pinyin *p)
{
	size_t n = 0, k = 0;
	stand_in *all;
	p->stand_made = true;
	if (!open_readers(p) || !(all = malloc((0x9FA6 - 0x4E00) * sizeof(*all))))
		return;
	for (UChar32 cp = 0x4E00; cp < 0x9FA6; cp++) {
		int32_t len = toned(p->common, cp, all[n].r, 15);
		if (!len)
			continue;
		all[n].n = (uint8_t)len;
		all[n].cp = cp;
		n++;
	}
	qsort(all, n, sizeof(*all), stand_cmp);
	for (size_t i = 0; i < n; i++)
		if (!k || u_strCompare(all[k - 1].r, all[k - 1].n, all[i].r,
		                       all[i].n, false) != 0)
			all[k++] = all[i];
	p->stand = realloc(all, (k ? k : 1) * sizeof(*all));
	if (!p->stand)
		p->stand = all;
	p->n_stand = k;
}

static int reading_cmp(const void *key, const void *elem)
{
	const stand_in *x = key, *y = elem;
	return u_strCompare(x->r, x->n, y->r, y->n, false);
}

/* The character cp sorts as when it begins a name: itself (0), or one
 * whose common reading is cp's reading as a surname; by the
 * transliterators. */
static UChar32 sorts_as_icu(pinyin *p, UChar32 cp)
{
	cached c, s;
	stand_in key;
	const stand_in *found;
	int32_t len;
	if (cp < 0 || (uint32_t)cp >= BMP)
		return 0;
	if (p->sorts_as && p->sorts_as[cp])
		return p->sorts_as[cp] == NONE ? 0 : p->sorts_as[cp];
	c = reading_icu(p, cp, false);
	s = reading_icu(p, cp, true);
	if ((c & 0xFFFF) == NONE || (s & 0xFFFF) == NONE ||
	    (c & 0xFFFF) == (s & 0xFFFF))
		return 0; /* the collator reads it as the surname is read */
	if (!p->sorts_as && !(p->sorts_as = calloc(BMP, sizeof(uint16_t))))
		return 0;
	p->sorts_as[cp] = NONE;
	if (!p->stand_made)
		make_stand_ins(p);
	if (!open_readers(p) || !(len = toned(p->surname, cp, key.r, 15)))
		return 0;
	key.n = (uint8_t)len;
	found = p->n_stand ? bsearch(&key, p->stand, p->n_stand, sizeof(*p->stand),
	                             reading_cmp)
	                   : NULL;
	/* a stand-in is always below 0xA000: it fits */
	if (found)
		p->sorts_as[cp] = (uint16_t)found->cp;
	return found ? found->cp : 0;
}

/* The same, from the table for the basic block. */
static UChar32 sorts_as(pinyin *p, UChar32 cp)
{
	const pinyin_table_pair *s;
	if (!in_table(cp))
		return sorts_as_icu(p, cp);
	s = table_find(pinyin_table_sorts_as, pinyin_table_n_sorts_as, cp);
	return s ? s->v : 0;
}

/* A reading as text, its v form ("lv"); "" none. */
static void reading_text(const pinyin *p, cached c, char out[PINYIN_SYL_MAX])
{
	uint16_t i = (c >> 16) ? (uint16_t)(c >> 16) : (uint16_t)(c & 0xFFFF);
	snprintf(out, PINYIN_SYL_MAX, "%s",
	         (c & 0xFFFF) == NONE || !i || i >= p->n_syl ? "" : p->syl[i]);
}

void pinyin_reading(pinyin *p, uint32_t cp, bool as_surname, bool icu,
                    char out[PINYIN_SYL_MAX])
{
	out[0] = '\0';
	if (p && cp < BMP)
		reading_text(p, icu ? reading_icu(p, (UChar32)cp, as_surname)
		                    : reading(p, (UChar32)cp, as_surname),
		             out);
}

uint32_t pinyin_sorts_as(pinyin *p, uint32_t cp, bool icu)
{
	if (!p || cp >= BMP)
		return 0;
	return (uint32_t)(icu ? sorts_as_icu(p, (UChar32)cp)
	                      : sorts_as(p, (UChar32)cp));
}

/* ---- the index ------------------------------------------------------------------ */

pinyin_index *pinyin_index_new(void)
{
	pinyin_index *x = calloc(1, sizeof(*x));
	if (x && !(x->first = calloc(1, sizeof(*x->first)))) {
		free(x);
		return NULL;
	}
	return x;
}

void pinyin_index_free(pinyin_index **xp)
{
	pinyin_index *x = xp ? *xp : NULL;
	if (!x)
		return;
	/* what was written: the pages of a reserve never written are not
	 * made resident to be wiped */
	if (x->u)
		sodium_memzero(x->u, x->n_u * sizeof(*x->u));
	free(x->u);
	free(x->first);
	free(x);
	*xp = NULL;
}

bool pinyin_index_reserve(pinyin_index *x, size_t names, size_t bytes)
{
	unit *u;
	uint32_t *f;
	if (!x || x->n || x->n_u || x->cap_u)
		return x != NULL;
	if (!(u = malloc((bytes ? bytes : 1) * sizeof(*u))) ||
	    !(f = realloc(x->first, (names + 2) * sizeof(*f)))) {
		free(u);
		return false;
	}
	x->u = u;
	x->cap_u = bytes ? bytes : 1;
	x->first = f;
	x->cap = names + 2;
	return true;
}

size_t pinyin_index_count(const pinyin_index *x)
{
	return x ? x->n : 0;
}

static bool add_unit(pinyin_index *x, uint32_t cp, uint16_t r0, uint16_t r1)
{
	if (x->n_u == x->cap_u) {
		size_t nc = x->cap_u ? x->cap_u * 2 : 1024;
		unit *nu = malloc(nc * sizeof(*nu));
		if (!nu)
			return false;
		if (x->u) {
			memcpy(nu, x->u, x->n_u * sizeof(*nu));
			sodium_memzero(x->u, x->n_u * sizeof(*x->u));
			free(x->u);
		}
		x->u = nu;
		x->cap_u = nc;
	}
	x->u[x->n_u].cp = cp;
	x->u[x->n_u].r[0] = r0;
	x->u[x->n_u].r[1] = r1 != r0 ? r1 : 0;
	x->n_u++;
	return true;
}

bool pinyin_index_add(pinyin_index *x, pinyin *p, const char *name, size_t len)
{
	int32_t i = 0;
	bool first_han = true;
	if (!x)
		return false;
	if (p)
		x->p = p;
	if (x->n + 2 > x->cap) {
		size_t nc = x->cap ? x->cap * 2 : 1024;
		uint32_t *nf = realloc(x->first, nc * sizeof(*nf));
		if (!nf)
			return false;
		x->first = nf;
		x->cap = nc;
	}
	while (i < (int32_t)len) {
		UChar32 cp;
		U8_NEXT(name, i, (int32_t)len, cp);
		if (cp < 0)
			continue;
		if (cp < 0x80) {
			/* Latin letters and digits are matched as typed */
			if (cp >= 'A' && cp <= 'Z')
				cp += 'a' - 'A';
			if (((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) &&
			    !add_unit(x, (uint32_t)cp, 0, 0))
				return false;
			continue;
		}
		if (!u_isalnum(cp))
			continue; /* a space, 阿依古丽·买买提's dot */
		if (p) {
			cached c = reading(p, cp, false), s = NONE;
			if (first_han && (c & 0xFFFF) != NONE)
				s = reading(p, cp, true);
			if ((c & 0xFFFF) == NONE) {
				if (!add_unit(x, (uint32_t)cp, 0, 0))
					return false;
				continue;
			}
			if (first_han && (s & 0xFFFF) != NONE) {
				/* the surname first, the common reading (or the v
				 * form) beside it */
				uint16_t alt = (uint16_t)(c & 0xFFFF) != (uint16_t)(s & 0xFFFF)
				               ? (uint16_t)(c & 0xFFFF)
				               : (uint16_t)(s >> 16);
				if (!add_unit(x, (uint32_t)cp, (uint16_t)(s & 0xFFFF), alt))
					return false;
			} else if (!add_unit(x, (uint32_t)cp, (uint16_t)(c & 0xFFFF),
			                     (uint16_t)(c >> 16))) {
				return false;
			}
			first_han = false;
		} else if (!add_unit(x, (uint32_t)cp, 0, 0)) {
			return false;
		}
	}
	x->n++;
	x->first[x->n] = (uint32_t)x->n_u;
	return true;
}

void pinyin_query(char *out, size_t cap, const char *q)
{
	size_t n = 0;
	if (!cap)
		return;
	for (; *q && n + 1 < cap; q++) {
		char c = *q;
		if (c == ' ' || c == '\'')
			continue; /* "zhang qiang", "xi'an" */
		out[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	out[n] = '\0';
}

/* Whether q can be taken by units u[0..n) in turn, from u[0]. */
static bool match_at(const pinyin_index *x, const unit *u, size_t n,
                     const char *q)
{
	if (!*q)
		return true;
	if (!n)
		return false;
	if (u->cp < 0x80) {
		if ((unsigned char)*q == u->cp && match_at(x, u + 1, n - 1, q + 1))
			return true;
	} else {
		char b[4];
		int32_t len = 0;
		U8_APPEND_UNSAFE(b, len, u->cp);
		size_t ql = strnlen(q, (size_t)len);
		/* a query ending inside a character's bytes (typed a byte at
		 * a time) matches as far as it goes */
		if (!memcmp(q, b, ql) &&
		    (ql < (size_t)len || match_at(x, u + 1, n - 1, q + len)))
			return true;
	}
	for (int k = 0; k < 2; k++) {
		const char *s;
		size_t common = 0;
		if (!u->r[k])
			continue;
		s = x->p->syl[u->r[k]];
		while (s[common] && q[common] == s[common])
			common++;
		if (!common)
			continue;
		if (!q[common])
			return true; /* the query ends in this syllable */
		/* "zhangq": all of zhang; "zq": z of zhang; "zhq": zh */
		for (size_t j = common; j > 0; j--)
			if (match_at(x, u + 1, n - 1, q + j))
				return true;
	}
	return false;
}

bool pinyin_index_match(const pinyin_index *x, size_t i, const char *q)
{
	const unit *u;
	size_t n;
	if (!x || i >= x->n || !*q)
		return false;
	u = x->u + x->first[i];
	n = x->first[i + 1] - x->first[i];
	for (size_t s = 0; s < n; s++) {
		/* a cheap look at the first letter before anything else */
		const unit *v = &u[s];
		unsigned char c = (unsigned char)*q;
		if (c < 0x80 && v->cp != c &&
		    (!v->r[0] || (unsigned char)x->p->syl[v->r[0]][0] != c) &&
		    (!v->r[1] || (unsigned char)x->p->syl[v->r[1]][0] != c))
			continue;
		if (match_at(x, v, n - s, q))
			return true;
	}
	return false;
}

/* ---- a query matched against many names ---------------------------------------- */

#define PATTERN_MAX 63

struct pinyin_pattern {
	const pinyin_index *x;
	char q[PATTERN_MAX + 1];
	size_t n;
	/* [r * PATTERN_MAX + j]: how many letters of the query from j on
	 * syllable r begins with */
	uint8_t *take;
	size_t n_syl;
};

pinyin_pattern *pinyin_pattern_new(const pinyin_index *x, const char *q)
{
	pinyin_pattern *t;
	size_t n = strlen(q);
	if (!x || !x->p || !*q || n > PATTERN_MAX || !(t = calloc(1, sizeof(*t))))
		return NULL;
	t->x = x;
	t->n = n;
	memcpy(t->q, q, n + 1);
	t->n_syl = x->p->n_syl;
	if (!(t->take = calloc(t->n_syl * PATTERN_MAX, 1))) {
		free(t);
		return NULL;
	}
	for (size_t r = 1; r < t->n_syl; r++) {
		const char *s = x->p->syl[r];
		for (size_t j = 0; j < n; j++) {
			size_t l = 0;
			while (s[l] && q[j + l] == s[l])
				l++;
			t->take[r * PATTERN_MAX + j] = (uint8_t)l;
		}
	}
	return t;
}

void pinyin_pattern_free(pinyin_pattern **tp)
{
	pinyin_pattern *t = tp ? *tp : NULL;
	if (!t)
		return;
	sodium_memzero(t->take, t->n_syl * PATTERN_MAX);
	free(t->take);
	sodium_memzero(t, sizeof(*t));
	free(t);
	*tp = NULL;
}

/* As pinyin_index_match, all the ways at once: the places in the query a
 * match begun at an earlier character can have reached, a bit each,
 * carried from character to character (a match may begin at each). */
bool pinyin_pattern_match(const pinyin_pattern *t, size_t i)
{
	const pinyin_index *x = t ? t->x : NULL;
	const uint64_t goal = t ? UINT64_C(1) << t->n : 0;
	uint64_t at = 0;
	if (!x || i >= x->n)
		return false;
	for (uint32_t k = x->first[i]; k < x->first[i + 1]; k++) {
		const unit *v = &x->u[k];
		uint64_t next = 0, left;
		at |= 1;
		for (left = at; left; left &= left - 1) {
			size_t j = (size_t)__builtin_ctzll(left);
			const char *q = t->q + j;
			if (v->cp < 0x80) {
				if ((unsigned char)*q == v->cp)
					next |= UINT64_C(1) << (j + 1);
			} else if ((unsigned char)*q >= 0x80) {
				char b[4];
				int32_t len = 0;
				size_t ql;
				U8_APPEND_UNSAFE(b, len, v->cp);
				ql = strnlen(q, (size_t)len);
				if (!memcmp(q, b, ql)) {
					if (ql < (size_t)len)
						return true; /* the query ends inside it */
					next |= UINT64_C(1) << (j + (size_t)len);
				}
			}
			for (int r = 0; r < 2; r++) {
				size_t l;
				if (!v->r[r] || v->r[r] >= t->n_syl)
					continue;
				/* a reading takes 1 to l letters */
				l = t->take[v->r[r] * PATTERN_MAX + j];
				if (l)
					next |= ((UINT64_C(1) << l) - 1) << (j + 1);
			}
		}
		if (next & goal)
			return true;
		at = next;
	}
	return false;
}

/* The letters unit v may be begun with: its readings' first, or itself. */
static uint32_t unit_firsts(const pinyin_index *x, const unit *v)
{
	uint32_t m = 0;
	if (v->cp >= 'a' && v->cp <= 'z')
		m |= 1u << (v->cp - 'a');
	for (int r = 0; r < 2; r++)
		if (v->r[r])
			m |= 1u << (x->p->syl[v->r[r]][0] - 'a');
	return m;
}

uint32_t pinyin_index_letters(const pinyin_index *x, size_t i)
{
	uint32_t m = 0;
	if (!x || i >= x->n)
		return 0;
	for (uint32_t k = x->first[i]; k < x->first[i + 1]; k++)
		m |= unit_firsts(x, &x->u[k]);
	return m;
}

uint32_t pinyin_index_spelled(const pinyin_index *x, size_t i)
{
	uint32_t m = 0;
	if (!x || i >= x->n)
		return 0;
	for (uint32_t k = x->first[i]; k < x->first[i + 1]; k++) {
		const unit *v = &x->u[k];
		if (v->cp >= 'a' && v->cp <= 'z')
			m |= 1u << (v->cp - 'a');
		for (int r = 0; r < 2; r++)
			for (const char *l = v->r[r] ? x->p->syl[v->r[r]] : ""; *l; l++)
				if (*l >= 'a' && *l <= 'z')
					m |= 1u << (*l - 'a');
	}
	return m;
}

uint64_t pinyin_index_starts(const pinyin_index *x, size_t i)
{
	uint64_t m = 0;
	if (!x || i >= x->n)
		return 0;
	for (uint32_t k = x->first[i]; k < x->first[i + 1]; k++) {
		const unit *v = &x->u[k];
		uint32_t a = unit_firsts(x, v), b;
		/* two letters of one reading */
		for (int r = 0; r < 2; r++) {
			const char *syl = v->r[r] ? x->p->syl[v->r[r]] : "";
			if (syl[0] && syl[1] >= 'a' && syl[1] <= 'z')
				m |= UINT64_C(1) << pinyin_pair_bit(syl[0], syl[1]);
		}
		/* a first letter of this character, then of the next */
		if (k + 1 >= x->first[i + 1] || !a ||
		    !(b = unit_firsts(x, &x->u[k + 1])))
			continue;
		for (int ca = 0; ca < 26; ca++)
			for (int cb = 0; a & (1u << ca) && cb < 26; cb++)
				if (b & (1u << cb))
					m |= UINT64_C(1) << pinyin_pair_bit((char)('a' + ca),
					                                     (char)('a' + cb));
	}
	return m;
}

bool pinyin_match(pinyin *p, const char *name, const char *query)
{
	pinyin_index *x = pinyin_index_new();
	char q[256];
	bool m;
	pinyin_query(q, sizeof(q), query);
	m = x && pinyin_index_add(x, p, name, strlen(name)) &&
	    pinyin_index_match(x, 0, q);
	pinyin_index_free(&x);
	sodium_memzero(q, sizeof(q));
	return m;
}
