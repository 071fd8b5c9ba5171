#!/bin/sh
# store rebuild: the case files replayed from the log are byte-identical;
# demo households are the same for the same seed.
. "$(dirname "$0")/lib.sh"
P="$TOOLS/sqlpoke"

# strip_ids: a household list --json without its random ids, one per line,
# sorted.
strip_ids() { sed 's/"id":"[0-9a-z]*",//' "$1" | tr -d '[]' | sed 's/,$//' | LC_ALL=C sort; }

new_store s wang assistant
run "$D" demo --households 200 --seed 7
expect_rc 0 "demo --households 200 --seed 7"
gen_households 3 1200000 > "$T/three.jsonl"
run "$D" household import --jsonl "$T/three.jsonl"
expect_rc 0 "three more households"
DB="$DOORSTEP_STORE/store.db"

"$D" household list --json > "$T/list0"
n=$(grep -c '"id":"' "$T/list0")
[ "$n" -eq 203 ] && ok "203 households" || fail "$n households"
IDS=$({ head -n 3 "$T/list0"; tail -n 3 "$T/list0"; } | sed 's/.*"id":"\([0-9a-z]*\)".*/\1/')
for id in $IDS; do "$D" household show "$id" --json; done > "$T/show0"
[ "$(grep -c '"version"' "$T/show0")" -eq 6 ] && ok "six households shown" || fail "show failed"
LASTID=$(tail -n 1 "$T/list0" | sed 's/.*"id":"\([0-9a-z]*\)".*/\1/')
PERSON=$(sed -n '3s/.*"id_number":"\([0-9X]*\)".*/\1/p' "$T/three.jsonl")

# same_as_before WHAT: list --json, show --json and find as at the start.
same_as_before() {
	run "$D" household list --json
	expect_rc 0 "$1: household list --json"
	cmp -s "$T/out" "$T/list0" && ok "$1: household list --json is byte-identical" \
		|| fail "$1: household list --json differs: $(diff "$T/list0" "$T/out" | head -4 | tr '\n' ' ')"
	for id in $IDS; do "$D" household show "$id" --json; done > "$T/show1"
	cmp -s "$T/show0" "$T/show1" && ok "$1: household show --json is identical" \
		|| fail "$1: household show --json differs: $(diff "$T/show0" "$T/show1" | head -4 | tr '\n' ' ')"
	run "$D" household find "$PERSON" --json
	expect_out "\"id\":\"$LASTID\"" "$1: find still finds a person"
	run "$D" audit verify
	expect_rc 0 "$1: audit verify"
}

run "$D" store rebuild
expect_rc 0 "store rebuild"
expect_out "203" "it says how many households"
same_as_before "after store rebuild"
run "$D" store rebuild
expect_rc 0 "a second store rebuild"
same_as_before "after two rebuilds"

# The case files are really made from the log: without them, rebuild brings
# them back the same.
"$P" "$DB" exec "delete from household; delete from person" || fail "sqlpoke delete"
run "$D" household list --json
n=$(grep -c '"id":"' "$T/out")
[ "$n" -eq 0 ] && ok "the case files are emptied by hand" || fail "$n households left"
run "$D" store rebuild
expect_rc 0 "store rebuild from the log alone"
same_as_before "after a rebuild from the log alone"

# ---- the same seed gives the same households ----------------------------------
for x in d1 d2 d3; do
	new_store "$x" wang assistant
	seed=7; [ "$x" = d3 ] && seed=8
	run "$D" demo --households 200 --seed "$seed"
	expect_rc 0 "$x: demo --seed $seed"
	"$D" household list --json > "$T/$x.json"
done
strip_ids "$T/d1.json" > "$T/d1.n"
strip_ids "$T/d2.json" > "$T/d2.n"
strip_ids "$T/d3.json" > "$T/d3.n"
[ "$(wc -l < "$T/d1.n")" -eq 200 ] && ok "200 demo households" || fail "$(wc -l < "$T/d1.n") demo households"
cmp -s "$T/d1.n" "$T/d2.n" && ok "seed 7 twice gives the same households" \
	|| fail "seed 7 twice differs: $(diff "$T/d1.n" "$T/d2.n" | head -4 | tr '\n' ' ')"
cmp -s "$T/d1.n" "$T/d3.n" && fail "seeds 7 and 8 give the same households" \
	|| ok "seeds 7 and 8 give different households"
cmp -s "$T/d1.json" "$T/d2.json" && fail "two stores gave the same random ids" \
	|| ok "the ids are random per store"
n=$(sed 's/.*"id":"\([0-9a-z]*\)".*/\1/' "$T/d1.json" | sort -u | wc -l)
[ "$n" -eq 200 ] && ok "200 distinct ids" || fail "$n distinct ids"
run "$D" audit verify
expect_rc 0 "audit verify of a demo store"

finish
