/* console_html.c — the console's pure text helpers: a growing buffer,
 * HTML escaping and a formatter that escapes every value, URL encoding,
 * form bodies decoded, and how IDs, money and times are shown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/money.h"
#include "sync/county/console_int.h"

void console_buf_add(console_buf *b, const char *s, size_t n)
{
	if (b->nomem)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t nc = b->cap ? b->cap : 4096;
		char *np;
		while (nc < b->len + n + 1)
			nc *= 2;
		if (!(np = realloc(b->p, nc))) {
			b->nomem = true;
			return;
		}
		b->p = np;
		b->cap = nc;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void console_buf_free(console_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

void console_buf_escape(console_buf *b, const char *s)
{
	const char *run = s;
	for (; s && *s; s++) {
		const char *ent = NULL;
		switch (*s) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: continue;
		}
		console_buf_add(b, run, (size_t)(s - run));
		console_buf_add(b, ent, strlen(ent));
		run = s + 1;
	}
	if (run)
		console_buf_add(b, run, strlen(run));
}

void console_buf_urlencode(console_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
			console_buf_add(b, (const char *)&c, 1);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			console_buf_add(b, e, 3);
		}
	}
}

void console_buf_vhtml(console_buf *b, const char *fmt, va_list ap)
{
	const char *run = fmt;
	char num[32];
	for (const char *f = fmt; *f; f++) {
		if (*f != '%')
			continue;
		console_buf_add(b, run, (size_t)(f - run));
		f++;
		if (*f == 's') {
			console_buf_escape(b, va_arg(ap, const char *));
		} else if (*f == 'u') {
			console_buf enc = {0};
			console_buf_urlencode(&enc, va_arg(ap, const char *));
			console_buf_escape(b, enc.p ? enc.p : "");
			b->nomem = b->nomem || enc.nomem;
			console_buf_free(&enc);
		} else if (*f == 'r') {
			const char *r = va_arg(ap, const char *);
			if (r)
				console_buf_add(b, r, strlen(r));
		} else if (*f == 'd') {
			snprintf(num, sizeof(num), "%d", va_arg(ap, int));
			console_buf_add(b, num, strlen(num));
		} else if (f[0] == 'l' && f[1] == 'd') {
			snprintf(num, sizeof(num), "%ld", va_arg(ap, long));
			console_buf_add(b, num, strlen(num));
			f++;
		} else if (f[0] == 'l' && f[1] == 'l' && f[2] == 'd') {
			snprintf(num, sizeof(num), "%lld", va_arg(ap, long long));
			console_buf_add(b, num, strlen(num));
			f += 2;
		} else if (f[0] == 'z' && f[1] == 'u') {
			snprintf(num, sizeof(num), "%zu", va_arg(ap, size_t));
			console_buf_add(b, num, strlen(num));
			f++;
		} else if (*f == '%') {
			console_buf_add(b, "%", 1);
		} else {
			/* an unknown conversion: a programming error, shown */
			console_buf_add(b, "%?", 2);
			if (!*f)
				return;
		}
		run = f + 1;
	}
	console_buf_add(b, run, strlen(run));
}

void console_buf_html(console_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	console_buf_vhtml(b, fmt, ap);
	va_end(ap);
}

/* ---- forms ---------------------------------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes n bytes (+ as space, %XX); NULL when out of memory or not
 * clean UTF-8 text. */
static char *decode(const char *s, size_t n)
{
	char *out = malloc(n + 1);
	size_t o = 0;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		int h, l;
		if (s[i] == '+')
			out[o++] = ' ';
		else if (s[i] == '%' && i + 2 < n && (h = hexval(s[i + 1])) >= 0 &&
		         (l = hexval(s[i + 2])) >= 0) {
			out[o++] = (char)(h * 16 + l);
			i += 2;
		} else
			out[o++] = s[i];
	}
	out[o] = '\0';
	/* text only: valid UTF-8, no control characters but tab and newline */
	for (size_t i = 0; i < o;) {
		unsigned char c = (unsigned char)out[i];
		size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
		           : (c >> 3) == 30 ? 4 : 0;
		/* C0, C1 only begin overlong forms (of < > " among others),
		 * F5 and above nothing */
		if (!len || i + len > o || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    c == 0x7f || c == 0xc0 || c == 0xc1 || c >= 0xf5) {
			free(out);
			return NULL;
		}
		for (size_t k = 1; k < len; k++)
			if (((unsigned char)out[i + k] >> 6) != 2) {
				free(out);
				return NULL;
			}
		i += len;
	}
	return out;
}

bool console_form_parse(const char *body, size_t len, console_kv **kv, size_t *n)
{
	size_t i = 0;
	*kv = NULL;
	*n = 0;
	while (i < len) {
		size_t end = i, eq;
		console_kv *nk;
		while (end < len && body[end] != '&')
			end++;
		for (eq = i; eq < end && body[eq] != '='; eq++)
			;
		if (end > i) {
			if (!(nk = realloc(*kv, (*n + 1) * sizeof(**kv))))
				goto fail;
			*kv = nk;
			nk[*n].name = decode(body + i, eq - i);
			nk[*n].value = decode(body + (eq < end ? eq + 1 : end),
			                      eq < end ? end - eq - 1 : 0);
			(*n)++;
			if (!nk[*n - 1].name || !nk[*n - 1].value)
				goto fail;
		}
		i = end + 1;
	}
	return true;
fail:
	console_form_free(*kv, *n);
	*kv = NULL;
	*n = 0;
	return false;
}

void console_form_free(console_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].name);
		free(kv[i].value);
	}
	free(kv);
}

const char *console_kv_get(const console_kv *kv, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(kv[i].name, name))
			return kv[i].value;
	return NULL;
}

/* ---- how values are shown -------------------------------------------------- */

void console_idnum_masked(char *out, size_t len, const char *id)
{
	/* as the laptop's screen shows it (tui/text.c): the last four */
	size_t n = id ? strlen(id) : 0, o = 0;
	if (!len)
		return;
	for (size_t i = 0; i < n && o + 1 < len; i++)
		out[o++] = i + 4 < n ? '*' : id[i];
	out[o] = '\0';
}

void console_money(char out[32], int64_t fen)
{
	core_money_format_grouped((core_fen)fen, out);
}

void console_time_ms(char *out, size_t len, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!ms || !localtime_r(&t, &tm)) {
		snprintf(out, len, "-");
		return;
	}
	strftime(out, len, "%Y-%m-%d %H:%M", &tm);
}
