#!/bin/sh
# crosscheck import and list: a bank extract in GB18030 with its BOM and
# CRLF raises a flag seen in `crosscheck list` and in the assessment; a
# broken row imports nothing and is named; --skip-invalid imports the rest;
# the same file again changes nothing; rows of people outside the caseload
# leave no trace on disk; the household's page (tmux, 80×24, vt100) says
# the flag in words, in English and in Chinese.
. "$(dirname "$0")/lib.sh"
FX="$(cd "$(dirname "$0")" && pwd)/fixtures"

# Two households: A (王秀英 and 李建国, a pension of 1,200.00, one home, no
# vehicle) and B (张伟, wages of 2,000.00, one home, an exempt tricycle).
new_store s
cat > "$T/a.json" <<'EOF'
{"region": "440106", "address": "天河区石牌街道华师社区12号",
 "members": [{"name": "王秀英", "id_number": "440106195003120023", "relation": "head",
              "categories": ["elderly"], "able_to_work": false,
              "incomes": [{"source": "pension", "monthly": "1200.00"}]},
             {"name": "李建国", "id_number": "440106195206010019", "relation": "spouse",
              "categories": ["elderly"], "able_to_work": false, "incomes": []}],
 "assets": {"financial": "3000.00", "vehicles": [], "homes": 1}}
EOF
cat > "$T/b.json" <<'EOF'
{"region": "440106", "address": "天河区石牌街道华师社区13号",
 "members": [{"name": "张伟", "id_number": "440106198008080036", "relation": "head",
              "categories": [], "able_to_work": true,
              "incomes": [{"source": "wages", "monthly": "2000.00"}]}],
 "assets": {"financial": "1000.00",
            "vehicles": [{"description": "电动三轮车", "exempt": true}], "homes": 1}}
EOF
A=$("$D" household add --json "$T/a.json") || fail "household A"
B=$("$D" household add --json "$T/b.json") || fail "household B"
STRANGER=440106199003030050

# ---- the fixtures: UTF-8 sources in tests/e2e/fixtures, encoded here -------
# bank: GB18030, its BOM (84 31 95 33) and CRLF line ends.
{ printf '\204\061\225\063'; sed 's/$/\r/' "$FX/crosscheck-bank.csv" | iconv -f UTF-8 -t GB18030; } > "$T/bank.csv"
head -c 4 "$T/bank.csv" | od -An -tx1 | grep -q '84 31 95 33' && ok "the bank extract starts with the GB18030 BOM" \
	|| fail "the bank extract has no GB18030 BOM"
[ "$(tr -cd '\r' < "$T/bank.csv" | wc -c)" -eq 6 ] && ok "the bank extract has CRLF line ends" \
	|| fail "the bank extract has no CRLF line ends"
iconv -f UTF-8 -t UTF-8 < "$T/bank.csv" > /dev/null 2>&1 && fail "the bank extract is valid UTF-8" \
	|| ok "the bank extract is not UTF-8"
# property: GB18030 without a BOM, LF.
iconv -f UTF-8 -t GB18030 < "$FX/crosscheck-property.csv" > "$T/property.csv"
# vehicle: UTF-8, LF, a broken ID number on line 4.
cp "$FX/crosscheck-vehicle.csv" "$T/vehicle.csv"

# ---- bank ------------------------------------------------------------------------
run "$D" crosscheck import --source bank "$T/bank.csv"
expect_rc 0 "bank extract in GB18030 with a BOM and CRLF"
expect_out "gb18030" "the encoding was detected"
expect_out "Rows read: 4;" "it counts the rows (one spans two lines)"
expect_out "kept, of people in the caseload: 3 \\(households: 2\\)" "the rows of the caseload are kept"
expect_out "not kept, of others: 1\\." "the stranger's row is not"
expect_out "Flags raised: 1\\." "one flag"

run "$D" crosscheck list
expect_rc 0 "crosscheck list"
expect_out "^$A  王秀英 .*bank.*: bank\.csv:2,3: " "the flag names the household, its head, the rule and the lines"
expect_out "9000\.00" "and the average inflow"
[ "$(grep -c "^$A" "$T/out")" -eq 1 ] && ok "one line for the flag" || fail "flag lines: $(cat "$T/out")"
grep -q "^$B" "$T/out" && fail "household B was flagged" || ok "household B, within its income, is not flagged"

