#!/bin/sh
# t_sync_usb.sh — bundles carried by hand between two assistants' laptops
# and the county: enrolment both ways, every change reaching the county
# once, receipts letting the laptops prune, and the faults a stick and a
# county office meet — the same bundle three times, a flipped byte, a cut
# file, a revoked laptop, a bundle replayed from before a restore, a
# restore without a new epoch, a gap filled later. Each refusal has its
# reason and exit status and changes nothing on the server.
. "$(dirname "$0")/lib.sh"

C="$BUILD/doorstep-county"
CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
ZP=$(passfile pass-zhang "zhang keeps her own passphrase")
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_wang() { DOORSTEP_STORE="$T/wang" DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
as_zhang() { DOORSTEP_STORE="$T/zhang" DOORSTEP_PASSPHRASE_FILE="$ZP" "$D" "$@"; }
# the county's own log, read with doorstep
as_county() { DOORSTEP_STORE="$T/county/store" DOORSTEP_PASSPHRASE_FILE="$CP" "$D" "$@"; }

# county_events: how many events the county's log holds
county_events() {
	as_county audit verify 2> /dev/null | sed -n 's/^The log is intact: \([0-9]*\) events.*/\1/p'
}
county_sum() { tree_sum "$T/county/store" | grep -v -e '-wal$' -e '-shm$'; }

# unchanged BEFORE DESCRIPTION: the county holds as many events as before,
# and its log still verifies.
unchanged() {
	now=$(county_events)
	if [ "$now" = "$1" ]; then ok "$2: the county's log is unchanged ($now events) and verifies"
	else fail "$2: the county's log has $now events, had $1"; fi
}

# a household of our own, visited and submitted (so decisions have work)
household() { # WHO NAME ID FILE
	cat > "$T/$4.json" <<EOF
{"region":"440106","address":"石牌街道$4号","members":[{"name":"$2","id_number":"$3",
 "relation":"head","categories":[],"able_to_work":false,"incomes":[]}],
 "assets":{"financial":"300","vehicles":[],"homes":1}}
EOF
	run "$1" household add --json "$T/$4.json"
	expect_rc 0 "$1 adds $2's household"
}

# ---- set-up: a county, two laptops -------------------------------------------------

run county init
expect_rc 0 "doorstep-county init"
[ -f "$T/county/county.pub" ] && ok "init writes county.pub" || fail "no county.pub"
run county init
expect_rc 1 "a second init on the same folder is refused"
DOORSTEP_NEW_PASSPHRASE_FILE="$WP" DOORSTEP_PASSPHRASE_FILE="$WP" run "$D" init --store "$T/wang" --user wang --role assistant --region 440106
expect_rc 0 "wang's laptop"
DOORSTEP_NEW_PASSPHRASE_FILE="$ZP" DOORSTEP_PASSPHRASE_FILE="$ZP" run "$D" init --store "$T/zhang" --user zhang --role assistant --region 440106
expect_rc 0 "zhang's laptop"

# offline work on both
W1=$(id18 44010619600101001) W2=$(id18 44010619610202002) Z1=$(id18 44010619620303003)
household as_wang 王一 "$W1" w1
household as_wang 王二 "$W2" w2
household as_zhang 张一 "$Z1" z1
run as_wang demo --households 5 --seed 7
expect_rc 0 "wang's demo households"

mkdir -p "$T/usb"
run as_wang sync export --to "$T/usb"
expect_rc 2 "sync export before enrolling"
expect_err "not enrolled" "it says the laptop is not enrolled"

# enrolment, both ways
run as_wang device-key --out "$T/wang.key"
expect_rc 0 "wang's device key"
run as_zhang device-key --out "$T/zhang.key"
expect_rc 0 "zhang's device key"
if grep -q 'format: doorstep-device-public-1' "$T/wang.key" && ! grep -qi 'secret' "$T/wang.key"; then
	ok "the key file holds public keys only"
else fail "the key file: $(cat "$T/wang.key")"; fi
run county enroll --device-key "$T/wang.key" --user wang --role assistant --area 440106
expect_rc 0 "the county enrols wang's laptop"
run county enroll --device-key "$T/wang.key" --user wang --role assistant --area 440106
expect_rc 0 "enrolling the same laptop again"
expect_out "already" "... says it was enrolled already"
run county enroll --device-key "$T/wang.key" --user wang --role assistant --area 440107
expect_rc 1 "enrolling wang's laptop again for another area is refused"
run county enroll --device-key "$T/zhang.key" --user zhang --role assistant --area 4401x
expect_rc 2 "an area that is not digits"
run county enroll --device-key "$T/zhang.key" --user zhang --role assistant --area 440106
expect_rc 0 "the county enrols zhang's laptop"
run as_wang enroll --county-key "$T/county/county.pub"
expect_rc 0 "wang's laptop takes the county's key"
run as_zhang enroll --county-key "$T/county/county.pub"
expect_rc 0 "zhang's laptop takes the county's key"

# ---- the first round trip ---------------------------------------------------------

run as_wang sync status
expect_out "^Changes not yet acknowledged by the county: [1-9]" "wang has changes waiting"
run as_wang sync export --to "$T/usb"
expect_rc 0 "wang writes his bundles to the stick"
run as_zhang sync export --to "$T/usb"
expect_rc 0 "zhang writes hers to the same stick"
n=$(ls "$T/usb" | grep -c '^up-.*\.dsb$')
[ "$n" -eq 2 ] && ok "two bundles on the stick" || fail "$n bundles on the stick: $(ls "$T/usb")"
ls -a "$T/usb" | grep -q '\.tmp' && fail "a temporary file was left on the stick" || ok "no temporary file left on the stick"
if grep -aq '王一\|440106196001010' "$T/usb"/*.dsb; then fail "a bundle holds plaintext"
else ok "no name or ID number readable in the bundles"; fi

run county import "$T/usb"
expect_rc 0 "the county imports the stick"
expect_out "applied \([1-9][0-9]* new events\)" "each bundle is applied"
expect_out "2 bundles read, 2 applied" "two read, two applied"
n=$(ls "$T/usb" | grep -c '^receipt-')
[ "$n" -eq 2 ] && ok "a receipt for each bundle on the stick" || fail "$n receipts"
E1=$(county_events)
[ "${E1:-0}" -gt 0 ] && ok "the county's log verifies and holds both laptops' events ($E1)" || fail "county audit verify"
run as_county household list --csv
N=$(tail -n +2 "$T/out" | wc -l)
[ "$N" -eq 8 ] && ok "the county's case files: all 8 households of both laptops" || fail "the county has $N households"
run county status --json
expect_rc 0 "status --json"
if tr -d ' \n' < "$T/out" | grep -q '"user":"wang","role":"assistant","area":"440106","events":[1-9]'; then
	ok "status: wang's laptop with its role, area and events"
else fail "status: $(head -c 400 "$T/out")"; fi
tr -d ' \n' < "$T/out" | grep -q '"aside":\[\]' && ok "status: nothing kept aside" || fail "status aside: $(head -c 400 "$T/out")"

# the laptops take their receipts; only then is anything let go
run as_wang sync status --json
tr -d ' \n' < "$T/out" | grep -q '"bundles_waiting":1' && ok "before the receipt, wang keeps his bundle" || fail "wang status: $(cat "$T/out")"
run as_wang sync import "$T/usb"
expect_rc 0 "wang takes the stick back"
expect_out "the county took bundle 1 into its log" "the receipt says his bundle was applied"
expect_out "^1 files taken" "only wang's own receipt is taken from the stick"
run as_wang sync status --json
tr -d ' \n' < "$T/out" | grep -q '"unsent_events":0,"bundles_waiting":0' && ok "after the receipt nothing waits" || fail "wang status: $(cat "$T/out")"
run as_zhang sync import "$T/usb"
expect_rc 0 "zhang takes hers"

# a receipt altered on the stick prunes nothing
rm -f "$T/usb"/*
household as_zhang 张二 "$(id18 44010619630404004)" z2
run as_zhang sync export --to "$T/usb"
run county import "$T/usb"
expect_rc 0 "zhang's second bundle"
R=$(ls "$T/usb"/receipt-* | head -1)
sed -i 's/^outcome: applied$/outcome: already/' "$R"
run as_zhang sync import "$R"
expect_rc 4 "a receipt changed on the stick"
expect_err "not signed by the county" "... is not signed by the county"
run as_zhang sync status --json
tr -d ' \n' < "$T/out" | grep -q '"bundles_waiting":1' && ok "... and zhang still keeps her bundle" || fail "zhang status: $(cat "$T/out")"

# ---- the same bundle three times: applied once ----------------------------------------

rm -f "$T/usb"/*
household as_wang 王三 "$(id18 44010619640505005)" w3
run as_wang sync export --to "$T/usb"
expect_rc 0 "a new bundle from wang"
E0=$(county_events)
run county import "$T/usb"
expect_out "applied" "first time: applied"
run as_wang sync import "$T/usb"
E2=$(county_events)
run county import "$T/usb"
expect_rc 0 "second time"
expect_out "already here" "second time: already here, acknowledged again"
run county import "$T/usb"
expect_out "already here" "third time: the same"
unchanged "$E2" "the second and third copies"
[ "$E2" -gt "$E0" ] && ok "the bundle's events went in once ($((E2 - E0)))" || fail "events $E0 -> $E2"

# ---- a flipped byte, a cut file -------------------------------------------------------

rm -f "$T/usb"/*
household as_wang 王四 "$(id18 44010619650606006)" w4
run as_wang sync export --to "$T/usb"
B=$(ls "$T/usb"/up-*.dsb)
mkdir -p "$T/bad"
# under the bundle's own name: the county reads nothing else
BAD="$T/bad/$(basename "$B")"
cp "$B" "$BAD"
size=$(wc -c < "$B")
printf '\377' | dd of="$BAD" bs=1 seek=$((size - 40)) conv=notrunc 2> /dev/null
E0=$(county_events)
run county import "$T/bad"
expect_rc 4 "a bundle with one byte flipped"
expect_err "turned away and kept aside: .*(does not decrypt|does not match)" "... refused with its reason"
unchanged "$E0" "the flipped bundle"
rm -f "$T/bad"/*
head -c $((size / 2)) "$B" > "$BAD"
run county import "$T/bad"
expect_rc 4 "a bundle cut in half"
expect_err "truncated" "... refused as truncated"
expect_err "turned away, not kept" "... and not kept (refused before its sender was authenticated)"
unchanged "$E0" "the cut bundle"
run county import "$T/usb"
expect_rc 0 "the whole bundle, carried again, goes in"
run as_wang sync import "$T/usb"
expect_out "the county took bundle [0-9]+ into its log" "wang takes the receipt"
run county status
expect_out "turned away: .*chunk" "status lists the flipped bundle (its sender known) with its reason"
grep -q "truncated" "$T/out" && fail "the cut bundle was kept aside: $(cat "$T/out")" || ok "... and not the cut one"

# ---- a revoked laptop ---------------------------------------------------------------

rm -f "$T/usb"/*
household as_zhang 张三 "$(id18 44010619660707007)" z3
run as_zhang sync export --to "$T/usb"
run county revoke --device-key "$T/zhang.key"
expect_rc 0 "the county revokes zhang's laptop (lost on the bus)"
E0=$(county_events)
run county import "$T/usb"
expect_rc 5 "a bundle from the revoked laptop"
expect_err "revoked" "... refused: revoked"
expect_err "not kept" "... and not kept"
grep -q zhang "$T/err" && fail "the refusal names the user: $(cat "$T/err")" || ok "... naming no one"
unchanged "$E0" "the revoked laptop's bundle"

# ---- restored from a backup: without a new epoch, then with one -------------------------

rm -f "$T/usb"/*
cp -a "$T/wang" "$T/wang-backup"
household as_wang 王五 "$(id18 44010619670808008)" w5
run as_wang sync export --to "$T/usb"
mkdir -p "$T/old"
cp "$T/usb"/*.dsb "$T/old/"
run county import "$T/usb"
expect_rc 0 "wang's bundle before his laptop breaks"
run as_wang sync import "$T/usb"
# the laptop is restored from last week's backup and works on
rm -rf "$T/wang"
cp -a "$T/wang-backup" "$T/wang"
household as_wang 王六 "$(id18 44010619680909009)" w6
rm -f "$T/usb"/*
run as_wang sync export --to "$T/usb"
E0=$(county_events)
run county import "$T/usb"
expect_rc 9 "a restored laptop's bundle under a number the county already has"
expect_err "a different bundle was already received under this number" "... refused, saying so"
unchanged "$E0" "the restored laptop's clashing bundle"
run as_wang sync new-epoch
expect_rc 0 "wang's laptop goes on in a new epoch"
expect_out "epoch 2" "... epoch 2"
household as_wang 王七 "$(id18 44010619691010000)" w7
rm -f "$T/usb"/*
run as_wang sync export --to "$T/usb"
ls "$T/usb" | grep -q -- '-2-000001\.dsb$' && ok "the new epoch's first bundle is number 1" || fail "bundles: $(ls "$T/usb")"
ls "$T/usb" | grep -q -- '-1-[0-9]*\.dsb$' && ok "the old epoch's clashing bundle goes on the stick too, still unanswered" || fail "bundles: $(ls "$T/usb")"
E0=$(county_events)
run county import "$T/usb"
expect_rc 9 "the county refuses the old epoch's clashing bundle again"
[ "$(county_events)" -gt "$E0" ] && ok "... and takes the new epoch's bundle beside it" || fail "the county has $(county_events) events, had $E0"
run as_wang sync import "$T/usb"
expect_rc 0 "wang takes both receipts"
run as_wang sync status --json
tr -d ' \n' < "$T/out" | grep -q '"bundles_waiting":0' && ok "the refused bundle of the old epoch no longer waits to be sent" || fail "wang status: $(cat "$T/out")"
tr -d ' \n' < "$T/out" | grep -q '"refused_bundles":1,"refused_events":[1-9]' && ok "... it is counted as refused for good, with its changes" || fail "wang status: $(cat "$T/out")"
run as_wang sync status
expect_out "Refused by the county for good: 1 bundles" "... and said so in words"
rm -f "$T/usb"/*
household as_wang 王八 "$(id18 44010619700202002)" w8
run as_wang sync export --to "$T/usb"
ls "$T/usb" | grep -q -- '-1-[0-9]*\.dsb$' && fail "the refused bundle was written again: $(ls "$T/usb")" || ok "the refused bundle is not written to the stick again"
ls "$T/usb" | grep -q -- '-2-000002\.dsb$' && ok "the new epoch goes on with bundle 2" || fail "bundles: $(ls "$T/usb")"
run county import "$T/usb"
expect_rc 0 "the county takes it"
run as_wang sync import "$T/usb"
run county import "$T/old"
expect_rc 0 "the old epoch's bundle again: it was applied, so acknowledged again"
# a bundle of the old epoch the county never saw is a replay now
cp -a "$T/wang-backup" "$T/wang-old"
DOORSTEP_STORE="$T/wang-old" DOORSTEP_PASSPHRASE_FILE="$WP" run "$D" household add --json "$T/w7.json"
mkdir -p "$T/replay"
DOORSTEP_STORE="$T/wang-old" DOORSTEP_PASSPHRASE_FILE="$WP" run "$D" sync export --to "$T/replay"
E0=$(county_events)
run county import "$T/replay"
expect_rc 9 "a bundle from an earlier epoch than one already received"
expect_err "earlier epoch" "... refused as a replay"
unchanged "$E0" "the replayed bundle"

# ---- a gap: held until the missing bundle arrives -------------------------------------------

rm -rf "$T/usb" && mkdir "$T/usb"
household as_wang 王八 "$(id18 44010619701111001)" w8
run as_wang sync export --to "$T/usb"
first=$(ls "$T/usb"/up-*-2-*.dsb)
mkdir -p "$T/later"
mv "$first" "$T/later/"
household as_wang 王九 "$(id18 44010619711212002)" w9
run as_wang sync export --to "$T/usb"
rm -f "$T/usb"/"$(basename "$first")" "$T/usb"/up-*-1-*.dsb
E0=$(county_events)
run county import "$T/usb"
expect_rc 10 "a bundle after a gap"
expect_out "held until an earlier bundle arrives" "... is held, not dropped"
unchanged "$E0" "the held bundle"
run county status
expect_out "held back: .*held until bundle" "status lists it as held"
run county import "$T/later"
expect_rc 0 "the missing bundle arrives"
E3=$(county_events)
run as_county household list --csv
if grep -q '王九' "$T/out" && grep -q '王八' "$T/out"; then ok "both went in: the held bundle followed the missing one"
else fail "the county's households: $(cat "$T/out")"; fi
run county status --json
if tr -d ' \n' < "$T/out" | grep -q '"state":"held"'; then fail "a bundle is still held: $(cat "$T/out")"
else ok "nothing is held any more"; fi
[ "$E3" -gt "$E0" ] && ok "the county's log verifies after all of it ($E3 events)" || fail "county events $E3"

# ---- a laptop's area: a household outside it is refused ----------------------------------

rm -rf "$T/usb" && mkdir "$T/usb"
run as_wang sync import "$T/later"
sed 's/"region":"440106"/"region":"440111"/' "$T/w1.json" | sed "s/$W1/$(id18 44011119721213003)/" > "$T/far.json"
run as_wang household add --json "$T/far.json"
expect_rc 0 "wang records a household of another district (440111)"
run as_wang sync export --to "$T/usb"
E0=$(county_events)
run county import "$T/usb"
expect_rc 5 "the county refuses it: wang's laptop is enrolled for area 440106"
expect_err "outside this laptop's area 440106" "... saying the household is outside the laptop's area"
unchanged "$E0" "the bundle from outside the area"

finish
