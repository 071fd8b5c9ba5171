/* syncbg.c — sync while the interface is open: when the laptop is enrolled
 * with a county server, every few minutes (and soon after a change) the
 * bundles waiting are sent and the county's new bundles fetched. Only the
 * network waits happen in a thread; everything that touches the store
 * (packing, receipts, taking bundles in) happens in the interface's own
 * thread between keys. The status bar says what is waiting and how the
 * last attempt went, in plain words. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sync/sync.h"
#include "tui/i18n.h"
#include "tui/ui.h"

typedef struct sync_bg {
	pthread_t th;
	bool running;
	atomic_int finished;
	time_t next;           /* when to try next */
	int every;             /* seconds between tries */
	long rate;             /* DOORSTEP_SYNC_RATE: bytes a second at most */
	/* the job, prepared by the interface's thread */
	char url[512];
	char down_path[128];
	sync_down_signer signer;   /* signs the GET of the county's next bundle */
	size_t n;
	unsigned char **bytes;
	size_t *lens;
	/* the results, read by the interface's thread once finished */
	char **resp;
	size_t *rlens;
	size_t answered;       /* bundles with an answer */
	char *down;
	size_t down_len;
	long down_code;
	ds_status st;
	ds_error err;
	/* what the status bar says */
	time_t last_ok, last_fail;
	char failure[512];
	bool unreachable;
	/* what the status bar counts, read when the store changes */
	bool counted, enrolled;
	int64_t unsent, last_ms;
	/* where the round has got to, written by its thread: bundle k of n
	 * going up (down: the county's bundle coming), and a count that
	 * moves when any of it does, so the status line is drawn again */
	sync_net_conn *conn;
	sync_meter meter;
	pthread_mutex_t at_lock;
	sync_progress at;
	bool at_down;
	atomic_int at_moved;
	int at_drawn;
} sync_bg;

/* The interface's sync state, made on first use. */
static sync_bg *bg_of(ui *u)
{
	if (!u->bg) {
		const char *every = getenv("DOORSTEP_SYNC_EVERY"); /* seconds */
		sync_bg *b = calloc(1, sizeof(*b));
		if (!b)
			return NULL;
		const char *rate = getenv("DOORSTEP_SYNC_RATE"); /* a metered line */
		b->every = every && atoi(every) > 0 ? atoi(every) : 300;
		b->rate = rate && atol(rate) > 0 ? atol(rate) : 0;
		b->next = time(NULL) + 3; /* soon after unlocking */
		pthread_mutex_init(&b->at_lock, NULL);
		u->bg = b;
	}
	return u->bg;
}

void ui_sync_counts(ui *u)
{
	sync_bg *b = bg_of(u);
	store_county_pub county;
	ds_error err;
	if (!b || !u->store)
		return;
	b->counted = !store_county_get(u->store, &county, NULL, 0, &b->enrolled, &err) &&
	             !store_outbox_counts(u->store, &b->unsent, &b->last_ms, &err);
}

/* The round's thread: where it has got to, for the status line. */
static void at(sync_bg *b, const sync_progress *p)
{
	pthread_mutex_lock(&b->at_lock);
	b->at = *p;
	pthread_mutex_unlock(&b->at_lock);
	atomic_fetch_add(&b->at_moved, 1);
}

static void on_xfer(void *ctx, size_t now, size_t size)
{
	sync_bg *b = ctx;
	at(b, sync_meter_at(&b->meter, now, size));
}

static void *work(void *arg)
{
	sync_bg *b = arg;
	sync_net_opts o;
	sync_http_headers h = {sync_down_headers, &b->signer};
	uint64_t total = 0;
	memset(&o, 0, sizeof(o));
	/* one connection for the round's requests (NULL: one each) */
	o.conn = b->conn = sync_net_conn_open();
	o.progress = on_xfer;
	o.ctx = b;
	for (size_t i = 0; i < b->n; i++)
		total += b->lens[i];
	sync_meter_begin(&b->meter, b->n, total);
	/* in the background: one try each, short waits; the next round
	 * comes in a few minutes anyway */
	o.attempts = 1;
	o.connect_timeout_s = 5;
	o.transfer_timeout_s = 120;
	o.max_send_rate = b->rate;
	/* an https:// county's own certificate, as sync push --ca takes it */
	o.ca_file = getenv("DOORSTEP_COUNTY_CA");
	b->st = DS_OK;
	for (size_t i = 0; i < b->n; i++) {
		long code = 0;
		sync_meter_next(&b->meter, i + 1);
		if ((b->st = sync_http_post(b->url, SYNC_HTTP_BUNDLE, b->bytes[i], b->lens[i],
		                            &o, &code, &b->resp[i], &b->rlens[i], &b->err)))
			break;
		at(b, sync_meter_done(&b->meter, b->lens[i]));
		b->answered++;
	}
	if (!b->st) {
		sync_meter_begin(&b->meter, 0, 0);
		sync_meter_next(&b->meter, 1);
		pthread_mutex_lock(&b->at_lock);
		b->at_down = true;
		memset(&b->at, 0, sizeof(b->at)); /* until its bytes come */
		pthread_mutex_unlock(&b->at_lock);
		b->st = sync_http_get(b->url, b->down_path, &h, &o, &b->down_code,
		                      &b->down, &b->down_len, &b->err);
	}
	sync_net_conn_close(&b->conn);
	atomic_store(&b->finished, 1);
	return NULL;
}

