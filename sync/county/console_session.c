/* console_session.c — the console's sessions (random tokens in memory,
 * each with its CSRF token, idle and absolute expiry) and its lockout of
 * failed logins with a growing delay. Pure but for the random bytes;
 * the caller passes the time and holds the lock. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "sync/county/console_int.h"

void console_token(char out[CONSOLE_TOKEN_HEX + 1])
{
	unsigned char b[CONSOLE_TOKEN_HEX / 2];
	randombytes_buf(b, sizeof(b));
	sodium_bin2hex(out, CONSOLE_TOKEN_HEX + 1, b, sizeof(b));
	sodium_memzero(b, sizeof(b));
}

bool console_token_equal(const char *a, const char *b)
{
	size_t la = a ? strlen(a) : 0, lb = b ? strlen(b) : 0;
	if (la != CONSOLE_TOKEN_HEX || lb != CONSOLE_TOKEN_HEX)
		return false;
	return sodium_memcmp(a, b, CONSOLE_TOKEN_HEX) == 0;
}

console_session *console_session_new(console_sessions *t, const char *user,
                                     int64_t now)
{
	console_session *s = NULL, *own = NULL;
	size_t mine = 0;
	for (size_t i = 0; i < CONSOLE_SESSIONS; i++) {
		console_session *c = &t->s[i];
		if (c->used && (now - c->last >= t->idle || now - c->created >= t->absolute))
			console_session_drop(t, c);
		if (!c->used) {
			if (!s)
				s = c;
		} else if (!strcmp(c->user, user)) {
			mine++;
			if (!own || c->last < own->last)
				own = c;
		}
	}
	if (mine >= CONSOLE_SESSIONS_PER_USER) /* their own idle longest goes */
		s = own;
	if (!s) { /* full: the one idle longest goes */
		s = &t->s[0];
		for (size_t i = 1; i < CONSOLE_SESSIONS; i++)
			if (t->s[i].last < s->last)
				s = &t->s[i];
	}
	memset(s, 0, sizeof(*s));
	console_token(s->token);
	console_token(s->csrf);
	snprintf(s->user, sizeof(s->user), "%s", user);
	s->created = s->last = now;
	s->used = true;
	return s;
}

console_session_state console_session_find(console_sessions *t, const char *token,
                                           int64_t now, console_session **out)
{
	console_session *found = NULL;
	*out = NULL;
	if (!token || strlen(token) != CONSOLE_TOKEN_HEX)
		return CONSOLE_SESSION_NONE;
	/* every session compared, each in constant time */
	for (size_t i = 0; i < CONSOLE_SESSIONS; i++)
		if (t->s[i].used && console_token_equal(t->s[i].token, token))
			found = &t->s[i];
	if (!found)
		return CONSOLE_SESSION_NONE;
	if (now - found->last >= t->idle || now - found->created >= t->absolute) {
		console_session_drop(t, found);
		return CONSOLE_SESSION_EXPIRED;
	}
	found->last = now;
	*out = found;
	return CONSOLE_SESSION_OK;
}

void console_session_drop(console_sessions *t, console_session *s)
{
	(void)t;
	sodium_memzero(s, sizeof(*s));
}

void console_session_drop_user(console_sessions *t, const char *user)
{
	for (size_t i = 0; i < CONSOLE_SESSIONS; i++)
		if (t->s[i].used && !strcmp(t->s[i].user, user))
			console_session_drop(t, &t->s[i]);
}

/* ---- lockout ----------------------------------------------------------------- */

static console_lockout_entry *find(const console_lockout *l, const char *key)
{
	for (size_t i = 0; i < CONSOLE_LOCKOUT_KEYS; i++)
		if (l->e[i].failures && !strcmp(l->e[i].key, key))
			return (console_lockout_entry *)&l->e[i];
	return NULL;
}

int64_t console_lockout_wait(const console_lockout *l, const char *key, int64_t now_ms)
{
	const console_lockout_entry *e = find(l, key);
	return e && e->until > now_ms ? e->until - now_ms : 0;
}

int64_t console_lockout_fail(console_lockout *l, const char *key, int64_t now_ms)
{
	console_lockout_entry *e = find(l, key);
	int64_t d;
	if (!e) {
		/* a free entry, else the one whose last failure is oldest */
		e = &l->e[0];
		for (size_t i = 0; i < CONSOLE_LOCKOUT_KEYS; i++) {
			if (!l->e[i].failures) {
				e = &l->e[i];
				break;
			}
			if (l->e[i].last < e->last)
				e = &l->e[i];
		}
		memset(e, 0, sizeof(*e));
		snprintf(e->key, sizeof(e->key), "%s", key);
	}
	e->failures++;
	e->last = now_ms;
	d = core_office_lockout_seconds(e->failures);
	e->until = now_ms + d * 1000;
	return d;
}

void console_lockout_clear(console_lockout *l, const char *key)
{
	console_lockout_entry *e = find(l, key);
	if (e)
		memset(e, 0, sizeof(*e));
}
