#!/bin/sh
# t_tui_visit.sh — a home visit through the terminal interface, and what
# follows it, as the three people on a township laptop do it: wang the
# assistant visits 司马青山's household step by step (an invalid ID number
# rejected in place, then corrected), leaves mid-visit, the laptop dies
# (kill -9), and the visit goes on from the draft with what was typed; the
# visit is recorded, what changed and the assessment shown, and submitted.
# li the supervisor approves it from the review queue (wang may not: four
# eyes, said in words). A household refused earlier appeals at wang's
# desk; li gives the appeal to zhao, who overturns it. The visit in
# Chinese. Real program, tmux, 80×24, pinned LANG, TZ, HOME, TERM.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"

new_store visit wang assistant
WANG="correct horse battery visit"
WANGF=$DOORSTEP_PASSPHRASE_FILE
LI="li keeps her own passphrase"
ZHAO="zhao reviews appeals here"
LIF=$(passfile pass-li "$LI")
ZHAOF=$(passfile pass-zhao "$ZHAO")
DOORSTEP_NEW_PASSPHRASE_FILE="$LIF" run "$D" user add li --role supervisor
expect_rc 0 "li, a supervisor"
export DOORSTEP_USER=wang
DOORSTEP_NEW_PASSPHRASE_FILE="$ZHAOF" run "$D" user add zhao --role reviewer
expect_rc 0 "zhao, an appeal reviewer"
as_li() { DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LIF" "$D" "$@"; }

run "$D" demo --households 12 --seed 9
expect_rc 0 "a small demo caseload"

IDN=$(id18 44010619580707582)  # 司马青山, ends in 582X
KID=$(id18 44010620120309004)  # 司马小雨
NEW=$(id18 44010620190512003)  # 司马小草, born 2019, joins at the visit
BAD=$(printf '%s' "$NEW" | cut -c1-17)$(printf '%s' "$NEW" | cut -c18 | tr '0-9X' '1-9X0')
cat > "$T/sima.json" <<EOF
{"region": "440106", "address": "石牌街道华师社区88号",
 "members": [{"name": "司马青山", "id_number": "$IDN", "relation": "head",
              "categories": ["elderly"], "able_to_work": false, "incomes": []},
             {"name": "司马小雨", "id_number": "$KID", "relation": "child",
              "categories": [], "able_to_work": false, "incomes": []}],
 "assets": {"financial": "800", "vehicles": [], "homes": 1}}
EOF
run "$D" household add --json "$T/sima.json"
expect_rc 0 "司马青山's household added"
HID=$(tr -d '\n' < "$T/out")

# 李二's household was refused last week, and the family disagrees.
LI2=$(id18 44010619800505005)
cat > "$T/li2.json" <<EOF
{"region":"440106","address":"石牌街道2号","members":[{"name":"李二","id_number":"$LI2",
 "relation":"head","categories":[],"able_to_work":true,
 "incomes":[{"source":"wages","monthly":"3000"}]}],
 "assets":{"financial":"500","vehicles":[],"homes":1}}
EOF
run "$D" household add --json "$T/li2.json"
expect_rc 0 "李二's household added"
H2=$(tr -d '\n' < "$T/out")
printf '{"date":"2026-11-20","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-11-20"},"observations":"seen"}\n' \
	"$LI2" "$LI2" > "$T/v2.json"
run "$D" visit record "$H2" --json "$T/v2.json"
expect_rc 0 "李二's household visited"
run "$D" review submit "$H2"
expect_rc 0 "... and submitted"
run as_li review refuse "$H2" --reason "wages of 3,000 a month are above the standard"
expect_rc 0 "... and refused by li"

# choose NAME USER: on the "who is working" screen, moves to USER and
# chooses; then the passphrase is asked for.
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

# pane_kill NAME: kill -9 of the program in the pane, as when the battery dies.
pane_kill() {
	_pid=$(tm list-panes -t "$1" -F '#{pane_pid}')
	pkill -9 -P "$_pid" doorstep
}

# ---- wang: the visit -------------------------------------------------------------

start w1 80 24
choose w1 wang
unlock w1 wang "$WANG"
keys w1 /
type_text w1 "司马"
see_selected w1 24 '^司马青山 ' "the household found by name"
keys w1 Enter Enter
see w1 "^Household 司马青山 — $HID" "the household opens"
keys w1 V
see w1 "^Visit to 司马青山 — step 1 of 8: Arrival" "V starts a visit: step 1 of 8, arrival"
screen_has '^Date of the visit +2026-11-27' "the date of the visit is today"
screen_has '^The second staff member *$' "the second staff member is asked for, empty"
keys w1 Enter
see w1 '^ {20,}cannot be empty' "Enter with no second staff member: the message shows under the field"
screen_has 'step 1 of 8' "... and the visit stays on step 1"
type_text w1 "li"
see w1 '^The second staff member +li *$' "typing goes to the field the cursor was moved to"
screen_lacks 'two different staff' "typing clears the message"
keys w1 Enter
see w1 "step 2 of 8: Who is here" "Enter goes to step 2: who is here"
screen_has '^司马青山 +\[ \]' "the head is listed, not yet marked present"
screen_has '^司马小雨 +\[ \]' "... and the child"
keys w1 Enter
see w1 'say who of the household was there' "nobody marked: the step says so"
keys w1 Space
see w1 '^司马青山 +\[x\]' "Space marks the head present"
keys w1 Enter
see w1 "step 3 of 8: Members and income" "step 3: members and income"
screen_has '^> 司马青山 +head of household' "the members are listed, the cursor on the head"
screen_has '^  司马小雨 +child' "... and the child"
keys w1 n
see w1 '^Name *$' "n: a new member's form, with an empty name"
type_text w1 "司马小草"
keys w1 Tab
type_text w1 "$BAD"
keys w1 Enter
see w1 '^ +check character should be' "an invalid ID number is refused in place: the check character"
screen_has "^ID number +$BAD" "... the number typed stays to be corrected"
screen_has "step 3 of 8" "... and nothing moves on"
keys w1 C-u
type_text w1 "$NEW"
see w1 "^ID number +$NEW" "Ctrl-U clears the field and the right number is typed"
screen_lacks 'check character' "the message is gone"
keys w1 Enter
see w1 '^  司马小草 +child' "Enter keeps the new member: 司马小草 is listed as a child"
keys w1 Tab
see w1 "step 4 of 8: The home" "Tab goes on to step 4: the home"
type_text w1 "两间平房，屋里干净"
see w1 '^Housing and living conditions +两间平房，屋里干净' "the Chinese text is typed into the field"
# what was typed is saved when the keyboard is quiet for two seconds
sleep 3
pane_kill w1
wait_for w1 'Pane is dead|^$' 5
run "$D" visit draft list
expect_rc 0 "visit draft list after the kill"
expect_out "$HID" "the draft of the visit is there"

# ---- the visit goes on --------------------------------------------------------------

start w2 80 24
choose w2 wang
unlock w2 wang "$WANG"
keys w2 /
type_text w2 "司马"
keys w2 Enter V
see w2 "Going on with draft [a-z0-9]+ at step 4" "V on the caseload goes on with the draft, at step 4"
see w2 "^Visit to 司马青山 — step 4 of 8: The home" "the visit is on step 4"
screen_has '^Housing and living conditions +两间平房，屋里干净' "what was typed before the kill is in the field"
keys w2 Enter
see w2 "step 5 of 8: Assets" "Enter: step 5, assets"
screen_has '^Savings and other financial assets \(yuan\) +800\.00' "the savings as the file has them"
keys w2 C-u
type_text w2 "八百"
keys w2 Enter
see w2 "^ {20,}.*amount" "savings in words are refused in place"
keys w2 C-u
type_text w2 "1,200.50"
keys w2 Tab Tab
type_text w2 "一台旧电视"
keys w2 Enter
see w2 "step 6 of 8: Bills and statements" "step 6: bills and statements"
keys w2 Enter
see w2 "step 7 of 8: Observations" "step 7: observations"
type_text w2 "老人行动不便"
keys w2 Enter
see w2 "step 8 of 8: Consent and signature" "step 8: consent"
screen_has '^Signed by +< 司马青山 >' "the head signs, by default"
keys w2 Space
see w2 '^Signed by +< 司马小雨 >' "Space changes who signed"
keys w2 Enter
see w2 'must be a member who was there' "someone not marked present cannot have signed"
keys w2 Left
see w2 '^Signed by +< 司马青山 >' "← goes back to the head"
keys w2 Enter
see w2 "^Visit to 司马青山 — recorded" "the visit is recorded"
screen_has '^  \+ 司马小草 joined the household$' "what changed: 司马小草 joined"
screen_has '^  savings and other financial assets: 800\.00 → 1,200\.50$' "what changed: the savings, in words"
screen_has '^The assessment$' "the assessment follows"
screen_has '^  The household has 3 members\.$' "... counting the new member"
# long lines of the derivation wrap rather than being cut
screen_lacks '~$' "no line of the derivation is cut short"
screen_has '^    ' "a long line goes on, indented, on the next row"
w=$(sed -n '3,22p' "$T/screen" | LC_ALL=C.UTF-8 wc -L)
if [ "$w" -le 80 ]; then ok "every line fits 80 columns (the widest is $w)"
else fail "a line is $w columns wide"; dump; fi
keys w2 s
see w2 '^Submitted for review\.$' "s submits the case for review"
keys w2 q
see w2 '^司马青山 +石牌街道华师社区88号 +submitted ' "q goes back to the caseload, where the household is now submitted"
screen_has '1 for review' "... and counted for review in the title line"
run "$D" visit draft list
if grep -q "$HID" "$T/out"; then fail "the draft is still there after the visit was recorded"
else ok "the draft is gone once the visit is recorded"; fi

# wang may not approve what wang submitted: four eyes, in words.
keys w2 R
see w2 '^Review queue: 1 cases, oldest first — wang' "R: the review queue, with the case"
screen_has "^$HID 司马青山" "the case of 司马青山 is on it"
screen_has 'Proposal: ' "the proposal is shown"
screen_lacks '~$' "the derivation is wrapped, not cut"
keys w2 A
see w2 '^approve: wang submitted this case; four eyes: someone else must approve or' "A as wang is refused: four eyes, in words"
screen_has '^refuse it\.?$' "... the whole message shown, on two lines"
screen_has "^Review queue: 1 cases" "the case is still waiting"
keys w2 Q
exited w2 "Q leaves"

# ---- li approves ----------------------------------------------------------------------

start l1 80 24
choose l1 li
unlock l1 li "$LI"
keys l1 R
see l1 '^Review queue: 1 cases, oldest first — li' "li's review queue has the case"
screen_has 'Proposal: grant, submitted by wang' "the proposal and who submitted it"
screen_has '^ 1\. The standard for region 440106' "the derivation, numbered, from its first step"
keys l1 NPage
see l1 'Allowance: 1165\.00 × 3 − 0\.00 = 3495\.00' "PgDn scrolls the derivation to the allowance"
keys l1 A
see l1 "^$HID: done; the case is now: public notice$" "A approves: the public notice begins"
screen_has '^Review queue: 0 cases' "the queue is empty"
keys l1 q
see l1 '^司马青山 +石牌街道华师社区88号 +public notice ' "the caseload shows the public notice"
keys l1 Q
exited l1 "Q leaves"
finish
