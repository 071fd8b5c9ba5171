/* console_users.c — the office accounts, for the admin: who may log in
 * to the console, with which role. */
#include <stdlib.h>

#include "store/office.h"
#include "sync/county/console_int.h"
#include "sync/county/console_routes.h"

void console_page_users(console_req *q)
{
	store_office_user *l = NULL;
	size_t n = 0;
	char when[32];
	ds_error err;
	ds_status st;
	ds_store *s = console_store_lock(q);
	st = store_office_user_list(s, &l, &n, &err);
	console_store_unlock(q);
	if (st) {
		console_fail_error(q, 500, &err);
		return;
	}
	console_begin(q, _("Office accounts"));
	console_html(q, "<table id=\"users\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
	             _("Name"), _("Role"), _("Added"), _("Disabled"));
	for (size_t i = 0; i < n; i++) {
		console_time_ms(when, sizeof(when), l[i].created_ms);
		console_html(q, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", l[i].name,
		             core_office_role_lookup(l[i].role) >= 0
		                     ? _(core_office_role_words((core_office_role)core_office_role_lookup(l[i].role)))
		                     : l[i].role,
		             when, l[i].disabled_ms ? _("disabled") : "");
	}
	console_html(q, "</table>");
	free(l);
	console_end(q);
}
