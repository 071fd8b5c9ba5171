/* http.c — the county server over HTTP or HTTPS (libmicrohttpd). One
 * thread a connection, so a slow upload never holds up /ping, the console
 * or another laptop; the store has one writer, every use of it under one
 * lock. An upload's head is authenticated as soon as it has come, and
 * nothing more of it is held until then; the rest of an upload that fails
 * there is read and let go, and answered at its end. Every path but the
 * sync endpoints (/bundle, /down/..., /ping) is the office console's,
 * which over plain HTTP answers only this computer (loopback) unless told
 * otherwise. One log line a request and a bundle on standard error, never
 * a household's name, address or ID number. Every limit is in limits.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "sync/county/console.h"
#include "sync/county/county.h"
#include "sync/county/http.h"
#include "sync/county/limits.h"
#include "sync/county/nonces.h"
#include "sync/net.h"

/* the console's log name for who (sync/county/console.h says the same) */
#ifndef COUNTY_WHO_MAX
#define COUNTY_WHO_MAX 64
#endif
/* at most this many addresses for one --listen (a name resolving to
 * IPv4 and IPv6, say) */
#define LISTEN_MAX 8

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* A connection, from accept to close, for the whole-request deadline. */
typedef struct conn {
	struct conn *prev, *next;
	int fd;
	struct timespec began;
	bool cut;
} conn;

typedef struct {
	ds_store *s;
	pthread_mutex_t store_lock;   /* the store, and nonces */
	county_nonces *nonces;
	int64_t started;              /* unix seconds */
	unsigned request_seconds;
	bool tls, insecure_console;
	atomic_ullong inflight;       /* bytes counted by uploads, limits.h */
	pthread_mutex_t conns_lock;
	conn *conns;
	pthread_mutex_t log_lock;     /* one line at a time */
	/* until it serves, libmicrohttpd's first complaint is kept for the
	 * one-line error instead of logged */
	atomic_bool serving;
	char why[256];
	county_console *console;      /* every other path (console.h) */
} server;

/* One POST /bundle as it arrives. */
typedef struct {
	unsigned char head[SYNC_STREAM_AT];
	size_t have_head;
	uint64_t declared;    /* Content-Length; 0 when none (chunked) */
	uint64_t received;    /* every byte of the body so far */
	uint64_t length;      /* the bundle's length by its authenticated header */
	uint64_t counted;     /* in server.inflight */
	unsigned char *buf;   /* once authenticated: the bundle so far */
	size_t len, cap;
	bool authenticated;
	bool refused;         /* answered at the end with err, the rest let go */
	ds_error err;
	bool busy;            /* over COUNTY_MAX_INFLIGHT: 503 at the end */
} upload;

typedef enum { REQ_SYNC, REQ_BUNDLE, REQ_CONSOLE } req_kind;

/* One request, from its headers to its end: what its log line says. */
typedef struct {
	req_kind kind;
	struct timespec began;
	char who[COUNTY_WHO_MAX];  /* laptop "device/user", office user, or "" */
	char what[80];             /* method and path, without IDs */
	unsigned status;           /* 0: not answered by http.c */
	uint64_t out;              /* bytes of the answer http.c gave */
	upload *u;                 /* POST /bundle */
	void *console;             /* the console's own pointer */
} request;

/* ---- the log ---------------------------------------------------------------------------
 * One line a request and a bundle, on standard error, with a priority
 * prefix journald understands (<6> info, <5> notice, <4> warning, <3>
 * error). Only what the server itself chose goes in: method, the path's
 * first part, the laptop's short device number and user, counts and
 * times; never a query string, a household ID or a refusal's reason. */

static long ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)((t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000);
}

static void log_line(server *sv, int prio, const char *fmt, ...)
{
	char when[32], line[512];
	time_t now = time(NULL);
	struct tm tm;
	va_list ap;
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&sv->log_lock);
	fprintf(stderr, "<%d>doorstep-county: %s %s\n", prio, when, line);
	fflush(stderr);
	pthread_mutex_unlock(&sv->log_lock);
}

