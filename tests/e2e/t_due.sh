# t_due.sh — re-verification falls due one interval after the last
# verification: a visit recorded here, else the household file's
# last_verified, else the start of the allowance; overdue ones come first.
# Open cases nobody has visited yet are due too, with their kind and the
# day their time counts from: a new application (from the day it was
# entered), a case returned for more investigation (from the return) and
# one reopened by an overturned appeal (from the decision), each a visit
# within the policy's investigation.visit_days (10 by default).
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

# ---- open cases: a new application, a returned case, a reopened one ----------
LI=$(passfile pass-li "li keeps her own passphrase")
ZHAO=$(passfile pass-zhao "zhao reviews appeals here")
DOORSTEP_NEW_PASSPHRASE_FILE="$LI" run "$D" user add li --role supervisor
expect_rc 0 "li, a supervisor"
DOORSTEP_NEW_PASSPHRASE_FILE="$ZHAO" run env DOORSTEP_USER=wang "$D" user add zhao --role reviewer
expect_rc 0 "zhao, an appeal reviewer"
WANG=$DOORSTEP_PASSPHRASE_FILE
as_wang() { DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$WANG" "$D" "$@"; }
as_li() { DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LI" "$D" "$@"; }
as_zhao() { DOORSTEP_USER=zhao DOORSTEP_PASSPHRASE_FILE="$ZHAO" "$D" "$@"; }

applicant() { # applicant ID17 NAME: one member, not receiving
	printf '{"region":"440106","address":"石牌街道%s号","members":[{"name":"%s","id_number":"%s","relation":"head","able_to_work":false,"incomes":[]}],"assets":{"financial":"500","vehicles":[],"homes":1}}\n' \
		"$1" "$2" "$(id18 "$1")"
}
visit() { # visit ID17 DATE: the member present and signing
	printf '{"date":"%s","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"%s"},"observations":"seen"}\n' \
		"$2" "$(id18 "$1")" "$(id18 "$1")" "$2" > "$T/visit.json"
}
# item ID KIND: the household's item of that kind in the last --json, on one line
item() { tr -d '\n' < "$T/out" | sed 's/},/}\n/g' | grep "\"household\": \"$1\"" | grep "\"kind\": \"$2\""; }

# a new application, entered today (2026-11-27): a first visit by 12-07
applicant 44010619700101011 新申请 > "$T/n.json"
N=$(as_wang household add --json "$T/n.json")
# returned on 2026-11-15: a visit by 11-25, overdue now
applicant 44010619700101012 退回户 > "$T/r.json"
R=$(as_wang household add --json "$T/r.json")
visit 44010619700101012 2026-11-15
DOORSTEP_TODAY=2026-11-15 run as_wang visit record "$R" --json "$T/visit.json"
expect_rc 0 "a visit to the household to be returned"
DOORSTEP_TODAY=2026-11-15 run as_wang review submit "$R"
expect_rc 0 "submitted"
DOORSTEP_TODAY=2026-11-15 run as_li review return "$R" --reason "ask for the payslips"
expect_rc 0 "li returns it for more investigation on 2026-11-15"
# refused on 11-01, appealed, overturned on 11-20: a visit by 11-30
applicant 44010619700101013 申诉户 > "$T/a.json"
AP=$(as_wang household add --json "$T/a.json")
visit 44010619700101013 2026-11-01
DOORSTEP_TODAY=2026-11-01 run as_wang visit record "$AP" --json "$T/visit.json"
DOORSTEP_TODAY=2026-11-01 run as_wang review submit "$AP"
DOORSTEP_TODAY=2026-11-01 run as_li review refuse "$AP" --reason "income above the standard"
expect_rc 0 "li refuses it on 2026-11-01"
DOORSTEP_TODAY=2026-11-18 run as_wang appeal file "$AP" --reason "the wages stopped"
expect_rc 0 "the household appeals"
DOORSTEP_TODAY=2026-11-20 run as_zhao appeal decide "$AP" overturn --reason "investigate again" --restore investigating
expect_rc 0 "zhao overturns the refusal on 2026-11-20: back to investigating"

run as_wang due --json
expect_rc 0 "due --json"
# the application's day is the day it was entered, no later than today
entered=$(TZ=Asia/Shanghai date +%F)
[ "$entered" \> 2026-11-27 ] && entered=2026-11-27
want=$(TZ=UTC date -d "$entered + 10 days" +%F)
it=$(item "$N" first_visit)
case $it in
*"\"date\": \"$want\""*"\"overdue\": false"*"\"from\": \"$entered\""*) ok "a new application: a first visit due $want, 10 days from $entered" ;;
*) fail "new application: '$it', wanted $want from $entered" ;;
esac
it=$(item "$R" returned)
case $it in
*'"date": "2026-11-25"'*'"overdue": true'*'"detail": "return"'*'"from": "2026-11-15"'*) ok "a returned case: a visit due 2026-11-25, overdue, from the return" ;;
*) fail "returned: '$it'" ;;
esac
it=$(item "$AP" reopened)
case $it in
*'"date": "2026-11-30"'*'"overdue": false'*'"detail": "appeal"'*'"from": "2026-11-20"'*) ok "a case reopened by an appeal: a visit due 2026-11-30, from the overturn" ;;
*) fail "reopened: '$it'" ;;
esac

run as_wang due
expect_out "^! 2026-11-25  returned: investigate again +$R  from 2026-11-15\$" "plain: the returned case, overdue, with its kind and dates"
expect_out "^  2026-11-30  reopened: visit again +$AP  from 2026-11-20\$" "plain: the reopened case"
expect_out "^  $want  first visit to an application +$N  from $entered\$" "plain: the new application"
# overdue first: the return's line before the reopened one's
r_line=$(grep -n "$R" "$T/out" | cut -d: -f1)
a_line=$(grep -n "$AP" "$T/out" | cut -d: -f1)
[ -n "$r_line" ] && [ -n "$a_line" ] && [ "$r_line" -lt "$a_line" ] && ok "the overdue return is listed before the reopened case" \
	|| fail "return on line $r_line, reopened on line $a_line"
run env LANG=zh_CN.UTF-8 DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$WANG" "$D" due
expect_out "^! 2026-11-25  退回.*$R" "Chinese: the returned case in Chinese words"
expect_out "入户调查" "Chinese: the visit is 入户调查"

# visited since: the returned case is no longer due a visit
visit 44010619700101012 2026-11-27
run as_wang visit record "$R" --json "$T/visit.json"
expect_rc 0 "a visit to the returned case"
run as_wang due --json
[ -z "$(item "$R" returned)" ] && ok "visited: the return is no longer due" \
	|| fail "still due after the visit: $(item "$R" returned)"
finish
