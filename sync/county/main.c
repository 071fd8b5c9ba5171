/* main.c — doorstep-county, the county server's command line: one table
 * of commands (init, enroll, revoke, import and export of bundles carried
 * by hand, status, serve, ...), each row with its options, read with
 * getopt_long (tui/opts.c). Every command takes --data DIR; the passphrase
 * comes as doorstep's does. It is a front end like tui/, so it uses tui/'s
 * option reading, passphrase reading and translations. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/classes.h"
#include "store/policyjson.h"
#include "store/settings.h"
#include "sync/county/cmd.h"
#include "sync/county/county.h"
#include "sync/county/http.h"
#include "sync/county/limits.h"
#include "tui/today.h"
#include "tui/i18n.h"
#include "tui/classes.h"
#include "tui/opts.h"
#include "tui/secret.h"
#include "tui/text.h"

/* How long a command waits for another's write to the county's store
 * before it gives up (DOORSTEP_COUNTY_WAIT seconds overrides): as long as
 * a laptop waits for the server's answer to a push. */
#define COUNTY_WRITE_WAIT_S 300

typedef county_args args;

/* The last one given counts; the names are the table's ("month="). */
const char *county_opt(const county_args *a, const char *name)
{
	return opts_value(a->opt, a->nopt, name);
}

int county_fail(const ds_error *err)
{
	return i18n_fail("doorstep-county", err);
}

int county_usage_fail(const char *where, const char *what)
{
	ds_error err;
	ds_fail(&err, DS_EUSAGE, where, "%s", what);
	return county_fail(&err);
}

/* The options of every command. */
static const char *const global_options[] = {"data=", "passphrase-fd=", "lang=",
                                             NULL};

#define OPTS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* One row per command: its name, its arguments (untranslated: they are
 * typed), what it does (N_()), the options it takes besides the global
 * ones ("json" a flag, "month=" one with a value; NULL for none), how many
 * words may follow it, and its function. */
typedef struct {
	const char *name, *synopsis, *help;
	const char *const *options;
	int min_pos, max_pos;
	int (*fn)(const args *a);
} county_command;

static int cmd_init(const args *a);
static int cmd_enroll(const args *a);
static int cmd_revoke(const args *a);
static int cmd_import(const args *a);
static int cmd_export(const args *a);
static int cmd_status(const args *a);
static int cmd_conflicts(const args *a);
static int cmd_policy(const args *a);
static int cmd_settings(const args *a);
static int cmd_reassign(const args *a);
static int cmd_serve(const args *a);

