/* backup.c — doorstep-county backup and restore: the county's store
 * copied while the server goes on using it, with its public key file and
 * a manifest, into a folder of its own; and put back into a new data
 * folder after every file was checked and the passphrase opened it. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/backup.h"
#include "sync/county/cmd.h"
#include "tui/i18n.h"
#include "tui/secret.h"

int county_cmd_backup(const county_args *a)
{
	const char *to = county_opt(a, "to");
	char pub[PATH_MAX], made[PATH_MAX];
	const char *extra[2] = {NULL, NULL};
	store_backup_opts o = {"county", extra, 0};
	/* for tests: a slow backup, to write or kill -9 beside it */
	const char *pause = getenv("DOORSTEP_BACKUP_PAUSE_MS");
	struct stat sb;
	ds_store *s = NULL;
	ds_error err;
	if (pause && atoi(pause) > 0)
		o.pause_ms = (unsigned)atoi(pause);
	if (!to || !*to)
		return county_usage_fail("--to", _("is needed: the folder the backup goes into"));
	snprintf(pub, sizeof(pub), "%s/county.pub", county_opt(a, "data"));
	if (stat(pub, &sb) == 0)
		extra[0] = pub;
	if (county_open(a, &s, &err) ||
	    store_backup(s, to, &o, made, sizeof(made), &err)) {
		store_close(&s);
		return county_fail(&err);
	}
	store_close(&s);
	printf(_("The county's store is backed up in %s.\n"), made);
	return 0;
}

int county_cmd_restore(const county_args *a)
{
	const char *from = county_opt(a, "from");
	store_backup_manifest m;
	store_secret *pass = NULL;
	secret_source src = {a->pass_fd, "--passphrase-fd", "DOORSTEP_PASSPHRASE_FILE",
	                     _("County passphrase: "), false};
	ds_store *s = NULL;
	ds_error err;
	ds_status st;
	if (!from || !*from)
		return county_usage_fail("--from", _("is needed: the backup's folder"));
	/* the backup is checked before the passphrase is asked for */
	if (store_backup_check(from, &m, &err))
		return county_fail(&err);
	if (strcmp(m.kind, "county")) {
		ds_fail(&err, DS_EINPUT, from,
		        N_("is a laptop's backup, not the county's; restore it with: doorstep store restore"));
		return county_fail(&err);
	}
	/* a county backup holds its store and county.pub, nothing more: a
	 * manifest's check line is no signature, and what else it listed
	 * would be put in the county's folder */
	for (size_t i = 1; i < m.nfiles; i++)
		if (strcmp(m.file[i].name, "county.pub")) {
			ds_fail(&err, DS_EDAMAGED, from,
			        N_("lists a file a county backup never holds (%s); nothing was restored"),
			        m.file[i].name);
			return county_fail(&err);
		}
	if (secret_read(&src, &pass, &err))
		return county_fail(&err);
	st = store_restore(from, county_opt(a, "data"), "store", "county", pass, &m,
	                   &s, &err);
	store_secret_free(&pass);
	store_close(&s);
	if (st)
		return county_fail(&err);
	printf(_("The county's store made at %s is restored in %s.\n"), m.made,
	       county_opt(a, "data"));
	return 0;
}
