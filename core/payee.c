/* payee.c — a payee's bank account: the Luhn check digit and the masked
 * form shown on screens and in reports other than the payment roll. */
#include <string.h>

#include "core/payee.h"
#include "core/text.h"

/* The Luhn sum of digits, doubling every second digit from the right
 * beginning with the rightmost when doubled_first. */
static int luhn_sum(const char *digits, bool doubled_first)
{
	size_t n = strlen(digits);
	int sum = 0;
	bool dbl = doubled_first;
	for (size_t i = n; i-- > 0; dbl = !dbl) {
		int d = digits[i] - '0';
		if (dbl && (d *= 2) > 9)
			d -= 9;
		sum += d;
	}
	return sum;
}

bool core_account_luhn_ok(const char *digits)
{
	if (!digits || strlen(digits) < 2 || !core_all_digits(digits))
		return false;
	return luhn_sum(digits, false) % 10 == 0;
}

char core_account_luhn_digit(const char *digits)
{
	if (!digits || !core_all_digits(digits))
		return '\0';
	return (char)('0' + (10 - luhn_sum(digits, true) % 10) % 10);
}

void core_account_mask(const char *account, char *out, size_t len)
{
	size_t n, o = 0;
	if (!len)
		return;
	n = account ? strlen(account) : 0;
	for (size_t i = 0; i < n && o + 1 < len; i++) {
		size_t left = n - i; /* digits from here to the end */
		if (i && left % 4 == 0) {
			out[o++] = ' ';
			if (o + 1 >= len)
				break;
		}
		out[o++] = left <= 4 && n > 4 ? account[i] : '*';
	}
	out[o] = '\0';
}

bool core_payee_account_doubtful(const core_payee *p)
{
	return p->account[0] && !core_account_luhn_ok(p->account);
}
