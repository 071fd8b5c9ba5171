/* status.c — status codes, their exit statuses, and error details. */
#include "status.h"

#include <stdio.h>
#include <string.h>

static const int exit_codes[] = {
#define DS_STATUS_EXIT(name, code, msg) code,
	DS_STATUS_LIST(DS_STATUS_EXIT)
#undef DS_STATUS_EXIT
};

static const char *const messages[] = {
#define DS_STATUS_MSG(name, code, msg) msg,
	DS_STATUS_LIST(DS_STATUS_MSG)
#undef DS_STATUS_MSG
};

int ds_status_exit(ds_status st)
{
	if ((unsigned)st >= DS_STATUS_COUNT)
		return 7;
	return exit_codes[st];
}

const char *ds_status_message(ds_status st)
{
	if ((unsigned)st >= DS_STATUS_COUNT)
		return messages[DS_ESYSTEM];
	return messages[st];
}

static void copy_str(char *dst, size_t len, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n >= len) {
		/* Never cut a UTF-8 sequence in half. */
		n = len - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

ds_status ds_fail_(ds_error *err, ds_status st, const char *where,
                   const char *const *fmt_and_args)
{
	if (!err)
		return st;
	memset(err, 0, sizeof(*err));
	err->status = st;
	copy_str(err->where, sizeof(err->where), where);
	err->fmt = fmt_and_args[0];
	for (int i = 0; i < DS_ERR_ARGS && fmt_and_args[i] && fmt_and_args[i + 1];
	     i++)
		copy_str(err->arg[i], sizeof(err->arg[i]), fmt_and_args[i + 1]);
	return st;
}

void ds_error_prefix(ds_error *err, const char *prefix)
{
	char tmp[2 * DS_ERR_WHERE + 2];
	if (!err || !prefix || !*prefix)
		return;
	if (!err->where[0])
		snprintf(tmp, sizeof(tmp), "%s", prefix);
	else if (err->where[0] == '[')
		snprintf(tmp, sizeof(tmp), "%s%s", prefix, err->where);
	else
		snprintf(tmp, sizeof(tmp), "%s.%s", prefix, err->where);
	copy_str(err->where, sizeof(err->where), tmp);
}

void ds_error_clear(ds_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

void ds_error_format(const ds_error *err, char *buf, size_t len,
                     const char *(*translate)(const char *))
{
	const char *fmt;
	char msg[DS_ERR_ARGS * DS_ERR_ARG + 512]; /* every argument, and the text */
	if (!len)
		return;
	fmt = err->fmt ? err->fmt : ds_status_message(err->status);
	if (translate)
		fmt = translate(fmt);
	/* Formats are our own N_() strings (and their translations), each
	 * taking at most three %s; the extra arguments are ignored. */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
	snprintf(msg, sizeof(msg), fmt, err->arg[0], err->arg[1], err->arg[2]);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
	if (err->where[0])
		snprintf(buf, len, "%s: %s", err->where, msg);
	else
		snprintf(buf, len, "%s", msg);
}
