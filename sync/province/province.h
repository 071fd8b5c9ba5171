/* province.h — what doorstep-province's commands share: the parsed command
 * line, failing with one line, the database opened at the schema this
 * program knows, and a county's partitions. */
#ifndef SYNC_PROVINCE_PROVINCE_H
#define SYNC_PROVINCE_PROVINCE_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "core/status.h"
#include "tui/opts.h"

#define PROVINCE_MAX_OPTS 8

typedef struct {
	const char *cmd;
	const char *pos[4];
	int npos;
	opts_given opt[PROVINCE_MAX_OPTS];
	int nopt;
} province_args;

const char *province_opt(const province_args *a, const char *name);
int province_fail(const ds_error *err);
int province_usage_fail(const char *where, const char *what);

/* Connects to --db; with need_schema, refuses a database whose schema is
 * not this program's latest (DS_EUSAGE: run init). */
ds_status province_connect(const province_args *a, bool need_schema, PGconn **c,
                           ds_error *err);
/* Applies the migrations not yet applied; *applied counts them. */
ds_status province_migrate(PGconn *c, int *applied, ds_error *err);
/* Every partitioned table's partition for county (made when missing). */
ds_status province_partitions(PGconn *c, const char *county, ds_error *err);

int province_cmd_take(const province_args *a);   /* take.c */
int province_cmd_report(const province_args *a); /* report.c */

#endif