/* libmicrohttpd's own complaints (a TLS handshake cut short, a socket
 * error), as warnings in the same form */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	server *sv = cls;
	char msg[384];
	size_t n;
	char raw[384];
	size_t k = 0;
	vsnprintf(raw, sizeof(raw), fmt, ap);
	/* some name the request's path (`/household/ID'): anything quoted,
	 * and any word with a slash, is left out */
	for (const char *p = raw; *p && k + 4 < sizeof(msg);) {
		if (*p == '`' || *p == '\'' || *p == '"') {
			const char *e = p + 1;
			while (*e && *e != '\'' && *e != '"' && *e != '`')
				e++;
			memcpy(msg + k, "…", strlen("…"));
			k += strlen("…");
			p = *e ? e + 1 : e;
			continue;
		}
		if (*p != ' ' && (p == raw || p[-1] == ' ')) {
			size_t w = strcspn(p, " ");
			if (memchr(p, '/', w)) {
				memcpy(msg + k, "…", strlen("…"));
				k += strlen("…");
				p += w;
				continue;
			}
		}
		msg[k++] = (unsigned char)*p < ' ' ? ' ' : *p;
		p++;
	}
	msg[k] = '\0';
	n = strlen(msg);
	while (n && msg[n - 1] == ' ')
		msg[--n] = '\0';
	if (!atomic_load(&sv->serving)) {
		pthread_mutex_lock(&sv->log_lock);
		if (!sv->why[0])
			snprintf(sv->why, sizeof(sv->why), "%.*s",
			         (int)sizeof(sv->why) - 1, msg); /* cut to fit */
		pthread_mutex_unlock(&sv->log_lock);
		return;
	}
	log_line(sv, 4, "who=- libmicrohttpd=\"%s\"", msg);
}

/* who for the log: printable, no spaces or quotes; "-" for no one */
static const char *who_of(const request *rq, char *out, size_t len)
{
	size_t k = 0;
	for (const char *p = rq->who; *p && k + 1 < len && p < rq->who + sizeof(rq->who); p++)
		out[k++] = ((unsigned char)*p <= ' ' || *p == '"' || *p == '\\' || *p == 0x7f)
		                   ? '_' : *p;
	out[k] = '\0';
	return k ? out : "-";
}

/* "METHOD /first-part[/…]": the rest of a path may hold an ID; a first
 * part that is not plain letters is left out as well. */
/* Whether first (a path's first part) is one of the sync paths. */
static bool sync_path(const char *first)
{
	static const char *const paths[] = {SYNC_HTTP_BUNDLE, SYNC_HTTP_PING, SYNC_HTTP_DOWN};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		const char *p = paths[i] + 1; /* after its / */
		size_t n = strcspn(p, "/");
		if (strlen(first) == n && !strncmp(first, p, n))
			return true;
	}
	return false;
}

static void what_of(char *out, size_t len, const char *method, const char *url)
{
	char first[32], verb[13];
	size_t k = 0, v;
	const char *p = url[0] == '/' ? url + 1 : url;
	bool known;
	while (p[k] && p[k] != '/' && p[k] != '?') {
		if (k + 1 < sizeof(first))
			first[k] = p[k];
		k++;
	}
	first[k < sizeof(first) ? k : sizeof(first) - 1] = '\0';
	/* only a path the server knows: any other could be what someone
	 * typed (a name, an ID number) */
	known = k + 1 < sizeof(first) && (sync_path(first) || county_console_known(first));
	/* the method as sent: letters only, so that no quote or space of
	 * the client's ends the field or adds one to the line */
	for (v = 0; method[v] && v < sizeof(verb) - 1; v++)
		verb[v] = (method[v] >= 'A' && method[v] <= 'Z') ||
		                  (method[v] >= 'a' && method[v] <= 'z')
		                  ? method[v] : '_';
	verb[v] = '\0';
	snprintf(out, len, "%s /%s%s", verb, known ? first : "*",
	         p[k] == '/' && p[k + 1] ? "/…" : "");
}

static enum MHD_Result reply(request *rq, struct MHD_Connection *c, unsigned code,
                             const char *text, size_t len, const char *type)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
	        len, (void *)text, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	ret = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	if (rq && ret == MHD_YES) {
		rq->status = code;
		rq->out = len;
	}
	return ret;
}

static enum MHD_Result reply_text(request *rq, struct MHD_Connection *c, unsigned code,
                                  const char *text)
{
	return reply(rq, c, code, text, strlen(text), "text/plain; charset=utf-8");
}

/* HTTP status for a refusal, and the exit status in a header the device
 * turns back into its own. */
static unsigned http_code(ds_status st)
{
	switch (st) {
	case DS_EPERM:
		return MHD_HTTP_FORBIDDEN;
	case DS_ESTALE:
		return MHD_HTTP_CONFLICT;
	case DS_EDAMAGED:
		return MHD_HTTP_BAD_REQUEST;
	case DS_ESYSTEM:
		return MHD_HTTP_INTERNAL_SERVER_ERROR;
	default:
		return MHD_HTTP_UNPROCESSABLE_CONTENT;
	}
}

static enum MHD_Result reply_error(request *rq, struct MHD_Connection *c,
                                   const ds_error *err)
{
	char msg[1024];
	ds_error_format(err, msg, sizeof(msg), NULL);
	strncat(msg, "\n", sizeof(msg) - strlen(msg) - 1);
	return reply_text(rq, c, http_code(err->status), msg);
}

