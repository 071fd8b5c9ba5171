#!/bin/sh
# No plaintext on disk: a household's name, address and ID number never appear
# in any file of the store folder (database, WAL, shm), and the folder and its
# files are private.
. "$(dirname "$0")/lib.sh"

NAME=欧阳翠花
NAME2=司马秋菊
ADDR=幸福里巷七十七号翡翠楼
VEHICLE=五菱宏光面包车
ID=$(id18 44010619870315432)
ID2=$(id18 44010620150607281)
BIRTHSEQ=19870315432            # birth date and sequence digits of $ID
BIRTHSEQ2=20150607281

cat > "$T/h.json" <<EOF
{"region": "440106", "address": "$ADDR",
 "members": [{"name": "$NAME", "id_number": "$ID", "relation": "head",
              "categories": [], "able_to_work": true,
              "incomes": [{"source": "wages", "monthly": "1234.56"}]},
             {"name": "$NAME2", "id_number": "$ID2", "relation": "child",
              "categories": ["minor"], "able_to_work": false, "incomes": []}],
 "assets": {"financial": "100", "vehicles": [{"description": "$VEHICLE", "exempt": false}], "homes": 1}}
EOF

# leaks DIR: prints "file:string:count" for every sensitive string found in
# any file under DIR (byte-wise search, binary files included).
leaks() {
	(cd "$1" && find . -type f) | while IFS= read -r f; do
		for s in "$NAME" "$NAME2" "$ADDR" "$VEHICLE" "$ID" "$ID2" \
		         "$BIRTHSEQ" "$BIRTHSEQ2"; do
			n=$(LC_ALL=C grep -a -c -F -- "$s" "$1/$f")
			[ "$n" -gt 0 ] && echo "$f:$s:$n"
		done
	done
}

# no_leaks WHEN: the check itself.
no_leaks() {
	files=$(cd "$DOORSTEP_STORE" && find . -type f | LC_ALL=C sort | tr '\n' ' ')
	found=$(leaks "$DOORSTEP_STORE")
	if [ -z "$files" ]; then fail "$1: the store folder has no files"
	elif [ -z "$found" ]; then ok "$1: no plaintext in $files"
	else fail "$1: plaintext found: $(echo $found)"; fi
}

# private WHEN: folder 0700, every file 0600.
private() {
	m=$(stat -c %a "$DOORSTEP_STORE")
	bad=$(cd "$DOORSTEP_STORE" && find . -type f | while IFS= read -r f; do
		fm=$(stat -c %a "$f"); [ "$fm" = 600 ] || echo "$f=$fm"; done)
	if [ "$m" = 700 ] && [ -z "$bad" ]; then ok "$1: folder 0700, files 0600"
	else fail "$1: folder mode $m, files not 0600: $bad"; fi
}

# The search itself works: it finds every string in a plaintext copy.
mkdir "$T/control"
cp "$T/h.json" "$T/control/"
n=$(leaks "$T/control" | cut -d: -f2 | sort -u | wc -l)
if [ "$n" -eq 8 ]; then ok "control: the search finds all 8 strings in plaintext"
else fail "control: the search found $n of 8 strings in plaintext"; fi

new_store s
private "after init"
run "$D" household add --json "$T/h.json"
expect_rc 0 "household add"
HID=$(cat "$T/out")
no_leaks "right after household add"
private "right after household add"

# The data is really there (else the check above proves nothing).
run "$D" household show "$HID" --show-id
expect_rc 0 "household show"
expect_out "$NAME" "show gives the name back"
expect_out "$ID" "show --show-id gives the ID number back"

run "$D" household list
expect_rc 0 "household list"
no_leaks "after household list"
run "$D" household find "$ID2" --json
expect_rc 0 "household find"
run "$D" household list --json
no_leaks "after find and list --json"
private "after list"

# A writer killed in the middle leaves its WAL and shm behind: they hold no
# plaintext either. The household is the first line of a large import.
new_store s2
{ sed -n '1h;1!H;${x;s/\n/ /g;p;}' "$T/h.json"; gen_households 3000 500000; } > "$T/big.jsonl"
"$D" household import --jsonl "$T/big.jsonl" > /dev/null 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null; rm -rf "$T"' EXIT INT TERM
i=0
while [ "$i" -lt 1500 ] && kill -0 "$pid" 2>/dev/null; do
	[ "$(stat -c %s "$DOORSTEP_STORE/store.db-wal" 2>/dev/null || echo 0)" -gt 0 ] && break
	sleep 0.01
	i=$((i + 1))
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
trap 'rm -rf "$T"' EXIT INT TERM
if [ -s "$DOORSTEP_STORE/store.db-wal" ] && [ -e "$DOORSTEP_STORE/store.db-shm" ]; then
	ok "a killed import leaves a WAL ($(stat -c %s "$DOORSTEP_STORE/store.db-wal") bytes) and shm"
else
	fail "a killed import left no WAL or shm: $(ls "$DOORSTEP_STORE")"
fi
no_leaks "WAL and shm of a killed import"
private "WAL and shm of a killed import"
run "$D" household list --json
expect_rc 0 "the store opens after the kill"
no_leaks "after reopening"

finish
