/* scr_notice.c — the written notice of a household's last decision (or a
 * relief case's decision: `notice --relief`), the same text as `doorstep
 * notice`, to read on screen and to print: p saves
 * it to a file the user names (a name in the current folder is offered;
 * a name ending in .pdf saves the A4 PDF letter of `notice --pdf`), and
 * says where it went; d records the day it reached the household and how
 * (the time to appeal counts from it). The text is built in memory that
 * is wiped, and
 * the page is wiped at the lock and built again after it. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/workflow.h"
#include "store/casework.h"
#include "store/store.h"
#include "tui/cli.h"
#include "tui/i18n.h"
#include "tui/scr_text.h"
#include "tui/ui.h"

typedef struct {
	char id[STORE_ID_BUF];
	bool relief;         /* a relief case's decision (notice --relief) */
	text_page *page;
	core_date on;        /* the day delivered, while "how?" is asked */
} notice_ctx;

/* A notice is a page or two; its derivation, a withdrawal schedule and
 * the reasons stay well within this. */
#define NOTICE_MAX (64 * 1024)

/* The notice in a malloc'd buffer (the caller wipes and frees it with
 * forget). Written unbuffered into one block of our own: a memstream's
 * growing copies and stdio's buffer would be freed unwiped, leaving the
 * names and the address in the heap. */
static ds_status notice_text(ui *u, const char *id, bool relief, char **buf,
                             size_t *len, ds_error *err)
{
	FILE *mem;
	ds_status st;
	long end;
	*len = 0;
	if (!(*buf = calloc(1, NOTICE_MAX)))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	if (!(mem = fmemopen(*buf, NOTICE_MAX, "w")))
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	setvbuf(mem, NULL, _IONBF, 0);
	st = relief ? cli_relief_notice_write(mem, u->store, id, err)
	            : cli_notice_write(mem, u->store, id, err);
	end = ftell(mem);
	fclose(mem);
	if (!st && (end < 0 || end >= NOTICE_MAX - 1))
		st = ds_fail(err, DS_ESYSTEM, "", N_("the notice is too long to show"));
	*len = st ? 0 : (size_t)end;
	if (!st)
		(*buf)[*len] = '\0';
	return st;
}

static void forget(char *buf, size_t len)
{
	(void)len;
	if (buf) {
		store_wipe(buf, NOTICE_MAX);
		free(buf);
	}
}

/* Fills the page, line by line; false (err set) when there is no notice. */
static bool fill(ui *u, text_page *t, ds_error *err)
{
	notice_ctx *x = t->ctx;
	char *buf, *line, *next;
	size_t len;
	text_clear(t);
	t->title[0] = '\0';
	if (notice_text(u, x->id, x->relief, &buf, &len, err)) {
		forget(buf, len);
		return false;
	}
	for (line = buf; line && *line; line = next) {
		char *nl = strchr(line, '\n');
		next = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		text_add(t, "%s", line);
	}
	forget(buf, len);
	if (x->relief)
		snprintf(t->title, sizeof(t->title),
		         _("Decision on relief case %s"), x->id);
	else
		snprintf(t->title, sizeof(t->title),
		         _("Notice of the decision, household %s"), x->id);
	return true;
}

static void rebuild(ui *u, text_page *t)
{
	ds_error err;
	if (!fill(u, t, &err)) {
		ui_error(u, &err);
		text_add(t, "%s", _("This notice cannot be shown."));
	}
}

/* A name ending in .pdf asks for the A4 PDF letter. */
static bool is_pdf(const char *path)
{
	size_t n = strlen(path);
	return n > 4 && strcasecmp(path + n - 4, ".pdf") == 0;
}

/* The answer to "save to which file?": the text, or the PDF for a name
 * ending in .pdf. */
static bool print_to(ui *u, void *ctx, const char *path)
{
	notice_ctx *x = ctx;
	char *buf, full[PATH_MAX];
	size_t len;
	ds_error err;
	struct stat st;
	if (!path) {
		ui_message(u, false, "%s", _("Put away: the notice was not saved."));
		return true;
	}
	if (!path[0]) {
		ui_message(u, true, "%s", _("Type the name of the file to save the notice in."));
		return false;
	}
	if (stat(path, &st) == 0) {
		ui_message(u, true, "%s",
		           S_ISDIR(st.st_mode)
		               ? _("That is a folder; type the name of a file in it.")
		               : _("A file of that name is already there; type another name (nothing was replaced)."));
		return false;
	}
	if (is_pdf(path)) {
		if (x->relief ? cli_relief_notice_pdf(u->store, x->id, path, &err)
		              : cli_notice_pdf(u->store, x->id, path, &err)) {
			ui_error(u, &err);
			return false;
		}
	} else if (notice_text(u, x->id, x->relief, &buf, &len, &err) ||
	           store_write_file_atomic(path, buf, len, &err)) {
		forget(buf, len);
		ui_error(u, &err);
		return false;
	} else {
		forget(buf, len);
	}
	if (!realpath(path, full))
		snprintf(full, sizeof(full), "%s", path);
	ui_message(u, false,
	           _("The notice is saved in %s; print that file, then delete it: it holds the household's details unencrypted."),
	           full);
	return true;
}