static const county_command commands[] = {
	{"init", "--data DIR [--region CODE]",
	 N_("make the county's store and its keys"), OPTS("region="), 0, 0,
	 cmd_init},
	{"enroll", "--data DIR --device-key FILE --user NAME --role ROLE --area CODE",
	 N_("enrol a laptop for its user, role and area"),
	 OPTS("device-key=", "user=", "role=", "area="), 0, 0, cmd_enroll},
	{"revoke", "--data DIR --device-key FILE",
	 N_("revoke a laptop: its bundles are refused from now on"),
	 OPTS("device-key="), 0, 0, cmd_revoke},
	{"import", "--data DIR FOLDER",
	 N_("take the laptops' bundles carried by hand in a folder (a USB stick)"),
	 NULL, 0, 1, cmd_import},
	{"export", "--data DIR --for DEVICE_KEY_FILE FOLDER",
	 N_("write the county's bundles for one laptop to a folder (a USB stick)"),
	 OPTS("for="), 0, 1, cmd_export},
	{"status", "--data DIR [--json]",
	 N_("the laptops enrolled, their bundles, and the bundles kept aside"),
	 OPTS("json"), 0, 0, cmd_status},
	{"conflicts", "--data DIR [--json]",
	 N_("changes made at the same time on two laptops, and which was kept"),
	 OPTS("json"), 0, 0, cmd_conflicts},
	{"policy", "--data DIR FILE",
	 N_("a new policy version, for every laptop with its next bundle"), NULL,
	 0, 1, cmd_policy},
	{"settings", "--data DIR FILE",
	 N_("the county's settings, for every laptop with its next bundle"), NULL,
	 0, 1, cmd_settings},
	{"reassign", "--data DIR --household ID --to USER",
	 N_("move a household to another assistant's caseload"),
	 OPTS("household=", "to="), 0, 0, cmd_reassign},
	/* --tls-cert, --tls-key and --insecure-console: the server's */
	{"serve", "--data DIR --listen HOST:PORT [--tls-cert FILE --tls-key FILE] [--insecure-console]",
	 N_("serve the laptops' bundles over HTTP"),
	 OPTS("listen=", "tls-cert=", "tls-key=", "insecure-console"), 0, 0,
	 cmd_serve},
	{"payroll", "[issue|check] --data DIR --month YYYY-MM [--json|--csv [--encoding gb18030]|--xlsx FILE]",
	 N_("the month's payment roll: shown, issued, or checked against the issued one"),
	 OPTS("month=", "json", "csv", "xlsx=", "encoding="), 0, 1,
	 county_cmd_payroll},
	{"report", "caseload|ending|waiting|laptops|outlay --data DIR [--json|--csv] [--days N] [--month YYYY-MM]",
	 N_("the county's reports: caseload, withdrawals ending, cases waiting, laptops, outlay"),
	 OPTS("json", "csv", "days=", "month="), 0, 1, county_cmd_report},
	{"budget", "--data DIR --year YYYY [--policy FILE] [--svg FILE] [--json]",
	 N_("the year's budget: the months paid and the months projected"),
	 OPTS("year=", "policy=", "svg=", "json"), 0, 0, county_cmd_budget},
	{"backup", "--data DIR --to DIR",
	 N_("copy the county's store, while it serves, into a new folder in DIR, with a manifest of hashes"),
	 OPTS("to="), 0, 0, county_cmd_backup},
	{"restore", "--data NEW_DIR --from BACKUP_DIR",
	 N_("put a backup back into a new or empty data folder (a store already there is never overwritten)"),
	 OPTS("from="), 0, 0, county_cmd_restore},
	{"relief", "list|decide [ID approve|refuse] --data DIR [--reason TEXT] [--json]",
	 N_("temporary assistance: the cases the laptops sent, and the county's decision on one above the township's limit"),
	 OPTS("reason=", "json"), 1, 3, county_cmd_relief},
	{"user", "add|list|passwd|disable [NAME] --data DIR [--role officer|approver|admin] [--password-fd N] [--json]",
	 N_("the office's accounts for the web console: add, list, change a password, disable"),
	 OPTS("role=", "password-fd=", "json"), 1, 2, county_cmd_user},
	{"province-key", "--data DIR FILE",
	 N_("keep the province key (made by doorstep-province key new) sealed in the county's store"),
	 NULL, 1, 1, county_cmd_province_key},
	{"feed", "--data DIR --to postgresql://... [--every SECONDS]",
	 N_("send the county's log to the province's database: reporting fields only, persons as pseudonyms"),
	 OPTS("to=", "every="), 0, 0, county_cmd_feed},
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	fprintf(f, "%s\n", _("Usage:"));
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  doorstep-county %s %s\n", commands[i].name,
		        commands[i].synopsis);
	fprintf(f, "\n%s\n", _("Commands:"));
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, _(commands[i].help));
	fprintf(f, "\n%s\n", _("Options for every command:"));
	fprintf(f, "  --data DIR           %s\n", _("the county's data folder"));
	fprintf(f, "  --passphrase-fd N    %s\n",
	        _("read the passphrase from file descriptor N"));
	fprintf(f, "  --lang LANG          %s\n",
	        _("language of messages: zh_CN or en"));
	fprintf(f, "  --help, -h           %s\n",
	        _("show this help (after a command: the command's)"));
	fprintf(f, "  --version            %s\n", _("show the version"));
	fprintf(f, "%s\n", _("The passphrase is asked for at the terminal, or read from the file named by DOORSTEP_PASSPHRASE_FILE, or from --passphrase-fd N."));
	fprintf(f, "%s\n", _("Exit status: 0 done, 1 bad input, 2 wrong use, 3 wrong passphrase, 4 damaged data, 5 not permitted, 7 system error, 9 a bundle out of order, 10 held for an earlier bundle."));
}

/* A command's --help: its usage, what it does and its options. */
static void command_usage(const county_command *cmd)
{
	printf("%s\n  doorstep-county %s %s\n\n%s\n", _("Usage:"), cmd->name,
	       cmd->synopsis, _(cmd->help));
	printf("\n%s\n", _("Options:"));
	opts_print(stdout, cmd->synopsis, cmd->options);
	printf("  --data DIR\n  --passphrase-fd N\n  --lang LANG\n  --help, -h\n  --version\n");
}

static void version(void)
{
	printf("doorstep-county %s\n", DOORSTEP_VERSION);
}

/* opts_parse's callback: an option or a word after the command. */
static int take(void *ctx, int list, const char *spec, const char *value)
{
	args *a = ctx;
	(void)list;
	if (!spec) {
		if (a->npos >= (int)(sizeof(a->pos) / sizeof(a->pos[0])))
			return county_usage_fail(value, _("too many arguments"));
		a->pos[a->npos++] = value;
		return 0;
	}
	if (a->nopt >= MAX_OPTS)
		return county_usage_fail("", _("too many options"));
	a->opt[a->nopt].name = spec;
	a->opt[a->nopt].value = value;
	a->nopt++;
	return 0;
}

/* The command's options with getopt_long. Returns -1 when the command
 * line is good and the command is to run, otherwise the exit status
 * (help and version printed: 0). */
