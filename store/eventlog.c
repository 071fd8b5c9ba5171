/* eventlog.c — the event log as a list for people (eventlog.h): columns
 * only, newest first, filtered in SQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/eventlog.h"
#include "store/internal.h"

ds_status store_event_lines(ds_store *s, const store_event_filter *f,
                            store_event_line **list, size_t *n,
                            ds_error *err)
{
	sqlite3_stmt *q;
	store_event_line *l = NULL;
	size_t c = 0;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT seq, hlc, author, kind, device FROM event"
	                            " WHERE (?1 = '' OR author = ?1) AND (?2 = '' OR kind = ?2)"
	                            " AND (?3 = 0 OR (hlc >> 16) >= ?3)"
	                            " AND (?4 = 0 OR (hlc >> 16) <= ?4)"
	                            " ORDER BY seq DESC LIMIT ?5 OFFSET ?6",
	                            -1, &q, NULL);
	*list = NULL;
	*n = 0;
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_text(q, 1, f->author ? f->author : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, f->kind ? f->kind : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, f->from_ms);
	sqlite3_bind_int64(q, 4, f->to_ms);
	sqlite3_bind_int64(q, 5, (sqlite3_int64)f->limit);
	sqlite3_bind_int64(q, 6, (sqlite3_int64)f->offset);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_event_line *nl = realloc(l, (c + 1) * sizeof(*l));
		const unsigned char *dev = sqlite3_column_blob(q, 4);
		if (!nl) {
			free(l);
			sqlite3_finalize(q);
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
		l = nl;
		memset(&l[c], 0, sizeof(l[c]));
		l[c].seq = sqlite3_column_int64(q, 0);
		l[c].at_ms = (int64_t)((uint64_t)sqlite3_column_int64(q, 1) >> 16);
		snprintf(l[c].author, sizeof(l[c].author), "%s",
		         (const char *)sqlite3_column_text(q, 2));
		snprintf(l[c].kind, sizeof(l[c].kind), "%s",
		         (const char *)sqlite3_column_text(q, 3));
		if (dev && sqlite3_column_bytes(q, 4) == STORE_DEVICE_BYTES)
			store_hex(l[c].device, dev, STORE_DEVICE_BYTES);
		c++;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		free(l);
		return store_sql_fail(s, err, rc);
	}
	*list = l;
	*n = c;
	return DS_OK;
}
