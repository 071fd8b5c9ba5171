/* report.c — doorstep-province report, as text for people or --json for
 * scripts (money as yuan strings with two decimals, as everywhere in
 * doorstep's JSON): households (for each county, its households by their
 * case's state and those the allowance reaches, and its money month by
 * month as its issued rolls paid it), duplicates (persons, by pseudonym,
 * paid in two counties or more in the same month, with the counties and
 * households), withdrawals (households in a withdrawal schedule, with its
 * last month), appeals (appeals not decided whose deadline has passed, by
 * county) and late (counties whose feed has not reached the province for
 * days). Only county codes, household ids, pseudonyms and figures
 * appear. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "sync/pg.h"
#include "sync/province/province.h"
#include "tui/i18n.h"
#include "tui/today.h"

static json_t *yuan(long long fen)
{
	char b[CORE_MONEY_BUF];
	core_money_format((core_fen)fen, b);
	return json_string(b);
}

/* The report as JSON, from the database. */
static ds_status households(PGconn *c, json_t **out, ds_error *err)
{
	json_t *counties = json_array(), *all = json_object();
	PGresult *r;
	ds_status st;
	long long t_hh = 0, t_recv = 0;
	*out = NULL;
	if (!counties || !all) {
		json_decref(counties);
		json_decref(all);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	/* every county enrolled, with what take has seen of it */
	r = PQexec(c, "SELECT c.county, coalesce(to_char(c.taken_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''),"
	              " c.taken_seq, (SELECT count(*) FROM household h WHERE h.county = c.county),"
	              " (SELECT count(*) FROM household h WHERE h.county = c.county"
	              "   AND h.status IN ('receiving', 'in_transition', 'suspended'))"
	              " FROM county c ORDER BY c.county");
	if ((st = sync_pg_ok(&r, "county", err)))
		goto fail;
	for (int i = 0; i < PQntuples(r); i++) {
		json_t *cj = json_pack("{s:s, s:s, s:I, s:I, s:I, s:o, s:o}", "county",
		                       PQgetvalue(r, i, 0), "taken_at", PQgetvalue(r, i, 1),
		                       "taken_seq", (json_int_t)atoll(PQgetvalue(r, i, 2)),
		                       "households", (json_int_t)atoll(PQgetvalue(r, i, 3)),
		                       "receiving", (json_int_t)atoll(PQgetvalue(r, i, 4)),
		                       "by_status", json_object(), "months", json_array());
		t_hh += atoll(PQgetvalue(r, i, 3));
		t_recv += atoll(PQgetvalue(r, i, 4));
		json_array_append_new(counties, cj);
	}
	PQclear(r);
	r = PQexec(c, "SELECT county, status, count(*) FROM household GROUP BY county, status"
	              " ORDER BY county, status");
	if ((st = sync_pg_ok(&r, "household", err)))
		goto fail;
	for (int i = 0; i < PQntuples(r); i++)
		for (size_t k = 0; k < json_array_size(counties); k++) {
			json_t *cj = json_array_get(counties, k);
			if (!strcmp(json_string_value(json_object_get(cj, "county")), PQgetvalue(r, i, 0)))
				json_object_set_new(json_object_get(cj, "by_status"), PQgetvalue(r, i, 1),
				                    json_integer(atoll(PQgetvalue(r, i, 2))));
		}
	PQclear(r);
	/* the money: each issued roll's totals, and its lines summed again */
	r = PQexec(c, "SELECT r.county, to_char(r.month, 'YYYY-MM'), r.households, r.lines, r.total_fen,"
	              " (SELECT coalesce(sum(amount_fen), 0) FROM payment p"
	              "   WHERE p.county = r.county AND p.month = r.month),"
	              " (SELECT count(DISTINCT household) FROM payment p"
	              "   WHERE p.county = r.county AND p.month = r.month)"
	              " FROM roll r ORDER BY r.county, r.month");
	if ((st = sync_pg_ok(&r, "roll", err)))
		goto fail;
	for (int i = 0; i < PQntuples(r); i++)
		for (size_t k = 0; k < json_array_size(counties); k++) {
			json_t *cj = json_array_get(counties, k);
			if (strcmp(json_string_value(json_object_get(cj, "county")), PQgetvalue(r, i, 0)))
				continue;
			json_array_append_new(
			        json_object_get(cj, "months"),
			        json_pack("{s:s, s:I, s:I, s:o, s:b}", "month", PQgetvalue(r, i, 1),
			                  "households", (json_int_t)atoll(PQgetvalue(r, i, 2)),
			                  "lines", (json_int_t)atoll(PQgetvalue(r, i, 3)), "total",
			                  yuan(atoll(PQgetvalue(r, i, 4))), "lines_agree",
			                  atoll(PQgetvalue(r, i, 4)) == atoll(PQgetvalue(r, i, 5)) &&
			                          atoll(PQgetvalue(r, i, 2)) == atoll(PQgetvalue(r, i, 6))));
		}
	PQclear(r);
	json_object_set_new(all, "counties", counties);
	json_object_set_new(all, "households", json_integer(t_hh));
	json_object_set_new(all, "receiving", json_integer(t_recv));
	*out = all;
	return DS_OK;
fail:
	json_decref(counties);
	json_decref(all);
	return st;
}

/* Persons (by pseudonym) paid in two counties or more in the same month,
 * from the issued rolls: each with the counties and households that paid
 * them. month NULL: every month. */
static ds_status duplicates(PGconn *c, const char *month, json_t **out, ds_error *err)
{
	const char *params[1] = {month};
	json_t *list = json_array(), *cur = NULL;
	PGresult *r;
	ds_status st;
	char last[80] = "";
	*out = NULL;
	if (!list)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	r = PQexecParams(c,
	                 "WITH paid AS (SELECT DISTINCT p.month, pe.pseudonym, p.county, p.household"
	                 "   FROM payment p JOIN person pe"
	                 "   ON pe.county = p.county AND pe.household = p.household"
	                 "   WHERE $1::text IS NULL OR p.month = to_date($1, 'YYYY-MM')),"
	                 " twice AS (SELECT month, pseudonym FROM paid GROUP BY month, pseudonym"
	                 "   HAVING count(DISTINCT county) > 1)"
	                 " SELECT to_char(month, 'YYYY-MM'), encode(pseudonym, 'hex'), county, household"
	                 " FROM paid JOIN twice USING (month, pseudonym)"
	                 " ORDER BY month, pseudonym, county, household",
	                 1, NULL, params, NULL, NULL, 0);
	if ((st = sync_pg_ok(&r, "payment", err))) {
		json_decref(list);
		return st;
	}
	for (int i = 0; i < PQntuples(r); i++) {
		char key[80];
		snprintf(key, sizeof(key), "%s %s", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1));
		if (strcmp(key, last)) {
			cur = json_pack("{s:s, s:s, s:[]}", "month", PQgetvalue(r, i, 0), "pseudonym",
			                PQgetvalue(r, i, 1), "cases");
			json_array_append_new(list, cur);
			snprintf(last, sizeof(last), "%s", key);
		}
		json_array_append_new(json_object_get(cur, "cases"),
		                      json_pack("{s:s, s:s}", "county", PQgetvalue(r, i, 2),
		                                "household", PQgetvalue(r, i, 3)));
	}
	PQclear(r);
	*out = json_pack("{s:o}", "duplicates", list);
	return *out ? DS_OK : ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
}

