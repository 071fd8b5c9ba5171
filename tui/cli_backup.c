/* cli_backup.c — doorstep store backup and store restore: this laptop's
 * store copied while it may be in use into a folder of its own with a
 * manifest; and put back into a new or empty store folder after every
 * file was checked and the passphrase opened it, going on in a new sync
 * epoch so the county takes what is written from then on. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/backup.h"
#include "store/replica.h"
#include "tui/cli.h"
#include "tui/i18n.h"
#include "tui/secret.h"

int cmd_store_backup(cli *c)
{
	const char *to = cli_opt(c, "to");
	store_backup_opts o = {"laptop", NULL, 0};
	/* for tests: a slow backup, to write or kill -9 beside it */
	const char *pause = getenv("DOORSTEP_BACKUP_PAUSE_MS");
	char made[PATH_MAX];
	ds_store *s = NULL;
	ds_error err;
	if (pause && atoi(pause) > 0)
		o.pause_ms = (unsigned)atoi(pause);
	/* a backup writes nothing to the store */
	c->no_catch_up = true;
	if (!to || !*to)
		return cli_fail(DS_EUSAGE, "--to",
		                N_("is needed: the folder the backup goes into"), NULL);
	if (cli_open(c, &s, &err) ||
	    store_backup(s, to, &o, made, sizeof(made), &err)) {
		store_close(&s);
		return cli_error(&err);
	}
	store_close(&s);
	printf(_("This laptop's store is backed up in %s.\n"), made);
	return 0;
}

int cmd_store_restore(cli *c)
{
	const char *from = cli_opt(c, "from");
	store_backup_manifest m;
	store_secret *pass = NULL;
	char prompt[128];
	secret_source src = {c->pass_fd, "--passphrase-fd",
	                     "DOORSTEP_PASSPHRASE_FILE", NULL, false};
	ds_store *s = NULL;
	ds_error err;
	ds_status st;
	int64_t epoch = 0;
	if (!from || !*from)
		return cli_fail(DS_EUSAGE, "--from",
		                N_("is needed: the backup's folder"), NULL);
	/* the backup is checked before the passphrase is asked for */
	if (store_backup_check(from, &m, &err))
		return cli_error(&err);
	if (strcmp(m.kind, "laptop"))
		return cli_fail(DS_EINPUT, from,
		                N_("is the county's backup, not a laptop's; restore it with: doorstep-county restore"),
		                NULL);
	/* a laptop's backup holds its store alone: anything else listed
	 * would be put beside store.db (a -wal or -journal SQLite reads) */
	if (m.nfiles != 1)
		return cli_fail(DS_EDAMAGED, from,
		                N_("lists a file a laptop's backup never holds (%s); nothing was restored"),
		                m.file[1].name);
	snprintf(prompt, sizeof(prompt), "%s", _("Passphrase: "));
	if (c->user)
		snprintf(prompt, sizeof(prompt), _("Passphrase for %s: "), c->user);
	src.prompt = prompt;
	if (secret_read(&src, &pass, &err))
		return cli_error(&err);
	st = store_restore(from, c->store_dir, "", c->user, pass, &m, &s, &err);
	store_secret_free(&pass);
	if (st)
		return cli_error(&err);
	printf(_("The store backed up at %s is restored in %s.\n"), m.made,
	       c->store_dir);
	/* what it wrote after the backup the county may have already, under
	 * the same numbers: it goes on in a new epoch */
	store_set_today(s, c->today);
	if (store_new_epoch(s, &epoch, &err)) {
		store_close(&s);
		cli_error(&err);
		fprintf(stderr, "%s\n",
		        _("doorstep: the store is restored, but no new epoch was started: run doorstep sync new-epoch before the next sync"));
		return ds_status_exit(err.status);
	}
	store_close(&s);
	printf(_("This laptop now writes in epoch %lld; the county takes its bundles from here on.\n"),
	       (long long)epoch);
	return 0;
}
