/* The config and keyring parsers (and the YAML loader under them). */
#include <stdint.h>

#include "buf.h"
#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pm_config cfg;
	struct pm_keyring kr;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf out = PM_BUF_INIT;

	if (pm_config_parse(&cfg, "config.yaml", (const char *)data, size, &err) == 0)
		pm_idfmt_check(cfg.id_format, &err);
	pm_config_release(&cfg);
	if (pm_keyring_parse(&kr, "keyring.yaml", (const char *)data, size, &err) == 0) {
		/* what parses must write back and export */
		pm_keyring_encode(&kr, &out, &err);
		pm_keyring_allowed_signers(&kr, &out);
		pm_keyring_release(&kr);
	}
	pm_buf_release(&out);
	pm_error_release(&err);
	return 0;
}
