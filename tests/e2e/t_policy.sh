#!/bin/sh
# Policies (issue 3): the built-in default shown with DOMAIN.md's standards
# and their sources, on a date, with projections marked as projections, and
# as JSON; importing the sample policy; broken copies refused in one line
# naming the JSON path, changing no byte of the store; the same file again
# changing nothing.
. "$(dirname "$0")/lib.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE="$TOP/tests/policy/sample.json"
DEFAULT="$TOP/store/policy-default.json"

# flat: the last stdout as one line, runs of blanks as one space, so that
# pretty-printed JSON can be matched with one pattern.
flat() { tr '\n' ' ' < "$T/out" | sed 's/[[:space:]][[:space:]]*/ /g' > "$T/flat"; }
expect_flat() {
	if grep -Eq -- "$1" "$T/flat"; then ok "$2"
	else fail "$2: output lacks /$1/: $(head -c 300 "$T/flat")"; fi
}
lacks_out() {
	if grep -Eq -- "$1" "$T/out"; then fail "$2: stdout has /$1/"
	else ok "$2"; fi
}
events() { "$TOOLS/sqlpoke" "$DOORSTEP_STORE/store.db" query "select count(*) from event"; }

new_store p

# ---- policy show: the default -------------------------------------------------
run "$D" policy show
expect_rc 0 "policy show"
expect_out '^Policy cn-default-2023\.1, in force from 2023-01-01$' "the default version and its date"
expect_out '^Standards in force on 2026-11-27 ' "standards on DOORSTEP_TODAY"
# DOMAIN.md's table: every region code with its standard.
while read -r code amount; do
	expect_out "^  $code +$amount  " "standard for $code is $amount"
done <<EOF
31 1,510.00
33 1,149.00
620102 920.00
620103 920.00
620104 920.00
620105 920.00
620111 920.00
4401 1,165.00
4403 1,165.00
4404 1,037.00
4406 1,037.00
4419 1,037.00
4420 1,037.00
44 857.00
EOF
[ "$(grep -Ec '^  [0-9]{2,6} ' "$T/out")" -eq 14 ] && ok "fourteen standards, no more" \
	|| fail "$(grep -Ec '^  [0-9]{2,6} ' "$T/out") standard lines, wanted 14"
[ "$(grep -c '^          source: ' "$T/out")" -eq 14 ] && ok "each standard has its source line" \
	|| fail "$(grep -c '^          source: ' "$T/out") source lines, wanted 14"
expect_out '^  31 .*\(2023-07-01 – …\)$' "Shanghai's standard starts in July 2023"
expect_out 'source: Reform paper §3\.2: Shanghai 1,510 yuan a month from July 2023' "Shanghai's source"
expect_out 'source: Reform paper §3\.2: Zhejiang, unified across the province' "Zhejiang's source"
expect_out 'source: Reform paper §3\.2: Lanzhou, five districts, 920' "Lanzhou's source"
expect_out 'source: Reform paper §3\.2: Guangdong class I \(Guangzhou, Shenzhen\) 1,165' "class I source"
expect_out 'source: Reform paper §3\.2: Guangdong class II \(Zhuhai, Foshan, Dongguan, Zhongshan\) 1,037' "class II source"
expect_out 'source: .*class IV in §3\.2 and class III in §4\.2' "the other areas' source says the paper names it two ways"
expect_out '^Incomes not counted:$' "the incomes not counted are listed"
expect_out '^  - resident basic pension$' "the residents' basic pension is not counted"
expect_out '^  \+ business net income$' "business income is counted"
expect_out 'Gradual withdrawal: 6 months up to 150% of the standard; 3 months above that; falling by equal steps; a warning 30 days before the last month' \
	"the withdrawal bands, taper and warning"
expect_out '^Early warning at 90% of the standard' "early warning at 90%"
expect_out '^A home visit within 10 days of an application, a return or a reopening \(Local practice, not a national figure: .*入户调查.*A county sets its own\.\)$' \
	"the first visit within 10 days, with its source (local practice, said so)"
