/* text.c — display-column arithmetic over mbrtowc and wcwidth. */
#include "tui/text.h"

#include <stdio.h>
#include <stdbool.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

/* Width of one character; unprintable ones count as one column, since
 * they are shown as a replacement rather than dropped. */
static int char_width(const char *s, size_t len, size_t *bytes)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;
	int w;
	memset(&st, 0, sizeof(st));
	n = mbrtowc(&wc, s, len, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*bytes = 1;
		return 1;
	}
	*bytes = n;
	w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

int text_width(const char *s)
{
	size_t len = strlen(s);
	int w = 0;
	while (len) {
		size_t b;
		w += char_width(s, len, &b);
		s += b;
		len -= b;
	}
	return w;
}

void text_fit(char *out, size_t outlen, const char *s, int width, bool pad)
{
	size_t len = strlen(s), o = 0;
	int w = 0, total = text_width(s);
	int room = total > width ? width - 1 : width; /* leave a column for ~ */
	if (!outlen)
		return;
	while (len) {
		size_t b;
		int cw = char_width(s, len, &b);
		if (w + cw > room || o + b + 1 >= outlen)
			break;
		memcpy(out + o, s, b);
		o += b;
		w += cw;
		s += b;
		len -= b;
	}
	if (total > width && width > 0 && o + 1 < outlen) {
		out[o++] = '~';
		w++;
	}
	while (pad && w < width && o + 1 < outlen) {
		out[o++] = ' ';
		w++;
	}
	out[o] = '\0';
}

void text_fit_right(char *out, size_t outlen, const char *s, int width)
{
	int w = text_width(s);
	size_t o = 0;
	if (!outlen)
		return;
	while (w < width && o + 1 < outlen) {
		out[o++] = ' ';
		w++;
	}
	text_fit(out + o, outlen - o, s, width - (int)o, false);
}

/* Chinese line breaking (GB/T 15834, the kinsoku of CJK typesetting): no
 * line begins with closing punctuation, none ends with an opening one. */
static bool no_line_start(const char *s)
{
	static const char *const closing[] = {
	        "。", "，", "、", "；", "：", "！", "？", "）", "」", "』", "》",
	        "〉", "】", "〕", "”", "’", "．", "…"};
	for (size_t i = 0; i < sizeof(closing) / sizeof(closing[0]); i++)
		if (!strncmp(s, closing[i], strlen(closing[i])))
			return true;
	return false;
}

static bool no_line_end(const char *s)
{
	static const char *const opening[] = {"（", "「", "『", "《", "〈", "【",
	                                      "〔", "“", "‘"};
	for (size_t i = 0; i < sizeof(opening) / sizeof(opening[0]); i++)
		if (!strncmp(s, opening[i], strlen(opening[i])))
			return true;
	return false;
}

/* The start of the character before offset o of s (o > 0). */
static size_t char_before(const char *s, size_t o)
{
	do
		o--;
	while (o && ((unsigned char)s[o] & 0xc0) == 0x80);
	return o;
}

size_t text_wrap(const char *s, int width, const char **next)
{
	size_t len = strlen(s), o = 0, space = 0;
	int w = 0, at_space = 0;
	while (o < len) {
		size_t b;
		int cw = char_width(s + o, len - o, &b);
		if (w + cw > width && o)
			break;
		if (s[o] == ' ' && o) {
			space = o;
			at_space = w;
		}
		o += b;
		w += cw;
	}
	if (o < len && space && at_space * 2 >= width && s[o] != ' ')
		o = space;
	/* a closing mark goes with the character before it to the next
	 * line, an opening one with the character after it (three times at
	 * most, and never leaving the line empty) */
	for (int i = 0; i < 3 && o < len && o; i++) {
		size_t back = char_before(s, o);
		if (no_line_start(s + o) && back)
			o = back;
		else if (no_line_end(s + back) && back)
			o = back;
		else
			break;
	}
	if (next) {
		const char *n = s + o;
		while (*n == ' ' && o < len)
			n++;
		*next = n;
	}
	return o;
}

int text_wrap_rows(const char *s, int width, int indent)
{
	int rows = 0;
	if (indent >= width)
		indent = 0;
	do {
		const char *next;
		text_wrap(s, rows ? width - indent : width, &next);
		s = next;
		rows++;
	} while (*s);
	return rows;
}

void text_mask_id(char *out, size_t outlen, const char *id)
{
	size_t n = strlen(id), o = 0;
	for (size_t i = 0; i < n && o + 1 < outlen; i++)
		out[o++] = i + 4 < n ? '*' : id[i];
	out[o] = '\0';
}

void text_escape_name(char *out, size_t outlen, const char *name)
{
	size_t len = strlen(name), o = 0;
	if (!outlen)
		return;
	while (len) {
		mbstate_t st;
		wchar_t wc;
		size_t n;
		bool plain;
		memset(&st, 0, sizeof(st));
		n = mbrtowc(&wc, name, len, &st);
		plain = n != (size_t)-1 && n != (size_t)-2 && n != 0 && wc != L'\\' &&
		        iswprint((wint_t)wc);
		if (!plain)
			n = n == (size_t)-1 || n == (size_t)-2 || n == 0 ? 1 : n;
		if (o + (plain ? n : 4 * n) + 1 > outlen)
			break;
		if (plain) {
			memcpy(out + o, name, n);
			o += n;
		} else if (*name == '\\') {
			memcpy(out + o, "\\\\", 2);
			o += 2;
		} else {
			for (size_t k = 0; k < n; k++)
				o += (size_t)snprintf(out + o, outlen - o, "\\x%02x",
				                      (unsigned char)name[k]);
		}
		name += n;
		len -= n;
	}
	out[o] = '\0';
}

void text_name_list(char *out, size_t outlen, const char *json_list)
{
	size_t o = 0;
	if (!outlen)
		return;
	for (const char *c = json_list; *c && o + 3 < outlen; c++)
		if (*c == ',') {
			out[o++] = ',';
			out[o++] = ' ';
		} else if (*c != '[' && *c != ']' && *c != '"') {
			out[o++] = *c;
		}
	out[o] = '\0';
}
