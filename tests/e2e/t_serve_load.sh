#!/bin/sh
# t_serve_load.sh — the county server under load on loopback, as the
# issue asks: laptops pushing while console sessions browse, with 500
# slow connections held open from another address; no request waits
# more than BOUND seconds and nothing is lost.
#
# SERVE_LOAD_LAPTOPS laptops (40 here, 200 in `make bench`), each with
# its own user, device key and a few households (the first a thousand:
# a large bundle), make their bundles
# (sync export: the bytes a push sends); then, against one
# doorstep-county serve on 127.0.0.1, tests/tools/slowconn holds 500
# connections from 127.0.0.2 trickling a byte every half second, and
# tests/tools/loadgen POSTs every laptop's bundles to /bundle at once (a
# thread each, as many uploads in flight as laptops, trying again with
# backoff like a laptop) while 20 office users (approvers, made with
# `user add`) log in to the console at once and browse it until the
# pushes end: /, /households, a household's page, /roll, /budget,
# /laptops, /audit and /ping, a round every 20 ms. Checked: every login
# a session, every page 200 (a 303 to /login would be a session lost),
# every request answered within BOUND (10 s), every bundle 200, the slow connections
# held only up to the per-address limit, the office log with a good
# login for each office user and no lockout, /ping quick while they are
# held, and the county holding each laptop's events exactly — its count
# per device equal to the laptop's own, nothing kept aside. The figures
# (longest waits, the store lock's longest wait) are printed.
. "$(dirname "$0")/lib.sh"

NDEV=${SERVE_LOAD_LAPTOPS:-40}
BROWSERS=${SERVE_LOAD_BROWSERS:-20}
SLOW=${SERVE_LOAD_SLOW:-500}
BOUND=${SERVE_LOAD_BOUND:-10}
NHH=5
SQL="$TOOLS/sqlpoke"
JOBS=$(nproc 2> /dev/null || echo 2)
[ "$JOBS" -lt 2 ] && JOBS=2
[ "$JOBS" -gt 8 ] && JOBS=8

CP=$(passfile pass-county "the county keeps this one safe")
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
. "$(dirname "$0")/county_lib.sh"
. "$(dirname "$0")/console_lib.sh"
SLOW_PID=""
trap 'stop_server; [ -n "$SLOW_PID" ] && kill "$SLOW_PID" 2> /dev/null; rm -rf "$T"' EXIT INT TERM
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
name() { printf 'L%03d' "$1"; }

in_parallel() {
	workers=""
	w=1
	while [ $w -le "$JOBS" ]; do
		( i=$w; while [ $i -le "$NDEV" ]; do "$1" "$i"; i=$((i + JOBS)); done ) &
		workers="$workers $!"
		w=$((w + 1))
	done
}
wait_workers() { for p in $workers; do wait "$p"; done; }

# setup_one I: laptop I with NHH households of its own, its device key
# ($T/dev/NAME.keyed once written), and its bundles in $T/up/NAME;
# $T/dev/NAME.ok, or NAME.fail saying which step failed
setup_one() {
	u=$(name "$1")
	pf=$(passfile "pass-$u" "correct horse battery $u")
	# the first laptop's bundle is a large one (a township's whole
	# caseload), the others small
	if [ "$1" -eq 1 ]; then gen_households 1000 1000000; else gen_households "$NHH" $((($1 - 1) * 20)); fi \
		> "$T/dev/$u.jsonl"
	export DOORSTEP_STORE="$T/dev/$u" DOORSTEP_PASSPHRASE_FILE="$pf"
	for step in init import device-key enroll export; do
		case $step in
		init) "$D" init --user "$u" --role assistant --region 440106 ;;
		import) "$D" household import --jsonl "$T/dev/$u.jsonl" ;;
		device-key) "$D" device-key --out "$T/dev/$u.key" && : > "$T/dev/$u.keyed" ;;
		enroll) "$D" enroll --county-key "$T/county/county.pub" --server "http://127.0.0.1:9" ;;
		export) mkdir -p "$T/up/$u" && "$D" sync export --to "$T/up/$u" ;;
		esac > /dev/null 2> "$T/dev/$u.err" || {
			echo "$step: exit $?: $(head -c 300 "$T/dev/$u.err")" > "$T/dev/$u.fail"
			return 1
		}
	done
	: > "$T/dev/$u.ok"
}

t_all=$(now)
mkdir -p "$T/dev" "$T/up"
run county init
expect_rc 0 "the county"
OP=$(passfile pass-office "the office's own password")
b=1 bad=0
while [ $b -le "$BROWSERS" ]; do
	DOORSTEP_OFFICE_PASSWORD_FILE="$OP" county user add "clerk$b" --role approver > /dev/null 2> "$T/err" ||
		{ bad=$((bad + 1)); echo "# user add clerk$b: $(head -c 200 "$T/err")"; }
	b=$((b + 1))
