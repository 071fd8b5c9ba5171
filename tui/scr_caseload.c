/* scr_caseload.c — the caseload: one line per household, sorted, filtered
 * and searched as you type; a virtual list that draws only what shows.
 * Names sort in pinyin order and are found by pinyin and its initials
 * (tui/pinyin.c), read once per reload; the search says what matched and
 * which match of how many the cursor is on. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/labels.h"
#include "tui/list.h"
#include "tui/pinyin.h"
#include "tui/text.h"
#include "tui/ui.h"

typedef enum { SORT_DUE, SORT_NAME, SORT_STATUS } sort_key;
typedef enum {
	F_ALL,
	F_RECEIVING,
	F_TRANSITION,
	F_WARNING,
	F_REVIEW,
	F_APPEAL,
	F_DUE,
	F_CLASS, /* the class in caseload.cls (CORE_CLASS_COUNT: none yet) */
} filter_key;

typedef struct {
	size_t *view;      /* indices into u->rows, sorted and filtered */
	size_t n_view;
	ui_list l;         /* the cursor, the first row shown, paging */
	sort_key sort;
	filter_key filter;
	int cls;           /* F_CLASS: the class shown */
	bool searching;
	char query[128];   /* UTF-8 as typed */
	ui *u;
	unsigned generation; /* of u->rows when the view was built */
	/* the household under the cursor at the last draw or at the lock,
	 * found again in the rows read again (its position may differ) */
	char on_id[STORE_ID_BUF];
	/* read from the rows once per reload (u->generation): every
	 * member's name for pinyin search, row i's names from first_name[i];
	 * the head's sort key, row i's at keys + key_at[i] */
	unsigned indexed;
	size_t n_indexed;  /* how many rows the arrays below were made for */
	pinyin_index *names;
	uint32_t *first_name;
	uint32_t *letters;  /* what row i's names' readings begin with */
	/* what row i's texts hold, a bit each: HAS_PLAIN the ASCII letters
	 * (bit 0 a) and digits (bit 26 0) of its search text, HAS_SPELLED
	 * every letter of its names' readings; a query with a letter or a
	 * digit outside them is not looked for in the row (one with a
	 * single one is answered by them) */
	uint64_t *has;
	/* the letters and digits side by side in row i's search text, a
	 * bit a pair (pair_bit): a query with a pair outside them is not in
	 * the text, and one of two digits is if its pair is */
	uint64_t (*pairs)[2];
	/* the two letters a match by pinyin can begin with in row i, a bit
	 * a pair (pinyin_pair_bit) */
	uint64_t *starts;
	char *keys;
	size_t keys_len;
	uint32_t *key_at;
	/* the search: the query as matched (lower-cased; for pinyin), the
	 * view's positions that match it, in order, and where it began */
	char low[128], pq[128];
	uint64_t need_plain; /* the bits of low's letters and digits */
	uint64_t need_spelled; /* of pq's letters, at HAS_SPELLED */
	uint64_t need_pairs[2]; /* of low's pairs */
	bool plain_exact;  /* those bits answer for low: one letter or digit,
	                    * or two digits */
	pinyin_pattern *pat; /* pq made ready for names, for this index */
	size_t *hits;
	size_t n_hits, hits_cap;
	bool hits_valid;   /* hits are low's, in this view */
	size_t from;
	/* the title's counts, made once for the rows of counted_gen (the
	 * title is drawn at every key, a search's too) */
	bool counted;
	unsigned counted_gen;
	size_t counted_rows;
	size_t counts[5];
	size_t class_counts[CORE_CLASS_COUNT + 1]; /* the last: not classified */
	/* the rows' classes are read (store_caseload_classes) when the class
	 * is first shown after a reload: the generation they were read for */
	bool classed;
	unsigned classed_gen;
	size_t classed_rows;
} caseload;

static bool has_draft(const store_draft_info *d, size_t n, const char *id);

#define HAS_PLAIN 0
#define HAS_SPELLED 36

/* A pair of bytes side by side as a bit of 128: two digits their own
 * (a * 10 + b, an ID number's), other pairs of letters and digits
 * sharing the 28 left; -1 for a pair with anything else. */
static int pair_bit(unsigned char a, unsigned char b)
{
	int x, y;
	if (a >= '0' && a <= '9' && b >= '0' && b <= '9')
		return (a - '0') * 10 + (b - '0');
	x = a >= '0' && a <= '9' ? a - '0' : a >= 'a' && a <= 'z' ? a - 'a' + 10 : -1;
	y = b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'z' ? b - 'a' + 10 : -1;
	if (x < 0 || y < 0)
		return -1;
	return 100 + (x * 36 + y) % 28;
}

/* The bit of an ASCII letter or digit at HAS_PLAIN; 0 for anything else. */
static uint64_t plain_bit(unsigned char ch)
{
	if (ch >= 'a' && ch <= 'z')
		return UINT64_C(1) << (HAS_PLAIN + ch - 'a');
	if (ch >= '0' && ch <= '9')
		return UINT64_C(1) << (HAS_PLAIN + 26 + ch - '0');
	return 0;
}

