#!/bin/sh
# Assessment (issue 3): the issue's example household as JSON, a
# disregarded income in the steps, a trial that records nothing, a
# recorded assessment as one event, the derivation read aloud in English
# and Chinese, gradual withdrawal for a receiving household whose income
# rose above the standard, early warning, a region with no standard, the
# whole caseload, and kill -9 in the middle of recording it.
. "$(dirname "$0")/lib.sh"

flat() { tr '\n' ' ' < "$T/out" | sed 's/[[:space:]][[:space:]]*/ /g' > "$T/flat"; }
expect_flat() {
	if grep -Eq -- "$1" "$T/flat"; then ok "$2"
	else fail "$2: output lacks /$1/: $(head -c 400 "$T/flat")"; fi
}
lacks_flat() {
	if grep -Eq -- "$1" "$T/flat"; then fail "$2: output has /$1/"
	else ok "$2"; fi
}
events() { "$TOOLS/sqlpoke" "$DOORSTEP_STORE/store.db" query "select count(*) from event"; }
assessed() { "$TOOLS/sqlpoke" "$DOORSTEP_STORE/store.db" query "select count(*) from event where kind = 'household.assessed'"; }
same_events() {
	[ "$(events)" = "$1" ] && ok "$2" || fail "$2: $(events) events, were $1"
}

# add FILE: adds a household, prints its id.
add() { "$D" household add --json "$1"; }

new_store a

# ---- the issue's example ------------------------------------------------------------
# Three members in 440106 (S = 1,165), 1,200.00 business income a month; the
# spouse's scholarship of 300.00 is not counted.
cat > "$T/example.json" <<EOF
{"region": "440106", "address": "天河区石牌街道华师社区12号",
 "members": [{"name": "王秀英", "id_number": "$(id18 44010619701120262)", "relation": "head",
              "categories": [], "able_to_work": true,
              "incomes": [{"source": "business", "monthly": "1200.00"}]},
             {"name": "李建国", "id_number": "$(id18 44010619710309153)", "relation": "spouse",
              "categories": [], "able_to_work": false,
              "incomes": [{"source": "scholarship", "monthly": "300.00"}]},
             {"name": "王小明", "id_number": "$(id18 44010620120309173)", "relation": "child",
              "categories": ["minor"], "able_to_work": false, "incomes": []}],
 "assets": {"financial": "5000", "vehicles": [], "homes": 1}}
EOF
EX=$(add "$T/example.json") && ok "example household added" || fail "example household not added"
N0=$(events)

run "$D" assess "$EX" --json --dry-run
expect_rc 0 "assess ID --json --dry-run"
flat
expect_flat '"eligible": true' "eligible"
expect_flat '"reasons": \[\]' "no reasons"
expect_flat '"standard": "1165\.00"' "standard 1165.00"
expect_flat '"members": 3,' "3 members"
expect_flat '"counted_income": "1200\.00"' "counted income 1200.00"
expect_flat '"per_capita_income": "400\.00"' "per capita 400.00"
expect_flat '"allowance": "2295\.00"' "allowance 2295.00 (3 x 1165 - 1200)"
expect_flat '"topups": "0\.00"' "no top-ups"
expect_flat '"policy_version": "cn-default-2023\.1"' "the policy version"
expect_flat '"flags": \[\]' "no flags"
expect_flat '"warning": null' "no early warning"
expect_flat '"transition": null' "no transition"
expect_flat "\"household\": \"$EX\"" "the household id"
expect_flat '"recorded": false' "a trial is marked as not recorded"
for code in standard members income_window income_counted income_disregarded \
	household_income per_capita_income income_test_passed financial_assets_passed \
	allowance payment; do
	expect_flat "\"code\": \"$code\", \"figures\": \\{" "a step with code $code and its figures"
done
expect_flat '"code": "allowance", "figures": \{ "standard": "1165\.00", "members": "3", "income": "1200\.00", "exact": "2295\.00", "allowance": "2295\.00" \}, "text": "Allowance: 1165\.00 × 3 − 1200\.00 = 2295\.00, rounded up to a whole yuan: 2295\.00 yuan a month\."' \
	"the allowance step: its figures and its sentence"
expect_flat '"code": "income_disregarded", "figures": \{ "name": "李建国", "source_name": "scholarship", "amount": "300\.00", "source": "national list of incomes not counted[^"]*", "income_source": "scholarship", "source_zh": "[^"]*" \}, "text": "李建国: scholarship of 300\.00 yuan a month is not counted: the national rules leave it out' \
	"the scholarship is in the steps as disregarded, with the rule"
