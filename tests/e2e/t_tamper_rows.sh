#!/bin/sh
# Someone writes store.db (a laptop's, and the county's) with SQL but has
# no key: every table, every meta row, the key slots' parameters, the sync
# bookkeeping, drafts and users, triggers and views added, indexes dropped,
# the last event removed with its checkpoint, rows put back from an older
# copy. Each edit is refused with exit 4 by the next ordinary command or by
# audit verify, and none changes what an ordinary command prints with
# exit 0. Then the attack that started it: the county's keys and address
# swapped for another county's in the file, and a push: nothing reaches it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/county_lib.sh"
P="$TOOLS/sqlpoke"
export DOORSTEP_TODAY=2026-11-20
CP=$(passfile pass-county "the county's own passphrase")
WANG=$(passfile pass-wang "wang keeps his passphrase")
LI=$(passfile pass-li "li keeps her own passphrase")
L="$T/laptop"
export DOORSTEP_STORE="$L"
as_wang() { DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$WANG" "$D" "$@"; }
as_li() { DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LI" "$D" "$@"; }
county() { _c=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$_c" --data "$T/county" "$@"; }
setup_ok() { "$@" > "$T/setup.out" 2> "$T/setup.err" || { fail "setup: $*: $(cat "$T/setup.err")"; finish; exit 1; }; }

# ---- the laptop and the county, with a row in nearly every table ----------------
setup_ok county init
DOORSTEP_PASSPHRASE_FILE="$WANG" setup_ok "$D" init --user wang --role assistant --region 440106 \
	--county-key "$T/county/county.pub"
DOORSTEP_NEW_PASSPHRASE_FILE="$LI" setup_ok as_wang user add li --role supervisor

A1=$(id18 44010619700101001) A2=$(id18 44010619950202002) B1=$(id18 44010619800505005)
C1=$(id18 44010619750606006) D1=$(id18 44010619820707007)
member() { printf '{"name":"%s","id_number":"%s","relation":"%s","categories":[],"able_to_work":true,"incomes":[{"source":"wages","monthly":"%s"}]}' "$1" "$2" "$3" "$4"; }
hh() { printf '{"region":"440106","address":"石牌街道%s号","members":[%s],"assets":{"financial":"1000","vehicles":[],"homes":1}}\n' "$1" "$2"; }
{
	hh 1 "$(member 王一 "$A1" head 300),$(member 王二 "$A2" child 0)"
	hh 2 "$(member 李二 "$B1" head 200)"
	hh 3 "$(member 张三 "$C1" head 100)"
} > "$T/three.jsonl"
setup_ok as_wang household import --jsonl "$T/three.jsonl"
A=$(as_wang household find "$A1" 2> /dev/null | sed -n 's/^\([0-9a-z]\{12\}\).*/\1/p' | head -1)
B=$(as_wang household find "$B1" 2> /dev/null | sed -n 's/^\([0-9a-z]\{12\}\).*/\1/p' | head -1)
[ -n "$A" ] && [ -n "$B" ] || A=$(as_wang household list --json | tr ',' '\n' | sed -n 's/.*"id":"\([0-9a-z]*\)".*/\1/p' | head -1)
[ -n "$B" ] || B=$(as_wang household list --json | tr ',' '\n' | sed -n 's/.*"id":"\([0-9a-z]*\)".*/\1/p' | sed -n 2p)
echo "# households A $A, B $B"
printf 'id_number,period,value\n%s,2026-09,90000.00\n%s,2026-10,90000.00\n' "$A1" "$A1" > "$T/bank.csv"
setup_ok as_wang crosscheck import --source bank "$T/bank.csv"
cat > "$T/va.json" <<EOF
{"date":"2026-11-19","staff":["wang","陈芳"],"present":["$A1"],
 "consent":{"signed_by":"$A1","at":"2026-11-19"},"observations":"seen"}
EOF
cat > "$T/vb.json" <<EOF
{"date":"2026-11-19","staff":["wang","陈芳"],"present":["$B1"],
 "consent":{"signed_by":"$B1","at":"2026-11-19"},"observations":"seen too"}
EOF
setup_ok as_wang visit record "$A" --json "$T/va.json"
setup_ok as_wang visit record "$B" --json "$T/vb.json"
setup_ok as_wang assess --all
setup_ok as_wang review submit "$A"
echo '{"date":"2026-11-20","staff":["wang","陈芳"]}' > "$T/part.json"
setup_ok as_wang visit draft save "$B" --json "$T/part.json" --step 1

# enrolled, a bundle acknowledged by stick, the county's bundle taken
DOORSTEP_PASSPHRASE_FILE="$WANG" setup_ok as_wang device-key --out "$T/wang.key"
setup_ok county enroll --device-key "$T/wang.key" --user wang --role assistant --area 440106
setup_ok as_wang enroll --county-key "$T/county/county.pub" --server "http://127.0.0.1:9"
mkdir -p "$T/usb1" "$T/usb2"
setup_ok as_wang sync export --to "$T/usb1"
cp -a "$L" "$T/before-ack"                      # an older copy, for replays
setup_ok county import "$T/usb1"
setup_ok as_wang sync import "$T/usb1"
setup_ok county policy "$(dirname "$0")/../policy/sample.json"
setup_ok county settings "$(dirname "$0")/../settings/tianhe.json"
setup_ok county export --for "$T/wang.key" "$T/usb1"
setup_ok as_wang sync import "$T/usb1"
# a second laptop, enrolled and revoked; a bundle kept aside at the county
DOORSTEP_PASSPHRASE_FILE="$WANG" setup_ok "$D" init --store "$T/zhang" --user zhang --role assistant --region 440106
DOORSTEP_PASSPHRASE_FILE="$WANG" setup_ok "$D" device-key --store "$T/zhang" --out "$T/zhang.key"
setup_ok county enroll --device-key "$T/zhang.key" --user zhang --role assistant --area 440106
setup_ok county revoke --device-key "$T/zhang.key"
# li approves on the laptop; the change waits to be sent
setup_ok as_li review approve "$A" --note "seen the file"
setup_ok as_wang sync export --to "$T/usb2"
ls "$T/usb2"/up-*.dsb > /dev/null 2>&1 || { fail "setup: no bundle waiting"; finish; exit 1; }
cp "$T/usb2"/up-*.dsb "$T/usb1/" 2> /dev/null
"$P" "$L/store.db" query "pragma wal_checkpoint(TRUNCATE)" > /dev/null
"$P" "$T/county/store/store.db" query "pragma wal_checkpoint(TRUNCATE)" > /dev/null

# what the ordinary commands print on the untouched copies
DRAFT=$(as_wang visit draft list 2> /dev/null | awk 'NR == 1 { print $1 }')
ordinary() { # N: the Nth ordinary command of the laptop, run with run()
	case $1 in
	1) run as_wang household list --json ;;
	2) run as_wang household show "$A" --json ;;
	3) run as_wang due --json ;;
	4) run as_wang sync status --json ;;
	5) run as_wang visit draft list ;;
	6) run as_wang crosscheck list --json ;;
	7) run as_li review list ;;
	8) run as_wang policy show --json ;;
	9) run as_wang household find "$B1" ;;
	10) rm -rf "$T/usb-out"; mkdir "$T/usb-out"; run as_wang sync export --to "$T/usb-out" ;;
	11) run as_wang settings show ;;
	esac
}
N_ORDINARY=11
county_ordinary() {
	case $1 in
	1) run county status --json ;;
	2) run county conflicts --json ;;
	3) rm -rf "$T/cusb"; mkdir "$T/cusb"; run county export --for "$T/wang.key" "$T/cusb" ;;
	esac
}
N_COUNTY=3
cp -a "$L" "$T/pristine"
cp -a "$T/county" "$T/pristine-county"
i=1
while [ $i -le $N_ORDINARY ]; do
	ordinary $i
	[ "$rc" -eq 0 ] || fail "ordinary command $i on the untouched laptop: exit $rc: $(cat "$T/err")"
	cp "$T/out" "$T/want$i"
	rm -rf "$L"; cp -a "$T/pristine" "$L"
	i=$((i + 1))
