/* cli_sync.c — the device side of sync on the command line: its public
 * keys for the county, enrolment, bundles to and from a USB stick, and
 * what is waiting. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/replica.h"
#include "sync/sync.h"
#include "tui/cli.h"
#include "tui/i18n.h"
#include "tui/text.h"
#include "tui/ui.h"

int cmd_device_key(cli *c)
{
	const char *out = cli_opt(c, "out");
	store_device_pub pub;
	ds_store *s = NULL;
	ds_error err;
	char hex[2 * STORE_DEVICE_BYTES + 1];
	if (!out || !*out)
		return cli_fail(DS_EUSAGE, "--out", N_("name the file to write"), NULL);
	if (cli_open(c, &s, &err) || store_device(s, &pub, NULL, NULL, &err) ||
	    sync_devkey_write(out, &pub, &err)) {
		store_close(&s);
		return cli_error(&err);
	}
	store_close(&s);
	store_hex(hex, pub.device, STORE_DEVICE_BYTES);
	printf(_("This laptop's public keys are in %s (device %s); give the file to the county.\n"),
	       out, hex);
	return 0;
}

/* A county server's address: http:// or https://, then a host. */
static bool server_ok(const char *server)
{
	size_t k = !strncmp(server, "http://", 7) ? 7 : !strncmp(server, "https://", 8) ? 8 : 0;
	return k && server[k] && !strchr("/:?#@", server[k]);
}

int cmd_enroll(cli *c)
{
	const char *key = cli_opt(c, "county-key"), *server = cli_opt(c, "server");
	store_county_pub pub;
	ds_store *s = NULL;
	ds_error err;
	if (!key || !*key)
		return cli_fail(DS_EUSAGE, "--county-key", N_("name the county's public key file"), NULL);
	if (server && !server_ok(server))
		return cli_fail(DS_EUSAGE, "--server", N_("must be an address such as http://county.example:8480 (http:// or https://, then the server's name)"), NULL);
	if (store_county_pub_read(key, &pub, &err) || cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_begin(s, &err) || store_county_set(s, &pub, server, &err) ||
	    store_commit(s, &err)) {
		store_rollback(s);
		store_close(&s);
		return cli_error(&err);
	}
	store_close(&s);
	printf(_("Enrolled with the county (key id %s).\n"), pub.key_id);
	return 0;
}

int cmd_sync_export(cli *c)
{
	const char *to = cli_opt(c, "to");
	ds_store *s = NULL;
	ds_error err;
	int made = 0;
	size_t written = 0;
	struct stat sb;
	if (!to || !*to)
		return cli_fail(DS_EUSAGE, "--to", N_("name the folder to write to (the USB stick)"), NULL);
	if (stat(to, &sb) || !S_ISDIR(sb.st_mode))
		return cli_fail(DS_EINPUT, to, N_("is not a folder"), NULL);
	if (cli_open(c, &s, &err) || sync_device_pack(s, 0, &made, &err) ||
	    sync_device_export(s, to, &written, &err)) {
		store_close(&s);
		return cli_error(&err);
	}
	store_close(&s);
	printf(_("%zu bundles written to %s (%d new); they stay here until the county's receipt comes back.\n"),
	       written, to, made);
	return 0;
}

/* Takes one file from the county: `name` in the folder open as dirfd
 * (AT_FDCWD: a path named on the command line). Only a regular file is
 * read, never through a link or from a pipe or device (a stick is filled
 * by whoever had it last): in a folder anything else is skipped with a
 * word, named on the command line it is an error. */
