#!/bin/sh
# t_sync_load.sh — a bounded load test on loopback: 100 laptops, each with
# its own assistant and about 1,000 events of its own, enrolled with one
# county; 100 `doorstep sync push`, 25 at a time, to a doorstep-county on
# 127.0.0.1. Every push must end well, and the county must hold every
# event exactly once — by count (per laptop and in total) and by hash
# (each laptop's set of event hashes equals the county's for it) — with
# its log intact and every household there. The figures are printed:
# set-up, the wall time of the pushes (each opens its store with
# Argon2id first, 64 MiB each: hence 25 at a time) and events/s, the server's
# CPU, and how many pushes needed more than one try (counted with strace
# where it works, as the push does not say). LOAD_DEVICES=N for fewer.
. "$(dirname "$0")/lib.sh"

SQL="$TOOLS/sqlpoke"
NDEV=${LOAD_DEVICES:-100}
# init writes 3 events, device-key 1 (device.keys), an import 1 a
# household: 996 households make 1,000 events
NHH=996
# people per laptop: at most 3 a household; ranges of ID numbers apart
STRIDE=3000
# workers for the set-up (each step is an Argon2id unlock, ~0.2 s of CPU)
JOBS=$(nproc 2> /dev/null || echo 2)
[ "$JOBS" -lt 2 ] && JOBS=2
[ "$JOBS" -gt 8 ] && JOBS=8

CP=$(passfile pass-county "the county keeps this one safe")
. "$(dirname "$0")/county_lib.sh"
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_county() { DOORSTEP_STORE="$T/county/store" DOORSTEP_PASSPHRASE_FILE="$CP" "$D" "$@"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# the events and households "doorstep audit verify" reports (file)
events_of() { sed -n 's/^The log is intact: \([0-9]*\) events.*/\1/p' "$1"; }
households_of() { sed -n 's/^The log is intact: .*, \([0-9]*\) households.*/\1/p' "$1"; }


name() { printf 'd%03d' "$1"; }

# in_parallel FUNC: FUNC 1 .. FUNC NDEV in JOBS background workers;
# wait_workers waits for them (not for the server).
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

# setup_one I: laptop I's store (its own user and passphrase), NHH
# households of its own, its device key (NAME.keyed when written), the
# county's key and address. Leaves $T/dev/NAME.ok, or NAME.fail saying
# which step failed.
setup_one() {
	u=$(name "$1")
	pf=$(passfile "pass-$u" "correct horse battery $u")
	gen_households "$NHH" $((($1 - 1) * STRIDE)) > "$T/dev/$u.jsonl"
	export DOORSTEP_STORE="$T/dev/$u" DOORSTEP_PASSPHRASE_FILE="$pf"
	for step in init import device-key enroll; do
		case $step in
		init) "$D" init --user "$u" --role assistant --region 440106 ;;
		import) "$D" household import --jsonl "$T/dev/$u.jsonl" ;;
		device-key) "$D" device-key --out "$T/dev/$u.key" && : > "$T/dev/$u.keyed" ;;
		enroll) "$D" enroll --county-key "$T/county/county.pub" --server "$ENROLL_URL" ;;
		esac > /dev/null 2> "$T/dev/$u.err" || {
			echo "$step: exit $?: $(head -c 300 "$T/dev/$u.err")" > "$T/dev/$u.fail"
			return 1
		}
	done
	rm -f "$T/dev/$u.jsonl"
	: > "$T/dev/$u.ok"
}

# ---- set-up: a county, 100 laptops ----------------------------------------------------

t_all=$(now)
mkdir -p "$T/dev" "$T/push"
run county init
expect_rc 0 "the county"
# the address the laptops are given; start_server tries it first
PORT=$((20000 + $$ % 20000 + 97))
ENROLL_URL="http://127.0.0.1:$PORT"

in_parallel setup_one
# meanwhile the county enrols each laptop as its key appears, one after
# another (one writer)
bad=0
i=1
while [ $i -le "$NDEV" ]; do
	u=$(name $i)
	while [ ! -e "$T/dev/$u.keyed" ] && [ ! -e "$T/dev/$u.fail" ]; do sleep 0.1; done
	if [ -e "$T/dev/$u.keyed" ]; then
		county enroll --device-key "$T/dev/$u.key" --user "$u" --role assistant --area 440106 \
			> /dev/null 2> "$T/err" || { bad=$((bad + 1)); echo "# enroll $u: $(head -c 200 "$T/err")"; }
	fi
	i=$((i + 1))