/* Counties whose feed has not reached the province for days or more (or
 * never has), with when it last did and how far take has checked. */
static ds_status late(PGconn *c, const char *days, json_t **out, ds_error *err)
{
	const char *params[1] = {days};
	json_t *list = json_array();
	PGresult *r;
	ds_status st;
	*out = NULL;
	if (!list)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	r = PQexecParams(c,
	                 "SELECT county, coalesce(to_char(fed_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''),"
	                 " coalesce(extract(day FROM now() - fed_at)::bigint, -1), taken_seq"
	                 " FROM county WHERE fed_at IS NULL OR fed_at < now() - make_interval(days => $1::int)"
	                 " ORDER BY fed_at NULLS FIRST, county",
	                 1, NULL, params, NULL, NULL, 0);
	if ((st = sync_pg_ok(&r, "county", err))) {
		json_decref(list);
		return st;
	}
	for (int i = 0; i < PQntuples(r); i++) {
		long long ago = atoll(PQgetvalue(r, i, 2));
		json_array_append_new(list, json_pack("{s:s, s:o, s:o, s:I}", "county",
		                                      PQgetvalue(r, i, 0), "fed_at",
		                                      *PQgetvalue(r, i, 1) ? json_string(PQgetvalue(r, i, 1))
		                                                           : json_null(),
		                                      "days", ago < 0 ? json_null() : json_integer(ago),
		                                      "taken_seq",
		                                      (json_int_t)atoll(PQgetvalue(r, i, 3))));
	}
	PQclear(r);
	*out = json_pack("{s:i, s:o}", "days", atoi(days), "late", list);
	return *out ? DS_OK : ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
}

