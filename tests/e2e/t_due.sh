# t_due.sh — re-verification falls due one interval after the last
# verification: a visit recorded here, else the household file's
# last_verified, else the start of the allowance; overdue ones come first.
. "$(dirname "$0")/lib.sh"
new_store due

hh() { # hh ID17 LAST_VERIFIED ABLE
	printf '{"region":"440106","address":"石牌街道%s号","members":[{"name":"测试%s","id_number":"%s","relation":"head","able_to_work":%s,"incomes":[]}],"receiving":{"allowance":"1165","since":"2020-01"}%s}\n' \
		"$1" "$1" "$(id18 "$1")" "$3" "$2"
}
hh 44010619600101001 ',"last_verified":"2026-01-15"' false > "$T/a.json"
hh 44010619600101002 ',"last_verified":"2025-10-01"' false > "$T/b.json"
hh 44010619600101003 ',"last_verified":"2026-06-10"' true > "$T/c.json"
A=$("$D" household add --json "$T/a.json")
B=$("$D" household add --json "$T/b.json")
C=$("$D" household add --json "$T/c.json")

run "$D" household show "$A" --json
expect_out '"last_verified": "2026-01-15"' "last_verified is kept"

run "$D" due --json --within 400
expect_rc 0 "due"
expect_out "\"household\": \"$A\"" "the stable household is listed within 400 days"
grep -A3 "\"household\": \"$A\"" "$T/out" | grep -q '"date": "2027-01-15"' \
	&& ok "stable: due 12 months after the last verification" \
	|| fail "stable: $(grep -A3 "\"household\": \"$A\"" "$T/out" | tr '\n' ' ')"
grep -A3 "\"household\": \"$B\"" "$T/out" | grep -q '"date": "2026-10-01"' \
	&& ok "an older verification: due 2026-10-01" \
	|| fail "older: $(grep -A3 "\"household\": \"$B\"" "$T/out" | tr '\n' ' ')"
grep -A3 "\"household\": \"$C\"" "$T/out" | grep -q '"date": "2026-12-10"' \
	&& ok "someone able to work: due 6 months after" \
	|| fail "watched: $(grep -A3 "\"household\": \"$C\"" "$T/out" | tr '\n' ' ')"
first=$(grep -m1 '"household"' "$T/out")
case $first in *"$B"*) ok "the overdue one comes first" ;; *) fail "first is $first" ;; esac

run "$D" due --within 30
expect_out "^! 2026-10-01" "plain: overdue marked with !"
expect_out "2026-12-10" "plain: the visit due in 13 days is listed"
if grep -q 2027-01-15 "$T/out"; then fail "a visit 49 days away is listed within 30 days"
else ok "nothing beyond 30 days"; fi

hh 44010619600101004 ',"last_verified":"2027-01-01"' false > "$T/d.json"
run "$D" household add --json "$T/d.json"
expect_rc 1 "a last_verified in the future"
expect_err 'last_verified: is in the future' "names the field"
finish
