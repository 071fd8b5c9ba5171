#!/bin/sh
# t_tui_actions.sh — what an assistant does from the interface besides a
# visit, at 80×24 under TERM=xterm-256color and TERM=vt100: assess a
# household (the caseload follows: its early warning shows), add an
# applicant household question by question (a wrong ID number and one of
# another household refused, the question kept open with what was typed,
# then corrected; the household opens and is on the caseload), the drafts
# marked on the caseload, listed and discarded after asking, a household's
# notice read and printed to a file whose text is checked (and nothing
# left anywhere else), and a supervisor refused adding a household.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"

# The program by its full path: the sessions run in a folder of their own,
# where a notice printed under its offered name lands.
D="$(cd "$(dirname "$D")" && pwd)/$(basename "$D")"
TOOLS="$(cd "$TOOLS" && pwd)"

new_store acts wang assistant
export DOORSTEP_USER=wang
WANG="correct horse battery acts"
LIPASS="li keeps her own passphrase"
LIF=$(passfile pass-li "$LIPASS")
DOORSTEP_NEW_PASSPHRASE_FILE="$LIF" run "$D" user add li --role supervisor
expect_rc 0 "li, a supervisor, on the same laptop"
as_li() { DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LIF" "$@"; }

# household FILE NAME IDNUM ADDRESS INCOME [EXTRA]: a one-person household.
household() {
	printf '{"region":"440106","address":"%s","members":[{"name":"%s","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":[{"source":"wages","monthly":"%s"}]}],"assets":{"financial":"300","vehicles":[],"homes":1}%s}\n' \
		"$4" "$2" "$3" "$5" "${6:-}" > "$T/$1.json"
	"$D" household add --json "$T/$1.json"
}

# Two sets of households, one for each terminal: k is 1 or 2.
for k in 1 2; do
	case $k in 1) s=甲 ;; 2) s=乙 ;; esac
	# W: receiving, its income at 90% of the standard (1,048.50 of 1,165):
	# the early warning comes with its next assessment
	W=$(household w$k "赵$s" "$(id18 4401061981010${k}262)" "石牌街道${k}1号" 1048.50 \
		', "receiving": {"allowance": "200", "since": "2025-01"}')
	# H: visited, submitted, and refused by li: its notice can be read
	P=$(id18 4401061970020${k}123)
	H=$(household h$k "钱$s" "$P" "石牌街道${k}2号" 2000.00)
	printf '{"date":"2026-11-25","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-11-25"},"observations":"seen"}\n' "$P" "$P" > "$T/v$k.json"
	run "$D" visit record "$H" --json "$T/v$k.json"
	run "$D" review submit "$H"
	run as_li "$D" review refuse "$H" --reason "the wages are above the standard"
	expect_rc 0 "li refuses 钱$s's application"
	# V: a visit in progress (a draft)
	V=$(household d$k "孙$s" "$(id18 4401061975030${k}345)" "石牌街道${k}3号" 500.00)
	printf '{"observations":"half done"}\n' > "$T/part$k.json"
	# drafts are listed latest first, to the second: 孙乙's a second later
	[ "$k" = 2 ] && sleep 1.1
	run "$D" visit draft save "$V" --json "$T/part$k.json" --step 2
	expect_rc 0 "a draft of the visit to 孙$s"
	eval "W$k=$W H$k=$H V$k=$V"
done
[ -n "$W1" ] && [ -n "$H2" ] && [ -n "$V2" ] && ok "six households added" || fail "households missing"
status_of() { "$D" household list --json | tr '{' '\n' | grep "\"id\":\"$1\"" | sed 's/.*"status":"\([a-z_]*\)".*/\1/'; }
[ "$(status_of "$H1")" = refused ] && ok "钱甲's case is refused: a notice exists" || fail "钱甲 is $(status_of "$H1")"

mkdir -p "$T/work"
cd "$T/work" || exit 1