static int take_file(ds_store *s, int dirfd, const char *name, bool in_folder,
                     int *bad)
{
	char *bytes = NULL;
	size_t len = 0;
	sync_taken t;
	ds_error err;
	bool odd = false;
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	ds_status st = store_read_regular(dirfd, name, SYNC_MAX_PAYLOAD + 8192,
	                                  &bytes, &len, &odd, &err);
	if (!st)
		st = sync_device_take(s, (unsigned char *)bytes, len, &t, &err);
	free(bytes);
	if (st && odd && in_folder) {
		char msg[1024];
		err.where[0] = '\0';
		i18n_error(&err, msg, sizeof(msg));
		fprintf(stderr, _("doorstep: %s: skipped: %s\n"), name, msg);
		return 0;
	}
	if (st) {
		/* "doorstep: FILE: where: what"; the reader names the file itself */
		char where[sizeof(err.where) + 256];
		if (strcmp(err.where, name)) {
			snprintf(where, sizeof(where), "%s%s%s", base,
			         err.where[0] ? ": " : "", err.where);
			snprintf(err.where, sizeof(err.where), "%.*s",
			         (int)sizeof(err.where) - 1, where);
		}
		*bad = cli_error(&err);
		return 0;
	}
	if (t.receipt) {
		static const char *const said[] = {
			N_("%s: the county took bundle %lld into its log\n"),
			N_("%s: the county had bundle %lld already; nothing was done twice\n"),
			N_("%s: the county holds bundle %lld until an earlier one arrives\n"),
			N_("%s: the county turned bundle %lld away\n"),
			N_("%s: the county refused the changes in bundle %lld; the bundles after it go on\n"),
		};
		printf(_(said[t.r.outcome <= SYNC_SKIPPED ? t.r.outcome : SYNC_REFUSED]),
		       base, (long long)t.r.number);
		if (t.r.reason[0])
			printf(_("  why: %s\n"), t.r.reason);
	}
	else if (t.already)
		printf(_("%s: taken before; nothing done twice\n"), base);
	else
		printf(_("%s: %lld events from the county taken in\n"), base,
		       (long long)t.stats.added);
	return 1;
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The folder's receipts and county bundles for this laptop, by name,
 * sorted. Its own bundles and other laptops' files on the same stick are
 * left alone, quietly; a name that starts like one of this laptop's but
 * is not one exactly (renamed, copied by hand) is named, escaped, and not
 * read. */
static char **names_for_me(DIR *d, const unsigned char *me, size_t *n)
{
	char hex[2 * STORE_DEVICE_BYTES + 1], mine1[64], mine2[64];
	struct dirent *e;
	char **names = NULL;
	store_hex(hex, me, STORE_DEVICE_BYTES);
	snprintf(mine1, sizeof(mine1), "receipt-%s-", hex);
	snprintf(mine2, sizeof(mine2), "down-%s-", hex);
	*n = 0;
	while ((e = readdir(d))) {
		unsigned char dev[STORE_DEVICE_BYTES];
		sync_name_kind k = sync_name_parse(e->d_name, dev, NULL, NULL);
		char **nn;
		if ((k != SYNC_NAME_RECEIPT && k != SYNC_NAME_DOWN) ||
		    memcmp(dev, me, STORE_DEVICE_BYTES)) {
			if (!strncmp(e->d_name, mine1, strlen(mine1)) ||
			    !strncmp(e->d_name, mine2, strlen(mine2))) {
				char shown[512];
				text_escape_name(shown, sizeof(shown), e->d_name);
				fprintf(stderr, _("doorstep: %s: skipped: the name is not a receipt's or a county bundle's as the county writes them\n"),
				        shown);
			}
			continue;
		}
		if (!(nn = realloc(names, (*n + 1) * sizeof(*names))))
			break;
		names = nn;
		if (!(names[*n] = strdup(e->d_name)))
			break;
		(*n)++;
	}
	if (*n)
		qsort(names, *n, sizeof(*names), by_name);
	return names;
}

int cmd_sync_import(cli *c)
{
	const char *path = c->pos[0];
	ds_store *s = NULL;
	ds_error err;
	struct stat sb;
	store_device_pub me;
	int bad = 0, taken = 0;
	if (stat(path, &sb))
		return cli_fail(DS_EINPUT, path, N_("cannot read it: %s"), strerror(errno));
	if (cli_open(c, &s, &err) || store_device(s, &me, NULL, NULL, &err)) {
		store_close(&s);
		return cli_error(&err);
	}
	if (!S_ISDIR(sb.st_mode)) {
		/* a file named here is read whatever its name, but only if it is
		 * a regular file and not a link */
		taken = take_file(s, AT_FDCWD, path, false, &bad);
	} else {
		/* the folder itself may be a link (a mount point); what is in
		 * it is read relative to it, never through a link */
		int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
		char **names = NULL;
		size_t n = 0;
		if (!d) {
			int e = errno;
			if (fd >= 0)
				close(fd);
			store_close(&s);
			return cli_fail(DS_EINPUT, path, N_("cannot read it: %s"), strerror(e));
		}
		names = names_for_me(d, me.device, &n);
		for (size_t i = 0; i < n; i++) {
			taken += take_file(s, dirfd(d), names[i], true, &bad);
			free(names[i]);
		}
		free(names);
		closedir(d);
	}
	store_close(&s);
	printf(_("%d files taken.\n"), taken);
	return bad;
}

int cmd_sync_status(cli *c)
{
	ds_store *s = NULL;
	ds_error err;
	store_outgoing *list = NULL, *refused = NULL;
	size_t n = 0, nr = 0;
	int64_t unsent = 0, last_ms = 0, gone = 0, gone_events = 0;
	store_county_pub county;
	char server[512], when[32] = "";
	bool enrolled;
	if (cli_open(c, &s, &err) ||
	    store_county_get(s, &county, server, sizeof(server), &enrolled, &err) ||
	    store_outbox_pending(s, &list, &n, &err) ||
	    store_outbox_counts(s, &unsent, &last_ms, &err) ||
	    store_outbox_retired(s, false, &gone, &gone_events, &err) ||
	    store_outbox_refusals(s, &refused, &nr, &err)) {
		free(list);
		free(refused);
		store_close(&s);
		return cli_error(&err);
	}
	store_close(&s);
	if (last_ms) {
		time_t t = (time_t)(last_ms / 1000);
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	}
	if (cli_flag(c, "json")) {
		json_t *j = json_pack("{s:b, s:s, s:s, s:I, s:I, s:s?, s:I, s:I}", "enrolled",
		                      enrolled, "county", enrolled ? county.key_id : "",
		                      "server", server, "unsent_events", (json_int_t)unsent,
		                      "bundles_waiting", (json_int_t)n, "last_receipt",
		                      last_ms ? when : NULL, "refused_bundles",
		                      (json_int_t)gone, "refused_events",
		                      (json_int_t)gone_events);
		char *text = json_dumps(j, JSON_INDENT(2));
		printf("%s\n", text ? text : "{}");
		free(text);
		json_decref(j);
	} else {
		if (!enrolled)
			printf("%s\n", _("Not enrolled with a county yet."));
		else if (server[0])
			printf(_("County key %s, server %s\n"), county.key_id, server);
		else
			printf(_("County key %s (bundles go by hand)\n"), county.key_id);
		printf(_("Changes not yet acknowledged by the county: %lld\n"), (long long)unsent);
		printf(_("Bundles waiting for a receipt: %zu\n"), n);
		printf(_("Last receipt: %s\n"), last_ms ? when : _("never"));
		if (gone)
			printf(_("Refused by the county for good: %lld bundles holding %lld changes; they are in this laptop's log but not at the county, so tell the county office\n"),
			       (long long)gone, (long long)gone_events);
		for (size_t i = 0; i < nr; i++)
			printf(_("  bundle %lld (changes %lld to %lld): %s\n"),
			       (long long)refused[i].number, (long long)refused[i].first,
			       (long long)refused[i].last, refused[i].refused);
	}
	free(list);
	free(refused);
	return 0;
}

int cmd_sync_new_epoch(cli *c)
{
	ds_store *s = NULL;
	ds_error err;
	int64_t epoch = 0;
	if (cli_open(c, &s, &err) || store_new_epoch(s, &epoch, &err)) {
		store_close(&s);
		return cli_error(&err);
	}
	store_close(&s);
	printf(_("This laptop now writes in epoch %lld; the county takes its bundles from here on.\n"),
	       (long long)epoch);
	return 0;
}

/* Bundle k of n, the bytes left and the rate, on one line of standard
 * error rewritten in place: on a terminal only, at most every 0.2 s
 * (and at each bundle's end); the line it wrote before is blanked to its
 * width in display columns. */
typedef struct {
	bool tty;
	int width;          /* display columns of the line shown; 0: none */
	struct timespec last;
} bundle_line;

static void shown_bundle(void *ctx, const sync_progress *p)
{
	bundle_line *sh = ctx;
	struct timespec t;
	char text[200];
	int w;
	if (!sh->tty)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t);
	if (sh->width && p->left &&
	    (t.tv_sec - sh->last.tv_sec) * 1000 + (t.tv_nsec - sh->last.tv_nsec) / 1000000 < 200)
		return;
	sh->last = t;
	ui_sync_progress_text(text, sizeof(text), p);
	w = text_width(text);
	fprintf(stderr, "\r%s%*s", text, sh->width > w ? sh->width - w : 0, "");
	if (sh->width < w)
		sh->width = w;
	fflush(stderr);
}

