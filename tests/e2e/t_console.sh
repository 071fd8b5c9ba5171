#!/bin/sh
# t_console.sh — the county's web console with curl against a real
# doorstep-county serve on 127.0.0.1: office accounts (user add, list,
# passwd, disable); a wrong password refused and logged; the lockout's
# delay growing; a good login's cookie HttpOnly and SameSite=Strict; the
# dashboard's counts equal to `report caseload|ending|waiting --json`; a
# count's list; the household page with ID numbers masked; a POST without
# the CSRF token refused (403) and logged; an officer opening an admin
# page refused (403) and logged; an expired session sent to the login; a
# disabled account logged out; the pages in Chinese and English.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
LP=$(passfile pass-li "li supervises the township")
OP=$(passfile pass-office "ana's office password")
AP=$(passfile pass-admin "the admin's office password")
. "$(dirname "$0")/county_lib.sh"
. "$(dirname "$0")/console_lib.sh"
P="$TOOLS/sqlpoke"

county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_wang() { DOORSTEP_STORE="$T/town" DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
as_li() { DOORSTEP_STORE="$T/town" DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LP" "$D" "$@"; }
step() { what=$1; shift; run "$@"; [ "$rc" -eq 0 ] || fail "$what: exit $rc: $(head -c 300 "$T/err")"; }
py() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($1)" "$2"; }
# ---- a county with one township laptop and a few households ------------------------
export DOORSTEP_TODAY=2026-01-05
step "county" county init
DOORSTEP_PASSPHRASE_FILE="$WP" step "town laptop" "$D" init --store "$T/town" --user wang --role assistant --region 440106
DOORSTEP_NEW_PASSPHRASE_FILE="$LP" step "li" as_wang user add li --role supervisor
step "town key" as_wang device-key --out "$T/town.key"
step "wang enrolled" county enroll --device-key "$T/town.key" --user wang --role assistant --area 440106
step "li enrolled" county enroll --device-key "$T/town.key" --user li --role supervisor --area 440106
step "town enrols" as_wang enroll --county-key "$T/county/county.pub"
ZP=$(passfile pass-zhang "zhang keeps her own passphrase")
DOORSTEP_PASSPHRASE_FILE="$ZP" step "zhang's laptop" "$D" init --store "$T/zhang" --user zhang --role assistant --region 440106
DOORSTEP_PASSPHRASE_FILE="$ZP" step "zhang key" "$D" --store "$T/zhang" device-key --out "$T/zhang.key"
step "zhang enrolled" county enroll --device-key "$T/zhang.key" --user zhang --role assistant --area 440106

member() { # NAME ID17 WAGES
	inc="[]"
	[ "$3" != 0 ] && inc="[{\"source\":\"wages\",\"monthly\":\"$3\"}]"
	printf '{"name":"%s","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":%s}' \
		"$1" "$(id18 "$2")" "$inc"
}
SP='"township":{"code":"440106010","name":"石牌街道"},"village":{"code":"440106010003","name":"华师社区"},'
WS='"township":{"code":"440106011","name":"五山街道"},"village":{"code":"440106011201","name":"茶山村"},'
household() { # FILE NAME ID17 WAGES [RECEIVING-ALLOWANCE]; $AREA before the members
	rec=""
	[ -n "${5:-}" ] && rec=",\"receiving\":{\"allowance\":\"$5\",\"since\":\"2025-06\"}"
	printf '{"region":"440106","address":"石牌街道%s号",%s"members":[%s],"assets":{"financial":"500","vehicles":[],"homes":1}%s}\n' \
		"$1" "${AREA:-}" "$(member "$2" "$3" "$4")" "$rec" > "$T/$1.json"
}
visit() { # FILE NAME ID17 DATE WAGES
	printf '{"date":"%s","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"%s"},"observations":"seen","members":[%s]}\n' \
		"$4" "$(id18 "$3")" "$(id18 "$3")" "$4" "$(member "$2" "$3" "$5")" > "$T/$1.json"
}
PAYEE='"payee":{"name":"王一","bank":"邮储银行","account":"6221881234567892"},'
AREA="$SP$PAYEE" household h1 王一 44010619700101001 0 1165
AREA=$SP household h2 王二 44010619700101002 3000
AREA=$WS household h4 王四 44010619700101004 0 980
AREA=$WS household h5 王五 44010619700101005 0
for n in 1 2 4 5; do
	step "wang adds h$n" as_wang household add --json "$T/h$n.json"
	eval "H$n=\$(awk '{print \$NF}' \"\$T/out\" | tail -n 1)"
done
export DOORSTEP_TODAY=2026-05-10
visit v1 王一 44010619700101001 2026-05-10 1400
step "visit h1" as_wang visit record "$H1" --json "$T/v1.json"
step "submit h1" as_wang review submit "$H1"
step "approve h1" as_li review approve "$H1"
export DOORSTEP_TODAY=2026-08-01
visit v2 王二 44010619700101002 2026-08-01 3000
step "visit h2" as_wang visit record "$H2" --json "$T/v2.json"
step "submit h2" as_wang review submit "$H2"
step "refuse h2" as_li review refuse "$H2" --reason "income above the standard"
export DOORSTEP_TODAY=2026-08-05
step "appeal h2" as_wang appeal file "$H2" --reason "the wages stopped" --received 2026-08-05
export DOORSTEP_TODAY=2026-11-10
visit v5 王五 44010619700101005 2026-11-10 0
step "visit h5" as_wang visit record "$H5" --json "$T/v5.json"
step "submit h5" as_wang review submit "$H5"
export DOORSTEP_TODAY=2026-11-27
as_wang household list > /dev/null 2>&1
mkdir -p "$T/stick"
step "town exports" as_wang sync export --to "$T/stick"
mkdir -p "$T/bad"
B=$(ls "$T/stick"/up-*.dsb | head -n 1)
cp "$B" "$T/bad/$(basename "$B")"
python3 -c "import sys; b=bytearray(open(sys.argv[1],'rb').read()); b[-40]^=0xff; open(sys.argv[1],'wb').write(b)" "$T/bad/$(basename "$B")"
run county import "$T/bad"
expect_rc 4 "a spoiled bundle is kept aside"
step "county imports" county import "$T/stick"

# ---- the reports the dashboard must agree with --------------------------------------
step "report caseload" county report caseload --json
cp "$T/out" "$T/caseload.json"
step "report ending" county report ending --json
cp "$T/out" "$T/ending.json"
step "report waiting" county report waiting --json
cp "$T/out" "$T/waiting.json"
step "status" county status --json
cp "$T/out" "$T/status.json"
step "conflicts" county conflicts --json
cp "$T/out" "$T/conflicts.json"

# ---- office accounts ------------------------------------------------------------------
export DOORSTEP_OFFICE_PASSWORD_FILE="$OP"
run county user add ana --role officer
expect_rc 0 "user add ana --role officer"
run county user add ana --role officer
expect_rc 1 "the same name again is refused"
run county user add bob --role boss
expect_rc 2 "an unknown role is wrong use"
short=$(passfile pass-short "short")
DOORSTEP_OFFICE_PASSWORD_FILE="$short" run county user add cat --role officer
expect_rc 1 "a password under 10 characters is refused"
DOORSTEP_OFFICE_PASSWORD_FILE= run county user add root --role admin --password-fd 5 5< "$AP"
expect_rc 0 "user add root --role admin, the password from --password-fd"
run county user list --json
expect_rc 0 "user list --json"
[ "$(py "' '.join('%s:%s:%s' % (u['name'], u['role'], u['disabled']) for u in j)" "$T/out")" = "ana:officer:False root:admin:False" ] \
	&& ok "user list --json: ana (officer) and root (admin)" || fail "user list: $(cat "$T/out")"
hash=$("$P" "$T/county/store/store.db" query "select hash from office_user where name = 'ana'")
case $hash in '$argon2id$'*) ok "the password is kept as its Argon2id hash" ;; *) fail "hash: $hash" ;; esac
grep -q "ana's office password" "$T/county/store/store.db" && fail "the password is in the store" || ok "the password itself is not in the store"
expect_log "- user add ana ok" "user add is in the office log"

