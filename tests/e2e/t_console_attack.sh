#!/bin/sh
# t_console_attack.sh — the web console attacked with curl against a real
# doorstep-county serve on 127.0.0.1 (a reviewer's findings, each a check):
# many wrong passwords sent at once held to the lockout's free tries; a
# session cookie planted before login not kept (fixation); a logged-out
# session dead; the CSRF token tied to its session; method confusion and
# path tricks never reaching an admin page for an officer; malformed and
# huge form bodies refused without harm; markup in query values escaped;
# nothing typed that is no account (an ID number) in either log.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
OP=$(passfile pass-office "ana's office password")
AP=$(passfile pass-admin "the admin's office password")
. "$(dirname "$0")/county_lib.sh"
. "$(dirname "$0")/console_lib.sh"

county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
step() { what=$1; shift; run "$@"; [ "$rc" -eq 0 ] || fail "$what: exit $rc: $(head -c 300 "$T/err")"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

step "county" county init
DOORSTEP_OFFICE_PASSWORD_FILE="$OP" step "ana" county user add ana --role officer
DOORSTEP_OFFICE_PASSWORD_FILE="$OP" step "ben" county user add ben --role officer
DOORSTEP_OFFICE_PASSWORD_FILE="$AP" step "root" county user add root --role admin
start_server || { fail "the server did not start: $(cat "$T/serve.log")"; finish; exit 1; }
ID=$(id18 44010619700101001)

# ---- the lockout against wrong passwords sent all at once ----------------------------
# (from 127.0.0.2, so the address held back is not the one the rest uses)
req race GET /login
tok=$(csrf)
pids=""
for i in $(seq 1 12); do
	curl -s --interface 127.0.0.2 -o /dev/null -w '%{http_code}\n' -b "$T/race" -H "Accept-Language: en" \
		--data "csrf=$tok&name=ben&password=guess$i" "$URL/login" >> "$T/race.codes" &
	pids="$pids $!"
done
for p in $pids; do wait "$p"; done
n401=$(grep -c '^401$' "$T/race.codes")
n429=$(grep -c '^429$' "$T/race.codes")
[ "$n401" -le 3 ] && [ $((n401 + n429)) -eq 12 ] \
	&& ok "12 wrong passwords at once: $n401 checked, the rest held back (429)" \
	|| fail "12 wrong passwords at once: $n401 checked (401), $n429 held back: the lockout is raced past"

# ... while an office behind one address logging in at once is not held back
for i in 1 2 3 4 5 6 7 8; do DOORSTEP_OFFICE_PASSWORD_FILE="$OP" step "o$i" county user add "o$i" --role officer; done
pids=""
for i in 1 2 3 4 5 6 7 8; do
	( curl -s -o /dev/null -c "$T/o$i" "$URL/login"
	  t=$(sed -n 's/.*ds_login\t\([0-9a-f]*\)$/\1/p' "$T/o$i")
	  curl -s -o /dev/null -w '%{http_code}\n' -b "$T/o$i" --data "csrf=$t&name=o$i" \
		--data-urlencode "password=ana's office password" "$URL/login" >> "$T/office.codes" ) &
	pids="$pids $!"
done
for p in $pids; do wait "$p"; done
[ "$(grep -c '^303$' "$T/office.codes")" -eq 8 ] && ok "8 accounts logging in at once from one address: all in" \
	|| fail "8 logins at once: $(sort "$T/office.codes" | uniq -c | tr '\n' ' ')"

# ---- sessions ---------------------------------------------------------------------------
planted=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tds_session\t%s\n' "$planted" > "$T/fix"
login fix ana "ana's office password"
[ "$code" = 303 ] && ok "ana logs in with a planted session cookie" || fail "login: $code"
grep -qi "^set-cookie: ds_session=$planted" "$T/h" && fail "the planted session token is kept" \
	|| ok "... the session is a new token, not the planted one"
req fix GET /
[ "$code" = 200 ] && ok "... and works" || fail "after login: $code"
cp "$T/fix" "$T/stolen"
tok=$(csrf)
req fix POST /logout --data "csrf=$tok"
req stolen GET /
[ "$code" = 303 ] && ok "the session's cookie kept from before the logout: dead" || fail "after logout: $code"

login pw ana "ana's office password"
NP=$(passfile pass-new "ana's new office password")
DOORSTEP_OFFICE_PASSWORD_FILE="$NP" step "ana's password changed" county user passwd ana
req pw GET /
[ "$code" = 303 ] && ok "a session opened with the old password ends when it is changed" || fail "after user passwd: $code"
expect_log "^ana session password changed 303 login$" "... logged"
DOORSTEP_OFFICE_PASSWORD_FILE="$OP" step "ana's password back" county user passwd ana

login j1 ana "ana's office password"
req j1 GET /
tok1=$(csrf)
login j2 root "the admin's office password"
req j2 GET /
tok2=$(csrf)
req j2 POST /logout --data "csrf=$tok1"
[ "$code" = 403 ] && ok "another session's CSRF token is refused (403)" || fail "cross-session csrf: $code"
req j2 GET /login
pre=$(csrf)
req j2 POST /logout --data "csrf=$pre"
[ "$code" = 403 ] && ok "the pre-login token is no session's CSRF token (403)" || fail "pre-login token: $code"
printf '' > "$T/nocookie"
curl -s -o "$T/b" -w '%{http_code}' -H "Accept-Language: en" --data "csrf=$pre&name=ana&password=x" "$URL/login" > "$T/c"
[ "$(cat "$T/c")" = 403 ] && ok "a login without its pre-login cookie is refused (403)" || fail "login without cookie: $(cat "$T/c")"

# ---- methods and paths as an officer ----------------------------------------------------
for p in /users /users/ //users /USERS /%75sers "/household/../users" "/household/%2e%2e/users" "/./users" "/users?x=1&x=2"; do
	req j1 GET "$p"
	case $code in 403|404) ;; *) fail "officer GET $p: $code"; continue ;; esac
	grep -q 'id="users"\|<td>root</td>' "$T/b" && fail "officer GET $p: the accounts shown" || ok "officer GET $p: $code, no accounts"
