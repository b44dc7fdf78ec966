#include <stdio.h>
#include <stdlib.h>

#include <git2.h>

#include "keys.h"
#include "test.h"
#include "buf.h"
#include "fsutil.h"
#include "repo.h"

int unit_case_failed;
static int count, failed;

void unit_fail(const char *file, int line, const char *expr, const char *detail)
{
	if (!unit_case_failed)
		printf("#   %s:%d: failed: %s%s%s\n", file, line, expr,
		       detail ? " -- got: " : "", detail ? detail : "");
	unit_case_failed = 1;
}

void unit_run(const char *module, const char *name, void (*fn)(void))
{
	unit_case_failed = 0;
	fn();
	count++;
	if (unit_case_failed)
		failed++;
	printf("%s %d - %s: %s\n", unit_case_failed ? "not ok" : "ok", count, module, name);
	fflush(stdout);
}

char *unit_fixture(const char *path, size_t *len)
{
	struct pm_buf b = PM_BUF_INIT;
	struct pm_error err = PM_ERROR_INIT;

	if (pm_read_file(path, 64 << 20, &b, &err)) {
		fprintf(stderr, "cannot read fixture %s: %s\n", path, err.msg.ptr);
		exit(2);
	}
	pm_error_release(&err);
	return pm_buf_detach(&b, len);
}


int main(void)
{
	if (pm_crypto_init(NULL))
		return 2;
	pm_git_init();
#define CALL(m) unit_##m();
	UNITS(CALL)
	git_libgit2_shutdown();
	printf("# unit: %d passed, %d failed\n", count - failed, failed);
	return failed ? 1 : 0;
}