/* Households in a withdrawal (渐退) schedule, county by county, each with
 * its last month, soonest first; with month, only those whose schedule
 * ends in or before it. */
static ds_status withdrawals(PGconn *c, const char *month, json_t **out, ds_error *err)
{
	const char *params[1] = {month};
	json_t *list = json_array();
	PGresult *r;
	ds_status st;
	*out = NULL;
	if (!list)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	r = PQexecParams(c,
	                 "SELECT county, household, transition_last, assistant, township, township_name,"
	                 " coalesce(to_char(decided, 'YYYY-MM-DD'), '')"
	                 " FROM household WHERE status = 'in_transition'"
	                 " AND ($1::text IS NULL OR (transition_last <> '' AND transition_last <= $1))"
	                 " ORDER BY transition_last, county, household",
	                 1, NULL, params, NULL, NULL, 0);
	if ((st = sync_pg_ok(&r, "household", err))) {
		json_decref(list);
		return st;
	}
	for (int i = 0; i < PQntuples(r); i++)
		json_array_append_new(
		        list, json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:o}", "county",
		                        PQgetvalue(r, i, 0), "household", PQgetvalue(r, i, 1),
		                        "last_month", PQgetvalue(r, i, 2), "assistant",
		                        PQgetvalue(r, i, 3), "township", "code", PQgetvalue(r, i, 4),
		                        "name", PQgetvalue(r, i, 5), "decided",
		                        *PQgetvalue(r, i, 6) ? json_string(PQgetvalue(r, i, 6))
		                                             : json_null()));
	PQclear(r);
	*out = json_pack("{s:o, s:o}", "month", month ? json_string(month) : json_null(),
	                 "withdrawals", list);
	return *out ? DS_OK : ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
}

/* Appeals received and not decided whose deadline to be decided is
 * before today, county by county (each county enrolled, with its count,
 * none too), each with its household, the days received and due and how
 * many days overdue, the oldest deadline first within its county. */
static ds_status appeals(PGconn *c, const char *today, json_t **out, ds_error *err)
{
	const char *params[1] = {today};
	json_t *counties = json_array(), *list = json_array();
	PGresult *r;
	ds_status st;
	*out = NULL;
	if (!counties || !list) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto fail;
	}
	r = PQexecParams(c,
	                 "SELECT c.county, (SELECT count(*) FROM household h WHERE h.county = c.county"
	                 "   AND h.appeal_open AND h.appeal_deadline < $1::date)"
	                 " FROM county c ORDER BY c.county",
	                 1, NULL, params, NULL, NULL, 0);
	if ((st = sync_pg_ok(&r, "county", err)))
		goto fail;
	for (int i = 0; i < PQntuples(r); i++)
		json_array_append_new(counties, json_pack("{s:s, s:I}", "county", PQgetvalue(r, i, 0),
		                                          "overdue",
		                                          (json_int_t)atoll(PQgetvalue(r, i, 1))));
	PQclear(r);
	r = PQexecParams(c,
	                 "SELECT county, household, coalesce(to_char(appeal_received, 'YYYY-MM-DD'), ''),"
	                 " to_char(appeal_deadline, 'YYYY-MM-DD'), $1::date - appeal_deadline"
	                 " FROM household WHERE appeal_open AND appeal_deadline < $1::date"
	                 " ORDER BY county, appeal_deadline, appeal_received, household",
	                 1, NULL, params, NULL, NULL, 0);
	if ((st = sync_pg_ok(&r, "household", err)))
		goto fail;
	for (int i = 0; i < PQntuples(r); i++)
		json_array_append_new(
		        list, json_pack("{s:s, s:s, s:o, s:s, s:I}", "county", PQgetvalue(r, i, 0),
		                        "household", PQgetvalue(r, i, 1), "received",
		                        *PQgetvalue(r, i, 2) ? json_string(PQgetvalue(r, i, 2))
		                                             : json_null(),
		                        "deadline", PQgetvalue(r, i, 3), "days_overdue",
		                        (json_int_t)atoll(PQgetvalue(r, i, 4))));
	PQclear(r);
	*out = json_pack("{s:s, s:o, s:o}", "today", today, "counties", counties, "appeals", list);
	return *out ? DS_OK : ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
