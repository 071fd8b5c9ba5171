#!/bin/sh
# Passphrases: a wrong one exits 3 and changes no byte; the ways of giving
# one (file, file descriptor, none at all); the minimum length; passwd.
. "$(dirname "$0")/lib.sh"
P="$TOOLS/sqlpoke"

new_store s
GOOD=$DOORSTEP_PASSPHRASE_FILE
WRONG=$(passfile wrong "correct horse battery t")
gen_households 3 800000 > "$T/three.jsonl"
sed -n 1p "$T/three.jsonl" | "$D" household add > "$T/id" || fail "adding a household"
HID=$(cat "$T/id")
sed -n 2p "$T/three.jsonl" > "$T/h2.json"
tree_sum "$DOORSTEP_STORE" > "$T/sum0"

# same_bytes WHAT: the store is byte for byte as it was at sum0.
same_bytes() {
	tree_sum "$DOORSTEP_STORE" > "$T/sum1"
	if cmp -s "$T/sum0" "$T/sum1"; then ok "$1: no byte of the store changed"
	else fail "$1: the store changed: $(diff "$T/sum0" "$T/sum1" | tr '\n' ' ')"; fi
}

# ---- a wrong passphrase ----------------------------------------------------
export DOORSTEP_PASSPHRASE_FILE="$WRONG"
run "$D" household list
expect_rc 3 "household list with a wrong passphrase"
expect_err "wrong passphrase" "the message says the passphrase is wrong"
[ ! -s "$T/out" ] && ok "nothing on stdout" || fail "stdout: $(head -c 200 "$T/out")"
same_bytes "one wrong attempt"
run "$D" household add --json "$T/h2.json"
expect_rc 3 "household add with a wrong passphrase"
run "$D" store rebuild
expect_rc 3 "store rebuild with a wrong passphrase"
run "$D" audit verify
expect_rc 3 "audit verify with a wrong passphrase"
NEW=$(passfile new "a brand new passphrase")
DOORSTEP_NEW_PASSPHRASE_FILE="$NEW" run "$D" passwd
expect_rc 3 "passwd with a wrong passphrase"
DOORSTEP_NEW_PASSPHRASE_FILE="$NEW" run "$D" user add li --role supervisor
expect_rc 3 "user add with a wrong passphrase"
EMPTY=$(passfile empty "")
DOORSTEP_PASSPHRASE_FILE="$EMPTY" run "$D" household list
expect_rc 3 "an empty passphrase"
same_bytes "seven wrong attempts, writers included"

# ---- --passphrase-fd -------------------------------------------------------
unset DOORSTEP_PASSPHRASE_FILE
run "$D" household list --json --passphrase-fd 3 3< "$GOOD"
expect_rc 0 "--passphrase-fd 3"
expect_out "$HID" "the list holds the household"
run "$D" household show "$HID" --passphrase-fd=3 3< "$GOOD"
expect_rc 0 "--passphrase-fd=3"
printf 'correct horse battery s\n' > "$T/piped"
run "$D" household list --passphrase-fd 0 < "$T/piped"
expect_rc 0 "--passphrase-fd 0 (standard input)"
run "$D" household list --passphrase-fd 3 3< "$WRONG"
expect_rc 3 "--passphrase-fd with a wrong passphrase"
# The descriptor wins over the file.
DOORSTEP_PASSPHRASE_FILE="$WRONG" run "$D" household list --passphrase-fd 3 3< "$GOOD"
expect_rc 0 "--passphrase-fd is used rather than DOORSTEP_PASSPHRASE_FILE"
run "$D" household list --passphrase-fd nine
expect_rc 2 "--passphrase-fd without a number"

# ---- no passphrase and no terminal -----------------------------------------
if setsid -w true 2>/dev/null; then nottys="setsid -w"; else nottys=""; fi
run $nottys "$D" household list < /dev/null
expect_rc 2 "no passphrase and no terminal"
expect_err "DOORSTEP_PASSPHRASE_FILE" "the message names DOORSTEP_PASSPHRASE_FILE"
expect_err "passphrase-fd" "the message names --passphrase-fd"
DOORSTEP_PASSPHRASE_FILE="$T/no-such-file" run "$D" household list
expect_rc 1 "a passphrase file that does not exist"
expect_err "no-such-file" "the message names the file"
same_bytes "the failed attempts"

