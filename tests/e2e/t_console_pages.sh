#!/bin/sh
# t_console_pages.sh — the console's roll, budget, laptops, policy and
# audit pages with curl against a real doorstep-county serve on
# 127.0.0.1: each page answers 200 to a role that may see it and 403
# (logged) to one that may not; the roll's CSV, JSON and GB18030 CSV
# downloaded from the console are byte for byte `doorstep-county payroll
# --csv|--json`'s (English and Chinese), accounts masked on the page;
# issuing from the page issues the month (payroll check agrees) and is in
# the office log; the budget page's chart is `budget --svg`'s; a laptop
# enrolled from its key's text, a household handed to it, then revoked,
# as `status` and the household page show; a policy imported from the
# page; the audit log filtered by user and by kind holds only matching
# lines; a Chinese page of each.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
LP=$(passfile pass-li "li supervises the township")
ZP=$(passfile pass-zhao "zhao's own laptop passphrase")
OP=$(passfile pass-office "ana's office password")
PP=$(passfile pass-approver "the approver's office password")
AP=$(passfile pass-admin "the admin's office password")
. "$(dirname "$0")/county_lib.sh"
P="$TOOLS/sqlpoke"

county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_wang() { DOORSTEP_STORE="$T/town" DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
as_li() { DOORSTEP_STORE="$T/town" DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LP" "$D" "$@"; }
step() { what=$1; shift; run "$@"; [ "$rc" -eq 0 ] || fail "$what: exit $rc: $(head -c 300 "$T/err")"; }
office_log() { "$P" "$T/county/store/store.db" query "select user || ' ' || kind || ' ' || what || ' ' || outcome from office_log order by seq"; }
expect_log() { # PATTERN DESCRIPTION
	if office_log | grep -Eq -- "$1"; then ok "$2"
	else fail "$2: the office log lacks /$1/: $(office_log | tail -n 5 | tr '\n' '|')"; fi
}

# ---- a county with one township laptop and a few households (as t_console.sh) ----------
export DOORSTEP_TODAY=2026-01-05
step "county" county init
DOORSTEP_PASSPHRASE_FILE="$WP" step "town laptop" "$D" init --store "$T/town" --user wang --role assistant --region 440106
DOORSTEP_NEW_PASSPHRASE_FILE="$LP" step "li" as_wang user add li --role supervisor
step "town key" as_wang device-key --out "$T/town.key"
step "wang enrolled" county enroll --device-key "$T/town.key" --user wang --role assistant --area 440106
step "li enrolled" county enroll --device-key "$T/town.key" --user li --role supervisor --area 440106
step "town enrols" as_wang enroll --county-key "$T/county/county.pub"

ACCOUNT=6228480402564890018
member() { # NAME ID17 WAGES
	inc="[]"
	[ "$3" != 0 ] && inc="[{\"source\":\"wages\",\"monthly\":\"$3\"}]"
	printf '{"name":"%s","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":%s}' \
		"$1" "$(id18 "$2")" "$inc"
}
SP='"township":{"code":"440106010","name":"石牌街道"},"village":{"code":"440106010003","name":"华师社区"},'
WS='"township":{"code":"440106011","name":"五山街道"},"village":{"code":"440106011201","name":"茶山村"},'
household() { # FILE NAME ID17 WAGES [RECEIVING-ALLOWANCE]; $AREA before the members, $PAYEE after
	rec=""
	[ -n "${5:-}" ] && rec=",\"receiving\":{\"allowance\":\"$5\",\"since\":\"2025-06\"}"
	printf '{"region":"440106","address":"石牌街道%s号",%s"members":[%s],"assets":{"financial":"500","vehicles":[],"homes":1}%s%s}\n' \
		"$1" "${AREA:-}" "$(member "$2" "$3" "$4")" "$rec" "${PAYEE:-}" > "$T/$1.json"
}
visit() { # FILE NAME ID17 DATE WAGES
	printf '{"date":"%s","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"%s"},"observations":"seen","members":[%s]}\n' \
		"$4" "$(id18 "$3")" "$(id18 "$3")" "$4" "$(member "$2" "$3" "$5")" > "$T/$1.json"
}
AREA=$SP PAYEE=",\"payee\":{\"name\":\"王一\",\"bank\":\"广州农商银行\",\"account\":\"$ACCOUNT\"}" \
	household h1 王一 44010619700101001 0 1165
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
export DOORSTEP_TODAY=2026-11-27
as_wang household list > /dev/null 2>&1
mkdir -p "$T/stick"
step "town exports" as_wang sync export --to "$T/stick"
step "county imports" county import "$T/stick"

# ---- office accounts: an officer, an approver, an admin ---------------------------------
DOORSTEP_OFFICE_PASSWORD_FILE="$OP" step "ana (officer)" county user add ana --role officer
DOORSTEP_OFFICE_PASSWORD_FILE="$PP" step "pei (approver)" county user add pei --role approver
DOORSTEP_OFFICE_PASSWORD_FILE="$AP" step "root (admin)" county user add root --role admin

# what the commands say, before the server has the store
step "payroll --csv" county payroll --month 2026-11 --csv
cp "$T/out" "$T/roll.csv"
step "payroll --csv --lang zh_CN" county payroll --month 2026-11 --csv --lang zh_CN
cp "$T/out" "$T/roll-zh.csv"
step "payroll --csv gb18030" county payroll --month 2026-11 --csv --encoding gb18030
cp "$T/out" "$T/roll-gb.csv"
step "payroll --json" county payroll --month 2026-11 --json
cp "$T/out" "$T/roll.json"
grep -q "$ACCOUNT" "$T/roll.csv" && ok "the roll's CSV holds h1's whole account (so the page's masking means something)" \
	|| fail "no account in the roll: $(head -c 300 "$T/roll.csv")"
step "payroll --xlsx" county payroll --month 2026-11 --xlsx "$T/cmd.xlsx"
step "budget --svg" county budget --year 2026 --svg "$T/budget.svg"

start_server || { fail "the server did not start: $(cat "$T/serve.log")"; finish; exit 1; }

# req JAR METHOD PATH [curl args] (t_console.sh's): status in $code, headers
# in $T/h, body in $T/b; English unless AL says otherwise
req() {
	jar=$1 method=$2 path=$3
	shift 3
	code=$(curl -s -X "$method" -o "$T/b" -D "$T/h" -b "$T/$jar" -c "$T/$jar" -w '%{http_code}' \
		-H "Accept-Language: ${AL-en}" "$@" "$URL$path")
}
csrf() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/b" | head -n 1; }
login() { # JAR NAME PASSWORD
	req "$1" GET /login
	tok=$(csrf)
	req "$1" POST /login --data-urlencode "csrf=$tok" --data-urlencode "name=$2" --data-urlencode "password=$3"
}
# post JAR PATH [curl args]: a POST with the session's CSRF token from the page at $FROM
post() {
	pjar=$1 ppath=$2
	shift 2
	req "$pjar" GET "$FROM"
	tok=$(csrf)
	req "$pjar" POST "$ppath" --data-urlencode "csrf=$tok" "$@"
}

login ja ana "ana's office password"
[ "$code" = 303 ] && ok "ana (officer) logs in" || fail "ana login: $code"
login jp pei "the approver's office password"
[ "$code" = 303 ] && ok "pei (approver) logs in" || fail "pei login: $code"
login jr root "the admin's office password"
[ "$code" = 303 ] && ok "root (admin) logs in" || fail "root login: $code"

# ---- who may see what ------------------------------------------------------------------------
see() { # JAR PATH WANT RIGHT
	req "$1" GET "$2"
	[ "$code" = "$3" ] && ok "$1 GET $2: $3" || fail "$1 GET $2: $code, wanted $3"
	grep -q '<script' "$T/b" && fail "$2 has a script" || true
	grep -qF '%?' "$T/b" && fail "$2 has a conversion the page's formatter does not know" || true
}
see ja "/roll" 200
see ja "/budget" 200
see ja "/roll/file?month=2026-11&form=csv" 403
expect_log "^ana refused roll.file 403 role$" "... the officer's download refused is logged"
for p in laptops policy audit; do
	see ja "/$p" 403
	expect_log "^ana refused $p 403 role$" "... logged"
done
for p in roll budget laptops policy audit; do see jp "/$p" 200; done
for p in roll budget laptops policy audit; do see jr "/$p" 200; done
req ja GET /roll
grep -q 'href="/laptops"' "$T/b" && fail "the officer's menu offers the laptops" || ok "the officer's menu does not offer the laptops"
grep -q 'id="downloads"' "$T/b" && fail "the officer is offered the roll's files" || ok "... nor the roll's files"
grep -q 'action="/roll/issue"' "$T/b" && fail "the officer is offered issuing" || ok "... nor issuing"

# ---- the roll -------------------------------------------------------------------------------
req jp GET "/roll?month=2026-11"
cp "$T/b" "$T/roll.html"
grep -q 'data-issued="0"' "$T/roll.html" && ok "the roll page: 2026-11 not issued" || fail "state: $(grep -o 'id="state"[^<]*' "$T/roll.html")"
grep -q "$ACCOUNT" "$T/roll.html" && fail "the whole account is on the roll page" || ok "the account is not on the page in full"
grep -qF "****${ACCOUNT#???????????????}" "$T/roll.html" && ok "... it is masked (****${ACCOUNT#???????????????})" || fail "no masked account"
got=$(python3 - "$T/roll.html" "$T/roll.json" <<'PY'
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
c = json.load(open(sys.argv[2]))["county"]
m = re.search(r'<tr class="county" data-code=""><td>County</td><td class="n">(\d+)</td><td class="n">(\d+)</td><td class="n">([0-9.,]+)</td>', html)
page = m and (m.group(1), m.group(2), m.group(3).replace(",", ""))
want = (str(c["households"]), str(c["lines"]), str(c["total"]))
print("same %s %s %s" % want if page == want else "page %s, roll %s" % (page, want))
PY
)
case $got in same*) ok "the county's totals on the page are the roll's ($got)" ;; *) fail "totals: $got" ;; esac