static const store_caseload_row *sort_rows; /* for qsort's comparator */
static const caseload *sort_c;
static sort_key sort_by;

/* The names and sort keys, derived from names: wiped when they go. */
static void drop_index(caseload *c)
{
	size_t n = c->n_indexed + 1;
	pinyin_pattern_free(&c->pat);
	pinyin_index_free(&c->names);
	free(c->first_name);
	/* the rows' bits say which letters and digits their names and ID
	 * numbers hold */
	if (c->letters)
		sodium_memzero(c->letters, n * sizeof(*c->letters));
	if (c->has)
		sodium_memzero(c->has, n * sizeof(*c->has));
	if (c->pairs)
		sodium_memzero(c->pairs, n * sizeof(*c->pairs));
	if (c->starts)
		sodium_memzero(c->starts, n * sizeof(*c->starts));
	free(c->letters);
	c->letters = NULL;
	free(c->has);
	c->has = NULL;
	free(c->pairs);
	c->pairs = NULL;
	free(c->starts);
	c->starts = NULL;
	c->n_indexed = 0;
	if (c->keys)
		sodium_memzero(c->keys, c->keys_len);
	free(c->keys);
	free(c->key_at);
	c->first_name = NULL;
	c->keys = NULL;
	c->key_at = NULL;
	c->keys_len = 0;
}

/* The next tab-separated field of a row's search text (names, ID
 * numbers, the address); its length, and *s moved past it. */
static size_t field_next(const char **s, const char **start)
{
	const char *t = strchr(*s, '\t');
	size_t n = t ? (size_t)(t - *s) : strlen(*s);
	*start = *s;
	*s += n + (t != NULL);
	return n;
}

/* Reads every member's name and the head's sort key, once per reload. */
static void index_rows(caseload *c)
{
	ui *u = c->u;
	size_t cap = 0;
	drop_index(c);
	c->indexed = u->generation;
	c->n_indexed = u->n_rows;
	c->names = pinyin_index_new();
	c->first_name = malloc((u->n_rows + 1) * sizeof(*c->first_name));
	c->key_at = malloc((u->n_rows + 1) * sizeof(*c->key_at));
	c->letters = calloc(u->n_rows + 1, sizeof(*c->letters));
	c->has = calloc(u->n_rows + 1, sizeof(*c->has));
	c->pairs = calloc(u->n_rows + 1, sizeof(*c->pairs));
	c->starts = calloc(u->n_rows + 1, sizeof(*c->starts));
	if (!c->names || !c->first_name || !c->key_at || !c->letters || !c->has ||
	    !c->pairs || !c->starts) {
		drop_index(c);
		return;
	}
	{
		/* the names' room made at once: no copies as it grows */
		size_t names = 0, bytes = 0;
		for (size_t i = 0; i < u->n_rows; i++) {
			const char *p = u->rows[i].search, *f;
			for (int m = 0; m < u->rows[i].members && *p; m++, names++) {
				bytes += field_next(&p, &f);
				field_next(&p, &f);
			}
		}
		if (!pinyin_index_reserve(c->names, names, bytes)) {
			drop_index(c);
			return;
		}
		/* the sort keys: some 20 bytes a head, grown if need be */
		cap = u->n_rows * 24 + 1;
		if (!(c->keys = malloc(cap))) {
			drop_index(c);
			return;
		}
	}
	for (size_t i = 0; i < u->n_rows; i++) {
		const store_caseload_row *r = &u->rows[i];
		const char *p = r->search, *f;
		char key[512];
		size_t klen;
		c->first_name[i] = (uint32_t)pinyin_index_count(c->names);
		for (const char *t = r->search; *t; t++) {
			int b = pair_bit((unsigned char)t[0], (unsigned char)t[1]);
			c->has[i] |= plain_bit((unsigned char)*t);
			if (b >= 0)
				c->pairs[i][b / 64] |= UINT64_C(1) << (b % 64);
		}
		/* name, ID number, ..., address: a name before each ID */
		for (int m = 0; m < r->members && *p; m++) {
			size_t n = field_next(&p, &f);
			if (!pinyin_index_add(c->names, u->pinyin, f, n)) {
				drop_index(c);
				return;
			}
			c->letters[i] |= pinyin_index_letters(
			        c->names, pinyin_index_count(c->names) - 1);
			c->has[i] |= (uint64_t)pinyin_index_spelled(
			                     c->names, pinyin_index_count(c->names) - 1)
			             << HAS_SPELLED;
			c->starts[i] |= pinyin_index_starts(
			        c->names, pinyin_index_count(c->names) - 1);
			field_next(&p, &f);
		}
		klen = pinyin_sort_key(u->pinyin, r->head, key, sizeof(key));
		if (c->keys_len + klen + 1 > cap) {
			size_t nc = cap ? cap * 2 : 65536;
			char *nk;
			while (nc < c->keys_len + klen + 1)
				nc *= 2;
			if (!(nk = malloc(nc))) {
				sodium_memzero(key, sizeof(key));
				drop_index(c);
				return;
			}
			if (c->keys) {
				memcpy(nk, c->keys, c->keys_len);
				sodium_memzero(c->keys, c->keys_len);
				free(c->keys);
			}
			c->keys = nk;
			cap = nc;
		}
		c->key_at[i] = (uint32_t)c->keys_len;
		memcpy(c->keys + c->keys_len, key, klen + 1);
		c->keys_len += klen + 1;
		sodium_memzero(key, klen + 1);
	}
	c->first_name[u->n_rows] = (uint32_t)pinyin_index_count(c->names);
}

