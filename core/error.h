#ifndef PM_ERROR_H
#define PM_ERROR_H

#include "buf.h"

/*
 * core/ functions return 0 on success or one of these negative codes, and
 * describe the failure in a caller-owned struct pm_error. The message
 * names the file (and line, where there is one) and says what to do; it
 * has no "error: " prefix and no final period, cmd/ adds the prefix.
 */
enum pm_code {
	PM_OK = 0,
	PM_ERROR = -1,     /* could not run: an unexpected failure */
	PM_EUSAGE = -2,    /* the caller asked for something malformed */
	PM_ENOTFOUND = -3, /* a file, key, slot or person that is not there */
	PM_EEXISTS = -4,   /* refusing to overwrite */
	PM_EFORMAT = -5,   /* a file pmgit reads is corrupt */
	PM_EKEY = -6,      /* a key cannot be used (permissions, passphrase) */
	PM_EIO = -7,       /* the operating system said no */
	PM_ENOREPO = -8,   /* no git repository, or no .pmgit/ in it */
	PM_EREJECT = -9,   /* the document or change breaks a rule */
	PM_ELIMIT = -10,   /* input larger or deeper than pmgit accepts */
};

struct pm_error {
	int code;
	struct pm_buf msg;
};

#define PM_ERROR_INIT { 0, PM_BUF_INIT }

/* Records `code` and the formatted message, replacing any earlier one. */
int pm_error_set(struct pm_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prepends "context: " to an existing message; returns err->code. */
int pm_error_prefix(struct pm_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void pm_error_clear(struct pm_error *err);
void pm_error_release(struct pm_error *err);

#endif
