/* relief_words.c — a relief case in words (relief_words.h). */
#include "tui/relief_words.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/i18n.h"

static const struct {
	core_relief_state state;
	const char *words;
} state_words[] = {
	{CORE_RELIEF_FILED, N_("being investigated")},
	{CORE_RELIEF_PROPOSED, N_("proposed, for a second person to decide")},
	{CORE_RELIEF_AT_COUNTY, N_("above the township's limit: with the county")},
	{CORE_RELIEF_APPROVED, N_("approved")},
	{CORE_RELIEF_REFUSED, N_("refused")},
};

const char *relief_state_text(core_relief_state s)
{
	for (size_t i = 0; i < sizeof(state_words) / sizeof(state_words[0]); i++)
		if (state_words[i].state == s)
			return _(state_words[i].words);
	return core_relief_state_id(s);
}

void relief_line_text(const core_relief_line *l, char *out, size_t len)
{
	const char *v[CORE_RELIEF_FIGURES] = {"", "", "", ""};
	for (int k = 0; k < l->n && k < CORE_RELIEF_FIGURES; k++)
		v[k] = l->fig[k].value;
	switch (l->code) {
	case CORE_RELIEF_LINE_CAUSE: {
		int c = core_relief_cause_lookup(v[0]);
		snprintf(out, len, _("Cause: %s"),
		         c >= 0 ? _(core_relief_cause_words((core_relief_cause)c)) : v[0]);
		break;
	}
	case CORE_RELIEF_LINE_STANDARD:
		snprintf(out, len, _("Standard S: %s yuan a month"), v[0]);
		break;
	case CORE_RELIEF_LINE_GUIDANCE:
		if (!strcmp(v[1], "yes"))
			snprintf(out, len,
			         ngettext("Guidance: %1$s × S for %2$s person = %3$s yuan",
			                  "Guidance: %1$s × S for each of %2$s people = %3$s yuan",
			                  strtoul(v[2], NULL, 10)),
			         v[0], v[2], v[3]);
		else
			snprintf(out, len, _("Guidance: %s × S for the household = %s yuan"), v[0],
			         v[3]);
		break;
	case CORE_RELIEF_LINE_PROPOSED:
		snprintf(out, len, _("Proposed: %s yuan"), v[0]);
		break;
	case CORE_RELIEF_LINE_TOWNSHIP:
		snprintf(out, len,
		         !strcmp(v[2], "yes") ? _("Within the township's limit of %s × S = %s yuan: the township decides")
		                              : _("Above the township's limit of %s × S = %s yuan"),
		         v[0], v[1]);
		break;
	case CORE_RELIEF_LINE_COUNTY:
		snprintf(out, len, _("Within the county's limit of %s × S = %s yuan: the county decides"),
		         v[0], v[1]);
		break;
	case CORE_RELIEF_LINE_PAY_FIRST:
		snprintf(out, len, _("Paid first within its limit of %s × S = %s yuan"), v[0], v[1]);
		break;
	case CORE_RELIEF_LINE_YEAR:
		snprintf(out, len,
		         _("Relief in 12 months: %s yuan before, %s with this; the cap for the supervisor's notice is %s × S = %s yuan"),
		         v[2], v[3], v[0], v[1]);
		break;
	case CORE_RELIEF_LINE_COUNT:
		out[0] = '\0';
		break;
	}
}

typedef struct {
	void (*emit)(void *ctx, const char *line);
	void *ctx;
} sink;

static void say(const sink *o, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
static void say(const sink *o, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	o->emit(o->ctx, line);
}

void relief_lines(const store_relief *k,
                  void (*emit)(void *ctx, const char *line), void *ctx)
{
	const sink o = {emit, ctx};
	const core_relief *r = &k->r;
	char d[11], e[11], m[CORE_MONEY_BUF], line[512];
	core_date_format(r->received, d);
	core_date_format(r->deadline, e);
	say(&o, _("Relief case %s — household %s"), k->id, k->household);
	say(&o, _("Cause: %s%s"), _(core_relief_cause_words(r->cause)),
	    r->urgent ? _("; urgent") : "");
	say(&o, _("Need: %s"), k->need);
	say(&o, _("Received %s; to be decided by %s%s"), d, e,
	    r->deadline_covered ? "" : _(" (counted on weekends only: no holiday schedule for that year)"));
	core_money_format(r->requested, m);
	say(&o, _("Asked for: %s yuan"), m);
	if (r->paid_first) {
		core_money_format(r->paid_first, m);
		core_date_format(r->paid_first_on, d);
		core_date_format(r->paperwork_due, e);
		say(&o, _("Paid first: %s yuan on %s; its paperwork due by %s"), m, d, e);
	}
	say(&o, _("Now: %s"), relief_state_text(r->state));
	if (r->decided >= 0 && r->decided_by[0]) {
		core_date_format(r->decided, d);
		if (r->level == CORE_RELIEF_COUNTY)
			say(&o, _("Decided by the county on %s"), d);
		else
			say(&o, _("Decided by %s on %s"), r->decided_by, d);
	}
	if (r->over_year)
		say(&o, "%s", _("Past the year's cap of relief to this household: the supervisor is told"));
	if (r->reason[0])
		say(&o, _("Reason: %s"), r->reason);
	if (k->d.n)
		say(&o, _("How the amount was worked out (policy %s):"), k->policy_version);
	for (size_t i = 0; i < k->d.n; i++) {
		relief_line_text(&k->d.line[i], line, sizeof(line));
		say(&o, "  %s", line);
	}
}
