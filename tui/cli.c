/* cli.c — the command table, option parsing and the store commands. */
#include "tui/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/casework.h"
#include "tui/i18n.h"
#include "tui/labels.h"
#include "tui/opts.h"
#include "tui/secret.h"
#include "tui/ui.h"

static const char *const opts_none[] = {NULL};
static const char *const opts_init[] = {"role=", "region=", "county-key=",
                                        NULL};
static const char *const opts_role[] = {"role=", NULL};
static const char *const opts_recover[] = {"county-secret-key=", NULL};
static const char *const opts_add[] = {"json=", NULL};
static const char *const opts_import[] = {"jsonl=", NULL};
static const char *const opts_list[] = {"json", "csv", "counts", NULL};
static const char *const opts_show[] = {"json", "show-id", "show-account",
                                        NULL};
static const char *const opts_find[] = {"json", NULL};
static const char *const opts_policy_show[] = {"at=", "json", "project",
                                               NULL};
static const char *const opts_assess[] = {"at=", "json", "dry-run",
                                          "explain", "all", NULL};
static const char *const opts_transition[] = {"allowance=",
                                              "per-capita-income=",
                                              "standard=", "start=",
                                              "taper=", "json", "at=",
                                              "policy=", NULL};
static const char *const opts_visit[] = {"json=", "draft=", NULL};
static const char *const opts_draft_save[] = {"json=", "draft=", "step=",
                                              NULL};
static const char *const opts_json[] = {"json", NULL};
static const char *const opts_reason[] = {"reason=", "note=", NULL};
static const char *const opts_relief_file[] = {"cause=", "need=", "amount=", "urgent",
                                               "received=", NULL};
static const char *const opts_relief_propose[] = {"amount=", "reason=", NULL};
static const char *const opts_relief_refuse[] = {"reason=", NULL};
static const char *const opts_amount[] = {"amount=", NULL};
static const char *const opts_appeal_file[] = {"reason=", "received=",
                                               "late-reason=", NULL};
static const char *const opts_appeal_assign[] = {"to=", NULL};
static const char *const opts_appeal_decide[] = {"reason=", "restore=", NULL};
static const char *const opts_notice[] = {"out=", "pdf=", "relief", NULL};
static const char *const opts_deliver[] = {"on=", "method=", "note=", NULL};
static const char *const opts_due[] = {"within=", "json", NULL};
static const char *const opts_demo[] = {"households=", "seed=", "jsonl=", NULL};
static const char *const opts_xc_import[] = {"source=", "skip-invalid", NULL};
static const char *const opts_xc_list[] = {"json", NULL};
static const char *const opts_out[] = {"out=", NULL};
static const char *const opts_enroll[] = {"county-key=", "server=", NULL};
static const char *const opts_sync_export[] = {"to=", NULL};
static const char *const opts_from[] = {"from=", NULL};
static const char *const opts_sync_status[] = {"json", NULL};
static const char *const opts_sync_push[] = {"server=", "ca=", NULL};
static const char *const opts_payroll[] = {"month=", "json", "csv", "xlsx=",
                                           "encoding=", NULL};