static int64_t unix_now(void)
{
	return (int64_t)time(NULL);
}

/* who a laptop is, for the log: its device number's first 4 bytes in hex
 * and the user it was enrolled for (under the store lock) */
static void laptop_who(ds_store *s, const unsigned char *device, char *who, size_t len)
{
	store_cdev d;
	bool found = false;
	ds_error err;
	char hex[9];
	for (int i = 0; i < 4; i++)
		snprintf(hex + 2 * i, 3, "%02x", device[i]);
	if (store_cdev_get(s, device, &d, &found, &err) || !found)
		snprintf(who, len, "%s", hex);
	else
		snprintf(who, len, "%s/%s", hex, d.user);
}

/* ---- GET /down/<device hex>/<number> --------------------------------------------------
 * The county's bundle for a device, for a request signed by that device
 * (sync/BUNDLE.md): well formed and for this very path, its time within
 * the window and not before the server started, then (under the lock)
 * the device enrolled, not revoked and its signature right, and only
 * then its nonce remembered — so only a device's own requests can fill
 * the set. 204 when there is nothing new. Every refusal is 403 and names
 * no one. */
static enum MHD_Result down(server *sv, request *rq, struct MHD_Connection *c,
                            const char *rest)
{
	unsigned char device[SYNC_DEVICE_BYTES], *bytes = NULL;
	char hex[2 * SYNC_DEVICE_BYTES + 1], *end;
	size_t len = 0;
	long long number;
	sync_downreq q;
	ds_error err;
	ds_status st;
	enum MHD_Result ret;
	int64_t now = unix_now();
	if (strlen(rest) < sizeof(hex) || rest[sizeof(hex) - 1] != '/')
		return reply_text(rq, c, MHD_HTTP_NOT_FOUND, "not found\n");
	memcpy(hex, rest, sizeof(hex) - 1);
	hex[sizeof(hex) - 1] = '\0';
	number = strtoll(rest + sizeof(hex), &end, 10);
	if (*end || number < 1 || !store_unhex(device, sizeof(device), hex))
		return reply_text(rq, c, MHD_HTTP_NOT_FOUND, "not found\n");
	if ((st = sync_downreq_parse(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                                         SYNC_HTTP_REQUEST),
	                             MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                                         SYNC_HTTP_SIGNATURE),
	                             &q, &err)) ||
	    (st = sync_downreq_check_time(&q, now, sv->started, &err)))
		return reply_error(rq, c, &err);
	if (memcmp(q.device, device, SYNC_DEVICE_BYTES) || q.number != number) {
		ds_fail(&err, DS_EPERM, "request", N_("not permitted"));
		return reply_error(rq, c, &err);
	}
	pthread_mutex_lock(&sv->store_lock);
	st = county_down_allowed(sv->s, &q, &err);
	if (!st)
		laptop_who(sv->s, device, rq->who, sizeof(rq->who));
	if (!st) {
		switch (county_nonces_add(sv->nonces, q.nonce, q.time + SYNC_DOWNREQ_WINDOW,
		                          now)) {
		case COUNTY_NONCE_NEW:
			break;
		case COUNTY_NONCE_SEEN:
			st = ds_fail(&err, DS_EPERM, "request", N_("not permitted"));
			break;
		case COUNTY_NONCE_FULL:
			st = ds_fail(&err, DS_ESYSTEM, "request",
			             N_("the county is busy; try again later"));
			break;
		}
	}
	if (!st)
		st = county_down(sv->s, device, (int64_t)number, &bytes, &len, &err);
	pthread_mutex_unlock(&sv->store_lock);
	if (st == DS_EPERM) /* whatever county_down said: no names */
		ds_fail(&err, DS_EPERM, "request", N_("not permitted"));
	if (st == DS_ESYSTEM) {
		char msg[1024];
		ds_error_format(&err, msg, sizeof(msg), NULL);
		strncat(msg, "\n", sizeof(msg) - strlen(msg) - 1);
		return reply_text(rq, c, MHD_HTTP_SERVICE_UNAVAILABLE, msg);
	}
	if (st)
		return reply_error(rq, c, &err);
	if (!bytes)
		return reply(rq, c, MHD_HTTP_NO_CONTENT, "", 0, "text/plain");
	ret = reply(rq, c, MHD_HTTP_OK, (const char *)bytes, len, "application/octet-stream");
	free(bytes);
	return ret;
}

/* ---- POST /bundle ------------------------------------------------------------------- */

