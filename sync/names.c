/* names.c — the file names sync writes on a USB stick and the only ones it
 * reads back from one (SYNC_NAME_LIST in sync.h). */
#include <stdio.h>
#include <string.h>

#include "sync/sync.h"

static const struct {
	const char *prefix, *suffix;
	bool epoch;
} names[] = {
	{"", "", false}, /* SYNC_NAME_NONE */
#define X(name, prefix, suffix, epoch) {prefix, suffix, epoch},
	SYNC_NAME_LIST(X)
#undef X
};
#define N_NAMES (sizeof(names) / sizeof(names[0]))

void sync_name_make(char *out, size_t len, sync_name_kind kind,
                    const unsigned char *device, int64_t epoch, int64_t number)
{
	char hex[2 * SYNC_DEVICE_BYTES + 1];
	if (kind <= SYNC_NAME_NONE || (size_t)kind >= N_NAMES) {
		snprintf(out, len, "%s", "");
		return;
	}
	store_hex(hex, device, SYNC_DEVICE_BYTES);
	if (names[kind].epoch)
		snprintf(out, len, "%s%s-%lld-%06lld%s", names[kind].prefix, hex,
		         (long long)epoch, (long long)number, names[kind].suffix);
	else
		snprintf(out, len, "%s%s-%06lld%s", names[kind].prefix, hex,
		         (long long)number, names[kind].suffix);
}

/* Digits up to the first non-digit: at most 18 (no overflow), at least 1. */
static const char *digits(const char *p, int64_t *v)
{
	int n = 0;
	*v = 0;
	while (*p >= '0' && *p <= '9' && n < 18) {
		*v = *v * 10 + (*p++ - '0');
		n++;
	}
	return n ? p : NULL;
}

sync_name_kind sync_name_parse(const char *name,
                               unsigned char device[SYNC_DEVICE_BYTES],
                               int64_t *epoch, int64_t *number)
{
	sync_name_kind kind = sync_name_resembles(name);
	const char *p;
	char hex[2 * SYNC_DEVICE_BYTES + 1], again[128];
	int64_t e = 0, n = 0;
	if (kind == SYNC_NAME_NONE)
		return SYNC_NAME_NONE;
	p = name + strlen(names[kind].prefix);
	/* lowercase hex only: store_unhex would take uppercase too, and the
	 * name made again below would then differ anyway */
	if (strspn(p, "0123456789abcdef") < sizeof(hex) - 1 || p[sizeof(hex) - 1] != '-')
		return SYNC_NAME_NONE;
	memcpy(hex, p, sizeof(hex) - 1);
	hex[sizeof(hex) - 1] = '\0';
	p += sizeof(hex);
	if (names[kind].epoch && (!(p = digits(p, &e)) || *p++ != '-'))
		return SYNC_NAME_NONE;
	if (!(p = digits(p, &n)) || strcmp(p, names[kind].suffix) ||
	    (names[kind].epoch && e < 1) || n < 1 ||
	    !store_unhex(device, SYNC_DEVICE_BYTES, hex))
		return SYNC_NAME_NONE;
	/* only the name sync itself would write: no leading zeros beyond the
	 * six digits of a number, nothing before or after */
	sync_name_make(again, sizeof(again), kind, device, e, n);
	if (strcmp(again, name))
		return SYNC_NAME_NONE;
	if (epoch)
		*epoch = e;
	if (number)
		*number = n;
	return kind;
}

sync_name_kind sync_name_resembles(const char *name)
{
	for (size_t k = SYNC_NAME_NONE + 1; k < N_NAMES; k++)
		if (!strncmp(name, names[k].prefix, strlen(names[k].prefix)))
			return (sync_name_kind)k;
	return SYNC_NAME_NONE;
}
