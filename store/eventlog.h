/* eventlog.h — the county's event log as a list for people to look
 * through: who wrote each event (the laptop's user, and the laptop), its
 * kind and when, newest first, filtered. Only those columns are read: no
 * event's body is opened, so nothing personal is in the list. */
#ifndef STORE_EVENTLOG_H
#define STORE_EVENTLOG_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

typedef struct {
	int64_t seq;
	int64_t at_ms;                /* the event's own clock (HLC), ms */
	char author[STORE_USER_MAX];
	char kind[32];
	char device[2 * STORE_DEVICE_BYTES + 1]; /* hex */
} store_event_line;

/* NULL or "" for any author or kind; times in ms, 0 for no bound (to_ms
 * included); at most limit lines (0: none) after skipping offset. */
typedef struct {
	const char *author, *kind;
	int64_t from_ms, to_ms;
	size_t offset, limit;
} store_event_filter;

ds_status store_event_lines(ds_store *s, const store_event_filter *f,
                            store_event_line **list, size_t *n,
                            ds_error *err);

#endif