done
req j1 GET /logout
[ "$code" = 405 ] && ok "GET /logout: 405" || fail "GET /logout: $code"
req j1 GET "/roll/issue?month=2026-11&csrf=$tok1"
[ "$code" = 405 ] && ok "an action by GET: 405" || fail "GET /roll/issue: $code"
req j1 POST "/users" --data "csrf=$tok1"
[ "$code" = 405 ] && ok "POST to a page: 405" || fail "POST /users: $code"
req j1 POST "/laptops/enrol" --data "csrf=$tok1&key=x&user=u&role=assistant&area=440106"
[ "$code" = 403 ] && ok "an officer's enrol with a good token: 403" || fail "officer enrol: $code"
long=$(head -c 6000 /dev/zero | tr '\0' a)
req j1 GET "/household/$long"
case $code in 404|414|400) ok "a very long path: $code" ;; *) fail "long path: $code" ;; esac
req j1 GET "/households?status=$long&status=x&list=all&list=paid"
case $code in 200|404|414) ok "a very long, repeated query: $code" ;; *) fail "long query: $code" ;; esac

# ---- form bodies -------------------------------------------------------------------------
for body in "csrf=$tok1&%zz" "csrf=$tok1&x=%ff" "csrf=$tok1&x=%00" "&&&=&csrf"; do
	req j1 POST /reassign --data "$body"
	case $code in 400|403) ok "a malformed body ($body): $code" ;; *) fail "body $body: $code" ;; esac
