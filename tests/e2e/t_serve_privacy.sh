#!/bin/sh
# t_serve_privacy.sh — nothing personal in doorstep-county serve's log: a
# laptop with 30 known households (gen_households: names, ID numbers,
# addresses) pushes them and pulls; console paths and query strings
# carrying those names, ID numbers and household IDs, a form posted with
# them, a body of them posted as a bundle (refused) and a signed-looking
# /down/ request are all served and logged; then the log is searched for
# every name, ID number (and its 17 digits), address and household ID of
# the test data, and for any CJK text at all: none may be there, while
# the lines for each of those requests are.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_wang() { DOORSTEP_STORE="$T/wang" DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
. "$(dirname "$0")/county_lib.sh"

run county init
expect_rc 0 "the county"
DOORSTEP_PASSPHRASE_FILE="$WP" run "$D" init --store "$T/wang" --user wang --role assistant --region 440106
run as_wang device-key --out "$T/wang.key"
run county enroll --device-key "$T/wang.key" --user wang --role assistant --area 440106
expect_rc 0 "the county enrols wang's laptop"
gen_households 30 0 > "$T/hh.jsonl"
run as_wang household import --jsonl "$T/hh.jsonl"
expect_rc 0 "30 households with known names and ID numbers on wang's laptop"
run as_wang household list --csv
tail -n +2 "$T/out" | cut -d, -f1 | tr -d '"' > "$T/hhids"
# every personal value of the test data, one a line
{
	grep -o '"name":"[^"]*"' "$T/hh.jsonl" | cut -d'"' -f4
	grep -o '"id_number":"[^"]*"' "$T/hh.jsonl" | cut -d'"' -f4
	grep -o '"id_number":"[^"]*"' "$T/hh.jsonl" | cut -d'"' -f4 | cut -c1-17
	grep -o '"address":"[^"]*"' "$T/hh.jsonl" | cut -d'"' -f4
	cat "$T/hhids"
} | sort -u > "$T/personal"
[ "$(wc -l < "$T/hhids")" -eq 30 ] && [ "$(wc -l < "$T/personal")" -gt 150 ] &&
	ok "$(wc -l < "$T/personal") personal values to look for (names, ID numbers, addresses, household IDs)" ||
	fail "personal values: $(wc -l < "$T/personal"), household IDs $(wc -l < "$T/hhids")"

start_server || { fail "serve: $(cat "$T/serve.log")"; finish; exit 1; }
run as_wang enroll --county-key "$T/county/county.pub" --server "$URL"
run as_wang sync push
expect_rc 0 "wang pushes the households"
run as_wang sync pull
expect_rc 0 "wang pulls"
ID1=$(grep -o '"id_number":"[^"]*"' "$T/hh.jsonl" | head -1 | cut -d'"' -f4)
NAME1=$(grep -o '"name":"[^"]*"' "$T/hh.jsonl" | head -1 | cut -d'"' -f4)
HH1=$(head -1 "$T/hhids")
# a console page for a household, a search, a form, all with personal data
curl -s -o /dev/null -m 5 "$URL/household/$HH1"
curl -s -o /dev/null -m 5 "$URL/households?id_number=$ID1&name=$NAME1"
curl -s -o /dev/null -m 5 "$URL/$ID1"
curl -s -o /dev/null -m 5 --data-urlencode "name=$NAME1" --data-urlencode "id=$ID1" "$URL/search"
# a "bundle" of personal data, refused
curl -s -o /dev/null -m 5 --data-binary @"$T/hh.jsonl" "$URL/bundle"
# /down/ with a made-up request naming a household
curl -s -o /dev/null -m 5 -H "Doorstep-Request: $HH1 $ID1" -H "Doorstep-Signature: $NAME1" \
	"$URL/down/$(sed -n 's/^device: //p' "$T/wang.key")/7"
curl -s -o /dev/null -m 5 "$URL/ping?who=$ID1"
# a name in plain letters as a path: no route of the server's, so not logged
curl -s -o /dev/null -m 5 "$URL/Wangyiming"
sleep 0.3
stop_server

lines=$(grep -c '^<' "$T/serve.log")
grep -q 'bundle=applied' "$T/serve.log" && grep -q 'what="GET /household/…"' "$T/serve.log" &&
	grep -q 'what="GET /households"' "$T/serve.log" && grep -q 'what="POST /\*"' "$T/serve.log" &&
	grep -q 'what="GET /\*"' "$T/serve.log" && grep -q 'bundle=refused' "$T/serve.log" &&
	grep -q 'what="GET /down/…" status=403' "$T/serve.log" && grep -q 'what="GET /ping"' "$T/serve.log" &&
	ok "every request and bundle was logged ($lines lines)" || fail "log lines missing: $(cat "$T/serve.log")"
grep -q Wangyiming "$T/serve.log" && fail "a path in plain letters that is no route was logged as typed" ||
	ok "a path in plain letters that is no route is logged as /*"
found=$(grep -F -f "$T/personal" "$T/serve.log")
[ -z "$found" ] && ok "no name, ID number, address or household ID in the log" || fail "personal data in the log: $(echo "$found" | head -3)"
if LC_ALL=C.UTF-8 grep -P '[\x{3000}-\x{9fff}]' "$T/serve.log" > /dev/null 2>&1; then
	fail "CJK text in the log: $(LC_ALL=C.UTF-8 grep -P '[\x{3000}-\x{9fff}]' "$T/serve.log" | head -2)"
else ok "no CJK text at all in the log"; fi
grep -Eq '[0-9]{15}' "$T/serve.log" && fail "a long run of digits in the log: $(grep -E '[0-9]{15}' "$T/serve.log" | head -2)" ||
	ok "no run of 15 digits (an ID number's shape) in the log"
grep -q '?' "$T/serve.log" && fail "a query string in the log: $(grep '?' "$T/serve.log" | head -2)" || ok "no query string in the log"

finish
