/* ui.h — the terminal interface's engine: screens as tables of operations,
 * actions declared once (their keys, their help, their hint), one loop
 * that repaints what went stale, idle locking, and drawing in display
 * columns. Screens call the same store and core functions as the command
 * line. */
#ifndef TUI_UI_H
#define TUI_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "store/caseload.h"
#include "store/store.h"
#include "sync/net.h"
#include "tui/field.h"
#include "tui/list.h"

/* Every action, once: X(name, help text, its word in the hint bar). The
 * keys are data (ui.c). */
#define UI_ACTION_LIST(X)                                          \
	X(UP, N_("move up"), N_("up"))                                       \
	X(DOWN, N_("move down"), N_("down"))                                   \
	X(PGUP, N_("page up"), N_("page up"))                                     \
	X(PGDN, N_("page down"), N_("page down"))                                   \
	X(HOME, N_("first line"), N_("first"))                                  \
	X(END, N_("last line"), N_("last"))                                    \
	X(OPEN, N_("open"), N_("open"))                                        \
	X(BACK, N_("back"), N_("back"))                                        \
	X(QUIT, N_("quit (unsaved work is kept as a draft)"), N_("quit"))      \
	X(HELP, N_("help: every key of this screen"), N_("help"))              \
	X(REDRAW, N_("redraw the screen"), N_("redraw"))                         \
	X(LOCK, N_("lock now; unlock as yourself or as another user"), N_("lock")) \
	X(SEARCH, N_("search as you type"), N_("search"))                        \
	X(NEXT, N_("next match"), N_("next"))                                  \
	X(PREV, N_("previous match"), N_("previous"))                              \
	X(NEXT_SECTION, N_("next section"), N_("next section"))                        \
	X(PREV_SECTION, N_("previous section"), N_("previous section"))                    \
	X(SORT_DUE, N_("sort by next due date"), N_("by due date"))                   \
	X(SORT_NAME, N_("sort by name"), N_("by name"))                           \
	X(SORT_STATUS, N_("sort by status"), N_("by status"))                       \
	X(FILTER_ALL, N_("show all households"), N_("all"))                   \
	X(FILTER_RECEIVING, N_("show those receiving"), N_("receiving"))            \
	X(FILTER_TRANSITION, N_("show those in gradual withdrawal"), N_("withdrawing")) \
	X(FILTER_WARNING, N_("show early warnings"), N_("warnings"))               \
	X(FILTER_REVIEW, N_("show those submitted for review"), N_("for review"))    \
	X(FILTER_APPEAL, N_("show those with an appeal pending"), N_("appeals"))  \
	X(FILTER_DUE, N_("show those due for re-verification"), N_("due"))    \
	X(FILTER_CLASS, N_("show one class of the ladder, the next at each press; the title counts each class"), N_("class")) \
	X(SHOW_ID, N_("show or hide full ID numbers"), N_("ID numbers"))             \
	X(DUE, N_("the work that is due"), N_("due"))                         \
	X(REVIEWS, N_("the review queue"), N_("reviews"))                         \
	X(APPEALS, N_("appeals"), N_("appeals"))                                  \
	X(CASELOAD, N_("the caseload"), N_("caseload"))                            \
	X(VISIT, N_("home visit: start one, or go on with its draft"), N_("visit")) \
	X(APPEAL, N_("the household appeals the decision (asks why)"), N_("appeal")) \
	X(APPROVE, N_("approve: the public notice begins"), N_("approve"))         \
	X(RETURN, N_("return for more investigation (asks why)"), N_("return"))  \
	X(REFUSE, N_("refuse or stop (asks why)"), N_("refuse"))                  \
	X(ASSIGN, N_("give the appeal to a reviewer"), N_("assign"))             \
	X(UPHOLD, N_("uphold the decision (asks why)"), N_("uphold"))            \
	X(OVERTURN, N_("overturn: back to investigation (asks why)"), N_("overturn")) \
	X(ASSESS, N_("assess the household now (recorded; the derivation is shown)"), N_("assess")) \
	X(NOTICE, N_("the notice of the decision, as the household receives it"), N_("notice")) \
	X(PRINT, N_("print: save the notice to a file"), N_("print"))            \
	X(DELIVER, N_("record the day the letter reached the household, and how"), N_("delivered")) \
	X(ADD, N_("add an applicant household"), N_("add household"))           \
	X(DRAFTS, N_("visits in progress (drafts; marked * on the caseload)"), N_("drafts")) \
	X(DISCARD, N_("discard this draft (asks first)"), N_("discard"))        \
	X(RELIEFS, N_("the relief queue: temporary assistance, by deadline"), N_("relief")) \
	X(RELIEF_FILE, N_("file a relief case for this household (temporary assistance)"), N_("relief")) \
	X(PROPOSE, N_("propose the amount after the investigation (asks the amount and why)"), N_("propose")) \
	X(RELIEF_APPROVE, N_("approve the relief (not by who filed or proposed it)"), N_("approve")) \
	X(RELIEF_REFUSE, N_("refuse the relief (asks why)"), N_("refuse"))      \
	X(PAY_FIRST, N_("pay first: urgent help at once, within its limit (asks the amount)"), N_("pay first"))

