/* net.h — sending a bundle to the county over HTTP(S) with libcurl:
 * connect and transfer timeouts, retries with exponential backoff and
 * jitter, http_proxy honoured, TLS verified for https. Re-sending a whole
 * bundle is safe: the county acknowledges one it has again. */
#ifndef SYNC_NET_H
#define SYNC_NET_H

#include <stddef.h>

#include "core/status.h"

typedef struct {
	int attempts;             /* 0: the default (4) */
	long connect_timeout_s;   /* 0: 10 s */
	long transfer_timeout_s;  /* 0: 300 s */
	long max_send_rate;       /* bytes a second on a metered line; 0: no limit */
	/* progress of a large transfer (sent, total bytes); NULL for none */
	void (*progress)(void *ctx, size_t sent, size_t total);
	void *ctx;
} sync_net_opts;

/* POSTs body to base_url + path. *code receives the HTTP status and *resp
 * the answer (malloc'd, NUL-terminated). DS_EUNREACH when the county could
 * not be reached after every attempt (the message says why). */
ds_status sync_http_post(const char *base_url, const char *path,
                         const unsigned char *body, size_t len,
                         const sync_net_opts *o, long *code, char **resp,
                         size_t *rlen, ds_error *err);

/* GETs base_url + path, likewise. */
ds_status sync_http_get(const char *base_url, const char *path,
                        const sync_net_opts *o, long *code, char **resp,
                        size_t *rlen, ds_error *err);

#endif