/* The names read when first needed (a search begun, the sort by name),
 * not before the caseload is drawn. */
static void need_index(caseload *c)
{
	if (c->indexed != c->u->generation || !c->names)
		index_rows(c);
}

/* By the heads' names in pinyin order (ICU's sort keys); by bytes when
 * ICU is not there or a key could not be made. */
static int cmp_names(size_t a, size_t b)
{
	const char *ka = sort_c->keys ? sort_c->keys + sort_c->key_at[a] : "";
	const char *kb = sort_c->keys ? sort_c->keys + sort_c->key_at[b] : "";
	if (*ka && *kb)
		return strcmp(ka, kb);
	return strcmp(sort_rows[a].head, sort_rows[b].head);
}

static int cmp_rows(const void *a, const void *b)
{
	const store_caseload_row *x = &sort_rows[*(const size_t *)a];
	const store_caseload_row *y = &sort_rows[*(const size_t *)b];
	int c = 0;
	switch (sort_by) {
	case SORT_DUE:
		/* nothing due sorts last */
		if (x->due != y->due)
			c = x->due < 0 ? 1 : y->due < 0 ? -1 : (x->due < y->due ? -1 : 1);
		break;
	case SORT_NAME:
		c = cmp_names(*(const size_t *)a, *(const size_t *)b);
		break;
	case SORT_STATUS:
		c = (int)x->state - (int)y->state;
		break;
	}
	if (!c)
		c = strcmp(x->id, y->id);
	return c;
}

static bool keep(const store_caseload_row *r, filter_key f, int cls)
{
	switch (f) {
	case F_CLASS:
		return r->class_known ? (int)r->cls == cls : cls == CORE_CLASS_COUNT;
	case F_RECEIVING:
		return r->state == CORE_STATE_RECEIVING;
	case F_TRANSITION:
		return r->state == CORE_STATE_IN_TRANSITION;
	case F_WARNING:
		return r->warning;
	case F_REVIEW:
		return r->state == CORE_STATE_SUBMITTED || r->state == CORE_STATE_NOTICE;
	case F_APPEAL:
		return r->appeal;
	case F_DUE:
		return r->reverify_due;
	default:
		return true;
	}
}

static void find_all(caseload *c);

/* The id of the household under the cursor, or "" (no row). */
static const char *cursor_id(const caseload *c)
{
	const ui *u = c->u;
	if (c->n_view && c->l.cursor < c->n_view && c->view[c->l.cursor] < u->n_rows)
		return u->rows[c->view[c->l.cursor]].id;
	return "";
}

/* Whether the view is in the order of cmp_rows already. */
static bool in_order(const caseload *c)
{
	for (size_t i = 1; i < c->n_view; i++)
		if (cmp_rows(&c->view[i - 1], &c->view[i]) > 0)
			return false;
	return true;
}

/* The view again, filtered and sorted, the cursor on household on. The
 * names are read for pinyin (once a reload) when the view needs them (the
 * sort by name) or index says so (a key that rebuilds the view); a
 * caseload drawn after a reload is drawn first, its names read at the
 * next key. */
/* The rows' classes, read once a reload when a class is shown. */
static void need_classes(caseload *c)
{
	ui *u = c->u;
	ds_error err;
	if (c->classed && c->classed_gen == u->generation &&
	    c->classed_rows == u->n_rows)
		return;
	if (store_caseload_classes(u->store, u->rows, u->n_rows, &err)) {
		ui_error(u, &err);
		return;
	}
	c->classed = true;
	c->classed_gen = u->generation;
	c->classed_rows = u->n_rows;
	c->counted = false; /* the title's counts by class again */
}

static void rebuild(caseload *c, const char *on, bool index)
{
	ui *u = c->u;
	char keep_id[STORE_ID_BUF];
	snprintf(keep_id, sizeof(keep_id), "%s", on);
	if (c->filter == F_CLASS)
		need_classes(c);
	free(c->view);
	c->view = malloc((u->n_rows ? u->n_rows : 1) * sizeof(*c->view));
	c->n_view = 0;
	for (size_t i = 0; c->view && i < u->n_rows; i++)
		if (keep(&u->rows[i], c->filter, c->cls))
			c->view[c->n_view++] = i;
	if (index || c->sort == SORT_NAME)
		need_index(c);
	sort_rows = u->rows;
	sort_c = c;
	sort_by = c->sort;
	/* the rows come in the order of the next thing due (the store's
	 * index): by it, sorted only when they are not in that order */
	if (c->n_view && (c->sort != SORT_DUE || !in_order(c)))
		qsort(c->view, c->n_view, sizeof(*c->view), cmp_rows);
	c->l.cursor = 0;
	for (size_t i = 0; keep_id[0] && i < c->n_view; i++)
		if (!strcmp(u->rows[c->view[i]].id, keep_id))
			c->l.cursor = i;
	/* the matches are positions in the view, which has changed */
	c->hits_valid = false;
	find_all(c);
}