static int parse(int argc, char **argv, const county_command *cmd, args *a)
{
	const char *const *lists[] = {global_options, cmd->options};
	char bad[64];
	int rc = 0;
	opts_result r = opts_parse(argc, argv, lists, 2, take, a, bad, sizeof(bad), &rc);
	switch (r) {
	case OPTS_DONE:
		break;
	case OPTS_HELP:
		command_usage(cmd);
		return 0;
	case OPTS_VERSION:
		version();
		return 0;
	case OPTS_UNKNOWN: {
		char msg[256];
		snprintf(msg, sizeof(msg),
		         _("not an option of %s; see doorstep-county %s --help"),
		         cmd->name, cmd->name);
		return county_usage_fail(bad, msg);
	}
	case OPTS_NEEDS_VALUE:
		return county_usage_fail(bad, _("needs a value"));
	case OPTS_NO_VALUE:
		return county_usage_fail(bad, _("takes no value"));
	case OPTS_TOO_MANY:
		return county_usage_fail(cmd->name, _("too many options"));
	case OPTS_STOPPED:
		return rc;
	}
	if (a->npos < cmd->min_pos)
		return county_usage_fail(cmd->name, _("an argument is missing"));
	if (a->npos > cmd->max_pos)
		return county_usage_fail(a->pos[cmd->max_pos], _("too many arguments"));
	if (county_opt(a, "passphrase-fd")) {
		char *end;
		long fd = strtol(county_opt(a, "passphrase-fd"), &end, 10);
		if (!*county_opt(a, "passphrase-fd") || *end || fd < 0 || fd > INT_MAX)
			return county_usage_fail("--passphrase-fd", _("needs a file descriptor number"));
		a->pass_fd = (int)fd;
	}
	return -1;
}

static void store_path(char *out, size_t len, const char *data)
{
	snprintf(out, len, "%s/store", data);
}

ds_status county_open(const county_args *a, ds_store **s, ds_error *err)
{
	char dir[PATH_MAX];
	store_secret *pass = NULL;
	secret_source src = {a->pass_fd, "--passphrase-fd", "DOORSTEP_PASSPHRASE_FILE",
	                     _("County passphrase: "), false};
	ds_status st;
	store_path(dir, sizeof(dir), county_opt(a, "data"));
	{
		store_user_name *names = NULL;
		size_t n = 0;
		if ((st = store_list_users(dir, &names, &n, err)))
			return st;
		free(names);
	}
	if ((st = secret_read(&src, &pass, err)))
		return st;
	{
		/* today as the laptops take it (training and tests set it), the
		 * store's from its open, its migration's too */
		core_date today;
		if ((st = cli_today(&today, err))) {
			store_secret_free(&pass);
			return st;
		}
		store_set_default_today(today);
	}
	st = store_open(dir, "county", pass, s, err);
	store_secret_free(&pass);
	if (!st && store_notice(*s)) {
		char msg[512];
		i18n_error(store_notice(*s), msg, sizeof(msg));
		fprintf(stderr, "doorstep-county: %s\n", msg);
	}
	if (!st) {
		/* imports and the server share the store, and one may write
		 * for minutes (a large bundle): wait for it, within reason */
		const char *w = getenv("DOORSTEP_COUNTY_WAIT");
		store_set_write_wait(*s, w && atoi(w) > 0 ? atoi(w) : COUNTY_WRITE_WAIT_S);
	}
	return st;
}

/* ---- init, enroll, revoke ---------------------------------------------------------- */

static int cmd_init(const args *a)
{
	char dir[PATH_MAX], pubpath[PATH_MAX];
	store_secret *pass = NULL;
	secret_source src = {a->pass_fd, "--passphrase-fd", "DOORSTEP_PASSPHRASE_FILE",
	                     _("Choose the county's passphrase (at least 8 characters): "),
	                     true};
	store_init_opts o;
	store_device_pub me;
	store_county_pub pub;
	ds_store *s = NULL;
	ds_error err;
	ds_status st;
	store_path(dir, sizeof(dir), county_opt(a, "data"));
	snprintf(pubpath, sizeof(pubpath), "%s/county.pub", county_opt(a, "data"));
	if ((st = store_mkdir_private(county_opt(a, "data"), &err)) ||
	    (st = secret_read(&src, &pass, &err)))
		return county_fail(&err);
	memset(&o, 0, sizeof(o));
	o.user = "county";
	o.role = CORE_ROLE_SUPERVISOR;
	o.region = county_opt(a, "region");
	if ((st = store_init(dir, &o, pass, &err)) ||
	    (st = store_open(dir, "county", pass, &s, &err))) {
		store_secret_free(&pass);
		return county_fail(&err);
	}
	store_secret_free(&pass);
	/* the county's keys are its store's device keys */
	st = store_device(s, &me, NULL, NULL, &err);
	if (!st) {
		unsigned char both[64], id[8];
		memcpy(pub.box_pk, me.box_pk, 32);
		memcpy(pub.sign_pk, me.sign_pk, 32);
		memcpy(both, me.box_pk, 32);
		memcpy(both + 32, me.sign_pk, 32);
		crypto_generichash(id, sizeof(id), both, sizeof(both), NULL, 0);
		store_hex(pub.key_id, id, sizeof(id));
		st = store_county_pub_write(pubpath, &pub, &err);
	}
	store_close(&s);
	if (st)
		return county_fail(&err);
	printf(_("County store made in %s; its public key, for every device: %s (key id %s)\n"),
	       county_opt(a, "data"), pubpath, pub.key_id);
	return 0;
}

