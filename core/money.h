/* money.h — amounts of money as int64_t fen (1 yuan = 100 fen). No floating
 * point anywhere near money. */
#ifndef CORE_MONEY_H
#define CORE_MONEY_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"

typedef int64_t core_fen;

/* The largest amount accepted anywhere: 100 billion yuan. Far above any
 * real figure, and low enough that sums over thousands of amounts and
 * products with household sizes can never overflow int64. */
#define CORE_MONEY_MAX ((core_fen)10000000000000LL)

#define CORE_MONEY_BUF 32

/* Parses yuan written by a person: "1165", "1165.5", "1,165.50",
 * full-width "１１６５", optional "¥"/"￥" in front or "元" behind.
 * Rejects more than two decimals, misplaced commas, amounts above
 * CORE_MONEY_MAX, and negatives unless allow_negative. */
ds_status core_money_parse(const char *s, bool allow_negative, core_fen *out,
                           const char *field, ds_error *err);

/* "1165.00", "-12.50"; buf of CORE_MONEY_BUF bytes. */
void core_money_format(core_fen fen, char *buf);
/* "1,165.00": the same with thousands separators, for people. */
void core_money_format_grouped(core_fen fen, char *buf);

/* Rounds up to a whole yuan: 229450 -> 229500, -150 -> -100. */
core_fen core_money_ceil_yuan(core_fen fen);

#endif
