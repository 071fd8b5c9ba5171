/* explain.c — derivations in plain words. */
#include "tui/explain.h"

#include <string.h>

#include "core/region.h"
#include "store/assessjson.h"
#include "tui/cli.h"
#include "tui/i18n.h"
#include "tui/labels.h"

const char *explain_taper(core_taper t)
{
	/* L10N: how a withdrawal schedule falls month by month */
	return t == CORE_TAPER_HOLD ? _("the full amount each month")
	                            : _("falling by equal steps");
}

const char *explain_source(const char *en, const char *zh)
{
	if (strncmp(i18n_lang(), "zh", 2) != 0)
		return en;
	if (zh && *zh)
		return zh;
	/* L10N: said in place of a policy figure's source on a Chinese
	 * screen when the policy file gives it only in English */
	return _("the source is given only in English in the policy file");
}

/* The Chinese source of the step being rendered: the figure map sees one
 * figure at a time, and a step's "source" is shown in the reader's
 * language from its twin "source_zh" (empty in assessments recorded
 * before sources had one). Set by explain_step around each render. */
static const char *step_source_zh;
static char region_name[256];

/* The ladder's identifiers in its steps' figures (core/ladder.c): the
 * class, why a rung does not apply or a member is covered alone, why a
 * member is left out, a self-care level. NULL when value is none. */
static const char *ladder_word(const char *name, const char *value)
{
	static const struct {
		const char *figure, *id, *words;
	} words[] = {
		/* L10N: follows a person's name: "王芳 can work ..." */
		{"why", "can_work", N_("can work (not 60 or over, not under 16, not severely disabled)")},
		{"why", "own_income_not_below_standard", N_("has own income not below the standard")},
		{"why", "supporter_able", N_("is able to support the household")},
		{"why", "assets_fail", N_("the household does not pass the asset rules")},
		{"why", "severe_disability", N_("severely disabled")},
		{"why", "severe_illness", N_("seriously ill")},
		{"why", "income_not_below_line", N_("income per person is not below its line")},
		{"why", "no_rigid_spending", N_("no rigid spending is recorded")},
		{"why", "share_not_reached", N_("rigid spending is below its share of income")},
		{"reason", "clergy_apart", N_("clergy living apart for 3 years or more")},
		{"reason", "prison", N_("in prison")},
		{"reason", "rehabilitation", N_("in compulsory rehabilitation")},
		{"reason", "missing", N_("declared missing")},
		{"self_care", "full", N_("looks after themselves")},
		{"self_care", "partial", N_("partly looks after themselves")},
		{"self_care", "none", N_("cannot look after themselves")},
	};
	int c;
	if (!strcmp(name, "class") && (c = core_class_lookup(value)) >= 0)
		return label_class(c);
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(words[i].figure, name) && !strcmp(words[i].id, value))
			return _(words[i].words);
	return NULL;
}

/* Figures that hold identifiers are shown as words. */
static const char *map_figure(const char *name, const char *value)
{
	int id;
	const char *w;
	if (!strcmp(name, "source"))
		return explain_source(value, step_source_zh);
	/* a region by its name (the code only when the table has none) */
	if (!strcmp(name, "region") &&
	    core_region_name(value, strncmp(i18n_lang(), "zh", 2) == 0,
	                     region_name, sizeof(region_name)) &&
	    region_name[0])
		return region_name;
	if (!strcmp(name, "source_name") && (id = core_income_lookup(value)) >= 0)
		return label_income((core_income_source)id);
	if (!strcmp(name, "category") && (id = core_category_lookup(value)) >= 0)
		return label_category((core_category)id);
	if (!strcmp(name, "taper") && (id = core_taper_lookup(value)) >= 0)
		return explain_taper((core_taper)id);
	if ((w = ladder_word(name, value)))
		return w;
	return value;
}

void explain_step(const core_assessment *a, const core_step *st, char *out,
                  size_t len)
{
	int nfig;
	const char *const *names = core_step_figures(st->code, &nfig);
	step_source_zh = "";
	for (int i = 0; i < nfig && i < st->n; i++)
		if (!strcmp(names[i], "source_zh"))
			step_source_zh = core_step_value(a, st, i);
	core_step_render(a, st, _(core_step_template(st->code)), map_figure, out,
	                 len);
	step_source_zh = "";
}

