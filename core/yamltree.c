#include "yamltree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "text.h"

#include "banned.h"

struct loader {
	const char *name;
	yaml_parser_t parser;
	size_t nodes;
	struct pm_error *err;
};

void pm_yaml_free(struct pm_yaml *node)
{
	size_t i;

	if (!node)
		return;
	for (i = 0; i < node->nr; i++)
		pm_yaml_free(node->items[i]);
	free(node->items);
	free(node->value);
	free(node);
}

static int fail(struct loader *l, const yaml_mark_t *m, const char *what)
{
	return pm_error_set(l->err, PM_EFORMAT, "%s:%lu:%lu: %s", l->name,
			    (unsigned long)m->line + 1,
			    (unsigned long)m->column + 1, what);
}

/*
 * libyaml names where it noticed a problem, which for an unclosed '[',
 * '{' or quote, or a key without its ':', is where the file ends or the
 * next key stands, lines below the mistake. Its context says where what
 * was left open starts: lead with that line for those, and name it after
 * the problem otherwise (a block mapping's start says little).
 */
static int parser_fail(struct loader *l)
{
	const yaml_parser_t *p = &l->parser;
	const char *what = p->problem ? p->problem : "malformed YAML";
	const char *ctx = p->context;
	unsigned long pl = (unsigned long)p->problem_mark.line + 1;
	unsigned long pc = (unsigned long)p->problem_mark.column + 1;
	unsigned long cl = (unsigned long)p->context_mark.line + 1;
	unsigned long cc = (unsigned long)p->context_mark.column + 1;

	static const struct {
		const char *context, *says;
	} open_here[] = {
		{ "while parsing a flow sequence", "the list opened with '[' here is not closed; close it with ']', or quote the value" },
		{ "while parsing a flow mapping", "the mapping opened with '{' here is not closed; close it with '}', or quote the value" },
		{ "while scanning a quoted scalar", "the quoted value that starts here is not closed; end it with the same quote" },
		{ "while scanning a simple key", "this line is neither 'key: value' nor part of a value above; add the ':' after the key" },
	};
	size_t i;

	if (!ctx || cl == pl)
		return pm_error_set(l->err, PM_EFORMAT, "%s:%lu:%lu: %s; fix the YAML syntax",
				    l->name, pl, pc, what);
	for (i = 0; i < sizeof(open_here) / sizeof(open_here[0]); i++)
		if (!strcmp(ctx, open_here[i].context))
			return pm_error_set(l->err, PM_EFORMAT, "%s:%lu:%lu: %s (libyaml: %s at line %lu, column %lu)",
					    l->name, cl, cc, open_here[i].says, what, pl, pc);
	if (!strncmp(ctx, "while ", 6))
		ctx += 6;
	return pm_error_set(l->err, PM_EFORMAT,
			    "%s:%lu:%lu: %s (%s that starts at line %lu, column %lu); fix the YAML syntax",
			    l->name, pl, pc, what, ctx, cl, cc);
}

static int next_event(struct loader *l, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&l->parser, ev))
		return parser_fail(l);
	return 0;
}

static void add_item(struct pm_yaml *parent, struct pm_yaml *child,
		     size_t *alloc)
{
	PM_ALLOC_GROW(parent->items, parent->nr + 1, *alloc);
	parent->items[parent->nr++] = child;
}

/* Builds the node that starts with `ev` (already taken); consumes `ev`. */
static int load_node(struct loader *l, yaml_event_t *ev, unsigned depth,
		     struct pm_yaml **out)
{
	struct pm_yaml *node;
	yaml_event_type_t end = YAML_NO_EVENT;
	size_t alloc = 0;
	int ret = 0;

