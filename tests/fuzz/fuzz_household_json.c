/* fuzz_household_json.c — libFuzzer target: household JSON as files and
 * event bodies carry it. Whatever the bytes, parsing either fails cleanly
 * or gives a household that serialises and parses back to the same JSON. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/hhjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
	                       NULL);
	core_household h, again;
	ds_error err;
	if (!j)
		return 0;
	if (store_household_from_json(j, &h, &err) == DS_OK) {
		json_t *out = store_household_to_json(&h);
		char *a = json_dumps(out, JSON_COMPACT), *b;
		json_t *back;
		(void)core_household_validate(&h, -1, &err);
		if (store_household_from_json(out, &again, &err) != DS_OK)
			abort(); /* what we write, we must read */
		back = store_household_to_json(&again);
		b = json_dumps(back, JSON_COMPACT);
		if (!a || !b || strcmp(a, b) != 0)
			abort();
		free(a);
		free(b);
		json_decref(out);
		json_decref(back);
		core_household_free(&again);
		core_household_free(&h);
	}
	json_decref(j);
	return 0;
}