lacks_out 'projection, not a decision' "no projection without --project"
lacks_out '^Versions in this store' "one version: no list of versions"

run "$D" policy show --at 2023-03-01
expect_rc 0 "policy show --at 2023-03-01"
expect_out '^Standards in force on 2023-03-01 ' "standards on that date"
lacks_out '^  31 ' "no Shanghai standard before 2023-07-01"
expect_out '^  33 +1,149\.00  ' "Zhejiang's is in force"
run "$D" policy show --at 2023-07-01
expect_out '^  31 +1,510\.00  ' "Shanghai's standard from 2023-07-01"

run "$D" policy show --project
expect_rc 0 "policy show --project"
expect_out '^  4401 +1,165\.00  ' "the standard in force is still shown as it is"
# 1,165 raised by 3.5% three times (2023-01-01 to 2026-11-27), each time
# up to a whole yuan: 1,206, 1,249, 1,293; 857 gives 887, 919, 952.
expect_out '^ +projection, not a decision: 1,293\.00 after 3 years at 3\.5% a year \(Reform paper: Guangdong raises' \
	"Guangzhou's projection, marked as one"
expect_out '^ +projection, not a decision: 952\.00 after 3 years at 3\.5% a year' "Guangdong other areas' projection"
[ "$(grep -c 'projection, not a decision' "$T/out")" -eq 7 ] && ok "projections only for the seven Guangdong standards with a rule" \
	|| fail "$(grep -c 'projection, not a decision' "$T/out") projections, wanted 7"
awk '/^  31 /{getline; getline; print}' "$T/out" | grep -q projection \
	&& fail "Shanghai has no adjustment rule but was projected" || ok "no projection for Shanghai (no rule)"

run "$D" policy show --lang zh_CN --project
expect_rc 0 "policy show in Chinese"
expect_out '^政策 cn-default-2023\.1' "the heading in Chinese"
expect_out '推算值' "the projection is marked as a projection in Chinese too"

run "$D" policy show --json
expect_rc 0 "policy show --json"
flat
expect_flat '"at": "2026-11-27", "version": "cn-default-2023\.1"' "JSON: the date and version"
expect_flat '"region": "31", "name": "[^"]*Shanghai", "monthly": "1510\.00", "from": "2023-07-01", "to": null, "source": "Reform paper §3\.2: Shanghai' \
	"JSON: Shanghai with its dates and source"
expect_flat '"region": "4401", "name": "[^"]*", "monthly": "1165\.00", "from": "2023-01-01", "to": null, "source": "Reform paper' \
	"JSON: Guangzhou"
expect_flat '"region": "44", "name": "[^"]*", "monthly": "857\.00", .*class IV in §3\.2 and class III in §4\.2' \
	"JSON: Guangdong other areas"
[ "$(grep -c '"region":' "$T/out")" -eq 14 ] && ok "JSON: fourteen standards" \
	|| fail "JSON: $(grep -c '"region":' "$T/out") standards, wanted 14"
run "$D" policy show --json --at 2023-03-01
flat
expect_flat '"at": "2023-03-01"' "JSON --at: the date"
grep -q '"region": "31"' "$T/out" && fail "JSON --at 2023-03-01 lists Shanghai" \
	|| ok "JSON --at 2023-03-01: no Shanghai"

run "$D" policy show --at 2022-12-31
expect_rc 1 "no policy in force before 2023"
expect_err '^doorstep: --at: no policy in this store is in force on 2022-12-31$' "the error names the date"
run "$D" policy show --at 2023-02-30
expect_rc 1 "--at with a date that does not exist"
expect_err '^doorstep: --at: ' "the error names --at"

# ---- import: broken copies change nothing ------------------------------------
if [ ! -f "$SAMPLE" ]; then
	fail "tests/policy/sample.json is missing"
	finish
	exit
fi
BEFORE=$(tree_sum "$DOORSTEP_STORE")
N0=$(events)