	*out = NULL;
	if (ev->type == YAML_ALIAS_EVENT) {
		ret = fail(l, &ev->start_mark,
			   "aliases are not allowed in pmgit files; write the value out");
		yaml_event_delete(ev);
		return ret;
	}
	if (++l->nodes > PM_YAML_MAX_NODES || depth > PM_YAML_MAX_DEPTH) {
		ret = pm_error_set(l->err, PM_ELIMIT,
				   "%s:%lu: nested deeper than %d levels or more than %d values; pmgit files are small",
				   l->name, (unsigned long)ev->start_mark.line + 1,
				   PM_YAML_MAX_DEPTH, PM_YAML_MAX_NODES);
		yaml_event_delete(ev);
		return ret;
	}
	node = pm_xcalloc(1, sizeof(*node));
	node->line = (unsigned)ev->start_mark.line + 1;
	node->col = (unsigned)ev->start_mark.column + 1;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.anchor) {
			ret = fail(l, &ev->start_mark, "anchors are not allowed in pmgit files");
			break;
		}
		if (ev->data.scalar.length > PM_YAML_MAX_SCALAR) {
			ret = pm_error_set(l->err, PM_ELIMIT,
					   "%s:%u: a value longer than %d bytes", l->name,
					   node->line, PM_YAML_MAX_SCALAR);
			break;
		}
		node->type = PM_YAML_SCALAR;
		node->value = pm_xstrndup((const char *)ev->data.scalar.value,
					  ev->data.scalar.length);
		node->len = ev->data.scalar.length;
		node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		yaml_event_delete(ev);
		*out = node;
		return 0;
	case YAML_SEQUENCE_START_EVENT:
		node->type = PM_YAML_SEQ;
		end = YAML_SEQUENCE_END_EVENT;
		if (ev->data.sequence_start.anchor)
			ret = fail(l, &ev->start_mark, "anchors are not allowed in pmgit files");
		break;
	case YAML_MAPPING_START_EVENT:
		node->type = PM_YAML_MAP;
		end = YAML_MAPPING_END_EVENT;
		if (ev->data.mapping_start.anchor)
			ret = fail(l, &ev->start_mark, "anchors are not allowed in pmgit files");
		break;
	default:
		ret = fail(l, &ev->start_mark, "unexpected YAML event");
		break;
	}
	yaml_event_delete(ev);
	if (ret) {
		pm_yaml_free(node);
		return ret;
	}

	for (;;) {
		yaml_event_t child_ev;
		struct pm_yaml *child;

		if ((ret = next_event(l, &child_ev)))
			break;
		if (child_ev.type == end) {
			yaml_event_delete(&child_ev);
			break;
		}
		if (node->type == PM_YAML_MAP && (node->nr % 2) == 0 &&
		    child_ev.type != YAML_SCALAR_EVENT) {
			ret = fail(l, &child_ev.start_mark,
				   "a mapping key must be a plain value");
			yaml_event_delete(&child_ev);
			break;
		}
		if ((ret = load_node(l, &child_ev, depth + 1, &child)))
			break;
		if (node->type == PM_YAML_MAP && (node->nr % 2) == 0) {
			size_t i;
			for (i = 0; i < node->nr; i += 2)
				if (!strcmp(node->items[i]->value, child->value))
					break;
			if (i < node->nr) {
				ret = pm_error_set(l->err, PM_EFORMAT,
						   "%s:%u:%u: key '%s' appears twice (first at line %u); keep one",
						   l->name, child->line, child->col,
						   child->value, node->items[i]->line);
				pm_yaml_free(child);
				break;
			}
		}
		add_item(node, child, &alloc);
	}
	if (ret) {
		pm_yaml_free(node);
		return ret;
	}
	*out = node;
	return 0;
}

int pm_yaml_load(const char *name, const char *buf, size_t len,
		 struct pm_yaml **out, struct pm_error *err)
{
	struct loader l;
	yaml_event_t ev;
	struct pm_yaml *root = NULL;
	int ret = 0, docs = 0;

	*out = NULL;
	if (len > PM_YAML_MAX_BYTES)
		return pm_error_set(err, PM_ELIMIT,
				    "'%s' is %zu bytes; pmgit reads YAML files of at most %u bytes",
				    name, len, PM_YAML_MAX_BYTES);
	memset(&l, 0, sizeof(l));
	l.name = name;
	l.err = err;
	if (!yaml_parser_initialize(&l.parser))
		return pm_error_set(err, PM_ERROR, "cannot start the YAML parser");
	yaml_parser_set_input_string(&l.parser, (const unsigned char *)buf, len);

