#!/bin/sh
# Visits in progress: a draft saved step by step, listed and resumed; kill -9
# (of a long import holding the store, and of draft saves in the middle of a
# series) leaves the draft as it was at its last step; recording the visit
# from the draft removes it; discard; a draft's words never reach the disk in
# plaintext; bad visit files are refused with the JSON path of the problem
# and change nothing.
. "$(dirname "$0")/lib.sh"

new_store s
A1=$(id18 44010619700101101)  # head
A2=$(id18 44010619720202102)  # spouse
A3=$(id18 44010620120303103)  # child, 14
X1=$(id18 44010619880404104)  # not a member
cat > "$T/h.json" <<EOF
{"region":"440106","address":"石牌街道9号","members":[
 {"name":"周一","id_number":"$A1","relation":"head","categories":[],"able_to_work":true,"incomes":[{"source":"wages","monthly":"900"}]},
 {"name":"周二","id_number":"$A2","relation":"spouse","categories":[],"able_to_work":true,"incomes":[]},
 {"name":"周三","id_number":"$A3","relation":"child","categories":["minor"],"able_to_work":false,"incomes":[]}],
 "assets":{"financial":"2000","vehicles":[],"homes":1}}
EOF
run "$D" household add --json "$T/h.json"
expect_rc 0 "household add"
H=$(tail -n 1 "$T/out" | awk '{print $NF}')

# A phrase found nowhere else, to look for on disk.
SECRET_EN="wisteria-QX7731-leaking-roof"
SECRET_ZH="紫藤花下屋顶漏水"
OBS="$SECRET_EN $SECRET_ZH"

# no_plaintext WHEN: neither part of the phrase is anywhere in the store folder.
no_plaintext() {
	if grep -r -a -q -F -e "$SECRET_EN" -e "$SECRET_ZH" "$DOORSTEP_STORE"; then
		fail "$1: the observation text is on disk in plaintext: $(grep -r -a -l -F -e "$SECRET_EN" -e "$SECRET_ZH" "$DOORSTEP_STORE" | tr '\n' ' ')"
	else ok "$1: the observation text is nowhere on disk in plaintext"; fi
}
# unchanged WHAT: no byte of the store changed since $T/sum0.
unchanged() {
	tree_sum "$DOORSTEP_STORE" > "$T/sum1"
	cmp -s "$T/sum0" "$T/sum1" && ok "$1: no byte of the store changed" \
		|| fail "$1: the store changed: $(diff "$T/sum0" "$T/sum1" | tr '\n' ' ' | head -c 300)"
}
# squeeze FILE: the file without spaces and newlines (JSON to compare).
squeeze() { tr -d ' \n' < "$1"; }
# step_of DRAFT: the step draft list gives for the draft.
step_of() {
	"$D" visit draft list 2> /dev/null | awk -v d="$1" '$1 == d { for (i = 1; i < NF; i++) if ($i == "step") print $(i + 1) }'
}

# ---- two steps, list, resume -----------------------------------------------------
printf '{"date":"2026-11-20","staff":["wang","li"]}\n' > "$T/part1.json"
printf '{"date":"2026-11-20","staff":["wang","li"],"present":["%s","%s"],"observations":"%s"}\n' \
	"$A1" "$A2" "$OBS" > "$T/part2.json"
run "$D" visit draft save "$H" --json "$T/part1.json" --step 1
expect_rc 0 "visit draft save, step 1"
DR=$(head -n 1 "$T/out")
case $DR in
[a-z0-9]*) ok "the new draft's name is printed ($DR)" ;;
*) fail "visit draft save printed: $(cat "$T/out")" ;;
esac
run "$D" visit draft save "$H" --json "$T/part2.json" --step 2 --draft "$DR"
expect_rc 0 "visit draft save --draft, step 2"
[ "$(head -n 1 "$T/out")" = "$DR" ] && ok "the same draft is saved again" \
	|| fail "step 2 printed: $(cat "$T/out")"
run "$D" visit draft list
expect_rc 0 "visit draft list"
expect_out "^$DR +household $H +step 2 +by wang" "the list shows the draft, its household, step 2 and author"
expect_out "^1 drafts" "one draft, not two"
run "$D" visit draft list --json
expect_rc 0 "visit draft list --json"
squeeze "$T/out" | grep -q "\"draft\":\"$DR\",\"household\":\"$H\",\"author\":\"wang\",\"updated\":\"[0-9: -]*\",\"step\":2" \
	&& ok "draft list --json: draft, household, author and step 2" || fail "draft list --json: $(squeeze "$T/out")"