# ---- the server -----------------------------------------------------------------------
IDLE=6
export DOORSTEP_CONSOLE_SESSION_SECONDS=$IDLE
start_server || { fail "the server did not start: $(cat "$T/serve.log")"; finish; exit 1; }

req anon GET /
[ "$code" = 303 ] && grep -qi '^location: /login' "$T/h" && ok "no session: / sends to /login" || fail "anonymous /: $code $(cat "$T/h")"

login j1 ana "not the password"
[ "$code" = 401 ] && grep -q "Wrong name or password" "$T/b" && ok "a wrong password is refused (401)" || fail "wrong password: $code"
expect_log "^- login login ana 401 failed$" "... and logged (no one logged in yet: -)"
grep -qi '^set-cookie: ds_session=[0-9a-f]' "$T/h" && fail "a session cookie after a wrong password" || ok "... with no session"
login j1 44010619700101001X "a guess"
[ "$code" = 401 ] && expect_log "^- login login \\? 401 failed$" "a name that is no account's is logged as ?, not written down" || fail "unknown name: $code"
office_log | grep -q 44010619700101001X && fail "the name typed is in the office log" || ok "... the name typed is nowhere in the log"
req j1 DELETE /
[ "$code" = 405 ] && ok "another method: 405" || fail "DELETE: $code"

