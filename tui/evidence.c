/* evidence.c — visits and reasons in words (tui/evidence.h). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/event.h"
#include "tui/evidence.h"
#include "tui/explain.h"
#include "tui/i18n.h"

const char *evidence_event_words(const char *kind)
{
	int k = core_event_lookup(kind);
	const char *w = k < 0 ? NULL : core_event_words((core_event_kind)k);
	return w ? _(w) : kind;
}

/* A text typed at the visit, under its label; a line of its own for each
 * line typed. */
static void typed(text_page *t, int indent, const char *label,
                  const char *text)
{
	char line[CORE_VISIT_TEXT_MAX];
	const char *p = text;
	bool first = true;
	if (!text[0])
		return;
	while (*p) {
		size_t n = strcspn(p, "\r\n");
		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		if (first)
			text_add(t, _("%*s%s: %s"), indent, "", label, line);
		else if (n)
			text_add(t, "%*s  %s", indent, "", line);
		first = false;
		p += n;
		while (*p == '\r' || *p == '\n')
			p++;
	}
	sodium_memzero(line, sizeof(line));
}

/* The names of the people in ids (ID numbers at the visit), joined. */
static void names(const store_visit_item *it, const char (*ids)[CORE_IDNUM_BUF],
                  size_t n, char *out, size_t len)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && o < len; i++) {
		const char *nm = store_visit_name(it, ids[i]);
		o += (size_t)snprintf(out + o, len - o, "%s%s", i ? _(", ") : "",
		                      nm ? nm : ids[i]);
	}
}

void evidence_changes(text_page *t, const store_visit_item *it, int indent)
{
	const core_visit *v = &it->visit;
	if (!it->n_diff) {
		text_add(t, _("%*s  What changed: nothing"), indent, "");
	} else {
		text_add(t, _("%*s  What changed:"), indent, "");
		for (size_t i = 0; i < it->n_diff; i++) {
			char line[512], when[11] = "";
			const core_diff *df = &it->diff[i];
			explain_diff(df, line, sizeof(line));
			if (df->kind == CORE_DIFF_JOINED || df->kind == CORE_DIFF_LEFT ||
			    df->kind == CORE_DIFF_DIED)
				for (size_t k = 0; k < v->n_changes; k++)
					if (!strcmp(v->changes[k].id_number, df->id_number) &&
					    v->changes[k].date >= 0)
						core_date_format(v->changes[k].date, when);
			if (when[0])
				text_add(t, _("%*s  %s (on %s)"), indent, "", line, when);
			else
				text_add(t, "%*s  %s", indent, "", line);
			sodium_memzero(line, sizeof(line));
		}
	}
}

void evidence_visit(text_page *t, const store_visit_item *it, int indent,
                    bool full)
{
	const core_visit *v = &it->visit;
	char d[11], c[11], who[CORE_MEMBERS_MAX * (CORE_NAME_MAX + 4)];
	const char *signer = store_visit_name(it, v->consent_by);

	core_date_format(v->date, d);
	text_add(t, _("%*s%s: visited by %s and %s (recorded by %s, %s)"), indent,
	         "", d, v->staff[0], v->staff[1], it->author, it->recorded);
	names(it, v->present, v->n_present, who,
	      sizeof(who));
	text_add(t, _("%*s  Present: %s"), indent, "", v->n_present ? who : _("nobody"));
	core_date_format(v->consent_at, c);
	if (v->consent_by[0])
		text_add(t, _("%*s  Consent signed by %s on %s"), indent, "",
		         signer ? signer : v->consent_by, c);
	else
		text_add(t, _("%*s  Consent: not signed"), indent, "");
	typed(t, indent + 2, _("Notes"), v->observations);
	if (full) {
		typed(t, indent + 2, _("Home"), v->housing);
		typed(t, indent + 2, _("Assets seen"), v->assets_sighted);
		typed(t, indent + 2, _("Bills seen"), v->utilities_seen);
		typed(t, indent + 2, _("Bank statements seen"), v->bank_seen);
	}
	evidence_changes(t, it, indent);
	sodium_memzero(who, sizeof(who));
}

void evidence_reason(text_page *t, const store_reason *r, int indent)
{
	const char *words = evidence_event_words(r->kind);
	char what[256];
	if (core_event_is(r->kind, CORE_EVENT_APPEAL_DECIDED))
		snprintf(what, sizeof(what), "%s", !strcmp(r->decision, "overturn")
		                                           ? _("appeal decided: overturned")
		                                           : _("appeal decided: upheld"));
	else if (core_event_is(r->kind, CORE_EVENT_APPEAL_ASSIGNED))
		snprintf(what, sizeof(what), _("appeal given to the reviewer %s"), r->to);
	else if (core_event_is(r->kind, CORE_EVENT_APPEAL_FILED) && r->received >= 0) {
		char d[11];
		core_date_format(r->received, d);
		snprintf(what, sizeof(what), _("appeal received on %s"), d);
	} else
		snprintf(what, sizeof(what), "%s", words);
	if (r->reason[0] && r->note[0])
		text_add(t, _("%*s%s  %s: %s: %s (note: %s)"), indent, "", r->when,
		         r->author, what, r->reason, r->note);
	else if (r->reason[0] || r->note[0])
		text_add(t, _("%*s%s  %s: %s: %s"), indent, "", r->when, r->author,
		         what, r->reason[0] ? r->reason : r->note);
	else
		text_add(t, _("%*s%s  %s: %s"), indent, "", r->when, r->author, what);
}
