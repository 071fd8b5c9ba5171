/* text.c — UTF-8 decoding and full-width folding. */
#include "text.h"

#include <string.h>

size_t core_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t n;
	if (!len)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

bool core_utf8_valid(const char *s, size_t len)
{
	uint32_t cp;
	while (len) {
		size_t n;
		if ((unsigned char)*s < 0x80) { /* most text: no call a byte */
			s++;
			len--;
			continue;
		}
		n = core_utf8_decode(s, len, &cp);
		if (!n)
			return false;
		s += n;
		len -= n;
	}
	return true;
}

size_t core_utf8_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

bool core_fold_fullwidth(const char *s, char *out, size_t outlen)
{
	size_t len = strlen(s), o = 0;
	uint32_t cp;
	while (len) {
		size_t n = core_utf8_decode(s, len, &cp);
		if (!n)
			return false;
		if (cp >= 0xFF01 && cp <= 0xFF5E) {
			if (o + 1 >= outlen)
				return false;
			out[o++] = (char)(cp - 0xFF01 + 0x21);
		} else if (cp == 0x3000) {
			if (o + 1 >= outlen)
				return false;
			out[o++] = ' ';
		} else {
			if (o + n >= outlen)
				return false;
			memcpy(out + o, s, n);
			o += n;
		}
		s += n;
		len -= n;
	}
	if (o >= outlen)
		return false;
	out[o] = '\0';
	return true;
}

size_t core_utf8_bom(const char *s, size_t len)
{
	return s && len >= 3 && (unsigned char)s[0] == 0xEF &&
	               (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF
	       ? 3
	       : 0;
}

char *core_trim(char *s)
{
	size_t n = strlen(s), i = 0;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
	             s[n - 1] == '\r'))
		s[--n] = '\0';
	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
		i++;
	if (i)
		memmove(s, s + i, n - i + 1);
	return s;
}

bool core_has_control(const char *s)
{
	size_t len = strlen(s);
	uint32_t cp;
	while (len) {
		size_t n = core_utf8_decode(s, len, &cp);
		if (!n)
			return true;
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			return true;
		s += n;
		len -= n;
	}
	return false;
}

bool core_all_digits(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}