login j1 ana "ana's office password"
[ "$code" = 303 ] && ok "ana logs in (303)" || fail "login: $code $(head -c 300 "$T/b")"
cookie=$(grep -i '^set-cookie: ds_session=' "$T/h" | tr -d '\r')
case $cookie in *'; HttpOnly'*'SameSite=Strict'*) ok "the session cookie is HttpOnly and SameSite=Strict" ;;
	*) fail "cookie: $cookie" ;; esac
case $cookie in *Secure*) fail "Secure over plain HTTP: $cookie" ;; *) ok "... and not Secure over plain HTTP" ;; esac
expect_log "ana login login 303 ok" "the login is logged"

# ---- the dashboard against the reports ---------------------------------------------------
req j1 GET "/?lang=en"
[ "$code" = 200 ] && ok "the dashboard (200)" || fail "dashboard: $code"
cp "$T/b" "$T/dash.html"
got=$(python3 - "$T/dash.html" "$T/caseload.json" "$T/ending.json" "$T/waiting.json" "$T/status.json" "$T/conflicts.json" <<'PY'
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
cl, en, wt, stt, cf = (json.load(open(p)) for p in sys.argv[2:7])
def card(i):
    m = re.search(r'id="%s">(?:<a [^>]*>)?<span class="n">([^<]*)</span>' % i, html)
    return m.group(1).replace(",", "") if m else None
bad = []
def same(what, a, b):
    if str(a) != str(b):
        bad.append("%s: page %s, report %s" % (what, a, b))
same("households", card("households"), cl["households"])
same("receiving", card("receiving"), cl["receiving"])
same("amount", card("amount"), cl["amount"])
same("ending", card("ending"), len(en["withdrawals"]))
same("reviews overdue", card("review-overdue"), sum(1 for i in wt["items"] if i["kind"] == "review" and i["overdue"]))
same("appeals overdue", card("appeal-overdue"), sum(1 for i in wt["items"] if i["kind"] == "appeal" and i["overdue"]))
same("bundles kept aside", card("aside"), len(stt["aside"]))
same("conflicts", card("conflicts"), len(cf))
st = dict(re.findall(r'<tr data-status="([a-z_]+)"><td>[^<]*</td><td class="n"><a [^>]*>(\d+)</a>', html))
same("by status", st, {g["status"]: str(g["households"]) for g in cl["by_status"]})
tw = dict(re.findall(r'<tr data-township="(\d*)"><td>[^<]*</td><td class="n"><a [^>]*>(\d+)</a>', html))
same("by township", tw, {g["code"]: str(g["households"]) for g in cl["by_township"]})
print("; ".join(bad) if bad else "same: %s households, %s paid %s, %s ending, %s appeals overdue, %s aside" % (
    cl["households"], cl["receiving"], cl["amount"], len(en["withdrawals"]),
    card("appeal-overdue"), len(stt["aside"])))
PY
)
case $got in same*) ok "the dashboard's counts are the reports' ($got)" ;; *) fail "dashboard against the reports: $got" ;; esac
[ "$(py "j['households']" "$T/caseload.json")" -ge 4 ] && [ "$(py "len(j['by_status'])" "$T/caseload.json")" -ge 3 ] \
	&& ok "... over households in several statuses" || fail "too little data: $(cat "$T/caseload.json")"
