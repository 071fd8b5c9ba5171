/* i18n.h — gettext for the front end: _() translates, N_() marks. Only
 * tui/ includes this; lower layers mark strings with N_() from
 * core/status.h and tui/ translates them when it shows them. */
#ifndef TUI_I18N_H
#define TUI_I18N_H

#include <libintl.h>

#include "core/status.h"

#define _(s) gettext(s)

/* setlocale, bindtextdomain and textdomain, before anything is shown.
 * lang (from --lang, may be NULL) overrides the environment. When the
 * wanted locale is not installed the program runs in C.UTF-8 and passes
 * the language on through LANGUAGE, so the catalogue is still used. A
 * lang that is not en or zh_CN (a locale name such as zh_CN.UTF-8 is
 * taken as its language) is DS_EUSAGE, after the set-up from the
 * environment, so the message can be shown. */
ds_status i18n_init(const char *lang, ds_error *err);

/* Where the catalogues are: $TEXTDOMAINDIR, else beside the program (the
 * build tree), else ../share/locale from it (an installed program), else
 * the configured folder. */
void i18n_locale_dir(char *out, size_t len);

/* The language in effect for messages, e.g. "zh_CN" or "en". */
const char *i18n_lang(void);

/* For ds_error_format. */
const char *i18n_translate(const char *msgid);

/* "where: message", translated, into buf. An error names a field (user,
 * late_reason); a command line that has an option of that name says the
 * option instead (--user, --late-reason): i18n_options gives the names of
 * the options in effect (as the command's table writes them, "user=" or
 * "json"; NULL-ended lists, up to two), or NULL for none. */
void i18n_error(const ds_error *err, char *buf, size_t len);
/* The error as one line on stderr, "prog: where: what" in the reader's
 * language; returns the exit status its status calls for. */
int i18n_fail(const char *prog, const ds_error *err);
void i18n_options(const char *const *names, const char *const *more);

#endif