static const cli_command commands[] = {
	{NULL, "init", "--user NAME --role ROLE [--region CODE] [--county-key FILE]",
	 N_("create a new encrypted store"), opts_init, 0, 0, cmd_init},
	{NULL, "passwd", "", N_("change your passphrase"), opts_none, 0, 0,
	 cmd_passwd},
	{"user", "add", "NAME --role ROLE",
	 N_("add a person who uses this laptop, with their own passphrase"),
	 opts_role, 1, 1, cmd_user_add},
	{"user", "list", "", N_("list the people who use this store"), opts_none,
	 0, 0, cmd_user_list},
	{NULL, "recover", "--county-secret-key FILE",
	 N_("set a new passphrase with the county's key, when it was forgotten"),
	 opts_recover, 0, 0, cmd_recover},
	{"household", "add", "[--json FILE]",
	 N_("add a household from JSON (standard input by default)"), opts_add,
	 0, 0, cmd_household_add},
	{"household", "import", "--jsonl FILE",
	 N_("add many households, one JSON object per line"), opts_import, 0, 0,
	 cmd_household_import},
	{"household", "list", "[--json|--csv] [--counts]",
	 N_("list the caseload, and how many households and people each class of the ladder holds"),
	 opts_list, 0, 0, cmd_household_list},
	{"household", "show", "ID [--json] [--show-id] [--show-account]",
	 N_("show one household"), opts_show, 1, 1, cmd_household_show},
	{"household", "find", "[--json]",
	 N_("find the household of a person by ID number (asked for, or one line of standard input)"),
	 opts_find, 0, 1, cmd_household_find},
	{NULL, "demo", "--households N [--seed S] [--jsonl FILE]",
	 N_("add synthetic households for practice and demonstrations (or write them to a file)"),
	 opts_demo, 0, 0, cmd_demo},
	{"policy", "show", "[--at DATE] [--project] [--json]",
	 N_("show the rules in force on a date"), opts_policy_show, 0, 0,
	 cmd_policy_show},
	{"policy", "import", "FILE",
	 N_("add a policy version from a file, after checking all of it"),
	 opts_none, 1, 1, cmd_policy_import},
	{"settings", "show", "", N_("show the county's settings: the issuing authority, how to reach it, and the bodies that hear remedies"),
	 opts_none, 0, 0, cmd_settings_show},
	{"settings", "set", "FILE",
	 N_("set the county's settings from a file, on a laptop not enrolled with a county"),
	 opts_none, 1, 1, cmd_settings_set},
	{NULL, "assess", "ID|--all [--at DATE] [--explain] [--json] [--dry-run]",
	 N_("work out eligibility and the allowance, with every step"),
	 opts_assess, 0, 1, cmd_assess},
	{NULL, "transition",
	 "--allowance YUAN --per-capita-income YUAN --standard YUAN [--at DATE] [--start YYYY-MM] [--taper linear|hold] [--policy FILE] [--json]",
	 N_("work out a gradual withdrawal schedule under the store's policy on the date (or --policy FILE; with no store, the built-in policy)"),
	 opts_transition, 0, 0, cmd_transition},
	{"crosscheck", "import",
	 "--source electricity|water|gas|bank|property|vehicle|business|social_insurance FILE.csv [--skip-invalid]",
	 N_("check the caseload against another department's extract (CSV)"),
	 opts_xc_import, 1, 1, cmd_crosscheck_import},
	{"crosscheck", "list", "[--json]",
	 N_("list the cross-check flags waiting for a person's review"),
	 opts_xc_list, 0, 0, cmd_crosscheck_list},
	{"visit", "record", "ID --json FILE [--draft DRAFT]",
	 N_("record a household visit, update the household and assess it"),
	 opts_visit, 1, 1, cmd_visit_record},
	{"visit draft", "save", "ID [--json FILE] [--draft DRAFT] [--step N]",
	 N_("save a visit in progress as a draft"), opts_draft_save, 1, 1,
	 cmd_visit_draft_save},
	{"visit draft", "list", "[--json]", N_("list the visits in progress"),
	 opts_json, 0, 0, cmd_visit_draft_list},
	{"visit", "resume", "DRAFT", N_("show a visit in progress to go on with it"),
	 opts_none, 1, 1, cmd_visit_resume},
	{"visit draft", "discard", "DRAFT", N_("throw away a visit in progress"),
	 opts_none, 1, 1, cmd_visit_draft_discard},
	{"review", "submit", "ID", N_("submit a visited and assessed case for review"),
	 opts_reason, 1, 1, cmd_review_submit},
	{"review", "list", "[--json]",
	 N_("the cases waiting for review, oldest first, with the proposal and how it was worked out"),
	 opts_json, 0, 0, cmd_review_list},
	{"review", "approve", "ID [--note TEXT]",
	 N_("approve a proposal: the public notice begins"), opts_reason, 1, 1,
	 cmd_review_approve},
	{"review", "return", "ID --reason TEXT",
	 N_("send a case back for more investigation"), opts_reason, 1, 1,
	 cmd_review_return},
	{"review", "refuse", "ID --reason TEXT", N_("refuse or stop the allowance"),
	 opts_reason, 1, 1, cmd_review_refuse},
	{"review", "object", "ID --reason TEXT",
	 N_("record an objection made during the public notice"), opts_reason, 1,
	 1, cmd_review_object},
	{"review", "finalize", "[ID]",
	 N_("let decisions take effect whose public notice has ended"),
	 opts_none, 0, 1, cmd_review_finalize},
	{"review", "suspend", "ID --reason TEXT", N_("suspend payments"),
	 opts_reason, 1, 1, cmd_review_suspend},
	{"review", "resume", "ID", N_("resume suspended payments"), opts_reason, 1,
	 1, cmd_review_resume},
	{"relief", "file",
	 "ID --cause illness|accident|disaster|income_loss|other --need TEXT --amount YUAN [--urgent] [--received YYYY-MM-DD]",
	 N_("file a case of temporary assistance (临时救助) for a household; prints its id"),
	 opts_relief_file, 1, 1, cmd_relief_file},
	{"relief", "list", "[--json]", N_("the relief cases, open ones by deadline first"),
	 opts_json, 0, 0, cmd_relief_list},
	{"relief", "show", "ID [--json]", N_("one relief case, its steps and how its amount was worked out"),
	 opts_json, 1, 1, cmd_relief_show},
	{"relief", "propose", "ID --amount YUAN --reason TEXT",
	 N_("propose the amount after the investigation"), opts_relief_propose, 1, 1,
	 cmd_relief_propose},
	{"relief", "approve", "ID", N_("approve a proposed relief (someone other than who filed or proposed it)"),
	 opts_none, 1, 1, cmd_relief_approve},
	{"relief", "refuse", "ID --reason TEXT", N_("refuse a relief case"), opts_relief_refuse,
	 1, 1, cmd_relief_refuse},
	{"relief", "pay-first", "ID --amount YUAN",
	 N_("pay an urgent case at once, within the policy's limit; the paperwork follows"),
	 opts_amount, 1, 1, cmd_relief_pay_first},
	{"appeal", "file", "ID --reason TEXT [--received YYYY-MM-DD] [--late-reason TEXT]",
	 N_("record an appeal against a refusal, reduction, stop or withdrawal"),
	 opts_appeal_file, 1, 1, cmd_appeal_file},
	{"appeal", "list", "[--json]",
	 N_("open appeals, the nearest deadline first"), opts_json, 0, 0,
	 cmd_appeal_list},
	{"appeal", "assign", "ID --to USER", N_("give an appeal to a reviewer"),
	 opts_appeal_assign, 1, 1, cmd_appeal_assign},
	{"appeal", "decide", "ID uphold|overturn --reason TEXT [--restore STATE]",
	 N_("decide an appeal"), opts_appeal_decide, 2, 2, cmd_appeal_decide},
	{NULL, "notice", "ID [--relief] [--lang zh_CN|en] [--out FILE] [--pdf FILE]",
	 N_("the written notice of the decision, for the household (--relief: of relief case ID)"),
	 opts_notice, 1, 1, cmd_notice},
	/* after "notice": "notice deliver ID" is this one */
	{"notice", "deliver", "ID --on YYYY-MM-DD --method in_person|post|left_at_home|public",
	 N_("record the day the decision letter reached the household (the time to appeal counts from it)"),
	 opts_deliver, 1, 1, cmd_notice_deliver},
	{NULL, "payroll", "--month YYYY-MM [--json|--csv [--encoding gb18030]|--xlsx FILE]",
	 N_("the month's payment roll for the households on this laptop (a supervisor's; the county issues it)"),
	 opts_payroll, 0, 0, cmd_payroll},
	{NULL, "due", "[--within DAYS] [--json]",
	 N_("the work that is due: visits, notices, withdrawals, appeals, follow-ups"),
	 opts_due, 0, 0, cmd_due},
	{NULL, "device-key", "--out FILE",
	 N_("write this laptop's public keys, for the county to enrol it"),
	 opts_out, 0, 0, cmd_device_key},
	{NULL, "enroll", "--county-key FILE [--server URL]",
	 N_("take the county's public key: bundles go to this county"),
	 opts_enroll, 0, 0, cmd_enroll},
	{"sync", "export", "--to DIR",
	 N_("write the bundles not yet acknowledged to a folder (a USB stick)"),
	 opts_sync_export, 0, 0, cmd_sync_export},
	{"sync", "import", "FILE|DIR",
	 N_("take the county's receipts and bundles from a file or a folder"),
	 opts_none, 1, 1, cmd_sync_import},
	{"sync", "push", "[--server URL] [--ca FILE]",
	 N_("send the bundles not yet acknowledged to the county's server"),
	 opts_sync_push, 0, 0, cmd_sync_push},
	{"sync", "pull", "[--server URL] [--ca FILE]",
	 N_("take the county's decisions and updates for this laptop from its server"),
	 opts_sync_push, 0, 0, cmd_sync_pull},
	{"sync", "new-epoch", "",
	 N_("after restoring this laptop from a backup: go on in a new epoch, so the county takes its bundles"),
	 opts_none, 0, 0, cmd_sync_new_epoch},
	{"sync", "status", "[--json]",
	 N_("what is waiting to go to the county, and when it last answered"),
	 opts_sync_status, 0, 0, cmd_sync_status},
	{"store", "rebuild", "",
	 N_("rebuild the case files from the event log"), opts_none, 0, 0,
	 cmd_store_rebuild},
	{"store", "backup", "--to DIR",
	 N_("copy the store, while it is in use, into a new folder inside DIR, with a manifest of its hash"),
	 opts_sync_export, 0, 0, cmd_store_backup},
	{"store", "restore", "--from BACKUP_DIR",
	 N_("put a backup back into a new or empty store folder (never over a store: move it aside first), then go on in a new sync epoch"),
	 opts_from, 0, 0, cmd_store_restore},
	{"audit", "verify", "",
	 N_("check every event, link and signature of the log"), opts_none, 0,
	 0, cmd_audit_verify},
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

/* ---- output helpers ------------------------------------------------------ */

int cli_error(const ds_error *err)
{
	return i18n_fail("doorstep", err);
}

int cli_fail(ds_status st, const char *where, const char *fmt, const char *arg)
{
	ds_error err;
	ds_fail(&err, st, where, fmt, arg);
	return cli_error(&err);
}

static void usage(FILE *f)
{
	fprintf(f, "%s\n\n", _("doorstep — case files for minimum-living-guarantee work"));
	fprintf(f, "%s\n", _("Usage: doorstep COMMAND [OPTIONS]"));
	fprintf(f, "\n%s\n", _("Commands:"));
	for (size_t i = 0; i < N_COMMANDS; i++) {
		char name[64];
		snprintf(name, sizeof(name), "%s%s%s",
		         commands[i].group ? commands[i].group : "",
		         commands[i].group ? " " : "", commands[i].name);
		fprintf(f, "  %-20s %s\n", name, _(commands[i].help));
	}
	fprintf(f, "\n%s\n", _("Options for every command:"));
	fprintf(f, "  --store DIR          %s\n",
	        _("the store folder (or DOORSTEP_STORE)"));
	fprintf(f, "  --user NAME          %s\n",
	        _("who you are, when several people use this store (or DOORSTEP_USER)"));
	fprintf(f, "  --passphrase-fd N    %s\n",
	        _("read the passphrase from file descriptor N"));
	fprintf(f, "  --lang LANG          %s\n",
	        _("language of messages: zh_CN or en"));
	fprintf(f, "  --help, -h           %s\n",
	        _("show this help (after a command: the command's)"));
	fprintf(f, "  --version            %s\n", _("show the version"));
	fprintf(f, "\n%s\n", _("The passphrase is asked for at the terminal, or read from the file named by DOORSTEP_PASSPHRASE_FILE."));
	fprintf(f, "%s\n", _("Exit status: 0 done, 1 bad input, 2 wrong use, 3 wrong passphrase, 4 damaged data, 5 not permitted, 6 county unreachable, 7 system error, 8 needs a newer doorstep, 9 a bundle out of order, 10 held for an earlier bundle."));
}

static void command_usage(const cli_command *cmd)
{
	fprintf(stderr, "%s: doorstep %s%s%s %s\n", _("Usage"),
	        cmd->group ? cmd->group : "", cmd->group ? " " : "", cmd->name,
	        cmd->synopsis);
}

/* Whether cmd is of group grp ("visit" holds "visit draft list" too). */
static bool in_group(const cli_command *cmd, const char *grp)
{
	size_t n = strlen(grp);
	return cmd->group && !strncmp(cmd->group, grp, n) &&
	       (!cmd->group[n] || cmd->group[n] == ' ');
}

/* The commands of a group; with what each does for its --help. */
static void group_usage(FILE *f, const char *grp, bool help)
{
	fprintf(f, "%s:", _("Usage"));
	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (!in_group(&commands[i], grp))
			continue;
		fprintf(f, "\n  doorstep %s %s %s", commands[i].group,
		        commands[i].name, commands[i].synopsis);
		if (help)
			fprintf(f, "\n      %s", _(commands[i].help));
	}
	fprintf(f, "\n");
}