/* The head has come: who sent it? Nothing more is held unless the sender
 * is an enrolled, not revoked device whose signature verifies, and the
 * bundles arriving together stay within COUNTY_MAX_INFLIGHT. */
static void head_arrived(server *sv, request *rq, upload *u)
{
	unsigned char sender[SYNC_DEVICE_BYTES];
	uint64_t length = 0, was;
	ds_status st;
	pthread_mutex_lock(&sv->store_lock);
	st = county_head(sv->s, u->head, u->have_head, u->declared, sender, &length,
	                 &u->err);
	if (!st)
		laptop_who(sv->s, sender, rq->who, sizeof(rq->who));
	pthread_mutex_unlock(&sv->store_lock);
	if (st) {
		u->refused = true;
		return;
	}
	was = atomic_fetch_add(&sv->inflight, length);
	if (was + length > COUNTY_MAX_INFLIGHT) {
		atomic_fetch_sub(&sv->inflight, length);
		u->busy = true;
		return;
	}
	u->counted = length;
	u->length = length;
	u->authenticated = true;
}

/* Appends what came, growing with it (never by what a header says), up
 * to one byte past the bundle's length so a longer body is refused as
 * one with trailing bytes. */
static bool keep(upload *u, const char *data, size_t n)
{
	uint64_t room = u->length + 1 - u->len;
	if (n > room)
		n = (size_t)room;
	if (!n)
		return true;
	if (u->len + n > u->cap) {
		size_t nc = u->cap ? u->cap : 65536;
		unsigned char *nb;
		while (nc < u->len + n)
			nc *= 2;
		if (nc > u->length + 1)
			nc = (size_t)u->length + 1;
		if (!(nb = realloc(u->buf, nc)))
			return false;
		u->buf = nb;
		u->cap = nc;
	}
	memcpy(u->buf + u->len, data, n);
	u->len += n;
	return true;
}

static enum MHD_Result body(server *sv, request *rq, upload *u, const char *data, size_t n)
{
	u->received += n;
	/* a chunked body is cut at the limit: libmicrohttpd can only answer
	 * once a body is all in, so the connection is closed */
	if (u->received > COUNTY_MAX_BODY)
		return MHD_NO;
	if (u->refused || u->busy)
		return MHD_YES; /* read and let go */
	if (!u->authenticated) {
		size_t take = sizeof(u->head) - u->have_head;
		if (take > n)
			take = n;
		memcpy(u->head + u->have_head, data, take);
		u->have_head += take;
		data += take;
		n -= take;
		if (u->have_head < sizeof(u->head))
			return MHD_YES;
		head_arrived(sv, rq, u);
		if (!u->authenticated)
			return MHD_YES;
		if (!keep(u, (const char *)u->head, u->have_head))
			return MHD_NO;
	}
	return keep(u, data, n) ? MHD_YES : MHD_NO;
}

/* The bundle's own log line: what became of it, for which laptop, its
 * size, how long it waited for the store and how long it took there. */
static void log_bundle(server *sv, const request *rq, const char *outcome,
                       const sync_receipt *r, uint64_t size, long wait_ms,
                       long took_ms)
{
	char who[COUNTY_WHO_MAX];
	int prio = !strcmp(outcome, "refused") ? 4 : !strcmp(outcome, "applied") ||
	                                                     !strcmp(outcome, "already")
	                                                     ? 6 : 5;
	if (r)
		log_line(sv, prio,
		         "who=%s bundle=%s epoch=%lld number=%lld events=%lld size=%llu wait_ms=%ld ms=%ld",
		         who_of(rq, who, sizeof(who)), outcome, (long long)r->epoch,
		         (long long)r->number, (long long)r->events,
		         (unsigned long long)size, wait_ms, took_ms);
	else
		log_line(sv, prio, "who=%s bundle=%s size=%llu wait_ms=%ld ms=%ld",
		         who_of(rq, who, sizeof(who)), outcome, (unsigned long long)size,
		         wait_ms, took_ms);
}

static const char *outcome_word(const sync_receipt *r, bool have, ds_status st)
{
	if (!have)
		return "refused";
	switch (r->outcome) {
	case SYNC_APPLIED:
		return "applied";
	case SYNC_ALREADY:
		return "already";
	case SYNC_HELD:
		return "held";
	case SYNC_REFUSED:
	case SYNC_SKIPPED:
		return "refused";
	}
	return st ? "refused" : "applied";
}

