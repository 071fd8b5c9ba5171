#!/bin/sh
# t_tui_visit2.sh — a visit records what was seen (issue 12), in tmux at
# 80×24 under TERM=vt100 and TERM=xterm-256color: presence marks stay on
# the people marked after someone is marked as left (x) and after someone
# new is added (n), in the draft too; "left" asks for a checked date and
# u undoes it; n is put away with Esc alone; the ID number of someone in
# another household is refused as it is typed, naming that household's
# head and address; a new member whose ID number was corrected is
# recorded; a capital Q in a field is a letter; Shift-Tab back from a text
# step keeps the text, in the draft and after kill -9; a long note wraps;
# the title names the head and the address; a supervisor is refused
# before step 1, and another assistant cannot take over wang's draft.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"

new_store visit2 wang assistant
WANG="correct horse battery visit2"
LI="li keeps her own passphrase"
ZHOU="zhou has another passphrase"
LIF=$(passfile pass-li "$LI")
ZHOUF=$(passfile pass-zhou "$ZHOU")
DOORSTEP_NEW_PASSPHRASE_FILE="$LIF" run "$D" user add li --role supervisor
expect_rc 0 "li, a supervisor"
export DOORSTEP_USER=wang
DOORSTEP_NEW_PASSPHRASE_FILE="$ZHOUF" run "$D" user add zhou --role assistant
expect_rc 0 "zhou, a second assistant"

# 钱一's household, where 钱二 already lives.
QIAN1=$(id18 44010619550101301)
QIAN2=$(id18 44010619580202302)
cat > "$T/qian.json" <<EOF
{"region": "440106", "address": "石牌街道7号",
 "members": [{"name": "钱一", "id_number": "$QIAN1", "relation": "head",
              "categories": [], "able_to_work": false, "incomes": []},
             {"name": "钱二", "id_number": "$QIAN2", "relation": "spouse",
              "categories": [], "able_to_work": false, "incomes": []}],
 "assets": {"financial": "100", "vehicles": [], "homes": 1}}
EOF
run "$D" household add --json "$T/qian.json"
expect_rc 0 "钱一's household added"
QHID=$(tr -d '\n' < "$T/out")

# household N SURNAME: a household of four, 石牌街道5N号; its ID numbers
# in ID_1..ID_4 and its id in HID.
household() {
	ID_1=$(id18 4401061960030${1}401)
	ID_2=$(id18 4401061962040${1}402)
	ID_3=$(id18 4401061995050${1}403)
	ID_4=$(id18 4401062012060${1}404)
	cat > "$T/h$1.json" <<EOF
{"region": "440106", "address": "石牌街道5${1}号",
 "members": [{"name": "${2}大", "id_number": "$ID_1", "relation": "head",
              "categories": [], "able_to_work": false, "incomes": []},
             {"name": "${2}二", "id_number": "$ID_2", "relation": "spouse",
              "categories": [], "able_to_work": false, "incomes": []},
             {"name": "${2}三", "id_number": "$ID_3", "relation": "child",
              "categories": [], "able_to_work": true, "incomes": []},
             {"name": "${2}四", "id_number": "$ID_4", "relation": "child",
              "categories": [], "able_to_work": false, "incomes": []}],
 "assets": {"financial": "300", "vehicles": [], "homes": 1}}
EOF
	run "$D" household add --json "$T/h$1.json"
	expect_rc 0 "${2}大's household of four added"
	HID=$(tr -d '\n' < "$T/out")
}

# choose NAME USER: on the "who is working" screen, moves to USER and chooses.
choose() {
	see "$1" '^doorstep — who is working\?' "$1: the interface asks who is working"
	_i=0
	while [ $_i -lt 5 ]; do
		selected "$1" 24 > "$T/sel"
		grep -Eq "^  $2 *$" "$T/sel" && break
		keys "$1" Down
		sleep 0.1
		_i=$((_i + 1))
	done
	keys "$1" Enter
}

# find NAME TEXT: the caseload searched for TEXT, the match chosen.
find_hh() {
	keys "$1" /
	type_text "$1" "$2"
	sleep 0.3
	keys "$1" Enter
}

pane_kill() {
	_pid=$(tm list-panes -t "$1" -F '#{pane_pid}')
	pkill -9 -P "$_pid" doorstep
}

