/* net.h — sending a bundle to the county over HTTP(S) with libcurl:
 * connect and transfer timeouts, retries with exponential backoff and
 * jitter, http_proxy honoured, TLS verified for https. Re-sending a whole
 * bundle is safe: the county acknowledges one it has again. */
#ifndef SYNC_NET_H
#define SYNC_NET_H

#include <stddef.h>

#include "core/status.h"

/* The names laptop and county share over HTTP, declared once here; the
 * county's server (sync/county/http.c), the laptop's push and pull
 * (sync/device.c) and the interface's background sync use these. */
#define SYNC_HTTP_PING "/ping"              /* GET: is the county there */
#define SYNC_HTTP_BUNDLE "/bundle"          /* POST a bundle, a receipt back */
#define SYNC_HTTP_DOWN "/down/"             /* GET /down/<device hex>/<number> */
#define SYNC_HTTP_REQUEST "Doorstep-Request"     /* the signed download request */
#define SYNC_HTTP_SIGNATURE "Doorstep-Signature" /* ... and its signature */

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
