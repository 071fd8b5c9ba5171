#!/bin/sh
# A laptop's and a county's stores written by doorstep at schema 2 (before
# rows carried MACs) are brought to schema 3, and on to 4 (the county's
# settings) and 5 (the office's accounts and log), on their first open (and
# stores of 6 to 10 on to 11: see the sections below): the households, the draft, the bundle
# waiting and the county's enrolment come through; the county's keys and
# address move from the file's meta into the log (an event); every check
# passes afterwards; the waiting bundle is taken by the migrated county;
# and an edit made to the old file before the upgrade is trusted once, but
# none after it.
. "$(dirname "$0")/lib.sh"
F="$(cd "$(dirname "$0")" && pwd)/fixtures/v2"
C="$BUILD/doorstep-county"
P="$TOOLS/sqlpoke"
LP=$(passfile pass-laptop "fixture laptop pass")
CP=$(passfile pass-county "fixture county pass")
mkdir -p "$T/laptop" "$T/county/store" "$T/usb"
chmod 700 "$T/laptop" "$T/county" "$T/county/store"
cp "$F/laptop.db" "$T/laptop/store.db"
cp "$F/county.db" "$T/county/store/store.db"
cp "$F/county.pub" "$T/county/county.pub"
cp "$F"/up-*.dsb "$T/usb/"
chmod 600 "$T/laptop/store.db" "$T/county/store/store.db"
export DOORSTEP_STORE="$T/laptop" DOORSTEP_PASSPHRASE_FILE="$LP"

[ "$("$P" "$T/laptop/store.db" query "pragma user_version")" = 2 ] && ok "the laptop's fixture is at schema 2" || fail "fixture not at schema 2"
run "$D" household list --json
expect_rc 0 "the first open migrates the laptop"
[ "$("$P" "$T/laptop/store.db" query "pragma user_version")" = 11 ] && ok "... to schema 11" || fail "not at schema 11"
[ "$("$P" "$T/laptop/store.db" query "select count(*) from summary")" = 3 ] && ok "... the caseload's summary of each of its 3 households made" || fail "summaries: $("$P" "$T/laptop/store.db" query "select count(*) from summary")"
[ "$(tr ',' '\n' < "$T/out" | grep -c '"id":')" -eq 3 ] && ok "... with its 3 households" || fail "households: $(cat "$T/out")"
run "$D" visit draft list
expect_out "^d[0-9a-z]+ " "... and its draft"
run "$D" sync status --json
expect_rc 0 "sync status"
tr -d ' \n' < "$T/out" | grep -q '"bundles_waiting":1' && ok "... the bundle waiting is still waiting" || fail "status: $(cat "$T/out")"
grep -q '0c1d47e77225e600' "$T/out" && ok "... for the county it was enrolled with" || fail "county key: $(cat "$T/out")"
[ -z "$("$P" "$T/laptop/store.db" query "select k from meta where k in ('county', 'server', 'epoch')")" ] \
	&& ok "the county's keys, its address and the epoch are no longer rows of meta" || fail "meta still holds them"
[ "$("$P" "$T/laptop/store.db" query "select count(*) from event where kind = 'device.enrolled'")" = 1 ] \
	&& ok "the enrolment is an event of the log" || fail "no enrolment event"
run "$D" audit verify
expect_rc 0 "audit verify of the migrated laptop"
run "$D" household list --json
expect_rc 0 "the second open changes nothing more"
run "$D" sync export --to "$T/usb2"
[ -d "$T/usb2" ] || { mkdir "$T/usb2"; run "$D" sync export --to "$T/usb2"; }
expect_rc 0 "sync export after the migration"
# bundle 2 as the old laptop made it, and bundle 3 with the enrolment event
cp "$T/usb2"/up-*.dsb "$T/usb/"

