#!/bin/sh
# t_ladder_facts.sh — the facts at the door in the household JSON (issue
# 19): a household with a disabled, ill member, one in prison, incomes by
# months and by the year, supporters and rigid spending is added, shown
# (words, zh_CN, --json) and imported; each bad input is one line naming
# its JSON path, exit 1, and nothing stored; sync carries the facts to the
# county, the supervisor and back unchanged.
. "$(dirname "$0")/lib.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
LP=$(passfile pass-li "li supervises the township")
. "$(dirname "$0")/county_lib.sh"

new_store s
"$D" policy import "$TOP/tests/policy/sample.json" > /dev/null \
	|| fail "the sample policy (with a list of serious illnesses) is imported"
MOTHER=$(id18 44010619460315102)
SON=$(id18 44010619800101123)
PRISON=$(id18 44010619900505134)
OTHER=$(id18 44010619700202145)

# facts FILE: the household of the tests, in a file
facts() {
	cat > "$1" <<EOF
{"region": "440106", "address": "天河区石牌街道华师社区15号",
 "members": [{"name": "陈桂兰", "id_number": "$MOTHER", "relation": "head", "able_to_work": false,
              "self_care": "partial",
              "incomes": [{"source": "pension", "annual": "6000"},
                          {"source": "agriculture", "months": {"2026-10": "300", "2026-06": "250.5", "2026-08": 0}}]},
             {"name": "陈大军", "id_number": "$SON", "relation": "child", "able_to_work": false,
              "disability": {"grade": 1, "type": "intellectual"}, "illness": "uremia", "self_care": "none",
              "incomes": []},
             {"name": "陈三军", "id_number": "$PRISON", "relation": "child", "able_to_work": true,
              "excluded": "prison", "incomes": [{"source": "wages", "monthly": "2000"}]}],
 "supporters": [{"name": "陈二军", "relation": "陈桂兰之子", "able": false, "reason": "本人一级肢体残疾"},
                {"name": "陈小红", "relation": "daughter", "able": true}],
 "rigid_expenses": [{"member": "$SON", "kind": "medical", "annual": "30000", "evidence": "透析票据"}],
 "assets": {"financial": "300", "vehicles": [], "homes": 1}}
EOF
}
facts "$T/h.json"

# ---- add and show -------------------------------------------------------------
run "$D" household add --json "$T/h.json"
expect_rc 0 "household add with every fact of the ladder"
H=$(cat "$T/out")
run "$D" household show "$H"
expect_rc 0 "household show"
expect_out "^     Disability: grade 1, intellectual$" "the son's disability, in words"
expect_out "^     Serious illness: uremia$" "his illness"
expect_out "^     Self-care: cannot look after themselves$" "his self-care"
expect_out "^     Self-care: partly looks after themselves$" "his mother's"
expect_out "^     Left out of the household count: in prison$" "the one in prison"
expect_out "severe disability, severe illness" "severe_disability and severe_illness follow from the facts"
expect_out "^     employee pension: 6,000\.00 a year$" "an income by the year"
expect_out "^     farming, month by month:$" "an income by months"
if grep -A3 "month by month" "$T/out" | tr '\n' '|' | grep -q "2026-06  250\.50|       2026-08  0\.00|       2026-10  300\.00"; then
	ok "the months in order, none left out or made up"
else fail "the months: $(grep -A3 'month by month' "$T/out" | tr '\n' '|')"; fi
expect_out "^     wages: 2,000\.00 a month$" "a declared income as before"
expect_out "^Obliged to support the household \(2\):$" "the supporters"
expect_out "陈二军 +陈桂兰之子; not able to support them: 本人一级肢体残疾$" "one not able, and why"
expect_out "陈小红 +daughter; able to support them$" "one able"
expect_out "^  陈大军 +medical, 30,000\.00 \(evidence: 透析票据\)$" "the rigid spending, by the member's name"
if grep -q "$SON" "$T/out"; then fail "the text shows an ID number in full"
else ok "no ID number in full on the screen"; fi