done
req j1 POST /reassign --data "csrf=$tok1&x=%c0%bc"
[ "$code" = 400 ] && ok "an overlong UTF-8 form of < in a field: 400" || fail "overlong UTF-8: $code"
head -c 70000 /dev/zero | tr '\0' a > "$T/big"
code=$(curl -s -o "$T/big.out" -w '%{http_code}' -b "$T/j1" -H "Accept-Language: en" --data-binary "@$T/big" "$URL/reassign")
[ "$code" = 413 ] && grep -q "larger than a form may be" "$T/big.out" &&
	ok "a body over 64 KiB: 413, with a page that says so" || fail "a big body: $code $(head -c 200 "$T/big.out")"
# without a length (chunked): read and let go, then the same page
code=$(curl -s -o "$T/big.out" -w '%{http_code}' -b "$T/j1" -H 'Transfer-Encoding: chunked' \
	--data-binary "@$T/big" "$URL/reassign")
[ "$code" = 413 ] && ok "... and sent without a length: 413 at its end" || fail "a big chunked body: $code"
req j1 GET /
[ "$code" = 200 ] && ok "after a body over 64 KiB the server still answers" || fail "after a big body: $code"

# ---- markup in values ----------------------------------------------------------------------
x='"><script>alert(1)</script>'
req j2 GET "/audit?user=$(printf '%s' "$x" | jq -sRr @uri)&kind=$(printf '%s' "$x" | jq -sRr @uri)"
grep -q '<script>alert' "$T/b" && fail "audit filter echoed unescaped" || ok "the audit's filters escaped"
req j2 GET "/?lang=$(printf '%s' "$x" | jq -sRr @uri)"
grep -q '<script>alert' "$T/b" && fail "lang echoed" || ok "lang=markup ignored"
req j2 GET "/roll?month=$(printf '%s' "$x" | jq -sRr @uri)"
grep -q '<script>alert' "$T/b" && fail "roll month echoed" || ok "roll month=markup: $code, escaped"
req j2 GET "/roll/file?form=csv&month=2026-11%0d%0aX-Evil:%201"
grep -qi '^x-evil' "$T/h" && fail "a header injected by the month" || ok "no header injected by the month ($code)"

# ---- the server's log line not forged by the client -----------------------------------------
printf 'X"who=FORGED /ping HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n' |
	python3 -c 'import socket, sys; s = socket.create_connection(("127.0.0.1", int(sys.argv[1]))); s.sendall(sys.stdin.buffer.read()); s.recv(100)' "$PORT"
sleep 0.3
grep -q 'who=FORGED' "$T/serve.log" && fail "a quote in the method forged a field of the log line: $(grep FORGED "$T/serve.log")" \
	|| ok "a quote in the method does not end the log line's field"

# ---- nothing personal in the logs -----------------------------------------------------------
login j3 "$ID" "a guess"
req j2 GET /laptops
tok2=$(csrf)
req j2 POST /reassign --data "csrf=$tok2&household=h&to=$ID"
req j2 POST /reassign --data "csrf=$tok2&household=abcdefghjkmn&to=$ID"
req j2 POST /laptops/reassign --data "csrf=$tok2&household=h&to=$ID"
stop_server
office_log | grep -q "$ID" && fail "an ID number typed is in the office log: $(office_log | grep "$ID" | head -n 2 | tr '\n' '|')" \
	|| ok "no ID number typed is in the office log"
grep -q "$ID" "$T/serve.log" && fail "an ID number in the server's log" || ok "no ID number in the server's log"