static int cmd_enroll(const args *a)
{
	const char *need[] = {"device-key", "user", "role", "area"};
	store_device_pub dp;
	store_cdev d;
	ds_store *s = NULL;
	ds_error err;
	bool already;
	char hex[33];
	for (size_t i = 0; i < 4; i++)
		if (!county_opt(a, need[i]) || !*county_opt(a, need[i])) {
			char where[32];
			snprintf(where, sizeof(where), "--%s", need[i]);
			return county_usage_fail(where, _("is needed"));
		}
	if (core_role_lookup(county_opt(a, "role")) < 0)
		return county_usage_fail("--role", _("must be assistant, supervisor or reviewer"));
	if (strlen(county_opt(a, "area")) < 2 || strlen(county_opt(a, "area")) > 12 ||
	    strspn(county_opt(a, "area"), "0123456789") != strlen(county_opt(a, "area")))
		return county_usage_fail("--area", _("must be a region code of digits (e.g. 440106)"));
	if (strlen(county_opt(a, "user")) >= STORE_USER_MAX)
		return county_usage_fail("--user", _("is too long"));
	if (sync_devkey_read(county_opt(a, "device-key"), &dp, &err) ||
	    county_open(a, &s, &err))
		return county_fail(&err);
	memset(&d, 0, sizeof(d));
	memcpy(d.device, dp.device, sizeof(d.device));
	snprintf(d.user, sizeof(d.user), "%s", county_opt(a, "user"));
	snprintf(d.role, sizeof(d.role), "%s", county_opt(a, "role"));
	snprintf(d.area, sizeof(d.area), "%s", county_opt(a, "area"));
	memcpy(d.sign_pk, dp.sign_pk, sizeof(d.sign_pk));
	memcpy(d.box_pk, dp.box_pk, sizeof(d.box_pk));
	if (store_begin(s, &err) || store_cdev_put(s, &d, &already, &err) ||
	    store_commit(s, &err)) {
		store_rollback(s);
		store_close(&s);
		return county_fail(&err);
	}
	store_close(&s);
	store_hex(hex, d.device, 16);
	printf(already ? _("Device %s was enrolled already, for %s.\n")
	               : _("Device %s enrolled for %s.\n"),
	       hex, d.user);
	return 0;
}

static int cmd_revoke(const args *a)
{
	store_device_pub dp;
	ds_store *s = NULL;
	ds_error err;
	char hex[33];
	if (!county_opt(a, "device-key"))
		return county_usage_fail("--device-key", _("is needed"));
	if (sync_devkey_read(county_opt(a, "device-key"), &dp, &err) ||
	    county_open(a, &s, &err))
		return county_fail(&err);
	if (store_begin(s, &err) || store_cdev_revoke(s, dp.device, &err) ||
	    store_commit(s, &err)) {
		store_rollback(s);
		store_close(&s);
		return county_fail(&err);
	}
	store_close(&s);
	store_hex(hex, dp.device, 16);
	printf(_("Device %s revoked: its bundles are refused from now on.\n"), hex);
	return 0;
}

/* ---- bundles carried by hand -------------------------------------------------------- */

static int by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The folder's entries that are laptops' bundles by name, sorted. Other
 * files are left alone, quietly, except one whose name starts like a
 * bundle's (up-) but is not one: most likely renamed or copied by hand
 * ("... (1).dsb"), so it is named, escaped, and not read. */
static ds_status bundle_names(DIR *d, const char *folder, char ***out, size_t *n,
                              ds_error *err)
{
	struct dirent *e;
	char **names = NULL;
	*out = NULL;
	*n = 0;
	while ((e = readdir(d))) {
		unsigned char dev[SYNC_DEVICE_BYTES];
		char **nn;
		if (sync_name_parse(e->d_name, dev, NULL, NULL) != SYNC_NAME_UP) {
			if (sync_name_resembles(e->d_name) == SYNC_NAME_UP) {
				char shown[512];
				text_escape_name(shown, sizeof(shown), e->d_name);
				fprintf(stderr, _("doorstep-county: %s: skipped: the name is not a bundle's (up-DEVICE-EPOCH-NUMBER.dsb)\n"),
				        shown);
			}
			continue;
		}
		if (!(nn = realloc(names, (*n + 1) * sizeof(*names))) ||
		    !(nn[*n] = strdup(e->d_name))) {
			names = nn ? nn : names;
			for (size_t i = 0; i < *n; i++)
				free(names[i]);
			free(names);
			*n = 0;
			return ds_fail(err, DS_ESYSTEM, folder, N_("out of memory"));
		}
		names = nn;
		(*n)++;
	}
	if (*n)
		qsort(names, *n, sizeof(*names), by_name);
	*out = names;
	return DS_OK;
}

/* Bundles from a folder (a USB stick), each answered with a receipt file
 * beside it. The folder may be a link (a mount point); what is in it is
 * read only as regular files, never through a link, never waiting on a
 * pipe or device (store_read_regular): a stick is filled by whoever had
 * it last. */
