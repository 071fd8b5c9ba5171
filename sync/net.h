/* net.h — sending a bundle to the county over HTTP(S) with libcurl:
 * connect and transfer timeouts, retries with exponential backoff and
 * jitter, http_proxy honoured, TLS verified for https. Re-sending a whole
 * bundle is safe: the county acknowledges one it has again. */
#ifndef SYNC_NET_H
#define SYNC_NET_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/* The names laptop and county share over HTTP, declared once here; the
 * county's server (sync/county/http.c), the laptop's push and pull
 * (sync/device.c) and the interface's background sync use these. */
#define SYNC_HTTP_PING "/ping"              /* GET: is the county there */
#define SYNC_HTTP_BUNDLE "/bundle"          /* POST a bundle, a receipt back */
#define SYNC_HTTP_DOWN "/down/"             /* GET /down/<device hex>/<number> */
#define SYNC_HTTP_REQUEST "Doorstep-Request"     /* the signed download request */
#define SYNC_HTTP_SIGNATURE "Doorstep-Signature" /* ... and its signature */

/* One libcurl handle kept across the requests of a push or a pull, so
 * that they share one connection and one TLS handshake (libcurl keeps
 * the connection open between them while the county does, and the TLS
 * session besides). Not for two threads at once. */
typedef struct sync_net_conn sync_net_conn;

/* NULL when out of memory. */
sync_net_conn *sync_net_conn_open(void);
/* Closes the connection and frees it; *c becomes NULL. */
void sync_net_conn_close(sync_net_conn **c);
/* The connections it has opened so far (1 when every request went over
 * the first; a county that closes between requests makes more). */
long sync_net_conn_connects(const sync_net_conn *c);

/* Where a push or a pull has got to: bundle k of n, the bytes sent (or
 * received) and left, and the rate so far. */
typedef struct {
	size_t bundle;       /* k, from 1 */
	size_t bundles;      /* n; 0 when not known ahead (a pull) */
	uint64_t done;       /* bytes of every bundle so far, this one's part included */
	uint64_t left;       /* bytes still to go: of every bundle left (a push),
	                        of this bundle (a pull, once its size is known) */
	uint64_t rate;       /* bytes a second since the first byte; 0 before 1 s */
} sync_progress;

/* Counts bundle k of n from the transfers' progress, for push and pull
 * and the interface's sync alike. */
typedef struct {
	sync_progress p;
	uint64_t before;   /* bytes of the bundles done */
	uint64_t total;    /* of them all; 0: not known (a pull) */
	int64_t t0_ms;     /* the first byte's time, monotonic; -1 before */
} sync_meter;

void sync_meter_begin(sync_meter *m, size_t bundles, uint64_t total);
/* Bundle k (from 1) begins. */
void sync_meter_next(sync_meter *m, size_t k);
/* now of size bytes of this bundle have gone: where the whole is. */
const sync_progress *sync_meter_at(sync_meter *m, uint64_t now, uint64_t size);
/* This bundle is done, size bytes: where the whole is. */
const sync_progress *sync_meter_done(sync_meter *m, uint64_t size);

typedef struct {
	int attempts;             /* 0: the default (4) */
	long connect_timeout_s;   /* 0: 10 s */
	long transfer_timeout_s;  /* 0: 300 s */
	long max_send_rate;       /* bytes a second on a metered line; 0: no limit */
	/* progress of a large transfer (sent, total bytes); NULL for none */
	void (*progress)(void *ctx, size_t sent, size_t total);
	void *ctx;
	/* a PEM file of the certificate(s) to trust for an https:// county
	 * (its own self-made certificate, or the office's CA) instead of the
	 * system's; NULL: the system's */
	const char *ca_file;
	/* the handle to send over (sync_net_conn_open); NULL: a handle of
	 * its own for each request (push and pull open one for all their
	 * bundles when none is given) */
	sync_net_conn *conn;
	/* bundle k of n, as push and pull go (sync_progress); NULL for none */
	void (*bundle)(void *ctx, const sync_progress *p);
	void *bundle_ctx;
} sync_net_opts;

/* POSTs body to base_url + path. *code receives the HTTP status and *resp
 * the answer (malloc'd, NUL-terminated). DS_EUNREACH when the county could
 * not be reached after every attempt (the message says why). */
ds_status sync_http_post(const char *base_url, const char *path,
                         const unsigned char *body, size_t len,
                         const sync_net_opts *o, long *code, char **resp,
                         size_t *rlen, ds_error *err);

/* Extra header lines for a request, made afresh for every attempt (a
 * signed request carries its own time and nonce, and the county refuses
 * one it has seen). make writes up to SYNC_HTTP_HEADERS lines, each
 * "Name: value", and their number in *n. */
#define SYNC_HTTP_HEADERS 4
#define SYNC_HTTP_HEADER_LINE 192
typedef struct {
	ds_status (*make)(void *ctx, char lines[SYNC_HTTP_HEADERS][SYNC_HTTP_HEADER_LINE],
	                  size_t *n, ds_error *err);
	void *ctx;
} sync_http_headers;

/* GETs base_url + path, likewise, with the header lines h makes (h may
 * be NULL); an error making them is returned as it is. */
ds_status sync_http_get(const char *base_url, const char *path,
                        const sync_http_headers *h, const sync_net_opts *o,
                        long *code, char **resp, size_t *rlen, ds_error *err);

#endif
