#!/bin/sh
# t_payee.sh — the household facts a payment roll needs: the township and
# village under the region and who the allowance is paid to. A household
# file with them is added and shown with the account masked but for its
# last four digits (text, --json, the household page in the interface);
# a township of another region, a village of another township, a bad
# account or half a payee are refused in one line naming the field; an
# account failing its check digit is stored with a warning; the store
# holds no account in plaintext; at a visit the assistant corrects the
# township and gives a new account (refused in place when wrong, warned
# when its check digit fails). Real program, tmux at 80×24.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"

new_store payee wang assistant
WANG="correct horse battery payee"
HEAD=$(id18 44010619560707582)
OTHER=$(id18 44010619620101003)
THIRD=$(id18 44010619630202004)
GOOD=6221881234567892   # 622188123456789 completed by its Luhn check digit
LUHN_BAD=6221881234567890
NEWACCT=6228480402564890 # typed at the visit: fails the check digit

# hh ID NAME TOWNSHIP_CODE VILLAGE_CODE PAYEE_JSON: one household file.
hh() {
	cat <<EOF
{"region": "440106", "address": "石牌街道华师社区12号",
 "township": {"code": "$3", "name": "石牌街道"},
 "village": {"code": "$4", "name": "华师社区"},
 "payee": $5,
 "members": [{"name": "$2", "id_number": "$1", "relation": "head",
              "categories": [], "able_to_work": false, "incomes": []}],
 "assets": {"financial": "0", "vehicles": [], "homes": 1}}
EOF
}
payee() { printf '{"name": "%s", "bank": "%s", "account": "%s"}' "$1" "$2" "$3"; }

count() { "$D" household list --json | grep -c '"id"'; }

# ---- added and shown masked ---------------------------------------------------------
hh "$HEAD" 王秀英 440106010 440106010003 "$(payee 王秀英 邮储银行 $GOOD)" > "$T/h.json"
run "$D" household add --json "$T/h.json"
expect_rc 0 "a household with township, village and payee is added"
H1=$(tr -d '\n' < "$T/out")
if [ -s "$T/err" ]; then fail "an account passing its check digit warns: $(cat "$T/err")"
else ok "an account passing its check digit gives no warning"; fi

run "$D" household show "$H1"
expect_rc 0 "household show"
expect_out '^Township: 440106010 石牌街道$' "show gives the township, code and name"
expect_out '^Village or community: 440106010003 华师社区$' "... and the village"
expect_out '^Paid to 王秀英, 邮储银行, account \*\*\*\* \*\*\*\* \*\*\*\* 7892$' \
	"the account is masked but for its last four digits"
if grep -q "$GOOD\|12345678" "$T/out"; then fail "show prints the account: $(grep "$GOOD\|12345678" "$T/out")"
else ok "... and no more of it is printed"; fi

run "$D" household show "$H1" --json
expect_rc 0 "household show --json"
expect_out '"account": "\*\*\*\* \*\*\*\* \*\*\*\* 7892"' "show --json masks the account too"
expect_out '"code": "440106010003"' "show --json gives the village code"
if grep -q "$GOOD" "$T/out"; then fail "show --json prints the account"
else ok "... and not the account in full"; fi
run "$D" household show "$H1" --json --show-account
expect_rc 0 "household show --json --show-account"
expect_out "\"account\": \"$GOOD\"" "--show-account gives it in full, for the household file"

