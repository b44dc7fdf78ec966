#!/bin/sh
# Every rule has a document that trips it and a near miss that must not
# (tests/fixtures/rules/<rule>/{trip,pass}.md, made by make.py there from
# complete.md). The sign-off rule is exercised with real signatures in
# t0011, the size rule here with a generated file.
. "$(dirname "$0")/lib.sh"

new_repo repo
RULES="$FIXTURES/rules"

# judge FILE NAME RULE: runs pmgit check on FILE placed as postmortems/NAME
# and prints how many findings of RULE it reported
judge() {
	rm -f repo/postmortems/*.md
	rm -rf repo/postmortems/2025
	cp "$1" "repo/postmortems/$2"
	(cd repo && pmgit check --format json --now 2026-02-15 --level review "postmortems/$2" >../out.json) || true
	python3 -c "
import json,sys
d=json.load(open('out.json'))
print(sum(1 for f in d['documents'][0]['findings'] if f['rule']==sys.argv[1]))
" "$3"
}

for dir in "$RULES"/*/; do
	rule=$(basename "$dir")
	name=INC-2026-0042.md
	test_expect_success "$rule: the trip fixture trips it" "
		name=$name
		[ $rule = id-filename ] && name=INC-2026-0043.md
		if [ $rule = id-unique ]; then
			rm -f repo/postmortems/*.md
			mkdir -p repo/postmortems/2025 && cp '$RULES/$rule/trip.md' repo/postmortems/2025/$name
			cp '$RULES/$rule/trip.md' repo/postmortems/$name
			(cd repo && pmgit check --format json --now 2026-02-15 postmortems/$name >../out.json) || true
			n=\$(python3 -c \"import json; d=json.load(open('out.json')); print(sum(1 for f in d['documents'][0]['findings'] if f['rule']=='id-unique'))\")
		else
			n=\$(judge '$RULES/$rule/trip.md' \$name $rule)
		fi
		test \"\$n\" -ge 1
	"
	test_expect_success "$rule: the near miss does not" "
		n=\$(judge '$RULES/$rule/pass.md' $name $rule) &&
		test \"\$n\" = 0
	"
done

test_expect_success 'the complete fixture trips no rule at all at review level' '
	n=$(judge "$FIXTURES/complete.md" INC-2026-0042.md signoff) &&
	python3 -c "
import json
d=json.load(open(\"out.json\"))
bad=[f for f in d[\"documents\"][0][\"findings\"] if f[\"rule\"]!=\"signoff\"]
assert not bad, bad
"
'

test_expect_success 'size: a 50 MB file is refused with one finding, not read' '
	rm -f repo/postmortems/*.md &&
	head -c 52428800 /dev/zero | tr "\0" "a" >repo/postmortems/INC-2026-0001.md &&
	cd repo && test_expect_code 1 pmgit check postmortems/INC-2026-0001.md >out &&
	test_grep "^postmortems/INC-2026-0001.md:1:1: error: the file is 52428800 bytes; pmgit reads postmortems of at most 4 MiB.*\[size\]$" out &&
	rm postmortems/INC-2026-0001.md
'

test_done
