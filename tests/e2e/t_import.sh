#!/bin/sh
# household import: households from JSON lines; a bad line or a person
# twice imports nothing; kill -9 in the middle leaves a store that opens,
# verifies and holds a whole number of committed batches of 5,000 (15,000 lines).
. "$(dirname "$0")/lib.sh"

# count: the number of households in the store ($DOORSTEP_STORE), or -1.
count() {
	if "$D" household list --json > "$T/list" 2> "$T/list.err"; then
		grep -c '"id":"' "$T/list"
	else
		echo -1
	fi
}

new_store s
gen_households 5000 0 > "$T/5000.jsonl"
n=$(wc -l < "$T/5000.jsonl")
[ "$n" -eq 5000 ] || fail "the generator made $n lines"
run "$D" household import --jsonl "$T/5000.jsonl"
expect_rc 0 "import of 5,000 households"
expect_out "5000" "it says how many"
n=$(count)
[ "$n" -eq 5000 ] && ok "household list --json has 5,000 entries" || fail "household list --json has $n entries"
run "$D" household find "$(sed -n '4321s/.*"id_number":"\([0-9X]*\)".*/\1/p' "$T/5000.jsonl")" --json
expect_rc 0 "a person of line 4321 is found"
expect_out '"address":"石牌街道4321号"' "in the household of line 4321"
tree_sum "$DOORSTEP_STORE" > "$T/sum0"

# unchanged WHAT: no byte changed since sum0, and still 5,000.
unchanged() {
	tree_sum "$DOORSTEP_STORE" > "$T/sum1"
	cmp -s "$T/sum0" "$T/sum1" && ok "$1: no byte of the store changed" \
		|| fail "$1: the store changed"
	n=$(count)
	[ "$n" -eq 5000 ] && ok "$1: still 5,000 households" || fail "$1: now $n households"
}

# A bad line 3 of 10: nothing is imported.
gen_households 10 100000 | sed '3s/"monthly":"[^"]*"/"monthly":"12.345"/' > "$T/bad3.jsonl"
run "$D" household import --jsonl "$T/bad3.jsonl"
expect_rc 1 "a file with a bad line 3"
expect_err "bad3\.jsonl:3: members\[0\]\.incomes\[0\]\.monthly: " "the message names FILE:3: and the field"
[ "$(wc -l < "$T/err")" -eq 1 ] && ok "the message is one line" || fail "the message: $(cat "$T/err")"
unchanged "the bad line 3"

gen_households 10 100000 | sed '3s/.*/{"region": "440106", oops/' > "$T/json3.jsonl"
run "$D" household import --jsonl "$T/json3.jsonl"
expect_rc 1 "a file whose line 3 is not JSON"
expect_err "json3\.jsonl:3:" "the message names FILE:3:"
unchanged "the line 3 that is not JSON"

# The same person on lines 2 and 7: nothing is imported, both lines named.
gen_households 10 200000 > "$T/dup.jsonl"
P=$(sed -n '2s/.*"id_number":"\([0-9X]*\)".*/\1/p' "$T/dup.jsonl")
sed -i "7s/\"id_number\":\"[0-9X]*\"/\"id_number\":\"$P\"/" "$T/dup.jsonl"
run "$D" household import --jsonl "$T/dup.jsonl"
expect_rc 1 "the same person on lines 2 and 7"
expect_err "dup\.jsonl:7:.*line 2([^0-9]|$)|dup\.jsonl:2:.*line 7([^0-9]|$)" "the message names both lines"
unchanged "the same person twice"

# A person already in the store, on line 4.
gen_households 10 300000 > "$T/old.jsonl"
sed -i "4s/\"id_number\":\"[0-9X]*\"/\"id_number\":\"$(id18 44010619400101000)\"/" "$T/old.jsonl"
run "$D" household import --jsonl "$T/old.jsonl"
expect_rc 1 "a person already in a household, on line 4"
expect_err "old\.jsonl:4:" "the message names FILE:4:"
unchanged "a person already in a household"

run "$D" household import --jsonl "$T/no-such-file.jsonl"
expect_rc 1 "a file that does not exist"