# broken NAME WHERE SED-SCRIPT [MESSAGE]: a copy of the sample changed by the
# sed script must be refused with exit 1, one line naming WHERE, and change
# no byte of the store.
broken() {
	sed "$3" "$SAMPLE" > "$T/$1.json"
	if cmp -s "$T/$1.json" "$SAMPLE"; then fail "$1: the sed script changed nothing"; return; fi
	run "$D" policy import "$T/$1.json"
	expect_rc 1 "$1 refused"
	expect_err "^doorstep: $2: ${4:-}" "$1: the error names $2"
	[ "$(wc -l < "$T/err")" -eq 1 ] && ok "$1: one line" || fail "$1: $(wc -l < "$T/err") lines on stderr"
	[ "$(tree_sum "$DOORSTEP_STORE")" = "$BEFORE" ] && ok "$1: the store is unchanged" \
		|| fail "$1: the store changed"
}
broken taper 'transition\.taper' 's/"taper": "hold"/"taper": "steep"/' 'the taper is linear or hold'
broken window 'income\.window_months' 's/"window_months": 12/"window_months": "12"/' 'should be a whole number'
broken neither 'income\.counted' 's/, "other_exempt"\]/]/' 'other_exempt is neither counted nor disregarded'
broken both 'income\.disregarded\[0\]' 's/"disregarded": \["special_care"/"disregarded": ["wages", "special_care"/' 'wages is listed twice'
broken overlap 'standards\[1\]\.from' '0,/"to": "2024-06-30"/s//"to": "2024-07-01"/' 'overlaps standards\[0\] for the same region'
broken baddate 'effective_from' 's/"effective_from": "2024-01-01"/"effective_from": "2024-02-30"/' '2024-02-30 is not a real date'
broken backwards 'standards\[4\]\.to' '/"region": "620102"/s/"to": null/"to": "2023-12-31"/' 'ends before it starts'
broken unknown 'signature' 's/"format": "doorstep-policy-1",/"format": "doorstep-policy-1", "signature": "x",/' 'unknown field'
broken nested 'assets\.cars' 's/"homes_flag_at": 2,/"homes_flag_at": 2, "cars": 1,/' 'unknown field'
broken missing 'transition\.warning_days' '/"warning_days": 15,/d' 'is missing'
broken nofinal 'transition\.bands\[2\]\.up_to_percent' 's/{"months": 3}\]/{"up_to_percent": 200, "months": 3}]/' 'the last band'
broken category 'topups\[4\]\.category' 's/"category": "minor"/"category": "child"/' 'unknown category'
broken fen 'topups\[0\]\.monthly' 's/"monthly": "142\.00"/"monthly": "142.001"/' '142\.001 has more than two decimals'
broken format 'format' 's/"doorstep-policy-1"/"doorstep-policy-2"/' 'this doorstep reads format doorstep-policy-1'
broken notjson "$T/notjson\\.json:[0-9]+:[0-9]+" '$d' 'not valid JSON'
broken visitdays 'investigation\.visit_days' 's/"casework": {/"investigation": {"visit_days": 0, "source": "s"}, "casework": {/' 'should be a whole number in 1–90'
broken dupkey "$T/dupkey\\.json:[0-9]+:[0-9]+" 's/"format": "doorstep-policy-1",/"format": "doorstep-policy-1", "format": "doorstep-policy-1",/' 'not valid JSON: duplicate'
[ "$(events)" = "$N0" ] && ok "no event was written for a broken file" || fail "events: $(events), were $N0"

run "$D" policy import "$T/nonexistent.json"
expect_rc 1 "a file that does not exist"
expect_err "^doorstep: $T/nonexistent\\.json: " "the error names the file"
run "$D" policy import
expect_rc 2 "policy import without a file"