# ---- a passphrase file others can read or change is refused -------------------
# As ssh does for a private key: the message says how to mend it, exit 1.
for mode in 644 640 604 440 620 602 660 666; do
	chmod "$mode" "$GOOD"
	DOORSTEP_PASSPHRASE_FILE="$GOOD" run "$D" household list
	expect_rc 1 "a passphrase file of mode $mode"
	case $mode in
	?[4-7]? | ??[4-7]) expect_err "^doorstep: DOORSTEP_PASSPHRASE_FILE: $GOOD is readable by others; run chmod 600 $GOOD\$" \
		"mode $mode: the message names the file and says how to fix it" ;;
	*) expect_err "^doorstep: DOORSTEP_PASSPHRASE_FILE: $GOOD can be changed by others; run chmod 600 $GOOD\$" \
		"mode $mode: the message says others can change it, and how to fix it" ;;
	esac
	[ "$(wc -l < "$T/err")" -eq 1 ] && ok "mode $mode: one line" || fail "mode $mode: $(cat "$T/err")"
done
for mode in 600 400; do
	chmod "$mode" "$GOOD"
	DOORSTEP_PASSPHRASE_FILE="$GOOD" run "$D" household list
	expect_rc 0 "a passphrase file of mode $mode is used"
done
# systemd's credentials (LoadCredential=): newer versions leave the copy
# root's, mode 0440 with an access list for the service's user. Inside
# $CREDENTIALS_DIRECTORY that is accepted; the same file elsewhere is not,
# nor one that others can change there.
mkdir -p "$T/creds" "$T/notcreds"
cp "$GOOD" "$T/creds/passphrase"
cp "$GOOD" "$T/notcreds/passphrase"
chmod 440 "$T/creds/passphrase" "$T/notcreds/passphrase"
CREDENTIALS_DIRECTORY="$T/creds" DOORSTEP_PASSPHRASE_FILE="$T/creds/passphrase" run "$D" household list
expect_rc 0 "a 0440 passphrase in the service's credentials folder is used"
CREDENTIALS_DIRECTORY="$T/creds" DOORSTEP_PASSPHRASE_FILE="$T/notcreds/passphrase" run "$D" household list
expect_rc 1 "the same file outside the credentials folder is refused"
chmod 460 "$T/creds/passphrase"
CREDENTIALS_DIRECTORY="$T/creds" DOORSTEP_PASSPHRASE_FILE="$T/creds/passphrase" run "$D" household list
expect_rc 1 "a credential others can change is refused"
chmod 600 "$GOOD"
chmod 644 "$NEW"
DOORSTEP_PASSPHRASE_FILE="$GOOD" DOORSTEP_NEW_PASSPHRASE_FILE="$NEW" run "$D" passwd
expect_rc 1 "passwd with a new passphrase file of mode 644"
expect_err "DOORSTEP_NEW_PASSPHRASE_FILE: $NEW is readable by others; run chmod 600" "the message names DOORSTEP_NEW_PASSPHRASE_FILE"
chmod 600 "$NEW"
WIDE=$(passfile wide "a passphrase for all to see")
chmod 644 "$WIDE"
DOORSTEP_PASSPHRASE_FILE="$WIDE" run "$D" init --store "$T/wide-store" --user wang --role assistant
expect_rc 1 "init with a passphrase file of mode 644"
[ ! -e "$T/wide-store" ] && ok "no store was created" || fail "a store was created"
DOORSTEP_PASSPHRASE_FILE="$WIDE" run "$BUILD/doorstep-county" init --data "$T/wide-county"
expect_rc 1 "doorstep-county init with a passphrase file of mode 644"
expect_err "is readable by others; run chmod 600" "... with the same message"
# Owned by someone else: as root, a file given to nobody; otherwise a file
# of root's (readable, so that the owner is what is refused).
if [ "$(id -u)" -eq 0 ]; then
	OTHER=$(passfile other "correct horse battery s")
	chown 65534 "$OTHER"
else
	OTHER=/etc/passwd
fi
DOORSTEP_PASSPHRASE_FILE="$OTHER" run "$D" household list
expect_rc 1 "a passphrase file owned by another user"
expect_err "$OTHER belongs to another user" "the message says whose it is not"
same_bytes "the refused passphrase files"

