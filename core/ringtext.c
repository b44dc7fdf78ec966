#include "ringtext.h"

#include <stdlib.h>
#include <string.h>

#include "policy.h"

#include "banned.h"

/* A text cut into lines, 1-based, without their line ends (LF or CRLF). */
struct lines {
	const char **s;
	size_t *n;
	size_t nr;
};

static void lines_split(struct lines *l, const char *text, size_t len)
{
	size_t i = 0, alloc = 0;

	memset(l, 0, sizeof(*l));
	PM_ALLOC_GROW(l->s, 1, alloc);
	l->n = pm_xcalloc(alloc, sizeof(*l->n));
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len, n = end - i;
		size_t was = alloc;
		if (n && text[end - 1] == '\r')
			n--;
		PM_ALLOC_GROW(l->s, l->nr + 2, alloc);
		if (alloc != was)
			l->n = pm_xrealloc(l->n, alloc * sizeof(*l->n));
		l->nr++;
		l->s[l->nr] = text + i;
		l->n[l->nr] = n;
		i = end + 1;
	}
}

static void lines_release(struct lines *l)
{
	free(l->s);
	free(l->n);
}

static size_t indent_of(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

enum line_kind { BLANK, COMMENT, CONTENT };

static enum line_kind kind_of(const struct lines *l, size_t k)
{
	size_t i = indent_of(l->s[k], l->n[k]);

	if (i == l->n[k])
		return BLANK;
	return l->s[k][i] == '#' ? COMMENT : CONTENT;
}

/*
 * Where a comment starts on a line of YAML content: a '#' after a blank,
 * outside a quoted scalar. A quote opens one only where a value starts
 * (O'Brien is plain text). Returns its offset, or n.
 */
static size_t eol_comment(const char *s, size_t n)
{
	size_t i;
	int q = 0, value_start = 1;

	for (i = 0; i < n; i++) {
		char c = s[i];
		if (q == '"') {
			if (c == '\\')
				i++;
			else if (c == '"')
				q = 0;
			continue;
		}
		if (q == '\'') {
			if (c == '\'' && i + 1 < n && s[i + 1] == '\'')
				i++;
			else if (c == '\'')
				q = 0;
			continue;
		}
		if (c == ' ' || c == '\t')
			continue;
		if (c == '#' && i && (s[i - 1] == ' ' || s[i - 1] == '\t'))
			return i;
		if ((c == '"' || c == '\'') && value_start) {
			q = c;
			continue;
		}
		if (c == '-' || c == ':' || c == '?')
			value_start = i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\t';
		else
			value_start = c == '[' || c == '{' || c == ',';
	}
	return n;
}

static char *keep(struct pm_strlist *owned, const struct pm_buf *b)
{
	pm_strlist_add(owned, b->ptr);
	return owned->items[owned->nr - 1];
}

/*
 * What each line of a keyring's text begins: "p:PRINCIPAL" for a person,
 * "r:FINGERPRINT" for a revocation, "t:KEY" for a top-level key; NULL for
 * the others. The strings are in *owned. Returns 0, or -1 when the text
 * is not a keyring.
 */
static int anchors_of(const struct lines *l, const char *text, size_t len,
		      char ***anchor, struct pm_strlist *owned)
{
	struct pm_keyring k;
	struct pm_buf b = PM_BUF_INIT;
	size_t i;

	if (pm_keyring_parse(&k, PM_KEYRING_PATH, text, len, NULL))
		return -1;
	*anchor = pm_xcalloc(l->nr + 2, sizeof(**anchor));
	for (i = 1; i <= l->nr; i++) {
		const char *s = l->s[i];
		size_t j = 0;
		while (j < l->n[i] && ((s[j] >= 'a' && s[j] <= 'z') || s[j] == '_'))
			j++;
		if (j && j < l->n[i] && s[j] == ':') {
			pm_buf_reset(&b);
			pm_buf_adds(&b, "t:");
			pm_buf_add(&b, s, j);
			(*anchor)[i] = keep(owned, &b);
		}
	}
	for (i = 0; i < k.nr_people; i++)
		if (k.people[i].line && k.people[i].line <= l->nr) {
			pm_buf_reset(&b);
			pm_buf_addf(&b, "p:%s", k.people[i].principal);
			(*anchor)[k.people[i].line] = keep(owned, &b);
		}
	for (i = 0; i < k.nr_revoked; i++)
		if (k.revoked[i].line && k.revoked[i].line <= l->nr) {
			pm_buf_reset(&b);
			pm_buf_addf(&b, "r:%s", k.revoked[i].key);
			(*anchor)[k.revoked[i].line] = keep(owned, &b);
		}
	pm_buf_release(&b);
	pm_keyring_release(&k);
	return 0;
}

/*
 * The anchor a comment above content line k goes with (see ringtext.h);
 * near[k] is the last anchor at or above line k.
 */
static const char *anchor_for(const struct lines *l, char **anchor,
			      char **near, size_t k)
{
	size_t m;

	if (anchor[k])
		return anchor[k];
	/* a lone "-" opens the entry the next content line names */
	if (l->n[k] - indent_of(l->s[k], l->n[k]) == 1 && l->s[k][l->n[k] - 1] == '-')
		for (m = k + 1; m <= l->nr; m++)
			if (kind_of(l, m) == CONTENT)
				return anchor[m] ? anchor[m] : "^";
	return near[k] ? near[k] : "^";
}

struct block {
	const char *anchor;  /* "^" the head, "$" the end of the file */
	struct pm_buf text;  /* comment lines without their indentation */
	int blank_before;    /* a blank line stood above it: keep the parting */
	int used;
};

static struct block *block_for(struct block **b, size_t *nr, size_t *alloc,
			       const char *anchor)
{
	if (*nr && !strcmp((*b)[*nr - 1].anchor, anchor))
		return &(*b)[*nr - 1];
	PM_ALLOC_GROW(*b, *nr + 1, *alloc);
	memset(&(*b)[*nr], 0, sizeof(**b));
	(*b)[*nr].anchor = anchor;
	(*b)[*nr].text = (struct pm_buf)PM_BUF_INIT;
	return &(*b)[(*nr)++];
}

static void add_line(struct pm_buf *to, const char *s, size_t n)
{
	pm_buf_add(to, s, n);
	pm_buf_addch(to, '\n');
}

static void emit_blocks(struct pm_buf *out, struct block *b, size_t nr,
			const char *anchor, const char *indent, size_t indent_len)
{
	size_t i, at;

	for (i = 0; i < nr; i++) {
		if (b[i].used || (anchor && strcmp(b[i].anchor, anchor)))
			continue;
		b[i].used = 1;
		if (b[i].blank_before && out->len && out->ptr[out->len - 1] == '\n' &&
		    (out->len < 2 || out->ptr[out->len - 2] != '\n'))
			add_line(out, "", 0);
		for (at = 0; at < b[i].text.len;) {
			const char *nl = memchr(b[i].text.ptr + at, '\n', b[i].text.len - at);
			size_t n = (size_t)(nl - b[i].text.ptr) - at;
			if (n)
				pm_buf_add(out, indent, indent_len);
			add_line(out, b[i].text.ptr + at, n);
			at += n + 1;
		}
	}
}

/*
 * Copies the comment lines from..to-1 into a block, without their
 * indentation, and a blank line where one parts two of them. Returns how
 * many comment lines it copied.
 */
static size_t copy_comments(const struct lines *l, size_t from, size_t to, struct block *b)
{
	size_t m, n = 0, gap = 0;

	for (m = from; m < to; m++) {
		size_t in = indent_of(l->s[m], l->n[m]);
		if (kind_of(l, m) != COMMENT) {
			gap = 1;
			continue;
		}
		if (gap && b->text.len)
			add_line(&b->text, "", 0);
		gap = 0;
		add_line(&b->text, l->s[m] + in, l->n[m] - in);
		n++;
	}
	return n;
}

/* Do two keyring texts hold the same keyring? */
static int same_keyring(const char *a, size_t alen, const char *b, size_t blen)
{
	struct pm_keyring ka, kb;
	struct pm_buf ea = PM_BUF_INIT, eb = PM_BUF_INIT;
	int same = 0;

	if (pm_keyring_parse(&ka, PM_KEYRING_PATH, a, alen, NULL))
		return 0;
	if (!pm_keyring_parse(&kb, PM_KEYRING_PATH, b, blen, NULL)) {
		same = !pm_keyring_encode(&ka, &ea, NULL) && !pm_keyring_encode(&kb, &eb, NULL) &&
		       ea.len == eb.len && !memcmp(ea.ptr, eb.ptr, ea.len);
		pm_keyring_release(&kb);
	}
	pm_keyring_release(&ka);
	pm_buf_release(&ea);
	pm_buf_release(&eb);
	return same;
}

size_t pm_keyring_keep_comments(const char *old, size_t old_len,
				const char *fresh, size_t fresh_len,
				struct pm_buf *out)
{
	struct lines ol, nl;
	struct pm_strlist owned = PM_STRLIST_INIT;
	char **oa = NULL, **na = NULL, **near = NULL;
	struct block *b = NULL;
	size_t nr = 0, alloc = 0, comments = 0, i, k, start = out->len;
	size_t first = 0, pending = 0;

	lines_split(&ol, old, old_len);
	lines_split(&nl, fresh, fresh_len);
	for (k = ol.nr; k >= 1; k--)
		if (kind_of(&ol, k) == CONTENT)
			first = k;
	if (anchors_of(&ol, old, old_len, &oa, &owned) ||
	    anchors_of(&nl, fresh, fresh_len, &na, &owned)) {
		for (k = 1; k <= ol.nr; k++)
			comments += kind_of(&ol, k) == COMMENT;
		goto plain;
	}

	near = pm_xcalloc(ol.nr + 2, sizeof(*near));
	for (k = 1; k <= ol.nr; k++)
		near[k] = oa[k] ? oa[k] : near[k - 1];

	/* the comments of the old text, each with what it stands above */
	for (k = 1; k <= ol.nr; k++) {
		size_t c;

		switch (kind_of(&ol, k)) {
		case BLANK:
			continue;
		case COMMENT:
			if (!pending)
				pending = k;
			continue;
		case CONTENT:
			break;
		}
		if (pending) {
			struct block *to = block_for(&b, &nr, &alloc,
						     k == first ? "^" : anchor_for(&ol, oa, near, k));
			if (!to->text.len)
				to->blank_before = pending > 1 && kind_of(&ol, pending - 1) == BLANK;
			comments += copy_comments(&ol, pending, k, to);
		}
		pending = 0;
		if ((c = eol_comment(ol.s[k], ol.n[k])) < ol.n[k]) {
			add_line(&block_for(&b, &nr, &alloc, anchor_for(&ol, oa, near, k))->text,
				 ol.s[k] + c, ol.n[k] - c);
			comments++;
		}
	}
	if (pending) {
		struct block *to = block_for(&b, &nr, &alloc, first ? "$" : "^");
		if (!to->text.len)
			to->blank_before = pending > 1 && kind_of(&ol, pending - 1) == BLANK;
		comments += copy_comments(&ol, pending, ol.nr + 1, to);
	}
	if (!comments)
		goto plain;

	/* the new text, with them put back */
	emit_blocks(out, b, nr, "^", "", 0);
	for (k = 1; k <= nl.nr; k++) {
		if (na[k])
			emit_blocks(out, b, nr, na[k], nl.s[k], indent_of(nl.s[k], nl.n[k]));
		add_line(out, nl.s[k], nl.n[k]);
	}
	emit_blocks(out, b, nr, NULL, "", 0);
	if (!same_keyring(out->ptr + start, out->len - start, fresh, fresh_len)) {
		/* where they stood, they would change it: all at the end, then */
		pm_buf_setlen(out, start);
		pm_buf_add(out, fresh, fresh_len);
		for (i = 0; i < nr; i++)
			b[i].used = 0;
		emit_blocks(out, b, nr, NULL, "", 0);
		if (!same_keyring(out->ptr + start, out->len - start, fresh, fresh_len)) {
			pm_buf_setlen(out, start);
			goto plain;
		}
	}
	comments = 0;
	goto done;
plain:
	pm_buf_add(out, fresh, fresh_len);
done:
	for (i = 0; i < nr; i++)
		pm_buf_release(&b[i].text);
	free(b);
	free(oa);
	free(na);
	free(near);
	pm_strlist_release(&owned);
	lines_release(&ol);
	lines_release(&nl);
	return comments;
}
