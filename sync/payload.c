/* payload.c — a bundle's payload: records (events, checkpoints) as
 * store/replica.c writes and reads them, one JSON object a line. A record
 * with a body (an event's JSON text) carries it after its line as it is,
 * so the text is read once, by whoever takes the event, and not first as
 * a string inside the line:
 *
 *   {"t":"ev", ..., "blen":N}\n  then N bytes of the body's text, then \n
 *
 * In memory the body is the record's "body" string, as in the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync/sync.h"

/* The largest body a record may carry (a household's text is a few KB). */
#define BODY_MAX (16u << 20)

typedef struct {
	unsigned char *p;
	size_t n, cap;
} buf;

static bool put(buf *b, const void *p, size_t len)
{
	if (b->n + len > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		unsigned char *nb;
		while (b->n + len > cap)
			cap *= 2;
		/* grown by hand so no copy of a household's text is freed unwiped */
		if (!(nb = malloc(cap)))
			return false;
		if (b->p) {
			memcpy(nb, b->p, b->n);
			memset(b->p, 0, b->cap);
			free(b->p);
		}
		b->p = nb;
		b->cap = cap;
	}
	memcpy(b->p + b->n, p, len);
	b->n += len;
	return true;
}

static void buf_free(buf *b)
{
	if (b->p)
		memset(b->p, 0, b->cap);
	free(b->p);
	b->p = NULL;
}

ds_status sync_payload_encode(json_t *records, unsigned char **out,
                              size_t *len, ds_error *err)
{
	buf b = {NULL, 0, 0};
	json_t *r;
	size_t i;
	*out = NULL;
	*len = 0;
	json_array_foreach(records, i, r) {
		json_t *body = json_object_get(r, "body"), *head = r;
		char *line;
		bool ok;
		if (body) {
			char where[32];
			snprintf(where, sizeof(where), "record %zu", i + 1);
			if (!json_is_string(body) || json_string_length(body) > BODY_MAX) {
				buf_free(&b);
				return ds_fail(err, DS_EINPUT, where,
				               N_("the body is not text of a sensible size"));
			}
			/* the line without the body, saying how long it is */
			if (!(head = json_copy(r)) || json_object_del(head, "body") ||
			    json_object_set_new(head, "blen",
			                        json_integer((json_int_t)json_string_length(body)))) {
				json_decref(head);
				buf_free(&b);
				return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			}
		}
		line = json_dumps(head, JSON_COMPACT);
		if (head != r)
			json_decref(head);
		ok = line && put(&b, line, strlen(line)) && put(&b, "\n", 1) &&
		     (!body || (put(&b, json_string_value(body), json_string_length(body)) &&
		                put(&b, "\n", 1)));
		free(line);
		if (!ok) {
			buf_free(&b);
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
	}
	if (!b.p && !(b.p = malloc(1))) /* an empty payload: an empty buffer */
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	*out = b.p;
	*len = b.n;
	return DS_OK;
}

/* The body after the line of record r, at p[*at]; moves *at past it. */
static ds_status read_body(json_t *r, const unsigned char *p, size_t len,
                           size_t *at, const char *where, ds_error *err)
{
	json_t *bl = json_object_get(r, "blen"), *body;
	json_int_t n;
	if (json_object_get(r, "body"))
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("a record's body belongs after its line"));
	if (!bl)
		return DS_OK;
	n = json_is_integer(bl) ? json_integer_value(bl) : -1;
	if (n < 0 || (uint64_t)n > BODY_MAX)
		return ds_fail(err, DS_EDAMAGED, where, N_("the body's length is impossible"));
	if ((size_t)n >= len - *at || p[*at + (size_t)n] != '\n')
		return ds_fail(err, DS_EDAMAGED, where,
		               N_("the body is cut short or does not end where its length says"));
	/* json_stringn refuses bytes that are not UTF-8 */
	if (!(body = json_stringn((const char *)p + *at, (size_t)n)))
		return ds_fail(err, DS_EDAMAGED, where, N_("the body is not text"));
	if (json_object_set_new(r, "body", body) || json_object_del(r, "blen"))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	*at += (size_t)n + 1;
	return DS_OK;
}

void sync_payload_reader_init(sync_payload_reader *rd, const unsigned char *p,
                              size_t len)
{
	rd->p = p;
	rd->len = len;
	rd->at = 0;
	rd->n = 0;
}

ds_status sync_payload_next(void *reader, json_t **out, ds_error *err)
{
	sync_payload_reader *rd = reader;
	const unsigned char *nl;
	size_t ll;
	json_t *r;
	char where[40];
	ds_status st;
	*out = NULL;
	if (rd->at >= rd->len)
		return DS_OK;
	nl = memchr(rd->p + rd->at, '\n', rd->len - rd->at);
	ll = nl ? (size_t)(nl - (rd->p + rd->at)) : rd->len - rd->at;
	snprintf(where, sizeof(where), "payload record %zu", ++rd->n);
	if (!nl)
		return ds_fail(err, DS_EDAMAGED, where, N_("the last line does not end"));
	r = json_loadb((const char *)rd->p + rd->at, ll, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(r)) {
		json_decref(r);
		return ds_fail(err, DS_EDAMAGED, where, N_("not a JSON object"));
	}
	rd->at += ll + 1;
	if ((st = read_body(r, rd->p, rd->len, &rd->at, where, err))) {
		json_decref(r);
		return st;
	}
	*out = r;
	return DS_OK;
}

ds_status sync_payload_decode(const unsigned char *p, size_t len,
                              json_t **records, ds_error *err)
{
	sync_payload_reader rd;
	json_t *list = json_array(), *r;
	ds_status st;
	*records = NULL;
	if (!list)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	sync_payload_reader_init(&rd, p, len);
	while (!(st = sync_payload_next(&rd, &r, err)) && r)
		if (json_array_append_new(list, r)) {
			json_decref(list);
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
	if (st) {
		json_decref(list);
		return st;
	}
	*records = list;
	return DS_OK;
}
