/* test_console.c — the web console's pure parts (sync/county/console_*.c):
 * HTML escaping and the formatter that escapes every %s; URL encoding;
 * form bodies decoded (and refused when not clean UTF-8 text); a .mo
 * catalogue read in either byte order and looked up by binary search,
 * a damaged one refused; Accept-Language; sessions (tokens, constant-time
 * compare, idle and absolute expiry, dropping, a full table); the lockout
 * (waits in milliseconds, growing, per key, cleared); ID numbers masked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "sync/county/console_int.h"

static void escaping(void **state)
{
	console_buf b = {0};
	(void)state;
	console_buf_escape(&b, "<a href=\"x\">Tom & 'Jerry'</a>");
	assert_string_equal(b.p, "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
	console_buf_free(&b);
	console_buf_html(&b, "<p title=\"%s\">%s %d %lld %zu %ld 100%%</p>", "\"><script>", "王<b>",
	                 -3, (long long)1234567890123LL, (size_t)7, 42L);
	assert_string_equal(b.p, "<p title=\"&quot;&gt;&lt;script&gt;\">王&lt;b&gt; -3 1234567890123 7 42 100%</p>");
	console_buf_free(&b);
	/* %u: a query value, encoded then escaped; %r: the console's own HTML */
	console_buf_html(&b, "<a href=\"/x?q=%u\">%r</a>", "a b&c=<王>", "<em>ok</em>");
	assert_string_equal(b.p, "<a href=\"/x?q=a%20b%26c%3D%3C%E7%8E%8B%3E\"><em>ok</em></a>");
	console_buf_free(&b);
	console_buf_html(&b, "%s|%q", (const char *)NULL);
	assert_string_equal(b.p, "|%?");
	console_buf_free(&b);
}

static void forms(void **state)
{
	console_kv *kv = NULL;
	size_t n = 0;
	const char body[] = "csrf=ab12&name=%E7%8E%8B+%E4%B8%80&password=a%26b%3Dc&empty=&flag";
	(void)state;
	assert_true(console_form_parse(body, strlen(body), &kv, &n));
	assert_int_equal(n, 5);
	assert_string_equal(console_kv_get(kv, n, "csrf"), "ab12");
	assert_string_equal(console_kv_get(kv, n, "name"), "王 一");
	assert_string_equal(console_kv_get(kv, n, "password"), "a&b=c");
	assert_string_equal(console_kv_get(kv, n, "empty"), "");
	assert_string_equal(console_kv_get(kv, n, "flag"), "");
	assert_null(console_kv_get(kv, n, "none"));
	console_form_free(kv, n);
	/* a bad escape stays as it is; a body not cut where it should be */
	assert_true(console_form_parse("a=%zz%4&b=1&&", 13, &kv, &n));
	assert_int_equal(n, 2);
	assert_string_equal(console_kv_get(kv, n, "a"), "%zz%4");
	console_form_free(kv, n);
	/* not UTF-8, or a control character: refused */
	assert_false(console_form_parse("a=%ff", 5, &kv, &n));
	assert_null(kv);
	assert_false(console_form_parse("a=%00b", 6, &kv, &n));
	assert_false(console_form_parse("a=%1b", 5, &kv, &n));
	assert_false(console_form_parse("a=%E7%8E", 8, &kv, &n));
	assert_true(console_form_parse("", 0, &kv, &n));
	assert_int_equal(n, 0);
}

/* A .mo file of the pairs (sorted by msgid), little- or big-endian. */
static void put32(unsigned char *p, uint32_t v, bool be)
{
	for (int i = 0; i < 4; i++)
		p[be ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

static void write_mo(const char *path, const char *const (*pairs)[2], uint32_t n, bool be)
{
	unsigned char buf[4096];
	uint32_t orig = 28, trans = orig + 8 * n, text = trans + 8 * n;
	FILE *f;
	memset(buf, 0, sizeof(buf));
	put32(buf, 0x950412de, be);
	put32(buf + 8, n, be);
	put32(buf + 12, orig, be);
	put32(buf + 16, trans, be);
	for (int side = 0; side < 2; side++)
		for (uint32_t i = 0; i < n; i++) {
			size_t len = strlen(pairs[i][side]);
			put32(buf + (side ? trans : orig) + 8 * i, (uint32_t)len, be);
			put32(buf + (side ? trans : orig) + 8 * i + 4, text, be);
			memcpy(buf + text, pairs[i][side], len + 1);
			text += (uint32_t)len + 1;
		}
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, text, f), text);
	fclose(f);
}