static enum MHD_Result bundle_done(server *sv, request *rq, struct MHD_Connection *c,
                                   upload *u)
{
	sync_receipt r;
	bool have = false;
	ds_error err, rerr;
	char *text = NULL;
	size_t tlen = 0;
	ds_status st;
	struct timespec t0, t1;
	long wait_ms;
	uint64_t size = u->authenticated ? u->len : u->received;
	if (u->refused) {
		log_bundle(sv, rq, "refused", NULL, u->received, 0, 0);
		return reply_error(rq, c, &u->err);
	}
	if (u->busy) {
		log_bundle(sv, rq, "busy", NULL, u->received, 0, 0);
		return reply_text(rq, c, MHD_HTTP_SERVICE_UNAVAILABLE,
		                  "bundle: the county is busy; try again later\n");
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pthread_mutex_lock(&sv->store_lock);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	wait_ms = (long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000);
	/* a body shorter than a head is refused here, and not kept */
	st = u->authenticated ? county_take(sv->s, u->buf, u->len, &r, &have, NULL, &err)
	                      : county_take(sv->s, u->head, u->have_head, &r, &have,
	                                    NULL, &err);
	if (have && !county_receipt_text(sv->s, &r, &text, &tlen, &rerr)) {
		enum MHD_Result ret;
		pthread_mutex_unlock(&sv->store_lock);
		log_bundle(sv, rq, outcome_word(&r, have, st), &r, size, wait_ms, ms_since(&t1));
		ret = reply(rq, c, st ? http_code(st) : MHD_HTTP_OK, text, tlen, "text/plain");
		free(text);
		return ret;
	}
	pthread_mutex_unlock(&sv->store_lock);
	log_bundle(sv, rq, "refused", NULL, size, wait_ms, ms_since(&t1));
	if (!st)
		err = rerr;
	return reply_error(rq, c, &err);
}

/* ---- the console -------------------------------------------------------------------------- */

/* this computer: 127.0.0.0/8, ::1, or IPv4 loopback mapped into IPv6 */
static bool loopback_peer(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *info =
	        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = info ? info->client_addr : NULL;
	if (!sa)
		return false;
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		return IN6_IS_ADDR_LOOPBACK(a) ||
		       (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
	}
	return false;
}

/* Every path but the sync endpoints. Over plain HTTP only this computer
 * may use the console (its passwords and cookies would cross the network
 * in the clear) unless the office said otherwise. */
static enum MHD_Result console(server *sv, request *rq, struct MHD_Connection *c,
                               const char *method, const char *url,
                               const char *data, size_t *data_size)
{
	(void)method;
	(void)url;
	(void)data;
	(void)data_size;
	if (!sv->tls && !sv->insecure_console && !loopback_peer(c))
		return reply_text(rq, c, MHD_HTTP_FORBIDDEN,
		                  "forbidden: over plain HTTP the console answers this computer only\n");
	/* completed() calls county_console_done for its status */
	return county_console_request(sv->console, c, method, url, data, data_size,
	                              &rq->console, rq->who);
}

/* ---- requests ------------------------------------------------------------------------------- */

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *data,
                              size_t *data_size, void **con_cls)
{
	server *sv = cls;
	request *rq = *con_cls;
	(void)version;
	if (!rq) {
		if (!(rq = calloc(1, sizeof(*rq))))
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &rq->began);
		what_of(rq->what, sizeof(rq->what), method, url);
		*con_cls = rq;
		if (!strcmp(url, SYNC_HTTP_PING) ||
		    !strncmp(url, SYNC_HTTP_DOWN, strlen(SYNC_HTTP_DOWN)))
			rq->kind = REQ_SYNC;
		else if (!strcmp(url, SYNC_HTTP_BUNDLE))
			rq->kind = REQ_BUNDLE;
		else
			rq->kind = REQ_CONSOLE;
		/* answered on the next call, once the request is all in:
		 * libmicrohttpd closes the connection after an answer queued
		 * with the headers, and a pull's requests share one */
		if (rq->kind == REQ_SYNC)
			return MHD_YES;
	}
	if (rq->kind == REQ_CONSOLE)
		return console(sv, rq, c, method, url, data, data_size);
	if (rq->kind == REQ_SYNC) {
		if (!strcmp(method, "GET") && !strcmp(url, SYNC_HTTP_PING))
			return reply_text(rq, c, MHD_HTTP_OK, "doorstep-county\n");
		if (!strcmp(method, "GET"))
			return down(sv, rq, c, url + strlen(SYNC_HTTP_DOWN));
		return reply_text(rq, c, MHD_HTTP_NOT_FOUND, "not found\n");
	}
	if (strcmp(method, "POST"))
		return reply_text(rq, c, MHD_HTTP_NOT_FOUND, "not found\n");
	if (!rq->u) {
		/* the headers: a body longer than the largest bundle is refused
		 * before any of it is read */
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		                                             MHD_HTTP_HEADER_CONTENT_LENGTH);
		unsigned long long declared = 0;
		if (cl) {
			char *end;
			declared = strtoull(cl, &end, 10);
			if (*end || cl[0] == '-' || declared > COUNTY_MAX_BODY)
				return reply_text(rq, c, MHD_HTTP_CONTENT_TOO_LARGE,
				                  "bundle: too large\n");
		}
		if (!(rq->u = calloc(1, sizeof(*rq->u))))
			return MHD_NO;
		rq->u->declared = declared;
		return MHD_YES;
	}
	if (*data_size) {
		enum MHD_Result ret = body(sv, rq, rq->u, data, *data_size);
		*data_size = 0;
		return ret;
	}
	return bundle_done(sv, rq, c, rq->u);
}

