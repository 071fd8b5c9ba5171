#!/bin/sh
# t_tui_keys.sh — the engine's keys, as a user at the door meets them: a
# question whose answer is refused stays open with what was typed (a
# refusal never turns into an approval), approving asks first, Esc and q
# on the first screen do not end the session, Q in a search is a letter,
# the global options open the interface, Ctrl-X locks and keeps the
# filter, the sort and the cursor (or changes the user), and keys the
# terminal description does not list (vt100's PgDn, tmux's Home and End,
# unknown sequences) never act as Esc.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"

new_store keys wang assistant
WANG="correct horse battery keys"
export DOORSTEP_USER=wang
LIPASS="li keeps her own passphrase"
DOORSTEP_NEW_PASSPHRASE_FILE=$(passfile pass-li "$LIPASS") run "$D" user add li --role supervisor
expect_rc 0 "li, a supervisor, on the same laptop"

# Three households, visited and submitted by wang.
n=0
for who in 王甲 王乙 王丙; do
	n=$((n + 1))
	P=$(id18 4401061970010100$n)
	printf '{"region":"440106","address":"石牌街道%d号","members":[{"name":"%s","id_number":"%s","relation":"head","categories":[],"able_to_work":false,"incomes":[]}],"assets":{"financial":"300","vehicles":[],"homes":1}}\n' "$n" "$who" "$P" > "$T/h$n.json"
	printf '{"date":"2026-11-25","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-11-25"},"observations":"seen"}\n' "$P" "$P" > "$T/v$n.json"
	H=$("$D" household add --json "$T/h$n.json")
	eval "H$n=$H"
	run "$D" visit record "$H" --json "$T/v$n.json"
	run "$D" review submit "$H"
	expect_rc 0 "wang submits $who"
done
run "$D" demo --households 40 --seed 5
expect_rc 0 "and 40 synthetic households"
status_of() { "$D" household list --json | tr '{' '\n' | grep "\"id\":\"$1\"" | sed 's/.*"status":"\([a-z_]*\)".*/\1/'; }

# ---- the supervisor's questions -------------------------------------------------

start li 80 24 DOORSTEP_USER=li
unlock li li "$LIPASS"
keys li R
see li '^Review queue: 3 cases' "R opens the review queue with the three cases"

# X, then Enter with no reason: the question stays open, and says why.
keys li X
see li '^Why refuse\?' "X asks why"
keys li Enter
sleep 0.3
see li 'reason' "Enter with no reason: the refusal says a reason is needed"
screen_has '^Why refuse\?' "... and the question is still open"
# what is typed next is the reason, not commands (its A must not approve)
type_text li "Assets too high"
see li '^Why refuse\? \(it goes into the letter\) Assets too high' "the reason typed next goes into the question"
keys li Enter
see li 'done; the case is now: refused' "Enter refuses with the reason"
if [ "$(status_of "$H1")" = refused ]; then ok "the first case is refused, not approved"
else fail "the first case is $(status_of "$H1")"; fi

# T, Enter with no reason, then Esc: put away, nothing decided.
keys li T
see li '^Why return it\?' "T asks why"
keys li Enter
sleep 0.3
screen_has '^Why return it\?' "Enter with no reason keeps the question open"
type_text li "AX"
see li '^Why return it\? AX' "capitals typed go into the question (A and X are not commands there)"
keys li Escape
see li 'Put away: nothing was decided' "Esc puts the question away"
if [ "$(status_of "$H2")" = submitted ]; then ok "the second case is still submitted"
else fail "the second case is $(status_of "$H2")"; fi

# A asks first; Esc puts it away; A, a note, Enter approves.
keys li A
see li '^Approve\?' "A asks to confirm"
keys li Escape
see li 'Put away: nothing was decided' "Esc: not approved"
if [ "$(status_of "$H2")" = submitted ]; then ok "... the case is still submitted"
else fail "after A and Esc the case is $(status_of "$H2")"; fi
keys li A
type_text li "papers seen"
keys li Enter
see li 'done; the case is now: ' "A, a note and Enter approve"
st=$(status_of "$H2")
case $st in notice|receiving|approved) ok "the second case is approved ($st)" ;;
*) fail "after approving, the second case is $st" ;; esac

# ---- the first screen -----------------------------------------------------------

keys li q
see li '^[0-9]+/[0-9]+ all: ' "q goes back to the caseload"
keys li Escape
see li 'This is the first screen\. To leave doorstep, press Q\.' "Esc on the caseload says how to leave"
screen_has '^[0-9]+/[0-9]+ all: ' "... and the caseload stays"
keys li q
see li 'To leave doorstep, press Q' "q on the caseload says the same"
# Q typed into a search is a letter
keys li /
type_text li "Q"
see li '^/Q$' "Q typed in a search is a letter"
keys li Escape
wait_gone li '^/Q' 5
keys li Q
exited li "Q leaves"