const char *explain_reason(core_reason r)
{
	return _(core_reason_text(r));
}

const char *explain_flag(const char *rule)
{
	if (!strcmp(rule, "homes"))
		return _("two or more homes: to be reviewed by a person");
	/* L10N: a flag for the supervisor; the region's code follows */
	if (!strcmp(rule, "no_care_allowance"))
		return _("a destitute member needs care and no care allowance is in force for the region: paid the basic standard; the supervisor should see to it");
	{
		const char *words = cli_crosscheck_rule(rule);
		return words ? words : rule;
	}
}

void explain_print(FILE *f, const core_assessment *a)
{
	char line[2048], date[11], m1[CORE_MONEY_BUF];
	int n = 0;
	core_date_format(a->date, date);
	fprintf(f, _("How this was worked out (policy %s, %s):\n"),
	        a->policy_version, date);
	for (size_t i = 0; i < a->n_steps; i++) {
		const core_step *st = &a->steps[i];
		explain_step(a, st, line, sizeof(line));
		/* A schedule's months are listed under it, not numbered. */
		if (st->code == CORE_STEP_TRANSITION_MONTH)
			fprintf(f, "      %s\n", line);
		else
			fprintf(f, "%3d. %s\n", ++n, line);
	}
	if (a->eligible) {
		core_money_format_grouped(a->payment, m1);
		fprintf(f, _("Decision proposed: eligible; %s yuan a month.\n"), m1);
	} else if (a->has_transition) {
		core_money_format_grouped(a->payment, m1);
		fprintf(f, _("Decision proposed: the allowance steps down (%s yuan next month) and then ends.\n"),
		        m1);
	} else {
		fprintf(f, "%s\n", _("Decision proposed: not eligible, because:"));
		for (size_t i = 0; i < a->n_reasons; i++)
			fprintf(f, "   - %s\n", explain_reason(a->reasons[i]));
	}
	for (size_t i = 0; i < a->n_flags; i++)
		fprintf(f, _("To review by a person: %s (%s)\n"),
		        explain_flag(a->flags[i].rule), a->flags[i].detail);
	if (a->truncated)
		fprintf(f, "%s\n", _("(the derivation is longer than can be shown)"));
}

json_t *explain_json(const core_assessment *a)
{
	json_t *j = store_assessment_to_json(a), *steps, *reasons, *flags, *v;
	size_t i;
	char line[2048];
	if (!j)
		return NULL;
	steps = json_object_get(j, "steps");
	json_array_foreach(steps, i, v) {
		explain_step(a, &a->steps[i], line, sizeof(line));
		json_object_set_new(v, "text", json_string(line));
	}
	reasons = json_object_get(j, "reasons");
	json_array_foreach(reasons, i, v)
		json_object_set_new(v, "text",
		                    json_string(explain_reason(a->reasons[i])));
	flags = json_object_get(j, "flags");
	json_array_foreach(flags, i, v)
		json_object_set_new(v, "text",
		                    json_string(explain_flag(a->flags[i].rule)));
	return j;
}

