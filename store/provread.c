/* provread.c — the log read for the province's feed (provread.h). */
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "store/provread.h"

void store_logged_free(store_logged **list, size_t n)
{
	if (!list || !*list)
		return;
	for (size_t i = 0; i < n; i++)
		if ((*list)[i].body) {
			store_wipe((*list)[i].body, (*list)[i].blen);
			free((*list)[i].body);
		}
	free(*list);
	*list = NULL;
}

ds_status store_log_since(ds_store *s, int64_t after, size_t max, store_logged **list,
                          size_t *n, ds_error *err)
{
	sqlite3_stmt *q;
	store_logged *out;
	ds_status st = DS_OK;
	int rc;
	*list = NULL;
	*n = 0;
	if (!max || !(out = calloc(max, sizeof(*out))))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT " STORE_EVENT_COLUMNS " FROM event WHERE seq > ?"
	                        " ORDER BY seq LIMIT ?",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK) {
		free(out);
		return store_sql_fail(s, err, rc);
	}
	sqlite3_bind_int64(q, 1, after);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)max);
	while (!st && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_logged *l = &out[*n];
		store_event ev;
		unsigned char *plain = NULL;
		size_t plen = 0;
		if (!store_event_row(q, &ev)) {
			st = ds_fail(err, DS_EDAMAGED, "event", N_("the event record is malformed"));
			break;
		}
		if ((st = store_event_open(s, &ev, sqlite3_column_blob(q, 8),
		                           (size_t)sqlite3_column_bytes(q, 8), &plain, &plen, err)))
			break;
		if (plen < STORE_BODY_SALT) {
			store_wipe(plain, plen);
			free(plain);
			st = ds_fail(err, DS_EDAMAGED, "event", N_("the event record is malformed"));
			break;
		}
		/* the text after the salt, moved to the front of the same buffer
		 * (unseal leaves a NUL after the plaintext) */
		l->blen = plen - STORE_BODY_SALT;
		memmove(plain, plain + STORE_BODY_SALT, l->blen);
		store_wipe(plain + l->blen, STORE_BODY_SALT);
		plain[l->blen] = '\0';
		l->body = (char *)plain;
		l->seq = ev.seq;
		memcpy(l->device, ev.device, sizeof(l->device));
		l->epoch = ev.epoch;
		l->dseq = ev.dseq;
		l->hlc = ev.hlc;
		memcpy(l->author, ev.author, sizeof(l->author));
		memcpy(l->kind, ev.kind, sizeof(l->kind));
		memcpy(l->entity, ev.entity, sizeof(l->entity));
		(*n)++;
	}
	if (!st && rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = store_sql_fail(s, err, rc);
	sqlite3_finalize(q);
	if (st) {
		store_logged_free(&out, *n);
		*n = 0;
		return st;
	}
	*list = out;
	return DS_OK;
}
