/* main.c — doorstep's entry point: hardening, language, then the command
 * line or the terminal interface. */
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tui/cli.h"
#include "tui/i18n.h"

#if defined(__SANITIZE_ADDRESS__)
/* Under `make sanitize` only: cairo 1.16 grows an array while it finishes
 * a PDF surface (subsetting the letter's fonts) and never frees it. The
 * leak is the library's, once per letter; its stack cannot be followed
 * past libcairo (built without frame pointers), so the library is named.
 * Ours are still all reported. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libcairo.so\n";
}
#endif

/* No core dumps (they would hold keys and case data), files private. */
static void harden(void)
{
	struct rlimit rl = {0, 0};
	setrlimit(RLIMIT_CORE, &rl);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	umask(077);
}

int main(int argc, char **argv)
{
	const char *lang = NULL;
	ds_error err;
	/* --lang is needed before any message, so it is looked for first. */
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--lang") && i + 1 < argc)
			lang = argv[i + 1];
		else if (!strncmp(argv[i], "--lang=", 7))
			lang = argv[i] + 7;
	}
	if (i18n_init(lang, &err)) {
		harden();
		return cli_error(&err);
	}
	harden();
	/* No command on a terminal: the application itself. */
	if (argc == 1 && isatty(0) && isatty(1))
		return cli_tui(argc, argv);
	return cli_main(argc, argv);
}