void explain_diff(const core_diff *d, char *out, size_t len)
{
	char a[CORE_MONEY_BUF], b[CORE_MONEY_BUF];
	core_money_format_grouped(d->before, a);
	core_money_format_grouped(d->after, b);
	switch (d->kind) {
	case CORE_DIFF_JOINED:
		snprintf(out, len, _("  + %s joined the household"), d->name);
		break;
	case CORE_DIFF_LEFT:
		snprintf(out, len, _("  - %s left the household"), d->name);
		break;
	case CORE_DIFF_DIED:
		snprintf(out, len, _("  - %s died"), d->name);
		break;
	case CORE_DIFF_INCOME:
		snprintf(out, len, _("  %s: %s %s → %s a month"), d->name,
		         label_income(d->source), a, b);
		break;
	case CORE_DIFF_WORK:
		snprintf(out, len, _("  %s: %s → %s"), d->name,
		         d->before ? _("able to work") : _("not able to work"),
		         d->after ? _("able to work") : _("not able to work"));
		break;
	case CORE_DIFF_FINANCIAL:
		snprintf(out, len, _("  savings and other financial assets: %s → %s"),
		         a, b);
		break;
	case CORE_DIFF_VEHICLES:
		snprintf(out, len, _("  vehicles: %lld → %lld"), (long long)d->before,
		         (long long)d->after);
		break;
	case CORE_DIFF_HOMES:
		snprintf(out, len, _("  homes: %lld → %lld"), (long long)d->before,
		         (long long)d->after);
		break;
	case CORE_DIFF_TOWNSHIP:
	case CORE_DIFF_VILLAGE:
	case CORE_DIFF_PAYEE:
	case CORE_DIFF_BANK:
	case CORE_DIFF_ACCOUNT: {
		const char *what = d->kind == CORE_DIFF_TOWNSHIP ? _("township")
		                   : d->kind == CORE_DIFF_VILLAGE ? _("village or community")
		                   : d->kind == CORE_DIFF_PAYEE   ? _("paid to")
		                   : d->kind == CORE_DIFF_BANK    ? _("bank")
		                                                  : _("account");
		snprintf(out, len, _("  %s: %s → %s"), what,
		         d->was[0] ? d->was : _("none"), d->now[0] ? d->now : _("none"));
		break;
	}
	case CORE_DIFF_DISABILITY: {
		char w[2][128];
		for (int k = 0; k < 2; k++) {
			int grade = (int)(k ? d->after : d->before);
			if (grade)
				/* L10N: a disability, 残疾等级 and 残疾类别 */
				snprintf(w[k], sizeof(w[k]), _("grade %d, %s"), grade,
				         label_disability((core_disability)(k ? d->now_code
				                                               : d->was_code)));
			else
				snprintf(w[k], sizeof(w[k]), "%s", _("none"));
		}
		snprintf(out, len, _("  %s: disability %s → %s"), d->name, w[0], w[1]);
		break;
	}
	case CORE_DIFF_ILLNESS:
		snprintf(out, len, _("  %s: serious illness %s → %s"), d->name,
		         d->was[0] ? d->was : _("none"), d->now[0] ? d->now : _("none"));
		break;
	case CORE_DIFF_SELF_CARE:
		snprintf(out, len, _("  %s: self-care %s → %s"), d->name,
		         d->was_code ? label_self_care((core_self_care)d->was_code)
		                     : _("not recorded"),
		         d->now_code ? label_self_care((core_self_care)d->now_code)
		                     : _("not recorded"));
		break;
	case CORE_DIFF_EXCLUDED:
		snprintf(out, len, _("  %s: %s → %s"), d->name,
		         d->was_code ? label_exclusion((core_exclusion)d->was_code)
		                     : _("counted in the household"),
		         d->now_code ? label_exclusion((core_exclusion)d->now_code)
		                     : _("counted in the household"));
		break;
	case CORE_DIFF_RIGID:
		snprintf(out, len, _("  %s: rigid spending %s → %s a year"), d->name,
		         a, b);
		break;
	case CORE_DIFF_SUPPORTERS:
		snprintf(out, len,
		         _("  obliged to support the household: %lld → %lld (able to: %d → %d)"),
		         (long long)d->before, (long long)d->after, d->was_code,
		         d->now_code);
		break;
	default:
		snprintf(out, len, "  %s → %s", a, b);
	}
}

void explain_payment_change(core_fen before, core_fen after, char *out,
                            size_t len)
{
	char a[CORE_MONEY_BUF], b[CORE_MONEY_BUF];
	core_money_format_grouped(before, a);
	core_money_format_grouped(after, b);
	snprintf(out, len, _("  monthly payment: %s → %s"), a, b);
}

size_t explain_decision_dates(const core_case *c, char lines[2][256])
{
	char d[11], from[8] = "";
	int m;
	if (c->decided < 0)
		return 0;
	core_date_format(c->decided, d);
	if (c->pay_from) {
		core_month_format(c->pay_from, from);
		snprintf(lines[0], 256, _("Last decision: in effect %s, paid from %s"), d,
		         from);
	} else {
		snprintf(lines[0], 256, _("Last decision: in effect %s"), d);
	}
	if (c->delivered < 0) {
		snprintf(lines[1], 256, "%s",
		         _("Its letter is not recorded as delivered (doorstep notice deliver, or d on the notice)."));
		return 2;
	}
	core_date_format(c->delivered, d);
	m = core_delivery_lookup(c->delivery_method);
	snprintf(lines[1], 256, _("Its letter reached the household on %s (%s)"), d,
	         m < 0 ? c->delivery_method : _(core_delivery_words((core_delivery)m)));
	return 2;
}