DOORSTEP_PASSPHRASE_FILE="$CP" run "$C" status --data "$T/county" --json
expect_rc 0 "the first open migrates the county"
grep -q '"user": "wang"' "$T/out" && ok "... wang's laptop is still enrolled" || fail "county status: $(cat "$T/out")"
DOORSTEP_PASSPHRASE_FILE="$CP" run "$C" import --data "$T/county" "$T/usb"
expect_rc 0 "the migrated county takes the bundles the old laptop made and the migrated one"
expect_out "000002.dsb: applied" "... bundle 2 applied"
expect_out "000003.dsb: applied" "... bundle 3 applied"
run "$D" sync import "$T/usb"
expect_rc 0 "the migrated laptop takes the county's receipt"
run "$D" sync status --json
tr -d ' \n' < "$T/out" | grep -q '"bundles_waiting":0' && ok "... nothing waits any more" || fail "status: $(cat "$T/out")"
DOORSTEP_STORE="$T/county/store" DOORSTEP_USER=county DOORSTEP_PASSPHRASE_FILE="$CP" run "$D" audit verify
expect_rc 0 "audit verify of the migrated county"

# ---- 6 -> 7: the summaries in the order the caseload reads them -----------------------------------
# A store of today put back in the layout schema 6 gave its summaries
# (keyed by household, with an index on the due date; no issued_roll, 8's, relief, 9's, nor household_class, 10's): its first open
# makes them again in the new order, and nothing else changes.
new_store six
run "$D" demo --households 40 --seed 9
"$P" "$DOORSTEP_STORE/store.db" query "select household || ' ' || due from summary order by household" > "$T/sum-before"
"$P" "$DOORSTEP_STORE/store.db" exec "CREATE TABLE s6 (household TEXT PRIMARY KEY, due TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, mac BLOB) WITHOUT ROWID; INSERT INTO s6 SELECT household, due, seq, data, mac FROM summary; DROP TABLE summary; ALTER TABLE s6 RENAME TO summary; CREATE INDEX summary_due ON summary(due, household); DROP TABLE issued_roll; DROP TABLE relief; DROP TABLE household_class; DELETE FROM meta WHERE k IN ('rows:issued_roll', 'rows:relief', 'rows:household_class'); DROP INDEX household_created; PRAGMA user_version = 6"
[ "$("$P" "$DOORSTEP_STORE/store.db" query "pragma user_version")" = 6 ] && ok "schema 6: a store with summaries keyed by household" || fail "not put back to 6"
run "$D" due --json
expect_rc 0 "schema 6: its first open migrates it"
"$P" "$DOORSTEP_STORE/store.db" query "select household || ' ' || due from summary order by household" > "$T/sum-after"
cmp -s "$T/sum-before" "$T/sum-after" && ok "... each household's summary due when it was" || fail "summaries changed: $(diff "$T/sum-before" "$T/sum-after" | head -5)"
[ "$("$P" "$DOORSTEP_STORE/store.db" query "pragma user_version")" = 11 ] && ok "... to schema 11" || fail "not at schema 11"
[ "$("$P" "$DOORSTEP_STORE/store.db" query "select count(*) from summary")" = 40 ] && ok "... a summary for each of its 40 households" || fail "summaries: $("$P" "$DOORSTEP_STORE/store.db" query "select count(*) from summary")"
"$P" "$DOORSTEP_STORE/store.db" query "EXPLAIN QUERY PLAN SELECT household, data FROM main.summary ORDER BY due, household" > "$T/plan"
grep -q "SCAN main.summary" "$T/plan" && ! grep -Eq "USING INDEX|TEMP B-TREE" "$T/plan" && ok "... read in the caseload's order by walking the table" || fail "the caseload's order is not the table's: $(cat "$T/plan")"
run "$D" audit verify
expect_rc 0 "... and it verifies"