/* A command's --help, on stdout: its usage, what it does, its options. */
static void command_help(const cli_command *cmd)
{
	printf("%s: doorstep %s%s%s %s\n\n%s\n\n%s\n", _("Usage"),
	       cmd->group ? cmd->group : "", cmd->group ? " " : "", cmd->name,
	       cmd->synopsis, _(cmd->help), _("Options:"));
	opts_print(stdout, cmd->synopsis, cmd->options);
	printf("  --store DIR\n  --user NAME\n  --passphrase-fd N\n  --new-passphrase-fd N\n  --lang LANG\n  --help, -h\n  --version\n");
}

/* ---- parsing -------------------------------------------------------------- */

const char *cli_opt(const cli *c, const char *name)
{
	for (int i = c->nopts - 1; i >= 0; i--)
		if (strcmp(c->opts[i].name, name) == 0)
			return c->opts[i].value;
	return NULL;
}

bool cli_flag(const cli *c, const char *name)
{
	for (int i = 0; i < c->nopts; i++)
		if (strcmp(c->opts[i].name, name) == 0)
			return true;
	return false;
}

static bool parse_fd(const char *s, int *out)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0 || v > 1024)
		return false;
	*out = (int)v;
	return true;
}

/* The options of every command. */
static const char *const global_options[] = {"store=", "user=",
                                             "passphrase-fd=",
                                             "new-passphrase-fd=", "lang=",
                                             NULL};

