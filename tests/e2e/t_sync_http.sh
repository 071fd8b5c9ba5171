#!/bin/sh
# t_sync_http.sh — bundles over HTTP to a real doorstep-county on
# 127.0.0.1: offline work on two laptops, the county "comes back" (the
# server starts), push; the server killed while a large bundle goes in and
# started again — nothing lost, nothing doubled; the same result as
# carrying the bundles by hand; an unreachable county says so (exit 6)
# and keeps everything; push exits 9 for a bundle out of order, 5 when the
# laptop is revoked.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
ZP=$(passfile pass-zhang "zhang keeps her own passphrase")
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_wang() { DOORSTEP_STORE="$T/wang" DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
as_zhang() { DOORSTEP_STORE="$T/zhang" DOORSTEP_PASSPHRASE_FILE="$ZP" "$D" "$@"; }
as_county() { DOORSTEP_STORE="$T/county/store" DOORSTEP_PASSPHRASE_FILE="$CP" "$D" "$@"; }
county_events() {
	as_county audit verify 2> /dev/null | sed -n 's/^The log is intact: \([0-9]*\) events.*/\1/p'
}

. "$(dirname "$0")/county_lib.sh"

run county init
expect_rc 0 "the county"
for who in wang zhang; do
	pf=$WP
	[ $who = zhang ] && pf=$ZP
	DOORSTEP_PASSPHRASE_FILE="$pf" run "$D" init --store "$T/$who" --user $who --role assistant --region 440106
	expect_rc 0 "$who's laptop"
	DOORSTEP_STORE="$T/$who" DOORSTEP_PASSPHRASE_FILE="$pf" run "$D" device-key --out "$T/$who.key"
	run county enroll --device-key "$T/$who.key" --user $who --role assistant --area 440106
	expect_rc 0 "the county enrols $who's laptop"
done

# offline: the county is not there yet
run as_wang demo --households 30 --seed 3
run as_zhang demo --households 20 --seed 4
run as_wang enroll --county-key "$T/county/county.pub" --server "http://127.0.0.1:9"
expect_rc 0 "wang enrols with a server address that answers nothing"
DOORSTEP_SYNC_ATTEMPTS=2 run as_wang sync push
expect_rc 6 "push while the county is unreachable"
expect_err "cannot be reached" "... says the county cannot be reached"
run as_wang sync status --json
tr -d ' \n' < "$T/out" | grep -q '"bundles_waiting":1' && ok "... and keeps the bundle to send later" || fail "wang status: $(cat "$T/out")"

# connectivity returns
if start_server; then ok "doorstep-county serves on 127.0.0.1:$PORT"
else fail "doorstep-county serve did not start: $(cat "$T/serve.log")"; finish; exit 1; fi
run as_wang enroll --county-key "$T/county/county.pub" --server "$URL"
run as_zhang enroll --county-key "$T/county/county.pub" --server "$URL"
run as_wang sync push
expect_rc 0 "wang pushes"
# the bundle made while the county was away, and the one holding the
# enrolment with the new address (an event of the log, like any change)
expect_out "^2 bundles acknowledged" "two bundles acknowledged"
run as_zhang sync push
expect_rc 0 "zhang pushes"
run as_wang sync status --json
tr -d ' \n' < "$T/out" | grep -q '"unsent_events":0,"bundles_waiting":0' && ok "wang has nothing waiting" || fail "wang status: $(cat "$T/out")"
run as_wang sync push
expect_rc 0 "pushing again with nothing new"
expect_out "^0 bundles acknowledged" "... sends nothing"

# large bundles on a slow line (200 kB/s); the server killed with -9 while
# they go in, at three moments, and started again each time
for delay in 1.2 2.5 4; do
	run as_wang demo --households 1000 --seed "$((100 + $(echo "$delay" | tr -d .)))"
	DOORSTEP_SYNC_RATE=200000 DOORSTEP_SYNC_ATTEMPTS=1 as_wang sync push > "$T/push.out" 2> "$T/push.err" &
	PUSH=$!
	sleep "$delay"
	kill -9 "$SERVER_PID" 2> /dev/null
	wait "$SERVER_PID" 2> /dev/null
	SERVER_PID=""
	wait "$PUSH"
	echo "# killed after $delay s; the push said: exit $?, $(cat "$T/push.out" "$T/push.err" | tr '\n' ' ' | head -c 200)"
	if start_server; then ok "the county restarts after kill -9 ($delay s into a push)"
	else fail "the server did not restart: $(cat "$T/serve.log")"; fi
done
W0=$(as_wang audit verify | sed -n 's/^The log is intact: \([0-9]*\) events.*/\1/p')
run as_county audit verify
expect_rc 0 "the county's log verifies after the kill"
run as_wang sync push
expect_rc 0 "wang pushes again"
run as_wang sync status --json
tr -d ' \n' < "$T/out" | grep -q '"unsent_events":0,"bundles_waiting":0' && ok "everything acknowledged after the restart" || fail "wang status: $(cat "$T/out")"
run county status --json
WE=$(tr -d ' \n' < "$T/out" | grep -o '"user":"wang","role":"assistant","area":"440106","events":[0-9]*' | grep -o '[0-9]*$')
[ "$WE" = "$W0" ] && ok "the county holds each of wang's $W0 events exactly once" || fail "the county holds $WE of wang's $W0 events"
run as_county household list --csv
N=$(tail -n +2 "$T/out" | wc -l)
[ "$N" -eq 3050 ] && ok "and all 3,050 households, none twice" || fail "the county has $N households, wanted 3050"
E1=$(county_events)

# the same end state as carrying bundles by hand: a third laptop over USB
LP=$(passfile pass-liu "liu keeps her own passphrase")
DOORSTEP_PASSPHRASE_FILE="$LP" run "$D" init --store "$T/liu" --user liu --role assistant --region 440106
as_liu() { DOORSTEP_STORE="$T/liu" DOORSTEP_PASSPHRASE_FILE="$LP" "$D" "$@"; }
run as_liu demo --households 10 --seed 11
run as_liu device-key --out "$T/liu.key"
run county enroll --device-key "$T/liu.key" --user liu --role assistant --area 440106
run as_liu enroll --county-key "$T/county/county.pub"
mkdir -p "$T/usb"
run as_liu sync export --to "$T/usb"
stop_server
run county import "$T/usb"
expect_rc 0 "liu's bundle carried by hand"
run as_liu sync import "$T/usb"
expect_rc 0 "liu takes the receipt"
run as_county household list --csv
N=$(tail -n +2 "$T/out" | wc -l)
[ "$N" -eq 3060 ] && ok "by hand or over the network, the county ends with every household (3,060)" || fail "the county has $N households"
run as_county audit verify
expect_rc 0 "the county's log verifies at the end"

# ---- push exits as the README's table says --------------------------------------
# a laptop restored from a backup sends a different bundle under a number
# the county has: out of order, 9; after sync new-epoch it goes on; a
# revoked laptop is not permitted, 5
if start_server; then ok "the county serves again"
else fail "doorstep-county serve did not start: $(cat "$T/serve.log")"; finish; exit 1; fi
cp -a "$T/zhang" "$T/zhang-backup"
run as_zhang demo --households 2 --seed 21
run as_zhang sync push --server "$URL"
expect_rc 0 "zhang pushes before her laptop breaks"
rm -rf "$T/zhang"
cp -a "$T/zhang-backup" "$T/zhang"
run as_zhang demo --households 2 --seed 22
E0=$(county_events)
run as_zhang sync push --server "$URL"
expect_rc 9 "push from the restored laptop: a different bundle under a number the county has"
expect_err "a different bundle was already received under this number" "... saying so"
[ "$(wc -l < "$T/err")" -eq 1 ] && ok "... in one line" || fail "the message: $(cat "$T/err")"
[ "$(county_events)" = "$E0" ] && ok "the county took nothing of it" || fail "the county's events changed"
run as_zhang sync new-epoch
run as_zhang sync push --server "$URL"
expect_rc 0 "after sync new-epoch the push goes through"
run county revoke --device-key "$T/zhang.key"
run as_zhang demo --households 1 --seed 23
run as_zhang sync push --server "$URL"
expect_rc 5 "push from a revoked laptop"
expect_err "revoked" "... says the laptop is revoked"
stop_server

finish
