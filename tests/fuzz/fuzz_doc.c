/* The document parser and every rule, on any bytes. */
#include <stdint.h>
#include <string.h>

#include "canon.h"
#include "cover.h"
#include "doc.h"
#include "facts.h"
#include "keys.h"
#include "lint.h"
#include "policy.h"
#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *taken(void *data, const char *id)
{
	(void)data;
	return strcmp(id, "INC-2026-0042") ? NULL : "postmortems/2025/INC-2026-0042.md";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pm_config cfg;
	static struct pm_template tpl;
	static int ready;

	struct pm_lint l;
	struct pm_lint_input in;
	struct pm_signoff_slot slot = { "SRE Lead", 1, 0, "missing", NULL, NULL, NULL, "", 0 };

	if (!ready) {
		pm_config_defaults(&cfg);
		pm_template_learn(&tpl, pm_builtin_template, pm_builtin_template_len);
		ready = 1;
	}
	memset(&in, 0, sizeof(in));
	in.path = "postmortems/INC-2026-0001.md";
	in.src = (const char *)data;
	in.len = size;
	in.cfg = &cfg;
	in.tpl = &tpl;
	in.now = 20500;
	in.level = size ? (int)(data[0] % 4) - 1 : -1;
	in.id_taken = taken;
	in.signoffs_checked = 1;
	in.signoffs = &slot;
	in.nr_signoffs = 1;
	pm_lint_run(&l, &in);
	pm_lint_release(&l);
	/*
	 * what signatures leave out: the cheap reading verification uses must
	 * agree with the one on the whole parsed document
	 */
	{
		struct pm_doc doc;
		struct pm_buf a = PM_BUF_INIT, b = PM_BUF_INIT;
		char hex[PM_HASH_HEX];
		struct pm_canon_cut cut = pm_canon_hash((const char *)data, size, hex);
		unsigned x, y;

		pm_doc_parse(&doc, (const char *)data, size);
		x = pm_cover_check((const char *)data, size, NULL, &doc, &cfg, &tpl, &a);
		y = pm_cover_check((const char *)data, size, &cut, NULL, &cfg, &tpl, &b);
		if (x != y || (x && strcmp(a.ptr, b.ptr)))
			__builtin_trap();
		pm_doc_release(&doc);
		pm_buf_release(&a);
		pm_buf_release(&b);
	}
	/* Author(s), as the separation rules read it against anyone */
	{
		struct pm_doc doc;
		struct pm_facts f;
		pm_doc_parse_facts(&doc, (const char *)data, size);
		pm_facts_read(&doc, &f);
		pm_facts_is_author(&f, "priya.raman+pm@example.com", "Priya Raman");
		pm_facts_is_author(&f, "x@y", NULL);
		pm_doc_release(&doc);
	}
	/* the template learner reads templates from repositories: any bytes too */
	{
		struct pm_template t = PM_TEMPLATE_INIT;
		pm_template_learn(&t, (const char *)data, size);
		pm_template_is_placeholder(&t, "Name", 4);
		pm_template_release(&t);
	}
	return 0;
}