# ---- 7 -> 8: the rolls kept as issued ------------------------------------------------------
# A store of today put back to schema 7 (no table of rolls kept as issued):
# its first open makes the table, empty (a roll issued before it is made
# again from the log when the province is fed), and it verifies.
new_store seven
run "$D" demo --households 10 --seed 4
"$P" "$DOORSTEP_STORE/store.db" exec "DROP TABLE issued_roll; DROP TABLE relief; DROP TABLE household_class; DELETE FROM meta WHERE k IN ('rows:issued_roll', 'rows:relief', 'rows:household_class'); DROP INDEX household_created; PRAGMA user_version = 7"
[ "$("$P" "$DOORSTEP_STORE/store.db" query "pragma user_version")" = 7 ] && ok "schema 7: a store without issued_roll" || fail "not put back to 7"
run "$D" household list --json
expect_rc 0 "schema 7: its first open migrates it"
[ "$("$P" "$DOORSTEP_STORE/store.db" query "pragma user_version")" = 11 ] && ok "... to schema 11" || fail "not at schema 11"
[ "$("$P" "$DOORSTEP_STORE/store.db" query "select count(*) from issued_roll")" = 0 ] && ok "... with an empty issued_roll" || fail "issued_roll: $("$P" "$DOORSTEP_STORE/store.db" query "select count(*) from issued_roll")"
run "$D" audit verify
expect_rc 0 "... and it verifies"

# ---- 8 -> 9: relief cases (temporary assistance) ----------------------------------------------
# A store of today put back to schema 8 (no relief table): its first open
# makes it, empty (no relief event can be older), and it verifies.
new_store eight
run "$D" demo --households 10 --seed 5
"$P" "$DOORSTEP_STORE/store.db" exec "DROP TABLE relief; DROP TABLE household_class; DELETE FROM meta WHERE k IN ('rows:relief', 'rows:household_class'); DROP INDEX household_created; PRAGMA user_version = 8"
[ "$("$P" "$DOORSTEP_STORE/store.db" query "pragma user_version")" = 8 ] && ok "schema 8: a store without relief" || fail "not put back to 8"
run "$D" household list --json
expect_rc 0 "schema 8: its first open migrates it"
[ "$("$P" "$DOORSTEP_STORE/store.db" query "pragma user_version")" = 11 ] && ok "... to schema 11" || fail "not at schema 11"
[ "$("$P" "$DOORSTEP_STORE/store.db" query "select count(*) from relief")" = 0 ] && ok "... with an empty relief table" || fail "relief: $("$P" "$DOORSTEP_STORE/store.db" query "select count(*) from relief")"
run "$D" audit verify
expect_rc 0 "... and it verifies"

# ---- 9 -> 10: the class of each household's latest assessment ----------------------------------
# A store of today, assessed, put back to schema 9 (no household_class):
# its first open makes each household's row from its latest assessment's
# body, and the caseload's summaries again; the counts by class are what
# they were, and it verifies.
new_store nine
run "$D" demo --households 20 --seed 6
"$D" assess --all > /dev/null 2>&1
"$D" household list --counts --json > "$T/counts-before"
"$P" "$DOORSTEP_STORE/store.db" query "select household || ' ' || seq || ' ' || class || ' ' || members || ' ' || covered from household_class order by household" > "$T/class-before"
[ -s "$T/class-before" ] && ok "schema 10: a class row a household assessed ($(wc -l < "$T/class-before"))" || fail "no class rows to migrate"
"$P" "$DOORSTEP_STORE/store.db" exec "DROP TABLE household_class; DELETE FROM meta WHERE k = 'rows:household_class'; DROP INDEX household_created; PRAGMA user_version = 9"
[ "$("$P" "$DOORSTEP_STORE/store.db" query "pragma user_version")" = 9 ] && ok "schema 9: a store without household_class" || fail "not put back to 9"
run "$D" household list --counts --json
expect_rc 0 "schema 9: its first open migrates it"
[ "$("$P" "$DOORSTEP_STORE/store.db" query "pragma user_version")" = 11 ] && ok "... to schema 11" || fail "not at schema 11"
"$P" "$DOORSTEP_STORE/store.db" query "select household || ' ' || seq || ' ' || class || ' ' || members || ' ' || covered from household_class order by household" > "$T/class-after"
cmp -s "$T/class-before" "$T/class-after" && ok "... each household's class made from its latest assessment" \
	|| fail "the class rows differ: $(diff "$T/class-before" "$T/class-after" | head -4 | tr '\n' ' ')"
