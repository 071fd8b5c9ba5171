/* http.h — the county server over HTTP or HTTPS (libmicrohttpd): devices
 * POST a bundle to /bundle and get the signed receipt back, and GET their
 * bundles from /down/ with a signed request; every other path is the
 * office console's. */
#ifndef SYNC_COUNTY_HTTP_H
#define SYNC_COUNTY_HTTP_H

#include <stdbool.h>

#include "store/store.h"
#include "sync/county/console.h"

typedef struct {
	/* a connection's whole life, in seconds; 0: COUNTY_REQUEST_SECONDS
	 * (limits.h). Shorter only for tests. */
	unsigned request_seconds;
	county_console_opts console; /* the web console's (console.h) */
	/* PEM files of the certificate (its chain) and its private key:
	 * HTTPS when both are given; NULL for plain HTTP */
	const char *tls_cert, *tls_key;
	/* the console over plain HTTP to other computers than this one */
	bool insecure_console;
} county_serve_opts;

/* Serves on listen (HOST:PORT, [IPV6]:PORT; a name is resolved and every
 * address of it served) until SIGINT or SIGTERM, a thread a connection,
 * every use of the store under one lock (o may be NULL). Tells systemd
 * when ready and when stopping (NOTIFY_SOCKET). One log line a request
 * and a bundle on standard error. Non-zero with err set when it cannot
 * start: err names listen, tls-cert or tls-key. */
int county_serve(ds_store *s, const char *listen, const county_serve_opts *o,
                 ds_error *err);

#endif
