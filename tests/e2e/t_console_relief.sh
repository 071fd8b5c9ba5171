#!/bin/sh
# t_console_relief.sh — the console's temporary assistance page (issue 20)
# with curl against a real doorstep-county serve on 127.0.0.1: the relief
# cases a laptop sent, the one above the township's limit waiting for the
# county first, with a form to decide it for an approver and none for an
# officer (whose POST is refused 403, logged); a refusal without a reason
# and a decision on a case the township decides are refused naming why
# (400); the approver's approval is the county's decision (relief list
# says so, the office log holds it) and goes down to the laptop; a Chinese
# page.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
LP=$(passfile pass-li "li supervises the township")
OP=$(passfile pass-office "ana's office password")
PP=$(passfile pass-approver "the approver's office password")
. "$(dirname "$0")/county_lib.sh"
. "$(dirname "$0")/console_lib.sh"

county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
export DOORSTEP_STORE="$T/town" DOORSTEP_TODAY=2026-12-04
as_wang() { DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
as_li() { DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LP" "$D" "$@"; }
step() { what=$1; shift; run "$@"; [ "$rc" -eq 0 ] || fail "$what: exit $rc: $(head -c 300 "$T/err")"; }
# post JAR PATH [curl args]: a POST with the session's CSRF token from /relief
post() {
	pjar=$1 ppath=$2
	shift 2
	req "$pjar" GET /relief
	tok=$(csrf)
	req "$pjar" POST "$ppath" --data-urlencode "csrf=$tok" "$@"
}

step "county" county init
DOORSTEP_PASSPHRASE_FILE="$WP" step "town laptop" "$D" init --user wang --role assistant --region 440106
DOORSTEP_NEW_PASSPHRASE_FILE="$LP" step "li" as_wang user add li --role supervisor
step "town key" as_wang device-key --out "$T/town.key"
step "wang enrolled" county enroll --device-key "$T/town.key" --user wang --role assistant --area 440106
step "li enrolled" county enroll --device-key "$T/town.key" --user li --role supervisor --area 440106
step "town enrols" as_wang enroll --county-key "$T/county/county.pub"
DOORSTEP_OFFICE_PASSWORD_FILE="$OP" step "ana (officer)" county user add ana --role officer
DOORSTEP_OFFICE_PASSWORD_FILE="$PP" step "pei (approver)" county user add pei --role approver

printf '{"region":"440106","address":"石牌街道13号","members":[{"name":"张伟","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":[]}],"assets":{"financial":"500","vehicles":[],"homes":1}}\n' \
	"$(id18 44010619800808003)" > "$T/h.json"
H=$(as_wang household add --json "$T/h.json") || fail "household"
R=$(as_wang relief file "$H" --cause income_loss --need "工厂停工" --amount 3000 2> /dev/null)
step "propose above the limit" as_wang relief propose "$R" --amount 3495.01 --reason "全家四个月无收入"
R2=$(as_wang relief file "$H" --cause illness --need "急诊" --amount 500 2> /dev/null)
step "propose within it" as_wang relief propose "$R2" --amount 500 --reason "急诊费用"
mkdir -p "$T/usb"
step "export" as_wang sync export --to "$T/usb"
step "import at the county" county import "$T/usb"
step "receipts" as_wang sync import "$T/usb"

start_server || { fail "the server did not start: $(cat "$T/serve.log")"; finish; exit 1; }
login ja ana "ana's office password"
[ "$code" = 303 ] && ok "ana (officer) logs in" || fail "ana login: $code"
login jp pei "the approver's office password"
[ "$code" = 303 ] && ok "pei (approver) logs in" || fail "pei login: $code"

req ja GET /
grep -q 'href="/relief"' "$T/b" && ok "the menu has the relief page" || fail "menu: $(grep -o '<nav.*</nav>' "$T/b" | head -c 400)"
req ja GET /relief
[ "$code" = 200 ] && ok "the officer sees the relief page" || fail "officer /relief: $code"
grep -q "<span id=\"waiting\">1</span>" "$T/b" && ok "... one case waiting for the county" || fail "waiting: $(grep -o 'id="waiting">[^<]*' "$T/b")"
sed -n '/id="at-county"/,/<\/table>/p' "$T/b" | grep -q "data-relief=\"$R\" data-state=\"at_county\"" \
	&& ok "... the case above the limit in the county's table" || fail "at-county table: $(head -c 600 "$T/b")"
sed -n '/id="township"/,/<\/table>/p' "$T/b" | grep -q "data-relief=\"$R2\" data-state=\"proposed\"" \
	&& ok "... the township's case in the other" || fail "township table"
grep -q '3,495.01\|3495.01' "$T/b" && ok "... with its amount" || fail "amount: $(grep -o 'class="n">[^<]*' "$T/b")"
grep -q 'action="/relief/decide"' "$T/b" && fail "the officer is offered the decision" || ok "... no decision form for the officer"
post ja /relief/decide --data-urlencode "id=$R" --data-urlencode "decision=approve"
[ "$code" = 403 ] && ok "the officer's POST is refused (403)" || fail "officer decide: $code"
expect_log "^ana refused relief.decide" "... and logged"

req jp GET /relief
grep -q 'action="/relief/decide"' "$T/b" && ok "the approver has the decision form" || fail "approver form"
post jp /relief/decide --data-urlencode "id=$R" --data-urlencode "decision=refuse" --data-urlencode "reason="
[ "$code" = 400 ] && ok "a refusal without a reason (400)" || fail "refuse without reason: $code"
grep -q "a refusal needs a reason" "$T/b" && ok "... says so" || fail "page: $(head -c 300 "$T/b")"
post jp /relief/decide --data-urlencode "id=$R2" --data-urlencode "decision=approve"
[ "$code" = 400 ] && ok "a case the township decides (400)" || fail "R2: $code"
grep -q "the relief case is proposed; the county decides only what is above the township" "$T/b" \
	&& ok "... its state named" || fail "page: $(grep -o '<p[^>]*>[^<]*' "$T/b" | head -3)"
post jp /relief/decide --data-urlencode "id=$R" --data-urlencode "decision=maybe"
[ "$code" = 400 ] && ok "a decision that is neither (400)" || fail "maybe: $code"

post jp /relief/decide --data-urlencode "id=$R" --data-urlencode "decision=approve" --data-urlencode "reason="
[ "$code" = 303 ] && ok "the approver approves it (303)" || fail "approve: $code $(head -c 300 "$T/b")"
grep -qi "^location: /relief?done=approved" "$T/h" && ok "... back to the page" || fail "location: $(grep -i location "$T/h")"
expect_log "^pei action relief.decide $R approve 303 approved" "... in the office log"
req jp GET "/relief?done=approved"
grep -q 'id="done"' "$T/b" && ok "... the page says so" || fail "done note"
grep -q "<span id=\"waiting\">0</span>" "$T/b" && ok "... nothing waits for the county now" || fail "waiting after"
post jp /relief/decide --data-urlencode "id=$R" --data-urlencode "decision=approve"
[ "$code" = 400 ] && ok "deciding it again (400)" || fail "again: $code"
req jp GET "/relief?lang=zh_CN"
grep -q "<h1>临时救助</h1>" "$T/b" && ok "the page in Chinese" || fail "zh: $(grep -o '<h1>[^<]*' "$T/b")"
stop_server

run county relief list --json
got=$(python3 -c "import json,sys; a=json.load(open(sys.argv[1])); c=[x for x in a if x['id']==sys.argv[2]][0]; print(c['state'], c['decided_by'])" "$T/out" "$R")
[ "$got" = "approved county" ] && ok "the county's decision ($got)" || fail "county: $got"
rm -f "$T/usb"/*
step "county export" county export --for "$T/town.key" "$T/usb"
step "laptop import" as_wang sync import "$T/usb"
run as_wang relief show "$R" --json
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(not (j['state']=='approved' and j['decided_by']=='county'))" "$T/out" \
	&& ok "the laptop sees it approved by the county" || fail "laptop: $(head -c 300 "$T/out")"

finish