# Lines are read and checked 512 at a time, on two threads
# (tui/cli_household.c, store_import_prepare_lines), then taken in order:
# a bad line far into the file is the one named, by its own number, blank
# lines counted; a line the one-pass reader leaves (its keys in another
# order, an escape) is read the long way and imported like the rest.
gen_households 1300 500000 > "$T/long.jsonl"
sed -i '200s/.*/&\n/' "$T/long.jsonl" # an empty line 201: the rest move down one
cp "$T/long.jsonl" "$T/long-late.jsonl"
# 1101: read the long way on this thread ("12.345" is not money the
# one-pass reader takes); 1290: read on the other thread (the second
# half of the third chunk) and refused by the check there
# refused_at NAME LINE WHAT: the import of $T/NAME.jsonl is refused in one
# line naming NAME.jsonl:LINE: and the income's field, nothing changed.
refused_at() {
	run "$D" household import --jsonl "$T/$1.jsonl"
	expect_rc 1 "$3"
	expect_err "$1\.jsonl:$2: members\[0\]\.incomes\[0\]\.monthly: " "the message names FILE:$2: and the field"
	[ "$(wc -l < "$T/err")" -eq 1 ] && ok "the message is one line" || fail "the message: $(cat "$T/err")"
	unchanged "the bad line $2"
}
sed -i '1101s/"monthly":"[^"]*"/"monthly":"12.345"/; 1290s/"monthly":"[^"]*"/"monthly":"-5.00"/' "$T/long.jsonl"
refused_at long 1101 "a 1,301-line file with bad lines 1101 and 1290: the first, in the third chunk"
sed -i '1290s/"monthly":"[^"]*"/"monthly":"-5.00"/' "$T/long-late.jsonl"
refused_at long-late 1290 "the same file with line 1290 alone bad, found on the other thread"
gen_households 1300 600000 > "$T/long-ok.jsonl"
sed -i '700s/^{"region":\("[0-9]*"\),\(.*\)}$/{\2,"region":\1}/; 900s/"address":"/"address":"\\u77f3/' "$T/long-ok.jsonl"
grep -q '"region":"[0-9]*"}$' "$T/long-ok.jsonl" && ok "line 700 has its region last" || fail "line 700 not rewritten: $(sed -n 700p "$T/long-ok.jsonl" | head -c 200)"
cp -r "$DOORSTEP_STORE" "$T/one-core"
run "$D" household import --jsonl "$T/long-ok.jsonl"
expect_rc 0 "1,300 more, two lines of them read the long way"
n=$(count)
[ "$n" -eq 6300 ] && ok "6,300 households now" || fail "$n households after the long file"
run "$D" household find "$(sed -n '700s/.*"id_number":"\([0-9X]*\)".*/\1/p' "$T/long-ok.jsonl")" --json
expect_out '"region":"4401' "the household of line 700 is in, its region read"
run "$D" household find "$(sed -n '900s/.*"id_number":"\([0-9X]*\)".*/\1/p' "$T/long-ok.jsonl")" --json
expect_out '"address":"石石牌街道' "the household of line 900 is in, its escape read"
"$D" household list --json > "$T/list-two" 2>&1
# the same file imported by a process held to one core: the same households
if command -v taskset > /dev/null 2>&1; then
	DOORSTEP_STORE="$T/one-core" taskset -c 0 "$D" household import --jsonl "$T/long-ok.jsonl" > "$T/out" 2> "$T/err"
	[ $? -eq 0 ] && ok "held to one core, the same import (exit 0)" || fail "one core: $(cat "$T/err")"
	DOORSTEP_STORE="$T/one-core" "$D" household list --json > "$T/list-one" 2>&1
	sed 's/"id":"[^"]*"//' "$T/list-one" | sort > "$T/l1"
	sed 's/"id":"[^"]*"//' "$T/list-two" | sort > "$T/l2"
	cmp -s "$T/l1" "$T/l2" && ok "... the same households as on two cores" || fail "one core and two differ: $(diff "$T/l1" "$T/l2" | head -3 | tr '\n' ' ')"
else
	fail "taskset is not installed (util-linux)"
fi
rm -rf "$T/one-core"

# ---- kill -9 in the middle ----------------------------------------------------
# three batches of household import's 5,000 (tui/cli_household.c)
BATCH=5000 N=15000
gen_households "$N" 400000 > "$T/crash.jsonl"
seen="" landed=0
for attempt in 1 2 3 4 5; do
	new_store "crash$attempt"
	"$D" household import --jsonl "$T/crash.jsonl" > /dev/null 2>&1 &
	pid=$!
	trap 'kill -9 $pid 2>/dev/null; rm -rf "$T"' EXIT INT TERM
	# Wait until the WAL grows (the first batches are being written), then
	# a little longer on each attempt.
	i=0
	while [ "$i" -lt 2000 ] && kill -0 "$pid" 2>/dev/null; do
		[ "$(stat -c %s "$DOORSTEP_STORE/store.db-wal" 2>/dev/null || echo 0)" -gt 0 ] && break
		sleep 0.005
		i=$((i + 1))
	done
	case $attempt in
	1) ;; 2) sleep 0.02 ;; 3) sleep 0.05 ;; 4) sleep 0.1 ;; 5) sleep 0.15 ;;
	esac
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	trap 'rm -rf "$T"' EXIT INT TERM
	n=$(count)
	seen="$seen $n"
	if [ "$n" -ge 0 ]; then ok "attempt $attempt: the store opens after kill -9 ($n households)"
	else fail "attempt $attempt: the store does not open: $(cat "$T/list.err")"; fi
	run "$D" audit verify
	expect_rc 0 "attempt $attempt: audit verify"
	if [ "$n" -ge 0 ] && [ $((n % BATCH)) -eq 0 ]; then ok "attempt $attempt: $n is a whole number of batches of $BATCH"
	else fail "attempt $attempt: $n households is not a whole number of batches of $BATCH"; fi
	[ "$n" -gt 0 ] && [ "$n" -lt "$N" ] && landed=$((landed + 1))
done
echo "# households after each kill:$seen"
[ "$landed" -ge 1 ] && ok "$landed of 5 kills landed in the middle of the import (counts:$seen)" \
	|| fail "no kill landed in the middle of the import (counts:$seen)"

finish
