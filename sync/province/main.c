/* main.c — doorstep-province, the province's command line over its
 * PostgreSQL: init (the schema's migrations), key new (the province key
 * given to every county), county add (a county's signing key and its
 * partitions), take (the counties' records checked and projected) and
 * report. One table of commands, read with tui/'s option reading; a front
 * end like doorstep-county, so it speaks the user's language with tui/'s
 * translations. The database is named by --db, an address that holds no
 * password (PGPASSFILE or a service file holds it). */
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "store/store.h"
#include "sync/pg.h"
#include "sync/province/province.h"
#include "sync/provrec.h"
#include "tui/i18n.h"
#include "tui/opts.h"

const char *province_opt(const province_args *a, const char *name)
{
	return opts_value(a->opt, a->nopt, name);
}

int province_fail(const ds_error *err)
{
	return i18n_fail("doorstep-province", err);
}

int province_usage_fail(const char *where, const char *what)
{
	ds_error err;
	ds_fail(&err, DS_EUSAGE, where, "%s", what);
	return province_fail(&err);
}

static const char *const global_options[] = {"lang=", NULL};

#define OPTS(...) ((const char *const[]){__VA_ARGS__, NULL})

typedef struct {
	const char *name, *synopsis, *help;
	const char *const *options;
	int min_pos, max_pos;
	int (*fn)(const province_args *a);
} province_command;

static int cmd_init(const province_args *a);
static int cmd_key(const province_args *a);
static int cmd_county(const province_args *a);

static const province_command commands[] = {
	{"init", "--db postgresql://...",
	 N_("make the province's schema, or bring it up to this program's (running it again changes nothing)"),
	 OPTS("db="), 0, 0, cmd_init},
	{"key", "new --out FILE",
	 N_("make the province key: every county is given it, and makes its persons' pseudonyms with it"),
	 OPTS("out="), 1, 1, cmd_key},
	{"county", "add CODE --key COUNTY_PUB_FILE --db postgresql://...",
	 N_("enrol a county: its public key (county.pub), which signs what it feeds, and its partitions"),
	 OPTS("key=", "db="), 2, 2, cmd_county},
	{"take", "--db postgresql://... [--every SECONDS | --again]",
	 N_("check the counties' new records (chain and signature) and project them into the reporting tables; --again: every record, from the start"),
	 OPTS("db=", "every=", "again"), 0, 0, province_cmd_take},
	{"report", "households|duplicates|withdrawals|appeals|budget|late --db postgresql://... [--json] [--month YYYY-MM] [--days N] [--year YYYY]",
	 N_("the province's reports: households and money by county and month; persons paid in two counties in a month; withdrawals and their last months; appeals past their deadline; the counties' budgets for a year, summed; counties whose feed is late"),
	 OPTS("db=", "json", "month=", "days=", "year="), 1, 1, province_cmd_report},
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	fprintf(f, "%s\n", _("Usage:"));
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  doorstep-province %s %s\n", commands[i].name, commands[i].synopsis);
	fprintf(f, "\n%s\n", _("Commands:"));
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, _(commands[i].help));
	fprintf(f, "\n%s\n", _("The database address holds no password: put it in a password file (PGPASSFILE) or a service file (PGSERVICEFILE)."));
	fprintf(f, "%s\n", _("Exit status: 0 done, 1 bad input, 2 wrong use, 4 a record refused (damaged or tampered), 5 not permitted, 6 the database cannot be reached, 7 system error."));
}

static int take_opt(void *ctx, int list, const char *spec, const char *value)
{
	province_args *a = ctx;
	(void)list;
	if (!spec) {
		if (a->npos >= (int)(sizeof(a->pos) / sizeof(a->pos[0])))
			return province_usage_fail(value, _("too many arguments"));
		a->pos[a->npos++] = value;
		return 0;
	}
	if (a->nopt >= PROVINCE_MAX_OPTS)
		return province_usage_fail("", _("too many options"));
	a->opt[a->nopt].name = spec;
	a->opt[a->nopt].value = value;
	a->nopt++;
	return 0;
}

