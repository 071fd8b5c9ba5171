/* letter_pdf.c — the decision letter as an A4 PDF: laid out with Pango
 * (lines broken by the rules of the letter's language, so a Chinese line
 * never begins with closing punctuation) on Cairo's PDF surface, in the
 * Noto CJK fonts of Debian's fonts-noto-cjk. Written into memory; the
 * caller writes the file atomically. */
#include "tui/letter.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/crypto.h"
#include "tui/i18n.h"

/* A4 in points, and the margins (25 mm). */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN 70.866

typedef struct {
	unsigned char *data;
	size_t len, cap;
	bool failed;
} sink;

static cairo_status_t sink_write(void *closure, const unsigned char *data,
                                 unsigned int length)
{
	sink *k = closure;
	if (k->len + length > k->cap) {
		size_t cap = k->cap ? k->cap : 65536;
		unsigned char *d;
		while (cap < k->len + length)
			cap *= 2;
		/* grown by hand: the old block is wiped before it is freed */
		if (!(d = malloc(cap))) {
			k->failed = true;
			return CAIRO_STATUS_WRITE_ERROR;
		}
		if (k->data) {
			memcpy(d, k->data, k->len);
			store_wipe(k->data, k->cap);
			free(k->data);
		}
		k->data = d;
		k->cap = cap;
	}
	memcpy(k->data + k->len, data, length);
	k->len += length;
	return CAIRO_STATUS_SUCCESS;
}

typedef struct {
	cairo_t *cr;
	PangoLanguage *lang;
	double y;
	int page;
} pdf_ctx;

static const char *font_for(letter_style s)
{
	switch (s) {
	case LETTER_AUTHORITY:
		return "Noto Sans CJK SC Bold 17";
	case LETTER_TITLE:
		return "Noto Sans CJK SC Bold 15";
	case LETTER_HEADING:
		return "Noto Sans CJK SC Bold 11.5";
	default:
		return "Noto Serif CJK SC 11";
	}
}

/* The page's number, centred at its foot: "— 1 —". */
static void footer(pdf_ctx *x)
{
	PangoLayout *lay = pango_cairo_create_layout(x->cr);
	PangoFontDescription *fd =
	        pango_font_description_from_string("Noto Serif CJK SC 9");
	char n[32];
	int w, h;
	snprintf(n, sizeof(n), "— %d —", x->page);
	pango_layout_set_font_description(lay, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(lay, n, -1);
	pango_layout_get_pixel_size(lay, &w, &h);
	cairo_move_to(x->cr, (PAGE_W - w) / 2, PAGE_H - MARGIN / 2 - h);
	pango_cairo_show_layout(x->cr, lay);
	g_object_unref(lay);
}

static void pdf_emit(void *c, letter_style style, const char *text)
{
	pdf_ctx *x = c;
	PangoLayout *lay;
	PangoFontDescription *fd;
	double indent = style == LETTER_ITEM ? 18.0 : 0.0;
	double width = PAGE_W - 2 * MARGIN - indent;
	double before = style == LETTER_HEADING ? 10.0 : 3.0;
	int w, h;
	if (style == LETTER_GAP) {
		x->y += 10.0;
		return;
	}
	lay = pango_cairo_create_layout(x->cr);
	pango_context_set_language(pango_layout_get_context(lay), x->lang);
	pango_layout_context_changed(lay);
	fd = pango_font_description_from_string(font_for(style));
	pango_layout_set_font_description(lay, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(lay, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_spacing(lay, 3 * PANGO_SCALE);
	if (style == LETTER_AUTHORITY || style == LETTER_TITLE)
		pango_layout_set_alignment(lay, PANGO_ALIGN_CENTER);
	else if (style == LETTER_DOCNO || style == LETTER_RIGHT)
		pango_layout_set_alignment(lay, PANGO_ALIGN_RIGHT);
	pango_layout_set_text(lay, text, -1);
	pango_layout_get_pixel_size(lay, &w, &h);
	(void)w;
	if (x->y + before + h > PAGE_H - MARGIN && x->y > MARGIN) {
		footer(x);
		cairo_show_page(x->cr);
		x->page++;
		x->y = MARGIN;
	} else {
		x->y += before;
	}
	cairo_move_to(x->cr, MARGIN + indent, x->y);
	pango_cairo_show_layout(x->cr, lay);
	x->y += h;
	if (style == LETTER_TITLE)
		x->y += 6.0;
	g_object_unref(lay);
}

/* The font caches Pango, cairo and fontconfig keep for the life of the
 * process, given back once the letter is laid out: nothing of it stays
 * (and a leak checker sees none); the next letter builds them again. */
static void release_fonts(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}

ds_status letter_pdf(const letter *L, unsigned char **out, size_t *len,
                     ds_error *err)
{
	sink k = {0};
	cairo_surface_t *surf;
	cairo_status_t cs;
	pdf_ctx x = {0};
	*out = NULL;
	*len = 0;
	surf = cairo_pdf_surface_create_for_stream(sink_write, &k, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, L->title);
	x.cr = cairo_create(surf);
	x.lang = pango_language_from_string(
	        strncmp(i18n_lang(), "zh", 2) == 0 ? "zh-cn" : "en");
	x.y = MARGIN;
	x.page = 1;
	cairo_set_source_rgb(x.cr, 0, 0, 0);
	letter_walk(L, pdf_emit, &x);
	footer(&x);
	cairo_destroy(x.cr);
	cairo_surface_finish(surf);
	cs = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	release_fonts();
	if (cs != CAIRO_STATUS_SUCCESS || k.failed) {
		if (k.data) {
			store_wipe(k.data, k.cap);
			free(k.data);
		}
		return ds_fail(err, DS_ESYSTEM, "",
		               N_("the letter could not be laid out as a PDF: %s"),
		               cairo_status_to_string(cs));
	}
	*out = k.data;
	*len = k.len;
	return DS_OK;
}
