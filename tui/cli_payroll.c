/* cli_payroll.c — doorstep payroll: the month's payment roll for the
 * households this laptop holds, on a supervisor's laptop: what each is
 * owed for the month. Only the county issues a month, and only its roll
 * carries the corrections of months it issued (a laptop does not know
 * what the county's log held when it issued them). */
#include <stdio.h>

#include "store/payroll.h"
#include "tui/cli.h"
#include "tui/i18n.h"
#include "tui/roll.h"

int cmd_payroll(cli *c)
{
	roll_form f = {cli_flag(c, "json"), cli_flag(c, "csv"), cli_opt(c, "xlsx"),
	               cli_opt(c, "encoding"), true};
	const char *month = cli_opt(c, "month");
	core_month m;
	store_roll r;
	ds_store *s = NULL;
	ds_error err;
	int rc = 0;
	if (!month) {
		ds_fail(&err, DS_EUSAGE, "--month", N_("is needed, e.g. --month 2026-03"));
		return cli_error(&err);
	}
	if (core_month_parse(month, &m, "--month", &err)) {
		err.status = DS_EUSAGE; /* a value that is no month: wrong use */
		return cli_error(&err);
	}
	if (roll_form_check(&f, &err))
		return cli_error(&err);
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_role(s) != CORE_ROLE_SUPERVISOR) {
		store_close(&s);
		ds_fail(&err, DS_EPERM, "payroll", N_("the payment roll is a supervisor's"));
		return cli_error(&err);
	}
	if (store_roll_make(s, m, &r, &err) || roll_write(&r, &f, stdout, &err))
		rc = cli_error(&err);
	store_roll_free(&r);
	store_close(&s);
	return rc;
}
