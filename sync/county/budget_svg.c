/* budget_svg.c — the budget's chart as SVG: the year's twelve months'
 * outlay, the actual ones solid, the projected ones hatched, with an axis
 * in yuan. Written by `doorstep-county budget --svg FILE` (after the XML
 * declaration) and put inline in the console's budget page. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "sync/county/budget_svg.h"

static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
}

/* A step for the axis in whole yuan: 1, 2 or 5 × 10^k, so that the
 * tallest bar needs at most 5 steps. */
static int64_t axis_step(core_fen max)
{
	int64_t yuan = (max + 99) / 100, step = 1;
	for (;;) {
		if (step * 5 >= yuan)
			return step;
		if (step * 2 * 5 >= yuan)
			return step * 2;
		if (step * 5 * 5 >= yuan)
			return step * 5;
		step *= 10;
	}
}

#define SVG_W 760
#define SVG_H 420
#define SVG_LEFT 110
#define SVG_RIGHT 20
#define SVG_TOP 50
#define SVG_BOTTOM 60

void county_budget_svg(FILE *f, const core_budget_year *y, int year,
                       core_month this_month, store_tr_fn tr)
{
	char title[256], b1[CORE_MONEY_BUF];
	core_fen max = 0;
	int64_t step, top;
	int plot_w = SVG_W - SVG_LEFT - SVG_RIGHT, plot_h = SVG_H - SVG_TOP - SVG_BOTTOM;
	int slot = plot_w / CORE_BUDGET_MONTHS;
	for (int i = 0; i < CORE_BUDGET_MONTHS; i++)
		if (y->amount[i] > max)
			max = y->amount[i];
	step = axis_step(max);
	top = step * (((max + 99) / 100 + step - 1) / step);
	if (top <= 0)
		top = step;
	snprintf(title, sizeof(title), tr(N_("Monthly outlay, %d: actual and projected")),
	         year);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
	        SVG_W, SVG_H, SVG_W, SVG_H);
	fputs("<title>", f);
	xml_text(f, title);
	fputs("</title>\n<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	      "<rect width=\"6\" height=\"6\" fill=\"#dbe7f3\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#2c6aa0\" stroke-width=\"2\"/></pattern></defs>\n"
	      "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n", f);
	fprintf(f, "<text x=\"%d\" y=\"28\" font-size=\"16\" text-anchor=\"middle\">", SVG_W / 2);
	xml_text(f, title);
	fputs("</text>\n", f);
	/* the axis, in yuan */
	for (int64_t t = 0; t <= top; t += step) {
		int yy = SVG_TOP + plot_h - (int)(t * plot_h / top);
		core_money_format_grouped(t * 100, b1);
		if (strlen(b1) > 3 && !strcmp(b1 + strlen(b1) - 3, ".00"))
			b1[strlen(b1) - 3] = '\0';
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#cccccc\"/>"
		           "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
		        SVG_LEFT, yy, SVG_W - SVG_RIGHT, yy, SVG_LEFT - 6, yy + 4, b1);
	}
	fprintf(f, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">",
	        SVG_TOP + plot_h / 2, SVG_TOP + plot_h / 2);
	xml_text(f, tr(N_("yuan a month")));
	fputs("</text>\n", f);
	for (int i = 0; i < CORE_BUDGET_MONTHS; i++) {
		bool act = core_month_make(year, i + 1) <= this_month;
		int h = (int)(y->amount[i] * plot_h / (top * 100));
		int x = SVG_LEFT + i * slot + slot / 6;
		char m[8];
		core_month_format(core_month_make(year, i + 1), m);
		core_money_format_grouped(y->amount[i], b1);
		fprintf(f, "<rect class=\"bar %s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#2c6aa0\">",
		        act ? "actual" : "projected", x, SVG_TOP + plot_h - h,
		        slot * 2 / 3, h, act ? "#2c6aa0" : "url(#hatch)");
		fprintf(f, "<title>%s %s: %s</title></rect>\n", m,
		        act ? tr(N_("actual")) : tr(N_("projected")), b1);
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
		        x + slot / 3, SVG_TOP + plot_h + 18, m + 5);
	}
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000000\"/>\n",
	        SVG_LEFT, SVG_TOP + plot_h, SVG_W - SVG_RIGHT, SVG_TOP + plot_h);
	/* the key */
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"#2c6aa0\"/><text x=\"%d\" y=\"%d\">",
	        SVG_LEFT, SVG_H - 22, SVG_LEFT + 20, SVG_H - 10);
	xml_text(f, tr(N_("actual")));
	fprintf(f, "</text><rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"url(#hatch)\" stroke=\"#2c6aa0\"/><text x=\"%d\" y=\"%d\">",
	        SVG_LEFT + 140, SVG_H - 22, SVG_LEFT + 160, SVG_H - 10);
	xml_text(f, tr(N_("projected")));
	fputs("</text>\n</svg>\n", f);
}