run "$D" crosscheck list --json
expect_rc 0 "crosscheck list --json"
expect_out "\"household\":\"$A\"" "JSON names the household"
expect_out '"rule":"bank_inflow"' "the rule id"
expect_out '"file":"bank.csv"' "the file"
expect_out '"line":2,' "the lines"
expect_out '"value":"9000.00"' "the values"
expect_out '"开户行":"建设银行, 天河支行"' "extra columns, converted from GB18030, as evidence"
expect_out '"declared_income":"1200.00"' "the declared income it compared with"
expect_out '"standard_times_members":"2330.00"' "and S x n"
grep -q "$STRANGER" "$T/out" && fail "the stranger is in the list" || ok "the stranger is not in the list"

# The flag reaches the assessment (store/assess.c calls store_crosscheck_flags).
run "$D" assess "$A" --json --dry-run
expect_rc 0 "assess A"
expect_out '"rule": ?"bank_inflow"' "the assessment's flags hold the cross-check flag"
expect_out '"eligible": ?true' "and the flag alone refuses nothing"
# and to assess --all, which reads the households flagged in one pass
# (store/assess.c): A's recorded assessment holds the flag, B's none
run "$D" assess --all --json
expect_rc 0 "assess --all, recorded"
grep "\"household\":\"$A\"" "$T/out" | grep -q '"rule":"bank_inflow"' && ok "assess --all: A's assessment holds the cross-check flag" || fail "assess --all lost A's flag: $(grep "$A" "$T/out" | head -c 300)"
grep "\"household\":\"$B\"" "$T/out" | grep -q '"bank_inflow"' && fail "assess --all flagged B" || ok "assess --all: B's holds none"

# ---- the same file again ---------------------------------------------------------
tree_sum "$DOORSTEP_STORE" > "$T/sum0"
run "$D" crosscheck import --source bank "$T/bank.csv"
expect_rc 0 "the same bank extract again"
expect_out "already imported, nothing changed" "it says so"
tree_sum "$DOORSTEP_STORE" > "$T/sum1"
cmp -s "$T/sum0" "$T/sum1" && ok "re-import: no byte of the store changed" || fail "re-import changed the store"
cp "$T/bank.csv" "$T/bank-copy.csv"
run "$D" crosscheck import --source bank "$T/bank-copy.csv"
expect_out "already imported" "the same content under another name is the same file"

# ---- a broken row ----------------------------------------------------------------
run "$D" crosscheck import --source vehicle "$T/vehicle.csv"
expect_rc 1 "a vehicle extract with a bad ID number on line 4"
expect_err "vehicle\.csv:4: id_number: the check character does not match" "the message names FILE:4:, the field and the reason"
[ "$(grep -c 'vehicle\.csv:4:' "$T/err")" -eq 1 ] && ok "one line for the bad row" || fail "stderr: $(cat "$T/err")"
expect_err "1 of 4 rows are invalid.*nothing was imported" "it says nothing was imported"
tree_sum "$DOORSTEP_STORE" > "$T/sum1"
cmp -s "$T/sum0" "$T/sum1" && ok "a broken row: no byte of the store changed" || fail "a broken row changed the store"

run "$D" crosscheck import --source vehicle "$T/vehicle.csv" --skip-invalid
expect_rc 0 "--skip-invalid imports the rest"
expect_err "vehicle\.csv:4: id_number:" "the skipped row is still named"
expect_out "kept, of people in the caseload: 3 \\(households: 2\\)" "the valid rows are kept"
expect_out "Flags raised: 2\\." "B registers two vehicles and declares one; A declares none"
run "$D" crosscheck list
expect_out "^$B .*vehicle.csv:2,3: vehicles registered: 2, declared: 1$" "B's undeclared vehicle"
expect_out "^$A .*vehicle.csv:5: vehicles registered: 1, declared: 0$" "A's undeclared vehicle"

# ---- property: GB18030 without a BOM -------------------------------------------------
run "$D" crosscheck import --source property "$T/property.csv"
expect_rc 0 "property extract in GB18030 without a BOM"
expect_out "gb18030" "detected without a BOM"
run "$D" crosscheck list
expect_out "^$A .*property.csv:2,3,4: properties registered: 2, homes declared: 1$" "a home owned by two members counts once; the other is undeclared"
[ "$(grep -c '^[0-9a-z]\{12\}  ' "$T/out")" -eq 4 ] && ok "four flags in all" || fail "flags: $(cat "$T/out")"

