#!/bin/sh
# t_tui_evidence.sh — the people who decide see the evidence. One household
# goes the whole way on the command line: a visit (two people present, the
# daughter signs, a note, the son left, the head's wages rose), submitted,
# returned with a reason, visited again, submitted, approved with a note,
# an objection during the notice, a third visit, submitted; li's review
# queue shows the latest visit's evidence and why the case came back; li
# refuses, the household appeals, zhao's appeals screen shows the visit,
# the refusal and the appeal's reason; zhao upholds with a reason. Then
# wang's household screen: the Visits section (newest first, date, staff,
# who was there, consent, notes, what changed) and every reason given,
# each with its date and who gave it. 80×24, TERM=xterm-256color and
# vt100, and once in Chinese with --lang zh_CN. Nothing of it in plain
# text on disk.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"

new_store ev wang assistant
WANG="correct horse battery ev"
LI="li keeps her own passphrase"
ZHAO="zhao reviews appeals here"
LIF=$(passfile pass-li "$LI")
ZHAOF=$(passfile pass-zhao "$ZHAO")
export DOORSTEP_USER=wang
DOORSTEP_NEW_PASSPHRASE_FILE="$LIF" run "$D" user add li --role supervisor
expect_rc 0 "li, a supervisor"
DOORSTEP_NEW_PASSPHRASE_FILE="$ZHAOF" run "$D" user add zhao --role reviewer
expect_rc 0 "zhao, an appeal reviewer"
as_li() { DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LIF" "$D" "$@"; }
as_zhao() { DOORSTEP_USER=zhao DOORSTEP_PASSPHRASE_FILE="$ZHAOF" "$D" "$@"; }

HEAD=$(id18 44010619600101001)  # 周大山, head
DAU=$(id18 44010619900202002)   # 周小河, daughter, signs
SON=$(id18 44010619920303003)   # 周二, son, left in October
member() { # NAME ID RELATION WAGES
	inc="[]"
	[ "$4" != 0 ] && inc="[{\"source\":\"wages\",\"monthly\":\"$4\"}]"
	printf '{"name":"%s","id_number":"%s","relation":"%s","categories":[],"able_to_work":true,"incomes":%s}' \
		"$1" "$2" "$3" "$inc"
}
printf '{"region":"440106","address":"石牌街道5号","members":[%s,%s,%s],"assets":{"financial":"500","vehicles":[],"homes":1}}\n' \
	"$(member 周大山 "$HEAD" head 800)" "$(member 周小河 "$DAU" child 0)" "$(member 周二 "$SON" child 0)" > "$T/h.json"
run "$D" household add --json "$T/h.json"
expect_rc 0 "周大山's household added"
HID=$(tr -d '\n' < "$T/out")

# visit DATE PRESENT-JSON SIGNER NOTE [MORE]: a visit's JSON in $T/v.json.
visit() {
	printf '{"date":"%s","staff":["wang","li"],"present":%s,"consent":{"signed_by":"%s","at":"%s"},"observations":"%s"%s}\n' \
		"$1" "$2" "$3" "$1" "$4" "${5:+,$5}" > "$T/v.json"
}
visit 2026-11-20 "[\"$HEAD\",\"$DAU\"]" "$DAU" "The roof leaks. The son moved to Shenzhen in October." \
	"\"housing\":\"one room, damp\",\"changes\":[{\"change\":\"left\",\"id_number\":\"$SON\",\"date\":\"2026-10-01\"}],\"members\":[$(member 周大山 "$HEAD" head 1200),$(member 周小河 "$DAU" child 0)]"
run "$D" visit record "$HID" --json "$T/v.json"
expect_rc 0 "the first visit: two present, the daughter signs, the son left, the wages rose"
run "$D" review submit "$HID"
expect_rc 0 "... submitted"
run as_li review return "$HID" --reason "bring the son's work contract from Shenzhen"
expect_rc 0 "li returns it with a reason"
visit 2026-11-22 "[\"$HEAD\"]" "$HEAD" "Saw the contract from Shenzhen."
run "$D" visit record "$HID" --json "$T/v.json"
expect_rc 0 "the second visit"
run "$D" review submit "$HID"
expect_rc 0 "... submitted again"
run as_li review approve "$HID" --note "contract seen"
expect_rc 0 "li approves with a note: the public notice"
run "$D" review object "$HID" --reason "a neighbour says the son sends money home"
expect_rc 0 "an objection during the notice, with its reason"
visit 2026-11-26 "[\"$DAU\"]" "$DAU" "Daughter says the son sends nothing."
run "$D" visit record "$HID" --json "$T/v.json"
expect_rc 0 "the third visit"
run "$D" review submit "$HID"
expect_rc 0 "... submitted a third time"

# see_page NAME ERE DESCRIPTION: PgDn through the page until ERE shows.
see_page() {
	_n=0
	while [ $_n -lt 12 ]; do
		wait_for "$1" "$2" 1 && { ok "$3"; return; }
		keys "$1" NPage
		_n=$((_n + 1))
	done
	fail "$3: no page showed /$2/; the last shows:"
	dump
}

# to_section NAME HEADING DESCRIPTION: Tab from section to section until
# the heading is the first line under the title.
to_section() {
	_n=0
	while [ $_n -lt 12 ]; do
		keys "$1" Tab
		if wait_for "$1" "^$2\$" 1 && [ "$(line 2)" = "$2" ]; then
			ok "$3"
			return
		fi
		_n=$((_n + 1))
	done
	fail "$3: Tab never brought the heading '$2' to the top; the last screen:"
	dump
}

# ---- li's review queue: the latest visit's evidence ---------------------------------
for term in xterm-256color vt100; do
	DARGS="--user li" start r 80 24 TERM=$term
	unlock r li "$LI"
	keys r R
	see r '^Review queue: 1 cases, oldest first — li' "TERM=$term: li's review queue has the case"
	screen_has "^周大山 " "TERM=$term: ... of 周大山"
	screen_has '^Proposal: .*submitted by wang' "TERM=$term: the proposal"
	screen_has 'li: returned for more investigation: bring the son.s work' "TERM=$term: the return that brought it back, who gave it, its reason"
	screen_has 'wang: objection during the notice: a neighbour says the son' "TERM=$term: ... and the objection"
	screen_has '^The latest visit:' "TERM=$term: the latest visit is shown"
	screen_has '^2026-11-26: visited by wang and li \(recorded by wang' "TERM=$term: its date, the staff who visited, who recorded it"
	screen_has '^  Present: 周小河$' "TERM=$term: who was present, by name"
	screen_has '^  Consent signed by 周小河 on 2026-11-26$' "TERM=$term: who signed the consent, and when"
	screen_has '^  Notes: Daughter says the son sends nothing\.$' "TERM=$term: the notes"
	screen_has '^  What changed: nothing$' "TERM=$term: what changed at it"
	screen_lacks 'The roof leaks' "TERM=$term: an older visit is not the latest"
	w=$(sed -n '1,22p' "$T/screen" | LC_ALL=C.UTF-8 wc -L)
	if [ "$w" -le 80 ]; then ok "TERM=$term: every line fits 80 columns"
	else fail "TERM=$term: a line is $w columns wide"; dump; fi
	see_page r '^Earlier visits since the last decision:$' "TERM=$term: the earlier visits of this case follow"
	see_page r '^2026-11-22: visited by wang and li$' "TERM=$term: ... the second visit"
	see_page r '^2026-11-20: visited by wang and li$' "TERM=$term: ... and the first"
	see_page r '^    - 周二 left the household \(on 2026-10-01\)$' "TERM=$term: ... with what changed at it: the son left"
	see_page r '^    周大山: wages 800\.00 → 1,200\.00 a month$' "TERM=$term: ... the head's wages rose"
	see_page r '^ ?[0-9]+\. ' "TERM=$term: the derivation follows, numbered"
	keys r Q
	exited r "TERM=$term: Q leaves"
done

run as_li review refuse "$HID" --reason "the son still sends 2,000 a month"
expect_rc 0 "li refuses with a reason"
run "$D" appeal file "$HID" --reason "the son has sent nothing since October" --received 2026-11-27
expect_rc 0 "the household appeals, with its reason"
run as_li appeal assign "$HID" --to zhao
expect_rc 0 "li gives the appeal to zhao"

# ---- zhao's appeals: the visit, the refusal and what the household says ------------
DARGS="--user zhao" start z 80 24
unlock z zhao "$ZHAO"
keys z P
see z '^Appeals: 1 open, nearest deadline first — zhao' "zhao's appeals"
screen_has '^Appeal against: refuse the application' "the decision under appeal"
screen_has 'li: refused: the son still sends 2,000 a month' "the refusal's reason, and who gave it"
screen_has 'wang: appeal received on 2026-11-27: the son has sent nothing' "the appeal's reason, when it was received, who filed it"
screen_has '^2026-11-26: visited by wang and li' "the latest visit"
screen_has '^  Present: 周小河$' "... who was there"
screen_has '^  Notes: Daughter says the son sends nothing\.$' "... its notes"
keys z Q
exited z "Q leaves"
run as_zhao appeal decide "$HID" uphold --reason "bank statements show transfers from the son"
expect_rc 0 "zhao upholds the refusal, with a reason"

# ---- wang's household screen: the Visits section and every reason ----------------------
DATE='20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}'
for term in xterm-256color vt100; do
	DARGS="--user wang" start h 80 24 TERM=$term
	unlock h wang "$WANG"
	keys h /
	type_text h "周大山"
	keys h Enter Enter
	see h "^Household 周大山 — $HID" "TERM=$term: the household opens"
	to_section h Visits "TERM=$term: Tab comes to the Visits section"
	screen_has '^  2026-11-26: visited by wang and li \(recorded by wang' "TERM=$term: the newest visit first, its date and staff"
	screen_has '^    Present: 周小河$' "TERM=$term: ... who was there"
	screen_has '^    Consent signed by 周小河 on 2026-11-26$' "TERM=$term: ... who signed"
	screen_has '^    Notes: Daughter says the son sends nothing\.$' "TERM=$term: ... its notes"
	see_page h '^  2026-11-20: visited by wang and li' "TERM=$term: the first visit, further down"
	see_page h '^    Present: 周大山, 周小河$' "TERM=$term: ... two people present, by name"
	see_page h '^    Consent signed by 周小河 on 2026-11-20$' "TERM=$term: ... the daughter signed"
	see_page h '^    Notes: The roof leaks\. The son moved to Shenzhen in October\.$' "TERM=$term: ... the note"
	see_page h '^    Home: one room, damp$' "TERM=$term: ... what was seen of the home"
	see_page h '^    What changed:$' "TERM=$term: ... what changed"
	see_page h '^      - 周二 left the household \(on 2026-10-01\)$' "TERM=$term: ... the son left, and when"
	see_page h '^      周大山: wages 800\.00 → 1,200\.00 a month$' "TERM=$term: ... the head's wages rose"
	to_section h 'Reasons given on the case' "TERM=$term: Tab comes to the reasons given on the case"
	# every reason fits on the page under the heading (long ones wrap)
	screen_has "^  $DATE  li: returned for more investigation: bring the son's work" "TERM=$term: the return: its date, who gave it, the reason"
	screen_has "^  $DATE  li: approved; public notice: contract seen$" "TERM=$term: the approval's note"
	screen_has "^  $DATE  wang: objection during the notice: a neighbour says the son" "TERM=$term: the objection"
	screen_has "^  $DATE  li: refused: the son still sends 2,000 a month$" "TERM=$term: the refusal"
	screen_has "^  $DATE  wang: appeal received on 2026-11-27: the son has sent" "TERM=$term: the appeal, with the day it was received"
	screen_has "^    nothing since October$" "TERM=$term: ... its reason wrapped, not cut"
	screen_has "^  $DATE  li: appeal given to the reviewer zhao$" "TERM=$term: whom it was given to"
	screen_has "^  $DATE  zhao: appeal decided: upheld: bank statements show" "TERM=$term: the appeal's decision and its reason"
	keys h Q
	exited h "TERM=$term: Q leaves"
done

# ---- an appeal overturned, on another household -----------------------------------------
WU=$(id18 44010619700404004)
printf '{"region":"440106","address":"石牌街道6号","members":[%s],"assets":{"financial":"0","vehicles":[],"homes":1}}\n' \
	"$(member 吴一 "$WU" head 3000)" > "$T/h2.json"
run "$D" household add --json "$T/h2.json"
expect_rc 0 "吴一's household added"
H2=$(tr -d '\n' < "$T/out")
visit 2026-11-25 "[\"$WU\"]" "$WU" "The factory closed in October."
run "$D" visit record "$H2" --json "$T/v.json"
expect_rc 0 "吴一's household visited"
run "$D" review submit "$H2"
expect_rc 0 "... submitted"
run as_li review refuse "$H2" --reason "wages above the standard"
expect_rc 0 "... refused"
run "$D" appeal file "$H2" --reason "no wages since October"
expect_rc 0 "... appealed"
run as_li appeal assign "$H2" --to zhao
expect_rc 0 "... given to zhao"
run as_zhao appeal decide "$H2" overturn --reason "the closure is confirmed"
expect_rc 0 "zhao overturns it, with a reason"
DARGS="--user wang" start o 80 24
unlock o wang "$WANG"
keys o /
type_text o "吴一"
keys o Enter Enter
see o "^Household 吴一 — $H2" "吴一's household opens"
keys o End # a short page: its last screenful holds the reasons
see o '^Reasons given on the case$' "End shows the reasons given on the case"
screen_has "^  $DATE  li: refused: wages above the standard$" "the refusal"
screen_has "^  $DATE  zhao: appeal decided: overturned: the closure is confirmed$" "the appeal overturned, with its reason"
keys o Q
exited o "Q leaves"

# ---- in Chinese ------------------------------------------------------------------------
DARGS="--user wang --lang zh_CN" start zh 80 24
see zh '^  wang 的口令：' "--lang zh_CN: the passphrase asked for in Chinese"
type_text zh "$WANG"
keys zh Enter
see zh '^[0-9]+/[0-9]+ 全部：' "the caseload in Chinese"
keys zh /
type_text zh "周大山"
keys zh Enter Enter
see zh "周大山 — $HID" "the household opens in Chinese"
to_section zh '入户调查' "the Visits section, headed in Chinese"
screen_has '^  2026-11-26：wang 和 li 入户调查' "the visit's line in Chinese"
screen_has '^    在场：周小河$' "who was there, in Chinese"
screen_has '^    周小河 于 2026-11-26 签署知情同意书$' "consent, in Chinese"
screen_has '^    记录：Daughter says the son sends nothing\.$' "the notes as typed"
see_page zh '^      - 周二' "what changed, further down"
to_section zh '案件处理理由' "the reasons section, headed in Chinese"
screen_has "^  $DATE  li：退回继续调查：bring the son's work contract" "a return, in Chinese words"
keys zh Q
exited zh "Q leaves"

# ---- nothing of it in plain text on disk -----------------------------------------------
if grep -rlaF -e "roof leaks" -e "work contract" -e "周小河" "$DOORSTEP_STORE" "$HOME" > "$T/found" 2> /dev/null; then
	fail "plain text on disk: $(cat "$T/found")"
else ok "no note, reason or name in plain text under the store or home"; fi

run "$D" audit verify
expect_rc 0 "the log verifies"
finish