fail:
	json_decref(counties);
	json_decref(list);
	return st;
}

static void print_appeals(json_t *j)
{
	json_t *cs = json_object_get(j, "counties"), *as = json_object_get(j, "appeals");
	printf(_("Appeals received, not decided and past their deadline on %s: %zu\n"),
	       json_string_value(json_object_get(j, "today")), json_array_size(as));
	for (size_t i = 0; i < json_array_size(cs); i++) {
		json_t *cj = json_array_get(cs, i);
		const char *county = json_string_value(json_object_get(cj, "county"));
		printf(_("  County %s: %lld overdue\n"), county,
		       (long long)json_integer_value(json_object_get(cj, "overdue")));
		for (size_t k = 0; k < json_array_size(as); k++) {
			json_t *a = json_array_get(as, k);
			if (strcmp(json_string_value(json_object_get(a, "county")), county))
				continue;
			printf(_("    %s  received %s  due %s  %lld days overdue\n"),
			       json_string_value(json_object_get(a, "household")),
			       json_is_string(json_object_get(a, "received"))
			               ? json_string_value(json_object_get(a, "received"))
			               : "-",
			       json_string_value(json_object_get(a, "deadline")),
			       (long long)json_integer_value(json_object_get(a, "days_overdue")));
		}
	}
}

static void print_withdrawals(json_t *j)
{
	json_t *ws = json_object_get(j, "withdrawals");
	printf(_("Households in a withdrawal schedule: %zu\n"), json_array_size(ws));
	for (size_t i = 0; i < json_array_size(ws); i++) {
		json_t *w = json_array_get(ws, i);
		printf(_("  County %s  %s  last month %s  (%s)\n"),
		       json_string_value(json_object_get(w, "county")),
		       json_string_value(json_object_get(w, "household")),
		       json_string_value(json_object_get(w, "last_month")),
		       json_string_value(json_object_get(w, "assistant")));
	}
}

/* --month YYYY-MM and --days N, checked; NULL when not given. */
static int report_options(const province_args *a, const char **month, const char **days)
{
	const char *m = province_opt(a, "month"), *d = province_opt(a, "days");
	*month = *days = NULL;
	bool month_ok = !strcmp(a->pos[0], "duplicates") || !strcmp(a->pos[0], "withdrawals");
	if (m && (!month_ok || strlen(m) != 7 || m[4] != '-' || strspn(m, "0123456789-") != 7 ||
	          atoi(m + 5) < 1 || atoi(m + 5) > 12))
		return province_usage_fail("--month", !month_ok
		                                              ? _("is for the duplicates and withdrawals reports")
		                                              : _("needs a month, YYYY-MM"));
	if (d && (strcmp(a->pos[0], "late") || !*d || strspn(d, "0123456789") != strlen(d) ||
	          strlen(d) > 4))
		return province_usage_fail("--days", strcmp(a->pos[0], "late")
		                                             ? _("is for the late report")
		                                             : _("needs a number of days, 0 to 9999"));
	*month = m;
	*days = d;
	return -1;
}