req jp GET "/roll/file?month=2026-11&form=csv"
[ "$code" = 200 ] && cmp -s "$T/b" "$T/roll.csv" && ok "the roll's CSV from the console is byte for byte payroll --csv's" \
	|| fail "CSV: $code, $(cmp "$T/b" "$T/roll.csv" 2>&1)"
grep -qi '^content-disposition: attachment; filename="roll-2026-11.csv"' "$T/h" && ok "... as an attachment, roll-2026-11.csv" \
	|| fail "disposition: $(grep -i disposition "$T/h")"
req jp GET "/roll/file?month=2026-11&form=csv&lang=zh_CN"
cmp -s "$T/b" "$T/roll-zh.csv" && ok "in Chinese, byte for byte payroll --csv --lang zh_CN's" || fail "zh CSV: $(cmp "$T/b" "$T/roll-zh.csv" 2>&1)"
req jp GET "/roll/file?month=2026-11&form=csv&encoding=gb18030&lang=en"
cmp -s "$T/b" "$T/roll-gb.csv" && ok "GB18030: byte for byte --encoding gb18030's" || fail "gb CSV: $(cmp "$T/b" "$T/roll-gb.csv" 2>&1)"
req jp GET "/roll/file?month=2026-11&form=json"
cmp -s "$T/b" "$T/roll.json" && ok "JSON: byte for byte payroll --json's" || fail "JSON: $(cmp "$T/b" "$T/roll.json" 2>&1)"
req jp GET "/roll/file?month=2026-11&form=xlsx"
cp "$T/b" "$T/roll.xlsx"
[ "$code" = 200 ] && [ "$(head -c 2 "$T/roll.xlsx")" = PK ] && python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert 'xl/workbook.xml' in z.namelist()" "$T/roll.xlsx" \
	&& ok "XLSX: a workbook" || fail "xlsx: $code $(head -c 100 "$T/roll.xlsx" | od -c | head -2)"
