/* ssh-agent replies: identities answers and sign responses. */
#include <stdint.h>
#include <string.h>

#include "agent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pm_agent a = PM_AGENT_INIT;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_pubkey key, fido;
	struct pm_sig sig;

	memset(&key, 0, sizeof(key));
	memset(&fido, 0, sizeof(fido));
	fido.fido = 1;
	memcpy(fido.app, "ssh:", 5);
	pm_agent_parse_identities(&a, data, size, &err);
	pm_agent_parse_signature(data, size, &key, &sig, &err);
	pm_agent_parse_signature(data, size, &fido, &sig, &err);
	pm_agent_close(&a);
	pm_error_release(&err);
	return 0;
}
