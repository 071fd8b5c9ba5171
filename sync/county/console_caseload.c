/* console_caseload.c — the caseload as the dashboard counts it and the
 * household list filters it (console_caseload.h): the same households
 * (store_report_households), the same due items (store_due) and the same
 * rules (core_report_within, paid > 0) as report caseload, ending and
 * waiting. */
#include <stdlib.h>
#include <string.h>

#include "store/county.h"
#include "sync/county/console_caseload.h"

static const char *const list_ids[] = {
#define X(e, id) id,
	CONSOLE_LIST_LIST(X)
#undef X
};

int console_list_lookup(const char *id)
{
	for (int i = 0; id && i < CONSOLE_LIST_COUNT; i++)
		if (!strcmp(id, list_ids[i]))
			return i;
	return -1;
}

const char *console_list_id(console_list l)
{
	return (unsigned)l < CONSOLE_LIST_COUNT ? list_ids[l] : "?";
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const store_report_household *)a)->id,
	              ((const store_report_household *)b)->id);
}

static void mark(console_caseload *c, const char *id, console_list l)
{
	store_report_household key;
	const store_report_household *h;
	snprintf(key.id, sizeof(key.id), "%s", id);
	if (!c->n || !(h = bsearch(&key, c->hh, c->n, sizeof(*c->hh), by_id)))
		return;
	if (!(c->in[h - c->hh] & (1u << l)))
		c->counts[l]++;
	c->in[h - c->hh] |= 1u << l;
}

ds_status console_caseload_load(ds_store *s, console_caseload *c, ds_error *err)
{
	store_due_item *due = NULL;
	store_conflict *cf = NULL;
	size_t nd = 0, nc = 0;
	ds_status st;
	memset(c, 0, sizeof(*c));
	c->today = store_today(s);
	c->month = core_month_of_date(c->today);
	if ((st = store_report_households(s, c->month, &c->hh, &c->n, err)) ||
	    (st = store_due(s, CORE_REPORT_DAYS_MAX * 100, &due, &nd, err)) ||
	    (st = store_conflicts(s, NULL, &cf, &nc, err)))
		goto out;
	if (c->n && !(c->in = calloc(c->n, sizeof(*c->in)))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	if (c->n)
		qsort(c->hh, c->n, sizeof(*c->hh), by_id);
	for (size_t i = 0; i < c->n; i++) {
		c->in[i] |= 1u << CONSOLE_LIST_ALL;
		c->counts[CONSOLE_LIST_ALL]++;
		if (c->hh[i].paid > 0) {
			c->in[i] |= 1u << CONSOLE_LIST_PAID;
			c->counts[CONSOLE_LIST_PAID]++;
		}
	}
	/* the due items as report ending (its default look ahead) and
	 * report waiting count them: one line each */
	for (size_t i = 0; i < nd; i++) {
		const store_due_item *d = &due[i];
		if (d->kind == CORE_DUE_TRANSITION_ENDS &&
		    core_report_within(d->date, c->today, CORE_REPORT_DAYS_DEFAULT))
			mark(c, d->household, CONSOLE_LIST_ENDING);
		else if (d->kind == CORE_DUE_REVIEW && d->overdue)
			mark(c, d->household, CONSOLE_LIST_REVIEW_OVERDUE);
		else if (d->kind == CORE_DUE_APPEAL && d->overdue)
			mark(c, d->household, CONSOLE_LIST_APPEAL_OVERDUE);
	}
	for (size_t i = 0; i < nc; i++)
		mark(c, cf[i].household, CONSOLE_LIST_CONFLICT);
	/* the number of conflicts, not of households with one */
	c->counts[CONSOLE_LIST_CONFLICT] = (int64_t)nc;
out:
	free(due);
	free(cf);
	if (st)
		console_caseload_free(c);
	return st;
}

void console_caseload_free(console_caseload *c)
{
	free(c->hh);
	free(c->in);
	memset(c, 0, sizeof(*c));
}
