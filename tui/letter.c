/* letter.c — the decision letter composed once from the case, its
 * assessment, the policy and the county's settings, and its plain-text
 * form. */
#include "tui/letter.h"
#include "tui/labels.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "store/crypto.h"

#include "tui/explain.h"
#include "tui/i18n.h"
#include "tui/relief_words.h"

static void date_words(core_date d, char *out, size_t len)
{
	int y, m, day;
	core_date_to_ymd(d, &y, &m, &day);
	/* L10N: a date in a letter: year, month, day */
	snprintf(out, len, _("%1$d-%2$02d-%3$02d"), y, m, day);
}

static void month_words(core_month mo, char *out, size_t len)
{
	/* L10N: a month in a letter: year, month */
	snprintf(out, len, _("%1$d-%2$02d"), core_month_year(mo),
	         core_month_of(mo));
}

static void yuan(core_fen f, char *out, size_t len)
{
	char m[CORE_MONEY_BUF];
	core_money_format_grouped(f, m);
	/* L10N: an amount of money with its unit */
	snprintf(out, len, _("%s yuan"), m);
}

static const char *or_unset(const char *v, const char *unset)
{
	return v && *v ? v : unset;
}

static ds_status push(char ***list, size_t *n, const char *text,
                      ds_error *err)
{
	char **l = realloc(*list, (*n + 1) * sizeof(**list));
	if (!l)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	*list = l;
	if (!(l[*n] = strdup(text)))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	(*n)++;
	return DS_OK;
}

void letter_docno(const char *prefix, int year, const char *ref, char *out,
                  size_t len)
{
	char dev[7] = "", num[64];
	long long epoch = 0, dseq = 0;
	const char *c1 = ref ? strchr(ref, ':') : NULL;
	out[0] = '\0';
	if (!c1 || c1 - ref < 6 ||
	    sscanf(c1 + 1, "%lld:%lld", &epoch, &dseq) != 2)
		return;
	memcpy(dev, ref, 6);
	if (epoch)
		snprintf(num, sizeof(num), "%08lu-%lld-%lld",
		         strtoul(dev, NULL, 16), epoch, dseq);
	else
		snprintf(num, sizeof(num), "%08lu-%lld", strtoul(dev, NULL, 16),
		         dseq);
	/* L10N: a document number: the county's prefix, the year, the
	 * number (Chinese: 前缀〔年〕号) */
	snprintf(out, len, _("%1$s[%2$d] No. %3$s"), prefix ? prefix : "", year,
	         num);
}

static letter_kind kind_of(const store_case *k, const core_assessment *a)
{
	if (k->c.outcome == CORE_OUTCOME_TRANSITION)
		return LETTER_WITHDRAW;
	if (k->c.outcome == CORE_OUTCOME_STOP)
		return LETTER_STOP;
	if (k->c.outcome != CORE_OUTCOME_GRANT)
		return LETTER_REFUSE;
	if (a->returned_from_transition)
		return LETTER_RETURN;
	if (k->c.previous_allowance > 0 && a->payment < k->c.previous_allowance)
		return LETTER_REDUCE;
	if (k->c.previous_allowance > 0 && a->payment > k->c.previous_allowance)
		return LETTER_RAISE;
	return LETTER_GRANT;
}

static const char *title_of(letter_kind kind)
{
	switch (kind) {
	case LETTER_GRANT:
		return _("Decision granting the minimum living guarantee");
	case LETTER_RAISE:
	case LETTER_REDUCE:
	case LETTER_RETURN:
		return _("Decision changing the minimum living guarantee");
	case LETTER_WITHDRAW:
		return _("Decision on the gradual withdrawal of the minimum living guarantee");
	case LETTER_STOP:
		return _("Decision stopping the minimum living guarantee");
	case LETTER_RELIEF_GRANT:
		return _("Decision granting temporary assistance");
	case LETTER_RELIEF_REFUSE:
		return _("Decision refusing temporary assistance");
	default:
		return _("Decision refusing the minimum living guarantee");
	}
}

/* The county's particulars, or words saying they are not set (never a
 * user's login name in their place). */
