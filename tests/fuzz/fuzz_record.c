/* Sign-off records and statements. */
#include <stdint.h>

#include "record.h"
#include "sshsig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pm_record r = PM_RECORD_INIT;
	struct pm_statement st;
	struct pm_sshsig sig;
	struct pm_error err = PM_ERROR_INIT;

	if (pm_record_parse(&r, "r.yaml", (const char *)data, size, &err) == 0) {
		if (pm_statement_parse(r.statement.ptr, r.statement.len, &st, &err) == 0)
			pm_statement_release(&st);
		pm_sshsig_decode(r.signature.ptr, r.signature.len, &sig, &err);
	}
	if (pm_statement_parse((const char *)data, size, &st, &err) == 0)
		pm_statement_release(&st);
	pm_record_release(&r);
	pm_error_release(&err);
	return 0;
}