typedef enum {
#define X(name, help, hint) UI_##name,
	UI_ACTION_LIST(X)
#undef X
	UI_ACTION_COUNT,
	UI_NONE = -1
} ui_action;

/* What a handler made stale. */
enum {
	UI_DIRTY_NONE = 0,
	UI_DIRTY_BODY = 1,
	UI_DIRTY_ALL = 3,
	UI_POP = 4,     /* close this screen */
	UI_EXIT = 8,    /* leave the program */
};

typedef struct ui ui;
typedef struct screen screen;
/* A question's handler (ui_prompt). */
typedef bool (*ui_prompt_fn)(ui *u, void *ctx, const char *text);

typedef struct {
	const char *name;           /* for the key table: "caseload", ... */
	void (*draw)(ui *u, screen *s, int top, int rows, int cols);
	/* An action, or a typed character (action UI_NONE, ch set) */
	unsigned (*key)(ui *u, screen *s, ui_action a, int ch);
	void (*close)(screen *s);
	/* The title line. */
	void (*title)(ui *u, screen *s, char *out, size_t len);
	/* Text input wanted (search, forms): typed keys go to key() first */
	bool (*typing)(screen *s);
	/* The hint line, for a screen whose keys are not in the key table */
	void (*hints)(screen *s, char *out, size_t len);
	/* Called when the keyboard has been quiet for two seconds, and before
	 * the idle lock: a form saves what was typed. */
	void (*quiet)(ui *u, screen *s);
	/* The idle lock: wipe and free everything of households the screen
	 * holds (what it draws, what was typed), keeping only where it was
	 * (ids and positions, never names); the store is closed after it. The
	 * screen rebuilds from the store in its next draw(), as after any
	 * reload (u->generation moves when the store is open again). True
	 * when typed text was dropped that cannot come back (a search). */
	bool (*lock)(ui *u, screen *s);
	/* Whether the screen does something with an action of every screen
	 * (moving, sections, search); help and the hint bar list only those
	 * it does. NULL: all of them. */
	bool (*handles)(const screen *s, ui_action a);
} screen_ops;

struct screen {
	const screen_ops *ops;
	void *data;
	screen *below;
};

struct ui {
	ds_store *store;
	const char *store_dir;
	const char *user;       /* chosen at unlock */
	core_date today;
	screen *top;
	char message[512];      /* one line, shown until the next key */
	bool message_error;
	int idle_minutes;
	bool colour;
	/* a question on the message line (a reason, a name) */
	bool prompting;
	field prompt;
	char prompt_label[128];
	char prompt_error[512]; /* why the answer was not taken, beside it */
	ui_prompt_fn prompt_done;
	void *prompt_ctx;
	/* the caseload, loaded at unlock */
	store_caseload_row *rows;
	size_t n_rows;
	unsigned generation;    /* counts reloads: screens rebuild when it moves */
	struct sync_bg *bg;     /* sync in the background (syncbg.c) */
	struct pinyin *pinyin;  /* pinyin sort and search (pinyin.c); NULL without ICU */
	int rc;                 /* the exit status, when an unlock failed */
};

/* Sync while the interface is open (syncbg.c): a tick on every pass of
 * the loop (quiet: no key for a while), stopped before the lock, and the
 * status bar's words. */
void ui_sync_tick(ui *u, bool quiet);
void ui_sync_stop(ui *u);
void ui_sync_free(ui *u);
void ui_sync_line(ui *u, char *out, size_t len);
/* "Bundle k of n: 120 KiB left, 3 KiB a second" (a pull, whose n is not
 * known: "Bundle k: ..."), for the status line and for doorstep sync push
 * and pull on a terminal. */
void ui_sync_progress_text(char *out, size_t len, const sync_progress *p);
/* Reads again what waits for the county (after anything that changed the
 * store), so painting the status bar reads nothing. */
void ui_sync_counts(ui *u);

/* Runs the interface on the store in dir; returns the exit status. */
int ui_main(const char *dir, const char *user, core_date today);