static int cmd_import(const args *a)
{
	const char *folder = a->npos ? a->pos[0] : NULL;
	DIR *d = NULL;
	char **names = NULL;
	size_t n = 0, i;
	ds_store *s = NULL;
	ds_error err;
	int rc = 0, applied = 0, fd;
	size_t taken = 0;
	if (!folder)
		return county_usage_fail("FOLDER", _("name the folder holding the bundles"));
	if ((fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    !(d = fdopendir(fd))) {
		ds_fail(&err, DS_EINPUT, folder, N_("cannot open the folder: %s"), strerror(errno));
		if (fd >= 0)
			close(fd);
		return county_fail(&err);
	}
	if (bundle_names(d, folder, &names, &n, &err) || county_open(a, &s, &err)) {
		for (i = 0; i < n; i++)
			free(names[i]);
		free(names);
		closedir(d);
		return county_fail(&err);
	}
	for (i = 0; i < n; i++) {
		char rpath[PATH_MAX], rname[128];
		char *bytes = NULL, *text = NULL;
		size_t len = 0, tlen = 0;
		sync_receipt r;
		bool have, odd, kept = false;
		ds_status st;
		if ((st = store_read_regular(dirfd(d), names[i], COUNTY_MAX_BODY,
		                             &bytes, &len, &odd, &err))) {
			char msg[1024];
			if (odd) {
				/* not a bundle at all: nothing to answer, nothing kept */
				err.where[0] = '\0';
				i18n_error(&err, msg, sizeof(msg));
				fprintf(stderr, _("doorstep-county: %s: skipped: %s\n"), names[i], msg);
			} else {
				i18n_error(&err, msg, sizeof(msg));
				fprintf(stderr, "doorstep-county: %s\n", msg);
				rc = ds_status_exit(st);
			}
			continue;
		}
		taken++;
		st = county_take(s, (unsigned char *)bytes, len, &r, &have, &kept, &err);
		free(bytes);
		if (have) {
			ds_error rerr;
			sync_name_make(rname, sizeof(rname), SYNC_NAME_RECEIPT, r.device,
			               r.epoch, r.number);
			snprintf(rpath, sizeof(rpath), "%s/%s", folder, rname);
			if (county_receipt_text(s, &r, &text, &tlen, &rerr) ||
			    store_write_file_atomic(rpath, text, tlen, &rerr))
				rc = county_fail(&rerr);
			free(text);
		}
		if (st == DS_ESYSTEM) {
			/* the county's own trouble (its store busy for too long, a
			 * full disk): nothing about the bundle, so it is not kept
			 * aside, and the ones after it would meet the same */
			char msg[1024];
			i18n_error(&err, msg, sizeof(msg));
			fprintf(stderr, _("doorstep-county: %s: not taken, nothing kept aside: %s\n"),
			        names[i], msg);
			rc = ds_status_exit(st);
			break;
		} else if (st) {
			char msg[1024];
			i18n_error(&err, msg, sizeof(msg));
			if (have && r.outcome == SYNC_SKIPPED)
				fprintf(stderr, _("doorstep-county: %s: its changes are refused, and the laptop's later bundles go on after it: %s\n"),
				        names[i], msg);
			else if (kept)
				fprintf(stderr, _("doorstep-county: %s: turned away and kept aside: %s\n"),
				        names[i], msg);
			else if (have) /* authenticated, but over the caps of limits.h */
				fprintf(stderr, _("doorstep-county: %s: turned away, and not kept aside (the county keeps no more): %s\n"),
				        names[i], msg);
			else /* its sender is not authenticated: nothing of it is kept */
				fprintf(stderr, _("doorstep-county: %s: turned away, not kept: %s\n"),
				        names[i], msg);
			rc = ds_status_exit(st);
		} else {
			if (r.outcome == SYNC_APPLIED)
				applied++;
			printf(r.outcome == SYNC_APPLIED ? _("%s: applied (%lld new events)\n")
			       : r.outcome == SYNC_ALREADY ? _("%s: already here; acknowledged again (%lld new events)\n")
			       : kept ? _("%s: held until an earlier bundle arrives (%lld new events)\n")
			              : _("%s: waits for an earlier bundle, but the county keeps no more bundles aside: carry it again after that one (%lld new events)\n"),
			       names[i], (long long)r.events);
			if (r.outcome == SYNC_HELD && !rc)
				rc = ds_status_exit(DS_EGAP);
		}
	}
	for (size_t k = 0; k < n; k++)
		free(names[k]);
	free(names);
	closedir(d);
	store_close(&s);
	printf(_("%zu bundles read, %d applied.\n"), taken, applied);
	return rc;
}

/* ---- status ------------------------------------------------------------------------ */

static void when(char *out, size_t len, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!ms) {
		snprintf(out, len, "-");
		return;
	}
	localtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%d %H:%M", &tm);
}

/* What status says of one laptop. */
typedef struct {
	int64_t events, epoch, last;
} dev_counts;

