#!/bin/sh
# t_county_abuse.sh — doorstep-county serve under abuse on 127.0.0.1: it
# keeps nothing it cannot attribute and keeps serving. Eight 256 MB
# uploads at once that are not bundles leave the database as it was, the
# server small and /ping quick; a Content-Length over the limit is refused
# before its body; a chunked body is cut at the limit; 1,100 slow
# connections from one address leave another address served (/ping and a
# real push), and a connection that trickles forever is cut at the
# deadline; GET /down/ answers only a request signed by the enrolled,
# not revoked device, once — unsigned, replayed, signed by another
# device, too old, or from before the server started are refused naming
# no one — and an ordinary pull still works.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
ZP=$(passfile pass-zhang "zhang keeps her own passphrase")
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_wang() { DOORSTEP_STORE="$T/wang" DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
as_zhang() { DOORSTEP_STORE="$T/zhang" DOORSTEP_PASSPHRASE_FILE="$ZP" "$D" "$@"; }
. "$(dirname "$0")/county_lib.sh"
DB="$T/county/store/store.db"
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# db_size: the county database's pages and the bytes of its file and WAL
db_size() {
	pages=$("$TOOLS/sqlpoke" "$DB" query "pragma page_count")
	bytes=$(($(wc -c < "$DB") + $( [ -f "$DB-wal" ] && wc -c < "$DB-wal" || echo 0)))
	echo "$pages pages, $bytes bytes"
}
# ping_max N: the slowest of N pings a fifth of a second apart, seconds
ping_max() {
	_i=0 _max=0
	while [ $_i -lt "$1" ]; do
		_t=$(curl -s -o /dev/null -w '%{time_total}' --max-time 10 "$URL/ping" || echo 99)
		_max=$(awk -v a="$_max" -v b="$_t" 'BEGIN { print (b > a) ? b : a }')
		sleep 0.2
		_i=$((_i + 1))
	done
	echo "$_max"
}
# get_down STORE_PASSFILE STORE USER NUMBER [TIME [DEVICE]]: a signed GET
# made by the downreq tool; the answer in $T/body, the status in $code
get_down() {
	DOORSTEP_PASSPHRASE_FILE="$1" "$TOOLS/downreq" "$2" "$3" "$4" ${5:+"$5"} ${6:+"$6"} > "$T/req" ||
		{ code=tool; return; }
	code=$(curl -s -o "$T/body" -w '%{http_code}' -H "$(sed -n 2p "$T/req")" \
		-H "$(sed -n 3p "$T/req")" "$URL$(sed -n 1p "$T/req")")
}
# names_no_one: the last answer names neither laptop's user nor revocation
names_no_one() {
	if grep -qi -e wang -e zhang -e revoked "$T/body"; then fail "$1 names someone: $(cat "$T/body")"
	else ok "$1 names no one ($(head -c 80 "$T/body" | tr '\n' ' '))"; fi
}

t_all=$(now)
# ---- set-up: a county, two laptops, the server -------------------------------------------

run county init
expect_rc 0 "the county"
for who in wang zhang; do
	pf=$WP
	[ $who = zhang ] && pf=$ZP
	DOORSTEP_PASSPHRASE_FILE="$pf" run "$D" init --store "$T/$who" --user $who --role assistant --region 440106
	DOORSTEP_STORE="$T/$who" DOORSTEP_PASSPHRASE_FILE="$pf" run "$D" device-key --out "$T/$who.key"
	run county enroll --device-key "$T/$who.key" --user $who --role assistant --area 440106
	expect_rc 0 "the county enrols $who's laptop"
done
run as_wang demo --households 5 --seed 3
run as_zhang demo --households 5 --seed 4
if start_server; then ok "doorstep-county serves on 127.0.0.1:$PORT"
else fail "doorstep-county serve did not start: $(cat "$T/serve.log")"; finish; exit 1; fi
for who in wang zhang; do
	run "as_$who" enroll --county-key "$T/county/county.pub" --server "$URL"
	run "as_$who" sync push
	expect_rc 0 "$who pushes"
done
run as_wang sync pull
expect_rc 0 "wang pulls (each request signed) before anything else"

# ---- 8 uploads of 256 MB at once that are not bundles ---------------------------------------------

truncate -s 256M "$T/junk"
S0=$(db_size)
t0=$(now)
i=1
pids=""
while [ $i -le 8 ]; do
	curl -s -o "$T/junk.$i" -w '%{http_code}\n' --max-time 120 -X POST \
		-H 'Content-Type: application/octet-stream' -T "$T/junk" "$URL/bundle" > "$T/junk.$i.code" &
	pids="$pids $!"
	i=$((i + 1))
done
sleep 0.5
P=$(ping_max 5)
for p in $pids; do wait "$p"; done
echo "# 8 x 256 MiB of zeros went in $(since "$t0") s; the slowest /ping meanwhile: $P s"
awk -v p="$P" 'BEGIN { exit !(p < 1) }' && ok "/ping answers within a second while they arrive ($P s)" ||
	fail "/ping took $P s while the junk arrived"
[ "$(cat "$T"/junk.*.code | sort -u)" = 422 ] && ok "each is answered 422" ||
	fail "the uploads were answered: $(cat "$T"/junk.*.code | tr '\n' ' ')"
grep -q "bundle: not a bundle" "$T/junk.1" && ok "... with its reason: $(cat "$T/junk.1")" ||
	fail "the answer: $(head -c 200 "$T/junk.1")"
S1=$(db_size)
[ "$S1" = "$S0" ] && ok "the county database is as it was ($S1)" || fail "the database grew: $S0 -> $S1"
HWM=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SERVER_PID/status")
[ "$HWM" -lt 204800 ] && ok "the server never held more than $((HWM / 1024)) MiB" ||
	fail "the server's memory reached $((HWM / 1024)) MiB"
rm -f "$T/junk" "$T"/junk.*

# ---- too large, said before the body; a chunked body cut --------------------------------------------

t0=$(now)
code=$(curl -s -o "$T/body" -w '%{http_code}' --max-time 10 -X POST -H 'Expect:' \
	-H 'Content-Length: 300000000' "$URL/bundle")
took=$(since "$t0")
[ "$code" = 413 ] && ok "a Content-Length of 300,000,000 is answered 413 ($(cat "$T/body" | tr -d '\n'))" ||
	fail "Content-Length 300000000: $code $(cat "$T/body")"
awk -v t="$took" 'BEGIN { exit !(t < 2) }' && ok "... at once, without the body ($took s)" ||
	fail "... after $took s"
t0=$(now)
rm -f "$T/body"
head -c 300000000 /dev/zero | curl -s -o "$T/body" -w '%{http_code}' --max-time 60 -X POST \
	-T - "$URL/bundle" > "$T/code" 2> /dev/null
crc=$?
echo "# a chunked body of 300,000,000 bytes: curl exit $crc, last status $(cat "$T/code"), after $(since "$t0") s"
[ "$crc" -ne 0 ] && [ ! -s "$T/body" ] && grep -Eq '^(000|100)$' "$T/code" &&
	ok "a chunked body over the limit is cut there (the connection closed, no answer possible mid-body)" ||
	fail "a chunked body over the limit: curl exit $crc, $(cat "$T/code") $(head -c 200 "$T/body" 2> /dev/null)"
[ "$(db_size)" = "$S0" ] && ok "... and the database is still as it was" || fail "the database grew: $S0 -> $(db_size)"
kill -0 "$SERVER_PID" 2> /dev/null && ok "the server is still up" || fail "the server is gone"

# ---- 1,100 slow connections from one address ------------------------------------------------------

"$TOOLS/slowconn" 127.0.0.1 "$PORT" 1100 6 127.0.0.2 > "$T/slow.out" &
SLOW=$!
sleep 3
P=$(ping_max 3)
awk -v p="$P" 'BEGIN { exit !(p < 1) }' && ok "with 1,100 slow connections from 127.0.0.2, /ping from 127.0.0.1 answers ($P s)" ||
	fail "/ping took $P s"
run as_wang demo --households 2 --seed 5
run as_wang sync push
expect_rc 0 "... and wang's push goes through"
expect_out "^1 bundles acknowledged" "... acknowledged"
wait "$SLOW"
echo "# slowconn: $(cat "$T/slow.out")"
# what the server keeps is what is still open at the end: on a loaded
# machine (make sanitize) it closes the ones past its limit more than the
# two seconds slowconn calls "refused" after opening them, so "held"
# counts those too
left=$(sed -n 's/.* open-at-end \([0-9]*\).*/\1/p' "$T/slow.out")
[ -n "$left" ] && [ "$left" -le 256 ] && ok "the server kept at most 256 of them (COUNTY_MAX_PER_ADDRESS) ($left), closing the rest" ||
	fail "slowconn: $(cat "$T/slow.out")"

# ---- the deadline: a connection that never stops trickling is cut --------------------------------

stop_server
DOORSTEP_COUNTY_REQUEST_SECONDS=3 start_server || fail "restart: $(cat "$T/serve.log")"
"$TOOLS/slowconn" 127.0.0.1 "$PORT" 4 8 > "$T/slow.out"
echo "# slowconn against a 3 s deadline: $(cat "$T/slow.out")"
# once in a clean-check all four were closed at once, none held (refused
# 4, longest 0.0) — what the deadline cannot cause; measured once more
# when so, and the first measure kept in the log
if grep -q 'refused 4 ' "$T/slow.out"; then
	sleep 1
	"$TOOLS/slowconn" 127.0.0.1 "$PORT" 4 8 > "$T/slow.out"
	echo "# ... again: $(cat "$T/slow.out")"
fi
grep -Eq 'held 4 +longest [3-6]\.[0-9] +open-at-end 0' "$T/slow.out" &&
	ok "connections trickling a byte every half second are cut at the deadline, not kept" ||
	fail "slowconn: $(cat "$T/slow.out")"
stop_server
start_server || fail "restart: $(cat "$T/serve.log")"

# ---- GET /down/: only the device, signed, once -------------------------------------------------

WANG=$(sed -n 's/^device: //p' "$T/wang.key")
ZHANG=$(sed -n 's/^device: //p' "$T/zhang.key")
code=$(curl -s -o "$T/body" -w '%{http_code}' "$URL/down/$WANG/1")
[ "$code" = 403 ] && ok "an unsigned GET /down/ is refused (403)" || fail "unsigned: $code $(cat "$T/body")"
names_no_one "... the refusal"
get_down "$WP" "$T/wang" wang 1
[ "$code" = 200 ] && ok "a GET signed by wang's laptop gets its bundle 1" || fail "signed: $code $(head -c 200 "$T/body")"
code=$(curl -s -o "$T/body" -w '%{http_code}' -H "$(sed -n 2p "$T/req")" \
	-H "$(sed -n 3p "$T/req")" "$URL$(sed -n 1p "$T/req")")
[ "$code" = 403 ] && ok "the same request again (a replay) is refused" || fail "replay: $code $(head -c 200 "$T/body")"
names_no_one "... the refusal"
get_down "$ZP" "$T/zhang" zhang 1 "$(date +%s)" "$WANG"
[ "$code" = 403 ] && ok "a request for wang's bundle signed by zhang's laptop is refused" || fail "other device: $code $(head -c 200 "$T/body")"
names_no_one "... the refusal"
get_down "$WP" "$T/wang" wang 1 "$(($(date +%s) - 3600))"
[ "$code" = 403 ] && ok "a request signed an hour ago is refused" || fail "old: $code $(head -c 200 "$T/body")"
names_no_one "... the refusal"
grep -q "clock" "$T/body" && ok "... saying the time is off" || fail "old: $(cat "$T/body")"
get_down "$WP" "$T/wang" wang 1 "$(($(date +%s) - 120))"
[ "$code" = 403 ] && ok "a request signed before the server started (a replay it may have forgotten) is refused" ||
	fail "before start: $code $(head -c 200 "$T/body")"
get_down "$WP" "$T/wang" wang 2
sed -i "1s|/2\$|/1|" "$T/req"
code=$(curl -s -o "$T/body" -w '%{http_code}' -H "$(sed -n 2p "$T/req")" \
	-H "$(sed -n 3p "$T/req")" "$URL$(sed -n 1p "$T/req")")
[ "$code" = 403 ] && ok "a request signed for bundle 2 does not fetch bundle 1" || fail "other number: $code"
run county revoke --device-key "$T/zhang.key"
expect_rc 0 "the county revokes zhang's laptop"
get_down "$ZP" "$T/zhang" zhang 1
[ "$code" = 403 ] && ok "a request signed by the revoked laptop is refused" || fail "revoked: $code $(head -c 200 "$T/body")"
names_no_one "... the refusal"
unknown=00112233445566778899aabbccddeeff
get_down "$ZP" "$T/zhang" zhang 1 "$(date +%s)" "$unknown"
cp "$T/body" "$T/body.unknown"
get_down "$ZP" "$T/zhang" zhang 1
cmp -s "$T/body" "$T/body.unknown" && ok "... with the same words as for a device never enrolled" ||
	fail "revoked: $(cat "$T/body"); unknown: $(cat "$T/body.unknown")"
run as_zhang sync pull
expect_rc 5 "zhang's pull is refused: not permitted"
grep -qi -e zhang -e revoked "$T/err" && fail "the refusal names: $(cat "$T/err")" || ok "... naming no one"

# ---- and the ordinary pull -----------------------------------------------------------------------

run as_zhang demo --households 1 --seed 6
run as_wang sync pull
expect_rc 0 "wang's ordinary pull still works"
run as_wang sync push
expect_rc 0 "... and his push"

echo "# all: $(since "$t_all") s"
finish