static void catalogs(void **state)
{
	static const char *const pairs[][2] = {
		{"", "Content-Type: text/plain; charset=UTF-8\n"},
		{"Dashboard", "总览"},
		{"Log in", "登录"},
		{"Log out", "退出登录"},
		{"households", "户"},
	};
	char path[64];
	console_catalog *c;
	(void)state;
	snprintf(path, sizeof(path), "/tmp/test_console_%ld.mo", (long)getpid());
	for (int be = 0; be < 2; be++) {
		write_mo(path, pairs, 5, be);
		assert_non_null(c = console_catalog_load(path));
		assert_string_equal(console_catalog_get(c, "Dashboard"), "总览");
		assert_string_equal(console_catalog_get(c, "Log in"), "登录");
		assert_string_equal(console_catalog_get(c, "Log out"), "退出登录");
		assert_string_equal(console_catalog_get(c, "households"), "户");
		assert_string_equal(console_catalog_get(c, "Log"), "Log");
		assert_string_equal(console_catalog_get(c, "zzz"), "zzz");
		assert_string_equal(console_catalog_get(c, ""), "");
		console_catalog_free(c);
	}
	assert_string_equal(console_catalog_get(NULL, "Log in"), "Log in");
	/* a string pointing past the end of the file: that entry is not used */
	{
		FILE *f;
		write_mo(path, pairs, 5, false);
		f = fopen(path, "r+b");
		fseek(f, 28 + 5 * 8 + 2 * 8 + 4, SEEK_SET);
		fwrite("\xff\xff\xff\x7f", 1, 4, f);
		fclose(f);
		assert_non_null(c = console_catalog_load(path));
		assert_string_equal(console_catalog_get(c, "Log in"), "Log in");
		assert_string_equal(console_catalog_get(c, "households"), "户");
		console_catalog_free(c);
	}
	/* not a catalogue; tables beyond the file; no file */
	{
		FILE *f = fopen(path, "wb");
		fputs("this is not a message catalogue at all", f);
		fclose(f);
		assert_null(console_catalog_load(path));
		write_mo(path, pairs, 5, false);
		f = fopen(path, "r+b");
		fseek(f, 8, SEEK_SET);
		fwrite("\x00\x00\x00\x10", 1, 4, f);
		fclose(f);
		assert_null(console_catalog_load(path));
	}
	unlink(path);
	assert_null(console_catalog_load(path));
}

static void languages(void **state)
{
	(void)state;
	assert_string_equal(console_accept_language(NULL), "zh_CN");
	assert_string_equal(console_accept_language(""), "zh_CN");
	assert_string_equal(console_accept_language("en-US,en;q=0.9"), "en");
	assert_string_equal(console_accept_language("zh-CN,zh;q=0.9,en;q=0.8"), "zh_CN");
	assert_string_equal(console_accept_language("en;q=0.5, zh;q=0.8"), "zh_CN");
	assert_string_equal(console_accept_language("fr, en-GB;q=0.7"), "en");
	assert_string_equal(console_accept_language("fr, de"), "zh_CN");
	assert_string_equal(console_accept_language("en;q=0"), "zh_CN");
	assert_string_equal(console_accept_language("english"), "zh_CN");
}

static void sessions(void **state)
{
	static console_sessions t;
	console_session *a, *b, *f;
	char token[CONSOLE_TOKEN_HEX + 1], other[CONSOLE_TOKEN_HEX + 1];
	(void)state;
	memset(&t, 0, sizeof(t));
	t.idle = 1800;
	t.absolute = 36000;
	console_token(token);
	console_token(other);
	assert_int_equal(strlen(token), CONSOLE_TOKEN_HEX);
	assert_string_not_equal(token, other);
	assert_true(console_token_equal(token, token));
	assert_false(console_token_equal(token, other));
	assert_false(console_token_equal(token, NULL));
	assert_false(console_token_equal("", ""));
	assert_false(console_token_equal("abc", "abc"));
	a = console_session_new(&t, "ana", 1000);
	b = console_session_new(&t, "root", 1000);
	assert_string_not_equal(a->token, b->token);
	assert_string_not_equal(a->token, a->csrf);
	snprintf(token, sizeof(token), "%s", a->token);
	assert_int_equal(console_session_find(&t, token, 1500, &f), CONSOLE_SESSION_OK);
	assert_ptr_equal(f, a);
	assert_string_equal(f->user, "ana");
	assert_int_equal(console_session_find(&t, other, 1500, &f), CONSOLE_SESSION_NONE);
	assert_null(f);
	assert_int_equal(console_session_find(&t, NULL, 1500, &f), CONSOLE_SESSION_NONE);
	/* each use moves the idle expiry on; the absolute one stays */
	for (int64_t now = 1500; now < 36000; now += 1700)
		assert_int_equal(console_session_find(&t, token, now, &f), CONSOLE_SESSION_OK);
	assert_int_equal(console_session_find(&t, token, 37000, &f), CONSOLE_SESSION_EXPIRED);
	assert_int_equal(console_session_find(&t, token, 37001, &f), CONSOLE_SESSION_NONE);
	/* idle too long */
	snprintf(token, sizeof(token), "%s", b->token);
	assert_int_equal(console_session_find(&t, token, 1000 + 1800, &f), CONSOLE_SESSION_EXPIRED);
	/* dropped, and every session of a user */
	a = console_session_new(&t, "ana", 5000);
	snprintf(token, sizeof(token), "%s", a->token);
	console_session_drop(&t, a);
	assert_int_equal(console_session_find(&t, token, 5001, &f), CONSOLE_SESSION_NONE);
	a = console_session_new(&t, "ana", 5000);
	b = console_session_new(&t, "ana", 5000);
	snprintf(token, sizeof(token), "%s", b->token);
	console_session_drop_user(&t, "ana");
	assert_false(a->used);
	assert_int_equal(console_session_find(&t, token, 5001, &f), CONSOLE_SESSION_NONE);
	/* a full table: the session idle longest makes room */
	memset(&t, 0, sizeof(t));
	t.idle = 1800;
	t.absolute = 36000;
	for (int i = 0; i < CONSOLE_SESSIONS; i++) {
		char who[16];
		snprintf(who, sizeof(who), "x%d", i);
		console_session_new(&t, who, 100 + i);
	}
	snprintf(token, sizeof(token), "%s", t.s[0].token);
	snprintf(other, sizeof(other), "%s", t.s[1].token);
	console_session_new(&t, "y", 500);
	assert_int_equal(console_session_find(&t, token, 501, &f), CONSOLE_SESSION_NONE);
	assert_int_equal(console_session_find(&t, other, 501, &f), CONSOLE_SESSION_OK);
	/* one account logging in again and again drops only its own */
	memset(&t, 0, sizeof(t));
	t.idle = 1800;
	t.absolute = 36000;
	a = console_session_new(&t, "ana", 100);
	snprintf(other, sizeof(other), "%s", a->token);
	b = console_session_new(&t, "eve", 101);
	snprintf(token, sizeof(token), "%s", b->token);
	for (int i = 0; i < 3 * CONSOLE_SESSIONS; i++)
		console_session_new(&t, "eve", 200 + i);
	assert_int_equal(console_session_find(&t, other, 1000, &f), CONSOLE_SESSION_OK);
	assert_int_equal(console_session_find(&t, token, 1000, &f), CONSOLE_SESSION_NONE);
	{
		size_t eves = 0;
		for (size_t i = 0; i < CONSOLE_SESSIONS; i++)
			eves += t.s[i].used && !strcmp(t.s[i].user, "eve");
		assert_int_equal(eves, CONSOLE_SESSIONS_PER_USER);
	}
}

