#ifndef PM_WIRE_H
#define PM_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * The SSH wire encoding (RFC 4251 section 5): big-endian u32 and
 * length-prefixed strings, as used by SSHSIG, OpenSSH key files and the
 * agent protocol.
 *
 * A reader never reads past its end: every getter returns 0 on success
 * and -1 when the input is short, leaving the reader unusable (`bad`
 * set), so a parser can check once at the end.
 */
struct pm_wire {
	const unsigned char *p;
	size_t left;
	int bad;
};

void pm_wire_init(struct pm_wire *r, const void *data, size_t len);
int pm_wire_u8(struct pm_wire *r, uint8_t *v);
int pm_wire_u32(struct pm_wire *r, uint32_t *v);
/* Points *s at the string's bytes inside the input (not copied). */
int pm_wire_string(struct pm_wire *r, const unsigned char **s, size_t *len);
/* Reads a string and checks it equals `want`. */
int pm_wire_expect(struct pm_wire *r, const char *want);
int pm_wire_raw(struct pm_wire *r, const unsigned char **s, size_t len);

void pm_wire_put_u8(struct pm_buf *b, uint8_t v);
void pm_wire_put_u32(struct pm_buf *b, uint32_t v);
void pm_wire_put_string(struct pm_buf *b, const void *s, size_t len);
void pm_wire_put_cstring(struct pm_buf *b, const char *s);

#endif