done
[ $bad -eq 0 ] && ok "$BROWSERS office users (approvers) for the console" || fail "$bad of $BROWSERS office users not added"
in_parallel setup_one
bad=0
i=1
while [ $i -le "$NDEV" ]; do
	u=$(name $i)
	while [ ! -e "$T/dev/$u.keyed" ] && [ ! -e "$T/dev/$u.fail" ]; do sleep 0.05; done
	if [ -e "$T/dev/$u.keyed" ]; then
		county enroll --device-key "$T/dev/$u.key" --user "$u" --role assistant --area 440106 \
			> /dev/null 2> "$T/err" || { bad=$((bad + 1)); echo "# enroll $u: $(head -c 200 "$T/err")"; }
	fi
	i=$((i + 1))
done
wait_workers
n=$(ls "$T/dev" | grep -c '\.ok$')
NB=$(find "$T/up" -name 'up-*.dsb' | wc -l)
if [ "$n" -eq "$NDEV" ] && [ $bad -eq 0 ] && [ "$NB" -ge "$NDEV" ]; then
	ok "$NDEV laptops enrolled, $NB bundles made ($(since "$t_all") s)"
else
	fail "$n of $NDEV laptops set up, $bad enrolments failed, $NB bundles; $(cat "$T"/dev/*.fail 2> /dev/null | head -1)"
	finish
	exit 1
fi

start_server || { fail "serve: $(cat "$T/serve.log")"; finish; exit 1; }
ok "doorstep-county serves on 127.0.0.1:$PORT"

# ---- the load ------------------------------------------------------------------------------------

# the slow connections first, and for longer than the rest takes
"$TOOLS/slowconn" 127.0.0.1 "$PORT" "$SLOW" 120 127.0.0.2 > "$T/slow.out" &
SLOW_PID=$!
sleep 3
t0=$(now)
code=$(curl -s -o /dev/null -w '%{http_code}' -m "$BOUND" "$URL/ping")
took=$(since "$t0")
[ "$code" = 200 ] && ok "with $SLOW slow connections held from 127.0.0.2, /ping answers 127.0.0.1 ($took s)" ||
	fail "/ping with slow connections: $code after $took s"

t_load=$(now)
# shellcheck disable=SC2046
"$TOOLS/loadgen" 127.0.0.1 "$PORT" "$BOUND" "$BROWSERS" 2 clerk "$OP" $(find "$T/up" -name 'up-*.dsb' | sort) \
	> "$T/load.out" 2> "$T/load.err"
lrc=$?
S=$(since "$t_load")
sed 's/^/# loadgen: /' "$T/load.out"
head -5 "$T/load.err" | sed 's/^/# loadgen: /'
bundles_line=$(grep '^bundles ' "$T/load.out")
set -- $bundles_line
# bundles N answered A ok K tries T max_ms M
if [ "$lrc" -eq 0 ] && [ "${2:-0}" -eq "$NB" ] && [ "${4:-}" = "$NB" ] && [ "${6:-}" = "$NB" ]; then
	ok "$NB bundles of $NDEV laptops pushed at once: every one answered 200 within $BOUND s (longest ${10} ms, $8 connections)"
