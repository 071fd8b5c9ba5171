/* roll.c — the payment roll at a front end: the form asked for, and the
 * roll as text for people (accounts masked: the whole account is only in
 * the roll's files). */
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "tui/labels.h"
#include "tui/i18n.h"
#include "tui/roll.h"
#include "tui/text.h"

ds_status roll_form_check(const roll_form *f, ds_error *err)
{
	int forms = f->json + f->csv + (f->xlsx != NULL);
	if (forms > 1) /* named by the later of the two in the list */
		return ds_fail(err, DS_EUSAGE, f->xlsx ? "--xlsx" : "--csv",
		               N_("give one of --json, --csv and --xlsx"));
	if (f->xlsx && !*f->xlsx)
		return ds_fail(err, DS_EUSAGE, "--xlsx", N_("name the file to write"));
	if (f->encoding && !f->csv)
		return ds_fail(err, DS_EUSAGE, "--encoding", N_("goes with --csv"));
	if (f->encoding && strcmp(f->encoding, "utf-8") && strcmp(f->encoding, "gb18030"))
		return ds_fail(err, DS_EUSAGE, "--encoding", N_("must be utf-8 or gb18030"));
	return DS_OK;
}

static const char *tr(const char *msgid)
{
	return _(msgid);
}

ds_status roll_write(const store_roll *r, const roll_form *f, FILE *out,
                     ds_error *err)
{
	ds_status st;
	if (f->json)
		return store_roll_json(r, out, err);
	if (f->csv)
		return store_roll_csv(r, out,
		                      f->encoding && !strcmp(f->encoding, "gb18030")
		                              ? STORE_ROLL_GB18030
		                              : STORE_ROLL_UTF8,
		                      tr, err);
	if (f->xlsx) {
		char mo[8];
		if ((st = store_roll_xlsx(r, f->xlsx, tr, err)))
			return st;
		core_month_format(r->month, mo);
		fprintf(out, _("The roll of %s written to %s: %lld lines, %lld households.\n"),
		        mo, f->xlsx, (long long)r->county.lines,
		        (long long)r->county.households);
		return DS_OK;
	}
	roll_print(r, f->laptop, out);
	return DS_OK;
}

static void col(FILE *out, const char *s, int width)
{
	char b[256];
	text_fit(b, sizeof(b), s, width, true);
	fprintf(out, "%s ", b);
}

static void col_right(FILE *out, const char *s, int width)
{
	char b[256];
	text_fit_right(b, sizeof(b), s, width);
	fprintf(out, "%s ", b);
}

static void sum_print(FILE *out, const char *label, const store_rollsum *s)
{
	char total[32];
	core_money_format_grouped(s->total, total);
	fprintf(out, _("%s: %lld households, %lld lines, %s yuan"), label,
	        (long long)s->households, (long long)s->lines, total);
	if (s->stopped)
		fprintf(out, _("; %lld stopped this month"), (long long)s->stopped);
	if (s->suspended)
		fprintf(out, _("; %lld suspended"), (long long)s->suspended);
	if (s->no_account)
		fprintf(out, _("; %lld without a payee account"), (long long)s->no_account);
	fputc('\n', out);
}

static const char *area_name(const core_area *a)
{
	return a->code[0] ? a->name : _("(not recorded)");
}