static void clear_job(sync_bg *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->bytes[i]);
		if (b->resp)
			free(b->resp[i]);
	}
	free(b->bytes);
	free(b->lens);
	free(b->resp);
	free(b->rlens);
	free(b->down);
	store_secret_free(&b->signer.sign_sk);
	b->bytes = NULL;
	b->lens = NULL;
	b->resp = NULL;
	b->rlens = NULL;
	b->down = NULL;
	b->n = b->answered = 0;
	b->down_len = 0;
	b->down_code = 0;
	memset(&b->at, 0, sizeof(b->at));
	b->at_down = false;
}

static void failed(sync_bg *b, const ds_error *err)
{
	/* the network's own words (addresses, curl's errors) mean nothing at
	 * the door: unreachable is said plainly; a refusal keeps its reason */
	b->unreachable = err->status == DS_EUNREACH;
	if (b->unreachable) {
		b->failure[0] = '-';
		b->failure[1] = '\0';
	} else {
		ds_error e = *err;
		e.where[0] = '\0';
		i18n_error(&e, b->failure, sizeof(b->failure));
	}
	b->last_fail = time(NULL);
}

/* Prepares and starts a round; false when there is nothing to do. */
static bool start(ui *u, sync_bg *b)
{
	store_county_pub county;
	store_device_pub me;
	store_outgoing *list = NULL;
	size_t n = 0;
	int made = 0;
	int64_t have = 0;
	bool found;
	ds_error err;
	if (store_county_get(u->store, &county, b->url, sizeof(b->url), &found, &err) ||
	    !found || !b->url[0])
		return false;
	if (sync_device_pack(u->store, 0, &made, &err) ||
	    store_outbox_pending(u->store, &list, &n, &err) ||
	    store_device(u->store, &me, NULL, &b->signer.sign_sk, &err) ||
	    store_inbox_top(u->store, &have, &err)) {
		free(list);
		store_secret_free(&b->signer.sign_sk);
		failed(b, &err);
		return false;
	}
	memcpy(b->signer.device, me.device, STORE_DEVICE_BYTES);
	b->signer.number = have + 1;
	sync_down_path(b->down_path, sizeof(b->down_path), me.device, have + 1);
	b->bytes = calloc(n ? n : 1, sizeof(*b->bytes));
	b->lens = calloc(n ? n : 1, sizeof(*b->lens));
	b->resp = calloc(n ? n : 1, sizeof(*b->resp));
	b->rlens = calloc(n ? n : 1, sizeof(*b->rlens));
	if (!b->bytes || !b->lens || !b->resp || !b->rlens) {
		free(list);
		clear_job(b);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (store_outbox_bytes(u->store, list[i].epoch, list[i].number,
		                       &b->bytes[i], &b->lens[i], &err))
			break;
		b->n++;
	}
	free(list);
	atomic_store(&b->finished, 0);
	if (pthread_create(&b->th, NULL, work, b) != 0) {
		clear_job(b);
		return false;
	}
	b->running = true;
	return true;
}

/* Takes the answers in, in the interface's thread. */
static void finish(ui *u, sync_bg *b)
{
	ds_error err;
	bool changed = false, ok = true;
	pthread_join(b->th, NULL);
	b->running = false;
	for (size_t i = 0; i < b->answered; i++) {
		sync_taken t;
		if (b->rlens[i] < 18 || memcmp(b->resp[i], "doorstep-receipt-1", 18)) {
			ds_fail(&err, DS_EINPUT, b->url, N_("the county refused the bundle: %s"),
			        b->resp[i] ? b->resp[i] : "");
			failed(b, &err);
			ok = false;
			break;
		}
		if (sync_device_take(u->store, (unsigned char *)b->resp[i], b->rlens[i], &t,
		                     &err)) {
			failed(b, &err);
			ok = false;
			break;
		}
		if ((t.r.outcome == SYNC_REFUSED && !t.retired) || t.r.outcome == SYNC_HELD) {
			char num[24];
			snprintf(num, sizeof(num), "%lld", (long long)t.r.number);
			ds_fail(&err, DS_EINPUT, b->url, N_("the county did not take bundle %s: %s"),
			        num, t.r.reason);
			failed(b, &err);
			ok = false;
			break;
		}
	}
	if (ok && b->st) {
		failed(b, &b->err);
		ok = false;
	}
	if (ok && b->down_code == 200 && b->down) {
		sync_taken t;
		if (sync_device_take(u->store, (unsigned char *)b->down, b->down_len, &t,
		                     &err)) {
			failed(b, &err);
			ok = false;
		} else if (t.stats.added) {
			changed = true;
			/* there may be more: ask again soon */
			b->next = time(NULL) + 1;
		}
	}
	if (ok) {
		b->last_ok = time(NULL);
		b->failure[0] = '\0';
	}
	clear_job(b);
	if (changed)
		ui_reload(u); /* counts again too */
	else
		ui_sync_counts(u);
}