expect_flat '"code": "income_counted", "figures": \{ "name": "王秀英", "source_name": "business", "amount": "1200\.00"' \
	"the business income is in the steps as counted"
lacks_flat '"code": "income_counted", "figures": \{ "name": "李建国"' "the scholarship is not counted"
same_events "$N0" "--dry-run records nothing (event count unchanged)"

run "$D" assess "$EX" --dry-run
expect_rc 0 "assess ID --dry-run"
expect_out '^  Eligible: allowance 2,295\.00 yuan a month$' "the summary gives the allowance"
expect_out '^\(a trial: nothing was recorded\)$' "the trial says nothing was recorded"
same_events "$N0" "a text trial records nothing either"

run "$D" assess "$EX" --json
expect_rc 0 "assess ID --json, recorded"
flat
expect_flat '"recorded": true' "marked as recorded"
expect_flat '"allowance": "2295\.00"' "the same allowance"
[ "$(events)" -eq $((N0 + 1)) ] && ok "a recorded assessment adds one event" \
	|| fail "events: $(events), wanted $((N0 + 1))"
[ "$(assessed)" -eq 1 ] && ok "the event is household.assessed" || fail "household.assessed events: $(assessed)"
ENT=$("$TOOLS/sqlpoke" "$DOORSTEP_STORE/store.db" query "select entity from event order by seq desc limit 1")
[ "$ENT" = "$EX" ] && ok "the event names the household" || fail "the event names '$ENT', not $EX"
run "$D" audit verify
expect_rc 0 "the log verifies after an assessment"

# ---- explanations -----------------------------------------------------------------------
N1=$(events)
run "$D" assess "$EX" --explain --dry-run
expect_rc 0 "assess --explain"
cp "$T/out" "$T/explain-en"
expect_out '^How this was worked out \(policy cn-default-2023\.1, 2026-11-27\):$' "the derivation's heading"
STEPS=$(grep -Ec '^ {0,2}[0-9]+\. ' "$T/out")
[ "$STEPS" -ge 10 ] && ok "numbered sentences ($STEPS)" || fail "only $STEPS numbered sentences"
expect_out '^  1\. The standard for region Tianhe District, Guangzhou, Guangdong on 2026-11-27 is 1165\.00 yuan a month for each person \(Reform paper' "sentence 1: the standard and its source"
expect_out '^ +[0-9]+\. 李建国: scholarship of 300\.00 yuan a month is not counted: the national rules leave it out' "the disregarded income read aloud"
expect_out '^ +[0-9]+\. Allowance: 1165\.00 × 3 − 1200\.00 = 2295\.00, rounded up to a whole yuan: 2295\.00 yuan a month\.$' "the allowance read aloud"
expect_out '^Decision proposed: eligible; 2,295\.00 yuan a month\.$' "the decision proposed"
same_events "$N1" "--explain --dry-run records nothing"

run "$D" assess "$EX" --explain --dry-run --lang zh_CN
expect_rc 0 "assess --explain --lang zh_CN"
cp "$T/out" "$T/explain-zh"
ZSTEPS=$(grep -Ec '^ {0,2}[0-9]+\. ' "$T/out")
[ "$ZSTEPS" -eq "$STEPS" ] && ok "as many sentences in Chinese ($ZSTEPS)" || fail "$ZSTEPS sentences in Chinese, $STEPS in English"
expect_out '^计算过程' "the heading in Chinese"
# Every sentence has Chinese words of its own, not only the names in it...
HAN=$(printf '[\344-\351]')
grep -E '^ {0,2}[0-9]+\. ' "$T/out" | sed 's/王秀英//g; s/李建国//g; s/王小明//g' > "$T/zh-steps"
NOHAN=$(LC_ALL=C grep -vc "$HAN" "$T/zh-steps")
[ "$NOHAN" -eq 0 ] && ok "every numbered sentence is in Chinese" \
	|| fail "$NOHAN numbered sentences without Chinese: $(LC_ALL=C grep -v "$HAN" "$T/zh-steps" | head -3)"
# ...and none is the English sentence (the figures' sources stay as written).
if grep -Eq 'The standard for region|The household has|Incomes are the monthly|is counted|is not counted|Counted household income|Per person:|a person is below|Savings and other|Allowance:|Paid each month' "$T/zh-steps"; then
	fail "English sentences in the Chinese derivation: $(grep -E 'The household has|is counted|Allowance:|Paid each' "$T/zh-steps" | head -2)"
else
	ok "no English sentence in the Chinese derivation"
