#!/bin/sh
# t_console_browser.sh — the county's web console in a real browser:
# Debian's headless Chromium (tests/e2e/browser.py) against a real
# doorstep-county serve on 127.0.0.1. Log in; the dashboard's counts are
# `report caseload --json`'s; click through to a household (ID numbers
# masked); a wrong password, an expired session, a form without its CSRF
# token and an officer opening an admin page are each refused and logged;
# the pages in Chinese; the roll downloaded is `payroll --csv`'s; the
# budget has its chart; then over HTTPS with a self-made certificate.
# The screenshots are kept as build artefacts ($BUILD/artefacts/).
. "$(dirname "$0")/lib.sh"

if ! command -v chromium > /dev/null 2>&1; then
	fail "chromium is not installed (make deps installs it)"
	finish
	exit 1
fi

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
OP=$(passfile pass-office "ana-office-password")
AP=$(passfile pass-admin "the-admins-office-password")
. "$(dirname "$0")/county_lib.sh"
. "$(dirname "$0")/console_lib.sh"
B="python3 $(dirname "$0")/browser.py"
ART="$BUILD/artefacts"
mkdir -p "$ART"

county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_wang() { DOORSTEP_STORE="$T/town" DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
step() { what=$1; shift; run "$@"; [ "$rc" -eq 0 ] || fail "$what: exit $rc: $(head -c 300 "$T/err")"; }
py() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($1)" "$2"; }
# browse WHAT STEP...: the browser's steps all hold
browse() { what=$1; shift; if $B "$@" > "$T/browser.out" 2>&1; then ok "$what"; else fail "$what: $(cat "$T/browser.out")"; fi; }

# ---- a county with one laptop and three households ----------------------------------
export DOORSTEP_TODAY=2026-11-02
step "county" county init
DOORSTEP_PASSPHRASE_FILE="$WP" step "town laptop" "$D" init --store "$T/town" --user wang --role assistant --region 440106
step "town key" as_wang device-key --out "$T/town.key"
step "wang enrolled" county enroll --device-key "$T/town.key" --user wang --role assistant --area 440106
step "town enrols" as_wang enroll --county-key "$T/county/county.pub"
n=0
for who in "王一 44010619700101001 1165" "王二 44010619700101002 0" "王三 44010619700101003 980"; do
	set -- $who
	n=$((n + 1))
	rec=""
	[ "$3" != 0 ] && rec=",\"receiving\":{\"allowance\":\"$3\",\"since\":\"2025-06\"}"
	printf '{"region":"440106","address":"石牌街道%s号","township":{"code":"440106010","name":"石牌街道"},"members":[{"name":"%s","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":[]}],"assets":{"financial":"500","vehicles":[],"homes":1}%s}\n' \
		"$n" "$1" "$(id18 "$2")" "$rec" > "$T/h$n.json"
	step "wang adds $1" as_wang household add --json "$T/h$n.json"
done
mkdir -p "$T/stick"
step "town exports" as_wang sync export --to "$T/stick"
step "county imports" county import "$T/stick"
step "report caseload" county report caseload --json
cp "$T/out" "$T/caseload.json"

export DOORSTEP_OFFICE_PASSWORD_FILE="$OP"
step "ana, an officer" county user add ana --role officer
DOORSTEP_OFFICE_PASSWORD_FILE="$AP" step "root, the admin" county user add root --role admin

IDLE=8
export DOORSTEP_CONSOLE_SESSION_SECONDS=$IDLE
start_server || { fail "the server did not start: $(cat "$T/serve.log")"; finish; exit 1; }
PASS_ANA=$(cat "$OP")
PASS_ROOT=$(cat "$AP")

# ---- a wrong password ---------------------------------------------------------------
browse "a wrong password: the login page again, 401, saying so" \
	lang en go "$URL/login" fill 'input[name=name]' ana fill 'input[name=password]' 'not the password' \
	click 'button[type=submit]' status 401 has "Wrong name or password"
expect_log "^- login login ana 401 failed$" "... and it is in the office log"

# ---- log in, the dashboard, a household ----------------------------------------------
browse "ana logs in and sees the dashboard; its counts are the report's" \
	lang en go "$URL/login" fill 'input[name=name]' ana fill 'input[name=password]' "$PASS_ANA" \
	click 'button[type=submit]' status 200 has "Dashboard" dump "$T/dash.html" \
	shot "$ART/console-dashboard.png" cookies "$T/cookies.json"
expect_log "ana login login 303 ok" "the login is in the office log"
got=$(python3 - "$T/dash.html" "$T/caseload.json" <<'PY'
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
cl = json.load(open(sys.argv[2]))
def card(i):
    m = re.search(r'id="%s">(?:<a [^>]*>)?<span class="n">([^<]*)</span>' % i, html)
    return m.group(1).replace(",", "") if m else None
bad = ["%s: page %s, report %s" % (k, card(k), cl[k])
       for k in ("households", "receiving", "amount") if str(card(k)) != str(cl[k])]
print("; ".join(bad) if bad else "same: %s households, %s receiving, %s" %
      (cl["households"], cl["receiving"], cl["amount"]))
PY
)
case $got in same*) ok "the dashboard in Chromium agrees with report caseload --json ($got)" ;; *) fail "dashboard: $got" ;; esac
[ -s "$ART/console-dashboard.png" ] && head -c 8 "$ART/console-dashboard.png" | grep -q PNG \
	&& ok "the dashboard's screenshot is kept ($ART/console-dashboard.png)" || fail "no screenshot"