got=$(python3 - "$T/roll.xlsx" "$T/cmd.xlsx" <<'PY'
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:3])
na, nb = sorted(a.namelist()), sorted(b.namelist())
# docProps/core.xml holds the time the workbook was made
diff = [n for n in na if n != "docProps/core.xml" and (n not in nb or a.read(n) != b.read(n))]
print("same %d parts" % len(na) if na == nb and not diff else "differ: %s" % (diff or (na, nb)))
PY
)
case $got in same*) ok "... the workbook payroll --xlsx writes, part for part ($got)" ;; *) fail "xlsx against the command's: $got" ;; esac
ls "${TMPDIR:-/tmp}" | grep -q "^doorstep-roll\." && fail "the workbook's private folder was left behind" || ok "... its private folder removed"
expect_log "^pei download roll.file 2026-11 csv 200$" "a download is logged"
req jp GET "/roll/file?month=2026-11&form=pdf"
[ "$code" = 400 ] && ok "an unknown form: 400" || fail "pdf: $code"
req jp GET "/roll?month=2026-13"
[ "$code" = 400 ] && ok "a month that is none: 400" || fail "2026-13: $code"

FROM=/roll
post ja /roll/issue --data-urlencode "month=2026-11"
[ "$code" = 403 ] && ok "the officer may not issue (403)" || fail "officer issue: $code"
expect_log "^ana refused roll.issue 403 role$" "... logged"
run county payroll check --month 2026-11
expect_rc 1 "... and the month is not issued"
FROM="/roll?month=2026-11"
post jp /roll/issue --data-urlencode "month=2026-11"
[ "$code" = 303 ] && ok "the approver issues 2026-11 from the page (303)" || fail "issue: $code $(head -c 300 "$T/b")"
expect_log "^pei action roll.issue 2026-11 303 issued$" "... in the office log"
run county payroll check --month 2026-11
expect_rc 0 "payroll check 2026-11 agrees: issued, the roll made again matches"
req jp GET "/roll?month=2026-11"
grep -q 'data-issued="1"' "$T/b" && ok "the page shows it issued" || fail "not issued on the page"
grep -q 'action="/roll/issue"' "$T/b" && fail "an issued month still offers issuing" || ok "... with no issue button"
post jp /roll/issue --data-urlencode "month=2026-11"
expect_log "^pei action roll.issue 2026-11 303 already$" "issuing it again changes nothing, logged as such"
post jp /roll/issue --data-urlencode "month=2027-03"
[ "$code" = 400 ] && ok "a month after the next open one is refused (400)" || fail "2027-03: $code"
expect_log "^pei action roll.issue 2027-03 400 failed$" "... logged"