done
i=1
while [ $i -le $N_COUNTY ]; do
	county_ordinary $i
	[ "$rc" -eq 0 ] || fail "ordinary county command $i on the untouched county: exit $rc: $(cat "$T/err")"
	cp "$T/out" "$T/cwant$i"
	rm -rf "$T/county"; cp -a "$T/pristine-county" "$T/county"
	i=$((i + 1))
done
run as_wang audit verify
expect_rc 0 "audit verify of the untouched laptop"
DOORSTEP_STORE="$T/county/store" DOORSTEP_USER=county DOORSTEP_PASSPHRASE_FILE="$CP" run "$D" audit verify
expect_rc 0 "audit verify of the untouched county"
rm -rf "$T/county"; cp -a "$T/pristine-county" "$T/county"

# edit WHAT SQL: on a fresh copy of the laptop, SQL by someone with the file
# only; then the ordinary commands in turn until one refuses (it must say
# exit 4, on one line); any that runs must print what it printed before,
# and then audit verify must refuse.
edits=0
edit() {
	what=$1 sql=$2
	edits=$((edits + 1))
	rm -rf "$L"; cp -a "$T/pristine" "$L"
	if ! "$P" "$L/store.db" exec "$sql" 2> "$T/poke.err"; then
		fail "$what: the edit itself failed: $(cat "$T/poke.err")"; return
	fi
	i=1 by=""
	while [ $i -le $N_ORDINARY ]; do
		ordinary $i
		if [ "$rc" -ne 0 ]; then by=$i; break; fi
		if ! cmp -s "$T/out" "$T/want$i"; then
			fail "$what: ordinary command $i printed something else with exit 0: $(diff "$T/want$i" "$T/out" | head -4 | tr '\n' ' ')"
			return
		fi
		i=$((i + 1))
	done
	if [ -z "$by" ]; then
		run as_wang audit verify
		by=audit
	fi
	if [ "$rc" -ne 4 ]; then
		fail "$what: refused by $by with exit $rc, wanted 4: $(head -c 300 "$T/err")"
	elif [ "$(wc -l < "$T/err")" -gt 2 ] || grep -qv '^doorstep: ' "$T/err"; then
		# one line; a list names the household it cannot read, then says
		# it lists the others
		fail "$what: the refusal ($by) is not one line: $(cat "$T/err")"
	else
		ok "$what: exit 4 ($by: $(cut -c1-110 "$T/err"))"
	fi
}
# the same on the county's store, its ordinary commands and audit verify
cedit() {
	what=$1 sql=$2
	edits=$((edits + 1))
	rm -rf "$T/county"; cp -a "$T/pristine-county" "$T/county"
	if ! "$P" "$T/county/store/store.db" exec "$sql" 2> "$T/poke.err"; then
		fail "county: $what: the edit itself failed: $(cat "$T/poke.err")"; return
	fi
	i=1 by=""
	while [ $i -le $N_COUNTY ]; do
		county_ordinary $i
		if [ "$rc" -ne 0 ]; then by=$i; break; fi
		if ! cmp -s "$T/out" "$T/cwant$i"; then
			fail "county: $what: ordinary command $i printed something else with exit 0: $(diff "$T/cwant$i" "$T/out" | head -4 | tr '\n' ' ')"
			return
		fi
		i=$((i + 1))
	done
	if [ -z "$by" ]; then
		DOORSTEP_STORE="$T/county/store" DOORSTEP_USER=county DOORSTEP_PASSPHRASE_FILE="$CP" run "$D" audit verify
		by=audit
	fi
	if [ "$rc" -ne 4 ]; then
		fail "county: $what: refused by $by with exit $rc, wanted 4: $(head -c 300 "$T/err")"
	else
		ok "county: $what: exit 4 ($by: $(cut -c1-100 "$T/err"))"
	fi
}

