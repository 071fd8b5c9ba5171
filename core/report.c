/* report.c — the rules of the county's reports (report.h). */
#include <string.h>

#include "report.h"

bool core_report_paid(core_state s)
{
	return s == CORE_STATE_RECEIVING || s == CORE_STATE_IN_TRANSITION;
}

bool core_report_within(core_date d, core_date today, int days)
{
	return (int64_t)d <= (int64_t)today + days;
}

ds_status core_report_days(const char *text, const char *field, int *days,
                           ds_error *err)
{
	long v = 0;
	size_t len = text ? strlen(text) : 0;
	bool digits = len > 0 && len <= 5;
	for (size_t i = 0; digits && i < len; i++) {
		digits = text[i] >= '0' && text[i] <= '9';
		v = v * 10 + (text[i] - '0');
	}
	if (!digits || v > CORE_REPORT_DAYS_MAX)
		return ds_fail(err, DS_EINPUT, field,
		               N_("is not a whole number of days from 0 to 3660"));
	*days = (int)v;
	return DS_OK;
}
