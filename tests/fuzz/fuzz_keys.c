/* Key files (pmgit's and OpenSSH's), public-key lines, certificates and RFC 4716 keys. */
#include <sodium.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int pass(void *d, const char *prompt, int confirm, char **out, struct pm_error *err)
{
	(void)d;
	(void)prompt;
	(void)confirm;
	(void)err;
	*out = sodium_malloc(3);
	memcpy(*out, "pw", 3);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct pm_seckey k = PM_SECKEY_INIT;
	struct pm_pubkey pk;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf line = PM_BUF_INIT, comment = PM_BUF_INIT;

	if (!ready)
		ready = pm_crypto_init(NULL) == 0;
	if (pm_seckey_parse(&k, (const char *)data, size, "fuzz.key", pass, NULL, &err) == 0)
		pm_seckey_release(&k);
	pm_buf_add(&line, data, size > 4096 ? 4096 : size);
	pm_pubkey_parse(line.ptr, &pk, "fuzz.pub", &err);
	pm_pubkey_from_cert(line.ptr, &pk, &comment);
	/* an RFC 4716 key becomes a line, which then parses as any other */
	if (!pm_pubkey_from_rfc4716(line.ptr, &comment))
		pm_pubkey_parse(comment.ptr, &pk, "fuzz.rfc", &err);
	pm_buf_release(&line);
	pm_buf_release(&comment);
	pm_error_release(&err);
	return 0;
}
