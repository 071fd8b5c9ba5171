#!/bin/sh
# t_tui_withdrawal.sh — a household in its withdrawal months (issue 13: "the
# caseload keeps showing A0 while month 3 pays less"; "the withdrawal's
# warning never appears in due"): in month 4 of 6 the caseload shows what
# that month pays (583.00 = 1,165 x 3/6, up to a yuan), not the 1,165.00
# it steps down from, and the household screen says which month of how
# many; the due screen lists the warning, 30 days before the last month,
# as `doorstep due` does.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"

new_store tuiw wang assistant
WANG="correct horse battery tuiw"
export DOORSTEP_USER=wang
LI=$(passfile pass-li "li keeps her own passphrase")
DOORSTEP_NEW_PASSPHRASE_FILE="$LI" run "$D" user add li --role supervisor
expect_rc 0 "li, a supervisor, on the same laptop"

P=$(id18 44010619820707007)
printf '{"region":"440106","address":"石牌街道4号","members":[{"name":"陈四","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":[]}],"assets":{"financial":"500","vehicles":[],"homes":1},"receiving":{"allowance":"1165","since":"2025-06"}}\n' \
	"$P" > "$T/h.json"
H=$("$D" household add --json "$T/h.json")
# a visit on 2026-11-24 finds wages of 1,400 (above S = 1,165, below 1.5 x S):
# a withdrawal over six months, 2026-12 to 2027-05, proposed and approved
printf '{"date":"2026-11-24","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-11-24"},"observations":"seen","members":[{"name":"陈四","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":[{"source":"wages","monthly":"1400"}]}]}\n' \
	"$P" "$P" "$P" > "$T/v.json"
export DOORSTEP_TODAY=2026-11-24
run "$D" visit record "$H" --json "$T/v.json"
expect_rc 0 "wang visits 陈四 (wages now 1,400)"
run "$D" review submit "$H"
expect_rc 0 "wang submits the withdrawal"
run env DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LI" "$D" review approve "$H"
expect_rc 0 "li approves it"
# months later, in month 4 of the schedule
export DOORSTEP_TODAY=2027-03-10
run "$D" household list --csv
expect_out "^\"$H\",\"in_transition\",.*,\"583\\.00\"," "household list: in withdrawal, paid 583.00 this month"
run "$D" due
expect_out "^  2027-04-01  withdrawal ending: job help +$H  last month 2027-05$" \
	"doorstep due: the warning, 30 days before the last month"

start main 100 24 DOORSTEP_USER=wang
unlock main wang "$WANG"
see main "陈四 .*in transition 4/6 +583\\.00" \
	"the caseload: month 4 of 6 and what it pays (583.00)"
screen_lacks "1,165\\.00" "the caseload does not show the allowance it steps down from"
keys main Enter
see main "^Gradual withdrawal, month 4 of 6: 583\\.00 this month \\(down from 1,165\\.00\\)" \
	"the household screen: which month, what it pays, and from what"
screen_lacks "^Receiving 1,165\\.00 a month" "the household screen does not say it receives 1,165.00"
keys main q
keys main g
see main "2027-04-01 withdrawal ending: job help +陈四" \
	"the due screen: the withdrawal's warning, by its head"
keys main Q
exited main "Q quits"

# ---- in Chinese -----------------------------------------------------------------
start zh 100 24 DOORSTEP_USER=wang LANGUAGE=zh_CN
see zh "^  wang 的口令：" "zh: the passphrase is asked for, in Chinese"
type_text zh "$WANG"
keys zh Enter
see zh "陈四 .* 583\\.00" "zh: the caseload shows 583.00"
keys zh Enter
see zh "^渐退期第 4 个月（共 6 个月）：本月 583\\.00（原为 1,165\\.00）" "zh: the household screen, in Chinese"
keys zh q
keys zh g
see zh "2027-04-01 渐退期将结束：提供就业帮扶 +陈四" "zh: the warning on the due screen, in Chinese"
keys zh Q
exited zh "zh: Q quits"
finish