# ---- the budget ------------------------------------------------------------------------------
req ja GET "/budget?year=2026"
grep -q '<div id="chart"><svg ' "$T/b" && ok "the budget page holds an inline <svg>" || fail "no svg"
python3 - "$T/b" "$T/budget.svg" > "$T/svgcmp" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<div id="chart">(.*?)</div>', html, re.S)
svg = open(sys.argv[2], encoding="utf-8").read()
svg = svg.split("\n", 1)[1]  # after the XML declaration
print("same" if m and m.group(1) == svg else "differ")
PY
# the page was made after the roll was issued, the file before: the same
# figures (an issued month's totals are its roll's)
[ "$(cat "$T/svgcmp")" = same ] && ok "... the very chart budget --svg writes" || fail "svg: $(cat "$T/svgcmp")"
req ja GET "/budget?year=20x6"
[ "$code" = 400 ] && ok "a year that is none: 400" || fail "bad year: $code"

# ---- laptops: enrol from the key's text, reassign, revoke -----------------------------------
DOORSTEP_PASSPHRASE_FILE="$ZP" step "zhao's laptop" "$D" init --store "$T/zhao" --user zhao --role assistant --region 440106
DOORSTEP_STORE="$T/zhao" DOORSTEP_USER=zhao DOORSTEP_PASSPHRASE_FILE="$ZP" step "zhao's key" "$D" device-key --out "$T/zhao.key"
ZDEV=$(sed -n 's/^device: //p' "$T/zhao.key")
FROM=/laptops
post jp /laptops/enrol --data-urlencode "key@$T/zhao.key" --data-urlencode "user=zhao" --data-urlencode "role=assistant" --data-urlencode "area=440106"
[ "$code" = 403 ] && ok "the approver may not enrol (403)" || fail "approver enrol: $code"
expect_log "^pei refused laptop.enrol 403 role$" "... logged"
sed 's/$/\r/' "$T/zhao.key" > "$T/zhao.crlf"
post jr /laptops/enrol --data-urlencode "key@$T/zhao.crlf" --data-urlencode "user=zhao" --data-urlencode "role=assistant" --data-urlencode "area=440106"
[ "$code" = 303 ] && ok "the admin enrols zhao's laptop from its key's text (lines ended CR LF, as a browser sends)" || fail "enrol: $code $(head -c 300 "$T/b")"
expect_log "^root action laptop.enrol ${ZDEV%????????????????????????} zhao assistant 303 enrolled$" "... logged"
run county status --json
python3 -c "import json,sys; d=[d for d in json.load(open(sys.argv[1]))['devices'] if d['device']==sys.argv[2]]; assert d and d[0]['user']=='zhao' and not d[0]['revoked']" "$T/out" "$ZDEV" \
	&& ok "status lists zhao's laptop, not revoked" || fail "status: $(cat "$T/out")"
