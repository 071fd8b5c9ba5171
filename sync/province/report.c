/* report.c — doorstep-province report households: for each county, its
 * households (by their case's state, and those the allowance reaches) and
 * its money month by month as its issued rolls paid it (households paid,
 * lines, total), as text for people or --json for scripts (money as yuan
 * strings with two decimals, as everywhere in doorstep's JSON). Only
 * county codes and figures appear. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "sync/pg.h"
#include "sync/province/province.h"
#include "tui/i18n.h"

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

int province_cmd_report(const province_args *a)
{
	PGconn *c = NULL;
	json_t *j = NULL;
	ds_error err;
	if (strcmp(a->pos[0], "households"))
		return province_usage_fail(a->pos[0], _("unknown report; the province's reports: households"));
	if (province_connect(a, true, &c, &err) || households(c, &j, &err)) {
		if (c)
			PQfinish(c);
		return province_fail(&err);
	}
	PQfinish(c);
	if (province_opt(a, "json")) {
		char *t = json_dumps(j, JSON_INDENT(2));
		printf("%s\n", t ? t : "{}");
		free(t);
	} else {
		json_t *cs = json_object_get(j, "counties");
		printf(_("Households: %lld in %zu counties, %lld of them receiving.\n"),
		       (long long)json_integer_value(json_object_get(j, "households")),
		       json_array_size(cs),
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
	json_decref(j);
	return 0;
}