/* Whether the names read for pinyin are those of the rows shown. */
static bool indexed_now(const caseload *c)
{
	return c->names && c->first_name && c->indexed == c->u->generation;
}

/* Row ri against the query by pinyin: a member's name read by it. */
static bool matches_pinyin(const caseload *c, size_t ri)
{
	if (!indexed_now(c))
		return false;
	/* no reading begins with a digit (an ID number being typed) */
	if ((unsigned char)c->pq[0] >= '0' && (unsigned char)c->pq[0] <= '9')
		return false;
	/* a letter in no reading of the row cannot be taken from one */
	if (c->has && (c->need_spelled & ~c->has[ri]))
		return false;
	/* two letters no match in the row can begin with */
	if (c->starts && c->pq[0] >= 'a' && c->pq[0] <= 'z' && c->pq[1] >= 'a' &&
	    c->pq[1] <= 'z' &&
	    !(c->starts[ri] & (UINT64_C(1) << pinyin_pair_bit(c->pq[0], c->pq[1]))))
		return false;
	/* a letter no reading of the row begins with cannot start a match */
	if ((unsigned char)c->pq[0] >= 'a' && (unsigned char)c->pq[0] <= 'z' &&
	    c->letters && !(c->letters[ri] & (1u << (c->pq[0] - 'a'))))
		return false;
	/* one letter: a character or a reading of the row begins with it,
	 * which is what its letters say (the first key of a search, over
	 * every row) */
	if ((unsigned char)c->pq[0] >= 'a' && (unsigned char)c->pq[0] <= 'z' &&
	    !c->pq[1] && c->letters)
		return true;
	if (c->names && c->pq[0])
		for (uint32_t i = c->first_name[ri]; i < c->first_name[ri + 1]; i++)
			if (c->pat ? pinyin_pattern_match(c->pat, i)
			           : pinyin_index_match(c->names, i, c->pq))
				return true;
	return false;
}

/* Row ri against the query: a name, an ID number or the address as typed
 * (case-insensitive for ASCII; "x" in ID numbers matches "X"), or a
 * member's name by pinyin. */
static bool matches(const caseload *c, size_t ri)
{
	if (!c->low[0])
		return false;
	if (indexed_now(c) && c->has) {
		/* a letter, a digit or a pair of them the text does not hold:
		 * not in it; one alone or two digits: in it if it holds them */
		bool plain = !(c->need_plain & ~c->has[ri]) &&
		             !(c->need_pairs[0] & ~c->pairs[ri][0]) &&
		             !(c->need_pairs[1] & ~c->pairs[ri][1]);
		if (plain && c->plain_exact)
			return true;
		return (plain && strstr(c->u->rows[ri].search, c->low)) ||
		       matches_pinyin(c, ri);
	}
	return strstr(c->u->rows[ri].search, c->low) || matches_pinyin(c, ri);
}

/* Every row against the query, into hit[] (one byte a row): the rows'
 * search texts lie one after another in one block (store_caseload), which
 * is scanned at once for the query as typed; the rows it is not in are
 * then tried by pinyin. false when the rows are not in one block. */
static bool match_block(const caseload *c, unsigned char *hit)
{
	const store_caseload_row *rows = c->u->rows;
	size_t n = c->u->n_rows, len = strlen(c->low), lo = 0;
	const char *p, *end;
	if (!n || !rows[0].block)
		return false;
	p = rows[0].search;
	end = rows[n - 1].search + strlen(rows[n - 1].search);
	memset(hit, 0, n);
	while (p < end) {
		const char *at = memmem(p, (size_t)(end - p), c->low, len);
		if (!at)
			break;
		/* the row whose text it is in: the last to begin at or before
		 * (the rows' texts are in row order: a walk forward) */
		while (lo + 1 < n && rows[lo + 1].search <= at)
			lo++;
		hit[lo] = 1;
		if (lo + 1 >= n)
			break;
		p = rows[lo + 1].search;
	}
	for (size_t i = 0; i < n; i++)
		if (!hit[i])
			hit[i] = matches_pinyin(c, i);
	return true;
}

/* Every match in the view, in order, for "n of m" and for n and N. A
 * character typed at the end narrows the matches already found (what
 * matches "zqi" matched "zq"); anything else looks through the whole
 * view. */
