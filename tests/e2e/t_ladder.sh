#!/bin/sh
# t_ladder.sh — the ladder of assistance through the program (issue 19):
# the issue's five households, each assessed into the class the rules give
# with its figures (a marginal family at 1,400 a person; a grade-1 disabled
# son covered alone, 单人保; an 80-year-old alone whose son cannot support
# her, destitute at 130 % of S; a family spending on dialysis, rigid
# hardship; a member in prison left out of the count); then a change of
# class as a decision — a household on dibao found destitute — proposed,
# approved by a second person, noticed and lettered in both languages, and
# a marginal family's refusal letter saying what its status opens and for
# how long.
. "$(dirname "$0")/lib.sh"

export DOORSTEP_TODAY=2026-09-01
new_store s wang assistant
WANG=$DOORSTEP_PASSPHRASE_FILE
LI=$(passfile pass-li "li keeps her own passphrase")
as_wang() { DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$WANG" "$D" "$@"; }
as_li() { DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LI" "$D" "$@"; }
DOORSTEP_NEW_PASSPHRASE_FILE="$LI" run as_wang user add li --role supervisor
expect_rc 0 "wang adds li, a supervisor"

# m NAME ID RELATION WAGES [EXTRA]: a member, wages 0 for none
m() {
	inc="[]"
	[ "$4" != 0 ] && inc="[{\"source\":\"wages\",\"monthly\":\"$4\"}]"
	able=true
	[ "$4" = 0 ] && able=false
	printf '{"name":"%s","id_number":"%s","relation":"%s","able_to_work":%s,"incomes":%s%s}' \
		"$1" "$2" "$3" "$able" "$inc" "${5:+,$5}"
}
# hh N ADDRESS MEMBERS [EXTRA]: household N's JSON, added; H<N> its id
hh() {
	printf '{"region":"440106","address":"%s","members":[%s],"assets":{"financial":"500","vehicles":[],"homes":1}%s}\n' \
		"$2" "$3" "${4:+,$4}" > "$T/h$1.json"
	run as_wang household add --json "$T/h$1.json"
	expect_rc 0 "household $1 added"
	eval "H$1=\$(tail -n 1 \"\$T/out\" | awk '{print \$NF}')"
}
# assessed N: household N assessed (not recorded), its JSON flattened in
# $T/a<N>
assessed() {
	eval "h=\$H$1"
	run as_wang assess "$h" --json --dry-run
	expect_rc 0 "household $1 assessed"
	tr -d '\n' < "$T/out" | sed 's/  */ /g' > "$T/a$1"
}
has() { # N PATTERN WHAT
	grep -q "$2" "$T/a$1" && ok "$3" || fail "$3: $(head -c 600 "$T/a$1")"
}

# 1. two people at 1,400 each (S = 1,165 in Guangzhou): 低保边缘, no cash
hh 1 石牌街道1号 "$(m 张一 "$(id18 44010619850101011)" head 1400),$(m 张二 "$(id18 44010619860202012)" spouse 1400)"
assessed 1
has 1 '"class": "marginal"' "1,400 a person: a marginal family"
has 1 '"payment": "0.00"' "... paid nothing"
has 1 '"eligible": false' "... not eligible for dibao"
has 1 '"code": "marginal_band"' "... a step: in the marginal band, with its line"
has 1 '"line": "1747.50"' "... the line is 150 % of 1,165: 1,747.50 a person"
has 1 '"reverify_months": 12' "... reviewed yearly"

# 2. 1,333 a person, the adult son grade-1 disabled with no earnings: 单人保
SON2=$(id18 44010619950303023)
hh 2 石牌街道2号 "$(m 李父 "$(id18 44010619650101021)" head 2000),$(m 李母 "$(id18 44010619660202022)" spouse 1999),$(m 李子 "$SON2" child 0 '"disability":{"grade":1,"type":"physical"}')"
assessed 2
has 2 '"class": "dibao_single"' "the grade-1 disabled son: covered alone (单人保)"
has 2 '"covered_members": \[ { "member": 2, "payment": "1165.00" } \]' "... he alone is covered: 1,165 − 0"
has 2 '"payment": "1165.00"' "... the household is paid his 1,165.00"
has 2 '"members": 3' "... the household still counts 3"
has 2 '"code": "single_member"' "... a step says why he is covered alone"

# 3. 80 years old, alone, no income, her only son severely disabled: 特困
hh 3 石牌街道3号 "$(m 王奶奶 "$(id18 44010619460315031)" head 0 '"self_care":"partial"')" \
	'"supporters":[{"name":"王大","relation":"王奶奶之子","able":false,"reason":"本人一级肢体残疾"}]'
assessed 3
has 3 '"class": "destitute"' "80, alone, no one able to support her: destitute (特困)"
has 3 '"payment": "1515.00"' "... the basic standard, 130 % of 1,165 rounded up: 1,515.00"
has 3 '"topups": "0.00"' "... no top-ups, no care allowance in force"
has 3 '"rule": "no_care_allowance"' "... flagged for the supervisor: she needs care and no allowance is in force"
has 3 '"code": "destitute_basic_percent"' "... a step gives the basic standard with its source"
grep -q '"code": "allowance"' "$T/a3" && fail "a difference-filling step for a destitute household" \
	|| ok "... no difference-filling"

# 4. 2,000 a person, 2,500 a month on the child's dialysis: 刚性支出困难
KID4=$(id18 44010620150404042)
hh 4 石牌街道4号 "$(m 赵母 "$(id18 44010619850404041)" head 4000),$(m 赵子 "$KID4" child 0)" \
	"\"rigid_expenses\":[{\"member\":\"$KID4\",\"kind\":\"medical\",\"annual\":\"30000\",\"evidence\":\"透析票据\"}]"
assessed 4
has 4 '"class": "rigid_hardship"' "dialysis at 62.5 % of income: a rigid-expenditure hardship family"
has 4 '"rigid": "30000.00"' "... the spending of 12 months in the step"
has 4 '"threshold": "24000.00"' "... against 50 % of 12 × 4,000"
has 4 '"payment": "0.00"' "... no cash by default"

# 5. a member in prison is left out of the count: 3,300 for two, not three
hh 5 石牌街道5号 "$(m 刘父 "$(id18 44010619800505051)" head 3300),$(m 刘母 "$(id18 44010619820505052)" spouse 0),$(m 刘子 "$(id18 44010620000505053)" child 0 '"excluded":"prison"')"
assessed 5
has 5 '"members": 2' "the son in prison is not counted: 2 members"
has 5 '"per_capita_income": "1650.00"' "... 3,300 ÷ 2 = 1,650 a person (1,100 with him counted)"
has 5 '"code": "member_excluded"' "... a step names who is left out and why"
has 5 '"class": "marginal"' "... a marginal family, not dibao"

# every household once: exactly one class each (the assessment's, and the
# last step's saying it)
for n in 1 2 3 4 5; do
	c=$(grep -o '"class": "[a-z_]*"' "$T/a$n" | sort -u | wc -l)
	[ "$c" = 1 ] && ok "household $n: exactly one class" || fail "household $n: $c classes"
done

# ---- a change of class as a decision -----------------------------------------
# On dibao since 2025-06 at 1,165; visited, she is alone at 76 with no
# income and no one to support her: destitute, 1,515.
hh 6 石牌街道6号 "$(m 周奶奶 "$(id18 44010619500601061)" head 0)" '"receiving":{"allowance":"1165","since":"2025-06"}'
visit() { # FILE ID DATE
	printf '{"date":"%s","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"%s"},"observations":"seen"}\n' \
		"$3" "$2" "$2" "$3" > "$T/$1.json"
}
visit v6 "$(id18 44010619500601061)" 2026-09-01
run as_wang visit record "$H6" --json "$T/v6.json"
expect_rc 0 "household 6 visited"
run as_wang assess "$H6" --json
tr -d '\n' < "$T/out" | sed 's/  */ /g' > "$T/a6"
has 6 '"class": "destitute"' "on dibao, found destitute"
has 6 '"payment": "1515.00"' "... 1,515.00 instead of 1,165.00"
run as_wang review submit "$H6"
expect_rc 0 "wang proposes it"
run as_wang review approve "$H6"
[ "$rc" != 0 ] && ok "wang cannot approve his own proposal" || fail "wang approved his own proposal"
run as_li review approve "$H6"
expect_rc 0 "li, a second person, approves it"
# the marginal family of household 1: visited, proposed, refused dibao
visit v1 "$(id18 44010619850101011)" 2026-09-01
run as_wang visit record "$H1" --json "$T/v1.json"
expect_rc 0 "household 1 visited"
run as_wang review submit "$H1"
expect_rc 0 "wang proposes household 1"
run as_li review approve "$H1"
expect_rc 0 "li approves household 1's decision (not eligible: marginal)"
# the 单人保 household 2: visited, proposed, approved
visit v2 "$(id18 44010619650101021)" 2026-09-01
run as_wang visit record "$H2" --json "$T/v2.json"
expect_rc 0 "household 2 visited"
run as_wang review submit "$H2"
expect_rc 0 "wang proposes household 2 (单人保)"
run as_li review approve "$H2"
expect_rc 0 "li approves household 2"
export DOORSTEP_TODAY=2026-10-10
as_wang household list > /dev/null 2>&1

# re-verification by class: the marginal family (refused dibao) a year
# after its visit, the 单人保 household (its parents can work) after 6
# months, the destitute one on the stable year
run as_wang due --json --within 400
expect_rc 0 "due --json"
item() { tr -d '\n' < "$T/out" | sed 's/},/}\n/g' | grep "\"household\": \"$1\"" | grep "\"kind\": \"$2\""; }
case $(item "$H1" reverification) in
*'"date": "2027-09-01"'*'"detail": "marginal"'*) ok "the marginal family: re-verified 2027-09-01, a year after the visit" ;;
*) fail "the marginal family's re-verification: $(item "$H1" reverification)" ;;
esac
case $(item "$H2" reverification) in
*'"date": "2027-03-01"'*'"detail": "watch"'*) ok "单人保 with parents who work: re-verified after 6 months" ;;
*) fail "the 单人保 household's re-verification: $(item "$H2" reverification)" ;;
esac
item "$H4" reverification > /dev/null && fail "a household never decided has a re-verification due" \
	|| ok "a household assessed but never decided has none"