	for (;;) {
		if ((ret = next_event(&l, &ev)))
			break;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_STREAM_START_EVENT ||
		    ev.type == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&ev);
			continue;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT) {
			if (++docs > 1) {
				ret = fail(&l, &ev.start_mark,
					   "more than one YAML document; keep one");
				yaml_event_delete(&ev);
				break;
			}
			yaml_event_delete(&ev);
			continue;
		}
		if ((ret = load_node(&l, &ev, 1, &root)))
			break;
	}
	yaml_parser_delete(&l.parser);
	if (ret) {
		/* git's markers read to libyaml as a key without its ':' */
		unsigned at = pm_text_conflict_line(buf, len);
		pm_yaml_free(root);
		if (at && strstr(name, "keyring.yaml")) {
			pm_error_clear(err);
			return pm_error_set(err, PM_EFORMAT,
					    "%s:%u:1: a merge conflict: git's '<<<<<<<', '=======' and '>>>>>>>' lines stand around two versions of this part; 'pmgit keyring merge' keeps what each branch added (both people, when two were added) and stages the keyring, or keep what each side meant by hand, delete the marker lines, check the result with 'pmgit keyring list', then 'git add' the file",
					    name, at);
		}
		if (at) {
			pm_error_clear(err);
			return pm_error_set(err, PM_EFORMAT,
					    "%s:%u:1: a merge conflict: git's '<<<<<<<', '=======' and '>>>>>>>' lines stand around two versions of this part; keep what each side meant, delete the marker lines, check the result with 'pmgit verify', then 'git add' the file",
					    name, at);
		}
		return ret;
	}
	*out = root;
	return 0;
}

const struct pm_yaml *pm_yaml_get(const struct pm_yaml *map, const char *key)
{
	size_t i;

	if (!map || map->type != PM_YAML_MAP)
		return NULL;
	for (i = 0; i + 1 < map->nr; i += 2)
		if (!strcmp(map->items[i]->value, key))
			return map->items[i + 1];
	return NULL;
}

/* Text that a plain scalar reads as null. */
static int null_text(const char *s)
{
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	       !strcmp(s, "NULL");
}

int pm_yaml_is_null(const struct pm_yaml *n)
{
	return !n || (n->type == PM_YAML_SCALAR && n->plain && strlen(n->value) == n->len &&
		      null_text(n->value));
}

struct pm_yaml_out {
	yaml_emitter_t em;
	struct pm_buf *out;
	int failed;
};

static int write_handler(void *data, unsigned char *bytes, size_t size)
{
	pm_buf_add(data, bytes, size);
	return 1;
}

static void emit(struct pm_yaml_out *w, yaml_event_t *ev, int ok)
{
	if (!ok || !yaml_emitter_emit(&w->em, ev))
		w->failed = 1;
}

struct pm_yaml_out *pm_yaml_out_new(struct pm_buf *out)
{
	struct pm_yaml_out *w = pm_xcalloc(1, sizeof(*w));
	yaml_event_t ev;

	w->out = out;
	if (!yaml_emitter_initialize(&w->em)) {
		w->failed = 1;
		return w;
	}
	yaml_emitter_set_output(&w->em, write_handler, out);
	yaml_emitter_set_unicode(&w->em, 1);
	yaml_emitter_set_width(&w->em, -1);
	yaml_emitter_set_indent(&w->em, 2);
	yaml_emitter_set_break(&w->em, YAML_LN_BREAK);
	emit(w, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	emit(w, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	return w;
}

void pm_yaml_map_start(struct pm_yaml_out *w, int flow)
{
	yaml_event_t ev;

	emit(w, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
				flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE));
}

void pm_yaml_map_end(struct pm_yaml_out *w)
{
	yaml_event_t ev;

	emit(w, &ev, yaml_mapping_end_event_initialize(&ev));
}

void pm_yaml_seq_start(struct pm_yaml_out *w, int flow)
{
	yaml_event_t ev;

	emit(w, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
				flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE));
}

void pm_yaml_seq_end(struct pm_yaml_out *w)
{
	yaml_event_t ev;

	emit(w, &ev, yaml_sequence_end_event_initialize(&ev));
}

void pm_yaml_scalar(struct pm_yaml_out *w, const char *s, int style)
{
	yaml_event_t ev;
	yaml_scalar_style_t st = style == '|' ? YAML_LITERAL_SCALAR_STYLE :
				 style == 'q' ? YAML_DOUBLE_QUOTED_SCALAR_STYLE :
						YAML_ANY_SCALAR_STYLE;

	/* text that would read back as null when plain ("~", "null", "") is quoted */
	if (!style && null_text(s))
		st = YAML_DOUBLE_QUOTED_SCALAR_STYLE;

	emit(w, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL,
				(yaml_char_t *)s, (int)strlen(s), 1, 1, st));
}

int pm_yaml_out_finish(struct pm_yaml_out *w)
{
	yaml_event_t ev;
	int failed;

	emit(w, &ev, yaml_document_end_event_initialize(&ev, 1));
	emit(w, &ev, yaml_stream_end_event_initialize(&ev));
	if (!w->failed && !yaml_emitter_flush(&w->em))
		w->failed = 1;
	yaml_emitter_delete(&w->em);
	failed = w->failed;
	free(w);
	return failed ? -1 : 0;
}