else fail "the pushes: loadgen exit $lrc: $bundles_line"; fi
# all_ok KIND [MIN]: loadgen's line "KIND N answered N ok N ..." with N >= MIN
all_ok() { grep -Eq "^$1 ([0-9]+) answered \1 ok \1 " "$T/load.out" && [ "$(sed -n "s#^$1 \([0-9]*\) .*#\1#p" "$T/load.out")" -ge "${2:-1}" ]; }
all_ok login "$BROWSERS" && ok "$BROWSERS office users logged in at once: each a session (no lockout)" ||
	fail "the logins: $(grep '^login ' "$T/load.out"); $(head -3 "$T/load.err" | tr '\n' ';')"
pages_ok=1
for p in / /households /household/ID /roll /budget /laptops /audit; do all_ok "page $p" "$BROWSERS" || pages_ok=0; done
[ $pages_ok = 1 ] && all_ok console && all_ok ping && grep -q "^over $BOUND: 0$" "$T/load.out" &&
	ok "$BROWSERS console sessions browsing meanwhile: every page (each at least $BROWSERS times) 200, none sent back to /login, and /ping, all within $BOUND s" ||
	fail "the browsing: $(tr '\n' ';' < "$T/load.out")"
kill -0 "$SLOW_PID" 2> /dev/null && ok "slowconn was still running throughout" || fail "slowconn ended early: $(cat "$T/slow.out")"
kill "$SLOW_PID" 2> /dev/null
wait "$SLOW_PID" 2> /dev/null
SLOW_PID=""
echo "# slowconn: $(cat "$T/slow.out")"
held=$(sed -n 's/.* held \([0-9]*\) .*/\1/p' "$T/slow.out")
open_end=$(sed -n 's/.* open-at-end \([0-9]*\).*/\1/p' "$T/slow.out")
[ -n "$held" ] && [ "$held" -gt 0 ] && [ "$held" -le 256 ] && [ "$open_end" = "$held" ] &&
	ok "the server held $held of the $SLOW slow connections all along (at most 256 from one address), refusing the rest" ||
	fail "slowconn: $(cat "$T/slow.out")"
kill -0 "$SERVER_PID" 2> /dev/null && ok "the server is still up" || fail "the server died: $(tail -5 "$T/serve.log")"
sleep 0.5
stop_server

# the store lock: how long a bundle waited for it at most, and took
W=$(sed -n 's/.* bundle=[a-z]* .*wait_ms=\([0-9]*\) ms=\([0-9]*\)$/\1 \2/p' "$T/serve.log" |
	awk '$1 > w { w = $1 } $2 > a { a = $2 } END { printf "%d %d", w, a }')
echo "# pushes and browsing: $S s; the store lock: longest wait ${W% *} ms, longest apply ${W#* } ms"
big=$(sed -n 's/.* bundle=applied .* size=\([0-9]*\) wait_ms=[0-9]* ms=\([0-9]*\)$/\1 \2/p' "$T/serve.log" | sort -n | tail -1)
echo "# the largest bundle: ${big% *} bytes, applied in ${big#* } ms (the store lock held that long; /ping and the pages above did not wait for it)"
n=$(grep -c ' bundle=applied ' "$T/serve.log")
h=$(grep -c ' bundle=held ' "$T/serve.log")
[ $((n + h)) -eq "$NB" ] && ok "a log line for each bundle ($n applied at once, $h held for an earlier one)" ||
	fail "$n applied and $h held bundle lines for $NB bundles"

# the office log: a good login for each office user, none refused or
# locked out, no session expired or refused
office_log > "$T/office.log"
nin=$(grep -E '^clerk[0-9]+ login login clerk[0-9]+ 303 ok$|^clerk[0-9]+ login login 303 ok$' "$T/office.log" | cut -d' ' -f1 | sort -u | wc -l)
nbad=$(grep -Ec 'lockout|failed|expired|refused| 40[0-9] | 429 ' "$T/office.log")
[ "$nin" -eq "$BROWSERS" ] && [ "$nbad" -eq 0 ] &&
	ok "the office log: a good login for each of the $BROWSERS office users, no failure, lockout or expiry" ||
	fail "the office log: $nin users logged in, $nbad bad lines: $(grep -E 'login|lockout' "$T/office.log" | head -3 | tr '\n' '|')"

# ---- nothing lost --------------------------------------------------------------------------------

run county status --json
expect_rc 0 "doorstep-county status --json"
tr -d ' \n' < "$T/out" > "$T/status.json"
grep -q '"aside":\[\]' "$T/status.json" && ok "nothing kept aside or held" || fail "kept aside: $(grep -o '"aside":.*' "$T/status.json" | head -c 300)"
sed -e 's/"aside":.*//' -e 's/},{/}\n{/g' "$T/status.json" | grep '"user":"L[0-9]*"' |
	sed -n 's/.*"device":"\([0-9a-f]*\)".*"user":"\([^"]*\)".*"events":\([0-9]*\).*/\1 \2 \3/p' > "$T/devices"
bad=0 sum=0
i=1
while [ $i -le "$NDEV" ]; do
	u=$(name $i)
	dev=$(sed -n 's/^device: \([0-9a-f]*\)$/\1/p' "$T/dev/$u.key")
	de=$("$SQL" "$T/dev/$u/store.db" query "SELECT count(*) FROM event WHERE device = X'$dev'" 2> /dev/null)
	ce=$(awk -v d="$dev" '$1 == d { print $3 }' "$T/devices")
	if [ -z "$de" ] || [ "$de" = 0 ] || [ "$ce" != "$de" ]; then
		bad=$((bad + 1))
		[ $bad -le 5 ] && echo "# $u: the laptop has ${de:-?} events of its own, the county ${ce:-none}"
	fi
	sum=$((sum + ${de:-0}))
	i=$((i + 1))
done
[ $bad -eq 0 ] && ok "the county holds every laptop's events, as many as the laptop ($sum in all)" ||
	fail "$bad laptops' events differ"
echo "# all: $(since "$t_all") s"

finish
