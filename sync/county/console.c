/* console.c — the county's web console (console.h): requests taken from
 * the HTTP server, the session (a random token in an HttpOnly,
 * SameSite=Strict cookie), the role checked against core/office.h's one
 * table, the CSRF token on every POST, login with a lockout that grows,
 * logout, the language of each request, and the answer with its headers.
 * The pages are in console_*.c, their list in console_routes.h; every
 * login, logout, refusal and action goes to the office log
 * (store/office.h). CONSOLE.md says how it fits together. */
#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tui/i18n.h" /* before console_int.h, whose _() is the request's */
#include "sync/county/console_int.h"
#include "sync/county/console_routes.h"

#define CONSOLE_MAX_BODY (64 * 1024)
#define COOKIE_SESSION "ds_session"
#define COOKIE_PRE "ds_login"
#define COOKIE_LANG "ds_lang"
/* passwords checked at once: each check holds Argon2id's 64 MiB */
#define CONSOLE_HASHING_MAX 4

struct county_console {
	ds_store *s;
	pthread_mutex_t *store_lock;
	pthread_mutex_t lock; /* sessions and lockout */
	console_sessions sessions;
	console_lockout lockout;
	console_catalog *zh;
	bool tls;
	unsigned hashing; /* passwords being checked now (under lock) */
	pthread_cond_t hashed; /* one of them done */
	char dummy_hash[crypto_pwhash_STRBYTES];
};