# the assessment reads incomes by the year and by months (never as zero)
run "$D" assess "$H" --dry-run --json
expect_rc 0 "assess a household with incomes by the year and by months"
got=$(python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
st = {s['code']: s for s in j['steps'] if s['code'] in ('income_annual', 'income_months')}
miss = [s['figures']['month'] for s in j['steps'] if s['code'] == 'income_month_missing']
print(st['income_annual']['figures']['amount'], st['income_months']['figures']['present'],
      st['income_months']['figures']['total'], st['income_months']['figures']['amount'], ' '.join(miss))
" "$T/out" 2>&1)
[ "$got" = "500.00 3 550.50 183.50 2025-11 2025-12 2026-01 2026-02 2026-03 2026-04 2026-05 2026-07 2026-09" ] \
	&& ok "... 6,000 a year is 500.00 a month; 550.50 over the 3 months given is 183.50, the 9 months of the window with none named ($got)" \
	|| fail "assess: $got"

# sealed like every personal field: none of the facts' words in the store's files
leaks=""
for w in 陈二军 陈桂兰之子 本人一级肢体残疾 透析票据 uremia intellectual rigid_expenses supporters; do
	if LC_ALL=C grep -r -a -q -F -- "$w" "$DOORSTEP_STORE"; then leaks="$leaks $w"; fi
done
[ -z "$leaks" ] && ok "no fact is in plaintext in the store's files" \
	|| fail "in plaintext in the store:$leaks"

run "$D" --lang zh_CN household show "$H"
expect_rc 0 "household show in Chinese"
expect_out "残疾等级：1级，智力残疾" "残疾等级 in Chinese"
expect_out "生活自理能力：生活不能自理" "生活自理能力 in Chinese"
expect_out "不计入家庭人口：服刑" "the exclusion in Chinese"
expect_out "职工养老金：每年 6,000\.00" "by the year in Chinese"
expect_out "赡养、抚养、扶养义务人（2 人）：" "the supporters in Chinese"
expect_out "无赡养抚养扶养能力：本人一级肢体残疾" "not able, in Chinese"
expect_out "医疗，30,000\.00 元（凭证：透析票据）" "the rigid spending in Chinese"
# the supporters' names are padded to the same display width
w1=$(grep "陈二军" "$T/out" | sed 's/陈桂兰之子.*//' | awk '{ print length($0) }')
w2=$(grep "陈小红" "$T/out" | sed 's/daughter.*//' | awk '{ print length($0) }')
[ -n "$w1" ] && [ "$w1" = "$w2" ] && ok "supporters' names padded alike" \
	|| fail "supporters' names padded differently: $w1 / $w2"

run "$D" household show "$H" --json
expect_rc 0 "household show --json"
cp "$T/out" "$T/show1.json"
expect_out '"disability": \{' "--json: disability"
expect_out '"grade": 1,' "--json: its grade"
expect_out '"type": "intellectual"' "--json: its type"
expect_out '"illness": "uremia"' "--json: the illness"
expect_out '"self_care": "none"' "--json: self-care"
expect_out '"excluded": "prison"' "--json: excluded"
expect_out '"annual": "6000\.00"' "--json: the year's income"
expect_out '"2026-06": "250\.50"' "--json: a month of income, in yuan"
expect_out '"monthly": "2000\.00"' "--json: a declared income"
expect_out '"reason": "本人一级肢体残疾"' "--json: a supporter's reason"
expect_out '"able": false' "--json: not able"
expect_out "\"member\": \"$SON\"" "--json: a rigid expense's member by ID number"
expect_out '"kind": "medical"' "--json: its kind"
expect_out '"annual": "30000\.00"' "--json: its amount"
# What show --json prints, less id, status, due and version, is a household
# that another store takes and shows the same.
strip_show() {
	awk '!/^  "(id|status|due|version)": /{ l[++n] = $0 }
	     END { for (i = 1; i <= n; i++) {
	             if (i == n - 1) sub(/,$/, "", l[i]); print l[i] } }' "$1"
}
strip_show "$T/show1.json" > "$T/again.json"
S1=$DOORSTEP_STORE P1=$DOORSTEP_PASSPHRASE_FILE
new_store other
"$D" policy import "$TOP/tests/policy/sample.json" > /dev/null
run "$D" household add --json "$T/again.json"
expect_rc 0 "show --json, less id/status/due/version, is taken by add"
"$D" household show "$(cat "$T/out")" --json > "$T/show2.json"
if strip_show "$T/show1.json" | cmp -s - "$T/again.json" && strip_show "$T/show2.json" | cmp -s - "$T/again.json"; then
	ok "every fact round-trips exactly"
else fail "round trip differs: $(strip_show "$T/show2.json" | diff "$T/again.json" - | head -6 | tr '\n' ' ')"; fi

# ---- import: the one-pass reader and jansson ------------------------------------
new_store imp
"$D" policy import "$TOP/tests/policy/sample.json" > /dev/null
tr -d '\n' < "$T/again.json" > "$T/lines.jsonl"; echo >> "$T/lines.jsonl"
gen_households 3 2200000 >> "$T/lines.jsonl"
run "$D" household import --jsonl "$T/lines.jsonl"
expect_rc 0 "household import of a line with every fact and three without"
run "$D" household list --json
n=$(grep -c '"id":"' "$T/out")
[ "$n" -eq 4 ] && ok "4 households imported" || fail "$n households imported"
HI=$(grep -o '"id":"[0-9a-z]*","status":"[a-z_]*","head":"陈桂兰"' "$T/out" | cut -d'"' -f4)
"$D" household show "$HI" --json > "$T/show3.json"
strip_show "$T/show3.json" | cmp -s - "$T/again.json" && ok "the imported household has every fact" \
	|| fail "imported differently: $(strip_show "$T/show3.json" | diff "$T/again.json" - | head -6 | tr '\n' ' ')"

export DOORSTEP_STORE="$S1" DOORSTEP_PASSPHRASE_FILE="$P1"

# ---- bad input: one line naming the path, exit 1, nothing stored -----------------
tree_sum "$DOORSTEP_STORE" > "$T/sum0"
# bad_with SED WHAT REGEX: the household with a sed applied is refused
bad_with() {
	facts "$T/bad.json"
	sed -i "$1" "$T/bad.json"
	run "$D" household add --json "$T/bad.json"
	expect_rc 1 "$2"
	n=$(wc -l < "$T/err")
	if [ "$n" -eq 1 ] && grep -Eq -- "$3" "$T/err"; then ok "$2: one line naming the path"
	else fail "$2: wanted one line matching /$3/, got: $(cat "$T/err")"; fi
	[ ! -s "$T/out" ] || fail "$2: something on stdout: $(cat "$T/out")"
	# and the same line in a file of lines, naming the line
	tr -d '\n' < "$T/bad.json" > "$T/bad.jsonl"; echo >> "$T/bad.jsonl"
	run "$D" household import --jsonl "$T/bad.jsonl"
	expect_rc 1 "$2 (import)"
	grep -Eq -- "bad\.jsonl:1: $(printf '%s' "$3" | sed 's/^\^doorstep: //')" "$T/err" \
		&& ok "$2 (import): FILE:1: and the path" \
		|| fail "$2 (import): $(cat "$T/err")"
}
# The members' paths: [0] the mother, [1] the son, [2] the one in prison.
bad_with 's/"grade": 1/"grade": 5/' "a grade outside 1 to 4" \
	'^doorstep: members\[1\]\.disability\.grade: must be 1 to 4$'
bad_with 's/"grade": 1/"grade": 0/' "grade 0" \
	'^doorstep: members\[1\]\.disability\.grade: must be 1 to 4$'
bad_with 's/"intellectual"/"leg"/' "an unknown disability type" \
	'^doorstep: members\[1\]\.disability\.type: unknown disability type "leg"; use one of: physical, visual'
bad_with 's/"self_care": "none"/"self_care": "some"/' "an unknown self-care level" \
	'^doorstep: members\[1\]\.self_care: unknown self-care level "some"; use one of: full, partial, none$'
bad_with 's/"excluded": "prison"/"excluded": "abroad"/' "an unknown reason to leave a member out" \
	'^doorstep: members\[2\]\.excluded: unknown reason .*"abroad"; use one of: clergy_apart, prison, rehabilitation, missing$'
bad_with 's/"uremia"/"flu"/' "an illness not on the policy's list" \
	"^doorstep: members\[1\]\.illness: flu is not on this policy's list of serious illnesses$"
bad_with 's/"2026-06"/"2025-06"/' "a month outside the income window" \
	'^doorstep: members\[0\]\.incomes\[1\]\.months\.2025-06: is outside the income window, 2025-11 to 2026-10$'
bad_with 's/"2026-10"/"2026-12"/' "a month in the future" \
	'^doorstep: members\[0\]\.incomes\[1\]\.months\.2026-12: is in the future$'
bad_with 's/"2026-10"/"2026-13"/' "month 13" \
	'^doorstep: members\[0\]\.incomes\[1\]\.months\.2026-13: '
bad_with 's/"250.5"/"-250.5"/' "a negative month of income" \
	'^doorstep: members\[0\]\.incomes\[1\]\.months\.2026-06: .*negative'
bad_with 's/"250.5"/"lots"/' "a month of income that is not an amount" \
	'^doorstep: members\[0\]\.incomes\[1\]\.months\.2026-06: not an amount of money: lots$'
bad_with 's/"annual": "6000"/"annual": "-6000"/' "a negative year's income" \
	'^doorstep: members\[0\]\.incomes\[0\]\.annual: .*negative'
bad_with 's/"annual": "6000"/"annual": "6000", "monthly": "500"/' "an income given two ways" \
	'^doorstep: members\[0\]\.incomes\[0\]\.monthly: give one of monthly, months or annual, not more$'
bad_with 's/"annual": "30000"/"annual": "3万"/' "a rigid expense that is not an amount" \
	'^doorstep: rigid_expenses\[0\]\.annual: '
bad_with 's/"annual": "30000"/"annual": "-1"/' "a negative rigid expense" \
	'^doorstep: rigid_expenses\[0\]\.annual: .*negative'
bad_with 's/"relation": "daughter", //' "a supporter with no relation" \
	'^doorstep: supporters\[1\]\.relation: is missing$'
bad_with 's/"relation": "daughter"/"relation": ""/' "a supporter with an empty relation" \
	'^doorstep: supporters\[1\]\.relation: cannot be empty$'
bad_with "s/\"member\": \"$SON\"/\"member\": \"$OTHER\"/" "a rigid expense of someone not in the household" \
	'^doorstep: rigid_expenses\[0\]\.member: is not a member of this household$'
bad_with 's/"kind": "medical"/"kind": "food"/' "an unknown kind of rigid spending" \
	'^doorstep: rigid_expenses\[0\]\.kind: unknown kind of rigid spending "food"; use one of: medical, rehabilitation, education$'
bad_with 's/"self_care": "partial",/"self_care": "partial", "excluded": "missing",/; s/"self_care": "none",/"self_care": "none", "excluded": "rehabilitation",/' \
	"everyone in the household excluded" \
	'^doorstep: members: everyone is left out of the household count'
bad_with 's/"able_to_work": false,/"able_to_work": false, "categories": ["severe_disability"],/; s/"grade": 1, "type": "intellectual"/"grade": 3, "type": "physical"/' \
	"a declared severe_disability the grade and type contradict" \
	'^doorstep: members\[1\]\.categories: 陈大军 has a disability of grade 3 \(physical\), which is not severe'
run "$D" --lang zh_CN household add --json "$T/bad.json"
expect_rc 1 "in Chinese too"
expect_err "^doorstep: members\[1\]\.categories: 陈大军 的残疾等级为 3 级" "the message in Chinese"
tree_sum "$DOORSTEP_STORE" > "$T/sum1"
cmp -s "$T/sum0" "$T/sum1" && ok "the refused households changed no byte" \
	|| fail "the store changed"

# ---- a visit: the members as found, with their facts ------------------------------
# vfacts FILE SED [MORE]: a visit to the household whose members are those
# of the household file with the sed applied
vfacts() {
	facts "$T/vh.json"
	sed -i "$2" "$T/vh.json"
	{
		printf '{"date":"2026-11-26","staff":["wang","li"],"present":["%s"],' "$MOTHER"
		printf '"consent":{"signed_by":"%s","at":"2026-11-26"},"observations":"seen",' "$MOTHER"
		[ -n "${3:-}" ] && printf '%s,' "$3"
		sed -n '/"members": \[/,/^ "supporters"/p' "$T/vh.json" | sed '$d' | sed '$s/,$//'
		printf '}\n'
	} > "$1"
}
vfacts "$T/vbad.json" 's/"grade": 1/"grade": 7/'
tree_sum "$DOORSTEP_STORE" > "$T/sum0"
run "$D" visit record "$H" --json "$T/vbad.json"
expect_rc 1 "a visit finding a grade 7 is refused"
[ "$(wc -l < "$T/err")" -eq 1 ] && grep -q '^doorstep: members\[1\]\.disability\.grade: must be 1 to 4$' "$T/err" \
	&& ok "... in one line naming members[1].disability.grade" || fail "the visit's message: $(cat "$T/err")"
vfacts "$T/vbad.json" 's/"self_care": "none"/"self_care": "bedridden"/'
run "$D" visit record "$H" --json "$T/vbad.json"
expect_rc 1 "a visit finding an unknown self-care level is refused"
expect_err '^doorstep: .*vbad\.json: members\[1\]\.self_care: unknown self-care level "bedridden"' "... naming members[1].self_care"
vfacts "$T/vbad.json" 's/"uremia"/"flu"/'
run "$D" visit record "$H" --json "$T/vbad.json"
expect_rc 1 "a visit finding an illness not on the policy's list is refused"
expect_err "^doorstep: members\\[1\\]\\.illness: flu is not on this policy's list of serious illnesses$" "... naming members[1].illness"
vfacts "$T/vbad.json" 's/"2026-06"/"2025-06"/'
run "$D" visit record "$H" --json "$T/vbad.json"
expect_rc 1 "a visit finding a month outside the income window is refused"
expect_err '^doorstep: members\[0\]\.incomes\[1\]\.months\.2025-06: is outside the income window' "... naming the month"
tree_sum "$DOORSTEP_STORE" > "$T/sum1"
cmp -s "$T/sum0" "$T/sum1" && ok "the refused visits changed no byte" || fail "the store changed"
vfacts "$T/v1.json" 's/"2026-10": "300"/"2026-09": "280", "2026-10": "320"/; s/"grade": 1, "type": "intellectual"/"grade": 2, "type": "mental"/'
run "$D" visit record "$H" --json "$T/v1.json"
expect_rc 0 "a visit finding another month of income and another disability"
run "$D" household show "$H" --json
expect_out '"2026-09": "280\.00"' "the new month is kept"
expect_out '"2026-10": "320\.00"' "the changed month is kept"
expect_out '"2026-06": "250\.50"' "the others stay"
expect_out '"type": "mental"' "the disability as found"
expect_out '"rigid_expenses"' "the rigid spending stays"
expect_out '"supporters"' "the supporters stay"
# the son leaves: his rigid spending leaves with him
vfacts "$T/v2.json" "/\"name\": \"陈大军\"/,/\"incomes\": \[\]},/d" \
	"\"changes\":[{\"change\":\"left\",\"id_number\":\"$SON\",\"date\":\"2026-11-20\"}]"
run "$D" visit record "$H" --json "$T/v2.json"
expect_rc 0 "a visit finding the son has left"
run "$D" household show "$H" --json
if grep -q "$SON" "$T/out"; then fail "the son (or his rigid spending) is still there"
else ok "the son and his rigid spending are gone"; fi
expect_out '"excluded": "prison"' "the one in prison is still there"

# ---- sync: wang's laptop, the county, the supervisor and back --------------------
mkdir -p "$T/usb" "$T/stick"
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/usb/county" "$@"; }
as() { who=$1; shift
	case $who in wang) pf=$WP ;; li) pf=$LP ;; esac
	DOORSTEP_STORE="$T/usb/$who" DOORSTEP_PASSPHRASE_FILE="$pf" "$D" "$@"; }
