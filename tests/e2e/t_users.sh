#!/bin/sh
# Several people on one laptop: user add, choosing who runs a command, each
# with their own passphrase, and both named as authors in the log.
. "$(dirname "$0")/lib.sh"

new_store s wang assistant
WANG=$DOORSTEP_PASSPHRASE_FILE
# word W: a regular expression for W as a whole word.
word() { echo "(^|[^[:alnum:]_])$1([^[:alnum:]_]|\$)"; }
LI=$(passfile pass-li "li has her own passphrase")
gen_households 2 900000 > "$T/two.jsonl"
sed -n 1p "$T/two.jsonl" > "$T/h1.json"
sed -n 2p "$T/two.jsonl" > "$T/h2.json"
run "$D" household add --json "$T/h1.json"
expect_rc 0 "wang adds a household while alone (no --user needed)"

DOORSTEP_NEW_PASSPHRASE_FILE="$LI" run "$D" user add li --role supervisor
expect_rc 0 "user add li --role supervisor"
expect_out "li" "user add names li"

# ---- with two users, say who ------------------------------------------------
run "$D" household list
expect_rc 2 "two users and no --user"
expect_err "$(word li)" "the message names li"
expect_err "$(word wang)" "the message names wang"
DOORSTEP_PASSPHRASE_FILE="$LI" run "$D" household list --user li
expect_rc 0 "--user li with li's passphrase"
DOORSTEP_PASSPHRASE_FILE="$LI" DOORSTEP_USER=li run "$D" household list
expect_rc 0 "DOORSTEP_USER=li with li's passphrase"
run "$D" household list --user wang
expect_rc 0 "--user wang with wang's passphrase"
DOORSTEP_PASSPHRASE_FILE="$LI" DOORSTEP_USER=wang run "$D" household list --user li
expect_rc 0 "--user wins over DOORSTEP_USER"

tree_sum "$DOORSTEP_STORE" > "$T/sum0"
DOORSTEP_PASSPHRASE_FILE="$LI" run "$D" household list --user wang
expect_rc 3 "li's passphrase does not unlock wang"
run "$D" household list --user li
expect_rc 3 "wang's passphrase does not unlock li"
run "$D" household list --user zhao
expect_rc 1 "an unknown user"
expect_err "$(word zhao)" "the message names the unknown user"
expect_err "$(word li)" "the message names li"
expect_err "$(word wang)" "the message names wang"
DOORSTEP_NEW_PASSPHRASE_FILE="$LI" run "$D" user add zhao --role boss --user wang
expect_rc 2 "user add with a bad role"
expect_err "assistant" "the message lists the roles"
DOORSTEP_NEW_PASSPHRASE_FILE="$LI" run "$D" user add zhao --user wang
expect_rc 2 "user add without --role"
DOORSTEP_NEW_PASSPHRASE_FILE="$LI" run "$D" user add li --role reviewer --user wang
expect_rc 1 "user add of an existing name"
tree_sum "$DOORSTEP_STORE" > "$T/sum1"
cmp -s "$T/sum0" "$T/sum1" && ok "the refused commands changed no byte" \
	|| fail "the store changed: $(diff "$T/sum0" "$T/sum1" | tr '\n' ' ')"

run "$D" user list --user wang
expect_rc 0 "user list"
expect_out "^li[[:space:]]+supervisor" "li is a supervisor"
expect_out "^wang[[:space:]]+assistant" "wang is an assistant"

# ---- both are authors --------------------------------------------------------
DOORSTEP_PASSPHRASE_FILE="$LI" run "$D" household add --json "$T/h2.json" --user li
expect_rc 0 "li adds a household"
run "$D" audit verify --user wang
expect_rc 0 "audit verify"
expect_out "^Written by:.*$(word wang)" "audit verify names wang as an author"
expect_out "^Written by:.*$(word li)" "audit verify names li as an author"
DOORSTEP_PASSPHRASE_FILE="$LI" run "$D" household list --json --user li
expect_rc 0 "li lists the households"
n=$(grep -c '"id":"' "$T/out")
[ "$n" -eq 2 ] && ok "li sees both households" || fail "li sees $n households"

finish