/* opts_parse's callback: one option or word after the command. */
static int take_arg(void *ctx, int list, const char *spec, const char *val)
{
	cli *c = ctx;
	size_t n;
	if (!spec) {
		if (c->npos >= CLI_MAX_POS) {
			command_usage(c->cmd);
			return cli_fail(DS_EUSAGE, val, N_("too many arguments"), NULL);
		}
		c->pos[c->npos++] = val;
		return 0;
	}
	n = strcspn(spec, "=");
	if (list == 0) { /* global_options */
		if (!strcmp(spec, "store="))
			snprintf(c->store_dir, sizeof(c->store_dir), "%s", val);
		else if (!strcmp(spec, "user="))
			c->user = val;
		else if (!strcmp(spec, "lang="))
			c->lang = val;
		else if (!parse_fd(val, !strcmp(spec, "passphrase-fd=")
		                                ? &c->pass_fd
		                                : &c->new_pass_fd))
			return cli_fail(DS_EUSAGE, !strcmp(spec, "passphrase-fd=")
			                                   ? "--passphrase-fd"
			                                   : "--new-passphrase-fd",
			                N_("needs a file descriptor number"), NULL);
		return 0;
	}
	if (c->nopts >= CLI_MAX_OPTS) {
		command_usage(c->cmd);
		return cli_fail(DS_EUSAGE, "", N_("too many arguments"), NULL);
	}
	snprintf(c->opts[c->nopts].name, sizeof(c->opts[0].name), "%.*s", (int)n,
	         spec);
	c->opts[c->nopts].value = val;
	c->nopts++;
	return 0;
}

