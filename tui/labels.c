/* labels.c — translated names for identifiers. */
#include "tui/labels.h"

#include <string.h>

#include "core/region.h"
#include "tui/i18n.h"

static const char *const relations[CORE_REL_COUNT] = {
	/* L10N: relation to the head of household */
	N_("head of household"), N_("spouse"), N_("child"), N_("parent"),
	N_("brother or sister"), N_("grandchild"), N_("grandparent"),
	N_("other relative"),
};

static const char *const categories[CORE_CAT_COUNT] = {
	N_("elderly"), N_("minor"), N_("severe disability"),
	N_("severe illness"), N_("student"),
};

static const char *const incomes[CORE_INCOME_COUNT] = {
	N_("wages"),
	N_("flexible work"),
	N_("business net income"),
	N_("farming"),
	N_("property income"),
	N_("support from relatives"),
	N_("employee pension"),
	N_("unemployment insurance"),
	N_("compensation"),
	N_("other counted income"),
	N_("special-care payment"),
	N_("family-planning reward"),
	N_("scholarship"),
	N_("bravery award"),
	N_("social assistance"),
	N_("resident basic pension"),
	N_("other income not counted"),
};

static const char *const roles[CORE_ROLE_COUNT] = {
	N_("assistant"), N_("supervisor"), N_("appeal reviewer"),
};

static const struct {
	const char *code;
	const char *label;
} statuses[] = {
	{"applying", N_("applying")},
	{"investigating", N_("investigating")},
	{"submitted", N_("submitted")},
	{"returned", N_("returned")},
	{"notice", N_("public notice")},
	{"receiving", N_("receiving")},
	{"in_transition", N_("in transition")},
	{"refused", N_("refused")},
	{"exited", N_("exited")},
	{"suspended", N_("suspended")},
};

const char *label_relation_msgid(core_relation r)
{
	return (unsigned)r < CORE_REL_COUNT ? relations[r] : "?";
}
const char *label_category_msgid(core_category c)
{
	return (unsigned)c < CORE_CAT_COUNT ? categories[c] : "?";
}
const char *label_income_msgid(core_income_source s)
{
	return (unsigned)s < CORE_INCOME_COUNT ? incomes[s] : "?";
}
const char *label_status_msgid(const char *code)
{
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (strcmp(statuses[i].code, code) == 0)
			return statuses[i].label;
	return NULL;
}

const char *label_relation(core_relation r)
{
	return _(label_relation_msgid(r));
}
const char *label_category(core_category c)
{
	return _(label_category_msgid(c));
}
const char *label_income(core_income_source s)
{
	return _(label_income_msgid(s));
}
const char *label_role(core_role r)
{
	return (unsigned)r < CORE_ROLE_COUNT ? _(roles[r]) : "?";
}
const char *label_status(const char *code)
{
	const char *l = label_status_msgid(code);
	return l ? _(l) : code;
}

static const struct {
	const char *id;
	const char *label;
} actions[] = {
	/* L10N: what a person does to a case, after "you cannot ..." and
	 * before ": <why not>" */
	{"visit", N_("record a visit")},
	{"submit", N_("submit for review")},
	{"approve", N_("approve")},
	{"return", N_("return for more investigation")},
	{"refuse", N_("refuse")},
	{"object", N_("record an objection")},
	{"finalize", N_("put the decision into effect")},
	{"suspend", N_("suspend payments")},
	{"resume", N_("resume payments")},
	{"end_transition", N_("end the withdrawal")},
	{"appeal_file", N_("file an appeal")},
	{"appeal_assign", N_("give an appeal to a reviewer")},
	{"appeal_decide", N_("decide an appeal")},
	{"deliver", N_("record the letter's delivery")},
};

const char *label_action(const char *id)
{
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(actions[i].id, id) == 0)
			return _(actions[i].label);
	return NULL;
}

const char *label_id(const char *id)
{
	const char *l = label_action(id);
	int r = core_role_lookup(id);
	if (l)
		return l;
	if (r >= 0)
		return label_role((core_role)r);
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (strcmp(statuses[i].code, id) == 0)
			return _(statuses[i].label);
	return NULL;
}

