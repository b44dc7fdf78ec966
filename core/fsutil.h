#ifndef PM_FSUTIL_H
#define PM_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"
#include "error.h"

/*
 * Reading and writing files without surprises.
 *
 * Reads are bounded: a file larger than `max` is refused (PM_ELIMIT)
 * before it is read. Writes are atomic: the bytes go to a temporary file
 * in the same directory, which is fsynced and renamed over the target,
 * and the directory is fsynced, so a crash leaves the old file or the new
 * one, never a mix. Temporary files are named
 * ".<name>.pmgit-tmp.<pid>.<random>" and each write removes those that
 * a killed pmgit left in the directory.
 */

/* Reads `path` into out (replacing its content). PM_ENOTFOUND if absent. */
int pm_read_file(const char *path, size_t max, struct pm_buf *out,
		 struct pm_error *err);
/* Same, refusing symlinks (O_NOFOLLOW). */
int pm_read_file_nofollow(const char *path, size_t max, struct pm_buf *out,
			  struct pm_error *err);

#define PM_WRITE_EXCL 1     /* fail with PM_EEXISTS if the target exists */

/* Atomically writes data to path with `mode` (e.g. 0644, 0600). */
int pm_write_atomic(const char *path, const void *data, size_t len,
		    mode_t mode, int flags, struct pm_error *err);

/* mkdir -p with mode 0777 & ~umask; ok if it exists as a directory. */
int pm_mkdirs(const char *path, struct pm_error *err);
int pm_file_exists(const char *path);
int pm_is_dir(const char *path);

/* Joins a and b with one '/' into out (replacing its content). */
void pm_path_join(struct pm_buf *out, const char *a, const char *b);
/* The final component of path (a pointer into it). */
const char *pm_basename(const char *path);

/*
 * Test hook: when PMGIT_FAULT names a point ("sign:before-index", ...)
 * and this is that point, the process kills itself with SIGKILL. Used by
 * the crash tests to prove every write is atomic.
 */
void pm_fault_point(const char *name);

#endif
