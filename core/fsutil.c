#include "fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "banned.h"

static int read_fd(int fd, const char *path, size_t max, struct pm_buf *out,
		   struct pm_error *err)
{
	struct stat st;

	pm_buf_reset(out);
	if (fstat(fd, &st) < 0)
		return pm_error_set(err, PM_EIO, "cannot stat '%s': %s", path,
				    strerror(errno));
	if (S_ISDIR(st.st_mode))
		return pm_error_set(err, PM_EIO, "'%s' is a directory, not a file",
				    path);
	if ((size_t)st.st_size > max)
		return pm_error_set(err, PM_ELIMIT,
				    "'%s' is %lld bytes, more than the %zu pmgit reads",
				    path, (long long)st.st_size, max);
	/* the size is known: one allocation of the right size, then read */
	pm_buf_grow(out, (size_t)st.st_size + 1);
	for (;;) {
		ssize_t n;

		if (out->alloc - out->len < 2)
			pm_buf_grow(out, 4096); /* the file grew while we read it */
		n = read(fd, out->ptr + out->len, out->alloc - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return pm_error_set(err, PM_EIO, "cannot read '%s': %s",
					    path, strerror(errno));
		if (n == 0)
			break;
		pm_buf_setlen(out, out->len + (size_t)n);
		if (out->len > max)
			return pm_error_set(err, PM_ELIMIT,
					    "'%s' is larger than the %zu bytes pmgit reads",
					    path, max);
	}
	return 0;
}

static int read_path(const char *path, size_t max, struct pm_buf *out,
		     int flags, struct pm_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | flags);
	int ret;

	if (fd < 0) {
		if (errno == ENOENT)
			return pm_error_set(err, PM_ENOTFOUND, "'%s' does not exist",
					    path);
		if (errno == ELOOP)
			return pm_error_set(err, PM_EREJECT,
					    "'%s' is a symbolic link; pmgit does not follow links here",
					    path);
		return pm_error_set(err, PM_EIO, "cannot open '%s': %s", path,
				    strerror(errno));
	}
	ret = read_fd(fd, path, max, out, err);
	close(fd);
	return ret;
}

int pm_read_file(const char *path, size_t max, struct pm_buf *out,
		 struct pm_error *err)
{
	return read_path(path, max, out, 0, err);
}

int pm_read_file_nofollow(const char *path, size_t max, struct pm_buf *out,
			  struct pm_error *err)
{
	return read_path(path, max, out, O_NOFOLLOW, err);
}

void pm_path_join(struct pm_buf *out, const char *a, const char *b)
{
	pm_buf_reset(out);
	if (a && *a && strcmp(a, ".")) {
		pm_buf_adds(out, a);
		if (out->ptr[out->len - 1] != '/')
			pm_buf_addch(out, '/');
	}
	pm_buf_adds(out, b);
}

const char *pm_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static void dir_of(struct pm_buf *out, const char *path)
{
	const char *s = strrchr(path, '/');

	pm_buf_reset(out);
	if (!s)
		pm_buf_adds(out, ".");
	else if (s == path)
		pm_buf_adds(out, "/");
	else
		pm_buf_add(out, path, (size_t)(s - path));
}

#define TMP_TAG ".pmgit-tmp."

/* Removes temporary files of pmgit processes that no longer run. */
static void sweep_stale(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct pm_buf p = PM_BUF_INIT;

	if (!d)
		return;
	while ((e = readdir(d))) {
		const char *tag = strstr(e->d_name, TMP_TAG);
		long pid;
		char *end;

		if (e->d_name[0] != '.' || !tag)
			continue;
		pid = strtol(tag + strlen(TMP_TAG), &end, 10);
		if (pid <= 0 || *end != '.')
			continue;
		if (pid != (long)getpid() && kill((pid_t)pid, 0) < 0 &&
		    errno == ESRCH) {
			pm_path_join(&p, dir, e->d_name);
			unlink(p.ptr);
		}
	}
	closedir(d);
	pm_buf_release(&p);
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	fsync(fd);
	close(fd);
	return 0;
}

