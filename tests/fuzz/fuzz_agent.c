/* ssh-agent replies: identities answers and sign responses. */
#include <stdint.h>

#include "agent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pm_agent a = PM_AGENT_INIT;
	struct pm_error err = PM_ERROR_INIT;
	unsigned char sig[PM_ED25519_SIG];

	pm_agent_parse_identities(&a, data, size, &err);
	pm_agent_parse_signature(data, size, sig, &err);
	pm_agent_close(&a);
	pm_error_release(&err);
	return 0;
}
