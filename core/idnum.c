/* idnum.c — GB 11643-1999 resident ID numbers. */
#include "idnum.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6,
                                3, 7, 9, 10, 5, 8, 4, 2};

/* The province-level codes of GB/T 2260 (the first two digits of every
 * region code), with 81-83 of the residence permits for residents of Hong
 * Kong, Macao and Taiwan (State Council General Office, 2018). */
static const char provinces[][3] = {
	"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
	"35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
	"53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83",
};

bool core_idnum_province_known(const char *id)
{
	for (size_t i = 0; i < sizeof(provinces) / sizeof(provinces[0]); i++)
		if (id[0] == provinces[i][0] && id[1] == provinces[i][1])
			return true;
	return false;
}

char core_idnum_check_char(const char *first17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (first17[i] - '0') * weights[i];
	return "10X98765432"[sum % 11];
}

ds_status core_idnum_parse(const char *s, core_date today,
                           char out[CORE_IDNUM_BUF], const char *field,
                           ds_error *err)
{
	char folded[96], id[96], num[24]; /* num: any size_t */
	size_t n = 0;
	int y, m, d;
	char check;

	if (!s || !*s)
		return ds_fail(err, DS_EINPUT, field, N_("an ID number is needed"));
	if (strlen(s) >= 64 || !core_fold_fullwidth(s, folded, sizeof(folded)))
		return ds_fail(err, DS_EINPUT, field,
		               N_("an ID number has 18 characters: 17 digits and a last digit or X"));
	for (const char *p = folded; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '-')
			continue; /* people group the digits as they read them */
		id[n++] = *p == 'x' ? 'X' : *p;
	}
	id[n] = '\0';

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)id[i];
		/* An X last, wherever that is: with 17 or 19 characters the
		 * length is what is wrong, and the length check says so. */
		bool ok = (c >= '0' && c <= '9') || (i == n - 1 && c == 'X');
		if (!ok) {
			snprintf(num, sizeof(num), "%zu", i + 1);
			if (c >= 0x80)
				return ds_fail(err, DS_EINPUT, field,
				               N_("characters: character %s is not a digit"), num);
			if (c == 'X')
				return ds_fail(err, DS_EINPUT, field,
				               N_("characters: X can only be the last character"));
			return ds_fail(err, DS_EINPUT, field,
			               N_("characters: character %s is not a digit"), num);
		}
	}
	if (n == 15 && id[14] != 'X') /* the old numbers had no X */
		return ds_fail(err, DS_EINPUT, field,
		               N_("this is an old 15-digit number; enter the 18-digit number from the current ID card"));
	if (n != CORE_IDNUM_LEN) {
		snprintf(num, sizeof(num), "%zu", n);
		return ds_fail(err, DS_EINPUT, field,
		               N_("length: an ID number has 18 characters, this has %s"),
		               num);
	}

	if (!core_idnum_province_known(id)) {
		char prov[3] = {id[0], id[1], '\0'};
		return ds_fail(err, DS_EINPUT, field,
		               N_("region: %s is no province's code (GB/T 2260); read the number again from the card"),
		               prov);
	}
	y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 +
	    (id[9] - '0');
	m = (id[10] - '0') * 10 + (id[11] - '0');
	d = (id[12] - '0') * 10 + (id[13] - '0');
	if (!core_date_valid(y, m, d)) {
		char date[9];
		memcpy(date, id + 6, 8);
		date[8] = '\0';
		return ds_fail(err, DS_EINPUT, field,
		               N_("date: birth date %s is not a real date"), date);
	}
	if (today >= 0 && core_date_from_ymd(y, m, d) > today) {
		char date[9];
		memcpy(date, id + 6, 8);
		date[8] = '\0';
		return ds_fail(err, DS_EINPUT, field,
		               N_("date: birth date %s is in the future"), date);
	}
	/* which character would fit is not said: to someone who mistyped
	 * a digit it names a valid number that is not theirs */
	check = core_idnum_check_char(id);
	if (id[17] != check)
		return ds_fail(err, DS_EINPUT, field,
		               N_("the check character does not match: read the number again from the card"));
	memcpy(out, id, CORE_IDNUM_BUF);
	return DS_OK;
}

core_date core_idnum_birth(const char *id)
{
	int y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 +
	        (id[8] - '0') * 10 + (id[9] - '0');
	int m = (id[10] - '0') * 10 + (id[11] - '0');
	int d = (id[12] - '0') * 10 + (id[13] - '0');
	return core_date_from_ymd(y, m, d);
}

core_sex core_idnum_sex(const char *id)
{
	return (id[16] - '0') % 2 ? CORE_SEX_MALE : CORE_SEX_FEMALE;
}

int core_idnum_age(const char *id, core_date on)
{
	int by, bm, bd, y, m, d, age;
	core_date_to_ymd(core_idnum_birth(id), &by, &bm, &bd);
	core_date_to_ymd(on, &y, &m, &d);
	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}
