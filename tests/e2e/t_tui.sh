#!/bin/sh
# t_tui.sh — the terminal interface, driven as a caseworker would: the real
# program in tmux at 80×24 (pinned LANG, TZ, HOME, TERM), keys sent, screens
# captured and compared. Unlock (a wrong passphrase waits, then the right
# one), the user chosen first when there are two, search as you type by name
# and by the last 4 characters of an ID number, a household with its ID
# numbers masked until `i`, help, an unknown key, due work, the caseload in
# Chinese with its columns aligned, a resize to 100×30 and back, TERM=vt100
# and xterm-256color, the idle lock giving back the same screen, and q / Q
# leaving the program.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"

# ---- the store: a known demo caseload and one household of our own -------------

new_store tui
PASS="correct horse battery tui"
run "$D" demo --households 40 --seed 5
expect_rc 0 "a demo caseload of 40 households (seed 5)"
IDN=$(id18 44010619580707582) # ends in 582X
KID=$(id18 44010620120309004)
KID4=$(printf '%s' "$KID" | cut -c15-18)
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
MASKED="\\*{14}582X"
run "$D" household list --json
N_ALL=$(grep -o '"id":' "$T/out" | wc -l)
N_REC=$(grep -o '"status":"receiving"' "$T/out" | wc -l)
run "$D" due
N_DUE=$(grep -Ec '^[ !] [0-9]{4}-' "$T/out")
N_OVERDUE=$(grep -c '^!' "$T/out")

# ---- unlock, the caseload, search, a household, help: 80×24, xterm-256color ------

start main 80 24
see main '^  Passphrase for wang: *$' "the interface opens with the passphrase for the only user (no user to choose)"
screen_lacks 'who is working' "with one user, no user is chosen"

# A wrong passphrase: said so, and a wait before it is asked again; longer
# the second time.
type_text main "not the passphrase"
sleep 0.3
shot main
screen_lacks 'not the passphrase' "the passphrase is not echoed"
t0=$(now_ms)
keys main Enter
see main 'Wrong passphrase \(1 tries\)' "a wrong passphrase says so"
wait_for main '^  Passphrase for wang:' 15
t1=$(now_ms)
screen_has 'Wrong passphrase \(1 tries\)\. Try again\.' "the passphrase is asked again under the wrong-passphrase line"
if [ $((t1 - t0)) -ge 1000 ]; then ok "a wrong passphrase waits before asking again ($((t1 - t0)) ms)"
else fail "a wrong passphrase is asked again after $((t1 - t0)) ms, wanted at least 1 s"; fi
type_text main "still not it"
t0=$(now_ms)
keys main Enter
see main 'Wrong passphrase \(2 tries\)' "the second wrong passphrase is counted"
wait_for main '^  Passphrase for wang:' 15
t1=$(now_ms)
if [ $((t1 - t0)) -ge 2000 ]; then ok "the second wrong passphrase waits longer ($((t1 - t0)) ms)"
else fail "the second wrong passphrase is asked again after $((t1 - t0)) ms, wanted at least 2 s"; fi

type_text main "$PASS"
keys main Enter
see main "^$N_ALL/$N_ALL all: $N_REC receiving, [0-9]+ withdrawing, [0-9]+ for review, [0-9]+ appeals, [0-9]+ due" \
	"the right passphrase shows the caseload, with counts in the title line ($N_ALL households, $N_REC receiving)"
# the whole screen drawn: the hint bar is the last line painted
wait_for main '^\? help ' 10
if line 2 | grep -Eq '^Head {7}Address {20}Status {15}Allowance Next due$'; then
	ok "the header: Head, Address, Status, Allowance, Next due in their columns"
