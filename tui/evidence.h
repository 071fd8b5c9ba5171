/* evidence.h — a household's visits and the reasons given on its case, in
 * words, as lines of a text page: for the household screen and for the
 * review queue and the appeals, which show the same evidence. */
#ifndef TUI_EVIDENCE_H
#define TUI_EVIDENCE_H

#include "store/evidence.h"
#include "tui/scr_text.h"

/* The words for an event kind ("case.returned" → "returned for more
 * investigation"); unknown kinds come back as given. */
const char *evidence_event_words(const char *kind);

/* The lines of one visit: when and who visited, who was there, consent,
 * the notes (and, when full, what was seen of the home, assets, bills and
 * statements), and what changed with it. Every line starts with indent
 * spaces. */
void evidence_visit(text_page *t, const store_visit_item *it, int indent,
                    bool full);

/* What changed with one visit (the line "What changed:" and one line a
 * change, or "What changed: nothing"), indented by indent + 2. */
void evidence_changes(text_page *t, const store_visit_item *it, int indent);

/* One reason given on the case, as a line: when, who, the step, and the
 * reason or note. */
void evidence_reason(text_page *t, const store_reason *r, int indent);

#endif