grep -q '<script' "$T/dash.html" && fail "the page has a script" || ok "no JavaScript on the page"
grep -q 'name="viewport"' "$T/dash.html" && ok "the page sets a viewport for narrow screens" || fail "no viewport"

req j1 GET "/households?status=receiving"
n=$(sed -n 's/.*<span id="count">\([0-9]*\)<.*/\1/p' "$T/b")
want=$(py "[g['households'] for g in j['by_status'] if g['status'] == 'receiving'][0]" "$T/caseload.json")
[ "$code" = 200 ] && [ "$n" = "$want" ] && ok "the status count links to its list of $want" || fail "status list: $code $n, wanted $want"
req j1 GET "/households?status=receiving&page=1"
[ "$code" = 200 ] && ! grep -q 'href="/household/' "$T/b" && grep -q 'href="/households?page=0&amp;status=receiving"' "$T/b" \
	&& ok "the list's second page: none of its rows, a link back keeping the filter" || fail "page 1: $code"
req j1 GET "/households?page=x"
[ "$code" = 404 ] && ok "a page that is no number: 404" || fail "page x: $code"
req j1 GET "/households?list=appeal_overdue"
grep -q "/household/$H2" "$T/b" && ok "the overdue appeal's list has $H2" || fail "appeal list: $(head -c 300 "$T/b")"

# ---- the household page ------------------------------------------------------------------
req j1 GET "/household/$H1"
[ "$code" = 200 ] && ok "the household page (200)" || fail "household: $code"
full=$(id18 44010619700101001)
grep -q "$full" "$T/b" && fail "the full ID number is on the page" || ok "the ID number is not on the page in full"
masked=$(printf '%s' "$full" | sed 's/.\{4\}$//' | tr '0-9X' '*')$(printf '%s' "$full" | tail -c 4)
grep -qF "$masked" "$T/b" && ok "... it is masked ($masked)" || fail "masked id $masked not on the page"
grep -q '<ol id="derivation"><li>' "$T/b" && ok "the last decision's derivation" || fail "no derivation"
grep -q 'id="address"' "$T/b" || grep -q '6221881234567892\|石牌街道h1号' "$T/b" \
	&& fail "the officer sees the address or the account" || ok "the officer does not see the address (household.contact)"
grep -q 'id="timeline"' "$T/b" && grep -q 'household added\|household.created\|<td>wang</td>' "$T/b" \
	&& ok "the timeline" || fail "no timeline"
req j1 GET "/household/zzzzzzzzzzzz"
[ "$code" = 404 ] && ok "no such household: 404" || fail "unknown household: $code"
req j1 GET "/household/<script>"
[ "$code" = 404 ] && ! grep -q '<script>' "$T/b" && ok "a path with markup: 404, not echoed" || fail "markup path: $code"

# ---- CSRF and roles ------------------------------------------------------------------------
req j1 POST /logout --data "csrf=0000"
[ "$code" = 403 ] && ok "a POST with a wrong CSRF token is refused (403)" || fail "wrong csrf: $code"
req j1 POST /logout --data ""
[ "$code" = 403 ] && ok "a POST without a CSRF token is refused (403)" || fail "no csrf: $code"
expect_log "ana refused logout 403 csrf" "... and logged"
req j1 GET /
[ "$code" = 200 ] && ok "the session is still there" || fail "session gone after refusal: $code"
req j1 GET /users
[ "$code" = 403 ] && ok "an officer opening the admin's page is refused (403)" || fail "officer /users: $code"
expect_log "ana refused users 403 role" "... and logged"
grep -q 'href="/users"' "$T/dash.html" && fail "the officer's menu has the admin's page" || ok "the officer's menu does not offer it"

