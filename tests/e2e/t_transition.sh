#!/bin/sh
# The withdrawal calculator (issue 3): `doorstep transition` needs no store;
# the reform paper's example, the band edge at exactly 1.5 x S, the hold
# taper, the first month after DOORSTEP_TODAY, and bad input refused in one
# line naming the option. Issue 13: exactly S withdraws; with a store the
# calculator uses the store's policy in force on the date (or --policy
# FILE), and agrees with `assess` at every edge.
. "$(dirname "$0")/lib.sh"

flat() { tr '\n' ' ' < "$T/out" | sed 's/[[:space:]][[:space:]]*/ /g' > "$T/flat"; }
expect_flat() {
	if grep -Eq -- "$1" "$T/flat"; then ok "$2"
	else fail "$2: output lacks /$1/: $(head -c 400 "$T/flat")"; fi
}
# No store anywhere: the calculator must not need one.
export DOORSTEP_STORE="$T/no-store"

run "$D" transition --allowance 1195 --per-capita-income 1300 --standard 1165 --start 2026-12 --json
expect_rc 0 "transition --json"
flat
expect_flat '^\{ "months": 6, "taper": "linear", "previous_allowance": "1195\.00", "first": "2026-12", "last": "2027-05", "warning_date": "2027-04-01", "referral": \{ "date": "2027-06-01", "to": "employment_assistance_and_training" \}, "payments": \[ \{ "month": "2026-12", "amount": "1195\.00" \}, \{ "month": "2027-01", "amount": "996\.00" \}, \{ "month": "2027-02", "amount": "797\.00" \}, \{ "month": "2027-03", "amount": "598\.00" \}, \{ "month": "2027-04", "amount": "399\.00" \}, \{ "month": "2027-05", "amount": "200\.00" \} \] \} $' \
	"6 months: 1195, 996, 797, 598, 399, 200, 2026-12 to 2027-05, warning and referral"
[ ! -e "$T/no-store" ] && ok "no store was made" || fail "the calculator made $T/no-store"

run "$D" transition --allowance 1195 --per-capita-income 1300 --standard 1165 --json
flat
expect_flat '"first": "2026-12", "last": "2027-05"' "without --start: the month after DOORSTEP_TODAY (2026-11-27)"
run env DOORSTEP_TODAY=2026-12-31 "$D" transition --allowance 1195 --per-capita-income 1300 --standard 1165 --json
flat
expect_flat '"first": "2027-01", "last": "2027-06"' "DOORSTEP_TODAY=2026-12-31: from 2027-01"

run "$D" transition --allowance 1195 --per-capita-income 1300 --standard 1165 --start 2026-12
expect_rc 0 "transition as text"
expect_out '^Gradual withdrawal over 6 months, 2026-12 to 2027-05 \(falling by equal steps\):$' "the heading"
expect_out '^  2026-12 +1,195\.00$' "the first month"
expect_out '^  2027-05 +200\.00$' "the last month"
expect_out '^Warning to the household on 2027-04-01; referral to employment assistance and training on 2027-06-01\.$' \
	"warning date and referral"

# The band edge: up to 1.5 x S = 1,747.50 is 6 months; above it the 6 are
# kept, each less the income above 1,747.50 in whole yuan, while that gives
# more than 3 months would (no drop at the edge); far above, 3.
run "$D" transition --allowance 1195 --per-capita-income 1747.50 --standard 1165 --start 2026-12 --json
expect_rc 0 "at exactly 1.5 x S"
flat
expect_flat '"months": 6,.*"last": "2027-05"' "1747.50: 6 months"
run "$D" transition --allowance 1195 --per-capita-income 1747.51 --standard 1165 --start 2026-12 --json
flat
expect_flat '"months": 6,.*"last": "2027-05".*"amount": "1195\.00".*"amount": "200\.00" \} \], "relief_excess_hundredths_fen": 100, "relief_band_percent": 150' \
	"1747.51: the same 6 months, a fen above the limit (less than a yuan to take off)"
