#!/bin/sh
# Tampering with the file: a damaged sealed value or event makes reads of that
# record fail with exit 4 naming it, `audit verify` names the event, other
# records still read, and `store rebuild` restores the case files from the
# log where the log itself is intact.
. "$(dirname "$0")/lib.sh"
P="$TOOLS/sqlpoke"

new_store s
DB="$DOORSTEP_STORE/store.db"
gen_households 3 700000 > "$T/three.jsonl"
sed -n 1p "$T/three.jsonl" | "$D" household add > "$T/a" || fail "adding household A"
sed -n 2p "$T/three.jsonl" | "$D" household add > "$T/b" || fail "adding household B"
sed -n 3p "$T/three.jsonl" | "$D" household add > "$T/c" || fail "adding household C"
A=$(cat "$T/a") B=$(cat "$T/b") C=$(cat "$T/c")
q() { "$P" "$DB" query "$1"; }
ROW_A=$(q "select rowid from household where id='$A'")
EV_A=$(q "select max(seq) from event where entity='$A'")
EV_B=$(q "select max(seq) from event where entity='$B'")
EV_USER=$(q "select seq from event where kind='user.added' limit 1")
LAST=$(q "select max(seq) from event")
echo "# households A $A (event $EV_A), B $B (event $EV_B), C $C; last event $LAST"
for h in A B C; do eval "\"\$D\" household show \"\$$h\" --json > \"\$T/$h.json\""; done
run "$D" audit verify
expect_rc 0 "audit verify of the untouched store"
cp -a "$DOORSTEP_STORE" "$T/pristine"

# fresh: the store as it was before any tampering.
fresh() { rm -rf "$DOORSTEP_STORE"; cp -a "$T/pristine" "$DOORSTEP_STORE"; }
# names_event N WHAT: stderr names "event N" (not event N0, N1...).
names_event() { expect_err "event $1([^0-9]|\$)" "$2 names event $1"; }
# one_line WHAT: stderr is one line.
one_line() {
	[ "$(wc -l < "$T/err")" -eq 1 ] && ok "$1: the message is one line" \
		|| fail "$1: the message is $(wc -l < "$T/err") lines: $(cat "$T/err")"
}
# shows H WHAT: household H shows exactly as before.
shows() {
	eval "id=\$$1"
	run "$D" household show "$id" --json
	if [ "$rc" -eq 0 ] && cmp -s "$T/out" "$T/$1.json"; then ok "$2: household $1 shows as before"
	else fail "$2: household $1: exit $rc, $(head -c 200 "$T/err")"; fi
}

# Where household A's sealed value is: its row's data column when it has a
# copy there, else the body of the event that created it (the store writes a
# new household once, in its event).
if [ -n "$(q "select length(data) from household where id='$A'")" ]; then
	WHERE="household data $ROW_A" IN_LOG=no
	echo "# A's sealed value is in its row"
else
	WHERE="event body $EV_A" IN_LOG=yes
	echo "# A's sealed value is the body of event $EV_A"
fi

# ---- one byte of A's sealed value ------------------------------------------
"$P" "$DB" flip $WHERE 40 || fail "sqlpoke flip $WHERE 40"
run "$D" household show "$A"
expect_rc 4 "show of household A with one byte of its sealed value flipped"
expect_err "household $A" "the message names household A"
names_event "$EV_A" "the message"
one_line "show of A"
cp "$T/err" "$T/show-err"
shows B "A damaged"
shows C "A damaged"
run "$D" household show "$A" --json
expect_rc 4 "show --json of A"
run "$D" audit verify
expect_rc 4 "audit verify with A damaged"
if [ "$IN_LOG" = yes ]; then names_event "$EV_A" "audit verify"
else expect_err "household $A" "audit verify names household A"; fi
one_line "audit verify"
run "$D" store rebuild
if [ "$IN_LOG" = no ]; then
	expect_rc 0 "store rebuild"
	shows A "after rebuild"
	run "$D" audit verify
	expect_rc 0 "audit verify after rebuild"
else
	# The only copy is in the log: rebuild cannot restore it and must say so
	# rather than drop the household.
	expect_rc 4 "store rebuild of a log with a damaged event"
	names_event "$EV_A" "store rebuild"
	shows B "after the refused rebuild"
	if grep -q "rebuild" "$T/show-err"; then
		fail "show of A advises 'store rebuild', which cannot restore it: $(cat "$T/show-err")"
	else
		ok "show of A does not advise a rebuild that cannot help"
	fi