/* The command's options and words (argv[0] is the command's last word),
 * with getopt_long: --name VALUE and --name=VALUE anywhere after the
 * command, "--" ending the options. Returns -1 when the command is to
 * run, otherwise the exit status (0 after --help or --version). */
static int parse_args(cli *c, const cli_command *cmd, int argc, char **argv)
{
	const char *const *lists[] = {global_options, cmd->options};
	char bad[64];
	int rc = 0;
	c->cmd = cmd;
	switch (opts_parse(argc, argv, lists, 2, take_arg, c, bad, sizeof(bad), &rc)) {
	case OPTS_DONE:
		break;
	case OPTS_HELP:
		command_help(cmd);
		return 0;
	case OPTS_VERSION:
		printf("doorstep %s\n", DOORSTEP_VERSION);
		return 0;
	case OPTS_UNKNOWN: { /* one line, naming it and where to look */
		char name[64], msg[256];
		snprintf(name, sizeof(name), "%s%s%s", cmd->group ? cmd->group : "",
		         cmd->group ? " " : "", cmd->name);
		/* formatted here: the command's name is no label to translate */
		snprintf(msg, sizeof(msg),
		         _("not an option of %s; see doorstep %s --help"), name, name);
		return cli_fail(DS_EUSAGE, bad, "%s", msg);
	}
	case OPTS_NEEDS_VALUE:
		return cli_fail(DS_EUSAGE, bad, N_("needs a value"), NULL);
	case OPTS_NO_VALUE:
		return cli_fail(DS_EUSAGE, bad, N_("takes no value"), NULL);
	case OPTS_TOO_MANY:
		return cli_fail(DS_EUSAGE, cmd->name, N_("too many options"), NULL);
	case OPTS_STOPPED:
		return rc;
	}
	if (c->npos < cmd->min_pos || c->npos > cmd->max_pos) {
		command_usage(cmd);
		return cli_fail(DS_EUSAGE, "",
		                c->npos < cmd->min_pos ? N_("an argument is missing")
		                                       : N_("too many arguments"),
		                NULL);
	}
	return -1;
}

static void default_store(cli *c)
{
	const char *env = getenv("DOORSTEP_STORE"), *xdg, *home;
	if (c->store_dir[0])
		return;
	if (env && *env) {
		snprintf(c->store_dir, sizeof(c->store_dir), "%s", env);
		return;
	}
	xdg = getenv("XDG_DATA_HOME");
	if (xdg && *xdg) {
		snprintf(c->store_dir, sizeof(c->store_dir), "%s/doorstep", xdg);
		return;
	}
	home = getenv("HOME");
	snprintf(c->store_dir, sizeof(c->store_dir), "%s/.local/share/doorstep",
	         home && *home ? home : ".");
}

ds_status cli_today(core_date *today, ds_error *err)
{
	const char *env = getenv("DOORSTEP_TODAY");
	time_t now;
	struct tm tm;
	if (env && *env)
		return core_date_parse(env, today, "DOORSTEP_TODAY", err);
	now = time(NULL);
	localtime_r(&now, &tm);
	*today = core_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return DS_OK;
}

static ds_status find_today(cli *c, ds_error *err)
{
	ds_status st = cli_today(&c->today, err);
	if (!st)
		store_set_default_today(c->today);
	return st;
}

