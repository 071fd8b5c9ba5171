/* http.c — the county server over HTTP (libmicrohttpd). One thread a
 * connection, so a slow upload never holds up /ping or another laptop;
 * the store has one writer, every use of it under one lock. An upload's
 * head is authenticated as soon as it has come, and nothing more of it
 * is held until then; the rest of an upload that fails there is read and
 * let go, and answered at its end. Every limit is in limits.h. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sync/county/console.h"
#include "sync/county/county.h"
#include "sync/county/http.h"
#include "sync/county/limits.h"
#include "sync/county/nonces.h"

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
	atomic_ullong inflight;       /* bytes counted by uploads, limits.h */
	pthread_mutex_t conns_lock;
	conn *conns;
	county_console *console;      /* every other path (console.h) */
} server;

/* What a connection is doing: a bundle coming, or a console request. */
typedef struct {
	bool console;
	void *req;
} console_ctx;

/* One POST /bundle as it arrives. */
typedef struct {
	bool console;         /* false: this is an upload (console_ctx's first field) */
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

static enum MHD_Result reply(struct MHD_Connection *c, unsigned code,
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
	return ret;
}

static enum MHD_Result reply_text(struct MHD_Connection *c, unsigned code,
                                  const char *text)
{
	return reply(c, code, text, strlen(text), "text/plain");
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

static enum MHD_Result reply_error(struct MHD_Connection *c, const ds_error *err)
{
	char msg[1024];
	ds_error_format(err, msg, sizeof(msg), NULL);
	strncat(msg, "\n", sizeof(msg) - strlen(msg) - 1);
	return reply_text(c, http_code(err->status), msg);
}

static int64_t unix_now(void)
{
	return (int64_t)time(NULL);
}

/* ---- GET /down/<device hex>/<number> --------------------------------------------------
 * The county's bundle for a device, for a request signed by that device
 * (sync/BUNDLE.md): well formed and for this very path, its time within
 * the window and not before the server started, then (under the lock)
 * the device enrolled, not revoked and its signature right, and only
 * then its nonce remembered — so only a device's own requests can fill
 * the set. 204 when there is nothing new. Every refusal is 403 and names
 * no one. */
static enum MHD_Result down(server *sv, struct MHD_Connection *c,
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
		return reply_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
	memcpy(hex, rest, sizeof(hex) - 1);
	hex[sizeof(hex) - 1] = '\0';
	number = strtoll(rest + sizeof(hex), &end, 10);
	if (*end || number < 1 || !store_unhex(device, sizeof(device), hex))
		return reply_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
	if ((st = sync_downreq_parse(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                                         SYNC_HTTP_REQUEST),
	                             MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                                         SYNC_HTTP_SIGNATURE),
	                             &q, &err)) ||
	    (st = sync_downreq_check_time(&q, now, sv->started, &err)))
		return reply_error(c, &err);
	if (memcmp(q.device, device, SYNC_DEVICE_BYTES) || q.number != number) {
		ds_fail(&err, DS_EPERM, "request", N_("not permitted"));
		return reply_error(c, &err);
	}
	pthread_mutex_lock(&sv->store_lock);
	st = county_down_allowed(sv->s, &q, &err);
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
		return reply_text(c, MHD_HTTP_SERVICE_UNAVAILABLE, msg);
	}
	if (st)
		return reply_error(c, &err);
	if (!bytes)
		return reply(c, MHD_HTTP_NO_CONTENT, "", 0, "text/plain");
	ret = reply(c, MHD_HTTP_OK, (const char *)bytes, len, "application/octet-stream");
	free(bytes);
	return ret;
}

/* ---- POST /bundle ------------------------------------------------------------------- */

/* The head has come: who sent it? Nothing more is held unless the sender
 * is an enrolled, not revoked device whose signature verifies, and the
 * bundles arriving together stay within COUNTY_MAX_INFLIGHT. */
static void head_arrived(server *sv, upload *u)
{
	unsigned char sender[SYNC_DEVICE_BYTES];
	uint64_t length = 0, was;
	ds_status st;
	pthread_mutex_lock(&sv->store_lock);
	st = county_head(sv->s, u->head, u->have_head, u->declared, sender, &length,
	                 &u->err);
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

static enum MHD_Result body(server *sv, upload *u, const char *data, size_t n)
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
		head_arrived(sv, u);
		if (!u->authenticated)
			return MHD_YES;
		if (!keep(u, (const char *)u->head, u->have_head))
			return MHD_NO;
	}
	return keep(u, data, n) ? MHD_YES : MHD_NO;
}