static int cmd_status(const args *a)
{
	store_cdev *devs = NULL;
	store_aside *aside = NULL;
	store_conflict *cl = NULL;
	dev_counts *dc = NULL;
	store_class_count byc[CORE_CLASS_COUNT + 1];
	int64_t hh = 0, people = 0;
	size_t nd = 0, na = 0, nc = 0;
	ds_store *s = NULL;
	ds_error err;
	ds_status st;
	bool json = county_opt(a, "json") != NULL;
	json_t *jd = NULL, *ja = NULL;
	if (county_open(a, &s, &err))
		return county_fail(&err);
	/* everything is read before anything is printed, so a row that does
	 * not verify stops the command with nothing said but the error */
	if ((st = store_cdev_list(s, &devs, &nd, &err)) ||
	    (st = store_aside_list(s, &aside, &na, &err)) ||
	    (st = store_class_counts(s, byc, &err)) ||
	    (json && (st = store_conflicts(s, NULL, &cl, &nc, &err))))
		goto done;
	classes_totals(byc, &hh, &people);
	if (!(dc = calloc(nd + 1, sizeof(*dc)))) {
		st = ds_fail(&err, DS_ESYSTEM, "", N_("out of memory"));
		goto done;
	}
	for (size_t i = 0; i < nd; i++) {
		store_incoming last;
		bool found = false, fe = false;
		if ((st = store_events_of(s, devs[i].device, &dc[i].events, &err)) ||
		    (st = store_inbox_max_epoch(s, devs[i].device, &dc[i].epoch, &fe, &err)) ||
		    (fe && (st = store_inbox_last(s, devs[i].device, dc[i].epoch, &last,
		                                  &found, &err))))
			goto done;
		dc[i].last = found ? last.number : 0;
	}
	if (json) {
		jd = json_array();
		ja = json_array();
	} else {
		printf(_("Devices: %zu\n"), nd);
	}
	for (size_t i = 0; i < nd; i++) {
		char hex[33], w[32] = "-";
		store_hex(hex, devs[i].device, 16);
		if (json) {
			json_array_append_new(
			        jd, json_pack("{s:s, s:s, s:s, s:s, s:I, s:b, s:I, s:I}",
			                      "device", hex, "user", devs[i].user, "role",
			                      devs[i].role, "area", devs[i].area, "events",
			                      (json_int_t)dc[i].events, "revoked",
			                      devs[i].revoked_ms != 0, "epoch",
			                      (json_int_t)dc[i].epoch, "last_bundle",
			                      (json_int_t)dc[i].last));
		} else {
			when(w, sizeof(w), devs[i].revoked_ms);
			printf(_("  %s  %-10s %-10s area %-8s %6lld events  last bundle %lld%s%s\n"),
			       hex, devs[i].user, devs[i].role, devs[i].area,
			       (long long)dc[i].events, (long long)dc[i].last,
			       devs[i].revoked_ms ? _("  REVOKED ") : "",
			       devs[i].revoked_ms ? w : "");
		}
	}
	if (!json)
		printf(_("Bundles kept aside: %zu\n"), na);
	for (size_t i = 0; i < na; i++) {
		char hex[65], dev[33], w[32];
		store_hex(hex, aside[i].hash, 32);
		store_hex(dev, aside[i].sender, 16);
		when(w, sizeof(w), aside[i].received_ms);
		if (json)
			json_array_append_new(
			        ja, json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:s}", "bundle",
			                      hex, "device", dev, "epoch",
			                      (json_int_t)aside[i].epoch, "number",
			                      (json_int_t)aside[i].number, "state",
			                      aside[i].held ? "held" : "refused", "reason",
			                      aside[i].reason, "received", w));
		else
			printf(aside[i].held ? _("  %.16s  %s  held back: %s\n")
			                     : _("  %.16s  %s  turned away: %s\n"),
			       hex, w, aside[i].reason);
	}
	/* the households the county holds, by the class of the ladder their
	 * latest assessment gave them (as `doorstep household list --counts`
	 * counts them) */
	if (!json)
		classes_print(stdout, byc, true);
	if (json) {
		json_t *out = json_object(), *ca = json_array();
		char *text;
		json_object_set_new(out, "households", json_integer((json_int_t)hh));
		json_object_set_new(out, "people", json_integer((json_int_t)people));
		json_object_set_new(out, "classes", classes_json(byc));
		for (size_t i = 0; i < nc; i++)
			json_array_append_new(ca, json_pack("{s:s, s:s, s:s, s:s}",
			        "household", cl[i].household, "fields", cl[i].fields,
			        "kept", cl[i].winner_author, "set_aside",
			        cl[i].loser_author));
		json_object_set_new(out, "devices", jd);
		json_object_set_new(out, "aside", ja);
		json_object_set_new(out, "conflicts", ca);
		jd = ja = NULL;
		text = json_dumps(out, JSON_INDENT(2));
		printf("%s\n", text ? text : "{}");
		free(text);
		json_decref(out);
	}
done:
	json_decref(jd);
	json_decref(ja);
	free(dc);
	free(cl);
	free(devs);
	free(aside);
	store_close(&s);
	return st ? county_fail(&err) : 0;
}

/* The county's bundles for one laptop, written to a folder (a USB stick):
 * every one made for it so far, and a new one when there is something new. */
static int cmd_export(const args *a)
{
	const char *folder = a->npos ? a->pos[0] : NULL;
	store_device_pub dp;
	store_down last;
	ds_store *s = NULL;
	ds_error err;
	bool found;
	int64_t made = 0, written = 0;
	if (!county_opt(a, "for"))
		return county_usage_fail("--for", _("name the laptop's device key file"));
	if (!folder)
		return county_usage_fail("FOLDER", _("name the folder to write to (the USB stick)"));
	if (sync_devkey_read(county_opt(a, "for"), &dp, &err) || county_open(a, &s, &err))
		return county_fail(&err);
	for (;;) {
		unsigned char *bytes = NULL;
		size_t len = 0;
		if (store_down_last(s, dp.device, &last, &found, &err) ||
		    county_down(s, dp.device, found ? last.number + 1 : 1, &bytes, &len,
		                &err)) {
			store_close(&s);
			return county_fail(&err);
		}
		if (!bytes)
			break;
		free(bytes);
		made++;
	}
	if (store_down_last(s, dp.device, &last, &found, &err)) {
		store_close(&s);
		return county_fail(&err);
	}
	for (int64_t n = 1; found && n <= last.number; n++) {
		unsigned char *bytes = NULL;
		size_t len = 0;
		bool have;
		char name[128], path[PATH_MAX];
		if (store_down_get(s, dp.device, n, &bytes, &len, &have, &err) ||
		    (have && (sync_down_name(name, sizeof(name), dp.device, n),
		              snprintf(path, sizeof(path), "%s/%s", folder, name),
		              store_write_file_atomic(path, bytes, len, &err)))) {
			free(bytes);
			store_close(&s);
			return county_fail(&err);
		}
		free(bytes);
		written += have;
	}
	store_close(&s);
	printf(_("%lld bundles for the laptop written to %s (%lld new).\n"),
	       (long long)written, folder, (long long)made);
	return 0;
}