/* ---- init, key new, county add -------------------------------------------------- */

static int cmd_init(const province_args *a)
{
	PGconn *c = NULL;
	ds_error err;
	int applied = 0;
	if (province_connect(a, false, &c, &err) || province_migrate(c, &applied, &err)) {
		if (c)
			PQfinish(c);
		return province_fail(&err);
	}
	PQfinish(c);
	if (applied)
		printf(_("The province's schema is made: %d migrations applied.\n"), applied);
	else
		printf(_("The province's schema is up to date; nothing changed.\n"));
	return 0;
}

static int cmd_key(const province_args *a)
{
	const char *out = province_opt(a, "out");
	struct stat sb;
	ds_error err;
	if (strcmp(a->pos[0], "new"))
		return province_usage_fail(a->pos[0], _("unknown command; see doorstep-province key --help"));
	if (!out || !*out)
		return province_usage_fail("--out", _("name the file to write the province key to"));
	if (!stat(out, &sb))
		return province_usage_fail(out, _("is there already: a province key is never overwritten"));
	if (sync_provkey_new(out, &err))
		return province_fail(&err);
	printf(_("Province key written to %s: give it to every county (doorstep-county province-key), and keep it from anyone else.\n"),
	       out);
	return 0;
}

static int cmd_county(const province_args *a)
{
	const char *code = a->pos[1], *keyfile = province_opt(a, "key");
	store_county_pub pub;
	char pk[2 * STORE_SIGN_PK_BYTES + 3];
	const char *params[3];
	PGconn *c = NULL;
	PGresult *r;
	ds_error err;
	ds_status st;
	bool already = false;
	if (strcmp(a->pos[0], "add"))
		return province_usage_fail(a->pos[0], _("unknown command; see doorstep-province county --help"));
	if (!sync_prov_county_valid(code))
		return province_usage_fail(code, _("a county's code is six digits"));
	if (!keyfile || !*keyfile)
		return province_usage_fail("--key", _("name the county's public key file (county.pub)"));
	if (store_county_pub_read(keyfile, &pub, &err) || province_connect(a, true, &c, &err))
		return province_fail(&err);
	sync_pg_bytea(pk, pub.sign_pk, sizeof(pub.sign_pk));
	params[0] = code;
	params[1] = pk;
	params[2] = pub.key_id;
	if ((st = sync_pg_exec(c, "BEGIN", "county", &err)) ||
	    (st = province_partitions(c, code, &err)))
		goto out;
	r = PQexecParams(c, "SELECT sign_pk = $2::bytea FROM county WHERE county = $1", 2, NULL,
	                 params, NULL, NULL, 0);
	if ((st = sync_pg_ok(&r, "county", &err)))
		goto out;
	if (PQntuples(r) == 1) {
		already = !strcmp(PQgetvalue(r, 0, 0), "t");
		PQclear(r);
		if (!already) {
			st = ds_fail(&err, DS_EINPUT, code,
			             N_("is enrolled already with another key; a county's key is not replaced here"));
			goto out;
		}
	} else {
		PQclear(r);
		r = PQexecParams(c, "INSERT INTO county (county, sign_pk, key_id) VALUES ($1, $2::bytea, $3)",
		                 3, NULL, params, NULL, NULL, 0);
		st = sync_pg_ok(&r, "county", &err);
		PQclear(r);
		if (st)
			goto out;
	}
	st = sync_pg_exec(c, "COMMIT", "county", &err);
out:
	if (st)
		sync_pg_exec(c, "ROLLBACK", "county", NULL);
	PQfinish(c);
	if (st)
		return province_fail(&err);
	printf(already ? _("County %s is enrolled already with this key; nothing changed.\n")
	               : _("County %s enrolled (key id %s): its feed is taken from now on.\n"),
	       code, pub.key_id);
	return 0;
}

/* ---- the command line ------------------------------------------------------------ */