# draft_of HID: the id of the household's draft; its JSON in $T/draft.json.
draft_json() {
	_d=$("$D" visit draft list 2> /dev/null | awk -v h="$1" 'index($0, h) { print $1; exit }')
	"$D" visit resume "$_d" > "$T/draft.json" 2> /dev/null
	echo "$_d"
}
# json_has ERE DESCRIPTION: the draft's JSON, squeezed, matches ERE.
json_has() {
	if tr -d ' \n' < "$T/draft.json" | grep -Eq -- "$1"; then ok "$2"
	else fail "$2: the draft lacks /$1/: $(tr -d ' \n' < "$T/draft.json" | head -c 600)"; fi
}

# ---- a supervisor is told at once --------------------------------------------------

household 1 赵
start li1 80 24 TERM=vt100
choose li1 li
unlock li1 li "$LI"
find_hh li1 "赵大"
keys li1 V
see li1 'as supervisor you cannot' "a supervisor pressing V is told at once that they cannot record a visit"
screen_lacks 'step 1 of 9' "... and no visit form opens"
keys li1 Q
exited li1 "Q leaves"

# ---- the visit, once under each terminal ----------------------------------------------

# visit TERM N SURNAME
visit() {
	term=$1 n=$2 s=$3
	NEW1=$(id18 4401062020010${n}405)
	NEW2=$(id18 4401062020020${n}406)
	BAD=$(printf '%s' "$NEW1" | cut -c1-17)$(printf '%s' "$NEW1" | cut -c18 | tr '0-9X' '1-9X0')
	W=w$n
	start $W 80 24 TERM=$term
	choose $W wang
	unlock $W wang "$WANG"
	find_hh $W "${s}大"
	keys $W V
	see $W "^Visit to ${s}大, 石牌街道5${n}号 — step 1 of 9: Arrival" "$term: the title names the head and the address"
	keys $W Tab
	type_text $W "Zhang Qiang"
	see $W '^The second staff member +Zhang Qiang *$' "$term: a capital Q typed in a field is a letter: 'Zhang Qiang'"
	keys $W Enter
	see $W "step 2 of 9: Who is here" "$term: on to step 2"
	# mark the third and the fourth
	keys $W Down Down Space Down Space
	see $W "^${s}四 +\\[x\\]" "$term: ${s}三 and ${s}四 marked present"
	keys $W Enter
	see $W "step 3 of 9: Members and income" "$term: on to step 3"
	keys $W Down x
	see $W "^${s}二 left on" "$term: x asks for the date ${s}二 left"
	screen_has "${s}二 left on.*$DOORSTEP_TODAY" "$term: ... the date of the visit offered"
	keys $W C-u
	type_text $W "2026-13-01"
	keys $W Enter
	see $W "^${s}二 left on.*2026-13-01" "$term: a date that is no date keeps the question open, with what was typed"
	screen_has 'month' "$term: ... and says what is wrong"
	keys $W C-u
	type_text $W "2026-11-01"
	keys $W Enter
	see $W "^. ${s}二 +left on 2026-11-01 \\(u undoes\\)" "$term: ${s}二 is marked as left on that date"
	DR=$(draft_json "$HID")
	json_has "\"present\":\\[\"$ID_3\",\"$ID_4\"\\]" "$term: the draft's present IDs are still ${s}三's and ${s}四's"
	json_has "\"change\":\"left\",\"id_number\":\"$ID_2\",\"date\":\"2026-11-01\"" "$term: the draft says ${s}二 left, with the date"
	keys $W BTab
	see $W "step 2 of 9: Who is here" "$term: Shift-Tab back to step 2"
	screen_has "^${s}三 +\\[x\\]" "$term: after x, ${s}三 is still marked present"
	screen_has "^${s}四 +\\[x\\]" "$term: ... and ${s}四"
	screen_has "^${s}大 +\\[ \\]" "$term: ... and ${s}大 is not"
	screen_lacks "^${s}二 " "$term: ... and ${s}二, who left, is not listed"
	keys $W Enter
	see $W "step 3 of 9: Members and income" "$term: on to step 3 again"
	see $W "^> ${s}二 +left on" "$term: the cursor still on ${s}二"
	keys $W u
	see $W "^> ${s}二 +spouse" "$term: u undoes it: ${s}二 is back in the household, in their place"
	# a number on the household's file is not changed in a visit
	keys $W Enter
	see $W '^Name +'"${s}"'二' "$term: Enter opens ${s}二's form"
	keys $W Tab C-u
	type_text $W "$(id18 4401061962040${n}409)"
	keys $W Enter
	see $W "this number is on the household's file; a wrong number$" "$term: an ID number on file cannot be changed in a visit"
	keys $W Escape
	see $W "^> ${s}二 +spouse" "$term: Esc puts the form away, ${s}二 as before"
	DR=$(draft_json "$HID")
	json_has "$ID_2" "$term: ... and the draft still has ${s}二's number"
	keys $W x
	see $W "^${s}二 left on" "$term: x asks again"
	keys $W Escape
	see $W '^Put away: nothing changed\.' "$term: Esc: ${s}二 has not left"
	screen_has "^> ${s}二 +spouse" "$term: ... and is listed as before"
	# n, put away with Esc: only the form goes
	keys $W n
	see $W '^Name *$' "$term: n opens the form for someone new"
	keys $W Escape
	see $W '^Put away: nothing changed\.' "$term: Esc puts the new member's form away"
	screen_has "step 3 of 9: Members and income" "$term: ... and the visit stays open on step 3"
	screen_lacks 'saved as draft' "$term: ... it was not left"
	keys $W n
	see $W '^Name *$' "$term: n again"
	type_text $W "${s}小五"
	keys $W Tab
	type_text $W "$QIAN2"
	see $W "already in another household: 钱一's, at 石牌街道7号" "$term: the ID number of someone of another household is refused as it is typed, naming its head and address"
	screen_lacks "$QHID|members\\[|id_number" "$term: ... with no internal id or JSON path"
	keys $W C-u
	type_text $W "$BAD"
	see $W 'the check character does not match' "$term: a wrong check character is said as it is typed"
	keys $W C-u
	type_text $W "$NEW1"
	wait_gone $W 'check character' 5
	keys $W Enter
	see $W "^  ${s}小五 +child" "$term: ${s}小五 is added"
	keys $W BTab
	see $W "step 2 of 9: Who is here" "$term: back to step 2 after n"
	screen_has "^${s}三 +\\[x\\]" "$term: after n, ${s}三 is still marked present"
	screen_has "^${s}四 +\\[x\\]" "$term: ... and ${s}四"
	screen_has "^${s}二 +\\[ \\]" "$term: ... and ${s}二 is not"
	screen_has "^${s}小五 +\\[x\\]" "$term: ... and ${s}小五, found at home, is"
	keys $W Enter
	see $W "step 3 of 9" "$term: step 3"
	keys $W j j j j j
	see $W "^> ${s}小五 +child" "$term: the cursor on the new member"
	keys $W Enter
	see $W "^ID number +$NEW1" "$term: Enter opens the new member's form to correct it"
	keys $W Tab C-u
	type_text $W "$NEW2"
	keys $W Enter
	see $W "^. ${s}小五 +child" "$term: the corrected member is kept"
	DR=$(draft_json "$HID")
	json_has "\"present\":\\[\"$ID_3\",\"$ID_4\",\"$NEW2\"\\]" "$term: the draft's present has the corrected ID number"
	json_has "\"change\":\"joined\",\"id_number\":\"$NEW2\"" "$term: ... and joined names it too"
	# someone added by mistake is taken out again before the visit is recorded
	keys $W n
	see $W '^Name *$' "$term: n for a second new member"
	type_text $W "${s}小六"
	keys $W Tab
	type_text $W "$(id18 4401062021030${n}407)"
	keys $W Enter
	see $W "^. ${s}小六 +child" "$term: ${s}小六 is added"
	keys $W j j j j j j
	see $W "^> ${s}小六 +child" "$term: the cursor on ${s}小六"
	keys $W x
	see $W "^Take ${s}小六 out of the visit\\?" "$term: x on someone added at this visit asks to take them out"
	type_text $W "n"
	keys $W Enter
	see $W "^Press Enter to take them out, or Esc to keep them\\." "$term: answering n is not yes"
	screen_has "^. ${s}小六 +child" "$term: ... and ${s}小六 is still there"
	keys $W BSpace Enter
	see $W "^${s}小六 is taken out of the visit\\." "$term: Enter takes ${s}小六 out"
	screen_lacks "^. ${s}小六 " "$term: ... who is no longer listed"
	screen_has "^. ${s}小五 +child" "$term: ... and ${s}小五 still is"
	keys $W Tab
	see $W "step 4 of 9: Health and support" "$term: step 4, the facts at the door"
	keys $W Enter
	see $W "step 5 of 9: The home" "$term: step 5"
	keys $W Enter Enter Enter
	see $W "step 8 of 9: Observations" "$term: step 8, the observations"
	NOTE="The roof leaks over the back room and the family keeps the rice in plastic tubs; Qian from next door says the son sends money at New Year only."
	type_text $W "$NOTE"
	see $W 'New Year only\.' "$term: the long note is typed"
	n_rows=$(grep -c '^ \{20,\}[A-Za-z]' "$T/screen")
	if [ "$n_rows" -ge 1 ]; then ok "$term: the note wraps over several rows, all of it shown"
	else fail "$term: the note is on one row"; dump; fi
	screen_lacks '~' "$term: ... nothing of it cut"
	keys $W BTab
	see $W "step 7 of 9: Bills and statements" "$term: Shift-Tab from the text step goes back a step"
	DR=$(draft_json "$HID")
	json_has "NewYearonly" "$term: the draft keeps the note typed in step 7"
	keys $W Enter
	see $W "step 8 of 9: Observations" "$term: Enter: step 8 again"
	see $W 'New Year only\.' "$term: the note typed is still there"
	keys $W BTab
	see $W "step 7 of 9" "$term: back to step 7 once more"
	sleep 1
	pane_kill $W
	wait_for $W 'Pane is dead|^$' 5
	start ${W}b 80 24 TERM=$term
	choose ${W}b wang
	unlock ${W}b wang "$WANG"
	find_hh ${W}b "${s}大"
	keys ${W}b V
	see ${W}b "step 7 of 9" "$term: after kill -9 the visit goes on at step 7"
	keys ${W}b Enter
	see ${W}b 'New Year only\.' "$term: ... and step 7 has the note typed before the kill"
	keys ${W}b Enter
	see ${W}b "step 9 of 9: Consent" "$term: step 9"
	keys ${W}b Space Space
	see ${W}b "^Signed by +< ${s}三 >" "$term: ${s}三 signs"
	keys ${W}b Space
	see ${W}b "^Signed by +< ${s}四 >" "$term: Space: ${s}四 (14) chosen"
	keys ${W}b Enter
	see ${W}b "the person who signed must be at least 16" "$term: a child's signature is refused at step 8, in words"
	screen_lacks 'consent\.' "$term: ... naming no JSON path"
	keys ${W}b Left
	see ${W}b "^Signed by +< ${s}三 >" "$term: ← back to ${s}三"
	keys ${W}b Enter
	see ${W}b "^Visit to ${s}大, 石牌街道5${n}号 — recorded" "$term: the visit is recorded, with the corrected new member"
	screen_has "\\+ ${s}小五 joined the household" "$term: ... ${s}小五 joined"
	screen_lacks 'changes\[' "$term: ... no refusal about the changes"
	run "$D" household show "$HID" --json --show-id
	expect_out "$NEW2" "$term: the household file has the corrected ID number"
	if grep -q "$NEW1" "$T/out"; then fail "$term: the first, wrong ID number is in the file"
	else ok "$term: ... and not the first one"; fi
	if grep -q "$ID_2" "$T/out"; then ok "$term: ${s}二, whose leaving was undone, is still a member"
	else fail "$term: ${s}二 is gone from the file"; fi
	keys ${W}b Q
	exited ${W}b "$term: Q leaves"
}