static void particulars(const letter_settings *set, const char **authority,
                        const char **reconsider, const char **court)
{
	*authority = or_unset(set ? set->authority : NULL,
	                      _("[the issuing authority is not set in the county settings]"));
	*reconsider = or_unset(set ? set->reconsideration_body : NULL,
	                       _("[the people's government that hears reconsideration is not set in the county settings]"));
	*court = or_unset(set ? set->court : NULL,
	                  _("[the court is not set in the county settings]"));
}

/* The heading: who issues it, the title of its kind, the document number
 * from the decision event's reference, the date, the addressee. */
static void heading(letter *L, const store_household_row *row,
                    const letter_settings *set, core_date decided,
                    const char *ref, const char *authority)
{
	const core_member *head = row->h.n_members
	                                  ? &row->h.members[core_household_head(&row->h)]
	                                  : NULL;
	int year, mo, day;
	snprintf(L->authority, sizeof(L->authority), "%s", authority);
	snprintf(L->title, sizeof(L->title), "%s", title_of(L->kind));
	core_date_to_ymd(decided, &year, &mo, &day);
	letter_docno(set ? set->docno_prefix : "", year, ref, L->docno,
	             sizeof(L->docno));
	date_words(decided, L->date, sizeof(L->date));
	/* L10N: the addressee of a letter */
	snprintf(L->addressee, sizeof(L->addressee), _("%s (head of household)"),
	         head ? head->name : "");
	snprintf(L->address, sizeof(L->address), "%s", row->h.address);
}

/* The names of the members covered alone (单人保), "、" or ", " apart. */
static void covered_names(const core_assessment *a, const store_household_row *row,
                          char *out, size_t len)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < a->n_covered && o < len; i++) {
		size_t k = a->covered[i];
		if (k >= row->h.n_members)
			continue;
		/* L10N: between the names of members in a sentence */
		o += (size_t)snprintf(out + o, len - o, "%s%s", o ? _(", ") : "",
		                      row->h.members[k].name);
	}
}

/* What a status on the ladder that pays no cash opens, and how long it
 * lasts: said in every letter whose assessment gives it ("" else). */
static void status_sentence(const core_assessment *a, letter_kind kind,
                            char *out, size_t len)
{
	out[0] = '\0';
	if (!a->classified)
		return;
	if (kind == LETTER_WITHDRAW && a->class_payment > 0) {
		char y[64];
		yuan(a->class_payment, y, sizeof(y));
		snprintf(out, len,
		         _("Your household still qualifies as %1$s, which pays %2$s a month: no month of the schedule below pays less, and a visit before it ends decides the payment from then on."),
		         label_class(a->cls), y);
	} else if (a->cls == CORE_CLASS_DESTITUTE && kind != LETTER_GRANT)
		snprintf(out, len, "%s",
		         _("Your household is now supported as destitute (特困人员救助供养): the basic-living standard for each member, with any care allowances, whatever their own income."));
	else if (a->cls == CORE_CLASS_MARGINAL)
		snprintf(out, len,
		         ngettext("Your household is recognised as a marginal family (低保边缘家庭). This status pays no monthly allowance; it opens medical, education, housing and temporary assistance to your household, and holds for %d month, until the household is verified again.",
		                  "Your household is recognised as a marginal family (低保边缘家庭). This status pays no monthly allowance; it opens medical, education, housing and temporary assistance to your household, and holds for %d months, until the household is verified again.",
		                  (unsigned long)a->reverify_months),
		         a->reverify_months);
	else if (a->cls == CORE_CLASS_RIGID_HARDSHIP)
		snprintf(out, len,
		         ngettext("Your household is recognised as a rigid-expenditure hardship family (刚性支出困难家庭): its necessary spending on medical care, rehabilitation or education is heavy for its income. This status pays no monthly allowance; it opens medical, education, housing and temporary assistance to your household, and holds for %d month, until the household is verified again.",
		                  "Your household is recognised as a rigid-expenditure hardship family (刚性支出困难家庭): its necessary spending on medical care, rehabilitation or education is heavy for its income. This status pays no monthly allowance; it opens medical, education, housing and temporary assistance to your household, and holds for %d months, until the household is verified again.",
		                  (unsigned long)a->reverify_months),
		         a->reverify_months);
}