static void find_all(caseload *c)
{
	size_t n = 0, old = strlen(c->low);
	char low[sizeof(c->low)];
	const char *q = c->query;
	bool narrow;
	for (; *q && n + 1 < sizeof(low); q++)
		low[n++] = (*q >= 'A' && *q <= 'Z') ? (char)(*q - 'A' + 'a') : *q;
	low[n] = '\0';
	narrow = c->hits_valid && c->hits && old && n >= old &&
	         !memcmp(low, c->low, old);
	memcpy(c->low, low, sizeof(low));
	sodium_memzero(low, sizeof(low));
	pinyin_query(c->pq, sizeof(c->pq), c->query);
	c->need_plain = c->need_spelled = 0;
	c->need_pairs[0] = c->need_pairs[1] = 0;
	for (const char *t = c->low; *t; t++) {
		int b = pair_bit((unsigned char)t[0], (unsigned char)t[1]);
		c->need_plain |= plain_bit((unsigned char)*t);
		if (b >= 0)
			c->need_pairs[b / 64] |= UINT64_C(1) << (b % 64);
	}
	c->plain_exact = (c->low[0] && !c->low[1] && c->need_plain) ||
	                 (c->low[0] && c->low[1] && !c->low[2] &&
	                  pair_bit((unsigned char)c->low[0],
	                           (unsigned char)c->low[1]) >= 0 &&
	                  pair_bit((unsigned char)c->low[0],
	                           (unsigned char)c->low[1]) < 100);
	for (const char *t = c->pq; *t; t++)
		if (*t >= 'a' && *t <= 'z')
			c->need_spelled |= UINT64_C(1) << (HAS_SPELLED + *t - 'a');
	c->hits_valid = true;
	if (!narrow && c->low[0] && c->n_view)
		need_index(c);
	pinyin_pattern_free(&c->pat);
	if (indexed_now(c) && c->pq[0])
		c->pat = pinyin_pattern_new(c->names, c->pq);
	if (narrow) {
		size_t k = 0;
		for (size_t i = 0; i < c->n_hits; i++)
			if (matches(c, c->view[c->hits[i]]))
				c->hits[k++] = c->hits[i];
		c->n_hits = k;
		return;
	}
	c->n_hits = 0;
	if (!c->low[0] || !c->n_view)
		return;
	/* kept from search to search: at 100,000 rows, made anew at each
	 * first key, its pages were faulted in again */
	if (c->hits_cap < c->n_view) {
		free(c->hits);
		c->hits_cap = 0;
		if (!(c->hits = malloc(c->n_view * sizeof(*c->hits))))
			return;
		c->hits_cap = c->n_view;
	}
	need_index(c);
	if (indexed_now(c) && c->has && c->plain_exact && !c->low[1]) {
		/* one letter or digit (the first key of a search, over every
		 * row): in the text, or a reading begins with it (as
		 * matches() finds, by the rows' bits alone) */
		uint64_t in_text = c->need_plain;
		uint32_t begins = c->low[0] >= 'a' && c->low[0] <= 'z'
		                  ? 1u << (c->low[0] - 'a') : 0;
		for (size_t i = 0; i < c->n_view; i++) {
			size_t ri = c->view[i];
			if ((c->has[ri] & in_text) || (c->letters[ri] & begins))
				c->hits[c->n_hits++] = i;
		}
		return;
	}
	if (!(indexed_now(c) && c->has)) {
		unsigned char *hit = malloc(c->u->n_rows);
		if (hit && match_block(c, hit)) {
			for (size_t i = 0; i < c->n_view; i++)
				if (hit[c->view[i]])
					c->hits[c->n_hits++] = i;
			free(hit);
			return;
		}
		free(hit);
	}
	for (size_t i = 0; i < c->n_view; i++)
		if (matches(c, c->view[i]))
			c->hits[c->n_hits++] = i;
}

/* Which match the cursor is on (0 from the first), or n_hits when it is
 * on none. */
static size_t hit_at(const caseload *c)
{
	size_t lo = 0, hi = c->n_hits;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->hits[mid] < c->l.cursor)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->n_hits && c->hits[lo] == c->l.cursor ? lo : c->n_hits;
}

/* Moves to the next (dir 1) or previous (-1) match after position from
 * (from itself too when from_here), going round the end. */
static bool find(caseload *c, int dir, size_t from, bool from_here)
{
	size_t lo = 0, hi = c->n_hits;
	if (!c->n_hits)
		return false;
	/* the first match at or after from */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->hits[mid] < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (dir > 0) {
		if (lo < c->n_hits && c->hits[lo] == from && !from_here)
			lo++;
		c->l.cursor = c->hits[lo < c->n_hits ? lo : 0];
	} else {
		if (lo < c->n_hits && c->hits[lo] == from && from_here)
			c->l.cursor = from;
		else
			c->l.cursor = c->hits[lo ? lo - 1 : c->n_hits - 1];
	}
	return true;
}

/* What the match under the cursor matched, and which of how many:
 * "member: 张强  1 of 3". */
