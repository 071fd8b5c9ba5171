/* pinyin_table.h — every character of the CJK basic block with its
 * reading, as ICU's Han-Latin transliterators read it, and how a surname
 * reads and sorts where that differs: made once by tests/tools/pinyin_table
 * into pinyin_table.c, so that the interface does not open the
 * transliterators (4.7 MiB resident) for the characters of names. */
#ifndef TUI_PINYIN_TABLE_H
#define TUI_PINYIN_TABLE_H

#include <stddef.h>
#include <stdint.h>

#define PINYIN_TABLE_FIRST 0x4E00
#define PINYIN_TABLE_LAST 0x9FFF

/* A character and a value: a syllable's number, or a character. */
typedef struct {
	uint16_t cp, v;
} pinyin_table_pair;

/* The syllables, [0] none, with v for ü ("lv"). */
extern const char pinyin_table_syllable[][8];
extern const size_t pinyin_table_syllables;
/* Each character's common reading, from PINYIN_TABLE_FIRST: a syllable's
 * number, 0 none. */
extern const uint16_t pinyin_table_common[PINYIN_TABLE_LAST - PINYIN_TABLE_FIRST + 1];
/* The characters read otherwise as a surname (v: the syllable, 0 none),
 * and those that sort as another when a name begins with them (v: that
 * character), by code point. */
extern const pinyin_table_pair pinyin_table_surname[];
extern const size_t pinyin_table_n_surname;
extern const pinyin_table_pair pinyin_table_sorts_as[];
extern const size_t pinyin_table_n_sorts_as;

#endif
