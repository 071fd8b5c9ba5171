/* net.c — HTTP to the county (net.h). */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/crypto.h"
#include "sync/bundle.h"
#include "sync/net.h"

/* a receipt, or one downlink bundle */
#define MAX_ANSWER (SYNC_MAX_PAYLOAD + 8192)

typedef struct {
	char *buf;
	size_t len, cap;
	bool too_big;
} answer;

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
	answer *a = ctx;
	size_t add = size * n;
	if (a->len + add + 1 > MAX_ANSWER) {
		a->too_big = true;
		return 0;
	}
	if (a->len + add + 1 > a->cap) {
		size_t nc = a->cap ? a->cap * 2 : 4096;
		char *nb;
		while (nc < a->len + add + 1)
			nc *= 2;
		if (!(nb = realloc(a->buf, nc)))
			return 0;
		a->buf = nb;
		a->cap = nc;
	}
	memcpy(a->buf + a->len, p, add);
	a->len += add;
	a->buf[a->len] = '\0';
	return add;
}

/* Progress of the upload, or of the download when nothing goes up. */
static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow,
                       curl_off_t ultotal, curl_off_t ulnow)
{
	const sync_net_opts *o = ctx;
	if (o && o->progress && ultotal > 0)
		o->progress(o->ctx, (size_t)ulnow, (size_t)ultotal);
	else if (o && o->progress && ultotal <= 0 && dltotal > 0)
		o->progress(o->ctx, (size_t)dlnow, (size_t)dltotal);
	return 0;
}

struct sync_net_conn {
	CURL *curl;
	long connects;
};

static bool started;

static void start(void)
{
	if (!started) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		started = true;
	}
}

sync_net_conn *sync_net_conn_open(void)
{
	sync_net_conn *c;
	start();
	if (!(c = calloc(1, sizeof(*c))))
		return NULL;
	if (!(c->curl = curl_easy_init())) {
		free(c);
		return NULL;
	}
	return c;
}

void sync_net_conn_close(sync_net_conn **c)
{
	if (!c || !*c)
		return;
	curl_easy_cleanup((*c)->curl);
	free(*c);
	*c = NULL;
}

long sync_net_conn_connects(const sync_net_conn *c)
{
	return c ? c->connects : 0;
}

/* ---- bundle k of n ------------------------------------------------------- */

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void sync_meter_begin(sync_meter *m, size_t bundles, uint64_t total)
{
	memset(m, 0, sizeof(*m));
	m->p.bundles = bundles;
	m->p.left = total;
	m->total = total;
	m->t0_ms = -1;
}

void sync_meter_next(sync_meter *m, size_t k)
{
	m->p.bundle = k;
}

const sync_progress *sync_meter_at(sync_meter *m, uint64_t now, uint64_t size)
{
	int64_t ms;
	if (m->t0_ms < 0)
		m->t0_ms = now_ms();
	ms = now_ms() - m->t0_ms;
	m->p.done = m->before + now;
	if (m->total)
		m->p.left = m->total > m->p.done ? m->total - m->p.done : 0;
	else
		m->p.left = size > now ? size - now : 0;
	m->p.rate = ms >= 1000 ? m->p.done * 1000u / (uint64_t)ms : 0;
	return &m->p;
}

const sync_progress *sync_meter_done(sync_meter *m, uint64_t size)
{
	const sync_progress *p = sync_meter_at(m, size, size);
	m->before += size;
	return p;
}

