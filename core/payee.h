/* payee.h — a payee's bank account: the check digit (Luhn, ISO/IEC 7812
 * mod 10) and the masked form shown everywhere but the payment roll. */
#ifndef CORE_PAYEE_H
#define CORE_PAYEE_H

#include <stdbool.h>
#include <stddef.h>

#include "household.h"

/* The lengths an account number may have, in digits. */
#define CORE_ACCOUNT_MIN_DIGITS 10
#define CORE_ACCOUNT_MAX_DIGITS 30
/* Room for a masked account: digits, a space per four, the NUL. */
#define CORE_ACCOUNT_MASK_BUF 48

/* Whether digits (only '0'..'9', at least two) pass the Luhn check: a
 * card-style account whose last digit is the mod-10 check digit. Many
 * bank book accounts carry no such digit, so a failure is a warning to
 * check the number, never a refusal. False for "" or any non-digit. */
bool core_account_luhn_ok(const char *digits);

/* The Luhn check digit ('0'..'9') that completes digits (the number
 * without it); '\0' when digits is empty or has a non-digit. */
char core_account_luhn_digit(const char *digits);

/* account masked but for its last four digits, in groups of four counted
 * from the end: "6222021234567890" -> "**** **** **** 7890",
 * "12345678901" -> "*** **** 8901". "" stays ""; four digits or fewer are
 * masked entirely. out gets at most len - 1 bytes and a NUL. */
void core_account_mask(const char *account, char *out, size_t len);

/* Whether a payee's account calls for a warning to check it: given, and
 * failing the Luhn check. (A household without a payee: none.) */
bool core_payee_account_doubtful(const core_payee *p);

#endif
