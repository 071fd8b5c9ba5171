/* settings.h — the county's settings (who issues its letters, where to
 * reach it, which bodies hear a household's remedies, its document-number
 * prefix): an event of the log like a policy version, projected into one
 * row under a MAC, relayed by the county to every laptop. The file format
 * is in store/SETTINGS.md. */
#ifndef STORE_SETTINGS_H
#define STORE_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/status.h"
#include "store/store.h"

/* The text fields: X(name, bytes with the NUL, label). The label is
 * N_() marked: translate it where it is shown. */
#define STORE_SETTINGS_FIELDS(X)                                              \
	X(authority, 128, N_("Issuing authority"))                          \
	X(address, 256, N_("Address"))                                      \
	X(telephone, 64, N_("Telephone"))                                   \
	X(reconsideration_body, 128,                                         \
	  N_("Administrative reconsideration is heard by"))                  \
	X(court, 128, N_("Administrative litigation is heard by"))           \
	X(docno_prefix, 32, N_("Document number prefix"))

#define STORE_SETTINGS_VERSION_MAX 64

typedef struct {
#define X(name, size, label) char name[size];
	STORE_SETTINGS_FIELDS(X)
#undef X
	core_date effective;                      /* effective_from */
	char version[STORE_SETTINGS_VERSION_MAX];
	bool from_county; /* set by the county (false: on this laptop) */
} store_county_settings;

/* Reads a settings file strictly (store/SETTINGS.md): every field there,
 * none unknown, none too long, a telephone of digits and - + ( ) space;
 * the error names the field. */
ds_status store_county_settings_parse(const char *json_text, size_t len,
                                      store_county_settings *out,
                                      ds_error *err);

/* The settings in force in this store; *set false (and out zeroed) when
 * none were ever set. DS_EDAMAGED when the row or its event was altered. */
ds_status store_county_settings_get(ds_store *s, store_county_settings *out,
                                    bool *set, ds_error *err);

/* Sets them on a laptop not enrolled with a county, by a supervisor:
 * DS_EPERM on an enrolled laptop (the county sets them) or for another
 * role. origin names the file (kept in the event). Nothing is written on
 * error. The county's, when they arrive, replace these. */
ds_status store_county_settings_set(ds_store *s, const char *json_text,
                                    size_t len, const char *origin,
                                    ds_error *err);

/* The same at the county (doorstep-county settings): they go to every
 * laptop with its next bundle and replace whatever it had. */
ds_status store_county_settings_issue(ds_store *s, const char *json_text,
                                      size_t len, const char *origin,
                                      ds_error *err);

/* The event's body's "by" (its kind is core/event.h's settings.set): the
 * county's (a laptop may not send such an event: the county refuses it)
 * or a laptop's own. */
#define STORE_SETTINGS_BY_COUNTY "county"
#define STORE_SETTINGS_BY_LOCAL "local"

#endif
