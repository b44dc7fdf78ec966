/* Sign-off and policy records and statements. */
#include <stdint.h>
#include <string.h>

#include "record.h"
#include "sshsig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pm_record r = PM_RECORD_INIT;
	struct pm_statement st;
	struct pm_policy_statement ps;
	struct pm_sshsig sig;
	struct pm_error err = PM_ERROR_INIT;

	if (pm_record_parse(&r, "r.yaml", (const char *)data, size, &err) == 0) {
		if (pm_statement_parse(r.statement.ptr, r.statement.len, &st, &err) == 0)
			pm_statement_release(&st);
		if (pm_policy_statement_parse(r.statement.ptr, r.statement.len, &ps, &err) == 0)
			pm_policy_statement_release(&ps);
		pm_sshsig_decode(r.signature.ptr, r.signature.len, &sig, &err);
	}
	if (pm_statement_parse((const char *)data, size, &st, &err) == 0)
		pm_statement_release(&st);
	if (pm_policy_statement_parse((const char *)data, size, &ps, &err) == 0) {
		struct pm_buf again = PM_BUF_INIT;
		/* what parses formats back to the same version part */
		pm_policy_version_format(&ps, &again);
		if (again.len != ps.version_len || memcmp(again.ptr, data, again.len))
			__builtin_trap();
		pm_buf_release(&again);
		pm_policy_statement_release(&ps);
	}
	pm_record_release(&r);
	pm_error_release(&err);
	return 0;
}