static void what_matched(const caseload *c, char *out, size_t len)
{
	const store_caseload_row *r;
	size_t ri, h = hit_at(c), name = 0;
	const char *p, *f;
	char what[256] = "", buf[CORE_ADDRESS_MAX];
	if (!c->low[0]) {
		out[0] = '\0';
		return;
	}
	if (h == c->n_hits) {
		snprintf(out, len, "%s", c->n_hits ? "" : _("no match"));
		return;
	}
	ri = c->view[c->l.cursor];
	r = &c->u->rows[ri];
	p = r->search;
	for (int m = 0; m < r->members && *p && !what[0]; m++, name++) {
		size_t n = field_next(&p, &f), in;
		bool head;
		snprintf(buf, sizeof(buf), "%.*s", (int)n, f);
		head = !strcasecmp(buf, r->head);
		if (strstr(buf, c->low) ||
		    (indexed_now(c) && c->pq[0] &&
		     pinyin_index_match(c->names, c->first_name[ri] + name, c->pq)))
			snprintf(what, sizeof(what), head ? _("head: %s") : _("member: %s"),
			         head ? r->head : buf);
		in = field_next(&p, &f);
		snprintf(buf, sizeof(buf), "%.*s", (int)in, f);
		if (!what[0] && strstr(buf, c->low)) {
			char masked[64];
			for (char *x = buf; *x; x++)
				if (*x == 'x')
					*x = 'X';
			text_mask_id(masked, sizeof(masked), buf);
			snprintf(what, sizeof(what), _("ID number: %s"), masked);
		}
	}
	if (!what[0])
		snprintf(what, sizeof(what), _("address: %s"), r->address);
	/* L10N: which match of how many the cursor is on */
	snprintf(out, len, _("%s  %zu of %zu"), what, h + 1, c->n_hits);
	sodium_memzero(buf, sizeof(buf));
	sodium_memzero(what, sizeof(what));
}

static void status_text(const store_caseload_row *r, char *out, size_t len)
{
	if (r->state == CORE_STATE_IN_TRANSITION && r->t_n)
		snprintf(out, len, _("in transition %d/%d"), r->t_k, r->t_n);
	else if (r->appeal)
		snprintf(out, len, "%s", _("appeal pending"));
	else if (r->warning)
		snprintf(out, len, "%s", _("early warning"));
	else if (r->reverify_due)
		snprintf(out, len, "%s", _("re-verification due"));
	else
		snprintf(out, len, "%s", label_status(core_state_id(r->state)));
}

/* Column widths for a screen width: name 10, status 16, allowance 10,
 * due 10; the address takes the rest. */
#define W_NAME 10
#define W_STATUS 19
#define W_MONEY 10
#define W_DUE 10

static void draw(ui *u, screen *s, int top, int rows, int cols)
{
	caseload *c = s->data;
	store_draft_info *drafts = NULL;
	size_t nd = 0;
	ds_error err;
	int w_addr = cols - (W_NAME + W_STATUS + W_MONEY + W_DUE + 5);
	if (c->generation != u->generation) {
		/* the rows were read again: the view's positions point into
		 * the old ones, so the cursor is found again by its id */
		c->generation = u->generation;
		rebuild(c, c->on_id, false);
	}
	/* while searching, the last row says what matched */
	int body = rows - 1 - (c->searching && rows > 3), x;
	if (w_addr < 6)
		w_addr = 6;
	/* read at every draw: a visit saves its draft without a reload */
	if (store_draft_list(u->store, &drafts, &nd, &err))
		nd = 0;
	/* header */
	x = 0;
	ui_put(top, x, _("Head"), W_NAME, A_BOLD);
	x += W_NAME + 1;
	ui_put(top, x, _("Address"), w_addr, A_BOLD);
	x += w_addr + 1;
	ui_put(top, x, _("Status"), W_STATUS, A_BOLD);
	x += W_STATUS + 1;
	ui_put_right(top, x, _("Allowance"), W_MONEY, A_BOLD);
	x += W_MONEY + 1;
	ui_put(top, x, _("Next due"), W_DUE, A_BOLD);
	list_set_count(&c->l, c->n_view);
	list_show(&c->l, body > 0 ? (size_t)body : 1);
	snprintf(c->on_id, sizeof(c->on_id), "%s", cursor_id(c));
	for (int i = 0; i < body && c->l.top + (size_t)i < c->n_view; i++) {
		const store_caseload_row *r = &u->rows[c->view[c->l.top + (size_t)i]];
		bool sel = c->l.top + (size_t)i == c->l.cursor;
		int attr = sel ? A_REVERSE : A_NORMAL, y = top + 1 + i;
		char st[64], money[CORE_MONEY_BUF] = "", due[11] = "";
		status_text(r, st, sizeof(st));
		if (r->receiving)
			core_money_format_grouped(r->allowance, money);
		if (r->due >= 0)
			core_date_format(r->due, due);
		x = 0;
		ui_put(y, x, r->head, W_NAME, attr);
		ui_put(y, x + W_NAME, has_draft(drafts, nd, r->id) ? "*" : " ", 1,
		       attr);
		x += W_NAME + 1;
		ui_put(y, x, r->address, w_addr, attr);
		ui_put(y, x + w_addr, " ", 1, attr);
		x += w_addr + 1;
		ui_put(y, x, st, W_STATUS, attr);
		ui_put(y, x + W_STATUS, " ", 1, attr);
		x += W_STATUS + 1;
		ui_put_right(y, x, money, W_MONEY, attr);
		ui_put(y, x + W_MONEY, " ", 1, attr);
		x += W_MONEY + 1;
		ui_put(y, x, due, cols - x > W_DUE ? W_DUE : cols - x,
		       (r->due >= 0 && r->due < u->today) ? (int)(attr | A_BOLD)
		                                          : attr);
	}
	free(drafts);
	if (!c->n_view)
		ui_put(top + 2, 2, _("No household here. Press a to show all."),
		       cols - 4, A_NORMAL);
	if (c->searching) {
		char line[256], what[512] = "  ";
		int w;
		snprintf(line, sizeof(line), "/%s", c->query);
		w = text_width(line);
		what_matched(c, what + 2, sizeof(what) - 2);
		if (rows > 3)
			ui_put(top + rows - 1, 0, what, cols, A_BOLD);
		ui_put(top + rows, 0, line, cols, A_BOLD);
		move(top + rows, w < cols ? w : cols - 1);
		sodium_memzero(what, sizeof(what));
	}
}

