/* crosscheck.h — other departments' extracts in the store: an import reads
 * a CSV file, keeps (sealed, in the log) only the rows of people in the
 * caseload, applies the rules of core/crosscheck.h and records a flag for
 * each household a rule fires for. A flag never changes an allowance: it
 * asks for a person's review. */
#ifndef STORE_CROSSCHECK_H
#define STORE_CROSSCHECK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/assess.h"
#include "core/crosscheck.h"
#include "store/store.h"

#define STORE_CSV_MAX (64L * 1024 * 1024) /* bytes of one extract */

typedef struct {
	bool already;       /* the same content was imported before: no change */
	char encoding[16];  /* "utf-8" or "gb18030" */
	bool bom;
	long rows;          /* data rows read */
	long invalid;       /* rows refused (left out with skip_invalid) */
	long kept;          /* rows of members of the caseload: kept in the log */
	long households;    /* households those rows belong to */
	long flags;         /* flags raised */
} store_xc_report;

/* Called for each invalid row, before anything is written: err->where is
 * "FILE:LINE: column" (or "FILE:LINE"). */
typedef void (*store_xc_invalid_cb)(const ds_error *err, void *ctx);

/* Imports the extract at path as source src. Every row is checked first;
 * with any invalid and !skip_invalid nothing is written and the result is
 * DS_EINPUT (err says how many). A file whose content was imported before
 * under the same source changes nothing (rep->already). Messages name
 * path; the evidence names the file by its base name. */
ds_status store_crosscheck_import(ds_store *s, core_xc_source src,
                                  const char *path, bool skip_invalid,
                                  store_xc_invalid_cb invalid, void *ctx,
                                  store_xc_report *rep, ds_error *err);

/* The cross-check flags of a household for its assessment: rule (the rule
 * id) and detail (the file, its lines and the figures compared, as
 * identifiers and numbers, no words), oldest first. At most max are
 * written; *n says how many. */
ds_status store_crosscheck_flags(ds_store *s, const char *household,
                                 core_flag *out, size_t max, size_t *n,
                                 ds_error *err);

/* Every flag, oldest first: the household it concerns, and the body of
 * its flag.raised event (rule, source, file, date, figures, evidence),
 * valid during the call. A non-zero status from cb stops the walk. */
typedef ds_status (*store_xc_flag_cb)(int64_t seq, const char *household,
                                      json_t *flag, void *ctx);
ds_status store_crosscheck_each(ds_store *s, store_xc_flag_cb cb, void *ctx,
                                ds_error *err);
/* The same for one household's flags. */
ds_status store_crosscheck_each_of(ds_store *s, const char *household,
                                   store_xc_flag_cb cb, void *ctx,
                                   ds_error *err);

/* Records the province's finding f (core_xc_elsewhere) about member
 * f->evidence[0].member of household (h, as read from this store) as a
 * flag.raised event on it, inside the caller's transaction; a flag of the
 * same rule and figures raised before changes nothing (*already). The
 * flag goes down to the household's laptops like every event on it. */
ds_status store_crosscheck_elsewhere(ds_store *s, const char *household,
                                     const core_household *h,
                                     const core_xc_flag *f, bool *already,
                                     ds_error *err);

#endif