run "$D" visit resume "$DR"
expect_rc 0 "visit resume"
expect_out "\"step\": 2" "resume says step 2"
squeeze "$T/out" | grep -q -F "\"visit\":$(squeeze "$T/part2.json")" \
	&& ok "resume prints the JSON saved at step 2" || fail "resume: $(squeeze "$T/out" | head -c 300)"
no_plaintext "after two saves"

tree_sum "$DOORSTEP_STORE" > "$T/sum0"
run "$D" visit resume nosuchdraft
expect_rc 1 "resume of a draft that does not exist"
expect_err "nosuchdraft" "the message names it"
run "$D" visit draft save "$H" --json "$T/part2.json" --draft nosuchdraft --step 3
expect_rc 1 "save to a draft that does not exist"
run "$D" visit draft save "$H" --json "$T/part2.json" --draft "$DR" --step 100
expect_rc 2 "a step above 99"
run "$D" visit draft save "$H" --json "$T/part2.json" --draft "$DR" --step 3x
expect_rc 2 "a step that is not a number"
printf '{"date": "2026-11-20", oops\n' > "$T/broken.json"
run "$D" visit draft save "$H" --json "$T/broken.json" --draft "$DR" --step 3
expect_rc 1 "a draft that is not JSON"
expect_err "broken\.json:1:" "the message names the file and line"
unchanged "the refused draft commands"
[ "$(step_of "$DR")" = 2 ] && ok "the draft is still at step 2" || fail "the draft is at step '$(step_of "$DR")'"

# ---- kill -9 of a long command holding the store ---------------------------------
# three batches of household import's 5,000: the WAL grows when the first
# is committed, and two are still to be written
gen_households 15000 900000 > "$T/big.jsonl"
"$D" household import --jsonl "$T/big.jsonl" > /dev/null 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null; rm -rf "$T"' EXIT INT TERM
i=0
while [ "$i" -lt 2000 ] && kill -0 "$pid" 2>/dev/null; do
	[ "$(stat -c %s "$DOORSTEP_STORE/store.db-wal" 2>/dev/null || echo 0)" -gt 0 ] && break
	sleep 0.005
	i=$((i + 1))
done
sleep 0.05
if kill -9 "$pid" 2>/dev/null; then ok "kill -9 of the import while it holds the store"
else fail "the import ended before it could be killed"; fi
wait "$pid" 2>/dev/null
trap 'rm -rf "$T"' EXIT INT TERM
run "$D" visit draft list
expect_rc 0 "the store opens after kill -9"
expect_out "^$DR +household $H +step 2 " "the draft is still there at step 2"
run "$D" visit resume "$DR"
expect_rc 0 "resume after kill -9"
squeeze "$T/out" | grep -q -F "\"visit\":$(squeeze "$T/part2.json")" \
	&& ok "the draft's JSON is intact after kill -9" || fail "after kill -9: $(squeeze "$T/out" | head -c 300)"
run "$D" audit verify
expect_rc 0 "audit verify after kill -9"
no_plaintext "after kill -9 of the import"

# ---- kill -9 between and during saves of a series of steps ------------------------
# Each attempt saves steps 3, 4, ... in the background, each step's JSON saying
# its number, then kill -9s the save that is running and tells the loop to
# stop. The draft must then be at a step whose saved JSON is that step's, and
# go on from there.
n=3
while [ "$n" -le 60 ]; do
	printf '{"date":"2026-11-20","staff":["wang","li"],"present":["%s","%s"],"observations":"%s step %d"}\n' \
		"$A1" "$A2" "$OBS" "$n" > "$T/loop$n.json"
	n=$((n + 1))
