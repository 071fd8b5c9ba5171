/* http.c — the county server over HTTP. One thread takes requests one
 * after another, so the store sees one writer; a bundle is read whole
 * (up to the bundle size limit) before it is looked at. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sync/county/county.h"
#include "sync/county/http.h"

#define MAX_UPLOAD (SYNC_MAX_PAYLOAD + 8192)

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

typedef struct {
	unsigned char *buf;
	size_t len, cap;
	bool too_big;
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

/* HTTP status for a refusal, and the exit status in a header the device
 * turns back into its own. */
static unsigned http_code(ds_status st)
{
	switch (st) {
	case DS_EPERM:
		return MHD_HTTP_FORBIDDEN;
	case DS_ESTALE:
		return MHD_HTTP_CONFLICT;
	case DS_ESYSTEM:
		return MHD_HTTP_INTERNAL_SERVER_ERROR;
	default:
		return MHD_HTTP_UNPROCESSABLE_CONTENT;
	}
}

/* GET /down/<device hex>/<number>: the county's bundle for a device;
 * 204 when there is nothing new. Only that device can open it. */
static enum MHD_Result down(ds_store *s, struct MHD_Connection *c,
                            const char *rest)
{
	unsigned char device[SYNC_DEVICE_BYTES], *bytes = NULL;
	char hex[2 * SYNC_DEVICE_BYTES + 1], msg[512], *end;
	size_t len = 0;
	long long number;
	ds_error err;
	ds_status st;
	enum MHD_Result ret;
	if (strlen(rest) < sizeof(hex) || rest[sizeof(hex) - 1] != '/')
		return reply(c, MHD_HTTP_NOT_FOUND, "not found\n", 10, "text/plain");
	memcpy(hex, rest, sizeof(hex) - 1);
	hex[sizeof(hex) - 1] = '\0';
	number = strtoll(rest + sizeof(hex), &end, 10);
	if (*end || number < 1 || !store_unhex(device, sizeof(device), hex))
		return reply(c, MHD_HTTP_NOT_FOUND, "not found\n", 10, "text/plain");
	st = county_down(s, device, (int64_t)number, &bytes, &len, &err);
	if (st) {
		ds_error_format(&err, msg, sizeof(msg), NULL);
		strncat(msg, "\n", sizeof(msg) - strlen(msg) - 1);
		return reply(c, http_code(st), msg, strlen(msg), "text/plain");
	}
	if (!bytes)
		return reply(c, MHD_HTTP_NO_CONTENT, "", 0, "text/plain");
	ret = reply(c, MHD_HTTP_OK, (const char *)bytes, len, "application/octet-stream");
	free(bytes);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *data,
                              size_t *data_size, void **con_cls)
{
	ds_store *s = cls;
	upload *u = *con_cls;
	(void)version;
	if (!strcmp(method, "GET") && !strcmp(url, "/ping"))
		return reply(c, MHD_HTTP_OK, "doorstep-county\n", 16, "text/plain");
	if (!strcmp(method, "GET") && !strncmp(url, "/down/", 6))
		return down(s, c, url + 6);
	if (strcmp(method, "POST") || strcmp(url, "/bundle"))
		return reply(c, MHD_HTTP_NOT_FOUND, "not found\n", 10, "text/plain");
	if (!u) {
		if (!(u = calloc(1, sizeof(*u))))
			return MHD_NO;
		*con_cls = u;
		return MHD_YES;
	}
	if (*data_size) {
		if (u->len + *data_size > MAX_UPLOAD) {
			u->too_big = true;
		} else if (!u->too_big) {
			if (u->len + *data_size > u->cap) {
				size_t nc = u->cap ? u->cap : 65536;
				unsigned char *nb;
				while (nc < u->len + *data_size)
					nc *= 2;
				if (!(nb = realloc(u->buf, nc)))
					return MHD_NO;
				u->buf = nb;
				u->cap = nc;
			}
			memcpy(u->buf + u->len, data, *data_size);
			u->len += *data_size;
		}
		*data_size = 0;
		return MHD_YES;
	}
	if (u->too_big)
		return reply(c, MHD_HTTP_CONTENT_TOO_LARGE, "bundle: too large\n", 18,
		             "text/plain");
	{
		sync_receipt r;
		bool have = false;
		ds_error err;
		char *text = NULL, msg[1024];
		size_t tlen = 0;
		ds_status st = county_take(s, u->buf, u->len, &r, &have, &err);
		ds_error rerr;
		if (have && !county_receipt_text(s, &r, &text, &tlen, &rerr)) {
			enum MHD_Result ret = reply(c, st ? http_code(st) : MHD_HTTP_OK, text,
			                            tlen, "text/plain");
			free(text);
			return ret;
		}
		if (!st)
			st = rerr.status, err = rerr;
		ds_error_format(&err, msg, sizeof(msg), NULL);
		strncat(msg, "\n", sizeof(msg) - strlen(msg) - 1);
		return reply(c, http_code(st), msg, strlen(msg), "text/plain");
	}
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
	upload *u = *con_cls;
	(void)cls;
	(void)c;
	(void)toe;
	if (u) {
		free(u->buf);
		free(u);
		*con_cls = NULL;
	}
}

int county_serve(ds_store *s, const char *listen, ds_error *err)
{
	struct sockaddr_in addr;
	struct MHD_Daemon *d;
	const char *colon = strrchr(listen, ':');
	char host[64];
	long port;
	char *end;
	if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof(host)) {
		ds_fail(err, DS_EUSAGE, "--listen", N_("give an address and port, e.g. 127.0.0.1:8480"));
		return 1;
	}
	snprintf(host, sizeof(host), "%.*s", (int)(colon - listen), listen);
	port = strtol(colon + 1, &end, 10);
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	if (*end || port < 1 || port > 65535 || inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
		ds_fail(err, DS_EUSAGE, "--listen", N_("give an address and port, e.g. 127.0.0.1:8480"));
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
	                     (uint16_t)port, NULL, NULL, handle, s,
	                     MHD_OPTION_SOCK_ADDR, &addr,
	                     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	                     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
	                     MHD_OPTION_END);
	if (!d) {
		ds_fail(err, DS_ESYSTEM, listen, N_("cannot listen there (in use, or not this computer's address)"));
		return 1;
	}
	fprintf(stderr, "doorstep-county: serving on %s\n", listen);
	while (!stop)
		pause();
	MHD_stop_daemon(d);
	return 0;
}