fi
expect_out '1165\.00 × 3 − 1200\.00 = 2295\.00' "the same figures in Chinese"
expect_out '^拟定' "the decision proposed, in Chinese"

# ---- gradual withdrawal ------------------------------------------------------------------
# Receiving 1,195 a month; wages now 1,300 > S = 1,165 (and <= 1.5 x S).
cat > "$T/rise.json" <<EOF
{"region": "440106", "address": "天河区石牌街道华师社区14号",
 "members": [{"name": "陈静", "id_number": "$(id18 44010619800101262)", "relation": "head",
              "categories": [], "able_to_work": true,
              "incomes": [{"source": "wages", "monthly": "1300.00"}]}],
 "assets": {"financial": "1000", "vehicles": [], "homes": 1},
 "receiving": {"allowance": "1195.00", "since": "2024-03"}}
EOF
RISE=$(add "$T/rise.json") && ok "receiving household added" || fail "receiving household not added"
N2=$(events)

# Trials first, on other days: the schedule starts the month after.
run env DOORSTEP_TODAY=2027-01-31 "$D" assess "$RISE" --json --dry-run
flat
expect_flat '"transition": \{ "months": 6, "taper": "linear", "previous_allowance": "1195\.00", "first": "2027-02", "last": "2027-07"' \
	"assessed on DOORSTEP_TODAY=2027-01-31: the schedule starts in 2027-02"
run "$D" assess "$RISE" --json --dry-run --at 2026-12-15
flat
expect_flat '"first": "2027-01", "last": "2027-06"' "assessed --at 2026-12-15: the schedule starts in 2027-01"
same_events "$N2" "the trials recorded nothing"

run "$D" assess "$RISE" --json
expect_rc 0 "assess the receiving household"
flat
expect_flat '"eligible": false' "no longer eligible"
expect_flat '"reasons": \[ \{ "code": "income_not_below_standard", "text": "[^"]+" \} \]' "the reason, with its code and text"
expect_flat '"per_capita_income": "1300\.00"' "per capita 1300.00"
expect_flat '"allowance": "0\.00"' "no regular allowance"
expect_flat '"payment": "1195\.00"' "next month pays the first step, 1195.00"
expect_flat '"transition": \{ "months": 6, "taper": "linear", "previous_allowance": "1195\.00", "first": "2026-12", "last": "2027-05", "warning_date": "2027-04-01", "referral": \{ "date": "2027-06-01", "to": "employment_assistance_and_training" \}, "payments": \[ \{ "month": "2026-12", "amount": "1195\.00" \}, \{ "month": "2027-01", "amount": "996\.00" \}, \{ "month": "2027-02", "amount": "797\.00" \}, \{ "month": "2027-03", "amount": "598\.00" \}, \{ "month": "2027-04", "amount": "399\.00" \}, \{ "month": "2027-05", "amount": "200\.00" \} \] \}' \
	"the transition: 6 months from the month after today, 1195 996 797 598 399 200, warning date, referral"
expect_flat '"transition_continues": false' "a new schedule"
for code in transition transition_month referral; do
	expect_flat "\"code\": \"$code\"" "a step with code $code"
done
[ "$(grep -c '"code": "transition_month"' "$T/out")" -eq 6 ] && ok "one step for each month" \
	|| fail "$(grep -c '"code": "transition_month"' "$T/out") month steps, wanted 6"
# The calculator gives the same object.
run "$D" transition --allowance 1195 --per-capita-income 1300 --standard 1165 --json
tr '\n' ' ' < "$T/out" | sed 's/[[:space:]][[:space:]]*/ /g; s/ *$//' > "$T/calc"
grep -qF -- "\"transition\": $(cat "$T/calc")" "$T/flat" && ok "the calculator prints the same transition object" \
	|| fail "the calculator's object differs: $(head -c 200 "$T/calc")"

run "$D" assess "$RISE" --dry-run
expect_out '^  Gradual withdrawal: 6 months, 2026-12 to 2027-05 \(falling by equal steps\):$' "the summary shows the schedule"
expect_out '^      2027-05 +200\.00$' "its last month"
expect_out '^    then referred to employment assistance and training \(2027-06-01\)$' "and the referral"

# An assessment proposes; only a decision that takes effect starts a
# withdrawal. Assessed again in February with nothing decided, the
# household is still receiving its allowance: a new proposal, from March
# (a decided schedule going on, and none after it ends: t_casework.sh, and
# tests/unit/store/test_assess.c).
run "$D" assess "$RISE" --json --at 2027-02-10
expect_rc 0 "assess again --at 2027-02-10"
flat
expect_flat '"transition_continues": false' "no schedule was decided: not one that goes on"
expect_flat '"first": "2027-03", "last": "2027-08"' "a proposal from the month after this assessment"
lacks_flat '"code": "transition_continues"' "no step says a schedule goes on"
# Not expressible yet: a re-assessment during the schedule that finds the
# income back below S (the household cannot be edited until a later
# issue); tests/unit/store/test_assess.c covers it.

