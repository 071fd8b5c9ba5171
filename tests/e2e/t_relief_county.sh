#!/bin/sh
# t_relief_county.sh — temporary assistance (临时救助, issue 20, the
# county's part): a laptop files a relief case and proposes 3,495.01, a
# fen above the township's limit (3 × S); the township supervisor is
# refused; the bundle goes by USB to the county, which lists it first and
# approves it with doorstep-county relief decide; the county's bundle back
# to the laptop, where relief show says approved, decided by the county.
# At the county the roles of relief steps are checked as case steps are:
# an approval by someone enrolled there as an assistant, and a
# county_approve forged on a laptop, are refused and their bundles kept
# aside with the reason. Wrong use and bad input one line each.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/county_lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang's own passphrase")
LP=$(passfile pass-li "li supervises the township")
ZP=$(passfile pass-zhao "zhao helps the township")
RP=$(passfile pass-rogue "a laptop that plays the county")
export DOORSTEP_STORE="$T/laptop" DOORSTEP_TODAY=2026-12-04
as_wang() { DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
as_li() { DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LP" "$D" "$@"; }
as_zhao() { DOORSTEP_USER=zhao DOORSTEP_PASSPHRASE_FILE="$ZP" "$D" "$@"; }
county() { _c=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$_c" --data "$T/county" "$@"; }
usb() { rm -rf "$T/usb"; mkdir -p "$T/usb"; }
field() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(' '.join(str(j[k]) for k in sys.argv[2:]))" "$T/out" "$@"; }

run county init
expect_rc 0 "the county"
DOORSTEP_PASSPHRASE_FILE="$WP" run "$D" init --user wang --role assistant --region 440106
expect_rc 0 "the township's laptop: wang, an assistant"
DOORSTEP_NEW_PASSPHRASE_FILE="$LP" run as_wang user add li --role supervisor
DOORSTEP_NEW_PASSPHRASE_FILE="$ZP" run as_wang user add zhao --role supervisor
expect_rc 0 "... li and zhao, supervisors on it"
run as_wang device-key --out "$T/laptop.key"
run county enroll --device-key "$T/laptop.key" --user wang --role assistant --area 440106
run county enroll --device-key "$T/laptop.key" --user li --role supervisor --area 440106
run county enroll --device-key "$T/laptop.key" --user zhao --role assistant --area 440106
expect_rc 0 "the county enrols the laptop: wang and zhao as assistants, li as a supervisor"
run as_wang enroll --county-key "$T/county/county.pub"
expect_rc 0 "the laptop enrols with the county"

cat > "$T/h.json" <<'EOF'
{"region": "440106", "address": "天河区石牌街道华师社区13号",
 "members": [{"name": "张伟", "id_number": "440106198008080036", "relation": "head", "categories": [], "able_to_work": true,
              "incomes": [{"source": "wages", "monthly": "2000.00"}]}],
 "assets": {"financial": "1000.00", "vehicles": [], "homes": 1}}
EOF
H=$(as_wang household add --json "$T/h.json") || fail "household"

# ---- on the laptop: above the township's limit -------------------------------------------
R=$(as_wang relief file "$H" --cause income_loss --need "工厂停工，全家无收入" --amount 3000 2> /dev/null)
run as_wang relief propose "$R" --amount 3495.01 --reason "全家四个月无收入"
expect_rc 0 "wang proposes 3,495.01, a fen above the township's limit"
expect_out "with the county" "... which goes to the county"
run as_li relief approve "$R"
expect_rc 1 "the township supervisor cannot approve it"
expect_err "above the township's limit of 3495.00 yuan: the county decides" "... the limit named"
# one within the township's limit, for the county to leave alone
R2=$(as_wang relief file "$H" --cause illness --need "急诊" --amount 500 2> /dev/null)
run as_wang relief propose "$R2" --amount 500 --reason "急诊费用"
expect_rc 0 "and a second case within the township's limit"
RX=$(as_wang relief file "$H" --cause accident --need "车祸致残" --amount 3000 2> /dev/null)
run as_wang relief propose "$RX" --amount 4000 --reason "住院三个月"
expect_rc 0 "and a third above the limit, for the county to refuse"

usb
run as_wang sync export --to "$T/usb"
run county import "$T/usb"
expect_rc 0 "the bundle goes by USB to the county, which takes it"
run as_wang sync import "$T/usb"

# ---- at the county ------------------------------------------------------------------------
run county relief list
expect_rc 0 "relief list at the county"
head -n 2 "$T/out" | grep -q "^$R  $H  .* 3495.01  .*with the county" \
	&& head -n 2 "$T/out" | grep -q "^$RX  $H  .* 4000.00  .*with the county" \
	&& ok "... the cases waiting for the county first, with their amounts" || fail "list: $(cat "$T/out")"
expect_out "^$R2 .*proposed, for a second person to decide" "... the other case after it"
expect_out "^Relief cases: 3, waiting for the county: 2$" "... counted"
run county relief list --json
got=$(python3 -c "import json,sys; a=json.load(open(sys.argv[1])); c=[x for x in a if x['id']==sys.argv[2]][0]; print(len(a), [x['waiting_for_county'] for x in a], c['proposed'], c['decides'])" "$T/out" "$R")
[ "$got" = "3 [True, True, False] 3495.01 county" ] && ok "... and in JSON ($got)" || fail "json: $got"
LANGUAGE=zh_CN run county relief list
expect_out "临时救助：共 3 件，待县级审批 2 件" "... and in Chinese"

# wrong use and bad input: one line each, nothing recorded
events() { DOORSTEP_STORE="$T/county/store" DOORSTEP_USER=county DOORSTEP_PASSPHRASE_FILE="$CP" "$D" audit verify 2> /dev/null | sed -n 's/^The log is intact: \([0-9]*\) events.*/\1/p'; }
before=$(events)
one_line() { [ "$(wc -l < "$T/err")" -eq 1 ] && ok "... in one line" || fail "stderr: $(cat "$T/err")"; }
run county relief
expect_rc 2 "relief without list or decide"
one_line
run county relief frobnicate
expect_rc 2 "relief frobnicate"
expect_err "^doorstep-county: frobnicate: must be list or decide$" "... named"
run county relief decide "$R"
expect_rc 2 "decide without approve or refuse"
one_line
run county relief decide "$R" maybe
expect_rc 2 "decide maybe"
expect_err "maybe: must be approve or refuse" "... named"
run county relief decide "$R" refuse
expect_rc 2 "a refusal without a reason"
expect_err "^doorstep-county: --reason: is needed to refuse" "... names --reason"
run county relief decide "$R" approve --reason "ok"
expect_rc 2 "an approval with a reason"
one_line
run county relief list --bogus
expect_rc 2 "an option relief does not take"
run county relief decide zzzz approve
expect_rc 1 "no such relief case"
expect_err "there is no relief case zzzz" "... named"
run county relief decide "$R2" approve
expect_rc 1 "a case the township decides is not the county's"
expect_err "the relief case is proposed; the county decides only what is above the township's limit" "... its state named"
one_line
[ "$(events)" = "$before" ] && ok "nothing was recorded by any of them" || fail "events: $before -> $(events)"

run county relief decide "$R" approve
expect_rc 0 "the county approves the case above the township's limit"
expect_out "approved by the county, 3495.01 yuan" "... says so"
run county relief decide "$RX" refuse --reason "已纳入医疗救助"
expect_rc 0 "the county refuses the other, with a reason"
expect_out "refused by the county" "... says so"
run county relief decide "$R" refuse --reason "改主意"
expect_rc 1 "a decision on a case decided already"
expect_err "approved already" "... says so"
run county relief list --json
got=$(python3 -c "import json,sys; a=json.load(open(sys.argv[1])); c=[x for x in a if x['id']==sys.argv[2]][0]; print(c['state'], c['approved'], c['decided_by'], c['decided'])" "$T/out" "$R")
[ "$got" = "approved 3495.01 county 2026-12-04" ] && ok "... the county's case approved ($got)" || fail "county case: $got"

# ---- back down to the laptop -----------------------------------------------------------------
usb
run county export --for "$T/laptop.key" "$T/usb"
expect_rc 0 "the county writes the laptop's bundle to the stick"
run as_wang sync import "$T/usb"
expect_rc 0 "the laptop takes it"
run as_wang relief show "$R" --json
got=$(field state approved decided_by decides)
[ "$got" = "approved 3495.01 county county" ] && ok "relief show --json on the laptop: approved, decided by the county ($got)" \
	|| fail "laptop: $got"
run as_wang relief show "$R"
expect_out "^Now: approved$" "... and in words"
expect_out "^Decided by the county on 2026-12-04$" "... decided by the county"
LANGUAGE=zh_CN run as_wang relief show "$R"
expect_out "^由县里于 2026-12-04 决定$" "... and in Chinese"
run as_wang relief show "$RX" --json
got=$(field state reason decided_by)
[ "$got" = "refused 已纳入医疗救助 county" ] && ok "... and the other refused by the county, with its reason ($got)" || fail "RX: $got"
run as_wang relief show "$R2" --json
[ "$(field state)" = proposed ] && ok "the township's case is still the township's to decide" || fail "R2: $(field state)"
run as_li relief approve "$R2"
expect_rc 0 "... li approves it on the laptop"

# ---- roles checked at the county -----------------------------------------------------------------
# zhao is a supervisor on the laptop, but the county enrolled him as an
# assistant: his approval is refused there, and his bundle kept aside
usb
run as_wang sync export --to "$T/usb"
run county import "$T/usb"
expect_rc 0 "li's approval goes in"
run as_wang sync import "$T/usb"

# ---- on the county's payment roll --------------------------------------------------------------
# relief_lines FILE HOUSEHOLD: "kind:amount:case" of its relief lines, sorted
relief_lines() {
	python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
print(' '.join(sorted('%s:%s:%s' % (l['kind'], l['amount'], l['ref']) for l in j['lines'] if l['household'] == sys.argv[2] and l['kind'].startswith('relief'))))" "$1" "$2"
}
run county payroll issue --month 2026-12
expect_rc 0 "the county issues December's roll"
run county payroll --month 2026-12 --json
[ "$(relief_lines "$T/out" "$H")" = "relief_illness:500.00:$R2 relief_income_loss:3495.01:$R" ] \
	&& ok "... the county's approval and the township's on it, each a one-off line naming its case" \
	|| fail "December's relief lines: $(relief_lines "$T/out" "$H")"
python3 -c "
import json, sys
c = json.load(open(sys.argv[1]))['county']
sys.exit(not (c['amount_by_kind']['relief_income_loss'] == '3495.01' and c['amount_by_kind']['relief_illness'] == '500.00' and c['amount_by_kind']['relief_accident'] == '0.00'))" "$T/out" \
	&& ok "... and the county's totals by cause (the refused case's nowhere)" || fail "totals: $(grep -o '"amount_by_kind".*' "$T/out" | head -c 400)"
run county payroll check --month 2026-12
expect_rc 0 "payroll check: the issued roll, relief lines and all, is what the log says"
run county payroll --month 2026-12 --json
cp "$T/out" "$T/roll-dec"
run county budget --year 2026 --json
python3 -c "
import json, sys
from decimal import Decimal as D
roll = json.load(open(sys.argv[1]))
b = json.load(open(sys.argv[2]))
dec = [m for m in b['months'] if m['month'] == '2026-12'][0]
relief = sum(D(l['amount']) for l in roll['lines'] if l['kind'].startswith('relief'))
want = D(roll['county']['total']) - relief
sys.exit(not (relief > 0 and D(dec['amount']) == want))" "$T/roll-dec" "$T/out" \
	&& ok "the budget's December is the roll's total without what is paid once" || fail "budget: $(head -c 500 "$T/out")"
run county payroll --month 2027-01 --json
[ -z "$(relief_lines "$T/out" "$H")" ] && ok "... and January's roll pays none of them again" || fail "January: $(relief_lines "$T/out" "$H")"
run as_li payroll --month 2026-12 --json
[ "$(relief_lines "$T/out" "$H")" = "relief_illness:500.00:$R2 relief_income_loss:3495.01:$R" ] \
	&& ok "the laptop's own view of December's roll has the county's decision too" \
	|| fail "laptop December: $(relief_lines "$T/out" "$H")"
R3=$(as_wang relief file "$H" --cause accident --need "工伤" --amount 800 2> /dev/null)
run as_wang relief propose "$R3" --amount 800 --reason "住院两周"
usb
run as_wang sync export --to "$T/usb"
run county import "$T/usb"
expect_rc 0 "a third case, proposed, goes in"
run as_wang sync import "$T/usb"
run as_zhao relief approve "$R3"
expect_rc 0 "zhao approves it on the laptop, as a supervisor there"
usb
run as_wang sync export --to "$T/usb"
run county import "$T/usb"
expect_rc 5 "the county refuses it: zhao is enrolled there as an assistant"
expect_err "zhao is enrolled on this laptop with the role assistant, which cannot send relief.decided" "... naming him, his role and the step"
run county status --json
grep -q 'zhao is enrolled on this laptop with the role assistant' "$T/out" && ok "... the bundle kept aside with the reason" \
	|| fail "county status: $(head -c 400 "$T/out")"
run county relief list --json
got=$(python3 -c "import json,sys; a=json.load(open(sys.argv[1])); print([x['state'] for x in a if x['id']==sys.argv[2]][0])" "$T/out" "$R3")
[ "$got" = proposed ] && ok "... and the county's case stays proposed" || fail "R3 at the county: $got"

# a laptop that plays the county: user "county", its store made to look like
# the county's (a device enrolled in it) to write county_approve
G="$T/fake/store"
mkdir -p "$T/fake"
DOORSTEP_STORE="$G" DOORSTEP_PASSPHRASE_FILE="$RP" run "$D" init --user county --role supervisor --region 440106
as_rogue() { DOORSTEP_STORE="$G" DOORSTEP_USER=county DOORSTEP_PASSPHRASE_FILE="$RP" "$D" "$@"; }
run as_rogue device-key --out "$T/rogue.key"
run county enroll --device-key "$T/rogue.key" --user county --role supervisor --area 440106
run as_rogue enroll --county-key "$T/county/county.pub"
expect_rc 0 "a second laptop, its user called county, enrolled as a supervisor"
sed "s/13号/14号/; s/440106198008080036/$(id18 44010619810808003)/; s/张伟/张强/" "$T/h.json" > "$T/h2.json"
H2=$(as_rogue household add --json "$T/h2.json")
R4=$(as_rogue relief file "$H2" --cause disaster --need "房屋倒塌" --amount 3000 2> /dev/null)
run as_rogue relief propose "$R4" --amount 3600 --reason "房屋倒塌"
expect_rc 0 "... which files and proposes 3,600 (for the county)"
# any device key will do to make the store look like a county's
DOORSTEP_PASSPHRASE_FILE="$RP" run "$C" enroll --data "$T/fake" --device-key "$T/laptop.key" --user x --role assistant --area 440106
expect_rc 0 "... its store made to look like a county's"
DOORSTEP_PASSPHRASE_FILE="$RP" run "$C" relief decide "$R4" approve --data "$T/fake"
expect_rc 0 "... where it writes a county_approve"
usb
DOORSTEP_STORE="$G" DOORSTEP_USER=county DOORSTEP_PASSPHRASE_FILE="$RP" run "$D" sync export --to "$T/usb"
expect_rc 0 "the laptop writes its bundle with the forged decision"
run county import "$T/usb"
expect_rc 5 "the county refuses a county_approve from a laptop"
expect_err "county_approve on a relief case is the county's to decide, never a laptop's" "... saying why"
run county relief list --json
python3 -c "import json,sys; a=json.load(open(sys.argv[1])); sys.exit(any(x['id']==sys.argv[2] for x in a))" "$T/out" "$R4" \
	&& ok "... and none of its bundle went in" || fail "R4 at the county: $(cat "$T/out" | head -c 300)"
run county status --json
grep -q "the county's to decide, never a laptop's" "$T/out" && ok "... the bundle kept aside with the reason" \
	|| fail "county status: $(head -c 400 "$T/out")"

DOORSTEP_STORE="$T/county/store" DOORSTEP_USER=county DOORSTEP_PASSPHRASE_FILE="$CP" run "$D" audit verify
expect_rc 0 "the county's log verifies"

finish
