/* provread.h — the county's log read for the province's feed: events by
 * their position in this log, each with its body's JSON text, a batch at a
 * time, without the checkpoints and the JSON records a bundle needs. */
#ifndef STORE_PROVREAD_H
#define STORE_PROVREAD_H

#include <stddef.h>
#include <stdint.h>

#include "store/crypto.h"
#include "store/store.h"

typedef struct {
	int64_t seq; /* its position in this log */
	unsigned char device[STORE_DEVICE_BYTES];
	int64_t epoch, dseq;
	uint64_t hlc;
	char author[STORE_USER_MAX], kind[32], entity[STORE_ID_BUF];
	char *body;  /* the body's JSON text, NUL-terminated (personal data) */
	size_t blen;
} store_logged;

/* Up to max events with seq > after, in order (*n of them, *list
 * malloc'd; free with store_logged_free, which wipes the bodies). Every
 * body is read before this returns, so the caller may use the store. */
ds_status store_log_since(ds_store *s, int64_t after, size_t max, store_logged **list,
                          size_t *n, ds_error *err) STORE_WUR;
void store_logged_free(store_logged **list, size_t n);

#endif
