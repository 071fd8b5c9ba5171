#!/bin/sh
# t_tui_settings.sh — the county's settings in the interface: the help
# page ends with them, read only (none yet, then those set); the household
# page names the household's region (GB/T 2260) beside its code.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
new_store tset li supervisor
PASS="correct horse battery tset"
P=$(id18 44010619700101001)
printf '{"region":"440106","address":"石牌街道1号","members":[{"name":"王甲","id_number":"%s","relation":"head","categories":[],"able_to_work":false,"incomes":[]}],"assets":{"financial":"300","vehicles":[],"homes":1}}\n' "$P" > "$T/h.json"
run "$D" household add --json "$T/h.json"
expect_rc 0 "a household in 440106"

start s 100 40
unlock s li "$PASS"
keys s '?'
see s '^Help: the keys of this screen' "? opens help"
keys s End
see s '^County settings' "help ends with the county's settings"
screen_has '^  No county settings yet' "... none yet"
keys s Q
exited s "Q leaves"

run "$D" settings set "$TOP/tests/settings/tianhe.json"
expect_rc 0 "li sets the county's settings"
start s2 100 40
unlock s2 li "$PASS"
keys s2 '?'
see s2 '^Help: the keys of this screen' "? opens help"
keys s2 End
see s2 '^  Issuing authority: 广州市天河区民政局' "help shows the issuing authority"
screen_has '^  Version tianhe-2027\.1, from 2027-01-01, set on this laptop' "... their version, and who set them"
screen_has '^  Administrative reconsideration is heard by: 广州市天河区人民政府' "... the body for reconsideration"
screen_has '^  Administrative litigation is heard by: 广州铁路运输法院' "... the court"
screen_has '^  Document number prefix: 天民低' "... the document-number prefix"
keys s2 q
see s2 '^[0-9]+/[0-9]+ all: ' "q goes back to the caseload"
keys s2 Enter
see s2 '^Household 王甲' "Enter opens the household"
screen_has 'Tianhe District, Guangzhou, Guangdong, region code 440106' "the household page names its region"
keys s2 Q
exited s2 "Q leaves"
finish