static const char *filter_name(filter_key f, int cls)
{
	switch (f) {
	case F_CLASS:
		return label_class(cls);
	case F_RECEIVING:
		return _("receiving");
	case F_TRANSITION:
		return _("in transition");
	case F_WARNING:
		return _("early warning");
	case F_REVIEW:
		return _("under review");
	case F_APPEAL:
		return _("appeal pending");
	case F_DUE:
		return _("re-verification due");
	default:
		return _("all");
	}
}

static void title(ui *u, screen *s, char *out, size_t len)
{
	caseload *c = s->data;
	size_t *n = c->counts;
	if (c->filter == F_CLASS)
		need_classes(c);
	if (!c->counted || c->counted_gen != u->generation ||
	    c->counted_rows != u->n_rows) {
		memset(c->counts, 0, sizeof(c->counts));
		memset(c->class_counts, 0, sizeof(c->class_counts));
		for (size_t i = 0; i < u->n_rows; i++) {
			c->class_counts[u->rows[i].class_known ? (int)u->rows[i].cls
			                                       : CORE_CLASS_COUNT]++;
			n[0] += u->rows[i].state == CORE_STATE_RECEIVING;
			n[1] += u->rows[i].state == CORE_STATE_IN_TRANSITION;
			n[2] += u->rows[i].state == CORE_STATE_SUBMITTED;
			n[3] += u->rows[i].appeal;
			n[4] += u->rows[i].reverify_due;
		}
		c->counted = true;
		c->counted_gen = u->generation;
		c->counted_rows = u->n_rows;
	}
	if (c->filter == F_CLASS) {
		/* by class: how many households are in each (none left out) */
		/* L10N: the title line by class: households shown, all, the
		 * class shown in a word; the counts follow */
		size_t o = (size_t)snprintf(out, len, _("%zu/%zu %s:"), c->n_view,
		                            u->n_rows, label_class_short(c->cls));
		for (int k = 0; k <= CORE_CLASS_COUNT && o < len; k++)
			if (c->class_counts[k] || k < CORE_CLASS_NONE)
				/* L10N: one count of the title line by class: a
				 * number and a class in a word */
				o += (size_t)snprintf(out + o, len - o, _(" %zu %s"),
				                      c->class_counts[k],
				                      label_class_short(k));
		return;
	}
	snprintf(out, len,
	         _("%zu/%zu %s: %zu receiving, %zu withdrawing, %zu for review, %zu appeals, %zu due"),
	         c->n_view, u->n_rows, filter_name(c->filter, c->cls), n[0], n[1],
	         n[2], n[3], n[4]);
}

static bool typing(screen *s)
{
	return ((caseload *)s->data)->searching;
}

