/* fuzz_provfields.c — libFuzzer target: what the province may see of an
 * event (sync_prov_fields, sync/provrec.c), on any body. The first byte
 * picks the event's kind, the rest is the body's text. Whatever the body,
 * the answer is a refusal or fields that are JSON, and exactly the
 * compact, key-sorted JSON jansson writes of them (the bytes a record's
 * hash covers must be the one spelling of the fields). */
#include <jansson.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sync/provrec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const kinds[] = {"household.created", "household.changed",
                                    "case.approved",     "case.refused",
                                    "household.reassigned", "payroll.issued",
                                    "user.added",        "no.such.kind"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	unsigned char key[SYNC_PROV_KEY_BYTES];
	char *body, *out = NULL, *again;
	size_t len = 0;
	ds_error err;
	json_t *j;
	if (!ready) {
		if (sodium_init() < 0)
			abort();
		ready = 1;
	}
	if (!size)
		return 0;
	memset(key, 7, sizeof(key));
	/* a body as the log gives it: its text and a NUL after it */
	if (!(body = malloc(size)))
		abort();
	memcpy(body, data + 1, size - 1);
	body[size - 1] = '\0';
	if (sync_prov_fields(NULL, kinds[data[0] % (sizeof(kinds) / sizeof(kinds[0]))], body,
	                     size - 1, key, &out, &len, &err) == DS_OK) {
		if (!out || strlen(out) != len)
			abort();
		if (!(j = json_loadb(out, len, 0, NULL)) || !json_is_object(j))
			abort();
		again = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		if (!again || strcmp(again, out))
			abort();
		free(again);
		json_decref(j);
	} else if (out) {
		abort();
	}
	free(out);
	free(body);
	return 0;
}