# ---- the minimum length, at init -------------------------------------------
for p in "seven77" "七个汉字的口令"; do
	DOORSTEP_PASSPHRASE_FILE=$(passfile pass-short7 "$p") \
		run "$D" init --store "$T/short" --user wang --role assistant
	expect_rc 1 "init with the 7-character passphrase $p"
	expect_err "8" "the message gives the minimum"
	[ ! -e "$T/short" ] && ok "no store was created" || fail "a store was created: $(ls -a "$T/short")"
done
DOORSTEP_PASSPHRASE_FILE=$(passfile pass-eight "eight888") \
	run "$D" init --store "$T/eight" --user wang --role assistant
expect_rc 0 "init with an 8-character passphrase"

# ---- passwd ----------------------------------------------------------------
export DOORSTEP_PASSPHRASE_FILE="$GOOD"
SHORT=$(passfile pass-short5 "short")
DOORSTEP_NEW_PASSPHRASE_FILE="$SHORT" run "$D" passwd
expect_rc 1 "passwd to a 5-character passphrase"
same_bytes "the refused passwd"

"$D" household list --json > "$T/list0"
"$D" household show "$HID" --json > "$T/show0"
# Every table but the key slots, and the slot's user and signer; meta but
# the user table's count and sum (the slot's new MAC is in it).
dump() {
	echo "== meta"; "$P" "$DOORSTEP_STORE/store.db" query "select * from meta where k <> 'rows:user'"
	for t in signer escrow event checkpoint household person; do
		echo "== $t"; "$P" "$DOORSTEP_STORE/store.db" query "select * from $t"
	done
	"$P" "$DOORSTEP_STORE/store.db" query "select name, signer from user"
}
dump > "$T/dump0"
DOORSTEP_NEW_PASSPHRASE_FILE="$NEW" run "$D" passwd
expect_rc 0 "passwd"
run "$D" household list
expect_rc 3 "the old passphrase after passwd"
DOORSTEP_PASSPHRASE_FILE="$NEW" run "$D" household list --json
expect_rc 0 "the new passphrase after passwd"
cmp -s "$T/out" "$T/list0" && ok "household list --json is identical after passwd" \
	|| fail "household list --json differs after passwd"
DOORSTEP_PASSPHRASE_FILE="$NEW" run "$D" household show "$HID" --json
cmp -s "$T/out" "$T/show0" && ok "household show --json is identical after passwd" \
	|| fail "household show --json differs after passwd"
dump > "$T/dump1"
cmp -s "$T/dump0" "$T/dump1" && ok "passwd changed only the key slot" \
	|| fail "passwd changed more than the key slot: $(diff "$T/dump0" "$T/dump1" | head -5 | tr '\n' ' ')"
DOORSTEP_PASSPHRASE_FILE="$NEW" run "$D" audit verify
expect_rc 0 "audit verify after passwd"

# ---- the Argon2id child dies with its parent ---------------------------------
# The key is derived in a child process. The child is found while it
# works and stopped (so it cannot end by finishing); doorstep is killed
# with -9 and the child must go at once (within 0.3 s).
new_store kdf
# alive PID: the process exists and is not a zombie waiting to be reaped
alive() {
	st=$(ps -o stat= -p "$1" 2> /dev/null) || return 1
	case $st in Z*) return 1 ;; esac
	return 0
}
"$D" household list > /dev/null 2>&1 &
parent=$!
child="" i=0
while [ "$i" -lt 400 ] && [ -z "$child" ] && kill -0 "$parent" 2> /dev/null; do
	child=$(pgrep -P "$parent" | head -n 1)
	[ -n "$child" ] || sleep 0.005
	i=$((i + 1))
done
if [ -n "$child" ]; then
	ok "the key derivation runs in a child process ($child)"
	# stopped, it cannot finish its passes on its own: only its parent's
	# death (PR_SET_PDEATHSIG) ends it
	kill -STOP "$child" 2> /dev/null
	kill -9 "$parent"
	wait "$parent" 2> /dev/null
	i=0
	while [ "$i" -lt 30 ] && alive "$child"; do sleep 0.01; i=$((i + 1)); done
	if alive "$child"; then
		fail "the Argon2id child $child still runs after its parent was killed"
		kill -9 "$child" 2> /dev/null
	else
		ok "the Argon2id child is gone within $((i * 10)) ms of kill -9 of its parent"
	fi
else
	wait "$parent"
	fail "no key-derivation child was seen (doorstep exited $?)"
fi

finish