# ---- a backup whose manifest lists a file no county backup holds ------------------------------
step "backup" county backup --to "$T/bk"
B=$(ls -d "$T/bk"/doorstep-backup-county-* | head -n 1)
printf '#!/bin/sh\necho owned\n' > "$B/evil.sh"
python3 - "$B" <<'PY'
import hashlib, os, sys
d = sys.argv[1]
lines = open(os.path.join(d, "manifest"), encoding="utf-8").read().split("\n")[:-1]
body = lines[:-1]
data = open(os.path.join(d, "evil.sh"), "rb").read()
body.append("file: evil.sh %d %s" % (len(data), hashlib.blake2b(data, digest_size=32).hexdigest()))
text = "\n".join(body) + "\n"
text += "check: " + hashlib.blake2b(text.encode(), digest_size=32).hexdigest() + "\n"
open(os.path.join(d, "manifest"), "w", encoding="utf-8").write(text)
PY
DOORSTEP_PASSPHRASE_FILE="$CP" run "$C" restore --data "$T/restored" --from "$B"
[ "$rc" -ne 0 ] && [ ! -e "$T/restored/evil.sh" ] && ok "a manifest listing a file no county backup holds: refused (exit $rc)" \
	|| fail "restore with an extra file: exit $rc, evil.sh restored: $(ls "$T/restored" 2>&1 | tr '\n' ' ')"

# the same for a laptop's backup, where the extra file would lie beside store.db
WP=$(passfile pass-wang "wang keeps his own passphrase")
DOORSTEP_PASSPHRASE_FILE="$WP" step "a laptop" "$D" init --store "$T/wang" --user wang --role assistant --region 440106
DOORSTEP_STORE="$T/wang" DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$WP" step "laptop backup" "$D" store backup --to "$T/wbk"
B=$(ls -d "$T/wbk"/doorstep-backup-laptop-* | head -n 1)
printf 'not a journal\n' > "$B/store.db-wal"
python3 - "$B" <<'PY'
import hashlib, os, sys
d = sys.argv[1]
body = open(os.path.join(d, "manifest"), encoding="utf-8").read().split("\n")[:-2]
data = open(os.path.join(d, "store.db-wal"), "rb").read()
body.append("file: store.db-wal %d %s" % (len(data), hashlib.blake2b(data, digest_size=32).hexdigest()))
text = "\n".join(body) + "\n"
open(os.path.join(d, "manifest"), "w", encoding="utf-8").write(text + "check: " + hashlib.blake2b(text.encode(), digest_size=32).hexdigest() + "\n")
PY
DOORSTEP_PASSPHRASE_FILE="$WP" run "$D" store restore --store "$T/wang2" --from "$B"
[ "$rc" -ne 0 ] && [ ! -e "$T/wang2/store.db-wal" ] && ok "a laptop's manifest listing a store.db-wal: refused (exit $rc)" \
	|| fail "laptop restore with an extra file: exit $rc: $(ls "$T/wang2" 2>&1 | tr '\n' ' ')"

# ---- over HTTPS the cookies are Secure -------------------------------------------------------
if openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
	-subj "/CN=county.test" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
	-keyout "$T/key.pem" -out "$T/cert.pem" 2> "$T/err"; then
	PORT=$(free_port)
	DOORSTEP_PASSPHRASE_FILE="$CP" "$C" serve --data "$T/county" --listen "127.0.0.1:$PORT" \
		--tls-cert "$T/cert.pem" --tls-key "$T/key.pem" 2> "$T/serve.log" &
	SERVER_PID=$!
	for i in $(seq 1 50); do grep -q "serving on" "$T/serve.log" && break; sleep 0.1; done
	URL="https://localhost:$PORT"
	req tls GET /login --cacert "$T/cert.pem"
	tok=$(csrf)
	req tls POST /login --cacert "$T/cert.pem" --data-urlencode "csrf=$tok" --data-urlencode "name=root" \
		--data-urlencode "password=the admin's office password"
	c=$(grep -i '^set-cookie: ds_session=' "$T/h" | tr -d '\r')
	case $c in *'; Secure'*) ok "over HTTPS the session cookie is Secure" ;; *) fail "HTTPS cookie: $code $c" ;; esac
	grep -qi '^strict-transport-security: max-age=[1-9]' "$T/h" && ok "... and the browser is told to come back over HTTPS only" ||
		fail "no Strict-Transport-Security over HTTPS: $(cat "$T/h")"
	stop_server
else
	fail "openssl req: $(cat "$T/err")"
fi
finish