/* The request's log line, and its memory let go. */
static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
	server *sv = cls;
	request *rq = *con_cls;
	char who[COUNTY_WHO_MAX], status[16];
	uint64_t in = 0;
	int prio;
	(void)c;
	if (!rq)
		return;
	if (rq->u)
		in = rq->u->received;
	if (rq->kind == REQ_CONSOLE && !rq->status) {
		rq->status = county_console_done(sv->console, rq->console);
		rq->console = NULL;
	}
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
		snprintf(status, sizeof(status), "%s",
		         toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? "timeout" : "cut");
	else if (rq->status)
		snprintf(status, sizeof(status), "%u", rq->status);
	else
		snprintf(status, sizeof(status), "-"); /* answered by the console */
	prio = toe != MHD_REQUEST_TERMINATED_COMPLETED_OK || rq->status >= 500 ? 4
	       : rq->status >= 400                                              ? 5
	                                                                        : 6;
	log_line(sv, prio, "who=%s what=\"%s\" status=%s in=%llu out=%llu ms=%ld",
	         who_of(rq, who, sizeof(who)), rq->what, status, (unsigned long long)in,
	         (unsigned long long)rq->out, ms_since(&rq->began));
	if (rq->console)
		county_console_done(sv->console, rq->console);
	if (rq->u) {
		if (rq->u->counted)
			atomic_fetch_sub(&sv->inflight, rq->u->counted);
		free(rq->u->buf);
		free(rq->u);
	}
	free(rq);
	*con_cls = NULL;
}

/* ---- the whole-request deadline ------------------------------------------------------ */

/* Connections are noted when accepted and forgotten when closed, both
 * under conns_lock; libmicrohttpd closes a socket only after telling us,
 * so a socket still noted is open and shutting it down is safe. */
static void notify(void *cls, struct MHD_Connection *c, void **socket_context,
                   enum MHD_ConnectionNotificationCode code)
{
	server *sv = cls;
	conn *k = *socket_context;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *info =
		        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (!info || !(k = calloc(1, sizeof(*k))))
			return;
		k->fd = info->connect_fd;
		clock_gettime(CLOCK_MONOTONIC, &k->began);
		pthread_mutex_lock(&sv->conns_lock);
		k->next = sv->conns;
		if (sv->conns)
			sv->conns->prev = k;
		sv->conns = k;
		pthread_mutex_unlock(&sv->conns_lock);
		*socket_context = k;
		return;
	}
	if (!k)
		return;
	pthread_mutex_lock(&sv->conns_lock);
	if (k->prev)
		k->prev->next = k->next;
	else
		sv->conns = k->next;
	if (k->next)
		k->next->prev = k->prev;
	pthread_mutex_unlock(&sv->conns_lock);
	free(k);
	*socket_context = NULL;
}

/* Shuts down every connection older than the deadline; its thread sees
 * the end of its socket and closes it. */
static void sweep(server *sv)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&sv->conns_lock);
	for (conn *k = sv->conns; k; k = k->next)
		if (!k->cut && now.tv_sec - k->began.tv_sec >= (time_t)sv->request_seconds) {
			shutdown(k->fd, SHUT_RDWR);
			k->cut = true;
		}
	pthread_mutex_unlock(&sv->conns_lock);
}

/* ---- where to listen --------------------------------------------------------------------
 * HOST:PORT or [V6]:PORT, HOST a name or a literal, through getaddrinfo.
 * Every address the name resolves to is listened on, one libmicrohttpd
 * daemon a socket (MHD takes one listening socket each): localhost is
 * 127.0.0.1 and ::1 both. When there are several, an IPv6 socket is
 * IPv6 only, so that they do not collide; a sole [::] is left as the
 * system has it (on Linux it takes IPv4 as well). An address that cannot
 * be bound is an error unless another of the same name was. */

