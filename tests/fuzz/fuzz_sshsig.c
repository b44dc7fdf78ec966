/* The SSHSIG decoder and verifier. */
#include <stdint.h>

#include "keys.h"
#include "sshsig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct pm_sshsig sig;
	struct pm_error err = PM_ERROR_INIT;

	if (!ready)
		ready = pm_crypto_init(NULL) == 0;
	if (pm_sshsig_decode((const char *)data, size, &sig, &err) == 0)
		pm_sshsig_verify(&sig, "pmgit-signoff", data, size, &err);
	pm_error_release(&err);
	return 0;
}