run "$D" transition --allowance 1195 --per-capita-income 2000.00 --standard 1165 --start 2026-12 --json
flat
expect_flat '"months": 5,.*"last": "2027-04".*"payments": \[ \{ "month": "2026-12", "amount": "943\.00" \}, \{ "month": "2027-01", "amount": "744\.00" \}, \{ "month": "2027-02", "amount": "545\.00" \}, \{ "month": "2027-03", "amount": "346\.00" \}, \{ "month": "2027-04", "amount": "147\.00" \} \]' \
	"2000.00: the 6 months each 252 yuan less (the sixth nothing): 2,725 in all, more than 3 months' 2,391"
run "$D" transition --allowance 1195 --per-capita-income 3000.00 --standard 1165 --start 2026-12 --json
flat
expect_flat '"months": 3,.*"first": "2026-12", "last": "2027-02", "warning_date": "2027-01-02"' "3000.00: 3 months"
expect_flat '"payments": \[ \{ "month": "2026-12", "amount": "1195\.00" \}, \{ "month": "2027-01", "amount": "797\.00" \}, \{ "month": "2027-02", "amount": "399\.00" \} \]' \
	"3 months linear: 1195, 797, 399 (each up to a yuan)"
# Exactly S is a withdrawal (no cliff at the standard), one fen above too.
run "$D" transition --allowance 1195 --per-capita-income 1165 --standard 1165 --json
expect_rc 0 "exactly S"
flat
expect_flat '"months": 6' "exactly S: 6 months"
# One fen above S is a withdrawal too.
run "$D" transition --allowance 1195 --per-capita-income 1165.01 --standard 1165 --json
expect_rc 0 "one fen above S"
flat
expect_flat '"months": 6' "6 months"

run "$D" transition --allowance 1195 --per-capita-income 1300 --standard 1165 --start 2026-12 --taper hold --json
expect_rc 0 "--taper hold"
flat
expect_flat '"taper": "hold"' "the taper is hold"
[ "$(grep -c '"amount": "1195\.00"' "$T/out")" -eq 6 ] && ok "hold pays 1195.00 every month" \
	|| fail "hold: $(grep -c '"amount": "1195\.00"' "$T/out") months at 1195.00, wanted 6"
run "$D" transition --allowance 1195 --per-capita-income 1300 --standard 1165 --taper hold
expect_out '\(the full amount each month\):$' "hold, in words"
run "$D" transition --allowance 1195 --per-capita-income 1300 --standard 1165 --taper linear --json
flat
expect_flat '"taper": "linear"' "--taper linear"
# Odd amounts round up month by month: 1000.01 over 6.
run "$D" transition --allowance 1000.01 --per-capita-income 1300 --standard 1165 --start 2026-12 --json
flat
expect_flat '"amount": "1001\.00" \}, \{ "month": "2027-01", "amount": "834\.00" \}, \{ "month": "2027-02", "amount": "667\.00" \}, \{ "month": "2027-03", "amount": "501\.00" \}, \{ "month": "2027-04", "amount": "334\.00" \}, \{ "month": "2027-05", "amount": "167\.00" \}' \
	"1000.01: ceil_to_yuan of each step"
run "$D" transition --allowance 1195 --per-capita-income 1300 --standard 1165 --lang zh_CN
expect_rc 0 "in Chinese"
expect_out '2027-05' "the months"
LC_ALL=C grep -q "$(printf '[\344-\351]')" "$T/out" && ok "the text is in Chinese" || fail "no Chinese: $(head -c 200 "$T/out")"