static ds_status split_listen(const char *where, char *host, size_t hlen, char *port,
                              size_t plen, ds_error *err)
{
	const char *colon, *h = where;
	size_t n;
	char *end;
	long p;
	if (where[0] == '[') {
		const char *close = strchr(where, ']');
		if (!close || close[1] != ':')
			goto bad;
		h = where + 1;
		n = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(where, ':');
		if (!colon || strchr(where, ':') != colon) /* a bare IPv6 literal */
			goto bad;
		n = (size_t)(colon - where);
	}
	if (!n || n >= hlen || strlen(colon + 1) >= plen)
		goto bad;
	memcpy(host, h, n);
	host[n] = '\0';
	p = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || p < 1 || p > 65535)
		goto bad;
	snprintf(port, plen, "%ld", p);
	return DS_OK;
bad:
	return ds_fail(err, DS_EUSAGE, "listen",
	               N_("give a host and port, e.g. 127.0.0.1:8480, localhost:8480 or [::1]:8480"));
}

/* Listening sockets for listen (*n of them), or an error naming listen. */
static ds_status open_listen(const char *where, int fds[LISTEN_MAX], int *n,
                             ds_error *err)
{
	char host[256], port[8], why[128] = "";
	struct addrinfo hints, *res = NULL, *ai;
	int rc, count = 0;
	ds_status st;
	*n = 0;
	if ((st = split_listen(where, host, sizeof(host), port, sizeof(port), err)))
		return st;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, port, &hints, &res)))
		return ds_fail(err, DS_EINPUT, "listen", N_("no such address: %s"),
		               gai_strerror(rc));
	for (ai = res; ai; ai = ai->ai_next)
		count++;
	for (ai = res; ai && *n < LISTEN_MAX; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		int one = 1;
		if (fd < 0) {
			snprintf(why, sizeof(why), "%s", strerror(errno));
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (ai->ai_family == AF_INET6 && count > 1)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, COUNTY_LISTEN_BACKLOG)) {
			snprintf(why, sizeof(why), "%s", strerror(errno));
			close(fd);
			continue;
		}
		fds[(*n)++] = fd;
	}
	freeaddrinfo(res);
	if (!*n)
		return ds_fail(err, DS_EINPUT, "listen",
		               N_("cannot listen there (in use, or not this computer's address): %s"),
		               why);
	return DS_OK;
}

/* ---- TLS ------------------------------------------------------------------------------------ */

/* A PEM file read whole (NUL-terminated, at most 1 MiB); field names it
 * in an error. want: the text its PEM block must have. */
static ds_status read_pem(const char *path, const char *field, const char *want,
                          char **out, ds_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;
	*out = NULL;
	if (!f)
		return ds_fail(err, DS_EINPUT, field, N_("cannot be read: %s"), strerror(errno));
	if (!(buf = malloc(1024 * 1024 + 1))) {
		fclose(f);
		return ds_fail(err, DS_ESYSTEM, field, N_("out of memory"));
	}
	n = fread(buf, 1, 1024 * 1024 + 1, f);
	fclose(f);
	buf[n <= 1024 * 1024 ? n : 1024 * 1024] = '\0';
	if (n > 1024 * 1024 || !strstr(buf, "-----BEGIN ") || !strstr(buf, want)) {
		sodium_memzero(buf, 1024 * 1024 + 1);
		free(buf);
		return ds_fail(err, DS_EINPUT, field, N_("is not a PEM file of the right kind"));
	}
	*out = buf;
	return DS_OK;
}

/* ---- systemd -------------------------------------------------------------------------------
 * sd_notify(3) without libsystemd: one datagram to the socket named by
 * NOTIFY_SOCKET ("@" for the abstract namespace). Nothing when unset. */
static void notify_systemd(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa;
	size_t len;
	int fd;
	if (!path || (path[0] != '/' && path[0] != '@') ||
	    (len = strlen(path)) >= sizeof(sa.sun_path))
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, len);
	if (path[0] == '@')
		sa.sun_path[0] = '\0';
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return;
	sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&sa,
	       (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len));
	close(fd);
}

/* room for every connection's socket: the soft limit raised towards the
 * hard one (a unit may set LimitNOFILE=) */
