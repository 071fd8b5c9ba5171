/* feedbudget.c — the county's budget sent to the province: the province
 * may not see incomes, so it cannot project a budget by itself. After each
 * round of the feed, the county's budget for the year of its day, the
 * figures `doorstep-county budget --year Y --json` gives month by month
 * (actual or projected, outlay, households, regular and withdrawal
 * payments), each month a row of the province's budget table signed by
 * the county (sync/provbudget.h). Made again only when the county's log
 * has moved or its day has changed since the rows the province holds were
 * made, or when one of those no longer verifies under the county's key;
 * otherwise one query and twelve signatures checked. The year's budget
 * is made here for the budget command too (county_budget_year), so that
 * both say the same figures. See sync/province/PROVINCE.md, "The
 * budget". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/replica.h"
#include "sync/county/cmd.h"
#include "sync/pg.h"
#include "sync/provbudget.h"
#include "sync/provrec.h"
#include "tui/i18n.h"
#include "tui/today.h"

/* ---- the year's budget, as the budget command makes it -------------------------- */

const char *county_budget_kind(int year, core_month this_month, int i)
{
	return core_month_make(year, i + 1) <= this_month ? "actual" : "projected";
}

ds_status county_budget_year(ds_store *s, int year, const core_policy *proposed,
                             store_budget *out, core_month *this_month, ds_error *err)
{
	store_roll_total actual[CORE_BUDGET_MONTHS];
	size_t n_actual = 0;
	core_date today = store_today(s); /* the county's commands take it as laptops do */
	int ty, tm, td;
	*this_month = core_month_of_date(today);
	/* the months up to this one are actual: store_budget_make puts their
	 * payment rolls' figures in place of the projection's */
	memset(actual, 0, sizeof(actual));
	for (int i = 0; i < CORE_BUDGET_MONTHS; i++)
		if (core_month_make(year, i + 1) <= *this_month)
			actual[n_actual++].month = core_month_make(year, i + 1);
	/* the cases as they stand today, or on the year's first day when the
	 * year is still to come */
	core_date_to_ymd(today, &ty, &tm, &td);
	return store_budget_make(s, year, ty >= year ? today : core_date_from_ymd(year, 1, 1),
	                         proposed, actual, n_actual, out, err);
}

/* ---- sent to the province --------------------------------------------------------- */

#define BUDGET_PUT                                                                          \
	"INSERT INTO budget (county, year, month, log_seq, as_of, policy, kind, amount_fen,"   \
	" households, regular, withdrawal, sig) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"   \
	" $10, $11, $12::bytea) ON CONFLICT (county, year, month) DO UPDATE SET"              \
	" log_seq = $4, as_of = $5, policy = $6, kind = $7, amount_fen = $8, households = $9," \
	" regular = $10, withdrawal = $11, sig = $12::bytea, received = now()"

/* Whether the province holds this year's twelve rows made at this log
 * position on this day, each signed by this county (a row altered at the
 * province is sent again). */
static ds_status province_has(PGconn *c, const char *county, int year, const char *seq,
                              const char *as_of, const unsigned char *sign_pk, bool *has,
                              ds_error *err)
{
	char ys[16];
	const char *params[4] = {county, ys, seq, as_of};
	PGresult *r;
	ds_status st;
	int n;
	snprintf(ys, sizeof(ys), "%d", year);
	r = PQexecParams(c, "SELECT month, policy, kind, amount_fen, households, regular,"
	                    " withdrawal, sig FROM budget WHERE county = $1 AND year = $2::int"
	                    " AND log_seq = $3::bigint AND as_of = $4::date ORDER BY month",
	                 4, NULL, params, NULL, NULL, 0);
	if ((st = sync_pg_ok(&r, "budget", err)))
		return st;
	n = PQntuples(r);
	*has = n == CORE_BUDGET_MONTHS;
	for (int i = 0; *has && i < n; i++) {
		sync_provbudget b = {county, year, atoi(PQgetvalue(r, i, 0)), atoll(seq), as_of,
		                     PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
		                     atoll(PQgetvalue(r, i, 3)), atoll(PQgetvalue(r, i, 4)),
		                     atoll(PQgetvalue(r, i, 5)), atoll(PQgetvalue(r, i, 6))};
		unsigned char sig[SYNC_PROV_SIG_BYTES];
		*has = sync_pg_unbytea(sig, sizeof(sig), PQgetvalue(r, i, 7)) &&
		       sync_provbudget_verify(sig, &b, sign_pk);
	}
	PQclear(r);
	return DS_OK;
}