static void lockouts(void **state)
{
	static console_lockout l;
	(void)state;
	memset(&l, 0, sizeof(l));
	assert_int_equal(console_lockout_wait(&l, "u:ana", 0), 0);
	assert_int_equal(console_lockout_fail(&l, "u:ana", 1000), 0);
	assert_int_equal(console_lockout_fail(&l, "u:ana", 1100), 0);
	assert_int_equal(console_lockout_wait(&l, "u:ana", 1100), 0);
	assert_int_equal(console_lockout_fail(&l, "u:ana", 1200), 1);
	assert_int_equal(console_lockout_wait(&l, "u:ana", 1200), 1000);
	assert_int_equal(console_lockout_wait(&l, "u:ana", 2199), 1);
	assert_int_equal(console_lockout_wait(&l, "u:ana", 2200), 0);
	assert_int_equal(console_lockout_fail(&l, "u:ana", 2300), 2);
	assert_int_equal(console_lockout_wait(&l, "u:ana", 2300), 2000);
	assert_int_equal(console_lockout_fail(&l, "u:ana", 4300), 4);
	/* another key is not held back by ana's failures */
	assert_int_equal(console_lockout_wait(&l, "u:root", 4300), 0);
	assert_int_equal(console_lockout_wait(&l, "a:127.0.0.1", 4300), 0);
	console_lockout_clear(&l, "u:ana");
	assert_int_equal(console_lockout_wait(&l, "u:ana", 4300), 0);
	assert_int_equal(console_lockout_fail(&l, "u:ana", 4400), 0);
	/* a full table forgets the oldest failures first */
	for (int i = 0; i < CONSOLE_LOCKOUT_KEYS + 5; i++) {
		char k[32];
		snprintf(k, sizeof(k), "a:10.0.%d.%d", i / 256, i % 256);
		console_lockout_fail(&l, k, 5000 + i);
		console_lockout_fail(&l, k, 5000 + i);
		console_lockout_fail(&l, k, 5000 + i);
	}
	assert_int_equal(console_lockout_wait(&l, "a:10.0.0.0", 5000), 0);
	assert_true(console_lockout_wait(&l, "a:10.0.4.4", 6028) > 0);
}

static void masks(void **state)
{
	char out[64];
	(void)state;
	console_idnum_masked(out, sizeof(out), "44010619700101001X");
	assert_string_equal(out, "**************001X");
	console_idnum_masked(out, sizeof(out), "123");
	assert_string_equal(out, "123");
	console_idnum_masked(out, sizeof(out), "");
	assert_string_equal(out, "");
	console_idnum_masked(out, 6, "44010619700101001X");
	assert_string_equal(out, "*****");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escaping),  cmocka_unit_test(forms),
		cmocka_unit_test(catalogs),  cmocka_unit_test(languages),
		cmocka_unit_test(sessions),  cmocka_unit_test(lockouts),
		cmocka_unit_test(masks),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("sync_console", tests, NULL, NULL);
}