# ---- refused, naming the field, adding nothing --------------------------------------
before=$(count)
refused() { # FILE FIELD_ERE DESCRIPTION
	run "$D" household add --json "$1"
	expect_rc 1 "$3: refused"
	expect_err "^doorstep: $2: " "$3: the error names $2"
	[ "$(wc -l < "$T/err")" -eq 1 ] && ok "$3: in one line" || fail "$3: $(wc -l < "$T/err") lines"
}
hh "$OTHER" 李四 440107010 "" "$(payee 李四 农业银行 $GOOD)" > "$T/bad1.json"
refused "$T/bad1.json" 'township\.code' "a township of another region (440107...)"
expect_err 'beginning with the region 440106' "... saying what it must begin with"
hh "$OTHER" 李四 440106010 440106011003 "$(payee 李四 农业银行 $GOOD)" > "$T/bad2.json"
refused "$T/bad2.json" 'village\.code' "a village of another township"
hh "$OTHER" 李四 "" 440106010003 "$(payee 李四 农业银行 $GOOD)" > "$T/bad3.json"
refused "$T/bad3.json" 'village\.code' "a village without its township"
hh "$OTHER" 李四 440106010 "" "$(payee 李四 农业银行 62218812)" > "$T/bad4.json"
refused "$T/bad4.json" 'payee\.account' "an account of 8 digits"
hh "$OTHER" 李四 440106010 "" "$(payee 李四 农业银行 6221-8812-3456-7892)" > "$T/bad5.json"
refused "$T/bad5.json" 'payee\.account' "an account with dashes"
hh "$OTHER" 李四 440106010 "" "$(payee 李四 "" $GOOD)" > "$T/bad6.json"
refused "$T/bad6.json" 'payee\.bank' "a payee without a bank"
hh "$OTHER" 李四 440106010 "" '{"name": "李四", "bank": "农业银行", "acct": "1"}' > "$T/bad7.json"
refused "$T/bad7.json" 'payee\.acct' "an unknown field in payee"
[ "$(count)" -eq "$before" ] && ok "nothing refused was added" || fail "the caseload grew from $before to $(count)"

# ---- a failed check digit: stored, with a warning -----------------------------------
hh "$OTHER" 李四 440106010 "" "$(payee 李四 农业银行 $LUHN_BAD)" > "$T/luhn.json"
run "$D" household add --json "$T/luhn.json"
expect_rc 0 "an account failing its check digit is still added"
H2=$(tr -d '\n' < "$T/out")
expect_err '^doorstep: warning: .*payee\.account: the check digit does not match' \
	"... with a warning naming payee.account"
run "$D" household show "$H2"
expect_out '\*\*\*\* 7890$' "it is stored, shown masked"
expect_out "check digit does not match" "show repeats the warning"
run "$D" household show "$H2" --json --show-account
expect_out "\"account\": \"$LUHN_BAD\"" "the account is stored as given"
hh "$THIRD" 赵五 440106010 "" "$(payee 赵五 农商银行 $LUHN_BAD)" > "$T/imp.jsonl"
tr -d '\n' < "$T/imp.jsonl" > "$T/imp1.jsonl"
echo >> "$T/imp1.jsonl"
run "$D" household import --jsonl "$T/imp1.jsonl"
expect_rc 0 "an import with such an account"
expect_err "imp1\.jsonl:1: payee\.account: the check digit" "... warns, naming the line and the field"

# ---- nothing in plaintext on disk ---------------------------------------------------
found=""
for f in $(cd "$DOORSTEP_STORE" && find . -type f); do
	for s in "$GOOD" "$LUHN_BAD" 1234567892 邮储银行 农业银行 华师社区 440106010003; do
		n=$(LC_ALL=C grep -a -c -F -- "$s" "$DOORSTEP_STORE/$f")
		[ "$n" -gt 0 ] && found="$found $f:$s"
	done
done
# the search itself works on a plaintext copy
n=$(LC_ALL=C grep -a -c -F -- "$GOOD" "$T/h.json")
if [ "$n" -gt 0 ] && [ -z "$found" ]; then ok "no account, bank or village in plaintext in the store"
else fail "plaintext in the store:$found (control: $n)"; fi

# ---- the interface: the household page and a visit ---------------------------------
start w 80 24
unlock w wang "$WANG"
keys w /
type_text w "王秀英"
keys w Enter Enter
see w "^Household 王秀英 — $H1" "the household page opens"
screen_has '^Township: 石牌街道 440106010; village or community: 华师社区 440106010003' \
	"the page gives the township and village"