int pm_write_atomic(const char *path, const void *data, size_t len,
		    mode_t mode, int flags, struct pm_error *err)
{
	struct pm_buf dir = PM_BUF_INIT, tmp = PM_BUF_INIT;
	const char *p = data;
	size_t left = len;
	int fd = -1, ret = 0;
	struct stat st;

	dir_of(&dir, path);
	sweep_stale(dir.ptr);
	if ((flags & PM_WRITE_EXCL) && lstat(path, &st) == 0) {
		ret = pm_error_set(err, PM_EEXISTS,
				   "'%s' already exists; pmgit does not overwrite it", path);
		goto done;
	}
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		ret = pm_error_set(err, PM_EIO,
				   "'%s' is a symbolic link; pmgit does not write through links",
				   path);
		goto done;
	}

	pm_buf_addf(&tmp, "%s/.%s" TMP_TAG "%ld.XXXXXX", dir.ptr,
		    pm_basename(path), (long)getpid());
	fd = mkstemp(tmp.ptr);
	if (fd < 0) {
		ret = pm_error_set(err, PM_EIO, "cannot create a file in '%s': %s",
				   dir.ptr, strerror(errno));
		goto done;
	}
	pm_fault_point("write:created");
	while (left) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = pm_error_set(err, PM_EIO, "cannot write '%s': %s",
					   tmp.ptr, strerror(errno));
			goto done;
		}
		p += n;
		left -= (size_t)n;
		if (left)
			pm_fault_point("write:partial");
	}
	if (fchmod(fd, mode) < 0 || fsync(fd) < 0) {
		ret = pm_error_set(err, PM_EIO, "cannot write '%s': %s", tmp.ptr,
				   strerror(errno));
		goto done;
	}
	close(fd);
	fd = -1;
	pm_fault_point("write:before-rename");
	if (flags & PM_WRITE_EXCL) {
		/* link() fails if the target appeared meanwhile: no overwrite race */
		if (link(tmp.ptr, path) < 0) {
			ret = errno == EEXIST
				? pm_error_set(err, PM_EEXISTS,
					       "'%s' already exists; pmgit does not overwrite it", path)
				: pm_error_set(err, PM_EIO, "cannot create '%s': %s",
					       path, strerror(errno));
			goto done;
		}
		unlink(tmp.ptr);
	} else if (rename(tmp.ptr, path) < 0) {
		ret = pm_error_set(err, PM_EIO, "cannot replace '%s': %s", path,
				   strerror(errno));
		goto done;
	}
	pm_buf_reset(&tmp);
	fsync_dir(dir.ptr);
	pm_fault_point("write:done");

done:
	if (fd >= 0)
		close(fd);
	if (tmp.len)
		unlink(tmp.ptr);
	pm_buf_release(&dir);
	pm_buf_release(&tmp);
	return ret;
}

int pm_mkdirs(const char *path, struct pm_error *err)
{
	struct pm_buf p = PM_BUF_INIT;
	size_t i;
	int ret = 0;

	pm_buf_adds(&p, path);
	for (i = 1; i <= p.len; i++) {
		if (i < p.len && p.ptr[i] != '/')
			continue;
		p.ptr[i] = '\0';
		if (mkdir(p.ptr, 0777) < 0 && errno != EEXIST) {
			ret = pm_error_set(err, PM_EIO, "cannot create directory '%s': %s",
					   p.ptr, strerror(errno));
			break;
		}
		if (!pm_is_dir(p.ptr)) {
			ret = pm_error_set(err, PM_EIO,
					   "'%s' exists and is not a directory", p.ptr);
			break;
		}
		if (i < p.len)
			p.ptr[i] = '/';
	}
	pm_buf_release(&p);
	return ret;
}

int pm_file_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

int pm_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

void pm_fault_point(const char *name)
{
	const char *want = getenv("PMGIT_FAULT");

	if (want && !strcmp(want, name))
		kill(getpid(), SIGKILL);
}
