/* console_int.h — what the console's pages are written with: the request
 * (who asks, in which language, with which parameters), the store under
 * its lock, HTML that escapes every value, forms that carry the CSRF
 * token, and the office log.
 *
 * HOW TO ADD A PAGE (see also CONSOLE.md):
 *  1. Its right: one line in CORE_OFFICE_RIGHT_LIST (core/office.h),
 *     X(ENUM, "name", officer, approver, admin): who may see it (a page)
 *     or do it (an action: always a POST).
 *  2. Its route: one line in CONSOLE_ROUTE_LIST (console_routes.h),
 *     X("GET", "/path", prefix, ENUM, console_page_fn, N_("Menu label")):
 *     prefix true matches "/path/anything" too, the tail in q->rest; a
 *     menu label (or NULL for none) puts it in the menu for those who may.
 *  3. The handler in a file of its own, sync/county/console_NAME.c:
 *        void console_page_fn(console_req *q)
 *        {
 *                ds_store *s = console_store_lock(q);
 *                ... load what the page shows with store/ functions ...
 *                console_store_unlock(q);
 *                console_begin(q, _("Title"));
 *                console_html(q, "<p>%s: %lld</p>", _("Households"), n);
 *                console_end(q);
 *        }
 *     The framework has already checked the session, the role against
 *     the table (403 and logged otherwise) and, for a POST, the CSRF
 *     token; it logs every POST (an action) with its outcome. A handler
 *     that fails calls console_fail(q, status, message) (or
 *     console_fail_error(q, status, &err)) and returns.
 *  4. Every string the user sees: _("...") (a macro using q) so xgettext
 *     finds it; its Chinese at the end of locale/zh_CN.po.
 *  5. Values into HTML only through console_html's %s (escaped) or
 *     console_text; a link's query value through %u (URL-encoded, then
 *     escaped). Never print a whole ID number: core_idnum masking via
 *     console_idnum_masked.
 *  6. Use the store only between console_store_lock and _unlock, and do
 *     not call console_log while holding it (it takes the lock itself).
 */
#ifndef SYNC_COUNTY_CONSOLE_INT_H
#define SYNC_COUNTY_CONSOLE_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/office.h"
#include "core/status.h"
#include "store/office.h"
#include "store/store.h"
#include "sync/county/console.h"

/* ---- pure helpers (console_html.c, console_mo.c, console_session.c) ---- */

/* A growing byte buffer; on running out of memory it stops growing and
 * says so (nomem), and the request is answered 500. */
typedef struct {
	char *p;
	size_t len, cap;
	bool nomem;
} console_buf;
void console_buf_add(console_buf *b, const char *s, size_t n);
void console_buf_free(console_buf *b);
/* s with & < > " ' as entities. */
void console_buf_escape(console_buf *b, const char *s);
/* s percent-encoded for a URL's query (unreserved characters kept). */
void console_buf_urlencode(console_buf *b, const char *s);
/* Formats into b: fmt is literal HTML; %s a value, escaped; %u a value
 * URL-encoded (for a query parameter) then escaped; %r trusted HTML as it
 * is (only what the console made itself); %d int, %ld long, %lld long
 * long, %zu size_t, %% a percent sign. */
void console_buf_html(console_buf *b, const char *fmt, ...);
void console_buf_vhtml(console_buf *b, const char *fmt, va_list ap);

/* application/x-www-form-urlencoded, decoded: name=value pairs. */
typedef struct {
	char *name, *value;
} console_kv;
/* Parses len bytes of body (not NUL-ended); false when out of memory or
 * a name or value is not valid UTF-8 or holds a control character. */
bool console_form_parse(const char *body, size_t len, console_kv **kv, size_t *n);
void console_form_free(console_kv *kv, size_t n);
const char *console_kv_get(const console_kv *kv, size_t n, const char *name);

/* A message catalogue (a gettext .mo file), read once, looked up by
 * binary search from any thread. */
typedef struct console_catalog console_catalog;
console_catalog *console_catalog_load(const char *path);
void console_catalog_free(console_catalog *c);
/* The translation of msgid, or msgid itself when there is none. */
const char *console_catalog_get(const console_catalog *c, const char *msgid);
/* The language an Accept-Language header asks for: "en" when English
 * comes before Chinese (or Chinese is not asked for at all but English
 * is), else "zh_CN" — a Chinese county's default. */
const char *console_accept_language(const char *header);

/* Sessions: random tokens kept in memory, each with its own CSRF token;
 * idle and absolute expiry. Not thread-safe: the console holds a lock. */
#define CONSOLE_TOKEN_HEX 64
#define CONSOLE_SESSIONS 256
/* one account's sessions at most (a browser or two on a few desks): an
 * account logging in again and again drops its own oldest, never the
 * others' sessions */
