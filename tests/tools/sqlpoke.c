/* sqlpoke.c — test tool: looks into and damages a store's database the way
 * an attacker with the file (but no passphrase) could.
 *   sqlpoke DB query SQL            prints each row, columns tab-separated
 *                                   (blobs as hex)
 *   sqlpoke DB exec SQL             runs SQL
 *   sqlpoke DB flip TABLE COLUMN ROWID OFFSET
 *                                   flips one bit of byte OFFSET of a blob
 *   sqlpoke DB hold SECONDS         holds the write lock that long, as a
 *                                   long import would (prints "holding"
 *                                   once it has it) */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int query(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int rc;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "sqlpoke: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			if (i)
				putchar('\t');
			if (sqlite3_column_type(st, i) == SQLITE_BLOB) {
				const unsigned char *b = sqlite3_column_blob(st, i);
				for (int k = 0; k < sqlite3_column_bytes(st, i); k++)
					printf("%02x", b[k]);
			} else if (sqlite3_column_type(st, i) != SQLITE_NULL) {
				fputs((const char *)sqlite3_column_text(st, i), stdout);
			}
		}
		putchar('\n');
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "sqlpoke: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	return 0;
}

static int flip(sqlite3 *db, const char *table, const char *column,
                sqlite3_int64 rowid, int offset)
{
	sqlite3_blob *b;
	unsigned char byte;
	if (sqlite3_blob_open(db, "main", table, column, rowid, 1, &b) !=
	    SQLITE_OK) {
		fprintf(stderr, "sqlpoke: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	if (offset < 0)
		offset += sqlite3_blob_bytes(b);
	if (offset < 0 || offset >= sqlite3_blob_bytes(b) ||
	    sqlite3_blob_read(b, &byte, 1, offset) != SQLITE_OK) {
		fprintf(stderr, "sqlpoke: offset outside the blob\n");
		sqlite3_blob_close(b);
		return 1;
	}
	byte ^= 0x01;
	if (sqlite3_blob_write(b, &byte, 1, offset) != SQLITE_OK) {
		fprintf(stderr, "sqlpoke: %s\n", sqlite3_errmsg(db));
		sqlite3_blob_close(b);
		return 1;
	}
	sqlite3_blob_close(b);
	return 0;
}

int main(int argc, char **argv)
{
	sqlite3 *db;
	int rc;
	if (argc < 4) {
		fprintf(stderr, "usage: sqlpoke DB query|exec SQL | sqlpoke DB flip TABLE COLUMN ROWID OFFSET | sqlpoke DB hold SECONDS\n");
		return 2;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "sqlpoke: cannot open %s\n", argv[1]);
		return 1;
	}
	sqlite3_busy_timeout(db, 5000);
	if (!strcmp(argv[2], "query")) {
		rc = query(db, argv[3]);
	} else if (!strcmp(argv[2], "exec")) {
		rc = sqlite3_exec(db, argv[3], NULL, NULL, NULL) == SQLITE_OK ? 0 : 1;
		if (rc)
			fprintf(stderr, "sqlpoke: %s\n", sqlite3_errmsg(db));
	} else if (!strcmp(argv[2], "hold")) {
		rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 : 1;
		if (rc) {
			fprintf(stderr, "sqlpoke: %s\n", sqlite3_errmsg(db));
		} else {
			printf("holding\n");
			fflush(stdout);
			sleep((unsigned)atoi(argv[3]));
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		}
	} else if (!strcmp(argv[2], "flip") && argc == 7) {
		rc = flip(db, argv[3], argv[4], atoll(argv[5]), atoi(argv[6]));
	} else {
		fprintf(stderr, "sqlpoke: unknown action %s\n", argv[2]);
		rc = 2;
	}
	sqlite3_close(db);
	return rc;
}
