/* today.h — the civil date the front ends take as today (cli.c): the
 * laptops' commands and the county's alike. */
#ifndef TUI_TODAY_H
#define TUI_TODAY_H

#include "core/date.h"
#include "core/status.h"

/* DOORSTEP_TODAY=YYYY-MM-DD sets another day for training and tests;
 * else the local date. */
ds_status cli_today(core_date *today, ds_error *err);

#endif
