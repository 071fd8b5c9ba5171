/* money.c — parsing and formatting amounts in fen. */
#include "money.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

static bool strip_prefix(char **p, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(*p, prefix, n) != 0)
		return false;
	*p += n;
	return true;
}

static bool strip_suffix(char *p, const char *suffix)
{
	size_t n = strlen(p), m = strlen(suffix);
	if (n < m || strcmp(p + n - m, suffix) != 0)
		return false;
	p[n - m] = '\0';
	return true;
}

ds_status core_money_parse(const char *s, bool allow_negative, core_fen *out,
                           const char *field, ds_error *err)
{
	char buf[96], *p;
	bool neg = false, seen_digit = false, seen_comma = false;
	core_fen yuan = 0, fen = 0;
	int group = 0, decimals = 0;

	if (!s || !*s)
		return ds_fail(err, DS_EINPUT, field, N_("an amount is needed"));
	if (strlen(s) >= sizeof(buf) / 2 ||
	    !core_fold_fullwidth(s, buf, sizeof(buf)))
		return ds_fail(err, DS_EINPUT, field,
		               N_("not an amount of money: %s"), s);
	p = core_trim(buf);
	if (*p == '-') {
		neg = true;
		p++;
	} else if (*p == '+') {
		p++;
	}
	(void)(strip_prefix(&p, "\xC2\xA5") || strip_prefix(&p, "\xEF\xBF\xA5"));
	(void)strip_suffix(p, "\xE5\x85\x83"); /* 元 */
	core_trim(p);

	for (; *p && *p != '.'; p++) {
		if (*p == ',') {
			/* Thousands separators: 1-3 digits first, then threes. */
			if (!seen_digit || (seen_comma ? group != 3 : group > 3))
				return ds_fail(err, DS_EINPUT, field,
				               N_("misplaced comma in %s"), s);
			seen_comma = true;
			group = 0;
			continue;
		}
		if (*p < '0' || *p > '9')
			return ds_fail(err, DS_EINPUT, field,
			               N_("not an amount of money: %s"), s);
		seen_digit = true;
		group++;
		yuan = yuan * 10 + (*p - '0');
		if (yuan > CORE_MONEY_MAX / 100)
			return ds_fail(err, DS_EINPUT, field,
			               N_("%s is too large an amount"), s);
	}
	if (seen_comma && group != 3)
		return ds_fail(err, DS_EINPUT, field, N_("misplaced comma in %s"), s);
	if (*p == '.') {
		p++;
		for (; *p; p++) {
			if (*p < '0' || *p > '9')
				return ds_fail(err, DS_EINPUT, field,
				               N_("not an amount of money: %s"), s);
			if (++decimals > 2)
				return ds_fail(err, DS_EINPUT, field,
				               N_("%s has more than two decimals; amounts are in yuan and fen"),
				               s);
			fen = fen * 10 + (*p - '0');
		}
		if (!decimals && !seen_digit)
			return ds_fail(err, DS_EINPUT, field,
			               N_("not an amount of money: %s"), s);
	}
	if (!seen_digit && !decimals)
		return ds_fail(err, DS_EINPUT, field,
		               N_("not an amount of money: %s"), s);
	if (decimals == 1)
		fen *= 10;
	fen += yuan * 100;
	if (fen > CORE_MONEY_MAX)
		return ds_fail(err, DS_EINPUT, field,
		               N_("%s is too large an amount"), s);
	if (neg && fen != 0 && !allow_negative)
		return ds_fail(err, DS_EINPUT, field,
		               N_("%s is negative; the amount cannot be below zero"), s);
	*out = neg ? -fen : fen;
	return DS_OK;
}

void core_money_format(core_fen fen, char *buf)
{
	/* Avoid negating INT64_MIN: format the magnitude as unsigned. */
	unsigned long long mag = fen < 0 ? 0ULL - (unsigned long long)fen
	                                 : (unsigned long long)fen;
	unsigned long long yuan = mag / 100;
	unsigned cents = (unsigned)(mag % 100);
	char digits[24];
	int n = 0;
	/* By hand, not snprintf: an assessment formats some 25 amounts, and
	 * assess --all formats them for every household. At most 21 bytes. */
	do {
		digits[n++] = (char)('0' + yuan % 10);
		yuan /= 10;
	} while (yuan);
	if (fen < 0)
		*buf++ = '-';
	while (n)
		*buf++ = digits[--n];
	*buf++ = '.';
	*buf++ = (char)('0' + cents / 10);
	*buf++ = (char)('0' + cents % 10);
	*buf = '\0';
}

void core_money_format_grouped(core_fen fen, char *buf)
{
	char plain[CORE_MONEY_BUF], *dot;
	const char *digits;
	size_t n, o = 0;
	core_money_format(fen, plain);
	digits = plain[0] == '-' ? plain + 1 : plain;
	dot = strchr(plain, '.');
	n = (size_t)(dot - digits);
	if (plain[0] == '-')
		buf[o++] = '-';
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	snprintf(buf + o, CORE_MONEY_BUF - o, "%s", dot);
}

core_fen core_money_ceil_yuan(core_fen fen)
{
	if (fen >= 0)
		return (fen + 99) / 100 * 100;
	return fen / 100 * 100; /* C truncates towards zero: a ceiling here */
}