login j2 root "the admin's office password"
[ "$code" = 303 ] && ok "root (admin) logs in" || fail "root login: $code"
req j2 GET "/household/$H1"
grep -q '<td id="address">石牌街道h1号</td>' "$T/b" && ok "the admin sees the address" || fail "admin household: $(grep -o 'id="case".\{0,300\}' "$T/b")"
grep -q '邮储银行' "$T/b" && ! grep -q 6221881234567892 "$T/b" && ok "... and the payee, the account masked" || fail "admin payee: $(grep -o '邮储银行.\{0,60\}' "$T/b")"
# an action: the admin hands a household to zhang from its page
req j2 GET "/household/$H5"
grep -q '<form method="post" action="/reassign"' "$T/b" && grep -q '<option>zhang</option>' "$T/b" \
	&& ok "the admin's household page offers the hand-over to zhang" || fail "no hand-over form"
tok=$(csrf)
req j2 POST /reassign --data "csrf=$tok&household=$H5&to=zhang"
[ "$code" = 303 ] && grep -qi "^location: /household/$H5?done=reassigned" "$T/h" && ok "the hand-over is done (303 back to the page)" || fail "reassign: $code $(head -c 300 "$T/b")"
expect_log "^root action household.reassign $H5 zhang 303$" "... logged as the admin's action, with the household and to whom"
req j2 GET "/household/$H5?done=reassigned"
grep -q '<th>Assistant</th><td>zhang</td>' "$T/b" && grep -q 'id="done"' "$T/b" && ok "... the page shows zhang" || fail "after reassign: $(grep -o '<th>Assistant</th><td>[^<]*' "$T/b")"
req j2 POST /reassign --data "csrf=$tok&household=$H5&to=zhang"
grep -qi "done=already" "$T/h" && ok "the same hand-over again changes nothing" || fail "again: $code"
req j2 POST /reassign --data "csrf=$tok&household=$H5&to=li"
[ "$code" = 422 ] && ok "to someone with no assistant's laptop: refused (422)" || fail "to li: $code"
expect_log "^root action household.reassign $H5 \\? 422$" "... logged, the name that is no assistant's as ?"
req j1 GET "/household/$H5"
grep -q 'action="/reassign"' "$T/b" && fail "the officer is offered the hand-over" || ok "the officer's page has no hand-over"
tok1=$(csrf)
req j1 POST /reassign --data "csrf=$tok1&household=$H5&to=wang"
[ "$code" = 403 ] && ok "an officer's hand-over is refused (403)" || fail "officer reassign: $code"
expect_log "^ana refused household.reassign 403 role$" "... and logged"
req j2 GET /users
[ "$code" = 200 ] && grep -q '<td>ana</td>' "$T/b" && ok "the admin sees the office accounts" || fail "admin /users: $code"
tok=$(csrf)
req j2 POST /logout --data "csrf=$tok"
[ "$code" = 303 ] && grep -qi '^location: /login' "$T/h" && ok "logout with the token (303 to /login)" || fail "logout: $code"
expect_log "root logout logout 303 ok" "... logged"
req j2 GET /
[ "$code" = 303 ] && ok "after logout the session is gone" || fail "after logout: $code"

# ---- languages -------------------------------------------------------------------------------
req j1 GET "/?lang=zh_CN"
grep -q '<h1>总览</h1>' "$T/b" && grep -q '家庭列表' "$T/b" && ok "?lang=zh_CN: the page in Chinese" || fail "Chinese page: $(grep -o '<h1>[^<]*' "$T/b")"
req j1 GET /
grep -q '<h1>总览</h1>' "$T/b" && ok "... kept for the session" || fail "language not kept"
AL="en-US,en;q=0.9,zh;q=0.5" req fresh GET /login
grep -q '<h1>Log in</h1>' "$T/b" && ok "Accept-Language preferring English: English" || fail "en: $(grep -o '<h1>[^<]*' "$T/b")"
AL="zh-CN,zh;q=0.9,en;q=0.8" req fresh2 GET /login
grep -q '<h1>登录</h1>' "$T/b" && ok "Accept-Language preferring Chinese: Chinese" || fail "zh: $(grep -o '<h1>[^<]*' "$T/b")"
AL= req fresh3 GET /login
grep -q '<h1>登录</h1>' "$T/b" && ok "no preference: Chinese, the county's language" || fail "default: $(grep -o '<h1>[^<]*' "$T/b")"

