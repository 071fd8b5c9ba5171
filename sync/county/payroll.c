/* payroll.c — doorstep-county payroll: the month's payment roll made from
 * the county's log (shown, or written as CSV, JSON or a workbook), issued
 * (the month closed with a signed event holding the roll's hash and
 * totals), and checked (made again from the log and compared). */
#include <stdio.h>
#include <string.h>

#include "store/payroll.h"
#include "sync/county/cmd.h"
#include "tui/i18n.h"
#include "tui/roll.h"

int county_cmd_payroll(const county_args *a)
{
	roll_form f = {county_opt(a, "json") != NULL, county_opt(a, "csv") != NULL,
	               county_opt(a, "xlsx"), county_opt(a, "encoding"), false};
	const char *what = a->npos ? a->pos[0] : "";
	const char *month = county_opt(a, "month");
	core_month m;
	store_roll r;
	ds_store *s = NULL;
	ds_error err;
	ds_status st;
	bool already = false;
	if (a->npos > 1)
		return county_usage_fail(a->pos[1], _("too many arguments"));
	if (*what && strcmp(what, "issue") && strcmp(what, "check"))
		return county_usage_fail(what, _("must be issue or check, or nothing to show the roll"));
	if (!month)
		return county_usage_fail("--month", _("is needed, e.g. --month 2026-03"));
	if (core_month_parse(month, &m, "--month", &err)) {
		err.status = DS_EUSAGE; /* a value that is no month: wrong use */
		return county_fail(&err);
	}
	if (roll_form_check(&f, &err))
		return county_fail(&err);
	if (county_open(a, &s, &err))
		return county_fail(&err);
	if (!strcmp(what, "issue"))
		st = store_roll_issue(s, m, &r, &already, &err);
	else if (!strcmp(what, "check"))
		st = store_roll_check(s, m, &r, &err);
	else
		st = store_roll_make(s, m, &r, &err);
	store_close(&s);
	if (st) {
		store_roll_free(&r);
		return county_fail(&err);
	}
	if (!strcmp(what, "issue") && !f.json && !f.csv && !f.xlsx) {
		roll_say_issued(&r, already, stdout);
	} else if (!strcmp(what, "check") && !f.json && !f.csv && !f.xlsx) {
		char mo[8];
		core_month_format(m, mo);
		printf(_("The roll of %s made again from the log matches the one issued.\n"), mo);
	} else if ((st = roll_write(&r, &f, stdout, &err))) {
		store_roll_free(&r);
		return county_fail(&err);
	}
	store_roll_free(&r);
	return 0;
}