/* Why the amount is what it is, from the verified figures. */
static void amount_reason(const core_assessment *a, const store_household_row *row,
                          char *out, size_t len)
{
	char h[64], pc[64], s[64], pay[64], x[64];
	yuan(a->counted_income, h, sizeof(h));
	yuan(a->per_capita, pc, sizeof(pc));
	yuan(a->standard, s, sizeof(s));
	yuan(a->payment, pay, sizeof(pay));
	if (a->classified && a->cls == CORE_CLASS_DESTITUTE) {
		/* the parts, as the derivation's payment step gives them */
		core_fen basic = 0, care = 0;
		for (size_t i = 0; i < a->n_steps; i++)
			if (a->steps[i].code == CORE_STEP_DESTITUTE_PAYMENT) {
				core_money_parse(core_step_value(a, &a->steps[i], 0),
				                 false, &basic, "", NULL);
				core_money_parse(core_step_value(a, &a->steps[i], 2),
				                 false, &care, "", NULL);
			}
		yuan(basic, x, sizeof(x));
		yuan(care, h, sizeof(h));
		if (!care) {
			snprintf(out, len,
			         ngettext("Destitute support pays the basic-living standard of %1$s a month for each of the household's %2$d member, whatever their own income: %3$s a month.",
			                  "Destitute support pays the basic-living standard of %1$s a month for each of the household's %2$d members, whatever their own income: %3$s a month.",
			                  (unsigned long)a->members),
			         x, a->members, pay);
			return;
		}
		snprintf(out, len,
		         ngettext("Destitute support pays the basic-living standard of %1$s a month for each of the household's %2$d member, whatever their own income, and care allowances of %3$s a month: %4$s a month.",
		                  "Destitute support pays the basic-living standard of %1$s a month for each of the household's %2$d members, whatever their own income, and care allowances of %3$s a month: %4$s a month.",
		                  (unsigned long)a->members),
		         x, a->members, h, pay);
		return;
	}
	if (a->classified && a->cls == CORE_CLASS_DIBAO_SINGLE) {
		char names[512];
		covered_names(a, row, names, sizeof(names));
		snprintf(out, len,
		         _("The household's income per person, %1$s a month, is at or above the local standard of %2$s, but below the marginal line. %3$s, severely disabled or seriously ill and without earnings, is covered alone, as a one-person household: the standard less their own income, rounded up to a whole yuan, with any top-ups: %4$s a month."),
		         pc, s, names, pay);
		return;
	}
	snprintf(out, len,
	         ngettext("The household's counted income, as verified, is %1$s a month for %2$d person, %3$s a person; the local standard is %4$s a person a month. The difference, rounded up to a whole yuan, with any top-ups, is %5$s a month.",
	                  "The household's counted income, as verified, is %1$s a month for %2$d people, %3$s a person; the local standard is %4$s a person a month. The difference, rounded up to a whole yuan, with any top-ups, is %5$s a month.",
	                  (unsigned long)a->members),
	         h, a->members, pc, s, pay);
}

/* The remedies, the seal, the contact and the signature: the same for
 * every administrative decision. delivered is the day the letter reached
 * the household (-1 not recorded); k the dibao case for the 申诉 deadline
 * counted from it (NULL: a case with no delivery, the days alone). */