# ---- lockout ---------------------------------------------------------------------------------
login j3 ana wrong1
login j3 ana wrong2
[ "$code" = 401 ] && ! grep -q "wait" "$T/b" && ok "two failures: no wait yet" || fail "second failure: $code"
login j3 ana wrong3
grep -q "wait 1 seconds" "$T/b" && ok "the third failure: wait 1 second" || fail "third: $(grep -o 'class="err">[^<]*' "$T/b")"
login j3 ana "ana's office password"
[ "$code" = 429 ] && ok "even the right password is refused during the wait (429)" || fail "during the wait: $code"
expect_log "^- lockout login ana 429 wait 1$" "... and logged as a lockout"
sleep 1.2
login j3 ana wrong4
grep -q "wait 2 seconds" "$T/b" && ok "the fourth failure: wait 2 seconds (the delay grows)" || fail "fourth: $(grep -o 'class="err">[^<]*' "$T/b")"
login j3 ana wrong5
[ "$code" = 429 ] && expect_log "lockout login ana 429 wait 2" "the next attempt waits 2 seconds, logged" || fail "fifth: $code"
login j3 root "the admin's office password"
[ "$code" = 429 ] && ok "the same address is held back for another name too" || fail "per address: $code"
sleep 2.2
login j3 ana "ana's office password"
[ "$code" = 303 ] && ok "after the wait the right password logs in" || fail "after the wait: $code"

# ---- expiry and disabling ----------------------------------------------------------------------
sleep $((IDLE + 1))
req j3 GET /
[ "$code" = 303 ] && grep -qi '^location: /login?expired=1' "$T/h" && ok "an idle session expires: sent to the login" || fail "expired: $code $(grep -i location "$T/h")"
expect_log "- session expired 303 login" "... logged"
req j3 GET "/login?expired=1"
grep -q 'class="err"' "$T/b" && ok "the login page says the session ended" || fail "no message"
login j4 ana "ana's office password"
step "ana disabled" county user disable ana
req j4 GET /
[ "$code" = 303 ] && ok "a disabled account is logged out at its next click" || fail "disabled: $code"
login j4 ana "ana's office password"
[ "$code" = 401 ] && ok "... and cannot log in" || fail "disabled login: $code"
expect_log "^- login login ana 401 disabled$" "... logged"
run county user list --json
[ "$(py "[u['disabled'] for u in j if u['name'] == 'ana'][0]" "$T/out")" = True ] && ok "user list shows ana disabled" || fail "list: $(cat "$T/out")"
DOORSTEP_OFFICE_PASSWORD_FILE="$AP" run county user passwd root
expect_rc 0 "user passwd root"

run county report caseload --json
[ "$(py "' '.join('%s=%d' % (g['assistant'], g['households']) for g in j['by_assistant'])" "$T/out")" = "wang=3 zhang=1" ] \
	&& ok "report caseload counts the household as zhang's" || fail "by assistant: $(cat "$T/out")"

# ---- rows written without the key ----------------------------------------------------------
stop_server
grep -q "Sanitizer" "$T/serve.log" && fail "the server's sanitizer said: $(grep -A5 Sanitizer "$T/serve.log" | head -c 600)" \
	|| ok "the server stopped without a sanitizer report (under a sanitizer build)"
"$P" "$T/county/store/store.db" exec "update office_user set role = 'admin' where name = 'ana'"
run county user list --json
expect_rc 4 "an account's role changed without the store key is refused as damage"
"$P" "$T/county/store/store.db" exec "insert into office_user(name, role, hash, created) values ('eve', 'admin', 'x', 0)"
run county user list --json
expect_rc 4 "an account added without the key is refused"
finish
