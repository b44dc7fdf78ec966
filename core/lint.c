#include "lint.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules.h"
#include "text.h"

#include "banned.h"

const struct pm_rule pm_rules[PM_RULE__COUNT] = {
#define PM_RULE_ROW(id, name, level, summary) { name, PM_LEVEL_##level, summary },
	PM_RULES(PM_RULE_ROW)
#undef PM_RULE_ROW
};

const char *pm_level_name(enum pm_level level)
{
	switch (level) {
	case PM_LEVEL_DRAFT: return "draft";
	case PM_LEVEL_REVIEW: return "review";
	case PM_LEVEL_FINAL: return "final";
	default: return "advice";
	}
}

int pm_level_parse(const char *s)
{
	if (!strcasecmp(s, "draft"))
		return PM_LEVEL_DRAFT;
	if (!strcasecmp(s, "review") || !strcasecmp(s, "in-review") ||
	    !strcasecmp(s, "in review"))
		return PM_LEVEL_REVIEW;
	if (!strcasecmp(s, "final"))
		return PM_LEVEL_FINAL;
	return -1;
}

void pm_lint_report(struct pm_lint_ctx *c, enum pm_rule_id rule,
		    unsigned line, unsigned col, const char *fmt, ...)
{
	struct pm_lint *out = c->out;
	enum pm_level level = pm_rules[rule].level;
	struct pm_finding *f;
	struct pm_buf msg = PM_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	pm_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	PM_ALLOC_GROW(out->findings, out->nr + 1, out->alloc);
	f = &out->findings[out->nr++];
	f->rule = rule;
	f->sev = level != PM_LEVEL_ADVICE && level <= out->level ? PM_SEV_ERROR
								  : PM_SEV_WARNING;
	f->line = line ? line : 1;
	f->col = col ? col : 1;
	f->msg = pm_buf_detach(&msg, NULL);
	if (f->sev == PM_SEV_ERROR)
		out->errors++;
	else
		out->warnings++;
}

static int by_position(const void *a, const void *b)
{
	const struct pm_finding *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return (int)x->rule - (int)y->rule;
}

/*
 * Windows editors save "Unicode" as UTF-16: a byte-order mark, or without
 * one, ASCII text with a NUL beside every character.
 */
static const char *utf16_name(const char *src, size_t len)
{
	const unsigned char *u = (const unsigned char *)src;
	size_t i, n = len < 64 ? len : 64, zero_even = 0, zero_odd = 0;

	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
		return "UTF-16";
	if (n < 8)
		return NULL;
	for (i = 0; i < n; i++) {
		if (u[i])
			continue;
		if (i % 2)
			zero_odd++;
		else
			zero_even++;
	}
	/* "#\0 \0" is little-endian */
	if (zero_odd == n / 2)
		return "UTF-16LE";
	return zero_even == n / 2 ? "UTF-16BE" : NULL;
}

void pm_lint_run(struct pm_lint *out, const struct pm_lint_input *in)
{
	struct pm_lint_ctx c;
	const char *utf16;
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.in = in;
	c.out = out;
	c.doc = &out->doc;
	c.facts = &out->facts;

	if (in->len > PM_DOC_MAX_BYTES) {
		/* refuse rather than parse: nothing of it is trustworthy */
		out->level = PM_LEVEL_DRAFT;
		out->facts.date = -1;
		pm_lint_report(&c, PM_RULE_SIZE, 1, 1,
			       "the file is %zu bytes; pmgit reads postmortems of at most %u MiB, so this is not one (split attachments out of it)",
			       in->len, PM_DOC_MAX_BYTES >> 20);
		return;
	}
	if ((utf16 = utf16_name(in->src, in->len))) {
		/* every later finding would be noise from reading it as UTF-8 */
		out->level = PM_LEVEL_DRAFT;
		out->facts.date = -1;
		pm_lint_report(&c, PM_RULE_ENCODING, 1, 1,
			       "the file is %s, which pmgit does not read; re-save it as UTF-8 (iconv -f %s -t UTF-8)",
			       utf16, utf16);
		return;
	}
	pm_doc_parse(&out->doc, in->src, in->len);
	pm_facts_read(&out->doc, &out->facts);
	if (in->level >= 0)
		out->level = (enum pm_level)in->level;
	else if (out->facts.status == PM_STATUS_FINAL)
		out->level = PM_LEVEL_FINAL;
	else if (out->facts.status == PM_STATUS_REVIEW)
		out->level = PM_LEVEL_REVIEW;
	else
		out->level = PM_LEVEL_DRAFT;
	c.in_signoff_ok = out->level < PM_LEVEL_FINAL;
	if (pm_lint_conflicts(&c))
		return; /* the rest would judge two versions read as one */
	if (pm_lint_no_postmortem(&c))
		return; /* every rule would only say again that it is none */

	for (i = 0; i < PM_RULE__COUNT; i++) {
		if (in->errors_only &&
		    (pm_rules[i].level == PM_LEVEL_ADVICE || pm_rules[i].level > out->level))
			continue;
		if (pm_checks[i])
			pm_checks[i](&c);
	}
	if (out->nr)
		qsort(out->findings, out->nr, sizeof(*out->findings), by_position);
}

void pm_lint_release(struct pm_lint *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->findings[i].msg);
	free(l->findings);
	pm_doc_release(&l->doc);
	memset(l, 0, sizeof(*l));
}
