/* console_audit.c — the console's audit log: the office log (logins,
 * refusals, actions of the office's people) and the county's event log
 * (what each laptop's user did: the event's kind and when), newest
 * first, in one list, filtered by user, kind, source and days (a GET
 * form), a page at a time. Only who, what kind, when and how it ended:
 * never a household's name, address or ID number (the office log holds
 * none, and no event's body is opened). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/eventlog.h"
#include "store/office.h"
#include "sync/county/console_int.h"
#include "sync/county/console_pages.h"
#include "sync/county/console_routes.h"
#include "sync/county/console_words.h"

#define AUDIT_PAGE 50
#define AUDIT_PAGES_MAX 1000

/* A day's first (or, end, last) millisecond in local time. */
static bool day_ms(console_req *q, const char *text, const char *field, bool end,
                   int64_t *out)
{
	core_date d;
	int y, m, dd;
	struct tm tm;
	ds_error err;
	*out = 0;
	if (!text || !*text)
		return true;
	if (core_date_parse(text, &d, field, &err)) {
		console_fail_error(q, 400, &err);
		return false;
	}
	core_date_to_ymd(d, &y, &m, &dd);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = dd + (end ? 1 : 0);
	tm.tm_isdst = -1;
	*out = (int64_t)mktime(&tm) * 1000 - (end ? 1 : 0);
	return true;
}

static const char *arg(console_req *q, const char *name)
{
	const char *v = console_query(q, name);
	return v ? v : "";
}

void console_page_audit(console_req *q)
{
	const char *user = arg(q, "user"), *kind = arg(q, "kind"), *src = arg(q, "source");
	const char *from = arg(q, "from"), *to = arg(q, "to");
	long page = strtol(arg(q, "page"), NULL, 10);
	bool want_office = strcmp(src, "laptops") != 0, want_events = strcmp(src, "office") != 0;
	store_office_log *ol = NULL;
	store_event_line *el = NULL;
	size_t no = 0, ne = 0, io = 0, ie = 0, shown = 0, skip;
	store_office_log_filter of;
	store_event_filter ef;
	int64_t from_ms, to_ms;
	ds_error err;
	ds_status st = DS_OK;
	ds_store *s;
	if (page < 0 || page > AUDIT_PAGES_MAX)
		page = 0;
	if (!day_ms(q, from, "from", false, &from_ms) || !day_ms(q, to, "to", true, &to_ms))
		return;
	skip = (size_t)page * AUDIT_PAGE;
	memset(&of, 0, sizeof(of));
	of.user = user;
	of.kind = kind;
	of.from_ms = from_ms;
	of.to_ms = to_ms;
	of.limit = skip + AUDIT_PAGE + 1;
	memset(&ef, 0, sizeof(ef));
	ef.author = user;
	ef.kind = kind;
	ef.from_ms = from_ms;
	ef.to_ms = to_ms;
	ef.limit = skip + AUDIT_PAGE + 1;
	s = console_store_lock(q);
	if (want_office)
		st = store_office_log_list(s, &of, &ol, &no, &err);
	if (!st && want_events)
		st = store_event_lines(s, &ef, &el, &ne, &err);
	console_store_unlock(q);
	if (st) {
		free(ol);
		free(el);
		console_fail_error(q, console_pages_status(&err), &err);
		return;
	}
	console_begin(q, _("Audit log"));
	console_html(q, "<form method=\"get\" action=\"/audit\" id=\"filter\">"
	                "<label>%s <input name=\"user\" value=\"%s\"></label>"
	                "<label>%s <input name=\"kind\" value=\"%s\" list=\"kinds\"></label>"
	                "<datalist id=\"kinds\"><option>login</option><option>logout</option>"
	                "<option>action</option><option>refused</option><option>lockout</option>"
	                "<option>session</option><option>download</option><option>user</option>"
	                "<option>household.created</option><option>review.approved</option></datalist>"
	                "<label>%s <select name=\"source\"><option value=\"\">%s</option>"
	                "<option value=\"office\"%r>%s</option><option value=\"laptops\"%r>%s</option></select></label>"
	                "<label>%s <input name=\"from\" type=\"date\" value=\"%s\"></label>"
	                "<label>%s <input name=\"to\" type=\"date\" value=\"%s\"></label>"
	                "<button type=\"submit\">%s</button></form>",
	             _("User"), user, _("Kind"), kind, _("Source"), _("both"),
	             !strcmp(src, "office") ? " selected" : "", _("office log"),
	             !strcmp(src, "laptops") ? " selected" : "", _("event log"), _("From"), from,
	             _("To"), to, _("Filter"));
	console_html(q, "<table id=\"audit\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
	             _("Time"), _("Source"), _("User"), _("Where"), _("Kind"), _("What"));
	/* the two logs merged, newest first; the page's lines after skip */
	while (shown < AUDIT_PAGE && (io < no || ie < ne)) {
		bool office = ie >= ne || (io < no && ol[io].at_ms >= el[ie].at_ms);
		char when[32];
		if (skip) {
			skip--;
			if (office)
				io++;
			else
				ie++;
			continue;
		}
		if (office) {
			const store_office_log *e = &ol[io++];
			console_time_ms(when, sizeof(when), e->at_ms);
			console_html(q, "<tr class=\"office\" data-user=\"%s\" data-kind=\"%s\"><td class=\"when\">%s</td><td>%s</td>"
			                "<td>%s</td><td>%s</td><td>%s</td><td>%s %s</td></tr>",
			             e->user, e->kind, when, _("office log"), e->user, e->peer, e->kind,
			             e->what, e->outcome);
		} else {
			const store_event_line *e = &el[ie++];
			char shortid[9];
			snprintf(shortid, sizeof(shortid), "%.8s", e->device);
			console_time_ms(when, sizeof(when), e->at_ms);
			console_html(q, "<tr class=\"event\" data-user=\"%s\" data-kind=\"%s\"><td>%s</td><td>%s</td>"
			                "<td>%s</td><td><code title=\"%s\">%s</code></td><td>%s</td><td>#%lld</td></tr>",
			             e->author, e->kind, when, _("event log"), e->author, e->device, shortid,
			             console_event_words(q, e->kind), (long long)e->seq);
		}
		shown++;
	}
	console_html(q, "</table><p class=\"pages\">");
	if (page > 0)
		console_html(q, "<a href=\"/audit?user=%u&amp;kind=%u&amp;source=%u&amp;from=%u&amp;to=%u&amp;page=%ld\" id=\"prev\">%s</a> ",
		             user, kind, src, from, to, page - 1, _("Previous"));
	if (io < no || ie < ne)
		console_html(q, "<a href=\"/audit?user=%u&amp;kind=%u&amp;source=%u&amp;from=%u&amp;to=%u&amp;page=%ld\" id=\"next\">%s</a>",
		             user, kind, src, from, to, page + 1, _("Next"));
	console_html(q, "</p>");
	console_end(q);
	free(ol);
	free(el);
}