post jr /laptops/enrol --data-urlencode "key=not a key" --data-urlencode "user=x" --data-urlencode "role=assistant" --data-urlencode "area=440106"
[ "$code" = 400 ] && grep -q 'not a device key file' "$T/b" && ok "a text that is no key: 400, said" || fail "bad key: $code"

post jr /laptops/reassign --data-urlencode "household=$H5" --data-urlencode "to=li"
[ "$code" = 400 ] && grep -q 'li has no laptop enrolled here as an assistant' "$T/b" && ok "handing to a supervisor is refused, as reassign refuses it" || fail "to li: $code"
post jr /laptops/reassign --data-urlencode "household=$H5" --data-urlencode "to=zhao"
[ "$code" = 303 ] && ok "the admin hands h5 to zhao from the page" || fail "reassign: $code $(head -c 300 "$T/b")"
expect_log "^root action household.reassign $H5 to zhao 303 reassigned$" "... logged"
req jr GET "/household/$H5"
grep -q '<th>Assistant</th><td>zhao</td>' "$T/b" && ok "the household's page shows zhao as its assistant" || fail "owner: $(grep -o '<th>Assistant</th><td>[^<]*' "$T/b")"

post jp /laptops/revoke --data-urlencode "device=$ZDEV"
[ "$code" = 403 ] && ok "the approver may not revoke (403)" || fail "approver revoke: $code"
req jr GET /laptops
grep -q "<tr data-device=\"$ZDEV\" data-revoked=\"0\"><td><code title=\"$ZDEV\">${ZDEV%????????????????????????}</code>" "$T/b" && grep -q "name=\"device\" value=\"$ZDEV\"" "$T/b" \
	&& ok "the laptops page lists zhao's laptop with a revoke button" || fail "laptops page: $(grep -o 'data-device=[^>]*' "$T/b")"
FROM=/laptops
post jr /laptops/revoke --data-urlencode "device=$ZDEV"
[ "$code" = 303 ] && ok "the admin revokes zhao's laptop from the page" || fail "revoke: $code $(head -c 300 "$T/b")"
expect_log "^root action laptop.revoke ${ZDEV%????????????????????????} 303 revoked$" "... logged"
run county status
grep "$ZDEV" "$T/out" | grep -q REVOKED && ok "doorstep-county status shows the laptop revoked" || fail "status: $(cat "$T/out")"
req jr GET /laptops
grep -q "<tr data-device=\"$ZDEV\" data-revoked=\"1\">" "$T/b" && ok "... and so does the page" || fail "not revoked on the page"
post jr /laptops/revoke --data-urlencode "device=00"
[ "$code" = 400 ] && ok "a device that is none: 400" || fail "bad device: $code"