# ---- bad input: one line naming the option --------------------------------------------------
# bad WANT_RC OPTION DESCRIPTION ARGS...
bad() {
	want=$1 opt=$2 what=$3
	shift 3
	run "$D" transition "$@"
	expect_rc "$want" "$what"
	expect_err "^doorstep: $opt: " "$what: the error names $opt"
	[ "$(grep -c '^doorstep: ' "$T/err")" -eq 1 ] && ok "$what: one error line" \
		|| fail "$what: $(grep -c '^doorstep: ' "$T/err") error lines"
	[ ! -s "$T/out" ] && ok "$what: nothing on stdout" || fail "$what: stdout: $(head -c 100 "$T/out")"
}
bad 1 --allowance "a negative allowance" --allowance -1195 --per-capita-income 1300 --standard 1165
bad 1 --allowance "an allowance with three decimals" --allowance 1195.001 --per-capita-income 1300 --standard 1165
bad 1 --allowance "a zero allowance" --allowance 0 --per-capita-income 1300 --standard 1165
bad 1 --per-capita-income "income with three decimals" --allowance 1195 --per-capita-income 1300.005 --standard 1165
bad 1 --per-capita-income "income that is not money" --allowance 1195 --per-capita-income lots --standard 1165
bad 1 --per-capita-income "income one fen below S" --allowance 1195 --per-capita-income 1164.99 --standard 1165
bad 1 --per-capita-income "income below S" --allowance 1195 --per-capita-income 900 --standard 1165
bad 1 --standard "a negative standard" --allowance 1195 --per-capita-income 1300 --standard -1165
bad 1 --standard "a zero standard" --allowance 1195 --per-capita-income 1300 --standard 0
bad 1 --start "a month that does not exist" --allowance 1195 --per-capita-income 1300 --standard 1165 --start 2026-13
bad 1 --start "a date for a month" --allowance 1195 --per-capita-income 1300 --standard 1165 --start 2026-12-01
bad 2 --taper "an unknown taper" --allowance 1195 --per-capita-income 1300 --standard 1165 --taper steep
bad 2 --standard "no --standard" --allowance 1195 --per-capita-income 1300
bad 2 --allowance "no --allowance" --per-capita-income 1300 --standard 1165
run "$D" transition --allowance 1195 --per-capita-income 1164.99 --standard 1165
expect_err 'is below the standard 1,165\.00: there is no withdrawal' "income below S: the message says why"
bad 1 /nonexistent/policy.json "a policy file that is not there" --allowance 1195 --per-capita-income 1300 --standard 1165 --policy /nonexistent/policy.json

# ---- the store's policy, as `assess` uses it (issue 13) ----------------------------------
# A policy with the hold taper and other bands (5 months up to 1.5 x S, else
# 2) and a 20-day warning: a calculator that ignored it would give linear
# steps over 6 or 3 months.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
jq '.version = "test-hold-2026.1" | .effective_from = "2026-01-01"
    | .transition.taper = "hold" | .transition.warning_days = 20
    | .transition.bands = [{"up_to_percent": 150, "months": 5}, {"months": 2}]' \
	"$TOP/store/policy-default.json" > "$T/hold.json"
new_store hold
run "$D" policy import "$T/hold.json"
expect_rc 0 "the hold policy imported"

# hh K PER_CAPITA: a receiving household of one in 440106 (S = 1,165) at
# that income, receiving 600.00; prints its id.
hh() {
	cat > "$T/hh$1.json" <<EOF
{"region": "440106", "address": "天河区石牌街道华师社区$1号",
 "members": [{"name": "周$1", "id_number": "$(id18 44010619750201$1$1$1)", "relation": "head",
              "categories": [], "able_to_work": false,
              "incomes": [{"source": "pension", "monthly": "$2"}]}],
 "assets": {"financial": "1000", "vehicles": [], "homes": 1},
 "receiving": {"allowance": "600.00", "since": "2024-03"}}
EOF
	"$D" household add --json "$T/hh$1.json"
}
# agree LABEL PER_CAPITA ID [transition options...]: `transition` under the
# options gives the object `assess ID` gives in the hold store, or both say
# there is none.
agree() {
	label=$1 pc=$2 id=$3
	shift 3
	DOORSTEP_STORE="$T/hold" DOORSTEP_PASSPHRASE_FILE="$T/pass-hold" \
		"$D" assess "$id" --json --dry-run > "$T/a.json" 2> "$T/a.err" \
		|| fail "$label: assess failed: $(head -c 200 "$T/a.err")"
	jq -cS '.transition' "$T/a.json" > "$T/a.t"
	"$D" transition --allowance 600 --per-capita-income "$pc" --standard 1165 --json "$@" \
		> "$T/t.json" 2> "$T/t.err"
	trc=$?
	if [ "$(cat "$T/a.t")" = null ]; then
		if [ "$trc" -eq 1 ] && grep -q 'there is no withdrawal' "$T/t.err"; then
			ok "$label: no withdrawal, as assess says"
		else
			fail "$label: assess has no withdrawal, transition exit $trc: $(head -c 200 "$T/t.json")"
		fi
		return
	fi
	if [ "$trc" -eq 0 ] && [ "$(jq -cS . "$T/t.json")" = "$(cat "$T/a.t")" ]; then
		ok "$label: the same schedule as assess ($(jq -c '[.months, .taper, .payments[0].amount]' "$T/t.json"))"
	else
		fail "$label: transition $(jq -cS . "$T/t.json" 2>/dev/null | head -c 200) $(head -c 200 "$T/t.err") vs assess $(head -c 200 "$T/a.t")"
	fi
}
ID1=$(hh 1 1164.99) && ID2=$(hh 2 1165.00) && ID3=$(hh 3 1165.01) &&
	ID4=$(hh 4 1747.50) && ID5=$(hh 5 1747.51) && ok "five households at the edges" \
	|| fail "the households at the edges were not added"