OWN="(SELECT v FROM meta WHERE k = 'device')"
LAST="(SELECT max(seq) FROM event WHERE device = $OWN)"
OTHER="attach '$T/before-ack/store.db' as old;"

# ---- meta ---------------------------------------------------------------------
edit "meta head: one event fewer" "update meta set v = substr(v, 1, 15) || x'00' || substr(v, 17) where k = 'head'"
edit "meta head deleted" "delete from meta where k = 'head'"
edit "meta hlc near its maximum" "update meta set v = x'7fffffffffff0000' where k = 'hlc'"
edit "meta store_id" "update meta set v = randomblob(16) where k = 'store_id'"
edit "meta device" "update meta set v = randomblob(16) where k = 'device'"
edit "meta check deleted" "delete from meta where k = 'check'"
edit "meta region" "update meta set v = '110101' where k = 'region'"
edit "meta: another county's keys" "insert into meta(k, v) values ('county', randomblob(64))"
edit "meta: another server" "insert into meta(k, v) values ('server', 'http://evil.example')"
edit "meta: a key doorstep never writes" "insert into meta(k, v) values ('foo', 'bar')"
edit "meta device_keys, a byte" "update meta set v = (case when substr(v, 1, 1) = x'00' then x'01' else x'00' end) || substr(v, 2) where k = 'device_keys'"
edit "meta: a table's count" "update meta set v = x'00000000000000ff' || substr(v, 9) where k = 'rows:household'"
edit "meta: a table's count deleted" "delete from meta where k = 'rows:sync_out'"
edit "meta: a row's MAC" "update meta set mac = zeroblob(16) where k = 'hlc'"
edit "meta: the head put back from an older copy" "$OTHER update meta set v = (select v from old.meta where k = 'head'), mac = (select mac from old.meta where k = 'head') where k = 'head'"
# ---- users and key slots ----------------------------------------------------------
edit "key slot: Argon2id passes" "update user set kdf_ops = 4000000000 where name = 'wang'"
edit "key slot: Argon2id memory, huge" "update user set kdf_mem = 4398046511104 where name = 'wang'"
edit "key slot: Argon2id memory, small" "update user set kdf_mem = 1024 where name = 'wang'"
edit "key slot: passes one more" "update user set kdf_ops = kdf_ops + 1 where name = 'wang'"
edit "key slot: salt cut short" "update user set salt = x'00' where name = 'wang'"
edit "user: li's role given to wang" "update user set role = (select role from user where name = 'li') where name = 'wang'"
edit "user: li deleted" "delete from user where name = 'li'"
edit "user: a user added" "insert into user select 'zhao', role, kdf_ops, kdf_mem, salt, wrapped, signer, mac from user where name = 'li'"
edit "user: li's signer is wang's" "update user set signer = 1 where name = 'li'"
edit "user: li's slot is wang's" "update user set salt = (select salt from user where name = 'wang'), wrapped = (select wrapped from user where name = 'wang') where name = 'li'"
# ---- signing keys and escrow ---------------------------------------------------------
edit "signer: li's key" "update signer set pk = randomblob(32) where user = 'li'"
edit "signer: li's deleted" "delete from signer where user = 'li'"
edit "signer: a key added" "insert into signer(user, pk) values ('li', randomblob(32))"
edit "escrow: another county's key" "update escrow set box_pk = randomblob(32)"
edit "escrow deleted" "delete from escrow"
# ---- the log -----------------------------------------------------------------------
edit "the last event removed with its checkpoint" "delete from checkpoint where device = $OWN and dseq = (select dseq from event where seq = $LAST); delete from event where seq = $LAST"
edit "the last event removed, the case put back" "$OTHER delete from checkpoint where device = $OWN and dseq = (select dseq from event where seq = $LAST); delete from event where seq = $LAST; update casefile set state = 'submitted'"
edit "the last event alone removed" "delete from event where seq = $LAST"
# (a byte made different: the sealed byte there is random, and was 00 one time in 256)
edit "an event's body, a byte" "update event set body = substr(body, 1, 40) || (case when substr(body, 41, 1) = x'00' then x'01' else x'00' end) || substr(body, 42) where seq = 8"
edit "a middle event deleted" "delete from event where seq = 8"
edit "an event's author" "update event set author = 'li' where seq = 8"
edit "an event's kind" "update event set kind = 'household.changed' where seq = 8"
edit "an event's entity" "update event set entity = '$B' where entity = '$A' and kind = 'household.created'"
edit "an event's clock" "update event set hlc = hlc + 1 where seq = 8"
edit "an event added (a copy)" "insert into event(device, epoch, dseq, hlc, author, kind, entity, body, prev, hash) select device, epoch + 7, dseq, hlc, author, kind, entity, body, prev, hash from event where seq = 8"
edit "an event's hash" "update event set hash = randomblob(32) where seq = 8"
# ---- checkpoints ---------------------------------------------------------------------
edit "the last checkpoint deleted" "delete from checkpoint where dseq = (select max(dseq) from checkpoint where device = $OWN)"
edit "the last signature zeroed" "update checkpoint set sig = zeroblob(64) where dseq = (select max(dseq) from checkpoint where device = $OWN)"
edit "a middle checkpoint deleted" "delete from checkpoint where dseq = (select min(dseq) + 1 from checkpoint)"
edit "a checkpoint added" "insert into checkpoint select device, epoch, dseq + 1000, signer, sig from checkpoint where dseq = (select max(dseq) from checkpoint)"
# ---- the case files -----------------------------------------------------------------
edit "household: status" "update household set status = 'stopped' where id = '$A'"
edit "household: due date" "update household set due = '2030-01-01' where id = '$B'"
edit "household: deleted" "delete from household where id = '$B'"
edit "household: a copy added" "insert into household(id, status, due, version, created_seq, updated_seq, data, mac) select 'zzzzzzzzzzzz', status, due, version, created_seq, updated_seq, data, mac from household where id = '$B'"
edit "person: pointed at another household" "update person set household = '$A' where household = '$B'"
edit "person: deleted" "delete from person where household = '$B'"
edit "person: added" "insert into person(blind, household) values (randomblob(16), '$A')"
edit "policy: effective date" "update policy set effective = '2020-01-01'"
edit "policy: deleted" "delete from policy where version = 'test-sample-2024.1'"
edit "settings: set on this laptop, not by the county" "update settings set source = 'local'"
edit "settings: pointed at another event" "update settings set seq = seq - 1"
edit "settings: deleted" "delete from settings"
edit "assessment: date" "update assessment set date = '2020-01-01' where household = '$B'"
edit "assessment: deleted" "delete from assessment where household = '$B'"
edit "assessment: warning" "update assessment set warning = 1 - warning where household = '$B'"
edit "household_class: class" "update household_class set class = 'destitute' where household = '$B'"
edit "household_class: members counted" "update household_class set members = members + 1 where household = '$B'"
edit "household_class: deleted" "delete from household_class where household = '$B'"
edit "household_class: moved to another household" "update household_class set household = 'zzzzzzzzzzzz' where household = '$B'"
edit "crosscheck: deleted" "delete from crosscheck"
edit "crosscheck: event" "update crosscheck set seq = 1"
edit "flag: deleted" "delete from flag"
edit "flag: moved to another household" "update flag set household = '$B'"
edit "casefile: state" "update casefile set state = 'receiving' where household = '$A'"
edit "casefile: deleted" "delete from casefile where household = '$B'"
edit "casefile: another household's data" "update casefile set data = (select data from casefile where household = '$B') where household = '$A'"
edit "conflict: added" "insert into conflict(loser, winner, household, fields) values (8, 9, '$A', '[\"address\"]')"
edit "assignment: added" "insert into assignment(household, user, seq) values ('$A', 'zhang', 9)"
# ---- drafts ---------------------------------------------------------------------------
edit "draft: author" "update draft set author = 'li'"
edit "draft: step" "update draft set step = 7"
edit "draft: deleted" "delete from draft"
edit "draft: data, a byte" "update draft set data = substr(data, 1, 30) || (case when substr(data, 31, 1) = x'00' then x'01' else x'00' end) || substr(data, 32)"
# ---- sync bookkeeping ------------------------------------------------------------------
edit "sync_out: a bundle marked acknowledged" "update sync_out set acked = 1, bundle = null where acked is null"
edit "sync_out: an acknowledged bundle added" "insert into sync_out(epoch, number, first, last, hash, made, acked, refused, mac) select epoch, number + 10, last + 1, last + 40, hash, made, acked, refused, mac from sync_out where acked is not null"
edit "sync_out: all deleted" "delete from sync_out"
edit "sync_out: refused" "update sync_out set refused = 'x' where acked is null"
edit "sync_out: the bundle's bytes" "update sync_out set bundle = substr(bundle, 1, 200) || (case when substr(bundle, 201, 1) = x'00' then x'01' else x'00' end) || substr(bundle, 202) where bundle is not null"
edit "sync_out: the bundle's hash" "update sync_out set hash = randomblob(32) where acked is not null"
edit "sync_out: put back from an older copy" "$OTHER update sync_out set acked = null, bundle = (select bundle from old.sync_out o where o.number = sync_out.number), mac = (select mac from old.sync_out o where o.number = sync_out.number) where number = 1"
edit "sync_in: deleted" "delete from sync_in"
edit "sync_in: number" "update sync_in set number = number + 1"
edit "sync_in: added" "insert into sync_in(sender, epoch, number, hash, first, last, received) select sender, epoch, number + 5, hash, first, last, received from sync_in"
# ---- the schema ---------------------------------------------------------------------------
edit "a trigger marking each new bundle acknowledged" "create trigger t_ack after insert on sync_out begin update sync_out set acked = 1 where number = new.number; end"
edit "a view" "create view v_all as select * from household"
edit "a table" "create table loot (x)"
edit "an index dropped" "drop index event_entity"
edit "an index added" "create index h_status on household(status)"
edit "a column added" "alter table household add column note text"
edit "a table's definition altered" "pragma writable_schema = 1; update sqlite_master set sql = replace(sql, 'kind TEXT NOT NULL', 'kind TEXT NOT NULL DEFAULT ''x''') where name = 'event'"