else fail "the header line is '$(line 2)'"; fi
# (an application has no allowance yet, but a first visit due)
rows=$(sed -n '3,22p' "$T/screen" | grep -Ec '^[^ ]+ +[^ ].*( [0-9,]+\.[0-9]{2}| {10}) [0-9]{4}-[0-9]{2}-[0-9]{2}$')
if [ "$rows" -eq 20 ]; then ok "20 households fill rows 3-22: head, address, status, allowance (if any), due date"
else fail "$rows of rows 3-22 are household lines:"; dump; fi
if sed -n '3,22p' "$T/screen" | grep -Eo '[0-9]{4}-[0-9]{2}-[0-9]{2}$' | sort -c 2> /dev/null; then
	ok "sorted by next due date"
else fail "the rows are not in due-date order"; fi
if line 24 | grep -Eq '^\? help  / search  g due  V visit  R reviews  P appeals  E relief  Q quit *$'; then ok "the hint bar shows the keys: help first, then the caseload's own (the relief queue too), no q back on the first screen, and Q quit last, its room kept (Enter open gives way at 80 columns)"
else fail "the hint line is '$(line 24)'"; fi
first=$(line 3 | cut -d' ' -f1)
see_selected main 24 "^$first " "the cursor is on the first row, in reverse video"
keys main j
second=$(line 4 | cut -d' ' -f1)
see_selected main 24 "^$second " "j moves the cursor down a row"
keys main Down
third=$(line 5 | cut -d' ' -f1)
see_selected main 24 "^$third " "↓ moves the cursor down a row"
keys main k
see_selected main 24 "^$second " "k moves it back up"

# Search as you type: by the last 4 characters of an ID number (the check
# character in capitals), then by name from elsewhere in the list.
keys main /
see main '^/$' "/ opens the search line"
type_text main "582X"
see main '^/582X$' "the search line shows what is typed"
see_selected main 24 '^司马青山 ' "searching the last 4 characters of an ID number (582X) moves the cursor to its household"
keys main Enter
wait_gone main '^/582X' 5
see_selected main 24 '^司马青山 ' "Enter ends the search on the match"
keys main Enter
see main "^Household 司马青山 — $HID" "Enter opens the household: its title names the head and the id"
screen_has "^  司马青山 +$MASKED  head of household" "the head's ID number is masked except the last 4"
screen_has "^  司马小雨 +\\*{14}$KID4  child" "every member's ID number is masked except the last 4"
screen_lacks "$IDN" "the full ID number is not on the screen"
if line 24 | grep -q 'i ID numbers'; then ok "the household's hint bar offers i"
else fail "the household's hint line is '$(line 24)'"; fi
keys main i
see main "^  司马青山 +$IDN  head of household" "i shows the full ID number"
screen_has "^  司马小雨 +$KID  child" "... of every member"
keys main i
see main "^  司马青山 +$MASKED  head" "i again masks it"
keys main '?'
see main '^Help: the keys of this screen' "? opens help for the household"
screen_has '^  i +show or hide full ID numbers$' "the household's help lists i"
screen_has '^  Tab +next section$' "... and Tab between sections"
keys main q
see main "^Household 司马青山" "q leaves help, back to the household"
keys main q
see main '^[0-9]+/[0-9]+ all: ' "q goes back from the household to the caseload"
see_selected main 24 '^司马青山 ' "the cursor is still on the household"

keys main k k k k k
see_selected main 24 '^[^司]' "the cursor moves away from 司马青山"
keys main /
see main '^/$' "/ starts a new search"
type_text main "司马"
see main '^/司马$' "Chinese typed into the search line"
see_selected main 24 '^司马青山 ' "searching by name (司马) finds the household as you type"
keys main Escape
wait_gone main '^/司马' 5
keys main Enter
see main "^Household 司马青山 — $HID" "and Enter opens it"
keys main q
see main '^[0-9]+/[0-9]+ all: ' "back to the caseload"
keys main /
type_text main "no such name"
keys main Enter
see main '^Not found: no such name$' "a search that matches nothing says Not found"

