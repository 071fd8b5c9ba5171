/* feedcmd.c — doorstep-county province-key (the province key kept sealed
 * in the county's store) and feed (the county's log sent to the province's
 * PostgreSQL, once or every so many seconds; feed.c does the work). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/provkey.h"
#include "sync/county/cmd.h"
#include "sync/county/feed.h"
#include "sync/county/relay.h"
#include "sync/provrec.h"
#include "tui/i18n.h"

/* ---- province-key -------------------------------------------------------------------- */

int county_cmd_province_key(const county_args *a)
{
	const char *file = a->npos ? a->pos[0] : NULL;
	store_secret *key = NULL;
	ds_store *s = NULL;
	ds_error err;
	bool replaced = false;
	ds_status st;
	if (!file)
		return county_usage_fail("FILE", _("name the province key file"));
	if ((st = sync_provkey_read(file, &key, &err)) || (st = county_open(a, &s, &err)) ||
	    (st = store_province_key_set(s, key->p, &replaced, &err))) {
		store_secret_free(&key);
		store_close(&s);
		return county_fail(&err);
	}
	store_secret_free(&key);
	store_close(&s);
	printf(replaced ? _("The province key is replaced by the one in %s; the feed makes pseudonyms with it from now on.\n")
	                : _("The province key in %s is kept in the county's store; the feed makes pseudonyms with it.\n"),
	       file);
	return 0;
}

/* ---- feed -------------------------------------------------------------------------- */

static void relay_warn(const ds_error *err, void *ctx)
{
	char msg[1024];
	(void)ctx;
	i18n_error(err, msg, sizeof(msg));
	fprintf(stderr, "doorstep-county: %s\n", msg);
}

/* After a feed: the province's findings about this county's households,
 * flagged here for review. */
static ds_status relay(ds_store *s, const char *url, ds_error *err)
{
	county_relay_stats rs;
	ds_status st = county_relay(s, url, relay_warn, NULL, &rs, err);
	if (!st && (rs.found || rs.refused))
		printf(_("Persons the province found paid here and by another county in the same month: %lld; new flags for review: %lld.\n"),
		       (long long)rs.found, (long long)rs.raised);
	if (!st && rs.refused)
		printf(_("Findings of the province that do not check out here (named above), not flagged: %lld.\n"),
		       (long long)rs.refused);
	return st;
}

int county_cmd_feed(const county_args *a)
{
	const char *url = county_opt(a, "to"), *every_s = county_opt(a, "every");
	const char *batch_s = getenv("DOORSTEP_FEED_BATCH"), *pause_s = getenv("DOORSTEP_FEED_PAUSE_MS");
	county_feed_opts o;
	ds_store *s = NULL;
	ds_error err;
	ds_status st;
	long every = 0;
	if (!url || !*url)
		return county_usage_fail("--to", _("name the province's database (postgresql://...)"));
	if (every_s) {
		char *end;
		every = strtol(every_s, &end, 10);
		if (!*every_s || *end || every < 1 || every > 86400)
			return county_usage_fail("--every", _("needs a number of seconds, 1 to 86400"));
	}
	memset(&o, 0, sizeof(o));
	o.batch = batch_s && atoi(batch_s) > 0 ? (size_t)atoi(batch_s) : 0;
	o.pause_ms = pause_s ? atoi(pause_s) : 0;
	if ((st = county_open(a, &s, &err)))
		return county_fail(&err);
	for (;;) {
		county_feed_stats fs;
		st = county_feed(s, url, &o, &fs, &err);
		if (!st) {
			printf(_("County %s: %lld records sent to the province, %lld of them new to it.\n"),
			       fs.county, (long long)fs.sent, (long long)fs.added);
			if (!(st = county_feed_budget(s, url, &err)))
				st = relay(s, url, &err);
			fflush(stdout);
		}
		if (st && (!every || st != DS_EUNREACH))
			break;
		if (st) {
			char msg[1024];
			i18n_error(&err, msg, sizeof(msg));
			fprintf(stderr, "doorstep-county: %s\n", msg);
		}
		if (!every)
			break;
		sleep((unsigned)every);
	}
	store_close(&s);
	return st ? county_fail(&err) : 0;
}
