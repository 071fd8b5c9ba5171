#!/bin/sh
# t_tui_lock.sh — the idle lock forgets the households: with known
# synthetic households in the store, the cursor on one of them (the
# caseload filtered and sorted, a search done), a visit begun and a text
# half typed, the program is left alone until it locks; then its memory is
# read (tests/tools/memgrep, through /proc/PID/mem: root is needed) and no
# name, ID number or address of any household, nor the text typed, is in
# it, in any of the forms a program keeps text in (UTF-8, wide characters,
# curses' screens and key queue). The same search before the lock finds
# them, so the check can fail. After the passphrase (a wrong one first,
# which waits), the visit is back with the half-typed text (from its
# sealed draft), and behind it the caseload with its filter, its sort and
# the cursor on the same household; the search done is forgotten. A lock
# during a search as you type, on the caseload itself, comes back the same
# way, the search put away and the screen saying so; so do the page after
# a recorded visit and the review queue; a reason half typed to a question
# is put away. Real program, tmux, 80×24, pinned LANG, TZ, HOME.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "# reading another process's memory needs root: skipped"
	finish
	exit 0
fi
# Under AddressSanitizer the heap lives in terabytes of reserved space that
# memgrep does not read (see tests/tools/memgrep.c), and freed blocks wait
# in its quarantine: the memory checks mean nothing there and are left out;
# the screens are still checked.
SANITIZED=0
if nm "$D" 2> /dev/null | grep -q '__asan_init'; then
	SANITIZED=1
	echo "# an AddressSanitizer build: the memory checks are skipped"
fi

# ---- the store: 40 synthetic households and one of our own -------------------------

new_store lock
PASS="correct horse battery lock"
run "$D" demo --households 40 --seed 11 --jsonl "$T/demo.jsonl"
expect_rc 0 "40 synthetic households written"
run "$D" household import --jsonl "$T/demo.jsonl"
expect_rc 0 "... and imported"
IDN=$(id18 44010619470303021)
KID=$(id18 44010620110911002)
cat > "$T/oy.json" <<EOF
{"region": "440106", "address": "石牌街道潭村东约77号",
 "members": [{"name": "欧阳明月", "id_number": "$IDN", "relation": "head",
              "categories": ["elderly"], "able_to_work": false, "incomes": []},
             {"name": "欧阳小星", "id_number": "$KID", "relation": "grandchild",
              "categories": ["minor"], "able_to_work": false, "incomes": []}],
 "assets": {"financial": "300", "vehicles": [], "homes": 1},
 "receiving": {"allowance": "1200.00", "since": "2025-01"}}
EOF
run "$D" household add --json "$T/oy.json"
expect_rc 0 "欧阳明月's household added"
HID=$(tr -d '\n' < "$T/out")
TYPED="屋顶漏雨欧阳明月独居"

# What must not be in memory while locked: every name, ID number and
# address in the store, and the text typed into the visit.
{
	sed 's/"name":"\([^"]*\)"/\n@\1\n/g; s/"id_number":"\([^"]*\)"/\n@\1\n/g; s/"address":"\([^"]*\)"/\n@\1\n/g' \
		"$T/demo.jsonl" | sed -n 's/^@//p'
	printf '%s\n' 欧阳明月 欧阳小星 "$IDN" "$KID" 石牌街道潭村东约77号 "$TYPED"
} | sort -u > "$T/needles"
n_needles=$(wc -l < "$T/needles")
if [ "$n_needles" -ge 150 ]; then ok "$n_needles names, ID numbers and addresses to look for"
else fail "only $n_needles strings to look for"; fi

# pid NAME: the program's process in the pane.
pid_of() { pgrep -P "$(tm list-panes -t "$1" -F '#{pane_pid}')" -x doorstep; }

# memory NAME FILE: memgrep over the program's memory, the strings in FILE;
# its output in $T/mem, its status in $mrc.
# (Under a sanitizer nothing is read; mrc is then "skip".)
memory() {
	if [ "$SANITIZED" = 1 ]; then mrc=skip; return; fi
	"$TOOLS/memgrep" "$(pid_of "$1")" -f "$2" > "$T/mem" 2> "$T/mem.err"
	mrc=$?
}

# clean DESCRIPTION: the last memgrep found nothing (and read something).
clean() {
	case $mrc in
	skip) ;;
	1) ok "$1" ;;
	*) fail "$1: memgrep (exit $mrc) found: $(head -c 1500 "$T/mem") $(cat "$T/mem.err")" ;;
	esac
}

# locked_wait NAME DESCRIPTION [USER]: the passphrase is asked again.
locked_wait() {
	if wait_for "$1" "^  Passphrase for ${3:-wang}: *\$" 20; then ok "$2"
	else fail "$2: no passphrase asked:"; dump; fi
}

# ---- the caseload filtered, sorted, searched; a visit half typed --------------------

