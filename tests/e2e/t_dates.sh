#!/bin/sh
# True dates (issue 13): a case approved on 2027-06-02 with a 7-day notice,
# and nobody opening doorstep again until 2027-07-19, is in effect and
# dated 2027-06-09 (not the day it ran), paid from the month the policy
# says (the month after, by default); its letter says so. A reduction's
# letter is delivered on a recorded day; the time to appeal counts from it,
# the letter and the appeal list agree, and an appeal received after it is
# refused without a reason for accepting it, then marked late with it.
. "$(dirname "$0")/lib.sh"

export DOORSTEP_TODAY=2027-06-01
new_store s wang assistant
WANG=$DOORSTEP_PASSPHRASE_FILE
LI=$(passfile pass-li "li keeps her own passphrase")
ZHAO=$(passfile pass-zhao "zhao reviews appeals here")
as_wang() { DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$WANG" "$D" "$@"; }
as_li() { DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LI" "$D" "$@"; }
as_zhao() { DOORSTEP_USER=zhao DOORSTEP_PASSPHRASE_FILE="$ZHAO" "$D" "$@"; }
DOORSTEP_NEW_PASSPHRASE_FILE="$LI" run as_wang user add li --role supervisor
expect_rc 0 "li, a supervisor"
DOORSTEP_NEW_PASSPHRASE_FILE="$ZHAO" run as_wang user add zhao --role reviewer
expect_rc 0 "zhao, an appeal reviewer"

# refused WANT DESCRIPTION CMD...: exits WANT, and no byte of the store changes
refused() {
	want=$1 what=$2
	shift 2
	tree_sum "$DOORSTEP_STORE" > "$T/rs0"
	run "$@"
	expect_rc "$want" "$what"
	tree_sum "$DOORSTEP_STORE" > "$T/rs1"
	if cmp -s "$T/rs0" "$T/rs1"; then ok "$what: no byte of the store changed"
	else fail "$what: the store changed"; fi
}

A1=$(id18 44010619700101001)
B1=$(id18 44010619800505005)
cat > "$T/h1.json" <<EOF
{"region":"440106","address":"石牌街道1号","members":[
 {"name":"王一","id_number":"$A1","relation":"head","categories":[],"able_to_work":true,
  "incomes":[{"source":"wages","monthly":"300"}]}],
 "assets":{"financial":"1000","vehicles":[],"homes":1}}
EOF
cat > "$T/h2.json" <<EOF
{"region":"440106","address":"石牌街道2号","members":[
 {"name":"李二","id_number":"$B1","relation":"head","categories":[],"able_to_work":true,
  "incomes":[{"source":"wages","monthly":"600"}]}],
 "assets":{"financial":"500","vehicles":[],"homes":1},
 "receiving":{"allowance":"1165","since":"2025-06"}}
EOF
for n in 1 2; do
	run as_wang household add --json "$T/h$n.json"
	expect_rc 0 "household $n added"
	eval "H$n=\$(tail -n 1 \"\$T/out\" | awk '{print \$NF}')"
done
visit() { # FILE ID DATE
	printf '{"date":"%s","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"%s"},"observations":"seen"}\n' \
		"$3" "$2" "$2" "$3" > "$T/$1.json"
}
visit v1 "$A1" 2027-06-01
visit v2 "$B1" 2027-06-01
for n in 1 2; do
	run as_wang visit record "$(eval echo \$H$n)" --json "$T/v$n.json"
	expect_rc 0 "visit to household $n"
	run as_wang review submit "$(eval echo \$H$n)"
	expect_rc 0 "household $n submitted"
done

export DOORSTEP_TODAY=2027-06-02
for n in 1 2; do
	run as_li review approve "$(eval echo \$H$n)"
	expect_rc 0 "li approves household $n on 2027-06-02; the notice runs to 2027-06-09"
done

# ---- nobody opens doorstep until 2027-07-19 ------------------------------------------
export DOORSTEP_TODAY=2027-07-19
run as_wang household show "$H1"
expect_rc 0 "the first run, 40 days after the notice ended"
expect_err "2 decisions took effect" "both decisions took effect"
run as_wang household show "$H1" --json
expect_out '"since": "2027-07"' "household 1 is paid from 2027-07, the month after 2027-06-09"
run as_wang notice "$H1"
expect_out "Date of the decision: 2027-06-09" "household 1's letter is dated 2027-06-09, not 2027-07-19"
run as_wang notice "$H2"
expect_out "Date of the decision: 2027-06-09" "household 2's letter is dated 2027-06-09"
expect_out "within 60 days of the day you receive this letter, saying why" "before delivery, the time to appeal counts from when it arrives"
run as_wang household show "$H2" --json
expect_out '"since": "2025-06"' "household 2 keeps the month it began receiving"

# ---- the letter delivered; the time to appeal counts from it --------------------------
refused 1 "a delivery before the decision" as_wang notice deliver "$H2" --on 2027-06-08 --method post
refused 1 "a delivery in the future" as_wang notice deliver "$H2" --on 2027-07-20 --method post
refused 2 "a delivery without the day" as_wang notice deliver "$H2" --method post
refused 2 "a delivery by fax" as_wang notice deliver "$H2" --on 2027-07-18 --method fax
run as_wang notice deliver "$H2" --on 2027-07-18 --method left_at_home
expect_rc 0 "wang records the letter left at the home on 2027-07-18"
run as_wang notice "$H2"
expect_out "by 2027-09-16 \(within 60 days of the day this letter reached you\)" "the letter's time to appeal ends 60 days after delivery"
expect_out "This letter was delivered on 2027-07-18: reconsideration may be applied for until 2027-09-16, a lawsuit brought until 2028-01-18" "the legal remedies' last days, from the delivery"
run as_wang household show "$H2"
expect_out "Its letter reached the household on 2027-07-18 \(left with an adult at home\)" "household show says when and how the letter was delivered"
run as_wang notice "$H2" --lang zh_CN
expect_out "在2027年9月16日前（收到本决定书之日起60日内）.*提出申诉" "the Chinese letter agrees"

# ---- an appeal after the time to appeal ----------------------------------------------------
export DOORSTEP_TODAY=2027-09-20
run as_wang appeal file "$H2" --reason "the job ended in August" --received 2027-09-16
expect_rc 0 "an appeal received on the last day is in time"
run as_wang appeal list --json
expect_out '"late": false' "marked in time"
run as_zhao appeal decide "$H2" uphold --reason "the wages are confirmed"
expect_rc 0 "zhao upholds it (the reduction stands)"
# a second household's appeal of the same kind comes late: household 1 has
# nothing to appeal, so the reduction above is appealed again, late
refused 1 "a late appeal without the reason it is accepted" \
	as_wang appeal file "$H2" --reason "we were away" --received 2027-09-17
expect_err "--late-reason" "the error names the late reason"
expect_err "2027-09-16" "and the day the time to appeal ended"
run as_wang appeal file "$H2" --reason "we were away" --received 2027-09-17 --late-reason "in hospital from 2027-07-20 to 2027-09-15"
expect_rc 0 "accepted with the reason, recorded"
run as_wang appeal list
expect_out "received late; accepted because: in hospital" "the appeal list marks it late, with the reason"
run as_wang appeal list --json
expect_out '"late": true' "marked late in JSON"
run as_wang due --within 60
expect_out "2027-10-17  appeal to answer +$H2" "due: the appeal is answered 30 days after it was received"
run as_wang household show "$H1"
expect_out "Last decision: in effect 2027-06-09, paid from 2027-07" "household 1's page: in effect 06-09, paid from 07"
expect_out "not recorded as delivered" "and its letter not yet delivered"

finish
