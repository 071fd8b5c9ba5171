/* fuzz_keyfile.c — libFuzzer target: county key files. Any bytes are
 * refused cleanly or read as a key whose id matches its keys. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/doorstep-fuzz-key.XXXXXX";
	int fd = mkstemp(path);
	store_county_pub pub;
	store_county_sec sec;
	ds_error err;
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	(void)store_county_pub_read(path, &pub, &err);
	if (store_county_sec_read(path, &sec, &err) == DS_OK)
		store_county_sec_free(&sec);
	unlink(path);
	return 0;
}
