#!/bin/sh
# t_tui_sync.sh — sync while the interface is open: the status bar says
# what waits and why it could not go; when the county comes back the
# interface sends on its own, and a decision made on the supervisor's
# laptop appears on the assistant's caseload without leaving it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"

C="$BUILD/doorstep-county"
CP=$(passfile pass-county "the county keeps this one safe")
LP=$(passfile pass-li "li supervises the township")
new_store tsync wang assistant
WANG="correct horse battery tsync"
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_li() { DOORSTEP_STORE="$T/li" DOORSTEP_PASSPHRASE_FILE="$LP" "$D" "$@"; }

SERVER_PID=""
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2> /dev/null && wait "$SERVER_PID" 2> /dev/null; SERVER_PID=""; }
cleanup() { stop_server; tmux -S "$SOCK" kill-server > /dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT
PORT=$((22000 + $$ % 20000))
URL="http://127.0.0.1:$PORT"
start_server() {
	DOORSTEP_PASSPHRASE_FILE="$CP" "$C" serve --data "$T/county" --listen "127.0.0.1:$PORT" 2> "$T/serve.log" &
	SERVER_PID=$!
	i=0
	while [ $i -lt 50 ]; do
		grep -q "serving on" "$T/serve.log" 2> /dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

A=$(id18 44010619700101001)
printf '{"region":"440106","address":"石牌街道1号","members":[{"name":"王甲","id_number":"%s","relation":"head","categories":[],"able_to_work":false,"incomes":[]}],"assets":{"financial":"300","vehicles":[],"homes":1}}\n' "$A" > "$T/ha.json"
printf '{"date":"2026-11-25","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-11-25"},"observations":"seen"}\n' "$A" "$A" > "$T/va.json"

run county init
DOORSTEP_PASSPHRASE_FILE="$LP" run "$D" init --store "$T/li" --user li --role supervisor --region 440106
run "$D" device-key --out "$T/wang.key"
run as_li device-key --out "$T/li.key"
run county enroll --device-key "$T/wang.key" --user wang --role assistant --area 440106
run county enroll --device-key "$T/li.key" --user li --role supervisor --area 440106
run "$D" enroll --county-key "$T/county/county.pub" --server "$URL"
expect_rc 0 "wang's laptop is linked to the county's server (not running yet)"
run as_li enroll --county-key "$T/county/county.pub" --server "$URL"
H=$("$D" household add --json "$T/ha.json")
run "$D" visit record "$H" --json "$T/va.json"
run "$D" review submit "$H"
expect_rc 0 "wang submits 王甲, offline"

# the county is not there: the status bar says so, in words
start w 80 24 DOORSTEP_SYNC_EVERY=2
unlock w wang "$WANG"
see w '^No connection to the county at [0-9]{2}:[0-9]{2}; [0-9]+ changes wait and go later\.$' \
	"with the county unreachable, the status bar says so plainly, and how many changes wait" 20
screen_has '^王甲 +石牌街道1号 +submitted' "the caseload is there as ever"

# the county comes back: sent without being asked
if start_server; then ok "the county's server starts"; else fail "the server did not start"; fi
see w '^Everything is at the county \(last sent [0-9-]+ [0-9:]+\)' \
	"the interface sends on its own; the status bar says everything is at the county" 30
run "$D" sync status --json
tr -d ' \n' < "$T/out" | grep -q '"unsent_events":0' && ok "... and it is: nothing left unsent" || fail "status: $(cat "$T/out")"

# li decides on her own laptop; wang's caseload shows it without leaving
run as_li sync pull
expect_rc 0 "li pulls the queue"
run as_li review approve "$(as_li household list --csv | grep 王甲 | cut -d, -f1 | tr -d '"')"
expect_rc 0 "li approves 王甲"
run as_li sync push
expect_rc 0 "li pushes"
see w '^王甲 +石牌街道1号 +public notice' "wang's open caseload shows 王甲 in public notice, fetched in the background" 30
keys w Q
exited w "Q leaves"

# a large round on a slow line (6 kB/s): bundle 1 of 1, the bytes left
# and the rate on the status line while it goes (the rate is known after a
# first stretch, by when the bytes left may be under 10 KiB, shown in B: a
# loaded machine draws the screen too seldom to count on the KiB)
run "$D" demo --households 300 --seed 9
expect_rc 0 "300 households more, offline"
start s 100 24 DOORSTEP_SYNC_EVERY=2 DOORSTEP_SYNC_RATE=6000
unlock s wang "$WANG"
see s '^Sending to the county… Bundle 1 of 1: [0-9]+ KiB left' \
	"while a large bundle goes, the status bar shows bundle 1 of 1 and the bytes left" 20
see s '^Sending to the county… Bundle 1 of 1: [0-9]+ (KiB|B) left, [0-9.]+ [KM]?i?B a second' \
	"... and the rate" 10
see s '^Everything is at the county' "... until it is all there" 60
keys s Q
exited s "Q leaves"

# in Chinese
start z 80 24 DOORSTEP_SYNC_EVERY=2 LANG=zh_CN.UTF-8
see z '^  wang 的口令：' "the passphrase in Chinese"
type_text z "$WANG"
keys z Enter
see z '^一切都已送到县里' "the status bar in Chinese" 20
keys z Q
exited z "Q leaves"

finish