static bool is_global(const char *a, bool *takes_value)
{
	static const char *const globals[] = {"--store", "--user",
	                                      "--passphrase-fd",
	                                      "--new-passphrase-fd", "--lang"};
	for (size_t i = 0; i < sizeof(globals) / sizeof(globals[0]); i++) {
		size_t n = strlen(globals[i]);
		if (strncmp(a, globals[i], n) == 0 && (!a[n] || a[n] == '=')) {
			*takes_value = !a[n];
			return true;
		}
	}
	return false;
}

int cli_main(int argc, char **argv)
{
	cli c;
	const cli_command *cmd = NULL;
	int rest = 2, rc;
	ds_error err;
	char *moved[64];

	/* Options for every command may come before the command too: move
	 * them behind it, where the parser reads them. */
	if (argc > 1 && argc < 64) {
		int n = 0, k = 1;
		bool takes;
		while (k < argc && is_global(argv[k], &takes)) {
			moved[n++] = argv[k++];
			if (takes && k < argc)
				moved[n++] = argv[k++];
		}
		/* options and no command: the interface with them */
		if (n && k == argc)
			return cli_tui(argc, argv);
		if (n && k < argc) {
			char *cmdargs[64];
			int m = 0;
			for (int i = k; i < argc; i++)
				cmdargs[m++] = argv[i];
			for (int i = 0; i < m; i++)
				argv[1 + i] = cmdargs[i];
			/* the command and its words first, then the moved options;
			 * the command's own arguments may follow either */
			for (int i = 0; i < n; i++)
				argv[1 + m + i] = moved[i];
		}
	}

	memset(&c, 0, sizeof(c));
	c.pass_fd = c.new_pass_fd = -1;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("doorstep %s\n", DOORSTEP_VERSION);
		return 0;
	}
	for (size_t i = 0; i < N_COMMANDS; i++) {
		const char *sp = commands[i].group ? strchr(commands[i].group, ' ')
		                                   : NULL;
		if (sp) { /* two words of group: "visit draft list" */
			size_t n = (size_t)(sp - commands[i].group);
			if (argc > 3 && strlen(argv[1]) == n &&
			    strncmp(commands[i].group, argv[1], n) == 0 &&
			    strcmp(sp + 1, argv[2]) == 0 &&
			    strcmp(commands[i].name, argv[3]) == 0) {
				cmd = &commands[i];
				rest = 4;
			}
		} else if (commands[i].group) {
			if (strcmp(commands[i].group, argv[1]) == 0 && argc > 2 &&
			    strcmp(commands[i].name, argv[2]) == 0) {
				cmd = &commands[i];
				rest = 3;
			}
		} else if (strcmp(commands[i].name, argv[1]) == 0) {
			cmd = &commands[i];
		}
	}
	if (!cmd) {
		/* a group's word ("household"), or two ("visit draft") */
		char grp[64];
		int words = 1;
		bool group = false;
		snprintf(grp, sizeof(grp), "%s", argv[1]);
		if (argc > 2) {
			char two[64];
			snprintf(two, sizeof(two), "%s %s", argv[1], argv[2]);
			for (size_t i = 0; i < N_COMMANDS; i++)
				if (commands[i].group && !strcmp(commands[i].group, two)) {
					snprintf(grp, sizeof(grp), "%s", two);
					words = 2;
				}
		}
		for (size_t i = 0; i < N_COMMANDS; i++)
			group = group || in_group(&commands[i], grp);
		if (group) {
			const char *next = argc > words + 1 ? argv[words + 1] : NULL;
			bool help = next && (!strcmp(next, "--help") || !strcmp(next, "-h"));
			group_usage(help ? stdout : stderr, grp, help);
			if (help)
				return 0;
			return cli_fail(DS_EUSAGE, next ? next : grp,
			                next ? N_("unknown command; see doorstep --help")
			                     : N_("say what to do"),
			                NULL);
		}
		return cli_fail(DS_EUSAGE, argv[1],
		                N_("unknown command; see doorstep --help"), NULL);
	}
	c.cmd = cmd;
	i18n_options(cmd->options, global_options);
	/* argv[rest - 1]: the command's last word, as getopt's argv[0] */
	if ((rc = parse_args(&c, cmd, argc - rest + 1, argv + rest - 1)) >= 0)
		return rc;
	if (!c.user) {
		const char *u = getenv("DOORSTEP_USER");
		c.user = u && *u ? u : NULL;
	}
	default_store(&c);
	if (find_today(&c, &err))
		return cli_error(&err);
	return cmd->fn(&c);
}

/* The interface, with the global options given before no command
 * (--store, --user; --lang was taken by main). */
