#!/bin/sh
# t_serve_listen.sh — doorstep-county serve as a service: --listen takes
# 127.0.0.1:P, localhost:P, [::1]:P, [::]:P and 0.0.0.0:P (each answers
# /ping there), and a bad one is one line naming --listen (exit 2 for a
# malformed one, 1 for a name that does not resolve or an address not
# this computer's); under systemd (NOTIFY_SOCKET) it says READY=1 once
# listening and STOPPING=1 on SIGTERM; every request and bundle has its
# log line (priority, time, who, what, status, size, duration) and a
# query string never reaches the log; over plain HTTP the console's
# paths answer only a loopback peer (403, logged, from another address
# unless --insecure-console), while /ping answers every address.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_wang() { DOORSTEP_STORE="$T/wang" DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
. "$(dirname "$0")/county_lib.sh"

# serve_at LISTEN [ARGS...]: serve there in the background, log in
# $T/serve.log; 0 once it says it serves (SERVER_PID set), 1 if it ends
# first
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
# a free TCP port on loopback
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
have_v6=0
python3 -c 'import socket; s = socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2> /dev/null && have_v6=1

run county init
expect_rc 0 "the county"

# ---- the forms of --listen ------------------------------------------------------------------

for form in "127.0.0.1" "localhost" "[::1]" "[::]" "0.0.0.0"; do
	case $form in *:*) [ $have_v6 -eq 1 ] || { echo "# no IPv6 loopback here: $form skipped"; continue; } ;; esac
	P=$(free_port)
	if serve_at "$form:$P"; then
		case $form in
		"[::]") url="http://[::1]:$P" ;;
		"0.0.0.0" | localhost) url="http://127.0.0.1:$P" ;;
		*) url="http://$form:$P" ;;
		esac
		body=$(curl -s -m 5 "$url/ping")
		[ "$body" = "doorstep-county" ] && ok "--listen $form:P serves /ping at $url" ||
			fail "--listen $form:P: /ping at $url said '$body'; $(cat "$T/serve.log")"
	else
		fail "--listen $form:P did not start: $(cat "$T/serve.log")"
	fi
	stop_server
done

# a bad --listen: one line naming it
P=$(free_port)
for bad in "8480" "127.0.0.1" "127.0.0.1:" "127.0.0.1:0" "127.0.0.1:70000" "[::1]8480" "::1:8480" "[::1"; do
	run county serve --listen "$bad"
	if [ "$rc" -eq 2 ] && [ "$(wc -l < "$T/err")" -eq 1 ] && grep -q -- "--listen" "$T/err"; then
		ok "--listen '$bad' is wrong use: exit 2, one line naming --listen"
	else fail "--listen '$bad': exit $rc: $(cat "$T/err")"; fi
done
for bad in "no-such-host.invalid:$P" "192.0.2.254:$P"; do
	run county serve --listen "$bad"
	if [ "$rc" -eq 1 ] && [ "$(wc -l < "$T/err")" -eq 1 ] && grep -q -- "--listen" "$T/err"; then
		ok "--listen $bad is bad input: exit 1, one line naming --listen ($(cat "$T/err"))"
	else fail "--listen $bad: exit $rc: $(cat "$T/err")"; fi
done
# in use: a second server on the same port
P=$(free_port)
serve_at "127.0.0.1:$P" || fail "serve: $(cat "$T/serve.log")"
run county serve --listen "127.0.0.1:$P"
[ "$rc" -eq 1 ] && grep -q -- "--listen.*in use" "$T/err" && ok "a port in use: exit 1, naming --listen" ||
	fail "a port in use: exit $rc: $(cat "$T/err")"
stop_server

# ---- systemd's readiness protocol ----------------------------------------------------------------

cat > "$T/notify.py" << 'EOF'
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(20)
with open(sys.argv[2], "w") as out:
    try:
        while True:
            m = s.recv(4096).decode()
            out.write("%.3f %s\n" % (time.time(), m))
            out.flush()
            if "STOPPING=1" in m:
                break
    except socket.timeout:
        pass
EOF
python3 "$T/notify.py" "$T/notify.sock" "$T/notify.got" &
NPY=$!
i=0
while [ ! -S "$T/notify.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
P=$(free_port)
NOTIFY_SOCKET="$T/notify.sock" serve_at "127.0.0.1:$P" || fail "serve under NOTIFY_SOCKET: $(cat "$T/serve.log")"
i=0
while ! grep -q READY=1 "$T/notify.got" 2> /dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q "READY=1" "$T/notify.got" 2> /dev/null && ok "READY=1 sent to NOTIFY_SOCKET once listening" ||
	fail "no READY=1: $(cat "$T/notify.got" 2> /dev/null)"
code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 "http://127.0.0.1:$P/ping")
[ "$code" = 200 ] && ok "... and it answers then" || fail "/ping after READY=1: $code"
grep -q "STOPPING=1" "$T/notify.got" 2> /dev/null && fail "STOPPING=1 before it was stopped" || ok "no STOPPING=1 while it serves"
kill "$SERVER_PID"
wait "$SERVER_PID"
src=$?
SERVER_PID=""
wait "$NPY"
[ "$src" -eq 0 ] && grep -q "STOPPING=1" "$T/notify.got" && ok "STOPPING=1 on SIGTERM, and exit 0" ||
	fail "on SIGTERM: exit $src; notify got: $(cat "$T/notify.got")"
[ "$(grep -c . "$T/notify.got")" -eq 2 ] && ok "... two messages in all" || fail "notify got: $(cat "$T/notify.got")"

# ---- the log and the console's rule ----------------------------------------------------------------