static const struct {
	const char *method, *path;
	bool prefix;
	int right;
	console_page_fn fn;
	const char *label;
} routes[] = {
#define X(method, path, prefix, right, fn, label) \
	{method, path, prefix, CORE_OFFICE_RIGHT_##right, fn, label},
	CONSOLE_ROUTE_LIST(X)
#undef X
};

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int64_t now_s(void)
{
	return now_ms() / 1000;
}

/* ---- set-up ------------------------------------------------------------------- */

county_console *county_console_new(ds_store *s, pthread_mutex_t *store_lock,
                                   const county_console_opts *o)
{
	county_console *cc = calloc(1, sizeof(*cc));
	char dir[PATH_MAX], path[PATH_MAX + 64];
	if (!cc)
		return NULL;
	cc->s = s;
	cc->store_lock = store_lock;
	pthread_mutex_init(&cc->lock, NULL);
	pthread_cond_init(&cc->hashed, NULL);
	cc->tls = o && o->tls;
	cc->sessions.idle = o && o->session_seconds > 0 ? o->session_seconds
	                                                : COUNTY_CONSOLE_IDLE_SECONDS;
	cc->sessions.absolute = COUNTY_CONSOLE_ABSOLUTE_SECONDS;
	if (cc->sessions.absolute < cc->sessions.idle)
		cc->sessions.absolute = cc->sessions.idle;
	i18n_locale_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/zh_CN/LC_MESSAGES/doorstep.mo", dir);
	cc->zh = console_catalog_load(path); /* none: English only */
	/* a login for no such account costs what one for an account does */
	if (crypto_pwhash_str_alg(cc->dummy_hash, "doorstep", 8,
	                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                          crypto_pwhash_MEMLIMIT_INTERACTIVE,
	                          crypto_pwhash_ALG_ARGON2ID13)) {
		county_console_free(cc);
		return NULL;
	}
	return cc;
}

void county_console_free(county_console *cc)
{
	if (!cc)
		return;
	console_catalog_free(cc->zh);
	pthread_mutex_destroy(&cc->lock);
	pthread_cond_destroy(&cc->hashed);
	sodium_memzero(&cc->sessions, sizeof(cc->sessions));
	free(cc);
}

/* ---- for the pages ------------------------------------------------------------ */

const char *console_tr(const console_req *q, const char *msgid)
{
	return q && q->cat ? console_catalog_get(q->cat, msgid) : msgid;
}

static _Thread_local const console_catalog *tr_cat;

static const char *tr_thread(const char *msgid)
{
	return tr_cat ? console_catalog_get(tr_cat, msgid) : msgid;
}

void console_error_text(const console_req *q, const ds_error *err, char *buf,
                        size_t len)
{
	tr_cat = q->cat;
	ds_error_format(err, buf, len, tr_thread);
	tr_cat = NULL;
}

const char *console_query(const console_req *q, const char *name)
{
	return MHD_lookup_connection_value(q->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *console_field(const console_req *q, const char *name)
{
	return console_kv_get(q->form, q->nform, name);
}

ds_store *console_store_lock(console_req *q)
{
	pthread_mutex_lock(q->cc->store_lock);
	return q->cc->s;
}

void console_store_unlock(console_req *q)
{
	pthread_mutex_unlock(q->cc->store_lock);
}

void console_log(console_req *q, const char *kind, const char *what,
                 const char *outcome)
{
	store_office_log e;
	ds_error err;
	ds_store *s;
	memset(&e, 0, sizeof(e));
	snprintf(e.user, sizeof(e.user), "%s", q->user[0] ? q->user : "-");
	snprintf(e.peer, sizeof(e.peer), "%s", q->peer);
	snprintf(e.kind, sizeof(e.kind), "%s", kind);
	snprintf(e.what, sizeof(e.what), "%s", what);
	snprintf(e.outcome, sizeof(e.outcome), "%s", outcome);
	s = console_store_lock(q);
	if (store_begin(s, &err) || store_office_log_add(s, &e, &err) ||
	    store_commit(s, &err)) {
		char msg[512];
		store_rollback(s);
		console_store_unlock(q);
		ds_error_format(&err, msg, sizeof(msg), NULL);
		fprintf(stderr, "<3>doorstep-county: office log: %s\n", msg);
		return;
	}
	console_store_unlock(q);
}

void console_html(console_req *q, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	console_buf_vhtml(&q->out, fmt, ap);
	va_end(ap);
}

void console_text(console_req *q, const char *s)
{
	console_buf_escape(&q->out, s);
}

static const char style[] =
	"<style>"
	"body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:0;color:#1b1b1b;background:#fafafa}"
	"header{background:#1d4e89;color:#fff;padding:.5em 1em;display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:center}"
	"header a{color:#fff}header .who{margin-left:auto}"
	"nav a{margin-right:1em}main{padding:1em;max-width:70em}"
	"table{border-collapse:collapse;margin:.5em 0 1.5em;max-width:100%;display:block;overflow-x:auto}"
	"th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}td.n{text-align:right}"
	"form.inline{display:inline}label{display:block;margin:.5em 0}"
	"input,select,button{font:inherit;padding:.3em}.err{color:#a00}.note{color:#555}"
	".cards{display:flex;flex-wrap:wrap;gap:1em}.card{background:#fff;border:1px solid #ddd;padding:.6em 1em;min-width:10em}"
	".card .n{font-size:1.6em;display:block}"
	"</style>";

static void lang_links(console_req *q)
{
	console_html(q, "<span class=\"lang\"><a href=\"?lang=zh_CN\" lang=\"zh\">中文</a> · "
	                "<a href=\"?lang=en\" lang=\"en\">English</a></span>");
}

void console_begin(console_req *q, const char *title)
{
	console_html(q, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	                "<title>%s · %s</title>%r</head><body><header><strong>%s</strong>",
	             !strcmp(q->lang, "en") ? "en" : "zh-CN", title,
	             _("County office"), style, _("County office"));
	if (q->role >= 0) {
		console_html(q, "<nav>");
		for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
			if (routes[i].label && core_office_may(q->role, routes[i].right))
				console_html(q, "<a href=\"%s\">%s</a>", routes[i].path,
				             _(routes[i].label));
		console_html(q, "</nav><span class=\"who\">%s (%s) ", q->user,
		             _(core_office_role_words((core_office_role)q->role)));
		console_form_begin(q, "/logout");
		console_html(q, "<button type=\"submit\">%s</button>", _("Log out"));
		console_form_end(q);
		console_html(q, "</span>");
	}
	lang_links(q);
	console_html(q, "</header><main><h1>%s</h1>\n", title);
}

void console_end(console_req *q)
{
	console_html(q, "</main></body></html>\n");
}

void console_form_begin(console_req *q, const char *action)
{
	console_html(q, "<form method=\"post\" action=\"%s\" class=\"inline\">"
	                "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
	             action, q->csrf);
}

void console_form_end(console_req *q)
{
	console_html(q, "</form>");
}

void console_fail(console_req *q, unsigned status, const char *message)
{
	console_buf_free(&q->out);
	q->status = status;
	q->type = NULL;
	q->disposition[0] = '\0';
	q->location[0] = '\0';
	console_begin(q, status == MHD_HTTP_FORBIDDEN   ? _("Not permitted")
	                 : status == MHD_HTTP_NOT_FOUND ? _("Not found")
	                                                : _("Not done"));
	console_html(q, "<p class=\"err\">%s</p><p><a href=\"/\">%s</a></p>", message,
	             _("Back to the dashboard"));
	console_end(q);
}

void console_fail_error(console_req *q, unsigned status, const ds_error *err)
{
	char msg[1024];
	console_error_text(q, err, msg, sizeof(msg));
	console_fail(q, status, msg);
}

void console_redirect(console_req *q, const char *path)
{
	console_buf_free(&q->out);
	q->status = MHD_HTTP_SEE_OTHER;
	snprintf(q->location, sizeof(q->location), "%s", path);
}

/* ---- cookies ------------------------------------------------------------------ */

static void set_cookie(console_req *q, const char *name, const char *value,
                       bool clear)
{
	for (size_t i = 0; i < sizeof(q->cookies) / sizeof(q->cookies[0]); i++)
		if (!q->cookies[i][0]) {
			snprintf(q->cookies[i], sizeof(q->cookies[i]),
			         "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name, value,
			         clear ? "; Max-Age=0" : "", q->cc->tls ? "; Secure" : "");
			return;
		}
}

static const char *cookie(const console_req *q, const char *name)
{
	return MHD_lookup_connection_value(q->conn, MHD_COOKIE_KIND, name);
}

/* ---- login and logout ---------------------------------------------------------- */

static void login_form(console_req *q, const char *error)
{
	char pre[CONSOLE_TOKEN_HEX + 1];
	const char *had = cookie(q, COOKIE_PRE);
	/* the browser's token kept while it is one of ours: a second tab, or
	 * the browser's own request for /favicon.ico sent here, must not
	 * spoil the form already open */
	if (had && strlen(had) == CONSOLE_TOKEN_HEX &&
	    strspn(had, "0123456789abcdef") == CONSOLE_TOKEN_HEX)
		snprintf(pre, sizeof(pre), "%s", had);
	else
		console_token(pre);
	set_cookie(q, COOKIE_PRE, pre, false);
	snprintf(q->csrf, sizeof(q->csrf), "%s", pre);
	console_begin(q, _("Log in"));
	if (error)
		console_html(q, "<p class=\"err\">%s</p>", error);
	console_form_begin(q, "/login");
	console_html(q, "<label>%s<br><input name=\"name\" autocomplete=\"username\" required></label>"
	                "<label>%s<br><input name=\"password\" type=\"password\""
	                " autocomplete=\"current-password\" required></label>"
	                "<button type=\"submit\">%s</button>",
	             _("Name"), _("Password"), _("Log in"));
	console_form_end(q);
	console_end(q);
}

static void login_get(console_req *q)
{
	const char *why = console_query(q, "expired");
	login_form(q, why ? _("Your session has ended; log in again.") : NULL);
}

static void wait_message(console_req *q, char *buf, size_t len, int64_t secs)
{
	snprintf(buf, len, _("Too many failed logins: wait %lld seconds before trying again."),
	         (long long)secs);
}

/* What a session keeps of the password it was opened with: a hash of
 * its stored hash, so that a password changed since ends the session. */
static void pw_tag(unsigned char tag[CONSOLE_PWTAG_BYTES], const char *hash)
{
	crypto_generichash(tag, CONSOLE_PWTAG_BYTES, (const unsigned char *)hash,
	                   strlen(hash), NULL, 0);
}

static void login_post(console_req *q)
{
	county_console *cc = q->cc;
	const char *name = console_field(q, "name"), *pass = console_field(q, "password");
	char ukey[STORE_USER_MAX + 8], akey[STORE_OFFICE_PEER_MAX + 8];
	char hash[STORE_OFFICE_HASH_MAX], msg[512], what[STORE_OFFICE_WHAT_MAX];
	unsigned char tag[CONSOLE_PWTAG_BYTES];
	store_office_user u;
	bool found = false, ok;
	int64_t wait, now = now_ms(), d1 = 0, d2 = 0;
	ds_error err;
	ds_status st;
	if (!console_token_equal(console_field(q, "csrf"), cookie(q, COOKIE_PRE))) {
		console_log(q, "refused", "login", "403 csrf");
		console_fail(q, MHD_HTTP_FORBIDDEN, _("The form has expired; open the page again."));
		return;
	}
	if (!name || !*name || !pass || strlen(name) >= STORE_USER_MAX) {
		login_form(q, _("Give your name and password."));
		q->status = MHD_HTTP_BAD_REQUEST;
		return;
	}
	snprintf(ukey, sizeof(ukey), "u:%s", name);
	snprintf(akey, sizeof(akey), "a:%s", q->peer);
	pthread_mutex_lock(cc->store_lock);
	st = store_office_user_get(cc->s, name, &u, hash, &found, &err);
	pthread_mutex_unlock(cc->store_lock);
	if (st) {
		console_fail_error(q, MHD_HTTP_INTERNAL_SERVER_ERROR, &err);
		return;
	}
	/* a name that is no account's is not written down: it may be anything
	 * typed by mistake (an ID number) */
	snprintf(what, sizeof(what), "login %s", found ? name : "?");
	/* the wait checked and this attempt counted as a failure of the
	 * name under one lock, before the hash is checked (a success clears
	 * it): wrong passwords for a name sent all at once are held to the
	 * free tries like ones sent in turn. And only so many hashes at
	 * once (each takes Argon2id's memory): more wait their turn. */
	pthread_mutex_lock(&cc->lock);
	wait = console_lockout_wait(&cc->lockout, ukey, now);
	d1 = console_lockout_wait(&cc->lockout, akey, now);
	if (d1 > wait)
		wait = d1;
	if (!wait) {
		d1 = console_lockout_fail(&cc->lockout, ukey, now);
		while (cc->hashing >= CONSOLE_HASHING_MAX)
			pthread_cond_wait(&cc->hashed, &cc->lock);
		cc->hashing++;
	}
	pthread_mutex_unlock(&cc->lock);
	if (wait > 0) {
		char secs[40];
		wait = (wait + 999) / 1000; /* seconds, rounded up */
		snprintf(secs, sizeof(secs), "429 wait %lld", (long long)wait);
		sodium_memzero(hash, sizeof(hash));
		console_log(q, "lockout", what, secs);
		wait_message(q, msg, sizeof(msg), wait);
		login_form(q, msg);
		q->status = MHD_HTTP_TOO_MANY_REQUESTS;
		return;
	}
	/* the hash is checked outside every lock: it takes a while */
	ok = crypto_pwhash_str_verify(found ? hash : cc->dummy_hash, pass, strlen(pass)) == 0 &&
	     found && !u.disabled_ms && core_office_role_lookup(u.role) >= 0;
	pw_tag(tag, hash);
	sodium_memzero(hash, sizeof(hash));
	pthread_mutex_lock(&cc->lock);
	cc->hashing--;
	pthread_cond_signal(&cc->hashed);
	if (!ok) /* the address's failure counted once known: a township's
	          * office behind one address logs in at once */
		d2 = console_lockout_fail(&cc->lockout, akey, now);
	pthread_mutex_unlock(&cc->lock);
	if (!ok) {
		if (d2 > d1)
			d1 = d2;
		console_log(q, "login", what, found && u.disabled_ms ? "401 disabled" : "401 failed");
		if (d1 > 0) {
			char m2[384];
			wait_message(q, m2, sizeof(m2), d1);
			snprintf(msg, sizeof(msg), "%.120s %s", _("Wrong name or password."), m2);
		} else {
			snprintf(msg, sizeof(msg), "%s", _("Wrong name or password."));
		}
		login_form(q, msg);
		q->status = MHD_HTTP_UNAUTHORIZED;
		return;
	}
	pthread_mutex_lock(&cc->lock);
	console_lockout_clear(&cc->lockout, ukey);
	console_lockout_clear(&cc->lockout, akey);
	{
		console_session *s = console_session_new(&cc->sessions, name, now_s());
		snprintf(s->lang, sizeof(s->lang), "%s", q->lang);
		memcpy(s->pwtag, tag, sizeof(s->pwtag));
		set_cookie(q, COOKIE_SESSION, s->token, false);
	}
	pthread_mutex_unlock(&cc->lock);
	set_cookie(q, COOKIE_PRE, "", true);
	snprintf(q->user, sizeof(q->user), "%s", name);
	console_log(q, "login", "login", "303 ok");
	console_redirect(q, "/");
}

static void logout_post(console_req *q)
{
	set_cookie(q, COOKIE_SESSION, "", true);
	console_log(q, "logout", "logout", "303 ok");
	console_redirect(q, "/login");
}

/* ---- a request ---------------------------------------------------------------- */

static void peer_of(struct MHD_Connection *c, char *out, size_t len)
{
	const union MHD_ConnectionInfo *i =
	        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, len, "-");
	if (!i || !i->client_addr)
		return;
	if (i->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)i->client_addr)->sin_addr,
		          out, (socklen_t)len);
	else if (i->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)i->client_addr)->sin6_addr,
		          out, (socklen_t)len);
}

