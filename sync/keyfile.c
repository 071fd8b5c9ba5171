/* keyfile.c — the device's public key file, given to the county to enrol
 * the laptop: text, one `name: value` a line, like the county's (KEYS.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync/sync.h"

#define DEVKEY_FORMAT "doorstep-device-public-1"

ds_status sync_devkey_write(const char *path, const store_device_pub *pub,
                            ds_error *err)
{
	char dev[2 * SYNC_DEVICE_BYTES + 1], box[64], sign[64], text[512];
	int n;
	store_hex(dev, pub->device, SYNC_DEVICE_BYTES);
	store_b64(box, sizeof(box), pub->box_pk, sizeof(pub->box_pk));
	store_b64(sign, sizeof(sign), pub->sign_pk, sizeof(pub->sign_pk));
	n = snprintf(text, sizeof(text),
	             "# doorstep device public key: give it to the county to enrol this laptop\n"
	             "format: " DEVKEY_FORMAT "\ndevice: %s\nepoch: %lld\nbox: %s\nsign: %s\n",
	             dev, (long long)pub->epoch, box, sign);
	return store_write_file_atomic(path, text, (size_t)n, err);
}

static bool field(const char *text, const char *name, char *out, size_t len)
{
	size_t nl = strlen(name);
	for (const char *p = text; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t ll = e ? (size_t)(e - p) : strlen(p);
		if (ll > nl + 1 && !strncmp(p, name, nl) && p[nl] == ':' && p[nl + 1] == ' ') {
			size_t vl = ll - nl - 2;
			if (vl >= len)
				return false;
			memcpy(out, p + nl + 2, vl);
			out[vl] = '\0';
			return true;
		}
		p = e ? e + 1 : NULL;
	}
	return false;
}

ds_status sync_devkey_parse(const char *text, const char *path,
                            store_device_pub *pub, ds_error *err)
{
	char v[128];
	long long epoch;
	ds_status st = DS_OK;
	memset(pub, 0, sizeof(*pub));
	if (!field(text, "format", v, sizeof(v)) || strcmp(v, DEVKEY_FORMAT))
		return ds_fail(err, DS_EINPUT, path,
		               N_("not a device key file (doorstep device-key writes one)"));
	if (!field(text, "device", v, sizeof(v)) ||
	    !store_unhex(pub->device, SYNC_DEVICE_BYTES, v))
		st = ds_fail(err, DS_EINPUT, path, N_("the \"%s\" line is missing or damaged"), "device");
	else if (!field(text, "epoch", v, sizeof(v)) || sscanf(v, "%lld", &epoch) != 1 ||
	         epoch < 0)
		st = ds_fail(err, DS_EINPUT, path, N_("the \"%s\" line is missing or damaged"), "epoch");
	else if (!field(text, "box", v, sizeof(v)) ||
	         !store_unb64(pub->box_pk, sizeof(pub->box_pk), v))
		st = ds_fail(err, DS_EINPUT, path, N_("the \"%s\" line is missing or damaged"), "box");
	else if (!field(text, "sign", v, sizeof(v)) ||
	         !store_unb64(pub->sign_pk, sizeof(pub->sign_pk), v))
		st = ds_fail(err, DS_EINPUT, path, N_("the \"%s\" line is missing or damaged"), "sign");
	else
		pub->epoch = epoch;
	return st;
}

ds_status sync_devkey_read(const char *path, store_device_pub *pub,
                           ds_error *err)
{
	char *text = NULL;
	ds_status st = store_read_file(path, 64 * 1024, &text, NULL, err);
	if (st)
		return st;
	st = sync_devkey_parse(text, path, pub, err);
	free(text);
	return st;
}
