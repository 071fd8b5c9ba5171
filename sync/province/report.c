/* report.c — doorstep-province report, as text for people or --json for
 * scripts (money as yuan strings with two decimals, as everywhere in
 * doorstep's JSON): households (for each county, its households by their
 * case's state and those the allowance reaches, and its money month by
 * month as its issued rolls paid it), duplicates (persons, by pseudonym,
 * paid in two counties or more in the same month, with the counties and
 * households), withdrawals (households in a withdrawal schedule, with its
 * last month), appeals (appeals not decided whose deadline has passed, by
 * county), budget (the counties' budgets for a year as each county signed
 * it, summed month by month) and late (counties whose feed has not reached
 * the province for days). Only county codes, household ids, pseudonyms and figures
 * appear. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "sync/pg.h"
#include "sync/provbudget.h"
#include "sync/province/province.h"
#include "tui/i18n.h"
#include "tui/text.h"
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

/* A county's budget rows read for the report. */
typedef struct {
	char county[8], as_of[11];
	int64_t log_seq;
	bool ok; /* its signature verified */
} budget_row;

/* The row of r at i as the county signed it. */
static sync_provbudget budget_of(PGresult *r, int i, int year)
{
	sync_provbudget b = {PQgetvalue(r, i, 0), year, atoi(PQgetvalue(r, i, 1)),
	                     atoll(PQgetvalue(r, i, 2)), PQgetvalue(r, i, 3), PQgetvalue(r, i, 4),
	                     PQgetvalue(r, i, 5), atoll(PQgetvalue(r, i, 6)),
	                     atoll(PQgetvalue(r, i, 7)), atoll(PQgetvalue(r, i, 8)),
	                     atoll(PQgetvalue(r, i, 9))};
	return b;
}

/* Names a row left out, on stderr, and in the report's "refused". */
static void budget_refuse(json_t *refused, const sync_provbudget *b, const char *fmt)
{
	char where[64], m[16];
	ds_error e;
	snprintf(m, sizeof(m), "%d-%02d", b->year, b->month);
	snprintf(where, sizeof(where), "county %s, budget %s", b->county, m);
	ds_fail(&e, DS_EDAMAGED, where, fmt);
	province_fail(&e);
	json_array_append_new(refused, json_pack("{s:s, s:s}", "county", b->county, "month", m));
}

/* The year's budget summed over counties, month by month (paid: actual
 * months; projected: the others), and each county's twelve months, from
 * the rows the counties' feeds sent; a row is counted only when the
 * county's signature over it verifies under its enrolled key and it was
 * made with the county's other months (the same log position and day).
 * *refused: the rows left out, each named on stderr. */
