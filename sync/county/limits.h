/* limits.h — every limit of the county server, in one place: what it keeps
 * aside, how much it reads, how many connections it serves and for how
 * long. README ("Sync with the county") and sync/BUNDLE.md say the same
 * in words; change them together. */
#ifndef SYNC_COUNTY_LIMITS_H
#define SYNC_COUNTY_LIMITS_H

#include "sync/bundle.h"

/* ---- kept aside (county_quarantine) ----------------------------------------
 * Only bundles whose sender was authenticated (an enrolled, not revoked
 * device's signature verified) are ever kept: those refused for a reason
 * of their own, and those held for an earlier bundle. Anything that fails
 * before that is answered and dropped. Beyond these caps a bundle is
 * answered with its refusal, saying it was not kept; a held one is sent
 * again by the laptop after the bundle it waits for. Four bundles of the
 * largest size fit one device; a county of a few hundred laptops keeps a
 * few of each. */
#define COUNTY_ASIDE_DEVICE_COUNT 32
#define COUNTY_ASIDE_DEVICE_BYTES (1024ULL * 1024 * 1024)        /* 1 GiB */
#define COUNTY_ASIDE_TOTAL_COUNT 2048
#define COUNTY_ASIDE_TOTAL_BYTES (4ULL * 1024 * 1024 * 1024)     /* 4 GiB */

/* ---- reading a request -------------------------------------------------------
 * The largest body: the largest bundle. A Content-Length above it is
 * answered 413 before any of the body is read; a body without one
 * (chunked) is cut there. */
#define COUNTY_MAX_BODY (SYNC_STREAM_AT + SYNC_MAX_PAYLOAD)
/* Bytes of bundles held in memory while they arrive, over all uploads
 * together, counted from each bundle's own size once its sender is
 * authenticated (nothing is held for one that is not): a laptop beyond it
 * is answered 503 and sends again later (libcurl's retries). */
#define COUNTY_MAX_INFLIGHT (1024ULL * 1024 * 1024)              /* 1 GiB */

/* ---- connections (libmicrohttpd's own options, and our deadline) ------------
 * One thread a connection, so a slow upload never holds up /ping, the
 * console or another laptop.
 * How many: a county has a few hundred laptops, and a township (or the
 * whole county, behind one government gateway) may reach the server from
 * ONE address; 300 laptops coming online after a meeting push together.
 * So the per-address limit must let a township's laptops in (a laptop
 * refused a connection tries again with backoff, sync/net.c, but four
 * tries in a few seconds do not outlast a queue of long uploads), while
 * one address holding slow connections must not take every slot: it
 * gets at most a quarter of them. The load test (t_serve_load.sh) has
 * 200 laptops and 20 console sessions from 127.0.0.1 with 500 slow
 * connections from 127.0.0.2: the slow ones hold 256, the rest are
 * served. Each connection costs a thread (its stack reserved, little of
 * it touched) and COUNTY_CONNECTION_MEMORY; 1024 of them stay well under
 * a small server's memory. The limits are per listening address (a name
 * like localhost is listened on twice); the server raises its open-file
 * limit to fit. An attacker with many addresses can still hold every
 * connection for COUNTY_REQUEST_SECONDS: that is for a firewall. */
#define COUNTY_MAX_CONNECTIONS 1024    /* MHD_OPTION_CONNECTION_LIMIT */
#define COUNTY_MAX_PER_ADDRESS 256     /* MHD_OPTION_PER_IP_CONNECTION_LIMIT */
#define COUNTY_LISTEN_BACKLOG 256      /* listen(2): connections not yet accepted */
#define COUNTY_IDLE_SECONDS 60         /* MHD_OPTION_CONNECTION_TIMEOUT */
/* A connection's whole life, headers and body, however steadily it
 * trickles: libmicrohttpd 0.9.75 has only the idle timeout, so the server
 * shuts down a connection older than this itself. Longer than a laptop's
 * own transfer timeout (300 s, sync/net.c). */
#define COUNTY_REQUEST_SECONDS 600
/* Read buffer per connection (MHD_OPTION_CONNECTION_MEMORY_LIMIT):
 * bigger reads for large bundles, still small beside the body limits. */
#define COUNTY_CONNECTION_MEMORY (128 * 1024)

/* ---- signed download requests -----------------------------------------------
 * Nonces seen within the window (SYNC_DOWNREQ_WINDOW either way) are
 * remembered, at most this many at once; when that many are live, a new
 * request is answered 503 rather than forgetting one (which would let it
 * be replayed). Only requests with a verified signature are remembered. */
#define COUNTY_NONCES 65536

#endif