static void hlc_time(char *out, size_t len, uint64_t hlc)
{
	when(out, len, (int64_t)(hlc >> 16));
}

/* Changes to one household made at the same time on two laptops: which
 * won (the later), which is kept aside, and the fields both changed. */
static int cmd_conflicts(const args *a)
{
	store_conflict *list = NULL;
	size_t n = 0;
	ds_store *s = NULL;
	ds_error err;
	bool json = county_opt(a, "json") != NULL;
	json_t *out;
	if (county_open(a, &s, &err))
		return county_fail(&err);
	if (store_conflicts(s, NULL, &list, &n, &err)) {
		store_close(&s);
		return county_fail(&err);
	}
	store_close(&s);
	out = json_array();
	if (!json)
		printf(_("%zu changes made at the same time on two laptops:\n"), n);
	for (size_t i = 0; i < n; i++) {
		char w1[32], w2[32], f[128];
		text_name_list(f, sizeof(f), list[i].fields);
		hlc_time(w1, sizeof(w1), list[i].winner_hlc);
		hlc_time(w2, sizeof(w2), list[i].loser_hlc);
		if (json)
			json_array_append_new(out, json_pack("{s:s, s:o, s:{s:s, s:s}, s:{s:s, s:s}}",
			        "household", list[i].household, "fields",
			        json_loads(list[i].fields, 0, NULL), "kept",
			        "by", list[i].winner_author, "at", w1, "set_aside",
			        "by", list[i].loser_author, "at", w2));
		else
			printf(_("  %s  %s: %s's change (%s) is kept; %s's (%s) is set aside\n"),
			       list[i].household, f, list[i].winner_author, w1,
			       list[i].loser_author, w2);
	}
	if (json) {
		char *t = json_dumps(out, JSON_INDENT(2));
		printf("%s\n", t ? t : "[]");
		free(t);
	}
	json_decref(out);
	free(list);
	return 0;
}

/* A new policy version at the county: every laptop gets it with its next
 * bundle from the county, signed like everything the county sends. */
static int cmd_policy(const args *a)
{
	const char *file = a->npos ? a->pos[0] : NULL;
	char *text = NULL, version[CORE_POLICY_VERSION_MAX];
	size_t len = 0;
	bool already = false;
	ds_store *s = NULL;
	ds_error err;
	core_policy check;
	if (!file)
		return county_usage_fail("FILE", _("name the policy file"));
	if (store_read_file(file, 1024 * 1024, &text, &len, &err))
		return county_fail(&err);
	if (store_policy_parse(text, len, file, &check, &err)) {
		free(text);
		return county_fail(&err);
	}
	core_policy_free(&check);
	if (county_open(a, &s, &err) ||
	    store_policy_import(s, text, len, file, version, sizeof(version), &already,
	                        &err)) {
		free(text);
		store_close(&s);
		return county_fail(&err);
	}
	free(text);
	store_close(&s);
	printf(already ? _("Policy %s is already at the county; nothing changed.\n")
	               : _("Policy %s imported; every laptop gets it with its next bundle from the county.\n"),
	       version);
	return 0;
}

/* The county's settings (store/SETTINGS.md): every laptop gets them with
 * its next bundle from the county, and they replace its own. */
static int cmd_settings(const args *a)
{
	const char *file = a->npos ? a->pos[0] : NULL;
	char *text = NULL;
	size_t len = 0;
	ds_store *s = NULL;
	ds_error err;
	store_county_settings check;
	if (!file)
		return county_usage_fail("FILE", _("name the settings file"));
	if (store_read_file(file, 64 * 1024, &text, &len, &err))
		return county_fail(&err);
	if (store_county_settings_parse(text, len, &check, &err) ||
	    county_open(a, &s, &err) ||
	    store_county_settings_issue(s, text, len, file, &err)) {
		free(text);
		store_close(&s);
		return county_fail(&err);
	}
	free(text);
	store_close(&s);
	printf(_("County settings %s set; every laptop gets them with its next bundle from the county.\n"),
	       check.version);
	return 0;
}

/* A household moved to another assistant (a caseload handed over): the
 * new assistant's laptop gets the household and its history with its
 * next bundle from the county; the old one's caseload no longer lists
 * it. */
