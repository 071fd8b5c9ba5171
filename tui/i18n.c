/* i18n.c — locale and message catalogue set-up. */
#include "tui/i18n.h"
#include "tui/labels.h"

#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef DOORSTEP_LOCALEDIR
#define DOORSTEP_LOCALEDIR "/usr/local/share/locale"
#endif

static char lang_code[32] = "en";

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The catalogues: $TEXTDOMAINDIR, else beside the program (the build
 * tree), else ../share/locale from it (an installed program). */
void i18n_locale_dir(char *out, size_t len)
{
	const char *env = getenv("TEXTDOMAINDIR");
	char exe[PATH_MAX - 32];
	ssize_t n;
	if (env && *env) {
		snprintf(out, len, "%s", env);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(out, len, "%.4000s/locale", exe);
			if (is_dir(out))
				return;
			snprintf(out, len, "%.4000s/../share/locale", exe);
			if (is_dir(out))
				return;
		}
	}
	snprintf(out, len, "%s", DOORSTEP_LOCALEDIR);
}

/* "zh_CN.UTF-8@x" -> "zh_CN" */
static void language_of(const char *locale, char *out, size_t len)
{
	size_t n = strcspn(locale, ".@:");
	if (n >= len)
		n = len - 1;
	memcpy(out, locale, n);
	out[n] = '\0';
}

static const char *env_locale(void)
{
	const char *v;
	if ((v = getenv("LC_ALL")) && *v)
		return v;
	if ((v = getenv("LC_MESSAGES")) && *v)
		return v;
	if ((v = getenv("LANG")) && *v)
		return v;
	return "C";
}

/* The languages there are messages in: English (the messages as
 * written) and the catalogues in locale/. */
static const char *const languages[] = {"en", "zh_CN"};

ds_status i18n_init(const char *lang, ds_error *err)
{
	char dir[PATH_MAX];
	const char *cur;
	bool known = !lang;

	if (!setlocale(LC_ALL, "")) {
		char code[32];
		language_of(env_locale(), code, sizeof(code));
		if (!setlocale(LC_ALL, "C.UTF-8"))
			setlocale(LC_ALL, "C");
		const char *language = getenv("LANGUAGE");
		if (strcmp(code, "C") != 0 && strcmp(code, "POSIX") != 0 &&
		    (!language || !*language))
			setenv("LANGUAGE", code, 1);
	}
	cur = setlocale(LC_CTYPE, NULL);
	/* Text is UTF-8 everywhere; a plain C locale cannot measure it. */
	if (cur && (strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0))
		setlocale(LC_ALL, "C.UTF-8");
	if (lang) {
		char code[32];
		language_of(lang, code, sizeof(code));
		for (size_t i = 0; i < sizeof(languages) / sizeof(languages[0]); i++)
			known = known || !strcmp(code, languages[i]);
		/* an unknown one is refused below, in the environment's language */
		if (known)
			setenv("LANGUAGE", code, 1);
	}
	i18n_locale_dir(dir, sizeof(dir));
	bindtextdomain("doorstep", dir);
	bind_textdomain_codeset("doorstep", "UTF-8");
	textdomain("doorstep");

	{
		const char *l = getenv("LANGUAGE");
		char code[32];
		if (l && *l) {
			size_t n = strcspn(l, ":");
			snprintf(code, sizeof(code), "%.*s", (int)n, l);
		} else {
			language_of(setlocale(LC_MESSAGES, NULL), code, sizeof(code));
		}
		if (strcmp(code, "C") == 0 || strcmp(code, "POSIX") == 0 ||
		    !*code)
			snprintf(code, sizeof(code), "en");
		snprintf(lang_code, sizeof(lang_code), "%s", code);
	}
	if (!known)
		return ds_fail(err, DS_EUSAGE, "--lang",
		               N_("there are no messages in \"%s\"; the languages are en and zh_CN"),
		               lang);
	return DS_OK;
}

