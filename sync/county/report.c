/* report.c — doorstep-county report: being built (issue 14). */
#include "sync/county/cmd.h"
#include "tui/i18n.h"

int county_cmd_report(const county_args *a)
{
	(void)a;
	return county_usage_fail("report", _("is not built yet"));
}