int cli_tui(int argc, char **argv)
{
	cli c;
	ds_error err;
	memset(&c, 0, sizeof(c));
	c.pass_fd = c.new_pass_fd = -1;
	{
		const char *u = getenv("DOORSTEP_USER");
		c.user = u && *u ? u : NULL;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *eq = strchr(a, '='), *val;
		bool takes;
		if (!is_global(a, &takes))
			return cli_fail(DS_EUSAGE, a, N_("unknown option; see doorstep --help"),
			                NULL);
		if (takes && i + 1 >= argc)
			return cli_fail(DS_EUSAGE, a, N_("needs a value"), NULL);
		val = takes ? argv[++i] : eq + 1;
		if (!strncmp(a, "--store", 7))
			snprintf(c.store_dir, sizeof(c.store_dir), "%s", val);
		else if (!strncmp(a, "--user", 6))
			c.user = *val ? val : NULL;
		else if (strncmp(a, "--lang", 6))
			return cli_fail(DS_EUSAGE, a,
			                N_("the interface asks for the passphrase itself; use this with a command"),
			                NULL);
	}
	if (!isatty(0) || !isatty(1))
		return cli_fail(DS_EUSAGE, "",
		                N_("the interface needs a terminal; give a command (see doorstep --help)"),
		                NULL);
	default_store(&c);
	if (find_today(&c, &err))
		return cli_error(&err);
	return ui_main(c.store_dir, c.user, c.today);
}

/* ---- opening ------------------------------------------------------------- */

static void say_waiting(void *ctx)
{
	(void)ctx;
	fprintf(stderr, _("doorstep: another doorstep is writing to this store; waiting for it to finish (at most %d minutes)\n"),
	        CLI_WAIT_SECONDS / 60);
}

/* One store per command: the waiter lives as long as the program. */
static store_waiter waiter = {CLI_WAIT_SECONDS, say_waiting, NULL, false,
                              false, 0};

bool cli_waited_too_long(void)
{
	return waiter.gave_up;
}

ds_status cli_open(cli *c, ds_store **s, ds_error *err)
{
	store_secret *pass = NULL;
	secret_source src = {c->pass_fd, "--passphrase-fd",
	                     "DOORSTEP_PASSPHRASE_FILE", NULL, false};
	char prompt[128];
	ds_status st;
	store_user_name *names = NULL;
	size_t n = 0;

	/* Check the store and the user before asking for the passphrase. */
	if ((st = store_list_users(c->store_dir, &names, &n, err)))
		return st;
	free(names);
	snprintf(prompt, sizeof(prompt), "%s", _("Passphrase: "));
	if (c->user)
		snprintf(prompt, sizeof(prompt), _("Passphrase for %s: "), c->user);
	src.prompt = prompt;
	if ((st = secret_read(&src, &pass, err)))
		return st;
	st = c->repair  ? store_open_repair(c->store_dir, c->user, pass, s, err)
	     : c->audit ? store_open_audit(c->store_dir, c->user, pass, s, err)
	                : store_open(c->store_dir, c->user, pass, s, err);
	store_secret_free(&pass);
	if (st)
		return st;
	store_set_today(*s, c->today);
	if (store_notice(*s)) {
		char msg[512];
		i18n_error(store_notice(*s), msg, sizeof(msg));
		fprintf(stderr, "doorstep: %s\n", msg);
	}
	/* a write waits for another doorstep's (an import of thousands of
	 * households writes for a while) rather than failing after SQLite's
	 * five seconds, possibly in the middle of an import */
	store_wait_for_writers(*s, &waiter);
	/* Public notices that ended and withdrawals past their last month
	 * take effect on the next run after the date. */
	if (!c->no_catch_up) {
		int changed = 0;
		ds_error cerr;
		if (store_case_catch_up(*s, &changed, &cerr))
			cli_error(&cerr);
		else if (changed)
			fprintf(stderr,
			        _("doorstep: %d decisions took effect or withdrawals ended since the last run\n"),
			        changed);
	}
	return DS_OK;
}

ds_status cli_new_passphrase(cli *c, bool first_user, store_secret **out,
                             ds_error *err)
{
	secret_source src;
	memset(&src, 0, sizeof(src));
	src.confirm = true;
	if (first_user) {
		src.fd = c->pass_fd;
		src.fd_option = "--passphrase-fd";
		src.file_env = "DOORSTEP_PASSPHRASE_FILE";
		src.prompt = _("Choose a passphrase (at least 8 characters): ");
	} else {
		src.fd = c->new_pass_fd;
		src.fd_option = "--new-passphrase-fd";
		src.file_env = "DOORSTEP_NEW_PASSPHRASE_FILE";
		src.prompt = _("New passphrase (at least 8 characters): ");
	}
	return secret_read(&src, out, err);
}

/* ---- store commands ------------------------------------------------------ */

static int role_arg(const cli *c, core_role *role)
{
	const char *r = cli_opt(c, "role");
	int v;
	if (!r)
		return cli_fail(DS_EUSAGE, "--role",
		                N_("is needed: assistant, supervisor or reviewer"), NULL);
	if ((v = core_role_lookup(r)) < 0)
		return cli_fail(DS_EUSAGE, "--role",
		                N_("the role is one of: assistant, supervisor, reviewer"),
		                NULL);
	*role = (core_role)v;
	return 0;
}