python3 - "$T/cookies.json" <<'PY' && ok "the session cookie is HttpOnly and SameSite=Strict in the browser" || fail "cookie: $(cat "$T/cookies.json")"
import json, sys
c = [c for c in json.load(open(sys.argv[1])) if c["name"] == "ds_session"]
sys.exit(0 if c and c[0]["httpOnly"] and c[0].get("sameSite") == "Strict" else 1)
PY

# A session lives in the browser's profile, which browser.py makes afresh:
# each run below logs in first.
LOGIN_ANA="lang en go $URL/login fill input[name=name] ana fill input[name=password] $PASS_ANA click button[type=submit]"
# shellcheck disable=SC2086
browse "click through from the list to a household" $LOGIN_ANA \
	go "$URL/households" status 200 click 'a[href^="/household/"]' status 200 dump "$T/hh.html"
grep -q "440106197001010" "$T/hh.html" && fail "a whole ID number on the household page" \
	|| ok "... no whole ID number on the household page"
grep -Eq '王[一二三]' "$T/hh.html" && ok "... it is one of our households" || fail "household page: $(head -c 300 "$T/hh.html")"

# ---- refusals ----------------------------------------------------------------------
# shellcheck disable=SC2086
browse "an officer opening the office accounts (an admin's page): 403" $LOGIN_ANA \
	go "$URL/users" status 403
expect_log "ana refused .*users.* 403" "... and it is in the office log"

# shellcheck disable=SC2086
browse "a form without its CSRF token: 403" $LOGIN_ANA \
	remove 'input[name=csrf]' click 'form[action="/logout"] button' status 403
expect_log "ana refused .*csrf.* 403|ana .*logout.* 403" "... and it is in the office log"

# shellcheck disable=SC2086
browse "an expired session is sent back to the login, saying so" $LOGIN_ANA \
	go "$URL/" status 200 wait $((IDLE + 2)) go "$URL/" has "Your session has ended"
expect_log "expired" "... and the expiry is in the office log"

# ---- Chinese ------------------------------------------------------------------------
browse "the login page in Chinese" lang zh-CN go "$URL/login" has "登录" hasnt "Log in"
browse "the admin's dashboard in Chinese, and its accounts page" \
	lang zh-CN go "$URL/login" fill 'input[name=name]' root fill 'input[name=password]' "$PASS_ROOT" \
	click 'button[type=submit]' status 200 hasnt "Dashboard" go "$URL/users" status 200 has "ana" \
	shot "$ART/console-users-zh.png"

