/* user.c — doorstep-county user: the county office's accounts for the web
 * console (add, list, passwd, disable), separate from the laptops' users.
 * A password is asked for without echo (twice), or read from the file
 * named by DOORSTEP_OFFICE_PASSWORD_FILE, or from --password-fd N; it is
 * kept only as its Argon2id hash (libsodium's crypto_pwhash_str). Every
 * change is written to the office log (store/office.h). The name's and
 * the password's checks and the hash are the console's too (user.h). */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/office.h"
#include "store/office.h"
#include "sync/county/cmd.h"
#include "sync/county/user.h"
#include "tui/i18n.h"
#include "tui/secret.h"
#include "tui/text.h"

_Static_assert(STORE_OFFICE_HASH_MAX >= crypto_pwhash_STRBYTES, "an office password's hash fits");

ds_status county_office_password_check(size_t len, ds_error *err)
{
	char n[8];
	if (len >= COUNTY_OFFICE_PASSWORD_MIN)
		return DS_OK;
	snprintf(n, sizeof(n), "%d", COUNTY_OFFICE_PASSWORD_MIN);
	return ds_fail(err, DS_EINPUT, "password", N_("must be at least %s characters"), n);
}

ds_status county_office_password_hash(const char *pw, size_t len,
                                      char hash[STORE_OFFICE_HASH_MAX],
                                      ds_error *err)
{
	ds_status st;
	if ((st = county_office_password_check(len, err)))
		return st;
	if (crypto_pwhash_str_alg(hash, pw, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                          crypto_pwhash_MEMLIMIT_INTERACTIVE,
	                          crypto_pwhash_ALG_ARGON2ID13))
		return ds_fail(err, DS_ESYSTEM, "password", N_("out of memory"));
	return DS_OK;
}

/* The password's Argon2id hash, for name (asked for again to confirm at a
 * terminal). */
static ds_status password_hash(const county_args *a, const char *name,
                               char hash[crypto_pwhash_STRBYTES], ds_error *err)
{
	int fd = -1;
	char prompt[128];
	store_secret *pw = NULL;
	ds_status st;
	if (county_opt(a, "password-fd")) {
		char *end;
		long v = strtol(county_opt(a, "password-fd"), &end, 10);
		if (*end || v < 0 || v > 65535)
			return ds_fail(err, DS_EUSAGE, "password-fd", N_("needs a file descriptor number"));
		fd = (int)v;
	}
	snprintf(prompt, sizeof(prompt), _("Office password for %s: "), name);
	{
		secret_source src = {fd, "--password-fd", "DOORSTEP_OFFICE_PASSWORD_FILE", prompt,
		                     true};
		if ((st = secret_read(&src, &pw, err)))
			return st;
	}
	st = county_office_password_hash((const char *)pw->p, pw->len, hash, err);
	store_secret_free(&pw);
	return st;
}

/* One change and its line in the office log, in one transaction. */
static ds_status logged(ds_store *s, const char *what, const char *name,
                        ds_status (*change)(ds_store *, const char *, const void *, ds_error *),
                        const void *arg, ds_error *err)
{
	store_office_log e;
	ds_status st;
	memset(&e, 0, sizeof(e));
	snprintf(e.user, sizeof(e.user), "-");
	snprintf(e.peer, sizeof(e.peer), "command line");
	snprintf(e.kind, sizeof(e.kind), "user");
	snprintf(e.what, sizeof(e.what), "%s %s", what, name);
	snprintf(e.outcome, sizeof(e.outcome), "ok");
	if ((st = store_begin(s, err)) || (st = change(s, name, arg, err)) ||
	    (st = store_office_log_add(s, &e, err)) || (st = store_commit(s, err)))
		store_rollback(s);
	return st;
}

static ds_status do_add(ds_store *s, const char *name, const void *arg, ds_error *err)
{
	const char *const *v = arg; /* role, hash */
	store_office_user u;
	memset(&u, 0, sizeof(u));
	snprintf(u.name, sizeof(u.name), "%s", name);
	snprintf(u.role, sizeof(u.role), "%s", v[0]);
	return store_office_user_add(s, &u, v[1], err);
}

static ds_status do_passwd(ds_store *s, const char *name, const void *arg, ds_error *err)
{
	return store_office_user_passwd(s, name, arg, err);
}

static ds_status do_disable(ds_store *s, const char *name, const void *arg, ds_error *err)
{
	(void)arg;
	return store_office_user_disable(s, name, err);
}

