/* http.h — the county server over HTTP (libmicrohttpd): devices POST a
 * bundle to /bundle and get the signed receipt back. */
#ifndef SYNC_COUNTY_HTTP_H
#define SYNC_COUNTY_HTTP_H

#include "store/store.h"

/* Serves on host:port until SIGINT or SIGTERM; requests are taken one at
 * a time (one store handle). Non-zero with err set when it cannot start. */
int county_serve(ds_store *s, const char *listen, ds_error *err);

#endif