#define CONSOLE_SESSIONS_PER_USER 8
#define CONSOLE_PWTAG_BYTES 16
typedef struct {
	char token[CONSOLE_TOKEN_HEX + 1];
	char csrf[CONSOLE_TOKEN_HEX + 1];
	char user[STORE_USER_MAX];
	char lang[8];
	/* a hash of the account's password hash at login: a new password
	 * ends the session */
	unsigned char pwtag[CONSOLE_PWTAG_BYTES];
	int64_t created, last; /* seconds, monotonic */
	bool used;
} console_session;
typedef struct {
	console_session s[CONSOLE_SESSIONS];
	int64_t idle, absolute;
} console_sessions;
/* A fresh random token, hex. */
void console_token(char out[CONSOLE_TOKEN_HEX + 1]);
/* A new session for user: when the user has CONSOLE_SESSIONS_PER_USER
 * already, the one of theirs idle longest is dropped; when the table is
 * full, the one idle longest. */
console_session *console_session_new(console_sessions *t, const char *user,
                                     int64_t now);
typedef enum { CONSOLE_SESSION_NONE, CONSOLE_SESSION_OK, CONSOLE_SESSION_EXPIRED } console_session_state;
/* The session of token (compared in constant time), touched; an expired
 * one is dropped and reported as such. */
console_session_state console_session_find(console_sessions *t, const char *token,
                                           int64_t now, console_session **out);
void console_session_drop(console_sessions *t, console_session *s);
/* Every session of user dropped (the account disabled). */
void console_session_drop_user(console_sessions *t, const char *user);
/* a == b, in time that does not depend on where they differ. */
bool console_token_equal(const char *a, const char *b);

/* Failed logins, by key (a user name, or an address): the delay grows
 * with each failure in a row (core_office_lockout_seconds). */
#define CONSOLE_LOCKOUT_KEYS 1024
typedef struct {
	char key[STORE_USER_MAX + 8];
	unsigned failures;
	int64_t until, last; /* ms */
} console_lockout_entry;
typedef struct {
	console_lockout_entry e[CONSOLE_LOCKOUT_KEYS];
} console_lockout;
/* Milliseconds still to wait before key may try again (0: now); times
 * in milliseconds (monotonic). */
int64_t console_lockout_wait(const console_lockout *l, const char *key, int64_t now_ms);
/* A failure: the delay it starts, in seconds. */
int64_t console_lockout_fail(console_lockout *l, const char *key, int64_t now_ms);
void console_lockout_clear(console_lockout *l, const char *key);

/* ---- a request, for the pages (console.c) --------------------------------- */

typedef struct console_req {
	county_console *cc;
	struct MHD_Connection *conn;
	bool post;
	char path[512];       /* without the query */
	const char *rest;     /* the path after a prefix route's, "" otherwise */
	char peer[STORE_OFFICE_PEER_MAX];
	console_kv *form;     /* a POST's fields */
	size_t nform;
	console_buf body;     /* a POST's body as it comes */
	/* who asks (logged in: user and role; role -1 otherwise) */
	char user[STORE_USER_MAX];
	int role;
	char csrf[CONSOLE_TOKEN_HEX + 1];
	const console_catalog *cat; /* NULL: English */
	char lang[8];
	int right;            /* the route's right, -1 for none */
	/* the answer */
	unsigned status;
	bool answered;        /* queued: status is what the browser got */
	bool too_large;       /* a form's body over CONSOLE_MAX_BODY */
	console_buf out;
	const char *type;     /* Content-Type; default HTML */
	char location[600];   /* a redirect (303) when set */
	char cookies[3][300];
	char disposition[160];
	bool logged_action;   /* the handler logged its action itself */
} console_req;

/* Every user-visible string: _("...") (xgettext finds it), in the
 * request's language; needs a console_req *q in scope. */
#undef _
#define _(s) console_tr(q, (s))
const char *console_tr(const console_req *q, const char *msgid);
/* err's message in the request's language. */
void console_error_text(const console_req *q, const ds_error *err, char *buf,
                        size_t len);

/* A query parameter (NULL when absent) and a POST field. */
const char *console_query(const console_req *q, const char *name);
const char *console_field(const console_req *q, const char *name);

/* The county's store, locked; and unlocked. */
ds_store *console_store_lock(console_req *q);
void console_store_unlock(console_req *q);

/* A line of the office log for this request's user and peer (takes the
 * store lock itself; a failure to write it is said on stderr). */
void console_log(console_req *q, const char *kind, const char *what,
                 const char *outcome);

/* HTML into the answer: as console_buf_html, and escaped text. */
void console_html(console_req *q, const char *fmt, ...);
void console_text(console_req *q, const char *s);
/* The page's start (head, style, menu for the role, title as <h1>) and
 * its end. */
void console_begin(console_req *q, const char *title);
void console_end(console_req *q);
/* A form posting to action, with the session's CSRF token; and its end. */
void console_form_begin(console_req *q, const char *action);
void console_form_end(console_req *q);
/* A refusal or failure as a page of its own (the answer so far dropped). */
void console_fail(console_req *q, unsigned status, const char *message);
void console_fail_error(console_req *q, unsigned status, const ds_error *err);
/* A redirect (303 See Other) to a path of the console. */
void console_redirect(console_req *q, const char *path);
/* An ID number as a page may show it: as on the laptop's screen, the
 * last four characters, the rest as *. */
void console_idnum_masked(char *out, size_t len, const char *id);
/* Money and times as the pages show them. */
void console_money(char out[32], int64_t fen);
void console_time_ms(char *out, size_t len, int64_t ms);

/* The handlers of the routes (console_routes.h). */
typedef void (*console_page_fn)(console_req *q);

#endif