bool county_office_name_ok(const char *n)
{
	size_t len = strlen(n);
	if (!len || len >= STORE_USER_MAX)
		return false;
	for (const unsigned char *p = (const unsigned char *)n; *p; p++)
		if (*p < 0x80 && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		                   (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		                   *p == '-'))
			return false;
	return true;
}

static int list(const county_args *a, ds_store *s)
{
	store_office_user *l = NULL;
	size_t n = 0;
	ds_error err;
	bool json = county_opt(a, "json") != NULL;
	if (store_office_user_list(s, &l, &n, &err))
		return county_fail(&err);
	if (json) {
		json_t *out = json_array();
		char *t;
		for (size_t i = 0; i < n; i++)
			json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "name", l[i].name,
			                                     "role", l[i].role, "disabled",
			                                     l[i].disabled_ms != 0));
		t = json_dumps(out, JSON_INDENT(2));
		printf("%s\n", t ? t : "[]");
		free(t);
		json_decref(out);
	} else {
		printf(_("%zu office accounts:\n"), n);
		for (size_t i = 0; i < n; i++) {
			char shown[128];
			text_escape_name(shown, sizeof(shown), l[i].name);
			int r = core_office_role_lookup(l[i].role);
			printf("  %-20s %-9s %s\n", shown,
			       r >= 0 ? _(core_office_role_words((core_office_role)r)) : l[i].role,
			       l[i].disabled_ms ? _("disabled") : "");
		}
	}
	free(l);
	return 0;
}

int county_cmd_user(const county_args *a)
{
	const char *sub = a->npos ? a->pos[0] : NULL, *name = a->npos > 1 ? a->pos[1] : NULL;
	char hash[crypto_pwhash_STRBYTES];
	ds_store *s = NULL;
	ds_error err;
	ds_status st;
	int rc = 0;
	if (!sub)
		return county_usage_fail("user", _("say add, list, passwd or disable"));
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "passwd") &&
	    strcmp(sub, "disable"))
		return county_usage_fail(sub, _("say add, list, passwd or disable"));
	if (strcmp(sub, "list")) {
		if (!name)
			return county_usage_fail("NAME", _("name the office account"));
		if (!county_office_name_ok(name))
			return county_usage_fail("NAME", _("use letters, digits, '.', '_' or '-', at most 31 bytes"));
	}
	if (!strcmp(sub, "add") && core_office_role_lookup(county_opt(a, "role")) < 0)
		return county_usage_fail("--role", _("must be officer, approver or admin"));
	if (county_open(a, &s, &err))
		return county_fail(&err);
	if (!strcmp(sub, "list")) {
		rc = list(a, s);
		store_close(&s);
		return rc;
	}
	if (!strcmp(sub, "add") || !strcmp(sub, "passwd")) {
		bool found = false;
		store_office_user u;
		if ((st = store_office_user_get(s, name, &u, NULL, &found, &err)))
			goto fail;
		if (!strcmp(sub, "add") && found) {
			ds_fail(&err, DS_EINPUT, name, N_("there is an office account of that name already"));
			goto fail;
		}
		if (!strcmp(sub, "passwd") && !found) {
			ds_fail(&err, DS_EINPUT, name, N_("there is no office account of that name"));
			goto fail;
		}
		if ((st = password_hash(a, name, hash, &err)))
			goto fail;
	}
	if (!strcmp(sub, "add")) {
		const char *v[2] = {county_opt(a, "role"), hash};
		if ((st = logged(s, "add", name, do_add, v, &err)))
			goto fail;
		printf(_("Office account %s added (%s).\n"), name,
		       _(core_office_role_words((core_office_role)core_office_role_lookup(county_opt(a, "role")))));
	} else if (!strcmp(sub, "passwd")) {
		if ((st = logged(s, "passwd", name, do_passwd, hash, &err)))
			goto fail;
		printf(_("The password of %s is changed.\n"), name);
	} else {
		if ((st = logged(s, "disable", name, do_disable, NULL, &err)))
			goto fail;
		printf(_("Office account %s is disabled: it can no longer log in.\n"), name);
	}
	sodium_memzero(hash, sizeof(hash));
	store_close(&s);
	return 0;
fail:
	sodium_memzero(hash, sizeof(hash));
	store_close(&s);
	return county_fail(&err);
}
