#!/bin/sh
# Casework on the shared township laptop: three people on one store (wang the
# assistant, li the supervisor, zhao the appeal reviewer). Visits and what
# changed, review with four eyes and roles, the public notice and an
# objection, decisions taking effect on the next run after the notice, the
# written notice in English and Chinese, refusals appealed under the
# reviewer rules, overdue appeals first, a withdrawal that ends with a
# referral, and the log naming all three. Every refused command changes no
# byte of the store.
. "$(dirname "$0")/lib.sh"

export DOORSTEP_TODAY=2026-09-01
new_store s wang assistant
WANG=$DOORSTEP_PASSPHRASE_FILE
LI=$(passfile pass-li "li keeps her own passphrase")
ZHAO=$(passfile pass-zhao "zhao reviews appeals here")

as_wang() { DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$WANG" "$D" "$@"; }
as_li() { DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LI" "$D" "$@"; }
as_zhao() { DOORSTEP_USER=zhao DOORSTEP_PASSPHRASE_FILE="$ZHAO" "$D" "$@"; }

# settle: a harmless run, so decisions due on the new date take effect before
# the store's bytes are compared.
settle() { as_wang household list > /dev/null 2>&1; }

# refused WANT DESCRIPTION CMD...: the command exits WANT and no byte of the
# store changes.
refused() {
	want=$1 what=$2
	shift 2
	tree_sum "$DOORSTEP_STORE" > "$T/rs0"
	run "$@"
	expect_rc "$want" "$what"
	tree_sum "$DOORSTEP_STORE" > "$T/rs1"
	if cmp -s "$T/rs0" "$T/rs1"; then ok "$what: no byte of the store changed"
	else fail "$what: the store changed: $(diff "$T/rs0" "$T/rs1" | tr '\n' ' ' | head -c 300)"; fi
}

# field ID N: field N of the household's line in household list --csv (the
# test's addresses and names have no commas or quotes).
field() {
	as_wang household list --csv 2> /dev/null | tr -d '"' | awk -F, -v id="$1" -v n="$2" '$1 == id { print $n }'
}
state_is() {
	s=$(field "$1" 2)
	[ "$s" = "$2" ] && ok "$3: $2" || fail "$3: the case is '$s', wanted $2"
}

DOORSTEP_NEW_PASSPHRASE_FILE="$LI" run as_wang user add li --role supervisor
expect_rc 0 "wang adds li, a supervisor"
DOORSTEP_NEW_PASSPHRASE_FILE="$ZHAO" run as_wang user add zhao --role reviewer
expect_rc 0 "wang adds zhao, an appeal reviewer"

# ---- households ----------------------------------------------------------------
A1=$(id18 44010619700101001)  # H1 head
A2=$(id18 44010619950202002)  # H1 son
A3=$(id18 44010619400303003)  # H1 grandfather, dies before the visit
A4=$(id18 44010620100404004)  # H1 grandchild, joins
B1=$(id18 44010619800505005)  # H2
C1=$(id18 44010619750606006)  # H3
E1=$(id18 44010619820707007)  # H4, receiving, income rises

member() { # NAME ID RELATION ABLE WAGES
	inc="[]"
	[ "$5" != 0 ] && inc="[{\"source\":\"wages\",\"monthly\":\"$5\"}]"
	cats="[]"
	[ "$3" = parent ] && cats='["elderly"]'
	[ "$3" = grandchild ] && cats='["minor"]'
	printf '{"name":"%s","id_number":"%s","relation":"%s","categories":%s,"able_to_work":%s,"incomes":%s}' \
		"$1" "$2" "$3" "$cats" "$4" "$inc"
}
cat > "$T/h1.json" <<EOF
{"region":"440106","address":"石牌街道1号","members":[
 $(member 王一 "$A1" head true 800),
 $(member 王二 "$A2" child true 0),
 $(member 王老 "$A3" parent false 0)],
 "assets":{"financial":"1000","vehicles":[],"homes":1}}
EOF
cat > "$T/h2.json" <<EOF
{"region":"440106","address":"石牌街道2号","members":[$(member 李二 "$B1" head true 3000)],
 "assets":{"financial":"500","vehicles":[],"homes":1}}
EOF
cat > "$T/h3.json" <<EOF
{"region":"440106","address":"石牌街道3号","members":[$(member 赵三 "$C1" head true 2500)],
 "assets":{"financial":"500","vehicles":[],"homes":1}}
EOF
cat > "$T/h4.json" <<EOF
{"region":"440106","address":"石牌街道4号","members":[$(member 陈四 "$E1" head true 0)],
 "assets":{"financial":"500","vehicles":[],"homes":1},
 "receiving":{"allowance":"1165","since":"2025-06"}}
EOF
for n in 1 2 3 4; do
	run as_wang household add --json "$T/h$n.json"
	expect_rc 0 "wang adds household $n"
	eval "H$n=\$(tail -n 1 \"\$T/out\" | awk '{print \$NF}')"
done
echo "# households: $H1 $H2 $H3 $H4"
state_is "$H1" applying "a new household"
state_is "$H4" receiving "a household already receiving"

# visit NAME ID DATE [MORE]: a visit file $T/NAME.json on DATE with the member
# ID present and signing; MORE adds fields ("members":[...]).
visit() {
	printf '{"date":"%s","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"%s"},"observations":"seen"%s}\n' \
		"$3" "$2" "$2" "$3" "${4:+,$4}" > "$T/$1.json"
}

# ---- H3: refused on 2026-09-01, appealed on the 5th ----------------------------
visit v3 "$C1" 2026-09-01
run as_wang visit record "$H3" --json "$T/v3.json"
expect_rc 0 "wang records a visit to household 3"
run as_wang review submit "$H3"
expect_rc 0 "wang submits household 3"
refused 5 "wang refuses his own submission" as_wang review refuse "$H3" --reason "too much income"
refused 5 "zhao (reviewer) cannot refuse" as_zhao review refuse "$H3" --reason "too much income"
run as_li review refuse "$H3" --reason "income above the standard"
expect_rc 0 "li refuses household 3"
expect_out "refused" "the case is now refused"
state_is "$H3" refused "household 3 after the refusal"

export DOORSTEP_TODAY=2026-09-10
settle
refused 1 "an appeal received in the future" as_wang appeal file "$H3" --reason "we disagree" --received 2026-09-11
run as_wang appeal file "$H3" --reason "our income fell in August" --received 2026-09-05
expect_rc 0 "wang files household 3's appeal, received on 2026-09-05"
refused 1 "a second appeal while one is open" as_wang appeal file "$H3" --reason "again" --received 2026-09-06

# ---- H1: a visit, what changed, four eyes, the notice, an objection -----------
export DOORSTEP_TODAY=2026-11-20
settle
cat > "$T/v1.json" <<EOF
{"date":"2026-11-20","staff":["wang","li"],"present":["$A1","$A2"],
 "consent":{"signed_by":"$A1","at":"2026-11-20"},
 "observations":"The roof leaks; the grandfather died in August.",
 "housing":"one room, 20 m²","assets_sighted":"a bicycle","utilities_seen":"October electricity bill, 80 kWh",
 "bank_statements_seen":"ICBC, three months",
 "changes":[{"change":"joined","id_number":"$A4","date":"2026-05-01"},
            {"change":"died","id_number":"$A3","date":"2026-08-01"}],
 "members":[$(member 王一 "$A1" head true 1200),
            $(member 王二 "$A2" child true 0),
            $(member 王小 "$A4" grandchild false 0)]}
EOF
refused 1 "submit before any visit (household 2)" as_wang review submit "$H2"
refused 5 "li (supervisor) cannot record a visit" as_li visit record "$H1" --json "$T/v1.json"
refused 5 "zhao (reviewer) cannot record a visit" as_zhao visit record "$H1" --json "$T/v1.json"
run as_wang visit record "$H1" --json "$T/v1.json"
expect_rc 0 "wang records the visit to household 1"
expect_out "What changed" "the visit says what changed"
expect_out "王一: wages 800\.00 → 1,200\.00 a month" "the head's income change is shown"
expect_out "\+ 王小 joined the household" "the grandchild who joined is shown"
expect_out "- 王老 died" "the grandfather who died is shown"
expect_out "2,295\.00 yuan a month" "the assessment proposes 1,165 × 3 − 1,200 = 2,295"
state_is "$H1" investigating "household 1 after the visit"

refused 5 "zhao (reviewer) cannot submit" as_zhao review submit "$H1"
refused 5 "li (supervisor) cannot submit" as_li review submit "$H1"
run as_wang review submit "$H1"
expect_rc 0 "wang submits household 1"
state_is "$H1" submitted "household 1 after submit"
refused 5 "wang approves his own submission" as_wang review approve "$H1"
expect_err "approve" "the message names the step"
expect_err "four eyes" "the message says why: four eyes"
refused 5 "zhao (reviewer) cannot approve" as_zhao review approve "$H1"
refused 5 "zhao (reviewer) cannot return" as_zhao review return "$H1" --reason "more papers"
refused 5 "wang cannot return his own submission" as_wang review return "$H1" --reason "more papers"
run as_li review list
expect_rc 0 "li's review queue"
expect_out "^$H1 .*submitted by wang; proposal: grant" "the queue shows household 1, its submitter and proposal"
expect_out "2295\.00" "the queue shows how the proposal was worked out"
run as_li review approve "$H1" --note "checked the bank statements"
expect_rc 0 "li approves household 1"
expect_out "public notice" "approval starts the public notice"
state_is "$H1" notice "household 1 after approval"
run as_wang due
expect_rc 0 "due"
expect_out "2026-11-27  public notice ends +$H1" "due lists the end of household 1's notice (7 days)"
[ "$(field "$H1" 8)" = 2026-11-28 ] && ok "household list shows the day the decision takes effect" \
	|| fail "household list due column: $(field "$H1" 8)"
refused 1 "no written notice before a decision takes effect" as_wang notice "$H1"
refused 1 "the decision cannot be finalized during the notice" as_li review finalize "$H1"
expect_err "2026-11-27" "the message says when the notice ends"
refused 5 "zhao (reviewer) cannot record an objection" as_zhao review object "$H1" --reason "a neighbour objects"
refused 2 "an objection needs a reason" as_wang review object "$H1"

export DOORSTEP_TODAY=2026-11-24
settle
run as_wang review object "$H1" --reason "a neighbour says the son works full time"
expect_rc 0 "wang records an objection during the notice"
expect_out "investigating" "the objection sends the case back to investigation"
state_is "$H1" investigating "household 1 after the objection"
refused 1 "no new submission without a new visit" as_wang review submit "$H1"
expect_err "visit" "the message says a visit is needed"

visit v1b "$A1" 2026-11-24
run as_wang visit record "$H1" --json "$T/v1b.json"
expect_rc 0 "wang visits household 1 again"
expect_out "Nothing changed" "the second visit found nothing new"
expect_out "monthly payment: 2,295\.00 → 2,295\.00" "it compares the payment with the last assessment"
run as_wang review submit "$H1"
expect_rc 0 "wang submits household 1 again"
run as_li review approve "$H1"
expect_rc 0 "li approves household 1 again (notice until 2026-12-01)"

# ---- H2: submitted, refused, appealed ----------------------------------------------
visit v2 "$B1" 2026-11-24
run as_wang visit record "$H2" --json "$T/v2.json"
expect_rc 0 "wang visits household 2"
expect_out "not eligible|above" "the assessment finds household 2 above the standard"
run as_wang review submit "$H2"
expect_rc 0 "wang submits household 2"
refused 2 "a refusal needs a reason" as_li review refuse "$H2"
run as_li review refuse "$H2" --reason "wages of 3,000 a month are above the standard"
expect_rc 0 "li refuses household 2"
refused 5 "wang cannot decide an appeal" as_wang appeal decide "$H2" uphold --reason "x"
run as_wang appeal file "$H2" --reason "the wages stopped in October" --received 2026-11-24
expect_rc 0 "wang files household 2's appeal"

# ---- H4: income rises, a withdrawal is proposed ------------------------------------
visit v4 "$E1" 2026-11-24 "\"members\":[$(member 陈四 "$E1" head true 1400)]"
run as_wang visit record "$H4" --json "$T/v4.json"
expect_rc 0 "wang visits household 4 (income now 1,400)"
expect_out "陈四: wages 0\.00 → 1,400\.00 a month" "the income change is shown"
state_is "$H4" receiving "a re-verification visit keeps household 4 receiving"
run as_wang review submit "$H4"
expect_rc 0 "wang submits household 4"
run as_li review approve "$H4"
expect_rc 0 "li approves the withdrawal of household 4"

# ---- appeals: overdue first, reviewer rules -----------------------------------------
export DOORSTEP_TODAY=2026-11-27
settle
run as_li appeal list
expect_rc 0 "appeal list"
grep "answer by" "$T/out" > "$T/appeals"
[ "$(wc -l < "$T/appeals")" -eq 2 ] && ok "two open appeals" || fail "open appeals: $(cat "$T/appeals")"
sed -n 1p "$T/appeals" | grep -q "^$H3 .*answer by 2026-10-05.*OVERDUE" \
	&& ok "household 3's overdue appeal comes first, marked" || fail "first appeal line: $(sed -n 1p "$T/appeals")"
sed -n 2p "$T/appeals" | grep -q "^$H2 .*answer by 2026-12-24" \
	&& ok "household 2's appeal comes second" || fail "second appeal line: $(sed -n 2p "$T/appeals")"
sed -n 2p "$T/appeals" | grep -q "OVERDUE" && fail "household 2's appeal is marked overdue" \
	|| ok "household 2's appeal is not marked overdue"
expect_out "decision by wang, approved by li" "the list names who proposed and who decided"
run as_li appeal list --json
expect_rc 0 "appeal list --json"
tr -d ' \n' < "$T/out" > "$T/aj"
grep -q "\"id\":\"$H3\".*\"overdue\":true.*\"id\":\"$H2\".*\"overdue\":false" "$T/aj" \
	&& ok "appeal list --json: household 3 overdue first, household 2 not overdue" \
	|| fail "appeal list --json: $(head -c 300 "$T/aj")"

run as_wang due
expect_rc 0 "due"
sed -n 1p "$T/out" | grep -q "^! 2026-10-05  appeal to answer .*$H3" \
	&& ok "due: household 3's overdue appeal is first, marked !" || fail "due first line: $(sed -n 1p "$T/out")"
grep -q "^  2026-12-24  appeal to answer .*$H2" "$T/out" \
	&& ok "due: household 2's appeal, not overdue" || fail "due: $(cat "$T/out" | tr '\n' '|')"
awk '/^!/ { if (seen) bad = 1 } /^  [0-9]/ { seen = 1 } END { exit bad }' "$T/out" \
	&& ok "due: every overdue item comes before the others" || fail "due order: $(cat "$T/out" | tr '\n' '|')"
run as_wang due --json
expect_rc 0 "due --json"
tr -d ' \n' < "$T/out" > "$T/dj"
grep -q "^\[{\"kind\":\"appeal\",\"household\":\"$H3\",\"date\":\"2026-10-05\",\"overdue\":true" "$T/dj" \
	&& ok "due --json: the overdue appeal first" || fail "due --json: $(head -c 300 "$T/dj")"

refused 5 "assigning household 2's appeal to wang, who proposed the refusal" \
	as_li appeal assign "$H2" --to wang
expect_err "wang proposed or decided" "the message says wang took part in the decision"
refused 5 "assigning household 2's appeal to li, who refused it" \
	as_li appeal assign "$H2" --to li
expect_err "li proposed or decided" "the message says li took part in the decision"
refused 1 "assigning an appeal to someone who is not a reviewer on this store" \
	as_li appeal assign "$H2" --to ghost
expect_err "ghost" "the message names the person"
refused 5 "wang (assistant) cannot assign appeals" as_wang appeal assign "$H2" --to zhao
refused 5 "li, who refused household 2, cannot decide its appeal" \
	as_li appeal decide "$H2" overturn --reason "she changed her mind"
refused 2 "an overturn restoring an impossible state" \
	as_zhao appeal decide "$H2" overturn --reason "x" --restore submitted
refused 1 "an appeal of a household with no appealable decision" \
	as_wang appeal file "$H1" --reason "x"
run as_li appeal assign "$H2" --to zhao
expect_rc 0 "li assigns household 2's appeal to zhao"
run as_li appeal list
expect_out "^$H2 .*reviewer: zhao" "the list shows the reviewer"
refused 2 "an appeal decision needs a reason" as_zhao appeal decide "$H2" overturn
run as_zhao appeal decide "$H2" overturn --reason "the wages stopped in October; investigate again" --restore investigating
expect_rc 0 "zhao overturns household 2's refusal"
expect_out "investigating" "the case is restored to investigating"
state_is "$H2" investigating "household 2 after the overturn"
refused 1 "an appeal that is decided cannot be decided again" \
	as_zhao appeal decide "$H2" uphold --reason "x"
run as_zhao appeal assign "$H3" --to zhao
expect_rc 0 "zhao takes household 3's appeal"
run as_zhao appeal decide "$H3" uphold --reason "the August payslip shows 2,500"
expect_rc 0 "zhao upholds household 3's refusal"
state_is "$H3" refused "household 3 stays refused"
run as_li appeal list
expect_out "^0 open appeals" "no open appeals remain"

# ---- the notices take effect on the next run after they end -----------------------
export DOORSTEP_TODAY=2026-12-01
settle
state_is "$H1" notice "household 1 on the last day of its notice"
export DOORSTEP_TODAY=2026-12-02
run as_wang household list --csv
expect_rc 0 "the first run after the notice"
expect_err "2 decisions took effect" "it says two decisions took effect"
state_is "$H1" receiving "household 1 after its notice"
[ "$(field "$H1" 7)" = 2295.00 ] && ok "household list shows household 1's allowance of 2295.00" \
	|| fail "household 1's allowance: $(field "$H1" 7)"
run as_wang household list
expect_out "^$H1 .*receiving +2,295\.00" "the table shows receiving and 2,295.00"
state_is "$H4" in_transition "household 4 after its notice"
run as_wang due --within 200
expect_out "2027-05-31  withdrawal ends +$H4" "due shows when household 4's withdrawal ends"
expect_out "^  2027-04-01  withdrawal ending: job help +$H4  last month 2027-05$" \
	"due shows the withdrawal's warning, 30 days before its last month (issue 13)"
[ "$(field "$H4" 7)" = 1165.00 ] && ok "in its first withdrawal month household 4 is paid 1165.00" \
	|| fail "household 4 in 2026-12: $(field "$H4" 7)"

# ---- suspension and a return -------------------------------------------------------
refused 5 "wang (assistant) cannot suspend payments" as_wang review suspend "$H1" --reason "moved away"
refused 5 "zhao (reviewer) cannot suspend payments" as_zhao review suspend "$H1" --reason "moved away"
refused 2 "a suspension needs a reason" as_li review suspend "$H1"
run as_li review suspend "$H1" --reason "the family is away until January"
expect_rc 0 "li suspends household 1"
state_is "$H1" suspended "household 1 suspended"
refused 5 "wang (assistant) cannot resume payments" as_wang review resume "$H1"
run as_li review resume "$H1"
expect_rc 0 "li resumes household 1"
state_is "$H1" receiving "household 1 resumed"
visit v2b "$B1" 2026-12-02
run as_wang visit record "$H2" --json "$T/v2b.json"
expect_rc 0 "wang visits household 2 after the overturn"
run as_wang review submit "$H2"
expect_rc 0 "wang submits household 2 again"
refused 2 "a return needs a reason" as_li review return "$H2"
run as_li review return "$H2" --reason "ask the employer for October's payslip"
expect_rc 0 "li returns household 2 for more investigation"
state_is "$H2" returned "household 2 returned"

# ---- written notices -----------------------------------------------------------------
run as_wang notice "$H1"
expect_rc 0 "notice in English"
expect_out "^Decision granting the minimum living guarantee" "the letter has its title"
expect_out "It is granted 2,295\.00 yuan a month\." "the decision and amount"
expect_out "^Officer: _+ +Reviewer: _+" "blanks for the officers' signatures"
grep -Eq "wang|\bli\b" "$T/out" && fail "a login name in the letter: $(grep -E "wang|\bli\b" "$T/out" | head -2)" \
	|| ok "no login name in the letter"
expect_out "administrative reconsideration within 60 days of the day you receive this letter" "the remedies, counted from receipt"
expect_out "Date of the decision: 2026-12-01" "dated the notice's last day, not the day the program ran"
expect_out "within 60 days of the day you receive this letter, saying why" "the time to appeal, before the letter is delivered"
refused 2 "a delivery needs its method" as_wang notice deliver "$H1" --on 2026-12-03
refused 1 "a delivery cannot be before the decision" as_wang notice deliver "$H1" --on 2026-11-30 --method post
refused 5 "a reviewer does not deliver letters" as_zhao notice deliver "$H1" --on 2026-12-02 --method post
run as_wang notice deliver "$H1" --on 2026-12-02 --method in_person
expect_rc 0 "wang records the letter handed over on 2026-12-02"
refused 1 "a letter is delivered once" as_wang notice deliver "$H1" --on 2026-12-02 --method post
run as_wang notice "$H1"
expect_out "by 2027-01-31 \(within 60 days of the day this letter reached you\)" "how and by when to appeal, from the delivery"
cp "$T/out" "$T/notice-en.txt"
run as_wang notice "$H1" --out "$T/notice-written.txt"
expect_rc 0 "notice --out FILE"
cmp -s "$T/notice-en.txt" "$T/notice-written.txt" && ok "--out writes the same notice to the file" \
	|| fail "--out FILE differs from the notice: $(head -c 200 "$T/notice-written.txt" 2>&1)"
[ ! -s "$T/out" ] && ok "--out prints nothing" || fail "--out printed: $(head -c 200 "$T/out")"
run as_wang notice "$H1" --lang zh_CN
expect_rc 0 "notice --lang zh_CN"
expect_out "给予最低生活保障决定书" "the Chinese title"
expect_out "决定给予最低生活保障，每月2,295\.00元" "the Chinese decision (决定)"
expect_out "自收到本决定书之日起60日内.*申请行政复议" "the Chinese remedies (行政复议)"
grep -q "Decision\|appeal" "$T/out" && fail "English text in the Chinese notice: $(grep "Decision\|appeal" "$T/out" | head -3)" \
	|| ok "no English in the Chinese notice"
run as_wang notice "$H3"
expect_rc 0 "notice of household 3's refusal"
expect_out "Your application for the minimum living guarantee is not approved\." "the refusal"
expect_out "income above the standard" "with li's reason"

run as_wang notice "$H4"
expect_rc 0 "notice of household 4's withdrawal"
expect_out "paid for 6 months more, as scheduled below, and stops after 2027-05" "the withdrawal and its months"
expect_out "^ +2026-12: 1,165\.00 yuan$" "the first month pays the full 1,165.00"
expect_out "^ +2027-05: 195\.00 yuan$" "the last month pays 1,165 / 6, rounded up"

# ---- the withdrawal's months: the list shows what each month pays (issue 13) ---------
export DOORSTEP_TODAY=2027-02-15
settle
[ "$(field "$H4" 7)" = 777.00 ] && ok "month 3 of 6 pays 777.00 (1,165 x 4/6), not the old 1,165.00" \
	|| fail "household 4 in 2027-02: $(field "$H4" 7)"
run as_wang household list --json
expect_out "\"id\":\"$H4\",.*\"allowance\":\"1165\.00\",\"paid_this_month\":\"777\.00\",\"withdrawal_month\":\{\"k\":3,\"of\":6\}" \
	"household list --json: the allowance stepped down from, and this month's 777.00, month 3 of 6"
# Income falls back to exactly S during the withdrawal: not below S, so
# the schedule goes on (no cliff at the standard).
visit v4b "$E1" 2027-02-15 "\"members\":[$(member 陈四 "$E1" head true 1165)]"
run as_wang visit record "$H4" --json "$T/v4b.json"
expect_rc 0 "a visit finds household 4's income back at exactly S (1,165.00)"
run as_wang assess "$H4" --dry-run --explain
expect_out "is still at or above the standard: the schedule goes on unchanged" "the derivation says the schedule goes on"
if grep -q "returns to the regular allowance" "$T/out"; then fail "at exactly S the derivation says it returns to the allowance"
else ok "at exactly S it does not say it returns to the allowance"; fi
state_is "$H4" in_transition "household 4 keeps its withdrawal at exactly S"
[ "$(field "$H4" 7)" = 777.00 ] && ok "and its payments: month 3 still pays 777.00" \
	|| fail "household 4 after the visit: $(field "$H4" 7)"
export DOORSTEP_TODAY=2027-04-02
run as_wang due
expect_out "^! 2027-04-01  withdrawal ending: job help +$H4" "the warning overdue the day after"
[ "$(field "$H4" 7)" = 389.00 ] && ok "month 5 of 6 pays 389.00" || fail "household 4 in 2027-04: $(field "$H4" 7)"

# ---- the withdrawal ends with a referral ---------------------------------------------
export DOORSTEP_TODAY=2027-05-31
settle
state_is "$H4" in_transition "household 4 in the last month of its withdrawal"
export DOORSTEP_TODAY=2027-06-01
run as_wang due
expect_rc 0 "due after the withdrawal's last month"
expect_err "1 decisions took effect or withdrawals ended" "it says a withdrawal ended"
expect_out "referral to employment assistance +$H4" "due shows the employment-assistance referral"
state_is "$H4" exited "household 4 after its withdrawal"
[ -z "$(field "$H4" 7)" ] && ok "household 4 no longer receives an allowance" \
	|| fail "household 4's allowance: $(field "$H4" 7)"

# ---- the log ---------------------------------------------------------------------
run as_zhao audit verify
expect_rc 0 "audit verify"
for who in wang li zhao; do
	expect_out "^Written by:.*(^|[^[:alnum:]])$who([^[:alnum:]]|\$)" "audit verify names $who"
done

finish