# flow K TERM: the assistant's actions on the set k.
flow() {
	k=$1 term=$2 n=s$1
	case $k in 1) s=甲 ;; 2) s=乙 ;; esac
	eval "W=\$W$k H=\$H$k V=\$V$k"
	start "$n" 80 24 TERM="$term" DOORSTEP_USER=wang
	unlock "$n" wang "$WANG"

	# ---- help names the new keys, and switching user ------------------
	keys "$n" ?
	see "$n" "^  Ctrl-X +lock now; unlock as yourself or as another user" "$term: help on the caseload names Ctrl-X to switch user"
	keys "$n" End
	see "$n" "^  \+ +add an applicant household" "$term: help on the caseload lists + (add a household)"
	screen_has "^  D +visits in progress \(drafts; marked \* on the caseload\)" "$term: ... D (drafts) and what * means"
	keys "$n" q

	# ---- drafts marked on the caseload --------------------------------
	see "$n" "^孙$s +\\*石牌街道${k}3号" "$term: the household with a draft is marked * on the caseload"
	screen_lacks "^赵$s +\\*" "$term: a household without a draft has no mark"
	screen_has "^赵$s .*re-verification due" "$term: 赵$s is receiving, re-verification due, no early warning yet"

	# ---- assess: the derivation shown, the caseload refreshed ---------
	keys "$n" /
	type_text "$n" "赵$s"
	keys "$n" Enter Enter
	see "$n" "^Household 赵$s" "$term: 赵$s's file opens"
	keys "$n" a
	see "$n" "Assessed under policy .*: eligible, 117\\.00 yuan a month" "$term: a assesses and says the result"
	screen_has "Latest assessment" "$term: the file shows its latest assessment"
	screen_has "2026-11-27" "$term: ... made today"
	screen_has "[Ee]arly warning|90%" "$term: ... with the derivation's early-warning step"
	keys "$n" q
	see "$n" "^赵$s .*early warning" "$term: back on the caseload, 赵$s shows the early warning (the caseload was read again)"

	# ---- the drafts list; discarding asks first ----------------------
	keys "$n" D
	see "$n" "^Visits in progress: [0-9]+ drafts?$" "$term: D lists the visits in progress"
	screen_has "^孙$s +石牌街道${k}3号 +3 +wang " "$term: the draft shows its household, step, author"
	# the latest first: 孙甲's is below 孙乙's
	[ "$k" = 1 ] && keys "$n" j
	see_selected "$n" 24 "^孙$s " "$term: the cursor on 孙$s's draft"
	keys "$n" D
	see "$n" "^Discard it\\?" "$term: D asks before discarding"
	keys "$n" Escape
	see "$n" "Put away: the draft is kept" "$term: Esc keeps the draft"
	run "$D" visit draft list
	expect_out "household $V " "$term: the draft is still in the store"
	keys "$n" D
	see "$n" "^Discard it\\?" "$term: D asks again"
	type_text "$n" "no"
	keys "$n" Enter
	see "$n" "Press Enter to discard the draft, or Esc to keep it" "$term: an answer other than yes is not taken"
	screen_has "^Discard it\\? Enter: yes, Esc: no no" "$term: ... and the question stays open with what was typed"
	keys "$n" BSpace BSpace Enter
	see "$n" "The draft .* is discarded" "$term: Enter discards"
	run "$D" visit draft list
	if grep -q "household $V " "$T/out"; then fail "$term: the draft is still listed"; else ok "$term: the draft is gone from the store"; fi
	keys "$n" q
	see "$n" "^孙$s +石牌街道${k}3号" "$term: back on the caseload"
	screen_lacks "^孙$s +\\*" "$term: the mark is gone with the draft"

	# ---- the notice: read, then printed ------------------------------
	keys "$n" /
	type_text "$n" "钱$s"
	keys "$n" Enter Enter
	see "$n" "^Household 钱$s" "$term: 钱$s's file opens"
	keys "$n" L
	see "$n" "^Notice of the decision, household $H" "$term: L shows the notice"
	screen_has "Decision refusing the minimum living guarantee" "$term: ... its heading"
	screen_has "To: 钱$s \\(head of household\\)" "$term: ... addressed to the head"
	screen_has "not approved" "$term: ... with the decision"
	screen_has "p print" "$term: the hint bar offers p to print"
	keys "$n" p
	see "$n" "^Save the notice in the file: notice-$H\\.txt" "$term: p asks where, offering a name in the current folder"
	if [ "$k" = 1 ]; then
		keys "$n" C-u
		type_text "$n" "$T/printed.txt"
		keys "$n" Enter
		out="$T/printed.txt"
	else
		keys "$n" Enter
		out="$T/work/notice-$H.txt"
	fi
	see "$n" "The notice is saved in $out" "$term: it says where the notice went"
	if [ -f "$out" ]; then ok "$term: the file is there"; else fail "$term: no file $out"; fi
	if grep -q "Decision refusing the minimum living guarantee" "$out" && grep -q "To: 钱$s (head of household)" "$out" &&
		grep -q "Your application for the minimum living guarantee is not approved" "$out" &&
		grep -q "the wages are above the standard" "$out" && grep -q "If you do not accept this decision" "$out"; then
		ok "$term: the file holds the notice: to whom, the decision, the reason, how to appeal"
	else fail "$term: the file lacks the notice's text: $(head -c 300 "$out")"; fi
	run "$D" notice "$H"
	if cmp -s "$T/out" "$out"; then ok "$term: the file is the same as doorstep notice prints"
	else fail "$term: the file differs from doorstep notice"; fi
	perm=$(stat -c %a "$out")
	[ "$perm" = 600 ] && ok "$term: the printed file is private (0600)" || fail "$term: the file is $perm"
	screen_has "delete it: it holds the household's details unencrypted" "$term: ... and says to delete it after printing"
	# the same name again: refused, nothing replaced, the question open
	printf 'mine\n' > "$T/mine.txt"
	keys "$n" p C-u
	type_text "$n" "$T/mine.txt"
	keys "$n" Enter
	see "$n" "A file of that name is already there; type another name" "$term: a file already there is not replaced"
	screen_has "^Save the notice in the file: $T/mine.txt" "$term: ... the question stays open with the name"
	[ "$(cat "$T/mine.txt")" = mine ] && ok "$term: ... the file is as it was" || fail "$term: mine.txt was replaced"
	keys "$n" Escape
	see "$n" "Put away: the notice was not saved" "$term: Esc puts the question away"
	rm -f "$T/mine.txt"
	# a name ending in .pdf: the A4 PDF letter
	keys "$n" p C-u
	type_text "$n" "$T/letter-$k.pdf"
	keys "$n" Enter
	see "$n" "The notice is saved in $T/letter-$k\\.pdf" "$term: p with a .pdf name saves the PDF letter"
	head -c 5 "$T/letter-$k.pdf" 2> /dev/null | grep -q '%PDF-' && ok "$term: ... a PDF" \
		|| fail "$term: not a PDF: $(head -c 40 "$T/letter-$k.pdf" 2>&1)"
	pdftotext "$T/letter-$k.pdf" - 2> /dev/null | tr "\n" " " | grep -q "Decision refusing the minimum living" \
		&& ok "$term: ... the letter's text in it" || fail "$term: the PDF lacks the letter's title"
	keys "$n" q q
	see "$n" '^[0-9]+/[0-9]+ all: ' "$term: q q back on the caseload"

	# ---- add an applicant household -----------------------------------
	see_selected "$n" 24 "^钱$s " "$term: the cursor on 钱$s before adding"
	keys "$n" +
	see "$n" "^Head of household's name:" "$term: + asks for the head's name"
	keys "$n" Escape
	see "$n" "Put away: no household was added" "$term: Esc on the first question puts the form away"
	keys "$n" +
	see "$n" "^Head of household's name:" "$term: + asks again"
	type_text "$n" "周$s"
	keys "$n" Enter
	see "$n" "^Head's ID number:" "$term: then the ID number"
	good=$(id18 4401061990050${k}234)
	bad=$(printf '%s' "$good" | cut -c1-17)$(if [ "$(printf '%s' "$good" | cut -c18)" = 1 ]; then echo 2; else echo 1; fi)
	type_text "$n" "$bad"
	keys "$n" Enter
	see "$n" "check character" "$term: a wrong check character is refused, saying why"
	screen_has "^Head's ID number: $bad" "$term: ... the question stays open with the number typed"
	keys "$n" C-u
	type_text "$n" "$(id18 4401061981010${k}262)"
	keys "$n" Enter
	see "$n" "already a member of the household of 赵$s, 石牌街道${k}1号" "$term: the ID number of 赵$s is refused, naming the head and the address"
	keys "$n" C-u
	type_text "$n" "$good"
	keys "$n" Enter
	see "$n" "^Address:" "$term: the right number is taken; the address is asked"
	screen_has "周$s +$good +head" "$term: the form shows the head so far"
	type_text "$n" "石牌街道${k}9号"
	keys "$n" Enter
	see "$n" "^Region code \\(6 digits\\): 440106" "$term: the region, the store's own offered"
	keys "$n" Enter
	see "$n" "^Another member's name" "$term: then other members"
	type_text "$n" "周小$s"
	keys "$n" Enter
	see "$n" "^Their ID number:" "$term: a member's ID number"
	keys "$n" Escape
	see "$n" "Put away: that member was not added" "$term: Esc puts away only that member"
	screen_has "^Another member's name" "$term: ... and the form goes on"
	screen_lacks "周小$s" "$term: ... without them"
	kid=$(id18 4401062015060${k}234)
	type_text "$n" "周小$s"
	keys "$n" Enter
	see "$n" "^Their ID number:" "$term: another member, their ID number"
	type_text "$n" "$kid"
	keys "$n" Enter
	see "$n" "^Relation to the head:" "$term: then the relation"
	screen_has "1 spouse +2 child +3 parent" "$term: ... the relations listed with numbers"
	type_text "$n" "cousin"
	keys "$n" Enter
	see "$n" "Type a number from 1 to 7" "$term: a relation not in the list is refused"
	screen_has "^Relation to the head: cousin" "$term: ... the question open with what was typed"
	keys "$n" C-u
	type_text "$n" "2"
	keys "$n" Enter
	see "$n" "^Another member's name" "$term: 2 (child) is taken"
	screen_has "周小$s +$kid +child" "$term: ... the form shows the child"
	keys "$n" Enter
	see "$n" "^Household 周$s — " "$term: Enter adds the household, which opens"
	see "$n" "The household is added and on the caseload" "$term: ... saying so"
	screen_has "石牌街道${k}9号" "$term: ... with its address"
	screen_has "^  周小$s .*child" "$term: ... and both members"
	keys "$n" L
	see "$n" "no decision has been made for this household yet" "$term: L on a new household: no notice yet, said plainly"
	keys "$n" q
	see "$n" "^周$s +石牌街道${k}9号" "$term: the new household is on the caseload"
	see_selected "$n" 24 "^钱$s " "$term: ... and the cursor is still on 钱$s, though the rows were read again"
	run "$D" household find "$good"
	expect_rc 0 "$term: the store has 周$s by the ID number"

	keys "$n" Q
	exited "$n" "$term: Q leaves"
}