static void command_usage(const province_command *cmd)
{
	printf("%s\n  doorstep-province %s %s\n\n%s\n", _("Usage:"), cmd->name, cmd->synopsis,
	       _(cmd->help));
	printf("\n%s\n", _("Options:"));
	opts_print(stdout, cmd->synopsis, cmd->options);
	printf("  --lang LANG\n  --help, -h\n  --version\n");
}

/* Whether arg is an option whose value is the next word ("--db URL"). */
static bool takes_value(const char *arg)
{
	static const char *const with_value[] = {"--db", "--out", "--key", "--every", "--lang",
	                                         "--month", "--days", "--year"};
	for (size_t i = 0; i < sizeof(with_value) / sizeof(with_value[0]); i++)
		if (!strcmp(arg, with_value[i]))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	struct rlimit no_core = {0, 0};
	const province_command *cmd = NULL;
	const char *lang = NULL;
	province_args a;
	ds_error err;
	char bad[64];
	int rc = 0, at = 0;
	setrlimit(RLIMIT_CORE, &no_core);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	umask(077);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--lang") && i + 1 < argc)
			lang = argv[++i];
		else if (!strncmp(argv[i], "--lang=", 7))
			lang = argv[i] + 7;
		else if (!at && argv[i][0] != '-')
			at = i;
		else if (!at && takes_value(argv[i]))
			i++; /* its value */
	}
	if (i18n_init(lang, &err))
		return province_fail(&err);
	if (sodium_init() < 0) {
		ds_fail(&err, DS_ESYSTEM, "libsodium", N_("could not start"));
		return province_fail(&err);
	}
	memset(&a, 0, sizeof(a));
	if (!at) {
		const char *const *lists[] = {global_options};
		opts_result r = opts_parse(argc, argv, lists, 1, take_opt, &a, bad, sizeof(bad), &rc);
		if (r == OPTS_HELP) {
			usage(stdout);
			return 0;
		}
		if (r == OPTS_VERSION) {
			printf("doorstep-province %s\n", DOORSTEP_VERSION);
			return 0;
		}
		usage(stderr);
		return province_usage_fail("", _("name a command; see doorstep-province --help"));
	}
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strcmp(argv[at], commands[i].name))
			cmd = &commands[i];
	if (!cmd) {
		usage(stderr);
		return province_usage_fail(argv[at], _("unknown command"));
	}
	i18n_options(cmd->options, global_options);
	{
		const char *const *lists[] = {global_options, cmd->options};
		char **av = calloc((size_t)argc, sizeof(*av));
		opts_result r;
		if (!av) {
			ds_fail(&err, DS_ESYSTEM, "", N_("out of memory"));
			return province_fail(&err);
		}
		av[0] = argv[at];
		for (int i = 1, k = 1; i < argc; i++)
			if (i != at)
				av[k++] = argv[i];
		a.cmd = cmd->name;
		r = opts_parse(argc - 1, av, lists, 2, take_opt, &a, bad, sizeof(bad), &rc);
		free(av);
		switch (r) {
		case OPTS_DONE:
			break;
		case OPTS_HELP:
			command_usage(cmd);
			return 0;
		case OPTS_VERSION:
			printf("doorstep-province %s\n", DOORSTEP_VERSION);
			return 0;
		case OPTS_UNKNOWN:
			return province_usage_fail(bad, _("not an option of this command; see its --help"));
		case OPTS_NEEDS_VALUE:
			return province_usage_fail(bad, _("needs a value"));
		case OPTS_NO_VALUE:
			return province_usage_fail(bad, _("takes no value"));
		case OPTS_TOO_MANY:
			return province_usage_fail(cmd->name, _("too many options"));
		case OPTS_STOPPED:
			return rc;
		}
	}
	if (a.npos < cmd->min_pos)
		return province_usage_fail(cmd->name, _("an argument is missing"));
	if (a.npos > cmd->max_pos)
		return province_usage_fail(a.pos[cmd->max_pos], _("too many arguments"));
	return cmd->fn(&a);
}