# ---- early warning -------------------------------------------------------------------------------
# 90% of 1,165 is 1,048.50: a receiving household at exactly that, one a fen
# below, and one not receiving above it.
warn_hh() {
	cat > "$T/w$1.json" <<EOF
{"region": "440106", "address": "天河区石牌街道华师社区2$1号",
 "members": [{"name": "赵磊", "id_number": "$(id18 4401061981010$1262)", "relation": "head",
              "categories": [], "able_to_work": true,
              "incomes": [{"source": "wages", "monthly": "$2"}]}],
 "assets": {"financial": "1000", "vehicles": [], "homes": 1}$3}
EOF
	add "$T/w$1.json"
}
W1=$(warn_hh 1 1048.50 ', "receiving": {"allowance": "200", "since": "2025-01"}')
W2=$(warn_hh 2 1048.49 ', "receiving": {"allowance": "200", "since": "2025-01"}')
W3=$(warn_hh 3 1100.00 '')
run "$D" assess "$W1" --json --dry-run
flat
expect_flat '"warning": \{ "percent_of_standard": 90, "threshold": "1048\.50" \}' "a receiving household at 90% of S: early warning"
expect_flat '"eligible": true' "still eligible"
expect_flat '"allowance": "117\.00"' "1165 - 1048.50 = 116.50, up to 117.00"
expect_flat '"code": "early_warning"' "an early_warning step"
run "$D" assess "$W1" --dry-run
expect_out '^  Early warning: income per person has reached 90% of the standard \(1,048\.50\); visit the household$' "the summary says a visit is due"
run "$D" assess "$W2" --json --dry-run
flat
expect_flat '"warning": null' "one fen below 90%: no warning"
run "$D" assess "$W3" --json --dry-run
flat
expect_flat '"warning": null' "not receiving: no warning"

# ---- no standard ----------------------------------------------------------------------------------
cat > "$T/yuzhong.json" <<EOF
{"region": "620121", "address": "榆中县城关镇1号",
 "members": [{"name": "杨洋", "id_number": "$(id18 62012119800101262)", "relation": "head",
              "categories": [], "able_to_work": true,
              "incomes": [{"source": "wages", "monthly": "100.00"}]}],
 "assets": {"financial": "0", "vehicles": [], "homes": 1}}
EOF
YZ=$(add "$T/yuzhong.json")
N3=$(events)
run "$D" assess "$YZ"
expect_rc 1 "a region with no standard"
expect_err '^doorstep: region: no standard is in force for region 620121 on 2026-11-27' "the error names the region and the date"
[ "$(wc -l < "$T/err")" -eq 1 ] && ok "one line" || fail "$(wc -l < "$T/err") lines on stderr"
same_events "$N3" "nothing recorded"
cat > "$T/shanghai.json" <<EOF
{"region": "310101", "address": "黄浦区1号",
 "members": [{"name": "刘芳", "id_number": "$(id18 31010119800101262)", "relation": "head",
              "categories": [], "able_to_work": true,
              "incomes": [{"source": "wages", "monthly": "100.00"}]}],
 "assets": {"financial": "0", "vehicles": [], "homes": 1}}
EOF
SH=$(add "$T/shanghai.json")
run "$D" assess "$SH" --at 2023-03-01
expect_rc 1 "Shanghai before its standard starts"
expect_err 'region 310101 on 2023-03-01' "the error names both"
run "$D" assess "$SH" --at 2023-07-01 --json --dry-run
expect_rc 0 "Shanghai from 2023-07-01"
flat
expect_flat '"standard": "1510\.00"' "S = 1510.00"

# ---- wrong use ------------------------------------------------------------------------------------
run "$D" assess
expect_rc 2 "assess with neither an ID nor --all"
run "$D" assess "$EX" --all
expect_rc 2 "assess with an ID and --all"
run "$D" assess zzzzzz
expect_rc 1 "an unknown household"
run "$D" assess "$EX" --at 2026-02-30
expect_rc 1 "a date that does not exist"
expect_err '^doorstep: --at: ' "the error names --at"
run "$D" assess "$EX" --at 2022-12-31
expect_rc 1 "a date before any policy"
expect_err '^doorstep: --at: no policy in this store is in force on 2022-12-31$' "the error names the date"