flow 1 xterm-256color
flow 2 vt100

# Nothing else was written where the program ran than the notice asked for.
files=$(ls -A "$T/work")
[ "$files" = "notice-$H2.txt" ] && ok "the working folder holds only the printed notice" \
	|| fail "the working folder holds: $files"

# ---- the idle lock after a notice printed, in the middle of the form ----------------
# Nothing of the households is left in memory while locked (the notice's
# text, the form's answers), when memory can be read (root, no sanitizer).
pid_of() { pgrep -P "$(tm list-panes -t "$1" -F '#{pane_pid}')" -x doorstep; }
MEMCHECK=0
if [ "$(id -u)" = 0 ] && ! nm "$D" 2> /dev/null | grep -q '__asan_init'; then MEMCHECK=1
else echo "# memory not read (needs root, and no AddressSanitizer)"; fi
cat "$T"/[whd][12].json | sed 's/"name":"\([^"]*\)"/\n@\1\n/g; s/"id_number":"\([^"]*\)"/\n@\1\n/g; s/"address":"\([^"]*\)"/\n@\1\n/g' |
	sed -n 's/^@//p' > "$T/needles"
printf '%s\n' 周甲 周乙 吴丙 "the wages are above the standard" >> "$T/needles"
start idle 80 24 DOORSTEP_USER=wang DOORSTEP_IDLE_SECONDS=4
unlock idle wang "$WANG"
keys idle /
type_text idle "钱甲"
keys idle Enter Enter L
see idle "^Notice of the decision, household $H1" "idle: the notice of 钱甲 on screen"
keys idle p C-u
type_text idle "$T/idle.txt"
keys idle Enter
see idle "The notice is saved in $T/idle.txt" "idle: printed"
keys idle q q +
see idle "^Head of household's name:" "idle: + asks for the head's name"
type_text idle "吴丙"
keys idle Enter
see idle "^Head's ID number:" "idle: the name is taken"
type_text idle "44010619"
if [ "$MEMCHECK" = 1 ]; then
	"$TOOLS/memgrep" "$(pid_of idle)" -f "$T/needles" > "$T/mem" 2>&1
	if grep -q "found 吴丙" "$T/mem" && grep -q "found 钱甲 utf-8" "$T/mem"; then
		ok "idle: before the lock, the form's name and the households' names are in memory (the check can fail)"
	else fail "idle: before the lock memgrep did not find them: $(head -c 600 "$T/mem")"; fi