void ui_push(ui *u, screen *s);
/* One key to the top screen and what follows from it; 1 when the
 * program should end. ui_paint repaints. */
int ui_dispatch(ui *u, int ch);
void ui_paint(ui *u);
/* Asks for a line of text on the message line; done gets it (NULL when
 * the question was put away with Esc, and must then return true). done
 * returns false when the answer is not taken: the question stays open
 * with what was typed, and the message done set (ui_error) shows beside
 * it. Every key goes to the question while it is open. */
void ui_prompt(ui *u, const char *label, ui_prompt_fn done, void *ctx);
/* A line above the open question: what to answer, or why the last answer
 * was not taken (an error, its field in words). */
void ui_prompt_note(ui *u, const char *text);
void ui_prompt_error(ui *u, const ds_error *err);
void ui_message(ui *u, bool error, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
void ui_error(ui *u, const ds_error *err);

/* Draws UTF-8 text at (y, x) in exactly width columns (cut with "~",
 * padded with spaces); attr is an ncurses attribute. */
void ui_put(int y, int x, const char *text, int width, int attr);
/* Right-aligned. */
void ui_put_right(int y, int x, const char *text, int width, int attr);

/* Moves a list engine's cursor for a moving action (up, down, a page,
 * first, last); false for any other action. */
bool ui_list_move(ui_list *list, ui_action a);
/* Whether the answer to a yes-or-no question is yes: Enter alone, y,
 * yes, or yes in the user's language; anything else is not. */
bool ui_answer_yes(const char *text);
/* Whether a key erases a character (Backspace, DEL, Ctrl-H). */
bool ui_key_erases(int ch);
/* A key typed into a search query (list_query_edit with ui_key_erases). */
bool ui_query_key(char *query, size_t cap, int ch);

/* The action bound to a key on a screen (UI_NONE when none). */
ui_action ui_key_action(const screen *s, int key);
/* "q back  / search  ? help" for a screen, fitted to width. */
void ui_hints(const screen *s, char *out, size_t len, int width);
/* Every key of a screen, one per line, for the help screen. */
size_t ui_key_lines(const screen *s, char (*lines)[128], size_t max);

/* Screens. */
screen *scr_caseload_new(ui *u);
screen *scr_household_new(ui *u, const char *id);
screen *scr_help_new(ui *u, const screen *of);
screen *scr_text_new(ui *u, const char *name, const char *title,
                     char **lines, size_t n);
screen *scr_due_new(ui *u);
screen *scr_cases_new(ui *u, bool appeals);
/* A home visit to household id: a new one, or its draft where it stopped. */
screen *scr_visit_new(ui *u, const char *id);
/* The number a visit's step (as a draft keeps it) is shown with, from 1:
 * a step added later keeps its draft number but is shown in its place. */
int scr_visit_step_shown(int step);
/* The visits in progress, to go on with or discard (scr_drafts.c). */
screen *scr_drafts_new(ui *u);
/* Adding an applicant household, question by question (scr_add.c); NULL
 * (with the reason on the message line) when the user's role may not. */
screen *scr_add_new(ui *u);
/* The written notice of a household's last decision, to read and save to
 * a file (scr_notice.c); NULL, with the reason said, when there is none. */
screen *scr_notice_new(ui *u, const char *id);
/* The written decision of a relief case (notice --relief); NULL, said why,
 * when it is not decided. */
screen *scr_relief_notice_new(ui *u, const char *id);
/* Temporary assistance (scr_relief.c): the relief queue, a relief case's
 * page with its steps as keys, and filing a case for a household. */
screen *scr_reliefs_new(ui *u);
screen *scr_relief_new(ui *u, const char *id);
screen *scr_relief_file_new(ui *u, const char *household);
/* Closes the top screen (from a question's handler: a form done). */
void ui_pop(ui *u);

/* The household's row on the caseload, or NULL (not on it). */
const store_caseload_row *ui_row(const ui *u, const char *id);
/* Whether the person with ID number idnum belongs to a household other
 * than except (NULL: any): 1, with that household said as its head's
 * name and its address in head and address (both "" when its file could
 * not be read, err set); 0 when not; -1 when the store could not say
 * (err set). What it read is wiped. */
int ui_person_elsewhere(ui *u, const char *idnum, const char *except,
                        char *head, size_t head_len, char *address,
                        size_t address_len, ds_error *err);
/* The search line "/query" at row y, as it is being typed. */
void ui_put_query(int y, int cols, const char *query);

/* Reloads the caseload rows from the store (after a change). */
int ui_reload(ui *u);

#endif