# ---- the whole caseload ----------------------------------------------------------------------------
run "$D" demo --households 60 --seed 7
expect_rc 0 "60 demo households"
TOTAL=$("$TOOLS/sqlpoke" "$DOORSTEP_STORE/store.db" query "select count(*) from household")
N4=$(events)
run "$D" assess --all --dry-run
expect_rc 0 "assess --all --dry-run"
expect_out '^Assessed [0-9]+ households: [0-9]+ eligible, [0-9]+ early warnings, [0-9]+ in gradual withdrawal \(not recorded\)\.$' \
	"a summary line"
DONE=$(sed -n 's/^Assessed \([0-9]*\) households.*/\1/p' "$T/out")
[ "$DONE" -eq $((TOTAL - 1)) ] && ok "every household but the one without a standard ($DONE of $TOTAL)" \
	|| fail "$DONE assessed of $TOTAL"
expect_err "^doorstep: household $YZ: region: no standard is in force for region 620121" \
	"the household without a standard is named, and the rest go on"
same_events "$N4" "--all --dry-run records nothing"
run "$D" assess --all
expect_rc 0 "assess --all"
expect_out '^Assessed [0-9]+ households: [0-9]+ eligible, [0-9]+ early warnings, [0-9]+ in gradual withdrawal\.$' \
	"a summary line, recorded"
[ "$(events)" -eq $((N4 + DONE)) ] && ok "one event for each household assessed" \
	|| fail "events: $(events), wanted $((N4 + DONE))"
run "$D" audit verify
expect_rc 0 "the log verifies after assessing the caseload"

# ---- kill -9 in the middle of assess --all ---------------------------------------------------------------
# It records 2,000 assessments to a transaction (STORE_ASSESS_BATCH): killed
# at any moment, the store opens, its log verifies, and it holds whole
# batches, each assessment with its row; run again, every household is
# assessed again.
new_store crash0
run "$D" demo --households 9000 --seed 11
expect_rc 0 "9,000 demo households for the kill"
cp -r "$DOORSTEP_STORE" "$T/crash-template"
PASS_CRASH="$DOORSTEP_PASSPHRASE_FILE"
seen="" landed=0
for attempt in 1 2 3 4; do
	rm -rf "$T/crash0"
	cp -r "$T/crash-template" "$T/crash0"
	"$D" assess --all > /dev/null 2>&1 &
	pid=$!
	trap 'kill -9 $pid 2>/dev/null; rm -rf "$T"' EXIT INT TERM
	# Wait for the first batch to be committed, then a little longer on
	# each attempt.
	i=0
	while [ "$i" -lt 1000 ] && kill -0 "$pid" 2>/dev/null; do
		[ "$(assessed 2>/dev/null || echo 0)" -gt 0 ] && break
		sleep 0.01
		i=$((i + 1))
	done
	case $attempt in
	1) ;; 2) sleep 0.05 ;; 3) sleep 0.1 ;; 4) sleep 0.2 ;;
	esac
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	trap 'rm -rf "$T"' EXIT INT TERM
	DOORSTEP_PASSPHRASE_FILE="$PASS_CRASH"
	run "$D" audit verify
	expect_rc 0 "attempt $attempt: the store opens and its log verifies after kill -9"
	n=$(assessed)
	rows=$("$TOOLS/sqlpoke" "$DOORSTEP_STORE/store.db" query "select count(*) from assessment")
	seen="$seen $n"
	[ $((n % 2000)) -eq 0 ] && ok "attempt $attempt: $n assessments, whole batches of 2,000" \
		|| fail "attempt $attempt: $n assessments is not a whole number of batches of 2,000"
	[ "$rows" -eq "$n" ] && ok "attempt $attempt: an assessment row for each ($rows)" \
		|| fail "attempt $attempt: $rows assessment rows for $n assessments"
	[ "$n" -gt 0 ] && [ "$n" -lt 9000 ] && landed=$((landed + 1))
done
echo "# assessments after each kill:$seen"
[ "$landed" -ge 1 ] && ok "$landed of 4 kills landed in the middle of assess --all (counts:$seen)" \
	|| fail "no kill landed in the middle of assess --all (counts:$seen)"
run "$D" assess --all
expect_rc 0 "assess --all again after the kill"
expect_out '^Assessed 9000 households: ' "every household assessed again"
[ "$(assessed)" -eq $((n + 9000)) ] && ok "9,000 assessments more" \
	|| fail "$(assessed) assessments, wanted $((n + 9000))"
run "$D" audit verify
expect_rc 0 "the log verifies after the second run"

finish
