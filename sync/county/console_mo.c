/* console_mo.c — translations for the console, per request: gettext's
 * language is one per process and the server answers many requests at
 * once, so the console reads the zh_CN catalogue (a GNU .mo file: a
 * header, then two tables of (length, offset) pairs, the originals
 * sorted) once, and looks a message up by binary search. Also which
 * language a browser asks for. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync/county/console_int.h"

struct console_catalog {
	unsigned char *data;
	size_t len;
	uint32_t n, orig, trans;
	bool swap;
};

#define MO_MAGIC 0x950412deu
#define MO_MAX (16u * 1024 * 1024)

static uint32_t word(const console_catalog *c, size_t at)
{
	const unsigned char *p = c->data + at;
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	             (uint32_t)p[3] << 24;
	if (c->swap)
		v = (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
	return v;
}

/* String i of the table at tab, NULL when it does not lie in the file
 * ended by its NUL. */
static const char *entry(const console_catalog *c, uint32_t tab, uint32_t i)
{
	size_t at = (size_t)tab + (size_t)i * 8;
	uint32_t len, off;
	if (at + 8 > c->len)
		return NULL;
	len = word(c, at);
	off = word(c, at + 4);
	if ((size_t)off + len >= c->len || c->data[(size_t)off + len] != '\0')
		return NULL;
	return (const char *)c->data + off;
}

console_catalog *console_catalog_load(const char *path)
{
	FILE *f = fopen(path, "rb");
	console_catalog *c;
	long size;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 28 || size > (long)MO_MAX ||
	    fseek(f, 0, SEEK_SET) || !(c = calloc(1, sizeof(*c)))) {
		fclose(f);
		return NULL;
	}
	c->len = (size_t)size;
	if (!(c->data = malloc(c->len)) || fread(c->data, 1, c->len, f) != c->len) {
		fclose(f);
		console_catalog_free(c);
		return NULL;
	}
	fclose(f);
	if (word(c, 0) != MO_MAGIC) {
		c->swap = true;
		if (word(c, 0) != MO_MAGIC) {
			console_catalog_free(c);
			return NULL;
		}
	}
	c->n = word(c, 8);
	c->orig = word(c, 12);
	c->trans = word(c, 16);
	if ((size_t)c->orig + (size_t)c->n * 8 > c->len ||
	    (size_t)c->trans + (size_t)c->n * 8 > c->len) {
		console_catalog_free(c);
		return NULL;
	}
	return c;
}

void console_catalog_free(console_catalog *c)
{
	if (!c)
		return;
	free(c->data);
	free(c);
}

const char *console_catalog_get(const console_catalog *c, const char *msgid)
{
	uint32_t lo = 0, hi;
	if (!c || !msgid || !*msgid)
		return msgid;
	hi = c->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *o = entry(c, c->orig, mid);
		int cmp;
		if (!o)
			return msgid;
		cmp = strcmp(msgid, o);
		if (!cmp) {
			const char *t = entry(c, c->trans, mid);
			return t && *t ? t : msgid;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return msgid;
}

/* The q-value of an Accept-Language item ("en-US;q=0.8"): 1000 = 1. */
static int qvalue(const char *item, size_t len)
{
	const char *q = NULL;
	for (size_t i = 0; i + 2 < len; i++)
		if (item[i] == ';' && (item[i + 1] == 'q' || item[i + 1] == 'Q') &&
		    item[i + 2] == '=') {
			q = item + i + 3;
			break;
		}
	if (!q)
		return 1000;
	{
		int v = 0, scale = 1000;
		if (*q == '1')
			return 1000;
		if (*q != '0')
			return 0;
		q++;
		if (*q == '.')
			for (q++; *q >= '0' && *q <= '9' && scale > 1; q++) {
				scale /= 10;
				v += (*q - '0') * scale;
			}
		return v;
	}
}

const char *console_accept_language(const char *header)
{
	int best_en = -1, best_zh = -1;
	const char *p = header;
	while (p && *p) {
		size_t len = strcspn(p, ",");
		size_t tag = strspn(p, " \t");
		const char *t = p + tag;
		int q = qvalue(p, len);
		if (!strncasecmp(t, "en", 2) && (t[2] == '-' || t[2] == ';' || t[2] == ',' ||
		                                 t[2] == ' ' || !t[2]) && q > best_en)
			best_en = q;
		if (!strncasecmp(t, "zh", 2) && q > best_zh)
			best_zh = q;
		p += len;
		if (*p == ',')
			p++;
	}
	return best_en > 0 && best_en > best_zh ? "en" : "zh_CN";
}