# Help for the caseload, generated from the key table.
keys main '?'
see main '^Help: the keys of this screen' "? opens help for the caseload"
screen_has '^  / +search as you type$' "help lists / search as you type"
screen_has '^  Q +quit' "help lists Q"
screen_lacks 'show or hide full ID numbers' "the caseload's help lacks the household's i"
i=0
while [ $i -lt 40 ] && ! grep -q '^  g  ' "$T/screen"; do
	keys main j
	shot main
	i=$((i + 1))
done
see main '^  g +the work that is due$' "help scrolls to g, the work that is due"
screen_has '^  v +show those due for re-verification$' "... and the filters"
keys main q
see main '^[0-9]+/[0-9]+ all: ' "q leaves help, back to the caseload"

# An unknown key, then Ctrl-L: the same screen, the message gone.
shot main
cp "$T/screen" "$T/caseload.txt"
keys main z
see main '^Unknown key — press \? for help$' "an unknown key says: Unknown key — press ? for help"
keys main C-l
wait_gone main '^Unknown key' 5
same_screen "$T/caseload.txt" main "Ctrl-L redraws the same caseload, the message gone"

# Due work.
keys main g
see main "^Due in the next 30 days: $N_DUE \\($N_OVERDUE overdue\\) — 2026-11-27" \
	"g shows the due work, counted as doorstep due counts it ($N_DUE, $N_OVERDUE overdue)"
screen_has '^! 2026-11-[0-9]{2} re-verification visit' "overdue work first, marked !"
keys main c
see main '^[0-9]+/[0-9]+ all: ' "c goes from the due work back to the caseload"

# Filters and sorting, briefly: r keeps those receiving; a all again.
keys main r
see main "^$N_REC/$N_ALL receiving: " "r shows only those receiving"
keys main a
see main "^$N_ALL/$N_ALL all: " "a shows all again"

# A resize to 100×30 lays out again: a wider address column, more rows.
shot main
cp "$T/screen" "$T/caseload.txt"
tildes80=$(sed -n '3,22p' "$T/caseload.txt" | grep -c '~')
tm resize-window -t main -x 100 -y 30
see main '^Head {7}Address {40}Status' "at 100×30 the address column is wider (46 columns)"
wait_for main '^\? help ' 10
rows=$(sed -n '3,28p' "$T/screen" | grep -c '[^ ]')
if [ "$rows" -eq 26 ]; then ok "at 100×30, 26 households show"
else fail "at 100×30, $rows household lines:"; dump; fi
tildes100=$(sed -n '3,22p' "$T/screen" | grep -c '~')
if [ "$tildes100" -lt "$tildes80" ]; then ok "fewer addresses are cut short ($tildes80 at 80 columns, $tildes100 at 100)"
else fail "addresses cut: $tildes80 at 80 columns, $tildes100 at 100"; fi
if [ "$(line 30 | cut -c1-8)" = "? help  " ]; then ok "the hint bar moves to the last line (30)"
else fail "line 30 is '$(line 30)'"; fi
tm resize-window -t main -x 80 -y 24
wait_for main '^Head {7}Address {20}Status' 15
sleep 0.2
same_screen "$T/caseload.txt" main "back at 80×24 the caseload is as it was"

# Q leaves from anywhere (here, a household).
keys main Enter
see main '^Household ' "a household is open"
keys main Q
exited main "Q on a household leaves the program"

# ---- TERM=vt100 ---------------------------------------------------------------

