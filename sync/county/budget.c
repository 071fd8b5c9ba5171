/* budget.c — doorstep-county budget: being built (issue 14). */
#include "sync/county/cmd.h"
#include "tui/i18n.h"

int county_cmd_budget(const county_args *a)
{
	(void)a;
	return county_usage_fail("budget", _("is not built yet"));
}
