/* The config, keyring and follow-up parsers (and the YAML loader under them). */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "policy.h"
#include "ringtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void reads_back_as(const struct pm_followup *f, const struct pm_buf *text)
{
	struct pm_followup back;

	if (pm_followup_parse(&back, "back", text->ptr, text->len, NULL))
		__builtin_trap();
	if (!pm_followup_same(&back, f))
		__builtin_trap();
	pm_followup_release(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pm_config cfg;
	struct pm_keyring kr;
	struct pm_followup fu;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf out = PM_BUF_INIT;

	if (pm_config_parse(&cfg, "config.yaml", (const char *)data, size, &err) == 0)
		pm_idfmt_check(cfg.id_format, &err);
	pm_config_release(&cfg);
	if (pm_keyring_parse(&kr, "keyring.yaml", (const char *)data, size, &err) == 0) {
		/* what parses must write back and export */
		struct pm_keyring back;
		struct pm_buf kept = PM_BUF_INIT, again = PM_BUF_INIT;
		if (pm_keyring_encode(&kr, &out, &err))
			__builtin_trap();
		/* its comments carried into the new text leave the same keyring */
		pm_keyring_keep_comments((const char *)data, size, out.ptr, out.len, &kept);
		if (pm_keyring_parse(&back, "kept", kept.ptr, kept.len, &err) ||
		    pm_keyring_encode(&back, &again, &err) || again.len != out.len ||
		    memcmp(again.ptr, out.ptr, out.len))
			__builtin_trap();
		pm_keyring_release(&back);
		pm_buf_release(&kept);
		pm_buf_release(&again);
		pm_keyring_allowed_signers(&kr, &out);
		pm_keyring_release(&kr);
	}
	if (pm_followup_parse(&fu, "INC-1.actions.yaml", (const char *)data, size, &err) == 0) {
		struct pm_action_update add = { 0 };
		/* what parses writes back, and reads back as the same updates */
		pm_buf_reset(&out);
		if (pm_followup_encode(&fu, "INC-1", &out, &err))
			__builtin_trap();
		reads_back_as(&fu, &out);
		/* an update added to the text as it is reads back with the others */
		add.action = (char *)"Load test";
		add.status = (char *)"Done";
		add.date = (char *)"2026-02-05";
		fu.updates = pm_xrealloc(fu.updates, (fu.nr + 1) * sizeof(*fu.updates));
		fu.updates[fu.nr++] = add;
		pm_buf_reset(&out);
		if (pm_followup_append((const char *)data, size, &fu, "INC-1", &out, &err))
			__builtin_trap();
		reads_back_as(&fu, &out);
		fu.nr--; /* `add` is not ours to free */
		pm_followup_release(&fu);
	}
	pm_buf_release(&out);
	pm_error_release(&err);
	return 0;
}