start vt 80 24 TERM=vt100
unlock vt wang "$PASS"
screen_has "^$N_ALL/$N_ALL all: $N_REC receiving" "TERM=vt100: the title line with its counts"
first=$(line 3 | cut -d' ' -f1)
see_selected vt 24 "^$first " "TERM=vt100: the cursor row in reverse video"
keys vt Down
second=$(line 4 | cut -d' ' -f1)
see_selected vt 24 "^$second " "TERM=vt100: ↓ moves the cursor"
keys vt /
type_text vt "582x"
see_selected vt 24 '^司马青山 ' "TERM=vt100: the ID search (582x, lower case) finds 司马青山"
keys vt Enter Enter
see vt "^Household 司马青山 — $HID" "TERM=vt100: Enter opens the household"
screen_has "^  司马青山 +$MASKED" "TERM=vt100: the ID number masked"
keys vt q
see vt '^[0-9]+/[0-9]+ all: ' "TERM=vt100: q goes back to the caseload"
keys vt q
see vt 'To leave doorstep, press Q' "TERM=vt100: q on the caseload says how to leave, and stays"
screen_has '^[0-9]+/[0-9]+ all: ' "... on the caseload"
keys vt Q
exited vt "TERM=vt100: Q on the caseload leaves the program"

# ---- the caseload in Chinese ---------------------------------------------------

start zh 80 24 LANG=zh_CN.UTF-8
see zh '^  wang 的口令：' "LANG=zh_CN.UTF-8: the passphrase asked for in Chinese"
type_text zh "错误的口令"
keys zh Enter
see zh '口令错误（已试 1 次）' "the wrong-passphrase line in Chinese"
wait_for zh '^  wang 的口令：' 15
type_text zh "$PASS"
keys zh Enter
see zh "^$N_ALL/$N_ALL 全部：在保 $N_REC，渐退 [0-9]+，待审 [0-9]+，申诉 [0-9]+，到期 [0-9]+" \
	"the caseload in Chinese, with its counts in the title line"
wait_for zh '^\? 帮助 ' 10 # the whole screen drawn
if line 2 | grep -q '^户主 .*地址 .*下次到期'; then ok "the header in Chinese"
else fail "the Chinese header is '$(line 2)'"; fi
screen_lacks 'receiving|Head|Address' "no English left on the Chinese caseload"
# Every household line has the same display width, and every column starts
# at the same display column: the name, the address, the status and the
# allowance each end where they end on the other lines.
sed -n '3,22p' "$T/screen" > "$T/zh-rows"
widths=$(while IFS= read -r l; do printf '%s' "$l" | LC_ALL=C.UTF-8 wc -L; done < "$T/zh-rows" | sort -u | tr '\n' ' ')
if [ "$(echo "$widths" | wc -w)" -eq 1 ]; then ok "every Chinese caseload line has the same display width ($widths)"
else fail "the Chinese caseload lines are $widths columns wide:"; dump; fi
# (Field 3, the status, is followed by the allowance, which is right-aligned;
# field 4 is counted on the lines that have an allowance.)
grep -E '[0-9]\.[0-9]{2} [0-9]{4}-' "$T/zh-rows" > "$T/zh-paid"
for f in 1 2 4; do
	rowsf="$T/zh-rows"
	[ "$f" = 4 ] && rowsf="$T/zh-paid"
	# the first f fields and the spaces after them
	cols=$(while IFS= read -r l; do
		printf '%s' "$l" | sed -E "s/^(([^ ]+ +){$f}).*/\\1/" | LC_ALL=C.UTF-8 wc -L
	done < "$rowsf" | sort -u | tr '\n' ' ')
	case $cols in
	"") fail "field $f: no Chinese caseload line to measure" ;;
	*" "*" "*) fail "field $f of the Chinese caseload ends at different columns: $cols" ;;
	*) ok "field $f of every Chinese caseload line ends at column $cols" ;;
	esac
done
if line 24 | grep -q '^? 帮助  / 查找  g 到期'; then ok "the hint bar in Chinese: ? 帮助  / 查找  g 到期 ..."
else fail "the Chinese hint line is '$(line 24)'"; fi
keys zh '?'
see zh '^  / +边输入边查找$' "the help in Chinese lists / 边输入边查找"
keys zh q
see zh '^[0-9]+/[0-9]+ 全部：' "back to the Chinese caseload"
keys zh Escape
see zh '按 Q' "Esc on the Chinese caseload says, in Chinese, to press Q"
keys zh Q
exited zh "Q leaves the Chinese caseload"

