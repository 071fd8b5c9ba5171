/* user.h — what `doorstep-county user` (user.c) and the console's office
 * accounts page (console_users.c) share: which names an office account
 * may have, and a password's checks and Argon2id hash. */
#ifndef SYNC_COUNTY_USER_H
#define SYNC_COUNTY_USER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "store/office.h"

#define COUNTY_OFFICE_PASSWORD_MIN 10 /* characters (bytes) of an office password */

/* A name as an office account may have: letters, digits, . _ - (and any
 * character beyond ASCII, for Chinese names), 1 to 31 bytes. */
bool county_office_name_ok(const char *name);

/* DS_EINPUT naming "password" when a password of len bytes is shorter
 * than COUNTY_OFFICE_PASSWORD_MIN. */
ds_status county_office_password_check(size_t len, ds_error *err);

/* The Argon2id hash (crypto_pwhash_str's text) of the len bytes of pw:
 * first checked by
 * county_office_password_check. Slow on purpose: call it holding no lock. */
ds_status county_office_password_hash(const char *pw, size_t len,
                                      char hash[STORE_OFFICE_HASH_MAX],
                                      ds_error *err);

#endif
