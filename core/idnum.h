/* idnum.h — resident ID numbers (GB 11643-1999): 6-digit region, birth
 * date YYYYMMDD, 3-digit sequence (odd = male), check character. */
#ifndef CORE_IDNUM_H
#define CORE_IDNUM_H

#include <stdbool.h>

#include "date.h"
#include "status.h"

#define CORE_IDNUM_LEN 18
#define CORE_IDNUM_BUF 19

typedef enum { CORE_SEX_FEMALE = 0, CORE_SEX_MALE = 1 } core_sex;

/* The check character for the first 17 digits: "10X98765432"[sum mod 11]. */
/* Whether the first two digits are a province's code (GB/T 2260). */
bool core_idnum_province_known(const char *id);
char core_idnum_check_char(const char *first17);

/* Normalises (lower-case x, full-width digits and X, spaces) and validates
 * s; on success out holds the 18-character canonical form. A birth date
 * after today is refused; pass today < 0 to skip that check. Errors say
 * which part is wrong: length, characters, date or check character. */
ds_status core_idnum_parse(const char *s, core_date today,
                           char out[CORE_IDNUM_BUF], const char *field,
                           ds_error *err);

/* On a canonical number (from core_idnum_parse). */
core_date core_idnum_birth(const char *id);
core_sex core_idnum_sex(const char *id);
/* Age in whole years on a date. */
int core_idnum_age(const char *id, core_date on);

#endif