run "$D" assess "$ID1" --json --dry-run
flat
expect_flat '"eligible": true' "S - 0.01 under the hold policy: still eligible"
expect_flat '"transition": null' "S - 0.01: no withdrawal"
run "$D" assess "$ID2" --json --dry-run
flat
expect_flat '"transition": \{ "months": 5, "taper": "hold", "previous_allowance": "600\.00"' \
	"exactly S under the hold policy: 5 months of 600.00"
expect_flat '"code": "transition_band_within"' "with the band step"
run "$D" assess "$ID5" --json --dry-run
flat
expect_flat '"months": 5, "taper": "hold"' "1.5 x S + 0.01: the 5 months of the band below kept (no drop at the edge)"
expect_flat '"code": "transition_band_relief"' "with the step that says why"
expect_flat '"code": "transition_band_above", "figures": \{ "per_capita": "1747\.51", "income": "1747\.51", "members": "1", "percent": "150", "threshold": "1747\.50", "limit": "1747\.50", "months": "2"' \
	"the band step shows the threshold and the exact figure"

# The calculator in the store (DOORSTEP_STORE set by new_store): its policy.
agree "store policy, S - 0.01" 1164.99 "$ID1"
agree "store policy, S" 1165.00 "$ID2"
agree "store policy, S + 0.01" 1165.01 "$ID3"
agree "store policy, 1.5 x S" 1747.50 "$ID4"
agree "store policy, 1.5 x S + 0.01" 1747.51 "$ID5"
run "$D" transition --allowance 600 --per-capita-income 1165 --standard 1165
expect_out '^Gradual withdrawal over 5 months, 2026-12 to 2027-04 \(the full amount each month\):$' \
	"in the store: the store's bands and taper, in words"
expect_out '^Warning to the household on 2027-03-12; ' "the store's warning days (20 before 2027-04-01)"
expect_out '^Bands, taper and warning from policy test-hold-2026\.1\.$' "it names the policy"
# --at: the policy in force on that date (the built-in one, before 2026)
run "$D" transition --allowance 600 --per-capita-income 1165 --standard 1165 --at 2025-06-01 --json
flat
expect_flat '"months": 6, "taper": "linear",.*"first": "2025-07"' "--at 2025-06-01: the policy then, from 2025-07"

# --policy FILE, from a store that has only the built-in policy, and with
# no store at all: the file's rules, as `assess` gives under them.
new_store plain
agree "--policy FILE in another store, S - 0.01" 1164.99 "$ID1" --policy "$T/hold.json"
agree "--policy FILE in another store, S" 1165.00 "$ID2" --policy "$T/hold.json"
agree "--policy FILE in another store, S + 0.01" 1165.01 "$ID3" --policy "$T/hold.json"
agree "--policy FILE in another store, 1.5 x S" 1747.50 "$ID4" --policy "$T/hold.json"
agree "--policy FILE in another store, 1.5 x S + 0.01" 1747.51 "$ID5" --policy "$T/hold.json"
run "$D" transition --allowance 600 --per-capita-income 1165 --standard 1165 --json
flat
expect_flat '"months": 6, "taper": "linear"' "that store without --policy: its own (built-in) policy"
export DOORSTEP_STORE="$T/still-no-store"
agree "--policy FILE without a store, S" 1165.00 "$ID2" --policy "$T/hold.json"
agree "--policy FILE without a store, 1.5 x S + 0.01" 1747.51 "$ID5" --policy "$T/hold.json"
[ ! -e "$T/still-no-store" ] && ok "no store was made" || fail "the calculator made $T/still-no-store"

finish