# ---- the county's store ------------------------------------------------------------------
cedit "a laptop's area" "update county_device set area = '11'"
cedit "a laptop's role" "update county_device set role = 'supervisor' where user = 'wang'"
cedit "a laptop's signing key" "update county_device set sign_pk = randomblob(32) where user = 'wang'"
cedit "a laptop enrolled" "insert into county_device(device, user, role, area, sign_pk, box_pk, enrolled) values (randomblob(16), 'evil', 'supervisor', '44', randomblob(32), randomblob(32), 1)"
cedit "a laptop deleted" "delete from county_device where user = 'zhang'"
cedit "a revoked laptop let back" "update county_device set revoked = null where user = 'zhang'"
cedit "a member's role" "update county_member set role = 'reviewer' where user = 'wang'"
cedit "a household's class" "update household_class set class = 'destitute' where household = '$B'"
cedit "a household's class deleted" "delete from household_class where household = '$B'"
cedit "a county bundle deleted" "delete from county_down"
cedit "a county bundle's hash" "update county_down set hash = randomblob(32)"
cedit "junk kept aside" "insert into county_quarantine(hash, sender, epoch, number, reason, received, bundle) values (randomblob(32), null, null, null, 'x', 1, randomblob(1000))"
cedit "a bundle's receipt forgotten" "delete from sync_in"
cedit "a trigger" "create trigger t after insert on event begin delete from event where seq = new.seq; end"

