#!/bin/sh
# t_tui_visit_facts.sh — the facts at the door recorded by the visit form
# (issue 19), in tmux at 80×24 under TERM=vt100: the step after the
# members shows one person at a time by ID number (Ctrl-N, Ctrl-P); a
# grade 5 typed on purpose is refused under its field, with what was
# typed kept; an illness not on the policy's list and a supporter without
# a relation, and an amount of spending in words likewise; the son is
# recorded with a grade-1 physical disability, no self-care and medical
# spending with its evidence, a supporter not able (with the reason) and
# one able, one taken off the list again; Shift-Tab back and forth, the
# draft after kill -9 and an old draft at "The home" each open on their
# own step; the visit is finished and `household show --json` has the
# facts. Once in Chinese (--lang zh_CN). Eight supporters stay within
# 80×24; the idle lock at this step leaves none of it in memory.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)

new_store vfacts wang assistant
WANG="correct horse battery vfacts"
export DOORSTEP_USER=wang
"$D" policy import "$TOP/tests/policy/sample.json" > /dev/null \
	|| fail "the sample policy (with a list of serious illnesses) is imported"

MOTHER=$(id18 44010619460315102) # 陈桂兰, head
SON=$(id18 44010619800101123)    # 陈大军
cat > "$T/chen.json" <<EOF
{"region": "440106", "address": "石牌街道9号",
 "members": [{"name": "陈桂兰", "id_number": "$MOTHER", "relation": "head",
              "categories": [], "able_to_work": false, "incomes": []},
             {"name": "陈大军", "id_number": "$SON", "relation": "child",
              "categories": [], "able_to_work": false, "incomes": []}],
 "assets": {"financial": "300", "vehicles": [], "homes": 1}}
EOF
run "$D" household add --json "$T/chen.json"
expect_rc 0 "陈桂兰's household added"
HID=$(tr -d '\n' < "$T/out")

pane_kill() {
	_pid=$(tm list-panes -t "$1" -F '#{pane_pid}')
	pkill -9 -P "$_pid" doorstep
}

# to_facts NAME: from the caseload, a visit to 陈桂兰 up to the facts step.
open_visit() {
	keys "$1" /
	type_text "$1" "陈桂兰"
	sleep 0.3
	keys "$1" Enter V
}

# json EXPR: a Python expression over the household's JSON (h) and its
# members by name (m), printed.
json() {
	"$D" household show "$HID" --json > "$T/h.json" 2> "$T/err"
	python3 -c "
import json, sys
h = json.load(open(sys.argv[1]))
m = {x['name']: x for x in h['members']}
print($1)" "$T/h.json" 2>&1
}
# json_is EXPR WANT DESCRIPTION
json_is() {
	_got=$(json "$1")
	if [ "$_got" = "$2" ]; then ok "$3"
	else fail "$3: $1 is '$_got', wanted '$2'"; fi
}

# ---- wang, under vt100 ---------------------------------------------------------------

start w 80 24 TERM=vt100
unlock w wang "$WANG"
open_visit w
see w "^Visit to 陈桂兰, 石牌街道9号 — step 1 of 9: Arrival" "the visit has nine steps"
keys w Tab
type_text w "li"
keys w Enter
see w "step 2 of 9: Who is here" "step 2"
keys w Space Enter
see w "step 3 of 9: Members and income" "step 3"
keys w Tab
see w "step 4 of 9: Health and support" "after the members: the facts at the door, step 4"
screen_has "^陈桂兰, \\*+[0-9X]{4}: person 1 of 2 \\(Ctrl-N next, Ctrl-P previous\\)" "one person at a time, by name and masked ID number"
screen_lacks "$MOTHER" "... the ID number is not shown whole"
screen_has "^Disability grade *$" "the grade, empty: no disability"
screen_has "^Type of disability +< no disability >" "the type, none"
screen_has "^Obliged to support the household: none listed" "no supporters yet"
screen_has "^Supporter's name" "the supporter's form under the list"
if [ "$(wc -l < "$T/screen")" -le 24 ] && line 24 | grep -q 'Ctrl-N next person'; then
	ok "the step fits 80×24 and the hint line names Ctrl-N"
else fail "the hint line is '$(line 24)'"; dump; fi

