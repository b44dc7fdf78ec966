#ifndef PM_YAMLTREE_H
#define PM_YAMLTREE_H

#include <stddef.h>

#include "buf.h"
#include "error.h"

/*
 * YAML in, as a small tree, within fixed limits; and YAML out, through
 * libyaml's emitter so that quoting is always right.
 *
 * pmgit's files are plain data: anchors and aliases, duplicate keys,
 * non-scalar keys and more than one document are refused, with the file
 * and line. So are inputs beyond the limits below.
 */

#define PM_YAML_MAX_BYTES (1u << 20)
#define PM_YAML_MAX_DEPTH 16
#define PM_YAML_MAX_NODES 100000
#define PM_YAML_MAX_SCALAR 65536

enum pm_yaml_type { PM_YAML_SCALAR, PM_YAML_SEQ, PM_YAML_MAP };

struct pm_yaml {
	enum pm_yaml_type type;
	unsigned line, col;       /* 1-based */
	char *value;              /* scalars: NUL-terminated */
	size_t len;
	int plain;                /* an unquoted scalar */
	struct pm_yaml **items;   /* seq: items; map: key, value, key, ... */
	size_t nr;
};

/*
 * Parses buf[0..len). `name` is the file name used in messages. An empty
 * document gives *out = NULL and 0. The caller frees *out.
 */
int pm_yaml_load(const char *name, const char *buf, size_t len,
		 struct pm_yaml **out, struct pm_error *err);
void pm_yaml_free(struct pm_yaml *node);

/* The value under `key` in a mapping, or NULL (also if `map` is not one). */
const struct pm_yaml *pm_yaml_get(const struct pm_yaml *map, const char *key);
/* A plain scalar that reads as null ("", "~", "null"). */
int pm_yaml_is_null(const struct pm_yaml *node);

/* Writer: events in, YAML text appended to `out`. */
struct pm_yaml_out;
struct pm_yaml_out *pm_yaml_out_new(struct pm_buf *out);
void pm_yaml_map_start(struct pm_yaml_out *w, int flow);
void pm_yaml_map_end(struct pm_yaml_out *w);
void pm_yaml_seq_start(struct pm_yaml_out *w, int flow);
void pm_yaml_seq_end(struct pm_yaml_out *w);
/* style: 0 plain if possible, 'q' double-quoted, '|' literal block. */
void pm_yaml_scalar(struct pm_yaml_out *w, const char *s, int style);
/* Ends the document; returns 0, or -1 if libyaml refused an event. */
int pm_yaml_out_finish(struct pm_yaml_out *w);

#endif
