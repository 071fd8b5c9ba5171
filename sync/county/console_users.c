/* console_users.c — the office accounts, for the admin: who may log in
 * to the console, with which role; adding an account, setting a new
 * password and disabling one, with the checks and store functions of
 * `doorstep-county user` (user.h, store/office.h). Each change is written
 * with its line in the office log in one transaction; a refusal is shown
 * on the page in one line naming the field, nothing written, and logged.
 * A password is never logged nor sent back into the page. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/office.h"
#include "sync/county/console_int.h"
#include "sync/county/console_pages.h"
#include "sync/county/console_routes.h"
#include "sync/county/user.h"

/* A form sent back: which one, what was wrong (one line), what was typed
 * (never the passwords). */
typedef struct {
	const char *form; /* "add", "passwd", "disable" */
	char msg[512];
	const char *name, *role;
} users_refusal;

static const char *field_label(console_req *q, const char *field)
{
	if (!strcmp(field, "name"))
		return _("Name");
	if (!strcmp(field, "role"))
		return _("Role");
	if (!strcmp(field, "password"))
		return _("Password");
	if (!strcmp(field, "password2"))
		return _("Password again");
	return field;
}

static const char *role_words(console_req *q, const char *role)
{
	int r = core_office_role_lookup(role);
	return r >= 0 ? _(core_office_role_words((core_office_role)r)) : role;
}

static void done_note(console_req *q)
{
	const char *d = console_query(q, "done");
	if (!d)
		return;
	console_html(q, "<p class=\"note\" id=\"done\">%s</p>",
	             !strcmp(d, "added")      ? _("The office account is added.")
	             : !strcmp(d, "disabled") ? _("The office account is disabled: it is logged out at its next click and can no longer log in.")
	             : !strcmp(d, "passwd")   ? _("The password is changed.")
	                                      : _("Nothing changed."));
}

static void refusal_line(console_req *q, const users_refusal *r, const char *form)
{
	if (r && !strcmp(r->form, form))
		console_html(q, "<p class=\"err\" id=\"error\">%s</p>", r->msg);
}

/* The two password fields of a form. */
static void password_fields(console_req *q)
{
	char min[8];
	snprintf(min, sizeof(min), "%d", COUNTY_OFFICE_PASSWORD_MIN);
	console_html(q, "<label>%s<br><input type=\"password\" name=\"password\" autocomplete=\"new-password\" minlength=\"%s\" required></label>"
	                "<label>%s<br><input type=\"password\" name=\"password2\" autocomplete=\"new-password\" minlength=\"%s\" required></label>",
	             _("Password"), min, _("Password again"), min);
}

/* The page: the accounts, and the forms; r (or NULL) a refusal to show
 * with its form (answered 400). */
static void page(console_req *q, const users_refusal *r)
{
	store_office_user *l = NULL;
	size_t n = 0;
	char when[32];
	ds_error err;
	ds_status st;
	ds_store *s = console_store_lock(q);
	st = store_office_user_list(s, &l, &n, &err);
	console_store_unlock(q);
	if (st) {
		console_fail_error(q, 500, &err);
		return;
	}
	console_begin(q, _("Office accounts"));
	if (!r)
		done_note(q);
	refusal_line(q, r, "disable");
	console_html(q, "<table id=\"users\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th></th></tr>",
	             _("Name"), _("Role"), _("Added"), _("Disabled"));
	for (size_t i = 0; i < n; i++) {
		console_time_ms(when, sizeof(when), l[i].created_ms);
		console_html(q, "<tr data-user=\"%s\" data-disabled=\"%d\"><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>",
		             l[i].name, l[i].disabled_ms != 0, l[i].name, role_words(q, l[i].role),
		             when, l[i].disabled_ms ? _("disabled") : "");
		if (!strcmp(l[i].name, q->user)) {
			console_html(q, "<span class=\"note\">%s</span>", _("your account"));
		} else if (!l[i].disabled_ms && core_office_may(q->role, CORE_OFFICE_RIGHT_USER_DISABLE)) {
			console_form_begin(q, "/users/disable");
			console_html(q, "<input type=\"hidden\" name=\"name\" value=\"%s\">"
			                "<button type=\"submit\">%s</button>",
			             l[i].name, _("Disable"));
			console_form_end(q);
		}
		console_html(q, "</td></tr>");
	}
	console_html(q, "</table>");
	if (core_office_may(q->role, CORE_OFFICE_RIGHT_USER_ADD)) {
		const char *was = r && !strcmp(r->form, "add") ? r->role : NULL;
		console_html(q, "<h2>%s</h2>", _("Add an office account"));
		refusal_line(q, r, "add");
		console_form_begin(q, "/users/add");
		console_html(q, "<label>%s<br><input name=\"name\" value=\"%s\" autocomplete=\"off\" maxlength=\"%d\" required></label>"
		                "<label>%s<br><select name=\"role\">",
		             _("Name"), r && !strcmp(r->form, "add") && r->name ? r->name : "",
		             STORE_USER_MAX - 1, _("Role"));
		for (int k = 0; k < CORE_OFFICE_ROLE_COUNT; k++) {
			const char *id = core_office_role_id((core_office_role)k);
			console_html(q, "<option value=\"%s\"%r>%s</option>", id,
			             was && !strcmp(was, id) ? " selected" : "",
			             _(core_office_role_words((core_office_role)k)));
		}
		console_html(q, "</select></label>");
		password_fields(q);
		console_html(q, "<button type=\"submit\">%s</button>", _("Add"));
		console_form_end(q);
	}
	if (core_office_may(q->role, CORE_OFFICE_RIGHT_USER_PASSWD) && n) {
		const char *was = r && !strcmp(r->form, "passwd") ? r->name : NULL;
		console_html(q, "<h2>%s</h2>", _("Set a new password"));
		refusal_line(q, r, "passwd");
		console_form_begin(q, "/users/passwd");
		console_html(q, "<label>%s<br><select name=\"name\">", _("Name"));
		for (size_t i = 0; i < n; i++)
			console_html(q, "<option%r>%s</option>",
			             was && !strcmp(was, l[i].name) ? " selected" : "", l[i].name);
		console_html(q, "</select></label>");
		password_fields(q);
		console_html(q, "<button type=\"submit\">%s</button>", _("Set the password"));
		console_form_end(q);
	}
	console_end(q);
	free(l);
	if (r)
		q->status = 400;
}