static void remedies(letter *L, const core_policy *p, core_date delivered,
                     const store_case *k, const letter_settings *set,
                     const char *authority, const char *reconsider,
                     const char *court)
{
	snprintf(L->remedies_heading, sizeof(L->remedies_heading), "%s",
	         _("If you do not accept this decision"));
	snprintf(L->reconsideration, sizeof(L->reconsideration),
	         _("You may apply to %1$s for administrative reconsideration within %2$d days of the day you receive this letter (Administrative Reconsideration Law of the People's Republic of China)."),
	         reconsider, CORE_RECONSIDERATION_DAYS);
	snprintf(L->litigation, sizeof(L->litigation),
	         _("You may also bring an administrative lawsuit before %s within 6 months of the day you receive this letter (Administrative Litigation Law of the People's Republic of China, article 46)."),
	         court);
	if (delivered >= 0) {
		size_t n = strlen(L->litigation);
		char d1[64], d2[64], d3[64];
		date_words(delivered, d1, sizeof(d1));
		date_words(delivered + CORE_RECONSIDERATION_DAYS, d2, sizeof(d2));
		date_words(core_date_add_months(delivered, 6), d3, sizeof(d3));
		snprintf(L->litigation + n, sizeof(L->litigation) - n, " ");
		n = strlen(L->litigation);
		snprintf(L->litigation + n, sizeof(L->litigation) - n,
		         _("This letter was delivered on %1$s: reconsideration may be applied for until %2$s, a lawsuit brought until %3$s."),
		         d1, d2, d3);
	}
	if (delivered >= 0 && k) {
		char d1[64];
		date_words(core_appeal_filing_ends(&k->c, p), d1, sizeof(d1));
		snprintf(L->appeal, sizeof(L->appeal),
		         _("You may also appeal to your township assistant or to the county civil-affairs office by %1$s (within %2$d days of the day this letter reached you), saying why you disagree; someone who took no part in this decision will answer within %3$d days of receiving your appeal."),
		         d1, p->casework.filing_days, p->casework.appeal_days);
	} else {
		snprintf(L->appeal, sizeof(L->appeal),
		         _("You may also appeal to your township assistant or to the county civil-affairs office within %1$d days of the day you receive this letter, saying why you disagree; someone who took no part in this decision will answer within %2$d days of receiving your appeal."),
		         p->casework.filing_days, p->casework.appeal_days);
	}
	/* L10N: the seal block: the issuing authority */
	snprintf(L->seal, sizeof(L->seal), _("%s (seal)"), authority);
	if (set && set->address && *set->address)
		/* L10N: the issuing authority's address and telephone */
		snprintf(L->contact, sizeof(L->contact),
		         _("Address: %1$s    Telephone: %2$s"), set->address,
		         set->telephone ? set->telephone : "");
	snprintf(L->signature, sizeof(L->signature), "%s",
	         _("Officer: ____________    Reviewer: ____________"));
}

