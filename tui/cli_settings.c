/* cli_settings.c — the county's settings on a laptop: shown, and set from
 * a file on a laptop not yet enrolled with a county. */
#include <stdio.h>
#include <stdlib.h>

#include "store/settings.h"
#include "store/store.h"
#include "tui/cli.h"
#include "tui/i18n.h"

#define SETTINGS_FILE_MAX (64 * 1024)

static void settings_print(const store_county_settings *cs)
{
	char date[11];
	core_date_format(cs->effective, date);
	printf(cs->from_county ? _("County settings %s, from %s, set by the county\n")
	                       : _("County settings %s, from %s, set on this laptop\n"),
	       cs->version, date);
#define X(name, size, label) printf("  %s: %s\n", _(label), cs->name);
	STORE_SETTINGS_FIELDS(X)
#undef X
}

int cmd_settings_show(cli *c)
{
	ds_store *s = NULL;
	store_county_settings cs;
	bool set = false;
	ds_error err;
	int rc = 0;
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_county_settings_get(s, &cs, &set, &err))
		rc = cli_error(&err);
	else if (!set)
		printf("%s\n", _("No county settings yet: they come with the county's bundles, or a supervisor sets them on a laptop not enrolled with a county (doorstep settings set FILE)."));
	else
		settings_print(&cs);
	store_close(&s);
	return rc;
}

int cmd_settings_set(cli *c)
{
	ds_store *s = NULL;
	store_county_settings check;
	ds_error err;
	char *text = NULL;
	size_t len = 0;
	int rc = 0;
	/* the whole file is checked before the passphrase is asked */
	if (store_read_file(c->pos[0], SETTINGS_FILE_MAX, &text, &len, &err))
		return cli_error(&err);
	if (store_county_settings_parse(text, len, &check, &err)) {
		free(text);
		return cli_error(&err);
	}
	if (cli_open(c, &s, &err)) {
		free(text);
		return cli_error(&err);
	}
	if (store_county_settings_set(s, text, len, c->pos[0], &err))
		rc = cli_error(&err);
	else
		printf(_("County settings %s set.\n"), check.version);
	free(text);
	store_close(&s);
	return rc;
}