screen_has '^Paid to 王秀英, 邮储银行, account \*\*\*\* \*\*\*\* \*\*\*\* 7892$' \
	"the account is masked on the page"
screen_lacks "$GOOD|12345678" "no more of it is shown"
keys w V
see w "step 1 of 9: Arrival" "V starts a visit"
keys w Tab
type_text w "li"
keys w Enter
see w "step 2 of 9" "step 2"
keys w Space Enter
see w "step 3 of 9" "step 3"
keys w Tab
see w "step 4 of 9: Health and support" "step 4: the facts at the door"
keys w Enter
see w "step 5 of 9: The home" "step 5: the home"
screen_has '^Township code +440106010 *$' "the township code on file is in its field"
screen_has '^Village name +华师社区 *$' "... and the village name"
keys w Tab
keys w C-u
type_text w "440107010"
keys w Enter
see w '^ +a township code has 9 digits beginning with the' \
	"a township of another region is refused in place, under its field"
screen_has '^ +region 440106$' "... the message going on to a second row"
screen_has "step 5 of 9" "... and the visit stays on step 5"
keys w C-u
type_text w "440106011"
keys w Tab
keys w C-u
type_text w "五山街道"
keys w Enter
see w '^ +a village code has 12 digits beginning with the' \
	"the village, now under another township, is refused in place"
screen_has '^ +township 440106011$' "... naming the township it must be under"
keys w C-u
type_text w "440106011002"
keys w Tab
keys w C-u
type_text w "茶山社区"
keys w Enter
see w "step 6 of 9: Assets" "with the village corrected too, on to step 6"
keys w Enter
see w "step 7 of 9: Bills and statements" "step 7: bills and statements"
screen_has '^Paid to +王秀英 *$' "the payee's name on file"
screen_has '^Account number *$' "the account field is empty"
screen_has '^ +on file: \*\*\*\* \*\*\*\* \*\*\*\* 7892; type a new number' \
	"... with the account on file under it, masked"
screen_lacks "$GOOD" "the account on file is not shown whole"
keys w Tab Tab Tab Tab
type_text w "12345"
keys w Enter
see w 'an account number is 10 to 30 digits' "a short account is refused in place"
keys w C-u
type_text w "$NEWACCT"
see w 'warning: the check digit does not match' "a failing check digit shows a warning as it is typed"
keys w Enter
see w "step 8 of 9" "the warning does not refuse: on to step 8"
screen_has "check digit does not match: it is kept as typed" "the warning is said once more as the step is left"
type_text w "老人行动不便"
keys w Enter
see w "step 9 of 9" "step 9"
keys w Enter
see w "— recorded" "the visit is recorded"
screen_has '^  township: 石牌街道 440106010 → 五山街道 440106011$' "what changed: the township"
screen_has '^  village or community: 华师社区 440106010003 → 茶山社区 440106011002$' "... the village"
screen_has '^  account: \*\*\*\* \*\*\*\* \*\*\*\* 7892 → \*\*\*\* \*\*\*\* \*\*\*\* 4890$' \
	"... and the account, masked before and after"
screen_lacks "$NEWACCT|$GOOD" "no account is shown whole"
w=$(LC_ALL=C.UTF-8 wc -L < "$T/screen")
[ "$w" -le 80 ] && ok "every line fits 80 columns" || fail "a line is $w columns wide"
keys w q
see w "^Household 王秀英" "back on the household page"
see w 'Township: 五山街道 440106011; village or community: 茶山社区 440106011002' \
	"the page shows the township and village found at the visit"
see w 'account \*\*\*\* \*\*\*\* \*\*\*\* 4890$' "... and the new account, masked"
keys w Q
exited w "Q leaves"

