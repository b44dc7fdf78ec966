#ifndef PM_UTF8_H
#define PM_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes one UTF-8 sequence from s[0..len). Returns its length (1..4)
 * and stores the code point in *cp, or returns 0 for an invalid or
 * truncated sequence (overlong forms, surrogates and values above
 * U+10FFFF are invalid), in which case *cp is the lone byte.
 */
size_t pm_utf8_decode(const char *s, size_t len, uint32_t *cp);
/*
 * An invisible bidirectional control (U+202A-U+202E, U+2066-U+2069): it
 * makes text display other than the characters it holds.
 */
static inline int pm_utf8_bidi_control(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}
/* Appends the UTF-8 encoding of cp (at most 4 bytes) to out; returns n. */
size_t pm_utf8_encode(uint32_t cp, char *out);
/* True when all of s[0..len) is valid UTF-8 without NUL bytes. */
int pm_utf8_valid(const char *s, size_t len, size_t *bad_offset);
/* 1-based display column of byte offset `off` in a line: code points. */
size_t pm_utf8_column(const char *line, size_t off);
/* Terminal columns s takes: wide characters and emoji 2, combining marks 0. */
size_t pm_utf8_width(const char *s);

#endif
