#!/bin/sh
# t_sync_flow.sh — the whole path of a case through the county, twice:
# once over HTTP to a real doorstep-county on 127.0.0.1, once by USB
# stick. Two assistants visit and submit offline; the county comes back;
# they sync; the supervisor pulls the area's queue, approves one case and
# returns the other; the assistants pull and see both decisions. Both
# routes end in the same state; every log verifies; the assistants see
# only their own households, the supervisor the submitted ones.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
ZP=$(passfile pass-zhang "zhang keeps her own passphrase")
LP=$(passfile pass-li "li supervises the township")

. "$(dirname "$0")/county_lib.sh"

# as WHO ROUTE CMD...: doorstep on WHO's laptop of that route
as() { who=$1 route=$2; shift 2
	case $who in wang) pf=$WP ;; zhang) pf=$ZP ;; li) pf=$LP ;; esac
	DOORSTEP_STORE="$T/$route/$who" DOORSTEP_PASSPHRASE_FILE="$pf" "$D" "$@"; }
county() { route=$1 cmd=$2; shift 2; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/$route/county" "$@"; }

A=$(id18 44010619700101001) B=$(id18 44010619710202002) Z=$(id18 44010619720303003)
household() { # FILE NAME ID WAGES
	inc="[]"
	[ "$4" != 0 ] && inc="[{\"source\":\"wages\",\"monthly\":\"$4\"}]"
	printf '{"region":"440106","address":"石牌街道%s号","members":[{"name":"%s","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":%s}],"assets":{"financial":"300","vehicles":[],"homes":1}}\n' \
		"$1" "$2" "$3" "$inc" > "$T/$1.json"
}
visit() { # FILE ID
	printf '{"date":"2026-11-25","staff":["%s","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-11-25"},"observations":"seen"}\n' \
		"$3" "$2" "$2" > "$T/$1.json"
}
household ha 王甲 "$A" 0
household hb 王乙 "$B" 500
household hz 张丙 "$Z" 0
visit va "$A" wang
visit vb "$B" wang
visit vz "$Z" zhang

# setup ROUTE: a county and three laptops, enrolled both ways; offline work.
setup() {
	r=$1
	mkdir -p "$T/$r"
	run county "$r" init
	expect_rc 0 "$r: the county"
	for who in wang zhang li; do
		role=assistant
		[ $who = li ] && role=supervisor
		case $who in wang) pf=$WP ;; zhang) pf=$ZP ;; li) pf=$LP ;; esac
		DOORSTEP_PASSPHRASE_FILE="$pf" run "$D" init --store "$T/$r/$who" --user $who --role $role --region 440106
		run as $who "$r" device-key --out "$T/$r/$who.key"
		run county "$r" enroll --device-key "$T/$r/$who.key" --user $who --role $role --area 440106
		expect_rc 0 "$r: $who's laptop enrolled ($role)"
	done
	# offline: visits and submissions on both assistants
	HA=$(as wang "$r" household add --json "$T/ha.json")
	HB=$(as wang "$r" household add --json "$T/hb.json")
	HZ=$(as zhang "$r" household add --json "$T/hz.json")
	run as wang "$r" visit record "$HA" --json "$T/va.json"
	run as wang "$r" visit record "$HB" --json "$T/vb.json"
	run as zhang "$r" visit record "$HZ" --json "$T/vz.json"
	run as wang "$r" review submit "$HA"
	expect_rc 0 "$r: wang submits 王甲 offline"
	run as wang "$r" review submit "$HB"
	run as zhang "$r" review submit "$HZ"
	expect_rc 0 "$r: zhang submits 张丙 offline"
}

# state ROUTE WHO: head, status and allowance of each household WHO sees, sorted
state() {
	as "$2" "$1" household list --csv | tail -n +2 | awk -F, '{ print $3 "," $2 "," $7 }' | tr -d '"' | sort
}

# ---- over HTTP ----------------------------------------------------------------------

setup http
if start_server "$T/http/county"; then ok "http: the county comes back (serves on 127.0.0.1:$PORT)"
else fail "the server did not start: $(cat "$T/serve.log")"; finish; exit 1; fi
for who in wang zhang li; do
	run as $who http enroll --county-key "$T/http/county/county.pub" --server "$URL"