static ds_status request(const char *base_url, const char *path,
                         const unsigned char *body, size_t len, bool post,
                         const sync_http_headers *headers, const sync_net_opts *o, long *code, char **resp,
                         size_t *rlen, ds_error *err)
{
	sync_net_opts def = {0};
	char url[2048], why[CURL_ERROR_SIZE] = "";
	int attempts;
	long delay_ms = 500;
	*code = 0;
	*resp = NULL;
	*rlen = 0;
	if (!o)
		o = &def;
	attempts = o->attempts > 0 ? o->attempts : 4;
	start();
	snprintf(url, sizeof(url), "%s%s%s", base_url,
	         base_url[0] && base_url[strlen(base_url) - 1] == '/' ? "" : "",
	         path[0] == '/' && base_url[0] && base_url[strlen(base_url) - 1] == '/'
	                 ? path + 1 : path);
	for (int i = 0; i < attempts; i++) {
		/* a kept handle is reset to its defaults, its connection, TLS
		 * session and name cache kept */
		CURL *c = o->conn ? o->conn->curl : curl_easy_init();
		struct curl_slist *h = NULL;
		answer a = {0};
		CURLcode rc;
		if (!c)
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		if (o->conn)
			curl_easy_reset(c);
		curl_easy_setopt(c, CURLOPT_URL, url);
		if (post) {
			h = curl_slist_append(h, "Content-Type: application/octet-stream");
			h = curl_slist_append(h, "Expect:");
			curl_easy_setopt(c, CURLOPT_POST, 1L);
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, (const char *)body);
			curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
		}
		if (headers) {
			char lines[SYNC_HTTP_HEADERS][SYNC_HTTP_HEADER_LINE];
			size_t nl = 0;
			ds_status st = headers->make(headers->ctx, lines, &nl, err);
			for (size_t k = 0; !st && k < nl && k < SYNC_HTTP_HEADERS; k++)
				h = curl_slist_append(h, lines[k]);
			if (st) {
				curl_slist_free_all(h);
				if (!o->conn)
					curl_easy_cleanup(c);
				return st;
			}
		}
		if (h)
			curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, &a);
		curl_easy_setopt(c, CURLOPT_ERRORBUFFER, why);
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
		                 o->connect_timeout_s > 0 ? o->connect_timeout_s : 10L);
		curl_easy_setopt(c, CURLOPT_TIMEOUT,
		                 o->transfer_timeout_s > 0 ? o->transfer_timeout_s : 300L);
		/* TLS is verified for https (libcurl's default, said here so it
		 * stays so); http_proxy and friends come from the environment */
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
		if (o->ca_file && *o->ca_file)
			curl_easy_setopt(c, CURLOPT_CAINFO, o->ca_file);
		curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		if (o->max_send_rate > 0)
			curl_easy_setopt(c, CURLOPT_MAX_SEND_SPEED_LARGE,
			                 (curl_off_t)o->max_send_rate);
		if (o->progress) {
			curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
			curl_easy_setopt(c, CURLOPT_XFERINFODATA, (void *)o);
			curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
		}
		rc = curl_easy_perform(c);
		if (rc == CURLE_OK)
			curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, code);
		if (o->conn) {
			long made = 0;
			if (curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &made) == CURLE_OK)
				o->conn->connects += made;
			/* the slist and the error buffer are ours: forget them */
			curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
			curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
		}
		curl_slist_free_all(h);
		if (!o->conn)
			curl_easy_cleanup(c);
		if (rc == CURLE_OK && *code < 500) {
			if (a.too_big) {
				free(a.buf);
				return ds_fail(err, DS_EDAMAGED, url, N_("the county's answer is too large"));
			}
			*resp = a.buf ? a.buf : calloc(1, 1);
			*rlen = a.len;
			return DS_OK;
		}
		free(a.buf);
		if (rc == CURLE_OK)
			snprintf(why, sizeof(why), "HTTP %ld", *code);
		else if (!why[0])
			snprintf(why, sizeof(why), "%s", curl_easy_strerror(rc));
		/* a certificate nobody vouches for: not the county, or not
		 * provably; waiting will not mend it */
		if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE)
			return ds_fail(err, DS_EUNREACH, base_url,
			               N_("the server could not prove it is the county (its certificate is not trusted); nothing was sent: %s"),
			               why);
		/* nor will address errors */
		if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL)
			break;
		if (i + 1 < attempts) {
			/* exponential backoff with jitter, so a hundred laptops
			 * coming back online do not knock together */
			uint32_t j;
			store_random(&j, sizeof(j));
			usleep((useconds_t)(delay_ms * 1000 + j % (uint32_t)(delay_ms * 1000)));
			delay_ms *= 2;
		}
	}
	return ds_fail(err, DS_EUNREACH, base_url, N_("the county cannot be reached: %s"), why);
}

ds_status sync_http_post(const char *base_url, const char *path,
                         const unsigned char *body, size_t len,
                         const sync_net_opts *o, long *code, char **resp,
                         size_t *rlen, ds_error *err)
{
	return request(base_url, path, body, len, true, NULL, o, code, resp, rlen, err);
}

ds_status sync_http_get(const char *base_url, const char *path,
                        const sync_http_headers *headers, const sync_net_opts *o,
                        long *code, char **resp, size_t *rlen, ds_error *err)
{
	return request(base_url, path, NULL, 0, false, headers, o, code, resp, rlen,
	               err);
}
