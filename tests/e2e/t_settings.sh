#!/bin/sh
# t_settings.sh — the county's settings: none at first; a supervisor sets
# them on a laptop not enrolled with a county and sees them; a bad file is
# refused naming its field, and an assistant is refused; once enrolled the
# laptop refuses to set them (the county sets them); the county's, set with
# doorstep-county settings, reach the laptop over HTTP with its next pull
# and replace its own; every log verifies.
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
CP=$(passfile pass-county "the county keeps this one safe")
LP=$(passfile pass-li "li supervises the township")
WP=$(passfile pass-wang "wang keeps his own passphrase")
. "$(dirname "$0")/county_lib.sh"

as_li() { DOORSTEP_STORE="$T/li" DOORSTEP_PASSPHRASE_FILE="$LP" "$D" "$@"; }
as_wang() { DOORSTEP_STORE="$T/wang" DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }

DOORSTEP_PASSPHRASE_FILE="$LP" run "$D" init --store "$T/li" --user li --role supervisor --region 440106
expect_rc 0 "li's laptop (a supervisor)"
DOORSTEP_PASSPHRASE_FILE="$WP" run "$D" init --store "$T/wang" --user wang --role assistant --region 440106
expect_rc 0 "wang's laptop (an assistant)"

# ---- on a laptop not enrolled -----------------------------------------------------
run as_li settings show
expect_rc 0 "settings show before any are set"
expect_out "^No county settings yet" "... says there are none yet"
run as_li settings set "$TOP/tests/settings/tianhe.json"
expect_rc 0 "li sets them from the example file"
expect_out "tianhe-2027\.1" "... naming their version"
run as_li settings show
expect_rc 0 "settings show"
expect_out "set on this laptop" "... says they were set on this laptop"
expect_out "广州市天河区民政局" "... the issuing authority"
expect_out "020-12345678" "... the telephone"
expect_out "广州市天河区人民政府" "... the body that hears reconsideration"
expect_out "广州铁路运输法院" "... the court"
expect_out "天民低" "... the document-number prefix"

sed 's/"020-12345678"/"020-1234 ext. 5"/' "$TOP/tests/settings/tianhe.json" > "$T/bad.json"
run as_li settings set "$T/bad.json"
expect_rc 1 "a telephone with letters is refused"
expect_err "^doorstep: telephone: " "... the error names the field"
[ "$(wc -l < "$T/err")" -eq 1 ] && ok "... in one line" || fail "error lines: $(cat "$T/err")"
sed 's/"court"/"courts"/' "$TOP/tests/settings/tianhe.json" > "$T/bad.json"
run as_li settings set "$T/bad.json"
expect_rc 1 "an unknown field is refused"
expect_err "courts: unknown field" "... naming it"
run as_li settings show
expect_out "020-12345678" "what was set before is still in force"

run as_wang settings set "$TOP/tests/settings/tianhe.json"
expect_rc 5 "an assistant may not set them"
expect_err "supervisor" "... only a supervisor may"

# ---- a county, and the laptop enrolled with it ------------------------------------------
run county init
expect_rc 0 "the county"
sed -e 's/"tianhe-2027.1"/"county-2027.2"/' -e 's/天民低/穗天民低/' \
	-e 's/"020-12345678"/"020-87654321"/' "$TOP/tests/settings/tianhe.json" > "$T/county.json"
run county settings "$T/county.json"
expect_rc 0 "doorstep-county settings"
expect_out "county-2027\.2" "... naming their version"
sed 's/"telephone"/"phone"/' "$T/county.json" > "$T/bad.json"
run county settings "$T/bad.json"
expect_rc 1 "doorstep-county settings refuses a bad file"
expect_err "phone: unknown field" "... naming the field"

run as_li device-key --out "$T/li.key"
run county enroll --device-key "$T/li.key" --user li --role supervisor --area 440106
expect_rc 0 "the county enrols li's laptop"
if start_server "$T/county"; then ok "the county serves on 127.0.0.1:$PORT"
else fail "the county server did not start: $(cat "$T/serve.log")"; fi
run as_li enroll --county-key "$T/county/county.pub" --server "$URL"
expect_rc 0 "li's laptop takes the county's key"

run as_li settings set "$TOP/tests/settings/tianhe.json"
expect_rc 5 "an enrolled laptop refuses to set them"
expect_err "the county sets them" "... saying the county sets them"

run as_li sync push
expect_rc 0 "li pushes (her own settings go up with the rest)"
run as_li sync pull
expect_rc 0 "li pulls"
run as_li settings show
expect_rc 0 "settings show after the pull"
expect_out "set by the county" "... they are the county's now"
expect_out "county-2027\.2" "... its version"
expect_out "穗天民低" "... its document-number prefix"
expect_out "020-87654321" "... its telephone"
grep -q "020-12345678" "$T/out" && fail "li's own telephone is still shown" || ok "li's own are replaced"
run as_li audit verify
expect_rc 0 "li's log verifies with the county's settings in it"
run as_li store rebuild
run as_li settings show
expect_out "穗天民低" "after a rebuild the county's are still in force"
stop_server
DOORSTEP_STORE="$T/county/store" DOORSTEP_PASSPHRASE_FILE="$CP" run "$D" audit verify
expect_rc 0 "the county's log verifies with li's settings in it"
DOORSTEP_STORE="$T/county/store" DOORSTEP_PASSPHRASE_FILE="$CP" DOORSTEP_USER=county run "$D" settings show
expect_out "穗天民低" "the county's own are still the county's after li's arrived"
finish
