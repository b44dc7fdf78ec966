#ifndef PM_UNIT_TEST_H
#define PM_UNIT_TEST_H

#include <string.h>

/*
 * A small unit test harness: each case is a function; CHECK stops the
 * case at the first failed condition and reports it. Output is TAP
 * ("ok N - module: case"), which tests/run.sh counts.
 */

void unit_fail(const char *file, int line, const char *expr, const char *detail);
void unit_run(const char *module, const char *name, void (*fn)(void));
/* Reads a fixture file (relative to the project root) into a malloc'd string. */
char *unit_fixture(const char *path, size_t *len);
extern int unit_case_failed;

/* Every module's entry point, called in this order by main.c. */
#define UNITS(X) X(git) X(buf) X(text) X(doc) X(lint) X(yaml) X(policy) X(canon) \
	X(keys) X(sshsig) X(record) X(verify) X(agent) X(edit)
#define UNIT_DECLARE(m) void unit_##m(void);
UNITS(UNIT_DECLARE)

#define RUN(fn) unit_run(UNIT_MODULE, #fn, fn)
#define CHECK(c)                                                       \
	do {                                                           \
		if (!(c)) {                                            \
			unit_fail(__FILE__, __LINE__, #c, NULL);       \
			return;                                        \
		}                                                      \
	} while (0)
#define CHECK_STR(a, b)                                                \
	do {                                                           \
		const char *unit_a = (a), *unit_b = (b);               \
		if (!unit_a || !unit_b || strcmp(unit_a, unit_b)) {    \
			unit_fail(__FILE__, __LINE__, #a " == " #b,    \
				  unit_a ? unit_a : "(null)");         \
			return;                                        \
		}                                                      \
	} while (0)

#endif
