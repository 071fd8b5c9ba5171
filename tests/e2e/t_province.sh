#!/bin/sh
# t_province.sh — the province on PostgreSQL (issue 17, first slice): a
# PostgreSQL of the test's own (pg_lib.sh); three counties, each with a
# laptop of demo households carried in by USB stick and a roll issued;
# each feeds the province. The province's households and money per county
# equal each county's own reports; a feed killed with kill -9 midway and
# run again ends with every event exactly once (count, and a hash over the
# rows equal to an uninterrupted feed's); an inbox row altered in the
# database is refused and named by take, and taken once mended; two feeds
# of one county at once leave each event once; a database at an older
# schema is refused by the feed and brought up by init; a person receiving
# in two counties is listed by the duplicates report, a county never fed by
# the late one, a withdrawal by the withdrawals one as the county lists it,
# an appeal past its deadline by the appeals one as the county lists it
# (and by neither once decided); each county's budget for 2026 at the
# province is the county's own month by month and the report sums them, a
# budget row altered in the database is refused and named, and the feed
# sends it again; no name, address, ID number or account number of the test
# data is in any table (pg_dump) or anywhere in the data folder. Errors: a
# wrong address, a password in it, a county not enrolled, a province key
# missing — one line each, each its own exit status.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg_lib.sh"

C="$BUILD/doorstep-county"
P="$BUILD/doorstep-province"
CP=$(passfile pass-county "the county keeps this one safe")
LP=$(passfile pass-laptop "the assistant keeps this one")
export DOORSTEP_TODAY=2026-11-05
COUNTIES="440106 440105 440104"