/* The year's twelve rows, signed, in place of the province's. */
static ds_status send_rows(PGconn *c, const char *county, int year, int64_t seq,
                           const char *as_of, const store_budget *b, core_month this_month,
                           const unsigned char *sign_sk, ds_error *err)
{
	ds_status st;
	if ((st = sync_pg_exec(c, "BEGIN", "budget", err)))
		return st;
	for (int i = 0; i < CORE_BUDGET_MONTHS; i++) {
		sync_provbudget row = {county, year, i + 1, seq, as_of, b->current->version,
		                       county_budget_kind(year, this_month, i),
		                       (int64_t)b->year.amount[i], b->year.households[i],
		                       b->year.regular[i], b->year.withdrawal[i]};
		unsigned char sig[SYNC_PROV_SIG_BYTES];
		char y[16], m[16], sq[24], amount[24], hh[24], reg[24], wd[24],
		        sh[2 * SYNC_PROV_SIG_BYTES + 3];
		const char *p[12] = {county, y, m, sq, as_of, row.policy, row.kind, amount, hh, reg,
		                     wd, sh};
		PGresult *r;
		if (!sync_provbudget_sign(sig, &row, sign_sk)) {
			st = ds_fail(err, DS_EINPUT, "policy", N_("the policy's version is too long to send"));
			break;
		}
		snprintf(y, sizeof(y), "%d", year);
		snprintf(m, sizeof(m), "%d", i + 1);
		snprintf(sq, sizeof(sq), "%lld", (long long)seq);
		snprintf(amount, sizeof(amount), "%lld", (long long)row.amount_fen);
		snprintf(hh, sizeof(hh), "%lld", (long long)row.households);
		snprintf(reg, sizeof(reg), "%lld", (long long)row.regular);
		snprintf(wd, sizeof(wd), "%lld", (long long)row.withdrawal);
		sync_pg_bytea(sh, sig, sizeof(sig));
		r = PQexecParams(c, BUDGET_PUT, 12, NULL, p, NULL, NULL, 0);
		st = sync_pg_ok(&r, "budget", err);
		PQclear(r);
		if (st)
			break;
	}
	if (st) {
		sync_pg_exec(c, "ROLLBACK", "budget", NULL);
		return st;
	}
	return sync_pg_exec(c, "COMMIT", "budget", err);
}

ds_status county_feed_budget(ds_store *s, const char *url, ds_error *err)
{
	char county[SYNC_PROV_COUNTY_LEN + 1], as_of[11], seq_s[24];
	core_date today;
	int64_t seq = store_last_seq(s); /* read first: a later event makes them again */
	int year, mo, d;
	store_secret *sign_sk = NULL;
	store_device_pub me;
	store_budget b;
	core_month this_month;
	PGconn *c = NULL;
	bool has = false, made = false;
	ds_status st;
	/* the day asked again each round: the store took it when it opened,
	 * and a feed --every runs past midnight, and past the new year */
	if ((st = cli_today(&today, err)))
		return st;
	store_set_today(s, today);
	snprintf(county, sizeof(county), "%s", store_region(s));
	core_date_to_ymd(today, &year, &mo, &d);
	core_date_format(today, as_of);
	snprintf(seq_s, sizeof(seq_s), "%lld", (long long)seq);
	memset(&b, 0, sizeof(b));
	if ((st = store_device(s, &me, NULL, &sign_sk, err)) ||
	    (st = sync_pg_connect(url, "province", &c, err)) ||
	    (st = province_has(c, county, year, seq_s, as_of, me.sign_pk, &has, err)) || has ||
	    (st = county_budget_year(s, year, NULL, &b, &this_month, err)))
		goto out;
	made = true;
	st = send_rows(c, county, year, seq, as_of, &b, this_month, sign_sk->p, err);
out:
	if (made)
		store_budget_free(&b);
	store_secret_free(&sign_sk);
	if (c)
		PQfinish(c);
	if (!st && !has) {
		printf(_("County %s: its budget for %d, made at log position %lld on %s, sent to the province.\n"),
		       county, year, (long long)seq, as_of);
		fflush(stdout);
	}
	return st;
}