static bool lang_known(const char *l)
{
	return l && (!strcmp(l, "en") || !strcmp(l, "zh_CN"));
}

static void pick_lang(console_req *q, const console_session *s)
{
	const char *l = console_query(q, "lang");
	if (lang_known(l))
		set_cookie(q, COOKIE_LANG, l, false);
	else if (s && lang_known(s->lang))
		l = s->lang;
	else if (!lang_known(l = cookie(q, COOKIE_LANG)))
		l = console_accept_language(MHD_lookup_connection_value(
		        q->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
	snprintf(q->lang, sizeof(q->lang), "%s", l);
	q->cat = strcmp(l, "en") ? q->cc->zh : NULL;
}

static void handle(console_req *q)
{
	county_console *cc = q->cc;
	console_session *sess = NULL, copy;
	console_session_state ss;
	char hash[STORE_OFFICE_HASH_MAX];
	unsigned char tag[CONSOLE_PWTAG_BYTES];
	store_office_user u;
	bool found = false, changed;
	size_t r = 0, nr = sizeof(routes) / sizeof(routes[0]);
	bool path_known = false;
	ds_error err;
	ds_status st;
	if (q->post && !console_form_parse(q->body.p ? q->body.p : "", q->body.len, &q->form,
	                                   &q->nform)) {
		pick_lang(q, NULL);
		console_fail(q, MHD_HTTP_BAD_REQUEST, _("The form could not be read."));
		return;
	}
	pthread_mutex_lock(&cc->lock);
	ss = console_session_find(&cc->sessions, cookie(q, COOKIE_SESSION), now_s(), &sess);
	if (sess) {
		const char *l = console_query(q, "lang");
		if (lang_known(l))
			snprintf(sess->lang, sizeof(sess->lang), "%s", l);
		copy = *sess;
	}
	pthread_mutex_unlock(&cc->lock);
	pick_lang(q, sess ? &copy : NULL);
	if (!strcmp(q->path, "/login")) {
		if (sess && !q->post)
			console_redirect(q, "/");
		else if (q->post)
			login_post(q);
		else
			login_get(q);
		return;
	}
	if (!sess) {
		if (ss == CONSOLE_SESSION_EXPIRED) {
			console_log(q, "session", "expired", "303 login");
			set_cookie(q, COOKIE_SESSION, "", true);
		}
		console_redirect(q, ss == CONSOLE_SESSION_EXPIRED ? "/login?expired=1" : "/login");
		return;
	}
	snprintf(q->user, sizeof(q->user), "%s", copy.user);
	snprintf(q->csrf, sizeof(q->csrf), "%s", copy.csrf);
	/* the account as it is now: disabled or its role changed since */
	pthread_mutex_lock(cc->store_lock);
	st = store_office_user_get(cc->s, copy.user, &u, hash, &found, &err);
	pthread_mutex_unlock(cc->store_lock);
	if (st) {
		console_fail_error(q, MHD_HTTP_INTERNAL_SERVER_ERROR, &err);
		return;
	}
	pw_tag(tag, found ? hash : "");
	sodium_memzero(hash, sizeof(hash));
	/* the password changed since the login (user passwd): the session
	 * ends as a disabled account's does */
	changed = found && sodium_memcmp(tag, copy.pwtag, sizeof(tag)) != 0;
	if (!found || u.disabled_ms || changed ||
	    (q->role = core_office_role_lookup(u.role)) < 0) {
		pthread_mutex_lock(&cc->lock);
		console_session_drop_user(&cc->sessions, copy.user);
		pthread_mutex_unlock(&cc->lock);
		q->role = -1;
		console_log(q, "session", changed && !u.disabled_ms ? "password changed" : "account disabled",
		            "303 login");
		set_cookie(q, COOKIE_SESSION, "", true);
		console_redirect(q, "/login");
		return;
	}
	/* the route, before anything else is said of the request */
	if (strcmp(q->path, "/logout")) {
		for (r = 0; r < nr; r++) {
			size_t n = strlen(routes[r].path);
			bool match = routes[r].prefix ? !strncmp(q->path, routes[r].path, n)
			                              : !strcmp(q->path, routes[r].path);
			if (!match)
				continue;
			path_known = true;
			if (!strcmp(routes[r].method, q->post ? "POST" : "GET")) {
				q->rest = routes[r].prefix ? q->path + n : "";
				break;
			}
		}
		if (r == nr) {
			console_fail(q, path_known ? MHD_HTTP_METHOD_NOT_ALLOWED : MHD_HTTP_NOT_FOUND,
			             path_known ? _("Not a way this page is used.")
			                        : _("There is no such page."));
			return;
		}
		q->right = routes[r].right;
	} else if (!q->post) {
		console_fail(q, MHD_HTTP_METHOD_NOT_ALLOWED, _("Log out with the button."));
		return;
	}
	/* every POST carries the session's CSRF token */
	if (q->post && !console_token_equal(console_field(q, "csrf"), copy.csrf)) {
		console_log(q, "refused",
		            q->right >= 0 ? core_office_right_id((core_office_right)q->right)
		                          : "logout",
		            "403 csrf");
		console_fail(q, MHD_HTTP_FORBIDDEN,
		             _("The form has expired or did not come from this console; open the page again."));
		return;
	}
	if (q->right < 0) { /* /logout */
		pthread_mutex_lock(&cc->lock);
		ss = console_session_find(&cc->sessions, copy.token, now_s(), &sess);
		if (sess)
			console_session_drop(&cc->sessions, sess);
		pthread_mutex_unlock(&cc->lock);
		logout_post(q);
		return;
	}
	if (!core_office_may(q->role, q->right)) {
		console_log(q, "refused", core_office_right_id((core_office_right)q->right),
		            "403 role");
		console_fail(q, MHD_HTTP_FORBIDDEN, _("Your role may not see or do this."));
		return;
	}
	routes[r].fn(q);
	if (q->post && !q->logged_action) {
		char outcome[16];
		snprintf(outcome, sizeof(outcome), "%u", q->status);
		console_log(q, "action", core_office_right_id((core_office_right)q->right),
		            outcome);
	}
}

static void free_req(console_req *q)
{
	if (!q)
		return;
	console_form_free(q->form, q->nform);
	if (q->body.p)
		sodium_memzero(q->body.p, q->body.cap);
	console_buf_free(&q->body);
	console_buf_free(&q->out);
	free(q);
}

static enum MHD_Result answer(console_req *q)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	size_t len = q->out.len;
	char *body = q->out.p;
	if (q->out.nomem) {
		console_buf_free(&q->out);
		body = NULL;
		len = 0;
		q->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	}
	r = MHD_create_response_from_buffer(len, body ? body : (void *)"",
	                                    body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	q->out.p = NULL; /* the response has it */
	q->out.len = q->out.cap = 0;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        q->type ? q->type : "text/html; charset=utf-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Content-Security-Policy",
	                        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:;"
	                        " form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	if (q->cc->tls) /* the browser comes back over HTTPS only, a year */
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
	if (q->location[0])
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, q->location);
	if (q->disposition[0])
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, q->disposition);
	for (size_t i = 0; i < sizeof(q->cookies) / sizeof(q->cookies[0]); i++)
		if (q->cookies[i][0])
			MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, q->cookies[i]);
	ret = MHD_queue_response(q->conn, q->status, r);
	MHD_destroy_response(r);
	q->answered = ret == MHD_YES;
	return ret;
}