# the 单人保 household visited again: the son now has a pension of 200. It
# stays 单人保, paid his new sum 1,165 − 200 = 965 at once: a household
# already at or above S is not "rising" to it, so no withdrawal
cat > "$T/v2b.json" <<JSON
{"date": "2026-10-10", "staff": ["wang", "li"], "present": ["$(id18 44010619650101021)"],
 "consent": {"signed_by": "$(id18 44010619650101021)", "at": "2026-10-10"}, "observations": "seen",
 "members": [$(m 李父 "$(id18 44010619650101021)" head 2000),$(m 李母 "$(id18 44010619660202022)" spouse 1999),$(m 李子 "$SON2" child 0 '"disability":{"grade":1,"type":"physical"}' | sed 's/"incomes":\[\]/"incomes":[{"source":"pension","monthly":"200"}]/')]}
JSON
run as_wang visit record "$H2" --json "$T/v2b.json"
expect_rc 0 "household 2 visited again"
run as_wang assess "$H2" --json --dry-run
tr -d '\n' < "$T/out" | sed 's/  */ /g' > "$T/a2b"
has 2b '"class": "dibao_single"' "still 单人保"
has 2b '"payment": "965.00"' "... paid his new sum, 965.00"
has 2b '"transition": null' "... with no withdrawal of the 1,165 it was paid"