cmp -s "$T/counts-before" "$T/out" && ok "... the counts by class as they were" || fail "counts: $(cat "$T/out")"
[ "$("$P" "$DOORSTEP_STORE/store.db" query "select count(*) from summary")" = 20 ] && ok "... a summary for each of its 20 households" || fail "summaries: $("$P" "$DOORSTEP_STORE/store.db" query "select count(*) from summary")"
run "$D" due --json
expect_rc 0 "... the caseload's summaries read"
run "$D" audit verify
expect_rc 0 "... and it verifies"

# ---- 10 -> 11: the households read in the order they were made from an index ------------------
# A store of today put back to schema 10 (no index on created_seq): its
# first open makes the index; the walk over every household reads it
# (no sort of every row) and lists them as before.
new_store ten
run "$D" demo --households 12 --seed 7
"$D" household list --json > "$T/list-before" 2>&1
"$P" "$DOORSTEP_STORE/store.db" exec "DROP INDEX household_created; PRAGMA user_version = 10"
[ "$("$P" "$DOORSTEP_STORE/store.db" query "select count(*) from sqlite_master where name = 'household_created'")" = 0 ] && ok "schema 10: a store without the index" || fail "index not dropped"
run "$D" household list --json
expect_rc 0 "schema 10: its first open migrates it"
[ "$("$P" "$DOORSTEP_STORE/store.db" query "pragma user_version")" = 11 ] && ok "... to schema 11" || fail "not at schema 11"
[ "$("$P" "$DOORSTEP_STORE/store.db" query "select sql from sqlite_master where name = 'household_created'")" = "CREATE INDEX household_created ON household(created_seq)" ] && ok "... with the index on created_seq" || fail "no index: $("$P" "$DOORSTEP_STORE/store.db" query "select sql from sqlite_master where name = 'household_created'")"
# the walk's own statement (store/household.c store_household_walk, with
# the summaries): the order read from the index, nothing sorted
WALK="SELECT h.id, h.status, h.due, h.version, h.created_seq, h.updated_seq, h.data, h.mac, e.device, e.epoch, e.dseq, e.author, e.kind, e.entity, e.body, sm.due, sm.seq, sm.data FROM household h LEFT JOIN event e ON h.data IS NULL AND e.seq = h.created_seq AND e.entity = h.id AND e.kind = 'household.created' LEFT JOIN main.summary sm ON sm.household = h.id WHERE ?1 IS NULL OR NOT EXISTS (SELECT 1 FROM assignment a WHERE a.household = h.id AND a.user != ?1) ORDER BY h.created_seq"
"$P" "$DOORSTEP_STORE/store.db" query "explain query plan $WALK" > "$T/plan"
grep -q "SCAN h USING INDEX household_created" "$T/plan" && ! grep -q "TEMP B-TREE" "$T/plan" && ok "... which the walk's order uses (no sort)" || fail "the walk's plan: $(tr '\n' ' ' < "$T/plan")"
cmp -s "$T/list-before" "$T/out" && ok "... the households listed as before, in the same order" || fail "the list differs: $(diff "$T/list-before" "$T/out" | head -4 | tr '\n' ' ')"
run "$D" audit verify
expect_rc 0 "... and it verifies"
export DOORSTEP_STORE="$T/laptop" DOORSTEP_PASSPHRASE_FILE="$LP"

# after the migration, the file's rows are under MACs
"$P" "$T/laptop/store.db" exec "update sync_out set refused = 'x' where number = 1"
run "$D" sync status
expect_rc 4 "an edit after the migration is refused"
finish