/* The answer to "how did it reach them?": 1 to 4, as listed. */
static bool delivered_how(ui *u, void *ctx, const char *answer)
{
	notice_ctx *x = ctx;
	core_step_args args;
	core_state next;
	ds_error err;
	char *end;
	long n;
	if (!answer) {
		ui_message(u, false, "%s", _("Put away: the delivery was not recorded."));
		return true;
	}
	n = strtol(answer, &end, 10);
	if (end == answer || *end || n < 1 || n > CORE_DELIVERY_COUNT) {
		ui_message(u, true, "%s", _("Type 1, 2, 3 or 4."));
		return false;
	}
	core_step_args_init(&args);
	args.on = x->on;
	args.method = (int)n - 1;
	if (store_case_act(u->store, x->id, CORE_ACTION_DELIVER, &args, &next,
	                   &err)) {
		ui_error(u, &err);
		return false;
	}
	rebuild(u, x->page);
	ui_message(u, false, "%s",
	           _("The delivery is recorded; the time to appeal counts from that day."));
	return true;
}

/* The answer to "on which day?". */
static bool delivered_on(ui *u, void *ctx, const char *answer)
{
	notice_ctx *x = ctx;
	char how[512];
	size_t o = 0;
	ds_error err;
	if (!answer) {
		ui_message(u, false, "%s", _("Put away: the delivery was not recorded."));
		return true;
	}
	if (core_date_parse(answer, &x->on, "", &err)) {
		ui_error(u, &err);
		return false;
	}
	if (x->on > u->today) {
		ui_message(u, true, "%s", _("That day has not come yet."));
		return false;
	}
	for (int i = 0; i < CORE_DELIVERY_COUNT && o < sizeof(how); i++)
		o += (size_t)snprintf(how + o, sizeof(how) - o, "%s%d %s",
		                      i ? "  " : "", i + 1,
		                      _(core_delivery_words((core_delivery)i)));
	ui_prompt(u, _("How did it reach them? "), delivered_how, x);
	ui_prompt_note(u, how); /* the ways, numbered, above the question */
	return true;
}

static unsigned page_key(ui *u, text_page *t, ui_action a)
{
	notice_ctx *x = t->ctx;
	if (a == UI_DELIVER && !x->relief) {
		char today[11];
		ds_error err;
		if (store_case_may(u->store, x->id, CORE_ACTION_DELIVER, &err)) {
			/* why not, alone: the step is the key just pressed */
			err.where[0] = '\0';
			ui_error(u, &err);
			return UI_DIRTY_ALL;
		}
		core_date_format(u->today, today);
		ui_prompt(u, _("Delivered on (YYYY-MM-DD): "), delivered_on, x);
		field_set(&u->prompt, today);
		return UI_DIRTY_ALL;
	}
	if (a == UI_PRINT) {
		char name[STORE_ID_BUF + 16];
		snprintf(name, sizeof(name), x->relief ? "relief-%s.txt" : "notice-%s.txt",
		         x->id);
		ui_prompt(u, _("Save the notice in the file: "), print_to, x);
		field_set(&u->prompt, name);
		return UI_DIRTY_ALL;
	}
	return UI_DIRTY_NONE;
}

static void done(text_page *t)
{
	free(t->ctx);
}

static screen *notice_new(ui *u, const char *id, bool relief)
{
	text_page *t = calloc(1, sizeof(*t));
	notice_ctx *x = calloc(1, sizeof(*x));
	ds_error err;
	if (!t || !x) {
		free(t);
		free(x);
		return NULL;
	}
	snprintf(x->id, sizeof(x->id), "%s", id);
	x->relief = relief;
	x->page = t;
	t->ctx = x;
	t->key = page_key;
	t->done = done;
	t->rebuild = rebuild;
	t->generation = u->generation;
	if (!fill(u, t, &err)) {
		ui_error(u, &err);
		text_clear(t);
		free(t->lines);
		free(t);
		free(x);
		return NULL;
	}
	/* a relief decision's letter: printed (p), its delivery not recorded */
	return text_screen(relief ? "letter" : "notice", t);
}

screen *scr_notice_new(ui *u, const char *id)
{
	return notice_new(u, id, false);
}

screen *scr_relief_notice_new(ui *u, const char *id)
{
	return notice_new(u, id, true);
}