# a household on dibao at 2,600 whose son would now be covered alone: the
# withdrawal of the 2,600 stays, no month of it below his 1,165; and an
# assessment recorded with no decision changes nothing in the next one
hh 7 石牌街道7号 "$(m 孙父 "$(id18 44010619650707071)" head 2000),$(m 孙母 "$(id18 44010619660707072)" spouse 1999),$(m 孙子 "$(id18 44010619950707073)" child 0 '"disability":{"grade":1,"type":"physical"}')" \
	'"receiving":{"allowance":"2600","since":"2025-06"}'
for pass in recorded again; do
	if [ $pass = recorded ]; then run as_wang assess "$H7" --json; else run as_wang assess "$H7" --json --dry-run; fi
	tr -d '\n' < "$T/out" | sed 's/  */ /g' > "$T/a7"
	has 7 '"class": "dibao_single"' "$pass: the son would be covered alone (单人保)"
	has 7 '"payment": "2600.00"' "$pass: next month still the 2,600 it receives, stepping down"
	has 7 '"class_payment": "1165.00"' "$pass: his 1,165 is what the class pays"
	python3 -c "
import json, sys
t = json.load(open(sys.argv[1]))['transition']
print(min(float(m['amount']) for m in t['payments']))" "$T/out" > "$T/min7" 2>&1
	[ "$(cat "$T/min7")" = 1165.0 ] && ok "$pass: no month of the withdrawal below 1,165" \
		|| fail "$pass: the withdrawal's smallest month: $(cat "$T/min7")"