static unsigned key(ui *u, screen *s, ui_action a, int ch)
{
	caseload *c = s->data;
	if (c->searching) {
		if (ch == 27) {
			c->searching = false;
			return UI_DIRTY_ALL;
		}
		if (ch == '\n' || ch == KEY_ENTER) {
			char what[512];
			c->searching = false;
			if (!c->n_hits) {
				ui_message(u, false, _("Not found: %s"), c->query);
				return UI_DIRTY_ALL;
			}
			what_matched(c, what, sizeof(what));
			ui_message(u, false, "%s", what);
			sodium_memzero(what, sizeof(what));
			return UI_DIRTY_ALL;
		}
		if (!ui_query_key(c->query, sizeof(c->query), ch))
		return UI_DIRTY_ALL;
		/* as you type: the first match from where the search began */
		find_all(c);
		if (!find(c, 1, c->from, true))
			c->l.cursor = c->from < c->n_view ? c->from : 0;
		return UI_DIRTY_ALL;
	}
	list_set_count(&c->l, c->n_view);
	if (ui_list_move(&c->l, a))
		return UI_DIRTY_BODY;
	switch (a) {
	case UI_SEARCH:
		/* the names for pinyin, read once a reload, when a search
		 * begins rather than at its first key */
		need_index(c);
		c->searching = true;
		c->query[0] = '\0';
		c->from = c->l.cursor;
		find_all(c);
		return UI_DIRTY_ALL;
	case UI_NEXT:
	case UI_PREV:
		if (!find(c, a == UI_NEXT ? 1 : -1, c->l.cursor, false)) {
			ui_message(u, false, _("Not found: %s"), c->query);
		} else {
			char what[512];
			what_matched(c, what, sizeof(what));
			ui_message(u, false, "%s", what);
			sodium_memzero(what, sizeof(what));
		}
		return UI_DIRTY_ALL;
	case UI_SORT_DUE:
	case UI_SORT_NAME:
	case UI_SORT_STATUS:
		c->sort = a == UI_SORT_DUE ? SORT_DUE
		          : a == UI_SORT_NAME ? SORT_NAME : SORT_STATUS;
		rebuild(c, cursor_id(c), true);
		return UI_DIRTY_ALL;
	case UI_FILTER_ALL:
	case UI_FILTER_RECEIVING:
	case UI_FILTER_TRANSITION:
	case UI_FILTER_WARNING:
	case UI_FILTER_REVIEW:
	case UI_FILTER_APPEAL:
	case UI_FILTER_DUE:
		c->filter = (filter_key)(a - UI_FILTER_ALL);
		rebuild(c, cursor_id(c), true);
		return UI_DIRTY_ALL;
	case UI_FILTER_CLASS:
		/* each press the next class, then those with none, then all */
		if (c->filter != F_CLASS) {
			c->filter = F_CLASS;
			c->cls = 0;
		} else if (c->cls < CORE_CLASS_COUNT) {
			c->cls++;
		} else {
			c->filter = F_ALL;
		}
		rebuild(c, cursor_id(c), true);
		return UI_DIRTY_ALL;
	case UI_OPEN:
		if (c->n_view)
			ui_push(u, scr_household_new(u, u->rows[c->view[c->l.cursor]].id));
		return UI_DIRTY_ALL;
	case UI_VISIT:
		if (c->n_view)
			ui_push(u, scr_visit_new(u, u->rows[c->view[c->l.cursor]].id));
		return UI_DIRTY_ALL;
	case UI_DUE:
		ui_push(u, scr_due_new(u));
		return UI_DIRTY_ALL;
	case UI_ADD:
		ui_push(u, scr_add_new(u)); /* NULL: the role may not, said why */
		return UI_DIRTY_ALL;
	case UI_DRAFTS:
		ui_push(u, scr_drafts_new(u));
		return UI_DIRTY_ALL;
	case UI_RELIEFS:
		ui_push(u, scr_reliefs_new(u));
		return UI_DIRTY_ALL;
	case UI_REVIEWS:
	case UI_APPEALS:
		ui_push(u, scr_cases_new(u, a == UI_APPEALS));
		return UI_DIRTY_ALL;
	case UI_BACK:
		/* the first screen: Esc or q by habit must not end the session
		 * (the unlock, the filter, the sort, the cursor) */
		ui_message(u, false, "%s",
		           _("This is the first screen. To leave doorstep, press Q."));
		return UI_DIRTY_ALL;
	default:
		return UI_DIRTY_NONE;
	}
}

/* Keeps the sort, the filter, the first row shown and the household under
 * the cursor (by id: the rows are reloaded); the search is wiped, as what
 * was typed is a name, an ID number or an address. Only a search being
 * typed is worth a word after the unlock; one done already has found its
 * household, which the cursor is on again (n then has nothing to find). */
static bool lock_(ui *u, screen *s)
{
	caseload *c = s->data;
	bool dropped = c->searching && c->query[0];
	(void)u;
	snprintf(c->on_id, sizeof(c->on_id), "%s", cursor_id(c));
	free(c->view);
	c->view = NULL;
	c->n_view = 0;
	c->searching = false;
	sodium_memzero(c->query, sizeof(c->query));
	sodium_memzero(c->low, sizeof(c->low));
	sodium_memzero(c->pq, sizeof(c->pq));
	pinyin_pattern_free(&c->pat);
	free(c->hits);
	c->hits = NULL;
	c->hits_cap = 0;
	c->n_hits = 0;
	c->hits_valid = false;
	drop_index(c);
	return dropped;
}

static void close_(screen *s)
{
	caseload *c = s->data;
	free(c->view);
	free(c->hits);
	drop_index(c);
	sodium_memzero(c, sizeof(*c));
	free(c);
}

/* A list without sections: every key of every screen but Tab's. */
static bool handles(const screen *s, ui_action a)
{
	(void)s;
	return a != UI_NEXT_SECTION && a != UI_PREV_SECTION;
}

static const screen_ops ops = {
	.name = "caseload",
	.draw = draw,
	.key = key,
	.close = close_,
	.title = title,
	.typing = typing,
	.lock = lock_,
	.handles = handles,
};

screen *scr_caseload_new(ui *u)
{
	screen *s = calloc(1, sizeof(*s));
	caseload *c = calloc(1, sizeof(*c));
	if (!s || !c) {
		free(s);
		free(c);
		return NULL;
	}
	c->u = u;
	c->sort = SORT_DUE;
	c->generation = u->generation;
	rebuild(c, "", false);
	s->ops = &ops;
	s->data = c;
	return s;
}

/* Whether a visit to household id is in progress (a draft: * on its row). */
static bool has_draft(const store_draft_info *d, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(d[i].household, id))
			return true;
	return false;
}
