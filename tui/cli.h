/* cli.h — the command line: one table of commands, one option parser, and
 * the helpers every command uses to open the store and report errors. The
 * terminal interface calls the same store and core functions. */
#ifndef TUI_CLI_H
#define TUI_CLI_H

#include <limits.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/date.h"
#include "core/status.h"
#include "store/store.h"
#include "tui/today.h"

#define CLI_MAX_POS 8
#define CLI_MAX_OPTS 24

typedef struct cli {
	char store_dir[PATH_MAX];
	const char *user;
	int pass_fd;
	int new_pass_fd;
	const char *lang;
	core_date today;
	int npos;
	const char *pos[CLI_MAX_POS];
	int nopts;
	struct {
		char name[48];
		const char *value; /* NULL for a flag */
	} opts[CLI_MAX_OPTS];
	const struct cli_command *cmd;
	bool no_catch_up; /* commands that must not write on opening */
	bool repair;      /* store rebuild: mend the schema, skip the case files' checks */
	bool audit;       /* audit verify: it checks the rows itself */
} cli;

typedef int (*cli_fn)(cli *c);

typedef struct cli_command {
	const char *group; /* "household", or NULL for a top-level command */
	const char *name;
	const char *synopsis; /* arguments, untranslated (they are typed) */
	const char *help;     /* N_() */
	/* Options it takes: "name" for a flag, "name=" for one with a value. */
	const char *const *options;
	int min_pos, max_pos;
	cli_fn fn;
} cli_command;

/* Runs the command line; returns the exit status. */
int cli_main(int argc, char **argv);

/* The terminal interface on the store the environment names. */
int cli_tui(int argc, char **argv);

/* A payee's account failing its check digit: stored as given, with a
 * warning on stderr naming where it came from ("FILE: payee.account"). */
void cli_payee_warn(const char *where, const core_household *h);

/* Option values. */
const char *cli_opt(const cli *c, const char *name);
bool cli_flag(const cli *c, const char *name);

/* Prints "doorstep: where: message" (translated) on stderr and returns the
 * exit status for err. */
int cli_error(const ds_error *err);
/* The same for a status with a message of our own. */
int cli_fail(ds_status st, const char *where, const char *fmt, const char *arg);

/* Reads the passphrase and unlocks the store as the chosen user. */
ds_status cli_open(cli *c, ds_store **s, ds_error *err);

/* Reads a new passphrase: DOORSTEP_NEW_PASSPHRASE_FILE, --new-passphrase-fd
 * or a prompt (twice). With first_user, the first user's passphrase at
 * `init`, from the same places as an ordinary one. */
ds_status cli_new_passphrase(cli *c, bool first_user, store_secret **out,
                             ds_error *err);

/* How long a command waits for another doorstep writing to the same store
 * (cli_open sets it up), and whether the last wait ran out. */
#define CLI_WAIT_SECONDS 600
bool cli_waited_too_long(void);

/* Imports a JSON-lines file of households into an open store: checks every
 * line first (nothing is written if one is bad), then writes in
 * transactions of 500. A household already in the store, the same as on
 * its line, is skipped, so the same file can be imported again after an
 * interruption (store_import_prepare). Prints errors, one line saying what
 * was kept when it stops after writing some; returns the exit status.
 * *added counts the households written, *already those skipped. */
int cli_import_counted(ds_store *s, const char *path, bool progress,
                       long *added, long *already);
/* The same; *imported counts the households written. */
int cli_import(ds_store *s, const char *path, bool progress, long *imported);

/* Commands (cli_*.c). */
int cmd_init(cli *c);
int cmd_passwd(cli *c);
int cmd_user_add(cli *c);
int cmd_user_list(cli *c);
int cmd_recover(cli *c);
int cmd_store_rebuild(cli *c);
int cmd_store_backup(cli *c);  /* cli_backup.c */
int cmd_store_restore(cli *c); /* cli_backup.c */
int cmd_audit_verify(cli *c);
int cmd_household_add(cli *c);
int cmd_household_import(cli *c);
int cmd_household_list(cli *c);
int cmd_household_show(cli *c);
int cmd_household_find(cli *c);
int cmd_demo(cli *c);
int cmd_policy_show(cli *c);
int cmd_policy_import(cli *c);
int cmd_settings_show(cli *c);
int cmd_settings_set(cli *c);
int cmd_payroll(cli *c);
int cmd_assess(cli *c);
int cmd_transition(cli *c);
int cmd_visit_record(cli *c);
int cmd_visit_draft_save(cli *c);
int cmd_visit_draft_list(cli *c);
int cmd_visit_resume(cli *c);
int cmd_visit_draft_discard(cli *c);
int cmd_review_submit(cli *c);
int cmd_review_list(cli *c);
int cmd_review_approve(cli *c);
int cmd_review_return(cli *c);
int cmd_review_refuse(cli *c);
int cmd_review_object(cli *c);
int cmd_review_finalize(cli *c);
int cmd_review_suspend(cli *c);
int cmd_review_resume(cli *c);
int cmd_appeal_file(cli *c);
int cmd_appeal_list(cli *c);
int cmd_appeal_assign(cli *c);
int cmd_appeal_decide(cli *c);
int cmd_due(cli *c);
int cmd_device_key(cli *c);
int cmd_enroll(cli *c);
int cmd_sync_export(cli *c);
int cmd_sync_import(cli *c);
int cmd_sync_status(cli *c);
int cmd_sync_new_epoch(cli *c);
int cmd_sync_push(cli *c);
int cmd_sync_pull(cli *c);
int cmd_notice(cli *c);
int cmd_notice_deliver(cli *c);
/* The written notice of household id's last decision, in the reader's
 * language, to f (the command line's `notice`, the interface's notice
 * screen). DS_EINPUT when no decision has been made yet. */
ds_status cli_notice_write(FILE *f, ds_store *s, const char *id,
                           ds_error *err);
/* The same letter as an A4 PDF, written atomically to path. */
ds_status cli_notice_pdf(ds_store *s, const char *id, const char *path,
                         ds_error *err);
/* The same for relief case id's decision (temporary assistance; an id or
 * a unique prefix): DS_EINPUT naming the case while it is undecided. */
ds_status cli_relief_notice_write(FILE *f, ds_store *s, const char *id,
                                  ds_error *err);
ds_status cli_relief_notice_pdf(ds_store *s, const char *id, const char *path,
                                ds_error *err);
int cmd_crosscheck_import(cli *c);
int cmd_crosscheck_list(cli *c);
int cmd_relief_file(cli *c);
int cmd_relief_list(cli *c);
int cmd_relief_show(cli *c);
int cmd_relief_propose(cli *c);
int cmd_relief_approve(cli *c);
int cmd_relief_refuse(cli *c);
int cmd_relief_pay_first(cli *c);
/* A cross-check flag's rule in words (cli_crosscheck.c); NULL when it is
 * not a cross-check rule. */
const char *cli_crosscheck_rule(const char *rule);
/* A flag.raised body in a sentence: its evidence and figures, in words. */
void cli_crosscheck_summary(json_t *flag, char *out, size_t len);

#endif
