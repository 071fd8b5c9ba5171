#!/bin/sh
# t_county_report.sh — the county's reports (doorstep-county report):
# a county with a township laptop shared by wang (assistant), li
# (supervisor) and zhao (appeal reviewer), and zhang's laptop (assistant),
# carried by USB stick. Households in every status; a withdrawal whose
# last month ends within 30 days; one that ended with its referral to
# employment assistance outstanding; an appeal overdue, one waiting for
# its reviewer, a case waiting for review; a bundle kept aside; six
# months of outlay computed by hand, one month issued. Each
# report's JSON figures are checked against what the test did, its CSV
# reads back with Python's csv module (headers in Chinese with --lang
# zh_CN), the text fits 80 columns, and a bad --days is wrong use.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
LP=$(passfile pass-li "li supervises the township")
RP=$(passfile pass-zhao "zhao reviews appeals here")
ZP=$(passfile pass-zhang "zhang keeps her own passphrase")
. "$(dirname "$0")/county_lib.sh"

county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_wang() { DOORSTEP_STORE="$T/town" DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
as_li() { DOORSTEP_STORE="$T/town" DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LP" "$D" "$@"; }
as_zhao() { DOORSTEP_STORE="$T/town" DOORSTEP_USER=zhao DOORSTEP_PASSPHRASE_FILE="$RP" "$D" "$@"; }
as_zhang() { DOORSTEP_STORE="$T/zhang" DOORSTEP_PASSPHRASE_FILE="$ZP" "$D" "$@"; }
settle() { as_wang household list > /dev/null 2>&1; }
# step WHAT CMD...: a step of the setup that must succeed
step() { what=$1; shift; run "$@"; [ "$rc" -eq 0 ] || fail "$what: exit $rc: $(head -c 300 "$T/err")"; }
# py EXPR: a Python expression about the JSON in $T/out, printed
py() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($1)" "$T/out"; }
# expect_py EXPR WANT DESCRIPTION
expect_py() {
	got=$(py "$1" 2>&1)
	[ "$got" = "$2" ] && ok "$3" || fail "$3: got '$got', wanted '$2'"
}

# ---- the county and its laptops ----------------------------------------------------
run county init
expect_rc 0 "the county"
DOORSTEP_PASSPHRASE_FILE="$WP" step "town laptop" "$D" init --store "$T/town" --user wang --role assistant --region 440106
DOORSTEP_NEW_PASSPHRASE_FILE="$LP" step "li" as_wang user add li --role supervisor
DOORSTEP_NEW_PASSPHRASE_FILE="$RP" step "zhao" as_wang user add zhao --role reviewer
DOORSTEP_PASSPHRASE_FILE="$ZP" step "zhang's laptop" "$D" init --store "$T/zhang" --user zhang --role assistant --region 440106
step "town key" as_wang device-key --out "$T/town.key"
step "zhang key" as_zhang device-key --out "$T/zhang.key"
step "wang enrolled" county enroll --device-key "$T/town.key" --user wang --role assistant --area 440106
step "li enrolled" county enroll --device-key "$T/town.key" --user li --role supervisor --area 440106
step "zhao enrolled" county enroll --device-key "$T/town.key" --user zhao --role reviewer --area 440106
step "zhang enrolled" county enroll --device-key "$T/zhang.key" --user zhang --role assistant --area 440106
step "town enrols" as_wang enroll --county-key "$T/county/county.pub"
step "zhang enrols" as_zhang enroll --county-key "$T/county/county.pub"

# ---- households and their cases, month by month ------------------------------------------
member() { # NAME ID17 WAGES
	inc="[]"
	[ "$3" != 0 ] && inc="[{\"source\":\"wages\",\"monthly\":\"$3\"}]"
	printf '{"name":"%s","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":%s}' \
		"$1" "$(id18 "$2")" "$inc"
}
# the areas: 石牌街道 (华师社区) and 五山街道 (茶山村)
SP='"township":{"code":"440106010","name":"石牌街道"},"village":{"code":"440106010003","name":"华师社区"},'
WS='"township":{"code":"440106011","name":"五山街道"},"village":{"code":"440106011201","name":"茶山村"},'
PAYEE='"payee":{"name":"王一","bank":"邮储银行","account":"6221881234567892"},'
household() { # FILE NAME ID17 WAGES [RECEIVING-ALLOWANCE]; $AREA before the members
	rec=""
	[ -n "${5:-}" ] && rec=",\"receiving\":{\"allowance\":\"$5\",\"since\":\"2025-06\"}"
	printf '{"region":"440106","address":"石牌街道%s号",%s"members":[%s],"assets":{"financial":"500","vehicles":[],"homes":1}%s}\n' \
		"$1" "${AREA:-}" "$(member "$2" "$3" "$4")" "$rec" > "$T/$1.json"
}
visit() { # FILE NAME ID17 DATE WAGES
	printf '{"date":"%s","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"%s"},"observations":"seen","members":[%s]}\n' \
		"$4" "$(id18 "$3")" "$(id18 "$3")" "$4" "$(member "$2" "$3" "$5")" > "$T/$1.json"
}
add() { as "$@" | tail -n 1 | awk '{print $NF}'; }

export DOORSTEP_TODAY=2026-01-05
AREA="$SP$PAYEE" household h1 王一 44010619700101001 0 1165   # receiving; withdraws June to November
AREA=$SP household h2 王二 44010619700101002 3000     # refused in August, appealed: overdue
AREA=$SP household h3 王三 44010619700101003 2500     # refused in November, appealed: with zhao
AREA=$WS household h4 王四 44010619700101004 0 980    # receiving throughout
AREA=$WS household h7 王七 44010619700101007 0 1165   # withdrew February to July: referral due
for n in 1 2 3 4 7; do
	step "wang adds h$n" as_wang household add --json "$T/h$n.json"
	eval "H$n=\$(awk '{print \$NF}' \"\$T/out\" | tail -n 1)"
done
echo "# households: $H1 $H2 $H3 $H4 $H7"

export DOORSTEP_TODAY=2026-01-10
visit v7 王七 44010619700101007 2026-01-10 1400
step "visit h7" as_wang visit record "$H7" --json "$T/v7.json"
step "submit h7" as_wang review submit "$H7"
step "approve h7" as_li review approve "$H7"
export DOORSTEP_TODAY=2026-01-18
settle

export DOORSTEP_TODAY=2026-05-10
visit v1 王一 44010619700101001 2026-05-10 1400
step "visit h1" as_wang visit record "$H1" --json "$T/v1.json"
step "submit h1" as_wang review submit "$H1"
step "approve h1" as_li review approve "$H1"
export DOORSTEP_TODAY=2026-05-18
settle

export DOORSTEP_TODAY=2026-08-01
settle
visit v2 王二 44010619700101002 2026-08-01 3000
step "visit h2" as_wang visit record "$H2" --json "$T/v2.json"
step "submit h2" as_wang review submit "$H2"
step "refuse h2" as_li review refuse "$H2" --reason "income above the standard"
export DOORSTEP_TODAY=2026-08-05
step "appeal h2" as_wang appeal file "$H2" --reason "the wages stopped" --received 2026-08-05

export DOORSTEP_TODAY=2026-11-10
visit v3 王三 44010619700101003 2026-11-10 2500
step "visit h3" as_wang visit record "$H3" --json "$T/v3.json"
step "submit h3" as_wang review submit "$H3"
step "refuse h3" as_li review refuse "$H3" --reason "income above the standard"
export DOORSTEP_TODAY=2026-11-20
step "appeal h3" as_wang appeal file "$H3" --reason "we disagree" --received 2026-11-20
step "assign h3" as_li appeal assign "$H3" --to zhao

export DOORSTEP_TODAY=2026-11-25
AREA='"township":{"code":"440106010","name":"石牌街道"},' household h5 张五 44010619700101005 0
household h6 张六 44010619700101006 0   # no area recorded
step "zhang adds h5" as_zhang household add --json "$T/h5.json"
H5=$(awk '{print $NF}' "$T/out" | tail -n 1)
step "zhang adds h6" as_zhang household add --json "$T/h6.json"
H6=$(awk '{print $NF}' "$T/out" | tail -n 1)
printf '{"date":"2026-11-25","staff":["zhang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-11-25"},"observations":"seen"}\n' \
	"$(id18 44010619700101005)" "$(id18 44010619700101005)" > "$T/v5.json"
step "visit h5" as_zhang visit record "$H5" --json "$T/v5.json"
step "submit h5" as_zhang review submit "$H5"

export DOORSTEP_TODAY=2026-11-27
settle

# ---- to the county by USB stick; one bundle spoiled on the way ------------------------
mkdir -p "$T/stick" "$T/bad"
step "town exports" as_wang sync export --to "$T/stick"
step "county imports the town's bundle" county import "$T/stick"
step "county writes the town's bundle" county export --for "$T/town.key" "$T/stick"
step "the town takes it" as_wang sync import "$T/stick"
rm -f "$T/stick"/*
step "zhang exports" as_zhang sync export --to "$T/stick"
B=$(ls "$T/stick"/up-*.dsb)
cp "$B" "$T/bad/$(basename "$B")"
python3 -c "import sys; b=bytearray(open(sys.argv[1],'rb').read()); b[-40]^=0xff; open(sys.argv[1],'wb').write(b)" "$T/bad/$(basename "$B")"
run county import "$T/bad"
expect_rc 4 "a bundle of zhang's with a byte flipped is turned away (kept aside)"
step "the whole bundle goes in" county import "$T/stick"

# ---- caseload ---------------------------------------------------------------------------
run county report caseload --json
expect_rc 0 "report caseload --json"
expect_py "j['households'], j['receiving'], j['amount'], j['month']" "7 2 1175.00 2026-11" \
	"caseload: 7 households, 2 paid this month, 195.00 + 980.00 = 1175.00, for 2026-11"
expect_py "' '.join('%s=%d' % (g['status'], g['households']) for g in j['by_status'])" \
	"applying=1 submitted=1 receiving=1 in_transition=1 refused=2 exited=1" \
	"caseload by status: each household once, in the order of the case's path"
expect_py "[(g['status'], g['receiving'], g['amount']) for g in j['by_status'] if g['receiving']]" \
	"[('receiving', 1, '980.00'), ('in_transition', 1, '195.00')]" \
	"by status: the household receiving 980.00, the withdrawal in its month 6 of 6 at 195.00"
expect_py "' '.join('%s=%d' % (g['assistant'], g['households']) for g in j['by_assistant'])" \
	"wang=5 zhang=2" "by assistant: wang entered 5, zhang 2"
expect_py "[(g['code'], g['name'], g['households'], g['receiving'], g['amount']) for g in j['by_township']]" \
	"[('440106010', '石牌街道', 4, 1, '195.00'), ('440106011', '五山街道', 2, 1, '980.00'), ('', '', 1, 0, '0.00')]" \
	"by township: 石牌街道 4 (the withdrawal's 195.00), 五山街道 2 (980.00), one not recorded, last"
expect_py "[(g['code'], g['households']) for g in j['by_village']]" \
	"[('440106010003', 3), ('440106011201', 2), ('', 2)]" \
	"by village: 华师社区 3, 茶山村 2, two with no village recorded"

run county reassign --household "$H6" --to wang
expect_rc 0 "the county hands zhang's household $H6 to wang"
run county report caseload --json
expect_py "' '.join('%s=%d' % (g['assistant'], g['households']) for g in j['by_assistant'])" \
	"wang=6 zhang=1" "by assistant: the county's assignment counts, not who entered it"

run county report caseload --csv
expect_rc 0 "report caseload --csv"
head -c 3 "$T/out" | od -An -tx1 | grep -q "ef bb bf" && ok "the CSV begins with a UTF-8 BOM" || fail "no BOM: $(head -c 3 "$T/out" | od -An -tx1)"
cp "$T/out" "$T/caseload.csv"
got=$(python3 - "$T/caseload.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
head, body = rows[0], rows[1:]
st = [r for r in body if r[0] == "status"]
print(head[3], sum(int(r[3]) for r in st), [r[5] for r in body if r[:2] == ["assistant", "wang"]][0], len(rows[0]) == len(rows[-1]))
PY
)
[ "$got" = "Households 7 1175.00 True" ] && ok "the caseload CSV reads back with Python's csv: 7 households by status, wang's 1175.00" \
	|| fail "caseload CSV: $got"
run county report caseload --csv --lang zh_CN
expect_rc 0 "report caseload --csv --lang zh_CN"
hz=$(python3 -c "import csv,sys; print(','.join(next(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))))" "$T/out")
case $hz in *[a-zA-Z]*) fail "Chinese headers: $hz" ;; *) ok "--lang zh_CN: the CSV's headers in Chinese ($hz)" ;; esac

# ---- ending -------------------------------------------------------------------------------
run county report ending --json
expect_rc 0 "report ending --json (30 days by default)"
expect_py "j['days'], j['today']" "30 2026-11-27" "ending: 30 days from 2026-11-27"
expect_py "[(w['household'], w['assistant'], w['township']['code'], w['last_month'], w['ends'], w['amount'], w['month'], w['of'], w['overdue']) for w in j['withdrawals']]" \
	"[('$H1', 'wang', '440106010', '2026-11', '2026-11-30', '195.00', 6, 6, False)]" \
	"ending: $H1's withdrawal, last month 2026-11, ends 2026-11-30, paying 195.00 (month 6 of 6)"
expect_py "[(r['household'], r['assistant'], r['referral_date'], r['overdue']) for r in j['referrals']]" \
	"[('$H7', 'wang', '2026-08-01', True)]" \
	"ending: $H7's referral to employment assistance, due 2026-08-01 and overdue"
run county report ending --days 2 --json
expect_py "len(j['withdrawals']), len(j['referrals'])" "0 1" "--days 2: 2026-11-30 is 3 days away, not listed; the referral still is"
run county report ending --days 3 --json
expect_py "len(j['withdrawals'])" "1" "--days 3: listed"
run county report ending --days soon
expect_rc 2 "a --days that is not a number is wrong use"
expect_err "^doorstep-county: --days: " "... the error names --days"
[ "$(wc -l < "$T/err")" -eq 1 ] && ok "... in one line" || fail "error lines: $(cat "$T/err")"
run county report ending --days 99999
expect_rc 2 "--days beyond ten years"
run county report caseload --days 5
expect_rc 2 "--days with another report"
run county report ending --csv
got=$(python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
print(len(rows) - 1, [(r[1], r[4], r[5], r[6]) for r in rows[1:]])" "$T/out")
[ "$got" = "2 [('$H7', '', '', '2026-08-01'), ('$H1', '2026-11', '195.00', '')]" ] \
	&& ok "the ending CSV reads back: the overdue referral first, then the withdrawal" || fail "ending CSV: $got"

# ---- waiting --------------------------------------------------------------------------------
run county report waiting --json
expect_rc 0 "report waiting --json"
expect_py "[(i['kind'], i['household'], i['due'], i['overdue']) for i in j['items']]" \
	"[('appeal', '$H2', '2026-09-04', True), ('review', '$H5', '2026-11-27', False), ('appeal', '$H3', '2026-12-20', False)]" \
	"waiting: the overdue appeal first (answer due 30 days after 2026-08-05), then the review, then the appeal due 2026-12-20"
expect_py "[(i['waits_for']['role'], i['waits_for']['user'], i['submitted_by']) for i in j['items']]" \
	"[('supervisor', '', ''), ('supervisor', '', 'zhang'), ('reviewer', 'zhao', '')]" \
	"waiting for: a supervisor to name a reviewer, a supervisor other than zhang, zhao"
run county report waiting
expect_out "^  ! [^ ]+ +$H2 " "text: the overdue appeal marked !"
run county report waiting --csv
got=$(python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
print([(r[1], r[6]) for r in rows[1:]])" "$T/out")
[ "$got" = "[('$H2', 'overdue'), ('$H5', ''), ('$H3', '')]" ] && ok "the waiting CSV reads back, overdue in its column" \
	|| fail "waiting CSV: $got"

# ---- laptops -------------------------------------------------------------------------------
run county report laptops --json
expect_rc 0 "report laptops --json"
expect_py "[(' '.join(u['user'] + ':' + u['role'] for u in l['users']), l['area'], l['aside'], l['revoked']) for l in j['laptops']]" \
	"[('wang:assistant li:supervisor zhao:reviewer', '440106', 0, False), ('zhang:assistant', '440106', 1, False)]" \
	"laptops: the town's three people and zhang; zhang's spoiled bundle kept aside"
expect_py "all(l['last_contact'] for l in j['laptops'])" "True" "laptops: both have a last contact"
ZE=$(as_zhang audit verify 2> /dev/null | sed -n 's/^The log is intact: \([0-9]*\) events.*/\1/p')
expect_py "j['laptops'][1]['events']" "$ZE" "laptops: the county holds all $ZE events of zhang's log"
W=$(py "j['laptops'][0]['waiting']")
[ "$W" -gt 0 ] 2> /dev/null && ok "laptops: $W events wait for the town laptop (zhang's case to review, the reassigned household)" \
	|| fail "nothing waits for the town: $W"
rm -f "$T/stick"/*
step "county writes the town's next bundle" county export --for "$T/town.key" "$T/stick"
run as_wang sync import "$T/stick"
expect_out ": $W events from the county taken in" "the town's next bundle holds exactly the $W events the report counted"
run county report laptops --json
expect_py "j['laptops'][0]['waiting']" "0" "laptops: nothing waits for the town after it fetched"
run county revoke --device-key "$T/zhang.key"
run county report laptops --json
expect_py "j['laptops'][1]['revoked'], j['laptops'][0]['revoked']" "True False" "laptops: zhang's laptop revoked, the town's not"
run county report laptops --csv
got=$(python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
print(len(rows), rows[1][1], rows[2][6], rows[2][7])" "$T/out")
[ "$got" = "3 wang (assistant), li (supervisor), zhao (appeal reviewer) 1 revoked" ] \
	&& ok "the laptops CSV reads back (a comma inside a quoted cell)" || fail "laptops CSV: $got"

# ---- outlay --------------------------------------------------------------------------------
# By hand: 王四 980.00 every month; 王七's withdrawal 2026-02..07 and 王一's
# 2026-06..11 each pay 1165 x k/6 rounded up to the yuan: 1165, 971, 777,
# 583, 389, 195; 王一 had his 1165.00 until May.
run county report outlay --json
expect_rc 0 "report outlay --json (this month and the five before)"
expect_py "[(m['month'], m['total'], m['change'], m['households'], m['issued']) for m in j['months']]" \
	"[('2026-06', '2534.00', '-194.00', 3, False), ('2026-07', '2146.00', '-388.00', 3, False), ('2026-08', '1757.00', '-389.00', 2, False), ('2026-09', '1563.00', '-194.00', 2, False), ('2026-10', '1369.00', '-194.00', 2, False), ('2026-11', '1175.00', '-194.00', 2, False)]" \
	"outlay: six months' totals as computed by hand, each against the month before (May: 2728.00)"
expect_py "[(m['by_kind']['regular']['lines'], m['by_kind']['regular']['amount'], m['by_kind']['withdrawal']['lines'], m['by_kind']['withdrawal']['amount']) for m in j['months'][:2]]" \
	"[(1, '980.00', 2, '1554.00'), (1, '980.00', 2, '1166.00')]" \
	"outlay by kind: June's two withdrawal months 389 + 1165, July's 195 + 971"
expect_py "all(sum(c['lines'] for c in m['by_class'].values()) == m['lines'] and abs(sum(float(c['amount']) for c in m['by_class'].values()) - float(m['total'])) < 0.001 and sum(c['households'] for c in m['by_class'].values()) == m['households'] for m in j['months'])" \
	"True" "outlay by class: each month's classes add up to its lines, households and total"
py "[m['by_class'] for m in j['months'] if m['month'] == '2026-10'][0]" > "$T/oct-classes"
run county payroll issue --month 2026-10
expect_rc 0 "the county issues October's roll"
run county report outlay --month 2026-10 --json
expect_py "[m['by_class'] for m in j['months'] if m['month'] == '2026-10'][0]" "$(cat "$T/oct-classes")" \
	"October by class, as issued (from the issue's event), is what the roll gave before"
run county report outlay --month 2026-10 --json
expect_py "[(m['month'], m['issued']) for m in j['months']][-2:], j['months'][0]['total'], j['months'][0]['change']" \
	"[('2026-09', False), ('2026-10', True)] 2728.00 -194.00" \
	"--month 2026-10: May to October, October marked issued; May's 2728.00 against April's 2922.00"
run county report outlay --csv
got=$(python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
print(len(rows), rows[5][0], rows[5][1], rows[6][4], all(abs(sum(float(r[c]) for c in (7, 9, 11, 13)) - float(r[4])) < 0.001 for r in rows[1:]))" "$T/out")
[ "$got" = "7 2026-10 issued 1175.00 True" ] && ok "the outlay CSV reads back: October issued, each month's kinds add up to its total" \
	|| fail "outlay CSV: $got"
run county report outlay --month 2026-13
expect_rc 2 "a --month that is no month is wrong use"
expect_err "^doorstep-county: --month: " "... naming --month"
run county report caseload --month 2026-10
expect_rc 2 "--month with another report"

# ---- the text: 80 columns, in either language ----------------------------------------------
wide=""
for lang in en zh_CN; do
	for r in caseload ending waiting laptops outlay; do
		county report $r --lang $lang > "$T/text" 2> "$T/err" || wide="$wide $r/$lang:exit"
		w=$(python3 -c "
import sys, unicodedata
print(max([sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in l.rstrip('\n')) for l in open(sys.argv[1], encoding='utf-8')] + [0]))" "$T/text")
		[ "$w" -le 80 ] || wide="$wide $r/$lang:$w"
	done
done
[ -z "$wide" ] && ok "every report's text fits 80 columns, in English and in Chinese" || fail "too wide:$wide"
run county report caseload --lang zh_CN
expect_out "按状态" "the caseload's text in Chinese"
if grep -q "Households\|Receiving" "$T/out"; then fail "English left in the Chinese caseload: $(grep "Households\|Receiving" "$T/out")"
else ok "no English headers in the Chinese text"; fi

# no person's name or ID number in any report
run sh -c "for r in caseload ending waiting laptops outlay; do for f in '' --json --csv; do DOORSTEP_PASSPHRASE_FILE='$CP' '$C' report \$r --data '$T/county' \$f; done; done"
if grep -q "王\|张\|4401061970\|234567892\|邮储" "$T/out"; then fail "personal data in a report: $(grep "王\|张\|4401061970\|234567892\|邮储" "$T/out" | head -3)"
else ok "no person's name, ID number or account in any report"; fi

run county report outlays
expect_rc 2 "an unknown report is wrong use"
finish
