#!/bin/sh
# t_sync_reassign.sh — a household handed from one assistant to another:
# the county moves it (doorstep-county reassign); the new assistant's
# laptop gets it with its history at the next pull and can work on it;
# the old one's caseload no longer lists it; wrong names are refused.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
ZP=$(passfile pass-zhang "zhang keeps her own passphrase")
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_wang() { DOORSTEP_STORE="$T/wang" DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
as_zhang() { DOORSTEP_STORE="$T/zhang" DOORSTEP_PASSPHRASE_FILE="$ZP" "$D" "$@"; }
. "$(dirname "$0")/county_lib.sh"

run county init
for who in wang zhang; do
	pf=$WP
	[ $who = zhang ] && pf=$ZP
	DOORSTEP_PASSPHRASE_FILE="$pf" run "$D" init --store "$T/$who" --user $who --role assistant --region 440106
	DOORSTEP_STORE="$T/$who" DOORSTEP_PASSPHRASE_FILE="$pf" run "$D" device-key --out "$T/$who.key"
	run county enroll --device-key "$T/$who.key" --user $who --role assistant --area 440106
	expect_rc 0 "the county enrols $who's laptop"
done
if start_server; then ok "doorstep-county serves on 127.0.0.1:$PORT"
else fail "doorstep-county serve did not start: $(cat "$T/serve.log")"; finish; exit 1; fi
run as_wang enroll --county-key "$T/county/county.pub" --server "$URL"
run as_zhang enroll --county-key "$T/county/county.pub" --server "$URL"
run as_wang demo --households 5 --seed 3
run as_zhang demo --households 2 --seed 4
run as_wang sync push
expect_rc 0 "wang pushes his 5 households"
run as_zhang sync push
run as_zhang sync pull
expect_rc 0 "zhang pulls before anything is moved"
run as_wang household list --csv
H=$(sed -n 2p "$T/out" | cut -d, -f1 | tr -d '"')
NAME=$(sed -n 2p "$T/out" | cut -d, -f3 | tr -d '"')
[ -n "$H" ] && ok "wang's first household is $H" || fail "no household in wang's list"

# wrong names, refused with nothing changed
run county reassign --household "$H" --to nobody
expect_rc 1 "moving it to someone with no laptop here is refused"
expect_err "nobody has no laptop enrolled here as an assistant" "... saying who"
run county reassign --household zzzzzzzzzzzz --to zhang
expect_rc 1 "moving a household the county does not have is refused"
expect_err "no household" "... saying so"
run county reassign --household "$H"
expect_rc 2 "--to is needed"

run county reassign --household "$H" --to zhang
expect_rc 0 "the county moves $H to zhang"
expect_out "is now zhang's" "... and says where it goes"
run county reassign --household "$H" --to zhang
expect_rc 0 "moving it again to the same person"
expect_out "already; nothing changed" "... changes nothing"

run as_zhang sync pull
expect_rc 0 "zhang pulls"
run as_zhang household list --csv
grep -q "^\"$H\"," "$T/out" && ok "zhang's caseload now lists $H" || fail "zhang's list: $(cat "$T/out")"
[ "$(tail -n +2 "$T/out" | wc -l)" -eq 3 ] && ok "... beside her own two" || fail "zhang lists $(tail -n +2 "$T/out" | wc -l)"
run as_zhang household show "$H"
expect_rc 0 "zhang opens it"
expect_out "$NAME" "... with the family's names"
run as_zhang assess "$H"
expect_rc 0 "zhang assesses it"
run as_zhang sync push
expect_rc 0 "zhang pushes"
expect_out "^1 bundles acknowledged" "... and her assessment of it reaches the county"
run as_zhang audit verify
expect_rc 0 "zhang's log verifies with wang's events in it"

run as_wang sync pull
expect_rc 0 "wang pulls"
run as_wang household list --csv
grep -q "^\"$H\"," "$T/out" && fail "wang still lists $H" || ok "wang's caseload no longer lists $H"
[ "$(tail -n +2 "$T/out" | wc -l)" -eq 4 ] && ok "... and keeps his other four" || fail "wang lists $(tail -n +2 "$T/out" | wc -l)"
run as_wang household show "$H"
expect_rc 0 "its file is still there to read on wang's laptop"
expect_out "The county has handed this household to zhang; it is no longer in your caseload" "... saying whose it is now"
run as_zhang household show "$H"
grep -q "handed this household" "$T/out" && fail "zhang is told it was handed away: $(cat "$T/out")" || ok "zhang, whose it is, is not told it went elsewhere"

finish
