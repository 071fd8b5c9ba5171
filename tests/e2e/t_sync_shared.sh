#!/bin/sh
# A township's shared laptop: wang (assistant) and li (supervisor) work on
# one store. The county enrols the laptop for wang and then li on it with
# her role; wang submits, li approves on the same laptop, and the county
# takes both. Before li is enrolled there, her approval is refused in its
# place: the bundle holding it is answered "skipped", kept aside at the
# county with its reason, never sent again, and the bundles after it go
# in. By USB the same.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/county_lib.sh"
export DOORSTEP_TODAY=2026-11-20
CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
LP=$(passfile pass-li "li supervises the township")
L="$T/laptop"
export DOORSTEP_STORE="$L"
as_wang() { DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
as_li() { DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LP" "$D" "$@"; }
county() { _c=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$_c" --data "$T/county" "$@"; }

A=$(id18 44010619700101001) B=$(id18 44010619710202002)
hh() { printf '{"region":"440106","address":"石牌街道%s号","members":[{"name":"%s","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":[]}],"assets":{"financial":"300","vehicles":[],"homes":1}}\n' "$1" "$2" "$3" > "$T/h$1.json"; }
visit() { printf '{"date":"2026-11-19","staff":["wang","陈芳"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-11-19"},"observations":"seen"}\n' "$2" "$2" > "$T/v$1.json"; }
hh 1 王甲 "$A"; hh 2 王乙 "$B"; visit 1 "$A"; visit 2 "$B"

run county init
expect_rc 0 "the county"
DOORSTEP_PASSPHRASE_FILE="$WP" run "$D" init --user wang --role assistant --region 440106
expect_rc 0 "the township's laptop, wang first"
DOORSTEP_NEW_PASSPHRASE_FILE="$LP" run as_wang user add li --role supervisor
expect_rc 0 "... and li, its supervisor"
run as_wang device-key --out "$T/laptop.key"
run county enroll --device-key "$T/laptop.key" --user wang --role assistant --area 440106
expect_rc 0 "the county enrols the laptop for wang"
run as_wang enroll --county-key "$T/county/county.pub"
expect_rc 0 "the laptop enrols with the county"

H1=$(as_wang household add --json "$T/h1.json")
H2=$(as_wang household add --json "$T/h2.json")
run as_wang visit record "$H1" --json "$T/v1.json"
run as_wang review submit "$H1"
expect_rc 0 "wang submits 王甲"
mkdir -p "$T/usb"
run as_wang sync export --to "$T/usb"
run county import "$T/usb"
expect_rc 0 "the county takes the households and wang's submission (bundle 1)"
run as_wang sync import "$T/usb"
rm -f "$T/usb"/*
run as_li review approve "$H1" --note "file complete"
expect_rc 0 "li approves 王甲 on the same laptop"

# li is not enrolled at the county yet: her approval is refused in its place
run as_wang sync export --to "$T/usb"
expect_rc 0 "the laptop writes its bundle to the stick"
run county import "$T/usb"
expect_rc 5 "the county refuses li's approval (she is not enrolled on this laptop)"
expect_err "li is not enrolled at the county on this laptop" "... and says why, naming her"
expect_err "later bundles go on" "... and that the laptop's later bundles go on after it"
run as_wang sync import "$T/usb"
expect_rc 0 "the laptop takes the county's answer"
expect_out "refused the changes in bundle 2" "... which says the changes were refused"
run as_wang sync status --json
tr -d ' \n' < "$T/out" | grep -q '"bundles_waiting":0' && ok "the refused bundle is not waiting to be sent again" \
	|| fail "status: $(cat "$T/out")"
tr -d ' \n' < "$T/out" | grep -q '"refused_bundles":1' && ok "... and is counted as refused" \
	|| fail "status: $(cat "$T/out")"
run as_wang sync status
expect_out "bundle 2 .*li is not enrolled" "sync status says which bundle was refused and why"
run county status --json
grep -q 'li is not enrolled' "$T/out" && ok "the county keeps it aside with its reason" \
	|| fail "county status: $(cat "$T/out")"

# the next bundle goes in after it
run as_wang visit record "$H2" --json "$T/v2.json"
rm -f "$T/usb"/*
run as_wang sync export --to "$T/usb"
run county import "$T/usb"
expect_rc 0 "the laptop's next bundle is taken after the refused one"
expect_out "000003.dsb: applied" "... bundle 3 applied"
run as_wang sync import "$T/usb"
run as_wang sync status --json
tr -d ' \n' < "$T/out" | grep -q '"bundles_waiting":0' && ok "nothing waits" || fail "status: $(cat "$T/out")"

# li enrolled on the shared laptop with her role: her decisions go in
run county enroll --device-key "$T/laptop.key" --user li --role supervisor --area 440106
expect_rc 0 "the county enrols li on the shared laptop as a supervisor"
run county enroll --device-key "$T/laptop.key" --user li --role supervisor --area 440106
expect_out "already" "... the same again changes nothing"
run as_wang review submit "$H2"
run as_li review approve "$H2" --note "seen"
expect_rc 0 "li approves 王乙"
if start_server; then ok "the county serves on $URL"; else fail "serve: $(cat "$T/serve.log")"; finish; exit 1; fi
run as_wang sync push --server "$URL"
expect_rc 0 "the laptop pushes li's approval over the network"
stop_server
run county status --json
tr -d ' \n' < "$T/out" | grep -q '"aside":\[{' && ok "only the refused bundle stays aside" || fail "county status: $(cat "$T/out")"
DOORSTEP_STORE="$T/county/store" DOORSTEP_USER=county DOORSTEP_PASSPHRASE_FILE="$CP" run "$D" household show "$H2" --json
grep -q '"state": *"notice"\|"notice"' "$T/out" && ok "the county has li's approval of 王乙 (public notice)" \
	|| fail "county's household: $(head -c 400 "$T/out")"
DOORSTEP_STORE="$T/county/store" DOORSTEP_USER=county DOORSTEP_PASSPHRASE_FILE="$CP" run "$D" audit verify
expect_rc 0 "the county's log verifies, with the refused bundle's events not in it"
run as_wang audit verify
expect_rc 0 "the laptop's log verifies"
finish
