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
 "supporters": [{"name": "司马大山", "relation": "司马小雨之父", "able": true}],
 "assets": {"financial": "800", "vehicles": [], "homes": 1}}
EOF
# (the children's father, working in the city, can support them: dibao
# by difference-filling, not destitute support)
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
see w1 "^Visit to 司马青山, 石牌街道华师社区88号 — step 1 of 9: Arrival" "V starts a visit: step 1 of 9, arrival"
screen_has '^Date of the visit +2026-11-27' "the date of the visit is today"
screen_has '^The second staff member *$' "the second staff member is asked for, empty"
keys w1 Enter
see w1 '^ {20,}cannot be empty' "Enter with no second staff member: the message shows under the field"
screen_has 'step 1 of 9' "... and the visit stays on step 1"
type_text w1 "li"
see w1 '^The second staff member +li *$' "typing goes to the field the cursor was moved to"
screen_lacks 'two different staff' "typing clears the message"
keys w1 Enter
see w1 "step 2 of 9: Who is here" "Enter goes to step 2: who is here"
screen_has '^司马青山 +\[ \]' "the head is listed, not yet marked present"
screen_has '^司马小雨 +\[ \]' "... and the child"
keys w1 Enter
see w1 'say who of the household was there' "nobody marked: the step says so"
keys w1 Space
see w1 '^司马青山 +\[x\]' "Space marks the head present"
keys w1 Enter
see w1 "step 3 of 9: Members and income" "step 3: members and income"
screen_has '^> 司马青山 +head of household' "the members are listed, the cursor on the head"
screen_has '^  司马小雨 +child' "... and the child"
keys w1 n
see w1 '^Name *$' "n: a new member's form, with an empty name"
type_text w1 "司马小草"
keys w1 Tab
type_text w1 "$BAD"
keys w1 Enter
see w1 '^ +the check character does not match' "an invalid ID number is refused in place: the check character"
screen_has "^ID number +$BAD" "... the number typed stays to be corrected"
screen_has "step 3 of 9" "... and nothing moves on"
keys w1 C-u
type_text w1 "$NEW"
see w1 "^ID number +$NEW" "Ctrl-U clears the field and the right number is typed"
screen_lacks 'check character' "the message is gone"
keys w1 Enter
see w1 '^  司马小草 +child' "Enter keeps the new member: 司马小草 is listed as a child"
keys w1 Tab
see w1 "step 4 of 9: Health and support" "Tab goes on to step 4: the facts at the door"
keys w1 Enter
see w1 "step 5 of 9: The home" "Tab goes on to step 5: the home"
type_text w1 "两间平房，屋里干净"
see w1 '^Housing and living conditions +两间平房，屋里干净' "the Chinese text is typed into the field"
tm resize-window -t w1 -x 100 -y 30
see w1 '^Housing and living conditions +两间平房，屋里干净' "resized to 100×30 mid-visit: the text typed is still there"
tm resize-window -t w1 -x 80 -y 24
see w1 '^Housing and living conditions +两间平房，屋里干净' "... and back at 80×24"
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
see w2 "Going on with draft [a-z0-9]+ at step 5" "V on the caseload goes on with the draft, at step 5 (the home)"
see w2 "^Visit to 司马青山, 石牌街道华师社区88号 — step 5 of 9: The home" "the visit is on step 5"
screen_has '^Housing and living conditions +两间平房，屋里干净' "what was typed before the kill is in the field"
keys w2 Enter
see w2 "step 6 of 9: Assets" "Enter: step 6, assets"
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
see w2 "step 7 of 9: Bills and statements" "step 7: bills and statements"
keys w2 Enter
see w2 "step 8 of 9: Observations" "step 8: observations"
type_text w2 "老人行动不便"
keys w2 Enter
see w2 "step 9 of 9: Consent and signature" "step 9: consent"
screen_has '^Signed by +< 司马青山 >' "the head signs, by default"
keys w2 Space
see w2 '^Signed by +< 司马小雨 >' "Space changes who signed"
keys w2 Enter
see w2 'must be a member who was there' "someone not marked present cannot have signed"
keys w2 Left
see w2 '^Signed by +< 司马青山 >' "← goes back to the head"
keys w2 Enter
see w2 "^Visit to 司马青山, 石牌街道华师社区88号 — recorded" "the visit is recorded"
screen_has '^  \+ 司马小草 joined the household$' "what changed: 司马小草 joined"
screen_has '^  savings and other financial assets: 800\.00 → 1,200\.50$' "what changed: the savings, in words"
screen_has '^The assessment$' "the assessment follows"
screen_has '^  Members of the household: 3\.$' "... counting the new member"
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
screen_has "^司马青山 +石牌街道华师社区88号" "the case of 司马青山 is on it, with its address"
screen_lacks "$HID" "no internal household id in the list"
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
screen_has 'Proposal: grant the allowance, submitted by wang' "the proposal and who submitted it"
screen_has '^ 1\. The standard for region Tianhe District' "the derivation, numbered, from its first step"
keys l1 NPage
see l1 'Allowance: 1165\.00 × 3 − 0\.00 = 3495\.00' "PgDn scrolls the derivation to the allowance"
keys l1 A
see l1 '^Approve\?' "A asks to confirm before approving"
keys l1 Enter
see l1 "^$HID: done; the case is now: public notice$" "A approves: the public notice begins"
screen_has '^Review queue: 0 cases' "the queue is empty"
keys l1 q
see l1 '^司马青山 +石牌街道华师社区88号 +public notice ' "the caseload shows the public notice"
keys l1 Q
exited l1 "Q leaves"