static int cmd_reassign(const args *a)
{
	char id[STORE_ID_BUF];
	const char *to = county_opt(a, "to");
	bool already = false, enrolled = false;
	ds_store *s = NULL;
	ds_error err;
	if (!county_opt(a, "household") || !*county_opt(a, "household"))
		return county_usage_fail("--household", _("is needed"));
	if (!to || !*to)
		return county_usage_fail("--to", _("is needed"));
	if (county_open(a, &s, &err) ||
	    store_household_resolve(s, county_opt(a, "household"), id, &err) ||
	    store_cdev_assistant(s, to, &enrolled, &err))
		goto fail;
	if (!enrolled) {
		ds_fail(&err, DS_EINPUT, "--to",
		        N_("%s has no laptop enrolled here as an assistant"), to);
		goto fail;
	}
	if (store_begin(s, &err) ||
	    store_household_reassign(s, id, to, &already, &err) ||
	    store_commit(s, &err)) {
		store_rollback(s);
		goto fail;
	}
	store_close(&s);
	printf(already ? _("Household %s is with %s already; nothing changed.\n")
	               : _("Household %s is now %s's; it reaches their laptop with its next bundle from the county.\n"),
	       id, to);
	return 0;
fail:
	store_close(&s);
	return county_fail(&err);
}

static int cmd_serve(const args *a)
{
	ds_store *s = NULL;
	ds_error err;
	int rc;
	if (!county_opt(a, "listen"))
		return county_usage_fail("--listen", _("is needed, e.g. 127.0.0.1:8480"));
	if (county_open(a, &s, &err))
		return county_fail(&err);
	{
		/* for tests: a shorter life for a connection than limits.h's */
		const char *secs = getenv("DOORSTEP_COUNTY_REQUEST_SECONDS");
		/* for tests: a console session's idle life */
		const char *idle = getenv("DOORSTEP_CONSOLE_SESSION_SECONDS");
		county_serve_opts o = {0};
		o.request_seconds = secs && atoi(secs) > 0 ? (unsigned)atoi(secs) : 0;
		o.console.session_seconds = idle && atoi(idle) > 0 ? atoi(idle) : 0;
		o.tls_cert = county_opt(a, "tls-cert");
		o.tls_key = county_opt(a, "tls-key");
		o.console.tls = o.tls_cert != NULL;
		o.insecure_console = county_opt(a, "insecure-console") != NULL;
		rc = county_serve(s, county_opt(a, "listen"), &o, &err);
	}
	store_close(&s);
	return rc ? county_fail(&err) : 0;
}

/* The command: the first word that is not an option nor an option's
 * value (global options may come before it). Its index, or 0. */
static int find_command(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		if (!strcmp(s, "--"))
			return i + 1 < argc ? i + 1 : 0;
		if (s[0] != '-' || !s[1])
			return i;
		for (const char *const *g = global_options; *g; g++)
			if (!strncmp(s + 2, *g, strlen(*g) - 1) && !s[2 + strlen(*g) - 1]) {
				i++; /* its value */
				break;
			}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct rlimit no_core = {0, 0};
	const county_command *cmd = NULL;
	const char *lang = NULL;
	char **av;
	args a;
	int rc, at;
	ds_error err;
	/* no core dumps, nothing of the keys for a debugger */
	setrlimit(RLIMIT_CORE, &no_core);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	umask(077);
	/* --lang first: every message after it is in its language */
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--lang") && i + 1 < argc)
			lang = argv[++i];
		else if (!strncmp(argv[i], "--lang=", 7))
			lang = argv[i] + 7;
	}
	if (i18n_init(lang, &err))
		return county_fail(&err);
	if (store_crypto_init()) {
		ds_fail(&err, DS_ESYSTEM, "libsodium", N_("could not start"));
		return county_fail(&err);
	}
	memset(&a, 0, sizeof(a));
	a.pass_fd = -1;
	if (!(at = find_command(argc, argv))) {
		/* no command: --help, --version, or wrong use */
		char bad[64];
		const char *const *lists[] = {global_options};
		opts_result r = opts_parse(argc, argv, lists, 1, take, &a, bad,
		                           sizeof(bad), &rc);
		if (r == OPTS_HELP) {
			usage(stdout);
			return 0;
		}
		if (r == OPTS_VERSION) {
			version();
			return 0;
		}
		if (r == OPTS_UNKNOWN) {
			usage(stderr);
			return county_usage_fail(bad, _("unknown option; see doorstep-county --help"));
		}
		if (r == OPTS_NEEDS_VALUE)
			return county_usage_fail(bad, _("needs a value"));
		usage(stderr);
		return county_usage_fail("", _("name a command; see doorstep-county --help"));
	}
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strcmp(argv[at], commands[i].name))
			cmd = &commands[i];
	if (!cmd) {
		usage(stderr);
		return county_usage_fail(argv[at], _("unknown command"));
	}
	i18n_options(cmd->options, global_options);
	/* the command's own line: its name, then everything else in order */
	if (!(av = calloc((size_t)argc, sizeof(*av)))) {
		ds_fail(&err, DS_ESYSTEM, "", N_("out of memory"));
		return county_fail(&err);
	}
	av[0] = argv[at];
	for (int i = 1, k = 1; i < argc; i++)
		if (i != at)
			av[k++] = argv[i];
	a.cmd = cmd->name;
	rc = parse(argc - 1, av, cmd, &a);
	if (rc < 0) {
		if (!county_opt(&a, "data") || !*county_opt(&a, "data"))
			rc = county_usage_fail("--data", _("name the county's data folder"));
		else
			rc = cmd->fn(&a);
	}
	free(av);
	return rc;
}
