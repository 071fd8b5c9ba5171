#!/bin/sh
# t_usb_folders.sh — a USB stick filled by someone else, and the county's
# store shared by imports and its server. On the stick, under bundle and
# receipt names: a link to a secret file, pipes, a device node, a folder,
# odd names and a file too large; neither program reads any of them, both
# finish promptly, and the good bundles beside them go in. Then two
# imports started at the same moment (two laptops' sticks, and the same
# stick twice), an import while the server takes a push, an import that
# waits for a long write, and one that gives up: every bundle applied
# once, nothing kept aside that is not about a bundle.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
. "$(dirname "$0")/county_lib.sh"
WP=$(passfile pass-wang "wang keeps his own passphrase")
ZP=$(passfile pass-zhang "zhang keeps her own passphrase")
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_wang() { DOORSTEP_STORE="$T/wang" DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
as_zhang() { DOORSTEP_STORE="$T/zhang" DOORSTEP_PASSPHRASE_FILE="$ZP" "$D" "$@"; }
as_county() { DOORSTEP_STORE="$T/county/store" DOORSTEP_PASSPHRASE_FILE="$CP" "$D" "$@"; }
POKE="$TOOLS/sqlpoke"
DB="$T/county/store/store.db"

county_events() {
	as_county audit verify 2> /dev/null | sed -n 's/^The log is intact: \([0-9]*\) events.*/\1/p'
}
# timed WHAT county|wang ARGS...: runs doorstep-county or wang's doorstep
# under `timeout 20` like run; a program that waits on a pipe or a device
# would be killed (exit 124) and fail here
timed() {
	what=$1 who=$2; shift 2
	if [ "$who" = county ]; then
		cmd=$1; shift
		set -- env DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"
	else
		set -- env DOORSTEP_STORE="$T/wang" DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"
	fi
	timeout 20 "$@" > "$T/out" 2> "$T/err"; rc=$?
	[ "$rc" -ne 124 ] && ok "$what finishes promptly" || fail "$what hung on the stick"
}
nothing_aside() {
	run county status --json
	tr -d ' \n' < "$T/out" | grep -q '"aside":\[\]' && ok "$1: nothing kept aside" ||
		fail "$1: kept aside: $(tr -d '\n' < "$T/out" | head -c 600)"
}
audit_ok() {
	run as_county audit verify
	[ "$rc" -eq 0 ] && ok "$1: the county's log verifies" || fail "$1: audit verify: $(cat "$T/err")"
}
# hold_taken: waits until the sqlpoke started as $hp holds the write lock
hold_taken() {
	while ! grep -q holding "$T/hold" 2> /dev/null; do
		kill -0 "$hp" 2> /dev/null || { fail "sqlpoke could not hold the lock"; return; }
		sleep 0.05
	done
}
# households FILE FIRST N: N households whose people are numbered from FIRST
households() { gen_households "$3" "$2" > "$T/$1.jsonl"; }

# ---- a county and two laptops -------------------------------------------------------

county init > /dev/null
for who in wang zhang; do
	pf=$WP; [ "$who" = zhang ] && pf=$ZP
	DOORSTEP_NEW_PASSPHRASE_FILE="$pf" DOORSTEP_PASSPHRASE_FILE="$pf" \
		"$D" init --store "$T/$who" --user "$who" --role assistant --region 440106 > /dev/null
	DOORSTEP_STORE="$T/$who" DOORSTEP_PASSPHRASE_FILE="$pf" "$D" device-key --out "$T/$who.key" > /dev/null
	county enroll --device-key "$T/$who.key" --user "$who" --role assistant --area 440106 > /dev/null
done
WHEX=$(sed -n 's/^device: //p' "$T/wang.key")
ZHEX=$(sed -n 's/^device: //p' "$T/zhang.key")
start_server || fail "the county's server did not start"
as_wang enroll --county-key "$T/county/county.pub" > /dev/null
run as_zhang enroll --county-key "$T/county/county.pub" --server "$URL"
expect_rc 0 "the laptops are enrolled (zhang's with the server)"

# ---- a hostile stick at the county ----------------------------------------------------

MARK="SECRET-MARKER-5b1e9f0c-not-for-the-county"
printf 'root:x:0:0:%s\n' "$MARK" > "$T/secret"
households w1 1000 20
as_wang household import --jsonl "$T/w1.jsonl" > /dev/null
mkdir -p "$T/usb"
run as_wang sync export --to "$T/usb"
expect_rc 0 "wang's bundle on the stick"
GOOD=$(cd "$T/usb" && ls up-*.dsb)
U="$T/usb"
# under names the county would read: zhang's bundles 1 to 4
ln -s "$T/secret" "$U/up-$ZHEX-1-000001.dsb"
mkfifo "$U/up-$ZHEX-1-000002.dsb"
mkdir "$U/up-$ZHEX-1-000004.dsb"
if mknod "$U/up-$ZHEX-1-000003.dsb" c 1 5 2> /dev/null; then NODE=1; else NODE=0
	echo "# skipped: mknod is not permitted here, so no device node on the stick"; fi
# a link to a real bundle is not followed either
cp "$U/$GOOD" "$T/wang-bundle.dsb"
ln -s "$T/wang-bundle.dsb" "$U/up-$ZHEX-1-000005.dsb"
# odd names: a copy by a file manager, uppercase, a newline, bytes that are
# not UTF-8, a space, an escape; and files of no concern to the county
cp "$U/$GOOD" "$U/${GOOD%.dsb} (1).dsb"
cp "$U/$GOOD" "$U/$(echo "$GOOD" | tr 'a-f' 'A-F' | sed 's/^UP-/up-/; s/\.DsB$/.dsb/')"
cp "$U/$GOOD" "$U/up-$WHEX-1-000009
.dsb"
cp "$U/$GOOD" "$U/$(printf 'up-\377\376.dsb')"
cp "$U/$GOOD" "$U/up- $WHEX-1-000009.dsb"
printf 'x' > "$U/$(printf 'up-\033[2J.dsb')"
echo "what is on this stick" > "$U/README.txt"
mkfifo "$U/notes.fifo"

E0=$(county_events)
timed "the county's import of the stick" county import "$U"
expect_rc 0 "the good bundle goes in; what is not a bundle is skipped"
expect_out "^$GOOD: applied \([1-9][0-9]* new events\)" "wang's bundle is applied"
expect_out "^1 bundles read, 1 applied" "one bundle read"
for n in 1 2 4 5; do
	grep -q "^doorstep-county: up-$ZHEX-1-00000$n.dsb: skipped: not a regular file" "$T/err" &&
		ok "bundle name $n (link, pipe, folder, link to a bundle): skipped, named" ||
		fail "bundle name $n: stderr: $(cat "$T/err")"
done
if [ "$NODE" = 1 ]; then
	grep -q "^doorstep-county: up-$ZHEX-1-000003.dsb: skipped: not a regular file" "$T/err" &&
		ok "a device node under a bundle's name: skipped, named" || fail "device node: $(cat "$T/err")"
fi
grep -q "(1).dsb: skipped: the name is not a bundle's" "$T/err" && ok "a copy named '... (1).dsb' is named and not read" || fail "stderr: $(cat "$T/err")"
grep -q 'up-\\x1b\[2J.dsb: skipped' "$T/err" && ok "an escape in a name is shown escaped" || fail "stderr: $(cat "$T/err")"
grep -q 'up-\\xff\\xfe.dsb: skipped' "$T/err" && ok "bytes that are not UTF-8 are shown escaped" || fail "stderr: $(cat "$T/err")"
grep -q -- "-000009\\\\x0a.dsb: skipped" "$T/err" && ok "a newline in a name is shown escaped, on one line" || fail "stderr: $(cat "$T/err")"
grep -q "$(printf '\033')" "$T/err" && fail "a raw escape reached the terminal" || ok "no raw escape reaches the terminal"
want=$((10 + NODE))
[ "$(wc -l < "$T/err")" -eq "$want" ] && ok "one line for each thing skipped ($want)" || fail "stderr has $(wc -l < "$T/err") lines, wanted $want: $(cat "$T/err")"
grep -q "README\|notes.fifo" "$T/err" && fail "files of no concern were mentioned" || ok "README.txt and another pipe are left alone quietly"
[ "$(county_events)" -gt "$E0" ] && ok "the county's log grew by wang's bundle and verifies" || fail "county events $(county_events), had $E0"
n=$("$POKE" "$DB" query "SELECT count(*) FROM county_quarantine WHERE instr(bundle, CAST('$MARK' AS BLOB)) > 0 OR instr(reason, '$MARK') > 0")
[ "$n" = 0 ] && ok "no row kept aside holds the secret's bytes" || fail "$n rows hold the secret"
n=$("$POKE" "$DB" query "SELECT count(*) FROM event WHERE instr(CAST(body AS BLOB), CAST('$MARK' AS BLOB)) > 0")
[ "$n" = 0 ] && ok "no event holds them" || fail "$n events hold the secret"
grep -rqa "$MARK" "$T/county" && fail "the county's files hold the secret's marker" || ok "no file of the county holds the secret's marker"
nothing_aside "the hostile stick"
[ "$(cd "$U" && ls receipt-* | wc -l)" -eq 1 ] && ok "one receipt, for wang's bundle" || fail "receipts: $(ls "$U")"
[ -p "$U/up-$ZHEX-1-000002.dsb" ] && [ -L "$U/up-$ZHEX-1-000001.dsb" ] && [ -f "$T/secret" ] &&
	ok "the stick's odd entries are left as they were" || fail "the stick changed: $(ls -la "$U")"

# the folder itself may be a link (a mount point)
ln -s "$U" "$T/usb-link"
timed "an import through a linked folder" county import "$T/usb-link"
expect_rc 0 "a folder given through a link is read"
expect_out "^$GOOD: already here" "... and the bundle in it found"

# a file over the limit is refused from its size, before it is read
mkdir -p "$T/big"
truncate -s 300M "$T/big/up-$ZHEX-1-000001.dsb"
cp "$U/$GOOD" "$T/big/"
timed "an import with a 300 MB file" county import "$T/big"
expect_rc 1 "a file too large is bad input"
expect_err "up-$ZHEX-1-000001.dsb: the file is too large \(314572800 bytes; at most [0-9]+\)" "... named, with its size and the limit"
expect_out "^$GOOD: already here" "... and the bundle beside it is still taken"
nothing_aside "the file too large"

# ---- the same stick on the laptop ---------------------------------------------------------

R=$(cd "$U" && ls receipt-*)
ln -s "$T/secret" "$U/receipt-$WHEX-1-000002.txt"
mkfifo "$U/receipt-$WHEX-1-000003.txt"
mkfifo "$U/down-$WHEX-000001.dsb"
mkdir "$U/down-$WHEX-000002.dsb"
[ "$NODE" = 1 ] && mknod "$U/receipt-$WHEX-1-000004.txt" c 1 5
cp "$U/$R" "$U/${R%.txt} (1).txt"
# zhang's names are not wang's business: quiet
mkfifo "$U/receipt-$ZHEX-1-000001.txt"
timed "wang's import of the stick" wang sync import "$U"
expect_rc 0 "wang takes his receipt; the rest is skipped"
expect_out "$R: the county (took|had) bundle 1" "the receipt is taken"
expect_out "^1 files taken" "one file taken"
for f in "receipt-$WHEX-1-000002.txt" "receipt-$WHEX-1-000003.txt" "down-$WHEX-000001.dsb" "down-$WHEX-000002.dsb"; do
	grep -q "^doorstep: $f: skipped: not a regular file" "$T/err" && ok "laptop: $f skipped, named" || fail "laptop $f: $(cat "$T/err")"
done
if [ "$NODE" = 1 ]; then
	grep -q "^doorstep: receipt-$WHEX-1-000004.txt: skipped: not a regular file" "$T/err" && ok "laptop: a device node skipped, named" || fail "laptop node: $(cat "$T/err")"
fi
grep -q "(1).txt: skipped: the name is not a receipt's" "$T/err" && ok "laptop: a copied receipt's name is named, not read" || fail "laptop: $(cat "$T/err")"
grep -q "$ZHEX" "$T/err" && fail "laptop: another laptop's files were mentioned" || ok "laptop: another laptop's files are left alone quietly"
[ "$(wc -l < "$T/err")" -eq $((5 + NODE)) ] && ok "laptop: one line for each thing skipped" || fail "laptop stderr: $(cat "$T/err")"
run as_wang sync status --json
tr -d ' \n' < "$T/out" | grep -q '"bundles_waiting":0' && ok "wang's bundle is acknowledged" || fail "wang status: $(cat "$T/out")"
# named on the command line: an error, at once, naming it
timed "a pipe named on the command line" wang sync import "$U/receipt-$WHEX-1-000003.txt"
expect_rc 1 "a pipe named on the command line is refused"
expect_err "receipt-$WHEX-1-000003.txt: not a regular file" "... saying what it is"
timed "a link named on the command line" wang sync import "$U/receipt-$WHEX-1-000002.txt"
expect_rc 1 "a link named on the command line is refused"
run as_wang sync import "$U/$R"
expect_rc 0 "a receipt named on the command line is read (whatever the folder's path)"

# ---- two imports at once -------------------------------------------------------------------

# both_at_once A B: two `county import` started at the same moment; their
# outputs in $T/o1 $T/e1 $T/o2 $T/e2, exit statuses in rc1 rc2
both_at_once() {
	rm -f "$T/go"
	(while [ ! -e "$T/go" ]; do sleep 0.01; done; county import "$1" > "$T/o1" 2> "$T/e1"; echo $? > "$T/rc1") &
	p1=$!
	(while [ ! -e "$T/go" ]; do sleep 0.01; done; county import "$2" > "$T/o2" 2> "$T/e2"; echo $? > "$T/rc2") &
	p2=$!
	sleep 0.2
	touch "$T/go"
	wait "$p1" "$p2"
	rc1=$(cat "$T/rc1") rc2=$(cat "$T/rc2")
}
mkdir -p "$T/a" "$T/b" "$T/c"
for i in 1 2 3; do
	households wa$i $((20000 + i * 1000)) 300
	as_wang household import --jsonl "$T/wa$i.jsonl" > /dev/null
	as_wang sync export --to "$T/a" > /dev/null
	households zb$i $((40000 + i * 1000)) 300
	as_zhang household import --jsonl "$T/zb$i.jsonl" > /dev/null
	as_zhang sync export --to "$T/b" > /dev/null
done
E0=$(county_events)
both_at_once "$T/a" "$T/b"
[ "$rc1" = 0 ] && [ "$rc2" = 0 ] && ok "two laptops' sticks imported at once: both exit 0" ||
	fail "exits $rc1 and $rc2: $(cat "$T/e1" "$T/e2")"
n=$(cat "$T/o1" "$T/o2" | grep -c ': applied (')
[ "$n" -eq 6 ] && ok "every bundle applied once (6)" || fail "$n applied: $(cat "$T/o1" "$T/o2")"
nothing_aside "two sticks at once"
audit_ok "two sticks at once"
E1=$(county_events)
[ "$((E1 - E0))" -ge 1800 ] && ok "all their events are in ($((E1 - E0)))" || fail "events $E0 -> $E1"

# the same stick twice at once: each bundle applied by one, acknowledged by the other
for i in 4 5; do
	households wc$i $((20000 + i * 1000)) 300
	as_wang household import --jsonl "$T/wc$i.jsonl" > /dev/null
	as_wang sync export --to "$T/c" > /dev/null
done
rm -f "$T/c"/up-*-00000[1-4].dsb
both_at_once "$T/c" "$T/c"
[ "$rc1" = 0 ] && [ "$rc2" = 0 ] && ok "the same stick imported twice at once: both exit 0" ||
	fail "exits $rc1 and $rc2: $(cat "$T/e1" "$T/e2")"
n=$(cat "$T/o1" "$T/o2" | grep -c ': applied (')
m=$(cat "$T/o1" "$T/o2" | grep -c ': already here')
[ "$n" -eq 2 ] && [ "$m" -eq 2 ] && ok "each of its two bundles applied once, acknowledged again by the other" ||
	fail "$n applied, $m already: $(cat "$T/o1" "$T/o2")"
grep -q "turned away" "$T/e1" "$T/e2" && fail "a bundle was turned away: $(cat "$T/e1" "$T/e2")" || ok "none turned away"
nothing_aside "the same stick twice at once"
audit_ok "the same stick twice at once"

# ---- an import while the server takes a push ---------------------------------------------------

as_zhang sync import "$T/b" > /dev/null # her receipts: only the new bundle goes
households zd 60000 400
as_zhang household import --jsonl "$T/zd.jsonl" > /dev/null
households wd 70000 400
as_wang household import --jsonl "$T/wd.jsonl" > /dev/null
mkdir -p "$T/d"
as_wang sync export --to "$T/d" > /dev/null
rm -f "$T/d"/up-*-00000[1-6].dsb
rm -f "$T/go"
(while [ ! -e "$T/go" ]; do sleep 0.01; done; county import "$T/d" > "$T/o1" 2> "$T/e1"; echo $? > "$T/rc1") &
p1=$!
(while [ ! -e "$T/go" ]; do sleep 0.01; done; as_zhang sync push > "$T/o2" 2> "$T/e2"; echo $? > "$T/rc2") &
p2=$!
sleep 0.2
touch "$T/go"
wait "$p1" "$p2"
[ "$(cat "$T/rc1")" = 0 ] && ok "an import while the server takes a push: exit 0" || fail "import: $(cat "$T/e1")"
[ "$(cat "$T/rc2")" = 0 ] && ok "... and the push: exit 0" || fail "push: $(cat "$T/e2")"
grep -q ": applied (40[0-9] new events)" "$T/o1" && ok "wang's bundle applied by the import" || fail "import: $(cat "$T/o1")"
grep -q "^1 bundles acknowledged" "$T/o2" && ok "zhang's bundle acknowledged over HTTP" || fail "push: $(cat "$T/o2")"
nothing_aside "an import beside the server"
audit_ok "an import beside the server"

# ---- a long write: waited for; too long: given up, nothing kept aside -------------------------

households we 80000 10
as_wang household import --jsonl "$T/we.jsonl" > /dev/null
mkdir -p "$T/e"
as_wang sync export --to "$T/e" > /dev/null
rm -f "$T/e"/up-*-00000[1-7].dsb
"$POKE" "$DB" hold 7 > "$T/hold" &
hp=$!
hold_taken
start=$(date +%s)
run county import "$T/e"
took=$(($(date +%s) - start))
wait "$hp"
expect_rc 0 "an import while another program writes for 7 seconds waits for it"
[ "$took" -ge 5 ] && ok "... for longer than 5 seconds ($took)" || fail "it took $took seconds"
expect_out ": applied" "... then applies the bundle"
households wf 90000 10
as_wang household import --jsonl "$T/wf.jsonl" > /dev/null
rm -rf "$T/e" && mkdir -p "$T/e"
as_wang sync export --to "$T/e" > /dev/null
rm -f "$T/e"/up-*-00000[1-8].dsb
"$POKE" "$DB" hold 6 > "$T/hold" &
hp=$!
hold_taken
run env DOORSTEP_COUNTY_WAIT=1 DOORSTEP_PASSPHRASE_FILE="$CP" "$C" import --data "$T/county" "$T/e"
expect_rc 7 "an import that waits longer than it may gives up"
expect_err "not taken, nothing kept aside: .*waited 1 seconds for another doorstep program to finish writing" "... saying what it waited for, in one line"
[ "$(wc -l < "$T/err")" -eq 1 ] && ok "... one line" || fail "stderr: $(cat "$T/err")"
ls "$T/e" | grep -q receipt- && fail "a receipt was written for a bundle not taken: $(ls "$T/e")" || ok "no receipt for it"
wait "$hp"
nothing_aside "an import that gave up"
run county import "$T/e"
expect_rc 0 "the same stick again, once the other program is done"
expect_out ": applied" "... the bundle goes in"
audit_ok "after all of it"

finish
