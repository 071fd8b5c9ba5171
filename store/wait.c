/* wait.c — waiting for another doorstep that is writing to the same store,
 * with a bound and a word to the person waiting, instead of SQLite's five
 * seconds and a failure in the middle of a long import. */
#include <time.h>
#include <unistd.h>

#include "store/internal.h"

#define WAIT_SAY_MS 1000 /* a wait shorter than this is not mentioned */
#define WAIT_STEP_MS 20

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* SQLite's busy handler: count is 0 at the start of each wait for a lock.
 * Returning 0 gives up (the statement fails with SQLITE_BUSY). */
static int busy(void *ctx, int count)
{
	store_waiter *w = ctx;
	long long t = now_ms();
	if (count == 0) {
		w->started_ms = t;
		w->said = false;
	}
	if (t - w->started_ms >= (long long)w->max_seconds * 1000) {
		w->gave_up = true;
		return 0;
	}
	if (!w->said && t - w->started_ms >= WAIT_SAY_MS) {
		w->said = true;
		if (w->waiting)
			w->waiting(w->ctx);
	}
	usleep(WAIT_STEP_MS * 1000);
	return 1;
}

void store_wait_for_writers(ds_store *s, store_waiter *w)
{
	w->gave_up = false;
	w->said = false;
	/* in place of store_set_write_wait's timeout; begin's message says
	 * how long it waited */
	s->write_wait_ms = w->max_seconds * 1000;
	sqlite3_busy_handler(s->db, busy, w);
}
