/* facts.c — the ladder's facts at the door (issue 19) as lines of words:
 * disability, illness, self-care and exclusion per member, incomes by the
 * month, the year or month by month, supporters and rigid spending. One
 * wording for `household show` and the household screen; each caller says
 * where a line goes. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "tui/facts.h"
#include "tui/i18n.h"
#include "tui/labels.h"
#include "tui/text.h"

__attribute__((format(printf, 4, 5))) static void
say(facts_sink out, void *ctx, int indent, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	out(ctx, indent, line);
}

void facts_member(const core_member *m, int indent, facts_sink out, void *ctx)
{
	if (m->disability_grade)
		/* L10N: 残疾等级 and its type */
		say(out, ctx, indent, _("Disability: grade %d, %s"),
		    m->disability_grade, label_disability(m->disability_type));
	if (m->illness[0])
		say(out, ctx, indent, _("Serious illness: %s"), m->illness);
	if (m->self_care)
		say(out, ctx, indent, _("Self-care: %s"),
		    label_self_care(m->self_care));
	if (m->excluded)
		say(out, ctx, indent, _("Left out of the household count: %s"),
		    label_exclusion(m->excluded));
}

void facts_income(const core_household *h, const core_member *m,
                  const core_income *in, int indent, facts_sink out,
                  void *ctx)
{
	char money[CORE_MONEY_BUF];
	if (in->basis == CORE_BASIS_ANNUAL) {
		core_money_format_grouped(in->annual, money);
		say(out, ctx, indent, _("%s: %s a year"), label_income(in->source),
		    money);
		return;
	}
	if (in->basis != CORE_BASIS_MONTHS) {
		core_money_format_grouped(in->monthly, money);
		say(out, ctx, indent, _("%s: %s a month"), label_income(in->source),
		    money);
		return;
	}
	say(out, ctx, indent, _("%s, month by month:"), label_income(in->source));
	/* in order of the month */
	for (core_month after = -1;;) {
		const core_income_month *best = NULL;
		char mon[8];
		for (size_t i = 0; i < h->n_income_months; i++) {
			const core_income_month *x = &h->income_months[i];
			if (x->source == in->source && x->month > after &&
			    (!best || x->month < best->month) &&
			    !strcmp(x->id_number, m->id_number))
				best = x;
		}
		if (!best)
			break;
		core_month_format(best->month, mon);
		core_money_format_grouped(best->amount, money);
		say(out, ctx, indent + 2, "%s  %s", mon, money);
		after = best->month;
	}
}

void facts_household(const core_household *h, int indent, facts_sink out,
                     void *ctx)
{
	char money[CORE_MONEY_BUF], name[128];
	if (h->n_supporters)
		say(out, ctx, indent, _("Obliged to support the household (%zu):"),
		    h->n_supporters);
	for (size_t i = 0; i < h->n_supporters; i++) {
		const core_supporter *s = &h->supporters[i];
		text_fit(name, sizeof(name), s->name, 10, true);
		if (s->able)
			say(out, ctx, indent + 2, _("%zu. %s %s; able to support them"),
			    i + 1, name, s->relation);
		else if (s->reason[0])
			say(out, ctx, indent + 2,
			    _("%zu. %s %s; not able to support them: %s"), i + 1, name,
			    s->relation, s->reason);
		else
			say(out, ctx, indent + 2,
			    _("%zu. %s %s; not able to support them"), i + 1, name,
			    s->relation);
	}
	if (h->n_rigid)
		say(out, ctx, indent, "%s",
		    _("Rigid spending over the last 12 months:"));
	for (size_t i = 0; i < h->n_rigid; i++) {
		const core_rigid_expense *r = &h->rigid[i];
		char who[64];
		int width = 10; /* names padded alike; a masked number whole */
		text_mask_id(who, sizeof(who), r->id_number);
		if (text_width(who) > width)
			width = text_width(who);
		for (size_t k = 0; k < h->n_members; k++)
			if (!strcmp(h->members[k].id_number, r->id_number)) {
				snprintf(who, sizeof(who), "%s", h->members[k].name);
				width = 10;
			}
		text_fit(name, sizeof(name), who, width, true);
		core_money_format_grouped(r->annual, money);
		if (r->evidence[0])
			say(out, ctx, indent + 2, _("%s %s, %s (evidence: %s)"), name,
			    label_expense(r->kind), money, r->evidence);
		else
			say(out, ctx, indent + 2, _("%s %s, %s"), name,
			    label_expense(r->kind), money);
	}
}
