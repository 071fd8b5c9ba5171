/* console_conflicts.c — changes made to one household at the same time
 * on two laptops: which was kept and which set aside, as
 * `doorstep-county conflicts` lists them (store_conflicts). */
#include <stdlib.h>
#include <time.h>

#include "store/county.h"
#include "sync/county/console_int.h"
#include "sync/county/console_routes.h"

void console_page_conflicts(console_req *q)
{
	store_conflict *l = NULL;
	size_t n = 0;
	char w1[32], w2[32];
	ds_error err;
	ds_status st;
	ds_store *s = console_store_lock(q);
	st = store_conflicts(s, NULL, &l, &n, &err);
	console_store_unlock(q);
	if (st) {
		console_fail_error(q, 500, &err);
		return;
	}
	console_begin(q, _("Changes made at the same time on two laptops"));
	console_html(q, "<table id=\"conflicts\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
	             _("Household"), _("Fields"), _("Kept"), _("Set aside"));
	for (size_t i = 0; i < n; i++) {
		char fields[sizeof(l[i].fields)];
		size_t o = 0;
		/* ["a","b"] as a, b */
		for (const char *f = l[i].fields; *f && o + 1 < sizeof(fields); f++)
			if (*f != '[' && *f != ']' && *f != '"')
				fields[o++] = *f == ',' ? ';' : *f;
		fields[o] = '\0';
		/* the hybrid logical clock: milliseconds above 16 bits */
		console_time_ms(w1, sizeof(w1), (int64_t)(l[i].winner_hlc >> 16));
		console_time_ms(w2, sizeof(w2), (int64_t)(l[i].loser_hlc >> 16));
		console_html(q, "<tr><td><a href=\"/household/%u\">%s</a></td><td>%s</td>"
		                "<td>%s (%s)</td><td>%s (%s)</td></tr>",
		             l[i].household, l[i].household, fields, l[i].winner_author, w1,
		             l[i].loser_author, w2);
	}
	console_html(q, "</table><p class=\"note\">%s: <span id=\"count\">%zu</span></p>",
	             _("Conflicts"), n);
	free(l);
	console_end(q);
}