# ---- import: the sample, then the same again ----------------------------------
run "$D" policy import "$SAMPLE"
expect_rc 0 "policy import tests/policy/sample.json"
expect_out '^Imported policy test-sample-2024\.1\.$' "it says which version it imported"
[ "$(events)" -eq $((N0 + 1)) ] && ok "one event for the import" || fail "events: $(events), wanted $((N0 + 1))"
run "$D" audit verify
expect_rc 0 "the log verifies after the import"
AFTER=$(tree_sum "$DOORSTEP_STORE")

run "$D" policy import "$SAMPLE"
expect_rc 0 "the same file again"
expect_out '^Policy test-sample-2024\.1 is already in this store; nothing changed\.$' "it says nothing changed"
[ "$(tree_sum "$DOORSTEP_STORE")" = "$AFTER" ] && ok "not a byte of the store changed" \
	|| fail "re-importing the same file changed the store"
# The same rules laid out differently are the same rules.
tr '\n' ' ' < "$SAMPLE" > "$T/oneline.json"
run "$D" policy import "$T/oneline.json"
expect_rc 0 "the same rules on one line"
expect_out 'already in this store' "still nothing to import"
run "$D" policy import "$DEFAULT"
expect_rc 0 "the built-in default from its file"
expect_out '^Policy cn-default-2023\.1 is already in this store; nothing changed\.$' "the default is already there"
[ "$(tree_sum "$DOORSTEP_STORE")" = "$AFTER" ] && ok "neither changed a byte" \
	|| fail "importing the same rules changed the store"

sed 's/"title": "TEST SAMPLE: /"title": "TEST SAMPLE, edited: /' "$SAMPLE" > "$T/retitled.json"
run "$D" policy import "$T/retitled.json"
expect_rc 1 "the same version with other content"
expect_err '^doorstep: version: version test-sample-2024\.1 is already in this store with other rules' "the error names the version"
[ "$(tree_sum "$DOORSTEP_STORE")" = "$AFTER" ] && ok "the store is unchanged" \
	|| fail "a refused version changed the store"

# ---- the sample in force -------------------------------------------------------
run "$D" policy show
expect_rc 0 "policy show after the import"
expect_out '^Policy test-sample-2024\.1, in force from 2024-01-01$' "the sample is in force now"
expect_out '^  4401 +1,205\.00  ' "its Guangzhou standard"
expect_out '^Top-ups \(one for each person, the highest that applies\):$' "its top-ups are listed"
expect_out '^  elderly +4401 +142\.00  \(Test sample' "the elderly top-up in 4401 with its source"
expect_out 'the full amount each month' "its hold taper"
expect_out "^A home visit within 10 days of an application, a return or a reopening \\(Not set in this policy file: doorstep's default" \
	"the sample, written without an investigation section, loads with the default visit days and says so"
expect_out '^Deduction for the cost of working: on \(30% of the standard' "its employment-cost deduction"
expect_out '^Versions in this store:$' "both versions are listed"
expect_out '^    2023-01-01  cn-default-2023\.1$' "the default, not in force"
expect_out '^  \* 2024-01-01  test-sample-2024\.1$' "the sample, marked in force"
lacks_out '^  31 ' "the sample has no Shanghai standard"
run "$D" policy show --at 2023-12-31
expect_out '^Policy cn-default-2023\.1, in force from 2023-01-01$' "the default is in force before 2024"
expect_out '^    2024-01-01  test-sample-2024\.1$' "the sample is listed, not marked"
run "$D" policy show --json --at 2024-06-30
flat
expect_flat '"version": "test-sample-2024\.1"' "JSON names the sample"
expect_flat '"region": "4401", "name": "[^"]*", "monthly": "1165\.00", "from": "2024-01-01", "to": "2024-06-30"' \
	"JSON: a standard with an end date"
run "$D" store rebuild
expect_rc 0 "store rebuild"
run "$D" policy show
expect_out '^Policy test-sample-2024\.1, in force from 2024-01-01$' "the sample is still in force after a rebuild"
run "$D" audit verify
expect_rc 0 "the log verifies after the rebuild"

finish
