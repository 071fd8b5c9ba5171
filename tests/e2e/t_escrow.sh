#!/bin/sh
# Escrow: a store made with --county-key can be recovered with the county's
# secret key, and with nothing else. The test makes the county key pairs
# itself (store/KEYS.md has the file format).
. "$(dirname "$0")/lib.sh"
K="$TOOLS/county-keygen"

"$K" "$T/c1.pub" "$T/c1.sec" > "$T/c1.id" || fail "county-keygen c1"
"$K" "$T/c2.pub" "$T/c2.sec" > "$T/c2.id" || fail "county-keygen c2"
KEY1=$(cat "$T/c1.id")

# The key files are as store/KEYS.md describes them.
if grep -qx 'format: doorstep-county-public-1' "$T/c1.pub" &&
   grep -qx "key-id: $KEY1" "$T/c1.pub" &&
   grep -Eqx 'box: [A-Za-z0-9+/]{43}=' "$T/c1.pub" &&
   grep -Eqx 'sign: [A-Za-z0-9+/]{43}=' "$T/c1.pub" &&
   ! grep -q 'secret' "$T/c1.pub"; then ok "the public key file has format, key-id, box and sign"
else fail "the public key file: $(cat "$T/c1.pub")"; fi
if grep -qx 'format: doorstep-county-secret-1' "$T/c1.sec" &&
   grep -Eqx 'box-secret: [A-Za-z0-9+/]{43}=' "$T/c1.sec" &&
   grep -Eqx 'sign-secret: [A-Za-z0-9+/]{86}==' "$T/c1.sec"; then ok "the secret key file has box-secret and sign-secret"
else fail "the secret key file lacks its secret lines"; fi
[ "$(stat -c %a "$T/c1.sec")" = 600 ] && ok "the secret key file is 0600" \
	|| fail "the secret key file is $(stat -c %a "$T/c1.sec")"

# ---- a store with an escrow slot ---------------------------------------------
export DOORSTEP_STORE="$T/s"
OLD=$(passfile pass-old "the passphrase she forgot")
NEW=$(passfile pass-new "the one the county set")
export DOORSTEP_PASSPHRASE_FILE="$OLD"
run "$D" init --user wang --role assistant --region 440106 --county-key "$T/c1.pub"
expect_rc 0 "init --county-key"
expect_out "$KEY1" "init names the county key"
gen_households 3 1000000 > "$T/three.jsonl"
sed -n 1,2p "$T/three.jsonl" > "$T/two.jsonl"
sed -n 3p "$T/three.jsonl" > "$T/h3.json"
run "$D" household import --jsonl "$T/two.jsonl"
expect_rc 0 "two households"
"$D" household list --json > "$T/list0"
tree_sum "$DOORSTEP_STORE" > "$T/sum0"
cp -a "$DOORSTEP_STORE" "$T/s0"

# same_bytes WHAT: nothing in the store changed since sum0.
same_bytes() {
	tree_sum "$DOORSTEP_STORE" > "$T/sum1"
	if cmp -s "$T/sum0" "$T/sum1"; then ok "$1: no byte of the store changed"
	else fail "$1: the store changed"; fi
}

export DOORSTEP_NEW_PASSPHRASE_FILE="$NEW"
run "$D" recover --county-secret-key "$T/c2.sec"
expect_rc 5 "recover with another county's secret key"
expect_err "$(cat "$T/c2.id")|escrow" "the message says the key does not fit"
same_bytes "recover with another county's key"
run "$D" recover
expect_rc 2 "recover without --county-secret-key"
run "$D" recover --county-secret-key "$T/c1.pub"
[ "$rc" -eq 1 ] || [ "$rc" -eq 4 ] && ok "recover with the public file refused (exit $rc)" \
	|| fail "recover with the public file: exit $rc"
same_bytes "recover with the public file"

# damage FILE FIELD POS: the file with the POS-th base64 character of FIELD
# replaced by another valid base64 character, written to FILE.bad.
damage() {
	c=$(sed -n "s/^$2: //p" "$1" | cut -c"$3")
	if [ "$c" = A ]; then r=B; else r=A; fi
	sed "s/^\($2: .\{$(($3 - 1))\}\)./\1$r/" "$1" > "$1.bad"
	cmp -s "$1" "$1.bad" && fail "damage: $2 of $1 did not change"
}
# refused FILE WHAT: recover with FILE is refused in one line, and the store
# is untouched. The store is put back afterwards, so that one failure does
# not spill into the next check.
refused() {
	run "$D" recover --county-secret-key "$1"
	if [ "$rc" -eq 1 ] || [ "$rc" -eq 4 ]; then ok "$2: refused (exit $rc)"
	else fail "$2: exit $rc, wanted 1 or 4; $(head -c 200 "$T/err")"; fi
	[ "$(wc -l < "$T/err")" -eq 1 ] && grep -q "$(basename "$1")" "$T/err" \
		&& ok "$2: one line naming the file" \
		|| fail "$2: the message: $(cat "$T/err")"
	same_bytes "$2"
	rm -rf "$DOORSTEP_STORE"
	cp -a "$T/s0" "$DOORSTEP_STORE"
}
damage "$T/c1.sec" box-secret 10
refused "$T/c1.sec.bad" "a damaged box-secret"
damage "$T/c1.sec" sign-secret 10
refused "$T/c1.sec.bad" "a damaged sign-secret"
damage "$T/c1.sec" box 10
refused "$T/c1.sec.bad" "a damaged box"
damage "$T/c1.sec" key-id 3
refused "$T/c1.sec.bad" "a damaged key-id"
sed 's/^box-secret: \(.\{9\}\)./\1#/' "$T/c1.sec" > "$T/c1.sec.bad"
refused "$T/c1.sec.bad" "a character that is not base64"
run "$D" household list --json
cmp -s "$T/out" "$T/list0" && ok "the old passphrase still works after the refusals" \
	|| fail "the old passphrase no longer works: exit $rc"

# A damaged public key is refused at init, and no store is made.
damage "$T/c1.pub" sign 10
run "$D" init --store "$T/bad" --user wang --role assistant --county-key "$T/c1.pub.bad"
[ "$rc" -eq 1 ] || [ "$rc" -eq 4 ] && ok "init with a damaged county key refused (exit $rc)" \
	|| fail "init with a damaged county key: exit $rc"
[ ! -e "$T/bad" ] && ok "no store was made" || fail "a store was made"

# ---- recovery ------------------------------------------------------------------
run "$D" recover --county-secret-key "$T/c1.sec"
expect_rc 0 "recover with the county's secret key"
run "$D" household list
expect_rc 3 "the old passphrase after recovery"
export DOORSTEP_PASSPHRASE_FILE="$NEW"
run "$D" household list --json
expect_rc 0 "the new passphrase after recovery"
cmp -s "$T/out" "$T/list0" && ok "the households are intact" || fail "the households differ"
run "$D" audit verify
expect_rc 0 "audit verify after recovery"
# The new signing key signs what comes after.
run "$D" household add --json "$T/h3.json"
expect_rc 0 "a household added after recovery"
run "$D" audit verify
expect_rc 0 "audit verify after a change signed with the new key"
expect_out "[^0-9]3 households" "audit verify counts the households"

# ---- a store without an escrow slot --------------------------------------------
new_store plain
run "$D" household list
tree_sum "$DOORSTEP_STORE" > "$T/sum0"
run "$D" recover --county-secret-key "$T/c1.sec"
expect_rc 5 "recover of a store made without --county-key"
same_bytes "recover without an escrow slot"

finish
