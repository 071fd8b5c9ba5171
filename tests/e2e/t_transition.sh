#!/bin/sh
# The withdrawal calculator (issue 3): `doorstep transition` needs no store;
# the reform paper's example, the band edge at exactly 1.5 x S, the hold
# taper, the first month after DOORSTEP_TODAY, and bad input refused in one
# line naming the option.
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

# The band edge: up to 1.5 x S = 1,747.50 is 6 months; one fen more is 3.
run "$D" transition --allowance 1195 --per-capita-income 1747.50 --standard 1165 --start 2026-12 --json
expect_rc 0 "at exactly 1.5 x S"
flat
expect_flat '"months": 6,.*"last": "2027-05"' "1747.50: 6 months"
run "$D" transition --allowance 1195 --per-capita-income 1747.51 --standard 1165 --start 2026-12 --json
flat
expect_flat '"months": 3,.*"first": "2026-12", "last": "2027-02", "warning_date": "2027-01-02"' "1747.51: 3 months"
expect_flat '"payments": \[ \{ "month": "2026-12", "amount": "1195\.00" \}, \{ "month": "2027-01", "amount": "797\.00" \}, \{ "month": "2027-02", "amount": "399\.00" \} \]' \
	"3 months linear: 1195, 797, 399 (each up to a yuan)"
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
bad 1 --per-capita-income "income at S" --allowance 1195 --per-capita-income 1165 --standard 1165
bad 1 --per-capita-income "income below S" --allowance 1195 --per-capita-income 900 --standard 1165
bad 1 --standard "a negative standard" --allowance 1195 --per-capita-income 1300 --standard -1165
bad 1 --standard "a zero standard" --allowance 1195 --per-capita-income 1300 --standard 0
bad 1 --start "a month that does not exist" --allowance 1195 --per-capita-income 1300 --standard 1165 --start 2026-13
bad 1 --start "a date for a month" --allowance 1195 --per-capita-income 1300 --standard 1165 --start 2026-12-01
bad 2 --taper "an unknown taper" --allowance 1195 --per-capita-income 1300 --standard 1165 --taper steep
bad 2 --standard "no --standard" --allowance 1195 --per-capita-income 1300
bad 2 --allowance "no --allowance" --per-capita-income 1300 --standard 1165
run "$D" transition --allowance 1195 --per-capita-income 1165 --standard 1165
expect_err 'is not above the standard 1,165\.00' "income at S: the message says why"

finish