static enum MHD_Result bundle_done(server *sv, struct MHD_Connection *c, upload *u)
{
	sync_receipt r;
	bool have = false;
	ds_error err, rerr;
	char *text = NULL;
	size_t tlen = 0;
	ds_status st;
	if (u->refused)
		return reply_error(c, &u->err);
	if (u->busy)
		return reply_text(c, MHD_HTTP_SERVICE_UNAVAILABLE,
		                  "bundle: the county is busy; try again later\n");
	pthread_mutex_lock(&sv->store_lock);
	/* a body shorter than a head is refused here, and not kept */
	st = u->authenticated ? county_take(sv->s, u->buf, u->len, &r, &have, NULL, &err)
	                      : county_take(sv->s, u->head, u->have_head, &r, &have,
	                                    NULL, &err);
	if (have && !county_receipt_text(sv->s, &r, &text, &tlen, &rerr)) {
		enum MHD_Result ret;
		pthread_mutex_unlock(&sv->store_lock);
		ret = reply(c, st ? http_code(st) : MHD_HTTP_OK, text, tlen, "text/plain");
		free(text);
		return ret;
	}
	pthread_mutex_unlock(&sv->store_lock);
	if (!st)
		err = rerr;
	return reply_error(c, &err);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *data,
                              size_t *data_size, void **con_cls)
{
	server *sv = cls;
	upload *u = *con_cls;
	(void)version;
	if (!strcmp(method, "GET") && !strcmp(url, SYNC_HTTP_PING))
		return reply_text(c, MHD_HTTP_OK, "doorstep-county\n");
	if (!strcmp(method, "GET") && !strncmp(url, SYNC_HTTP_DOWN, strlen(SYNC_HTTP_DOWN)))
		return down(sv, c, url + strlen(SYNC_HTTP_DOWN));
	if (strcmp(url, SYNC_HTTP_BUNDLE) && strncmp(url, SYNC_HTTP_DOWN, strlen(SYNC_HTTP_DOWN)) &&
	    strcmp(url, SYNC_HTTP_PING)) {
		/* the console: its own per-request pointer behind a marker */
		console_ctx *k = *con_cls;
		char who[COUNTY_WHO_MAX];
		if (!k) {
			if (!(k = calloc(1, sizeof(*k))))
				return MHD_NO;
			k->console = true;
			*con_cls = k;
		}
		return county_console_request(sv->console, c, method, url, data, data_size,
		                              &k->req, who);
	}
	if (strcmp(method, "POST") || strcmp(url, SYNC_HTTP_BUNDLE))
		return reply_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
	if (!u) {
		/* the headers: a body longer than the largest bundle is refused
		 * before any of it is read */
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		                                             MHD_HTTP_HEADER_CONTENT_LENGTH);
		unsigned long long declared = 0;
		if (cl) {
			char *end;
			declared = strtoull(cl, &end, 10);
			if (*end || cl[0] == '-' || declared > COUNTY_MAX_BODY)
				return reply_text(c, MHD_HTTP_CONTENT_TOO_LARGE,
				                  "bundle: too large\n");
		}
		if (!(u = calloc(1, sizeof(*u))))
			return MHD_NO;
		u->console = false;
		u->declared = declared;
		*con_cls = u;
		return MHD_YES;
	}
	if (*data_size) {
		enum MHD_Result ret = body(sv, u, data, *data_size);
		*data_size = 0;
		return ret;
	}
	return bundle_done(sv, c, u);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
	server *sv = cls;
	upload *u = *con_cls;
	(void)c;
	(void)toe;
	if (u && u->console) {
		console_ctx *k = *con_cls;
		county_console_done(sv->console, k->req);
		free(k);
		*con_cls = NULL;
	} else if (u) {
		if (u->counted)
			atomic_fetch_sub(&sv->inflight, u->counted);
		free(u->buf);
		free(u);
		*con_cls = NULL;
	}
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

int county_serve(ds_store *s, const char *listen, const county_serve_opts *o,
                 ds_error *err)
{
	struct sockaddr_in addr;
	struct MHD_Daemon *d;
	const char *colon = strrchr(listen, ':');
	char host[64];
	long port;
	char *end;
	server sv;
	if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof(host)) {
		ds_fail(err, DS_EUSAGE, "listen", N_("give an address and port, e.g. 127.0.0.1:8480"));
		return 1;
	}
	snprintf(host, sizeof(host), "%.*s", (int)(colon - listen), listen);
	port = strtol(colon + 1, &end, 10);
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	if (*end || port < 1 || port > 65535 || inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
		ds_fail(err, DS_EUSAGE, "listen", N_("give an address and port, e.g. 127.0.0.1:8480"));
		return 1;
	}
	memset(&sv, 0, sizeof(sv));
	sv.s = s;
	/* a request signed before now could be one seen by an earlier run of
	 * the server, whose nonces are gone */
	sv.started = unix_now();
	sv.request_seconds = o && o->request_seconds ? o->request_seconds
	                                             : COUNTY_REQUEST_SECONDS;
	atomic_init(&sv.inflight, 0);
	pthread_mutex_init(&sv.store_lock, NULL);
	pthread_mutex_init(&sv.conns_lock, NULL);
	if (!(sv.nonces = county_nonces_new(COUNTY_NONCES)) ||
	    !(sv.console = county_console_new(s, &sv.store_lock, o ? &o->console : NULL))) {
		county_nonces_free(&sv.nonces);
		ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
	                             MHD_USE_POLL | MHD_USE_ERROR_LOG,
	                     (uint16_t)port, NULL, NULL, handle, &sv,
	                     MHD_OPTION_SOCK_ADDR, &addr,
	                     MHD_OPTION_NOTIFY_COMPLETED, completed, &sv,
	                     MHD_OPTION_NOTIFY_CONNECTION, notify, &sv,
	                     MHD_OPTION_CONNECTION_LIMIT, (unsigned)COUNTY_MAX_CONNECTIONS,
	                     MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	                     (unsigned)COUNTY_MAX_PER_ADDRESS,
	                     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)COUNTY_IDLE_SECONDS,
	                     MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	                     (size_t)COUNTY_CONNECTION_MEMORY,
	                     MHD_OPTION_END);
	if (!d) {
		county_nonces_free(&sv.nonces);
		county_console_free(sv.console);
		ds_fail(err, DS_ESYSTEM, listen, N_("cannot listen there (in use, or not this computer's address)"));
		return 1;
	}
	fprintf(stderr, "doorstep-county: serving on %s\n", listen);
	while (!stop) {
		sleep(1); /* a signal ends it early */
		sweep(&sv);
	}
	MHD_stop_daemon(d);
	county_nonces_free(&sv.nonces);
	county_console_free(sv.console);
	pthread_mutex_destroy(&sv.store_lock);
	pthread_mutex_destroy(&sv.conns_lock);
	return 0;
}