done
killed=0
for attempt in 1 2 3; do
	rm -f "$T/cur" "$T/stop"
	(
		n=3
		while [ "$n" -le 60 ] && [ ! -e "$T/stop" ]; do
			"$D" visit draft save "$H" --draft "$DR" --json "$T/loop$n.json" --step "$n" > /dev/null 2>&1 &
			echo $! > "$T/cur"
			wait $!
			n=$((n + 1))
		done
	) 2> /dev/null &
	loop=$!
	trap ': > "$T/stop"; kill -9 $loop 2>/dev/null; rm -rf "$T"' EXIT INT TERM
	case $attempt in
	1) sleep 0.45 ;; 2) sleep 0.7 ;; 3) sleep 1.1 ;;
	esac
	: > "$T/stop"
	cur=$(cat "$T/cur" 2>/dev/null)
	# the save that is running: ours, by the id its loop wrote down
	if [ -n "$cur" ] && grep -q -a "draft" "/proc/$cur/cmdline" 2>/dev/null &&
		kill -9 "$cur" 2>/dev/null; then
		killed=$((killed + 1))
	fi
	wait "$loop" 2>/dev/null # the loop stops; no save runs after this
	trap 'rm -rf "$T"' EXIT INT TERM
	s=$(step_of "$DR")
	case $s in
	'' | *[!0-9]*) fail "attempt $attempt: the draft is gone after kill -9: $("$D" visit draft list 2>&1)" ; continue ;;
	esac
	echo "# attempt $attempt: the draft stopped at step $s"
	[ "$s" -ge 2 ] && ok "attempt $attempt: the draft survives kill -9 (step $s)" \
		|| fail "attempt $attempt: the draft is at step $s"
	run "$D" visit resume "$DR"
	expect_rc 0 "attempt $attempt: resume after kill -9"
	expect_out "\"step\": $s," "attempt $attempt: resume says step $s"
	if [ "$s" -eq 2 ]; then want="$T/part2.json"; else want="$T/loop$s.json"; fi
	squeeze "$T/out" | grep -q -F "\"visit\":$(squeeze "$want")" \
		&& ok "attempt $attempt: the JSON is the one saved at step $s" \
		|| fail "attempt $attempt: resume at step $s: $(squeeze "$T/out" | head -c 400)"
	next=$((s + 1))
	printf '{"date":"2026-11-20","staff":["wang","li"],"present":["%s","%s"],"observations":"%s step %d"}\n' \
		"$A1" "$A2" "$OBS" "$next" > "$T/loop$next.json"
	run "$D" visit draft save "$H" --draft "$DR" --json "$T/loop$next.json" --step "$next"
	expect_rc 0 "attempt $attempt: the visit goes on from step $s"
	[ "$(step_of "$DR")" = "$next" ] && ok "attempt $attempt: now at step $next" \
		|| fail "attempt $attempt: at step '$(step_of "$DR")', wanted $next"
	run "$D" visit draft list
	expect_out "^1 drafts" "attempt $attempt: still one draft"
done
[ "$killed" -ge 1 ] && ok "$killed of 3 attempts killed a save while it ran" \
	|| fail "only $killed of 3 attempts killed a save while it ran"
run "$D" audit verify
expect_rc 0 "audit verify after the killed saves"
no_plaintext "after the killed saves"