const char *label_due(core_due_kind k)
{
	return _(core_due_words(k));
}

const char *label_outcome(const char *id)
{
	static const struct {
		const char *id;
		const char *label;
	} outcomes[] = {
		/* L10N: what a decision does, after "Proposal:" */
		{"grant", N_("grant the allowance")},
		{"transition", N_("step the allowance down gradually")},
		{"stop", N_("stop the allowance")},
		{"refuse", N_("refuse the application")},
	};
	for (size_t i = 0; i < sizeof(outcomes) / sizeof(outcomes[0]); i++)
		if (strcmp(outcomes[i].id, id) == 0)
			return _(outcomes[i].label);
	return id;
}

const char *label_region(const char *code, char *buf, size_t len)
{
	core_region_name(code, !strncmp(i18n_lang(), "zh", 2), buf, len);
	return buf;
}

/* The ladder's facts in words (the not-given 0 is ""). */
static const char *const disabilities[CORE_DISABILITY_END] = {
	"",
	/* L10N: a kind of disability (残疾类别) */
	N_("physical"), N_("visual"), N_("hearing"), N_("speech"),
	N_("intellectual"), N_("mental"), N_("multiple"),
};

static const char *const self_cares[CORE_SELF_CARE_END] = {
	"", N_("looks after themselves"), N_("partly looks after themselves"),
	N_("cannot look after themselves"),
};

static const char *const exclusions[CORE_EXCLUSION_END] = {
	"", N_("clergy living apart for 3 years or more"), N_("in prison"),
	N_("in compulsory rehabilitation"), N_("declared missing"),
};

static const char *const expenses[CORE_EXPENSE_END] = {
	/* L10N: a kind of rigid spending (刚性支出) */
	"", N_("medical"), N_("rehabilitation"), N_("education"),
};

static const char *word_of(const char *const *list, size_t n, unsigned i)
{
	return i < n ? (list[i][0] ? _(list[i]) : "") : "?";
}

const char *label_disability(core_disability d)
{
	return word_of(disabilities, CORE_DISABILITY_END, (unsigned)d);
}

const char *label_self_care(core_self_care c)
{
	return word_of(self_cares, CORE_SELF_CARE_END, (unsigned)c);
}

const char *label_exclusion(core_exclusion e)
{
	return word_of(exclusions, CORE_EXCLUSION_END, (unsigned)e);
}

const char *label_expense(core_expense_kind k)
{
	return word_of(expenses, CORE_EXPENSE_END, (unsigned)k);
}

/* The classes of the ladder, in CORE_CLASS_LIST's order (the words the
 * derivation's "Class: {class}." shows too, explain.c). */
static const char *const classes[CORE_CLASS_COUNT] = {
	/* L10N: the class of a household on the ladder of assistance */
	N_("destitute (特困人员)"), N_("dibao (低保)"),
	N_("dibao for one member alone (单人保)"),
	N_("marginal family (低保边缘家庭)"),
	N_("rigid-expenditure hardship family (刚性支出困难家庭)"),
	N_("none of the ladder"),
};
_Static_assert(CORE_CLASS_NONE == CORE_CLASS_COUNT - 1,
               "the words of the classes follow CORE_CLASS_LIST");

/* The same in a word or two, for a title line of counts. */
static const char *const classes_short[CORE_CLASS_COUNT + 1] = {
	/* L10N: the classes of the ladder in a word, in the caseload's
	 * title line of counts ("3 destitute, 200 dibao, ...") */
	N_("destitute"), N_("dibao"), N_("single"), N_("marginal"),
	N_("rigid"), N_("none"),
	/* L10N: households with no class yet, in a word */
	N_("unclassified"),
};

const char *label_class_short(int cls)
{
	return _(classes_short[cls >= 0 && cls < CORE_CLASS_COUNT ? cls : CORE_CLASS_COUNT]);
}

const char *label_class(int cls)
{
	if (cls >= 0 && cls < CORE_CLASS_COUNT)
		return _(classes[cls]);
	/* L10N: a household whose latest assessment gave no class of the
	 * ladder (never assessed, or assessed before the ladder) */
	return _("not classified");
}