fi
see idle '^  Passphrase for wang: *$' "idle: the screen locks in the middle of the form" 12
screen_lacks "吴丙|44010619" "idle: nothing typed in the form is on the locked screen"
if [ "$MEMCHECK" = 1 ]; then
	"$TOOLS/memgrep" "$(pid_of idle)" -f "$T/needles" > "$T/mem" 2>&1
	mrc=$?
	if [ "$mrc" = 1 ]; then ok "idle: while locked, no name, ID number, address, notice text or form answer is in memory ($(wc -l < "$T/needles") strings)"
	else fail "idle: while locked memgrep (exit $mrc) found: $(head -c 1500 "$T/mem")"; fi
fi
type_text idle "$WANG"
keys idle Enter
see idle "what was typed for the new household was put away" "idle: after the unlock the form says what was typed is gone"
screen_lacks "吴丙" "idle: ... and the name is not shown again"
keys idle Enter
see idle "^Head of household's name: *$" "idle: Enter starts the form again, empty"
keys idle Escape
see idle "Put away: no household was added" "idle: Esc puts it away"
see idle '^[0-9]+/[0-9]+ all: ' "idle: back on the caseload"
keys idle Q
exited idle "idle: Q leaves"
rm -f "$T/idle.txt"

# ---- a supervisor: refused adding, in words -------------------------------------
# wang's visit in progress, which li must not throw away
run "$D" visit draft save "$V" --json "$T/part$k.json" --step 2
expect_rc 0 "wang has a visit in progress again"
start li 80 24 DOORSTEP_USER=li
unlock li li "$LIPASS"
keys li +
see li "As supervisor you cannot add a household" "li (supervisor) is refused adding a household, in words"
screen_lacks "^Head of household's name" "... and no question is asked"
keys li D
see li "^Visits in progress: 1 draft" "li sees the list of drafts (wang's)"
keys li D
see li "^This visit was started by wang: only wang can discard it or go on with it\." "li cannot discard wang's draft"
screen_lacks "^Discard it\?" "... and is not even asked"
run "$D" visit draft list
expect_out "wang" "wang's draft is still there"
keys li q Q
exited li "li leaves"
finish
