/* text.h — UTF-8 checks and the folding of full-width forms that people
 * type on Chinese input methods (１２３, Ｘ, ．, ，) into ASCII. */
#ifndef CORE_TEXT_H
#define CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s (len bytes available); returns its length in
 * bytes, or 0 when the bytes are not valid UTF-8. */
size_t core_utf8_decode(const char *s, size_t len, uint32_t *cp);
bool core_utf8_valid(const char *s, size_t len);
/* Number of code points (s must be valid UTF-8). */
size_t core_utf8_count(const char *s);

/* Copies s to out with full-width ASCII forms (U+FF01..U+FF5E) and the
 * ideographic space (U+3000) folded to ASCII, and the yen/yuan signs kept.
 * Returns false if s is not valid UTF-8 or out is too small. */
bool core_fold_fullwidth(const char *s, char *out, size_t outlen);

/* The length of a UTF-8 byte order mark (EF BB BF) at the start of s: 3,
 * or 0. Windows editors (Notepad) start a file with one; a reader skips
 * it there, and only there: anywhere else it is a character like any
 * other. */
size_t core_utf8_bom(const char *s, size_t len);

/* Trims ASCII white space at both ends, in place; returns s. */
char *core_trim(char *s);

/* True when s (valid UTF-8) holds a control character (C0, DEL, C1). */
bool core_has_control(const char *s);

/* Whether s is one or more ASCII digits and nothing else. */
bool core_all_digits(const char *s);

#endif
