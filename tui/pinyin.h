/* pinyin.h — Chinese habits for lists of names, with ICU: names sorted in
 * pinyin order (ICU's zh collator) and found by pinyin or by its initials
 * (/zq finds 张强, as do /zhang, /zhangqiang, /zhangq and /张q), read
 * with ICU's Han-Latin transliteration one character at a time, each
 * character read once and kept. Only tui/ includes ICU (make lint). */
#ifndef TUI_PINYIN_H
#define TUI_PINYIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ICU's collator and transliterators and the characters read so far. */
typedef struct pinyin pinyin;

/* NULL when ICU cannot open them (its data missing): every function below
 * takes NULL and then sorts by bytes and matches no pinyin. */
pinyin *pinyin_open(void);
void pinyin_close(pinyin **p);
/* Forgets the characters read so far (which characters names hold): at
 * the idle lock. */
void pinyin_forget(pinyin *p);

/* The zh collator's sort key of a UTF-8 name, NUL-terminated, in out
 * (cap bytes); its length without the NUL, or 0 when it did not fit or
 * there is no collator (compare keys with strcmp). */
size_t pinyin_sort_key(pinyin *p, const char *name, char *out, size_t cap);

/* Many names made ready for matching as you type: each name's characters
 * with their readings (a surname's reading for the first character, and
 * the common one too when it differs: 单 as shan and dan; ü also as v).
 * Holds names' readings: pinyin_index_free wipes it. */
typedef struct pinyin_index pinyin_index;

pinyin_index *pinyin_index_new(void);
void pinyin_index_free(pinyin_index **x);
/* Adds a UTF-8 name (len bytes); its number is the count of names before
 * it. False when out of memory. */
bool pinyin_index_add(pinyin_index *x, pinyin *p, const char *name,
                      size_t len);
size_t pinyin_index_count(const pinyin_index *x);
/* Room made at once, in an empty index, for names of so many bytes in all
 * (a character is at most one unit a byte): no copy as it grows, and
 * the room not used is never written (so not resident, in a block that
 * large). False when out of memory. */
bool pinyin_index_reserve(pinyin_index *x, size_t names, size_t bytes);

/* The query lower-cased, as pinyin_index_match wants it. */
void pinyin_query(char *out, size_t cap, const char *query);
/* Whether name number i matches a query (lower-cased): from the start of
 * one of its characters, each character in turn taken by itself or by
 * the start of one of its readings, the query ending anywhere. */
bool pinyin_index_match(const pinyin_index *x, size_t i, const char *query);

/* A query (lower-cased, as pinyin_query makes it) made ready to be
 * matched against many names of x, as pinyin_index_match matches it:
 * NULL when it is empty, longer than 63 bytes or out of memory (then
 * pinyin_index_match). Made again when the index is; holds the query:
 * pinyin_pattern_free wipes it. */
typedef struct pinyin_pattern pinyin_pattern;
pinyin_pattern *pinyin_pattern_new(const pinyin_index *x, const char *query);
void pinyin_pattern_free(pinyin_pattern **t);
bool pinyin_pattern_match(const pinyin_pattern *t, size_t i);

/* The letters name number i's characters and readings begin with, a bit
 * each from a (bit 0) to z: a query's first letter outside it cannot
 * match the name by pinyin. */
uint32_t pinyin_index_letters(const pinyin_index *x, size_t i);

/* Every letter of name number i's readings and of its Latin letters, a
 * bit each as above: a query with a letter outside it cannot match the
 * name by pinyin (each letter typed is taken from a reading or a letter
 * of the name). */
uint32_t pinyin_index_spelled(const pinyin_index *x, size_t i);

/* For the table of readings (tui/pinyin_table.c) and its test: code
 * point cp's reading as a surname or not, its v form ("lv" for lü), ""
 * when it has none, as ICU's transliterators give it (icu) or as the
 * interface reads it (the table for the basic block); and the character
 * a name it begins sorts as (0: itself). */
#define PINYIN_SYL_MAX 8   /* "zhuang" and its NUL, and room */
void pinyin_reading(pinyin *p, uint32_t cp, bool as_surname, bool icu,
                    char out[PINYIN_SYL_MAX]);
uint32_t pinyin_sorts_as(pinyin *p, uint32_t cp, bool icu);

/* The two letters a match by pinyin can begin with, as a bit of 64
 * (pinyin_pair_bit, shared by some pairs); name number i's: the first two
 * letters of a query matching it by pinyin have their bit in it. */
static inline int pinyin_pair_bit(char a, char b)
{
	return ((a - 'a') * 26 + (b - 'a')) % 64;
}
uint64_t pinyin_index_starts(const pinyin_index *x, size_t i);

/* One name matched alone, for tests and the odd check. */
bool pinyin_match(pinyin *p, const char *name, const char *query);

#endif