# a laptop, so that there is a bundle and a laptop to name
DOORSTEP_PASSPHRASE_FILE="$WP" run "$D" init --store "$T/wang" --user wang --role assistant --region 440106
run as_wang device-key --out "$T/wang.key"
run county enroll --device-key "$T/wang.key" --user wang --role assistant --area 440106
expect_rc 0 "the county enrols wang's laptop"
DEV8=$(sed -n 's/^device: \(........\).*/\1/p' "$T/wang.key")
run as_wang demo --households 3 --seed 9

P=$(free_port)
serve_at "0.0.0.0:$P" || fail "serve on 0.0.0.0: $(cat "$T/serve.log")"
run as_wang enroll --county-key "$T/county/county.pub" --server "http://127.0.0.1:$P"
expect_rc 0 "wang enrols with the county"
run as_wang sync push
expect_rc 0 "wang pushes"
curl -s -o /dev/null -m 5 "http://127.0.0.1:$P/ping?secret=zzqueryzz"
code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 "http://127.0.0.1:$P/household/H-QQIDQQ?name=zzqueryzz")
[ "$code" = 303 ] && ok "a console path from loopback reaches the console (303: to its login)" ||
	fail "console path from loopback: $code"
run as_wang sync pull
expect_rc 0 "wang pulls"
sleep 0.3
L='^<[3-7]>doorstep-county: [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z who='
grep -Eq "${L}$DEV8/wang bundle=applied epoch=[0-9]+ number=1 events=[1-9][0-9]* size=[1-9][0-9]* wait_ms=[0-9]+ ms=[0-9]+$" "$T/serve.log" &&
	ok "the bundle's line: time, the laptop (short device number/user), applied, its size and times" ||
	fail "no bundle line: $(cat "$T/serve.log")"
grep -Eq "${L}$DEV8/wang what=\"POST /bundle\" status=200 in=[1-9][0-9]* out=[1-9][0-9]* ms=[0-9]+$" "$T/serve.log" &&
	ok "the push's request line: who, what, status, sizes, duration" || fail "no request line for the push: $(cat "$T/serve.log")"
grep -Eq "${L}$DEV8/wang what=\"GET /down/…\" status=(200|204) " "$T/serve.log" &&
	ok "the pull's request line names the laptop, not the path's IDs" || fail "no /down line: $(cat "$T/serve.log")"
grep -Eq "${L}- what=\"GET /ping\" status=200 in=0 out=16 ms=[0-9]+$" "$T/serve.log" && ok "/ping's line: no one" ||
	fail "no /ping line: $(cat "$T/serve.log")"
grep -Eq "^<6>.*what=\"GET /household/…\" status=303" "$T/serve.log" && ok "a console path's line: its page, not its ID, and the console's answer" ||
	fail "no console line: $(cat "$T/serve.log")"
if grep -Eq "zzqueryzz|QQIDQQ|\?" "$T/serve.log"; then fail "a query string or a path's ID in the log: $(grep -E 'zzqueryzz|QQIDQQ|\?' "$T/serve.log")"
else ok "no query string and no ID from a path in the log"; fi
n=$(grep -vEc "${L}|^doorstep-county: serving on " "$T/serve.log")
[ "$n" -eq 0 ] && ok "every log line has the form (priority, time, who)" || fail "$n lines without it: $(grep -vE "${L}|serving on" "$T/serve.log" | head -3)"

# another computer's address (this one's, not loopback), when there is one
ADDR=$(python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect(("192.0.2.1", 9))
a = s.getsockname()[0]
print("" if a.startswith("127.") else a)' 2> /dev/null)
if [ -n "$ADDR" ]; then
	code=$(curl -s -o "$T/body" -w '%{http_code}' -m 5 "http://$ADDR:$P/")
	[ "$code" = 403 ] && ok "over plain HTTP the console refuses a peer that is not loopback ($ADDR): 403" ||
		fail "console from $ADDR: $code $(cat "$T/body")"
	sleep 0.2
	grep -Eq "^<5>.* who=- what=\"GET /\" status=403 " "$T/serve.log" && ok "... and the refusal is logged" ||
		fail "no 403 line: $(cat "$T/serve.log")"
	code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 "http://$ADDR:$P/ping")
	[ "$code" = 200 ] && ok "... while /ping (sync) answers it" || fail "/ping from $ADDR: $code"
	code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 -X POST --data-binary x "http://$ADDR:$P/bundle")
	[ "$code" != 403 ] && [ "$code" != 000 ] && ok "... and /bundle is not refused for its address ($code)" || fail "/bundle from $ADDR: $code"
	stop_server
	P=$(free_port)
	serve_at "0.0.0.0:$P" --insecure-console || fail "serve --insecure-console: $(cat "$T/serve.log")"
	code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 "http://$ADDR:$P/")
	[ "$code" = 303 ] && ok "with --insecure-console the console answers $ADDR too" || fail "--insecure-console: $code"
	if [ $have_v6 -eq 1 ]; then
		# on [::] an IPv4 peer comes as ::ffff:a.b.c.d: loopback still
		# recognised, another address still refused
		stop_server
		P=$(free_port)
		serve_at "[::]:$P" || fail "serve on [::]: $(cat "$T/serve.log")"
		c1=$(curl -s -o /dev/null -w '%{http_code}' -m 5 "http://127.0.0.1:$P/")
		c2=$(curl -s -o /dev/null -w '%{http_code}' -m 5 "http://$ADDR:$P/")
		[ "$c1" = 303 ] && [ "$c2" = 403 ] &&
			ok "on [::] the console answers 127.0.0.1 (mapped) and refuses $ADDR" || fail "on [::]: 127.0.0.1 $c1, $ADDR $c2"
	fi
else
	echo "# no address but loopback here: the console's refusal of other peers is not tried"
fi
stop_server

finish