done

# the month's roll, broken down by class
run as_li payroll --month 2026-10 --json
expect_rc 0 "October's roll"
python3 - "$T/out" > "$T/byclass" 2>&1 <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["county"]["by_class"]
for k in ("destitute", "dibao_single", "marginal", "unclassified"):
    v = c[k]
    print(k, v["households"], v["lines"], v["amount"])
PY
grep -qx "destitute 1 1 1515.00" "$T/byclass" && ok "the roll: destitute, 1 household, 1,515.00" \
	|| fail "the roll's destitute line: $(cat "$T/byclass")"
grep -qx "dibao_single 1 1 1165.00" "$T/byclass" && ok "the roll: 单人保, 1 household, 1,165.00" \
	|| fail "the roll's 单人保 line: $(cat "$T/byclass")"
grep -qx "marginal 0 0 0.00" "$T/byclass" && ok "the roll: a marginal family is paid nothing" \
	|| fail "the roll's marginal line: $(cat "$T/byclass")"
run as_li payroll --month 2026-10 --lang zh_CN
expect_out "特困人员.*1户，1行，1,515.00" "the roll in words, by class, in Chinese"

run as_wang notice "$H6" --lang zh_CN
expect_rc 0 "the letter of the change, in Chinese"
expect_out "特困人员救助供养" "... says she is now supported as destitute"
expect_out "1,165.00元" "... from 1,165.00"
expect_out "1,515.00元" "... to 1,515.00"
expect_out "申诉" "... with her appeal"
run as_wang notice "$H6"
expect_rc 0 "the letter of the change, in English"
expect_out "supported as destitute" "... in English too"
expect_out "1,515.00 yuan" "... 1,515.00 yuan"

run as_wang notice "$H1" --lang zh_CN
expect_rc 0 "the marginal family's letter, in Chinese"
expect_out "低保边缘家庭" "... names the status"
expect_out "医疗、教育、住房和临时救助" "... says which assistance it opens"
expect_out "有效期12个月" "... and for how long"
run as_wang notice "$H1"
expect_rc 0 "the marginal family's letter, in English"
expect_out "marginal family" "... names the status in English"
expect_out "holds for 12 months" "... and for how long"

finish
