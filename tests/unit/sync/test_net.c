/* test_net.c — sync/net.c against a small HTTP server in this process:
 * the requests of one kept handle (sync_net_conn) share one connection,
 * each answered whole; requests without one open a connection each; the
 * transfer's progress reaches the caller for an upload and a download. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <microhttpd.h>

#include "sync/net.h"

typedef struct {
	struct MHD_Daemon *d;
	char url[64];
	int connections; /* accepted so far */
	int requests;    /* answered so far */
} server;

/* each request: its body's length */
typedef struct {
	size_t got;
} req;

static void notify(void *cls, struct MHD_Connection *c, void **socket_context,
                   enum MHD_ConnectionNotificationCode code)
{
	server *sv = cls;
	(void)c;
	(void)socket_context;
	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		__atomic_add_fetch(&sv->connections, 1, __ATOMIC_SEQ_CST);
}

static void done(void *cls, struct MHD_Connection *c, void **con_cls,
                 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	free(*con_cls);
	*con_cls = NULL;
}

/* POST: "got N" (the body's length); GET: 200 KiB of 'd'. */
static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version,
                              const char *data, size_t *size, void **con_cls)
{
	server *sv = cls;
	req *r = *con_cls;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char text[64];
	(void)url;
	(void)version;
	(void)data;
	if (!r) {
		if (!(r = calloc(1, sizeof(*r))))
			return MHD_NO;
		*con_cls = r;
		return MHD_YES;
	}
	if (*size) {
		r->got += *size;
		*size = 0;
		return MHD_YES;
	}
	__atomic_add_fetch(&sv->requests, 1, __ATOMIC_SEQ_CST);
	if (!strcmp(method, "GET")) {
		char *big = malloc(200 * 1024);
		if (!big)
			return MHD_NO;
		memset(big, 'd', 200 * 1024);
		resp = MHD_create_response_from_buffer(200 * 1024, big,
		                                       MHD_RESPMEM_MUST_FREE);
	} else {
		snprintf(text, sizeof(text), "got %zu", r->got);
		resp = MHD_create_response_from_buffer(strlen(text), text,
		                                       MHD_RESPMEM_MUST_COPY);
	}
	ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

static int setup(void **state)
{
	server *sv = calloc(1, sizeof(*sv));
	const union MHD_DaemonInfo *info;
	if (!sv)
		return -1;
	sv->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
	                         0, NULL, NULL, handle, sv,
	                         MHD_OPTION_NOTIFY_CONNECTION, notify, sv,
	                         MHD_OPTION_NOTIFY_COMPLETED, done, NULL,
	                         MHD_OPTION_END);
	if (!sv->d || !(info = MHD_get_daemon_info(sv->d, MHD_DAEMON_INFO_BIND_PORT)))
		return -1;
	snprintf(sv->url, sizeof(sv->url), "http://127.0.0.1:%u", info->port);
	*state = sv;
	return 0;
}

static int teardown(void **state)
{
	server *sv = *state;
	MHD_stop_daemon(sv->d);
	free(sv);
	return 0;
}

static void post(server *sv, sync_net_opts *o, size_t len)
{
	unsigned char *body = calloc(1, len ? len : 1);
	char *resp = NULL, want[64];
	size_t rlen = 0;
	long code = 0;
	assert_non_null(body);
	assert_int_equal(sync_http_post(sv->url, "/bundle", body, len, o, &code,
	                                &resp, &rlen, NULL),
	                 DS_OK);
	assert_int_equal(code, 200);
	snprintf(want, sizeof(want), "got %zu", len);
	assert_string_equal(resp, want);
	free(resp);
	free(body);
}

static void test_kept_handle_one_connection(void **state)
{
	server *sv = *state;
	sync_net_opts o;
	char *resp = NULL;
	size_t rlen = 0;
	long code = 0;
	int before = sv->connections;
	memset(&o, 0, sizeof(o));
	o.conn = sync_net_conn_open();
	assert_non_null(o.conn);
	post(sv, &o, 10);
	post(sv, &o, 300 * 1024);
	assert_int_equal(sync_http_get(sv->url, "/down/x/1", NULL, &o, &code, &resp,
	                               &rlen, NULL),
	                 DS_OK);
	assert_int_equal(code, 200);
	assert_int_equal(rlen, 200 * 1024);
	free(resp);
	post(sv, &o, 0);
	assert_int_equal(sv->connections - before, 1);
	assert_int_equal(sync_net_conn_connects(o.conn), 1);
	sync_net_conn_close(&o.conn);
	assert_null(o.conn);
	sync_net_conn_close(&o.conn); /* twice is harmless */
}

static void test_no_handle_a_connection_each(void **state)
{
	server *sv = *state;
	int before = sv->connections;
	post(sv, NULL, 10);
	post(sv, NULL, 20);
	post(sv, NULL, 30);
	assert_int_equal(sv->connections - before, 3);
	assert_int_equal(sync_net_conn_connects(NULL), 0);
}

typedef struct {
	size_t calls, last, total;
} seen;

static void on_xfer(void *ctx, size_t now, size_t total)
{
	seen *s = ctx;
	s->calls++;
	s->last = now;
	s->total = total;
}

static void test_progress_up_and_down(void **state)
{
	server *sv = *state;
	sync_net_opts o;
	seen up = {0}, down = {0};
	char *resp = NULL;
	size_t rlen = 0;
	long code = 0;
	memset(&o, 0, sizeof(o));
	o.conn = sync_net_conn_open();
	o.progress = on_xfer;
	o.ctx = &up;
	post(sv, &o, 300 * 1024);
	assert_true(up.calls > 0);
	assert_int_equal(up.total, 300 * 1024);
	assert_int_equal(up.last, 300 * 1024);
	o.ctx = &down;
	assert_int_equal(sync_http_get(sv->url, "/down/x/1", NULL, &o, &code, &resp,
	                               &rlen, NULL),
	                 DS_OK);
	free(resp);
	assert_true(down.calls > 0);
	assert_int_equal(down.total, 200 * 1024);
	assert_int_equal(down.last, 200 * 1024);
	sync_net_conn_close(&o.conn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kept_handle_one_connection),
		cmocka_unit_test(test_no_handle_a_connection_each),
		cmocka_unit_test(test_progress_up_and_down),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
