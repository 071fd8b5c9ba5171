/* http.h — the county server over HTTP (libmicrohttpd): devices POST a
 * bundle to /bundle and get the signed receipt back, and GET their
 * bundles from /down/ with a signed request. */
#ifndef SYNC_COUNTY_HTTP_H
#define SYNC_COUNTY_HTTP_H

#include "store/store.h"
#include "sync/county/console.h"

typedef struct {
	/* a connection's whole life, in seconds; 0: COUNTY_REQUEST_SECONDS
	 * (limits.h). Shorter only for tests. */
	unsigned request_seconds;
	county_console_opts console; /* the web console's (console.h) */
} county_serve_opts;

/* Serves on host:port until SIGINT or SIGTERM, a thread a connection,
 * every use of the store under one lock (o may be NULL). Non-zero with
 * err set when it cannot start. */
int county_serve(ds_store *s, const char *listen, const county_serve_opts *o,
                 ds_error *err);

#endif
