/* county-keygen.c — test tool: writes a county key pair in the format
 * `doorstep-county init` will write (store/KEYS.md).
 * usage: county-keygen PUBLIC_FILE SECRET_FILE */
#include <stdio.h>

#include "store/store.h"

int main(int argc, char **argv)
{
	store_county_pub pub;
	store_county_sec sec;
	ds_error err;
	char msg[512];
	if (argc != 3) {
		fprintf(stderr, "usage: county-keygen PUBLIC_FILE SECRET_FILE\n");
		return 2;
	}
	if (store_county_keygen(&pub, &sec, &err) ||
	    store_county_pub_write(argv[1], &pub, &err) ||
	    store_county_sec_write(argv[2], &sec, &err)) {
		ds_error_format(&err, msg, sizeof(msg), NULL);
		fprintf(stderr, "county-keygen: %s\n", msg);
		store_county_sec_free(&sec);
		return 1;
	}
	store_county_sec_free(&sec);
	printf("%s\n", pub.key_id);
	return 0;
}