run "$D" household show "$H1" --json --show-account
expect_out "\"account\": \"$NEWACCT\"" "the new account is stored"
expect_out '"code": "440106011"' "... and the township"

# ---- in Chinese, at 80×24 --------------------------------------------------------------
start z 80 24 LANG=zh_CN.UTF-8
see z "^  wang 的口令：" "zh: the passphrase asked for"
type_text z "$WANG"
keys z Enter
see z '^\? 帮助 ' "zh: the caseload"
keys z /
type_text z "李四"
keys z Enter Enter
see z "^家庭 李四 — $H2" "zh: 李四's household page"
screen_has '^乡镇（街道）：石牌街道 440106010；村（社区）：华师社区$' \
	"zh: the township and village, in Chinese (a village named without its code)"
screen_has '^收款人 李四，农业银行，账号 \*\*\*\* \*\*\*\* \*\*\*\* 7890$' "zh: the payee, the account masked"
screen_has '^  账号校验位不符：请对照存折或银行卡核对$' "zh: the check digit's warning"
keys z V
see z "第 1 步" "zh: a visit starts"
keys z Tab
type_text z "li"
keys z Enter Space Enter Tab
see z "第 4 步，共 9 步：残疾、疾病与赡养" "zh: after the members, the facts at the door"
keys z Enter
see z "^乡镇（街道）代码 +440106010 *$" "zh: the home step asks for the township code"
keys z Enter Enter
see z "^收款人 +李四 *$" "zh: the bills step has the payee"
screen_has "^开户银行 +农业银行 *$" "zh: ... the bank"
screen_has "^账号 *$" "zh: ... and an empty account field"
screen_has "已登记：\*\*\*\* \*\*\*\* \*\*\*\* 7890" "zh: the account on file, masked"
w=$(LC_ALL=C.UTF-8 wc -L < "$T/screen")
[ "$w" -le 80 ] && ok "zh: every line fits 80 columns" || { fail "zh: a line is $w columns wide"; dump; }
keys z Escape
keys z Q

# a visit recorded from a file that gives an account failing its check
# digit: stored, with the same warning as household add
printf '{"date":"2026-12-01","staff":["wang","zhou"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-12-01"},"observations":"seen","payee":{"name":"王秀英","bank":"邮储银行","account":"%s"}}\n' \
	"$HEAD" "$HEAD" "$LUHN_BAD" > "$T/vcli.json"
DOORSTEP_TODAY=2026-12-01 run "$D" visit record "$H1" --json "$T/vcli.json"
expect_rc 0 "a visit recorded from a file with a doubtful account"
expect_err "warning: .*vcli.json: payee.account: the check digit does not match" "... warns, naming the file and the field"
run "$D" household show "$H1"
expect_out "account \*\*\*\* \*\*\*\* \*\*\*\* 7890" "... and the account is the one the visit gave"

# an import of many households names the first ten doubtful accounts by
# line and counts the rest (a county's file may hold thousands)
run "$D" demo --households 300 --seed 7 --jsonl "$T/many.jsonl"
expect_rc 0 "300 demo households written"
n=$(python3 -c "
import json, sys
def luhn(d):
    t = 0
    for i, c in enumerate(reversed(d)):
        k = int(c) * (2 if i % 2 else 1)
        t += k - 9 if k > 9 else k
    return t % 10 == 0
print(sum(1 for l in open(sys.argv[1]) if not luhn(json.loads(l)['payee']['account'])))" "$T/many.jsonl")
new_store many wang assistant
run "$D" household import --jsonl "$T/many.jsonl"
expect_rc 0 "the 300 imported"
[ "$(grep -c 'payee.account: the check digit does not match' "$T/err")" = 10 ] \
	&& ok "ten doubtful accounts named by line" || fail "named: $(grep -c 'check digit' "$T/err")"
expect_err "$((n - 10)) more accounts' check digits do not match" "... and the other $((n - 10)) counted"

finish
