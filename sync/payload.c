/* payload.c — a bundle's payload: one JSON object a line, each a record
 * (an event, a checkpoint) as store/replica.c writes and reads them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync/sync.h"

ds_status sync_payload_encode(json_t *records, unsigned char **out,
                              size_t *len, ds_error *err)
{
	size_t cap = 4096, n = 0, i;
	unsigned char *buf = malloc(cap);
	json_t *r;
	*out = NULL;
	*len = 0;
	if (!buf)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	json_array_foreach(records, i, r) {
		char *line = json_dumps(r, JSON_COMPACT);
		size_t ll;
		if (!line) {
			free(buf);
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
		ll = strlen(line);
		if (n + ll + 1 > cap) {
			unsigned char *nb;
			while (n + ll + 1 > cap)
				cap *= 2;
			if (!(nb = realloc(buf, cap))) {
				free(line);
				free(buf);
				return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			}
			buf = nb;
		}
		memcpy(buf + n, line, ll);
		buf[n + ll] = '\n';
		n += ll + 1;
		/* the line holds a household's data: wipe before freeing */
		memset(line, 0, ll);
		free(line);
	}
	*out = buf;
	*len = n;
	return DS_OK;
}

ds_status sync_payload_decode(const unsigned char *p, size_t len,
                              json_t **records, ds_error *err)
{
	json_t *list = json_array();
	size_t at = 0, line = 0;
	*records = NULL;
	if (!list)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	while (at < len) {
		const unsigned char *nl = memchr(p + at, '\n', len - at);
		size_t ll = nl ? (size_t)(nl - (p + at)) : len - at;
		json_error_t je;
		json_t *r;
		char where[40];
		line++;
		snprintf(where, sizeof(where), "payload line %zu", line);
		if (!nl) {
			json_decref(list);
			return ds_fail(err, DS_EDAMAGED, where,
			               N_("the last line does not end"));
		}
		r = json_loadb((const char *)p + at, ll, JSON_REJECT_DUPLICATES, &je);
		if (!json_is_object(r)) {
			json_decref(r);
			json_decref(list);
			return ds_fail(err, DS_EDAMAGED, where, N_("not a JSON object"));
		}
		if (json_array_append_new(list, r)) {
			json_decref(list);
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		}
		at += ll + 1;
	}
	*records = list;
	return DS_OK;
}