# the son: Ctrl-N
keys w C-n
see w "^陈大军, \\*+[0-9X]{4}: person 2 of 2" "Ctrl-N: the next person, 陈大军"
# grade 5, on purpose
type_text w "5"
keys w Down Space Down
type_text w "uremia"
keys w C-p
see w "^ +must be 1 to 4" "grade 5: 'must be 1 to 4' under the grade, in place"
screen_has "^陈大军, .*person 2 of 2" "... and the person stays on screen"
screen_has "^Disability grade +5 *$" "... with the 5 as typed"
screen_has "^Serious illness +uremia" "... and the illness typed kept"
keys w C-u
type_text w "1"
# an illness not on the policy's list
keys w Down Down C-u
type_text w "flu"
keys w C-n
see w "^ +flu is not on this policy's list of serious" "an illness not on the list: said under the field"
keys w C-u
keys w Down Space Space Space
see w "^Self-care +< cannot look after themselves >" "self-care: none"
# rigid spending: an amount in words refused in place, then in figures
keys w Down Down
type_text w "三万"
keys w C-p
wait_for w "^Medical, yuan a year +三万" 5
if grep -A1 "^Medical, yuan a year" "$T/screen" | sed -n 2p | grep -Eq '^ {10,}[a-z]'; then
	ok "an amount in words: the error under the medical spending"
else fail "no error under the medical spending"; dump; fi
screen_has "^陈大军, .*person 2 of 2" "... and the person stays on screen"
keys w C-u
type_text w "30000"
keys w Down Down Down
type_text w "dialysis receipts"
keys w C-p
see w "^陈桂兰, .*person 1 of 2" "Ctrl-P: back to 陈桂兰, the son's facts taken"
keys w C-n
see w "^Disability grade +1 *$" "the son's grade kept"
screen_has "^Type of disability +< physical >" "... his type"
screen_has "^Self-care +< cannot look after themselves >" "... his self-care"
screen_has "^Medical, yuan a year +30000\\.00 *$" "... his medical spending"
screen_has "^Evidence of it +dialysis receipts *$" "... and its evidence"

# supporters: a name without a relation, refused in place
keys w Down Down Down Down Down Down Down Down Down
type_text w "陈二军"
keys w Enter
see w "^How related *$" "Enter with a name only"
wait_for w "^ +is missing|^ +.*(empty|required|needed)" 5
if grep -A1 "^How related" "$T/screen" | sed -n 2p | grep -Eq '^ {10,}[a-z]'; then
	ok "a supporter without a relation: the error under 'How related'"
else fail "no error under the relation"; dump; fi
screen_has "^Supporter's name +陈二军" "... and the name typed is kept"
type_text w "son of 陈桂兰" # the cursor is on the field that was wrong
keys w Down Down
type_text w "disabled himself"
keys w Enter
see w "^Obliged to support the household \\(1\\):" "the supporter is listed"
screen_has "^  1\\. 陈二军 +son of 陈桂兰; not able to support them: disabled himself" "... not able, with the reason"
# a second, able; then a third, taken off again
type_text w "陈小红"
keys w Down
type_text w "daughter"
keys w Down Space Enter
see w "^  2\\. 陈小红 +daughter; able to support them" "a second supporter, able"
type_text w "王五"
keys w Down
type_text w "neighbour"
keys w Enter
see w "^  3\\. 王五 +neighbour" "a third"
keys w Up
see w "Enter change  x remove" "on a supporter's row the hint names x"
keys w x
see w "Take 王五 off the list of supporters\\?" "x asks"
keys w Enter
see w "王五 is taken off the list of supporters" "... and takes 王五 off"
screen_lacks "^ *3\\. 王五" "... who is no longer listed"

# Shift-Tab on the first field goes back a step; the facts come back
keys w Up Up Up Up Up Up Up Up Up Up Up Up Up Up BTab
see w "step 3 of 9: Members and income" "Shift-Tab from the first field: back to the members"
keys w Tab
see w "step 4 of 9: Health and support" "Tab: the facts again"
screen_has "^  2\\. 陈小红" "the supporters kept"