/* A form larger than the console takes (413), named on the page. */
static void too_large(console_req *q)
{
	pick_lang(q, NULL);
	console_fail(q, MHD_HTTP_CONTENT_TOO_LARGE,
	             _("What was sent is larger than a form may be (64 KiB); a larger file goes in with the command line."));
}

enum MHD_Result county_console_request(county_console *cc,
                                       struct MHD_Connection *c,
                                       const char *method, const char *url,
                                       const char *upload_data,
                                       size_t *upload_data_size, void **req,
                                       char *who)
{
	console_req *q = *req;
	if (!q) {
		bool post = !strcmp(method, "POST");
		bool known = post || !strcmp(method, "GET") || !strcmp(method, "HEAD");
		if (!(q = calloc(1, sizeof(*q))))
			return MHD_NO;
		q->cc = cc;
		q->conn = c;
		q->post = post;
		q->role = -1;
		q->right = -1;
		q->status = MHD_HTTP_OK;
		q->rest = "";
		snprintf(q->path, sizeof(q->path), "%s", url);
		peer_of(c, q->peer, sizeof(q->peer));
		*req = q;
		if (!known) {
			pick_lang(q, NULL);
			console_fail(q, MHD_HTTP_METHOD_NOT_ALLOWED, _("Not a way this page is used."));
			return answer(q);
		}
		if (post) {
			const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
			                                             MHD_HTTP_HEADER_CONTENT_LENGTH);
			if (cl && strtoull(cl, NULL, 10) > CONSOLE_MAX_BODY) {
				too_large(q); /* said before the body is read */
				return answer(q);
			}
			return MHD_YES; /* the body comes next */
		}
	} else if (*upload_data_size) {
		/* a body without a length that grows too large: the rest is
		 * let go and the form refused at its end */
		if (q->too_large || q->body.len + *upload_data_size > CONSOLE_MAX_BODY)
			q->too_large = true;
		else
			console_buf_add(&q->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return q->body.nomem ? MHD_NO : MHD_YES;
	}
	q->conn = c;
	if (q->too_large) {
		too_large(q);
		return answer(q);
	}
	handle(q);
	if (who)
		snprintf(who, COUNTY_WHO_MAX, "%s", q->user[0] ? q->user : "-");
	return answer(q);
}

bool county_console_known(const char *first)
{
	static const char *const paths[] = {
#define X(method, path, prefix, right, fn, label) path,
		CONSOLE_ROUTE_LIST(X)
#undef X
		"/login", "/logout",
	};
	size_t n = strlen(first);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		const char *r = paths[i] + 1; /* after its / */
		if (!strncmp(r, first, n) && (!r[n] || r[n] == '/'))
			return true;
	}
	return false;
}

unsigned county_console_done(county_console *cc, void *req)
{
	console_req *q = req;
	unsigned status = q && q->answered ? q->status : 0;
	(void)cc;
	free_req(req);
	return status;
}