static ds_status budget(PGconn *c, int year, json_t **out, int *n_refused, ds_error *err)
{
	char ys[16];
	const char *params[1] = {ys};
	json_t *counties = json_array(), *missing = json_array(), *refused = json_array(),
	       *months = json_array();
	int64_t paid[12] = {0}, projected[12] = {0}, hh[12] = {0}, nc[12] = {0}, t_paid = 0,
	        t_proj = 0;
	budget_row *rows = NULL;
	PGresult *r = NULL;
	ds_status st;
	int n;
	*out = NULL;
	*n_refused = 0;
	snprintf(ys, sizeof(ys), "%d", year);
	if (!counties || !missing || !refused || !months) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto fail;
	}
	r = PQexecParams(c,
	                 "SELECT b.county, b.month, b.log_seq, to_char(b.as_of, 'YYYY-MM-DD'), b.policy,"
	                 " b.kind, b.amount_fen, b.households, b.regular, b.withdrawal, b.sig, c.sign_pk"
	                 " FROM budget b JOIN county c ON c.county = b.county"
	                 " WHERE b.year = $1::int ORDER BY b.county, b.month",
	                 1, NULL, params, NULL, NULL, 0);
	if ((st = sync_pg_ok(&r, "budget", err)))
		goto fail;
	n = PQntuples(r);
	if (n && !(rows = calloc((size_t)n, sizeof(*rows)))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto fail;
	}
	/* every signature checked before a figure is read */
	for (int i = 0; i < n; i++) {
		sync_provbudget b = budget_of(r, i, year);
		unsigned char sig[SYNC_PROV_SIG_BYTES], pk[STORE_SIGN_PK_BYTES];
		snprintf(rows[i].county, sizeof(rows[i].county), "%s", b.county);
		snprintf(rows[i].as_of, sizeof(rows[i].as_of), "%s", b.as_of);
		rows[i].log_seq = b.log_seq;
		rows[i].ok = sync_pg_unbytea(sig, sizeof(sig), PQgetvalue(r, i, 10)) &&
		             sync_pg_unbytea(pk, sizeof(pk), PQgetvalue(r, i, 11)) &&
		             sync_provbudget_verify(sig, &b, pk);
		if (!rows[i].ok) {
			budget_refuse(refused, &b,
			              N_("the row's signature does not verify under the county's enrolled key: it is left out"));
			(*n_refused)++;
		}
	}
	/* county by county: the months of its latest making */
	for (int i = 0; i < n;) {
		int j = i, newest = -1;
		json_t *cm = json_array(), *cj;
		int64_t total = 0;
		while (j < n && !strcmp(rows[j].county, rows[i].county))
			j++;
		for (int k = i; k < j; k++)
			if (rows[k].ok && (newest < 0 || strcmp(rows[k].as_of, rows[newest].as_of) > 0 ||
			                   (!strcmp(rows[k].as_of, rows[newest].as_of) &&
			                    rows[k].log_seq > rows[newest].log_seq)))
				newest = k;
		for (int k = i; k < j && newest >= 0; k++) {
			sync_provbudget b = budget_of(r, k, year);
			char m[8];
			int mi = b.month - 1;
			if (!rows[k].ok)
				continue;
			if (strcmp(rows[k].as_of, rows[newest].as_of) ||
			    rows[k].log_seq != rows[newest].log_seq) {
				budget_refuse(refused, &b,
				              N_("the row was not made with the county's other months (another log position or day): it is left out"));
				(*n_refused)++;
				continue;
			}
			snprintf(m, sizeof(m), "%d-%02d", year, b.month);
			json_array_append_new(cm, json_pack("{s:s, s:s, s:o, s:I, s:I, s:I}", "month", m,
			                                    "kind", b.kind, "amount", yuan(b.amount_fen),
			                                    "households", (json_int_t)b.households,
			                                    "regular", (json_int_t)b.regular,
			                                    "withdrawal", (json_int_t)b.withdrawal));
			if (!strcmp(b.kind, "actual"))
				paid[mi] += b.amount_fen;
			else
				projected[mi] += b.amount_fen;
			hh[mi] += b.households;
			nc[mi]++;
			total += b.amount_fen;
		}
		if (newest >= 0) {
			cj = json_pack("{s:s, s:s, s:I, s:s, s:o, s:o, s:b}", "county", rows[i].county,
			               "as_of", rows[newest].as_of, "log_seq",
			               (json_int_t)rows[newest].log_seq, "policy",
			               PQgetvalue(r, newest, 4), "months", cm, "total", yuan(total),
			               "complete", json_array_size(cm) == 12);
			json_array_append_new(counties, cj);
		} else {
			json_decref(cm);
		}
		i = j;
	}
	PQclear(r);
	r = NULL;
	/* the counties enrolled with no budget for the year that verifies */
	r = PQexec(c, "SELECT county FROM county ORDER BY county");
	if ((st = sync_pg_ok(&r, "county", err)))
		goto fail;
	for (int i = 0; i < PQntuples(r); i++) {
		bool has = false;
		for (size_t k = 0; k < json_array_size(counties) && !has; k++)
			has = !strcmp(json_string_value(json_object_get(json_array_get(counties, k), "county")),
			              PQgetvalue(r, i, 0));
		if (!has)
			json_array_append_new(missing, json_string(PQgetvalue(r, i, 0)));
	}
	PQclear(r);
	r = NULL;
	for (int i = 0; i < 12; i++) {
		char m[8];
		snprintf(m, sizeof(m), "%d-%02d", year, i + 1);
		json_array_append_new(months, json_pack("{s:s, s:o, s:o, s:o, s:I, s:I}", "month", m,
		                                        "paid", yuan(paid[i]), "projected",
		                                        yuan(projected[i]), "total",
		                                        yuan(paid[i] + projected[i]), "households",
		                                        (json_int_t)hh[i], "counties",
		                                        (json_int_t)nc[i]));
		t_paid += paid[i];
		t_proj += projected[i];
	}
	free(rows);
	*out = json_pack("{s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "year", year, "months", months,
	                 "paid", yuan(t_paid), "projected", yuan(t_proj), "total",
	                 yuan(t_paid + t_proj), "counties", counties, "missing", missing, "refused",
	                 refused);
	return *out ? DS_OK : ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