done
wait_workers
n=$(ls "$T/dev" | grep -c '\.ok$')
if [ "$n" -eq "$NDEV" ]; then
	ok "$NDEV laptops, each with its own user and $NHH households of its own"
else
	fail "$n of $NDEV laptops set up; first failure: $(cat "$T"/dev/*.fail 2> /dev/null | head -1)"
	finish
	exit 1
fi
[ $bad -eq 0 ] && ok "the county enrols all $NDEV laptops" || fail "$bad enrolments failed"

run as_county audit verify
E0=$(events_of "$T/out")
[ "$rc" -eq 0 ] && [ -n "$E0" ] && ok "the county's own log before the pushes ($E0 events)" || fail "county audit verify: exit $rc: $(head -c 300 "$T/err")"
echo "# set-up: $(since "$t_all") s with $JOBS workers"

# ---- the load: the pushes, many at once --------------------------------------------------------

if start_server; then ok "doorstep-county serves on 127.0.0.1:$PORT"
else fail "doorstep-county serve did not start: $(cat "$T/serve.log")"; finish; exit 1; fi
# the laptops were given ENROLL_URL; another port only if that one was taken
[ "$URL" = "$ENROLL_URL" ] && set -- || set -- --server "$URL"

# the push retries by itself and says nothing of it; strace, where it
# works, counts its connections to the county
# (not under ASan: LeakSanitizer cannot run under ptrace)
TRACE=""
if [ -z "${LOAD_NO_STRACE:-}" ] && ! nm "$D" 2> /dev/null | grep -q __asan_init &&
	command -v strace > /dev/null 2>&1 &&
	strace -f -qq --seccomp-bpf -e trace=connect -e signal=none -o /dev/null true 2> /dev/null; then
	TRACE="strace -f -qq --seccomp-bpf -e trace=connect -e signal=none -o"
fi
opens() { awk '$1 == "Tcp:" && $6 ~ /^[0-9]+$/ { print $6 }' /proc/net/snmp 2> /dev/null; }
O0=$(opens)
# the server's own CPU time in seconds (its ingest: one request at a time)
cpu_of() { awk -v hz="$(getconf CLK_TCK 2> /dev/null || echo 100)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat" 2> /dev/null; }
C0=$(cpu_of "$SERVER_PID")

# Each push first unlocks its laptop's store: Argon2id with 64 MiB. A
# hundred at once would want 6.4 GiB before a byte is sent, so at most
# LOAD_PARALLEL (25) run together; the server still has that many
# connections at a time.
PAR=${LOAD_PARALLEL:-25}
t_push=$(now)
pids=""
i=1
started=0
while [ $i -le "$NDEV" ]; do
	u=$(name $i)
	while [ $((started - $(ls "$T/push" | grep -c '\.rc$'))) -ge "$PAR" ]; do
		sleep 0.05
	done
	started=$((started + 1))
	(
		export DOORSTEP_STORE="$T/dev/$u" DOORSTEP_PASSPHRASE_FILE="$T/pass-$u"
		# bounded: a push still going after 5 minutes is a failure (124)
		if [ -n "$TRACE" ]; then
			$TRACE "$T/push/$u.trace" timeout 300 "$D" sync push "$@"
		else
			timeout 300 "$D" sync push "$@"
		fi > "$T/push/$u.out" 2> "$T/push/$u.err"
		echo $? > "$T/push/$u.rc"
	) &
	pids="$pids $!"
	i=$((i + 1))
done
for p in $pids; do wait "$p"; done
S=$(since "$t_push")
O1=$(opens)
C1=$(cpu_of "$SERVER_PID")

bad=0 unsent=0
i=1
while [ $i -le "$NDEV" ]; do
	u=$(name $i)
	r=$(cat "$T/push/$u.rc" 2> /dev/null || echo "?")
	if [ "$r" != 0 ]; then
		bad=$((bad + 1))
		[ $bad -le 5 ] && echo "# $u's push: exit $r: $(cat "$T/push/$u.out" "$T/push/$u.err" | tr '\n' ' ' | head -c 300)"
	elif ! grep -Eq '^[1-9][0-9]* bundles acknowledged' "$T/push/$u.out"; then
		unsent=$((unsent + 1))
		echo "# $u's push: $(head -c 200 "$T/push/$u.out")"
	fi
	i=$((i + 1))
