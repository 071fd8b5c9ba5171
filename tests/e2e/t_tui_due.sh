#!/bin/sh
# t_tui_due.sh — open cases on the due screen (issue 12: "open cases vanish
# from the due list"): at 80×24, TERM=xterm-256color and TERM=vt100, `g`
# lists a case returned for more investigation (overdue, marked !) and a
# new application, each with its kind and the date its visit is due, as
# `doorstep due` lists them; Enter opens the household, V starts the
# visit; the same in Chinese with the words 退回 and 入户调查.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"

new_store tuidue wang assistant
WANG="correct horse battery tuidue"
export DOORSTEP_USER=wang
LI=$(passfile pass-li "li keeps her own passphrase")
DOORSTEP_NEW_PASSPHRASE_FILE="$LI" run "$D" user add li --role supervisor
expect_rc 0 "li, a supervisor, on the same laptop"

applicant() { # applicant ID17 NAME NUMBER
	printf '{"region":"440106","address":"石牌街道%s号","members":[{"name":"%s","id_number":"%s","relation":"head","categories":[],"able_to_work":false,"incomes":[]}],"assets":{"financial":"300","vehicles":[],"homes":1}}\n' \
		"$3" "$2" "$(id18 "$1")"
}
# a new application, entered today: a first visit within 10 days
applicant 44010619700101021 张新 1 > "$T/n.json"
N=$("$D" household add --json "$T/n.json")
# returned on 2026-11-15: a visit by 2026-11-25, two days overdue
applicant 44010619700101022 李退 2 > "$T/r.json"
R=$("$D" household add --json "$T/r.json")
P=$(id18 44010619700101022)
printf '{"date":"2026-11-15","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-11-15"},"observations":"seen"}\n' "$P" "$P" > "$T/v.json"
DOORSTEP_TODAY=2026-11-15 run "$D" visit record "$R" --json "$T/v.json"
expect_rc 0 "wang visits 李退 on 2026-11-15"
DOORSTEP_TODAY=2026-11-15 run "$D" review submit "$R"
expect_rc 0 "and submits the case"
DOORSTEP_TODAY=2026-11-15 run env DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LI" "$D" review return "$R" --reason "ask for the payslips"
expect_rc 0 "li returns it for more investigation on 2026-11-15"

# The new application counts from the day it was entered: today, as the
# tests pin it (a clock ahead of DOORSTEP_TODAY counts as today).
entered=$(date +%F)
[ "$entered" \> 2026-11-27 ] && entered=2026-11-27
FIRST=$(TZ=UTC date -d "$entered + 10 days" +%F)
run "$D" due
expect_out "^! 2026-11-25  returned: investigate again +$R" "doorstep due: the returned case, overdue"
expect_out "^  $FIRST  first visit to an application +$N" "doorstep due: the new application, due $FIRST"
N_DUE=$(grep -Ec '^[ !] [0-9]{4}-' "$T/out")
N_OVERDUE=$(grep -c '^!' "$T/out")

# due_selected SESSION ERE DESCRIPTION: the due screen's cursor row (its
# items start on line 2, under the title) comes to match ERE.
due_selected() {
	_end=$(($(now_ms) + 15000))
	while :; do
		tm capture-pane -p -e -t "$1" | sed -n '2,22p' |
			grep -E "$ESC\\[([0-9]+;)*7(;[0-9]+)*m" |
			sed "s/$ESC\\[[0-9;]*m//g" > "$T/sel"
		if [ "$(wc -l < "$T/sel")" -eq 1 ] && grep -Eq -- "$2" "$T/sel"; then
			ok "$3"
			return
		fi
		if [ "$(now_ms)" -ge "$_end" ]; then
			fail "$3: the highlighted row is '$(cat "$T/sel")', wanted /$2/"
			return
		fi
		sleep 0.05
	done
}

# due_screen SESSION: g from the caseload, and the two items on it.
due_screen() {
	keys "$1" g
	see "$1" "^Due in the next 30 days: $N_DUE \\($N_OVERDUE overdue\\) — 2026-11-27" \
		"$1: g shows the due work, counted as doorstep due counts it ($N_DUE, $N_OVERDUE overdue)"
	screen_has "^! 2026-11-25 returned: investigate again +李退 +石牌街道2号" \
		"$1: the returned case, overdue (!), with its kind, its due date, its head and address"
	screen_has "^  $FIRST first visit to an application +张新 +石牌街道1号" \
		"$1: the new application, with its kind and its due date ($FIRST)"
	screen_lacks "$R|$N" "$1: no internal household id on the screen"
	r_row=$(grep -n "石牌街道2号" "$T/screen" | cut -d: -f1)
	n_row=$(grep -n "石牌街道1号" "$T/screen" | cut -d: -f1)
	if [ -n "$r_row" ] && [ -n "$n_row" ] && [ "$r_row" -lt "$n_row" ]; then
		ok "$1: the overdue return comes first"
	else fail "$1: return on row '$r_row', application on row '$n_row'"; fi
}

# ---- xterm-256color -------------------------------------------------------------
start main 80 24 DOORSTEP_USER=wang
unlock main wang "$WANG"
due_screen main
# the cursor starts on the first item; Enter opens its household
due_selected main "^! 2026-11-25 returned" "the cursor is on the returned case"
keys main Enter
see main "石牌街道2号" "Enter opens the returned household (its address)"
keys main q
see main "^Due in the next 30 days" "q goes back to the due work"
# down to the new application; V starts its first visit
keys main Down
due_selected main "first visit to an application +张新" "Down: the new application"
keys main Up
due_selected main "^! 2026-11-25 returned" "Up: back on the returned case"
# search by pinyin initials: /zx finds 张新
keys main /
type_text main zx
due_selected main "first visit to an application +张新" "/zx: the cursor goes to 张新 as it is typed"
keys main Enter
see main "head: 张新  1 of 1" "Enter says what matched and which of how many"
keys main /
type_text main "nobody here"
keys main Enter
see main "^Not found: nobody here" "a search that finds nothing says so"
due_selected main "first visit to an application +张新" "... and the cursor stays"
keys main ?
see main '^  / +search as you type' "help lists / on the due screen"
screen_lacks '^  Tab ' "help lists no Tab: the due list has no sections"
keys main q
keys main V
see main "^Visit to 张新" "V starts the visit to the new application"
keys main Escape
see main '^The visit is saved as draft [a-z0-9]+; press V' "Esc leaves the visit as a draft"
keys main Q
exited main "Q quits"

# ---- TERM=vt100: no colour, the same words --------------------------------------
start vt 80 24 TERM=vt100 DOORSTEP_USER=wang
unlock vt wang "$WANG"
due_screen vt
due_selected vt "^! 2026-11-25 returned" "TERM=vt100: the cursor in reverse video on the returned case"
keys vt Q
exited vt "TERM=vt100: Q quits"

# ---- in Chinese -----------------------------------------------------------------
start zh 80 24 DOORSTEP_USER=wang LANGUAGE=zh_CN
see zh "^  wang 的口令：" "zh: the passphrase is asked for, in Chinese"
type_text zh "$WANG"
keys zh Enter
wait_for zh '^\? ' 10
keys zh g
see zh "^! 2026-11-25 退回：再次入户调查 +李退" "zh: the returned case, in Chinese words"
screen_has "^  $FIRST 新申请：首次入户调查 +张新" "zh: the new application, a first 入户调查"
keys zh Q
exited zh "zh: Q quits"
finish