static void print_households(json_t *j)
{
	json_t *cs = json_object_get(j, "counties");
	printf(_("Households: %lld in %zu counties, %lld of them receiving.\n"),
	       (long long)json_integer_value(json_object_get(j, "households")), json_array_size(cs),
	       (long long)json_integer_value(json_object_get(j, "receiving")));
	for (size_t i = 0; i < json_array_size(cs); i++) {
		json_t *cj = json_array_get(cs, i), *ms = json_object_get(cj, "months");
		printf(_("  County %s: %lld households, %lld receiving\n"),
		       json_string_value(json_object_get(cj, "county")),
		       (long long)json_integer_value(json_object_get(cj, "households")),
		       (long long)json_integer_value(json_object_get(cj, "receiving")));
		for (size_t k = 0; k < json_array_size(ms); k++) {
			json_t *m = json_array_get(ms, k);
			printf(_("    %s  %lld households paid, %s yuan\n"),
			       json_string_value(json_object_get(m, "month")),
			       (long long)json_integer_value(json_object_get(m, "households")),
			       json_string_value(json_object_get(m, "total")));
		}
	}
}

static void print_duplicates(json_t *j)
{
	json_t *ds = json_object_get(j, "duplicates");
	printf(_("Persons paid in two counties or more in the same month: %zu\n"),
	       json_array_size(ds));
	for (size_t i = 0; i < json_array_size(ds); i++) {
		json_t *d = json_array_get(ds, i), *cs = json_object_get(d, "cases");
		printf("  %s  %.16s", json_string_value(json_object_get(d, "month")),
		       json_string_value(json_object_get(d, "pseudonym")));
		for (size_t k = 0; k < json_array_size(cs); k++)
			printf("%s%s %s", k ? ", " : "  ",
			       json_string_value(json_object_get(json_array_get(cs, k), "county")),
			       json_string_value(json_object_get(json_array_get(cs, k), "household")));
		printf("\n");
	}
}

static void print_late(json_t *j)
{
	json_t *ls = json_object_get(j, "late");
	printf(_("Counties whose feed has not reached the province for %lld days or more: %zu\n"),
	       (long long)json_integer_value(json_object_get(j, "days")), json_array_size(ls));
	for (size_t i = 0; i < json_array_size(ls); i++) {
		json_t *l = json_array_get(ls, i);
		if (json_is_null(json_object_get(l, "fed_at")))
			printf(_("  County %s: never fed\n"), json_string_value(json_object_get(l, "county")));
		else
			printf(_("  County %s: last fed %s, %lld days ago\n"),
			       json_string_value(json_object_get(l, "county")),
			       json_string_value(json_object_get(l, "fed_at")),
			       (long long)json_integer_value(json_object_get(l, "days")));
	}
}

/* X(name, how it prints): the province's reports, one row each (the
 * usage line names them in main.c). */
#define PROVINCE_REPORT_LIST(X)                       \
	X(households, print_households)               \
	X(duplicates, print_duplicates)               \
	X(withdrawals, print_withdrawals)             \
	X(appeals, print_appeals)                     \
	X(late, print_late)

static const struct {
	const char *name;
	void (*print)(json_t *j);
} reports[] = {
#define X(name, print) {#name, print},
	PROVINCE_REPORT_LIST(X)
#undef X
};

int province_cmd_report(const province_args *a)
{
	PGconn *c = NULL;
	json_t *j = NULL;
	const char *month, *days, *name = a->pos[0];
	char today[11];
	core_date td;
	ds_error err;
	ds_status st;
	int rc, which = -1;
	for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]); i++)
		if (!strcmp(name, reports[i].name))
			which = (int)i;
	if (which < 0)
		return province_usage_fail(name, _("unknown report; the province's reports: households, duplicates, withdrawals, appeals, late"));
	if ((rc = report_options(a, &month, &days)) >= 0)
		return rc;
	if (cli_today(&td, &err))
		return province_fail(&err);
	core_date_format(td, today);
	if (province_connect(a, true, &c, &err))
		return province_fail(&err);
	if (!strcmp(name, "households"))
		st = households(c, &j, &err);
	else if (!strcmp(name, "duplicates"))
		st = duplicates(c, month, &j, &err);
	else if (!strcmp(name, "withdrawals"))
		st = withdrawals(c, month, &j, &err);
	else if (!strcmp(name, "appeals"))
		st = appeals(c, today, &j, &err);
	else
		st = late(c, days ? days : "7", &j, &err);
	PQfinish(c);
	if (st)
		return province_fail(&err);
	if (province_opt(a, "json")) {
		char *t = json_dumps(j, JSON_INDENT(2));
		printf("%s\n", t ? t : "{}");
		free(t);
	} else {
		reports[which].print(j);
	}
	json_decref(j);
	return 0;
}