# the draft: half-typed, then kill -9
keys w C-n
see w "^陈大军, .*person 2 of 2" "陈大军 again"
keys w Down Down Down Down Down Down Down Down Down Down Down
type_text w "李"
sleep 2.5 # typing pauses: the draft is saved
pane_kill w
start w2 80 24 TERM=vt100
unlock w2 wang "$WANG"
open_visit w2
see w2 "step 4 of 9: Health and support" "after kill -9: the visit goes on at the facts step"
screen_has "^陈大军, .*person 2 of 2" "... on the same person"
screen_has "^Supporter's name +李" "... with the half-typed supporter"
keys w2 C-u Enter
see w2 "step 5 of 9: The home" "Enter: step 5, the home"
keys w2 Enter
see w2 "step 6 of 9: Assets" "step 6"
keys w2 Enter Enter Enter
see w2 "step 9 of 9: Consent" "step 9, consent"
keys w2 Enter
see w2 "^The visit is recorded\\." "the visit is recorded"
screen_has "^  陈大军: disability none → grade 1, physical$" "what changed: his disability"
screen_has "^  陈大军: self-care not recorded → cannot look after themselves$" "... his self-care"
screen_has "^  陈大军: rigid spending 0\\.00 → 30,000\\.00 a year$" "... his rigid spending"
screen_has "^  obliged to support the household: 0 → 2 \\(able to: 0 → 1\\)$" "... and the supporters"
keys w2 Q
exited w2 "Q leaves"

json_is "m['陈大军'].get('disability')" "{'grade': 1, 'type': 'physical'}" "stored: the son's disability, grade 1 physical"
json_is "m['陈大军'].get('self_care')" "none" "stored: his self-care, none"
json_is "m['陈桂兰'].get('disability')" "None" "stored: no disability for his mother"
json_is "[(r['member'] == '$SON', r['kind'], r['annual'], r.get('evidence')) for r in h.get('rigid_expenses', [])]" \
	"[(True, 'medical', '30000.00', 'dialysis receipts')]" "stored: his medical spending, with its evidence"
json_is "[(s['name'], s['relation'], s['able'], s.get('reason', '')) for s in h.get('supporters', [])]" \
	"[('陈二军', 'son of 陈桂兰', False, 'disabled himself'), ('陈小红', 'daughter', True, '')]" \
	"stored: the two supporters, one not able with the reason, one able"
run "$D" household show "$HID"
expect_out "^     Disability: grade 1, physical$" "household show: the disability in words"
expect_out "陈二军 +son of 陈桂兰; not able to support them: disabled himself$" "household show: the supporter not able"

# ---- an old draft saved at "The home" (step 4 of 8 then) opens there -----------------

cat > "$T/part.json" <<EOF
{"date": "2026-11-27", "staff": ["wang", "li"], "present": ["$MOTHER"],
 "housing": "two rooms"}
EOF
run "$D" visit draft save "$HID" --json "$T/part.json" --step 3
expect_rc 0 "a draft as an older program saved it, at The home (number 3)"

# ---- in Chinese ----------------------------------------------------------------------

DARGS="--lang zh_CN"
start zh 80 24 TERM=vt100
DARGS=
see zh '口令' "--lang zh_CN: the passphrase asked for in Chinese"
type_text zh "$WANG"
keys zh Enter
see zh '^[0-9]+/[0-9]+ 全部：' "the caseload in Chinese"
open_visit zh
see zh "第 5 步，共 9 步：" "the old draft opens on its own step (the home, now shown as step 5)"
keys zh PPage
see zh "第 4 步，共 9 步：残疾、疾病与赡养" "PgUp: the facts step in Chinese"
screen_has "^陈桂兰，\\*+[0-9X]{4}：第 1 人，共 2 人" "one person at a time, in Chinese"
screen_has "^残疾等级( |$)" "残疾等级"
screen_has "^生活自理能力 " "生活自理能力"
screen_has "^赡养、抚养、扶养义务人（2 人）：" "the supporters' heading, the household screen's words"
screen_has "陈二军 +son of 陈桂兰；无赡养抚养扶养能力：disabled himself" "the supporter not able, in Chinese"
screen_has "^义务人姓名" "the supporter's form in Chinese"
if line 24 | grep -q '^Ctrl-N 下一人'; then ok "the hint line in Chinese"
else fail "the Chinese hint line is '$(line 24)'"; fi
keys zh C-n
keys zh C-u
type_text zh "5"
keys zh Enter
see zh "^ +须为1至4" "grade 5 in Chinese: 须为1至4 under the field"
keys zh Escape
see zh "^入户调查已存为草稿 " "Esc saves the draft and leaves"
keys zh Q
exited zh "Q leaves"