start a 80 24 DOORSTEP_IDLE_SECONDS=5
unlock a wang "$PASS"
keys a r
see a '^[0-9]+/[0-9]+ receiving: ' "r: only the households receiving"
keys a m
keys a /
type_text a "021X"
keys a Enter
see_selected a 24 '^欧阳明月 ' "the search by the ID number's last four finds 欧阳明月"
shot a
cp "$T/screen" "$T/caseload.txt"
keys a V
see a '^Visit to 欧阳明月, 石牌街道潭村东约77号 — step 1 of 9: Arrival' "V starts a visit to 欧阳明月"
keys a Tab
type_text a "li"
keys a Enter
see a 'step 2 of 9: Who is here' "step 2"
keys a Space Enter
see a 'step 3 of 9: Members and income' "step 3"
keys a Tab
see a 'step 4 of 9: Health and support' "step 4: the facts at the door"
keys a Enter
see a 'step 5 of 9: The home' "step 5: the home"
type_text a "$TYPED"
see a "^Housing and living conditions +$TYPED" "half a sentence typed into the field"
shot a
cp "$T/screen" "$T/visit.txt"

# Before the lock, the same search finds them: the check can fail.
printf '%s\n' 欧阳明月 "$IDN" "$TYPED" > "$T/ours"
memory a "$T/ours"
if [ "$mrc" = skip ]; then :
elif [ "$mrc" = 0 ] && grep -q "found 欧阳明月 utf-8" "$T/mem" &&
	grep -q "found $IDN utf-8" "$T/mem" && grep -q "found 欧阳明月 cells" "$T/mem" &&
	grep -q "found $TYPED utf-8" "$T/mem"; then
	ok "before the lock, the head's name, ID number and the typed text are in memory (UTF-8, and the name in curses' screen)"
else fail "before the lock, memgrep (exit $mrc) did not find what it should: $(head -c 600 "$T/mem") $(cat "$T/mem.err")"; fi
memory a "$T/needles"
n_before=$(grep -c '^found .* utf-8 at' "$T/mem" 2> /dev/null)
if [ "$mrc" = skip ]; then :
elif [ "$n_before" -ge 5 ]; then ok "before the lock, households' names, ID numbers and addresses are in memory ($n_before places shown)"
else fail "before the lock, only $n_before places found"; fi

locked_wait a "left alone for 5 s: the screen locks"
screen_lacks '欧阳|Visit|Housing|漏雨' "the locked screen shows nothing of the visit"
memory a "$T/needles"
clean "locked: none of the $n_needles names, ID numbers, addresses or the typed text is in the program's memory"

# a wrong passphrase waits, as before the lock
type_text a "zq-wrong-horse-77"
t0=$(now_ms)
keys a Enter
see a 'Wrong passphrase \(1 tries\)' "a wrong passphrase after the lock says so"
wait_for a '^  Passphrase for wang:' 15
t1=$(now_ms)
if [ $((t1 - t0)) -ge 1000 ]; then ok "... and waits before asking again ($((t1 - t0)) ms)"
else fail "asked again after $((t1 - t0)) ms"; fi
memory a "$T/needles"
clean "after a wrong passphrase, still nothing of the households in memory"

type_text a "$PASS"
keys a Enter
see a "^Visit to 欧阳明月, 石牌街道潭村东约77号 — step 5 of 9: The home" "unlocked: the visit is back at step 5"
wait_for a '^Tab next field' 10
printf '%s\n' "$PASS" "zq-wrong-horse-77" > "$T/typed"
memory a "$T/typed"
clean "the passphrases typed are not in memory (nor in curses' queue of keys)"
same_screen "$T/visit.txt" a "... the screen as it was, the half-typed text in its field (from the draft)"
type_text a "，门窗破旧"
see a "^Housing and living conditions +$TYPED，门窗破旧" "typing goes on at the end of the text"
keys a Escape
see a '^[0-9]+/[0-9]+ receiving: ' "Esc: the caseload behind it, still filtered to those receiving"
wait_for a '^\? help ' 10
sed -n '1,21p' "$T/caseload.txt" > "$T/want"
# the visit left as a draft marks its household (*): the one change
sed -n '1,21p' "$T/screen" | sed 's/^\(欧阳明月 *\)\*/\1 /' > "$T/got"
screen_has '^欧阳明月 +\*' "... 欧阳明月 marked * for the visit in progress"
if cmp -s "$T/want" "$T/got"; then ok "... sorted by name, the same rows, the same first row, as before the lock"
else fail "the caseload differs:"; diff "$T/want" "$T/got" | sed -n '1,20s/^/#   /p'; fi
see_selected a 24 '^欧阳明月 ' "... the cursor on 欧阳明月 again (found by id in the reloaded rows)"
keys a n
see a '^Not found: *$' "the search done before the lock is gone: n has nothing to look for"
keys a Q
exited a "Q leaves"
run "$D" visit draft list
expect_out "$HID" "the visit is kept as a draft"
DOORSTEP_PASSPHRASE_FILE=$DOORSTEP_PASSPHRASE_FILE run "$D" visit resume "$(grep "$HID" "$T/out" | awk '{print $1}')"
expect_out "$TYPED，门窗破旧" "... with the text typed before and after the lock"