done
run as wang http sync push
expect_rc 0 "http: wang pushes"
run as zhang http sync push
expect_rc 0 "http: zhang pushes"
run as li http sync pull
expect_rc 0 "http: li pulls the area's queue"
run as li http review list
expect_out "^3 cases waiting for review" "http: li's queue holds the three submitted cases"
expect_out "王甲 +submitted by wang" "... 王甲, submitted by wang"
expect_out "张丙 +submitted by zhang" "... and 张丙, submitted by zhang"
expect_out "How this was worked out \(policy cn-default" "... with the derivation the assistant's laptop worked out"
HA_L=$(as li http household list --csv | grep 王甲 | cut -d, -f1 | tr -d '"')
HZ_L=$(as li http household list --csv | grep 张丙 | cut -d, -f1 | tr -d '"')
run as li http review approve "$HA_L"
expect_rc 0 "http: li approves 王甲"
run as li http review return "$HZ_L" --reason "bring the October payslip"
expect_rc 0 "http: li returns 张丙 for more investigation"
run as li http sync push
expect_rc 0 "http: li pushes her decisions"
run as wang http sync pull
expect_rc 0 "http: wang pulls"
run as zhang http sync pull
expect_rc 0 "http: zhang pulls"
state http wang > "$T/http-wang"
state http zhang > "$T/http-zhang"
grep -q '^王甲,notice,' "$T/http-wang" && ok "http: wang sees 王甲 approved (public notice)" || fail "wang sees: $(cat "$T/http-wang")"
grep -q '^王乙,submitted,' "$T/http-wang" && ok "http: 王乙 still waits for review" || fail "wang sees: $(cat "$T/http-wang")"
grep -q '^张丙,returned,' "$T/http-zhang" && ok "http: zhang sees 张丙 returned" || fail "zhang sees: $(cat "$T/http-zhang")"
grep -q '张丙' "$T/http-wang" && fail "wang sees zhang's household" || ok "http: wang does not get zhang's household"
grep -q '王' "$T/http-zhang" && fail "zhang sees wang's households" || ok "http: zhang does not get wang's households"
run as zhang http household show "$HZ_L"
run as zhang http notice "$(as zhang http household list --csv | grep 张丙 | cut -d, -f1 | tr -d '"')" --lang en
for who in wang zhang li; do
	run as $who http audit verify
	expect_rc 0 "http: $who's log verifies, the county's events in it"
done
DOORSTEP_STORE="$T/http/county/store" DOORSTEP_PASSPHRASE_FILE="$CP" run "$D" audit verify
expect_rc 0 "http: the county's log verifies"
run as wang http sync pull
expect_out "^0 bundles from the county" "http: pulling again brings nothing new"

# a policy update at the county reaches the laptops, signed by the county
TOP=$(cd "$(dirname "$0")/../.." && pwd)
run county http policy "$TOP/tests/policy/sample.json"
expect_rc 0 "http: the county imports a new policy version"
run as wang http sync pull
expect_rc 0 "http: wang pulls"
run as wang http policy show --json
expect_out "test-sample-2024\.1" "http: wang's laptop has the county's new policy"
run as wang http audit verify
expect_rc 0 "http: wang's log verifies with the county's policy in it"
stop_server

# ---- by USB stick ---------------------------------------------------------------------

setup usb
for who in wang zhang li; do
	run as $who usb enroll --county-key "$T/usb/county/county.pub"
done
mkdir -p "$T/stick"
run as wang usb sync export --to "$T/stick"
run as zhang usb sync export --to "$T/stick"
run county usb import "$T/stick"
expect_rc 0 "usb: the county imports both assistants' bundles"
run as wang usb sync import "$T/stick"
run as zhang usb sync import "$T/stick"
run county usb export --for "$T/usb/li.key" "$T/stick"
expect_rc 0 "usb: the county writes li's bundle to the stick"
run as li usb sync import "$T/stick"
expect_rc 0 "usb: li takes it"
HA_L=$(as li usb household list --csv | grep 王甲 | cut -d, -f1 | tr -d '"')
HZ_L=$(as li usb household list --csv | grep 张丙 | cut -d, -f1 | tr -d '"')
run as li usb review approve "$HA_L"
run as li usb review return "$HZ_L" --reason "bring the October payslip"
run as li usb sync export --to "$T/stick"
run county usb import "$T/stick"
expect_rc 0 "usb: the county takes li's decisions"
run county usb export --for "$T/usb/wang.key" "$T/stick"
run county usb export --for "$T/usb/zhang.key" "$T/stick"
run as wang usb sync import "$T/stick"
expect_rc 0 "usb: wang takes the county's bundle"
run as zhang usb sync import "$T/stick"
expect_rc 0 "usb: zhang takes hers"
run as wang usb sync import "$T/stick"
expect_out "taken before; nothing done twice|^0 files" "usb: the same stick again changes nothing"
state usb wang > "$T/usb-wang"
state usb zhang > "$T/usb-zhang"
if cmp -s "$T/http-wang" "$T/usb-wang" && cmp -s "$T/http-zhang" "$T/usb-zhang"; then
	ok "by USB or over HTTP, the assistants end in the same state"
else fail "the routes differ: http wang $(cat "$T/http-wang" | tr '\n' ' ') / usb wang $(cat "$T/usb-wang" | tr '\n' ' ') / http zhang $(cat "$T/http-zhang" | tr '\n' ' ') / usb zhang $(cat "$T/usb-zhang" | tr '\n' ' ')"; fi
if [ "$(state usb li)" = "$(state http li)" ]; then ok "... and so does the supervisor"
else fail "li differs: $(state usb li | tr '\n' ' ') / $(state http li | tr '\n' ' ')"; fi
for who in wang zhang li; do
	run as $who usb audit verify
	expect_rc 0 "usb: $who's log verifies"
done

finish
