"""json-fields.py COMMAND FORMAT.md OUTPUT...

Prints the field paths the JSON documents OUTPUT... hold, one a line
("documents[].slots[].state": objects only through their fields, lists of
objects through their items' fields, lists of scalars as themselves), then
a line "--", then the paths docs/FORMAT.md's "JSON output" section
documents for COMMAND ("status", "status --to-sign", "verify --history",
...). A list empty in every output counts as documented when its items'
fields are.
"""
import json
import re
import sys

want, doc, outputs = sys.argv[1], sys.argv[2], sys.argv[3:]
seen, empty = set(), set()


def walk(v, path):
    if isinstance(v, dict):
        for k, x in v.items():
            walk(x, path + ("." if path else "") + k)
    elif isinstance(v, list):
        if any(isinstance(x, dict) for x in v):
            for x in v:
                walk(x, path + "[]")
        elif v:
            seen.add(path)
        else:
            empty.add(path)
    else:
        seen.add(path)


for f in outputs:
    with open(f, encoding="utf-8") as fh:
        walk(json.load(fh), "")

with open(doc, encoding="utf-8") as fh:
    text = fh.read()
sec = text[text.index("## 12. JSON output"):text.index("## 13.")]
cmd, documented = None, set()
paths = re.compile(r"`([a-z0-9_.\[\]]+)`")
for line in sec.splitlines():
    m = re.match(r"\*\*`pmgit ([a-z -]+)`\*\*", line)
    if m:
        cmd = m.group(1)
        if cmd == want:
            # "**`pmgit policy status`**: ... (`state`, `version`, ...)"
            para = sec[sec.index(line):].split("\n\n")[0]
            for inside in re.findall(r"\(([^()]*)\)", para):
                documented.update(paths.findall(inside))
        continue
    m = re.match(r"With `(--[a-z-]+)`:", line)
    if m:
        cmd = cmd.split(" ")[0] + " " + m.group(1)
        continue
    if cmd == want and line.startswith("| `"):
        documented.update(paths.findall(line.split(" | ")[0]))

seen |= {p for p in empty if not any(d.startswith(p + "[]") for d in documented)}
print("\n".join(sorted(seen)))
print("--")
print("\n".join(sorted(documented)))