void roll_print(const store_roll *r, bool laptop, FILE *out)
{
	char mo[8], hex[17];
	const char *town = NULL, *village = NULL;
	core_month_format(r->month, mo);
	store_hex(hex, r->hash, 8);
	if (r->issued) {
		char on[11];
		core_date_format(r->issued_on, on);
		fprintf(out, _("Payment roll for %s, issued %s by %s (hash %s…)\n"), mo,
		        on, r->issued_by, hex);
	} else if (laptop) {
		fprintf(out, _("Payment roll for %s of the households on this laptop: what each is owed for the month; the county's roll, the one paid, adds its corrections of months it issued\n"),
		        mo);
	} else {
		fprintf(out, _("Payment roll for %s, not issued: what it would be if issued now\n"),
		        mo);
	}
	for (size_t i = 0; i < r->n; i++) {
		const store_rollrow *w = &r->rows[i];
		char masked[CORE_ACCOUNT_MAX + 8], amount[32], lm[8], kind[64];
		if (!town || strcmp(town, w->township.code)) {
			town = w->township.code;
			village = NULL;
			fprintf(out, "\n%s %s\n", area_name(&w->township), w->township.code);
		}
		if (!village || strcmp(village, w->village.code)) {
			village = w->village.code;
			fprintf(out, "  %s %s\n", area_name(&w->village), w->village.code);
		}
		if (w->payee.account[0])
			snprintf(masked, sizeof(masked), "****%s",
			         w->payee.account + (strlen(w->payee.account) > 4
			                                     ? strlen(w->payee.account) - 4
			                                     : strlen(w->payee.account)));
		else
			snprintf(masked, sizeof(masked), "%s", _("no account"));
		core_money_format_grouped(w->line.amount, amount);
		core_month_format(w->line.month, lm);
		if (w->line.kind == CORE_PAYLINE_WITHDRAWAL)
			snprintf(kind, sizeof(kind), "%s %d/%d",
			         _(core_payline_words(w->line.kind)), w->line.k, w->line.n);
		else
			snprintf(kind, sizeof(kind), "%s", _(core_payline_words(w->line.kind)));
		fputs("    ", out);
		col(out, w->household, 12);
		col(out, w->head, 10);
		col(out, masked, 10);
		col(out, kind, 18);
		col(out, lm, 7);
		col_right(out, amount, 12);
		fputc('\n', out);
	}
	fputc('\n', out);
	for (size_t i = 0; i < r->n_villages; i++) {
		char label[160];
		snprintf(label, sizeof(label), "%s %s", area_name(&r->villages[i].area),
		         r->villages[i].area.code);
		sum_print(out, label, &r->villages[i].sum);
	}
	for (size_t i = 0; i < r->n_townships; i++) {
		char label[160];
		snprintf(label, sizeof(label), "%s %s", area_name(&r->townships[i].area),
		         r->townships[i].area.code);
		sum_print(out, label, &r->townships[i].sum);
	}
	sum_print(out, _("County"), &r->county);
	for (int k = 0; k < CORE_PAYLINE_COUNT; k++) {
		char amount[32];
		if (!r->county.by_kind[k])
			continue;
		core_money_format_grouped(r->county.amount_by_kind[k], amount);
		fprintf(out, "  %s: %lld, %s\n", _(core_payline_words((core_payline_kind)k)),
		        (long long)r->county.by_kind[k], amount);
	}
	/* the same lines by the ladder's class of what each follows */
	for (int c = 0; c <= CORE_CLASS_COUNT; c++) {
		char amount[32];
		if (!r->county.by_class[c])
			continue;
		core_money_format_grouped(r->county.amount_by_class[c], amount);
		fprintf(out,
		        /* L10N: a class of the ladder, its households, its lines
		         * and their amount on the month's roll */
		        _("  %1$s: %2$lld households, %3$lld lines, %4$s\n"),
		        c < CORE_CLASS_COUNT ? label_class(c)
		                             : _("not classified (one-off payments, decisions before the ladder)"),
		        (long long)r->county.households_by_class[c],
		        (long long)r->county.by_class[c], amount);
	}
}

void roll_say_issued(const store_roll *r, bool already, FILE *out)
{
	char mo[8], hex[65], total[32];
	core_month_format(r->month, mo);
	store_hex(hex, r->hash, sizeof(r->hash));
	core_money_format_grouped(r->county.total, total);
	fprintf(out, already ? _("%s was issued already; nothing changed. Its hash: %s; %lld lines, %s yuan.\n")
	                     : _("%s issued: hash %s; %lld lines, %s yuan. It never changes now; later decisions about it come as adjustments in the next month's roll.\n"),
	        mo, hex, (long long)r->county.lines, total);
}