visit vt100 1 赵
household 2 孙
visit xterm-256color 2 孙

# ---- a draft is its author's ----------------------------------------------------------

household 3 周
start w3 80 24 TERM=vt100
choose w3 wang
unlock w3 wang "$WANG"
find_hh w3 "周大"
keys w3 V
see w3 "^Visit to 周大, 石牌街道53号 — step 1 of 9" "wang starts a visit to 周大's household"
keys w3 Tab
type_text w3 "li"
# locked mid-visit, and unlocked by zhou: the visit stays wang's
keys w3 C-x
choose w3 zhou
see w3 "^  Passphrase for zhou: *$" "Ctrl-X mid-visit locks; zhou unlocks"
type_text w3 "$ZHOU"
keys w3 Enter
see w3 '^[0-9]+/[0-9]+ all: ' "zhou unlocks onto the caseload, not into wang's visit"
screen_lacks 'The second staff member|step 1 of 9' "... none of what wang typed shows"
keys w3 Q
exited w3 "Q leaves"
run "$D" visit resume "$(draft_json "$HID")"
if tr -d ' \n' < "$T/out" | grep -q '"steps":\[\["2026-11-27","li"'; then ok "wang's draft kept what wang typed before the lock"
else fail "the draft: $(tr -d ' \n' < "$T/out" | head -c 300)"; fi
start z3 80 24 TERM=xterm-256color
choose z3 zhou
unlock z3 zhou "$ZHOU"
find_hh z3 "周大"
keys z3 V
see z3 'in progress by wang \(draft [a-z0-9]+\): only wang' "zhou is told whose the draft is"
screen_lacks 'step 1 of 9' "... and does not take it over"
keys z3 Q
exited z3 "Q leaves"
run "$D" visit draft list
if grep -q ' wang' "$T/out" && ! grep -q ' zhou' "$T/out"; then ok "the draft is still wang's"
else fail "draft list: $(cat "$T/out")"; fi

finish