static void room_for_sockets(void)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)COUNTY_MAX_CONNECTIONS * LISTEN_MAX + 256;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max < want ? rl.rlim_max : want;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int county_serve(ds_store *s, const char *where, const county_serve_opts *o,
                 ds_error *err)
{
	struct MHD_Daemon *d[LISTEN_MAX] = {0};
	int fds[LISTEN_MAX], nfd = 0, nd = 0, rc = 1;
	char *cert = NULL, *key = NULL;
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
	                 MHD_USE_POLL | MHD_USE_ERROR_LOG;
	server sv;
	memset(&sv, 0, sizeof(sv));
	if (o && (o->tls_cert || o->tls_key)) {
		if (!o->tls_cert || !*o->tls_cert) {
			ds_fail(err, DS_EUSAGE, "tls_cert", N_("is needed with a key"));
			return 1;
		}
		if (!o->tls_key || !*o->tls_key) {
			ds_fail(err, DS_EUSAGE, "tls_key", N_("is needed with a certificate"));
			return 1;
		}
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			ds_fail(err, DS_ESYSTEM, "tls_cert",
			        N_("this libmicrohttpd was built without TLS"));
			return 1;
		}
		if (read_pem(o->tls_cert, "tls_cert", "CERTIFICATE", &cert, err) ||
		    read_pem(o->tls_key, "tls_key", "PRIVATE KEY", &key, err))
			goto out;
		sv.tls = true;
		flags |= MHD_USE_TLS;
	}
	if (open_listen(where, fds, &nfd, err))
		goto out;
	sv.s = s;
	sv.insecure_console = o && o->insecure_console;
	/* a request signed before now could be one seen by an earlier run of
	 * the server, whose nonces are gone */
	sv.started = unix_now();
	sv.request_seconds = o && o->request_seconds ? o->request_seconds
	                                             : COUNTY_REQUEST_SECONDS;
	atomic_init(&sv.inflight, 0);
	atomic_init(&sv.serving, false);
	pthread_mutex_init(&sv.store_lock, NULL);
	pthread_mutex_init(&sv.conns_lock, NULL);
	pthread_mutex_init(&sv.log_lock, NULL);
	if (!(sv.nonces = county_nonces_new(COUNTY_NONCES))) {
		ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out_locks;
	}
	/* the console, sharing the store and its lock; freed after the
	 * daemons stop */
	{
		county_console_opts co = {sv.tls, o ? o->console.session_seconds : 0};
		if (!(sv.console = county_console_new(s, &sv.store_lock, &co))) {
			ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			goto out_daemons;
		}
	}
	room_for_sockets();
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	for (nd = 0; nd < nfd; nd++) {
		/* the certificate and key for HTTPS; nothing more for plain HTTP */
		struct MHD_OptionItem tls[] = {
			{MHD_OPTION_HTTPS_MEM_CERT, 0, cert},
			{MHD_OPTION_HTTPS_MEM_KEY, 0, key},
			{MHD_OPTION_END, 0, NULL},
		};
		d[nd] = MHD_start_daemon(flags, 0, NULL, NULL, handle, &sv,
		                         MHD_OPTION_EXTERNAL_LOGGER, mhd_log, &sv,
		                         MHD_OPTION_LISTEN_SOCKET, fds[nd],
		                         MHD_OPTION_ARRAY, sv.tls ? tls : tls + 2,
		                         MHD_OPTION_NOTIFY_COMPLETED, completed, &sv,
		                         MHD_OPTION_NOTIFY_CONNECTION, notify, &sv,
		                         MHD_OPTION_CONNECTION_LIMIT,
		                         (unsigned)COUNTY_MAX_CONNECTIONS,
		                         MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		                         (unsigned)COUNTY_MAX_PER_ADDRESS,
		                         MHD_OPTION_CONNECTION_TIMEOUT,
		                         (unsigned)COUNTY_IDLE_SECONDS,
		                         MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		                         (size_t)COUNTY_CONNECTION_MEMORY, MHD_OPTION_END);
		if (!d[nd]) {
			if (sv.tls)
				ds_fail(err, DS_EINPUT, "tls_cert",
				        N_("the certificate and key were not accepted: %s"),
				        sv.why[0] ? sv.why : "?");
			else
				ds_fail(err, DS_ESYSTEM, "listen", N_("the server could not start: %s"),
				        sv.why[0] ? sv.why : "?");
			goto out_daemons;
		}
	}
	atomic_store(&sv.serving, true);
	fprintf(stderr, "doorstep-county: serving on %s%s\n", where, sv.tls ? " (https)" : "");
	fflush(stderr);
	notify_systemd("READY=1");
	while (!stop) {
		sleep(1); /* a signal ends it early */
		sweep(&sv);
	}
	notify_systemd("STOPPING=1");
	rc = 0;
out_daemons:
	for (int i = 0; i < nd; i++)
		MHD_stop_daemon(d[i]);
	county_console_free(sv.console);
	county_nonces_free(&sv.nonces);
out_locks:
	pthread_mutex_destroy(&sv.store_lock);
	pthread_mutex_destroy(&sv.conns_lock);
	pthread_mutex_destroy(&sv.log_lock);
out:
	/* MHD closes a listening socket it was given when it stops */
	for (int i = nd; i < nfd; i++)
		close(fds[i]);
	if (key) {
		sodium_memzero(key, strlen(key));
		free(key);
	}
	free(cert);
	return rc;
}