# ---- many supporters: the step stays within the screen -------------------------------

HEAD8=$(id18 44010619500505205)
{
	printf '{"region": "440106", "address": "石牌街道8号", "members": [{"name": "周八", "id_number": "%s", "relation": "head", "categories": [], "able_to_work": false, "incomes": []}], "supporters": [' "$HEAD8"
	for k in 1 2 3 4 5 6 7 8; do
		[ $k -gt 1 ] && printf ', '
		printf '{"name": "周子%s", "relation": "son %s", "able": false, "reason": "far away"}' $k $k
	done
	printf '], "assets": {"financial": "100", "vehicles": [], "homes": 1}}\n'
} > "$T/zhou8.json"
run "$D" household add --json "$T/zhou8.json"
expect_rc 0 "周八's household, with eight supporters"
start w8 80 24 TERM=vt100
unlock w8 wang "$WANG"
keys w8 /
type_text w8 "周八"
sleep 0.3
keys w8 Enter V
see w8 "step 1 of 9" "a visit to 周八"
keys w8 Tab
type_text w8 "li"
keys w8 Enter
see w8 "step 2 of 9" "step 2"
keys w8 Space Enter
see w8 "step 3 of 9" "step 3"
keys w8 Tab
see w8 "step 4 of 9: Health and support" "the facts step"
screen_has "^Obliged to support the household \\(8\\):" "eight supporters"
screen_has "^  1\\. 周子1 " "the first listed"
screen_has "^  and [0-9]+ more \\(↑↓ shows them\\)" "the rest counted on one line"
screen_has "^Why not able" "... and the supporter's form still on the screen"
screen_lacks "周子8" "... the last not shown yet"
keys w8 Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down
see w8 "^> 8\\. 周子8 " "↓ down the list: the last supporter shown, the cursor on it"
screen_lacks "^  1\\. 周子1 " "... the first scrolled away"
screen_has "^Why not able" "... the form still on the screen"
keys w8 Escape
see w8 "The visit is saved as draft" "Esc saves and leaves"
keys w8 Q
exited w8 "Q leaves"

# ---- the idle lock at the facts step: nothing of them left in memory ------------------

if [ "$(id -u)" = 0 ] && ! nm "$D" 2> /dev/null | grep -q '__asan_init'; then
	printf '%s\n' 陈桂兰 陈大军 陈二军 陈小红 "$MOTHER" "$SON" "disabled himself" \
		"dialysis receipts" 欧阳清风 在外地打工 > "$T/needles"
	start lk 80 24 TERM=vt100 DOORSTEP_IDLE_SECONDS=5
	unlock lk wang "$WANG"
	open_visit lk
	see lk "step 4 of 9: Health and support" "the draft Esc left in Chinese opens at the facts step"
	keys lk Down Down Down Down Down Down Down Down Down Down Down
	type_text lk "欧阳清风"
	keys lk Down
	type_text lk "外甥"
	keys lk Down Down
	type_text lk "在外地打工"
	see lk "^Why not able +在外地打工" "a supporter half typed"
	if wait_for lk "^  Passphrase for wang: *$" 20; then ok "left alone: the screen locks"
	else fail "the screen did not lock"; dump; fi
	_pid=$(pgrep -P "$(tm list-panes -t lk -F '#{pane_pid}')" -x doorstep)
	"$TOOLS/memgrep" "$_pid" -f "$T/needles" > "$T/mem" 2> "$T/mem.err"
	if [ $? = 1 ]; then ok "locked: none of the names, ID numbers, reasons or the supporter typed is in memory"
	else fail "locked: memgrep found: $(head -c 1500 "$T/mem") $(cat "$T/mem.err")"; fi
	type_text lk "$WANG"
	keys lk Enter
	see lk "^Why not able +在外地打工" "unlocked: the supporter as typed, from the draft"
	screen_has "^Supporter's name +欧阳清风" "... the name too"
	screen_has "^  1\\. 陈二军 " "... and the supporters listed"
	keys lk Escape
	see lk "The visit is saved as draft" "Esc saves and leaves"
	keys lk Q
	exited lk "Q leaves"
else
	echo "# the memory check needs root and a build without AddressSanitizer: skipped"
fi

finish