ds_status letter_build(letter *L, const store_household_row *row,
                       const store_case *k, const core_assessment *a,
                       const core_policy *p, const letter_settings *set,
                       const char *ref, ds_error *err)
{
	char y1[64], y2[64], m1[64], m2[64], line[LETTER_LINE];
	const char *authority, *reconsider, *court;
	ds_status st;
	memset(L, 0, sizeof(*L));
	L->kind = kind_of(k, a);
	particulars(set, &authority, &reconsider, &court);
	heading(L, row, set, k->c.decided, ref, authority);

	yuan(a->payment, y1, sizeof(y1));
	yuan(k->c.previous_allowance, y2, sizeof(y2));
	switch (L->kind) {
	case LETTER_GRANT:
		if (a->classified && a->cls == CORE_CLASS_DESTITUTE)
			snprintf(L->decision, sizeof(L->decision),
			         _("Your household meets the conditions for destitute support (特困人员救助供养). It is granted %s a month."),
			         y1);
		else if (a->classified && a->cls == CORE_CLASS_DIBAO_SINGLE) {
			char names[512];
			covered_names(a, row, names, sizeof(names));
			snprintf(L->decision, sizeof(L->decision),
			         _("%1$s of your household is granted the minimum living guarantee alone, as a one-person household (单人保): %2$s a month."),
			         names, y1);
		} else
			snprintf(L->decision, sizeof(L->decision),
			         _("Your household meets the conditions for the minimum living guarantee. It is granted %s a month."),
			         y1);
		break;
	case LETTER_RAISE:
	case LETTER_REDUCE:
		snprintf(L->decision, sizeof(L->decision),
		         _("Your household's minimum living guarantee changes from %1$s a month to %2$s a month."),
		         y2, y1);
		break;
	case LETTER_RETURN:
		snprintf(L->decision, sizeof(L->decision),
		         _("Your household's income per person is again below the local standard: the gradual withdrawal ends, and the regular allowance of %s a month is paid without a new application."),
		         y1);
		break;
	case LETTER_WITHDRAW:
		month_words(a->transition.last, m2, sizeof(m2));
		snprintf(L->decision, sizeof(L->decision),
		         ngettext("Your household's income per person is now at or above the local standard, so it no longer meets the conditions for the minimum living guarantee. The allowance does not stop at once: it is paid for %1$d month more, as scheduled below, and stops after %2$s.",
		                  "Your household's income per person is now at or above the local standard, so it no longer meets the conditions for the minimum living guarantee. The allowance does not stop at once: it is paid for %1$d months more, as scheduled below, and stops after %2$s.",
		                  (unsigned long)a->transition.months),
		         a->transition.months, m2);
		break;
	case LETTER_STOP:
		snprintf(L->decision, sizeof(L->decision), "%s",
		         _("Your household's minimum living guarantee stops."));
		break;
	default:
		snprintf(L->decision, sizeof(L->decision), "%s",
		         _("Your application for the minimum living guarantee is not approved."));
	}

	/* A status on the ladder that pays no cash: what it opens, for how
	 * long (after a withdrawal: what the household is when it ends). */
	status_sentence(a, L->kind, line, sizeof(line));
	if (line[0]) {
		char first[LETTER_LINE];
		snprintf(first, sizeof(first), "%s", L->decision);
		/* L10N: two sentences of a paragraph, one after the other
		 * (Chinese: no space between them) */
		snprintf(L->decision, sizeof(L->decision), _("%1$s %2$s"), first,
		         line);
	}

	/* The reasons. */
	switch (L->kind) {
	case LETTER_GRANT:
	case LETTER_RAISE:
	case LETTER_REDUCE:
	case LETTER_RETURN:
		amount_reason(a, row, line, sizeof(line));
		if ((st = push(&L->reasons, &L->n_reasons, line, err)))
			goto fail;
		break;
	case LETTER_WITHDRAW:
		yuan(a->per_capita, m1, sizeof(m1));
		yuan(a->standard, m2, sizeof(m2));
		snprintf(line, sizeof(line),
		         _("The household's counted income per person, as verified, is %1$s a month, at or above the local standard of %2$s."),
		         m1, m2);
		if ((st = push(&L->reasons, &L->n_reasons, line, err)))
			goto fail;
		break;
	default:
		for (size_t i = 0; i < a->n_reasons; i++)
			if ((st = push(&L->reasons, &L->n_reasons,
			               explain_reason(a->reasons[i]), err)))
				goto fail;
	}
	if (k->c.decision_reason[0] &&
	    (st = push(&L->reasons, &L->n_reasons, k->c.decision_reason, err)))
		goto fail;

	/* When payment starts: the case's own month, or (a case decided
	 * before it was recorded) the month the decision took effect. */
	if (L->kind != LETTER_STOP && L->kind != LETTER_REFUSE) {
		core_month from = k->c.pay_from ? k->c.pay_from
		                              : core_month_of_date(k->c.decided);
		if (L->kind == LETTER_WITHDRAW)
			from = a->transition.first;
		month_words(from, m1, sizeof(m1));
		snprintf(L->pay_from, sizeof(L->pay_from),
		         L->kind == LETTER_WITHDRAW
		                 ? _("The payments below start in %s.")
		                 : _("Payment at this amount starts in %s."),
		         m1);
	}
	if (L->kind == LETTER_WITHDRAW)
		for (int i = 0; i < a->transition.months && i < CORE_SCHEDULE_MAX;
		     i++) {
			month_words(a->transition.first + i, m1, sizeof(m1));
			yuan(a->transition.payments[i], y1, sizeof(y1));
			/* L10N: a month of a withdrawal schedule and its amount */
			snprintf(L->schedule[L->n_schedule++], sizeof(L->schedule[0]),
			         _("%1$s: %2$s"), m1, y1);
		}

	for (size_t i = 0; i < a->n_steps; i++) {
		explain_step(a, &a->steps[i], line, sizeof(line));
		if ((st = push(&L->steps, &L->n_steps, line, err)))
			goto fail;
	}

	remedies(L, p, k->c.delivered, k, set, authority, reconsider, court);
	if (L->kind != LETTER_STOP && L->kind != LETTER_REFUSE)
		snprintf(L->duty, sizeof(L->duty), "%s",
		         _("While your household receives the minimum living guarantee, tell the township government (or sub-district office) at once of any change in the household's members, income or assets."));
	return DS_OK;
fail:
	letter_free(L);
	return st;
}

/* A line of a relief case's derivation as the letter gives it, with the
 * policy's source in the reader's language the first time it is quoted
 * (the same source under the next line is not repeated). The year's cap
 * is for the supervisor's notice, not the household's: left out. */
