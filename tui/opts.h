/* opts.h — one command's command line read with getopt_long, for both
 * programs (doorstep and doorstep-county): its options come as lists of
 * names as the command tables write them ("json" a flag, "month=" one with
 * a value), --help/-h and --version are every command's, options and the
 * words after the command may come in any order, "--" ends the options,
 * and an option's name must be given whole (no abbreviations). */
#ifndef TUI_OPTS_H
#define TUI_OPTS_H

#include <stddef.h>
#include <stdio.h>

/* Called for every option in turn (list: which of the lists holds it,
 * spec: its entry there, value: its value, NULL for a flag) and for every
 * word that is not an option (list -1, spec NULL, value: the word).
 * Non-zero stops the parse; opts_parse then gives OPTS_STOPPED. */
typedef int (*opts_fn)(void *ctx, int list, const char *spec, const char *value);

typedef enum {
	OPTS_DONE = 0,
	OPTS_HELP,        /* --help or -h was given */
	OPTS_VERSION,     /* --version was given */
	OPTS_UNKNOWN,     /* bad: the option, not one of the lists' */
	OPTS_NEEDS_VALUE, /* bad: an option that takes a value, given none */
	OPTS_NO_VALUE,    /* bad: a flag given a value (--json=yes) */
	OPTS_TOO_MANY,    /* more options than opts_parse holds */
	OPTS_STOPPED,     /* fn returned non-zero: *fn_rc */
} opts_result;

#define OPTS_MAX 64

/* An option given on a command line: its name as a command's table has
 * it ("json", "month=") and its value (NULL for a flag). */
typedef struct {
	const char *name;
	const char *value;
} opts_given;

/* The value of option name (without "--" or "=", "month") among the n
 * given: "" for a flag given, NULL when not given; the last one when it
 * was given twice. */
const char *opts_value(const opts_given *given, int n, const char *name);

/* Reads argv[1..argc-1] (argv[0] is the command's name) against nlists
 * lists of option names, each NULL-ended (or NULL: none). For the errors,
 * bad gets the option as it was typed, without its value ("--jsno"). */
opts_result opts_parse(int argc, char **argv, const char *const *const *lists,
                       int nlists, opts_fn fn, void *ctx, char *bad,
                       size_t badlen, int *fn_rc);

/* What an option's value is called in a synopsis ("--month YYYY-MM" gives
 * YYYY-MM), "VALUE" when the synopsis does not show it; into out. */
void opts_metavar(const char *synopsis, const char *name, char *out, size_t len);

/* The options of a list, one a line ("  --month YYYY-MM", "  --json"),
 * their values named as the synopsis names them. */
void opts_print(FILE *f, const char *synopsis, const char *const *options);

#endif