run county init
expect_rc 0 "the county"
for who in wang li; do
	role=assistant
	[ $who = li ] && role=supervisor
	case $who in wang) pf=$WP ;; li) pf=$LP ;; esac
	DOORSTEP_PASSPHRASE_FILE="$pf" run "$D" init --store "$T/usb/$who" --user $who --role $role --region 440106
	run as $who device-key --out "$T/usb/$who.key"
	run county enroll --device-key "$T/usb/$who.key" --user $who --role $role --area 440106
	expect_rc 0 "$who's laptop enrolled ($role)"
	run as $who enroll --county-key "$T/usb/county/county.pub"
	as $who policy import "$TOP/tests/policy/sample.json" > /dev/null
done
HW=$(as wang household add --json "$T/h.json")
[ -n "$HW" ] && ok "wang adds the household with facts" || fail "wang could not add it"
printf '{"date":"2026-11-25","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-11-25"},"observations":"seen"}\n' \
	"$MOTHER" "$MOTHER" > "$T/visit.json"
run as wang visit record "$HW" --json "$T/visit.json"
expect_rc 0 "wang records the visit"
run as wang review submit "$HW"
expect_rc 0 "wang submits it"
as wang household show "$HW" --json | strip_show /dev/stdin > "$T/wang1.json"
run as wang sync export --to "$T/stick"
expect_rc 0 "wang exports"
run county import "$T/stick"
expect_rc 0 "the county imports it"
run county export --for "$T/usb/li.key" "$T/stick"
expect_rc 0 "the county writes li's bundle"
run as li sync import "$T/stick"
expect_rc 0 "li takes it"
HL=$(as li household list --csv | grep 陈桂兰 | cut -d, -f1 | tr -d '"')
[ -n "$HL" ] && ok "the household reaches the supervisor" || fail "li does not have it"
as li household show "$HL" --json | strip_show /dev/stdin > "$T/li.json"
grep -q '"excluded": "prison"' "$T/li.json" && grep -q '"reason": "本人一级肢体残疾"' "$T/li.json" \
	&& grep -q '"2026-06": "250.50"' "$T/li.json" && ok "the supervisor sees the facts" \
	|| fail "the supervisor's household lacks the facts: $(head -c 300 "$T/li.json")"
cmp -s "$T/wang1.json" "$T/li.json" && ok "through the county every fact is the same" \
	|| fail "the supervisor's differs: $(diff "$T/wang1.json" "$T/li.json" | head -6 | tr '\n' ' ')"
run as li review approve "$HL"
expect_rc 0 "li approves"
run as li sync export --to "$T/stick"
run county import "$T/stick"
expect_rc 0 "the county takes li's decision"
run county export --for "$T/usb/wang.key" "$T/stick"
run as wang sync import "$T/stick"
expect_rc 0 "wang takes the county's bundle"
as wang household show "$HW" --json | strip_show /dev/stdin > "$T/wang2.json"
cmp -s "$T/wang1.json" "$T/wang2.json" && ok "and back on wang's laptop every fact is the same" \
	|| fail "wang's differs after the round: $(diff "$T/wang1.json" "$T/wang2.json" | head -6 | tr '\n' ' ')"
for who in wang li; do
	run as $who audit verify
	expect_rc 0 "$who's log verifies"
done

finish