# ---- files refused -------------------------------------------------------------------
run "$D" crosscheck import --source bank "$T/none.csv"
expect_rc 1 "a missing file"
expect_err "none\.csv: cannot open the file" "named"
[ "$(wc -l < "$T/err")" -eq 1 ] && ok "in one line" || fail "stderr: $(cat "$T/err")"
: > "$T/empty.csv"
run "$D" crosscheck import --source bank "$T/empty.csv"
expect_rc 1 "an empty file"
expect_err "empty\.csv: the file is empty" "named"
[ "$(wc -l < "$T/err")" -eq 1 ] && ok "in one line" || fail "stderr: $(cat "$T/err")"
printf 'name,period,value\r\nx,2026-05,1\r\n' > "$T/nohead.csv"
run "$D" crosscheck import --source bank "$T/nohead.csv"
expect_rc 1 "a header without id_number"
expect_err "nohead\.csv:1: the header row has no id_number column" "named"
[ "$(wc -l < "$T/err")" -eq 1 ] && ok "in one line" || fail "stderr: $(cat "$T/err")"
run "$D" crosscheck import --source bank "$T/property.csv"
expect_rc 1 "a property extract given as bank"
expect_err "the header row has no period column" "the missing column is named"
printf 'id_number,period,value\n"%s,2026-05,1\n' 440106198008080036 > "$T/quote.csv"
run "$D" crosscheck import --source bank "$T/quote.csv"
expect_rc 1 "a quote never closed"
expect_err "quote\.csv:2: a quoted field" "its line is named"
run "$D" crosscheck import --source wood "$T/bank.csv"
expect_rc 2 "an unknown source"
run "$D" crosscheck import "$T/bank.csv"
expect_rc 2 "no source"
tree_sum "$DOORSTEP_STORE" > "$T/sum2"
run "$D" crosscheck list
cp "$T/out" "$T/list-before"

# ---- nothing of the stranger on disk --------------------------------------------------
# Bytes, in UTF-8 and in GB18030, whatever the locale.
on_disk() { LC_ALL=C grep -rqaF -e "$1" -e "$(printf '%s' "$1" | iconv -f UTF-8 -t GB18030)" "$DOORSTEP_STORE"; }
on_disk "$A" && ok "(the search finds what is there: a household id)" || fail "the search finds nothing"
if on_disk "$STRANGER"; then fail "the stranger's ID number is on disk"
else ok "the stranger's ID number is nowhere on disk"; fi
if on_disk "陌生人甲"; then fail "the stranger's name is on disk"
else ok "the stranger's name is nowhere on disk"; fi
if on_disk "江南大道" || on_disk "石牌分理处"; then fail "the stranger's property or bank is on disk"
else ok "the stranger's property and bank are nowhere on disk"; fi
# ... and what is kept is sealed.
if on_disk 440106195003120023 || on_disk "天河支行" || on_disk "粤A88888"; then
	fail "kept rows are on disk in plaintext"
else ok "kept rows are sealed"; fi

# ---- the log ----------------------------------------------------------------------------
run "$D" audit verify
expect_rc 0 "audit verify"
run "$D" store rebuild
expect_rc 0 "store rebuild"
run "$D" crosscheck list
cmp -s "$T/out" "$T/list-before" && ok "the flags are the same after a rebuild" \
	|| fail "the flags changed in the rebuild: $(diff "$T/list-before" "$T/out")"
run "$D" audit verify
expect_rc 0 "audit verify after the rebuild"

# ---- the household's page: the flag in words ------------------------------------------
. "$(dirname "$0")/tui_lib.sh"
for lang in en zh; do
	case $lang in
	en) start page$lang 80 24 TERM=vt100; words='^  bank inflows above declared income: bank\.csv:2,3: inflows average 9000\.00' ;;
	*) start page$lang 80 24 TERM=vt100 LANGUAGE=zh_CN LANG=zh_CN.UTF-8; words="^  银行入账高于申报收入：bank\\.csv:2,3" ;;
	esac
	wait_for page$lang 'wang' > /dev/null || true
	type_text page$lang "correct horse battery s"
	keys page$lang Enter
	wait_for page$lang '王秀英' > /dev/null || true
	keys page$lang /
	type_text page$lang "王秀英"
	keys page$lang Enter Enter
	see page$lang "$words" "$lang: the household's page says the bank flag in words, with its lines and figures"
	keys page$lang Q
done

finish
