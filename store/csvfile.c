/* csvfile.c — CSV extracts from other departments: encoding detection and
 * conversion (iconv), records split by libcsv, the line each starts on.
 * The text holds ID numbers: every buffer is wiped before it is freed. */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "store/crypto.h"
#include "store/csvfile.h"

static const unsigned char bom_utf8[] = {0xEF, 0xBB, 0xBF};
static const unsigned char bom_gb18030[] = {0x84, 0x31, 0x95, 0x33};

const char *store_csv_encoding_id(store_csv_encoding e)
{
	return e == STORE_CSV_GB18030 ? "gb18030" : "utf-8";
}

/* The line (from 1) that byte off of s is on. */
static long line_at(const unsigned char *s, size_t off)
{
	long line = 1;
	for (size_t i = 0; i < off; i++)
		line += s[i] == '\n';
	return line;
}

static ds_status fail_at(ds_error *err, const char *name, long line,
                         const char *fmt)
{
	char where[DS_ERR_WHERE];
	snprintf(where, sizeof(where), "%.160s:%ld", name, line);
	return ds_fail(err, DS_EINPUT, where, fmt);
}

/* Offset of the first byte that is not UTF-8, or len. */
static size_t utf8_end(const unsigned char *s, size_t len)
{
	size_t off = 0;
	uint32_t cp;
	while (off < len) {
		size_t n = core_utf8_decode((const char *)s + off, len - off, &cp);
		if (!n)
			break;
		off += n;
	}
	return off;
}

