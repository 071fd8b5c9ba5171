/* console.h — the county's web console, served by doorstep-county serve
 * beside the sync endpoints: plain server-rendered HTML for the county
 * office (no JavaScript), in Chinese and English, behind office accounts
 * (store/office.h), sessions and one table of what each role may do
 * (core/office.h). This is the hook the HTTP server (http.c) calls; how a
 * page is written and added is in console_int.h and CONSOLE.md. */
#ifndef SYNC_COUNTY_CONSOLE_H
#define SYNC_COUNTY_CONSOLE_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

typedef struct county_console county_console;

typedef struct {
	bool tls;                /* served over HTTPS: cookies get Secure */
	int64_t session_seconds; /* idle expiry; 0: COUNTY_CONSOLE_IDLE_SECONDS */
} county_console_opts;

#define COUNTY_CONSOLE_IDLE_SECONDS (30 * 60)
#define COUNTY_CONSOLE_ABSOLUTE_SECONDS (10 * 60 * 60) /* a working day */
#define COUNTY_WHO_MAX 64

/* The console over the county's store s, every use of it under store_lock
 * (o may be NULL). NULL when out of memory. Sessions live in memory: a
 * restart of the server logs everyone out. */
county_console *county_console_new(ds_store *s, pthread_mutex_t *store_lock,
                                   const county_console_opts *o);
void county_console_free(county_console *cc);

/* One call per MHD access-handler call for a console path (every path
 * but /bundle, /down/..., /ping): same contract as an MHD access
 * handler. *req is the console's own per-request pointer (starts NULL);
 * who (COUNTY_WHO_MAX bytes) gets the office user's name, if any, for
 * the server's log line; http.c calls county_console_done(cc, *req)
 * when the request completes, which gives the HTTP status the console
 * answered with (0 when it did not answer), for the same line. */
enum MHD_Result county_console_request(county_console *cc,
                                       struct MHD_Connection *c,
                                       const char *method, const char *url,
                                       const char *upload_data,
                                       size_t *upload_data_size, void **req,
                                       char *who);
unsigned county_console_done(county_console *cc, void *req);

/* Whether a path's first part ("households" of /households?x=1, "" of /)
 * is one of the console's routes, for the server's log line: anything
 * else could be what someone typed, a name or an ID number. */
bool county_console_known(const char *first);

#endif
