/* csvfile.h — reading another department's CSV extract: the encoding
 * (UTF-8 or GB18030, detected; either BOM), then RFC 4180 records (libcsv)
 * with the line each starts on. Fields come back as UTF-8. */
#ifndef STORE_CSVFILE_H
#define STORE_CSVFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

typedef enum { STORE_CSV_UTF8, STORE_CSV_GB18030 } store_csv_encoding;

/* "utf-8" or "gb18030" */
const char *store_csv_encoding_id(store_csv_encoding e);

typedef struct {
	long line;           /* the line the record starts on, from 1 */
	size_t n;            /* fields */
	const char **fields; /* NUL-terminated UTF-8, owned by the store_csv */
} store_csv_record;

typedef struct {
	store_csv_encoding encoding;
	bool bom;
	size_t n_records;
	store_csv_record *records; /* the header row first; blank rows left out */
	/* private: the text of every field, and the field pointers */
	char *text;
	size_t text_len;
	const char **ptrs;
	size_t n_ptrs;
} store_csv;

/* The bytes of a file as UTF-8: a BOM (EF BB BF, or GB18030's 84 31 95 33)
 * is dropped and decides the encoding; without one, valid UTF-8 is UTF-8
 * and anything else is converted from GB18030 (iconv). NUL bytes and bytes
 * that are neither are refused, naming the line (err->where is name:line).
 * *out is malloc'd and NUL-terminated; wipe and free it. */
ds_status store_csv_decode(const unsigned char *in, size_t len,
                           const char *name, char **out, size_t *outlen,
                           store_csv_encoding *enc, bool *bom, ds_error *err);

/* Decodes and splits a whole file into records (RFC 4180: quoted fields
 * with commas, line breaks and "" escapes; CRLF or LF). Rows whose fields
 * are all empty are left out. An empty file, or a quote that is not
 * closed, is refused naming the file (and the line). Free with
 * store_csv_free. */
ds_status store_csv_parse(const unsigned char *data, size_t len,
                          const char *name, store_csv *out, ds_error *err);

/* Wipes and frees; c stays usable as an empty table. NULL is fine. */
void store_csv_free(store_csv *c);

#endif