county() { c=$1 cmd=$2; shift 2; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/c$c" "$@"; }
laptop() { c=$1; shift; DOORSTEP_STORE="$T/l$c" DOORSTEP_USER="a$c" DOORSTEP_PASSPHRASE_FILE="$LP" "$D" "$@"; }
supervisor() { c=$1; shift; DOORSTEP_STORE="$T/l$c" DOORSTEP_USER="s$c" DOORSTEP_PASSPHRASE_FILE="$LP" "$D" "$@"; }
step() { what=$1; shift; run "$@"; [ "$rc" -eq 0 ] || fail "$what: exit $rc: $(head -c 300 "$T/err")"; }
py() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($1)" "$T/out"; }

if ! pg_start; then
	fail "PostgreSQL 15 starts on a folder of the test's own (make deps installs postgresql-15)"
	finish
	exit 1
fi
ok "PostgreSQL started on a Unix socket in $PGT, no TCP"

# ---- three counties, a laptop each, demo households, a roll issued -------------------
seed=1
for c in $COUNTIES; do
	step "county $c" county $c init --region $c
	DOORSTEP_PASSPHRASE_FILE="$LP" step "laptop $c" "$D" init --store "$T/l$c" --user "a$c" --role assistant --region $c
	# the demo's households are of any region: moved to this county
	step "demo $c" laptop $c demo --households 25 --seed $seed --jsonl "$T/demo$c.jsonl"
	sed -E "s/\"region\":\"[0-9]{6}\"/\"region\":\"$c\"/; s/\"code\":\"[0-9]{6}/\"code\":\"$c/g" \
		"$T/demo$c.jsonl" > "$T/hh$c.jsonl"
	step "import $c" laptop $c household import --jsonl "$T/hh$c.jsonl"
	# 冯双领 receives in 440106 and in 440105: the duplicates report finds him
	if [ $c != 440104 ]; then
		printf '{"region":"%s","address":"%s大道1号","members":[{"name":"冯双领","id_number":"%s","relation":"head","categories":[],"able_to_work":false,"incomes":[]}],"assets":{"financial":"0","vehicles":[],"homes":1},"receiving":{"allowance":"500.00","since":"2026-01"}}\n' \
			$c $c "$(id18 44010219450303003)" > "$T/dup$c.json"
		step "the same person at $c" laptop $c household add --json "$T/dup$c.json"
		eval "DUP$c=\$(awk '{print \$NF}' \"\$T/out\" | tail -n 1)"
	fi
	step "key $c" laptop $c device-key --out "$T/l$c.key"
	step "enrol $c" county $c enroll --device-key "$T/l$c.key" --user "a$c" --role assistant --area $c
	# at 440106 a fire: relief paid first, then the rest approved by a
	# supervisor — two lines of one cause for one household in the roll
	if [ $c = 440106 ]; then
		DOORSTEP_NEW_PASSPHRASE_FILE="$LP" step "supervisor $c" laptop $c user add "s$c" --role supervisor
		step "enrol the supervisor $c" county $c enroll --device-key "$T/l$c.key" --user "s$c" --role supervisor --area $c
		step "relief filed" laptop $c relief file "$DUP440106" --cause disaster --need "房屋失火" --amount 1500 --urgent
		REL=$(cat "$T/out")
		step "relief paid first" supervisor $c relief pay-first "$REL" --amount 400
		step "relief proposed" laptop $c relief propose "$REL" --amount 1500 --reason "两间屋烧毁"
		step "relief approved" supervisor $c relief approve "$REL"
	fi
	step "laptop enrols $c" laptop $c enroll --county-key "$T/c$c/county.pub"
	mkdir -p "$T/usb$c"
	step "export $c" laptop $c sync export --to "$T/usb$c"
	step "county imports $c" county $c import "$T/usb$c"
	step "roll $c" county $c payroll issue --month 2026-11 --json
	seed=$((seed + 1))
done
ok "three counties with 25 households each (26 in two), November's roll issued"
run county 440106 payroll --month 2026-11 --json
got=$(python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
print(' '.join(sorted(l['amount'] for l in j['lines'] if l['household'] == sys.argv[2] and l['kind'] == 'relief_disaster')))" "$T/out" "$DUP440106")
[ "$got" = "1100.00 400.00" ] && ok "440106's roll: the relief paid first and the rest approved, two lines" || fail "relief lines: $got"

# ---- the province ------------------------------------------------------------------
run "$P" init --db "$PG_URL"
expect_rc 0 "doorstep-province init"
expect_out "6 migrations applied" "init applies the schema's migrations"
run "$P" init --db "$PG_URL"
expect_rc 0 "init again"
expect_out "nothing changed" "... changes nothing"
got=$(psql_q "SELECT string_agg(version::text, ' ' ORDER BY version) FROM schema_migrations")
[ "$got" = "1 2 3 4 5 6" ] && ok "schema_migrations records migrations 1 to 6, once each" || fail "schema_migrations: $got"
got=$(psql_q "SELECT count(*) FROM pg_partitioned_table")
[ "$got" = 7 ] && ok "seven tables partitioned by county" || fail "partitioned tables: $got"
run "$P" key new --out "$T/province.key"
expect_rc 0 "province key made"
[ "$(stat -c %a "$T/province.key")" = 600 ] && ok "the key file is 0600" || fail "key file mode $(stat -c %a "$T/province.key")"
run "$P" key new --out "$T/province.key"
expect_rc 2 "a province key is never overwritten"
for c in 440106 440105; do
	run "$P" county add $c --key "$T/c$c/county.pub" --db "$PG_URL"
	expect_rc 0 "county $c enrolled"
done
run "$P" county add 440106 --key "$T/c440105/county.pub" --db "$PG_URL"
expect_rc 1 "enrolling 440106 again with 440105's key is refused"
got=$(psql_q "SELECT string_agg(tablename, ' ' ORDER BY tablename) FROM pg_tables WHERE tablename LIKE '%_440106'")
[ "$got" = "budget_440106 county_440106 household_440106 inbox_440106 payment_440106 person_440106 roll_440106" ] \
	&& ok "county add makes 440106's partitions" || fail "partitions: $got"

# ---- errors, one line each ------------------------------------------------------------
run county 440104 feed --to "$PG_URL"
expect_rc 1 "a county without the province key cannot feed"
expect_err "^doorstep-county: province key: " "... one line naming the province key"
[ "$(wc -l < "$T/err")" = 1 ] && ok "... on one line" || fail "lines: $(cat "$T/err")"
for c in $COUNTIES; do
	step "province key at $c" county $c province-key "$T/province.key"
done
run county 440104 feed --to "$PG_URL"
expect_rc 5 "a county not enrolled is refused"
expect_err "^doorstep-county: county 440104: is not enrolled" "... one line naming the county"
run county 440106 feed --to "postgresql://doorstep@/nosuchdb?host=$PGT"
expect_rc 6 "a database that does not exist cannot be reached"
expect_err "^doorstep-county: province: the province's database cannot be reached" "... one line saying so"
run county 440106 feed --to "postgresql://doorstep:secret@/province?host=$PGT"
expect_rc 2 "an address with a password in it is refused"
expect_err "holds a password" "... saying where the password belongs"
run "$P" report households --db "postgresql://doorstep@/nosuchdb?host=$PGT"
expect_rc 6 "the province's program: a database that cannot be reached"
run "$P" county add 440104 --key "$T/c440104/county.pub" --db "$PG_URL"
expect_rc 0 "county 440104 enrolled"

# ---- feeds ---------------------------------------------------------------------------
for c in 440106 440105; do
	run county $c feed --to "$PG_URL"
	expect_rc 0 "county $c feeds"
done
n1=$(psql_q "SELECT count(*) FROM inbox WHERE county = '440106'")
run county 440106 feed --to "$PG_URL"
expect_rc 0 "feeding again"
expect_out "0 records sent" "... sends nothing"
[ "$(psql_q "SELECT count(*) FROM inbox WHERE county = '440106'")" = "$n1" ] \
	&& ok "... and the inbox is as it was ($n1 records)" || fail "inbox changed"

# 440104 killed midway: 10 records a transaction, a pause between
DOORSTEP_FEED_BATCH=10 DOORSTEP_FEED_PAUSE_MS=200 DOORSTEP_PASSPHRASE_FILE="$CP" \
	"$C" feed --data "$T/c440104" --to "$PG_URL" > "$T/feed.out" 2>&1 &
fpid=$!
i=0
while [ $i -lt 200 ]; do
	n=$(psql_q "SELECT count(*) FROM inbox WHERE county = '440104'")
	[ "${n:-0}" -ge 20 ] && break
	sleep 0.05
	i=$((i + 1))
done
kill -9 $fpid 2> /dev/null
wait $fpid 2> /dev/null
mid=$(psql_q "SELECT count(*) FROM inbox WHERE county = '440104'")
if [ "$mid" -gt 0 ] && [ $((mid % 10)) = 0 ]; then ok "the killed feed left whole batches ($mid records)"
else fail "after kill -9: $mid records"; fi
run county 440104 feed --to "$PG_URL"
expect_rc 0 "the feed run again"
got=$(psql_q "SELECT count(*) = max(seq) AND count(DISTINCT seq) = count(*) AND count(DISTINCT (device, epoch, dseq)) = count(*) FROM inbox WHERE county = '440104'")
total=$(psql_q "SELECT count(*) FROM inbox WHERE county = '440104'")
[ "$got" = t ] && [ "$total" -gt "$mid" ] && ok "every event of 440104 once: $total records, positions 1..$total, no event twice" \
	|| fail "after the second feed: $got, $total records"
# the same county fed without interruption into a database of its own
"$PGBIN/createdb" -h "$PGT" -U doorstep reference
REF="postgresql://doorstep@/reference?host=$PGT"
step "reference init" "$P" init --db "$REF"
step "reference county" "$P" county add 440104 --key "$T/c440104/county.pub" --db "$REF"
step "reference feed" county 440104 feed --to "$REF"
h1=$(psql_q "SELECT md5(string_agg(seq || device || epoch || dseq || kind || fields || encode(hash, 'hex'), ',' ORDER BY seq)) FROM inbox WHERE county = '440104'")
h2=$("$PGBIN/psql" -X -q -A -t -h "$PGT" -U doorstep -d reference -c "SELECT md5(string_agg(seq || device || epoch || dseq || kind || fields || encode(hash, 'hex'), ',' ORDER BY seq)) FROM inbox WHERE county = '440104'")
[ -n "$h1" ] && [ "$h1" = "$h2" ] && ok "the rows' hash equals an uninterrupted feed's ($h1)" || fail "rows' hash $h1, uninterrupted $h2"
# signatures sit where the feed's transactions ended: the last is signed
got=$(psql_q "SELECT sig IS NOT NULL FROM inbox WHERE county = '440104' ORDER BY seq DESC LIMIT 1")
[ "$got" = t ] && ok "the county's last record is signed" || fail "the last record's signature: $got"

# two feeds of one county at once: each event once, whichever sent it
"$PGBIN/createdb" -h "$PGT" -U doorstep twice
TWICE="postgresql://doorstep@/twice?host=$PGT"
step "twice init" "$P" init --db "$TWICE"
step "twice county" "$P" county add 440105 --key "$T/c440105/county.pub" --db "$TWICE"
for k in 1 2; do
	DOORSTEP_FEED_BATCH=5 DOORSTEP_FEED_PAUSE_MS=50 DOORSTEP_PASSPHRASE_FILE="$CP" \
		"$C" feed --data "$T/c440105" --to "$TWICE" > "$T/twice$k.out" 2>&1 &
	eval "tw$k=\$!"
done
wait $tw1; rc1=$?
wait $tw2; rc2=$?
got=$("$PGBIN/psql" -X -q -A -t -h "$PGT" -U doorstep -d twice -c "SELECT count(*) || ' ' || max(seq) || ' ' || count(DISTINCT (device, epoch, dseq)) FROM inbox")
new1=$(sed -n 's/.*, \([0-9]*\) of them new.*/\1/p' "$T/twice1.out")
new2=$(sed -n 's/.*, \([0-9]*\) of them new.*/\1/p' "$T/twice2.out")
set -- $got
if [ $rc1 = 0 ] && [ $rc2 = 0 ] && [ "$1" = "$2" ] && [ "$1" = "$3" ] && [ $((new1 + new2)) = "$1" ]; then
	ok "two feeds of 440105 at once: $1 records, each event once ($new1 and $new2 new from each)"
else fail "two feeds at once: exits $rc1 $rc2, rows $got, new $new1 + $new2: $(cat "$T/twice1.out" "$T/twice2.out")"; fi

# a database at schema 1: the feed says to run init, and init brings it up
"$PGBIN/createdb" -h "$PGT" -U doorstep old
OLD="postgresql://doorstep@/old?host=$PGT"
"$PGBIN/psql" -X -q -h "$PGT" -U doorstep -d old -v ON_ERROR_STOP=1 \
	-f "$(dirname "$0")/../../sync/province/schema/001_init.sql" \
	-c "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied timestamptz NOT NULL DEFAULT now()); INSERT INTO schema_migrations VALUES (1, '001_init')" > /dev/null
run "$P" county add 440104 --key "$T/c440104/county.pub" --db "$OLD"
expect_rc 2 "county add on a database at schema 1 says to run init"
run county 440104 feed --to "$OLD"
expect_rc 2 "the feed to a database at schema 1 is refused"
expect_err "schema version 1 and the feed needs 5: run doorstep-province init" "... saying to run init"
run "$P" init --db "$OLD"
expect_rc 0 "init on a database at schema 1"
expect_out "5 migrations applied" "... applies migrations 2 to 6 only"
step "old: county" "$P" county add 440104 --key "$T/c440104/county.pub" --db "$OLD"
run county 440104 feed --to "$OLD"
expect_rc 0 "the feed to the migrated database"

# ---- take: a row altered is refused and named ------------------------------------------
victim=$(psql_q "SELECT seq || ' ' || device || ' ' || epoch || ' ' || dseq FROM inbox WHERE county = '440106' AND kind = 'household.created' ORDER BY seq LIMIT 1 OFFSET 5")
set -- $victim
vseq=$1 vdev=$2 vep=$3 vdseq=$4
psql_q "UPDATE inbox SET fields = replace(fields, '\"size\":', '\"size\":1') WHERE county = '440106' AND seq = $vseq" > /dev/null
run "$P" take --db "$PG_URL"
expect_rc 4 "take refuses an altered record"
expect_err "county 440106: the record of device $vdev, epoch $vep, sequence $vdseq is refused" \
	"... naming the county, device, epoch and sequence"
[ "$(grep -c . "$T/err")" = 1 ] && ok "... in one line" || fail "stderr: $(cat "$T/err")"
got=$(psql_q "SELECT taken_seq FROM county WHERE county = '440106'")
[ "$got" -lt "$vseq" ] && ok "nothing of 440106 from it on is taken (up to $got, the last signed before it)" || fail "taken_seq $got, the altered one $vseq"
got=$(psql_q "SELECT count(*) FROM household WHERE county = '440106' AND seq >= $vseq")
[ "$got" = 0 ] && ok "... and nothing after it projected" || fail "$got households projected after it"
got=$(psql_q "SELECT string_agg((taken_seq = (SELECT max(seq) FROM inbox i WHERE i.county = c.county))::text, ' ' ORDER BY county) FROM county c WHERE county <> '440106'")
[ "$got" = "true true" ] && ok "the other counties are taken whole" || fail "other counties: $got"
psql_q "UPDATE inbox SET fields = replace(fields, '\"size\":1', '\"size\":') WHERE county = '440106' AND seq = $vseq" > /dev/null
run "$P" take --db "$PG_URL"
expect_rc 0 "the row mended, take goes on"
run "$P" take --db "$PG_URL"
expect_rc 0 "take again"
expect_out "County 440106: 0 records" "... takes nothing twice"

got=$(psql_q "SELECT string_agg(kind || ' ' || amount_fen, ',') FROM payment WHERE county = '440106' AND household = '$DUP440106' AND kind LIKE 'relief%'")
[ "$got" = "relief_disaster 150000" ] && ok "the province has the household's relief as one payment of its cause and month: 1,500 yuan" \
	|| fail "province relief payment: $got"

# ---- the province's figures equal each county's own -----------------------------------
run "$P" report households --db "$PG_URL" --json
expect_rc 0 "report households --json"
cp "$T/out" "$T/province.json"
for c in $COUNTIES; do
	run county $c report caseload --json
	cp "$T/out" "$T/caseload$c.json"
	run county $c payroll --month 2026-11 --json
	cp "$T/out" "$T/roll$c.json"
	got=$(python3 -c "
import json, sys
p = json.load(open(sys.argv[1])); k = json.load(open(sys.argv[2])); r = json.load(open(sys.argv[3]))
c = [x for x in p['counties'] if x['county'] == sys.argv[4]][0]
m = [x for x in c['months'] if x['month'] == '2026-11'][0]
print(c['households'] == k['households'], c['receiving'] == k['receiving'],
      m['households'] == r['county']['households'], m['total'] == r['county']['total'],
      m['lines'] == r['county']['lines'], m['lines_agree'], c['households'], m['total'])
" "$T/province.json" "$T/caseload$c.json" "$T/roll$c.json" $c)
	case $got in
	"True True True True True True "*) ok "county $c: households, receiving and November's money equal the county's ($got)" ;;
	*) fail "county $c: province and county differ: $got" ;;
	esac
done
run "$P" report households --db "$PG_URL"
expect_rc 0 "report households as text"
expect_out "^  County 440105: 26 households" "... a line for each county"

# ---- persons paid in two counties in a month; counties whose feed is late -----------
run "$P" report duplicates --db "$PG_URL" --json
expect_rc 0 "report duplicates --json"
got=$(py "[(d['month'], len(d['pseudonym']), [(c['county'], c['household']) for c in d['cases']]) for d in j['duplicates']]")
want="[('2026-11', 64, [('440105', '$DUP440105'), ('440106', '$DUP440106')])]"
[ "$got" = "$want" ] && ok "the person paid in 440105 and 440106 in November is listed with both counties and households, by pseudonym" \
	|| fail "duplicates: $got, wanted $want"
run "$P" report duplicates --db "$PG_URL" --month 2026-10
expect_out "same month: 0" "... none in October (no roll issued)"
run "$P" report duplicates --db "$PG_URL" --days 3
expect_rc 2 "--days with the duplicates report is wrong use"
run "$P" county add 440111 --key "$T/c440104/county.pub" --db "$PG_URL"
expect_rc 0 "a fourth county enrolled, never fed"
run "$P" report late --db "$PG_URL" --days 1 --json
expect_rc 0 "report late --json"
expect_py_late=$(py "[(l['county'], l['fed_at']) for l in j['late']]")
[ "$expect_py_late" = "[('440111', None)]" ] && ok "late: only the county never fed" || fail "late: $expect_py_late"
run "$P" report late --db "$PG_URL" --days 0
expect_out "^  County 440104: last fed" "with --days 0 every county is late, each with when it last fed"

# ---- the person paid in two counties, flagged back in both, down to each laptop --------
for c in 440106 440105; do
	case $c in 440106) o=440105 ;; *) o=440106 ;; esac
	eval "mine=\$DUP$c theirs=\$DUP$o"
	run county $c feed --to "$PG_URL"
	expect_rc 0 "feed $c again"
	expect_out "same month: 1; new flags for review: 1" "... the province's finding about $c's household, flagged there"
	run county $c feed --to "$PG_URL"
	expect_out "same month: 1; new flags for review: 0" "... fed once more: the same finding is not flagged twice"
	rm -rf "$T/down$c"; mkdir -p "$T/down$c"
	step "the county writes $c's laptop its bundle" county $c export --for "$T/l$c.key" "$T/down$c"
	step "the laptop of $c takes it" laptop $c sync import "$T/down$c"
	run laptop $c crosscheck list --json
	expect_rc 0 "crosscheck list --json at $c's laptop"
	got=$(py "[(f['household'], f['rule'], f['source'], f['figures'], [e['name'] for e in f['evidence']]) for f in j]")
	want="[('$mine', 'enrolled_elsewhere', 'province', {'month': '2026-11', 'other_county': '$o', 'other_household': '$theirs'}, ['冯双领'])]"
	[ "$got" = "$want" ] && ok "$c's laptop has the flag for review: the member, the month, the other county and its household" \
		|| fail "$c's flags: $got, wanted $want"
	run laptop $c crosscheck list
	expect_out "paid in another county in the same month: the province found 冯双领 paid in 2026-11 by this county and by county $o too" "... and says it in words"
	run laptop $c assess "$mine" --explain --dry-run
	expect_out "paid in another county in the same month \\(province month=2026-11 other_county=$o other_household=$theirs\\)" "... and among the flags of its assessment"