echo "# $edits edits of the files"
[ "$edits" -ge 76 ] && ok "$edits edits tried (76 or more)" || fail "only $edits edits"

# ---- the county's keys swapped for another county's -------------------------------------
rm -rf "$L"; cp -a "$T/pristine" "$L"
rm -rf "$T/county"; cp -a "$T/pristine-county" "$T/county"
DOORSTEP_PASSPHRASE_FILE="$CP" setup_ok "$C" init --data "$T/evil"
if start_server "$T/evil"; then ok "another county serves on $URL"
else fail "the other county did not start: $(cat "$T/serve.log")"; finish; exit 1; fi
DOORSTEP_PASSPHRASE_FILE="$CP" setup_ok "$C" enroll --data "$T/evil" --device-key "$T/wang.key" --user wang --role assistant --area 440106
EVIL=$(sed -n 's/^box: //p' "$T/evil/county.pub")
ESIGN=$(sed -n 's/^sign: //p' "$T/evil/county.pub")
python3 - "$T/evil/county.pub" > "$T/evilhex" << 'PY'
import base64, sys
k = dict(l.split(': ', 1) for l in open(sys.argv[1]).read().split('\n') if ': ' in l)
print((base64.b64decode(k['box']) + base64.b64decode(k['sign'])).hex())
PY
"$P" "$L/store.db" exec "insert into meta(k, v) values ('county', x'$(cat "$T/evilhex")'); insert or replace into meta(k, v) values ('server', '$URL'); delete from sync_out"
DOORSTEP_SYNC_ATTEMPTS=1 run as_wang sync push
expect_rc 4 "a push with another county's keys written into the file"
DOORSTEP_SYNC_ATTEMPTS=1 run as_wang sync push --server "$URL"
expect_rc 4 "... and with its address given on the command line"
stop_server
DOORSTEP_PASSPHRASE_FILE="$CP" run "$C" status --data "$T/evil" --json
tr -d ' \n' < "$T/out" | grep -q '"events":0' && ok "nothing reached the other county" \
	|| fail "the other county got something: $(cat "$T/out")"
# the same address but the log's county: only the real county can read it
rm -rf "$L"; cp -a "$T/pristine" "$L"
if start_server "$T/evil"; then
	DOORSTEP_SYNC_ATTEMPTS=1 run as_wang sync push --server "$URL"
	[ "$rc" -ne 0 ] && ok "a push to another county's server is refused there (exit $rc)" \
		|| fail "a push to another county's server succeeded"
	stop_server
	DOORSTEP_PASSPHRASE_FILE="$CP" run "$C" status --data "$T/evil" --json
	tr -d ' \n' < "$T/out" | grep -q '"events":0' && ok "... and it took nothing (the bundle is sealed to the log's county)" \
		|| fail "the other county took something: $(cat "$T/out")"
fi
finish
