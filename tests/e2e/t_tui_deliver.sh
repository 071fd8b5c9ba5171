#!/bin/sh
# t_tui_deliver.sh — the letter's delivery and a late appeal from the
# interface, at 80×24 under TERM=xterm-256color and TERM=vt100: d on the
# notice asks the day (an impossible or future day refused, the question
# kept open) and how (an answer that is not 1–4 refused), then the notice
# gives the last day to appeal, 60 days from delivery; the household page
# says when and how it arrived. Months later F files the household's
# appeal: it came after the time to appeal, so the reason it is accepted
# is asked (an empty answer refused), and the appeal is marked late.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"

D="$(cd "$(dirname "$D")" && pwd)/$(basename "$D")"

export DOORSTEP_TODAY=2026-11-25
new_store deliver wang assistant
export DOORSTEP_USER=wang
WANG="correct horse battery deliver"
LIF=$(passfile pass-li "li keeps her own passphrase")
DOORSTEP_NEW_PASSPHRASE_FILE="$LIF" run "$D" user add li --role supervisor
expect_rc 0 "li, a supervisor"
as_li() { DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LIF" "$@"; }

# one refused household for each terminal
for k in 1 2; do
	P=$(id18 4401061970020${k}123)
	printf '{"region":"440106","address":"石牌街道%s2号","members":[{"name":"钱%s","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":[{"source":"wages","monthly":"2000"}]}],"assets":{"financial":"300","vehicles":[],"homes":1}}\n' \
		"$k" "$k" "$P" > "$T/h$k.json"
	run "$D" household add --json "$T/h$k.json"
	H=$(tail -n 1 "$T/out" | awk '{print $NF}')
	printf '{"date":"2026-11-25","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-11-25"},"observations":"seen"}\n' "$P" "$P" > "$T/v$k.json"
	run "$D" visit record "$H" --json "$T/v$k.json"
	run "$D" review submit "$H"
	run as_li "$D" review refuse "$H" --reason "the wages are above the standard"
	expect_rc 0 "li refuses 钱$k's application on 2026-11-25"
	eval "H$k=$H"
done

flow() {
	k=$1 term=$2 n=s$1
	eval "H=\$H$k"
	export DOORSTEP_TODAY=2026-11-27
	start "$n" 80 24 TERM="$term" DOORSTEP_USER=wang
	unlock "$n" wang "$WANG"
	keys "$n" /
	type_text "$n" "钱$k"
	keys "$n" Enter Enter
	see "$n" "^Household 钱$k" "$term: 钱$k's file opens"
	screen_has "not recorded as delivered" "$term: the page says the letter is not recorded as delivered"
	keys "$n" L
	see "$n" "^Notice of the decision, household $H" "$term: L shows the notice"
	keys "$n" /
	type_text "$n" "you receive this"
	keys "$n" Enter
	see "$n" "you receive this" "$term: before delivery the notice counts from the day it arrives"
	keys "$n" d
	see "$n" "^Delivered on \\(YYYY-MM-DD\\): 2026-11-27" "$term: d asks the day, offering today"
	keys "$n" C-u
	type_text "$n" "2026-11-31"
	keys "$n" Enter
	see "$n" "2026-11-31" "$term: an impossible day ..."
	screen_has "^Delivered on \\(YYYY-MM-DD\\): 2026-11-31" "$term: ... is refused, the question kept open with it"
	keys "$n" C-u
	type_text "$n" "2026-11-28"
	keys "$n" Enter
	see "$n" "That day has not come yet" "$term: a day in the future is refused"
	keys "$n" C-u
	type_text "$n" "2026-11-26"
	keys "$n" Enter
	see "$n" "^How did it reach them\\?" "$term: then how"
	screen_has "1 in person  2 by post  3 left with an adult at home  4 posted publicly" "$term: the ways, numbered"
	type_text "$n" "7"
	keys "$n" Enter
	see "$n" "Type 1, 2, 3 or 4" "$term: 7 is refused"
	keys "$n" BSpace
	type_text "$n" "2"
	keys "$n" Enter
	see "$n" "The delivery is recorded" "$term: recorded"
	keys "$n" /
	type_text "$n" "until 2027-01-25"
	keys "$n" Enter
	see "$n" "until 2027-01-25" "$term: the notice now gives the last day, 60 days from 2026-11-26"
	run "$D" household show "$H"
	expect_out "Its letter reached the household on 2026-11-26 \\(by post\\)" "$term: the store has the day and the way"
	keys "$n" d
	see "$n" "was delivered on 2026-11-26 already" "$term: d again says it was delivered already"
	keys "$n" Q
	exited "$n" "$term: Q quits"

	# ---- an appeal in February: late ----------------------------------------
	export DOORSTEP_TODAY=2027-02-10
	start "$n" 80 24 TERM="$term" DOORSTEP_USER=wang
	unlock "$n" wang "$WANG"
	keys "$n" /
	type_text "$n" "钱$k"
	keys "$n" Enter Enter
	see "$n" "^Household 钱$k" "$term: 钱$k's file opens again"
	keys "$n" F
	see "$n" "^Why does the household disagree\\?" "$term: F asks why the household disagrees"
	type_text "$n" "the wages stopped in October"
	keys "$n" Enter
	see "$n" "^Why is it accepted late\\?" "$term: after the time to appeal, it asks why it is accepted"
	screen_has "2027-01-25" "$term: ... saying when the time ended"
	keys "$n" Enter
	see "$n" "why it is accepted late" "$term: an empty reason is refused, in words"
	type_text "$n" "the letter was read to them only in February"
	keys "$n" Enter
	see "$n" "marked as received late" "$term: filed, marked late"
	keys "$n" /
	type_text "$n" "received late"
	keys "$n" Enter
	see "$n" "received late; accepted because: the letter was read" "$term: the household page shows it late, with the reason"
	keys "$n" Q
	exited "$n" "$term: Q quits"
	run "$D" appeal list --json
	expect_out '"late": true' "$term: the store holds the appeal as late"
}

flow 1 xterm-256color
flow 2 vt100
finish