done
[ $bad -eq 0 ] && ok "all $NDEV concurrent pushes exit 0" || fail "$bad of $NDEV concurrent pushes failed"
[ $unsent -eq 0 ] && ok "... each with its bundles acknowledged" || fail "$unsent pushes had nothing acknowledged"
if [ -n "$TRACE" ]; then
	retried=0 extra=0
	for f in "$T"/push/*.trace; do
		c=$(grep -c "sin_port=htons($PORT)" "$f")
		b=$(sed -n 's/^\([0-9]*\) bundles acknowledged.*/\1/p' "${f%.trace}.out")
		[ "$c" -gt "${b:-0}" ] && retried=$((retried + 1)) extra=$((extra + c - ${b:-0}))
	done
	echo "# pushes that needed more than one try: $retried of $NDEV ($extra connections more than one a bundle; counted by strace)"
elif [ -n "$O0" ] && [ -n "$O1" ]; then
	echo "# strace unavailable: $((O1 - O0)) TCP connections opened on this host during the pushes (one a bundle without retries)"
else
	echo "# strace unavailable: retries not counted"
fi

kill -0 "$SERVER_PID" 2> /dev/null && ok "the server is still up after $NDEV concurrent pushes" || fail "the server died: $(cat "$T/serve.log")"
grep -v "serving on" "$T/serve.log" | head -5 | sed 's/^/# serve.log: /'
stop_server

# ---- exactly once -----------------------------------------------------------------------

# each laptop's own count (doorstep audit verify), in the background
t_check=$(now)
verify_one() {
	u=$(name "$1")
	DOORSTEP_STORE="$T/dev/$u" DOORSTEP_PASSPHRASE_FILE="$T/pass-$u" "$D" audit verify \
		> "$T/dev/$u.verify" 2>&1 || echo "exit $?" >> "$T/dev/$u.verify"
}
in_parallel verify_one

# meanwhile the county's side: per-device events, its table, its log,
# its households
run county status --json
expect_rc 0 "doorstep-county status --json"
tr -d ' \n' < "$T/out" > "$T/status.json"
# one line a device: DEVICE USER EVENTS
sed -e 's/"aside":.*//' -e 's/},{/}\n{/g' "$T/status.json" | grep '"user":"d[0-9]*"' |
	sed -n 's/.*"device":"\([0-9a-f]*\)".*"user":"\([^"]*\)".*"events":\([0-9]*\).*/\1 \2 \3/p' > "$T/devices"
grep -q '"aside":\[\]' "$T/status.json" && ok "nothing kept aside or held" || fail "bundles kept aside: $(grep -o '"aside":.*' "$T/status.json" | head -c 400)"
"$SQL" "$T/county/store/store.db" query "SELECT count(*), count(DISTINCT hash), count(DISTINCT hex(device) || ':' || epoch || ':' || dseq) FROM event" > "$T/counts" 2>&1
run as_county audit verify
crc=$rc
E1=$(events_of "$T/out")
head -c 300 "$T/err" > "$T/county-verify.err"
run as_county household list --csv
hrc=$rc
N=$(tail -n +2 "$T/out" | wc -l)
wait_workers

# by count: each laptop's own count against the county's for it
SUM=0 HSUM=0 bad=0 per=""
: > "$T/h.dev"
i=1
while [ $i -le "$NDEV" ]; do
	u=$(name $i)
	dev=$(sed -n 's/^device: \([0-9a-f]*\)$/\1/p' "$T/dev/$u.key")
	de=$(events_of "$T/dev/$u.verify")
	dh=$(households_of "$T/dev/$u.verify")
	# the laptop's event hashes, "DEVICE HASH" a line
	"$SQL" "$T/dev/$u/store.db" query "SELECT hex(device), hex(hash) FROM event WHERE device = X'$dev'" \
		>> "$T/h.dev" 2> "$T/err" || echo "# $u: sqlpoke: $(head -c 200 "$T/err")"
	if [ -z "$de" ] || [ -z "$dh" ]; then
		bad=$((bad + 1))
		echo "# $u: audit verify: $(head -c 200 "$T/dev/$u.verify")"
		i=$((i + 1))
		continue
	fi
	SUM=$((SUM + de)) HSUM=$((HSUM + dh))
	case " $per " in *" $de "*) ;; *) per="$per $de" ;; esac
	ce=$(awk -v d="$dev" -v u="$u" '$1 == d && $2 == u { print $3 }' "$T/devices")
	if [ "$ce" != "$de" ]; then
		bad=$((bad + 1))
		[ $bad -le 5 ] && echo "# $u (device $dev): the county holds ${ce:-none} events, the laptop $de"
	fi
	i=$((i + 1))