void console_page_users(console_req *q)
{
	page(q, NULL);
}

/* ---- actions ------------------------------------------------------------------- */

/* A refusal: its line in the office log ("400 password", the field), and
 * the page again with it. */
static void refused(console_req *q, const char *what, users_refusal *r, ds_error *err)
{
	char outcome[STORE_OFFICE_OUTCOME_MAX];
	if (err->status != DS_EINPUT) {
		console_pages_action_failed(q, what, err);
		return;
	}
	snprintf(outcome, sizeof(outcome), "400 %.40s", err->where[0] ? err->where : "failed");
	console_log(q, "action", what, outcome);
	q->logged_action = true;
	snprintf(err->where, sizeof(err->where), "%s", field_label(q, err->where));
	console_error_text(q, err, r->msg, sizeof(r->msg));
	page(q, r);
}

typedef enum { CHANGE_ADD, CHANGE_PASSWD, CHANGE_DISABLE } change_kind;

/* The change and its line in the office log ("303 ok"), in one
 * transaction. */
static ds_status change_logged(console_req *q, change_kind k, const char *what,
                               const char *name, const char *role,
                               const char *hash, ds_error *err)
{
	store_office_log e;
	store_office_user u;
	ds_status st;
	ds_store *s;
	memset(&e, 0, sizeof(e));
	snprintf(e.user, sizeof(e.user), "%s", q->user);
	snprintf(e.peer, sizeof(e.peer), "%s", q->peer);
	snprintf(e.kind, sizeof(e.kind), "action");
	snprintf(e.what, sizeof(e.what), "%s", what);
	snprintf(e.outcome, sizeof(e.outcome), "303 ok");
	memset(&u, 0, sizeof(u));
	snprintf(u.name, sizeof(u.name), "%s", name);
	snprintf(u.role, sizeof(u.role), "%s", role ? role : "");
	s = console_store_lock(q);
	if ((st = store_begin(s, err)))
		goto done;
	st = k == CHANGE_ADD      ? store_office_user_add(s, &u, hash, err)
	     : k == CHANGE_PASSWD ? store_office_user_passwd(s, name, hash, err)
	                          : store_office_user_disable(s, name, err);
	if (st || (st = store_office_log_add(s, &e, err)) || (st = store_commit(s, err)))
		store_rollback(s);
done:
	console_store_unlock(q);
	if (!st)
		q->logged_action = true;
	return st;
}

/* The account of name: found, and whether it is disabled. */
static ds_status account(console_req *q, const char *name, bool *found,
                         bool *disabled, ds_error *err)
{
	store_office_user u;
	ds_status st;
	ds_store *s = console_store_lock(q);
	st = store_office_user_get(s, name, &u, NULL, found, err);
	console_store_unlock(q);
	*disabled = !st && *found && u.disabled_ms;
	return st;
}

/* The name field checked as `user` checks it; what is the action's line
 * in the office log ("user.add NAME", "?" for a name no account may
 * have: what was typed may be anything). */
static bool name_checked(const char *action, const char *name, char *what,
                         size_t len, ds_error *err)
{
	bool ok = county_office_name_ok(name);
	snprintf(what, len, "%s %s", action, ok ? name : "?");
	if (!ok)
		ds_fail(err, DS_EINPUT, "name",
		        N_("use letters, digits, '.', '_' or '-', at most 31 bytes"));
	return ok;
}