static ds_status relief_step(letter *L, const core_relief_line *l,
                             const store_relief *r, const core_policy *p,
                             const char **quoted, ds_error *err)
{
	char text[LETTER_LINE / 2], line[LETTER_LINE];
	const char *en = NULL, *zh = NULL, *src;
	if (l->code == CORE_RELIEF_LINE_YEAR)
		return DS_OK;
	relief_line_text(l, text, sizeof(text));
	if (l->code == CORE_RELIEF_LINE_GUIDANCE) {
		en = p->relief.guide[r->r.cause].source;
		zh = p->relief.guide[r->r.cause].source_zh;
	} else if (l->code == CORE_RELIEF_LINE_TOWNSHIP ||
	           l->code == CORE_RELIEF_LINE_COUNTY ||
	           l->code == CORE_RELIEF_LINE_PAY_FIRST) {
		en = p->relief.source;
		zh = p->relief.source_zh;
	}
	src = en && *en ? explain_source(en, zh) : NULL;
	if (src && (!*quoted || strcmp(*quoted, src))) {
		/* L10N: a line of how relief was worked out, and the policy's
		 * source for it */
		snprintf(line, sizeof(line), _("%1$s (source: %2$s)"), text, src);
		*quoted = src;
	} else {
		snprintf(line, sizeof(line), "%s", text);
	}
	return push(&L->steps, &L->n_steps, line, err);
}

ds_status letter_build_relief(letter *L, const store_household_row *row,
                              const store_relief *r, const core_policy *p,
                              const letter_settings *set, const char *ref,
                              ds_error *err)
{
	char recv[64], amount[64], first[64], rest[64], on[64];
	const char *authority, *reconsider, *court, *cause, *quoted = NULL;
	const core_relief *c = &r->r;
	ds_status st;
	memset(L, 0, sizeof(*L));
	if (c->state != CORE_RELIEF_APPROVED && c->state != CORE_RELIEF_REFUSED)
		return ds_fail(err, DS_EINPUT, r->id,
		               N_("no decision has been made on this relief case yet (it is %s)"),
		               relief_state_text(c->state));
	L->kind = c->state == CORE_RELIEF_APPROVED ? LETTER_RELIEF_GRANT
	                                           : LETTER_RELIEF_REFUSE;
	particulars(set, &authority, &reconsider, &court);
	heading(L, row, set, c->decided, ref, authority);

	date_words(c->received, recv, sizeof(recv));
	cause = _(core_relief_cause_words(c->cause));
	yuan(c->approved, amount, sizeof(amount));
	yuan(c->paid_first, first, sizeof(first));
	yuan(c->approved > c->paid_first ? c->approved - c->paid_first : 0, rest,
	     sizeof(rest));
	if (c->paid_first)
		date_words(c->paid_first_on, on, sizeof(on));
	if (L->kind == LETTER_RELIEF_GRANT) {
		snprintf(L->decision, sizeof(L->decision),
		         _("On %1$s your household applied for temporary assistance because of %2$s (%3$s). It is granted %4$s of temporary assistance, paid once."),
		         recv, cause, r->need, amount);
		/* what of it was paid first (先行救助), in the paragraph after */
		if (c->paid_first && c->approved > c->paid_first)
			snprintf(L->pay_from, sizeof(L->pay_from),
			         _("Of it, %1$s was paid first on %2$s as urgent help; the remaining %3$s is still to be paid."),
			         first, on, rest);
		else if (c->paid_first)
			snprintf(L->pay_from, sizeof(L->pay_from),
			         _("All of it, %1$s, was paid first on %2$s as urgent help; nothing remains to be paid."),
			         first, on);
	} else {
		snprintf(L->decision, sizeof(L->decision),
		         _("On %1$s your household applied for temporary assistance because of %2$s (%3$s). The application is not granted."),
		         recv, cause, r->need);
		if (c->paid_first)
			snprintf(L->pay_from, sizeof(L->pay_from),
			         _("Before this decision, %1$s was paid on %2$s as urgent help."),
			         first, on);
	}

	/* The reasons: the refusal's, or the proposal's the approval rests
	 * on; then who decided. */
	if (c->reason[0] && (st = push(&L->reasons, &L->n_reasons, c->reason, err)))
		goto fail;
	if ((st = push(&L->reasons, &L->n_reasons,
	               c->level == CORE_RELIEF_COUNTY
	                       ? _("The amount proposed is above the township's limit, so the county civil-affairs department decided.")
	                       : _("The township government (sub-district office) decided, within its limit."),
	               err)))
		goto fail;
	if (L->kind == LETTER_RELIEF_GRANT)
		for (size_t i = 0; i < r->d.n; i++)
			if ((st = relief_step(L, &r->d.line[i], r, p, &quoted, err)))
				goto fail;

	remedies(L, p, -1, NULL, set, authority, reconsider, court);
	return DS_OK;
fail:
	letter_free(L);
	return st;
}

