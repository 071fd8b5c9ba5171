/* opts.c — a command's options read with getopt_long (opts.h). */
#include "tui/opts.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define OPT_HELP 'h'
#define OPT_VERSION 0x100
#define OPT_FIRST 0x200 /* OPT_FIRST + k: the k-th of the lists' options */

/* "--name=value" or "--name": the name's length. */
static size_t typed_name_len(const char *token)
{
	return strcspn(token + 2, "=");
}

static void say_bad(char *bad, size_t badlen, const char *token, int optopt_ch)
{
	if (!strncmp(token, "--", 2))
		snprintf(bad, badlen, "--%.*s", (int)typed_name_len(token), token + 2);
	else if (optopt_ch > 0)
		snprintf(bad, badlen, "-%c", optopt_ch);
	else
		snprintf(bad, badlen, "%s", token);
}

opts_result opts_parse(int argc, char **argv, const char *const *const *lists,
                       int nlists, opts_fn fn, void *ctx, char *bad,
                       size_t badlen, int *fn_rc)
{
	static char names[OPTS_MAX][48];
	struct option lo[OPTS_MAX + 3];
	int which[OPTS_MAX];         /* the list of the k-th option */
	const char *spec[OPTS_MAX]; /* its entry there */
	int n = 0, c;

	*fn_rc = 0;
	if (bad && badlen)
		bad[0] = '\0';
	for (int l = 0; l < nlists; l++)
		for (const char *const *o = lists[l]; o && *o; o++) {
			size_t len = strcspn(*o, "=");
			if (n >= OPTS_MAX || len >= sizeof(names[0]))
				return OPTS_TOO_MANY;
			memcpy(names[n], *o, len);
			names[n][len] = '\0';
			lo[n] = (struct option){names[n],
			                        (*o)[len] == '=' ? required_argument
			                                         : no_argument,
			                        NULL, OPT_FIRST + n};
			which[n] = l;
			spec[n] = *o;
			n++;
		}
	lo[n] = (struct option){"help", no_argument, NULL, OPT_HELP};
	lo[n + 1] = (struct option){"version", no_argument, NULL, OPT_VERSION};
	lo[n + 2] = (struct option){NULL, 0, NULL, 0};

	/* "-": the words that are not options come back in order, as the
	 * value of option 1, whatever POSIXLY_CORRECT says; ":": a missing
	 * value is ':', not '?'; opterr 0: the messages are ours. optind 0
	 * starts glibc's getopt afresh. */
	opterr = 0;
	optind = 0;
	for (;;) {
		int at = optind ? optind : 1, idx = -1;
		const char *token;
		c = getopt_long(argc, argv, "-:h", lo, &idx);
		if (c == -1)
			break;
		token = at < argc ? argv[at] : "";
		if (c == 1) {
			if ((*fn_rc = fn(ctx, -1, NULL, optarg)))
				return OPTS_STOPPED;
			continue;
		}
		if (c == ':') {
			say_bad(bad, badlen, token, optopt);
			return OPTS_NEEDS_VALUE;
		}
		if (c == '?') {
			/* a flag given a value, or an option of no list */
			if (!strncmp(token, "--", 2) && strchr(token, '=')) {
				size_t len = typed_name_len(token);
				for (int k = 0; lo[k].name; k++)
					if (strlen(lo[k].name) == len &&
					    !strncmp(lo[k].name, token + 2, len) &&
					    lo[k].has_arg == no_argument) {
						say_bad(bad, badlen, token, 0);
						return OPTS_NO_VALUE;
					}
			}
			say_bad(bad, badlen, token, optopt);
			return OPTS_UNKNOWN;
		}
		/* a long option's name in full, not the start of one
		 * (getopt_long takes "--jso" for --json) */
		if (!strncmp(token, "--", 2) && idx >= 0 &&
		    (typed_name_len(token) != strlen(lo[idx].name) ||
		     strncmp(token + 2, lo[idx].name, strlen(lo[idx].name)))) {
			say_bad(bad, badlen, token, 0);
			return OPTS_UNKNOWN;
		}
		if (c == OPT_HELP)
			return OPTS_HELP;
		if (c == OPT_VERSION)
			return OPTS_VERSION;
		if (c >= OPT_FIRST && c < OPT_FIRST + n) {
			int k = c - OPT_FIRST;
			if ((*fn_rc = fn(ctx, which[k], spec[k],
			                 lo[k].has_arg ? optarg : NULL)))
				return OPTS_STOPPED;
		}
	}
	/* after "--": words, even those that look like options */
	for (int i = optind; i < argc; i++)
		if ((*fn_rc = fn(ctx, -1, NULL, argv[i])))
			return OPTS_STOPPED;
	return OPTS_DONE;
}

void opts_metavar(const char *synopsis, const char *name, char *out, size_t len)
{
	size_t nl = strlen(name);
	const char *p = synopsis;
	snprintf(out, len, "VALUE");
	while (p && (p = strstr(p, "--"))) {
		p += 2;
		if (!strncmp(p, name, nl) && p[nl] == ' ' && p[nl + 1] &&
		    p[nl + 1] != '-' && p[nl + 1] != '[') {
			const char *v = p + nl + 1;
			size_t vl = strcspn(v, " ]|");
			if (vl)
				snprintf(out, len, "%.*s", (int)vl, v);
			return;
		}
	}
}

void opts_print(FILE *f, const char *synopsis, const char *const *options)
{
	for (const char *const *o = options; o && *o; o++) {
		size_t n = strcspn(*o, "=");
		char name[48], meta[48] = "";
		snprintf(name, sizeof(name), "%.*s", (int)n, *o);
		if ((*o)[n] == '=')
			opts_metavar(synopsis, name, meta, sizeof(meta));
		fprintf(f, "  --%s%s%s\n", name, (*o)[n] == '=' ? " " : "", meta);
	}
}

const char *opts_value(const opts_given *given, int n, const char *name)
{
	size_t len = strlen(name);
	for (int i = n - 1; i >= 0; i--)
		if (strcspn(given[i].name, "=") == len &&
		    !strncmp(given[i].name, name, len))
			return given[i].value ? given[i].value : "";
	return NULL;
}
