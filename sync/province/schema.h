/* schema.h — the province's schema migrations, built into the program from
 * sync/province/schema/NNN_what.sql (the Makefile makes the table), applied
 * in order by doorstep-province init and recorded in schema_migrations. */
#ifndef SYNC_PROVINCE_SCHEMA_H
#define SYNC_PROVINCE_SCHEMA_H

#include <stddef.h>

typedef struct {
	int version;      /* NNN */
	const char *name; /* NNN_what */
	const char *sql;
} province_migration;

extern const province_migration province_migrations[];
extern const size_t province_n_migrations;

#endif