# ---- an appeal: filed at wang's desk, given to zhao by li, decided by zhao ------------

start w3 80 24
choose w3 wang
unlock w3 wang "$WANG"
keys w3 /
type_text w3 "李二"
keys w3 Enter Enter
see w3 "^Household 李二 — $H2" "wang opens 李二's household, refused last week"
keys w3 F
see w3 '^Why does the household disagree\?' "F asks why the household disagrees"
type_text w3 "工厂十月已经停工，没有工资了"
keys w3 Enter
see w3 '^The appeal is filed; it is in the appeals list\.$' "the appeal is filed"
keys w3 F
see w3 '^file an appeal: an appeal is already open for this case$' "a second appeal while one is open is refused, in words"
keys w3 q
see w3 '1 appeals' "the caseload counts the appeal"
keys w3 P
see w3 '^Appeals: 1 open, nearest deadline first — wang' "P: the appeals, with 李二's"
keys w3 a
see w3 '^give an appeal to a reviewer: as assistant you cannot give an appeal to a' "wang (assistant) may not give an appeal to a reviewer: said in words"
keys w3 Q
exited w3 "Q leaves"

start l2 80 24
choose l2 li
unlock l2 li "$LI"
keys l2 P
see l2 '^Appeals: 1 open, nearest deadline first — li' "li's appeals list"
screen_has "^李二 +2026-12-2[0-9] +[^ ]" "the appeal with its deadline, not overdue, then the address"
screen_lacks 'OVERDUE' "nothing overdue"
screen_has '^Appeal against: refuse the application \(proposed by wang, decided by li\)' "the decision under appeal and who made it"
see l2 'wages of 3000\.00 yuan a month' "... and its derivation (drawn after the list: waited for, not read from the first screen)"
keys l2 O
see l2 '^decide an appeal: as supervisor you cannot decide an appeal; it needs: appeal' "li (supervisor) may not decide the appeal: said at once, before a reason is typed"
keys l2 U
see l2 '^decide an appeal: as supervisor' "... nor uphold it"
keys l2 a
see l2 '^Give it to' "a asks whom to give it to"
type_text l2 "zhao"
keys l2 Enter
see l2 "^$H2: done; the case is now: refused" "li gives the appeal to zhao"
see l2 'reviewer: zhao' "the appeal shows its reviewer"
keys l2 Q
exited l2 "Q leaves"