# ---- policy ----------------------------------------------------------------------------------
req jp GET /policy
grep -q 'data-version="cn-default-2023.1" class="in-force"' "$T/b" && ok "the policy page: the version in force" || fail "policy page: $(grep -o 'data-version=[^>]*' "$T/b")"
grep -q 'action="/policy/import"' "$T/b" && fail "the approver is offered the import" || ok "... no import for the approver"
FROM=/policy
post jp /policy/import --data-urlencode "policy@tests/policy/sample.json"
[ "$code" = 403 ] && ok "the approver may not import (403)" || fail "approver import: $code"
sed 's/"effective_from": "2024-01-01"/"effective_from": "2024-02-30"/' tests/policy/sample.json > "$T/bad.json"
post jr /policy/import --data-urlencode "policy@$T/bad.json"
[ "$code" = 400 ] && grep -q '2024-02-30' "$T/b" && ok "a policy with a date that is none: 400, the error shown" || fail "bad policy: $code"
expect_log "^root action policy.import 400 failed$" "... logged"
post jr /policy/import --data-urlencode "policy@tests/policy/sample.json"
[ "$code" = 303 ] && ok "the admin imports a policy from the page" || fail "import: $code $(head -c 300 "$T/b")"
expect_log "^root action policy.import test-sample-2024.1 303 imported$" "... logged"
req jr GET /policy
grep -q 'data-version="test-sample-2024.1"' "$T/b" && ok "the page lists the new version" || fail "no new version"
run county policy tests/policy/sample.json
expect_out "already at the county" "doorstep-county policy: the same version is already at the county"

# ---- the audit log ---------------------------------------------------------------------------
rows() { grep -o '<tr class="[a-z]*" data-user="[^"]*" data-kind="[^"]*"' "$T/b"; }
req jr GET "/audit?user=pei"
n=$(rows | wc -l)
[ "$n" -gt 3 ] && [ "$(rows | grep -vc 'data-user="pei"')" = 0 ] && ok "the audit log filtered by user: $n lines, all pei's" || fail "user filter: $n, $(rows | grep -v 'data-user="pei"' | head -3)"
req jr GET "/audit?kind=refused"
n=$(rows | wc -l)
[ "$n" -gt 3 ] && [ "$(rows | grep -vc 'data-kind="refused"')" = 0 ] && ok "filtered by kind: $n lines, all refusals" || fail "kind filter: $n"
req jr GET "/audit?user=wang&source=laptops"
n=$(rows | wc -l)
[ "$n" -gt 3 ] && [ "$(rows | grep -vc '<tr class="event" data-user="wang"')" = 0 ] && ok "the laptops' event log by user: $n of wang's events" || fail "events: $n"
req jr GET "/audit?user=pei&kind=action"
[ "$(rows | grep -vc 'data-user="pei" data-kind="action"')" = 0 ] && [ "$(rows | wc -l)" -ge 3 ] && ok "user and kind together" || fail "both: $(rows | head -3)"
req jr GET "/audit?from=2000-01-01&to=2000-12-31"
[ "$(rows | wc -l)" = 0 ] && ok "a time range with nothing in it: no lines" || fail "range: $(rows | wc -l)"
req jr GET "/audit?from=2000-02-30"
[ "$code" = 400 ] && ok "a day that is none: 400" || fail "bad from: $code"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do req ja GET /audit; done
req jr GET "/audit"
[ "$(rows | wc -l)" = 50 ] && grep -q 'id="next"' "$T/b" && ok "a page of 50 lines, and a next page" || fail "paging: $(rows | wc -l)"
req jr GET "/audit?page=1"
[ "$(rows | wc -l)" -ge 1 ] && grep -q 'id="prev"' "$T/b" && ok "the next page, with a way back" || fail "page 1: $(rows | wc -l)"
req jr GET "/audit"
cp "$T/b" "$T/audit0.html"
req jr GET "/audit?page=1"
cat "$T/b" >> "$T/audit0.html"
for n in 王一 王二 王四 王五 "$(id18 44010619700101001)" "$ACCOUNT" 石牌街道1号 华师社区; do
	grep -q "$n" "$T/audit0.html" && fail "the audit log shows $n"
done
ok "nothing personal in the audit log's pages (names, ID number, account, address)"

# ---- Chinese ---------------------------------------------------------------------------------
zh() { # PATH TITLE
	req jr GET "$1?lang=zh_CN"
	grep -q "<h1>$2</h1>" "$T/b" && ok "$1 in Chinese: $2" || fail "$1 zh: $(grep -o '<h1>[^<]*' "$T/b")"
}
zh /roll 发放名册
zh /budget 预算
zh /laptops 笔记本
zh /policy 政策版本
zh /audit 审计日志
grep -q '>来源<' "$T/b" && ok "... the audit page's words too" || fail "audit words: $(head -c 600 "$T/b" | tail -c 300)"
finish