static void wipe_list(char **l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		store_wipe(l[i], strlen(l[i]));
		free(l[i]);
	}
	free(l);
}

void letter_free(letter *L)
{
	wipe_list(L->reasons, L->n_reasons);
	wipe_list(L->steps, L->n_steps);
	store_wipe(L, sizeof(*L)); /* names and the address */
}

void letter_walk(const letter *L, letter_emit emit, void *c)
{
	char line[LETTER_LINE + 64];
	emit(c, LETTER_AUTHORITY, L->authority);
	emit(c, LETTER_TITLE, L->title);
	emit(c, LETTER_DOCNO, L->docno);
	emit(c, LETTER_GAP, "");
	/* L10N: the addressee's line of a letter */
	snprintf(line, sizeof(line), _("To: %s"), L->addressee);
	emit(c, LETTER_PARA, line);
	snprintf(line, sizeof(line), _("Address: %s"), L->address);
	emit(c, LETTER_PARA, line);
	snprintf(line, sizeof(line), _("Date of the decision: %s"), L->date);
	emit(c, LETTER_PARA, line);
	emit(c, LETTER_GAP, "");
	emit(c, LETTER_HEADING, _("Decision"));
	emit(c, LETTER_PARA, L->decision);
	if (L->pay_from[0])
		emit(c, LETTER_PARA, L->pay_from);
	for (size_t i = 0; i < L->n_schedule; i++)
		emit(c, LETTER_ITEM, L->schedule[i]);
	if (L->n_reasons) {
		emit(c, LETTER_HEADING, _("Reasons"));
		for (size_t i = 0; i < L->n_reasons; i++)
			emit(c, LETTER_ITEM, L->reasons[i]);
	}
	if (L->n_steps) {
		emit(c, LETTER_HEADING, _("How this was worked out"));
		for (size_t i = 0; i < L->n_steps; i++) {
			snprintf(line, sizeof(line), "%zu. %s", i + 1, L->steps[i]);
			emit(c, LETTER_ITEM, line);
		}
	}
	emit(c, LETTER_HEADING, L->remedies_heading);
	emit(c, LETTER_PARA, L->reconsideration);
	emit(c, LETTER_PARA, L->litigation);
	emit(c, LETTER_PARA, L->appeal);
	if (L->duty[0]) {
		emit(c, LETTER_HEADING, _("Your duty to report changes"));
		emit(c, LETTER_PARA, L->duty);
	}
	emit(c, LETTER_GAP, "");
	emit(c, LETTER_PARA, L->signature);
	emit(c, LETTER_GAP, "");
	emit(c, LETTER_RIGHT, L->seal);
	emit(c, LETTER_RIGHT, L->date);
	if (L->contact[0]) {
		emit(c, LETTER_GAP, "");
		emit(c, LETTER_PARA, L->contact);
	}
}

static void text_emit(void *ctx, letter_style style, const char *text)
{
	FILE *f = ctx;
	switch (style) {
	case LETTER_HEADING:
		fprintf(f, "\n%s\n", text);
		break;
	case LETTER_ITEM:
		fprintf(f, "    %s\n", text);
		break;
	case LETTER_DOCNO:
	case LETTER_RIGHT:
		fprintf(f, "%40s%s\n", "", text);
		break;
	case LETTER_GAP:
		fprintf(f, "\n");
		break;
	default:
		fprintf(f, "%s\n", text);
	}
}

void letter_text(const letter *L, FILE *f)
{
	letter_walk(L, text_emit, f);
}