# ---- the roll's file and the budget's chart ---------------------------------------------
LOGIN_ROOT="lang en go $URL/login fill input[name=name] root fill input[name=password] $PASS_ROOT click button[type=submit]"
mkdir -p "$T/dl"
# shellcheck disable=SC2086
browse "the admin downloads November's roll from its page" $LOGIN_ROOT \
	go "$URL/roll?month=2026-11" status 200 has "2026-11" \
	download 'a[href$="form=csv"]' "$T/dl"
step "payroll --csv" county payroll --month 2026-11 --csv
f=$(ls "$T/dl" | head -n 1)
[ -n "$f" ] && cmp -s "$T/dl/$f" "$T/out" && ok "the file downloaded ($f) is payroll --csv's, byte for byte" \
	|| fail "roll download: '$f' differs from payroll --csv"
[ "$(wc -l < "$T/out")" -ge 3 ] && ok "... a roll with lines in it" || fail "roll: $(cat "$T/out")"
# shellcheck disable=SC2086
browse "the budget of 2026 with its chart" $LOGIN_ROOT \
	go "$URL/budget?year=2026" status 200 dump "$T/budget.html" shot "$ART/console-budget.png"
grep -q '<svg' "$T/budget.html" && ok "... the chart is on the page (SVG)" || fail "no chart: $(head -c 300 "$T/budget.html")"

stop_server

# ---- the same over HTTPS, with a self-made certificate -------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
	-subj "/CN=county.test" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
	-keyout "$T/key.pem" -out "$T/cert.pem" 2> "$T/err" && ok "a self-made certificate" ||
	fail "openssl req: $(cat "$T/err")"
for try in 1 2 3 4 5; do
	PORT=$((20000 + ($$ + try * 131) % 20000))
	DOORSTEP_PASSPHRASE_FILE="$CP" "$C" serve --data "$T/county" --listen "127.0.0.1:$PORT" \
		--tls-cert "$T/cert.pem" --tls-key "$T/key.pem" 2> "$T/serve.log" &
	SERVER_PID=$!
	i=0
	while [ $i -lt 50 ] && ! grep -q "serving on" "$T/serve.log" 2> /dev/null && kill -0 "$SERVER_PID" 2> /dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	grep -q "serving on .*(https)" "$T/serve.log" && break
	stop_server
done
grep -q "serving on .*(https)" "$T/serve.log" && ok "the console served over HTTPS" || fail "serve --tls-cert: $(cat "$T/serve.log")"
S="https://127.0.0.1:$PORT"
BROWSER_IGNORE_CERT=1 browse "over HTTPS: log in, the dashboard, a household" \
	lang en go "$S/login" fill 'input[name=name]' ana fill 'input[name=password]' "$PASS_ANA" \
	click 'button[type=submit]' status 200 has "Dashboard" cookies "$T/cookies-tls.json" \
	go "$S/households" click 'a[href^="/household/"]' status 200 \
	go "$S/users" status 403 shot "$ART/console-https-refused.png"
python3 - "$T/cookies-tls.json" <<'PY' && ok "over HTTPS the session cookie is Secure too" || fail "cookie over TLS: $(cat "$T/cookies-tls.json")"
import json, sys
c = [c for c in json.load(open(sys.argv[1])) if c["name"] == "ds_session"]
sys.exit(0 if c and c[0]["secure"] and c[0]["httpOnly"] and c[0].get("sameSite") == "Strict" else 1)
PY
grep -Eq 'who=ana what="GET /users" status=403' "$T/serve.log" && ok "the server's log has the refusal, naming the office user" \
	|| fail "serve log: $(tail -n 5 "$T/serve.log")"

stop_server
finish
