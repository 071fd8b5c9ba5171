#!/bin/sh
# t_sync_net.sh — the network around a push: through the proxy that
# http_proxy names (the county sees the bundle, the proxy saw the
# request), and to an https address whose certificate nobody vouches for
# (refused at once, in words, exit 6, the bundle kept for later).
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_wang() { DOORSTEP_STORE="$T/wang" DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
. "$(dirname "$0")/county_lib.sh"
PROXY_PID=""
TLS_PID=""
trap 'stop_server; for p in $PROXY_PID $TLS_PID; do kill $p 2> /dev/null; done; rm -rf "$T"' EXIT INT TERM
unset no_proxy NO_PROXY https_proxy HTTPS_PROXY all_proxy ALL_PROXY

run county init
DOORSTEP_PASSPHRASE_FILE="$WP" run "$D" init --store "$T/wang" --user wang --role assistant --region 440106
run as_wang device-key --out "$T/wang.key"
run county enroll --device-key "$T/wang.key" --user wang --role assistant --area 440106
expect_rc 0 "the county enrols wang's laptop"
run as_wang demo --households 5 --seed 3
if start_server; then ok "doorstep-county serves on 127.0.0.1:$PORT"
else fail "doorstep-county serve did not start: $(cat "$T/serve.log")"; finish; exit 1; fi

# ---- through a proxy ----------------------------------------------------------
"$BUILD/tests/tools/httpproxy" "$T/proxy.port" "$T/proxy.log" 2> "$T/proxy.err" &
PROXY_PID=$!
i=0
while [ ! -s "$T/proxy.port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
PPORT=$(cat "$T/proxy.port" 2> /dev/null)
[ -n "$PPORT" ] && ok "a proxy listens on 127.0.0.1:$PPORT" || fail "the proxy did not start: $(cat "$T/proxy.err")"
for bad in "ftp://127.0.0.1:$PORT" "https://" "http://:$PORT/"; do
	run as_wang enroll --county-key "$T/county/county.pub" --server "$bad"
	expect_rc 2 "enrolling with the server address $bad is refused"
	expect_err "must be an address such as http://county.example:8480" "... saying what an address looks like"
done
run as_wang enroll --county-key "$T/county/county.pub" --server "$URL"
http_proxy="http://127.0.0.1:$PPORT" run as_wang sync push
expect_rc 0 "wang pushes with http_proxy set"
expect_out "^1 bundles acknowledged" "... and the county acknowledges the bundle"
grep -q "^POST http://127.0.0.1:$PORT/bundle HTTP/1.1" "$T/proxy.log" 2> /dev/null &&
	ok "the bundle went through the proxy" || fail "the proxy saw: $(cat "$T/proxy.log" 2> /dev/null)"
run county status --json
tr -d ' \n' < "$T/out" | grep -q '"user":"wang","role":"assistant","area":"440106","events":[1-9]' &&
	ok "the county holds wang's events" || fail "county status: $(cat "$T/out")"
http_proxy="http://127.0.0.1:$PPORT" run as_wang sync pull
expect_rc 0 "wang pulls through the proxy"
grep -q "^GET http://127.0.0.1:$PORT/down/" "$T/proxy.log" && ok "... and the pull went through it too" ||
	fail "the proxy saw: $(cat "$T/proxy.log")"

# ---- https with a certificate nobody vouches for -------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/tls.key" -out "$T/tls.crt" \
	-days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" > /dev/null 2>&1
for try in 1 2 3 4 5 6; do
	TPORT=$((20000 + ($$ + try * 131 + 7) % 20000))
	openssl s_server -quiet -accept "127.0.0.1:$TPORT" -cert "$T/tls.crt" -key "$T/tls.key" -www \
		> "$T/tls.log" 2>&1 &
	TLS_PID=$!
	sleep 0.5
	kill -0 "$TLS_PID" 2> /dev/null && break
	TLS_PID=""
done
[ -n "$TLS_PID" ] && ok "a TLS server with a self-made certificate on 127.0.0.1:$TPORT" || fail "openssl s_server did not start: $(cat "$T/tls.log")"
run as_wang household list --csv
run as_wang enroll --county-key "$T/county/county.pub" --server "https://127.0.0.1:$TPORT"
expect_rc 0 "wang's laptop is pointed at the https address"
run as_wang demo --households 2 --seed 9
START=$(date +%s)
run as_wang sync push
END=$(date +%s)
expect_rc 6 "a push to a server whose certificate is not trusted fails"
expect_err "could not prove it is the county" "... saying so in words"
expect_err "certificate" "... and naming the certificate"
[ $((END - START)) -lt 5 ] && ok "... at once, without retrying what waiting will not mend" || fail "the refused push took $((END - START)) s"
run as_wang sync status --json
tr -d ' \n' < "$T/out" | grep -q '"bundles_waiting":1' && ok "the new bundle is kept to send later" ||
	fail "wang status: $(cat "$T/out")"

finish
