/* status.h — the one status enum every layer returns, and the error detail
 * that travels with it (field, untranslated message, arguments). */
#ifndef CORE_STATUS_H
#define CORE_STATUS_H

#include <stddef.h>

/* Marks a string for translation without translating it: core and store
 * never call gettext; tui/ translates when it shows the text. */
#ifndef N_
#define N_(s) (s)
#endif

/* X(name, exit status, message). The exit statuses are the command-line
 * contract in DESIGN.md; 7 and 8 are ours for failures no input causes;
 * 9 and 10 are sync's, for bundles that come out of order. */
#define DS_STATUS_LIST(X)                                                   \
	X(OK, 0, N_("done"))                                                \
	X(EINPUT, 1, N_("bad input"))                                       \
	X(EUSAGE, 2, N_("wrong use of the command"))                        \
	X(EPASS, 3, N_("wrong passphrase"))                                 \
	X(EDAMAGED, 4, N_("damaged or tampered data"))                      \
	X(EPERM, 5, N_("not permitted"))                                    \
	X(EUNREACH, 6, N_("the county cannot be reached; try again later")) \
	X(ESYSTEM, 7, N_("the computer could not do it (disk full, out of memory or a file error)")) \
	X(ENEWER, 8, N_("this store needs a newer version of doorstep"))    \
	X(ESTALE, 9, N_("a bundle out of order: sent before, from an earlier epoch, or not the one received under its number")) \
	X(EGAP, 10, N_("held back: an earlier bundle has not arrived yet"))

typedef enum {
#define DS_STATUS_ENUM(name, code, msg) DS_##name,
	DS_STATUS_LIST(DS_STATUS_ENUM)
#undef DS_STATUS_ENUM
	DS_STATUS_COUNT
} ds_status;

#define DS_ERR_ARGS 3
#define DS_ERR_WHERE 192
/* Room for the longest argument core passes: the list of income sources
 * (core_income_allowed(), 254 bytes) in "unknown income source" errors. */
#define DS_ERR_ARG 320

typedef struct ds_error {
	ds_status status;
	char where[DS_ERR_WHERE];       /* field path or file:line; may be "" */
	const char *fmt;                /* untranslated, N_() marked, only %s */
	char arg[DS_ERR_ARGS][DS_ERR_ARG];
} ds_error;

int ds_status_exit(ds_status st);
const char *ds_status_message(ds_status st); /* untranslated */

/* Records an error and returns st. The variadic part is the format followed
 * by up to three string arguments, e.g.
 *   ds_fail(err, DS_EINPUT, "members[1].id_number",
 *           N_("check character should be %s"), "X");
 * err may be NULL. */
#define ds_fail(err, st, where, ...) \
	ds_fail_((err), (st), (where), (const char *const[]){__VA_ARGS__, NULL})
ds_status ds_fail_(ds_error *err, ds_status st, const char *where,
                   const char *const *fmt_and_args);

/* Prefixes where with "prefix." or "prefix" (for nested paths built on the
 * way out). */
void ds_error_prefix(ds_error *err, const char *prefix);
void ds_error_clear(ds_error *err);

/* Formats "where: message" into buf; translate may be NULL (English). */
void ds_error_format(const ds_error *err, char *buf, size_t len,
                     const char *(*translate)(const char *));

#endif