start z1 80 24
choose z1 zhao
unlock z1 zhao "$ZHAO"
keys z1 P
see z1 '^Appeals: 1 open, nearest deadline first — zhao' "zhao's appeals list"
keys z1 O
see z1 '^Why overturn' "O asks why"
keys z1 Escape
see z1 '^Put away: nothing was decided\.$' "Esc puts the question away: nothing decided"
keys z1 O
keys z1 Enter
see z1 '^the reason: a reason is needed for this step' "an empty reason is refused, in words"
keys z1 O
type_text z1 "十月起已无工资收入，重新调查"
keys z1 Enter
see z1 "^$H2: done; the case is now: investigating" "zhao overturns: the case goes back to investigation"
see z1 '^Appeals: 0 open' "no open appeal remains"
keys z1 q
see z1 '^李二 +石牌街道2号 +investigating' "the caseload shows 李二 under investigation again"
keys z1 Q
exited z1 "Q leaves"
# ---- the visit in Chinese ------------------------------------------------------------

start zh 80 24 LANG=zh_CN.UTF-8
see zh '^doorstep — ' "LANG=zh_CN.UTF-8: the interface opens"
_i=0
while [ $_i -lt 5 ]; do
	selected zh 24 > "$T/sel"
	grep -Eq "^  wang *$" "$T/sel" && break
	keys zh Down
	sleep 0.1
	_i=$((_i + 1))
done
keys zh Enter
see zh '^  wang 的口令：' "wang's passphrase asked for in Chinese"
type_text zh "$WANG"
keys zh Enter
see zh '^[0-9]+/[0-9]+ 全部：' "the caseload in Chinese"
keys zh /
type_text zh "李二"
keys zh Enter V
see zh '^入户调查 李二，石牌街道2号 — 第 1 步，共 9 步：到达' "V: the visit in Chinese, step 1 of 9"
screen_has '^入户调查日期 +2026-11-27' "the date field, labelled in Chinese"
screen_has '^同行的第二名工作人员 *$' "the second staff member, labelled in Chinese"
# the fields start in the same display column, after the widest label
c1=$(grep '^入户调查日期 ' "$T/screen" | sed -E 's/2026-11-27.*//' | LC_ALL=C.UTF-8 wc -L)
if [ "$c1" -eq "$(( $(printf '同行的第二名工作人员' | LC_ALL=C.UTF-8 wc -L) + 3 ))" ]; then
	ok "the fields start after display column $c1, past the widest Chinese label"
else fail "the date field starts at column $c1"; dump; fi
if line 24 | grep -q '^Tab 下一栏  Shift-Tab 上一栏  Enter 下一步'; then ok "the hint line in Chinese"
else fail "the Chinese hint line is '$(line 24)'"; fi
keys zh Tab
type_text zh "李四"
see zh '^同行的第二名工作人员 +李四' "Chinese typed into the field"
keys zh BSpace
see zh '^同行的第二名工作人员 +李 *$' "Backspace removes one Chinese character"
keys zh Up
type_text zh "x"
see zh '^入户调查日期 +2026-11-27x' "↑ goes to the field above (the date)"
keys zh BSpace Down
type_text zh "x"
see zh '^同行的第二名工作人员 +李x *$' "↓ goes to the field below, what was typed in it kept"
keys zh BSpace
see zh '^入户调查日期 +2026-11-27 *$' "... and the date is as it was"
screen_has '^同行的第二名工作人员 +李 *$' "... and so is the second staff member"
keys zh F1
see zh '^帮助：入户调查' "F1: the visit's help in Chinese"
screen_has '^Tab、↓ +下一栏；↑ 上一栏$' "... listing its keys"
keys zh q
see zh '^入户调查 李二，石牌街道2号 — 第 1 步' "q leaves the help, back to the visit"
screen_has '^同行的第二名工作人员 +李 *$' "what was typed is still there"
keys zh Escape
see zh '^入户调查已存为草稿 [a-z0-9]+；在户页面按 V 接着做。' "Esc: saved as a draft, said in Chinese"
keys zh Q
exited zh "Q leaves"

run "$D" audit verify
expect_rc 0 "the log of everything done through the interface verifies"
finish