done
# by hash: the county's events of the laptops' devices, against theirs
"$SQL" "$T/county/store/store.db" query "SELECT hex(device), hex(hash) FROM event" 2> "$T/err" |
	awk 'NR == FNR { want[toupper($1)] = 1; next } $1 in want' "$T/devices" - |
	LC_ALL=C sort > "$T/h.county"
LC_ALL=C sort -o "$T/h.dev" "$T/h.dev"
LC_ALL=C comm -3 "$T/h.dev" "$T/h.county" > "$T/h.diff"
badhash=$(awk '{ print $1 }' "$T/h.diff" | LC_ALL=C sort -u | wc -l)
hashed=$(awk '{ print $1 }' "$T/h.dev" | LC_ALL=C sort -u | wc -l)
if [ "$badhash" -gt 0 ]; then
	echo "# $(wc -l < "$T/h.diff") device/hash pairs differ; first: $(head -3 "$T/h.diff" |
		sed -e 's/^\t\(.*\)/\1 (county only);/' -e 't' -e 's/$/ (laptop only);/' | tr '\n' ' ')"
fi
per=${per# }
echo "# events per laptop: $per; households per laptop: $NHH"
[ "$(wc -l < "$T/devices")" -eq "$NDEV" ] && ok "the county lists all $NDEV laptops" || fail "the county lists $(wc -l < "$T/devices") laptops"
[ $bad -eq 0 ] && ok "each laptop's events, as many on the county as on the laptop" || fail "$bad laptops' counts differ"
if [ "$badhash" -eq 0 ] && [ "$hashed" -eq "$NDEV" ] && [ "$(wc -l < "$T/h.dev")" -eq "$SUM" ] && [ ! -s "$T/err" ]; then
	ok "each laptop's event hashes, the same set on the county (all $NDEV laptops, $SUM hashes)"
else fail "event hashes: $badhash laptops differ, $hashed of $NDEV laptops' hashes read, $(wc -l < "$T/h.dev") of $SUM; $(head -c 200 "$T/err")"; fi

CT=$(awk '{ s += $3 } END { print s + 0 }' "$T/devices")
[ "$CT" -eq "$SUM" ] && ok "the county's total for the laptops ($CT) is the sum of theirs" || fail "the county's total $CT, the laptops' sum $SUM"
read -r all dist keys < "$T/counts"
if [ "$all" = "$((E0 + SUM))" ] && [ "$dist" = "$all" ] && [ "$keys" = "$all" ]; then
	ok "the county's event table: $all rows, no hash and no (device, epoch, number) twice"
else fail "the county's event table: $(cat "$T/counts") (rows, hashes, keys); wanted $((E0 + SUM))"; fi
[ "$crc" -eq 0 ] && [ "$E1" = "$((E0 + SUM))" ] && ok "the county's log verifies: $E0 of its own + $SUM pushed = $E1 events" || fail "county audit verify: exit $crc, ${E1:-no} events, wanted $((E0 + SUM)): $(cat "$T/county-verify.err")"
[ "$hrc" -eq 0 ] && [ "$N" -eq "$HSUM" ] && [ "$HSUM" -eq $((NDEV * NHH)) ] && ok "the county has every household once ($N)" || fail "the county lists $N households (exit $hrc), the laptops $HSUM"
echo "# checks: $(since "$t_check") s"

RATE=$(awk -v m="$SUM" -v s="$S" 'BEGIN { printf "%.0f", (s > 0 ? m / s : 0) }')
echo "# load: $NDEV devices x $per events = $SUM events in $S s ($RATE events/s; $PAR pushes at a time)"
[ -n "$C0" ] && [ -n "$C1" ] && awk -v a="$C0" -v b="$C1" -v m="$SUM" 'BEGIN {
	printf "# the server spent %.1f s of CPU taking them in (%.0f events per CPU second)\n", b - a, (b > a ? m / (b - a) : 0) }'
echo "# all: $(since "$t_all") s"

finish
