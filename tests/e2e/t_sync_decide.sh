#!/bin/sh
# t_sync_decide.sh — two supervisors decide the same case at the same
# time on two laptops: li approves, zhou a moment later returns it, and
# li's decision reaches the county last. Every store ends with the later
# decision (zhou's), whatever order the bundles came in; li's is kept in
# the log and listed as a conflict, at the county and on the household's
# screen, for someone to settle.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
LP=$(passfile pass-li "li supervises the township")
OP=$(passfile pass-zhou "zhou supervises it too")
. "$(dirname "$0")/county_lib.sh"

as() { who=$1; shift
	case $who in wang) pf=$WP ;; li) pf=$LP ;; zhou) pf=$OP ;; esac
	DOORSTEP_STORE="$T/$who" DOORSTEP_PASSPHRASE_FILE="$pf" "$D" "$@"; }
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }

A=$(id18 44010619700101001)
printf '{"region":"440106","address":"石牌街道1号","members":[{"name":"王甲","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":[]}],"assets":{"financial":"300","vehicles":[],"homes":1}}\n' "$A" > "$T/ha.json"
printf '{"date":"2026-11-25","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-11-25"},"observations":"seen"}\n' "$A" "$A" > "$T/va.json"

run county init
for who in wang li zhou; do
	role=supervisor
	[ $who = wang ] && role=assistant
	case $who in wang) pf=$WP ;; li) pf=$LP ;; zhou) pf=$OP ;; esac
	DOORSTEP_PASSPHRASE_FILE="$pf" run "$D" init --store "$T/$who" --user $who --role $role --region 440106
	run as $who device-key --out "$T/$who.key"
	run county enroll --device-key "$T/$who.key" --user $who --role $role --area 440106
	expect_rc 0 "$who's laptop enrolled ($role)"
done
if start_server; then ok "the county serves on 127.0.0.1:$PORT"
else fail "the server did not start: $(cat "$T/serve.log")"; finish; exit 1; fi
for who in wang li zhou; do run as $who enroll --county-key "$T/county/county.pub" --server "$URL"; done

H=$(as wang household add --json "$T/ha.json")
run as wang visit record "$H" --json "$T/va.json"
run as wang review submit "$H"
expect_rc 0 "wang submits 王甲"
run as wang sync push
run as li sync pull
run as zhou sync pull
expect_rc 0 "both supervisors have the case"

# at the same time, on two laptops, before either hears of the other
run as li review approve "$H"
expect_rc 0 "li approves it"
sleep 0.2
run as zhou review return "$H" --reason "bring the October payslip"
expect_rc 0 "zhou, a moment later on her own laptop, returns it"
# the later decision reaches the county first
run as zhou sync push
expect_rc 0 "zhou's return reaches the county first"
run as li sync push
expect_rc 0 "li's approval after it"

status_of() { as "$1" household list --csv | grep 王甲 | cut -d, -f2 | tr -d '"'; }
S=$(DOORSTEP_STORE="$T/county/store" DOORSTEP_PASSPHRASE_FILE="$CP" "$D" household list --csv | grep 王甲 | cut -d, -f2 | tr -d '"')
[ "$S" = returned ] && ok "at the county the later decision stands: returned" || fail "the county's case is $S"
run county conflicts
expect_out "^1 changes made at the same time" "the county lists one conflict"
expect_out "  decision: zhou's change .* is kept; li's .* is set aside" "... zhou's decision kept, li's set aside"
run county conflicts --json
tr -d ' \n' < "$T/out" | grep -q '"fields":\["decision"\],"kept":{"by":"zhou"' && ok "... and in JSON" || fail "json: $(cat "$T/out")"

for who in wang li zhou; do run as $who sync pull; done
for who in wang li zhou; do
	S=$(status_of $who)
	[ "$S" = returned ] && ok "$who's laptop ends with the same decision: returned" || fail "$who's laptop has $S"
done
run as li household show "$H"
expect_out "decision: zhou's later change is kept; li's is set aside" "li's screen of the household says her approval was set aside"
for who in wang li zhou; do
	run as $who audit verify
	expect_rc 0 "$who's log verifies"
done
DOORSTEP_STORE="$T/county/store" DOORSTEP_USER=county DOORSTEP_PASSPHRASE_FILE="$CP" run "$D" store rebuild
expect_rc 0 "the county's store rebuilt from its log"
DOORSTEP_STORE="$T/county/store" DOORSTEP_PASSPHRASE_FILE="$CP" run "$D" household list --csv
grep 王甲 "$T/out" | grep -q returned && ok "the county rebuilt from its log agrees" || fail "after the rebuild: $(cat "$T/out")"

finish