# ---- locked in the middle of a search, on the caseload ---------------------------------

start b 80 24 DOORSTEP_IDLE_SECONDS=4
unlock b wang "$PASS"
keys b s
keys b /
type_text b "欧阳明"
see_selected b 24 '^欧阳明月 ' "a search as you type finds 欧阳明月"
shot b
title_before=$(line 1)
locked_wait b "locked in the middle of the search"
printf '%s\n' 欧阳明月 "$IDN" > "$T/ours"
memory b "$T/ours"
clean "locked: neither the name nor the ID number is in memory, nor what was typed into the search"
memory b "$T/needles"
clean "locked: nothing of any household in memory"
type_text b "$PASS"
keys b Enter
see b "^$(printf '%s' "$title_before" | sed 's/[][().*^$\/]/\\&/g')" "unlocked: the caseload with the same title (filter, counts)"
see_selected b 24 '^欧阳明月 ' "... the cursor on the household the search had found"
screen_lacks '^/' "... the search line is closed"
screen_has 'The screen locked: text typed in a search or question was put away' "... and the screen says the search was put away"
keys b Q
exited b "Q leaves"

# ---- locked after the visit is recorded, and on the review queue ------------------------

start c 80 24 DOORSTEP_IDLE_SECONDS=4
unlock c wang "$PASS"
keys c /
type_text c "欧阳明"
keys c Enter V
see c "^Visit to 欧阳明月, 石牌街道潭村东约77号 — step 5 of 9: The home" "V goes on with the draft at step 5"
keys c Enter
see c 'step 6 of 9' "step 6"
keys c Enter
see c 'step 7 of 9' "step 7"
keys c Enter
see c 'step 8 of 9' "step 8"
keys c Enter
see c 'step 9 of 9' "step 9"
keys c Enter
see c "^Visit to 欧阳明月, 石牌街道潭村东约77号 — recorded" "the visit is recorded"
locked_wait c "locked on the visit's result"
memory c "$T/needles"
clean "locked: nothing of any household in memory"
type_text c "$PASS"
keys c Enter
see c "^Visit to 欧阳明月, 石牌街道潭村东约77号 — recorded" "unlocked: the visit's result again"
screen_has 'The screen was locked since' "... which says what changed is no longer shown"
screen_has '^The assessment$' "... with the household's assessment"
keys c s
see c '^Submitted for review\.$' "s still submits the case for review"
keys c q R
see c '^Review queue: 1 cases, oldest first — wang' "R: the review queue with the case"
see c "^欧阳明月 " "... 欧阳明月's"
wait_for c '^\? help  A approve' 10
shot c
cp "$T/screen" "$T/review.txt"
screen_has 'Proposal: ' "... the proposal below the list (the screen to compare after the lock)"
locked_wait c "locked on the review queue"
memory c "$T/needles"
clean "locked: nothing of any household in memory"
type_text c "$PASS"
keys c Enter
see c '^Review queue: 1 cases, oldest first — wang' "unlocked: the review queue"
wait_for c '^\? help  A approve' 10
same_screen "$T/review.txt" c "... as it was, the proposal and its derivation built again"
keys c Q
exited c "Q leaves"

# ---- locked while a reason is being typed: the question is put away ---------------------

LIPASS="li keeps her own passphrase"
DOORSTEP_NEW_PASSPHRASE_FILE=$(passfile pass-li "$LIPASS") run "$D" user add li --role supervisor
expect_rc 0 "li, a supervisor"
REASON="欧阳小星另有收入未报"
printf '%s\n' "$REASON" >> "$T/needles"
start d 80 24 DOORSTEP_IDLE_SECONDS=4 DOORSTEP_USER=li
unlock d li "$LIPASS"
keys d R
see d '^Review queue: 1 cases, oldest first — li' "li's review queue has the case"
keys d T
see d '^Why return it\?' "T asks why the case is returned"
type_text d "$REASON"
see d "$REASON" "half a reason typed"
locked_wait d "locked while the reason is typed" li
memory d "$T/needles"
clean "locked: nothing of any household in memory, nor the reason typed"
type_text d "$LIPASS"
keys d Enter
see d '^Review queue: 1 cases, oldest first — li' "unlocked: the review queue, the case still waiting"
screen_has 'The screen locked: text typed in a search or question was put away' "... the question put away, and the screen says so"
screen_lacks 'Why return it' "... no question open"
keys d Q
exited d "Q leaves"

finish