# ---- idle lock -------------------------------------------------------------------

start idle 80 24 DOORSTEP_IDLE_SECONDS=3
unlock idle wang "$PASS"
keys idle /
type_text idle "司马"
see_selected idle 24 '^司马青山 ' "the household found"
t0=$(now_ms)
keys idle Enter Enter
see idle "^Household 司马青山 — $HID" "a household open before the idle lock"
shot idle
cp "$T/screen" "$T/household.txt"
if wait_for idle '^  Passphrase for wang:' 20; then
	t1=$(now_ms)
	ok "idle for 3 s: the passphrase is asked again"
	if [ $((t1 - t0)) -ge 2900 ] && [ $((t1 - t0)) -le 12000 ]; then ok "locked after about 3 s ($((t1 - t0)) ms)"
	else fail "locked after $((t1 - t0)) ms, wanted about 3 s"; fi
else fail "idle for 3 s: no passphrase asked:"; dump; fi
screen_lacks '司马|Members|582X|Household' "the locked screen is cleared: nothing of the household shows"
type_text idle "$PASS"
keys idle Enter
see idle "^Household 司马青山 — $HID" "after unlocking, the household is back"
same_screen "$T/household.txt" idle "... exactly as it was"
keys idle Q
exited idle "Q leaves"

# ---- two users: the user is chosen first --------------------------------------------

LIPASS="li keeps her own passphrase"
DOORSTEP_NEW_PASSPHRASE_FILE=$(passfile pass-li "$LIPASS") run "$D" user add li --role supervisor
expect_rc 0 "a second user, li"
start two 80 24 DOORSTEP_IDLE_SECONDS=3
see two '^doorstep — who is working\?' "with two users, the interface asks who is working"
u1=$(line 3 | tr -d ' ') u2=$(line 4 | tr -d ' ')
if [ "$u1 $u2" = "li wang" ] || [ "$u1 $u2" = "wang li" ]; then ok "both users are listed ($u1, $u2)"
else fail "the users listed are '$u1' '$u2':"; dump; fi
see_selected two 24 "^  $u1 *$" "the first user is highlighted"
keys two Down
see_selected two 24 "^  $u2 *$" "↓ highlights the second user"
sel=$u2
keys two Enter
see two "^  Passphrase for $sel: *$" "Enter chooses the highlighted user: $sel's passphrase is asked for"
if [ "$sel" = li ]; then PW=$LIPASS; else PW=$PASS; fi
type_text two "$PW"
keys two Enter
see two "^$N_ALL/$N_ALL all: " "$sel's passphrase opens the caseload"
keys two /
type_text two "582X"
keys two Enter Enter
see two "^Household 司马青山 — $HID" "$sel opens the household"
shot two
cp "$T/screen" "$T/household2.txt"
# Locked, the session is still $sel's: the passphrase asked is theirs.
if wait_for two "Passphrase for|who is working" 20; then
	if grep -q "^  Passphrase for $sel:" "$T/screen"; then ok "idle lock with two users asks $sel's passphrase again"
	else fail "idle lock with two users: wanted $sel's passphrase asked again; the screen is:"; dump; fi
else fail "idle lock with two users: nothing asked"; dump; fi
if grep -q 'who is working' "$T/screen"; then
	keys two Down
	sleep 0.2
	keys two Enter
	wait_for two "^  Passphrase for" 10
fi
type_text two "$PW"
keys two Enter
see two "^Household 司马青山 — $HID" "after unlocking, $sel's household is back"
same_screen "$T/household2.txt" two "... exactly as it was"
keys two q
see two '^[0-9]+/[0-9]+ all: ' "q back to the caseload"
keys two Q
exited two "Q on the caseload leaves the program"

finish