/* The two passwords: long enough, and the same. */
static ds_status passwords_checked(const char *pw, const char *pw2, ds_error *err)
{
	ds_status st;
	if ((st = county_office_password_check(strlen(pw), err)))
		return st;
	if (strcmp(pw, pw2))
		return ds_fail(err, DS_EINPUT, "password2", N_("is not the same as the password"));
	return DS_OK;
}

static const char *field(console_req *q, const char *name)
{
	const char *v = console_field(q, name);
	return v ? v : "";
}

void console_action_user_add(console_req *q)
{
	const char *name = field(q, "name"), *role = field(q, "role"),
	           *pw = field(q, "password"), *pw2 = field(q, "password2");
	users_refusal r = {"add", "", name, role};
	char what[STORE_OFFICE_WHAT_MAX], hash[STORE_OFFICE_HASH_MAX];
	bool found = false, disabled = false;
	ds_error err;
	ds_status st;
	if (!name_checked("user.add", name, what, sizeof(what), &err)) {
		refused(q, what, &r, &err);
		return;
	}
	if (core_office_role_lookup(role) < 0) {
		ds_fail(&err, DS_EINPUT, "role", N_("must be officer, approver or admin"));
		refused(q, what, &r, &err);
		return;
	}
	if ((st = passwords_checked(pw, pw2, &err)) ||
	    (st = account(q, name, &found, &disabled, &err))) {
		refused(q, what, &r, &err);
		return;
	}
	if (found) {
		ds_fail(&err, DS_EINPUT, "name", N_("there is an office account of that name already"));
		refused(q, what, &r, &err);
		return;
	}
	/* the hash outside every lock; the store refuses a name taken since */
	if ((st = county_office_password_hash(pw, strlen(pw), hash, &err)) ||
	    (st = change_logged(q, CHANGE_ADD, what, name, role, hash, &err))) {
		sodium_memzero(hash, sizeof(hash));
		refused(q, what, &r, &err);
		return;
	}
	sodium_memzero(hash, sizeof(hash));
	console_redirect(q, "/users?done=added");
}

void console_action_user_passwd(console_req *q)
{
	const char *name = field(q, "name"), *pw = field(q, "password"),
	           *pw2 = field(q, "password2");
	users_refusal r = {"passwd", "", name, NULL};
	char what[STORE_OFFICE_WHAT_MAX], hash[STORE_OFFICE_HASH_MAX];
	bool found = false, disabled = false;
	ds_error err;
	ds_status st;
	if (!name_checked("user.passwd", name, what, sizeof(what), &err)) {
		refused(q, what, &r, &err);
		return;
	}
	if ((st = account(q, name, &found, &disabled, &err))) {
		refused(q, what, &r, &err);
		return;
	}
	if (!found) {
		ds_fail(&err, DS_EINPUT, "name", N_("there is no office account of that name"));
		refused(q, what, &r, &err);
		return;
	}
	if ((st = passwords_checked(pw, pw2, &err)) ||
	    (st = county_office_password_hash(pw, strlen(pw), hash, &err)) ||
	    (st = change_logged(q, CHANGE_PASSWD, what, name, NULL, hash, &err))) {
		sodium_memzero(hash, sizeof(hash));
		refused(q, what, &r, &err);
		return;
	}
	sodium_memzero(hash, sizeof(hash));
	console_redirect(q, "/users?done=passwd");
}

void console_action_user_disable(console_req *q)
{
	const char *name = field(q, "name");
	users_refusal r = {"disable", "", name, NULL};
	char what[STORE_OFFICE_WHAT_MAX];
	bool found = false, disabled = false;
	ds_error err;
	ds_status st;
	if (!name_checked("user.disable", name, what, sizeof(what), &err)) {
		refused(q, what, &r, &err);
		return;
	}
	if (!strcmp(name, q->user)) {
		ds_fail(&err, DS_EINPUT, "name",
		        N_("is your own account: you cannot disable it; another admin can"));
		refused(q, what, &r, &err);
		return;
	}
	if ((st = account(q, name, &found, &disabled, &err))) {
		refused(q, what, &r, &err);
		return;
	}
	if (!found) {
		ds_fail(&err, DS_EINPUT, "name", N_("there is no office account of that name"));
		refused(q, what, &r, &err);
		return;
	}
	if (disabled) {
		console_pages_action_done(q, what, "already", "/users?done=already");
		return;
	}
	if ((st = change_logged(q, CHANGE_DISABLE, what, name, NULL, NULL, &err))) {
		refused(q, what, &r, &err);
		return;
	}
	console_redirect(q, "/users?done=disabled");
}
