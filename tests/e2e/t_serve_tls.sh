#!/bin/sh
# t_serve_tls.sh — doorstep-county serve over HTTPS with a self-made
# certificate (openssl req -x509): a laptop pushes and pulls over
# https:// trusting it with `sync push --ca FILE` (or DOORSTEP_COUNTY_CA),
# and without it refuses the server, sending nothing (exit 6); plain HTTP
# to the HTTPS port gets nothing; a missing, unreadable or wrong
# certificate or key is one line naming --tls-cert or --tls-key; over
# HTTPS the console's paths answer other addresses than loopback.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_wang() { DOORSTEP_STORE="$T/wang" DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
. "$(dirname "$0")/county_lib.sh"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
serve_at() {
	_l=$1
	shift
	# not the last server's log: the new one is written by the child
	rm -f "$T/serve.log"
	DOORSTEP_PASSPHRASE_FILE="$CP" "$C" serve --data "$T/county" --listen "$_l" "$@" \
		2> "$T/serve.log" &
	SERVER_PID=$!
	_i=0
	while [ $_i -lt 100 ]; do
		grep -q "serving on" "$T/serve.log" 2> /dev/null && return 0
		kill -0 "$SERVER_PID" 2> /dev/null || { wait "$SERVER_PID" 2> /dev/null; SERVER_PID=""; return 1; }
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# the county's own certificate, for 127.0.0.1 and localhost
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
	-subj "/CN=county.test" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
	-keyout "$T/key.pem" -out "$T/cert.pem" 2> "$T/err" && ok "a self-made certificate" ||
	{ fail "openssl req: $(cat "$T/err")"; finish; exit 1; }
# another one, whose key is not this certificate's
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
	-subj "/CN=other" -keyout "$T/other-key.pem" -out "$T/other-cert.pem" 2> /dev/null

run county init
expect_rc 0 "the county"
DOORSTEP_PASSPHRASE_FILE="$WP" run "$D" init --store "$T/wang" --user wang --role assistant --region 440106
run as_wang device-key --out "$T/wang.key"
run county enroll --device-key "$T/wang.key" --user wang --role assistant --area 440106
expect_rc 0 "the county enrols wang's laptop"
run as_wang demo --households 4 --seed 21

# ---- what is refused before serving ---------------------------------------------------------------

P=$(free_port)
one_line() { # RC OPTION DESCRIPTION
	if [ "$rc" -eq "$1" ] && [ "$(wc -l < "$T/err")" -eq 1 ] && grep -q -- "$2" "$T/err"; then
		ok "$3: exit $1, one line naming $2"
	else fail "$3: exit $rc: $(cat "$T/err")"; fi
}
run county serve --listen "127.0.0.1:$P" --tls-cert "$T/nope.pem" --tls-key "$T/key.pem"
one_line 1 --tls-cert "a missing certificate file"
run county serve --listen "127.0.0.1:$P" --tls-cert "$T/cert.pem" --tls-key "$T/nope.pem"
one_line 1 --tls-key "a missing key file"
run county serve --listen "127.0.0.1:$P" --tls-cert "$T/key.pem" --tls-key "$T/key.pem"
one_line 1 --tls-cert "a key given as the certificate"
run county serve --listen "127.0.0.1:$P" --tls-cert "$T/cert.pem" --tls-key "$T/cert.pem"
one_line 1 --tls-key "a certificate given as the key"
run county serve --listen "127.0.0.1:$P" --tls-cert "$T/cert.pem" --tls-key "$T/other-key.pem"
one_line 1 --tls-cert "a key that is not the certificate's"
run county serve --listen "127.0.0.1:$P" --tls-cert "$T/cert.pem"
one_line 2 --tls-key "a certificate without a key"
run county serve --listen "127.0.0.1:$P" --tls-key "$T/key.pem"
one_line 2 --tls-cert "a key without a certificate"

# ---- HTTPS --------------------------------------------------------------------------------------------

serve_at "127.0.0.1:$P" --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" ||
	{ fail "serve over HTTPS did not start: $(cat "$T/serve.log")"; finish; exit 1; }
ok "doorstep-county serves HTTPS on 127.0.0.1:$P"
body=$(curl -s -m 5 --cacert "$T/cert.pem" "https://localhost:$P/ping")
[ "$body" = "doorstep-county" ] && ok "/ping over HTTPS, the certificate verified" || fail "/ping over https: '$body'"
code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 "http://127.0.0.1:$P/ping")
[ "$code" = 000 ] && ok "plain HTTP to the HTTPS port gets no answer" || fail "plain HTTP: $code"

run as_wang enroll --county-key "$T/county/county.pub" --server "https://127.0.0.1:$P"
expect_rc 0 "wang's laptop is given the https:// address"
DOORSTEP_SYNC_ATTEMPTS=1 run as_wang sync push
expect_rc 6 "a push not trusting the county's certificate"
expect_err "could not prove it is the county" "... says the server could not prove it is the county"
run as_wang sync status --json
tr -d ' \n' < "$T/out" | grep -q '"bundles_waiting":[1-9]' && ok "... and keeps its bundles" || fail "status: $(cat "$T/out")"
run as_wang sync push --ca "$T/nope.pem"
[ "$rc" -eq 1 ] && grep -q -- "--ca" "$T/err" && [ "$(wc -l < "$T/err")" -eq 1 ] &&
	ok "--ca naming a missing file: exit 1, one line naming --ca" || fail "--ca missing: exit $rc: $(cat "$T/err")"
DOORSTEP_SYNC_ATTEMPTS=1 run as_wang sync push --ca "$T/other-cert.pem"
expect_rc 6 "--ca with another certificate still refuses the server"
run as_wang sync push --ca "$T/cert.pem"
expect_rc 0 "sync push --ca FILE over HTTPS"
expect_out "^[1-9][0-9]* bundles acknowledged" "... its bundles acknowledged"
DOORSTEP_COUNTY_CA="$T/cert.pem" run as_wang sync pull
expect_rc 0 "sync pull over HTTPS trusting DOORSTEP_COUNTY_CA"
sleep 0.3
grep -Eq "^<6>doorstep-county: .* who=[0-9a-f]{8}/wang bundle=applied " "$T/serve.log" &&
	ok "the bundle over HTTPS is logged as applied" || fail "serve.log: $(cat "$T/serve.log")"
run county status --json
tr -d ' \n' < "$T/out" | grep -q '"user":"wang"' && tr -d ' \n' < "$T/out" | grep -Eq '"events":[1-9]' &&
	ok "the county holds wang's events" || fail "county status: $(head -c 400 "$T/out")"

ADDR=$(python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect(("192.0.2.1", 9))
a = s.getsockname()[0]
print("" if a.startswith("127.") else a)' 2> /dev/null)
stop_server
if [ -n "$ADDR" ]; then
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
		-subj "/CN=county.test" -addext "subjectAltName=IP:$ADDR" \
		-keyout "$T/key2.pem" -out "$T/cert2.pem" 2> /dev/null
	P=$(free_port)
	serve_at "0.0.0.0:$P" --tls-cert "$T/cert2.pem" --tls-key "$T/key2.pem" || fail "serve: $(cat "$T/serve.log")"
	code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 --cacert "$T/cert2.pem" "https://$ADDR:$P/")
	[ "$code" = 303 ] && ok "over HTTPS the console's paths answer $ADDR (not loopback)" || fail "console over https from $ADDR: $code"
	stop_server
else
	echo "# no address but loopback here: the console over HTTPS from another address is not tried"
fi

finish