const char *i18n_lang(void)
{
	return lang_code;
}

const char *i18n_translate(const char *msgid)
{
	return gettext(msgid);
}

static const char *const *option_lists[2];

void i18n_options(const char *const *names, const char *const *more)
{
	option_lists[0] = names;
	option_lists[1] = more;
}

/* The field an error names, said as the option of the same name. */
static void as_option(ds_error *e)
{
	for (int l = 0; l < 2; l++)
		for (const char *const *o = option_lists[l]; o && *o; o++) {
			char name[DS_ERR_WHERE];
			size_t n = strcspn(*o, "=");
			if (n >= sizeof(name) - 3)
				continue;
			snprintf(name, sizeof(name), "%.*s", (int)n, *o);
			for (char *c = name; *c; c++)
				if (*c == '-')
					*c = '_';
			if (!strcmp(name, e->where)) {
				snprintf(e->where, sizeof(e->where), "--%.*s", (int)n, *o);
				return;
			}
		}
}

void i18n_error(const ds_error *err, char *buf, size_t len)
{
	ds_error e = *err;
	as_option(&e);
	/* Places named in words are translated; field paths stay as they are
	 * written in files. */
	static const struct {
		const char *prefix;
		const char *label;
	} words[] = {
		/* L10N: "event 12" in error messages */
		{"event ", N_("event %s")},
		/* L10N: "household k3f9x2m8q4tz" in error messages */
		{"household ", N_("household %s")},
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i].prefix);
		if (strncmp(e.where, words[i].prefix, n) == 0) {
			char rest[DS_ERR_WHERE];
			snprintf(rest, sizeof(rest), "%s", e.where + n);
			snprintf(e.where, sizeof(e.where), gettext(words[i].label),
			         rest);
			break;
		}
	}
	/* the arguments a command names in its errors: in English as the
	 * usage writes them, in other languages in words */
	{
		static const struct {
			const char *where, *label;
		} args[] = {
			/* L10N: the household's id, named in an error ("ID: there
			 * is no household ..."); translate as words */
			{"ID", N_("ID")},
			/* L10N: the ID number typed, named in an error; translate
			 * as words */
			{"ID_NUMBER", N_("ID_NUMBER")},
		};
		for (size_t i = 0; i < sizeof(args) / sizeof(args[0]); i++)
			if (strcmp(e.where, args[i].where) == 0) {
				snprintf(e.where, sizeof(e.where), "%s",
				         gettext(args[i].label));
				break;
			}
	}
	/* identifiers of actions, roles and states, in words */
	{
		const char *l = label_id(e.where);
		if (l)
			snprintf(e.where, sizeof(e.where), "%s", l);
	}
	for (size_t i = 0; i < DS_ERR_ARGS; i++) {
		/* one id, or a list of them ("assistant, supervisor") */
		char out[DS_ERR_ARG] = "", part[DS_ERR_ARG];
		const char *p = e.arg[i];
		bool all = *p != '\0';
		size_t o = 0;
		while (all && *p) {
			size_t n = strcspn(p, ",");
			const char *l;
			snprintf(part, sizeof(part), "%.*s", (int)n, p);
			if (!(l = label_id(part)))
				all = false;
			else
				o += (size_t)snprintf(out + o, o < sizeof(out) ? sizeof(out) - o : 0,
				                      "%s%s", o ? ", " : "", l);
			p += n;
			while (*p == ',' || *p == ' ')
				p++;
		}
		if (all && o < sizeof(out))
			snprintf(e.arg[i], sizeof(e.arg[i]), "%s", out);
	}
	ds_error_format(&e, buf, len, i18n_translate);
}

int i18n_fail(const char *prog, const ds_error *err)
{
	char msg[1024];
	i18n_error(err, msg, sizeof(msg));
	fprintf(stderr, "%s: %s\n", prog, msg);
	return ds_status_exit(err->status);
}