fail:
	PQclear(r);
	free(rows);
	json_decref(counties);
	json_decref(missing);
	json_decref(refused);
	json_decref(months);
	return st;
}

static const char *kind_words(const char *kind)
{
	return !strcmp(kind, "actual") ? _("actual") : _("projected");
}

/* A heading in width display columns, to the left when width < 0. */
static const char *col(char out[64], const char *s, int width)
{
	if (width < 0)
		text_fit(out, 64, s, -width, true);
	else
		text_fit_right(out, 64, s, width);
	return out;
}

static void print_budget(json_t *j)
{
	char h1[64], h2[64], h3[64], h4[64];
	json_t *ms = json_object_get(j, "months"), *cs = json_object_get(j, "counties"),
	       *miss = json_object_get(j, "missing");
	printf(_("Budget for %lld summed over %zu counties (yuan):\n"),
	       (long long)json_integer_value(json_object_get(j, "year")), json_array_size(cs));
	printf("  %s %s %s %s\n", col(h1, _("Month"), -8), col(h2, _("Paid"), 16),
	       col(h3, _("Projected"), 16), col(h4, _("Households"), 12));
	for (size_t i = 0; i < json_array_size(ms); i++) {
		json_t *m = json_array_get(ms, i);
		printf("  %-8s %16s %16s %12lld\n", json_string_value(json_object_get(m, "month")),
		       json_string_value(json_object_get(m, "paid")),
		       json_string_value(json_object_get(m, "projected")),
		       (long long)json_integer_value(json_object_get(m, "households")));
	}
	printf("  %s %16s %16s\n", col(h1, _("Year"), -8), json_string_value(json_object_get(j, "paid")),
	       json_string_value(json_object_get(j, "projected")));
	for (size_t i = 0; i < json_array_size(cs); i++) {
		json_t *cj = json_array_get(cs, i), *cm = json_object_get(cj, "months");
		printf(_("  County %s: %s yuan (made on %s at log position %lld, policy %s)\n"),
		       json_string_value(json_object_get(cj, "county")),
		       json_string_value(json_object_get(cj, "total")),
		       json_string_value(json_object_get(cj, "as_of")),
		       (long long)json_integer_value(json_object_get(cj, "log_seq")),
		       json_string_value(json_object_get(cj, "policy")));
		for (size_t k = 0; k < json_array_size(cm); k++) {
			json_t *m = json_array_get(cm, k);
			printf(_("    %s  %16s  %lld households  %s\n"),
			       json_string_value(json_object_get(m, "month")),
			       json_string_value(json_object_get(m, "amount")),
			       (long long)json_integer_value(json_object_get(m, "households")),
			       kind_words(json_string_value(json_object_get(m, "kind"))));
		}
	}
	if (json_array_size(miss)) {
		printf(_("Counties with no budget for %lld:"),
		       (long long)json_integer_value(json_object_get(j, "year")));
		for (size_t i = 0; i < json_array_size(miss); i++)
			printf(" %s", json_string_value(json_array_get(miss, i)));
		printf("\n");
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

/* --year YYYY, for the budget report and needed by it. */
static int year_option(const province_args *a, int *year)
{
	const char *y = province_opt(a, "year");
	bool budget = !strcmp(a->pos[0], "budget");
	*year = 0;
	if (y && !budget)
		return province_usage_fail("--year", _("is for the budget report"));
	if (!budget)
		return -1;
	if (!y || !*y)
		return province_usage_fail("--year", _("is needed, e.g. --year 2026"));
	if (strlen(y) != 4 || strspn(y, "0123456789") != 4 || atoi(y) < 2000 || atoi(y) > 2100)
		return province_usage_fail("--year", _("must be a year from 2000 to 2100, e.g. 2026"));
	*year = atoi(y);
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
	X(budget, print_budget)                       \
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
	int rc, which = -1, year = 0, n_refused = 0;
	for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]); i++)
		if (!strcmp(name, reports[i].name))
			which = (int)i;
	if (which < 0)
		return province_usage_fail(name, _("unknown report; the province's reports: households, duplicates, withdrawals, appeals, budget, late"));
	if ((rc = report_options(a, &month, &days)) >= 0 || (rc = year_option(a, &year)) >= 0)
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
	else if (!strcmp(name, "budget"))
		st = budget(c, year, &j, &n_refused, &err);
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
	/* each row left out was named where it was found */
	return n_refused ? ds_status_exit(DS_EDAMAGED) : 0;
}