# ---- bad visit files: the JSON path, nothing changed -------------------------------
# good FILE: a complete visit to record, with changes in the composition.
good() {
	cat > "$1" <<EOF
{"date":"2026-11-20","staff":["wang","li"],"present":["$A1","$A2"],
 "consent":{"signed_by":"$A1","at":"2026-11-21"},
 "observations":"$OBS","housing":"two rooms","assets_sighted":"a tricycle",
 "utilities_seen":"water bill, October","bank_statements_seen":"none",
 "changes":[{"change":"left","id_number":"$A2","date":"2026-10-01"}],
 "members":[
 {"name":"周一","id_number":"$A1","relation":"head","categories":[],"able_to_work":true,"incomes":[{"source":"wages","monthly":"1100"}]},
 {"name":"周三","id_number":"$A3","relation":"child","categories":["minor"],"able_to_work":false,"incomes":[]}]}
EOF
}
good "$T/visit.json"
# bad NAME SED WHERE DESCRIPTION: the good visit changed by SED is refused with
# exit 1, the message names WHERE (a regular expression), nothing changes.
bad() {
	good "$T/tmp.json"
	sed "$2" "$T/tmp.json" > "$T/$1.json"
	if cmp -s "$T/tmp.json" "$T/$1.json"; then fail "$4: the sed changed nothing"; return; fi
	tree_sum "$DOORSTEP_STORE" > "$T/sum0"
	run "$D" visit record "$H" --json "$T/$1.json"
	expect_rc 1 "$4"
	expect_err "^doorstep: (.*$1\.json: )?$3: " "$4: the message names $3"
	[ "$(wc -l < "$T/err")" -eq 1 ] && ok "$4: one line" || fail "$4: the message: $(cat "$T/err")"
	unchanged "$4"
}
bad staff1 's/"staff":\["wang","li"\]/"staff":["wang"]/' 'staff' "one staff member"
bad staff3 's/"staff":\["wang","li"\]/"staff":["wang","li","zhao"]/' 'staff' "three staff"
bad staffsame 's/"staff":\["wang","li"\]/"staff":["wang","wang"]/' 'staff\[1\]' "the same staff twice"
bad stranger "s/\"present\":\[\"$A1\",\"$A2\"\]/\"present\":[\"$A1\",\"$X1\"]/" 'present\[1\]' "someone present who is not a member"
bad notpresent "s/\"present\":\[\"$A1\",\"$A2\"\]/\"present\":[\"$A2\"]/" 'consent\.signed_by' "a signer who was not there"
bad minor "s/\"present\":\[\"$A1\",\"$A2\"\]/\"present\":[\"$A1\",\"$A3\"]/; s/\"signed_by\":\"$A1\"/\"signed_by\":\"$A3\"/" 'consent\.signed_by' "a signer of 14"
bad early 's/"at":"2026-11-21"/"at":"2026-11-19"/' 'consent\.at' "consent before the visit"
bad future 's/"date":"2026-11-20"/"date":"2026-11-28"/; s/"at":"2026-11-21"/"at":"2026-11-28"/' 'date' "a visit date in the future"
bad unknown 's/"housing"/"weather":"fine","housing"/' 'weather' "an unknown field"
bad stillthere "s/\"change\":\"left\",\"id_number\":\"$A2\"/\"change\":\"left\",\"id_number\":\"$A1\"/" 'changes\[0\]\.id_number' "a change: someone left who is still a member"
bad nojoin "s/\"change\":\"left\",\"id_number\":\"$A2\"/\"change\":\"joined\",\"id_number\":\"$A2\"/" 'changes\[0\]\.id_number' "a change: someone joined who is not among the members found"
bad kind 's/"change":"left"/"change":"married"/' 'changes\[0\]\.change' "a change that is not joined, left or died"
bad badid "s/\"id_number\":\"$A3\",\"relation\"/\"id_number\":\"440106201203031030\",\"relation\"/" 'members\[1\]\.id_number' "a member's ID number with a wrong check character"

# ---- record from the draft -----------------------------------------------------------
tree_sum "$DOORSTEP_STORE" > "$T/sum0"
run "$D" visit record "$H" --json "$T/visit.json" --draft nosuchdraft
expect_rc 1 "record with a draft that does not exist"
expect_err "nosuchdraft" "the message names it"
unchanged "record with a draft that does not exist"
run "$D" visit record "$H" --json "$T/visit.json" --draft "$DR"
expect_rc 0 "visit record --draft"
expect_out "- 周二 left the household" "the visit says who left"
expect_out "周一: wages 900\.00 → 1,100\.00 a month" "and the income change"
run "$D" visit draft list
expect_out "^0 drafts" "the draft is removed once the visit is recorded"
run "$D" visit resume "$DR"
expect_rc 1 "the recorded draft cannot be resumed"
run "$D" household show "$H" --json
expect_rc 0 "household show"
grep -q "$A2" "$T/out" && fail "周二 is still a member" || ok "周二 is no longer a member"
no_plaintext "after the visit is recorded"

# ---- discard -------------------------------------------------------------------------
run "$D" visit draft save "$H" --json "$T/part2.json" --step 1
expect_rc 0 "a second visit started"
DR2=$(head -n 1 "$T/out")
run "$D" visit draft list
expect_out "^$DR2 +household $H +step 1 " "it is listed"
run "$D" visit draft discard "$DR2"
expect_rc 0 "visit draft discard"
run "$D" visit draft list
expect_out "^0 drafts" "it is gone"
run "$D" visit resume "$DR2"
expect_rc 1 "a discarded draft cannot be resumed"
tree_sum "$DOORSTEP_STORE" > "$T/sum0"
run "$D" visit draft discard "$DR2"
expect_rc 1 "discarding it again"
expect_err "$DR2" "the message names it"
unchanged "discarding a draft that is gone"
no_plaintext "after discard"
run "$D" audit verify
expect_rc 0 "audit verify at the end"

finish