done
# a finding that does not check out at the county (the province's person
# table altered: 440104's household given the person's pseudonym) is named
# and never stored
dup_ps=$(psql_q "SELECT encode(pseudonym, 'hex') FROM person WHERE county = '440106' AND household = '$DUP440106'")
row=$(psql_q "SELECT pe.household || ' ' || encode(pe.pseudonym, 'hex') FROM person pe JOIN payment p ON p.county = pe.county AND p.household = pe.household WHERE pe.county = '440104' ORDER BY 1 LIMIT 1")
fake_hh=${row% *} fake_ps=${row#* }
psql_q "UPDATE person SET pseudonym = '\\x$dup_ps' WHERE county = '440104' AND household = '$fake_hh' AND pseudonym = '\\x$fake_ps'" > /dev/null
run county 440104 feed --to "$PG_URL"
expect_rc 0 "feed 440104 with a finding that does not check out"
expect_err "household $fake_hh: none of its members is the person the province found; not flagged" "... the household is named, and nothing flagged"
expect_out "same month: 0; new flags for review: 0" "... no flag raised"
expect_out "do not check out here \\(named above\\), not flagged: 2" "... and the findings counted as not checking out (the person is paid in two counties)"
psql_q "UPDATE person SET pseudonym = '\\x$fake_ps' WHERE county = '440104' AND household = '$fake_hh' AND pseudonym = '\\x$dup_ps'" > /dev/null

# ---- the feed beside serve: --every ---------------------------------------------------
printf '{"region":"440105","address":"海珠区新港路1号","members":[{"name":"郑新来","id_number":"%s","relation":"head","categories":[],"able_to_work":false,"incomes":[]}],"assets":{"financial":"0","vehicles":[],"homes":1}}\n' \
	"$(id18 44010519500101001)" > "$T/new.json"
step "a new household at 440105" laptop 440105 household add --json "$T/new.json"
rm -rf "$T/usb440105"; mkdir -p "$T/usb440105"
step "export" laptop 440105 sync export --to "$T/usb440105"
step "import" county 440105 import "$T/usb440105"
before=$(psql_q "SELECT count(*) FROM inbox WHERE county = '440105'")
DOORSTEP_PASSPHRASE_FILE="$CP" "$C" feed --data "$T/c440105" --to "$PG_URL" --every 1 > "$T/every.out" 2>&1 &
epid=$!
i=0
while [ $i -lt 100 ]; do
	[ "$(grep -c 'records sent' "$T/every.out")" -ge 2 ] && break
	sleep 0.1
	i=$((i + 1))
done
kill $epid 2> /dev/null
wait $epid 2> /dev/null
after=$(psql_q "SELECT count(*) FROM inbox WHERE county = '440105'")
[ "$after" -gt "$before" ] && [ "$(grep -c 'records sent' "$T/every.out")" -ge 2 ] \
	&& ok "feed --every: the new events sent, then round after round" || fail "--every: $before -> $after: $(cat "$T/every.out")"

# ---- a withdrawal: the province's list equals the county's ------------------------------
LP2=$(passfile pass-li "li supervises 440104")
export DOORSTEP_TODAY=2026-11-06
as_a() { DOORSTEP_STORE="$T/l440104" DOORSTEP_USER=a440104 DOORSTEP_PASSPHRASE_FILE="$LP" "$D" "$@"; }
as_li() { DOORSTEP_STORE="$T/l440104" DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LP2" "$D" "$@"; }
DOORSTEP_NEW_PASSPHRASE_FILE="$LP2" step "a supervisor on 440104's laptop" laptop 440104 user add li --role supervisor
step "li enrolled" county 440104 enroll --device-key "$T/l440104.key" --user li --role supervisor --area 440104
WID=$(id18 44010419700101001)
printf '{"region":"440104","address":"越秀区东风路1号","members":[{"name":"王渐退","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":[]}],"assets":{"financial":"500","vehicles":[],"homes":1},"receiving":{"allowance":"1165","since":"2025-06"}}\n' \
	"$WID" > "$T/wd1.json"
step "a household receiving at 440104" as_a household add --json "$T/wd1.json"
WH=$(awk '{print $NF}' "$T/out" | tail -n 1)
printf '{"date":"2026-11-10","staff":["a440104","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-11-10"},"observations":"seen","members":[{"name":"王渐退","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":[{"source":"wages","monthly":"1400"}]}]}\n' \
	"$WID" "$WID" "$WID" > "$T/wd2.json"
export DOORSTEP_TODAY=2026-11-10
step "its visit: wages above the standard" as_a visit record "$WH" --json "$T/wd2.json"
step "submitted" as_a review submit "$WH"
step "approved" as_li review approve "$WH"
export DOORSTEP_TODAY=2026-11-20
step "the notice over, the withdrawal begins" as_a household list
rm -rf "$T/usb440104"; mkdir -p "$T/usb440104"
step "export" as_a sync export --to "$T/usb440104"
step "import" county 440104 import "$T/usb440104"
step "feed" county 440104 feed --to "$PG_URL"
step "take" "$P" take --db "$PG_URL"
run county 440104 report ending --days 400 --json
wc_county=$(py "[(w['household'], w['last_month']) for w in j['withdrawals']]")
run "$P" report withdrawals --db "$PG_URL" --json
expect_rc 0 "report withdrawals --json"
wc_prov=$(py "[(w['household'], w['last_month']) for w in j['withdrawals'] if w['county'] == '440104']")
if [ "$wc_county" = "$wc_prov" ] && [ "$wc_prov" != "[]" ]; then ok "the province's withdrawals of 440104 are the county's: $wc_prov"
else fail "withdrawals: county $wc_county, province $wc_prov"; fi
run "$P" report withdrawals --db "$PG_URL" --month 2026-12 --json
expect_py_w=$(py "len(j['withdrawals'])")
[ "$expect_py_w" = 0 ] && ok "... none ending by 2026-12" || fail "ending by 2026-12: $expect_py_w"

# take --again: every record checked and projected once more, the same reports
rep() { for r in households duplicates withdrawals; do "$P" report $r --db "$PG_URL" --json; done | grep -v '"taken_at"'; }
rep > "$T/before.json"
run "$P" take --again --db "$PG_URL"
expect_rc 0 "take --again"
rep > "$T/after.json"
if cmp -s "$T/before.json" "$T/after.json" && [ -s "$T/after.json" ]; then ok "... the reports as they were"
else fail "take --again changed the reports: $(diff "$T/before.json" "$T/after.json" | head -5)"; fi
run "$P" take --again --every 5 --db "$PG_URL"
expect_rc 2 "--again with --every is wrong use"

# ---- appeals overdue; the budget summed over counties ------------------------------------
# each county's budget for 2026 as the county makes it, signed, and summed
for c in $COUNTIES; do
	step "feed $c" county $c feed --to "$PG_URL"
done
got=$(psql_q "SELECT county || ' ' || count(*) || ' ' || min(as_of) || ' ' || bool_and(log_seq > 0) FROM budget WHERE year = 2026 GROUP BY county ORDER BY county" | tr '\n' ,)
[ "$got" = "440104 12 2026-11-20 true,440105 12 2026-11-20 true,440106 12 2026-11-20 true," ] \
	&& ok "each county's feed sent its budget for 2026 made today, a row a month" || fail "budget rows: $got"
r1=$(psql_q "SELECT max(received) FROM budget WHERE county = '440105'")
run county 440105 feed --to "$PG_URL"
if [ $rc = 0 ] && ! grep -q "budget" "$T/out" && [ "$(psql_q "SELECT max(received) FROM budget WHERE county = '440105'")" = "$r1" ]; then
	ok "fed again, its log and day as they were: the budget is not made again"
else fail "the budget sent again: exit $rc: $(cat "$T/out")"; fi
run "$P" report budget --db "$PG_URL" --year 2026 --json
expect_rc 0 "report budget --year 2026 --json"
cp "$T/out" "$T/pbudget.json"
for c in $COUNTIES; do
	run county $c budget --year 2026 --json
	cp "$T/out" "$T/cbudget$c.json"
done
got=$(python3 -c "
import json, sys
p = json.load(open(sys.argv[1]))
fen = lambda s: int(s.replace('.', ''))
out = []
sums = [[0, 0] for _ in range(12)]
for c in sys.argv[2:]:
    k = json.load(open(sys.argv[1].replace('pbudget', 'cbudget' + c)))
    pc = [x for x in p['counties'] if x['county'] == c][0]
    out.append(pc['months'] == k['months'] and pc['complete'] and pc['as_of'] == k['as_of'] and pc['policy'] == k['policy'])
    for i, m in enumerate(k['months']):
        sums[i][m['kind'] != 'actual'] += fen(m['amount'])
kinds = sorted(set(m['kind'] for x in p['counties'] for m in x['months']))
print(out, [[fen(m['paid']), fen(m['projected'])] for m in p['months']] == sums,
      fen(p['total']) == sum(a + b for a, b in sums), kinds, p['missing'], p['refused'])
" "$T/pbudget.json" $COUNTIES)
[ "$got" = "[True, True, True] True True ['actual', 'projected'] ['440111'] []" ] \
	&& ok "the province's budget for 2026 is each county's own month by month, the sum is the sum, 440111 named as having none" \
	|| fail "budget: $got"
run "$P" report budget --db "$PG_URL" --year 2026
expect_rc 0 "report budget as text"
expect_out "^Budget for 2026 summed over 3 counties" "... the sum over counties"
expect_out "^Counties with no budget for 2026: 440111$" "... and the county with none named"
psql_q "UPDATE budget SET amount_fen = amount_fen + 100 WHERE county = '440106' AND year = 2026 AND month = 11" > /dev/null
run "$P" report budget --db "$PG_URL" --year 2026 --json
expect_rc 4 "a budget row altered in the database is refused"
expect_err "^doorstep-province: county 440106, budget 2026-11: the row's signature does not verify" "... named: county and month"
[ "$(grep -c . "$T/err")" = 1 ] && ok "... in one line" || fail "stderr: $(cat "$T/err")"
got=$(py "(j['refused'], [(c['county'], len(c['months']), c['complete']) for c in j['counties'] if c['county'] == '440106'])")
[ "$got" = "([{'county': '440106', 'month': '2026-11'}], [('440106', 11, False)])" ] \
	&& ok "... and left out: 440106 has eleven months" || fail "after the row altered: $got"
step "440106 feeds again" county 440106 feed --to "$PG_URL"
expect_out "^County 440106: its budget for 2026" "... the feed finds its row no longer verifies and sends the budget again"
run "$P" report budget --db "$PG_URL" --year 2026 --json
expect_rc 0 "... and the report takes it"
run "$P" report budget --db "$PG_URL"
expect_rc 2 "report budget without --year is wrong use"
expect_err "^doorstep-province: --year: is needed" "... one line naming --year"
run "$P" report budget --db "$PG_URL" --year 20x6
expect_rc 2 "report budget --year 20x6 is wrong use"
expect_err "^doorstep-province: --year: must be a year" "... one line naming --year"
run "$P" report households --db "$PG_URL" --year 2026
expect_rc 2 "--year with another report is wrong use"

# the withdrawal of 440104 appealed on 2026-11-20: due to be decided by
# 2026-12-20, so overdue on 2026-12-28, at the county as at the province
step "the withdrawal appealed" as_a appeal file "$WH" --reason "the wages were for one month only" --received 2026-11-20
rm -rf "$T/usb440104"; mkdir -p "$T/usb440104"
step "export" as_a sync export --to "$T/usb440104"
step "import" county 440104 import "$T/usb440104"
export DOORSTEP_TODAY=2026-12-28
step "feed" county 440104 feed --to "$PG_URL"
step "take" "$P" take --db "$PG_URL"
run county 440104 report waiting --json
ap_county=$(py "[(w['household'], w['received'], w['due']) for w in j['items'] if w['kind'] == 'appeal' and w['overdue']]")
run "$P" report appeals --db "$PG_URL" --json
expect_rc 0 "report appeals --json"
ap_prov=$(py "[(a['household'], a['received'], a['deadline']) for a in j['appeals'] if a['county'] == '440104']")
if [ "$ap_county" = "$ap_prov" ] && [ "$ap_prov" = "[('$WH', '2026-11-20', '2026-12-20')]" ]; then
	ok "the province's overdue appeals of 440104 are the county's: $ap_prov"
else fail "appeals overdue: county $ap_county, province $ap_prov"; fi
got=$(py "([a['days_overdue'] for a in j['appeals']], [(c['county'], c['overdue']) for c in j['counties']])")
[ "$got" = "([8], [('440104', 1), ('440105', 0), ('440106', 0), ('440111', 0)])" ] \
	&& ok "... 8 days overdue, counted per county" || fail "appeals: $got"
run "$P" report appeals --db "$PG_URL"
expect_rc 0 "report appeals as text"
expect_out "^    $WH  received 2026-11-20  due 2026-12-20  8 days overdue" "... a line for the appeal under its county"
run env DOORSTEP_TODAY=2026-12-20 "$P" report appeals --db "$PG_URL" --json
got=$(py "len(j['appeals'])")
[ "$got" = 0 ] && ok "... not overdue on its deadline's day" || fail "on 2026-12-20: $got overdue"
# decided by a reviewer at the laptop: off the county's list and the province's
LP3=$(passfile pass-zhao "zhao reviews appeals at 440104")
as_zhao() { DOORSTEP_STORE="$T/l440104" DOORSTEP_USER=zhao DOORSTEP_PASSPHRASE_FILE="$LP3" "$D" "$@"; }
DOORSTEP_NEW_PASSPHRASE_FILE="$LP3" step "a reviewer on 440104's laptop" as_a user add zhao --role reviewer
step "zhao enrolled" county 440104 enroll --device-key "$T/l440104.key" --user zhao --role reviewer --area 440104
step "the appeal decided: upheld" as_zhao appeal decide "$WH" uphold --reason "the wages are regular"
rm -rf "$T/usb440104"; mkdir -p "$T/usb440104"
step "export" as_a sync export --to "$T/usb440104"
step "import" county 440104 import "$T/usb440104"
step "feed" county 440104 feed --to "$PG_URL"
step "take" "$P" take --db "$PG_URL"
run county 440104 report waiting --json
ap_county=$(py "[w['household'] for w in j['items'] if w['kind'] == 'appeal']")
run "$P" report appeals --db "$PG_URL" --json
got=$(py "(j['appeals'], [c['overdue'] for c in j['counties'] if c['county'] == '440104'])")
[ "$ap_county" = "[]" ] && [ "$got" = "([], [0])" ] && ok "the appeal decided: on neither list" \
	|| fail "after the decision: county $ap_county, province $got"

# ---- nothing personal at the province ---------------------------------------------------
python3 -c "
import json, sys
areas = set()
out = set()
for f in sys.argv[1:]:
    for line in open(f, encoding='utf-8'):
        h = json.loads(line)
        for k in ('township', 'village'):
            if h.get(k): areas.add(h[k]['name'])
        out.add(h['address'])
        if h.get('payee'):
            out.add(h['payee']['name']); out.add(h['payee']['account'])
        for m in h['members']:
            out.add(m['name']); out.add(m['id_number'])
# a name that is part of an area's name (which the province may see) is no test
out = {s for s in out if s and not any(s in a for a in areas)}
print('\n'.join(sorted(out)))
" "$T"/hh*.jsonl "$T/new.json" "$T"/dup*.json "$T/wd1.json" > "$T/secrets"
n=$(wc -l < "$T/secrets")
"$PGBIN/pg_dump" -h "$PGT" -U doorstep province > "$T/dump.sql"
if [ "$n" -gt 200 ] && [ -s "$T/dump.sql" ] && ! grep -F -f "$T/secrets" "$T/dump.sql" > "$T/found"; then
	ok "no name, address, ID number or account of the test data in any table ($n strings, pg_dump)"
else fail "pg_dump holds test data ($n strings): $(head -c 300 "$T/found")"; fi
if ! grep -r -a -l -F -f "$T/secrets" "$PGDATA_DIR" > "$T/found"; then
	ok "... nor anywhere in the PostgreSQL data folder"
else fail "the data folder holds test data: $(head -c 300 "$T/found")"; fi
grep -q "$(sed -n 1p "$T/secrets")" "$T/hh440106.jsonl" "$T/hh440105.jsonl" "$T/hh440104.jsonl" "$T/new.json" \
	&& ok "(the strings looked for are the test data's)" || fail "the strings looked for are not the test data's"

finish