fi

# Every part of the sealed value counts: version byte, nonce, tag.
for off in 0 5 -1; do
	fresh
	"$P" "$DB" flip $WHERE "$off" || fail "sqlpoke flip $WHERE $off"
	run "$D" household show "$A"
	expect_rc 4 "show of A with byte $off of its sealed value flipped"
	expect_err "household $A" "byte $off: the message names household A"
done

# A's row made to point at B's sealed value: it must not open as A.
fresh
if [ "$IN_LOG" = no ]; then
	"$P" "$DB" exec "update household set data=(select data from household where id='$B') where id='$A'"
else
	"$P" "$DB" exec "update household set created_seq=$EV_B where id='$A'"
fi
run "$D" household show "$A" --json
expect_rc 4 "A's row pointed at B's sealed value"
shows B "A pointed at B's value"

# ---- the case files alone (plaintext columns) -------------------------------
fresh
"$P" "$DB" exec "update household set status='stopped' where id='$A'"
run "$D" audit verify
expect_rc 4 "audit verify with A's status changed in the case files"
expect_err "household $A" "audit verify names household A"
run "$D" store rebuild
expect_rc 0 "store rebuild"
shows A "after rebuild"
run "$D" audit verify
expect_rc 0 "audit verify after rebuild"

fresh
"$P" "$DB" exec "delete from household where id='$A'"
run "$D" audit verify
expect_rc 4 "audit verify with A's row deleted"
expect_err "household $A" "audit verify names household A"
run "$D" store rebuild
expect_rc 0 "store rebuild"
shows A "after rebuild"

# ---- one byte of an event body ---------------------------------------------
fresh
"$P" "$DB" flip event body "$EV_B" 30 || fail "sqlpoke flip event body"
run "$D" audit verify
expect_rc 4 "audit verify with event $EV_B's body flipped"
names_event "$EV_B" "audit verify"
one_line "audit verify"
shows A "event $EV_B damaged"
shows C "event $EV_B damaged"

fresh
"$P" "$DB" flip event body "$EV_USER" 30 || fail "sqlpoke flip event body"
run "$D" audit verify
expect_rc 4 "audit verify with the body of event $EV_USER (user.added) flipped"
names_event "$EV_USER" "audit verify"
shows A "event $EV_USER damaged"
run "$D" household list --json
expect_rc 0 "household list with event $EV_USER damaged"

# The first bad event is named.
fresh
"$P" "$DB" flip event body "$EV_B" 30
"$P" "$DB" flip event body "$EV_A" 30
run "$D" audit verify
expect_rc 4 "audit verify with two events damaged"
names_event "$EV_A" "audit verify (the first bad one)"

# ---- the other columns of the log ------------------------------------------
fresh
"$P" "$DB" flip event hash "$EV_A" 7
run "$D" audit verify
expect_rc 4 "audit verify with event $EV_A's hash flipped"
names_event "$EV_A" "audit verify"

fresh
"$P" "$DB" flip event prev "$EV_B" 0
run "$D" audit verify
expect_rc 4 "audit verify with event $EV_B's prev flipped"
names_event "$EV_B" "audit verify"

fresh
"$P" "$DB" exec "update event set author='li' where seq=$EV_A"
run "$D" audit verify
expect_rc 4 "audit verify with event $EV_A's author changed"
names_event "$EV_A" "audit verify"

fresh
"$P" "$DB" exec "update event set kind='household.deleted' where seq=$EV_A"
run "$D" audit verify
expect_rc 4 "audit verify with event $EV_A's kind changed"
names_event "$EV_A" "audit verify"

fresh
"$P" "$DB" exec "delete from checkpoint where dseq=(select max(dseq) from checkpoint)"
run "$D" audit verify
expect_rc 4 "audit verify with the last checkpoint deleted"
names_event "$LAST" "audit verify"

fresh
"$P" "$DB" exec "update checkpoint set sig=zeroblob(64) where dseq=(select max(dseq) from checkpoint)"
run "$D" audit verify
expect_rc 4 "audit verify with the last signature zeroed"
names_event "$LAST" "audit verify"

finish
