#!/bin/sh
# t_sync_progress.sh — a push of several bundles to a real doorstep-county
# on 127.0.0.1 goes over one connection (one connect(), seen by strace),
# and shows "bundle k of n" with the bytes left and the rate on a
# terminal, in English and in Chinese; not on a pipe; a pull over one
# connection too, its bundles taken in.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_wang() { DOORSTEP_STORE="$T/wang" DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }

. "$(dirname "$0")/county_lib.sh"

run county init
expect_rc 0 "the county"
DOORSTEP_PASSPHRASE_FILE="$WP" run "$D" init --store "$T/wang" --user wang --role assistant --region 440106
expect_rc 0 "wang's laptop"
run as_wang device-key --out "$T/wang.key"
run county enroll --device-key "$T/wang.key" --user wang --role assistant --area 440106
expect_rc 0 "the county enrols wang's laptop"

# three bundles waiting: each push to nowhere packs what is new
run as_wang enroll --county-key "$T/county/county.pub" --server "http://127.0.0.1:9"
for seed in 3 4 5; do
	run as_wang demo --households 100 --seed $seed
	DOORSTEP_SYNC_ATTEMPTS=1 run as_wang sync push
done
run as_wang sync status --json
tr -d ' \n' < "$T/out" | grep -q '"bundles_waiting":3' && ok "three bundles wait" || fail "wang status: $(cat "$T/out")"

NOSTRACE=""
if start_server; then ok "doorstep-county serves on 127.0.0.1:$PORT"
else fail "doorstep-county serve did not start: $(cat "$T/serve.log")"; finish; exit 1; fi

# on a terminal (script gives one), slowly enough for a rate: the
# enrolment with the new address makes a fourth (under strace the leak
# checker of make sanitize cannot run: it is told not to)
run as_wang enroll --county-key "$T/county/county.pub" --server "$URL"
cat > "$T/push.sh" <<EOS
DOORSTEP_STORE='$T/wang' DOORSTEP_PASSPHRASE_FILE='$WP' DOORSTEP_SYNC_RATE=40000 \
  ASAN_OPTIONS='${ASAN_OPTIONS:-}:detect_leaks=0' strace -f -qq -e trace=connect -o '$T/strace' '$D' sync push
EOS
if ! strace -qq -e trace=connect -o /dev/null true 2> /dev/null; then
	sed -i 's/strace -f -qq -e trace=connect -o [^ ]* //' "$T/push.sh"
	echo "# strace cannot trace here: the connection is not counted"
	NOSTRACE=1
fi
script -qec "sh '$T/push.sh'" /dev/null > "$T/tty.out" 2>&1
rc=$?
[ $rc = 0 ] && ok "push on a terminal" || fail "push on a terminal: exit $rc: $(tr '\r' '\n' < "$T/tty.out" | tail -5)"
tr '\r' '\n' < "$T/tty.out" > "$T/tty.lines"
grep -q '^4 bundles acknowledged' "$T/tty.lines" && ok "... four bundles acknowledged" || fail "... said: $(cat "$T/tty.lines")"
for k in 1 2 3 4; do
	grep -q "^Bundle $k of 4: [0-9.]* [KM]*i*B left" "$T/tty.lines" && ok "... bundle $k of 4 shown with the bytes left" \
		|| fail "... no bundle $k of 4: $(head -c 600 "$T/tty.lines")"
done
grep -q "^Bundle [1-4] of 4: .* left, [0-9.]* [KM]*i*B a second" "$T/tty.lines" && ok "... and the rate" \
	|| fail "... no rate: $(head -c 600 "$T/tty.lines")"
grep -q "^Bundle 4 of 4: 0 B left" "$T/tty.lines" && ok "... ending with nothing left" || fail "... not ending at 0 B left"
if [ -z "${NOSTRACE:-}" ]; then
	n=$(grep -c "connect(.*sin_port=htons($PORT)" "$T/strace")
	[ "$n" = 1 ] && ok "... over one connection to the county" || fail "... $n connections to port $PORT: $(grep connect "$T/strace" | head -5)"
fi

# not on a pipe
run as_wang demo --households 20 --seed 6
DOORSTEP_SYNC_RATE=40000 run as_wang sync push
expect_rc 0 "push on a pipe"
if grep -q "Bundle" "$T/err" "$T/out"; then fail "... showed progress on a pipe: $(cat "$T/err")"; else ok "... shows no progress there"; fi

# in Chinese, on a terminal
run as_wang demo --households 100 --seed 7
LANG=zh_CN.UTF-8 script -qec "DOORSTEP_STORE='$T/wang' DOORSTEP_PASSPHRASE_FILE='$WP' DOORSTEP_SYNC_RATE=40000 '$D' sync push" /dev/null > "$T/tty.out" 2>&1
tr '\r' '\n' < "$T/tty.out" > "$T/tty.lines"
grep -q "^第 1 个数据包，共 1 个：还剩 " "$T/tty.lines" && ok "bundle k of n in Chinese" || fail "in Chinese: $(head -c 600 "$T/tty.lines")"

# a pull: the county's bundles for wang (his own events come back as
# acknowledged only; the county's to him may be none), over one connection
cat > "$T/pull.sh" <<EOS
DOORSTEP_STORE='$T/wang' DOORSTEP_PASSPHRASE_FILE='$WP' \
  ASAN_OPTIONS='${ASAN_OPTIONS:-}:detect_leaks=0' strace -f -qq -e trace=connect -o '$T/strace2' '$D' sync pull
EOS
[ -n "${NOSTRACE:-}" ] && sed -i 's/strace -f -qq -e trace=connect -o [^ ]* //' "$T/pull.sh"
script -qec "sh '$T/pull.sh'" /dev/null > "$T/tty.out" 2>&1
rc=$?
[ $rc = 0 ] && ok "pull on a terminal" || fail "pull: exit $rc: $(tr '\r' '\n' < "$T/tty.out" | tail -5)"
if [ -z "${NOSTRACE:-}" ]; then
	n=$(grep -c "connect(.*sin_port=htons($PORT)" "$T/strace2")
	[ "$n" = 1 ] && ok "... over one connection" || fail "... $n connections to port $PORT"
fi
stop_server

finish