# ---- global options with no command open the interface ---------------------------

DARGS="--store $DOORSTEP_STORE --user li --lang zh_CN" start g 80 24 DOORSTEP_STORE=
see g '^  li 的口令：' "doorstep --store DIR --user li --lang zh_CN opens the interface, in Chinese, for li"
type_text g "$LIPASS"
keys g Enter
see g '^[0-9]+/[0-9]+ 全部：' "... and her passphrase opens the caseload"
keys g Q
exited g "Q leaves"
run "$D" --user li
expect_rc 2 "doorstep --user li without a terminal"
expect_err 'needs a terminal' "... says the interface needs a terminal"

# ---- Ctrl-X locks; the filter, the sort and the cursor stay ---------------------------

start w 80 24 DOORSTEP_USER=wang
unlock w wang "$WANG"
keys w u m
see w '^[0-9]+/[0-9]+ under review: ' "u filters the cases under review"
keys w j
shot w
cp "$T/screen" "$T/before-lock.txt"
sel_before=$(selected w 24)
keys w C-x
see w 'who is working' "Ctrl-X locks and asks who is working"
screen_lacks '王甲|王乙|王丙' "nothing of a household shows while locked"
see_selected w 24 '^  wang *$' "the user working now is chosen first"
keys w Enter
see w '^  Passphrase for wang: *$' "then wang's passphrase"
type_text w "$WANG"
keys w Enter
see w '^[0-9]+/[0-9]+ under review: ' "unlocked: the filter is kept"
if [ "$(selected w 24)" = "$sel_before" ]; then ok "the cursor is on the same household"
else fail "the cursor was on '$sel_before', now '$(selected w 24)'"; fi
# another user: the caseload is theirs now
keys w Enter
see w '^Household ' "a household is open"
keys w C-x
see w 'who is working' "Ctrl-X again"
i=0
while [ $i -lt 3 ] && ! selected w 24 | grep -q "^  li"; do keys w Up; sleep 0.1; i=$((i + 1)); done
keys w Enter
see w '^  Passphrase for li: *$' "li chosen: her passphrase"
type_text w "$LIPASS"
keys w Enter
see w 'li is working now' "the interface says li is working now"
screen_has '^[0-9]+/[0-9]+ under review: ' "the caseload, still filtered; wang's household screen is closed"
keys w Q
exited w "Q leaves"

# ---- keys the terminal description does not list ---------------------------------

for term in vt100 xterm-256color screen-256color; do
	start k 80 24 DOORSTEP_USER=wang TERM=$term
	unlock k wang "$WANG"
	first=$(selected k 24)
	keys k NPage
	wait_for k '^\? help ' 5
	sleep 0.2
	after=$(selected k 24)
	if [ -n "$after" ] && [ "$after" != "$first" ]; then ok "TERM=$term: PgDn moves the cursor a page down"
	else fail "TERM=$term: PgDn: the cursor was '$first', is '$after'"; dump; fi
	keys k End
	sleep 0.3
	shot k
	screen_has '^[0-9]+/[0-9]+ all: ' "TERM=$term: End: still on the caseload"
	last=$(selected k 24)
	keys k Home
	sleep 0.3
	if [ "$(selected k 24)" = "$first" ] && [ "$last" != "$first" ]; then ok "TERM=$term: End goes to the last household, Home back to the first"
	else fail "TERM=$term: End gave '$last', Home '$(selected k 24)', first was '$first'"; fi
	keys k BTab
	sleep 0.3
	shot k
	screen_has '^[0-9]+/[0-9]+ all: ' "TERM=$term: Shift-Tab on the caseload does not leave it"
	type_text k "$(printf '\033[99~')"
	see k 'That key means nothing here' "TERM=$term: an unknown sequence is read whole, ignored, and said so"
	type_text k "$(printf '\033[1;9Q')"
	sleep 0.3
	shot k
	screen_has '^[0-9]+/[0-9]+ all: ' "TERM=$term: another unknown sequence: still on the caseload, none of its letters (Q) ran"
	keys k Enter
	see k '^Household ' "TERM=$term: Enter opens a household"
	keys k End Home NPage PPage
	sleep 0.3
	shot k
	screen_has '^Household ' "TERM=$term: Home, End, PgDn, PgUp on a household keep it open"
	keys k q Q
	exited k "TERM=$term: q back, Q leaves"
done

finish