int cmd_init(cli *c)
{
	store_init_opts o;
	store_county_pub county;
	store_secret *pass = NULL;
	const char *key = cli_opt(c, "county-key");
	ds_error err;
	int rc;

	memset(&o, 0, sizeof(o));
	if (!c->user)
		return cli_fail(DS_EUSAGE, "--user",
		                N_("is needed: the name of the first person using this store"),
		                NULL);
	if ((rc = role_arg(c, &o.role)))
		return rc;
	o.user = c->user;
	o.region = cli_opt(c, "region");
	if (key) {
		if (store_county_pub_read(key, &county, &err))
			return cli_error(&err);
		o.county = &county;
	}
	if (cli_new_passphrase(c, true, &pass, &err))
		return cli_error(&err);
	rc = store_init(c->store_dir, &o, pass, &err);
	store_secret_free(&pass);
	if (rc)
		return cli_error(&err);
	printf(_("Created a store in %s for %s (%s).\n"), c->store_dir, o.user,
	       core_role_id(o.role));
	if (key)
		printf(_("The county can recover it with key %s.\n"), county.key_id);
	return 0;
}

int cmd_passwd(cli *c)
{
	ds_store *s = NULL;
	store_secret *pass = NULL;
	ds_error err;
	int rc = 0;
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (cli_new_passphrase(c, false, &pass, &err) ||
	    store_passwd(s, pass, &err))
		rc = cli_error(&err);
	else
		printf(_("The passphrase of %s is changed.\n"), store_user(s));
	store_secret_free(&pass);
	store_close(&s);
	return rc;
}

int cmd_user_add(cli *c)
{
	ds_store *s = NULL;
	store_secret *pass = NULL;
	core_role role;
	ds_error err;
	int rc;
	if ((rc = role_arg(c, &role)))
		return rc;
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (cli_new_passphrase(c, false, &pass, &err) ||
	    store_user_add(s, c->pos[0], role, pass, &err))
		rc = cli_error(&err);
	else
		printf(_("Added %s (%s).\n"), c->pos[0], label_role(role));
	store_secret_free(&pass);
	store_close(&s);
	return rc;
}

int cmd_user_list(cli *c)
{
	ds_store *s = NULL;
	store_user_info *users = NULL;
	size_t n = 0;
	ds_error err;
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_users(s, &users, &n, &err)) {
		store_close(&s);
		return cli_error(&err);
	}
	for (size_t i = 0; i < n; i++)
		printf("%s\t%s\n", users[i].name, label_role(users[i].role));
	free(users);
	store_close(&s);
	return 0;
}

int cmd_recover(cli *c)
{
	store_county_sec county;
	store_secret *pass = NULL;
	const char *key = cli_opt(c, "county-secret-key");
	ds_error err;
	int rc = 0;
	if (!key)
		return cli_fail(DS_EUSAGE, "--county-secret-key",
		                N_("is needed: the county's secret key file"), NULL);
	if (store_county_sec_read(key, &county, &err))
		return cli_error(&err);
	if (cli_new_passphrase(c, false, &pass, &err) ||
	    store_recover(c->store_dir, c->user, &county, pass, &err))
		rc = cli_error(&err);
	else
		printf("%s\n", _("The store is recovered: the new passphrase works from now on."));
	store_secret_free(&pass);
	store_county_sec_free(&county);
	return rc;
}

int cmd_store_rebuild(cli *c)
{
	c->no_catch_up = true;
	c->repair = true;
	ds_store *s = NULL;
	ds_error err;
	int64_t n = 0;
	int rc = 0;
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_rebuild(s, &err) || store_household_count(s, &n, &err))
		rc = cli_error(&err);
	else
		printf(_("Rebuilt the case files from the log: %lld households.\n"),
		       (long long)n);
	store_close(&s);
	return rc;
}

int cmd_audit_verify(cli *c)
{
	c->no_catch_up = true;
	c->audit = true;
	ds_store *s = NULL;
	store_audit_report rep;
	ds_error err;
	int rc = 0;
	if (cli_open(c, &s, &err))
		return cli_error(&err);
	if (store_audit_verify(s, &rep, &err)) {
		rc = cli_error(&err);
	} else {
		printf(_("The log is intact: %lld events, %lld signed checkpoints, %lld households.\n"),
		       (long long)rep.events, (long long)rep.checkpoints,
		       (long long)rep.households);
		printf("%s", _("Written by:"));
		for (size_t i = 0; i < rep.n_authors; i++)
			printf(" %s", rep.authors[i]);
		printf("\n");
	}
	store_close(&s);
	return rc;
}