/* The line ends before anything else is said. */
static void shown_end(bundle_line *sh)
{
	if (sh->width)
		fputc('\n', stderr);
	sh->width = 0;
}

static void shown_begin(bundle_line *sh, sync_net_opts *o)
{
	memset(sh, 0, sizeof(*sh));
	sh->tty = isatty(2);
	o->bundle = shown_bundle;
	o->bundle_ctx = sh;
}

/* The certificate(s) to trust for an https:// county: --ca FILE, or
 * the file named by DOORSTEP_COUNTY_CA; NULL for the system's. A file
 * that cannot be read is an error here, before anything is opened. */
static int county_ca(cli *c, sync_net_opts *o)
{
	const char *ca = cli_opt(c, "ca");
	const char *flag = "--ca";
	if (!ca) {
		ca = getenv("DOORSTEP_COUNTY_CA");
		flag = "DOORSTEP_COUNTY_CA";
	}
	if (ca && *ca && access(ca, R_OK))
		return cli_fail(DS_EINPUT, flag, N_("cannot be read: %s"), strerror(errno));
	o->ca_file = ca && *ca ? ca : NULL;
	return 0;
}

int cmd_sync_push(cli *c)
{
	ds_store *s = NULL;
	ds_error err;
	size_t sent = 0;
	bundle_line sh;
	sync_net_opts o = {0};
	ds_status st;
	int rc;
	const char *server = cli_opt(c, "server");
	if (server && !server_ok(server))
		return cli_fail(DS_EUSAGE, "--server", N_("must be an address such as http://county.example:8480 (http:// or https://, then the server's name)"), NULL);
	if ((rc = county_ca(c, &o)))
		return rc;
	shown_begin(&sh, &o);
	/* a metered line: DOORSTEP_SYNC_RATE bytes a second at most */
	if (getenv("DOORSTEP_SYNC_ATTEMPTS"))
		o.attempts = atoi(getenv("DOORSTEP_SYNC_ATTEMPTS"));
	if (getenv("DOORSTEP_SYNC_RATE"))
		o.max_send_rate = atol(getenv("DOORSTEP_SYNC_RATE"));
	int64_t gone0 = 0, gone1 = 0, ev0 = 0, ev1 = 0;
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if ((st = store_outbox_retired(s, true, &gone0, &ev0, &err))) {
		store_close(&s);
		return cli_error(&err);
	}
	st = sync_device_push(s, server, &o, &sent, &err);
	shown_end(&sh);
	if (store_outbox_retired(s, true, &gone1, &ev1, NULL))
		gone1 = gone0;
	store_close(&s);
	if (!st || sent)
		printf(_("%zu bundles acknowledged by the county.\n"), sent);
	if (!st && gone1 > gone0) {
		/* refused in their places: the rest went in after them */
		char nb[24], ne[24];
		snprintf(nb, sizeof(nb), "%lld", (long long)(gone1 - gone0));
		snprintf(ne, sizeof(ne), "%lld", (long long)(ev1 - ev0));
		ds_fail(&err, DS_EPERM, "county",
		        N_("it refused the changes in %s bundles (%s changes); they stay on this laptop only: tell the county office (doorstep sync status says why)"),
		        nb, ne);
		return cli_error(&err);
	}
	return st ? cli_error(&err) : 0;
}

int cmd_sync_pull(cli *c)
{
	ds_store *s = NULL;
	ds_error err;
	size_t taken = 0;
	int64_t events = 0;
	bundle_line sh;
	sync_net_opts o = {0};
	ds_status st;
	int rc;
	const char *server = cli_opt(c, "server");
	if (server && !server_ok(server))
		return cli_fail(DS_EUSAGE, "--server", N_("must be an address such as http://county.example:8480 (http:// or https://, then the server's name)"), NULL);
	if ((rc = county_ca(c, &o)))
		return rc;
	if (getenv("DOORSTEP_SYNC_ATTEMPTS"))
		o.attempts = atoi(getenv("DOORSTEP_SYNC_ATTEMPTS"));
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	shown_begin(&sh, &o);
	st = sync_device_pull(s, server, &o, &taken, &events, &err);
	shown_end(&sh);
	store_close(&s);
	if (!st || taken)
		printf(_("%zu bundles from the county taken in (%lld events).\n"), taken,
		       (long long)events);
	return st ? cli_error(&err) : 0;
}
