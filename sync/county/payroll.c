/* payroll.c — doorstep-county payroll: being built (issue 14). */
#include "sync/county/cmd.h"
#include "tui/i18n.h"

int county_cmd_payroll(const county_args *a)
{
	(void)a;
	return county_usage_fail("payroll", _("is not built yet"));
}
