/* text.h — measuring and fitting UTF-8 text in display columns (a Chinese
 * character takes two), never bytes; truncation never splits a character. */
#ifndef TUI_TEXT_H
#define TUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Display columns of s. */
int text_width(const char *s);

/* Copies s into out, cut to at most width columns (a "~" marks a cut) and,
 * when pad, filled with spaces to exactly width columns. */
void text_fit(char *out, size_t outlen, const char *s, int width, bool pad);

/* The same, aligned right. */
void text_fit_right(char *out, size_t outlen, const char *s, int width);

/* Wrapping: how many bytes of s make its first line of at most width
 * columns, broken after a space when one falls in the second half of the
 * line (Chinese has none: it breaks between characters, but no line
 * begins with closing punctuation such as 。，） or ends with an opening
 * one such as （), never inside a character, and at least one character. *next receives where the next
 * line starts (spaces at the break skipped). */
size_t text_wrap(const char *s, int width, const char **next);

/* How many lines of width columns s takes when wrapped with an indent of
 * `indent` columns on every line after the first. */
int text_wrap_rows(const char *s, int width, int indent);

/* "**************002X": all but the last four characters hidden. */
void text_mask_id(char *out, size_t outlen, const char *id);

/* A file name someone else chose (a USB stick's), safe to print on one
 * line: a byte that is not part of a printable character (a newline, an
 * escape, invalid UTF-8) becomes \xNN and a backslash \\; cut whole when
 * out is too small. */
void text_escape_name(char *out, size_t outlen, const char *name);

/* A JSON list of names as words: ["address","assets"] as "address, assets". */
void text_name_list(char *out, size_t outlen, const char *json_list);

#endif