static ds_status from_gb18030(const unsigned char *in, size_t len,
                              const char *name, char **out, size_t *outlen,
                              ds_error *err)
{
	/* A GB18030 character of 1, 2 or 4 bytes is at most 1, 3 or 4 bytes
	 * of UTF-8. */
	size_t cap = len + len / 2 + 8, left = cap - 1, inleft = len;
	char *buf, *op, *ip = (char *)in;
	iconv_t cd;

	if (len > (SIZE_MAX - 8) / 2)
		return ds_fail(err, DS_EINPUT, name, N_("the file is too large"));
	if ((cd = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1)
		return ds_fail(err, DS_ESYSTEM, name,
		               N_("this computer cannot convert GB18030 text (iconv)"));
	if (!(buf = malloc(cap))) {
		iconv_close(cd);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	op = buf;
	if (iconv(cd, &ip, &inleft, &op, &left) == (size_t)-1) {
		long line = line_at(in, (size_t)(ip - (char *)in));
		iconv_close(cd);
		store_wipe(buf, cap);
		free(buf);
		return fail_at(err, name, line,
		               N_("the text is neither UTF-8 nor GB18030"));
	}
	iconv_close(cd);
	*op = '\0';
	*out = buf;
	*outlen = (size_t)(op - buf);
	return DS_OK;
}

ds_status store_csv_decode(const unsigned char *in, size_t len,
                           const char *name, char **out, size_t *outlen,
                           store_csv_encoding *enc, bool *bom, ds_error *err)
{
	char *nul;
	ds_status st;

	*out = NULL;
	*outlen = 0;
	*bom = false;
	*enc = STORE_CSV_UTF8;
	if (!in)
		len = 0;
	if (len >= sizeof(bom_utf8) && !memcmp(in, bom_utf8, sizeof(bom_utf8))) {
		*bom = true;
		in += sizeof(bom_utf8);
		len -= sizeof(bom_utf8);
	} else if (len >= sizeof(bom_gb18030) &&
	           !memcmp(in, bom_gb18030, sizeof(bom_gb18030))) {
		*bom = true;
		*enc = STORE_CSV_GB18030;
		in += sizeof(bom_gb18030);
		len -= sizeof(bom_gb18030);
	} else if (utf8_end(in, len) != len) {
		*enc = STORE_CSV_GB18030;
	}
	if (*enc == STORE_CSV_GB18030) {
		if ((st = from_gb18030(in, len, name, out, outlen, err)))
			return st;
	} else {
		size_t end = utf8_end(in, len);
		if (end != len)
			return fail_at(err, name, line_at(in, end),
			               N_("the file starts with the UTF-8 mark but this line is not UTF-8"));
		if (!(*out = malloc(len + 1)))
			return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		if (len)
			memcpy(*out, in, len);
		(*out)[len] = '\0';
		*outlen = len;
	}
	if ((nul = memchr(*out, 0, *outlen))) {
		long line = line_at((unsigned char *)*out, (size_t)(nul - *out));
		store_wipe(*out, *outlen);
		free(*out);
		*out = NULL;
		*outlen = 0;
		return fail_at(err, name, line,
		               N_("this line holds a NUL byte: the file is not text"));
	}
	return DS_OK;
}

/* ---- records ----------------------------------------------------------------- */

/* libcsv grows its field buffer with realloc: these wipe what they let
 * go of. */
static void *wipe_realloc(void *old, size_t n)
{
	void *p = malloc(n);
	if (!p)
		return NULL;
	if (old) {
		size_t o = malloc_usable_size(old);
		memcpy(p, old, o < n ? o : n);
		store_wipe(old, o);
		free(old);
	}
	return p;
}

static void wipe_free(void *p)
{
	if (p) {
		store_wipe(p, malloc_usable_size(p));
		free(p);
	}
}

typedef struct {
	long start;          /* line the current record starts on */
	bool in_record;
	size_t rec_first;    /* index of its first field */
	bool rec_empty;      /* every field so far empty */
	char *text;          /* field text, each NUL-terminated */
	size_t len, cap;
	size_t *offs;        /* field offsets into text */
	size_t n_offs, cap_offs;
	store_csv_record *recs;
	size_t n_recs, cap_recs;
	bool oom;
} parse_ctx;

static void on_field(void *data, size_t len, void *vctx)
{
	parse_ctx *x = vctx;
	if (x->oom)
		return;
	if (x->len + len + 1 > x->cap) {
		size_t cap = x->cap ? x->cap : 4096;
		char *nb;
		while (cap < x->len + len + 1)
			cap *= 2;
		if (!(nb = malloc(cap))) {
			x->oom = true;
			return;
		}
		if (x->text) {
			memcpy(nb, x->text, x->len);
			store_wipe(x->text, x->cap);
			free(x->text);
		}
		x->text = nb;
		x->cap = cap;
	}
	if (x->n_offs == x->cap_offs) {
		size_t cap = x->cap_offs ? x->cap_offs * 2 : 256;
		size_t *nb = realloc(x->offs, cap * sizeof(*nb));
		if (!nb) {
			x->oom = true;
			return;
		}
		x->offs = nb;
		x->cap_offs = cap;
	}
	if (len) {
		memcpy(x->text + x->len, data, len);
		x->rec_empty = false;
	}
	x->offs[x->n_offs++] = x->len;
	x->len += len;
	x->text[x->len++] = '\0';
}

static void on_record(int term, void *vctx)
{
	parse_ctx *x = vctx;
	(void)term;
	if (x->oom)
		return;
	if (x->rec_empty) {
		/* ",,," and the like: a blank row; its fields are dropped */
		x->n_offs = x->rec_first;
	} else {
		if (x->n_recs == x->cap_recs) {
			size_t cap = x->cap_recs ? x->cap_recs * 2 : 256;
			store_csv_record *nb = realloc(x->recs, cap * sizeof(*nb));
			if (!nb) {
				x->oom = true;
				return;
			}
			x->recs = nb;
			x->cap_recs = cap;
		}
		x->recs[x->n_recs].line = x->start;
		x->recs[x->n_recs].n = x->n_offs - x->rec_first;
		/* fields hold the index of the first field until the end */
		x->recs[x->n_recs].fields = (const char **)(uintptr_t)x->rec_first;
		x->n_recs++;
	}
	x->in_record = false;
	x->rec_first = x->n_offs;
	x->rec_empty = true;
}

/* A line libcsv skips when no record is open: spaces, tabs, line ends. */
static bool blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

/* Where the line starting at s ends: after its LF, or after a CR that no
 * LF follows (old Mac files), or at the end. */
static size_t line_len(const char *s, size_t left)
{
	for (size_t i = 0; i < left; i++) {
		if (s[i] == '\n')
			return i + 1;
		if (s[i] == '\r' && (i + 1 >= left || s[i + 1] != '\n'))
			return i + 1;
	}
	return left;
}

void store_csv_free(store_csv *c)
{
	if (!c)
		return;
	if (c->text) {
		store_wipe(c->text, c->text_len);
		free(c->text);
	}
	free(c->ptrs);
	free(c->records);
	memset(c, 0, sizeof(*c));
}

ds_status store_csv_parse(const unsigned char *data, size_t len,
                          const char *name, store_csv *out, ds_error *err)
{
	struct csv_parser p;
	parse_ctx x;
	char *text = NULL;
	size_t tlen = 0, pos = 0;
	long line = 0;
	ds_status st = DS_OK;
	bool parser = false;

	memset(out, 0, sizeof(*out));
	memset(&x, 0, sizeof(x));
	x.rec_empty = true;
	if ((st = store_csv_decode(data, len, name, &text, &tlen, &out->encoding,
	                           &out->bom, err)))
		return st;
	if (blank_line(text, tlen)) {
		st = ds_fail(err, DS_EINPUT, name, N_("the file is empty"));
		goto out;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	parser = true;
	csv_set_realloc_func(&p, wipe_realloc);
	csv_set_free_func(&p, wipe_free);
	/* Fed a line at a time, so a record's first line is known. */
	while (pos < tlen) {
		size_t n = line_len(text + pos, tlen - pos);
		line++;
		if (!x.in_record && !blank_line(text + pos, n)) {
			x.in_record = true;
			x.start = line;
		}
		if (csv_parse(&p, text + pos, n, on_field, on_record, &x) != n) {
			if (csv_error(&p) == CSV_EPARSE)
				st = fail_at(err, name, line,
				             N_("a quote is out of place: a quoted field starts with a quote, ends with one followed by a comma or the line end, and writes a quote inside as two"));
			else
				st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			goto out;
		}
		if (x.oom) {
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			goto out;
		}
		pos += n;
	}
	if (csv_fini(&p, on_field, on_record, &x) != 0) {
		st = fail_at(err, name, x.start,
		             N_("a quoted field that starts on this line is not closed before the end of the file"));
		goto out;
	}
	if (x.oom) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	if (!x.n_recs) {
		st = ds_fail(err, DS_EINPUT, name, N_("the file is empty"));
		goto out;
	}
	if (!(out->ptrs = malloc((x.n_offs ? x.n_offs : 1) * sizeof(*out->ptrs)))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	for (size_t i = 0; i < x.n_offs; i++)
		out->ptrs[i] = x.text + x.offs[i];
	for (size_t i = 0; i < x.n_recs; i++)
		x.recs[i].fields = out->ptrs + (uintptr_t)x.recs[i].fields;
	out->n_ptrs = x.n_offs;
	out->text = x.text;
	out->text_len = x.cap;
	out->records = x.recs;
	out->n_records = x.n_recs;
	x.text = NULL;
	x.recs = NULL;
out:
	if (parser)
		csv_free(&p);
	if (x.text) {
		store_wipe(x.text, x.cap);
		free(x.text);
	}
	free(x.recs);
	free(x.offs);
	if (text) {
		store_wipe(text, tlen);
		free(text);
	}
	if (st) {
		store_csv_encoding e = out->encoding;
		bool b = out->bom;
		store_csv_free(out);
		out->encoding = e;
		out->bom = b;
	}
	return st;
}
