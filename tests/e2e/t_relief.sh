#!/bin/sh
# t_relief.sh — temporary assistance (临时救助, issue 20, the laptop's
# part): a dibao household's relief filed on a Friday is due five working
# days later, a household off the ladder's ten, and one whose count runs
# into a year the policy has no holiday schedule for says so; the same case
# filed twice (a key pressed twice) is one case; an urgent case paid first
# within its limit, its paperwork due; a proposal within the township's
# limit approved by a second person (never by who filed or proposed it),
# one above it refused to the township supervisor with the limit named and
# left for the county; the derivation in words and in Chinese; bad input,
# one line each with its own exit status and nothing recorded; the cases
# survive a rebuild and the audit, and an altered row is named.
. "$(dirname "$0")/lib.sh"

PW=$(passfile pass-wang "wang's own passphrase")
PL=$(passfile pass-li "li supervises the township")
export DOORSTEP_STORE="$T/s" DOORSTEP_TODAY=2026-12-04 # a Friday
as_wang() { DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$PW" "$D" "$@"; }
as_li() { DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$PL" "$D" "$@"; }
P="$TOOLS/sqlpoke"

DOORSTEP_PASSPHRASE_FILE="$PW" "$D" init --user wang --role assistant --region 440106 > /dev/null || fail "init"
DOORSTEP_NEW_PASSPHRASE_FILE="$PL" as_wang user add li --role supervisor > /dev/null || fail "user add li"

# a household receiving dibao (on the ladder), and one that is not
cat > "$T/dibao.json" <<'EOF'
{"region": "440106", "address": "天河区石牌街道华师社区12号",
 "members": [{"name": "王秀英", "id_number": "440106195003120023", "relation": "head", "categories": ["elderly"], "able_to_work": false, "incomes": []},
             {"name": "李建国", "id_number": "440106195206010019", "relation": "spouse", "categories": ["elderly"], "able_to_work": false, "incomes": []}],
 "assets": {"financial": "3000.00", "vehicles": [], "homes": 1},
 "receiving": {"allowance": "1195.00", "since": "2024-03"}}
EOF
cat > "$T/other.json" <<'EOF'
{"region": "440106", "address": "天河区石牌街道华师社区13号",
 "members": [{"name": "张伟", "id_number": "440106198008080036", "relation": "head", "categories": [], "able_to_work": true,
              "incomes": [{"source": "wages", "monthly": "2000.00"}]}],
 "assets": {"financial": "1000.00", "vehicles": [], "homes": 1}}
EOF
DIBAO=$(as_wang household add --json "$T/dibao.json") || fail "household dibao"
OTHER=$(as_wang household add --json "$T/other.json") || fail "household other"

# ---- deadlines in working days ---------------------------------------------------------
run as_wang relief file "$DIBAO" --cause disaster --need "房屋失火，两间屋烧毁" --amount 3000 --urgent
expect_rc 0 "relief filed for the dibao household"
R1=$(cat "$T/out")
expect_err "to be decided by 2026-12-11 \\(working days\\)" "... on the ladder, filed on a Friday: five working days, the next Friday"
[ "$(printf %s "$R1" | wc -c)" -eq 12 ] && ok "... its id printed alone on standard output" || fail "id: '$R1'"
run as_wang relief file "$OTHER" --cause income_loss --need "工厂停工，收入中断" --amount 1000
expect_rc 0 "relief filed for a household off the ladder"
R2=$(cat "$T/out")
expect_err "to be decided by 2026-12-18" "... ten working days"
export DOORSTEP_TODAY=2026-12-30
run as_wang relief file "$OTHER" --cause illness --need "急诊手术" --amount 500 --received 2026-12-21
export DOORSTEP_TODAY=2026-12-04
expect_rc 0 "relief received on 2026-12-21 filed on 2026-12-30"
R3=$(cat "$T/out")
expect_err "to be decided by 2027-01-04 \\(working days counted on weekends only" "... its ten working days run into 2027, which the policy has no schedule for: said so"

# the same case filed again: one case
run as_wang relief file "$DIBAO" --cause disaster --need "房屋失火，两间屋烧毁" --amount 3000 --urgent
expect_rc 0 "the same relief filed again"
[ "$(cat "$T/out")" = "$R1" ] && ok "... is the same case (a key pressed twice makes one)" || fail "a second case: $(cat "$T/out")"
expect_err "filed already: $R1" "... and says so"
run as_wang relief list --json
n=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$T/out")
[ "$n" = 3 ] && ok "three relief cases in all" || fail "cases: $n"

# ---- bad input: one line each, its own status, nothing recorded ----------------------------
events() { "$P" "$DOORSTEP_STORE/store.db" query "select count(*) from event"; }
before=$(events)
run as_wang relief file "$DIBAO" --cause flood --need x --amount 10
expect_rc 2 "an unknown cause is wrong use"
expect_err "^doorstep: --cause: the cause is one of: illness, accident, disaster, income_loss, other$" "... naming the causes"
run as_wang relief file "$DIBAO" --cause illness --amount 10
expect_rc 2 "no need said"
run as_wang relief file "$DIBAO" --cause illness --need x --amount -5
expect_rc 1 "a negative amount"
expect_err "amount" "... names the amount"
run as_wang relief file "$DIBAO" --cause illness --need x --amount 1万
expect_rc 1 "an amount that is not money"
run as_wang relief file "$DIBAO" --cause illness --need x --amount 13980.01
expect_rc 1 "an amount above every limit (12 × S = 13980.00)"
expect_err "above every limit: the county approves at most 13980.00 yuan" "... names the limit"
run as_wang relief file "$DIBAO" --cause illness --need x --amount 100 --received 2026-12-05
expect_rc 1 "received after today"
expect_err "received" "... names the date"
run as_wang relief file "$DIBAO" --cause illness --need x --amount 100 --received 2026-02-30
expect_rc 1 "an impossible date"
run as_li relief pay-first "$R2" --amount 100
expect_rc 1 "paying first a case that is not urgent"
expect_err "not urgent" "... says why"
run as_li relief pay-first "$R1" --amount 1165.01
expect_rc 1 "paying first above its limit (1 × S = 1165.00)"
expect_err "at most 1165.00 yuan" "... names the limit"
run as_wang relief pay-first "$R1" --amount 100
expect_rc 5 "an assistant does not pay first"
run as_wang relief show zzzz
expect_rc 1 "no such relief case"
[ "$(events)" = "$before" ] && ok "nothing was recorded by any of them" || fail "events: $before -> $(events)"

# ---- paid first, then proposed and approved by a second person ------------------------------
run as_li relief pay-first "$R1" --amount 1165
expect_rc 0 "li pays the urgent case first, at its limit"
run as_li relief show "$R1" --json
got=$(python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(j['paid_first'], j['paperwork_due'], j['state'])" "$T/out")
[ "$got" = "1165.00 2026-12-11 filed" ] && ok "... its paperwork due five working days later, the case still to be decided ($got)" || fail "paid first: $got"
run as_wang relief propose "$R1" --amount 3000 --reason "两间屋烧毁，需添置被褥炊具"
expect_rc 0 "wang proposes 3,000 after the visit"
expect_out "proposed, for a second person to decide" "... within the township's limit"
run as_wang relief approve "$R1"
expect_rc 5 "an assistant cannot approve"
DOORSTEP_NEW_PASSPHRASE_FILE="$PL" as_wang user add zhao --role supervisor > /dev/null 2>&1
run as_li relief show "$R1"
expect_out "Guidance: 1.00 × S for each of 2 people = 2330.00 yuan" "the derivation: the guidance for a disaster, per person"
expect_out "Within the township's limit of 3.00 × S = 3495.00 yuan: the township decides" "... the township's limit"
expect_out "Relief in 12 months: 0.00 yuan before, 3000.00 with this" "... the year's relief"
export LANGUAGE=zh_CN LANG=zh_CN.UTF-8
run as_li relief show "$R1"
export LANGUAGE= LANG=C.UTF-8
expect_out "参考标准：1.00 × S，每人，共 2 人 = 2330.00 元" "... and in Chinese"
expect_out "原因：火灾或自然灾害；紧急" "... the cause in Chinese"
run as_li relief approve "$R1"
expect_rc 0 "li, who neither filed nor proposed it, approves"
expect_out "approved" "... approved"
run as_li relief refuse "$R1" --reason "改主意"
expect_rc 1 "a decision on a closed case"

# four eyes: the supervisor who filed and proposed does not approve
run as_li relief file "$OTHER" --cause accident --need "工伤" --amount 800
R4=$(cat "$T/out")
run as_li relief propose "$R4" --amount 800 --reason "伤者住院两周"
expect_rc 0 "li files and proposes a case"
run as_li relief approve "$R4"
expect_rc 5 "... and cannot approve it (four eyes)"
expect_err "four eyes" "... says so"

# above the township's limit: the county decides
run as_wang relief propose "$R2" --amount 3495.01 --reason "全家四个月无收入"
expect_rc 0 "a proposal a fen above the township's limit"
expect_out "above the township's limit: with the county" "... goes to the county"
run as_li relief approve "$R2"
expect_rc 1 "the township supervisor cannot approve it"
expect_err "3495.01 yuan is above the township's limit of 3495.00 yuan: the county decides this case" "... the limit named"

# ---- the list, a rebuild, the audit, an altered row ---------------------------------------
run as_li relief list
expect_out "^$R3 .*2027-01-04" "the list: the case due last"
head -n 2 "$T/out" | grep -c " 2026-12-18 " | grep -qx 2 && sed -n 3p "$T/out" | grep -q "^$R3 " && sed -n 4p "$T/out" | grep -q "^$R1 .*approved" \
	&& ok "... open cases first, soonest deadline first, the decided one last" || fail "order: $(cat "$T/out")"
run as_li relief list --json
cp "$T/out" "$T/list-before"
run as_li store rebuild
expect_rc 0 "store rebuild"
run as_li relief list --json
cmp -s "$T/out" "$T/list-before" && ok "... the relief cases are what the log says" || fail "rebuild changed them: $(diff "$T/list-before" "$T/out" | head -5)"
run as_li audit verify
expect_rc 0 "audit verify"
if LC_ALL=C grep -rqaF "房屋失火" "$DOORSTEP_STORE"; then fail "the need is on disk in plaintext"
else ok "the need is sealed, nowhere on disk in plaintext"; fi
"$P" "$DOORSTEP_STORE/store.db" exec "UPDATE relief SET state = 'approved' WHERE id = '$R2'"
run as_li relief list
expect_rc 4 "a relief row altered without the key"
expect_err "relief $R2" "... is named"
run as_li store rebuild
run as_li relief show "$R2" --json
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(j['state'] != 'at_county')" "$T/out" \
	&& ok "... and rebuild restores it from the log" || fail "after rebuild: $(head -c 200 "$T/out")"

# ---- relief deadlines in due -------------------------------------------------------------------
# (R1 is decided; R2 is with the county and R4 proposed, both due on
# 2026-12-18; R3 received later, due on 2027-01-04)
run as_wang relief file "$DIBAO" --cause illness --need "突发脑溢血住院" --amount 2000 --urgent
expect_rc 0 "an urgent relief case for the dibao household"
R5=$(cat "$T/out")
run as_li relief pay-first "$R5" --amount 1000
expect_rc 0 "... paid first"
# due_rows FILE: "kind relief date overdue" for the relief rows of due --json
due_rows() {
	python3 -c "
import json, sys
for d in json.load(open(sys.argv[1])):
    if d['kind'].startswith('relief'):
        print(d['kind'], d.get('relief', ''), d['date'], d['overdue'], d['detail'], d.get('from', ''))" "$1"
}
run as_wang due --json --within 60
expect_rc 0 "due --json"
due_rows "$T/out" > "$T/rows"
grep -q "^relief $R5 2026-12-11 False $R5 2026-12-04$" "$T/rows" && ok "due: the urgent case to decide by 2026-12-11, counted from its receipt" || fail "due: $(cat "$T/rows")"
grep -q "^relief_paperwork $R5 2026-12-11 False $R5 2026-12-04$" "$T/rows" && ok "... its paperwork, paid first, due by 2026-12-11 too" || fail "paperwork: $(cat "$T/rows")"
grep -q "^relief $R2 2026-12-18 False" "$T/rows" && ok "... the case with the county by 2026-12-18" || fail "R2: $(cat "$T/rows")"
grep -q "^relief $R4 2026-12-18 False" "$T/rows" && ok "... the proposed case by 2026-12-18" || fail "R4: $(cat "$T/rows")"
grep -q "^relief $R3 2027-01-04 False" "$T/rows" && ok "... the case received later by 2027-01-04" || fail "R3: $(cat "$T/rows")"
grep -q " $R1 " "$T/rows" && fail "the decided case is still due" || ok "... and the decided case is not due"
run as_wang due
expect_out "^  2026-12-11  relief case to decide +[0-9a-z]{12}  from 2026-12-04  relief case $R5$" "due in text: the kind, the household, the case"
expect_out "^  2026-12-11  relief paid first: paperwork +[0-9a-z]{12}  from 2026-12-04  relief case $R5$" "... and its paperwork"
export LANGUAGE=zh_CN LANG=zh_CN.UTF-8
run as_wang due
export LANGUAGE= LANG=C.UTF-8
expect_out "临时救助待决定 .* 临时救助案件 $R5$" "... in Chinese"
expect_out "先行救助：补齐手续 .* 临时救助案件 $R5$" "... the paperwork in Chinese"

# a week later: the overdue ones first
export DOORSTEP_TODAY=2026-12-14
run as_wang due --json --within 30
due_rows "$T/out" > "$T/rows"
grep -q "^relief $R5 2026-12-11 True" "$T/rows" && grep -q "^relief_paperwork $R5 2026-12-11 True" "$T/rows" \
	&& ok "past 2026-12-11 both are overdue" || fail "overdue: $(cat "$T/rows")"
first=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[0]['overdue'])" "$T/out")
last_over=$(python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
print(max(i for i, x in enumerate(d) if x['overdue']) < min([i for i, x in enumerate(d) if not x['overdue']] or [len(d)]))" "$T/out")
[ "$first" = True ] && [ "$last_over" = True ] && ok "... listed before everything not overdue" || fail "order: $(head -c 400 "$T/out")"
run as_wang due
expect_out "^! 2026-12-11  relief case to decide .* relief case $R5$" "... marked ! in text"

# decided: it leaves due
run as_wang relief propose "$R5" --amount 2000 --reason "住院押金"
run as_li relief approve "$R5"
expect_rc 0 "the urgent case proposed and approved"
run as_wang due --json --within 30
due_rows "$T/out" > "$T/rows"
grep -q " $R5 " "$T/rows" && fail "the decided case is still due: $(cat "$T/rows")" || ok "... and is no longer due, nor its paperwork"
export DOORSTEP_TODAY=2026-12-04

# ---- on the payment roll: one-off lines, totals by cause ------------------------------------
# R1 (a disaster): 1,165 paid first, 3,000 approved, so 1,835 more; R5 (an
# illness): 1,000 paid first, 2,000 approved, 1,000 more — all in December,
# beside the household's regular allowance; nothing of them in January.
run as_li payroll --month 2026-12 --json
expect_rc 0 "the December roll"
got=$(python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
print(' '.join(sorted('%s:%s:%s' % (l['kind'], l['amount'], l['ref']) for l in j['lines'] if l['household'] == sys.argv[2])))
c = j['county']
k, a = c['by_kind'], c['amount_by_kind']
print(k['relief_disaster'], a['relief_disaster'], k['relief_illness'], a['relief_illness'], a['relief_accident'], c['total'])" "$T/out" "$DIBAO")
echo "$got" | head -1 | grep -q "relief_disaster:1165.00:$R1 relief_disaster:1835.00:$R1 relief_illness:1000.00:$R5 relief_illness:1000.00:$R5" \
	&& ok "... the paid-first sums and what the approvals left, one line each, naming their case" || fail "December's lines: $got"
echo "$got" | head -1 | grep -q "^regular:1195.00:" && ok "... beside the month's allowance" || fail "December's allowance: $got"
[ "$(echo "$got" | sed -n 2p)" = "2 3000.00 2 2000.00 0.00 6195.00" ] && ok "... and the totals by cause: 3,000 for the disaster, 2,000 for the illness" \
	|| fail "December's totals: $(echo "$got" | sed -n 2p)"
run as_li payroll --month 2027-01 --json
python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
sys.exit(any(l['kind'].startswith('relief') for l in j['lines']))" "$T/out" \
	&& ok "... and none in January's: paid once" || fail "January has relief lines"
run as_li payroll --month 2026-12 --csv
grep -q "temporary assistance: fire or disaster,2026-12,,1835.00,0.00,1835.00,$R1" "$T/out" \
	&& ok "... the CSV's line in words, with the case" || fail "CSV: $(grep -a "$R1" "$T/out" | head -2)"
export LANGUAGE=zh_CN LANG=zh_CN.UTF-8
run as_li payroll --month 2026-12 --csv --lang zh_CN
export LANGUAGE= LANG=C.UTF-8
grep -q "临时救助" "$T/out" && ok "... and in Chinese" || fail "CSV zh: $(head -c 600 "$T/out")"

# ---- the ladder: shorter deadlines by the household's facts -------------------------------------
export DOORSTEP_TODAY=2026-12-04
# on the ladder by its facts though not receiving: a marginal household
# (1,400 yuan a person, above S = 1,165 but within the marginal line) and
# a destitute one (an elder alone, no income, no one to support her)
cat > "$T/marginal.json" <<EOF2
{"region": "440106", "address": "天河区石牌街道华师社区14号",
 "members": [{"name": "陈明", "id_number": "$(id18 44010619850101001)", "relation": "head", "categories": [], "able_to_work": true,
              "incomes": [{"source": "wages", "monthly": "1400.00"}]}],
 "assets": {"financial": "1000.00", "vehicles": [], "homes": 1}}
EOF2
cat > "$T/destitute.json" <<EOF2
{"region": "440106", "address": "天河区石牌街道华师社区15号",
 "members": [{"name": "周桂兰", "id_number": "$(id18 44010619460202002)", "relation": "head", "categories": ["elderly"], "able_to_work": false, "incomes": []}],
 "assets": {"financial": "500.00", "vehicles": [], "homes": 1}, "supporters": []}
EOF2
MARG=$(as_wang household add --json "$T/marginal.json") || fail "household marginal"
DEST=$(as_wang household add --json "$T/destitute.json") || fail "household destitute"
run as_wang relief file "$MARG" --cause accident --need "摔伤" --amount 500
expect_rc 0 "relief filed for a marginal household (not receiving)"
expect_err "to be decided by 2026-12-11 \\(working days\\)" "... on the ladder by its facts: five working days"
run as_wang relief file "$DEST" --cause illness --need "住院" --amount 500
expect_rc 0 "relief filed for a destitute household (not receiving)"
expect_err "to be decided by 2026-12-11 \\(working days\\)" "... on the ladder too: five working days"

finish
