#!/bin/sh
# t_relief_sync.sh — two supervisors decide one relief case at the same
# time on two laptops (issue 20: the same guarantees as every decision).
# Case 1: li approves, zhou a moment later refuses, and li's approval
# reaches the county last: every store ends refused, li's approval kept in
# the log and listed as a conflict, and the roll pays nothing for it.
# Case 2: li refuses, zhou a moment later approves: every store ends
# approved, and the roll pays it once. Case 3: above the township's limit,
# refused to the township's supervisor naming the limit, approved at the
# county and seen approved on the laptops after a sync pull, and paid. A
# rebuild and the audit agree.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
LP=$(passfile pass-li "li supervises the township")
OP=$(passfile pass-zhou "zhou supervises it too")
. "$(dirname "$0")/county_lib.sh"
export DOORSTEP_TODAY=2026-12-04

as() { who=$1; shift
	case $who in wang) pf=$WP ;; li) pf=$LP ;; zhou) pf=$OP ;; esac
	DOORSTEP_STORE="$T/$who" DOORSTEP_PASSPHRASE_FILE="$pf" "$D" "$@"; }
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
# state_at WHO CASE: the relief case's state in that store ("county": the county's)
state_at() {
	if [ "$1" = county ]; then county relief list --json > "$T/st" 2> /dev/null
	else as "$1" relief show "$2" --json > "$T/st" 2> /dev/null; fi
	python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
if isinstance(j, list): j = [x for x in j if x['id'] == sys.argv[2]][0]
print(j['state'])" "$T/st" "$2"
}
# relief_paid CASE: the amounts of December's county roll lines naming the case
relief_paid() {
	county payroll --month 2026-12 --json > "$T/roll" 2> /dev/null
	python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
print(' '.join(l['amount'] for l in j['lines'] if l['ref'] == sys.argv[2]))" "$T/roll" "$1"
}

A=$(id18 44010619700101001)
printf '{"region":"440106","address":"石牌街道1号","members":[{"name":"王甲","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":[]}],"assets":{"financial":"300","vehicles":[],"homes":1}}\n' "$A" > "$T/ha.json"

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
R1=$(as wang relief file "$H" --cause accident --need "工伤住院" --amount 1000 2> /dev/null)
run as wang relief propose "$R1" --amount 1000 --reason "住院两周"
expect_rc 0 "wang files and proposes a relief case"
R2=$(as wang relief file "$H" --cause illness --need "急诊" --amount 600 2> /dev/null)
run as wang relief propose "$R2" --amount 600 --reason "急诊费用"
expect_rc 0 "... and a second one"
run as wang sync push
run as li sync pull
run as zhou sync pull
expect_rc 0 "both supervisors have the cases"

# ---- case 1: li approves, zhou a moment later refuses; li's arrives last -------------------------
run as li relief approve "$R1"
expect_rc 0 "li approves the first case"
sleep 0.2
run as zhou relief refuse "$R1" --reason "已由工伤保险支付"
expect_rc 0 "zhou, a moment later on her own laptop, refuses it"
# ---- case 2: li refuses, zhou a moment later approves ------------------------------------------
run as li relief refuse "$R2" --reason "材料不全"
sleep 0.2
run as zhou relief approve "$R2"
expect_rc 0 "li refuses the second, zhou a moment later approves it"
run as zhou sync push
expect_rc 0 "zhou's decisions reach the county first"
run as li sync push
expect_rc 0 "li's after them"

[ "$(state_at county "$R1")" = refused ] && ok "at the county the later decision on the first case stands: refused" \
	|| fail "county R1: $(state_at county "$R1")"
[ "$(state_at county "$R2")" = approved ] && ok "... and on the second: approved" || fail "county R2: $(state_at county "$R2")"
run county conflicts
expect_out "^2 changes made at the same time" "the county lists both as conflicts"
expect_out "  relief: zhou's change .* is kept; li's .* is set aside" "... zhou's decisions kept, li's set aside"

for who in wang li zhou; do run as $who sync pull; done
for who in wang li zhou; do
	s1=$(state_at $who "$R1") s2=$(state_at $who "$R2")
	[ "$s1 $s2" = "refused approved" ] && ok "$who's laptop ends with the same decisions: refused, approved" || fail "$who's laptop has $s1 $s2"
done
run as li household show "$H"
expect_out "relief: zhou's later change is kept; li's is set aside" "li's view of the household says her decisions were set aside"

# ---- the roll pays what stands, once ---------------------------------------------------------------
[ -z "$(relief_paid "$R1")" ] && ok "December's roll pays nothing for the refused case (li's approval set aside)" \
	|| fail "R1 paid: $(relief_paid "$R1")"
[ "$(relief_paid "$R2")" = "600.00" ] && ok "... and the approved one once: 600.00" || fail "R2 paid: '$(relief_paid "$R2")'"
run as li payroll --month 2026-12 --json
python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
got = sorted(l['ref'] + ':' + l['amount'] for l in j['lines'] if l['ref'] in sys.argv[2:])
sys.exit(got != [sys.argv[3] + ':600.00'])" "$T/out" "$R1" "$R2" && ok "li's laptop makes the same roll" || fail "li's roll: $(head -c 600 "$T/out")"

# ---- above the township's limit: decided at the county, seen after a pull ------------------------
R3=$(as wang relief file "$H" --cause disaster --need "房屋倒塌" --amount 3000 2> /dev/null)
run as wang relief propose "$R3" --amount 3600 --reason "房屋倒塌，需重建"
expect_rc 0 "wang proposes 3,600, above the township's limit"
run as wang sync push
run as li sync pull
run as li relief approve "$R3"
expect_rc 1 "li, the township's supervisor, cannot approve it"
expect_err "above the township's limit of 3495.00 yuan: the county decides" "... the limit named"
run county relief decide "$R3" approve
expect_rc 0 "the county approves it"
for who in wang li; do
	run as $who sync pull
	expect_rc 0 "$who pulls"
	[ "$(state_at $who "$R3")" = approved ] && ok "... and sees it approved by the county" || fail "$who R3: $(state_at $who "$R3")"
done
[ "$(relief_paid "$R3")" = "3600.00" ] && ok "December's roll pays it: 3600.00" || fail "R3 paid: '$(relief_paid "$R3")'"

for who in wang li zhou; do
	run as $who audit verify
	expect_rc 0 "$who's log verifies"
done
DOORSTEP_STORE="$T/county/store" DOORSTEP_USER=county DOORSTEP_PASSPHRASE_FILE="$CP" run "$D" store rebuild
expect_rc 0 "the county's store rebuilt from its log"
[ "$(state_at county "$R1") $(state_at county "$R2")" = "refused approved" ] && ok "... agrees" \
	|| fail "after the rebuild: $(state_at county "$R1") $(state_at county "$R2")"

finish