void ui_sync_tick(ui *u, bool quiet)
{
	sync_bg *b = bg_of(u);
	time_t now = time(NULL);
	if (!b)
		return;
	if (b->running) {
		int moved = atomic_load(&b->at_moved);
		if (atomic_load(&b->finished)) {
			finish(u, b);
			if (b->next <= now)
				b->next = now + b->every;
			ui_paint(u);
		} else if (moved != b->at_drawn) {
			/* bundle k of n has moved on: the status line again */
			b->at_drawn = moved;
			ui_paint(u);
		}
		return;
	}
	if (!quiet || now < b->next || !u->store)
		return;
	b->next = now + b->every;
	start(u, b);
}

void ui_sync_stop(ui *u)
{
	sync_bg *b = u->bg;
	if (!b)
		return;
	if (b->running) {
		pthread_join(b->th, NULL);
		b->running = false;
		/* answers not taken in are asked for again next time: a bundle
		 * sent twice is only acknowledged twice */
		clear_job(b);
	}
}

void ui_sync_free(ui *u)
{
	ui_sync_stop(u);
	if (u->bg)
		pthread_mutex_destroy(&((sync_bg *)u->bg)->at_lock);
	free(u->bg);
	u->bg = NULL;
}

/* Byte counts as people read them: 980 B, 120 KiB, 3.4 MiB. */
static void bytes_text(char *out, size_t len, uint64_t n)
{
	if (n < 10 * 1024)
		snprintf(out, len, "%llu B", (unsigned long long)n);
	else if (n < 10 * 1024 * 1024)
		snprintf(out, len, "%llu KiB", (unsigned long long)((n + 1023) / 1024));
	else
		snprintf(out, len, "%llu.%llu MiB", (unsigned long long)(n >> 20),
		         (unsigned long long)(((n & 0xFFFFF) * 10) >> 20));
}

void ui_sync_progress_text(char *out, size_t len, const sync_progress *p)
{
	char left[32], rate[32];
	bytes_text(left, sizeof(left), p->left);
	bytes_text(rate, sizeof(rate), p->rate);
	if (p->bundles && p->rate)
		snprintf(out, len, _("Bundle %zu of %zu: %s left, %s a second"), p->bundle,
		         p->bundles, left, rate);
	else if (p->bundles)
		snprintf(out, len, _("Bundle %zu of %zu: %s left"), p->bundle, p->bundles,
		         left);
	else if (p->rate)
		snprintf(out, len, _("Bundle %zu: %s left, %s a second"), p->bundle, left,
		         rate);
	else
		snprintf(out, len, _("Bundle %zu: %s left"), p->bundle, left);
}

/* The status line while a round runs and has begun a bundle; false
 * before. */
static bool running_at(sync_bg *b, char *out, size_t len)
{
	sync_progress p;
	bool down;
	char text[160];
	pthread_mutex_lock(&b->at_lock);
	p = b->at;
	down = b->at_down;
	pthread_mutex_unlock(&b->at_lock);
	if (!p.bundle)
		return false;
	ui_sync_progress_text(text, sizeof(text), &p);
	snprintf(out, len, down ? _("Fetching from the county… %s")
	                        : _("Sending to the county… %s"), text);
	return true;
}

void ui_sync_line(ui *u, char *out, size_t len)
{
	sync_bg *b = bg_of(u);
	int64_t unsent, last_ms;
	bool found;
	char when[32] = "";
	out[0] = '\0';
	if (!b)
		return;
	if (!b->counted)
		ui_sync_counts(u);
	if (!b->counted)
		return;
	unsent = b->unsent;
	last_ms = b->last_ms;
	found = b->enrolled;
	if (last_ms) {
		time_t t = (time_t)(last_ms / 1000);
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(when, sizeof(when), "%m-%d %H:%M", &tm);
	}
	if (!found) {
		if (unsent)
			snprintf(out, len, _("Not linked to a county: %lld changes kept on this laptop"),
			         (long long)unsent);
		return;
	}
	if (b->failure[0] && b->last_fail >= b->last_ok && b->unreachable) {
		char at[16];
		struct tm tm;
		localtime_r(&b->last_fail, &tm);
		strftime(at, sizeof(at), "%H:%M", &tm);
		snprintf(out, len, _("No connection to the county at %s; %lld changes wait and go later."),
		         at, (long long)unsent);
	} else if (b->failure[0] && b->last_fail >= b->last_ok)
		snprintf(out, len, _("The county did not take a change: %s"), b->failure);
	else if (b->running && running_at(b, out, len))
		;
	else if (b->running)
		snprintf(out, len, _("Sending to the county… (%lld changes)"), (long long)unsent);
	else if (unsent && last_ms)
		snprintf(out, len, _("%lld changes not yet at the county; last sent %s"),
		         (long long)unsent, when);
	else if (unsent)
		snprintf(out, len, _("%lld changes not yet at the county; nothing sent yet"),
		         (long long)unsent);
	else
		snprintf(out, len, _("Everything is at the county (last sent %s)"), when);
}
